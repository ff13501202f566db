package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

func TestDamagedDialogOffersTheBackup(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 12, 6, 22, 40, 0, 0, time.Local)
	d := &app.DamagedError{
		Path: "/data/relais.db", MovedTo: "/data/relais.db.damaged-2026-12-06T224000Z",
		Backup: "/data/backups/relais-daily-2026-12-05T090000Z.zip", BackupAt: time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local),
	}
	var chosen []DamagedChoice
	content := damagedContent(i18n.New(app.LanguageEnglish), d, now, func(c DamagedChoice) { chosen = append(chosen, c) })
	w := test.NewWindow(content)
	defer w.Close()
	w.Resize(fyne.NewSize(560, 240))

	var text string
	buttons := map[string]*widget.Button{}
	for _, o := range withinScroll(content) {
		switch o := o.(type) {
		case *widget.Label:
			text += o.Text
		case *widget.Button:
			buttons[o.Text] = o
		}
	}
	for _, want := range []string{"/data/relais.db is damaged", "relais.db.damaged-2026-12-06T224000Z", "relais-daily-2026-12-05T090000Z.zip"} {
		if !strings.Contains(text, want) {
			t.Errorf("the message %q lacks %q", text, want)
		}
	}
	open, ok := buttons["Open the backup of Dec 5"]
	if !ok || buttons["Start empty"] == nil || buttons["Quit"] == nil {
		t.Fatalf("buttons %v", buttons)
	}
	test.Tap(open)
	test.Tap(buttons["Start empty"])
	test.Tap(buttons["Quit"])
	if len(chosen) != 3 || chosen[0] != DamagedOpenBackup || chosen[1] != DamagedStartEmpty || chosen[2] != DamagedQuit {
		t.Errorf("chosen %v", chosen)
	}
}

func TestDamagedDialogWithoutBackup(t *testing.T) {
	test.NewTempApp(t)
	d := &app.DamagedError{Path: "/data/relais.db", MovedTo: "/data/relais.db.damaged-x"}
	content := damagedContent(i18n.New(app.LanguageFrench), d, time.Now(), func(DamagedChoice) {})
	var labels []string
	for _, o := range withinScroll(content) {
		if b, ok := o.(*widget.Button); ok {
			labels = append(labels, b.Text)
		}
		if l, ok := o.(*widget.Label); ok && !strings.Contains(l.Text, "pas de sauvegarde") {
			t.Errorf("the message %q does not say there is no backup", l.Text)
		}
	}
	if strings.Join(labels, "|") != "Quitter|Repartir de zéro" {
		t.Errorf("buttons %v", labels)
	}
}

// withinScroll is within, through scroll containers too.
func withinScroll(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, x := range within(o) {
		out = append(out, x)
		if s, ok := x.(*container.Scroll); ok {
			out = append(out, withinScroll(s.Content)...)
		}
	}
	return out
}

func TestSettingsShowTheLastBackup(t *testing.T) {
	at := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	var opened []string
	f := newFixture(t, app.LanguageEnglish, func(f *fixture, d *Deps) {
		d.LastBackup = func() (time.Time, bool) { return at, true }
		d.BackupsDir = "/data/backups"
		d.OpenURL = func(page string) error { opened = append(opened, page); return nil }
	})
	f.w.ShowView("settings")
	f.idle()
	st := f.w.settings
	if !strings.Contains(st.lastBackup.Text, "Last backup: yesterday") {
		t.Errorf("settings say %q", st.lastBackup.Text)
	}
	if st.openBackups == nil {
		t.Fatal("no button opens the backups folder")
	}
	test.Tap(st.openBackups)
	if len(opened) != 1 || opened[0] != "file:///data/backups" {
		t.Errorf("opened %v", opened)
	}
}

func TestDraftsSayWhatWasSetAside(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish, func(f *fixture, d *Deps) {
		d.Unreadable = func() (int, int) { return 1, 1 }
	})
	f.create("kept", "Bonjour")
	f.w.ShowView("compose")
	f.w.compose.reload()
	f.idle()
	if got := f.w.compose.count.Text; got != "1 draft · 1 could not be read and was set aside" {
		t.Errorf("the count says %q", got)
	}
}

func TestAFailedSearchShowsNoStaleList(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.create("one", "Bonjour")
	f.create("two", "Salut")
	f.w.ShowView("compose")
	f.idle()
	if len(f.w.compose.items) != 2 {
		t.Fatalf("%d drafts listed", len(f.w.compose.items))
	}
	f.db.Close() // every read fails from now on
	f.w.compose.search.SetText("one")
	f.idle()
	c := f.w.compose
	if len(c.items) != 0 || !c.hint.Visible() || c.hint.Text == "" {
		t.Errorf("after a failed search: %d items, hint %q (visible %v)", len(c.items), c.hint.Text, c.hint.Visible())
	}
}
