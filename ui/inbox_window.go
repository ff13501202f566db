package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/relais-app/relais/app"
)

// This file holds what the window as a whole does for the inbox: the
// count of items to answer in the sidebar and the tray, whether the user
// is looking at the inbox, and the window's settings it keeps in memory.

// The inbox's delays: a burst of changes (a sync storing a page of items)
// is shown once, this long after its first change; the search runs this
// long after the last keystroke.
const (
	inboxRefreshDelay = 100 * time.Millisecond
	inboxSearchDelay  = 150 * time.Millisecond
)

// throttle runs a function once per burst of calls: delay after the
// first call of the burst. The wait runs on the window's background, so a
// test that waits for the window to be idle waits for it too. Schedule
// is called on the UI goroutine.
type throttle struct {
	mu      sync.Mutex
	delay   time.Duration
	pending bool
}

func (t *throttle) schedule(bg *background, fn func()) {
	t.mu.Lock()
	if t.pending {
		t.mu.Unlock()
		return
	}
	t.pending = true
	t.mu.Unlock()
	bg.Go(func() {
		time.Sleep(t.delay)
		t.mu.Lock()
		t.pending = false
		t.mu.Unlock()
		fn()
	})
}

// debounce runs a function delay after the last of a burst of calls.
// Trigger is called on the UI goroutine; fn runs on the background.
type debounce struct {
	mu    sync.Mutex
	delay time.Duration
	calls int
}

func (d *debounce) trigger(bg *background, fn func()) {
	d.mu.Lock()
	d.calls++
	call := d.calls
	d.mu.Unlock()
	bg.Go(func() {
		time.Sleep(d.delay)
		d.mu.Lock()
		last := call == d.calls
		d.mu.Unlock()
		if last {
			fn()
		}
	})
}

// inboxChanged runs on the UI goroutine after the inbox changed: once
// per burst, the count is read again off the UI goroutine, and the
// inbox screen lists its items again.
func (w *Window) inboxChanged() {
	in := w.deps.Inbox
	if in == nil {
		return
	}
	w.inboxCounts.schedule(w.bg, func() {
		n := in.NeedsReply()
		w.do(func() {
			w.setNeedsReply(n)
			if w.inbox != nil {
				w.inbox.changed()
			}
		})
	})
}

// setNeedsReply shows how many items wait for a reply.
func (w *Window) setNeedsReply(n int) {
	if n == w.needsReply {
		return
	}
	w.needsReply = n
	for i, s := range screens {
		if s.name == "inbox" {
			w.nav.RefreshItem(i)
		}
	}
	w.refreshTray()
}

// navLabel is a screen's name in the sidebar; the inbox's says how many
// items wait for a reply.
func (w *Window) navLabel(name string) string {
	if name == "inbox" && w.deps.Inbox != nil && w.needsReply > 0 {
		return w.tr.T("nav.inbox.count", "count", w.tr.Number(w.needsReply))
	}
	return w.tr.T("nav." + name)
}

// updateWatching tells the inbox whether the user is looking at it:
// its screen is shown, in a window that is neither hidden in the tray
// nor behind another application. What arrives meanwhile is seen, and
// raises no notification.
func (w *Window) updateWatching() {
	in := w.deps.Inbox
	if in == nil || w.shut {
		return // shutdown stopped the watching
	}
	watching := w.view == "inbox" && w.inbox != nil && !w.hidden && !w.background
	if watching == w.watching {
		return
	}
	w.watching = watching
	// In order with the marks the window writes; SetWatching waits for
	// the inbox's lock, which a long listing may hold a moment.
	w.write.Do(func(context.Context) { in.SetWatching(watching) })
}

// loadWindowSettings reads, off the UI goroutine, the settings the window
// keeps in memory.
func (w *Window) loadWindowSettings() {
	settings := w.deps.Settings
	inbox := w.deps.Inbox != nil
	w.bg.Go(func() {
		ctx := context.Background()
		tray, err := settings.CloseToTray(ctx)
		if err != nil {
			fyne.LogError("reading the window settings", err)
		}
		told := settings.TrayTold(ctx)
		links := settings.CheckLinks(ctx)
		paused := false
		if inbox {
			if set, err := settings.Inbox(ctx); err == nil {
				paused = set.Paused
			}
		}
		w.do(func() {
			w.closeToTray, w.trayTold, w.inboxPaused, w.checkLinks = tray, told, paused, links
			w.refreshTray()
		})
	})
}

// setPaused pauses or resumes the inbox's notifications, saving the
// choice; the tray's menu and Settings show it at once.
func (w *Window) setPaused(paused bool) {
	if w.deps.Inbox == nil {
		return
	}
	was := w.inboxPaused
	w.inboxPaused = paused
	w.refreshTray()
	if w.settings != nil {
		w.settings.showPaused()
	}
	settings := w.deps.Settings
	w.write.Do(func(ctx context.Context) {
		set, err := settings.Inbox(ctx)
		if err == nil {
			set.Paused = paused
			err = settings.SetInbox(ctx, set)
		}
		if err != nil {
			w.do(func() {
				w.inboxPaused = was
				w.refreshTray()
				if w.settings != nil {
					w.settings.showPaused()
				}
				w.showError(err)
			})
		}
	})
}

// zone is the user's time zone: snoozes end, and times show, in it.
func (w *Window) zone() *time.Location {
	if w.deps.Calendar != nil {
		return w.deps.Calendar.Zone()
	}
	return time.Local
}

// inboxError says an error of the inbox, its settings and its replies in
// plain words.
func (w *Window) inboxError(err error) string {
	tr := w.tr
	var notReady *app.NotReadyError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &notReady):
		var lines []string
		for _, p := range notReady.Problems {
			lines = append(lines, problemText(w, p))
		}
		return tr.T("inbox.reply.not_ready", "problems", strings.Join(lines, "\n"))
	case errors.Is(err, app.ErrBadQuietHours):
		return tr.T("error.bad_quiet_hours")
	case errors.Is(err, app.ErrNoReplyText):
		return tr.T("error.no_reply_text")
	case errors.Is(err, app.ErrReplyToDeleted):
		return tr.T("error.reply_to_deleted")
	case errors.Is(err, app.ErrAlreadyReplied):
		return tr.T("error.reply_already_sent")
	case errors.Is(err, app.ErrCannotReply):
		return tr.T("error.cannot_reply")
	case errors.Is(err, app.ErrCannotReact):
		return tr.T("error.cannot_react")
	case errors.Is(err, app.ErrCannotDelete):
		return tr.T("error.cannot_delete")
	case errors.Is(err, app.ErrCannotHide):
		return tr.T("error.cannot_hide")
	case errors.Is(err, app.ErrNotOurComment):
		return tr.T("error.not_our_comment")
	case errors.Is(err, app.ErrNoThread):
		return tr.T("error.no_thread")
	}
	if _, ok := app.AsNetError(err); !ok && errors.Is(err, app.ErrNotFound) {
		return tr.T("error.inbox_gone") // i18n says "this draft"
	}
	return tr.Error(err)
}
