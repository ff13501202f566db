package mastodon

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
	"golang.org/x/oauth2"
)

// The ways a sign-in through the browser ends without a token.
var (
	// ErrSignInDenied: the user refused Relais on the server's page.
	ErrSignInDenied = errors.New("the sign-in was refused on the server's page")
	// ErrSignInMismatch: the browser came back from another sign-in
	// (its state does not match this one's); nothing was accepted.
	ErrSignInMismatch = errors.New("the browser came back from another sign-in: try again")
	// ErrNoCode: the browser came back, or the user pasted, no code.
	ErrNoCode = errors.New("the server gave no sign-in code")
)

// oobRedirect is the redirect URI by which the server shows the code
// instead of sending the browser back.
const oobRedirect = "urn:ietf:wg:oauth:2.0:oob"

// callbackPath is where the browser comes back to, on the loopback.
const callbackPath = "/callback"

// Pages answered to the browser when it comes back.
const (
	pageDone   = "You can close this tab and go back to Relais.\n"
	pageFailed = "Relais could not sign in: %s\nYou can close this tab and go back to Relais to try again.\n"
)

// SignIn signs an account in through the browser (OAuth 2 authorization
// code with PKCE): it registers Relais on the server with a loopback
// redirect (http://127.0.0.1:port/callback, RFC 8252), has open show the
// server's sign-in page, waits until the browser comes back or ctx ends,
// and exchanges the code for a token. The loopback listener is closed
// when SignIn returns.
func (d *Dialer) SignIn(ctx context.Context, server string, open func(page string) error) (app.Secret, error) {
	base, err := httpx.BaseURL(server)
	if err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: listening for the browser: %w", err)
	}
	defer ln.Close()
	redirect := "http://" + ln.Addr().String() + callbackPath

	conf, err := d.register(ctx, base, redirect)
	if err != nil {
		return app.Secret{}, err
	}
	state := randomState()
	verifier := oauth2.GenerateVerifier()

	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != callbackPath || r.Method != http.MethodGet {
				http.NotFound(w, r)
				return
			}
			code, err := callback(r.URL.Query(), state)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, pageFailed, err)
			} else {
				fmt.Fprint(w, pageDone)
			}
			select {
			case done <- result{code, err}:
			default: // a sign-in has already come back
			}
		}),
	}
	go srv.Serve(ln)
	// stop closes the listener, letting an answer being written to the
	// browser finish first.
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		srv.Close()
	}
	defer stop()

	if err := open(conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))); err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: opening the sign-in page: %w", err)
	}
	var res result
	select {
	case <-ctx.Done():
		return app.Secret{}, ctx.Err()
	case res = <-done:
	}
	if res.err != nil {
		return app.Secret{}, fmt.Errorf("mastodon: %w", res.err)
	}
	stop()
	return d.exchange(ctx, conf, res.code, verifier)
}

// callback reads where the browser came back with: the code, if the
// state is this sign-in's and the user accepted.
func callback(q url.Values, state string) (string, error) {
	if q.Get("state") != state {
		return "", ErrSignInMismatch
	}
	if e := q.Get("error"); e != "" {
		if e == "access_denied" {
			return "", ErrSignInDenied
		}
		msg := q.Get("error_description")
		if msg == "" {
			msg = e
		}
		return "", fmt.Errorf("the server refused the sign-in: %s", msg)
	}
	code := q.Get("code")
	if code == "" {
		return "", ErrNoCode
	}
	return code, nil
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
	page := conf.AuthCodeURL(randomState(), oauth2.S256ChallengeOption(verifier))
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
	return &oauth2.Config{
		ClientID:     ca.ClientID,
		ClientSecret: ca.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base.JoinPath("/oauth/authorize").String(),
			TokenURL:  base.JoinPath("/oauth/token").String(),
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirect,
		Scopes:      strings.Fields(scopes),
	}, nil
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

// randomState returns the value that ties the browser's return to this
// sign-in.
func randomState() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
