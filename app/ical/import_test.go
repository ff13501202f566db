package ical

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// A Google Calendar export: a VTIMEZONE, TZID=Europe/Paris, a folded
// description, a fold inside a UTF-8 character, an all-day event, a time
// in UTC, a changed occurrence, a cancelled event and a rule by the hour.
func TestImportGoogleCalendar(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	data := readSample(t, "google.ics")
	want := []app.Event{
		{UID: "7kq3m0c1v2b3n4m5p6q7r8s9t0@google.com", Title: "Réunion d'équipe", Kind: app.EventOther,
			Start: time.Date(2026, 10, 19, 7, 0, 0, 0, time.UTC), End: time.Date(2026, 10, 19, 8, 0, 0, 0, time.UTC),
			Zone: "Europe/Paris", Recurrence: "FREQ=WEEKLY;BYDAY=MO", Place: "Salle Émile-Zola, 3e étage",
			Notes: "Point hebdo avec l'équipe, ordre du jour : bilan; prochaines étapes\nLien : https://meet.google.com/abc-defg-hij"},
		{UID: "noel-2026@google.com", Title: "Noël", Kind: app.EventOther, AllDay: true,
			Start: time.Date(2026, 12, 25, 0, 0, 0, 0, paris).UTC(), End: time.Date(2026, 12, 26, 0, 0, 0, 0, paris).UTC()},
		{UID: "lancement-hiver@google.com", Title: "Lancement de la collection d'hiver", Kind: app.EventOther,
			Start: time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC)},
		{UID: "relance@google.com", Title: "Relance du stock", Kind: app.EventOther,
			Start: time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 5, 8, 15, 0, 0, time.UTC)},
	}
	wantSkipped := Skipped{Cancelled: 1, Changed: 1, RepeatDropped: 1}
	for name, data := range map[string][]byte{"CRLF": data, "LF": bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))} {
		t.Run(name, func(t *testing.T) {
			got, skipped, err := Import(bytes.NewReader(data), paris)
			if err != nil {
				t.Fatal(err)
			}
			sameEvents(t, got, want)
			if skipped != wantSkipped {
				t.Errorf("skipped %+v, want %+v", skipped, wantSkipped)
			}
			if skipped.Total() != 2 {
				t.Errorf("total skipped %d", skipped.Total())
			}
		})
	}
	// The TZID decides, not the user's zone: only the floating date
	// moves.
	ny := zone(t, "America/New_York")
	got, _, err := Import(bytes.NewReader(data), ny)
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].Start.Equal(want[0].Start) {
		t.Errorf("the Paris meeting moved with the user's zone: %v", got[0].Start)
	}
	if wantNoel := time.Date(2026, 12, 25, 0, 0, 0, 0, ny); !got[1].Start.Equal(wantNoel) {
		t.Errorf("an all-day date starts at %v, want midnight in the user's zone", got[1].Start)
	}
}

// Outlook names its zones the Windows way, writes a byte order mark,
// quotes the TZID and folds its long UIDs.
func TestImportOutlook(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	got, skipped, err := Import(bytes.NewReader(readSample(t, "outlook.ics")), paris)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.Event{
		// "Romance Standard Time" is no IANA name: the user's zone.
		{UID: "040000008200E00074C5B7101A82E00800000000D0B1C2E3F4A5D601000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90",
			Title: "Salon du numérique", Kind: app.EventMeetup,
			Start: time.Date(2026, 11, 20, 9, 30, 0, 0, paris).UTC(), End: time.Date(2026, 11, 20, 18, 0, 0, 0, paris).UTC(),
			Place: "Paris Expo, Porte de Versailles", Notes: "Salon du numérique, stand B12.\n\nVenir avec les kakémonos.\n"},
		{UID: "040000008200E00074C5B7101A82E00800000000E1C2D3F4A5B6D601000000000000000010000000B2C3D4E5F60718293A4B5C6D7E8F9001",
			Title: "Concours de Noël", Kind: app.EventContest, AllDay: true,
			Start: time.Date(2026, 12, 7, 0, 0, 0, 0, paris).UTC(), End: time.Date(2026, 12, 10, 0, 0, 0, 0, paris).UTC()},
	}
	sameEvents(t, got, want)
	// Said, not silent: one event's zone was not known.
	if skipped != (Skipped{UnknownZone: 1}) {
		t.Errorf("skipped %+v", skipped)
	}
}

// A file written by hand or by a small program: floating times, DURATION
// instead of DTEND, LF line ends, a line folded with a tab, a Mozilla
// TZID, one UID twice, and what Import leaves out.
func TestImportFloatingAndDurations(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	ny := zone(t, "America/New_York")
	got, skipped, err := Import(bytes.NewReader(readSample(t, "floating.ics")), paris)
	if err != nil {
		t.Fatal(err)
	}
	want := []app.Event{
		{UID: "atelier-1@example.org", Title: "Atelier photo", Kind: app.EventMeetup,
			Start: time.Date(2026, 12, 5, 14, 30, 0, 0, paris).UTC(), End: time.Date(2026, 12, 5, 16, 0, 0, 0, paris).UTC()},
		// The same UID again: both, in order; the calendar keeps the later.
		{UID: "atelier-1@example.org", Title: "Atelier photo (suite)", Kind: app.EventOther,
			Start: time.Date(2026, 12, 12, 14, 30, 0, 0, paris).UTC(), End: time.Date(2026, 12, 12, 16, 30, 0, 0, paris).UTC()},
		{UID: "semaine@example.org", Title: "Semaine de lancement", Kind: app.EventLaunch, AllDay: true,
			Start: time.Date(2026, 12, 14, 0, 0, 0, 0, paris).UTC(), End: time.Date(2026, 12, 21, 0, 0, 0, 0, paris).UTC()},
		{UID: "new-york@example.org", Title: "Une très longue ligne pliée avec une tabulation", Kind: app.EventOther,
			Start: time.Date(2026, 12, 10, 9, 0, 0, 0, ny).UTC(), End: time.Date(2026, 12, 10, 10, 0, 0, 0, ny).UTC(),
			Zone: "America/New_York"},
		// An end before the start: read as none.
		{UID: "envers@example.org", Title: "Fin avant le début", Kind: app.EventOther,
			Start: time.Date(2026, 12, 15, 10, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 15, 10, 0, 0, 0, time.UTC)},
	}
	sameEvents(t, got, want)
	if want := (Skipped{Relais: 2, Untitled: 1, NoStart: 1}); skipped != want {
		t.Errorf("skipped %+v, want %+v", skipped, want)
	}
}

func TestImportTimes(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	for _, c := range []struct {
		name       string
		props      string
		start, end time.Time
		allDay     bool
		zone, rule string
		dropped    bool
	}{
		{name: "floating, no end", props: "DTSTART:20261205T143000",
			start: time.Date(2026, 12, 5, 14, 30, 0, 0, paris), end: time.Date(2026, 12, 5, 14, 30, 0, 0, paris)},
		{name: "lower case", props: "DTSTART:20261205t143000z\nDTEND:20261205t153000z",
			start: time.Date(2026, 12, 5, 14, 30, 0, 0, time.UTC), end: time.Date(2026, 12, 5, 15, 30, 0, 0, time.UTC)},
		{name: "all-day without end", props: "DTSTART;VALUE=DATE:20261205",
			start: time.Date(2026, 12, 5, 0, 0, 0, 0, paris), end: time.Date(2026, 12, 6, 0, 0, 0, 0, paris), allDay: true},
		{name: "all-day ending on its start", props: "DTSTART;VALUE=DATE:20261205\nDTEND;VALUE=DATE:20261205",
			start: time.Date(2026, 12, 5, 0, 0, 0, 0, paris), end: time.Date(2026, 12, 6, 0, 0, 0, 0, paris), allDay: true},
		{name: "all-day ending at a time", props: "DTSTART;VALUE=DATE:20261205\nDTEND:20261206T120000",
			start: time.Date(2026, 12, 5, 0, 0, 0, 0, paris), end: time.Date(2026, 12, 7, 0, 0, 0, 0, paris), allDay: true},
		{name: "all-day in a TZID", props: "DTSTART;TZID=Asia/Tokyo;VALUE=DATE:20261205",
			start: time.Date(2026, 12, 5, 0, 0, 0, 0, zone(t, "Asia/Tokyo")), end: time.Date(2026, 12, 6, 0, 0, 0, 0, zone(t, "Asia/Tokyo")),
			allDay: true, zone: "Asia/Tokyo"},
		{name: "a day's DURATION over the change keeps the hour", props: "DTSTART;TZID=Europe/Paris:20261024T100000\nDURATION:P1D",
			start: time.Date(2026, 10, 24, 10, 0, 0, 0, paris), end: time.Date(2026, 10, 25, 10, 0, 0, 0, paris), zone: "Europe/Paris"},
		{name: "24 hours over the change do not", props: "DTSTART;TZID=Europe/Paris:20261024T100000\nDURATION:PT24H",
			start: time.Date(2026, 10, 24, 10, 0, 0, 0, paris), end: time.Date(2026, 10, 25, 9, 0, 0, 0, paris), zone: "Europe/Paris"},
		{name: "negative DURATION", props: "DTSTART:20261205T100000Z\nDURATION:-PT1H",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)},
		{name: "bad DURATION", props: "DTSTART:20261205T100000Z\nDURATION:P1M",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)},
		{name: "DTEND wins over DURATION", props: "DTSTART:20261205T100000Z\nDTEND:20261205T110000Z\nDURATION:PT5H",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)},
		{name: "repeating in UTC stays in UTC", props: "DTSTART:20261205T100000Z\nRRULE:FREQ=DAILY;COUNT=3",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC),
			zone: "UTC", rule: "FREQ=DAILY;COUNT=3"},
		{name: "a rule by the minute is dropped", props: "DTSTART:20261205T100000Z\nRRULE:FREQ=MINUTELY",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), dropped: true},
		{name: "unknown TZID", props: "DTSTART;TZID=W. Europe Standard Time:20261205T100000",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, paris), end: time.Date(2026, 12, 5, 10, 0, 0, 0, paris)},
		{name: "TZID Local is not a zone", props: "DTSTART;TZID=Local:20261205T100000",
			start: time.Date(2026, 12, 5, 10, 0, 0, 0, paris), end: time.Date(2026, 12, 5, 10, 0, 0, 0, paris)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, skipped, err := Import(strings.NewReader(calendarOf("UID:x\nSUMMARY:x\n"+c.props)), paris)
			if err != nil || len(got) != 1 {
				t.Fatalf("%v, %v", got, err)
			}
			e := got[0]
			if !e.Start.Equal(c.start) || !e.End.Equal(c.end) || e.AllDay != c.allDay || e.Zone != c.zone || e.Recurrence != c.rule {
				t.Errorf("got %v – %v all-day %v zone %q rule %q\nwant %v – %v all-day %v zone %q rule %q",
					e.Start, e.End, e.AllDay, e.Zone, e.Recurrence, c.start.UTC(), c.end.UTC(), c.allDay, c.zone, c.rule)
			}
			if (skipped.RepeatDropped == 1) != c.dropped {
				t.Errorf("skipped %+v", skipped)
			}
		})
	}
}

func TestImportSkips(t *testing.T) {
	for _, c := range []struct {
		props string
		want  Skipped
	}{
		{"UID:a\nSUMMARY:x", Skipped{NoStart: 1}},
		{"UID:a\nSUMMARY:x\nDTSTART:2026-12-05", Skipped{NoStart: 1}},
		{"UID:a\nSUMMARY:x\nDTSTART:20261305T100000Z", Skipped{NoStart: 1}},
		{"UID:a\nSUMMARY:x\nDTSTART:+0261205", Skipped{NoStart: 1}},
		{"UID:a\nSUMMARY:  \nDTSTART:20261205T100000Z", Skipped{Untitled: 1}},
		{"UID:a\nDTSTART:20261205T100000Z", Skipped{Untitled: 1}},
		{"UID:a\nSUMMARY:x\nSTATUS:cancelled\nDTSTART:20261205T100000Z", Skipped{Cancelled: 1}},
		{"UID:a\nSUMMARY:x\nX-RELAIS-KIND:Post\nDTSTART:20261205T100000Z", Skipped{Relais: 1}},
		{"UID:a@relais\nSUMMARY:x\nDTSTART:20261205T100000Z", Skipped{Relais: 1}},
		{"UID:a\nSUMMARY:x\nRECURRENCE-ID:20261205T100000Z\nDTSTART:20261205T110000Z", Skipped{Changed: 1}},
	} {
		got, skipped, err := Import(strings.NewReader(calendarOf(c.props)), time.UTC)
		if err != nil || len(got) != 0 || skipped != c.want {
			t.Errorf("%q: %v, %+v, %v; want %+v", c.props, got, skipped, err, c.want)
		}
	}
}

func TestImportKinds(t *testing.T) {
	for props, want := range map[string]app.EventKind{
		"CATEGORIES:Travail,  Launch ":             app.EventLaunch,
		"CATEGORIES:Travail\nCATEGORIES:holiday":   app.EventHoliday,
		"CATEGORIES:Travail":                       app.EventOther,
		"X-RELAIS-KIND:contest":                    app.EventContest,
		"X-RELAIS-KIND:event\nCATEGORIES:meetup":   app.EventMeetup,
		"X-RELAIS-KIND:event":                      app.EventOther,
		"CATEGORIES:Concours":                      app.EventOther,
		"CATEGORIES:contest\nX-RELAIS-KIND:meetup": app.EventContest,
	} {
		got, _, err := Import(strings.NewReader(calendarOf("UID:a\nSUMMARY:x\nDTSTART:20261205T100000Z\n"+props)), time.UTC)
		if err != nil || len(got) != 1 || got[0].Kind != want {
			t.Errorf("%q: %v, %v; want %s", props, got, err, want)
		}
	}
}

// Files that are not calendars, or that are made to cost: an error, and
// no events.
func TestImportRefuses(t *testing.T) {
	deep := "BEGIN:VCALENDAR\n" + strings.Repeat("BEGIN:X\n", 10_000) + strings.Repeat("END:X\n", 10_000) + "END:VCALENDAR\n"
	var many strings.Builder
	many.WriteString("BEGIN:VCALENDAR\n")
	for i := range MaxEvents + 1 {
		fmt.Fprintf(&many, "BEGIN:VEVENT\nUID:%d\nSUMMARY:x\nDTSTART:20261205T100000Z\nEND:VEVENT\n", i)
	}
	many.WriteString("END:VCALENDAR\n")
	costly := "X-A" + strings.Repeat(";P=v", 1_000) + ":" + strings.Repeat("x", 6_000) + "\n"
	quoted := "\"X;A=\"b:c\"" + strings.Repeat(";P=v", 1_000) + ":" + strings.Repeat("x", 6_000) + "\n"
	params := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nX-A" + strings.Repeat(";P=v", 50_000) + ":" + strings.Repeat("x", 2_000) + "\nEND:VEVENT\nEND:VCALENDAR\n"
	for name, c := range map[string]struct {
		data string
		want error
	}{
		"empty":             {"", ErrNotICalendar},
		"blank lines":       {"\r\n\r\n", ErrNotICalendar},
		"text":              {"Bonjour, voici le planning de décembre.", ErrNotICalendar},
		"JSON":              {`{"events": []}`, ErrNotICalendar},
		"vCard":             {"BEGIN:VCARD\nVERSION:3.0\nFN:Jeanne\nEND:VCARD\n", ErrNotICalendar},
		"HTML":              {"<!DOCTYPE html>\n<html><body>404</body></html>\n", ErrNotICalendar},
		"binary":            {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrNotICalendar},
		"event outside":     {"BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", ErrNotICalendar},
		"unbalanced":        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VTODO\nEND:VCALENDAR\n", ErrNotICalendar},
		"cut short":         {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n", ErrNotICalendar},
		"nested too deep":   {deep, ErrNotICalendar},
		"too many events":   {many.String(), ErrTooBig},
		"too many params":   {params, ErrTooBig},
		"many costly lines": {"BEGIN:VCALENDAR\n" + strings.Repeat(costly, 30) + "END:VCALENDAR\n", ErrTooBig},
		"quotes to hide":    {"BEGIN:VCALENDAR\n" + strings.Repeat(quoted, 30) + "END:VCALENDAR\n", ErrTooBig},
		"over the size cap": {"BEGIN:VCALENDAR\nX-A:" + strings.Repeat("x", MaxFileSize), ErrTooBig},
	} {
		got, _, err := Import(strings.NewReader(c.data), time.UTC)
		if !errors.Is(err, c.want) || got != nil {
			t.Errorf("%s: %v, %v; want %v", name, got, err, c.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "reading the calendar: ") {
			t.Errorf("%s: error without context: %v", name, err)
		}
	}
}

// Reading stops at the error of the reader.
func TestImportReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, _, err := Import(errReader{boom}, time.UTC)
	if !errors.Is(err, boom) {
		t.Errorf("%v", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// MaxEvents events are read.
func TestImportAtTheEventLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	for i := range MaxEvents {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%d\r\nSUMMARY:x\r\nDTSTART:20261205T100000Z\r\nEND:VEVENT\r\n", i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	got, _, err := Import(strings.NewReader(b.String()), time.UTC)
	if err != nil || len(got) != MaxEvents {
		t.Errorf("%d events, %v", len(got), err)
	}
}

func TestParseDuration(t *testing.T) {
	for s, want := range map[string]struct {
		days  int
		exact time.Duration
	}{
		"P1W":         {7, 0},
		"P2D":         {2, 0},
		"PT1H30M":     {0, 90 * time.Minute},
		"P1DT12H":     {1, 12 * time.Hour},
		"-P1DT1S":     {-1, -time.Second},
		"+PT15M":      {0, 15 * time.Minute},
		"p0dt0h10m0s": {0, 10 * time.Minute},
		"P999999W":    {6999993, 0},
		"PT999999H":   {0, 999999 * time.Hour},
		" PT5M ":      {0, 5 * time.Minute},
		"P1W2D":       {9, 0}, // not RFC 5545, but clear
		"PT1H1H":      {0, 2 * time.Hour},
	} {
		days, exact, err := parseDuration(s)
		if err != nil || days != want.days || exact != want.exact {
			t.Errorf("%q: %d days %v, %v", s, days, exact, err)
		}
	}
	for _, s := range []string{"", "P", "PT", "1H", "P1M", "PT1D", "P1H", "P1", "PT1H2", "P1DTT1H", "P1234567D", "P-1D", "PX"} {
		if _, _, err := parseDuration(s); err == nil {
			t.Errorf("%q read as a duration", s)
		}
	}
}

// A TZID resolves to an IANA name, also at the end of a Mozilla path, and
// to nothing for a Windows name or what is no zone name at all.
func TestZoneCache(t *testing.T) {
	z := zoneCache{}
	for tzid, want := range map[string]string{
		"Europe/Paris": "Europe/Paris",
		"/mozilla.org/20070129_1/America/New_York":           "America/New_York",
		"/softwarestudio.org/Olson_20011030_5/Europe/Berlin": "Europe/Berlin",
		"UTC":                         "UTC",
		"Romance Standard Time":       "",
		"Local":                       "",
		"":                            "",
		"../../etc/passwd":            "",
		"Europe/Paris\x00":            "",
		strings.Repeat("Europe/", 20): "",
	} {
		for range 2 { // the second time from the cache
			loc, name, ok := z.load(tzid)
			if name != want || ok != (want != "") || ok && loc.String() != want {
				t.Errorf("%q: %v %q %v; want %q", tzid, loc, name, ok, want)
			}
		}
	}
}

// calendarOf wraps an event's properties, one a line, in a calendar.
func calendarOf(props string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n" +
		strings.ReplaceAll(strings.TrimSpace(props), "\n", "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func sameEvents(t *testing.T, got, want []app.Event) {
	t.Helper()
	if len(got) != len(want) {
		for _, e := range got {
			t.Logf("%+v", e)
		}
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		sameEvent(t, got[i], want[i])
	}
}

func TestImportSkipsDatesOutsideTheYearsKept(t *testing.T) {
	data := strings.ReplaceAll(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Agenda//EN
BEGIN:VEVENT
UID:a@example.org
DTSTART:00010101T000000Z
SUMMARY:Year one
END:VEVENT
BEGIN:VEVENT
UID:b@example.org
DTSTART:99991231T000000Z
SUMMARY:Year 9999
END:VEVENT
BEGIN:VEVENT
UID:c@example.org
DTSTART:20261210T180000Z
DTEND:99991231T000000Z
SUMMARY:Ends in 9999
END:VEVENT
BEGIN:VEVENT
UID:d@example.org
DTSTART;VALUE=DATE:19500312
RRULE:FREQ=YEARLY
SUMMARY:Birthday
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
	got, skipped, err := Import(strings.NewReader(data), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Birthday" || skipped.OutOfRange != 3 || skipped.Total() != 3 {
		t.Errorf("events %+v, skipped %+v", got, skipped)
	}
}

func TestImportDropsARuleThatEndsBeforeTheStart(t *testing.T) {
	data := strings.ReplaceAll(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Agenda//EN
BEGIN:VEVENT
UID:a@example.org
DTSTART:20261210T180000Z
RRULE:FREQ=WEEKLY;UNTIL=19000101T000000Z
SUMMARY:Ended before it began
END:VEVENT
BEGIN:VEVENT
UID:b@example.org
DTSTART:20261210T180000Z
RRULE:FREQ=WEEKLY;INTERVAL=0
SUMMARY:Every 0 weeks
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
	got, skipped, err := Import(strings.NewReader(data), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Recurrence != "" || got[1].Recurrence != "" || skipped.RepeatDropped != 2 {
		t.Errorf("events %+v, skipped %+v", got, skipped)
	}
}

func TestImportRepairsAndSaysSo(t *testing.T) {
	data := strings.ReplaceAll(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Agenda//EN
BEGIN:VEVENT
UID:a@example.org
DTSTART;TZID=Europe/Pa`+"\x00"+`ris:20261210T180000
SUMMARY:Apéro `+"\xff"+`
END:VEVENT
BEGIN:VEVENT
UID:b@example.org
DTSTART;TZID=Mars/Olympus_Mons:20261211T180000
SUMMARY:Ailleurs
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
	paris := zone(t, "Europe/Paris")
	got, skipped, err := Import(strings.NewReader(data), paris)
	if err != nil {
		t.Fatalf("one NUL made the whole file unreadable: %v", err)
	}
	if len(got) != 2 || got[0].Zone != "Europe/Paris" || got[0].Title != "Apéro \uFFFD" || skipped.Repaired != 2 || skipped.UnknownZone != 1 || skipped.Total() != 0 {
		t.Errorf("events %+v, skipped %+v", got, skipped)
	}
}

func TestImportSaysWhenAnEndCannotBeRead(t *testing.T) {
	data := strings.ReplaceAll(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Agenda//EN
BEGIN:VEVENT
UID:a@example.org
DTSTART:20261210T180000Z
DURATION:P99999999W
SUMMARY:Forever
END:VEVENT
BEGIN:VEVENT
UID:b@example.org
DTSTART:20261210T180000Z
DURATION:PT2H
SUMMARY:Two hours
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
	got, skipped, err := Import(strings.NewReader(data), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[0].End.Equal(got[0].Start) || got[1].End.Sub(got[1].Start) != 2*time.Hour || skipped.NoEnd != 1 {
		t.Errorf("events %+v, skipped %+v", got, skipped)
	}
}
