package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Inbox is the one inbox of every connected account: it reads what
// arrives (Sync, Run), keeps it (in the store, and in memory for the
// list, its filters and search), triages it, answers it, and tells the
// user through the Notifier when something needs a reply.
type Inbox struct {
	store    Store
	accounts *Accounts
	settings Settings
	clock    Clock
	zone     *time.Location
	notifier Notifier
	proof    Proofreader // nil: replies are not proofread

	mu sync.RWMutex
	// entries are every item, oldest first (by At, then ID); lists read
	// them backwards. An entry's item is never changed in place: a
	// change puts a new entry, so a list already made stays as it was.
	entries []*entry
	byID    map[ID]*entry
	loaded  bool
	// watching is true while the user looks at the inbox: what arrives
	// is seen, and not notified.
	watching bool

	// syncMu keeps two syncs of one account from running at once.
	syncMu sync.Mutex
	wake   chan struct{}

	listeners // Subscribe: items changed
}

// entry is an item in memory, with its text folded for search.
type entry struct {
	item InboxItem
	fold string
}

// NewInbox returns the inbox kept in store. zone is the user's time zone,
// for quiet hours.
func NewInbox(store Store, accounts *Accounts, clock Clock, zone *time.Location, notifier Notifier) *Inbox {
	return &Inbox{
		store:    store,
		accounts: accounts,
		settings: NewSettings(store),
		clock:    clock,
		zone:     zone,
		notifier: notifier,
		byID:     make(map[ID]*entry),
		wake:     make(chan struct{}, 1),
	}
}

// Load reads the stored items into memory. Every other method loads
// first if needed; the window calls it early, in the background, so the
// first look at the inbox is quick.
func (in *Inbox) Load(ctx context.Context) error {
	in.mu.RLock()
	loaded := in.loaded
	in.mu.RUnlock()
	if loaded {
		return nil
	}
	var entries []*entry
	err := in.store.InboxItems(ctx, func(it InboxItem) bool {
		// Items stored before remote strings were cleaned as they
		// entered are cleaned as they are read.
		it.Item = it.Item.cleaned()
		entries = append(entries, newEntry(it))
		return true
	})
	if err != nil {
		return fmt.Errorf("reading the inbox: %w", err)
	}
	slices.SortFunc(entries, compareEntries)
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.loaded {
		return nil
	}
	in.entries = entries
	for _, e := range entries {
		in.byID[e.item.ID] = e
	}
	in.loaded = true
	return nil
}

// Items calls fn with every item, oldest first, until fn returns false,
// from memory (reading the store first if needed). fn must not call the
// inbox.
func (in *Inbox) Items(ctx context.Context, fn func(InboxItem) bool) error {
	if err := in.Load(ctx); err != nil {
		return err
	}
	in.mu.RLock()
	defer in.mu.RUnlock()
	for _, e := range in.entries {
		if !fn(e.item) {
			break
		}
	}
	return ctx.Err()
}

func newEntry(it InboxItem) *entry {
	return &entry{item: it, fold: Fold(it.Author.Name + " " + it.Author.Handle + " " + it.Title + " " + it.Text)}
}

func compareEntries(a, b *entry) int {
	if c := a.item.At.Compare(b.item.At); c != 0 {
		return c
	}
	return slices.Compare(a.item.ID[:], b.item.ID[:])
}

// remember puts items in memory, new ones and changed ones alike.
func (in *Inbox) remember(items ...InboxItem) {
	if len(items) == 0 {
		return
	}
	in.mu.Lock()
	added := false
	for _, it := range items {
		e := newEntry(it)
		if old, ok := in.byID[it.ID]; ok {
			if i, found := slices.BinarySearchFunc(in.entries, old, compareEntries); found && in.entries[i] == old && old.item.At.Equal(it.At) {
				in.entries[i] = e
				in.byID[it.ID] = e
				continue
			}
			in.entries = slices.DeleteFunc(in.entries, func(x *entry) bool { return x == old })
		}
		in.entries = append(in.entries, e)
		in.byID[it.ID] = e
		added = true
	}
	if added {
		slices.SortFunc(in.entries, compareEntries)
	}
	in.mu.Unlock()
	in.changed()
}

// forget drops an account's items from memory.
func (in *Inbox) forget(account ID) {
	in.mu.Lock()
	in.entries = slices.DeleteFunc(in.entries, func(e *entry) bool {
		if e.item.Account == account {
			delete(in.byID, e.item.ID)
			return true
		}
		return false
	})
	in.mu.Unlock()
	in.changed()
}

// Item returns one item.
func (in *Inbox) Item(ctx context.Context, id ID) (InboxItem, error) {
	if err := in.Load(ctx); err != nil {
		return InboxItem{}, err
	}
	in.mu.RLock()
	defer in.mu.RUnlock()
	e, ok := in.byID[id]
	if !ok {
		return InboxItem{}, fmt.Errorf("inbox item %s: %w", id, ErrNotFound)
	}
	return e.item, nil
}

// InboxView is which part of the inbox a list shows, by triage.
type InboxView string

// The views. ViewOpen is what still asks something of the user: new or
// needing a reply, not snoozed.
const (
	ViewOpen       InboxView = "open"
	ViewNeedsReply InboxView = "needs_reply"
	ViewNew        InboxView = "new"
	ViewReplied    InboxView = "replied"
	ViewDone       InboxView = "done"
	ViewSnoozed    InboxView = "snoozed"
	ViewRisk       InboxView = "risk"
	ViewAll        InboxView = "all"
)

// InboxViews lists the views, in the order menus show them.
var InboxViews = [...]InboxView{ViewOpen, ViewNeedsReply, ViewNew, ViewRisk, ViewSnoozed, ViewReplied, ViewDone, ViewAll}

// ParseInboxView reads a view's name; "" is ViewOpen.
func ParseInboxView(s string) (InboxView, bool) {
	if s == "" {
		return ViewOpen, true
	}
	v := InboxView(s)
	return v, slices.Contains(InboxViews[:], v)
}

// in reports whether an item belongs to the view at now.
func (v InboxView) in(it *InboxItem, now time.Time) bool {
	snoozed := it.Snoozed(now)
	switch v {
	case ViewOpen:
		return it.State.Open() && !snoozed
	case ViewNeedsReply:
		return it.State == StateNeedsReply && !snoozed
	case ViewNew:
		return it.State == StateNew && !snoozed
	case ViewReplied:
		return it.State == StateReplied
	case ViewDone:
		return it.State == StateDone
	case ViewSnoozed:
		return snoozed
	case ViewRisk:
		return it.Risk && it.State.Open() && !snoozed
	case ViewAll, "":
		return true
	}
	return false
}

// viewMask has bit i set when the item is in InboxViews[i].
func viewMask(it *InboxItem, now time.Time) uint {
	var m uint
	for i, v := range InboxViews {
		if v.in(it, now) {
			m |= 1 << i
		}
	}
	return m
}

// viewIndex is the view's index in InboxViews.
func viewIndex(v InboxView) int { return slices.Index(InboxViews[:], v) }

// InboxFilter chooses the items a list shows. Zero fields choose all.
type InboxFilter struct {
	View    InboxView
	Account ID
	Network Network
	Kind    ItemKind
	Label   string
	// Text finds items whose author, title or text hold every word,
	// ignoring case and accents.
	Text string
}

// InboxCounts are how many items each choice of a filter would show,
// the other choices staying as they are: the numbers beside each menu
// entry.
type InboxCounts struct {
	Views    map[InboxView]int
	Accounts map[ID]int
	Networks map[Network]int
	Kinds    map[ItemKind]int
	Labels   map[string]int
}

// InboxList is a filtered list of items, newest first, as it was when
// made. It holds no copy of the items; At copies the one asked for.
type InboxList struct {
	entries []*entry
	Counts  InboxCounts
}

// Len is the number of items in the list.
func (l InboxList) Len() int { return len(l.entries) }

// At returns the i-th item, newest first.
func (l InboxList) At(i int) InboxItem { return l.entries[i].item }

// Index returns the position of the item with this ID, -1 when it is not
// in the list.
func (l InboxList) Index(id ID) int {
	return slices.IndexFunc(l.entries, func(e *entry) bool { return e.item.ID == id })
}

// List returns the items f chooses, newest first, and the counts for each
// choice of filter.
func (in *Inbox) List(ctx context.Context, f InboxFilter) (InboxList, error) {
	if err := in.Load(ctx); err != nil {
		return InboxList{}, err
	}
	now := in.clock.Now()
	words := strings.Fields(Fold(f.Text))
	view := f.View
	if view == "" {
		view = ViewOpen
	}
	counts := InboxCounts{
		Views:    make(map[InboxView]int, len(InboxViews)),
		Accounts: make(map[ID]int),
		Networks: make(map[Network]int),
		Kinds:    make(map[ItemKind]int),
		Labels:   make(map[string]int),
	}
	var viewCounts [len(InboxViews)]int
	defer func() {
		for i, n := range viewCounts {
			counts.Views[InboxViews[i]] = n
		}
	}()
	in.mu.RLock()
	defer in.mu.RUnlock()
	var out []*entry
	for i := len(in.entries) - 1; i >= 0; i-- {
		e := in.entries[i]
		it := &e.item
		if len(words) > 0 && !containsAll(e.fold, words) {
			continue
		}
		mask := viewMask(it, now)
		inView := mask&(1<<viewIndex(view)) != 0
		account := f.Account.IsZero() || it.Account == f.Account
		network := f.Network == "" || it.Network == f.Network
		kind := f.Kind == "" || it.Kind == f.Kind
		label := f.Label == "" || it.hasLabel(f.Label)
		if account && network && kind && label {
			for i := range viewCounts {
				if mask&(1<<i) != 0 {
					viewCounts[i]++
				}
			}
		}
		if !inView {
			continue
		}
		if network && kind && label {
			counts.Accounts[it.Account]++
		}
		if account && kind && label {
			counts.Networks[it.Network]++
		}
		if account && network && label {
			counts.Kinds[it.Kind]++
		}
		if account && network && kind {
			for _, l := range it.Labels {
				counts.Labels[l]++
			}
		}
		if account && network && kind && label {
			out = append(out, e)
		}
	}
	return InboxList{entries: out, Counts: counts}, nil
}

// NeedsReply returns how many items wait for a reply now (not snoozed):
// the number the tray shows.
func (in *Inbox) NeedsReply() int {
	now := in.clock.Now()
	in.mu.RLock()
	defer in.mu.RUnlock()
	n := 0
	for _, e := range in.entries {
		if ViewNeedsReply.in(&e.item, now) && !e.item.Deleted {
			n++
		}
	}
	return n
}

// Labels returns every label on an item, sorted, for the filter menu.
func (in *Inbox) Labels() []string {
	in.mu.RLock()
	defer in.mu.RUnlock()
	seen := make(map[string]bool)
	for _, e := range in.entries {
		for _, l := range e.item.Labels {
			seen[l] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// update changes items by ID, stores them, and puts them in memory.
func (in *Inbox) update(ctx context.Context, ids []ID, change func(*InboxItem)) ([]InboxItem, error) {
	if err := in.Load(ctx); err != nil {
		return nil, err
	}
	in.mu.RLock()
	items := make([]InboxItem, 0, len(ids))
	for _, id := range ids {
		e, ok := in.byID[id]
		if !ok {
			in.mu.RUnlock()
			return nil, fmt.Errorf("inbox item %s: %w", id, ErrNotFound)
		}
		it := e.item
		it.Labels = slices.Clone(it.Labels)
		it.Replies = slices.Clone(it.Replies)
		change(&it)
		items = append(items, it)
	}
	in.mu.RUnlock()
	if err := in.store.PutInboxItems(ctx, items); err != nil {
		return nil, fmt.Errorf("saving the inbox: %w", err)
	}
	in.remember(items...)
	return items, nil
}

// SetState sets the triage state of items, by the user's hand: rules
// and replies found on the network no longer change it. Marking an item
// done or replied also ends its snooze.
func (in *Inbox) SetState(ctx context.Context, ids []ID, s TriageState) error {
	if !slices.Contains(TriageStates, s) {
		return fmt.Errorf("triage state %q: %w", s, ErrNotFound)
	}
	_, err := in.update(ctx, ids, func(it *InboxItem) {
		it.State, it.StateByUser, it.Seen, it.Notified = s, true, true, true
		if !s.Open() {
			it.SnoozedUntil = time.Time{}
		}
	})
	return err
}

// Snooze hides items from the open inbox until a time; a zero time ends
// the snooze.
func (in *Inbox) Snooze(ctx context.Context, ids []ID, until time.Time) error {
	_, err := in.update(ctx, ids, func(it *InboxItem) {
		it.SnoozedUntil = until.UTC()
		it.Seen, it.Notified = true, true
	})
	return err
}

// SetLabels replaces an item's labels.
func (in *Inbox) SetLabels(ctx context.Context, id ID, labels []string) error {
	var clean []string
	for _, l := range labels {
		if l = strings.TrimSpace(l); l != "" && !slices.ContainsFunc(clean, func(c string) bool { return strings.EqualFold(c, l) }) {
			clean = append(clean, l)
		}
	}
	_, err := in.update(ctx, []ID{id}, func(it *InboxItem) { it.Labels = clean })
	return err
}

// MarkSeen notes that the user saw items in the window: no notification
// will tell of them.
func (in *Inbox) MarkSeen(ctx context.Context, ids ...ID) error {
	var unseen []ID
	in.mu.RLock()
	for _, id := range ids {
		if e, ok := in.byID[id]; ok && !e.item.Seen {
			unseen = append(unseen, id)
		}
	}
	in.mu.RUnlock()
	if len(unseen) == 0 {
		return nil
	}
	_, err := in.update(ctx, unseen, func(it *InboxItem) { it.Seen, it.Notified = true, true })
	return err
}

// SetWatching tells the inbox whether the user is looking at it: while
// they are, what arrives counts as seen and raises no notification.
func (in *Inbox) SetWatching(watching bool) {
	in.mu.Lock()
	in.watching = watching
	in.mu.Unlock()
}

// Rules returns the rules, in order. A new inbox has the starter rules.
func (in *Inbox) Rules(ctx context.Context) ([]Rule, error) {
	rules, err := in.store.Rules(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the inbox rules: %w", err)
	}
	if len(rules) == 0 && !in.seeded(ctx, settingRulesSeeded) {
		rules = StarterRules()
		for i := range rules {
			rules[i].ID = NewID(in.clock.Now())
		}
		if err := in.SetRules(ctx, rules); err != nil {
			return nil, err
		}
		if err := in.store.SetSetting(ctx, settingRulesSeeded, "yes"); err != nil {
			return nil, fmt.Errorf("saving the inbox rules: %w", err)
		}
	}
	return rules, nil
}

// SetRules replaces the rules; they act on items that arrive from now on.
func (in *Inbox) SetRules(ctx context.Context, rules []Rule) error {
	rules = slices.Clone(rules)
	for i := range rules {
		if rules[i].ID.IsZero() {
			rules[i].ID = NewID(in.clock.Now())
		}
		rules[i].Name = strings.TrimSpace(rules[i].Name)
	}
	if err := in.store.PutRules(ctx, rules); err != nil {
		return fmt.Errorf("saving the inbox rules: %w", err)
	}
	return nil
}

// SavedReplies returns the saved replies, in order. A new inbox has the
// starter ones.
func (in *Inbox) SavedReplies(ctx context.Context) ([]SavedReply, error) {
	replies, err := in.store.SavedReplies(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the saved replies: %w", err)
	}
	if len(replies) == 0 && !in.seeded(ctx, settingRepliesSeeded) {
		replies = StarterSavedReplies()
		if err := in.SetSavedReplies(ctx, replies); err != nil {
			return nil, err
		}
		if err := in.store.SetSetting(ctx, settingRepliesSeeded, "yes"); err != nil {
			return nil, fmt.Errorf("saving the saved replies: %w", err)
		}
		return in.store.SavedReplies(ctx)
	}
	return replies, nil
}

// SetSavedReplies replaces the saved replies.
func (in *Inbox) SetSavedReplies(ctx context.Context, replies []SavedReply) error {
	replies = slices.Clone(replies)
	for i := range replies {
		if replies[i].ID.IsZero() {
			replies[i].ID = NewID(in.clock.Now())
		}
	}
	if err := in.store.PutSavedReplies(ctx, replies); err != nil {
		return fmt.Errorf("saving the saved replies: %w", err)
	}
	return nil
}

const (
	settingRulesSeeded   = "inbox.rules_seeded"
	settingRepliesSeeded = "inbox.replies_seeded"
)

// seeded reports whether the starter rules or replies were given once:
// a user who deleted them all keeps none.
func (in *Inbox) seeded(ctx context.Context, key string) bool {
	v, err := in.store.Setting(ctx, key)
	return err != nil || v != ""
}
