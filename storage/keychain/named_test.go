package keychain_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain"
)

// TestRealNamedSecret stores the media storage's secret key in the
// system's keychain under the workspace's name, beside an account's
// sign-in, reads it back, and deletes it without touching the account's.
func TestRealNamedSecret(t *testing.T) {
	if !inChild(t) {
		return
	}
	require := os.Getenv("RELAIS_REQUIRE_KEYCHAIN") == "1"
	workspace := app.NewID(time.Now())
	store := keychain.New(service).ForWorkspace(workspace)
	if _, err := store.NamedSecret(ctx(t), app.MediaStorageSecretName); !errors.Is(err, app.ErrNoSecret) {
		if require {
			t.Fatalf("RELAIS_REQUIRE_KEYCHAIN=1, but the keychain cannot be used: %v", err)
		}
		t.Skipf("no usable keychain here (%v)", err)
	}
	account := app.NewID(time.Now())
	user := workspace.String() + "/" + app.MediaStorageSecretName
	t.Cleanup(func() {
		_ = keyring.Delete(service, user)
		_ = keyring.Delete(service, workspace.String()+"/"+account.String())
	})
	if err := store.PutSecret(ctx(t), account, app.Secret{AccessToken: "token"}); err != nil {
		t.Fatal(err)
	}
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+é"
	if err := store.PutNamedSecret(ctx(t), app.MediaStorageSecretName, secret); err != nil {
		t.Fatalf("PutNamedSecret: %v", err)
	}
	got, err := store.NamedSecret(ctx(t), app.MediaStorageSecretName)
	if err != nil || got != secret {
		t.Fatalf("NamedSecret = %q, %v; want the secret back", got, err)
	}
	raw, err := keyring.Get(service, user)
	if err != nil || raw != secret {
		t.Fatalf("the keychain's entry %q holds %q, %v", user, raw, err)
	}
	// Another workspace does not see it.
	if _, err := keychain.New(service).ForWorkspace(app.NewID(time.Now())).NamedSecret(ctx(t), app.MediaStorageSecretName); !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("another workspace reads it: %v", err)
	}
	if err := store.DeleteNamedSecret(ctx(t), app.MediaStorageSecretName); err != nil {
		t.Fatalf("DeleteNamedSecret: %v", err)
	}
	if _, err := store.NamedSecret(ctx(t), app.MediaStorageSecretName); !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("after delete: %v, want ErrNoSecret", err)
	}
	if err := store.DeleteNamedSecret(ctx(t), app.MediaStorageSecretName); err != nil {
		t.Fatalf("deleting again: %v", err)
	}
	if _, err := store.Secret(ctx(t), account); err != nil {
		t.Fatalf("the account's sign-in went too: %v", err)
	}
	// A name an account's ID could take is refused.
	if err := store.PutNamedSecret(ctx(t), account.String(), "x"); err == nil {
		t.Fatal("a name without ':' was taken")
	}
}
