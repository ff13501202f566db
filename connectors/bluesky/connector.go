package bluesky

import (
	"cmp"
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// Connector acts for one Bluesky account. It is safe for concurrent use.
type Connector struct {
	dialer Dialer
	// id is the handle or DID the user gave: createSession's identifier.
	id    string
	creds app.Credentials
	api   *httpx.Client

	// renewing is the session lock (a channel, so that waiting for it
	// ends with the context); it guards the fields below.
	renewing chan struct{}
	loaded   bool
	secret   app.Secret
	pds      *url.URL
	did      string
	handle   string

	// readMu guards readAt, the connector's clock when Since last
	// started reading: MarkSeen sends it.
	readMu sync.Mutex
	readAt time.Time
}

var (
	_ app.Connector     = (*Connector)(nil)
	_ app.Publisher     = (*Connector)(nil)
	_ app.Reader        = (*Connector)(nil)
	_ app.SeenMarker    = (*Connector)(nil)
	_ app.ThreadReader  = (*Connector)(nil)
	_ app.PostChecker   = (*Connector)(nil)
	_ app.Reactor       = (*Connector)(nil)
	_ app.MetricsReader = (*Connector)(nil)
)

// profileView is app.bsky.actor.defs#profileViewDetailed, as far as Relais
// reads it (profileViewBasic is a part of it).
type profileView struct {
	DID            string `json:"did"`
	Handle         string `json:"handle"`
	DisplayName    string `json:"displayName"`
	Avatar         string `json:"avatar"`
	Description    string `json:"description"`
	CreatedAt      string `json:"createdAt"`
	FollowersCount int    `json:"followersCount"`
	FollowsCount   int    `json:"followsCount"`
	PostsCount     int    `json:"postsCount"`
}

// Profile signs in if needed and reads the account's profile
// (app.bsky.actor.getProfile), with its avatar when it can be fetched.
//
// getProfile is the AppView's, which the PDS proxies: when the PDS signed
// in but the AppView cannot be reached or fails (5xx, as the PDS answers
// 502 UpstreamFailure for an AppView it cannot reach), the profile is
// what the session told, marked Partial, for Accounts to complete later:
// the account still connects.
func (c *Connector) Profile(ctx context.Context) (app.Profile, error) {
	s, err := c.session(ctx)
	if err != nil {
		return app.Profile{}, err
	}
	var p profileView
	err = c.call(ctx, s, query("app.bsky.actor.getProfile", url.Values{"actor": {s.did}}), &p)
	if ne, ok := app.AsNetError(err); ok && (ne.Kind == app.FailServer || ne.Kind == app.FailOffline) && ctx.Err() == nil {
		handle := s.handle
		if handle == "handle.invalid" {
			handle = ""
		}
		return app.Profile{
			RemoteID: s.did,
			Handle:   handle,
			URL:      profileURL(cmp.Or(handle, s.did)),
			Server:   s.pds.String(),
			Limits:   c.Limits(),
			Partial:  true,
		}, nil
	}
	if err != nil {
		return app.Profile{}, err
	}
	handle := p.Handle
	if handle == "" || handle == "handle.invalid" {
		handle = s.handle
	}
	out := app.Profile{
		RemoteID:    s.did,
		Handle:      handle,
		DisplayName: p.DisplayName,
		URL:         profileURL(handle),
		Server:      s.pds.String(),
		Limits:      c.Limits(),
	}
	if p.Avatar != "" {
		if img, err := c.fetch(ctx, p.Avatar, app.MaxAvatarSize); err == nil {
			out.Avatar = img
		}
	}
	return out, nil
}

func (c *Connector) profile(ctx context.Context) (session, profileView, error) {
	s, err := c.session(ctx)
	if err != nil {
		return s, profileView{}, err
	}
	var p profileView
	err = c.call(ctx, s, query("app.bsky.actor.getProfile", url.Values{"actor": {s.did}}), &p)
	return s, p, err
}

// Limits are Bluesky's: 300 graphemes, 4 images of 1,000,000 bytes, 2,000
// characters of alt text.
func (c *Connector) Limits() app.Limits {
	return app.Limits{MaxLength: app.Bluesky.MaxLength(), Media: app.Bluesky.MediaLimits()}
}

// AccountMetrics reads the account's followers, follows and posts
// (app.bsky.actor.getProfile).
func (c *Connector) AccountMetrics(ctx context.Context) (app.AccountMetrics, error) {
	_, p, err := c.profile(ctx)
	if err != nil {
		return app.AccountMetrics{}, err
	}
	return app.AccountMetrics{Followers: p.FollowersCount, Following: p.FollowsCount, Posts: p.PostsCount, At: c.dialer.Now()}, nil
}

// PostMetrics reads the posts' likes, reposts, replies and quotes
// (app.bsky.feed.getPosts, 25 at a time).
func (c *Connector) PostMetrics(ctx context.Context, posts []app.RemoteRef) ([]app.PostMetrics, error) {
	if len(posts) == 0 {
		return nil, nil
	}
	s, err := c.session(ctx)
	if err != nil {
		return nil, err
	}
	asked := make(map[string]app.RemoteRef, len(posts))
	uris := make([]string, 0, len(posts))
	for _, p := range posts {
		if _, dup := asked[p.ID]; !dup {
			uris = append(uris, p.ID)
		}
		asked[p.ID] = p
	}
	views, err := c.posts(ctx, s, uris)
	if err != nil {
		return nil, err
	}
	now := c.dialer.Now()
	out := make([]app.PostMetrics, 0, len(views))
	for _, v := range views {
		ref, ok := asked[v.URI]
		if !ok {
			continue
		}
		out = append(out, app.PostMetrics{Post: ref, Likes: v.LikeCount, Boosts: v.RepostCount, Replies: v.ReplyCount, Quotes: v.QuoteCount, At: now})
	}
	return out, nil
}

// profileURL is an account's page on bsky.app.
func profileURL(handleOrDID string) string {
	return "https://bsky.app/profile/" + handleOrDID
}

// postURL is a post's page on bsky.app, from its author and at:// URI.
func postURL(author, uri string) string {
	return profileURL(author) + "/post/" + uri[strings.LastIndexByte(uri, '/')+1:]
}
