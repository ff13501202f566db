package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// inboxRecord is an inbox item as stored. Its fields only grow; a change
// of meaning takes a new record version and a migration.
type inboxRecord struct {
	V            int             `json:"v"`
	ID           app.ID          `json:"id"`
	Account      app.ID          `json:"account"`
	Network      app.Network     `json:"network"`
	RemoteID     string          `json:"remote_id"`
	Kind         app.ItemKind    `json:"kind"`
	Author       authorRecord    `json:"author,omitzero"`
	Title        string          `json:"title,omitempty"`
	Text         string          `json:"text,omitempty"`
	URL          string          `json:"url,omitempty"`
	Post         *refRecord      `json:"post,omitempty"`
	Visibility   app.Visibility  `json:"visibility,omitempty"`
	Mentions     []string        `json:"mentions,omitempty"` // absent in items read before they were kept
	At           time.Time       `json:"at,omitzero"`
	Arrived      time.Time       `json:"arrived,omitzero"`
	State        app.TriageState `json:"state,omitempty"`
	StateByUser  bool            `json:"state_by_user,omitempty"`
	SnoozedUntil time.Time       `json:"snoozed_until,omitzero"`
	Labels       []string        `json:"labels,omitempty"`
	Priority     app.Priority    `json:"priority,omitempty"`
	Risk         bool            `json:"risk,omitempty"`
	Rules        []app.ID        `json:"rules,omitempty"`
	Seen         bool            `json:"seen,omitempty"`
	Notified     bool            `json:"notified,omitempty"`
	Edited       bool            `json:"edited,omitempty"`
	Deleted      bool            `json:"deleted,omitempty"`
	Removed      bool            `json:"removed,omitempty"`
	Hidden       bool            `json:"hidden,omitempty"` // absent in items read before hiding was offered
	Replies      []replyRecord   `json:"replies,omitempty"`
	// Answer is a follow request's answer (accepted, rejected, gone).
	Answer app.FollowAnswer `json:"answer,omitempty"`
}

const inboxRecordVersion = 1

type authorRecord struct {
	RemoteID string `json:"remote_id,omitempty"`
	Handle   string `json:"handle,omitempty"`
	Name     string `json:"name,omitempty"`
	URL      string `json:"url,omitempty"`
	Avatar   string `json:"avatar,omitempty"`
}

// refRecord is an app.RemoteRef as stored.
type refRecord struct {
	ID   string     `json:"id"`
	CID  string     `json:"cid,omitempty"`
	Root *refRecord `json:"root,omitempty"`
}

type replyRecord struct {
	Key         string     `json:"key"`
	Text        string     `json:"text"`
	Ref         *refRecord `json:"ref,omitempty"`
	URL         string     `json:"url,omitempty"`
	PublishedAt time.Time  `json:"published_at,omitzero"`
	At          time.Time  `json:"at,omitzero"`
}

func refOf(r *app.RemoteRef) *refRecord {
	if r == nil {
		return nil
	}
	return &refRecord{ID: r.ID, CID: r.CID, Root: refOf(r.Root)}
}

func (r *refRecord) ref() *app.RemoteRef {
	if r == nil {
		return nil
	}
	return &app.RemoteRef{ID: r.ID, CID: r.CID, Root: r.Root.ref()}
}

func inboxRecordOf(it app.InboxItem) inboxRecord {
	r := inboxRecord{
		V: inboxRecordVersion, ID: it.ID, Account: it.Account, Network: it.Network, RemoteID: it.RemoteID,
		Kind: it.Kind, Author: authorRecord(it.Author), Title: it.Title, Text: it.Text, URL: it.URL,
		Post: refOf(it.Post), Visibility: it.Visibility, Mentions: it.Mentions, At: it.At.UTC(), Arrived: it.Arrived.UTC(),
		State: it.State, StateByUser: it.StateByUser, SnoozedUntil: it.SnoozedUntil.UTC(), Labels: it.Labels,
		Priority: it.Priority, Risk: it.Risk, Rules: it.Rules, Seen: it.Seen, Notified: it.Notified,
		Edited: it.Edited, Deleted: it.Deleted, Removed: it.Removed, Hidden: it.Hidden, Answer: it.Answer,
	}
	if len(it.Replies) > 0 {
		r.Replies = make([]replyRecord, len(it.Replies))
		for i, s := range it.Replies {
			rr := replyRecord{Key: s.Key, Text: s.Text, URL: s.Published.URL, PublishedAt: s.Published.At.UTC(), At: s.At.UTC()}
			if s.Published.Ref.ID != "" || s.Published.Ref.CID != "" || s.Published.Ref.Root != nil {
				rr.Ref = refOf(&s.Published.Ref)
			}
			r.Replies[i] = rr
		}
	}
	return r
}

func decodeInboxItem(b []byte) (app.InboxItem, error) {
	var r inboxRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return app.InboxItem{}, fmt.Errorf("decoding an inbox item: %w", err)
	}
	if r.V > inboxRecordVersion {
		return app.InboxItem{}, fmt.Errorf("inbox record version %d: %w", r.V, ErrNewerSchema)
	}
	it := app.InboxItem{
		ID: r.ID, Account: r.Account, Network: r.Network,
		Item: app.Item{
			RemoteID: r.RemoteID, Kind: r.Kind, Author: app.Author(r.Author), Title: r.Title, Text: r.Text,
			URL: r.URL, Post: r.Post.ref(), Visibility: r.Visibility, Mentions: r.Mentions, At: r.At.UTC(),
		},
		Arrived: r.Arrived.UTC(), State: r.State, StateByUser: r.StateByUser, SnoozedUntil: r.SnoozedUntil.UTC(),
		Labels: r.Labels, Priority: r.Priority, Risk: r.Risk, Rules: r.Rules, Seen: r.Seen,
		Notified: r.Notified, Edited: r.Edited, Deleted: r.Deleted, Removed: r.Removed, Hidden: r.Hidden, Answer: r.Answer,
	}
	if len(r.Replies) > 0 {
		it.Replies = make([]app.SentReply, len(r.Replies))
		for i, rr := range r.Replies {
			s := app.SentReply{Key: rr.Key, Text: rr.Text, At: rr.At.UTC(),
				Published: app.Published{URL: rr.URL, At: rr.PublishedAt.UTC()}}
			if ref := rr.Ref.ref(); ref != nil {
				s.Published.Ref = *ref
			}
			it.Replies[i] = s
		}
	}
	return it, nil
}

// inboxBatch is items encoded outside the transaction that stores them:
// the keys share one buffer and the values another, both left untouched
// until the commit (bbolt keeps the slices it is given until then).
type inboxBatch struct {
	ids    [][]byte // <id:16>
	remote [][]byte // <account:16><remote ID>
	values [][]byte // inboxRecord
}

// encodeInbox checks and encodes items.
func encodeInbox(items []app.InboxItem) (inboxBatch, error) {
	n, keyBytes, valueBytes := len(items), 0, 0
	for _, it := range items {
		if err := checkInboxItem(it); err != nil {
			return inboxBatch{}, err
		}
		keyBytes += 2*len(app.ID{}) + len(it.RemoteID)
		valueBytes += recordSizeHint(it)
	}
	b := inboxBatch{ids: make([][]byte, 0, n), remote: make([][]byte, 0, n), values: make([][]byte, 0, n)}
	keys := make([]byte, 0, keyBytes)
	buf := bytes.NewBuffer(make([]byte, 0, valueBytes))
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	ends := make([]int, 0, n)
	for _, it := range items {
		start := len(keys)
		keys = append(keys, it.ID[:]...)
		b.ids = append(b.ids, keys[start:len(keys):len(keys)])
		start = len(keys)
		keys = append(keys, it.Account[:]...)
		keys = append(keys, it.RemoteID...)
		b.remote = append(b.remote, keys[start:len(keys):len(keys)])
		if err := enc.Encode(inboxRecordOf(it)); err != nil {
			return inboxBatch{}, fmt.Errorf("encoding inbox item %s: %w", it.ID, err)
		}
		ends = append(ends, buf.Len())
	}
	// Slice the values only now: buf may have moved as it grew.
	all, start := buf.Bytes(), 0
	for _, end := range ends {
		b.values = append(b.values, all[start:end-1:end-1]) // without the Encoder's newline
		start = end
	}
	return b, nil
}

// recordSizeHint is about the length of an item's record, so that a batch
// is encoded into a buffer that does not grow.
func recordSizeHint(it app.InboxItem) int {
	n := 360 + len(it.RemoteID) + len(it.Title) + len(it.Text) + len(it.URL) +
		len(it.Author.RemoteID) + len(it.Author.Handle) + len(it.Author.Name) + len(it.Author.URL)
	for r := it.Post; r != nil; r = r.Root {
		n += 20 + len(r.ID) + len(r.CID)
	}
	for _, l := range it.Labels {
		n += 3 + len(l)
	}
	n += 29 * len(it.Rules)
	for _, r := range it.Replies {
		n += 200 + len(r.Key) + len(r.Text) + len(r.Published.URL) + len(r.Published.Ref.ID) + len(r.Published.Ref.CID)
	}
	return n
}

func checkInboxItem(it app.InboxItem) error {
	switch {
	case it.ID.IsZero():
		return fmt.Errorf("an inbox item without an ID: %w", app.ErrBadID)
	case it.Account.IsZero():
		return fmt.Errorf("inbox item %s has no account: %w", it.ID, app.ErrBadID)
	case it.RemoteID == "":
		return fmt.Errorf("inbox item %s has no remote ID: %w", it.ID, app.ErrBadID)
	}
	return nil
}

// remoteKey is the inbox_remote key of an item.
func remoteKey(account app.ID, remoteID string) []byte {
	k := make([]byte, 0, len(account)+len(remoteID))
	k = append(k, account[:]...)
	return append(k, remoteID...)
}

// inboxFillPercent is how full MergeInbox leaves the pages it splits. Item
// IDs start with the time they arrived, so new items go at the end of the
// bucket: a page split half full (bbolt's default) would stay so, and
// every merge would write twice the pages it needs.
const inboxFillPercent = 0.9

// MergeInbox implements app.InboxStore. The items are checked and
// encoded before the write transaction, which only looks each up in
// inbox_remote and stores those not there, with the cursor. An item stored
// is in inbox_remote at once, so a later one of the batch with the same
// remote ID is skipped like one stored by an earlier read. When a read
// shows that nothing is new and the cursor is the one stored, no write
// happens: an empty poll costs no disk sync.
func (db *DB) MergeInbox(ctx context.Context, account app.ID, cursor string, items []app.InboxItem) ([]app.InboxItem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if account.IsZero() {
		return nil, fmt.Errorf("merging the inbox: %w", app.ErrBadID)
	}
	for _, it := range items {
		if err := checkInboxItem(it); err != nil {
			return nil, fmt.Errorf("merging the inbox of %s: %w", account, err)
		}
		if it.Account != account {
			return nil, fmt.Errorf("merging the inbox of %s: item %s is of account %s: %w", account, it.ID, it.Account, app.ErrBadID)
		}
	}
	if quiet, err := db.nothingToMerge(account, cursor, items); err != nil || quiet {
		return nil, err
	}
	batch, err := encodeInbox(items)
	if err != nil {
		return nil, err
	}
	stored := make([]int, 0, len(items))
	err = db.update(func(tx *bolt.Tx) error {
		inbox, remote := tx.Bucket(bucketInbox), tx.Bucket(bucketInboxRemote)
		inbox.FillPercent = inboxFillPercent
		for i, key := range batch.remote {
			if i%ctxCheckEvery == ctxCheckEvery-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if remote.Get(key) != nil {
				continue
			}
			id := batch.ids[i]
			if inbox.Get(id) != nil {
				return fmt.Errorf("inbox item %s is already stored, with another remote ID: %w", items[i].ID, app.ErrBadID)
			}
			if err := inbox.Put(id, batch.values[i]); err != nil {
				return err
			}
			if err := remote.Put(key, id); err != nil {
				return err
			}
			stored = append(stored, i)
		}
		return putCursor(tx, account, cursor)
	})
	if err != nil {
		return nil, fmt.Errorf("merging the inbox of %s: %w", account, err)
	}
	out := make([]app.InboxItem, len(stored))
	for i, from := range stored {
		out[i] = items[from]
	}
	return out, nil
}

// nothingToMerge reports, in a read transaction, whether the cursor is the
// one stored and every item already is. It stops at the first difference,
// so a batch of new items costs it one lookup.
func (db *DB) nothingToMerge(account app.ID, cursor string, items []app.InboxItem) (bool, error) {
	quiet := true
	err := db.view(func(tx *bolt.Tx) error {
		if string(tx.Bucket(bucketInboxCursors).Get(account[:])) != cursor {
			quiet = false
			return nil
		}
		remote := tx.Bucket(bucketInboxRemote)
		key := make([]byte, 0, 64)
		for _, it := range items {
			key = append(append(key[:0], account[:]...), it.RemoteID...)
			if remote.Get(key) == nil {
				quiet = false
				return nil
			}
		}
		return nil
	})
	return quiet, err
}

func putCursor(tx *bolt.Tx, account app.ID, cursor string) error {
	cursors := tx.Bucket(bucketInboxCursors)
	key := account[:len(account):len(account)]
	if cursor == "" {
		return cursors.Delete(key)
	}
	if string(cursors.Get(key)) == cursor {
		return nil
	}
	return cursors.Put(key, []byte(cursor))
}

// InboxCursor implements app.InboxStore.
func (db *DB) InboxCursor(ctx context.Context, account app.ID) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var cursor string
	err := db.view(func(tx *bolt.Tx) error {
		cursor = string(tx.Bucket(bucketInboxCursors).Get(account[:]))
		return nil
	})
	return cursor, err
}

// PutInboxItems implements app.InboxStore. An item not stored yet is
// added; inbox_remote follows the items' accounts and remote IDs, and an
// item may not take the remote ID another item of its account has.
func (db *DB) PutInboxItems(ctx context.Context, items []app.InboxItem) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch, err := encodeInbox(items)
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		inbox, remote := tx.Bucket(bucketInbox), tx.Bucket(bucketInboxRemote)
		for i, id := range batch.ids {
			if i%ctxCheckEvery == ctxCheckEvery-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			key := batch.remote[i]
			if old := inbox.Get(id); old != nil {
				oldKey, err := remoteKeyOfRecord(old)
				if err != nil {
					return fmt.Errorf("inbox item %s: %w", items[i].ID, err)
				}
				if !bytes.Equal(oldKey, key) && bytes.Equal(remote.Get(oldKey), id) {
					if err := remote.Delete(oldKey); err != nil {
						return err
					}
				}
			}
			if owner := remote.Get(key); owner != nil && !bytes.Equal(owner, id) {
				other, _ := idOfKey(owner)
				return fmt.Errorf("inbox item %s: its remote ID is item %s's: %w", items[i].ID, other, app.ErrBadID)
			}
			if err := inbox.Put(id, batch.values[i]); err != nil {
				return err
			}
			if err := remote.Put(key, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// remoteKeyOfRecord reads the inbox_remote key of a stored item.
func remoteKeyOfRecord(b []byte) ([]byte, error) {
	var r struct {
		V        int    `json:"v"`
		Account  app.ID `json:"account"`
		RemoteID string `json:"remote_id"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("decoding an inbox item: %w", err)
	}
	if r.V > inboxRecordVersion {
		return nil, fmt.Errorf("inbox record version %d: %w", r.V, ErrNewerSchema)
	}
	return remoteKey(r.Account, r.RemoteID), nil
}

// InboxItem implements app.InboxStore.
func (db *DB) InboxItem(ctx context.Context, id app.ID) (app.InboxItem, error) {
	if err := ctx.Err(); err != nil {
		return app.InboxItem{}, err
	}
	var it app.InboxItem
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketInbox).Get(id[:])
		if v == nil {
			return fmt.Errorf("inbox item %s: %w", id, app.ErrNotFound)
		}
		var err error
		it, err = decodeInboxItem(v) // decoding copies: nothing points into the mmap
		return err
	})
	return it, err
}

// InboxItems implements app.InboxStore, oldest ID first.
func (db *DB) InboxItems(ctx context.Context, fn func(app.InboxItem) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer db.quarantinePending()
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketInbox).Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			it, err := decodeInboxItem(v)
			if damagedRecord(err) && len(k) == len(app.ID{}) {
				// Skipped, never hiding the others; set aside after the read.
				db.bad.note(&db.bad.items, app.ID(k))
				continue
			}
			if err != nil {
				return fmt.Errorf("inbox item %x: %w", k, err)
			}
			if !fn(it) {
				return nil
			}
		}
		return ctx.Err()
	})
}

// DeleteInbox implements app.InboxStore: the account's items are the
// prefix of inbox_remote that its ID starts.
func (db *DB) DeleteInbox(ctx context.Context, account app.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		inbox, remote := tx.Bucket(bucketInbox), tx.Bucket(bucketInboxRemote)
		var keys, ids [][]byte // deleting under a cursor skips keys: collect first
		c := remote.Cursor()
		for k, v := c.Seek(account[:]); k != nil && bytes.HasPrefix(k, account[:]); k, v = c.Next() {
			keys, ids = append(keys, bytes.Clone(k)), append(ids, bytes.Clone(v))
			if len(keys)%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		for i := range keys {
			if err := inbox.Delete(ids[i]); err != nil {
				return err
			}
			if err := remote.Delete(keys[i]); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketInboxCursors).Delete(account[:])
	})
}

// ruleRecord is an app.Rule as stored.
type ruleRecord struct {
	ID       app.ID       `json:"id"`
	Name     string       `json:"name"`
	Enabled  bool         `json:"enabled,omitempty"`
	Words    []string     `json:"words,omitempty"`
	Authors  []string     `json:"authors,omitempty"`
	Label    string       `json:"label,omitempty"`
	Priority app.Priority `json:"priority,omitempty"`
	Done     bool         `json:"done,omitempty"`
	Risk     bool         `json:"risk,omitempty"`
}

// rulesRecord is the value of inbox_rules/"rules": every rule, in order.
type rulesRecord struct {
	V     int          `json:"v"`
	Rules []ruleRecord `json:"rules"`
}

const rulesRecordVersion = 1

var keyRules = []byte("rules")

// Rules implements app.InboxStore: an empty list, not nil, before any
// was stored.
func (db *DB) Rules(ctx context.Context) ([]app.Rule, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r rulesRecord
	if err := db.getList(bucketInboxRules, keyRules, "rules", &r); err != nil {
		return nil, err
	}
	if r.V > rulesRecordVersion {
		return nil, fmt.Errorf("rules record version %d: %w", r.V, ErrNewerSchema)
	}
	out := make([]app.Rule, len(r.Rules))
	for i, rr := range r.Rules {
		out[i] = app.Rule(rr)
	}
	return out, nil
}

// PutRules implements app.InboxStore.
func (db *DB) PutRules(ctx context.Context, rules []app.Rule) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := rulesRecord{V: rulesRecordVersion, Rules: make([]ruleRecord, len(rules))}
	for i, rule := range rules {
		r.Rules[i] = ruleRecord(rule)
	}
	return db.putList(bucketInboxRules, keyRules, r)
}

// savedReplyRecord is an app.SavedReply as stored.
type savedReplyRecord struct {
	ID       app.ID       `json:"id"`
	Name     string       `json:"name"`
	Language app.Language `json:"language,omitempty"`
	Text     string       `json:"text"`
}

// savedRepliesRecord is the value of templates/"saved_replies".
type savedRepliesRecord struct {
	V       int                `json:"v"`
	Replies []savedReplyRecord `json:"replies"`
}

const savedRepliesRecordVersion = 1

var keySavedReplies = []byte("saved_replies")

// SavedReplies implements app.InboxStore: an empty list, not nil, before
// any was stored.
func (db *DB) SavedReplies(ctx context.Context) ([]app.SavedReply, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r savedRepliesRecord
	if err := db.getList(bucketTemplates, keySavedReplies, "saved replies", &r); err != nil {
		return nil, err
	}
	if r.V > savedRepliesRecordVersion {
		return nil, fmt.Errorf("saved replies record version %d: %w", r.V, ErrNewerSchema)
	}
	out := make([]app.SavedReply, len(r.Replies))
	for i, rr := range r.Replies {
		out[i] = app.SavedReply(rr)
	}
	return out, nil
}

// PutSavedReplies implements app.InboxStore.
func (db *DB) PutSavedReplies(ctx context.Context, replies []app.SavedReply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := savedRepliesRecord{V: savedRepliesRecordVersion, Replies: make([]savedReplyRecord, len(replies))}
	for i, s := range replies {
		r.Replies[i] = savedReplyRecord(s)
	}
	return db.putList(bucketTemplates, keySavedReplies, r)
}

// getList decodes the one value that holds a whole list into into; a
// missing value leaves into as it is. what names the list in errors.
func (db *DB) getList(bucket, key []byte, what string, into any) error {
	return db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucket).Get(key)
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, into); err != nil {
			return fmt.Errorf("decoding the %s: %w", what, err)
		}
		return nil
	})
}

// putList stores the one value that holds a whole list.
func (db *DB) putList(bucket, key []byte, record any) error {
	value, err := json.Marshal(record)
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).Put(key, value)
	})
}
