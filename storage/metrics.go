package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// accountDayRecord is an account's figures on one day, as stored. Its
// fields only grow; a change of meaning takes a new record version and a
// migration.
type accountDayRecord struct {
	V         int       `json:"v"`
	Account   app.ID    `json:"account"`
	Day       time.Time `json:"day"`
	Followers int       `json:"followers,omitempty"`
	Following int       `json:"following,omitempty"`
	Posts     int       `json:"posts,omitempty"`
	At        time.Time `json:"at,omitzero"`
}

const accountDayRecordVersion = 1

func encodeAccountDay(d app.AccountDay) ([]byte, error) {
	return json.Marshal(accountDayRecord{
		V: accountDayRecordVersion, Account: d.Account, Day: d.Day.UTC(), Followers: d.Followers,
		Following: d.Following, Posts: d.Posts, At: d.At.UTC(),
	})
}

func decodeAccountDay(b []byte) (app.AccountDay, error) {
	var r accountDayRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return app.AccountDay{}, fmt.Errorf("decoding an account day: %w", err)
	}
	if r.V > accountDayRecordVersion {
		return app.AccountDay{}, fmt.Errorf("account day record version %d: %w", r.V, ErrNewerSchema)
	}
	return app.AccountDay{
		Account: r.Account, Day: r.Day.UTC(), Followers: r.Followers, Following: r.Following,
		Posts: r.Posts, At: r.At.UTC(),
	}, nil
}

// postStatsRecord is a published post's figures, as stored. Its fields
// only grow; a change of meaning takes a new record version and a
// migration.
type postStatsRecord struct {
	V             int         `json:"v"`
	Key           string      `json:"key"`
	Post          app.ID      `json:"post"`
	TargetNetwork app.Network `json:"target_network,omitempty"`
	TargetAccount *app.ID     `json:"target_account,omitempty"`
	Account       *app.ID     `json:"account,omitempty"`
	Network       app.Network `json:"network,omitempty"`
	Ref           *refRecord  `json:"ref,omitempty"`
	URL           string      `json:"url,omitempty"`
	Title         string      `json:"title,omitempty"`
	Text          string      `json:"text,omitempty"`
	PublishedAt   time.Time   `json:"published_at,omitzero"`
	Likes         int         `json:"likes,omitempty"`
	Boosts        int         `json:"boosts,omitempty"`
	Replies       int         `json:"replies,omitempty"`
	Quotes        int         `json:"quotes,omitempty"`
	Followers     int         `json:"followers,omitempty"`
	Reads         int         `json:"reads,omitempty"`
	ReadAt        time.Time   `json:"read_at,omitzero"`
	Gone          bool        `json:"gone,omitempty"`

	Views int `json:"views,omitempty"`
	// Reach and saves: absent in records written before they were read.
	Reach int `json:"reach,omitempty"`
	Saves int `json:"saves,omitempty"`
}

const postStatsRecordVersion = 1

func encodePostStats(s app.PostStats) ([]byte, error) {
	r := postStatsRecord{
		V: postStatsRecordVersion, Key: s.Key, Post: s.Post, TargetNetwork: s.Target.Network,
		TargetAccount: optionalID(s.Target.Account), Account: optionalID(s.Account), Network: s.Network,
		URL: s.URL, Title: s.Title, Text: s.Text, PublishedAt: s.PublishedAt.UTC(), Likes: s.Likes,
		Boosts: s.Boosts, Replies: s.Replies, Quotes: s.Quotes, Followers: s.Followers, Reads: s.Reads,
		ReadAt: s.ReadAt.UTC(), Gone: s.Gone, Views: s.Views, Reach: s.Reach, Saves: s.Saves,
	}
	if s.Ref.ID != "" || s.Ref.CID != "" || s.Ref.Root != nil {
		r.Ref = refOf(&s.Ref)
	}
	return json.Marshal(r)
}

func decodePostStats(b []byte) (app.PostStats, error) {
	var r postStatsRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return app.PostStats{}, fmt.Errorf("decoding a post's figures: %w", err)
	}
	if r.V > postStatsRecordVersion {
		return app.PostStats{}, fmt.Errorf("post figures record version %d: %w", r.V, ErrNewerSchema)
	}
	s := app.PostStats{
		Key: r.Key, Post: r.Post, Target: app.Target{Network: r.TargetNetwork}, Network: r.Network,
		URL: r.URL, Title: r.Title, Text: r.Text, PublishedAt: r.PublishedAt.UTC(), Likes: r.Likes,
		Boosts: r.Boosts, Replies: r.Replies, Quotes: r.Quotes, Followers: r.Followers, Reads: r.Reads,
		ReadAt: r.ReadAt.UTC(), Gone: r.Gone, Views: r.Views, Reach: r.Reach, Saves: r.Saves,
	}
	if r.TargetAccount != nil {
		s.Target.Account = *r.TargetAccount
	}
	if r.Account != nil {
		s.Account = *r.Account
	}
	if ref := r.Ref.ref(); ref != nil {
		s.Ref = *ref
	}
	return s, nil
}

// dayKeyLen is the length of an account_days key: the account's ID, then
// the day.
const dayKeyLen = len(app.ID{}) + 8

// dayKey is the account_days key of an account's day: its ID, then the
// day as big-endian Unix nanoseconds, so that an account's days are one
// run of keys, oldest first. A time outside what Unix nanoseconds hold in
// a uint64, such as the zero time given as the open start of a range, is
// clamped to its ends (see timeKey); PutAccountDays refuses such days.
func dayKey(account app.ID, day time.Time) []byte {
	k := make([]byte, 0, dayKeyLen)
	k = append(k, account[:]...)
	return append(k, timeKey(day, app.ID{})[:8]...)
}

// checkAccountDay refuses a day that is not one key: no account, or a Day
// that is not the midnight UTC of a date a key holds.
func checkAccountDay(d app.AccountDay) error {
	switch {
	case d.Account.IsZero():
		return fmt.Errorf("figures of %s without an account: %w", d.Day.Format(time.DateOnly), app.ErrBadID)
	case !d.Day.Equal(app.DayOf(d.Day, time.UTC)):
		return fmt.Errorf("figures of account %s: day %v is not a date as midnight UTC", d.Account, d.Day)
	case d.Day.Before(time.Unix(0, 0)) || d.Day.After(time.Unix(0, math.MaxInt64)):
		return fmt.Errorf("figures of account %s: day %s is out of range", d.Account, d.Day.Format(time.DateOnly))
	}
	return nil
}

// PutAccountDays implements app.MetricsStore: each day is the key
// <account><day>, so a put of the same account and day replaces it.
func (db *DB) PutAccountDays(ctx context.Context, days []app.AccountDay) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	keys, values := make([][]byte, len(days)), make([][]byte, len(days))
	for i, d := range days {
		if err := checkAccountDay(d); err != nil {
			return err
		}
		v, err := encodeAccountDay(d)
		if err != nil {
			return err
		}
		keys[i], values[i] = dayKey(d.Account, d.Day), v
	}
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAccountDays)
		for i := range keys {
			if err := b.Put(keys[i], values[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// AccountDays implements app.MetricsStore: for each account, a seek to
// its first day in range and a walk to its last, then a seek past it to
// the next account. A read of a year touches only that year's keys.
func (db *DB) AccountDays(ctx context.Context, from, to time.Time, fn func(app.AccountDay) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if to.Before(from) {
		return nil
	}
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAccountDays).Cursor()
		n := 0
		k, _ := c.First()
		for k != nil {
			if len(k) != dayKeyLen {
				return fmt.Errorf("malformed account_days key %x", k)
			}
			account, _ := idOfKey(k[:len(app.ID{})])
			start, end := dayKey(account, from), dayKey(account, to)
			var v []byte
			for k, v = c.Seek(start); k != nil && bytes.Compare(k, end) <= 0; k, v = c.Next() {
				if n++; n%ctxCheckEvery == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				d, err := decodeAccountDay(v)
				if err != nil {
					return fmt.Errorf("account day %x: %w", k, err)
				}
				if !fn(d) {
					return nil
				}
			}
			if k != nil && bytes.HasPrefix(k, account[:]) {
				next, ok := nextPrefix(account[:])
				if !ok {
					break
				}
				k, _ = c.Seek(next)
			}
		}
		return ctx.Err()
	})
}

// nextPrefix is the smallest key after every key that starts with p;
// false when there is none (p is all 0xff).
func nextPrefix(p []byte) ([]byte, bool) {
	next := bytes.Clone(p)
	for i := len(next) - 1; i >= 0; i-- {
		if next[i]++; next[i] != 0 {
			return next[:i+1], true
		}
	}
	return nil, false
}

// PutPostStats implements app.MetricsStore: figures are filed under their
// Key, the attempt's ID, so a put of the same Key replaces them.
func (db *DB) PutPostStats(ctx context.Context, stats []app.PostStats) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	values := make([][]byte, len(stats))
	for i, s := range stats {
		if s.Key == "" {
			return fmt.Errorf("figures of post %s without a key: %w", s.Post, app.ErrBadID)
		}
		v, err := encodePostStats(s)
		if err != nil {
			return err
		}
		values[i] = v
	}
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPostStats)
		for i, s := range stats {
			if err := b.Put([]byte(s.Key), values[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// PostStats implements app.MetricsStore, in the order of the keys.
func (db *DB) PostStats(ctx context.Context, fn func(app.PostStats) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPostStats).Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			s, err := decodePostStats(v)
			if err != nil {
				return fmt.Errorf("post figures %q: %w", k, err)
			}
			if !fn(s) {
				return nil
			}
		}
		return ctx.Err()
	})
}
