package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// v1Record is a post as schema version 1 stored it, frozen here so that
// the fixture stays what Relais 0.1 wrote even when postRecord grows.
type v1Record struct {
	V         int        `json:"v"`
	ID        app.ID     `json:"id"`
	Title     string     `json:"title,omitempty"`
	Text      string     `json:"text"`
	Tags      []string   `json:"tags,omitempty"`
	Status    app.Status `json:"status"`
	PlannedAt *time.Time `json:"planned_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// writeVersion1 makes a data directory as Relais wrote it at schema
// version 1, with raw bbolt: meta, posts and settings; no index, no trash.
func writeVersion1(t *testing.T, dir string, posts []app.Post) {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		buckets := map[string]*bolt.Bucket{}
		for _, name := range []string{"meta", "posts", "settings"} {
			bucket, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			buckets[name] = bucket
		}
		if err := buckets["settings"].Put([]byte("ui.language"), []byte("fr")); err != nil {
			return err
		}
		for _, p := range posts {
			r := v1Record{V: 1, ID: p.ID, Title: p.Title, Text: p.Text, Tags: p.Tags, Status: p.Status, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
			if !p.PlannedAt.IsZero() {
				r.PlannedAt = &p.PlannedAt
			}
			v, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := buckets["posts"].Put(p.ID[:], v); err != nil {
				return err
			}
		}
		return buckets["meta"].Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rawBuckets lists the top-level buckets of a closed file.
func rawBuckets(t *testing.T, dir string) []string {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var names []string
	b.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, string(name))
			return nil
		})
	})
	return names
}

func TestMigrationFromVersion1(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	long := strings.Repeat("Une longue annonce,\n\navec des retours à la ligne et des accents : été. ", 8)
	old := []app.Post{
		{ID: app.NewID(t0), Title: "  Premier ", Text: long, Tags: []string{"été", "soldes"}, Status: app.StatusDraft, CreatedAt: t0, UpdatedAt: t0.Add(2 * time.Hour)},
		{ID: app.NewID(t0.Add(time.Minute)), Text: "Deuxième\tbrouillon", Status: app.StatusDraft, CreatedAt: t0, UpdatedAt: t0.Add(time.Nanosecond)},
		{ID: app.NewID(t0.Add(2 * time.Minute)), Title: "Troisième 🌞", Text: "", Status: app.StatusReady, CreatedAt: t0, UpdatedAt: t0.Add(time.Hour + 123456789)},
		{ID: app.NewID(t0.Add(3 * time.Minute)), Text: "planifié", Status: app.StatusDraft, PlannedAt: t0.AddDate(0, 1, 0), CreatedAt: t0, UpdatedAt: t0.Add(30 * time.Minute)},
	}
	writeVersion1(t, dir, old)
	if got := rawBuckets(t, dir); !slices.Equal(got, []string{"meta", "posts", "settings"}) {
		t.Fatalf("the version 1 fixture has buckets %v", got)
	}
	wantOrder := []app.ID{old[0].ID, old[2].ID, old[3].ID, old[1].ID} // last change first

	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d after open, want %d", v, SchemaVersion())
	}
	s := summaries(t, db)
	if !slices.Equal(summaryIDs(s), wantOrder) {
		t.Fatalf("migrated list %v, want %v", summaryIDs(s), wantOrder)
	}
	byID := map[app.ID]app.Post{}
	for _, p := range old {
		byID[p.ID] = p
	}
	for _, got := range s {
		want := app.Summarize(byID[got.ID])
		if !reflect.DeepEqual(got, want) {
			t.Errorf("migrated summary\n got %#v\nwant %#v", got, want)
		}
	}
	if !strings.HasSuffix(s[0].Snippet, "…") || strings.Contains(s[0].Snippet, "\n") || s[0].Title != "Premier" {
		t.Errorf("long text's summary: %+v", s[0])
	}
	for _, p := range old {
		if got, err := db.Post(ctx, p.ID); err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("migrated post\n got %#v, %v\nwant %#v", got, err, p)
		}
	}
	if got := planned(t, db, t0, t0.AddDate(1, 0, 0)); len(got) != 1 || got[0].ID != old[3].ID {
		t.Errorf("migrated calendar: %+v", got)
	}
	if v, _ := db.Setting(ctx, "ui.language"); v != "fr" {
		t.Errorf("settings lost in migration: %q", v)
	}
	checkIndexes(t, db)

	// The new buckets work on a migrated file.
	if err := db.TrashPost(ctx, old[1].ID, t0); err != nil {
		t.Errorf("trash on a migrated file: %v", err)
	}
	if err := db.RestorePost(ctx, old[1].ID); err != nil {
		t.Errorf("restore on a migrated file: %v", err)
	}
	db.Close()
	checkFile(t, dir)
	for _, name := range []string{"meta", "posts", "posts_by_change", "posts_by_time", "trash", "trash_by_time", "settings"} {
		if !slices.Contains(rawBuckets(t, dir), name) {
			t.Errorf("no bucket %s after migration", name)
		}
	}

	// Opening again finds the file current and changes nothing.
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if v := schemaOfFile(t, again); v != SchemaVersion() {
		t.Errorf("schema %d on a second open", v)
	}
	if s := summaries(t, again); !slices.Equal(summaryIDs(s), wantOrder) {
		t.Errorf("after reopening: %v", summaryIDs(s))
	}
	checkIndexes(t, again)
}

func TestMigrationOfAnEmptyVersion1File(t *testing.T) {
	dir := t.TempDir()
	writeVersion1(t, dir, nil)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d", v)
	}
	if s := summaries(t, db); len(s) != 0 {
		t.Errorf("%d summaries", len(s))
	}
	p := post(1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	checkIndexes(t, db)
}

// A migration that fails leaves the file as the older Relais wrote it, to
// be tried again by a fixed build.
func TestFailedMigrationChangesNothing(t *testing.T) {
	dir := t.TempDir()
	writeVersion1(t, dir, []app.Post{post(1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))})
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("posts")).Put([]byte("0123456789abcdef"), []byte("{not json"))
	})
	b.Close()
	before, _ := os.ReadFile(filepath.Join(dir, FileName))

	db, err := Open(dir, Options{})
	if err == nil {
		db.Close()
		t.Fatal("a file with a broken post opened")
	}
	if !strings.Contains(err.Error(), "migration 2") {
		t.Errorf("the error does not say which migration failed: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Error("a failed migration changed the file")
	}
	if got := rawBuckets(t, dir); !slices.Equal(got, []string{"meta", "posts", "settings"}) {
		t.Errorf("buckets after a failed migration: %v", got)
	}
}

func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	writeVersion1(t, dir, []app.Post{post(1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))})
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, uint64(SchemaVersion()+1)))
	})
	b.Close()
	before, _ := os.ReadFile(filepath.Join(dir, FileName))

	db, err := Open(dir, Options{})
	if err == nil {
		db.Close()
	}
	if !errors.Is(err, ErrNewerSchema) || !errors.Is(err, app.ErrNewerSchema) {
		t.Fatalf("open of a newer file: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Error("a file from a newer Relais was changed")
	}
	// The file was released: a second try says the same, not "locked".
	if _, err := Open(dir, Options{LockTimeout: 100 * time.Millisecond}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("second open of a newer file: %v", err)
	}
}

// A record written by a newer Relais in a file this one can open (a
// newer record version without a schema change) is refused, not misread.
func TestNewerPostRecordIsRefused(t *testing.T) {
	db, _ := openTemp(t)
	p := post(1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	db.bolt.Update(func(tx *bolt.Tx) error {
		v, _ := json.Marshal(map[string]any{"v": postRecordVersion + 1, "id": p.ID, "text": "from the future"})
		return tx.Bucket(bucketPosts).Put(p.ID[:], v)
	})
	if _, err := db.Post(ctx, p.ID); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Post of a newer record: %v", err)
	}
}

func TestSecondOpenSaysLockedWithoutHanging(t *testing.T) {
	first, dir := openTemp(t)
	p := post(1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := first.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	second, err := Open(dir, Options{LockTimeout: 200 * time.Millisecond})
	if err == nil {
		second.Close()
	}
	if !errors.Is(err, app.ErrWorkspaceLocked) {
		t.Fatalf("second open: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	// The first is unharmed, and once it closes the next open works.
	if _, err := first.Post(ctx, p.ID); err != nil {
		t.Errorf("the first store after a refused open: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	third, err := Open(dir, Options{LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("open after the first closed: %v", err)
	}
	defer third.Close()
	if _, err := third.Post(ctx, p.ID); err != nil {
		t.Error(err)
	}
}

// writeVersion6 makes a data directory as Relais wrote it at schema
// version 6: the version 1 fixture brought up by the released migrations,
// with accounts, outbox attempts and inbox items, then stripped of what
// version 7 added.
func writeVersion6(t *testing.T, dir string, posts []app.Post, accounts []app.Account, attempts []app.Attempt, items []app.InboxItem) {
	t.Helper()
	writeVersion1(t, dir, posts)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if err := db.PutAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range attempts {
		if err := db.PutAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutInboxItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range append([][]byte{bucketAccountDays, bucketPostStats}, schema8Buckets...) {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 6))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationToVersion7(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := post(1, at)
	account := app.Account{ID: app.NewID(at), Network: app.Mastodon, Server: "https://piaille.fr", Handle: "boulangerie", CreatedAt: at}
	sent := attempt(p.ID, account.ID, 1, at, app.AttemptSent)
	waiting := attempt(p.ID, account.ID, 2, at.AddDate(0, 0, 7), app.AttemptWaiting)
	items := mentions(account.ID, 0, 3, at)
	writeVersion6(t, dir, []app.Post{p}, []app.Account{account}, []app.Attempt{sent, waiting}, items)
	v6 := rawBuckets(t, dir)
	for _, name := range []string{"account_days", "post_stats"} {
		if slices.Contains(v6, name) {
			t.Fatalf("the version 6 fixture has bucket %s", name)
		}
	}
	if !slices.Contains(v6, "outbox") || !slices.Contains(v6, "inbox") {
		t.Fatalf("the version 6 fixture has buckets %v", v6)
	}

	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d after migration", v)
	}
	// What version 6 held is intact.
	if got, err := db.Post(ctx, p.ID); err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("post after migration: %+v, %v", got, err)
	}
	if got, err := db.Account(ctx, account.ID); err != nil || !reflect.DeepEqual(got, account) {
		t.Errorf("account after migration: %+v, %v", got, err)
	}
	if got, err := db.PostAttempts(ctx, p.ID); err != nil || !reflect.DeepEqual(got, []app.Attempt{sent, waiting}) {
		t.Errorf("attempts after migration: %+v, %v", got, err)
	}
	if open, err := db.OpenAttempts(ctx); err != nil || len(open) != 1 || open[0].ID != waiting.ID {
		t.Errorf("open attempts after migration: %+v, %v", open, err)
	}
	if got := sentAttempts(t, db); len(got) != 1 || !reflect.DeepEqual(got[sent.ID], sent) {
		t.Errorf("sent attempts after migration: %+v", got)
	}
	inbox := allInbox(t, db)
	for _, it := range items {
		if !reflect.DeepEqual(inbox[it.ID], it) {
			t.Errorf("inbox item after migration: %+v", inbox[it.ID])
		}
	}
	checkIndexes(t, db)
	checkInboxIndex(t, db)
	// The figures start empty, and work.
	if got := accountDays(t, db, time.Time{}, day(2100, 1, 1)); len(got) != 0 {
		t.Errorf("account days after migration: %v", got)
	}
	if got := allPostStats(t, db); len(got) != 0 {
		t.Errorf("post figures after migration: %v", got)
	}
	days := yearOf(account.ID, day(2026, 11, 1), 25)
	if err := db.PutAccountDays(ctx, days); err != nil {
		t.Fatal(err)
	}
	stats := app.PostStats{Key: sent.ID, Post: p.ID, Target: sent.Target, Account: account.ID, Network: app.Mastodon,
		Ref: sent.Published.Ref, URL: sent.Published.URL, PublishedAt: sent.Published.At, Likes: 4}
	if err := db.PutPostStats(ctx, []app.PostStats{stats}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	checkFile(t, dir)
	if got := rawBuckets(t, dir); !slices.Contains(got, "account_days") || !slices.Contains(got, "post_stats") {
		t.Errorf("buckets after migration: %v", got)
	}

	// Opening again changes nothing.
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d on a second open", v)
	}
	if got := accountDays(t, db, time.Time{}, day(2100, 1, 1)); !reflect.DeepEqual(got, days) {
		t.Errorf("%d account days after reopening", len(got))
	}
	if got := allPostStats(t, db); len(got) != 1 || !reflect.DeepEqual(got[sent.ID], stats) {
		t.Errorf("post figures after reopening: %+v", got)
	}
	if got := sentAttempts(t, db); len(got) != 1 {
		t.Errorf("%d sent attempts after reopening", len(got))
	}
}
