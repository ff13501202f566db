package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// labelTexts are the texts of the labels in o, in order.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		out = append(out, x.Text)
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, labelTexts(c)...)
		}
	}
	return out
}

// TestAnalyticsShowsShareOfVoiceAndCompetitors stores watches, their
// items and a competitor's figures in the window's database, and reads
// them on the Analytics screen, as main wires the veille.
func TestAnalyticsShowsShareOfVoiceAndCompetitors(t *testing.T) {
	x := newAnalyticsFixture(t, app.LanguageEnglish, true)
	ctx := context.Background()
	now := x.w.deps.Clock.Now()
	watches := monitor.NewService(x.db, nil, nil, x.w.deps.Clock)
	rivals := monitor.NewCompetitors(x.db, x.s.accounts, x.w.deps.Clock, time.UTC)
	x.an.UseVeille(monitor.Figures{Watches: watches, Rivals: rivals})

	s := x.screen()
	if s.veille.voiceHint.Hidden || s.veille.benchHint.Hidden || s.veille.voiceBox.Visible() {
		t.Fatal("without watches nor competitors, the hints do not show")
	}

	feed := []monitor.SourceRef{{Kind: monitor.SourceFeed, URL: "https://example.org/feed"}}
	var ids []app.ID
	for i, w := range []struct {
		name string
		kind monitor.Kind
	}{{"Maison Lumen", monitor.KindBrand}, {"Rival", monitor.KindCompetitor}} {
		id := app.NewID(now.Add(time.Duration(i) * time.Millisecond))
		if err := x.db.PutWatch(ctx, monitor.Watch{ID: id, Name: w.name, Kind: w.kind, Query: w.name, Sources: feed, Created: now}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// 30 items of the brand, 10 of the rival, over the last days.
	var items []monitor.Item
	for i := range 40 {
		at := now.Add(-time.Duration(i+1) * 7 * time.Hour)
		w := ids[0]
		if i%4 == 3 {
			w = ids[1]
		}
		items = append(items, monitor.Item{ID: app.NewID(at), Watches: []app.ID{w}, FoundAt: at,
			Found: monitor.Found{URI: fmt.Sprint("https://example.org/", i), Published: at}})
	}
	if _, err := x.db.MergeItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	c := monitor.Competitor{ID: app.NewID(now), Network: app.Bluesky, Handle: "rival.bsky.social", Added: now.AddDate(0, 0, -5), LastRead: now}
	if err := x.db.PutCompetitor(ctx, c); err != nil {
		t.Fatal(err)
	}
	for i, n := range []int{2000, 2042} {
		d := monitor.CompetitorDay{Competitor: c.ID, Day: app.DayOf(now, time.UTC).AddDate(0, 0, i-1), Followers: n, At: now}
		if err := x.db.PutCompetitorDay(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	err := x.db.PutCompetitorPosts(ctx, []monitor.CompetitorPost{
		{Competitor: c.ID, URI: "at://rival/1", Text: "Nouveautés", Published: now.Add(-30 * time.Hour), Likes: 30, Reposts: 5, Replies: 5, ReadAt: now},
		{Competitor: c.ID, URI: "at://rival/2", Text: "Soldes", Published: now.Add(-50 * time.Hour), Likes: 10, ReadAt: now},
	})
	if err != nil {
		t.Fatal(err)
	}

	s.load()
	x.idle()
	v := s.veille
	if !v.voiceHint.Hidden || !v.voiceBox.Visible() || !v.benchHint.Hidden || !v.benchBox.Visible() {
		t.Fatal("the share of voice and the competitors are not shown")
	}
	if v.voiceLine.Text != "Maison Lumen had 75% of the mentions of the brand and its competitors." {
		t.Errorf("share of voice: %q", v.voiceLine.Text)
	}
	voice := strings.Join(labelTexts(v.voiceTable), "|")
	if !strings.Contains(voice, "Maison Lumen (brand)|30|75%") || !strings.Contains(voice, "Rival|10|25%") {
		t.Errorf("share of voice table: %s", voice)
	}
	bench := strings.Join(labelTexts(v.benchTable), "|")
	if !strings.Contains(bench, "rival.bsky.social|Bluesky|2,042|+42|2|0.5|25.0") || !strings.Contains(bench, "(you)") {
		t.Errorf("competitors table: %s", bench)
	}
	if w := x.w.Window().Content().MinSize().Width; w > 900 {
		t.Errorf("the window needs %.0f points with the competitors shown", w)
	}
	for _, card := range []*chartCard{v.voice, v.bench} {
		img := card.view.generate(900, 480)
		if distinctColours(img) < 5 {
			t.Errorf("%s draws %d colours", card.name, distinctColours(img))
		}
		if card.values == nil || len(card.values().Rows) == 0 {
			t.Errorf("%s has no values table", card.name)
		}
	}
}

// followFake answers Add as told: it waits for release (or the
// context's end) before answering.
type followFake struct {
	calls   []string
	release chan struct{}
	err     error
}

func (f *followFake) Add(ctx context.Context, network app.Network, handle string) (monitor.Competitor, error) {
	f.calls = append(f.calls, string(network)+" "+handle)
	select {
	case <-ctx.Done():
		return monitor.Competitor{}, ctx.Err()
	case <-f.release:
	}
	if f.err != nil {
		return monitor.Competitor{}, f.err
	}
	return monitor.Competitor{Network: network, Handle: handle, Name: "Rival"}, nil
}

// A competitor's account is followed from Analytics: the network and the
// handle typed, Follow becomes Cancel while the account is read, a
// refusal is said in plain words, and once followed the report is read
// again.
func TestFollowACompetitorFromAnalytics(t *testing.T) {
	fake := &followFake{release: make(chan struct{})}
	x := &analyticsFixture{}
	x.fixture, x.s = newServicesFixture(t, app.LanguageEnglish, withAnalytics(x), func(_ *fixture, d *Deps) { d.Competitors = fake })
	s := x.screen()
	form := s.veille.follow
	if form == nil || !strings.Contains(s.veille.benchHint.Text, "below") {
		t.Fatal("Analytics offers no form to follow a competitor")
	}
	form.network.SetSelected("Mastodon")
	test.Type(form.handle, "rival@mastodon.example")
	test.Tap(form.button) // the read waits for release: no idle here
	if form.button.Text != "Cancel" || !form.handle.Disabled() || form.status.Text != "Finding and reading rival@mastodon.example…" {
		t.Fatalf("while reading: button %q, status %q", form.button.Text, form.status.Text)
	}
	test.Tap(form.button) // Cancel
	x.idle()
	if form.status.Text != "Cancelled: no competitor was added." || form.button.Text != "Follow" || form.handle.Disabled() || form.handle.Text != "rival@mastodon.example" {
		t.Errorf("after Cancel: status %q, button %q, handle %q", form.status.Text, form.button.Text, form.handle.Text)
	}

	fake.err = monitor.ErrCompetitorExists
	close(fake.release)
	test.Tap(form.button)
	x.idle()
	if want := x.w.tr.Error(monitor.ErrCompetitorExists); form.status.Text != want {
		t.Errorf("a refusal says %q, want %q", form.status.Text, want)
	}

	fake.err = nil
	loads := s.loads
	test.Tap(form.button)
	x.idle()
	if !strings.HasPrefix(form.status.Text, "Rival (rival@mastodon.example) is followed") || form.handle.Text != "" || s.loads == loads {
		t.Errorf("once followed: status %q, handle %q, report read again: %v", form.status.Text, form.handle.Text, s.loads != loads)
	}
	if len(fake.calls) != 3 || fake.calls[0] != "mastodon rival@mastodon.example" {
		t.Errorf("Add called with %q", fake.calls)
	}
}
