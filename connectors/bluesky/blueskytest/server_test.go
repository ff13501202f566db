package blueskytest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/conformance"
)

// client speaks XRPC to a fake, as a test does by hand.
type client struct {
	t     *testing.T
	base  string
	token string
}

func (c *client) do(method, nsid, query string, body any) (int, map[string]any) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+"/xrpc/"+nsid+query, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	// A procedure with no output answers no body (updateSeen).
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil && err != io.EOF {
		c.t.Fatalf("%s: the answer is not JSON: %v", nsid, err)
	}
	return resp.StatusCode, out
}

func signIn(t *testing.T, s *Server) (*client, map[string]any) {
	c := &client{t: t, base: s.URL()}
	status, out := c.do("POST", "com.atproto.server.createSession", "", map[string]string{"identifier": DefaultHandle, "password": DefaultPassword})
	if status != 200 {
		t.Fatalf("createSession: %d %v", status, out)
	}
	c.token = out["accessJwt"].(string)
	return c, out
}

func TestSessionTokens(t *testing.T) {
	s := Start(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s.SetNow(func() time.Time { return now })
	c, out := signIn(t, s)
	if out["did"] != s.DID() || out["handle"] != DefaultHandle || out["refreshJwt"] == "" {
		t.Errorf("createSession = %v", out)
	}
	parts := strings.Split(c.token, ".")
	if len(parts) != 3 {
		t.Fatalf("access token has %d parts, want a JWT's 3", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Exp   int64  `json:"exp"`
		Sub   string `json:"sub"`
		Scope string `json:"scope"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil || claims.Exp != now.Add(DefaultAccessLifetime).Unix() || claims.Sub != s.DID() || claims.Scope != "com.atproto.access" {
		t.Errorf("claims = %+v, %v", claims, err)
	}
	if status, out := c.do("GET", "app.bsky.actor.getProfile", "?actor="+DefaultHandle, nil); status != 200 || out["did"] != s.DID() {
		t.Errorf("getProfile = %d %v", status, out)
	}
	now = now.Add(DefaultAccessLifetime)
	if status, out := c.do("GET", "app.bsky.actor.getProfile", "?actor="+DefaultHandle, nil); status != 400 || out["error"] != "ExpiredToken" {
		t.Errorf("getProfile with an expired token = %d %v, want 400 ExpiredToken", status, out)
	}
	c.token = "not.a.token"
	if status, out := c.do("GET", "app.bsky.actor.getProfile", "?actor="+DefaultHandle, nil); status != 401 || out["error"] != "InvalidToken" {
		t.Errorf("getProfile with a bad token = %d %v, want 401 InvalidToken", status, out)
	}
	c.token = ""
	if status, out := c.do("POST", "com.atproto.server.createSession", "", map[string]string{"identifier": DefaultHandle, "password": "wrong"}); status != 401 || out["error"] != "AuthenticationRequired" {
		t.Errorf("createSession with a wrong password = %d %v", status, out)
	}
	refresh := out["refreshJwt"].(string)
	c.token = refresh
	if status, out := c.do("POST", "com.atproto.server.refreshSession", "", nil); status != 200 || out["accessJwt"] == "" {
		t.Errorf("refreshSession = %d %v", status, out)
	}
	if status, out := c.do("POST", "com.atproto.server.refreshSession", "", nil); status != 400 || out["error"] != "ExpiredToken" {
		t.Errorf("refreshSession with a used token = %d %v, want 400 ExpiredToken", status, out)
	}
}

func TestRecords(t *testing.T) {
	s := Start(t)
	c, _ := signIn(t, s)
	status, out := c.do("POST", "com.atproto.repo.createRecord", "", map[string]any{
		"repo": s.DID(), "collection": "app.bsky.feed.post", "rkey": "3kabcdefghijk",
		"record": map[string]any{"$type": "app.bsky.feed.post", "text": "Bonjour", "createdAt": "2026-01-02T03:04:05.000Z"},
	})
	uri := "at://" + s.DID() + "/app.bsky.feed.post/3kabcdefghijk"
	if status != 200 || out["uri"] != uri || !strings.HasPrefix(out["cid"].(string), "bafyrei") {
		t.Fatalf("createRecord = %d %v", status, out)
	}
	// A real PDS answers 500 for a record key taken.
	status, out = c.do("POST", "com.atproto.repo.createRecord", "", map[string]any{
		"repo": s.DID(), "collection": "app.bsky.feed.post", "rkey": "3kabcdefghijk",
		"record": map[string]any{"$type": "app.bsky.feed.post", "text": "Encore", "createdAt": "2026-01-02T03:04:05.000Z"},
	})
	if status != 500 || out["error"] != "InternalServerError" {
		t.Errorf("createRecord with a key taken = %d %v, want 500 InternalServerError", status, out)
	}
	if status, out := c.do("GET", "com.atproto.repo.getRecord", "?repo="+s.DID()+"&collection=app.bsky.feed.post&rkey=3kabcdefghijk", nil); status != 200 || out["uri"] != uri {
		t.Errorf("getRecord = %d %v", status, out)
	}
	if status, out := c.do("GET", "com.atproto.repo.getRecord", "?repo="+s.DID()+"&collection=app.bsky.feed.post&rkey=3zzzzzzzzzzzz", nil); status != 400 || out["error"] != "RecordNotFound" {
		t.Errorf("getRecord of nothing = %d %v, want 400 RecordNotFound", status, out)
	}
	for name, rec := range map[string]map[string]any{
		"no text":               {"$type": "app.bsky.feed.post", "createdAt": "2026-01-02T03:04:05.000Z"},
		"wrong type":            {"$type": "app.bsky.feed.like", "text": "x", "createdAt": "2026-01-02T03:04:05.000Z"},
		"too long":              {"$type": "app.bsky.feed.post", "text": strings.Repeat("é", 301), "createdAt": "2026-01-02T03:04:05.000Z"},
		"facet past text":       {"$type": "app.bsky.feed.post", "text": "x", "createdAt": "2026-01-02T03:04:05.000Z", "facets": []any{map[string]any{"index": map[string]int{"byteStart": 0, "byteEnd": 2}, "features": []any{map[string]string{"$type": "app.bsky.richtext.facet#tag", "tag": "x"}}}}},
		"link without a scheme": {"$type": "app.bsky.feed.post", "text": "exemple.fr", "createdAt": "2026-01-02T03:04:05.000Z", "facets": []any{map[string]any{"index": map[string]int{"byteStart": 0, "byteEnd": 10}, "features": []any{map[string]string{"$type": "app.bsky.richtext.facet#link", "uri": "exemple.fr"}}}}},
		"blob unknown":          {"$type": "app.bsky.feed.post", "text": "x", "createdAt": "2026-01-02T03:04:05.000Z", "embed": map[string]any{"$type": "app.bsky.embed.images", "images": []any{map[string]any{"alt": "", "image": map[string]any{"$type": "blob", "ref": map[string]string{"$link": "bafkreinope"}, "mimeType": "image/png", "size": 3}}}}},
	} {
		if status, out := c.do("POST", "com.atproto.repo.createRecord", "", map[string]any{"repo": s.DID(), "collection": "app.bsky.feed.post", "record": rec}); status != 400 || out["error"] != "InvalidRequest" {
			t.Errorf("%s: createRecord = %d %v, want 400 InvalidRequest", name, status, out)
		}
	}
}

func TestUploadAndTestPosts(t *testing.T) {
	s := Start(t)
	c, _ := signIn(t, s)
	png := conformance.PNG()
	req, _ := http.NewRequest("POST", s.URL()+"/xrpc/com.atproto.repo.uploadBlob", bytes.NewReader(png))
	req.Header.Set("Content-Type", "image/png")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var up struct {
		Blob map[string]any `json:"blob"`
	}
	json.NewDecoder(resp.Body).Decode(&up)
	resp.Body.Close()
	ref, _ := up.Blob["ref"].(map[string]any)
	link, _ := ref["$link"].(string)
	if up.Blob["$type"] != "blob" || !strings.HasPrefix(link, "bafkrei") || up.Blob["mimeType"] != "image/png" || up.Blob["size"] != float64(len(png)) {
		t.Fatalf("uploadBlob = %v", up.Blob)
	}
	status, out := c.do("POST", "com.atproto.repo.createRecord", "", map[string]any{
		"repo": DefaultHandle, "collection": "app.bsky.feed.post",
		"record": map[string]any{"$type": "app.bsky.feed.post", "text": "Une image", "langs": []string{"fr"}, "createdAt": "2026-01-02T03:04:05.000Z",
			"embed": map[string]any{"$type": "app.bsky.embed.images", "images": []any{map[string]any{"alt": "Un carré", "image": up.Blob, "aspectRatio": map[string]int{"width": 4, "height": 3}}}}},
	})
	if status != 200 {
		t.Fatalf("createRecord = %d %v", status, out)
	}
	resp, err = http.Get(s.URL() + "/_test/posts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var posts []TestPost
	if err := json.NewDecoder(resp.Body).Decode(&posts); err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].URI != out["uri"] || posts[0].Text != "Une image" || posts[0].Language != "fr" ||
		len(posts[0].Alts) != 1 || posts[0].Alts[0] != "Un carré" ||
		len(posts[0].Blobs) != 1 || posts[0].Blobs[0] != (TestBlob{CID: link, MimeType: "image/png", Size: len(png)}) {
		t.Errorf("/_test/posts = %+v", posts)
	}
}

func TestNotificationsPages(t *testing.T) {
	s := Start(t)
	c, _ := signIn(t, s)
	for range 5 {
		s.Mention("Alice", "coucou")
	}
	status, out := c.do("GET", "app.bsky.notification.listNotifications", "?limit=3", nil)
	notes, _ := out["notifications"].([]any)
	if status != 200 || len(notes) != 3 || out["cursor"] == nil {
		t.Fatalf("first page = %d %v", status, out)
	}
	status, out = c.do("GET", "app.bsky.notification.listNotifications", "?limit=3&cursor="+out["cursor"].(string), nil)
	notes, _ = out["notifications"].([]any)
	if status != 200 || len(notes) != 2 || out["cursor"] != nil {
		t.Fatalf("second page = %d %v", status, out)
	}
	last := notes[1].(map[string]any)
	author := last["author"].(map[string]any)
	if last["reason"] != "mention" || author["handle"] != "alice.test" || author["displayName"] != "Alice" {
		t.Errorf("notification = %v", last)
	}
}

// The end-to-end test (fakenet) makes mentions over HTTP.
func TestTestMention(t *testing.T) {
	s := Start(t)
	c, _ := signIn(t, s)
	resp, err := http.PostForm(s.URL()+"/_test/mention", url.Values{"author": {"Marc"}, "text": {"Super fournée"}})
	if err != nil {
		t.Fatal(err)
	}
	var made struct{ URI string }
	json.NewDecoder(resp.Body).Decode(&made)
	resp.Body.Close()
	if resp.StatusCode != 200 || made.URI == "" {
		t.Fatalf("%d %+v", resp.StatusCode, made)
	}
	status, out := c.do("GET", "app.bsky.notification.listNotifications", "", nil)
	notes, _ := out["notifications"].([]any)
	if status != 200 || len(notes) != 1 {
		t.Fatalf("notifications = %d %v", status, out)
	}
	note := notes[0].(map[string]any)
	if note["reason"] != "mention" || note["uri"] != made.URI {
		t.Errorf("notification = %v", note)
	}
	resp, err = http.PostForm(s.URL()+"/_test/mention", url.Values{"author": {"Marc"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("a mention without text: %d", resp.StatusCode)
	}
}

func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer()
	// Serve sets the URL too, but in its own goroutine: set it first
	// to read Account at once.
	s.SetURL("http://" + ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	acc, secret := s.Account()
	if acc.Server != "http://"+ln.Addr().String() || secret.Password != DefaultPassword || secret.AccessToken != "" {
		t.Errorf("Account = %+v on %s", acc, ln.Addr())
	}
	resp, err := http.Get(acc.Server + "/_test/posts")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("/_test/posts = %s, want []", body)
	}
	ln.Close()
	if err := <-done; err == nil {
		t.Error("Serve returned no error once its listener closed")
	}
}

func TestSeenAndThread(t *testing.T) {
	s := Start(t)
	c, _ := signIn(t, s)
	root := s.Notify("alice", "mention", "racine", "")
	reply := s.Notify("bob", "reply", "réponse", root)
	if status, out := c.do("POST", "app.bsky.notification.updateSeen", "", map[string]string{"seenAt": "2099-01-01T00:00:00.000Z"}); status != 200 {
		t.Fatalf("updateSeen: %d %v", status, out)
	}
	if want := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC); !s.SeenAt().Equal(want) {
		t.Errorf("SeenAt = %v", s.SeenAt())
	}
	_, out := c.do("GET", "app.bsky.notification.listNotifications", "", nil)
	if out["seenAt"] != "2099-01-01T00:00:00.000Z" || out["notifications"].([]any)[0].(map[string]any)["isRead"] != true {
		t.Errorf("listNotifications after updateSeen = %v", out)
	}
	status, out := c.do("GET", "app.bsky.feed.getPostThread", "?uri="+reply, nil)
	thread, _ := out["thread"].(map[string]any)
	parent, _ := thread["parent"].(map[string]any)
	if status != 200 || thread["$type"] != "app.bsky.feed.defs#threadViewPost" || parent["post"].(map[string]any)["uri"] != root {
		t.Errorf("getPostThread = %d %v", status, out)
	}
	s.Delete(root)
	if status, out := c.do("GET", "app.bsky.feed.getPostThread", "?uri="+root, nil); status != 400 || out["error"] != "NotFound" {
		t.Errorf("thread of a deleted post = %d %v", status, out)
	}
	_, out = c.do("GET", "app.bsky.feed.getPostThread", "?uri="+reply, nil)
	if p := out["thread"].(map[string]any)["parent"].(map[string]any); p["notFound"] != true || p["uri"] != root {
		t.Errorf("parent deleted = %v", p)
	}
	if uris := s.Burst("chloé", 3); len(uris) != 3 {
		t.Errorf("Burst = %q", uris)
	}
}

func TestFollowersAndCounts(t *testing.T) {
	s := Start(t)
	c, _ := signIn(t, s)
	followers := func() float64 {
		t.Helper()
		status, out := c.do("GET", "app.bsky.actor.getProfile", "?actor="+DefaultHandle, nil)
		if status != 200 {
			t.Fatalf("getProfile = %d %v", status, out)
		}
		return out["followersCount"].(float64)
	}
	s.Notify("alice", "follow", "", "")
	s.SetFollowers(300)
	follow := s.Notify("bob", "follow", "", "")
	if n := followers(); n != 301 {
		t.Errorf("followersCount = %v, want 301 (300 set, then a follow)", n)
	}
	s.Delete(follow)
	if n := followers(); n != 300 {
		t.Errorf("followersCount after an unfollow = %v, want 300", n)
	}

	_, out := c.do("POST", "com.atproto.repo.createRecord", "", map[string]any{
		"repo": s.DID(), "collection": "app.bsky.feed.post",
		"record": map[string]any{"$type": "app.bsky.feed.post", "text": "La collection d'hiver", "createdAt": "2026-01-02T03:04:05.000Z"},
	})
	post := out["uri"].(string)
	like := s.Notify("chloé", "like", "", post)
	s.Notify("dan", "like", "", post)
	s.Notify("dan", "repost", "", post)
	s.Notify("eve", "reply", "Elle sent quoi ?", post)
	s.Notify("fanny", "quote", "Superbe", post)
	s.Delete(like)
	status, out := c.do("GET", "app.bsky.feed.getPosts", "?uris="+url.QueryEscape(post), nil)
	if status != 200 {
		t.Fatalf("getPosts = %d %v", status, out)
	}
	v := out["posts"].([]any)[0].(map[string]any)
	if v["likeCount"] != 1.0 || v["repostCount"] != 1.0 || v["replyCount"] != 1.0 || v["quoteCount"] != 1.0 {
		t.Errorf("counts = likes %v, reposts %v, replies %v, quotes %v; want 1 of each (a like deleted)",
			v["likeCount"], v["repostCount"], v["replyCount"], v["quoteCount"])
	}
}
