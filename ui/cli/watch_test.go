package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/connectors/rss/rsstest"
)

func TestWatchEndToEndWithAFeed(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	env.Monitor = monitor.NewService(db, nil, rss.Watcher{}, env.Clock)
	feed := rsstest.NewServer().Start(t)
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	feed.Add(rsstest.Entry{GUID: "1", Title: "Autre chose", Link: feed.URL() + "/1", HTML: "<p>rien</p>", Published: at})
	feed.Add(rsstest.Entry{GUID: "2", Title: "Lumen recrute", Link: feed.URL() + "/2", HTML: "<p>offre</p>", Published: at.Add(time.Hour)})
	feed.Add(rsstest.Entry{GUID: "3", Title: "L'été chez Maison Lumen", Link: feed.URL() + "/3", HTML: "<p>Une <b>belle</b> saison</p>", Published: at.Add(2 * time.Hour)})

	code, out, errOut := runAll(t, env, "watch", "add", "Maison Lumen", "--query", `"maison lumen" OR lumen -recrute`,
		"--source", "feed:"+feed.FeedURL(), "--kind", "brand", "--notify", "--json")
	if code != ExitOK {
		t.Fatalf("watch add: %d %s", code, errOut)
	}
	var brand struct {
		ID, Name, Kind, Query, Description string
		Notify                             bool
	}
	if err := json.Unmarshal([]byte(out), &brand); err != nil || brand.Kind != "brand" || !brand.Notify ||
		!strings.Contains(brand.Description, `the phrase “maison lumen” or the word “lumen” and without the word “recrute”`) {
		t.Fatalf("watch add: %s (%v)", out, err)
	}
	if code, out, errOut = runAll(t, env, "watch", "add", "Été", "--query", "ete", "--source", "feed:"+feed.FeedURL()); code != ExitOK ||
		!strings.Contains(out, "the word “ete”") {
		t.Fatalf("second watch: %d %s %s", code, out, errOut)
	}

	code, out, errOut = runAll(t, env, "watch", "run")
	if code != ExitOK || !strings.Contains(out, "1 found, 1 new") || !strings.Contains(errOut, "Reading sources: 1/1") {
		t.Fatalf("watch run: %d %q %q", code, out, errOut)
	}
	// The feed shared by both watches was read once, and the next read
	// is conditional and brings nothing new.
	if n := len(feed.Requests()); n != 1 {
		t.Errorf("%d requests to the feed", n)
	}
	if code, out, _ = runAll(t, env, "watch", "run", "--json"); code != ExitOK || !strings.Contains(out, `"new": 0`) {
		t.Fatalf("second run: %d %s", code, out)
	}
	reqs := feed.Requests()
	if last := reqs[len(reqs)-1]; last.IfNoneMatch == "" {
		t.Errorf("the second read was not conditional: %+v", last)
	}

	code, out, errOut = runAll(t, env, "watch", "items", "--json")
	if code != ExitOK {
		t.Fatalf("watch items: %d %s", code, errOut)
	}
	var items []struct {
		URI, Title, Text, Source string
		Watches                  []string
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].URI != feed.URL()+"/3" || items[0].Text != "Une belle saison" || len(items[0].Watches) != 2 || items[0].Source != "feed" {
		t.Fatalf("items: %s", out)
	}
	if code, out, _ = runAll(t, env, "watch", "items", "--watch", "Maison Lumen", "--since", "2026-11-20", "--limit", "5"); code != ExitOK ||
		!strings.Contains(out, "L'été chez Maison Lumen — Une belle saison") {
		t.Errorf("items of a watch: %d %s", code, out)
	}
	if code, out, _ = runAll(t, env, "watch", "items", "--sentiment", "negative"); code != ExitOK || !strings.Contains(out, "Nothing found yet.") {
		t.Errorf("negative items: %d %s", code, out)
	}

	if code, out, _ = runAll(t, env, "watch", "list"); code != ExitOK || !strings.Contains(out, "Maison Lumen") || !strings.Contains(out, "feed:"+feed.FeedURL()) {
		t.Errorf("watch list: %s", out)
	}
	if code, _, errOut = runAll(t, env, "watch", "remove", "Été"); code != ExitOK {
		t.Errorf("watch remove: %s", errOut)
	}
	if code, out, _ = runAll(t, env, "watch", "items", "--json"); !strings.Contains(out, brand.ID) || strings.Count(out, `"watches"`) != 1 {
		t.Errorf("after removing a watch: %s", out)
	}
}

func TestWatchAddRefusesABadQuery(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageFrench)
	env.Monitor = monitor.NewService(db, nil, rss.Watcher{}, env.Clock)
	code, _, errOut := runAll(t, env, "watch", "add", "x", "--query", `"maison lumen`, "--source", "feed:https://example.org/feed")
	if code != ExitError || !strings.Contains(errOut, "au caractère 14") || !strings.Contains(errOut, "guillemet fermant") {
		t.Errorf("%d %q", code, errOut)
	}
	code, _, errOut = runAll(t, env, "watch", "add", "x", "--query", "lumen", "--source", "bluesky")
	if code != ExitError || errOut == "" {
		t.Errorf("bluesky without an account: %d %q", code, errOut)
	}
}

func TestParseWatch(t *testing.T) {
	for _, args := range [][]string{
		{"watch"}, {"watch", "add", "--query", "x", "--source", "bluesky"}, {"watch", "add", "n", "--source", "bluesky"},
		{"watch", "add", "n", "--query", "x"}, {"watch", "add", "n", "--query", "x", "--source", "bluesky", "--kind", "friend"},
		{"watch", "remove"}, {"watch", "items", "--sentiment", "angry"}, {"watch", "fly"},
	} {
		if _, err := Parse(args); err == nil {
			t.Errorf("Parse(%q) is accepted", args)
		}
	}
	cmd, err := Parse([]string{"watch", "add", "Lumen", "--query", "#lumen", "--source", "bluesky", "--source", "feed:https://x/feed", "--kind", "competitor"})
	if err != nil || cmd.Action != ActionWatchAdd || cmd.Name != "Lumen" || len(cmd.WatchArgs.Sources) != 2 || cmd.WatchArgs.Kind != "competitor" {
		t.Errorf("%+v %v", cmd, err)
	}
}
