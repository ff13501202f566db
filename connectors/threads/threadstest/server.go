// Package threadstest is a fake of the Threads API (graph.threads.net,
// v1.0) for tests: media containers made with POST /{user-id}/threads,
// published with POST /{user-id}/threads_publish, the account's threads,
// replies and mentions, the publishing limit and insights, in the
// documented JSON shapes.
//
// It is as unkind as the real server: a container stays IN_PROGRESS for
// a while (ProcessingTime, on the fake's clock), becomes ERROR with an
// error_message when its image cannot be fetched, EXPIRED 24 hours after
// it was made; the same request twice makes two containers (the API has
// no idempotency key); a bad token is error 190 (with HTTP 400, as
// graph.threads.net answers); the 250 posts a day are enforced at
// threads_publish (error code 9, subcode 2207042, as Instagram's
// content publishing limit answers); and times are written as Meta writes them,
// 2026-12-01T09:30:00+0000, not RFC 3339.
package threadstest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/meta/graph/graphtest"
)

// Token is the access token of the fake's account.
const Token = "THAAfake-long-lived-token-0123456789"

// UserID is the account's Threads user ID.
const UserID = "17841400000000001"

// Username is the account's username.
const Username = "boulangerie.martin"

// Operations a test can fail (FailNext), besides conformance's
// (OpPublish is threads_publish, OpProfile /me, OpRead the mentions,
// OpUpload a container with an image).

// OpQuota fails the read of the publishing limit.
const OpQuota conformance.Op = "quota"

// OpStatus fails the read of a container's status.
const OpStatus conformance.Op = "status"

// OpContainer fails the making of a container.
const OpContainer conformance.Op = "container"

// OpList fails a read of the account's own threads or replies.
const OpList conformance.Op = "list"

// Server is the fake. Its exported fields are set before the first
// request; its methods are safe while clients talk to it.
type Server struct {
	// ProcessingTime is how long a new container stays IN_PROGRESS, on
	// the fake's clock.
	ProcessingTime time.Duration
	// QuotaTotal is how many posts may be published in 24 hours (250).
	QuotaTotal int
	// ContainerError makes every new container with an image end in
	// ERROR with this error_message (FAILED_DOWNLOADING_VIDEO, say),
	// whatever its image.
	ContainerError string
	// PageSize is how many items a list answers at most (25 by default,
	// as the API's default limit).
	PageSize int
	// Accept, when set, accepts the tokens it approves besides Token:
	// those a fake of Meta's sign-in (metaauthtest) issued and still
	// holds valid.
	Accept func(token string) bool

	graphtest.Log      // the requests received
	graphtest.Failures // what FailNext and FailCode asked for
	mu                 sync.Mutex
	url                string
	now                func() time.Time
	seq                int
	containers         map[string]*container
	posts              []*post // every post, the account's and others', oldest first
	fetch              *http.Client
}

type container struct {
	id        string
	mediaType string
	text      string
	imageURL  string
	alt       string
	replyTo   string
	children  []string
	carousel  bool
	created   time.Time
	errorMsg  string
	published string // the media ID once published
}

type post struct {
	id        string
	author    string
	text      string
	mediaType string
	alts      []string
	replyTo   string
	root      string
	at        time.Time
	mentions  bool // mentions the account
	hidden    bool
	likes     int
	views     int
	api       bool // published through the API by the account
}

// NewServer returns an empty fake on the wall clock.
func NewServer() *Server {
	return &Server{
		ProcessingTime: 0,
		QuotaTotal:     250,
		PageSize:       25,
		Failures:       graphtest.Failures{OtherType: errorType},
		now:            time.Now,
		containers:     map[string]*container{},
		fetch:          &http.Client{Timeout: 5 * time.Second},
	}
}

// Start runs a new Server in an httptest server, closed when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := NewServer()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.mu.Lock()
	s.url = ts.URL
	s.mu.Unlock()
	return s
}

// SetClock makes the fake tell time with now (a test's clock).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

// URL is the API's base, as --api takes it: the server's address and
// /v1.0.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url + "/v1.0"
}

// Account returns the account and its secret, as connecting it with a
// long-lived token would have stored them.
func (s *Server) Account() (app.Account, app.Secret) {
	return app.Account{Network: app.Threads, Server: s.URL(), RemoteID: UserID, Handle: Username},
		app.Secret{AccessToken: Token}
}

// Post is a post as the test sees it.
type Post = conformance.Post

// Posts returns the account's posts, oldest first.
func (s *Server) Posts() []conformance.Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []conformance.Post
	for _, p := range s.posts {
		if p.author == Username {
			out = append(out, conformance.Post{ID: p.id, Text: p.text, Alts: slices.Clone(p.alts), ReplyTo: p.replyTo})
		}
	}
	return out
}

// Containers returns how many containers were made.
func (s *Server) Containers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.containers)
}

// FailContainer makes a container end in ERROR with this message.
func (s *Server) FailContainer(id, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.containers[id]; c != nil {
		c.errorMsg = message
	}
}

// Mention makes author mention the account in a post of their own.
func (s *Server) Mention(author, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addPost(&post{author: author, text: "@" + Username + " " + text, mediaType: "TEXT_POST", mentions: true})
}

// Reply makes author reply to the post id, and returns the reply's ID.
func (s *Server) Reply(author, id, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	root := id
	if p := s.find(id); p != nil && p.root != "" {
		root = p.root
	}
	p := &post{author: author, text: text, mediaType: "TEXT_POST", replyTo: id, root: root}
	s.addPost(p)
	return p.id
}

// Like adds n likes and views to a post.
func (s *Server) Like(id string, likes, views int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		p.likes += likes
		p.views += views
	}
}

// Reactions returns a post's likes; Threads has no boost the API makes.
func (s *Server) Reactions(id string) (likes, boosts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		return p.likes, 0
	}
	return 0, 0
}

// Publish makes a post as if the account had written it in Threads'
// own app (not through the API: it does not count in the quota).
func (s *Server) Publish(text string, at time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &post{author: Username, text: text, mediaType: "TEXT_POST"}
	s.addPost(p)
	p.at = at
	return p.id
}

// Hidden reports whether a reply was hidden.
func (s *Server) Hidden(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.find(id)
	return p != nil && p.hidden
}

func (s *Server) nextID() string {
	s.seq++
	return strconv.Itoa(18000000000000000 + s.seq)
}

func (s *Server) addPost(p *post) {
	p.id = s.nextID()
	p.at = s.now().UTC().Truncate(time.Second)
	s.posts = append(s.posts, p)
}

func (s *Server) find(id string) *post {
	for _, p := range s.posts {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (s *Server) status(c *container) string {
	now := s.now()
	switch {
	case c.published != "":
		return "PUBLISHED"
	case c.errorMsg != "":
		return "ERROR"
	case now.Sub(c.created) >= 24*time.Hour:
		return "EXPIRED"
	case now.Sub(c.created) < s.ProcessingTime:
		return "IN_PROGRESS"
	}
	return "FINISHED"
}

// Handler serves the API, under /v1.0 or at the root.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

// errorType is the type of the Threads API's own errors.
const errorType = "THApiException"

// apiError is Graph's error object.
type apiError = graphtest.APIError

// writeError answers Graph's error object, of the Threads API's type
// unless it says another.
func writeError(w http.ResponseWriter, status int, e apiError) {
	if e.Type == "" {
		e.Type = errorType
	}
	graphtest.WriteError(w, status, e)
}

// op is the operation a request is, for FailNext.
func op(method string, parts []string) conformance.Op {
	switch {
	case len(parts) == 1 && parts[0] == "me":
		return conformance.OpProfile
	case method == http.MethodPost && len(parts) == 2 && parts[1] == "threads_publish":
		return conformance.OpPublish
	case method == http.MethodPost && len(parts) == 2 && parts[1] == "threads":
		return OpContainer
	case len(parts) == 2 && parts[1] == "threads_publishing_limit":
		return OpQuota
	case len(parts) == 2 && parts[1] == "mentions":
		return conformance.OpRead
	case method == http.MethodGet && len(parts) == 2 && (parts[1] == "threads" || parts[1] == "replies") && parts[0] == UserID:
		return OpList
	case method == http.MethodGet && len(parts) == 1:
		return OpStatus
	}
	return ""
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, parts := graphtest.Path(r)
	if err := r.ParseForm(); err != nil {
		writeError(w, 400, apiError{Message: "bad form", Code: 100})
		return
	}
	s.Record(r, path)
	o := op(r.Method, parts)
	if o == OpContainer && r.Form.Get("image_url") != "" && s.Pending(conformance.OpUpload) {
		o = conformance.OpUpload
	}
	f := s.Take(o)
	if f.Before(w, r) {
		return
	}
	if tok := graphtest.Token(r); tok != Token && (s.Accept == nil || !s.Accept(tok)) {
		graphtest.ExpiredToken(w)
		return
	}
	rec := httptest.NewRecorder()
	s.route(rec, r, parts)
	f.After(w, r, rec)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, parts []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	get := r.Method == http.MethodGet
	isPost := r.Method == http.MethodPost
	switch {
	case len(parts) == 1 && parts[0] == "me" && get:
		graphtest.WriteJSON(w, 200, map[string]any{"id": UserID, "username": Username, "name": "Boulangerie Martin",
			"threads_profile_picture_url": "", "threads_biography": "Pain au levain, Lyon 7e"})
	case len(parts) == 2 && parts[0] != UserID && parts[0] != "me" && (parts[1] == "threads" || parts[1] == "threads_publish" || parts[1] == "threads_publishing_limit" || parts[1] == "mentions" || parts[1] == "threads_insights"):
		graphtest.NotFound(w, parts[0])
	case len(parts) == 2 && parts[1] == "threads" && isPost:
		s.createContainer(w, r)
	case len(parts) == 2 && parts[1] == "threads_publish" && isPost:
		s.publish(w, r)
	case len(parts) == 2 && parts[1] == "threads" && get:
		s.list(w, r, func(p *post) bool { return p.author == Username && p.replyTo == "" })
	case len(parts) == 2 && parts[1] == "replies" && get && parts[0] == UserID:
		s.list(w, r, func(p *post) bool { return p.author == Username && p.replyTo != "" })
	case len(parts) == 2 && parts[1] == "mentions" && get:
		s.list(w, r, func(p *post) bool { return p.mentions })
	case len(parts) == 2 && (parts[1] == "replies" || parts[1] == "conversation") && get:
		if s.find(parts[0]) == nil {
			graphtest.NotFound(w, parts[0])
			return
		}
		id, top := parts[0], parts[1] == "replies"
		s.list(w, r, func(p *post) bool { return p.replyTo == id || (!top && p.root == id) })
	case len(parts) == 2 && parts[1] == "threads_publishing_limit" && get:
		graphtest.WriteJSON(w, 200, map[string]any{"data": []any{map[string]any{
			"quota_usage": s.usage(),
			"config":      map[string]any{"quota_total": s.QuotaTotal, "quota_duration": 86400},
		}}})
	case len(parts) == 2 && parts[1] == "insights" && get:
		p := s.find(parts[0])
		if p == nil {
			graphtest.NotFound(w, parts[0])
			return
		}
		replies := 0
		for _, q := range s.posts {
			if q.replyTo == p.id {
				replies++
			}
		}
		values := map[string]int{"views": p.views, "likes": p.likes, "replies": replies, "reposts": 0, "quotes": 0, "shares": 0}
		var data []any
		for _, m := range strings.Split(r.Form.Get("metric"), ",") {
			if v, ok := values[m]; ok {
				data = append(data, map[string]any{"name": m, "period": "lifetime", "values": []any{map[string]any{"value": v}}, "id": p.id + "/insights/" + m + "/lifetime"})
			}
		}
		graphtest.WriteJSON(w, 200, map[string]any{"data": data})
	case len(parts) == 2 && parts[1] == "threads_insights" && get:
		var data []any
		for _, m := range strings.Split(r.Form.Get("metric"), ",") {
			switch m {
			case "followers_count":
				data = append(data, map[string]any{"name": m, "period": "day", "total_value": map[string]any{"value": 42}})
			case "views":
				data = append(data, map[string]any{"name": m, "period": "day", "values": []any{map[string]any{"value": 10, "end_time": s.now().UTC().Format(graphtest.TimeLayout)}}})
			case "likes", "replies", "reposts", "quotes":
				data = append(data, map[string]any{"name": m, "period": "day", "total_value": map[string]any{"value": 0}})
			}
		}
		graphtest.WriteJSON(w, 200, map[string]any{"data": data})
	case len(parts) == 2 && parts[1] == "manage_reply" && isPost:
		p := s.find(parts[0])
		if p == nil {
			graphtest.NotFound(w, parts[0])
			return
		}
		p.hidden = r.Form.Get("hide") == "true"
		graphtest.WriteJSON(w, 200, map[string]any{"success": true})
	case len(parts) == 1 && get:
		s.object(w, r, parts[0])
	default:
		writeError(w, http.StatusBadRequest, apiError{Message: "Unknown path components: /" + strings.Join(parts, "/"), Code: 2500, Type: "OAuthException"})
	}
}

// usage is how many posts the account published through the API in the
// last 24 hours.
func (s *Server) usage() int {
	n := 0
	since := s.now().Add(-24 * time.Hour)
	for _, p := range s.posts {
		if p.api && p.at.After(since) {
			n++
		}
	}
	return n
}

func (s *Server) createContainer(w http.ResponseWriter, r *http.Request) {
	f := r.Form
	c := &container{mediaType: f.Get("media_type"), text: f.Get("text"), imageURL: f.Get("image_url"),
		alt: f.Get("alt_text"), replyTo: f.Get("reply_to_id"), carousel: f.Get("is_carousel_item") == "true", created: s.now()}
	switch c.mediaType {
	case "TEXT":
		if c.text == "" {
			writeError(w, 400, apiError{Message: "The parameter text is required for media_type TEXT", Code: 100})
			return
		}
	case "IMAGE":
		if c.imageURL == "" {
			writeError(w, 400, apiError{Message: "The parameter image_url is required.", Code: 100})
			return
		}
	case "CAROUSEL":
		c.children = strings.Split(f.Get("children"), ",")
		if len(c.children) < 2 || len(c.children) > 20 {
			writeError(w, 400, apiError{Message: "A carousel takes 2 to 20 children.", Code: 100})
			return
		}
		for _, id := range c.children {
			if ch := s.containers[id]; ch == nil || !ch.carousel {
				writeError(w, 400, apiError{Message: "Invalid children: " + id, Code: 100})
				return
			}
		}
	default:
		writeError(w, 400, apiError{Message: "Invalid parameter media_type", Code: 100})
		return
	}
	if n := len([]rune(c.text)); n > 500 {
		writeError(w, 400, apiError{Message: "Param text must be at most 500 characters long.", Code: 100})
		return
	}
	if len([]rune(c.alt)) > 1000 {
		writeError(w, 400, apiError{Message: "Param alt_text must be at most 1000 characters long.", Code: 100})
		return
	}
	if c.replyTo != "" && s.find(c.replyTo) == nil {
		graphtest.NotFound(w, c.replyTo)
		return
	}
	if c.imageURL != "" {
		// Meta fetches the image from its public address; one it cannot
		// fetch makes a container in ERROR, found when its status is read.
		s.mu.Unlock()
		msg := fetchImage(s.fetch, c.imageURL)
		s.mu.Lock()
		c.errorMsg = msg
		if s.ContainerError != "" {
			c.errorMsg = s.ContainerError
		}
	}
	c.id = s.nextID()
	s.containers[c.id] = c
	graphtest.WriteJSON(w, 200, map[string]any{"id": c.id})
}

// fetchImage fetches a container's image as Meta does; it returns the
// container's error message when it cannot, "" when it can.
func fetchImage(hc *http.Client, u string) string {
	resp, err := hc.Get(u)
	if err != nil {
		return "Media download has failed.: The media could not be fetched from the URI provided."
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 9<<20))
	if resp.StatusCode != 200 {
		return fmt.Sprintf("Media download has failed.: The media URI returned HTTP %d.", resp.StatusCode)
	}
	if len(data) > 8<<20 {
		return "The image is larger than 8 MB."
	}
	typ := http.DetectContentType(data)
	if typ != "image/jpeg" && typ != "image/png" {
		return "Unsupported image format: only JPEG and PNG are accepted."
	}
	return ""
}

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	id := r.Form.Get("creation_id")
	c := s.containers[id]
	if c == nil || c.carousel {
		graphtest.NotFound(w, id)
		return
	}
	switch st := s.status(c); st {
	case "FINISHED":
	case "IN_PROGRESS":
		writeError(w, 400, apiError{Message: "The media is not ready for publishing, please wait for a moment", Code: 9007, Subcode: 2207027})
		return
	default:
		writeError(w, 400, apiError{Message: "Cannot publish a media container whose status is " + st, Code: 100})
		return
	}
	if s.usage() >= s.QuotaTotal {
		writeError(w, 400, apiError{Message: "The account has reached its publishing limit of 250 posts in 24 hours.", Code: 9, Subcode: 2207042})
		return
	}
	p := &post{author: Username, text: c.text, mediaType: "TEXT_POST", replyTo: c.replyTo, api: true}
	switch c.mediaType {
	case "IMAGE":
		p.mediaType, p.alts = "IMAGE", []string{c.alt}
	case "CAROUSEL":
		p.mediaType = "CAROUSEL_ALBUM"
		for _, ch := range c.children {
			p.alts = append(p.alts, s.containers[ch].alt)
			s.containers[ch].published = "child"
		}
	}
	if c.replyTo != "" {
		p.root = c.replyTo
		if parent := s.find(c.replyTo); parent != nil && parent.root != "" {
			p.root = parent.root
		}
	}
	s.addPost(p)
	c.published = p.id
	graphtest.WriteJSON(w, 200, map[string]any{"id": p.id})
}

func (s *Server) permalink(p *post) string {
	return "https://www.threads.net/@" + p.author + "/post/C" + p.id[len(p.id)-6:]
}

func (s *Server) media(p *post, fields string) map[string]any {
	all := map[string]any{
		"id": p.id, "text": p.text, "username": p.author, "permalink": s.permalink(p),
		"timestamp": p.at.UTC().Format(graphtest.TimeLayout), "media_type": p.mediaType,
		"is_reply": p.replyTo != "", "hide_status": hideStatus(p), "shortcode": "C" + p.id[len(p.id)-6:],
	}
	if p.replyTo != "" {
		all["replied_to"] = map[string]any{"id": p.replyTo}
		all["root_post"] = map[string]any{"id": p.root}
	}
	if p.author == Username {
		all["is_reply_owned_by_me"] = true
	}
	out := map[string]any{"id": p.id}
	for _, f := range strings.Split(fields, ",") {
		if v, ok := all[strings.TrimSpace(f)]; ok {
			out[strings.TrimSpace(f)] = v
		}
	}
	return out
}

func hideStatus(p *post) string {
	switch {
	case p.replyTo == "":
		return "NOT_HUSHED"
	case p.hidden:
		return "HIDDEN"
	}
	return "UNHUSHED"
}

func (s *Server) object(w http.ResponseWriter, r *http.Request, id string) {
	if c := s.containers[id]; c != nil {
		out := map[string]any{"id": c.id, "status": s.status(c)}
		if c.errorMsg != "" {
			out["error_message"] = c.errorMsg
		}
		graphtest.WriteJSON(w, 200, out)
		return
	}
	p := s.find(id)
	if p == nil {
		graphtest.NotFound(w, id)
		return
	}
	graphtest.WriteJSON(w, 200, s.media(p, r.Form.Get("fields")))
}

// list answers posts matching keep, newest first, from since to until
// (Unix seconds), paged with cursors as Graph pages: before and after
// cursors, and a next URL while there is more.
func (s *Server) list(w http.ResponseWriter, r *http.Request, keep func(*post) bool) {
	f := r.Form
	var since, until time.Time
	if v := f.Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1688540400 {
			writeError(w, 400, apiError{Message: "Param since must be a Unix timestamp not before 1688540400", Code: 100})
			return
		}
		since = time.Unix(n, 0)
	}
	if v := f.Get("until"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, 400, apiError{Message: "Param until must be a Unix timestamp", Code: 100})
			return
		}
		until = time.Unix(n, 0)
	}
	var matched []*post
	for i := len(s.posts) - 1; i >= 0; i-- {
		p := s.posts[i]
		if !keep(p) || (!since.IsZero() && p.at.Before(since)) || (!until.IsZero() && p.at.After(until)) {
			continue
		}
		matched = append(matched, p)
	}
	graphtest.Page(w, r, s.url, len(matched), s.PageSize, func(i int) any { return s.media(matched[i], f.Get("fields")) })
}
