package app

import (
	"strings"
	"time"
)

// EventKind says what an event is, so the calendar can tell them apart.
type EventKind string

// The kinds of event a community manager puts on the plan.
const (
	EventOther   EventKind = "other"
	EventMeetup  EventKind = "meetup"
	EventContest EventKind = "contest"
	EventLaunch  EventKind = "launch"
	EventHoliday EventKind = "holiday"
)

// EventKinds lists the kinds in the order menus show them.
var EventKinds = []EventKind{EventMeetup, EventContest, EventLaunch, EventHoliday, EventOther}

// Event is something on the calendar that is not a post: a meetup, a
// contest, a product launch, a holiday. Posts are planned around them.
type Event struct {
	ID    ID
	Title string
	Kind  EventKind
	// Start and End are in UTC; End is exclusive. An all-day event starts
	// at midnight of its first day in Zone and ends at midnight after its
	// last.
	Start  time.Time
	End    time.Time
	AllDay bool
	Zone   string // IANA time zone of the event; "" for floating (the user's)
	// Recurrence is an RRULE value, as for posts.
	Recurrence string
	Place      string // where it happens
	Notes      string
	// UID is the event's iCalendar identity, kept from an imported file
	// so that importing the file again updates the event instead of
	// adding it twice.
	UID       string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Duration is how long one occurrence of the event lasts.
func (e Event) Duration() time.Duration {
	if e.End.After(e.Start) {
		return e.End.Sub(e.Start)
	}
	return 0
}

// Location returns the event's time zone, or fallback when it has none.
func (e Event) Location(fallback *time.Location) *time.Location {
	return loadZone(e.Zone, fallback)
}

// IsEmpty reports whether the event has no title.
func (e Event) IsEmpty() bool { return strings.TrimSpace(e.Title) == "" }
