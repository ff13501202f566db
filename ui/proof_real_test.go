package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread"
	"github.com/relais-app/relais/app/proofread/embedded"
	"github.com/relais-app/relais/ui/cli"
	"github.com/relais-app/relais/ui/i18n"
)

var (
	realChecker     *proofread.Checker
	realCheckerErr  error
	realCheckerOnce sync.Once
)

// loadReal is the proofreader Relais ships, over its real dictionaries,
// loaded once for the tests that need it.
func loadReal(t *testing.T) *proofread.Checker {
	t.Helper()
	realCheckerOnce.Do(func() { realChecker, realCheckerErr = embedded.LoadUntimed(nil) })
	if realCheckerErr != nil {
		t.Fatal(realCheckerErr)
	}
	realChecker.SetPersonal(nil)
	return realChecker
}

// The "done means": a French post with three typos and a missing
// narrow space is flagged as the user types, fixed by clicks, and then
// schedules; relais check finds the same in the same text.
func TestFrenchPostFixedInClicksWithTheRealDictionaries(t *testing.T) {
	checker := loadReal(t)
	f := newFixture(t, app.LanguageFrench, func(f *fixture, d *Deps) {
		d.Proofreader = checker
		f.drafts.UseProofreader(checker)
	})
	c := f.w.compose
	tick(c, "Mastodon")
	text := "Bonjour ! Notre boulengerie ouvre deja samedi, venez goûter nos croisants."
	test.Type(c.text, text)
	c.post.whenEntry.SetText("2026-12-05 09:00")
	f.idle()

	type seen struct{ kind, text, fix string }
	found := func(res app.Proofread) []seen {
		var out []seen
		for _, g := range res.Findings {
			fix := ""
			if len(g.Fixes) > 0 {
				fix = g.Fixes[0]
			}
			out = append(out, seen{string(g.Kind), g.Text, fix})
		}
		return out
	}
	want := []seen{
		{"fr_narrow_space", " !", "\u202f!"},
		{"spelling", "boulengerie", "boulangerie"},
		{"spelling", "deja", "déjà"},
		{"spelling", "croisants", "croissants"},
	}
	if got := found(c.proof.result); !slices.Equal(got, want) {
		t.Fatalf("as typed, the panel found\n%q\nwant\n%q", got, want)
	}
	msgs, _ := proofRows(c.proof)
	if len(msgs) != 4 || msgs[1] != "« boulengerie » n’est pas dans le dictionnaire" {
		t.Errorf("the panel says %q", msgs)
	}

	// relais check, on the command line, finds the same.
	var out bytes.Buffer
	env := cli.Env{Proofreader: checker, Tr: i18n.New(app.LanguageFrench), Stdout: &out, Stderr: &out}
	cmd, err := cli.Parse([]string{"check", "--json", text})
	if err != nil {
		t.Fatal(err)
	}
	if code := cli.Run(context.Background(), cmd, env); code != cli.ExitError {
		t.Errorf("relais check exits %d on a text with errors", code)
	}
	var checked struct {
		Language string
		Findings []struct {
			Kind, Text, Message string
			Fixes               []string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &checked); err != nil {
		t.Fatalf("relais check --json: %v\n%s", err, out.String())
	}
	var fromCLI []seen
	for i, g := range checked.Findings {
		fromCLI = append(fromCLI, seen{g.Kind, g.Text, g.Fixes[0]})
		if i < len(msgs) && g.Message != msgs[i] {
			t.Errorf("the command line says %q where the window says %q", g.Message, msgs[i])
		}
	}
	if checked.Language != "fr" || !slices.Equal(fromCLI, want) {
		t.Errorf("relais check found %q (%s)", fromCLI, checked.Language)
	}

	// Scheduling is refused while the typos are there.
	c.post.status.SetSelected("Programmé")
	f.idle()
	if p := f.stored()[0]; p.Status == app.StatusScheduled {
		t.Fatal("a post with typos was scheduled")
	}
	f.w.Window().Canvas().Overlays().Top().Hide()
	f.w.Window().Canvas().Overlays().Remove(f.w.Window().Canvas().Overlays().Top())

	// One click a finding: each row's first button is its best fix.
	for range want {
		_, buttons := proofRows(c.proof)
		if len(buttons) == 0 {
			t.Fatal("no finding left to fix")
		}
		test.Tap(buttons[0][0])
		f.idle()
	}
	fixed := "Bonjour\u202f! Notre boulangerie ouvre déjà samedi, venez goûter nos croissants."
	if c.text.Text != fixed || c.proof.box.Visible() {
		t.Fatalf("after the clicks: %q; the panel shows %v", c.text.Text, c.proof.box.Visible())
	}
	c.post.status.SetSelected("Programmé")
	f.idle()
	if p := f.stored()[0]; p.Status != app.StatusScheduled || p.IgnoreProof || p.Text != fixed {
		t.Errorf("the fixed post: %q, ignore %v, %q", p.Status, p.IgnoreProof, p.Text)
	}
	if strings.Contains(c.status.Text, "erreur") {
		t.Errorf("the status says %q", c.status.Text)
	}
}
