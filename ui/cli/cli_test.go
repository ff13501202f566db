package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/i18n"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		args []string
		want Command
	}{
		// The window.
		{nil, Command{Action: ActionWindow}},
		{[]string{}, Command{Action: ActionWindow}},
		{[]string{"--view", "inbox", "--data", "/d", "--lang", "fr"}, Command{Action: ActionWindow, View: "inbox", DataDir: "/d", Lang: app.LanguageFrench}},
		{[]string{"--view=calendar"}, Command{Action: ActionWindow, View: "calendar"}},
		{[]string{"-data", "/d", "--lang", "en"}, Command{Action: ActionWindow, DataDir: "/d", Lang: app.LanguageEnglish}},
		// Help and version, which win over the rest.
		{[]string{"--help"}, Command{Action: ActionHelp}},
		{[]string{"-h"}, Command{Action: ActionHelp}},
		{[]string{"help"}, Command{Action: ActionHelp}},
		{[]string{"--data", "/d", "help"}, Command{Action: ActionHelp, DataDir: "/d"}},
		{[]string{"--lang", "fr", "--help"}, Command{Action: ActionHelp}},
		{[]string{"--version"}, Command{Action: ActionVersion}},
		{[]string{"--version", "draft", "list"}, Command{Action: ActionVersion}},
		// draft add.
		{[]string{"draft", "add", "--text", "t", "--title", "T", "--tag", "a", "--tag", "#b", "--json"},
			Command{Action: ActionDraftAdd, Text: "t", Title: "T", Tags: []string{"a", "#b"}, JSON: true}},
		{[]string{"draft", "add", "--text=Bonjour à tous", "--title", ""}, Command{Action: ActionDraftAdd, Text: "Bonjour à tous"}},
		{[]string{"draft", "add", "--text", "-5 % today"}, Command{Action: ActionDraftAdd, Text: "-5 % today"}},
		{[]string{"--json", "--lang", "fr", "draft", "add", "--text", "x"}, Command{Action: ActionDraftAdd, Text: "x", JSON: true, Lang: app.LanguageFrench}},
		// Options for every command, before and after the command's words.
		{[]string{"--data", "/d", "draft", "list"}, Command{Action: ActionDraftList, DataDir: "/d"}},
		{[]string{"draft", "list", "--data", "/d", "--json"}, Command{Action: ActionDraftList, DataDir: "/d", JSON: true}},
		{[]string{"draft", "list", "--data", "/d", "--json", "--search", "été"}, Command{Action: ActionDraftList, DataDir: "/d", JSON: true, Search: "été"}},
		{[]string{"--data=/d", "--json", "draft", "list", "--lang", "fr"}, Command{Action: ActionDraftList, DataDir: "/d", JSON: true, Lang: app.LanguageFrench}},
		{[]string{"--data", "/a", "draft", "list", "--data", "/b"}, Command{Action: ActionDraftList, DataDir: "/b"}}, // the last one wins
		// draft add's targets, campaign, notes, status, repetition, zone and UTM.
		{[]string{"draft", "add", "--text", "t", "--network", "Bluesky", "--network", "MASTODON", "--account", "acc1", "--campaign", "Noël",
			"--note", "for the client", "--status", "Ready", "--at", "2026-12-01T09:30:00Z", "--repeat", "RRULE:FREQ=MONTHLY;BYDAY=1MO",
			"--zone", "Europe/Paris", "--utm"},
			Command{Action: ActionDraftAdd, Text: "t", Networks: []app.Network{app.Bluesky, app.Mastodon}, Accounts: []string{"acc1"},
				Campaign: "Noël", Notes: "for the client", Status: app.StatusReady, At: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
				Repeat: mustRule("FREQ=MONTHLY;BYDAY=1MO"), Zone: "Europe/Paris", UTM: true}},
		// draft list's filters.
		{[]string{"draft", "list", "--status", "Failed", "--network", "x", "--campaign", "Noël", "--tag", "#promo"},
			Command{Action: ActionDraftList, Filter: app.Filter{Status: app.StatusFailed, Network: app.X, Campaign: "Noël", Tag: "#promo"}}},
		// draft status, its words before, among or after the options.
		{[]string{"draft", "status", "000038ghxzae07z82fbtqg99pw", "Scheduled"},
			Command{Action: ActionDraftStatus, ID: mustParseID("000038ghxzae07z82fbtqg99pw"), Status: app.StatusScheduled}},
		{[]string{"draft", "status", "--json", "000038ghxzae07z82fbtqg99pw", "--lang", "fr", "idea"},
			Command{Action: ActionDraftStatus, ID: mustParseID("000038ghxzae07z82fbtqg99pw"), Status: app.StatusIdea, JSON: true, Lang: app.LanguageFrench}},
		// queue.
		{[]string{"queue", "add", "000038ghxzae07z82fbtqg99pw", "--network", "LinkedIn"},
			Command{Action: ActionQueueAdd, ID: mustParseID("000038ghxzae07z82fbtqg99pw"), Network: app.LinkedIn}},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon 09:00", "--slot", "VEN 18h30", "--slot", "dimanche 7:05", "--slot", "Tue 21h", "--zone", "America/Montreal"},
			Command{Action: ActionQueueSlots, Network: app.X, Zone: "America/Montreal", Slots: []app.Slot{
				{Day: time.Monday, Hour: 9}, {Day: time.Friday, Hour: 18, Minute: 30}, {Day: time.Sunday, Hour: 7, Minute: 5}, {Day: time.Tuesday, Hour: 21}}}},
		{[]string{"queue", "list"}, Command{Action: ActionQueueList}},
		{[]string{"queue", "list", "--network", "bluesky", "--json"}, Command{Action: ActionQueueList, Network: app.Bluesky, JSON: true}},
		// import.
		{[]string{"import", "ics", "agenda.ics"}, Command{Action: ActionImportICS, In: "agenda.ics"}},
		{[]string{"import", "ics", "--json", "-"}, Command{Action: ActionImportICS, In: "-", JSON: true}},
		{[]string{"import", "ics", "--", "-odd.ics"}, Command{Action: ActionImportICS, In: "-odd.ics"}},
	} {
		got, err := Parse(c.args)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.args, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) =\n%+v, want\n%+v", c.args, got, c.want)
		}
	}
	for _, v := range Views {
		if got, err := Parse([]string{"--view", v}); err != nil || got.View != v || got.Action != ActionWindow {
			t.Errorf("--view %s: %+v, %v", v, got, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		key  string
		vars []string // nil: not checked
	}{
		{[]string{"--view", "nowhere"}, "cli.unknown_view", []string{"view", "nowhere", "views", strings.Join(Views, ", ")}},
		{[]string{"--view", "Inbox"}, "cli.unknown_view", nil},
		{[]string{"--view"}, "cli.flag_needs_value", []string{"flag", "-view"}},
		{[]string{"draft", "add"}, "cli.missing_text", nil},
		{[]string{"draft", "add", "--title", "only a title", "--json"}, "cli.missing_text", nil},
		{[]string{"draft", "add", "--text", "  "}, "cli.missing_text", nil},
		{[]string{"draft", "add", "--text"}, "cli.flag_needs_value", []string{"flag", "-text"}},
		{[]string{"publish"}, "cli.publish_needs_due", nil},
		{[]string{"--data", "/d", "publish", "--json"}, "cli.publish_needs_due", nil},
		{[]string{"synchronize"}, "cli.unknown_command", []string{"command", "synchronize"}},
		{[]string{"account"}, "cli.account_needs_action", nil},
		{[]string{"account", "add"}, "cli.account_add_needs_network", nil},
		{[]string{"account", "add", "x"}, "cli.bad_account_network", []string{"value", "x"}},
		{[]string{"account", "add", "mastodon", "--server", "m.example"}, "cli.mastodon_needs", nil},
		{[]string{"account", "add", "threads", "--api", "ftp://127.0.0.1:8080/v1.0", "--token-stdin"}, "cli.meta_bad_api", nil},
		{[]string{"account", "add", "bluesky", "--password-stdin"}, "cli.bluesky_needs", nil},
		{[]string{"account", "add", "rss"}, "cli.rss_needs", nil},
		{[]string{"account", "add", "mastodon", "--server", "m.example", "--token-stdin", "--plc", "http://localhost:2582"}, "cli.plc_bluesky_only", nil},
		{[]string{"account", "remove"}, "cli.account_needs_id", nil},
		{[]string{"account", "remove", "nope"}, "cli.bad_id", []string{"id", "nope"}},
		{[]string{"draft", "remove"}, "cli.unknown_command", []string{"command", "draft remove"}},
		{[]string{"--bogus"}, "cli.unknown_flag", []string{"flag", "-bogus"}},
		{[]string{"-x"}, "cli.unknown_flag", []string{"flag", "-x"}},
		{[]string{"draft", "list", "--nope"}, "cli.unknown_flag", []string{"flag", "-nope"}},
		{[]string{"draft", "list", "--text", "x"}, "cli.unknown_flag", []string{"flag", "-text"}},
		{[]string{"draft", "list", "--data"}, "cli.flag_needs_value", []string{"flag", "-data"}},
		{[]string{"--data"}, "cli.flag_needs_value", []string{"flag", "-data"}},
		{[]string{"--lang", "de"}, "cli.bad_value", []string{"flag", "--lang", "detail", "en, fr"}},
		{[]string{"draft", "list", "--lang", "english"}, "cli.bad_value", nil},
		{[]string{"--json=maybe"}, "cli.flag_error", nil},
		{[]string{"draft"}, "cli.draft_action_missing", nil},
		{[]string{"draft", "--json"}, "cli.draft_action_missing", nil},
		{[]string{"draft", "list", "extra"}, "cli.unexpected_args", []string{"args", "extra"}},
		{[]string{"draft", "add", "--text", "x", "two", "words"}, "cli.unexpected_args", []string{"args", "two words"}},
		{[]string{"--view", "inbox", "extra"}, "cli.unknown_command", []string{"command", "extra"}},
		// draft add's new options.
		{[]string{"draft", "add", "--text", "x", "--network", "myspace"}, "cli.bad_network", []string{"value", "myspace"}},
		{[]string{"draft", "add", "--text", "x", "--network"}, "cli.flag_needs_value", []string{"flag", "-network"}},
		{[]string{"draft", "add", "--text", "x", "--status", "published"}, "cli.status_reserved", []string{"value", "published"}},
		{[]string{"draft", "add", "--text", "x", "--status", "FAILED"}, "cli.status_reserved", nil},
		{[]string{"draft", "add", "--text", "x", "--status", "done"}, "cli.bad_status", []string{"value", "done"}},
		{[]string{"draft", "add", "--text", "x", "--at", "2026-12-01", "--repeat", "FREQ=HOURLY"}, "cli.bad_repeat", []string{"value", "FREQ=HOURLY"}},
		{[]string{"draft", "add", "--text", "x", "--at", "2026-12-01", "--repeat", "every monday"}, "cli.bad_repeat", nil},
		{[]string{"draft", "add", "--text", "x", "--at", "2026-12-01", "--repeat", "FREQ=WEEKLY;BYHOUR=9"}, "cli.bad_repeat", nil},
		{[]string{"draft", "add", "--text", "x", "--repeat", "FREQ=WEEKLY"}, "cli.repeat_needs_at", nil},
		{[]string{"draft", "add", "--text", "x", "--zone", "Mars/Olympus"}, "cli.bad_zone", []string{"value", "Mars/Olympus"}},
		{[]string{"draft", "add", "--text", "x", "--zone", "Local"}, "cli.bad_zone", nil},
		{[]string{"draft", "add", "--text", "x", "--utm=perhaps"}, "cli.flag_error", nil},
		// draft list's filters.
		{[]string{"draft", "list", "--status", "done"}, "cli.bad_status_filter", []string{"value", "done"}},
		{[]string{"draft", "list", "--network", "myspace"}, "cli.bad_network", nil},
		{[]string{"draft", "list", "--account", "x"}, "cli.unknown_flag", []string{"flag", "-account"}},
		// draft status.
		{[]string{"draft", "status"}, "cli.draft_status_needs", nil},
		{[]string{"draft", "status", "000038ghxzae07z82fbtqg99pw"}, "cli.draft_status_needs", nil},
		{[]string{"draft", "status", "nope", "ready"}, "cli.bad_id", []string{"id", "nope"}},
		{[]string{"draft", "status", "000038ghxzae07z82fbtqg99pw", "published"}, "cli.status_reserved", nil},
		{[]string{"draft", "status", "000038ghxzae07z82fbtqg99pw", "done"}, "cli.bad_status", nil},
		{[]string{"draft", "status", "000038ghxzae07z82fbtqg99pw", "ready", "now"}, "cli.unexpected_args", []string{"args", "now"}},
		// queue.
		{[]string{"queue"}, "cli.queue_needs_action", nil},
		{[]string{"queue", "--json"}, "cli.queue_needs_action", nil},
		{[]string{"queue", "flush"}, "cli.unknown_command", []string{"command", "queue flush"}},
		{[]string{"queue", "add", "--network", "x"}, "cli.queue_add_needs_id", nil},
		{[]string{"queue", "add", "000038ghxzae07z82fbtqg99pw"}, "cli.missing_network", []string{"command", "queue add"}},
		{[]string{"queue", "add", "bad-id", "--network", "x"}, "cli.bad_id", nil},
		{[]string{"queue", "slots", "--network", "x"}, "cli.missing_slot", nil},
		{[]string{"queue", "slots", "--slot", "mon 09:00"}, "cli.missing_network", []string{"command", "queue slots"}},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon 24:00"}, "cli.bad_slot", []string{"value", "mon 24:00"}},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon 09:60"}, "cli.bad_slot", nil},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon 9"}, "cli.bad_slot", nil},
		{[]string{"queue", "slots", "--network", "x", "--slot", "funday 09:00"}, "cli.bad_slot", nil},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon09:00"}, "cli.bad_slot", nil},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon 09:00 fri"}, "cli.bad_slot", nil},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon", "09:00"}, "cli.bad_slot", []string{"value", "mon"}},
		{[]string{"queue", "slots", "--network", "x", "--slot", "mon 9:00", "--zone", "Paris"}, "cli.bad_zone", nil},
		{[]string{"queue", "list", "--network", "fediverse"}, "cli.bad_network", nil},
		// import.
		{[]string{"import"}, "cli.import_needs_format", nil},
		{[]string{"import", "csv", "f.csv"}, "cli.import_needs_format", nil},
		{[]string{"import", "ics"}, "cli.missing_file", nil},
		{[]string{"import", "ics", "--json"}, "cli.missing_file", nil},
		{[]string{"import", "ics", "a.ics", "b.ics"}, "cli.unexpected_args", []string{"args", "b.ics"}},
	} {
		got, err := Parse(c.args)
		var u *UsageError
		if !errors.As(err, &u) || u.Key != c.key {
			t.Errorf("Parse(%q) = %v, want usage error %s", c.args, err, c.key)
			continue
		}
		if c.vars != nil && !reflect.DeepEqual(u.Vars, c.vars) {
			t.Errorf("Parse(%q): vars %q, want %q", c.args, u.Vars, c.vars)
		}
		if !reflect.DeepEqual(got, Command{}) {
			t.Errorf("Parse(%q) failed but returned %+v", c.args, got)
		}
		// The message reads whole in both languages.
		for _, l := range app.Languages {
			var b bytes.Buffer
			PrintError(&b, i18n.New(l), err)
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(lines) != 2 || strings.ContainsAny(b.String(), "{}") || strings.Contains(b.String(), "cli.") {
				t.Errorf("%s: Parse(%q) is told as %q", l, c.args, b.String())
			}
		}
	}
}

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { c.t = c.t.Add(time.Minute); return c.t }

func newEnv(t *testing.T, lang app.Language) (Env, *bytes.Buffer, *bytes.Buffer, *storage.DB) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var out, errOut bytes.Buffer
	clock := &fixedClock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	drafts := app.NewDrafts(db, clock)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return Env{
		Drafts: drafts, Calendar: app.NewCalendar(db, drafts, clock, paris),
		Clock: clock, WorkDir: t.TempDir(),
		Tr: i18n.New(lang), DataDir: "/home/cm/.config/relais", Stdout: &out, Stderr: &errOut,
		Info: appinfo.Info{Name: "Relais", Version: "9.8.7", Build: 42},
	}, &out, &errOut, db
}

func run(t *testing.T, env Env, args ...string) int {
	t.Helper()
	cmd, err := Parse(args)
	if err != nil {
		t.Fatalf("Parse(%q): %v", args, err)
	}
	return Run(context.Background(), cmd, env)
}

// draftOut is the --json shape of a draft, read strictly.
type draftOut struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Tags      []string   `json:"tags"`
	Status    string     `json:"status"`
	PlannedAt *time.Time `json:"planned_at"`
	CreatedAt string     `json:"created_at"`
	UpdatedAt string     `json:"updated_at"`
	// Added with variants, campaigns and repetitions.
	Campaign string   `json:"campaign"`
	Notes    string   `json:"notes"`
	Networks []string `json:"networks"`
	Variants []struct {
		Network string `json:"network"`
		Account string `json:"account"`
		Text    string `json:"text"`
	} `json:"variants"`
	Recurrence string `json:"recurrence"`
	Zone       string `json:"zone"`
	UTM        bool   `json:"utm"`
	Media      []struct {
		Hash   string `json:"hash"`
		Type   string `json:"type"`
		Size   int64  `json:"size"`
		Width  int    `json:"width"`
		Height int    `json:"height"`
		Alt    string `json:"alt"`
	} `json:"media"`
}

// decodeOne reads exactly one JSON document from b into v.
func decodeOne(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if err := dec.Decode(new(any)); err != io.EOF {
		t.Fatalf("more than one JSON document in %s (%v)", b, err)
	}
}

func TestDraftAddJSON(t *testing.T) {
	env, out, errOut, _ := newEnv(t, app.LanguageEnglish)
	if code := run(t, env, "draft", "add", "--text", "Bonjour <b>&</b>", "--json"); code != ExitOK || errOut.Len() != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var raw map[string]json.RawMessage
	decodeOne(t, out.Bytes(), &raw)
	for _, field := range []string{"id", "title", "text", "tags", "status", "created_at", "updated_at"} {
		if _, ok := raw[field]; !ok {
			t.Errorf("no %q in %s", field, out)
		}
	}
	if string(raw["tags"]) != "[]" {
		t.Errorf("tags %s, want []", raw["tags"])
	}
	if !strings.Contains(out.String(), "Bonjour <b>&</b>") {
		t.Errorf("HTML escaped in JSON: %s", out)
	}
	var d draftOut
	decodeOne(t, out.Bytes(), &d)
	if _, err := app.ParseID(d.ID); err != nil {
		t.Error(err)
	}
	if d.Status != "draft" || d.Title != "" || d.Text != "Bonjour <b>&</b>" || d.PlannedAt != nil {
		t.Errorf("added %+v", d)
	}
	created, err := time.Parse(time.RFC3339, d.CreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	updated, err := time.Parse(time.RFC3339, d.UpdatedAt)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if !created.Equal(updated) || created.Before(start) || created.After(start.Add(time.Hour)) || !strings.HasSuffix(d.CreatedAt, "Z") {
		t.Errorf("created %s, updated %s: want the same time of the service's clock, in UTC", d.CreatedAt, d.UpdatedAt)
	}

	// With a title and tags, which are normalized.
	out.Reset()
	run(t, env, "draft", "add", "--text", "Été", "--title", "Saison", "--tag", "#été", "--tag", "promo", "--tag", "ÉTÉ", "--json")
	decodeOne(t, out.Bytes(), &d)
	if d.Title != "Saison" || d.Text != "Été" || strings.Join(d.Tags, ",") != "été,promo" {
		t.Errorf("added %+v", d)
	}
	stored, err := env.Drafts.Get(context.Background(), mustID(t, d.ID))
	if err != nil || stored.Text != "Été" {
		t.Errorf("the draft is not in the store: %+v, %v", stored, err)
	}

	// Without --json, one plain sentence with the ID.
	out.Reset()
	run(t, env, "draft", "add", "--text", "plain")
	var id string
	if _, err := fmt.Sscanf(out.String(), "Draft %s saved.\n", &id); err != nil || !strings.HasSuffix(out.String(), " saved.\n") {
		t.Fatalf("text output %q: %v", out, err)
	}
	mustID(t, id)
}

func mustID(t *testing.T, s string) app.ID {
	t.Helper()
	id, err := app.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDraftListJSON(t *testing.T) {
	env, out, errOut, _ := newEnv(t, app.LanguageEnglish)
	var added []draftOut
	for _, text := range []string{"Premier jour d’été", "Soldes d’hiver", "Rentrée"} {
		out.Reset()
		if code := run(t, env, "draft", "add", "--text", text, "--json"); code != ExitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var d draftOut
		decodeOne(t, out.Bytes(), &d)
		added = append(added, d)
	}
	list := func(args ...string) []draftOut {
		t.Helper()
		out.Reset()
		if code := run(t, env, append([]string{"draft", "list", "--json"}, args...)...); code != ExitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var listed []draftOut
		decodeOne(t, out.Bytes(), &listed)
		return listed
	}
	texts := func(ds []draftOut) string {
		var s []string
		for _, d := range ds {
			s = append(s, d.Text)
		}
		return strings.Join(s, " | ")
	}
	listed := list()
	if got := texts(listed); got != "Rentrée | Soldes d’hiver | Premier jour d’été" {
		t.Errorf("newest first: %s", got)
	}
	if !reflect.DeepEqual(listed[2], added[0]) {
		t.Errorf("a listed draft %+v differs from the added one %+v", listed[2], added[0])
	}
	// A change brings a draft to the top.
	p, err := env.Drafts.Get(context.Background(), mustID(t, added[0].ID))
	if err != nil {
		t.Fatal(err)
	}
	p.Text += " !"
	if _, err := env.Drafts.Save(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if got := texts(list()); got != "Premier jour d’été ! | Rentrée | Soldes d’hiver" {
		t.Errorf("newest change first: %s", got)
	}
	// --search: every word, ignoring case and accents.
	if got := texts(list("--search", "ETE")); got != "Premier jour d’été !" {
		t.Errorf("search ETE: %s", got)
	}
	if got := texts(list("--search", "d’ hiver")); got != "Soldes d’hiver" {
		t.Errorf("search two words: %s", got)
	}
	if got := list("--search", "printemps"); got == nil || len(got) != 0 {
		t.Errorf("no match gives %v, want []", got)
	}
	out.Reset()
	run(t, env, "draft", "list", "--json", "--search", "printemps")
	if strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("no match prints %q, want []", out)
	}
	// A deleted draft is not listed.
	if err := env.Drafts.Delete(context.Background(), mustID(t, added[1].ID)); err != nil {
		t.Fatal(err)
	}
	if got := texts(list()); got != "Premier jour d’été ! | Rentrée" {
		t.Errorf("after a delete: %s", got)
	}
}

func TestDraftListText(t *testing.T) {
	env, out, _, _ := newEnv(t, app.LanguageEnglish)
	run(t, env, "draft", "add", "--text", "Hello\n  world", "--title", "Greeting", "--tag", "a", "--tag", "b")
	run(t, env, "draft", "add", "--text", "Second")
	out.Reset()
	if code := run(t, env, "draft", "list"); code != ExitOK {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("list %q", out)
	}
	posts, _ := env.Drafts.Find(context.Background(), "")
	for i, want := range []string{"Second", "Greeting — Hello world"} {
		line := lines[i]
		if !strings.HasPrefix(line, posts[i].ID.String()+"  ") || !strings.Contains(line, want) ||
			!strings.Contains(line, posts[i].UpdatedAt.In(env.Calendar.Zone()).Format("2006-01-02 15:04")) {
			t.Errorf("line %d %q, want the ID, the time of the change and %q", i, line, want)
		}
	}
	if !strings.HasSuffix(lines[1], "#a #b") || strings.Contains(lines[0], "#") {
		t.Errorf("tags: %q", lines)
	}
	out.Reset()
	run(t, env, "draft", "list", "--search", "hello")
	if strings.Count(out.String(), "\n") != 1 || !strings.Contains(out.String(), "Greeting") {
		t.Errorf("search in text: %q", out)
	}
}

func TestEmptyListAndHelpInEnglish(t *testing.T) {
	env, out, _, _ := newEnv(t, app.LanguageEnglish)
	run(t, env, "draft", "list")
	if out.String() != "No drafts.\n" {
		t.Errorf("empty list says %q", out)
	}
	out.Reset()
	run(t, env, "draft", "list", "--search", "anything")
	if out.String() != "No drafts.\n" {
		t.Errorf("no match says %q", out)
	}
	out.Reset()
	if code := run(t, env, "help"); code != ExitOK {
		t.Fatal(code)
	}
	help := out.String()
	for _, want := range []string{"Usage:", "Data directory: /home/cm/.config/relais", strings.Join(Views, ", "), "draft add", "draft list", "--json"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	if strings.ContainsAny(help, "{}") {
		t.Errorf("help has a placeholder left:\n%s", help)
	}
	out.Reset()
	run(t, env, "--version")
	if out.String() != "Relais 9.8.7 (build 42)\n"+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+"\n" {
		t.Errorf("version %q", out)
	}
}

func TestCancelledContext(t *testing.T) {
	env, out, errOut, _ := newEnv(t, app.LanguageEnglish)
	run(t, env, "draft", "add", "--text", "kept")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{{"draft", "add", "--text", "x", "--json"}, {"draft", "list", "--json"}, {"draft", "list"}} {
		out.Reset()
		errOut.Reset()
		cmd, err := Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		if code := Run(ctx, cmd, env); code != ExitError {
			t.Errorf("%q: exit %d", args, code)
		}
		if out.Len() != 0 || errOut.String() != "relais: Cancelled.\n" {
			t.Errorf("%q: stdout %q, stderr %q", args, out, errOut)
		}
	}
	if posts, _ := env.Drafts.Find(context.Background(), ""); len(posts) != 1 {
		t.Errorf("a cancelled add stored a draft: %d drafts", len(posts))
	}
}

func TestRunErrors(t *testing.T) {
	env, out, errOut, db := newEnv(t, app.LanguageEnglish)
	// An empty draft that bypasses Parse's check is refused by the core.
	if code := Run(context.Background(), Command{Action: ActionDraftAdd, Text: " "}, env); code != ExitError ||
		out.Len() != 0 || errOut.String() != "relais: The draft is empty: write a text or a title.\n" {
		t.Errorf("empty draft: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// The window is not a command-line action.
	errOut.Reset()
	if code := Run(context.Background(), Command{Action: ActionWindow}, env); code != ExitError || out.Len() != 0 ||
		!strings.HasPrefix(errOut.String(), "relais: Something went wrong: ") {
		t.Errorf("window: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A closed store: one plain line on stderr, nothing on stdout.
	db.Close()
	for _, args := range [][]string{{"draft", "add", "--text", "x", "--json"}, {"draft", "list", "--json"}, {"draft", "list"}} {
		errOut.Reset()
		if code := run(t, env, args...); code != ExitError {
			t.Errorf("%q on a closed store: exit %d", args, code)
		}
		if out.Len() != 0 || !strings.HasPrefix(errOut.String(), "relais: Something went wrong: ") ||
			strings.Count(errOut.String(), "\n") != 1 || !strings.HasSuffix(errOut.String(), "\n") {
			t.Errorf("%q on a closed store: stdout %q, stderr %q", args, out, errOut)
		}
	}
	// Help and version need no store.
	for _, args := range [][]string{{"--help"}, {"--version"}} {
		out.Reset()
		if code := run(t, env, args...); code != ExitOK || out.Len() == 0 {
			t.Errorf("%q with a closed store: exit %d", args, code)
		}
	}
}

func TestPrintError(t *testing.T) {
	en, fr := i18n.New(app.LanguageEnglish), i18n.New(app.LanguageFrench)
	var b bytes.Buffer
	_, err := Parse([]string{"--bogus"})
	PrintError(&b, en, err)
	if want := "relais: unknown option “-bogus”\nRun “relais --help” to see what Relais understands.\n"; b.String() != want {
		t.Errorf("en usage error %q, want %q", b.String(), want)
	}
	b.Reset()
	_, err = Parse([]string{"draft", "add"})
	PrintError(&b, fr, err)
	if want := "relais : draft add demande --text\nLancez « relais --help » pour voir ce que Relais comprend.\n"; b.String() != want {
		t.Errorf("fr usage error %q, want %q", b.String(), want)
	}
	// A usage error wrapped on its way still reads as one.
	b.Reset()
	PrintError(&b, fr, fmt.Errorf("parsing: %w", usage("cli.unknown_command", "command", "publier")))
	if !strings.HasPrefix(b.String(), "relais : commande inconnue « publier »\n") {
		t.Errorf("wrapped usage error %q", b.String())
	}
	// Other errors: the plain words of i18n.
	b.Reset()
	PrintError(&b, fr, fmt.Errorf("reading draft x: %w", app.ErrNotFound))
	if b.String() != "relais : Ce brouillon n’existe plus.\n" {
		t.Errorf("fr error %q", b.String())
	}
}

func TestEmptyListAndHelpInFrench(t *testing.T) {
	env, out, _, _ := newEnv(t, app.LanguageFrench)
	run(t, env, "draft", "list")
	if strings.TrimSpace(out.String()) != "Aucun brouillon." {
		t.Errorf("empty list says %q", out)
	}
	out.Reset()
	run(t, env, "draft", "list", "--json")
	if strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("empty JSON list is %q", out)
	}
	out.Reset()
	run(t, env, "--help")
	if !strings.Contains(out.String(), "/home/cm/.config/relais") || !strings.Contains(out.String(), "Utilisation") {
		t.Errorf("help %q", out)
	}
	out.Reset()
	run(t, env, "--version")
	if !strings.HasPrefix(out.String(), "Relais 9.8.7 (build 42)\n") {
		t.Errorf("version %q", out)
	}
}

func TestFailureGoesToStderr(t *testing.T) {
	env, out, errOut, db := newEnv(t, app.LanguageFrench)
	db.Close()
	if code := run(t, env, "draft", "add", "--text", "x", "--json"); code != ExitError {
		t.Errorf("exit %d", code)
	}
	if out.Len() != 0 || !strings.HasPrefix(errOut.String(), "relais : ") {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
}

func TestPrintUsageErrorInFrench(t *testing.T) {
	var b bytes.Buffer
	_, err := Parse([]string{"--view", "nulle-part"})
	PrintError(&b, i18n.New(app.LanguageFrench), err)
	want := "relais : écran inconnu « nulle-part » ; les écrans sont : calendar, compose"
	if !strings.HasPrefix(b.String(), want) || !strings.Contains(b.String(), "relais --help") {
		t.Errorf("got %q", b.String())
	}
}

func TestParseTimes(t *testing.T) {
	cmd, err := Parse([]string{"draft", "add", "--text", "x", "--at", "2026-12-01T09:30:00+01:00"})
	if err != nil || !cmd.At.Equal(time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("--at RFC 3339: %v, %v", cmd.At, err)
	}
	cmd, err = Parse([]string{"draft", "add", "--text", "x", "--at", "2026-12-01 09:30"})
	if err != nil || !cmd.At.Equal(time.Date(2026, 12, 1, 9, 30, 0, 0, time.Local)) {
		t.Errorf("--at local: %v, %v", cmd.At, err)
	}
	cmd, err = Parse([]string{"draft", "list", "--from", "2026-12-01", "--to", "2026-12-31"})
	if err != nil || !cmd.Range || !cmd.From.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)) ||
		!cmd.To.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.Local)) {
		t.Errorf("--from/--to dates (to inclusive): %v %v, %v", cmd.From, cmd.To, err)
	}
	cmd, err = Parse([]string{"draft", "list", "--from", "2026-12-01"})
	if err != nil || !cmd.To.After(time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("--from alone: to %v, %v", cmd.To, err)
	}
	for _, c := range []struct {
		args []string
		key  string
	}{
		{[]string{"draft", "add", "--text", "x", "--at", "demain"}, "cli.bad_time"},
		{[]string{"draft", "list", "--from", "2026-13-01"}, "cli.bad_time"},
		{[]string{"draft", "list", "--from", "2027-01-01", "--to", "2026-01-01"}, "cli.empty_range"},
	} {
		_, err := Parse(c.args)
		var u *UsageError
		if !errors.As(err, &u) || u.Key != c.key {
			t.Errorf("Parse(%q) = %v, want %s", c.args, err, c.key)
		}
	}
}

func TestPlannedRangeList(t *testing.T) {
	env, out, _, _ := newEnv(t, app.LanguageEnglish)
	run(t, env, "draft", "add", "--text", "January", "--at", "2027-01-05T18:00:00Z")
	run(t, env, "draft", "add", "--text", "December", "--at", "2026-12-01T09:30:00Z", "--tag", "noel")
	run(t, env, "draft", "add", "--text", "Not planned")
	out.Reset()
	if code := run(t, env, "draft", "list", "--json", "--from", "2026-11-01T00:00:00Z", "--to", "2027-02-01T00:00:00Z"); code != ExitOK {
		t.Fatal(code)
	}
	var listed []struct {
		Text      string     `json:"text"`
		PlannedAt *time.Time `json:"planned_at"`
	}
	if err := json.Unmarshal(out.Bytes(), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 2 || listed[0].Text != "December" || listed[1].Text != "January" ||
		!listed[0].PlannedAt.Equal(time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("range in time order: %s", out)
	}
	out.Reset()
	run(t, env, "draft", "list", "--json", "--from", "2026-11-01T00:00:00Z", "--search", "noel")
	if err := json.Unmarshal(out.Bytes(), &listed); err != nil || len(listed) != 1 || listed[0].Text != "December" {
		t.Errorf("range with search: %s", out)
	}
	out.Reset()
	run(t, env, "draft", "list", "--json")
	if !strings.Contains(out.String(), `"planned_at": null`) {
		t.Errorf("an unplanned draft has no planned_at null: %s", out)
	}
}

func TestExportICS(t *testing.T) {
	env, out, errOut, _ := newEnv(t, app.LanguageFrench)
	run(t, env, "draft", "add", "--title", "Décembre", "--text", "x", "--at", "2026-12-01T09:30:00Z")
	run(t, env, "draft", "add", "--text", "Janvier", "--at", "2027-01-05T18:00:00Z")
	run(t, env, "draft", "add", "--text", "pas prévu")
	out.Reset()
	if code := run(t, env, "export", "ics", "--out", "plan.ics", "--to", "2026-12-31"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	path := filepath.Join(env.WorkDir, "plan.ics")
	if !strings.Contains(out.String(), "1 publication prévue écrite dans "+path) {
		t.Errorf("says %q", out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if strings.Count(text, "BEGIN:VEVENT") != 1 || !strings.Contains(text, "SUMMARY:Décembre\r\n") || !strings.Contains(text, "DTSTART:20261201T093000Z\r\n") {
		t.Errorf("calendar:\n%s", text)
	}
	out.Reset()
	run(t, env, "export", "ics", "--out", path, "--json", "--force")
	var res struct {
		File  string
		Posts int
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Posts != 2 || res.File != path {
		t.Errorf("JSON %s: %v", out, err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	errOut.Reset()
	if code := run(t, env, "export", "ics", "--out", "/no/such/dir/plan.ics"); code != ExitError || !strings.Contains(errOut.String(), "/no/such/dir") {
		t.Errorf("unwritable target: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"export"}, {"export", "pdf"}, {"export", "ics"}} {
		var u *UsageError
		if _, err := Parse(args); !errors.As(err, &u) {
			t.Errorf("Parse(%q) = %v", args, err)
		}
	}
}

func TestHelpAfterACommand(t *testing.T) {
	for _, args := range [][]string{{"draft", "add", "--help"}, {"draft", "list", "-h"}, {"export", "ics", "--help"}, {"--data", "/d", "draft", "add", "-help"},
		{"draft", "status", "--help"}, {"queue", "slots", "-h"}, {"queue", "add", "--help"}, {"queue", "list", "--help"}, {"import", "ics", "--help"}} {
		cmd, err := Parse(args)
		if err != nil || cmd.Action != ActionHelp {
			t.Errorf("Parse(%q) = %+v, %v; want help", args, cmd, err)
		}
	}
}

func mustRule(rule string) string {
	r, err := app.ParseRecurrence(rule)
	if err != nil {
		panic(err)
	}
	return r
}

func mustParseID(s string) app.ID {
	id, err := app.ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// runAll runs a command line and returns its exit code and outputs.
func runAll(t *testing.T, env Env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	out, errOut := env.Stdout.(*bytes.Buffer), env.Stderr.(*bytes.Buffer)
	out.Reset()
	errOut.Reset()
	code = run(t, env, args...)
	return code, out.String(), errOut.String()
}

// allPosts returns every stored post.
func allPosts(t *testing.T, env Env) []app.Post {
	t.Helper()
	posts, err := env.Drafts.Find(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return posts
}

func TestParseZoneOfAt(t *testing.T) {
	// A time without an offset is a wall-clock time in --zone, whatever
	// the order of the options; one with an offset stays as written.
	for _, args := range [][]string{
		{"draft", "add", "--text", "x", "--at", "2026-12-01 09:30", "--zone", "America/New_York"},
		{"draft", "add", "--text", "x", "--zone", "America/New_York", "--at", "2026-12-01T09:30"},
		{"draft", "add", "--text", "x", "--zone", "Asia/Tokyo", "--at", "2026-12-01T09:30:00-05:00"},
	} {
		cmd, err := Parse(args)
		if err != nil || !cmd.At.Equal(time.Date(2026, 12, 1, 14, 30, 0, 0, time.UTC)) {
			t.Errorf("Parse(%q): at %v, %v", args, cmd.At, err)
		}
	}
}

func TestDraftAddScheduledOverTheLimit(t *testing.T) {
	long := strings.Repeat("a", 342)
	for _, c := range []struct {
		lang app.Language
		want string
	}{
		{app.LanguageEnglish, "relais: This post cannot be scheduled:\n  Bluesky: 342 characters, 300 at most\n"},
		{app.LanguageFrench, "relais : Cette publication ne peut pas être programmée :\n  Bluesky : 342 caractères, 300 au plus\n"},
	} {
		env, _, _, _ := newEnv(t, c.lang)
		code, stdout, stderr := runAll(t, env, "draft", "add", "--text", long, "--network", "mastodon", "--network", "bluesky",
			"--at", "2026-12-01T09:30:00Z", "--status", "scheduled", "--json")
		if code != ExitError || stdout != "" || stderr != c.want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", c.lang, code, stdout, stderr, c.want)
		}
		if posts := allPosts(t, env); len(posts) != 0 {
			t.Errorf("%s: a refused post was stored: %+v", c.lang, posts)
		}
	}
	// With no time and no network, both are said.
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	code, _, stderr := runAll(t, env, "draft", "add", "--text", "short", "--status", "scheduled")
	if want := "relais: This post cannot be scheduled:\n  no network to go to\n  no time planned\n"; code != ExitError || stderr != want {
		t.Errorf("no time, no network: exit %d, %q; want %q", code, stderr, want)
	}
	// Any other status keeps a post over the limit.
	if code, _, stderr := runAll(t, env, "draft", "add", "--text", long, "--network", "bluesky", "--status", "ready"); code != ExitOK {
		t.Errorf("ready over the limit: exit %d, %s", code, stderr)
	}
}

func TestDraftAddScheduled(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	code, stdout, stderr := runAll(t, env, "draft", "add", "--text", "Loto du 1er lundi https://example.org/loto",
		"--network", "Bluesky", "--network", "MASTODON", "--network", "bluesky", "--campaign", " Loto ", "--note", "validé par Anne",
		"--at", "2026-12-07T08:00:00Z", "--repeat", "FREQ=MONTHLY;BYDAY=1MO", "--utm", "--status", "scheduled", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var d draftOut
	decodeOne(t, []byte(stdout), &d)
	if d.Status != "scheduled" || d.Campaign != "Loto" || d.Notes != "validé par Anne" || !d.UTM ||
		d.Recurrence != mustRule("FREQ=MONTHLY;BYDAY=1MO") || d.Zone != "Europe/Paris" ||
		strings.Join(d.Networks, ",") != "bluesky,mastodon" || len(d.Variants) != 2 ||
		d.Variants[0].Network != "bluesky" || d.Variants[1].Network != "mastodon" ||
		d.Media == nil || len(d.Media) != 0 || !d.PlannedAt.Equal(time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("added %s", stdout)
	}
	// A variant with the post's text and no account says neither.
	if strings.Contains(stdout, `"account"`) || strings.Contains(stdout, `"text": ""`) {
		t.Errorf("empty variant fields: %s", stdout)
	}
	p, err := env.Drafts.Get(context.Background(), mustID(t, d.ID))
	if err != nil || p.Status != app.StatusScheduled || p.Zone != "Europe/Paris" || len(p.Variants) != 2 {
		t.Errorf("stored %+v, %v", p, err)
	}
	// Without --json, the time in the user's zone.
	code, stdout, _ = runAll(t, env, "draft", "add", "--text", "x", "--network", "x", "--at", "2026-12-01T09:30:00Z", "--status", "scheduled")
	if code != ExitOK || !strings.HasPrefix(stdout, "Post ") || !strings.HasSuffix(stdout, " scheduled for 2026-12-01 10:30.\n") {
		t.Errorf("scheduled: exit %d, %q", code, stdout)
	}
	// --at without --status: a draft planned at that time, as before.
	code, stdout, _ = runAll(t, env, "draft", "add", "--text", "y", "--at", "2026-12-02T09:30:00Z", "--zone", "America/Montreal", "--json")
	decodeOne(t, []byte(stdout), &d)
	if code != ExitOK || d.Status != "draft" || d.Zone != "America/Montreal" || len(d.Networks) != 0 || d.Networks == nil {
		t.Errorf("planned draft: exit %d, %s", code, stdout)
	}
	code, stdout, _ = runAll(t, env, "draft", "add", "--text", "z", "--at", "2026-12-02T09:30:00Z")
	if code != ExitOK || !strings.HasSuffix(stdout, " saved, planned for 2026-12-02 10:30.\n") {
		t.Errorf("planned draft: exit %d, %q", code, stdout)
	}
}

func TestDraftAddAccountRefused(t *testing.T) {
	for _, c := range []struct {
		lang app.Language
		want string
	}{
		{app.LanguageEnglish, "relais: No connected account is “acc-42”. See relais account list, or plan for a network with --network KIND.\n"},
		{app.LanguageFrench, "relais : Aucun compte connecté ne correspond à « acc-42 ». Voyez relais account list, ou prévoyez pour un réseau avec --network RÉSEAU.\n"},
	} {
		env, _, _, _ := newEnv(t, c.lang)
		code, stdout, stderr := runAll(t, env, "draft", "add", "--text", "x", "--network", "bluesky", "--account", "acc-42", "--json")
		if code != ExitError || stdout != "" || stderr != c.want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", c.lang, code, stdout, stderr)
		}
		if posts := allPosts(t, env); len(posts) != 0 {
			t.Errorf("%s: stored %d posts", c.lang, len(posts))
		}
	}
}

func TestDraftStatus(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	_, stdout, _ := runAll(t, env, "draft", "add", "--text", "Hello", "--network", "bluesky", "--at", "2026-12-01T09:30:00Z", "--json")
	var d draftOut
	decodeOne(t, []byte(stdout), &d)
	code, stdout, stderr := runAll(t, env, "draft", "status", d.ID, "ready")
	if code != ExitOK || stdout != "Post "+d.ID+" is now ready.\n" {
		t.Errorf("ready: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = runAll(t, env, "draft", "status", d.ID, "scheduled", "--json")
	decodeOne(t, []byte(stdout), &d)
	if code != ExitOK || d.Status != "scheduled" {
		t.Errorf("scheduled: exit %d, %s", code, stdout)
	}
	// A draft that cannot go out says why, and keeps its status.
	_, stdout, _ = runAll(t, env, "draft", "add", "--text", strings.Repeat("é", 301), "--network", "bluesky", "--json")
	decodeOne(t, []byte(stdout), &d)
	code, stdout, stderr = runAll(t, env, "draft", "status", d.ID, "scheduled")
	if want := "relais: This post cannot be scheduled:\n  no time planned\n  Bluesky: 301 characters, 300 at most\n"; code != ExitError || stdout != "" || stderr != want {
		t.Errorf("not ready: exit %d, %q; want %q", code, stderr, want)
	}
	if p, _ := env.Drafts.Get(context.Background(), mustID(t, d.ID)); p.Status != app.StatusDraft {
		t.Errorf("status %q after a refusal", p.Status)
	}
	// An ID that is not there.
	code, _, stderr = runAll(t, env, "draft", "status", "000038ghxzae07z82fbtqg99pw", "idea")
	if code != ExitError || stderr != "relais: This draft no longer exists.\n" {
		t.Errorf("unknown ID: exit %d, %q", code, stderr)
	}
	// In French.
	fr, _, _, _ := newEnv(t, app.LanguageFrench)
	_, stdout, _ = runAll(t, fr, "draft", "add", "--text", "Bonjour", "--json")
	decodeOne(t, []byte(stdout), &d)
	code, stdout, _ = runAll(t, fr, "draft", "status", d.ID, "idea")
	if code != ExitOK || stdout != "La publication "+d.ID+" est maintenant au statut « idée ».\n" {
		t.Errorf("fr: exit %d, %q", code, stdout)
	}
	code, _, stderr = runAll(t, fr, "draft", "status", d.ID, "scheduled")
	if want := "relais : Cette publication ne peut pas être programmée :\n  aucun réseau où aller\n  aucune heure prévue\n"; code != ExitError || stderr != want {
		t.Errorf("fr not ready: %q", stderr)
	}
}

func TestDraftListFilters(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	for _, args := range [][]string{
		{"--text", "Soldes", "--network", "bluesky", "--campaign", "Hiver", "--tag", "promo", "--at", "2026-12-01T09:30:00Z"},
		{"--text", "Loto", "--network", "mastodon", "--network", "bluesky", "--campaign", "Loto", "--at", "2026-12-03T17:00:00Z", "--status", "scheduled"},
		{"--text", "Idée", "--network", "linkedin", "--tag", "Promo", "--status", "idea"},
	} {
		if code, _, stderr := runAll(t, env, append([]string{"draft", "add"}, args...)...); code != ExitOK {
			t.Fatalf("add %q: %s", args, stderr)
		}
	}
	texts := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runAll(t, env, append([]string{"draft", "list", "--json"}, args...)...)
		if code != ExitOK {
			t.Fatalf("list %q: %s", args, stderr)
		}
		var listed []draftOut
		decodeOne(t, []byte(stdout), &listed)
		var s []string
		for _, d := range listed {
			s = append(s, d.Text)
		}
		return strings.Join(s, " | ")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "Idée | Loto | Soldes"},
		{[]string{"--network", "Bluesky"}, "Loto | Soldes"},
		{[]string{"--network", "linkedin"}, "Idée"},
		{[]string{"--network", "x"}, ""},
		{[]string{"--campaign", "hiver"}, "Soldes"},
		{[]string{"--tag", "PROMO"}, "Idée | Soldes"},
		{[]string{"--status", "scheduled"}, "Loto"},
		{[]string{"--status", "published"}, ""},
		{[]string{"--tag", "promo", "--network", "bluesky"}, "Soldes"},
		// With a range: the planned ones, in time order.
		{[]string{"--from", "2026-11-01T00:00:00Z"}, "Soldes | Loto"},
		{[]string{"--from", "2026-11-01T00:00:00Z", "--network", "mastodon"}, "Loto"},
		{[]string{"--from", "2026-11-01T00:00:00Z", "--tag", "promo"}, "Soldes"},
		{[]string{"--from", "2026-11-01T00:00:00Z", "--search", "loto", "--status", "scheduled"}, "Loto"},
	} {
		if got := texts(c.args...); got != c.want {
			t.Errorf("list %q: %q, want %q", c.args, got, c.want)
		}
	}
	// The JSON of a listed post carries its targets.
	_, stdout, _ := runAll(t, env, "draft", "list", "--json", "--campaign", "loto")
	var listed []draftOut
	decodeOne(t, []byte(stdout), &listed)
	if len(listed) != 1 || strings.Join(listed[0].Networks, ",") != "mastodon,bluesky" || listed[0].Campaign != "Loto" || listed[0].Zone != "Europe/Paris" {
		t.Errorf("listed %s", stdout)
	}
	// Text: per line the time, the status, the networks and the text.
	_, stdout, _ = runAll(t, env, "draft", "list", "--from", "2026-11-01")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("range list %q", stdout)
	}
	for i, want := range [][]string{{"2026-12-01 10:30", "draft", "Bluesky", "Soldes", "#promo"}, {"2026-12-03 18:00", "scheduled", "Mastodon, Bluesky", "Loto"}} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %q lacks %q", lines[i], w)
			}
		}
		if strings.HasSuffix(lines[i], " ") {
			t.Errorf("line %q ends with spaces", lines[i])
		}
	}
	// Without a range, the time of the change, then the planned time.
	_, stdout, _ = runAll(t, env, "draft", "list", "--campaign", "hiver")
	if !strings.Contains(stdout, "  draft  planned 2026-12-01 10:30  Bluesky  Soldes  #promo\n") {
		t.Errorf("list %q", stdout)
	}
	fr, _, _, _ := newEnv(t, app.LanguageFrench)
	runAll(t, fr, "draft", "add", "--text", "Soldes", "--network", "x", "--at", "2026-12-01T09:30:00Z", "--status", "ready")
	_, stdout, _ = runAll(t, fr, "draft", "list")
	if !strings.Contains(stdout, "  prête  prévue le 2026-12-01 10:30  X  Soldes\n") {
		t.Errorf("fr list %q", stdout)
	}
}

func TestQueue(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	// No slots yet: queue add says how to set them.
	_, stdout, _ := runAll(t, env, "draft", "add", "--text", "First", "--json")
	var first, second draftOut
	decodeOne(t, []byte(stdout), &first)
	_, stdout, _ = runAll(t, env, "draft", "add", "--text", "Second", "--title", "Deux", "--json")
	decodeOne(t, []byte(stdout), &second)
	code, stdout, stderr := runAll(t, env, "queue", "add", first.ID, "--network", "bluesky")
	if code != ExitError || stdout != "" || !strings.Contains(stderr, "The Bluesky queue has no slots yet") ||
		!strings.Contains(stderr, "relais queue slots --network bluesky") {
		t.Errorf("no slots: exit %d, %q", code, stderr)
	}
	if _, stdout, _ := runAll(t, env, "queue", "list"); !strings.HasPrefix(stdout, "No queues yet.") {
		t.Errorf("no queues: %q", stdout)
	}

	// The slots, in English or French day names, shown sorted.
	code, stdout, stderr = runAll(t, env, "queue", "slots", "--network", "bluesky", "--slot", "ven 18h30", "--slot", "mon 09:00")
	if code != ExitOK || stdout != "Bluesky queue: Mon 09:00, Fri 18:30 (Europe/Paris).\n" {
		t.Fatalf("slots: exit %d, %q %q", code, stdout, stderr)
	}
	// The clock reads Wednesday 25 November 2026, 10:00 in Paris: the
	// next slots are Friday 18:30 then Monday 9:00, Paris time.
	code, stdout, stderr = runAll(t, env, "queue", "add", first.ID, "--network", "bluesky")
	if code != ExitOK || stdout != "Post "+first.ID+" planned for 2026-11-27 18:30 in the Bluesky queue.\n" {
		t.Fatalf("first add: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = runAll(t, env, "queue", "add", second.ID, "--network", "bluesky", "--json")
	var d draftOut
	decodeOne(t, []byte(stdout), &d)
	if code != ExitOK || !d.PlannedAt.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)) || strings.Join(d.Networks, ",") != "bluesky" {
		t.Errorf("second add: exit %d, %s", code, stdout)
	}
	p, _ := env.Drafts.Get(context.Background(), mustID(t, first.ID))
	if !p.PlannedAt.Equal(time.Date(2026, 11, 27, 17, 30, 0, 0, time.UTC)) || p.Zone != "Europe/Paris" || len(p.Variants) != 1 {
		t.Errorf("first stored %+v", p)
	}

	// The list: slots, then what goes out next, earliest first.
	code, stdout, _ = runAll(t, env, "queue", "list")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if code != ExitOK || len(lines) != 3 || lines[0] != "Bluesky (Europe/Paris): Mon 09:00, Fri 18:30" ||
		!strings.HasPrefix(lines[1], "  2026-11-27 18:30  "+first.ID) || !strings.HasSuffix(lines[1], "First") ||
		!strings.HasPrefix(lines[2], "  2026-11-30 09:00  "+second.ID) || !strings.HasSuffix(lines[2], "Deux — Second") {
		t.Errorf("queue list: exit %d\n%s", code, stdout)
	}
	_, stdout, _ = runAll(t, env, "queue", "list", "--network", "x")
	if stdout != "X (Europe/Paris): no slots\n  Nothing planned.\n" {
		t.Errorf("queue list x: %q", stdout)
	}
	_, stdout, _ = runAll(t, env, "queue", "list", "--json")
	var queues []struct {
		Network  string     `json:"network"`
		Zone     string     `json:"zone"`
		Slots    []string   `json:"slots"`
		Upcoming []draftOut `json:"upcoming"`
	}
	decodeOne(t, []byte(stdout), &queues)
	if len(queues) != 1 || queues[0].Network != "bluesky" || queues[0].Zone != "Europe/Paris" ||
		strings.Join(queues[0].Slots, ",") != "mon 09:00,fri 18:30" || len(queues[0].Upcoming) != 2 || queues[0].Upcoming[0].ID != first.ID {
		t.Errorf("queue list --json: %s", stdout)
	}

	// In another zone, and in French.
	fr, _, _, _ := newEnv(t, app.LanguageFrench)
	code, stdout, _ = runAll(t, fr, "queue", "slots", "--network", "mastodon", "--slot", "Tuesday 7:05", "--zone", "America/Montreal")
	if code != ExitOK || stdout != "File Mastodon : mar. 07:05 (America/Montreal).\n" {
		t.Errorf("fr slots: exit %d, %q", code, stdout)
	}
	_, stdout, _ = runAll(t, fr, "draft", "add", "--text", "Salut", "--json")
	decodeOne(t, []byte(stdout), &d)
	// Tuesday 1 December, 7:05 in Montreal is 13:05 in Paris.
	code, stdout, _ = runAll(t, fr, "queue", "add", d.ID, "--network", "mastodon")
	if code != ExitOK || stdout != "Publication "+d.ID+" prévue le 2026-12-01 13:05 dans la file Mastodon.\n" {
		t.Errorf("fr add: exit %d, %q", code, stdout)
	}
	code, _, stderr = runAll(t, fr, "queue", "add", "000038ghxzae07z82fbtqg99pw", "--network", "mastodon")
	if code != ExitError || stderr != "relais : Ce brouillon n’existe plus.\n" {
		t.Errorf("fr unknown ID: exit %d, %q", code, stderr)
	}
}

// icsEvent is a small calendar from another program, with one event.
func icsEvent(title string) string {
	return strings.ReplaceAll(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Agenda//EN
BEGIN:VEVENT
UID:apero-2026@example.org
DTSTAMP:20261101T100000Z
DTSTART;TZID=Europe/Paris:20261210T190000
DTEND;TZID=Europe/Paris:20261210T210000
SUMMARY:`+title+`
LOCATION:Lyon
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func storedEvents(t *testing.T, env Env) []app.Event {
	t.Helper()
	_, events, err := env.Calendar.Plan(context.Background(), time.Time{}, farFuture)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func TestImportICS(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	writeFile(t, filepath.Join(env.WorkDir, "agenda.ics"), icsEvent("Apéro des bénévoles"))
	code, stdout, stderr := runAll(t, env, "import", "ics", "agenda.ics")
	if code != ExitOK || stdout != "1 event added, 0 updated, 0 skipped.\n" {
		t.Fatalf("first import: exit %d, %q %q", code, stdout, stderr)
	}
	// The same file again, the event renamed: updated, not added.
	writeFile(t, filepath.Join(env.WorkDir, "agenda.ics"), icsEvent("Apéro de Noël"))
	code, stdout, _ = runAll(t, env, "import", "ics", filepath.Join(env.WorkDir, "agenda.ics"))
	if code != ExitOK || stdout != "0 events added, 1 updated, 0 skipped.\n" {
		t.Errorf("second import: exit %d, %q", code, stdout)
	}
	events := storedEvents(t, env)
	if len(events) != 1 || events[0].Title != "Apéro de Noël" || events[0].Place != "Lyon" ||
		!events[0].Start.Equal(time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %+v", events)
	}
	code, stdout, _ = runAll(t, env, "import", "ics", "agenda.ics", "--json")
	var res struct {
		File                    string
		Added, Updated, Skipped int
		RepeatDropped           int `json:"repeat_dropped"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || code != ExitOK || res.Added != 0 || res.Updated != 1 ||
		res.File != filepath.Join(env.WorkDir, "agenda.ics") {
		t.Errorf("JSON %s: %v", stdout, err)
	}

	// French, with plural forms: 0 is singular.
	fr, _, _, _ := newEnv(t, app.LanguageFrench)
	writeFile(t, filepath.Join(fr.WorkDir, "agenda.ics"), icsEvent("Apéro"))
	if _, stdout, _ := runAll(t, fr, "import", "ics", "agenda.ics"); stdout != "1 événement ajouté, 0 mis à jour, 0 ignoré.\n" {
		t.Errorf("fr import %q", stdout)
	}
}

func TestImportICSErrors(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	missing := filepath.Join(env.WorkDir, "nowhere.ics")
	code, stdout, stderr := runAll(t, env, "import", "ics", "nowhere.ics")
	if code != ExitError || stdout != "" || stderr != "relais: There is no file “"+missing+"”.\n" {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
	notes := filepath.Join(env.WorkDir, "notes.txt")
	writeFile(t, notes, "Courses : pain, lait\n")
	code, _, stderr = runAll(t, env, "import", "ics", "notes.txt")
	if code != ExitError || stderr != "relais: “"+notes+"” is not an iCalendar (.ics) file.\n" {
		t.Errorf("not a calendar: exit %d, %q", code, stderr)
	}
	big := filepath.Join(env.WorkDir, "big.ics")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxImportSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, _, stderr = runAll(t, env, "import", "ics", "big.ics")
	if code != ExitError || !strings.Contains(stderr, "is too big to import: Relais reads calendars of at most 20 MB and 10,000 events.") {
		t.Errorf("too big: exit %d, %q", code, stderr)
	}
	if len(storedEvents(t, env)) != 0 {
		t.Error("a refused file stored events")
	}
	fr, _, _, _ := newEnv(t, app.LanguageFrench)
	code, _, stderr = runAll(t, fr, "import", "ics", "absent.ics")
	if code != ExitError || stderr != "relais : Le fichier « "+filepath.Join(fr.WorkDir, "absent.ics")+" » n’existe pas.\n" {
		t.Errorf("fr missing file: %q", stderr)
	}
	writeFile(t, filepath.Join(fr.WorkDir, "notes.txt"), "pas un calendrier")
	if _, _, stderr := runAll(t, fr, "import", "ics", "notes.txt"); !strings.HasSuffix(stderr, " n’est pas un fichier iCalendar (.ics).\n") {
		t.Errorf("fr not a calendar: %q", stderr)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	writeFile(t, filepath.Join(env.WorkDir, "agenda.ics"), icsEvent("Apéro des bénévoles"))
	if code, _, stderr := runAll(t, env, "import", "ics", "agenda.ics"); code != ExitOK {
		t.Fatal(stderr)
	}
	runAll(t, env, "draft", "add", "--title", "Rappel apéro", "--text", "Ce soir !", "--network", "mastodon", "--at", "2026-12-10T08:00:00Z")
	runAll(t, env, "draft", "add", "--text", "Loto", "--at", "2026-12-07T08:00:00Z", "--repeat", "FREQ=MONTHLY;BYDAY=1MO")
	runAll(t, env, "draft", "add", "--text", "Later", "--at", "2027-03-01T08:00:00Z")

	// The range holds both planned posts, the repeating one and the event.
	code, stdout, stderr := runAll(t, env, "export", "ics", "--out", "plan.ics", "--from", "2026-12-01", "--to", "2026-12-31")
	path := filepath.Join(env.WorkDir, "plan.ics")
	if code != ExitOK || stdout != "2 planned posts and 1 event written to "+path+".\n" {
		t.Fatalf("export: exit %d, %q %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if strings.Count(text, "BEGIN:VEVENT") != 3 || !strings.Contains(text, "SUMMARY:Rappel apéro") ||
		!strings.Contains(text, "SUMMARY:Apéro des bénévoles") || !strings.Contains(text, "RRULE:"+mustRule("FREQ=MONTHLY;BYDAY=1MO")) ||
		strings.Contains(text, "Later") {
		t.Errorf("calendar:\n%s", text)
	}
	_, stdout, _ = runAll(t, env, "export", "ics", "--out", "plan.ics", "--from", "2026-12-01", "--to", "2026-12-31", "--json", "--force")
	var res struct {
		File          string
		Posts, Events int
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Posts != 2 || res.Events != 1 || res.File != path {
		t.Errorf("export JSON %s: %v", stdout, err)
	}

	// Importing it back: the event updated, Relais's own posts skipped.
	code, stdout, _ = runAll(t, env, "import", "ics", "plan.ics")
	if code != ExitOK || stdout != "0 events added, 1 updated, 2 skipped.\n" {
		t.Errorf("import back: exit %d, %q", code, stdout)
	}
	events := storedEvents(t, env)
	if len(events) != 1 || events[0].Title != "Apéro des bénévoles" || !events[0].Start.Equal(time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("events after the round trip: %+v", events)
	}
	if posts := allPosts(t, env); len(posts) != 3 {
		t.Errorf("%d posts after the round trip", len(posts))
	}
	fr, _, _, _ := newEnv(t, app.LanguageFrench)
	writeFile(t, filepath.Join(fr.WorkDir, "agenda.ics"), icsEvent("Apéro"))
	runAll(t, fr, "import", "ics", "agenda.ics")
	_, stdout, _ = runAll(t, fr, "export", "ics", "--out", "plan.ics")
	if want := "0 publication prévue et 1 événement écrits dans " + filepath.Join(fr.WorkDir, "plan.ics") + ".\n"; stdout != want {
		t.Errorf("fr export %q, want %q", stdout, want)
	}
}

func TestHelpNamesEveryCommand(t *testing.T) {
	for _, l := range app.Languages {
		env, _, _, _ := newEnv(t, l)
		_, help, _ := runAll(t, env, "--help")
		for _, want := range []string{"draft add", "--network", "--account", "--campaign", "--note", "--status", "--repeat", "--zone", "--utm",
			"draft list", "--tag", "draft status", "queue slots", "--slot", "queue add", "queue list", "export ics", "import ics", "--json",
			"relais sync", "inbox list", "--needs-reply", "--limit", "inbox done ID", "inbox reply ID", "needs_reply, new, risk",
			"mastodon, bluesky, threads, x, linkedin", "account add threads --token-stdin", "FREQ=MONTHLY;BYDAY=1MO", "/home/cm/.config/relais"} {
			if !strings.Contains(help, want) {
				t.Errorf("%s help lacks %q", l, want)
			}
		}
		if strings.ContainsAny(help, "{}") || strings.Contains(help, "cli.") {
			t.Errorf("%s help has a placeholder left:\n%s", l, help)
		}
	}
}

// Every problem reads whole in both languages: the keys chosen at run
// time exist, and none is left with a placeholder.
func TestProblemTexts(t *testing.T) {
	kinds := []app.ProblemKind{app.ProblemNoTarget, app.ProblemNotPlanned, app.ProblemEmpty, app.ProblemTooLong, app.ProblemTooManyBytes,
		app.ProblemTooManyImages, app.ProblemImageTooBig, app.ProblemAltTooLong, app.ProblemBadRecurrence, app.ProblemNoAlt,
		app.ProblemNeedsImage, app.ProblemTooManyHashtags, app.ProblemTooManyMentions, app.ProblemImageShape,
		app.ProblemPublishingLimit, app.ProblemLimitUnchecked}
	for _, l := range app.Languages {
		tr := i18n.New(l)
		for _, k := range kinds {
			for _, target := range []app.Target{{}, {Network: app.LinkedIn}} {
				got := problemText(tr, app.Problem{Kind: k, Target: target, Image: 0, Got: 1_000_001, Max: 1_000_000})
				if got == "" || strings.ContainsAny(got, "{}") || strings.Contains(got, "cli.") || strings.Contains(got, string(k)) {
					t.Errorf("%s %s: %q", l, k, got)
				}
			}
		}
		for _, s := range app.Statuses {
			if got := statusName(tr, s); got == "" || strings.Contains(got, "cli.") {
				t.Errorf("%s status %s: %q", l, s, got)
			}
		}
	}
	en := i18n.New(app.LanguageEnglish)
	if got := problemText(en, app.Problem{Kind: app.ProblemImageTooBig, Target: app.Target{Network: app.Bluesky}, Image: 1, Got: 1_000_001, Max: 1_000_000}); got != "Bluesky: image 2 weighs 1,001 kB, 1,000 kB at most" {
		t.Errorf("image too big: %q", got)
	}
}

// The new commands fail as the others do: one plain line on stderr,
// nothing on stdout, exit 1.
func TestNewCommandsOnAClosedStore(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	writeFile(t, filepath.Join(env.WorkDir, "agenda.ics"), icsEvent("Apéro"))
	id := "000038ghxzae07z82fbtqg99pw"
	commands := [][]string{
		{"draft", "status", id, "ready"},
		{"draft", "list", "--network", "bluesky", "--json"},
		{"queue", "slots", "--network", "x", "--slot", "mon 09:00"},
		{"queue", "add", id, "--network", "x"},
		{"queue", "list"},
		{"export", "ics", "--out", "plan.ics"},
		{"import", "ics", "agenda.ics"},
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range commands {
		cmd, err := Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		out, errOut := env.Stdout.(*bytes.Buffer), env.Stderr.(*bytes.Buffer)
		out.Reset()
		errOut.Reset()
		if code := Run(ctx, cmd, env); code != ExitError || out.Len() != 0 || errOut.String() != "relais: Cancelled.\n" {
			t.Errorf("%q cancelled: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	db.Close()
	for _, args := range commands {
		code, stdout, stderr := runAll(t, env, args...)
		if code != ExitError || stdout != "" || !strings.HasPrefix(stderr, "relais: Something went wrong: ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q on a closed store: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(env.WorkDir, "plan.ics")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left a file: %v", err)
	}
}

// A user's zone without an IANA name (time.Local as main gives it, when
// TZ is not set, is named "Local") is said as local time, and left out of
// what is stored.
func TestLocalZoneUnnamed(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageFrench)
	env.Calendar = app.NewCalendar(db, env.Drafts, env.Clock, time.FixedZone("Local", 3600))
	code, stdout, _ := runAll(t, env, "queue", "slots", "--network", "x", "--slot", "lun 9h")
	if code != ExitOK || stdout != "File X : lun. 09:00 (heure locale).\n" {
		t.Errorf("slots: exit %d, %q", code, stdout)
	}
	_, stdout, _ = runAll(t, env, "queue", "list", "--json")
	if !strings.Contains(stdout, `"zone": ""`) {
		t.Errorf("queue list --json: %s", stdout)
	}
	_, stdout, _ = runAll(t, env, "draft", "add", "--text", "x", "--at", "2026-12-01T09:30:00Z", "--json")
	var d draftOut
	decodeOne(t, []byte(stdout), &d)
	if d.Zone != "" {
		t.Errorf("zone %q stored for the local zone", d.Zone)
	}
}

func TestBackgroundOpensTheWindowHidden(t *testing.T) {
	for _, args := range [][]string{{"--background"}, {"--background", "--data", "/tmp/x"}, {"--lang", "fr", "--background"}} {
		cmd, err := Parse(args)
		if err != nil || cmd.Action != ActionWindow || !cmd.Background {
			t.Errorf("Parse(%q) = %+v, %v", args, cmd, err)
		}
	}
	cmd, err := Parse(nil)
	if err != nil || cmd.Background {
		t.Errorf("Parse() = %+v, %v: background without asking", cmd, err)
	}
	if _, err := Parse([]string{"--background=maybe"}); err == nil {
		t.Error("--background=maybe is accepted")
	}
}
