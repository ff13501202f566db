package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeNet is a network in memory: it keeps posts by idempotency key, as
// Mastodon and Bluesky do, and fails as told.
type fakeNet struct {
	mu    sync.Mutex
	posts []Outgoing
	media []string // the bytes of each image received
	// fail, when set, is called before each Publish; its error is
	// returned, after creating the post when created is true.
	fail     func(o Outgoing) (err error, created bool)
	finds    int
	publish  int
	network  Network
	profiles int
	// limits are what Profile says the server allows.
	limits Limits
	// partial makes Profile tell the identity only, as Bluesky's
	// connector does with its AppView down; name is the display name
	// otherwise.
	partial bool
	name    string

	// The inbox side (inbox_fake_test.go).
	inbox    []Item
	changes  []Change
	readFail error
	reads    int
	threads  map[string]Thread
	gone     map[string]bool // posts deleted: PostExists says so, Publish still takes a reply to them (as Bluesky's PDS)
	checks   int             // PostExists calls
	likes    []string
	boosts   []string
	seenAt   time.Time
	stream   chan StreamEvent
	// Follow requests (inbox_fake_test.go): those waiting, by the
	// requester's ID, and the answers given.
	requests   map[string]Item
	answers    []string // "accept 12", "reject 13"
	answerFail error
	answerLost bool // the network acts on the answer, and the answer is lost

	// The figures side (analytics_test.go).
	followers    int
	figures      map[string]PostMetrics // by post ID
	metricsFail  error
	metricsReads []int // how many posts each PostMetrics asked
}

func (f *fakeNet) Network() Network { return f.network }

func (f *fakeNet) Open(acc Account, creds Credentials) (Connector, error) {
	return &fakeConn{net: f, creds: creds}, nil
}

type fakeConn struct {
	net   *fakeNet
	creds Credentials
}

func (c *fakeConn) Limits() Limits { return Limits{} }

func (c *fakeConn) Profile(ctx context.Context) (Profile, error) {
	if c.net.network == RSS {
		return Profile{RemoteID: "https://blog.example/feed", Handle: "Le blog"}, nil
	}
	s, err := c.creds.Secret(ctx)
	if err != nil {
		return Profile{}, err
	}
	if s.AccessToken != "good" {
		return Profile{}, &NetError{Network: c.net.network, Kind: FailAuth, Status: 401}
	}
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.profiles++
	if c.net.partial {
		return Profile{RemoteID: "42", Handle: "cm@" + string(c.net.network) + ".example", Partial: true, Limits: c.net.limits}, nil
	}
	return Profile{RemoteID: "42", Handle: "cm@" + string(c.net.network) + ".example", DisplayName: c.net.name, Avatar: nil, Limits: c.net.limits}, nil
}

func (c *fakeConn) Publish(ctx context.Context, o Outgoing) (Published, error) {
	if err := ctx.Err(); err != nil {
		return Published{}, err
	}
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.publish++
	created := false
	var fail error
	if c.net.fail != nil {
		fail, created = c.net.fail(o)
		if fail != nil && !created {
			return Published{}, fail
		}
	}
	found, ok := c.findLocked(o.Key)
	if !ok {
		for _, m := range o.Media {
			r, err := m.Open()
			if err != nil {
				return Published{}, err
			}
			b, _ := io.ReadAll(r)
			r.Close()
			c.net.media = append(c.net.media, string(b))
		}
		c.net.posts = append(c.net.posts, o)
		found, _ = c.findLocked(o.Key)
	}
	if fail != nil {
		return Published{}, fail
	}
	return found, nil
}

func (c *fakeConn) Find(ctx context.Context, o Outgoing) (Published, bool, error) {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.finds++
	p, ok := c.findLocked(o.Key)
	return p, ok, nil
}

func (c *fakeConn) findLocked(key string) (Published, bool) {
	for i, p := range c.net.posts {
		if p.Key == key {
			id := fmt.Sprint(i + 1)
			return Published{Ref: RemoteRef{ID: id}, URL: "https://example.net/" + id}, true
		}
	}
	return Published{}, false
}

func (f *fakeNet) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.posts)
}

type memSecrets struct {
	mu sync.Mutex
	m  map[ID]Secret
}

func (s *memSecrets) PutSecret(_ context.Context, id ID, v Secret) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = v
	return nil
}

func (s *memSecrets) Secret(_ context.Context, id ID) (Secret, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[id]
	if !ok {
		return Secret{}, ErrNoSecret
	}
	return v, nil
}

func (s *memSecrets) DeleteSecret(_ context.Context, id ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
	return nil
}

type memMedia map[string]string

func (m memMedia) AddMedia(ctx context.Context, r io.Reader, name string) (Media, error) {
	b, _ := io.ReadAll(r)
	hash := fmt.Sprintf("%064x", len(m)+1)
	m[hash] = string(b)
	return Media{Hash: hash, Type: "image/png", Size: int64(len(b)), Name: name}, nil
}
func (m memMedia) MediaPath(hash string) string { return "" }
func (m memMedia) OpenMedia(hash string) (io.ReadCloser, error) {
	b, ok := m[hash]
	if !ok {
		return nil, ErrNotFound
	}
	return io.NopCloser(strings.NewReader(b)), nil
}

type noticeLog struct {
	mu      sync.Mutex
	notices []Notice
}

func (n *noticeLog) Notify(x Notice) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notices = append(n.notices, x)
}

func (n *noticeLog) kinds() []NoticeKind {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []NoticeKind
	for _, x := range n.notices {
		out = append(out, x.Kind)
	}
	return out
}

type engine struct {
	pub      *Publishing
	drafts   *Drafts
	accounts *Accounts
	store    *memStore
	clock    *fakeClock
	masto    *fakeNet
	sky      *fakeNet
	notices  *noticeLog
	secrets  *memSecrets
	media    memMedia
	mastoAcc Account
	skyAcc   Account
}

func newEngine(t *testing.T) *engine {
	t.Helper()
	drafts, store, clock := newDrafts()
	e := &engine{drafts: drafts, store: store, clock: clock, notices: &noticeLog{},
		masto: &fakeNet{network: Mastodon}, sky: &fakeNet{network: Bluesky},
		secrets: &memSecrets{m: map[ID]Secret{}}, media: memMedia{}}
	e.accounts = NewAccounts(store, e.secrets, NewRegistry(e.masto, e.sky), e.media, clock)
	e.pub = NewPublishing(store, drafts, e.accounts, e.media, clock, time.UTC, e.notices)
	e.pub.jitter = func() float64 { return 0.5 }
	var err error
	if e.mastoAcc, err = e.accounts.Connect(bg, Account{Network: Mastodon, Server: "https://masto.example"}, Secret{AccessToken: "good"}); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Millisecond) // a distinct ID
	if e.skyAcc, err = e.accounts.Connect(bg, Account{Network: Bluesky, Handle: "cm.example"}, Secret{AccessToken: "good"}); err != nil {
		t.Fatal(err)
	}
	return e
}

// schedule makes a post to both networks, planned at at, with an image.
func (e *engine) schedule(t *testing.T, text string, at time.Time) Post {
	t.Helper()
	img, _ := e.media.AddMedia(bg, strings.NewReader("PNGDATA"), "a.png")
	img.Alt = "Une affiche"
	p, err := e.drafts.Create(bg, Post{Text: text, Status: StatusScheduled, PlannedAt: at, Media: []Media{img},
		Variants: []Variant{{Target: e.mastoAcc.Target()}, {Target: e.skyAcc.Target()}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *engine) run(t *testing.T) []Result {
	t.Helper()
	res, err := e.pub.RunDue(bg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (e *engine) status(t *testing.T, id ID) Status {
	t.Helper()
	p, err := e.drafts.Get(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	return p.Status
}

func TestPublishesOnTimeOnceToEachTarget(t *testing.T) {
	e := newEngine(t)
	at := start.Add(time.Hour)
	p := e.schedule(t, "Ouverture samedi à 10 h", at)

	if res := e.run(t); len(res) != 0 {
		t.Fatalf("before its time: %d results", len(res))
	}
	e.clock.advance(time.Hour)
	res := e.run(t)
	if len(res) != 2 || !res[0].Sent() || !res[1].Sent() {
		t.Fatalf("at its time: %+v", res)
	}
	if e.masto.count() != 1 || e.sky.count() != 1 {
		t.Fatalf("posts made: mastodon %d, bluesky %d; want 1 each", e.masto.count(), e.sky.count())
	}
	if got := e.masto.posts[0]; got.Text != "Ouverture samedi à 10 h" || len(got.Media) != 1 || got.Media[0].Alt != "Une affiche" {
		t.Errorf("sent %+v", got)
	}
	if e.masto.media[0] != "PNGDATA" {
		t.Errorf("image bytes %q", e.masto.media[0])
	}
	if st := e.status(t, p.ID); st != StatusPublished {
		t.Errorf("status %s, want published", st)
	}
	e.clock.advance(time.Minute)
	if res := e.run(t); len(res) != 0 {
		t.Errorf("a second pass did %d things", len(res))
	}
	if e.masto.count() != 1 || e.sky.count() != 1 {
		t.Errorf("a second pass posted again")
	}
	attempts, _ := e.pub.Attempts(bg, p.ID)
	if len(attempts) != 2 || attempts[0].Published.URL == "" {
		t.Errorf("outbox record %+v", attempts)
	}
}

// TestAnswerLostThenSettled: the network makes the post and the answer
// is lost (a dropped connection). The attempt waits; the next try asks
// the network first and finds the post.
func TestAnswerLostThenSettled(t *testing.T) {
	e := newEngine(t)
	e.schedule(t, "Une seule fois", start)
	drops := 1
	e.masto.fail = func(Outgoing) (error, bool) {
		if drops > 0 {
			drops--
			return &NetError{Network: Mastodon, Kind: FailOffline, Err: io.ErrUnexpectedEOF}, true
		}
		return nil, false
	}
	res := e.run(t)
	var masto Result
	for _, r := range res {
		if r.Account.Network == Mastodon {
			masto = r
		}
	}
	if masto.Attempt.State != AttemptWaiting || !errors.Is(masto.Err, ErrOffline) {
		t.Fatalf("after the drop: %+v", masto)
	}
	if acc, _ := e.accounts.Get(bg, e.mastoAcc.ID); acc.State != AccountOffline {
		t.Errorf("account state %s, want offline", acc.State)
	}
	e.clock.advance(time.Second)
	if res := e.run(t); len(res) != 0 {
		t.Fatalf("retried before its time: %+v", res)
	}
	e.clock.advance(5 * time.Minute)
	res = e.run(t)
	if len(res) != 1 || !res[0].Sent() {
		t.Fatalf("retry: %+v", res)
	}
	if n := e.masto.count(); n != 1 {
		t.Fatalf("%d posts on Mastodon, want 1", n)
	}
	if e.masto.finds != 1 || e.masto.publish != 1 {
		t.Errorf("finds %d, publishes %d: want the retry to find, not send", e.masto.finds, e.masto.publish)
	}
	if acc, _ := e.accounts.Get(bg, e.mastoAcc.ID); acc.State != AccountConnected {
		t.Errorf("account state %s after success, want connected", acc.State)
	}
}

// TestKilledMidRequest: the journal says "sending" (the process died
// after writing it). Whether or not the request reached the network, the
// next run leaves exactly one post.
func TestKilledMidRequest(t *testing.T) {
	for _, reached := range []bool{true, false} {
		t.Run(fmt.Sprint("reached=", reached), func(t *testing.T) {
			e := newEngine(t)
			p := e.schedule(t, "Coupé en plein vol", start)
			target := e.mastoAcc.Target()
			key := NewAttemptKey(start)
			a := Attempt{ID: AttemptID(p.ID, target, start), Post: p.ID, Target: target, Account: e.mastoAcc.ID,
				Due: start, Key: key, State: AttemptSending, Tries: 1, StartedAt: start}
			if err := e.store.PutAttempt(bg, a); err != nil {
				t.Fatal(err)
			}
			if reached {
				e.masto.posts = append(e.masto.posts, Outgoing{Key: key, Text: p.Text})
			}
			e.clock.advance(time.Minute)
			e.run(t)
			if n := e.masto.count(); n != 1 {
				t.Fatalf("%d posts, want 1", n)
			}
			got, _ := e.store.Attempt(bg, a.ID)
			if got.State != AttemptSent || got.Key != key {
				t.Errorf("attempt %+v, want sent under the same key", got)
			}
		})
	}
}

func TestRateLimitWaitsAsAsked(t *testing.T) {
	e := newEngine(t)
	e.schedule(t, "Patience", start)
	limited := true
	e.sky.fail = func(Outgoing) (error, bool) {
		if limited {
			limited = false
			return &NetError{Network: Bluesky, Kind: FailRateLimited, Status: 429, RetryAfter: 90 * time.Second}, false
		}
		return nil, false
	}
	e.run(t)
	a, _ := e.store.OpenAttempts(bg)
	if len(a) != 1 || a[0].State != AttemptWaiting || a[0].Status != 429 {
		t.Fatalf("open attempts %+v", a)
	}
	if wait := a[0].NextTry.Sub(start); wait < 90*time.Second || wait > 92*time.Second {
		t.Errorf("waits %v, want the 90 s asked", wait)
	}
	e.clock.advance(60 * time.Second)
	if res := e.run(t); len(res) != 0 {
		t.Fatalf("did not wait: %+v", res)
	}
	e.clock.advance(32 * time.Second)
	if res := e.run(t); len(res) != 1 || !res[0].Sent() {
		t.Fatalf("after the wait: %+v", res)
	}
}

func TestRejectedIsNotRetriedAndTold(t *testing.T) {
	e := newEngine(t)
	p := e.schedule(t, "Trop long", start)
	e.masto.fail = func(Outgoing) (error, bool) {
		return &NetError{Network: Mastodon, Kind: FailRejected, Status: 422, Message: "Validation failed: Text character limit of 500 exceeded"}, false
	}
	e.run(t)
	attempts, _ := e.pub.Attempts(bg, p.ID)
	var failed Attempt
	for _, a := range attempts {
		if a.Target.Network == Mastodon {
			failed = a
		}
	}
	if failed.State != AttemptFailed || failed.Status != 422 || !strings.Contains(failed.Problem, "character limit") {
		t.Fatalf("attempt %+v", failed)
	}
	if ne, ok := AsNetError(failed.Err()); !ok || ne.Kind != FailRejected || ne.Message != "Validation failed: Text character limit of 500 exceeded" {
		t.Errorf("the outbox's Err: %v", failed.Err())
	}
	if st := e.status(t, p.ID); st != StatusFailed {
		t.Errorf("post status %s, want failed", st)
	}
	if k := e.notices.kinds(); len(k) != 1 || k[0] != NoticeFailed {
		t.Errorf("notices %v", k)
	}
	e.clock.advance(time.Hour)
	e.run(t)
	if e.masto.publish != 1 {
		t.Errorf("a refused post was sent %d times", e.masto.publish)
	}

	// Fixed, then Publish now: the same attempt goes out.
	e.masto.fail = nil
	res, err := e.pub.PublishNow(bg, p.ID)
	if err != nil || len(res) != 1 || !res[0].Sent() {
		t.Fatalf("PublishNow: %+v, %v", res, err)
	}
	if st := e.status(t, p.ID); st != StatusPublished {
		t.Errorf("status %s after publishing now, want published", st)
	}
	if e.sky.count() != 1 || e.masto.count() != 1 {
		t.Errorf("posts %d, %d", e.masto.count(), e.sky.count())
	}
}

func TestRefusedSignInAsksToReconnect(t *testing.T) {
	e := newEngine(t)
	e.schedule(t, "Jeton périmé", start)
	e.masto.fail = func(Outgoing) (error, bool) {
		return &NetError{Network: Mastodon, Kind: FailAuth, Status: 401}, false
	}
	e.run(t)
	if acc, _ := e.accounts.Get(bg, e.mastoAcc.ID); acc.State != AccountReauth {
		t.Errorf("account state %s, want reauth", acc.State)
	}
	if k := e.notices.kinds(); len(k) != 1 || k[0] != NoticeReconnect {
		t.Errorf("notices %v", k)
	}
}

func TestServerTroubleBacksOffThenGivesUp(t *testing.T) {
	e := newEngine(t)
	e.schedule(t, "Serveur en panne", start)
	e.masto.fail = func(Outgoing) (error, bool) {
		return &NetError{Network: Mastodon, Kind: FailServer, Status: 503}, false
	}
	var waits []time.Duration
	for range MaxTries + 2 {
		e.run(t)
		open, _ := e.store.OpenAttempts(bg)
		if len(open) == 0 {
			break
		}
		wait := open[0].NextTry.Sub(e.clock.peek())
		waits = append(waits, wait)
		e.clock.advance(wait)
	}
	if len(waits) != MaxTries-1 {
		t.Fatalf("%d waits, want %d", len(waits), MaxTries-1)
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] < waits[i-1] || waits[i] > 30*time.Minute+time.Second {
			t.Errorf("wait %d: %v after %v", i, waits[i], waits[i-1])
		}
	}
	if waits[0] != 10*time.Second {
		t.Errorf("first wait %v, want 10 s", waits[0])
	}
	if e.masto.publish != MaxTries {
		t.Errorf("%d tries, want %d", e.masto.publish, MaxTries)
	}
	if k := e.notices.kinds(); len(k) != 1 || k[0] != NoticeFailed {
		t.Errorf("notices %v", k)
	}
}

func TestLatePolicies(t *testing.T) {
	cases := []struct {
		policy LatePolicy
		late   time.Duration
		want   AttemptState
	}{
		{LatePolicy{Mode: LatePublish}, 48 * time.Hour, AttemptSent},
		{LatePolicy{Mode: LateSkip, After: 6 * time.Hour}, 2 * time.Hour, AttemptSent},
		{LatePolicy{Mode: LateSkip, After: 6 * time.Hour}, 7 * time.Hour, AttemptSkipped},
		{LatePolicy{Mode: LateAsk}, time.Hour, AttemptHeld},
		{LatePolicy{Mode: LateAsk}, 10 * time.Minute, AttemptSent}, // within the grace
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.policy.Mode, tc.late), func(t *testing.T) {
			e := newEngine(t)
			if err := e.pub.settings.SetLatePolicy(bg, tc.policy); err != nil {
				t.Fatal(err)
			}
			p := e.schedule(t, "En retard", start)
			e.clock.advance(tc.late)
			res := e.run(t)
			if len(res) != 2 || res[0].Attempt.State != tc.want || res[1].Attempt.State != tc.want {
				t.Fatalf("results %+v, want %s", res, tc.want)
			}
			if tc.want != AttemptHeld {
				return
			}
			if k := e.notices.kinds(); len(k) != 2 || k[0] != NoticeHeld {
				t.Errorf("notices %v", k)
			}
			e.clock.advance(time.Hour)
			if res := e.run(t); len(res) != 0 {
				t.Errorf("a held post went on by itself: %+v", res)
			}
			held, _ := e.pub.Held(bg)
			if err := e.pub.Skip(bg, held[1].ID); err != nil {
				t.Fatal(err)
			}
			if held, _ := e.pub.Held(bg); len(held) != 1 {
				t.Errorf("%d held after skipping one, want 1", len(held))
			}
			// Publish now is the user's word: every target not reached.
			res, err := e.pub.PublishNow(bg, p.ID)
			if err != nil || len(res) != 2 || !res[0].Sent() || !res[1].Sent() {
				t.Fatalf("publish now after the question: %+v, %v", res, err)
			}
		})
	}
}

func TestOfflineThenBack(t *testing.T) {
	e := newEngine(t)
	e.schedule(t, "Hors ligne", start)
	offline := true
	down := func(Outgoing) (error, bool) {
		if offline {
			return &NetError{Kind: FailOffline, Err: errors.New("dial tcp: connection refused")}, false
		}
		return nil, false
	}
	e.masto.fail, e.sky.fail = down, down
	for range 5 {
		e.run(t)
		e.clock.advance(2 * time.Minute)
	}
	if e.masto.count()+e.sky.count() != 0 {
		t.Fatal("posted while offline")
	}
	offline = false
	e.clock.advance(2 * time.Minute)
	res := e.run(t)
	if len(res) != 2 || !res[0].Sent() || !res[1].Sent() {
		t.Fatalf("back online: %+v", res)
	}
	if e.masto.count() != 1 || e.sky.count() != 1 {
		t.Errorf("posts %d, %d", e.masto.count(), e.sky.count())
	}
}

func TestPublishNowDraftThenNotAgain(t *testing.T) {
	e := newEngine(t)
	p, err := e.drafts.Create(bg, Post{Text: "Tout de suite", Variants: []Variant{{Target: e.skyAcc.Target()}}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.pub.PublishNow(bg, p.ID)
	if err != nil || len(res) != 1 || !res[0].Sent() {
		t.Fatalf("PublishNow: %+v, %v", res, err)
	}
	got, _ := e.drafts.Get(bg, p.ID)
	if got.Status != StatusPublished || !got.PlannedAt.Equal(start) {
		t.Errorf("post %s at %v, want published now", got.Status, got.PlannedAt)
	}
	if res, _ := e.pub.PublishNow(bg, p.ID); len(res) != 0 {
		t.Errorf("publishing again did %+v", res)
	}
	e.clock.advance(time.Minute)
	e.run(t)
	if e.sky.count() != 1 {
		t.Errorf("%d posts, want 1", e.sky.count())
	}
	empty, _ := e.drafts.Create(bg, Post{Text: "Sans réseau"})
	if _, err := e.pub.PublishNow(bg, empty.ID); !errors.As(err, new(*NotReadyError)) {
		t.Errorf("publishing a post with no target: %v", err)
	}
}

func TestMovedAfterSentIsNotSentAgain(t *testing.T) {
	e := newEngine(t)
	p := e.schedule(t, "Déjà parti", start)
	e.run(t)
	p, _ = e.drafts.Get(bg, p.ID)
	p.Status = StatusScheduled
	p.PlannedAt = start.Add(time.Hour)
	if _, err := e.drafts.Save(bg, p); err != nil {
		t.Fatal(err)
	}
	e.clock.advance(2 * time.Hour)
	e.run(t)
	if e.masto.count() != 1 || e.sky.count() != 1 {
		t.Errorf("a post moved after it went out was sent again: %d, %d", e.masto.count(), e.sky.count())
	}
}

func TestRepeatingPostOncePerOccurrence(t *testing.T) {
	e := newEngine(t)
	if err := e.pub.settings.SetLatePolicy(bg, LatePolicy{Mode: LatePublish}); err != nil {
		t.Fatal(err)
	}
	p, err := e.drafts.Create(bg, Post{Text: "Chaque jour", Status: StatusScheduled, PlannedAt: start.Add(time.Hour),
		Recurrence: "FREQ=DAILY", Variants: []Variant{{Target: e.skyAcc.Target()}}})
	if err != nil {
		t.Fatal(err)
	}
	for day := range 3 {
		e.clock.advance(time.Hour)
		e.run(t)
		e.run(t)
		if n := e.sky.count(); n != day+1 {
			t.Fatalf("day %d: %d posts", day+1, n)
		}
		e.clock.advance(23 * time.Hour)
	}
	// Away for three days: one post, not three.
	e.clock.advance(3 * 24 * time.Hour)
	e.run(t)
	if n := e.sky.count(); n != 4 {
		t.Errorf("after three days away: %d posts, want 4", n)
	}
	if st := e.status(t, p.ID); st != StatusScheduled {
		t.Errorf("a repeating post is %s, want still scheduled", st)
	}
}

func TestNoAccountForTarget(t *testing.T) {
	e := newEngine(t)
	p, err := e.drafts.Create(bg, Post{Text: "Pour X", Status: StatusScheduled, PlannedAt: start,
		Variants: []Variant{{Target: Target{Network: X}}}})
	if err != nil {
		t.Fatal(err)
	}
	res := e.run(t)
	if len(res) != 1 || res[0].Attempt.State != AttemptFailed || !errors.Is(res[0].Err, ErrNoAccount) {
		t.Fatalf("results %+v", res)
	}
	stored, _ := e.store.Attempt(bg, res[0].Attempt.ID)
	if stored.Reason != "no_account" || !errors.Is(stored.Err(), ErrNoAccount) {
		t.Errorf("the outbox keeps reason %q, Err %v", stored.Reason, stored.Err())
	}
	if st := e.status(t, p.ID); st != StatusFailed {
		t.Errorf("status %s", st)
	}
}

func TestRunPublishesAtTheTime(t *testing.T) {
	drafts, store, _ := newDrafts()
	clock := SystemClock{}
	net := &fakeNet{network: Bluesky}
	secrets := &memSecrets{m: map[ID]Secret{}}
	accounts := NewAccounts(store, secrets, NewRegistry(net), nil, clock)
	acc, err := accounts.Connect(bg, Account{Network: Bluesky, Handle: "x"}, Secret{AccessToken: "good"})
	if err != nil {
		t.Fatal(err)
	}
	drafts = NewDrafts(store, clock)
	pub := NewPublishing(store, drafts, accounts, nil, clock, time.UTC, nil)
	ctx, cancel := context.WithCancel(bg)
	done := make(chan error)
	go func() { done <- pub.Run(ctx) }()
	at := time.Now().Add(300 * time.Millisecond)
	if _, err := drafts.Create(bg, Post{Text: "À l'heure", Status: StatusScheduled, PlannedAt: at, Variants: []Variant{{Target: acc.Target()}}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for net.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if net.count() != 1 {
		t.Fatal("Run did not publish the post at its time")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v", err)
	}
}

// TestNextWake: the loop sleeps until the next scheduled post or retry
// within the minute, from the pass's own reading: a draft planned earlier
// in the minute does not hide the scheduled post after it.
func TestNextWake(t *testing.T) {
	e := newEngine(t)
	if _, err := e.drafts.Create(bg, Post{Text: "brouillon", PlannedAt: start.Add(10 * time.Second),
		Variants: []Variant{{Target: e.skyAcc.Target()}}}); err != nil {
		t.Fatal(err)
	}
	e.schedule(t, "à 9 h 00 min 20 s", start.Add(20*time.Second))
	if _, next, err := e.pub.pass(bg); err != nil || !next.Equal(start.Add(20*time.Second)) {
		t.Fatalf("next wake %v, %v; want the scheduled post's time", next, err)
	}
	if _, err := e.drafts.Create(bg, Post{Text: "chaque jour", Status: StatusScheduled, PlannedAt: start.Add(-24*time.Hour + 5*time.Second),
		Recurrence: "FREQ=DAILY", Variants: []Variant{{Target: e.skyAcc.Target()}}}); err != nil {
		t.Fatal(err)
	}
	if _, next, _ := e.pub.pass(bg); !next.Equal(start.Add(5 * time.Second)) {
		t.Errorf("next wake %v, want the repeating post's next occurrence", next)
	}
	e.clock.advance(30 * time.Second)
	e.masto.fail = func(Outgoing) (error, bool) {
		return &NetError{Network: Mastodon, Kind: FailServer, Status: 503, RetryAfter: 12 * time.Second}, false
	}
	_, next, _ := e.pub.pass(bg)
	if want := start.Add(42 * time.Second); next.Before(want) || next.After(want.Add(time.Second)) {
		t.Errorf("next wake %v, want the retry the server asked for, at %v", next, want)
	}
	// Read back from the outbox by the next pass, the retry is still
	// what comes next.
	if _, next, _ := e.pub.pass(bg); !next.Equal(e.pending(t).NextTry) {
		t.Errorf("next wake %v, want the waiting retry's", next)
	}
}

// pending is the only open attempt.
func (e *engine) pending(t *testing.T) Attempt {
	t.Helper()
	open, err := e.store.OpenAttempts(bg)
	if err != nil || len(open) != 1 {
		t.Fatalf("open attempts %+v, %v; want one", open, err)
	}
	return open[0]
}
