package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// Competitors' accounts: public Bluesky and Mastodon accounts the brand
// compares itself with. Each is read through a connected account of the
// same network, once a day: its followers (a daily series is kept), and
// its recent posts with their likes, reposts and replies, from which a
// period's posts per week, engagement per post and top posts are told.
// Only public data is read.

// Competitor is a competitor's account followed.
type Competitor struct {
	ID      app.ID
	Network app.Network
	// Handle is the account's full handle, as its network gives it
	// (name.bsky.social, user@server).
	Handle   string
	Name     string // its display name; "" for none
	URL      string // its profile's page
	RemoteID string // its DID on Bluesky, its ID on its server for Mastodon
	Added    time.Time
	// LastRead is the last read that worked; NextDue when to read it
	// next (zero: at once).
	LastRead time.Time
	NextDue  time.Time
	// Failures is how many reads failed in a row; LastError the last
	// failure in plain words ("" when the last read worked).
	Failures  int
	LastError string

	lastPosts int // the posts the last read took, for RefreshResult
}

// CompetitorDay is a competitor's figures on one day.
type CompetitorDay struct {
	Competitor app.ID
	// Day is the civil date it was read on, in the user's zone, as
	// midnight UTC (see app.DayOf).
	Day       time.Time
	Followers int
	Following int
	Posts     int
	At        time.Time // when it was read
}

// CompetitorPost is one of a competitor's posts with its latest figures.
type CompetitorPost struct {
	Competitor app.ID
	URI        string
	URL        string
	Text       string
	Published  time.Time
	Likes      int
	Reposts    int
	Replies    int
	ReadAt     time.Time
}

// CompetitorStore keeps the competitors' accounts and their figures
// (package storage implements it).
type CompetitorStore interface {
	// Competitors returns every competitor, oldest first.
	Competitors(ctx context.Context) ([]Competitor, error)
	// PutCompetitor adds or replaces a competitor.
	PutCompetitor(ctx context.Context, c Competitor) error
	// DeleteCompetitor removes a competitor with its days and posts.
	DeleteCompetitor(ctx context.Context, id app.ID) error
	// PutCompetitorDay stores a day's figures, replacing that day's.
	PutCompetitorDay(ctx context.Context, d CompetitorDay) error
	// CompetitorDays returns a competitor's days from from to to, both
	// included, oldest first.
	CompetitorDays(ctx context.Context, id app.ID, from, to time.Time) ([]CompetitorDay, error)
	// PutCompetitorPosts stores posts, replacing the figures of those
	// stored (by URI).
	PutCompetitorPosts(ctx context.Context, posts []CompetitorPost) error
	// CompetitorPosts returns a competitor's posts published in [from,
	// to), oldest first.
	CompetitorPosts(ctx context.Context, id app.ID, from, to time.Time) ([]CompetitorPost, error)
}

// AccountConnectors lists the connected accounts and opens their
// connectors (app.Accounts does).
type AccountConnectors interface {
	List(ctx context.Context) ([]app.Account, error)
	Connector(ctx context.Context, id app.ID) (app.Account, app.Connector, error)
}

// The rhythm of the competitors' reads.
const (
	// CompetitorEvery is how often a competitor is read: once a day.
	CompetitorEvery = 24 * time.Hour
	// competitorFirstDays is how far back the first read of a
	// competitor's posts goes; competitorDays how far back the next reads
	// go, so that the figures of a month's posts keep up to date.
	competitorFirstDays = 92
	competitorDays      = 31
	// competitorPages bounds the pages of posts one read takes.
	competitorPages = 10
)

// Errors of competitors.
var (
	// ErrCompetitorNetwork: competitors are followed on Bluesky and
	// Mastodon only.
	ErrCompetitorNetwork = errors.New("competitors' accounts are followed on Bluesky and Mastodon only")
	// ErrNoReader: no connected account of the network can read others'
	// accounts.
	ErrNoReader = errors.New("no connected account of this network can read others' accounts: connect one first")
	// ErrCompetitorExists: the account is followed already.
	ErrCompetitorExists = errors.New("this account is followed already")
	// ErrNoHandle: a competitor needs a handle.
	ErrNoHandle = errors.New("a competitor needs an account's handle")
)

// Competitors follows competitors' accounts.
type Competitors struct {
	store    CompetitorStore
	accounts AccountConnectors
	clock    app.Clock
	zone     *time.Location

	mu   sync.Mutex // writes
	wake chan struct{}
}

// NewCompetitors returns the competitors' service; days are counted in
// zone.
func NewCompetitors(store CompetitorStore, accounts AccountConnectors, clock app.Clock, zone *time.Location) *Competitors {
	if zone == nil {
		zone = time.Local
	}
	return &Competitors{store: store, accounts: accounts, clock: clock, zone: zone, wake: make(chan struct{}, 1)}
}

// CompetitorReader is what a connector needs to follow a competitor.
type CompetitorReader interface {
	AccountSearcher
	AuthorFeedReader
}

// reader is a connected account of network that reads others' accounts.
func (s *Competitors) reader(ctx context.Context, network app.Network) (CompetitorReader, error) {
	if s.accounts == nil {
		return nil, fmt.Errorf("%s: %w", network.Name(), ErrNoReader)
	}
	list, err := s.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for _, acc := range list {
		if acc.Network != network {
			continue
		}
		_, conn, err := s.accounts.Connector(ctx, acc.ID)
		if err != nil {
			lastErr = err
			continue
		}
		if r, ok := conn.(CompetitorReader); ok {
			return r, nil
		}
	}
	if lastErr != nil {
		return nil, lastErr
	}
	return nil, fmt.Errorf("%s: %w", network.Name(), ErrNoReader)
}

// NormalizeHandle is a handle as typed, without its @ and spaces.
func NormalizeHandle(h string) string {
	return strings.TrimPrefix(strings.TrimSpace(h), "@")
}

// Add follows a competitor's account: it is looked up through a
// connected account of its network (a handle that does not exist is
// refused), stored, and read at once (its followers of the day and its
// recent posts); a failure of that first read of posts is kept in the
// competitor's state, the competitor stays.
func (s *Competitors) Add(ctx context.Context, network app.Network, handle string) (Competitor, error) {
	handle = NormalizeHandle(handle)
	if handle == "" {
		return Competitor{}, ErrNoHandle
	}
	if network != app.Bluesky && network != app.Mastodon {
		return Competitor{}, fmt.Errorf("%s: %w", network, ErrCompetitorNetwork)
	}
	r, err := s.reader(ctx, network)
	if err != nil {
		return Competitor{}, err
	}
	acc, err := r.LookupAccount(ctx, handle)
	if err != nil {
		return Competitor{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := s.store.Competitors(ctx)
	if err != nil {
		return Competitor{}, err
	}
	for _, c := range list {
		if c.Network == network && (strings.EqualFold(c.Handle, acc.Handle) || (acc.RemoteID != "" && c.RemoteID == acc.RemoteID)) {
			return Competitor{}, fmt.Errorf("%s: %w", c.Handle, ErrCompetitorExists)
		}
	}
	now := s.clock.Now().UTC()
	c := Competitor{ID: app.NewID(now), Network: network, Added: now}
	c.fill(acc, handle)
	// Stored first: its day and posts belong to it.
	if err := s.store.PutCompetitor(ctx, c); err != nil {
		return Competitor{}, fmt.Errorf("adding competitor %s: %w", c.Handle, err)
	}
	c = s.read(ctx, c, r, acc)
	if err := s.store.PutCompetitor(ctx, c); err != nil {
		return Competitor{}, fmt.Errorf("adding competitor %s: %w", c.Handle, err)
	}
	s.poke()
	return c, nil
}

// fill takes an account's public profile into c.
func (c *Competitor) fill(acc Account, typed string) {
	c.Handle, c.Name, c.URL, c.RemoteID = acc.Handle, acc.DisplayName, acc.URL, acc.RemoteID
	if c.Handle == "" {
		c.Handle = typed
	}
}

// Remove stops following a competitor, and forgets its figures.
func (s *Competitors) Remove(ctx context.Context, id app.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	return s.store.DeleteCompetitor(ctx, id)
}

// List returns the competitors, oldest first.
func (s *Competitors) List(ctx context.Context) ([]Competitor, error) {
	return s.store.Competitors(ctx)
}

// Get returns one competitor.
func (s *Competitors) Get(ctx context.Context, id app.ID) (Competitor, error) {
	list, err := s.store.Competitors(ctx)
	if err != nil {
		return Competitor{}, err
	}
	for _, c := range list {
		if c.ID == id {
			return c, nil
		}
	}
	return Competitor{}, fmt.Errorf("competitor %s: %w", id, app.ErrNotFound)
}

// Find returns the competitor whose ID, handle or name is ref.
func (s *Competitors) Find(ctx context.Context, ref string) (Competitor, error) {
	ref = NormalizeHandle(ref)
	list, err := s.store.Competitors(ctx)
	if err != nil {
		return Competitor{}, err
	}
	for _, c := range list {
		if c.ID.String() == strings.ToLower(ref) || strings.EqualFold(c.Handle, ref) {
			return c, nil
		}
	}
	return Competitor{}, fmt.Errorf("competitor %s: %w", ref, app.ErrNotFound)
}

// Days returns a competitor's daily figures from from to to, both
// included (civil dates as app.DayOf gives them).
func (s *Competitors) Days(ctx context.Context, id app.ID, from, to time.Time) ([]CompetitorDay, error) {
	return s.store.CompetitorDays(ctx, id, from, to)
}

// RefreshResult is what one read of one competitor did.
type RefreshResult struct {
	Competitor Competitor
	Posts      int   // the posts whose figures were read
	Err        error // nil when the read worked
}

// Refresh reads the competitors due (all of them with force), one after
// the other, and returns what each read did. It stops early when ctx is
// cancelled.
func (s *Competitors) Refresh(ctx context.Context, force bool) ([]RefreshResult, error) {
	list, err := s.store.Competitors(ctx)
	if err != nil {
		return nil, err
	}
	var out []RefreshResult
	now := s.clock.Now()
	readers := map[app.Network]CompetitorReader{}
	for _, c := range list {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		if !force && c.NextDue.After(now) {
			continue
		}
		r, ok := readers[c.Network]
		var rerr error
		if !ok {
			r, rerr = s.reader(ctx, c.Network)
			if rerr == nil {
				readers[c.Network] = r
			}
		}
		before := c.LastRead
		if rerr != nil {
			c = s.failed(c, rerr)
		} else {
			acc, err := r.LookupAccount(ctx, c.Handle)
			if err != nil {
				c = s.failed(c, err)
			} else {
				c.fill(acc, c.Handle)
				c = s.read(ctx, c, r, acc)
			}
		}
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		s.mu.Lock()
		// Removed meanwhile: not brought back.
		if _, err := s.Get(ctx, c.ID); err == nil {
			err = s.store.PutCompetitor(ctx, c)
			if err != nil {
				s.mu.Unlock()
				return out, fmt.Errorf("saving competitor %s: %w", c.Handle, err)
			}
		}
		s.mu.Unlock()
		res := RefreshResult{Competitor: c}
		if c.LastError != "" {
			res.Err = errors.New(c.LastError)
		}
		if c.LastRead.After(before) {
			res.Posts = c.lastPosts
		}
		out = append(out, res)
	}
	return out, nil
}

// read stores a competitor's followers of the day (from acc, just looked
// up) and reads its recent posts; it returns c with its state.
func (s *Competitors) read(ctx context.Context, c Competitor, r CompetitorReader, acc Account) Competitor {
	now := s.clock.Now()
	day := CompetitorDay{Competitor: c.ID, Day: app.DayOf(now, s.zone), Followers: acc.Followers, Following: acc.Following,
		Posts: acc.Posts, At: now.UTC()}
	if err := s.store.PutCompetitorDay(ctx, day); err != nil {
		return s.failed(c, err)
	}
	back := competitorDays
	if c.LastRead.IsZero() {
		back = competitorFirstDays
	}
	since := now.AddDate(0, 0, -back)
	var posts []CompetitorPost
	cursor := ""
	for range competitorPages {
		page, err := r.AuthorPosts(ctx, c.Handle, since, cursor)
		if err != nil {
			return s.failed(c, err)
		}
		for _, f := range page.Found {
			if f.URI == "" || f.Published.IsZero() {
				continue
			}
			posts = append(posts, CompetitorPost{Competitor: c.ID, URI: f.URI, URL: f.URL, Text: postText(f), Published: f.Published.UTC(),
				Likes: f.Likes, Reposts: f.Reposts, Replies: f.Replies, ReadAt: now.UTC()})
		}
		if page.Cursor == "" || page.Cursor == cursor {
			break
		}
		cursor = page.Cursor
	}
	if err := s.store.PutCompetitorPosts(ctx, posts); err != nil {
		return s.failed(c, err)
	}
	c.LastRead, c.NextDue, c.Failures, c.LastError = now.UTC(), now.Add(CompetitorEvery).UTC(), 0, ""
	c.lastPosts = len(posts)
	return c
}

// postText is a post's text for a benchmark, its title when it has one.
func postText(f Found) string {
	if f.Text != "" {
		return f.Text
	}
	return f.Title
}

// failed keeps a failed read in c's state, its next read later each time
// (firstRetry, doubling, at most a day).
func (s *Competitors) failed(c Competitor, err error) Competitor {
	c.Failures++
	wait := firstRetry << min(c.Failures-1, 16)
	wait = min(wait, CompetitorEvery)
	if ne, ok := app.AsNetError(err); ok && ne.RetryAfter > wait {
		wait = min(ne.RetryAfter, CompetitorEvery)
	}
	c.NextDue = s.clock.Now().Add(wait).UTC()
	c.LastError = err.Error()
	return c
}

// Run reads the competitors when they are due, until ctx ends.
func (s *Competitors) Run(ctx context.Context) error {
	for {
		_, _ = s.Refresh(ctx, false) // a failure is kept in each competitor's state
		wait := s.untilDue(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.wake:
		case <-after(s.clock, wait):
		}
	}
}

// untilDue is how long until a competitor is due, at least a minute and
// at most an hour (a competitor added elsewhere is seen within the hour).
func (s *Competitors) untilDue(ctx context.Context) time.Duration {
	wait := time.Hour
	list, err := s.store.Competitors(ctx)
	if err != nil {
		return wait
	}
	now := s.clock.Now()
	for _, c := range list {
		wait = min(wait, c.NextDue.Sub(now))
	}
	return max(wait, time.Minute)
}

func (s *Competitors) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Competitors implements part of app.Veille: each competitor's figures
// over p: its followers of each day, its posts published in p with their
// latest figures, and its best ones.
func (s *Competitors) Competitors(ctx context.Context, p app.Period) ([]app.Benchmark, error) {
	list, err := s.store.Competitors(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the competitors: %w", err)
	}
	var out []app.Benchmark
	for _, c := range list {
		b, err := s.benchmark(ctx, c, p)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (s *Competitors) benchmark(ctx context.Context, c Competitor, p app.Period) (app.Benchmark, error) {
	b := app.Benchmark{Network: c.Network, Handle: c.Handle, Name: c.Name, URL: c.URL, Weeks: p.Weeks(), Error: c.LastError}
	days, err := s.store.CompetitorDays(ctx, c.ID, app.DayOf(p.From, s.zone), app.DayOf(p.Last(), s.zone))
	if err != nil {
		return b, fmt.Errorf("reading the followers of %s: %w", c.Handle, err)
	}
	for _, d := range days {
		b.Days = append(b.Days, app.BenchmarkDay{Day: d.Day, Followers: d.Followers})
	}
	posts, err := s.store.CompetitorPosts(ctx, c.ID, p.From, p.To)
	if err != nil {
		return b, fmt.Errorf("reading the posts of %s: %w", c.Handle, err)
	}
	var all []app.BenchmarkPost
	for _, x := range posts {
		b.Posts++
		b.Likes += x.Likes
		b.Reposts += x.Reposts
		b.Replies += x.Replies
		all = append(all, app.BenchmarkPost{PublishedAt: x.Published, URL: x.URL, Text: x.Text, Likes: x.Likes, Reposts: x.Reposts, Replies: x.Replies})
	}
	b.Top = app.TopPosts(all, app.TopBenchmarkPosts)
	return b, nil
}

// Figures is the veille as app.Veille: the share of voice of the
// watches, the figures of the competitors (either may be nil).
type Figures struct {
	Watches *Service
	Rivals  *Competitors
}

var _ app.Veille = Figures{}

// ShareOfVoice implements app.Veille.
func (f Figures) ShareOfVoice(ctx context.Context, p, prev app.Period) (app.Voices, error) {
	if f.Watches == nil {
		return app.Voices{}, nil
	}
	return f.Watches.ShareOfVoice(ctx, p, prev)
}

// Competitors implements app.Veille.
func (f Figures) Competitors(ctx context.Context, p app.Period) ([]app.Benchmark, error) {
	if f.Rivals == nil {
		return nil, nil
	}
	return f.Rivals.Competitors(ctx, p)
}
