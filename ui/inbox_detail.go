package ui

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// inboxDetail is the right-hand side of the inbox: the item chosen, its
// conversation, what can be done with it, and the reply box. Remote text
// is shown as plain text only, never parsed as Markdown or HTML: links
// are found in it and made links, nothing else.
type inboxDetail struct {
	empty *widget.Label
	body  fyne.CanvasObject

	who     *widget.Label
	handle  *widget.Label
	profile *widget.Hyperlink
	about   *widget.Label
	notes   *widget.Label
	labels  *widget.Label
	status  *widget.Label

	markNeedsReply *widget.Button
	markDoneButton *widget.Button
	snooze         *widget.Button
	reopen         *widget.Button
	editLabels     *widget.Button
	like           *widget.Button
	boost          *widget.Button
	deleteButton   *widget.Button // deletes a comment (Facebook, Instagram)
	hideButton     *widget.Button // hides a comment, or shows it again (Facebook, Instagram, Threads)
	hideNote       *widget.Label  // why Hide is disabled
	likeNote       *widget.Label  // why Like is disabled
	open           *widget.Button
	snoozeMenu     *fyne.Menu // the snooze menu last opened

	thread     *fyne.Container
	loading    *widget.ProgressBarInfinite
	threadNote *widget.Label
	stopConv   context.CancelFunc
	ours       *fyne.Container // our replies
	oursTitle  fyne.CanvasObject

	// A follow request shows followBox instead of the reply box: who
	// asks, Accept and Reject, the progress while the answer goes, and
	// what became of it.
	followBox   *fyne.Container
	followTitle *widget.Label
	accept      *widget.Button
	reject      *widget.Button
	answering   *widget.ProgressBarInfinite
	followNote  *widget.Label
	followKeys  *widget.Label
	isAnswering bool
	canFollow   bool // the item's network answers follow requests

	replyBox   *fyne.Container
	to         *widget.Label // whom the reply mentions (see showItem)
	noReply    *widget.Label
	reply      *replyEntry
	replyProof *proofPanel // what the proofreader finds in the reply
	length     *widget.Label
	problems   *fyne.Container
	saved      *widget.Button
	savedMenu  *fyne.Menu // the saved replies menu last opened
	send       *widget.Button
	sending    *widget.ProgressBarInfinite
	isSending  bool
	isHiding   bool // Hide was pressed and the network has not answered
	canReply   bool
	canLike    bool
	canBoost   bool
	canDelete  bool
	canHide    bool
	capsKnown  bool // canReply, canLike, canBoost, canDelete and canHide are known for the item
	keepStatus bool // the next item shown keeps the status line
	fillingBox bool
	// drafts are the replies typed and not sent, by item, while Relais
	// runs.
	drafts map[app.ID]string
}

func (s *inboxScreen) buildDetail(drafts map[app.ID]string) fyne.CanvasObject {
	tr := s.w.tr
	d := &s.inboxDetail
	d.drafts = drafts
	if d.drafts == nil {
		d.drafts = make(map[app.ID]string)
	}
	d.empty = widget.NewLabel(tr.T("inbox.detail.empty"))
	d.empty.Wrapping = fyne.TextWrapWord
	d.empty.Alignment = fyne.TextAlignCenter
	d.empty.Importance = widget.LowImportance

	d.who = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.who.SizeName = theme.SizeNameSubHeadingText
	d.who.Truncation = fyne.TextTruncateEllipsis
	d.handle = widget.NewLabel("")
	d.handle.Importance = widget.LowImportance
	d.handle.Truncation = fyne.TextTruncateEllipsis
	d.profile = widget.NewHyperlink(tr.T("inbox.profile"), nil)
	d.profile.OnTapped = func() {
		if s.item.Author.URL != "" {
			s.w.openURL(s.item.Author.URL)
		}
	}
	d.about = widget.NewLabel("")
	d.about.Wrapping = fyne.TextWrapWord
	d.notes = widget.NewLabel("")
	d.notes.Wrapping = fyne.TextWrapWord
	d.notes.Importance = widget.WarningImportance
	d.labels = widget.NewLabel("")
	d.labels.Wrapping = fyne.TextWrapWord
	d.labels.Importance = widget.LowImportance
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Hide()

	d.markNeedsReply = widget.NewButtonWithIcon(tr.T("inbox.action.needs_reply"), theme.MailReplyIcon(), func() {
		s.setState(app.StateNeedsReply)
	})
	d.markDoneButton = widget.NewButtonWithIcon(tr.T("inbox.action.done"), theme.ConfirmIcon(), s.markDone)
	d.snooze = widget.NewButtonWithIcon(tr.T("inbox.action.snooze"), theme.HistoryIcon(), s.openSnooze)
	d.reopen = widget.NewButtonWithIcon(tr.T("inbox.action.reopen"), theme.ContentUndoIcon(), s.reopenItem)
	d.editLabels = widget.NewButtonWithIcon(tr.T("inbox.action.labels"), theme.ListIcon(), s.editItemLabels)
	d.like = widget.NewButtonWithIcon(tr.T("inbox.action.like"), theme.ConfirmIcon(), func() { s.react(s.in.Like, "inbox.liked") })
	d.boost = widget.NewButtonWithIcon(tr.T("inbox.action.boost"), theme.MediaReplayIcon(), func() { s.react(s.in.Boost, "inbox.boosted") })
	d.open = widget.NewButtonWithIcon(tr.T("inbox.action.open"), theme.ComputerIcon(), func() {
		if s.item.URL != "" {
			s.w.openURL(s.item.URL)
		}
	})
	d.deleteButton = widget.NewButtonWithIcon(tr.T("inbox.action.delete"), theme.DeleteIcon(), s.askDelete)
	d.deleteButton.Importance = widget.DangerImportance
	d.hideButton = widget.NewButtonWithIcon(tr.T("inbox.action.hide"), theme.VisibilityOffIcon(), s.toggleHidden)
	d.hideNote = widget.NewLabel("")
	d.hideNote.Wrapping = fyne.TextWrapWord
	d.hideNote.Importance = widget.LowImportance
	d.hideButton.Hide()
	d.hideNote.Hide()
	d.likeNote = widget.NewLabel("")
	d.likeNote.Wrapping = fyne.TextWrapWord
	d.likeNote.Importance = widget.LowImportance
	d.like.Hide()
	d.boost.Hide()
	d.deleteButton.Hide()
	d.likeNote.Hide()

	d.thread = container.NewVBox()
	d.loading = widget.NewProgressBarInfinite()
	d.loading.Stop()
	d.loading.Hide()
	d.threadNote = widget.NewLabel("")
	d.threadNote.Wrapping = fyne.TextWrapWord
	d.threadNote.Importance = widget.LowImportance
	d.threadNote.Hide()
	d.ours = container.NewVBox()
	d.oursTitle = sectionTitle(tr.T("inbox.ours"))
	d.oursTitle.Hide()

	s.buildReply()
	s.buildFollow()

	head := container.NewBorder(nil, nil, nil, d.profile, container.NewVBox(d.who, d.handle))
	triage := container.NewHBox(d.markNeedsReply, d.markDoneButton, d.snooze, d.reopen, d.editLabels)
	more := container.NewHBox(d.like, d.boost, d.hideButton, d.deleteButton, d.open)
	top := container.NewVBox(head, d.about, d.notes, d.labels,
		container.NewHScroll(triage), container.NewHScroll(more), d.likeNote, d.hideNote, d.status, widget.NewSeparator())
	middle := container.NewVScroll(container.NewVBox(sectionTitle(tr.T("inbox.conversation")),
		d.loading, d.threadNote, d.thread, d.oursTitle, d.ours))
	d.body = container.NewBorder(top, container.NewVBox(widget.NewSeparator(), d.replyBox, d.noReply, d.followBox), nil, nil, middle)
	d.body.Hide()
	// Spacers, not a Center: a Center gives the label only its minimum
	// width, and the wrapped words then run past the pane's edges.
	return container.NewStack(container.NewVBox(layout.NewSpacer(), d.empty, layout.NewSpacer()), d.body)
}

// buildReply makes the reply box: the text, its checks, the saved
// replies and Send.
func (s *inboxScreen) buildReply() {
	tr := s.w.tr
	d := &s.inboxDetail
	d.reply = newReplyEntry(func() {
		if !d.send.Disabled() {
			s.sendReply()
		}
	})
	d.reply.Wrapping = fyne.TextWrapWord
	d.reply.SetMinRowsVisible(3)
	d.reply.SetPlaceHolder(tr.T("inbox.reply.placeholder"))
	d.reply.OnChanged = func(string) {
		if d.fillingBox {
			return
		}
		if !s.selected.IsZero() {
			d.drafts[s.selected] = d.reply.Text
		}
		s.checkReply()
		d.replyProof.changed()
	}
	d.replyProof = newProofPanel(s.w, func() string { return d.reply.Text }, d.reply.SetText, func() app.ProofOptions {
		opt := app.ReplyProofOptions(s.item)
		opt.Links = s.w.checkLinks
		return opt
	})
	d.length = widget.NewLabel("")
	d.length.SizeName = theme.SizeNameCaptionText
	d.length.Importance = widget.LowImportance
	d.problems = container.NewVBox()
	d.saved = widget.NewButtonWithIcon(tr.T("inbox.reply.saved"), theme.DocumentIcon(), s.openSavedReplies)
	d.send = widget.NewButtonWithIcon(tr.T("inbox.reply.send"), theme.MailSendIcon(), s.sendReply)
	d.send.Importance = widget.HighImportance
	d.send.Disable()
	d.sending = widget.NewProgressBarInfinite()
	d.sending.Stop()
	d.sending.Hide()
	d.noReply = widget.NewLabel(tr.T("inbox.reply.cannot"))
	d.noReply.Wrapping = fyne.TextWrapWord
	d.noReply.Importance = widget.LowImportance
	d.noReply.Hide()
	buttons := container.NewBorder(nil, nil, d.saved, container.NewHBox(d.length, d.send), d.sending)
	d.to = widget.NewLabel("")
	d.to.Wrapping = fyne.TextWrapWord
	d.to.Hide()
	d.replyBox = container.NewVBox(sectionTitle(tr.T("inbox.reply.heading")), d.to, d.reply, d.problems, d.replyProof.box, buttons)
	d.replyBox.Hide()
}

// choose shows an item the user chose: its conversation is read, and it
// is marked seen.
func (s *inboxScreen) choose(it app.InboxItem) {
	s.selected = it.ID
	s.showItem(it, true)
	if !it.Seen {
		in, id := s.in, it.ID
		s.w.write.Do(func(ctx context.Context) {
			if err := in.MarkSeen(ctx, id); err != nil {
				fyne.LogError("marking an inbox item seen", err)
			}
		})
	}
}

// showItem shows an item in the detail. A fresh item (newly chosen) has
// its reply box filled and its conversation read; otherwise the item is
// the same one, changed (a new state, labels), and only what it says is
// shown again.
func (s *inboxScreen) showItem(it app.InboxItem, fresh bool) {
	tr := s.w.tr
	d := &s.inboxDetail
	s.item = it
	d.empty.Hide()
	d.body.Show()

	who := authorName(it.Author)
	if who == "" {
		who = tr.T("inbox.kind." + string(it.Kind))
	}
	d.who.SetText(who)
	d.handle.SetText(atHandle(it.Author.Handle))
	if it.Author.URL != "" {
		d.profile.Show()
	} else {
		d.profile.Hide()
	}
	now := s.w.deps.Clock.Now()
	date, clock := s.w.dateTime(it.At)
	state, _ := itemState(tr, it, now)
	d.about.SetText(tr.T("inbox.detail.about", "kind", tr.T("inbox.kind."+string(it.Kind)),
		"where", s.w.itemWhere(it), "date", date, "time", clock, "state", state))

	var notes []string
	if it.Risk {
		notes = append(notes, tr.T("inbox.note.risk"))
	}
	if it.Priority == app.PriorityHigh {
		notes = append(notes, tr.T("inbox.note.priority"))
	}
	if it.Removed {
		notes = append(notes, tr.T("inbox.note.removed"))
	} else if it.Deleted {
		notes = append(notes, tr.T("inbox.note.deleted"))
	} else if it.Edited {
		notes = append(notes, tr.T("inbox.note.edited"))
	}
	if it.Hidden && !it.Removed {
		notes = append(notes, tr.T("inbox.note.hidden", "network", networkName(tr, it.Network)))
	}
	if it.Snoozed(now) {
		date, clock := s.w.dateTime(it.SnoozedUntil)
		notes = append(notes, tr.T("inbox.note.snoozed", "date", date, "time", clock))
	}
	d.notes.SetText(strings.Join(notes, "\n"))
	d.notes.Importance = widget.WarningImportance
	if it.Risk {
		d.notes.Importance = widget.DangerImportance
	}
	showIf(d.notes, len(notes) > 0)
	d.labels.SetText(tr.T("inbox.detail.labels", "labels", labelsText(it.Labels)))
	showIf(d.labels, len(it.Labels) > 0)

	snoozed := it.Snoozed(now)
	showIf(d.markNeedsReply, it.State != app.StateNeedsReply && !snoozed && it.Kind != app.ItemFollowRequest)
	showIf(d.markDoneButton, it.State != app.StateDone)
	showIf(d.snooze, it.State.Open() && !snoozed)
	showIf(d.reopen, !it.State.Open() || snoozed)
	showIf(d.open, it.URL != "")
	if !fresh {
		s.showActions()
	}
	s.showOurs(it)

	if !fresh {
		s.showReplyBox()
		return
	}
	if !d.keepStatus {
		d.status.Hide()
	}
	d.keepStatus = false
	d.canReply, d.canLike, d.canBoost, d.canDelete, d.canHide, d.canFollow, d.capsKnown = false, false, false, false, false, false, false
	s.showActions()
	// The addressees are shown, not typed in the box: Relais adds the
	// mentions the text lacks when it sends (app.ReplyText).
	to := app.ReplyAddressees(it, s.replyAccount())
	d.to.SetText(tr.T("inbox.reply.to", "handles", strings.Join(to, ", ")))
	showIf(d.to, len(to) > 0)
	text := d.drafts[it.ID]
	d.fillingBox = true
	d.reply.setText(text)
	d.fillingBox = false
	d.replyProof.changed()
	s.showReplyBox()
	s.loadConversation(it)
}

// showIf shows o when on, else hides it.
func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func labelsText(labels []string) string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = "#" + l
	}
	return strings.Join(out, "  ")
}

// clearDetail shows no item.
func (s *inboxScreen) clearDetail() {
	d := &s.inboxDetail
	if d.stopConv != nil {
		d.stopConv()
		d.stopConv = nil
	}
	s.item = app.InboxItem{}
	d.loading.Stop()
	d.body.Hide()
	d.empty.Show()
}

// loadConversation finds what can be done with the item, then reads its
// conversation, off the UI goroutine; choosing another item cancels it.
func (s *inboxScreen) loadConversation(it app.InboxItem) {
	d := &s.inboxDetail
	if d.stopConv != nil {
		d.stopConv()
	}
	ctx, stop := context.WithCancel(context.Background())
	d.stopConv = stop
	// Meanwhile, the item alone.
	d.thread.RemoveAll()
	d.thread.Add(s.postCard(app.ThreadPost{Author: it.Author, Text: it.Text, URL: it.URL, At: it.At}, true, it.Title))
	d.threadNote.Hide()
	d.loading.Show()
	d.loading.Start()
	in, w, id := s.in, s.w, it.ID
	w.bg.Go(func() {
		canReply := in.CanReply(ctx, it)
		canLike, canBoost, canDelete := in.CanLike(ctx, it), in.CanBoost(ctx, it), in.CanDelete(ctx, it)
		canHide := in.CanHide(ctx, it)
		canFollow := in.CanAnswerFollow(ctx, it)
		w.do(func() {
			if ctx.Err() != nil || s.selected != id {
				return
			}
			d.canReply, d.canLike, d.canBoost, d.canDelete, d.canHide, d.canFollow, d.capsKnown = canReply, canLike, canBoost, canDelete, canHide, canFollow, true
			s.showActions()
			s.showReplyBox()
		})
		conv, err := in.Conversation(ctx, id)
		w.do(func() {
			if ctx.Err() != nil || s.selected != id {
				return // another item was chosen
			}
			stop()
			d.loading.Stop()
			d.loading.Hide()
			if conv.Item.ID == id {
				s.showItem(conv.Item, false)
			}
			s.showThread(conv)
			if err != nil {
				d.threadNote.SetText(w.inboxError(err))
				d.threadNote.Importance = widget.DangerImportance
				d.threadNote.Show()
			}
		})
	})
}

// showActions shows what can be done with the item on its network, once
// known: Like, Boost, Hide (or Show) and Delete where the network's API
// does them; Like disabled, with the reason, on an item one can answer on
// a network whose API cannot like (Instagram, Threads), and Hide on a
// comment one can answer where it cannot hide (Mastodon, Bluesky).
func (s *inboxScreen) showActions() {
	d := &s.inboxDetail
	known := d.capsKnown && s.item.ID == s.selected
	noLike := known && d.canReply && !d.canLike
	showIf(d.like, known && (d.canLike || noLike))
	if noLike {
		d.like.Disable()
		d.likeNote.SetText(s.w.tr.T("inbox.like.cannot", "network", networkName(s.w.tr, s.item.Network)))
	} else {
		d.like.Enable()
	}
	showIf(d.likeNote, noLike)
	showIf(d.boost, known && d.canBoost)
	showIf(d.deleteButton, known && d.canDelete)

	it := s.item
	noHide := known && d.canReply && !d.canHide && it.Kind == app.ItemReply
	showIf(d.hideButton, known && (d.canHide || noHide))
	if it.Hidden {
		d.hideButton.SetText(s.w.tr.T("inbox.action.show"))
		d.hideButton.SetIcon(theme.VisibilityIcon())
	} else {
		d.hideButton.SetText(s.w.tr.T("inbox.action.hide"))
		d.hideButton.SetIcon(theme.VisibilityOffIcon())
	}
	if noHide {
		d.hideButton.Disable()
		d.hideNote.SetText(s.w.tr.T("inbox.hide.cannot", "network", networkName(s.w.tr, it.Network)))
	} else if !d.isHiding {
		d.hideButton.Enable()
	}
	showIf(d.hideNote, noHide)
}

// showThread shows the conversation, oldest first, the item's own post
// highlighted and the account's own marked.
func (s *inboxScreen) showThread(conv app.Conversation) {
	d := &s.inboxDetail
	d.thread.RemoveAll()
	for i, p := range conv.Thread.Posts {
		title := ""
		if i == conv.Thread.Focus {
			title = conv.Item.Title
		}
		d.thread.Add(s.postCard(p, i == conv.Thread.Focus, title))
	}
	if len(conv.Thread.Posts) > 1 {
		d.threadNote.SetText(s.w.tr.N("inbox.thread.count", len(conv.Thread.Posts)))
		d.threadNote.Importance = widget.LowImportance
		d.threadNote.Show()
	}
	d.thread.Refresh()
}

// cardNameWidth is the most characters of an author's name a post card
// shows whole.
const cardNameWidth = 40

// postCard is one post of a conversation.
func (s *inboxScreen) postCard(p app.ThreadPost, focus bool, title string) fyne.CanvasObject {
	tr := s.w.tr
	// The name whole up to cardNameWidth (a truncated label in an HBox
	// shrinks to "…"); the handle gives way when the line is short.
	name := widget.NewLabelWithStyle(app.Shorten(authorName(p.Author), cardNameWidth), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	handle := widget.NewLabel(atHandle(p.Author.Handle))
	handle.Importance = widget.LowImportance
	handle.Truncation = fyne.TextTruncateEllipsis
	when := widget.NewLabel("")
	when.Importance = widget.LowImportance
	if !p.At.IsZero() {
		when.SetText(tr.Ago(p.At.In(s.w.zone()), s.w.deps.Clock.Now().In(s.w.zone())))
	}
	left := container.NewHBox(name)
	if p.Mine {
		mine := widget.NewLabelWithStyle(tr.T("inbox.thread.mine"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		mine.Importance = widget.SuccessImportance
		left.Add(mine)
	}
	head := container.NewBorder(nil, nil, left, when, handle)
	box := container.NewVBox(head)
	if title != "" {
		t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		t.Wrapping = fyne.TextWrapBreak // a title of one long word too
		box.Add(t)
	}
	if strings.TrimSpace(p.Text) != "" {
		box.Add(s.w.plainText(p.Text))
	}
	if p.URL != "" {
		if u, err := url.Parse(p.URL); err == nil {
			link := widget.NewHyperlink(tr.T("inbox.thread.open"), u)
			page := p.URL
			link.OnTapped = func() { s.w.openURL(page) }
			box.Add(container.NewHBox(link))
		}
	}
	if !focus {
		return container.NewPadded(box)
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(box))
}

// links finds the web addresses in plain text.
var links = regexp.MustCompile(`https?://[^\s<>"]+`)

// plainText shows remote text as it is, wrapped, its addresses as links
// opened through the window. Nothing in it is read as markup.
func (w *Window) plainText(text string) *widget.RichText {
	var segs []widget.RichTextSegment
	addText := func(t string) {
		if t != "" {
			segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: t})
		}
	}
	rest := text
	for {
		loc := links.FindStringIndex(rest)
		if loc == nil {
			addText(rest)
			break
		}
		addr := strings.TrimRight(rest[loc[0]:loc[1]], ".,;:!?)»'’")
		end := loc[0] + len(addr)
		addText(rest[:loc[0]])
		if u, err := url.Parse(addr); err == nil {
			page := addr
			segs = append(segs, &widget.HyperlinkSegment{Text: addr, URL: u, OnTapped: func() { w.openURL(page) }})
		} else {
			addText(addr)
		}
		rest = rest[end:]
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// showOurs lists the replies sent from Relais.
func (s *inboxScreen) showOurs(it app.InboxItem) {
	tr := s.w.tr
	d := &s.inboxDetail
	d.ours.RemoveAll()
	for _, r := range it.Replies {
		date, clock := s.w.dateTime(r.At)
		state := tr.T("inbox.ours.sent", "date", date, "time", clock)
		if !r.Sent() {
			state = tr.T("inbox.ours.unsure", "date", date, "time", clock)
		}
		head := widget.NewLabel(state)
		head.Importance = widget.LowImportance
		row := container.NewVBox(head, s.w.plainText(r.Text))
		if r.Published.URL != "" {
			row.Add(container.NewHBox(s.w.postLink(r.Published.URL)))
		}
		d.ours.Add(row)
	}
	showIf(d.oursTitle, len(it.Replies) > 0)
	d.ours.Refresh()
}

// replyAccount is the account the shown item came to, as last read
// (its handle tells which mentions are of its own server).
func (s *inboxScreen) replyAccount() app.Account {
	acc, _ := s.w.account(s.item.Account)
	return acc
}

// showReplyBox shows the reply box when the item can be answered.
// showReplyBox shows the reply box when the item can be answered, and
// Accept and Reject instead on a follow request.
func (s *inboxScreen) showReplyBox() {
	d := &s.inboxDetail
	follow := s.item.Kind == app.ItemFollowRequest && !s.selected.IsZero()
	showIf(d.replyBox, d.canReply && !follow)
	showIf(d.noReply, d.capsKnown && !d.canReply && !s.selected.IsZero() && !follow)
	showIf(d.followBox, follow)
	if follow {
		s.showFollow()
	}
	s.checkReply()
}

// checkReply shows what keeps the reply from going out, as the composer
// does, and enables Send when nothing does.
func (s *inboxScreen) checkReply() {
	tr := s.w.tr
	d := &s.inboxDetail
	text := d.reply.Text
	d.problems.RemoveAll()
	acc := s.replyAccount()
	problems := app.CheckReply(s.item, acc, text)
	for _, p := range problems {
		if p.Kind == app.ProblemEmpty {
			continue // Send says it by staying grey
		}
		p.Target = app.Target{} // the reply goes to one place, shown above
		l := widget.NewLabel(problemText(s.w, p))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		if p.Blocking() {
			l.Importance = widget.DangerImportance
		}
		d.problems.Add(l)
	}
	d.problems.Refresh()
	// The length of what goes out (the mentions added), against the
	// account's own limit.
	lim := s.w.limits(app.Target{Network: s.item.Network, Account: s.item.Account})
	if max := lim.MaxLength; max > 0 {
		d.length.SetText(tr.T("inbox.reply.length", "count", tr.Number(lim.Length(s.item.Network, app.ReplyText(s.item, acc, text))), "max", tr.Number(max)))
	} else {
		d.length.SetText("")
	}
	trimmed := strings.TrimSpace(text)
	if d.canReply && !d.isSending && len(app.Blocking(problems)) == 0 && trimmed != "" {
		d.send.Enable()
	} else {
		d.send.Disable()
	}
}

// sendReply answers the item, off the UI goroutine, with the progress;
// the item shows replied once the network has the reply.
func (s *inboxScreen) sendReply() { s.sendText(false) }

// sendText sends the reply; anyway skips the proofreader, when the user chose
// to send despite its errors.
func (s *inboxScreen) sendText(anyway bool) {
	tr := s.w.tr
	d := &s.inboxDetail
	id, text := s.selected, d.reply.Text
	if id.IsZero() || d.isSending {
		return
	}
	d.isSending = true
	d.reply.Disable()
	d.saved.Disable()
	d.sending.Show()
	d.sending.Start()
	s.setStatus(tr.T("inbox.reply.sending"), false)
	s.checkReply()
	in := s.in
	s.w.bg.Go(func() {
		reply := in.Reply
		if anyway {
			reply = in.ReplyIgnoringProofreading
		}
		item, err := reply(context.Background(), id, text)
		s.w.do(func() {
			d.isSending = false
			d.reply.Enable()
			d.saved.Enable()
			d.sending.Stop()
			d.sending.Hide()
			if err != nil {
				if s.selected == id && s.offerAnyway(err) {
					s.setStatus("", false)
				} else if s.selected == id {
					s.setStatus(s.w.inboxError(err), true)
				} else {
					s.w.showError(errors.New(s.w.inboxError(err)))
				}
				s.checkReply()
				return
			}
			delete(d.drafts, id)
			if s.selected != id {
				return
			}
			d.fillingBox = true
			d.reply.SetText("")
			d.fillingBox = false
			s.showItem(item, false)
			s.setStatus(tr.T("inbox.reply.sent"), false)
		})
	})
}

// offerAnyway asks, when only the proofreader kept the reply back,
// whether to send it all the same; it reports whether it asked.
func (s *inboxScreen) offerAnyway(err error) bool {
	var nr *app.NotReadyError
	if !errors.As(err, &nr) || slices.ContainsFunc(nr.Problems, func(p app.Problem) bool { return p.Kind != app.ProblemProofread }) {
		return false
	}
	tr := s.w.tr
	lines := make([]string, len(nr.Problems))
	for i, p := range nr.Problems {
		lines[i] = "• " + tr.Finding(p.Finding)
	}
	msg := widget.NewLabel(strings.Join(lines, "\n"))
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height+8), msg)
	id := s.selected
	dialog.NewCustomConfirm(tr.T("inbox.reply.not_ready"), tr.T("inbox.reply.send_anyway"), tr.T("compose.fix_first"), body, func(anyway bool) {
		if anyway && s.selected == id {
			s.sendText(true)
		}
	}, s.w.win).Show()
	return true
}

// replyEntry is the reply's text: a multi-line entry where Ctrl+Enter
// (Cmd+Enter on macOS) sends, as in mail and chat applications; Enter
// alone starts a new line.
type replyEntry struct {
	widget.Entry
	onSend func()
}

var _ fyne.Shortcutable = (*replyEntry)(nil)

func newReplyEntry(onSend func()) *replyEntry {
	e := &replyEntry{onSend: onSend}
	e.MultiLine = true
	e.ExtendBaseWidget(e)
	return e
}

// sendShortcuts are the keys that send: Enter and the keypad's Enter,
// with the platform's shortcut modifier.
var sendShortcuts = []desktop.CustomShortcut{
	{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
}

// TypedShortcut sends on Ctrl+Enter; the entry takes the other shortcuts.
func (e *replyEntry) TypedShortcut(sc fyne.Shortcut) {
	if c, ok := sc.(*desktop.CustomShortcut); ok && !e.Disabled() {
		for _, send := range sendShortcuts {
			if c.KeyName == send.KeyName && c.Modifier == send.Modifier {
				e.onSend()
				return
			}
		}
	}
	e.Entry.TypedShortcut(sc)
}

// setText puts text in the entry with the cursor after it, so that what
// is typed next follows the mention or the saved reply put there.
func (e *replyEntry) setText(text string) {
	e.SetText(text)
	lines := strings.Split(text, "\n")
	e.CursorRow = len(lines) - 1
	e.CursorColumn = utf8.RuneCountInString(lines[len(lines)-1])
	e.Refresh()
}

// focusReply puts the cursor in the reply box.
func (s *inboxScreen) focusReply() {
	d := &s.inboxDetail
	if d.replyBox.Visible() && !d.reply.Disabled() {
		s.w.win.Canvas().Focus(d.reply)
	}
}

// openSavedReplies reads the saved replies and offers them, by language.
func (s *inboxScreen) openSavedReplies() {
	in := s.in
	s.w.bg.Go(func() {
		replies, err := in.SavedReplies(context.Background())
		s.w.do(func() {
			if err != nil {
				s.setStatus(s.w.inboxError(err), true)
				return
			}
			s.savedMenu = s.savedRepliesMenu(replies)
			if s.w.view == "inbox" && s.saved.Visible() {
				widget.ShowPopUpMenuAtRelativePosition(s.savedMenu, s.w.win.Canvas(), fyne.NewPos(0, s.saved.Size().Height), s.saved)
			}
		})
	})
}

// savedRepliesMenu lists the saved replies under their language, the
// window's own first.
func (s *inboxScreen) savedRepliesMenu(replies []app.SavedReply) *fyne.Menu {
	tr := s.w.tr
	langs := []app.Language{tr.Language()}
	for _, l := range app.Languages {
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	langs = append(langs, app.LanguageAuto)
	var items []*fyne.MenuItem
	for _, l := range langs {
		var group []*fyne.MenuItem
		for _, r := range replies {
			if r.Language != l && (l != app.LanguageAuto || slices.Contains(app.Languages, r.Language)) {
				continue
			}
			reply := r
			group = append(group, fyne.NewMenuItem(r.Name, func() { s.insertSaved(reply) }))
		}
		if len(group) == 0 {
			continue
		}
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		head := fyne.NewMenuItem(languageName(tr.T, l), nil)
		head.Disabled = true
		items = append(items, head)
		items = append(items, group...)
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem(tr.T("inbox.replies.none"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(tr.T("inbox.replies.edit"), s.w.editSavedReplies))
	return fyne.NewMenu("", items...)
}

// languageName names a language of saved replies.
func languageName(t func(string, ...string) string, l app.Language) string {
	switch l {
	case app.LanguageEnglish:
		return t("settings.language.en")
	case app.LanguageFrench:
		return t("settings.language.fr")
	}
	return t("inbox.replies.any_language")
}

// insertSaved adds a saved reply, with the author's name, to the reply.
func (s *inboxScreen) insertSaved(r app.SavedReply) {
	d := &s.inboxDetail
	if s.selected.IsZero() {
		return
	}
	text := d.reply.Text
	if text != "" && !strings.HasSuffix(text, " ") && !strings.HasSuffix(text, "\n") {
		text += " "
	}
	d.reply.setText(text + app.FillReply(r.Text, s.item))
	d.reply.CursorRow = len(strings.Split(d.reply.Text, "\n")) - 1
	s.focusReply()
}

func (s *inboxScreen) setStatus(text string, failed bool) {
	d := &s.inboxDetail
	d.status.SetText(text)
	d.status.Importance = widget.SuccessImportance
	if failed {
		d.status.Importance = widget.DangerImportance
	}
	d.status.Show()
	d.status.Refresh()
}

// act changes the store in order with the window's other writes, and says
// what went wrong, if anything.
func (s *inboxScreen) act(job func(ctx context.Context) error, done string) {
	s.w.write.Do(func(ctx context.Context) {
		err := job(ctx)
		s.w.do(func() {
			if err != nil {
				s.setStatus(s.w.inboxError(err), true)
			} else if done != "" {
				s.setStatus(done, false)
			}
		})
	})
}

// setState sets the chosen item's triage state.
func (s *inboxScreen) setState(state app.TriageState) {
	if s.selected.IsZero() {
		return
	}
	in, ids := s.in, []app.ID{s.selected}
	s.act(func(ctx context.Context) error { return in.SetState(ctx, ids, state) }, "")
}

// markDone marks the chosen item done, and goes on to the next one.
func (s *inboxScreen) markDone() {
	if s.selected.IsZero() {
		return
	}
	in, ids := s.in, []app.ID{s.selected}
	s.advance()
	s.act(func(ctx context.Context) error { return in.SetState(ctx, ids, app.StateDone) }, "")
}

// reopenItem puts the chosen item back in the open inbox: its snooze
// ends, and done or replied it asks for attention again.
func (s *inboxScreen) reopenItem() {
	if s.selected.IsZero() {
		return
	}
	it, in, ids := s.item, s.in, []app.ID{s.selected}
	now := s.w.deps.Clock.Now()
	s.act(func(ctx context.Context) error {
		if it.Snoozed(now) {
			if err := in.Snooze(ctx, ids, time.Time{}); err != nil {
				return err
			}
		}
		if it.State.Open() {
			return nil
		}
		state := app.StateNew
		switch it.Kind {
		case app.ItemMention, app.ItemReply, app.ItemDirect:
			state = app.StateNeedsReply
		}
		return in.SetState(ctx, ids, state)
	}, "")
}

// snoozeChoice is one entry of the snooze menu.
type snoozeChoice struct {
	label string
	until time.Time
}

// snoozeChoices are the usual snoozes, in the user's time zone: an hour,
// this evening (while it is not yet evening), tomorrow morning, next
// Monday morning.
func (s *inboxScreen) snoozeChoices() []snoozeChoice {
	tr := s.w.tr
	now := s.w.deps.Clock.Now().In(s.w.zone())
	at := func(days, hour int) time.Time {
		y, m, d := now.Date()
		return time.Date(y, m, d+days, hour, 0, 0, 0, now.Location())
	}
	clock := func(t time.Time) string { return t.Format("15:04") }
	hour := now.Add(time.Hour)
	out := []snoozeChoice{{tr.T("inbox.snooze.hour", "time", clock(hour)), hour}}
	if tonight := at(0, 18); now.Before(tonight.Add(-time.Hour)) {
		out = append(out, snoozeChoice{tr.T("inbox.snooze.tonight", "time", clock(tonight)), tonight})
	}
	tomorrow := at(1, 9)
	out = append(out, snoozeChoice{tr.T("inbox.snooze.tomorrow", "time", clock(tomorrow)), tomorrow})
	days := (8 - int(now.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	monday := at(days, 9)
	out = append(out, snoozeChoice{tr.T("inbox.snooze.monday", "date", tr.Date(monday, now), "time", clock(monday)), monday})
	return out
}

// openSnooze offers the snoozes under the Snooze button.
func (s *inboxScreen) openSnooze() {
	tr := s.w.tr
	if s.selected.IsZero() || !s.snooze.Visible() {
		return
	}
	var items []*fyne.MenuItem
	for _, c := range s.snoozeChoices() {
		until := c.until
		items = append(items, fyne.NewMenuItem(c.label, func() { s.snoozeUntil(until) }))
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(tr.T("inbox.snooze.custom"), s.customSnooze))
	s.snoozeMenu = fyne.NewMenu("", items...)
	widget.ShowPopUpMenuAtRelativePosition(s.snoozeMenu, s.w.win.Canvas(), fyne.NewPos(0, s.snooze.Size().Height), s.snooze)
}

// snoozeUntil hides the chosen item until a time, and goes on to the
// next one.
func (s *inboxScreen) snoozeUntil(until time.Time) {
	if s.selected.IsZero() {
		return
	}
	in, ids := s.in, []app.ID{s.selected}
	date, clock := s.w.dateTime(until)
	s.advance()
	s.act(func(ctx context.Context) error { return in.Snooze(ctx, ids, until) },
		s.w.tr.T("inbox.snoozed", "date", date, "time", clock))
}

// customSnooze asks until when, as "2026-11-27 14:00" in the user's zone.
func (s *inboxScreen) customSnooze() {
	tr := s.w.tr
	zone := s.w.zone()
	entry := widget.NewEntry()
	entry.SetPlaceHolder(whenLayout)
	entry.SetText(s.w.deps.Clock.Now().In(zone).Add(24*time.Hour).Format("2006-01-02") + " 09:00")
	parse := func(text string) (time.Time, error) {
		at, err := time.ParseInLocation(whenLayout, strings.TrimSpace(text), zone)
		if err != nil || !at.After(s.w.deps.Clock.Now()) {
			return time.Time{}, errors.New(tr.T("inbox.snooze.bad_time"))
		}
		return at, nil
	}
	entry.Validator = func(text string) error { _, err := parse(text); return err }
	item := widget.NewFormItem(tr.T("inbox.snooze.until"), entry)
	item.HintText = tr.T("inbox.snooze.hint", "zone", zoneLabel(zone))
	d := dialog.NewForm(tr.T("inbox.action.snooze"), tr.T("inbox.action.snooze"), tr.T("action.cancel"),
		[]*widget.FormItem{item}, func(ok bool) {
			if at, err := parse(entry.Text); ok && err == nil {
				s.snoozeUntil(at)
			}
		}, s.w.win)
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
}

// editItemLabels changes the chosen item's labels.
func (s *inboxScreen) editItemLabels() {
	tr := s.w.tr
	if s.selected.IsZero() {
		return
	}
	entry := widget.NewEntry()
	entry.SetText(strings.Join(s.item.Labels, ", "))
	entry.SetPlaceHolder(tr.T("inbox.labels.placeholder"))
	in, id := s.in, s.selected
	s.w.newEditDialog(tr.T("inbox.labels.title"), entry, tr.T("inbox.labels.hint"),
		func(ctx context.Context) (string, error) {
			return tr.T("inbox.labels.saved"), in.SetLabels(ctx, id, strings.Split(entry.Text, ","))
		},
		func(msg string, failed bool) { s.setStatus(msg, failed) })
	s.w.win.Canvas().Focus(entry)
}

// askDelete asks before deleting the chosen comment: it cannot be undone.
func (s *inboxScreen) askDelete() {
	d := &s.inboxDetail
	if s.selected.IsZero() || !d.deleteButton.Visible() {
		return
	}
	tr := s.w.tr
	it := s.item
	msg := tr.T("inbox.delete.confirm", "author", authorName(it.Author), "network", networkName(tr, it.Network))
	confirm := dialog.NewConfirm(tr.T("inbox.delete.title"), msg, func(ok bool) {
		if ok {
			s.deleteComment(it.ID, it.Network)
		}
	}, s.w.win)
	confirm.SetConfirmText(tr.T("inbox.delete.yes"))
	confirm.SetDismissText(tr.T("action.cancel"))
	confirm.SetConfirmImportance(widget.DangerImportance)
	confirm.Show()
}

// deleteComment deletes a comment on its network; the item is shown
// deleted, and done.
func (s *inboxScreen) deleteComment(id app.ID, network app.Network) {
	d := &s.inboxDetail
	d.deleteButton.Disable()
	in := s.in
	s.w.write.Do(func(ctx context.Context) {
		it, err := in.DeleteComment(ctx, id)
		s.w.do(func() {
			d.deleteButton.Enable()
			if s.selected != id {
				return
			}
			if err != nil {
				s.setStatus(s.w.inboxError(err), true)
				return
			}
			d.canReply, d.canLike, d.canBoost, d.canDelete = false, false, false, false
			s.showItem(it, false)
			s.setStatus(s.w.tr.T("inbox.comment_deleted", "network", networkName(s.w.tr, network)), false)
		})
	})
}

// toggleHidden hides the chosen comment on its network, or shows it again
// when it is hidden. It can be undone: nothing is asked.
func (s *inboxScreen) toggleHidden() {
	d := &s.inboxDetail
	if s.selected.IsZero() || !d.hideButton.Visible() || d.hideButton.Disabled() {
		return
	}
	id, network, hide := s.selected, s.item.Network, !s.item.Hidden
	d.isHiding = true
	d.hideButton.Disable()
	in := s.in
	s.w.write.Do(func(ctx context.Context) {
		it, err := in.Hide(ctx, id, hide)
		gone := errors.Is(err, app.ErrRemoteGone)
		if gone {
			it, _ = in.Item(ctx, id) // now marked deleted
		}
		s.w.do(func() {
			d.isHiding = false
			d.hideButton.Enable()
			if s.selected != id {
				return
			}
			tr := s.w.tr
			if err != nil {
				msg := s.w.inboxError(err)
				if gone {
					msg = tr.T("inbox.hide.gone", "network", networkName(tr, network))
					if it.ID == id {
						d.canHide, d.canDelete = false, false
						s.showItem(it, false)
					}
				}
				s.setStatus(msg, true)
				return
			}
			s.showItem(it, false)
			key := "inbox.comment_hidden"
			if !hide {
				key = "inbox.comment_shown"
			}
			s.setStatus(tr.T(key, "network", networkName(tr, network)), false)
		})
	})
}

// react likes or boosts the chosen item's post on its network.
func (s *inboxScreen) react(do func(context.Context, app.ID) error, done string) {
	if s.selected.IsZero() {
		return
	}
	id, network := s.selected, s.item.Network
	s.w.bg.Go(func() {
		err := do(context.Background(), id)
		s.w.do(func() {
			if s.selected != id {
				return
			}
			if err != nil {
				s.setStatus(s.w.inboxError(err), true)
				return
			}
			s.setStatus(s.w.tr.T(done, "network", networkName(s.w.tr, network)), false)
		})
	})
}
