package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	imgpng "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/threads/threadstest"
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

// An image post to Threads goes through the user's own storage: the image
// is put there, Threads fetches it at its presigned address, and it is
// deleted once published; the post is on Threads once, with its alt text.
func TestThreadsImageGoesThroughTheUsersStorage(t *testing.T) {
	needKeychain(t)
	dir := t.TempDir()
	bucket := s3hosttest.New(t, "relais-media")
	threadsFake := threadstest.Start(t)
	_, secret := threadsFake.Account()
	out, errOut, code := relais(t, bucket.SecretKey+"\n", "--data", dir, "storage", "set", "s3", "--endpoint", bucket.URL,
		"--bucket", "relais-media", "--region", bucket.Region, "--access-key", bucket.AccessKey, "--path-style", "--secret-stdin")
	if code != 0 {
		t.Fatalf("storage set: %d %s %s", code, out, errOut)
	}
	t.Cleanup(func() { relais(t, "", "--data", dir, "storage", "remove") })
	out, errOut, code = relais(t, secret.AccessToken+"\n", "--data", dir, "account", "add", "threads", "--api", threadsFake.URL(), "--token-stdin", "--json")
	if code != 0 {
		t.Fatalf("account add threads: %d %s %s", code, out, errOut)
	}
	var acc struct{ ID string }
	if err := json.Unmarshal([]byte(out), &acc); err != nil {
		t.Fatalf("account add --json: %v: %s", err, out)
	}
	t.Cleanup(func() { relais(t, "", "--data", dir, "account", "remove", acc.ID) })

	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var png bytes.Buffer
	if err := imgpng.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "affiche.png")
	if err := os.WriteFile(file, png.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Minute).Format(time.RFC3339)
	if out, errOut, code := relais(t, "", "--data", dir, "draft", "add", "--text", "La fournée du jour", "--account", acc.ID,
		"--image", file, "--alt", "Des pains dorés", "--at", at, "--status", "scheduled"); code != 0 {
		t.Fatalf("draft add: %d %s %s", code, out, errOut)
	}
	if out, errOut, code := relais(t, "", "--data", dir, "publish", "--due"); code != 0 {
		t.Fatalf("publish --due: %d %s %s\n%s", code, out, errOut, strings.Join(bucket.Log(), "\n"))
	}
	posts := threadsFake.Posts()
	if len(posts) != 1 || posts[0].Text != "La fournée du jour" || strings.Join(posts[0].Alts, "|") != "Des pains dorés" {
		t.Fatalf("Threads has %+v, want the post once with its image's alt text", posts)
	}
	if keys := bucket.Keys("relais-media"); len(keys) != 0 {
		t.Errorf("the storage still holds %v after publishing", keys)
	}
	log := strings.Join(bucket.Log(), "\n")
	if !strings.Contains(log, "PUT") || !strings.Contains(log, "GET") || !strings.Contains(log, "DELETE") {
		t.Errorf("the storage saw no put, fetch and delete:\n%s", log)
	}
}
