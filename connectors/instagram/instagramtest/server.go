// Package instagramtest is a fake of the Instagram API with Instagram
// Login (graph.instagram.com) for tests, following Meta's documentation
// of it: the profile (GET /me), media containers made with POST
// /{ig-user-id}/media and published with POST
// /{ig-user-id}/media_publish, carousels of up to 10 items, the
// account's media, the daily publishing limit
// (content_publishing_limit), comments and their replies, hiding and
// deleting a comment, and the media's insights, in the documented JSON shapes.
//
// It is as unkind as the real server: it fetches each image_url itself
// and refuses anything but a JPEG of at most 8 MB between 4:5 and 1.91:1
// (error 9004 or 36003 with their 2207xxx subcodes, HTTP 400); a
// container stays IN_PROGRESS for a while (ProcessingTime, on the fake's
// clock) and is EXPIRED after 24 hours; media_publish of a container not
// ready is error 9007; the same request twice makes two containers (no
// idempotency); a bad token is error 190 with HTTP 400; the publishing
// limit is enforced at media_publish (code 9, subcode 2207042); every
// answer carries X-App-Usage; and times are written as Meta writes them,
// 2026-12-01T09:30:00+0000.
package instagramtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg"
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
const Token = "IGAAfake-long-lived-token-0123456789"

// UserID is the account's Instagram professional account ID (user_id).
const UserID = "17841400000000002"

// AppScopedID is the account's app-scoped ID (id), which Relais never
// uses to publish.
const AppScopedID = "9000000000000002"

// Username is the account's username.
const Username = "boulangerie.martin"

// Operations a test can fail, besides conformance's (OpProfile is /me,
// OpPublish media_publish, OpUpload a container with an image, OpRead the
// account's media list).
const (
	OpQuota     conformance.Op = "quota"     // content_publishing_limit
	OpStatus    conformance.Op = "status"    // a container's status
	OpContainer conformance.Op = "container" // making a container
	OpComments  conformance.Op = "comments"  // a media's comments
	OpInsights  conformance.Op = "insights"  // a media's insights
	OpReply     conformance.Op = "reply"     // a comment or a reply
	OpDelete    conformance.Op = "delete"    // deleting a comment
)

// Server is the fake. Its exported fields are set before the first
// request; its methods are safe while clients talk to it.
type Server struct {
	// ProcessingTime is how long a new container stays IN_PROGRESS.
	ProcessingTime time.Duration
	// QuotaTotal is how many posts may be published in 24 hours (100).
	QuotaTotal int
	// PageSize is how many items a list answers at most (25).
	PageSize int
	// AccountType is the profile's account_type: BUSINESS,
	// MEDIA_CREATOR, or PERSONAL for an account the API refuses.
	AccountType string
	// RefuseInsights answers a media's insights with error 10 (the
	// permission instagram_business_manage_insights not granted).
	RefuseInsights bool
	// Usage is the X-App-Usage every answer carries.
	Usage string
	// ContainerError makes every new container end in ERROR with this
	// status (an image Instagram fetched but could not process).
	ContainerError string

	graphtest.Log      // the requests received
	graphtest.Failures // what FailNext and FailCode asked for
	mu                 sync.Mutex
	url                string
	now                func() time.Time
	seq                int
	cont               map[string]*container
	media              []*media
	comments           []*comment
	fetches            []string // image addresses fetched
	fetch              *http.Client
}

type container struct {
	id        string
	mediaType string // IMAGE, CAROUSEL
	caption   string
	alt       string
	children  []string
	carousel  bool
	created   time.Time
	errorMsg  string
	published string
}

type media struct {
	id        string
	caption   string
	mediaType string // IMAGE, CAROUSEL_ALBUM
	alts      []string
	at        time.Time
	api       bool
	likes     int
	views     int
	reach     int
	saved     int
	shares    int
	seq       int
}

type comment struct {
	id      string
	media   string
	parent  string // "" for a comment on the media
	author  string
	text    string
	at      time.Time
	hidden  bool
	seq     int
	created time.Time
}

// NewServer returns an empty fake on the wall clock.
func NewServer() *Server {
	return &Server{QuotaTotal: 100, PageSize: 25, AccountType: "BUSINESS",
		Usage: `{"call_count":3,"total_cputime":1,"total_time":2}`,
		now:   time.Now, cont: map[string]*container{}, fetch: &http.Client{Timeout: 5 * time.Second}}
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

// SetClock makes the fake tell time with now.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

// URL is the API's base, as --api takes it.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url + "/v23.0"
}

// Account returns the account and its secret, as connecting it with a
// long-lived token would have stored them.
func (s *Server) Account() (app.Account, app.Secret) {
	return app.Account{Network: app.Instagram, Server: s.URL(), RemoteID: UserID, Handle: Username},
		app.Secret{AccessToken: Token}
}

// FailContainer makes a container end in ERROR with this status text.
func (s *Server) FailContainer(id, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cont[id]; c != nil {
		c.errorMsg = status
	}
}

// Posts returns what the account made, oldest first: its media (Text
// the caption) and its comments and replies (ReplyTo what they answer).
func (s *Server) Posts() []conformance.Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	type made struct {
		seq int
		p   conformance.Post
	}
	var all []made
	for _, m := range s.media {
		all = append(all, made{m.seq, conformance.Post{ID: m.id, Text: m.caption, Alts: slices.Clone(m.alts)}})
	}
	for _, c := range s.comments {
		if c.author == Username {
			to := c.parent
			if to == "" {
				to = c.media
			}
			all = append(all, made{c.seq, conformance.Post{ID: c.id, Text: c.text, ReplyTo: to}})
		}
	}
	slices.SortFunc(all, func(a, b made) int { return a.seq - b.seq })
	out := make([]conformance.Post, len(all))
	for i, m := range all {
		out[i] = m.p
	}
	return out
}

// Containers returns how many containers were made.
func (s *Server) Containers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.cont)
}

// Fetches returns the image addresses the fake fetched.
func (s *Server) Fetches() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.fetches)
}

// Mention makes author write a comment mentioning the account under its
// latest media (one made in Instagram's app when it has none): what the
// API tells of the account being talked to.
func (s *Server) Mention(author, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.media) == 0 {
		s.addMedia(&media{caption: "Bienvenue", mediaType: "IMAGE", alts: []string{""}})
	}
	s.addComment(&comment{media: s.media[len(s.media)-1].id, author: author, text: "@" + Username + " " + text})
}

// Comment makes author comment on a media, and returns the comment's ID.
func (s *Server) Comment(author, mediaID, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &comment{media: mediaID, author: author, text: text}
	s.addComment(c)
	return c.id
}

// Reply makes author reply to a comment, and returns the reply's ID.
func (s *Server) Reply(author, commentID, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	parent := s.findComment(commentID)
	if parent == nil {
		return ""
	}
	c := &comment{media: parent.media, parent: commentID, author: author, text: text}
	s.addComment(c)
	return c.id
}

// Publish makes a media as if the account had posted it in Instagram's
// own app (not through the API: it does not count in the limit).
func (s *Server) Publish(caption string, at time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &media{caption: caption, mediaType: "IMAGE", alts: []string{""}}
	s.addMedia(m)
	m.at = at.UTC().Truncate(time.Second)
	return m.id
}

// Like adds likes, views, reach, saves and shares to a media.
func (s *Server) Like(id string, likes, views, reach, saved, shares int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findMedia(id); m != nil {
		m.likes += likes
		m.views += views
		m.reach += reach
		m.saved += saved
		m.shares += shares
	}
}

// Reactions returns a media's likes; Instagram has no boost.
func (s *Server) Reactions(id string) (likes, boosts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findMedia(id); m != nil {
		return m.likes, 0
	}
	return 0, 0
}

// ForeignComment makes author comment on another account's media (one
// the account was mentioned under), and returns the comment's ID: the
// account may read it, not delete it.
func (s *Server) ForeignComment(author, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &comment{media: s.nextID(), author: author, text: "@" + Username + " " + text}
	s.addComment(c)
	return c.id
}

// Exists reports whether a comment is there (not deleted).
func (s *Server) Exists(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.findComment(id) != nil
}

// Hidden reports whether a comment is hidden.
func (s *Server) Hidden(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.findComment(id)
	return c != nil && c.hidden
}

func (s *Server) nextID() string {
	s.seq++
	return strconv.Itoa(18000000000000000 + s.seq)
}

func (s *Server) addMedia(m *media) {
	m.id = s.nextID()
	m.seq = s.seq
	m.at = s.now().UTC().Truncate(time.Second)
	s.media = append(s.media, m)
}

func (s *Server) addComment(c *comment) {
	c.id = s.nextID()
	c.seq = s.seq
	c.at = s.now().UTC().Truncate(time.Second)
	s.comments = append(s.comments, c)
}

func (s *Server) findMedia(id string) *media {
	for _, m := range s.media {
		if m.id == id {
			return m
		}
	}
	return nil
}

func (s *Server) findComment(id string) *comment {
	for _, c := range s.comments {
		if c.id == id {
			return c
		}
	}
	return nil
}

func (s *Server) status(c *container) string {
	age := s.now().Sub(c.created)
	switch {
	case c.published != "":
		return "PUBLISHED"
	case c.errorMsg != "":
		return "ERROR"
	case age >= 24*time.Hour:
		return "EXPIRED"
	case age < s.ProcessingTime:
		return "IN_PROGRESS"
	}
	return "FINISHED"
}

// Handler serves the API, under /v23.0 (any version) or at the root.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

func op(method string, parts []string, form func(string) string) conformance.Op {
	get, post := method == http.MethodGet, method == http.MethodPost
	switch {
	case len(parts) == 1 && parts[0] == "me":
		return conformance.OpProfile
	case post && len(parts) == 2 && parts[1] == "media_publish":
		return conformance.OpPublish
	case post && len(parts) == 2 && parts[1] == "media":
		return OpContainer
	case len(parts) == 2 && parts[1] == "content_publishing_limit":
		return OpQuota
	case get && len(parts) == 2 && parts[1] == "media":
		return conformance.OpRead
	case get && len(parts) == 2 && (parts[1] == "comments" || parts[1] == "replies"):
		return OpComments
	case post && len(parts) == 2 && (parts[1] == "comments" || parts[1] == "replies"):
		return OpReply
	case len(parts) == 2 && parts[1] == "insights":
		return OpInsights
	case method == http.MethodDelete && len(parts) == 1:
		return OpDelete
	case get && len(parts) == 1 && strings.Contains(form("fields"), "status_code"):
		return OpStatus
	}
	return ""
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, parts := graphtest.Path(r)
	if err := r.ParseForm(); err != nil {
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "bad form", Code: 100})
		return
	}
	s.Record(r, path)
	s.mu.Lock()
	usage := s.Usage
	s.mu.Unlock()
	o := op(r.Method, parts, r.Form.Get)
	if o == OpContainer && r.Form.Get("image_url") != "" && s.Pending(conformance.OpUpload) {
		o = conformance.OpUpload
	}
	if usage != "" {
		w.Header().Set("X-App-Usage", usage)
	}
	f := s.Take(o)
	if f.Before(w, r) {
		return
	}
	if graphtest.Token(r) != Token {
		graphtest.ExpiredToken(w)
		return
	}
	rec := httptest.NewRecorder()
	s.route(rec, r, parts)
	f.After(w, r, rec)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, parts []string) {
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	mine := len(parts) == 2 && (parts[0] == UserID || parts[0] == "me")
	switch {
	case len(parts) == 1 && parts[0] == "me" && get:
		s.profile(w)
	case len(parts) == 2 && !mine && (parts[1] == "media" || parts[1] == "media_publish" || parts[1] == "content_publishing_limit"):
		graphtest.NotFound(w, parts[0])
	case mine && parts[1] == "media" && post:
		s.createContainer(w, r)
	case mine && parts[1] == "media_publish" && post:
		s.publish(w, r)
	case mine && parts[1] == "media" && get:
		s.listMedia(w, r)
	case mine && parts[1] == "content_publishing_limit" && get:
		s.mu.Lock()
		used := s.used()
		s.mu.Unlock()
		graphtest.WriteJSON(w, 200, map[string]any{"data": []any{map[string]any{
			"quota_usage": used, "config": map[string]any{"quota_total": s.QuotaTotal, "quota_duration": 86400}}}})
	case len(parts) == 2 && (parts[1] == "comments" || parts[1] == "replies") && get:
		s.listComments(w, r, parts[0], parts[1] == "replies")
	case len(parts) == 2 && (parts[1] == "comments" || parts[1] == "replies") && post:
		s.addReply(w, r, parts[0], parts[1] == "replies")
	case len(parts) == 2 && parts[1] == "insights" && get:
		s.insights(w, r, parts[0])
	case len(parts) == 1 && post:
		s.hide(w, r, parts[0])
	case len(parts) == 1 && r.Method == http.MethodDelete:
		s.remove(w, parts[0])
	case len(parts) == 1 && get:
		s.object(w, r, parts[0])
	default:
		graphtest.WriteError(w, 400, graphtest.APIError{Message: "Unknown path components: /" + strings.Join(parts, "/"), Code: 2500})
	}
}

func (s *Server) profile(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	graphtest.WriteJSON(w, 200, map[string]any{"id": AppScopedID, "user_id": UserID, "username": Username,
		"name": "Boulangerie Martin", "account_type": s.AccountType, "followers_count": 1234, "follows_count": 56,
		"media_count": len(s.media), "profile_picture_url": ""})
}

// used is how many posts the account published through the API in the
// last 24 hours.
func (s *Server) used() int {
	n := 0
	since := s.now().Add(-24 * time.Hour)
	for _, m := range s.media {
		if m.api && m.at.After(since) {
			n++
		}
	}
	return n
}

func bad(w http.ResponseWriter, code, subcode int, title, msg string) {
	graphtest.WriteError(w, 400, graphtest.APIError{Message: title, Code: code, Subcode: subcode, UserTitle: title, UserMsg: msg})
}

func (s *Server) createContainer(w http.ResponseWriter, r *http.Request) {
	f := r.Form
	s.mu.Lock()
	now := s.now()
	s.mu.Unlock()
	c := &container{caption: f.Get("caption"), alt: f.Get("alt_text"), carousel: f.Get("is_carousel_item") == "true", created: now, mediaType: "IMAGE"}
	switch mt := f.Get("media_type"); mt {
	case "", "IMAGE":
		u := f.Get("image_url")
		if u == "" {
			bad(w, 100, 0, "The parameter image_url is required.", "")
			return
		}
		// Meta fetches the image now; what it cannot take is refused.
		if e := s.fetchImage(u); e != nil {
			graphtest.WriteError(w, 400, *e)
			return
		}
	case "CAROUSEL":
		c.mediaType = "CAROUSEL"
		c.children = strings.Split(f.Get("children"), ",")
		if len(c.children) < 2 || len(c.children) > 10 {
			bad(w, 100, 2207028, "Carousel validation failed", "A carousel takes 2 to 10 items.")
			return
		}
		s.mu.Lock()
		for _, id := range c.children {
			if ch := s.cont[id]; ch == nil || !ch.carousel {
				s.mu.Unlock()
				bad(w, 100, 2207028, "Carousel validation failed", "Invalid children: "+id)
				return
			}
		}
		s.mu.Unlock()
	default:
		bad(w, 100, 2207023, "The media type entered is not one of the expected media types.", "")
		return
	}
	if len([]rune(c.caption)) > 2200 {
		bad(w, 100, 2207010, "Caption too long", "The caption is longer than 2,200 characters.")
		return
	}
	if app.CountHashtags(c.caption) > 30 {
		bad(w, 100, 2207010, "Too many hashtags", "A caption holds at most 30 hashtags.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.id = s.nextID()
	c.errorMsg = s.ContainerError
	s.cont[c.id] = c
	graphtest.WriteJSON(w, 200, map[string]any{"id": c.id})
}

// fetchImage fetches a container's image as Meta does, and tells what
// it refuses.
func (s *Server) fetchImage(u string) *graphtest.APIError {
	s.mu.Lock()
	s.fetches = append(s.fetches, u)
	s.mu.Unlock()
	download := &graphtest.APIError{Code: 9004, Subcode: 2207052, Message: "Media download has failed. The media URI doesn't meet our requirements.",
		UserTitle: "Media download failed", UserMsg: "The media could not be fetched from the URI provided."}
	resp, err := s.fetch.Get(u)
	if err != nil {
		return download
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 9<<20))
	if resp.StatusCode != 200 {
		download.UserMsg = fmt.Sprintf("The media URI answered HTTP %d.", resp.StatusCode)
		return download
	}
	if len(data) > 8<<20 {
		return &graphtest.APIError{Code: 36000, Subcode: 2207004, Message: "The image size is too large.", UserTitle: "Image size too large", UserMsg: "The image is too large to download. It should be less than 8 MiB."}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || format != "jpeg" {
		return &graphtest.APIError{Code: 9004, Subcode: 2207026, Message: "Unsupported format", UserTitle: "Unsupported image format", UserMsg: "Only JPEG images are supported."}
	}
	if !app.RatioFits(cfg.Width, cfg.Height, 0.8, 1.91) {
		return &graphtest.APIError{Code: 36003, Subcode: 2207009, Message: "The aspect ratio is not supported.", UserTitle: "Aspect ratio not supported",
			UserMsg: "The submitted image with aspect ratio " + strconv.Itoa(cfg.Width) + "/" + strconv.Itoa(cfg.Height) + " cannot be published. Please submit an image with a valid aspect ratio."}
	}
	return nil
}

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.Form.Get("creation_id")
	c := s.cont[id]
	if c == nil || c.carousel {
		graphtest.NotFound(w, id)
		return
	}
	switch st := s.status(c); st {
	case "FINISHED":
	case "IN_PROGRESS":
		bad(w, 9007, 2207027, "The media is not ready for publishing, please wait for a moment", "")
		return
	case "EXPIRED":
		bad(w, -2, 2207020, "The media you are trying to access has expired. Please try to upload again.", "")
		return
	default:
		bad(w, -1, 2207032, "Create media fail, please try to re-create media", "Container status: "+st)
		return
	}
	if s.used() >= s.QuotaTotal {
		bad(w, 9, 2207042, "You reached maximum number of posts that is allowed to be published by Content Publishing API.", "")
		return
	}
	m := &media{caption: c.caption, mediaType: "IMAGE", alts: []string{c.alt}, api: true}
	if c.mediaType == "CAROUSEL" {
		m.mediaType, m.alts = "CAROUSEL_ALBUM", nil
		for _, ch := range c.children {
			m.alts = append(m.alts, s.cont[ch].alt)
			s.cont[ch].published = "child"
		}
	}
	s.addMedia(m)
	c.published = m.id
	graphtest.WriteJSON(w, 200, map[string]any{"id": m.id})
}

func shortcode(id string) string { return "C" + id[len(id)-6:] }

func (s *Server) mediaFields(m *media, fields string) map[string]any {
	comments := 0
	for _, c := range s.comments {
		if c.media == m.id {
			comments++
		}
	}
	all := map[string]any{"id": m.id, "caption": m.caption, "media_type": m.mediaType, "username": Username,
		"permalink": "https://www.instagram.com/p/" + shortcode(m.id) + "/", "timestamp": m.at.Format(graphtest.TimeLayout),
		"like_count": m.likes, "comments_count": comments, "shortcode": shortcode(m.id), "media_product_type": "FEED"}
	return pick(all, fields, m.id)
}

func pick(all map[string]any, fields, id string) map[string]any {
	out := map[string]any{"id": id}
	for _, f := range strings.Split(fields, ",") {
		if v, ok := all[strings.TrimSpace(f)]; ok {
			out[strings.TrimSpace(f)] = v
		}
	}
	return out
}

func (s *Server) listMedia(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var since time.Time
	if v := r.Form.Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad(w, 100, 0, "Param since must be a Unix timestamp", "")
			return
		}
		since = time.Unix(n, 0)
	}
	var list []*media
	for i := len(s.media) - 1; i >= 0; i-- {
		if m := s.media[i]; since.IsZero() || !m.at.Before(since) {
			list = append(list, m)
		}
	}
	graphtest.Page(w, r, s.url, len(list), s.PageSize, func(i int) any { return s.mediaFields(list[i], r.Form.Get("fields")) })
}

func (s *Server) commentFields(c *comment, fields string) map[string]any {
	all := map[string]any{"id": c.id, "text": c.text, "username": c.author, "timestamp": c.at.Format(graphtest.TimeLayout),
		"hidden": c.hidden, "like_count": 0, "from": map[string]any{"id": "u" + c.author, "username": c.author},
		"media": map[string]any{"id": c.media}}
	if c.parent != "" {
		all["parent_id"] = c.parent
	}
	// Field expansion: replies{id,text,...} embeds the replies.
	base, sub, _ := strings.Cut(fields, "replies{")
	if sub != "" {
		sub, rest, _ := strings.Cut(sub, "}")
		var replies []any
		for _, r := range s.comments {
			if r.parent == c.id {
				replies = append(replies, s.commentFields(r, sub))
			}
		}
		if replies != nil {
			all["replies"] = map[string]any{"data": replies}
		}
		fields = base + "replies" + rest
	}
	return pick(all, fields, c.id)
}

// listComments lists a media's comments (oldest first, as Instagram
// answers them), or a comment's replies.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request, id string, replies bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if replies && s.findComment(id) == nil || !replies && s.findMedia(id) == nil {
		graphtest.NotFound(w, id)
		return
	}
	var list []*comment
	for _, c := range s.comments {
		if replies && c.parent == id || !replies && c.media == id && c.parent == "" {
			list = append(list, c)
		}
	}
	graphtest.Page(w, r, s.url, len(list), s.PageSize, func(i int) any { return s.commentFields(list[i], r.Form.Get("fields")) })
}

// addReply comments on a media (POST /{media-id}/comments) or replies to
// a comment (POST /{comment-id}/replies) as the account.
func (s *Server) addReply(w http.ResponseWriter, r *http.Request, id string, reply bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	text := r.Form.Get("message")
	if text == "" {
		bad(w, 100, 0, "The parameter message is required.", "")
		return
	}
	c := &comment{author: Username, text: text}
	if reply {
		parent := s.findComment(id)
		if parent == nil {
			graphtest.NotFound(w, id)
			return
		}
		if parent.parent != "" {
			bad(w, 100, 0, "Replies are only possible to top-level comments.", "")
			return
		}
		c.media, c.parent = parent.media, id
	} else {
		if s.findMedia(id) == nil {
			graphtest.NotFound(w, id)
			return
		}
		c.media = id
	}
	s.addComment(c)
	graphtest.WriteJSON(w, 200, map[string]any{"id": c.id})
}

func (s *Server) hide(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.findComment(id)
	if c == nil {
		graphtest.NotFound(w, id)
		return
	}
	if s.findMedia(c.media) == nil {
		graphtest.WriteError(w, 400, graphtest.APIError{Code: 10, Message: "(#10) Application does not have permission for this action", Type: "OAuthException"})
		return
	}
	c.hidden = r.Form.Get("hide") == "true"
	graphtest.WriteJSON(w, 200, map[string]any{"success": true})
}

// remove deletes a comment under the account's media, with its
// replies; one under another account's media is refused with code 10, as
// Instagram answers.
func (s *Server) remove(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.findComment(id)
	if c == nil {
		graphtest.NotFound(w, id)
		return
	}
	if s.findMedia(c.media) == nil {
		graphtest.WriteError(w, 400, graphtest.APIError{Code: 10, Message: "(#10) Application does not have permission for this action", Type: "OAuthException"})
		return
	}
	s.comments = slices.DeleteFunc(s.comments, func(x *comment) bool { return x == c || x.parent == id })
	graphtest.WriteJSON(w, 200, map[string]any{"success": true})
}

func (s *Server) insights(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findMedia(id)
	if m == nil {
		graphtest.NotFound(w, id)
		return
	}
	if s.RefuseInsights {
		graphtest.WriteError(w, 400, graphtest.APIError{Code: 10, Message: "(#10) Application does not have permission for this action", Type: "OAuthException"})
		return
	}
	comments := 0
	for _, c := range s.comments {
		if c.media == m.id {
			comments++
		}
	}
	values := map[string]int{"views": m.views, "reach": m.reach, "likes": m.likes, "comments": comments, "shares": m.shares, "saved": m.saved,
		"total_interactions": m.likes + comments + m.shares + m.saved}
	var data []any
	for _, name := range strings.Split(r.Form.Get("metric"), ",") {
		v, ok := values[name]
		if !ok {
			bad(w, 100, 0, "(#100) metric["+name+"] must be one of the following values: views, reach, likes, comments, shares, saved, total_interactions", "")
			return
		}
		data = append(data, map[string]any{"name": name, "period": "lifetime", "values": []any{map[string]any{"value": v}},
			"title": name, "id": m.id + "/insights/" + name + "/lifetime"})
	}
	graphtest.WriteJSON(w, 200, map[string]any{"data": data})
}

func (s *Server) object(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fields := r.Form.Get("fields")
	if c := s.cont[id]; c != nil {
		st := s.status(c)
		out := map[string]any{"id": c.id, "status_code": st}
		switch {
		case c.errorMsg != "":
			out["status"] = c.errorMsg
		case st == "FINISHED", st == "PUBLISHED":
			out["status"] = "Finished: Media has been uploaded and it is ready to be published."
		case st == "IN_PROGRESS":
			out["status"] = "In Progress: Media is still being processed."
		case st == "EXPIRED":
			out["status"] = "Expired: The container was not published within 24 hours and has expired."
		}
		graphtest.WriteJSON(w, 200, pick(out, fields, c.id))
		return
	}
	if m := s.findMedia(id); m != nil {
		graphtest.WriteJSON(w, 200, s.mediaFields(m, fields))
		return
	}
	if c := s.findComment(id); c != nil {
		graphtest.WriteJSON(w, 200, s.commentFields(c, fields))
		return
	}
	graphtest.NotFound(w, id)
}
