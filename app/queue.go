package app

import (
	"fmt"
	"slices"
	"time"
)

// Slot is a weekly time at which a queue publishes: Monday 9:00.
type Slot struct {
	Day    time.Weekday
	Hour   int
	Minute int
}

// Queue is a target's posting queue: weekly slots, in the target's time
// zone, that "add to queue" fills in order.
type Queue struct {
	Target Target
	Zone   string // IANA zone the slots are in; "" for the user's
	Slots  []Slot
}

// QueueHorizon is how far ahead a queue looks for a free slot.
const QueueHorizon = 366 * 24 * time.Hour

// ErrQueueFull is returned when a queue has no free slot within the horizon
// (or no slot at all).
var ErrQueueFull = fmt.Errorf("the queue has no free slot in the coming year")

// Valid reports whether a slot names a real weekly time.
func (s Slot) Valid() bool {
	return s.Day >= time.Sunday && s.Day <= time.Saturday && s.Hour >= 0 && s.Hour < 24 && s.Minute >= 0 && s.Minute < 60
}

// SortSlots orders slots from Monday to Sunday, then by time, and drops
// repeats and invalid ones.
func SortSlots(slots []Slot) []Slot {
	out := slices.DeleteFunc(slices.Clone(slots), func(s Slot) bool { return !s.Valid() })
	slices.SortFunc(out, func(a, b Slot) int {
		if d := mondayFirst(a.Day) - mondayFirst(b.Day); d != 0 {
			return d
		}
		return (a.Hour*60 + a.Minute) - (b.Hour*60 + b.Minute)
	})
	return slices.Compact(out)
}

func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

// Times returns the queue's slot times in [from, to), earliest first. Each
// slot is a wall-clock time in loc, so 9:00 stays 9:00 across daylight
// saving changes; a time that a spring change skips (2:30 on the night
// clocks go from 2:00 to 3:00) moves to just after the gap, as the clock
// reads then.
func (q Queue) Times(loc *time.Location, from, to time.Time) []time.Time {
	slots := SortSlots(q.Slots)
	if len(slots) == 0 {
		return nil
	}
	var out []time.Time
	local := from.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	for ; day.Before(to); day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc) {
		for _, s := range slots {
			if s.Day != day.Weekday() {
				continue
			}
			t := time.Date(day.Year(), day.Month(), day.Day(), s.Hour, s.Minute, 0, 0, loc)
			if !t.Before(from) && t.Before(to) {
				out = append(out, t.UTC())
			}
		}
	}
	return out
}

// NextFree returns the first slot time after `after` (exclusive) that
// taken does not claim, looking QueueHorizon ahead.
func (q Queue) NextFree(loc *time.Location, after time.Time, taken func(time.Time) bool) (time.Time, error) {
	for _, t := range q.Times(loc, after.Add(time.Second), after.Add(QueueHorizon)) {
		if !taken(t) {
			return t, nil
		}
	}
	return time.Time{}, ErrQueueFull
}
