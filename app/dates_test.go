package app

import (
	"errors"
	"testing"
	"time"
)

func TestDatesOutsideTheYearsKeptAreRefused(t *testing.T) {
	d, _, _ := newDrafts()
	for _, at := range []time.Time{
		time.Date(1, 1, 1, 0, 1, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(2262, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		_, err := d.Create(bg, Post{Text: "x", PlannedAt: at})
		var r *DateRangeError
		if !errors.As(err, &r) || !errors.Is(err, ErrDateOutOfRange) || r.First != FirstPostYear || r.Last != LastYear {
			t.Errorf("Create planned %v: %v", at, err)
		}
	}
	p, err := d.Create(bg, Post{Text: "x", PlannedAt: time.Date(2199, 12, 31, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("Create in 2199: %v", err)
	}
	if _, err := d.Plan(bg, p.ID, time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrDateOutOfRange) {
		t.Errorf("Plan in 2200: %v", err)
	}
	if _, err := d.Plan(bg, p.ID, time.Time{}); err != nil {
		t.Errorf("unplanning: %v", err)
	}

	c, _, _, _ := newCalendar(t)
	for _, e := range []Event{
		{Title: "Ancient", Start: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Title: "Far", Start: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Title: "Ends far", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if _, err := c.SaveEvent(bg, e); !errors.Is(err, ErrDateOutOfRange) {
			t.Errorf("SaveEvent %q: %v", e.Title, err)
		}
		if _, err := c.ImportEvents(bg, []Event{e}); !errors.Is(err, ErrDateOutOfRange) {
			t.Errorf("ImportEvents %q: %v", e.Title, err)
		}
	}
	if _, err := c.SaveEvent(bg, Event{Title: "Never", Start: time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC), Recurrence: "FREQ=WEEKLY;UNTIL=20250101T000000Z"}); !errors.Is(err, ErrBadRecurrence) {
		t.Errorf("an event whose rule ends before it starts: %v", err)
	}
	if _, err := c.SaveEvent(bg, Event{Title: "Birthday", Start: time.Date(1950, 3, 12, 0, 0, 0, 0, time.UTC), Recurrence: "FREQ=YEARLY"}); err != nil {
		t.Errorf("an event in 1950: %v", err)
	}
}
