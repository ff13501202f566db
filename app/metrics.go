package app

import (
	"context"
	"time"
)

// AccountDay is an account's figures on one day, as its network gave
// them: one snapshot a day, the last read of the day kept. Relais keeps
// them as a time series; it invents no history the network did not give.
type AccountDay struct {
	Account ID
	// Day is the civil date the figures were read on, in the user's time
	// zone, as midnight UTC of that date (see DayOf).
	Day       time.Time
	Followers int
	Following int
	Posts     int
	// At is when the figures were read.
	At time.Time
}

// DayOf is the civil date of t in zone, as midnight UTC of that date: the
// form AccountDay.Day and the reports' days take, comparable with ==.
func DayOf(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// PostStats are the latest figures of one published post on one target:
// one per sent attempt, so a repeating post has one per occurrence.
type PostStats struct {
	// Key is the attempt's ID (see AttemptID).
	Key     string
	Post    ID
	Target  Target
	Account ID
	Network Network
	// Ref and URL are where the post is on its network.
	Ref RemoteRef
	URL string
	// Title and Text are the post's, as sent, for tables and reports.
	Title       string
	Text        string
	PublishedAt time.Time
	Likes       int
	Boosts      int
	Replies     int
	Quotes      int
	// Views is how many times the post was seen, where its network tells
	// it (PostMetrics.Views); 0 otherwise. It is no engagement.
	Views int
	// Reach and Saves are the post's reach and saves where its network
	// tells them (PostMetrics.Reach, PostMetrics.Saves); 0 otherwise.
	// Neither counts in the engagement.
	Reach int
	Saves int
	// Followers is how many followers the account had when the post went
	// out (the day's snapshot, or the nearest one); 0 when unknown.
	Followers int
	// Reads counts the reads of the figures; ReadAt is the last one,
	// zero before the first.
	Reads  int
	ReadAt time.Time
	// Gone is true once the network no longer has the post: its last
	// figures are kept, and it is read no more.
	Gone bool
}

// Engagement is what the post brought: likes, boosts, replies and quotes.
func (s PostStats) Engagement() int { return s.Likes + s.Boosts + s.Replies + s.Quotes }

// Rate is the engagement per follower the account had when the post went
// out, as a fraction (0.05 is 5 %); 0 when the followers are not known.
func (s PostStats) Rate() float64 {
	if s.Followers <= 0 {
		return 0
	}
	return float64(s.Engagement()) / float64(s.Followers)
}

// MetricsStore keeps the figures Analytics collects. Every method is one
// transaction.
type MetricsStore interface {
	// PutAccountDays stores days, replacing those of the same account
	// and day.
	PutAccountDays(ctx context.Context, days []AccountDay) error
	// AccountDays calls fn with the days in [from, to] (Day values, see
	// DayOf), account by account, each oldest first, until fn returns
	// false. fn must not call the store.
	AccountDays(ctx context.Context, from, to time.Time, fn func(AccountDay) bool) error
	// PutPostStats stores figures, replacing those with the same Key.
	PutPostStats(ctx context.Context, stats []PostStats) error
	// PostStats calls fn with every post's figures, in no particular
	// order, until fn returns false. fn must not call the store.
	PostStats(ctx context.Context, fn func(PostStats) bool) error
}
