package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// eventForm is the dialog that creates or edits an event.
type eventForm struct {
	title   *widget.Entry
	kind    *widget.Select
	date    *widget.Entry
	allDay  *widget.Check
	start   *widget.Entry
	end     *widget.Entry
	endDate *widget.Entry
	repeat  *widget.Select
	place   *widget.Entry
	notes   *widget.Entry
	message *widget.Label
}

// eventRepeats are the repetitions the form offers; a rule it does not
// list is kept as it is.
var eventRepeats = []struct{ key, rule string }{
	{"repeat.never", ""}, {"event.repeat.weekly", "FREQ=WEEKLY"}, {"event.repeat.monthly", "FREQ=MONTHLY"}, {"repeat.yearly", "FREQ=YEARLY"},
}

// editEvent opens the form for an event; the zero Event starts a new one
// on the day shown.
func (c *calendarScreen) editEvent(ev app.Event) {
	tr := c.w.tr
	zone := c.w.deps.Calendar.Zone()
	f := &eventForm{
		title: widget.NewEntry(), date: widget.NewEntry(), start: widget.NewEntry(), end: widget.NewEntry(),
		endDate: widget.NewEntry(), place: widget.NewEntry(), notes: widget.NewMultiLineEntry(), message: widget.NewLabel(""),
	}
	f.message.Importance = widget.DangerImportance
	f.message.Wrapping = fyne.TextWrapWord
	f.title.SetPlaceHolder(tr.T("event.title.placeholder"))
	var kinds []string
	for _, k := range app.EventKinds {
		kinds = append(kinds, tr.T("event.kind."+string(k)))
	}
	f.kind = widget.NewSelect(kinds, nil)
	f.date.SetPlaceHolder(tr.T("event.date.placeholder"))
	f.endDate.SetPlaceHolder(tr.T("event.date.placeholder"))
	f.start.SetPlaceHolder("09:00")
	f.end.SetPlaceHolder("10:00")
	f.notes.SetMinRowsVisible(3)
	f.notes.Wrapping = fyne.TextWrapWord
	f.allDay = widget.NewCheck(tr.T("event.all_day"), func(on bool) {
		if on {
			f.start.Disable()
			f.end.Disable()
		} else {
			f.start.Enable()
			f.end.Enable()
		}
	})
	var repeats []string
	for _, r := range eventRepeats {
		repeats = append(repeats, tr.T(r.key))
	}
	f.repeat = widget.NewSelect(repeats, nil)

	isNew := ev.ID.IsZero()
	if isNew {
		day := c.month
		if c.weekMode {
			day = c.week
		}
		if now := c.w.deps.Clock.Now().In(zone); now.Year() == day.Year() && now.Month() == day.Month() || c.weekMode && !now.Before(c.week) && now.Before(c.week.AddDate(0, 0, 7)) {
			day = now
		}
		ev = app.Event{Kind: app.EventMeetup, Start: time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, zone)}
		ev.End = ev.Start.Add(2 * time.Hour)
	}
	loc := ev.Location(zone)
	f.title.SetText(ev.Title)
	for i, k := range app.EventKinds {
		if k == ev.Kind {
			f.kind.SetSelectedIndex(i)
		}
	}
	start, end := ev.Start.In(loc), ev.End.In(loc)
	f.date.SetText(start.Format(time.DateOnly))
	f.start.SetText(start.Format("15:04"))
	f.end.SetText(end.Format("15:04"))
	lastDay := end
	if ev.AllDay {
		lastDay = end.AddDate(0, 0, -1)
	}
	f.endDate.SetText(lastDay.Format(time.DateOnly))
	f.allDay.SetChecked(ev.AllDay)
	f.repeat.SetSelectedIndex(0)
	for i, r := range eventRepeats {
		if r.rule == ev.Recurrence {
			f.repeat.SetSelectedIndex(i)
		}
	}
	if ev.Recurrence != "" && f.repeat.SelectedIndex() == 0 {
		f.repeat.Options = append(f.repeat.Options, ev.Recurrence)
		f.repeat.SetSelected(ev.Recurrence)
	}
	f.place.SetText(ev.Place)
	f.notes.SetText(ev.Notes)

	items := []*widget.FormItem{
		widget.NewFormItem(tr.T("event.title"), f.title),
		widget.NewFormItem(tr.T("event.kind"), f.kind),
		widget.NewFormItem(tr.T("event.date"), container.NewBorder(nil, nil, nil, f.allDay, f.date)),
		widget.NewFormItem(tr.T("event.time"), container.NewGridWithColumns(2, f.start, f.end)),
		widget.NewFormItem(tr.T("event.last_day"), f.endDate),
		widget.NewFormItem(tr.T("compose.repeat"), f.repeat),
		widget.NewFormItem(tr.T("event.place"), f.place),
		widget.NewFormItem(tr.T("compose.notes"), f.notes),
	}
	form := widget.NewForm(items...)
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon(tr.T("event.save"), theme.ConfirmIcon(), func() {
		next, err := f.read(ev, loc, zone)
		if err != nil {
			f.message.SetText(tr.T(formErrorKey(err)))
			return
		}
		d.Hide()
		c.w.write.Do(func(ctx context.Context) {
			if _, err := c.w.deps.Calendar.SaveEvent(ctx, next); err != nil {
				c.w.do(func() { c.w.showError(err) })
			}
		})
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(tr.T("action.cancel"), func() { d.Hide() })
	buttons := []fyne.CanvasObject{cancel, save}
	if !isNew {
		id := ev.ID
		del := widget.NewButtonWithIcon(tr.T("drafts.delete"), theme.DeleteIcon(), func() {
			d.Hide()
			c.w.write.Do(func(ctx context.Context) {
				if err := c.w.deps.Calendar.DeleteEvent(ctx, id); err != nil && !errors.Is(err, app.ErrNotFound) {
					c.w.do(func() { c.w.showError(err) })
				}
			})
		})
		del.Importance = widget.DangerImportance
		buttons = append([]fyne.CanvasObject{del}, buttons...)
	}
	heading := tr.T("event.new")
	if !isNew {
		heading = tr.T("event.edit")
	}
	d = dialog.NewCustomWithoutButtons(heading, container.NewBorder(nil, f.message, nil, nil, form), c.w.win)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	c.w.win.Canvas().Focus(f.title)
}

// errBadDate and errBadTime say what the form could not read.
var (
	errBadDate = errors.New("bad date")
	errBadTime = errors.New("bad time")
)

// formErrorKey is the message for what read refuses.
func formErrorKey(err error) string {
	switch {
	case errors.Is(err, errBadDate):
		return "event.bad_date"
	case errors.Is(err, errBadTime):
		return "event.bad_time"
	case errors.Is(err, app.ErrUntitledEvent):
		return "event.untitled"
	}
	return "event.ends_before"
}

// read turns the form back into an event, refusing what SaveEvent would.
func (f *eventForm) read(ev app.Event, loc, zone *time.Location) (app.Event, error) {
	ev.Title = strings.TrimSpace(f.title.Text)
	if i := f.kind.SelectedIndex(); i >= 0 {
		ev.Kind = app.EventKinds[i]
	}
	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(f.date.Text), loc)
	if err != nil {
		return ev, errBadDate
	}
	last := day
	if text := strings.TrimSpace(f.endDate.Text); text != "" {
		if last, err = time.ParseInLocation(time.DateOnly, text, loc); err != nil {
			return ev, errBadDate
		}
	}
	ev.AllDay = f.allDay.Checked
	if ev.AllDay {
		ev.Start = day
		ev.End = time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, loc)
	} else {
		startH, err1 := time.Parse("15:04", strings.TrimSpace(f.start.Text))
		endH, err2 := time.Parse("15:04", strings.TrimSpace(f.end.Text))
		if err1 != nil || err2 != nil {
			return ev, errBadTime
		}
		ev.Start = time.Date(day.Year(), day.Month(), day.Day(), startH.Hour(), startH.Minute(), 0, 0, loc)
		ev.End = time.Date(last.Year(), last.Month(), last.Day(), endH.Hour(), endH.Minute(), 0, 0, loc)
	}
	if ev.Zone == "" {
		ev.Zone = zoneName(zone)
	}
	if i := f.repeat.SelectedIndex(); i >= 0 && i < len(eventRepeats) {
		ev.Recurrence = eventRepeats[i].rule
	}
	ev.Place = strings.TrimSpace(f.place.Text)
	ev.Notes = f.notes.Text
	if ev.Title == "" {
		return ev, app.ErrUntitledEvent
	}
	if ev.End.Before(ev.Start) {
		return ev, app.ErrEventEndsBeforeStart
	}
	return ev, nil
}
