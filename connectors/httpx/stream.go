package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// DefaultIdle is how long a stream may stay silent before OpenStream's
// body gives up on it.
const DefaultIdle = 90 * time.Second

// Causes of a stream's end, as its context's cause.
var (
	errNoHeaders = errors.New("no answer in time")
	errIdle      = errors.New("the stream went silent")
	errClosed    = errors.New("the stream was closed")
)

// Stream is an answer read as it comes (Server-Sent Events): its body has
// no overall time limit, only an idle one.
type Stream struct {
	Header http.Header

	c      *Client
	req    *http.Request
	parent context.Context
	ctx    context.Context
	cancel context.CancelCauseFunc
	body   io.ReadCloser
	idle   time.Duration

	mu    sync.Mutex
	timer *time.Timer
}

// OpenStream sends req for a long-lived answer. The answer's headers must
// come within the client's Timeout; then each Read of the body waits for
// as long as the server takes, but the stream ends when no byte at all has
// come for idle (zero is DefaultIdle). As with Do, a failure to connect
// and a status outside 2xx are returned as an *app.NetError (the error
// answer's body read with the client's MaxBody), and a cancelled
// context's error as it is. The caller closes the Stream. (An HTTP
// client with a Timeout of its own would still cut the stream at it.)
func (c *Client) OpenStream(req *http.Request, idle time.Duration) (*Stream, error) {
	if idle <= 0 {
		idle = DefaultIdle
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	parent := req.Context()
	ctx, cancel := context.WithCancelCause(parent)
	timer := time.AfterFunc(timeout, func() { cancel(errNoHeaders) })
	req = req.WithContext(ctx)
	if c.UserAgent != "" && req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		timer.Stop()
		defer cancel(errClosed)
		return nil, c.streamError(parent, ctx, req, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer cancel(errClosed)
		defer timer.Stop()
		defer resp.Body.Close()
		limit := c.MaxBody
		if limit == 0 {
			limit = DefaultMaxBody
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
		if err != nil && ctx.Err() != nil {
			return nil, c.streamError(parent, ctx, req, err)
		}
		return nil, c.StatusError(&Response{Status: resp.StatusCode, Header: resp.Header, Body: body})
	}
	timer.Stop()
	s := &Stream{Header: resp.Header, c: c, req: req, parent: parent, ctx: ctx, cancel: cancel, body: resp.Body, idle: idle}
	s.timer = time.AfterFunc(idle, func() { cancel(errIdle) })
	return s, nil
}

// touch restarts the idle wait.
func (s *Stream) touch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer.Reset(s.idle)
}

// Read reads the body as it comes. The end of the body is io.EOF; a
// silence longer than the idle time, or a dropped connection, is an
// *app.NetError of kind FailOffline; the caller's context ending gives
// the context's error.
func (s *Stream) Read(p []byte) (int, error) {
	n, err := s.body.Read(p)
	if n > 0 {
		s.touch()
	}
	if err == nil || (errors.Is(err, io.EOF) && s.ctx.Err() == nil) {
		return n, err
	}
	return n, s.c.streamError(s.parent, s.ctx, s.req, err)
}

// Close ends the stream.
func (s *Stream) Close() error {
	s.mu.Lock()
	s.timer.Stop()
	s.mu.Unlock()
	s.cancel(errClosed)
	return s.body.Close()
}

// streamError is transportError for a stream: the caller's context ending
// is returned as it is, the stream's own time limits as FailOffline.
func (c *Client) streamError(parent, ctx context.Context, req *http.Request, err error) error {
	if perr := parent.Err(); perr != nil {
		return perr
	}
	what := "the connection dropped"
	switch context.Cause(ctx) {
	case errNoHeaders:
		what = "no answer in time"
	case errIdle:
		what = "nothing came for too long"
	case errClosed:
		return fmt.Errorf("%s %s: %w", req.Method, pathOf(req), errClosed)
	default:
		return c.transportError(req, err)
	}
	return &app.NetError{Network: c.Network, Kind: app.FailOffline, Err: fmt.Errorf("%s %s: %s: %w", req.Method, pathOf(req), what, err)}
}
