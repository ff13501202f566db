package keychain_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain"
)

const service = "app.relais.desktop.test"

// These tests use go-keyring's mock, which replaces its provider for the
// whole process for good: the tests of the real keychain run in a process
// of their own (see real_test.go).

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func sample() app.Secret {
	return app.Secret{
		AccessToken:  "access-token-é",
		RefreshToken: "refresh-token-ü",
		Password:     "abcd-efgh-ijkl-mnop",
		ClientID:     "client-id",
		ClientSecret: "client-secret",
		Expiry:       time.Date(2026, 3, 29, 1, 30, 0, 0, time.FixedZone("CET", 3600)),
	}
}

func equal(a, b app.Secret) bool {
	ea, eb := a.Expiry, b.Expiry
	a.Expiry, b.Expiry = time.Time{}, time.Time{}
	return a == b && ea.Equal(eb)
}

func TestRoundTrip(t *testing.T) {
	keyring.MockInit()
	s := keychain.New(service)
	id := app.NewID(time.Now())
	want := sample()
	if err := s.PutSecret(ctx(t), id, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Secret(ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if !equal(got, want) {
		t.Errorf("read back a different secret (fields differ; not printed)")
	}

	renewed := app.Secret{AccessToken: "new-access", RefreshToken: "new-refresh"}
	if err := s.PutSecret(ctx(t), id, renewed); err != nil {
		t.Fatal(err)
	}
	got, err = s.Secret(ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if !equal(got, renewed) || !got.Expiry.IsZero() {
		t.Errorf("after replacing, read back a different secret")
	}

	other := app.NewID(time.Now().Add(time.Millisecond))
	if _, err := s.Secret(ctx(t), other); !errors.Is(err, app.ErrNoSecret) {
		t.Errorf("another account's secret: %v, want ErrNoSecret", err)
	}
	if _, err := keychain.New("another.service").Secret(ctx(t), id); !errors.Is(err, app.ErrNoSecret) {
		t.Errorf("another service's secret: %v, want ErrNoSecret", err)
	}
}

// The keychain holds the fields themselves, under the account's ID, not
// the "[secret]" app.Secret encodes as.
func TestStoredForm(t *testing.T) {
	keyring.MockInit()
	s := keychain.New(service)
	id := app.NewID(time.Now())
	if err := s.PutSecret(ctx(t), id, sample()); err != nil {
		t.Fatal(err)
	}
	raw, err := keyring.Get(service, id.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"v":1`, `"access":"access-token-é"`, `"password":"abcd-efgh-ijkl-mnop"`, `"expiry":"2026-03-29T00:30:00Z"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("stored form lacks %s", want)
		}
	}
	if strings.Contains(raw, "[secret]") {
		t.Error("stored the hidden form instead of the secret")
	}

	if err := s.PutSecret(ctx(t), id, app.Secret{AccessToken: "x"}); err != nil {
		t.Fatal(err)
	}
	raw, _ = keyring.Get(service, id.String())
	if raw != `{"v":1,"access":"x"}` {
		t.Errorf("stored %s, want empty fields left out", raw)
	}
}

func TestNotFound(t *testing.T) {
	keyring.MockInit()
	_, err := keychain.New(service).Secret(ctx(t), app.NewID(time.Now()))
	if !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("error = %v, want ErrNoSecret", err)
	}
}

func TestDeleteNothing(t *testing.T) {
	keyring.MockInit()
	s := keychain.New(service)
	id := app.NewID(time.Now())
	if err := s.DeleteSecret(ctx(t), id); err != nil {
		t.Fatalf("deleting nothing: %v", err)
	}
	if err := s.PutSecret(ctx(t), id, sample()); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSecret(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Secret(ctx(t), id); !errors.Is(err, app.ErrNoSecret) {
		t.Errorf("after delete: %v, want ErrNoSecret", err)
	}
	if err := s.DeleteSecret(ctx(t), id); err != nil {
		t.Errorf("deleting again: %v", err)
	}
}

// An entry Relais cannot read is as good as none: the account is
// connected again, which replaces it. The error does not quote it.
func TestUnreadableEntry(t *testing.T) {
	keyring.MockInit()
	id := app.NewID(time.Now())
	if err := keyring.Set(service, id.String(), "hunter2-not-json"); err != nil {
		t.Fatal(err)
	}
	_, err := keychain.New(service).Secret(ctx(t), id)
	if !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("error = %v, want ErrNoSecret", err)
	}
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "'h'") {
		t.Errorf("error quotes the entry: %v", err)
	}
}

func TestUnavailable(t *testing.T) {
	for _, cause := range []error{
		errors.New("The name org.freedesktop.secrets was not provided by any .service files"),
		errors.New("dbus: DBUS_SESSION_BUS_ADDRESS not set"),
		errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"),
	} {
		t.Run(cause.Error(), func(t *testing.T) {
			keyring.MockInitWithError(cause)
			s := keychain.New(service)
			id := app.NewID(time.Now())
			errs := map[string]error{"PutSecret": s.PutSecret(ctx(t), id, sample())}
			_, errs["Secret"] = s.Secret(ctx(t), id)
			errs["DeleteSecret"] = s.DeleteSecret(ctx(t), id)
			for op, err := range errs {
				if !errors.Is(err, app.ErrKeychainUnavailable) || !errors.Is(err, cause) {
					t.Errorf("%s: %v, want ErrKeychainUnavailable wrapping the cause", op, err)
				}
				if err != nil && strings.Contains(err.Error(), "access-token") {
					t.Errorf("%s: the error holds the secret", op)
				}
			}
		})
	}
}

// Should the keychain's own error quote what was stored, the secret is
// still not in the error returned.
func TestSecretNeverInError(t *testing.T) {
	keyring.MockInitWithError(errors.New(`cannot store {"v":1,"access":"access-token-é"}`))
	err := keychain.New(service).PutSecret(ctx(t), app.NewID(time.Now()), sample())
	if !errors.Is(err, app.ErrKeychainUnavailable) {
		t.Fatalf("error = %v, want ErrKeychainUnavailable", err)
	}
	if strings.Contains(err.Error(), "access-token") {
		t.Errorf("the error holds the secret: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	keyring.MockInitWithError(keyring.ErrSetDataTooBig)
	err := keychain.New(service).PutSecret(ctx(t), app.NewID(time.Now()), sample())
	if !errors.Is(err, keychain.ErrTooLarge) || errors.Is(err, app.ErrKeychainUnavailable) {
		t.Fatalf("error = %v, want ErrTooLarge", err)
	}
}

func TestCancelled(t *testing.T) {
	keyring.MockInit()
	s := keychain.New(service)
	c, cancel := context.WithCancel(context.Background())
	cancel()
	id := app.NewID(time.Now())
	if err := s.PutSecret(c, id, sample()); !errors.Is(err, context.Canceled) {
		t.Errorf("PutSecret: %v, want context.Canceled", err)
	}
	if _, err := s.Secret(c, id); !errors.Is(err, context.Canceled) {
		t.Errorf("Secret: %v, want context.Canceled", err)
	}
	if err := s.DeleteSecret(c, id); !errors.Is(err, context.Canceled) {
		t.Errorf("DeleteSecret: %v, want context.Canceled", err)
	}
	if _, err := keyring.Get(service, id.String()); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("a cancelled PutSecret stored the secret")
	}
}

func TestZeroID(t *testing.T) {
	keyring.MockInit()
	if err := keychain.New(service).PutSecret(ctx(t), app.ID{}, sample()); err == nil {
		t.Error("stored a secret under the zero ID")
	}
}

func TestWorkspacesKeepTheirSecretsApart(t *testing.T) {
	keyring.MockInit()
	base := keychain.New(service)
	a := base.ForWorkspace(app.NewID(time.Now()))
	b := base.ForWorkspace(app.NewID(time.Now()))
	// The same account ID in two workspaces (a copied folder) still has
	// two entries.
	id := app.NewID(time.Now())
	one, two := sample(), sample()
	two.AccessToken = "client-b-token"
	if err := a.PutSecret(ctx(t), id, one); err != nil {
		t.Fatal(err)
	}
	if err := b.PutSecret(ctx(t), id, two); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Secret(ctx(t), id); err != nil || got.AccessToken != one.AccessToken {
		t.Fatalf("workspace A reads another secret (err %v)", err)
	}
	if got, err := b.Secret(ctx(t), id); err != nil || got.AccessToken != two.AccessToken {
		t.Fatalf("workspace B reads another secret (err %v)", err)
	}
	if err := a.DeleteSecret(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Secret(ctx(t), id); !errors.Is(err, app.ErrNoSecret) {
		t.Errorf("A's secret after deleting it: %v, want ErrNoSecret", err)
	}
	if got, err := b.Secret(ctx(t), id); err != nil || got.AccessToken != two.AccessToken {
		t.Errorf("deleting A's secret touched B's (err %v)", err)
	}
	// Neither is named after the account alone.
	if _, err := keyring.Get(service, id.String()); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("an entry named after the account alone exists: %v", err)
	}
}

func TestSecretFromBeforeWorkspacesMoves(t *testing.T) {
	keyring.MockInit()
	base := keychain.New(service)
	id := app.NewID(time.Now())
	want := sample()
	if err := base.PutSecret(ctx(t), id, want); err != nil { // as before workspaces
		t.Fatal(err)
	}
	ws := app.NewID(time.Now())
	got, err := base.ForWorkspace(ws).Secret(ctx(t), id)
	if err != nil || !equal(got, want) {
		t.Fatalf("the old entry is not read through the workspace (err %v)", err)
	}
	if _, err := keyring.Get(service, id.String()); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("the old entry is still there after the move: %v", err)
	}
	if _, err := keyring.Get(service, ws.String()+"/"+id.String()); err != nil {
		t.Errorf("the entry was not moved under the workspace's name: %v", err)
	}
	// Deleting through the workspace removes an old entry as well.
	if err := base.PutSecret(ctx(t), id, want); err != nil {
		t.Fatal(err)
	}
	if err := base.ForWorkspace(ws).DeleteSecret(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{id.String(), ws.String() + "/" + id.String()} {
		if _, err := keyring.Get(service, user); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("%s still in the keychain: %v", user, err)
		}
	}
}
