package bluesky_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/conformance"
)

func TestSignInStoresTheSession(t *testing.T) {
	e := newEnv(t)
	if _, err := e.conn.Profile(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	s, stored := e.creds.get()
	if stored != 1 || s.AccessToken == "" || s.RefreshToken == "" || s.Password != blueskytest.DefaultPassword {
		t.Fatalf("stored %d secrets, the last with access %t, refresh %t, password kept %t; want one with all three",
			stored, s.AccessToken != "", s.RefreshToken != "", s.Password == blueskytest.DefaultPassword)
	}
	if want := e.clock.Now().Add(blueskytest.DefaultAccessLifetime); !s.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want the access token's exp %v", s.Expiry, want)
	}
	if n := e.fake.Calls("com.atproto.server.createSession"); n != 1 {
		t.Errorf("%d sign-ins, want 1", n)
	}
	// A second connector on the stored secret signs in no more.
	acc, _ := e.fake.Account()
	if _, err := e.open(t, acc).Profile(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Calls("com.atproto.server.createSession"); n != 1 {
		t.Errorf("%d sign-ins after reopening, want still 1", n)
	}
}

func TestRefreshBeforeExpiry(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	first, _ := e.creds.get()
	e.clock.Advance(blueskytest.DefaultAccessLifetime - 6*time.Minute)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Calls("com.atproto.server.refreshSession"); n != 0 {
		t.Fatalf("refreshed %d times 6 minutes before expiry, want none", n)
	}
	e.clock.Advance(2 * time.Minute) // 4 minutes left
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Calls("com.atproto.server.refreshSession"); n != 1 {
		t.Fatalf("refreshed %d times 4 minutes before expiry, want 1", n)
	}
	renewed, stored := e.creds.get()
	if stored != 2 || renewed.AccessToken == first.AccessToken || renewed.RefreshToken == first.RefreshToken {
		t.Errorf("after refreshing: %d secrets stored, new tokens %t; want 2, new tokens", stored, renewed.AccessToken != first.AccessToken)
	}
	if want := e.clock.Now().Add(blueskytest.DefaultAccessLifetime); !renewed.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", renewed.Expiry, want)
	}
	if renewed.Password != blueskytest.DefaultPassword {
		t.Error("refreshing lost the app password")
	}
	if n := e.fake.Calls("com.atproto.server.createSession"); n != 1 {
		t.Errorf("%d sign-ins, want 1", n)
	}
}

func TestRefreshAfterExpiredToken(t *testing.T) {
	// The computer's clock is late: the connector thinks its token good,
	// the PDS answers 400 ExpiredToken.
	e := newEnv(t)
	ctx := testCtx(t)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	serverClock := newClock()
	serverClock.Advance(blueskytest.DefaultAccessLifetime + time.Minute)
	e.fake.SetNow(serverClock.Now)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatalf("Profile with an expired token: %v", err)
	}
	if n := e.fake.Calls("app.bsky.actor.getProfile"); n != 3 {
		t.Errorf("%d getProfile, want 3 (one, then one refused and tried again)", n)
	}
	if n := e.fake.Calls("com.atproto.server.refreshSession"); n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	if _, stored := e.creds.get(); stored != 2 {
		t.Errorf("%d secrets stored, want 2", stored)
	}
}

func TestSignInAgainWhenTheRefreshTokenIsDead(t *testing.T) {
	t.Run("revoked", func(t *testing.T) {
		e := newEnv(t)
		ctx := testCtx(t)
		if _, err := e.conn.Profile(ctx); err != nil {
			t.Fatal(err)
		}
		e.fake.RevokeSessions()
		if _, err := e.conn.Profile(ctx); err != nil {
			t.Fatalf("Profile after the sessions were revoked: %v", err)
		}
		if a, r := e.fake.Calls("com.atproto.server.createSession"), e.fake.Calls("com.atproto.server.refreshSession"); a != 2 || r != 1 {
			t.Errorf("%d sign-ins and %d refreshes, want 2 and 1", a, r)
		}
		if _, stored := e.creds.get(); stored != 2 {
			t.Errorf("%d secrets stored, want 2", stored)
		}
	})
	t.Run("expired", func(t *testing.T) {
		e := newEnv(t)
		ctx := testCtx(t)
		e.fake.SetTokenLifetimes(time.Hour, 2*time.Hour)
		if _, err := e.conn.Profile(ctx); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(3 * time.Hour)
		if _, err := e.conn.Profile(ctx); err != nil {
			t.Fatalf("Profile after both tokens expired: %v", err)
		}
		if a, r := e.fake.Calls("com.atproto.server.createSession"), e.fake.Calls("com.atproto.server.refreshSession"); a != 2 || r != 1 {
			t.Errorf("%d sign-ins and %d refreshes, want 2 and 1", a, r)
		}
	})
}

func TestRevokedPasswordIsReconnect(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	secret, _ := e.creds.get()
	e.fake.RevokePassword()
	_, err := e.conn.Profile(ctx)
	if !errors.Is(err, app.ErrReconnect) {
		t.Fatalf("Profile with the app password revoked: %v, want ErrReconnect", err)
	}
	for _, s := range []string{secret.Password, secret.AccessToken, secret.RefreshToken} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the error %q holds a secret", err)
		}
	}
	// With no password at all, there is nothing to try.
	e.creds.SetSecret(ctx, app.Secret{})
	acc, _ := e.fake.Account()
	if _, err := e.open(t, acc).Profile(ctx); !errors.Is(err, app.ErrReconnect) {
		t.Errorf("Profile with no secret: %v, want ErrReconnect", err)
	}
}

func TestOneRefreshAtATime(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(blueskytest.DefaultAccessLifetime - time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = e.conn.Profile(ctx)
			} else {
				_, err = e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now().Add(time.Duration(i) * time.Millisecond)), Text: "En même temps"})
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := e.fake.Calls("com.atproto.server.refreshSession"); n != 1 {
		t.Errorf("%d refreshes for 16 requests at once, want 1", n)
	}
}

func TestRateLimitReset(t *testing.T) {
	e := newEnv(t)
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Status: 429, Message: "Rate Limit Exceeded"})
	_, err := e.conn.Publish(testCtx(t), app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Trop vite"})
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailRateLimited {
		t.Fatalf("error = %v, want a rate limit", err)
	}
	if ne.RetryAfter != blueskytest.RateLimitWindow {
		t.Errorf("RetryAfter = %v, want %v, from RateLimit-Reset", ne.RetryAfter, blueskytest.RateLimitWindow)
	}
	if n := len(e.fake.Posts()); n != 0 {
		t.Errorf("%d posts, want none", n)
	}
}

func TestOpenChecksTheAccount(t *testing.T) {
	d := bluesky.NewDialer()
	cases := []app.Account{
		{Network: app.Bluesky},
		{Network: app.Bluesky, Handle: "alice.bsky.social", Server: "http://pds.example.com"},
		{Network: app.Mastodon, Handle: "alice.bsky.social"},
	}
	for _, acc := range cases {
		if _, err := d.Open(acc, &creds{}); err == nil {
			t.Errorf("Open(%+v) succeeded, want an error", acc)
		}
	}
	if _, err := d.Open(app.Account{Network: app.Bluesky, Handle: "@Alice.bsky.social"}, &creds{}); err != nil {
		t.Errorf("Open with a handle only: %v", err)
	}
}

func TestTakeTheSessionAnotherConnectorStored(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	acc, _ := e.fake.Account()
	other := e.open(t, acc)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(blueskytest.DefaultAccessLifetime - time.Minute)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if r, a := e.fake.Calls("com.atproto.server.refreshSession"), e.fake.Calls("com.atproto.server.createSession"); r != 1 || a != 1 {
		t.Errorf("%d refreshes and %d sign-ins for two connectors of one account, want 1 and 1", r, a)
	}
}

// TestProfileWithTheAppViewDown: the PDS signs in but the AppView, which
// it proxies getProfile to, cannot be reached: the profile is what the
// session told, marked partial; once the AppView is back, it is whole.
func TestProfileWithTheAppViewDown(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	e.fake.SetAppViewDown(true)
	p, err := e.conn.Profile(ctx)
	if err != nil {
		t.Fatalf("Profile with the AppView down: %v, want the session's identity", err)
	}
	if !p.Partial || p.RemoteID != e.fake.DID() || p.Handle != blueskytest.DefaultHandle || p.Server != e.fake.URL() ||
		p.URL != "https://bsky.app/profile/"+blueskytest.DefaultHandle || p.DisplayName != "" || p.Limits.MaxLength != 300 {
		t.Errorf("Profile = %+v, want the session's DID, handle and PDS, partial", p)
	}
	// The AppView answering 5xx itself is the same.
	e.fake.FailNext(conformance.OpProfile, conformance.Failure{Status: 503})
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Errorf("Profile with getProfile failing 503: %v, want a partial profile", err)
	}
	e.fake.SetAppViewDown(false)
	p, err = e.conn.Profile(ctx)
	if err != nil || p.Partial || p.DisplayName != "Relais" || len(p.Avatar) == 0 {
		t.Errorf("Profile with the AppView back = %+v, %v; want the whole profile", p, err)
	}
}
