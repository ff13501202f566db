package ui

import (
	"context"
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
	// client is the workspace's name, said in each notification when the
	// user has several.
	client string
}

var _ app.Notifier = (*Notices)(nil)

// NewNotices returns a notifier to give Publishing and Deps.Notices.
func NewNotices() *Notices { return &Notices{} }

// Notify shows a notice as a desktop notification. It may be called from
// any goroutine; the notices of the inbox are shown while the window is
// hidden too.
func (n *Notices) Notify(notice app.Notice) {
	n.mu.Lock()
	w := n.w
	if w == nil {
		n.pending = append(n.pending, notice)
		n.mu.Unlock()
		return
	}
	client := n.client
	n.mu.Unlock()
	w.do(func() {
		note := w.notification(notice)
		if client != "" {
			note.title = w.tr.T("notice.client", "client", oneLineTrim(client, 40), "title", note.title)
		}
		w.send(note)
	})
}

// SetClient has each notification say whose it is: the workspace's name.
func (n *Notices) SetClient(name string) {
	n.mu.Lock()
	n.client = name
	n.mu.Unlock()
}

// AttachTo has the window speak the notices of a workspace that runs in
// the background.
func (n *Notices) AttachTo(w *Window) { n.attach(w) }

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

// notice is a desktop notification, worded.
type notice struct {
	title, body string
	urgent      bool
}

// send shows a notification through Deps.Notify, off the UI goroutine;
// when that fails, or without one, through Fyne.
func (w *Window) send(n notice) {
	notify := w.deps.Notify
	if notify == nil {
		w.app.SendNotification(fyne.NewNotification(n.title, n.body))
		return
	}
	w.bg.Go(func() {
		if err := notify(n.title, n.body, n.urgent); err != nil {
			fyne.LogError("showing a desktop notification", err)
			w.do(func() { w.app.SendNotification(fyne.NewNotification(n.title, n.body)) })
		}
	})
}

// notification says a notice in the window's language.
func (w *Window) notification(n app.Notice) notice {
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
		return notice{
			title: tr.T("notice.failed.title", "network", networkName(tr, network)),
			body:  tr.T("notice.failed.body", "post", post, "why", why),
		}
	case app.NoticeHeld:
		return notice{title: tr.T("notice.held.title"), body: tr.T("notice.held.body", "post", post)}
	case app.NoticeReconnect:
		name := n.Account.Name()
		if name == "" {
			name = w.targetName(n.Attempt.Target)
		}
		body := tr.T("notice.reconnect.body", "network", networkName(tr, network), "post", post)
		if n.Post.ID.IsZero() && n.Post.Title == "" && n.Post.Text == "" {
			// Not a post's failure: the inbox's read, or a token's renewal.
			body = tr.T("notice.reconnect.body_account", "network", networkName(tr, network))
		}
		return notice{title: tr.T("notice.reconnect.title", "account", name), body: body}
	case app.NoticeSignInEnds:
		now := w.deps.Clock.Now()
		ends := n.Account.SignInExpiry
		key := "notice.signin_ends.body"
		if !now.Before(ends) {
			key = "notice.signin_ended.body"
		}
		return notice{
			title: tr.T("notice.signin_ends.title", "account", n.Account.Name()),
			body:  tr.T(key, "network", networkName(tr, network), "date", tr.Date(ends.Local(), now)),
		}
	case app.NoticeInbox:
		title, body := inboxNotice(tr, n)
		return notice{title: title, body: body, urgent: n.Urgent}
	case app.NoticeSpike:
		title, body := spikeNotice(tr, n)
		return notice{title: title, body: body, urgent: true}
	case app.NoticeImpostor:
		title, body := impostorNotice(tr, n)
		return notice{title: title, body: body}
	}
	return notice{title: "Relais", body: tr.Error(n.Err)}
}

// setupTray puts Relais in the system tray when the desktop has one; the
// window's close button then hides the window (unless the user chose in
// Settings that it quits), and publishing and the inbox go on. Without a
// tray, closing the window quits, as it always did.
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
	w.win.SetCloseIntercept(w.closeWindow)
}

// refreshTray sets the tray menu in the window's language.
func (w *Window) refreshTray() {
	if w.tray != nil {
		w.tray.SetSystemTrayMenu(w.trayMenu())
	}
}

// trayMenu opens Relais or its inbox, starts a draft, pauses the inbox's
// notifications, or quits. With an inbox, it starts with how many items
// wait for a reply.
func (w *Window) trayMenu() *fyne.Menu {
	tr := w.tr
	open := fyne.NewMenuItem(tr.T("tray.open"), func() { w.Present("") })
	draft := fyne.NewMenuItem(tr.T("tray.new_draft"), func() {
		w.Present("compose")
		w.compose.newDraft()
	})
	quit := fyne.NewMenuItem(tr.T("action.quit"), w.Quit)
	quit.IsQuit = true // Fyne adds no Quit of its own
	if w.deps.Inbox == nil {
		return fyne.NewMenu("Relais", open, draft, fyne.NewMenuItemSeparator(), quit)
	}
	total := w.needsReply
	for _, o := range w.elsewhere {
		total += o.count
	}
	count := fyne.NewMenuItem(tr.T("tray.to_answer.none"), nil)
	if total > 0 {
		count.Label = tr.N("tray.to_answer", total)
	}
	count.Disabled = true
	items := []*fyne.MenuItem{count}
	if len(w.elsewhere) > 0 {
		// Whose they are, the shown workspace first.
		if w.needsReply > 0 {
			items = append(items, disabledItem(tr.T("tray.client_count", "client", oneLineTrim(w.deps.Workspace.Name, 30), "count", tr.Number(w.needsReply))))
		}
		for _, o := range w.elsewhere {
			items = append(items, disabledItem(tr.T("tray.client_count", "client", oneLineTrim(o.name, 30), "count", tr.Number(o.count))))
		}
	}
	inbox := fyne.NewMenuItem(tr.T("tray.open_inbox"), func() { w.Present("inbox") })
	pause := fyne.NewMenuItem(tr.T("tray.pause"), func() { w.setPaused(!w.inboxPaused) })
	pause.Checked = w.inboxPaused
	return fyne.NewMenu("Relais", append(items, fyne.NewMenuItemSeparator(), inbox, open, draft, pause, fyne.NewMenuItemSeparator(), quit)...)
}

func disabledItem(label string) *fyne.MenuItem {
	item := fyne.NewMenuItem(label, nil)
	item.Disabled = true
	return item
}

// hideToTray hides the window in the tray: what is typed is saved, the
// window hides, and the first time ever the user is told where Relais
// went.
func (w *Window) hideToTray() {
	w.compose.saver.Flush()
	w.win.Hide()
	w.hidden = true
	w.updateWatching()
	if !w.trayTold {
		w.trayTold = true
		w.send(notice{title: w.tr.T("tray.hidden.title"), body: w.tr.T("tray.hidden.body")})
		settings := w.deps.Settings
		w.write.Do(func(ctx context.Context) {
			if err := settings.SetTrayTold(ctx); err != nil {
				fyne.LogError("saving that the tray was explained", err)
			}
		})
	}
}

// closeWindow does what the window's close button does: hide to the tray
// when there is one and the user did not choose to quit, else close (and
// quit).
func (w *Window) closeWindow() {
	if w.tray != nil && w.closeToTray {
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
