package storage

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/spike"
)

// schema8Buckets are what schema 8 and later added, taken away to make
// an older file.
var schema8Buckets = slices.Concat([][]byte{bucketWatches, bucketWatchItems, bucketWatchItemsByTime, bucketWatchItemsByURI, bucketWatchItemsBy}, schema9Buckets, schema10Buckets)

// schema10Buckets are what schema 10 added (schema 9's are with the
// competitors' tests).
var schema10Buckets = [][]byte{bucketImpostors}

func testWatch(i int, at time.Time) monitor.Watch {
	return monitor.Watch{
		ID: app.NewID(at.Add(time.Duration(i) * time.Millisecond)), Name: fmt.Sprintf("watch %d", i), Kind: monitor.KindBrand,
		Query: `"maison lumen" OR #lumen -recrute`, Notify: i%2 == 0, Created: at,
		Sources: []monitor.SourceRef{{Kind: monitor.SourceFeed, URL: "https://example.org/feed.xml"},
			{Kind: monitor.SourceBluesky, Account: app.NewID(at)}},
		State: map[string]monitor.SourceState{"feed:https://example.org/feed.xml": {LastRead: at, NextDue: at.Add(15 * time.Minute),
			Failures: 1, LastError: "too many requests", Cursor: `{"etag":"x"}`, Since: at.Add(-time.Hour)}},
	}
}

func watchItem(i int, at time.Time, watches ...app.ID) monitor.Item {
	return monitor.Item{
		ID: app.NewID(at), Watches: watches, FoundAt: at,
		Found: monitor.Found{URI: fmt.Sprintf("at://did:plc:x/app.bsky.feed.post/%d", i), PostID: fmt.Sprintf("at://did:plc:x/app.bsky.feed.post/%d", i), PostCID: "bafyrei", URL: fmt.Sprintf("https://bsky.app/p/%d", i),
			Source: monitor.SourceBluesky, Author: app.Author{Handle: "ana.bsky.social", Name: "Ana"},
			Text: fmt.Sprintf("post %d sur Maison Lumen", i), Language: "fr", Published: at.Add(-time.Minute), Likes: i},
	}
}

func TestWatchesRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, b := testWatch(1, at), testWatch(2, at)
	for _, w := range []monitor.Watch{b, a} {
		if err := db.PutWatch(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Watches(ctx)
	if err != nil || !reflect.DeepEqual(got, []monitor.Watch{a, b}) {
		t.Fatalf("watches: %+v, %v", got, err)
	}
	if err := db.DeleteWatch(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Watches(ctx); len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("after delete: %+v", got)
	}
}

func TestItemsMergeByURIListAndPurge(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w1, w2 := app.NewID(at), app.NewID(at.Add(time.Second))
	var first []monitor.Item
	for i := range 10 {
		first = append(first, watchItem(i, at.Add(time.Duration(i)*time.Hour), w1))
	}
	fresh, err := db.MergeItems(ctx, first)
	if err != nil || len(fresh) != 10 {
		t.Fatalf("first merge: %d, %v", len(fresh), err)
	}
	// The same posts found again by the second watch, with new IDs: no
	// new item, the watch added.
	var again []monitor.Item
	for i := range 3 {
		it := watchItem(i, at.Add(48*time.Hour), w2)
		again = append(again, it)
	}
	fresh, err = db.MergeItems(ctx, again)
	if err != nil || len(fresh) != 0 {
		t.Fatalf("second merge: %v, %v", fresh, err)
	}
	all := listItems(t, db, monitor.Filter{})
	if len(all) != 10 {
		t.Fatalf("%d items", len(all))
	}
	for i, it := range all { // newest first
		if it.Likes != 9-i {
			t.Errorf("item %d is post %d", i, it.Likes)
		}
	}
	byW2 := listItems(t, db, monitor.Filter{Watch: w2})
	if len(byW2) != 3 || !slices.Equal(byW2[0].Watches, []app.ID{w1, w2}) {
		t.Errorf("watch 2's items: %+v", byW2)
	}
	if got := listItems(t, db, monitor.Filter{Watch: w1, Limit: 4}); len(got) != 4 || got[0].Likes != 9 {
		t.Errorf("limit: %+v", got)
	}
	from, to := at.Add(2*time.Hour-time.Minute), at.Add(5*time.Hour-time.Minute)
	if got := listItems(t, db, monitor.Filter{From: from, To: to}); len(got) != 3 || got[0].Likes != 4 || got[2].Likes != 2 {
		t.Errorf("period: %+v", got)
	}
	if err := db.PutItemFlags(ctx, all[0].ID, true, true, monitor.SentimentNegative); err != nil {
		t.Fatal(err)
	}
	if got := listItems(t, db, monitor.Filter{Important: true, Sentiment: monitor.SentimentNegative}); len(got) != 1 || !got[0].Read {
		t.Errorf("flags: %+v", got)
	}
	if got := listItems(t, db, monitor.Filter{Read: monitor.OnlyUnread}); len(got) != 9 {
		t.Errorf("%d unread", len(got))
	}
	// Deleting watch 1 leaves only what watch 2 found too.
	if err := db.PutWatch(ctx, monitor.Watch{ID: w1, Name: "w1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteWatch(ctx, w1); err != nil {
		t.Fatal(err)
	}
	if got := listItems(t, db, monitor.Filter{}); len(got) != 3 || !slices.Equal(got[0].Watches, []app.ID{w2}) {
		t.Errorf("after deleting watch 1: %+v", got)
	}
	n, err := db.PurgeItems(ctx, at.Add(90*time.Minute))
	if err != nil || n != 2 {
		t.Errorf("purged %d, %v", n, err)
	}
	if got := listItems(t, db, monitor.Filter{Watch: w2}); len(got) != 1 {
		t.Errorf("after purge: %+v", got)
	}
	// A purged post found again is new again.
	if fresh, _ := db.MergeItems(ctx, []monitor.Item{watchItem(0, at.Add(72*time.Hour), w2)}); len(fresh) != 1 {
		t.Errorf("a purged post found again: %v", fresh)
	}
}

func listItems(t testing.TB, db *DB, f monitor.Filter) []monitor.Item {
	t.Helper()
	var out []monitor.Item
	if err := db.Items(ctx, f, func(it monitor.Item) bool { out = append(out, it); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeVersion7 makes a data directory as Relais wrote it at schema 7.
func writeVersion7(t *testing.T, dir string, posts []app.Post, items []app.InboxItem) {
	t.Helper()
	writeVersion1(t, dir, posts)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutInboxItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range schema8Buckets {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 7))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationToVersion8(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := post(1, at)
	account := app.NewID(at)
	inbox := mentions(account, 0, 3, at)
	writeVersion7(t, dir, []app.Post{p}, inbox)
	if got := rawBuckets(t, dir); slices.Contains(got, "watches") || !slices.Contains(got, "inbox") {
		t.Fatalf("the version 7 fixture has buckets %v", got)
	}
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d after migration", v)
	}
	if got, err := db.Post(ctx, p.ID); err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("post after migration: %+v, %v", got, err)
	}
	if got := allInbox(t, db); len(got) != 3 {
		t.Errorf("inbox after migration: %d items", len(got))
	}
	if w, err := db.Watches(ctx); err != nil || len(w) != 0 {
		t.Errorf("watches after migration: %v, %v", w, err)
	}
	w := testWatch(1, at)
	if err := db.PutWatch(ctx, w); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeItems(ctx, []monitor.Item{watchItem(1, at, w.ID)}); err != nil {
		t.Fatal(err)
	}
	if got := listItems(t, db, monitor.Filter{Watch: w.ID}); len(got) != 1 {
		t.Errorf("items after migration: %v", got)
	}
}

// BenchmarkWatchItems stores 100,000 items in batches as reads bring
// them, then lists the first screen (100 newest) of all and of one watch.
func BenchmarkWatchItems(b *testing.B) {
	const total, batch = 100_000, 500
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	watches := []app.ID{app.NewID(at), app.NewID(at.Add(time.Second)), app.NewID(at.Add(2 * time.Second))}
	for b.Loop() {
		b.StopTimer()
		db, _ := openTemp(b)
		b.StartTimer()
		start := time.Now()
		for i := 0; i < total; i += batch {
			items := make([]monitor.Item, batch)
			for j := range items {
				n := i + j
				items[j] = watchItem(n, at.Add(time.Duration(n)*time.Minute), watches[n%3])
			}
			if _, err := db.MergeItems(ctx, items); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-store-100k")
		start = time.Now()
		if got := listItems(b, db, monitor.Filter{Limit: 100}); len(got) != 100 {
			b.Fatal(len(got))
		}
		if got := listItems(b, db, monitor.Filter{Watch: watches[1], Limit: 100}); len(got) != 100 {
			b.Fatal(len(got))
		}
		b.ReportMetric(float64(time.Since(start).Microseconds()), "µs-first-screen")
		start = time.Now()
		if got := listItems(b, db, monitor.Filter{Watch: watches[2], Sentiment: monitor.SentimentNegative}); len(got) != 0 {
			b.Fatal(len(got))
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-filter-33k")
	}
}

func TestHourlyCountsFromTheIndex(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w1, w2 := app.NewID(at), app.NewID(at.Add(time.Second))
	var items []monitor.Item
	// Hour 9: 3 items, 1 negative; hour 10: none; hour 11: 2, both
	// negative; another watch's item in hour 9; one in hour 12 (outside).
	for i, c := range []struct {
		min       int
		sentiment monitor.Sentiment
		watches   []app.ID
	}{
		{1, monitor.SentimentNegative, []app.ID{w1}}, {20, monitor.SentimentPositive, []app.ID{w1, w2}}, {59, "", []app.ID{w1}},
		{121, monitor.SentimentNegative, []app.ID{w1}}, {150, monitor.SentimentNegative, []app.ID{w1}},
		{30, monitor.SentimentNegative, []app.ID{w2}}, {185, monitor.SentimentNegative, []app.ID{w1}},
	} {
		it := watchItem(i, at.Add(time.Duration(c.min)*time.Minute+time.Minute), c.watches...)
		it.Sentiment = c.sentiment
		items = append(items, it)
	}
	if _, err := db.MergeItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	hours, err := db.HourlyCounts(ctx, w1, at, at.Add(3*time.Hour))
	want := []spike.Hour{{Start: at, Count: 3, Negative: 1}, {Start: at.Add(2 * time.Hour), Count: 2, Negative: 2}}
	if err != nil || !reflect.DeepEqual(hours, want) {
		t.Fatalf("hourly counts: %+v, %v; want %+v", hours, err, want)
	}
	// A tone set afterwards is counted; so is an index key written before
	// keys carried the tone (its item tells).
	if err := db.PutItemFlags(ctx, items[1].ID, true, false, monitor.SentimentNegative); err != nil {
		t.Fatal(err)
	}
	err = db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketWatchItemsBy).Put(byWatchKey(w1, items[3].At(), items[3].ID), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	hours, err = db.HourlyCounts(ctx, w1, at, at.Add(3*time.Hour))
	want[0].Negative = 2
	if err != nil || !reflect.DeepEqual(hours, want) {
		t.Fatalf("after the tone changed: %+v, %v; want %+v", hours, err, want)
	}
	if hours, _ := db.HourlyCounts(ctx, w2, at, at.Add(time.Hour)); len(hours) != 1 || hours[0].Count != 2 || hours[0].Negative != 2 {
		t.Errorf("watch 2: %+v", hours)
	}
}

func BenchmarkHourlyCounts(b *testing.B) {
	db, _ := openTemp(b)
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	w := app.NewID(at)
	var items []monitor.Item
	for i := range 20000 { // two weeks, about 60 an hour
		it := watchItem(i, at.Add(time.Duration(i)*time.Minute), w)
		if i%3 == 0 {
			it.Sentiment = monitor.SentimentNegative
		}
		items = append(items, it)
	}
	if _, err := db.MergeItems(ctx, items); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := db.HourlyCounts(ctx, w, at, at.Add(15*24*time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}
