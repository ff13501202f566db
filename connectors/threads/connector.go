// Package threads connects Relais to Meta's Threads through the Threads
// API (graph.threads.net, v1.0), with a long-lived token the user made
// for their own Meta app: it reads the profile, publishes text posts,
// image posts and carousels through media containers, replies (a thread
// is replies to the previous post), reads mentions and the replies to the
// account's recent posts for the inbox, the conversation around a post,
// hides and shows replies, and reads the figures of the account and its
// posts.
//
// # Exactly once
//
// Threads has no idempotency key: the same request twice makes two
// containers, and publishing each would make two posts. A post goes out
// in two steps, a container (POST /{user-id}/threads) then its
// publication (POST /{user-id}/threads_publish); only the second makes a
// post. After a lost answer, Find reads the account's posts (GET
// /{user-id}/threads, or /replies for a reply) back to the time the
// attempt's key holds (app.NewAttemptKey writes it), page after page,
// and matches the text and the kind of media. It never answers "not
// there" from a partial read: a failed page is its error, and reading
// too many pages is ErrFindIncomplete. Within one connector, a key whose
// publication may have gone through is settled with Find before Publish
// sends anything again, and a container already made for a key is
// published rather than made twice once its status says FINISHED (a
// container whose status is PUBLISHED is never published again). The
// container's ID is also recorded in the outbox journal with the attempt
// (app.Outgoing.Steps, StepContainer), so that after a crash the next
// run publishes that container instead of making a second one.
//
// # Errors and rate limits
//
// Requests go through connectors/meta/graph, which reads Graph's error
// object whatever the HTTP status (code 190 asks the user to sign in
// again, a missing object is app.ErrRemoteGone, rate limits carry Meta's
// wait) and holds back before Meta's hourly allowance is used up.
package threads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
	"github.com/relais-app/relais/connectors/meta/metaauth"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// DefaultAPI is the Threads API's base.
const DefaultAPI = "https://graph.threads.net/v1.0"

// Defaults for a Dialer.
const (
	// DefaultContainerWait bounds the wait for a container to be ready:
	// Meta advises looking about once a minute for no more than five.
	DefaultContainerWait = metapub.DefaultWait
	// DefaultContainerPoll is the first pause between two looks at a
	// container; each pause is half as long again.
	DefaultContainerPoll = metapub.DefaultPoll
)

// MediaHost puts an image at a public address Meta can fetch it from:
// Threads takes images by URL only. The app's media storage (an S3
// bucket of the user's own) implements it; it is declared here, as small
// as the connector needs.
type MediaHost interface {
	// Stage stores the image read from r and returns a short-lived
	// address for it, and what deletes it once the post is made.
	Stage(ctx context.Context, name, contentType string, r io.Reader, size int64) (url string, remove func(context.Context) error, err error)
}

// ErrNoMediaHost is returned for an image post when no media storage is
// set: Threads fetches images from a public address.
var ErrNoMediaHost = fmt.Errorf("Threads takes images from a public address (text posts go without one): %w", app.ErrNoMediaStorage)

// Dialer opens Threads connectors.
type Dialer struct {
	// HTTP does the requests; nil is http.DefaultClient.
	HTTP *http.Client
	// Now tells the time; nil is time.Now.
	Now func() time.Time
	// Sleep waits d, or until ctx ends; nil waits on the wall clock. A
	// test's clock makes the waits for containers pass at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Timeout bounds each request; zero is httpx.DefaultTimeout.
	Timeout time.Duration
	// ContainerWait and ContainerPoll bound the wait for a container
	// (zero: the defaults).
	ContainerWait time.Duration
	ContainerPoll time.Duration
	// Media stages images; nil refuses image posts with ErrNoMediaHost.
	Media MediaHost
	// Apps are the user's Meta apps and the workspace's sign-in port
	// (*app.MetaApps), for the sign-in through the browser; nil signs in
	// with a pasted token only.
	Apps metaauth.Apps
}

var _ app.Dialer = (*Dialer)(nil)

// NewDialer returns a dialer with the defaults.
func NewDialer() *Dialer { return &Dialer{HTTP: &http.Client{}, Now: time.Now} }

// Network is app.Threads.
func (d *Dialer) Network() app.Network { return app.Threads }

// ErrNoCredentials is returned by Open without a place to read the token.
var ErrNoCredentials = errors.New("threads: no credentials for the account")

// Open returns a connector for acc, whose Server is the API's base
// ("" for DefaultAPI). It makes no request.
func (d *Dialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	if creds == nil {
		return nil, ErrNoCredentials
	}
	g, err := graph.Open(app.Threads, acc.Server, DefaultAPI, creds, graph.HTTPClient(app.Threads, d.HTTP, d.Timeout, d.now), d.now)
	if err != nil {
		return nil, fmt.Errorf("threads: %w", err)
	}
	return &Connector{d: d, base: g.Base(), g: g, creds: creds, userID: acc.RemoteID,
		limits: app.Limits{MaxLength: app.Threads.MaxLength(), Media: app.Threads.MediaLimits()},
		ledger: metapub.NewLedger[string]()}, nil
}

func (d *Dialer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Connector acts for one Threads account.
type Connector struct {
	d    *Dialer
	base *url.URL
	g    *graph.Client // the requests, with the token read once from the credentials
	// creds are the account's; Profile reads when its token expires.
	creds app.Credentials

	mu       sync.Mutex
	userID   string
	username string
	limits   app.Limits
	// ledger holds the container made for each key not yet known
	// published, the keys whose publication may have gone through
	// without Relais hearing of it, and the posts made for keys, so that
	// publishing a key again answers its post.
	ledger *metapub.Ledger[string]
}

var (
	_ app.Connector     = (*Connector)(nil)
	_ app.Publisher     = (*Connector)(nil)
	_ app.Reader        = (*Connector)(nil)
	_ app.ThreadReader  = (*Connector)(nil)
	_ app.MetricsReader = (*Connector)(nil)
)

// Limits are Threads' limits.
func (c *Connector) Limits() app.Limits { return c.limits }

// Profile reads who the account is (GET /me).
func (c *Connector) Profile(ctx context.Context) (app.Profile, error) {
	var me struct {
		ID       string `json:"id"`
		Username string `json:"username"`
		Name     string `json:"name"`
		Picture  string `json:"threads_profile_picture_url"`
		Bio      string `json:"threads_biography"`
	}
	q := url.Values{"fields": {"id,username,name,threads_profile_picture_url,threads_biography"}}
	if err := c.call(ctx, http.MethodGet, "/me", q, &me); err != nil {
		return app.Profile{}, fmt.Errorf("threads: reading the profile: %w", err)
	}
	if me.ID == "" || me.Username == "" {
		return app.Profile{}, &app.NetError{Network: app.Threads, Kind: app.FailServer, Status: 200, Err: errors.New("the profile has no ID or username")}
	}
	c.mu.Lock()
	c.userID, c.username = me.ID, me.Username
	c.mu.Unlock()
	p := app.Profile{RemoteID: me.ID, Handle: me.Username, DisplayName: me.Name,
		URL: "https://www.threads.net/@" + url.PathEscape(me.Username), Server: c.base.String(), Limits: c.limits}
	if me.Picture != "" {
		p.Avatar = c.avatar(ctx, me.Picture)
	}
	// The long-lived token's end, renewed before it comes (the app's
	// SignInRenewal): the account asks to sign in again only when it
	// could not be.
	if s, err := c.creds.Secret(ctx); err == nil {
		p.SignInExpiry = s.Expiry
	}
	return p, nil
}

// avatar fetches the profile picture, without the token (it is on Meta's
// CDN); nil when it cannot.
func (c *Connector) avatar(ctx context.Context, u string) []byte {
	return graph.Picture(ctx, app.Threads, c.d.HTTP, c.d.Timeout, u)
}

// me is the account's Threads user ID, read with Profile when the
// account does not have it yet.
func (c *Connector) me(ctx context.Context) (string, error) {
	c.mu.Lock()
	id := c.userID
	c.mu.Unlock()
	if id != "" {
		return id, nil
	}
	p, err := c.Profile(ctx)
	return p.RemoteID, err
}

// call does a request and decodes its JSON answer into v.
func (c *Connector) call(ctx context.Context, method, path string, params url.Values, v any) error {
	return c.g.Call(ctx, method, path, params, v)
}
