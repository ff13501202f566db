package impostor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// The Guard is the impostors' watch: on the veille's schedule (Every) and
// on Refresh now, it searches each connected network's accounts by the
// brand's names and handles, weighs what it finds with a Scorer, and
// keeps the suspects with their reasons, for the user to mark; a new
// suspect is told once through the notifier.

// Every is how often the Guard searches: account searches are few and
// impostors do not appear by the minute.
const Every = 6 * time.Hour

// retryAfter is the wait after a pass that failed.
const retryAfter = 15 * time.Minute

// searchLimit is the most accounts one search returns.
const searchLimit = 40

// maxQueries bounds the searches of one network per pass.
const maxQueries = 6

// Record is a suspect as the Guard keeps it.
type Record struct {
	ID app.ID
	Suspect
	// By is the connected account whose search found it; Home is its
	// server, where a Mastodon account is reported from.
	By   app.ID
	Home string
	// FirstSeen and LastSeen are the first and last passes that found it.
	FirstSeen, LastSeen time.Time
	// Notified is true once a notification told of it.
	Notified bool
}

// Key identifies the account across passes: its network and DID on
// Bluesky, its network and full handle elsewhere.
func (r Record) Key() string { return accountKey(r.Account) }

func accountKey(a monitor.Account) string {
	if a.Network == app.Bluesky && strings.HasPrefix(a.RemoteID, "did:") {
		return string(a.Network) + ":" + a.RemoteID
	}
	return string(a.Network) + ":" + normalHandle(a.Handle)
}

// ReportURL is the page where the user reports the account: see the
// package function ReportURL.
func (r Record) ReportURL() (string, error) { return ReportURL(r.Account, r.Home) }

// Store keeps the suspects (package storage implements it).
type Store interface {
	// Impostors returns every suspect, in no particular order.
	Impostors(ctx context.Context) ([]Record, error)
	// PutImpostor adds or replaces a suspect, by its ID.
	PutImpostor(ctx context.Context, r Record) error
}

// Accounts lists the workspace's accounts and opens their connectors
// (app.Accounts does).
type Accounts interface {
	List(ctx context.Context) ([]app.Account, error)
	Connector(ctx context.Context, id app.ID) (app.Account, app.Connector, error)
}

// WatchStore lists the watches, whose brand watches' names are the
// brand's too (monitor.Store does).
type WatchStore interface {
	Watches(ctx context.Context) ([]monitor.Watch, error)
}

// ErrNoSearcher: no connected account's network can search accounts.
var ErrNoSearcher = errors.New("connect a Bluesky or Mastodon account first: impostors are searched through it")

// ErrNoBrand: the workspace has no name to look for.
var ErrNoBrand = errors.New("the brand has no name yet: connect its accounts or add a brand watch")

// ErrNoSuchSuspect: no suspect has that ID.
var ErrNoSuchSuspect = errors.New("no suspect account has this ID")

// Guard searches for impostors and keeps what it found.
type Guard struct {
	store    Store
	accounts Accounts
	watches  WatchStore
	clock    app.Clock
	notifier app.Notifier
	// settings hold the inbox's quiet hours and pause, in zone.
	settings app.SettingsStore
	zone     *time.Location

	mu      sync.Mutex // one pass at a time; marks wait for it
	next    time.Time  // when the next pass is due
	lastErr error

	// Listeners are told when a pass changed the list, or a mark did.
	monitor.Listeners
}

// NewGuard returns the Guard; watches may be nil (the brand is then its
// accounts alone).
func NewGuard(store Store, accounts Accounts, watches WatchStore, clock app.Clock) *Guard {
	return &Guard{store: store, accounts: accounts, watches: watches, clock: clock}
}

// UseNotifier has new suspects told through n; without it (the command
// line) none is told, nor noted as told.
func (g *Guard) UseNotifier(n app.Notifier) { g.notifier = n }

// UseSettings has the notifications follow the inbox's settings, read
// from store, as the inbox's and the spikes' do: while notifications are
// paused, new suspects are noted as told and not told; during quiet hours
// (in zone) they wait, and are told at the first pass after the quiet
// hours end (one is made then). A suspect is no emergency of the hour:
// unlike a bad buzz, it never breaks the quiet hours.
func (g *Guard) UseSettings(store app.SettingsStore, zone *time.Location) {
	g.settings, g.zone = store, zone
}

// Due implements monitor.SidePass: at the first pass, then every Every
// (15 minutes after a failure).
func (g *Guard) Due(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !now.Before(g.next)
}

// PassReport is what a pass did.
type PassReport struct {
	// Searched is how many searches were made, Found how many accounts
	// came back (each once), New how many suspects were not listed.
	Searched, Found, New int
}

// Pass implements monitor.SidePass.
func (g *Guard) Pass(ctx context.Context) error {
	_, err := g.Run(ctx)
	return err
}

// Run searches every connected network that searches accounts, by each
// of the brand's names, weighs the accounts found, and stores those
// suspicious enough (Suspect.Suspicious); one already listed keeps its
// ID, its status and whether it was told. Accounts the user marked
// official or harmless are left as they are. The new ones are told in one
// notification.
func (g *Guard) Run(ctx context.Context) (PassReport, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	rep, held, err := g.run(ctx)
	now := g.clock.Now()
	if err != nil && ctx.Err() == nil {
		g.next = now.Add(retryAfter)
	} else if err == nil {
		g.next = now.Add(Every)
	}
	if !held.IsZero() && held.Before(g.next) {
		g.next = held // the suspects held by the quiet hours are told then
	}
	g.lastErr = err
	return rep, err
}

// searcher is a connected account whose connector searches accounts.
type searcher struct {
	acc  app.Account
	conn monitor.AccountSearcher
	raw  app.Connector
}

// run does a pass; held is when the quiet hours that hold back its
// notification end (zero when none is held).
func (g *Guard) run(ctx context.Context) (rep PassReport, held time.Time, err error) {
	rep, err = g.search(ctx)
	if ctx.Err() != nil {
		return rep, time.Time{}, err
	}
	held, tellErr := g.tell(ctx)
	if err == nil {
		err = tellErr
	}
	return rep, held, err
}

func (g *Guard) search(ctx context.Context) (PassReport, error) {
	var rep PassReport
	accounts, err := g.accounts.List(ctx)
	if err != nil {
		return rep, fmt.Errorf("listing the accounts for the impostors' search: %w", err)
	}
	records, err := g.store.Impostors(ctx)
	if err != nil {
		return rep, fmt.Errorf("reading the suspect accounts: %w", err)
	}
	var searchers []searcher
	for _, a := range accounts {
		if a.State != app.AccountConnected && a.State != "" {
			continue
		}
		if a.Network != app.Bluesky && a.Network != app.Mastodon {
			continue
		}
		_, c, err := g.accounts.Connector(ctx, a.ID)
		if err != nil {
			continue
		}
		if s, ok := c.(monitor.AccountSearcher); ok {
			searchers = append(searchers, searcher{acc: a, conn: s, raw: c})
		}
	}
	if len(searchers) == 0 {
		return rep, ErrNoSearcher
	}
	brand, queries, err := g.brand(ctx, accounts, records, searchers)
	if err != nil {
		return rep, err
	}
	scorer, _ := NewScorer(brand) // a brand avatar that cannot be read is left out

	byKey := map[string]int{}
	for i, r := range records {
		byKey[r.Key()] = i
	}
	now := g.clock.Now().UTC()
	seen := map[string]bool{}
	var fresh []Record
	changed := false
	var firstErr error
	worked := 0
	for _, s := range searchers {
		for _, q := range queries {
			found, err := s.conn.SearchAccounts(ctx, q, searchLimit)
			rep.Searched++
			if err != nil {
				if ctx.Err() != nil {
					return rep, ctx.Err()
				}
				if firstErr == nil {
					firstErr = fmt.Errorf("searching %s accounts for %q: %w", s.acc.Network.Name(), q, err)
				}
				continue
			}
			worked++
			for _, cand := range found {
				if cand.Network == "" {
					cand.Network = s.acc.Network
				}
				key := accountKey(cand)
				if seen[key] {
					continue
				}
				seen[key] = true
				rep.Found++
				sus := g.weigh(ctx, scorer, s, cand, now)
				if sus.Status != "" || !sus.Suspicious() {
					continue // the brand's own, allowed, or too little
				}
				if i, ok := byKey[key]; ok {
					r := records[i]
					if r.Status == StatusOfficial || r.Status == StatusHarmless {
						continue
					}
					status := r.Status
					r.Suspect, r.Status, r.LastSeen = sus, status, now
					if err := g.store.PutImpostor(ctx, r); err != nil {
						return rep, fmt.Errorf("saving suspect %s: %w", cand.Handle, err)
					}
					records[i], changed = r, true
					continue
				}
				r := Record{ID: app.NewID(now), Suspect: sus, By: s.acc.ID, FirstSeen: now, LastSeen: now}
				if s.acc.Network == app.Mastodon {
					r.Home = s.acc.Server
				}
				fresh = append(fresh, r)
				byKey[key] = len(records)
				records = append(records, r)
			}
		}
	}
	if worked == 0 && firstErr != nil {
		return rep, firstErr
	}
	rep.New = len(fresh)
	for i := range fresh {
		if err := g.store.PutImpostor(ctx, fresh[i]); err != nil {
			return rep, fmt.Errorf("saving suspect %s: %w", fresh[i].Account.Handle, err)
		}
	}
	if len(fresh) > 0 || changed {
		g.Changed()
	}
	return rep, firstErr
}

// tell tells, in one notification, of the suspects not told yet that the
// user has not marked: those of this pass, and those a pass without a
// notifier (the command line) or the quiet hours held back. During quiet
// hours it returns when they end; while notifications are paused the
// suspects are noted as told and not told. Without a notifier nothing is
// told nor noted.
func (g *Guard) tell(ctx context.Context) (time.Time, error) {
	if g.notifier == nil {
		return time.Time{}, nil
	}
	list, err := g.List(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var pending []Record
	for _, r := range list {
		if !r.Notified && r.Status == "" {
			pending = append(pending, r)
		}
	}
	if len(pending) == 0 {
		return time.Time{}, nil
	}
	paused := false
	if g.settings != nil {
		in, err := app.NewSettings(g.settings).Inbox(ctx)
		if err != nil {
			return time.Time{}, err
		}
		paused = in.Paused
		zone := g.zone
		if zone == nil {
			zone = time.UTC
		}
		if now := g.clock.Now().In(zone); !paused && in.Quiet.Contains(now) {
			return in.Quiet.End(now), nil
		}
	}
	// Stored as told before they are told: told once, even if the
	// notifier fails, rather than told again at each pass.
	for i := range pending {
		pending[i].Notified = true
		if err := g.store.PutImpostor(ctx, pending[i]); err != nil {
			return time.Time{}, fmt.Errorf("saving suspect %s: %w", pending[i].Account.Handle, err)
		}
	}
	if paused {
		return time.Time{}, nil
	}
	alerts := make([]app.ImpostorAlert, len(pending))
	for i, r := range pending {
		alerts[i] = app.ImpostorAlert{ID: r.ID, Network: r.Account.Network, Handle: r.Account.Handle,
			DisplayName: r.Account.DisplayName, Score: r.Score}
		if len(r.Reasons) > 0 {
			alerts[i].Brand = r.Reasons[0].Brand
		}
	}
	g.notifier.Notify(app.Notice{Kind: app.NoticeImpostor, Impostors: alerts})
	return time.Time{}, nil
}

// weigh scores one account; its avatar is fetched, through the network
// that found it, only when the brand has one to compare and the names
// already make it a suspect: one download per likely impostor, none for
// the namesakes a search brings.
func (g *Guard) weigh(ctx context.Context, scorer *Scorer, s searcher, cand monitor.Account, now time.Time) Suspect {
	sus := scorer.Score(cand, nil, now)
	if sus.Status != "" || scorer.avatar == nil || cand.Avatar == "" || sus.Score < PossibleAt {
		return sus
	}
	reader, ok := s.raw.(monitor.AvatarReader)
	if !ok {
		return sus
	}
	img, err := reader.ReadAvatar(ctx, cand.Avatar)
	if err != nil || len(img) == 0 || len(img) > MaxAvatarSize {
		return sus
	}
	return scorer.Score(cand, img, now)
}

// brand gathers what impostors imitate: the names of the workspace's
// accounts and of its brand watches, its own accounts (never suspects),
// those the user marked official or harmless (allowed), and, from the
// network, its accounts' bios and the first avatar that can be read. It
// returns the searches to make: each name, and each handle's name.
func (g *Guard) brand(ctx context.Context, accounts []app.Account, records []Record, searchers []searcher) (Brand, []string, error) {
	var b Brand
	var queries []string
	seen := map[string]bool{}
	addName := func(n string, search bool) {
		n = strings.Join(strings.Fields(n), " ")
		key := app.Fold(n)
		if n == "" || strings.HasPrefix(n, "@") || seen[key] {
			return
		}
		seen[key] = true
		b.Names = append(b.Names, n)
		if search {
			queries = append(queries, n)
		}
	}
	for _, a := range accounts {
		if a.Network == app.RSS {
			continue // a feed's title is someone else's name
		}
		b.Own = append(b.Own, AccountRef{Network: a.Network, Handle: a.Handle, RemoteID: a.RemoteID})
		addName(a.DisplayName, true)
	}
	if g.watches != nil {
		watches, err := g.watches.Watches(ctx)
		if err != nil {
			return b, nil, err
		}
		for _, w := range watches {
			if w.Kind == monitor.KindBrand && !strings.HasPrefix(w.Name, "@") {
				addName(w.Name, true)
			}
		}
	}
	for _, a := range accounts {
		if a.Network == app.Bluesky || a.Network == app.Mastodon {
			if h := handleName(a.Handle); h != "" && !seen[app.Fold(h)] {
				seen[app.Fold(h)] = true
				queries = append(queries, h)
			}
		}
	}
	if len(b.Names) == 0 && len(queries) == 0 {
		return b, nil, ErrNoBrand
	}
	if len(queries) > maxQueries {
		queries = queries[:maxQueries]
	}
	for _, r := range records {
		if r.Status == StatusOfficial || r.Status == StatusHarmless {
			b.Allowed = append(b.Allowed, AccountRef{Network: r.Account.Network, Handle: r.Account.Handle, RemoteID: r.Account.RemoteID})
		}
	}
	// The brand's bios and avatar, from its own profiles: a lookup per
	// own account on a network that searches, and one avatar.
	for _, s := range searchers {
		for _, a := range accounts {
			if a.Network != s.acc.Network || a.Handle == "" {
				continue
			}
			own, err := s.conn.LookupAccount(ctx, a.Handle)
			if err != nil {
				continue
			}
			if strings.TrimSpace(own.Bio) != "" {
				b.Bios = append(b.Bios, own.Bio)
			}
			if b.Avatar == nil && own.Avatar != "" {
				if r, ok := s.raw.(monitor.AvatarReader); ok {
					if img, err := r.ReadAvatar(ctx, own.Avatar); err == nil && len(img) > 0 && len(img) <= MaxAvatarSize {
						b.Avatar = img
					}
				}
			}
		}
	}
	return b, queries, nil
}

// List returns the suspects, the strongest first, those the user marked
// harmless or official last.
func (g *Guard) List(ctx context.Context) ([]Record, error) {
	list, err := g.store.Impostors(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the suspect accounts: %w", err)
	}
	rank := func(r Record) int {
		if r.Status == StatusOfficial || r.Status == StatusHarmless {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(list, func(a, b Record) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(b.Score, a.Score), a.FirstSeen.Compare(b.FirstSeen),
			strings.Compare(a.Key(), b.Key()))
	})
	return list, nil
}

// Find returns the suspect ref names: its ID, the end of its ID (as the
// command line shows it), or its handle.
func (g *Guard) Find(ctx context.Context, ref string) (Record, error) {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "@")
	list, err := g.List(ctx)
	if err != nil {
		return Record{}, err
	}
	var match []Record
	for _, r := range list {
		id := r.ID.String()
		if strings.EqualFold(id, ref) || strings.EqualFold(normalHandle(r.Account.Handle), ref) {
			return r, nil
		}
		if len(ref) >= 4 && strings.HasSuffix(strings.ToLower(id), strings.ToLower(ref)) {
			match = append(match, r)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return Record{}, fmt.Errorf("%q: %w", ref, ErrNoSuchSuspect)
}

// Mark sets the status the user chose for a suspect. An account marked
// official or harmless is never weighed again.
func (g *Guard) Mark(ctx context.Context, id app.ID, status Status) (Record, error) {
	if _, err := ParseStatus(string(status)); err != nil {
		return Record{}, err
	}
	g.mu.Lock()
	list, err := g.store.Impostors(ctx)
	if err != nil {
		g.mu.Unlock()
		return Record{}, err
	}
	i := slices.IndexFunc(list, func(r Record) bool { return r.ID == id })
	if i < 0 {
		g.mu.Unlock()
		return Record{}, fmt.Errorf("%s: %w", id, ErrNoSuchSuspect)
	}
	r := list[i]
	r.Status = status
	err = g.store.PutImpostor(ctx, r)
	g.mu.Unlock()
	if err != nil {
		return Record{}, fmt.Errorf("marking %s %s: %w", r.Account.Handle, status, err)
	}
	g.Changed()
	return r, nil
}

// LastError is why the last pass failed; nil when it worked or none ran.
func (g *Guard) LastError() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lastErr
}
