package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Calendar is the service behind the plan: what happens when (posts,
// their repetitions and events), the posting queues, and events imported
// from other calendars. Changes to posts go through Drafts, which it
// shares.
type Calendar struct {
	store  Store
	drafts *Drafts
	clock  Clock
	// Zone is the user's time zone: where a floating event happens, and
	// the zone of a queue or post that names none.
	zone *time.Location

	listeners // Subscribe: changes to events and queues; Drafts announces posts
}

// NewCalendar returns the calendar over a store, sharing drafts for posts.
// zone is the user's time zone.
func NewCalendar(store Store, drafts *Drafts, clock Clock, zone *time.Location) *Calendar {
	return &Calendar{store: store, drafts: drafts, clock: clock, zone: zone}
}

// Zone is the user's time zone.
func (c *Calendar) Zone() *time.Location { return c.zone }

// Entry is one thing on the calendar at one time: an occurrence of a post
// or of an event.
type Entry struct {
	At    time.Time // when this occurrence starts, in UTC
	End   time.Time // when it ends: At for a post
	Post  *Post     // the post, or nil
	Event *Event    // the event, or nil
	// Repeat is set for an occurrence of a recurring post or event.
	Repeat bool
}

// Filter narrows the posts on the calendar; its zero value lets all
// through. Events are always shown: they are the context posts are
// planned around.
type Filter struct {
	Network  Network // only posts with a variant for this network
	Target   Target  // only posts with a variant for this target
	Campaign string  // only posts of this campaign (ignoring case)
	Tag      string  // only posts with this tag (ignoring case)
	Status   Status  // only posts in this status
}

// Match reports whether a post passes the filter.
func (f Filter) Match(p Post) bool {
	if f.Network != "" && !slices.Contains(p.Networks(), f.Network) {
		return false
	}
	if f.Target != (Target{}) {
		if _, ok := p.Variant(f.Target); !ok {
			return false
		}
	}
	if f.Campaign != "" && !strings.EqualFold(strings.TrimSpace(p.Campaign), strings.TrimSpace(f.Campaign)) {
		return false
	}
	if f.Tag != "" && !slices.ContainsFunc(p.Tags, func(t string) bool { return strings.EqualFold(t, f.Tag) }) {
		return false
	}
	if f.Status != "" && p.Status != f.Status {
		return false
	}
	return true
}

// Agenda returns what the calendar shows in [from, to): every occurrence
// of the posts that pass the filter and of the events, earliest first. An
// event that began before from and is still on shows too.
func (c *Calendar) Agenda(ctx context.Context, from, to time.Time, f Filter) ([]Entry, error) {
	var out []Entry
	var planned []Post
	err := c.store.PlannedBetween(ctx, from, to, func(p Post) bool {
		if p.Recurrence == "" {
			planned = append(planned, p)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	for _, p := range planned {
		if f.Match(p) {
			out = append(out, Entry{At: p.PlannedAt, End: p.PlannedAt, Post: &p})
		}
	}
	var recurring []Post
	err = c.store.RecurringPosts(ctx, func(p Post) bool {
		recurring = append(recurring, p)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("reading recurring posts: %w", err)
	}
	for _, p := range recurring {
		if !f.Match(p) || p.PlannedAt.IsZero() {
			continue
		}
		times, err := Occurrences(p.Recurrence, p.PlannedAt, p.Location(c.zone), from, to)
		if err != nil {
			// A rule that no longer parses shows its first time only.
			times, _ = Occurrences("", p.PlannedAt, c.zone, from, to)
		}
		for _, t := range times {
			out = append(out, Entry{At: t, End: t, Post: &p, Repeat: true})
		}
	}
	events, err := c.eventsBetween(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out = append(out, events...)
	slices.SortStableFunc(out, func(a, b Entry) int { return a.At.Compare(b.At) })
	return out, nil
}

func (c *Calendar) eventsBetween(ctx context.Context, from, to time.Time) ([]Entry, error) {
	var all []Event
	err := c.store.Events(ctx, func(e Event) bool {
		if !e.Start.Before(to) {
			return false
		}
		all = append(all, e)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	var out []Entry
	for _, e := range all {
		length := e.Duration()
		// Ask for occurrences that start up to one length before the
		// range, so those still going on at from show.
		times, err := Occurrences(e.Recurrence, e.Start, e.Location(c.zone), from.Add(-length), to)
		if err != nil {
			times, _ = Occurrences("", e.Start, c.zone, from.Add(-length), to)
		}
		for _, t := range times {
			end := t.Add(length)
			if length > 0 && !end.After(from) {
				continue
			}
			if length == 0 && t.Before(from) {
				continue
			}
			out = append(out, Entry{At: t, End: end, Event: &e, Repeat: e.Recurrence != ""})
		}
	}
	return out, nil
}

// Event returns one event.
func (c *Calendar) Event(ctx context.Context, id ID) (Event, error) {
	e, err := c.store.Event(ctx, id)
	if err != nil {
		return Event{}, fmt.Errorf("reading event %s: %w", id, err)
	}
	return e, nil
}

// ErrUntitledEvent is returned for an event without a title.
var ErrUntitledEvent = errors.New("an event needs a title")

// ErrEventEndsBeforeStart is returned for an event that would end before
// it starts.
var ErrEventEndsBeforeStart = errors.New("the event ends before it starts")

// SaveEvent stores an event, creating it under a new ID when it has none.
func (c *Calendar) SaveEvent(ctx context.Context, e Event) (Event, error) {
	e, err := c.prepareEvent(ctx, e)
	if err != nil {
		return Event{}, err
	}
	if err := c.store.PutEvents(ctx, []Event{e}); err != nil {
		return Event{}, fmt.Errorf("saving event %q: %w", e.Title, err)
	}
	c.changed()
	return e, nil
}

func (c *Calendar) prepareEvent(ctx context.Context, e Event) (Event, error) {
	e.Title = strings.TrimSpace(e.Title)
	if e.IsEmpty() {
		return Event{}, ErrUntitledEvent
	}
	if e.End.IsZero() {
		e.End = e.Start
	}
	if e.End.Before(e.Start) {
		return Event{}, ErrEventEndsBeforeStart
	}
	if err := CheckEventTimes(e.Start, e.End); err != nil {
		return Event{}, err
	}
	rule, err := ParseRecurrence(e.Recurrence)
	if err != nil {
		return Event{}, err
	}
	if !Occurs(rule, e.Start, e.Location(c.zone)) {
		return Event{}, fmt.Errorf("%q ends before %s: %w", rule, e.Start.Format(time.DateOnly), ErrBadRecurrence)
	}
	e.Recurrence = rule
	if e.Kind == "" {
		e.Kind = EventOther
	}
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	now := c.clock.Now().UTC()
	if e.ID.IsZero() {
		e.ID = NewID(now)
		e.CreatedAt = now
	} else if old, err := c.store.Event(ctx, e.ID); err == nil {
		e.CreatedAt = old.CreatedAt
	} else if !errors.Is(err, ErrNotFound) {
		return Event{}, fmt.Errorf("saving event %q: %w", e.Title, err)
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	if e.UID == "" {
		// Every event has an iCalendar identity, so that one made here,
		// exported and imported again, updates itself.
		e.UID = e.ID.String() + "@relais.event"
	}
	e.UpdatedAt = now
	return e, nil
}

// DeleteEvent removes an event.
func (c *Calendar) DeleteEvent(ctx context.Context, id ID) error {
	if err := c.store.DeleteEvent(ctx, id); err != nil {
		return fmt.Errorf("deleting event %s: %w", id, err)
	}
	c.changed()
	return nil
}

// ImportResult says what an import did.
type ImportResult struct {
	Added   int
	Updated int
}

// ImportEvents stores events read from another calendar in one
// transaction. An event whose UID was imported before replaces it, so
// importing the same file twice changes nothing.
func (c *Calendar) ImportEvents(ctx context.Context, events []Event) (ImportResult, error) {
	var res ImportResult
	var batch []Event
	byUID := map[string]int{}
	for _, e := range events {
		e.ID = ID{}
		if e.UID != "" {
			if old, err := c.store.EventByUID(ctx, e.UID); err == nil {
				e.ID = old.ID
			} else if !errors.Is(err, ErrNotFound) {
				return ImportResult{}, fmt.Errorf("importing events: %w", err)
			}
		}
		prepared, err := c.prepareEvent(ctx, e)
		if err != nil {
			return ImportResult{}, fmt.Errorf("importing %q: %w", e.Title, err)
		}
		if i, ok := byUID[e.UID]; ok && e.UID != "" {
			// The same UID twice in one file: the later one wins.
			prepared.ID = batch[i].ID
			batch[i] = prepared
			continue
		}
		if e.ID.IsZero() {
			res.Added++
		} else {
			res.Updated++
		}
		if e.UID != "" {
			byUID[e.UID] = len(batch)
		}
		batch = append(batch, prepared)
	}
	if len(batch) == 0 {
		return res, nil
	}
	if err := c.store.PutEvents(ctx, batch); err != nil {
		return ImportResult{}, fmt.Errorf("importing events: %w", err)
	}
	c.changed()
	return res, nil
}

// Queues returns the posting queues, in the order of app.Networks then
// by target.
func (c *Calendar) Queues(ctx context.Context) ([]Queue, error) {
	qs, err := c.store.Queues(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the queues: %w", err)
	}
	slices.SortFunc(qs, func(a, b Queue) int {
		if d := slices.Index(Networks, a.Target.Network) - slices.Index(Networks, b.Target.Network); d != 0 {
			return d
		}
		return strings.Compare(a.Target.Key(), b.Target.Key())
	})
	return qs, nil
}

// Queue returns a target's queue (with no slots when it has none yet).
func (c *Calendar) Queue(ctx context.Context, t Target) (Queue, error) {
	qs, err := c.Queues(ctx)
	if err != nil {
		return Queue{}, err
	}
	for _, q := range qs {
		if q.Target == t {
			return q, nil
		}
	}
	return Queue{Target: t}, nil
}

// SaveQueue stores a target's slots, sorted.
func (c *Calendar) SaveQueue(ctx context.Context, q Queue) (Queue, error) {
	q.Slots = SortSlots(q.Slots)
	if _, err := time.LoadLocation(q.Zone); err != nil {
		return Queue{}, fmt.Errorf("queue time zone %q: %w", q.Zone, err)
	}
	if err := c.store.PutQueue(ctx, q); err != nil {
		return Queue{}, fmt.Errorf("saving the queue of %s: %w", q.Target.Key(), err)
	}
	c.changed()
	return q, nil
}

// AddToQueue plans a post in the next free slot of its target's queue: a
// slot after now where no other post for that target is planned. The post
// gets the target when it lacks it, and the queue's zone.
func (c *Calendar) AddToQueue(ctx context.Context, id ID, t Target) (Post, error) {
	q, err := c.Queue(ctx, t)
	if err != nil {
		return Post{}, err
	}
	if len(q.Slots) == 0 {
		return Post{}, fmt.Errorf("queue of %s: %w", t.Key(), ErrQueueFull)
	}
	loc := loadZone(q.Zone, c.zone)
	now := c.clock.Now()
	taken := map[time.Time]bool{}
	err = c.store.PlannedBetween(ctx, now, now.Add(QueueHorizon), func(p Post) bool {
		if goesTo(p, t) && p.ID != id {
			taken[p.PlannedAt.UTC()] = true
		}
		return true
	})
	if err != nil {
		return Post{}, fmt.Errorf("reading the queue of %s: %w", t.Key(), err)
	}
	at, err := q.NextFree(loc, now, func(t time.Time) bool { return taken[t] })
	if err != nil {
		return Post{}, fmt.Errorf("queue of %s: %w", t.Key(), err)
	}
	p, err := c.drafts.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	if !goesTo(p, t) {
		p.Variants = append(p.Variants, Variant{Target: t})
	}
	p.PlannedAt = at
	if name := loc.String(); name != "Local" {
		p.Zone = name // "Local" names no zone on another machine
	}
	return c.drafts.Save(ctx, p)
}

// goesTo reports whether a post goes to a queue's target: that target, or
// for a network's queue, any account of the network (a post to the
// Mastodon account is in the Mastodon queue, and must not get a second
// Mastodon variant that would post it twice).
func goesTo(p Post, t Target) bool {
	for _, v := range p.Variants {
		if v.Target == t || t.Account.IsZero() && v.Target.Network == t.Network {
			return true
		}
	}
	return false
}

// Upcoming returns what a queue sends next: the posts planned for its
// target from now on, earliest first, at most n.
func (c *Calendar) Upcoming(ctx context.Context, t Target, n int) ([]Post, error) {
	now := c.clock.Now()
	var out []Post
	err := c.store.PlannedBetween(ctx, now, now.Add(QueueHorizon), func(p Post) bool {
		if _, ok := p.Variant(t); ok {
			out = append(out, p)
		}
		return len(out) < n
	})
	if err != nil {
		return nil, fmt.Errorf("reading the queue of %s: %w", t.Key(), err)
	}
	return out, nil
}

// Plan returns the posts and events with an occurrence in [from, to),
// each once (a recurring one with its rule), earliest first: what an
// export of that range holds.
func (c *Calendar) Plan(ctx context.Context, from, to time.Time) ([]Post, []Event, error) {
	entries, err := c.Agenda(ctx, from, to, Filter{})
	if err != nil {
		return nil, nil, err
	}
	var posts []Post
	var events []Event
	seen := map[ID]bool{}
	for _, e := range entries {
		switch {
		case e.Post != nil && !seen[e.Post.ID]:
			seen[e.Post.ID] = true
			posts = append(posts, *e.Post)
		case e.Event != nil && !seen[e.Event.ID]:
			seen[e.Event.ID] = true
			events = append(events, *e.Event)
		}
	}
	return posts, events, nil
}
