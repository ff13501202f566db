package cli

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// reportEnv is an environment whose store holds a week of one account's
// followers and two of its posts.
func reportEnv(t *testing.T, lang app.Language) (Env, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	env, out, errOut, db := newEnv(t, lang)
	env.Accounts = app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(), nil, env.Clock)
	env.Analytics = app.NewAnalytics(db, env.Accounts, env.Clock, env.zone())
	acc := app.Account{ID: app.NewID(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)), Network: app.Mastodon, Handle: "lumen@masto.example",
		Server: "https://masto.example", State: app.AccountConnected}
	ctx := t.Context()
	if err := db.PutAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	var days []app.AccountDay
	for i := range 7 {
		d := time.Date(2026, 11, 10+i, 0, 0, 0, 0, time.UTC)
		days = append(days, app.AccountDay{Account: acc.ID, Day: d, Followers: 100 + i, At: d.Add(9 * time.Hour)})
	}
	if err := db.PutAccountDays(ctx, days); err != nil {
		t.Fatal(err)
	}
	if err := db.PutPostStats(ctx, []app.PostStats{
		{Key: "a", Account: acc.ID, Network: app.Mastodon, Text: "Bougies d’hiver", PublishedAt: time.Date(2026, 11, 12, 17, 0, 0, 0, time.UTC), Likes: 9, Followers: 102},
		{Key: "b", Account: acc.ID, Network: app.Mastodon, Text: "Hors période", PublishedAt: time.Date(2026, 10, 1, 17, 0, 0, 0, time.UTC), Likes: 1},
	}); err != nil {
		t.Fatal(err)
	}
	return env, out, errOut
}

func TestExportCSVWritesATableEach(t *testing.T) {
	env, out, errOut := reportEnv(t, app.LanguageEnglish)
	if code := run(t, env, "export", "csv", "--out", "figures.csv", "--from", "2026-11-10", "--to", "2026-11-16"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), "figures-accounts.csv") || !strings.Contains(out.String(), "1 post") {
		t.Errorf("output %q", out)
	}
	rows := readCSV(t, filepath.Join(env.WorkDir, "figures-accounts.csv"))
	if len(rows) != 8 || rows[1][0] != "2026-11-10" || rows[7][3] != "106" {
		t.Errorf("accounts.csv: %q", rows)
	}
	posts := readCSV(t, filepath.Join(env.WorkDir, "figures-posts.csv"))
	if len(posts) != 2 || posts[1][4] != "Bougies d’hiver" {
		t.Errorf("posts.csv: %q", posts)
	}
	if _, err := os.Stat(filepath.Join(env.WorkDir, "figures-responses.csv")); err != nil {
		t.Error(err)
	}

	// A .zip holds the three.
	if code := run(t, env, "export", "csv", "--out", "figures.zip"); code != ExitOK {
		t.Fatalf("zip: exit %d: %s", code, errOut)
	}
	z, err := zip.OpenReader(filepath.Join(env.WorkDir, "figures.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if strings.Join(names, " ") != "accounts.csv posts.csv responses.csv share_of_voice.csv competitors.csv" {
		t.Errorf("zip holds %v", names)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExportPDFInFrench(t *testing.T) {
	env, out, errOut := reportEnv(t, app.LanguageFrench)
	code := run(t, env, "export", "pdf", "--out", "rapport.pdf", "--from", "2026-11-10", "--to", "2026-11-16", "--brand", "Maison Lumen")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(filepath.Join(env.WorkDir, "rapport.pdf"))
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("%d bytes, %v", len(data), err)
	}
	if !strings.Contains(out.String(), "Écrit") || !strings.Contains(out.String(), "10 nov. 2026") {
		t.Errorf("output %q", out)
	}
	if brand, _ := env.Analytics.Brand(t.Context()); brand != "Maison Lumen" {
		t.Errorf("brand %q not kept for the next report", brand)
	}
}

func TestExportReportErrors(t *testing.T) {
	env, _, errOut := reportEnv(t, app.LanguageEnglish)
	if _, err := Parse([]string{"export", "pdf"}); err == nil {
		t.Error("export pdf without --out parses")
	}
	if code := run(t, env, "export", "csv", "--out", "x.csv", "--account", "nobody"); code != ExitError {
		t.Errorf("an unknown account: exit %d", code)
	}
	if _, err := Parse([]string{"export", "csv", "--out", "x.csv", "--from", "2026-11-20", "--to", "2026-11-10"}); err == nil {
		t.Error("an upside-down period parses")
	}
	_ = errOut
}

func TestReportPeriod(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, paris)
	cmd, err := Parse([]string{"export", "pdf", "--out", "r.pdf", "--from", "2026-11-01", "--to", "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	p := reportPeriod(cmd, now, paris)
	if p.Days() != 30 || p.From.Day() != 1 || p.Last().Day() != 30 {
		t.Errorf("November: %v – %v (%d days)", p.From, p.Last(), p.Days())
	}
	cmd, _ = Parse([]string{"export", "pdf", "--out", "r.pdf"})
	if p := reportPeriod(cmd, now, paris); p.Days() != DefaultReportDays || p.Last().Day() != 3 {
		t.Errorf("default: %v – %v", p.From, p.Last())
	}
}
