package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestMetaAppsKeptInTheKeychain(t *testing.T) {
	secrets := &memSecrets{m: map[ID]Secret{}}
	m := NewMetaApps(secrets, func(context.Context) (int, error) { return 51234, nil })
	if _, err := m.App(bg, MetaThreads); !errors.Is(err, ErrNoMetaApp) {
		t.Errorf("no app yet: %v", err)
	}
	const secret = "0123456789abcdef0123456789ABCDEF"
	if _, err := m.Save(bg, MetaThreads, "12", secret); !errors.Is(err, ErrBadMetaAppID) {
		t.Errorf("short ID: %v", err)
	}
	if _, err := m.Save(bg, MetaThreads, "1234567890", "not-a-secret"); !errors.Is(err, ErrBadMetaAppSecret) || strings.Contains(err.Error(), "not-a-secret") {
		t.Errorf("bad secret: %v", err)
	}
	a, err := m.Save(bg, MetaThreads, " 1234567890 ", secret+"\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{a.String(), fmt.Sprintf("%v %+v %#v", a, a, a)} {
		if strings.Contains(strings.ToLower(s), strings.ToLower(secret)) {
			t.Errorf("the app prints its secret: %s", s)
		}
	}
	got, err := m.App(bg, MetaThreads)
	if err != nil || got.ID != "1234567890" || got.Secret != strings.ToLower(secret) {
		t.Errorf("read back %v, %v", got, err)
	}
	if _, err := m.App(bg, MetaFacebook); !errors.Is(err, ErrNoMetaApp) {
		t.Errorf("one product's app is another's: %v", err)
	}
	// Kept only in the secret store, by name.
	if len(secrets.m) != 1 {
		t.Errorf("%d entries in the keychain", len(secrets.m))
	}
	if err := m.Forget(bg, MetaThreads); err != nil {
		t.Fatal(err)
	}
	if _, err := m.App(bg, MetaThreads); !errors.Is(err, ErrNoMetaApp) {
		t.Errorf("forgotten: %v", err)
	}
}

func TestMetaRedirectURIs(t *testing.T) {
	m := NewMetaApps(&memSecrets{m: map[ID]Secret{}}, func(context.Context) (int, error) { return 51234, nil })
	for p, want := range map[MetaProduct]string{
		MetaFacebook:  "http://localhost:51234/callback",
		MetaInstagram: "https://127.0.0.1:51234/callback",
		MetaThreads:   "https://127.0.0.1:51234/callback",
	} {
		if got, err := m.RedirectURI(bg, p); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", p, got, err, want)
		}
	}
	if _, err := NewMetaApps(&memSecrets{}, nil).RedirectURI(bg, MetaThreads); !errors.Is(err, ErrNoSignInPort) {
		t.Errorf("without a port: %v", err)
	}
	if p, err := ParseMetaProduct(" Threads "); err != nil || p != MetaThreads {
		t.Errorf("ParseMetaProduct: %v %v", p, err)
	}
	if _, err := ParseMetaProduct("myspace"); !errors.Is(err, ErrUnknownMetaProduct) {
		t.Errorf("unknown product: %v", err)
	}
}
