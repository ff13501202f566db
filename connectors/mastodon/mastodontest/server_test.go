package mastodontest_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/connectors/plaintext"
)

// call sends a request to the fake with its token.
func call(t *testing.T, s *mastodontest.Server, method, path string, form url.Values, header http.Header) (*http.Response, []byte) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.URL()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "Bearer "+s.Token())
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestIdempotencyKeyKeptForAnHour(t *testing.T) {
	s := mastodontest.Start(t)
	now := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	s.SetNow(func() time.Time { return now })
	post := func() string {
		resp, body := call(t, s, "POST", "/api/v1/statuses", url.Values{"status": {"Bonjour"}}, http.Header{"Idempotency-Key": {"k1"}})
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		var st struct{ ID string }
		json.Unmarshal(body, &st)
		return st.ID
	}
	first := post()
	now = now.Add(59 * time.Minute)
	if again := post(); again != first || len(s.Posts()) != 1 {
		t.Errorf("within the hour: %s, %d posts; want %s and 1", again, len(s.Posts()), first)
	}
	now = now.Add(2 * time.Minute)
	if later := post(); later == first || len(s.Posts()) != 2 {
		t.Errorf("after the hour: the key still answered the old status")
	}
}

func TestContentAsMastodonWritesIt(t *testing.T) {
	s := mastodontest.Start(t)
	text := "Voir https://www.example.org/agenda/2026/ateliers-velo-et-reparation et @alice@piaille.fr #relais <3\nligne 2\n\npara"
	resp, body := call(t, s, "POST", "/api/v1/statuses", url.Values{"status": {text}}, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var st struct{ Content string }
	json.Unmarshal(body, &st)
	want := `<p>Voir <a href="https://www.example.org/agenda/2026/ateliers-velo-et-reparation" target="_blank" rel="nofollow noopener" translate="no">` +
		`<span class="invisible">https://www.</span><span class="ellipsis">example.org/agenda/2026/atelie</span><span class="invisible">rs-velo-et-reparation</span></a>` +
		` et <span class="h-card" translate="no"><a href="https://piaille.fr/@alice" class="u-url mention">@<span>alice</span></a></span>` +
		` <a href="` + s.URL() + `/tags/relais" class="mention hashtag" rel="tag">#<span>relais</span></a> &lt;3<br />ligne 2</p><p>para</p>`
	if st.Content != want {
		t.Errorf("content\n got %s\nwant %s", st.Content, want)
	}
	if got := plaintext.FromHTML(st.Content); got != "Voir example.org/agenda/2026/atelie… et @alice #relais <3\nligne 2\n\npara" {
		t.Errorf("as plain text: %q", got)
	}
}

func TestNotificationPages(t *testing.T) {
	s := mastodontest.Start(t)
	for range 5 {
		s.Mention("alice", "hello")
	}
	s.Follow("bob")
	resp, body := call(t, s, "GET", "/api/v1/notifications?limit=2&types[]=mention", nil, nil)
	var page []struct{ ID, Type string }
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].ID != "99" || page[1].ID != "98" {
		t.Fatalf("latest page = %+v, want mentions 99 and 98, newest first", page)
	}
	link := resp.Header.Get("Link")
	if !strings.Contains(link, "max_id=98") || !strings.Contains(link, `rel="next"`) ||
		!strings.Contains(link, "min_id=99") || !strings.Contains(link, `rel="prev"`) || !strings.Contains(link, "types%5B%5D=mention") {
		t.Errorf("Link = %s", link)
	}
	_, body = call(t, s, "GET", "/api/v1/notifications?limit=2&min_id=95", nil, nil)
	json.Unmarshal(body, &page)
	if len(page) != 2 || page[0].ID != "97" || page[1].ID != "96" {
		t.Errorf("min_id page = %+v, want the two just after 95, newest first", page)
	}
	resp, _ = call(t, s, "GET", "/api/v1/notifications?min_id=100", nil, nil)
	if resp.Header.Get("Link") != "" {
		t.Errorf("an empty page has links")
	}
}

func TestFailuresAndAuth(t *testing.T) {
	s := mastodontest.Start(t)
	s.FailNext(conformance.OpRead, conformance.Failure{Truncate: true})
	s.Mention("alice", "x")
	_, body := call(t, s, "GET", "/api/v1/notifications", nil, nil)
	if json.Valid(body) || len(body) == 0 {
		t.Errorf("truncated answer %q", body)
	}
	s.FailNext(conformance.OpProfile, conformance.Failure{Status: 503, RetryAfter: "30", Message: "Maintenance"})
	resp, body := call(t, s, "GET", "/api/v1/accounts/verify_credentials", nil, nil)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "30" || string(body) != `{"error":"Maintenance"}` {
		t.Errorf("%d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	s.SetToken("other")
	resp, body = call(t, s, "GET", "/api/v1/accounts/verify_credentials", nil, http.Header{"Authorization": {"Bearer wrong"}})
	if resp.StatusCode != 401 || string(body) != `{"error":"The access token is invalid"}` {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

func TestOAuthChecksPKCE(t *testing.T) {
	s := mastodontest.Start(t)
	resp, body := call(t, s, "POST", "/api/v1/apps", url.Values{"client_name": {"Relais"}, "redirect_uris": {"http://127.0.0.1:9/callback"}, "scopes": {"read write"}}, nil)
	var ca struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if json.Unmarshal(body, &ca); resp.StatusCode != 200 || ca.ClientID == "" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	verifier := "a-verifier-of-enough-length-for-rfc-7636-000000000"
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {ca.ClientID}, "redirect_uri": {"http://127.0.0.1:9/callback"},
		"scope": {"read write"}, "state": {"st"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := noFollow.Get(s.URL() + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	back, _ := url.Parse(r.Header.Get("Location"))
	code := back.Query().Get("code")
	if r.StatusCode != http.StatusFound || code == "" || back.Query().Get("state") != "st" {
		t.Fatalf("authorize answered %d to %s", r.StatusCode, back)
	}
	exchange := func(v string) int {
		resp, _ := call(t, s, "POST", "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
			"client_id": {ca.ClientID}, "client_secret": {ca.ClientSecret}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "code_verifier": {v}}, nil)
		return resp.StatusCode
	}
	if st := exchange("wrong"); st != 400 {
		t.Errorf("a wrong verifier got %d, want 400", st)
	}
	if st := exchange(verifier); st != 200 {
		t.Errorf("the right verifier got %d, want 200", st)
	}
}

func TestServeStandalone(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := mastodontest.NewServer()
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	for deadline := time.Now().Add(5 * time.Second); s.URL() == ""; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Serve did not set the URL")
		}
	}
	if s.URL() != "http://"+ln.Addr().String() {
		t.Errorf("URL = %q, want the listener's", s.URL())
	}
	resp, body := call(t, s, "POST", "/api/v1/statuses", url.Values{"status": {"Depuis un programme"}}, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	r, err := http.Get(s.URL() + "/_test/posts")
	if err != nil {
		t.Fatal(err)
	}
	var posts []mastodontest.TestPost
	json.NewDecoder(r.Body).Decode(&posts)
	r.Body.Close()
	if len(posts) != 1 || posts[0].Text != "Depuis un programme" || posts[0].Visibility != "public" {
		t.Errorf("posts = %+v", posts)
	}
	ln.Close()
	if err := <-done; err == nil {
		t.Error("Serve ended without an error")
	}
}

func TestStreamingAsMastodonServesIt(t *testing.T) {
	s := mastodontest.Start(t)
	s.SetStreamingMode(mastodontest.StreamBoth)
	s.SetHeartbeat(10 * time.Millisecond)
	open := func(query string, header bool) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL()+"/api/v1/streaming/user"+query, nil)
		if header {
			req.Header.Set("Authorization", "Bearer "+s.Token())
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	// The token only counts in the header.
	if resp := open("?access_token="+s.Token(), false); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token in the URL: %d, want 401", resp.StatusCode)
	}
	resp := open("", true)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for s.Streams() != 1 {
		time.Sleep(time.Millisecond)
	}
	s.Mention("alice", "Bonjour")
	var got strings.Builder
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), "\n\n") || !strings.Contains(got.String(), ":thump\n") {
		n, err := resp.Body.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("%v after %q", err, got.String())
		}
	}
	stream := got.String()
	if !strings.HasPrefix(stream, ":)\n") || !strings.Contains(stream, "event: notification\ndata: {") {
		t.Errorf("stream = %q", stream)
	}
	_, event, _ := strings.Cut(stream, "event: notification\ndata: ")
	event, _, _ = strings.Cut(event, "\n\n")
	var n struct {
		Type   string
		Status struct{ Content string }
	}
	if err := json.Unmarshal([]byte(event), &n); err != nil || n.Type != "mention" || plaintext.FromHTML(n.Status.Content) != "@relais Bonjour" {
		t.Errorf("notification %q: %+v, %v", event, n, err)
	}

	s.SetStreaming(false)
	if resp := open("", true); resp.StatusCode != http.StatusNotFound {
		t.Errorf("without streaming: %d, want 404", resp.StatusCode)
	}
}

func TestStreamingAsGoToSocialServesIt(t *testing.T) {
	s := mastodontest.Start(t)
	s.SetHeartbeat(10 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// The instance names the streaming server; SSE is not there.
	var inst struct {
		Configuration struct{ URLs struct{ Streaming string } }
	}
	_, body := call(t, s, "GET", "/api/v2/instance", nil, nil)
	if err := json.Unmarshal(body, &inst); err != nil || inst.Configuration.URLs.Streaming != "ws"+strings.TrimPrefix(s.URL(), "http") {
		t.Errorf("instance: %s", body)
	}
	if resp, _ := call(t, s, "GET", "/api/v1/streaming/user", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("SSE: %d, want 404", resp.StatusCode)
	}

	dial := func(opts *websocket.DialOptions) (*websocket.Conn, *http.Response, error) {
		t.Helper()
		c, resp, err := websocket.Dial(ctx, s.URL()+"/api/v1/streaming?stream=user", opts)
		if c != nil {
			t.Cleanup(func() { c.CloseNow() })
		}
		return c, resp, err
	}
	// The Authorization header is not read there, a wrong token refused.
	if _, resp, err := dial(&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + s.Token()}}}); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("Authorization header: %v, %v; want 401", resp, err)
	}
	if _, resp, err := dial(&websocket.DialOptions{Subprotocols: []string{"wrong"}}); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: %v, %v; want 401", resp, err)
	}
	var pings atomic.Int32
	c, resp, err := dial(&websocket.DialOptions{Subprotocols: []string{s.Token()}, OnPingReceived: func(context.Context, []byte) bool {
		pings.Add(1)
		return true
	}})
	if err != nil {
		t.Fatal(err)
	}
	if p := resp.Header.Get("Sec-WebSocket-Protocol"); p != "" {
		t.Errorf("chosen subprotocol %q, want none, as GoToSocial", p)
	}
	for s.Streams() != 1 {
		time.Sleep(time.Millisecond)
	}
	s.Mention("alice", "Bonjour")
	typ, msg, err := c.Read(ctx)
	if err != nil || typ != websocket.MessageText {
		t.Fatalf("%v %s, %v", typ, msg, err)
	}
	var m struct {
		Stream  []string
		Event   string
		Payload string
	}
	if err := json.Unmarshal(msg, &m); err != nil || len(m.Stream) != 1 || m.Stream[0] != "user" || m.Event != "notification" {
		t.Fatalf("message %s: %+v, %v", msg, m, err)
	}
	var n struct {
		Type   string
		Status struct{ ID, Content string }
	}
	if err := json.Unmarshal([]byte(m.Payload), &n); err != nil || n.Type != "mention" || plaintext.FromHTML(n.Status.Content) != "@relais Bonjour" {
		t.Errorf("payload %q: %+v, %v", m.Payload, n, err)
	}
	s.Delete(n.Status.ID)
	if _, msg, err := c.Read(ctx); err != nil || !strings.Contains(string(msg), `"event":"delete","payload":"`+n.Status.ID+`"`) &&
		!strings.Contains(string(msg), `"payload":"`+n.Status.ID+`"`) {
		t.Errorf("delete: %s, %v", msg, err)
	}
	c.CloseRead(ctx) // reads on: pings are seen, pongs waited for
	for pings.Load() == 0 {
		if ctx.Err() != nil {
			t.Fatal("no ping came")
		}
		time.Sleep(time.Millisecond)
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("the server does not answer pings: %v", err)
	}

	// Mastodon's streaming server echoes the token as the subprotocol.
	s.SetStreamingMode(mastodontest.StreamBoth)
	_, resp, err = dial(&websocket.DialOptions{Subprotocols: []string{s.Token()}})
	if err != nil || resp == nil || resp.Header.Get("Sec-WebSocket-Protocol") != s.Token() {
		t.Errorf("as Mastodon: %v, %v", resp, err)
	}
	s.SetStreamingMode(mastodontest.StreamSSE)
	if _, resp, err := dial(&websocket.DialOptions{Subprotocols: []string{s.Token()}}); err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("SSE only: %v, %v; want 400", resp, err)
	}
	s.SetStreaming(false)
	if _, resp, err := dial(&websocket.DialOptions{Subprotocols: []string{s.Token()}}); err == nil || resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("no streaming: %v, %v; want 404", resp, err)
	}
}

func TestContextEditAndDelete(t *testing.T) {
	s := mastodontest.Start(t)
	root := s.Reply("alice", "racine", "")
	child := s.Reply("bob", "enfant", root)
	grandchild := s.Reply("chloé", "petit-enfant", child)
	var ctx struct{ Ancestors, Descendants []struct{ ID string } }
	_, body := call(t, s, "GET", "/api/v1/statuses/"+child+"/context", nil, nil)
	if err := json.Unmarshal(body, &ctx); err != nil || len(ctx.Ancestors) != 1 || ctx.Ancestors[0].ID != root ||
		len(ctx.Descendants) != 1 || ctx.Descendants[0].ID != grandchild {
		t.Errorf("context = %s", body)
	}
	if !s.Edit(child, "modifié") {
		t.Fatal("Edit found nothing")
	}
	var st struct {
		Content  string
		EditedAt *string `json:"edited_at"`
	}
	_, body = call(t, s, "GET", "/api/v1/statuses/"+child, nil, nil)
	if err := json.Unmarshal(body, &st); err != nil || st.EditedAt == nil || plaintext.FromHTML(st.Content) != "modifié" {
		t.Errorf("edited status = %s", body)
	}
	_, body = call(t, s, "GET", "/api/v1/notifications?types[]=update", nil, nil)
	if !strings.Contains(string(body), `"type":"update"`) {
		t.Errorf("no update notification: %s", body)
	}
	s.Delete(child)
	if resp, _ := call(t, s, "GET", "/api/v1/statuses/"+child, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted status: %d", resp.StatusCode)
	}
	_, body = call(t, s, "GET", "/api/v1/notifications", nil, nil)
	var notes []struct{ Status struct{ ID string } }
	json.Unmarshal(body, &notes)
	for _, n := range notes {
		if n.Status.ID == child {
			t.Errorf("a notification is still about the deleted status")
		}
	}
	if len(notes) != 2 {
		t.Errorf("%d notifications, want the 2 whose status is there", len(notes))
	}
	if ids := s.Burst("david", 3); len(ids) != 3 || ids[0] >= ids[1] && len(ids[0]) == len(ids[1]) {
		t.Errorf("Burst = %q", ids)
	}
}

// The end-to-end test (fakenet) makes mentions over HTTP.
func TestTestMention(t *testing.T) {
	s := mastodontest.Start(t)
	resp, body := call(t, s, "POST", "/_test/mention", url.Values{"author": {"chloe"}, "text": {"Des croissants ?"}}, nil)
	var made struct{ ID string }
	if resp.StatusCode != 200 || json.Unmarshal(body, &made) != nil || made.ID == "" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	resp, body = call(t, s, "GET", "/api/v1/notifications", nil, nil)
	var notes []struct {
		Type   string
		Status struct{ ID, Content string }
	}
	if resp.StatusCode != 200 || json.Unmarshal(body, &notes) != nil || len(notes) != 1 ||
		notes[0].Type != "mention" || notes[0].Status.ID != made.ID || !strings.Contains(notes[0].Status.Content, "Des croissants ?") {
		t.Errorf("notifications: %d %s", resp.StatusCode, body)
	}
	if resp, body := call(t, s, "POST", "/_test/mention", url.Values{"author": {"chloe"}}, nil); resp.StatusCode != 422 {
		t.Errorf("a mention without text: %d %s", resp.StatusCode, body)
	}
}

func TestFollowersAndQuotesCount(t *testing.T) {
	s := mastodontest.Start(t)
	s.SetFollowers(800)
	s.Follow("alice")
	_, body := call(t, s, "GET", "/api/v1/accounts/verify_credentials", nil, nil)
	var me struct {
		Followers int `json:"followers_count"`
	}
	if err := json.Unmarshal(body, &me); err != nil || me.Followers != 801 {
		t.Errorf("followers_count = %d, %v; want 801 (800 set, then a follow)", me.Followers, err)
	}
	_, body = call(t, s, "POST", "/api/v1/statuses", url.Values{"status": {"La collection d'hiver"}}, nil)
	var st struct{ ID string }
	json.Unmarshal(body, &st)
	s.Quote("bob", "Regardez ça", st.ID)
	s.Quote("chloe", "Superbe", st.ID)
	s.Reply("dan", "Elle sent quoi ?", st.ID)
	_, body = call(t, s, "GET", "/api/v1/statuses/"+st.ID, nil, nil)
	var got struct {
		Quotes  int `json:"quotes_count"`
		Replies int `json:"replies_count"`
	}
	if err := json.Unmarshal(body, &got); err != nil || got.Quotes != 2 || got.Replies != 1 {
		t.Errorf("quotes_count %d, replies_count %d, %v; want 2 and 1", got.Quotes, got.Replies, err)
	}
}

func TestLockedAccountFollowRequests(t *testing.T) {
	s := mastodontest.Start(t)
	s.SetLocked(true)
	notif := s.Follow("lea")
	_, body := call(t, s, "GET", "/api/v1/accounts/verify_credentials", nil, nil)
	var me struct {
		Locked bool `json:"locked"`
		Source struct {
			FollowRequestsCount int `json:"follow_requests_count"`
		} `json:"source"`
	}
	if err := json.Unmarshal(body, &me); err != nil || !me.Locked || me.Source.FollowRequestsCount != 1 {
		t.Errorf("verify_credentials: %s", body)
	}
	_, body = call(t, s, "GET", "/api/v1/notifications", nil, nil)
	var ns []struct {
		ID, Type string
		Account  struct{ ID string }
		Status   *json.RawMessage
	}
	if err := json.Unmarshal(body, &ns); err != nil || len(ns) != 1 || ns[0].Type != "follow_request" || ns[0].ID != notif || ns[0].Status != nil {
		t.Fatalf("notifications: %s", body)
	}
	lea := ns[0].Account.ID

	resp, body := call(t, s, "GET", "/api/v1/follow_requests", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"id":"`+lea+`"`) || !strings.Contains(resp.Header.Get("Link"), `rel="next"`) {
		t.Errorf("follow_requests: %d %s (Link %q)", resp.StatusCode, body, resp.Header.Get("Link"))
	}
	resp, body = call(t, s, "POST", "/api/v1/follow_requests/"+lea+"/authorize", url.Values{}, nil)
	var rel map[string]any
	if resp.StatusCode != 200 || json.Unmarshal(body, &rel) != nil || rel["id"] != lea || rel["followed_by"] != true || rel["requested_by"] != false {
		t.Errorf("authorize: %d %s", resp.StatusCode, body)
	}
	resp, body = call(t, s, "POST", "/api/v1/follow_requests/"+lea+"/reject", url.Values{}, nil)
	if resp.StatusCode != 404 || string(body) != `{"error":"Record not found"}` {
		t.Errorf("answering again: %d %s", resp.StatusCode, body)
	}
	s.Follow("tom")
	s.SetToken("other")
	req, _ := http.NewRequest("POST", s.URL()+"/api/v1/follow_requests/"+lea+"/authorize", nil)
	req.Header.Set("Authorization", "Bearer wrong")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 401 || len(s.FollowRequests()) != 1 {
		t.Errorf("a bad token: %d, waiting %q", r.StatusCode, s.FollowRequests())
	}
}
