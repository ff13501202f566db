package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// inboxScreen is the one inbox of every account: filters and search
// above, the items newest first on the left, the one chosen on the
// right with its conversation, its triage and a reply box. The list is a
// widget.List over an app.InboxList, which holds no copy of the items:
// a hundred thousand items make a handful of row widgets. The list is
// read again only when the inbox changed (once per burst) or a filter
// did. Its fields are used on the UI goroutine only.
type inboxScreen struct {
	w       *Window
	in      *app.Inbox
	content fyne.CanvasObject

	// The filters and the search.
	view, account, network, kind, label *countSelect
	search                              *searchEntry
	searching                           debounce

	// Sync now, its progress and its outcome.
	syncButton *widget.Button
	syncCancel *widget.Button
	syncBar    *widget.ProgressBar
	syncStatus *widget.Label
	syncRow    *fyne.Container // the bar and the status; hidden while both are empty
	stopSync   context.CancelFunc

	list  *inboxList
	items app.InboxList
	// now is when the items were listed; rows tell their age from it.
	now   time.Time
	count *widget.Label
	hint  *widget.Label
	loads int  // counts listings, so that an older one never shows over a newer one
	dirty bool // the inbox changed while the screen was not shown
	shows bool // the screen is the one shown

	// The item chosen, and where it was in the list.
	selected app.ID
	selIndex int
	item     app.InboxItem

	inboxDetail
}

// inboxState is what a screen keeps when it is made again in another
// language: the filters, the search and the item chosen.
type inboxState struct {
	filter   app.InboxFilter
	selected app.ID
	drafts   map[app.ID]string
}

func newInboxScreen(w *Window, old *inboxScreen) *inboxScreen {
	s := &inboxScreen{w: w, in: w.deps.Inbox, selIndex: -1}
	s.searching.delay = inboxSearchDelay
	state := inboxState{filter: app.InboxFilter{View: app.ViewOpen}}
	if old != nil {
		state = old.state()
	}
	filters := s.buildFilters(state.filter)
	left := s.buildList()
	right := s.buildDetail(state.drafts)
	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	s.content = container.NewPadded(container.NewBorder(filters, nil, nil, nil, split))
	s.selected = state.selected
	return s
}

// state is what a new screen in another language takes over.
func (s *inboxScreen) state() inboxState {
	return inboxState{filter: s.filter(), selected: s.selected, drafts: s.drafts}
}

// close stops what the screen has under way.
func (s *inboxScreen) close() {
	if s.stopConv != nil {
		s.stopConv()
	}
	if s.stopSync != nil {
		s.stopSync()
	}
}

func (s *inboxScreen) buildFilters(f app.InboxFilter) fyne.CanvasObject {
	tr := s.w.tr
	changed := func() {
		s.reload()
		s.focusList() // so that j and k work at once
	}
	s.view = newCountSelect(changed)
	s.view.code = string(f.View)
	s.account = newCountSelect(changed)
	if !f.Account.IsZero() {
		s.account.code = f.Account.String()
	}
	s.network = newCountSelect(changed)
	s.network.code = string(f.Network)
	s.kind = newCountSelect(changed)
	s.kind.code = string(f.Kind)
	s.label = newCountSelect(changed)
	s.label.code = f.Label
	s.offer(app.InboxCounts{})

	s.search = newSearchEntry()
	s.search.SetPlaceHolder(tr.T("inbox.search.placeholder"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.SetText(f.Text)
	s.search.OnChanged = func(string) { s.searching.trigger(s.w.bg, func() { s.w.do(s.reload) }) }
	s.search.onEscape = s.focusList

	s.syncButton = widget.NewButtonWithIcon(tr.T("inbox.sync.now"), theme.ViewRefreshIcon(), s.syncNow)
	s.syncCancel = widget.NewButtonWithIcon(tr.T("action.cancel"), theme.CancelIcon(), func() {
		if s.stopSync != nil {
			s.stopSync()
		}
		s.syncCancel.Disable()
		s.syncStatus.SetText(tr.T("progress.cancelling"))
	})
	s.syncCancel.Hide()
	s.syncBar = widget.NewProgressBar()
	s.syncBar.Hide()
	s.syncStatus = widget.NewLabel("")
	s.syncStatus.Importance = widget.LowImportance
	s.syncStatus.Truncation = fyne.TextTruncateEllipsis

	more := widget.NewButtonWithIcon("", theme.MoreVerticalIcon(), nil)
	more.OnTapped = func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem(tr.T("inbox.rules.edit"), s.w.editRules),
			fyne.NewMenuItem(tr.T("inbox.replies.edit"), s.w.editSavedReplies),
			fyne.NewMenuItem(tr.T("inbox.settings"), func() { s.w.ShowView("settings") }),
		)
		widget.ShowPopUpMenuAtRelativePosition(menu, s.w.win.Canvas(), fyne.NewPos(0, more.Size().Height), more)
	}

	heading := widget.NewLabelWithStyle(tr.T("nav.inbox"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	selects := container.NewGridWithColumns(5, s.view.sel, s.account.sel, s.network.sel, s.kind.sel, s.label.sel)
	searchRow := container.NewBorder(nil, nil, heading, container.NewHBox(s.syncButton, s.syncCancel, more), s.search)
	s.syncRow = container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(180, s.syncBar.MinSize().Height), s.syncBar), s.syncStatus)
	showIf(s.syncRow, s.syncStatus.Text != "")
	return container.NewVBox(searchRow, selects, s.syncRow)
}

// filter is what the filters and the search choose.
func (s *inboxScreen) filter() app.InboxFilter {
	f := app.InboxFilter{
		View:    app.InboxView(s.view.code),
		Network: app.Network(s.network.code),
		Kind:    app.ItemKind(s.kind.code),
		Label:   s.label.code,
		Text:    strings.TrimSpace(s.search.Text),
	}
	if id, err := app.ParseID(s.account.code); err == nil {
		f.Account = id
	}
	return f
}

// offer sets the filters' choices, each with how many items it would
// show.
func (s *inboxScreen) offer(c app.InboxCounts) {
	tr := s.w.tr
	withCount := func(label string, n int) string {
		return tr.T("inbox.filter.count", "label", label, "count", tr.Number(n))
	}
	sum := func(counts []int) int {
		t := 0
		for _, n := range counts {
			t += n
		}
		return t
	}

	var codes, labels []string
	for _, v := range app.InboxViews {
		codes = append(codes, string(v))
		labels = append(labels, withCount(tr.T("inbox.view."+string(v)), c.Views[v]))
	}
	s.view.offer(codes, labels)

	codes, labels = []string{""}, []string{""}
	var counts []int
	for _, a := range s.w.accountList {
		codes = append(codes, a.ID.String())
		labels = append(labels, withCount(accountLabel(a)+" · "+networkName(tr, a.Network), c.Accounts[a.ID]))
		counts = append(counts, c.Accounts[a.ID])
	}
	for id, n := range c.Accounts { // items of an account no longer listed
		if !slices.Contains(codes, id.String()) {
			codes = append(codes, id.String())
			labels = append(labels, withCount(tr.T("inbox.account.gone"), n))
			counts = append(counts, n)
		}
	}
	labels[0] = withCount(tr.T("inbox.filter.all_accounts"), sum(counts))
	s.account.offer(codes, labels)

	codes, labels, counts = []string{""}, []string{""}, nil
	for _, n := range app.AccountNetworks {
		codes = append(codes, string(n))
		labels = append(labels, withCount(networkName(tr, n), c.Networks[n]))
		counts = append(counts, c.Networks[n])
	}
	labels[0] = withCount(tr.T("filter.all_networks"), sum(counts))
	s.network.offer(codes, labels)

	codes, labels, counts = []string{""}, []string{""}, nil
	for _, k := range app.ItemKinds {
		codes = append(codes, string(k))
		labels = append(labels, withCount(tr.T("inbox.kind."+string(k)), c.Kinds[k]))
		counts = append(counts, c.Kinds[k])
	}
	labels[0] = withCount(tr.T("inbox.filter.all_kinds"), sum(counts))
	s.kind.offer(codes, labels)

	names := make([]string, 0, len(c.Labels))
	for l := range c.Labels {
		names = append(names, l)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	codes, labels = []string{""}, []string{tr.T("inbox.filter.all_labels")}
	for _, l := range names {
		codes = append(codes, l)
		labels = append(labels, withCount(l, c.Labels[l]))
	}
	s.label.offer(codes, labels)
}

func (s *inboxScreen) buildList() fyne.CanvasObject {
	s.list = newInboxList(
		func() int { return s.items.Len() },
		func() fyne.CanvasObject { return newInboxRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < s.items.Len() {
				o.(*inboxRow).set(s, s.items.At(id))
			}
		},
	)
	s.list.typedRune = s.typedRune
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= s.items.Len() {
			return
		}
		it := s.items.At(id)
		s.selIndex = id
		if it.ID == s.selected {
			s.showItem(it, false)
			return
		}
		s.choose(it)
	}
	s.count = widget.NewLabel(s.w.tr.T("inbox.loading"))
	s.count.Importance = widget.LowImportance
	s.hint = widget.NewLabel("")
	s.hint.Wrapping = fyne.TextWrapWord
	s.hint.Alignment = fyne.TextAlignCenter
	s.hint.Importance = widget.LowImportance
	s.hint.Hide()
	return container.NewBorder(nil, s.count, nil, nil,
		container.NewStack(s.list, container.NewPadded(container.NewVBox(s.hint))))
}

// shown runs when the screen is shown: it lists the items, unless the
// list is up to date.
func (s *inboxScreen) shown() {
	s.shows = true
	if s.dirty || s.loads == 0 {
		s.reload()
	}
}

// changed runs after the inbox changed: the list is read again now if it
// shows, else when it next does.
func (s *inboxScreen) changed() {
	if s.w.view != "inbox" {
		s.shows = false
		s.dirty = true
		return
	}
	s.reload()
}

// reload lists the items again, off the UI goroutine.
func (s *inboxScreen) reload() {
	s.dirty = false
	s.loads++
	load := s.loads
	f := s.filter()
	in, clock := s.in, s.w.deps.Clock
	s.w.bg.Go(func() {
		list, err := in.List(context.Background(), f)
		now := clock.Now()
		s.w.do(func() {
			if load != s.loads {
				return // a newer listing is under way
			}
			if err != nil {
				s.count.SetText(s.w.inboxError(err))
				s.count.Importance = widget.DangerImportance
				s.count.Refresh()
				return
			}
			s.show(list, now)
		})
	})
}

// show shows a listing, keeping the item chosen when it is still there;
// when it left (marked done, snoozed), the one now at its place is
// chosen, so that triage goes on down the list.
func (s *inboxScreen) show(list app.InboxList, now time.Time) {
	tr := s.w.tr
	s.items, s.now = list, now
	s.offer(list.Counts)
	s.count.SetText(tr.N("inbox.count", list.Len()))
	s.count.Importance = widget.LowImportance
	s.count.Refresh()
	switch {
	case list.Len() > 0:
		s.hint.Hide()
	case len(s.w.accountList) == 0 && s.w.deps.Accounts != nil:
		s.hint.SetText(tr.T("inbox.empty.no_account"))
		s.hint.Show()
	case s.filter() == app.InboxFilter{View: app.ViewOpen}:
		s.hint.SetText(tr.T("inbox.empty.zero"))
		s.hint.Show()
	default:
		s.hint.SetText(tr.T("inbox.empty.no_match"))
		s.hint.Show()
	}
	s.list.Refresh()
	if s.selected.IsZero() {
		s.list.UnselectAll()
		return
	}
	if i := list.Index(s.selected); i >= 0 {
		s.selIndex = i
		s.list.Select(i) // calls OnSelected when the place changed
		s.showItem(list.At(i), false)
		return
	}
	if list.Len() == 0 || s.selIndex < 0 {
		s.unselect()
		return
	}
	s.keepStatus = true // what was done to the item that left stays said
	s.selectIndex(min(s.selIndex, list.Len()-1))
	s.keepStatus = false
}

// selectIndex chooses the item at i, and shows it in the list.
func (s *inboxScreen) selectIndex(i int) {
	if i < 0 || i >= s.items.Len() {
		return
	}
	s.list.UnselectAll() // Select does nothing for the row already selected
	s.list.Select(i)
}

// unselect empties the detail.
func (s *inboxScreen) unselect() {
	s.selected = app.ID{}
	s.selIndex = -1
	s.list.UnselectAll()
	s.clearDetail()
}

// move chooses the item delta rows below (above, when negative) the one
// chosen; the first one when none is.
func (s *inboxScreen) move(delta int) {
	n := s.items.Len()
	if n == 0 {
		return
	}
	i := s.currentIndex()
	if i < 0 {
		s.selectIndex(0)
		return
	}
	s.selectIndex(min(max(i+delta, 0), n-1))
}

// currentIndex is where the item chosen is in the list, -1 if not there.
func (s *inboxScreen) currentIndex() int {
	if s.selected.IsZero() {
		return -1
	}
	if s.selIndex >= 0 && s.selIndex < s.items.Len() && s.items.At(s.selIndex).ID == s.selected {
		return s.selIndex
	}
	return s.items.Index(s.selected)
}

// advance chooses the item after the one chosen (before it, at the end),
// as the item chosen is about to leave the list.
func (s *inboxScreen) advance() {
	i := s.currentIndex()
	switch {
	case i < 0:
	case i+1 < s.items.Len():
		s.selectIndex(i + 1)
	case i > 0:
		s.selectIndex(i - 1)
	default:
		s.unselect()
	}
}

// typedRune is the inbox's keyboard, when no entry has the focus: j and
// k move down and up, r answers, e marks done, s snoozes, l likes, h
// hides a comment (or shows it again), d deletes one (after asking), /
// searches; on a follow request, a accepts and x rejects.
func (s *inboxScreen) typedRune(r rune) {
	if s.w.view != "inbox" || s.w.win.Canvas().Overlays().Top() != nil {
		return // a dialog or a menu is open
	}
	switch r {
	case 'j':
		s.move(1)
	case 'k':
		s.move(-1)
	case 'r':
		s.focusReply()
	case 'e':
		s.markDone()
	case 's':
		s.openSnooze()
	case 'l':
		if s.like.Visible() && !s.like.Disabled() {
			s.react(s.in.Like, "inbox.liked")
		}
	case 'h':
		s.toggleHidden()
	case 'd':
		s.askDelete()
	case 'a':
		s.answerFollow(true)
	case 'x':
		s.answerFollow(false)
	case '/':
		s.w.win.Canvas().Focus(s.search)
	}
}

// typedKey takes the arrows, when nothing has the focus.
func (s *inboxScreen) typedKey(ev *fyne.KeyEvent) {
	if s.w.win.Canvas().Overlays().Top() != nil {
		return
	}
	switch ev.Name {
	case fyne.KeyDown:
		s.move(1)
	case fyne.KeyUp:
		s.move(-1)
	}
}

// focusList gives the list the focus, for the keyboard.
func (s *inboxScreen) focusList() {
	if s.w.view == "inbox" {
		s.w.win.Canvas().Focus(s.list)
	}
}

// syncNow reads every account now, with the progress and Cancel.
func (s *inboxScreen) syncNow() {
	tr := s.w.tr
	ctx, stop := context.WithCancel(context.Background())
	s.stopSync = stop
	s.syncButton.Disable()
	s.syncCancel.Enable()
	s.syncCancel.Show()
	s.syncBar.SetValue(0)
	s.syncBar.Show()
	s.setSyncStatus(tr.T("inbox.sync.running"), false)
	in := s.in
	s.w.bg.Go(func() {
		results, err := in.SyncAll(ctx, func(done, total int, acc app.Account) {
			s.w.do(func() {
				if total > 0 {
					s.syncBar.SetValue(float64(done) / float64(total))
				}
				if !acc.ID.IsZero() && ctx.Err() == nil {
					s.setSyncStatus(tr.T("inbox.sync.reading", "account", accountLabel(acc)), false)
				}
			})
		})
		at := s.w.deps.Clock.Now()
		s.w.do(func() {
			stop()
			s.syncDone(results, err, at)
		})
	})
}

// syncDone says what the sync brought, or what went wrong, in plain
// words.
func (s *inboxScreen) syncDone(results []app.SyncResult, err error, at time.Time) {
	tr := s.w.tr
	s.stopSync = nil
	s.syncButton.Enable()
	s.syncCancel.Hide()
	s.syncBar.Hide()
	when := at.In(s.w.zone()).Format("15:04")
	if err != nil {
		s.setSyncStatus(s.w.inboxError(err), err != context.Canceled)
		return
	}
	added := 0
	var failures []string
	for _, r := range results {
		added += len(r.Added)
		if r.Err != nil {
			failures = append(failures, tr.T("inbox.sync.failed", "account", accountLabel(r.Account), "error", s.w.inboxError(r.Err)))
		}
	}
	switch {
	case len(failures) > 0:
		s.setSyncStatus(strings.Join(failures, " · "), true)
	case len(results) == 0:
		s.setSyncStatus(tr.T("inbox.sync.no_account"), false)
	case added == 0:
		s.setSyncStatus(tr.T("inbox.sync.nothing", "time", when), false)
	default:
		s.setSyncStatus(tr.N("inbox.sync.done", added, "time", when), false)
	}
}

func (s *inboxScreen) setSyncStatus(text string, failed bool) {
	s.syncStatus.SetText(text)
	showIf(s.syncRow, text != "" || s.syncBar.Visible())
	s.syncStatus.Importance = widget.LowImportance
	if failed {
		s.syncStatus.Importance = widget.DangerImportance
	}
	s.syncStatus.Refresh()
}

// countSelect is a filter: a Select whose options stand for codes and say
// how many items each would show. The code chosen stays when the counts
// (so the options' words) change.
type countSelect struct {
	sel     *widget.Select
	codes   []string
	code    string
	changed func()
}

func newCountSelect(changed func()) *countSelect {
	c := &countSelect{changed: changed}
	c.sel = widget.NewSelect(nil, func(string) {
		if i := c.sel.SelectedIndex(); i >= 0 && i < len(c.codes) && c.codes[i] != c.code {
			c.code = c.codes[i]
			c.changed()
		}
	})
	return c
}

// offer sets the options; a code chosen that is not among them is kept,
// at the end, so that the filter stays what the user chose.
func (c *countSelect) offer(codes, labels []string) {
	if c.code != "" && !slices.Contains(codes, c.code) {
		codes = append(codes, c.code)
		labels = append(labels, c.code)
	}
	c.codes = codes
	c.sel.Options = labels
	if i := slices.Index(codes, c.code); i >= 0 {
		c.sel.Selected = labels[i]
	} else if len(labels) > 0 {
		c.code = codes[0]
		c.sel.Selected = labels[0]
	}
	c.sel.Refresh()
}

// choose picks the option of code, as the user would.
func (c *countSelect) choose(code string) {
	if i := slices.Index(c.codes, code); i >= 0 {
		c.sel.SetSelectedIndex(i)
	}
}

// inboxList is the list of items; the letters typed while it has the
// focus go to the inbox's keyboard.
type inboxList struct {
	widget.List
	typedRune func(rune)
}

func newInboxList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *inboxList {
	l := &inboxList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedRune passes the letter on to the inbox's keyboard.
func (l *inboxList) TypedRune(r rune) {
	if l.typedRune != nil {
		l.typedRune(r)
	}
}

// searchEntry is the search field; Escape gives the focus back to the
// list.
type searchEntry struct {
	widget.Entry
	onEscape func()
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey takes Escape; the entry takes the other keys.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// inboxRow is one item of the list: who wrote, when, the first line of
// the text, where, the labels and the triage state; a red bar and "⚠"
// for a risk.
type inboxRow struct {
	widget.BaseWidget
	bar     *canvas.Rectangle
	icon    *widget.Icon
	who     *widget.Label
	when    *widget.Label
	risk    *widget.Label
	text    *widget.Label
	state   *widget.Label
	meta    *widget.Label
	content fyne.CanvasObject
}

func newInboxRow() *inboxRow {
	r := &inboxRow{
		bar:   canvas.NewRectangle(theme.Color(theme.ColorNameError)),
		icon:  widget.NewIcon(theme.MailReplyIcon()),
		who:   widget.NewLabel(""),
		when:  widget.NewLabel(""),
		risk:  widget.NewLabel(""),
		text:  widget.NewLabel(""),
		state: widget.NewLabel(""),
		meta:  widget.NewLabel(""),
	}
	r.bar.SetMinSize(fyne.NewSize(4, 4))
	r.bar.Hide()
	r.who.Truncation = fyne.TextTruncateEllipsis
	r.when.Importance = widget.LowImportance
	r.risk.Importance = widget.DangerImportance
	r.risk.TextStyle.Bold = true
	r.risk.Hide()
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.state.SizeName = theme.SizeNameCaptionText
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.meta.Importance = widget.LowImportance
	r.meta.SizeName = theme.SizeNameCaptionText
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, r.when, r.who),
		container.NewBorder(nil, nil, r.risk, r.state, r.text),
		r.meta)
	r.content = container.NewBorder(nil, nil, container.NewHBox(r.bar, container.NewCenter(r.icon)), nil, lines)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer is how Fyne draws the row.
func (r *inboxRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// set shows an item.
func (r *inboxRow) set(s *inboxScreen, it app.InboxItem) {
	tr := s.w.tr
	r.icon.SetResource(kindIcon(it.Kind))
	who := authorFull(it.Author)
	if who == "" {
		who = tr.T("inbox.kind." + string(it.Kind))
	}
	setLabel(r.who, who)
	if bold := !it.Seen || it.Priority == app.PriorityHigh; r.who.TextStyle.Bold != bold {
		r.who.TextStyle.Bold = bold
		r.who.Refresh()
	}
	setLabel(r.when, tr.Ago(it.At.In(s.w.zone()), s.now.In(s.w.zone())))
	setLabel(r.text, firstLine(it))
	state, importance := itemState(tr, it, s.now)
	setLabel(r.state, state)
	if r.state.Importance != importance {
		r.state.Importance = importance
		r.state.Refresh()
	}
	meta := tr.T("inbox.kind."+string(it.Kind)) + " · " + s.w.itemWhere(it)
	if it.Hidden && !it.Removed {
		meta += " · " + tr.T("inbox.hidden")
	}
	for _, l := range it.Labels {
		meta += "  #" + l
	}
	setLabel(r.meta, meta)
	if it.Risk {
		setLabel(r.risk, tr.T("inbox.risk.mark"))
		r.risk.Show()
		r.bar.Show()
	} else {
		r.risk.Hide()
		r.bar.Hide()
	}
}

// setLabel changes a label's text only when it differs: a list that
// scrolls sets its rows again and again.
func setLabel(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// firstLine is the first line of an item's text (a feed entry's title),
// cut to what a row can show.
func firstLine(it app.InboxItem) string {
	text := it.Text
	if it.Title != "" {
		text = it.Title
	}
	text = strings.TrimSpace(text)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	return shorten(text, 200)
}

// itemState is the triage state of an item in words, with how much it
// asks for attention.
func itemState(tr *i18n.Translator, it app.InboxItem, now time.Time) (string, widget.Importance) {
	switch {
	case it.Kind == app.ItemFollowRequest && it.Answer != "":
		return tr.T("inbox.answer." + string(it.Answer)), widget.LowImportance
	case it.Deleted:
		return tr.T("inbox.deleted"), widget.LowImportance
	case it.Snoozed(now):
		return tr.T("inbox.state.snoozed"), widget.LowImportance
	case it.State == app.StateNeedsReply:
		return tr.T("inbox.state.needs_reply"), widget.WarningImportance
	case it.State == app.StateReplied:
		return tr.T("inbox.state.replied"), widget.SuccessImportance
	case it.State == app.StateDone:
		return tr.T("inbox.state.done"), widget.LowImportance
	}
	return tr.T("inbox.state.new"), widget.HighImportance
}

// itemWhere says which network and account an item arrived on.
func (w *Window) itemWhere(it app.InboxItem) string {
	where := networkName(w.tr, it.Network)
	if a, ok := w.account(it.Account); ok {
		where += " · " + accountLabel(a)
	}
	return where
}

// kindIcon is the icon of a kind of item.
func kindIcon(k app.ItemKind) fyne.Resource {
	switch k {
	case app.ItemReply:
		return theme.MailReplyIcon()
	case app.ItemDirect:
		return theme.MailComposeIcon()
	case app.ItemQuote:
		return theme.MailForwardIcon()
	case app.ItemLike:
		return theme.ConfirmIcon()
	case app.ItemBoost:
		return theme.MediaReplayIcon()
	case app.ItemFollow:
		return theme.AccountIcon()
	case app.ItemFollowRequest:
		return theme.ContentAddIcon()
	case app.ItemArticle:
		return theme.FileTextIcon()
	}
	return theme.MailReplyAllIcon()
}
