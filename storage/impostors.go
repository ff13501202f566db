package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
)

var _ impostor.Store = (*DB)(nil)

// Schema 9: the impostors the veille found.
var bucketImpostors = []byte("impostors")

// impostorRecord is an impostor.Record as stored. Its fields only grow.
type impostorRecord struct {
	V         int             `json:"v"`
	ID        app.ID          `json:"id"`
	Account   suspectAccount  `json:"account"`
	Score     int             `json:"score"`
	Reasons   []reasonRecord  `json:"reasons,omitempty"`
	Status    impostor.Status `json:"status,omitempty"`
	Avatar    bool            `json:"avatar_compared,omitempty"`
	By        *app.ID         `json:"by,omitempty"`
	Home      string          `json:"home,omitempty"`
	FirstSeen time.Time       `json:"first_seen"`
	LastSeen  time.Time       `json:"last_seen"`
	Notified  bool            `json:"notified,omitempty"`
}

const impostorRecordVersion = 1

type suspectAccount struct {
	Network     app.Network `json:"network"`
	RemoteID    string      `json:"remote_id,omitempty"`
	Handle      string      `json:"handle"`
	DisplayName string      `json:"display_name,omitempty"`
	Bio         string      `json:"bio,omitempty"`
	URL         string      `json:"url,omitempty"`
	Avatar      string      `json:"avatar,omitempty"`
	CreatedAt   time.Time   `json:"created,omitzero"`
	Followers   int         `json:"followers,omitempty"`
	Following   int         `json:"following,omitempty"`
	Posts       int         `json:"posts,omitempty"`
}

type reasonRecord struct {
	Kind       impostor.ReasonKind  `json:"kind"`
	Field      impostor.Field       `json:"field,omitempty"`
	Found      string               `json:"found,omitempty"`
	Brand      string               `json:"brand,omitempty"`
	Lookalikes []impostor.Lookalike `json:"lookalikes,omitempty"`
	Edits      int                  `json:"edits,omitempty"`
	Bits       int                  `json:"bits,omitempty"`
	Days       int                  `json:"days,omitempty"`
	Similarity float64              `json:"similarity,omitempty"`
	Weight     float64              `json:"weight"`
}

func impostorRecordOf(r impostor.Record) impostorRecord {
	a := r.Account
	rec := impostorRecord{V: impostorRecordVersion, ID: r.ID, Score: r.Score, Status: r.Status, Avatar: r.AvatarCompared,
		Home: r.Home, FirstSeen: r.FirstSeen.UTC(), LastSeen: r.LastSeen.UTC(), Notified: r.Notified,
		Account: suspectAccount{Network: a.Network, RemoteID: a.RemoteID, Handle: a.Handle, DisplayName: a.DisplayName, Bio: a.Bio,
			URL: a.URL, Avatar: a.Avatar, CreatedAt: a.CreatedAt.UTC(), Followers: a.Followers, Following: a.Following, Posts: a.Posts}}
	if !r.By.IsZero() {
		by := r.By
		rec.By = &by
	}
	for _, x := range r.Reasons {
		rec.Reasons = append(rec.Reasons, reasonRecord(x))
	}
	return rec
}

func decodeImpostor(b []byte) (impostor.Record, error) {
	var rec impostorRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return impostor.Record{}, fmt.Errorf("decoding a suspect account: %w", err)
	}
	if rec.V > impostorRecordVersion {
		return impostor.Record{}, fmt.Errorf("suspect account record version %d: %w", rec.V, ErrNewerSchema)
	}
	a := rec.Account
	r := impostor.Record{ID: rec.ID, Home: rec.Home, FirstSeen: rec.FirstSeen.UTC(), LastSeen: rec.LastSeen.UTC(), Notified: rec.Notified,
		Suspect: impostor.Suspect{Score: rec.Score, Status: rec.Status, AvatarCompared: rec.Avatar,
			Account: monitor.Account{Network: a.Network, RemoteID: a.RemoteID, Handle: a.Handle, DisplayName: a.DisplayName, Bio: a.Bio,
				URL: a.URL, Avatar: a.Avatar, CreatedAt: a.CreatedAt.UTC(), Followers: a.Followers, Following: a.Following, Posts: a.Posts}}}
	if rec.By != nil {
		r.By = *rec.By
	}
	for _, x := range rec.Reasons {
		r.Reasons = append(r.Reasons, impostor.Reason(x))
	}
	return r, nil
}

// Impostors implements impostor.Store: every suspect, by ID (the time it
// was first found).
func (db *DB) Impostors(ctx context.Context) ([]impostor.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return records(db, bucketImpostors, "suspect", decodeImpostor)
}

// PutImpostor implements impostor.Store.
func (db *DB) PutImpostor(ctx context.Context, r impostor.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.ID.IsZero() {
		return fmt.Errorf("a suspect account without an ID: %w", app.ErrBadID)
	}
	v, err := json.Marshal(impostorRecordOf(r))
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketImpostors).Put(r.ID[:], v) })
}
