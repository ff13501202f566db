package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// upcomingPerQueue is how many posts a queue card lists.
const upcomingPerQueue = 5

// queueView shows, per network, the weekly slots of its posting queue and
// what goes out next. Its fields are used on the UI goroutine only.
type queueView struct {
	c       *calendarScreen
	content *fyne.Container
	cards   *fyne.Container
}

func newQueueView(c *calendarScreen) *queueView {
	q := &queueView{c: c, cards: container.NewGridWithColumns(2)}
	hint := widget.NewLabel(c.w.tr.T("queue.hint", "zone", zoneLabel(c.w.deps.Calendar.Zone())))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	q.content = container.NewBorder(hint, nil, nil, nil, container.NewVScroll(q.cards))
	q.content.Hide()
	return q
}

// zoneLabel names a time zone for people: its IANA name, or its
// abbreviation for the machine's own zone without a name.
func zoneLabel(loc *time.Location) string {
	if name := zoneName(loc); name != "" {
		return name
	}
	abbr, _ := time.Now().In(loc).Zone()
	return abbr
}

// queueData is what one card shows.
type queueData struct {
	queue    app.Queue
	upcoming []app.Post
}

// reload reads every network's queue and its next posts.
func (q *queueView) reload() {
	w := q.c.w
	w.bg.Go(func() {
		ctx := context.Background()
		var data []queueData
		var err error
		for _, n := range app.Networks {
			t := app.Target{Network: n}
			var d queueData
			if d.queue, err = w.deps.Calendar.Queue(ctx, t); err != nil {
				break
			}
			if d.upcoming, err = w.deps.Calendar.Upcoming(ctx, t, upcomingPerQueue); err != nil {
				break
			}
			data = append(data, d)
		}
		w.do(func() {
			if err != nil {
				w.showError(err)
				return
			}
			q.show(data)
		})
	})
}

func (q *queueView) show(data []queueData) {
	q.cards.RemoveAll()
	for _, d := range data {
		q.cards.Add(q.card(d))
	}
	q.cards.Refresh()
}

// card is one network's queue: its slots, a way to add one, and what
// goes out next.
func (q *queueView) card(d queueData) fyne.CanvasObject {
	w := q.c.w
	tr := w.tr
	n := d.queue.Target.Network
	title := widget.NewLabelWithStyle(n.Name(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	slots := container.NewVBox()
	if len(d.queue.Slots) == 0 {
		l := widget.NewLabel(tr.T("queue.no_slots"))
		l.Importance = widget.LowImportance
		slots.Add(l)
	}
	for i, s := range d.queue.Slots {
		remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			next := d.queue
			next.Slots = slices.Delete(slices.Clone(next.Slots), i, i+1)
			q.save(next)
		})
		remove.Importance = widget.LowImportance
		slots.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(slotText(tr.T, s))))
	}
	var days []string
	for i := 1; i <= 7; i++ {
		days = append(days, tr.T("weekday.long."+strconv.Itoa(i)))
	}
	day := widget.NewSelect(days, nil)
	day.SetSelectedIndex(0)
	at := widget.NewEntry()
	at.SetPlaceHolder("09:00")
	add := widget.NewButtonWithIcon(tr.T("queue.add_slot"), theme.ContentAddIcon(), func() {
		s, ok := parseSlot(day.SelectedIndex(), at.Text)
		if !ok {
			at.SetValidationError(fmt.Errorf("%s", tr.T("queue.bad_time")))
			return
		}
		next := d.queue
		next.Slots = append(slices.Clone(next.Slots), s)
		q.save(next)
	})
	adder := container.NewBorder(nil, nil, day, add, at)

	next := container.NewVBox()
	head := widget.NewLabelWithStyle(tr.T("queue.next"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	next.Add(head)
	if len(d.upcoming) == 0 {
		l := widget.NewLabel(tr.T("queue.nothing"))
		l.Importance = widget.LowImportance
		next.Add(l)
	}
	for _, p := range d.upcoming {
		local := p.PlannedAt.In(w.deps.Calendar.Zone())
		entry := app.Entry{At: p.PlannedAt, End: p.PlannedAt, Post: &p}
		when := widget.NewLabel(tr.Date(local, w.deps.Clock.Now()) + " " + local.Format("15:04"))
		when.Importance = widget.LowImportance
		next.Add(container.NewBorder(nil, nil, when, nil, q.c.chip(entry)))
	}
	body := container.NewVBox(
		container.NewHBox(dot(networkColor(n), 18), title),
		slots, adder, widget.NewSeparator(), next,
	)
	return widget.NewCard("", "", body)
}

func (q *queueView) save(next app.Queue) {
	w := q.c.w
	if next.Zone == "" {
		next.Zone = zoneName(w.deps.Calendar.Zone())
	}
	w.write.Do(func(ctx context.Context) {
		if _, err := w.deps.Calendar.SaveQueue(ctx, next); err != nil {
			w.do(func() { w.showError(err) })
		}
	})
}

// slotText is "Monday 09:00".
func slotText(t func(string, ...string) string, s app.Slot) string {
	return t("weekday.long."+strconv.Itoa((int(s.Day)+6)%7+1)) + " " + fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)
}

// parseSlot reads a weekday index (0 = Monday) and "9:00", "09h30" or "18".
func parseSlot(mondayIndex int, text string) (app.Slot, bool) {
	text = strings.TrimSpace(strings.ReplaceAll(strings.ToLower(text), "h", ":"))
	hour, minute, _ := strings.Cut(text, ":")
	h, err := strconv.Atoi(hour)
	if err != nil {
		return app.Slot{}, false
	}
	m := 0
	if minute != "" {
		if m, err = strconv.Atoi(minute); err != nil {
			return app.Slot{}, false
		}
	}
	s := app.Slot{Day: time.Weekday((mondayIndex + 1) % 7), Hour: h, Minute: m}
	return s, mondayIndex >= 0 && s.Valid()
}
