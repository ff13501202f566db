package app

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is an in-memory PostStore and SettingsStore for the services'
// tests; storage/ has its own tests against bbolt.
type memStore struct {
	mu       sync.Mutex
	posts    map[ID]Post
	trash    map[ID]time.Time
	trashed  map[ID]Post
	settings map[string]string
}

func newMemStore() *memStore {
	return &memStore{posts: map[ID]Post{}, trash: map[ID]time.Time{}, trashed: map[ID]Post{}, settings: map[string]string{}}
}

func (m *memStore) PutPost(ctx context.Context, p Post) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.posts[p.ID] = p
	return nil
}

func (m *memStore) Post(ctx context.Context, id ID) (Post, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.posts[id]
	if !ok {
		return Post{}, ErrNotFound
	}
	return p, nil
}

func (m *memStore) sorted() []Post {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Post
	for _, p := range m.posts {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UpdatedAt.After(out[j].UpdatedAt) })
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
	return nil
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
	return nil
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
	m.settings[key] = value
	return nil
}

// fakeClock is a settable time.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) advance(d time.Duration) { c.now = c.now.Add(d) }

func newDrafts() (*Drafts, *memStore, *fakeClock) {
	store := newMemStore()
	clock := &fakeClock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	return NewDrafts(store, clock), store, clock
}

var bg = context.Background()

func TestCreateRefusesEmpty(t *testing.T) {
	d, store, _ := newDrafts()
	for _, c := range []struct{ title, text string }{{"", ""}, {"  ", "\n\t"}} {
		if _, err := d.Create(bg, Post{Title: c.title, Text: c.text, Tags: []string{" ", "#"}}); !errors.Is(err, ErrEmptyDraft) {
			t.Errorf("Create(%q, %q): %v", c.title, c.text, err)
		}
	}
	if len(store.posts) != 0 {
		t.Error("an empty draft was stored")
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
}

func TestSaveOfNewEmptyDraftStoresNothing(t *testing.T) {
	d, store, _ := newDrafts()
	if _, err := d.Save(bg, Post{ID: d.NewID()}); err != nil {
		t.Fatal(err)
	}
	if len(store.posts) != 0 {
		t.Error("an editor left empty left a draft")
	}
	if _, err := d.Save(bg, Post{}); !errors.Is(err, ErrBadID) {
		t.Errorf("save without ID: %v", err)
	}
}

func TestDuplicateDeleteRestore(t *testing.T) {
	d, _, clock := newDrafts()
	p, _ := d.Create(bg, Post{Title: "Titre", Text: "texte", Tags: []string{"tag"}})
	clock.advance(time.Minute)
	c, err := d.Duplicate(bg, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == p.ID || c.Title != "Titre" || c.Text != "texte" || c.Tags[0] != "tag" || !c.CreatedAt.Equal(clock.now) {
		t.Errorf("copy %+v", c)
	}
	if err := d.Delete(bg, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(bg, p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted draft readable: %v", err)
	}
	if err := d.Restore(bg, p.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Get(bg, p.ID); err != nil || got.Text != "texte" {
		t.Errorf("restored %+v, %v", got, err)
	}
	if _, err := d.Duplicate(bg, NewID(clock.now)); !errors.Is(err, ErrNotFound) {
		t.Errorf("duplicate of nothing: %v", err)
	}
}

func TestListOrderAndSearch(t *testing.T) {
	d, _, clock := newDrafts()
	soldes, _ := d.Create(bg, Post{Title: "", Text: "Soldes d’ÉTÉ : -30 %", Tags: nil})
	clock.advance(time.Minute)
	rentree, _ := d.Create(bg, Post{Title: "Rentrée", Text: "Les classes reprennent", Tags: []string{"École"}})
	clock.advance(time.Minute)
	both, _ := d.Create(bg, Post{Title: "Été et école", Text: "tout", Tags: nil})

	all, err := d.List(bg, "")
	if err != nil || len(all) != 3 || all[0].ID != both.ID || all[2].ID != soldes.ID {
		t.Fatalf("List: %+v, %v", all, err)
	}
	for _, c := range []struct {
		query string
		want  []ID
	}{
		{"ete", []ID{both.ID, soldes.ID}},
		{"ÉCOLE", []ID{both.ID, rentree.ID}},
		{"ete ecole", []ID{both.ID}},
		{"  ", []ID{both.ID, rentree.ID, soldes.ID}},
		{"absent", nil},
	} {
		got, err := d.List(bg, c.query)
		if err != nil {
			t.Fatal(err)
		}
		var ids []ID
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		if len(ids) != len(c.want) {
			t.Errorf("List(%q) = %d drafts, want %d", c.query, len(ids), len(c.want))
			continue
		}
		for i := range ids {
			if ids[i] != c.want[i] {
				t.Errorf("List(%q)[%d] = %s, want %s", c.query, i, ids[i], c.want[i])
			}
		}
	}
	if first, _ := d.ListFirst(bg, "", 2); len(first) != 2 || first[0].ID != both.ID {
		t.Errorf("ListFirst 2: %+v", first)
	}
	cancelled, cancel := context.WithCancel(bg)
	cancel()
	if _, err := d.List(cancelled, "ete"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: %v", err)
	}
}

func TestSubscribe(t *testing.T) {
	d, _, _ := newDrafts()
	calls := 0
	stop := d.Subscribe(func() { calls++ })
	p, _ := d.Create(bg, Post{Title: "", Text: "a", Tags: nil})
	d.Delete(bg, p.ID)
	d.Restore(bg, p.ID)
	if calls != 3 {
		t.Errorf("%d calls for 3 changes", calls)
	}
	stop()
	d.Create(bg, Post{Title: "", Text: "b", Tags: nil})
	if calls != 3 {
		t.Error("called after unsubscribing")
	}
}

func TestPurgeTrashKeepsRecentDeletes(t *testing.T) {
	d, _, clock := newDrafts()
	old, _ := d.Create(bg, Post{Title: "", Text: "old", Tags: nil})
	recent, _ := d.Create(bg, Post{Title: "", Text: "recent", Tags: nil})
	d.Delete(bg, old.ID)
	clock.advance(TrashRetention - time.Hour)
	d.Delete(bg, recent.ID)
	clock.advance(2 * time.Hour)
	if n, err := d.PurgeTrash(bg); err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if err := d.Restore(bg, recent.ID); err != nil {
		t.Errorf("a recent delete was purged: %v", err)
	}
	if err := d.Restore(bg, old.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("an old delete survived: %v", err)
	}
}

func TestSettingsLanguage(t *testing.T) {
	store := newMemStore()
	s := NewSettings(store)
	if l, err := s.Language(bg); err != nil || l != LanguageAuto {
		t.Fatalf("unset: %q, %v", l, err)
	}
	if err := s.SetLanguage(bg, LanguageFrench); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Language(bg); l != LanguageFrench {
		t.Errorf("got %q", l)
	}
	if err := s.SetLanguage(bg, "de"); !errors.Is(err, ErrUnknownLanguage) {
		t.Errorf("German accepted: %v", err)
	}
	store.settings[settingLanguage] = "klingon" // from a newer Relais
	if l, err := s.Language(bg); err != nil || l != LanguageAuto {
		t.Errorf("unknown stored value: %q, %v", l, err)
	}
}

func TestIDs(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := NewID(t0), NewID(t0.Add(time.Millisecond))
	if a.String() >= b.String() || len(a.String()) != 26 {
		t.Errorf("IDs do not sort by time: %s %s", a, b)
	}
	if got, err := ParseID(strings.ToUpper(a.String())); err != nil || got != a {
		t.Errorf("ParseID: %s, %v", got, err)
	}
	for _, bad := range []string{"", "abc", a.String() + "0", "!!!!!!!!!!!!!!!!!!!!!!!!!!"} {
		if _, err := ParseID(bad); !errors.Is(err, ErrBadID) {
			t.Errorf("ParseID(%q): %v", bad, err)
		}
	}
	text, _ := a.MarshalText()
	var back ID
	if err := back.UnmarshalText(text); err != nil || back != a {
		t.Errorf("text round trip: %s, %v", back, err)
	}
}

func TestSummarizeAndTags(t *testing.T) {
	long := strings.Repeat("é", SnippetLength+10)
	s := Summarize(Post{Title: "  Titre ", Text: "Ligne 1\n\n  Ligne\t2 👋🏽", Tags: []string{"a"}})
	if s.Title != "Titre" || s.Snippet != "Ligne 1 Ligne 2 👋🏽" {
		t.Errorf("summary %+v", s)
	}
	cut := Summarize(Post{Text: long}).Snippet
	if r := []rune(cut); len(r) != SnippetLength || r[len(r)-1] != '…' {
		t.Errorf("cut snippet has %d runes: %q", len(r), cut)
	}
	if got := SplitTags("launch, #Teaser; teaser  été"); strings.Join(got, "|") != "launch|Teaser|été" {
		t.Errorf("SplitTags: %q", got)
	}
	if got := NormalizeTags([]string{" ", "#"}); got != nil {
		t.Errorf("NormalizeTags of nothing: %q", got)
	}
	if Fold("Été À Ça Œuvre") != "ete a ca œuvre" {
		t.Errorf("Fold: %q", Fold("Été À Ça Œuvre"))
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
