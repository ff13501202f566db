package storage

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

var (
	bucketMeta          = []byte("meta")
	bucketPosts         = []byte("posts")
	bucketPostsByChange = []byte("posts_by_change")
	bucketPostsByTime   = []byte("posts_by_time")
	bucketTrash         = []byte("trash")
	bucketTrashByTime   = []byte("trash_by_time")
	bucketSettings      = []byte("settings")
	// Schema 4: the plan beyond posts.
	bucketPostsRecurring = []byte("posts_recurring")
	bucketEvents         = []byte("events")
	bucketEventsByTime   = []byte("events_by_time")
	bucketEventsByUID    = []byte("events_by_uid")
	bucketQueues         = []byte("queues")
	// Schema 5: accounts and the outbox journal.
	bucketAccounts   = []byte("accounts")
	bucketOutbox     = []byte("outbox")
	bucketOutboxOpen = []byte("outbox_open")
	// Schema 6: the inbox.
	bucketInbox        = []byte("inbox")
	bucketInboxRemote  = []byte("inbox_remote")
	bucketInboxCursors = []byte("inbox_cursors")
	bucketInboxRules   = []byte("inbox_rules")
	bucketTemplates    = []byte("templates")
	// Schema 7: the figures Analytics collects.
	bucketAccountDays = []byte("account_days")
	bucketPostStats   = []byte("post_stats")

	keySchema = []byte("schema")
)

// ErrNewerSchema is returned when the file was written by a newer Relais.
var ErrNewerSchema = app.ErrNewerSchema

// A migration brings the database from version-1 to version. Each runs in
// the transaction that also records the new version, so a crash leaves the
// file at one version or the next, never between.
type migration struct {
	version int
	what    string
	apply   func(tx *bolt.Tx) error
}

// migrations is the ordered history of the schema. Never edit a released
// step: add one. Each has a test that runs it on a file made by the one
// before.
var migrations = []migration{
	{1, "buckets for meta, posts and settings", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketMeta, bucketPosts, bucketSettings)
	}},
	{2, "index posts by last change with summaries; trash", migrateIndexPosts},
	{3, "index posts by planned time", migrateIndexPlanned},
	{4, "recurring posts, events, posting queues; planned time in summaries", migratePlan},
	{5, "accounts and the outbox journal", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketAccounts, bucketOutbox, bucketOutboxOpen)
	}},
	{6, "the inbox: items, their remote IDs, cursors, rules and saved replies", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketInbox, bucketInboxRemote, bucketInboxCursors, bucketInboxRules, bucketTemplates)
	}},
	{7, "analytics: accounts' daily figures and posts' figures", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketAccountDays, bucketPostStats)
	}},
	{8, "the veille: watches and the items they found, by time, URI and watch", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketWatches, bucketWatchItems, bucketWatchItemsByTime, bucketWatchItemsByURI, bucketWatchItemsBy)
	}},
	{9, "competitors' accounts, their followers by day and their posts", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketCompetitors, bucketCompetitorDays, bucketCompetitorPosts)
	}},
	{10, "the veille's impostors: suspect accounts, their reasons and the user's marks", func(tx *bolt.Tx) error {
		return createBuckets(tx, bucketImpostors)
	}},
}

// SchemaVersion is the version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func (db *DB) migrate() error {
	return db.update(func(tx *bolt.Tx) error {
		current := schemaOf(tx)
		if current > SchemaVersion() {
			return fmt.Errorf("schema %d, this build knows %d: %w", current, SchemaVersion(), ErrNewerSchema)
		}
		for _, m := range migrations {
			if m.version <= current {
				continue
			}
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.what, err)
			}
			if err := setSchema(tx, m.version); err != nil {
				return err
			}
		}
		return nil
	})
}

// schemaOf reads the schema version; a new file is version 0.
func schemaOf(tx *bolt.Tx) int {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(v))
}

func setSchema(tx *bolt.Tx, version int) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, uint64(version)))
}

func createBuckets(tx *bolt.Tx, names ...[]byte) error {
	for _, name := range names {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// migrateIndexPosts builds posts_by_change from the posts of a version 1
// file, and creates the trash.
func migrateIndexPosts(tx *bolt.Tx) error {
	if err := createBuckets(tx, bucketPostsByChange, bucketTrash, bucketTrashByTime); err != nil {
		return err
	}
	index := tx.Bucket(bucketPostsByChange)
	return eachPost(tx, func(p app.Post) error { return putIndex(index, p) })
}

// eachPost calls fn with every post of the file, as a migration reads them.
func eachPost(tx *bolt.Tx, fn func(app.Post) error) error {
	return tx.Bucket(bucketPosts).ForEach(func(k, v []byte) error {
		p, err := decodePost(v)
		if err != nil {
			return fmt.Errorf("post %x: %w", k, err)
		}
		return fn(p)
	})
}

// migrateIndexPlanned builds posts_by_time from the posts of a version 2
// file that have a planned time.
func migrateIndexPlanned(tx *bolt.Tx) error {
	if err := createBuckets(tx, bucketPostsByTime); err != nil {
		return err
	}
	byTime := tx.Bucket(bucketPostsByTime)
	return eachPost(tx, func(p app.Post) error {
		if p.PlannedAt.IsZero() {
			return nil
		}
		return byTime.Put(timeKey(p.PlannedAt, p.ID), nil)
	})
}

// migratePlan creates the buckets of the plan beyond posts, and rewrites
// the summaries of posts_by_change, which now carry the planned time. No
// post before version 4 could repeat, so posts_recurring starts empty.
func migratePlan(tx *bolt.Tx) error {
	if err := createBuckets(tx, bucketPostsRecurring, bucketEvents, bucketEventsByTime, bucketEventsByUID, bucketQueues); err != nil {
		return err
	}
	index := tx.Bucket(bucketPostsByChange)
	return eachPost(tx, func(p app.Post) error { return putIndex(index, p) })
}
