// Package facebooktest is a fake of Facebook's Graph API (v23.0) for a
// Page, for tests: the Page's profile, posts made with POST
// /{page-id}/feed (a message, a link, photos uploaded unpublished with
// POST /{page-id}/photos and attached with attached_media), comments and
// replies (POST /{object-id}/comments), the Page's published posts, the
// posts it is tagged in, comments read with filter=stream and either
// order, hiding, deleting and liking a comment, and the counts of reactions, comments and
// shares, in the documented JSON shapes. /me and /me/accounts answer a
// user token as Facebook Login's would, with the Page token.
//
// It is as unkind as the real server: every error is Graph's error
// object, a bad token is code 190 with HTTP 400, a user token where a
// Page token is needed is code 200, rate limits come with X-App-Usage
// and X-Business-Use-Case-Usage; the same request twice makes two posts
// (Graph has no idempotency key); a post's created_time may be earlier
// than the moment it was made (Backdate: Meta dates a post from when
// its making began, on clocks that are not ours); a list's default page
// is 25 items and "next" is left out on the last; shares are left out
// of a post that has none; times are written 2026-12-01T09:30:00+0000.
package facebooktest

import (
	"encoding/json"
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
	"unicode/utf16"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/meta/graph/graphtest"
)

// The fake's people and tokens.
const (
	// PageID is the Page's ID.
	PageID = "104857600000001"
	// PageName and PageUsername are how the Page is named.
	PageName     = "Boulangerie Martin"
	PageUsername = "boulangerie.martin"
	// PageToken is the Page's access token, as /me/accounts gives it.
	PageToken = "EAAPagefake-page-token-0123456789"
	// UserToken is the long-lived token of the user who manages the Page.
	UserToken = "EAAUserfake-user-token-0123456789"
	// UserID is that user.
	UserID = "10229000000000001"
	// OtherPageID is a second Page the user manages, with its token.
	OtherPageID    = "104857600000002"
	OtherPageToken = "EAAPagefake-other-page-token-987654"
)

// Operations the fake can be told to fail, beyond conformance's
// (OpProfile is GET /{page-id}, OpPublish a post or a comment, OpUpload
// a photo, OpRead the posts the Page is tagged in).
const (
	// OpMe is GET /me.
	OpMe conformance.Op = "me"
	// OpList is a read of the Page's own posts (published_posts, feed).
	OpList conformance.Op = "list"
	// OpComments is a read of an object's comments.
	OpComments conformance.Op = "comments"
	// OpObject is a read of one post, comment or photo.
	OpObject conformance.Op = "object"
	// OpHide is hiding a comment.
	OpHide conformance.Op = "hide"
	// OpDelete is deleting a comment (DELETE /{comment-id}).
	OpDelete conformance.Op = "delete"
	// OpLike is liking, or no longer liking, a comment or post
	// (/{object-id}/likes).
	OpLike conformance.Op = "like"
)

// Server is the fake. Its exported fields are set before the first
// request; its methods are safe while clients talk to it.
type Server struct {
	// Backdate is how much earlier than the moment it is made a post
	// made through the API is dated.
	Backdate time.Duration
	// MaxLimit is the most items a list answers, whatever limit asks
	// (100, as Graph's edges).
	MaxLimit int
	// AppUsage is the call_count percentage every answer's X-App-Usage
	// announces.
	AppUsage int
	// SecondPage makes the user manage OtherPageID too.
	SecondPage bool
	// RefuseInsights answers a post's insights with this error code: 10
	// (read_insights not granted), 200 (no permission on the Page's
	// insights) or another; 0 serves them.
	RefuseInsights int
	// UnknownMetrics are insights metrics answered as unknown (code 100),
	// as an API version that retired them, or does not know them yet,
	// answers.
	UnknownMetrics map[string]bool

	graphtest.Log      // the requests received
	graphtest.Failures // what FailNext and FailCode asked for
	mu                 sync.Mutex
	url                string
	now                func() time.Time
	seq                int
	posts              []*post // posts and comments, the Page's and others', in the order made
	photos             map[string]*photo
}

type author struct{ id, name string }

type post struct {
	id        string
	from      author
	message   string
	link      string
	photos    []string // attached photos' IDs
	created   time.Time
	updated   time.Time
	target    string // for a comment, the object it answers
	root      string // for a comment, the post under which it is
	comment   bool
	tagsPage  bool // a visitor's post the Page is tagged in
	byAPI     bool // made through the API with the Page token
	hidden    bool
	liked     bool // by the Page
	reactions int
	shares    int
	seen      int // impressions
	reached   int // people who saw it (unique impressions)
}

type photo struct {
	id        string
	alt       string
	published bool
	attached  string // the post it is attached to
	size      int
}

// NewServer returns an empty fake on the wall clock.
func NewServer() *Server {
	return &Server{
		MaxLimit: 100,
		AppUsage: 4,
		// A Page's rate limit is code 32; Graph's refusals of a method
		// are GraphMethodException.
		Failures: graphtest.Failures{RateCode: 32, OtherType: "GraphMethodException"},
		now:      time.Now,
		photos:   map[string]*photo{},
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
// /v23.0.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url + "/v23.0"
}

// Account returns the Page's account and its secret, as connecting it
// would have stored them (the Page token).
func (s *Server) Account() (app.Account, app.Secret) {
	return app.Account{Network: app.Facebook, Server: s.URL(), RemoteID: PageID, Handle: PageUsername},
		app.Secret{AccessToken: PageToken}
}

// Posts returns what the Page wrote, posts and comments, oldest first.
func (s *Server) Posts() []conformance.Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []conformance.Post
	for _, p := range s.posts {
		if p.from.id != PageID {
			continue
		}
		cp := conformance.Post{ID: p.id, Text: p.message, ReplyTo: p.target}
		for _, id := range p.photos {
			cp.Alts = append(cp.Alts, s.photos[id].alt)
		}
		out = append(out, cp)
	}
	return out
}

// Link returns the link a post was made with.
func (s *Server) Link(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		return p.link
	}
	return ""
}

// Photos returns how many photos were uploaded, and how many of them
// are attached to nothing.
func (s *Server) Photos() (uploaded, loose int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ph := range s.photos {
		if ph.attached == "" && !ph.published {
			loose++
		}
	}
	return len(s.photos), loose
}

// Mention makes author write a post the Page is tagged in.
func (s *Server) Mention(authorName, text string) { s.MentionPost(authorName, text) }

// MentionPost is Mention, and returns the post's ID: a post that is not
// the Page's, whose comments the Page cannot delete.
func (s *Server) MentionPost(authorName, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &post{from: person(authorName), message: text, tagsPage: true}
	s.add(p, s.now())
	return p.id
}

// Burst makes author tag the Page in n posts at once, and returns their
// IDs, oldest first.
func (s *Server) Burst(authorName string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, n)
	at := s.now()
	for i := range n {
		p := &post{from: person(authorName), message: fmt.Sprintf("Rafale %d", i+1), tagsPage: true}
		s.add(p, at)
		ids = append(ids, p.id)
	}
	return ids
}

// Comment makes author comment on the post or comment id, and returns
// the comment's ID ("" when id is unknown).
func (s *Server) Comment(authorName, id, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	target := s.find(id)
	if target == nil {
		return ""
	}
	c := s.newComment(target, person(authorName), text)
	return c.id
}

// Publish makes a Page post as if written in Facebook's own pages, at
// time at.
func (s *Server) Publish(text string, at time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &post{from: author{PageID, PageName}, message: text}
	s.add(p, at)
	return p.id
}

// React adds reactions and shares to a post.
func (s *Server) React(id string, reactions, shares int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		p.reactions += reactions
		p.shares += shares
	}
}

// See adds n impressions to a post.
func (s *Server) See(id string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		p.seen += n
	}
}

// Reach sets how many people saw a post.
func (s *Server) Reach(id string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		p.reached = n
	}
}

// Reactions returns a post's reactions and shares.
func (s *Server) Reactions(id string) (likes, boosts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.find(id); p != nil {
		return p.reactions, p.shares
	}
	return 0, 0
}

// Exists reports whether a post or comment is there (not deleted).
func (s *Server) Exists(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.find(id) != nil
}

// Liked reports whether the Page likes a post or comment.
func (s *Server) Liked(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.find(id)
	return p != nil && p.liked
}

// Hidden reports whether a comment was hidden.
func (s *Server) Hidden(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.find(id)
	return p != nil && p.hidden
}

// person is a visitor, with an ID of their own.
func person(name string) author {
	n := 0
	for _, r := range name {
		n = n*31 + int(r)
	}
	return author{id: strconv.Itoa(10229000000100000 + n%99999), name: name}
}

func (s *Server) next() int {
	s.seq++
	return s.seq
}

// add files a post (not a comment) made at at.
func (s *Server) add(p *post, at time.Time) {
	owner := p.from.id
	p.id = owner + "_" + strconv.Itoa(900000+s.next())
	p.created = at.UTC().Truncate(time.Second)
	p.updated = p.created
	s.posts = append(s.posts, p)
}

// newComment files a comment of from on target.
func (s *Server) newComment(target *post, from author, text string) *post {
	root := target.id
	if target.comment {
		root = target.root
	}
	_, rootNum, _ := strings.Cut(root, "_")
	c := &post{id: rootNum + "_" + strconv.Itoa(700000+s.next()), from: from, message: text, target: target.id, root: root, comment: true}
	c.created = s.now().UTC().Truncate(time.Second)
	c.updated = c.created
	s.posts = append(s.posts, c)
	// A post's updated_time is the time of its last comment.
	if r := s.find(root); r != nil && c.created.After(r.updated) {
		r.updated = c.created
	}
	return c
}

func (s *Server) find(id string) *post {
	for _, p := range s.posts {
		if p.id == id {
			return p
		}
	}
	return nil
}

// op is the operation a request is, for FailNext.
func op(method string, parts []string) conformance.Op {
	get, post := method == http.MethodGet, method == http.MethodPost
	switch {
	case len(parts) == 1 && parts[0] == "me":
		return OpMe
	case get && len(parts) == 1 && parts[0] == PageID:
		return conformance.OpProfile
	case post && len(parts) == 2 && (parts[1] == "feed" || parts[1] == "comments"):
		return conformance.OpPublish
	case post && len(parts) == 2 && parts[1] == "photos":
		return conformance.OpUpload
	case get && len(parts) == 2 && parts[1] == "tagged":
		return conformance.OpRead
	case get && len(parts) == 2 && (parts[1] == "published_posts" || parts[1] == "feed"):
		return OpList
	case get && len(parts) == 2 && parts[1] == "comments":
		return OpComments
	case post && len(parts) == 1:
		return OpHide
	case method == http.MethodDelete && len(parts) == 1:
		return OpDelete
	case len(parts) == 2 && parts[1] == "likes":
		return OpLike
	case get && len(parts) == 1:
		return OpObject
	}
	return ""
}

// Handler serves the API, under /vNN.N or at the root.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, parts := graphtest.Path(r)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Invalid multipart body", Code: 100})
			return
		}
	} else if err := r.ParseForm(); err != nil {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Invalid form", Code: 100})
		return
	}
	s.Record(r, path)
	s.mu.Lock()
	usage := s.AppUsage
	s.mu.Unlock()
	w.Header().Set("X-App-Usage", fmt.Sprintf(`{"call_count":%d,"total_cputime":1,"total_time":1}`, usage))
	f := s.Take(op(r.Method, parts))
	if f.Before(w, r) {
		return
	}
	// The Page's picture is on Meta's CDN, fetched without a token.
	if strings.HasPrefix(path, "/pictures/") {
		w.Header().Set("Content-Type", "image/png")
		w.Write(conformance.PNG())
		return
	}
	tok := graphtest.Token(r)
	switch tok {
	case PageToken, UserToken:
	case OtherPageToken:
		s.mu.Lock()
		ok := s.SecondPage
		s.mu.Unlock()
		if ok {
			break
		}
		fallthrough
	default:
		graphtest.ExpiredToken(w)
		return
	}
	rec := httptest.NewRecorder()
	s.route(rec, r, parts, tok)
	f.After(w, r, rec)
}

// needsPage answers code 200 to a user token where the Page's is needed.
func needsPage(w http.ResponseWriter) {
	graphtest.WriteError(w, http.StatusForbidden, graphtest.APIError{Message: "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission", Code: 200})
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, parts []string, tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	get, isPost := r.Method == http.MethodGet, r.Method == http.MethodPost
	f := r.Form
	pageTok := tok == PageToken
	switch {
	case len(parts) == 1 && parts[0] == "me" && get:
		out := map[string]any{"id": UserID, "name": "Marie Martin"}
		typ := "user"
		switch tok {
		case PageToken:
			out, typ = map[string]any{"id": PageID, "name": PageName}, "page"
		case OtherPageToken:
			out, typ = map[string]any{"id": OtherPageID, "name": "Martin Traiteur"}, "page"
		}
		if f.Get("metadata") == "1" {
			out["metadata"] = map[string]any{"type": typ}
		}
		graphtest.WriteJSON(w, 200, out)
	case len(parts) == 2 && parts[0] == "me" && parts[1] == "accounts" && get:
		if tok != UserToken {
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Tried accessing nonexisting field (accounts) on node type (Page)", Code: 100})
			return
		}
		data := []any{map[string]any{"id": PageID, "name": PageName, "category": "Bakery", "tasks": []string{"ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"}, "access_token": PageToken}}
		if s.SecondPage {
			data = append(data, map[string]any{"id": OtherPageID, "name": "Martin Traiteur", "category": "Caterer", "tasks": []string{"CREATE_CONTENT"}, "access_token": OtherPageToken})
		}
		graphtest.WriteJSON(w, 200, map[string]any{"data": data, "paging": map[string]any{"cursors": map[string]any{"before": "QVFA", "after": "QVFB"}}})
	case len(parts) == 1 && parts[0] == PageID && get:
		s.page(w, f.Get("fields"))
	case len(parts) == 2 && parts[0] != PageID && (parts[1] == "feed" || parts[1] == "photos" || parts[1] == "published_posts" || parts[1] == "tagged"):
		if parts[0] == OtherPageID && tok == OtherPageToken {
			graphtest.WriteJSON(w, 200, map[string]any{"data": []any{}})
			return
		}
		graphtest.NotFound(w, parts[0])
	case len(parts) == 2 && parts[1] == "feed" && isPost:
		if !pageTok {
			needsPage(w)
			return
		}
		s.createPost(w, r)
	case len(parts) == 2 && parts[1] == "photos" && isPost:
		if !pageTok {
			needsPage(w)
			return
		}
		s.upload(w, r)
	case len(parts) == 2 && parts[1] == "comments" && isPost:
		if !pageTok {
			needsPage(w)
			return
		}
		s.comment(w, r, parts[0])
	case len(parts) == 2 && (parts[1] == "published_posts" || parts[1] == "feed") && get:
		if !pageTok {
			needsPage(w)
			return
		}
		visitors := parts[1] == "feed"
		s.list(w, r, func(p *post) bool { return !p.comment && !p.tagsPage && (p.from.id == PageID || visitors) }, false)
	case len(parts) == 2 && parts[1] == "tagged" && get:
		s.list(w, r, func(p *post) bool { return p.tagsPage }, false)
	case len(parts) == 2 && parts[1] == "comments" && get:
		target := s.find(parts[0])
		if target == nil {
			graphtest.NotFound(w, parts[0])
			return
		}
		stream := f.Get("filter") == "stream"
		s.list(w, r, func(p *post) bool {
			return p.comment && (p.target == target.id || stream && !target.comment && p.root == target.id)
		}, f.Get("order") != "reverse_chronological")
	case len(parts) == 2 && parts[1] == "insights" && get:
		s.insights(w, parts[0], f.Get("metric"))
	case len(parts) == 1 && isPost:
		s.hide(w, r, parts[0], pageTok)
	case len(parts) == 1 && r.Method == http.MethodDelete:
		s.remove(w, parts[0], pageTok)
	case len(parts) == 2 && parts[1] == "likes" && (isPost || r.Method == http.MethodDelete):
		s.like(w, parts[0], pageTok, isPost)
	case len(parts) == 1 && get:
		if ph := s.photos[parts[0]]; ph != nil {
			graphtest.WriteJSON(w, 200, map[string]any{"id": ph.id, "alt_text_custom": ph.alt})
			return
		}
		p := s.find(parts[0])
		if p == nil {
			graphtest.NotFound(w, parts[0])
			return
		}
		graphtest.WriteJSON(w, 200, s.object(p, f.Get("fields")))
	default:
		graphtest.WriteError(w, http.StatusBadRequest, graphtest.APIError{Message: "Unknown path components: /" + strings.Join(parts, "/"), Code: 2500})
	}
}

// insights answers a post's lifetime post_media_view or post_impressions
// (its views), post_total_media_view_unique or post_impressions_unique
// (its reach), as Graph does; an unknown or retired metric is code 100.
func (s *Server) insights(w http.ResponseWriter, id, metric string) {
	switch s.RefuseInsights {
	case 0:
	case 200:
		graphtest.WriteError(w, 403, graphtest.APIError{Message: "(#200) Requires pages_read_engagement permission to manage the object", Code: 200})
		return
	default:
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#10) This endpoint requires the 'read_insights' permission", Type: "OAuthException", Code: s.RefuseInsights})
		return
	}
	p := s.find(id)
	if p == nil || p.comment {
		graphtest.NotFound(w, id)
		return
	}
	var data []any
	for _, name := range strings.Split(metric, ",") {
		value := p.seen
		switch name {
		case "post_impressions", "post_media_view":
		case "post_impressions_unique", "post_total_media_view_unique":
			value = p.reached
		default:
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) The value must be a valid insights metric", Code: 100})
			return
		}
		if s.UnknownMetrics[name] {
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) The value must be a valid insights metric", Code: 100})
			return
		}
		data = append(data, map[string]any{"name": name, "period": "lifetime", "values": []any{map[string]any{"value": value}},
			"title": "Lifetime Post Total Impressions", "description": "Lifetime: The number of times your Page's post entered a person's screen.",
			"id": p.id + "/insights/" + name + "/lifetime"})
	}
	graphtest.WriteJSON(w, 200, map[string]any{"data": data, "paging": map[string]any{}})
}

func (s *Server) page(w http.ResponseWriter, fields string) {
	all := map[string]any{
		"id": PageID, "name": PageName, "username": PageUsername,
		"link":            "https://www.facebook.com/" + PageUsername,
		"followers_count": 1280, "fan_count": 1204,
		"picture": map[string]any{"data": map[string]any{"url": s.url + "/pictures/page.png", "is_silhouette": false, "height": 50, "width": 50}},
	}
	graphtest.WriteJSON(w, 200, pick(all, fields))
}

// pick keeps the fields asked (by their names before any modifier or
// sub-selection), and the ID.
func pick(all map[string]any, fields string) map[string]any {
	out := map[string]any{"id": all["id"]}
	for _, f := range splitFields(fields) {
		if v, ok := all[f]; ok {
			out[f] = v
		}
	}
	return out
}

// splitFields reads a fields parameter ("id,picture{url},reactions.summary(true)")
// as the fields' names.
func splitFields(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '{', '(':
				depth++
				continue
			case '}', ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		name := strings.TrimSpace(s[start:i])
		if j := strings.IndexAny(name, ".{("); j >= 0 {
			name = name[:j]
		}
		if name != "" {
			out = append(out, name)
		}
		start = i + 1
	}
	return out
}

func (s *Server) permalink(p *post) string {
	if p.comment {
		return "https://www.facebook.com/" + PageUsername + "/posts/" + strings.ReplaceAll(p.root, PageID+"_", "") + "?comment_id=" + p.id
	}
	owner, num, _ := strings.Cut(p.id, "_")
	return "https://www.facebook.com/" + owner + "/posts/" + num
}

// object is a post or comment with the fields asked.
func (s *Server) object(p *post, fields string) map[string]any {
	comments := 0
	for _, c := range s.posts {
		if c.comment && c.target == p.id {
			comments++
		}
	}
	all := map[string]any{
		"id": p.id, "message": p.message, "created_time": p.created.UTC().Format(graphtest.TimeLayout),
		"permalink_url": s.permalink(p), "from": map[string]any{"id": p.from.id, "name": p.from.name},
		"reactions": map[string]any{"data": []any{}, "summary": map[string]any{"total_count": p.reactions, "viewer_reaction": "NONE"}},
		"comments":  map[string]any{"data": []any{}, "summary": map[string]any{"order": "ranked", "total_count": comments, "can_comment": true}},
	}
	if p.message == "" {
		delete(all, "message")
	}
	if p.comment {
		all["is_hidden"] = p.hidden
		if t := s.find(p.target); t != nil && t.comment {
			all["parent"] = map[string]any{"id": t.id, "message": t.message, "created_time": t.created.UTC().Format(graphtest.TimeLayout)}
		}
	} else {
		all["updated_time"] = p.updated.UTC().Format(graphtest.TimeLayout)
		if p.shares > 0 {
			all["shares"] = map[string]any{"count": p.shares}
		}
		switch {
		case len(p.photos) == 1:
			all["attachments"] = map[string]any{"data": []any{map[string]any{"media_type": "photo", "type": "photo", "target": map[string]any{"id": p.photos[0]}}}}
		case len(p.photos) > 1:
			var subs []any
			for _, id := range p.photos {
				subs = append(subs, map[string]any{"media_type": "photo", "type": "photo", "target": map[string]any{"id": id}})
			}
			all["attachments"] = map[string]any{"data": []any{map[string]any{"media_type": "album", "type": "album", "subattachments": map[string]any{"data": subs}}}}
		case p.link != "":
			all["attachments"] = map[string]any{"data": []any{map[string]any{"media_type": "link", "type": "share", "unshimmed_url": p.link}}}
		}
	}
	return pick(all, fields)
}

// messageLimit is a Page post's and a comment's most characters, counted
// in UTF-16 code units.
const messageLimit = 63206

func tooLong(s string) bool { return len(utf16.Encode([]rune(s))) > messageLimit }

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	f := r.Form
	p := &post{from: author{PageID, PageName}, message: f.Get("message"), link: f.Get("link"), byAPI: true}
	if tooLong(p.message) {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) The message is too long.", Code: 100})
		return
	}
	var photos []*photo
	for i := 0; ; i++ {
		v := f.Get(fmt.Sprintf("attached_media[%d]", i))
		if v == "" {
			break
		}
		var m struct {
			ID string `json:"media_fbid"`
		}
		if json.Unmarshal([]byte(v), &m) != nil || m.ID == "" {
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) param attached_media must be an array of objects with media_fbid", Code: 100})
			return
		}
		ph := s.photos[m.ID]
		switch {
		case ph == nil:
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Invalid media_fbid " + m.ID, Code: 100})
			return
		case ph.published || ph.attached != "":
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#10) The media " + m.ID + " is already published or attached to a post", Code: 10, Type: "GraphMethodException"})
			return
		}
		photos = append(photos, ph)
	}
	if p.message == "" && p.link == "" && len(photos) == 0 {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Missing message or attachment", Code: 100})
		return
	}
	if len(photos) > 0 {
		p.link = "" // a post with photos shows them, not the link's card
	}
	s.add(p, s.now().Add(-s.Backdate))
	for _, ph := range photos {
		ph.attached = p.id
		p.photos = append(p.photos, ph.id)
	}
	graphtest.WriteJSON(w, 200, map[string]any{"id": p.id})
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["source"]) == 0 {
		if r.Form.Get("url") == "" {
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#324) Requires upload file", Code: 324})
			return
		}
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) This fake takes the image's bytes in source", Code: 100})
		return
	}
	fh := r.MultipartForm.File["source"][0]
	file, err := fh.Open()
	if err != nil {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#324) Requires upload file", Code: 324})
		return
	}
	data, _ := io.ReadAll(io.LimitReader(file, 11<<20))
	file.Close()
	if len(data) > 10<<20 {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) The photo is larger than 10 MB", Code: 100})
		return
	}
	switch http.DetectContentType(data) {
	case "image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff":
	default:
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#324) Missing or invalid image file", Code: 324})
		return
	}
	f := r.Form
	for k, v := range r.MultipartForm.Value {
		f[k] = v
	}
	ph := &photo{id: strconv.Itoa(880000000 + s.next()), alt: f.Get("alt_text_custom"), size: len(data),
		published: f.Get("published") != "false"}
	s.photos[ph.id] = ph
	ans := map[string]any{"id": ph.id}
	if ph.published {
		p := &post{from: author{PageID, PageName}, message: f.Get("message") + f.Get("caption"), byAPI: true}
		s.add(p, s.now().Add(-s.Backdate))
		p.photos = []string{ph.id}
		ph.attached = p.id
		ans["post_id"] = p.id
	}
	graphtest.WriteJSON(w, 200, ans)
}

func (s *Server) comment(w http.ResponseWriter, r *http.Request, id string) {
	target := s.find(id)
	if target == nil {
		graphtest.NotFound(w, id)
		return
	}
	f := r.Form
	msg := f.Get("message")
	att := f.Get("attachment_id")
	if msg == "" && att == "" {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Missing message or attachment", Code: 100})
		return
	}
	if tooLong(msg) {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) The message is too long.", Code: 100})
		return
	}
	var ph *photo
	if att != "" {
		if ph = s.photos[att]; ph == nil || ph.published || ph.attached != "" {
			graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Invalid attachment_id " + att, Code: 100})
			return
		}
	}
	c := s.newComment(target, author{PageID, PageName}, msg)
	c.byAPI = true
	if ph != nil {
		ph.attached = c.id
		c.photos = []string{ph.id}
	}
	graphtest.WriteJSON(w, 200, map[string]any{"id": c.id})
}

func (s *Server) hide(w http.ResponseWriter, r *http.Request, id string, pageTok bool) {
	c := s.find(id)
	if c == nil {
		graphtest.NotFound(w, id)
		return
	}
	if !pageTok {
		needsPage(w)
		return
	}
	v := r.Form.Get("is_hidden")
	if !c.comment || v == "" {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) Only a comment can be hidden, with is_hidden", Code: 100})
		return
	}
	if c.from.id == PageID {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) A Page cannot hide its own comments", Code: 100})
		return
	}
	if !s.pages(c) {
		permissionError(w)
		return
	}
	c.hidden = v == "true"
	graphtest.WriteJSON(w, 200, map[string]any{"success": true})
}

// permissionError is Graph's refusal of an object the Page may not act
// on (a comment under someone else's post).
func permissionError(w http.ResponseWriter) {
	graphtest.WriteError(w, http.StatusForbidden, graphtest.APIError{Message: "(#200) Permissions error", Code: 200})
}

// pages reports whether the Page owns p, or the post p is under.
func (s *Server) pages(p *post) bool {
	if !p.comment {
		return p.from.id == PageID
	}
	r := s.find(p.root)
	return r != nil && r.from.id == PageID
}

// remove deletes a comment under the Page's posts (or a post of the
// Page's), with its replies, as DELETE /{object-id} does.
func (s *Server) remove(w http.ResponseWriter, id string, pageTok bool) {
	p := s.find(id)
	if p == nil {
		graphtest.NotFound(w, id)
		return
	}
	if !pageTok {
		needsPage(w)
		return
	}
	if !s.pages(p) {
		permissionError(w)
		return
	}
	s.posts = slices.DeleteFunc(s.posts, func(q *post) bool { return q == p || q.target == id || q.root == id })
	graphtest.WriteJSON(w, 200, map[string]any{"success": true})
}

// like makes the Page like (or no longer like) a post or comment it
// can see: its own, one it is tagged in, and the comments under them.
func (s *Server) like(w http.ResponseWriter, id string, pageTok, on bool) {
	p := s.find(id)
	if p == nil {
		graphtest.NotFound(w, id)
		return
	}
	if !pageTok {
		needsPage(w)
		return
	}
	root := p
	if p.comment {
		root = s.find(p.root)
	}
	if root == nil || root.from.id != PageID && !root.tagsPage {
		permissionError(w)
		return
	}
	p.liked = on
	graphtest.WriteJSON(w, 200, map[string]any{"success": true})
}

// list answers what keep keeps, newest first (oldest first when
// chronological), from since to until (Unix seconds, on created_time),
// paged with cursors as Graph pages: before and after cursors, and a
// next URL while there is more.
func (s *Server) list(w http.ResponseWriter, r *http.Request, keep func(*post) bool, chronological bool) {
	f := r.Form
	var since, until time.Time
	for _, b := range []struct {
		name string
		t    *time.Time
	}{{"since", &since}, {"until", &until}} {
		if v := f.Get(b.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				graphtest.WriteError(w, 400, graphtest.APIError{Message: "(#100) The parameter " + b.name + " must be a Unix timestamp", Code: 100})
				return
			}
			*b.t = time.Unix(n, 0)
		}
	}
	var matched []*post
	for i := len(s.posts) - 1; i >= 0; i-- {
		p := s.posts[i]
		if !keep(p) || (!since.IsZero() && p.created.Before(since)) || (!until.IsZero() && p.created.After(until)) {
			continue
		}
		matched = append(matched, p)
	}
	slices.SortStableFunc(matched, func(a, b *post) int { return b.created.Compare(a.created) })
	if chronological {
		slices.Reverse(matched)
	}
	// Graph's next address holds a token: a client must not follow it
	// as it is.
	pager := graphtest.Pager{Base: s.url, Size: 25, Max: s.MaxLimit, CursorPrefix: "QVFI", NextToken: "EAA-token-in-next-url"}
	pager.Write(w, r, len(matched), func(i int) any { return s.object(matched[i], f.Get("fields")) })
}
