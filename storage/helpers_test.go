package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
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

func allPosts(t testing.TB, db *DB) []app.Post {
	t.Helper()
	var out []app.Post
	if err := db.Posts(ctx, func(p app.Post) bool { out = append(out, p); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func summaryIDs(list []app.Summary) []app.ID {
	var out []app.ID
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func postIDs(list []app.Post) []app.ID {
	var out []app.ID
	for _, p := range list {
		out = append(out, p.ID)
	}
	return out
}

func schemaOfFile(t testing.TB, db *DB) int {
	t.Helper()
	var version int
	db.bolt.View(func(tx *bolt.Tx) error { version = schemaOf(tx); return nil })
	return version
}

// checkFile opens a closed database file with bbolt alone and runs its
// consistency check (pages, freelist, bucket tree).
func checkFile(t testing.TB, dir string) {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("bbolt check of %s: %v", dir, err)
	}
}

// checkIndexes verifies, in one read transaction, that every index says
// exactly what the records say: posts_by_change holds one entry per post,
// at its last change, with its summary; posts_by_time one per planned
// post; trash_by_time one per trashed post, at the time it was trashed.
func checkIndexes(t testing.TB, db *DB) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		wantChange := map[string]summaryRecord{}
		wantPlanned := map[string]bool{}
		wantRecurring := map[string]bool{}
		err := tx.Bucket(bucketPosts).ForEach(func(k, v []byte) error {
			p, err := decodePost(v)
			if err != nil {
				return err
			}
			if !bytes.Equal(k, p.ID[:]) {
				return fmt.Errorf("post %s filed under %x", p.ID, k)
			}
			s := app.Summarize(p)
			r := summaryRecord{Title: s.Title, Snippet: s.Snippet, Tags: s.Tags, Status: s.Status}
			if !p.PlannedAt.IsZero() {
				at := p.PlannedAt.UTC()
				r.PlannedAt = &at
			}
			wantChange[string(timeKey(p.UpdatedAt, p.ID))] = r
			if !p.PlannedAt.IsZero() {
				wantPlanned[string(timeKey(p.PlannedAt, p.ID))] = true
			}
			if p.Recurrence != "" {
				wantRecurring[string(p.ID[:])] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		n := 0
		err = tx.Bucket(bucketPostsByChange).ForEach(func(k, v []byte) error {
			n++
			want, ok := wantChange[string(k)]
			if !ok {
				return fmt.Errorf("posts_by_change has %x, which no post has", k)
			}
			var got summaryRecord
			if err := json.Unmarshal(v, &got); err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("posts_by_change %x holds %+v, the post says %+v", k, got, want)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n != len(wantChange) {
			return fmt.Errorf("posts_by_change has %d entries for %d posts", n, len(wantChange))
		}
		if err := sameKeys(tx.Bucket(bucketPostsByTime), wantPlanned); err != nil {
			return fmt.Errorf("posts_by_time: %w", err)
		}
		if b := tx.Bucket(bucketPostsRecurring); b != nil {
			if err := sameKeys(b, wantRecurring); err != nil {
				return fmt.Errorf("posts_recurring: %w", err)
			}
		}
		if err := checkEventIndexes(tx); err != nil {
			return err
		}

		wantTrashed := map[string]bool{}
		err = tx.Bucket(bucketTrash).ForEach(func(k, v []byte) error {
			r, err := decodeRecord(v)
			if err != nil {
				return err
			}
			if r.TrashedAt == nil {
				return fmt.Errorf("trashed post %x has no trashed_at", k)
			}
			wantTrashed[string(timeKey(*r.TrashedAt, r.ID))] = true
			return nil
		})
		if err != nil {
			return err
		}
		if err := sameKeys(tx.Bucket(bucketTrashByTime), wantTrashed); err != nil {
			return fmt.Errorf("trash_by_time: %w", err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("indexes: %v", err)
	}
}

func sameKeys(b *bolt.Bucket, want map[string]bool) error {
	n := 0
	err := b.ForEach(func(k, _ []byte) error {
		n++
		if !want[string(k)] {
			return fmt.Errorf("extra key %x", k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n != len(want) {
		return fmt.Errorf("%d keys, want %d", n, len(want))
	}
	return nil
}

// checkEventIndexes verifies that events_by_time holds one entry per event
// at its start, and events_by_uid one per UID, naming its event.
func checkEventIndexes(tx *bolt.Tx) error {
	events := tx.Bucket(bucketEvents)
	if events == nil {
		return nil
	}
	wantTime := map[string]bool{}
	wantUID := map[string]bool{}
	err := events.ForEach(func(k, v []byte) error {
		e, err := decodeEvent(v)
		if err != nil {
			return err
		}
		wantTime[string(timeKey(e.Start, e.ID))] = true
		if e.UID != "" {
			if got := tx.Bucket(bucketEventsByUID).Get([]byte(e.UID)); !bytes.Equal(got, e.ID[:]) {
				return fmt.Errorf("events_by_uid %q names %x, not %s", e.UID, got, e.ID)
			}
			wantUID[e.UID] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := sameKeys(tx.Bucket(bucketEventsByTime), wantTime); err != nil {
		return fmt.Errorf("events_by_time: %w", err)
	}
	if err := sameKeys(tx.Bucket(bucketEventsByUID), wantUID); err != nil {
		return fmt.Errorf("events_by_uid: %w", err)
	}
	return nil
}
