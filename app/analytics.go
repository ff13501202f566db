package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The collection's rhythm.
const (
	// CollectEvery is how often Run collects.
	CollectEvery = 30 * time.Minute
	// accountReadEvery is how old the day's snapshot of an account may be
	// before it is read again.
	accountReadEvery = 3 * time.Hour
	// StatsDays is how many days after it went out a post's figures are
	// read; StatsFor the same as a duration.
	StatsDays = 30
	StatsFor  = StatsDays * 24 * time.Hour
	// maxPostReads bounds the posts read per account in one collection;
	// the rest wait for the next.
	maxPostReads = 400
	// CollectTimeout bounds one account's collection.
	CollectTimeout = 2 * time.Minute
)

// nextRead is when a post's figures are due to be read again: at once
// the first time, then often in the first 48 hours (every hour for six
// hours, then every four), then daily, and a last time 30 days after it
// went out. ok is false once nothing more will be read.
func nextRead(s PostStats) (at time.Time, ok bool) {
	if s.Gone {
		return time.Time{}, false
	}
	if s.ReadAt.IsZero() {
		return s.PublishedAt, true
	}
	age := s.ReadAt.Sub(s.PublishedAt)
	var step time.Duration
	switch {
	case age >= StatsFor:
		return time.Time{}, false
	case age < 6*time.Hour:
		step = time.Hour
	case age < 48*time.Hour:
		step = 4 * time.Hour
	default:
		step = 24 * time.Hour
	}
	return minTime(s.ReadAt.Add(step), s.PublishedAt.Add(StatsFor)), true
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Analytics collects the accounts' and the published posts' figures and
// makes reports of them, with the inbox's response times.
type Analytics struct {
	store    Store
	accounts *Accounts
	settings Settings
	clock    Clock
	zone     *time.Location
	// inbox, when set, gives the items from its memory (see UseInbox).
	inbox *Inbox
	// veille, when set, gives the share of voice and the competitors'
	// figures (see UseVeille).
	veille Veille
	listeners
}

// NewAnalytics returns the analytics of the accounts, in the user's zone.
func NewAnalytics(store Store, accounts *Accounts, clock Clock, zone *time.Location) *Analytics {
	return &Analytics{store: store, accounts: accounts, settings: NewSettings(store), clock: clock, zone: zone}
}

// UseInbox has reports read the inbox's items from in, which holds them
// in memory once loaded, rather than from the store each time.
func (a *Analytics) UseInbox(in *Inbox) { a.inbox = in }

// Brand is the brand's name the reports carry on their cover.
func (a *Analytics) Brand(ctx context.Context) (string, error) { return a.settings.Brand(ctx) }

// SetBrand stores the brand's name of the reports.
func (a *Analytics) SetBrand(ctx context.Context, name string) error {
	return a.settings.SetBrand(ctx, name)
}

// Zone is the time zone reports are made in.
func (a *Analytics) Zone() *time.Location { return a.zone }

// CollectResult is what one collection read.
type CollectResult struct {
	// Accounts counts the accounts whose figures were read; Posts the
	// posts.
	Accounts int
	Posts    int
	// Errs are the accounts that could not be read, each a *TargetError.
	Errs []error
	// Read is, for each account that has figures, in the accounts'
	// order, what was read of it or why it could not be: what the
	// command line tells account by account.
	Read []AccountCollected
}

// AccountCollected is what one collection read of one account.
type AccountCollected struct {
	Account Account
	// Day is true when the account's figures of the day were read; Posts
	// counts the posts whose figures were read.
	Day   bool
	Posts int
	Err   error
}

// Collect reads, once, the figures due: each account's of the day, and
// those of the posts published from Relais, on the schedule of nextRead.
// progress, if not nil, is told how many accounts are done. It stops
// early when ctx is cancelled, keeping what was read.
func (a *Analytics) Collect(ctx context.Context, progress func(done, total int)) (CollectResult, error) {
	var res CollectResult
	accounts, err := a.accounts.List(ctx)
	if err != nil {
		return res, err
	}
	type reader struct {
		acc Account
		m   MetricsReader
	}
	var readers []reader
	for _, acc := range accounts {
		if c, err := a.accounts.Open(acc); err == nil {
			if m, ok := c.(MetricsReader); ok {
				readers = append(readers, reader{acc, m})
			}
		}
	}
	stats, err := a.statsByKey(ctx)
	if err != nil {
		return res, err
	}
	if err := a.addSent(ctx, stats); err != nil {
		return res, err
	}
	for i, r := range readers {
		if ctx.Err() != nil {
			break
		}
		if progress != nil {
			progress(i, len(readers))
		}
		day, posts, err := a.collectAccount(ctx, r.acc, r.m, stats)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			err = &TargetError{Network: r.acc.Network, Err: err}
			res.Errs = append(res.Errs, err)
			res.Read = append(res.Read, AccountCollected{Account: r.acc, Err: err})
			continue
		}
		res.Accounts++
		res.Posts += posts
		res.Read = append(res.Read, AccountCollected{Account: r.acc, Day: day, Posts: posts})
	}
	if progress != nil && ctx.Err() == nil {
		progress(len(readers), len(readers))
	}
	if res.Accounts > 0 {
		a.changed()
	}
	return res, ctx.Err()
}

// statsByKey reads every post's figures.
func (a *Analytics) statsByKey(ctx context.Context) (map[string]PostStats, error) {
	stats := map[string]PostStats{}
	err := a.store.PostStats(ctx, func(s PostStats) bool {
		stats[s.Key] = s
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("reading the posts' figures: %w", err)
	}
	return stats, nil
}

// addSent adds to stats, unread, the posts sent since the last
// collection.
func (a *Analytics) addSent(ctx context.Context, stats map[string]PostStats) error {
	var fresh []Attempt
	err := a.store.SentAttempts(ctx, func(at Attempt) bool {
		if _, ok := stats[at.ID]; !ok && at.Published.Ref.ID != "" && !at.Account.IsZero() {
			fresh = append(fresh, at)
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("reading the outbox: %w", err)
	}
	posts := map[ID]Post{}
	for _, at := range fresh {
		p, ok := posts[at.Post]
		if !ok {
			if p, err = a.store.Post(ctx, at.Post); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			posts[at.Post] = p
		}
		published := at.Published.At
		if published.IsZero() {
			published = at.UpdatedAt
		}
		s := PostStats{
			Key: at.ID, Post: at.Post, Target: at.Target, Account: at.Account, Network: at.Target.Network,
			Ref: at.Published.Ref, URL: at.Published.URL, Title: p.Title, PublishedAt: published,
		}
		if v, ok := p.Variant(at.Target); ok {
			s.Text = p.OutgoingText(v)
		} else {
			s.Text = p.Text
		}
		stats[s.Key] = s
	}
	return nil
}

// collectAccount reads an account's figures of the day, when due, and
// those of its posts due. It returns whether it read the day's figures
// and how many posts it read.
func (a *Analytics) collectAccount(ctx context.Context, acc Account, m MetricsReader, stats map[string]PostStats) (day bool, posts int, err error) {
	ctx, cancel := context.WithTimeout(ctx, CollectTimeout)
	defer cancel()
	now := a.clock.Now()
	today := DayOf(now, a.zone)
	var last AccountDay
	if err := a.store.AccountDays(ctx, today, today, func(d AccountDay) bool {
		if d.Account == acc.ID {
			last = d
		}
		return true
	}); err != nil {
		return false, 0, err
	}
	if last.At.IsZero() || now.Sub(last.At) >= accountReadEvery {
		am, err := m.AccountMetrics(ctx)
		if err != nil {
			return false, 0, err
		}
		at := am.At
		if at.IsZero() {
			at = now
		}
		snap := AccountDay{Account: acc.ID, Day: today, Followers: am.Followers, Following: am.Following, Posts: am.Posts, At: at}
		if err := a.store.PutAccountDays(ctx, []AccountDay{snap}); err != nil {
			return false, 0, fmt.Errorf("saving the figures of %s: %w", acc.Name(), err)
		}
		day = true
	}

	var due []PostStats
	for _, s := range stats {
		if s.Account != acc.ID {
			continue
		}
		if at, ok := nextRead(s); ok && !at.After(now) {
			due = append(due, s)
		}
	}
	// The oldest due first, so that none waits for good behind others.
	slices.SortFunc(due, func(x, y PostStats) int { return x.ReadAt.Compare(y.ReadAt) })
	if len(due) > maxPostReads {
		due = due[:maxPostReads]
	}
	if len(due) == 0 {
		return day, 0, nil
	}
	refs := make([]RemoteRef, len(due))
	for i, s := range due {
		refs[i] = s.Ref
	}
	figures, err := m.PostMetrics(ctx, refs)
	if err != nil {
		return false, 0, err
	}
	byID := make(map[string]PostMetrics, len(figures))
	for _, f := range figures {
		byID[f.Post.ID] = f
	}
	history, err := a.followerHistory(ctx, acc.ID, due)
	if err != nil {
		return false, 0, err
	}
	for i, s := range due {
		f, ok := byID[s.Ref.ID]
		if ok {
			s.Likes, s.Boosts, s.Replies, s.Quotes = f.Likes, f.Boosts, f.Replies, f.Quotes
			s.Views, s.Reach, s.Saves = f.Views, f.Reach, f.Saves
		} else {
			s.Gone = true
		}
		s.Reads++
		s.ReadAt = now
		if s.Followers == 0 {
			s.Followers = followersAt(history, DayOf(s.PublishedAt, a.zone))
		}
		due[i] = s
		stats[s.Key] = s
	}
	if err := a.store.PutPostStats(ctx, due); err != nil {
		return false, 0, fmt.Errorf("saving the figures of %s's posts: %w", acc.Name(), err)
	}
	return day, len(due), nil
}

// followerHistory reads, in one go, the account's snapshots around the
// posts whose followers are not known yet, oldest first; none when all
// are known.
func (a *Analytics) followerHistory(ctx context.Context, account ID, posts []PostStats) ([]AccountDay, error) {
	var first, last time.Time
	for _, s := range posts {
		if s.Followers != 0 {
			continue
		}
		day := DayOf(s.PublishedAt, a.zone)
		if first.IsZero() || day.Before(first) {
			first = day
		}
		if day.After(last) {
			last = day
		}
	}
	if first.IsZero() {
		return nil, nil
	}
	var days []AccountDay
	err := a.store.AccountDays(ctx, first.AddDate(0, 0, -StatsDays), last.AddDate(0, 0, StatsDays), func(d AccountDay) bool {
		if d.Account == account {
			days = append(days, d)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("reading the followers' history: %w", err)
	}
	return days, nil
}

// followersAt is how many followers an account had on day, from its
// snapshots (oldest first): the last one on or before that day, else
// the first after, within StatsDays of it; 0 without any.
func followersAt(days []AccountDay, day time.Time) int {
	from, to := day.AddDate(0, 0, -StatsDays), day.AddDate(0, 0, StatsDays)
	i, _ := slices.BinarySearchFunc(days, day, func(d AccountDay, t time.Time) int { return d.Day.Compare(t) })
	// days[i] is the first on or after day.
	if i < len(days) && days[i].Day.Equal(day) {
		return days[i].Followers
	}
	if i > 0 && !days[i-1].Day.Before(from) {
		return days[i-1].Followers
	}
	if i < len(days) && !days[i].Day.After(to) {
		return days[i].Followers
	}
	return 0
}

// Run collects at once, then every CollectEvery and when the accounts
// change, until ctx is done. Its errors are not shown: the Accounts
// screen tells of a broken sign-in already, and Collect, called from the
// window, reports them.
func (a *Analytics) Run(ctx context.Context) {
	wake := make(chan struct{}, 1)
	stop := a.accounts.Subscribe(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	defer stop()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-wake:
		}
		a.Collect(ctx, nil)
		timer.Reset(CollectEvery)
	}
}

// ReportQuery is what a report covers.
type ReportQuery struct {
	Period Period
	// Accounts limits the report to some accounts; empty is every one.
	Accounts []ID
}

// Report makes the report of a period.
func (a *Analytics) Report(ctx context.Context, q ReportQuery) (Report, error) {
	if !q.Period.From.Before(q.Period.To) {
		return Report{}, ErrBadPeriod
	}
	rep := Report{Period: q.Period, Previous: q.Period.Previous()}
	var err error
	if rep.Brand, err = a.settings.Brand(ctx); err != nil {
		return Report{}, err
	}
	accounts, err := a.accounts.List(ctx)
	if err != nil {
		return Report{}, err
	}
	wanted := func(id ID) bool { return len(q.Accounts) == 0 || slices.Contains(q.Accounts, id) }
	accounts = slices.DeleteFunc(accounts, func(acc Account) bool { return !wanted(acc.ID) })

	// The snapshots of both periods, in one read.
	from, to := DayOf(rep.Previous.From, a.zone), DayOf(rep.Period.Last(), a.zone)
	cur, prev := DayOf(rep.Period.From, a.zone), map[ID][]AccountDay{}
	days := map[ID][]AccountDay{}
	err = a.store.AccountDays(ctx, from, to, func(d AccountDay) bool {
		if d.Day.Before(cur) {
			prev[d.Account] = append(prev[d.Account], d)
		} else {
			days[d.Account] = append(days[d.Account], d)
		}
		return true
	})
	if err != nil {
		return Report{}, fmt.Errorf("reading the accounts' figures: %w", err)
	}
	for _, acc := range accounts {
		rep.Accounts = append(rep.Accounts, AccountReport{Account: acc, Days: days[acc.ID], Previous: prev[acc.ID]})
	}

	var history []PostStats
	err = a.store.PostStats(ctx, func(s PostStats) bool {
		if wanted(s.Account) {
			history = append(history, s)
		}
		return true
	})
	if err != nil {
		return Report{}, fmt.Errorf("reading the posts' figures: %w", err)
	}
	for _, s := range history {
		switch {
		case rep.Period.Contains(s.PublishedAt):
			rep.Posts = append(rep.Posts, s)
		case rep.Previous.Contains(s.PublishedAt):
			rep.PreviousPosts++
			rep.PreviousEngagement += s.Engagement()
		}
	}
	SortByEngagement(rep.Posts)
	rep.Networks = SumNetworks(rep.Posts)
	rep.BestTime = MapBestTime(history, a.zone)

	eachItem := a.store.InboxItems
	if a.inbox != nil {
		eachItem = a.inbox.Items
	}
	var items []InboxItem
	err = eachItem(ctx, func(it InboxItem) bool {
		if wanted(it.Account) {
			if !itemTime(it).Before(rep.Previous.From) {
				items = append(items, it)
			}
		}
		return true
	})
	if err != nil {
		return Report{}, fmt.Errorf("reading the inbox: %w", err)
	}
	rep.Inbox = InboxFigures(items, rep.Period)
	rep.PreviousInbox = InboxFigures(items, rep.Previous)

	if a.veille != nil {
		if rep.Voices, err = a.veille.ShareOfVoice(ctx, rep.Period, rep.Previous); err != nil {
			return Report{}, fmt.Errorf("reading the share of voice: %w", err)
		}
		competitors, err := a.veille.Competitors(ctx, rep.Period)
		if err != nil {
			return Report{}, fmt.Errorf("reading the competitors' figures: %w", err)
		}
		if len(competitors) > 0 {
			// The brand's own accounts beside them, as the report asks.
			rep.Benchmark = append(ownBenchmarks(rep), competitors...)
		}
	}
	return rep, nil
}

// ErrBadPeriod is returned for a period that ends before it starts.
var ErrBadPeriod = errors.New("the period ends before it starts")

// SortByEngagement sorts posts by engagement, most first, then by rate,
// then the latest first.
func SortByEngagement(posts []PostStats) {
	slices.SortStableFunc(posts, func(x, y PostStats) int {
		if c := y.Engagement() - x.Engagement(); c != 0 {
			return c
		}
		if x.Rate() != y.Rate() {
			if x.Rate() > y.Rate() {
				return -1
			}
			return 1
		}
		if c := y.PublishedAt.Compare(x.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	})
}
