package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui/i18n"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		args []string
		want Command
	}{
		{nil, Command{Action: ActionWindow}},
		{[]string{"--view", "inbox", "--data", "/d", "--lang", "fr"}, Command{Action: ActionWindow, View: "inbox", DataDir: "/d", Lang: app.LanguageFrench}},
		{[]string{"--help"}, Command{Action: ActionHelp}},
		{[]string{"-h"}, Command{Action: ActionHelp}},
		{[]string{"help"}, Command{Action: ActionHelp}},
		{[]string{"--version"}, Command{Action: ActionVersion}},
		{[]string{"draft", "add", "--text", "t", "--title", "T", "--tag", "a", "--tag", "#b", "--json"},
			Command{Action: ActionDraftAdd, Text: "t", Title: "T", Tags: []string{"a", "#b"}, JSON: true}},
		{[]string{"--data", "/d", "draft", "list"}, Command{Action: ActionDraftList, DataDir: "/d"}},
		{[]string{"draft", "list", "--data", "/d", "--json", "--search", "été"}, Command{Action: ActionDraftList, DataDir: "/d", JSON: true, Search: "été"}},
	} {
		got, err := Parse(c.args)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.args, err)
			continue
		}
		if got.Action != c.want.Action || got.View != c.want.View || got.DataDir != c.want.DataDir || got.Lang != c.want.Lang ||
			got.Text != c.want.Text || got.Title != c.want.Title || strings.Join(got.Tags, ",") != strings.Join(c.want.Tags, ",") ||
			got.JSON != c.want.JSON || got.Search != c.want.Search {
			t.Errorf("Parse(%q) = %+v, want %+v", c.args, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		key  string
	}{
		{[]string{"--view", "nowhere"}, "cli.unknown_view"},
		{[]string{"draft", "add"}, "cli.missing_text"},
		{[]string{"draft", "add", "--text", "  "}, "cli.missing_text"},
		{[]string{"publish"}, "cli.unknown_command"},
		{[]string{"draft", "remove"}, "cli.unknown_command"},
		{[]string{"--bogus"}, "cli.unknown_flag"},
		{[]string{"draft", "list", "--nope"}, "cli.unknown_flag"},
		{[]string{"draft", "list", "--data"}, "cli.flag_needs_value"},
		{[]string{"--lang", "de"}, "cli.bad_value"},
		{[]string{"draft"}, "cli.draft_needs_action"},
		{[]string{"draft", "list", "extra"}, "cli.unexpected_args"},
	} {
		_, err := Parse(c.args)
		var u *UsageError
		if !errors.As(err, &u) || u.Key != c.key {
			t.Errorf("Parse(%q) = %v, want usage error %s", c.args, err, c.key)
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
	return Env{
		Drafts: app.NewDrafts(db, &fixedClock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}),
		Clock:  &fixedClock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}, WorkDir: t.TempDir(),
		Tr: i18n.New(lang), DataDir: "/home/cm/.config/relais", Stdout: &out, Stderr: &errOut,
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

func TestDraftAddAndListJSON(t *testing.T) {
	env, out, errOut, _ := newEnv(t, app.LanguageEnglish)
	if code := run(t, env, "draft", "add", "--text", "Bonjour <b>&</b>", "--json"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var added map[string]any
	if err := json.Unmarshal(out.Bytes(), &added); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	for _, field := range []string{"id", "title", "text", "tags", "status", "created_at", "updated_at"} {
		if _, ok := added[field]; !ok {
			t.Errorf("no %q in %v", field, added)
		}
	}
	if tags, ok := added["tags"].([]any); !ok || len(tags) != 0 {
		t.Errorf("tags %v, want []", added["tags"])
	}
	if !strings.Contains(out.String(), "Bonjour <b>&</b>") {
		t.Errorf("HTML escaped in JSON: %s", out)
	}
	if _, err := app.ParseID(added["id"].(string)); err != nil {
		t.Error(err)
	}
	if _, err := time.Parse(time.RFC3339Nano, added["created_at"].(string)); err != nil || added["status"] != "draft" {
		t.Errorf("created_at %v status %v", added["created_at"], added["status"])
	}

	out.Reset()
	run(t, env, "draft", "add", "--text", "Été", "--tag", "saison")
	if !strings.HasPrefix(out.String(), "Draft ") {
		t.Errorf("text output %q", out)
	}
	out.Reset()
	if code := run(t, env, "draft", "list", "--json"); code != ExitOK {
		t.Fatal(code)
	}
	var listed []map[string]any
	if err := json.Unmarshal(out.Bytes(), &listed); err != nil || len(listed) != 2 || listed[0]["text"] != "Été" {
		t.Fatalf("list %s: %v", out, err)
	}
	out.Reset()
	run(t, env, "draft", "list", "--json", "--search", "ete")
	if err := json.Unmarshal(out.Bytes(), &listed); err != nil || len(listed) != 1 {
		t.Errorf("search lists %s", out)
	}
	out.Reset()
	run(t, env, "draft", "list")
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "Été") || !strings.Contains(lines[0], "#saison") {
		t.Errorf("text list %q", out)
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
	if strings.TrimSpace(out.String()) != "Relais "+app.Version {
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
	run(t, env, "export", "ics", "--out", path, "--json")
	var res struct {
		File  string
		Posts int
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Posts != 2 || res.File != path {
		t.Errorf("JSON %s: %v", out, err)
	}
	left, _ := filepath.Glob(filepath.Join(env.WorkDir, ".relais-export-*"))
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
