package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// connectForm is the dialog that connects an account, or signs one in
// again: Mastodon through the browser (or a code, or a token), Bluesky
// with an app password, an RSS feed by its address. The sign-in goes to
// the system keychain through app.Accounts; nothing here keeps it.
type connectForm struct {
	s       *accountsScreen
	again   *app.Account // the account signed in again; nil for a new one
	dialog  *dialog.CustomDialog
	shown   bool
	kinds   *widget.RadioGroup
	network app.Network
	panes   map[app.Network]fyne.CanvasObject
	form    *fyne.Container
	problem *widget.Label

	// Mastodon
	server       *widget.Entry
	browser      *widget.Button
	useCode      *widget.Button
	useToken     *widget.Button
	codeBox      *fyne.Container
	code         *widget.Entry
	codeConnect  *widget.Button
	finishCode   func(context.Context, string) (app.Secret, error)
	tokenBox     *fyne.Container
	token        *widget.Entry
	tokenConnect *widget.Button

	// Bluesky
	handle      *widget.Entry
	password    *widget.Entry
	pds         *widget.Entry
	plc         *widget.Entry
	blueConnect *widget.Button

	// RSS
	feed        *widget.Entry
	feedConnect *widget.Button
	// threadsToken and threadsAPI: a Threads account's long-lived token and
	// the API's address ("" for graph.threads.net).
	threadsToken *widget.Entry
	threadsAPI   *widget.Entry

	// Facebook, Instagram, Threads: see accounts_meta.go.
	meta map[app.MetaProduct]*metaPane

	// The work under way.
	working     *fyne.Container
	workingText *widget.Label
	page        *widget.Hyperlink // the sign-in page, to open again
	bar         *widget.ProgressBarInfinite
	cancel      *widget.Button
	stop        context.CancelFunc
}

// openConnect shows the connect dialog; again names an account to sign
// in again (Reconnect), nil connects a new one.
func (s *accountsScreen) openConnect(again *app.Account) {
	tr := s.w.tr
	f := &connectForm{s: s, panes: map[app.Network]fyne.CanvasObject{}}
	if again != nil {
		acc := *again
		f.again = &acc
	}
	f.problem = widget.NewLabel("")
	f.problem.Wrapping = fyne.TextWrapWord
	f.problem.Importance = widget.DangerImportance
	f.problem.Hide()
	f.panes[app.Mastodon] = f.mastodonPane()
	f.panes[app.Bluesky] = f.blueskyPane()
	f.panes[app.RSS] = f.rssPane()
	kinds := connectKinds()
	for _, n := range kinds {
		if p, ok := metaProductOf(n); ok {
			f.panes[n] = f.metaPane(p)
		}
	}
	// Threads: the guide to the user's own app with its browser sign-in,
	// and below it a token made in Meta's tools, and the API's address.
	if guide, ok := f.panes[app.Threads]; ok {
		f.panes[app.Threads] = container.NewVBox(guide, widget.NewSeparator(), f.threadsPane())
		// The browser sign-in goes to the API address typed below.
		f.meta[app.MetaThreads].server = func() string { return f.threadsAPI.Text }
	} else {
		f.panes[app.Threads] = f.threadsPane()
	}

	var labels []string
	for _, n := range kinds {
		labels = append(labels, networkName(tr, n))
	}
	f.kinds = widget.NewRadioGroup(labels, func(label string) {
		for _, n := range kinds {
			if networkName(tr, n) == label {
				f.choose(n)
			}
		}
	})
	f.kinds.Horizontal = true
	f.kinds.Required = true
	panes := container.NewStack()
	for _, n := range kinds {
		panes.Add(f.panes[n])
	}
	f.form = container.NewVBox(f.kinds, widget.NewSeparator(), panes, f.problem)
	f.buildWorking()

	title := tr.T("accounts.connect")
	network := app.Mastodon
	if f.again != nil {
		title = tr.T("accounts.reconnect_title", "name", f.again.Name())
		network = f.again.Network
		f.kinds.Hide()
		f.fillAgain()
	}
	f.kinds.SetSelected(networkName(tr, network))

	f.dialog = dialog.NewCustom(title, tr.T("action.close"), container.NewStack(f.form, f.working), s.w.win)
	f.dialog.SetOnClosed(func() {
		f.shown = false
		if f.stop != nil {
			f.stop()
		}
	})
	f.dialog.Resize(fyne.NewSize(680, 600))
	f.dialog.Show()
	f.shown = true
	s.form = f
}

// choose shows the form of a kind of account.
func (f *connectForm) choose(n app.Network) {
	f.network = n
	for kind, pane := range f.panes {
		if kind == n {
			pane.Show()
		} else {
			pane.Hide()
		}
	}
	f.problem.Hide()
}

// fillAgain shows the account signed in again: its server and handle
// are not changed, only the sign-in.
func (f *connectForm) fillAgain() {
	a := f.again
	switch a.Network {
	case app.Mastodon:
		f.server.SetText(a.Server)
		f.server.Disable()
	case app.Bluesky:
		f.handle.SetText(a.Handle)
		f.handle.Disable()
		f.pds.SetText(a.Server)
		f.pds.Disable()
		f.plc.SetText(a.PLC)
		f.plc.Disable()
	}
}

func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// enableWhen enables b only while every entry holds something.
func enableWhen(b *widget.Button, entries ...*widget.Entry) {
	check := func(string) {
		for _, e := range entries {
			if strings.TrimSpace(e.Text) == "" {
				b.Disable()
				return
			}
		}
		b.Enable()
	}
	for _, e := range entries {
		previous := e.OnChanged
		e.OnChanged = func(s string) {
			if previous != nil {
				previous(s)
			}
			check(s)
		}
	}
	check("")
}

func (f *connectForm) mastodonPane() fyne.CanvasObject {
	tr := f.s.w.tr
	f.server = widget.NewEntry()
	f.server.SetPlaceHolder(tr.T("connect.for_example", "value", "mastodon.social"))
	f.browser = widget.NewButtonWithIcon(tr.T("connect.mastodon.browser"), theme.LoginIcon(), f.signInWithBrowser)
	f.browser.Importance = widget.HighImportance
	f.useCode = widget.NewButton(tr.T("connect.mastodon.use_code"), f.beginCode)
	f.useCode.Importance = widget.LowImportance
	f.useToken = widget.NewButton(tr.T("connect.mastodon.use_token"), func() {
		f.codeBox.Hide()
		f.tokenBox.Show()
	})
	f.useToken.Importance = widget.LowImportance

	f.code = widget.NewEntry()
	f.code.SetPlaceHolder(tr.T("connect.mastodon.code_placeholder"))
	f.codeConnect = widget.NewButton(tr.T("connect.connect"), f.finishWithCode)
	f.codeConnect.Importance = widget.HighImportance
	enableWhen(f.codeConnect, f.code)
	f.codeBox = container.NewVBox(hint(tr.T("connect.mastodon.code_hint")), container.NewBorder(nil, nil, nil, f.codeConnect, f.code))
	f.codeBox.Hide()

	f.token = widget.NewPasswordEntry()
	f.token.SetPlaceHolder(tr.T("connect.mastodon.token_placeholder"))
	f.tokenConnect = widget.NewButton(tr.T("connect.connect"), f.connectWithToken)
	f.tokenConnect.Importance = widget.HighImportance
	enableWhen(f.tokenConnect, f.token)
	f.tokenBox = container.NewVBox(hint(tr.T("connect.mastodon.token_hint")), container.NewBorder(nil, nil, nil, f.tokenConnect, f.token))
	f.tokenBox.Hide()

	enableWhen(f.browser, f.server)
	enableWhen(f.useCode, f.server)
	enableWhen(f.useToken, f.server)
	server := container.New(layout.NewFormLayout(), widget.NewLabel(tr.T("connect.mastodon.server")), f.server)
	others := container.NewHBox(widget.NewLabel(tr.T("connect.mastodon.other_ways")), f.useCode, f.useToken)
	return container.NewVBox(server, hint(tr.T("connect.mastodon.server_hint")),
		container.NewHBox(f.browser), hint(tr.T("connect.mastodon.browser_hint")),
		widget.NewSeparator(), others, f.codeBox, f.tokenBox)
}

func (f *connectForm) blueskyPane() fyne.CanvasObject {
	tr := f.s.w.tr
	f.handle = widget.NewEntry()
	f.handle.SetPlaceHolder(tr.T("connect.for_example", "value", tr.T("connect.bluesky.handle_placeholder")))
	f.password = widget.NewPasswordEntry()
	f.password.SetPlaceHolder("xxxx-xxxx-xxxx-xxxx")
	f.pds = widget.NewEntry()
	f.pds.SetPlaceHolder(tr.T("connect.for_example", "value", "https://bsky.social"))
	f.plc = widget.NewEntry()
	f.plc.SetPlaceHolder(tr.T("connect.for_example", "value", "http://localhost:2582"))
	f.blueConnect = widget.NewButtonWithIcon(tr.T("connect.connect"), theme.LoginIcon(), f.connectBluesky)
	f.blueConnect.Importance = widget.HighImportance
	enableWhen(f.blueConnect, f.handle, f.password)
	fields := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr.T("connect.bluesky.handle")), f.handle,
		widget.NewLabel(tr.T("connect.bluesky.password")), f.password)
	advanced := widget.NewAccordion(widget.NewAccordionItem(tr.T("connect.advanced"), container.NewVBox(
		container.New(layout.NewFormLayout(), widget.NewLabel(tr.T("connect.bluesky.pds")), f.pds),
		hint(tr.T("connect.bluesky.pds_hint")),
		container.New(layout.NewFormLayout(), widget.NewLabel(tr.T("connect.bluesky.plc")), f.plc),
		hint(tr.T("connect.bluesky.plc_hint")))))
	return container.NewVBox(fields, hint(tr.T("connect.bluesky.password_hint")), advanced, container.NewHBox(f.blueConnect))
}

func (f *connectForm) rssPane() fyne.CanvasObject {
	tr := f.s.w.tr
	f.feed = widget.NewEntry()
	f.feed.SetPlaceHolder(tr.T("connect.for_example", "value", "https://example.org/feed.xml"))
	f.feedConnect = widget.NewButtonWithIcon(tr.T("connect.rss.add"), theme.ContentAddIcon(), f.connectFeed)
	f.feedConnect.Importance = widget.HighImportance
	enableWhen(f.feedConnect, f.feed)
	fields := container.New(layout.NewFormLayout(), widget.NewLabel(tr.T("connect.rss.url")), f.feed)
	return container.NewVBox(fields, hint(tr.T("connect.rss.hint")), container.NewHBox(f.feedConnect))
}

// buildWorking makes what the dialog shows while it works: what it
// waits for, the sign-in page to open again, and Cancel.
func (f *connectForm) buildWorking() {
	tr := f.s.w.tr
	f.workingText = widget.NewLabel("")
	f.workingText.Wrapping = fyne.TextWrapWord
	f.workingText.Alignment = fyne.TextAlignCenter
	f.page = widget.NewHyperlink(tr.T("connect.open_again"), nil)
	f.page.Alignment = fyne.TextAlignCenter
	f.page.Hide()
	f.bar = widget.NewProgressBarInfinite()
	f.bar.Stop()
	f.cancel = widget.NewButtonWithIcon(tr.T("action.cancel"), theme.CancelIcon(), func() {
		if f.stop != nil {
			f.stop()
		}
		f.workingText.SetText(tr.T("progress.cancelling"))
		f.cancel.Disable()
	})
	f.working = container.NewVBox(layout.NewSpacer(), f.workingText, f.bar, container.NewCenter(f.page), container.NewCenter(f.cancel), layout.NewSpacer())
	f.working.Hide()
}

// run does work off the UI goroutine while the dialog shows message and
// Cancel; then applies what work returns, or says why it failed.
func (f *connectForm) run(message string, work func(ctx context.Context) (func(), error)) {
	w := f.s.w
	ctx, stop := context.WithCancel(context.Background())
	f.stop = stop
	f.problem.Hide()
	f.workingText.SetText(message)
	f.page.Hide()
	f.cancel.Enable()
	f.form.Hide()
	f.working.Show()
	f.bar.Start()
	w.bg.Go(func() {
		apply, err := work(ctx)
		w.do(func() {
			stop()
			f.stop = nil
			f.bar.Stop()
			f.working.Hide()
			f.form.Show()
			switch {
			case err == nil:
				if apply != nil {
					apply()
				}
			case errors.Is(err, context.Canceled):
				f.showProblem(w.tr.T("connect.cancelled"))
				f.problem.Importance = widget.MediumImportance // the user's choice, not a failure
				f.problem.Refresh()
			case errors.Is(err, app.ErrOffline):
				// Not "Relais tries again by itself": nothing was kept.
				f.showProblem(w.tr.T("connect.offline", "address", f.address()))
			case errors.Is(err, app.ErrServerDown):
				f.showProblem(w.tr.T("connect.server_down", "address", f.address()))
			case errors.Is(err, app.ErrReconnect):
				// Not "reconnect it in Accounts": this is where it is done.
				network := f.network
				if f.again != nil {
					network = f.again.Network
				}
				f.showProblem(w.tr.T("connect.refused", "network", networkName(w.tr, network)))
			default:
				f.showProblem(w.tr.Error(err))
			}
		})
	})
}

// address is where the form connects to, as typed.
func (f *connectForm) address() string {
	var typed string
	network := f.network
	if f.again != nil {
		network = f.again.Network
	}
	switch network {
	case app.Mastodon:
		typed = f.server.Text
	case app.Bluesky:
		typed = f.pds.Text
		if strings.TrimSpace(typed) == "" {
			typed = f.handle.Text
		}
	case app.RSS:
		typed = f.feed.Text
	}
	if typed = strings.TrimSpace(typed); typed == "" {
		return networkName(f.s.w.tr, network)
	}
	return typed
}

func (f *connectForm) showProblem(text string) {
	f.problem.Importance = widget.DangerImportance
	f.problem.SetText(text)
	f.problem.Show()
}

// say changes what the dialog says while it works, from any goroutine.
func (f *connectForm) say(message string) {
	f.s.w.do(func() { f.workingText.SetText(message) })
}

// openPage shows the sign-in page in the browser, and offers to open it
// again in case the browser did not come up.
func (f *connectForm) openPage(page string) error {
	w := f.s.w
	w.do(func() {
		if u, err := url.Parse(page); err == nil {
			f.page.SetURL(u)
			f.page.OnTapped = func() { w.openURL(page) }
			f.page.Show()
		}
	})
	return w.deps.OpenURL(page)
}

// finish connects the account with the secret signed in with (or signs
// it in again), and returns what to do once done.
func (f *connectForm) finish(ctx context.Context, draft app.Account, secret app.Secret) (func(), error) {
	w := f.s.w
	tr := w.tr
	f.say(tr.T("connect.connecting", "network", networkName(tr, draft.Network)))
	if f.again != nil {
		acc, err := w.deps.Accounts.Reconnect(ctx, f.again.ID, secret)
		if err != nil {
			return nil, err
		}
		return f.done(tr.T("accounts.reconnected", "name", acc.Name())), nil
	}
	acc, err := w.deps.Accounts.Connect(ctx, draft, secret)
	switch {
	case errors.Is(err, app.ErrAlreadyConnected):
		return f.done(tr.T("accounts.renewed", "name", acc.Name())), nil
	case err != nil:
		return nil, err
	}
	return f.done(tr.T("accounts.connected", "name", acc.Name(), "network", networkName(tr, acc.Network))), nil
}

// done closes the dialog and says what was done.
func (f *connectForm) done(message string) func() {
	return func() {
		f.dialog.Hide()
		f.s.setStatus(message, false)
	}
}

func (f *connectForm) mastodonDraft() app.Account {
	return app.Account{Network: app.Mastodon, Server: strings.TrimSpace(f.server.Text)}
}

// signInWithBrowser opens the server's sign-in page and waits for the
// browser to come back with the sign-in.
func (f *connectForm) signInWithBrowser() {
	w := f.s.w
	draft := f.mastodonDraft()
	f.run(w.tr.T("connect.mastodon.waiting", "server", draft.Server), func(ctx context.Context) (func(), error) {
		secret, err := w.deps.Accounts.SignIn(ctx, app.Mastodon, draft.Server, f.openPage)
		if err != nil {
			return nil, err
		}
		return f.finish(ctx, draft, secret)
	})
}

// beginCode opens the page where the server shows a code to paste here.
func (f *connectForm) beginCode() {
	w := f.s.w
	draft := f.mastodonDraft()
	f.tokenBox.Hide()
	f.run(w.tr.T("connect.mastodon.opening", "server", draft.Server), func(ctx context.Context) (func(), error) {
		page, finish, err := w.deps.Accounts.BeginCodeSignIn(ctx, app.Mastodon, draft.Server)
		if err != nil {
			return nil, err
		}
		if err := w.deps.OpenURL(page); err != nil {
			return nil, err
		}
		return func() {
			f.finishCode = finish
			if u, err := url.Parse(page); err == nil {
				f.page.SetURL(u)
				f.page.OnTapped = func() { w.openURL(page) }
			}
			f.codeBox.Show()
			w.win.Canvas().Focus(f.code)
		}, nil
	})
}

// finishWithCode turns the pasted code into a sign-in.
func (f *connectForm) finishWithCode() {
	w := f.s.w
	if f.finishCode == nil {
		return
	}
	draft := f.mastodonDraft()
	code := strings.TrimSpace(f.code.Text)
	finish := f.finishCode
	f.run(w.tr.T("connect.connecting", "network", "Mastodon"), func(ctx context.Context) (func(), error) {
		secret, err := finish(ctx, code)
		if err != nil {
			return nil, err
		}
		return f.finish(ctx, draft, secret)
	})
}

// connectWithToken connects with an access token made on the server.
func (f *connectForm) connectWithToken() {
	w := f.s.w
	draft := f.mastodonDraft()
	secret := app.Secret{AccessToken: strings.TrimSpace(f.token.Text)}
	f.run(w.tr.T("connect.connecting", "network", "Mastodon"), func(ctx context.Context) (func(), error) {
		return f.finish(ctx, draft, secret)
	})
}

// connectBluesky signs in with a handle and an app password.
func (f *connectForm) connectBluesky() {
	w := f.s.w
	draft := app.Account{Network: app.Bluesky, Handle: strings.TrimSpace(f.handle.Text), Server: strings.TrimSpace(f.pds.Text),
		PLC: strings.TrimSpace(f.plc.Text)}
	secret := app.Secret{Password: strings.TrimSpace(f.password.Text)}
	f.run(w.tr.T("connect.connecting", "network", "Bluesky"), func(ctx context.Context) (func(), error) {
		return f.finish(ctx, draft, secret)
	})
}

// threadsPane connects a Threads account with a long-lived token made in
// Meta's tools for the user's own app (the guided browser sign-in comes
// with the Meta sign-in); an API address other than graph.threads.net is
// for a proxy or a test server.
func (f *connectForm) threadsPane() fyne.CanvasObject {
	tr := f.s.w.tr
	f.threadsToken = widget.NewPasswordEntry()
	f.threadsAPI = widget.NewEntry()
	f.threadsAPI.SetPlaceHolder("https://graph.threads.net/v1.0")
	connect := widget.NewButtonWithIcon(tr.T("connect.threads.connect"), theme.LoginIcon(), f.connectThreads)
	connect.Importance = widget.HighImportance
	enableWhen(connect, f.threadsToken)
	fields := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr.T("connect.threads.token")), f.threadsToken,
		widget.NewLabel(tr.T("connect.threads.api")), f.threadsAPI)
	return container.NewVBox(fields, hint(tr.T("connect.threads.hint")), container.NewHBox(connect))
}

// connectThreads connects a Threads account with its token.
func (f *connectForm) connectThreads() {
	w := f.s.w
	draft := app.Account{Network: app.Threads, Server: strings.TrimSpace(f.threadsAPI.Text)}
	secret := app.Secret{AccessToken: strings.TrimSpace(f.threadsToken.Text)}
	f.run(w.tr.T("connect.connecting", "network", "Threads"), func(ctx context.Context) (func(), error) {
		return f.finish(ctx, draft, secret)
	})
}

// connectFeed adds an RSS or Atom feed by its address.
func (f *connectForm) connectFeed() {
	w := f.s.w
	draft := app.Account{Network: app.RSS, Server: strings.TrimSpace(f.feed.Text)}
	f.run(w.tr.T("connect.rss.reading"), func(ctx context.Context) (func(), error) {
		return f.finish(ctx, draft, app.Secret{})
	})
}
