package storage

import (
	"encoding/binary"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
)

func testSuspect(at time.Time) impostor.Record {
	return impostor.Record{
		ID: app.NewID(at),
		Suspect: impostor.Suspect{
			Account: monitor.Account{Network: app.Bluesky, RemoteID: "did:plc:fake1", Handle: "maison-Iumen.bsky.social",
				DisplayName: "Maison Lumen", Bio: "Luminaires — Lyon", URL: "https://bsky.app/profile/maison-Iumen.bsky.social",
				Avatar: "https://cdn.example/a.jpg", CreatedAt: at.AddDate(0, 0, -3), Followers: 12, Following: 300, Posts: 4},
			Score: 85,
			Reasons: []impostor.Reason{
				{Kind: impostor.ReasonLookalike, Field: impostor.FieldHandle, Found: "maison-Iumen", Brand: "Maison Lumen",
					Lookalikes: []impostor.Lookalike{{Found: "I", Brand: "l"}}, Weight: 0.8},
				{Kind: impostor.ReasonYoung, Days: 3, Weight: 0.25},
				{Kind: impostor.ReasonBioCopied, Similarity: 0.92, Weight: 0.5},
			},
			AvatarCompared: true,
		},
		By: app.NewID(at.Add(-time.Hour)), Home: "https://piaille.fr",
		FirstSeen: at, LastSeen: at.Add(time.Hour), Notified: true,
	}
}

func TestImpostorsRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	r := testSuspect(at)
	if err := db.PutImpostor(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := db.Impostors(ctx)
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], r) {
		t.Fatalf("suspects: %+v, %v\nwant %+v", got, err, r)
	}
	r.Status = impostor.StatusReported
	if err := db.PutImpostor(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Impostors(ctx); len(got) != 1 || got[0].Status != impostor.StatusReported {
		t.Errorf("after the mark: %+v", got)
	}
	if err := db.PutImpostor(ctx, impostor.Record{}); err == nil {
		t.Error("a suspect without an ID was stored")
	}
}

func TestMigrationToVersion10(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := post(1, at)
	writeVersion1(t, dir, []app.Post{p})
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := testWatch(1, at)
	if err := db.PutWatch(ctx, w); err != nil {
		t.Fatal(err)
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range schema10Buckets {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 9))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := rawBuckets(t, dir); slices.Contains(got, "impostors") || !slices.Contains(got, "watches") {
		t.Fatalf("the version 9 fixture has buckets %v", got)
	}
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != 10 {
		t.Errorf("schema %d after migration", v)
	}
	if got, err := db.Watches(ctx); err != nil || len(got) != 1 || got[0].ID != w.ID {
		t.Errorf("watches after migration: %+v, %v", got, err)
	}
	if got, err := db.Impostors(ctx); err != nil || len(got) != 0 {
		t.Errorf("suspects after migration: %+v, %v", got, err)
	}
	if err := db.PutImpostor(ctx, testSuspect(at)); err != nil {
		t.Fatal(err)
	}
}
