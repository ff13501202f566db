package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

func TestOpenMakesANewFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "data", "dir")
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != filepath.Join(dir, FileName) {
		t.Errorf("Path = %s", db.Path())
	}
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("new file at schema %d, want %d", v, SchemaVersion())
	}
	if s := summaries(t, db); len(s) != 0 {
		t.Errorf("new file lists %d posts", len(s))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, FileName): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got&^want != 0 {
			t.Errorf("%s has mode %v, want at most %v", path, got, want)
		}
	}
	checkFile(t, dir)
}

func TestPostRoundTrip(t *testing.T) {
	cest := time.FixedZone("CEST", 2*3600)
	at := time.Date(2026, 11, 25, 10, 30, 0, 123456789, time.UTC)
	cases := []struct {
		name string
		p    app.Post
	}{
		{"every field", app.Post{
			ID: app.NewID(at), Title: "Soldes d’été 🌞", Text: "Première ligne\n\nDeuxième — « guillemets »\t👩‍💻",
			Tags: []string{"été", "Soldes", "c#"}, Status: app.StatusReady,
			PlannedAt: at.Add(48*time.Hour + time.Nanosecond), CreatedAt: at, UpdatedAt: at.Add(time.Hour + 987654321),
		}},
		{"only text", app.Post{ID: app.NewID(at), Text: "x", Status: app.StatusDraft, CreatedAt: at, UpdatedAt: at}},
		{"empty draft", app.Post{ID: app.NewID(at), Status: app.StatusDraft, CreatedAt: at, UpdatedAt: at}},
		{"times in another zone come back in UTC", app.Post{
			ID: app.NewID(at), Text: "fuseau", Status: app.StatusScheduled,
			PlannedAt: time.Date(2026, 7, 14, 9, 0, 0, 1, cest), CreatedAt: time.Date(2026, 7, 1, 8, 0, 0, 999999999, cest),
			UpdatedAt: time.Date(2026, 7, 2, 8, 0, 0, 5, cest),
		}},
		{"long text", app.Post{ID: app.NewID(at), Text: strings.Repeat("é👍🏽 ", 20_000), Status: app.StatusDraft, CreatedAt: at, UpdatedAt: at.Add(time.Minute)}},
		{"before 1970 and far ahead", app.Post{
			ID: app.NewID(at), Text: "dates", Status: app.StatusIdea,
			CreatedAt: time.Date(1969, 12, 31, 23, 59, 59, 1, time.UTC), UpdatedAt: time.Date(2200, 1, 1, 0, 0, 0, 7, time.UTC),
		}},
	}
	db, dir := openTemp(t)
	for _, c := range cases {
		if err := db.PutPost(ctx, c.p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	check := func(when string, db *DB) {
		t.Helper()
		for _, c := range cases {
			want := c.p
			want.PlannedAt, want.CreatedAt, want.UpdatedAt = utc(want.PlannedAt), utc(want.CreatedAt), utc(want.UpdatedAt)
			got, err := db.Post(ctx, c.p.ID)
			if err != nil {
				t.Errorf("%s, %s: %v", when, c.name, err)
				continue
			}
			// reflect.DeepEqual: times must be equal to the nanosecond
			// and in UTC, as == would compare them.
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s:\n got %#v\nwant %#v", when, c.name, got, want)
			}
		}
		// The list shows each once, with its summary, in UTC.
		byID := map[app.ID]app.Summary{}
		for _, s := range summaries(t, db) {
			byID[s.ID] = s
		}
		if len(byID) != len(cases) {
			t.Errorf("%s: %d summaries for %d posts", when, len(byID), len(cases))
		}
		for _, c := range cases {
			want := app.Summarize(c.p)
			want.UpdatedAt = c.p.UpdatedAt.UTC()
			if !want.PlannedAt.IsZero() {
				want.PlannedAt = want.PlannedAt.UTC()
			}
			if got := byID[c.p.ID]; !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: summary\n got %#v\nwant %#v", when, c.name, got, want)
			}
		}
		checkIndexes(t, db)
	}
	check("before closing", db)

	// And from the disk.
	db.Close()
	checkFile(t, dir)
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	check("after reopening", again)
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func TestMissingPostIsNotFound(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := db.PutPost(ctx, post(1, at)); err != nil {
		t.Fatal(err)
	}
	for _, id := range []app.ID{{}, app.NewID(at)} {
		if p, err := db.Post(ctx, id); !errors.Is(err, app.ErrNotFound) || !p.ID.IsZero() {
			t.Errorf("Post(%s) = %+v, %v; want ErrNotFound", id, p, err)
		}
	}
}

func TestPutPostReplacesAndMovesTheIndex(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := post(1, t0), post(2, t0.Add(time.Hour))
	if err := db.PutPosts(ctx, []app.Post{a, b}); err != nil {
		t.Fatal(err)
	}
	if s := summaries(t, db); !slices.Equal(summaryIDs(s), []app.ID{b.ID, a.ID}) {
		t.Fatalf("newest change not first: %v", summaryIDs(s))
	}

	steps := []struct {
		name    string
		text    string
		updated time.Time
		order   []app.ID
	}{
		{"edited after b", "réécrit\n  une fois", t0.Add(2 * time.Hour), []app.ID{a.ID, b.ID}},
		{"edited again", "réécrit deux fois", t0.Add(3 * time.Hour), []app.ID{a.ID, b.ID}},
		{"same time, new text", "même instant", t0.Add(3 * time.Hour), []app.ID{a.ID, b.ID}},
		{"back in time", "plus ancien", t0.Add(-time.Hour), []app.ID{b.ID, a.ID}},
		{"a nanosecond after b", "juste après", t0.Add(time.Hour + 1), []app.ID{a.ID, b.ID}},
	}
	for _, step := range steps {
		a.Text, a.UpdatedAt = step.text, step.updated
		if err := db.PutPost(ctx, a); err != nil {
			t.Fatal(err)
		}
		s := summaries(t, db)
		if !slices.Equal(summaryIDs(s), step.order) {
			t.Fatalf("%s: list %v, want %v", step.name, summaryIDs(s), step.order)
		}
		got := s[slices.Index(summaryIDs(s), a.ID)]
		if got.Snippet != app.Summarize(a).Snippet || !got.UpdatedAt.Equal(step.updated) {
			t.Errorf("%s: summary %+v", step.name, got)
		}
		if ps := allPosts(t, db); !slices.Equal(postIDs(ps), step.order) {
			t.Errorf("%s: Posts lists %v", step.name, postIDs(ps))
		}
		checkIndexes(t, db)
	}

	// The same ID twice in one batch: the later one is what stays.
	c1, c2 := post(3, t0.Add(5*time.Hour)), post(3, t0.Add(6*time.Hour))
	c2.ID, c2.Text = c1.ID, "seconde"
	if err := db.PutPosts(ctx, []app.Post{c1, c2}); err != nil {
		t.Fatal(err)
	}
	s := summaries(t, db)
	if len(s) != 3 || s[0].ID != c1.ID || s[0].Snippet != "seconde" {
		t.Errorf("after a batch with one ID twice: %+v", s)
	}
	checkIndexes(t, db)
}

func TestTrashRestorePurge(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a, b, c := post(1, t0), post(2, t0.Add(time.Minute)), post(3, t0.Add(2*time.Minute))
	a.PlannedAt = t0.AddDate(0, 0, 7)
	if err := db.PutPosts(ctx, []app.Post{a, b, c}); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	// Gone from every read.
	if _, err := db.Post(ctx, a.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("trashed post still readable: %v", err)
	}
	if s := summaries(t, db); !slices.Equal(summaryIDs(s), []app.ID{c.ID, b.ID}) {
		t.Errorf("trashed post still listed: %v", summaryIDs(s))
	}
	if ps := allPosts(t, db); !slices.Equal(postIDs(ps), []app.ID{c.ID, b.ID}) {
		t.Errorf("trashed post still in Posts: %v", postIDs(ps))
	}
	if got := planned(t, db, time.Time{}, t0.AddDate(1, 0, 0)); len(got) != 0 {
		t.Errorf("trashed post still planned: %+v", got)
	}
	checkIndexes(t, db)

	for name, err := range map[string]error{
		"trashing twice":               db.TrashPost(ctx, a.ID, t0),
		"trashing a missing post":      db.TrashPost(ctx, app.NewID(t0), t0),
		"restoring a post not trashed": db.RestorePost(ctx, b.ID),
		"restoring a missing post":     db.RestorePost(ctx, app.NewID(t0)),
	} {
		if !errors.Is(err, app.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}

	// Back as it was, at its place in the list.
	if err := db.RestorePost(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Post(ctx, a.ID)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("restored\n got %#v, %v\nwant %#v", got, err, a)
	}
	if s := summaries(t, db); !slices.Equal(summaryIDs(s), []app.ID{c.ID, b.ID, a.ID}) || !s[2].UpdatedAt.Equal(a.UpdatedAt) {
		t.Errorf("restored post not back in its place: %+v", s)
	}
	if got := planned(t, db, time.Time{}, t0.AddDate(1, 0, 0)); len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("restored post not back on the calendar: %+v", got)
	}
	if err := db.RestorePost(ctx, a.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("restoring twice: %v", err)
	}
	checkIndexes(t, db)

	// Purge: only what was trashed strictly before the limit.
	limit := t0.Add(2 * time.Hour)
	for p, at := range map[app.ID]time.Time{a.ID: limit.Add(-time.Nanosecond), b.ID: limit, c.ID: limit.Add(time.Hour)} {
		if err := db.TrashPost(ctx, p, at); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.PurgeTrash(ctx, t0); err != nil || n != 0 {
		t.Fatalf("purge before anything was trashed: %d, %v", n, err)
	}
	if n, err := db.PurgeTrash(ctx, limit); err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want 1", n, err)
	}
	checkIndexes(t, db)
	if err := db.RestorePost(ctx, a.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("restoring a purged post: %v", err)
	}
	if err := db.RestorePost(ctx, b.ID); err != nil {
		t.Errorf("the post trashed at the limit was purged: %v", err)
	}
	if n, err := db.PurgeTrash(ctx, t0.AddDate(1, 0, 0)); err != nil || n != 1 {
		t.Fatalf("second purge: %d, %v; want 1", n, err)
	}
	if err := db.RestorePost(ctx, c.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("restoring a post purged later: %v", err)
	}
	if s := summaries(t, db); !slices.Equal(summaryIDs(s), []app.ID{b.ID}) {
		t.Errorf("left after purges: %v", summaryIDs(s))
	}
	checkIndexes(t, db)
}

// A draft deleted while an editor still had it open may be saved again
// under its ID; an undo then brings the deleted version back in its place,
// once in the list.
func TestRestoreOverAPostSavedAgain(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a, other := post(1, t0), post(2, t0.Add(time.Minute))
	if err := db.PutPosts(ctx, []app.Post{a, other}); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	again := a
	again.Text, again.UpdatedAt, again.PlannedAt = "saved again", t0.Add(2*time.Hour), t0.AddDate(0, 0, 3)
	if err := db.PutPost(ctx, again); err != nil {
		t.Fatal(err)
	}
	if err := db.RestorePost(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Post(ctx, a.ID); err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("restored %+v, %v; want %+v", got, err, a)
	}
	if s := summaries(t, db); !slices.Equal(summaryIDs(s), []app.ID{other.ID, a.ID}) || s[1].Snippet != app.Summarize(a).Snippet {
		t.Errorf("list after restore: %+v", s)
	}
	if ps := allPosts(t, db); len(ps) != 2 {
		t.Errorf("Posts gives %d posts, want 2", len(ps))
	}
	if got := planned(t, db, time.Time{}, t0.AddDate(1, 0, 0)); len(got) != 0 {
		t.Errorf("the calendar keeps the version that was replaced: %+v", got)
	}
	checkIndexes(t, db)
}

// Trashed, saved again, trashed again: the trash holds the last copy, and
// the retention counts from the last delete.
func TestTrashingAgainReplacesTheTrashedCopy(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a := post(1, t0)
	if err := db.PutPost(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	again := a
	again.Text, again.UpdatedAt = "second version", t0.Add(2*time.Hour)
	if err := db.PutPost(ctx, again); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, a.ID, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	checkIndexes(t, db)
	if n, err := db.PurgeTrash(ctx, t0.Add(2*time.Hour)); err != nil || n != 0 {
		t.Errorf("purge before the second delete: %d, %v; want 0", n, err)
	}
	if n, err := db.PurgeTrash(ctx, t0.Add(4*time.Hour)); err != nil || n != 1 {
		t.Errorf("purge after the second delete: %d, %v; want 1", n, err)
	}
	checkIndexes(t, db)

	// The same, restored instead of purged: the second version comes back.
	b := post(2, t0)
	db.PutPost(ctx, b)
	db.TrashPost(ctx, b.ID, t0.Add(time.Hour))
	b2 := b
	b2.Text, b2.UpdatedAt = "b, second version", t0.Add(2*time.Hour)
	db.PutPost(ctx, b2)
	db.TrashPost(ctx, b.ID, t0.Add(3*time.Hour))
	if err := db.RestorePost(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Post(ctx, b.ID); err != nil || got.Text != b2.Text {
		t.Errorf("restored %+v, %v", got, err)
	}
	checkIndexes(t, db)
}

func TestSettings(t *testing.T) {
	db, dir := openTemp(t)
	if v, err := db.Setting(ctx, "ui.language"); err != nil || v != "" {
		t.Fatalf("unset: %q, %v", v, err)
	}
	steps := []struct{ key, value string }{
		{"ui.language", "fr"},
		{"ui.language", "en"},
		{"ui.theme", "sombre, s’il vous plaît 🌙"},
		{"", "an empty key"},
		{"ui.language", ""}, // removes it
		{"never.set", ""},   // removing what is not there is fine
	}
	want := map[string]string{}
	for _, s := range steps {
		if s.key == "" {
			// bbolt refuses empty keys: the store says so.
			if err := db.SetSetting(ctx, s.key, s.value); err == nil {
				t.Error("an empty key was accepted")
			}
			continue
		}
		if err := db.SetSetting(ctx, s.key, s.value); err != nil {
			t.Fatalf("SetSetting(%q, %q): %v", s.key, s.value, err)
		}
		want[s.key] = s.value
		for k, v := range want {
			if got, err := db.Setting(ctx, k); err != nil || got != v {
				t.Errorf("after setting %q: Setting(%q) = %q, %v; want %q", s.key, k, got, err, v)
			}
		}
	}
	db.Close()
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for k, v := range want {
		if got, _ := again.Setting(ctx, k); got != v {
			t.Errorf("after reopening: Setting(%q) = %q, want %q", k, got, v)
		}
	}
	// "" removes the key, it does not store an empty value.
	again.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketSettings).Get([]byte("ui.language")); v != nil {
			t.Errorf("ui.language still stored as %q", v)
		}
		return nil
	})
}

// Every method refuses a cancelled context before touching the file.
func TestCancelledContextWritesNothing(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	kept := post(1, t0)
	db.PutPost(ctx, kept)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, postErr := db.Post(cancelled, kept.ID)
	_, purgeErr := db.PurgeTrash(cancelled, t0.AddDate(1, 0, 0))
	_, settingErr := db.Setting(cancelled, "k")
	for name, err := range map[string]error{
		"PutPost":        db.PutPost(cancelled, post(2, t0)),
		"PutPosts":       db.PutPosts(cancelled, []app.Post{post(3, t0)}),
		"Post":           postErr,
		"TrashPost":      db.TrashPost(cancelled, kept.ID, t0),
		"RestorePost":    db.RestorePost(cancelled, kept.ID),
		"PurgeTrash":     purgeErr,
		"Setting":        settingErr,
		"SetSetting":     db.SetSetting(cancelled, "k", "v"),
		"Summaries":      db.Summaries(cancelled, func(app.Summary) bool { return true }),
		"Posts":          db.Posts(cancelled, func(app.Post) bool { return true }),
		"PlannedBetween": db.PlannedBetween(cancelled, time.Time{}, t0.AddDate(1, 0, 0), func(app.Post) bool { return true }),
	} {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", name, err)
		}
	}
	if s := summaries(t, db); len(s) != 1 || s[0].ID != kept.ID {
		t.Errorf("after cancelled calls: %+v", s)
	}
	if v, _ := db.Setting(ctx, "k"); v != "" {
		t.Errorf("a cancelled SetSetting stored %q", v)
	}
}

func fill(t testing.TB, db *DB, n int, t0 time.Time) []app.Post {
	t.Helper()
	ps := make([]app.Post, n)
	for i := range ps {
		ps[i] = post(i, t0.Add(time.Duration(i)*time.Second))
		ps[i].PlannedAt = t0.Add(time.Duration(i) * time.Minute)
	}
	for batch := range slices.Chunk(ps, 10_000) {
		if err := db.PutPosts(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	return ps
}

func TestCancelledListing(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fill(t, db, 2000, t0)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	seen := 0
	err := db.Summaries(cctx, func(app.Summary) bool { seen++; return true })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Summaries: %v", err)
	}
	if seen >= 2000 {
		t.Errorf("Summaries went through all %d posts before noticing", seen)
	}
	if err := db.Posts(cctx, func(app.Post) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Errorf("Posts: %v", err)
	}
	if err := db.PlannedBetween(cctx, time.Time{}, t0.AddDate(1, 0, 0), func(app.Post) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Errorf("PlannedBetween: %v", err)
	}

	// Cancelled midway, as a newer keystroke replaces a search: it stops
	// within ctxCheckEvery posts.
	mid, stop := context.WithCancel(ctx)
	seen = 0
	err = db.Summaries(mid, func(app.Summary) bool {
		if seen++; seen == 300 {
			stop()
		}
		return true
	})
	if !errors.Is(err, context.Canceled) || seen > 300+ctxCheckEvery {
		t.Errorf("cancelled after 300: saw %d, %v", seen, err)
	}

	// A callback that stops is not an error.
	seen = 0
	if err := db.Summaries(ctx, func(app.Summary) bool { seen++; return seen < 10 }); err != nil || seen != 10 {
		t.Errorf("stopping after 10: saw %d, %v", seen, err)
	}
}

func TestSummariesFields(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := post(1, t0)
	p.Title = "  Titre à nettoyer \n"
	p.Text = strings.Repeat("Un texte très long, avec des accents : été, Noël ; ", 10)
	p.Status = app.StatusReady
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	want := app.Summarize(p)
	if s := summaries(t, db); len(s) != 1 || !reflect.DeepEqual(s[0], want) {
		t.Errorf("summary\n got %#v\nwant %#v", s, want)
	}
	if !strings.HasSuffix(want.Snippet, "…") {
		t.Fatalf("the test text is not long enough to be cut: %q", want.Snippet)
	}
}

func TestTimeKeysSortByTimeThenID(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	low, high := app.ID{}, app.ID{15: 1}
	// In the order the keys must sort; times outside what a uint64 of
	// nanoseconds holds are clamped to its ends.
	keys := []struct {
		name string
		at   time.Time
		id   app.ID
	}{
		{"zero time", time.Time{}, low},
		{"before 1970", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), high},
		{"1970", time.Unix(0, 1), low},
		{"t0, low ID", t0, low},
		{"t0 in another zone, high ID", t0.In(time.FixedZone("X", -5*3600)), high},
		{"t0 + 1ns", t0.Add(1), low},
		{"2262", time.Unix(0, 1<<63-1), low},
		{"after 2262", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), high},
	}
	for i := 1; i < len(keys); i++ {
		a, b := keys[i-1], keys[i]
		ka, kb := timeKey(a.at, a.id), timeKey(b.at, b.id)
		if string(ka) >= string(kb) {
			t.Errorf("key of %s (%x) does not sort before key of %s (%x)", a.name, ka, b.name, kb)
		}
		if id, ok := idOfTimeKey(kb); !ok || id != b.id {
			t.Errorf("%s: ID of key = %s, %v", b.name, id, ok)
		}
	}
	if got := timeOfKey(timeKey(t0.Add(123), low)); !got.Equal(t0.Add(123)) || got.Location() != time.UTC {
		t.Errorf("timeOfKey = %v", got)
	}
	if _, ok := idOfTimeKey([]byte("short")); ok {
		t.Error("a short key gave an ID")
	}
}

func TestOpenReportsADirectoryItCannotMake(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(filepath.Join(file, "data"), Options{}); err == nil {
		db.Close()
		t.Error("opened a data directory under a file")
	}
}

func TestOpenKeepsTheDataDirectoryToTheUser(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps a profile's folders to the user by their access lists")
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("the data directory has mode %o after opening, want 700", perm)
	}
}
