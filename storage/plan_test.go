package storage

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

func TestPostVariantsMediaAndRecurrenceRoundTrip(t *testing.T) {
	db, dir := openTemp(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	p := app.Post{
		ID: app.NewID(at), Title: "Meetup", Text: "Rendez-vous lundi https://example.org/meetup",
		Tags: []string{"meetup"}, Campaign: "Hiver 2026", Notes: "Valider avec Claire",
		Status: app.StatusReady, UTM: true, PlannedAt: at, Zone: "Europe/Paris",
		Recurrence: "FREQ=MONTHLY;BYDAY=1MO", IgnoreProof: true, IgnoreLimit: true, ImageFit: app.FitPad,
		Variants: []app.Variant{
			{Target: app.Target{Network: app.Mastodon}},
			{Target: app.Target{Network: app.Bluesky, Account: account}, Text: "Version courte 🦋"},
		},
		Media:     []app.Media{{Hash: "ab12", Type: "image/png", Size: 1234, Width: 10, Height: 20, Name: "affiche.png", Alt: "Affiche du meetup"}},
		CreatedAt: at, UpdatedAt: at,
	}
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	check := func(db *DB) {
		got, err := db.Post(ctx, p.ID)
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("read back\n got %+v, %v\nwant %+v", got, err, p)
		}
		var recurring []app.ID
		if err := db.RecurringPosts(ctx, func(p app.Post) bool { recurring = append(recurring, p.ID); return true }); err != nil {
			t.Fatal(err)
		}
		if len(recurring) != 1 || recurring[0] != p.ID {
			t.Errorf("recurring posts %v", recurring)
		}
		if s := summaries(t, db); len(s) != 1 || !s[0].PlannedAt.Equal(at) {
			t.Errorf("summary %+v", s)
		}
		checkIndexes(t, db)
	}
	check(db)
	db.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check(db)

	// Once it stops repeating, it leaves the index; in the trash, too.
	p.Recurrence = ""
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Recurrence = "FREQ=WEEKLY"
	if err := db.PutPost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashPost(ctx, p.ID, at); err != nil {
		t.Fatal(err)
	}
	n := 0
	db.RecurringPosts(ctx, func(app.Post) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d recurring posts after trashing the only one", n)
	}
	checkIndexes(t, db)
}

func TestEventsByTimeAndUID(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	late := app.Event{ID: app.NewID(day), Title: "Salon", Kind: app.EventLaunch, Start: day.Add(72 * time.Hour), End: day.Add(96 * time.Hour), UID: "salon@example.org"}
	early := app.Event{ID: app.NewID(day.Add(time.Second)), Title: "Noël", Kind: app.EventHoliday, AllDay: true, Zone: "Europe/Paris",
		Start: day, End: day.Add(24 * time.Hour), Recurrence: "FREQ=YEARLY", Place: "Partout", Notes: "Férié"}
	if err := db.PutEvents(ctx, []app.Event{late, early}); err != nil {
		t.Fatal(err)
	}
	var order []string
	db.Events(ctx, func(e app.Event) bool { order = append(order, e.Title); return true })
	if !reflect.DeepEqual(order, []string{"Noël", "Salon"}) {
		t.Errorf("events in order %v", order)
	}
	if got, err := db.EventByUID(ctx, "salon@example.org"); err != nil || got.ID != late.ID {
		t.Errorf("by UID %+v, %v", got, err)
	}
	if got, err := db.Event(ctx, early.ID); err != nil || !reflect.DeepEqual(got, early) {
		t.Errorf("read back %+v, %v", got, err)
	}
	// Moving an event moves its index entry; giving its UID to another
	// event is followed.
	late.Start, late.End = late.Start.Add(-48*time.Hour), late.End.Add(-48*time.Hour)
	if err := db.PutEvents(ctx, []app.Event{late}); err != nil {
		t.Fatal(err)
	}
	checkIndexes(t, db)
	if err := db.DeleteEvent(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EventByUID(ctx, "salon@example.org"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("UID of a deleted event: %v", err)
	}
	if err := db.DeleteEvent(ctx, late.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}
	checkIndexes(t, db)
}

func TestQueuesRoundTrip(t *testing.T) {
	db, dir := openTemp(t)
	ctx := context.Background()
	q := app.Queue{Target: app.Target{Network: app.Bluesky}, Zone: "America/New_York", Slots: []app.Slot{
		{Day: time.Monday, Hour: 9}, {Day: time.Friday, Hour: 18, Minute: 30},
	}}
	if err := db.PutQueue(ctx, q); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Queues(ctx)
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], q) {
		t.Errorf("queues %+v, %v", got, err)
	}
	q.Slots = nil
	if err := db.PutQueue(ctx, q); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Queues(ctx); len(got) != 0 {
		t.Errorf("an emptied queue is still there: %+v", got)
	}
}

// TestMigrationToVersion4 opens a version 3 file, whose summaries do not
// carry the planned time, and finds them rebuilt.
func TestMigrationToVersion4(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	planned := post(1, at)
	planned.PlannedAt = at.Add(24 * time.Hour)
	writeVersion1(t, dir, []app.Post{planned, post(2, at.Add(time.Minute))})
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Make it what version 3 wrote: summaries without planned_at, and
	// none of the version 4 buckets.
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		index := tx.Bucket(bucketPostsByChange)
		var keys, values [][]byte
		index.ForEach(func(k, v []byte) error {
			var r summaryRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			r.PlannedAt = nil
			stripped, _ := json.Marshal(r)
			keys, values = append(keys, append([]byte(nil), k...)), append(values, stripped)
			return nil
		})
		for i := range keys {
			if err := index.Put(keys[i], values[i]); err != nil {
				return err
			}
		}
		for _, name := range [][]byte{bucketPostsRecurring, bucketEvents, bucketEventsByTime, bucketEventsByUID, bucketQueues} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 3))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d after migration", v)
	}
	checkIndexes(t, db)
	for _, s := range summaries(t, db) {
		if s.ID == planned.ID && !s.PlannedAt.Equal(planned.PlannedAt) {
			t.Errorf("summary of the planned post says %v", s.PlannedAt)
		}
	}
	if qs, err := db.Queues(context.Background()); err != nil || len(qs) != 0 {
		t.Errorf("queues %v, %v", qs, err)
	}
}
