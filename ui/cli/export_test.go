package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

func TestExportNeverReplacesRelaisOwnFiles(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	env.DataDir = t.TempDir()
	db := filepath.Join(env.DataDir, "relais.db")
	writeFile(t, db, "the database")
	runAll(t, env, "draft", "add", "--text", "Noël", "--at", "2026-12-24T09:00:00Z")
	for _, args := range [][]string{
		{"export", "ics", "--out", db},
		{"export", "ics", "--out", db, "--force"},
		{"export", "ics", "--out", filepath.Join(env.DataDir, "media", "plan.ics"), "--force"},
	} {
		code, stdout, stderr := runAll(t, env, args...)
		if code != ExitError || stdout != "" || !strings.Contains(stderr, "belongs to Relais’s data folder") {
			t.Errorf("%q: exit %d, %q %q", args, code, stdout, stderr)
		}
	}
	if got, _ := os.ReadFile(db); string(got) != "the database" {
		t.Errorf("the database now holds %q", got)
	}
	exports := filepath.Join(env.DataDir, "exports")
	if err := os.Mkdir(exports, 0o700); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runAll(t, env, "export", "ics", "--out", filepath.Join(exports, "plan.ics")); code != ExitOK {
		t.Errorf("export into the exports folder: %s", stderr)
	}

	rep, _, _ := reportEnv(t, app.LanguageEnglish)
	rep.DataDir = env.DataDir
	code, _, stderr := runAll(t, rep, "export", "csv", "--out", filepath.Join(rep.DataDir, "figures.csv"), "--from", "2026-11-10", "--to", "2026-11-16")
	if code != ExitError || !strings.Contains(stderr, "figures-accounts.csv") {
		t.Errorf("csv into the data folder: exit %d, %q", code, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(rep.DataDir, "*.csv")); len(left) != 0 {
		t.Errorf("csv files written in the data folder: %v", left)
	}
}

func TestExportAsksForForceAndKeepsTheMode(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageFrench)
	runAll(t, env, "draft", "add", "--text", "Noël", "--at", "2026-12-24T09:00:00Z")
	path := filepath.Join(env.WorkDir, "plan.ics")
	if err := os.WriteFile(path, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runAll(t, env, "export", "ics", "--out", "plan.ics")
	if code != ExitError || !strings.Contains(stderr, "existe déjà : ajoutez --force") {
		t.Errorf("existing file: exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != "mine" {
		t.Errorf("the file was replaced without --force: %q", got)
	}
	if code, _, stderr := runAll(t, env, "export", "ics", "--out", "plan.ics", "--force"); code != ExitOK {
		t.Fatalf("--force: %s", stderr)
	}
	st, err := os.Stat(path)
	if got, _ := os.ReadFile(path); err != nil || !bytes.Contains(got, []byte("BEGIN:VCALENDAR")) || st.Mode().Perm() != 0o600 {
		t.Errorf("after --force: mode %v, %v, %q", st.Mode(), err, got)
	}
}

func TestExportToStandardOutput(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	runAll(t, env, "draft", "add", "--text", "Noël", "--at", "2026-12-24T09:00:00Z")
	code, stdout, stderr := runAll(t, env, "export", "ics", "--out", "-")
	if code != ExitOK || !strings.HasPrefix(stdout, "BEGIN:VCALENDAR\r\n") || !strings.Contains(stdout, "Noël") {
		t.Errorf("--out -: exit %d, %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(env.WorkDir, "-")); err == nil {
		t.Error("a file named - was written")
	}
	var u *UsageError
	if _, err := Parse([]string{"export", "pdf", "--out", "-"}); !errors.As(err, &u) || u.Key != "cli.report_not_stdout" {
		t.Errorf("export pdf --out -: %v", err)
	}
}

func TestEmptyDataIsRefused(t *testing.T) {
	for _, args := range [][]string{{"--data", ""}, {"--data=", "draft", "list"}, {"draft", "list", "--data", " "}} {
		var u *UsageError
		if _, err := Parse(args); !errors.As(err, &u) || u.Key != "cli.empty_data" {
			t.Errorf("Parse(%q) = %v", args, err)
		}
	}
}

func TestDraftAddReadsTheTextOnStandardInput(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	cmd, err := Parse([]string{"draft", "add", "--text", "-"})
	if err != nil || !cmd.ReadsStdin() {
		t.Fatalf("Parse: %+v, %v", cmd, err)
	}
	env.Stdin = strings.NewReader("Line one\nline two\n")
	if code := Run(t.Context(), cmd, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, env.Stderr)
	}
	if posts := allPosts(t, env); len(posts) != 1 || posts[0].Text != "Line one\nline two" {
		t.Errorf("stored: %+v", posts)
	}
}

func TestDatesOutsideTheYearsKeptAreRefused(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	for _, at := range []string{"0001-01-01 00:00", "9999-12-31 09:00", "2262-04-12"} {
		var u *UsageError
		if _, err := Parse([]string{"draft", "add", "--text", "x", "--at", at}); !errors.As(err, &u) || u.Key != "cli.time_out_of_range" {
			t.Errorf("--at %s: %v", at, err)
		}
	}
	code, stdout, stderr := runAll(t, env, "draft", "add", "--text", "x", "--at", "1950-01-01 10:00")
	if code != ExitError || stdout != "" || !strings.Contains(stderr, "1950 is outside the years Relais keeps, 1970 to 2199") {
		t.Errorf("--at 1950: exit %d, %q %q", code, stdout, stderr)
	}
	if posts := allPosts(t, env); len(posts) != 0 {
		t.Errorf("stored: %+v", posts)
	}
	// The last year kept is found by a range, and exported.
	if code, _, stderr := runAll(t, env, "draft", "add", "--text", "far", "--at", "2199-12-31 09:00"); code != ExitOK {
		t.Fatal(stderr)
	}
	if _, stdout, _ := runAll(t, env, "draft", "list", "--from", "2199-12-01", "--to", "2199-12-31"); !strings.Contains(stdout, "far") {
		t.Errorf("draft list of December 2199: %q", stdout)
	}
	if _, stdout, _ := runAll(t, env, "export", "ics", "--out", "-"); !strings.Contains(stdout, "DTSTART:21991231T") {
		t.Errorf("export: %q", stdout)
	}

	writeFile(t, filepath.Join(env.WorkDir, "far.ics"), strings.ReplaceAll(strings.ReplaceAll(icsEvent("Apéro"), "20261210T", "99991210T"), "apero-2026", "far"))
	code, stdout, _ = runAll(t, env, "import", "ics", "far.ics")
	if code != ExitOK || stdout != "0 events added, 0 updated, 1 skipped.\n1 event outside the years 1900 to 2199 was left out.\n" {
		t.Errorf("import of an event in 9999: exit %d, %q", code, stdout)
	}
}

func TestDraftListPrintsNoEscapeSequences(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	if code, _, stderr := runAll(t, env, "draft", "add", "--title", "Hi\x1b]0;pwned\x07", "--text", "red \x1b[31mtext\u202Egnp.exe", "--tag", "a\x1b[2Jb"); code != ExitOK {
		t.Fatal(stderr)
	}
	_, stdout, _ := runAll(t, env, "draft", "list")
	if strings.ContainsAny(stdout, "\x1b\x07\u202E") || !strings.Contains(stdout, "red [31mtextgnp.exe") {
		t.Errorf("draft list prints %q", stdout)
	}
}

func TestImportCutsLongTexts(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	writeFile(t, filepath.Join(env.WorkDir, "long.ics"), icsEvent(strings.Repeat("a", 200000)))
	code, stdout, stderr := runAll(t, env, "import", "ics", "long.ics")
	if code != ExitOK || !strings.Contains(stdout, "1 event had a text too long: cut to 500 characters") {
		t.Fatalf("exit %d, %q %q", code, stdout, stderr)
	}
	if events := storedEvents(t, env); len(events) != 1 || len([]rune(events[0].Title)) != app.MaxEventTitle {
		t.Errorf("stored: %d events, title of %d characters", len(events), len([]rune(events[0].Title)))
	}
}

func TestListsCutLongAuthors(t *testing.T) {
	long := app.InboxItem{Network: app.RSS, Item: app.Item{Author: app.Author{Name: strings.Repeat("Long ", 20)}}}
	if got := authorText(long); len([]rune(got)) != authorWidth || !strings.HasSuffix(got, "…") {
		t.Errorf("authorText = %q", got)
	}
	short := app.InboxItem{Network: app.Mastodon, Item: app.Item{Author: app.Author{Handle: "marie@masto.example"}}}
	if got := authorText(short); got != "@marie@masto.example" {
		t.Errorf("authorText = %q", got)
	}
}

func TestImportSaysWhatItRepaired(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	bad := strings.ReplaceAll(strings.ReplaceAll(icsEvent("Apéro"), "TZID=Europe/Paris:20261210T190000", "TZID=Europe/Pa\x00ris:20261210T190000"),
		"DTEND;TZID=Europe/Paris", "DTEND;TZID=Mars/Olympus")
	writeFile(t, filepath.Join(env.WorkDir, "bad.ics"), bad)
	code, stdout, stderr := runAll(t, env, "import", "ics", "bad.ics")
	if code != ExitOK || !strings.Contains(stdout, "1 event added") ||
		!strings.Contains(stdout, "The file held 1 character that was not text") {
		t.Errorf("exit %d, %q %q", code, stdout, stderr)
	}
	writeFile(t, filepath.Join(env.WorkDir, "mars.ics"), strings.ReplaceAll(icsEvent("Apéro"), "Europe/Paris", "Mars/Olympus"))
	if _, stdout, _ := runAll(t, env, "import", "ics", "mars.ics"); !strings.Contains(stdout, "1 event names a time zone this computer does not know: its times were read in Europe/Paris.") {
		t.Errorf("unknown zone: %q", stdout)
	}
}

func TestAtInTheSpringGapNamesTheZone(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	code, _, stderr := runAll(t, env, "draft", "add", "--text", "x", "--zone", "Europe/Paris", "--at", "2027-03-28 02:30")
	if code != ExitOK || !strings.Contains(stderr, "2027-03-28 02:30 does not exist in Europe/Paris") || !strings.Contains(stderr, "planned at 2027-03-28 03:30, Europe/Paris time") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, _, stderr := runAll(t, env, "draft", "add", "--text", "y", "--zone", "Europe/Paris", "--at", "2027-03-28 03:30"); stderr != "" {
		t.Errorf("a time that exists: %q", stderr)
	}
}
