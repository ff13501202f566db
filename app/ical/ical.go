// Package ical writes planned posts as an iCalendar (RFC 5545) file, so a
// content plan can be shared with a client's calendar. It is a format over
// an io.Writer, built on github.com/arran4/golang-ical, which does the
// escaping and the line folding that calendar programs insist on.
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

// UID is the stable identity of a post's event: the same post exported
// twice updates the event in the client's calendar instead of adding one.
func UID(id app.ID) string { return id.String() + "@relais" }

// Export writes the posts that have a planned time as events, each
// stamped at now. Posts without a planned time are skipped.
func Export(w io.Writer, posts []app.Post, now time.Time) error {
	cal := ics.NewCalendar()
	cal.SetProductId("-//Relais//Relais " + app.Version + "//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName("Relais")
	for _, p := range posts {
		if p.PlannedAt.IsZero() {
			continue
		}
		e := cal.AddEvent(UID(p.ID))
		e.SetDtStampTime(now.UTC())
		e.SetCreatedTime(p.CreatedAt.UTC())
		e.SetModifiedAt(p.UpdatedAt.UTC())
		e.SetStartAt(p.PlannedAt.UTC())
		e.SetEndAt(p.PlannedAt.UTC().Add(EventLength))
		e.SetSummary(summary(p))
		e.SetDescription(description(p))
		for _, tag := range p.Tags {
			e.AddCategory(tag)
		}
	}
	// RFC 5545 wants CRLF line ends, folded at 75 octets.
	if err := cal.SerializeTo(w, ics.WithNewLine("\r\n"), ics.WithLineLength(75)); err != nil {
		return fmt.Errorf("writing the calendar: %w", err)
	}
	return nil
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

// description is the post's whole text, then its tags.
func description(p app.Post) string {
	d := p.Text
	if len(p.Tags) > 0 {
		d += "\n\n#" + strings.Join(p.Tags, " #")
	}
	return d
}
