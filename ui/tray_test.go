package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
)

func TestNoticesInBothLanguages(t *testing.T) {
	acc := app.Account{Network: app.Mastodon, Handle: "cm@mastodon.example"}
	post := app.Post{Title: "Launch teaser", Text: "x"}
	refused := &app.NetError{Network: app.Mastodon, Kind: app.FailRejected, Status: 422, Message: "Text too long"}
	ending := app.Account{Network: app.Threads, Handle: "@boulangerie", SignInExpiry: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	endDate, endDateFR := "Dec 1", "1 déc."
	cases := []struct {
		lang   app.Language
		notice app.Notice
		title  string
		body   string
	}{
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeFailed, Post: post, Account: acc, Err: refused},
			"Not published on Mastodon", "“Launch teaser”: Mastodon refused: Text too long"},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeFailed, Post: post, Account: acc, Err: refused},
			"Non publié sur Mastodon", "« Launch teaser » : Mastodon a refusé : Text too long"},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeHeld, Post: post, Account: acc},
			"A post was due while Relais could not publish", "Open Relais to publish or skip “Launch teaser”."},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeHeld, Post: post, Account: acc},
			"Une publication était prévue pendant que Relais ne pouvait pas publier", "Ouvrez Relais pour publier ou sauter « Launch teaser »."},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeReconnect, Post: post, Account: acc, Err: app.ErrReconnect},
			"Reconnect cm@mastodon.example", "Mastodon no longer accepts its sign-in, so “Launch teaser” did not go out. Reconnect it in Accounts."},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeReconnect, Post: post, Account: acc, Err: app.ErrReconnect},
			"Reconnectez cm@mastodon.example", "Mastodon n’accepte plus sa connexion : « Launch teaser » n’est pas parti. Reconnectez-le dans Comptes."},
		// Not a post's: the inbox's read, or a token's renewal.
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeReconnect, Account: acc, Err: app.ErrReconnect},
			"Reconnect cm@mastodon.example", "Mastodon no longer accepts its sign-in. Reconnect it in Accounts."},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeSignInEnds, Account: ending},
			"Sign in again to @boulangerie", "Its Threads sign-in ends on " + endDate + ": reconnect it in Accounts before then, or its posts will not go out."},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeSignInEnds, Account: ending},
			"Reconnectez @boulangerie", "Sa connexion à Threads prend fin le " + endDateFR + " : reconnectez-le dans Comptes avant, sans quoi ses publications ne partiront pas."},
	}
	for _, c := range cases {
		f := newFixture(t, c.lang)
		want := fyne.NewNotification(c.title, c.body)
		test.AssertNotificationSent(t, want, func() {
			f.w.Notifier().Notify(c.notice)
			f.idle()
		})
		f.close()
	}
}

func TestNoticesBeforeTheWindowAreShown(t *testing.T) {
	notices := NewNotices()
	tray := &trayApp{}
	newFixture(t, app.LanguageEnglish, withTray(tray), func(_ *fixture, d *Deps) {
		// Publishing is made before the window, and may notify at once.
		notices.Notify(app.Notice{Kind: app.NoticeHeld, Post: app.Post{Text: "early"}})
		d.Notices = notices
	})
	if len(tray.sent) != 1 || tray.sent[0].Content != "Open Relais to publish or skip “early”." {
		t.Errorf("sent %+v", tray.sent)
	}
}

func TestPublishingNotifiesAFailure(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	s.nets[app.Mastodon].reject = "Text too long"
	c := f.w.compose
	tick(c, "cm@mastodon.example")
	test.Type(c.text, "Too long, says the server")
	f.idle()
	want := fyne.NewNotification("Not published on Mastodon", "“Too long, says the server”: Mastodon refused: Text too long")
	test.AssertNotificationSent(t, want, func() {
		if _, err := s.publishing.PublishNow(context.Background(), c.current); err != nil {
			t.Fatal(err)
		}
		f.idle()
	})
}

func TestTrayKeepsRelaisRunning(t *testing.T) {
	tray := &trayApp{}
	f := newFixture(t, app.LanguageEnglish, withTray(tray))
	if tray.menu == nil || len(tray.windows) != 1 || tray.window != tray.windows[0] {
		t.Fatal("the window did not set up the tray")
	}
	labels := []string{}
	for _, i := range tray.menu.Items {
		labels = append(labels, i.Label)
	}
	if len(labels) != 4 || labels[0] != "Open Relais" || labels[1] != "New draft" || labels[3] != "Quit" || !tray.menu.Items[3].IsQuit {
		t.Fatalf("the tray menu: %q", labels)
	}
	win := tray.windows[0]
	if win.intercept == nil {
		t.Fatal("closing the window is not intercepted")
	}

	// The close button hides the window; Relais goes on.
	test.Type(f.w.compose.text, "typed before closing")
	test.AssertNotificationSent(t, fyne.NewNotification("Relais is still running",
		"It keeps publishing on time. Open it from its icon in the system tray, or by starting Relais again; quit it from the icon’s menu."), func() {
		win.intercept()
	})
	f.idle()
	if !win.hidden || !contains(fyne.CurrentApp().Driver().AllWindows(), win.Window) {
		t.Fatal("the close button did not hide the window, or closed it")
	}
	if got := f.stored(); len(got) != 1 || got[0].Text != "typed before closing" {
		t.Errorf("hiding lost the typing: %+v", got)
	}

	// The tray brings it back, on a new draft.
	tray.menu.Items[1].Action()
	if win.hidden || f.w.View() != "compose" || f.w.compose.text.Text != "" {
		t.Error("New draft does not show the window on an empty draft")
	}

	// Ctrl+W does what the close button does.
	for _, sc := range f.w.shortcuts() {
		if sc.key == fyne.KeyW {
			sc.run()
		}
	}
	f.idle()
	if !win.hidden || !contains(fyne.CurrentApp().Driver().AllWindows(), win.Window) {
		t.Fatal("Ctrl+W did not hide the window, or closed it")
	}
	tray.menu.Items[0].Action()
	if win.hidden {
		t.Fatal("Open Relais does not show the window")
	}

	// Quit really closes, saving what is typed.
	test.Type(f.w.compose.text, "typed before quitting")
	tray.menu.Items[3].Action()
	f.closed = true
	f.ui.drain()
	if contains(fyne.CurrentApp().Driver().AllWindows(), win.Window) {
		t.Error("Quit did not close the window")
	}
	if got := f.stored(); len(got) != 2 {
		t.Errorf("quitting lost the typing: %d drafts", len(got))
	}
}

func TestTrayMenuSpeaksTheNewLanguage(t *testing.T) {
	tray := &trayApp{}
	f := newFixture(t, app.LanguageEnglish, withTray(tray))
	f.w.ShowView("settings")
	f.idle()
	f.w.settings.lang.SetSelectedIndex(2) // Français
	f.idle()
	if tray.menu.Items[0].Label != "Ouvrir Relais" {
		t.Errorf("after choosing French the tray says %q", tray.menu.Items[0].Label)
	}
}

func TestWithoutATrayClosingQuits(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	if f.w.tray != nil {
		t.Fatal("the test app has no tray")
	}
	test.Type(f.w.compose.text, "typed")
	f.close()
	if contains(fyne.CurrentApp().Driver().AllWindows(), f.w.Window()) {
		t.Error("closing did not close")
	}
	if got := f.stored(); len(got) != 1 {
		t.Error("closing lost the typing")
	}
}

func contains(ws []fyne.Window, w fyne.Window) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
