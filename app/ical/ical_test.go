package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/relais-app/relais/app"
)

func TestExportReadsBackInACalendarParser(t *testing.T) {
	at := time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	long := strings.Repeat("Un texte long, avec des virgules; des points-virgules et des accents : été. ", 8)
	posts := []app.Post{
		{ID: app.NewID(at), Title: "Lancement, automne; soldes", Text: "Ligne 1\nLigne 2 👋🏽", Tags: []string{"automne", "soldes"},
			PlannedAt: at, CreatedAt: at.Add(-time.Hour), UpdatedAt: at.Add(-time.Minute)},
		{ID: app.NewID(at.Add(time.Hour)), Text: long, PlannedAt: at.Add(48 * time.Hour), CreatedAt: at, UpdatedAt: at},
		{ID: app.NewID(at), Text: "not planned", CreatedAt: at, UpdatedAt: at},
	}
	var b bytes.Buffer
	if err := Export(&b, posts, nil, at); err != nil {
		t.Fatal(err)
	}
	checkLines(t, b.String())
	cal, err := ics.ParseCalendar(&b)
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want the 2 planned posts", len(events))
	}
	first := events[0]
	if first.Id() != UID(posts[0].ID) {
		t.Errorf("UID %q", first.Id())
	}
	if start, err := first.GetStartAt(); err != nil || !start.Equal(at) {
		t.Errorf("start %v, %v", start, err)
	}
	if end, err := first.GetEndAt(); err != nil || !end.Equal(at.Add(EventLength)) {
		t.Errorf("end %v, %v", end, err)
	}
	if got := first.GetProperty(ics.ComponentPropertySummary).Value; got != "Lancement, automne; soldes" {
		t.Errorf("summary %q", got)
	}
	if got := first.GetProperty(ics.ComponentPropertyDescription).Value; got != "Ligne 1\nLigne 2 👋🏽\n\n#automne #soldes" {
		t.Errorf("description %q", got)
	}
	second := events[1]
	if got := second.GetProperty(ics.ComponentPropertySummary).Value; len([]rune(got)) > summaryLength || !strings.HasPrefix(got, "Un texte long") || !strings.HasSuffix(got, "…") {
		t.Errorf("summary of an untitled post %q", got)
	}
	if got := second.GetProperty(ics.ComponentPropertyDescription).Value; got != long {
		t.Errorf("the long description did not survive folding: %q", got)
	}
}

func TestExportOfNothingIsAValidCalendar(t *testing.T) {
	var b bytes.Buffer
	if err := Export(&b, nil, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := ics.ParseCalendar(&b); err != nil {
		t.Errorf("empty calendar: %v", err)
	}
}

// A client's calendar shows where a post goes and for which campaign,
// and repeats a repeating post at its hour in its zone.
func TestExportPostCampaignNetworksAndRepetition(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	at := time.Date(2026, 10, 19, 9, 0, 0, 0, paris)
	post := app.Post{
		ID: app.NewID(at), Title: "Astuce du lundi", Text: "Chaque lundi, une astuce.", Tags: []string{"astuce"},
		Campaign: "Rentrée, édition 2026", Zone: "Europe/Paris", Recurrence: "FREQ=WEEKLY;BYDAY=MO", PlannedAt: at.UTC(),
		Notes: "Ne pas oublier le visuel (interne)",
		Variants: []app.Variant{
			{Target: app.Target{Network: app.Mastodon}},
			{Target: app.Target{Network: app.LinkedIn}, Text: "Version longue"},
			{Target: app.Target{Network: app.Mastodon, Account: app.NewID(at)}},
		},
	}
	var b bytes.Buffer
	if err := Export(&b, []app.Post{post}, nil, at); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkLines(t, out)
	for _, want := range []string{
		"DTSTART;TZID=Europe/Paris:20261019T090000\r\n",
		"DTEND;TZID=Europe/Paris:20261019T091500\r\n",
		"RRULE:FREQ=WEEKLY;BYDAY=MO\r\n",
		"X-RELAIS-KIND:post\r\n",
		"X-RELAIS-CAMPAIGN:Rentrée\\, édition 2026\r\n",
		"X-RELAIS-NETWORKS:mastodon\\, linkedin\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "interne") {
		t.Error("the notes went out; they may be for the team only")
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	e := cal.Events()[0]
	if start, err := e.GetStartAt(); err != nil || !start.Equal(at) {
		t.Errorf("start %v, %v; want %v", start, err, at)
	}
	want := "Chaque lundi, une astuce.\n\n#astuce\n\nRentrée, édition 2026 — mastodon, linkedin"
	if got := e.GetProperty(ics.ComponentPropertyDescription).Value; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
	if got := e.GetProperty(ics.ComponentPropertyCategories).Value; got != "astuce" {
		t.Errorf("categories %q", got)
	}
}

// A post whose zone this machine does not know, or with no zone, repeats
// in the user's zone in Relais: it goes out as floating time in it.
func TestExportRepeatingPostWithoutAKnownZoneIsFloating(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	at := time.Date(2026, 11, 2, 18, 0, 0, 0, paris)
	for _, z := range []string{"", "Local", "Mars/Olympus_Mons"} {
		post := app.Post{ID: app.NewID(at), Text: "x", Zone: z, Recurrence: "FREQ=MONTHLY;BYDAY=1MO", PlannedAt: at.UTC()}
		var b bytes.Buffer
		if err := Export(&b, []app.Post{post}, nil, at); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); !strings.Contains(out, "\r\nDTSTART:20261102T180000\r\n") || strings.Contains(out, "VTIMEZONE") {
			t.Errorf("zone %q:\n%s", z, out)
		}
	}
}

// Events as calendar programs expect them.
func TestExportEventsReadBackInACalendarParser(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, paris)
	events := testEvents(t)
	var b bytes.Buffer
	if err := Export(&b, nil, events, now); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkLines(t, out)
	for _, want := range []string{
		// all-day, in the user's zone, and over three days
		"DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n",
		"DTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261227\r\n",
		// a date start wants a date UNTIL
		"RRULE:FREQ=YEARLY;UNTIL=20301225\r\n",
		// weekly in its zone, over the change of 2026-10-25
		"DTSTART;TZID=Europe/Paris:20261019T090000\r\n",
		// first Monday of the month, in the user's zone
		"DTSTART:20261102T180000\r\n",
		"RRULE:FREQ=MONTHLY;BYDAY=+1MO\r\n",
		// in UTC, repeating in UTC
		"DTSTART:20261110T060000Z\r\n",
		"UID:abc\\,def\\;1@example.com\r\n",
		"CATEGORIES:meetup\r\n",
		"X-RELAIS-KIND:event\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := strings.Count(out, "BEGIN:VTIMEZONE"); n != 1 {
		t.Errorf("%d VTIMEZONEs, want Europe/Paris's once", n)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	read := cal.Events()
	if len(read) != len(events) {
		t.Fatalf("%d events, want %d", len(read), len(events))
	}
	for i, e := range events {
		v := read[i]
		if e.AllDay {
			start, err := v.GetAllDayStartAt()
			if err != nil || start.Format(layoutDate) != e.Start.In(paris).Format(layoutDate) {
				t.Errorf("%s: all-day start %v, %v", e.Title, start, err)
			}
			continue
		}
		if e.Zone == "" && e.Recurrence != "" {
			continue // floating: golang-ical reads it in time.Local
		}
		if start, err := v.GetStartAt(); err != nil || !start.Equal(e.Start) {
			t.Errorf("%s: start %v, %v; want %v", e.Title, start, err, e.Start)
		}
		if got := v.GetProperty(ics.ComponentPropertySummary).Value; got != e.Title {
			t.Errorf("summary %q, want %q", got, e.Title)
		}
	}
}

// What Relais exports, Relais imports: the events come back equal and its
// own posts stay out.
func TestRoundTrip(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, paris)
	at := time.Date(2026, 10, 19, 9, 0, 0, 0, paris)
	posts := []app.Post{
		{ID: app.NewID(at), Text: "Une fois", PlannedAt: at.UTC()},
		{ID: app.NewID(at), Text: "Chaque lundi", PlannedAt: at.UTC(), Zone: "Europe/Paris", Recurrence: "FREQ=WEEKLY;BYDAY=MO"},
		{ID: app.NewID(at), Text: "Pas planifié"},
	}
	events := testEvents(t)
	var b bytes.Buffer
	if err := Export(&b, posts, events, now); err != nil {
		t.Fatal(err)
	}
	got, skipped, err := Import(&b, paris)
	if err != nil {
		t.Fatal(err)
	}
	if skipped != (Skipped{Relais: 2}) {
		t.Errorf("skipped %+v, want the 2 planned posts", skipped)
	}
	if len(got) != len(events) {
		t.Fatalf("%d events, want %d", len(got), len(events))
	}
	for i, e := range events {
		want := e
		want.ID, want.CreatedAt, want.UpdatedAt = app.ID{}, time.Time{}, time.Time{}
		want.UID = EventUID(e)
		want.Notes = strings.ReplaceAll(e.Notes, "\r\n", "\n")
		if e.End.IsZero() || e.End.Before(e.Start) {
			want.End = e.Start
		}
		// A zone is written only where it makes a difference: for a
		// repetition at a time of day. Otherwise the event comes back
		// in the user's zone, at the same instants.
		if e.AllDay || e.Recurrence == "" {
			want.Zone = ""
		}
		sameEvent(t, got[i], want)
	}
	// Weekly at 9:00 in Paris, before and after the clocks go back.
	weekly := got[3]
	times, err := app.Occurrences(weekly.Recurrence, weekly.Start, weekly.Location(paris), at, at.AddDate(0, 0, 15))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range times {
		if h := o.In(paris).Hour(); h != 9 {
			t.Errorf("occurrence %v at %d:00 in Paris", o, h)
		}
	}
	if len(times) != 3 {
		t.Errorf("occurrences %v", times)
	}
	// The first Monday of each month, at 18:00 in the user's zone.
	monthly := got[4]
	times, err = app.Occurrences(monthly.Recurrence, monthly.Start, monthly.Location(paris), at, at.AddDate(0, 6, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range times {
		if l := o.In(paris); l.Weekday() != time.Monday || l.Day() > 7 || l.Hour() != 18 {
			t.Errorf("monthly occurrence %v", l)
		}
	}
	if len(times) != 6 {
		t.Errorf("monthly occurrences %v", times)
	}
}

// testEvents are events of every shape, with text that needs escaping.
func testEvents(t *testing.T) []app.Event {
	t.Helper()
	paris := zone(t, "Europe/Paris")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, paris).UTC() }
	at := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	return []app.Event{
		{ID: app.NewID(at), Title: "Apéro réseau, « communauté »; édition 3", Kind: app.EventMeetup,
			Start: time.Date(2026, 11, 5, 18, 30, 0, 0, paris).UTC(), End: time.Date(2026, 11, 5, 20, 30, 0, 0, paris).UTC(),
			Zone: "Europe/Paris", Place: "Café de l'Été, 12 rue Oberkampf; Paris",
			Notes: "Ligne 1\nLigne 2; virgule, fin \\ antislash\r\nLigne 3 : deux-points", CreatedAt: at, UpdatedAt: at},
		{ID: app.NewID(at), Title: "Journée sans réseaux", Kind: app.EventHoliday, AllDay: true,
			Start: day(2026, 12, 1), End: day(2026, 12, 2)},
		{ID: app.NewID(at), Title: "Fermeture de Noël", Kind: app.EventHoliday, AllDay: true, Zone: "Europe/Paris",
			Start: day(2026, 12, 24), End: day(2026, 12, 27)},
		{ID: app.NewID(at), UID: "abc,def;1@example.com", Title: "Point hebdo", Kind: app.EventOther,
			Start: time.Date(2026, 10, 19, 9, 0, 0, 0, paris).UTC(), End: time.Date(2026, 10, 19, 9, 45, 0, 0, paris).UTC(),
			Zone: "Europe/Paris", Recurrence: "FREQ=WEEKLY;BYDAY=MO"},
		{ID: app.NewID(at), Title: "Concours du premier lundi", Kind: app.EventContest,
			Start: time.Date(2026, 11, 2, 18, 0, 0, 0, paris).UTC(), End: time.Date(2026, 11, 2, 19, 0, 0, 0, paris).UTC(),
			Recurrence: recurrence(t, "FREQ=MONTHLY;BYDAY=1MO")},
		{ID: app.NewID(at), Title: "Relevé des statistiques", Kind: app.EventOther, Zone: "UTC",
			Start: time.Date(2026, 11, 10, 6, 0, 0, 0, time.UTC), Recurrence: "FREQ=DAILY;COUNT=5"},
		{ID: app.NewID(at), Title: "Noël", Kind: app.EventHoliday, AllDay: true,
			Start: day(2026, 12, 25), End: day(2026, 12, 26), Recurrence: recurrence(t, "FREQ=YEARLY;UNTIL=20301225")},
		{ID: app.NewID(at), Title: "Lancement", Kind: app.EventLaunch,
			Start: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
	}
}

func sameEvent(t *testing.T, got, want app.Event) {
	t.Helper()
	if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("%s: %v – %v, want %v – %v", want.Title, got.Start, got.End, want.Start, want.End)
	}
	if got.Start.Location() != time.UTC || got.End.Location() != time.UTC {
		t.Errorf("%s: times not in UTC: %v – %v", want.Title, got.Start, got.End)
	}
	got.Start, got.End, want.Start, want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func recurrence(t *testing.T, rule string) string {
	t.Helper()
	r, err := app.ParseRecurrence(rule)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// checkLines checks the line ends and folding RFC 5545 asks for.
func checkLines(t *testing.T, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Error("the file does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets, RFC 5545 folds at 75: %q", i, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare line end: %q", i, line)
		}
	}
}
