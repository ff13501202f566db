// Package mastodontest is a fake Mastodon server for tests: it speaks the
// part of Mastodon's documented API Relais uses, with the real JSON
// shapes (Status, MediaAttachment, Account, Notification, Instance,
// Application, Token, Context), Link headers for pagination, 202 for an
// image still being processed, Idempotency-Key as Mastodon keeps it, the
// OAuth 2 sign-in with PKCE (auto-approved), and the user stream as
// Server-Sent Events (stream.go).
//
// Tests make things happen with its helpers: Mention, Reply, Direct,
// Quote, Favourite, Boost, Follow, Burst (many mentions at once), Edit and
// Delete; each notification they make is also pushed to the open streams.
// SetFollowers sets the account's followers without a notification.
// SetLocked makes the account approve its followers (follow.go): Follow
// then makes a follow request, which WithdrawFollow takes back and
// Dismiss can leave without its notification.
//
// Server does not depend on package testing: the end-to-end test starts
// one from a standalone program (NewServer, then Serve; or serve Handler
// and call SetURL), and reads what arrived with GET /_test/posts. Start
// runs one in an httptest server for a test.
//
// It implements conformance.Fake, so the connectors' shared suite can
// drive it, including failures of the next request of an operation.
package mastodontest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // to read the size of uploaded images
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
)

// Defaults of a new Server.
const (
	// DefaultToken is the access token a new server accepts.
	DefaultToken = "fake-mastodon-access-token-5f1c"
	// Username is the signed-in account's user name.
	Username = "relais"
	// MaxCharacters and the others are the limits the server announces
	// (SetStatusLimits changes the first two).
	MaxCharacters       = 500
	CharactersPerURL    = 23
	MaxMediaAttachments = 4
	ImageSizeLimit      = 16 << 20
	DescriptionLimit    = 1500
	// idempotencyTTL is how long Mastodon keeps an Idempotency-Key.
	idempotencyTTL = time.Hour
	// rateLimitPeriod is the window of Mastodon's rate limits.
	rateLimitPeriod = 5 * time.Minute
)

// Request is one request the server received, for tests to look at.
type Request struct {
	Method         string
	Path           string
	Query          url.Values
	IdempotencyKey string
	// Authorized tells whether it carried the valid token.
	Authorized bool
}

// Server is a fake Mastodon server. Its methods are safe for concurrent
// use, also while it serves.
type Server struct {
	mu  sync.Mutex
	url string
	now func() time.Time

	token           string
	mediaProcessing int
	// ignoreIdem makes POST /api/v1/statuses ignore Idempotency-Key, as
	// GoToSocial does.
	ignoreIdem bool
	// multiGetMissing is the status GET /api/v1/statuses?id[]= answers
	// when the server has no such endpoint; 0 when it has one.
	multiGetMissing int
	deny            bool
	// streaming is how the server streams, streamingURL the streaming
	// server the instance names ("" for itself); heartbeat is how often
	// a stream gets a ping or a :thump comment (0 for never).
	streaming    Streaming
	streamingURL string
	heartbeat    time.Duration
	streams      map[*streamClient]bool
	stopped      bool // the HTTP server is closing: no new stream
	// noTagStream is set when a server that streams as Mastodon does
	// offers no hashtag stream (SetTagStreaming).
	noTagStream bool
	// knownTypes are the notification types the server knows (nil: any);
	// unknownAsked, the unknown ones a types[] or exclude_types[] named.
	knownTypes   []string
	unknownAsked []string

	// locked is true when the account approves its followers; requests
	// are the follow requests waiting, oldest first (follow.go).
	locked     bool
	followReqs []*fakeFollowRequest
	requestSeq int64
	// limits are what a status may hold, as announced and enforced.
	limits StatusLimits
	// textSearch is what a text search of statuses finds (search.go).
	textSearch TextSearch

	me       *fakeAccount
	accounts map[string]*fakeAccount // by acct
	// tokens are the tokens of other accounts (TokenFor), which may read
	// statuses and their own notifications.
	tokens map[string]*fakeAccount
	// othersNotifs are the notifications of the other accounts: the
	// mentions in the account's statuses.
	othersNotifs map[*fakeAccount][]*fakeNotification

	statuses []*fakeStatus
	byID     map[string]*fakeStatus
	media    map[string]*fakeMedia
	notifs   []*fakeNotification
	idem     map[string]idemEntry
	fails    map[conformance.Op][]failure
	apps     map[string]*fakeApp // by client ID
	// registered counts the apps registered (POST /api/v1/apps), even
	// those since forgotten.
	registered int
	grants     map[string]*fakeGrant // by code
	requests   []Request

	// index counts statuses by account and replies by status; nil when
	// statuses changed since it was made.
	index *statusIndex

	lastStatusID int64
	notifSeq     int64
	mediaSeq     int64
	accountSeq   int64
}

type fakeAccount struct {
	id, username, acct, name, url string
	createdAt                     time.Time
	followers, following          int
	// follows is true once the account follows the signed-in one.
	follows bool
	// note is the account's bio, in HTML; "" for the default one.
	note string
	// avatar is the image its avatar's URL serves (SetAvatar); nil for
	// the default one.
	avatar []byte
}

type fakeStatus struct {
	id        string
	account   *fakeAccount
	text      string // the source text, as posted
	content   string // its HTML
	createdAt time.Time
	replyTo   *fakeStatus
	quote     *fakeStatus // the status it quotes
	editedAt  time.Time   // zero if never edited
	spoiler   string
	// sensitive is the status's sensitive flag as posted: like
	// GoToSocial, the server does not set it for a spoiler_text alone,
	// so images behind a content warning show unless it is sent.
	sensitive   bool
	visibility  string
	language    string
	media       []*fakeMedia
	mentions    []*fakeAccount
	favouriters map[string]bool // account IDs
	rebloggers  map[string]bool
	// reblogOf is the status a boost boosts (Reblog, search.go); nil
	// for a status of its own.
	reblogOf *fakeStatus
}

type fakeMedia struct {
	id          string
	owner       *fakeAccount
	typ         string
	size        int
	width       int
	height      int
	description string
	pending     int // GET /api/v1/media/:id answers 206 this many more times
	attached    bool
}

type fakeNotification struct {
	id        string
	typ       string
	createdAt time.Time
	account   *fakeAccount
	status    *fakeStatus
}

type idemEntry struct {
	status *fakeStatus
	at     time.Time
}

type failure struct {
	conformance.Failure
	header http.Header
}

type fakeApp struct {
	id, name, website, clientID, clientSecret string
	redirects                                 []string
	scopes                                    []string
}

type fakeGrant struct {
	app       *fakeApp
	redirect  string
	scope     string
	challenge string
	method    string
}

var _ conformance.Fake = (*Server)(nil)

// NewServer returns a fake server holding one account, Username, which
// DefaultToken signs in. It serves through Handler; call SetURL with the
// address it is served at.
func NewServer() *Server {
	s := &Server{
		now:        time.Now,
		token:      DefaultToken,
		accounts:   map[string]*fakeAccount{},
		byID:       map[string]*fakeStatus{},
		media:      map[string]*fakeMedia{},
		idem:       map[string]idemEntry{},
		fails:      map[conformance.Op][]failure{},
		apps:       map[string]*fakeApp{},
		grants:     map[string]*fakeGrant{},
		notifSeq:   94, // IDs cross from two digits to three early
		mediaSeq:   22348640,
		accountSeq: 109302938413000000,
		streaming:  StreamWebSocket,
		heartbeat:  DefaultHeartbeat,
		streams:    map[*streamClient]bool{},
		limits:     StatusLimits{MaxCharacters: MaxCharacters, CharactersPerURL: CharactersPerURL},
		tokens:     map[string]*fakeAccount{},

		othersNotifs: map[*fakeAccount][]*fakeNotification{},
	}
	s.me = s.accountLocked(Username)
	s.me.name = "Relais Test"
	s.me.followers, s.me.following = 42, 7
	return s
}

// SetURL tells the server the base URL it is served at
// (http://127.0.0.1:port), used in the URLs it answers.
func (s *Server) SetURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.url = strings.TrimRight(u, "/")
	s.me.url = s.url + "/@" + s.me.username
}

// Serve serves the API on ln, its URL set to http://<ln's address>,
// until ln is closed: how a standalone program (the end-to-end test)
// runs the fake.
func (s *Server) Serve(ln net.Listener) error {
	s.SetURL("http://" + ln.Addr().String())
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// URL returns the base URL set by SetURL.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// SetNow sets the server's clock.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetToken sets the one access token the server accepts.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// Token returns the access token the server accepts.
func (s *Server) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// StatusLimits are what the server allows in a status.
type StatusLimits struct {
	// MaxCharacters and CharactersPerURL are announced in the instance's
	// configuration.statuses (max_characters,
	// characters_reserved_per_url).
	MaxCharacters    int
	CharactersPerURL int
	// GoToSocial counts and refuses as GoToSocial v0.20 does: every code
	// point of the text and the content warning, links in full whatever
	// it announces, and a status over the limit refused with 400 and its
	// words. Otherwise as Mastodon: graphemes, a link as
	// CharactersPerURL, 422.
	GoToSocial bool
}

// SetStatusLimits sets the limits the server announces and enforces
// (500 characters, 23 per link, as Mastodon, by default; GoToSocial's
// default is 5,000).
func (s *Server) SetStatusLimits(l StatusLimits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
}

// TokenFor returns a token that signs in as acct (an account of the
// server, made if need be), as that person's own app would: with it,
// GET /api/v1/statuses/:id reads as that account (a direct status is
// seen only by its author and the accounts it mentions) and
// GET /api/v1/notifications lists that account's notifications (the
// mentions the signed-in account made of it). Anything else is refused.
func (s *Server) TokenFor(acct string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(acct)
	for tok, b := range s.tokens {
		if b == a {
			return tok
		}
	}
	tok := "fake-token-of-" + a.id
	s.tokens[tok] = a
	return tok
}

// SetMediaProcessing makes each image uploaded from now on be processed
// in the background: POST /api/v2/media answers 202 with a null url, and
// GET /api/v1/media/:id answers 206 n times before 200. Zero processes
// images at once (200).
func (s *Server) SetMediaProcessing(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mediaProcessing = n
}

// SetMultiGet says whether GET /api/v1/statuses?id[]= exists (Mastodon
// 4.3 and later); without it the server answers 404, as older Mastodons
// do.
func (s *Server) SetMultiGet(ok bool) {
	if ok {
		s.SetMultiGetMissing(0)
	} else {
		s.SetMultiGetMissing(http.StatusNotFound)
	}
}

// SetMultiGetMissing makes GET /api/v1/statuses?id[]= answer status, as
// a server without it does: 404 (Mastodon before 4.3), 405 (GoToSocial,
// which routes only GET /api/v1/statuses/:id), or another. Zero serves
// it.
func (s *Server) SetMultiGetMissing(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.multiGetMissing = status
}

// SetNotificationTypes makes the server know only these notification
// types, as GoToSocial, which has no "quote": a types[] or
// exclude_types[] naming another type is ignored and noted (GoToSocial
// logs a warning each time), see UnknownTypesAsked. No types: any.
func (s *Server) SetNotificationTypes(types ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knownTypes = slices.Clone(types)
}

// UnknownTypesAsked returns the notification types outside those of
// SetNotificationTypes that requests named, one per time asked.
func (s *Server) UnknownTypesAsked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.unknownAsked)
}

// IgnoreIdempotencyKey makes POST /api/v1/statuses ignore the
// Idempotency-Key header, as GoToSocial does: the same request sent again
// makes another status.
func (s *Server) IgnoreIdempotencyKey(ignore bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ignoreIdem = ignore
}

// DenySignIn makes the sign-in page refuse (error=access_denied) instead
// of approving.
func (s *Server) DenySignIn(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// Registrations tells how many apps were registered on the server
// (POST /api/v1/apps), forgotten ones included.
func (s *Server) Registrations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.registered
}

// ForgetClients removes every registered app, as an admin removing them
// or a server restored from an old backup does: their client ID and
// secret are then refused with 401 invalid_client.
func (s *Server) ForgetClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.apps)
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Account returns the signed-in account and its secret.
func (s *Server) Account() (app.Account, app.Secret) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return app.Account{
			Network:     app.Mastodon,
			Server:      s.url,
			Handle:      s.me.username + "@" + s.host(),
			RemoteID:    s.me.id,
			DisplayName: s.me.name,
			URL:         s.me.url,
			State:       app.AccountConnected,
		}, app.Secret{
			AccessToken:  s.token,
			ClientID:     "fake-client-id",
			ClientSecret: "fake-client-secret",
		}
}

// FailNext makes the next request of op fail as f says. Failures queue:
// each one fails one request.
func (s *Server) FailNext(op conformance.Op, f conformance.Failure) {
	s.FailNextWith(op, f, nil)
}

// FailNextWith is FailNext with more headers on the answer (a 429's
// X-RateLimit-Reset, say).
func (s *Server) FailNextWith(op conformance.Op, f conformance.Failure, header http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails[op] = append(s.fails[op], failure{Failure: f, header: header})
}

// Posts returns the signed-in account's statuses, oldest first.
func (s *Server) Posts() []conformance.Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []conformance.Post
	for _, st := range s.statuses {
		if st.account != s.me {
			continue
		}
		p := conformance.Post{ID: st.id, Text: st.text, Language: st.language}
		if st.replyTo != nil {
			p.ReplyTo = st.replyTo.id
		}
		for _, m := range st.media {
			p.Alts = append(p.Alts, m.description)
		}
		out = append(out, p)
	}
	return out
}

// Mention makes author (a user name, or user@domain) post a status
// mentioning the account.
func (s *Server) Mention(author, text string) {
	s.Reply(author, text, "")
}

// Reply makes author post a status mentioning the account in answer to
// the status inReplyTo ("" for none), and returns its ID.
func (s *Server) Reply(author, text, inReplyTo string) string {
	return s.mention(author, text, inReplyTo, "public")
}

// Direct makes author send the account a direct message: a status
// mentioning it with the visibility "direct". It returns the status's ID.
func (s *Server) Direct(author, text string) string {
	return s.mention(author, text, "", "direct")
}

func (s *Server) mention(author, text, inReplyTo, visibility string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(author)
	st := s.newStatusLocked(a, "@"+s.me.username+" "+text)
	st.mentions = s.mentionsLocked(st.text) // the account, and whoever else the text names
	st.visibility = visibility
	if p := s.byID[inReplyTo]; p != nil {
		st.replyTo = p
	}
	s.notifyLocked("mention", a, st)
	s.pushTagsLocked(st)
	return st.id
}

// Burst makes author mention the account n times at once, as fast as
// the server can, and returns the notifications' IDs, oldest first (the
// items' RemoteIDs). The statuses say "@relais burst 0", "… burst 1"…
func (s *Server) Burst(author string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(author)
	ids := make([]string, 0, n)
	for i := range n {
		st := s.newStatusLocked(a, fmt.Sprintf("@%s burst %d", s.me.username, i))
		st.mentions = []*fakeAccount{s.me}
		ids = append(ids, s.notifyLocked("mention", a, st).id)
	}
	return ids
}

// Quote makes author post text quoting the status quoted (Mastodon 4.5),
// and returns the new status's ID. The account is notified ("quote")
// when the status quoted is its own.
func (s *Server) Quote(author, text, quoted string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(author)
	st := s.newStatusLocked(a, text)
	st.quote = s.byID[quoted]
	if st.quote != nil && st.quote.account == s.me {
		s.notifyLocked("quote", a, st)
	}
	return st.id
}

// Edit changes a status's text, as its author editing it would, and
// reports whether the status exists. The open streams get a
// status.update event; when the status is someone else's, the account
// gets an "update" notification too (Mastodon sends those only to the
// accounts that boosted or quoted it; the fake sends one for any status,
// so that a mention edited is seen by reading the notifications).
func (s *Server) Edit(id, text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[id]
	if st == nil {
		return false
	}
	st.text = text
	st.content = render(text, s.url, s.host())
	st.editedAt = s.now()
	if !st.editedAt.After(st.createdAt) {
		st.editedAt = st.createdAt.Add(time.Millisecond)
	}
	if st.account != s.me {
		s.notifyLocked("update", st.account, st)
	}
	if len(s.streams) > 0 {
		s.pushLocked("status.update", s.statusJSON(st))
	}
	return true
}

// Favourite makes author favourite a status of the account.
func (s *Server) Favourite(author, id string) {
	s.react(author, id, "favourite")
}

// Boost makes author boost a status of the account.
func (s *Server) Boost(author, id string) {
	s.react(author, id, "reblog")
}

func (s *Server) react(author, id, kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[id]
	if st == nil {
		return
	}
	a := s.accountLocked(author)
	if kind == "favourite" {
		st.favouriters[a.id] = true
	} else {
		st.rebloggers[a.id] = true
	}
	if st.account == s.me {
		s.notifyLocked(kind, a, st)
	}
}

// Notify makes author notify the account with a notification of typ and
// no status, whatever typ is (a type Relais does not read, such as
// GoToSocial's "pending.favourite"), and returns its ID.
func (s *Server) Notify(typ, author string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifyLocked(typ, s.accountLocked(author), nil).id
}

// Follow makes author follow the account, and returns the notification's
// ID. When the account is locked (SetLocked) it makes a follow request
// instead, with a "follow_request" notification; asking again while the
// request waits changes nothing, as on Mastodon.
func (s *Server) Follow(author string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(author)
	if s.locked {
		return s.requestFollowLocked(a)
	}
	a.follows = true
	s.me.followers++
	return s.notifyLocked("follow", a, nil).id
}

// SetFollowers sets how many followers the account has, as
// verify_credentials counts them; Follow adds one to it. It stands for
// the followers gained or lost without a notification (unfollows, the
// followers the account had before the test).
func (s *Server) SetFollowers(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.me.followers = n
}

// Reactions returns how many favourites and boosts a status has.
func (s *Server) Reactions(id string) (likes, boosts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[id]
	if st == nil {
		return 0, 0
	}
	return len(st.favouriters), len(st.rebloggers)
}

// Delete removes a status and the notifications about it, as its author
// deleting it would; GET /api/v1/statuses/:id answers 404 from then on,
// and the open streams get a delete event.
func (s *Server) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID[id] == nil {
		return
	}
	delete(s.byID, id)
	s.statuses = slices.DeleteFunc(s.statuses, func(st *fakeStatus) bool { return st.id == id })
	s.index = nil
	s.notifs = slices.DeleteFunc(s.notifs, func(n *fakeNotification) bool { return n.status != nil && n.status.id == id })
	s.pushRawLocked("delete", id)
}

// Handler serves the API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.route(mux, "GET /api/v1/accounts/verify_credentials", conformance.OpProfile, true, s.verifyCredentials)
	s.route(mux, "GET /api/v1/accounts/{id}/statuses", OpSearch, true, s.accountStatuses)
	s.route(mux, "GET /api/v1/accounts/lookup", OpSearch, true, s.lookupAccount)
	s.route(mux, "GET /api/v1/timelines/tag/{hashtag}", OpSearch, false, s.tagTimeline)
	s.route(mux, "GET /api/v2/search", OpSearch, true, s.search)
	s.route(mux, "GET /api/v2/instance", "", false, s.instance)
	s.route(mux, "GET /api/v1/instance", "", false, s.instanceV1)
	s.route(mux, "POST /api/v2/media", conformance.OpUpload, true, s.uploadMedia)
	s.route(mux, "GET /api/v1/media/{id}", "", true, s.getMedia)
	s.route(mux, "POST /api/v1/statuses", conformance.OpPublish, true, s.postStatus)
	s.route(mux, "GET /api/v1/statuses", "", true, s.getStatuses)
	s.route(mux, "GET /api/v1/statuses/{id}", "", true, s.getStatus)
	s.route(mux, "GET /api/v1/statuses/{id}/context", "", true, s.statusContext)
	s.route(mux, "POST /api/v1/statuses/{id}/favourite", "", true, s.favourite)
	s.route(mux, "POST /api/v1/statuses/{id}/reblog", "", true, s.reblog)
	s.route(mux, "GET /api/v1/notifications", conformance.OpRead, true, s.notifications)
	s.route(mux, "GET /api/v1/follow_requests", "", true, s.followRequests)
	s.route(mux, "POST /api/v1/follow_requests/{id}/authorize", "", true, s.authorizeFollow)
	s.route(mux, "POST /api/v1/follow_requests/{id}/reject", "", true, s.rejectFollow)
	s.route(mux, "POST /api/v1/apps", "", false, s.registerApp)
	s.route(mux, "POST /oauth/token", "", false, s.oauthToken)
	s.route(mux, "POST /oauth/revoke", "", false, s.oauthRevoke)
	mux.HandleFunc("GET /oauth/authorize", s.authorize)
	mux.HandleFunc("GET /api/v1/streaming", s.streamWebSocket)
	mux.HandleFunc("GET /api/v1/streaming/user", s.streamUser)
	mux.HandleFunc("GET /api/v1/streaming/hashtag", s.streamHashtag)
	mux.HandleFunc("GET /api/v1/streaming/health", s.streamHealth)
	mux.HandleFunc("GET /system/accounts/avatars/{name}", s.avatar)
	mux.HandleFunc("GET /_test/posts", s.testPosts)
	mux.HandleFunc("POST /_test/mention", s.testMention)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, nil, jsonError{Error: "Record not found"})
	})
	return mux
}

// reply is an answer before it is written, so that a failure can cut it.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return reply{status: status, header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: b}
}

func errorReply(status int, msg string) reply {
	return jsonReply(status, jsonError{Error: msg})
}

// route serves pattern with h, after the failure queued for op if any,
// and the token check if auth.
func (s *Server) route(mux *http.ServeMux, pattern string, op conformance.Op, auth bool, h func(*http.Request) reply) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		authorized := s.record(r)
		f, failing := s.takeFailure(op)
		if failing && f.Delay > 0 && !f.AfterCreate {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if failing {
			switch {
			case f.Status != 0:
				s.writeFailure(w, f)
				return
			case f.Malformed:
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusOK)
				io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
				return
			case f.Drop && !f.AfterCreate:
				drop(w)
				return
			}
		}
		who := s.me
		if auth && !authorized {
			other := s.tokenAccount(r)
			if other == nil || !readsAsOther(pattern) {
				s.write(w, errorReply(http.StatusUnauthorized, "The access token is invalid"))
				return
			}
			who = other
		}
		r = r.WithContext(context.WithValue(r.Context(), requesterKey{}, who))
		rep := h(r)
		if failing && f.AfterCreate && f.Delay > 0 {
			// Made, then the answer is late: the client may give up, or
			// be killed, while the post exists.
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if failing && f.Drop {
			drop(w)
			return
		}
		if failing && f.Truncate {
			rep.body = rep.body[:len(rep.body)/2]
		}
		s.write(w, rep)
	})
}

// requesterKey keys the account a request acts as in its context.
type requesterKey struct{}

// requester is the account a request acts as: the signed-in account, or
// another one through its TokenFor.
func requester(r *http.Request) *fakeAccount {
	a, _ := r.Context().Value(requesterKey{}).(*fakeAccount)
	return a
}

// readsAsOther reports whether another account's token (TokenFor) may
// use the route.
func readsAsOther(pattern string) bool {
	return pattern == "GET /api/v1/statuses/{id}" || pattern == "GET /api/v1/notifications"
}

// tokenAccount is the account whose TokenFor the request carries; nil
// for none.
func (s *Server) tokenAccount(r *http.Request) *fakeAccount {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil
	}
	return s.tokens[tok]
}

// visibleLocked reports whether who may see st: a direct status only its
// author and the accounts it mentions, as on Mastodon and GoToSocial
// (others get 404).
func (s *Server) visibleLocked(st *fakeStatus, who *fakeAccount) bool {
	if st.visibility != "direct" || who == st.account {
		return true
	}
	return slices.Contains(st.mentions, who)
}

// mentionPattern finds @user and @user@domain in a status's text, not
// inside a word, an address or a link.
var mentionPattern = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_/@.])@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)(?:@([\p{L}\p{N}.-]+(?::\d+)?))?`)

// mentionsLocked returns the accounts text mentions, each once, as
// Mastodon resolves them: @user is an account of this server, and so is
// @user@domain when domain is this server's; another domain names an
// account of that server the fake knows. User names match in any case;
// a name the server does not know is no mention.
func (s *Server) mentionsLocked(text string) []*fakeAccount {
	var out []*fakeAccount
	for _, m := range mentionPattern.FindAllStringSubmatch(text, -1) {
		user, domain := m[1], strings.TrimRight(m[2], ".")
		acct := user
		if domain != "" && !strings.EqualFold(domain, s.host()) {
			acct = user + "@" + domain
		}
		for key, a := range s.accounts {
			if strings.EqualFold(key, acct) && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// record notes a request, and reports whether it carries the token.
func (s *Server) record(r *http.Request) bool {
	return s.recordAs(r, func(token string) bool { return r.Header.Get("Authorization") == "Bearer "+token })
}

// recordAs notes a request, and reports whether it carries the token as
// authorized reads it.
func (s *Server) recordAs(r *http.Request, authorizedBy func(token string) bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	authorized := authorizedBy(s.token)
	s.requests = append(s.requests, Request{
		Method:         r.Method,
		Path:           r.URL.Path,
		Query:          r.URL.Query(),
		IdempotencyKey: r.Header.Get("Idempotency-Key"),
		Authorized:     authorized,
	})
	return authorized
}

func (s *Server) takeFailure(op conformance.Op) (failure, bool) {
	if op == "" {
		return failure{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fails[op]
	if len(q) == 0 {
		return failure{}, false
	}
	s.fails[op] = q[1:]
	return q[0], true
}

// writeFailure answers a failure's status with Mastodon's error body; a
// 429 carries Mastodon's rate-limit headers (X-RateLimit-Reset, and
// Retry-After only when the failure sets one, as Mastodon sends none).
func (s *Server) writeFailure(w http.ResponseWriter, f failure) {
	msg := f.Message
	if msg == "" {
		msg = http.StatusText(f.Status)
	}
	rep := errorReply(f.Status, msg)
	if f.RetryAfter != "" {
		rep.header.Set("Retry-After", f.RetryAfter)
	}
	if f.Status == http.StatusTooManyRequests {
		now := s.clock()
		reset := now.Truncate(rateLimitPeriod).Add(rateLimitPeriod)
		rep.header.Set("X-RateLimit-Limit", "300")
		rep.header.Set("X-RateLimit-Remaining", "0")
		rep.header.Set("X-RateLimit-Reset", reset.UTC().Format("2006-01-02T15:04:05.000000Z"))
	}
	for k, v := range f.header {
		rep.header[k] = v
	}
	s.write(w, rep)
}

func (s *Server) write(w http.ResponseWriter, rep reply) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, header http.Header, v any) {
	rep := jsonReply(status, v)
	for k, vs := range header {
		rep.header[k] = vs
	}
	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(status)
	w.Write(rep.body)
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// host is the server's domain, from its URL.
func (s *Server) host() string {
	u, err := url.Parse(s.url)
	if err != nil || u.Host == "" {
		return "mastodon.example"
	}
	return u.Host
}

// accountLocked returns the account of acct (user, or user@domain),
// making it the first time.
func (s *Server) accountLocked(acct string) *fakeAccount {
	if a := s.accounts[acct]; a != nil {
		return a
	}
	s.accountSeq += 1009
	user, domain, remote := strings.Cut(acct, "@")
	a := &fakeAccount{
		id:        strconv.FormatInt(s.accountSeq, 10),
		username:  user,
		acct:      acct,
		name:      user,
		createdAt: time.Date(2022, 11, 5, 9, 12, 0, 0, time.UTC),
	}
	if remote {
		a.url = "https://" + domain + "/@" + user
	} else {
		a.url = s.url + "/@" + user
	}
	s.accounts[acct] = a
	return a
}

// newStatusLocked makes a status of a with text.
func (s *Server) newStatusLocked(a *fakeAccount, text string) *fakeStatus {
	now := s.now()
	id := max(now.UnixMilli()<<16, s.lastStatusID+1)
	s.lastStatusID = id
	st := &fakeStatus{
		id:          strconv.FormatInt(id, 10),
		account:     a,
		text:        text,
		content:     render(text, s.url, s.host()),
		createdAt:   now,
		visibility:  "public",
		favouriters: map[string]bool{},
		rebloggers:  map[string]bool{},
	}
	s.statuses = append(s.statuses, st)
	s.index = nil
	s.byID[st.id] = st
	return st
}

// notifyLocked notifies the account, and pushes the notification to the
// open streams.
func (s *Server) notifyLocked(typ string, from *fakeAccount, st *fakeStatus) *fakeNotification {
	n := s.newNotificationLocked(typ, from, st)
	s.notifs = append(s.notifs, n)
	if len(s.streams) > 0 {
		s.pushLocked("notification", s.notificationJSON(n))
	}
	return n
}

// newNotificationLocked makes a notification, for whoever gets it.
func (s *Server) newNotificationLocked(typ string, from *fakeAccount, st *fakeStatus) *fakeNotification {
	s.notifSeq++
	return &fakeNotification{
		id:        strconv.FormatInt(s.notifSeq, 10),
		typ:       typ,
		createdAt: s.now(),
		account:   from,
		status:    st,
	}
}

func (s *Server) notificationJSON(n *fakeNotification) jsonNotification {
	j := jsonNotification{ID: n.id, Type: n.typ, CreatedAt: timestamp(n.createdAt),
		GroupKey: "ungrouped-" + n.id, Account: s.accountJSON(n.account)}
	if n.status != nil {
		st := s.statusJSON(n.status)
		j.Status = &st
	}
	return j
}

// statusIndex is what the JSON of accounts and statuses counts.
type statusIndex struct {
	statuses map[*fakeAccount]int
	lastAt   map[*fakeAccount]time.Time
	replies  map[*fakeStatus]int
	quotes   map[*fakeStatus]int
}

// indexLocked returns the index of the statuses as they are. Whoever
// changes s.statuses sets s.index to nil, and sets a status's replyTo
// before any JSON is made. The caller holds s.mu.
func (s *Server) indexLocked() *statusIndex {
	if s.index != nil {
		return s.index
	}
	x := &statusIndex{statuses: map[*fakeAccount]int{}, lastAt: map[*fakeAccount]time.Time{},
		replies: map[*fakeStatus]int{}, quotes: map[*fakeStatus]int{}}
	for _, st := range s.statuses {
		x.statuses[st.account]++
		x.lastAt[st.account] = st.createdAt
		if st.replyTo != nil {
			x.replies[st.replyTo]++
		}
		if st.quote != nil {
			x.quotes[st.quote]++
		}
	}
	s.index = x
	return x
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (s *Server) accountJSON(a *fakeAccount) jsonAccount {
	n, lastAt := s.indexLocked().statuses[a], s.indexLocked().lastAt[a]
	var last *string
	if n > 0 {
		d := lastAt.UTC().Format(time.DateOnly)
		last = &d
	}
	avatar := s.url + "/system/accounts/avatars/" + a.id + ".png"
	return jsonAccount{
		ID:             a.id,
		Username:       a.username,
		Acct:           a.acct,
		DisplayName:    a.name,
		Locked:         a == s.me && s.locked,
		Discoverable:   true,
		CreatedAt:      timestamp(a.createdAt),
		Note:           a.noteHTML(),
		URL:            a.url,
		URI:            strings.Replace(a.url, "/@", "/users/", 1),
		Avatar:         avatar,
		AvatarStatic:   avatar,
		Header:         s.url + "/headers/original/missing.png",
		HeaderStatic:   s.url + "/headers/original/missing.png",
		FollowersCount: a.followers,
		FollowingCount: a.following,
		StatusesCount:  n,
		LastStatusAt:   last,
		Emojis:         []struct{}{},
		Fields:         []struct{}{},
	}
}

func (s *Server) statusJSON(st *fakeStatus) jsonStatus {
	link := s.url + "/@" + st.account.username + "/" + st.id
	uri := s.url + "/users/" + st.account.username + "/statuses/" + st.id
	if strings.Contains(st.account.acct, "@") {
		link = st.account.url + "/" + st.id
		uri = strings.Replace(st.account.url, "/@", "/users/", 1) + "/statuses/" + st.id
	}
	j := jsonStatus{
		ID:               st.id,
		CreatedAt:        timestamp(st.createdAt),
		Sensitive:        st.sensitive,
		SpoilerText:      st.spoiler,
		Visibility:       st.visibility,
		URI:              uri,
		URL:              &link,
		ReblogsCount:     len(st.rebloggers),
		FavouritesCount:  len(st.favouriters),
		Favourited:       st.favouriters[s.me.id],
		Reblogged:        st.rebloggers[s.me.id],
		Content:          st.content,
		Filtered:         []struct{}{},
		Application:      &jsonApplication{Name: "Relais"},
		Account:          s.accountJSON(st.account),
		MediaAttachments: []jsonMedia{},
		Mentions:         []jsonMention{},
		Tags:             []jsonTag{},
		Emojis:           []struct{}{},
		QuoteApproval:    &jsonQuoteApproval{Automatic: []string{"public"}, Manual: []string{}, CurrentUser: "automatic"},
	}
	if st.language != "" {
		lang := st.language
		j.Language = &lang
	}
	if st.replyTo != nil {
		id, acc := st.replyTo.id, st.replyTo.account.id
		j.InReplyToID, j.InReplyToAccountID = &id, &acc
	}
	if !st.editedAt.IsZero() {
		at := timestamp(st.editedAt)
		j.EditedAt = &at
	}
	if q := st.quote; q != nil {
		j.Quote = &jsonQuote{State: "accepted"}
		if s.byID[q.id] != nil {
			inner := s.statusJSON(q)
			inner.Quote = nil // a quote in a quote is left out
			j.Quote.QuotedStatus = &inner
		} else {
			j.Quote.State = "deleted"
		}
	}
	j.RepliesCount, j.QuotesCount = s.indexLocked().replies[st], s.indexLocked().quotes[st]
	if st.reblogOf != nil && s.byID[st.reblogOf.id] != nil {
		inner := s.statusJSON(st.reblogOf)
		j.Reblog, j.Content = &inner, ""
	}
	for _, m := range st.media {
		j.MediaAttachments = append(j.MediaAttachments, s.mediaJSON(m))
	}
	for _, a := range st.mentions {
		j.Mentions = append(j.Mentions, jsonMention{ID: a.id, Username: a.username, URL: a.url, Acct: a.acct})
	}
	return j
}

func (s *Server) mediaJSON(m *fakeMedia) jsonMedia {
	base := s.url + "/system/media_attachments/files/" + m.id
	j := jsonMedia{
		ID:         m.id,
		Type:       "image",
		PreviewURL: base + "/small/image.png",
		Blurhash:   "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
	}
	if !strings.HasPrefix(m.typ, "image/") {
		j.Type = "unknown"
	}
	if m.pending == 0 {
		u := base + "/original/image.png"
		j.URL = &u
	}
	if m.description != "" {
		d := m.description
		j.Description = &d
	}
	if m.width > 0 && m.height > 0 {
		size := &jsonMediaSize{Width: m.width, Height: m.height, Size: fmt.Sprintf("%dx%d", m.width, m.height),
			Aspect: float64(m.width) / float64(m.height)}
		j.Meta = jsonMediaMeta{Original: size, Small: size}
	}
	return j
}

func (s *Server) verifyCredentials(*http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.accountJSON(s.me)
	j.Source = &jsonSource{Privacy: "public", Language: "fr", Note: "Un compte de test.", Fields: []struct{}{},
		FollowRequestsCount: len(s.followReqs)}
	j.Role = &jsonAccRole{ID: "-99", Permissions: "0"}
	return jsonReply(http.StatusOK, j)
}

func (s *Server) instance(*http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	version, source := "4.5.0", "https://github.com/mastodon/mastodon"
	if s.limits.GoToSocial {
		version, source = "0.20.0+git-6e2b8d1", "https://codeberg.org/superseriousbusiness/gotosocial"
	}
	return jsonReply(http.StatusOK, map[string]any{
		"domain":      s.host(),
		"title":       "Mastodon (fake)",
		"version":     version,
		"source_url":  source,
		"description": "A fake Mastodon server for Relais's tests",
		"usage":       map[string]any{"users": map[string]any{"active_month": 3}},
		"languages":   []string{"fr", "en"},
		"api_versions": map[string]any{
			"mastodon": 7,
		},
		"configuration": map[string]any{
			"urls":     s.urlsLocked("streaming"),
			"accounts": map[string]any{"max_featured_tags": 10, "max_pinned_statuses": 5},
			"statuses": map[string]any{
				"max_characters":              s.limits.MaxCharacters,
				"max_media_attachments":       MaxMediaAttachments,
				"characters_reserved_per_url": s.limits.CharactersPerURL,
			},
			"media_attachments": map[string]any{
				"supported_mime_types":   app.MediaTypes,
				"description_limit":      DescriptionLimit,
				"image_size_limit":       ImageSizeLimit,
				"image_matrix_limit":     33177600,
				"video_size_limit":       103809024,
				"video_frame_rate_limit": 120,
				"video_matrix_limit":     8294400,
			},
			"polls": map[string]any{
				"max_options": 4, "max_characters_per_option": 50,
				"min_expiration": 300, "max_expiration": 2629746,
			},
			"translation": map[string]any{"enabled": false},
		},
		"registrations": map[string]any{"enabled": false, "approval_required": false, "message": nil},
		"contact":       map[string]any{"email": "admin@" + s.host(), "account": nil},
		"rules":         []any{},
	})
}

func (s *Server) avatar(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSuffix(r.PathValue("name"), ".png")
	img := conformance.PNG()
	s.mu.Lock()
	for _, a := range s.accountsLocked() {
		if a.id == id && a.avatar != nil {
			img = a.avatar
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "image/png")
	w.Write(img)
}

// params reads a request's parameters, from a form, a multipart form or
// a JSON body, as Mastodon accepts all three.
func params(r *http.Request) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]any
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&m); err != nil {
			return nil, err
		}
		v := url.Values{}
		for k, x := range m {
			switch x := x.(type) {
			case string:
				v.Set(k, x)
			case []any:
				for _, e := range x {
					v.Add(k+"[]", fmt.Sprint(e))
				}
			case nil:
			default:
				v.Set(k, fmt.Sprint(x))
			}
		}
		return v, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, err
		}
		return r.MultipartForm.Value, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}

// formBool reads a boolean parameter as Rails does: "true", "1", "on"
// and the like are true.
func formBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "t", "true", "on", "y", "yes":
		return true
	}
	return false
}

func (s *Server) uploadMedia(r *http.Request) reply {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: File can't be blank")
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: File can't be blank")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, ImageSizeLimit+1))
	if err != nil {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: File is invalid")
	}
	typ := header.Header.Get("Content-Type")
	if !slices.Contains(app.MediaTypes, typ) {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: File content type is invalid, File is invalid")
	}
	if len(data) > ImageSizeLimit {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: File file size must be less than 16 MB")
	}
	desc := r.FormValue("description")
	if len([]rune(desc)) > DescriptionLimit {
		return errorReply(http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: Description is too long (maximum is %d characters)", DescriptionLimit))
	}
	m := &fakeMedia{typ: typ, size: len(data), description: desc}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		m.width, m.height = cfg.Width, cfg.Height
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mediaSeq++
	m.id = strconv.FormatInt(s.mediaSeq, 10)
	m.owner = s.me
	m.pending = s.mediaProcessing
	s.media[m.id] = m
	if m.pending > 0 {
		return jsonReply(http.StatusAccepted, s.mediaJSON(m))
	}
	return jsonReply(http.StatusOK, s.mediaJSON(m))
}

func (s *Server) getMedia(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.media[r.PathValue("id")]
	if m == nil || m.owner != s.me {
		return errorReply(http.StatusNotFound, "Record not found")
	}
	if m.pending > 0 {
		m.pending--
		return reply{status: http.StatusPartialContent, header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: []byte{}}
	}
	return jsonReply(http.StatusOK, s.mediaJSON(m))
}

func (s *Server) postStatus(r *http.Request) reply {
	v, err := params(r)
	if err != nil {
		return errorReply(http.StatusBadRequest, "Invalid request body")
	}
	key := r.Header.Get("Idempotency-Key")
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	idemKey := ""
	if key != "" && !s.ignoreIdem {
		idemKey = s.token + "\x00" + key
		if e, ok := s.idem[idemKey]; ok && now.Sub(e.at) < idempotencyTTL {
			return jsonReply(http.StatusOK, s.statusJSON(e.status))
		}
	}
	text, spoiler := v.Get("status"), v.Get("spoiler_text")
	ids := v["media_ids[]"]
	if strings.TrimSpace(text) == "" && len(ids) == 0 {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: Text can't be blank")
	}
	if rep, over := s.tooLongLocked(text, spoiler); over {
		return rep
	}
	if len(ids) > MaxMediaAttachments {
		return errorReply(http.StatusUnprocessableEntity, fmt.Sprintf("Cannot attach more than %d files", MaxMediaAttachments))
	}
	var media []*fakeMedia
	var missing []string
	for _, id := range ids {
		m := s.media[id]
		if m == nil || m.owner != s.me || m.attached {
			missing = append(missing, id)
			continue
		}
		if m.pending > 0 {
			return errorReply(http.StatusUnprocessableEntity, "Cannot attach files that have not finished processing. Try again in a moment!")
		}
		media = append(media, m)
	}
	if len(missing) > 0 {
		return errorReply(http.StatusUnprocessableEntity, "Media with IDs "+strings.Join(missing, ", ")+" not found or already attached to another post")
	}
	visibility := v.Get("visibility")
	if visibility == "" {
		visibility = "public"
	}
	if !slices.Contains([]string{"public", "unlisted", "private", "direct"}, visibility) {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: Visibility is not included in the list")
	}
	var replyTo *fakeStatus
	if id := v.Get("in_reply_to_id"); id != "" {
		if replyTo = s.byID[id]; replyTo == nil || !s.visibleLocked(replyTo, s.me) {
			// Mastodon's words (statuses.errors.in_reply_not_found); a
			// GoToSocial says "Not Found: target status not found".
			return errorReply(http.StatusNotFound, "The post you are trying to reply to does not appear to exist.")
		}
	}
	st := s.newStatusLocked(s.me, text)
	st.spoiler, st.visibility, st.language, st.replyTo, st.media = spoiler, visibility, v.Get("language"), replyTo, media
	// As Mastodon, the accounts the text mentions are the status's
	// mentions, and each is notified; nobody else is.
	st.mentions = s.mentionsLocked(text)
	for _, a := range st.mentions {
		if a != s.me {
			s.othersNotifs[a] = append(s.othersNotifs[a], s.newNotificationLocked("mention", s.me, st))
		}
	}
	st.sensitive = formBool(v.Get("sensitive"))
	for _, m := range media {
		m.attached = true
	}
	if idemKey != "" {
		s.idem[idemKey] = idemEntry{status: st, at: now}
	}
	s.pushTagsLocked(st)
	return jsonReply(http.StatusOK, s.statusJSON(st))
}

// tooLongLocked refuses a status over the limit, as the server it
// stands for does.
func (s *Server) tooLongLocked(text, spoiler string) (reply, bool) {
	l := s.limits
	if l.GoToSocial {
		// GoToSocial v0.20 (validateNormalizeCreateStatus): code points,
		// links in full, 400 with gtserror's "Bad Request: " before.
		if n := utf8.RuneCountInString(text) + utf8.RuneCountInString(spoiler); n > l.MaxCharacters {
			return errorReply(http.StatusBadRequest, fmt.Sprintf("Bad Request: status too long, %d characters provided (including spoiler/content warning) but limit is %d", n, l.MaxCharacters)), true
		}
		return reply{}, false
	}
	if n := statusLength(text, spoiler, l.CharactersPerURL); n > l.MaxCharacters {
		return errorReply(http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: Text character limit of %d exceeded", l.MaxCharacters)), true
	}
	return reply{}, false
}

func (s *Server) getStatus(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[r.PathValue("id")]
	if st == nil || !s.visibleLocked(st, requester(r)) {
		return errorReply(http.StatusNotFound, "Record not found")
	}
	return jsonReply(http.StatusOK, s.statusJSON(st))
}

// statusContext answers a status's Context: the statuses it answers,
// root first, and its replies, depth first, as Mastodon orders them.
func (s *Server) statusContext(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[r.PathValue("id")]
	if st == nil {
		return errorReply(http.StatusNotFound, "Record not found")
	}
	ancestors, descendants := []jsonStatus{}, []jsonStatus{}
	var up []*fakeStatus
	for p := st.replyTo; p != nil && s.byID[p.id] != nil && len(up) < 40; p = p.replyTo {
		up = append(up, p)
	}
	for _, p := range slices.Backward(up) {
		ancestors = append(ancestors, s.statusJSON(p))
	}
	var down func(parent *fakeStatus)
	down = func(parent *fakeStatus) {
		for _, c := range s.statuses {
			if c.replyTo == parent {
				descendants = append(descendants, s.statusJSON(c))
				down(c)
			}
		}
	}
	down(st)
	return jsonReply(http.StatusOK, map[string]any{"ancestors": ancestors, "descendants": descendants})
}

func (s *Server) getStatuses(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.multiGetMissing != 0 {
		msg := "Record not found"
		if s.multiGetMissing != http.StatusNotFound {
			msg = http.StatusText(s.multiGetMissing)
		}
		return errorReply(s.multiGetMissing, msg)
	}
	out := []jsonStatus{}
	seen := map[string]bool{}
	for _, id := range r.URL.Query()["id[]"] {
		if st := s.byID[id]; st != nil && !seen[id] {
			seen[id] = true
			out = append(out, s.statusJSON(st))
		}
	}
	return jsonReply(http.StatusOK, out)
}

func (s *Server) favourite(r *http.Request) reply {
	return s.ownReaction(r, func(st *fakeStatus) { st.favouriters[s.me.id] = true })
}

func (s *Server) reblog(r *http.Request) reply {
	return s.ownReaction(r, func(st *fakeStatus) { st.rebloggers[s.me.id] = true })
}

func (s *Server) ownReaction(r *http.Request, do func(*fakeStatus)) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[r.PathValue("id")]
	if st == nil {
		return errorReply(http.StatusNotFound, "Record not found")
	}
	do(st)
	return jsonReply(http.StatusOK, s.statusJSON(st))
}

// accountStatuses lists an account's statuses, newest first, paginated as
// Mastodon does (limit, max_id, since_id, min_id).
func (s *Server) accountStatuses(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	var list []*fakeStatus
	for _, st := range s.statuses {
		if st.account.id != r.PathValue("id") {
			continue
		}
		if q.Get("exclude_replies") == "true" && st.replyTo != nil && st.replyTo.account != st.account {
			continue // Mastodon keeps the replies to oneself (threads)
		}
		if formBool(q.Get("exclude_reblogs")) && st.reblogOf != nil {
			continue
		}
		list = append(list, st)
	}
	page := paginate(list, func(st *fakeStatus) string { return st.id }, q, 20, 40)
	out := []jsonStatus{}
	for _, st := range page {
		out = append(out, s.statusJSON(st))
	}
	rep := jsonReply(http.StatusOK, out)
	setLinks(rep.header, s.url, r, q, page, func(st *fakeStatus) string { return st.id })
	return rep
}

// notifications lists the notifications, newest first, paginated as
// Mastodon does, with Link headers.
func (s *Server) notifications(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	types, exclude := s.knownLocked(q["types[]"]), s.knownLocked(q["exclude_types[]"])
	var list []*fakeNotification
	all := s.notifs
	if who := requester(r); who != s.me {
		all = s.othersNotifs[who]
	}
	for _, n := range all {
		if (len(types) > 0 && !slices.Contains(types, n.typ)) || slices.Contains(exclude, n.typ) {
			continue
		}
		if n.status != nil && s.byID[n.status.id] == nil {
			continue // its status was deleted
		}
		list = append(list, n)
	}
	page := paginate(list, func(n *fakeNotification) string { return n.id }, q, 40, 80)
	out := []jsonNotification{}
	for _, n := range page {
		out = append(out, s.notificationJSON(n))
	}
	rep := jsonReply(http.StatusOK, out)
	setLinks(rep.header, s.url, r, q, page, func(n *fakeNotification) string { return n.id })
	return rep
}

// knownLocked returns the types the server knows among types, and notes
// the others.
func (s *Server) knownLocked(types []string) []string {
	if s.knownTypes == nil {
		return types
	}
	var known []string
	for _, t := range types {
		if slices.Contains(s.knownTypes, t) {
			known = append(known, t)
		} else {
			s.unknownAsked = append(s.unknownAsked, t)
		}
	}
	return known
}

// paginate returns a page of list (oldest first) newest first, as
// Mastodon's max_id, since_id, min_id and limit choose it: min_id gives
// the items just after it, the others the newest ones in their bounds.
func paginate[T any](list []T, id func(T) string, q url.Values, def, most int) []T {
	limit := def
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = min(n, most)
	}
	var in []T
	for _, x := range list {
		i := id(x)
		if m := q.Get("max_id"); m != "" && !idLess(i, m) {
			continue
		}
		if m := q.Get("since_id"); m != "" && !idLess(m, i) {
			continue
		}
		if m := q.Get("min_id"); m != "" && !idLess(m, i) {
			continue
		}
		in = append(in, x)
	}
	slices.SortFunc(in, func(a, b T) int { return idCompare(id(a), id(b)) })
	if q.Get("min_id") != "" {
		in = in[:min(limit, len(in))]
	} else {
		in = in[max(0, len(in)-limit):]
	}
	slices.Reverse(in)
	return in
}

// setLinks sets the Link header of a page (newest first): next to older
// items (max_id), prev to newer ones (min_id), the other parameters kept.
func setLinks[T any](h http.Header, base string, r *http.Request, q url.Values, page []T, id func(T) string) {
	if len(page) == 0 {
		return
	}
	link := func(param, value string) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "max_id" && k != "min_id" && k != "since_id" {
				v[k] = vs
			}
		}
		v.Set(param, value)
		return "<" + base + r.URL.Path + "?" + v.Encode() + ">"
	}
	h.Set("Link", link("max_id", id(page[len(page)-1]))+`; rel="next", `+link("min_id", id(page[0]))+`; rel="prev"`)
}

func idCompare(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func idLess(a, b string) bool { return idCompare(a, b) < 0 }

func (s *Server) registerApp(r *http.Request) reply {
	v, err := params(r)
	if err != nil {
		return errorReply(http.StatusBadRequest, "Invalid request body")
	}
	name := strings.TrimSpace(v.Get("client_name"))
	if name == "" {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: Application name can't be blank")
	}
	redirects := v["redirect_uris[]"]
	if len(redirects) == 0 {
		redirects = strings.Fields(v.Get("redirect_uris"))
	}
	if len(redirects) == 0 {
		return errorReply(http.StatusUnprocessableEntity, "Validation failed: Redirect URI can't be blank")
	}
	for _, u := range redirects {
		if p, err := url.Parse(u); err != nil || (p.Scheme == "" || (p.Host == "" && u != "urn:ietf:wg:oauth:2.0:oob")) {
			return errorReply(http.StatusUnprocessableEntity, "Validation failed: Redirect URI must be an absolute URI.")
		}
	}
	scopes := strings.Fields(v.Get("scopes"))
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	a := &fakeApp{name: name, website: v.Get("website"), redirects: redirects, scopes: scopes,
		clientID: randomString(32), clientSecret: randomString(32)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.registered++
	a.id = strconv.Itoa(563418 + s.registered)
	s.apps[a.clientID] = a
	j := jsonCredentialApplication{ID: a.id, Name: a.name, Scopes: a.scopes,
		RedirectURI: strings.Join(a.redirects, "\n"), RedirectURIs: a.redirects,
		ClientID: a.clientID, ClientSecret: a.clientSecret}
	if a.website != "" {
		j.Website = &a.website
	}
	return jsonReply(http.StatusOK, j)
}

// authorize is the sign-in page, which approves at once (or refuses, with
// DenySignIn): it sends the browser back to the redirect URI with a code
// and the state, or shows the code for urn:ietf:wg:oauth:2.0:oob.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	q := r.URL.Query()
	s.mu.Lock()
	a := s.apps[q.Get("client_id")]
	deny := s.deny
	s.mu.Unlock()
	redirect := q.Get("redirect_uri")
	if a == nil || !slices.Contains(a.redirects, redirect) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "<p>The redirect uri included is not valid.</p>")
		return
	}
	back := func(v url.Values) {
		if st := q.Get("state"); st != "" {
			v.Set("state", st)
		}
		u, _ := url.Parse(redirect)
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(url.Values{"error": {"unsupported_response_type"}, "error_description": {"The authorization server does not support this response type."}})
		return
	}
	scope := strings.Join(strings.Fields(q.Get("scope")), " ")
	if scope == "" {
		scope = "read"
	}
	for _, sc := range strings.Fields(scope) {
		if !slices.Contains(a.scopes, sc) {
			back(url.Values{"error": {"invalid_scope"}, "error_description": {"The requested scope is invalid, unknown, or malformed."}})
			return
		}
	}
	method := q.Get("code_challenge_method")
	if q.Get("code_challenge") != "" && method != "S256" && method != "plain" && method != "" {
		back(url.Values{"error": {"invalid_request"}, "error_description": {"The code challenge method must be plain or S256."}})
		return
	}
	if deny {
		back(url.Values{"error": {"access_denied"}, "error_description": {"The resource owner or authorization server denied the request."}})
		return
	}
	code := randomString(32)
	s.mu.Lock()
	s.grants[code] = &fakeGrant{app: a, redirect: redirect, scope: scope, challenge: q.Get("code_challenge"), method: method}
	s.mu.Unlock()
	if redirect == "urn:ietf:wg:oauth:2.0:oob" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><div class="simple_form"><p>Copy this authorization code and paste it to the application.</p><input class="oauth-code" readonly type="text" value="%s"></div></body></html>`, code)
		return
	}
	back(url.Values{"code": {code}})
}

// oauthToken exchanges a code for the server's token, checking the
// client, the redirect URI and the PKCE verifier.
func (s *Server) oauthToken(r *http.Request) reply {
	v, err := params(r)
	if err != nil {
		return jsonReply(http.StatusBadRequest, jsonError{Error: "invalid_request", Description: "The request is missing a required parameter."})
	}
	id, secret := v.Get("client_id"), v.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[id]
	if a == nil || a.clientSecret != secret {
		return jsonReply(http.StatusUnauthorized, jsonError{Error: "invalid_client",
			Description: "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."})
	}
	invalid := jsonReply(http.StatusBadRequest, jsonError{Error: "invalid_grant",
		Description: "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."})
	if v.Get("grant_type") == "client_credentials" {
		// An app token, as Mastodon gives one for the app's own scopes.
		scope := strings.Join(strings.Fields(v.Get("scope")), " ")
		if scope == "" {
			scope = "read"
		}
		for _, sc := range strings.Fields(scope) {
			if !slices.Contains(a.scopes, sc) {
				return jsonReply(http.StatusBadRequest, jsonError{Error: "invalid_scope", Description: "The requested scope is invalid, unknown, or malformed."})
			}
		}
		return jsonReply(http.StatusOK, jsonToken{AccessToken: "app-" + randomString(32), TokenType: "Bearer", Scope: scope, CreatedAt: s.now().Unix()})
	}
	if v.Get("grant_type") != "authorization_code" {
		return jsonReply(http.StatusBadRequest, jsonError{Error: "unsupported_grant_type", Description: "The authorization grant type is not supported by the authorization server."})
	}
	code := v.Get("code")
	g := s.grants[code]
	if g == nil || g.app != a || g.redirect != v.Get("redirect_uri") {
		return invalid
	}
	if g.challenge != "" {
		verifier := v.Get("code_verifier")
		want := verifier
		if g.method == "S256" {
			sum := sha256.Sum256([]byte(verifier))
			want = base64.RawURLEncoding.EncodeToString(sum[:])
		}
		if verifier == "" || want != g.challenge {
			return invalid
		}
	}
	delete(s.grants, code)
	return jsonReply(http.StatusOK, jsonToken{AccessToken: s.token, TokenType: "Bearer", Scope: g.scope, CreatedAt: s.now().Unix()})
}

// oauthRevoke revokes a token: Mastodon answers {} whatever the token,
// but checks the client.
func (s *Server) oauthRevoke(r *http.Request) reply {
	v, err := params(r)
	if err != nil {
		return jsonReply(http.StatusBadRequest, jsonError{Error: "invalid_request", Description: "The request is missing a required parameter."})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.apps[v.Get("client_id")]; a == nil || a.clientSecret != v.Get("client_secret") {
		return jsonReply(http.StatusForbidden, jsonError{Error: "unauthorized_client", Description: "You are not authorized to revoke this token"})
	}
	return jsonReply(http.StatusOK, struct{}{})
}

// TestPost is a post as GET /_test/posts lists it.
type TestPost struct {
	ID          string      `json:"id"`
	URL         string      `json:"url"`
	Text        string      `json:"text"`
	SpoilerText string      `json:"spoiler_text"`
	Sensitive   bool        `json:"sensitive"`
	Visibility  string      `json:"visibility"`
	Language    string      `json:"language"`
	ReplyTo     string      `json:"in_reply_to_id"`
	Media       []TestMedia `json:"media"`
}

// TestMedia is an image of a TestPost.
type TestMedia struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Size        int    `json:"size"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Description string `json:"description"`
}

// testPosts lists the account's posts with their images, for the
// end-to-end test (which has no other way into the server).
func (s *Server) testPosts(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	out := []TestPost{}
	for _, st := range s.statuses {
		if st.account != s.me {
			continue
		}
		p := TestPost{ID: st.id, URL: s.url + "/@" + st.account.username + "/" + st.id, Text: st.text,
			SpoilerText: st.spoiler, Sensitive: st.sensitive, Visibility: st.visibility, Language: st.language, Media: []TestMedia{}}
		if st.replyTo != nil {
			p.ReplyTo = st.replyTo.id
		}
		for _, m := range st.media {
			p.Media = append(p.Media, TestMedia{ID: m.id, Type: m.typ, Size: m.size, Width: m.width, Height: m.height, Description: m.description})
		}
		out = append(out, p)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, nil, out)
}

// testMention makes the form's author mention the account with the
// form's text, for the end-to-end test (fakenet), and answers the new
// status's ID.
func (s *Server) testMention(w http.ResponseWriter, r *http.Request) {
	author, text := r.FormValue("author"), r.FormValue("text")
	if author == "" || text == "" {
		writeJSON(w, http.StatusUnprocessableEntity, nil, map[string]string{"error": "author and text are required"})
		return
	}
	writeJSON(w, http.StatusOK, nil, map[string]string{"id": s.Reply(author, text, "")})
}

func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)[:n]
}
