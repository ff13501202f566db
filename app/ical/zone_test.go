package ical

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/relais-app/relais/app"
)

// Europe/Paris as calendar programs write it themselves: two yearly rules.
func TestVTimezoneOfParisIsItsTwoRules(t *testing.T) {
	var b bytes.Buffer
	tz := vtimezone("Europe/Paris", zone(t, "Europe/Paris"), time.Date(2026, 10, 19, 7, 0, 0, 0, time.UTC))
	if err := tz.SerializeTo(&b, &ics.SerializationConfiguration{MaxLength: 75, NewLine: "\n"}); err != nil {
		t.Fatal(err)
	}
	want := `BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
DTSTART:20250330T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20251026T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// For each zone, the VTIMEZONE Export writes gives, read the way RFC 5545
// says, the offset Go gives, hour by hour, from the year of first use to
// the end of what it covers; and where it is all rules, decades after.
func TestVTimezoneGivesGosOffsets(t *testing.T) {
	first := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{
		"Europe/Paris", "Europe/London", "Europe/Dublin", // Dublin's summer time is its standard time
		"America/New_York", "America/Sao_Paulo", "America/Santiago", "Australia/Sydney", "Australia/Lord_Howe",
		"Pacific/Chatham", "Asia/Tokyo", "Asia/Kolkata", "Africa/Casablanca", "Asia/Jerusalem", "Etc/GMT+5",
	} {
		t.Run(name, func(t *testing.T) {
			loc := zone(t, name)
			var b bytes.Buffer
			cal := ics.NewCalendar()
			cal.Components = append(cal.Components, vtimezone(name, loc, first))
			if err := cal.SerializeTo(&b, ics.WithNewLine("\r\n"), ics.WithLineLength(75)); err != nil {
				t.Fatal(err)
			}
			checkLines(t, b.String())
			read, err := ics.ParseCalendar(&b)
			if err != nil {
				t.Fatal(err)
			}
			tzs := read.Timezones()
			if len(tzs) != 1 || tzs[0].GetProperty(ics.ComponentPropertyTzid).Value != name {
				t.Fatalf("timezones %v", tzs)
			}
			start := time.Date(first.Year(), 1, 1, 0, 0, 0, 0, loc)
			end := time.Date(first.Year()-1+tzYears, 1, 1, 0, 0, 0, 0, loc)
			onsets, allRules := expand(t, tzs[0], end.AddDate(30, 0, 0))
			if allRules {
				end = end.AddDate(30, 0, 0)
			}
			for at := start; at.Before(end); at = at.Add(time.Hour) {
				i, _ := slices.BinarySearchFunc(onsets, at, func(o onset, t time.Time) int { return o.at.Compare(t) })
				if i < len(onsets) && onsets[i].at.Equal(at) {
					i++
				}
				if i == 0 {
					t.Fatalf("no observance at %v", at)
				}
				if _, off := at.In(loc).Zone(); onsets[i-1].offset != off {
					t.Fatalf("at %v: offset %d, Go says %d", at.In(loc), onsets[i-1].offset, off)
				}
			}
		})
	}
}

type onset struct {
	at     time.Time
	offset int
}

// expand lists the onsets of a VTIMEZONE's observances up to until, and
// whether they all follow rules.
func expand(t *testing.T, tz *ics.VTimezone, until time.Time) ([]onset, bool) {
	t.Helper()
	var out []onset
	allRules := true
	for _, c := range tz.Components {
		var cb *ics.ComponentBase
		switch c := c.(type) {
		case *ics.Standard:
			cb = &c.ComponentBase
		case *ics.Daylight:
			cb = &c.ComponentBase
		default:
			t.Fatalf("component %T in a VTIMEZONE", c)
		}
		value := func(p ics.Property) string {
			v := cb.GetProperty(ics.ComponentProperty(p))
			if v == nil {
				t.Fatalf("no %s", p)
			}
			return v.Value
		}
		from, to := readOffset(t, value(ics.PropertyTzoffsetfrom)), readOffset(t, value(ics.PropertyTzoffsetto))
		value(ics.PropertyTzname)
		before := time.FixedZone("", from)
		dtstart, err := time.ParseInLocation(layoutLocal, value(ics.PropertyDtstart), before)
		if err != nil {
			t.Fatal(err)
		}
		times := []time.Time{dtstart}
		if r := cb.GetProperty(ics.ComponentPropertyRrule); r != nil {
			times, err = app.Occurrences(r.Value, dtstart, before, dtstart, until)
			if err != nil {
				t.Fatal(err)
			}
		} else {
			allRules = allRules && from == to
		}
		for _, r := range cb.GetProperties(ics.ComponentPropertyRdate) {
			at, err := time.ParseInLocation(layoutLocal, r.Value, before)
			if err != nil {
				t.Fatal(err)
			}
			times = append(times, at)
		}
		for _, at := range times {
			out = append(out, onset{at, to})
		}
	}
	slices.SortFunc(out, func(a, b onset) int { return a.at.Compare(b.at) })
	return out, allRules
}

func readOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		t.Fatalf("offset %q", s)
	}
	sec := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(s) {
			break
		}
		n, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil {
			t.Fatalf("offset %q: %v", s, err)
		}
		sec += n * unit
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

func TestUTCOffset(t *testing.T) {
	for sec, want := range map[int]string{0: "+0000", 3600: "+0100", -18000: "-0500", 49500: "+1345", 19800: "+0530", -1035: "-001715"} {
		if got := utcOffset(sec); got != want {
			t.Errorf("%d: %q, want %q", sec, got, want)
		}
	}
}
