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

// StartPLC runs s's PLC directory (PLCHandler) for a test, closed when
// the test ends, and returns its URL: plain http on 127.0.0.1, as
// @atproto/dev-env's directory on localhost.
func StartPLC(t testing.TB, s *Server) string {
	t.Helper()
	srv := httptest.NewServer(s.PLCHandler())
	t.Cleanup(srv.Close)
	return srv.URL
}
