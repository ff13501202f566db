package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/loopback"
	"github.com/relais-app/relais/connectors/meta/metaauth"
	"github.com/relais-app/relais/connectors/meta/metaauth/metaauthtest"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/connectors/threads/threadstest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/media"
)

func TestParseMetaAccountAdd(t *testing.T) {
	cmd, err := Parse([]string{"account", "add", "threads", "--app-id", "1234567890", "--app-secret-stdin", "--api", "http://localhost:8080"})
	if err != nil || cmd.Network != app.MetaThreads.Network() || cmd.AppID != "1234567890" || !cmd.AppSecretStdin || cmd.API != "http://localhost:8080" || !cmd.ReadsStdin() {
		t.Fatalf("Parse: %+v, %v", cmd, err)
	}
	if cmd, err := Parse([]string{"account", "add", "facebook", "--token-stdin", "--page", "101"}); err != nil || cmd.Page != "101" || !cmd.SecretStdin {
		t.Errorf("facebook --page: %+v, %v", cmd, err)
	}
	for _, c := range []struct {
		args []string
		key  string
	}{
		{[]string{"account", "add", "threads", "--app-id", "123456"}, "cli.meta_app_needs_both"},
		{[]string{"account", "add", "threads", "--app-secret-stdin"}, "cli.meta_app_needs_both"},
		{[]string{"account", "add", "instagram", "--app-id", "123456", "--app-secret-stdin", "--token-stdin"}, "cli.meta_one_stdin"},
		{[]string{"account", "add", "threads", "--page", "101"}, "cli.meta_page_facebook_only"},
		{[]string{"account", "add", "facebook", "--ig-user", "1784"}, "cli.meta_ig_user_instagram_only"},
		{[]string{"account", "add", "threads", "--api", "ftp://x"}, "cli.meta_bad_api"},
		{[]string{"account", "add", "mastodon", "--server", "https://m.example", "--token-stdin", "--app-id", "1"}, "cli.meta_flags_only"},
	} {
		_, err := Parse(c.args)
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Key != c.key {
			t.Errorf("Parse(%q): %v, want %s", c.args, err, c.key)
		}
	}
}

// metaEnv is an Env whose workspace signs in on a port of its own, with
// dialers (a Meta network's sign-in over its fake, and a connector that
// says who the account is).
func metaEnv(t *testing.T, dialers ...app.Dialer) (Env, *keychaintest.Memory, int) {
	t.Helper()
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	files, err := media.Open(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	port, err := loopback.ChoosePort()
	if err != nil {
		t.Fatal(err)
	}
	keys := &keychaintest.Memory{}
	env.Accounts = app.NewAccounts(db, keys, app.NewRegistry(dialers...), files, app.SystemClock{})
	env.Accounts.UseSignInPort(func(context.Context) (int, error) { return port, nil })
	return env, keys, port
}

func TestMetaAccountAddKeepsTheAppWithoutAConnector(t *testing.T) {
	env, keys, port := metaEnv(t)
	secret := strings.ToUpper(metaauthtest.AppSecret) // as pasted from the console
	env.Stdin = strings.NewReader(secret + "\n")
	code, out, errOut := runAll(t, env, "account", "add", "instagram", "--app-id", metaauthtest.AppID, "--app-secret-stdin")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	for _, want := range []string{"The Instagram app " + metaauthtest.AppID + " is saved in the system keychain.",
		"Redirect URI to register in the app: https://127.0.0.1:" + itoa(port) + "/callback",
		"Signing in to Instagram comes with its connector"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(strings.ToLower(out+errOut), metaauthtest.AppSecret) {
		t.Error("the output shows the app secret")
	}
	a, err := env.Accounts.MetaApps().App(context.Background(), app.MetaInstagram)
	if err != nil || a.Secret != metaauthtest.AppSecret || keys.Len() != 1 {
		t.Errorf("the keychain holds %d entries, app %v (%v)", keys.Len(), a, err)
	}
	// A bad secret is refused, and not echoed.
	env.Stdin = strings.NewReader("oops-not-it\n")
	code, _, errOut = runAll(t, env, "account", "add", "threads", "--app-id", metaauthtest.AppID, "--app-secret-stdin")
	if code != ExitError || !strings.Contains(errOut, "An app secret is 32 characters") || strings.Contains(errOut, "oops-not-it") {
		t.Errorf("bad secret: %d %q", code, errOut)
	}
}

// metaDialer is a Meta network's dialer as its connector will be: the
// sign-in of metaauth, and a connector that tells the account.
type metaDialer struct {
	*metaauth.BrowserSignIn
	fake *metaauthtest.Server
}

func (d *metaDialer) Network() app.Network { return d.Product.Network() }
func (d *metaDialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	return &metaConn{d: d, acc: acc, creds: creds}, nil
}

type metaConn struct {
	d     *metaDialer
	acc   app.Account
	creds app.Credentials
}

func (c *metaConn) Limits() app.Limits { return app.Limits{} }
func (c *metaConn) Profile(ctx context.Context) (app.Profile, error) {
	s, err := c.creds.Secret(ctx)
	if err != nil {
		return app.Profile{}, err
	}
	if ok, _ := c.d.fake.Valid(s.AccessToken); !ok {
		return app.Profile{}, &app.NetError{Network: c.d.Network(), Kind: app.FailAuth, Status: 400}
	}
	return app.Profile{RemoteID: "page-" + c.acc.RemoteID, Handle: "Boulangerie Martin", SignInExpiry: s.Expiry}, nil
}

// browserWriter plays the system browser on the sign-in page Relais
// writes out.
type browserWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	done bool
}

var pageRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+/v21\.0/dialog/oauth\?\S+`)

func (w *browserWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if page := pageRE.FindString(w.buf.String()); page != "" && !w.done {
		w.done = true
		go func() {
			back, err := metaauthtest.Follow(page)
			if err != nil {
				return
			}
			if resp, err := http.Get(back); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	return len(p), nil
}

func TestMetaAccountAddFacebookThroughTheBrowser(t *testing.T) {
	d := &metaDialer{BrowserSignIn: &metaauth.BrowserSignIn{Product: app.MetaFacebook}}
	env, keys, port := metaEnv(t, d)
	fake := metaauthtest.Start(t, app.MetaFacebook, app.MetaFacebook.RedirectURI(port))
	d.fake, d.Apps, d.Now = fake, env.Accounts.MetaApps(), fake.Now
	browser := &browserWriter{}
	var out bytes.Buffer
	env.Stdout, env.Stderr = &out, browser
	env.Stdin = strings.NewReader(metaauthtest.AppSecret + "\n")
	code := run(t, env, "account", "add", "facebook", "--app-id", metaauthtest.AppID, "--app-secret-stdin", "--api", fake.URL, "--page", "101")
	if code != ExitOK {
		t.Fatalf("%d %s", code, browser.buf.String())
	}
	if !strings.Contains(out.String(), "Connected Facebook account Boulangerie Martin") {
		t.Errorf("output: %s", out.String())
	}
	out.Reset()
	if code := run(t, env, "account", "list", "--json"); code != ExitOK || !strings.Contains(out.String(), `"signin_expiry": "2027-02-05T09:00:00Z"`) {
		t.Errorf("account list --json: %s", out.String())
	}
	list, _ := env.Accounts.List(context.Background())
	if len(list) != 1 || list[0].RemoteID != "page-101" || list[0].SignInExpiry.IsZero() {
		t.Fatalf("accounts: %+v", list)
	}
	s, err := keys.Secret(context.Background(), list[0].ID)
	if ok, long := fake.Valid(s.AccessToken); err != nil || !ok || !long || s.ClientSecret != metaauthtest.AppSecret {
		t.Errorf("the account's secret: valid %v long %v (%v)", ok, long, err)
	}
	if strings.Contains(out.String()+browser.buf.String(), s.AccessToken) || strings.Contains(out.String()+browser.buf.String(), metaauthtest.AppSecret) {
		t.Error("the output shows a secret")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// pasteBrowser plays the system browser and the user for a sign-in whose
// browser cannot come back (Threads, Instagram): once Relais writes the
// page, it allows Relais there and pastes the address the browser ends
// on into Relais's standard input.
type pasteBrowser struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	done  bool
	paste *io.PipeWriter
	// mangle changes the address before it is pasted.
	mangle func(string) string
}

var authorizeRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/authorize\?\S+`)

func (b *pasteBrowser) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if page := authorizeRE.FindString(b.buf.String()); page != "" && !b.done {
		b.done = true
		go func() {
			back, err := metaauthtest.Follow(page)
			if err != nil {
				b.paste.CloseWithError(err)
				return
			}
			if b.mangle != nil {
				back = b.mangle(back)
			}
			io.WriteString(b.paste, back+"\n")
			b.paste.Close()
		}()
	}
	return len(p), nil
}

func (b *pasteBrowser) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// threadsWorld is Meta's sign-in and the Threads API at one address, as
// graph.threads.net serves both; the API accepts the tokens the sign-in
// issued.
func threadsWorld(t *testing.T, port int) (*metaauthtest.Server, string) {
	t.Helper()
	auth := metaauthtest.Start(t, app.MetaThreads, app.MetaThreads.RedirectURI(port))
	api := threadstest.NewServer()
	api.SetClock(auth.Now)
	api.Accept = func(tok string) bool {
		ok, long := auth.Valid(tok)
		return ok && long
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/oauth/authorize", "/oauth/access_token", "/access_token", "/refresh_access_token"} {
		mux.Handle(p, auth.Config.Handler)
	}
	mux.Handle("/", api.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return auth, srv.URL
}

func TestMetaAccountAddThreadsByThePastedAddress(t *testing.T) {
	d := threads.NewDialer()
	env, keys, port := metaEnv(t, d)
	d.Apps = env.Accounts.MetaApps()
	auth, base := threadsWorld(t, port)
	d.Now = auth.Now

	// Standard input ends with the app secret: the app is kept, to sign
	// in later.
	env.Stdin = strings.NewReader(metaauthtest.AppSecret + "\n")
	code, out0, _ := runAll(t, env, "account", "add", "threads", "--app-id", metaauthtest.AppID, "--app-secret-stdin", "--api", base)
	if list, _ := env.Accounts.List(context.Background()); code != ExitOK || !strings.Contains(out0, "Nothing was pasted: the Threads app is kept") || len(list) != 0 {
		t.Fatalf("the app alone: %d %s", code, out0)
	}

	// The address mangled on its way: said plainly, nothing kept.
	in, paste := io.Pipe()
	browser := &pasteBrowser{paste: paste, mangle: func(s string) string { return strings.Replace(s, "state=", "state=x", 1) }}
	var out bytes.Buffer
	env.Stdout, env.Stderr = &out, browser
	env.Stdin = io.MultiReader(strings.NewReader(metaauthtest.AppSecret+"\n"), in)
	code = run(t, env, "account", "add", "threads", "--app-id", metaauthtest.AppID, "--app-secret-stdin", "--api", base)
	if code != ExitError || !strings.Contains(browser.String(), "the browser came back from another sign-in") {
		t.Fatalf("a wrong paste: %d\n%s", code, browser.String())
	}
	if list, _ := env.Accounts.List(context.Background()); len(list) != 0 {
		t.Fatalf("a wrong paste connected %+v", list)
	}

	in, paste = io.Pipe()
	browser = &pasteBrowser{paste: paste}
	out.Reset()
	env.Stdout, env.Stderr = &out, browser
	env.Stdin = io.MultiReader(strings.NewReader(metaauthtest.AppSecret+"\n"), in)
	code = run(t, env, "account", "add", "threads", "--app-id", metaauthtest.AppID, "--app-secret-stdin", "--api", base)
	if code != ExitOK {
		t.Fatalf("%d\n%s\n%s", code, out.String(), browser.String())
	}
	for _, want := range []string{"Redirect URI to register in the app: https://127.0.0.1:" + itoa(port) + "/callback",
		"Connected Threads account " + threadstest.Username} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	list, _ := env.Accounts.List(context.Background())
	if len(list) != 1 || list[0].Server != base || !list[0].SignInExpiry.Equal(auth.Now().Add(60*24*time.Hour)) {
		t.Fatalf("accounts: %+v", list)
	}
	s, err := keys.Secret(context.Background(), list[0].ID)
	if ok, long := auth.Valid(s.AccessToken); err != nil || !ok || !long || s.ClientID != metaauthtest.AppID || s.ClientSecret != metaauthtest.AppSecret {
		t.Errorf("the account's secret: valid %v long %v (%v)", ok, long, err)
	}
	if all := out.String() + browser.String(); strings.Contains(all, s.AccessToken) || strings.Contains(all, metaauthtest.AppSecret) {
		t.Error("the output shows a secret")
	}
}

// A sign-in whose address is pasted later reads the app's secret and not
// a byte more: the rest of standard input is the paste's, for main to
// hand on (through a real binary, the paste used to be lost).
func TestPastedSignInReadsTheSecretLineOnly(t *testing.T) {
	for _, args := range [][]string{
		{"account", "add", "threads", "--app-id", "1234567890", "--app-secret-stdin"},
		{"account", "add", "instagram", "--app-id", "1234567890", "--app-secret-stdin"},
	} {
		cmd, err := Parse(args)
		if err != nil || !cmd.PastesSignIn() || !cmd.ReadsStdin() {
			t.Fatalf("%v: %+v %v", args, cmd, err)
		}
		in := strings.NewReader("secret\r\nhttps://127.0.0.1:1/callback?code=x\n")
		got, err := cmd.ReadInput(in)
		rest, _ := io.ReadAll(in)
		if err != nil || got != "secret" || string(rest) != "https://127.0.0.1:1/callback?code=x\n" {
			t.Errorf("%v: read %q (%v), left %q", args, got, err, rest)
		}
	}
	for _, args := range [][]string{
		{"account", "add", "facebook", "--app-id", "1234567890", "--app-secret-stdin"},
		{"account", "add", "threads", "--token-stdin"},
		{"account", "add", "mastodon", "--server", "https://m.example", "--token-stdin"},
	} {
		if cmd, err := Parse(args); err != nil || cmd.PastesSignIn() {
			t.Errorf("%v pastes a sign-in: %v", args, err)
		}
	}
}
