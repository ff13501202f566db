// Package graphtest is what fakes of Meta's APIs share: Graph's error
// object, JSON answers, a connection dropped without an answer, the
// token read as Graph reads it, the requests received, lists paged with
// cursors as Graph pages them, and the failures a test asks for
// (conformance.Failure, with Graph's codes).
package graphtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/connectors/conformance"
)

// TimeLayout is how Meta writes times: 2026-12-01T09:30:00+0000.
const TimeLayout = "2006-01-02T15:04:05-0700"

// APIError is Graph's error object.
type APIError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode,omitempty"`
	UserTitle string `json:"error_user_title,omitempty"`
	UserMsg   string `json:"error_user_msg,omitempty"`
	Transient bool   `json:"is_transient"`
	FBTrace   string `json:"fbtrace_id"`
}

// WriteError answers Graph's error object with status.
func WriteError(w http.ResponseWriter, status int, e APIError) {
	if e.Type == "" {
		e.Type = "OAuthException"
	}
	e.FBTrace = "AbCdEfGhIjK"
	WriteJSON(w, status, map[string]any{"error": e})
}

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// Drop closes the connection without an answer.
func Drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// NotFound is Graph's answer for an object that is not there.
func NotFound(w http.ResponseWriter, id string) {
	WriteError(w, http.StatusBadRequest, APIError{
		Message: "Unsupported get request. Object with ID '" + id + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
		Type:    "GraphMethodException", Code: 100, Subcode: 33})
}

// ExpiredToken is Graph's answer to a token it does not take (code 190,
// with HTTP 400).
func ExpiredToken(w http.ResponseWriter) {
	WriteError(w, http.StatusBadRequest, APIError{Message: "Error validating access token: Session has expired.", Type: "OAuthException", Code: 190, Subcode: 463})
}

// Token is the request's token: Graph takes it as access_token or as a
// bearer token.
func Token(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer ")
	}
	return r.Form.Get("access_token")
}

// version is a Graph version at the start of a path.
var version = regexp.MustCompile(`^/v[0-9]+\.[0-9]+`)

// Path is the request's path without its Graph version (/v23.0), and
// its parts.
func Path(r *http.Request) (string, []string) {
	path := version.ReplaceAllString(r.URL.Path, "")
	return path, strings.Split(strings.Trim(path, "/"), "/")
}

// Log is the requests a fake received, for tests to look at; a fake
// embeds it.
type Log struct {
	mu       sync.Mutex
	requests []string
	queries  []string
}

// Record notes a request, its path as Path reads it.
func (l *Log) Record(r *http.Request, path string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests = append(l.requests, r.Method+" "+path)
	l.queries = append(l.queries, r.URL.RawQuery)
}

// Requests returns the requests received, as "METHOD /path".
func (l *Log) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.requests)
}

// RawQueries returns every request's query string, to check the token
// never travels in a URL the connector makes.
func (l *Log) RawQueries() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.queries)
}

// Page answers items[after:after+limit] as a Graph list: data, then
// cursors and a next address while there is more. base is the server's
// address, for next; a page holds pageSize items at most.
func Page(w http.ResponseWriter, r *http.Request, base string, n, pageSize int, render func(i int) any) {
	Pager{Base: base, Size: pageSize}.Write(w, r, n, render)
}

// Pager pages lists as Graph does.
type Pager struct {
	// Base is the server's address, for next.
	Base string
	// Size is how many items a page holds when the request's limit does
	// not say.
	Size int
	// Max is the most a page holds, whatever limit asks; zero is Size (a
	// limit can only ask for fewer).
	Max int
	// CursorPrefix is written before the offset in the cursors, to make
	// them look as opaque as Graph's (QVFI…).
	CursorPrefix string
	// NextToken, when set, is put in next as its access_token, as Graph
	// does; otherwise next holds no token.
	NextToken string
}

// Write answers items[after:after+limit] as a Graph list: data, then
// cursors and a next address while there is more; render gives item i.
func (p Pager) Write(w http.ResponseWriter, r *http.Request, n int, render func(i int) any) {
	f := r.Form
	limit, most := p.Size, p.Max
	if most == 0 {
		most = p.Size
	}
	if v := f.Get("limit"); v != "" {
		if l, err := strconv.Atoi(v); err == nil && l > 0 {
			limit = l
		}
	}
	limit = min(limit, most)
	start := 0
	if a := f.Get("after"); a != "" {
		v, err := strconv.Atoi(strings.TrimPrefix(a, p.CursorPrefix))
		if err != nil || v < 0 {
			WriteError(w, 400, APIError{Message: "(#100) Invalid cursor", Code: 100})
			return
		}
		start = min(v, n)
	}
	end := min(start+limit, n)
	data := []any{}
	for i := start; i < end; i++ {
		data = append(data, render(i))
	}
	out := map[string]any{"data": data}
	if len(data) > 0 {
		cursor := func(i int) string { return p.CursorPrefix + strconv.Itoa(i) }
		paging := map[string]any{"cursors": map[string]any{"before": cursor(start), "after": cursor(end)}}
		if end < n {
			q := url.Values{}
			for k, v := range f {
				if k != "access_token" {
					q[k] = v
				}
			}
			if p.NextToken != "" {
				q.Set("access_token", p.NextToken)
			}
			q.Set("after", cursor(end))
			paging["next"] = p.Base + r.URL.Path + "?" + q.Encode()
		}
		out["paging"] = paging
	}
	WriteJSON(w, 200, out)
}

// Failures are the failures a test asked for, per operation; a fake
// embeds them, for its FailNext and FailCode.
type Failures struct {
	// RateCode is the Graph code of a failure with status 429 (zero: 4,
	// the application's rate limit).
	RateCode int
	// OtherType is the error type of a failure whose status is not 401,
	// 429 or 5xx (zero: OAuthException).
	OtherType string

	mu       sync.Mutex
	failures map[conformance.Op][]conformance.Failure
	codes    map[conformance.Op][]*APIError
	header   http.Header
}

// Add queues a failure of op, with Graph's error when code is not nil,
// and headers on the failing answer.
func (fs *Failures) Add(op conformance.Op, f conformance.Failure, code *APIError, header http.Header) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.failures == nil {
		fs.failures, fs.codes = map[conformance.Op][]conformance.Failure{}, map[conformance.Op][]*APIError{}
	}
	fs.failures[op] = append(fs.failures[op], f)
	fs.codes[op] = append(fs.codes[op], code)
	if header != nil {
		fs.header = header
	}
}

// FailNext makes the next request of op fail as f says.
func (fs *Failures) FailNext(op conformance.Op, f conformance.Failure) { fs.Add(op, f, nil, nil) }

// FailNextWith is FailNext with headers on the failing answer
// (X-Business-Use-Case-Usage, say).
func (fs *Failures) FailNextWith(op conformance.Op, f conformance.Failure, header http.Header) {
	fs.Add(op, f, nil, header)
}

// FailCode makes the next request of op answer status with Graph's
// error code and subcode (17, "User request limit reached", say).
func (fs *Failures) FailCode(op conformance.Op, status, code, subcode int, message string) {
	fs.FailCodeWith(op, status, code, subcode, message, nil)
}

// FailCodeWith is FailCode with headers on the failing answer.
func (fs *Failures) FailCodeWith(op conformance.Op, status, code, subcode int, message string, header http.Header) {
	fs.Add(op, conformance.Failure{Status: status, Message: message},
		&APIError{Code: code, Subcode: subcode, Message: message, Type: "OAuthException"}, header)
}

// Pending reports whether op has a failure queued.
func (fs *Failures) Pending(op conformance.Op) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.failures[op]) > 0
}

// Failing is a failure taken for one request.
type Failing struct {
	F        conformance.Failure
	code     *APIError
	header   http.Header
	failures *Failures
}

// Take takes op's next failure; nil when none is queued.
func (fs *Failures) Take(op conformance.Op) *Failing {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	q := fs.failures[op]
	if op == "" || len(q) == 0 {
		return nil
	}
	f := &Failing{F: q[0], code: fs.codes[op][0], header: fs.header, failures: fs}
	fs.failures[op], fs.codes[op], fs.header = q[1:], fs.codes[op][1:], nil
	return f
}

// failureCode is the Graph error code a conformance failure's status
// stands for, and its type.
func (fs *Failures) failureCode(status int) (int, string) {
	switch status {
	case http.StatusUnauthorized:
		return 190, "OAuthException"
	case http.StatusTooManyRequests:
		if fs.RateCode != 0 {
			return fs.RateCode, "OAuthException"
		}
		return 4, "OAuthException"
	case http.StatusInternalServerError, http.StatusServiceUnavailable:
		return 2, "OAuthException"
	}
	if fs.OtherType != "" {
		return 100, fs.OtherType
	}
	return 100, "OAuthException"
}

// Before fails the request before it is served, as the failure says;
// it reports whether it answered.
func (f *Failing) Before(w http.ResponseWriter, r *http.Request) bool {
	if f == nil {
		return false
	}
	if f.F.Delay > 0 && !f.F.AfterCreate {
		select {
		case <-time.After(f.F.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case f.F.Status != 0:
		for k, v := range f.header {
			w.Header()[k] = v
		}
		if f.F.RetryAfter != "" {
			w.Header().Set("Retry-After", f.F.RetryAfter)
		}
		if f.code != nil {
			WriteError(w, f.F.Status, *f.code)
			return true
		}
		code, typ := f.failures.failureCode(f.F.Status)
		WriteError(w, f.F.Status, APIError{Message: f.F.Message, Type: typ, Code: code, Transient: code == 2})
		return true
	case f.F.Malformed:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<html><body>Sorry, something went wrong.</body></html>")
		return true
	case f.F.Drop && !f.F.AfterCreate:
		Drop(w)
		return true
	}
	return false
}

// After answers what rec holds, served, as the failure says: late, lost
// or cut in half.
func (f *Failing) After(w http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder) {
	body := rec.Body.Bytes()
	if f != nil && f.F.AfterCreate && f.F.Delay > 0 {
		select {
		case <-time.After(f.F.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if f != nil && f.F.Drop {
		Drop(w)
		return
	}
	if f != nil && f.F.Truncate {
		body = body[:len(body)/2]
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	w.Write(body)
}
