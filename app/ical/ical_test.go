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
	if err := Export(&b, posts, at); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(b.String(), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets, RFC 5545 folds at 75: %q", i, len(line), line)
		}
	}
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
	if err := Export(&b, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := ics.ParseCalendar(&b); err != nil {
		t.Errorf("empty calendar: %v", err)
	}
}
