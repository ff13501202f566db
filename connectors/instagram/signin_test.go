package instagram_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/instagram"
	"github.com/relais-app/relais/connectors/meta/metaauth/metaauthtest"
)

// keychain is a SecretStore in memory.
type keychain struct {
	mu sync.Mutex
	m  map[app.ID]app.Secret
}

func (k *keychain) PutSecret(_ context.Context, id app.ID, s app.Secret) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[app.ID]app.Secret{}
	}
	k.m[id] = s
	return nil
}

func (k *keychain) Secret(_ context.Context, id app.ID) (app.Secret, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.m[id]
	if !ok {
		return app.Secret{}, app.ErrNoSecret
	}
	return s, nil
}

func (k *keychain) DeleteSecret(_ context.Context, id app.ID) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, id)
	return nil
}

// TestSignInByPastedAddress: the business login with the user's app,
// the address the browser ends on pasted back, gives a long-lived token
// kept with its app (to refresh it).
func TestSignInByPastedAddress(t *testing.T) {
	const port = 51234
	redirect := app.MetaInstagram.RedirectURI(port)
	fake := metaauthtest.Start(t, app.MetaInstagram, redirect)
	apps := app.NewMetaApps(&keychain{}, func(context.Context) (int, error) { return port, nil })
	d := instagram.NewDialer()
	d.Apps, d.Now = apps, fake.Now
	if _, _, err := d.BeginCodeSignIn(context.Background(), fake.URL+"/v23.0"); !errors.Is(err, app.ErrNoMetaApp) {
		t.Fatalf("without the app: %v, want ErrNoMetaApp", err)
	}
	if _, err := apps.Save(context.Background(), app.MetaInstagram, metaauthtest.AppID, metaauthtest.AppSecret); err != nil {
		t.Fatal(err)
	}
	page, finish, err := d.BeginCodeSignIn(context.Background(), fake.URL+"/v23.0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page, fake.URL+"/oauth/authorize?") || !strings.Contains(page, "instagram_business_content_publish") {
		t.Errorf("page %q", page)
	}
	back, err := metaauthtest.Follow(page)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := finish(context.Background(), back)
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := fake.Valid(secret.AccessToken); !ok || !long || secret.ClientID != metaauthtest.AppID || secret.Expiry.IsZero() {
		t.Errorf("secret: valid %v, long-lived %v, app %q, expiry %v", ok, long, secret.ClientID, secret.Expiry)
	}
	if _, err := d.SignIn(context.Background(), "", nil); !errors.Is(err, instagram.ErrPasteAddress) {
		t.Errorf("SignIn: %v", err)
	}
}
