package keychain_test

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain"
)

// childEnv names the test a child process runs (see inChild).
const childEnv = "RELAIS_KEYCHAIN_CHILD"

// inChild reports whether this process is the child that runs the test;
// otherwise it runs the test again in a child, with env added to this
// process's environment, reports the child's output and outcome, and
// returns false. Two reasons for a child: go-keyring's mock, which the
// other tests use, replaces its real provider for good; and godbus keeps
// its session bus connection for the life of the process.
func inChild(t *testing.T, env ...string) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		return true
	}
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+t.Name()), env...)
	out, err := cmd.CombinedOutput()
	t.Logf("child process:\n%s", out)
	switch {
	case err != nil:
		t.Fatalf("the child process failed: %v", err)
	case strings.Contains(string(out), "--- SKIP: "+t.Name()):
		t.Skip("skipped in the child process (see above)")
	case !strings.Contains(string(out), "--- PASS: "+t.Name()):
		t.Fatalf("the child process did not run the test")
	}
	return false
}

// jwt returns a JWT-shaped token of about n bytes.
func jwt(n int, fill string) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"typ":"refresh+jwt","alg":"ES256K"}`))
	claims := `{"scope":"com.atproto.refresh","sub":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","aud":"did:web:bsky.social","jti":"` +
		strings.Repeat(fill, n*3/4) + `","iat":1767225600,"exp":1775001600}`
	payload := enc.EncodeToString([]byte(claims))
	sig := enc.EncodeToString([]byte(strings.Repeat("s", 64)))
	return (header + "." + payload + "." + sig)[:n]
}

// TestRealSecretService stores, reads, replaces and deletes a secret in
// the system's keychain (the Secret Service on Linux). It skips when none
// is usable, unless RELAIS_REQUIRE_KEYCHAIN=1 (as .ci/keyring sets), and
// then fails.
func TestRealSecretService(t *testing.T) {
	if !inChild(t) {
		return
	}
	require := os.Getenv("RELAIS_REQUIRE_KEYCHAIN") == "1"
	if secretService() && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		// godbus would start a session bus of its own with dbus-launch,
		// and D-Bus a keyring daemon on it, both left running.
		if require {
			t.Fatal("RELAIS_REQUIRE_KEYCHAIN=1, but there is no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
		}
		t.Skip("no session bus (DBUS_SESSION_BUS_ADDRESS is not set); run under dbus-run-session -- bash .ci/keyring")
	}
	store := keychain.New(service)
	probe, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := store.Secret(probe, app.NewID(time.Now())); !errors.Is(err, app.ErrNoSecret) {
		if require {
			t.Fatalf("RELAIS_REQUIRE_KEYCHAIN=1, but the keychain cannot be used: %v", err)
		}
		t.Skipf("no usable keychain here (%v); RELAIS_REQUIRE_KEYCHAIN=1 makes this a failure", err)
	}
	t.Logf("keychain reachable (%s, DBUS_SESSION_BUS_ADDRESS=%s)", runtime.GOOS, os.Getenv("DBUS_SESSION_BUS_ADDRESS"))

	id := app.NewID(time.Now())
	t.Cleanup(func() { _ = keyring.Delete(service, id.String()) })
	first := app.Secret{
		AccessToken:  jwt(900, "a"),
		RefreshToken: jwt(1024, "r"),
		Password:     "crème-brûlée-ÉTÉ-ß-日本-🔑",
		Expiry:       time.Now().Add(2 * time.Hour).Truncate(time.Second),
	}
	if err := store.PutSecret(ctx(t), id, first); err != nil {
		t.Fatalf("PutSecret: %v", err)
	}
	got, err := store.Secret(ctx(t), id)
	if err != nil {
		t.Fatalf("Secret: %v", err)
	}
	if !equal(got, first) {
		t.Fatalf("read back a different secret (lengths %d/%d/%d, want %d/%d/%d)",
			len(got.AccessToken), len(got.RefreshToken), len(got.Password),
			len(first.AccessToken), len(first.RefreshToken), len(first.Password))
	}
	raw, err := keyring.Get(service, id.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stored and read back a %d-byte entry (tokens of %d and %d bytes, a password with accents)",
		len(raw), len(first.AccessToken), len(first.RefreshToken))

	second := app.Secret{AccessToken: jwt(1000, "b"), ClientID: "client-ïd", ClientSecret: "sécret-" + jwt(60, "c")}
	if err := store.PutSecret(ctx(t), id, second); err != nil {
		t.Fatalf("PutSecret again: %v", err)
	}
	got, err = store.Secret(ctx(t), id)
	if err != nil {
		t.Fatalf("Secret after replacing: %v", err)
	}
	if !equal(got, second) {
		t.Fatalf("after replacing, read back a different secret")
	}
	t.Log("replaced it and read the new one back")

	if err := store.DeleteSecret(ctx(t), id); err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	if _, err := store.Secret(ctx(t), id); !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("Secret after delete: %v, want ErrNoSecret", err)
	}
	if _, err := keyring.Get(service, id.String()); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the keychain still holds something after delete: %v", err)
	}
	if err := store.DeleteSecret(ctx(t), id); err != nil {
		t.Fatalf("deleting again: %v", err)
	}
	t.Log("deleted it; the keychain holds nothing for the account")
}

// TestNoBusIsUnavailable: with no session bus to reach, every call is
// ErrKeychainUnavailable, and nothing is written anywhere else.
func TestNoBusIsUnavailable(t *testing.T) {
	if !secretService() {
		t.Skip("the Secret Service is for Linux and the BSDs")
	}
	if !inChild(t, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent") {
		return
	}
	store := keychain.New(service)
	id := app.NewID(time.Now())
	secret := app.Secret{AccessToken: "access-" + jwt(200, "n")}
	errs := map[string]error{"PutSecret": store.PutSecret(ctx(t), id, secret)}
	_, errs["Secret"] = store.Secret(ctx(t), id)
	errs["DeleteSecret"] = store.DeleteSecret(ctx(t), id)
	for op, err := range errs {
		if !errors.Is(err, app.ErrKeychainUnavailable) {
			t.Errorf("%s: %v, want ErrKeychainUnavailable", op, err)
			continue
		}
		if strings.Contains(err.Error(), "access-") {
			t.Errorf("%s: the error holds the secret", op)
		}
		t.Logf("%s: %v", op, err)
	}
}

// secretService reports whether go-keyring uses the Secret Service here.
func secretService() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return true
	}
	return false
}
