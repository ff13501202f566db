package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

var reportRange = []string{"--from", "2026-11-10", "--to", "2026-11-16"}

// A --out in a folder that is not there is told as such, by every
// command that writes one, before anything is written: not as a failure
// to write a temporary file of a strange name.
func TestOutInAMissingFolderIsTold(t *testing.T) {
	for _, lang := range app.Languages {
		rep, _, _ := reportEnv(t, lang)
		safe, _, _, _ := safetyEnv(t, lang)
		want := map[app.Language]string{app.LanguageEnglish: "does not exist", app.LanguageFrench: "n’existe pas"}[lang]
		for _, c := range []struct {
			env  Env
			args []string
		}{
			{rep, append([]string{"export", "csv", "--out", "missing/figures.csv"}, reportRange...)},
			{rep, append([]string{"export", "csv", "--out", "missing/figures.zip"}, reportRange...)},
			{rep, append([]string{"export", "pdf", "--out", "missing/report.pdf", "--brand", "Autre"}, reportRange...)},
			{rep, []string{"export", "ics", "--out", "missing/plan.ics"}},
			{safe, []string{"backup", "--out", "missing/saved.zip"}},
		} {
			code, out, errOut := runAll(t, c.env, c.args...)
			folder := filepath.Join(c.env.WorkDir, "missing")
			if code != ExitError || out != "" || !strings.Contains(errOut, "“"+folder+"”") && !strings.Contains(errOut, "« "+folder+" »") ||
				!strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("%s %q: exit %d, %q %q", lang, c.args, code, out, errOut)
			}
			if _, err := os.Stat(folder); err == nil {
				t.Errorf("%s %q created the folder", lang, c.args)
			}
		}
		// Nothing was stored either: the brand stays.
		if brand, _ := rep.Analytics.Brand(t.Context()); brand == "Autre" {
			t.Errorf("%s: the brand was stored", lang)
		}
	}
}

// A folder asked for (the path ends with a separator) is created and the
// tables written into it; given as an absolute path too.
func TestExportCSVIntoAFolderAskedForCreatesIt(t *testing.T) {
	rep, out, errOut := reportEnv(t, app.LanguageEnglish)
	abs := filepath.Join(t.TempDir(), "november", "figures") + string(filepath.Separator)
	for _, dir := range []string{"figures/", abs} {
		out.Reset()
		if code := run(t, rep, append([]string{"export", "csv", "--out", dir}, reportRange...)...); code != ExitOK {
			t.Fatalf("%s: exit %d, %s", dir, code, errOut)
		}
		folder := rep.path(dir)
		if rows := readCSV(t, filepath.Join(folder, "accounts.csv")); len(rows) != 8 {
			t.Errorf("%s: accounts.csv: %q", dir, rows)
		}
		if strings.Contains(out.String(), "-accounts.csv") {
			t.Errorf("%s: written beside the folder: %s", dir, out)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(rep.WorkDir, "*.csv")); len(left) != 0 {
		t.Errorf("files written beside the folder: %v", left)
	}
}

// A command that writes one file says so of a folder, and a path through
// a file is told too; Relais's own folders are refused as before.
func TestOutThatCannotBeAFile(t *testing.T) {
	rep, _, _ := reportEnv(t, app.LanguageEnglish)
	safe, _, _, _ := safetyEnv(t, app.LanguageEnglish)
	writeFile(t, filepath.Join(rep.WorkDir, "notes.txt"), "mine")
	own := rep
	own.DataDir = safe.DataDir
	for _, c := range []struct {
		env  Env
		args []string
		want string
	}{
		{rep, append([]string{"export", "pdf", "--out", "reports/"}, reportRange...), "names a folder, but this command writes one file"},
		{rep, []string{"export", "ics", "--out", "plans/"}, "names a folder"},
		{safe, []string{"backup", "--out", "backups/"}, "names a folder"},
		{rep, append([]string{"export", "csv", "--out", "notes.txt/figures.csv"}, reportRange...), "is a file, not a folder"},
		{rep, append([]string{"export", "csv", "--out", "notes.txt/"}, reportRange...), "is a file, not a folder"},
		{own, append([]string{"export", "csv", "--out", filepath.Join(safe.DataDir, "media", "old") + "/"}, reportRange...), "belongs to Relais’s data folder"},
		{own, append([]string{"export", "csv", "--out", filepath.Join(safe.DataDir, "gone", "figures.csv")}, reportRange...), "belongs to Relais’s data folder"},
	} {
		code, _, errOut := runAll(t, c.env, c.args...)
		if code != ExitError || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, %q", c.args, code, errOut)
		}
	}
	for _, name := range []string{"reports", "plans", "backups"} {
		if _, err := os.Stat(filepath.Join(rep.WorkDir, name)); err == nil {
			t.Errorf("%s was created", name)
		}
	}
	for _, name := range []string{"media/old", "gone"} {
		if _, err := os.Stat(filepath.Join(safe.DataDir, name)); err == nil {
			t.Errorf("%s was created in the data folder", name)
		}
	}
}
