// Package facebook connects Relais to a Facebook Page through Meta's
// Graph API (graph.facebook.com, v23.0), with the user's own Meta app:
// it reads the Page's profile, publishes text posts (with their first
// link as the post's link) and posts of one or several photos (each
// uploaded from its bytes, unpublished, with its alt text, then attached
// to the post), comments and replies to comments, reads the comments on
// the Page's recent posts and the posts it is tagged in for the inbox,
// the conversation around a post, hides and shows comments, and reads
// the figures of the Page and its posts.
//
// # Page token
//
// The account's RemoteID is the Page's ID, and its secret's AccessToken
// the Page's token. A sign-in (or a token pasted from Meta's tools) may
// give the user's token instead: the first request asks Graph what the
// token is (GET /me?metadata=1) and, for a user, derives the Page's
// token from /me/accounts (metaauth's Pages), choosing the Page by the
// account's RemoteID (--page) or the only one, and keeps it in the
// credentials in place of the user's. A Page token derived from a
// long-lived user token does not expire.
//
// # Exactly once
//
// Graph has no idempotency key: the same POST twice makes two posts.
// After a lost answer, Find reads the Page's published posts (GET
// /{page-id}/published_posts), or the comments of the object answered
// for a reply, back to the time the attempt's key holds (less a margin:
// Meta may date a post a little before it was made), page after page,
// and matches the text and whether it has photos. It never answers "not
// there" from a partial read: a failed page is its error, and reading
// too many pages is ErrFindIncomplete. Within one connector, a key whose
// post may have gone through is settled with Find before Publish sends
// anything again, and the photos already uploaded (unpublished) for a
// key are attached again rather than uploaded twice.
//
// # Errors and rate limits
//
// Requests go through connectors/meta/graph, which reads Graph's error
// object whatever the HTTP status (code 190 asks the user to sign in
// again, a missing object is app.ErrRemoteGone, rate limits carry Meta's
// wait) and holds back before Meta's hourly allowance is used up.
package facebook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
	"github.com/relais-app/relais/connectors/meta/graph"
	"github.com/relais-app/relais/connectors/meta/metaauth"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// Version is the Graph API version the connector speaks.
const Version = "v23.0"

// DefaultAPI is the Graph API's base.
const DefaultAPI = "https://graph.facebook.com/" + Version

// Dialer opens Facebook Page connectors, and signs in through the
// browser with the user's own Meta app (metaauth).
type Dialer struct {
	// HTTP does the requests; nil is http.DefaultClient.
	HTTP *http.Client
	// Now tells the time; nil is time.Now.
	Now func() time.Time
	// Timeout bounds each request; zero is httpx.DefaultTimeout.
	Timeout time.Duration
	// Apps gives the user's Meta app and the workspace's sign-in port
	// (*app.MetaApps); nil: no browser sign-in.
	Apps metaauth.Apps
}

var (
	_ app.Dialer        = (*Dialer)(nil)
	_ app.BrowserSignIn = (*Dialer)(nil)
)

// NewDialer returns a dialer with the defaults.
func NewDialer() *Dialer { return &Dialer{HTTP: &http.Client{}, Now: time.Now} }

// Network is app.Facebook.
func (d *Dialer) Network() app.Network { return app.Facebook }

// ErrNoCredentials is returned by Open without a place to read the token.
var ErrNoCredentials = errors.New("facebook: no credentials for the account")

// ErrNoApp is returned by a browser sign-in when the dialer has no
// access to the user's Meta app.
var ErrNoApp = fmt.Errorf("facebook: %w", app.ErrNoBrowserSignIn)

// versionPath is a Graph version at the end of a base's path.
var versionPath = regexp.MustCompile(`/v[0-9]+\.[0-9]+$`)

// base reads the API's base from an account's Server: "" is DefaultAPI;
// an address without a version gets Version.
func base(server string) (*url.URL, error) {
	if strings.TrimSpace(server) == "" {
		server = DefaultAPI
	}
	u, err := httpx.BaseURL(server)
	if err != nil {
		return nil, fmt.Errorf("facebook: %w", err)
	}
	if !versionPath.MatchString(u.Path) {
		u.Path += "/" + Version
	}
	return u, nil
}

// authAPI is the address metaauth takes for a server: the base without
// its version; "" for Meta's own.
func authAPI(server string) (string, error) {
	if strings.TrimSpace(server) == "" {
		return "", nil
	}
	u, err := base(server)
	if err != nil {
		return "", err
	}
	u.Path = versionPath.ReplaceAllString(u.Path, "")
	if u.String() == strings.TrimSuffix(DefaultAPI, "/"+Version) {
		return "", nil
	}
	return u.String(), nil
}

// Open returns a connector for acc, whose Server is the API's base (""
// for DefaultAPI) and RemoteID the Page's ID ("" for the only Page the
// sign-in reaches). It makes no request.
func (d *Dialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	if creds == nil {
		return nil, ErrNoCredentials
	}
	b, err := base(acc.Server)
	if err != nil {
		return nil, err
	}
	auth, err := authAPI(acc.Server)
	if err != nil {
		return nil, err
	}
	return &Connector{d: d, base: b, authAPI: auth, creds: creds, pageID: strings.TrimSpace(acc.RemoteID),
		limits: app.Limits{MaxLength: app.Facebook.MaxLength(), Media: app.Facebook.MediaLimits()},
		ledger: metapub.NewLedger[[]string]()}, nil
}

// SignIn signs in through the browser with the user's Facebook app, back
// to the workspace's port; the secret holds the user's long-lived token,
// from which the connector derives the Page's.
func (d *Dialer) SignIn(ctx context.Context, server string, open func(page string) error) (app.Secret, error) {
	b, err := d.browser(server)
	if err != nil {
		return app.Secret{}, err
	}
	return b.SignIn(ctx, "", open)
}

// BeginCodeSignIn is SignIn's fallback: the user pastes the address the
// browser ended on.
func (d *Dialer) BeginCodeSignIn(ctx context.Context, server string) (string, func(context.Context, string) (app.Secret, error), error) {
	b, err := d.browser(server)
	if err != nil {
		return "", nil, err
	}
	return b.BeginCodeSignIn(ctx, "")
}

func (d *Dialer) browser(server string) (*metaauth.BrowserSignIn, error) {
	if d.Apps == nil {
		return nil, ErrNoApp
	}
	api, err := authAPI(server)
	if err != nil {
		return nil, err
	}
	return &metaauth.BrowserSignIn{Product: app.MetaFacebook, Apps: d.Apps, API: api, HTTP: d.HTTP, Now: d.Now}, nil
}

func (d *Dialer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dialer) httpClient() *httpx.Client {
	return graph.HTTPClient(app.Facebook, d.HTTP, d.Timeout, d.now)
}

// Connector acts for one Facebook Page.
type Connector struct {
	d       *Dialer
	base    *url.URL
	authAPI string
	creds   app.Credentials

	mu       sync.Mutex
	g        *graph.Client // set once the Page's token is known
	pageID   string
	pageName string
	expiry   time.Time
	limits   app.Limits
	// ledger holds the photos uploaded (unpublished) for each key not
	// yet known published, by their place in the post, the keys whose
	// post may have gone through without Relais hearing of it, and the
	// posts made for keys, so that publishing a key again answers its
	// post.
	ledger *metapub.Ledger[[]string]
}

var (
	_ app.Connector      = (*Connector)(nil)
	_ app.Publisher      = (*Connector)(nil)
	_ app.Reader         = (*Connector)(nil)
	_ app.ThreadReader   = (*Connector)(nil)
	_ app.MetricsReader  = (*Connector)(nil)
	_ app.Liker          = (*Connector)(nil)
	_ app.CommentDeleter = (*Connector)(nil)
)

// Limits are a Page's limits.
func (c *Connector) Limits() app.Limits { return c.limits }

// ErrWrongPage is returned when the token given is another Page's than
// the one asked for.
var ErrWrongPage = errors.New("the token is another Page's than the one asked for")

// client returns the Page's client, once its token is known: the first
// call asks Graph whose the token is and, for a user's, derives the
// Page's token and keeps it in the credentials.
func (c *Connector) client(ctx context.Context) (*graph.Client, string, error) {
	c.mu.Lock()
	g, id := c.g, c.pageID
	c.mu.Unlock()
	if g != nil {
		return g, id, nil
	}
	probe := graph.New(app.Facebook, c.base, c.creds, c.d.httpClient(), c.d.now)
	var me struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Metadata struct {
			Type string `json:"type"`
		} `json:"metadata"`
	}
	if err := probe.Call(ctx, http.MethodGet, "/me", url.Values{"fields": {"id,name"}, "metadata": {"1"}}, &me); err != nil {
		return nil, "", fmt.Errorf("facebook: asking whose the token is: %w", err)
	}
	switch {
	case me.ID == "":
		return nil, "", &app.NetError{Network: app.Facebook, Kind: app.FailServer, Status: 200, Err: errors.New("/me answered no ID")}
	case me.Metadata.Type == "page" || me.Metadata.Type == "" && me.ID == id:
		if id != "" && me.ID != id {
			return nil, "", &app.NetError{Network: app.Facebook, Kind: app.FailRejected,
				Err: fmt.Errorf("%w (%s, not %s)", ErrWrongPage, me.ID, id)}
		}
		c.mu.Lock()
		c.g, c.pageID, c.pageName = probe, me.ID, me.Name
		c.mu.Unlock()
		return probe, me.ID, nil
	}
	page, err := c.derive(ctx, id)
	if err != nil {
		return nil, "", err
	}
	g = graph.New(app.Facebook, c.base, c.creds, c.d.httpClient(), c.d.now)
	c.mu.Lock()
	c.g, c.pageID, c.pageName, c.expiry = g, page.ID, page.Name, page.Token.Expiry
	c.mu.Unlock()
	return g, page.ID, nil
}

// derive trades the user token in the credentials for the token of the
// Page id ("" for the only one), and keeps it in their place.
func (c *Connector) derive(ctx context.Context, id string) (metaauth.Page, error) {
	s, err := c.creds.Secret(ctx)
	if err != nil {
		return metaauth.Page{}, fmt.Errorf("facebook: reading the sign-in: %w", err)
	}
	auth := &metaauth.Client{Product: app.MetaFacebook, App: app.MetaApp{ID: s.ClientID, Secret: s.ClientSecret},
		API: c.authAPI, HTTP: c.d.HTTP, Timeout: c.d.Timeout, Now: c.d.Now}
	pages, err := auth.Pages(ctx, metaauth.Token{Access: s.AccessToken, Expiry: s.Expiry, LongLived: true})
	if err != nil {
		return metaauth.Page{}, fmt.Errorf("facebook: reading the Pages the sign-in reaches: %w", err)
	}
	page, err := metaauth.ChoosePage(pages, id)
	if err != nil {
		return metaauth.Page{}, &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: err}
	}
	s.AccessToken, s.Expiry, s.RefreshToken = page.Token.Access, page.Token.Expiry, ""
	if err := c.creds.SetSecret(ctx, s); err != nil {
		return metaauth.Page{}, fmt.Errorf("facebook: keeping the Page's token: %w", err)
	}
	return page, nil
}

// Profile reads who the Page is (GET /{page-id}).
func (c *Connector) Profile(ctx context.Context) (app.Profile, error) {
	g, id, err := c.client(ctx)
	if err != nil {
		return app.Profile{}, err
	}
	var pg struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Username string `json:"username"`
		Link     string `json:"link"`
		Picture  struct {
			Data struct {
				URL string `json:"url"`
			} `json:"data"`
		} `json:"picture"`
		Followers int `json:"followers_count"`
		Fans      int `json:"fan_count"`
	}
	q := url.Values{"fields": {"id,name,username,link,picture{url},followers_count,fan_count"}}
	if err := g.Call(ctx, http.MethodGet, "/"+esc(id), q, &pg); err != nil {
		return app.Profile{}, fmt.Errorf("facebook: reading the Page: %w", err)
	}
	if pg.ID == "" || pg.Name == "" {
		return app.Profile{}, &app.NetError{Network: app.Facebook, Kind: app.FailServer, Status: 200, Err: errors.New("the Page has no ID or name")}
	}
	handle := pg.Username
	if handle == "" {
		handle = pg.Name
	}
	link := pg.Link
	if link == "" {
		link = "https://www.facebook.com/" + url.PathEscape(pg.ID)
	}
	c.mu.Lock()
	c.pageName = pg.Name
	expiry := c.expiry
	c.mu.Unlock()
	p := app.Profile{RemoteID: pg.ID, Handle: handle, DisplayName: pg.Name, URL: link, Server: c.base.String(),
		Limits: c.limits, SignInExpiry: expiry}
	if pg.Picture.Data.URL != "" {
		p.Avatar = graph.Picture(ctx, app.Facebook, c.d.HTTP, c.d.Timeout, pg.Picture.Data.URL)
	}
	return p, nil
}

func esc(id string) string { return url.PathEscape(id) }
