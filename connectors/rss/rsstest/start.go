package rsstest

import (
	"net/http/httptest"
	"testing"
)

// Start serves s on a local address until the test ends, and returns s.
func (s *Server) Start(t testing.TB) *Server {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.SetURL(ts.URL)
	return s
}
