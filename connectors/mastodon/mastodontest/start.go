package mastodontest

import (
	"net/http/httptest"
	"testing"
)

// Start runs a new Server in an httptest server, closed when the test
// ends (its streams first, which the httptest server would wait for).
func Start(t testing.TB) *Server {
	t.Helper()
	s := NewServer()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.stopStreaming()
		ts.Close()
	})
	s.SetURL(ts.URL)
	return s
}
