package httpx

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/relais-app/relais/app"
)

// Token is an account's access token, read from its credentials the
// first time a request needs it and kept until the server refuses it.
// The zero Token is ready; it is safe for concurrent use.
type Token struct {
	mu  sync.Mutex
	tok string
}

// Get returns the token, reading it from creds the first time. An account
// without one is a FailAuth NetError of network, so that the user is
// asked to sign in again.
func (t *Token) Get(ctx context.Context, creds app.Credentials, network app.Network) (string, error) {
	t.mu.Lock()
	tok := t.tok
	t.mu.Unlock()
	if tok != "" {
		return tok, nil
	}
	s, err := creds.Secret(ctx)
	if errors.Is(err, app.ErrNoSecret) || (err == nil && s.AccessToken == "") {
		return "", &app.NetError{Network: network, Kind: app.FailAuth, Err: app.ErrNoSecret}
	}
	if err != nil {
		return "", fmt.Errorf("%s: reading the sign-in: %w", network, err)
	}
	t.mu.Lock()
	t.tok = s.AccessToken
	t.mu.Unlock()
	return s.AccessToken, nil
}

// Forget drops the token the server refused, so that the next Get reads
// the credentials again (the user may have signed in again meanwhile).
func (t *Token) Forget() {
	t.mu.Lock()
	t.tok = ""
	t.mu.Unlock()
}
