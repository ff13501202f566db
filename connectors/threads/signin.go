package threads

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/metaauth"
)

// ErrNoApps is returned by a sign-in through the browser when the dialer
// was not given the user's Meta apps (main.go gives them).
var ErrNoApps = errors.New("threads: the sign-in through the browser is not set up here: paste a long-lived token instead")

var (
	_ app.BrowserSignIn = (*Dialer)(nil)
	_ app.SignInRenewer = (*Dialer)(nil)
)

// auth is the Threads sign-in of metaauth over the user's app, at the
// API's address when server (the --api URL, the account's Server) names
// another than graph.threads.net.
func (d *Dialer) auth() (*metaauth.BrowserSignIn, error) {
	if d.Apps == nil {
		return nil, ErrNoApps
	}
	return &metaauth.BrowserSignIn{Product: app.MetaThreads, Apps: d.Apps, HTTP: d.HTTP, Now: d.Now}, nil
}

// SignIn implements app.BrowserSignIn. Threads' redirect URIs must be
// https, which Relais's loopback cannot answer: the browser never comes
// back by itself, and the sign-in goes through BeginCodeSignIn.
func (d *Dialer) SignIn(ctx context.Context, server string, open func(page string) error) (app.Secret, error) {
	b, err := d.auth()
	if err != nil {
		return app.Secret{}, err
	}
	return b.SignIn(ctx, AuthAPI(server), open)
}

// BeginCodeSignIn implements app.BrowserSignIn: the page is Threads'
// authorization dialog for the user's app; finish takes the address the
// browser ended on (https://127.0.0.1:PORT/callback?code=…&state=…), or
// the code alone, and returns the long-lived token (60 days) with the
// app's ID and secret, to be refreshed.
func (d *Dialer) BeginCodeSignIn(ctx context.Context, server string) (string, func(context.Context, string) (app.Secret, error), error) {
	b, err := d.auth()
	if err != nil {
		return "", nil, err
	}
	return b.BeginCodeSignIn(ctx, AuthAPI(server))
}

// RenewSignIn implements app.SignInRenewer: a long-lived token at least
// a week old is traded for a new one of 60 days (GET
// /refresh_access_token?grant_type=th_refresh_token). A token of unknown
// age (pasted without its expiry) is left alone.
func (d *Dialer) RenewSignIn(ctx context.Context, acc app.Account, s app.Secret) (app.Secret, bool, error) {
	c := &metaauth.Client{Product: app.MetaThreads, App: app.MetaApp{ID: s.ClientID, Secret: s.ClientSecret},
		API: AuthAPI(acc.Server), HTTP: d.HTTP, Now: d.Now, Timeout: d.Timeout}
	return c.Renew(ctx, s)
}

// SignInDue implements app.SignInRenewer.
func (d *Dialer) SignInDue(s app.Secret, now time.Time) bool {
	return metaauth.RefreshDue(app.MetaThreads, s.Expiry, now)
}

// apiVersion is the version at the end of an API address (/v1.0).
var apiVersion = regexp.MustCompile(`/v[0-9]+(\.[0-9]+)?/?$`)

// AuthAPI is the address Threads' tokens are asked at for an API
// address: its OAuth endpoints (/oauth/access_token, /access_token,
// /refresh_access_token) have no version. "" and Meta's own address are
// Meta's ("").
func AuthAPI(server string) string {
	server = strings.TrimSpace(server)
	if server == "" {
		return ""
	}
	base := strings.TrimRight(apiVersion.ReplaceAllString(server, ""), "/")
	if base == strings.TrimSuffix(DefaultAPI, "/v1.0") {
		return ""
	}
	return base
}
