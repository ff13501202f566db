package monitor

import (
	"testing"
	"time"
)

// BenchmarkFirstScreen100k is the time to the first screen of items over
// 100,000 stored: the first page listed (the count comes after, off the
// UI goroutine).
func BenchmarkFirstScreen100k(b *testing.B) {
	h := newHarness(b)
	w := h.addWatch("Lumen")
	h.seed(w, 100_000, func(i int) time.Time { return testNow.Add(-time.Duration(i+1) * time.Second) })
	b.ResetTimer()
	for b.Loop() {
		h.s.reload()
		h.bg.Wait()
		h.ui.drain() // the first page shows; the count is under way
		if len(h.s.items) != pageSize {
			b.Fatalf("first page has %d items", len(h.s.items))
		}
		b.StopTimer()
		h.idle()
		b.StartTimer()
	}
}
