package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
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
	proof Proofreader // nil: scheduling does not proofread
	// limits are the limits of each target; nil holds targets to their
	// networks' defaults.
	limits TargetLimits
	// quotas tell the publishing limits accounts have used; nil holds
	// targets to Relais's own plan.
	quotas PublishingQuotas

	listeners // Subscribe: changes made through this service
}

// NewDrafts returns the drafts service over a store.
func NewDrafts(store PostStore, clock Clock) *Drafts {
	return &Drafts{store: store, clock: clock}
}

// UseProofreader has scheduling refuse a post whose texts have errors
// the proofreader finds, unless the user chose to ignore them for that
// post (IgnoreProof). Call it before the service is used.
func (d *Drafts) UseProofreader(p Proofreader) { d.proof = p }

// UseLimits has scheduling hold each target to its account's limits, as
// its server announced them (a GoToSocial's 5,000 characters), rather
// than its network's defaults. Call it before the service is used.
func (d *Drafts) UseLimits(l TargetLimits) { d.limits = l }

// NewID returns the ID for a draft that is about to be written, so that the
// first save of a draft typed in the window creates it under a known ID.
func (d *Drafts) NewID() ID { return NewID(d.clock.Now()) }

// Create stores a new post made of what the user gives in p, under a new
// ID. It refuses an empty one. A post created as scheduled must pass
// Check, as with SetStatus.
func (d *Drafts) Create(ctx context.Context, p Post) (Post, error) {
	p = normalize(p)
	p.ID = d.NewID()
	p.CreatedAt, p.UpdatedAt = time.Time{}, time.Time{}
	if p.IsEmpty() {
		return Post{}, ErrEmptyDraft
	}
	if err := d.checkStatus(ctx, p, p.Status); err != nil {
		return Post{}, err
	}
	if p.Status == StatusScheduled {
		if err := d.proofread(ctx, p); err != nil {
			return Post{}, err
		}
		if err := d.checkLimit(ctx, p); err != nil {
			return Post{}, err
		}
	}
	return d.Save(ctx, p)
}

// Save writes a draft, creating it when its ID is new. It sets the time of
// the change and keeps the time of creation. A new draft with nothing in it
// is not stored: an editor opened and left empty leaves no trace. A
// scheduled post edited into one that Check blocks goes back to ready, so
// that nothing broken goes out; the caller sees it in the returned status.
func (d *Drafts) Save(ctx context.Context, p Post) (Post, error) {
	if p.ID.IsZero() {
		return Post{}, fmt.Errorf("saving a draft: %w", ErrBadID)
	}
	p = normalize(p)
	now := d.clock.Now().UTC()
	old, err := d.store.Post(ctx, p.ID)
	// A date out of range is refused when it is set; one stored before
	// the rule does not stop the post's text from being saved.
	if err := CheckPlanned(p.PlannedAt); err != nil && !p.PlannedAt.Equal(old.PlannedAt) {
		return Post{}, err
	}
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
		// The choices to ignore the proofreader and the publishing
		// limit are made with their own calls.
		p.IgnoreProof, p.IgnoreLimit = old.IgnoreProof, old.IgnoreLimit
	}
	if p.Status == "" {
		p.Status = StatusDraft
	}
	if p.Status == StatusScheduled && d.checkStatus(ctx, p, StatusScheduled) != nil {
		p.Status = StatusReady
	}
	p.UpdatedAt = now
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("saving draft %s: %w", p.ID, err)
	}
	d.changed()
	return p, nil
}

// Plan sets the time a post is planned for (the zero time unplans it, and
// a scheduled post goes back to ready).
func (d *Drafts) Plan(ctx context.Context, id ID, at time.Time) (Post, error) {
	if err := CheckPlanned(at); err != nil {
		return Post{}, err
	}
	p, err := d.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	p.PlannedAt = at.UTC()
	if at.IsZero() && p.Status == StatusScheduled {
		p.Status = StatusReady
	}
	p.UpdatedAt = d.clock.Now().UTC()
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("planning draft %s: %w", id, err)
	}
	d.changed()
	return p, nil
}

// setPublished is the publishing engine's: it marks a post published or
// failed, which the user cannot.
func (d *Drafts) setPublished(ctx context.Context, id ID, status Status) error {
	p, err := d.Get(ctx, id)
	if err != nil {
		return err
	}
	_, err = d.writeStatus(ctx, p, status)
	return err
}

// ErrStatusReserved is returned when the user tries to set a status that
// only the publishing engine sets.
var ErrStatusReserved = errors.New("only publishing sets a post as published or failed")

// ErrUnknownStatus is returned for a status Relais does not know.
var ErrUnknownStatus = errors.New("unknown status (idea, draft, ready or scheduled)")

// ParseStatus reads a status a user may set: idea, draft, ready or
// scheduled.
func ParseStatus(s string) (Status, error) {
	st := Status(strings.ToLower(strings.TrimSpace(s)))
	switch st {
	case StatusIdea, StatusDraft, StatusReady, StatusScheduled:
		return st, nil
	case StatusPublished, StatusFailed:
		return "", ErrStatusReserved
	}
	return "", fmt.Errorf("%q: %w", s, ErrUnknownStatus)
}

// SetStatus moves a post along the workflow. Scheduling needs a post that
// Check does not block: a time, a target, and every variant within its
// network's limits; otherwise it fails with a *NotReadyError that says
// why. Published and failed are for the publishing engine alone.
func (d *Drafts) SetStatus(ctx context.Context, id ID, status Status) (Post, error) {
	p, err := d.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	if err := d.checkStatus(ctx, p, status); err != nil {
		return Post{}, err
	}
	if status == StatusScheduled {
		if err := d.proofread(ctx, p); err != nil {
			return Post{}, err
		}
		if err := d.checkLimit(ctx, p); err != nil {
			return Post{}, err
		}
	}
	return d.writeStatus(ctx, p, status)
}

// SetIgnoreProof records the user's choice to schedule a post despite
// the proofreader's errors, or takes it back.
func (d *Drafts) SetIgnoreProof(ctx context.Context, id ID, ignore bool) (Post, error) {
	p, err := d.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	p.IgnoreProof = ignore
	p.UpdatedAt = d.clock.Now().UTC()
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("saving draft %s: %w", p.ID, err)
	}
	d.changed()
	return p, nil
}

// SetIgnoreLimit records the user's choice to schedule a post despite a
// full publishing limit (the network then refuses it, or takes it once
// posts leave the window), or takes it back.
func (d *Drafts) SetIgnoreLimit(ctx context.Context, id ID, ignore bool) (Post, error) {
	p, err := d.Get(ctx, id)
	if err != nil {
		return Post{}, err
	}
	p.IgnoreLimit = ignore
	p.UpdatedAt = d.clock.Now().UTC()
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("saving draft %s: %w", p.ID, err)
	}
	d.changed()
	return p, nil
}

// checkLimit refuses a post to an account whose publishing limit is
// full around its time (PublishingLimits), unless the user chose to
// schedule it anyway.
func (d *Drafts) checkLimit(ctx context.Context, p Post) error {
	if p.IgnoreLimit {
		return nil
	}
	found, err := d.PublishingLimits(ctx, p)
	if err != nil {
		return err
	}
	if blocking := Blocking(found); len(blocking) > 0 {
		return &NotReadyError{Problems: blocking}
	}
	return nil
}

// proofread refuses a post whose variants' texts, as they will go out,
// have errors, unless the user chose to ignore them.
func (d *Drafts) proofread(ctx context.Context, p Post) error {
	if d.proof == nil || p.IgnoreProof {
		return nil
	}
	lang := p.ProofLanguage()
	var problems []Problem
	for _, v := range p.Variants {
		found, err := proofProblems(ctx, d.proof, p.OutgoingText(v), ProofOptions{Language: lang, Network: v.Target.Network}, v.Target)
		if err != nil {
			return err
		}
		problems = append(problems, found...)
	}
	if len(problems) > 0 {
		return &NotReadyError{Problems: problems}
	}
	return nil
}

// writeStatus stores p with a new status, as a change of now.
func (d *Drafts) writeStatus(ctx context.Context, p Post, status Status) (Post, error) {
	p.Status = status
	p.UpdatedAt = d.clock.Now().UTC()
	if err := d.store.PutPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("changing the status of %s: %w", p.ID, err)
	}
	d.changed()
	return p, nil
}

func (d *Drafts) checkStatus(ctx context.Context, p Post, status Status) error {
	switch status {
	case "", StatusIdea, StatusDraft, StatusReady:
		return nil
	case StatusScheduled:
		var limits func(Target) Limits
		if d.limits != nil {
			var err error
			if limits, err = d.limits.LimitsOf(ctx); err != nil {
				return err
			}
		}
		if blocking := Blocking(CheckWith(p, limits)); len(blocking) > 0 {
			return &NotReadyError{Problems: blocking}
		}
		return nil
	case StatusPublished, StatusFailed:
		return ErrStatusReserved
	}
	return fmt.Errorf("%q: %w", status, ErrUnknownStatus)
}

// normalize tidies what the user typed: tags, campaign, variants (one per
// target, in order) and the recurrence rule in its canonical form.
func normalize(p Post) Post {
	p.Tags = NormalizeTags(p.Tags)
	p.Campaign = strings.TrimSpace(p.Campaign)
	if rule, err := ParseRecurrence(p.Recurrence); err == nil {
		p.Recurrence = rule
	}
	var variants []Variant
	seen := map[Target]bool{}
	for _, v := range p.Variants {
		if v.Target.Network == "" || seen[v.Target] {
			continue
		}
		seen[v.Target] = true
		if v.Text == p.Text {
			v.Text = ""
		}
		variants = append(variants, v)
	}
	p.Variants = variants
	return p
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
	p.Tags = slices.Clone(p.Tags)
	p.Variants = slices.Clone(p.Variants)
	p.Media = slices.Clone(p.Media)
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

func matches(p Post, terms []string) bool {
	parts := []string{p.Title, p.Text, p.Campaign, p.Notes, strings.Join(p.Tags, " ")}
	for _, v := range p.Variants {
		parts = append(parts, v.Text)
	}
	hay := Fold(strings.Join(parts, "\n"))
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}
