package app

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// brokenSecrets is a keychain that cannot be reached.
type brokenSecrets struct{ calls int }

func (b *brokenSecrets) PutSecret(context.Context, ID, Secret) error {
	b.calls++
	return ErrKeychainUnavailable
}
func (b *brokenSecrets) Secret(context.Context, ID) (Secret, error) {
	b.calls++
	return Secret{}, ErrKeychainUnavailable
}
func (b *brokenSecrets) DeleteSecret(context.Context, ID) error {
	b.calls++
	return ErrKeychainUnavailable
}

func TestConnectKeepsTheSecretInTheSecretStoreOnly(t *testing.T) {
	e := newEngine(t)
	s, err := e.secrets.Secret(bg, e.mastoAcc.ID)
	if err != nil || s.AccessToken != "good" {
		t.Fatalf("secret in the store: %v, %v", s, err)
	}
	if e.mastoAcc.Handle != "cm@mastodon.example" || e.mastoAcc.RemoteID != "42" || e.mastoAcc.State != AccountConnected {
		t.Errorf("account %+v", e.mastoAcc)
	}

	// The same account again renews the sign-in under the same ID.
	again, err := e.accounts.Connect(bg, Account{Network: Mastodon, Server: "https://masto.example"}, Secret{AccessToken: "good", ClientID: "new"})
	if !errors.Is(err, ErrAlreadyConnected) || again.ID != e.mastoAcc.ID {
		t.Fatalf("connecting again: %v, %s", err, again.ID)
	}
	if s, _ := e.secrets.Secret(bg, e.mastoAcc.ID); s.ClientID != "new" {
		t.Errorf("the renewed sign-in is not kept")
	}
	if list, _ := e.accounts.List(bg); len(list) != 2 {
		t.Errorf("%d accounts, want 2", len(list))
	}
	if len(e.secrets.m) != 2 {
		t.Errorf("%d secrets left, want 2 (no stray one for the duplicate)", len(e.secrets.m))
	}

	// A refused sign-in adds nothing and leaves nothing in the keychain.
	if _, err := e.accounts.Connect(bg, Account{Network: Bluesky, Handle: "other"}, Secret{AccessToken: "bad"}); !errors.Is(err, ErrReconnect) {
		t.Fatalf("a refused sign-in: %v", err)
	}
	if len(e.secrets.m) != 2 {
		t.Errorf("a refused sign-in left its secret")
	}

	if err := e.accounts.Disconnect(bg, e.mastoAcc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.secrets.Secret(bg, e.mastoAcc.ID); !errors.Is(err, ErrNoSecret) {
		t.Errorf("the secret outlived its account: %v", err)
	}
	if _, err := e.accounts.Get(bg, e.mastoAcc.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("disconnected account: %v", err)
	}
}

func TestNoKeychainNoAccount(t *testing.T) {
	drafts, store, clock := newDrafts()
	_ = drafts
	broken := &brokenSecrets{}
	accounts := NewAccounts(store, broken, NewRegistry(&fakeNet{network: Mastodon}, &fakeNet{network: RSS}), nil, clock)
	if _, err := accounts.Connect(bg, Account{Network: Mastodon, Server: "m"}, Secret{AccessToken: "good"}); !errors.Is(err, ErrKeychainUnavailable) {
		t.Fatalf("connect without a keychain: %v", err)
	}
	if list, _ := accounts.List(bg); len(list) != 0 {
		t.Errorf("an account was kept without its secret")
	}
	// A feed needs no secret, so no keychain.
	calls := broken.calls
	feed, err := accounts.Connect(bg, Account{Network: RSS, Server: "https://blog.example/feed"}, Secret{})
	if err != nil {
		t.Fatalf("a feed without a keychain: %v", err)
	}
	if err := accounts.Disconnect(bg, feed.ID); err != nil {
		t.Fatalf("removing a feed without a keychain: %v", err)
	}
	if broken.calls != calls {
		t.Errorf("a feed touched the keychain %d times", broken.calls-calls)
	}
}

func TestRenameAndZone(t *testing.T) {
	e := newEngine(t)
	if acc, err := e.accounts.Rename(bg, e.skyAcc.ID, "  Boulangerie Martin "); err != nil || acc.Name() != "Boulangerie Martin" {
		t.Fatalf("rename: %v %q", err, acc.Name())
	}
	if _, err := e.accounts.SetZone(bg, e.skyAcc.ID, "Europe/Nowhere"); !errors.Is(err, ErrUnknownZone) {
		t.Errorf("unknown zone: %v", err)
	}
	if acc, err := e.accounts.SetZone(bg, e.skyAcc.ID, "America/Montreal"); err != nil || acc.Zone != "America/Montreal" {
		t.Errorf("zone: %v %q", err, acc.Zone)
	}
}

func TestSetWatch(t *testing.T) {
	e := newEngine(t)
	acc, err := e.accounts.SetWatch(bg, e.skyAcc.ID, []string{" Boulangerie  Martin ", "", "croissant", "boulangerie martin", "Croissant"})
	if err != nil || !slices.Equal(acc.Watch, []string{"Boulangerie Martin", "croissant"}) {
		t.Fatalf("watch: %v %q", err, acc.Watch)
	}
	if stored, _ := e.accounts.Get(bg, e.skyAcc.ID); !slices.Equal(stored.Watch, acc.Watch) {
		t.Errorf("stored %q", stored.Watch)
	}
	if acc, err := e.accounts.SetWatch(bg, e.skyAcc.ID, nil); err != nil || len(acc.Watch) != 0 {
		t.Errorf("no words: %v %q", err, acc.Watch)
	}
}

// TestConnectWithTheProfileLater: a network that signs in but cannot
// tell the profile (Bluesky's AppView down) still connects; the profile
// is read at the next request that works, and a partial profile never
// erases what was known.
func TestConnectWithTheProfileLater(t *testing.T) {
	_, store, clock := newDrafts()
	sky := &fakeNet{network: Bluesky, partial: true, name: "Boulangerie Martin"}
	accounts := NewAccounts(store, &memSecrets{m: map[ID]Secret{}}, NewRegistry(sky), nil, clock)
	acc, err := accounts.Connect(bg, Account{Network: Bluesky, Handle: "cm.example", PLC: " http://localhost:2582 "}, Secret{AccessToken: "good"})
	if err != nil {
		t.Fatalf("Connect with the profile unavailable: %v", err)
	}
	if !acc.ProfilePending || acc.State != AccountConnected || acc.RemoteID != "42" || acc.DisplayName != "" || acc.PLC != "http://localhost:2582" {
		t.Errorf("account = %+v, want connected, its profile pending, its PLC directory kept", acc)
	}
	// A request that works while the profile is still unavailable.
	accounts.NoteWorking(bg, acc)
	if acc, _ = accounts.Get(bg, acc.ID); !acc.ProfilePending {
		t.Errorf("the profile is no longer pending, though still unavailable")
	}
	sky.mu.Lock()
	sky.partial = false
	sky.mu.Unlock()
	accounts.NoteWorking(bg, acc)
	if acc, _ = accounts.Get(bg, acc.ID); acc.ProfilePending || acc.DisplayName != "Boulangerie Martin" {
		t.Errorf("after a request that works: %+v, want the profile read", acc)
	}
	profiles := sky.profiles
	accounts.NoteWorking(bg, acc)
	if sky.profiles != profiles {
		t.Errorf("the profile read again though complete")
	}
	// The profile unavailable again: what is known stays.
	sky.mu.Lock()
	sky.partial = true
	sky.mu.Unlock()
	if acc, err = accounts.Test(bg, acc.ID); err != nil || acc.DisplayName != "Boulangerie Martin" || !acc.ProfilePending {
		t.Errorf("Test with the profile unavailable: %+v, %v; want the name kept, pending", acc, err)
	}
}
