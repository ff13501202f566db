package ui

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// This file holds publishing as the window shows it: "Publish now" with
// its progress and results, the outbox lines under the editor, and the
// plain words for why an attempt did not go out.

// progressDialog is long work under way: what it is, a bar, and Cancel.
type progressDialog struct {
	dialog *dialog.CustomDialog
	text   *widget.Label
	bar    *widget.ProgressBarInfinite
	cancel *widget.Button
	stop   context.CancelFunc
}

// withProgress runs work off the UI goroutine behind a progress dialog
// whose Cancel cancels work's context; the function work returns is then
// applied on the UI goroutine.
func (w *Window) withProgress(title, message string, work func(ctx context.Context) func()) {
	ctx, stop := context.WithCancel(context.Background())
	p := &progressDialog{text: widget.NewLabel(message), bar: widget.NewProgressBarInfinite(), stop: stop}
	p.text.Wrapping = fyne.TextWrapWord
	p.cancel = widget.NewButtonWithIcon(w.tr.T("action.cancel"), theme.CancelIcon(), func() {
		stop()
		p.text.SetText(w.tr.T("progress.cancelling"))
		p.cancel.Disable()
	})
	content := container.NewVBox(p.text, p.bar, container.NewCenter(p.cancel))
	p.dialog = dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(380, content.MinSize().Height), content), w.win)
	p.dialog.Show()
	w.progress = p
	w.bg.Go(func() {
		apply := work(ctx)
		w.do(func() {
			stop()
			p.bar.Stop()
			p.dialog.Hide()
			if w.progress == p {
				w.progress = nil
			}
			if apply != nil {
				apply()
			}
		})
	})
}

// publishNow asks before sending a post at once to the targets it has
// not reached (targets of them).
func (w *Window) publishNow(id app.ID, targets int) {
	if w.deps.Publishing == nil {
		return
	}
	tr := w.tr
	if targets == 0 {
		showMessage(w.win, tr, tr.T("publish.title"), tr.T("publish.nothing"))
		return
	}
	msg := widget.NewLabel(tr.N("publish.confirm", targets))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(tr.T("publish.title"), tr.T("publish.now"), tr.T("action.cancel"),
		container.NewGridWrap(fyne.NewSize(360, msg.MinSize().Height*2), msg), func(ok bool) {
			if ok {
				w.sendNow(id)
			}
		}, w.win)
	d.Show()
}

// sendNow publishes a post now, behind a progress dialog, then shows
// what became of each target.
func (w *Window) sendNow(id app.ID) {
	tr := w.tr
	w.compose.saver.Flush()
	w.withProgress(tr.T("publish.title"), tr.T("publish.sending"), func(ctx context.Context) func() {
		w.write.Wait() // what was typed last is what goes out
		results, err := w.deps.Publishing.PublishNow(ctx, id)
		return func() { w.showResults(results, err) }
	})
}

// showResults says, target by target, where the post went (with its
// link) or why it did not.
func (w *Window) showResults(results []app.Result, err error) {
	tr := w.tr
	if err != nil && len(results) == 0 {
		w.compose.showNotReady(err)
		return
	}
	if len(results) == 0 {
		showMessage(w.win, tr, tr.T("publish.title"), tr.T("publish.nothing"))
		return
	}
	rows := container.NewVBox()
	for _, r := range results {
		name := widget.NewLabelWithStyle(w.targetName(r.Attempt.Target), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		var icon fyne.Resource
		var detail fyne.CanvasObject
		switch {
		case r.Sent():
			icon = theme.ConfirmIcon()
			detail = w.postLink(r.Attempt.Published.URL)
		case r.Err != nil:
			icon = theme.ErrorIcon()
			l := widget.NewLabel(tr.Error(r.Err))
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.DangerImportance
			detail = l
		default:
			icon = theme.HistoryIcon()
			why, _ := attemptWhy(w, r.Attempt)
			l := widget.NewLabel(strings.TrimSpace(attemptState(w, r.Attempt) + " " + why))
			l.Wrapping = fyne.TextWrapWord
			detail = l
		}
		rows.Add(container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(icon), name), nil, detail))
	}
	if err != nil {
		l := widget.NewLabel(tr.Error(err))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		rows.Add(l)
	}
	d := dialog.NewCustom(tr.T("publish.title"), tr.T("action.ok"), rows, w.win)
	d.Resize(fyne.NewSize(520, rows.MinSize().Height+120))
	d.Show()
}

// postLink is the link to a post on its network, opened through
// Deps.OpenURL; a post without an address says it went out.
func (w *Window) postLink(page string) fyne.CanvasObject {
	u, err := url.Parse(page)
	if page == "" || err != nil {
		return widget.NewLabel(w.tr.T("outbox.sent_no_link"))
	}
	link := widget.NewHyperlink(w.tr.T("outbox.view"), u)
	link.OnTapped = func() { w.openURL(page) }
	return link
}

// publishNow is Compose's "Publish now": to every target of the open
// post that does not have it yet.
func (c *composeScreen) publishNow() {
	if !c.stored {
		return
	}
	c.w.publishNow(c.current, c.unsent())
}

// unsent counts the ticked targets the open post has not reached; a
// repeating post goes to all of them once more.
func (c *composeScreen) unsent() int {
	n := 0
	repeating := c.currentRule() != ""
	for _, t := range c.selectedTargets() {
		sent := false
		for _, a := range c.attempts {
			if a.Target == t && a.State == app.AttemptSent {
				sent = true
			}
		}
		if repeating || !sent {
			n++
		}
	}
	return n
}

// syncStatus shows the status the publishing engine gave the open post
// (published, failed) when the list brings it.
func (c *composeScreen) syncStatus() {
	engine := func(s app.Status) bool { return s == app.StatusPublished || s == app.StatusFailed }
	for _, s := range c.items {
		if s.ID == c.current && s.Status != c.post.statusOf && (engine(s.Status) || engine(c.post.statusOf)) {
			c.post.statusOf = s.Status
			c.showStatus(s.Status)
		}
	}
}

// reloadOutbox reads the open post's attempts again.
func (c *composeScreen) reloadOutbox() {
	if c.w.deps.Publishing == nil || !c.stored {
		return
	}
	id := c.current
	c.attemptsRead++
	read := c.attemptsRead
	c.w.bg.Go(func() {
		list, err := c.w.deps.Publishing.Attempts(context.Background(), id)
		c.w.do(func() {
			if read != c.attemptsRead || c.current != id {
				return
			}
			if err != nil {
				c.setStatus(c.w.tr.Error(err), true)
				return
			}
			c.attempts = latestPerTarget(list)
			c.showOutbox()
		})
	})
}

// latestPerTarget keeps each target's latest attempt, in the order the
// targets first went out.
func latestPerTarget(list []app.Attempt) []app.Attempt {
	var out []app.Attempt
	for _, a := range list {
		i := -1
		for j := range out {
			if out[j].Target == a.Target {
				i = j
			}
		}
		switch {
		case i < 0:
			out = append(out, a)
		case !a.Due.Before(out[i].Due):
			out[i] = a
		}
	}
	return out
}

// showOutbox shows a line per target of the open post that has been
// through the outbox.
func (c *composeScreen) showOutbox() {
	c.outboxLines.RemoveAll()
	// In the order of the targets above.
	rank := func(t app.Target) int {
		for i, o := range c.post.options {
			if o.target == t {
				return i
			}
		}
		return len(c.post.options)
	}
	slices.SortStableFunc(c.attempts, func(a, b app.Attempt) int { return rank(a.Target) - rank(b.Target) })
	for _, a := range c.attempts {
		c.outboxLines.Add(c.outboxLine(a))
	}
	if len(c.attempts) == 0 {
		c.outbox.Hide()
	} else {
		c.outbox.Show()
	}
	c.outboxLines.Refresh()
}

// outboxLine is one target's line: published (when, and the link), will
// try again (when, and why), waiting for the user's decision (publish
// now or skip), failed (why, and try again), skipped.
func (c *composeScreen) outboxLine(a app.Attempt) fyne.CanvasObject {
	w := c.w
	tr := w.tr
	name := widget.NewLabelWithStyle(w.targetName(a.Target), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	state := widget.NewLabel(attemptState(w, a))
	state.Wrapping = fyne.TextWrapWord
	var icon fyne.Resource
	var actions []fyne.CanvasObject
	switch a.State {
	case app.AttemptSent:
		icon = theme.ConfirmIcon()
		state.Importance = widget.SuccessImportance
		actions = append(actions, w.postLink(a.Published.URL))
	case app.AttemptWaiting, app.AttemptSending:
		icon = theme.HistoryIcon()
		state.Importance = widget.WarningImportance
	case app.AttemptHeld:
		icon = theme.QuestionIcon()
		state.Importance = widget.WarningImportance
		publish := widget.NewButtonWithIcon(tr.T("publish.now"), theme.MailSendIcon(), c.publishNow)
		publish.Importance = widget.HighImportance
		skip := widget.NewButton(tr.T("outbox.skip"), func() { c.skip(a) })
		actions = append(actions, publish, skip)
	case app.AttemptFailed:
		icon = theme.ErrorIcon()
		state.Importance = widget.DangerImportance
		actions = append(actions, widget.NewButtonWithIcon(tr.T("outbox.retry"), theme.ViewRefreshIcon(), c.publishNow))
	default:
		icon = theme.ContentRemoveIcon()
		state.Importance = widget.LowImportance
	}
	text := container.NewVBox(state)
	if why, detail := attemptWhy(w, a); why != "" && a.State != app.AttemptSent {
		l := widget.NewLabel(why)
		l.Wrapping = fyne.TextWrapWord
		text.Add(l)
		if detail != "" && detail != why {
			d := widget.NewLabel(detail)
			d.Wrapping = fyne.TextWrapWord
			d.Importance = widget.LowImportance
			d.SizeName = theme.SizeNameCaptionText
			text.Add(d)
		}
	}
	// Icon, name and buttons stay on the first line, however long the
	// reason under it.
	left := container.NewVBox(container.NewHBox(widget.NewIcon(icon), name))
	return container.NewBorder(nil, nil, left, container.NewVBox(container.NewHBox(actions...)), text)
}

// skip gives up a held or waiting attempt.
func (c *composeScreen) skip(a app.Attempt) {
	c.w.bg.Go(func() {
		err := c.w.deps.Publishing.Skip(context.Background(), a.ID)
		c.w.do(func() {
			if err != nil {
				c.w.showError(err)
				return
			}
			c.reloadOutbox()
		})
	})
}

// attemptState says where an attempt stands, with its times.
func attemptState(w *Window, a app.Attempt) string {
	tr := w.tr
	switch a.State {
	case app.AttemptSent:
		at := a.Published.At
		if at.IsZero() {
			at = a.UpdatedAt
		}
		date, clock := w.dateTime(at)
		return tr.T("outbox.sent", "date", date, "time", clock)
	case app.AttemptWaiting:
		date, clock := w.dateTime(a.NextTry)
		return tr.T("outbox.waiting", "date", date, "time", clock)
	case app.AttemptSending:
		return tr.T("outbox.sending")
	case app.AttemptHeld:
		date, clock := w.dateTime(a.Due)
		return tr.T("outbox.held", "date", date, "time", clock)
	case app.AttemptFailed:
		return tr.T("outbox.failed")
	case app.AttemptSkipped:
		return tr.T("outbox.skipped")
	}
	return tr.T("attempt.state." + string(a.State))
}

// dateTime writes a time for the user: the day ("today", "on 25 Nov")
// and the local hour.
func (w *Window) dateTime(t time.Time) (date, clock string) {
	local, now := t.Local(), w.deps.Clock.Now().Local()
	if local.Year() == now.Year() && local.YearDay() == now.YearDay() {
		date = w.tr.T("time.today")
	} else {
		date = w.tr.T("time.on_date", "date", w.tr.Date(local, now))
	}
	return date, local.Format("15:04")
}

// attemptWhy says why an attempt did not go out: the plain sentence of
// its reason, and the server's own words as detail when the sentence does
// not quote them already.
func attemptWhy(w *Window, a app.Attempt) (why, detail string) {
	err := a.Err()
	if err == nil {
		return "", ""
	}
	if a.Failure != 0 && a.Failure != app.FailRejected {
		// The server's words, or what the connector saw (a timeout…).
		detail = a.Message
		if detail == "" {
			detail, _ = strings.CutPrefix(a.Problem, err.Error()+": ")
		}
	}
	return w.tr.Error(err), detail
}

// networkName is how screens name a kind of account.
func networkName(tr *i18n.Translator, n app.Network) string {
	if n == app.RSS {
		return tr.T("network.rss")
	}
	return n.Name()
}

// postName is how a notice or a menu names a post: its title, else the
// start of its text.
func postName(tr *i18n.Translator, p app.Post) string {
	s := app.Summarize(p)
	name := s.Title
	if name == "" {
		name = s.Snippet
	}
	if name == "" {
		return tr.T("drafts.untitled")
	}
	return shorten(name, 60)
}

// shorten cuts text to at most n runes, with an ellipsis.
func shorten(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
