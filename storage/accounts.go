package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// accountRecord is an account as stored: never a secret (those are in
// the keychain). Its fields only grow.
type accountRecord struct {
	V           int              `json:"v"`
	ID          app.ID           `json:"id"`
	Network     app.Network      `json:"network"`
	Server      string           `json:"server,omitempty"`
	PLC         string           `json:"plc,omitempty"`
	Handle      string           `json:"handle,omitempty"`
	RemoteID    string           `json:"remote_id,omitempty"`
	DisplayName string           `json:"display_name,omitempty"`
	Label       string           `json:"label,omitempty"`
	Avatar      string           `json:"avatar,omitempty"`
	URL         string           `json:"url,omitempty"`
	State       app.AccountState `json:"state,omitempty"`
	Problem     string           `json:"problem,omitempty"`
	Zone        string           `json:"zone,omitempty"`
	Watch       []string         `json:"watch,omitempty"`
	MaxLength   int              `json:"max_length,omitempty"`
	LinkLength  int              `json:"link_length,omitempty"` // absent before the servers' own link length was read: the network's
	CodePoints  bool             `json:"code_points,omitempty"` // the server counts code points (GoToSocial)
	MediaCount  int              `json:"media_count,omitempty"`
	MediaSize   int64            `json:"media_size,omitempty"`
	AltMax      int              `json:"alt_max,omitempty"`
	CreatedAt   time.Time        `json:"created_at"`
	CheckedAt   time.Time        `json:"checked_at,omitzero"`
	// ProfilePending: connected while the profile could not be read.
	ProfilePending bool `json:"profile_pending,omitempty"`
	// SignInExpiry: when the sign-in must be renewed (the date only; the
	// token is in the keychain).
	SignInExpiry time.Time `json:"signin_expiry,omitzero"`
	// SignInWarned: the expiry a notification already told of.
	SignInWarned time.Time `json:"signin_warned,omitzero"`
}

const accountRecordVersion = 1

func encodeAccount(a app.Account) ([]byte, error) {
	return json.Marshal(accountRecord{
		V: accountRecordVersion, ID: a.ID, Network: a.Network, Server: a.Server, PLC: a.PLC, Handle: a.Handle,
		RemoteID: a.RemoteID, DisplayName: a.DisplayName, Label: a.Label, Avatar: a.Avatar, URL: a.URL,
		State: a.State, Problem: a.Problem, Zone: a.Zone, Watch: a.Watch, MaxLength: a.Limits.MaxLength,
		LinkLength: a.Limits.LinkLength, CodePoints: a.Limits.CodePoints, MediaCount: a.Limits.Media.Count, MediaSize: a.Limits.Media.Size, AltMax: a.Limits.Media.AltMax,
		CreatedAt: a.CreatedAt.UTC(), CheckedAt: a.CheckedAt.UTC(), ProfilePending: a.ProfilePending,
		SignInExpiry: a.SignInExpiry.UTC(), SignInWarned: a.SignInWarned.UTC(),
	})
}

func decodeAccount(b []byte) (app.Account, error) {
	var r accountRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return app.Account{}, fmt.Errorf("decoding an account: %w", err)
	}
	if r.V > accountRecordVersion {
		return app.Account{}, fmt.Errorf("account record version %d: %w", r.V, ErrNewerSchema)
	}
	a := app.Account{
		ID: r.ID, Network: r.Network, Server: r.Server, PLC: r.PLC, Handle: r.Handle, RemoteID: r.RemoteID,
		DisplayName: r.DisplayName, Label: r.Label, Avatar: r.Avatar, URL: r.URL, State: r.State,
		Problem: r.Problem, Zone: r.Zone, Watch: r.Watch, CreatedAt: r.CreatedAt.UTC(), ProfilePending: r.ProfilePending,
		Limits: app.Limits{MaxLength: r.MaxLength, LinkLength: r.LinkLength, CodePoints: r.CodePoints, Media: app.MediaLimits{Count: r.MediaCount, Size: r.MediaSize, AltMax: r.AltMax}},
	}
	if !r.CheckedAt.IsZero() {
		a.CheckedAt = r.CheckedAt.UTC()
	}
	if !r.SignInExpiry.IsZero() {
		a.SignInExpiry = r.SignInExpiry.UTC()
	}
	if !r.SignInWarned.IsZero() {
		a.SignInWarned = r.SignInWarned.UTC()
	}
	return a, nil
}

// PutAccount implements app.AccountStore.
func (db *DB) PutAccount(ctx context.Context, a app.Account) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.ID.IsZero() {
		return app.ErrBadID
	}
	value, err := encodeAccount(a)
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).Put(a.ID[:], value)
	})
}

// Account implements app.AccountStore.
func (db *DB) Account(ctx context.Context, id app.ID) (app.Account, error) {
	if err := ctx.Err(); err != nil {
		return app.Account{}, err
	}
	var a app.Account
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketAccounts).Get(id[:])
		if v == nil {
			return app.ErrNotFound
		}
		var err error
		a, err = decodeAccount(v)
		return err
	})
	return a, err
}

// Accounts implements app.AccountStore: oldest first, as IDs sort.
func (db *DB) Accounts(ctx context.Context) ([]app.Account, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []app.Account
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).ForEach(func(_, v []byte) error {
			a, err := decodeAccount(v)
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// DeleteAccount implements app.AccountStore.
func (db *DB) DeleteAccount(ctx context.Context, id app.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAccounts).Delete(id[:])
	})
}

// attemptRecord is an outbox attempt as stored.
type attemptRecord struct {
	V         int              `json:"v"`
	ID        string           `json:"id"`
	Post      app.ID           `json:"post"`
	Network   app.Network      `json:"network"`
	Target    *app.ID          `json:"target_account,omitempty"`
	Account   *app.ID          `json:"account,omitempty"`
	Due       time.Time        `json:"due"`
	Key       string           `json:"key"`
	State     app.AttemptState `json:"state"`
	Tries     int              `json:"tries,omitempty"`
	NextTry   time.Time        `json:"next_try,omitzero"`
	Approved  bool             `json:"approved,omitempty"`
	RemoteID  string           `json:"remote_id,omitempty"`
	RemoteCID string           `json:"remote_cid,omitempty"`
	RootID    string           `json:"root_id,omitempty"`
	RootCID   string           `json:"root_cid,omitempty"`
	URL       string           `json:"url,omitempty"`
	SentAt    time.Time        `json:"sent_at,omitzero"`
	Failure   app.Failure      `json:"failure,omitempty"`
	Problem   string           `json:"problem,omitempty"`
	Message   string           `json:"message,omitempty"`
	Reason    string           `json:"reason,omitempty"`
	Status    int              `json:"status,omitempty"`
	StartedAt time.Time        `json:"started_at"`
	UpdatedAt time.Time        `json:"updated_at"`

	// Steps: what the connector did before the post was made (a Meta
	// container's ID), by name.
	Steps map[string]string `json:"steps,omitempty"`
}

const attemptRecordVersion = 1

func optionalID(id app.ID) *app.ID {
	if id.IsZero() {
		return nil
	}
	return &id
}

func encodeAttempt(a app.Attempt) ([]byte, error) {
	r := attemptRecord{
		V: attemptRecordVersion, ID: a.ID, Post: a.Post, Network: a.Target.Network,
		Target: optionalID(a.Target.Account), Account: optionalID(a.Account), Due: a.Due.UTC(), Key: a.Key,
		State: a.State, Tries: a.Tries, NextTry: a.NextTry.UTC(), Approved: a.Approved, RemoteID: a.Published.Ref.ID,
		RemoteCID: a.Published.Ref.CID, URL: a.Published.URL, SentAt: a.Published.At.UTC(),
		Failure: a.Failure, Problem: a.Problem, Message: a.Message, Reason: a.Reason, Status: a.Status, StartedAt: a.StartedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		Steps: a.Steps,
	}
	if root := a.Published.Ref.Root; root != nil {
		r.RootID, r.RootCID = root.ID, root.CID
	}
	return json.Marshal(r)
}

func decodeAttempt(b []byte) (app.Attempt, error) {
	var r attemptRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return app.Attempt{}, fmt.Errorf("decoding an outbox attempt: %w", err)
	}
	if r.V > attemptRecordVersion {
		return app.Attempt{}, fmt.Errorf("outbox record version %d: %w", r.V, ErrNewerSchema)
	}
	a := app.Attempt{
		ID: r.ID, Post: r.Post, Target: app.Target{Network: r.Network}, Due: r.Due.UTC(), Key: r.Key,
		State: r.State, Tries: r.Tries, Approved: r.Approved, Failure: r.Failure, Problem: r.Problem, Message: r.Message, Reason: r.Reason, Status: r.Status,
		StartedAt: r.StartedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Published: app.Published{Ref: app.RemoteRef{ID: r.RemoteID, CID: r.RemoteCID}, URL: r.URL},
		Steps:     r.Steps,
	}
	if r.Target != nil {
		a.Target.Account = *r.Target
	}
	if r.Account != nil {
		a.Account = *r.Account
	}
	if !r.NextTry.IsZero() {
		a.NextTry = r.NextTry.UTC()
	}
	if !r.SentAt.IsZero() {
		a.Published.At = r.SentAt.UTC()
	}
	if r.RootID != "" {
		a.Published.Ref.Root = &app.RemoteRef{ID: r.RootID, CID: r.RootCID}
	}
	return a, nil
}

// PutAttempt implements app.OutboxStore. The attempt is on disk when it
// returns: bbolt syncs each commit.
func (db *DB) PutAttempt(ctx context.Context, a app.Attempt) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.ID == "" || !strings.HasPrefix(a.ID, a.Post.String()+"/") {
		return fmt.Errorf("outbox attempt %q of post %s: %w", a.ID, a.Post, app.ErrBadID)
	}
	value, err := encodeAttempt(a)
	if err != nil {
		return err
	}
	key := []byte(a.ID)
	return db.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketOutbox).Put(key, value); err != nil {
			return err
		}
		open := tx.Bucket(bucketOutboxOpen)
		if a.State.Done() {
			return open.Delete(key)
		}
		return open.Put(key, nil)
	})
}

// Attempt implements app.OutboxStore.
func (db *DB) Attempt(ctx context.Context, id string) (app.Attempt, error) {
	if err := ctx.Err(); err != nil {
		return app.Attempt{}, err
	}
	var a app.Attempt
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketOutbox).Get([]byte(id))
		if v == nil {
			return app.ErrNotFound
		}
		var err error
		a, err = decodeAttempt(v)
		return err
	})
	return a, err
}

// OpenAttempts implements app.OutboxStore, through the outbox_open index.
func (db *DB) OpenAttempts(ctx context.Context) ([]app.Attempt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []app.Attempt
	err := db.view(func(tx *bolt.Tx) error {
		outbox := tx.Bucket(bucketOutbox)
		return tx.Bucket(bucketOutboxOpen).ForEach(func(k, _ []byte) error {
			v := outbox.Get(k)
			if v == nil {
				return fmt.Errorf("outbox_open names %q, which the outbox lacks", k)
			}
			a, err := decodeAttempt(v)
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// PostAttempts implements app.OutboxStore: attempt IDs start with the
// post's ID, so this is a prefix seek.
func (db *DB) PostAttempts(ctx context.Context, post app.ID) ([]app.Attempt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	prefix := []byte(post.String() + "/")
	var out []app.Attempt
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			a, err := decodeAttempt(v)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b app.Attempt) int { return a.Due.Compare(b.Due) })
	return out, err
}

// SentAttempts implements app.OutboxStore: a walk of the whole outbox.
// Sent attempts are most of the journal, so an index of them would spare
// little; 10,000 attempts take some 50 ms, mostly decoding, once per
// collection of the figures.
func (db *DB) SentAttempts(ctx context.Context, fn func(app.Attempt) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			a, err := decodeAttempt(v)
			if err != nil {
				return fmt.Errorf("outbox attempt %q: %w", k, err)
			}
			if a.State == app.AttemptSent && !fn(a) {
				return nil
			}
		}
		return nil
	})
}
