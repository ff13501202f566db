package ui

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/autostart"
)

var testInfo = appinfo.Info{Name: "Relais", ID: "app.relais.desktop", Version: "9.8.7", Build: 42, Website: "https://example.org/relais"}

func withInfo(f *fixture, d *Deps) { d.Info = testInfo }

// texts are the texts of the labels, hyperlinks and buttons in o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, o := range test.LaidOutObjects(o) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *widget.Hyperlink:
			out = append(out, o.Text)
		case *widget.Button:
			out = append(out, o.Text)
		case *canvas.Text:
			out = append(out, o.Text)
		}
	}
	return out
}

// topOverlay is what the window shows above its content: a dialog.
func (f *fixture) topOverlay() fyne.CanvasObject {
	return f.w.Window().Canvas().Overlays().Top()
}

func TestAboutBoxFromTheSidebarShowsVersionAndLicences(t *testing.T) {
	for _, c := range []struct {
		lang                   app.Language
		title, licence, ships  string
		dictionaryKind, module string
	}{
		{app.LanguageEnglish, "About Relais", "Relais is free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later).", "Shipped inside Relais, with their licences", "Dictionary", "Go module"},
		{app.LanguageFrench, "À propos de Relais", "Relais est un logiciel libre sous licence publique générale GNU, version 3 ou ultérieure (GPL-3.0-or-later).", "Livré dans Relais, avec leurs licences", "Dictionnaire", "Module Go"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			f := newFixture(t, c.lang, withInfo)
			// The info button beside Relais's name in the sidebar.
			var info *widget.Button
			for _, o := range test.LaidOutObjects(f.w.Window().Content()) {
				if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.InfoIcon().Name() && b.Text == "" {
					info = b
				}
			}
			if info == nil {
				t.Fatal("no About button in the sidebar")
			}
			test.Tap(info)
			box := f.topOverlay()
			if box == nil || f.w.about == nil {
				t.Fatal("no About box")
			}
			shown := strings.Join(texts(box), "\n")
			for _, want := range []string{c.title, "Relais 9.8.7 (build 42)", c.licence, c.ships, appinfo.Platform(),
				"Noto Sans", "OFL-1.1", "MPL-2.0", "SCOWL (permissive)", c.dictionaryKind} {
				if !strings.Contains(shown, want) {
					t.Errorf("the About box does not say %q:\n%s", want, shown)
				}
			}
			// Every part is in the list, the Go modules too.
			list := f.w.about.list
			if list.Length() != len(appinfo.Parts("")) {
				t.Errorf("the list has %d parts", list.Length())
			}
			row := list.CreateItem()
			last := list.Length() - 1
			list.UpdateItem(last, row)
			if got := texts(row); !strings.Contains(strings.Join(got, "\n"), c.module) {
				t.Errorf("the last row %q is not a Go module", got)
			}
		})
	}
}

func TestAboutBoxShowsEachLicenceText(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish, withInfo)
	f.w.ShowView("settings")
	f.idle()
	var about *widget.Button
	for _, o := range test.LaidOutObjects(f.w.Window().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "About Relais" {
			about = b
		}
	}
	if about == nil || !f.shows("Relais 9.8.7 (build 42)") {
		t.Fatal("Settings shows no version or no About button")
	}
	test.Tap(about)
	parts := f.w.about.parts
	for i, p := range parts {
		if p.Kind != appinfo.KindDictionary && p.Kind != appinfo.KindFont && i != 0 && p.Name != "golang.org/x/text" {
			continue
		}
		row := f.w.about.list.CreateItem()
		f.w.about.list.UpdateItem(i, row)
		var view *widget.Button
		for _, o := range test.LaidOutObjects(row) {
			if b, ok := o.(*widget.Button); ok && b.Text == "Licence" {
				view = b
			}
		}
		if view == nil {
			t.Fatalf("row %d (%s) has no Licence button", i, p.Name)
		}
		test.Tap(view)
		shown := strings.Join(texts(f.topOverlay()), "\n")
		// The list shows the first lines of the text, all of them as the
		// user scrolls.
		first := strings.SplitN(wrapLines(string(p.Text), licenceColumns), "\n", 3)
		if !strings.Contains(shown, first[0]+"\n"+first[1]) || strings.Join(f.w.about.lines, "\n") != wrapLines(string(p.Text), licenceColumns) ||
			!strings.Contains(shown, p.Name+" is distributed under "+p.Licence) {
			t.Errorf("the licence of %s is not shown:\n%.300s", p.Name, shown)
		}
		f.w.about.licence.Hide()
	}
}

// fakeAutostart stands for ui/autostart in tests.
type fakeAutostart struct {
	mu    sync.Mutex
	on    bool
	fail  error // what Enable and Disable return
	calls []string
}

func (a *fakeAutostart) Enable() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, "enable")
	if a.fail != nil {
		return a.fail
	}
	a.on = true
	return nil
}

func (a *fakeAutostart) Disable() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, "disable")
	if a.fail != nil {
		return a.fail
	}
	a.on = false
	return nil
}

func (a *fakeAutostart) Enabled() (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.on, nil
}

func TestStartAtLoginInSettings(t *testing.T) {
	auto := &fakeAutostart{on: true}
	f := newFixture(t, app.LanguageFrench, func(f *fixture, d *Deps) { d.Autostart = auto })
	f.w.ShowView("settings")
	f.idle()
	s := f.w.settings
	if s.login == nil || s.login.Text != "Lancer Relais à l’ouverture de session" {
		t.Fatal("no start-at-login choice in Settings")
	}
	if !s.login.Checked || s.login.Disabled() {
		t.Fatal("the box does not show that Relais starts at login")
	}
	test.Tap(s.login)
	f.idle()
	if s.login.Checked || strings.Join(auto.calls, ",") != "disable" || auto.on {
		t.Errorf("unticking: checked %v, calls %v", s.login.Checked, auto.calls)
	}
	test.Tap(s.login)
	f.idle()
	if !s.login.Checked || strings.Join(auto.calls, ",") != "disable,enable" || !auto.on || s.loginStatus.Visible() {
		t.Errorf("ticking: checked %v, calls %v", s.login.Checked, auto.calls)
	}

	// A failure is said, and the box shows what is really so.
	auto.fail = errors.New("autostart: writing app.relais.desktop: permission denied")
	test.Tap(s.login)
	f.idle()
	if !s.login.Checked || !s.loginStatus.Visible() ||
		s.loginStatus.Text != "Relais n’a pas pu changer son lancement à l’ouverture de session : autostart: writing app.relais.desktop: permission denied" {
		t.Errorf("a failure to turn it off: checked %v, says %q", s.login.Checked, s.loginStatus.Text)
	}
	auto.fail = nil
	auto.on = false
	f.w.ShowView("settings") // read again
	f.idle()
	s = f.w.settings
	auto.fail = autostart.ErrNotOurs
	test.Tap(s.login)
	f.idle()
	if s.login.Checked || !strings.Contains(s.loginStatus.Text, "écrite par quelqu’un d’autre") {
		t.Errorf("someone else's entry: checked %v, says %q", s.login.Checked, s.loginStatus.Text)
	}
}

func TestWithoutAutostartSettingsLeaveTheChoiceOut(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.w.ShowView("settings")
	f.idle()
	if f.w.settings.login != nil || f.shows("Start Relais when I log in") {
		t.Error("a choice that cannot work is offered")
	}
}

func TestBackgroundStartsInTheTrayThenPresents(t *testing.T) {
	tray := &trayApp{}
	f := newFixture(t, app.LanguageEnglish, withTray(tray), func(f *fixture, d *Deps) { f.background = true })
	win := tray.windows[0]
	if !tray.ran || win.shows != 0 || !f.w.hidden {
		t.Fatalf("relais --background: ran %v, window shown %d times, hidden %v", tray.ran, win.shows, f.w.hidden)
	}
	// The tray's Open Relais shows the window that was never shown.
	tray.menu.Items[0].Action()
	if win.shows != 1 || win.hidden || f.w.hidden {
		t.Errorf("Open Relais: shown %d times, hidden %v", win.shows, win.hidden)
	}
	// Hidden again, a second relais --view calendar presents it there.
	f.w.hideToTray()
	f.idle()
	f.w.Present("calendar")
	if win.shows != 2 || win.hidden || f.w.View() != "calendar" {
		t.Errorf("a second relais: shown %d times, hidden %v, on %s", win.shows, win.hidden, f.w.View())
	}
}

func TestWithoutBackgroundTheWindowShows(t *testing.T) {
	tray := &trayApp{}
	f := newFixture(t, app.LanguageEnglish, withTray(tray))
	f.w.Run(false)
	if win := tray.windows[0]; win.shows != 2 || win.hidden || f.w.hidden {
		t.Errorf("Run(false): shown %d times (the fixture shows it once), hidden %v", win.shows, f.w.hidden)
	}
}

func TestWrapLinesKeepsEveryWordWithinTheWidth(t *testing.T) {
	for _, p := range appinfo.Parts("") {
		wrapped := wrapLines(string(p.Text), licenceColumns)
		for _, line := range strings.Split(wrapped, "\n") {
			if n := len([]rune(line)); n > licenceColumns {
				t.Errorf("%s: a line of %d runes: %q", p.Name, n, line)
			}
		}
		// Only white space changes (a word longer than the width, a
		// long link, is cut).
		if got, want := strings.Fields(wrapped), strings.Fields(string(p.Text)); strings.Join(got, "") != strings.Join(want, "") {
			t.Errorf("%s: wrapping changed the text", p.Name)
		}
	}
	if got := wrapLines("short line\n\n"+strings.Repeat("word ", 20)+"end", 30); got != "short line\n\nword word word word word word\nword word word word word word\nword word word word word word\nword word end" {
		t.Errorf("wrapLines = %q", got)
	}
	if got := wrapLines(strings.Repeat("x", 25), 10); got != "xxxxxxxxxx\nxxxxxxxxxx\nxxxxx" {
		t.Errorf("a word longer than the width: %q", got)
	}
}

// BenchmarkShowLicence opens the longest licence text, the GPL's 35 kB,
// and lays it out. A label wrapping it took 0.5 s to 1.8 s on the UI
// goroutine, a text grid 0.6 s; the list of lines takes about 1 ms.
func BenchmarkShowLicence(b *testing.B) {
	a := test.NewTempApp(b)
	db, err := storage.Open(b.TempDir(), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q := &uiQueue{}
	drafts := app.NewDrafts(db, app.SystemClock{})
	w := newWindow(a, Deps{
		Drafts: drafts, Calendar: app.NewCalendar(db, drafts, app.SystemClock{}, time.Local),
		Settings: app.NewSettings(db), Lang: app.LanguageEnglish, SystemLang: app.LanguageEnglish,
		SaveDelay: time.Hour, UndoFor: time.Hour, Info: testInfo,
	}, q.do)
	w.Window().Resize(fyne.NewSize(1100, 720))
	w.Window().Show()
	defer func() {
		w.Window().Close()
		q.drain()
	}()
	w.showAbout()
	gpl := w.about.parts[0]
	b.ResetTimer()
	for b.Loop() {
		w.about.showLicence(gpl)
		if len(test.LaidOutObjects(w.Window().Canvas().Overlays().Top())) == 0 {
			b.Fatal("nothing shown")
		}
		w.about.licence.Hide()
	}
}
