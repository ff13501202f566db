package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/relais-app/relais/app"
)

// This file holds what Relais says outside its window: desktop
// notifications of what publishing needs from the user, and the system
// tray that keeps Relais running, so that posts go out on time, after the
// window is closed.

// Notices turns what publishing needs from the user into desktop
// notifications, in the window's language. It is an app.Notifier. Main
// makes one before the window (Publishing needs it first) and gives it to
// the window in Deps; notices that come before the window are kept and
// shown once it exists.
type Notices struct {
	mu      sync.Mutex
	w       *Window
	pending []app.Notice
}

var _ app.Notifier = (*Notices)(nil)

// NewNotices returns a notifier to give Publishing and Deps.Notices.
func NewNotices() *Notices { return &Notices{} }

// Notify shows a notice as a desktop notification. It may be called from
// any goroutine.
func (n *Notices) Notify(notice app.Notice) {
	n.mu.Lock()
	w := n.w
	if w == nil {
		n.pending = append(n.pending, notice)
		n.mu.Unlock()
		return
	}
	n.mu.Unlock()
	w.do(func() { w.app.SendNotification(w.notification(notice)) })
}

// attach has the window speak the notices, and shows those that came
// before it.
func (n *Notices) attach(w *Window) {
	n.mu.Lock()
	n.w = w
	pending := n.pending
	n.pending = nil
	n.mu.Unlock()
	for _, notice := range pending {
		n.Notify(notice)
	}
}

// Notifier is the window's notifier, for Publishing.
func (w *Window) Notifier() app.Notifier { return w.notices }

// notification says a notice in the window's language.
func (w *Window) notification(n app.Notice) *fyne.Notification {
	tr := w.tr
	network := n.Account.Network
	if network == "" {
		network = n.Attempt.Target.Network
	}
	post := postName(tr, n.Post)
	switch n.Kind {
	case app.NoticeFailed:
		why := tr.Error(n.Err)
		if n.Err == nil {
			why, _ = attemptWhy(w, n.Attempt)
		}
		return fyne.NewNotification(
			tr.T("notice.failed.title", "network", networkName(tr, network)),
			tr.T("notice.failed.body", "post", post, "why", why))
	case app.NoticeHeld:
		return fyne.NewNotification(tr.T("notice.held.title"), tr.T("notice.held.body", "post", post))
	case app.NoticeReconnect:
		name := n.Account.Name()
		if name == "" {
			name = w.targetName(n.Attempt.Target)
		}
		return fyne.NewNotification(
			tr.T("notice.reconnect.title", "account", name),
			tr.T("notice.reconnect.body", "network", networkName(tr, network), "post", post))
	}
	return fyne.NewNotification("Relais", tr.Error(n.Err))
}

// setupTray puts Relais in the system tray when the desktop has one; the
// window's close button then hides the window, and publishing goes on.
// Without a tray, closing the window quits, as it always did.
func (w *Window) setupTray() {
	tray, ok := w.app.(desktop.App)
	if !ok {
		return
	}
	w.tray = tray
	w.refreshTray()
	if icon := w.app.Icon(); icon != nil {
		tray.SetSystemTrayIcon(icon)
	}
	tray.SetSystemTrayWindow(w.win) // a click on the icon shows the window
	w.win.SetCloseIntercept(w.hideToTray)
}

// refreshTray sets the tray menu in the window's language.
func (w *Window) refreshTray() {
	if w.tray != nil {
		w.tray.SetSystemTrayMenu(w.trayMenu())
	}
}

// trayMenu opens Relais, starts a draft, or quits.
func (w *Window) trayMenu() *fyne.Menu {
	tr := w.tr
	open := fyne.NewMenuItem(tr.T("tray.open"), func() { w.Present("") })
	draft := fyne.NewMenuItem(tr.T("tray.new_draft"), func() {
		w.Present("compose")
		w.compose.newDraft()
	})
	quit := fyne.NewMenuItem(tr.T("action.quit"), w.Quit)
	quit.IsQuit = true // Fyne adds no Quit of its own
	return fyne.NewMenu("Relais", open, draft, fyne.NewMenuItemSeparator(), quit)
}

// hideToTray runs instead of closing when there is a tray: what is typed
// is saved, the window hides, and the first time the user is told where
// Relais went.
func (w *Window) hideToTray() {
	w.compose.saver.Flush()
	w.win.Hide()
	if !w.toldHidden {
		w.toldHidden = true
		w.app.SendNotification(fyne.NewNotification(w.tr.T("tray.hidden.title"), w.tr.T("tray.hidden.body")))
	}
}

// closeWindow does what the window's close button does: hide to the tray
// when there is one, else close (and quit).
func (w *Window) closeWindow() {
	if w.tray != nil {
		w.hideToTray()
		return
	}
	w.Quit()
}

// Quit closes the window for good, saving what is typed, and so quits
// Relais (the window is the master). Main calls it on SIGTERM too.
func (w *Window) Quit() {
	w.win.Close()
}
