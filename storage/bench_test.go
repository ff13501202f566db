package storage

import (
	"fmt"
	"runtime"
	"strconv"
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

// BenchmarkMergeInbox merges reads of new mentions in one transaction
// each, as a burst on a popular post brings them: batches of 40 (a
// Mastodon page) and of 400 (the reads of a long absence). Each commit
// waits for the disk, whose time varies a lot from one machine (and one
// run) to the next; sync=false leaves the disk out, to show the cost of
// the code itself, and pages/op is what a merge writes. "known" is a read
// of 400 items all stored already, with the same cursor.
func BenchmarkMergeInbox(b *testing.B) {
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, size := range []int{40, 400} {
		for _, sync := range []bool{true, false} {
			b.Run(fmt.Sprintf("batch=%d/sync=%t", size, sync), func(b *testing.B) {
				benchmarkMerge(b, size, sync)
			})
		}
	}
	b.Run("known=400", func(b *testing.B) {
		db, _ := openTemp(b)
		account := app.NewID(t0)
		items := mentions(account, 0, 400, t0)
		if _, err := db.MergeInbox(ctx, account, "c", items); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			if stored, err := db.MergeInbox(ctx, account, "c", items); err != nil || len(stored) != 0 {
				b.Fatalf("stored %d: %v", len(stored), err)
			}
			n++
		}
		b.ReportMetric(float64(n*len(items))/b.Elapsed().Seconds(), "items/s")
	})
}

func benchmarkMerge(b *testing.B, size int, sync bool) {
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	db, _ := openTemp(b)
	db.bolt.NoSync = !sync
	account := app.NewID(t0)
	b.ReportAllocs()
	items := mentions(account, 0, size, t0)
	written := pagesWritten(db)
	n := 0
	for b.Loop() {
		// New items: those of the last read with new IDs and remote IDs
		// (cheaper than StopTimer, which stops the world with ReportAllocs).
		at := t0.Add(time.Duration(n) * time.Second)
		for i := range items {
			items[i].ID, items[i].RemoteID = app.NewID(at), strconv.Itoa(n*size+i)
		}
		stored, err := db.MergeInbox(ctx, account, strconv.Itoa(n), items)
		if err != nil || len(stored) != size {
			b.Fatalf("stored %d: %v", len(stored), err)
		}
		n++
	}
	b.ReportMetric(float64(n*size)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(pagesWritten(db)-written)/float64(n), "pages/op")
}

// BenchmarkLoadInbox reads every item of an inbox of 100,000, as the
// window does when it opens.
func BenchmarkLoadInbox(b *testing.B) {
	const total = 100_000
	db, _ := openTemp(b)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	accounts := []app.ID{app.NewID(t0), app.NewID(t0), app.NewID(t0)}
	for i := 0; i < total; i += 1000 {
		account := accounts[i/1000%len(accounts)]
		items := mentions(account, i, 1000, t0.Add(time.Duration(i)*time.Second))
		for j := range items {
			if j%3 == 0 {
				items[j].Labels, items[j].State, items[j].Seen = []string{"commande"}, app.StateDone, true
			}
		}
		if _, err := db.MergeInbox(ctx, account, strconv.Itoa(i), items); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	loads := 0
	for b.Loop() {
		n := 0
		if err := db.InboxItems(ctx, func(app.InboxItem) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
		if n != total {
			b.Fatalf("%d items", n)
		}
		loads++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(loads*total), "ns/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(loads*total), "allocs/item")
}

// pagesWritten is how many pages the store's transactions wrote so far.
func pagesWritten(db *DB) int64 {
	stats := db.bolt.Stats()
	return stats.TxStats.GetWrite()
}
