// Package instagram connects Relais to an Instagram professional account
// (Business or Creator) through the Instagram API with Instagram Login
// (graph.instagram.com), with a long-lived token made for the user's own
// Meta app: it reads the profile, publishes images and carousels of up
// to 10 through media containers (each image made into a JPEG Instagram
// takes, staged in the user's own storage for Meta to fetch), comments
// and replies to comments, reads the comments on the account's recent
// media for the inbox, hides comments, and reads the figures of the
// account and its media.
//
// # Exactly once
//
// Instagram has no idempotency key: the same request twice makes two
// containers, and publishing each would make two posts. A post goes out
// in two steps, a container (POST /{ig-user-id}/media) then its
// publication (POST /{ig-user-id}/media_publish); only the second makes
// a post. After a lost answer, Find reads the account's media (GET
// /{ig-user-id}/media) back to the time the attempt's key holds, page
// after page, and matches the caption and the kind of media; a comment
// is looked for among the comments it answers. It never answers "not
// there" from a partial read. Within one connector, a key whose
// publication may have gone through is settled with Find before Publish
// sends anything again, and a container already made for a key is
// published rather than made twice.
//
// # Errors and rate limits
//
// Requests go through connectors/meta/graph (Graph's error object read
// whatever the HTTP status, code 190 is "sign in again", usage headers
// read and Relais holding back at 90 %). The daily publishing limit
// (content_publishing_limit) is read before each post, and a full one is
// said before any container is made.
package instagram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// DefaultAPI is the Instagram API's base.
const DefaultAPI = "https://graph.instagram.com/v23.0"

// MediaHost puts an image at a public address Meta can fetch it from
// (the app's media storage: app.MediaStager).
type MediaHost = metapub.MediaHost

// ErrNoMediaHost is returned for a post when no media storage is set:
// Instagram fetches images from a public address.
var ErrNoMediaHost = fmt.Errorf("Instagram takes images from a public address: %w", app.ErrNoMediaStorage)

// Dialer opens Instagram connectors.
type Dialer struct {
	// HTTP does the requests; nil is http.DefaultClient.
	HTTP *http.Client
	// Now tells the time; nil is time.Now.
	Now func() time.Time
	// Sleep waits d, or until ctx ends; nil waits on the wall clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Timeout bounds each request; zero is httpx.DefaultTimeout.
	Timeout time.Duration
	// ContainerWait and ContainerPoll bound the wait for a container.
	ContainerWait, ContainerPoll time.Duration
	// Media stages images; nil refuses posts with ErrNoMediaHost.
	Media MediaHost
	// Apps are the user's own Meta apps, for the browser sign-in; nil
	// signs in with a token only.
	Apps *app.MetaApps
}

var _ app.Dialer = (*Dialer)(nil)

// NewDialer returns a dialer with the defaults.
func NewDialer() *Dialer { return &Dialer{HTTP: &http.Client{}, Now: time.Now} }

// Network is app.Instagram.
func (d *Dialer) Network() app.Network { return app.Instagram }

// Open returns a connector for acc, whose Server is the API's base (""
// for DefaultAPI) and RemoteID its Instagram user ID (user_id) when
// known. It makes no request.
func (d *Dialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	if creds == nil {
		return nil, fmt.Errorf("instagram: %w", graph.ErrNoCredentials)
	}
	g, err := graph.Open(app.Instagram, acc.Server, DefaultAPI, creds, graph.HTTPClient(app.Instagram, d.HTTP, d.Timeout, d.now), d.now)
	if err != nil {
		return nil, fmt.Errorf("instagram: %w", err)
	}
	return &Connector{d: d, base: g.Base(), g: g, userID: acc.RemoteID,
		limits: app.Instagram.Limits(), ledger: metapub.NewLedger[string]()}, nil
}

func (d *Dialer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Connector acts for one Instagram account.
type Connector struct {
	d    *Dialer
	base *url.URL
	g    *graph.Client

	mu       sync.Mutex
	userID   string
	username string
	checked  bool // the profile was read: a professional account
	limits   app.Limits
	ledger   *metapub.Ledger[string] // the container made for each key
}

var (
	_ app.Connector      = (*Connector)(nil)
	_ app.Publisher      = (*Connector)(nil)
	_ app.Reader         = (*Connector)(nil)
	_ app.MetricsReader  = (*Connector)(nil)
	_ app.CommentDeleter = (*Connector)(nil)
)

// Limits are Instagram's limits.
func (c *Connector) Limits() app.Limits { return c.limits }

// profile is GET /me's answer.
type profile struct {
	ID          string `json:"id"`      // app-scoped
	UserID      string `json:"user_id"` // the professional account's ID, which publishes
	Username    string `json:"username"`
	Name        string `json:"name"`
	Picture     string `json:"profile_picture_url"`
	Followers   int    `json:"followers_count"`
	Follows     int    `json:"follows_count"`
	MediaCount  int    `json:"media_count"`
	AccountType string `json:"account_type"`
}

// professional reports whether an account_type is a professional one:
// Meta writes Business or Media_Creator (in any case).
func professional(t string) bool {
	switch strings.ToUpper(strings.TrimSpace(t)) {
	case "BUSINESS", "MEDIA_CREATOR", "CREATOR":
		return true
	}
	return false
}

// ErrOtherAccount is a token that acts for another account than the one
// asked (--ig-user, or the account connected).
var ErrOtherAccount = errors.New("the sign-in is for another Instagram account")

// Profile reads who the account is (GET /me); a personal account is
// refused with app.ErrNotProfessional.
func (c *Connector) Profile(ctx context.Context) (app.Profile, error) {
	var me profile
	q := url.Values{"fields": {"user_id,username,name,profile_picture_url,followers_count,follows_count,media_count,account_type"}}
	if err := c.g.Call(ctx, http.MethodGet, "/me", q, &me); err != nil {
		return app.Profile{}, fmt.Errorf("instagram: reading the profile: %w", err)
	}
	if me.UserID == "" || me.Username == "" {
		return app.Profile{}, &app.NetError{Network: app.Instagram, Kind: app.FailServer, Status: 200, Err: errors.New("the profile has no user ID or username")}
	}
	if !professional(me.AccountType) {
		return app.Profile{}, &app.NetError{Network: app.Instagram, Kind: app.FailRejected, Err: app.ErrNotProfessional}
	}
	c.mu.Lock()
	want := c.userID
	c.mu.Unlock()
	if want != "" && want != me.UserID {
		return app.Profile{}, &app.NetError{Network: app.Instagram, Kind: app.FailRejected,
			Err: fmt.Errorf("%w: @%s (%s), not %s", ErrOtherAccount, me.Username, me.UserID, want)}
	}
	c.mu.Lock()
	c.userID, c.username, c.checked = me.UserID, me.Username, true
	c.mu.Unlock()
	p := app.Profile{RemoteID: me.UserID, Handle: me.Username, DisplayName: me.Name,
		URL: "https://www.instagram.com/" + url.PathEscape(me.Username) + "/", Server: c.base.String(), Limits: c.limits}
	if me.Picture != "" {
		p.Avatar = graph.Picture(ctx, app.Instagram, c.d.HTTP, c.d.Timeout, me.Picture)
	}
	return p, nil
}

// me is the account's Instagram user ID and username, read with Profile
// once per connector (which also checks the account is professional).
func (c *Connector) me(ctx context.Context) (id, username string, err error) {
	c.mu.Lock()
	id, username, checked := c.userID, c.username, c.checked
	c.mu.Unlock()
	if checked {
		return id, username, nil
	}
	p, err := c.Profile(ctx)
	return p.RemoteID, p.Handle, err
}

func esc(id string) string { return url.PathEscape(id) }
