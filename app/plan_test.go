package app

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func newCalendar(t testing.TB) (*Calendar, *Drafts, *memStore, *fakeClock) {
	d, store, clock := newDrafts()
	return NewCalendar(store, d, clock, mustZone(t, "Europe/Paris")), d, store, clock
}

func TestQueueSlotsKeepWallClockAcrossDST(t *testing.T) {
	cases := []struct {
		zone     string
		from, to time.Time
		want     []string // local times
	}{
		// Paris leaves summer time on Sunday 25 October 2026 at 3:00.
		{"Europe/Paris", time.Date(2026, 10, 22, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC),
			[]string{"Fri 2026-10-23 09:00 CEST", "Sat 2026-10-24 18:00 CEST", "Mon 2026-10-26 09:00 CET"}},
		// New York leaves it a week later, on 1 November.
		{"America/New_York", time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 7, 0, 0, 0, 0, time.UTC),
			[]string{"Fri 2026-10-30 09:00 EDT", "Sat 2026-10-31 18:00 EDT", "Mon 2026-11-02 09:00 EST", "Fri 2026-11-06 09:00 EST"}},
		// And enters it on 8 March 2026; Paris on 29 March.
		{"America/New_York", time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC),
			[]string{"Fri 2026-03-06 09:00 EST", "Sat 2026-03-07 18:00 EST", "Mon 2026-03-09 09:00 EDT"}},
		{"Europe/Paris", time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
			[]string{"Fri 2026-03-27 09:00 CET", "Sat 2026-03-28 18:00 CET", "Mon 2026-03-30 09:00 CEST"}},
	}
	q := Queue{Slots: []Slot{{Day: time.Saturday, Hour: 18}, {Day: time.Monday, Hour: 9}, {Day: time.Friday, Hour: 9}, {Day: time.Friday, Hour: 9}}}
	for _, c := range cases {
		loc := mustZone(t, c.zone)
		var got []string
		for _, at := range q.Times(loc, c.from, c.to) {
			if at.Location() != time.UTC {
				t.Errorf("%s: slot time %v is not in UTC", c.zone, at)
			}
			got = append(got, at.In(loc).Format("Mon 2006-01-02 15:04 MST"))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s from %v:\n got %q\nwant %q", c.zone, c.from, got, c.want)
		}
	}
}

func TestQueueSlotInTheSpringGapExistsOnce(t *testing.T) {
	// 2:30 does not exist in Paris on 29 March 2026: the slot still gives
	// one time that night, and 2:30 again the next Sunday.
	loc := mustZone(t, "Europe/Paris")
	q := Queue{Slots: []Slot{{Day: time.Sunday, Hour: 2, Minute: 30}}}
	got := q.Times(loc, time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC))
	if len(got) != 2 {
		t.Fatalf("%d times, want 2: %v", len(got), got)
	}
	if d := got[0].In(loc); d.Day() != 29 {
		t.Errorf("gap slot on %v", d)
	}
	if d := got[1].In(loc); d.Hour() != 2 || d.Minute() != 30 {
		t.Errorf("slot after the gap at %v", d)
	}
}

func TestAddToQueueTakesTheNextFreeSlot(t *testing.T) {
	c, d, _, clock := newCalendar(t)
	// Wednesday 25 November 2026, 9:00 UTC = 10:00 in Paris.
	clock.now = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	target := Target{Network: Mastodon}
	if _, err := c.AddToQueue(bg, NewID(clock.now), target); !errors.Is(err, ErrQueueFull) {
		t.Errorf("a queue without slots: %v", err)
	}
	if _, err := c.SaveQueue(bg, Queue{Target: target, Zone: "Europe/Paris", Slots: []Slot{
		{Day: time.Wednesday, Hour: 9}, {Day: time.Wednesday, Hour: 18}, {Day: time.Friday, Hour: 9},
	}}); err != nil {
		t.Fatal(err)
	}
	// A post planned by hand on Wednesday 18:00 for Mastodon takes that slot.
	manual, err := d.Create(bg, Post{Text: "à la main", PlannedAt: time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC),
		Variants: []Variant{{Target: target}}})
	if err != nil {
		t.Fatal(err)
	}
	// One for Bluesky at Friday 9:00 does not.
	if _, err := d.Create(bg, Post{Text: "ailleurs", PlannedAt: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC),
		Variants: []Variant{{Target: Target{Network: Bluesky}}}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range 3 {
		p, err := d.Create(bg, Post{Text: "file " + string(rune('a'+i))})
		if err != nil {
			t.Fatal(err)
		}
		p, err = c.AddToQueue(bg, p.ID, target)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Variant(target); !ok || p.Zone != "Europe/Paris" {
			t.Errorf("queued post %+v lacks its target or zone", p)
		}
		got = append(got, p.PlannedAt.In(mustZone(t, "Europe/Paris")).Format("Mon 02 15:04"))
	}
	want := []string{"Fri 27 09:00", "Wed 02 09:00", "Wed 02 18:00"}
	if !slices.Equal(got, want) {
		t.Errorf("queued at %q, want %q", got, want)
	}
	up, err := c.Upcoming(bg, target, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(up) != 4 || up[0].ID != manual.ID {
		t.Errorf("upcoming %d posts, first %s", len(up), up[0].Text)
	}
}

// TestAccountPostInNetworkQueue: a post to a Mastodon account goes in the
// Mastodon queue without a second Mastodon variant (which would post it
// twice), and takes the slot from other posts.
func TestAccountPostInNetworkQueue(t *testing.T) {
	c, d, _, clock := newCalendar(t)
	clock.now = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	queue := Target{Network: Mastodon}
	if _, err := c.SaveQueue(bg, Queue{Target: queue, Zone: "Europe/Paris", Slots: []Slot{{Day: time.Friday, Hour: 9}}}); err != nil {
		t.Fatal(err)
	}
	account := Target{Network: Mastodon, Account: NewID(clock.now)}
	p, err := d.Create(bg, Post{Text: "compte", Variants: []Variant{{Target: account}}})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = c.AddToQueue(bg, p.ID, queue); err != nil {
		t.Fatal(err)
	}
	if len(p.Variants) != 1 || p.Variants[0].Target != account {
		t.Errorf("variants %+v, want the account's alone", p.Variants)
	}
	other, _ := d.Create(bg, Post{Text: "suivant"})
	if other, err = c.AddToQueue(bg, other.ID, queue); err != nil {
		t.Fatal(err)
	}
	if !other.PlannedAt.After(p.PlannedAt) {
		t.Errorf("the next post took the account post's slot: %v, %v", other.PlannedAt, p.PlannedAt)
	}
}

func TestOccurrencesFollowWallClockAndRules(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	start := time.Date(2026, 10, 5, 9, 0, 0, 0, paris) // a Monday
	cases := []struct {
		rule string
		want []string
	}{
		{"FREQ=WEEKLY", []string{"2026-10-05 09:00 CEST", "2026-10-12 09:00 CEST", "2026-10-19 09:00 CEST", "2026-10-26 09:00 CET", "2026-11-02 09:00 CET"}},
		{"RRULE:FREQ=MONTHLY;BYDAY=1MO", []string{"2026-10-05 09:00 CEST", "2026-11-02 09:00 CET"}},
		{"FREQ=WEEKLY;COUNT=2", []string{"2026-10-05 09:00 CEST", "2026-10-12 09:00 CEST"}},
		{"FREQ=DAILY;INTERVAL=10;UNTIL=20261101T000000Z", []string{"2026-10-05 09:00 CEST", "2026-10-15 09:00 CEST", "2026-10-25 09:00 CET"}},
		{"", []string{"2026-10-05 09:00 CEST"}},
	}
	for _, c := range cases {
		times, err := Occurrences(c.rule, start.UTC(), paris, start.UTC(), time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Errorf("%q: %v", c.rule, err)
			continue
		}
		var got []string
		for _, at := range times {
			got = append(got, at.In(paris).Format("2006-01-02 15:04 MST"))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.rule, got, c.want)
		}
	}
	// A range in the middle starts at the range, not at the first time.
	times, _ := Occurrences("FREQ=WEEKLY", start.UTC(), paris, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC))
	if len(times) != 2 || times[0].In(paris).Day() != 4 {
		t.Errorf("January occurrences %v", times)
	}
	// Every day for ever is bounded.
	times, _ = Occurrences("FREQ=DAILY", start.UTC(), paris, start.UTC(), start.AddDate(10, 0, 0))
	if len(times) != MaxOccurrences {
		t.Errorf("%d daily occurrences over ten years, want the bound %d", len(times), MaxOccurrences)
	}
}

func TestParseRecurrenceRefusesWhatRelaisCannotFollow(t *testing.T) {
	for _, rule := range []string{"FREQ=HOURLY", "FREQ=MINUTELY;COUNT=3", "FREQ=DAILY;BYHOUR=9", "bonjour", "FREQ=WEEKLY;BYDAY=XX", "DTSTART:20260101T000000Z\nFREQ=DAILY", "FREQ=WEEKLY;INTERVAL=-1",
		// Rules that never occur, or every 0 weeks (issue 15).
		"FREQ=WEEKLY;INTERVAL=0", "FREQ=DAILY;INTERVAL=00", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11"} {
		if _, err := ParseRecurrence(rule); !errors.Is(err, ErrBadRecurrence) {
			t.Errorf("ParseRecurrence(%q) = %v, want ErrBadRecurrence", rule, err)
		}
	}
	for in, want := range map[string]string{
		" rrule:freq=monthly;byday=1mo ": "FREQ=MONTHLY;BYDAY=+1MO",
		"":                               "",
		"FREQ=YEARLY":                    "FREQ=YEARLY",
		// February 29th comes every four years; an end long past is the
		// item's business, not the rule's.
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
		"FREQ=WEEKLY;UNTIL=19000101T000000Z":  "FREQ=WEEKLY;UNTIL=19000101T000000Z",
		"FREQ=WEEKLY;INTERVAL=10":             "FREQ=WEEKLY;INTERVAL=10",
	} {
		got, err := ParseRecurrence(in)
		if err != nil || got != want {
			t.Errorf("ParseRecurrence(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestTagLinks(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Voir https://exemple.fr/page.", "Voir https://exemple.fr/page?utm_source=mastodon&utm_medium=social&utm_campaign=Hiver+2026."},
		{"https://exemple.fr/?a=1#haut", "https://exemple.fr/?a=1&utm_source=mastodon&utm_medium=social&utm_campaign=Hiver+2026#haut"},
		{"https://exemple.fr/?utm_source=newsletter", "https://exemple.fr/?utm_source=newsletter&utm_medium=social&utm_campaign=Hiver+2026"},
		{"(https://a.fr/x) et https://b.fr", "(https://a.fr/x?utm_source=mastodon&utm_medium=social&utm_campaign=Hiver+2026) et https://b.fr?utm_source=mastodon&utm_medium=social&utm_campaign=Hiver+2026"},
		{"pas de lien, exemple.fr", "pas de lien, exemple.fr"},
	}
	for _, c := range cases {
		if got := TagLinks(c.in, "mastodon", "Hiver 2026"); got != c.want {
			t.Errorf("TagLinks(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	if got := TagLinks("https://a.fr", "bluesky", ""); got != "https://a.fr?utm_source=bluesky&utm_medium=social" {
		t.Errorf("without a campaign: %q", got)
	}
	// Tagged links are counted as they go out.
	p := Post{Text: strings.Repeat("a", 250) + " https://exemple.fr", UTM: true, Campaign: "c"}
	v := Variant{Target: Target{Network: Bluesky}}
	if n := Length(Bluesky, p.OutgoingText(v)); n <= 300 {
		t.Errorf("tagged text counted %d for Bluesky", n)
	}
	if blocking := Blocking(Check(p)); len(blocking) == 0 {
		t.Error("no problem found")
	}
}

func TestCheckAndTheStatusWorkflow(t *testing.T) {
	d, _, _ := newDrafts()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p, err := d.Create(bg, Post{Text: "Bonjour", Media: []Media{{Hash: "h", Type: "image/png", Size: 2_000_000}}})
	if err != nil {
		t.Fatal(err)
	}
	var nr *NotReadyError
	if _, err := d.SetStatus(bg, p.ID, StatusScheduled); !errors.As(err, &nr) {
		t.Fatalf("scheduling a post with no time or target: %v", err)
	}
	if kinds := problemKinds(nr.Problems); !slices.Equal(kinds, []string{"no_target", "not_planned"}) {
		t.Errorf("problems %v", kinds)
	}
	// Bluesky takes images of 1 MB at most, Mastodon 16 MB; an image
	// without a description is a warning only.
	p.PlannedAt = at
	p.Variants = []Variant{{Target: Target{Network: Mastodon}}, {Target: Target{Network: Bluesky}, Text: strings.Repeat("é", 301)}}
	if p, err = d.Save(bg, p); err != nil {
		t.Fatal(err)
	}
	problems := Check(p)
	if kinds := problemKinds(problems); !slices.Equal(kinds, []string{"no_alt", "bluesky: too_long", "bluesky: image_too_big"}) {
		t.Errorf("problems %v", kinds)
	}
	if _, err := d.SetStatus(bg, p.ID, StatusScheduled); !errors.As(err, &nr) || len(nr.Problems) != 2 {
		t.Errorf("scheduling with Bluesky over its limits: %v", err)
	}
	p.Variants = p.Variants[:1]
	if p, err = d.Save(bg, p); err != nil {
		t.Fatal(err)
	}
	if p, err = d.SetStatus(bg, p.ID, StatusScheduled); err != nil || p.Status != StatusScheduled {
		t.Fatalf("scheduling for Mastodon only: %+v, %v", p.Status, err)
	}
	// Editing a scheduled post past its limit takes it back to ready.
	p.Status = ""
	p.Text = strings.Repeat("mot ", 200)
	if p, err = d.Save(bg, p); err != nil || p.Status != StatusReady {
		t.Errorf("scheduled post edited over the limit is %q, %v", p.Status, err)
	}
	// Unplanning does too.
	p.Text = "court"
	p, _ = d.Save(bg, p)
	p, _ = d.SetStatus(bg, p.ID, StatusScheduled)
	if p, err = d.Plan(bg, p.ID, time.Time{}); err != nil || p.Status != StatusReady {
		t.Errorf("unplanned scheduled post is %q, %v", p.Status, err)
	}
	for _, s := range []Status{StatusPublished, StatusFailed} {
		if _, err := d.SetStatus(bg, p.ID, s); !errors.Is(err, ErrStatusReserved) {
			t.Errorf("setting %s: %v", s, err)
		}
	}
	if _, err := d.SetStatus(bg, p.ID, "bientôt"); !errors.Is(err, ErrUnknownStatus) {
		t.Errorf("unknown status: %v", err)
	}
}

// Bluesky's post record holds 3,000 bytes as well as 300 graphemes: 121
// emoji families are 121 graphemes but 3,025 bytes, and the PDS refused
// such a post when it went out (issue 16).
func TestCheckCountsBlueskyBytes(t *testing.T) {
	d, _, _ := newDrafts()
	const family = "👨‍👩‍👧‍👦" // 25 bytes, 1 grapheme
	p, err := d.Create(bg, Post{
		Text:      strings.Repeat(family, 121),
		PlannedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		Variants:  []Variant{{Target: Target{Network: Mastodon}}, {Target: Target{Network: Bluesky}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	problems := Check(p)
	if kinds := problemKinds(problems); !slices.Equal(kinds, []string{"bluesky: too_many_bytes"}) {
		t.Fatalf("problems %v, want Bluesky's bytes only", kinds)
	}
	if got := problems[0]; got.Got != 3025 || got.Max != 3000 || got.Image != -1 {
		t.Errorf("problem %+v, want 3025 bytes of 3000", got)
	}
	var nr *NotReadyError
	if _, err := d.SetStatus(bg, p.ID, StatusScheduled); !errors.As(err, &nr) || len(nr.Problems) != 1 {
		t.Errorf("scheduling 3,025 bytes for Bluesky: %v", err)
	}
	// 120 families are 3,000 bytes: at the limit, not over.
	p.Text = strings.Repeat(family, 120)
	if p, err = d.Save(bg, p); err != nil {
		t.Fatal(err)
	}
	if p, err = d.SetStatus(bg, p.ID, StatusScheduled); err != nil || p.Status != StatusScheduled {
		t.Errorf("scheduling 3,000 bytes: %q, %v", p.Status, err)
	}
}

func problemKinds(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		s := string(p.Kind)
		if p.Target != (Target{}) {
			s = p.Target.Key() + ": " + s
		}
		out = append(out, s)
	}
	return out
}

func TestSaveNormalizesVariants(t *testing.T) {
	d, _, _ := newDrafts()
	p, err := d.Create(bg, Post{Text: "même texte", Campaign: "  Noël ", Variants: []Variant{
		{Target: Target{Network: Mastodon}, Text: "même texte"},
		{Target: Target{Network: Mastodon}, Text: "doublon"},
		{Target: Target{Network: Bluesky}, Text: "à part"},
		{Text: "sans réseau"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Variants) != 2 || p.Variants[0].Text != "" || p.Variants[1].Text != "à part" || p.Campaign != "Noël" {
		t.Errorf("normalized %+v", p)
	}
	// Editing the post's text changes the variants that follow it.
	p.Text = "nouveau"
	v, _ := p.Variant(Target{Network: Mastodon})
	if p.TextFor(v) != "nouveau" {
		t.Errorf("Mastodon says %q", p.TextFor(v))
	}
	if found, _ := d.Find(bg, "part"); len(found) != 1 {
		t.Errorf("search does not look into variants: %d", len(found))
	}
}

func TestAgendaShowsPostsRepeatsAndEventsFiltered(t *testing.T) {
	c, d, _, _ := newCalendar(t)
	paris := mustZone(t, "Europe/Paris")
	day := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, paris) }
	mk := func(p Post) Post {
		t.Helper()
		p, err := d.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	once := mk(Post{Text: "soldes", Campaign: "Noël", Tags: []string{"Promo"}, PlannedAt: day(3, 9), Variants: []Variant{{Target: Target{Network: Bluesky}}}})
	weekly := mk(Post{Text: "rendez-vous du lundi", PlannedAt: day(7, 9), Zone: "Europe/Paris", Recurrence: "FREQ=WEEKLY", Variants: []Variant{{Target: Target{Network: Mastodon}}}})
	mk(Post{Text: "pas planifié"})
	mk(Post{Text: "en janvier", PlannedAt: time.Date(2027, 1, 5, 9, 0, 0, 0, paris)})
	salon, err := c.SaveEvent(bg, Event{Title: "Salon", Kind: EventLaunch, Start: day(1, 9).Add(-48 * time.Hour), End: day(2, 18)})
	if err != nil {
		t.Fatal(err)
	}
	from, to := day(1, 0), day(22, 0)
	entries, err := c.Agenda(bg, from, to, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		switch {
		case e.Event != nil:
			got = append(got, "event "+e.Event.Title)
		case e.Repeat:
			got = append(got, "repeat "+e.At.In(paris).Format("02"))
		default:
			got = append(got, "post "+e.Post.Text)
		}
	}
	want := []string{"event Salon", "post soldes", "repeat 07", "repeat 14", "repeat 21"}
	if !slices.Equal(got, want) {
		t.Errorf("agenda %q, want %q", got, want)
	}
	for f, wantN := range map[Filter]int{
		{Network: Mastodon}:                3 + 1,
		{Campaign: "noël"}:                 1 + 1,
		{Tag: "promo"}:                     1 + 1,
		{Status: StatusReady}:              0 + 1,
		{Target: Target{Network: Bluesky}}: 1 + 1,
	} {
		entries, _ := c.Agenda(bg, from, to, f)
		if len(entries) != wantN {
			t.Errorf("filter %+v: %d entries, want %d", f, len(entries), wantN)
		}
	}
	posts, events, err := c.Plan(bg, from, to)
	if err != nil || len(posts) != 2 || len(events) != 1 || posts[1].ID != weekly.ID || posts[0].ID != once.ID || events[0].ID != salon.ID {
		t.Errorf("plan %d posts, %d events, %v", len(posts), len(events), err)
	}
}

func TestImportEventsTwiceUpdates(t *testing.T) {
	c, _, store, _ := newCalendar(t)
	at := time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)
	in := []Event{
		{Title: "Meetup", Start: at, End: at.Add(2 * time.Hour), UID: "m@x"},
		{Title: "Fermeture", Start: at, AllDay: true, UID: "f@x"},
		{Title: "Meetup (déplacé)", Start: at.Add(time.Hour), End: at.Add(3 * time.Hour), UID: "m@x"},
	}
	res, err := c.ImportEvents(bg, in)
	if err != nil || res != (ImportResult{Added: 2}) {
		t.Fatalf("first import %+v, %v", res, err)
	}
	res, err = c.ImportEvents(bg, in)
	if err != nil || res != (ImportResult{Updated: 2}) {
		t.Fatalf("second import %+v, %v", res, err)
	}
	if len(store.events) != 2 {
		t.Errorf("%d events stored", len(store.events))
	}
	e, _ := store.EventByUID(bg, "m@x")
	if e.Title != "Meetup (déplacé)" || e.Kind != EventOther {
		t.Errorf("kept %+v", e)
	}
	if _, err := c.ImportEvents(bg, []Event{{Title: "à l'envers", Start: at, End: at.Add(-time.Hour)}}); !errors.Is(err, ErrEventEndsBeforeStart) {
		t.Errorf("event ending before it starts: %v", err)
	}
}

func TestAnEventMadeHereComesBackAsItself(t *testing.T) {
	c, _, store, _ := newCalendar(t)
	at := time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)
	e, err := c.SaveEvent(bg, Event{Title: "Apéro", Start: at, End: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if e.UID == "" {
		t.Fatal("an event made in Relais has no UID to be found again by")
	}
	res, err := c.ImportEvents(bg, []Event{{Title: "Apéro (déplacé)", Start: at.Add(time.Hour), End: at.Add(2 * time.Hour), UID: e.UID}})
	if err != nil || res != (ImportResult{Updated: 1}) || len(store.events) != 1 {
		t.Errorf("re-import %+v, %v, %d events", res, err, len(store.events))
	}
}
