package cli

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/connectors/rss/rsstest"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/connectors/threads/threadstest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/media"
)

// networkEnv is a command-line Env with accounts and publishing, over
// fake servers that speak the networks' APIs.
func networkEnv(t *testing.T) (Env, *keychaintest.Memory) {
	t.Helper()
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	clock := app.SystemClock{}
	env.Clock = clock
	env.Drafts = app.NewDrafts(db, clock)
	files, err := media.Open(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	keys := &keychaintest.Memory{}
	registry := app.NewRegistry(mastodon.NewDialer(), bluesky.NewDialer(), rss.NewDialer(), threads.NewDialer())
	env.Accounts = app.NewAccounts(db, keys, registry, files, clock)
	env.Drafts.UseLimits(env.Accounts) // as main.go wires it
	env.Publishing = app.NewPublishing(db, env.Drafts, env.Accounts, files, clock, time.UTC, nil)
	env.Media = files
	return env, keys
}

func TestAccountsAndPublishDue(t *testing.T) {
	env, keys := networkEnv(t)
	masto := mastodontest.Start(t)
	sky := blueskytest.Start(t)
	feed := rsstest.NewServer().Start(t)
	skyAcc, skySecret := sky.Account()

	env.Stdin = strings.NewReader(masto.Token() + "\n")
	code, out, errOut := runAll(t, env, "account", "add", "mastodon", "--server", masto.URL(), "--token-stdin", "--label", "Boulangerie", "--json")
	if code != ExitOK {
		t.Fatalf("account add mastodon: %d %s", code, errOut)
	}
	var added accountJSON
	if err := json.Unmarshal([]byte(out), &added); err != nil || added.Network != "mastodon" || added.Name != "Boulangerie" || added.State != "connected" {
		t.Fatalf("account add --json: %s (%v)", out, err)
	}
	env.Stdin = strings.NewReader(skySecret.Password + "\n")
	if code, out, errOut := runAll(t, env, "account", "add", "bluesky", "--handle", skyAcc.Handle, "--pds", sky.URL(), "--password-stdin"); code != ExitOK ||
		!strings.Contains(out, "Connected Bluesky account "+skyAcc.Handle) {
		t.Fatalf("account add bluesky: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := runAll(t, env, "account", "add", "rss", "--url", feed.FeedURL()); code != ExitOK {
		t.Fatalf("account add rss: %d %s", code, errOut)
	}
	if keys.Len() != 2 {
		t.Errorf("%d secrets in the keychain, want 2 (a feed has none)", keys.Len())
	}
	code, out, _ = runAll(t, env, "account", "list", "--json")
	var list []accountJSON
	if err := json.Unmarshal([]byte(out), &list); code != ExitOK || err != nil || len(list) != 3 {
		t.Fatalf("account list: %d %s", code, out)
	}
	if strings.Contains(out, masto.Token()) || strings.Contains(out, skySecret.Password) {
		t.Fatal("account list shows a secret")
	}
	if code, out, _ := runAll(t, env, "account", "list"); code != ExitOK || !strings.Contains(out, "Boulangerie") || !strings.Contains(out, "connected") {
		t.Errorf("account list: %q", out)
	}

	// A post with an image to both, due a minute ago.
	img := filepath.Join(env.WorkDir, "affiche.png")
	writeFile(t, img, string(conformance.PNG()))
	at := time.Now().Add(-time.Minute).Format(time.RFC3339)
	code, out, errOut = runAll(t, env, "draft", "add", "--text", "Fournée du samedi #pain", "--account", added.ID, "--account", skyAcc.Handle,
		"--image", "affiche.png", "--alt", "Une affiche", "--language", "fr", "--at", at, "--status", "scheduled", "--json")
	if code != ExitOK {
		t.Fatalf("draft add: %d %s", code, errOut)
	}
	if code, _, errOut := runAll(t, env, "draft", "add", "--text", "x", "--account", feed.FeedURL()); code != ExitError || !strings.Contains(errOut, "no connected account") && !strings.Contains(errOut, "feed") {
		t.Errorf("a feed as a target: %d %s", code, errOut)
	}

	code, out, errOut = runAll(t, env, "publish", "--due", "--json")
	var results []resultJSON
	if err := json.Unmarshal([]byte(out), &results); code != ExitOK || err != nil || len(results) != 2 {
		t.Fatalf("publish --due: %d %s %s", code, out, errOut)
	}
	for _, r := range results {
		if r.State != "sent" || r.URL == "" {
			t.Errorf("result %+v", r)
		}
	}
	if n, m := len(masto.Posts()), len(sky.Posts()); n != 1 || m != 1 {
		t.Fatalf("posts: mastodon %d, bluesky %d", n, m)
	}
	if p := masto.Posts()[0]; p.Text != "Fournée du samedi #pain" || len(p.Alts) != 1 || p.Alts[0] != "Une affiche" || p.Language != "fr" {
		t.Errorf("mastodon post %+v", p)
	}
	if p := sky.Posts()[0]; len(p.Alts) != 1 || p.Language != "fr" {
		t.Errorf("bluesky post %+v", p)
	}
	if code, out, _ := runAll(t, env, "publish", "--due"); code != ExitOK || strings.TrimSpace(out) != "Nothing is due." {
		t.Errorf("publish --due again: %d %q", code, out)
	}

	// A refusal: exit 1, the server's words.
	masto.FailNext(conformance.OpPublish, conformance.Failure{Status: 422, Message: "Validation failed: Text character limit of 500 exceeded"})
	runAll(t, env, "draft", "add", "--text", "Trop long", "--account", added.ID, "--at", at, "--status", "scheduled")
	code, out, errOut = runAll(t, env, "publish", "--due")
	if code != ExitError || !strings.Contains(out, "Mastodon refused: Validation failed") || !strings.Contains(errOut, "1 post(s) did not go out") {
		t.Errorf("a refused post: %d %q %q", code, out, errOut)
	}

	if code, out, _ := runAll(t, env, "account", "remove", added.ID); code != ExitOK || !strings.Contains(out, "deleted from the keychain") {
		t.Fatalf("account remove: %d %q", code, out)
	}
	id, _ := app.ParseID(added.ID)
	if _, err := keys.Secret(context.Background(), id); !errors.Is(err, app.ErrNoSecret) {
		t.Errorf("the secret outlived its account: %v", err)
	}
}

// TestThreadsEndToEnd: a Threads account connected with a long-lived
// token, a post scheduled for it, published once (and not again), the
// token never shown; a bad token is refused with "sign in again".
func TestThreadsEndToEnd(t *testing.T) {
	env, keys := networkEnv(t)
	fake := threadstest.Start(t)
	_, secret := fake.Account()

	env.Stdin = strings.NewReader("not-the-token\n")
	if code, _, errOut := runAll(t, env, "account", "add", "threads", "--api", fake.URL(), "--token-stdin"); code != ExitError || !strings.Contains(errOut, "reconnect") || strings.Contains(errOut, "not-the-token") {
		t.Errorf("account add threads with a bad token: %d %q", code, errOut)
	}
	env.Stdin = strings.NewReader(secret.AccessToken + "\n")
	code, out, errOut := runAll(t, env, "account", "add", "threads", "--api", fake.URL(), "--token-stdin", "--json")
	var added accountJSON
	if err := json.Unmarshal([]byte(out), &added); code != ExitOK || err != nil || added.Network != "threads" || added.Handle != threadstest.Username || added.State != "connected" {
		t.Fatalf("account add threads: %d %s %s", code, out, errOut)
	}
	if keys.Len() != 1 || strings.Contains(out, secret.AccessToken) {
		t.Errorf("%d secrets in the keychain (want 1), or the output shows the token", keys.Len())
	}
	if code, out, _ := runAll(t, env, "account", "test", added.ID); code != ExitOK || !strings.Contains(out, "Threads") {
		t.Errorf("account test: %d %q", code, out)
	}

	at := time.Now().Add(-time.Minute).Format(time.RFC3339)
	if code, _, errOut := runAll(t, env, "draft", "add", "--text", "Fournée du dimanche 🥐", "--network", "threads", "--at", at, "--status", "scheduled"); code != ExitOK {
		t.Fatalf("draft add --network threads: %d %s", code, errOut)
	}
	code, out, errOut = runAll(t, env, "publish", "--due", "--json")
	var results []resultJSON
	if err := json.Unmarshal([]byte(out), &results); code != ExitOK || err != nil || len(results) != 1 || results[0].State != "sent" || results[0].URL == "" {
		t.Fatalf("publish --due: %d %s %s", code, out, errOut)
	}
	if posts := fake.Posts(); len(posts) != 1 || posts[0].Text != "Fournée du dimanche 🥐" {
		t.Fatalf("posts on the fake: %+v", posts)
	}
	if code, out, _ := runAll(t, env, "publish", "--due"); code != ExitOK || strings.TrimSpace(out) != "Nothing is due." || len(fake.Posts()) != 1 {
		t.Errorf("publish --due again: %d %q, %d posts", code, out, len(fake.Posts()))
	}
	// Over Threads' 500: refused when scheduled, before any request.
	long := strings.Repeat("é", 501)
	if code, _, _ := runAll(t, env, "draft", "add", "--text", long, "--network", "threads", "--at", at, "--status", "scheduled"); code == ExitOK {
		t.Error("a text over 500 characters was scheduled for Threads")
	}
}

func TestAccountAddRefusals(t *testing.T) {
	env, keys := networkEnv(t)
	masto := mastodontest.Start(t)
	env.Stdin = strings.NewReader("not-the-token\n")
	code, _, errOut := runAll(t, env, "account", "add", "mastodon", "--server", masto.URL(), "--token-stdin")
	if code != ExitError || !strings.Contains(errOut, "no longer accepts this account’s sign-in") {
		t.Errorf("a wrong token: %d %q", code, errOut)
	}
	env.Stdin = strings.NewReader("\n")
	if code, _, errOut := runAll(t, env, "account", "add", "mastodon", "--server", masto.URL(), "--token-stdin"); code != ExitError || !strings.Contains(errOut, "Nothing was read") {
		t.Errorf("no token: %d %q", code, errOut)
	}
	env.Stdin = strings.NewReader("tok\n")
	if code, _, errOut := runAll(t, env, "account", "add", "mastodon", "--server", "http://mastodon.example", "--token-stdin"); code != ExitError || !strings.Contains(errOut, "not a server address") {
		t.Errorf("plain http: %d %q", code, errOut)
	}
	if keys.Len() != 0 {
		t.Errorf("refused sign-ins left %d secrets", keys.Len())
	}
	if code, out, _ := runAll(t, env, "account", "list"); code != ExitOK || !strings.Contains(out, "No account is connected") {
		t.Errorf("account list: %q", out)
	}
}

func TestReadSecret(t *testing.T) {
	for in, want := range map[string]string{"tok\n": "tok", "tok\r\nrest": "tok", "tok": "tok", "": "", "  spaced  \n": "  spaced  "} {
		if got, err := ReadSecret(strings.NewReader(in)); err != nil || got != want {
			t.Errorf("ReadSecret(%q) = %q, %v", in, got, err)
		}
	}
	long := strings.Repeat("x", MaxSecretSize+10)
	if got, _ := ReadSecret(strings.NewReader(long)); len(got) > MaxSecretSize {
		t.Errorf("read %d bytes", len(got))
	}
}

func TestFeedWatchWords(t *testing.T) {
	env, _ := networkEnv(t)
	feed := rsstest.NewServer().Start(t)
	code, out, errOut := runAll(t, env, "account", "add", "rss", "--url", feed.FeedURL(), "--watch", "Boulangerie Martin", "--watch", "croissant", "--json")
	var added accountJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &added) != nil || !slices.Equal(added.Watch, []string{"Boulangerie Martin", "croissant"}) {
		t.Fatalf("account add rss --watch: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runAll(t, env, "account", "watch", added.ID, "--word", "pain aux noix"); code != ExitOK ||
		!strings.HasSuffix(out, ": the articles that mention pain aux noix reach the inbox.\n") {
		t.Errorf("account watch: %d %q", code, out)
	}
	if acc, _ := env.Accounts.Get(context.Background(), mustAccountID(t, added.ID)); !slices.Equal(acc.Watch, []string{"pain aux noix"}) {
		t.Errorf("stored %q", acc.Watch)
	}
	if code, out, _ := runAll(t, env, "account", "watch", added.ID); code != ExitOK || !strings.Contains(out, "every article reaches the inbox") {
		t.Errorf("account watch without words: %d %q", code, out)
	}
	// Only feeds have watch words.
	if _, err := Parse([]string{"account", "add", "mastodon", "--server", "m.example", "--token-stdin", "--watch", "x"}); err == nil {
		t.Error("--watch on a Mastodon account parsed")
	}
}

func mustAccountID(t *testing.T, s string) app.ID {
	t.Helper()
	id, err := app.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestAccountAddBlueskyOfItsOwnNetwork: a Bluesky network of one's own,
// as @atproto/dev-env runs it: the PLC directory on this machine (--plc),
// and here its AppView down. The account is found through that
// directory from its DID, and connects all the same.
func TestAccountAddBlueskyOfItsOwnNetwork(t *testing.T) {
	env, keys := networkEnv(t)
	sky := blueskytest.Start(t)
	plc := blueskytest.StartPLC(t, sky)
	sky.SetAppViewDown(true)
	_, secret := sky.Account()
	env.Stdin = strings.NewReader(secret.Password + "\n")
	code, out, errOut := runAll(t, env, "account", "add", "bluesky", "--handle", sky.DID(), "--plc", plc, "--password-stdin", "--json")
	if code != ExitOK {
		t.Fatalf("account add bluesky --plc with the AppView down: %d %s", code, errOut)
	}
	var added accountJSON
	if err := json.Unmarshal([]byte(out), &added); err != nil || added.PLC != plc || added.Server != sky.URL() ||
		added.Handle != blueskytest.DefaultHandle || added.State != "connected" {
		t.Fatalf("account add --json: %s (%v); want the directory kept, the PDS found there, the session's handle", out, err)
	}
	if sky.Calls("plc") != 1 {
		t.Errorf("the directory was asked %d times, want 1", sky.Calls("plc"))
	}
	// Plain http elsewhere than this machine is refused, in plain words.
	env.Stdin = strings.NewReader(secret.Password + "\n")
	code, _, errOut = runAll(t, env, "account", "add", "bluesky", "--handle", sky.DID(), "--plc", "http://plc.example.com", "--password-stdin")
	if code != ExitError || !strings.Contains(errOut, "PLC directory") {
		t.Errorf("--plc in plain http: %d %q", code, errOut)
	}
	if keys.Len() != 1 {
		t.Errorf("%d secrets, want the one account's", keys.Len())
	}
}
