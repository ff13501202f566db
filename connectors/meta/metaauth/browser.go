package metaauth

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/relais-app/relais/app"
)

// Apps gives the user's app per product and the workspace's sign-in
// port: *app.MetaApps.
type Apps interface {
	App(ctx context.Context, p app.MetaProduct) (app.MetaApp, error)
	Port(ctx context.Context) (int, error)
}

// BrowserSignIn is app.BrowserSignIn for one product, for its
// connector's dialer to embed: SignIn through the loopback (Facebook),
// BeginCodeSignIn by a pasted address or code (every product; the only
// way for Instagram and Threads). The secret it returns holds the
// long-lived user token, its expiry, and the app (to refresh or exchange
// with); a Facebook connector then derives the Page token (Pages).
type BrowserSignIn struct {
	Product app.MetaProduct
	Apps    Apps
	// API replaces Meta's addresses (see Client.API); the server given
	// to SignIn, when not "", does too.
	API  string
	HTTP *http.Client
	Now  func() time.Time
}

var _ app.BrowserSignIn = (*BrowserSignIn)(nil)

// Client returns the product's client for the user's app, and the
// workspace's port; server, when not "", replaces the API.
func (b *BrowserSignIn) Client(ctx context.Context, server string) (*Client, int, error) {
	a, err := b.Apps.App(ctx, b.Product)
	if err != nil {
		return nil, 0, err
	}
	port, err := b.Apps.Port(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", b.Product.Name(), err)
	}
	api := b.API
	if server != "" {
		api = server
	}
	return &Client{Product: b.Product, App: a, RedirectURI: b.Product.RedirectURI(port), API: api, HTTP: b.HTTP, Now: b.Now}, port, nil
}

// SignIn implements app.BrowserSignIn.
func (b *BrowserSignIn) SignIn(ctx context.Context, server string, open func(page string) error) (app.Secret, error) {
	c, port, err := b.Client(ctx, server)
	if err != nil {
		return app.Secret{}, err
	}
	tok, err := c.SignIn(ctx, port, open)
	if err != nil {
		return app.Secret{}, err
	}
	return tok.Secret(c.App), nil
}

// BeginCodeSignIn implements app.BrowserSignIn: finish takes the address
// the browser ended on, or the code alone.
func (b *BrowserSignIn) BeginCodeSignIn(ctx context.Context, server string) (string, func(ctx context.Context, pasted string) (app.Secret, error), error) {
	c, _, err := b.Client(ctx, server)
	if err != nil {
		return "", nil, err
	}
	f := c.Begin()
	finish := func(ctx context.Context, pasted string) (app.Secret, error) {
		tok, err := f.FinishPasted(ctx, pasted)
		if err != nil {
			return app.Secret{}, err
		}
		return tok.Secret(c.App), nil
	}
	return f.Page(), finish, nil
}
