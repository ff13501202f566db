package metaauth

import (
	"context"
	"fmt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/loopback"
	"golang.org/x/oauth2"
)

// Flow is one sign-in under way: its state, its PKCE verifier, and the
// page the browser shows.
type Flow struct {
	c        *Client
	state    string
	verifier string
}

// Begin starts a sign-in.
func (c *Client) Begin() *Flow {
	f := &Flow{c: c, state: loopback.NewState()}
	if c.usesPKCE() {
		f.verifier = oauth2.GenerateVerifier()
	}
	return f
}

// Page is the authorization dialog to show in the browser.
func (f *Flow) Page() string { return f.c.AuthURL(f.state, f.verifier) }

// State is the value the browser must come back with.
func (f *Flow) State() string { return f.state }

// Finish trades the code for a long-lived token (short-lived first, then
// exchanged at once).
func (f *Flow) Finish(ctx context.Context, code string) (Token, error) {
	short, err := f.c.Exchange(ctx, code, f.verifier)
	if err != nil {
		return Token{}, err
	}
	return f.c.LongLived(ctx, short)
}

// FinishPasted is Finish for what the user pasted: the address the
// browser ended on (its state checked), or the code alone.
func (f *Flow) FinishPasted(ctx context.Context, pasted string) (Token, error) {
	code, err := loopback.ParsePasted(pasted, f.state)
	if err != nil {
		return Token{}, fmt.Errorf("%s: %w", f.c.Product.Name(), err)
	}
	return f.Finish(ctx, code)
}

// SignIn signs in through the browser and the loopback receiver on port
// (the workspace's): it listens, has open show the dialog, waits for the
// browser's return (or ctx's end), and returns a long-lived token. For a
// product whose browser cannot come back (Instagram, Threads: https
// redirects), use Begin and FinishPasted instead. A taken port matches
// loopback.ErrPortTaken: the user can still paste (Begin).
func (c *Client) SignIn(ctx context.Context, port int, open func(page string) error) (Token, error) {
	if !c.Product.BrowserComesBack() {
		return Token{}, fmt.Errorf("%s: the browser cannot come back to Relais (https redirect): paste the address it ends on", c.Product.Name())
	}
	f := c.Begin()
	rcv, err := loopback.Listen(port, f.state)
	if err != nil {
		return Token{}, fmt.Errorf("%s: %w", c.Product.Name(), err)
	}
	defer rcv.Close()
	if err := open(f.Page()); err != nil {
		return Token{}, fmt.Errorf("%s: opening the sign-in page: %w", c.Product.Name(), err)
	}
	code, err := rcv.Wait(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return Token{}, ctx.Err()
		}
		return Token{}, fmt.Errorf("%s: %w", c.Product.Name(), err)
	}
	return f.Finish(ctx, code)
}

// Renew returns the secret with its token refreshed when RefreshDue says
// so (Instagram, Threads), else the secret as it is. A connector calls it
// before its requests and stores what changed (app.Credentials.SetSecret).
func (c *Client) Renew(ctx context.Context, s app.Secret) (app.Secret, bool, error) {
	if !RefreshDue(c.Product, s.Expiry, c.now()) {
		return s, false, nil
	}
	tok, err := c.Refresh(ctx, Token{Access: s.AccessToken, Expiry: s.Expiry, LongLived: true})
	if err != nil {
		return s, false, err
	}
	s.AccessToken, s.Expiry = tok.Access, tok.Expiry
	return s, true, nil
}
