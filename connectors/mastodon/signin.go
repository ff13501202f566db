package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
	"github.com/relais-app/relais/connectors/loopback"
	"golang.org/x/oauth2"
)

// The ways a sign-in through the browser ends without a token: those of
// the shared loopback receiver.
var (
	// ErrSignInDenied: the user refused Relais on the server's page.
	ErrSignInDenied = loopback.ErrDenied
	// ErrSignInMismatch: the browser came back from another sign-in
	// (its state does not match this one's); nothing was accepted.
	ErrSignInMismatch = loopback.ErrMismatch
	// ErrNoCode: the browser came back, or the user pasted, no code.
	ErrNoCode = loopback.ErrNoCode
)

// oobRedirect is the redirect URI by which the server shows the code
// instead of sending the browser back.
const oobRedirect = "urn:ietf:wg:oauth:2.0:oob"

// ClientStore keeps the client Relais registered on each server, in the
// keychain: app.NamedSecrets.
type ClientStore interface {
	NamedSecret(ctx context.Context, name string) (app.Secret, error)
	PutNamedSecret(ctx context.Context, name string, s app.Secret) error
	DeleteNamedSecret(ctx context.Context, name string) error
}

// clientEntry is the name of the client registered on base for redirect:
// another port is another registration.
func clientEntry(base *url.URL, redirect string) string {
	return "mastodon client " + base.String() + " " + redirect
}

// ForgetClient removes from clients the client Relais registered on
// server for the workspace's port (a workspace removed); none is fine.
func ForgetClient(ctx context.Context, clients ClientStore, server string, port int) error {
	base, err := httpx.BaseURL(server)
	if err != nil || port == 0 {
		return nil
	}
	err = clients.DeleteNamedSecret(ctx, clientEntry(base, loopback.RedirectURI("http", "127.0.0.1", port)))
	if err != nil && !errors.Is(err, app.ErrNoSecret) {
		return err
	}
	return nil
}

// SignIn signs an account in through the browser (OAuth 2 authorization
// code with PKCE): it listens on the workspace's loopback port
// (SignInPort; any free port without one) for the browser's return to
// http://127.0.0.1:port/callback (RFC 8252), reuses the client Relais
// registered on the server for that address (Clients) or registers one,
// has open show the server's sign-in page, waits until the browser comes
// back or ctx ends, and exchanges the code for a token. The loopback
// listener is closed when SignIn returns. When another program holds the
// port, the error matches loopback.ErrPortTaken: BeginCodeSignIn is the
// way out.
func (d *Dialer) SignIn(ctx context.Context, server string, open func(page string) error) (app.Secret, error) {
	base, err := httpx.BaseURL(server)
	if err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: %w", err)
	}
	port := 0
	if d.SignInPort != nil {
		if port, err = d.SignInPort(ctx); err != nil {
			return app.Secret{}, fmt.Errorf("mastodon: the sign-in port: %w", err)
		}
	}
	state := loopback.NewState()
	rcv, err := loopback.Listen(port, state)
	if err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: %w", err)
	}
	defer rcv.Close()
	redirect := loopback.RedirectURI("http", "127.0.0.1", rcv.Port())

	conf, err := d.clientFor(ctx, base, redirect, port != 0)
	if err != nil {
		return app.Secret{}, err
	}
	verifier := oauth2.GenerateVerifier()
	if err := open(conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))); err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: opening the sign-in page: %w", err)
	}
	code, err := rcv.Wait(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return app.Secret{}, ctx.Err()
		}
		return app.Secret{}, fmt.Errorf("mastodon: %w", err)
	}
	secret, err := d.exchange(ctx, conf, code, verifier)
	if err != nil && port != 0 && d.Clients != nil && isInvalidClient(err) {
		// The server forgot the client between the check and the
		// exchange: the next sign-in registers again.
		d.Clients.DeleteNamedSecret(context.WithoutCancel(ctx), clientEntry(base, redirect))
	}
	return secret, err
}

// clientFor returns the OAuth configuration of Relais's client on base
// for redirect: the one kept in Clients when the server still knows it,
// else a new registration, kept for the next sign-in when the port is the
// workspace's own (keep).
func (d *Dialer) clientFor(ctx context.Context, base *url.URL, redirect string, keep bool) (*oauth2.Config, error) {
	if !keep || d.Clients == nil {
		return d.register(ctx, base, redirect)
	}
	name := clientEntry(base, redirect)
	kept, err := d.Clients.NamedSecret(ctx, name)
	switch {
	case err == nil && kept.ClientID != "" && kept.ClientSecret != "":
		conf := d.config(base, redirect, kept.ClientID, kept.ClientSecret)
		known, err := d.knowsClient(ctx, base, conf)
		if err != nil {
			return nil, err
		}
		if known {
			return conf, nil
		}
		// The server forgot it (an admin removed it, a reset database):
		// register again.
	case err != nil && !errors.Is(err, app.ErrNoSecret):
		return nil, fmt.Errorf("mastodon: reading Relais's client on %s from the keychain: %w", base.Host, err)
	}
	conf, err := d.register(ctx, base, redirect)
	if err != nil {
		return nil, err
	}
	// Not kept (a locked keychain) only costs a registration next time.
	d.Clients.PutNamedSecret(ctx, name, app.Secret{ClientID: conf.ClientID, ClientSecret: conf.ClientSecret})
	return conf, nil
}

// knowsClient asks the server whether it still knows a kept client, by
// the client credentials grant (POST /oauth/token, an app token of scope
// read, revoked at once): 401 invalid_client is a forgotten client. A
// server that does not offer the grant is taken to know it.
func (d *Dialer) knowsClient(ctx context.Context, base *url.URL, conf *oauth2.Config) (bool, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {conf.ClientID},
		"client_secret": {conf.ClientSecret}, "scope": {"read"}}
	resp, err := d.postForm(ctx, base.JoinPath("/oauth/token").String(), form)
	if err != nil {
		if resp != nil && resp.Status == http.StatusUnauthorized && strings.Contains(string(resp.Body), "invalid_client") {
			return false, nil
		}
		if resp != nil && resp.Status == http.StatusBadRequest {
			return true, nil
		}
		return false, err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if json.Unmarshal(resp.Body, &tok) == nil && tok.AccessToken != "" {
		d.postForm(ctx, base.JoinPath("/oauth/revoke").String(), url.Values{"client_id": {conf.ClientID},
			"client_secret": {conf.ClientSecret}, "token": {tok.AccessToken}})
	}
	return true, nil
}

func (d *Dialer) postForm(ctx context.Context, endpoint string, form url.Values) (*httpx.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("mastodon: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	return d.client(0).Do(req)
}

// isInvalidClient reports whether a token error is the server's
// "invalid_client": it does not know the client.
func isInvalidClient(err error) bool {
	ne, ok := app.AsNetError(err)
	return ok && ne.Status == http.StatusUnauthorized && strings.Contains(ne.Message+" "+ne.Error(), "Client authentication failed")
}

// BeginCodeSignIn is the sign-in for when the browser cannot come back
// to Relais: the page it returns shows a code (redirect
// urn:ietf:wg:oauth:2.0:oob), which finish exchanges for a token.
func (d *Dialer) BeginCodeSignIn(ctx context.Context, server string) (string, func(ctx context.Context, code string) (app.Secret, error), error) {
	base, err := httpx.BaseURL(server)
	if err != nil {
		return "", nil, fmt.Errorf("mastodon: %w", err)
	}
	conf, err := d.register(ctx, base, oobRedirect)
	if err != nil {
		return "", nil, err
	}
	verifier := oauth2.GenerateVerifier()
	page := conf.AuthCodeURL(loopback.NewState(), oauth2.S256ChallengeOption(verifier))
	finish := func(ctx context.Context, code string) (app.Secret, error) {
		code = strings.TrimSpace(code)
		if code == "" {
			return app.Secret{}, fmt.Errorf("mastodon: %w", ErrNoCode)
		}
		return d.exchange(ctx, conf, code, verifier)
	}
	return page, finish, nil
}

// register registers Relais on the server (POST /api/v1/apps) with one
// redirect URI, and returns the OAuth configuration for it.
func (d *Dialer) register(ctx context.Context, base *url.URL, redirect string) (*oauth2.Config, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(map[string]any{
		"client_name":   clientName,
		"redirect_uris": []string{redirect},
		"scopes":        scopes,
		"website":       d.website(),
	})
	if err != nil {
		return nil, err
	}
	endpoint := base.JoinPath("/api/v1/apps").String()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(string(body)))
	if err != nil {
		return nil, fmt.Errorf("mastodon: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	hc := d.client(0)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	var ca credentialApplication
	if err := hc.DecodeJSON(resp, &ca); err != nil {
		return nil, err
	}
	if ca.ClientID == "" || ca.ClientSecret == "" {
		return nil, &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Status: resp.Status,
			Err: errors.New("the server registered Relais without a client ID and secret")}
	}
	return d.config(base, redirect, ca.ClientID, ca.ClientSecret), nil
}

// config is the OAuth configuration of a client on base.
func (d *Dialer) config(base *url.URL, redirect, id, secret string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     id,
		ClientSecret: secret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base.JoinPath("/oauth/authorize").String(),
			TokenURL:  base.JoinPath("/oauth/token").String(),
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirect,
		Scopes:      strings.Fields(scopes),
	}
}

// exchange trades the code for a token at /oauth/token.
func (d *Dialer) exchange(ctx context.Context, conf *oauth2.Config, code, verifier string) (app.Secret, error) {
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = httpx.DefaultTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hc := d.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	tctx = context.WithValue(tctx, oauth2.HTTPClient, hc)
	tok, err := conf.Exchange(tctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return app.Secret{}, d.tokenError(ctx, err)
	}
	return app.Secret{
		AccessToken:  tok.AccessToken,
		RefreshToken: tok.RefreshToken,
		ClientID:     conf.ClientID,
		ClientSecret: conf.ClientSecret,
		Expiry:       tok.Expiry,
	}, nil
}

// tokenError turns what oauth2 returned into a NetError, never quoting
// the request (which holds the client secret and the code).
func (d *Dialer) tokenError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		return d.client(0).StatusError(&httpx.Response{Status: re.Response.StatusCode, Header: re.Response.Header, Body: re.Body})
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		what := "the request could not be sent"
		if ue.Timeout() {
			what = "no answer in time"
		}
		return &app.NetError{Network: app.Mastodon, Kind: app.FailOffline, Err: fmt.Errorf("POST /oauth/token: %s", what)}
	}
	return &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Err: errors.New("the token answer is not the one expected")}
}
