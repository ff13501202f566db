// Package monitor is Relais's veille: watches (a name and a query) read
// from sources (a network's search, a feed), the items they find, their
// sentiment, spikes of volume, share of voice, competitors' figures and
// impostors. It depends on package app only; connectors implement its
// source interfaces, storage its store.
package monitor

import (
	"context"
	"time"

	"github.com/relais-app/relais/app"
)

// SourceKind is where items come from.
type SourceKind string

// The kinds of source.
const (
	SourceBluesky  SourceKind = "bluesky"  // a connected account's full-text search
	SourceMastodon SourceKind = "mastodon" // a connected account's server: hashtag timelines, search where allowed
	SourceFeed     SourceKind = "feed"     // an RSS, Atom or JSON feed
)

// Found is one public post or article a source returned. Its text is
// plain text, never markup; its URI deduplicates it across sources.
type Found struct {
	// URI identifies the post for good: its at:// URI, its status URL
	// (the ActivityPub id), the article's link or GUID.
	URI string
	// URL is where a person opens it.
	URL string
	// PostID is the post's ID on the network of the account whose search
	// found it, as that account likes or answers it (app.RemoteRef.ID:
	// the status ID on the account's Mastodon server, the at:// URI on
	// Bluesky), and PostCID its Bluesky content hash; "" for a feed's
	// article.
	PostID, PostCID string
	Source          SourceKind
	Author          app.Author
	Title           string // an article's title
	Text            string
	Language        string // ISO 639-1 as the source tells it; "" when it does not
	Published       time.Time
	// Likes, Reposts and Replies are the post's figures when the source
	// tells them (a network search does, a feed does not).
	Likes, Reposts, Replies int
}

// Search is one request to a network's search, in the network's own
// terms: the monitor translates a watch's query into them and checks
// every result against the query again (sources over-match).
type Search struct {
	// Text is the full-text query in the network's syntax ("" for a
	// hashtag timeline alone).
	Text string
	// Hashtag reads the timeline of one hashtag (without #), where the
	// network has one (Mastodon).
	Hashtag string
	// Language keeps posts in one language (ISO 639-1), where the
	// network can ("" for any).
	Language string
	// Since keeps posts published from then on (zero for any).
	Since time.Time
	// Cursor continues a search where the last page ended ("" first).
	Cursor string
	// Limit is the most posts one page returns (0: the network's default).
	Limit int
}

// Page is what one Search returned, newest first.
type Page struct {
	Found []Found
	// Cursor reads the next, older page; "" when there is none.
	Cursor string
}

// PostSearcher is a connector that searches its network's public posts
// (Bluesky's app.bsky.feed.searchPosts; a Mastodon server's hashtag
// timelines and /api/v2/search). A network that cannot search for what is
// asked (a Mastodon server without full-text search) returns an error
// wrapping ErrSearchUnsupported, so that the watch says so.
type PostSearcher interface {
	SearchPosts(ctx context.Context, q Search) (Page, error)
}

// Account is a public account as a network's account search returns it,
// for competitors' figures and impostors.
type Account struct {
	Network     app.Network
	RemoteID    string // DID on Bluesky, account ID on Mastodon
	Handle      string // full handle: name.bsky.social, user@server
	DisplayName string
	Bio         string // plain text
	URL         string // the profile page
	Avatar      string // the avatar's address ("" for none)
	CreatedAt   time.Time
	Followers   int
	Following   int
	Posts       int
}

// AccountSearcher is a connector that finds public accounts by name
// (Bluesky's app.bsky.actor.searchActors, Mastodon's /api/v2/search with
// type=accounts) and reads one by handle.
type AccountSearcher interface {
	SearchAccounts(ctx context.Context, query string, limit int) ([]Account, error)
	LookupAccount(ctx context.Context, handle string) (Account, error)
}

// AuthorFeedReader is a connector that reads an account's recent public
// posts with their figures, for a competitor's benchmark.
type AuthorFeedReader interface {
	// AuthorPosts returns handle's posts published from since on, newest
	// first, cursor paging as Search does.
	AuthorPosts(ctx context.Context, handle string, since time.Time, cursor string) (Page, error)
}

// AvatarReader is a connector that downloads a public avatar by its
// address (an Account's Avatar), at most app.MaxAvatarSize bytes, for
// the impostors' avatar comparison.
type AvatarReader interface {
	ReadAvatar(ctx context.Context, link string) ([]byte, error)
}

// TagStreamer is a connector that is told of new public posts with
// hashtags as they are posted (Mastodon's streaming "hashtag"), between
// two reads of the hashtags' timelines.
type TagStreamer interface {
	// StreamTags follows tags (without #) on one stream, calling fn with
	// each new post that has one of them, one at a time, until ctx ends
	// (it returns ctx's error) or the stream stops, and says why. Once
	// the stream is open, before any post, fn is told so (Opened): what
	// was posted before may have been missed, and is read from the
	// timelines. A server that offers no hashtag stream gives an error
	// wrapping ErrNoTagStream, at once or as soon as it says so.
	StreamTags(ctx context.Context, tags []string, fn func(TagEvent)) error
}

// TagEvent is one thing a hashtag stream told: a new post, or, with
// Opened set and no post, that the stream is open (again).
type TagEvent struct {
	Found  *Found
	Opened bool
}
