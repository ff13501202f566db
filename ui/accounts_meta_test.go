package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
)

const testAppSecret = "0123456789abcdef0123456789abcdef"

// withSignInPort gives the workspace the sign-in port 51234.
func withSignInPort(s *services) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) {
		s.accounts.UseSignInPort(func(context.Context) (int, error) { return 51234, nil })
	}
}

// withThreadsConnector registers a Threads connector that signs in by a
// pasted address, as the Threads connector does.
func withThreadsConnector(s *services) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) {
		threads := &fakeNet{network: app.MetaThreads.Network()}
		s.nets[threads.network] = threads
		dialers := []app.Dialer{threads}
		for _, n := range app.AccountNetworks {
			dialers = append(dialers, s.nets[n])
		}
		s.accounts = app.NewAccounts(f.db, s.secrets, app.NewRegistry(dialers...), d.Media, d.Clock)
		s.accounts.UseSignInPort(func(context.Context) (int, error) { return 51234, nil })
		d.Accounts = s.accounts
	}
}

func richText(r *widget.RichText) string {
	var b strings.Builder
	var walk func(segs []widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, seg := range segs {
			switch s := seg.(type) {
			case *widget.ListSegment:
				walk(s.Items)
			case *widget.ParagraphSegment:
				walk(s.Texts)
			case *widget.HyperlinkSegment:
				b.WriteString(s.Text + " <" + s.URL.String() + ">")
			default:
				b.WriteString(seg.Textual())
			}
			if seg.Inline() {
				continue
			}
			b.WriteString("\n")
		}
	}
	walk(r.Segments)
	return b.String()
}

// guideOf finds the guide of a Meta pane.
func guideOf(t *testing.T, pane fyne.CanvasObject) string {
	t.Helper()
	for _, o := range test.LaidOutObjects(pane) {
		if r, ok := o.(*widget.RichText); ok && len(r.Segments) > 2 {
			return richText(r)
		}
	}
	t.Fatal("no guide in the pane")
	return ""
}

func TestThreadsGuideAndAppInTheKeychain(t *testing.T) {
	s := &services{}
	f := newFixture(t, app.LanguageEnglish, withServices(s), withSignInPort(s))
	form := f.openConnect()
	form.kinds.SetSelected("Threads")
	f.idle()
	m := form.meta[app.MetaThreads]
	if m == nil || !form.panes[app.MetaThreads.Network()].Visible() {
		t.Fatal("choosing Threads shows no guide")
	}
	guide := guideOf(t, form.panes[app.MetaThreads.Network()])
	for _, want := range []string{"Access the Threads API", "threads_basic", "threads_content_publish", "threads_manage_replies",
		"threads_read_replies", "threads_manage_insights", "https://developers.facebook.com/apps", "Threads Tester", "Redirect Callback URLs"} {
		if !strings.Contains(guide, want) {
			t.Errorf("the guide lacks %q:\n%s", want, guide)
		}
	}
	if m.redirect.Text != "https://127.0.0.1:51234/callback" || m.copy.Disabled() {
		t.Errorf("redirect URI %q", m.redirect.Text)
	}
	test.Tap(m.copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != "https://127.0.0.1:51234/callback" {
		t.Errorf("Copy put %q on the clipboard", got)
	}
	// The sign-in is offered when the network's connector signs in through
	// the browser, and waits for it otherwise.
	if can := form.s.w.deps.Accounts.SignsInWithBrowser(app.Threads); can == m.signIn.Disabled() || can == m.coming.Visible() {
		t.Errorf("browser sign-in %v: sign-in disabled %v, coming shown %v", can, m.signIn.Disabled(), m.coming.Visible())
	}

	if !m.save.Disabled() {
		t.Error("Save is offered with no app")
	}
	test.Type(m.appID, "1234567890123456")
	test.Type(m.secret, "not a secret")
	test.Tap(m.save)
	f.idle()
	if !form.problem.Visible() || form.problem.Text != "An app secret is 32 characters, digits and the letters a to f, as Meta's developer console shows it after “Show”." {
		t.Errorf("a bad secret says %q", form.problem.Text)
	}
	m.secret.SetText("")
	test.Type(m.secret, testAppSecret)
	test.Tap(m.save)
	f.idle()
	got, err := s.accounts.MetaApps().App(context.Background(), app.MetaThreads)
	if err != nil || got.ID != "1234567890123456" || got.Secret != testAppSecret {
		t.Fatalf("the app in the keychain: %v, %v", got, err)
	}
	if m.secret.Text != "" || !m.saved.Visible() || m.saved.Text != "The Threads app 1234567890123456 is saved in the system keychain." {
		t.Errorf("after saving: secret field %q, saved %q", m.secret.Text, m.saved.Text)
	}
	// The database never holds it.
	for _, key := range []string{"meta app threads", testAppSecret} {
		if v, _ := f.db.Setting(context.Background(), key); v != "" {
			t.Errorf("a setting holds the app")
		}
	}

	// Opened again, the dialog knows the app.
	form.dialog.Hide()
	form = f.openConnect()
	form.kinds.SetSelected("Threads")
	f.idle()
	if m := form.meta[app.MetaThreads]; m.appID.Text != "1234567890123456" || m.saved.Text != "App 1234567890123456 is saved in the keychain. Paste another ID and secret to replace it." {
		t.Errorf("opened again: %q, %q", m.appID.Text, m.saved.Text)
	}
}

func TestFacebookGuideInFrench(t *testing.T) {
	s := &services{}
	f := newFixture(t, app.LanguageFrench, withServices(s), withSignInPort(s))
	form := f.openConnect()
	form.kinds.SetSelected("Facebook")
	f.idle()
	m := form.meta[app.MetaFacebook]
	guide := guideOf(t, form.panes[app.MetaFacebook.Network()])
	for _, want := range []string{"Tout gérer sur votre Page", "pages_manage_posts", "pages_read_engagement", "pages_manage_engagement",
		"pages_read_user_content", "read_insights", "URI de redirection OAuth valides"} {
		if !strings.Contains(guide, want) {
			t.Errorf("the guide lacks %q:\n%s", want, guide)
		}
	}
	if m.redirect.Text != "http://localhost:51234/callback" || m.signIn.Text != "Se connecter avec le navigateur" {
		t.Errorf("redirect %q, button %q", m.redirect.Text, m.signIn.Text)
	}
	form.kinds.SetSelected("Instagram")
	f.idle()
	if ig := form.meta[app.MetaInstagram]; ig.redirect.Text != "https://127.0.0.1:51234/callback" || ig.signIn.Text != "Ouvrir la page de connexion" {
		t.Errorf("Instagram: %q, %q", ig.redirect.Text, ig.signIn.Text)
	}
}

func TestThreadsSignInByPastingTheAddress(t *testing.T) {
	s := &services{}
	f := newFixture(t, app.LanguageEnglish, withServices(s), withThreadsConnector(s))
	form := f.openConnect()
	form.kinds.SetSelected("Threads")
	f.idle()
	m := form.meta[app.MetaThreads]
	if m.signIn.Disabled() || m.coming.Visible() {
		t.Fatal("with its connector, Threads still waits for it")
	}
	test.Tap(m.signIn)
	f.idle()
	if !strings.Contains(s.lastOpened(), "/oauth/authorize") || !m.pasteBox.Visible() {
		t.Fatalf("opened %q, paste box %v", s.lastOpened(), m.pasteBox.Visible())
	}
	test.Type(m.paste, "CODE-42")
	test.Tap(m.finish)
	f.idle()
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || list[0].Network != app.MetaThreads.Network() {
		t.Fatalf("accounts: %+v", list)
	}
	if form.shown {
		t.Error("the dialog stays open")
	}
}

func TestSignInEndsSoonAsksToSignInAgain(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "https://mastodon.example"}, app.Secret{AccessToken: "t"})
	now := f.w.deps.Clock.Now()
	if _, err := s.accounts.NoteSignInExpiry(context.Background(), acc.ID, now.Add(30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	f.idle()
	r := f.rows()[0]
	if strings.Contains(r.state.Text, "sign in again") || r.reconnect.Visible() {
		t.Errorf("a month ahead: %q", r.state.Text)
	}
	ends := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, time.Local).Add(5 * 24 * time.Hour)
	s.accounts.NoteSignInExpiry(context.Background(), acc.ID, ends)
	f.idle()
	r = f.rows()[0]
	want := "sign in again before " + f.w.tr.Date(ends, now)
	if !strings.Contains(r.state.Text, want) || !r.reconnect.Visible() || r.state.Importance != widget.WarningImportance {
		t.Errorf("five days ahead: %q (want %q), reconnect %v", r.state.Text, want, r.reconnect.Visible())
	}
}

// TestInstagramSignInByPastingTheAddress: with its connector, the
// Instagram pane opens the sign-in page and connects with the address
// pasted back.
func TestInstagramSignInByPastingTheAddress(t *testing.T) {
	s := &services{}
	f := newFixture(t, app.LanguageEnglish, withServices(s))
	form := f.openConnect()
	form.kinds.SetSelected("Instagram")
	f.idle()
	m := form.meta[app.MetaInstagram]
	if m.signIn.Disabled() || m.coming.Visible() {
		t.Fatal("with its connector, Instagram still waits for it")
	}
	test.Tap(m.signIn)
	f.idle()
	if !strings.Contains(s.lastOpened(), "/oauth/authorize") || !m.pasteBox.Visible() {
		t.Fatalf("opened %q, paste box %v", s.lastOpened(), m.pasteBox.Visible())
	}
	test.Type(m.paste, "CODE-42")
	test.Tap(m.finish)
	f.idle()
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || list[0].Network != app.Instagram {
		t.Fatalf("accounts: %+v", list)
	}
}

// pagesDialer is the Facebook connector against its fake, whose browser
// sign-in gives the token of a user who manages two Pages.
type pagesDialer struct {
	*facebook.Dialer
	api string
}

func (d pagesDialer) SignIn(ctx context.Context, server string, open func(string) error) (app.Secret, error) {
	if err := open(d.api + "/dialog/oauth?client_id=1234567890123456"); err != nil {
		return app.Secret{}, err
	}
	return app.Secret{AccessToken: facebooktest.UserToken, ClientID: "1234567890123456", ClientSecret: testAppSecret}, nil
}

func (d pagesDialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	acc.Server = d.api
	return d.Dialer.Open(acc, creds)
}

// withTwoPages registers the Facebook connector, against a fake where
// the user manages two Pages.
func withTwoPages(s *services, t *testing.T) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) {
		fake := facebooktest.Start(t)
		fake.SecondPage = true
		dialers := []app.Dialer{pagesDialer{Dialer: facebook.NewDialer(), api: fake.URL()}}
		for _, n := range app.AccountNetworks {
			if n != app.Facebook {
				dialers = append(dialers, s.nets[n])
			}
		}
		s.accounts = app.NewAccounts(f.db, s.secrets, app.NewRegistry(dialers...), d.Media, d.Clock)
		s.accounts.UseSignInPort(func(context.Context) (int, error) { return 51234, nil })
		d.Accounts = s.accounts
	}
}

// TestFacebookSignInOffersThePagesToChoose: a sign-in that reaches two
// Pages shows them, by name and ID, in the user's language; the Page
// chosen is connected with its own token.
func TestFacebookSignInOffersThePagesToChoose(t *testing.T) {
	for _, c := range []struct {
		lang           app.Language
		choose, button string
	}{
		{app.LanguageEnglish, "This sign-in reaches several Pages. Choose the one Relais connects:", "Connect this Page"},
		{app.LanguageFrench, "Cette connexion donne accès à plusieurs Pages. Choisissez celle que Relais connecte :", "Connecter cette Page"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			s := &services{}
			f := newFixture(t, c.lang, withServices(s), withTwoPages(s, t))
			form := f.openConnect()
			form.kinds.SetSelected("Facebook")
			f.idle()
			m := form.meta[app.MetaFacebook]
			if m.signIn.Disabled() || m.pageBox.Visible() {
				t.Fatal("Facebook's sign-in is not offered, or the Pages show before it")
			}
			test.Tap(m.signIn)
			f.idle()
			if list, _ := s.accounts.List(context.Background()); len(list) != 0 {
				t.Fatalf("connected %+v before a Page was chosen", list)
			}
			want := []string{facebooktest.PageName + " (ID " + facebooktest.PageID + ")", "Martin Traiteur (ID " + facebooktest.OtherPageID + ")"}
			if !m.pageBox.Visible() || strings.Join(m.pages.Options, "|") != strings.Join(want, "|") || form.problem.Visible() {
				t.Fatalf("the Pages shown %v (box %v), want %v; problem %q", m.pages.Options, m.pageBox.Visible(), want, form.problem.Text)
			}
			var texts []string
			for _, o := range test.LaidOutObjects(m.pageBox) {
				if l, ok := o.(*widget.Label); ok {
					texts = append(texts, l.Text)
				}
			}
			if !strings.Contains(strings.Join(texts, "\n"), c.choose) || m.connectPage.Text != c.button {
				t.Errorf("the choice says %q, its button %q", texts, m.connectPage.Text)
			}
			if !m.connectPage.Disabled() {
				t.Error("Connect is offered before a Page is chosen")
			}
			m.pages.SetSelected(want[0])
			if m.connectPage.Disabled() {
				t.Fatal("a Page chosen, Connect is still off")
			}
			test.Tap(m.connectPage)
			f.idle()
			list, _ := s.accounts.List(context.Background())
			if len(list) != 1 || list[0].RemoteID != facebooktest.PageID || list[0].Network != app.Facebook {
				t.Fatalf("accounts %+v, want the Page chosen", list)
			}
			secret, err := s.secrets.Secret(context.Background(), list[0].ID)
			if err != nil || secret.AccessToken != facebooktest.PageToken {
				t.Errorf("the keychain holds the user's token (%v), want the Page's", err)
			}
			if form.shown || m.pageSecret.AccessToken != "" {
				t.Error("the dialog stays open, or keeps the sign-in")
			}
		})
	}
}
