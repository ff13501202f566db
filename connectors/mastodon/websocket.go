package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// The streaming API over a WebSocket, as GoToSocial offers it (and
// Mastodon too): GET /api/v1/streaming?stream=user upgraded, then one
// JSON text message per event,
//
//	{"stream":["user"],"event":"notification","payload":"{\"id\":…}"}
//
// whose payload is a string holding the same JSON the event carries over
// SSE (a status ID for delete).
//
// The token goes in the Sec-WebSocket-Protocol header, as the one
// subprotocol Relais asks for: GoToSocial reads it from there or from
// the URL (?access_token=, which ends up in logs and errors: never used),
// and Mastodon's streaming server from there, the URL or the
// Authorization header, which GoToSocial does not read on every version.
// The header is the one place both read. Mastodon echoes the token back
// as the chosen subprotocol, GoToSocial chooses none: both are accepted.
//
// Servers ping the connection (GoToSocial every 30 seconds, Mastodon
// too); the ping is answered and counts as a sign of life. After half of
// the dialer's StreamIdle without any, Relais pings the server itself,
// and after StreamIdle without anything at all the connection is taken
// as dead: the stream ends as FailOffline, to be opened again.

// errIdle is the cause a silent connection is closed with.
var errIdle = errors.New("nothing came for too long")

// streamWebSocket follows a stream over a WebSocket: the one spec's
// query names (stream=user), then those its messages subscribe to. A
// server that answers the upgrade with a status saying it has no
// WebSocket there gives a *refusedError.
func (c *Connector) streamWebSocket(ctx context.Context, base *url.URL, tok string, spec *streamSpec) error {
	if !isHTTPToken(tok) {
		// It could not go in the header; a token outside HTTP's token
		// characters is no server's we know, but SSE carries any.
		return &refusedError{transport: transportWebSocket}
	}
	u := *base
	switch u.Scheme {
	case "https":
		u.Scheme = "wss"
	default:
		u.Scheme = "ws"
	}
	u.Path = strings.TrimRight(base.Path, "/") + "/api/v1/streaming"
	u.RawQuery = spec.wsQuery.Encode()

	idle := c.d.streamIdle()
	start := time.Now()
	var last atomic.Int64 // since start, when the server last showed life
	alive := func() { last.Store(int64(time.Since(start))) }
	timeout := c.d.Timeout
	if timeout <= 0 {
		timeout = httpx.DefaultTimeout
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	conn, resp, err := websocket.Dial(dctx, u.String(), &websocket.DialOptions{
		HTTPClient:   c.d.HTTP,
		HTTPHeader:   http.Header{"User-Agent": {c.http.UserAgent}},
		Subprotocols: []string{tok},
		OnPingReceived: func(context.Context, []byte) bool {
			alive()
			return true
		},
		OnPongReceived: func(context.Context, []byte) { alive() },
	})
	cancel()
	if err != nil {
		return c.dialError(ctx, resp, err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(maxEventSize)
	c.setTransport(transportWebSocket)
	alive()

	rctx, stop := context.WithCancelCause(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stop(nil)
	wg.Add(1)
	go func() {
		defer wg.Done()
		watch(rctx, conn, idle, func() time.Duration { return time.Since(start) - time.Duration(last.Load()) }, alive, stop, &wg)
	}()

	for _, msg := range spec.subscribe {
		if err := conn.Write(rctx, websocket.MessageText, msg); err != nil {
			return readError(ctx, rctx, err)
		}
	}
	spec.opened()
	for {
		typ, data, err := conn.Read(rctx)
		if err != nil {
			return readError(ctx, rctx, err)
		}
		alive()
		if typ != websocket.MessageText {
			continue
		}
		if spec.answer != nil {
			if msg, status, ok := parseAnswer(data); ok {
				if err := spec.answer(msg, status); err != nil {
					return err
				}
				continue
			}
		}
		ev, ok := parseFrame(data)
		if !ok {
			continue // a message Relais cannot read is skipped, as SSE's are
		}
		if err := spec.event(ev); err != nil {
			return err
		}
	}
}

// parseAnswer reads a message of a WebSocket stream that is an error,
// not an event: Mastodon's streaming server answers a subscription it
// cannot serve with {"error":"Unknown stream type","status":400}.
func parseAnswer(b []byte) (msg string, status int, ok bool) {
	var m struct {
		Error  string `json:"error"`
		Status int    `json:"status"`
		Event  string `json:"event"`
	}
	if json.Unmarshal(b, &m) != nil || m.Error == "" || m.Event != "" {
		return "", 0, false
	}
	return m.Error, m.Status, true
}

// watch ends the connection (stop with errIdle) once silent for idle,
// pinging the server after half of it. It returns when ctx ends.
func watch(ctx context.Context, conn *websocket.Conn, idle time.Duration, silent func() time.Duration, alive func(), stop context.CancelCauseFunc, wg *sync.WaitGroup) {
	tick := time.NewTicker(max(idle/8, time.Millisecond))
	defer tick.Stop()
	var pinging atomic.Bool
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		switch s := silent(); {
		case s >= idle:
			stop(errIdle)
			return
		case s >= idle/2 && pinging.CompareAndSwap(false, true):
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer pinging.Store(false)
				if conn.Ping(ctx) == nil {
					alive()
				}
			}()
		}
	}
}

// dialError reads why the upgrade failed: a status saying there is no
// WebSocket here is a refusal; another status, an *app.NetError read as
// any answer's (401: reconnect); no answer, FailOffline.
func (c *Connector) dialError(ctx context.Context, resp *http.Response, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	const what = "GET /api/v1/streaming"
	if resp == nil {
		return &app.NetError{Network: app.Mastodon, Kind: app.FailOffline, Err: fmt.Errorf("%s: %w", what, err)}
	}
	switch s := resp.StatusCode; {
	case s == http.StatusSwitchingProtocols:
		// Upgraded, but not as the protocol says.
		return &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Err: fmt.Errorf("%s: %w", what, err)}
	case s >= 200 && s <= 299, // an answer, not an upgrade: no WebSocket behind
		s == http.StatusBadRequest, // the upgrade did not come through a proxy
		s == http.StatusNotFound, s == http.StatusMethodNotAllowed, s == http.StatusGone,
		s == http.StatusUpgradeRequired, s == http.StatusNotImplemented:
		return &refusedError{transport: transportWebSocket, status: s}
	}
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, 1024))
	}
	serr := c.http.StatusError(&httpx.Response{Status: resp.StatusCode, Header: resp.Header, Body: body})
	if ne, ok := app.AsNetError(serr); ok && ne.Kind == app.FailAuth {
		c.forgetToken()
	}
	return fmt.Errorf("mastodon: streaming: %w", serr)
}

// readError says why reading the connection stopped.
func readError(ctx, rctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	offline := func(what string, err error) error {
		return &app.NetError{Network: app.Mastodon, Kind: app.FailOffline, Err: fmt.Errorf("the stream: %s: %w", what, err)}
	}
	switch {
	case errors.Is(context.Cause(rctx), errIdle):
		return offline(errIdle.Error(), err)
	case errors.Is(err, websocket.ErrMessageTooBig):
		return &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Err: errEventTooLarge}
	case websocket.CloseStatus(err) != -1:
		return offline("the server ended it", err)
	}
	return offline("the connection dropped", err)
}

// parseFrame reads one message of a WebSocket stream as the event SSE
// would have carried: its name, and its payload as a string (a payload
// sent as JSON itself rather than in a string is taken as it is). False
// for a message that is not one: not a JSON object, no event name.
func parseFrame(b []byte) (sseEvent, bool) {
	var m struct {
		Event   string          `json:"event"`
		Payload json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(b, &m) != nil || m.Event == "" {
		return sseEvent{}, false
	}
	var data string
	switch p := bytes.TrimSpace(m.Payload); {
	case len(p) == 0 || string(p) == "null":
		// An event with nothing to say (filters_changed).
	case p[0] == '"':
		if json.Unmarshal(p, &data) != nil {
			return sseEvent{}, false
		}
	default:
		data = string(p)
	}
	return sseEvent{Type: m.Event, Data: data}, true
}

// isHTTPToken reports whether s is made only of HTTP's token characters
// (RFC 9110, 5.6.2), as a subprotocol must be.
func isHTTPToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
