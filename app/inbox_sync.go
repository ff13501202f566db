package app

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Sync's bounds.
const (
	// maxSyncRounds bounds the reads of one account's sync; a connector
	// reads a few pages per round, so this is many thousands of items.
	// What is left is read by the next sync, from the cursor.
	maxSyncRounds = 500
	// SyncTimeout bounds one account's sync.
	SyncTimeout = 5 * time.Minute
	// streamRetry and streamRetryMax space the reconnections of a
	// dropped stream.
	streamRetry    = 5 * time.Second
	streamRetryMax = 5 * time.Minute
)

// SyncResult is what one sync of an account brought.
type SyncResult struct {
	Account Account
	// Added are the items new to the inbox, oldest first.
	Added []InboxItem
	// Changed counts the items edited or deleted on the network.
	Changed int
	Err     error
}

// SyncAll reads every account once, one after the other, and tells of
// what needs a reply. progress, if not nil, is called before each account
// with how many are done. It stops early when ctx is cancelled; the
// accounts read until then keep what they read.
func (in *Inbox) SyncAll(ctx context.Context, progress func(done, total int, acc Account)) ([]SyncResult, error) {
	if err := in.Load(ctx); err != nil {
		return nil, err
	}
	accounts, err := in.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	accounts = slices.DeleteFunc(accounts, func(a Account) bool { return !in.canRead(a) })
	var out []SyncResult
	for i, acc := range accounts {
		if ctx.Err() != nil {
			break
		}
		if progress != nil {
			progress(i, len(accounts), acc)
		}
		out = append(out, in.sync(ctx, acc))
	}
	if progress != nil && ctx.Err() == nil {
		progress(len(accounts), len(accounts), Account{})
	}
	in.alert(ctx)
	return out, ctx.Err()
}

// Sync reads one account and tells of what needs a reply.
func (in *Inbox) Sync(ctx context.Context, id ID) (SyncResult, error) {
	if err := in.Load(ctx); err != nil {
		return SyncResult{}, err
	}
	acc, err := in.accounts.Get(ctx, id)
	if err != nil {
		return SyncResult{}, err
	}
	res := in.sync(ctx, acc)
	in.alert(ctx)
	return res, res.Err
}

// canRead reports whether an account's connector reads an inbox.
func (in *Inbox) canRead(acc Account) bool {
	c, err := in.accounts.Open(acc)
	if err != nil {
		return false
	}
	_, ok := c.(Reader)
	return ok
}

// sync reads what arrived for acc since its cursor, round after round
// until the network has nothing more, storing each round with its cursor
// in one transaction: a crash or a dropped connection loses nothing and
// stores nothing twice.
func (in *Inbox) sync(ctx context.Context, acc Account) SyncResult {
	in.syncMu.Lock()
	defer in.syncMu.Unlock()
	res := SyncResult{Account: acc}
	ctx, cancel := context.WithTimeout(ctx, SyncTimeout)
	defer cancel()
	c, err := in.accounts.Open(acc)
	if err != nil {
		res.Err = err
		return res
	}
	reader, ok := c.(Reader)
	if !ok {
		return res
	}
	cursor, err := in.store.InboxCursor(ctx, acc.ID)
	if err != nil {
		res.Err = fmt.Errorf("reading where the inbox stopped: %w", err)
		return res
	}
	first := cursor == ""
	rules := in.compiledRules(ctx)
	for range maxSyncRounds {
		page, err := reader.Since(ctx, cursor)
		if err != nil {
			res.Err = &TargetError{Network: acc.Network, Err: err}
			in.noteProblem(ctx, acc, err)
			return res
		}
		added, err := in.ingest(ctx, acc, page.Cursor, page.Items, rules, first)
		if err != nil {
			res.Err = err
			return res
		}
		res.Added = append(res.Added, added...)
		res.Changed += in.applyChanges(ctx, acc, page.Changes)
		done := page.Cursor == cursor || (len(page.Items) == 0 && len(page.Changes) == 0)
		cursor = page.Cursor
		if done {
			break
		}
	}
	if fa, ok := c.(FollowAnswerer); ok {
		res.Added = append(res.Added, in.syncFollowRequests(ctx, acc, fa, cursor, rules, first)...)
	}
	in.accounts.NoteWorking(ctx, acc)
	if marker, ok := c.(SeenMarker); ok && len(res.Added) > 0 {
		// Best effort: the network's own apps keep counting them as new
		// if this fails, and nothing in Relais depends on it.
		_ = marker.MarkSeen(ctx, res.Added[len(res.Added)-1].At)
	}
	return res
}

// noteProblem records a failed read on the account, and tells the user
// when the account needs signing in again (once: when it changes).
func (in *Inbox) noteProblem(ctx context.Context, acc Account, err error) {
	now, nerr := in.accounts.NoteProblem(ctx, acc.ID, err)
	if nerr == nil && now.State == AccountReauth && acc.State != AccountReauth && in.notifier != nil {
		in.notifier.Notify(Notice{Kind: NoticeReconnect, Account: now, Err: err})
	}
}

// compiledRules reads the rules for a sync; without them items arrive
// untouched, which is better than not arriving.
func (in *Inbox) compiledRules(ctx context.Context) []compiledRule {
	rules, err := in.Rules(ctx)
	if err != nil {
		return nil
	}
	return compileRules(rules)
}

// ingest makes inbox items of what a connector read, stores the new ones
// with the cursor, and puts them in memory. Items of a first read are
// history: they are not notified.
func (in *Inbox) ingest(ctx context.Context, acc Account, cursor string, items []Item, rules []compiledRule, history bool) ([]InboxItem, error) {
	now := in.clock.Now().UTC()
	in.mu.RLock()
	watching := in.watching
	in.mu.RUnlock()
	fresh := make([]InboxItem, 0, len(items))
	asking := in.followRequesters(acc.ID)
	for _, item := range items {
		item = item.cleaned()
		if item.Kind == ItemFollowRequest && item.Author.RemoteID != "" {
			// One request of a person at a time, however it was read:
			// its notification, the stream, the list of those waiting.
			if asking[item.Author.RemoteID] {
				continue
			}
			asking[item.Author.RemoteID] = true
		}
		text := Fold(item.Title + " " + item.Text)
		if acc.Network == RSS && !matchesWatch(acc.Watch, text) {
			continue
		}
		it := InboxItem{
			ID:       NewID(now),
			Account:  acc.ID,
			Network:  acc.Network,
			Item:     item,
			Arrived:  now,
			State:    StateNew,
			Seen:     watching,
			Notified: watching || history,
		}
		if it.At.IsZero() {
			it.At = now
		}
		if needsReply(item.Kind) {
			it.State = StateNeedsReply
		}
		applyRules(&it, rules, text)
		fresh = append(fresh, it)
	}
	stored, err := in.store.MergeInbox(ctx, acc.ID, cursor, fresh)
	if err != nil {
		return nil, fmt.Errorf("saving the inbox: %w", err)
	}
	in.remember(stored...)
	return stored, nil
}

// followRequesters returns who has a follow request waiting for the
// account's answer in the inbox, by their ID on the network.
func (in *Inbox) followRequesters(account ID) map[string]bool {
	out := make(map[string]bool)
	in.mu.RLock()
	defer in.mu.RUnlock()
	for _, e := range in.entries {
		if e.item.Account == account && e.item.AwaitsAnswer() {
			out[e.item.Author.RemoteID] = true
		}
	}
	return out
}

// applyChanges applies edits and deletions made on the network to the
// items about those posts, and says how many items changed.
func (in *Inbox) applyChanges(ctx context.Context, acc Account, changes []Change) int {
	if len(changes) == 0 {
		return 0
	}
	byPost := make(map[string]Change, len(changes))
	for _, c := range changes {
		byPost[c.Post] = c
	}
	var ids []ID
	in.mu.RLock()
	for _, e := range in.entries {
		if e.item.Account == acc.ID && e.item.Post != nil && e.item.Kind != ItemLike && e.item.Kind != ItemBoost {
			if _, ok := byPost[e.item.Post.ID]; ok {
				ids = append(ids, e.item.ID)
			}
		}
	}
	in.mu.RUnlock()
	if len(ids) == 0 {
		return 0
	}
	_, err := in.update(ctx, ids, func(it *InboxItem) {
		c := byPost[it.Post.ID]
		if c.Deleted {
			it.Deleted = true
		} else if c.Text != it.Text {
			it.Text, it.Edited = c.Text, true
		}
	})
	if err != nil {
		return 0
	}
	return len(ids)
}

// alert tells the user, through one desktop notification, of the items
// that need them and that they have not seen: mentions to answer, follow
// requests and risks. Many at once make one notification. While notifications are
// paused they are dropped; during quiet hours they wait for the end.
func (in *Inbox) alert(ctx context.Context) {
	if in.notifier == nil {
		return
	}
	set, err := in.settings.Inbox(ctx)
	if err != nil {
		return
	}
	now := in.clock.Now()
	var pending []InboxItem
	in.mu.RLock()
	for i := len(in.entries) - 1; i >= 0; i-- {
		it := &in.entries[i].item
		if it.Notified || it.Seen || it.Deleted || it.Snoozed(now) || !it.State.Open() {
			continue
		}
		if it.State == StateNeedsReply || it.Risk || it.AwaitsAnswer() {
			pending = append(pending, *it)
		}
	}
	in.mu.RUnlock()
	if len(pending) == 0 || (!set.Paused && set.Quiet.Contains(now.In(in.zone))) {
		return
	}
	ids := make([]ID, len(pending))
	for i, it := range pending {
		ids[i] = it.ID
	}
	if _, err := in.update(ctx, ids, func(it *InboxItem) { it.Notified = true }); err != nil {
		return // not noted: told next time rather than twice
	}
	if set.Paused {
		return
	}
	n := Notice{Kind: NoticeInbox, Items: pending}
	accounts := make(map[ID]bool)
	for _, it := range pending {
		accounts[it.Account] = true
		n.Urgent = n.Urgent || it.Risk
	}
	n.Accounts = len(accounts)
	if len(accounts) == 1 {
		n.Account, _ = in.accounts.Get(ctx, pending[0].Account)
	}
	in.notifier.Notify(n)
}

// SyncNow asks the running loop to sync every account now.
func (in *Inbox) SyncNow() {
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

// Run syncs every account on the interval the user set (and at once),
// keeps a stream open to the accounts whose network streams, tells of
// what waited for the end of quiet hours, and forgets the items of
// disconnected accounts. It returns when ctx is done.
func (in *Inbox) Run(ctx context.Context) {
	if err := in.Load(ctx); err != nil {
		return
	}
	streams := newStreams(in)
	defer streams.stop()
	stopWatch := in.accounts.Subscribe(func() { in.SyncNow() })
	defer stopWatch()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-in.wake:
		}
		in.prune(ctx)
		streams.reconcile(ctx)
		in.SyncAll(ctx, nil)
		set, err := in.settings.Inbox(ctx)
		if err != nil {
			set.SyncEvery = DefaultSyncEvery
		}
		next := set.SyncEvery
		if now := in.clock.Now().In(in.zone); set.Quiet.Contains(now) {
			next = min(next, set.Quiet.End(now).Sub(now)+time.Second)
		}
		timer.Reset(next)
	}
}

// prune forgets the items of accounts that were disconnected.
func (in *Inbox) prune(ctx context.Context) {
	accounts, err := in.accounts.List(ctx)
	if err != nil {
		return
	}
	known := make(map[ID]bool, len(accounts))
	for _, a := range accounts {
		known[a.ID] = true
	}
	gone := make(map[ID]bool)
	in.mu.RLock()
	for _, e := range in.entries {
		if !known[e.item.Account] {
			gone[e.item.Account] = true
		}
	}
	in.mu.RUnlock()
	for id := range gone {
		if err := in.store.DeleteInbox(ctx, id); err == nil {
			in.forget(id)
		}
	}
}

// streams keeps one stream open per account whose connector streams.
type streams struct {
	in      *Inbox
	mu      sync.Mutex
	running map[ID]context.CancelFunc
	wg      sync.WaitGroup
}

func newStreams(in *Inbox) *streams {
	return &streams{in: in, running: make(map[ID]context.CancelFunc)}
}

// reconcile starts the streams of new accounts and stops those of
// accounts gone or no longer connected.
func (s *streams) reconcile(ctx context.Context) {
	accounts, err := s.in.accounts.List(ctx)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	want := make(map[ID]Account)
	for _, a := range accounts {
		if a.State == AccountReauth {
			continue
		}
		if c, err := s.in.accounts.Open(a); err == nil {
			if _, ok := c.(Streamer); ok {
				want[a.ID] = a
			}
		}
	}
	for id, cancel := range s.running {
		if _, ok := want[id]; !ok {
			cancel()
			delete(s.running, id)
		}
	}
	for id, acc := range want {
		if _, ok := s.running[id]; ok {
			continue
		}
		sctx, cancel := context.WithCancel(ctx)
		s.running[id] = cancel
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.in.stream(sctx, acc)
		}()
	}
}

func (s *streams) stop() {
	s.mu.Lock()
	for _, cancel := range s.running {
		cancel()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// stream listens to an account's stream until ctx is done, opening it
// again after a drop, later each time (with jitter, waited on the
// clock); a server without streaming is left to the periodic sync. The
// connector is opened once, so that it remembers how its server streams
// (WebSocket or Server-Sent Events) from one connection to the next.
// Each time the stream opens, the account is read from its cursor: what
// came while it was closed is caught up, and what comes next is told by
// the stream (an item told by both is stored once).
func (in *Inbox) stream(ctx context.Context, acc Account) {
	c, err := in.accounts.Open(acc)
	if err != nil {
		return
	}
	streamer, ok := c.(Streamer)
	if !ok {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	// The catch-up runs beside the stream, which keeps reading (and
	// answering the server's pings) meanwhile; two opens in a row make
	// one catch-up.
	catchUp := make(chan struct{}, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-catchUp:
				in.sync(ctx, acc)
				in.alert(ctx)
			}
		}
	}()
	wait := streamRetry
	for ctx.Err() == nil {
		began := in.clock.Now()
		err := streamer.Stream(ctx, func(ev StreamEvent) {
			if ev.Opened {
				select {
				case catchUp <- struct{}{}:
				default:
				}
				return
			}
			in.streamed(ctx, acc, ev)
		})
		if ctx.Err() != nil || errors.Is(err, ErrNoStreaming) {
			return
		}
		if errors.Is(err, ErrReconnect) {
			in.noteProblem(ctx, acc, err)
			return
		}
		if in.clock.Now().Sub(began) > streamRetryMax {
			wait = streamRetry // it ran a good while: the drop is news
		}
		jitter := time.Duration(rand.Int64N(int64(wait) / 4))
		select {
		case <-ctx.Done():
			return
		case <-after(in.clock, wait+jitter):
		}
		wait = min(wait*2, streamRetryMax)
	}
}

// streamed stores what a stream told, and tells the user.
func (in *Inbox) streamed(ctx context.Context, acc Account, ev StreamEvent) {
	in.syncMu.Lock()
	defer in.syncMu.Unlock()
	switch {
	case ev.Item != nil:
		cursor, err := in.store.InboxCursor(ctx, acc.ID)
		if err != nil {
			return
		}
		// The cursor stays: the next sync reads from it, and finds this
		// item already stored.
		if _, err := in.ingest(ctx, acc, cursor, []Item{*ev.Item}, in.compiledRules(ctx), false); err != nil {
			return
		}
	case ev.Change != nil:
		in.applyChanges(ctx, acc, []Change{*ev.Change})
	}
	in.alert(ctx)
}
