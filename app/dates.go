package app

import (
	"errors"
	"fmt"
	"time"
)

// The dates Relais keeps. Its stores index times as Unix nanoseconds,
// which hold 1678 to 2262 only, and a planner has no use for dates far
// from now: a date outside is refused with a clear message rather than
// stored where a range would not find it.
const (
	// FirstEventYear is the earliest year of an event (a birthday in a
	// calendar may start long ago).
	FirstEventYear = 1900
	// FirstPostYear is the earliest year a post is planned for: the
	// stores' time index starts in 1970.
	FirstPostYear = 1970
	// LastYear is the last year of a post or an event.
	LastYear = 2199
)

// ErrDateOutOfRange is a date outside the years Relais keeps; a
// *DateRangeError says which.
var ErrDateOutOfRange = errors.New("the date is outside the years Relais keeps")

// DateRangeError is a date outside the years First to Last.
type DateRangeError struct {
	Date        time.Time
	First, Last int
}

func (e *DateRangeError) Error() string {
	return fmt.Sprintf("%s: %d is outside the years %d to %d", ErrDateOutOfRange, e.Date.Year(), e.First, e.Last)
}

func (e *DateRangeError) Is(target error) bool { return target == ErrDateOutOfRange }

// CheckYears returns a *DateRangeError when t, read in UTC, falls outside
// the years first to last.
func CheckYears(t time.Time, first, last int) error {
	if y := t.UTC().Year(); y < first || y > last {
		return &DateRangeError{Date: t, First: first, Last: last}
	}
	return nil
}

// CheckPlanned checks the time a post is planned for; the zero time (not
// planned) is allowed.
func CheckPlanned(t time.Time) error {
	if t.IsZero() {
		return nil
	}
	return CheckYears(t, FirstPostYear, LastYear)
}

// CheckEventTimes checks an event's start and end.
func CheckEventTimes(start, end time.Time) error {
	if err := CheckYears(start, FirstEventYear, LastYear); err != nil {
		return err
	}
	if end.IsZero() {
		return nil
	}
	return CheckYears(end, FirstEventYear, LastYear)
}

// The longest texts of an event, in characters: an import cuts longer
// ones (a 20 MB title took the calendar past 4 GB).
const (
	MaxEventTitle = 500
	MaxEventPlace = 500
	MaxEventNotes = 20000
)
