package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// How a server streams (https://docs.joinmastodon.org/methods/streaming/).
// GoToSocial offers only a WebSocket (GET /api/v1/streaming?stream=user,
// upgraded); Mastodon offers both a WebSocket and Server-Sent Events (GET
// /api/v1/streaming/user); some setups (a proxy that does not pass
// WebSocket upgrades) only the latter. Stream tries the WebSocket first,
// then SSE, and remembers on the connector which one worked.
type streamTransport int

const (
	transportUnknown streamTransport = iota
	transportWebSocket
	transportSSE
	// transportNone: the server refused both.
	transportNone
)

func (t streamTransport) String() string {
	switch t {
	case transportWebSocket:
		return "WebSocket"
	case transportSSE:
		return "Server-Sent Events"
	}
	return "none"
}

// refusedError is a transport the server does not offer: it answered
// the opening request with a status that says so (404 and the like).
type refusedError struct {
	transport streamTransport
	status    int
}

func (e *refusedError) Error() string {
	if e.status == 0 {
		return e.transport.String() + " not usable"
	}
	return fmt.Sprintf("%s: HTTP %d", e.transport, e.status)
}

// streamSpec is what one stream follows, and what becomes of its events:
// the user stream (Stream) and the hashtag stream (StreamTags) share the
// transports, their fallback and their time limits.
type streamSpec struct {
	// wsQuery is the WebSocket address's query (stream=user), and
	// subscribe the messages sent once it is open (Mastodon's
	// {"type":"subscribe",…}).
	wsQuery   url.Values
	subscribe [][]byte
	// sse are the Server-Sent Events' paths, with their query: one
	// connection each.
	sse []string
	// opened is told that the stream is open, before any event.
	opened func()
	// event takes each event read; an error ends the stream with it.
	event func(sseEvent) error
	// answer takes a message of the WebSocket that is no event but an
	// error ({"error":…,"status":…}, Mastodon's answer to a subscription
	// it cannot serve); an error ends the stream. Nil: skipped.
	answer func(msg string, status int) error
	// user is set for the account's own stream: a server that refuses
	// both transports for it streams nothing, and is not asked again.
	user bool
}

// Stream follows the account's user stream on the server's streaming
// host, over a WebSocket (websocket.go) or else Server-Sent Events
// (sse.go), and calls fn with each event, until ctx ends (it returns
// ctx's error) or the stream stops (an *app.NetError: FailOffline when
// the connection dropped, the server ended it, or nothing came, pings
// and heartbeats included, for the dialer's StreamIdle). Once open, fn is
// first told so (app.StreamEvent.Opened), for the caller to catch up from
// its cursor. A new notification is an item, mapped as Since maps it; an
// edited status (an "update" notification, or a status.update event) and
// a deleted one (delete) are changes. A server that refuses both
// transports gives app.ErrNoStreaming; a refused token, an
// *app.NetError of kind FailAuth, which is not worth trying again.
//
// Stream opens one connection: the caller opens it again after a drop
// (app.Inbox does, with backoff). The transport that worked is tried
// first the next time on the same connector.
//
// fn is called on Stream's goroutine, one event at a time: while it runs
// nothing is read, so it should hand the event over and return (a call
// longer than StreamIdle ends the stream). The token never goes in the
// URL.
func (c *Connector) Stream(ctx context.Context, fn func(app.StreamEvent)) error {
	me, err := c.accountID(ctx)
	if err != nil {
		return err
	}
	return c.follow(ctx, &streamSpec{
		wsQuery: url.Values{"stream": {"user"}},
		sse:     []string{"/api/v1/streaming/user"},
		opened:  func() { fn(app.StreamEvent{Opened: true}) },
		event: func(ev sseEvent) error {
			if e, ok := c.streamEvent(ev, me); ok {
				fn(e)
			}
			return nil
		},
		user: true,
	})
}

// follow opens one stream as spec says, over the transport that worked
// last, else a WebSocket then Server-Sent Events, and reads it until it
// stops. A server that refuses both gives app.ErrNoStreaming.
func (c *Connector) follow(ctx context.Context, spec *streamSpec) error {
	base, err := c.streamingBase(ctx)
	if err != nil {
		return err
	}
	tok, err := c.accessToken(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	known := c.transport
	c.mu.Unlock()
	order := []streamTransport{transportWebSocket, transportSSE}
	switch known {
	case transportSSE:
		order = []streamTransport{transportSSE, transportWebSocket}
	case transportNone:
		return fmt.Errorf("mastodon: %w (%s)", app.ErrNoStreaming, base.Host)
	}
	var refused []string
	for _, tr := range order {
		if tr == transportWebSocket {
			err = c.streamWebSocket(ctx, base, tok, spec)
		} else {
			err = c.streamSSE(ctx, base, tok, spec)
		}
		var r *refusedError
		if !errors.As(err, &r) {
			return err
		}
		refused = append(refused, r.Error())
	}
	if spec.user {
		c.setTransport(transportNone)
	}
	return fmt.Errorf("mastodon: %w (%s on %s)", app.ErrNoStreaming, strings.Join(refused, ", "), base.Host)
}

// setTransport remembers how the server streams.
func (c *Connector) setTransport(t streamTransport) {
	c.mu.Lock()
	c.transport = t
	c.mu.Unlock()
}

// streamSSE follows a stream as Server-Sent Events, one connection per
// path of spec.sse (GET /api/v1/streaming/user, /hashtag?tag=…), the
// token in the Authorization header. The stream is open once they all
// are; it stops when one does.
func (c *Connector) streamSSE(ctx context.Context, base *url.URL, tok string, spec *streamSpec) error {
	var wg sync.WaitGroup
	var bodies []io.ReadCloser
	ctx, cancel := context.WithCancel(ctx)
	// Cancelled, then closed, then waited for.
	defer wg.Wait()
	defer func() {
		for _, b := range bodies {
			b.Close()
		}
	}()
	defer cancel()
	if len(spec.sse) == 0 {
		// Too many connections to ask for (maxSSETags).
		return &refusedError{transport: transportSSE}
	}
	for _, p := range spec.sse {
		body, err := c.openSSE(ctx, base, tok, p)
		if err != nil {
			return err
		}
		bodies = append(bodies, body)
	}
	c.setTransport(transportSSE)
	spec.opened()
	if len(bodies) == 1 {
		return readSSE(ctx, bodies[0], spec.event)
	}
	// One reader per connection; the events are handed to this
	// goroutine, so that spec.event sees one at a time.
	events := make(chan sseEvent)
	stopped := make(chan error, len(bodies))
	for _, b := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stopped <- readSSE(ctx, b, func(ev sseEvent) error {
				select {
				case events <- ev:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}()
	}
	for {
		select {
		case ev := <-events:
			if err := spec.event(ev); err != nil {
				return err
			}
		case err := <-stopped:
			return err
		}
	}
}

// openSSE opens one Server-Sent Events stream at path (with its query).
// A status saying there is no such stream gives a *refusedError.
func (c *Connector) openSSE(ctx context.Context, base *url.URL, tok, path string) (io.ReadCloser, error) {
	u := *base
	path, query, _ := strings.Cut(path, "?")
	u.Path = strings.TrimRight(base.Path, "/") + path
	u.RawQuery = query
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("mastodon: streaming: %w", err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-cache")
	req.Header.Set("Authorization", "Bearer "+tok)
	body, err := c.http.OpenStream(req, c.d.streamIdle())
	if ne, ok := app.AsNetError(err); ok {
		switch {
		case ne.Kind == app.FailAuth:
			c.forgetToken()
		case ne.Status == http.StatusNotFound || ne.Status == http.StatusMethodNotAllowed || ne.Status == http.StatusNotImplemented:
			return nil, &refusedError{transport: transportSSE, status: ne.Status}
		}
	}
	if err != nil {
		return nil, err
	}
	return body, nil
}

// readSSE reads events from body and hands them to fn until the stream
// ends, fn fails, or ctx does.
func readSSE(ctx context.Context, body io.Reader, fn func(sseEvent) error) error {
	events := newSSEReader(body, 0)
	for {
		ev, err := events.Next()
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			if errors.Is(err, io.EOF) {
				return &app.NetError{Network: app.Mastodon, Kind: app.FailOffline, Err: errors.New("the server ended the stream")}
			}
			if errors.Is(err, errEventTooLarge) {
				return &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Err: err}
			}
			return err
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
}

// streamEvent turns an event of the user stream into an app.StreamEvent;
// false for one Relais does not read (a new status of the home timeline,
// a filter changed…) or cannot understand.
func (c *Connector) streamEvent(ev sseEvent, me string) (app.StreamEvent, bool) {
	switch ev.Type {
	case "notification":
		var n notification
		if json.Unmarshal([]byte(ev.Data), &n) != nil || n.ID == "" {
			return app.StreamEvent{}, false
		}
		if n.Type == "update" {
			if n.Status == nil {
				return app.StreamEvent{}, false
			}
			ch := edited(n.Status)
			return app.StreamEvent{Change: &ch}, true
		}
		it, ok := c.item(n, me)
		if !ok {
			return app.StreamEvent{}, false
		}
		return app.StreamEvent{Item: &it}, true
	case "status.update":
		var st status
		if json.Unmarshal([]byte(ev.Data), &st) != nil || st.ID == "" {
			return app.StreamEvent{}, false
		}
		ch := edited(&st)
		return app.StreamEvent{Change: &ch}, true
	case "delete":
		id := strings.TrimSpace(ev.Data)
		if id == "" {
			return app.StreamEvent{}, false
		}
		return app.StreamEvent{Change: &app.Change{Post: id, Deleted: true, At: c.d.now()}}, true
	}
	return app.StreamEvent{}, false
}

// streamingBase finds the server's streaming host, once: the instance's
// configuration.urls.streaming (GET /api/v2/instance), else its
// urls.streaming_api (GET /api/v1/instance, before Mastodon 4.0), else
// the server itself. A ws:// or wss:// address is read as http:// or
// https://; one that is not https (nor on this machine) is not used.
func (c *Connector) streamingBase(ctx context.Context) (*url.URL, error) {
	c.mu.Lock()
	found := c.streaming
	c.mu.Unlock()
	if found != nil {
		return found, nil
	}
	// usable reports whether a failure to read the instance only means
	// the server does not say (an older one, say).
	usable := func(err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if ne, ok := app.AsNetError(err); ok && (ne.Temporary() || ne.Kind == app.FailAuth) {
			return err
		}
		return nil
	}
	var inst instance
	_, err := c.call(ctx, get("/api/v2/instance", nil), &inst)
	if err == nil {
		found = streamingURL(inst.Configuration.URLs.Streaming)
	} else if err := usable(err); err != nil {
		return nil, err
	}
	if found == nil {
		var v1 instanceV1
		_, err := c.call(ctx, get("/api/v1/instance", nil), &v1)
		if err == nil {
			found = streamingURL(v1.URLs.StreamingAPI)
		} else if err := usable(err); err != nil {
			return nil, err
		}
	}
	if found == nil {
		u := *c.base
		found = &u
	}
	c.mu.Lock()
	c.streaming = found
	c.mu.Unlock()
	return found, nil
}

// streamingURL reads a streaming server's address; nil when there is
// none, or none Relais would send the token to.
func streamingURL(s string) *url.URL {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return nil
	}
	switch strings.ToLower(scheme) {
	case "ws", "http":
		scheme = "http"
	case "wss", "https":
		scheme = "https"
	default:
		return nil
	}
	u, err := httpx.BaseURL(scheme + "://" + rest)
	if err != nil {
		return nil
	}
	return u
}
