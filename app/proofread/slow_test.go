package proofread

import (
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// TestLongInputs guards against quadratic scans (a.a.a.a… once took a
// second for 40 kB).
func TestLongInputs(t *testing.T) {
	c := newTestChecker()
	for _, s := range []string{strings.Repeat("a.", 20000), strings.Repeat("a.", 20000) + "@x", strings.Repeat("@a.", 15000),
		strings.Repeat("h", 40000), strings.Repeat("#a ", 15000), strings.Repeat(")", 40000), strings.Repeat("http://a(", 5000),
		strings.Repeat("a@", 20000), strings.Repeat("🎉", 10000), strings.Repeat("A ", 20000), strings.Repeat(". ", 20000)} {
		start := time.Now()
		if _, err := c.Proofread(t.Context(), s, app.ProofOptions{Network: app.X}); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%q…: %v", s[:6], d)
		}
	}
}
