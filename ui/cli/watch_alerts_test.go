package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/ui/i18n"
)

func TestWatchStartersSpikesAndAlerts(t *testing.T) {
	e := newInboxEnv(t, app.LanguageEnglish)
	e.Monitor = monitor.NewService(e.db, e.Accounts, nil, e.Clock)
	e.Monitor.UseSettings(e.db)
	ctx := context.Background()

	// Starters: the brand's handles, searched through both accounts.
	code, out, errOut := runAll(t, e.Env, "watch", "starters")
	if code != ExitOK || !strings.Contains(out, "@relais@masto.example OR @relais.bsky.social") ||
		!strings.Contains(out, "bluesky:") || !strings.Contains(out, "mastodon:") || !strings.Contains(out, "relais watch starters --add") {
		t.Fatalf("watch starters: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runAll(t, e.Env, "watch", "starters", "--add", "--json")
	var added []struct {
		ID, Name, Kind, Query string
		Notify                bool
		Sources               []struct{ Kind, Account string }
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &added) != nil || len(added) != 1 || added[0].ID == "" ||
		added[0].Kind != "brand" || !added[0].Notify || len(added[0].Sources) != 2 {
		t.Fatalf("watch starters --add: %d %s %s", code, out, errOut)
	}
	if code, out, _ = runAll(t, e.Env, "watch", "starters"); code != ExitOK || !strings.Contains(out, "No starter watch to propose") {
		t.Errorf("once added: %d %q", code, out)
	}
	brand, _ := app.ParseID(added[0].ID)

	// Two quiet weeks, three items an hour, then a burst of negative
	// mentions in the last hour.
	now := e.Clock.Now()
	var items []monitor.Item
	n := 0
	item := func(at time.Time, s monitor.Sentiment) monitor.Item {
		n++
		return monitor.Item{ID: app.NewID(at), Watches: []app.ID{brand}, FoundAt: at, Sentiment: s,
			Found: monitor.Found{URI: fmt.Sprintf("at://x/%d", n), Source: monitor.SourceBluesky, Text: "relais", Published: at,
				Author: app.Author{Handle: "ana.bsky.social"}}}
	}
	last := now.Truncate(time.Hour).Add(-time.Hour)
	for h := last.Add(-14 * 24 * time.Hour); h.Before(last); h = h.Add(time.Hour) {
		for _, m := range []int{5, 25, 45} {
			items = append(items, item(h.Add(time.Duration(m)*time.Minute), monitor.SentimentNeutral))
		}
	}
	for i := range 20 {
		items = append(items, item(last.Add(time.Duration(2*i+1)*time.Minute), monitor.SentimentNegative))
	}
	if _, err := e.db.MergeItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runAll(t, e.Env, "watch", "spikes", "--json")
	var spikes []struct {
		Watch, WatchName string
		Hour             time.Time
		Count, Negative  int
		NegativePercent  int `json:"negative_percent"`
		Expected         float64
		Reasons          []string
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &spikes) != nil || len(spikes) != 1 {
		t.Fatalf("watch spikes --json: %d %s %s", code, out, errOut)
	}
	if s := spikes[0]; s.Watch != added[0].ID || !s.Hour.Equal(last) || s.Count != 20 || s.Negative != 20 || s.NegativePercent != 100 ||
		s.Expected < 2 || s.Expected > 4 || strings.Join(s.Reasons, ",") != "volume,negative_share" {
		t.Errorf("spike %+v", s)
	}
	if code, out, _ = runAll(t, e.Env, "watch", "spikes", "--watch", added[0].ID); code != ExitOK ||
		!strings.Contains(out, "20 items (about 3 expected), 100% negative") || !strings.Contains(out, "volume, negative share") {
		t.Errorf("watch spikes: %d %q", code, out)
	}
	// The items' tone, in the user's language.
	if code, out, _ = runAll(t, e.Env, "watch", "items", "--limit", "1"); code != ExitOK || !strings.Contains(out, "  negative  ") {
		t.Errorf("watch items: %d %q", code, out)
	}
	fr := e.Env
	fr.Tr = i18n.New(app.LanguageFrench)
	if code, out, _ = runAll(t, fr, "watch", "items", "--limit", "1"); code != ExitOK || !strings.Contains(out, "  négatif  ") {
		t.Errorf("watch items in French: %d %q", code, out)
	}
	if code, out, _ = runAll(t, fr, "watch", "spikes"); code != ExitOK || !strings.Contains(out, "20 éléments (environ 3 attendus), 100\u202f% négatifs") {
		t.Errorf("watch spikes in French: %d %q", code, out)
	}

	// Alerts keep the quiet hours, unless told otherwise.
	if code, out, _ = runAll(t, e.Env, "watch", "alerts"); code != ExitOK || !strings.Contains(out, "keep the quiet hours") {
		t.Errorf("watch alerts: %d %q", code, out)
	}
	if code, out, _ = runAll(t, e.Env, "watch", "alerts", "--quiet-hours-too", "on"); code != ExitOK || !strings.Contains(out, "break through") {
		t.Errorf("watch alerts on: %d %q", code, out)
	}
	if on, err := monitor.SpikesBreakQuiet(ctx, e.db); err != nil || !on {
		t.Errorf("the setting: %v, %v", on, err)
	}
	if code, out, _ = runAll(t, e.Env, "watch", "alerts", "--quiet-hours-too", "off", "--json"); code != ExitOK || !strings.Contains(out, `"quiet_hours_too": false`) {
		t.Errorf("watch alerts off: %d %q", code, out)
	}
	if _, err := Parse([]string{"watch", "alerts", "--quiet-hours-too", "maybe"}); err == nil {
		t.Error("--quiet-hours-too maybe was taken")
	}
}
