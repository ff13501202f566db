package storage

import (
	"bytes"
	"fmt"
	"sort"
	"sync"

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

// unreadable is what the reads of a DB skipped: the posts whose record
// could not be decoded, and those of them set aside.
type unreadable struct {
	mu      sync.Mutex
	posts   map[app.ID]bool // true once set aside
	pending []app.ID
}

func (u *unreadable) note(id app.ID) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.posts == nil {
		u.posts = map[app.ID]bool{}
	}
	if _, seen := u.posts[id]; !seen {
		u.posts[id] = false
		u.pending = append(u.pending, id)
	}
}

func (u *unreadable) take() []app.ID {
	u.mu.Lock()
	defer u.mu.Unlock()
	ids := u.pending
	u.pending = nil
	return ids
}

func (u *unreadable) setAside(ids []app.ID) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, id := range ids {
		u.posts[id] = true
	}
}

// Unreadable says how many posts the reads of this run skipped because
// their record could not be decoded, and how many of them were set aside
// in the quarantine (none when the file was opened read-only: relais
// doctor does it).
func (db *DB) Unreadable() (skipped, setAside int) {
	db.bad.mu.Lock()
	defer db.bad.mu.Unlock()
	for _, moved := range db.bad.posts {
		skipped++
		if moved {
			setAside++
		}
	}
	return skipped, setAside
}

// quarantinePending sets aside the posts reads skipped, when the file may
// be written. A failure leaves them where they are, skipped again next time.
func (db *DB) quarantinePending() {
	if db.readOnly {
		return
	}
	ids := db.bad.take()
	if len(ids) == 0 {
		return
	}
	if err := db.update(func(tx *bolt.Tx) error { return quarantinePosts(tx, ids) }); err == nil {
		db.bad.setAside(ids)
	}
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
		if _, err := decodePost(v); err == nil {
			continue // rewritten since: readable again
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

// SetAsideUnreadable reads every post, and sets aside those that cannot
// be decoded: what relais doctor does. It returns how many it set aside.
func (db *DB) SetAsideUnreadable() (int, error) {
	if db.readOnly {
		return 0, fmt.Errorf("setting records aside in %s: it was opened for reading only", db.Path())
	}
	var bad []app.ID
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPosts).ForEach(func(k, v []byte) error {
			if _, err := decodePost(v); err != nil && len(k) == len(app.ID{}) {
				bad = append(bad, app.ID(k))
			}
			return nil
		})
	})
	if err != nil || len(bad) == 0 {
		return 0, err
	}
	if err := db.update(func(tx *bolt.Tx) error { return quarantinePosts(tx, bad) }); err != nil {
		return 0, err
	}
	return len(bad), nil
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
