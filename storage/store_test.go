package storage

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

var ctx = context.Background()

func openTemp(t testing.TB) (*DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dir
}

func post(i int, at time.Time) app.Post {
	return app.Post{
		ID: app.NewID(at), Title: fmt.Sprintf("Titre %d", i), Text: fmt.Sprintf("Texte n°%d, avec des accents : été", i),
		Tags: []string{"a", fmt.Sprint(i)}, Status: app.StatusDraft, CreatedAt: at, UpdatedAt: at,
	}
}

func summaries(t testing.TB, db *DB) []app.Summary {
	t.Helper()
	var out []app.Summary
	if err := db.Summaries(ctx, func(s app.Summary) bool { out = append(out, s); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStoreRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 10, 30, 0, 123456789, time.UTC)
	p := post(1, at)
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := db.Post(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != p.ID || got.Title != p.Title || got.Text != p.Text || got.Status != p.Status ||
		fmt.Sprint(got.Tags) != fmt.Sprint(p.Tags) || !got.CreatedAt.Equal(at) || !got.UpdatedAt.Equal(at) {
		t.Errorf("got %+v, want %+v", got, p)
	}
	if _, err := db.Post(ctx, app.NewID(at)); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("missing post: %v", err)
	}
}

func TestStoreReplaceMovesIndex(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := post(1, t0), post(2, t0.Add(time.Hour))
	if err := db.PutPosts(ctx, []app.Post{a, b}); err != nil {
		t.Fatal(err)
	}
	if s := summaries(t, db); len(s) != 2 || s[0].ID != b.ID {
		t.Fatalf("newest change not first: %+v", s)
	}
	a.Text = "réécrit"
	a.UpdatedAt = t0.Add(2 * time.Hour)
	if err := db.PutPost(ctx, a); err != nil {
		t.Fatal(err)
	}
	s := summaries(t, db)
	if len(s) != 2 || s[0].ID != a.ID || s[0].Snippet != "réécrit" || !s[0].UpdatedAt.Equal(a.UpdatedAt) {
		t.Fatalf("after replacing: %+v", s)
	}
}

func TestStoreTrashRestorePurge(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a, b := post(1, t0), post(2, t0.Add(time.Minute))
	if err := db.PutPosts(ctx, []app.Post{a, b}); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Post(ctx, a.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("trashed post still readable: %v", err)
	}
	if s := summaries(t, db); len(s) != 1 || s[0].ID != b.ID {
		t.Errorf("trashed post still listed: %+v", s)
	}
	if err := db.TrashPost(ctx, a.ID, t0); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("trashing twice: %v", err)
	}
	if err := db.RestorePost(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Post(ctx, a.ID); err != nil || !got.UpdatedAt.Equal(a.UpdatedAt) {
		t.Errorf("restored %+v, %v", got, err)
	}
	if s := summaries(t, db); len(s) != 2 || s[1].ID != a.ID {
		t.Errorf("restored post not back in its place: %+v", s)
	}

	// Purge: only what was trashed before the limit.
	if err := db.TrashPost(ctx, a.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, b.ID, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, err := db.PurgeTrash(ctx, t0.Add(2*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if err := db.RestorePost(ctx, a.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("restoring a purged post: %v", err)
	}
	if err := db.RestorePost(ctx, b.ID); err != nil {
		t.Errorf("the later trashed post was purged too: %v", err)
	}
}

func TestStoreSettings(t *testing.T) {
	db, _ := openTemp(t)
	if v, err := db.Setting(ctx, "ui.language"); err != nil || v != "" {
		t.Fatalf("unset: %q, %v", v, err)
	}
	if err := db.SetSetting(ctx, "ui.language", "fr"); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Setting(ctx, "ui.language"); v != "fr" {
		t.Errorf("got %q", v)
	}
	if err := db.SetSetting(ctx, "ui.language", ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Setting(ctx, "ui.language"); v != "" {
		t.Errorf("after delete got %q", v)
	}
}

// writeVersion1 makes a data directory as Relais wrote it at schema
// version 1: meta, posts and settings, no index and no trash.
func writeVersion1(t *testing.T, dir string, posts []app.Post) {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket([]byte("meta"))
		bucket, _ := tx.CreateBucket([]byte("posts"))
		settings, _ := tx.CreateBucket([]byte("settings"))
		if err := settings.Put([]byte("ui.language"), []byte("fr")); err != nil {
			return err
		}
		for _, p := range posts {
			record := map[string]any{
				"v": 1, "id": p.ID, "title": p.Title, "text": p.Text, "tags": p.Tags,
				"status": p.Status, "created_at": p.CreatedAt, "updated_at": p.UpdatedAt,
			}
			if !p.PlannedAt.IsZero() {
				record["planned_at"] = p.PlannedAt
			}
			v, err := json.Marshal(record)
			if err != nil {
				return err
			}
			if err := bucket.Put(p.ID[:], v); err != nil {
				return err
			}
		}
		return meta.Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationFromVersion1(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	old := []app.Post{post(1, t0.Add(2*time.Hour)), post(2, t0), post(3, t0.Add(time.Hour))}
	writeVersion1(t, dir, old)

	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	db.bolt.View(func(tx *bolt.Tx) error { version = schemaOf(tx); return nil })
	if version != SchemaVersion() {
		t.Errorf("schema %d after open, want %d", version, SchemaVersion())
	}
	s := summaries(t, db)
	if len(s) != 3 || s[0].ID != old[0].ID || s[1].ID != old[2].ID || s[2].ID != old[1].ID {
		t.Fatalf("migrated index: %+v", s)
	}
	if s[0].Snippet != app.Summarize(old[0]).Snippet || s[0].Title != old[0].Title {
		t.Errorf("migrated summary %+v", s[0])
	}
	if v, _ := db.Setting(ctx, "ui.language"); v != "fr" {
		t.Errorf("settings lost in migration: %q", v)
	}
	// The new buckets work on a migrated file.
	if err := db.TrashPost(ctx, old[1].ID, t0); err != nil {
		t.Errorf("trash on a migrated file: %v", err)
	}
}

func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	writeVersion1(t, dir, nil)
	b, _ := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	b.Update(func(tx *bolt.Tx) error { return setSchema(tx, SchemaVersion()+1) })
	b.Close()
	before, _ := os.ReadFile(filepath.Join(dir, FileName))

	if _, err := Open(dir, Options{}); !errors.Is(err, ErrNewerSchema) || !errors.Is(err, app.ErrNewerSchema) {
		t.Fatalf("open of a newer file: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if string(before) != string(after) {
		t.Error("a file from a newer Relais was changed")
	}
}

func TestSecondOpenSaysLockedWithoutHanging(t *testing.T) {
	_, dir := openTemp(t)
	start := time.Now()
	_, err := Open(dir, Options{LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, app.ErrWorkspaceLocked) {
		t.Fatalf("second open: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestConcurrentReadersSeeWholeTransactions(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const writes = 200
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	done := make(chan struct{})
	wg.Add(1)
	go func() { // each write adds two posts in one transaction
		defer wg.Done()
		defer close(done)
		for i := 0; i < writes; i++ {
			at := t0.Add(time.Duration(i) * time.Minute)
			if err := db.PutPosts(ctx, []app.Post{post(2*i, at), post(2*i+1, at.Add(time.Second))}); err != nil {
				errs <- err
				return
			}
		}
	}()
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				// Posts walks the index and reads each post in one read
				// transaction: it fails if the index names a missing post.
				// (A callback must not start another transaction: bbolt
				// would deadlock when a writer grows the file.)
				n := 0
				err := db.Posts(ctx, func(app.Post) bool { n++; return true })
				if err != nil {
					errs <- err
					return
				}
				if n%2 != 0 {
					errs <- fmt.Errorf("saw %d posts: half a transaction", n)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(summaries(t, db)); n != 2*writes {
		t.Errorf("%d posts at the end", n)
	}
}

func TestCancelledListing(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var ps []app.Post
	for i := 0; i < 2000; i++ {
		ps = append(ps, post(i, t0.Add(time.Duration(i)*time.Second)))
	}
	if err := db.PutPosts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err := db.Summaries(cctx, func(app.Summary) bool { return true })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Summaries: %v", err)
	}
	if err := db.Posts(cctx, func(app.Post) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Errorf("Posts: %v", err)
	}
}

// TestHelperWriterProcess is the child of TestKilledWriterLosesNothing.
func TestHelperWriterProcess(t *testing.T) {
	dir := os.Getenv("RELAIS_TEST_WRITER_DIR")
	if dir == "" {
		t.Skip("only runs as a child process")
	}
	db, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	t0 := time.Now()
	for i := 0; ; i++ {
		p := post(i, t0.Add(time.Duration(i)*time.Millisecond))
		p.Text = string(make([]byte, 200+i%3000)) // vary the page layout
		if err := db.PutPost(ctx, p); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Println(p.ID) // acknowledged: on disk
	}
}

func TestKilledWriterLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriterProcess$")
	cmd.Env = append(os.Environ(), "RELAIS_TEST_WRITER_DIR="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []app.ID
	lines := bufio.NewScanner(stdout)
	for len(acked) < 300 && lines.Scan() {
		id, err := app.ParseID(lines.Text())
		if err != nil {
			t.Fatalf("child said %q", lines.Text())
		}
		acked = append(acked, id)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if len(acked) < 300 {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}

	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	b.Close()
	if err != nil {
		t.Fatalf("file inconsistent after kill: %v", err)
	}
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range acked {
		if _, err := db.Post(ctx, id); err != nil {
			t.Fatalf("acknowledged post %s lost: %v", id, err)
		}
	}
}

func BenchmarkSummaries100000(b *testing.B) {
	db, _ := openTemp(b)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for done := 0; done < 100_000; done += 10_000 {
		var ps []app.Post
		for i := done; i < done+10_000; i++ {
			ps = append(ps, post(i, t0.Add(time.Duration(i)*time.Minute)))
		}
		if err := db.PutPosts(ctx, ps); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n := len(summaries(b, db)); n != 100_000 {
			b.Fatal(n)
		}
	}
}

func BenchmarkPutPost(b *testing.B) {
	db, _ := openTemp(b)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.PutPost(ctx, post(i, t0.Add(time.Duration(i)*time.Second))); err != nil {
			b.Fatal(err)
		}
	}
}
