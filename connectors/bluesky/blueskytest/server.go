// Package blueskytest is a fake Bluesky PDS for tests: an HTTP handler that
// speaks the XRPC endpoints Relais uses, with the JSON shapes of their
// lexicons, and keeps what it is sent in memory.
//
// It serves, under /xrpc/:
//   - com.atproto.server.createSession and refreshSession: JWT-shaped
//     tokens (HS256, with exp, sub, scope and a jti) whose expiry follows
//     the server's clock; an expired access token is answered 400
//     ExpiredToken, an unknown or revoked one 401 InvalidToken, as the
//     reference PDS does;
//   - com.atproto.identity.resolveHandle;
//   - com.atproto.repo.uploadBlob (a blob ref {"$type":"blob",…}),
//     createRecord (with the lexicon's checks of posts, likes and
//     reposts) and getRecord (400 RecordNotFound);
//   - app.bsky.actor.getProfile, app.bsky.feed.getPosts,
//     app.bsky.feed.getPostThread (400 NotFound for a post gone, a
//     #notFoundPost for a parent gone),
//     app.bsky.notification.listNotifications (newest first, paged with
//     a cursor; isRead only when the seenAt last set is strictly after
//     the notification, as the AppView tests it; Unread lists the new) and
//     app.bsky.notification.updateSeen (SeenAt tells what it was sent),
//     which a real PDS proxies to the AppView;
//   - app.bsky.feed.searchPosts, app.bsky.actor.searchActors and
//     app.bsky.feed.getAuthorFeed, the veille's reads (search.go).
//
// SetAppViewDown makes the app.bsky.* methods fail as a PDS whose AppView
// cannot be reached answers (502 UpstreamFailure).
//
// Tests make things happen with Mention, MentionDated (a createdAt in
// the past), Notify, Burst (many mentions at once) and Delete;
// SetFollowers sets the account's followers without a follow record;
// SetActorFollowers another's (a competitor), and Like likes a post.
//
// createRecord with a record key already used answers 500
// {"error":"InternalServerError","message":"Internal Server Error"}: that
// is what the reference PDS answers today
// (https://github.com/bluesky-social/atproto/issues/3718; a named error
// is proposed in pull request 4728). A like or repost of a subject the
// account already liked or reposted returns the existing record, as the
// reference PDS does.
//
// It also serves the avatars it names, the DID documents of its did:plc
// accounts at /<did> (so it can stand for the PLC directory; or
// PLCHandler, StartPLC, serve them from a directory of their own, as
// @atproto/dev-env runs one on localhost), the
// account's /.well-known/atproto-did, and GET /_test/posts: the account's
// posts as JSON, for an end-to-end test that cannot call Posts.
//
// Server implements conformance.Fake. Start (start.go) runs one for a
// test; a standalone program runs one with Serve.
package blueskytest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
)

// Defaults of a Server.
const (
	// DefaultHandle and DefaultPassword are the account's.
	DefaultHandle   = "relais.test"
	DefaultPassword = "rlai-s2te-stap-pass"
	// DefaultAccessLifetime and DefaultRefreshLifetime are the reference
	// PDS's token lifetimes.
	DefaultAccessLifetime  = 2 * time.Hour
	DefaultRefreshLifetime = 90 * 24 * time.Hour
	// RateLimitWindow is how far RateLimit-Reset is set on a 429 without
	// a Retry-After.
	RateLimitWindow = time.Minute
)

// Limits the fake checks, from the lexicons and the reference PDS.
const (
	maxUpload        = 5 << 20 // the PDS's default blob upload limit
	maxImageSize     = 1_000_000
	maxPostGraphemes = 300
	maxPostBytes     = 3000
	maxGetPosts      = 25
)

// Server is a fake PDS with one account, and the other people who mention
// it. Its methods are safe for concurrent use.
type Server struct {
	mu      sync.Mutex
	url     string
	now     func() time.Time
	access  time.Duration
	refresh time.Duration
	key     []byte

	account  *actor
	password string
	actors   map[string]*actor // by DID
	handles  map[string]*actor // by handle

	records  map[string]*record // by at:// URI
	order    []*record          // as created
	blobs    map[string]blob    // by CID
	tokens   map[string]*token
	notes    []*record // the account's notifications, oldest first (compareNotes)
	seenAt   time.Time // as updateSeen last set it
	failures map[conformance.Op][]conformance.Failure
	calls    map[string]int
	lastTID  int64

	// refs count the records that point at a record or an account, for
	// the views: by collection and subject (likes, reposts, follows),
	// replies by parent, quotes by the post quoted (see refsOf).
	refs map[refKey]int
	// followers are the account's followers without a follow record
	// (SetFollowers).
	followers int
	// appViewDown makes the app.bsky.* methods, which a PDS proxies to the
	// AppView, answer 502 UpstreamFailure (SetAppViewDown).
	appViewDown bool
	// plcElsewhere: the DID documents are served by PLCHandler on a
	// directory of its own, not at the PDS's /<did> (StartPLC).
	plcElsewhere bool
}

type actor struct {
	did, handle, name string
	avatar            []byte
	// bio and createdAt are the profile's description and creation
	// (SetProfile); zero for the defaults.
	bio       string
	createdAt time.Time
	// followers are the actor's followers without a follow record
	// (SetActorFollowers), for others than the account.
	followers int
}

// record is a record in a repo, with what made it a notification.
type record struct {
	uri, cid   string
	did        string
	collection string
	rkey       string
	value      json.RawMessage
	indexedAt  time.Time
	// pointsAt are the refs the record counts in (see refsOf).
	pointsAt []refKey
	// reason and subject, for a notification of the account.
	reason, subject string
	// sortAt is when the AppView lists a notification: the earlier of
	// the record's createdAt and indexedAt (see notifyLocked).
	sortAt time.Time
}

// compareNotes orders notifications as the AppView lists them (newest
// last): by sortAt, then (where the AppView takes the CID, which two
// identical records share) URI.
func compareNotes(a, b *record) int {
	if c := a.sortAt.Compare(b.sortAt); c != 0 {
		return c
	}
	return strings.Compare(a.uri, b.uri)
}

type blob struct {
	CID      string `json:"cid"`
	MimeType string `json:"mimeType"`
	Size     int    `json:"size"`
}

type token struct {
	did     string
	refresh bool
	exp     time.Time
	revoked bool
}

// NewServer returns a fake PDS holding the account DefaultHandle, whose
// app password is DefaultPassword, on the wall clock.
func NewServer() *Server {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	s := &Server{
		now:      time.Now,
		access:   DefaultAccessLifetime,
		refresh:  DefaultRefreshLifetime,
		key:      key,
		password: DefaultPassword,
		actors:   map[string]*actor{},
		handles:  map[string]*actor{},
		records:  map[string]*record{},
		refs:     map[refKey]int{},
		blobs:    map[string]blob{},
		tokens:   map[string]*token{},
		failures: map[conformance.Op][]conformance.Failure{},
		calls:    map[string]int{},
	}
	s.account = s.addActor(DefaultHandle, "Relais", plcDID(DefaultHandle))
	s.account.avatar = conformance.PNG()
	return s
}

var _ conformance.Fake = (*Server)(nil)

// Handler is the fake's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	x := func(pattern string, op conformance.Op, h http.HandlerFunc) {
		if strings.Contains(pattern, " /xrpc/app.bsky.") {
			h = s.appView(h)
		}
		mux.HandleFunc(pattern, s.failing(op, h))
	}
	x("POST /xrpc/com.atproto.server.createSession", "", s.createSession)
	x("POST /xrpc/com.atproto.server.refreshSession", "", s.refreshSession)
	x("GET /xrpc/com.atproto.identity.resolveHandle", "", s.resolveHandle)
	x("GET /xrpc/app.bsky.actor.getProfile", conformance.OpProfile, s.getProfile)
	x("POST /xrpc/com.atproto.repo.uploadBlob", conformance.OpUpload, s.uploadBlob)
	x("POST /xrpc/com.atproto.repo.createRecord", conformance.OpPublish, s.createRecord)
	x("GET /xrpc/com.atproto.repo.getRecord", "", s.getRecord)
	x("GET /xrpc/app.bsky.feed.getPosts", "", s.getPosts)
	x("GET /xrpc/app.bsky.notification.listNotifications", conformance.OpRead, s.listNotifications)
	x("POST /xrpc/app.bsky.notification.updateSeen", "", s.updateSeen)
	x("GET /xrpc/app.bsky.feed.getPostThread", "", s.getPostThread)
	x("GET /xrpc/app.bsky.feed.searchPosts", OpSearch, s.searchPosts)
	x("GET /xrpc/app.bsky.actor.searchActors", OpSearch, s.searchActors)
	x("GET /xrpc/app.bsky.feed.getAuthorFeed", OpSearch, s.getAuthorFeed)
	x("/xrpc/", "", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotImplemented, "MethodNotImplemented", "Method Not Implemented")
	})
	mux.HandleFunc("GET /img/avatar/plain/{did}/{file}", s.avatar)
	mux.HandleFunc("GET /.well-known/atproto-did", s.wellKnownDID)
	mux.HandleFunc("GET /{did}", s.plcDocument)
	mux.HandleFunc("GET /_test/posts", s.testPosts)
	mux.HandleFunc("POST /_test/mention", s.testMention)
	return mux
}

// Serve serves the fake on ln until ln is closed; the account's server is
// then ln's address. It is how a standalone program (the end-to-end test)
// runs the fake.
func (s *Server) Serve(ln net.Listener) error {
	s.SetURL("http://" + ln.Addr().String())
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// SetURL tells the fake its base URL, given as the account's server.
func (s *Server) SetURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.url = strings.TrimRight(u, "/")
}

// URL is the fake's base URL.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// SetNow sets the clock tokens expire and records are dated by.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetTokenLifetimes sets how long the tokens of the next sessions last.
func (s *Server) SetTokenLifetimes(access, refresh time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access, s.refresh = access, refresh
}

// SetIdentity renames the account and gives it another DID (a did:web, to
// test resolution). Call it before the account is used.
func (s *Server) SetIdentity(handle, did string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.actors, s.account.did)
	delete(s.handles, s.account.handle)
	s.account.handle, s.account.did = handle, did
	s.actors[did], s.handles[handle] = s.account, s.account
}

// Account returns the account, on this server, and its secret as
// connecting it stores it: the app password alone.
func (s *Server) Account() (app.Account, app.Secret) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return app.Account{Network: app.Bluesky, Server: s.url, Handle: s.account.handle},
		app.Secret{Password: s.password}
}

// DID is the account's DID.
func (s *Server) DID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.account.did
}

// RevokeSessions revokes every token, as signing out everywhere does;
// the app password still signs in.
func (s *Server) RevokeSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.revoked = true
	}
}

// RevokePassword revokes the app password and the sessions opened with
// it, as deleting an app password in Bluesky's settings does.
func (s *Server) RevokePassword() {
	s.RevokeSessions()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.password = ""
}

// Calls counts the requests made to an XRPC method, by NSID; "plc"
// counts the DID documents PLCHandler was asked for.
func (s *Server) Calls(nsid string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[nsid]
}

// FailNext makes the next request of op fail as f says. OpPublish is
// creating a post (not a like or a repost), OpUpload uploading a blob,
// OpProfile getProfile, OpRead listNotifications. A 401 also revokes the
// app password and its sessions: the refusal a connector that renews its
// session once cannot get past, as when the user deleted the app password.
func (s *Server) FailNext(op conformance.Op, f conformance.Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[op] = append(s.failures[op], f)
}

// Posts returns the account's posts, oldest first.
func (s *Server) Posts() []conformance.Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []conformance.Post
	for _, r := range s.order {
		if r.did != s.account.did || r.collection != "app.bsky.feed.post" {
			continue
		}
		var p postValue
		_ = json.Unmarshal(r.value, &p)
		post := conformance.Post{ID: r.uri, Text: p.text()}
		if p.Embed != nil {
			for _, img := range p.Embed.Images {
				if img.Alt != nil {
					post.Alts = append(post.Alts, *img.Alt)
				}
			}
		}
		if p.Reply != nil {
			post.ReplyTo = p.Reply.Parent.URI
		}
		if len(p.Langs) > 0 {
			post.Language = p.Langs[0]
		}
		out = append(out, post)
	}
	return out
}

// Record returns a record's JSON, nil when there is none.
func (s *Server) Record(uri string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.records[uri]; ok {
		return slices.Clone(r.value)
	}
	return nil
}

// Blob returns an uploaded blob's type and size.
func (s *Server) Blob(cid string) (mimeType string, size int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blobs[cid]
	return b.MimeType, b.Size, ok
}

// Mention makes author post text mentioning the account.
func (s *Server) Mention(author, text string) {
	s.Notify(author, "mention", text, "")
}

// Notify makes author do something the account is notified of, and
// returns the record's URI: reason is "mention", "reply" or "quote" (a
// post of text; a reply answers the post subject, a quote quotes it),
// "like" or "repost" (of the post subject) or "follow".
func (s *Server) Notify(author, reason, text, subject string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifyLocked(author, reason, text, subject, time.Time{})
}

// MentionDated makes author post text mentioning the account, with a
// record whose createdAt is createdAt (an author whose clock is behind:
// the AppView lists the notification at its createdAt, when that is
// before it was indexed), and returns the notification's URI.
func (s *Server) MentionDated(author, text string, createdAt time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notifyLocked(author, "mention", text, "", createdAt)
}

// Burst makes author mention the account n times at once, and returns
// the notifications' URIs (the items' RemoteIDs), oldest first. The posts
// say "@relais.test burst 0", "… burst 1"…; each is indexed a millisecond
// after the one before.
func (s *Server) Burst(author string, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	uris := make([]string, 0, n)
	for i := range n {
		uris = append(uris, s.notifyLocked(author, "mention", fmt.Sprint("burst ", i), "", time.Time{}))
	}
	return uris
}

// Delete deletes a record (a post, a like…), as its author deleting it
// would, and reports whether there was one: getPosts leaves it out,
// getPostThread answers NotFound, and its notification is no longer
// listed.
func (s *Server) Delete(uri string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.records[uri]
	if !ok {
		return false
	}
	delete(s.records, uri)
	s.order = slices.DeleteFunc(s.order, func(r *record) bool { return r == rec })
	for _, k := range rec.pointsAt {
		s.refs[k]--
	}
	return true
}

// Unread lists the URIs of the notifications Bluesky's apps count as
// new, newest first (see isRead).
func (s *Server) Unread() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, n := range slices.Backward(s.notes) {
		if _, ok := s.records[n.uri]; ok && !s.isRead(n) {
			out = append(out, n.uri)
		}
	}
	return out
}

// isRead is the AppView's test: a notification is read when the seenAt
// last set is strictly after its time, so that one indexed at seenAt
// itself is still new. The caller holds s.mu.
func (s *Server) isRead(n *record) bool {
	return !s.seenAt.IsZero() && s.seenAt.After(n.sortAt)
}

// SeenAt is the time app.bsky.notification.updateSeen last set; zero if
// it never was.
func (s *Server) SeenAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seenAt
}

// notifyLocked is Notify, with the record's createdAt (zero: now). The
// caller holds s.mu.
func (s *Server) notifyLocked(author, reason, text, subject string, createdAt time.Time) string {
	a := s.actorNamed(author)
	at := s.indexTime(s.now().UTC())
	if createdAt.IsZero() {
		createdAt = at
	}
	var sub *strongRef
	if r, ok := s.records[subject]; ok {
		sub = &strongRef{URI: r.uri, CID: r.cid}
	}
	var collection string
	value := map[string]any{"createdAt": formatTime(createdAt)}
	switch reason {
	case "mention":
		collection = "app.bsky.feed.post"
		mention := "@" + s.account.handle
		value["text"] = mention + " " + text
		value["facets"] = []any{map[string]any{
			"index":    map[string]int{"byteStart": 0, "byteEnd": len(mention)},
			"features": []any{map[string]string{"$type": "app.bsky.richtext.facet#mention", "did": s.account.did}},
		}}
	case "reply", "quote":
		collection = "app.bsky.feed.post"
		value["text"] = text
		if sub != nil && reason == "reply" {
			root := *sub
			var parent postValue
			_ = json.Unmarshal(s.records[sub.URI].value, &parent)
			if parent.Reply != nil {
				root = parent.Reply.Root
			}
			value["reply"] = map[string]any{"root": root, "parent": sub}
		}
		if sub != nil && reason == "quote" {
			value["embed"] = map[string]any{"$type": "app.bsky.embed.record", "record": sub}
		}
	case "like", "repost":
		collection = "app.bsky.feed." + reason
		value["subject"] = sub
	case "follow":
		collection = "app.bsky.graph.follow"
		value["subject"] = s.account.did
	default:
		panic("blueskytest: Notify with an unknown reason " + strconv.Quote(reason))
	}
	value["$type"] = collection
	raw, _ := json.Marshal(value)
	r := s.put(a.did, collection, s.tid(at), raw, at)
	r.reason, r.subject = reason, subject
	// The AppView sorts notifications by least(createdAt, indexedAt).
	r.sortAt = r.indexedAt
	if createdAt.Before(r.sortAt) {
		r.sortAt = createdAt
	}
	r.sortAt = r.sortAt.Truncate(time.Millisecond)
	i, _ := slices.BinarySearchFunc(s.notes, r, compareNotes)
	s.notes = slices.Insert(s.notes, i, r)
	return r.uri
}

// SetFollowers makes getProfile count n followers of the account, those
// with a follow record (Notify "follow") included: it stands for the
// followers gained or lost without a notification (unfollows, the
// followers the account had before the test). Follows made later add to
// it.
func (s *Server) SetFollowers(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.followers = n - s.count("app.bsky.graph.follow", s.account.did)
}

// Reactions counts the likes and reposts of a post.
func (s *Server) Reactions(id string) (likes, boosts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count("app.bsky.feed.like", id), s.count("app.bsky.feed.repost", id)
}

// count counts the records of a collection whose subject is uri. The
// caller holds s.mu.
func (s *Server) count(collection, uri string) int {
	return s.refs[refKey{collection, uri}]
}

// refKey is what a record points at: a subject (uri, a record's or an
// account's) in a collection (likes, reposts, follows), or a post in
// replyRef or quoteRef.
type refKey struct{ collection, uri string }

// The refKey collections of the posts that answer and quote a post.
const (
	replyRef = "reply"
	quoteRef = "quote"
)

// refsOf is what a record points at: its subject, and for a post the
// post it answers and the post it quotes (app.bsky.embed.record).
func refsOf(collection string, value json.RawMessage) []refKey {
	var out []refKey
	if subject := subjectOf(value); subject != "" {
		out = append(out, refKey{collection, subject})
	}
	if collection != "app.bsky.feed.post" {
		return out
	}
	var p struct {
		Reply *struct {
			Parent strongRef `json:"parent"`
		} `json:"reply"`
		Embed *struct {
			Type   string    `json:"$type"`
			Record strongRef `json:"record"`
		} `json:"embed"`
	}
	if json.Unmarshal(value, &p) != nil {
		return out
	}
	if p.Reply != nil && p.Reply.Parent.URI != "" {
		out = append(out, refKey{replyRef, p.Reply.Parent.URI})
	}
	if p.Embed != nil && p.Embed.Type == "app.bsky.embed.record" && p.Embed.Record.URI != "" {
		out = append(out, refKey{quoteRef, p.Embed.Record.URI})
	}
	return out
}

func subjectOf(value json.RawMessage) string {
	var v struct {
		Subject json.RawMessage `json:"subject"`
	}
	_ = json.Unmarshal(value, &v)
	var ref strongRef
	if json.Unmarshal(v.Subject, &ref) == nil && ref.URI != "" {
		return ref.URI
	}
	var did string
	_ = json.Unmarshal(v.Subject, &did)
	return did
}

// failing serves a request with the failure FailNext asked for op, if
// any.
func (s *Server) failing(op conformance.Op, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		nsid := strings.TrimPrefix(r.URL.Path, "/xrpc/")
		s.mu.Lock()
		s.calls[nsid]++
		s.mu.Unlock()
		if op == conformance.OpPublish && !createsPost(r) {
			op = ""
		}
		f, ok := s.takeFailure(op)
		if !ok {
			h(w, r)
			return
		}
		wait := func() bool {
			t := time.NewTimer(f.Delay)
			defer t.Stop()
			select {
			case <-t.C:
				return true
			case <-r.Context().Done():
				return false
			}
		}
		if f.Delay > 0 && f.AfterCreate && !f.Drop {
			// Made, then the answer is late: a client killed meanwhile
			// never hears of the post.
			made := &discard{header: http.Header{}}
			h(made, r)
			if !wait() {
				return
			}
			for k, v := range made.header {
				w.Header()[k] = v
			}
			status := made.status
			if status == 0 {
				status = http.StatusOK
			}
			w.WriteHeader(status)
			_, _ = w.Write(made.body.Bytes())
			return
		}
		if f.Delay > 0 && !wait() {
			return
		}
		switch {
		case f.Status != 0:
			if f.Status == http.StatusUnauthorized {
				s.RevokePassword()
			}
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			if f.Status == http.StatusTooManyRequests {
				s.rateLimitHeaders(w, f.RetryAfter)
			}
			msg := f.Message
			if msg == "" {
				msg = http.StatusText(f.Status)
			}
			writeError(w, f.Status, errorName(f.Status), msg)
		case f.Drop:
			if f.AfterCreate {
				h(&discard{header: http.Header{}}, r)
			}
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		case f.Truncate:
			full := &discard{header: http.Header{}}
			h(full, r)
			for k, v := range full.header {
				w.Header()[k] = v
			}
			// The length announced is the whole body's: the client
			// sees the connection close before the end.
			w.Header().Set("Content-Length", strconv.Itoa(full.body.Len()))
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(full.body.Bytes()[:full.body.Len()/2])
		case f.Malformed:
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		default:
			h(w, r)
		}
	}
}

func (s *Server) takeFailure(op conformance.Op) (conformance.Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[op]
	if op == "" || len(q) == 0 {
		return conformance.Failure{}, false
	}
	s.failures[op] = q[1:]
	return q[0], true
}

// rateLimitHeaders are a PDS's RateLimit-* headers on a 429: the reset at
// Retry-After when given, else at RateLimitWindow.
func (s *Server) rateLimitHeaders(w http.ResponseWriter, retryAfter string) {
	wait := RateLimitWindow
	if n, err := strconv.Atoi(retryAfter); err == nil {
		wait = time.Duration(n) * time.Second
	}
	s.mu.Lock()
	reset := s.now().Add(wait).Unix()
	s.mu.Unlock()
	h := w.Header()
	h.Set("RateLimit-Limit", "3000")
	h.Set("RateLimit-Remaining", "0")
	h.Set("RateLimit-Reset", strconv.FormatInt(reset, 10))
	h.Set("RateLimit-Policy", "3000;w=300")
}

// createsPost reports whether a createRecord request creates a post; it
// leaves the body to read again.
func createsPost(r *http.Request) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxUpload))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	var in struct {
		Collection string `json:"collection"`
	}
	return json.Unmarshal(body, &in) == nil && in.Collection == "app.bsky.feed.post"
}

// discard is a ResponseWriter that keeps the answer, for a failure that
// needs it (or drops it).
type discard struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) WriteHeader(status int)      { d.status = status }
func (d *discard) Write(b []byte) (int, error) { return d.body.Write(b) }

// errorName is XRPC's name for an error status.
func errorName(status int) string {
	switch status {
	case 400:
		return "InvalidRequest"
	case 401:
		return "AuthenticationRequired"
	case 403:
		return "Forbidden"
	case 404:
		return "XRPCNotSupported"
	case 413:
		return "PayloadTooLarge"
	case 429:
		return "RateLimitExceeded"
	case 501:
		return "MethodNotImplemented"
	case 502:
		return "UpstreamFailure"
	case 503:
		return "NotEnoughResources"
	case 504:
		return "UpstreamTimeout"
	}
	if status >= 500 {
		return "InternalServerError"
	}
	return "InvalidRequest"
}

func writeError(w http.ResponseWriter, status int, name, message string) {
	writeJSON(w, status, map[string]string{"error": name, "message": message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"InternalServerError","message":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// base is the fake's URL as the request reached it.
func base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// Sessions.

type sessionOutput struct {
	AccessJwt  string `json:"accessJwt"`
	RefreshJwt string `json:"refreshJwt"`
	Handle     string `json:"handle"`
	DID        string `json:"did"`
	Active     bool   `json:"active"`
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Identifier string `json:"identifier"`
		Password   string `json:"password"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Identifier == "" || in.Password == "" {
		writeError(w, 400, "InvalidRequest", "Input must have the properties \"identifier\", \"password\"")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := strings.ToLower(strings.TrimPrefix(in.Identifier, "@"))
	if id != s.account.handle && in.Identifier != s.account.did || s.password == "" || in.Password != s.password {
		writeError(w, 401, "AuthenticationRequired", "Invalid identifier or password")
		return
	}
	writeJSON(w, 200, s.newSession(r))
}

func (s *Server) refreshSession(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw := bearer(r)
	t, ok := s.tokens[raw]
	switch {
	case raw == "":
		writeError(w, 401, "AuthenticationRequired", "Authentication Required")
	case !ok:
		writeError(w, 400, "InvalidToken", "Token could not be verified")
	case !t.refresh:
		writeError(w, 400, "InvalidToken", "Invalid token type")
	case t.revoked:
		writeError(w, 400, "ExpiredToken", "Token has been revoked")
	case !s.now().Before(t.exp):
		writeError(w, 400, "ExpiredToken", "Token has expired")
	default:
		t.revoked = true // refresh tokens are used once
		writeJSON(w, 200, s.newSession(r))
	}
}

// newSession makes a pair of tokens. The caller holds s.mu.
func (s *Server) newSession(r *http.Request) sessionOutput {
	now := s.now()
	aud := "did:web:" + r.Host
	access := s.jwt("at+jwt", map[string]any{"scope": "com.atproto.access", "sub": s.account.did, "aud": aud, "iat": now.Unix(), "exp": now.Add(s.access).Unix(), "jti": randomHex()})
	refresh := s.jwt("refresh+jwt", map[string]any{"scope": "com.atproto.refresh", "sub": s.account.did, "aud": aud, "iat": now.Unix(), "exp": now.Add(s.refresh).Unix(), "jti": randomHex()})
	s.tokens[access] = &token{did: s.account.did, exp: now.Add(s.access)}
	s.tokens[refresh] = &token{did: s.account.did, refresh: true, exp: now.Add(s.refresh)}
	return sessionOutput{AccessJwt: access, RefreshJwt: refresh, Handle: s.account.handle, DID: s.account.did, Active: true}
}

// jwt signs claims with HS256.
func (s *Server) jwt(typ string, claims map[string]any) string {
	enc := base64.RawURLEncoding
	header, _ := json.Marshal(map[string]string{"typ": typ, "alg": "HS256"})
	payload, _ := json.Marshal(claims)
	signing := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func bearer(r *http.Request) string {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(v)
}

// authorize checks the request's access token; when required is false, a
// request without one passes. It answers the refusal itself. The caller
// holds s.mu.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, required bool) bool {
	raw := bearer(r)
	if raw == "" {
		if required {
			writeError(w, 401, "AuthenticationRequired", "Authentication Required")
		}
		return !required
	}
	t, ok := s.tokens[raw]
	switch {
	case !ok || t.revoked:
		writeError(w, 401, "InvalidToken", "Token could not be verified")
	case t.refresh:
		writeError(w, 400, "InvalidToken", "Bad token scope")
	case !s.now().Before(t.exp):
		writeError(w, 400, "ExpiredToken", "Token has expired")
	default:
		return true
	}
	return false
}

// Identity.

func (s *Server) resolveHandle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.handles[strings.ToLower(r.URL.Query().Get("handle"))]
	if !ok {
		writeError(w, 400, "InvalidRequest", "Unable to resolve handle")
		return
	}
	writeJSON(w, 200, map[string]string{"did": a.did})
}

func (s *Server) wellKnownDID(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, s.account.did)
}

// plcDocument answers as the PLC directory does, for the fake's did:plc
// accounts: their DID document, naming this server as their PDS. Once
// StartPLC gave the fake a directory of its own, the PDS serves none.
func (s *Server) plcDocument(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plcElsewhere {
		http.NotFound(w, r)
		return
	}
	s.writeDIDDocument(w, r.PathValue("did"), base(r))
}

// writeDIDDocument writes the DID document of a did:plc account, naming
// pds. The caller holds s.mu.
func (s *Server) writeDIDDocument(w http.ResponseWriter, did, pds string) {
	a, ok := s.actors[did]
	if !ok || !strings.HasPrefix(did, "did:plc:") {
		writeJSON(w, 404, map[string]string{"message": "DID not registered: " + did})
		return
	}
	writeJSON(w, 200, DIDDocument(a.did, a.handle, pds))
}

// PLCHandler is a PLC directory for the fake's did:plc accounts, as
// @atproto/dev-env runs one on localhost beside its PDS: GET /<did>
// answers the DID document, naming the fake (URL) as the PDS. Serving it
// makes the PDS stop serving DID documents itself, so that only this
// directory resolves them.
func (s *Server) PLCHandler() http.Handler {
	s.mu.Lock()
	s.plcElsewhere = true
	s.mu.Unlock()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{did}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.calls["plc"]++
		s.writeDIDDocument(w, r.PathValue("did"), s.url)
	})
	return mux
}

// SetAppViewDown makes the AppView unreachable, or reachable again: the
// app.bsky.* methods (getProfile, getPosts, getPostThread,
// listNotifications, updateSeen) answer 502 {"error":"UpstreamFailure"},
// as the reference PDS's proxy does when it cannot reach the AppView;
// sessions, records and blobs, the PDS's own, go on working.
func (s *Server) SetAppViewDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appViewDown = down
}

// appView wraps an AppView method: down, it answers as the PDS's proxy.
func (s *Server) appView(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down := s.appViewDown
		s.mu.Unlock()
		if down {
			writeError(w, http.StatusBadGateway, "UpstreamFailure", "Upstream Failure")
			return
		}
		h(w, r)
	}
}

// DIDDocument is the DID document of an account served by pds.
func DIDDocument(did, handle, pds string) map[string]any {
	return map[string]any{
		"@context":    []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		"id":          did,
		"alsoKnownAs": []string{"at://" + handle},
		"verificationMethod": []any{map[string]string{
			"id": did + "#atproto", "type": "Multikey", "controller": did,
			"publicKeyMultibase": "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF",
		}},
		"service": []any{map[string]string{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": pds}},
	}
}

// Profiles.

type profileView struct {
	DID            string `json:"did"`
	Handle         string `json:"handle"`
	DisplayName    string `json:"displayName,omitempty"`
	Avatar         string `json:"avatar,omitempty"`
	Description    string `json:"description,omitempty"`
	FollowersCount *int   `json:"followersCount,omitempty"`
	FollowsCount   *int   `json:"followsCount,omitempty"`
	PostsCount     *int   `json:"postsCount,omitempty"`
	IndexedAt      string `json:"indexedAt,omitempty"`
	CreatedAt      string `json:"createdAt"`
	Labels         []any  `json:"labels"`
}

// view is an actor's profileViewBasic, or with detailed its
// profileViewDetailed. The caller holds s.mu.
func (s *Server) view(r *http.Request, a *actor, detailed bool) profileView {
	v := profileView{DID: a.did, Handle: a.handle, DisplayName: a.name, CreatedAt: "2024-01-01T00:00:00.000Z", Labels: []any{}}
	if !a.createdAt.IsZero() {
		v.CreatedAt = formatTime(a.createdAt)
	}
	if a.avatar != nil {
		v.Avatar = base(r) + "/img/avatar/plain/" + a.did + "/" + cid(0x55, a.avatar) + "@png"
	}
	if detailed {
		followers, follows, posts := s.count("app.bsky.graph.follow", a.did), 0, 0
		if a == s.account {
			followers = max(followers+s.followers, 0)
		} else {
			followers = max(followers+a.followers, 0)
		}
		for _, rec := range s.order {
			switch {
			case rec.did == a.did && rec.collection == "app.bsky.graph.follow":
				follows++
			case rec.did == a.did && rec.collection == "app.bsky.feed.post":
				posts++
			}
		}
		v.FollowersCount, v.FollowsCount, v.PostsCount = &followers, &follows, &posts
		v.Description = a.bio
		v.IndexedAt = "2024-01-01T00:00:00.000Z"
	}
	return v
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	a := s.lookup(r.URL.Query().Get("actor"))
	if a == nil {
		writeError(w, 400, "InvalidRequest", "Profile not found")
		return
	}
	writeJSON(w, 200, s.view(r, a, true))
}

func (s *Server) avatar(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a, ok := s.actors[r.PathValue("did")]
	s.mu.Unlock()
	if !ok || a.avatar == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(a.avatar)
}

// lookup finds an actor by DID or handle. The caller holds s.mu.
func (s *Server) lookup(id string) *actor {
	if a, ok := s.actors[id]; ok {
		return a
	}
	return s.handles[strings.ToLower(id)]
}

// Blobs and records.

func (s *Server) uploadBlob(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ok := s.authorize(w, r, true)
	s.mu.Unlock()
	if !ok {
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxUpload+1))
	switch {
	case err != nil:
		writeError(w, 400, "InvalidRequest", "could not read the body")
		return
	case len(data) > maxUpload:
		writeError(w, 413, "PayloadTooLarge", "request entity too large")
		return
	case len(data) == 0:
		writeError(w, 400, "InvalidRequest", "request has no body")
		return
	}
	mimeType := r.Header.Get("Content-Type")
	if mimeType == "" || mimeType == "*/*" {
		mimeType = http.DetectContentType(data)
	}
	b := blob{CID: cid(0x55, data), MimeType: mimeType, Size: len(data)}
	s.mu.Lock()
	s.blobs[b.CID] = b
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"blob": blobRef(b)})
}

// blobRef is a blob as a record holds it.
func blobRef(b blob) map[string]any {
	return map[string]any{"$type": "blob", "ref": map[string]string{"$link": b.CID}, "mimeType": b.MimeType, "size": b.Size}
}

type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

type blobValue struct {
	Type string `json:"$type"`
	Ref  struct {
		Link string `json:"$link"`
	} `json:"ref"`
	MimeType string `json:"mimeType"`
	Size     int    `json:"size"`
}

// postValue is an app.bsky.feed.post record, as far as the fake checks it.
type postValue struct {
	Type   string  `json:"$type"`
	Text   *string `json:"text"`
	Facets []struct {
		Index struct {
			ByteStart int `json:"byteStart"`
			ByteEnd   int `json:"byteEnd"`
		} `json:"index"`
		Features []map[string]any `json:"features"`
	} `json:"facets"`
	Reply *struct {
		Root   strongRef `json:"root"`
		Parent strongRef `json:"parent"`
	} `json:"reply"`
	Embed *struct {
		Type   string `json:"$type"`
		Images []struct {
			Image       *blobValue `json:"image"`
			Alt         *string    `json:"alt"`
			AspectRatio *struct {
				Width  int `json:"width"`
				Height int `json:"height"`
			} `json:"aspectRatio"`
		} `json:"images"`
		External *struct {
			URI         string     `json:"uri"`
			Title       *string    `json:"title"`
			Description *string    `json:"description"`
			Thumb       *blobValue `json:"thumb"`
		} `json:"external"`
	} `json:"embed"`
	Langs     []string `json:"langs"`
	CreatedAt string   `json:"createdAt"`
}

func (p postValue) text() string {
	if p.Text == nil {
		return ""
	}
	return *p.Text
}

func (s *Server) createRecord(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	var in struct {
		Repo       string          `json:"repo"`
		Collection string          `json:"collection"`
		Rkey       string          `json:"rkey"`
		Record     json.RawMessage `json:"record"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeError(w, 400, "InvalidRequest", "Invalid JSON: "+err.Error())
		return
	}
	if a := s.lookup(in.Repo); a != s.account {
		writeError(w, 400, "InvalidRequest", "Invalid repo: "+in.Repo)
		return
	}
	now := s.now().UTC()
	if in.Rkey == "" {
		in.Rkey = s.tid(now)
	} else if !validRecordKey(in.Rkey) {
		writeError(w, 400, "InvalidRequest", "Invalid record key: "+in.Rkey)
		return
	}
	if msg := s.validate(in.Collection, in.Record); msg != "" {
		writeError(w, 400, "InvalidRequest", msg)
		return
	}
	if in.Collection == "app.bsky.feed.like" || in.Collection == "app.bsky.feed.repost" {
		subject := subjectOf(in.Record)
		for _, rec := range s.order {
			if rec.did == s.account.did && rec.collection == in.Collection && subjectOf(rec.value) == subject {
				writeJSON(w, 200, s.created(rec))
				return
			}
		}
	}
	uri := "at://" + s.account.did + "/" + in.Collection + "/" + in.Rkey
	if _, exists := s.records[uri]; exists {
		writeError(w, 500, "InternalServerError", "Internal Server Error")
		return
	}
	rec := s.put(s.account.did, in.Collection, in.Rkey, in.Record, now)
	writeJSON(w, 200, s.created(rec))
}

func (s *Server) created(rec *record) map[string]any {
	return map[string]any{
		"uri": rec.uri, "cid": rec.cid,
		"commit":           map[string]string{"cid": cid(0x71, []byte("commit "+rec.uri)), "rev": rec.rkey},
		"validationStatus": "valid",
	}
}

// validate checks a record as the lexicons say, and returns what is wrong
// in the PDS's words, "" when nothing is. The caller holds s.mu.
func (s *Server) validate(collection string, raw json.RawMessage) string {
	if !validNSID(collection) {
		return "Invalid collection: " + collection
	}
	var typed struct {
		Type string `json:"$type"`
	}
	if err := json.Unmarshal(raw, &typed); err != nil || raw[0] != '{' {
		return "Invalid record: must be an object"
	}
	if typed.Type != collection {
		return fmt.Sprintf("Invalid $type: expected %s, got %s", collection, typed.Type)
	}
	switch collection {
	case "app.bsky.feed.post":
		return s.validatePost(raw)
	case "app.bsky.feed.like", "app.bsky.feed.repost":
		var v struct {
			Subject   *strongRef `json:"subject"`
			CreatedAt string     `json:"createdAt"`
		}
		if json.Unmarshal(raw, &v) != nil || v.Subject == nil || !strings.HasPrefix(v.Subject.URI, "at://") || v.Subject.CID == "" {
			return "Invalid " + collection + " record: Record/subject must be a strongRef"
		}
		if _, err := time.Parse(time.RFC3339Nano, v.CreatedAt); err != nil {
			return "Invalid " + collection + " record: Record/createdAt must be an valid atproto datetime"
		}
	}
	return ""
}

func (s *Server) validatePost(raw json.RawMessage) string {
	bad := func(msg string) string { return "Invalid app.bsky.feed.post record: " + msg }
	var p postValue
	if err := json.Unmarshal(raw, &p); err != nil {
		return bad(err.Error())
	}
	if p.Text == nil {
		return bad(`Record must have the property "text"`)
	}
	text := p.text()
	if len(text) > maxPostBytes {
		return bad(fmt.Sprintf("Record/text must not be longer than %d characters", maxPostBytes))
	}
	if uniseg.GraphemeClusterCount(text) > maxPostGraphemes {
		return bad(fmt.Sprintf("Record/text must not be longer than %d graphemes", maxPostGraphemes))
	}
	if _, err := time.Parse(time.RFC3339Nano, p.CreatedAt); err != nil {
		return bad("Record/createdAt must be an valid atproto datetime (both RFC-3339 and ISO-8601)")
	}
	if len(p.Langs) > 3 {
		return bad("Record/langs must not have more than 3 elements")
	}
	for i, f := range p.Facets {
		if f.Index.ByteStart < 0 || f.Index.ByteEnd < f.Index.ByteStart || f.Index.ByteEnd > len(text) {
			return bad(fmt.Sprintf("Record/facets/%d/index is outside the text", i))
		}
		if len(f.Features) == 0 {
			return bad(fmt.Sprintf("Record/facets/%d/features must not be empty", i))
		}
		for j, ft := range f.Features {
			// The lexicon's link is {uri: format uri}: a scheme is
			// required, so a bare domain's facet must open https://….
			if ft["$type"] == "app.bsky.richtext.facet#link" {
				if uri, _ := ft["uri"].(string); !lexiconURI.MatchString(uri) {
					return bad(fmt.Sprintf("Record/facets/%d/features/%d/uri must be a uri", i, j))
				}
			}
		}
	}
	if p.Reply != nil && (!strings.HasPrefix(p.Reply.Root.URI, "at://") || p.Reply.Root.CID == "" || !strings.HasPrefix(p.Reply.Parent.URI, "at://") || p.Reply.Parent.CID == "") {
		return bad("Record/reply must have a root and a parent, each with a uri and a cid")
	}
	if e := p.Embed; e != nil {
		switch e.Type {
		case "app.bsky.embed.images":
			if len(e.Images) == 0 || len(e.Images) > 4 {
				return bad("Record/embed/images must have between 1 and 4 elements")
			}
			for i, img := range e.Images {
				if img.Alt == nil {
					return bad(fmt.Sprintf(`Record/embed/images/%d must have the property "alt"`, i))
				}
				if msg := s.checkBlob(img.Image); msg != "" {
					return bad(fmt.Sprintf("Record/embed/images/%d/image %s", i, msg))
				}
			}
		case "app.bsky.embed.external":
			x := e.External
			if x == nil || x.URI == "" || x.Title == nil || x.Description == nil {
				return bad(`Record/embed/external must have the properties "uri", "title" and "description"`)
			}
			if x.Thumb != nil {
				if msg := s.checkBlob(x.Thumb); msg != "" {
					return bad("Record/embed/external/thumb " + msg)
				}
			}
		}
	}
	return ""
}

// lexiconURI is the lexicon's "uri" format, as @atproto/lexicon checks it.
var lexiconURI = regexp.MustCompile(`^\w+:(?://)?[^\s/][^\s]*$`)

// checkBlob checks a record's image blob. The caller holds s.mu.
func (s *Server) checkBlob(b *blobValue) string {
	if b == nil || b.Type != "blob" || b.Ref.Link == "" {
		return "must be a blob ref"
	}
	stored, ok := s.blobs[b.Ref.Link]
	switch {
	case !ok:
		return "is a blob that was not uploaded: " + b.Ref.Link
	case !strings.HasPrefix(stored.MimeType, "image/"):
		return "has the wrong type: " + stored.MimeType
	case stored.Size > maxImageSize:
		return fmt.Sprintf("is too large: %d bytes, at most %d", stored.Size, maxImageSize)
	}
	return ""
}

// indexTime is when a record made at is indexed: at, or a millisecond
// after the record before, so that records are indexed in the order
// made. The caller holds s.mu.
func (s *Server) indexTime(at time.Time) time.Time {
	if last := len(s.order); last > 0 && !at.After(s.order[last-1].indexedAt) {
		return s.order[last-1].indexedAt.Add(time.Millisecond)
	}
	return at
}

// put stores a record. The caller holds s.mu.
func (s *Server) put(did, collection, rkey string, value json.RawMessage, at time.Time) *record {
	at = s.indexTime(at)
	rec := &record{
		uri: "at://" + did + "/" + collection + "/" + rkey, cid: cid(0x71, value),
		did: did, collection: collection, rkey: rkey, value: slices.Clone(value), indexedAt: at,
		pointsAt: refsOf(collection, value),
	}
	s.records[rec.uri] = rec
	s.order = append(s.order, rec)
	for _, k := range rec.pointsAt {
		s.refs[k]++
	}
	return rec
}

func (s *Server) getRecord(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, false) {
		return
	}
	q := r.URL.Query()
	did := q.Get("repo")
	if a := s.lookup(did); a != nil {
		did = a.did
	}
	uri := "at://" + did + "/" + q.Get("collection") + "/" + q.Get("rkey")
	rec, ok := s.records[uri]
	if !ok || q.Get("cid") != "" && q.Get("cid") != rec.cid {
		writeError(w, 400, "RecordNotFound", "Could not locate record: "+uri)
		return
	}
	writeJSON(w, 200, map[string]any{"uri": rec.uri, "cid": rec.cid, "value": rec.value})
}

// Views.

type postView struct {
	URI         string          `json:"uri"`
	CID         string          `json:"cid"`
	Author      profileView     `json:"author"`
	Record      json.RawMessage `json:"record"`
	ReplyCount  int             `json:"replyCount"`
	RepostCount int             `json:"repostCount"`
	LikeCount   int             `json:"likeCount"`
	QuoteCount  int             `json:"quoteCount"`
	IndexedAt   string          `json:"indexedAt"`
	Viewer      map[string]any  `json:"viewer"`
	Labels      []any           `json:"labels"`
}

func (s *Server) getPosts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	uris := r.URL.Query()["uris"]
	if len(uris) == 0 || len(uris) > maxGetPosts {
		writeError(w, 400, "InvalidRequest", fmt.Sprintf("uris must have between 1 and %d elements", maxGetPosts))
		return
	}
	posts := []postView{}
	for _, uri := range uris {
		rec, ok := s.records[uri]
		if !ok || rec.collection != "app.bsky.feed.post" {
			continue
		}
		posts = append(posts, s.postView(r, rec))
	}
	writeJSON(w, 200, map[string]any{"posts": posts})
}

// postView is a post's app.bsky.feed.defs#postView. The caller holds
// s.mu.
func (s *Server) postView(r *http.Request, rec *record) postView {
	return postView{
		URI: rec.uri, CID: rec.cid, Author: s.view(r, s.actors[rec.did], false), Record: rec.value,
		ReplyCount: s.count(replyRef, rec.uri), QuoteCount: s.count(quoteRef, rec.uri),
		LikeCount: s.count("app.bsky.feed.like", rec.uri), RepostCount: s.count("app.bsky.feed.repost", rec.uri),
		IndexedAt: formatTime(rec.indexedAt), Viewer: map[string]any{}, Labels: []any{},
	}
}

// getPostThread answers a post's thread: the post with its replies,
// depth levels down, and its parents, parentHeight up; a parent gone is
// a #notFoundPost, the post itself gone a 400 NotFound, as the AppView
// answers.
func (s *Server) getPostThread(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	q := r.URL.Query()
	bound := func(name string, def int) (int, bool) {
		v := q.Get(name)
		if v == "" {
			return def, true
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			writeError(w, 400, "InvalidRequest", name+" must be an integer between 0 and 1000")
			return 0, false
		}
		return n, true
	}
	depth, ok := bound("depth", 6)
	if !ok {
		return
	}
	height, ok := bound("parentHeight", 80)
	if !ok {
		return
	}
	uri := q.Get("uri")
	rec, found := s.records[uri]
	if !found || rec.collection != "app.bsky.feed.post" {
		writeError(w, 400, "NotFound", "Post not found: "+uri)
		return
	}
	top := s.threadNode(r, rec, depth)
	at := top
	for range height {
		parent := parentURI(s.records[at["post"].(postView).URI])
		if parent == "" {
			break
		}
		prec, ok := s.records[parent]
		if !ok {
			at["parent"] = map[string]any{"$type": "app.bsky.feed.defs#notFoundPost", "uri": parent, "notFound": true}
			break
		}
		p := map[string]any{"$type": "app.bsky.feed.defs#threadViewPost", "post": s.postView(r, prec)}
		at["parent"] = p
		at = p
	}
	writeJSON(w, 200, map[string]any{"thread": top})
}

// threadNode is a post's #threadViewPost with its replies, depth levels
// down. The caller holds s.mu.
func (s *Server) threadNode(r *http.Request, rec *record, depth int) map[string]any {
	n := map[string]any{"$type": "app.bsky.feed.defs#threadViewPost", "post": s.postView(r, rec)}
	if depth > 0 {
		replies := []any{}
		for _, other := range s.order {
			if other.collection == "app.bsky.feed.post" && parentURI(other) == rec.uri {
				replies = append(replies, s.threadNode(r, other, depth-1))
			}
		}
		n["replies"] = replies
	}
	return n
}

// parentURI is the post a post answers; "" for none.
func parentURI(rec *record) string {
	var p postValue
	if rec == nil || json.Unmarshal(rec.value, &p) != nil || p.Reply == nil {
		return ""
	}
	return p.Reply.Parent.URI
}

// updateSeen notes when the account's notifications were seen.
func (s *Server) updateSeen(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	var in struct {
		SeenAt string `json:"seenAt"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in); err != nil || in.SeenAt == "" {
		writeError(w, 400, "InvalidRequest", `Input must have the property "seenAt"`)
		return
	}
	at, err := time.Parse(time.RFC3339Nano, in.SeenAt)
	if err != nil {
		writeError(w, 400, "InvalidRequest", "Input/seenAt must be an valid atproto datetime (both RFC-3339 and ISO-8601)")
		return
	}
	s.seenAt = at
	w.WriteHeader(http.StatusOK)
}

type notificationView struct {
	URI           string          `json:"uri"`
	CID           string          `json:"cid"`
	Author        profileView     `json:"author"`
	Reason        string          `json:"reason"`
	ReasonSubject string          `json:"reasonSubject,omitempty"`
	Record        json.RawMessage `json:"record"`
	IsRead        bool            `json:"isRead"`
	IndexedAt     string          `json:"indexedAt"`
	Labels        []any           `json:"labels"`
}

// listNotifications answers newest first, by sortAt, as the AppView
// does: a notification's indexedAt is its sortAt, the earlier of its
// createdAt and the time it was indexed, so one backdated by its author
// is listed behind those indexed before it. Its cursor is the last
// notification given, like the AppView's ("sortAt::uri"); a page as long as
// the limit has one.
func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, 400, "InvalidRequest", "limit must be between 1 and 100")
			return
		}
		limit = n
	}
	end := len(s.notes) // notifications before end, newest first
	if c := q.Get("cursor"); c != "" {
		at, uri, ok := strings.Cut(c, "::")
		t, err := time.Parse(time.RFC3339Nano, at)
		if !ok || err != nil {
			writeError(w, 400, "InvalidRequest", "Malformed cursor")
			return
		}
		end, _ = slices.BinarySearchFunc(s.notes, &record{sortAt: t, uri: uri}, compareNotes)
	}
	out := map[string]any{"notifications": []notificationView{}, "priority": false}
	if !s.seenAt.IsZero() {
		out["seenAt"] = formatTime(s.seenAt)
	}
	var page []notificationView
	var last *record // the last given
	i := end
	for i > 0 && len(page) < limit {
		i--
		n := s.notes[i]
		if _, ok := s.records[n.uri]; !ok {
			continue // deleted: its position stays, for the cursors given
		}
		page = append(page, notificationView{
			URI: n.uri, CID: n.cid, Author: s.view(r, s.actors[n.did], false), Reason: n.reason, ReasonSubject: n.subject,
			Record: n.value, IsRead: s.isRead(n), IndexedAt: formatTime(n.sortAt), Labels: []any{},
		})
		last = n
	}
	if page != nil {
		out["notifications"] = page
	}
	if len(page) == limit {
		out["cursor"] = formatTime(last.sortAt) + "::" + last.uri
	}
	writeJSON(w, 200, out)
}

// TestPost is a post as GET /_test/posts gives it.
type TestPost struct {
	URI    string          `json:"uri"`
	CID    string          `json:"cid"`
	Rkey   string          `json:"rkey"`
	Record json.RawMessage `json:"record"`
	// Text, Alts, ReplyTo and Language are read from the record, as
	// Posts gives them.
	Text     string   `json:"text"`
	Alts     []string `json:"alts"`
	ReplyTo  string   `json:"replyTo,omitempty"`
	Language string   `json:"language,omitempty"`
	// Blobs are the images' (or the link card's thumb's) uploaded blobs.
	Blobs []TestBlob `json:"blobs"`
}

// TestBlob is an uploaded blob a post holds.
type TestBlob struct {
	CID      string `json:"cid"`
	MimeType string `json:"mimeType"`
	Size     int    `json:"size"`
}

// TestPosts returns the account's posts as GET /_test/posts gives them.
func (s *Server) TestPosts() []TestPost {
	posts := s.Posts()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]TestPost, 0, len(posts))
	for _, p := range posts {
		rec := s.records[p.ID]
		tp := TestPost{URI: rec.uri, CID: rec.cid, Rkey: rec.rkey, Record: rec.value, Text: p.Text, Alts: p.Alts, ReplyTo: p.ReplyTo, Language: p.Language, Blobs: []TestBlob{}}
		if tp.Alts == nil {
			tp.Alts = []string{}
		}
		var v postValue
		_ = json.Unmarshal(rec.value, &v)
		if e := v.Embed; e != nil {
			refs := []*blobValue{}
			for _, img := range e.Images {
				refs = append(refs, img.Image)
			}
			if e.External != nil && e.External.Thumb != nil {
				refs = append(refs, e.External.Thumb)
			}
			for _, ref := range refs {
				if b, ok := s.blobs[ref.Ref.Link]; ok {
					tp.Blobs = append(tp.Blobs, TestBlob(b))
				}
			}
		}
		out = append(out, tp)
	}
	return out
}

func (s *Server) testPosts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, s.TestPosts())
}

// testMention makes the form's author mention the account with the
// form's text, for the end-to-end test (fakenet), and answers the new
// post's URI.
func (s *Server) testMention(w http.ResponseWriter, r *http.Request) {
	author, text := r.FormValue("author"), r.FormValue("text")
	if author == "" || text == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "InvalidRequest", "message": "author and text are required"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"uri": s.Notify(author, "mention", text, "")})
}

// People.

// addActor adds someone. The caller holds s.mu, or owns s.
func (s *Server) addActor(handle, name, did string) *actor {
	a := &actor{did: did, handle: handle, name: name}
	s.actors[did], s.handles[handle] = a, a
	return a
}

// actorNamed is the person called name, made the first time: handle
// name.test in ASCII ("chloé" is chloe.test). The caller holds s.mu.
func (s *Server) actorNamed(name string) *actor {
	var slug strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			slug.WriteRune(r)
		}
	}
	if slug.Len() == 0 {
		slug.WriteString("someone")
	}
	handle := slug.String() + ".test"
	if a, ok := s.handles[handle]; ok {
		return a
	}
	return s.addActor(handle, name, plcDID(handle))
}

// plcDID is a did:plc made from a handle.
func plcDID(handle string) string {
	sum := sha256.Sum256([]byte(handle))
	return "did:plc:" + strings.ToLower(base32.StdEncoding.EncodeToString(sum[:]))[:24]
}

// tid is a new record key from the clock: a TID, later than any before.
// The caller holds s.mu.
func (s *Server) tid(at time.Time) string {
	v := max(at.UnixMicro(), s.lastTID+1)
	s.lastTID = v
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz"
	n := uint64(v) << 10
	var out [13]byte
	for i := 12; i >= 0; i-- {
		out[i] = alphabet[n&31]
		n >>= 5
	}
	return string(out[:])
}

// cid is a CIDv1 of data's SHA-256, with codec 0x55 (raw, for blobs) or
// 0x71 (dag-cbor, for records; the fake hashes the record's JSON), in
// base32: bafkrei… and bafyrei… as on a real PDS.
func cid(codec byte, data []byte) string {
	sum := sha256.Sum256(data)
	b := append([]byte{0x01, codec, 0x12, 0x20}, sum[:]...)
	return "b" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func randomHex() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func validRecordKey(k string) bool {
	if k == "" || len(k) > 512 || k == "." || k == ".." {
		return false
	}
	return strings.IndexFunc(k, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || strings.ContainsRune("._:~-", r))
	}) < 0
}

func validNSID(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
	}
	_, err := url.Parse(s)
	return err == nil
}
