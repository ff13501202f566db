package mastodon

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// Connector acts for one Mastodon account.
type Connector struct {
	d       *Dialer
	base    *url.URL
	creds   app.Credentials
	http    *httpx.Client
	avatars *httpx.Client

	token httpx.Token // the access token, read once from creds

	mu       sync.Mutex
	remoteID string
	// domain is the server's own domain in handles (the instance's
	// domain, which may differ from the host of its address).
	domain string
	limits app.Limits
	// noMultiGet is set once the server answered that it has no
	// GET /api/v1/statuses?id[]= (404 before Mastodon 4.3, 405 on
	// GoToSocial): the batch is not tried again on this connector.
	noMultiGet bool
	// streaming is the streaming server's base URL, once found;
	// transport, how it streamed last (or that it does not).
	streaming *url.URL
	transport streamTransport
	// gotosocial tells whether the server is GoToSocial, once
	// SearchPosts has read the instance (see isGoToSocial).
	gotosocial *bool
}

var (
	_ app.Connector     = (*Connector)(nil)
	_ app.Publisher     = (*Connector)(nil)
	_ app.Reader        = (*Connector)(nil)
	_ app.ThreadReader  = (*Connector)(nil)
	_ app.PostChecker   = (*Connector)(nil)
	_ app.Streamer      = (*Connector)(nil)
	_ app.Reactor       = (*Connector)(nil)
	_ app.MetricsReader = (*Connector)(nil)
)

// Limits are the server's limits as the last Profile read them, else
// Mastodon's defaults.
func (c *Connector) Limits() app.Limits {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limits
}

// accessToken returns the account's token, read from the credentials the
// first time.
func (c *Connector) accessToken(ctx context.Context) (string, error) {
	return c.token.Get(ctx, c.creds, app.Mastodon)
}

// forgetToken drops the token the server refused, so that the next
// request reads the credentials again (the user may have reconnected).
func (c *Connector) forgetToken() { c.token.Forget() }

// endpoint returns the URL of an API path on the server.
func (c *Connector) endpoint(path string, query url.Values) *url.URL {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = query.Encode()
	return &u
}

// request is one call to the API.
type request struct {
	method string
	path   string
	query  url.Values
	// body and contentType, for a POST.
	body        []byte
	contentType string
	header      http.Header
}

// form makes a POST request with a form body.
func form(path string, values url.Values) request {
	return request{method: http.MethodPost, path: path, body: []byte(values.Encode()), contentType: "application/x-www-form-urlencoded"}
}

// get makes a GET request.
func get(path string, query url.Values) request {
	return request{method: http.MethodGet, path: path, query: query}
}

// do sends r with the account's token and reads the answer.
func (c *Connector) do(ctx context.Context, r request) (*httpx.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tok, err := c.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, c.endpoint(r.path, r.query).String(), body)
	if err != nil {
		return nil, fmt.Errorf("mastodon: %s %s: %w", r.method, r.path, err)
	}
	if r.body != nil {
		// Go's transport would silently send again a request carrying an
		// Idempotency-Key when a reused connection drops; each request
		// the publishing engine makes is one request, and a lost answer
		// is settled by Find, so no replay.
		req.GetBody = nil
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.http.Do(req)
	if ne, ok := app.AsNetError(err); ok && ne.Kind == app.FailAuth {
		c.forgetToken()
	}
	return resp, err
}

// call sends r and decodes its JSON answer into v.
func (c *Connector) call(ctx context.Context, r request, v any) (*httpx.Response, error) {
	resp, err := c.do(ctx, r)
	if err != nil {
		return resp, err
	}
	if v != nil {
		if err := c.http.DecodeJSON(resp, v); err != nil {
			return resp, err
		}
	}
	return resp, nil
}

// escape makes an ID safe in a path.
func escape(id string) string { return url.PathEscape(id) }
