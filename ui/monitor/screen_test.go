package monitor

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui/i18n"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

var testNow = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// uiQueue stands in for the UI goroutine: what the background hands it
// runs when the test drains it.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) do(fn func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fns = append(q.fns, fn)
}

func (q *uiQueue) drain() bool {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	return len(fns) > 0
}

// refreshFake is the real service, but Refresh now tells how far it got
// and waits to be cancelled, as a slow source would.
type refreshFake struct {
	*mon.Service
	mu      sync.Mutex
	calls   int
	reached chan struct{}
}

func (f *refreshFake) RefreshNow(ctx context.Context, progress func(done, total int)) ([]mon.SourceReport, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	progress(0, 2)
	progress(1, 2)
	close(f.reached)
	<-ctx.Done()
	return nil, ctx.Err()
}

type harness struct {
	t      testing.TB
	s      *Screen
	db     *storage.DB
	svc    *mon.Service
	fake   *refreshFake
	win    fyne.Window
	ui     uiQueue
	bg     sync.WaitGroup
	errs   []error
	opened []string
	accs   []app.Account
}

func newHarness(t testing.TB) *harness { return newHarnessWith(t, nil) }

// newHarnessWith is newHarness with its Deps changed by more first.
func newHarnessWith(t testing.TB, more func(*Deps)) *harness {
	a := test.NewTempApp(t)
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db}
	h.svc = mon.NewService(db, nil, nil, fixedClock{testNow})
	h.fake = &refreshFake{Service: h.svc, reached: make(chan struct{})}
	h.accs = []app.Account{
		{ID: app.NewID(testNow), Network: app.Bluesky, Handle: "lumen.bsky.social"},
		{ID: app.NewID(testNow.Add(time.Second)), Network: app.RSS, Server: "https://news.example/feed.xml"},
	}
	h.win = a.NewWindow("test")
	h.win.Resize(fyne.NewSize(1200, 800))
	d := Deps{
		Service: h.fake, Tr: i18n.New(app.LanguageEnglish), Clock: fixedClock{testNow}, Window: h.win,
		Do: h.ui.do,
		Go: func(fn func()) {
			h.bg.Add(1)
			go func() { defer h.bg.Done(); fn() }()
		},
		OpenURL:   func(u string) error { h.opened = append(h.opened, u); return nil },
		Clipboard: a.Clipboard(),
		Accounts:  func() []app.Account { return h.accs },
		Shown:     func() bool { return true },
		ShowError: func(err error) { h.errs = append(h.errs, err) },
	}
	if more != nil {
		more(&d)
	}
	h.s = New(d)
	h.win.SetContent(h.s.Content())
	h.win.Show()
	t.Cleanup(func() {
		h.s.Close()
		h.idle()
		h.win.Close()
		db.Close()
	})
	return h
}

// idle waits for the background and runs what it handed the UI, until
// nothing is left.
func (h *harness) idle() {
	for {
		h.bg.Wait()
		if !h.ui.drain() {
			return
		}
	}
}

func (h *harness) addWatch(name string) mon.Watch {
	h.t.Helper()
	w, err := h.svc.Add(context.Background(), mon.Watch{Name: name, Query: "lumen", Kind: mon.KindBrand,
		Sources: []mon.SourceRef{{Kind: mon.SourceFeed, URL: "https://news.example/feed.xml"}}})
	if err != nil {
		h.t.Fatal(err)
	}
	return w
}

// seed stores n items of watch w, one a minute back from now, with the
// sentiments in turn.
func (h *harness) seed(w mon.Watch, n int, at func(i int) time.Time) []mon.Item {
	h.t.Helper()
	sentiments := []mon.Sentiment{mon.SentimentNegative, mon.SentimentPositive, mon.SentimentNeutral}
	items := make([]mon.Item, n)
	for i := range items {
		t := at(i)
		items[i] = mon.Item{
			ID: app.NewID(t),
			Found: mon.Found{URI: fmt.Sprintf("https://news.example/%d", i), URL: fmt.Sprintf("https://news.example/%d", i),
				Source: mon.SourceFeed, Author: app.Author{Name: "Ana", Handle: "ana@news.example"},
				Text: fmt.Sprintf("item %d about lumen\nsecond line <b>not bold</b>", i), Language: "fr", Published: t},
			Watches: []app.ID{w.ID}, FeedURL: "https://news.example/feed.xml",
			Sentiment: sentiments[i%3], FoundAt: t,
		}
	}
	for start := 0; start < n; start += 5000 {
		if _, err := h.db.MergeItems(context.Background(), items[start:min(start+5000, n)]); err != nil {
			h.t.Fatal(err)
		}
	}
	return items
}

func minutesBack(i int) time.Time { return testNow.Add(-time.Duration(i+1) * time.Minute) }

// texts is every label's text on the screen.
func (h *harness) texts() string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(h.win.Content()) {
		if l, ok := o.(*widget.Label); ok && o.Visible() {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestAddWatchThroughTheForm(t *testing.T) {
	h := newHarness(t)
	h.s.Shown()
	h.idle()
	h.s.showAddForm()
	f := h.s.form
	test.Type(f.query, `"maison lumen`)
	if !strings.Contains(f.queryHelp.Text, "character 14") || !strings.Contains(f.queryHelp.Text, "closing quote") ||
		f.queryHelp.Importance != widget.DangerImportance {
		t.Fatalf("a bad query says %q (importance %v), want where it is wrong", f.queryHelp.Text, f.queryHelp.Importance)
	}
	if !strings.HasSuffix(f.queryHelp.Text, "\n\"maison lumen▸") {
		t.Errorf("the query is not shown marked where it is wrong: %q", f.queryHelp.Text)
	}
	test.Tap(f.add)
	h.idle()
	if !f.errLabel.Visible() {
		t.Error("adding with a bad query says nothing")
	}
	f.query.SetText(`"maison lumen" OR #lumen`)
	if f.queryHelp.Importance == widget.DangerImportance || !strings.Contains(f.queryHelp.Text, "maison lumen") {
		t.Errorf("a good query says %q", f.queryHelp.Text)
	}
	test.Type(f.name, "Lumen")
	test.Tap(f.add)
	h.idle()
	if !strings.Contains(f.errLabel.Text, "at least one source") {
		t.Errorf("a watch without source says %q", f.errLabel.Text)
	}
	if len(f.checks) != 2 {
		t.Fatalf("%d sources offered, want the Bluesky account and the feed", len(f.checks))
	}
	f.checks[0].SetChecked(true)
	f.feeds.SetText("https://other.example/rss")
	f.notify.SetChecked(true)
	f.kind.choose(string(mon.KindCompetitor))
	test.Tap(f.add)
	h.idle()
	list, err := h.svc.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("watches %v, %v; want the one added", list, err)
	}
	w := list[0]
	if w.Name != "Lumen" || w.Kind != mon.KindCompetitor || !w.Notify || len(w.Sources) != 2 ||
		w.Sources[0].Account != h.accs[0].ID || w.Sources[1].URL != "https://other.example/rss" {
		t.Errorf("stored %+v", w)
	}
	if h.win.Canvas().Overlays().Top() != nil || len(h.s.watches) != 1 || !strings.Contains(h.texts(), "Lumen") {
		t.Errorf("the new watch is not on the left: %q", h.texts())
	}
}

func TestItemsWithSentimentFilterAndDetail(t *testing.T) {
	h := newHarness(t)
	w := h.addWatch("Lumen")
	items := h.seed(w, 6, minutesBack)
	h.s.Shown()
	h.idle()
	if len(h.s.items) != 6 || h.s.items[0].ID != items[0].ID {
		t.Fatalf("listed %d items, want 6 newest first", len(h.s.items))
	}
	shown := h.texts()
	for _, want := range []string{"Negative", "Positive", "Neutral", "6 items", "item 0 about lumen", "Ana (@ana@news.example)", "6 unread"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the screen does not show %q:\n%s", want, shown)
		}
	}
	h.s.fSentiment.choose(string(mon.SentimentNegative))
	h.idle()
	if len(h.s.items) != 2 {
		t.Fatalf("the negative filter lists %d items, want 2", len(h.s.items))
	}
	for _, it := range h.s.items {
		if it.Sentiment != mon.SentimentNegative {
			t.Errorf("the negative filter lists a %s item", it.Sentiment)
		}
	}

	// j chooses the first item, whose text shows plain, markup and all.
	h.s.list.TypedRune('j')
	h.idle()
	if h.s.selected != items[0].ID {
		t.Fatal("j did not choose the first item")
	}
	if got := h.s.detail.text.Text; got != items[0].Text {
		t.Errorf("the detail shows %q, want the item's text as it is", got)
	}
	if !h.s.detail.box.Visible() || h.s.detail.link.Text != items[0].URL {
		t.Error("the detail or its link is not shown")
	}
	h.s.list.TypedRune('j')
	if h.s.selected != items[3].ID {
		t.Error("j did not go to the next negative item")
	}
	h.s.list.TypedRune('k')
	if h.s.selected != items[0].ID {
		t.Error("k did not go back")
	}

	// Mark read: the watch's unread count goes down.
	test.Tap(h.s.detail.read)
	h.idle()
	if h.s.unread[w.ID] != 5 || !strings.Contains(h.texts(), "5 unread") {
		t.Errorf("after mark read the count is %d: %q", h.s.unread[w.ID], h.texts())
	}
	got, _ := h.svc.Items(context.Background(), mon.Filter{Read: mon.OnlyRead})
	if len(got) != 1 || got[0].ID != items[0].ID {
		t.Errorf("read in the store: %v", got)
	}
	if h.s.detail.read.Text != "Mark unread" {
		t.Errorf("the button says %q after mark read", h.s.detail.read.Text)
	}
	// s marks important, o opens in the browser.
	h.s.list.TypedRune('s')
	h.idle()
	got, _ = h.svc.Items(context.Background(), mon.Filter{Important: true})
	if len(got) != 1 || got[0].ID != items[0].ID {
		t.Errorf("important in the store: %v", got)
	}
	h.s.list.TypedRune('o')
	if len(h.opened) != 1 || h.opened[0] != items[0].URL {
		t.Errorf("o opened %v", h.opened)
	}
	test.Tap(h.s.detail.copyLink)
	if c := fyne.CurrentApp().Clipboard().Content(); c != items[0].URL {
		t.Errorf("copied %q", c)
	}
	if len(h.errs) > 0 {
		t.Errorf("errors: %v", h.errs)
	}

	// A huge article is cut for the detail, whole for Open.
	long := strings.Repeat("é", maxShown+500)
	if got := []rune(shortened(long)); len(got) != maxShown+1 || got[maxShown] != '…' {
		t.Errorf("a long text is shown %d characters long", len(got))
	}
}

// TestStreamPagesThroughEveryItem scrolls the whole stream a page at a
// time, over pages whose edges fall among items of the same time: each
// item comes once, newest first.
func TestStreamPagesThroughEveryItem(t *testing.T) {
	h := newHarness(t)
	w := h.addWatch("Lumen")
	const n = 5*pageSize + 37
	// Seven items a minute: many share their time across a page's edge.
	items := h.seed(w, n, func(i int) time.Time { return testNow.Add(-time.Duration(i/7+1) * time.Minute) })
	h.s.Shown()
	h.idle()
	if len(h.s.items) != pageSize || !h.s.more {
		t.Fatalf("first page: %d items, more %v", len(h.s.items), h.s.more)
	}
	if !strings.Contains(h.s.count.Text, "1,037 items") {
		t.Errorf("count says %q", h.s.count.Text)
	}
	for pages := 0; h.s.more && pages < 20; pages++ {
		h.s.list.ScrollToBottom()
		h.s.loadMore()
		h.idle()
	}
	if len(h.s.items) != n || h.s.more {
		t.Fatalf("listed %d items (more %v), want %d", len(h.s.items), h.s.more, n)
	}
	seen := map[app.ID]bool{}
	for i, it := range h.s.items {
		if seen[it.ID] {
			t.Fatalf("item %s listed twice", it.ID)
		}
		seen[it.ID] = true
		if i > 0 && it.At().After(h.s.items[i-1].At()) {
			t.Fatalf("item %d is newer than the one above it", i)
		}
	}
	for _, it := range items {
		if !seen[it.ID] {
			t.Fatalf("item %s never listed", it.URI)
		}
	}
}

func TestRefreshNowShowsProgressAndCancels(t *testing.T) {
	h := newHarness(t)
	h.addWatch("Lumen")
	h.s.Shown()
	h.idle()
	test.Tap(h.s.refreshButton)
	<-h.fake.reached
	h.ui.drain()
	if h.fake.calls != 1 {
		t.Fatalf("RefreshNow called %d times", h.fake.calls)
	}
	if !h.s.refreshBar.Visible() || h.s.refreshBar.Value != 0.5 || !h.s.refreshCancel.Visible() || !h.s.refreshButton.Disabled() {
		t.Errorf("while refreshing: bar %v at %v, cancel %v", h.s.refreshBar.Visible(), h.s.refreshBar.Value, h.s.refreshCancel.Visible())
	}
	if h.s.refreshStatus.Text != "Sources read: 1/2" {
		t.Errorf("status %q", h.s.refreshStatus.Text)
	}
	test.Tap(h.s.refreshButton) // a second tap while it runs starts nothing
	test.Tap(h.s.refreshCancel)
	h.idle()
	if h.s.refreshStatus.Text != "Refresh cancelled." || h.s.refreshBar.Visible() || h.s.refreshButton.Disabled() {
		t.Errorf("after Cancel: status %q, bar %v", h.s.refreshStatus.Text, h.s.refreshBar.Visible())
	}
	if h.fake.calls != 1 {
		t.Errorf("RefreshNow called %d times", h.fake.calls)
	}
}

func TestRemoveWatchAsksFirst(t *testing.T) {
	h := newHarness(t)
	w := h.addWatch("Lumen")
	h.seed(w, 3, minutesBack)
	h.s.Shown()
	h.idle()
	h.s.confirmRemove(w)
	if h.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation asked")
	}
	list, _ := h.svc.List(context.Background())
	if len(list) != 1 {
		t.Fatal("removed before the confirmation")
	}
	h.s.removeWatch(w)
	h.idle()
	list, _ = h.svc.List(context.Background())
	if len(list) != 0 || len(h.s.watches) != 0 || len(h.s.items) != 0 {
		t.Errorf("after remove: %d stored, %d shown, %d items", len(list), len(h.s.watches), len(h.s.items))
	}
}
