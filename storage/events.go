package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// eventRecord is an event as stored; like postRecord, its fields only grow.
type eventRecord struct {
	V          int           `json:"v"`
	ID         app.ID        `json:"id"`
	Title      string        `json:"title"`
	Kind       app.EventKind `json:"kind"`
	Start      time.Time     `json:"start"`
	End        time.Time     `json:"end"`
	AllDay     bool          `json:"all_day,omitempty"`
	Zone       string        `json:"zone,omitempty"`
	Recurrence string        `json:"recurrence,omitempty"`
	Place      string        `json:"place,omitempty"`
	Notes      string        `json:"notes,omitempty"`
	UID        string        `json:"uid,omitempty"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

const eventRecordVersion = 1

func decodeEvent(b []byte) (app.Event, error) {
	var r eventRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return app.Event{}, fmt.Errorf("decoding an event: %w", err)
	}
	if r.V > eventRecordVersion {
		return app.Event{}, fmt.Errorf("event record version %d: %w", r.V, ErrNewerSchema)
	}
	return app.Event{
		ID: r.ID, Title: r.Title, Kind: r.Kind, Start: r.Start.UTC(), End: r.End.UTC(), AllDay: r.AllDay,
		Zone: r.Zone, Recurrence: r.Recurrence, Place: r.Place, Notes: r.Notes, UID: r.UID,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}, nil
}

func encodeEvent(e app.Event) ([]byte, error) {
	return json.Marshal(eventRecord{
		V: eventRecordVersion, ID: e.ID, Title: e.Title, Kind: e.Kind, Start: e.Start.UTC(), End: e.End.UTC(),
		AllDay: e.AllDay, Zone: e.Zone, Recurrence: e.Recurrence, Place: e.Place, Notes: e.Notes, UID: e.UID,
		CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC(),
	})
}

// PutEvents implements app.EventStore.
func (db *DB) PutEvents(ctx context.Context, es []app.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		for _, e := range es {
			if err := putEvent(tx, e); err != nil {
				return fmt.Errorf("storing event %s: %w", e.ID, err)
			}
		}
		return nil
	})
}

func putEvent(tx *bolt.Tx, e app.Event) error {
	if e.ID.IsZero() {
		return app.ErrBadID
	}
	value, err := encodeEvent(e)
	if err != nil {
		return err
	}
	if err := deleteEvent(tx, e.ID); err != nil && err != app.ErrNotFound {
		return err
	}
	if err := tx.Bucket(bucketEvents).Put(e.ID[:], value); err != nil {
		return err
	}
	if err := tx.Bucket(bucketEventsByTime).Put(timeKey(e.Start, e.ID), nil); err != nil {
		return err
	}
	if e.UID != "" {
		return tx.Bucket(bucketEventsByUID).Put([]byte(e.UID), e.ID[:])
	}
	return nil
}

// deleteEvent removes an event and its index entries.
func deleteEvent(tx *bolt.Tx, id app.ID) error {
	events := tx.Bucket(bucketEvents)
	v := events.Get(id[:])
	if v == nil {
		return app.ErrNotFound
	}
	old, err := decodeEvent(v)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketEventsByTime).Delete(timeKey(old.Start, id)); err != nil {
		return err
	}
	if old.UID != "" {
		byUID := tx.Bucket(bucketEventsByUID)
		// Only when the UID still names this event: another may have
		// taken it since.
		if string(byUID.Get([]byte(old.UID))) == string(id[:]) {
			if err := byUID.Delete([]byte(old.UID)); err != nil {
				return err
			}
		}
	}
	return events.Delete(id[:])
}

// Event implements app.EventStore.
func (db *DB) Event(ctx context.Context, id app.ID) (app.Event, error) {
	if err := ctx.Err(); err != nil {
		return app.Event{}, err
	}
	var e app.Event
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketEvents).Get(id[:])
		if v == nil {
			return app.ErrNotFound
		}
		var err error
		e, err = decodeEvent(v)
		return err
	})
	return e, err
}

// EventByUID implements app.EventStore.
func (db *DB) EventByUID(ctx context.Context, uid string) (app.Event, error) {
	if err := ctx.Err(); err != nil {
		return app.Event{}, err
	}
	var e app.Event
	err := db.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketEventsByUID).Get([]byte(uid))
		if id == nil {
			return app.ErrNotFound
		}
		v := tx.Bucket(bucketEvents).Get(id)
		if v == nil {
			return fmt.Errorf("the UID index names event %x, which is missing", id)
		}
		var err error
		e, err = decodeEvent(v)
		return err
	})
	return e, err
}

// DeleteEvent implements app.EventStore.
func (db *DB) DeleteEvent(ctx context.Context, id app.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error { return deleteEvent(tx, id) })
}

// Events implements app.EventStore: a walk of events_by_time.
func (db *DB) Events(ctx context.Context, fn func(app.Event) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		events := tx.Bucket(bucketEvents)
		c := tx.Bucket(bucketEventsByTime).Cursor()
		n := 0
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			id, ok := idOfTimeKey(k)
			if !ok {
				return fmt.Errorf("malformed event key %x", k)
			}
			v := events.Get(id[:])
			if v == nil {
				return fmt.Errorf("the event index names event %s, which is missing", id)
			}
			e, err := decodeEvent(v)
			if err != nil {
				return err
			}
			if !fn(e) {
				return nil
			}
		}
		return ctx.Err()
	})
}

// queueRecord is a posting queue as stored.
type queueRecord struct {
	V      int          `json:"v"`
	Target string       `json:"target"`
	Zone   string       `json:"zone,omitempty"`
	Slots  []slotRecord `json:"slots"`
}

type slotRecord struct {
	Day    time.Weekday `json:"day"` // 0 = Sunday, as time.Weekday
	Hour   int          `json:"hour"`
	Minute int          `json:"minute"`
}

// Queues implements app.QueueStore.
func (db *DB) Queues(ctx context.Context) ([]app.Queue, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []app.Queue
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketQueues).ForEach(func(k, v []byte) error {
			var r queueRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decoding the queue of %s: %w", k, err)
			}
			if r.V > 1 {
				return fmt.Errorf("queue record version %d: %w", r.V, ErrNewerSchema)
			}
			t, err := app.ParseTarget(r.Target)
			if err != nil {
				return fmt.Errorf("the queue of %s: %w", k, err)
			}
			q := app.Queue{Target: t, Zone: r.Zone}
			for _, s := range r.Slots {
				q.Slots = append(q.Slots, app.Slot(s))
			}
			out = append(out, q)
			return nil
		})
	})
	return out, err
}

// PutQueue implements app.QueueStore.
func (db *DB) PutQueue(ctx context.Context, q app.Queue) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	key := []byte(q.Target.Key())
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQueues)
		if len(q.Slots) == 0 {
			return b.Delete(key)
		}
		r := queueRecord{V: 1, Target: q.Target.Key(), Zone: q.Zone}
		for _, s := range q.Slots {
			r.Slots = append(r.Slots, slotRecord(s))
		}
		value, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return b.Put(key, value)
	})
}
