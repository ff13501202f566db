package storage

import (
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// BenchmarkSummaries100k lists every summary of a store of 100,000 posts,
// as the drafts list does in the background.
func BenchmarkSummaries100k(b *testing.B) {
	db, _ := openTemp(b)
	fill(b, db, 100_000, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if err := db.Summaries(ctx, func(app.Summary) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
		if n != 100_000 {
			b.Fatalf("%d summaries", n)
		}
	}
}

// BenchmarkPutPost stores one post per transaction, each synced to disk,
// as an autosave does.
func BenchmarkPutPost(b *testing.B) {
	db, _ := openTemp(b)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := db.PutPost(ctx, post(i, t0.Add(time.Duration(i)*time.Second))); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
