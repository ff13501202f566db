package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// This file holds the fakes the tests of accounts and publishing use: a
// keychain and networks in memory, and a Fyne app with a system tray.

// fakeNet is one network in memory: a dialer that signs in through the
// browser (as Mastodon does) and connectors that say who the account is
// and post.
type fakeNet struct {
	network app.Network
	mu      sync.Mutex
	refuse  bool          // every sign-in is refused
	offline bool          // the server cannot be reached
	avatar  []byte        // the profile's picture
	wait    chan struct{} // when set, the browser sign-in waits for it
	posts   []app.Outgoing
	reject  string     // when set, Publish refuses with these words
	limits  app.Limits // what the server announces
	// meta makes a Facebook or Instagram account's connector one shaped
	// as Meta's (inbox_moderate_test.go): no boost, a like on Facebook
	// only, comments deleted.
	meta    bool
	deleted []string
	hidden  map[string]bool // comments hidden, by remote ID

	// The inbox (inbox_test.go): what Since reads, oldest first, the
	// conversations by post ID, and the posts liked and boosted.
	inbox   []app.Item
	threads map[string]app.Thread
	likes   []string
	boosts  []string
	// Follow requests (inbox_follow_test.go): those waiting, by the
	// requester's ID; the answers given; when set, an answer waits for
	// answerGate to close.
	requests   map[string]bool
	answers    []string
	answerGate chan struct{}
}

var _ app.BrowserSignIn = (*fakeNet)(nil)

func (n *fakeNet) Network() app.Network { return n.network }

func (n *fakeNet) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	c := &fakeConn{net: n, acc: acc, creds: creds}
	if n.meta {
		return metaConnFor(c), nil
	}
	return c, nil
}

func (n *fakeNet) SignIn(ctx context.Context, server string, open func(string) error) (app.Secret, error) {
	if err := open("https://" + server + "/oauth/authorize?client_id=relais"); err != nil {
		return app.Secret{}, err
	}
	if n.wait != nil {
		select {
		case <-n.wait:
		case <-ctx.Done():
			return app.Secret{}, ctx.Err()
		}
	}
	return app.Secret{AccessToken: "from-the-browser"}, nil
}

func (n *fakeNet) BeginCodeSignIn(ctx context.Context, server string) (string, func(context.Context, string) (app.Secret, error), error) {
	finish := func(ctx context.Context, code string) (app.Secret, error) {
		if code != "CODE-42" {
			return app.Secret{}, &app.NetError{Network: n.network, Kind: app.FailAuth, Status: 400}
		}
		return app.Secret{AccessToken: "from-a-code"}, nil
	}
	return "https://" + server + "/oauth/authorize?response_type=code", finish, nil
}

func (n *fakeNet) published() []app.Outgoing {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]app.Outgoing(nil), n.posts...)
}

type fakeConn struct {
	net   *fakeNet
	acc   app.Account
	creds app.Credentials
}

func (c *fakeConn) Limits() app.Limits { return app.Limits{} }

func (c *fakeConn) Profile(ctx context.Context) (app.Profile, error) {
	var secret app.Secret
	if c.net.network != app.RSS { // a feed has no sign-in
		var err error
		if secret, err = c.creds.Secret(ctx); err != nil {
			return app.Profile{}, err
		}
	}
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.offline {
		return app.Profile{}, &app.NetError{Network: n.network, Kind: app.FailOffline}
	}
	if n.refuse || (n.network != app.RSS && secret.IsZero()) {
		return app.Profile{}, &app.NetError{Network: n.network, Kind: app.FailAuth, Status: 401}
	}
	switch n.network {
	case app.Mastodon:
		host := strings.TrimPrefix(c.acc.Server, "https://")
		return app.Profile{RemoteID: "m-" + host, Handle: "cm@" + host, DisplayName: "CM", URL: "https://" + host + "/@cm", Server: "https://" + host, Limits: n.limits}, nil
	case app.Bluesky:
		return app.Profile{RemoteID: "did:plc:" + c.acc.Handle, Handle: c.acc.Handle, Server: "https://pds.example", Avatar: n.avatar}, nil
	}
	return app.Profile{RemoteID: c.acc.Server, Handle: "Le blog de l’asso"}, nil
}

func (c *fakeConn) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.reject != "" {
		return app.Published{}, &app.NetError{Network: n.network, Kind: app.FailRejected, Status: 422, Message: n.reject}
	}
	n.posts = append(n.posts, o)
	return app.Published{Ref: app.RemoteRef{ID: o.Key}, URL: fmt.Sprintf("https://%s.example/posts/%d", n.network, len(n.posts))}, nil
}

func (c *fakeConn) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	return app.Published{}, false, nil
}

// services are the accounts and publishing a window gets in the tests,
// over the fixture's store, with fake networks.
type services struct {
	accounts   *app.Accounts
	publishing *app.Publishing
	secrets    *keychaintest.Memory
	nets       map[app.Network]*fakeNet
	notices    *Notices

	mu     sync.Mutex
	opened []string // the pages shown in the browser
}

// withServices gives the window accounts, publishing and a browser.
func withServices(s *services) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) {
		s.secrets = &keychaintest.Memory{}
		s.nets = map[app.Network]*fakeNet{}
		var dialers []app.Dialer
		for _, n := range app.AccountNetworks {
			s.nets[n] = &fakeNet{network: n}
			dialers = append(dialers, s.nets[n])
		}
		s.notices = NewNotices()
		s.accounts = app.NewAccounts(f.db, s.secrets, app.NewRegistry(dialers...), d.Media, d.Clock)
		s.publishing = app.NewPublishing(f.db, f.drafts, s.accounts, d.Media, d.Clock, time.Local, s.notices)
		d.Accounts, d.Publishing, d.Notices = s.accounts, s.publishing, s.notices
		d.OpenURL = func(page string) error {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.opened = append(s.opened, page)
			return nil
		}
	}
}

func newServicesFixture(t *testing.T, lang app.Language, options ...func(*fixture, *Deps)) (*fixture, *services) {
	t.Helper()
	s := &services{}
	f := newFixture(t, lang, append([]func(*fixture, *Deps){withServices(s)}, options...)...)
	return f, s
}

func (s *services) lastOpened() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.opened) == 0 {
		return ""
	}
	return s.opened[len(s.opened)-1]
}

// connect adds an account as the command line would.
func (f *fixture) connect(s *services, draft app.Account, secret app.Secret) app.Account {
	f.t.Helper()
	acc, err := s.accounts.Connect(context.Background(), draft, secret)
	if err != nil {
		f.t.Fatal(err)
	}
	f.idle()
	return acc
}

// overlay is what the topmost dialog or menu holds, laid out.
func (f *fixture) overlay() []fyne.CanvasObject {
	top := f.w.Window().Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return test.LaidOutObjects(top)
}

// overlayShows reports whether the topmost dialog says text, in a label,
// a button or a link.
func (f *fixture) overlayShows(text string) bool {
	for _, o := range f.overlay() {
		if !o.Visible() {
			continue
		}
		switch o := o.(type) {
		case *widget.Label:
			if o.Text == text {
				return true
			}
		case *widget.Button:
			if o.Text == text {
				return true
			}
		case *widget.Hyperlink:
			if o.Text == text {
				return true
			}
		}
	}
	return false
}

// tapInOverlay taps the button of the topmost dialog that says text.
func (f *fixture) tapInOverlay(text string) {
	f.t.Helper()
	for _, o := range f.overlay() {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == text {
			test.Tap(b)
			return
		}
	}
	f.t.Fatalf("no button %q in the dialog", text)
}

// link is the first link of the topmost dialog.
func (f *fixture) link() *widget.Hyperlink {
	for _, o := range f.overlay() {
		if l, ok := o.(*widget.Hyperlink); ok && l.Visible() {
			return l
		}
	}
	return nil
}

// item is the menu item that says label.
func item(t *testing.T, items []*fyne.MenuItem, label string) *fyne.MenuItem {
	t.Helper()
	for _, i := range items {
		if i.Label == label {
			return i
		}
	}
	var labels []string
	for _, i := range items {
		labels = append(labels, i.Label)
	}
	t.Fatalf("no %q in the menu %q", label, labels)
	return nil
}

// pngBytes is a tiny picture, for an avatar.
func pngBytes(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 0xc0
	}
	img.Set(1, 1, color.Black)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// trayApp is a Fyne app with a system tray, as desktops have; it keeps
// what the window asked of the tray, and the close intercept of its
// windows.
type trayApp struct {
	fyne.App
	menu    *fyne.Menu
	window  fyne.Window
	windows []*trayWindow
	sent    []*fyne.Notification
	ran     bool // Run was called
}

func (a *trayApp) Run() {
	a.ran = true
	a.App.Run()
}

func (a *trayApp) SendNotification(n *fyne.Notification) {
	a.sent = append(a.sent, n)
	a.App.SendNotification(n)
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(fyne.Resource)   {}
func (a *trayApp) SetSystemTrayWindow(w fyne.Window) { a.window = w }

func (a *trayApp) NewWindow(title string) fyne.Window {
	w := &trayWindow{Window: a.App.NewWindow(title)}
	a.windows = append(a.windows, w)
	return w
}

// trayWindow remembers the function that runs instead of closing, which
// the close button of a real window calls.
type trayWindow struct {
	fyne.Window
	intercept func()
	hidden    bool
	shows     int // how many times it was shown
}

// ShowAndRun shows the window; the test app's Run does nothing.
func (w *trayWindow) ShowAndRun() { w.Show() }

func (w *trayWindow) SetCloseIntercept(f func()) {
	w.intercept = f
	w.Window.SetCloseIntercept(f)
}

func (w *trayWindow) Hide() {
	w.hidden = true
	w.Window.Hide()
}

func (w *trayWindow) Show() {
	w.hidden = false
	w.shows++
	w.Window.Show()
}

// withTray makes the window with a tray app.
func withTray(tray *trayApp) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) {
		tray.App = f.app
		f.app = tray
	}
}
