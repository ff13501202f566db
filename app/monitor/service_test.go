package monitor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

var ctx = context.Background()

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// memStore is a monitor.Store in memory, as storage behaves.
type memStore struct {
	mu      sync.Mutex
	watches []Watch
	items   []Item
}

func (m *memStore) Watches(context.Context) ([]Watch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.watches), nil
}

func (m *memStore) PutWatch(_ context.Context, w Watch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i := slices.IndexFunc(m.watches, func(x Watch) bool { return x.ID == w.ID }); i >= 0 {
		m.watches[i] = w
		return nil
	}
	m.watches = append(m.watches, w)
	return nil
}

func (m *memStore) DeleteWatch(_ context.Context, id app.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.watches = slices.DeleteFunc(m.watches, func(x Watch) bool { return x.ID == id })
	return nil
}

func (m *memStore) MergeItems(_ context.Context, items []Item) ([]Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var fresh []Item
	for _, it := range items {
		if i := slices.IndexFunc(m.items, func(x Item) bool { return x.URI == it.URI }); i >= 0 {
			for _, w := range it.Watches {
				if !m.items[i].HasWatch(w) {
					m.items[i].Watches = append(m.items[i].Watches, w)
				}
			}
			continue
		}
		m.items = append(m.items, it)
		fresh = append(fresh, it)
	}
	return fresh, nil
}

func (m *memStore) Items(_ context.Context, f Filter, fn func(Item) bool) error {
	m.mu.Lock()
	list := slices.Clone(m.items)
	m.mu.Unlock()
	slices.SortFunc(list, func(a, b Item) int { return b.At().Compare(a.At()) })
	for _, it := range list {
		if f.Keeps(it) && !fn(it) {
			break
		}
	}
	return nil
}

func (m *memStore) PutItemFlags(context.Context, app.ID, bool, bool, Sentiment) error { return nil }
func (m *memStore) PurgeItems(_ context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.items)
	m.items = slices.DeleteFunc(m.items, func(it Item) bool { return it.At().Before(before) })
	return n - len(m.items), nil
}

// fakeSearcher answers searches from a list of posts, as a network
// over-matching would: every post that has one of the search's words.
type fakeSearcher struct {
	mu    sync.Mutex
	posts []Found
	asked []Search
	err   error
}

func (f *fakeSearcher) Limits() app.Limits                           { return app.Limits{} }
func (f *fakeSearcher) Profile(context.Context) (app.Profile, error) { return app.Profile{}, nil }
func (f *fakeSearcher) SearchPosts(_ context.Context, q Search) (Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, q)
	if f.err != nil {
		return Page{}, f.err
	}
	return Page{Found: slices.Clone(f.posts)}, nil
}

type fakeConnectors struct{ conn app.Connector }

func (c fakeConnectors) Connector(_ context.Context, id app.ID) (app.Account, app.Connector, error) {
	return app.Account{ID: id, Network: app.Bluesky}, c.conn, nil
}

// fakeFeeds serves each article once per cursor, as connectors/rss does.
type fakeFeeds struct {
	mu       sync.Mutex
	articles map[string][]Found
	reads    int
	err      map[string]error
}

func (f *fakeFeeds) ReadFeed(_ context.Context, url, cursor string) (FeedPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if err := f.err[url]; err != nil {
		return FeedPage{}, err
	}
	all := f.articles[url]
	n := 0
	fmt.Sscan(cursor, &n)
	return FeedPage{Found: slices.Clone(all[n:]), Cursor: fmt.Sprint(len(all))}, nil
}

type negative struct{}

func (negative) Score(string, app.Language) Sentiment { return SentimentNegative }

func TestServiceReadsDedupesAndBacksOff(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	store := &memStore{}
	account := app.NewID(c.now)
	search := &fakeSearcher{posts: []Found{
		{URI: "at://a/1", Text: "Maison Lumen, quelle déception", Published: c.now.Add(-time.Hour)},
		{URI: "at://a/2", Text: "Lumen recrute", Published: c.now.Add(-time.Hour)},
		{URI: "at://a/3", Text: "rien à voir", Published: c.now.Add(-time.Hour)},
	}}
	feeds := &fakeFeeds{articles: map[string][]Found{
		"https://blog.example/feed": {{URI: "https://blog.example/1", Title: "L'été de Maison Lumen", Text: "…"}, {URI: "https://blog.example/2", Title: "Autre chose"}},
	}, err: map[string]error{}}
	s := NewService(store, fakeConnectors{search}, feeds, c)
	s.UseScorer(negative{})
	brand, err := s.Add(ctx, Watch{Name: "Maison Lumen", Kind: KindBrand, Query: `"maison lumen" OR lumen -recrute`,
		Sources: []SourceRef{{Kind: SourceBluesky, Account: account}, {Kind: SourceFeed, URL: "https://blog.example/feed"}}})
	if err != nil {
		t.Fatal(err)
	}
	summer, err := s.Add(ctx, Watch{Name: "Été", Query: "ete", Sources: []SourceRef{{Kind: SourceFeed, URL: "https://blog.example/feed"}}})
	if err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	reports, err := s.RefreshNow(ctx, func(d, n int) { calls = append(calls, [2]int{d, n}) })
	if err != nil {
		t.Fatal(err)
	}
	// The feed both watches read is read once.
	if len(reports) != 2 || feeds.reads != 1 {
		t.Fatalf("reports %+v, %d feed reads", reports, feeds.reads)
	}
	if calls[0] != [2]int{0, 2} || calls[len(calls)-1] != [2]int{2, 2} {
		t.Errorf("progress %v", calls)
	}
	items, _ := s.Items(ctx, Filter{})
	uris := map[string]Item{}
	for _, it := range items {
		uris[it.URI] = it
	}
	if len(items) != 2 || uris["at://a/1"].Sentiment != SentimentNegative || uris["at://a/1"].Account != account {
		t.Fatalf("items %+v", items)
	}
	if got := uris["https://blog.example/1"].Watches; !slices.Equal(got, []app.ID{brand.ID, summer.ID}) {
		t.Errorf("the article's watches: %v", got)
	}
	if len(search.asked) != 2 || search.asked[0].Text != `"maison lumen"` || search.asked[1].Text != "lumen" {
		t.Errorf("searches %+v", search.asked)
	}
	// Read again: nothing new.
	reports, _ = s.RefreshNow(ctx, nil)
	for _, r := range reports {
		if r.New != 0 || r.Err != nil {
			t.Errorf("second pass: %+v", r)
		}
	}
	// Nothing is due before the interval.
	search.asked = nil
	c.add(time.Minute)
	if reports, _ := s.pass(ctx, true, nil); len(reports) != 0 {
		t.Errorf("a pass a minute later read %+v", reports)
	}
	// A 429 is backed off as the server asked, and said in the state.
	search.err = &app.NetError{Network: app.Bluesky, Kind: app.FailRateLimited, Status: 429, RetryAfter: 40 * time.Minute}
	c.add(15 * time.Minute)
	reports, _ = s.pass(ctx, true, nil)
	if len(reports) != 2 {
		t.Fatalf("due pass: %+v", reports)
	}
	w, _ := s.Get(ctx, brand.ID)
	st := w.State[SourceRef{Kind: SourceBluesky, Account: account}.Key()]
	if st.Failures != 1 || st.LastError == "" || !st.NextDue.Equal(c.Now().UTC().Add(40*time.Minute)) {
		t.Errorf("state after 429: %+v", st)
	}
	if st := w.State["feed:https://blog.example/feed"]; st.Failures != 0 || st.LastError != "" {
		t.Errorf("the feed's state: %+v", st)
	}
	// Failures in a row wait longer each time.
	search.err = &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Status: 502}
	if a, b := retryAfter(1, search.err), retryAfter(3, search.err); a != time.Minute || b != 4*time.Minute || retryAfter(30, search.err) != maxRetry {
		t.Errorf("backoff %v %v", a, b)
	}
}

func TestSameSourceNeverReadTwiceAtOnce(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	store := &memStore{}
	block := &blockingFeeds{in: make(chan struct{}), out: make(chan struct{})}
	s := NewService(store, nil, block, c)
	if _, err := s.Add(ctx, Watch{Name: "a", Query: "a", Sources: []SourceRef{{Kind: SourceFeed, URL: "https://x/feed"}}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan []SourceReport)
	go func() { r, _ := s.RefreshNow(ctx, nil); done <- r }()
	<-block.in // the first pass is reading
	second, _ := s.RefreshNow(ctx, nil)
	if len(second) != 1 || !second[0].Skipped {
		t.Errorf("second pass: %+v", second)
	}
	close(block.out)
	if first := <-done; first[0].Skipped || first[0].Err != nil {
		t.Errorf("first pass: %+v", first)
	}
}

type blockingFeeds struct{ in, out chan struct{} }

func (b *blockingFeeds) ReadFeed(ctx context.Context, url, cursor string) (FeedPage, error) {
	b.in <- struct{}{}
	<-b.out
	return FeedPage{}, nil
}

func TestRefreshNowCancels(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s := NewService(&memStore{}, nil, cancelFeeds{}, c)
	for i := range 10 {
		if _, err := s.Add(ctx, Watch{Name: "a", Query: "a", Sources: []SourceRef{{Kind: SourceFeed, URL: fmt.Sprintf("https://x/%d", i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.RefreshNow(cctx, nil); err != context.Canceled {
		t.Errorf("err %v", err)
	}
	// A cancelled read teaches nothing about the source.
	ws, _ := s.List(ctx)
	for _, w := range ws {
		for k, st := range w.State {
			if st.Failures != 0 {
				t.Errorf("%s: %+v", k, st)
			}
		}
	}
}

type cancelFeeds struct{}

func (cancelFeeds) ReadFeed(ctx context.Context, url, cursor string) (FeedPage, error) {
	return FeedPage{}, ctx.Err()
}

// BenchmarkMatch matches 10,000 items against 50 watches.
func BenchmarkMatch(b *testing.B) {
	var queries []Query
	for i := range 50 {
		queries = append(queries, MustParseQuery(fmt.Sprintf(`"marque %d" OR #tag%d OR (produit%d -promo) lang:fr`, i, i, i)))
	}
	items := make([]Found, 10_000)
	for i := range items {
		items[i] = Found{URI: fmt.Sprint(i), Language: "fr", Author: app.Author{Handle: "x.bsky.social"},
			Text: fmt.Sprintf("Un avis sur la Marque %d : l'été est là, produit%d génial, #tag%d, à très bientôt !", i%70, i%90, i%60)}
	}
	for b.Loop() {
		n := 0
		for _, f := range items {
			t := newTarget(f)
			for _, q := range queries {
				if q.Root.match(t) {
					n++
				}
			}
		}
		if n == 0 {
			b.Fatal("nothing matched")
		}
	}
}

type memSettings map[string]string

func (m memSettings) Setting(_ context.Context, k string) (string, error) { return m[k], nil }
func (m memSettings) SetSetting(_ context.Context, k, v string) error     { m[k] = v; return nil }

func TestPurgeKeepsWhatTheRetentionSays(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	store := &memStore{}
	for _, age := range []int{1, 20, 100, 179, 181, 400} {
		at := c.now.AddDate(0, 0, -age)
		store.items = append(store.items, Item{ID: app.NewID(at), Found: Found{URI: fmt.Sprint(age)}, FoundAt: at})
	}
	s := NewService(store, nil, nil, c)
	if n, err := s.Purge(ctx); err != nil || n != 2 {
		t.Fatalf("default retention purged %d, %v", n, err)
	}
	settings := memSettings{}
	s.UseSettings(settings)
	if err := SetRetention(ctx, settings, 30); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Purge(ctx); n != 2 || len(store.items) != 2 {
		t.Errorf("30 days purged %d, left %d", n, len(store.items))
	}
	if err := SetRetention(ctx, settings, 1); err != nil {
		t.Fatal(err)
	}
	if d, _ := Retention(ctx, settings); d != MinRetentionDays*24*time.Hour {
		t.Errorf("a retention of one day is %v", d)
	}
}

// hashtagOnly is a Mastodon server that reads hashtag timelines and
// searches no text.
type hashtagOnly struct{ fakeSearcher }

func (h *hashtagOnly) SearchPosts(ctx context.Context, q Search) (Page, error) {
	if q.Hashtag == "" {
		return Page{}, fmt.Errorf("mastodon: %w", ErrSearchUnsupported)
	}
	return h.fakeSearcher.SearchPosts(ctx, q)
}

func TestAServerThatSearchesNoTextIsNoted(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	server := &hashtagOnly{fakeSearcher{posts: []Found{{URI: "https://piaille.fr/@a/1", Text: "Vive #Lumen"}}}}
	s := NewService(&memStore{}, fakeConnectors{server}, nil, c)
	src := SourceRef{Kind: SourceMastodon, Account: app.NewID(c.now)}
	w, err := s.Add(ctx, Watch{Name: "Lumen", Query: `#lumen OR "maison lumen"`, Sources: []SourceRef{src}})
	if err != nil {
		t.Fatal(err)
	}
	if reports, _ := s.RefreshNow(ctx, nil); len(reports) != 1 || reports[0].Err != nil || reports[0].New != 1 {
		t.Fatalf("reports %+v", reports)
	}
	w, _ = s.Get(ctx, w.ID)
	if st := w.State[src.Key()]; st.Failures != 0 || !strings.Contains(st.Note, "does not search the text") {
		t.Errorf("state %+v", st)
	}
	// Text alone, on that server: an error, and a long wait.
	w.Query = `"maison lumen"`
	if _, err := s.Update(ctx, w); err != nil {
		t.Fatal(err)
	}
	reports, _ := s.RefreshNow(ctx, nil)
	if !errors.Is(reports[0].Err, ErrSearchUnsupported) {
		t.Errorf("text only: %+v", reports)
	}
	w, _ = s.Get(ctx, w.ID)
	if st := w.State[src.Key()]; st.Failures != 1 || !st.NextDue.Equal(c.Now().UTC().Add(maxRetry)) {
		t.Errorf("state %+v", st)
	}
}

// waiter is a clock whose waits the test ends.
type waiter struct {
	clock
	waits chan time.Duration
	fire  chan time.Time
}

func (w *waiter) After(d time.Duration) <-chan time.Time {
	w.waits <- d
	return w.fire
}

func TestRunReadsWhatIsDueAndWaitsOnTheClock(t *testing.T) {
	c := &waiter{clock: clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}, waits: make(chan time.Duration), fire: make(chan time.Time)}
	feeds := &fakeFeeds{articles: map[string][]Found{"https://x/feed": {{URI: "https://x/1", Title: "lumen"}}}, err: map[string]error{}}
	store := &memStore{}
	s := NewService(store, nil, feeds, c)
	if _, err := s.Add(ctx, Watch{Name: "a", Query: "lumen", Sources: []SourceRef{{Kind: SourceFeed, URL: "https://x/feed"}}}); err != nil {
		t.Fatal(err)
	}
	<-s.wake // Add's wake-up, not needed: Run reads at once
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- s.Run(rctx) }()
	if d := <-c.waits; d != DefaultInterval {
		t.Errorf("first wait %v", d)
	}
	if feeds.reads != 1 || len(store.items) != 1 {
		t.Fatalf("%d reads, %d items", feeds.reads, len(store.items))
	}
	// Woken early, nothing is due: nothing read.
	c.fire <- c.Now()
	if d := <-c.waits; d != DefaultInterval {
		t.Errorf("second wait %v", d)
	}
	if feeds.reads != 1 {
		t.Errorf("%d reads before the interval", feeds.reads)
	}
	c.add(DefaultInterval)
	c.fire <- c.Now()
	<-c.waits
	if feeds.reads != 2 {
		t.Errorf("%d reads after the interval", feeds.reads)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run: %v", err)
	}
}
