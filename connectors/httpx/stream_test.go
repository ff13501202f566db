package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func openStream(t *testing.T, c *Client, ctx context.Context, url string, idle time.Duration) (*Stream, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.OpenStream(req, idle)
}

// drip serves a stream: a byte every every, n times (forever if n < 0),
// then ends.
func drip(t *testing.T, every time.Duration, n int) string {
	t.Helper()
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		rc := http.NewResponseController(w)
		rc.Flush()
		for i := 0; n < 0 || i < n; i++ {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(every):
			}
			if _, err := io.WriteString(w, ":"); err != nil || rc.Flush() != nil {
				return
			}
		}
	})
	return s.URL
}

func TestStreamOutlivesTimeoutWhileBytesCome(t *testing.T) {
	c := New(app.Mastodon)
	c.Timeout = 100 * time.Millisecond
	st, err := openStream(t, c, context.Background(), drip(t, 20*time.Millisecond, 25), 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	b, err := io.ReadAll(st)
	if err != nil || len(b) != 25 {
		t.Fatalf("read %d bytes, %v; want 25 and the end", len(b), err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("read in %v", d)
	}
}

func TestStreamIdle(t *testing.T) {
	c := New(app.Mastodon)
	st, err := openStream(t, c, context.Background(), drip(t, time.Hour, -1), 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	_, err = io.ReadAll(st)
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailOffline || !errors.Is(err, app.ErrOffline) {
		t.Fatalf("a silent stream: %v, want an offline NetError", err)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 5*time.Second {
		t.Errorf("gave up after %v, want about 100ms", d)
	}
}

func TestStreamCancel(t *testing.T) {
	c := New(app.Mastodon)
	ctx, cancel := context.WithCancel(context.Background())
	st, err := openStream(t, c, ctx, drip(t, 10*time.Millisecond, -1), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := io.ReadAll(st); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v, want context.Canceled", err)
	}
}

func TestStreamRefused(t *testing.T) {
	for _, tc := range []struct {
		status int
		kind   app.Failure
	}{{401, app.FailAuth}, {404, app.FailNotFound}, {501, app.FailServer}} {
		s := serve(t, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"error":"no"}`, tc.status)
		})
		_, err := openStream(t, New(app.Mastodon), context.Background(), s.URL, time.Second)
		ne, ok := app.AsNetError(err)
		if !ok || ne.Kind != tc.kind || ne.Status != tc.status || ne.Message != "no" {
			t.Errorf("%d: %v, want a NetError of kind %v", tc.status, err, tc.kind)
		}
	}
}

func TestStreamNoHeadersInTime(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := New(app.Mastodon)
	c.Timeout = 100 * time.Millisecond
	start := time.Now()
	_, err := openStream(t, c, context.Background(), s.URL, time.Hour)
	if !errors.Is(err, app.ErrOffline) {
		t.Fatalf("no answer: %v, want ErrOffline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
}
