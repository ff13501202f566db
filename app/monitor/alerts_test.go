package monitor

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// alertSettings is an app.SettingsStore in memory.
type alertSettings struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *alertSettings) Setting(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key], nil
}

func (s *alertSettings) SetSetting(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

// fakeNotifier keeps what it was told.
type fakeNotifier struct {
	mu      sync.Mutex
	notices []app.Notice
}

func (n *fakeNotifier) Notify(x app.Notice) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notices = append(n.notices, x)
}

func (n *fakeNotifier) all() []app.Notice {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]app.Notice(nil), n.notices...)
}

// toneScorer: a text with "nul" in it is negative, any other neutral.
type toneScorer struct{}

func (toneScorer) Score(text string, _ app.Language) Sentiment {
	if strings.Contains(text, "nul") {
		return SentimentNegative
	}
	return SentimentNeutral
}

const alertFeed = "https://news.example/feed"

type alertFixture struct {
	t        *testing.T
	c        *clock
	store    *memStore
	feeds    *fakeFeeds
	settings *alertSettings
	notes    *fakeNotifier
	zone     *time.Location
	s        *Service
	brand    Watch
	silent   Watch // the same items, without notifications
	n        int
}

// newAlertFixture is a brand watch that notifies and one that does not,
// both reading one feed, with two weeks of a quiet past: three items an
// hour, one negative every fourth hour.
func newAlertFixture(t *testing.T, now time.Time) *alertFixture {
	x := &alertFixture{t: t, c: &clock{now: now.Add(-15 * 24 * time.Hour)}, store: &memStore{},
		feeds:    &fakeFeeds{articles: map[string][]Found{}, err: map[string]error{}},
		settings: &alertSettings{}, notes: &fakeNotifier{}, zone: time.FixedZone("CET", 3600)}
	x.start()
	var err error
	if x.brand, err = x.s.Add(ctx, Watch{Name: "Maison Lumen", Kind: KindBrand, Query: "lumen", Notify: true,
		Sources: []SourceRef{{Kind: SourceFeed, URL: alertFeed}}}); err != nil {
		t.Fatal(err)
	}
	if x.silent, err = x.s.Add(ctx, Watch{Name: "Lumen (silent)", Query: "lumen",
		Sources: []SourceRef{{Kind: SourceFeed, URL: alertFeed}}}); err != nil {
		t.Fatal(err)
	}
	x.c.now = now
	end := now.Truncate(time.Hour)
	for h := end.Add(-14 * 24 * time.Hour); h.Before(end); h = h.Add(time.Hour) {
		for i, m := range []int{5, 25, 45} {
			tone := SentimentNeutral
			if i == 0 && h.Hour()%4 == 0 {
				tone = SentimentNegative
			}
			x.n++
			at := h.Add(time.Duration(m) * time.Minute)
			x.store.items = append(x.store.items, Item{ID: app.NewID(at), Watches: []app.ID{x.brand.ID, x.silent.ID}, FoundAt: at,
				Sentiment: tone, Found: Found{URI: fmt.Sprintf("https://news.example/old/%d", x.n), Text: "lumen", Published: at}})
		}
	}
	return x
}

// start makes the service anew, as a restart of Relais does.
func (x *alertFixture) start() {
	x.s = NewService(x.store, nil, x.feeds, x.c)
	x.s.UseScorer(toneScorer{})
	x.s.UseSettings(x.settings)
	x.s.UseNotifier(x.notes, x.zone)
}

// arrive puts n new articles in the feed, published a minute ago, the
// first negative ones negative.
func (x *alertFixture) arrive(n, negative int) {
	for i := range n {
		x.n++
		text := "lumen, très bien"
		if i < negative {
			text = "lumen, service nul"
		}
		x.feeds.articles[alertFeed] = append(x.feeds.articles[alertFeed],
			Found{URI: fmt.Sprintf("https://news.example/%d", x.n), Text: text, Published: x.c.Now().Add(-time.Minute)})
	}
}

// pass reads the sources as Refresh now does, a given time later.
func (x *alertFixture) pass(after time.Duration) {
	x.t.Helper()
	x.c.add(after)
	if _, err := x.s.RefreshNow(ctx, nil); err != nil {
		x.t.Fatal(err)
	}
}

func TestABurstNotifiesOnceWithItsFigures(t *testing.T) {
	x := newAlertFixture(t, time.Date(2026, 12, 1, 13, 10, 0, 0, time.UTC))
	x.arrive(15, 12)
	x.pass(0)
	got := x.notes.all()
	if len(got) != 1 {
		t.Fatalf("%d notices after the burst's first pass: %+v", len(got), got)
	}
	n := got[0]
	if n.Kind != app.NoticeSpike || !n.Urgent || len(n.Spikes) != 1 {
		t.Fatalf("notice %+v", n)
	}
	a := n.Spikes[0]
	if a.WatchID != x.brand.ID || a.Watch != "Maison Lumen" || a.Count != 15 || a.Negative != 12 || a.Percent != 80 ||
		!a.NegativeShare || !a.Hour.Equal(time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)) || a.Hour.Location() != x.zone {
		t.Errorf("alert %+v", a)
	}
	// The burst goes on over several passes, into the next hour: told
	// once; nor does a restart tell it again.
	x.arrive(15, 13)
	x.pass(15 * time.Minute)
	x.start()
	x.pass(10 * time.Minute)
	x.arrive(20, 17)
	x.pass(30 * time.Minute) // 14:05
	x.arrive(20, 17)
	x.pass(15 * time.Minute) // hour 14 is a spike too, of the same burst
	if sp, _ := x.s.Spikes(ctx, x.brand.ID); len(sp) != 2 || sp[1].Hour.Count != 20 {
		t.Fatalf("the burst's spikes: %+v", sp)
	}
	if got := x.notes.all(); len(got) != 1 {
		t.Fatalf("%d notices for one burst: %+v", len(got), got[1:])
	}
	// Quiet again, then a new burst a day and a half later: told again.
	x.pass(36 * time.Hour)
	x.arrive(25, 22)
	x.pass(time.Minute)
	if got := x.notes.all(); len(got) != 2 || got[1].Spikes[0].Count != 25 {
		t.Fatalf("a second burst: %+v", got)
	}
}

func TestAQuietSeriesNeverNotifies(t *testing.T) {
	x := newAlertFixture(t, time.Date(2026, 12, 1, 13, 2, 0, 0, time.UTC))
	for i := range 4 * 24 { // a day of passes, one item each
		neg := 0
		if i%4 == 0 {
			neg = 1
		}
		x.arrive(1, neg)
		x.pass(15 * time.Minute)
	}
	if got := x.notes.all(); len(got) != 0 {
		t.Fatalf("a quiet series notified: %+v", got)
	}
	if sp, err := x.s.Spikes(ctx, x.brand.ID); err != nil || len(sp) != 0 {
		t.Errorf("spikes of a quiet series: %+v, %v", sp, err)
	}
}

func TestSpikesKeepQuietHoursUnlessAllowed(t *testing.T) {
	// 03:10 in the user's zone (02:10 UTC), quiet from 22:00 to 08:00.
	x := newAlertFixture(t, time.Date(2026, 12, 1, 2, 10, 0, 0, time.UTC))
	if err := app.NewSettings(x.settings).SetInbox(ctx, app.InboxSettings{Quiet: app.QuietHours{From: 22 * 60, To: 8 * 60}}); err != nil {
		t.Fatal(err)
	}
	x.arrive(15, 12)
	x.pass(0)
	x.arrive(10, 9)
	x.pass(20 * time.Minute)
	if got := x.notes.all(); len(got) != 0 {
		t.Fatalf("told during quiet hours: %+v", got)
	}
	// The user lets bad buzz break through: the burst, still in the last
	// hour, is told at the next pass.
	if err := SetSpikesBreakQuiet(ctx, x.settings, true); err != nil {
		t.Fatal(err)
	}
	if on, _ := SpikesBreakQuiet(ctx, x.settings); !on {
		t.Fatal("the setting did not stick")
	}
	x.pass(10 * time.Minute)
	if got := x.notes.all(); len(got) != 1 || got[0].Spikes[0].Count != 25 {
		t.Fatalf("allowed through quiet hours: %+v", got)
	}
}

func TestASpikeLateInQuietHoursIsToldWhenTheyEnd(t *testing.T) {
	// 07:40 in the user's zone; quiet hours end at 08:00.
	x := newAlertFixture(t, time.Date(2026, 12, 1, 6, 40, 0, 0, time.UTC))
	if err := app.NewSettings(x.settings).SetInbox(ctx, app.InboxSettings{Quiet: app.QuietHours{From: 22 * 60, To: 8 * 60}}); err != nil {
		t.Fatal(err)
	}
	x.arrive(18, 15)
	x.pass(0)
	if got := x.notes.all(); len(got) != 0 {
		t.Fatalf("told during quiet hours: %+v", got)
	}
	x.pass(25 * time.Minute) // 08:05: the last complete hour was the spike
	if got := x.notes.all(); len(got) != 1 || got[0].Spikes[0].Count != 18 {
		t.Fatalf("after quiet hours: %+v", got)
	}
}

func TestPausedNotificationsNoteSpikesWithoutTellingThem(t *testing.T) {
	x := newAlertFixture(t, time.Date(2026, 12, 1, 13, 10, 0, 0, time.UTC))
	if err := app.NewSettings(x.settings).SetInbox(ctx, app.InboxSettings{Paused: true}); err != nil {
		t.Fatal(err)
	}
	x.arrive(15, 12)
	x.pass(0)
	if err := app.NewSettings(x.settings).SetInbox(ctx, app.InboxSettings{}); err != nil {
		t.Fatal(err)
	}
	x.pass(5 * time.Minute)
	if got := x.notes.all(); len(got) != 0 {
		t.Fatalf("told while paused, or afterwards: %+v", got)
	}
}

func TestNoNotifierTellsNothingAndNotesNothing(t *testing.T) {
	x := newAlertFixture(t, time.Date(2026, 12, 1, 13, 10, 0, 0, time.UTC))
	x.s.UseNotifier(nil, nil) // the command line's relais watch run
	x.arrive(15, 12)
	x.pass(0)
	if x.settings.m[settingSpikesTold] != "" {
		t.Fatalf("noted as told: %s", x.settings.m[settingSpikesTold])
	}
	sp, err := x.s.Spikes(ctx, app.ID{})
	if err != nil || len(sp) != 2 || sp[0].Hour.Count != 15 || sp[0].Percent() != 80 {
		t.Fatalf("spikes: %+v, %v", sp, err)
	}
	// The window then tells it.
	x.s.UseNotifier(x.notes, x.zone)
	x.pass(time.Minute)
	if got := x.notes.all(); len(got) != 1 {
		t.Fatalf("%d notices", len(got))
	}
}
