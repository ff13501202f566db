package instagram

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/metaauth"
)

var _ app.BrowserSignIn = (*Dialer)(nil)

// ErrPasteAddress is SignIn's answer: Instagram's business login sends
// the browser back to an https address, which Relais's loopback cannot
// answer; the user pastes the address the browser ends on
// (BeginCodeSignIn).
var ErrPasteAddress = errors.New("Instagram's sign-in cannot come back to Relais by itself: paste the address the browser ends on")

// SignIn is not Instagram's way (see ErrPasteAddress).
func (d *Dialer) SignIn(ctx context.Context, server string, open func(page string) error) (app.Secret, error) {
	return app.Secret{}, fmt.Errorf("instagram: %w", ErrPasteAddress)
}

// apiVersion is a version at the end of an API base (/v23.0).
var apiVersion = regexp.MustCompile(`/v[0-9]+(\.[0-9]+)?/?$`)

// BeginCodeSignIn starts the business login with the user's own app
// (Dialer.Apps): it returns the authorization page to open, and what
// turns the address the browser ends on (or its code) into a long-lived
// token, kept with the app it was made with so that it can be refreshed.
// server is the API's base given with --api ("" for Meta's): the sign-in
// goes to the same server, without its version.
func (d *Dialer) BeginCodeSignIn(ctx context.Context, server string) (string, func(context.Context, string) (app.Secret, error), error) {
	if d.Apps == nil {
		return "", nil, fmt.Errorf("Instagram: %w", app.ErrNoMetaApp)
	}
	a, err := d.Apps.App(ctx, app.MetaInstagram)
	if err != nil {
		return "", nil, err
	}
	uri, err := d.Apps.RedirectURI(ctx, app.MetaInstagram)
	if err != nil {
		return "", nil, err
	}
	api := strings.TrimSpace(server)
	if api != "" {
		api = apiVersion.ReplaceAllString(strings.TrimRight(api, "/"), "")
	}
	cl := &metaauth.Client{Product: app.MetaInstagram, App: a, RedirectURI: uri, API: api, HTTP: d.HTTP, Timeout: d.Timeout, Now: d.Now}
	flow := cl.Begin()
	return flow.Page(), func(ctx context.Context, pasted string) (app.Secret, error) {
		tok, err := flow.FinishPasted(ctx, pasted)
		if err != nil {
			return app.Secret{}, err
		}
		return tok.Secret(a), nil
	}, nil
}
