package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// tick ticks networks in the editor's targets.
func tick(c *composeScreen, names ...string) {
	c.post.targets.SetSelected(names)
}

func TestVariantsCountAndBlockScheduling(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	c := f.w.compose
	tick(c, "Mastodon", "Bluesky")
	test.Type(c.text, strings.Repeat("é", 301))
	f.idle()
	blue := c.post.variants[app.Target{Network: app.Bluesky}]
	if blue.length.Text != "301/300: too long" || blue.length.Importance != widget.DangerImportance {
		t.Errorf("Bluesky row says %q (%v)", blue.length.Text, blue.length.Importance)
	}
	if mast := c.post.variants[app.Target{Network: app.Mastodon}]; mast.length.Text != "301/500" {
		t.Errorf("Mastodon row says %q", mast.length.Text)
	}
	if !f.shows("Bluesky: 301 characters, 300 at most") {
		t.Error("the problem is not listed under the editor")
	}

	// Scheduling is refused, and says why; the status stays.
	c.post.whenEntry.SetText("2026-12-01 09:00")
	f.idle()
	c.post.status.SetSelected("Scheduled")
	f.idle()
	if c.post.status.Selected != "Draft" {
		t.Errorf("status shows %q after a refused scheduling", c.post.status.Selected)
	}
	p := f.stored()[0]
	if p.Status != app.StatusDraft {
		t.Errorf("stored status %q", p.Status)
	}

	// A shorter text for Bluesky alone lets it through.
	test.Tap(blue.toggle)
	if !blue.custom.Visible() || blue.custom.Text != c.text.Text {
		t.Fatal("editing for Bluesky does not open its own text with the main text in it")
	}
	blue.custom.SetText("Version courte pour Bluesky 🦋")
	f.idle()
	c.post.status.SetSelected("Scheduled")
	f.idle()
	p = f.stored()[0]
	v, _ := p.Variant(app.Target{Network: app.Bluesky})
	if p.Status != app.StatusScheduled || v.Text != "Version courte pour Bluesky 🦋" || len(p.Variants) != 2 {
		t.Errorf("stored %q with Bluesky %q, %d variants", p.Status, v.Text, len(p.Variants))
	}
	if at := p.PlannedAt.In(time.Local).Format("2006-01-02 15:04"); at != "2026-12-01 09:00" {
		t.Errorf("planned at %s", at)
	}

	// Editing the main text past Mastodon's limit takes it back to ready.
	c.text.SetText(strings.Repeat("mot ", 130))
	f.idle()
	if p = f.stored()[0]; p.Status != app.StatusReady || c.post.status.Selected != "Ready" {
		t.Errorf("over the limit while scheduled: stored %q, shown %q", p.Status, c.post.status.Selected)
	}
}

func TestDetailsRepeatAndImagesAreSaved(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	c := f.w.compose
	test.Type(c.text, "Rendez-vous https://exemple.fr")
	tick(c, "Mastodon")
	c.post.campaign.SetText("Hiver 2026")
	c.post.notes.SetText("À valider par Claire")
	c.post.utm.SetChecked(true)
	c.post.whenEntry.SetText("2026-12-07 09:00") // a Monday
	f.idle()
	var monthly string
	for _, o := range c.post.repeat.Options {
		if strings.Contains(o, "premier lundi") {
			monthly = o
		}
	}
	if monthly == "" {
		t.Fatalf("no “first Monday” repetition offered: %q", c.post.repeat.Options)
	}
	c.post.repeat.SetSelected(monthly)
	// An image attached without a file dialog: as if chosen.
	c.post.media = append(c.post.media, app.Media{Hash: "h", Type: "image/png", Size: 10, Name: "affiche.png"})
	c.showMedia()
	c.edited()
	f.idle()
	if !f.shows("L’image 1 n’a pas de description : les personnes qui utilisent un lecteur d’écran la manqueront") {
		t.Error("a missing description is not warned about")
	}
	p := f.stored()[0]
	if p.Campaign != "Hiver 2026" || p.Notes != "À valider par Claire" || !p.UTM || p.Recurrence != "FREQ=MONTHLY;BYDAY=+1MO" || len(p.Media) != 1 {
		t.Errorf("stored %+v", p)
	}
	mast := c.post.variants[app.Target{Network: app.Mastodon}]
	if mast.length.Text != "35/500" {
		t.Errorf("Mastodon counts the tagged link as %q", mast.length.Text)
	}

	// Reopened, the editor shows it all again.
	c.newDraft()
	c.open(p.ID)
	f.idle()
	if c.post.campaign.Text != "Hiver 2026" || c.post.repeat.Selected != monthly || !c.post.utm.Checked || len(c.post.targets.Selected) != 1 {
		t.Errorf("reopened: campaign %q, repeat %q", c.post.campaign.Text, c.post.repeat.Selected)
	}
}

func TestAddToQueueFromCompose(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	ctx := context.Background()
	// The fixture's clock reads Wednesday 25 November 2026, 9:00 UTC.
	if _, err := f.calendar.SaveQueue(ctx, app.Queue{Target: app.Target{Network: app.Bluesky}, Slots: []app.Slot{{Day: time.Friday, Hour: 18}}}); err != nil {
		t.Fatal(err)
	}
	c := f.w.compose
	test.Type(c.text, "Dans la file")
	f.idle()
	c.addToQueue(app.Target{Network: app.Bluesky})
	f.idle()
	p := f.stored()[0]
	want := time.Date(2026, 11, 27, 18, 0, 0, 0, time.Local)
	if !p.PlannedAt.Equal(want) {
		t.Errorf("queued at %v, want %v", p.PlannedAt.Local(), want)
	}
	if !f.shows("Queued for Nov 27 at 18:00") || c.post.whenEntry.Text != "2026-11-27 18:00" {
		t.Errorf("the editor does not say where it went: %q", c.post.whenEntry.Text)
	}
	// A network with no slot says so.
	c.addToQueue(app.Target{Network: app.X})
	f.idle()
	if !strings.Contains(c.status.Text, "X queue has no free slot") {
		t.Errorf("status %q", c.status.Text)
	}

	// The queue view lists the slot and the post.
	f.w.ShowView("calendar")
	f.w.calendar.showQueue()
	f.idle()
	if !f.shows("Friday 18:00") || !f.shows("18:00 Dans la file") {
		t.Error("the queue view does not show the slot and the post")
	}
}

func TestCalendarShowsEventsRepeatsAndFilters(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	ctx := context.Background()
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.Local) }
	mk := func(p app.Post) {
		if _, err := f.drafts.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	mk(app.Post{Title: "Soldes", Text: "x", Campaign: "Black Friday", PlannedAt: day(27, 9), Variants: []app.Variant{{Target: app.Target{Network: app.Bluesky}}}})
	mk(app.Post{Title: "Lundi", Text: "x", PlannedAt: day(2, 9), Recurrence: "FREQ=WEEKLY", Variants: []app.Variant{{Target: app.Target{Network: app.Mastodon}}}})
	if _, err := f.calendar.SaveEvent(ctx, app.Event{Title: "Salon du chocolat", Kind: app.EventLaunch, AllDay: true, Start: day(12, 0), End: day(15, 0)}); err != nil {
		t.Fatal(err)
	}
	f.w.ShowView("calendar")
	f.idle()
	cal := f.w.calendar
	for d, want := range map[int][]string{
		9:  {"09:00 ↻ Lundi"},
		12: {"Salon du chocolat"},
		14: {"Salon du chocolat"},
		15: nil,
		16: {"09:00 ↻ Lundi"},
		27: {"09:00 Soldes"},
	} {
		got := chipTexts(f.cellOf(day(d, 0)))
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("November %d shows %q, want %q", d, got, want)
		}
	}
	// Only Bluesky: the weekly Mastodon post goes, the event stays.
	cal.filter.network.SetSelected("Bluesky")
	f.idle()
	if got := chipTexts(f.cellOf(day(9, 0))); len(got) != 0 {
		t.Errorf("filtered on Bluesky, Nov 9 shows %q", got)
	}
	if got := chipTexts(f.cellOf(day(13, 0))); len(got) != 1 {
		t.Errorf("filtered on Bluesky, the event is gone: %q", got)
	}
	cal.filter.network.SetSelectedIndex(0)
	cal.filter.campaign.SetSelected("Black Friday")
	f.idle()
	if got := chipTexts(f.cellOf(day(27, 0))); len(got) != 1 || chipTexts(f.cellOf(day(16, 0))) != nil {
		t.Errorf("filtered on the campaign: 27 %q, 16 %q", got, chipTexts(f.cellOf(day(16, 0))))
	}
	// A repetition opens; it does not move.
	cal.filter.clear.OnTapped()
	f.idle()
	chip := findChip(f.cellOf(day(9, 0)).chips.Objects[0])
	if !chip.repeat {
		t.Fatal("the occurrence is not marked as a repetition")
	}
	// The week view puts the event above the hours.
	cal.setWeekMode(true)
	cal.showWeek(mondayOf(day(12, 0)))
	f.idle()
	if n := len(cal.allDay[3].Objects); n != 1 {
		t.Errorf("Thursday 12 has %d all-day entries", n)
	}
}

func TestEventFormCreatesAndRefuses(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	f.w.ShowView("calendar")
	cal := f.w.calendar
	zone := f.calendar.Zone()
	form := &eventForm{title: widget.NewEntry(), date: widget.NewEntry(), start: widget.NewEntry(), end: widget.NewEntry(),
		endDate: widget.NewEntry(), place: widget.NewEntry(), notes: widget.NewMultiLineEntry(),
		kind: widget.NewSelect(nil, nil), repeat: widget.NewSelect(nil, nil), allDay: widget.NewCheck("", nil)}
	form.date.SetText("2026-12-03")
	form.start.SetText("18:30")
	form.end.SetText("20:00")
	if _, err := form.read(app.Event{}, zone, zone); !errors.Is(err, app.ErrUntitledEvent) {
		t.Errorf("untitled: %v", err)
	}
	form.title.SetText("Apéro des abonnés")
	form.end.SetText("17:00")
	if _, err := form.read(app.Event{}, zone, zone); !errors.Is(err, app.ErrEventEndsBeforeStart) {
		t.Errorf("ending before it starts: %v", err)
	}
	form.date.SetText("3 décembre")
	if _, err := form.read(app.Event{}, zone, zone); !errors.Is(err, errBadDate) || formErrorKey(err) != "event.bad_date" {
		t.Errorf("a date in words: %v", err)
	}
	form.date.SetText("2026-12-03")
	form.endDate.SetText("2026-12-03")
	form.end.SetText("20:00")
	ev, err := form.read(app.Event{}, zone, zone)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Start.In(zone).Format("2006-01-02 15:04") != "2026-12-03 18:30" || ev.Duration() != 90*time.Minute {
		t.Errorf("read %v for %v", ev.Start, ev.Duration())
	}
	// The real dialog opens, in French.
	cal.editEvent(app.Event{})
	if !f.shows("Nouvel évènement") {
		t.Error("the event dialog does not open")
	}
}

func TestAttachAnImageCopiesItAndAsksForItsDescription(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	c := f.w.compose
	test.Type(c.text, "Notre affiche")
	f.idle()
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	c.attach(io.NopCloser(bytes.NewReader(pic.Bytes())), "affiche.png")
	f.idle()
	p := f.stored()[0]
	if len(p.Media) != 1 || p.Media[0].Type != "image/png" || p.Media[0].Width != 64 || p.Media[0].Name != "affiche.png" {
		t.Fatalf("stored media %+v", p.Media)
	}
	if path := f.w.deps.Media.MediaPath(p.Media[0].Hash); path == "" {
		t.Error("the image was not copied into the store")
	}
	if !f.shows("Pas encore de description") {
		t.Error("no warning for the missing description")
	}
	// The description typed under the thumbnail is saved with the post.
	card := c.post.mediaBox.Objects[0]
	var alt *widget.Entry
	for _, o := range test.LaidOutObjects(card) {
		if e, ok := o.(*widget.Entry); ok {
			alt = e
		}
	}
	if alt == nil {
		t.Fatal("no description field under the image")
	}
	test.Type(alt, "Affiche du salon, fond bleu")
	f.idle()
	if p = f.stored()[0]; p.Media[0].Alt != "Affiche du salon, fond bleu" {
		t.Errorf("stored description %q", p.Media[0].Alt)
	}
	// A file that is not an image is refused in plain words.
	c.attach(io.NopCloser(strings.NewReader("bonjour")), "notes.txt")
	f.idle()
	if !strings.Contains(c.status.Text, "n’est pas une image") || len(f.stored()[0].Media) != 1 {
		t.Errorf("a text file: status %q", c.status.Text)
	}
}

// An attached image is shown by a thumbnail of at most 300×192 pixels,
// not by the image itself, which may have 36 million pixels.
func TestAttachedImagesShowAsSmallThumbnails(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	c := f.w.compose
	test.Type(c.text, "Our poster")
	f.idle()
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 3000, 1000))); err != nil {
		t.Fatal(err)
	}
	c.attach(io.NopCloser(bytes.NewReader(pic.Bytes())), "poster.png")
	f.idle()
	var shown *canvas.Image
	for _, o := range test.LaidOutObjects(c.post.mediaBox.Objects[0]) {
		if img, ok := o.(*canvas.Image); ok && shown == nil { // the first: the button's icon comes after
			shown = img
		}
	}
	if shown == nil || shown.Image == nil {
		t.Fatal("no thumbnail shown")
	}
	if b := shown.Image.Bounds(); b.Dx() != thumbWidth || b.Dy() != thumbWidth/3 || shown.File != "" {
		t.Errorf("the thumbnail is %v (file %q)", b, shown.File)
	}
}

// A planned date outside the years Relais keeps is said and not taken,
// and the text typed goes on being saved.
func TestPlannedDateOutOfRangeIsSaidAndTheTextSaved(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	c := f.w.compose
	test.Type(c.text, "Far future")
	f.idle()
	c.post.whenEntry.SetText("2300-01-01 10:00")
	f.idle()
	if !c.planned.IsZero() || !strings.Contains(c.status.Text, "2300 is outside the years Relais keeps, 1970 to 2199") {
		t.Errorf("planned %v, status %q", c.planned, c.status.Text)
	}
	if got := f.stored(); len(got) != 1 || got[0].Text != "Far future" || !got[0].PlannedAt.IsZero() {
		t.Errorf("stored %+v", got)
	}
}
