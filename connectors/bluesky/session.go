package bluesky

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// refreshAhead is how long before its expiry an access token is renewed.
const refreshAhead = 5 * time.Minute

// session is what one request needs of the sign-in: where, as whom, with
// which access token.
type session struct {
	pds    *url.URL
	did    string
	handle string
	access string
}

// sessionOutput is createSession's and refreshSession's answer.
type sessionOutput struct {
	AccessJwt  string `json:"accessJwt"`
	RefreshJwt string `json:"refreshJwt"`
	Handle     string `json:"handle"`
	DID        string `json:"did"`
}

// lock takes the session lock: one sign-in or refresh at a time.
func (c *Connector) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case c.renewing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Connector) unlock() { <-c.renewing }

// session returns the session to make a request in: it reads the secret,
// finds the PDS, signs in when there is no access token, and refreshes one
// that expires within refreshAhead.
func (c *Connector) session(ctx context.Context) (session, error) {
	if err := c.lock(ctx); err != nil {
		return session{}, err
	}
	defer c.unlock()
	if !c.loaded {
		s, err := c.creds.Secret(ctx)
		if errors.Is(err, app.ErrNoSecret) {
			return session{}, &app.NetError{Network: app.Bluesky, Kind: app.FailAuth, Err: err}
		}
		if err != nil {
			return session{}, err
		}
		if s.AccessToken != "" && s.Expiry.IsZero() {
			s.Expiry = tokenExpiry(s.AccessToken)
		}
		c.secret, c.loaded = s, true
	}
	if err := c.locate(ctx); err != nil {
		return session{}, err
	}
	switch {
	case c.secret.AccessToken == "":
		if err := c.signIn(ctx); err != nil {
			return session{}, err
		}
	case !c.secret.Expiry.IsZero() && c.secret.Expiry.Sub(c.dialer.Now()) < refreshAhead:
		if err := c.renew(ctx); err != nil {
			// A token not expired yet still serves while the PDS is
			// out of reach.
			ne, ok := app.AsNetError(err)
			if !ok || !ne.Temporary() || !c.dialer.Now().Before(c.secret.Expiry) {
				return session{}, err
			}
		}
	}
	if c.did == "" {
		did, err := c.resolveHandle(ctx, c.pds, c.handle)
		if err != nil {
			return session{}, err
		}
		c.did = did
	}
	return c.current(), nil
}

// renewRefused renews the session after the PDS refused the access token
// rejected, unless another request has renewed it meanwhile.
func (c *Connector) renewRefused(ctx context.Context, rejected string) (session, error) {
	if err := c.lock(ctx); err != nil {
		return session{}, err
	}
	defer c.unlock()
	if c.secret.AccessToken == rejected || c.secret.AccessToken == "" {
		if err := c.renew(ctx); err != nil {
			return session{}, err
		}
	}
	return c.current(), nil
}

// current is the session as it stands. The caller holds the lock.
func (c *Connector) current() session {
	handle := c.handle
	if handle == "" {
		handle = c.did
	}
	return session{pds: c.pds, did: c.did, handle: handle, access: c.secret.AccessToken}
}

// renew refreshes the session, or signs in again with the password when
// the refresh token is dead. A session another connector of the account
// (another window, the command line) has stored meanwhile is taken
// instead: refreshing would rotate its refresh token away. The caller
// holds the lock.
func (c *Connector) renew(ctx context.Context) error {
	if stored, err := c.creds.Secret(ctx); err == nil && stored.AccessToken != "" && stored.AccessToken != c.secret.AccessToken {
		if stored.Expiry.IsZero() {
			stored.Expiry = tokenExpiry(stored.AccessToken)
		}
		if stored.Expiry.Sub(c.dialer.Now()) >= refreshAhead {
			c.secret = stored
			return nil
		}
	}
	if c.secret.RefreshToken != "" {
		resp, err := c.send(ctx, c.pds, c.secret.RefreshToken, procedure("com.atproto.server.refreshSession", nil))
		if err == nil {
			return c.keep(ctx, resp.Body)
		}
		if !tokenRefused(err) {
			return err
		}
	}
	return c.signIn(ctx)
}

// signIn opens a new session with the app password
// (com.atproto.server.createSession). A refusal is app.FailAuth: the user
// must reconnect the account. The caller holds the lock.
func (c *Connector) signIn(ctx context.Context) error {
	if c.secret.Password == "" {
		return &app.NetError{Network: app.Bluesky, Kind: app.FailAuth, Message: "no app password is stored for this account"}
	}
	in := struct {
		Identifier string `json:"identifier"`
		Password   string `json:"password"`
	}{c.id, c.secret.Password}
	resp, err := c.send(ctx, c.pds, "", procedure("com.atproto.server.createSession", in))
	if err != nil {
		if status, _ := errorOf(err); status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden {
			ne, _ := app.AsNetError(err)
			refused := *ne
			refused.Kind = app.FailAuth
			return &refused
		}
		return err
	}
	return c.keep(ctx, resp.Body)
}

// keep takes a new session from createSession's or refreshSession's
// answer, and stores the renewed secret. The caller holds the lock.
func (c *Connector) keep(ctx context.Context, body []byte) error {
	var out sessionOutput
	if err := json.Unmarshal(body, &out); err != nil || out.AccessJwt == "" {
		return &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Status: http.StatusOK,
			Err: errors.New("the session answer is not the JSON expected")}
	}
	s := c.secret
	s.AccessToken, s.RefreshToken = out.AccessJwt, out.RefreshJwt
	s.Expiry = tokenExpiry(out.AccessJwt)
	c.secret = s
	if validDID(out.DID) {
		c.did = out.DID
	}
	if out.Handle != "" && out.Handle != "handle.invalid" {
		c.handle = out.Handle
	}
	if err := c.creds.SetSecret(ctx, s); err != nil {
		return fmt.Errorf("bluesky: storing the renewed sign-in: %w", err)
	}
	return nil
}

// tokenExpiry reads a JWT's exp claim, without checking its signature
// (the PDS does); zero when it has none.
func tokenExpiry(token string) time.Time {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp <= 0 || claims.Exp > 1<<40 {
		return time.Time{}
	}
	return time.Unix(int64(claims.Exp), 0)
}
