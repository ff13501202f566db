package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/s3host/s3hosttest"
)

// TestStorageCommandsWithTheRealKeychain: relais storage set puts the
// secret key in the system keychain under the workspace's name, storage
// test works against a fake S3 that checks signatures, and removing the
// workspace takes the secret out of the keychain.
func TestStorageCommandsWithTheRealKeychain(t *testing.T) {
	needKeychain(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	fake := s3hosttest.New(t, "relais-media")
	if out, errOut, code := relais(t, "", "workspace", "create", "Atelier Nord"); code != 0 {
		t.Fatalf("workspace create: %d %s %s", code, out, errOut)
	}
	out, errOut, code := relais(t, fake.SecretKey+"\n", "--workspace", "Atelier Nord", "storage", "set", "s3", "--endpoint", fake.URL,
		"--bucket", "relais-media", "--region", fake.Region, "--access-key", fake.AccessKey, "--path-style", "--secret-stdin")
	if code != 0 || strings.Contains(out, fake.SecretKey) {
		t.Fatalf("storage set: %d %s %s", code, out, errOut)
	}
	out, _, code = relais(t, "", "workspace", "list", "--json")
	var listed []struct{ Name, ID string }
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil {
		t.Fatalf("workspace list: %d %s", code, out)
	}
	var id string
	for _, w := range listed {
		if w.Name == "Atelier Nord" {
			id = w.ID
		}
	}
	entry := id + "/" + app.MediaStorageSecretName
	t.Cleanup(func() { keyring.Delete(app.AppID, entry) })
	if got, err := keyring.Get(app.AppID, entry); err != nil || got != fake.SecretKey {
		t.Fatalf("the keychain's entry %s: %v", entry, err)
	}
	if out, errOut, code := relais(t, "", "--workspace", "Atelier Nord", "storage", "test"); code != 0 || !strings.Contains(out, "The media storage works") {
		t.Fatalf("storage test: %d %s %s\n%s", code, out, errOut, strings.Join(fake.Log(), "\n"))
	}
	if out, errOut, code := relais(t, "", "workspace", "remove", "Atelier Nord", "--yes"); code != 0 {
		t.Fatalf("workspace remove: %d %s %s", code, out, errOut)
	}
	if _, err := keyring.Get(app.AppID, entry); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("after the workspace's removal, the keychain's entry: %v", err)
	}
}
