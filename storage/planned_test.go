package storage

import (
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func planned(t testing.TB, db *DB, from, to time.Time) []app.Post {
	t.Helper()
	var out []app.Post
	if err := db.PlannedBetween(ctx, from, to, func(p app.Post) bool { out = append(out, p); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlannedIndex(t *testing.T) {
	db, _ := openTemp(t)
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a, b, c := post(1, dec1), post(2, dec1), post(3, dec1)
	a.PlannedAt = dec1.Add(9 * time.Hour)
	b.PlannedAt = dec1.Add(-time.Nanosecond) // 30 Nov, 23:59:59.999999999
	// c is not planned
	if err := db.PutPosts(ctx, []app.Post{a, b, c}); err != nil {
		t.Fatal(err)
	}
	if got := planned(t, db, dec1, dec1.AddDate(0, 1, 0)); len(got) != 1 || got[0].ID != a.ID || !got[0].PlannedAt.Equal(a.PlannedAt) {
		t.Fatalf("December: %+v", got)
	}
	if got := planned(t, db, time.Time{}, dec1.AddDate(1, 0, 0)); len(got) != 2 || got[0].ID != b.ID {
		t.Fatalf("everything, earliest first: %+v", got)
	}

	// Moving a post moves its entry; trash and restore take it along.
	a.PlannedAt = dec1.AddDate(0, 0, 20)
	if err := db.PutPost(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := planned(t, db, dec1, dec1.AddDate(0, 0, 20)); len(got) != 0 {
		t.Errorf("the old time is still indexed: %+v", got)
	}
	if err := db.TrashPost(ctx, a.ID, dec1); err != nil {
		t.Fatal(err)
	}
	if got := planned(t, db, dec1, dec1.AddDate(0, 1, 0)); len(got) != 0 {
		t.Errorf("a trashed post is on the calendar: %+v", got)
	}
	if err := db.RestorePost(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := planned(t, db, dec1, dec1.AddDate(0, 1, 0)); len(got) != 1 || !got[0].PlannedAt.Equal(a.PlannedAt) {
		t.Errorf("a restored post is not back on the calendar: %+v", got)
	}
}

// A file from before the time index (its records may carry planned_at,
// as a newer Relais would have written them): migration 3 files them.
func TestMigrationBuildsPlannedIndex(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	p := post(1, at.AddDate(0, 0, -10))
	p.PlannedAt = at
	writeVersion1(t, dir, []app.Post{p, post(2, at)})
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := planned(t, db, at, at.Add(time.Hour)); len(got) != 1 || got[0].ID != p.ID {
		t.Fatalf("after migration: %+v", got)
	}
}

// BenchmarkMonthOf100000 reads one month of a calendar holding 100,000
// planned posts (about 2,000 a month over four years).
func BenchmarkMonthOf100000(b *testing.B) {
	db, _ := openTemp(b)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for done := 0; done < 100_000; done += 10_000 {
		var ps []app.Post
		for i := done; i < done+10_000; i++ {
			p := post(i, start)
			p.PlannedAt = start.Add(time.Duration(i) * 21 * time.Minute)
			ps = append(ps, p)
		}
		if err := db.PutPosts(ctx, ps); err != nil {
			b.Fatal(err)
		}
	}
	from := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n = len(planned(b, db, from, from.AddDate(0, 1, 0)))
	}
	b.ReportMetric(float64(n), "posts/month")
}
