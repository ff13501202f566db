package main

import (
	"bytes"
	"encoding/json"
	"image"
	imgpng "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/instagram/instagramtest"
	"github.com/relais-app/relais/storage/s3host/s3hosttest"
)

// TestInstagramCarouselGoesThroughTheUsersStorage: from the command
// line, an Instagram account connected with a token, a post with two PNG
// images (one 9:16, padded with the user's consent) goes out once as a
// carousel with its alt texts: each image made a JPEG Instagram takes,
// staged in the user's bucket for Instagram to fetch, and deleted after.
// A text alone to Instagram is refused at scheduling.
func TestInstagramCarouselGoesThroughTheUsersStorage(t *testing.T) {
	needKeychain(t)
	dir := t.TempDir()
	bucket := s3hosttest.New(t, "relais-media")
	fake := instagramtest.Start(t)
	_, secret := fake.Account()
	out, errOut, code := relais(t, bucket.SecretKey+"\n", "--data", dir, "storage", "set", "s3", "--endpoint", bucket.URL,
		"--bucket", "relais-media", "--region", bucket.Region, "--access-key", bucket.AccessKey, "--path-style", "--secret-stdin")
	if code != 0 {
		t.Fatalf("storage set: %d %s %s", code, out, errOut)
	}
	t.Cleanup(func() { relais(t, "", "--data", dir, "storage", "remove") })
	out, errOut, code = relais(t, secret.AccessToken+"\n", "--data", dir, "account", "add", "instagram", "--api", fake.URL(), "--token-stdin", "--json")
	if code != 0 {
		t.Fatalf("account add instagram: %d %s %s", code, out, errOut)
	}
	var acc struct{ ID, Handle string }
	if err := json.Unmarshal([]byte(out), &acc); err != nil || acc.Handle != instagramtest.Username {
		t.Fatalf("account add --json: %v: %s", err, out)
	}
	t.Cleanup(func() { relais(t, "", "--data", dir, "account", "remove", acc.ID) })

	write := func(name string, w, h int) string {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = byte(i * 7)
		}
		var b bytes.Buffer
		if err := imgpng.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return file
	}
	wide, tall := write("vitrine.png", 64, 48), write("story.png", 54, 96)
	at := time.Now().Add(-time.Minute).Format(time.RFC3339)
	if _, errOut, code := relais(t, "", "--data", dir, "draft", "add", "--text", "Sans image", "--account", acc.ID,
		"--at", at, "--status", "scheduled"); code == 0 || !strings.Contains(errOut, "image") {
		t.Errorf("a text alone to Instagram was scheduled: %d %s", code, errOut)
	}
	if _, errOut, code := relais(t, "", "--data", dir, "draft", "add", "--text", "9:16 sans accord", "--account", acc.ID,
		"--image", tall, "--alt", "Une vitrine", "--at", at, "--status", "scheduled"); code == 0 || !strings.Contains(errOut, "4:5") {
		t.Errorf("a 9:16 image without consent was scheduled: %d %s", code, errOut)
	}
	if out, errOut, code := relais(t, "", "--data", dir, "draft", "add", "--text", "La fournée du jour #levain", "--account", acc.ID,
		"--image", wide, "--alt", "Des pains dorés", "--image", tall, "--alt", "La vitrine", "--fit", "pad",
		"--at", at, "--status", "scheduled"); code != 0 {
		t.Fatalf("draft add: %d %s %s", code, out, errOut)
	}
	if out, errOut, code := relais(t, "", "--data", dir, "publish", "--due"); code != 0 {
		t.Fatalf("publish --due: %d %s %s\n%s", code, out, errOut, strings.Join(bucket.Log(), "\n"))
	}
	posts := fake.Posts()
	if len(posts) != 1 || posts[0].Text != "La fournée du jour #levain" || strings.Join(posts[0].Alts, "|") != "Des pains dorés|La vitrine" {
		t.Fatalf("Instagram has %+v, want the carousel once with its alt texts", posts)
	}
	if n := len(fake.Fetches()); n != 2 {
		t.Errorf("Instagram fetched %d images, want 2", n)
	}
	if keys := bucket.Keys("relais-media"); len(keys) != 0 {
		t.Errorf("the storage still holds %v after publishing", keys)
	}
	log := strings.Join(bucket.Log(), "\n")
	if !strings.Contains(log, "PUT") || !strings.Contains(log, "DELETE") || !strings.Contains(log, ".jpg") {
		t.Errorf("the storage saw no put and delete of JPEG files:\n%s", log)
	}
}
