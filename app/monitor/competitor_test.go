package monitor

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// memCompetitors is a CompetitorStore in memory, as storage behaves.
type memCompetitors struct {
	mu    sync.Mutex
	list  []Competitor
	days  []CompetitorDay
	posts map[string]CompetitorPost
}

func (m *memCompetitors) Competitors(context.Context) ([]Competitor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.list), nil
}

func (m *memCompetitors) PutCompetitor(_ context.Context, c Competitor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c.lastPosts = 0
	if i := slices.IndexFunc(m.list, func(x Competitor) bool { return x.ID == c.ID }); i >= 0 {
		m.list[i] = c
		return nil
	}
	m.list = append(m.list, c)
	return nil
}

func (m *memCompetitors) DeleteCompetitor(_ context.Context, id app.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.list = slices.DeleteFunc(m.list, func(x Competitor) bool { return x.ID == id })
	m.days = slices.DeleteFunc(m.days, func(x CompetitorDay) bool { return x.Competitor == id })
	for k, p := range m.posts {
		if p.Competitor == id {
			delete(m.posts, k)
		}
	}
	return nil
}

func (m *memCompetitors) PutCompetitorDay(_ context.Context, d CompetitorDay) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.ContainsFunc(m.list, func(c Competitor) bool { return c.ID == d.Competitor }) {
		return app.ErrNotFound // as storage: a day belongs to a competitor stored
	}
	m.days = slices.DeleteFunc(m.days, func(x CompetitorDay) bool { return x.Competitor == d.Competitor && x.Day.Equal(d.Day) })
	m.days = append(m.days, d)
	slices.SortFunc(m.days, func(a, b CompetitorDay) int { return a.Day.Compare(b.Day) })
	return nil
}

func (m *memCompetitors) CompetitorDays(_ context.Context, id app.ID, from, to time.Time) ([]CompetitorDay, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []CompetitorDay
	for _, d := range m.days {
		if d.Competitor == id && !d.Day.Before(from) && !d.Day.After(to) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (m *memCompetitors) PutCompetitorPosts(_ context.Context, posts []CompetitorPost) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.posts == nil {
		m.posts = map[string]CompetitorPost{}
	}
	for _, p := range posts {
		m.posts[p.Competitor.String()+p.URI] = p
	}
	return nil
}

func (m *memCompetitors) CompetitorPosts(_ context.Context, id app.ID, from, to time.Time) ([]CompetitorPost, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []CompetitorPost
	for _, p := range m.posts {
		if p.Competitor == id && !p.Published.Before(from) && p.Published.Before(to) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b CompetitorPost) int { return a.Published.Compare(b.Published) })
	return out, nil
}

// fakeNetwork is a network's public accounts and their posts, read as
// the connectors do: profiles by handle, an author's posts newest first,
// two a page.
type fakeNetwork struct {
	mu        sync.Mutex
	accounts  map[string]Account
	posts     map[string][]Found // newest first
	pages     int
	lookupErr error
}

func (f *fakeNetwork) Limits() app.Limits                           { return app.Limits{} }
func (f *fakeNetwork) Profile(context.Context) (app.Profile, error) { return app.Profile{}, nil }
func (f *fakeNetwork) SearchAccounts(context.Context, string, int) ([]Account, error) {
	return nil, errors.New("not used")
}

func (f *fakeNetwork) LookupAccount(_ context.Context, handle string) (Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lookupErr != nil {
		return Account{}, f.lookupErr
	}
	a, ok := f.accounts[strings.ToLower(handle)]
	if !ok {
		return Account{}, &app.NetError{Network: app.Bluesky, Kind: app.FailNotFound, Message: "there is no account " + handle}
	}
	return a, nil
}

func (f *fakeNetwork) AuthorPosts(_ context.Context, handle string, since time.Time, cursor string) (Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages++
	all := f.posts[strings.ToLower(handle)]
	start := 0
	if cursor != "" {
		start = int(cursor[0] - '0')
	}
	var page Page
	for i := start; i < len(all) && i < start+2; i++ {
		if all[i].Published.Before(since) {
			return page, nil
		}
		page.Found = append(page.Found, all[i])
	}
	if start+2 < len(all) {
		page.Cursor = string(rune('0' + start + 2))
	}
	return page, nil
}

// fakeAccounts are connected accounts, each opening its network's fake.
type fakeAccounts struct {
	list []app.Account
	nets map[app.Network]app.Connector
}

func (f fakeAccounts) List(context.Context) ([]app.Account, error) { return f.list, nil }
func (f fakeAccounts) Connector(_ context.Context, id app.ID) (app.Account, app.Connector, error) {
	for _, a := range f.list {
		if a.ID == id {
			return a, f.nets[a.Network], nil
		}
	}
	return app.Account{}, nil, app.ErrNotFound
}

func TestCompetitorFiguresFromTheirFeed(t *testing.T) {
	c := &clock{now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	sky := &fakeNetwork{accounts: map[string]Account{
		"rival.bsky.social": {Network: app.Bluesky, RemoteID: "did:plc:rival", Handle: "rival.bsky.social", DisplayName: "Rival",
			URL: "https://bsky.app/profile/rival.bsky.social", Followers: 1000, Posts: 300},
	}, posts: map[string][]Found{}}
	day := 24 * time.Hour
	// Six posts over the last ten days, newest first; one 100 days old,
	// beyond the first read.
	for i, likes := range []int{3, 20, 1, 7, 0, 9} {
		sky.posts["rival.bsky.social"] = append(sky.posts["rival.bsky.social"], Found{
			URI: "at://did:plc:rival/app.bsky.feed.post/" + string(rune('a'+i)), URL: "https://bsky.app/p/" + string(rune('a'+i)),
			Text: "post " + string(rune('a'+i)), Published: c.now.Add(-time.Duration(i)*40*time.Hour - time.Hour),
			Likes: likes, Reposts: i, Replies: 1})
	}
	sky.posts["rival.bsky.social"] = append(sky.posts["rival.bsky.social"], Found{URI: "at://old", Published: c.now.Add(-100 * day), Likes: 500})
	mine := app.Account{ID: app.NewID(c.now), Network: app.Bluesky, Handle: "shop.bsky.social"}
	store := &memCompetitors{}
	s := NewCompetitors(store, fakeAccounts{list: []app.Account{mine}, nets: map[app.Network]app.Connector{app.Bluesky: sky}}, c, time.UTC)

	if _, err := s.Add(ctx, app.Mastodon, "rival@masto.example"); !errors.Is(err, ErrNoReader) {
		t.Errorf("a Mastodon competitor without a Mastodon account: %v", err)
	}
	if _, err := s.Add(ctx, app.Bluesky, "nobody.bsky.social"); err == nil {
		t.Error("an account that does not exist was added")
	}
	if _, err := s.Add(ctx, app.Threads, "x"); !errors.Is(err, ErrCompetitorNetwork) {
		t.Errorf("a Threads competitor: %v", err)
	}
	rival, err := s.Add(ctx, app.Bluesky, "@Rival.bsky.social ")
	if err != nil {
		t.Fatal(err)
	}
	if rival.Handle != "rival.bsky.social" || rival.Name != "Rival" || rival.RemoteID != "did:plc:rival" || !rival.LastRead.Equal(c.now) ||
		!rival.NextDue.Equal(c.now.Add(CompetitorEvery)) {
		t.Fatalf("added %+v", rival)
	}
	if _, err := s.Add(ctx, app.Bluesky, "rival.bsky.social"); !errors.Is(err, ErrCompetitorExists) {
		t.Errorf("added twice: %v", err)
	}
	if len(store.posts) != 6 {
		t.Errorf("%d posts stored, want the six of the last 92 days", len(store.posts))
	}

	// Not due before a day; then its followers and likes have grown.
	c.add(time.Hour)
	if res, err := s.Refresh(ctx, false); err != nil || len(res) != 0 {
		t.Fatalf("refresh before due: %+v, %v", res, err)
	}
	c.add(day)
	sky.mu.Lock()
	a := sky.accounts["rival.bsky.social"]
	a.Followers = 1040
	sky.accounts["rival.bsky.social"] = a
	sky.posts["rival.bsky.social"][1].Likes = 30
	sky.mu.Unlock()
	res, err := s.Refresh(ctx, false)
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Posts != 6 {
		t.Fatalf("refresh: %+v, %v", res, err)
	}

	p := app.LastDays(c.now, 7, time.UTC) // 15 to 21 November
	list, err := s.Competitors(ctx, p)
	if err != nil || len(list) != 1 {
		t.Fatalf("competitors: %+v, %v", list, err)
	}
	b := list[0]
	if followers, ok := b.Followers(); !ok || followers != 1040 {
		t.Errorf("followers %d", followers)
	}
	if growth, ok := b.Growth(); !ok || growth != 40 || len(b.Days) != 2 {
		t.Errorf("growth %d over %+v", growth, b.Days)
	}
	// The posts of the period: a to d (published 1, 41, 81 and 121 hours
	// before the first read), e at 161 hours is before 15 November.
	if b.Posts != 4 || b.Likes != 3+30+1+7 || b.Reposts != 0+1+2+3 || b.Replies != 4 {
		t.Errorf("posts %d, likes %d, reposts %d, replies %d", b.Posts, b.Likes, b.Reposts, b.Replies)
	}
	if per, ok := b.PerPost(); !ok || per != float64(41+6+4)/4 {
		t.Errorf("engagement per post %v", per)
	}
	if b.PerWeek() != 4 {
		t.Errorf("%v posts per week", b.PerWeek())
	}
	if len(b.Top) != 3 || b.Top[0].URL != "https://bsky.app/p/b" || b.Top[0].Engagement() != 32 || b.Top[1].Text != "post d" {
		t.Errorf("top posts %+v", b.Top)
	}

	// A read that fails is kept, and tried again later, not at once.
	sky.mu.Lock()
	sky.lookupErr = &app.NetError{Network: app.Bluesky, Kind: app.FailRateLimited, RetryAfter: 2 * time.Hour, Message: "slow down"}
	sky.mu.Unlock()
	c.add(day)
	res, _ = s.Refresh(ctx, false)
	if len(res) != 1 || res[0].Err == nil {
		t.Fatalf("failed refresh: %+v", res)
	}
	got, _ := s.Get(ctx, rival.ID)
	if got.Failures != 1 || got.LastError == "" || !got.NextDue.Equal(c.now.Add(2*time.Hour)) {
		t.Errorf("after a failure: %+v", got)
	}
	if list, _ := s.Competitors(ctx, p); list[0].Error == "" {
		t.Error("the benchmark does not tell the failure")
	}

	if err := s.Remove(ctx, rival.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Competitors(ctx, p); len(list) != 0 || len(store.posts) != 0 {
		t.Errorf("after remove: %+v, %d posts", list, len(store.posts))
	}
}
