// Package graphtest is what fakes of Meta's APIs share: Graph's error
// object, JSON answers, a connection dropped without an answer, lists
// paged with cursors as Graph pages them, and the failures a test asks
// for (conformance.Failure, with Graph's codes).
package graphtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
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

// Page answers items[after:after+limit] as a Graph list: data, then
// cursors and a next address while there is more. base is the server's
// address, for next.
func Page(w http.ResponseWriter, r *http.Request, base string, n, pageSize int, render func(i int) any) {
	f := r.Form
	limit := pageSize
	if v := f.Get("limit"); v != "" {
		if l, err := strconv.Atoi(v); err == nil && l > 0 && l < limit {
			limit = l
		}
	}
	start := 0
	if a := f.Get("after"); a != "" {
		v, err := strconv.Atoi(a)
		if err != nil || v < 0 {
			WriteError(w, 400, APIError{Message: "Invalid cursor", Code: 100})
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
		paging := map[string]any{"cursors": map[string]any{"before": strconv.Itoa(start), "after": strconv.Itoa(end)}}
		if end < n {
			q := url.Values{}
			for k, v := range f {
				if k != "access_token" {
					q[k] = v
				}
			}
			q.Set("after", strconv.Itoa(end))
			paging["next"] = base + r.URL.Path + "?" + q.Encode()
		}
		out["paging"] = paging
	}
	WriteJSON(w, 200, out)
}

// Failures are the failures a test asked for, per operation.
type Failures struct {
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

// Pending reports whether op has a failure queued.
func (fs *Failures) Pending(op conformance.Op) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.failures[op]) > 0
}

// Failing is a failure taken for one request.
type Failing struct {
	F      conformance.Failure
	code   *APIError
	header http.Header
}

// Take takes op's next failure; nil when none is queued.
func (fs *Failures) Take(op conformance.Op) *Failing {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	q := fs.failures[op]
	if op == "" || len(q) == 0 {
		return nil
	}
	f := &Failing{F: q[0], code: fs.codes[op][0], header: fs.header}
	fs.failures[op], fs.codes[op], fs.header = q[1:], fs.codes[op][1:], nil
	return f
}

// failureCode is the Graph error code a conformance failure's status
// stands for.
func failureCode(status int) (int, string) {
	switch status {
	case http.StatusUnauthorized:
		return 190, "OAuthException"
	case http.StatusTooManyRequests:
		return 4, "OAuthException"
	case http.StatusInternalServerError, http.StatusServiceUnavailable:
		return 2, "OAuthException"
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
		code, typ := failureCode(f.F.Status)
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
