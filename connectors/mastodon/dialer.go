package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// Defaults for a Dialer.
const (
	// DefaultMediaWait bounds the wait for the server to process an image.
	DefaultMediaWait = 2 * time.Minute
	// DefaultMediaPoll is the first pause between two looks at an image
	// being processed; each pause is half as long again as the last, up to
	// maxMediaPoll.
	DefaultMediaPoll = 500 * time.Millisecond
	maxMediaPoll     = 5 * time.Second
	// DefaultStreamIdle is how long a stream may stay silent: Mastodon
	// sends a heartbeat every 15 seconds or so over SSE, GoToSocial a
	// WebSocket ping every 30 (and Relais pings a quiet WebSocket after
	// half of it).
	DefaultStreamIdle = 90 * time.Second
	// Website is the page Relais registers itself with on a server.
	Website = "https://github.com/relais-app/relais"
	// clientName is the name a server shows for Relais.
	clientName = "Relais"
	// scopes are what Relais asks to do: read the account, its
	// notifications and figures; write statuses, media, favourites and
	// boosts.
	scopes = "read write"
)

// Dialer opens Mastodon connectors, and signs accounts in.
type Dialer struct {
	// HTTP does the requests; nil is http.DefaultClient.
	HTTP *http.Client
	// Now tells the time (for X-RateLimit-Reset, and figures).
	Now func() time.Time
	// Timeout bounds each request; zero is httpx.DefaultTimeout.
	Timeout time.Duration
	// MediaWait bounds the wait for an uploaded image to be processed;
	// zero is DefaultMediaWait. MediaPoll is the first pause between two
	// looks; zero is DefaultMediaPoll.
	MediaWait time.Duration
	MediaPoll time.Duration
	// Website is the page registered with Relais on a server at sign-in;
	// "" is Website.
	Website string
	// StreamIdle is how long a stream may stay silent, heartbeats and
	// pings included, before Stream gives up on it; zero is
	// DefaultStreamIdle.
	StreamIdle time.Duration
	// SignInPort gives the workspace's loopback port the browser comes
	// back to after signing in (loopback.WorkspacePort); nil listens on
	// any free port, and registers a new client at every sign-in.
	SignInPort func(ctx context.Context) (int, error)
	// Clients keeps the client registered on each server for the
	// workspace's port, so that a sign-in reuses it; nil registers at
	// every sign-in.
	Clients ClientStore
}

var (
	_ app.Dialer        = (*Dialer)(nil)
	_ app.BrowserSignIn = (*Dialer)(nil)
)

// NewDialer returns a dialer with the defaults.
func NewDialer() *Dialer {
	return &Dialer{HTTP: &http.Client{}, Now: time.Now}
}

// Network is app.Mastodon.
func (d *Dialer) Network() app.Network { return app.Mastodon }

// ErrNoCredentials is returned by Open without a place to read the
// account's secret from.
var ErrNoCredentials = errors.New("mastodon: no credentials for the account")

// Open returns a connector for acc, whose Server is the Mastodon server's
// address. It makes no request.
func (d *Dialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	if creds == nil {
		return nil, ErrNoCredentials
	}
	base, err := httpx.BaseURL(acc.Server)
	if err != nil {
		return nil, fmt.Errorf("mastodon: %w", err)
	}
	c := &Connector{
		d:        d,
		base:     base,
		creds:    creds,
		http:     d.client(0),
		avatars:  d.client(app.MaxAvatarSize),
		remoteID: acc.RemoteID,
		limits:   defaultLimits(),
	}
	if acc.Limits.MaxLength > 0 {
		c.limits = acc.Limits
	}
	return c, nil
}

// client returns an httpx client for Mastodon reading at most maxBody
// bytes (0 for httpx's default).
func (d *Dialer) client(maxBody int64) *httpx.Client {
	c := httpx.New(app.Mastodon)
	c.HTTP = d.HTTP
	c.Timeout = d.Timeout
	c.MaxBody = maxBody
	c.Now = d.now
	// Mastodon's error answers are {"error": "..."}, with an
	// "error_description" on OAuth's: httpx's default reading.
	return c
}

func (d *Dialer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dialer) streamIdle() time.Duration {
	if d.StreamIdle > 0 {
		return d.StreamIdle
	}
	return DefaultStreamIdle
}

func (d *Dialer) mediaWait() (wait, poll time.Duration) {
	wait, poll = d.MediaWait, d.MediaPoll
	if wait <= 0 {
		wait = DefaultMediaWait
	}
	if poll <= 0 {
		poll = DefaultMediaPoll
	}
	return wait, poll
}

func (d *Dialer) website() string {
	if d.Website != "" {
		return d.Website
	}
	return Website
}

// defaultLimits are Mastodon's limits before the server tells its own.
func defaultLimits() app.Limits {
	return app.Limits{MaxLength: app.Mastodon.MaxLength(), Media: app.Mastodon.MediaLimits()}
}

// sameOrigin reports whether u is on the server base, so that the token
// may go there.
func sameOrigin(base, u *url.URL) bool {
	return u.Scheme == base.Scheme && u.Host == base.Host
}
