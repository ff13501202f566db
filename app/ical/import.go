package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/relais-app/relais/app"
)

// MaxEvents is the most events Import reads from one file: a calendar
// that large is more likely a mistake than a plan, and each event costs
// time to store and to show.
const MaxEvents = 10_000

// MaxFileSize is the most bytes Import reads: ten thousand events with
// long descriptions fit in it.
const MaxFileSize = 32 << 20

// The other bounds on the work of reading a file, against a file made to
// make golang-ical slow or deep. Real calendars nest three deep
// (VCALENDAR, VEVENT, VALARM) and have a few parameters on a line.
const (
	maxLines = 1 << 19
	maxDepth = 16
	// maxParseWork bounds the sum over the lines of each one's length
	// times its parameter values: golang-ical copies the whole line for
	// each value. A real file costs about its size.
	maxParseWork = 1 << 28
)

var (
	// ErrNotICalendar is returned for a file that is not an iCalendar
	// file Relais can read.
	ErrNotICalendar = errors.New("not an iCalendar file")
	// ErrTooBig is returned for a file over the limits of Import.
	ErrTooBig = fmt.Errorf("the calendar is too big (Relais reads at most %d events and %d MB from one file)",
		MaxEvents, MaxFileSize>>20)
)

// Skipped counts what Import left out of a file, by reason, so that the
// user can be told.
type Skipped struct {
	// Relais counts posts exported by Relais itself (X-RELAIS-KIND:post,
	// or a UID ending in "@relais"): they are posts here already.
	Relais    int
	Cancelled int // STATUS:CANCELLED
	// Changed counts single changed occurrences of a repeating event
	// (with a RECURRENCE-ID). Relais keeps no exceptions to a rule, and
	// the occurrence shares its series' UID, so importing it would
	// replace the whole series.
	Changed  int
	Untitled int // no SUMMARY, and an event is known by its title
	NoStart  int // no DTSTART, or one Relais cannot read
	// OutOfRange counts events starting or ending outside the years
	// Relais keeps (app.CheckEventTimes).
	OutOfRange int
	// RepeatDropped counts events imported without their repetition: an
	// RRULE Relais does not follow, such as every hour. They are among
	// the events, once.
	RepeatDropped int
	// Shortened counts events imported with a title, place or notes cut
	// to app.MaxEventTitle, MaxEventPlace or MaxEventNotes characters.
	// They are among the events.
	Shortened int
	// UnknownZone counts events whose TZID this machine does not know:
	// their times are read in the user's zone. They are among the events.
	UnknownZone int
	// NoEnd counts events whose DTEND or DURATION could not be read (such
	// as DURATION:P99999999W): they were imported ending as they start.
	NoEnd int
	// Repaired counts what in the file was not text: control characters
	// such as NUL, removed (one NUL in a TZID made the whole file
	// unreadable), and lines of invalid UTF-8, whose bad bytes read as
	// U+FFFD.
	Repaired int
}

// Total is how many events were left out. Events imported without their
// repetition are not counted: they are in.
func (s Skipped) Total() int {
	return s.Relais + s.Cancelled + s.Changed + s.Untitled + s.NoStart + s.OutOfRange
}

// Import reads the events of an iCalendar file, in the file's order. Two
// events with one UID are both returned: app.Calendar.ImportEvents keeps
// the later.
//
// Times with a TZID take that zone when it is an IANA name this machine
// knows, and the event keeps it as its Zone; other TZIDs (Windows names,
// such as Outlook writes) and floating times are read in fallback, the
// user's zone (time.Local when nil). All-day events start at midnight of
// their first day and end at midnight after their last. RDATE, EXDATE
// and alarms are not read: Relais has no such things.
func Import(r io.Reader, fallback *time.Location) ([]app.Event, Skipped, error) {
	if fallback == nil {
		fallback = time.Local
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, Skipped{}, fmt.Errorf("reading the calendar: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, Skipped{}, fmt.Errorf("reading the calendar: %w", ErrTooBig)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark, as Windows programs write
	data, repaired := repair(data)
	invalid, err := precheck(data)
	if err != nil {
		return nil, Skipped{}, fmt.Errorf("reading the calendar: %w", err)
	}
	cal, err := parse(data)
	if err != nil {
		return nil, Skipped{}, fmt.Errorf("reading the calendar: %w: %v", ErrNotICalendar, err)
	}
	var events []app.Event
	skipped := Skipped{Repaired: repaired + invalid}
	zones := zoneCache{}
	for _, v := range cal.Events() {
		if e, ok := readEvent(v, fallback, zones, &skipped); ok {
			events = append(events, e)
		}
	}
	return events, skipped, nil
}

// repair returns data without its control characters other than tabs
// and line ends (a NUL in a TZID made the whole file unreadable), and how
// many it removed. They are single bytes, never part of a UTF-8 sequence.
func repair(data []byte) ([]byte, int) {
	control := func(c byte) bool { return c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f }
	n := 0
	for _, c := range data {
		if control(c) {
			n++
		}
	}
	if n == 0 {
		return data, 0
	}
	out := make([]byte, 0, len(data)-n)
	for _, c := range data {
		if !control(c) {
			out = append(out, c)
		}
	}
	return out, n
}

// precheck walks the file's lines, unfolded as golang-ical does, and
// refuses what is not a calendar or is over the bounds before golang-ical
// builds it. golang-ical reads an empty file as an empty calendar, and it
// recurses once per nested component.
func precheck(data []byte) (invalid int, err error) {
	cs := ics.NewCalendarStream(bytes.NewReader(data))
	lines, depth, events, work, seen := 0, 0, 0, 0, false
	for {
		l, rerr := cs.ReadLine()
		if l != nil && len(*l) > 0 {
			lines++
			if !utf8.ValidString(string(*l)) {
				invalid++
			}
			if lines > maxLines {
				return 0, ErrTooBig
			}
			if work += lineWork(string(*l)); work > maxParseWork {
				return 0, fmt.Errorf("line %d: %w", lines, ErrTooBig)
			}
			p, perr := ics.ParseProperty(*l)
			if perr != nil || p == nil {
				return 0, fmt.Errorf("line %d: %w", lines, ErrNotICalendar)
			}
			if !seen && (p.IANAToken != "BEGIN" || p.Value != string(ics.ComponentVCalendar)) {
				return 0, ErrNotICalendar
			}
			seen = true
			switch p.IANAToken {
			case "BEGIN":
				depth++
				if depth > maxDepth {
					return 0, fmt.Errorf("line %d: components nested too deep: %w", lines, ErrNotICalendar)
				}
				if p.Value == string(ics.ComponentVEvent) {
					events++
					if events > MaxEvents {
						return 0, ErrTooBig
					}
				}
			case "END":
				depth--
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return 0, rerr
		}
	}
	if !seen {
		return 0, ErrNotICalendar
	}
	return invalid, nil
}

// lineWork is about what golang-ical's ParseProperty costs on a line: its
// length for each parameter name and value, which it finds this way.
func lineWork(line string) int {
	n := 1
	p := skipName(line, 0)
	for p < len(line) && line[p] == ';' {
		n++
		p = skipName(line, p+1)
		if p >= len(line) || line[p] != '=' {
			break
		}
		for {
			n++
			p = skipParamValue(line, p+1)
			if p >= len(line) || line[p] != ',' {
				break
			}
		}
	}
	return n * len(line)
}

// skipName returns where the first name from p on ends: golang-ical looks
// for one anywhere after p.
func skipName(s string, p int) int {
	for p < len(s) && !nameChar(s[p]) {
		p++
	}
	for p < len(s) && nameChar(s[p]) {
		p++
	}
	return p
}

func nameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

// skipParamValue returns where the parameter value at p ends.
func skipParamValue(s string, p int) int {
	quoted := p < len(s) && s[p] == '"'
	if quoted {
		p++
	}
	for ; p < len(s); p++ {
		switch s[p] {
		case '\\':
			p++
		case '"':
			if quoted {
				return p + 1
			}
			return len(s) // golang-ical stops there
		case ';', ':', ',':
			if !quoted {
				return p
			}
		}
	}
	return p
}

// parse runs golang-ical's parser. It indexes its input by hand; should
// it panic on a malformed file (FuzzImport has not made it, but a file
// comes from anywhere), that is an error, not a crash of the app.
func parse(data []byte) (cal *ics.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("malformed calendar (%v)", r)
		}
	}()
	// Some programs write properties between components; they mean
	// nothing to Relais but need not stop the import.
	return ics.ParseCalendarWithOptions(bytes.NewReader(data),
		ics.WithUnknownPropertyHandler(ics.AcceptUnknownPropertyHandler))
}

// readEvent turns a VEVENT into an event, or counts why it does not.
func readEvent(v *ics.VEvent, fallback *time.Location, zones zoneCache, skipped *Skipped) (app.Event, bool) {
	uid := text(v, ics.ComponentPropertyUniqueId)
	kind := strings.ToLower(strings.TrimSpace(text(v, propKind)))
	switch {
	case kind == kindPost || strings.HasSuffix(uid, "@relais"):
		skipped.Relais++
		return app.Event{}, false
	case strings.EqualFold(strings.TrimSpace(text(v, ics.ComponentPropertyStatus)), string(ics.ObjectStatusCancelled)):
		skipped.Cancelled++
		return app.Event{}, false
	case v.HasProperty(ics.ComponentPropertyRecurrenceId):
		skipped.Changed++
		return app.Event{}, false
	}
	// A title is one line in Relais.
	title := strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(text(v, ics.ComponentPropertySummary)))
	if title == "" {
		skipped.Untitled++
		return app.Event{}, false
	}
	start, err := readTime(v.GetProperty(ics.ComponentPropertyDtStart), fallback, zones)
	if err != nil {
		skipped.NoStart++
		return app.Event{}, false
	}
	if start.unknownZone {
		skipped.UnknownZone++
	}
	e := app.Event{
		UID:   uid,
		Title: title,
		Kind:  eventKind(v),
		Notes: text(v, ics.ComponentPropertyDescription),
		Place: strings.TrimSpace(text(v, ics.ComponentPropertyLocation)),
		Zone:  start.zone,
	}
	if p := v.GetProperty(ics.ComponentPropertyRrule); p != nil {
		rule, err := app.ParseRecurrence(p.Value)
		if err != nil {
			skipped.RepeatDropped++
		} else if rule != "" {
			e.Recurrence = rule
			// A start in UTC repeats at the same UTC time (RFC 5545);
			// without a zone it would repeat in the user's.
			if start.utc {
				e.Zone = "UTC"
			}
		}
	}
	e.Start, e.End, e.AllDay = eventTimes(v, start, fallback, zones)
	if unreadableEnd(v, fallback, zones) {
		skipped.NoEnd++
	}
	if e.Recurrence != "" && !app.Occurs(e.Recurrence, e.Start, e.Start.Location()) {
		// UNTIL before the start: the event itself, once.
		e.Recurrence, e.Zone = "", start.zone
		skipped.RepeatDropped++
	}
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	if app.CheckEventTimes(e.Start, e.End) != nil {
		skipped.OutOfRange++
		return app.Event{}, false
	}
	title, place, notes := app.Shorten(e.Title, app.MaxEventTitle), app.Shorten(e.Place, app.MaxEventPlace), app.Shorten(e.Notes, app.MaxEventNotes)
	if title != e.Title || place != e.Place || notes != e.Notes {
		skipped.Shortened++
		e.Title, e.Place, e.Notes = title, place, notes
	}
	return e, true
}

// unreadableEnd reports an event whose DTEND, or else DURATION, is there
// but cannot be read.
func unreadableEnd(v *ics.VEvent, fallback *time.Location, zones zoneCache) bool {
	if p := v.GetProperty(ics.ComponentPropertyDtEnd); p != nil {
		_, err := readTime(p, fallback, zones)
		return err != nil
	}
	if p := v.GetProperty(ics.ComponentPropertyDuration); p != nil {
		_, _, err := parseDuration(p.Value)
		return err != nil
	}
	return false
}

// eventTimes returns when an event starts and ends: from DTEND, else from
// DURATION, else after one day for an all-day event and at once for
// another (RFC 5545 3.6.1). An end before the start, which calendar
// programs refuse, is read as none.
func eventTimes(v *ics.VEvent, start stamp, fallback *time.Location, zones zoneCache) (from, to time.Time, allDay bool) {
	from, allDay = start.t, start.date
	to = from
	end, err := readTime(v.GetProperty(ics.ComponentPropertyDtEnd), fallback, zones)
	switch {
	case err == nil && allDay:
		// Midnight after the last day, in the start's zone; an end with a
		// time counts its day.
		if end.date {
			to = time.Date(end.t.Year(), end.t.Month(), end.t.Day(), 0, 0, 0, 0, from.Location())
		} else {
			to = nextMidnight(end.t.In(from.Location()))
		}
	case err == nil:
		to = end.t
	default:
		if p := v.GetProperty(ics.ComponentPropertyDuration); p != nil {
			if days, exact, err := parseDuration(p.Value); err == nil {
				to = from.AddDate(0, 0, days).Add(exact)
				if allDay {
					to = nextMidnight(to)
				}
			}
		}
	}
	switch {
	case allDay && !to.After(from):
		to = from.AddDate(0, 0, 1)
	case to.Before(from):
		to = from
	}
	return from, to, allDay
}

// nextMidnight is the first midnight at or after t, in t's zone.
func nextMidnight(t time.Time) time.Time {
	m := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	if m.Before(t) {
		m = m.AddDate(0, 0, 1)
	}
	return m
}

// stamp is a time read from a DTSTART or a DTEND.
type stamp struct {
	t    time.Time
	date bool   // a DATE, without a time of day
	utc  bool   // written in UTC ("Z")
	zone string // the IANA zone of its TZID, when it loaded
	// unknownZone is a TZID this machine does not know: the time is
	// read in the fallback zone.
	unknownZone bool
}

// readTime reads a DATE or DATE-TIME property: a date, a time in UTC, a
// time in its TZID's zone, or a floating time, read in fallback as is a
// time whose TZID this machine does not know.
func readTime(p *ics.IANAProperty, fallback *time.Location, zones zoneCache) (stamp, error) {
	if p == nil {
		return stamp{}, ics.ErrorPropertyNotFound
	}
	v := strings.ToUpper(strings.TrimSpace(p.Value))
	loc, zone, unknown := fallback, "", false
	if tzid := p.ICalParameters[string(ics.ParameterTzid)]; len(tzid) > 0 {
		l, name, ok := zones.load(tzid[0])
		if ok {
			loc, zone = l, name
		}
		unknown = !ok
	}
	s := stamp{unknownZone: unknown}
	var err error
	switch {
	case isDigits(v) && len(v) == len(layoutDate):
		s.t, err = time.ParseInLocation(layoutDate, v, loc)
		s.date, s.zone = true, zone
	case len(v) == len(layoutLocal) && isDigits(v[:8]) && v[8] == 'T' && isDigits(v[9:]):
		s.t, err = time.ParseInLocation(layoutLocal, v, loc)
		s.zone = zone
	case len(v) == len(layoutUTC) && isDigits(v[:8]) && v[8] == 'T' && isDigits(v[9:15]) && v[15] == 'Z':
		s.t, err = time.Parse(layoutUTC, v)
		s.utc = true
	default:
		err = fmt.Errorf("%q is not a date or a time", p.Value)
	}
	if err != nil {
		return stamp{}, err
	}
	return s, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// maxDurationDigits bounds each number of a DURATION, so that none
// overflows a time.Duration.
const maxDurationDigits = 6

// parseDuration reads an RFC 5545 DURATION ("P1W", "PT1H30M", "-P1DT12H")
// as nominal days, which keep the wall-clock time across daylight saving,
// and an exact length.
func parseDuration(s string) (days int, exact time.Duration, err error) {
	bad := fmt.Errorf("%q is not a duration", s)
	s = strings.ToUpper(strings.TrimSpace(s))
	sign := 1
	switch {
	case strings.HasPrefix(s, "-"):
		sign, s = -1, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	s, ok := strings.CutPrefix(s, "P")
	if !ok || s == "" {
		return 0, 0, bad
	}
	inTime, seen := false, false
	for s != "" {
		if s[0] == 'T' {
			if inTime {
				return 0, 0, bad
			}
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > maxDurationDigits || i == len(s) {
			return 0, 0, bad
		}
		n := 0
		for _, c := range s[:i] {
			n = n*10 + int(c-'0')
		}
		switch unit := s[i]; {
		case unit == 'W' && !inTime:
			days += 7 * n
		case unit == 'D' && !inTime:
			days += n
		case unit == 'H' && inTime:
			exact += time.Duration(n) * time.Hour
		case unit == 'M' && inTime:
			exact += time.Duration(n) * time.Minute
		case unit == 'S' && inTime:
			exact += time.Duration(n) * time.Second
		default:
			return 0, 0, bad
		}
		s, seen = s[i+1:], true
	}
	if !seen {
		return 0, 0, bad
	}
	return sign * days, time.Duration(sign) * exact, nil
}

// eventKind is the first of an event's CATEGORIES that names a kind of
// event, else its X-RELAIS-KIND when that does, else EventOther.
func eventKind(v *ics.VEvent) app.EventKind {
	var names []string
	for _, p := range v.GetProperties(ics.ComponentPropertyCategories) {
		names = append(names, strings.Split(p.Value, ",")...)
	}
	names = append(names, text(v, propKind))
	for _, n := range names {
		k := app.EventKind(strings.ToLower(strings.TrimSpace(n)))
		for _, known := range app.EventKinds {
			if k == known {
				return k
			}
		}
	}
	return app.EventOther
}

// text is a property's value, unescaped by golang-ical, as valid UTF-8.
func text(v *ics.VEvent, prop ics.ComponentProperty) string {
	p := v.GetProperty(prop)
	if p == nil {
		return ""
	}
	return strings.ToValidUTF8(p.Value, "\uFFFD")
}
