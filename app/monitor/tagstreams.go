package monitor

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// Hashtags streamed (Mastodon's streaming "hashtag"): while Run runs,
// each Mastodon account that watches read hashtags through keeps one
// stream open for all their hashtags (TagStreamer), opened again when
// the watches change. A post streamed goes the way a post read does:
// the watches' own check, one item per URI, its sentiment, the store,
// the spikes. Each time the stream opens, the account's source is read
// as on its schedule, so that nothing posted while it was closed is
// missed. The schedule stays as it is: a server that offers no hashtag
// stream (GoToSocial) is read on it only, as before.

// The waits before a hashtag stream is opened again after a drop: the
// first, doubled after each drop in a row, up to the last (with up to a
// quarter more, at random, so that accounts on one server do not come
// back all at once).
const (
	tagStreamRetry    = 2 * time.Second
	tagStreamRetryMax = 5 * time.Minute
)

// TagStreamState is how an account's hashtag stream goes.
type TagStreamState struct {
	// Tags are the hashtags it follows (lower-cased, sorted).
	Tags []string
	// Live is set while the stream is open.
	Live bool
	// Refused says why the account's server streams no hashtag (plain
	// English); its hashtags are read on the schedule.
	Refused string
}

// tagStreams are the hashtag streams Run keeps open, by account.
type tagStreams struct {
	mu      sync.Mutex
	running map[app.ID]*tagStream
	refused map[app.ID]string
	wg      sync.WaitGroup
	// spikes asks Run's spike look-out to look (buffered: asks made
	// while it looks make one more look).
	spikes chan struct{}
}

// tagStream is one account's stream.
type tagStream struct {
	tags   []string
	cancel context.CancelFunc
	live   bool // guarded by tagStreams.mu
}

// TagStreaming tells, for each account with hashtags to stream, how its
// stream goes.
func (s *Service) TagStreaming() map[app.ID]TagStreamState {
	ts := &s.streams
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := map[app.ID]TagStreamState{}
	for id, st := range ts.running {
		out[id] = TagStreamState{Tags: slices.Clone(st.tags), Live: st.live}
	}
	for id, why := range ts.refused {
		out[id] = TagStreamState{Refused: why}
	}
	return out
}

// streamedTags are, per Mastodon account, the hashtags the watches read
// through it: those of their Mastodon searches, lower-cased, sorted.
func streamedTags(watches []Watch) map[app.ID][]string {
	out := map[app.ID][]string{}
	for _, w := range watches {
		q, err := ParseQuery(w.Query)
		if err != nil {
			continue
		}
		var tags []string
		for _, se := range q.MastodonSearches() {
			if se.Hashtag != "" {
				tags = append(tags, strings.ToLower(se.Hashtag))
			}
		}
		if len(tags) == 0 {
			continue
		}
		for _, src := range w.Sources {
			if src.Kind != SourceMastodon {
				continue
			}
			for _, t := range tags {
				if !slices.Contains(out[src.Account], t) {
					out[src.Account] = append(out[src.Account], t)
				}
			}
		}
	}
	for _, tags := range out {
		slices.Sort(tags)
	}
	return out
}

// followTags opens the streams the watches need, and closes (or opens
// again with their new hashtags) those they changed. Streams end with
// ctx.
func (s *Service) followTags(ctx context.Context) {
	if s.connectors == nil {
		return
	}
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return
	}
	want := streamedTags(watches)
	ts := &s.streams
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.running == nil {
		ts.running, ts.refused = map[app.ID]*tagStream{}, map[app.ID]string{}
	}
	for id, st := range ts.running {
		if !slices.Equal(st.tags, want[id]) {
			st.cancel()
			delete(ts.running, id)
		}
	}
	for id, tags := range want {
		if _, ok := ts.running[id]; ok || ts.refused[id] != "" {
			continue
		}
		sctx, cancel := context.WithCancel(ctx)
		st := &tagStream{tags: tags, cancel: cancel}
		ts.running[id] = st
		ts.wg.Add(1)
		go func() {
			defer ts.wg.Done()
			defer cancel()
			s.streamTags(sctx, id, st)
		}()
	}
}

// stopStreams ends the streams and waits for them.
func (s *Service) stopStreams() {
	ts := &s.streams
	ts.mu.Lock()
	for id, st := range ts.running {
		st.cancel()
		delete(ts.running, id)
	}
	ts.mu.Unlock()
	ts.wg.Wait()
}

// setLive notes whether st is open.
func (s *Service) setLive(st *tagStream, live bool) {
	s.streams.mu.Lock()
	st.live = live
	s.streams.mu.Unlock()
}

// refuse notes that the account's server streams no hashtag: it is not
// asked again while Run runs.
func (s *Service) refuse(id app.ID, st *tagStream, err error) {
	ts := &s.streams
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.refused[id] = err.Error()
	if ts.running[id] == st {
		delete(ts.running, id)
	}
}

// streamTags follows st's hashtags through the account until ctx ends,
// opening the stream again after a drop, later each time (waited on the
// clock). The connector is opened once, so that it remembers how its
// server streams. Each opening has the source read (beside the stream,
// which keeps reading meanwhile; two openings in a row make one read).
func (s *Service) streamTags(ctx context.Context, id app.ID, st *tagStream) {
	_, conn, err := s.connectors.Connector(ctx, id)
	if err != nil {
		if ctx.Err() == nil {
			s.refuse(id, st, err)
		}
		return
	}
	streamer, ok := conn.(TagStreamer)
	if !ok {
		s.refuse(id, st, ErrNoTagStream)
		return
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	catchUp := make(chan struct{}, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-catchUp:
				s.catchUp(ctx, id)
			}
		}
	}()
	wait := tagStreamRetry
	for ctx.Err() == nil {
		began := s.clock.Now()
		err := streamer.StreamTags(ctx, st.tags, func(ev TagEvent) {
			switch {
			case ev.Opened:
				s.setLive(st, true)
				select {
				case catchUp <- struct{}{}:
				default:
				}
			case ev.Found != nil:
				s.streamed(ctx, id, *ev.Found)
			}
		})
		s.setLive(st, false)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, ErrNoTagStream) {
			s.refuse(id, st, err)
			return
		}
		if s.clock.Now().Sub(began) > tagStreamRetryMax {
			wait = tagStreamRetry // it ran a good while: the drop is news
		}
		jitter := time.Duration(rand.Int64N(int64(wait)/4 + 1))
		select {
		case <-ctx.Done():
			return
		case <-after(s.clock, wait+jitter):
		}
		wait = min(wait*2, tagStreamRetryMax)
	}
}

// catchUp reads the account's Mastodon source as its schedule would, at
// once; when a pass is reading it, once that pass is done (it may have
// read the timelines before the stream opened).
func (s *Service) catchUp(ctx context.Context, id app.ID) {
	key := SourceRef{Kind: SourceMastodon, Account: id}.Key()
	for ctx.Err() == nil {
		watches, err := s.store.Watches(ctx)
		if err != nil {
			return
		}
		skipped := false
		for _, g := range groupSources(watches) {
			if g.key != key {
				continue
			}
			if rep := s.readGroup(ctx, g); rep.Skipped {
				skipped = true
			}
		}
		if !skipped {
			s.lookForSpikes()
			return
		}
		if held, ok := s.busy.Load(key); ok {
			select {
			case <-ctx.Done():
			case <-held.(chan struct{}):
			}
		}
	}
}

// streamed checks a post a stream told against the watches that read
// the account's Mastodon source, and stores it as a read would.
func (s *Service) streamed(ctx context.Context, id app.ID, f Found) {
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return
	}
	src := SourceRef{Kind: SourceMastodon, Account: id}
	g := &group{key: src.Key(), src: src}
	for _, w := range watches {
		if slices.ContainsFunc(w.Sources, func(r SourceRef) bool { return r.Key() == g.key }) {
			g.watches = append(g.watches, w)
		}
	}
	f.Source = SourceMastodon
	items := s.matchAll(g, []Found{f}, s.clock.Now().UTC())
	if len(items) == 0 {
		return
	}
	fresh, err := s.store.MergeItems(ctx, items)
	if err != nil || len(fresh) == 0 {
		return
	}
	s.Changed()
	s.lookForSpikes()
}

// lookForSpikes has Run's look-out look for spikes, soon: a burst
// streamed item by item makes few looks, not one per item.
func (s *Service) lookForSpikes() {
	select {
	case s.streams.spikes <- struct{}{}:
	default:
	}
}

// spikeLookout looks for spikes when asked, until ctx ends.
func (s *Service) spikeLookout(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.streams.spikes:
			s.alertSpikes(ctx)
		}
	}
}
