package storage

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

func TestAccountsRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	a := app.Account{
		ID: app.NewID(at), Network: app.Mastodon, Server: "https://piaille.fr", Handle: "lea@piaille.fr",
		RemoteID: "109", DisplayName: "Léa", Label: "Client Boulangerie", Avatar: "ab12", URL: "https://piaille.fr/@lea",
		State: app.AccountConnected, Zone: "Europe/Paris", CreatedAt: at, CheckedAt: at.Add(time.Hour), SignInExpiry: at.Add(60 * 24 * time.Hour),
		Limits: app.Limits{MaxLength: 1000, LinkLength: 25, CodePoints: true, Media: app.MediaLimits{Count: 4, Size: 16 << 20, AltMax: 1500}},
	}
	b := app.Account{ID: app.NewID(at.Add(time.Second)), Network: app.RSS, Server: "https://blog.example/feed",
		Watch: []string{"Boulangerie Martin", "croissant"}, CreatedAt: at}
	// A Bluesky account of a network of its own, connected while its
	// AppView was down.
	c := app.Account{ID: app.NewID(at.Add(2 * time.Second)), Network: app.Bluesky, Server: "http://localhost:2583",
		PLC: "http://localhost:2582", Handle: "alice.test", RemoteID: "did:plc:abc", State: app.AccountConnected,
		ProfilePending: true, CreatedAt: at}
	if err := db.PutAccount(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Account(ctx, c.ID); err != nil || !reflect.DeepEqual(got, c) {
		t.Errorf("the Bluesky account read back\n%+v (%v)\nwant\n%+v", got, err, c)
	}
	if err := db.DeleteAccount(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	for _, acc := range []app.Account{b, a} {
		if err := db.PutAccount(ctx, acc); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Account(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, a)
	}
	if got, err := db.Account(ctx, b.ID); err != nil || !reflect.DeepEqual(got, b) {
		t.Errorf("the feed read back\n%+v (%v)\nwant\n%+v", got, err, b)
	}
	list, err := db.Accounts(ctx)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("Accounts = %v, %v; want oldest first", list, err)
	}
	if err := db.DeleteAccount(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Account(ctx, a.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("deleted account: %v, want ErrNotFound", err)
	}
}

func TestOutboxJournal(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	postID := app.NewID(at)
	account := app.NewID(at)
	target := app.Target{Network: app.Bluesky, Account: account}
	later := app.Attempt{
		ID: app.AttemptID(postID, target, at.Add(48*time.Hour)), Post: postID, Target: target, Account: account,
		Due: at.Add(48 * time.Hour), Key: app.NewAttemptKey(at), State: app.AttemptSending, StartedAt: at, UpdatedAt: at,
	}
	first := later
	first.ID, first.Due = app.AttemptID(postID, target, at), at
	first.State, first.Tries, first.NextTry, first.Approved = app.AttemptWaiting, 2, at.Add(time.Minute), true
	first.Failure, first.Problem, first.Status, first.Message, first.Reason = app.FailRateLimited, "slow down", 429, "Too many requests", "too_late"
	for _, a := range []app.Attempt{later, first} {
		if err := db.PutAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Attempt(ctx, first.ID)
	if err != nil || !reflect.DeepEqual(got, first) {
		t.Fatalf("read back %+v, %v\nwant %+v", got, err, first)
	}
	open, err := db.OpenAttempts(ctx)
	if err != nil || len(open) != 2 {
		t.Fatalf("open attempts %v, %v; want 2", open, err)
	}

	sent := first
	sent.State = app.AttemptSent
	root := app.RemoteRef{ID: "at://did:plc:x/app.bsky.feed.post/root", CID: "bafyroot"}
	sent.Published = app.Published{Ref: app.RemoteRef{ID: "at://did:plc:x/app.bsky.feed.post/" + first.Key, CID: "bafy", Root: &root},
		URL: "https://bsky.app/profile/x/post/" + first.Key, At: at.Add(time.Second)}
	if err := db.PutAttempt(ctx, sent); err != nil {
		t.Fatal(err)
	}
	open, _ = db.OpenAttempts(ctx)
	if len(open) != 1 || open[0].ID != later.ID {
		t.Errorf("open after one was sent: %v, want only the later one", open)
	}
	all, err := db.PostAttempts(ctx, postID)
	if err != nil || len(all) != 2 || all[0].ID != first.ID {
		t.Fatalf("PostAttempts = %v, %v; want both, earliest due first", all, err)
	}
	if !reflect.DeepEqual(all[0], sent) {
		t.Errorf("sent attempt read back\n%+v\nwant\n%+v", all[0], sent)
	}
	if other, _ := db.PostAttempts(ctx, app.NewID(at)); len(other) != 0 {
		t.Errorf("another post has %d attempts", len(other))
	}
	bad := first
	bad.ID = "someone-else/x/1"
	if err := db.PutAttempt(ctx, bad); !errors.Is(err, app.ErrBadID) {
		t.Errorf("attempt whose ID is not its post's: %v", err)
	}
}

// TestNoSecretInTheFile stores an account through the same path Relais
// does and reads the whole bbolt file for the secret: app.Secret cannot be
// encoded, and nothing else carries it.
func TestNoSecretInTheFile(t *testing.T) {
	db, dir := openTemp(t)
	token := "tok-" + strings.Repeat("S3cr3t", 8)
	secret := app.Secret{AccessToken: token}
	at := time.Now()
	// A careless record that embeds the secret must still not leak it.
	a := app.Account{ID: app.NewID(at), Network: app.Mastodon, Handle: "x@y", Problem: secret.String(), CreatedAt: at}
	if err := db.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "debug", secret.GoString()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), token) {
		t.Fatal("the database file holds the token")
	}
}

func TestMigrationToVersion5(t *testing.T) {
	db, dir := openTemp(t)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketAccounts, bucketOutbox, bucketOutboxOpen} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 4))
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
		t.Errorf("schema %d, want %d", v, SchemaVersion())
	}
	if list, err := db.Accounts(ctx); err != nil || len(list) != 0 {
		t.Errorf("accounts after migration: %v, %v", list, err)
	}
	if open, err := db.OpenAttempts(ctx); err != nil || len(open) != 0 {
		t.Errorf("outbox after migration: %v, %v", open, err)
	}
}
