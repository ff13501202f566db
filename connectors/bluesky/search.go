package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// The veille's reads (package monitor): a search of public posts, of
// accounts, an account's profile and posts. All are the AppView's, which
// the PDS proxies in the account's session, as the inbox's reads are
// (app.bsky.feed.searchPosts answers 403 without a session on the
// public AppView).
var (
	_ monitor.PostSearcher     = (*Connector)(nil)
	_ monitor.AccountSearcher  = (*Connector)(nil)
	_ monitor.AuthorFeedReader = (*Connector)(nil)
)

// Limits of the lexicons.
const (
	// maxSearchLimit is searchPosts', searchActors' and getAuthorFeed's
	// most results a page.
	maxSearchLimit = 100
	// authorFeedLimit is the page asked of getAuthorFeed.
	authorFeedLimit = 50
	// maxActorPages bounds the pages SearchAccounts reads for a limit
	// above maxSearchLimit.
	maxActorPages = 10
)

// searchPostsOutput is app.bsky.feed.searchPosts' answer.
type searchPostsOutput struct {
	Cursor string     `json:"cursor"`
	Posts  []postView `json:"posts"`
}

// SearchPosts searches Bluesky's public posts (app.bsky.feed.searchPosts,
// sort=latest): q.Text in Bluesky's search syntax (words, "phrases",
// #tags, from:…), q.Hashtag as its tag parameter, since, lang, cursor and
// limit (at most 100) as the lexicon has them. Each post's time is its
// createdAt, but never after the AppView indexed it nor after now (an
// author's clock may be ahead); one before q.Since is left out.
func (c *Connector) SearchPosts(ctx context.Context, q monitor.Search) (monitor.Page, error) {
	text := strings.TrimSpace(q.Text)
	tag := strings.TrimPrefix(strings.TrimSpace(q.Hashtag), "#")
	if text == "" && tag != "" {
		text = "#" + tag
	}
	if text == "" {
		return monitor.Page{}, errors.New("bluesky: a search needs words or a hashtag")
	}
	s, err := c.session(ctx)
	if err != nil {
		return monitor.Page{}, err
	}
	params := url.Values{"q": {text}, "sort": {"latest"}}
	if tag != "" {
		params.Set("tag", tag)
	}
	if q.Limit > 0 {
		params.Set("limit", strconv.Itoa(min(q.Limit, maxSearchLimit)))
	}
	if !q.Since.IsZero() {
		params.Set("since", q.Since.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	if q.Language != "" {
		params.Set("lang", q.Language)
	}
	if q.Cursor != "" {
		params.Set("cursor", q.Cursor)
	}
	var out searchPostsOutput
	if err := c.call(ctx, s, query("app.bsky.feed.searchPosts", params), &out); err != nil {
		return monitor.Page{}, fmt.Errorf("bluesky: searching posts: %w", err)
	}
	return searchPage(out, q.Since, c.dialer.Now()), nil
}

// searchPage is the page a searchPosts answer makes: its posts as Found,
// those before since left out. A page with no post has no cursor (the
// AppView may give one with an empty page: following it would not end).
func searchPage(out searchPostsOutput, since, now time.Time) monitor.Page {
	page := monitor.Page{Found: make([]monitor.Found, 0, len(out.Posts))}
	for _, v := range out.Posts {
		f, ok := found(v, now)
		if !ok || !since.IsZero() && f.Published.Before(since) {
			continue
		}
		page.Found = append(page.Found, f)
	}
	if len(out.Posts) > 0 {
		page.Cursor = out.Cursor
	}
	return page
}

// found is a post as the veille keeps it; false for a view that is no
// post (no at:// URI, no author).
func found(v postView, now time.Time) (monitor.Found, bool) {
	if !strings.HasPrefix(v.URI, "at://") || v.Author.DID == "" {
		return monitor.Found{}, false
	}
	f := monitor.Found{
		URI:       v.URI,
		PostID:    v.URI,
		PostCID:   v.CID,
		URL:       postURL(profileName(v.Author), v.URI),
		Source:    monitor.SourceBluesky,
		Author:    authorOf(v.Author),
		Text:      v.Record.Text,
		Published: postTime(v.Record.CreatedAt, v.IndexedAt, now),
		Likes:     max(v.LikeCount, 0),
		Reposts:   max(v.RepostCount, 0),
		Replies:   max(v.ReplyCount, 0),
	}
	f.Author.Avatar = v.Author.Avatar
	if len(v.Record.Langs) > 0 {
		f.Language = v.Record.Langs[0]
	}
	return f, true
}

// postTime is when a post was published: its record's createdAt (what
// its author's app said), unless that is missing, unreadable, or after
// the post was indexed or after now (a clock ahead, a post dated in the
// future on purpose): then the earliest of those that is known.
func postTime(createdAt, indexedAt string, now time.Time) time.Time {
	at, err := time.Parse(time.RFC3339Nano, createdAt)
	indexed, ierr := time.Parse(time.RFC3339Nano, indexedAt)
	switch {
	case err != nil && ierr != nil:
		at = now
	case err != nil:
		at = indexed
	case ierr == nil && at.After(indexed):
		at = indexed
	}
	if at.After(now) {
		at = now
	}
	return at.UTC()
}

// SearchAccounts finds accounts by name (app.bsky.actor.searchActors),
// at most limit (25 when 0), reading pages of at most 100. searchActors
// tells no counts: LookupAccount reads them.
func (c *Connector) SearchAccounts(ctx context.Context, text string, limit int) ([]monitor.Account, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("bluesky: an account search needs words")
	}
	if limit <= 0 {
		limit = 25
	}
	s, err := c.session(ctx)
	if err != nil {
		return nil, err
	}
	var accounts []monitor.Account
	seen := map[string]bool{}
	cursor := ""
	for range maxActorPages {
		params := url.Values{"q": {text}, "limit": {strconv.Itoa(min(limit-len(accounts), maxSearchLimit))}}
		if cursor != "" {
			params.Set("cursor", cursor)
		}
		var out struct {
			Cursor string        `json:"cursor"`
			Actors []profileView `json:"actors"`
		}
		if err := c.call(ctx, s, query("app.bsky.actor.searchActors", params), &out); err != nil {
			return nil, fmt.Errorf("bluesky: searching accounts: %w", err)
		}
		for _, p := range out.Actors {
			if p.DID == "" || seen[p.DID] || len(accounts) == limit {
				continue
			}
			seen[p.DID] = true
			accounts = append(accounts, accountOf(p))
		}
		if len(accounts) >= limit || out.Cursor == "" || out.Cursor == cursor || len(out.Actors) == 0 {
			break
		}
		cursor = out.Cursor
	}
	return accounts, nil
}

// LookupAccount reads an account's public profile by handle or DID
// (app.bsky.actor.getProfile): its bio, avatar, creation and counts. An
// account that does not exist is a NetError of kind FailNotFound.
func (c *Connector) LookupAccount(ctx context.Context, handle string) (monitor.Account, error) {
	actor := strings.TrimPrefix(strings.TrimSpace(handle), "@")
	if actor == "" {
		return monitor.Account{}, errors.New("bluesky: no account to look up")
	}
	s, err := c.session(ctx)
	if err != nil {
		return monitor.Account{}, err
	}
	var p profileView
	if err := c.call(ctx, s, query("app.bsky.actor.getProfile", url.Values{"actor": {actor}}), &p); err != nil {
		if profileMissing(err) {
			return monitor.Account{}, notFound("there is no Bluesky account " + actor)
		}
		return monitor.Account{}, fmt.Errorf("bluesky: reading the profile of %s: %w", actor, err)
	}
	if p.DID == "" {
		return monitor.Account{}, &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Status: http.StatusOK,
			Err: errors.New("the profile has no DID")}
	}
	return accountOf(p), nil
}

// profileMissing reports the AppView's answer for an actor it does not
// know: 400 InvalidRequest "Profile not found" (or a 404).
func profileMissing(err error) bool {
	status, name := errorOf(err)
	if status == http.StatusNotFound {
		return true
	}
	ne, _ := app.AsNetError(err)
	return status == http.StatusBadRequest && (name == "InvalidRequest" || name == "NotFound") &&
		ne != nil && strings.Contains(strings.ToLower(ne.Message), "not found")
}

// accountOf is a profile as the veille keeps it.
func accountOf(p profileView) monitor.Account {
	a := monitor.Account{
		Network:     app.Bluesky,
		RemoteID:    p.DID,
		Handle:      p.Handle,
		DisplayName: p.DisplayName,
		Bio:         p.Description,
		URL:         profileURL(profileName(p)),
		Avatar:      p.Avatar,
		Followers:   max(p.FollowersCount, 0),
		Following:   max(p.FollowsCount, 0),
		Posts:       max(p.PostsCount, 0),
	}
	if a.Handle == "handle.invalid" {
		a.Handle = ""
	}
	if t, err := time.Parse(time.RFC3339Nano, p.CreatedAt); err == nil {
		a.CreatedAt = t.UTC()
	}
	return a
}

// feedViewPost is app.bsky.feed.defs#feedViewPost: a post, and why it is
// in the feed (a repost, a pin).
type feedViewPost struct {
	Post   postView `json:"post"`
	Reason *struct {
		Type string `json:"$type"`
	} `json:"reason"`
}

// AuthorPosts reads an account's own recent posts, replies and reposts
// left out (app.bsky.feed.getAuthorFeed, filter posts_no_replies, which
// keeps reposts: they are skipped here), newest first, from since on. The
// feed is ordered by each post's earlier of createdAt and indexedAt: the
// page that reaches a post before since is the last (no cursor).
func (c *Connector) AuthorPosts(ctx context.Context, handle string, since time.Time, cursor string) (monitor.Page, error) {
	actor := strings.TrimPrefix(strings.TrimSpace(handle), "@")
	if actor == "" {
		return monitor.Page{}, errors.New("bluesky: no account to read the posts of")
	}
	s, err := c.session(ctx)
	if err != nil {
		return monitor.Page{}, err
	}
	params := url.Values{"actor": {actor}, "filter": {"posts_no_replies"}, "limit": {strconv.Itoa(authorFeedLimit)}}
	if cursor != "" {
		params.Set("cursor", cursor)
	}
	var out struct {
		Cursor string         `json:"cursor"`
		Feed   []feedViewPost `json:"feed"`
	}
	if err := c.call(ctx, s, query("app.bsky.feed.getAuthorFeed", params), &out); err != nil {
		if profileMissing(err) {
			return monitor.Page{}, notFound("there is no Bluesky account " + actor)
		}
		return monitor.Page{}, fmt.Errorf("bluesky: reading the posts of %s: %w", actor, err)
	}
	return authorPage(out.Feed, out.Cursor, since, c.dialer.Now()), nil
}

// authorPage is the page a getAuthorFeed answer makes.
func authorPage(feed []feedViewPost, cursor string, since, now time.Time) monitor.Page {
	page := monitor.Page{Found: make([]monitor.Found, 0, len(feed))}
	reached := false
	for _, item := range feed {
		v := item.Post
		if item.Reason != nil || v.Record.Reply != nil {
			continue // a repost (of anyone's post), a pin shown again, a reply
		}
		f, ok := found(v, now)
		if !ok {
			continue
		}
		if !since.IsZero() && f.Published.Before(since) {
			reached = true
			continue
		}
		page.Found = append(page.Found, f)
	}
	if !reached && len(feed) > 0 {
		page.Cursor = cursor
	}
	return page
}

var _ monitor.AvatarReader = (*Connector)(nil)

// ReadAvatar downloads a public avatar (an account's, as SearchAccounts
// gives it: Bluesky's CDN), at most app.MaxAvatarSize bytes, for the
// impostors' avatar comparison.
func (c *Connector) ReadAvatar(ctx context.Context, link string) ([]byte, error) {
	return c.fetch(ctx, link, app.MaxAvatarSize)
}
