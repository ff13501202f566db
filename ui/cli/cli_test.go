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
		{[]string{"publish"}, "cli.unknown_command", []string{"command", "publish"}},
		{[]string{"--data", "/d", "publish", "--json"}, "cli.unknown_command", []string{"command", "publish"}},
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
	if out.String() != "Relais "+app.Version+"\n" {
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

func TestHelpAfterACommand(t *testing.T) {
	for _, args := range [][]string{{"draft", "add", "--help"}, {"draft", "list", "-h"}, {"export", "ics", "--help"}, {"--data", "/d", "draft", "add", "-help"}} {
		cmd, err := Parse(args)
		if err != nil || cmd.Action != ActionHelp {
			t.Errorf("Parse(%q) = %+v, %v; want help", args, cmd, err)
		}
	}
}
