package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is an in-memory PostStore and SettingsStore for the services'
// tests; storage/ has its own tests against bbolt. It follows the
// contract of app.Store as storage.DB does: newest change first (then the
// greater ID first), cancelled contexts reported, "" deletes a setting.
type memStore struct {
	mu       sync.Mutex
	posts    map[ID]Post
	trash    map[ID]time.Time
	trashed  map[ID]Post
	settings map[string]string
	events   map[ID]Event
	queues   map[Target]Queue
	accounts map[ID]Account
	attempts map[string]Attempt
	memInbox
	memMetrics
}

func newMemStore() *memStore {
	return &memStore{posts: map[ID]Post{}, trash: map[ID]time.Time{}, trashed: map[ID]Post{}, settings: map[string]string{},
		events: map[ID]Event{}, queues: map[Target]Queue{}, accounts: map[ID]Account{}, attempts: map[string]Attempt{}, memInbox: newMemInbox(), memMetrics: newMemMetrics()}
}

func (m *memStore) PutAccount(ctx context.Context, a Account) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.accounts[a.ID] = a
	return ctx.Err()
}

func (m *memStore) Account(ctx context.Context, id ID) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return Account{}, ErrNotFound
	}
	return a, ctx.Err()
}

func (m *memStore) Accounts(ctx context.Context) ([]Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Account
	for _, a := range m.accounts {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Account) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	return out, ctx.Err()
}

func (m *memStore) DeleteAccount(ctx context.Context, id ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.accounts, id)
	return ctx.Err()
}

func (m *memStore) PutAttempt(ctx context.Context, a Attempt) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.attempts[a.ID] = a
	return ctx.Err()
}

func (m *memStore) Attempt(ctx context.Context, id string) (Attempt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.attempts[id]
	if !ok {
		return Attempt{}, ErrNotFound
	}
	return a, ctx.Err()
}

func (m *memStore) OpenAttempts(ctx context.Context) ([]Attempt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Attempt
	for _, a := range m.attempts {
		if !a.State.Done() {
			out = append(out, a)
		}
	}
	return out, ctx.Err()
}

func (m *memStore) PostAttempts(ctx context.Context, post ID) ([]Attempt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Attempt
	for _, a := range m.attempts {
		if a.Post == post {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b Attempt) int { return a.Due.Compare(b.Due) })
	return out, ctx.Err()
}

func (m *memStore) RecurringPosts(ctx context.Context, fn func(Post) bool) error {
	for _, p := range m.sorted() {
		if p.Recurrence != "" && !fn(p) {
			return nil
		}
	}
	return ctx.Err()
}

func (m *memStore) PutEvents(ctx context.Context, es []Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range es {
		m.events[e.ID] = e
	}
	return nil
}

func (m *memStore) Event(ctx context.Context, id ID) (Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.events[id]
	if !ok {
		return Event{}, ErrNotFound
	}
	return e, nil
}

func (m *memStore) EventByUID(ctx context.Context, uid string) (Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.events {
		if e.UID == uid {
			return e, nil
		}
	}
	return Event{}, ErrNotFound
}

func (m *memStore) DeleteEvent(ctx context.Context, id ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.events[id]; !ok {
		return ErrNotFound
	}
	delete(m.events, id)
	return nil
}

func (m *memStore) Events(ctx context.Context, fn func(Event) bool) error {
	m.mu.Lock()
	var all []Event
	for _, e := range m.events {
		all = append(all, e)
	}
	m.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].Start.Before(all[j].Start) })
	for _, e := range all {
		if !fn(e) {
			return nil
		}
	}
	return ctx.Err()
}

func (m *memStore) Queues(ctx context.Context) ([]Queue, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Queue
	for _, q := range m.queues {
		out = append(out, q)
	}
	return out, nil
}

func (m *memStore) PutQueue(ctx context.Context, q Queue) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(q.Slots) == 0 {
		delete(m.queues, q.Target)
		return nil
	}
	m.queues[q.Target] = q
	return nil
}

func (m *memStore) PutPost(ctx context.Context, p Post) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.posts[p.ID] = p
	return nil
}

func (m *memStore) Post(ctx context.Context, id ID) (Post, error) {
	if err := ctx.Err(); err != nil {
		return Post{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.posts[id]
	if !ok {
		return Post{}, ErrNotFound
	}
	return p, nil
}

func (m *memStore) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.posts)
}

func (m *memStore) sorted() []Post {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Post
	for _, p := range m.posts {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].UpdatedAt.Compare(out[j].UpdatedAt); c != 0 {
			return c > 0
		}
		return bytes.Compare(out[i].ID[:], out[j].ID[:]) > 0
	})
	return out
}

func (m *memStore) Posts(ctx context.Context, fn func(Post) bool) error {
	for _, p := range m.sorted() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !fn(p) {
			return nil
		}
	}
	return ctx.Err()
}

func (m *memStore) Summaries(ctx context.Context, fn func(Summary) bool) error {
	return m.Posts(ctx, func(p Post) bool { return fn(Summarize(p)) })
}

func (m *memStore) PlannedBetween(ctx context.Context, from, to time.Time, fn func(Post) bool) error {
	var planned []Post
	for _, p := range m.sorted() {
		if !p.PlannedAt.IsZero() && !p.PlannedAt.Before(from) && p.PlannedAt.Before(to) {
			planned = append(planned, p)
		}
	}
	sort.Slice(planned, func(i, j int) bool { return planned[i].PlannedAt.Before(planned[j].PlannedAt) })
	for _, p := range planned {
		if !fn(p) {
			return nil
		}
	}
	return ctx.Err()
}

func (m *memStore) TrashPost(ctx context.Context, id ID, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.posts[id]
	if !ok {
		return ErrNotFound
	}
	delete(m.posts, id)
	m.trashed[id], m.trash[id] = p, at
	return nil
}

func (m *memStore) RestorePost(ctx context.Context, id ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.trashed[id]
	if !ok {
		return ErrNotFound
	}
	delete(m.trashed, id)
	delete(m.trash, id)
	m.posts[id] = p
	return nil
}

func (m *memStore) PurgeTrash(ctx context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, at := range m.trash {
		if at.Before(before) {
			delete(m.trash, id)
			delete(m.trashed, id)
			n++
		}
	}
	return n, nil
}

func (m *memStore) Setting(ctx context.Context, key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.settings[key], nil
}

func (m *memStore) SetSetting(ctx context.Context, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if value == "" {
		delete(m.settings, key)
		return nil
	}
	m.settings[key] = value
	return nil
}

// failingStore is a memStore whose every call fails with err once it is
// set, as a full disk or a closed file would.
type failingStore struct {
	*memStore
	mu  sync.Mutex
	err error
}

func (f *failingStore) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

func (f *failingStore) failure() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *failingStore) PutPost(ctx context.Context, p Post) error {
	if err := f.failure(); err != nil {
		return err
	}
	return f.memStore.PutPost(ctx, p)
}

func (f *failingStore) Post(ctx context.Context, id ID) (Post, error) {
	if err := f.failure(); err != nil {
		return Post{}, err
	}
	return f.memStore.Post(ctx, id)
}

func (f *failingStore) Posts(ctx context.Context, fn func(Post) bool) error {
	if err := f.failure(); err != nil {
		return err
	}
	return f.memStore.Posts(ctx, fn)
}

func (f *failingStore) Summaries(ctx context.Context, fn func(Summary) bool) error {
	if err := f.failure(); err != nil {
		return err
	}
	return f.memStore.Summaries(ctx, fn)
}

func (f *failingStore) TrashPost(ctx context.Context, id ID, at time.Time) error {
	if err := f.failure(); err != nil {
		return err
	}
	return f.memStore.TrashPost(ctx, id, at)
}

func (f *failingStore) RestorePost(ctx context.Context, id ID) error {
	if err := f.failure(); err != nil {
		return err
	}
	return f.memStore.RestorePost(ctx, id)
}

func (f *failingStore) PurgeTrash(ctx context.Context, before time.Time) (int, error) {
	if err := f.failure(); err != nil {
		return 0, err
	}
	return f.memStore.PurgeTrash(ctx, before)
}

func (f *failingStore) Setting(ctx context.Context, key string) (string, error) {
	if err := f.failure(); err != nil {
		return "", err
	}
	return f.memStore.Setting(ctx, key)
}

func (f *failingStore) SetSetting(ctx context.Context, key, value string) error {
	if err := f.failure(); err != nil {
		return err
	}
	return f.memStore.SetSetting(ctx, key, value)
}

// fakeClock is a settable time. With a step, every reading moves it on by
// that much, so that each change made through a service has its own time.
type fakeClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now
	c.now = c.now.Add(c.step)
	return now
}

// peek returns the time the next reading gives.
func (c *fakeClock) peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var start = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func newDrafts() (*Drafts, *memStore, *fakeClock) {
	store := newMemStore()
	clock := &fakeClock{now: start}
	return NewDrafts(store, clock), store, clock
}

// newSteppedDrafts gives each reading of the clock its own second.
func newSteppedDrafts() (*Drafts, *memStore, *fakeClock) {
	store := newMemStore()
	clock := &fakeClock{now: start, step: time.Second}
	return NewDrafts(store, clock), store, clock
}

var bg = context.Background()

// counter counts the calls of a Subscribe callback.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func mustCreate(t *testing.T, d *Drafts, p Post) Post {
	t.Helper()
	created, err := d.Create(bg, p)
	if err != nil {
		t.Fatalf("Create(%+v): %v", p, err)
	}
	return created
}

func ids(list []Summary) []ID {
	var out []ID
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func TestCreateRefusesEmpty(t *testing.T) {
	cases := []Post{
		{},
		{Title: "  ", Text: "\n\t"},
		{Tags: []string{" ", "#", "##"}},
		{Title: " ", Text: " ", Tags: []string{"#"}},
		{Status: StatusReady, PlannedAt: start}, // a time is not content
	}
	for _, p := range cases {
		d, store, _ := newDrafts()
		var calls counter
		d.Subscribe(calls.inc)
		if got, err := d.Create(bg, p); !errors.Is(err, ErrEmptyDraft) || !got.ID.IsZero() {
			t.Errorf("Create(%+v) = %+v, %v; want ErrEmptyDraft", p, got, err)
		}
		if store.count() != 0 || calls.get() != 0 {
			t.Errorf("Create(%+v): an empty draft was stored or announced", p)
		}
	}
}

func TestCreateTakesOnlyWhatTheUserWrote(t *testing.T) {
	d, store, clock := newDrafts()
	other := NewID(start.Add(-time.Hour))
	planned := start.Add(48 * time.Hour)
	p, err := d.Create(bg, Post{
		ID: other, Title: "Titre", Text: "Texte", Tags: []string{"#a", "A", "b"},
		Status: StatusReady, PlannedAt: planned, CreatedAt: start.Add(-time.Hour), UpdatedAt: start.Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == other || p.ID.IsZero() {
		t.Errorf("Create kept the given ID %s", p.ID)
	}
	if p.Status != StatusReady || !slices.Equal(p.Tags, []string{"a", "b"}) || !p.PlannedAt.Equal(planned) ||
		!p.CreatedAt.Equal(clock.peek()) || !p.UpdatedAt.Equal(clock.peek()) {
		t.Errorf("created %+v", p)
	}
	if stored, err := store.Post(bg, p.ID); err != nil || stored.Text != "Texte" {
		t.Errorf("stored %+v, %v", stored, err)
	}
}

func TestSaveKeepsCreationAndStatusMovesChange(t *testing.T) {
	d, _, clock := newDrafts()
	p, err := d.Create(bg, Post{Title: "", Text: "première version", Tags: []string{"#Lancement", "lancement", "été"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != StatusDraft || !p.CreatedAt.Equal(clock.now) || strings.Join(p.Tags, ",") != "Lancement,été" {
		t.Fatalf("created %+v", p)
	}
	created := p.CreatedAt
	clock.advance(time.Hour)
	edited, err := d.Save(bg, Post{ID: p.ID, Text: "deuxième version"})
	if err != nil {
		t.Fatal(err)
	}
	if !edited.CreatedAt.Equal(created) || !edited.UpdatedAt.Equal(clock.now) || edited.Status != StatusDraft {
		t.Errorf("edited %+v", edited)
	}
	// A caller cannot move the time of creation either.
	clock.advance(time.Hour)
	forged, err := d.Save(bg, Post{ID: p.ID, Text: "v3", CreatedAt: start.AddDate(-1, 0, 0)})
	if err != nil || !forged.CreatedAt.Equal(created) {
		t.Errorf("a save moved the creation time: %+v, %v", forged, err)
	}
	// An editor that does not show the status keeps the stored one.
	ready := edited
	ready.Status = StatusReady
	if _, err := d.Save(bg, ready); err != nil {
		t.Fatal(err)
	}
	again, _ := d.Save(bg, Post{ID: p.ID, Text: "troisième"})
	if again.Status != StatusReady {
		t.Errorf("status lost on save: %q", again.Status)
	}
	if got, _ := d.Get(bg, p.ID); got.Text != "troisième" || !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(clock.now) {
		t.Errorf("stored %+v", got)
	}
}

func TestSaveCreatesUnderTheGivenID(t *testing.T) {
	d, _, clock := newDrafts()
	id := d.NewID()
	clock.advance(time.Minute)
	p, err := d.Save(bg, Post{ID: id, Text: "tapé dans la fenêtre", CreatedAt: start.AddDate(-1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != id || p.Status != StatusDraft || !p.CreatedAt.Equal(clock.now) || !p.UpdatedAt.Equal(clock.now) {
		t.Errorf("saved %+v", p)
	}
	if got, err := d.Get(bg, id); err != nil || got.Text != p.Text || !got.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("stored %+v, %v", got, err)
	}
}

// The service writes times in UTC whatever the clock's zone, as storage
// and the calendar expect.
func TestSaveTimesAreUTC(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	store := newMemStore()
	clock := &fakeClock{now: time.Date(2026, 7, 14, 10, 0, 0, 123456789, paris), step: time.Nanosecond}
	d := NewDrafts(store, clock)
	p := mustCreate(t, d, Post{Text: "x"})
	edited, err := d.Save(bg, Post{ID: p.ID, Text: "y"})
	if err != nil {
		t.Fatal(err)
	}
	for name, at := range map[string]time.Time{"created": p.CreatedAt, "updated": edited.UpdatedAt} {
		if at.Location() != time.UTC {
			t.Errorf("%s at %v, not UTC", name, at)
		}
	}
	if !edited.UpdatedAt.After(edited.CreatedAt) {
		t.Errorf("updated %v is not after created %v", edited.UpdatedAt, edited.CreatedAt)
	}
	planned, err := d.Plan(bg, p.ID, time.Date(2026, 8, 1, 9, 0, 0, 0, paris))
	if err != nil || planned.PlannedAt.Location() != time.UTC || planned.PlannedAt.Hour() != 8 {
		t.Errorf("planned %v, %v", planned.PlannedAt, err)
	}
}

func TestSaveOfNewEmptyDraftStoresNothing(t *testing.T) {
	d, store, _ := newDrafts()
	var calls counter
	d.Subscribe(calls.inc)
	for _, p := range []Post{{ID: d.NewID()}, {ID: d.NewID(), Title: " ", Text: "\n", Tags: []string{"#"}}} {
		if _, err := d.Save(bg, p); err != nil {
			t.Fatal(err)
		}
	}
	if store.count() != 0 || calls.get() != 0 {
		t.Error("an editor left empty left a draft")
	}
	if _, err := d.Save(bg, Post{}); !errors.Is(err, ErrBadID) {
		t.Errorf("save without ID: %v", err)
	}

	// A stored draft that the user empties is kept, empty: only new
	// drafts leave no trace.
	p := mustCreate(t, d, Post{Text: "bientôt effacé"})
	if _, err := d.Save(bg, Post{ID: p.ID}); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Get(bg, p.ID); err != nil || !got.IsEmpty() {
		t.Errorf("emptied draft: %+v, %v", got, err)
	}
}

func TestDuplicate(t *testing.T) {
	d, _, clock := newDrafts()
	p := mustCreate(t, d, Post{Title: "Titre", Text: "texte", Tags: []string{"tag", "été"}, PlannedAt: start.Add(time.Hour)})
	ready := p
	ready.Status = StatusReady
	if _, err := d.Save(bg, ready); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Minute)
	c, err := d.Duplicate(bg, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == p.ID || c.ID.IsZero() {
		t.Errorf("the copy has ID %s, the original %s", c.ID, p.ID)
	}
	if c.Title != "Titre" || c.Text != "texte" || !slices.Equal(c.Tags, []string{"tag", "été"}) {
		t.Errorf("copy content %+v", c)
	}
	if c.Status != StatusDraft || !c.PlannedAt.IsZero() || !c.CreatedAt.Equal(clock.now) || !c.UpdatedAt.Equal(clock.now) {
		t.Errorf("copy state %+v", c)
	}
	orig, err := d.Get(bg, p.ID)
	if err != nil || orig.Status != StatusReady || !orig.PlannedAt.Equal(p.PlannedAt) || !orig.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("the original changed: %+v, %v", orig, err)
	}
	if list, _ := d.List(bg, ""); !slices.Equal(ids(list), []ID{c.ID, p.ID}) {
		t.Errorf("list after duplicate: %v", ids(list))
	}
	if _, err := d.Duplicate(bg, NewID(clock.now)); !errors.Is(err, ErrNotFound) {
		t.Errorf("duplicate of nothing: %v", err)
	}
}

func TestDeleteRestore(t *testing.T) {
	d, _, clock := newSteppedDrafts()
	a := mustCreate(t, d, Post{Text: "a"})
	b := mustCreate(t, d, Post{Text: "b", Tags: []string{"t"}})
	c := mustCreate(t, d, Post{Text: "c"})
	if err := d.Delete(bg, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(bg, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted draft readable: %v", err)
	}
	if list, _ := d.List(bg, ""); !slices.Equal(ids(list), []ID{c.ID, a.ID}) {
		t.Errorf("list after delete: %v", ids(list))
	}
	if list, _ := d.List(bg, "b"); len(list) != 0 {
		t.Errorf("a deleted draft is found: %v", ids(list))
	}
	clock.advance(time.Hour)
	if err := d.Restore(bg, b.ID); err != nil {
		t.Fatal(err)
	}
	// Back as it was, in its place: a restore is not a change.
	got, err := d.Get(bg, b.ID)
	if err != nil || got.Text != "b" || !slices.Equal(got.Tags, b.Tags) || !got.UpdatedAt.Equal(b.UpdatedAt) || !got.CreatedAt.Equal(b.CreatedAt) {
		t.Errorf("restored %+v, %v", got, err)
	}
	if list, _ := d.List(bg, ""); !slices.Equal(ids(list), []ID{c.ID, b.ID, a.ID}) {
		t.Errorf("list after restore: %v", ids(list))
	}

	for name, err := range map[string]error{
		"delete of a missing draft":       d.Delete(bg, NewID(start)),
		"restore of a draft not deleted":  d.Restore(bg, a.ID),
		"restore of a missing draft":      d.Restore(bg, NewID(start)),
		"second restore of the same copy": d.Restore(bg, b.ID),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
}

func TestListNewestChangeFirst(t *testing.T) {
	d, _, _ := newSteppedDrafts()
	var made []Post
	for i := range 5 {
		made = append(made, mustCreate(t, d, Post{Text: fmt.Sprintf("brouillon %d", i)}))
	}
	list, err := d.List(bg, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []ID{made[4].ID, made[3].ID, made[2].ID, made[1].ID, made[0].ID}
	if !slices.Equal(ids(list), want) {
		t.Fatalf("List = %v, want %v", ids(list), want)
	}
	for i := 1; i < len(list); i++ {
		if !list[i-1].UpdatedAt.After(list[i].UpdatedAt) {
			t.Errorf("list[%d] changed at %v, not after list[%d] at %v", i-1, list[i-1].UpdatedAt, i, list[i].UpdatedAt)
		}
	}

	// An edit brings a draft to the top; planning it too.
	if _, err := d.Save(bg, Post{ID: made[1].ID, Text: "modifié"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Plan(bg, made[3].ID, start.AddDate(0, 1, 0)); err != nil {
		t.Fatal(err)
	}
	want = []ID{made[3].ID, made[1].ID, made[4].ID, made[2].ID, made[0].ID}
	list, _ = d.List(bg, "")
	if !slices.Equal(ids(list), want) {
		t.Errorf("after edits: %v, want %v", ids(list), want)
	}
	if list[1].Snippet != "modifié" {
		t.Errorf("summary of the edited draft: %+v", list[1])
	}
	// A search lists in the same order.
	if found, _ := d.List(bg, "brouillon"); !slices.Equal(ids(found), []ID{made[3].ID, made[4].ID, made[2].ID, made[0].ID}) {
		t.Errorf("search order: %v", ids(found))
	}

	for _, n := range []int{-1, 0, 1, 3, 5, 6} {
		first, err := d.ListFirst(bg, "", n)
		wantN := len(want)
		if n > 0 && n < wantN {
			wantN = n
		}
		if err != nil || !slices.Equal(ids(first), want[:wantN]) {
			t.Errorf("ListFirst(%d) = %v, %v; want %v", n, ids(first), err, want[:wantN])
		}
	}
}

func TestListSearch(t *testing.T) {
	d, _, _ := newSteppedDrafts()
	soldes := mustCreate(t, d, Post{Text: "Soldes d’ÉTÉ : -30 %"})
	rentree := mustCreate(t, d, Post{Title: "Rentrée", Text: "Les classes reprennent", Tags: []string{"École"}})
	both := mustCreate(t, d, Post{Title: "Été et école", Text: "tout"})
	noel := mustCreate(t, d, Post{Title: "Ça arrive", Text: "Le marche\u0301 de Noël ouvre", Tags: []string{"Décembre", "Strasbourg"}})

	cases := []struct {
		query string
		want  []ID
	}{
		{"", []ID{noel.ID, both.ID, rentree.ID, soldes.ID}},
		{"  \t", []ID{noel.ID, both.ID, rentree.ID, soldes.ID}},
		{"ete", []ID{both.ID, soldes.ID}},    // text in capitals, title accented
		{"ÉTÉ", []ID{both.ID, soldes.ID}},    // query accented and in capitals
		{"Ete", []ID{both.ID, soldes.ID}},    // query mixed case
		{"rentree", []ID{rentree.ID}},        // title only
		{"classes", []ID{rentree.ID}},        // text only
		{"ÉCOLE", []ID{both.ID, rentree.ID}}, // a tag or a title
		{"strasbourg", []ID{noel.ID}},        // tag only
		{"ete ecole", []ID{both.ID}},         // every word, in any field
		{"ecole classes", []ID{rentree.ID}},  // one word in a tag, one in the text
		{"ecole   REPRENNENT  rentrée", []ID{rentree.ID}},
		{"ca", []ID{noel.ID}},     // "Ça"
		{"marché", []ID{noel.ID}}, // the text holds a decomposed é
		{"noel decembre", []ID{noel.ID}},
		{"-30", []ID{soldes.ID}},
		{"ete absent", nil},
		{"absent", nil},
	}
	for _, c := range cases {
		got, err := d.List(bg, c.query)
		if err != nil {
			t.Fatalf("List(%q): %v", c.query, err)
		}
		if !slices.Equal(ids(got), c.want) {
			t.Errorf("List(%q) = %v, want %v", c.query, ids(got), c.want)
		}
	}
	// What a search returns is the summary a list shows.
	got, _ := d.List(bg, "strasbourg")
	if len(got) != 1 || got[0].Title != "Ça arrive" || got[0].Snippet != "Le marche\u0301 de Noël ouvre" || !slices.Equal(got[0].Tags, noel.Tags) {
		t.Errorf("search summary %+v", got)
	}
	// Find gives whole posts in the same order.
	posts, err := d.Find(bg, "ete")
	if err != nil || len(posts) != 2 || posts[0].ID != both.ID || posts[1].Text != soldes.Text {
		t.Errorf("Find: %+v, %v", posts, err)
	}
}

func TestListHonoursCancellation(t *testing.T) {
	d, _, _ := newSteppedDrafts()
	for i := range 10 {
		mustCreate(t, d, Post{Text: fmt.Sprintf("été %d", i)})
	}
	cancelled, cancel := context.WithCancel(bg)
	cancel()
	for _, query := range []string{"", "ete"} {
		got, err := d.List(cancelled, query)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("List(cancelled, %q) = %d drafts, %v; want context.Canceled", query, len(got), err)
		}
		if got != nil {
			t.Errorf("List(cancelled, %q) returned %d drafts with its error", query, len(got))
		}
	}
	expired, stop := context.WithDeadline(bg, time.Unix(0, 0))
	defer stop()
	if _, err := d.List(expired, "ete"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("List past its deadline: %v", err)
	}
}

func TestSubscribe(t *testing.T) {
	d, _, _ := newSteppedDrafts()
	p := mustCreate(t, d, Post{Text: "a"})
	gone := mustCreate(t, d, Post{Text: "gone"})
	d.Delete(bg, gone.ID)

	var calls counter
	stop := d.Subscribe(calls.inc)
	steps := []struct {
		name     string
		do       func() error
		notifies bool
	}{
		{"create", func() error { _, err := d.Create(bg, Post{Text: "b"}); return err }, true},
		{"save", func() error { _, err := d.Save(bg, Post{ID: p.ID, Text: "a2"}); return err }, true},
		{"plan", func() error { _, err := d.Plan(bg, p.ID, start.AddDate(0, 0, 1)); return err }, true},
		{"duplicate", func() error { _, err := d.Duplicate(bg, p.ID); return err }, true},
		{"delete", func() error { return d.Delete(bg, p.ID) }, true},
		{"restore", func() error { return d.Restore(bg, p.ID) }, true},
		{"save of a new empty draft", func() error { _, err := d.Save(bg, Post{ID: d.NewID()}); return err }, false},
		{"refused create", func() error { d.Create(bg, Post{}); return nil }, false},
		{"failed delete", func() error { d.Delete(bg, NewID(start)); return nil }, false},
		{"failed restore", func() error { d.Restore(bg, NewID(start)); return nil }, false},
		{"get", func() error { _, err := d.Get(bg, p.ID); return err }, false},
		{"list", func() error { _, err := d.List(bg, "a"); return err }, false},
		{"purge", func() error { _, err := d.PurgeTrash(bg); return err }, false},
	}
	for _, s := range steps {
		before := calls.get()
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		want := before
		if s.notifies {
			want++
		}
		if got := calls.get(); got != want {
			t.Errorf("%s: %d calls, want %d", s.name, got-before, want-before)
		}
	}

	// Every subscriber is called; stopping one leaves the others.
	var other counter
	stopOther := d.Subscribe(other.inc)
	before := calls.get()
	mustCreate(t, d, Post{Text: "c"})
	if calls.get() != before+1 || other.get() != 1 {
		t.Errorf("two subscribers: %d and %d calls, want 1 each", calls.get()-before, other.get())
	}
	stop()
	stop() // stopping twice is harmless
	mustCreate(t, d, Post{Text: "d"})
	if calls.get() != before+1 {
		t.Error("called after unsubscribing")
	}
	if other.get() != 2 {
		t.Errorf("the other subscriber got %d calls, want 2", other.get())
	}
	stopOther()
	mustCreate(t, d, Post{Text: "e"})
	if other.get() != 2 {
		t.Error("the other subscriber was called after unsubscribing")
	}
}

// A subscriber may read the service from its callback (the window reloads
// its list) and subscribe or unsubscribe while others save.
func TestSubscribeConcurrently(t *testing.T) {
	d, _, _ := newSteppedDrafts()
	var reads counter
	stop := d.Subscribe(func() {
		if _, err := d.List(bg, ""); err == nil {
			reads.inc()
		}
	})
	defer stop()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				cancel := d.Subscribe(func() {})
				if _, err := d.Create(bg, Post{Text: fmt.Sprintf("%d-%d", w, i)}); err != nil {
					t.Error(err)
				}
				cancel()
			}
		}()
	}
	wg.Wait()
	if reads.get() != 100 {
		t.Errorf("the subscriber was called %d times for 100 changes", reads.get())
	}
	if list, _ := d.List(bg, ""); len(list) != 100 {
		t.Errorf("%d drafts after 100 concurrent creates", len(list))
	}
}

func TestPurgeTrashUsesRetentionFromTheClock(t *testing.T) {
	d, _, clock := newDrafts()
	old := mustCreate(t, d, Post{Text: "old"})
	edge := mustCreate(t, d, Post{Text: "edge"})
	recent := mustCreate(t, d, Post{Text: "recent"})
	kept := mustCreate(t, d, Post{Text: "not deleted"})

	d.Delete(bg, old.ID) // at start
	clock.advance(time.Nanosecond)
	d.Delete(bg, edge.ID) // at start + 1ns
	clock.advance(TrashRetention - time.Hour)
	d.Delete(bg, recent.ID)

	// Exactly TrashRetention after the first delete: nothing is older.
	clock.now = start.Add(TrashRetention)
	if n, err := d.PurgeTrash(bg); err != nil || n != 0 {
		t.Fatalf("purged %d, %v at the retention's edge", n, err)
	}
	clock.advance(time.Nanosecond)
	if n, err := d.PurgeTrash(bg); err != nil || n != 1 {
		t.Fatalf("purged %d, %v one nanosecond later, want 1", n, err)
	}
	clock.advance(time.Nanosecond)
	if n, err := d.PurgeTrash(bg); err != nil || n != 1 {
		t.Fatalf("purged %d, %v another nanosecond later, want 1", n, err)
	}
	if n, err := d.PurgeTrash(bg); err != nil || n != 0 {
		t.Fatalf("purged %d, %v a second time, want 0", n, err)
	}
	for _, id := range []ID{old.ID, edge.ID} {
		if err := d.Restore(bg, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("an old delete survived: %v", err)
		}
	}
	if err := d.Restore(bg, recent.ID); err != nil {
		t.Errorf("a recent delete was purged: %v", err)
	}
	if _, err := d.Get(bg, kept.ID); err != nil {
		t.Errorf("a draft not deleted was purged: %v", err)
	}
}

func TestStoreErrorsAreReported(t *testing.T) {
	store := &failingStore{memStore: newMemStore()}
	d := NewDrafts(store, &fakeClock{now: start, step: time.Second})
	p := mustCreate(t, d, Post{Text: "a"})
	d.Delete(bg, mustCreate(t, d, Post{Text: "b"}).ID)
	var calls counter
	d.Subscribe(calls.inc)

	errDisk := errors.New("disk full")
	store.fail(errDisk)
	ops := []struct {
		name string
		do   func() error
	}{
		{"create", func() error { _, err := d.Create(bg, Post{Text: "x"}); return err }},
		{"save", func() error { _, err := d.Save(bg, Post{ID: p.ID, Text: "x"}); return err }},
		{"save of a new draft", func() error { _, err := d.Save(bg, Post{ID: d.NewID(), Text: "x"}); return err }},
		{"plan", func() error { _, err := d.Plan(bg, p.ID, start); return err }},
		{"duplicate", func() error { _, err := d.Duplicate(bg, p.ID); return err }},
		{"delete", func() error { return d.Delete(bg, p.ID) }},
		{"restore", func() error { return d.Restore(bg, p.ID) }},
		{"purge", func() error { _, err := d.PurgeTrash(bg); return err }},
		{"list", func() error { _, err := d.List(bg, ""); return err }},
		{"search", func() error { _, err := d.List(bg, "a"); return err }},
		{"get", func() error { _, err := d.Get(bg, p.ID); return err }},
	}
	for _, op := range ops {
		if err := op.do(); !errors.Is(err, errDisk) {
			t.Errorf("%s: %v, want an error wrapping %v", op.name, err, errDisk)
		}
	}
	if calls.get() != 0 {
		t.Errorf("%d change notifications for failed changes", calls.get())
	}

	store.fail(nil)
	if got, err := d.Get(bg, p.ID); err != nil || got.Text != "a" {
		t.Errorf("after the failures: %+v, %v", got, err)
	}
}

func TestPlanKeepsTimeAcrossEditsAndDuplicates(t *testing.T) {
	d, _, clock := newDrafts()
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	p, err := d.Create(bg, Post{Text: "planned", PlannedAt: at})
	if err != nil || !p.PlannedAt.Equal(at) {
		t.Fatalf("created %+v, %v", p, err)
	}
	clock.advance(time.Minute)
	edited, _ := d.Save(bg, Post{ID: p.ID, Text: "planned, edited"})
	if !edited.PlannedAt.Equal(at) {
		t.Errorf("an edit lost the planned time: %v", edited.PlannedAt)
	}
	c, _ := d.Duplicate(bg, p.ID)
	if !c.PlannedAt.IsZero() {
		t.Errorf("a copy is planned at %v", c.PlannedAt)
	}
	later := at.Add(48 * time.Hour)
	if _, err := d.Plan(bg, c.ID, later); err != nil {
		t.Fatal(err)
	}
	got, err := d.Between(bg, at, at.Add(7*24*time.Hour))
	if err != nil || len(got) != 2 || got[0].ID != p.ID || got[1].ID != c.ID {
		t.Fatalf("Between: %+v, %v", got, err)
	}
	if got, _ := d.Between(bg, at.Add(time.Hour), later); len(got) != 0 {
		t.Errorf("the range end is not exclusive or the start not inclusive: %+v", got)
	}
	if _, err := d.Plan(bg, p.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Between(bg, at, at.Add(time.Hour)); len(got) != 0 {
		t.Errorf("an unplanned post is still on the calendar: %+v", got)
	}
}
