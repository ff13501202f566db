package ical

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/relais-app/relais/app"
)

// Calendar files come from anywhere: whatever one holds, Import returns
// events or an error, never a panic, and no event ends before it starts.
func FuzzImport(f *testing.F) {
	samples, err := filepath.Glob("testdata/*.ics")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range samples {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	var b bytes.Buffer
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	at := time.Date(2026, 10, 19, 9, 0, 0, 0, paris)
	posts := []app.Post{{ID: app.NewID(at), Text: "x", PlannedAt: at, Zone: "Europe/Paris", Recurrence: "FREQ=WEEKLY"}}
	if err := Export(&b, posts, []app.Event{
		{Title: "a", Start: at, End: at.Add(time.Hour), Zone: "America/New_York", Recurrence: "FREQ=MONTHLY;BYDAY=1MO"},
		{Title: "b", AllDay: true, Start: at, End: at.AddDate(0, 0, 2), Notes: "x,y;z\n"},
	}, at); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(calendarOf("UID:a\nSUMMARY:x\nDTSTART;VALUE=DATE:20261205\nDURATION:-P3D")))
	f.Add([]byte(calendarOf("UID:a\nSUMMARY:x\nDTSTART;TZID=\"a\\\":b\":20261205T100000\nRRULE:FREQ=YEARLY;BYEASTER=1")))
	f.Fuzz(func(t *testing.T, data []byte) {
		events, _, err := Import(bytes.NewReader(data), paris)
		if err != nil {
			if events != nil {
				t.Errorf("events with an error: %v", events)
			}
			return
		}
		if len(events) > MaxEvents {
			t.Errorf("%d events", len(events))
		}
		for _, e := range events {
			if e.End.Before(e.Start) {
				t.Errorf("%q ends at %v, before its start %v", e.Title, e.End, e.Start)
			}
			if e.AllDay && !e.End.After(e.Start) {
				t.Errorf("all-day %q lasts no day: %v – %v", e.Title, e.Start, e.End)
			}
			if e.Title == "" {
				t.Errorf("untitled event %+v", e)
			}
			if e.Start.Location() != time.UTC || e.End.Location() != time.UTC {
				t.Errorf("times not in UTC: %v – %v", e.Start, e.End)
			}
		}
	})
}

// The bound on parsing work counts at least the parameter names and
// values golang-ical finds on a line, so no line hides its cost.
func FuzzLineWork(f *testing.F) {
	f.Add("DTSTART;TZID=Europe/Paris:20261019T090000")
	f.Add(`ATTENDEE;CN="Dupont, Jeanne";ROLE=REQ-PARTICIPANT;DELEGATED-TO="mailto:a@b.c","mailto:d@e.f":mailto:x@y.z`)
	f.Add(`"X;A="b:c";P=v;P=v:value`)
	f.Add(`X;A=\";B=c;D=e:f`)
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			return
		}
		p, err := ics.ParseProperty(ics.ContentLine(line))
		if err != nil || p == nil {
			return
		}
		found := 0
		for _, values := range p.ICalParameters {
			found += 1 + len(values)
		}
		if counted := lineWork(line) / max(len(line), 1); found > counted-1 {
			t.Errorf("%q: golang-ical finds %d names and values, lineWork counts %d", line, found, counted-1)
		}
	})
}
