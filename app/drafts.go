package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ErrEmptyDraft is returned when a draft would hold no title, text or tag.
var ErrEmptyDraft = errors.New("the draft is empty")

// TrashRetention is how long a deleted draft stays in the trash, where undo
// can bring it back, before it is purged.
const TrashRetention = 30 * 24 * time.Hour

// Drafts is the service behind offline drafting: it creates, saves, lists,
// duplicates and deletes (with undo) posts that are not scheduled yet.
// It is safe for concurrent use; the window and the command line served on
// behalf of a second process share one.
type Drafts struct {
	store PostStore
	clock Clock

	mu   sync.Mutex
	subs map[int]func()
	next int
}

// NewDrafts returns the drafts service over a store.
func NewDrafts(store PostStore, clock Clock) *Drafts {
	return &Drafts{store: store, clock: clock, subs: make(map[int]func())}
}

// NewID returns the ID for a draft that is about to be written, so that the
// first save of a draft typed in the window creates it under a known ID.
func (d *Drafts) NewID() ID { return NewID(d.clock.Now()) }

// Create stores a new draft made of p's title, text, tags and planned
// time, under a new ID. It refuses an empty one.
func (d *Drafts) Create(ctx context.Context, p Post) (Post, error) {
	p = Post{ID: d.NewID(), Title: p.Title, Text: p.Text, Tags: NormalizeTags(p.Tags), PlannedAt: p.PlannedAt}
	if p.IsEmpty() {
		return Post{}, ErrEmptyDraft
	}
	return d.Save(ctx, p)
}

// Save writes a draft, creating it when its ID is new. It sets the time of
// the change and keeps the time of creation. A new draft with nothing in it
// is not stored: an editor opened and left empty leaves no trace.
func (d *Drafts) Save(ctx context.Context, p Post) (Post, error) {
	if p.ID.IsZero() {
		return Post{}, fmt.Errorf("saving a draft: %w", ErrBadID)
	}
	p.Tags = NormalizeTags(p.Tags)
	now := d.clock.Now().UTC()
	old, err := d.store.Post(ctx, p.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		if p.IsEmpty() {
			return p, nil
		}
		p.CreatedAt = now
	case err != nil:
		return Post{}, fmt.Errorf("saving draft %s: %w", p.ID, err)
	default:
		p.CreatedAt = old.CreatedAt
		// An editor that does not show the status or the planned time
		// keeps them; Plan changes the time.
		if p.Status == "" {
			p.Status = old.Status
		}
		if p.PlannedAt.IsZero() {
			p.PlannedAt = old.PlannedAt
		}
	}
	if p.Status == "" {
		p.Status = StatusDraft
	}
	p.UpdatedAt = now
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("saving draft %s: %w", p.ID, err)
	}
	d.changed()
	return p, nil
}

// Plan sets the time a post is planned for (the zero time unplans it).
func (d *Drafts) Plan(ctx context.Context, id ID, at time.Time) (Post, error) {
	p, err := d.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	p.PlannedAt = at.UTC()
	p.UpdatedAt = d.clock.Now().UTC()
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("planning draft %s: %w", id, err)
	}
	d.changed()
	return p, nil
}

// Between returns the posts planned in [from, to), earliest first.
func (d *Drafts) Between(ctx context.Context, from, to time.Time) ([]Post, error) {
	var out []Post
	err := d.store.PlannedBetween(ctx, from, to, func(p Post) bool {
		out = append(out, p)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("listing planned posts: %w", err)
	}
	return out, nil
}

// Get returns one draft.
func (d *Drafts) Get(ctx context.Context, id ID) (Post, error) {
	p, err := d.store.Post(ctx, id)
	if err != nil {
		return Post{}, fmt.Errorf("reading draft %s: %w", id, err)
	}
	return p, nil
}

// Duplicate stores a copy of a draft under a new ID and returns it.
func (d *Drafts) Duplicate(ctx context.Context, id ID) (Post, error) {
	p, err := d.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	p.ID = d.NewID()
	p.Tags = append([]string(nil), p.Tags...)
	p.Status = StatusDraft
	p.PlannedAt = time.Time{} // a copy is not planned until the user says when
	return d.Save(ctx, p)
}

// Delete moves a draft to the trash; Restore undoes it.
func (d *Drafts) Delete(ctx context.Context, id ID) error {
	if err := d.store.TrashPost(ctx, id, d.clock.Now().UTC()); err != nil {
		return fmt.Errorf("deleting draft %s: %w", id, err)
	}
	d.changed()
	return nil
}

// Restore brings a deleted draft back, as it was.
func (d *Drafts) Restore(ctx context.Context, id ID) error {
	if err := d.store.RestorePost(ctx, id); err != nil {
		return fmt.Errorf("restoring draft %s: %w", id, err)
	}
	d.changed()
	return nil
}

// PurgeTrash deletes for good the drafts deleted more than TrashRetention ago.
func (d *Drafts) PurgeTrash(ctx context.Context) (int, error) {
	n, err := d.store.PurgeTrash(ctx, d.clock.Now().Add(-TrashRetention))
	if err != nil {
		return n, fmt.Errorf("emptying the trash: %w", err)
	}
	return n, nil
}

// List returns the drafts most recently changed first, as a list shows
// them. With a query, only those whose title, text or tags hold every word
// of it, ignoring case and accents ("ete" finds "Été"). It stops early when
// ctx is cancelled, so that a newer keystroke can replace an older search.
func (d *Drafts) List(ctx context.Context, query string) ([]Summary, error) {
	return d.ListFirst(ctx, query, 0)
}

// ListFirst is List cut to the first n drafts (all of them when n <= 0),
// for a screen that shows the top of a long list before the rest.
func (d *Drafts) ListFirst(ctx context.Context, query string, n int) ([]Summary, error) {
	if len(strings.Fields(query)) > 0 {
		posts, err := d.Find(ctx, query)
		if err != nil {
			return nil, err
		}
		out := make([]Summary, len(posts))
		for i, p := range posts {
			out[i] = Summarize(p)
		}
		return out, nil
	}
	var out []Summary
	err := d.store.Summaries(ctx, func(s Summary) bool {
		out = append(out, s)
		return n <= 0 || len(out) < n
	})
	if err != nil {
		return nil, fmt.Errorf("listing drafts: %w", err)
	}
	return out, nil
}

// Find returns whole drafts, most recently changed first, that hold every
// word of query (all of them for an empty query), as List matches them.
func (d *Drafts) Find(ctx context.Context, query string) ([]Post, error) {
	terms := strings.Fields(Fold(query))
	var out []Post
	err := d.store.Posts(ctx, func(p Post) bool {
		if matches(p, terms) {
			out = append(out, p)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("searching drafts: %w", err)
	}
	return out, nil
}

// Subscribe calls fn after every change made through this service, from the
// goroutine that made it. The returned function stops the calls.
func (d *Drafts) Subscribe(fn func()) (cancel func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	key := d.next
	d.next++
	d.subs[key] = fn
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		delete(d.subs, key)
	}
}

func (d *Drafts) changed() {
	d.mu.Lock()
	fns := make([]func(), 0, len(d.subs))
	for _, fn := range d.subs {
		fns = append(fns, fn)
	}
	d.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

func matches(p Post, terms []string) bool {
	hay := Fold(p.Title + "\n" + p.Text + "\n" + strings.Join(p.Tags, " "))
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}

// Fold returns s in lower case without accents, for searches that a French
// user types without them.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	return strings.ToLower(folded)
}
