package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// connectKinds are the kinds of account the Connect dialog offers: the
// networks Relais connects, then Meta's, whose guide shows even before
// their connector exists.
func connectKinds() []app.Network {
	kinds := slices.Clone(app.AccountNetworks)
	for _, p := range app.MetaProducts {
		if !slices.Contains(kinds, p.Network()) {
			kinds = append(kinds, p.Network())
		}
	}
	return kinds
}

// metaProductOf tells whether n is one of Meta's networks.
func metaProductOf(n app.Network) (app.MetaProduct, bool) {
	p, err := app.ParseMetaProduct(string(n))
	return p, err == nil
}

// metaPane is one of Meta's networks in the Connect dialog: the guide to
// the user's own app, the exact redirect URI to register (with Copy), the
// app's ID and secret (to the keychain), and the sign-in.
type metaPane struct {
	f        *connectForm
	product  app.MetaProduct
	redirect *widget.Label
	copy     *widget.Button
	appID    *widget.Entry
	secret   *widget.Entry
	save     *widget.Button
	saved    *widget.Label
	signIn   *widget.Button
	coming   *widget.Label
	pasteBox *fyne.Container
	paste    *widget.Entry
	finish   *widget.Button
	// finishPaste trades what the user pasted for the sign-in, and
	// pasteServer is the API address it was begun with.
	finishPaste func(context.Context, string) (app.Secret, error)
	pasteServer string
	// The Page to choose when the sign-in reaches several: the options
	// (names and IDs), and the sign-in they are for, kept in memory only
	// until one is connected.
	pageBox     *fyne.Container
	pages       *widget.RadioGroup
	connectPage *widget.Button
	pageIDs     map[string]string // option → the Page's ID
	pageDraft   app.Account
	pageSecret  app.Secret
	// server reads, on the UI goroutine, the API address the user typed
	// for the network (a proxy, a test's fake); nil or "" is Meta's.
	server func() string
}

// apiAddress is the API address typed for the network, "" for Meta's.
func (m *metaPane) apiAddress() string {
	if m.server == nil {
		return ""
	}
	return strings.TrimSpace(m.server())
}

func (f *connectForm) metaPane(p app.MetaProduct) fyne.CanvasObject {
	w := f.s.w
	tr := w.tr
	m := &metaPane{f: f, product: p}
	if f.meta == nil {
		f.meta = map[app.MetaProduct]*metaPane{}
	}
	f.meta[p] = m
	network := p.Name()

	guide := widget.NewRichTextFromMarkdown(tr.T("connect.meta."+string(p)+".guide",
		"permissions", "`"+strings.Join(p.Permissions(), "`, `")+"`"))
	guide.Wrapping = fyne.TextWrapWord

	// Shown to select or Copy, not to change.
	m.redirect = widget.NewLabelWithStyle(tr.T("connect.meta.redirect_loading"), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	m.redirect.Selectable = true
	m.redirect.Wrapping = fyne.TextWrapBreak
	m.copy = widget.NewButtonWithIcon(tr.T("connect.meta.copy"), theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(m.redirect.Text)
		f.s.setStatus(tr.T("connect.meta.copied", "value", m.redirect.Text), false)
	})
	m.copy.Disable()
	redirectHint := tr.T("connect.meta.localhost_hint")
	if !p.BrowserComesBack() {
		redirectHint = tr.T("connect.meta.https_hint", "network", network)
	}

	m.appID = widget.NewEntry()
	m.appID.SetPlaceHolder(tr.T("connect.for_example", "value", "1234567890123456"))
	m.secret = widget.NewPasswordEntry()
	m.secret.SetPlaceHolder(tr.T("connect.meta.secret_placeholder"))
	m.save = widget.NewButtonWithIcon(tr.T("connect.meta.save"), theme.DocumentSaveIcon(), m.saveApp)
	enableWhen(m.save, m.appID, m.secret)
	m.saved = hint("")
	m.saved.Hide()
	fields := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr.T("connect.meta.app_id", "network", network)), m.appID,
		widget.NewLabel(tr.T("connect.meta.app_secret", "network", network)), m.secret)

	label := tr.T("connect.meta.sign_in")
	if !p.BrowserComesBack() {
		label = tr.T("connect.meta.open_page")
	}
	m.signIn = widget.NewButtonWithIcon(label, theme.LoginIcon(), m.startSignIn)
	m.signIn.Importance = widget.HighImportance
	m.coming = hint(tr.T("connect.meta.coming", "network", network))
	if w.deps.Accounts.SignsInWithBrowser(p.Network()) {
		m.coming.Hide()
	} else {
		m.signIn.Disable()
	}
	m.paste = widget.NewEntry()
	m.paste.SetPlaceHolder(tr.T("connect.meta.paste_placeholder"))
	m.finish = widget.NewButton(tr.T("connect.connect"), m.finishWithPaste)
	m.finish.Importance = widget.HighImportance
	enableWhen(m.finish, m.paste)
	m.pasteBox = container.NewVBox(hint(tr.T("connect.meta.paste_hint")), container.NewBorder(nil, nil, nil, m.finish, m.paste))
	m.pasteBox.Hide()
	m.pages = widget.NewRadioGroup(nil, nil)
	m.connectPage = widget.NewButton(tr.T("connect.meta.connect_page"), m.connectChosenPage)
	m.connectPage.Importance = widget.HighImportance
	m.connectPage.Disable()
	m.pages.OnChanged = func(s string) {
		if s == "" {
			m.connectPage.Disable()
		} else {
			m.connectPage.Enable()
		}
	}
	m.pageBox = container.NewVBox(widget.NewLabel(tr.T("connect.meta.choose_page")), m.pages, container.NewHBox(m.connectPage))
	m.pageBox.Hide()

	content := container.NewVBox(
		widget.NewLabelWithStyle(tr.T("connect.meta.title", "network", network), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		guide,
		widget.NewLabel(tr.T("connect.meta.redirect")),
		container.NewBorder(nil, nil, nil, m.copy, m.redirect),
		hint(redirectHint),
		widget.NewSeparator(),
		fields, container.NewHBox(m.save), m.saved,
		widget.NewSeparator(),
		container.NewHBox(m.signIn), m.coming, m.pasteBox, m.pageBox,
	)
	m.load()
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fyne.NewSize(600, 420))
	return scroll
}

// load reads, off the UI goroutine, the workspace's redirect URI (its
// port is chosen the first time) and whether an app is saved.
func (m *metaPane) load() {
	w := m.f.s.w
	accounts := w.deps.Accounts
	w.bg.Go(func() {
		ctx := context.Background()
		uri, uriErr := accounts.MetaApps().RedirectURI(ctx, m.product)
		saved, appErr := accounts.MetaApps().App(ctx, m.product)
		w.do(func() {
			if uriErr != nil {
				m.redirect.SetText(w.tr.Error(uriErr))
			} else {
				m.redirect.SetText(uri)
				m.copy.Enable()
			}
			if appErr == nil {
				m.appID.SetText(saved.ID)
				m.showSaved(w.tr.T("connect.meta.app_known", "id", saved.ID))
			}
		})
	})
}

func (m *metaPane) showSaved(text string) {
	m.saved.SetText(text)
	m.saved.Show()
}

// saveApp keeps the app's ID and secret in the keychain.
func (m *metaPane) saveApp() {
	w := m.f.s.w
	tr := w.tr
	id, secret := m.appID.Text, m.secret.Text
	m.f.run(tr.T("connect.meta.saving"), func(ctx context.Context) (func(), error) {
		a, err := w.deps.Accounts.MetaApps().Save(ctx, m.product, id, secret)
		if err != nil {
			return nil, err
		}
		return func() {
			m.secret.SetText("")
			m.showSaved(tr.T("connect.meta.saved", "network", m.product.Name(), "id", a.ID))
		}, nil
	})
}

// startSignIn signs in: through the loopback for Facebook, by the
// address pasted for Instagram and Threads.
func (m *metaPane) startSignIn() {
	w := m.f.s.w
	tr := w.tr
	n := m.product.Network()
	server := m.apiAddress()
	draft := app.Account{Network: n, Server: server}
	if m.product.BrowserComesBack() {
		m.f.run(tr.T("connect.meta.waiting", "network", m.product.Name()), func(ctx context.Context) (func(), error) {
			secret, err := w.deps.Accounts.SignIn(ctx, n, server, m.f.openPage)
			if errors.Is(err, app.ErrSignInPortTaken) {
				// The fallback: paste the address the browser ends on.
				return m.beginPaste(ctx, server, err)
			}
			if err != nil {
				return nil, err
			}
			return m.connect(ctx, draft, secret)
		})
		return
	}
	m.f.run(tr.T("connect.meta.opening", "network", m.product.Name()), func(ctx context.Context) (func(), error) {
		return m.beginPaste(ctx, server, nil)
	})
}

// beginPaste opens the sign-in page and shows where to paste the address
// the browser ends on; why says why (a taken port), if not the usual way.
func (m *metaPane) beginPaste(ctx context.Context, server string, why error) (func(), error) {
	w := m.f.s.w
	page, finish, err := w.deps.Accounts.BeginCodeSignIn(ctx, m.product.Network(), server)
	if err != nil {
		return nil, err
	}
	if err := w.deps.OpenURL(page); err != nil {
		return nil, err
	}
	return func() {
		m.finishPaste, m.pasteServer = finish, server
		m.pasteBox.Show()
		if why != nil {
			m.f.showProblem(w.tr.Error(why))
		}
		w.win.Canvas().Focus(m.paste)
	}, nil
}

// finishWithPaste turns the pasted address (or code) into a sign-in.
func (m *metaPane) finishWithPaste() {
	w := m.f.s.w
	if m.finishPaste == nil {
		return
	}
	pasted, finish := m.paste.Text, m.finishPaste
	draft := app.Account{Network: m.product.Network(), Server: m.pasteServer}
	m.f.run(w.tr.T("connect.connecting", "network", m.product.Name()), func(ctx context.Context) (func(), error) {
		secret, err := finish(ctx, pasted)
		if err != nil {
			return nil, err
		}
		return m.connect(ctx, draft, secret)
	})
}

// connect connects the account signed in; when the sign-in reaches
// several Pages and none is chosen, it offers them to choose from.
func (m *metaPane) connect(ctx context.Context, draft app.Account, secret app.Secret) (func(), error) {
	apply, err := m.f.finish(ctx, draft, secret)
	var several *app.SeveralAccountsError
	if errors.As(err, &several) && len(several.Choices) > 0 && draft.RemoteID == "" {
		return func() { m.choosePage(draft, secret, several.Choices) }, nil
	}
	return apply, err
}

// choosePage shows the Pages the sign-in reaches, by name and ID.
func (m *metaPane) choosePage(draft app.Account, secret app.Secret, choices []app.AccountChoice) {
	tr := m.f.s.w.tr
	m.pageDraft, m.pageSecret = draft, secret
	m.pageIDs = make(map[string]string, len(choices))
	options := make([]string, 0, len(choices))
	for _, c := range choices {
		option := tr.T("connect.meta.page_option", "name", c.Name, "id", c.RemoteID)
		m.pageIDs[option] = c.RemoteID
		options = append(options, option)
	}
	m.pages.Options = options
	m.pages.SetSelected("")
	m.pages.Refresh()
	m.pasteBox.Hide()
	m.pageBox.Show()
}

// connectChosenPage connects the Page chosen, with the sign-in that
// reached it.
func (m *metaPane) connectChosenPage() {
	w := m.f.s.w
	id := m.pageIDs[m.pages.Selected]
	if id == "" {
		return
	}
	draft, secret := m.pageDraft, m.pageSecret
	draft.RemoteID = id
	m.f.run(w.tr.T("connect.connecting", "network", m.product.Name()), func(ctx context.Context) (func(), error) {
		apply, err := m.connect(ctx, draft, secret)
		if err != nil {
			return nil, err
		}
		return func() {
			m.pageSecret, m.pageIDs = app.Secret{}, nil
			m.pageBox.Hide()
			if apply != nil {
				apply()
			}
		}, nil
	})
}
