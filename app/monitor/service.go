package monitor

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// Defaults of the service.
const (
	// DefaultInterval is how often a source is read.
	DefaultInterval = 15 * time.Minute
	// DefaultRetention is how long items are kept.
	DefaultRetention = 180 * 24 * time.Hour
	// firstRetry is the wait after a first failure; it doubles with each
	// failure in a row, up to maxRetry.
	firstRetry = time.Minute
	maxRetry   = 6 * time.Hour
	// maxPages bounds the pages of one search read per pass.
	maxPages = 3
	// pageSize is the posts asked for per page.
	pageSize = 50
	// parallel is how many sources are read at once: a slow one never
	// holds the others.
	parallel = 4
)

// FeedPage is what one read of a feed brought: its new articles, and
// the cursor to read it from next.
type FeedPage struct {
	Found  []Found
	Cursor string
}

// FeedReader reads feeds (an adapter over connectors/rss): conditional
// GET with the cursor's validators, each article once. A feed that is not
// one, too big or too slow returns an error saying so.
type FeedReader interface {
	ReadFeed(ctx context.Context, url, cursor string) (FeedPage, error)
}

// Connectors opens a connected account's connector (app.Accounts does).
type Connectors interface {
	Connector(ctx context.Context, id app.ID) (app.Account, app.Connector, error)
}

// ErrCannotSearch: the account's network offers no search Relais knows.
var ErrCannotSearch = errors.New("this account's network cannot search public posts")

// ErrBusy: the source is being read already (another pass holds it).
var ErrBusy = errors.New("this source is being read already")

// Service keeps the watches and reads their sources.
type Service struct {
	store      Store
	connectors Connectors
	feeds      FeedReader
	clock      app.Clock
	scorer     Scorer
	detector   LanguageDetector
	settings   app.SettingsStore

	// Interval is how often each source is read; Retention how long
	// items are kept. Set them before Run.
	Interval  time.Duration
	Retention time.Duration

	mu      sync.Mutex // watches' writes
	busy    sync.Map   // source key -> chan struct{}, closed once read
	streams tagStreams // Run's hashtag streams (tagstreams.go)
	wake    chan struct{}
	alerts  alerts // UseNotifier: spikes told
	side    []SidePass

	// Listeners are told when new items were stored, or an item's flags
	// changed: the screen reads them again.
	Listeners
}

// NewService returns the service over a store; connectors and feeds may
// be nil (no network source, no feed).
func NewService(store Store, connectors Connectors, feeds FeedReader, clock app.Clock) *Service {
	return &Service{store: store, connectors: connectors, feeds: feeds, clock: clock,
		Interval: DefaultInterval, Retention: DefaultRetention, wake: make(chan struct{}, 1),
		streams: tagStreams{spikes: make(chan struct{}, 1)}}
}

// UseScorer sets what scores the sentiment of new items.
func (s *Service) UseScorer(sc Scorer) { s.scorer = sc }

// UseDetector sets what tells the language of items whose source does
// not say it.
func (s *Service) UseDetector(d LanguageDetector) { s.detector = d }

// Add stores a new watch, and has Run read it at once.
func (s *Service) Add(ctx context.Context, w Watch) (Watch, error) {
	w.Name = strings.TrimSpace(w.Name)
	if w.Kind == "" {
		w.Kind = KindTopic
	}
	if err := w.Check(); err != nil {
		return Watch{}, err
	}
	now := s.clock.Now().UTC()
	w.ID, w.Created, w.State = app.NewID(now), now, map[string]SourceState{}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.PutWatch(ctx, w); err != nil {
		return Watch{}, fmt.Errorf("adding watch %q: %w", w.Name, err)
	}
	s.poke()
	return w, nil
}

// Update changes a watch's name, kind, query, sources and notification;
// the state of the sources it keeps stays.
func (s *Service) Update(ctx context.Context, w Watch) (Watch, error) {
	if err := w.Check(); err != nil {
		return Watch{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.get(ctx, w.ID)
	if err != nil {
		return Watch{}, err
	}
	w.Created, w.State = old.Created, map[string]SourceState{}
	for _, src := range w.Sources {
		if st, ok := old.State[src.Key()]; ok {
			w.State[src.Key()] = st
		}
	}
	if err := s.store.PutWatch(ctx, w); err != nil {
		return Watch{}, fmt.Errorf("changing watch %q: %w", w.Name, err)
	}
	s.poke()
	return w, nil
}

// Remove deletes a watch; items it alone found go with it.
func (s *Service) Remove(ctx context.Context, id app.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.get(ctx, id); err != nil {
		return err
	}
	if err := s.store.DeleteWatch(ctx, id); err != nil {
		return err
	}
	s.poke() // its hashtags may be streamed no longer
	return nil
}

// List returns the watches, oldest first.
func (s *Service) List(ctx context.Context) ([]Watch, error) { return s.store.Watches(ctx) }

// Get returns one watch.
func (s *Service) Get(ctx context.Context, id app.ID) (Watch, error) { return s.get(ctx, id) }

func (s *Service) get(ctx context.Context, id app.ID) (Watch, error) {
	list, err := s.store.Watches(ctx)
	if err != nil {
		return Watch{}, err
	}
	for _, w := range list {
		if w.ID == id {
			return w, nil
		}
	}
	return Watch{}, fmt.Errorf("watch %s: %w", id, app.ErrNotFound)
}

// Items lists items newest first.
func (s *Service) Items(ctx context.Context, f Filter) ([]Item, error) {
	var out []Item
	err := s.store.Items(ctx, f, func(it Item) bool {
		out = append(out, it)
		return true
	})
	return out, err
}

// Mark sets an item's read and important flags.
func (s *Service) Mark(ctx context.Context, it Item, read, important bool) error {
	if err := s.store.PutItemFlags(ctx, it.ID, read, important, it.Sentiment); err != nil {
		return err
	}
	s.Changed()
	return nil
}

// Purge removes the items older than the retention: the setting when
// UseSettings gave one, else Retention.
func (s *Service) Purge(ctx context.Context) (int, error) {
	keep := s.retention()
	if s.settings != nil {
		d, err := Retention(ctx, s.settings)
		if err != nil {
			return 0, err
		}
		keep = d
	}
	return s.store.PurgeItems(ctx, s.clock.Now().Add(-keep))
}

func (s *Service) retention() time.Duration {
	if s.Retention <= 0 {
		return DefaultRetention
	}
	return s.Retention
}

func (s *Service) interval() time.Duration {
	if s.Interval <= 0 {
		return DefaultInterval
	}
	return s.Interval
}

func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// SourceReport is what a pass did with one source.
type SourceReport struct {
	Source  SourceRef
	Watches []app.ID
	// Found is what the source returned that a watch matched; New what
	// was not stored before.
	Found, New int
	// Err is why the read failed; nil when it worked.
	Err error
	// Skipped: the source was being read already, by another pass.
	Skipped bool
}

// group is a source and the watches that read it with the same cursor:
// read once for them all.
type group struct {
	key     string
	src     SourceRef
	watches []Watch
	state   SourceState
}

// RefreshNow reads every source of every watch once, whatever their
// schedule, calling progress (if not nil) as sources are done, then does
// the side passes (the impostors' search). It stops when ctx ends.
func (s *Service) RefreshNow(ctx context.Context, progress func(done, total int)) ([]SourceReport, error) {
	reports, err := s.pass(ctx, false, progress)
	if err == nil {
		err = s.alertSpikes(ctx)
	}
	if err == nil {
		// A side pass keeps its own state (the impostors' tab says why its
		// last search failed): a workspace with no account to search
		// through still refreshes its feeds.
		s.sidePasses(ctx, false)
	}
	return reports, err
}

// pass reads the sources (only those due when dueOnly) and reports.
func (s *Service) pass(ctx context.Context, dueOnly bool, progress func(done, total int)) ([]SourceReport, error) {
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	groups := groupSources(watches)
	if dueOnly {
		groups = slices.DeleteFunc(groups, func(g *group) bool {
			for _, w := range g.watches {
				if !w.State[g.key].NextDue.After(now) {
					return false
				}
			}
			return true
		})
	}
	reports := make([]SourceReport, len(groups))
	var (
		wg   sync.WaitGroup
		pmu  sync.Mutex
		done int
		sem  = make(chan struct{}, parallel)
	)
	if progress != nil {
		progress(0, len(groups))
	}
	for i, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				reports[i] = SourceReport{Source: g.src, Watches: ids(g.watches), Err: ctx.Err()}
				return
			}
			defer func() { <-sem }()
			reports[i] = s.readGroup(ctx, g)
			pmu.Lock()
			done++
			if progress != nil {
				progress(done, len(groups))
			}
			pmu.Unlock()
		}()
	}
	wg.Wait()
	return reports, ctx.Err()
}

func ids(ws []Watch) []app.ID {
	out := make([]app.ID, len(ws))
	for i, w := range ws {
		out[i] = w.ID
	}
	return out
}

// groupSources gathers the watches by source and cursor.
func groupSources(watches []Watch) []*group {
	byKey := map[string]*group{}
	var order []string
	for _, w := range watches {
		for _, src := range w.Sources {
			st := w.State[src.Key()]
			k := src.Key() + "\x00" + st.Cursor
			g, ok := byKey[k]
			if !ok {
				g = &group{key: src.Key(), src: src, state: st}
				byKey[k] = g
				order = append(order, k)
			}
			if st.Since.Before(g.state.Since) {
				g.state.Since = st.Since
			}
			if !slices.ContainsFunc(g.watches, func(x Watch) bool { return x.ID == w.ID }) {
				g.watches = append(g.watches, w)
			}
		}
	}
	out := make([]*group, len(order))
	for i, k := range order {
		out[i] = byKey[k]
	}
	return out
}

// readGroup reads one source for its watches, stores what matched, and
// notes how it went in each watch's state.
func (s *Service) readGroup(ctx context.Context, g *group) SourceReport {
	rep := SourceReport{Source: g.src, Watches: ids(g.watches)}
	done := make(chan struct{})
	if _, loaded := s.busy.LoadOrStore(g.key, done); loaded {
		rep.Skipped, rep.Err = true, ErrBusy
		return rep
	}
	defer func() {
		s.busy.Delete(g.key)
		close(done)
	}()
	found, cursor, note, err := s.read(ctx, g)
	now := s.clock.Now().UTC()
	st := g.state
	if err == nil {
		items := s.matchAll(g, found, now)
		rep.Found = len(items)
		var fresh []Item
		fresh, err = s.store.MergeItems(ctx, items)
		rep.New = len(fresh)
		if len(fresh) > 0 {
			s.Changed()
		}
		if err == nil {
			st.Cursor, st.LastRead, st.Failures, st.LastError, st.Note = cursor, now, 0, "", note
			st.NextDue = now.Add(s.interval())
			for _, f := range found {
				if f.Published.After(st.Since) && !f.Published.After(now.Add(time.Hour)) {
					st.Since = f.Published
				}
			}
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			rep.Err = ctx.Err()
			return rep // cancelled: nothing learned about the source
		}
		st.Failures++
		st.LastError = err.Error()
		st.NextDue = now.Add(retryAfter(st.Failures, err))
		rep.Err = err
	}
	if perr := s.saveState(context.WithoutCancel(ctx), g, st); perr != nil && rep.Err == nil {
		rep.Err = perr
	}
	return rep
}

// retryAfter is how long to wait after the n-th failure in a row: what
// the server asked (429, 503), else a minute doubling each time, up to
// six hours; six hours for a failure that will not pass by itself.
func retryAfter(failures int, err error) time.Duration {
	if ne, ok := app.AsNetError(err); ok {
		if ne.RetryAfter > 0 {
			return min(ne.RetryAfter, 24*time.Hour)
		}
		if !ne.Temporary() {
			return maxRetry
		}
	} else if errors.Is(err, ErrSearchUnsupported) || errors.Is(err, ErrCannotSearch) {
		return maxRetry
	}
	d := firstRetry
	for i := 1; i < failures && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

func (s *Service) saveState(ctx context.Context, g *group, st SourceState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return err
	}
	mine := ids(g.watches)
	for _, w := range watches {
		if !slices.Contains(mine, w.ID) || !slices.ContainsFunc(w.Sources, func(r SourceRef) bool { return r.Key() == g.key }) {
			continue // removed, or no longer reading this source
		}
		w.State = maps.Clone(w.State)
		if w.State == nil {
			w.State = map[string]SourceState{}
		}
		w.State[g.key] = st
		if err := s.store.PutWatch(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

// read asks the source what it has: what it found, its next cursor, and
// a note of what it could not do.
func (s *Service) read(ctx context.Context, g *group) ([]Found, string, string, error) {
	switch g.src.Kind {
	case SourceFeed:
		if s.feeds == nil {
			return nil, "", "", fmt.Errorf("feed %s: no feed reader", g.src.URL)
		}
		page, err := s.feeds.ReadFeed(ctx, g.src.URL, g.state.Cursor)
		if err != nil {
			return nil, "", "", err
		}
		for i := range page.Found {
			page.Found[i].Source = SourceFeed
		}
		return page.Found, page.Cursor, "", nil
	case SourceBluesky, SourceMastodon:
		return s.search(ctx, g)
	}
	return nil, "", "", fmt.Errorf("%q: %w", g.src.Kind, ErrBadSource)
}

func (s *Service) search(ctx context.Context, g *group) ([]Found, string, string, error) {
	if s.connectors == nil {
		return nil, "", "", ErrCannotSearch
	}
	_, conn, err := s.connectors.Connector(ctx, g.src.Account)
	if err != nil {
		return nil, "", "", err
	}
	searcher, ok := conn.(PostSearcher)
	if !ok {
		return nil, "", "", ErrCannotSearch
	}
	var searches []Search
	for _, w := range g.watches {
		q, err := ParseQuery(w.Query)
		if err != nil {
			continue
		}
		var mine []Search
		if g.src.Kind == SourceBluesky {
			mine = q.BlueskySearches()
		} else {
			mine = q.MastodonSearches()
		}
		for _, m := range mine {
			if !slices.Contains(searches, m) {
				searches = append(searches, m)
			}
		}
	}
	var all []Found
	var firstErr error
	worked := 0
	for _, q := range searches {
		q.Since, q.Limit = g.state.Since, pageSize
		for page := 0; page < maxPages; page++ {
			got, err := searcher.SearchPosts(ctx, q)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				break
			}
			if page == 0 {
				worked++
			}
			for _, f := range got.Found {
				f.Source = g.src.Kind
				all = append(all, f)
			}
			if got.Cursor == "" || len(got.Found) == 0 || g.state.Since.IsZero() ||
				got.Found[len(got.Found)-1].Published.Before(g.state.Since) {
				break
			}
			q.Cursor = got.Cursor
		}
		if ctx.Err() != nil {
			return nil, "", "", ctx.Err()
		}
	}
	if worked == 0 && firstErr != nil {
		return nil, "", "", firstErr
	}
	note := ""
	if firstErr != nil {
		// Some searches worked (a hashtag timeline), some not (the text
		// of a server that searches none): the watch says so.
		note = firstErr.Error()
	}
	return all, "", note, nil
}

// matchAll checks what a source returned against each watch that reads
// it, and makes the items, each URI once.
func (s *Service) matchAll(g *group, found []Found, now time.Time) []Item {
	type compiled struct {
		id app.ID
		q  Query
	}
	qs := make([]compiled, 0, len(g.watches))
	for _, w := range g.watches {
		if q, err := ParseQuery(w.Query); err == nil {
			qs = append(qs, compiled{w.ID, q})
		}
	}
	byURI := map[string]int{}
	var items []Item
	for _, f := range found {
		if f.URI == "" {
			continue
		}
		if f.Language == "" && s.detector != nil {
			f.Language = s.detector.Detect(strings.TrimSpace(f.Title + "\n" + f.Text))
		}
		t := newTarget(f)
		var matched []app.ID
		for _, c := range qs {
			if c.q.Root.match(t) {
				matched = append(matched, c.id)
			}
		}
		if len(matched) == 0 {
			continue
		}
		if i, ok := byURI[f.URI]; ok {
			for _, id := range matched {
				if !slices.Contains(items[i].Watches, id) {
					items[i].Watches = append(items[i].Watches, id)
				}
			}
			continue
		}
		it := Item{ID: app.NewID(now), Found: f, Watches: matched, FoundAt: now}
		if g.src.Kind == SourceFeed {
			it.FeedURL = g.src.URL
		} else {
			it.Account = g.src.Account
		}
		if s.scorer != nil {
			it.Sentiment = s.scorer.Score(strings.TrimSpace(f.Title+"\n"+f.Text), app.Language(f.Language))
		}
		byURI[f.URI] = len(items)
		items = append(items, it)
	}
	return items
}

// Run reads each source when it is due until ctx ends, and purges the
// items past the retention once a day. Meanwhile it streams the
// hashtags of the watches' Mastodon sources where the server offers it
// (tagstreams.go); the streams end before Run returns.
func (s *Service) Run(ctx context.Context) error {
	var lookout sync.WaitGroup
	defer lookout.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer s.stopStreams()
	lookout.Add(1)
	go func() {
		defer lookout.Done()
		s.spikeLookout(ctx)
	}()
	var lastPurge time.Time
	for {
		s.followTags(ctx)
		if now := s.clock.Now(); now.Sub(lastPurge) >= 24*time.Hour {
			if _, err := s.Purge(ctx); err == nil {
				lastPurge = now
			}
		}
		s.pass(ctx, true, nil)
		s.alertSpikes(ctx)      // a failure is tried again after the next pass
		s.sidePasses(ctx, true) // as is a side pass's
		wait := s.untilDue(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.wake:
		case <-after(s.clock, wait):
		}
	}
}

// untilDue is how long until a source is due, at least a few seconds and
// at most the interval.
func (s *Service) untilDue(ctx context.Context) time.Duration {
	wait := s.interval()
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return wait
	}
	now := s.clock.Now()
	for _, w := range watches {
		for _, src := range w.Sources {
			if d := w.State[src.Key()].NextDue.Sub(now); d < wait {
				wait = d
			}
		}
	}
	return max(wait, 5*time.Second)
}

func after(c app.Clock, d time.Duration) <-chan time.Time {
	if w, ok := c.(app.Waiter); ok {
		return w.After(d)
	}
	return time.After(d)
}

// Walk calls fn for each item newest first, as f says, until fn returns
// false; nothing is held in memory, so that a screen counts or pages
// through a hundred thousand items.
func (s *Service) Walk(ctx context.Context, f Filter, fn func(Item) bool) error {
	return s.store.Items(ctx, f, fn)
}
