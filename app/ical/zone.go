package ical

import (
	"fmt"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Time zones on the way out.
//
// golang-ical offers an empty VTIMEZONE and nothing to fill it from a Go
// location, and most calendar programs (Google, Apple, Thunderbird) read
// an IANA TZID alone. But RFC 5545 wants a VTIMEZONE for every TZID, and
// Outlook, which names zones the Windows way, learns an IANA one from it:
// so Export writes one, worked out from the zone's changes with
// time.Time.ZoneBounds.

// tzYears is how many years of a zone's changes a VTIMEZONE covers, from
// the year before its first use. Changes that follow a yearly rule (as
// Europe's and North America's do) are written as that rule and go on
// after them; others are listed one by one, up to there.
const tzYears = 20

// zoneUses collects the TZIDs an export uses, each with its zone and its
// earliest time.
type zoneUses map[string]zoneUse

type zoneUse struct {
	loc   *time.Location
	first time.Time
}

func (z zoneUses) add(c clock, t time.Time) {
	if c.tzid == "" {
		return
	}
	if u, ok := z[c.tzid]; !ok || t.Before(u.first) {
		z[c.tzid] = zoneUse{loc: c.loc, first: t}
	}
}

// timezones returns a VTIMEZONE for each zone used, by name so that the
// file does not change from one export to the next.
func (z zoneUses) timezones() []ics.Component {
	names := make([]string, 0, len(z))
	for name := range z {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]ics.Component, 0, len(names))
	for _, name := range names {
		out = append(out, vtimezone(name, z[name].loc, z[name].first))
	}
	return out
}

// change is one change of a zone's offset or name.
type change struct {
	at       time.Time // the instant of the change
	from, to int       // the offsets before and after, in seconds east of UTC
	name     string    // the abbreviation after
	dst      bool      // whether daylight saving time is on after
}

// wall is the change's local time, as the offset before reads it: RFC
// 5545 dates an observance's onset that way.
func (c change) wall() time.Time { return c.at.In(time.FixedZone("", c.from)) }

// vtimezone describes loc from the year before from onwards.
func vtimezone(tzid string, loc *time.Location, from time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(tzid)
	start := time.Date(from.In(loc).Year()-1, 1, 1, 0, 0, 0, 0, loc)
	end := start.AddDate(tzYears, 0, 0)
	var changes []change
	for t := start; ; {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) {
			break
		}
		if !next.After(t) {
			// Past a zone's table, ZoneBounds gives an end before the
			// instant on the last day of a leap year (golang/go#81583):
			// step over it.
			t = t.Add(time.Hour)
			continue
		}
		t = next
		// There, it also ends a period at each new year, where
		// nothing changes.
		name, to := next.Zone()
		prev := next.Add(-time.Second)
		prevName, from := prev.Zone()
		if from == to && prevName == name && prev.IsDST() == next.IsDST() {
			continue
		}
		changes = append(changes, change{at: next, from: from, to: to, name: name, dst: next.IsDST()})
	}
	// Every time from the year of first use on must follow an onset, so
	// when no change comes in the first year, the offset at the start
	// gets an observance of its own.
	if len(changes) == 0 || !changes[0].at.Before(start.AddDate(1, 0, 0)) {
		name, off := start.Zone()
		at := start.In(time.FixedZone("", off))
		addObservance(tz, start.IsDST(), at, off, off, name, "", nil)
	}
	// One observance per kind of change, in order of first use.
	type kind struct {
		from, to int
		name     string
		dst      bool
	}
	groups := map[kind][]change{}
	var order []kind
	for _, c := range changes {
		k := kind{c.from, c.to, c.name, c.dst}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], c)
	}
	for _, k := range order {
		g := groups[k]
		rule := yearlyRule(g, end.Year()-1)
		var rdates []time.Time
		if rule == "" {
			for _, c := range g[1:] {
				rdates = append(rdates, c.wall())
			}
		}
		addObservance(tz, k.dst, g[0].wall(), k.from, k.to, k.name, rule, rdates)
	}
	return tz
}

func addObservance(tz *ics.VTimezone, dst bool, onset time.Time, from, to int, name, rule string, rdates []time.Time) {
	var c *ics.ComponentBase
	if dst {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		c = &d.ComponentBase
	} else {
		s := tz.AddStandard()
		c = &s.ComponentBase
	}
	c.AddProperty(ics.ComponentPropertyDtStart, onset.Format(layoutLocal))
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from))
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(to))
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	if rule != "" {
		c.AddRrule(rule)
	}
	for _, t := range rdates {
		c.AddRdate(t.Format(layoutLocal))
	}
}

// yearlyRule returns the RRULE that gives exactly a group's changes, once a
// year on the nth (or last) weekday of a month at one wall-clock time,
// going on to lastYear; or "" when they follow none.
func yearlyRule(g []change, lastYear int) string {
	first := g[0].wall()
	nth, isLast := weekOfMonth(first)
	sameNth, allLast := true, isLast
	for i, c := range g {
		w := c.wall()
		if w.Year() != first.Year()+i || w.Month() != first.Month() || w.Weekday() != first.Weekday() ||
			w.Hour() != first.Hour() || w.Minute() != first.Minute() || w.Second() != first.Second() {
			return ""
		}
		n, l := weekOfMonth(w)
		sameNth = sameNth && n == nth
		allLast = allLast && l
	}
	if g[len(g)-1].wall().Year() != lastYear {
		return ""
	}
	day := weekdays[first.Weekday()]
	switch {
	case sameNth:
		day = fmt.Sprint(nth) + day
	case allLast:
		day = "-1" + day
	default:
		return ""
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s", int(first.Month()), day)
}

var weekdays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// weekOfMonth says which of its weekday in the month t is, and whether it
// is the last.
func weekOfMonth(t time.Time) (nth int, last bool) {
	daysInMonth := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return (t.Day()-1)/7 + 1, t.Day()+7 > daysInMonth
}

// utcOffset writes an offset as RFC 5545 does: +hhmm, or +hhmmss.
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// Time zones on the way in.

// maxTZIDLength bounds the TZID names tried against the zone database.
const maxTZIDLength = 64

// zoneCache resolves TZID values, once per name in a file: LoadLocation
// reads the zone database each time.
type zoneCache map[string]resolvedZone

type resolvedZone struct {
	loc  *time.Location
	name string
}

// load resolves a TZID to an IANA zone. It also finds the name at the end
// of a path, as old Mozilla programs wrote them
// ("/mozilla.org/20070129_1/Europe/Paris"). Windows names such as
// "Romance Standard Time" are not IANA names: they resolve to nothing,
// and the caller's fallback zone applies.
func (z zoneCache) load(tzid string) (*time.Location, string, bool) {
	if r, ok := z[tzid]; ok {
		return r.loc, r.name, r.loc != nil
	}
	var r resolvedZone
	for c := tzid; c != ""; {
		if zoneName(c) {
			if loc, ok := knownZone(c); ok {
				r = resolvedZone{loc, c}
				break
			}
		}
		_, c, _ = strings.Cut(c, "/")
	}
	z[tzid] = r
	return r.loc, r.name, r.loc != nil
}

// zoneName reports whether s looks like an IANA zone name, so that the
// zone database is only asked about names it may hold.
func zoneName(s string) bool {
	if len(s) > maxTZIDLength || strings.HasPrefix(s, "/") || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '/', r == '_', r == '-', r == '+', r == '.':
		default:
			return false
		}
	}
	return true
}
