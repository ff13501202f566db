package cli

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// figuresEnv is an inboxEnv whose two accounts have figures, with the
// window's analytics over them, and one Mastodon post out an hour before
// the clock: its figures are due.
func figuresEnv(t *testing.T, lang app.Language) *inboxEnv {
	t.Helper()
	e := newInboxEnv(t, lang)
	e.masto.figures, e.masto.followers, e.masto.likes = true, 120, map[string]int{"p1": 7}
	e.sky.figures, e.sky.followers = true, 45
	e.Analytics = app.NewAnalytics(e.db, e.Accounts, e.Clock, e.zone())
	published := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	if err := e.db.PutPostStats(t.Context(), []app.PostStats{{Key: "k1", Account: e.mastoID, Network: app.Mastodon,
		Ref: app.RemoteRef{ID: "p1"}, Text: "Fournée du samedi", PublishedAt: published}}); err != nil {
		t.Fatal(err)
	}
	return e
}

// storedFigures returns the followers stored today by account, and the
// likes of the post p1.
func storedFigures(t *testing.T, e *inboxEnv) (map[app.ID]int, int) {
	t.Helper()
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	followers := map[app.ID]int{}
	if err := e.db.AccountDays(t.Context(), day, day.AddDate(0, 0, 10), func(d app.AccountDay) bool {
		followers[d.Account] = d.Followers
		return true
	}); err != nil {
		t.Fatal(err)
	}
	likes := -1
	if err := e.db.PostStats(t.Context(), func(s app.PostStats) bool {
		if s.Key == "k1" && !s.ReadAt.IsZero() {
			likes = s.Likes
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return followers, likes
}

func TestCollectReadsEveryAccountsFigures(t *testing.T) {
	e := figuresEnv(t, app.LanguageEnglish)
	code, out, errOut := runAll(t, e.Env, "collect")
	if code != ExitOK || errOut != "" {
		t.Fatalf("collect: exit %d, %s", code, errOut)
	}
	want := "Mastodon @relais@masto.example: figures of the day and 1 post read\n" +
		"Bluesky @relais.bsky.social: figures of the day read\n" +
		"Read 2 accounts and 1 post.\n"
	if out != want {
		t.Errorf("collect printed:\n%s\nwant:\n%s", out, want)
	}
	followers, likes := storedFigures(t, e)
	if followers[e.mastoID] != 120 || followers[e.skyID] != 45 || likes != 7 {
		t.Errorf("stored followers %v, likes %d", followers, likes)
	}

	// At once again, nothing is due: the networks are not asked.
	reads := e.masto.figureReads + e.sky.figureReads
	code, out, _ = runAll(t, e.Env, "collect")
	if code != ExitOK || !strings.Contains(out, "Mastodon @relais@masto.example: nothing due") || !strings.Contains(out, "Read 2 accounts and 0 posts.") {
		t.Errorf("second collect: exit %d, %s", code, out)
	}
	if n := e.masto.figureReads + e.sky.figureReads; n != reads {
		t.Errorf("the second collect asked the networks %d times", n-reads)
	}
}

func TestCollectSaysWhichAccountFailed(t *testing.T) {
	for _, c := range []struct {
		lang         app.Language
		line, failed string
	}{
		{app.LanguageEnglish, "Bluesky @relais.bsky.social: ", "The figures of 1 account(s) could not be read"},
		{app.LanguageFrench, "Bluesky @relais.bsky.social : ", "Les chiffres de 1 compte(s) n’ont pas pu être lus"},
	} {
		e := figuresEnv(t, c.lang)
		e.sky.figuresFail = errors.New("server down")
		code, out, errOut := runAll(t, e.Env, "collect")
		if code != ExitError || !strings.Contains(errOut, c.failed) {
			t.Errorf("%s: exit %d, stderr %q", c.lang, code, errOut)
		}
		if !strings.Contains(out, c.line) || !strings.Contains(out, "server down") || strings.Contains(out, "{") {
			t.Errorf("%s: printed %q", c.lang, out)
		}
		// The other account was read all the same.
		if followers, _ := storedFigures(t, e); followers[e.mastoID] != 120 {
			t.Errorf("%s: Mastodon not read: %v", c.lang, followers)
		}
	}
}

func TestCollectJSON(t *testing.T) {
	e := figuresEnv(t, app.LanguageEnglish)
	e.sky.figuresFail = errors.New("server down")
	code, out, _ := runAll(t, e.Env, "collect", "--json")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	var got []collectJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != 2 || got[0].Account != e.mastoID.String() || !got[0].Day || got[0].Posts != 1 || got[0].Error != "" ||
		got[1].Handle != "relais.bsky.social" || got[1].Error == "" {
		t.Errorf("collect --json: %s", out)
	}
}

func TestCollectWithoutAccounts(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageFrench)
	env.Accounts = app.NewAccounts(db, nil, app.NewRegistry(), nil, env.Clock)
	env.Analytics = app.NewAnalytics(db, env.Accounts, env.Clock, env.zone())
	code, out, _ := runAll(t, env, "collect")
	if code != ExitOK || !strings.Contains(out, "Aucun compte connecté") {
		t.Errorf("exit %d, %q", code, out)
	}
}

func TestSyncAlsoCollectsTheFiguresDue(t *testing.T) {
	e := figuresEnv(t, app.LanguageEnglish)
	code, out, errOut := runAll(t, e.Env, "sync")
	if code != ExitOK || errOut != "" {
		t.Fatalf("sync: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "Figures of Mastodon @relais@masto.example: figures of the day and 1 post read\n") ||
		!strings.Contains(out, "Figures of Bluesky @relais.bsky.social: figures of the day read\n") {
		t.Errorf("sync printed:\n%s", out)
	}
	if followers, likes := storedFigures(t, e); followers[e.skyID] != 45 || likes != 7 {
		t.Errorf("stored followers %v, likes %d", followers, likes)
	}

	// Nothing is due the second time: sync says nothing of figures.
	code, out, _ = runAll(t, e.Env, "sync", "--json")
	if code != ExitOK || strings.Contains(out, "figures") {
		t.Errorf("second sync: exit %d, %s", code, out)
	}

	// A collection that fails makes the sync fail, and --json says why.
	e2 := figuresEnv(t, app.LanguageEnglish)
	e2.masto.figuresFail = errors.New("server down")
	code, out, errOut = runAll(t, e2.Env, "sync", "--json")
	if code != ExitError || !strings.Contains(errOut, "figures of 1 account") {
		t.Errorf("failing sync: exit %d, %s", code, errOut)
	}
	var got []syncJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != 2 || got[0].Figures == nil || !strings.Contains(got[0].Figures.Error, "server down") ||
		got[1].Figures == nil || !got[1].Figures.Day {
		t.Errorf("sync --json: %s", out)
	}
}

func TestParseCollect(t *testing.T) {
	cmd, err := Parse([]string{"collect", "--json", "--workspace", "Lumen"})
	if err != nil || cmd.Action != ActionCollect || !cmd.JSON || cmd.Workspace != "Lumen" {
		t.Errorf("Parse(collect): %+v, %v", cmd, err)
	}
	if _, err := Parse([]string{"collect", "extra"}); err == nil {
		t.Error("collect extra is accepted")
	}
}
