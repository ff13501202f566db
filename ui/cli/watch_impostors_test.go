package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/ui/i18n"
)

// actorSearch is a Bluesky account search over a list, as searchActors
// answers.
type actorSearch struct{ accounts []monitor.Account }

func (a *actorSearch) Limits() app.Limits                           { return app.Limits{} }
func (a *actorSearch) Profile(context.Context) (app.Profile, error) { return app.Profile{}, nil }
func (a *actorSearch) SearchAccounts(context.Context, string, int) ([]monitor.Account, error) {
	return a.accounts, nil
}
func (a *actorSearch) LookupAccount(context.Context, string) (monitor.Account, error) {
	return monitor.Account{}, app.ErrNotFound
}

type oneAccount struct {
	acc  app.Account
	conn app.Connector
}

func (o oneAccount) List(context.Context) ([]app.Account, error) { return []app.Account{o.acc}, nil }
func (o oneAccount) Connector(context.Context, app.ID) (app.Account, app.Connector, error) {
	return o.acc, o.conn, nil
}

func TestWatchImpostorsListAndMark(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	env.Monitor = monitor.NewService(db, nil, rss.Watcher{}, env.Clock)
	own := app.Account{ID: app.NewID(at), Network: app.Bluesky, Handle: "maison-lumen.bsky.social", DisplayName: "Maison Lumen",
		State: app.AccountConnected}
	search := &actorSearch{accounts: []monitor.Account{
		{Network: app.Bluesky, RemoteID: "did:plc:own", Handle: "maison-lumen.bsky.social", DisplayName: "Maison Lumen"},
		{Network: app.Bluesky, RemoteID: "did:plc:fake1", Handle: "maison-Iumen.bsky.social", DisplayName: "Maison Lumen",
			URL: "https://bsky.app/profile/maison-Iumen.bsky.social"},
	}}
	guard := impostor.NewGuard(db, oneAccount{acc: own, conn: search}, db, env.Clock)
	env.Monitor.UseSidePass(guard)
	env.Impostors = guard

	if code, out, _ := runAll(t, env, "watch", "impostors"); code != ExitOK || !strings.Contains(out, "No account that looks like") {
		t.Fatalf("before any search: %d %s", code, out)
	}
	if code, _, errOut := runAll(t, env, "watch", "run"); code != ExitOK {
		t.Fatalf("watch run: %d %s", code, errOut)
	}
	code, out, errOut := runAll(t, env, "watch", "impostors", "--json")
	if code != ExitOK {
		t.Fatalf("watch impostors: %d %s", code, errOut)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw) != 1 {
		t.Fatalf("impostors: %s (%v)", out, err)
	}
	s := raw[0]
	if s["handle"] != "maison-Iumen.bsky.social" || s["report_page"] != "https://bsky.app/profile/did:plc:fake1" || s["level"] != "strong" {
		t.Errorf("the suspect: %v", s)
	}
	reasons, _ := s["reasons"].([]any)
	if len(reasons) == 0 || !strings.Contains(reasons[0].(string), `“I” (U+0049) → “l” (U+006C)`) {
		t.Errorf("reasons: %v", reasons)
	}
	id := s["id"].(string)
	if code, out, errOut = runAll(t, env, "watch", "impostor", "mark", id[len(id)-6:], "reported"); code != ExitOK ||
		!strings.Contains(out, "@maison-Iumen.bsky.social is now marked reported.") {
		t.Fatalf("mark: %d %q %q", code, out, errOut)
	}
	env.Tr = i18n.New(app.LanguageFrench)
	code, out, _ = runAll(t, env, "watch", "impostors")
	for _, want := range []string{"maison-Iumen.bsky.social", "Signalé", "Score 85/100", "https://bsky.app/profile/did:plc:fake1", "Signaler le compte"} {
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("the French list lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut = runAll(t, env, "watch", "impostor", "mark", "nobody", "harmless"); code != ExitError || !strings.Contains(errOut, "nobody") {
		t.Errorf("an unknown suspect: %d %q", code, errOut)
	}
}

func TestWatchAddWithFeedTemplates(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageFrench)
	env.Monitor = monitor.NewService(db, nil, rss.Watcher{}, env.Clock)
	code, out, errOut := runAll(t, env, "watch", "add", "Maison Lumen", "--query", `"Maison Lumen"`,
		"--feed-template", "google-news", "--feed-template", "reddit", "--feed-template", "youtube:UCabcdefghijklmnopqrstuv", "--json")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	var w struct{ Sources []struct{ URL string } }
	if err := json.Unmarshal([]byte(out), &w); err != nil || len(w.Sources) != 3 {
		t.Fatalf("%s %v", out, err)
	}
	for i, want := range []string{"https://news.google.com/rss/search?q=%22Maison+Lumen%22&hl=fr&gl=FR&ceid=FR:fr",
		"https://www.reddit.com/search.rss?q=%22Maison+Lumen%22&sort=new",
		"https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv"} {
		if w.Sources[i].URL != want {
			t.Errorf("source %d: %q, want %q", i, w.Sources[i].URL, want)
		}
	}
	code, _, errOut = runAll(t, env, "watch", "add", "x", "--query", "lumen", "--feed-template", "youtube:https://www.youtube.com/@lumen")
	if code != ExitError || !strings.Contains(errOut, "Copier l’ID de la chaîne") {
		t.Errorf("a channel's @name: %d %q", code, errOut)
	}
	if _, err := Parse([]string{"watch", "add", "x", "--query", "y", "--feed-template", "bing"}); err == nil {
		t.Error("an unknown template is accepted")
	}
	if _, err := Parse([]string{"watch", "impostor", "mark", "ID", "evil"}); err == nil {
		t.Error("an unknown status is accepted")
	}
	if cmd, err := Parse([]string{"watch", "impostor", "mark", "ID", "harmless"}); err != nil || cmd.Action != ActionWatchImpostorMark ||
		cmd.WatchArgs.Suspect != "ID" || cmd.WatchArgs.Status != impostor.StatusHarmless {
		t.Errorf("%+v %v", cmd, err)
	}
}
