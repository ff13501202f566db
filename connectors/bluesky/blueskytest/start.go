package blueskytest

import (
	"net/http/httptest"
	"testing"
)

// Start runs a fake PDS for a test, closed when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := NewServer()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	s.SetURL(srv.URL)
	return s
}
