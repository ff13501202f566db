package monitor

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// tagSession is one StreamTags call of fakeTagStreamer: the test sends
// it posts, or ends it.
type tagSession struct {
	tags  []string
	posts chan Found
	drop  chan error
	ended chan struct{} // closed once StreamTags returned
}

// fakeTagStreamer is a Mastodon account's connector: its hashtag
// timelines are fakeSearcher's posts, and its hashtag stream is what
// the test sends each session.
type fakeTagStreamer struct {
	fakeSearcher
	refuse   error // StreamTags gives it at once
	sessions chan *tagSession
	mu       sync.Mutex
	all      []*tagSession
}

func newTagStreamer() *fakeTagStreamer {
	return &fakeTagStreamer{sessions: make(chan *tagSession, 100)}
}

func (f *fakeTagStreamer) StreamTags(ctx context.Context, tags []string, fn func(TagEvent)) error {
	if f.refuse != nil {
		return f.refuse
	}
	ss := &tagSession{tags: slices.Clone(tags), posts: make(chan Found), drop: make(chan error), ended: make(chan struct{})}
	defer close(ss.ended)
	f.mu.Lock()
	f.all = append(f.all, ss)
	f.mu.Unlock()
	f.sessions <- ss
	fn(TagEvent{Opened: true})
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case p := <-ss.posts:
			fn(TagEvent{Found: &p})
		case err := <-ss.drop:
			return err
		}
	}
}

func (f *fakeTagStreamer) searches() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fakeSearcher.mu.Lock()
	defer f.fakeSearcher.mu.Unlock()
	return len(f.asked)
}

func (f *fakeTagStreamer) addPost(p Found) {
	f.fakeSearcher.mu.Lock()
	defer f.fakeSearcher.mu.Unlock()
	f.posts = append(f.posts, p)
}

// retryClock is a clock whose waits are handed to the test: those
// shorter than Run's shortest (the streams' reconnections) to be let
// pass; Run's own are never over (Add and Remove wake it).
type retryClock struct {
	clock
	retries chan chan time.Time
}

func (c *retryClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	if d < 5*time.Second {
		c.retries <- ch
	}
	return ch
}

type tagFixture struct {
	t       *testing.T
	store   *memStore
	conn    *fakeTagStreamer
	clock   *retryClock
	s       *Service
	account app.ID
	cancel  context.CancelFunc
	done    chan error
}

func newTagFixture(t *testing.T, query string) *tagFixture {
	t.Helper()
	x := &tagFixture{t: t, store: &memStore{}, conn: newTagStreamer(), done: make(chan error, 1), account: app.NewID(time.Now())}
	x.clock = &retryClock{clock: clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}, retries: make(chan chan time.Time, 10)}
	x.s = NewService(x.store, fakeConnectors{x.conn}, nil, x.clock)
	x.s.UseScorer(negative{})
	if query != "" {
		x.add(query)
	}
	return x
}

func (x *tagFixture) add(query string) Watch {
	x.t.Helper()
	w, err := x.s.Add(ctx, Watch{Name: query, Query: query, Sources: []SourceRef{{Kind: SourceMastodon, Account: x.account}}})
	if err != nil {
		x.t.Fatal(err)
	}
	return w
}

func (x *tagFixture) run() {
	rctx, cancel := context.WithCancel(ctx)
	x.cancel = cancel
	go func() { x.done <- x.s.Run(rctx) }()
	x.t.Cleanup(x.stop)
}

// stop ends Run, and checks that no stream outlives it.
func (x *tagFixture) stop() {
	if x.cancel == nil {
		return
	}
	x.cancel()
	x.cancel = nil
	if err := <-x.done; !errors.Is(err, context.Canceled) {
		x.t.Errorf("Run: %v", err)
	}
	x.conn.mu.Lock()
	defer x.conn.mu.Unlock()
	for _, ss := range x.conn.all {
		select {
		case <-ss.ended:
		default:
			x.t.Errorf("a stream of %q still runs after Run returned", ss.tags)
		}
	}
}

func (x *tagFixture) session() *tagSession {
	x.t.Helper()
	select {
	case ss := <-x.conn.sessions:
		return ss
	case <-time.After(10 * time.Second):
		x.t.Fatal("no stream opened")
	}
	return nil
}

func (x *tagFixture) send(ss *tagSession, f Found) {
	x.t.Helper()
	select {
	case ss.posts <- f:
	case <-time.After(10 * time.Second):
		x.t.Fatal("the stream takes no post")
	}
}

// waitFor waits until cond holds.
func (x *tagFixture) waitFor(what string, cond func() bool) {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			x.t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (x *tagFixture) items() []Item {
	x.store.mu.Lock()
	defer x.store.mu.Unlock()
	return slices.Clone(x.store.items)
}

func TestAStreamedPostIsStoredOnceWithItsSentiment(t *testing.T) {
	x := newTagFixture(t, "#MaisonLumen OR #lumen -promo")
	other := x.add("#autre") // the same account, another watch
	x.run()
	ss := x.session()
	if want := []string{"autre", "lumen", "maisonlumen"}; !slices.Equal(ss.tags, want) {
		t.Errorf("streamed %q, want %q: one stream, every hashtag once", ss.tags, want)
	}
	// The opening's catch-up read the timelines.
	x.waitFor("the catch-up", func() bool { return x.conn.searches() > 0 })

	hit := Found{URI: "https://m.example/users/alice/statuses/1", Text: "Déçue par #MaisonLumen et #lumen", Published: x.clock.Now()}
	x.send(ss, hit)
	x.send(ss, hit) // once per hashtag, as Mastodon sends it
	x.send(ss, Found{URI: "https://m.example/users/bob/statuses/2", Text: "#lumen promo"})
	x.send(ss, Found{URI: "https://m.example/users/bob/statuses/3", Text: "#ailleurs"})
	x.waitFor("the item", func() bool { return len(x.items()) > 0 })
	// The last post sent is handled once the stream takes one more.
	last := Found{URI: "https://m.example/users/chloe/statuses/4", Text: "#autre chose"}
	x.send(ss, last)
	x.waitFor("the last item", func() bool { return len(x.items()) == 2 })
	items := x.items()
	it := items[0]
	if it.URI != hit.URI || it.Sentiment != SentimentNegative || it.Source != SourceMastodon || it.Account != x.account || len(it.Watches) != 1 || it.Watches[0] == other.ID {
		t.Errorf("stored %+v", it)
	}
	if items[1].URI != last.URI || !slices.Equal(items[1].Watches, []app.ID{other.ID}) {
		t.Errorf("then %+v", items[1])
	}
}

func TestAStreamOpenedAgainCatchesUp(t *testing.T) {
	x := newTagFixture(t, "")
	// Read a moment ago: the schedule reads it no more in this test, the
	// catch-ups alone do.
	src := SourceRef{Kind: SourceMastodon, Account: x.account}
	if err := x.store.PutWatch(ctx, Watch{ID: app.NewID(x.clock.Now()), Name: "lumen", Query: "#maisonlumen", Sources: []SourceRef{src},
		State: map[string]SourceState{src.Key(): {NextDue: x.clock.Now().Add(time.Hour)}}}); err != nil {
		t.Fatal(err)
	}
	x.run()
	ss := x.session()
	x.waitFor("the first catch-up", func() bool {
		w, _ := x.store.Watches(ctx)
		return x.conn.searches() > 0 && w[0].State[src.Key()].NextDue.Equal(x.clock.Now().Add(DefaultInterval))
	})
	before := x.conn.searches()
	// Posted while the stream is down: only the timeline has it.
	missed := Found{URI: "https://m.example/users/alice/statuses/9", Text: "Pendant la coupure #maisonlumen", Published: x.clock.Now()}
	x.conn.addPost(missed)
	time.Sleep(20 * time.Millisecond)
	if len(x.items()) != 0 {
		t.Fatal("the missed post was read before the stream dropped: the test proves nothing")
	}
	select {
	case ss.drop <- &app.NetError{Network: app.Mastodon, Kind: app.FailOffline}:
	case <-time.After(10 * time.Second):
		t.Fatal("the stream was not read")
	}
	// The service waits on its clock before opening it again.
	select {
	case retry := <-x.clock.retries:
		retry <- x.clock.Now()
	case <-time.After(10 * time.Second):
		t.Fatal("no wait before reconnecting")
	}
	again := x.session()
	if !slices.Equal(again.tags, []string{"maisonlumen"}) {
		t.Errorf("opened again with %q", again.tags)
	}
	x.waitFor("the catch-up after reopening", func() bool { return x.conn.searches() > before })
	x.waitFor("the missed post", func() bool {
		return slices.ContainsFunc(x.items(), func(it Item) bool { return it.URI == missed.URI })
	})
}

func TestAWatchAddedOrRemovedChangesTheStream(t *testing.T) {
	x := newTagFixture(t, "#maisonlumen")
	x.run()
	first := x.session()
	w := x.add("#Lampes OR lumière")
	second := x.session()
	if !slices.Equal(second.tags, []string{"lampes", "maisonlumen"}) {
		t.Errorf("after adding: %q", second.tags)
	}
	select {
	case <-first.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the stream of the old hashtags goes on")
	}
	x.waitFor("the state", func() bool {
		st := x.s.TagStreaming()[x.account]
		return st.Live && slices.Equal(st.Tags, second.tags)
	})
	if err := x.s.Remove(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	third := x.session()
	if !slices.Equal(third.tags, []string{"maisonlumen"}) {
		t.Errorf("after removing: %q", third.tags)
	}
	// A watch with no hashtag opens no stream.
	x.add("lumière")
	select {
	case ss := <-x.conn.sessions:
		t.Errorf("a stream of %q for a watch without hashtags", ss.tags)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestWithoutHashtagStreamTheScheduleReads(t *testing.T) {
	x := newTagFixture(t, "#maisonlumen")
	x.conn.refuse = errors.Join(ErrNoTagStream, errors.New("GoToSocial"))
	x.conn.addPost(Found{URI: "https://g.example/1", Text: "#maisonlumen", Published: x.clock.Now()})
	x.run()
	x.waitFor("the scheduled read", func() bool { return len(x.items()) == 1 })
	x.waitFor("the refusal noted", func() bool { return x.s.TagStreaming()[x.account].Refused != "" })
	// Not asked again when the watches change.
	x.add("#autre")
	x.waitFor("the new watch read", func() bool { return x.conn.searches() >= 2 })
	select {
	case ss := <-x.conn.sessions:
		t.Errorf("a stream of %q", ss.tags)
	default:
	}
	x.stop()
}

func TestStreamedTags(t *testing.T) {
	a, b := app.NewID(time.Now()), app.NewID(time.Now())
	got := streamedTags([]Watch{
		{Query: "#Lumen lampe OR #AbatJour", Sources: []SourceRef{{Kind: SourceMastodon, Account: a}, {Kind: SourceBluesky, Account: b}}},
		{Query: "lumen", Sources: []SourceRef{{Kind: SourceMastodon, Account: b}}},
		{Query: "#lumen OR #zinc", Sources: []SourceRef{{Kind: SourceMastodon, Account: a}}},
		{Query: "#x", Sources: []SourceRef{{Kind: SourceFeed, URL: "https://f"}}},
	})
	if len(got) != 1 || !slices.Equal(got[a], []string{"abatjour", "lumen", "zinc"}) {
		t.Errorf("streamedTags = %q", got)
	}
}
