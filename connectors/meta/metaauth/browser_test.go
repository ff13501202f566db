package metaauth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/loopback"
	"github.com/relais-app/relais/connectors/meta/metaauth"
	"github.com/relais-app/relais/connectors/meta/metaauth/metaauthtest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

func TestBrowserSignInWithTheAppInTheKeychain(t *testing.T) {
	port, err := loopback.ChoosePort()
	if err != nil {
		t.Fatal(err)
	}
	keys := &keychaintest.Memory{}
	apps := app.NewMetaApps(keys, func(context.Context) (int, error) { return port, nil })
	fb := metaauthtest.Start(t, app.MetaFacebook, app.MetaFacebook.RedirectURI(port))
	b := &metaauth.BrowserSignIn{Product: app.MetaFacebook, Apps: apps, API: fb.URL, Now: fb.Now}
	if _, err := b.SignIn(context.Background(), "", browser(t)); !errors.Is(err, app.ErrNoMetaApp) {
		t.Fatalf("without an app: %v", err)
	}
	if _, err := apps.Save(context.Background(), app.MetaFacebook, metaauthtest.AppID, metaauthtest.AppSecret); err != nil {
		t.Fatal(err)
	}
	secret, err := b.SignIn(context.Background(), "", browser(t))
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := fb.Valid(secret.AccessToken); !ok || !long || secret.ClientID != metaauthtest.AppID || secret.ClientSecret != metaauthtest.AppSecret || secret.Expiry.IsZero() {
		t.Errorf("secret: valid %v long %v, app kept %v", ok, long, secret.ClientID == metaauthtest.AppID)
	}

	th := metaauthtest.Start(t, app.MetaThreads, app.MetaThreads.RedirectURI(port))
	apps.Save(context.Background(), app.MetaThreads, metaauthtest.AppID, metaauthtest.AppSecret)
	tb := &metaauth.BrowserSignIn{Product: app.MetaThreads, Apps: apps, Now: th.Now}
	page, finish, err := tb.BeginCodeSignIn(context.Background(), th.URL) // the server given replaces Meta's
	if err != nil {
		t.Fatal(err)
	}
	back, err := metaauthtest.Follow(page)
	if err != nil {
		t.Fatal(err)
	}
	secret, err = finish(context.Background(), back)
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := th.Valid(secret.AccessToken); !ok || !long {
		t.Errorf("Threads token valid %v long %v", ok, long)
	}
}
