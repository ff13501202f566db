// Package httpx is the HTTP the connectors share: every request with a
// time limit and a cap on the answer's size, and every failure turned into
// an app.NetError whose kind tells the publishing engine what to do next
// (wait and retry, wait as long as the server asks, or give up and say
// why).
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// Defaults for a Client.
const (
	// DefaultTimeout bounds one request and its answer.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBody bounds the answer read from a server.
	DefaultMaxBody = 4 << 20
)

// Client sends requests for one network.
type Client struct {
	Network app.Network
	// HTTP does the requests; nil is a client of its own with no overall
	// timeout (each request gets Timeout through its context).
	HTTP *http.Client
	// Timeout bounds each request; zero is DefaultTimeout.
	Timeout time.Duration
	// MaxBody bounds each answer; zero is DefaultMaxBody.
	MaxBody int64
	// UserAgent is sent with every request.
	UserAgent string
	// Now tells the time, to read a Retry-After given as a date.
	Now func() time.Time
	// Message reads the server's own words from an error answer; nil
	// tries the usual JSON fields.
	Message func(body []byte) string
}

// New returns a client for a network with the defaults.
func New(n app.Network) *Client {
	return &Client{Network: n, UserAgent: "Relais/" + app.Version}
}

// Response is an answer read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends req and reads the whole answer. A transport failure, a status
// outside 2xx, an answer cut short or too large is returned as an
// *app.NetError; with a status, the Response is returned too, so that the
// caller can look closer (Bluesky's ExpiredToken is a 400). A cancelled
// ctx returns ctx's error as it is.
func (c *Client) Do(req *http.Request) (*Response, error) {
	ctx := req.Context()
	timeout := c.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
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
		return nil, c.transportError(req, err)
	}
	defer resp.Body.Close()
	limit := c.MaxBody
	if limit == 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.transportError(req, err)
	}
	if int64(len(body)) > limit {
		return nil, &app.NetError{Network: c.Network, Kind: app.FailServer, Status: resp.StatusCode,
			Err: fmt.Errorf("the answer to %s is larger than %d bytes", pathOf(req), limit)}
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return r, nil
	}
	return r, c.StatusError(r)
}

// transportError turns a failure with no status into a NetError: the
// server could not be reached, did not answer in time, or dropped the
// connection. A cancellation by the caller stays what it is.
func (c *Client) transportError(req *http.Request, err error) error {
	parent := context.Cause(req.Context())
	if errors.Is(parent, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return context.Canceled
	}
	what := "the request could not be sent"
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		what = "no answer in time"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		what = "the connection dropped before the answer was complete"
	}
	return &app.NetError{Network: c.Network, Kind: app.FailOffline, Err: fmt.Errorf("%s %s: %s: %w", req.Method, pathOf(req), what, err)}
}

// StatusError turns an answer with a status outside 2xx into a NetError.
func (c *Client) StatusError(r *Response) error {
	e := &app.NetError{Network: c.Network, Status: r.Status, Message: c.message(r.Body)}
	switch {
	case r.Status == http.StatusUnauthorized:
		e.Kind = app.FailAuth
	case r.Status == http.StatusNotFound || r.Status == http.StatusGone:
		e.Kind = app.FailNotFound
	case r.Status == http.StatusTooManyRequests:
		e.Kind = app.FailRateLimited
		e.RetryAfter = c.retryAfter(r.Header)
	case r.Status == http.StatusRequestTimeout || r.Status >= 500:
		e.Kind = app.FailServer
		e.RetryAfter = c.retryAfter(r.Header)
	default:
		e.Kind = app.FailRejected
	}
	return e
}

func (c *Client) message(body []byte) string {
	var msg string
	if c.Message != nil {
		msg = c.Message(body)
	} else {
		msg = JSONMessage(body)
	}
	msg = strings.TrimSpace(msg)
	if len(msg) > 300 {
		cut := 300
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

// JSONMessage reads the usual error fields of a JSON answer:
// error_description, message, then error.
func JSONMessage(body []byte) string {
	var e struct {
		Error       any    `json:"error"`
		Description string `json:"error_description"`
		Message     string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	switch {
	case e.Description != "":
		return e.Description
	case e.Message != "":
		return e.Message
	}
	if s, ok := e.Error.(string); ok {
		return s
	}
	return ""
}

// retryAfter reads how long the server asks to wait: Retry-After in
// seconds or as a date, else the rate-limit reset time (Mastodon's
// X-RateLimit-Reset date, Bluesky's RateLimit-Reset Unix seconds).
// Zero when none is given.
func (c *Client) retryAfter(h http.Header) time.Duration {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now()), 0)
		}
	}
	if v := strings.TrimSpace(h.Get("X-RateLimit-Reset")); v != "" {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return max(t.Sub(now()), 0)
		}
	}
	if v := strings.TrimSpace(h.Get("RateLimit-Reset")); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil {
			return max(time.Unix(s, 0).Sub(now()), 0)
		}
	}
	return 0
}

// DecodeJSON reads a JSON answer into v; an answer that is not the JSON
// expected is the server's trouble.
func (c *Client) DecodeJSON(r *Response, v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return &app.NetError{Network: c.Network, Kind: app.FailServer, Status: r.Status,
			Err: fmt.Errorf("the answer is not the JSON expected: %w", err)}
	}
	return nil
}

func pathOf(req *http.Request) string {
	if req.URL == nil {
		return ""
	}
	return req.URL.Path
}

// ErrBadServer is returned for a server address Relais will not use.
var ErrBadServer = app.ErrBadServer

// BaseURL reads a server's address as a user types it ("mastodon.social",
// "https://pds.example/"): https is assumed, plain http is accepted only on
// the machine itself (for local servers and tests), and the result has no
// trailing slash, query or fragment.
func BaseURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrBadServer
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("%q: %w", s, ErrBadServer)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q: plain http is only for this machine: %w", s, ErrBadServer)
		}
	default:
		return nil, fmt.Errorf("%q: %w", s, ErrBadServer)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment, u.RawPath = "", "", ""
	return u, nil
}

// IsLoopback reports whether host is this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
