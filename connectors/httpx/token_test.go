package httpx

import (
	"context"
	"errors"
	"testing"

	"github.com/relais-app/relais/app"
)

// countingCreds counts its reads.
type countingCreds struct {
	s     app.Secret
	err   error
	reads int
}

func (c *countingCreds) Secret(context.Context) (app.Secret, error) { c.reads++; return c.s, c.err }
func (c *countingCreds) SetSecret(_ context.Context, s app.Secret) error {
	c.s = s
	return nil
}

func TestTokenReadOnceUntilForgotten(t *testing.T) {
	ctx := context.Background()
	creds := &countingCreds{s: app.Secret{AccessToken: "first"}}
	var tok Token
	for range 3 {
		if got, err := tok.Get(ctx, creds, app.Mastodon); err != nil || got != "first" {
			t.Fatalf("Get = %q, %v", got, err)
		}
	}
	if creds.reads != 1 {
		t.Errorf("the credentials were read %d times, want once", creds.reads)
	}
	creds.s.AccessToken = "second" // signed in again
	tok.Forget()
	if got, _ := tok.Get(ctx, creds, app.Mastodon); got != "second" || creds.reads != 2 {
		t.Errorf("after Forget: %q, %d reads", got, creds.reads)
	}
}

func TestTokenMissingAsksToSignInAgain(t *testing.T) {
	ctx := context.Background()
	for _, creds := range []*countingCreds{{err: app.ErrNoSecret}, {}} {
		var tok Token
		_, err := tok.Get(ctx, creds, app.Threads)
		ne, ok := app.AsNetError(err)
		if !ok || ne.Kind != app.FailAuth || ne.Network != app.Threads || !errors.Is(err, app.ErrNoSecret) {
			t.Errorf("no token: %v, want Threads' FailAuth", err)
		}
	}
	broken := errors.New("keychain locked")
	var tok Token
	if _, err := tok.Get(ctx, &countingCreds{err: broken}, app.Mastodon); !errors.Is(err, broken) || err.Error() != "mastodon: reading the sign-in: keychain locked" {
		t.Errorf("keychain error: %v", err)
	}
}
