package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/media"
)

// TestCompetitorsEndToEnd follows a Bluesky and a Mastodon competitor
// through connected accounts of fake servers, and exports their figures
// beside the brand's.
func TestCompetitorsEndToEnd(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	clock := app.SystemClock{}
	env.Clock = clock
	files, err := media.Open(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	env.Accounts = app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(mastodon.NewDialer(), bluesky.NewDialer()), files, clock)
	env.Competitors = monitor.NewCompetitors(db, env.Accounts, clock, time.UTC)
	env.Analytics = app.NewAnalytics(db, env.Accounts, clock, time.UTC)
	env.Analytics.UseVeille(monitor.Figures{Rivals: env.Competitors})

	if code, _, errOut := runAll(t, env, "competitor", "add", "--network", "bluesky", "rival.example"); code != ExitError ||
		!strings.Contains(errOut, "connect an account of the same network first") {
		t.Errorf("a competitor without a connected account: %d %s", code, errOut)
	}

	sky := blueskytest.Start(t)
	masto := mastodontest.Start(t)
	ctx := context.Background()
	for _, s := range []interface {
		Account() (app.Account, app.Secret)
	}{sky, masto} {
		acc, secret := s.Account()
		if _, err := env.Accounts.Connect(ctx, acc, secret); err != nil {
			t.Fatal(err)
		}
	}
	rival := sky.Handle("rival")
	sky.SetActorFollowers("rival", 1200)
	first := sky.Post("rival", "Notre nouvelle collection", blueskytest.PostOptions{})
	sky.Post("rival", "Soldes d'hiver", blueskytest.PostOptions{})
	sky.Like("fan1", first)
	sky.Like("fan2", first)
	sky.Repost("fan1", first)
	sky.Post("fan3", "Bravo !", blueskytest.PostOptions{ReplyTo: first})
	sky.Post("rival", "Une réponse", blueskytest.PostOptions{ReplyTo: first}) // a reply: not counted as a post
	masto.SetAccountFollowers("atelier", 345)
	status := masto.Post("atelier", "Portes ouvertes samedi", mastodontest.PostOptions{})
	masto.Favourite("fan", status)

	code, out, errOut := runAll(t, env, "competitor", "add", "--network", "bluesky", "@"+rival, "--json")
	if code != ExitOK {
		t.Fatalf("competitor add: %d %s", code, errOut)
	}
	var added competitorJSON
	if err := json.Unmarshal([]byte(out), &added); err != nil || added.Handle != rival || added.Network != "bluesky" ||
		added.Followers == nil || *added.Followers != 1200 || added.LastError != "" {
		t.Fatalf("competitor add --json: %s (%v)", out, err)
	}
	if code, out, errOut = runAll(t, env, "competitor", "add", "--network", "mastodon", "atelier"); code != ExitOK ||
		!strings.Contains(out, "345 followers") {
		t.Fatalf("competitor add mastodon: %d %q %s", code, out, errOut)
	}
	if code, _, errOut = runAll(t, env, "competitor", "add", "--network", "bluesky", rival); code != ExitError ||
		!strings.Contains(errOut, "followed already") {
		t.Errorf("added twice: %d %s", code, errOut)
	}
	if code, _, errOut = runAll(t, env, "competitor", "add", "--network", "bluesky", "nobody.bsky.social"); code != ExitError ||
		!strings.Contains(errOut, "Bluesky does not have it") {
		t.Errorf("an account that does not exist: %d %s", code, errOut)
	}

	code, out, _ = runAll(t, env, "competitor", "list", "--json")
	var list []competitorJSON
	if err := json.Unmarshal([]byte(out), &list); code != ExitOK || err != nil || len(list) != 2 || list[1].Handle != "atelier@"+hostOf(masto.URL()) {
		t.Fatalf("competitor list: %d %s", code, out)
	}
	if code, out, _ = runAll(t, env, "competitor", "list"); code != ExitOK || !strings.Contains(out, rival) || !strings.Contains(out, "1,200 followers") {
		t.Errorf("competitor list: %q", out)
	}

	// Their figures, read again, in the CSV export beside the brand's
	// own accounts.
	sky.Like("fan3", first)
	if code, out, errOut = runAll(t, env, "competitor", "run"); code != ExitOK || !strings.Contains(out, rival+": 1200 followers, 2 posts") {
		t.Fatalf("competitor run: %d %q %s", code, out, errOut)
	}
	dir := t.TempDir() + "/"
	if code, _, errOut = runAll(t, env, "export", "csv", "--out", dir); code != ExitOK {
		t.Fatalf("export csv: %d %s", code, errOut)
	}
	rows := readCSV(t, filepath.Join(dir, "competitors.csv"))
	byHandle := map[string][]string{}
	for _, r := range rows[1:] {
		byHandle[r[1]] = r
	}
	// network account name own followers growth posts per_week likes reposts replies engagement per_post error
	if r := byHandle[rival]; len(rows) != 5 || r == nil || r[3] != "false" || r[4] != "1200" || r[6] != "2" || r[8] != "3" || r[9] != "1" ||
		r[10] != "2" || r[11] != "6" || r[12] != "3.00" {
		t.Errorf("competitors.csv: %q", rows)
	}
	if r := byHandle[list[1].Handle]; r == nil || r[4] != "345" || r[6] != "1" || r[8] != "1" {
		t.Errorf("the Mastodon competitor: %q", r)
	}
	if own := rows[1]; own[3] != "true" {
		t.Errorf("the brand's own accounts come first: %q", rows)
	}

	if code, out, _ = runAll(t, env, "competitor", "remove", rival); code != ExitOK || !strings.Contains(out, rival) {
		t.Errorf("competitor remove: %d %s", code, out)
	}
	if code, _, errOut = runAll(t, env, "competitor", "remove", rival); code != ExitError || !strings.Contains(errOut, rival) {
		t.Errorf("removed twice: %d %s", code, errOut)
	}
	if code, out, _ = runAll(t, env, "competitor", "list", "--json"); code != ExitOK || strings.Contains(out, rival) {
		t.Errorf("after remove: %s", out)
	}
}

// hostOf is the host of an address, as a Mastodon handle's domain.
func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	host, _, _ := strings.Cut(u, "/")
	return host
}

func TestParseCompetitor(t *testing.T) {
	for _, c := range []struct {
		args string
		ok   bool
	}{
		{"competitor add --network bluesky a.bsky.social", true},
		{"competitor add --network mastodon @a@b.example", true},
		{"competitor add --network threads a", false},
		{"competitor add --network bluesky", false},
		{"competitor list", true},
		{"competitor remove", false},
		{"competitor remove abc", true},
		{"competitor", false},
		{"competitor nope", false},
	} {
		cmd, err := Parse(strings.Fields(c.args))
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.args, err)
		}
		if c.ok && strings.HasPrefix(c.args, "competitor add") && strings.HasPrefix(cmd.Name, "@") {
			t.Errorf("%s: handle %q keeps its @", c.args, cmd.Name)
		}
	}
}
