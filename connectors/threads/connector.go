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
// container whose status is PUBLISHED is never published again).
//
// # Errors
//
// Graph's error object ({"error": {"message", "type", "code",
// "error_subcode", "fbtrace_id"}}) is read whatever the HTTP status:
// code 190 asks the user to sign in again (app.ErrReconnect); codes 4,
// 9, 17, 32, 613 and HTTP 429 are rate limits, with the wait from
// Retry-After or the estimated_time_to_regain_access of
// X-Business-Use-Case-Usage; code 100 is a refused parameter, whose
// message is shown; a missing object (code 100, subcode 33) is
// app.ErrRemoteGone. The token goes in the Authorization header, never
// in a URL, so no error can hold it.
package threads

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// DefaultAPI is the Threads API's base.
const DefaultAPI = "https://graph.threads.net/v1.0"

// Defaults for a Dialer.
const (
	// DefaultContainerWait bounds the wait for a container to be ready:
	// Meta advises looking about once a minute for no more than five.
	DefaultContainerWait = 5 * time.Minute
	// DefaultContainerPoll is the first pause between two looks at a
	// container; each pause is half as long again, up to maxPoll.
	DefaultContainerPoll = time.Second
	maxPoll              = 30 * time.Second
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
	server := acc.Server
	if strings.TrimSpace(server) == "" {
		server = DefaultAPI
	}
	base, err := httpx.BaseURL(server)
	if err != nil {
		return nil, fmt.Errorf("threads: %w", err)
	}
	hc := httpx.New(app.Threads)
	hc.HTTP, hc.Timeout, hc.Now = d.HTTP, d.Timeout, d.now
	hc.Message = Message
	return &Connector{d: d, base: base, creds: creds, http: hc, userID: acc.RemoteID,
		limits:  app.Limits{MaxLength: app.Threads.MaxLength(), Media: app.Threads.MediaLimits()},
		pending: map[string]string{}, uncertain: map[string]bool{}, sent: map[string]app.Published{}}, nil
}

func (d *Dialer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dialer) sleep(ctx context.Context, dur time.Duration) error {
	if d.Sleep != nil {
		return d.Sleep(ctx, dur)
	}
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Connector acts for one Threads account.
type Connector struct {
	d     *Dialer
	base  *url.URL
	creds app.Credentials
	http  *httpx.Client

	token httpx.Token // the access token, read once from creds

	mu       sync.Mutex
	userID   string
	username string
	limits   app.Limits
	// pending is the container made for each key not yet known
	// published; uncertain, the keys whose publication may have gone
	// through without Relais hearing of it.
	pending   map[string]string
	uncertain map[string]bool
	// sent are the posts made for keys, so that publishing a key again
	// answers its post.
	sent map[string]app.Published
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
	return p, nil
}

// avatar fetches the profile picture, without the token (it is on Meta's
// CDN); nil when it cannot.
func (c *Connector) avatar(ctx context.Context, u string) []byte {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "https" && !(pu.Scheme == "http" && httpx.IsLoopback(pu.Hostname()))) {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil
	}
	hc := httpx.New(app.Threads)
	hc.HTTP, hc.Timeout, hc.MaxBody = c.d.HTTP, c.d.Timeout, app.MaxAvatarSize
	resp, err := hc.Do(req)
	if err != nil {
		return nil
	}
	return resp.Body
}

// accessToken returns the account's token, read once from the
// credentials.
func (c *Connector) accessToken(ctx context.Context) (string, error) {
	return c.token.Get(ctx, c.creds, app.Threads)
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

// do sends one request with the token in the Authorization header; a
// POST's parameters go in a form body, never in the URL.
func (c *Connector) do(ctx context.Context, method, path string, params url.Values) (*httpx.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tok, err := c.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	u := *c.base
	u.Path = c.base.Path + path
	var body io.Reader
	if method == http.MethodGet {
		u.RawQuery = params.Encode()
	} else {
		body = strings.NewReader(params.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("threads: %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.GetBody = nil // one request is one request: no silent replay
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			err = c.classify(resp, err)
		}
		if ne, ok := app.AsNetError(err); ok && ne.Kind == app.FailAuth {
			c.token.Forget()
		}
		return resp, err
	}
	// A 200 holding an error object is an error all the same.
	if bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte(`{"error"`)) {
		if e, ok := ParseError(resp.Body); ok && (e.Code != 0 || e.Message != "") {
			return resp, c.classify(resp, &app.NetError{Network: app.Threads, Kind: app.FailRejected, Status: resp.Status, Message: Message(resp.Body)})
		}
	}
	return resp, nil
}

// call does a request and decodes its JSON answer into v.
func (c *Connector) call(ctx context.Context, method, path string, params url.Values, v any) error {
	resp, err := c.do(ctx, method, path, params)
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	return c.http.DecodeJSON(resp, v)
}

// APIError is Graph's error object.
type APIError struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode"`
	UserTitle   string `json:"error_user_title"`
	UserMessage string `json:"error_user_msg"`
	IsTransient bool   `json:"is_transient"`
	FBTraceID   string `json:"fbtrace_id"`
}

// ParseError reads Graph's error object from an answer's body; false
// when the body holds none.
func ParseError(body []byte) (APIError, bool) {
	var env struct {
		Error *json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil {
		return APIError{}, false
	}
	var e APIError
	if json.Unmarshal(*env.Error, &e) != nil {
		return APIError{}, false
	}
	return e, true
}

// Message is the server's words from an error answer: the user message
// Meta writes for people when there is one, else the message, with the
// error's code.
func Message(body []byte) string {
	e, ok := ParseError(body)
	if !ok {
		return httpx.JSONMessage(body)
	}
	msg := e.Message
	if e.UserMessage != "" {
		msg = e.UserMessage
	}
	if e.Code != 0 {
		msg = strings.TrimSpace(msg + " (code " + strconv.Itoa(e.Code))
		if e.Subcode != 0 {
			msg += ", subcode " + strconv.Itoa(e.Subcode)
		}
		msg += ")"
	}
	return msg
}

// classify refines httpx's reading of a failed answer by Graph's error
// code, which tells more than the status (Meta answers most errors with
// HTTP 400, an expired token included).
func (c *Connector) classify(resp *httpx.Response, err error) error {
	ne, ok := app.AsNetError(err)
	if !ok || resp == nil {
		return err
	}
	e, ok := ParseError(resp.Body)
	if !ok {
		return err
	}
	switch {
	case e.Code == 190 || e.Code == 102 || e.Type == "OAuthException" && e.Code == 10:
		ne.Kind = app.FailAuth
	case e.Code == 4 || e.Code == 9 || e.Code == 17 || e.Code == 32 || e.Code == 613 || e.Code == 80001 || resp.Status == http.StatusTooManyRequests:
		ne.Kind = app.FailRateLimited
		if ne.RetryAfter == 0 {
			ne.RetryAfter = regainAccess(resp.Header)
		}
	case e.Code == 100 && e.Subcode == 33:
		ne.Kind = app.FailNotFound
	case e.Code == 1 || e.Code == 2 || e.IsTransient:
		ne.Kind = app.FailServer
	case resp.Status >= 500:
		ne.Kind = app.FailServer
	default:
		ne.Kind = app.FailRejected
	}
	return ne
}

// regainAccess reads how long Meta asks to wait from
// X-Business-Use-Case-Usage ({"<id>": [{"estimated_time_to_regain_access":
// minutes, ...}]}) or X-App-Usage; zero when it does not say.
func regainAccess(h http.Header) time.Duration {
	var most int
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var usage map[string][]struct {
			Minutes int `json:"estimated_time_to_regain_access"`
		}
		if json.Unmarshal([]byte(v), &usage) == nil {
			for _, list := range usage {
				for _, u := range list {
					most = max(most, u.Minutes)
				}
			}
		}
	}
	return time.Duration(most) * time.Minute
}
