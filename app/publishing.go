package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Publishing is the engine that sends each scheduled post's variants when
// they are due, exactly once. It runs in the window's process (and from
// the tray when the window is closed), and once from `relais publish
// --due`.
//
// Exactly once rests on the outbox journal: before a request leaves, the
// attempt is on disk with its idempotency key (Mastodon's Idempotency-Key,
// Bluesky's record key). An attempt found "sending" later — after a crash,
// a kill, a dropped connection — is settled by asking the network for a
// post under that key (Publisher.Find) before sending again with the same
// key, which the network's own idempotency makes harmless.
type Publishing struct {
	store    Store
	drafts   *Drafts
	accounts *Accounts
	media    MediaStore
	settings Settings
	clock    Clock
	zone     *time.Location
	notifier Notifier

	// jitter returns a number in [0, 1), to spread retries.
	jitter func() float64

	// mu makes one pass at a time: the loop, Publish now and a pass asked
	// by `relais publish --due` never send the same attempt twice.
	mu sync.Mutex

	wake chan struct{}

	listeners // Subscribe: attempts changed
}

// Notifier tells the user, outside the window, what needs them.
type Notifier interface {
	Notify(n Notice)
}

// Notice is something the user should know about now.
type Notice struct {
	Kind NoticeKind
	Post Post
	// Account is the account concerned; for NoticeInbox, the account of
	// every item when they are all of one.
	Account Account
	Attempt Attempt
	Err     error
	// Items are, for NoticeInbox, what arrived and needs the user,
	// newest first; Accounts is how many accounts they are for.
	Items    []InboxItem
	Accounts int
	// Urgent is true when an item is a risk, or for a spike.
	Urgent bool
	// Spikes are, for NoticeSpike, the watches' new spikes, one per
	// watch.
	Spikes []SpikeAlert
	// Impostors are, for NoticeImpostor, the new suspects.
	Impostors []ImpostorAlert
}

// NoticeKind is what a notice is about.
type NoticeKind string

// The notices of publishing.
const (
	NoticeFailed    NoticeKind = "publish_failed"    // refused for good: Err says why
	NoticeHeld      NoticeKind = "publish_held"      // late, waiting for the user's word
	NoticeReconnect NoticeKind = "account_reconnect" // the network refused the sign-in
	NoticeInbox     NoticeKind = "inbox"             // items need a reply, or are risks
)

// Publishing's bounds.
const (
	// Lookback is how far back a pass looks for posts that are due and
	// not sent: a post overdue by more is left for the user to replan.
	Lookback = 30 * 24 * time.Hour
	// MaxTries is how many times an attempt is tried before it fails.
	MaxTries = 12
	// SendTimeout bounds one attempt (its uploads and its post).
	SendTimeout = 5 * time.Minute
	// idleWake is how often the loop looks even when nothing is planned:
	// posts planned from another process, a network back online.
	idleWake = time.Minute
)

// NewPublishing returns the engine. notifier may be nil (the command
// line prints instead).
func NewPublishing(store Store, drafts *Drafts, accounts *Accounts, media MediaStore, clock Clock, zone *time.Location, notifier Notifier) *Publishing {
	return &Publishing{
		store: store, drafts: drafts, accounts: accounts, media: media, settings: NewSettings(store),
		clock: clock, zone: zone, notifier: notifier, jitter: rand.Float64, wake: make(chan struct{}, 1),
	}
}

// Result is what became of one attempt in a pass.
type Result struct {
	Attempt Attempt
	Post    Post
	Account Account
	// Err is why it did not go out this time, nil when sent or settled.
	Err error
}

// Sent reports whether the post is on the network.
func (r Result) Sent() bool { return r.Attempt.State == AttemptSent }

// Run publishes what is due until ctx ends: at each post's time, after
// any change of the posts, when Wake is called, and every minute besides.
func (p *Publishing) Run(ctx context.Context) error {
	stop := p.drafts.Subscribe(p.Wake)
	defer stop()
	for {
		// A pass that cannot read the store tries again at the next wake;
		// what it did is on disk, and what failed is in the outbox.
		_, next, err := p.pass(ctx)
		if err != nil {
			next = p.clock.Now().Add(idleWake)
		}
		timer := time.NewTimer(max(next.Sub(p.clock.Now()), 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-p.wake:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// Wake asks the loop to look now.
func (p *Publishing) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// RunDue publishes everything due now and settles attempts left open,
// then returns what became of each attempt it touched.
func (p *Publishing) RunDue(ctx context.Context) ([]Result, error) {
	results, _, err := p.pass(ctx)
	return results, err
}

// pass is RunDue, which also tells when the next post or retry is due
// within the minute (else in a minute), from the same reading of the
// store.
func (p *Publishing) pass(ctx context.Context) ([]Result, time.Time, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now().UTC()
	work, next, err := p.dueWork(ctx, now)
	if err != nil {
		return nil, next, err
	}
	var results []Result
	for _, w := range work {
		if ctx.Err() != nil {
			return results, next, ctx.Err()
		}
		r := p.settle(ctx, w.attempt, w.post)
		if r.Attempt.State == AttemptWaiting && r.Attempt.NextTry.Before(next) {
			next = r.Attempt.NextTry
		}
		results = append(results, r)
	}
	return results, next, nil
}

type work struct {
	attempt Attempt
	post    Post
}

// dueWork lists the attempts to make now: open attempts whose time has
// come, and a new attempt for each target of each occurrence due in the
// last Lookback that has none. It also tells when the next one comes,
// within idleWake (else at its end).
func (p *Publishing) dueWork(ctx context.Context, now time.Time) ([]work, time.Time, error) {
	horizon := now.Add(idleWake)
	next := horizon
	soon := func(t time.Time) {
		if t.Before(next) {
			next = t
		}
	}
	open, err := p.store.OpenAttempts(ctx)
	if err != nil {
		return nil, next, fmt.Errorf("reading the outbox: %w", err)
	}
	var out []work
	for _, a := range open {
		if a.State == AttemptHeld {
			continue
		}
		if a.State == AttemptWaiting && a.NextTry.After(now) {
			soon(a.NextTry)
			continue
		}
		post, err := p.store.Post(ctx, a.Post)
		if errors.Is(err, ErrNotFound) {
			post = Post{ID: a.Post} // deleted since: settle says so
		} else if err != nil {
			return nil, next, fmt.Errorf("reading post %s: %w", a.Post, err)
		}
		out = append(out, work{attempt: a, post: post})
	}

	var due []work
	add := func(post Post, at time.Time) {
		for _, v := range post.Variants {
			due = append(due, work{post: post, attempt: Attempt{
				ID: AttemptID(post.ID, v.Target, at), Post: post.ID, Target: v.Target, Due: at,
			}})
		}
	}
	from := now.Add(-Lookback)
	err = p.store.PlannedBetween(ctx, from, horizon, func(post Post) bool {
		switch {
		case post.Status != StatusScheduled || post.Recurrence != "":
		case post.PlannedAt.After(now):
			soon(post.PlannedAt)
		default:
			add(post, post.PlannedAt)
		}
		return true
	})
	if err != nil {
		return nil, next, fmt.Errorf("reading the posts due: %w", err)
	}
	err = p.store.RecurringPosts(ctx, func(post Post) bool {
		if post.Status != StatusScheduled {
			return true
		}
		// Occurrences before the post was last saved as scheduled were
		// never promised: a rule set today does not send last week's.
		since := from
		if saved := post.UpdatedAt.Truncate(time.Minute); saved.After(since) {
			since = saved
		}
		times, err := Occurrences(post.Recurrence, post.PlannedAt, post.Location(p.zone), since, horizon)
		if err != nil {
			return true
		}
		upcoming := slices.IndexFunc(times, func(t time.Time) bool { return t.After(now) })
		if upcoming >= 0 {
			soon(times[upcoming])
			times = times[:upcoming]
		}
		// Only the latest: after days away, a daily post goes out once,
		// not once for each day missed.
		if len(times) > 0 {
			add(post, times[len(times)-1])
		}
		return true
	})
	if err != nil {
		return nil, next, fmt.Errorf("reading the repeating posts: %w", err)
	}
	for _, w := range due {
		taken, err := p.taken(ctx, w)
		if err != nil {
			return nil, next, fmt.Errorf("reading the outbox: %w", err)
		}
		if !taken {
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b work) int { return a.attempt.Due.Compare(b.attempt.Due) })
	return out, next, nil
}

// taken reports whether the outbox already has the work: the same
// attempt (open ones are listed already, done ones are done) or, for a
// post that goes out once, any attempt of the same target that went out
// or may still — a post moved on the calendar after it went out is not
// sent again.
func (p *Publishing) taken(ctx context.Context, w work) (bool, error) {
	if _, err := p.store.Attempt(ctx, w.attempt.ID); err == nil {
		return true, nil
	} else if !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if w.post.Recurrence != "" {
		return false, nil
	}
	previous, err := p.store.PostAttempts(ctx, w.post.ID)
	if err != nil {
		return false, err
	}
	for _, a := range previous {
		if a.Target == w.attempt.Target && (a.State == AttemptSent || !a.State.Done()) {
			return true, nil
		}
	}
	return false, nil
}

// settle makes one attempt: it applies the late policy, journals the
// attempt before any request, settles a previous try whose answer was
// lost, sends, and records the outcome.
func (p *Publishing) settle(ctx context.Context, a Attempt, post Post) Result {
	now := p.clock.Now().UTC()
	res := Result{Post: post}
	fresh := a.Key == ""
	if fresh {
		a.Key, a.StartedAt = NewAttemptKey(now), now
	}
	finish := func(state AttemptState, err error) Result {
		a.State, a.UpdatedAt = state, p.clock.Now().UTC()
		if err != nil {
			a.Problem, a.Reason = err.Error(), reasonOf(err)
			if ne, ok := AsNetError(err); ok {
				a.Failure, a.Status, a.Message = ne.Kind, ne.Status, ne.Message
			}
		}
		if perr := p.store.PutAttempt(context.WithoutCancel(ctx), a); perr != nil && err == nil {
			err = fmt.Errorf("recording the outcome in the outbox: %w", perr)
		}
		res.Attempt, res.Err = a, err
		p.changed()
		p.updatePostStatus(ctx, post)
		return res
	}

	variant, wanted := post.Variant(a.Target)
	wanted = wanted && (post.Status == StatusScheduled || a.Approved)
	// A try whose answer was lost may have made the post: it is settled
	// with the network before anything else, even if the post has been
	// unscheduled or deleted since.
	uncertain := a.Tries > 0 && (a.State == AttemptSending || a.Failure == FailOffline || a.Failure == FailServer)
	if !wanted && !uncertain {
		return finish(AttemptSkipped, ErrNoLongerScheduled)
	}

	acc, err := p.accounts.ForTarget(ctx, a.Target)
	if err != nil {
		return finish(AttemptFailed, err)
	}
	a.Account, res.Account = acc.ID, acc
	conn, err := p.accounts.Open(acc)
	if err != nil {
		return finish(AttemptFailed, err)
	}
	pub, ok := conn.(Publisher)
	if !ok {
		return finish(AttemptFailed, &TargetError{Network: acc.Network, Err: ErrCannotPublish})
	}
	out, err := p.outgoing(post, variant, a.Key)
	if err != nil {
		return finish(AttemptFailed, err)
	}
	// What the connector does on the way (a container made) is kept in
	// the journal with the attempt, for the next try to go on from.
	out.Steps = &attemptSteps{store: p.store, a: &a}
	sendCtx, cancel := context.WithTimeout(ctx, SendTimeout)
	defer cancel()

	if uncertain {
		found, ok, err := pub.Find(sendCtx, out)
		switch {
		case err != nil:
			return p.failed(ctx, &a, res, acc, post, err, finish)
		case ok:
			p.accounts.NoteWorking(ctx, acc)
			a.Published = found
			return finish(AttemptSent, nil)
		case !wanted:
			return finish(AttemptSkipped, ErrNoLongerScheduled)
		}
	}

	if late := now.Sub(a.Due); !a.Approved && late > LateGrace {
		policy, err := p.settings.LatePolicy(ctx)
		if err != nil {
			policy = DefaultLatePolicy
		}
		switch {
		case policy.Mode == LateAsk:
			res = finish(AttemptHeld, nil)
			p.notify(Notice{Kind: NoticeHeld, Post: post, Account: acc, Attempt: res.Attempt})
			return res
		case policy.Mode == LateSkip && late > policy.After:
			return finish(AttemptSkipped, fmt.Errorf("%s late: %w", late.Round(time.Minute), ErrTooLate))
		}
	}

	a.State, a.Tries, a.UpdatedAt = AttemptSending, a.Tries+1, now
	a.Failure, a.Problem, a.Status, a.Message, a.Reason = 0, "", 0, "", ""
	// The journal first: from here on, a crash leaves an attempt that the
	// next run settles instead of sending blind.
	if err := p.store.PutAttempt(ctx, a); err != nil {
		res.Attempt, res.Err = a, fmt.Errorf("recording the attempt in the outbox: %w", err)
		return res
	}
	published, err := pub.Publish(sendCtx, out)
	if err != nil {
		return p.failed(ctx, &a, res, acc, post, err, finish)
	}
	p.accounts.NoteWorking(ctx, acc)
	a.Published = published
	if a.Published.At.IsZero() {
		a.Published.At = p.clock.Now().UTC()
	}
	return finish(AttemptSent, nil)
}

// failed records a try that did not go through: to be tried again when
// the failure may pass, failed for good when it will not.
func (p *Publishing) failed(ctx context.Context, a *Attempt, res Result, acc Account, post Post, err error, finish func(AttemptState, error) Result) Result {
	if ctx.Err() != nil {
		// Cancelled (Relais quits): the attempt stays "sending", settled
		// at the next run.
		res.Attempt, res.Err = *a, err
		return res
	}
	p.accounts.NoteProblem(ctx, acc.ID, err)
	ne, ok := AsNetError(err)
	if ok && ne.Temporary() && a.Tries < MaxTries {
		a.NextTry = p.clock.Now().UTC().Add(p.backoff(a.Tries, ne))
		return finish(AttemptWaiting, err)
	}
	if !ok && errors.Is(err, context.DeadlineExceeded) && a.Tries < MaxTries {
		a.Failure = FailOffline
		a.NextTry = p.clock.Now().UTC().Add(p.backoff(a.Tries, nil))
		return finish(AttemptWaiting, err)
	}
	res = finish(AttemptFailed, err)
	kind := NoticeFailed
	if errors.Is(err, ErrReconnect) {
		kind = NoticeReconnect
	}
	p.notify(Notice{Kind: kind, Post: post, Account: acc, Attempt: res.Attempt, Err: err})
	return res
}

// backoff is how long to wait after the n-th try: what the server asked
// for when it said, else exponential from 10 s with ±20 % jitter, at most
// 2 minutes while offline (to go out soon after the network is back) and
// 30 minutes otherwise.
func (p *Publishing) backoff(tries int, ne *NetError) time.Duration {
	if ne != nil && ne.RetryAfter > 0 {
		return ne.RetryAfter + time.Duration(p.jitter()*float64(time.Second))
	}
	ceiling := 30 * time.Minute
	if ne == nil || ne.Kind == FailOffline {
		ceiling = 2 * time.Minute
	}
	d := 10 * time.Second << min(tries-1, 10)
	d = min(d, ceiling)
	return time.Duration(float64(d) * (0.8 + 0.4*p.jitter()))
}

// outgoing is the variant as it leaves: its text with UTM tags, its images
// with their alt text, the post's language and Mastodon options.
func (p *Publishing) outgoing(post Post, v Variant, key string) (Outgoing, error) {
	out := Outgoing{Key: key, Text: post.OutgoingText(v), Language: post.Language, Warning: post.Warning, Visibility: post.Visibility,
		ImageFit: post.ImageFit}
	for _, m := range post.Media {
		if p.media == nil {
			return Outgoing{}, fmt.Errorf("image %s: %w", m.Name, ErrNotFound)
		}
		hash := m.Hash
		out.Media = append(out.Media, Attachment{Media: m, Open: func() (io.ReadCloser, error) { return p.media.OpenMedia(hash) }})
	}
	return out, nil
}

// updatePostStatus marks a post that goes out once as published when
// every target has it, or failed when one refused it for good.
func (p *Publishing) updatePostStatus(ctx context.Context, post Post) {
	if post.Recurrence != "" || len(post.Variants) == 0 {
		return
	}
	current, err := p.store.Post(ctx, post.ID)
	if err != nil || (current.Status != StatusScheduled && current.Status != StatusFailed) {
		return
	}
	attempts, err := p.store.PostAttempts(ctx, post.ID)
	if err != nil {
		return
	}
	sent, failed := 0, 0
	for _, v := range current.Variants {
		for _, a := range attempts {
			if a.Target != v.Target || !a.Due.Equal(current.PlannedAt) {
				continue
			}
			switch a.State {
			case AttemptSent:
				sent++
			case AttemptFailed:
				failed++
			}
		}
	}
	status := current.Status
	switch {
	case sent == len(current.Variants):
		status = StatusPublished
	case failed > 0:
		status = StatusFailed
	}
	if status != current.Status {
		p.drafts.setPublished(ctx, current.ID, status)
	}
}

func (p *Publishing) notify(n Notice) {
	if p.notifier != nil {
		p.notifier.Notify(n)
	}
}

// Errors of publishing.
var (
	ErrCannotPublish     = errors.New("Relais cannot post to this kind of account")
	ErrNoLongerScheduled = errors.New("the post is no longer scheduled")
	ErrTooLate           = errors.New("skipped: it could not go out on time, and the setting skips late posts")
)

// PublishNow sends a post at once to every target it has not reached:
// a draft that passes Check is scheduled for now, a held or failed
// attempt is tried again. A repeating post gets one more occurrence, now.
func (p *Publishing) PublishNow(ctx context.Context, id ID) ([]Result, error) {
	post, err := p.drafts.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	now := p.clock.Now().UTC()
	due := now.Truncate(time.Second)
	ready := post
	if ready.PlannedAt.IsZero() {
		ready.PlannedAt = due
	}
	if err := p.drafts.checkStatus(ctx, ready, StatusScheduled); err != nil && post.Status != StatusPublished && post.Status != StatusFailed {
		return nil, err
	}
	if post.Recurrence == "" {
		switch {
		case post.Status == StatusFailed || post.Status == StatusPublished:
			due = post.PlannedAt
		case post.PlannedAt.IsZero() || post.PlannedAt.After(now):
			post.PlannedAt = due
		default:
			due = post.PlannedAt
		}
		if post.Status != StatusPublished {
			post.Status = StatusScheduled
		}
		if post, err = p.drafts.Save(ctx, post); err != nil {
			return nil, err
		}
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	var results []Result
	for _, v := range post.Variants {
		aid := AttemptID(post.ID, v.Target, due)
		a, err := p.store.Attempt(ctx, aid)
		switch {
		case errors.Is(err, ErrNotFound):
			a = Attempt{ID: aid, Post: post.ID, Target: v.Target, Due: due}
		case err != nil:
			return results, fmt.Errorf("reading the outbox: %w", err)
		case a.State == AttemptSent:
			continue
		}
		a.Approved = true
		if a.State == AttemptFailed || a.State == AttemptSkipped || a.State == AttemptHeld {
			a.Tries = min(a.Tries, 1) // a fresh series of tries, the same key
			if a.State == AttemptHeld || a.State == AttemptSkipped {
				a.Tries = 0
			}
			a.State = AttemptWaiting
		}
		results = append(results, p.settle(ctx, a, post))
	}
	return results, nil
}

// Skip gives up a held or waiting attempt: it will not go out.
func (p *Publishing) Skip(ctx context.Context, attemptID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, err := p.store.Attempt(ctx, attemptID)
	if err != nil {
		return fmt.Errorf("attempt %s: %w", attemptID, err)
	}
	if a.State == AttemptSent {
		return ErrAlreadySent
	}
	a.State, a.UpdatedAt = AttemptSkipped, p.clock.Now().UTC()
	if err := p.store.PutAttempt(ctx, a); err != nil {
		return fmt.Errorf("recording the skip in the outbox: %w", err)
	}
	p.changed()
	return nil
}

// ErrAlreadySent is returned when skipping a post that is already out.
var ErrAlreadySent = errors.New("this post has already gone out")

// Attempts returns the outbox's record of a post: where it went, what
// failed and why, what waits.
func (p *Publishing) Attempts(ctx context.Context, post ID) ([]Attempt, error) {
	list, err := p.store.PostAttempts(ctx, post)
	if err != nil {
		return nil, fmt.Errorf("reading the outbox: %w", err)
	}
	return list, nil
}

// Held returns the attempts waiting for the user's word.
func (p *Publishing) Held(ctx context.Context) ([]Attempt, error) {
	open, err := p.store.OpenAttempts(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the outbox: %w", err)
	}
	return slices.DeleteFunc(open, func(a Attempt) bool { return a.State != AttemptHeld }), nil
}
