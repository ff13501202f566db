package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Dialer knows one network: it opens a connector for an account of it.
// connectors/<network> implements one each; main.go puts them in a
// Registry.
type Dialer interface {
	Network() Network
	// Open returns a connector acting for acc. It reads the account's
	// secret through creds when it needs it, and stores a renewed one
	// there. Open itself does no network request.
	Open(acc Account, creds Credentials) (Connector, error)
}

// Connector acts for one account on its network. Beyond Profile and
// Limits, what a network can do is told by the capability interfaces a
// connector also implements (Publisher, Reader, Reactor, MetricsReader,
// FollowAnswerer), checked by type assertion.
type Connector interface {
	// Profile asks the network who the account is. It is how an
	// account is tested; on Bluesky it signs in when there is no session.
	Profile(ctx context.Context) (Profile, error)
	// Limits are the network's limits for this account, as last learnt
	// (the network's defaults before Profile).
	Limits() Limits
}

// Profile is who an account is on its network.
type Profile struct {
	RemoteID    string
	Handle      string
	DisplayName string
	URL         string
	// Server is the base URL the account is served from (the Bluesky PDS
	// found from the handle, for example).
	Server string
	// Avatar is the avatar image, when the network has one and it could be
	// fetched (at most MaxAvatarSize bytes); nil otherwise.
	Avatar []byte
	Limits Limits
	// Partial is a profile with the account's identity only (RemoteID,
	// Handle, URL, Server): the network's profile service could not be
	// reached (Bluesky's AppView down, while the PDS signed in). The
	// display name and avatar already known are kept, and read again
	// later.
	Partial bool
	// SignInExpiry is when the account's sign-in stops working unless the
	// user signs in again (a Facebook user token; an Instagram or Threads
	// token, which SignInRenewal renews long before); zero when it does
	// not expire or is not known. It becomes the account's SignInExpiry.
	SignInExpiry time.Time
}

// MaxAvatarSize bounds an avatar image a connector downloads.
const MaxAvatarSize = 2 << 20

// Limits are what a network accepts on one post.
type Limits struct {
	MaxLength int // in the network's unit (see Length); 0 for the network's default
	// LinkLength is what a link counts for in MaxLength, on a network that
	// counts links at a fixed length (Mastodon's
	// characters_reserved_per_url); 0 for the network's default.
	LinkLength int
	// CodePoints: the server counts code points, links and mentions in
	// full (GoToSocial), not Mastodon's graphemes with links at
	// LinkLength: an emoji family counts 7 there, a link every character.
	CodePoints bool
	Media      MediaLimits
}

// Publisher is a connector that can post.
type Publisher interface {
	// Publish sends one post. o.Key identifies this post for good: the
	// network's own idempotency is used with it (Mastodon's
	// Idempotency-Key, Bluesky's record key), so publishing again with
	// the same key after a lost answer does not make a second post.
	Publish(ctx context.Context, o Outgoing) (Published, error)
	// Find looks for a post already made with o's key, to settle an
	// attempt whose answer was lost. It reports false when the network
	// has no such post.
	Find(ctx context.Context, o Outgoing) (Published, bool, error)
}

// Outgoing is one post on its way to a network.
type Outgoing struct {
	// Key is the attempt's idempotency key, chosen before the first
	// request (see NewAttemptKey); it is a valid Bluesky record key.
	Key  string
	Text string
	// Media are the images, with their alt text.
	Media []Attachment
	// Language is the text's ISO 639-1 language ("fr", "en"); "" lets
	// the network guess.
	Language string
	// Warning is a content warning shown before the text (Mastodon).
	Warning string
	// Visibility is who sees the post on Mastodon; "" is public.
	Visibility Visibility
	// ReplyTo is the post this one answers, nil for a new post. A thread
	// is posts that each reply to the previous one.
	ReplyTo *RemoteRef
	// Steps keeps what the connector did for this attempt before the
	// post was made (a Meta container's ID), in the outbox journal, so
	// that the next try, after a crash or a lost answer, goes on from
	// there instead of starting again; nil where nothing keeps them (the
	// connector then remembers in memory only).
	Steps StepRecorder
	// ImageFit is the user's consent to crop or pad an image to a shape
	// the network takes (Post.ImageFit).
	ImageFit ImageFit
}

// StepRecorder keeps an attempt's steps, by name, across a restart: the
// outbox journal (Attempt.Steps) for Publishing.
type StepRecorder interface {
	// Step returns the value recorded under name; "" when none.
	Step(name string) string
	// RecordStep keeps value under name, and returns once it is on disk.
	RecordStep(ctx context.Context, name, value string) error
}

// Attachment is an image on its way out.
type Attachment struct {
	Media
	// Open reads the image's bytes.
	Open func() (io.ReadCloser, error)
}

// Visibility is who may see a Mastodon post.
type Visibility string

// Mastodon's visibilities.
const (
	VisibilityPublic    Visibility = "public"
	VisibilityUnlisted  Visibility = "unlisted"
	VisibilityFollowers Visibility = "private"
	VisibilityDirect    Visibility = "direct"
)

// RemoteRef points at a post on a network.
type RemoteRef struct {
	// ID is the Mastodon status ID, or the Bluesky at:// URI.
	ID string
	// CID is the Bluesky content hash of the record; "" elsewhere.
	CID string
	// Root is the first post of the thread the post is in, when the
	// network needs it to reply (Bluesky); nil when the post is a root.
	Root *RemoteRef
}

// Published is a post as the network took it.
type Published struct {
	Ref RemoteRef
	URL string // the post's public page
	At  time.Time
}

// Reader is a connector that reads what is new for the account: mentions,
// replies, notifications, or a feed's articles.
type Reader interface {
	// Since returns what arrived after cursor, oldest first, and the
	// cursor to ask from next time. An empty cursor returns the latest
	// page.
	Since(ctx context.Context, cursor string) (Page, error)
}

// Page is one read of new items.
type Page struct {
	Items []Item
	// Changes are posts, already read as items, that were edited or
	// deleted on the network since (Mastodon's "update" notification, for
	// example).
	Changes []Change
	Cursor  string
}

// Change is a post edited or deleted on its network after Relais read it.
type Change struct {
	// Post is the post's ID on its network (RemoteRef.ID).
	Post string
	// Deleted is true when the post is gone; else Text is its new text.
	Deleted bool
	Text    string
	At      time.Time
}

// ItemKind is what an item is.
type ItemKind string

// Kinds of item.
const (
	ItemMention ItemKind = "mention"
	ItemReply   ItemKind = "reply"
	ItemQuote   ItemKind = "quote"
	ItemLike    ItemKind = "like"
	ItemBoost   ItemKind = "boost"
	ItemFollow  ItemKind = "follow"
	ItemArticle ItemKind = "article" // a feed's entry
	// ItemDirect is a direct (private) message to the account: on
	// Mastodon, a mention whose status has the visibility "direct".
	ItemDirect ItemKind = "direct"
	// ItemFollowRequest is someone asking to follow a locked account
	// (Mastodon's "manually approve followers", GoToSocial's default):
	// the user accepts or rejects it (FollowAnswerer). Its Text is the
	// requester's bio, as plain text.
	ItemFollowRequest ItemKind = "follow_request"
)

// ItemKinds lists the kinds of item, in the order menus show them.
var ItemKinds = []ItemKind{ItemMention, ItemReply, ItemDirect, ItemQuote, ItemLike, ItemBoost, ItemFollow, ItemFollowRequest, ItemArticle}

// Item is one thing that arrived: a mention, a reply, a like, an
// article. Text is plain text: remote HTML is converted, never rendered.
type Item struct {
	// RemoteID identifies the item on its network (the notification ID,
	// or the feed entry's GUID).
	RemoteID string
	Kind     ItemKind
	Author   Author
	Title    string // a feed entry's title
	Text     string
	URL      string
	// Post is the post the item is or is about (what a reply answers,
	// what a like likes), when there is one.
	Post *RemoteRef
	// Visibility is who may see the post, on Mastodon; a reply keeps it,
	// so that a direct message is answered privately.
	Visibility Visibility
	At         time.Time
	// Mentions are the accounts the post mentions, as full handles
	// (user@server), on Mastodon: a reply to a direct message mentions
	// them all, or they cannot see it.
	Mentions []string
}

// Author is who wrote an item.
type Author struct {
	RemoteID string
	Handle   string
	Name     string
	URL      string
	// Avatar is the address of the author's picture, when the connector
	// read one (a follow request's); "" otherwise. Relais stores the
	// address, never the image.
	Avatar string
}

// ThreadReader is a connector that reads the conversation around a post.
type ThreadReader interface {
	// Thread returns the posts of the conversation post is in: the
	// ones it answers, itself and the replies, oldest first. A post
	// deleted on the network gives a NetError of kind FailNotFound.
	Thread(ctx context.Context, post RemoteRef) (Thread, error)
}

// Thread is a conversation around one post.
type Thread struct {
	Posts []ThreadPost
	// Focus is the index in Posts of the post asked for.
	Focus int
}

// ThreadPost is one post of a conversation, as plain text.
type ThreadPost struct {
	Ref    RemoteRef
	Author Author
	Text   string
	URL    string
	At     time.Time
	// Mine is true for a post of the account itself.
	Mine bool
	// ReplyTo is the ID of the post this one answers; "" for the root.
	ReplyTo string
}

// PostChecker is a connector that can tell whether a post is still on
// the network, asked before a reply goes out: Bluesky's PDS takes a
// reply to a post deleted since, which then answers nothing.
type PostChecker interface {
	// PostExists reports whether post is still there, as the account
	// sees it; false, with no error, when it was deleted.
	PostExists(ctx context.Context, post RemoteRef) (bool, error)
}

// SeenMarker is a reader that tells the network the account's
// notifications were seen up to a time (Bluesky's updateSeen), so the
// network's own apps stop counting them as new.
type SeenMarker interface {
	MarkSeen(ctx context.Context, at time.Time) error
}

// Streamer is a reader that can also be told of new items as they happen
// (Mastodon's streaming API), between two reads with Since.
type Streamer interface {
	// Stream calls fn with each event until ctx is done or the
	// connection drops, and returns why it stopped. A server without
	// streaming gives ErrNoStreaming at once. Once the connection is
	// open, before any item, fn is told so (an event with Opened set):
	// what happened before it may have been missed, and is read with
	// Since.
	Stream(ctx context.Context, fn func(StreamEvent)) error
}

// StreamEvent is one thing a stream told: an item, or a change; or, with
// Opened set and neither, that the stream is open (again).
type StreamEvent struct {
	Item   *Item
	Change *Change
	Opened bool
}

// ErrNoStreaming is returned by Stream when the server offers none.
var ErrNoStreaming = errors.New("the server offers no streaming")

// Reactor is a connector that can like and boost (repost).
type Reactor interface {
	Liker
	Boost(ctx context.Context, post RemoteRef) error
}

// Liker is a connector that can like a post or a comment: every Reactor,
// and Facebook, where a Page likes a comment but boosts nothing.
// Instagram's and Threads' APIs cannot like.
type Liker interface {
	Like(ctx context.Context, post RemoteRef) error
}

// CommentDeleter is a connector whose network lets the account delete
// other people's comments under its own posts (a Facebook Page, an
// Instagram professional account).
type CommentDeleter interface {
	// DeleteComment deletes the comment whose ID is comment (an inbox
	// item's RemoteID). A comment not under the account's posts gives
	// an error matching ErrNotOurComment; one already gone, a NetError
	// of kind FailNotFound.
	DeleteComment(ctx context.Context, comment string) error
}

// ReplyHider is a connector whose network lets the account hide the
// comments (replies) under its own posts from everyone but their
// author, and show them again: Facebook, Instagram, Threads.
type ReplyHider interface {
	// HideReply hides the comment reply (an inbox item's RemoteID), or
	// shows it again when hide is false. A comment not under the
	// account's posts gives an error matching ErrNotOurComment; one
	// gone, a NetError of kind FailNotFound.
	HideReply(ctx context.Context, reply RemoteRef, hide bool) error
}

// ErrNotOurComment is what a network answers when asked to delete or
// like a comment the account may not act on: one under someone else's
// post.
var ErrNotOurComment = errors.New("the network lets the account act only on comments under its own posts")

// FollowAnswerer is a connector whose network lets a locked account
// approve its followers: it answers follow requests, and lists those
// waiting (Mastodon's follow_requests).
type FollowAnswerer interface {
	// AcceptFollow lets the account that asked follow; requester is
	// its ID on the network (the item's Author.RemoteID). A request
	// already answered, or withdrawn, gives a NetError of kind
	// FailNotFound.
	AcceptFollow(ctx context.Context, requester string) error
	// RejectFollow refuses the request, as AcceptFollow accepts it.
	RejectFollow(ctx context.Context, requester string) error
	// FollowRequests lists the requests waiting for an answer, as items
	// of kind ItemFollowRequest; complete is false when there were too
	// many to read them all.
	FollowRequests(ctx context.Context) (requests []Item, complete bool, err error)
}

// MetricsReader is a connector that reads figures for the account and its
// posts.
type MetricsReader interface {
	AccountMetrics(ctx context.Context) (AccountMetrics, error)
	// PostMetrics returns the figures of the posts asked, in any order;
	// a post the network no longer has is left out.
	PostMetrics(ctx context.Context, posts []RemoteRef) ([]PostMetrics, error)
}

// AccountMetrics are an account's figures at one time.
type AccountMetrics struct {
	Followers int
	Following int
	Posts     int
	At        time.Time
}

// PostMetrics are one post's figures at one time.
type PostMetrics struct {
	Post    RemoteRef
	Likes   int
	Boosts  int
	Replies int
	Quotes  int
	// Views is how many times the post was seen, where the network
	// tells it (Threads' views, Instagram's views, a Page post's
	// impressions); 0 where it does not. It is no engagement.
	Views int
	// Reach is how many accounts saw the post (Instagram's reach, a Page
	// post's unique views); Saves how many saved it (Instagram). 0 where
	// the network does not tell them (Threads).
	Reach int
	Saves int
	At    time.Time
}

// Registry holds the dialers main.go wires, one per network.
type Registry struct {
	dialers map[Network]Dialer
}

// NewRegistry returns a registry of the dialers given.
func NewRegistry(ds ...Dialer) Registry {
	r := Registry{dialers: make(map[Network]Dialer, len(ds))}
	for _, d := range ds {
		r.dialers[d.Network()] = d
	}
	return r
}

// Dialer returns the network's dialer.
func (r Registry) Dialer(n Network) (Dialer, error) {
	d, ok := r.dialers[n]
	if !ok {
		return nil, fmt.Errorf("%s: %w", n.Name(), ErrNotConnectable)
	}
	return d, nil
}

// ErrBadServer is returned for a server address Relais will not use.
var ErrBadServer = errors.New("not a server address (https://example.org)")

// ErrBadPLC is returned for a PLC directory address Relais will not use
// (it also matches ErrBadServer).
var ErrBadPLC = errors.New("not a PLC directory address (https://plc.example.org, or http:// on this machine)")

// ErrNotConnectable is returned for a network this build of Relais has no
// connector for.
var ErrNotConnectable = errors.New("Relais cannot connect to this network yet")

// Failure is the kind of thing that went wrong talking to a network, as
// far as what to do next is concerned.
type Failure int

// Kinds of failure.
const (
	// FailOffline: the server could not be reached, or the connection
	// dropped; nothing is known of what it did. Try again later.
	FailOffline Failure = iota + 1
	// FailServer: the server is in trouble (5xx, an answer cut short or
	// not understood). Try again later.
	FailServer
	// FailRateLimited: too many requests; wait RetryAfter.
	FailRateLimited
	// FailAuth: the sign-in is refused; the user must reconnect.
	FailAuth
	// FailRejected: the server refused this request (4xx); sending it
	// again would fail again.
	FailRejected
	// FailNotFound: what was asked for does not exist (any more).
	FailNotFound
)

// NetError is what a connector returns when the network failed it. Its
// Message is the server's own words, to show after a plain sentence.
type NetError struct {
	Network Network
	Kind    Failure
	// Status is the HTTP status, 0 when no answer came.
	Status int
	// Message is what the server said, if anything.
	Message string
	// RetryAfter is how long the server asked to wait (429, 503).
	RetryAfter time.Duration
	Err        error
}

// The sentinels a NetError matches with errors.Is, one per kind.
var (
	ErrOffline     = errors.New("the server could not be reached")
	ErrServerDown  = errors.New("the server is having trouble")
	ErrRateLimited = errors.New("too many requests: the server asks to wait")
	ErrReconnect   = errors.New("the network refused the sign-in: reconnect this account")
	ErrRejected    = errors.New("the network refused the request")
	ErrRemoteGone  = errors.New("the network does not have it")
)

var failureErrors = map[Failure]error{
	FailOffline:     ErrOffline,
	FailServer:      ErrServerDown,
	FailRateLimited: ErrRateLimited,
	FailAuth:        ErrReconnect,
	FailRejected:    ErrRejected,
	FailNotFound:    ErrRemoteGone,
}

func (e *NetError) Error() string {
	msg := e.Network.Name() + ": " + failureErrors[e.Kind].Error()
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *NetError) Unwrap() error { return e.Err }

// Is matches the kind's sentinel (ErrOffline, ErrRejected…).
func (e *NetError) Is(target error) bool { return failureErrors[e.Kind] == target }

// Temporary reports whether trying again later may succeed.
func (e *NetError) Temporary() bool {
	switch e.Kind {
	case FailOffline, FailServer, FailRateLimited:
		return true
	}
	return false
}

// AsNetError returns err's NetError, if it has one.
func AsNetError(err error) (*NetError, bool) {
	var ne *NetError
	ok := errors.As(err, &ne)
	return ne, ok
}

// BrowserSignIn is a dialer whose network signs in through the browser,
// with OAuth 2 and PKCE (Mastodon).
type BrowserSignIn interface {
	// SignIn registers Relais on the server, has open show the sign-in
	// page in the system browser, waits (until ctx ends) for the browser
	// to come back to a loopback address (RFC 8252), and returns the
	// secret.
	SignIn(ctx context.Context, server string, open func(page string) error) (Secret, error)
	// BeginCodeSignIn is the fallback when the browser cannot come back:
	// it returns the page to open, where the server shows a code, and
	// the function that turns the code the user pastes into a secret.
	BeginCodeSignIn(ctx context.Context, server string) (page string, finish func(ctx context.Context, code string) (Secret, error), err error)
}
