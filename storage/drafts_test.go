package storage

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// The drafts service over the real store: what app's tests check against
// an in-memory fake holds on bbolt too.
func TestDraftsServiceOverTheStore(t *testing.T) {
	db, _ := openTemp(t)
	clock := &testClock{now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	d := app.NewDrafts(db, clock)

	soldes, err := d.Create(ctx, app.Post{Text: "Soldes d’ÉTÉ : -30 %", Tags: []string{"#Soldes"}})
	if err != nil {
		t.Fatal(err)
	}
	rentree, _ := d.Create(ctx, app.Post{Title: "Rentrée", Text: "Les classes reprennent", Tags: []string{"École"}})
	both, _ := d.Create(ctx, app.Post{Title: "Été et école", Text: "tout"})

	for query, want := range map[string][]app.ID{
		"":          {both.ID, rentree.ID, soldes.ID},
		"ete":       {both.ID, soldes.ID},
		"ECOLE":     {both.ID, rentree.ID},
		"ete ecole": {both.ID},
		"soldes 30": {soldes.ID},
		"absent":    nil,
	} {
		list, err := d.List(ctx, query)
		if err != nil || !slices.Equal(summaryIDs(list), want) {
			t.Errorf("List(%q) = %v, %v; want %v", query, summaryIDs(list), err, want)
		}
	}

	edited, err := d.Save(ctx, app.Post{ID: soldes.ID, Text: "Soldes d’été : -50 %"})
	if err != nil || !edited.CreatedAt.Equal(soldes.CreatedAt) || !edited.UpdatedAt.After(soldes.UpdatedAt) {
		t.Fatalf("edited %+v, %v", edited, err)
	}
	if list, _ := d.List(ctx, ""); list[0].ID != soldes.ID || list[0].Snippet != "Soldes d’été : -50 %" {
		t.Errorf("after an edit: %+v", list[0])
	}

	if err := d.Delete(ctx, rentree.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := d.List(ctx, "ecole"); !slices.Equal(summaryIDs(list), []app.ID{both.ID}) {
		t.Errorf("a deleted draft is found: %v", summaryIDs(list))
	}
	if err := d.Restore(ctx, rentree.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Get(ctx, rentree.ID); err != nil || !got.UpdatedAt.Equal(rentree.UpdatedAt) {
		t.Errorf("restored %+v, %v", got, err)
	}

	d.Delete(ctx, both.ID)
	clock.mu.Lock()
	clock.now = clock.now.Add(app.TrashRetention)
	clock.mu.Unlock()
	if n, err := d.PurgeTrash(ctx); err != nil || n != 1 {
		t.Errorf("purged %d, %v; want 1", n, err)
	}
	if err := d.Restore(ctx, both.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("restore after purge: %v", err)
	}
	checkIndexes(t, db)

	s := app.NewSettings(db)
	if err := s.SetLanguage(ctx, app.LanguageFrench); err != nil {
		t.Fatal(err)
	}
	if l, err := s.Language(ctx); err != nil || l != app.LanguageFrench {
		t.Errorf("language %q, %v", l, err)
	}
}
