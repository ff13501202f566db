package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// PutPost implements app.PostStore.
func (db *DB) PutPost(ctx context.Context, p app.Post) error {
	return db.PutPosts(ctx, []app.Post{p})
}

// PutPosts stores many posts in one transaction: all of them, or none.
// Imports use it, where one transaction per post would mean one disk sync
// per post.
func (db *DB) PutPosts(ctx context.Context, ps []app.Post) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		for _, p := range ps {
			if err := putPost(tx, p); err != nil {
				return fmt.Errorf("storing post %s: %w", p.ID, err)
			}
		}
		return nil
	})
}

func putPost(tx *bolt.Tx, p app.Post) error {
	value, err := encodePost(p, nil)
	if err != nil {
		return err
	}
	posts := tx.Bucket(bucketPosts)
	if old := posts.Get(p.ID[:]); old != nil {
		prev, err := decodePost(old)
		if err != nil {
			return err
		}
		if err := deleteIndexes(tx, prev); err != nil {
			return err
		}
	}
	if err := posts.Put(p.ID[:], value); err != nil {
		return err
	}
	return putIndexes(tx, p)
}

// putIndexes files p in posts_by_change and, when planned, posts_by_time.
func putIndexes(tx *bolt.Tx, p app.Post) error {
	if err := putIndex(tx.Bucket(bucketPostsByChange), p); err != nil {
		return err
	}
	if p.Recurrence != "" {
		if err := tx.Bucket(bucketPostsRecurring).Put(p.ID[:], nil); err != nil {
			return err
		}
	}
	if p.PlannedAt.IsZero() {
		return nil
	}
	return tx.Bucket(bucketPostsByTime).Put(timeKey(p.PlannedAt, p.ID), nil)
}

// deleteIndexes removes p's entries from the indexes.
func deleteIndexes(tx *bolt.Tx, p app.Post) error {
	if err := tx.Bucket(bucketPostsByChange).Delete(timeKey(p.UpdatedAt, p.ID)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketPostsRecurring).Delete(p.ID[:]); err != nil {
		return err
	}
	if p.PlannedAt.IsZero() {
		return nil
	}
	return tx.Bucket(bucketPostsByTime).Delete(timeKey(p.PlannedAt, p.ID))
}

func putIndex(index *bolt.Bucket, p app.Post) error {
	s := app.Summarize(p)
	r := summaryRecord{Title: s.Title, Snippet: s.Snippet, Tags: s.Tags, Status: s.Status}
	if !s.PlannedAt.IsZero() {
		at := s.PlannedAt.UTC()
		r.PlannedAt = &at
	}
	value, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return index.Put(timeKey(p.UpdatedAt, p.ID), value)
}

// Post implements app.PostStore.
func (db *DB) Post(ctx context.Context, id app.ID) (app.Post, error) {
	if err := ctx.Err(); err != nil {
		return app.Post{}, err
	}
	var p app.Post
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPosts).Get(id[:])
		if v == nil {
			return app.ErrNotFound
		}
		var err error
		p, err = decodePost(v) // decoding copies: nothing points into the mmap
		return err
	})
	return p, err
}

// ctxCheckEvery is how many items a long iteration handles between two
// looks at its context.
const ctxCheckEvery = 256

// Summaries implements app.PostStore: a reverse walk of posts_by_change.
func (db *DB) Summaries(ctx context.Context, fn func(app.Summary) bool) error {
	defer db.quarantinePending()
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPostsByChange).Cursor()
		n := 0
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			id, ok := idOfTimeKey(k)
			if !ok {
				return fmt.Errorf("malformed index key %x", k)
			}
			var r summaryRecord
			var s app.Summary
			if err := json.Unmarshal(v, &r); err == nil {
				s = app.Summary{ID: id, Title: r.Title, Snippet: r.Snippet, Tags: r.Tags, Status: r.Status, UpdatedAt: timeOfKey(k)}
				if r.PlannedAt != nil {
					s.PlannedAt = r.PlannedAt.UTC()
				}
			} else if p, err := decodePost(tx.Bucket(bucketPosts).Get(id[:])); err == nil {
				// A damaged summary: the post itself says it.
				s = app.Summarize(p)
			} else if !damagedRecord(err) {
				return err // written by a newer Relais: not this one's to skip
			} else {
				// Neither can be read: skipped, never hiding the others.
				db.bad.note(&db.bad.posts, id)
				continue
			}
			if !fn(s) {
				return nil
			}
		}
		return ctx.Err()
	})
}

// Posts implements app.PostStore.
func (db *DB) Posts(ctx context.Context, fn func(app.Post) bool) error {
	defer db.quarantinePending()
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPostsByChange).Cursor()
		newestFirst := func(yield func([]byte) bool) {
			for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
				if !yield(k) {
					return
				}
			}
		}
		return db.readIndexed(ctx, tx, newestFirst, idOfTimeKey, fn)
	})
}

// PlannedBetween implements app.PostStore: a seek in posts_by_time.
func (db *DB) PlannedBetween(ctx context.Context, from, to time.Time, fn func(app.Post) bool) error {
	defer db.quarantinePending()
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPostsByTime).Cursor()
		end := timeKey(to, app.ID{})
		inRange := func(yield func([]byte) bool) {
			for k, _ := c.Seek(timeKey(from, app.ID{})); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
				if !yield(k) {
					return
				}
			}
		}
		return db.readIndexed(ctx, tx, inRange, idOfTimeKey, fn)
	})
}

// RecurringPosts implements app.PostStore: a walk of posts_recurring,
// whose keys are bare IDs.
func (db *DB) RecurringPosts(ctx context.Context, fn func(app.Post) bool) error {
	defer db.quarantinePending()
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPostsRecurring).Cursor()
		all := func(yield func([]byte) bool) {
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if !yield(k) {
					return
				}
			}
		}
		return db.readIndexed(ctx, tx, all, idOfKey, fn)
	})
}

// readIndexed calls fn with each post that the index keys name (idOf reads
// the ID in a key), until fn returns false, looking at ctx every
// ctxCheckEvery keys.
func (db *DB) readIndexed(ctx context.Context, tx *bolt.Tx, keys iter.Seq[[]byte], idOf func([]byte) (app.ID, bool), fn func(app.Post) bool) error {
	posts := tx.Bucket(bucketPosts)
	n := 0
	for k := range keys {
		if n++; n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		id, ok := idOf(k)
		if !ok {
			return fmt.Errorf("malformed index key %x", k)
		}
		v := posts.Get(id[:])
		if v == nil {
			return fmt.Errorf("an index names post %s, which is missing", id)
		}
		p, err := decodePost(v)
		if damagedRecord(err) {
			// Skipped, never hiding the others; set aside after the read.
			db.bad.note(&db.bad.posts, id)
			continue
		}
		if err != nil {
			return err
		}
		if !fn(p) {
			return nil
		}
	}
	return ctx.Err()
}

// TrashPost implements app.PostStore.
func (db *DB) TrashPost(ctx context.Context, id app.ID, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		posts := tx.Bucket(bucketPosts)
		v := posts.Get(id[:])
		if v == nil {
			return app.ErrNotFound
		}
		p, err := decodePost(v)
		if err != nil {
			return err
		}
		at = at.UTC()
		record, err := encodePost(p, &at)
		if err != nil {
			return err
		}
		// An older trashed copy under this ID (trashed, saved again,
		// trashed again) is replaced, its purge entry with it.
		if _, _, err := takeFromTrash(tx, id); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTrash).Put(id[:], record); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTrashByTime).Put(timeKey(at, id), nil); err != nil {
			return err
		}
		if err := deleteIndexes(tx, p); err != nil {
			return err
		}
		return posts.Delete(id[:])
	})
}

// RestorePost implements app.PostStore.
func (db *DB) RestorePost(ctx context.Context, id app.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		p, found, err := takeFromTrash(tx, id)
		if err != nil {
			return err
		}
		if !found {
			return app.ErrNotFound
		}
		// putPost, not a bare Put: a post saved again under this ID since
		// it was trashed is replaced, its index entries with it.
		return putPost(tx, p)
	})
}

// takeFromTrash removes the trashed copy of a post, and its purge entry,
// and returns it; found is false when the trash holds none.
func takeFromTrash(tx *bolt.Tx, id app.ID) (p app.Post, found bool, err error) {
	trash := tx.Bucket(bucketTrash)
	v := trash.Get(id[:])
	if v == nil {
		return app.Post{}, false, nil
	}
	r, err := decodeRecord(v)
	if err != nil {
		return app.Post{}, false, fmt.Errorf("trashed post %s: %w", id, err)
	}
	if r.TrashedAt != nil {
		if err := tx.Bucket(bucketTrashByTime).Delete(timeKey(*r.TrashedAt, id)); err != nil {
			return app.Post{}, false, err
		}
	}
	if err := trash.Delete(id[:]); err != nil {
		return app.Post{}, false, err
	}
	return r.post(), true, nil
}

// PurgeTrash implements app.PostStore.
func (db *DB) PurgeTrash(ctx context.Context, before time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		trash := tx.Bucket(bucketTrash)
		byTime := tx.Bucket(bucketTrashByTime)
		limit := timeKey(before, app.ID{})
		var doomed [][]byte
		c := byTime.Cursor()
		for k, _ := c.First(); k != nil && string(k) < string(limit); k, _ = c.Next() {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		for _, k := range doomed {
			id, ok := idOfTimeKey(k)
			if !ok {
				return fmt.Errorf("malformed trash key %x", k)
			}
			if err := trash.Delete(id[:]); err != nil {
				return err
			}
			if err := byTime.Delete(k); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
