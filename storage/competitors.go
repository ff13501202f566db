package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

var _ monitor.CompetitorStore = (*DB)(nil)

// Schema 9: competitors' accounts.
//
//	competitors       <id>                         -> competitorRecord
//	competitor_days   <id><day, 8 bytes>           -> competitorDayRecord
//	competitor_posts  <id><published, 8 bytes><URI> -> competitorPostRecord
//
// A competitor's days and posts are one run of keys each, oldest first.
var (
	bucketCompetitors     = []byte("competitors")
	bucketCompetitorDays  = []byte("competitor_days")
	bucketCompetitorPosts = []byte("competitor_posts")
)

// competitorRecord is a monitor.Competitor as stored. Its fields only
// grow.
type competitorRecord struct {
	V         int         `json:"v"`
	ID        app.ID      `json:"id"`
	Network   app.Network `json:"network"`
	Handle    string      `json:"handle"`
	Name      string      `json:"name,omitempty"`
	URL       string      `json:"url,omitempty"`
	RemoteID  string      `json:"remote_id,omitempty"`
	Added     time.Time   `json:"added"`
	LastRead  time.Time   `json:"last_read,omitzero"`
	NextDue   time.Time   `json:"next_due,omitzero"`
	Failures  int         `json:"failures,omitempty"`
	LastError string      `json:"last_error,omitempty"`
}

const competitorRecordVersion = 1

type competitorDayRecord struct {
	V         int       `json:"v"`
	Day       time.Time `json:"day"`
	Followers int       `json:"followers"`
	Following int       `json:"following"`
	Posts     int       `json:"posts"`
	At        time.Time `json:"at"`
}

type competitorPostRecord struct {
	V         int       `json:"v"`
	URI       string    `json:"uri"`
	URL       string    `json:"url,omitempty"`
	Text      string    `json:"text,omitempty"`
	Published time.Time `json:"published"`
	Likes     int       `json:"likes,omitempty"`
	Reposts   int       `json:"reposts,omitempty"`
	Replies   int       `json:"replies,omitempty"`
	ReadAt    time.Time `json:"read_at"`
}

func decodeCompetitor(b []byte) (monitor.Competitor, error) {
	var r competitorRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return monitor.Competitor{}, fmt.Errorf("decoding a competitor: %w", err)
	}
	if r.V > competitorRecordVersion {
		return monitor.Competitor{}, fmt.Errorf("competitor record version %d: %w", r.V, ErrNewerSchema)
	}
	return monitor.Competitor{ID: r.ID, Network: r.Network, Handle: r.Handle, Name: r.Name, URL: r.URL, RemoteID: r.RemoteID,
		Added: r.Added.UTC(), LastRead: r.LastRead.UTC(), NextDue: r.NextDue.UTC(), Failures: r.Failures, LastError: r.LastError}, nil
}

// Competitors implements monitor.CompetitorStore: oldest first (IDs
// start with their creation time).
func (db *DB) Competitors(ctx context.Context) ([]monitor.Competitor, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return records(db, bucketCompetitors, "competitor", decodeCompetitor)
}

// PutCompetitor implements monitor.CompetitorStore.
func (db *DB) PutCompetitor(ctx context.Context, c monitor.Competitor) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.ID.IsZero() {
		return fmt.Errorf("a competitor without an ID: %w", app.ErrBadID)
	}
	v, err := json.Marshal(competitorRecord{V: competitorRecordVersion, ID: c.ID, Network: c.Network, Handle: c.Handle, Name: c.Name,
		URL: c.URL, RemoteID: c.RemoteID, Added: c.Added.UTC(), LastRead: c.LastRead.UTC(), NextDue: c.NextDue.UTC(),
		Failures: c.Failures, LastError: c.LastError})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketCompetitors).Put(c.ID[:], v) })
}

// DeleteCompetitor implements monitor.CompetitorStore: its days and posts
// are the prefix its ID starts.
func (db *DB) DeleteCompetitor(ctx context.Context, id app.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketCompetitors).Get(id[:]) == nil {
			return fmt.Errorf("competitor %s: %w", id, app.ErrNotFound)
		}
		if err := tx.Bucket(bucketCompetitors).Delete(id[:]); err != nil {
			return err
		}
		for _, name := range [][]byte{bucketCompetitorDays, bucketCompetitorPosts} {
			b := tx.Bucket(name)
			var keys [][]byte
			c := b.Cursor()
			for k, _ := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, _ = c.Next() {
				keys = append(keys, bytes.Clone(k))
			}
			for _, k := range keys {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// PutCompetitorDay implements monitor.CompetitorStore: the key is the
// competitor and the day, so the same day is replaced.
func (db *DB) PutCompetitorDay(ctx context.Context, d monitor.CompetitorDay) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkAccountDay(app.AccountDay{Account: d.Competitor, Day: d.Day}); err != nil {
		return err
	}
	v, err := json.Marshal(competitorDayRecord{V: 1, Day: d.Day.UTC(), Followers: d.Followers, Following: d.Following, Posts: d.Posts, At: d.At.UTC()})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketCompetitors).Get(d.Competitor[:]) == nil {
			return fmt.Errorf("competitor %s: %w", d.Competitor, app.ErrNotFound)
		}
		return tx.Bucket(bucketCompetitorDays).Put(dayKey(d.Competitor, d.Day), v)
	})
}

// CompetitorDays implements monitor.CompetitorStore: a seek to the first
// day, then the run of keys to the last.
func (db *DB) CompetitorDays(ctx context.Context, id app.ID, from, to time.Time) ([]monitor.CompetitorDay, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []monitor.CompetitorDay
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCompetitorDays).Cursor()
		end := dayKey(id, to)
		for k, v := c.Seek(dayKey(id, from)); k != nil && bytes.Compare(k, end) <= 0; k, v = c.Next() {
			var r competitorDayRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decoding a competitor's day %x: %w", k, err)
			}
			out = append(out, monitor.CompetitorDay{Competitor: id, Day: r.Day.UTC(), Followers: r.Followers, Following: r.Following,
				Posts: r.Posts, At: r.At.UTC()})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the days of competitor %s: %w", id, err)
	}
	return out, nil
}

// competitorPostKey is <competitor><published><URI>.
func competitorPostKey(p monitor.CompetitorPost) []byte {
	k := append(p.Competitor[:len(p.Competitor):len(p.Competitor)], timeKey(p.Published, app.ID{})[:8]...)
	return append(k, p.URI...)
}

// PutCompetitorPosts implements monitor.CompetitorStore: a post read
// again replaces its figures.
func (db *DB) PutCompetitorPosts(ctx context.Context, posts []monitor.CompetitorPost) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, p := range posts {
		if p.Competitor.IsZero() || p.URI == "" || p.Published.IsZero() {
			return fmt.Errorf("a competitor's post without a competitor, a URI or a time: %w", app.ErrBadID)
		}
	}
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCompetitorPosts)
		for _, p := range posts {
			if tx.Bucket(bucketCompetitors).Get(p.Competitor[:]) == nil {
				return fmt.Errorf("competitor %s: %w", p.Competitor, app.ErrNotFound)
			}
			v, err := json.Marshal(competitorPostRecord{V: 1, URI: p.URI, URL: p.URL, Text: p.Text, Published: p.Published.UTC(),
				Likes: p.Likes, Reposts: p.Reposts, Replies: p.Replies, ReadAt: p.ReadAt.UTC()})
			if err != nil {
				return err
			}
			if err := b.Put(competitorPostKey(p), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// CompetitorPosts implements monitor.CompetitorStore: a seek to from,
// then the run of keys to to.
func (db *DB) CompetitorPosts(ctx context.Context, id app.ID, from, to time.Time) ([]monitor.CompetitorPost, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []monitor.CompetitorPost
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCompetitorPosts).Cursor()
		start := append(id[:len(id):len(id)], timeKey(from, app.ID{})[:8]...)
		end := append(id[:len(id):len(id)], timeKey(to, app.ID{})[:8]...)
		for k, v := c.Seek(start); k != nil && bytes.Compare(k, end) < 0; k, v = c.Next() {
			var r competitorPostRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decoding a competitor's post %x: %w", k, err)
			}
			out = append(out, monitor.CompetitorPost{Competitor: id, URI: r.URI, URL: r.URL, Text: r.Text, Published: r.Published.UTC(),
				Likes: r.Likes, Reposts: r.Reposts, Replies: r.Replies, ReadAt: r.ReadAt.UTC()})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the posts of competitor %s: %w", id, err)
	}
	return out, nil
}
