// Package ical carries the content plan through iCalendar (RFC 5545)
// files: Export writes planned posts and events, so that a plan can be
// shared with a client's calendar, and Import reads the events of another
// calendar. It is a format over an io.Writer and an io.Reader, built on
// github.com/arran4/golang-ical, which does the escaping and the line
// folding that calendar programs insist on.
package ical

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/relais-app/relais/app"
)

// EventLength is how long a post lasts on a calendar: a post is a moment,
// but a zero-length event is hard to see.
const EventLength = 15 * time.Minute

// summaryLength is the most runes of text an event's title takes.
const summaryLength = 60

// The X- properties Relais adds. X-RELAIS-KIND tells its posts from its
// events, so that importing Relais's own file does not turn posts into
// events; the others keep what has no standard property.
const (
	propKind     = ics.ComponentProperty("X-RELAIS-KIND")
	propCampaign = ics.ComponentProperty("X-RELAIS-CAMPAIGN")
	propNetworks = ics.ComponentProperty("X-RELAIS-NETWORKS")
)

// The values of X-RELAIS-KIND.
const (
	kindPost  = "post"
	kindEvent = "event"
)

// The text forms of iCalendar times: in UTC, local (with a TZID, or
// floating without one), and dates.
const (
	layoutUTC   = "20060102T150405Z"
	layoutLocal = "20060102T150405"
	layoutDate  = "20060102"
)

// UID is the stable identity of a post's event: the same post exported
// twice updates the event in the client's calendar instead of adding one.
func UID(id app.ID) string { return id.String() + "@relais" }

// EventUID is the identity an event is exported with: the one it was
// imported with, so that the other calendar recognizes it, or its own.
func EventUID(e app.Event) string {
	if e.UID != "" {
		return e.UID
	}
	return e.ID.String() + "@relais.event"
}

// Export writes the posts that have a planned time and the events, each
// stamped at now. Posts without a planned time are skipped.
//
// now's Location is taken as the user's time zone: the zone of events
// and repeating posts that name none (or one this machine does not know),
// as app.Calendar does with its own zone. A repeating item is written in
// wall-clock time, so that the client's calendar repeats it at the same
// hour across daylight saving as Relais does: with TZID= its zone, or as
// floating time in the user's zone. All-day events are written as dates
// (DTEND the day after the last), read in their zone or the user's; other
// times in UTC.
func Export(w io.Writer, posts []app.Post, events []app.Event, now time.Time) error {
	cal := ics.NewCalendar()
	cal.SetProductId("-//Relais//Relais " + app.Version + "//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName("Relais")
	user := now.Location()
	zones := zoneUses{}
	for _, p := range posts {
		if !p.PlannedAt.IsZero() {
			addPost(cal, p, now, user, zones)
		}
	}
	for _, e := range events {
		if !e.Start.IsZero() {
			addEvent(cal, e, now, user, zones)
		}
	}
	// RFC 5545 wants a VTIMEZONE for every TZID used; calendar programs
	// read them before the events.
	cal.Components = append(zones.timezones(), cal.Components...)
	// RFC 5545 wants CRLF line ends, folded at 75 octets.
	if err := cal.SerializeTo(w, ics.WithNewLine("\r\n"), ics.WithLineLength(75)); err != nil {
		return fmt.Errorf("writing the calendar: %w", err)
	}
	return nil
}

func addPost(cal *ics.Calendar, p app.Post, now time.Time, user *time.Location, zones zoneUses) {
	e := cal.AddEvent(UID(p.ID))
	e.SetDtStampTime(now.UTC())
	if !p.CreatedAt.IsZero() {
		e.SetCreatedTime(p.CreatedAt.UTC())
	}
	if !p.UpdatedAt.IsZero() {
		e.SetModifiedAt(p.UpdatedAt.UTC())
	}
	// A rule that no longer parses is shown once on Relais's calendar:
	// export it the same way.
	rule, err := app.ParseRecurrence(p.Recurrence)
	if err != nil {
		rule = ""
	}
	if rule != "" {
		c := repeatClock(p.Zone, user)
		c.set(e, ics.ComponentPropertyDtStart, p.PlannedAt)
		c.set(e, ics.ComponentPropertyDtEnd, p.PlannedAt.Add(EventLength))
		zones.add(c, p.PlannedAt)
		e.AddRrule(rule)
	} else {
		e.SetStartAt(p.PlannedAt.UTC())
		e.SetEndAt(p.PlannedAt.UTC().Add(EventLength))
	}
	e.SetSummary(textValue(summary(p)))
	e.SetDescription(textValue(description(p)))
	for _, tag := range p.Tags {
		e.AddCategory(textValue(tag))
	}
	e.SetProperty(propKind, kindPost)
	if c := strings.TrimSpace(p.Campaign); c != "" {
		e.SetProperty(propCampaign, textValue(c))
	}
	if n := networks(p); n != "" {
		e.SetProperty(propNetworks, n)
	}
}

func addEvent(cal *ics.Calendar, ev app.Event, now time.Time, user *time.Location, zones zoneUses) {
	e := cal.AddEvent(textValue(EventUID(ev)))
	e.SetDtStampTime(now.UTC())
	if !ev.CreatedAt.IsZero() {
		e.SetCreatedTime(ev.CreatedAt.UTC())
	}
	if !ev.UpdatedAt.IsZero() {
		e.SetModifiedAt(ev.UpdatedAt.UTC())
	}
	rule, err := app.ParseRecurrence(ev.Recurrence)
	if err != nil {
		rule = ""
	}
	switch {
	case ev.AllDay:
		first, end := allDayDates(ev, ev.Location(user))
		e.SetAllDayStartAt(first)
		e.SetAllDayEndAt(end)
		rule = dateUntil(rule)
	case rule != "":
		c := repeatClock(ev.Zone, user)
		c.set(e, ics.ComponentPropertyDtStart, ev.Start)
		if ev.End.After(ev.Start) {
			c.set(e, ics.ComponentPropertyDtEnd, ev.End)
		}
		zones.add(c, ev.Start)
	default:
		e.SetStartAt(ev.Start.UTC())
		// Without DTEND an event with a time lasts no time (RFC 5545
		// 3.6.1), which is what an End not after Start means here.
		if ev.End.After(ev.Start) {
			e.SetEndAt(ev.End.UTC())
		}
	}
	if rule != "" {
		e.AddRrule(rule)
	}
	e.SetSummary(textValue(ev.Title))
	if ev.Notes != "" {
		e.SetDescription(textValue(ev.Notes))
	}
	if ev.Place != "" {
		e.SetLocation(textValue(ev.Place))
	}
	if ev.Kind != "" {
		e.AddCategory(string(ev.Kind))
	}
	e.SetProperty(propKind, kindEvent)
}

// allDayDates returns the first day of an all-day event and the day after
// its last (DTEND is exclusive), as dates in loc. An End inside a day
// counts that day; an End not after Start makes a one-day event.
func allDayDates(e app.Event, loc *time.Location) (first, end time.Time) {
	first = dateOf(e.Start.In(loc))
	last := e.End.In(loc)
	end = dateOf(last)
	if !last.Equal(time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, loc)) {
		end = end.AddDate(0, 0, 1)
	}
	if !end.After(first) {
		end = first.AddDate(0, 0, 1)
	}
	return first, end
}

// dateOf is t's calendar date, as midnight UTC so that day arithmetic
// never meets daylight saving.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// dateUntil writes a rule's UNTIL as a date: RFC 5545 wants it of the
// same type as a DATE start, and Relais keeps it in UTC.
func dateUntil(rule string) string {
	parts := strings.Split(rule, ";")
	for i, p := range parts {
		if v, ok := strings.CutPrefix(p, "UNTIL="); ok && len(v) > len(layoutDate) {
			parts[i] = "UNTIL=" + v[:len(layoutDate)]
		}
	}
	return strings.Join(parts, ";")
}

// clock is how a repeating item's times are written. RFC 5545 repeats
// a start in UTC at the same UTC time, but a TZID'd or floating start at
// the same wall-clock time.
type clock struct {
	loc  *time.Location
	tzid string // "" for UTC, or floating time when loc is not UTC
}

// repeatClock is the clock of a repeating item in zone: its zone when
// this machine knows it, else the user's zone as floating time.
func repeatClock(zone string, user *time.Location) clock {
	loc, ok := knownZone(zone)
	switch {
	case ok && loc == time.UTC:
		return clock{loc: time.UTC}
	case ok:
		return clock{loc: loc, tzid: zone}
	}
	return clock{loc: user}
}

func (c clock) set(e *ics.VEvent, prop ics.ComponentProperty, t time.Time) {
	switch {
	case c.tzid != "":
		e.SetProperty(prop, t.In(c.loc).Format(layoutLocal), ics.WithTZID(c.tzid))
	case c.loc == time.UTC:
		e.SetProperty(prop, t.UTC().Format(layoutUTC))
	default:
		e.SetProperty(prop, t.In(c.loc).Format(layoutLocal))
	}
}

// knownZone loads an IANA zone name. "Local" loads too but is no name a
// calendar program shares, so it counts as none.
func knownZone(name string) (*time.Location, bool) {
	if name == "" || name == "Local" {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// textValue makes text fit an iCalendar TEXT value. golang-ical escapes
// line feeds but writes a carriage return or another control character
// as it is, which breaks the line in calendar programs or is refused by
// them (RFC 5545 3.3.11 allows none but the tab).
func textValue(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(r rune) rune {
		if r < ' ' && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// summary is the post's title, or the start of its text.
func summary(p app.Post) string {
	if t := strings.TrimSpace(p.Title); t != "" {
		return t
	}
	s := app.Summarize(app.Post{Text: p.Text}).Snippet
	if r := []rune(s); len(r) > summaryLength {
		s = strings.TrimSpace(string(r[:summaryLength-1])) + "…"
	}
	return s
}

// description is the post's whole text, then its tags, then its campaign
// and networks, which a client reading the calendar wants to see. The
// notes stay out: they may be for the team only.
func description(p app.Post) string {
	var parts []string
	if p.Text != "" {
		parts = append(parts, p.Text)
	}
	if len(p.Tags) > 0 {
		parts = append(parts, "#"+strings.Join(p.Tags, " #"))
	}
	var where []string
	if c := strings.TrimSpace(p.Campaign); c != "" {
		where = append(where, c)
	}
	if n := networks(p); n != "" {
		where = append(where, n)
	}
	if len(where) > 0 {
		parts = append(parts, strings.Join(where, " — "))
	}
	return strings.Join(parts, "\n\n")
}

// networks lists the networks a post goes to, as their names.
func networks(p app.Post) string {
	var names []string
	for _, n := range p.Networks() {
		names = append(names, string(n))
	}
	return strings.Join(names, ", ")
}
