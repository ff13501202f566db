package monitor

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// likingSearcher is a network that searches and likes.
type likingSearcher struct {
	fakeSearcher
	liked []app.RemoteRef
}

func (l *likingSearcher) Like(_ context.Context, p app.RemoteRef) error {
	l.liked = append(l.liked, p)
	return nil
}
func (l *likingSearcher) Boost(context.Context, app.RemoteRef) error { return nil }

func TestLikeGoesThroughTheAccountThatFoundTheItem(t *testing.T) {
	net := &likingSearcher{}
	svc := NewService(&memStore{}, fakeConnectors{conn: net}, nil, &clock{now: time.Now()})
	acc := app.NewID(time.Now())
	masto := Item{Account: acc, Found: Found{URI: "https://masto.example/users/ana/statuses/9", PostID: "9", Source: SourceMastodon}}
	sky := Item{Account: acc, Found: Found{URI: "at://did:plc:ana/app.bsky.feed.post/1", Source: SourceBluesky}}
	feed := Item{FeedURL: "https://blog.example/feed", Found: Found{URI: "https://blog.example/1", Source: SourceFeed}}
	old := Item{Account: acc, Found: Found{URI: "https://masto.example/users/ana/statuses/8", Source: SourceMastodon}}
	for _, it := range []Item{masto, sky} {
		if !svc.CanReact(ctx, it) {
			t.Errorf("%s cannot be liked", it.URI)
		}
		if err := svc.Like(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if want := []app.RemoteRef{{ID: "9"}, {ID: "at://did:plc:ana/app.bsky.feed.post/1"}}; !slices.Equal(net.liked, want) {
		t.Errorf("liked %+v, want %+v", net.liked, want)
	}
	for _, it := range []Item{feed, old} {
		if svc.CanReact(ctx, it) {
			t.Errorf("%s can be liked", it.URI)
		}
		if err := svc.Like(ctx, it); !errors.Is(err, ErrCannotReact) {
			t.Errorf("%s: %v", it.URI, err)
		}
	}
	// A network that does not like.
	bare := NewService(&memStore{}, fakeConnectors{conn: &fakeSearcher{}}, nil, &clock{now: time.Now()})
	if bare.CanReact(ctx, masto) {
		t.Error("a network without likes can like")
	}
	if in, ok := masto.AsInboxItem(); !ok || in.Post == nil || in.Post.ID != "9" || in.Kind != app.ItemMention {
		t.Errorf("as an inbox item: %+v", in)
	}
	if _, ok := feed.AsInboxItem(); ok {
		t.Error("a feed's article goes to the inbox")
	}
}

type countingPass struct {
	due  bool
	runs int
}

func (p *countingPass) Due(time.Time) bool { return p.due }
func (p *countingPass) Pass(context.Context) error {
	p.runs++
	return errors.New("no account to search through")
}

// The side pass (impostors) runs on Refresh now, and on the schedule only
// when due; new items tell the listeners.
func TestSidePassAndListeners(t *testing.T) {
	store := &memStore{}
	feeds := &fakeFeeds{articles: map[string][]Found{"https://news.example/feed": {
		{URI: "https://news.example/1", Title: "Maison Lumen ouvre à Lyon", Published: time.Now()}}}}
	svc := NewService(store, nil, feeds, &clock{now: time.Now()})
	p := &countingPass{}
	svc.UseSidePass(p)
	changes := 0
	svc.Subscribe(func() { changes++ })
	if _, err := svc.Add(ctx, Watch{Name: "Lumen", Query: "lumen", Sources: []SourceRef{{Kind: SourceFeed, URL: "https://news.example/feed"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RefreshNow(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if p.runs != 1 || changes != 1 {
		t.Errorf("after Refresh now: %d side passes, %d changes told", p.runs, changes)
	}
	if _, err := svc.RefreshNow(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if changes != 1 {
		t.Errorf("nothing new, and %d changes told", changes)
	}
	if svc.sidePasses(ctx, true); p.runs != 2 {
		t.Errorf("not due, yet run: %d", p.runs)
	}
	p.due = true
	if err := svc.sidePasses(ctx, true); err == nil || p.runs != 3 {
		t.Errorf("due, not run: %d (%v)", p.runs, err)
	}
}
