package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
	"github.com/relais-app/relais/connectors/meta/graph"
)

type creds struct{ s app.Secret }

func (c *creds) Secret(context.Context) (app.Secret, error)      { return c.s, nil }
func (c *creds) SetSecret(_ context.Context, s app.Secret) error { c.s = s; return nil }

func client(t *testing.T, h http.HandlerFunc, now func() time.Time) *graph.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL + "/v23.0")
	hc := httpx.New(app.Network("facebook"))
	hc.HTTP = srv.Client()
	return graph.New(app.Network("facebook"), base, &creds{app.Secret{AccessToken: "EAAGtoken"}}, hc, now)
}

// The token goes in the Authorization header; a POST's parameters in its
// body, never in the URL.
func TestTokenInHeaderParamsInBody(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer EAAGtoken" || strings.Contains(r.URL.String(), "EAAG") {
			t.Errorf("token sent as %q, URL %s", r.Header.Get("Authorization"), r.URL)
		}
		if r.URL.Path != "/v23.0/123/feed" || r.URL.RawQuery != "" {
			t.Errorf("URL %s", r.URL)
		}
		b, _ := io.ReadAll(r.Body)
		if string(b) != "message=Bonjour+%C3%A0+tous" {
			t.Errorf("body %q", b)
		}
		io.WriteString(w, `{"id":"123_456"}`)
	}, nil)
	var got struct{ ID string }
	if err := c.Call(context.Background(), http.MethodPost, "/123/feed", url.Values{"message": {"Bonjour à tous"}}, &got); err != nil || got.ID != "123_456" {
		t.Fatalf("Call = %+v, %v", got, err)
	}
}

// Graph's error codes tell more than the status: an expired token is a
// 400 with code 190, a missing object a 400 with subcode 33, and a 200
// may hold an error.
func TestErrorsClassified(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		kind   app.Failure
	}{
		{400, `{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":463}}`, app.FailAuth},
		{400, `{"error":{"message":"Unsupported get request","type":"GraphMethodException","code":100,"error_subcode":33}}`, app.FailNotFound},
		{403, `{"error":{"message":"(#32) Page request limit reached","code":32}}`, app.FailRateLimited},
		{400, `{"error":{"message":"(#80001) There have been too many calls to this Page account","code":80001}}`, app.FailRateLimited},
		{400, `{"error":{"message":"(#100) Invalid parameter","code":100}}`, app.FailRejected},
		{500, `{"error":{"message":"An unknown error occurred","code":1,"is_transient":true}}`, app.FailServer},
		{200, `{"error":{"message":"(#200) Permissions error","code":200}}`, app.FailRejected},
	} {
		c := client(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		}, nil)
		err := c.Call(context.Background(), http.MethodGet, "/me", nil, &struct{}{})
		ne, ok := app.AsNetError(err)
		if !ok || ne.Kind != tc.kind {
			t.Errorf("%d %s: %v, want kind %v", tc.status, tc.body, err, tc.kind)
		}
		if err != nil && strings.Contains(err.Error(), "EAAG") {
			t.Errorf("the error holds the token: %v", err)
		}
	}
}

// A rate limit's wait comes from X-Business-Use-Case-Usage when there is
// no Retry-After.
func TestRateLimitWait(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Business-Use-Case-Usage", `{"112233":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":14,"estimated_time_to_regain_access":17}]}`)
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"message":"(#32) Page request limit reached","code":32}}`)
	}, nil)
	err := c.Call(context.Background(), http.MethodGet, "/me", nil, nil)
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailRateLimited || ne.RetryAfter != 17*time.Minute {
		t.Fatalf("err = %v (%+v)", err, ne)
	}
}

// The client holds back before Meta's limit: once an answer says 90 % of
// the hour's allowance is used, nothing is sent until the cooldown is
// over, and the caller is told to wait.
func TestHoldsBackBeforeTheLimit(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var calls atomic.Int32
	usage := `{"call_count":45,"total_time":20,"total_cputime":10}`
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("X-App-Usage", usage)
		io.WriteString(w, `{"id":"1"}`)
	}, func() time.Time { return now })
	ctx := context.Background()
	if err := c.Call(ctx, http.MethodGet, "/me", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, http.MethodGet, "/me", nil, nil); err != nil {
		t.Fatalf("at 45 %% the client must go on: %v", err)
	}
	usage = `{"call_count":93,"total_time":20,"total_cputime":10}`
	if err := c.Call(ctx, http.MethodGet, "/me", nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Usage().Highest(); got != 93 {
		t.Errorf("usage %d", got)
	}
	err := c.Call(ctx, http.MethodGet, "/me", nil, nil)
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailRateLimited || ne.RetryAfter != graph.Cooldown {
		t.Fatalf("at 93 %% the client must hold back: %v", err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d requests sent, want 3 (none while holding back)", calls.Load())
	}
	now = now.Add(graph.Cooldown + time.Second)
	usage = `{"call_count":60}`
	if err := c.Call(ctx, http.MethodGet, "/me", nil, nil); err != nil {
		t.Fatalf("after the cooldown: %v", err)
	}
}

func TestReadUsage(t *testing.T) {
	h := http.Header{}
	if _, ok := graph.ReadUsage(h); ok {
		t.Error("no header read as usage")
	}
	h.Set("X-App-Usage", `{"call_count":28,"total_time":25,"total_cputime":"x"}`)
	h.Set("X-Business-Use-Case-Usage", `{"1":[{"type":"instagram","call_count":5,"total_cputime":71,"total_time":3,"estimated_time_to_regain_access":0}],"2":[{"call_count":1,"estimated_time_to_regain_access":3}]}`)
	u, ok := graph.ReadUsage(h)
	if !ok || u.CallCount != 28 || u.CPUTime != 71 || u.TotalTime != 25 || u.RegainAccess != 3*time.Minute || u.Highest() != 71 {
		t.Errorf("usage %+v, %v", u, ok)
	}
}

// A photo goes as multipart/form-data, its bytes in "source".
func TestUpload(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			t.Fatal(err)
		}
		f, hdr, err := r.FormFile("source")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		if string(b) != "JPEGDATA" || hdr.Filename != "a.jpg" || r.FormValue("published") != "false" {
			t.Errorf("got %q %q %q", b, hdr.Filename, r.FormValue("published"))
		}
		io.WriteString(w, `{"id":"789"}`)
	}, nil)
	var got struct{ ID string }
	err := c.Upload(context.Background(), "/123/photos", url.Values{"published": {"false"}}, "source", "a.jpg", "image/jpeg", strings.NewReader("JPEGDATA"), &got)
	if err != nil || got.ID != "789" {
		t.Fatalf("Upload = %+v, %v", got, err)
	}
}

func TestPagingAfter(t *testing.T) {
	var p graph.Paging
	if err := json.Unmarshal([]byte(`{"cursors":{"before":"a","after":"b"}}`), &p); err != nil || p.After() != "" {
		t.Errorf("last page gave %q", p.After())
	}
	if err := json.Unmarshal([]byte(`{"cursors":{"after":"b"},"next":"https://x"}`), &p); err != nil || p.After() != "b" {
		t.Errorf("next page gave %q", p.After())
	}
}

func TestParseError(t *testing.T) {
	body := `{"error":{"message":"Error validating access token: Session has expired.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbC"}}`
	e, ok := graph.ParseError([]byte(body))
	if !ok || e.Code != 190 || e.Subcode != 463 || e.Type != "OAuthException" || e.FBTraceID != "AbC" {
		t.Errorf("ParseError = %+v, %v", e, ok)
	}
	if msg := graph.Message([]byte(body)); msg != "Error validating access token: Session has expired. (code 190, subcode 463)" {
		t.Errorf("Message = %q", msg)
	}
	for _, bad := range []string{"", "{", `{"error":"nope"}`, `<html>`, `{"error":{"code":"190"}}`, `{"data":[]}`} {
		if _, ok := graph.ParseError([]byte(bad)); ok {
			t.Errorf("ParseError(%q) took it", bad)
		}
	}
}

// FuzzParseError: any body gives an error object or none, never a panic,
// and Message stays within what it read.
func FuzzParseError(f *testing.F) {
	f.Add([]byte(`{"error":{"message":"Invalid parameter","type":"THApiException","code":100,"error_subcode":33,"fbtrace_id":"x"}}`))
	f.Add([]byte(`{"error":{"message":"Application request limit reached","code":4,"is_transient":true}}`))
	f.Add([]byte(`{"error":{"message":"cut`))
	f.Add([]byte(`{"error":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, ok := graph.ParseError(body)
		msg := graph.Message(body)
		if ok && e.Message != "" && e.UserMessage == "" && !strings.Contains(msg, strings.TrimSpace(e.Message)) {
			t.Errorf("Message %q lost the error's message %q", msg, e.Message)
		}
		if ok && !json.Valid(body) {
			t.Errorf("took an invalid JSON body %q", body)
		}
	})
}
