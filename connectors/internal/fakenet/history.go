package main

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/media"
)

// history fills a Relais data directory with days of simulated use of a
// Mastodon and a Bluesky account of Maison Lumen, a small candle maker,
// through Relais's own services (accounts, drafts, publishing, inbox,
// analytics) talking to the fake servers over HTTP, on a simulated
// clock that the services and the servers share:
//
//   - the two accounts are connected on the first morning (Mastodon
//     from 800 followers growing about 1 % a week, Bluesky from 300
//     growing about 4 %), and gain and lose followers day after day;
//   - the CM plans one or two posts a day to both accounts, which
//     publishing sends at their time; Tuesdays and Thursdays at 18:00
//     (the workshop's live session, the giveaway) bring about three
//     times the likes, boosts, replies and quotes of the other hours,
//     from people who react over the hours after the post;
//   - people mention the brand (someone angry once a week), answer its
//     posts and (on Mastodon) write to it privately; the CM reads the
//     inbox a few times a day, answers most of what asks for an answer
//     after minutes to a day, puts a few aside as done and leaves a few,
//     and tidies away the likes and follows of the day before;
//   - Relais is open from 7:00 to midnight, and analytics collects every
//     hour then, so each post's figures are read on their schedule and
//     each account has a snapshot a day.
//
// The simulation ends at end, the posts planned for the next two days
// staying scheduled. The fake servers are back on the wall clock when
// run returns. The same seed makes the same history.
type history struct {
	// dir is the data directory: it must not hold a database yet.
	dir  string
	days int
	end  time.Time
	zone *time.Location
	// secrets keep the accounts' sign-ins (the keychain, for Relais to
	// find them).
	secrets app.SecretStore
	masto   *mastodontest.Server
	sky     *blueskytest.Server
	seed    uint64
}

// summary is what a history made.
type summary struct {
	Accounts int
	// Posts counts the posts published, Sent their attempts (one per
	// account), Planned the posts left scheduled after the end.
	Posts, Sent, Planned int
	// Items counts the inbox's items; ToAnswer those that ask for an
	// answer, Replies those answered and Done those put aside.
	Items, ToAnswer, Replies, Done int
	// SnapshotDays is how many days each account has figures for (the
	// fewest of the accounts); Collections how many times analytics
	// collected.
	SnapshotDays int
	Collections  int
	Took         time.Duration
}

func (s summary) String() string {
	return fmt.Sprintf("%d accounts, %d posts published (%d sent) and %d planned, %d inbox items (%d to answer: %d answered, %d done), "+
		"%d days of snapshots, %d collections, in %v",
		s.Accounts, s.Posts, s.Sent, s.Planned, s.Items, s.ToAnswer, s.Replies, s.Done, s.SnapshotDays, s.Collections, s.Took.Round(time.Millisecond))
}

// errDataDirInUse is returned for a data directory that holds a
// database already: the history would mix with what is there.
var errDataDirInUse = errors.New("the data directory holds a Relais database already")

// The shape of the simulation.
const (
	// mastoFollowers and skyFollowers are the followers at the start;
	// mastoGain and skyGain the share of them that follows each day,
	// mastoLoss and skyLoss the share that leaves.
	mastoFollowers = 800
	skyFollowers   = 300
	mastoGain      = 0.0021
	mastoLoss      = 0.0005
	skyGain        = 0.0075
	skyLoss        = 0.0012
	// mastoRate and skyRate are a post's engagement per follower at an
	// ordinary hour; rateNoise the spread from post to post.
	mastoRate = 0.014
	skyRate   = 0.020
	rateNoise = 0.25
	// reactionDelay is the mean delay of a reaction after its post.
	reactionDelay = 150 * time.Minute
	// planAhead is how many days ahead the CM plans.
	planAhead = 2
)

// run plays the history.
func (h history) run(ctx context.Context) (summary, error) {
	began := time.Now()
	if h.days < 1 {
		return summary{}, fmt.Errorf("history of %d days: at least one is needed", h.days)
	}
	if _, err := os.Stat(filepath.Join(h.dir, storage.FileName)); err == nil {
		return summary{}, fmt.Errorf("%s: %w", h.dir, errDataDirInUse)
	}
	y, m, d := h.end.In(h.zone).Date()
	first := time.Date(y, m, d-(h.days-1), 0, 0, 0, 0, h.zone)
	clock := &simClock{now: time.Date(y, m, d-(h.days-1), 8, 0, 0, 0, h.zone)}
	if !clock.now.Before(h.end) {
		return summary{}, fmt.Errorf("the history would end at %v, before its first morning", h.end)
	}
	h.masto.SetNow(clock.Now)
	h.sky.SetNow(clock.Now)
	defer h.masto.SetNow(time.Now)
	defer h.sky.SetNow(time.Now)

	// The data directory as Relais opens it (main.go).
	db, err := storage.Open(h.dir, storage.Options{LockTimeout: 2 * time.Second})
	if err != nil {
		return summary{}, err
	}
	defer db.Close()
	files, err := media.Open(filepath.Join(h.dir, "media"))
	if err != nil {
		return summary{}, err
	}
	md := mastodon.NewDialer()
	md.Now = clock.Now
	bd := bluesky.NewDialer()
	bd.Now = clock.Now
	registry := app.NewRegistry(md, bd)
	accounts := app.NewAccounts(db, h.secrets, registry, files, clock)
	drafts := app.NewDrafts(db, clock)
	drafts.UseLimits(accounts)
	s := &sim{
		history:    h,
		clock:      clock,
		rng:        rand.New(rand.NewPCG(h.seed, 0x4c756d656e)),
		first:      first,
		drafts:     drafts,
		publishing: app.NewPublishing(db, drafts, accounts, files, clock, h.zone, nil),
		inbox:      app.NewInbox(db, accounts, clock, h.zone, nil),
		analytics:  app.NewAnalytics(db, accounts, clock, h.zone),
		followers:  map[app.Network]int{app.Mastodon: mastoFollowers, app.Bluesky: skyFollowers},
		answers:    map[string]string{},
	}
	s.people = makePeople(s.rng)
	if err := app.NewSettings(db).SetBrand(ctx, brand); err != nil {
		return summary{}, err
	}
	h.masto.SetFollowers(mastoFollowers)
	h.sky.SetFollowers(skyFollowers)
	for _, fake := range []interface {
		Account() (app.Account, app.Secret)
	}{h.masto, h.sky} {
		draft, secret := fake.Account()
		draft.Label = brand
		acc, err := accounts.Connect(ctx, draft, secret)
		if err != nil {
			return summary{}, err
		}
		s.accounts = append(s.accounts, acc)
	}
	if err := s.play(ctx); err != nil {
		return summary{}, err
	}
	sum, err := s.count(ctx, db)
	sum.Took = time.Since(began)
	return sum, err
}

// simClock is the simulated time: the services and the fake servers read
// it, the simulation moves it forward.
type simClock struct {
	mu  sync.Mutex
	now time.Time
}

var _ app.Clock = (*simClock)(nil)

// Now implements app.Clock.
func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// set moves the clock to t; never back.
func (c *simClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
}

// sim is a history being played.
type sim struct {
	history
	clock  *simClock
	rng    *rand.Rand
	events events
	seq    int       // of the last event added
	first  time.Time // midnight of the first day

	drafts     *app.Drafts
	publishing *app.Publishing
	inbox      *app.Inbox
	analytics  *app.Analytics
	accounts   []app.Account // Mastodon's, then Bluesky's

	followers map[app.Network]int
	// people are everyone who may write; the first fans of them like,
	// share and answer posts, the others follow the accounts one after
	// the other (joined of them so far).
	people  []person
	joined  int
	answers map[string]string // a post's ID on its network → the CM's answer
	// tidy are the items that ask for no answer, for the CM to put
	// aside a day after they came, once a day (tidied).
	tidy   []app.InboxItem
	tidied time.Time
	// posts counts the posts sent; decks are the lists of posts
	// shuffled, and what was posted of each, so that texts come back as
	// seldom as possible.
	posts    int
	decks    map[*[]campaign]*deck
	collects int
}

// fans is how many of the people like, share and answer posts.
const fans = 160

// person is someone of the history: a Mastodon account (acct, on the
// fake server or another) and a Bluesky one (named name, which the fake
// makes a handle of).
type person struct {
	first, name, acct string
}

// makePeople makes everyone of the history, in random order.
func makePeople(rng *rand.Rand) []person {
	var out []person
	for _, f := range firstNames {
		for _, l := range lastNames {
			user := slug(f) + "_" + slug(l)
			if domain := mastodonDomains[rng.IntN(len(mastodonDomains))]; domain != "" {
				user += "@" + domain
			}
			out = append(out, person{first: f, name: f + " " + l, acct: user})
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// slug is s in lower-case ASCII letters.
func slug(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// event is something that happens at a time of the simulation.
type event struct {
	at  time.Time
	seq int
	do  func(context.Context) error
}

// events is a queue of events, the soonest first, then in the order
// they were added (container/heap).
type events []event

func (q events) Len() int { return len(q) }
func (q events) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q events) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)   { *q = append(*q, x.(event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// at has do happen at t; what would happen after the end does not.
func (s *sim) at(t time.Time, do func(context.Context) error) {
	if t.After(s.end) {
		return
	}
	s.seq++
	heap.Push(&s.events, event{at: t, seq: s.seq, do: do})
}

// play lays out the days, then plays every event in order.
func (s *sim) play(ctx context.Context) error {
	// The first read of the inbox is history: nothing came yet.
	if err := s.session(ctx); err != nil {
		return err
	}
	for d := range planAhead {
		if err := s.plan(ctx, d); err != nil {
			return err
		}
	}
	for d := range s.days {
		// Each day is laid out as it begins, from the followers then.
		s.at(s.date(d), func(context.Context) error {
			s.day(d)
			return nil
		})
	}
	// The last look before the window opens.
	s.at(s.end, s.session)
	s.at(s.end, s.collect)
	for s.events.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := heap.Pop(&s.events).(event)
		s.clock.set(e.at)
		if err := e.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", e.at.In(s.zone).Format("2006-01-02 15:04"), err)
		}
	}
	return nil
}

// date is midnight of the d-th day.
func (s *sim) date(d int) time.Time {
	return time.Date(s.first.Year(), s.first.Month(), s.first.Day()+d, 0, 0, 0, 0, s.zone)
}

// clockTime is h:m on the d-th day.
func (s *sim) clockTime(d, h, m int) time.Time {
	day := s.date(d)
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, s.zone)
}

// randomTime is a time of the d-th day between from and to o'clock.
func (s *sim) randomTime(d, from, to int) time.Time {
	return s.date(d).Add(time.Duration(from)*time.Hour + time.Duration(s.rng.Int64N(int64(time.Duration(to-from)*time.Hour))))
}

// day lays out the d-th day: the CM's planning, their reads of the
// inbox, and what people do on their own.
func (s *sim) day(d int) {
	s.at(s.clockTime(d, 7, 30), func(ctx context.Context) error { return s.plan(ctx, d+planAhead) })
	for _, t := range s.sessionTimes(d) {
		s.at(t, s.session)
	}
	// Relais is open from the morning to the night.
	for h := 7; h < 24; h++ {
		s.at(s.clockTime(d, h, 2+s.rng.IntN(6)), s.collect)
	}
	for _, acc := range s.accounts {
		n := s.followers[acc.Network]
		gain, loss := mastoGain, mastoLoss
		if acc.Network == app.Bluesky {
			gain, loss = skyGain, skyLoss
		}
		for range s.poisson(float64(n) * gain) {
			s.at(s.randomTime(d, 7, 24), s.follow(acc.Network))
		}
		for range s.poisson(float64(n) * loss) {
			s.at(s.randomTime(d, 0, 24), s.unfollow(acc.Network))
		}
	}
	for range s.poisson(0.9) {
		s.at(s.randomTime(d, 8, 23), s.mention(app.Mastodon, mentions))
	}
	for range s.poisson(0.7) {
		s.at(s.randomTime(d, 8, 23), s.mention(app.Bluesky, mentions))
	}
	if d%7 == 2 {
		s.at(s.randomTime(d, 9, 22), s.mention(s.accounts[d/7%2].Network, []exchange{complaint}))
	}
	for range s.poisson(0.45) {
		s.at(s.randomTime(d, 8, 22), s.direct)
	}
}

// sessionTimes are when the CM reads the inbox on the d-th day.
func (s *sim) sessionTimes(d int) []time.Time {
	hours := [][2]int{{9, 0}, {11, 30}, {14, 0}, {16, 30}, {18, 30}, {21, 0}}
	if wd := s.date(d).Weekday(); wd == time.Saturday || wd == time.Sunday {
		hours = [][2]int{{10, 30}, {18, 0}, {21, 30}}
	}
	var out []time.Time
	for _, hm := range hours {
		out = append(out, s.clockTime(d, hm[0], hm[1]).Add(time.Duration(s.rng.IntN(40)-20)*time.Minute))
	}
	return out
}

// slot is a post of the calendar at a time.
type slot struct {
	at   time.Time
	list *[]campaign
}

// plan schedules the posts of the d-th day, as the CM does two days
// ahead.
func (s *sim) plan(ctx context.Context, d int) error {
	var slots []slot
	morning := [][2]int{{8, 30}, {9, 0}, {10, 0}, {11, 15}, {12, 30}, {13, 0}}
	afternoon := [][2]int{{14, 0}, {15, 30}, {16, 45}, {17, 30}, {18, 0}, {19, 0}, {20, 30}, {21, 0}}
	pick := func(hours [][2]int) time.Time {
		hm := hours[s.rng.IntN(len(hours))]
		return s.clockTime(d, hm[0], hm[1])
	}
	switch s.date(d).Weekday() {
	case time.Tuesday, time.Thursday:
		list := &tuesdayPosts
		if s.date(d).Weekday() == time.Thursday {
			list = &thursdayPosts
		}
		slots = append(slots, slot{s.clockTime(d, 18, 0), list})
		if s.rng.Float64() < 0.5 {
			slots = append(slots, slot{pick(morning), &dailyPosts})
		}
	case time.Saturday:
		slots = append(slots, slot{pick([][2]int{{10, 0}, {10, 30}, {11, 0}, {11, 30}}), &dailyPosts})
	case time.Sunday:
		slots = append(slots, slot{pick([][2]int{{10, 30}, {17, 0}, {20, 0}}), &dailyPosts})
	default:
		slots = append(slots, slot{pick(afternoon), &dailyPosts})
		if s.rng.Float64() < 0.6 {
			slots = append(slots, slot{pick(morning), &dailyPosts})
		}
	}
	for _, sl := range slots {
		if !sl.at.After(s.clock.Now().Add(10 * time.Minute)) {
			continue // too late to plan on the first morning
		}
		c := s.next(sl.list)
		var variants []app.Variant
		for _, acc := range s.accounts {
			variants = append(variants, app.Variant{Target: acc.Target()})
		}
		_, err := s.drafts.Create(ctx, app.Post{
			Title: c.title, Text: c.text, Campaign: c.campaign, Language: "fr", Status: app.StatusScheduled,
			PlannedAt: sl.at.UTC(), Zone: s.zone.String(), Variants: variants,
		})
		if err != nil {
			return fmt.Errorf("planning %q: %w", c.title, err)
		}
		// Publishing runs every minute or so in the window.
		s.at(sl.at.Add(time.Duration(2+s.rng.IntN(40))*time.Second), s.publish)
	}
	return nil
}

// deck is a list of posts in a shuffled order, and how many were dealt.
type deck struct {
	posts []campaign
	dealt int
}

// next is the next post of a list, in a shuffled order that goes through
// the whole list before coming back.
func (s *sim) next(list *[]campaign) campaign {
	if s.decks == nil {
		s.decks = map[*[]campaign]*deck{}
	}
	d := s.decks[list]
	if d == nil {
		d = &deck{posts: slices.Clone(*list)}
		s.decks[list] = d
	}
	if d.dealt%len(d.posts) == 0 {
		s.rng.Shuffle(len(d.posts), func(i, j int) { d.posts[i], d.posts[j] = d.posts[j], d.posts[i] })
	}
	d.dealt++
	return d.posts[(d.dealt-1)%len(d.posts)]
}

// publish sends what is due, as the window's publishing does, and lets
// people react to what went out.
func (s *sim) publish(ctx context.Context) error {
	results, err := s.publishing.RunDue(ctx)
	if err != nil {
		return err
	}
	sent := false
	for _, r := range results {
		if r.Err != nil || !r.Sent() {
			return fmt.Errorf("publishing %q: %v (%s)", r.Post.Title, r.Err, r.Attempt.State)
		}
		sent = true
		s.react(r.Account.Network, r.Attempt.Published)
	}
	if sent {
		s.posts++
	}
	return nil
}

// boost is how much better than usual a post does at its weekday and
// hour: the live workshop and the giveaway at 18:00 on Tuesdays and
// Thursdays, evenings a little, early mornings and weekends less.
func boost(t time.Time) float64 {
	wd, h := t.Weekday(), t.Hour()
	switch {
	case h == 18 && (wd == time.Tuesday || wd == time.Thursday):
		return 3.2
	case wd == time.Saturday || wd == time.Sunday:
		return 0.9
	case h == 18:
		return 1.25
	case h >= 19:
		return 1.15
	case h == 12 || h == 13:
		return 1.1
	case h <= 9:
		return 0.8
	}
	return 1
}

// react has people like, share, answer and quote a post over the hours
// after it went out, as many as its account's followers and its time
// bring; a post that does well brings a few followers too.
func (s *sim) react(n app.Network, p app.Published) {
	at := p.At
	if at.IsZero() {
		at = s.clock.Now()
	}
	rate := mastoRate
	if n == app.Bluesky {
		rate = skyRate
	}
	lift := boost(at.In(s.zone))
	count := int(math.Round(float64(s.followers[n]) * rate * lift * math.Exp(rateNoise*s.rng.NormFloat64())))
	who := s.rng.Perm(min(fans, len(s.people)))
	for i := range min(count, len(who)) {
		fan := s.people[who[i]]
		when := at.Add(s.delay())
		switch k := s.rng.Float64(); {
		case k < 0.62:
			s.at(when, s.like(n, p.Ref, fan))
		case k < 0.84:
			s.at(when, s.share(n, p.Ref, fan))
		case k < 0.95:
			s.at(when, s.comment(n, p.Ref, fan))
		default:
			s.at(when, s.quote(n, p.Ref, fan))
		}
	}
	for range s.poisson(0.25 * (lift - 1)) {
		s.at(at.Add(s.delay()), s.follow(n))
	}
}

// delay is how long after a post someone reacts to it: mostly within
// hours, at most three days.
func (s *sim) delay() time.Duration {
	d := time.Duration(s.rng.ExpFloat64() * float64(reactionDelay))
	return min(d, 72*time.Hour) + time.Duration(s.rng.IntN(60))*time.Second
}

// poisson draws how many of something happen when lambda are expected.
func (s *sim) poisson(lambda float64) int {
	limit, n, p := math.Exp(-lambda), 0, s.rng.Float64()
	for p > limit {
		n++
		p *= s.rng.Float64()
	}
	return n
}

func (s *sim) like(n app.Network, post app.RemoteRef, fan person) func(context.Context) error {
	return func(context.Context) error {
		if n == app.Mastodon {
			s.masto.Favourite(fan.acct, post.ID)
		} else {
			s.sky.Notify(fan.name, "like", "", post.ID)
		}
		return nil
	}
}

func (s *sim) share(n app.Network, post app.RemoteRef, fan person) func(context.Context) error {
	return func(context.Context) error {
		if n == app.Mastodon {
			s.masto.Boost(fan.acct, post.ID)
		} else {
			s.sky.Notify(fan.name, "repost", "", post.ID)
		}
		return nil
	}
}

func (s *sim) comment(n app.Network, post app.RemoteRef, fan person) func(context.Context) error {
	return func(context.Context) error {
		ex := comments[s.rng.IntN(len(comments))]
		var id string
		if n == app.Mastodon {
			id = s.masto.Reply(fan.acct, ex.text, post.ID)
		} else {
			id = s.sky.Notify(fan.name, "reply", ex.text, post.ID)
		}
		s.answers[id] = fill(ex.answer, fan)
		return nil
	}
}

// quotes are what people say as they quote a post.
var quotes = []string{"Regardez-moi ça 😍", "Je valide à 100 %", "Mes bougies préférées, je recommande", "On y va ?", "Cadeau de Noël trouvé 🎁"}

func (s *sim) quote(n app.Network, post app.RemoteRef, fan person) func(context.Context) error {
	return func(context.Context) error {
		text := quotes[s.rng.IntN(len(quotes))]
		if n == app.Mastodon {
			s.masto.Quote(fan.acct, text, post.ID)
		} else {
			s.sky.Notify(fan.name, "quote", text, post.ID)
		}
		return nil
	}
}

// mention has someone name the brand, in one of the words given.
func (s *sim) mention(n app.Network, words []exchange) func(context.Context) error {
	return func(context.Context) error {
		ex := words[s.rng.IntN(len(words))]
		fan := s.people[s.rng.IntN(len(s.people))]
		var id string
		if n == app.Mastodon {
			id = s.masto.Reply(fan.acct, ex.text, "")
		} else {
			id = s.sky.Notify(fan.name, "mention", ex.text, "")
		}
		s.answers[id] = fill(ex.answer, fan)
		return nil
	}
}

// direct has someone write to the brand privately, on Mastodon.
func (s *sim) direct(context.Context) error {
	ex := directs[s.rng.IntN(len(directs))]
	fan := s.people[s.rng.IntN(len(s.people))]
	s.answers[s.masto.Direct(fan.acct, ex.text)] = fill(ex.answer, fan)
	return nil
}

func fill(answer string, p person) string { return strings.ReplaceAll(answer, "{name}", p.first) }

// follow has someone new follow the account.
func (s *sim) follow(n app.Network) func(context.Context) error {
	return func(context.Context) error {
		p := s.people[fans+s.joined%(len(s.people)-fans)]
		s.joined++
		if n == app.Mastodon {
			s.masto.Follow(p.acct)
		} else {
			s.sky.Notify(p.name, "follow", "", "")
		}
		s.followers[n]++
		return nil
	}
}

// unfollow has someone stop following the account.
func (s *sim) unfollow(n app.Network) func(context.Context) error {
	return func(context.Context) error {
		s.followers[n]--
		if n == app.Mastodon {
			s.masto.SetFollowers(s.followers[n])
		} else {
			s.sky.SetFollowers(s.followers[n])
		}
		return nil
	}
}

// session is the CM reading the inbox: what asks for an answer is
// mostly answered, after a while, a few put aside as done and a few
// left; once a day, the likes, shares and follows of the day before are
// tidied away.
func (s *sim) session(ctx context.Context) error {
	results, err := s.inbox.SyncAll(ctx, nil)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	for _, r := range results {
		if r.Err != nil {
			return fmt.Errorf("reading the inbox of %s: %w", r.Account.Name(), r.Err)
		}
		for _, it := range r.Added {
			switch it.Kind {
			case app.ItemMention, app.ItemReply, app.ItemDirect:
				s.triage(it, now)
			default:
				s.tidy = append(s.tidy, it)
			}
		}
	}
	if now.Sub(s.tidied) < 12*time.Hour {
		return nil
	}
	s.tidied = now
	var old []app.ID
	s.tidy = slices.DeleteFunc(s.tidy, func(it app.InboxItem) bool {
		if now.Sub(it.Arrived) < 24*time.Hour {
			return false
		}
		old = append(old, it.ID)
		return true
	})
	if len(old) > 0 {
		return s.inbox.SetState(ctx, old, app.StateDone)
	}
	return nil
}

// triage decides what the CM does of an item that asks for an answer.
func (s *sim) triage(it app.InboxItem, now time.Time) {
	answer, ok := s.answers[it.Post.ID]
	if !ok {
		answer = "Merci beaucoup pour votre message ! 🙏"
	}
	switch u := s.rng.Float64(); {
	case u < 0.84:
		s.at(now.Add(s.replyDelay()), func(ctx context.Context) error {
			if _, err := s.inbox.Reply(ctx, it.ID, answer); err != nil {
				return fmt.Errorf("answering %s: %w", it.Author.Handle, err)
			}
			return nil
		})
	case u < 0.91:
		s.at(now.Add(time.Duration(1+s.rng.IntN(10))*time.Minute), func(ctx context.Context) error {
			return s.inbox.SetState(ctx, []app.ID{it.ID}, app.StateDone)
		})
	}
}

// replyDelay is how long after reading an item the CM answers it: most
// at once, some later in the day, a few the next day.
func (s *sim) replyDelay() time.Duration {
	minutes := func(from, to int) time.Duration {
		return time.Duration(from)*time.Minute + time.Duration(s.rng.Int64N(int64(time.Duration(to-from)*time.Minute)))
	}
	switch u := s.rng.Float64(); {
	case u < 0.70:
		return minutes(1, 40)
	case u < 0.92:
		return minutes(60, 300)
	default:
		return minutes(720, 1320)
	}
}

// collect is analytics' collection, as the window runs it.
func (s *sim) collect(ctx context.Context) error {
	res, err := s.analytics.Collect(ctx, nil)
	if err != nil {
		return err
	}
	if len(res.Errs) > 0 {
		return fmt.Errorf("collecting: %w", errors.Join(res.Errs...))
	}
	s.collects++
	return nil
}

// count reads what the history left in the store.
func (s *sim) count(ctx context.Context, store *storage.DB) (summary, error) {
	sum := summary{Accounts: len(s.accounts), Posts: s.posts, Collections: s.collects}
	err := store.InboxItems(ctx, func(it app.InboxItem) bool {
		sum.Items++
		switch it.Kind {
		case app.ItemMention, app.ItemReply, app.ItemDirect:
			sum.ToAnswer++
			switch {
			case it.State == app.StateReplied:
				sum.Replies++
			case it.State == app.StateDone:
				sum.Done++
			}
		}
		return true
	})
	if err != nil {
		return sum, err
	}
	err = store.SentAttempts(ctx, func(app.Attempt) bool {
		sum.Sent++
		return true
	})
	if err != nil {
		return sum, err
	}
	planned, err := s.drafts.Between(ctx, s.end, s.end.AddDate(0, 0, planAhead+1))
	if err != nil {
		return sum, err
	}
	sum.Planned = len(planned)
	days := map[app.ID]int{}
	err = store.AccountDays(ctx, app.DayOf(s.first, s.zone), app.DayOf(s.end, s.zone), func(d app.AccountDay) bool {
		days[d.Account]++
		return true
	})
	sum.SnapshotDays = math.MaxInt
	for _, acc := range s.accounts {
		sum.SnapshotDays = min(sum.SnapshotDays, days[acc.ID])
	}
	return sum, err
}
