package storage

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// schema9Buckets are what schema 9 added, taken away to make an older
// file.
var schema9Buckets = [][]byte{bucketCompetitors, bucketCompetitorDays, bucketCompetitorPosts}

func TestCompetitorsRoundTrip(t *testing.T) {
	db, dir := openTemp(t)
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	c := monitor.Competitor{ID: app.NewID(at), Network: app.Bluesky, Handle: "rival.bsky.social", Name: "Rival & Co",
		URL: "https://bsky.app/profile/rival.bsky.social", RemoteID: "did:plc:rival", Added: at, LastRead: at,
		NextDue: at.Add(24 * time.Hour), Failures: 2, LastError: "too many requests"}
	other := monitor.Competitor{ID: app.NewID(at.Add(time.Second)), Network: app.Mastodon, Handle: "autre@masto.example", Added: at}
	for _, x := range []monitor.Competitor{c, other} {
		if err := db.PutCompetitor(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	day := func(id app.ID, d time.Time, n int) monitor.CompetitorDay {
		return monitor.CompetitorDay{Competitor: id, Day: d, Followers: n, Following: 3, Posts: 40, At: d.Add(10 * time.Hour)}
	}
	d0 := app.DayOf(at, time.UTC)
	for i := range 5 {
		for _, id := range []app.ID{c.ID, other.ID} {
			if err := db.PutCompetitorDay(ctx, day(id, d0.AddDate(0, 0, i), 100+i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The same day again replaces it.
	if err := db.PutCompetitorDay(ctx, day(c.ID, d0.AddDate(0, 0, 2), 500)); err != nil {
		t.Fatal(err)
	}
	if err := db.PutCompetitorDay(ctx, monitor.CompetitorDay{Competitor: c.ID, Day: at}); err == nil {
		t.Error("a day that is not a midnight UTC was stored")
	}
	posts := []monitor.CompetitorPost{
		{Competitor: c.ID, URI: "at://did:plc:rival/app.bsky.feed.post/1", URL: "https://bsky.app/1", Text: "Nouvelle collection",
			Published: at.Add(-48 * time.Hour), Likes: 10, Reposts: 2, Replies: 1, ReadAt: at},
		{Competitor: c.ID, URI: "at://did:plc:rival/app.bsky.feed.post/2", Text: "Soldes", Published: at.Add(-time.Hour), Likes: 4, ReadAt: at},
		{Competitor: other.ID, URI: "https://masto.example/users/autre/statuses/9", Text: "x", Published: at.Add(-time.Hour), ReadAt: at},
	}
	if err := db.PutCompetitorPosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	// Read again, with more likes: the figures are replaced.
	again := posts[0]
	again.Likes, again.ReadAt = 25, at.Add(time.Hour)
	if err := db.PutCompetitorPosts(ctx, []monitor.CompetitorPost{again}); err != nil {
		t.Fatal(err)
	}

	// Everything comes back after the file is closed and opened again.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.Competitors(ctx)
	if err != nil || len(list) != 2 || !reflect.DeepEqual(list[0], c) || list[1].Handle != other.Handle {
		t.Fatalf("competitors: %+v, %v", list, err)
	}
	days, err := db.CompetitorDays(ctx, c.ID, d0.AddDate(0, 0, 1), d0.AddDate(0, 0, 3))
	if err != nil || len(days) != 3 || days[0].Followers != 101 || days[1].Followers != 500 || days[2].Followers != 103 ||
		!days[0].At.Equal(d0.AddDate(0, 0, 1).Add(10*time.Hour)) {
		t.Fatalf("days 1 to 3: %+v, %v", days, err)
	}
	got, err := db.CompetitorPosts(ctx, c.ID, at.Add(-72*time.Hour), at)
	if err != nil || len(got) != 2 || got[0].Likes != 25 || got[0].Replies != 1 || got[0].URL != "https://bsky.app/1" || got[1].Text != "Soldes" {
		t.Fatalf("posts: %+v, %v", got, err)
	}
	if got, _ := db.CompetitorPosts(ctx, c.ID, at.Add(-72*time.Hour), at.Add(-time.Hour)); len(got) != 1 {
		t.Errorf("posts before the second's time: %+v", got)
	}

	// Removing one takes its days and posts, not the other's.
	if err := db.DeleteCompetitor(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCompetitor(ctx, c.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("removing it twice: %v", err)
	}
	if days, _ := db.CompetitorDays(ctx, c.ID, d0, d0.AddDate(0, 0, 10)); len(days) != 0 {
		t.Errorf("days left: %+v", days)
	}
	if n := keyCount(t, db, bucketCompetitorPosts); n != 1 {
		t.Errorf("%d posts left, want the other's", n)
	}
	if days, _ := db.CompetitorDays(ctx, other.ID, d0, d0.AddDate(0, 0, 10)); len(days) != 5 {
		t.Errorf("the other's days: %+v", days)
	}
	if err := db.PutCompetitorDay(ctx, day(c.ID, d0, 1)); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a day of a competitor removed: %v", err)
	}
}

func TestMigrationToVersion9(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := post(1, at)
	writeVersion7(t, dir, []app.Post{p}, nil)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := testWatch(1, at)
	if err := db.PutWatch(ctx, w); err != nil {
		t.Fatal(err)
	}
	// Back to 8: the competitors' buckets go, and what came after them.
	err = db.update(func(tx *bolt.Tx) error {
		for _, name := range slices.Concat(schema9Buckets, schema10Buckets) {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return setSchema(tx, 8)
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got := rawBuckets(t, dir); slices.Contains(got, "competitors") || !slices.Contains(got, "watches") {
		t.Fatalf("the version 8 fixture has buckets %v", got)
	}
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d after migration", v)
	}
	if ws, err := db.Watches(ctx); err != nil || len(ws) != 1 {
		t.Errorf("watches after migration: %v, %v", ws, err)
	}
	c := monitor.Competitor{ID: app.NewID(at), Network: app.Bluesky, Handle: "rival.bsky.social", Added: at}
	if err := db.PutCompetitor(ctx, c); err != nil {
		t.Fatal(err)
	}
	if list, err := db.Competitors(ctx); err != nil || len(list) != 1 {
		t.Errorf("competitors after migration: %v, %v", list, err)
	}
}
