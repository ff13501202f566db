package mastodon_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/loopback"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// browser plays the system browser: it opens the sign-in page on the
// fake (which approves at once and redirects to the loopback), follows
// to Relais, and keeps what Relais answered.
type browser struct {
	t *testing.T
	// edit may change the page's address before it is opened.
	edit   func(*url.URL)
	page   *url.URL
	status int
	body   string
}

func (b *browser) open(page string) error {
	u, err := url.Parse(page)
	if err != nil {
		return err
	}
	if b.edit != nil {
		b.edit(u)
	}
	b.page = u
	resp, err := http.Get(u.String())
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.status, b.body = resp.StatusCode, string(body)
	return nil
}

func TestSignIn(t *testing.T) {
	fake := mastodontest.Start(t)
	b := &browser{t: t}
	secret, err := testDialer().SignIn(ctx(t), fake.URL(), b.open)
	if err != nil {
		t.Fatal(err)
	}
	if secret.AccessToken != fake.Token() || secret.ClientID == "" || secret.ClientSecret == "" {
		t.Errorf("secret: token %v, client %v %v", secret.AccessToken == fake.Token(), secret.ClientID != "", secret.ClientSecret != "")
	}
	if b.status != http.StatusOK || !strings.Contains(b.body, "You can close this tab and go back to Relais") {
		t.Errorf("the browser got %d %q", b.status, b.body)
	}
	q := b.page.Query()
	redirect, _ := url.Parse(q.Get("redirect_uri"))
	if redirect == nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" {
		t.Errorf("redirect_uri %q, want http://127.0.0.1:port/callback", q.Get("redirect_uri"))
	}
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" ||
		q.Get("scope") != "read write" || q.Get("response_type") != "code" {
		t.Errorf("sign-in page %s lacks PKCE, state or scopes", b.page)
	}
	// The secret works.
	c, _ := testDialer().Open(app.Account{Network: app.Mastodon, Server: fake.URL()}, &memCreds{s: secret})
	if _, err := c.Profile(ctx(t)); err != nil {
		t.Errorf("Profile with the new secret: %v", err)
	}
	// The listener is closed.
	if conn, err := net.DialTimeout("tcp", redirect.Host, time.Second); err == nil {
		conn.Close()
		t.Errorf("the loopback listener %s is still open", redirect.Host)
	}
}

func TestSignInStateMismatch(t *testing.T) {
	fake := mastodontest.Start(t)
	b := &browser{t: t, edit: func(u *url.URL) {
		q := u.Query()
		q.Set("state", "forged")
		u.RawQuery = q.Encode()
	}}
	_, err := testDialer().SignIn(ctx(t), fake.URL(), b.open)
	if !errors.Is(err, mastodon.ErrSignInMismatch) {
		t.Fatalf("error = %v, want ErrSignInMismatch", err)
	}
	if b.status != http.StatusBadRequest || !strings.Contains(b.body, "go back to Relais") {
		t.Errorf("the browser got %d %q", b.status, b.body)
	}
	for _, r := range fake.Requests() {
		if r.Path == "/oauth/token" {
			t.Errorf("a code with the wrong state was exchanged")
		}
	}
}

func TestSignInDenied(t *testing.T) {
	fake := mastodontest.Start(t)
	fake.DenySignIn(true)
	b := &browser{t: t}
	_, err := testDialer().SignIn(ctx(t), fake.URL(), b.open)
	if !errors.Is(err, mastodon.ErrSignInDenied) {
		t.Fatalf("error = %v, want ErrSignInDenied", err)
	}
	if _, ok := app.AsNetError(err); ok {
		t.Errorf("a refusal by the user is a plain error, not a network failure")
	}
	if !strings.Contains(b.body, "refused") {
		t.Errorf("the browser got %q", b.body)
	}
}

func TestSignInCancelClosesListener(t *testing.T) {
	fake := mastodontest.Start(t)
	cctx, cancel := context.WithCancel(context.Background())
	var page string
	done := make(chan error, 1)
	go func() {
		_, err := testDialer().SignIn(cctx, fake.URL(), func(p string) error {
			page = p
			cancel() // the user gives up before the browser comes back
			return nil
		})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SignIn did not end with its context")
	}
	u, _ := url.Parse(page)
	redirect, _ := url.Parse(u.Query().Get("redirect_uri"))
	if conn, err := net.DialTimeout("tcp", redirect.Host, time.Second); err == nil {
		conn.Close()
		t.Errorf("the loopback listener %s is still open after the context ended", redirect.Host)
	}
}

func TestSignInOpenFails(t *testing.T) {
	fake := mastodontest.Start(t)
	boom := errors.New("no browser")
	if _, err := testDialer().SignIn(ctx(t), fake.URL(), func(string) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("error = %v, want the browser's", err)
	}
}

var oobCode = regexp.MustCompile(`class="oauth-code"[^>]*value="([^"]+)"`)

func TestCodeSignIn(t *testing.T) {
	fake := mastodontest.Start(t)
	d := testDialer()
	page, finish, err := d.BeginCodeSignIn(ctx(t), fake.URL())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(page)
	if q := u.Query(); q.Get("redirect_uri") != "urn:ietf:wg:oauth:2.0:oob" || q.Get("code_challenge_method") != "S256" {
		t.Errorf("page %s, want the out-of-band redirect and PKCE", page)
	}
	if _, err := finish(ctx(t), "  "); !errors.Is(err, mastodon.ErrNoCode) {
		t.Errorf("empty code: %v, want ErrNoCode", err)
	}
	if _, err := finish(ctx(t), "not-the-code"); !errors.Is(err, app.ErrRejected) {
		t.Errorf("wrong code: %v, want rejected", err)
	} else if ne, _ := app.AsNetError(err); !strings.Contains(ne.Message, "authorization grant is invalid") {
		t.Errorf("wrong code: message %q, want the server's description", ne.Message)
	}

	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := oobCode.FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("no code on the page: %s", body)
	}
	secret, err := finish(ctx(t), " "+m[1]+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if secret.AccessToken != fake.Token() || secret.ClientID == "" || secret.ClientSecret == "" {
		t.Errorf("the secret lacks its token or client")
	}
	if _, err := finish(ctx(t), m[1]); !errors.Is(err, app.ErrRejected) {
		t.Errorf("a code used twice: %v, want rejected", err)
	}
}

func TestSignInServerDown(t *testing.T) {
	// Nothing listens there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := "http://" + ln.Addr().String()
	ln.Close()
	_, err = testDialer().SignIn(ctx(t), server, func(string) error { t.Error("opened"); return nil })
	if !errors.Is(err, app.ErrOffline) {
		t.Errorf("error = %v, want offline", err)
	}
}

// fixedPortDialer signs in on one port, keeping its clients in a
// keychain in memory, as a workspace does.
func fixedPortDialer(t *testing.T, keys *keychaintest.Memory) (*mastodon.Dialer, int) {
	t.Helper()
	port, err := loopback.ChoosePort()
	if err != nil {
		t.Fatal(err)
	}
	d := testDialer()
	d.SignInPort = func(context.Context) (int, error) { return port, nil }
	d.Clients = app.NamedSecretsIn(keys)
	return d, port
}

func TestSignInFixedPortReusesTheClient(t *testing.T) {
	fake := mastodontest.Start(t)
	keys := &keychaintest.Memory{}
	d, port := fixedPortDialer(t, keys)
	var clients []string
	for i := range 3 {
		b := &browser{t: t}
		secret, err := d.SignIn(ctx(t), fake.URL(), b.open)
		if err != nil {
			t.Fatalf("sign-in %d: %v", i, err)
		}
		if secret.AccessToken != fake.Token() {
			t.Errorf("sign-in %d: not the account's token", i)
		}
		want := "http://127.0.0.1:" + strconv.Itoa(port) + "/callback"
		if got := b.page.Query().Get("redirect_uri"); got != want {
			t.Errorf("sign-in %d: redirect_uri %q, want %q", i, got, want)
		}
		clients = append(clients, secret.ClientID)
	}
	if n := fake.Registrations(); n != 1 {
		t.Errorf("%d registrations for three sign-ins on one port, want 1", n)
	}
	if clients[0] != clients[1] || clients[1] != clients[2] {
		t.Errorf("the client changed between sign-ins")
	}

	// The server forgets it: the next sign-in registers once again, and
	// keeps the new one.
	fake.ForgetClients()
	b := &browser{t: t}
	secret, err := d.SignIn(ctx(t), fake.URL(), b.open)
	if err != nil {
		t.Fatalf("sign-in after the server forgot the client: %v", err)
	}
	if n := fake.Registrations(); n != 2 || secret.ClientID == clients[0] {
		t.Errorf("after the server forgot: %d registrations, client changed %v", n, secret.ClientID != clients[0])
	}
	if _, err := d.SignIn(ctx(t), fake.URL(), (&browser{t: t}).open); err != nil || fake.Registrations() != 2 {
		t.Errorf("next sign-in: %v, %d registrations", err, fake.Registrations())
	}
	// Another server, another client.
	other := mastodontest.Start(t)
	if _, err := d.SignIn(ctx(t), other.URL(), (&browser{t: t}).open); err != nil || other.Registrations() != 1 {
		t.Errorf("another server: %v, %d registrations", err, other.Registrations())
	}
}

func TestSignInPortTaken(t *testing.T) {
	fake := mastodontest.Start(t)
	d, port := fixedPortDialer(t, &keychaintest.Memory{})
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = d.SignIn(ctx(t), fake.URL(), func(string) error { t.Error("opened the browser"); return nil })
	if !errors.Is(err, loopback.ErrPortTaken) || !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Fatalf("error = %v, want the port taken", err)
	}
	if fake.Registrations() != 0 {
		t.Errorf("registered although the browser could not come back")
	}
	// The code fallback still works.
	if _, _, err := d.BeginCodeSignIn(ctx(t), fake.URL()); err != nil {
		t.Errorf("BeginCodeSignIn: %v", err)
	}
}

func TestForgetClient(t *testing.T) {
	fake := mastodontest.Start(t)
	keys := &keychaintest.Memory{}
	d, port := fixedPortDialer(t, keys)
	if _, err := d.SignIn(ctx(t), fake.URL(), (&browser{t: t}).open); err != nil {
		t.Fatal(err)
	}
	if keys.Len() != 1 {
		t.Fatalf("%d entries after a sign-in", keys.Len())
	}
	if err := mastodon.ForgetClient(ctx(t), app.NamedSecretsIn(keys), fake.URL(), port); err != nil {
		t.Fatal(err)
	}
	if keys.Len() != 0 {
		t.Errorf("%d entries after ForgetClient", keys.Len())
	}
	if err := mastodon.ForgetClient(ctx(t), app.NamedSecretsIn(keys), fake.URL(), port); err != nil {
		t.Errorf("forgetting none: %v", err)
	}
}
