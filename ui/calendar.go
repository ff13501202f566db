package ui

import (
	"context"
	"fmt"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// chipsPerDay is how many posts a day shows before "+N".
const chipsPerDay = 2

// newDraftHour is the hour a post started from an empty day is planned at.
const newDraftHour = 9

// calendarScreen shows planned posts in the local time zone, by month
// (six weeks from the Monday on or before the first) or by week (seven
// days of 24 hours). Its fields are used on the UI goroutine only.
type calendarScreen struct {
	w       *Window
	content fyne.CanvasObject

	weekMode    bool
	queueMode   bool
	month       time.Time // the first of the month shown, local midnight
	week        time.Time // the Monday of the week shown, local midnight
	title       *widget.Label
	monthButton *widget.Button
	weekButton  *widget.Button
	queueButton *widget.Button
	monthView   fyne.CanvasObject
	weekView    fyne.CanvasObject
	queueView   *queueView
	filters     *fyne.Container
	filter      calendarFilter
	weekScroll  *container.Scroll
	days        [42]*dayCell
	dayHeads    [7]*widget.Label
	allDay      [7]*fyne.Container     // the week's events that take whole days
	slots       [24 * 7]*dayCell       // hour-major: slots[hour*7+day]
	byDay       map[string][]app.Entry // local "2006-01-02" -> entries, in time order
	byHour      map[string][]app.Entry // local "2006-01-02 15" -> entries, in time order
	// attempts are, for each failed post shown, its targets' latest
	// attempts: they say why it failed.
	attempts    map[app.ID][]app.Attempt
	stopLoad    context.CancelFunc
	unsubscribe []func()
}

// hourKey is the byHour key of a local time.
func hourKey(t time.Time) string { return t.Format("2006-01-02 15") }

// mondayOf is the local midnight of the Monday on or before t.
func mondayOf(t time.Time) time.Time {
	t = t.Local()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

func newCalendarScreen(w *Window) *calendarScreen {
	c := &calendarScreen{w: w, byDay: map[string][]app.Entry{}, byHour: map[string][]app.Entry{}}
	now := w.deps.Clock.Now().Local()
	c.month = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local)
	c.week = mondayOf(now)

	tr := w.tr
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.title.SizeName = theme.SizeNameSubHeadingText
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.typedKey(&fyne.KeyEvent{Name: fyne.KeyPageUp}) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.typedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown}) })
	today := widget.NewButton(tr.T("calendar.today"), func() { c.typedKey(&fyne.KeyEvent{Name: fyne.KeyHome}) })
	c.monthButton = widget.NewButton(tr.T("calendar.month"), func() { c.setWeekMode(false) })
	c.weekButton = widget.NewButton(tr.T("calendar.week"), func() { c.setWeekMode(true) })
	c.queueButton = widget.NewButton(tr.T("calendar.queue"), c.showQueue)
	newEvent := widget.NewButtonWithIcon(tr.T("event.new"), theme.ContentAddIcon(), func() { c.editEvent(app.Event{}) })
	header := container.NewBorder(nil, nil, c.title, container.NewHBox(newEvent, widget.NewSeparator(), c.monthButton, c.weekButton, c.queueButton, widget.NewSeparator(), today, prev, next))
	c.filters = c.buildFilters()

	weekdays := container.NewGridWithColumns(7)
	for i := 1; i <= 7; i++ {
		l := widget.NewLabelWithStyle(tr.T("weekday."+strconv.Itoa(i)), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		l.Importance = widget.LowImportance
		weekdays.Add(l)
	}
	grid := container.NewGridWithRows(6)
	for week := 0; week < 6; week++ {
		row := container.NewGridWithColumns(7)
		for d := 0; d < 7; d++ {
			cell := newDayCell(c.startDraft)
			c.days[week*7+d] = cell
			row.Add(cell)
		}
		grid.Add(row)
	}
	c.monthView = container.NewBorder(weekdays, nil, nil, nil, grid)
	c.weekView = c.buildWeek()
	c.queueView = newQueueView(c)
	compact := container.NewThemeOverride(container.NewStack(c.monthView, c.weekView), compactTheme{fyne.CurrentApp().Settings().Theme()})
	body := container.NewStack(container.NewBorder(c.filters, c.legend(), nil, nil, compact), c.queueView.content)
	c.content = container.NewPadded(container.NewBorder(header, nil, nil, nil, body))
	c.unsubscribe = append(c.unsubscribe, w.deps.Drafts.Subscribe(func() { w.do(c.reload) }))
	c.unsubscribe = append(c.unsubscribe, w.deps.Calendar.Subscribe(func() { w.do(c.reload) }))
	c.setWeekMode(false)
	return c
}

// buildWeek makes the week view: a column of hours, then a column of 24
// hourly slots for each day, in a scroll.
func (c *calendarScreen) buildWeek() fyne.CanvasObject {
	hourLabel := func(text string) fyne.CanvasObject {
		l := widget.NewLabel(text)
		l.Importance = widget.LowImportance
		return l
	}
	gutter := canvas.NewRectangle(color.Transparent)
	gutter.SetMinSize(hourLabel("00:00").MinSize())
	heads := container.NewGridWithColumns(7)
	for i := range c.dayHeads {
		c.dayHeads[i] = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		c.allDay[i] = container.NewVBox()
		heads.Add(container.NewVBox(c.dayHeads[i], c.allDay[i]))
	}
	rows := container.NewVBox()
	for hour := 0; hour < 24; hour++ {
		row := container.NewGridWithColumns(7)
		for d := 0; d < 7; d++ {
			slot := newDayCell(c.startDraftAt)
			slot.hourly = true
			c.slots[hour*7+d] = slot
			row.Add(slot)
		}
		rows.Add(container.NewBorder(nil, nil, hourLabel(fmt.Sprintf("%02d:00", hour)), nil, row))
	}
	c.weekScroll = container.NewVScroll(rows)
	return container.NewBorder(container.NewBorder(nil, nil, gutter, nil, heads), nil, nil, nil, c.weekScroll)
}

// setWeekMode switches between the month and the week, keeping the
// period in view: the week of today when it is in the month shown, else
// the month's first week; the month of the week's Thursday.
func (c *calendarScreen) setWeekMode(on bool) {
	c.weekMode = on
	c.queueMode = false
	c.queueView.content.Hide()
	c.filters.Show()
	c.queueButton.Importance = widget.MediumImportance
	c.queueButton.Refresh()
	c.monthButton.Importance, c.weekButton.Importance = widget.HighImportance, widget.MediumImportance
	if on {
		c.monthButton.Importance, c.weekButton.Importance = widget.MediumImportance, widget.HighImportance
		c.monthView.Hide()
		c.weekView.Show()
		now := c.w.deps.Clock.Now().Local()
		if now.Year() == c.month.Year() && now.Month() == c.month.Month() {
			c.showWeek(mondayOf(now))
		} else {
			c.showWeek(mondayOf(c.month))
		}
		// Start the day at 07:00; earlier hours are a scroll away.
		c.weekScroll.ScrollToOffset(fyne.NewPos(0, 7*c.slots[0].MinSize().Height))
	} else {
		c.weekView.Hide()
		c.monthView.Show()
		thursday := c.week.AddDate(0, 0, 3)
		c.show(time.Date(thursday.Year(), thursday.Month(), 1, 0, 0, 0, 0, time.Local))
	}
	c.monthButton.Refresh()
	c.weekButton.Refresh()
}

// showWeek moves to the week that starts on monday.
func (c *calendarScreen) showWeek(monday time.Time) {
	c.week = monday
	tr := c.w.tr
	now := c.w.deps.Clock.Now()
	c.title.SetText(tr.T("calendar.week_range", "from", tr.Date(monday, now), "to", tr.Date(monday.AddDate(0, 0, 6), now)))
	for i, head := range c.dayHeads {
		day := monday.AddDate(0, 0, i)
		head.SetText(tr.T("weekday."+strconv.Itoa(i+1)) + " " + strconv.Itoa(day.Day()))
	}
	c.reload()
}

// gridStart is the Monday on or before the first of the month shown.
func (c *calendarScreen) gridStart() time.Time {
	back := (int(c.month.Weekday()) + 6) % 7 // days since Monday
	return c.month.AddDate(0, 0, -back)
}

// show moves to the month that starts at first.
func (c *calendarScreen) show(first time.Time) {
	c.month = first
	tr := c.w.tr
	c.title.SetText(tr.T("calendar.month_year", "month", tr.T("month_full."+strconv.Itoa(int(first.Month()))), "year", strconv.Itoa(first.Year())))
	c.reload()
}

// showQueue shows the posting queues instead of the calendar.
func (c *calendarScreen) showQueue() {
	c.queueMode = true
	c.monthView.Hide()
	c.weekView.Hide()
	c.filters.Hide()
	c.queueView.content.Show()
	c.title.SetText(c.w.tr.T("queue.title"))
	c.monthButton.Importance, c.weekButton.Importance, c.queueButton.Importance = widget.MediumImportance, widget.MediumImportance, widget.HighImportance
	c.monthButton.Refresh()
	c.weekButton.Refresh()
	c.queueButton.Refresh()
	c.reload()
}

// reload reads what the six weeks (or the week) shown hold.
func (c *calendarScreen) reload() {
	if c.stopLoad != nil {
		c.stopLoad()
	}
	if c.queueMode {
		c.queueView.reload()
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	c.stopLoad = stop
	from, to := c.gridStart(), c.gridStart().AddDate(0, 0, 42)
	if c.weekMode {
		from, to = c.week, c.week.AddDate(0, 0, 7)
	}
	c.w.bg.Go(func() {
		entries, err := c.w.deps.Calendar.Agenda(ctx, from, to, app.Filter{})
		attempts := map[app.ID][]app.Attempt{}
		if err == nil && c.w.deps.Publishing != nil {
			for _, e := range entries {
				if e.Post == nil || e.Post.Status != app.StatusFailed {
					continue
				}
				if list, err := c.w.deps.Publishing.Attempts(ctx, e.Post.ID); err == nil {
					attempts[e.Post.ID] = latestPerTarget(list)
				}
			}
		}
		c.w.do(func() {
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				c.w.showError(err)
				return
			}
			c.attempts = attempts
			c.filter.offer(entries)
			f := c.filter.current()
			c.byDay, c.byHour = map[string][]app.Entry{}, map[string][]app.Entry{}
			for _, e := range entries {
				if e.Post != nil && !f.Match(*e.Post) {
					continue
				}
				c.file(e, from, to)
			}
			if c.weekMode {
				c.paintWeek()
			} else {
				c.paint()
			}
		})
	})
}

// file puts an entry on each day it covers (an event may last days), and
// in the hour it starts.
func (c *calendarScreen) file(e app.Entry, from, to time.Time) {
	start := e.At.Local()
	c.byHour[hourKey(start)] = append(c.byHour[hourKey(start)], e)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.Local)
	if first := from.Local(); day.Before(first) {
		day = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.Local)
	}
	for {
		key := day.Format(time.DateOnly)
		c.byDay[key] = append(c.byDay[key], e)
		day = day.AddDate(0, 0, 1)
		if !day.Before(e.End) || !day.Before(to) {
			return
		}
	}
}

// paint fills the 42 day cells.
func (c *calendarScreen) paint() {
	today := c.w.deps.Clock.Now().Local().Format(time.DateOnly)
	day := c.gridStart()
	for _, cell := range c.days {
		key := day.Format(time.DateOnly)
		cell.set(day, day.Month() == c.month.Month(), key == today, c.chips(day, c.byDay[key]))
		day = day.AddDate(0, 0, 1)
	}
}

// paintWeek fills the week's hourly slots, and its all-day row.
func (c *calendarScreen) paintWeek() {
	today := c.w.deps.Clock.Now().Local().Format(time.DateOnly)
	for d := 0; d < 7; d++ {
		day := c.week.AddDate(0, 0, d)
		var long []fyne.CanvasObject
		for _, e := range c.byDay[day.Format(time.DateOnly)] {
			if isLong(e) {
				long = append(long, c.chip(e))
			}
		}
		c.allDay[d].Objects = long
		c.allDay[d].Refresh()
	}
	for hour := 0; hour < 24; hour++ {
		for d := 0; d < 7; d++ {
			day := c.week.AddDate(0, 0, d)
			slot := time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, time.Local)
			var short []app.Entry
			for _, e := range c.byHour[hourKey(slot)] {
				if !isLong(e) {
					short = append(short, e)
				}
			}
			c.slots[hour*7+d].set(slot, true, day.Format(time.DateOnly) == today, c.chips(slot, short))
		}
	}
}

// isLong reports whether an entry is an event that takes whole days: the
// week view shows those above the hours.
func isLong(e app.Entry) bool {
	return e.Event != nil && (e.Event.AllDay || e.End.Sub(e.At) >= 24*time.Hour)
}

// chips are a cell's entries: chipsPerDay of them, then "+N" that lists
// all.
func (c *calendarScreen) chips(when time.Time, entries []app.Entry) []fyne.CanvasObject {
	var chips []fyne.CanvasObject
	for i, e := range entries {
		if i == chipsPerDay && len(entries) > chipsPerDay {
			more := c.w.tr.T("calendar.more", "n", strconv.Itoa(len(entries)-chipsPerDay))
			return append(chips, newTapLabel(more, c.showDay(when, entries)))
		}
		chips = append(chips, c.chip(e))
	}
	return chips
}

// chip is one entry on its day. A post shows its time, its networks'
// colours and its status (the bar on its left); a repetition a ↻; an
// event its kind's colour, full width.
func (c *calendarScreen) chip(e app.Entry) fyne.CanvasObject {
	return c.chipWith(e, nil)
}

func (c *calendarScreen) chipWith(e app.Entry, before func()) fyne.CanvasObject {
	tap := func(f func()) func() {
		return func() {
			if before != nil {
				before()
			}
			f()
		}
	}
	if e.Event != nil {
		ev := *e.Event
		text := ev.Title
		if !isLong(e) {
			text = e.At.Local().Format("15:04") + " " + text
		}
		label := newTapLabel(text, tap(func() { c.editEvent(ev) }))
		label.TextStyle.Bold = true
		bg := canvas.NewRectangle(withAlpha(eventColor(ev.Kind), 0x55))
		bg.CornerRadius = theme.InputRadiusSize()
		return container.NewStack(bg, container.NewBorder(nil, nil, bar(eventColor(ev.Kind)), nil, label))
	}
	p := *e.Post
	s := app.Summarize(p)
	text := s.Title
	if text == "" {
		text = s.Snippet
	}
	if text == "" {
		text = c.w.tr.T("drafts.untitled")
	}
	if e.Repeat {
		text = "↻ " + text
	}
	label := &postChip{calendar: c, post: p, repeat: e.Repeat, before: before}
	label.Text = e.At.Local().Format("15:04") + " " + text
	if p.Status == app.StatusFailed {
		label.Text = "⚠ " + label.Text
	}
	label.Truncation = fyne.TextTruncateEllipsis
	id := p.ID
	label.onTap = tap(func() { c.open(id) })
	label.ExtendBaseWidget(label)
	bg := canvas.NewRectangle(withAlpha(statusColor(p.Status), 0x30))
	bg.CornerRadius = theme.InputRadiusSize()
	dots := container.New(&tightRow{})
	for _, n := range p.Networks() {
		dots.Add(dot(networkColor(n), 10))
	}
	return container.NewStack(bg, container.NewBorder(nil, nil, container.NewHBox(bar(statusColor(p.Status)), dots), nil, label))
}

// bar is the coloured edge of a chip.
func bar(c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(fyne.NewSize(3, 1))
	return r
}

// tightRow lays objects side by side with no gap.
type tightRow struct{}

func (tightRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (tightRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objects {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		x += m.Width
	}
}

// eventColor is the colour of an event kind.
func eventColor(k app.EventKind) color.Color {
	switch k {
	case app.EventMeetup:
		return color.NRGBA{R: 0xf5, G: 0x9e, B: 0x0b, A: 0xff}
	case app.EventContest:
		return color.NRGBA{R: 0xec, G: 0x48, B: 0x99, A: 0xff}
	case app.EventLaunch:
		return color.NRGBA{R: 0x10, G: 0xb9, B: 0x81, A: 0xff}
	case app.EventHoliday:
		return color.NRGBA{R: 0xef, G: 0x44, B: 0x44, A: 0xff}
	}
	return color.NRGBA{R: 0x94, G: 0xa3, B: 0xb8, A: 0xff}
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// showDay lists every entry of a day that has more than its cell shows.
func (c *calendarScreen) showDay(day time.Time, entries []app.Entry) func() {
	return func() {
		list := container.NewVBox()
		var d dialog.Dialog
		for _, e := range entries {
			list.Add(c.chipWith(e, func() { d.Hide() }))
		}
		d = dialog.NewCustom(c.w.tr.Date(day, c.w.deps.Clock.Now()), c.w.tr.T("action.ok"), container.NewVScroll(list), c.w.win)
		d.Resize(fyne.NewSize(360, 320))
		d.Show()
	}
}

// open shows a planned post in Compose.
func (c *calendarScreen) open(id app.ID) {
	c.w.ShowView("compose")
	c.w.compose.open(id)
}

// startDraft starts a post planned on an empty day, at newDraftHour.
func (c *calendarScreen) startDraft(day time.Time) {
	c.startDraftAt(time.Date(day.Year(), day.Month(), day.Day(), newDraftHour, 0, 0, 0, time.Local))
}

// startDraftAt starts a post planned at a time (an empty hour of the week).
func (c *calendarScreen) startDraftAt(at time.Time) {
	c.w.ShowView("compose")
	c.w.compose.newDraft()
	c.w.compose.plan(at)
}

// typedKey moves between months or weeks: Page Up and Page Down, Home
// for today; M, W and Q show the month, the week and the queues.
func (c *calendarScreen) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyM:
		c.setWeekMode(false)
	case fyne.KeyW:
		c.setWeekMode(true)
	case fyne.KeyQ:
		c.showQueue()
	case fyne.KeyPageUp:
		if c.weekMode {
			c.showWeek(c.week.AddDate(0, 0, -7))
		} else {
			c.show(c.month.AddDate(0, -1, 0))
		}
	case fyne.KeyPageDown:
		if c.weekMode {
			c.showWeek(c.week.AddDate(0, 0, 7))
		} else {
			c.show(c.month.AddDate(0, 1, 0))
		}
	case fyne.KeyHome:
		n := c.w.deps.Clock.Now().Local()
		if c.weekMode {
			c.showWeek(mondayOf(n))
		} else {
			c.show(time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.Local))
		}
	}
}

// cellAt is the day cell under an absolute position, if any.
func (c *calendarScreen) cellAt(pos fyne.Position) *dayCell {
	driver := fyne.CurrentApp().Driver()
	for _, cell := range c.cells() {
		at, size := driver.AbsolutePositionForObject(cell), cell.Size()
		if pos.X >= at.X && pos.X < at.X+size.Width && pos.Y >= at.Y && pos.Y < at.Y+size.Height {
			return cell
		}
	}
	return nil
}

// cells are the cells of the view shown.
func (c *calendarScreen) cells() []*dayCell {
	if c.weekMode {
		return c.slots[:]
	}
	return c.days[:]
}

// hover marks the cell a post is being dragged over.
func (c *calendarScreen) hover(target *dayCell) {
	for _, cell := range c.cells() {
		cell.setHover(cell == target)
	}
}

// move plans a post in another cell: on a day of the month at the same
// local time, or in an hour of the week at the same minutes. Wall-clock
// time is kept, so a change to or from daylight saving time never moves a
// post by an hour.
func (c *calendarScreen) move(p app.Post, to *dayCell) {
	old, day := p.PlannedAt.Local(), to.day
	hour := old.Hour()
	if to.hourly {
		hour = day.Hour()
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), hour, old.Minute(), old.Second(), 0, time.Local)
	if at.Equal(p.PlannedAt) {
		return
	}
	c.w.write.Do(func(ctx context.Context) {
		_, err := c.w.deps.Drafts.Plan(ctx, p.ID, at)
		if err != nil {
			c.w.do(func() { c.w.showError(err) })
		}
	})
}

func (c *calendarScreen) close() {
	for _, stop := range c.unsubscribe {
		stop()
	}
	if c.stopLoad != nil {
		c.stopLoad()
	}
}

// dayCell is one day of the month view; a tap on its empty part starts a
// post planned that day.
type dayCell struct {
	widget.BaseWidget
	day    time.Time // the day, or for an hourly slot the hour's start
	hourly bool      // a slot of the week view: no day number
	onTap  func(time.Time)
	number *widget.Label
	chips  *fyne.Container
	bg     *canvas.Rectangle
}

var _ fyne.Tappable = (*dayCell)(nil)

func newDayCell(onTap func(time.Time)) *dayCell {
	d := &dayCell{onTap: onTap, number: widget.NewLabel(""), chips: container.NewVBox()}
	d.bg = canvas.NewRectangle(color.Transparent)
	d.bg.StrokeWidth = 1
	d.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	d.ExtendBaseWidget(d)
	return d
}

func (d *dayCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(d.bg, container.NewBorder(d.number, nil, nil, nil, d.chips)))
}

// set shows a day: its number (dim outside the month, highlighted today)
// and its posts.
func (d *dayCell) set(day time.Time, inMonth, today bool, chips []fyne.CanvasObject) {
	d.day = day
	if d.hourly {
		d.number.Hide()
	} else {
		d.number.SetText(strconv.Itoa(day.Day()))
	}
	d.number.TextStyle.Bold = today
	switch {
	case today:
		d.number.Importance = widget.HighImportance
		d.bg.FillColor = withAlpha(theme.Color(theme.ColorNamePrimary), 0x18)
	case inMonth:
		d.number.Importance = widget.MediumImportance
		d.bg.FillColor = color.Transparent
	default:
		d.number.Importance = widget.LowImportance
		d.bg.FillColor = withAlpha(theme.Color(theme.ColorNameDisabled), 0x10)
	}
	d.number.Refresh()
	d.bg.Refresh()
	d.chips.Objects = chips
	d.chips.Refresh()
}

// Tapped starts a post on this day.
func (d *dayCell) Tapped(*fyne.PointEvent) { d.onTap(d.day) }

// setHover outlines the cell while a post is dragged over it.
func (d *dayCell) setHover(on bool) {
	if on {
		d.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		d.bg.StrokeWidth = 2
	} else {
		d.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
		d.bg.StrokeWidth = 1
	}
	d.bg.Refresh()
}

// postChip is a post on the month view: a tap opens it, a drag moves it
// to the day it is dropped on, a secondary tap offers a menu (why it
// failed, open, publish now).
type postChip struct {
	tapLabel
	calendar *calendarScreen
	post     app.Post
	repeat   bool // an occurrence of a repetition: it opens, it does not move
	target   *dayCell
	before   func() // runs before an action (hides the day's list)
}

var (
	_ fyne.Draggable         = (*postChip)(nil)
	_ fyne.SecondaryTappable = (*postChip)(nil)
)

// TappedSecondary shows the chip's menu where it was tapped.
func (p *postChip) TappedSecondary(e *fyne.PointEvent) {
	menu := widget.NewPopUpMenu(p.menu(), p.calendar.w.win.Canvas())
	menu.ShowAtPosition(e.AbsolutePosition)
}

// menu is what can be done with the post from the calendar: a failed
// post first says why.
func (p *postChip) menu() *fyne.Menu {
	c := p.calendar
	w := c.w
	tr := w.tr
	run := func(f func()) func() {
		return func() {
			if p.before != nil {
				p.before()
			}
			f()
		}
	}
	var items []*fyne.MenuItem
	id := p.post.ID
	if p.post.Status == app.StatusFailed {
		// Why it failed, in short; it opens the post, whose outbox lines
		// say it in full.
		why := c.failureOf(id)
		if why == "" {
			why = tr.T("status.failed")
		}
		reason := fyne.NewMenuItem(shorten(why, 64), run(func() { c.open(id) }))
		reason.Icon = theme.WarningIcon()
		items = append(items, reason, fyne.NewMenuItemSeparator())
	}
	items = append(items, fyne.NewMenuItem(tr.T("calendar.open_post"), run(func() { c.open(id) })))
	if w.deps.Publishing != nil && (p.post.Status != app.StatusPublished || p.post.Recurrence != "") {
		unsent := c.unsent(p.post)
		items = append(items, fyne.NewMenuItem(tr.T("publish.now"), run(func() { w.publishNow(id, unsent) })))
	}
	return fyne.NewMenu("", items...)
}

// failureOf says why a failed post did not go out, from its latest
// failed attempt.
func (c *calendarScreen) failureOf(id app.ID) string {
	for _, a := range c.attempts[id] {
		if a.State == app.AttemptFailed {
			why, _ := attemptWhy(c.w, a)
			return c.w.tr.T("problem.on", "network", c.w.targetName(a.Target), "problem", why)
		}
	}
	return ""
}

// unsent counts the targets of a post that do not have it yet.
func (c *calendarScreen) unsent(p app.Post) int {
	n := 0
	for _, v := range p.Variants {
		sent := false
		for _, a := range c.attempts[p.ID] {
			if a.Target == v.Target && a.State == app.AttemptSent {
				sent = true
			}
		}
		if p.Recurrence != "" || !sent {
			n++
		}
	}
	return n
}

// Dragged follows the pointer over the days.
func (p *postChip) Dragged(e *fyne.DragEvent) {
	if p.repeat {
		return
	}
	p.target = p.calendar.cellAt(e.AbsolutePosition)
	p.calendar.hover(p.target)
}

// DragEnd moves the post to the day under the pointer.
func (p *postChip) DragEnd() {
	p.calendar.hover(nil)
	if p.target != nil {
		p.calendar.move(p.post, p.target)
	}
	p.target = nil
}

// tapLabel is a one-line label that does something when tapped.
type tapLabel struct {
	widget.Label
	onTap func()
}

var _ fyne.Tappable = (*tapLabel)(nil)

func newTapLabel(text string, onTap func()) *tapLabel {
	l := &tapLabel{onTap: onTap}
	l.Text = text
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// Tapped runs the label's action.
func (l *tapLabel) Tapped(*fyne.PointEvent) { l.onTap() }

// compactTheme tightens text and padding so that six weeks of posts fit
// a laptop screen.
type compactTheme struct {
	fyne.Theme
}

func (t compactTheme) Size(name fyne.ThemeSizeName) float32 {
	switch name {
	case theme.SizeNameText:
		return 12
	case theme.SizeNameInnerPadding:
		return 3
	case theme.SizeNamePadding:
		return 2
	}
	return t.Theme.Size(name)
}
