package ui

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// rows are the accounts screen's rows as they show, one per account.
func (f *fixture) rows() []*accountRow {
	s := f.w.accounts
	var out []*accountRow
	for i := range f.w.accountList {
		r := newAccountRow(s)
		r.set(f.w.accountList[i])
		out = append(out, r)
	}
	return out
}

func (f *fixture) openConnect() *connectForm {
	f.t.Helper()
	f.w.ShowView("accounts")
	test.Tap(f.w.accounts.connect)
	if f.w.accounts.form == nil {
		f.t.Fatal("Connect an account opens no dialog")
	}
	return f.w.accounts.form
}

func TestAccountsScreenStartsEmpty(t *testing.T) {
	f, _ := newServicesFixture(t, app.LanguageEnglish)
	f.w.ShowView("accounts")
	if !f.shows("Connect an account") || !f.shows("No account yet. Connect a Mastodon or Bluesky account to publish, or add an RSS feed to follow.") {
		t.Error("an empty Accounts screen does not say how to start")
	}
	if f.shows("Coming soon") {
		t.Error("Accounts still shows the coming panel")
	}
}

func TestConnectMastodonInTheBrowser(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	form := f.openConnect()
	if !form.browser.Disabled() {
		t.Error("signing in is offered before a server is typed")
	}
	test.Type(form.server, "mastodon.example")
	test.Tap(form.browser)
	if !form.working.Visible() || form.form.Visible() || form.workingText.Text != "Waiting for you to allow Relais on mastodon.example, in the browser…" {
		t.Errorf("while signing in the dialog says %q", form.workingText.Text)
	}
	f.idle()
	if got := s.lastOpened(); got != "https://mastodon.example/oauth/authorize?client_id=relais" {
		t.Errorf("the browser was shown %q", got)
	}
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || list[0].Handle != "cm@mastodon.example" {
		t.Fatalf("accounts after signing in: %+v", list)
	}
	if secret, _ := s.secrets.Get(list[0].ID); secret.AccessToken != "from-the-browser" {
		t.Error("the sign-in is not in the keychain")
	}
	if form.shown {
		t.Error("the dialog stays open after connecting")
	}
	if !f.shows("Connected: cm@mastodon.example (Mastodon).") {
		t.Error("the screen does not say the account is connected")
	}
	rows := f.rows()
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if r.name.Text != "cm@mastodon.example" || !strings.HasPrefix(r.about.Text, "Mastodon · ") {
		t.Errorf("row: %q, %q", r.name.Text, r.about.Text)
	}
	if !strings.HasPrefix(r.state.Text, "● connected · tested ") || r.state.Importance != widget.SuccessImportance || r.problem.Visible() || r.reconnect.Visible() {
		t.Errorf("state %q (%v)", r.state.Text, r.state.Importance)
	}
	if r.avatar.Visible() || !r.circle.Visible() || r.initial.Text != "C" || r.circle.FillColor != networkColor(app.Mastodon) {
		t.Error("an account without a picture does not wear its network's colour and initial")
	}
}

func TestCancelTheBrowserSignIn(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	s.nets[app.Mastodon].wait = make(chan struct{}) // the user never comes back
	form := f.openConnect()
	test.Type(form.server, "mastodon.example")
	test.Tap(form.browser)
	test.Tap(form.cancel)
	f.idle()
	if !form.form.Visible() || form.working.Visible() || !form.problem.Visible() || form.problem.Text != "Cancelled: nothing was connected." {
		t.Errorf("after Cancel the dialog says %q", form.problem.Text)
	}
	if list, _ := s.accounts.List(context.Background()); len(list) != 0 {
		t.Errorf("a cancelled sign-in connected %+v", list)
	}
}

func TestConnectMastodonWithACode(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageFrench)
	form := f.openConnect()
	test.Type(form.server, "mastodon.example")
	test.Tap(form.useCode)
	f.idle()
	if got := s.lastOpened(); got != "https://mastodon.example/oauth/authorize?response_type=code" {
		t.Errorf("the code page opened is %q", got)
	}
	if !form.codeBox.Visible() || !form.codeConnect.Disabled() {
		t.Fatal("no field for the code once the page is open")
	}
	test.Type(form.code, "WRONG")
	test.Tap(form.codeConnect)
	f.idle()
	if !form.problem.Visible() || form.problem.Text != "Mastodon a refusé cette connexion : vérifiez-la et réessayez." {
		t.Errorf("a wrong code says %q", form.problem.Text)
	}
	form.code.SetText("CODE-42")
	test.Tap(form.codeConnect)
	f.idle()
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || form.shown || !f.shows("Connecté : cm@mastodon.example (Mastodon).") {
		t.Fatalf("after the right code: %+v", list)
	}
}

func TestConnectMastodonWithATokenRefused(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	s.nets[app.Mastodon].refuse = true
	form := f.openConnect()
	test.Type(form.server, "mastodon.example")
	test.Tap(form.useToken)
	if !form.tokenBox.Visible() || form.token.Password == false {
		t.Fatal("no hidden field for the token")
	}
	test.Type(form.token, "not-a-token")
	test.Tap(form.tokenConnect)
	f.idle()
	if !form.shown || form.problem.Text != "Mastodon refused this sign-in: check it and try again." {
		t.Errorf("a refused token says %q", form.problem.Text)
	}
	if list, _ := s.accounts.List(context.Background()); len(list) != 0 {
		t.Errorf("a refused token connected %+v", list)
	}
	if s.secrets.Len() != 0 {
		t.Error("a refused sign-in is left in the keychain")
	}

	s.nets[app.Mastodon].refuse = false
	test.Tap(form.tokenConnect)
	f.idle()
	if list, _ := s.accounts.List(context.Background()); len(list) != 1 {
		t.Fatalf("the token, accepted, connected %+v", list)
	}
	// The same account again renews its sign-in: not a failure.
	form = f.openConnect()
	test.Type(form.server, "mastodon.example")
	test.Tap(form.useToken)
	test.Type(form.token, "a-newer-token")
	test.Tap(form.tokenConnect)
	f.idle()
	if form.shown || !f.shows("cm@mastodon.example was already connected: its sign-in is renewed.") {
		t.Error("connecting the same account again is not said to renew it")
	}
	list, _ := s.accounts.List(context.Background())
	if secret, _ := s.secrets.Get(list[0].ID); len(list) != 1 || secret.AccessToken != "a-newer-token" {
		t.Errorf("after renewing: %d accounts", len(list))
	}
}

func TestConnectBluesky(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	s.nets[app.Bluesky].avatar = pngBytes(t)
	form := f.openConnect()
	form.kinds.SetSelected("Bluesky")
	if !form.panes[app.Bluesky].Visible() || form.panes[app.Mastodon].Visible() {
		t.Fatal("choosing Bluesky does not show its form")
	}
	if !f.overlayShows("Use an app password, never your main password. To make one in Bluesky: Settings › Privacy and security › App passwords › Add App Password; name it “Relais” and copy it here.") {
		t.Error("no word on how to make an app password")
	}
	test.Type(form.handle, "asso.bsky.social")
	if !form.blueConnect.Disabled() {
		t.Error("connecting is offered without a password")
	}
	test.Type(form.password, "abcd-efgh-ijkl-mnop")
	test.Tap(form.blueConnect)
	f.idle()
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || list[0].Network != app.Bluesky || list[0].Handle != "asso.bsky.social" || list[0].Avatar == "" {
		t.Fatalf("accounts: %+v", list)
	}
	if secret, _ := s.secrets.Get(list[0].ID); secret.Password != "abcd-efgh-ijkl-mnop" {
		t.Error("the app password is not in the keychain")
	}
	r := f.rows()[0]
	if !r.avatar.Visible() || r.circle.Visible() {
		t.Fatal("the account's picture is not shown")
	}
	if _, err := os.Stat(r.avatar.File); err != nil {
		t.Errorf("the picture's file: %v", err)
	}
}

func TestAddAnRSSFeed(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageFrench)
	form := f.openConnect()
	form.kinds.SetSelected("Flux RSS")
	test.Type(form.feed, "https://asso.example/feed.xml")
	test.Tap(form.feedConnect)
	f.idle()
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || list[0].Network != app.RSS {
		t.Fatalf("accounts: %+v; the dialog says %q", list, form.problem.Text)
	}
	r := f.rows()[0]
	if r.name.Text != "Le blog de l’asso" || r.about.Text != "Flux RSS · https://asso.example/feed.xml" || r.circle.FillColor != networkColor(app.RSS) {
		t.Errorf("the feed's row: %q, %q", r.name.Text, r.about.Text)
	}
	if slices.ContainsFunc(f.w.compose.post.options, func(o targetOption) bool { return o.target.Network == app.RSS }) {
		t.Error("a feed is offered as a target in Compose")
	}
	items := f.w.accounts.menuItems(list[0])
	for _, i := range items {
		if i.Label == "Fuseau horaire…" || i.Label == "Se reconnecter…" {
			t.Errorf("a feed offers %q", i.Label)
		}
	}

	// Its watch words: comma-separated, cleaned, and said back.
	a := f.w.accounts
	item(t, items, "Mots surveillés…").Action()
	test.Type(a.edit.entry, " Boulangerie Martin,, croissant , boulangerie martin")
	test.Tap(a.edit.save)
	f.idle()
	if got, _ := s.accounts.Get(context.Background(), list[0].ID); !slices.Equal(got.Watch, []string{"Boulangerie Martin", "croissant"}) {
		t.Errorf("watch words %q", got.Watch)
	}
	if !f.shows("Le blog de l’asso : les articles qui citent Boulangerie Martin, croissant arrivent dans la messagerie.") {
		t.Error("the watch words are not said back")
	}
}

func TestKeychainUnavailableSaysSo(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	s.secrets.Unavailable = true
	form := f.openConnect()
	form.kinds.SetSelected("Bluesky")
	test.Type(form.handle, "asso.bsky.social")
	test.Type(form.password, "abcd-efgh-ijkl-mnop")
	test.Tap(form.blueConnect)
	f.idle()
	want := "The system keychain is not available, and Relais keeps sign-ins nowhere else. Unlock or start your keychain (GNOME Keyring, KWallet…) and try again."
	if !form.problem.Visible() || form.problem.Text != want {
		t.Errorf("without a keychain the dialog says %q", form.problem.Text)
	}
}

func TestDisconnectDeletesTheSignIn(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	f.w.ShowView("accounts")
	item(t, f.w.accounts.menuItems(acc), "Disconnect").Action()
	if !f.overlayShows("Relais will forget this account and delete its sign-in from the system keychain. Posts planned for it will not go out until you choose another account.") {
		t.Fatal("disconnecting does not say the sign-in goes from the keychain")
	}
	f.tapInOverlay("Disconnect")
	f.idle()
	if list, _ := s.accounts.List(context.Background()); len(list) != 0 || len(f.w.accountList) != 0 {
		t.Fatalf("after disconnecting: %+v", list)
	}
	if !slices.Contains(s.secrets.Deleted(), acc.ID) {
		t.Error("the sign-in was not deleted from the keychain")
	}
	if !f.shows("cm@mastodon.example is disconnected; its sign-in is deleted from the keychain.") {
		t.Error("the screen does not say it is done")
	}
}

func TestRenameAndTimeZone(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	f.w.ShowView("accounts")
	a := f.w.accounts

	item(t, a.menuItems(acc), "Rename…").Action()
	test.Type(a.edit.entry, "Client A")
	test.Tap(a.edit.save)
	f.idle()
	if got, _ := s.accounts.Get(context.Background(), acc.ID); got.Label != "Client A" {
		t.Errorf("renamed to %q", got.Label)
	}
	if r := f.rows()[0]; r.name.Text != "Client A" || !strings.Contains(r.about.Text, "cm@mastodon.example") {
		t.Errorf("the renamed row: %q, %q", r.name.Text, r.about.Text)
	}
	if !slices.ContainsFunc(f.w.compose.post.options, func(o targetOption) bool { return o.label == "Client A" }) {
		t.Error("Compose does not offer the account under its new name")
	}

	item(t, a.menuItems(acc), "Time zone…").Action()
	test.Type(a.edit.entry, "Mars/Olympus")
	test.Tap(a.edit.save)
	f.idle()
	if !a.edit.shown || a.edit.problem.Text != "Unknown time zone: use a name such as Europe/Paris." {
		t.Errorf("an unknown zone says %q", a.edit.problem.Text)
	}
	a.edit.entry.SetText("America/Montreal")
	test.Tap(a.edit.save)
	f.idle()
	if got, _ := s.accounts.Get(context.Background(), acc.ID); got.Zone != "America/Montreal" || a.edit.shown {
		t.Errorf("zone %q", got.Zone)
	}
	if r := f.rows()[0]; !strings.HasSuffix(r.about.Text, " · America/Montreal") {
		t.Errorf("the row says %q", r.about.Text)
	}
}

func TestReconnectAnAccountRefused(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	f.w.ShowView("accounts")
	// The network stops accepting the sign-in: Test says so.
	s.nets[app.Mastodon].refuse = true
	test.Tap(f.rows()[0].test)
	f.idle()
	if !f.shows("cm@mastodon.example: Mastodon no longer accepts this account’s sign-in: reconnect it in Accounts.") {
		t.Error("a failed test does not say why")
	}
	r := f.rows()[0]
	if r.state.Text != "● needs signing in again" || r.state.Importance != widget.DangerImportance || !r.problem.Visible() || !r.reconnect.Visible() {
		t.Fatalf("a refused account shows %q, problem %q", r.state.Text, r.problem.Text)
	}

	s.nets[app.Mastodon].refuse = false
	test.Tap(r.reconnect)
	form := f.w.accounts.form
	if form.again == nil || form.kinds.Visible() || form.server.Text != "https://mastodon.example" || !form.server.Disabled() {
		t.Fatal("Reconnect does not sign the same account in again")
	}
	test.Tap(form.browser)
	f.idle()
	got, _ := s.accounts.Get(context.Background(), acc.ID)
	if secret, _ := s.secrets.Get(acc.ID); got.State != app.AccountConnected || secret.AccessToken != "from-the-browser" {
		t.Errorf("after reconnecting: %s", got.State)
	}
	if !f.shows("cm@mastodon.example is connected again.") {
		t.Error("the screen does not say it is connected again")
	}
}

func TestAccountsWithoutServicesShowTheComingPanel(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.w.ShowView("accounts")
	if f.w.accounts != nil || !f.shows("Coming soon") {
		t.Error("without Accounts the screen should say it is coming")
	}
	if f.w.compose.publish.Visible() {
		t.Error("Publish now is offered without Publishing")
	}
}

func TestAccountProblemInTheUsersLanguage(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	tr := f.w.tr
	for _, c := range []struct {
		acc  app.Account
		want string
	}{
		{app.Account{Network: app.Mastodon, State: app.AccountReauth,
			Problem: (&app.NetError{Network: app.Mastodon, Kind: app.FailAuth, Status: 401, Message: "The access token was revoked"}).Error()},
			"Mastodon n’accepte plus la connexion : utilisez Reconnecter. (The access token was revoked)"},
		{app.Account{Network: app.Bluesky, State: app.AccountOffline,
			Problem: (&app.NetError{Network: app.Bluesky, Kind: app.FailOffline}).Error()},
			"Bluesky était injoignable au dernier essai."},
		{app.Account{Network: app.Bluesky, State: app.AccountReauth, Problem: "account x: " + app.ErrNoSecret.Error()},
			"Le trousseau ne contient pas la connexion de ce compte : reconnectez-le."},
		{app.Account{Network: app.Bluesky, State: app.AccountOffline, Problem: "something new"}, "something new"},
	} {
		if got := accountProblem(tr, c.acc); got != c.want {
			t.Errorf("%q reads %q", c.acc.Problem, got)
		}
	}
}

func TestConnectingOfflineSaysToTryAgain(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageFrench)
	s.nets[app.RSS].offline = true
	form := f.openConnect()
	form.kinds.SetSelected("Flux RSS")
	test.Type(form.feed, "https://asso.example/feed.xml")
	test.Tap(form.feedConnect)
	f.idle()
	if form.problem.Text != "https://asso.example/feed.xml est injoignable : vérifiez l’adresse et la connexion, puis réessayez." {
		t.Errorf("offline, the dialog says %q", form.problem.Text)
	}
}

// TestConnectBlueskyWithItsOwnPLCDirectory: the advanced part of the
// Bluesky form names a PLC directory of one's own, as it names a PDS;
// the account keeps it, and signing it in again shows it, unchanged.
func TestConnectBlueskyWithItsOwnPLCDirectory(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageFrench)
	form := f.openConnect()
	form.kinds.SetSelected("Bluesky")
	if !f.overlayShows("Seulement pour un réseau Bluesky à vous, dont les comptes sont dans son propre annuaire PLC. Laissez vide : plc.directory.") {
		t.Error("the PLC directory is not explained")
	}
	test.Type(form.handle, "asso.test")
	test.Type(form.password, "abcd-efgh-ijkl-mnop")
	test.Type(form.plc, " http://localhost:2582 ")
	test.Tap(form.blueConnect)
	f.idle()
	list, _ := s.accounts.List(context.Background())
	if len(list) != 1 || list[0].PLC != "http://localhost:2582" {
		t.Fatalf("accounts: %+v; the dialog says %q", list, form.problem.Text)
	}
	f.w.accounts.openConnect(&list[0])
	again := f.w.accounts.form
	if again.plc.Text != "http://localhost:2582" || !again.plc.Disabled() {
		t.Errorf("signing in again shows the directory %q (disabled %v), want the account's, unchanged", again.plc.Text, again.plc.Disabled())
	}
}
