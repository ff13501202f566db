package storage

import (
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// spoil replaces a post's record with JSON whose time cannot be parsed,
// as one damaged byte does.
func spoil(t *testing.T, db *DB, id app.ID) {
	t.Helper()
	err := db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPosts).Put(id[:], []byte(`{"v":1,"text":"x","created_at":"2026-13-45T99:00:00Z"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOneBadRecordHidesNoOther(t *testing.T) {
	dir, ids := healthyWorkspace(t, 5, false)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	spoil(t, db, ids[2])
	db.Close()

	// A read-only run skips it and says so, and writes nothing.
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(allPosts(t, ro)); got != 4 {
		t.Errorf("read-only: %d posts, want the 4 others", got)
	}
	if skipped, moved := ro.Unreadable(); skipped != 1 || moved != 0 {
		t.Errorf("read-only: skipped %d, set aside %d", skipped, moved)
	}
	ro.Close()

	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := len(allPosts(t, db)); got != 4 {
		t.Errorf("%d posts, want the 4 others", got)
	}
	if skipped, moved := db.Unreadable(); skipped != 1 || moved != 1 {
		t.Errorf("skipped %d, set aside %d", skipped, moved)
	}
	q, err := db.Quarantined()
	if err != nil || len(q) != 1 || q[0].Kind != "posts" {
		t.Fatalf("quarantine %v, %v", q, err)
	}
	// Set aside with its index entries: the lists agree and bbolt too.
	if got := len(summaries(t, db)); got != 4 {
		t.Errorf("%d summaries, want 4", got)
	}
	checkIndexes(t, db)
}

func TestADamagedSummaryIsReadFromItsPost(t *testing.T) {
	dir, ids := healthyWorkspace(t, 3, false)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPostsByChange).Cursor()
		k, _ := c.First()
		return tx.Bucket(bucketPostsByChange).Put(k, []byte("{garbage"))
	})
	if err != nil {
		t.Fatal(err)
	}
	list := summaries(t, db)
	if len(list) != 3 || list[2].ID != ids[0] || list[2].Title == "" {
		t.Fatalf("summaries %+v", list)
	}
}

func TestDoctorSetsAsideWhatCannotBeRead(t *testing.T) {
	dir, ids := healthyWorkspace(t, 4, false)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	spoil(t, db, ids[0])
	n, err := db.SetAsideUnreadable()
	if err != nil || n != 1 {
		t.Fatalf("set aside %d, %v", n, err)
	}
	if q, _ := db.Quarantined(); len(q) != 1 {
		t.Errorf("quarantine %v", q)
	}
	checkIndexes(t, db)
}

func TestOneBadInboxItemHidesNoOther(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(t0)
	if _, err := db.MergeInbox(ctx, account, "c", mentions(account, 0, 5, t0)); err != nil {
		t.Fatal(err)
	}
	var spoiled app.ID
	err := db.update(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketInbox).Cursor().First()
		spoiled = app.ID(k)
		return tx.Bucket(bucketInbox).Put(k, []byte(`{"v":1,"at":"not a time"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := db.InboxItems(ctx, func(app.InboxItem) bool { n++; return true }); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("%d items, want the 4 others", n)
	}
	if skipped, moved := db.UnreadableItems(); skipped != 1 || moved != 1 {
		t.Errorf("skipped %d, set aside %d", skipped, moved)
	}
	q, _ := db.Quarantined()
	if len(q) != 1 || q[0].Kind != "inbox" {
		t.Errorf("quarantine %v", q)
	}
	// Its remote ID is free again: the next read of the network brings
	// the item back whole.
	err = db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketInboxRemote).ForEach(func(k, v []byte) error {
			if app.ID(v) == spoiled {
				t.Error("inbox_remote still names the item set aside")
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCompactShrinksAndKeepsEverything(t *testing.T) {
	dir, ids := healthyWorkspace(t, 2000, false)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.bolt.NoSync = true
	for _, id := range ids[:1900] {
		if err := db.TrashPost(ctx, id, damageDay); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.PurgeTrash(ctx, damageDay.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.bolt.NoSync = false
	before, after, err := db.Compact()
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("%d bytes before, %d after", before, after)
	}
	if got := len(allPosts(t, db)); got != 100 {
		t.Errorf("%d posts after compacting, want 100", got)
	}
	// Still writable, and sound.
	if err := db.PutPost(ctx, post(1, damageDay)); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestANewerRecordIsNeverSetAside(t *testing.T) {
	dir, ids := healthyWorkspace(t, 3, false)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPosts).Put(ids[0][:], []byte(`{"v":99,"text":"from the future"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Posts(ctx, func(app.Post) bool { return true }); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Posts: %v", err)
	}
	if n, err := db.SetAsideUnreadable(); n != 0 || err != nil {
		t.Errorf("doctor set aside %d, %v", n, err)
	}
	if q, _ := db.Quarantined(); len(q) != 0 {
		t.Errorf("quarantined %v", q)
	}
}
