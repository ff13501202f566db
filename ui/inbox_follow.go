package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// buildFollow makes what a follow request shows instead of the reply
// box: "Léa wants to follow you", Accept and Reject.
func (s *inboxScreen) buildFollow() {
	tr := s.w.tr
	d := &s.inboxDetail
	d.followTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.followTitle.Wrapping = fyne.TextWrapWord
	d.accept = widget.NewButtonWithIcon(tr.T("inbox.follow.accept"), theme.ConfirmIcon(), func() { s.answerFollow(true) })
	d.accept.Importance = widget.HighImportance
	d.reject = widget.NewButtonWithIcon(tr.T("inbox.follow.reject"), theme.CancelIcon(), func() { s.answerFollow(false) })
	d.answering = widget.NewProgressBarInfinite()
	d.answering.Stop()
	d.answering.Hide()
	d.followNote = widget.NewLabel("")
	d.followNote.Wrapping = fyne.TextWrapWord
	d.followNote.Importance = widget.LowImportance
	d.followNote.Hide()
	d.followKeys = widget.NewLabel(tr.T("inbox.follow.keys"))
	d.followKeys.Importance = widget.LowImportance
	d.followKeys.SizeName = theme.SizeNameCaptionText
	buttons := container.NewBorder(nil, nil, container.NewHBox(d.accept, d.reject), nil, d.answering)
	d.followBox = container.NewVBox(d.followTitle, d.followNote, buttons, d.followKeys)
	d.followBox.Hide()
}

// showFollow shows the follow request chosen: who asks, and Accept and
// Reject while it waits and the network can answer it; else what became
// of it.
func (s *inboxScreen) showFollow() {
	tr := s.w.tr
	d := &s.inboxDetail
	it := s.item
	who := authorName(it.Author)
	if who == "" {
		who = atHandle(it.Author.Handle)
	}
	d.followTitle.SetText(tr.T("inbox.follow.wants", "who", who))
	waiting := it.AwaitsAnswer()
	cannot := waiting && d.capsKnown && !d.canFollow
	switch {
	case it.Answer != "":
		d.followNote.SetText(tr.T("inbox.answer." + string(it.Answer)))
	case cannot:
		d.followNote.SetText(tr.T("inbox.follow.cannot"))
	}
	showIf(d.followNote, it.Answer != "" || cannot)
	offer := waiting && !cannot
	showIf(d.accept, offer)
	showIf(d.reject, offer)
	showIf(d.followKeys, offer)
	if d.isAnswering {
		d.accept.Disable()
		d.reject.Disable()
	} else {
		d.accept.Enable()
		d.reject.Enable()
	}
}

// answerFollow accepts or rejects the chosen follow request, off the UI
// goroutine, with the progress; the item then says what became of it.
func (s *inboxScreen) answerFollow(accept bool) {
	tr := s.w.tr
	d := &s.inboxDetail
	it := s.item
	if s.selected.IsZero() || it.ID != s.selected || d.isAnswering || !d.followBox.Visible() || !d.accept.Visible() {
		return
	}
	answer, busy, done := s.in.Accept, "inbox.follow.accepting", "inbox.follow.accepted"
	if !accept {
		answer, busy, done = s.in.Reject, "inbox.follow.rejecting", "inbox.follow.rejected"
	}
	d.isAnswering = true
	d.accept.Disable()
	d.reject.Disable()
	d.answering.Show()
	d.answering.Start()
	s.setStatus(tr.T(busy), false)
	id := it.ID
	who := authorName(it.Author)
	if who == "" {
		who = atHandle(it.Author.Handle)
	}
	s.w.bg.Go(func() {
		item, err := answer(context.Background(), id)
		s.w.do(func() {
			d.isAnswering = false
			d.answering.Stop()
			d.answering.Hide()
			if s.selected != id {
				if err != nil && !errors.Is(err, app.ErrFollowHandled) {
					s.w.showError(errors.New(s.w.inboxError(err)))
				}
				return
			}
			if item.ID == id {
				s.showItem(item, false)
			} else {
				s.showFollow()
			}
			if err != nil {
				// Already handled is news, not a failure.
				s.setStatus(s.w.inboxError(err), !errors.Is(err, app.ErrFollowHandled))
				return
			}
			s.setStatus(tr.T(done, "who", who), false)
		})
	})
}
