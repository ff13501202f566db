package mastodontest

import (
	"net/http/httptest"
	"testing"
)

// Start runs a new Server in an httptest server, closed when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := NewServer()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.SetURL(ts.URL)
	return s
}
