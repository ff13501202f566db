package monitor

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	mon "github.com/relais-app/relais/app/monitor"
)

// detail is the item chosen: its text as plain text (a label never reads
// markup), its author, its link and its actions.
type detail struct {
	box       *fyne.Container
	empty     *widget.Label
	title     *widget.Label
	author    *widget.Label
	when      *widget.Label
	dot       *canvas.Circle
	sentiment *widget.Label
	// tone is the row of the dot, the sentiment and the time: laid out
	// again when they change, or the time is drawn over a longer
	// sentiment.
	tone      *fyne.Container
	text      *widget.Label
	link      *widget.Label
	read      *widget.Button
	important *widget.Button
	copyLink  *widget.Button
	open      *widget.Button
	like      *widget.Button
	reply     *widget.Button
	toInbox   *widget.Button
	status    *widget.Label
}

func (s *Screen) buildDetail() fyne.CanvasObject {
	tr := s.tr
	d := &s.detail
	d.empty = widget.NewLabel(tr.T("monitor.detail.empty"))
	d.empty.Alignment = fyne.TextAlignCenter
	d.empty.Wrapping = fyne.TextWrapWord
	d.empty.Importance = widget.LowImportance
	d.title = widget.NewLabel("")
	d.title.TextStyle.Bold = true
	d.title.Wrapping = fyne.TextWrapWord
	d.author = widget.NewLabel("")
	d.author.Wrapping = fyne.TextWrapWord
	d.when = widget.NewLabel("")
	d.when.Importance = widget.LowImportance
	d.dot = canvas.NewCircle(sentimentColour(mon.SentimentUnknown))
	d.sentiment = widget.NewLabel("")
	d.sentiment.TextStyle.Bold = true
	d.text = widget.NewLabel("")
	d.text.Wrapping = fyne.TextWrapWord
	d.text.Selectable = true
	d.link = widget.NewLabel("")
	d.link.Wrapping = fyne.TextWrapBreak
	d.link.Importance = widget.LowImportance
	d.read = widget.NewButtonWithIcon(tr.T("monitor.action.read"), theme.VisibilityIcon(), s.toggleRead)
	d.important = widget.NewButtonWithIcon(tr.T("monitor.action.important"), theme.ContentAddIcon(), s.toggleImportant)
	d.copyLink = widget.NewButtonWithIcon(tr.T("monitor.action.copy"), theme.ContentCopyIcon(), s.copyLink)
	d.open = widget.NewButtonWithIcon(tr.T("monitor.action.open"), theme.ComputerIcon(), s.openItem)
	d.like = widget.NewButtonWithIcon(tr.T("monitor.action.like"), theme.ConfirmIcon(), s.likeItem)
	d.reply = widget.NewButtonWithIcon(tr.T("monitor.action.reply"), theme.MailReplyIcon(), s.replyItem)
	d.toInbox = widget.NewButtonWithIcon(tr.T("monitor.action.to_inbox"), theme.DownloadIcon(), s.sendToInbox)
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.LowImportance

	dot := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(12), d.dot))
	d.tone = container.NewHBox(dot, d.sentiment, d.when)
	head := container.NewVBox(d.title, d.author, d.tone)
	actions := container.NewVBox(
		container.NewGridWithColumns(2, d.read, d.important, d.copyLink, d.open, d.reply, d.like),
		d.toInbox,
		d.status)
	body := container.NewVScroll(container.NewVBox(d.text, d.link))
	d.box = container.NewBorder(head, actions, nil, nil, body)
	d.box.Hide()
	return container.NewStack(container.NewPadded(d.empty), d.box)
}

// current is the item chosen, if it is still listed.
func (s *Screen) current() (int, bool) {
	i := s.selIndex
	if s.selected.IsZero() || i < 0 || i >= len(s.items) || s.items[i].ID != s.selected {
		return -1, false
	}
	return i, true
}

// showItem fills the detail with an item.
func (s *Screen) showItem(it mon.Item) {
	tr, d := s.tr, &s.detail
	title := strings.TrimSpace(it.Title)
	if title == "" {
		title = tr.T("monitor.source." + string(it.Source))
	}
	d.title.SetText(title)
	author := authorName(it)
	if author == "" {
		author = tr.T("monitor.detail.no_author")
	}
	d.author.SetText(tr.T("monitor.detail.author", "author", author))
	d.when.SetText(tr.Date(it.At(), s.d.Clock.Now()))
	d.dot.FillColor = sentimentColour(it.Sentiment)
	d.dot.Refresh()
	d.sentiment.SetText(sentimentLabel(tr, it.Sentiment))
	d.tone.Refresh() // a label's new text does not lay out its row
	d.text.SetText(shortened(strings.TrimSpace(it.Text)))
	d.link.SetText(it.URL)
	showIf(d.link, it.URL != "")
	if it.Read {
		d.read.SetText(tr.T("monitor.action.unread"))
	} else {
		d.read.SetText(tr.T("monitor.action.read"))
	}
	if it.Important {
		d.important.SetText(tr.T("monitor.action.not_important"))
		d.important.SetIcon(theme.ContentRemoveIcon())
	} else {
		d.important.SetText(tr.T("monitor.action.important"))
		d.important.SetIcon(theme.ContentAddIcon())
	}
	if it.URL == "" {
		d.copyLink.Disable()
		d.open.Disable()
	} else {
		d.copyLink.Enable()
		d.open.Enable()
	}
	// Like, reply and the inbox: through the connected account that
	// found the post; a feed's article has none.
	if s.canAct(it) {
		d.like.Enable()
		d.toInbox.Enable()
	} else {
		d.like.Disable()
		d.toInbox.Disable()
	}
	showIf(d.like, s.d.Service != nil)
	showIf(d.toInbox, s.d.ToInbox != nil)
	showIf(d.reply, s.d.Reply != nil)
	if s.canAct(it) && s.d.Reply != nil {
		d.reply.Enable()
	} else {
		d.reply.Disable()
	}
	d.status.SetText("")
	d.empty.Hide()
	d.box.Show()
}

func (s *Screen) clearDetail() {
	s.detail.box.Hide()
	s.detail.empty.Show()
}

func (s *Screen) toggleRead() {
	if i, ok := s.current(); ok {
		it := s.items[i]
		s.mark(i, !it.Read, it.Important)
	}
}

func (s *Screen) toggleImportant() {
	if i, ok := s.current(); ok {
		it := s.items[i]
		s.mark(i, it.Read, !it.Important)
	}
}

// mark sets an item's flags: at once on screen, then in the store; the
// screen goes back if the store refuses.
func (s *Screen) mark(i int, read, important bool) {
	old := s.items[i]
	it := old
	it.Read, it.Important = read, important
	s.items[i] = it
	s.list.RefreshItem(i)
	s.showItem(it)
	svc := s.d.Service
	s.d.Go(func() {
		err := svc.Mark(context.Background(), it, read, important)
		s.d.Do(func() {
			if err != nil {
				if i < len(s.items) && s.items[i].ID == old.ID {
					s.items[i] = old
					s.list.RefreshItem(i)
					if s.selected == old.ID {
						s.showItem(old)
					}
				}
				s.showError(err)
				return
			}
			s.loadWatches() // the unread counts
		})
	})
}

func (s *Screen) copyLink() {
	i, ok := s.current()
	if !ok || s.items[i].URL == "" || s.d.Clipboard == nil {
		return
	}
	s.d.Clipboard.SetContent(s.items[i].URL)
	s.detail.status.SetText(s.tr.T("monitor.detail.copied"))
}

func (s *Screen) openItem() {
	i, ok := s.current()
	if !ok || s.items[i].URL == "" || s.d.OpenURL == nil {
		return
	}
	if err := s.d.OpenURL(s.items[i].URL); err != nil {
		s.showError(fmt.Errorf("opening %s: %w", s.items[i].URL, err))
	}
}

// buildRefresh makes Refresh now, its Cancel, its bar and its status.
func (s *Screen) buildRefresh() {
	tr := s.tr
	s.refreshButton = widget.NewButtonWithIcon(tr.T("monitor.refresh"), theme.ViewRefreshIcon(), s.refreshNow)
	s.refreshCancel = widget.NewButtonWithIcon(tr.T("action.cancel"), theme.CancelIcon(), func() {
		if s.stopRefresh != nil {
			s.stopRefresh()
		}
		s.refreshCancel.Disable()
		s.refreshStatus.SetText(tr.T("progress.cancelling"))
	})
	s.refreshCancel.Hide()
	s.refreshBar = widget.NewProgressBar()
	s.refreshBar.Hide()
	s.refreshStatus = widget.NewLabel("")
	s.refreshStatus.Importance = widget.LowImportance
	s.refreshStatus.Truncation = fyne.TextTruncateEllipsis
}

// refreshNow reads every source once, with a bar and a Cancel.
func (s *Screen) refreshNow() {
	if s.stopRefresh != nil {
		return
	}
	tr := s.tr
	ctx, cancel := context.WithCancel(context.Background())
	s.stopRefresh = cancel
	s.refreshButton.Disable()
	s.refreshCancel.Enable()
	s.refreshCancel.Show()
	s.refreshBar.SetValue(0)
	s.refreshBar.Show()
	s.refreshStatus.SetText(tr.T("monitor.refresh.running"))
	svc := s.d.Service
	s.d.Go(func() {
		reports, err := svc.RefreshNow(ctx, func(done, total int) {
			s.d.Do(func() {
				if total > 0 {
					s.refreshBar.SetValue(float64(done) / float64(total))
				}
				s.refreshStatus.SetText(tr.T("monitor.refresh.progress", "done", tr.Number(done), "total", tr.Number(total)))
			})
		})
		s.d.Do(func() {
			cancel()
			s.stopRefresh = nil
			s.refreshButton.Enable()
			s.refreshCancel.Hide()
			s.refreshBar.Hide()
			s.refreshStatus.SetText(s.refreshOutcome(reports, err, ctx.Err() != nil))
			s.loadWatches()
			s.reload()
		})
	})
}

// refreshOutcome says how a refresh went.
func (s *Screen) refreshOutcome(reports []mon.SourceReport, err error, cancelled bool) string {
	tr := s.tr
	if cancelled {
		return tr.T("monitor.refresh.cancelled")
	}
	if err != nil {
		return tr.Error(err)
	}
	fresh, failed := 0, 0
	for _, r := range reports {
		fresh += r.New
		if r.Err != nil && !r.Skipped {
			failed++
		}
	}
	out := tr.N("monitor.refresh.new", fresh)
	if failed > 0 {
		out += " · " + tr.N("monitor.refresh.failed", failed)
	}
	return out
}

func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// maxShown is the most characters of an item's text the detail wraps: a
// label wrapping tens of kilobytes holds the UI goroutine for a second;
// the whole article is a click away (Open).
const maxShown = 8000

func shortened(text string) string {
	if len(text) <= maxShown {
		return text
	}
	r := []rune(text)
	if len(r) <= maxShown {
		return text
	}
	return string(r[:maxShown]) + "…"
}
