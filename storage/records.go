package storage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// postRecord is a post as stored. Its fields only ever grow; a change of
// meaning takes a new record version and a migration.
type postRecord struct {
	V           int             `json:"v"`
	ID          app.ID          `json:"id"`
	Title       string          `json:"title,omitempty"`
	Text        string          `json:"text"`
	Tags        []string        `json:"tags,omitempty"`
	Campaign    string          `json:"campaign,omitempty"`
	Notes       string          `json:"notes,omitempty"`
	Status      app.Status      `json:"status"`
	Variants    []variantRecord `json:"variants,omitempty"`
	Media       []mediaRecord   `json:"media,omitempty"`
	UTM         bool            `json:"utm,omitempty"`
	PlannedAt   *time.Time      `json:"planned_at,omitempty"`
	Zone        string          `json:"zone,omitempty"`
	Recurrence  string          `json:"recurrence,omitempty"`
	Language    string          `json:"language,omitempty"`
	Warning     string          `json:"warning,omitempty"`
	Visibility  app.Visibility  `json:"visibility,omitempty"`
	IgnoreProof bool            `json:"ignore_proof,omitempty"`
	IgnoreLimit bool            `json:"ignore_limit,omitempty"`
	ImageFit    app.ImageFit    `json:"image_fit,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	TrashedAt   *time.Time      `json:"trashed_at,omitempty"`
}

type variantRecord struct {
	Network app.Network `json:"network"`
	Account *app.ID     `json:"account,omitempty"`
	Text    string      `json:"text,omitempty"`
}

type mediaRecord struct {
	Hash   string `json:"hash"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Name   string `json:"name,omitempty"`
	Alt    string `json:"alt,omitempty"`
}

const postRecordVersion = 1

// summaryRecord is the value of posts_by_change.
type summaryRecord struct {
	Title     string     `json:"title,omitempty"`
	Snippet   string     `json:"snippet"`
	Tags      []string   `json:"tags,omitempty"`
	Status    app.Status `json:"status"`
	PlannedAt *time.Time `json:"planned_at,omitempty"`
}

func encodePost(p app.Post, trashedAt *time.Time) ([]byte, error) {
	r := postRecord{
		V: postRecordVersion, ID: p.ID, Title: p.Title, Text: p.Text, Tags: p.Tags,
		Campaign: p.Campaign, Notes: p.Notes, Status: p.Status, UTM: p.UTM, Zone: p.Zone,
		Recurrence: p.Recurrence, Language: p.Language, Warning: p.Warning, Visibility: p.Visibility,
		IgnoreProof: p.IgnoreProof, IgnoreLimit: p.IgnoreLimit, ImageFit: p.ImageFit, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, TrashedAt: trashedAt,
	}
	for _, v := range p.Variants {
		vr := variantRecord{Network: v.Target.Network, Text: v.Text}
		if !v.Target.Account.IsZero() {
			account := v.Target.Account
			vr.Account = &account
		}
		r.Variants = append(r.Variants, vr)
	}
	for _, m := range p.Media {
		r.Media = append(r.Media, mediaRecord(m))
	}
	if !p.PlannedAt.IsZero() {
		at := p.PlannedAt.UTC()
		r.PlannedAt = &at
	}
	return json.Marshal(r)
}

func decodePost(b []byte) (app.Post, error) {
	r, err := decodeRecord(b)
	if err != nil {
		return app.Post{}, err
	}
	return r.post(), nil
}

func decodeRecord(b []byte) (postRecord, error) {
	var r postRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return postRecord{}, fmt.Errorf("decoding a post: %w", err)
	}
	if r.V > postRecordVersion {
		return postRecord{}, fmt.Errorf("post record version %d: %w", r.V, ErrNewerSchema)
	}
	return r, nil
}

// post is the domain post a record holds.
func (r postRecord) post() app.Post {
	p := app.Post{
		ID: r.ID, Title: r.Title, Text: r.Text, Tags: r.Tags, Campaign: r.Campaign, Notes: r.Notes,
		Status: r.Status, UTM: r.UTM, Zone: r.Zone, Recurrence: r.Recurrence,
		Language: r.Language, Warning: r.Warning, Visibility: r.Visibility, IgnoreProof: r.IgnoreProof, IgnoreLimit: r.IgnoreLimit, ImageFit: r.ImageFit,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	for _, v := range r.Variants {
		t := app.Target{Network: v.Network}
		if v.Account != nil {
			t.Account = *v.Account
		}
		p.Variants = append(p.Variants, app.Variant{Target: t, Text: v.Text})
	}
	for _, m := range r.Media {
		p.Media = append(p.Media, app.Media(m))
	}
	if r.PlannedAt != nil {
		p.PlannedAt = r.PlannedAt.UTC()
	}
	return p
}

// timeKey is the big-endian Unix nanoseconds of t followed by id: keys that
// sort by time, then ID. Times outside what Unix nanoseconds hold in a
// uint64 (before 1970, after 2262), such as the zero time given as the
// open start of a range, are clamped to its ends.
func timeKey(t time.Time, id app.ID) []byte {
	var nanos uint64
	switch {
	case t.Before(time.Unix(0, 0)):
		nanos = 0
	case t.After(time.Unix(0, math.MaxInt64)):
		nanos = math.MaxUint64
	default:
		nanos = uint64(t.UnixNano())
	}
	k := make([]byte, 0, 8+len(id))
	k = binary.BigEndian.AppendUint64(k, nanos)
	return append(k, id[:]...)
}

// idOfTimeKey returns the ID at the end of a timeKey.
func idOfTimeKey(k []byte) (app.ID, bool) {
	if len(k) < 8 {
		return app.ID{}, false
	}
	return idOfKey(k[8:])
}

// idOfKey reads a key that is an ID alone.
func idOfKey(k []byte) (app.ID, bool) {
	var id app.ID
	if len(k) != len(id) {
		return id, false
	}
	copy(id[:], k)
	return id, true
}

func timeOfKey(k []byte) time.Time {
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).UTC()
}

// records decodes every record of a bucket, in the order of their keys;
// what names a record in an error ("watch 0a1b…: …").
func records[T any](db *DB, bucket []byte, what string, decode func([]byte) (T, error)) ([]T, error) {
	var out []T
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			r, err := decode(v)
			if err != nil {
				return fmt.Errorf("%s %x: %w", what, k, err)
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}
