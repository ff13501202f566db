package app

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned when an object is not in the store.
var ErrNotFound = errors.New("not found")

// ErrWorkspaceLocked is returned when another Relais already has the data
// directory open.
var ErrWorkspaceLocked = errors.New("the data directory is in use by another Relais")

// ErrNewerSchema is returned when the data directory was written by a newer
// version of Relais, which this one must not touch.
var ErrNewerSchema = errors.New("this data was written by a newer version of Relais")

// Store is everything the core keeps on disk. storage.DB implements it.
type Store interface {
	PostStore
	EventStore
	QueueStore
	SettingsStore
	AccountStore
	OutboxStore
	InboxStore
	MetricsStore
}

// PostStore keeps posts. Every method is one transaction: when it returns
// nil, the change is on disk.
type PostStore interface {
	// PutPost stores p, replacing any post with the same ID.
	PutPost(ctx context.Context, p Post) error
	// Post returns the post with this ID. A post in the trash is not found.
	Post(ctx context.Context, id ID) (Post, error)
	// Summaries calls fn with every post not in the trash, most recently
	// changed first, until fn returns false. fn runs inside a read
	// transaction and must not call the store.
	Summaries(ctx context.Context, fn func(Summary) bool) error
	// Posts is like Summaries with whole posts.
	Posts(ctx context.Context, fn func(Post) bool) error
	// PlannedBetween calls fn with the posts planned in [from, to),
	// earliest first, until fn returns false. Like Summaries, fn must not
	// call the store.
	PlannedBetween(ctx context.Context, from, to time.Time, fn func(Post) bool) error
	// RecurringPosts calls fn with every post that has a recurrence
	// rule, until fn returns false. Like Summaries, fn must not call the
	// store.
	RecurringPosts(ctx context.Context, fn func(Post) bool) error
	// TrashPost moves a post to the trash, noting when.
	TrashPost(ctx context.Context, id ID, at time.Time) error
	// RestorePost brings a post back from the trash.
	RestorePost(ctx context.Context, id ID) error
	// PurgeTrash deletes for good the posts trashed before a time, and says
	// how many.
	PurgeTrash(ctx context.Context, before time.Time) (int, error)
}

// SettingsStore keeps the user's settings as text values by key.
type SettingsStore interface {
	// Setting returns the value of key, or "" when it was never set.
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting stores the value of key; "" removes it.
	SetSetting(ctx context.Context, key, value string) error
}

// EventStore keeps calendar events that are not posts.
type EventStore interface {
	// PutEvents stores events, replacing those with the same IDs, in one
	// transaction.
	PutEvents(ctx context.Context, es []Event) error
	// Event returns the event with this ID.
	Event(ctx context.Context, id ID) (Event, error)
	// EventByUID returns the event imported under this iCalendar UID.
	EventByUID(ctx context.Context, uid string) (Event, error)
	// DeleteEvent removes an event for good.
	DeleteEvent(ctx context.Context, id ID) error
	// Events calls fn with every event, earliest start first, until fn
	// returns false. A plan holds a few hundred events, so callers filter.
	// fn must not call the store.
	Events(ctx context.Context, fn func(Event) bool) error
}

// QueueStore keeps the posting queues, one per target.
type QueueStore interface {
	// Queues returns every queue, in no particular order.
	Queues(ctx context.Context) ([]Queue, error)
	// PutQueue stores a target's queue; a queue without slots is removed.
	PutQueue(ctx context.Context, q Queue) error
}
