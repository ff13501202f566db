package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/autosave"
)

// composeScreen is the drafts list beside the editor. All its fields are
// used on the UI goroutine only.
type composeScreen struct {
	w       *Window
	content fyne.CanvasObject
	proof   *proofPanel // what the proofreader finds in the text

	search    *widget.Entry
	list      *widget.List
	items     []app.Summary
	count     *widget.Label
	hint      *widget.Label
	stopLoad  context.CancelFunc
	undoBar   *fyne.Container
	undoID    app.ID
	newButton *widget.Button

	current app.ID    // the draft in the editor
	planned time.Time // when it is planned; zero if not
	stored  bool      // whether it exists in the store yet
	filling bool      // the editor is being filled from the store
	title   *widget.Entry
	text    *widget.Entry
	tags    *widget.Entry
	status  *widget.Label
	// lastFailure is why the last save failed, as told; "" after a save.
	lastFailure string
	when        *widget.Label   // when the draft is planned
	lengths     []*widget.Label // one per app.Networks, for the main text
	post        postEditor
	dup         *widget.Button
	del         *widget.Button
	publish     *widget.Button

	// The outbox: where the post went, what waits, what failed, one
	// line per target.
	outbox       *fyne.Container
	outboxLines  *fyne.Container
	attempts     []app.Attempt // the latest attempt of each target
	attemptsRead int

	saver       *autosave.Saver
	unsubscribe func()
}

func newComposeScreen(w *Window, open app.ID) *composeScreen {
	c := &composeScreen{w: w}
	c.saver = autosave.New(w.deps.SaveDelay, autosave.MaxWait, c.queueSave)
	c.content = container.NewHSplit(c.buildList(), c.buildEditor())
	c.content.(*container.Split).Offset = 0.36
	c.unsubscribe = w.deps.Drafts.Subscribe(func() { c.w.do(c.reload) })
	if open.IsZero() {
		c.newDraft()
	} else {
		c.open(open)
	}
	c.reload()
	return c
}

func (c *composeScreen) buildList() fyne.CanvasObject {
	tr := c.w.tr
	c.search = widget.NewEntry()
	c.search.SetPlaceHolder(tr.T("drafts.search.placeholder"))
	c.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	c.search.OnChanged = func(string) { c.reload() }

	c.newButton = widget.NewButtonWithIcon(tr.T("compose.new"), theme.ContentAddIcon(), c.newDraft)
	c.newButton.Importance = widget.HighImportance

	heading := widget.NewLabelWithStyle(tr.T("drafts.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	c.count = widget.NewLabel(tr.T("drafts.loading"))
	c.count.Importance = widget.LowImportance

	c.list = widget.NewList(
		func() int { return len(c.items) },
		newDraftRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(c.items) {
				c.updateRow(c.items[id], o)
			}
		},
	)
	c.list.OnSelected = func(id widget.ListItemID) {
		if id < len(c.items) && c.items[id].ID != c.current {
			c.open(c.items[id].ID)
		}
	}
	c.hint = widget.NewLabel("")
	c.hint.Wrapping = fyne.TextWrapWord
	c.hint.Alignment = fyne.TextAlignCenter
	c.hint.Importance = widget.LowImportance

	undo := widget.NewButtonWithIcon(tr.T("drafts.undo"), theme.ContentUndoIcon(), c.undo)
	c.undoBar = container.NewBorder(nil, nil, nil, undo, widget.NewLabel(tr.T("drafts.deleted")))
	c.undoBar.Hide()

	top := container.NewVBox(container.NewBorder(nil, nil, heading, c.newButton), c.search)
	bottom := container.NewVBox(c.undoBar, c.count)
	return container.NewBorder(top, bottom, nil, nil,
		container.NewStack(c.list, container.NewPadded(container.NewVBox(c.hint))))
}

func newDraftRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	when := widget.NewLabel("")
	when.Importance = widget.LowImportance
	snippet := widget.NewLabel("")
	snippet.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, when, title), snippet)
}

func (c *composeScreen) updateRow(s app.Summary, o fyne.CanvasObject) {
	tr := c.w.tr
	box := o.(*fyne.Container)
	top := box.Objects[0].(*fyne.Container)
	title := top.Objects[0].(*widget.Label)
	when := top.Objects[1].(*widget.Label)
	snippet := box.Objects[1].(*widget.Label)

	// Without a title, the text stands in its place.
	t, text := s.Title, s.Snippet
	switch {
	case t == "" && text == "":
		t = tr.T("drafts.untitled")
	case t == "":
		t, text = text, ""
	case text == "" && len(s.Tags) == 0:
		text = tr.T("drafts.no_text")
	}
	for _, tag := range s.Tags {
		text += "  #" + tag
	}
	title.SetText(t)
	snippet.SetText(text)
	// A planned draft says when it goes out and where it stands; the
	// others, when they were last changed.
	if s.PlannedAt.IsZero() {
		when.SetText(tr.Ago(s.UpdatedAt.Local(), c.w.deps.Clock.Now()))
		when.Importance = widget.LowImportance
	} else {
		local := s.PlannedAt.Local()
		when.SetText(tr.T("status."+string(s.Status)) + " · " + tr.Date(local, c.w.deps.Clock.Now()) + " " + local.Format("15:04"))
		when.Importance = widget.MediumImportance
	}
	when.Refresh()
}

func (c *composeScreen) buildEditor() fyne.CanvasObject {
	tr := c.w.tr
	c.title = widget.NewEntry()
	c.title.SetPlaceHolder(tr.T("compose.title.placeholder"))
	c.text = widget.NewMultiLineEntry()
	c.text.Wrapping = fyne.TextWrapWord
	c.text.SetMinRowsVisible(7)
	c.text.SetPlaceHolder(tr.T("compose.text.placeholder"))
	c.tags = widget.NewEntry()
	c.tags.SetPlaceHolder(tr.T("compose.tags.placeholder"))
	c.tags.ActionItem = widget.NewIcon(theme.ListIcon())
	for _, e := range []*widget.Entry{c.title, c.text, c.tags} {
		e.OnChanged = func(string) { c.edited() }
	}

	c.status = widget.NewLabel("")
	c.status.Importance = widget.LowImportance
	c.status.Truncation = fyne.TextTruncateEllipsis
	c.when = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.when.Importance = widget.HighImportance
	c.when.Hide()
	lengths := container.NewHBox()
	for range app.Networks {
		l := widget.NewLabel("")
		l.SizeName = theme.SizeNameCaptionText
		c.lengths = append(c.lengths, l)
		lengths.Add(l)
	}
	c.dup = widget.NewButtonWithIcon(tr.T("drafts.duplicate"), theme.ContentCopyIcon(), c.duplicate)
	c.del = widget.NewButtonWithIcon(tr.T("drafts.delete"), theme.DeleteIcon(), c.delete)
	c.del.Importance = widget.DangerImportance
	c.publish = widget.NewButtonWithIcon(tr.T("publish.button"), theme.MailSendIcon(), c.publishNow)
	c.publish.Importance = widget.HighImportance
	if c.w.deps.Publishing == nil {
		c.publish.Hide()
	}
	c.outboxLines = container.NewVBox()
	c.outbox = container.NewVBox(sectionTitle(tr.T("outbox.heading")), c.outboxLines)
	c.outbox.Hide()

	more := c.buildPostEditor()
	top := container.NewBorder(nil, nil, nil, container.NewHBox(c.post.status, c.publish, c.dup, c.del), c.status)
	c.proof = newProofPanel(c.w, func() string { return c.text.Text }, c.text.SetText, c.proofOptions)
	// Seven networks' counts are wider than the editor: they scroll
	// sideways rather than widen the window.
	body := container.NewVBox(c.when, c.title, c.text, container.NewHScroll(lengths), c.proof.box, c.outbox, more)
	return container.NewPadded(container.NewBorder(top, nil, nil, nil, container.NewVScroll(body)))
}

// reload lists the drafts again, with the search typed so far. A newer
// reload cancels an older one.
func (c *composeScreen) reload() {
	if c.stopLoad != nil {
		c.stopLoad()
	}
	ctx, stop := context.WithCancel(context.Background())
	c.stopLoad = stop
	query := c.search.Text
	firstLoad := c.items == nil // read here: c.items belongs to the UI goroutine
	c.w.bg.Go(func() {
		// A long list shows its top at once, then the rest.
		if query == "" && firstLoad {
			if first, err := c.w.deps.Drafts.ListFirst(ctx, "", firstPage); err == nil && len(first) == firstPage {
				c.w.do(func() {
					if ctx.Err() == nil {
						c.showItems(first, query, false)
					}
				})
			}
		}
		items, err := c.w.deps.Drafts.List(ctx, query)
		c.w.do(func() {
			if ctx.Err() != nil {
				return // a newer reload is under way
			}
			if err != nil {
				// Never the previous list under a new search: it would
				// pass for its result.
				c.items = nil
				c.list.Refresh()
				c.count.SetText("")
				c.hint.SetText(c.w.tr.Error(err))
				c.hint.Show()
				return
			}
			c.showItems(items, query, true)
		})
	})
}

// firstPage is how many drafts the list shows before the rest is read.
const firstPage = 100

// showItems shows a list of drafts; complete is false for the first page of
// a longer list still being read.
func (c *composeScreen) showItems(items []app.Summary, query string, complete bool) {
	tr := c.w.tr
	c.items = items
	c.syncStatus()
	if complete {
		count := tr.N("drafts.count", len(items))
		if c.w.deps.Unreadable != nil {
			if skipped, setAside := c.w.deps.Unreadable(); setAside > 0 {
				count += " · " + tr.N("drafts.set_aside", setAside)
			} else if skipped > 0 {
				count += " · " + tr.N("drafts.unreadable", skipped)
			}
		}
		c.count.SetText(count)
	} else {
		c.count.SetText(tr.T("drafts.loading"))
	}
	switch {
	case len(items) > 0:
		c.hint.SetText("")
		c.hint.Hide()
	case query != "":
		c.hint.SetText(tr.T("drafts.no_match", "query", query))
		c.hint.Show()
	default:
		c.hint.SetText(tr.T("drafts.empty"))
		c.hint.Show()
	}
	c.list.Refresh()
	c.selectCurrent()
}

// selectCurrent highlights the open draft in the list, if it is there.
func (c *composeScreen) selectCurrent() {
	for i, s := range c.items {
		if s.ID == c.current {
			c.list.Select(i)
			return
		}
	}
	c.list.UnselectAll()
}

// open shows a stored draft in the editor.
func (c *composeScreen) open(id app.ID) {
	c.saver.Flush()
	c.current = id
	c.w.bg.Go(func() {
		p, err := c.w.deps.Drafts.Get(context.Background(), id)
		c.w.do(func() {
			if c.current != id {
				return // the user moved on
			}
			if err != nil {
				c.setStatus(c.w.tr.Error(err), true)
				return
			}
			c.fill(p, true)
		})
	})
}

// newDraft empties the editor for a draft that is stored once typed in.
func (c *composeScreen) newDraft() {
	c.saver.Flush()
	c.current = c.w.deps.Drafts.NewID()
	c.fill(app.Post{ID: c.current}, false)
	c.list.UnselectAll()
	c.focus()
}

// plan sets when the draft in the editor is planned, and saves it like
// any other change.
func (c *composeScreen) plan(at time.Time) {
	c.planned = at
	c.showPlanned()
	c.edited()
}

func (c *composeScreen) showPlanned() {
	if c.planned.IsZero() {
		c.when.Hide()
		return
	}
	local := c.planned.Local()
	c.when.SetText(c.w.tr.T("compose.planned", "date", c.w.tr.Date(local, c.w.deps.Clock.Now()), "time", local.Format("15:04")))
	c.when.Show()
}

func (c *composeScreen) fill(p app.Post, stored bool) {
	c.planned = p.PlannedAt
	c.showPlanned()
	c.filling = true
	c.title.SetText(p.Title)
	c.text.SetText(p.Text)
	c.tags.SetText(strings.Join(p.Tags, ", "))
	c.fillPost(p)
	c.filling = false
	c.stored = stored
	c.updateCount()
	c.proof.changed()
	c.updateButtons()
	c.attempts = nil
	c.showOutbox()
	c.reloadOutbox()
	if stored {
		c.setStatus(c.w.tr.T("compose.saved_at", "time", p.UpdatedAt.Local().Format("15:04")), false)
	} else {
		c.setStatus(c.w.tr.T("compose.empty"), false)
	}
	c.selectCurrent()
}

func (c *composeScreen) focus() {
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c.text); cv != nil {
		cv.Focus(c.text)
	}
}

func (c *composeScreen) edited() {
	if c.filling {
		return
	}
	c.updateCount()
	c.proof.changed()
	c.setStatus(c.w.tr.T("compose.saving"), false)
	c.saver.Changed(c.snapshot())
}

// proofOptions check the text in the post's language (detected when it
// has none) for its network, when it goes to one only.
func (c *composeScreen) proofOptions() app.ProofOptions {
	p := c.snapshot()
	opt := app.ProofOptions{Language: p.ProofLanguage(), Links: c.w.checkLinks}
	if nets := p.Networks(); len(nets) == 1 {
		opt.Network = nets[0]
	}
	return opt
}

// snapshot is the post as the editor shows it. Its status is left empty:
// Save keeps the stored one, which only statusChosen changes.
func (c *composeScreen) snapshot() app.Post {
	e := &c.post
	p := app.Post{
		ID: c.current, Title: c.title.Text, Text: c.text.Text, Tags: app.SplitTags(c.tags.Text), PlannedAt: c.planned,
		Campaign: e.campaign.Text, Notes: e.notes.Text, UTM: e.utm.Checked, Media: slices.Clone(e.media),
		Zone: e.zone, Recurrence: c.currentRule(),
		Language: e.language.code(), Warning: e.warning.Text, Visibility: app.Visibility(e.visibility.code()),
		ImageFit: app.ImageFit(e.fit.code()),
	}
	for _, t := range c.selectedTargets() {
		v := app.Variant{Target: t}
		if row := e.variants[t]; row != nil && row.custom.Visible() {
			v.Text = row.custom.Text
		}
		p.Variants = append(p.Variants, v)
	}
	return p
}

// updateCount shows the length of the text as each network counts it, in
// red and bold past the network's limit: under the text for the networks
// not targeted, and on each target's row as it goes out (its own text,
// links tagged). Then the problems.
func (c *composeScreen) updateCount() {
	p := c.snapshot()
	targeted := p.Networks()
	// Under the text, the networks the user has accounts on (all of
	// them before any is connected), except those targeted, whose count
	// is on their row.
	connected := map[app.Network]bool{}
	for _, a := range c.w.accountList {
		connected[a.Network] = true
	}
	for i, n := range app.Networks {
		c.showLength(c.lengths[i], app.Target{Network: n}, c.text.Text, true)
		if slices.Contains(targeted, n) || len(connected) > 0 && !connected[n] {
			c.lengths[i].Hide()
		} else {
			c.lengths[i].Show()
		}
	}
	for _, v := range p.Variants {
		if row := c.post.variants[v.Target]; row != nil {
			c.showLength(row.length, v.Target, p.OutgoingText(v), false)
		}
	}
	c.updateProblems(p)
}

// showLength shows the length of text against t's limit: its account's,
// as its server announced it (a network alone with one account is that
// account), else its network's.
func (c *composeScreen) showLength(l *widget.Label, t app.Target, text string, named bool) {
	tr := c.w.tr
	n, lim := t.Network, c.w.limits(t)
	count, max := lim.Length(n, text), lim.MaxLength
	vars := []string{"network", n.Name(), "count", tr.Number(count), "max", tr.Number(max)}
	key := "compose.length"
	if !named {
		key = "compose.length.short"
	}
	if count > max {
		l.SetText(tr.T(key+".over", vars...))
		l.Importance = widget.DangerImportance
		l.TextStyle.Bold = true
	} else {
		l.SetText(tr.T(key, vars...))
		l.Importance = widget.LowImportance
		l.TextStyle.Bold = false
	}
	l.Refresh()
}

func (c *composeScreen) updateButtons() {
	if c.stored {
		c.dup.Enable()
		c.del.Enable()
		c.publish.Enable()
	} else {
		c.dup.Disable()
		c.del.Disable()
		c.publish.Disable()
	}
}

func (c *composeScreen) setStatus(text string, failed bool) {
	c.status.SetText(text)
	if failed {
		c.status.Importance = widget.DangerImportance
	} else {
		c.status.Importance = widget.LowImportance
	}
	c.status.Refresh()
}

// saveFailed says a save failed: "Not saved" where the status fits, and
// why, whole, in a dialog, once for each reason until a save succeeds
// (the next keystroke tries again).
func (c *composeScreen) saveFailed(err error) {
	c.setStatus(c.w.tr.T("compose.not_saved"), true)
	why := c.w.tr.T("compose.save_failed", "error", c.w.tr.Error(err))
	if why != c.lastFailure {
		c.lastFailure = why
		showMessage(c.w.win, c.w.tr, c.w.tr.T("compose.not_saved"), why)
	}
}

// queueSave runs on the autosaver's timer: the save itself goes to the
// writer, in order with deletes and duplicates.
func (c *composeScreen) queueSave(p app.Post) {
	c.w.write.Do(func(ctx context.Context) {
		saved, err := c.w.deps.Drafts.Save(ctx, p)
		c.w.do(func() {
			if c.current != p.ID {
				return
			}
			if err != nil {
				c.saveFailed(err)
				return
			}
			c.lastFailure = ""
			if saved.IsEmpty() && !c.stored {
				c.setStatus(c.w.tr.T("compose.empty"), false)
				return
			}
			c.stored = true
			c.updateButtons()
			if saved.Status != c.post.statusOf {
				// A scheduled post edited past a limit went back to ready.
				c.post.statusOf = saved.Status
				c.showStatus(saved.Status)
				c.setStatus(c.w.tr.T("compose.unscheduled"), true)
				return
			}
			c.setStatus(c.w.tr.T("compose.saved_at", "time", saved.UpdatedAt.Local().Format("15:04")), false)
		})
	})
}

func (c *composeScreen) duplicate() {
	c.saver.Flush()
	id := c.current
	c.w.write.Do(func(ctx context.Context) {
		p, err := c.w.deps.Drafts.Duplicate(ctx, id)
		c.w.do(func() {
			if err != nil {
				c.w.showError(err)
				return
			}
			c.current = p.ID
			c.fill(p, true)
			c.setStatus(c.w.tr.T("drafts.duplicated"), false)
		})
	})
}

func (c *composeScreen) delete() {
	c.saver.Flush()
	id := c.current
	c.w.write.Do(func(ctx context.Context) {
		err := c.w.deps.Drafts.Delete(ctx, id)
		c.w.do(func() {
			if err != nil && !errors.Is(err, app.ErrNotFound) {
				c.w.showError(err)
				return
			}
			c.offerUndo(id)
			if c.current == id {
				c.newDraft()
			}
		})
	})
}

func (c *composeScreen) offerUndo(id app.ID) {
	c.undoID = id
	c.undoBar.Show()
	time.AfterFunc(c.w.deps.UndoFor, func() {
		c.w.do(func() {
			if c.undoID == id {
				c.hideUndo()
			}
		})
	})
}

func (c *composeScreen) hideUndo() {
	c.undoID = app.ID{}
	c.undoBar.Hide()
}

func (c *composeScreen) undo() {
	id := c.undoID
	if id.IsZero() {
		return
	}
	c.hideUndo()
	c.w.write.Do(func(ctx context.Context) {
		err := c.w.deps.Drafts.Restore(ctx, id)
		c.w.do(func() {
			if err != nil {
				c.w.showError(err)
				return
			}
			c.open(id)
		})
	})
}

// close saves what is typed and stops listening to changes; it returns the
// draft that was open.
func (c *composeScreen) close() app.ID {
	c.saver.Flush()
	c.unsubscribe()
	if c.stopLoad != nil {
		c.stopLoad()
	}
	if c.stored || !c.snapshot().IsEmpty() {
		return c.current
	}
	return app.ID{}
}
