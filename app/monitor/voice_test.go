package monitor

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// TestShareOfVoiceCountsPerWeek stores known counts: per week of a
// 28-day period, the brand's items (its brand and product watches, an
// item of both counted once), two competitors', and a topic's that is
// nobody's voice.
func TestShareOfVoiceCountsPerWeek(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	c := &clock{now: time.Date(2026, 11, 29, 12, 0, 0, 0, paris)} // a Sunday
	store := &memStore{}
	s := NewService(store, nil, nil, c)
	feed := []SourceRef{{Kind: SourceFeed, URL: "https://example.org/feed"}}
	add := func(name string, kind Kind) Watch {
		w, err := s.Add(ctx, Watch{Name: name, Kind: kind, Query: name, Sources: feed})
		if err != nil {
			t.Fatal(err)
		}
		c.add(time.Millisecond)
		return w
	}
	rival := add("Rival", KindCompetitor)
	brand := add("Maison Lumen", KindBrand)
	lamp := add("Lampe Aurore", KindProduct)
	other := add("Atelier Nord", KindCompetitor)
	topic := add("bougies", KindTopic)

	p := app.LastDays(c.now, 28, paris) // Monday 2 November to Sunday 29 November
	prev := p.Previous()
	if p.From.Weekday() != time.Monday || app.StepFor(p) != app.StepWeek {
		t.Fatalf("period %v, step %s", p, app.StepFor(p))
	}
	n := 0
	put := func(at time.Time, watches ...app.ID) {
		n++
		store.items = append(store.items, Item{ID: app.NewID(at), Watches: watches, FoundAt: at,
			Found: Found{URI: fmt.Sprint("https://example.org/", n), Published: at}})
	}
	// week w (0 to 3) holds brand 10+w, of which 2 also found by the
	// product watch, 3 by the product alone; rival 5 each week; the
	// other competitor w; the topic 50, nobody's.
	for w := range 4 {
		monday := p.From.AddDate(0, 0, 7*w)
		for i := range 10 + w {
			if i < 2 {
				put(monday.Add(time.Duration(i)*time.Hour), brand.ID, lamp.ID)
			} else {
				put(monday.Add(time.Duration(i)*time.Hour), brand.ID)
			}
		}
		for i := range 3 {
			put(monday.Add(30*time.Hour+time.Duration(i)*time.Minute), lamp.ID)
		}
		for i := range 5 {
			put(monday.Add(50*time.Hour+time.Duration(i)*time.Minute), rival.ID)
		}
		for i := range w {
			put(monday.Add(70*time.Hour+time.Duration(i)*time.Minute), other.ID, topic.ID)
		}
		for i := range 50 {
			put(monday.Add(80*time.Hour+time.Duration(i)*time.Minute), topic.ID)
		}
	}
	// A comparison: brand and rival in one item, counted for each.
	put(p.From.AddDate(0, 0, 27).Add(23*time.Hour+30*time.Minute), brand.ID, rival.ID) // Sunday 23:30 in Paris
	// Before the period: the previous one; after: nothing.
	put(p.From.Add(-time.Minute), brand.ID)
	put(prev.From, rival.ID)
	put(prev.From.Add(-time.Minute), rival.ID)
	put(p.To, brand.ID)

	v, err := s.ShareOfVoice(ctx, p, prev)
	if err != nil {
		t.Fatal(err)
	}
	if v.Step != app.StepWeek || len(v.Slices) != 4 || !v.Slices[1].Equal(p.From.AddDate(0, 0, 7)) {
		t.Fatalf("slices %v (%s)", v.Slices, v.Step)
	}
	if len(v.Voices) != 3 {
		t.Fatalf("voices %+v", v.Voices)
	}
	want := []struct {
		name   string
		brand  bool
		counts []int
		total  int
		prev   int
	}{
		{"Maison Lumen", true, []int{13, 14, 15, 17}, 59, 1},
		{"Rival", false, []int{5, 5, 5, 6}, 21, 1},
		{"Atelier Nord", false, []int{0, 1, 2, 3}, 6, 0},
	}
	for i, w := range want {
		got := v.Voices[i]
		if got.Name != w.name || got.Brand != w.brand || fmt.Sprint(got.Counts) != fmt.Sprint(w.counts) || got.Total != w.total || got.Previous != w.prev {
			t.Errorf("voice %d: %+v, want %+v", i, got, w)
		}
	}
	if share, ok := v.Share(0); !ok || math.Abs(share-59.0/86) > 1e-9 {
		t.Errorf("the brand's share %v", share)
	}
	if share, ok := v.SliceShare(2, 0); !ok || share != 0 {
		t.Errorf("the other's share of week 1: %v %v", share, ok)
	}
	if share, ok := v.SliceShare(1, 3); !ok || math.Abs(share-6.0/26) > 1e-9 {
		t.Errorf("the rival's share of week 4: %v", share)
	}
	if share, ok := v.PreviousShare(0); !ok || share != 0.5 {
		t.Errorf("the brand's previous share %v", share)
	}

	// Without a brand or a competitor watch, there is no share of voice.
	for _, w := range []Watch{rival, brand, lamp, other} {
		if err := s.Remove(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := s.ShareOfVoice(ctx, p, prev); err != nil || len(v.Voices) != 0 || v.Total() != 0 {
		t.Errorf("topics only: %+v, %v", v, err)
	}
}

func TestPeriodSlices(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		p    app.Period
		step app.VoiceStep
		n    int
	}{
		{app.Period{From: day(11, 1), To: day(11, 8)}, app.StepDay, 7},
		{app.Period{From: day(11, 4), To: day(12, 4)}, app.StepWeek, 5}, // a Wednesday: a short first week
		{app.Period{From: day(9, 1), To: day(12, 1)}, app.StepWeek, 14},
		{app.Period{From: day(6, 15), To: day(12, 1)}, app.StepMonth, 6},
	} {
		step := app.StepFor(c.p)
		s := c.p.Slices(step)
		if step != c.step || len(s) != c.n || !s[0].Equal(c.p.From) {
			t.Errorf("%v: %s, %d slices %v", c.p, step, len(s), s)
		}
	}
}
