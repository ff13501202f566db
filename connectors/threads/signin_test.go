package threads_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/loopback"
	"github.com/relais-app/relais/connectors/meta/metaauth/metaauthtest"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/connectors/threads/threadstest"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

const signInPort = 51234

// metaWorld is Threads as a new user meets it: Meta's sign-in
// (metaauthtest) and the Threads API (threadstest) at one address, as
// graph.threads.net serves both, whose API accepts the tokens the
// sign-in issued; and Relais's accounts over a real store.
type metaWorld struct {
	auth     *metaauthtest.Server
	api      *threadstest.Server
	base     string // the address, without the API's version
	keys     *keychaintest.Memory
	accounts *app.Accounts
	dialer   *threads.Dialer
	// offline makes every request of Relais fail as with no network.
	mu      sync.Mutex
	offline bool
}

type worldClock struct{ w *metaWorld }

func (c worldClock) Now() time.Time { return c.w.auth.Now() }

func (w *metaWorld) RoundTrip(r *http.Request) (*http.Response, error) {
	w.mu.Lock()
	off := w.offline
	w.mu.Unlock()
	if off {
		return nil, errors.New("dial tcp: connect: network is unreachable")
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (w *metaWorld) setOffline(off bool) {
	w.mu.Lock()
	w.offline = off
	w.mu.Unlock()
}

func newMetaWorld(t *testing.T) *metaWorld {
	t.Helper()
	w := &metaWorld{auth: metaauthtest.Start(t, app.MetaThreads, app.MetaThreads.RedirectURI(signInPort)), api: threadstest.NewServer()}
	w.api.SetClock(w.auth.Now)
	w.api.Accept = func(tok string) bool {
		ok, long := w.auth.Valid(tok)
		return ok && long
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/oauth/authorize", "/oauth/access_token", "/access_token", "/refresh_access_token"} {
		mux.Handle(p, w.auth.Config.Handler)
	}
	mux.Handle("/", w.api.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	w.base = srv.URL
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w.keys = &keychaintest.Memory{}
	apps := app.NewMetaApps(w.keys, func(context.Context) (int, error) { return signInPort, nil })
	w.dialer = threads.NewDialer()
	w.dialer.HTTP = &http.Client{Transport: w}
	w.dialer.Now = w.auth.Now
	w.dialer.Apps = apps
	w.accounts = app.NewAccounts(db, w.keys, app.NewRegistry(w.dialer), nil, worldClock{w})
	w.accounts.UseSignInPort(func(context.Context) (int, error) { return signInPort, nil })
	if _, err := w.accounts.MetaApps().Save(context.Background(), app.MetaThreads, metaauthtest.AppID, metaauthtest.AppSecret); err != nil {
		t.Fatal(err)
	}
	return w
}

// signIn goes through the sign-in as the user does: the page opened,
// allowed, and the address the browser ends on pasted.
func (w *metaWorld) signIn(t *testing.T) app.Account {
	t.Helper()
	ctx := context.Background()
	api := w.base + "/v1.0"
	page, finish, err := w.accounts.BeginCodeSignIn(ctx, app.Threads, api)
	if err != nil {
		t.Fatal(err)
	}
	back, err := metaauthtest.Follow(page)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := finish(ctx, back)
	if err != nil {
		t.Fatalf("finishing with %q: %v", back, err)
	}
	acc, err := w.accounts.Connect(ctx, app.Account{Network: app.Threads, Server: api}, secret)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestThreadsSignInByThePastedAddress(t *testing.T) {
	w := newMetaWorld(t)
	ctx := context.Background()
	if !w.accounts.SignsInWithBrowser(app.Threads) {
		t.Fatal("Threads does not sign in through the browser")
	}
	page, finish, err := w.accounts.BeginCodeSignIn(ctx, app.Threads, w.base+"/v1.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{w.base + "/oauth/authorize?", "client_id=" + metaauthtest.AppID,
		"redirect_uri=https%3A%2F%2F127.0.0.1%3A51234%2Fcallback", "threads_content_publish", "state="} {
		if !strings.Contains(page, want) {
			t.Errorf("the page %q lacks %q", page, want)
		}
	}
	// A wrong paste says so, and spends nothing.
	for pasted, want := range map[string]error{
		"https://127.0.0.1:51234/callback?code=AQBx&state=another": loopback.ErrMismatch,
		"https://127.0.0.1:51234/callback":                         loopback.ErrMismatch,
		"the code is AQBx":                                         loopback.ErrNoCode,
		"   ":                                                      loopback.ErrNoCode,
	} {
		if _, err := finish(ctx, pasted); !errors.Is(err, want) {
			t.Errorf("pasting %q: %v, want %v", pasted, err, want)
		}
	}
	back, err := metaauthtest.Follow(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(back, "https://127.0.0.1:51234/callback?code=") {
		t.Fatalf("the browser ends on %q", back)
	}
	secret, err := finish(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := w.auth.Valid(secret.AccessToken); !ok || !long {
		t.Errorf("the token is not a long-lived one: %v %v", ok, long)
	}
	if secret.ClientID != metaauthtest.AppID || secret.ClientSecret != metaauthtest.AppSecret ||
		!secret.Expiry.Equal(w.auth.Now().Add(60*24*time.Hour)) {
		t.Errorf("the secret holds app %q, expiry %v", secret.ClientID, secret.Expiry)
	}
	acc, err := w.accounts.Connect(ctx, app.Account{Network: app.Threads, Server: w.base + "/v1.0"}, secret)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Handle != threadstest.Username || acc.RemoteID != threadstest.UserID || !acc.SignInExpiry.Equal(secret.Expiry) {
		t.Errorf("account %+v", acc)
	}
	kept, _ := w.keys.Secret(ctx, acc.ID)
	if kept.AccessToken != secret.AccessToken || kept.ClientSecret != metaauthtest.AppSecret {
		t.Error("the keychain does not hold the sign-in with its app")
	}
	// Without the user's app, the sign-in says what to do.
	w.accounts.MetaApps().Forget(ctx, app.MetaThreads)
	if _, _, err := w.accounts.BeginCodeSignIn(ctx, app.Threads, ""); !errors.Is(err, app.ErrNoMetaApp) {
		t.Errorf("without an app: %v", err)
	}
}

func TestThreadsTokenRenewedBeforeItEnds(t *testing.T) {
	w := newMetaWorld(t)
	ctx := context.Background()
	acc := w.signIn(t)
	first, _ := w.keys.Secret(ctx, acc.ID)
	notices := &noticeLog{}
	r := app.NewSignInRenewal(w.accounts, worldClock{w}, notices)

	// A day old: not yet (Meta refuses under 24 hours; Relais waits a
	// week).
	w.auth.Advance(24 * time.Hour)
	if res, err := r.Pass(ctx); err != nil || len(res) != 0 || w.auth.Refreshes() != 0 {
		t.Fatalf("a day old: %+v, %v", res, err)
	}
	// A week old: renewed for 60 days from now, kept, and the account
	// says so.
	w.auth.Advance(6 * 24 * time.Hour)
	res, err := r.Pass(ctx)
	if err != nil || len(res) != 1 || !res[0].Renewed || res[0].Err != nil || w.auth.Refreshes() != 1 {
		t.Fatalf("a week old: %+v, %v", res, err)
	}
	renewed, _ := w.keys.Secret(ctx, acc.ID)
	want := w.auth.Now().Add(60 * 24 * time.Hour)
	if renewed.AccessToken == first.AccessToken || !renewed.Expiry.Equal(want) || renewed.ClientSecret != metaauthtest.AppSecret {
		t.Errorf("the renewed secret: same token %v, expiry %v, want %v", renewed.AccessToken == first.AccessToken, renewed.Expiry, want)
	}
	if got, _ := w.accounts.Get(ctx, acc.ID); !got.SignInExpiry.Equal(want) {
		t.Errorf("the account ends on %v, want %v", got.SignInExpiry, want)
	}
	refreshed := false
	for _, r := range w.auth.Requests() {
		if r == "GET /refresh_access_token access_token,grant_type" {
			refreshed = true
		}
	}
	if !refreshed {
		t.Errorf("requests: %q", w.auth.Requests())
	}
	// The connector works with the new token.
	if _, err := w.accounts.Test(ctx, acc.ID); err != nil {
		t.Errorf("testing with the new token: %v", err)
	}

	// Offline at the next renewal: tried again later, the account is
	// left as it is, nobody is bothered.
	w.auth.Advance(8 * 24 * time.Hour)
	w.setOffline(true)
	res, _ = r.Pass(ctx)
	if len(res) != 1 || !errors.Is(res[0].Err, app.ErrOffline) || res[0].Renewed || len(notices.all()) != 0 {
		t.Fatalf("offline: %+v, notices %v", res, notices.all())
	}
	w.setOffline(false)
	if res, _ = r.Pass(ctx); len(res) != 1 || !res[0].Renewed || w.auth.Refreshes() != 2 {
		t.Fatalf("back online: %+v", res)
	}

	// Offline for weeks: a week before the end the user is told, once.
	w.setOffline(true)
	w.auth.Advance(54 * 24 * time.Hour)
	r.Pass(ctx)
	r.Pass(ctx)
	if n := notices.all(); len(n) != 1 || n[0].Kind != app.NoticeSignInEnds || n[0].Account.ID != acc.ID {
		t.Fatalf("notices %+v", n)
	}
	w.setOffline(false)
}

func TestThreadsRefusedRenewalAsksToSignInAgain(t *testing.T) {
	w := newMetaWorld(t)
	ctx := context.Background()
	acc := w.signIn(t)
	// The token was revoked (the user removed the app in Threads): Meta
	// answers 190 to its renewal.
	s, _ := w.keys.Secret(ctx, acc.ID)
	s.AccessToken = "TH" + strings.Repeat("0", 40)
	w.keys.PutSecret(ctx, acc.ID, s)
	w.auth.Advance(8 * 24 * time.Hour)
	notices := &noticeLog{}
	r := app.NewSignInRenewal(w.accounts, worldClock{w}, notices)
	res, _ := r.Pass(ctx)
	if len(res) != 1 || !errors.Is(res[0].Err, app.ErrReconnect) {
		t.Fatalf("refused: %+v", res)
	}
	got, _ := w.accounts.Get(ctx, acc.ID)
	if got.State != app.AccountReauth || !strings.Contains(got.Problem, "renewing the sign-in") || strings.Contains(got.Problem, s.AccessToken) {
		t.Errorf("account %s: %q", got.State, got.Problem)
	}
	if n := notices.all(); len(n) != 1 || n[0].Kind != app.NoticeReconnect {
		t.Errorf("notices %+v", n)
	}
	if res, _ := r.Pass(ctx); len(res) != 0 || len(notices.all()) != 1 {
		t.Errorf("asked again: %+v", res)
	}
}

type noticeLog struct {
	mu sync.Mutex
	n  []app.Notice
}

func (l *noticeLog) Notify(n app.Notice) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n = append(l.n, n)
}

func (l *noticeLog) all() []app.Notice {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]app.Notice(nil), l.n...)
}
