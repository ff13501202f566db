package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// memHost is a MediaHost in memory.
type memHost struct {
	mu      sync.Mutex
	objects map[string]MediaObject
	bodies  map[string]string
}

func (h *memHost) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.objects[key] = MediaObject{Key: key, Modified: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	h.bodies[key] = string(b)
	return nil
}

func (h *memHost) URL(ctx context.Context, key string, ttl time.Duration) (string, error) {
	return "https://bucket.example/" + key + "?X-Amz-Expires=" + ttl.String(), nil
}

func (h *memHost) Delete(ctx context.Context, key string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.objects, key)
	delete(h.bodies, key)
	return nil
}

func (h *memHost) List(ctx context.Context) ([]MediaObject, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []MediaObject
	for _, o := range h.objects {
		out = append(out, o)
	}
	return out, nil
}

func (h *memHost) Check(ctx context.Context, step func(MediaCheckStep)) (MediaCheckResult, error) {
	return MediaCheckResult{}, nil
}

func TestMediaStagerPutsPresignsAndRemoves(t *testing.T) {
	host := &memHost{objects: map[string]MediaObject{
		"2026-12-01/old.jpg": {Key: "2026-12-01/old.jpg", Modified: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)},
	}, bodies: map[string]string{"2026-12-01/old.jpg": "left by a crash"}}
	store, secrets := newMemStore(), &memNamed{}
	storage := NewMediaStorage(store, secrets, func(MediaStorageSettings, string) (MediaHost, error) { return host, nil })
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	stager := &MediaStager{Storage: storage, Clock: &fakeClock{now: now}}

	if _, _, err := stager.Stage(bg, "a.jpg", "image/jpeg", strings.NewReader("x"), 1); !errors.Is(err, ErrNoMediaStorage) {
		t.Fatalf("with no storage set: %v", err)
	}
	if err := storage.Set(bg, MediaStorageSettings{Endpoint: "https://s3.example", Bucket: "b", AccessKeyID: "K"}, "S"); err != nil {
		t.Fatal(err)
	}
	u, remove, err := stager.Stage(bg, "affiche", "image/png", bytes.NewReader([]byte("png bytes")), 9)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "https://bucket.example/2026-12-07/") || !strings.Contains(u, ".png?") || !strings.Contains(u, "X-Amz-Expires=15m0s") {
		t.Errorf("address %q: want a presigned address of a .png key, for 15 minutes", u)
	}
	if _, left := host.objects["2026-12-01/old.jpg"]; left {
		t.Error("the leftover of an earlier run was not swept")
	}
	if len(host.objects) != 1 {
		t.Fatalf("objects %v, want the staged image alone", host.objects)
	}
	if err := remove(bg); err != nil || len(host.objects) != 0 {
		t.Fatalf("after remove: %v, %v", host.objects, err)
	}
}
