package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, c *Client, url string) (*Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

func TestStatusKinds(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		status int
		header map[string]string
		body   string
		kind   app.Failure
		msg    string
		after  time.Duration
	}{
		{401, nil, `{"error":"The access token is invalid"}`, app.FailAuth, "The access token is invalid", 0},
		{403, nil, `{"error":"This action is not allowed"}`, app.FailRejected, "This action is not allowed", 0},
		{404, nil, `{"error":"Record not found"}`, app.FailNotFound, "Record not found", 0},
		{410, nil, ``, app.FailNotFound, "", 0},
		{422, nil, `{"error":"Validation failed: Text can't be blank"}`, app.FailRejected, "Validation failed: Text can't be blank", 0},
		{400, nil, `{"error":"InvalidRequest","message":"Record/text must not be longer than 300 graphemes"}`, app.FailRejected, "Record/text must not be longer than 300 graphemes", 0},
		{400, nil, `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}`, app.FailRejected, "The provided authorization grant is invalid", 0},
		{429, map[string]string{"Retry-After": "120"}, `{"error":"Too many requests"}`, app.FailRateLimited, "Too many requests", 2 * time.Minute},
		{429, map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, ``, app.FailRateLimited, "", 90 * time.Second},
		{429, map[string]string{"X-RateLimit-Reset": now.Add(5 * time.Minute).Format(time.RFC3339Nano)}, ``, app.FailRateLimited, "", 5 * time.Minute},
		{429, map[string]string{"RateLimit-Reset": fmt.Sprint(now.Add(10 * time.Minute).Unix())}, ``, app.FailRateLimited, "", 10 * time.Minute},
		{429, map[string]string{"RateLimit-Reset": fmt.Sprint(now.Add(-time.Minute).Unix())}, ``, app.FailRateLimited, "", 0},
		{500, nil, `<html>oops</html>`, app.FailServer, "", 0},
		{503, map[string]string{"Retry-After": "30"}, ``, app.FailServer, "", 30 * time.Second},
		{408, nil, ``, app.FailServer, "", 0},
	}
	for _, tc := range cases {
		s := serve(t, func(w http.ResponseWriter, r *http.Request) {
			for k, v := range tc.header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(tc.status)
			w.Write([]byte(tc.body))
		})
		c := New(app.Mastodon)
		c.Now = func() time.Time { return now }
		resp, err := get(t, c, s.URL)
		ne, ok := app.AsNetError(err)
		if !ok {
			t.Fatalf("%d: error %v is not a NetError", tc.status, err)
		}
		if ne.Kind != tc.kind || ne.Status != tc.status || ne.Message != tc.msg || ne.RetryAfter != tc.after {
			t.Errorf("%d: got kind %d status %d message %q after %v; want %d %q %v", tc.status, ne.Kind, ne.Status, ne.Message, ne.RetryAfter, tc.kind, tc.msg, tc.after)
		}
		if resp == nil || resp.Status != tc.status || string(resp.Body) != tc.body {
			t.Errorf("%d: the response is not given along the error: %+v", tc.status, resp)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(strings.Repeat("x", 2048))) })
	c := New(app.Bluesky)
	c.MaxBody = 1024
	if _, err := get(t, c, s.URL); !errors.Is(err, app.ErrServerDown) {
		t.Errorf("an answer past the limit: %v, want ErrServerDown", err)
	}
	c.MaxBody = 2048
	if r, err := get(t, c, s.URL); err != nil || len(r.Body) != 2048 {
		t.Errorf("an answer at the limit: %v", err)
	}
}

func TestTransportFailures(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.Write([]byte(`{"id":`))
		w.(http.Flusher).Flush()
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
	})
	c := New(app.Mastodon)
	if _, err := get(t, c, s.URL); !errors.Is(err, app.ErrOffline) {
		t.Errorf("an answer cut short: %v, want ErrOffline", err)
	}

	slow := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	c.Timeout = 100 * time.Millisecond
	if _, err := get(t, c, slow.URL); !errors.Is(err, app.ErrOffline) || !strings.Contains(err.Error(), "no answer in time") {
		t.Errorf("a server that does not answer: %v", err)
	}

	c.Timeout = 0
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, slow.URL, nil)
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := c.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	if _, err := get(t, c, closed.URL); !errors.Is(err, app.ErrOffline) {
		t.Errorf("nobody listening: %v, want ErrOffline", err)
	}
}

func TestDecodeJSON(t *testing.T) {
	c := New(app.Mastodon)
	var v struct{ ID string }
	if err := c.DecodeJSON(&Response{Status: 200, Body: []byte(`{"id":"1"`)}, &v); !errors.Is(err, app.ErrServerDown) {
		t.Errorf("malformed JSON: %v", err)
	}
	if err := c.DecodeJSON(&Response{Status: 200, Body: []byte(`{"id":"1"}`)}, &v); err != nil || v.ID != "1" {
		t.Errorf("good JSON: %v %+v", err, v)
	}
}

func TestBaseURL(t *testing.T) {
	good := map[string]string{
		"mastodon.social":              "https://mastodon.social",
		" https://piaille.fr/ ":        "https://piaille.fr",
		"https://x.example/sub/?a=b#c": "https://x.example/sub",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
		"http://localhost:3000/":       "http://localhost:3000",
		"http://[::1]:9000":            "http://[::1]:9000",
	}
	for in, want := range good {
		u, err := BaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("BaseURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, in := range []string{"", "http://mastodon.social", "ftp://x.example", "https://user:pw@x.example", "https://", "javascript:alert(1)"} {
		if _, err := BaseURL(in); !errors.Is(err, app.ErrBadServer) {
			t.Errorf("BaseURL(%q): %v, want ErrBadServer", in, err)
		}
	}
}
