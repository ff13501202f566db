package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// bucketQuarantine holds the records that could not be decoded, set aside
// so that they never hide the others, for relais doctor to list:
//
//	quarantine
//	  <bucket>/<key>      -> the record's bytes, as they were found
//
// It is created the first time a record is set aside; no migration.
var bucketQuarantine = []byte("quarantine")

// unreadable is what the reads of a DB skipped because their record could
// not be decoded: posts and inbox items, each with whether it was set aside.
type unreadable struct {
	mu    sync.Mutex
	posts badSet
	items badSet
}

type badSet struct {
	seen    map[app.ID]bool // true once set aside
	pending []app.ID
}

func (u *unreadable) note(set *badSet, id app.ID) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if set.seen == nil {
		set.seen = map[app.ID]bool{}
	}
	if _, seen := set.seen[id]; !seen {
		set.seen[id] = false
		set.pending = append(set.pending, id)
	}
}

func (u *unreadable) take(set *badSet) []app.ID {
	u.mu.Lock()
	defer u.mu.Unlock()
	ids := set.pending
	set.pending = nil
	return ids
}

func (u *unreadable) setAside(set *badSet, ids []app.ID) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, id := range ids {
		set.seen[id] = true
	}
}

func (u *unreadable) count(set *badSet) (skipped, setAside int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, moved := range set.seen {
		skipped++
		if moved {
			setAside++
		}
	}
	return skipped, setAside
}

// Unreadable says how many posts the reads of this run skipped because
// their record could not be decoded, and how many of them were set aside
// in the quarantine (none when the file was opened read-only: relais
// doctor does it).
func (db *DB) Unreadable() (skipped, setAside int) { return db.bad.count(&db.bad.posts) }

// UnreadableItems is Unreadable for the inbox's items.
func (db *DB) UnreadableItems() (skipped, setAside int) { return db.bad.count(&db.bad.items) }

// quarantinePending sets aside what reads skipped, when the file may be
// written. A failure leaves them where they are, skipped again next time.
func (db *DB) quarantinePending() {
	if db.readOnly {
		return
	}
	for _, q := range []struct {
		set  *badSet
		move func(*bolt.Tx, []app.ID) error
	}{{&db.bad.posts, quarantinePosts}, {&db.bad.items, quarantineItems}} {
		ids := db.bad.take(q.set)
		if len(ids) == 0 {
			continue
		}
		if err := db.update(func(tx *bolt.Tx) error { return q.move(tx, ids) }); err == nil {
			db.bad.setAside(q.set, ids)
		}
	}
}

// quarantineItems moves the records of inbox items that cannot be decoded
// to the quarantine, with the entries of inbox_remote that name them.
func quarantineItems(tx *bolt.Tx, ids []app.ID) error {
	q, err := tx.CreateBucketIfNotExists(bucketQuarantine)
	if err != nil {
		return err
	}
	inbox := tx.Bucket(bucketInbox)
	doomed := map[app.ID]bool{}
	for _, id := range ids {
		v := inbox.Get(id[:])
		if v == nil {
			continue
		}
		if _, err := decodeInboxItem(v); !damagedRecord(err) {
			continue
		}
		if err := q.Put(quarantineKey(bucketInbox, id[:]), bytes.Clone(v)); err != nil {
			return err
		}
		if err := inbox.Delete(id[:]); err != nil {
			return err
		}
		doomed[id] = true
	}
	remote := tx.Bucket(bucketInboxRemote)
	var keys [][]byte
	remote.ForEach(func(k, v []byte) error {
		if len(v) == len(app.ID{}) && doomed[app.ID(v)] {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range keys {
		if err := remote.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// quarantinePosts moves the records of posts that cannot be decoded to
// the quarantine, with the index entries that name them.
func quarantinePosts(tx *bolt.Tx, ids []app.ID) error {
	q, err := tx.CreateBucketIfNotExists(bucketQuarantine)
	if err != nil {
		return err
	}
	posts := tx.Bucket(bucketPosts)
	doomed := map[app.ID]bool{}
	for _, id := range ids {
		v := posts.Get(id[:])
		if v == nil {
			continue
		}
		if _, err := decodePost(v); !damagedRecord(err) {
			continue // rewritten since, or from a newer Relais: not damaged
		}
		if err := q.Put(quarantineKey(bucketPosts, id[:]), bytes.Clone(v)); err != nil {
			return err
		}
		if err := posts.Delete(id[:]); err != nil {
			return err
		}
		if err := tx.Bucket(bucketPostsRecurring).Delete(id[:]); err != nil {
			return err
		}
		doomed[id] = true
	}
	if len(doomed) == 0 {
		return nil
	}
	// The time indexes are keyed by times the record no longer says: a
	// walk finds the entries naming these posts.
	for _, name := range [][]byte{bucketPostsByChange, bucketPostsByTime} {
		index := tx.Bucket(name)
		var keys [][]byte
		index.ForEach(func(k, _ []byte) error {
			if id, ok := idOfTimeKey(k); ok && doomed[id] {
				keys = append(keys, bytes.Clone(k))
			}
			return nil
		})
		for _, k := range keys {
			if err := index.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

func quarantineKey(bucket, key []byte) []byte {
	return append(append(append([]byte(nil), bucket...), '/'), key...)
}

// Quarantined is app.Quarantined.
type Quarantined = app.Quarantined

// Quarantined lists the records set aside.
func (db *DB) Quarantined() ([]Quarantined, error) {
	var out []Quarantined
	err := db.view(func(tx *bolt.Tx) error {
		q := tx.Bucket(bucketQuarantine)
		if q == nil {
			return nil
		}
		return q.ForEach(func(k, v []byte) error {
			kind, key, _ := bytes.Cut(k, []byte("/"))
			out = append(out, Quarantined{Kind: string(kind), Key: fmt.Sprintf("%x", key), Size: len(v)})
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// SetAsideUnreadable reads every post and inbox item, and sets aside
// those that cannot be decoded: what relais doctor does. It returns how
// many it set aside.
func (db *DB) SetAsideUnreadable() (int, error) {
	if db.readOnly {
		return 0, fmt.Errorf("setting records aside in %s: it was opened for reading only", db.Path())
	}
	var posts, items []app.ID
	err := db.view(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketPosts).ForEach(func(k, v []byte) error {
			if _, err := decodePost(v); damagedRecord(err) && len(k) == len(app.ID{}) {
				posts = append(posts, app.ID(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketInbox).ForEach(func(k, v []byte) error {
			if _, err := decodeInboxItem(v); damagedRecord(err) && len(k) == len(app.ID{}) {
				items = append(items, app.ID(k))
			}
			return nil
		})
	})
	if err != nil || len(posts)+len(items) == 0 {
		return 0, err
	}
	err = db.update(func(tx *bolt.Tx) error {
		if err := quarantinePosts(tx, posts); err != nil {
			return err
		}
		return quarantineItems(tx, items)
	})
	if err != nil {
		return 0, err
	}
	return len(posts) + len(items), nil
}

// Check runs bbolt's consistency check on a snapshot of the open file,
// for relais doctor: nil when it is sound.
func (db *DB) Check() error {
	return db.view(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drained whole: the check runs in its own goroutine
			if first == nil {
				first = err
			}
		}
		if first != nil {
			return &DamagedError{Path: db.Path(), Cause: first}
		}
		return nil
	})
}

// Compact rewrites the file without its free pages, for relais doctor run
// while no window holds the workspace: a copy is written beside it from a
// read transaction (bbolt's Compact), checked, then put in place of the
// file, and the store opened again on it. It returns the file's size
// before and after. Nothing else may use the store meanwhile.
func (db *DB) Compact() (before, after int64, err error) {
	if db.readOnly {
		return 0, 0, fmt.Errorf("compacting %s: it was opened for reading only", db.Path())
	}
	path := db.Path()
	info, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	before = info.Size()
	tmp := path + ".compacting"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return 0, 0, fmt.Errorf("compacting %s: %w", path, err)
	}
	err = guard(func() error { return bolt.Compact(dst, db.bolt, 64<<20) })
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = checkPages(tmp)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compacting %s: %w", path, err)
	}
	if err := db.bolt.Close(); err != nil {
		os.Remove(tmp)
		return 0, 0, err
	}
	renameErr := os.Rename(tmp, path)
	if renameErr != nil {
		os.Remove(tmp)
	}
	// Open again, on the compact file or, when it could not be put in
	// place, on the file as it was.
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 10 * time.Second})
	if err != nil {
		return 0, 0, fmt.Errorf("opening %s again after compacting it: %w", path, err)
	}
	db.bolt = b
	if renameErr != nil {
		return 0, 0, fmt.Errorf("compacting %s: %w", path, renameErr)
	}
	if info, err := os.Stat(path); err == nil {
		after = info.Size()
	}
	return before, after, nil
}

// damagedRecord says whether a record's decoding error means it is
// damaged; a record written by a newer Relais is not, and is never set
// aside.
func damagedRecord(err error) bool {
	return err != nil && !errors.Is(err, ErrNewerSchema)
}
