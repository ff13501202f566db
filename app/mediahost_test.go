package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

type memNamed struct{ m map[string]string }

func (s *memNamed) PutNamedSecret(_ context.Context, name, value string) error {
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[name] = value
	return nil
}

func (s *memNamed) NamedSecret(_ context.Context, name string) (string, error) {
	v, ok := s.m[name]
	if !ok {
		return "", ErrNoSecret
	}
	return v, nil
}

func (s *memNamed) DeleteNamedSecret(_ context.Context, name string) error {
	delete(s.m, name)
	return nil
}

// openedHost is a MediaHost that only remembers how it was opened.
type openedHost struct {
	MediaHost
	settings MediaStorageSettings
	secret   string
}

func TestMediaStorageSettingsAndSecret(t *testing.T) {
	store, secrets := newMemStore(), &memNamed{}
	m := NewMediaStorage(store, secrets, func(s MediaStorageSettings, secret string) (MediaHost, error) {
		return openedHost{settings: s, secret: secret}, nil
	})
	if _, err := m.Host(bg); !errors.Is(err, ErrNoMediaStorage) {
		t.Fatalf("Host with none set: %v", err)
	}
	s := MediaStorageSettings{Endpoint: " https://s3.fr-par.scw.cloud/ ", Bucket: "relais", Region: "fr-par", AccessKeyID: "SCWKEY", Prefix: "staging"}
	if err := m.Set(bg, s, ""); !errors.Is(err, ErrMediaStorageNoSecret) {
		t.Fatalf("Set without any secret: %v", err)
	}
	if err := m.Set(bg, s, "the-secret"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(store.settings[settingMediaStorage], "the-secret") {
		t.Fatal("the database holds the secret key")
	}
	got, ok, err := m.Settings(bg)
	want := MediaStorageSettings{Kind: MediaStorageS3, Endpoint: "https://s3.fr-par.scw.cloud", Bucket: "relais", Region: "fr-par", AccessKeyID: "SCWKEY", Prefix: "staging/"}
	if err != nil || !ok || got != want {
		t.Fatalf("Settings = %+v, %v, %v", got, ok, err)
	}
	// Changing the bucket keeps the secret.
	got.Bucket = "other"
	if err := m.Set(bg, got, ""); err != nil {
		t.Fatal(err)
	}
	h, err := m.Host(bg)
	if err != nil || h.(openedHost).secret != "the-secret" || h.(openedHost).settings.Bucket != "other" {
		t.Fatalf("Host = %+v, %v", h, err)
	}
	for _, bad := range []MediaStorageSettings{
		{Endpoint: "s3.example.com", Bucket: "b", AccessKeyID: "k"},
		{Endpoint: "ftp://s3.example.com", Bucket: "b", AccessKeyID: "k"},
		{Endpoint: "https://s3.example.com/bucket", Bucket: "b", AccessKeyID: "k"},
		{Endpoint: "https://s3.example.com", Bucket: "", AccessKeyID: "k"},
		{Endpoint: "https://s3.example.com", Bucket: "b", AccessKeyID: ""},
	} {
		if err := m.Set(bg, bad, "x"); !errors.Is(err, ErrBadMediaStorage) {
			t.Errorf("Set(%+v) = %v", bad, err)
		}
	}
	if err := m.Remove(bg); err != nil {
		t.Fatal(err)
	}
	if _, ok := secrets.m[MediaStorageSecretName]; ok {
		t.Fatal("the secret stayed in the keychain")
	}
	if _, err := m.Host(bg); !errors.Is(err, ErrNoMediaStorage) {
		t.Fatalf("after Remove: %v", err)
	}
}

func TestMediaKeyIsNewEachTime(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	a, b := MediaKey(now, ".jpg"), MediaKey(now, ".jpg")
	if a == b || !strings.HasPrefix(a, "2026-12-07/") || !strings.HasSuffix(a, ".jpg") {
		t.Fatalf("keys %q %q", a, b)
	}
}
