package monitor

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/ui/i18n"
)

// fakeGuard is the impostors' search over a list, as impostor.Guard
// keeps it.
type fakeGuard struct {
	mu   sync.Mutex
	list []impostor.Record
	mon.Listeners
}

func (g *fakeGuard) List(context.Context) ([]impostor.Record, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.list), nil
}

func (g *fakeGuard) Mark(_ context.Context, id app.ID, st impostor.Status) (impostor.Record, error) {
	g.mu.Lock()
	var out impostor.Record
	for i := range g.list {
		if g.list[i].ID == id {
			g.list[i].Status = st
			out = g.list[i]
		}
	}
	g.mu.Unlock()
	g.Changed()
	return out, nil
}

func (g *fakeGuard) LastError() error { return nil }

func lookalike() impostor.Record {
	return impostor.Record{
		ID: app.NewID(testNow),
		Suspect: impostor.Suspect{
			Account: mon.Account{Network: app.Bluesky, RemoteID: "did:plc:fake1", Handle: "maison-Iumen.bsky.social",
				DisplayName: "Maison Lumen", URL: "https://bsky.app/profile/maison-Iumen.bsky.social"},
			Score: 85,
			Reasons: []impostor.Reason{{Kind: impostor.ReasonLookalike, Field: impostor.FieldHandle, Found: "maison-Iumen",
				Brand: "Maison Lumen", Lookalikes: []impostor.Lookalike{{Found: "I", Brand: "l"}}, Weight: 0.8},
				{Kind: impostor.ReasonYoung, Days: 3, Weight: 0.25}},
		},
		FirstSeen: testNow, LastSeen: testNow,
	}
}

func TestImpostorsListShowsTheSuspectAndMarksIt(t *testing.T) {
	g := &fakeGuard{list: []impostor.Record{lookalike()}}
	h := newHarnessWith(t, func(d *Deps) { d.Impostors = g })
	h.s.Shown()
	h.idle()
	h.s.tabs.SelectIndex(2)
	h.idle()
	shown := h.texts()
	for _, want := range []string{"@maison-Iumen.bsky.social · Maison Lumen", "Score 85/100", "Most likely an impostor", "not looked at yet",
		"looks like “Maison Lumen” with look-alike characters: “I” (U+0049) ➔ “l” (U+006C)"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the impostors' tab does not show %q:\n%s", want, shown)
		}
	}
	// Fyne's bundled fonts draw the space after a → (U+2192) as a box.
	if strings.Contains(shown, "→") {
		t.Errorf("the impostors' tab shows a → that its font cannot draw whole:\n%s", shown)
	}
	h.s.impostors.list.Select(0)
	h.idle()
	if !strings.Contains(h.texts(), "The account is 3 days old.") {
		t.Errorf("the suspect's reasons are not all shown:\n%s", h.texts())
	}
	test.Tap(h.s.impostors.marks[impostor.StatusReported])
	h.idle()
	if got, _ := g.List(context.Background()); got[0].Status != impostor.StatusReported {
		t.Fatalf("marked %q", got[0].Status)
	}
	if b := h.s.impostors.marks[impostor.StatusReported]; b.Importance != widget.HighImportance {
		t.Error("the status chosen is not shown as chosen")
	}
	if !strings.Contains(h.texts(), "Reported") {
		t.Errorf("the list does not say it is reported:\n%s", h.texts())
	}
	test.Tap(h.s.impostors.report)
	test.Tap(h.s.impostors.profile)
	if want := []string{"https://bsky.app/profile/did:plc:fake1", "https://bsky.app/profile/maison-Iumen.bsky.social"}; !slices.Equal(h.opened, want) {
		t.Errorf("opened %q, want %q", h.opened, want)
	}
	// A pass that finds another: the tab shows it without a click.
	other := lookalike()
	other.ID = app.NewID(testNow.Add(time.Second))
	other.Account.Handle, other.Score = "lumen-officiel.bsky.social", 60
	g.mu.Lock()
	g.list = append(g.list, other)
	g.mu.Unlock()
	g.Changed()
	h.idle()
	if len(h.s.impostors.records) != 2 || !strings.Contains(h.texts(), "lumen-officiel") {
		t.Errorf("the new suspect is not listed:\n%s", h.texts())
	}
}

func TestVolumeChartMarksTheSpike(t *testing.T) {
	h := newHarness(t)
	w := h.addWatch("Lumen")
	// Two weeks of two items an hour, then a burst of 40 in the last
	// hour.
	var at []time.Time
	for hr := 14 * 24; hr >= 2; hr-- {
		at = append(at, testNow.Add(-time.Duration(hr)*time.Hour+10*time.Minute), testNow.Add(-time.Duration(hr)*time.Hour+40*time.Minute))
	}
	for i := range 40 {
		at = append(at, testNow.Add(-time.Duration(i+1)*time.Minute))
	}
	h.seed(w, len(at), func(i int) time.Time { return at[i] })
	h.s.Shown()
	h.idle()
	h.s.tabs.SelectIndex(1)
	h.idle()
	c := h.s.volume.chart
	if len(c.bars) != 7*24 {
		t.Fatalf("%d bars, want one an hour over seven days", len(c.bars))
	}
	// The last bar is the hour under way (12:00), empty; the burst is in
	// the one before.
	if c.markers() != 1 || !c.spiked[len(c.spiked)-2] {
		t.Fatalf("%d spike marks (the last hour marked: %v), want the last hour's alone", c.markers(), c.spiked[len(c.spiked)-2])
	}
	circles := 0
	for _, o := range test.WidgetRenderer(c).Objects() {
		if m, ok := o.(*canvas.Circle); ok && m.Visible() && m.Size().Width > 0 {
			circles++
		}
	}
	if circles != 1 {
		t.Errorf("%d spike marks drawn, want 1", circles)
	}
	shown := h.texts()
	if !strings.Contains(shown, "1 spike:") || !strings.Contains(shown, "40 mentions where 2 were expected") {
		t.Errorf("the spike is not told:\n%s", shown)
	}
	h.s.volume.scale.choose(scaleDays)
	h.idle()
	if len(c.bars) != 30 || c.markers() != 1 || !c.spiked[29] {
		t.Errorf("per day: %d bars, %d marks", len(c.bars), c.markers())
	}
}

// actingService records what the screen asks of the veille's actions.
type actingService struct {
	*refreshFake
	liked []mon.Item
}

func (a *actingService) Like(_ context.Context, it mon.Item) error {
	a.liked = append(a.liked, it)
	return nil
}

func TestItemActionsGoThroughTheSeams(t *testing.T) {
	var acting *actingService
	var taken []mon.Item
	var replies []string
	h := newHarnessWith(t, func(d *Deps) {
		acting = &actingService{refreshFake: d.Service.(*refreshFake)}
		d.Service = acting
		d.ToInbox = func(_ context.Context, it mon.Item) (app.InboxItem, error) {
			taken = append(taken, it)
			return app.InboxItem{}, nil
		}
		d.Reply = func(_ context.Context, it mon.Item, text string) error {
			replies = append(replies, text)
			return nil
		}
	})
	w := h.addWatch("Lumen")
	found := mon.Item{ID: app.NewID(testNow.Add(-time.Minute)), Watches: []app.ID{w.ID}, Account: h.accs[0].ID, FoundAt: testNow,
		Found: mon.Found{URI: "at://did:plc:ana/app.bsky.feed.post/1", PostID: "at://did:plc:ana/app.bsky.feed.post/1",
			URL: "https://bsky.app/profile/ana/post/1", Source: mon.SourceBluesky, Author: app.Author{Handle: "ana.bsky.social"},
			Text: "Ma lampe Lumen grésille", Published: testNow.Add(-time.Minute)}}
	article := h.seed(w, 1, func(int) time.Time { return testNow.Add(-time.Hour) })[0]
	if _, err := h.db.MergeItems(context.Background(), []mon.Item{found}); err != nil {
		t.Fatal(err)
	}
	h.s.Shown()
	h.idle()
	h.s.list.Select(0)
	h.idle()
	d := &h.s.detail
	if d.like.Disabled() || d.reply.Disabled() || d.toInbox.Disabled() {
		t.Fatal("a post found through a connected account cannot be liked, answered or sent to the inbox")
	}
	h.s.typedRune('l')
	h.s.typedRune('i')
	h.idle()
	if len(acting.liked) != 1 || acting.liked[0].ID != found.ID || len(taken) != 1 || taken[0].ID != found.ID {
		t.Errorf("liked %d, taken %d", len(acting.liked), len(taken))
	}
	test.Tap(d.reply)
	h.idle()
	top := h.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Reply opened no dialog")
	}
	var entry *widget.Entry
	var send *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Entry:
			entry = x
		case *widget.Button:
			if x.Text == "Send" {
				send = x
			}
		}
	}
	if entry == nil || send == nil {
		t.Fatal("the reply dialog has no entry or no Send")
	}
	test.Type(entry, "Désolés, on regarde.")
	test.Tap(send)
	h.idle()
	if !slices.Equal(replies, []string{"Désolés, on regarde."}) {
		t.Errorf("replies %q", replies)
	}
	// A feed's article: nothing to like or answer.
	h.s.list.Select(1)
	h.idle()
	if h.s.items[1].ID != article.ID || !d.like.Disabled() || !d.reply.Disabled() || !d.toInbox.Disabled() {
		t.Error("a feed's article can be liked or answered")
	}
}

func TestFeedTemplateFillsTheFeeds(t *testing.T) {
	h := newHarness(t)
	h.s.Shown()
	h.idle()
	h.s.showAddForm()
	f := h.s.form
	f.query.SetText(`"Maison Lumen"`)
	f.template.choose(string(mon.FeedGoogleNews))
	if f.templArg.Visible() {
		t.Error("Google News asks for more than the query")
	}
	test.Tap(f.templAdd)
	f.template.choose(string(mon.FeedYouTube))
	if !f.templArg.Visible() {
		t.Fatal("YouTube asks for no channel")
	}
	f.templArg.SetText("https://www.youtube.com/@maisonlumen")
	test.Tap(f.templAdd)
	if !f.errLabel.Visible() || !strings.Contains(f.errLabel.Text, "Copy channel ID") {
		t.Errorf("a channel's @name says %q", f.errLabel.Text)
	}
	f.templArg.SetText("UCabcdefghijklmnopqrstuv")
	test.Tap(f.templAdd)
	want := "https://news.google.com/rss/search?q=%22Maison+Lumen%22&hl=en-US&gl=US&ceid=US:en\n" +
		"https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv"
	if f.feeds.Text != want {
		t.Errorf("feeds %q, want %q", f.feeds.Text, want)
	}
}

// The detail's sentiment and time sit side by side: the time starts after
// the sentiment's label, whatever the item shown before (a screenshot
// showed "1 min ago" drawn over "Negative").
func TestItemDetailSentimentAndTimeDoNotOverlap(t *testing.T) {
	h := newHarnessWith(t, nil)
	w := h.addWatch("Maison Lumen")
	h.seed(w, 3, minutesBack)
	h.s.Shown()
	h.idle()
	for i := range 3 {
		h.s.list.Select(i)
		h.idle()
		d := h.s.detail
		end := d.sentiment.Position().X + d.sentiment.MinSize().Width
		if d.sentiment.Text == "" || d.when.Position().X < end || d.sentiment.Size().Width < d.sentiment.MinSize().Width {
			t.Errorf("item %d: %q ends at %.0f, %q starts at %.0f", i, d.sentiment.Text, end, d.when.Text, d.when.Position().X)
		}
	}
}

// A row of the stream made for one item and reused for another keeps its
// meta line clear of a longer sentiment ("Negative" after "Neutral").
func TestItemRowSentimentAndMetaDoNotOverlap(t *testing.T) {
	tr := i18n.New(app.LanguageEnglish)
	r := newItemRow()
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(500, 80))
	for _, s := range []mon.Sentiment{mon.SentimentNeutral, mon.SentimentNegative, mon.SentimentPositive, mon.SentimentNegative} {
		it := mon.Item{Found: mon.Found{Source: mon.SourceFeed, Text: "Un avis", Author: app.Author{Name: "Ana", Handle: "ana@news.example"}, Published: testNow}, Sentiment: s, FoundAt: testNow}
		r.set(tr, it, testNow)
		end := r.sentiment.Position().X + r.sentiment.MinSize().Width
		if r.meta.Position().X < end || r.sentiment.Size().Width < r.sentiment.MinSize().Width {
			t.Errorf("%s: %q ends at %.0f, the meta %q starts at %.0f", s, r.sentiment.Text, end, r.meta.Text, r.meta.Position().X)
		}
	}
}
