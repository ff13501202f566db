package app

import (
	"errors"
	"testing"
	"time"
)

func TestNamedSecrets(t *testing.T) {
	a, b := NamedSecretID("meta-app facebook"), NamedSecretID("meta-app instagram")
	if a == b || a.IsZero() || a != NamedSecretID("meta-app facebook") {
		t.Fatalf("IDs %v %v: want distinct, stable, not zero", a, b)
	}
	// No account's ID is one: an account's ID starts with its creation time.
	if acc := NewID(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); [8]byte(acc[:8]) == [8]byte(a[:8]) {
		t.Errorf("an account's ID shares the named secrets' prefix")
	}
	ns := NamedSecretsIn(&memSecrets{m: map[ID]Secret{}})
	if _, err := ns.NamedSecret(bg, "x"); !errors.Is(err, ErrNoSecret) {
		t.Errorf("missing: %v", err)
	}
	want := Secret{ClientID: "123", ClientSecret: "abc"}
	if err := ns.PutNamedSecret(bg, "x", want); err != nil {
		t.Fatal(err)
	}
	if got, err := ns.NamedSecret(bg, "x"); err != nil || got != want {
		t.Errorf("read back %v (%v)", got.ClientID, err)
	}
	ns.DeleteNamedSecret(bg, "x")
	if _, err := ns.NamedSecret(bg, "x"); !errors.Is(err, ErrNoSecret) {
		t.Errorf("deleted: %v", err)
	}
}

func TestSignInEnds(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	if _, soon := (Account{}).SignInEnds(now); soon {
		t.Error("an account without expiry warns")
	}
	for _, c := range []struct {
		left time.Duration
		soon bool
	}{{30 * 24 * time.Hour, false}, {7*24*time.Hour + time.Minute, false}, {7 * 24 * time.Hour, true}, {time.Hour, true}, {-time.Hour, true}} {
		a := Account{SignInExpiry: now.Add(c.left)}
		ends, soon := a.SignInEnds(now)
		if soon != c.soon || !ends.Equal(a.SignInExpiry) {
			t.Errorf("%v left: soon %v, want %v", c.left, soon, c.soon)
		}
	}
}

func TestSettingsSignInPort(t *testing.T) {
	s := NewSettings(newMemStore())
	if p, err := s.SignInPort(bg); err != nil || p != 0 {
		t.Fatalf("unset: %d, %v", p, err)
	}
	if err := s.SetSignInPort(bg, 51234); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.SignInPort(bg); p != 51234 {
		t.Errorf("read back %d", p)
	}
	if err := s.SetSignInPort(bg, 70000); err == nil {
		t.Error("70000 accepted as a port")
	}
	s.SetSignInPort(bg, 0)
	if p, _ := s.SignInPort(bg); p != 0 {
		t.Errorf("forgotten port reads %d", p)
	}
}
