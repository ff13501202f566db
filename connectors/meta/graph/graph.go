// Package graph is what Meta's three APIs share: Facebook's Graph API
// (graph.facebook.com), Instagram's (graph.instagram.com) and Threads'
// (graph.threads.net) take the same requests, answer errors with the
// same object and count their rate limits in the same headers. A
// Client sends one request with the account's token, reads Graph's
// error whatever the HTTP status, and holds back before a rate limit
// rather than after it.
//
// # Errors
//
// Graph's error object ({"error": {"message", "type", "code",
// "error_subcode", "fbtrace_id"}}) is read whatever the HTTP status (Meta
// answers most errors with 400, an expired token included, and
// sometimes with 200): code 190 asks the user to sign in again
// (app.FailAuth); codes 4, 9, 17, 32, 613, 80001–80014 and HTTP 429 are
// rate limits, with the wait from Retry-After or the
// estimated_time_to_regain_access of X-Business-Use-Case-Usage; code 100
// subcode 33 is a missing object (app.FailNotFound); anything else is a
// refusal whose message is shown. Refusals the user can act on (a
// missing permission, a Page without the role, an image Meta could not
// fetch) carry an app error that says what to do (Explain). The token goes in the Authorization
// header, never in a URL, so no error can hold it.
//
// # Rate limits
//
// Each answer's X-App-Usage, X-Business-Use-Case-Usage and
// X-Ad-Account-Usage headers say, in percent of the hour's allowance,
// how much the app and the account have used. When the highest reaches
// HoldAt, the Client sends nothing more for a while (the time Meta
// announces to regain access, or Cooldown) and answers a rate-limit
// error at once: the scheduler waits and tries again, and the account
// is never throttled by Meta itself.
package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// HoldAt is the usage, in percent, from which a Client holds back.
const HoldAt = 90

// Cooldown is how long a Client holds back when Meta does not say how
// long: its usage is counted over a rolling hour, and some minutes free
// enough of it.
const Cooldown = 5 * time.Minute

// Client sends requests to one of Meta's APIs for one account.
type Client struct {
	network app.Network
	base    *url.URL
	creds   app.Credentials
	http    *httpx.Client
	now     func() time.Time

	token httpx.Token

	mu        sync.Mutex
	holdUntil time.Time
	usage     Usage
}

// New returns a client of network's API at base, reading the account's
// token from creds; hc does the requests (its Message is set to
// Message). now tells the time; nil is time.Now.
func New(network app.Network, base *url.URL, creds app.Credentials, hc *httpx.Client, now func() time.Time) *Client {
	if now == nil {
		now = time.Now
	}
	hc.Message = Message
	return &Client{network: network, base: base, creds: creds, http: hc, now: now}
}

// HTTPClient is the request client of a connector of network: hc does
// the requests (nil: http.DefaultClient), timeout bounds each (zero:
// httpx.DefaultTimeout) and now tells the time.
func HTTPClient(network app.Network, hc *http.Client, timeout time.Duration, now func() time.Time) *httpx.Client {
	c := httpx.New(network)
	c.HTTP, c.Timeout, c.Now = hc, timeout, now
	return c
}

// Open returns a client of network's API for an account whose Server
// is server ("" for defaultAPI), reading its token from creds.
func Open(network app.Network, server, defaultAPI string, creds app.Credentials, hc *httpx.Client, now func() time.Time) (*Client, error) {
	if strings.TrimSpace(server) == "" {
		server = defaultAPI
	}
	base, err := httpx.BaseURL(server)
	if err != nil {
		return nil, err
	}
	return New(network, base, creds, hc, now), nil
}

// Base is the API's base address.
func (c *Client) Base() *url.URL { return c.base }

// HTTP is the client doing the requests, for JSON decoding.
func (c *Client) HTTP() *httpx.Client { return c.http }

// Usage is the highest usage the last answers announced.
func (c *Client) Usage() Usage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.usage
}

// Do sends one request with the token in the Authorization header; a
// POST's parameters go in a form body, never in the URL.
func (c *Client) Do(ctx context.Context, method, path string, params url.Values) (*httpx.Response, error) {
	var body io.Reader
	contentType := ""
	if method != http.MethodGet && method != http.MethodDelete {
		body, contentType = strings.NewReader(params.Encode()), "application/x-www-form-urlencoded"
		params = nil
	}
	return c.send(ctx, method, path, params, body, contentType)
}

// Call does a request and decodes its JSON answer into v (nil: the
// answer is read and dropped).
func (c *Client) Call(ctx context.Context, method, path string, params url.Values, v any) error {
	resp, err := c.Do(ctx, method, path, params)
	if err != nil || v == nil {
		return err
	}
	return c.http.DecodeJSON(resp, v)
}

// Upload posts params and one file as multipart/form-data (Facebook's
// /{page-id}/photos takes the image's bytes in "source"), and decodes
// the answer into v.
func (c *Client) Upload(ctx context.Context, path string, params url.Values, field, filename, contentType string, r io.Reader, v any) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range params {
		for _, s := range vs {
			if err := mw.WriteField(k, s); err != nil {
				return err
			}
		}
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, field, filename)}
	h["Content-Type"] = []string{contentType}
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, r); err != nil {
		return fmt.Errorf("%s: reading %s: %w", c.network, filename, err)
	}
	if err := mw.Close(); err != nil {
		return err
	}
	resp, err := c.send(ctx, http.MethodPost, path, nil, bytes.NewReader(buf.Bytes()), mw.FormDataContentType())
	if err != nil || v == nil {
		return err
	}
	return c.http.DecodeJSON(resp, v)
}

func (c *Client) send(ctx context.Context, method, path string, query url.Values, body io.Reader, contentType string) (*httpx.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if wait := c.holding(); wait > 0 {
		return nil, &app.NetError{Network: c.network, Kind: app.FailRateLimited, RetryAfter: wait,
			Err: fmt.Errorf("Relais holds back: %d %% of Meta's hourly allowance is used", c.Usage().Highest())}
	}
	tok, err := c.token.Get(ctx, c.creds, c.network)
	if err != nil {
		return nil, err
	}
	u := *c.base
	u.Path = strings.TrimSuffix(c.base.Path, "/") + path
	u.RawQuery = query.Encode()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.network, method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
		req.GetBody = nil // one request is one request: no silent replay
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.http.Do(req)
	if resp != nil {
		c.noteUsage(resp.Header)
	}
	if err != nil {
		if resp != nil {
			err = Classify(resp, err)
		}
		if ne, ok := app.AsNetError(err); ok && ne.Kind == app.FailAuth {
			c.token.Forget()
		}
		return resp, err
	}
	// A 200 holding an error object is an error all the same.
	if bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte(`{"error"`)) {
		if e, ok := ParseError(resp.Body); ok && (e.Code != 0 || e.Message != "") {
			return resp, Classify(resp, &app.NetError{Network: c.network, Kind: app.FailRejected, Status: resp.Status, Message: Message(resp.Body)})
		}
	}
	return resp, nil
}

// holding is how long the client still holds back; zero when it does not.
func (c *Client) holding() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return max(c.holdUntil.Sub(c.now()), 0)
}

// noteUsage reads an answer's usage headers and holds back when they are
// near the limit.
func (c *Client) noteUsage(h http.Header) {
	u, ok := ReadUsage(h)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.usage = u
	if u.Highest() >= HoldAt {
		wait := max(u.RegainAccess, Cooldown)
		c.holdUntil = c.now().Add(wait)
	}
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

// IsRateLimit tells whether a Graph error code is one of the rate limits
// (application, user, page, custom, and the business use cases').
func IsRateLimit(code int) bool {
	switch code {
	case 4, 9, 17, 32, 613:
		return true
	}
	return code >= 80001 && code <= 80014
}

// Classify refines httpx's reading of a failed answer by Graph's error
// code, which tells more than the status.
func Classify(resp *httpx.Response, err error) error {
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
	case IsRateLimit(e.Code) || resp.Status == http.StatusTooManyRequests:
		ne.Kind = app.FailRateLimited
		if ne.RetryAfter == 0 {
			if u, ok := ReadUsage(resp.Header); ok {
				ne.RetryAfter = u.RegainAccess
			}
		}
	case e.Code == 100 && e.Subcode == 33, e.Code == 803:
		ne.Kind = app.FailNotFound
	case e.Code == 1 || e.Code == 2 || e.IsTransient:
		ne.Kind = app.FailServer
	case resp.Status >= 500:
		ne.Kind = app.FailServer
	default:
		ne.Kind = app.FailRejected
	}
	if x := Explain(e); x != nil {
		if ne.Err == nil {
			ne.Err = x
		} else {
			ne.Err = fmt.Errorf("%w: %w", x, ne.Err)
		}
	}
	return ne
}

// Usage is what Meta's usage headers announce.
type Usage struct {
	// CallCount, CPUTime and TotalTime are the highest percentages of the
	// hour's allowance among the app's and the business use cases'.
	CallCount, CPUTime, TotalTime int
	// RegainAccess is the longest wait Meta announces before a throttled
	// use case works again.
	RegainAccess time.Duration
}

// Highest is the highest of the percentages.
func (u Usage) Highest() int { return max(u.CallCount, u.CPUTime, u.TotalTime) }

// usageFigures is one usage object; a figure that is not a number
// counts as zero, and the others are still read.
type usageFigures map[string]any

func (u *Usage) add(f usageFigures) {
	pct := func(name string) int {
		v, ok := f[name].(float64)
		if !ok || v < 0 {
			return 0
		}
		return int(min(v, 1000))
	}
	u.CallCount = max(u.CallCount, pct("call_count"))
	u.CPUTime = max(u.CPUTime, pct("total_cputime"))
	u.TotalTime = max(u.TotalTime, pct("total_time"))
	u.RegainAccess = max(u.RegainAccess, time.Duration(pct("estimated_time_to_regain_access"))*time.Minute)
}

// ReadUsage reads X-App-Usage ({"call_count": 28, "total_time": 25,
// "total_cputime": 25}), X-Ad-Account-Usage and X-Business-Use-Case-Usage
// ({"<id>": [{"type": "pages", "call_count": 95, ...,
// "estimated_time_to_regain_access": 10}]}); false when the answer has
// none of them or none can be read.
func ReadUsage(h http.Header) (Usage, bool) {
	var u Usage
	found := false
	for _, name := range []string{"X-App-Usage", "X-Ad-Account-Usage"} {
		if v := h.Get(name); v != "" {
			var f usageFigures
			if json.Unmarshal([]byte(v), &f) == nil {
				u.add(f)
				found = true
			}
		}
	}
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var byID map[string][]usageFigures
		if json.Unmarshal([]byte(v), &byID) == nil {
			for _, list := range byID {
				for _, f := range list {
					u.add(f)
					found = true
				}
			}
		}
	}
	return u, found
}

// Paging is the paging object of a Graph list.
type Paging struct {
	Cursors struct {
		Before string `json:"before"`
		After  string `json:"after"`
	} `json:"cursors"`
	Next string `json:"next"`
}

// After is the cursor of the next page; "" on the last page (Graph
// leaves "next" out there, whatever the cursors say).
func (p Paging) After() string {
	if p.Next == "" {
		return ""
	}
	return p.Cursors.After
}

// ErrNoCredentials is returned by a dialer's Open without a place to
// read the token.
var ErrNoCredentials = errors.New("no credentials for the account")

// Picture fetches a profile picture from Meta's CDN, without the token,
// at most app.MaxAvatarSize bytes; nil when it cannot (an address that is
// not https, except on the loopback for tests).
func Picture(ctx context.Context, network app.Network, hc *http.Client, timeout time.Duration, u string) []byte {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "https" && !(pu.Scheme == "http" && httpx.IsLoopback(pu.Hostname()))) {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil
	}
	c := httpx.New(network)
	c.HTTP, c.Timeout, c.MaxBody = hc, timeout, app.MaxAvatarSize
	resp, err := c.Do(req)
	if err != nil {
		return nil
	}
	return resp.Body
}

// Insight is one metric of an insights answer (GET /{id}/insights): a
// lifetime value in values, or a total_value.
type Insight struct {
	Name   string `json:"name"`
	Values []struct {
		Value int `json:"value"`
	} `json:"values"`
	Total *struct {
		Value int `json:"value"`
	} `json:"total_value"`
}

// Value is the metric's total, or the sum of its values.
func (i Insight) Value() int {
	if i.Total != nil {
		return i.Total.Value
	}
	sum := 0
	for _, v := range i.Values {
		sum += v.Value
	}
	return sum
}
