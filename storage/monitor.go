package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/spike"
)

var (
	_ monitor.Store       = (*DB)(nil)
	_ monitor.HourCounter = (*DB)(nil)
)

// Schema 8: the veille.
var (
	bucketWatches          = []byte("watches")
	bucketWatchItems       = []byte("watch_items")
	bucketWatchItemsByTime = []byte("watch_items_by_time")
	bucketWatchItemsByURI  = []byte("watch_items_by_uri")
	bucketWatchItemsBy     = []byte("watch_items_by_watch")
)

// watchRecord is a monitor.Watch as stored. Its fields only grow.
type watchRecord struct {
	V       int                          `json:"v"`
	ID      app.ID                       `json:"id"`
	Name    string                       `json:"name"`
	Kind    monitor.Kind                 `json:"kind"`
	Query   string                       `json:"query"`
	Sources []sourceRecord               `json:"sources"`
	Notify  bool                         `json:"notify,omitempty"`
	Created time.Time                    `json:"created"`
	State   map[string]sourceStateRecord `json:"state,omitempty"`
}

const watchRecordVersion = 1

type sourceRecord struct {
	Kind    monitor.SourceKind `json:"kind"`
	Account *app.ID            `json:"account,omitempty"`
	URL     string             `json:"url,omitempty"`
}

type sourceStateRecord struct {
	LastRead  time.Time `json:"last_read,omitzero"`
	NextDue   time.Time `json:"next_due,omitzero"`
	Failures  int       `json:"failures,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	Note      string    `json:"note,omitempty"`
	Cursor    string    `json:"cursor,omitempty"`
	Since     time.Time `json:"since,omitzero"`
}

// itemRecord is a monitor.Item as stored. Its fields only grow.
type itemRecord struct {
	V         int                `json:"v"`
	ID        app.ID             `json:"id"`
	URI       string             `json:"uri"`
	URL       string             `json:"url,omitempty"`
	PostID    string             `json:"post_id,omitempty"`
	PostCID   string             `json:"post_cid,omitempty"`
	Source    monitor.SourceKind `json:"source"`
	Author    authorRecord       `json:"author,omitzero"`
	Title     string             `json:"title,omitempty"`
	Text      string             `json:"text,omitempty"`
	Language  string             `json:"language,omitempty"`
	Published time.Time          `json:"published,omitzero"`
	Likes     int                `json:"likes,omitempty"`
	Reposts   int                `json:"reposts,omitempty"`
	Replies   int                `json:"replies,omitempty"`
	Watches   []app.ID           `json:"watches"`
	Account   *app.ID            `json:"account,omitempty"`
	FeedURL   string             `json:"feed,omitempty"`
	Sentiment monitor.Sentiment  `json:"sentiment,omitempty"`
	Read      bool               `json:"read,omitempty"`
	Important bool               `json:"important,omitempty"`
	FoundAt   time.Time          `json:"found_at"`
}

const itemRecordVersion = 1

func watchRecordOf(w monitor.Watch) watchRecord {
	r := watchRecord{V: watchRecordVersion, ID: w.ID, Name: w.Name, Kind: w.Kind, Query: w.Query, Notify: w.Notify, Created: w.Created.UTC()}
	for _, s := range w.Sources {
		sr := sourceRecord{Kind: s.Kind, URL: s.URL}
		if !s.Account.IsZero() {
			a := s.Account
			sr.Account = &a
		}
		r.Sources = append(r.Sources, sr)
	}
	if len(w.State) > 0 {
		r.State = make(map[string]sourceStateRecord, len(w.State))
		for k, st := range w.State {
			r.State[k] = sourceStateRecord{LastRead: st.LastRead.UTC(), NextDue: st.NextDue.UTC(), Failures: st.Failures,
				LastError: st.LastError, Note: st.Note, Cursor: st.Cursor, Since: st.Since.UTC()}
		}
	}
	return r
}

func decodeWatch(b []byte) (monitor.Watch, error) {
	var r watchRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return monitor.Watch{}, fmt.Errorf("decoding a watch: %w", err)
	}
	if r.V > watchRecordVersion {
		return monitor.Watch{}, fmt.Errorf("watch record version %d: %w", r.V, ErrNewerSchema)
	}
	w := monitor.Watch{ID: r.ID, Name: r.Name, Kind: r.Kind, Query: r.Query, Notify: r.Notify, Created: r.Created.UTC(),
		State: make(map[string]monitor.SourceState, len(r.State))}
	for _, s := range r.Sources {
		ref := monitor.SourceRef{Kind: s.Kind, URL: s.URL}
		if s.Account != nil {
			ref.Account = *s.Account
		}
		w.Sources = append(w.Sources, ref)
	}
	for k, st := range r.State {
		w.State[k] = monitor.SourceState{LastRead: st.LastRead.UTC(), NextDue: st.NextDue.UTC(), Failures: st.Failures,
			LastError: st.LastError, Note: st.Note, Cursor: st.Cursor, Since: st.Since.UTC()}
	}
	return w, nil
}

func itemRecordOf(it monitor.Item) itemRecord {
	r := itemRecord{V: itemRecordVersion, ID: it.ID, URI: it.URI, URL: it.URL, PostID: it.PostID, PostCID: it.PostCID, Source: it.Source, Author: authorRecord(it.Author),
		Title: it.Title, Text: it.Text, Language: it.Language, Published: it.Published.UTC(), Likes: it.Likes, Reposts: it.Reposts,
		Replies: it.Replies, Watches: it.Watches, FeedURL: it.FeedURL, Sentiment: it.Sentiment, Read: it.Read,
		Important: it.Important, FoundAt: it.FoundAt.UTC()}
	if !it.Account.IsZero() {
		a := it.Account
		r.Account = &a
	}
	return r
}

func decodeWatchItem(b []byte) (monitor.Item, error) {
	var r itemRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return monitor.Item{}, fmt.Errorf("decoding a watch item: %w", err)
	}
	if r.V > itemRecordVersion {
		return monitor.Item{}, fmt.Errorf("watch item record version %d: %w", r.V, ErrNewerSchema)
	}
	it := monitor.Item{ID: r.ID, Found: monitor.Found{URI: r.URI, URL: r.URL, PostID: r.PostID, PostCID: r.PostCID, Source: r.Source, Author: app.Author(r.Author),
		Title: r.Title, Text: r.Text, Language: r.Language, Published: r.Published.UTC(), Likes: r.Likes, Reposts: r.Reposts,
		Replies: r.Replies}, Watches: r.Watches, FeedURL: r.FeedURL, Sentiment: r.Sentiment, Read: r.Read,
		Important: r.Important, FoundAt: r.FoundAt.UTC()}
	if r.Account != nil {
		it.Account = *r.Account
	}
	return it, nil
}

// Watches implements monitor.Store: every watch, oldest first (IDs start
// with their creation time).
func (db *DB) Watches(ctx context.Context) ([]monitor.Watch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return records(db, bucketWatches, "watch", decodeWatch)
}

// PutWatch implements monitor.Store.
func (db *DB) PutWatch(ctx context.Context, w monitor.Watch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.ID.IsZero() {
		return fmt.Errorf("a watch without an ID: %w", app.ErrBadID)
	}
	v, err := json.Marshal(watchRecordOf(w))
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketWatches).Put(w.ID[:], v) })
}

// DeleteWatch implements monitor.Store: the watch's items are the prefix
// of watch_items_by_watch its ID starts.
func (db *DB) DeleteWatch(ctx context.Context, id app.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketWatches).Get(id[:]) == nil {
			return fmt.Errorf("watch %s: %w", id, app.ErrNotFound)
		}
		if err := tx.Bucket(bucketWatches).Delete(id[:]); err != nil {
			return err
		}
		by := tx.Bucket(bucketWatchItemsBy)
		var keys [][]byte
		c := by.Cursor()
		for k, _ := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		items := tx.Bucket(bucketWatchItems)
		for _, k := range keys {
			if err := by.Delete(k); err != nil {
				return err
			}
			itemID := k[len(id)+8:]
			v := items.Get(itemID)
			if v == nil {
				continue
			}
			it, err := decodeWatchItem(v)
			if err != nil {
				return err
			}
			it.Watches = slices.DeleteFunc(it.Watches, func(w app.ID) bool { return w == id })
			if len(it.Watches) == 0 {
				if err := deleteWatchItem(tx, it); err != nil {
					return err
				}
				continue
			}
			if err := putWatchItem(tx, it, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func byWatchKey(watch app.ID, at time.Time, id app.ID) []byte {
	return append(watch[:len(watch):len(watch)], timeKey(at, id)...)
}

// putWatchItem stores an item and its index keys; old is the watches it
// was indexed under before (nil for a new item).
func putWatchItem(tx *bolt.Tx, it monitor.Item, old []app.ID) error {
	v, err := json.Marshal(itemRecordOf(it))
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketWatchItems).Put(it.ID[:], v); err != nil {
		return err
	}
	at := it.At()
	if old == nil {
		if err := tx.Bucket(bucketWatchItemsByTime).Put(timeKey(at, it.ID), nil); err != nil {
			return err
		}
		if err := tx.Bucket(bucketWatchItemsByURI).Put([]byte(it.URI), it.ID[:]); err != nil {
			return err
		}
	}
	// Each watch's key carries the item's tone, so that a watch's hourly
	// counts are read from the index alone; written again each time, as
	// the tone may have changed.
	by, tone := tx.Bucket(bucketWatchItemsBy), toneOf(it.Sentiment)
	for _, w := range it.Watches {
		if err := by.Put(byWatchKey(w, at, it.ID), tone); err != nil {
			return err
		}
	}
	return nil
}

// The tones in watch_items_by_watch's values. An empty value is a key
// written before they were (schema 8 as first shipped): its item tells.
var (
	toneNegative = []byte{'n'}
	toneOther    = []byte{'o'}
)

func toneOf(s monitor.Sentiment) []byte {
	if s == monitor.SentimentNegative {
		return toneNegative
	}
	return toneOther
}

// HourlyCounts implements monitor.HourCounter: a watch's items in [from,
// to) per hour (UTC), with how many are negative, read from
// watch_items_by_watch alone (its keys hold the time, its values the
// tone). Hours without items are left out; the hours come oldest first.
func (db *DB) HourlyCounts(ctx context.Context, watch app.ID, from, to time.Time) ([]spike.Hour, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []spike.Hour
	err := db.view(func(tx *bolt.Tx) error {
		items := tx.Bucket(bucketWatchItems)
		c := tx.Bucket(bucketWatchItemsBy).Cursor()
		prefix := watch[:]
		end := append(slices.Clip(prefix), timeKey(to, app.ID{})...)
		n := 0
		for k, v := c.Seek(append(slices.Clip(prefix), timeKey(from, app.ID{})...)); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, end) < 0; k, v = c.Next() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			nanos := binary.BigEndian.Uint64(k[len(prefix) : len(prefix)+8])
			hour := time.Unix(0, int64(nanos)).UTC().Truncate(time.Hour)
			negative := bytes.Equal(v, toneNegative)
			if len(v) == 0 { // an older key: the item tells
				if rec := items.Get(k[len(prefix)+8:]); rec != nil {
					it, err := decodeWatchItem(rec)
					if err != nil {
						return err
					}
					negative = it.Sentiment == monitor.SentimentNegative
				}
			}
			if len(out) == 0 || !out[len(out)-1].Start.Equal(hour) {
				out = append(out, spike.Hour{Start: hour})
			}
			out[len(out)-1].Count++
			if negative {
				out[len(out)-1].Negative++
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("counting the items of watch %s per hour: %w", watch, err)
	}
	return out, nil
}

func deleteWatchItem(tx *bolt.Tx, it monitor.Item) error {
	at := it.At()
	if err := tx.Bucket(bucketWatchItems).Delete(it.ID[:]); err != nil {
		return err
	}
	if err := tx.Bucket(bucketWatchItemsByTime).Delete(timeKey(at, it.ID)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketWatchItemsByURI).Delete([]byte(it.URI)); err != nil {
		return err
	}
	for _, w := range it.Watches {
		if err := tx.Bucket(bucketWatchItemsBy).Delete(byWatchKey(w, at, it.ID)); err != nil {
			return err
		}
	}
	return nil
}

// MergeItems implements monitor.Store: an item is known by its URI.
func (db *DB) MergeItems(ctx context.Context, items []monitor.Item) ([]monitor.Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.ID.IsZero() || it.URI == "" {
			return nil, fmt.Errorf("a watch item without an ID or a URI: %w", app.ErrBadID)
		}
	}
	var fresh []monitor.Item
	err := db.update(func(tx *bolt.Tx) error {
		byURI, stored := tx.Bucket(bucketWatchItemsByURI), tx.Bucket(bucketWatchItems)
		stored.FillPercent = inboxFillPercent
		for i, it := range items {
			if i%ctxCheckEvery == ctxCheckEvery-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if id := byURI.Get([]byte(it.URI)); id != nil {
				v := stored.Get(id)
				if v == nil {
					return fmt.Errorf("watch item %x of %q is missing", id, it.URI)
				}
				old, err := decodeWatchItem(v)
				if err != nil {
					return err
				}
				merged, before := old, slices.Clone(old.Watches)
				for _, w := range it.Watches {
					if !slices.Contains(merged.Watches, w) {
						merged.Watches = append(merged.Watches, w)
					}
				}
				if len(merged.Watches) == len(before) {
					continue
				}
				if err := putWatchItem(tx, merged, before); err != nil {
					return err
				}
				continue
			}
			if err := putWatchItem(tx, it, nil); err != nil {
				return err
			}
			fresh = append(fresh, it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storing watch items: %w", err)
	}
	return fresh, nil
}

// Items implements monitor.Store, newest first: a walk back from the end
// of the range, on watch_items_by_watch for one watch, else on
// watch_items_by_time.
func (db *DB) Items(ctx context.Context, f monitor.Filter, fn func(monitor.Item) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.view(func(tx *bolt.Tx) error {
		items := tx.Bucket(bucketWatchItems)
		var prefix []byte
		index := tx.Bucket(bucketWatchItemsByTime)
		if !f.Watch.IsZero() {
			prefix = f.Watch[:]
			index = tx.Bucket(bucketWatchItemsBy)
		}
		end := farFuture
		if !f.To.IsZero() {
			end = f.To
		}
		c := index.Cursor()
		seek := append(slices.Clip(prefix), timeKey(end, app.ID{})...)
		k, _ := c.Seek(seek)
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		from := append(slices.Clip(prefix), timeKey(f.From, app.ID{})...)
		n, listed := 0, 0
		for ; k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, from) >= 0; k, _ = c.Prev() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			v := items.Get(k[len(prefix)+8:])
			if v == nil {
				continue
			}
			it, err := decodeWatchItem(v)
			if err != nil {
				return fmt.Errorf("watch item %x: %w", k[len(prefix)+8:], err)
			}
			if !f.Keeps(it) {
				continue
			}
			if !fn(it) {
				return nil
			}
			if listed++; f.Limit > 0 && listed >= f.Limit {
				return nil
			}
		}
		return nil
	})
}

// farFuture is the open end of a range of items.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// PutItemFlags implements monitor.Store.
func (db *DB) PutItemFlags(ctx context.Context, id app.ID, read, important bool, s monitor.Sentiment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketWatchItems).Get(id[:])
		if v == nil {
			return fmt.Errorf("watch item %s: %w", id, app.ErrNotFound)
		}
		it, err := decodeWatchItem(v)
		if err != nil {
			return err
		}
		it.Read, it.Important, it.Sentiment = read, important, s
		return putWatchItem(tx, it, it.Watches)
	})
}

// PurgeItems implements monitor.Store: the oldest items are the start of
// watch_items_by_time.
func (db *DB) PurgeItems(ctx context.Context, before time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		limit := timeKey(before, app.ID{})
		var ids [][]byte
		c := tx.Bucket(bucketWatchItemsByTime).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k, limit) < 0; k, _ = c.Next() {
			ids = append(ids, bytes.Clone(k[8:]))
		}
		items := tx.Bucket(bucketWatchItems)
		for _, id := range ids {
			v := items.Get(id)
			if v == nil {
				continue
			}
			it, err := decodeWatchItem(v)
			if err != nil {
				return err
			}
			if err := deleteWatchItem(tx, it); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
