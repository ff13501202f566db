package monitor

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
)

// canAct reports whether an item can be liked, answered or taken to the
// inbox: found by a search of an account that is connected.
func (s *Screen) canAct(it mon.Item) bool {
	if _, ok := it.Ref(); !ok || s.d.Accounts == nil {
		return false
	}
	for _, a := range s.d.Accounts() {
		if a.ID == it.Account {
			return a.State == app.AccountConnected || a.State == ""
		}
	}
	return false
}

// likeItem likes the item chosen, through the account that found it.
func (s *Screen) likeItem() {
	i, ok := s.current()
	if !ok || !s.canAct(s.items[i]) {
		return
	}
	it := s.items[i]
	s.detail.like.Disable()
	s.detail.status.SetText(s.tr.T("monitor.action.liking"))
	svc := s.d.Service
	s.d.Go(func() {
		err := svc.Like(context.Background(), it)
		s.d.Do(func() {
			s.detail.like.Enable()
			if err != nil {
				s.detail.status.SetText("")
				s.showError(err)
				return
			}
			s.detail.status.SetText(s.tr.T("monitor.action.liked"))
		})
	})
}

// sendToInbox puts the item chosen in the inbox, to answer from there.
func (s *Screen) sendToInbox() {
	i, ok := s.current()
	if !ok || s.d.ToInbox == nil || !s.canAct(s.items[i]) {
		return
	}
	it := s.items[i]
	s.detail.toInbox.Disable()
	take := s.d.ToInbox
	s.d.Go(func() {
		_, err := take(context.Background(), it)
		s.d.Do(func() {
			s.detail.toInbox.Enable()
			if err != nil {
				s.showError(err)
				return
			}
			s.detail.status.SetText(s.tr.T("monitor.action.in_inbox"))
		})
	})
}

// replyItem asks for a reply to the item chosen, and sends it through the
// inbox (its checks, its proofreading, sent once).
func (s *Screen) replyItem() {
	i, ok := s.current()
	if !ok || s.d.Reply == nil || !s.canAct(s.items[i]) {
		return
	}
	it := s.items[i]
	entry := widget.NewMultiLineEntry()
	entry.Wrapping = fyne.TextWrapWord
	entry.SetMinRowsVisible(4)
	entry.SetPlaceHolder(s.tr.T("monitor.reply.placeholder"))
	to := widget.NewLabel(s.tr.T("monitor.reply.to", "author", authorName(it)))
	to.Truncation = fyne.TextTruncateEllipsis
	body := container.NewVBox(to, entry)
	send := s.d.Reply
	submit := func(text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		s.d.Go(func() {
			err := send(context.Background(), it, text)
			s.d.Do(func() {
				if err != nil {
					s.showError(err)
					return
				}
				s.detail.status.SetText(s.tr.T("monitor.action.replied"))
			})
		})
	}
	if s.d.Window == nil {
		return
	}
	dlg := dialog.NewCustomConfirm(s.tr.T("monitor.reply.title"), s.tr.T("monitor.reply.send"), s.tr.T("action.cancel"), body,
		func(ok bool) {
			if ok {
				submit(entry.Text)
			}
		}, s.d.Window)
	dlg.Resize(fyne.NewSize(480, 260))
	dlg.Show()
	s.d.Window.Canvas().Focus(entry)
}
