package app

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeQuotas is what the network reports of an account's publishing
// limit; err stands for a network that cannot be reached.
type fakeQuotas struct {
	q     Quota
	err   error
	calls int
}

func (f *fakeQuotas) PublishingQuota(ctx context.Context, t Target) (Quota, error) {
	f.calls++
	return f.q, f.err
}

// A post to Instagram is refused at scheduling when a rolling 24 hours
// containing its time already holds the account's limit: the posts
// Relais plans for it, and, when its time is within the next 24 hours,
// those the network reports published. Far ahead, the plan alone counts;
// the user may schedule it anyway; and a network that cannot tell does
// not block.
func TestSchedulingHoldsInstagramToItsPublishingLimit(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	clock := &fakeClock{now: now}
	d := NewDrafts(newMemStore(), clock)
	quotas := &fakeQuotas{q: Quota{Used: 0, Total: 5, Window: 24 * time.Hour}}
	d.UseQuotas(quotas)
	ig := Target{Network: Instagram, Account: NewID(now)}
	to := []Variant{{Target: ig}}
	post := func(at time.Time) (Post, error) {
		return d.Create(bg, Post{Text: "Photo", Media: []Media{{Name: "a.jpg", Hash: "h", Size: 1, Width: 100, Height: 100, Alt: "a"}},
			Status: StatusScheduled, PlannedAt: at, Variants: to})
	}
	// Tomorrow and after: 100 posts, 12 minutes apart from 10:00, fill
	// Instagram's limit (the network's own 100: it is not asked so far
	// ahead).
	day := now.Add(26 * time.Hour)
	for i := range 100 {
		if _, err := post(day.Add(time.Duration(i) * 12 * time.Minute)); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	// A 101st, in a window with the 100, is refused, with the window.
	_, err := post(day.Add(23 * time.Hour))
	var nr *NotReadyError
	if !errors.As(err, &nr) || len(nr.Problems) != 1 {
		t.Fatalf("the 101st post: %v, want a refusal", err)
	}
	pr := nr.Problems[0]
	if pr.Kind != ProblemPublishingLimit || pr.Target != ig || pr.Got != 100 || pr.Max != 100 || !pr.From.Equal(day) || !pr.To.Equal(day.Add(24*time.Hour)) {
		t.Errorf("problem %+v, want 100 of 100 between %v and a day later", pr, day)
	}
	// Once the first has left the window (24 h after it), a post goes.
	if _, err := post(day.Add(24*time.Hour + time.Minute)); err != nil {
		t.Errorf("a post after the window: %v", err)
	}
	// Far ahead, the network is not asked: its usage says nothing then.
	if quotas.calls != 0 {
		t.Errorf("the network was asked %d times for posts more than 24 hours ahead", quotas.calls)
	}
	// Within the next 24 hours, what the network reports counts, for
	// another account: 4 published of 5, 1 planned this evening, a
	// second one is refused.
	quotas.q.Used = 4
	ig = Target{Network: Instagram, Account: NewID(now.Add(time.Second))}
	to = []Variant{{Target: ig}}
	if _, err := post(now.Add(10 * time.Hour)); err != nil {
		t.Fatalf("the fifth post of the day: %v", err)
	}
	_, err = post(now.Add(12 * time.Hour))
	if !errors.As(err, &nr) || nr.Problems[0].Got != 5 || quotas.calls != 2 {
		t.Fatalf("a sixth post today: %v (%d calls), want 5 of 5 refused", err, quotas.calls)
	}
	// A Mastodon target is held to nothing of the kind.
	if _, err := d.Create(bg, Post{Text: "Toot", Status: StatusScheduled, PlannedAt: now.Add(12 * time.Hour), Variants: []Variant{{Target: Target{Network: Mastodon}}}}); err != nil {
		t.Errorf("Mastodon: %v", err)
	}
	// Schedule anyway: the user's choice, kept for the post.
	p, err := d.Create(bg, Post{Text: "Quand même", Media: []Media{{Name: "a.jpg", Hash: "h", Size: 1, Width: 100, Height: 100, Alt: "a"}},
		PlannedAt: now.Add(12 * time.Hour), Variants: to})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SetStatus(bg, p.ID, StatusScheduled); !errors.As(err, &nr) {
		t.Fatalf("scheduling over the limit: %v", err)
	}
	if _, err := d.SetIgnoreLimit(bg, p.ID, true); err != nil {
		t.Fatal(err)
	}
	if p, err = d.SetStatus(bg, p.ID, StatusScheduled); err != nil || p.Status != StatusScheduled || !p.IgnoreLimit {
		t.Fatalf("scheduling anyway: %v, %+v", err, p)
	}
	// A network that cannot be reached: the post is scheduled on the
	// plan alone, and the check said not made.
	quotas.err = &NetError{Network: Instagram, Kind: FailOffline}
	quotas.q.Used = 0
	later := now.Add(20 * time.Hour)
	probe := Post{ID: NewID(now), Text: "x", PlannedAt: later, Variants: to}
	found, err := d.PublishingLimits(bg, probe)
	if err != nil || len(found) != 1 || found[0].Kind != ProblemLimitUnchecked || found[0].Blocking() {
		t.Fatalf("network down: %v %v, want the check said not made, not blocking", found, err)
	}
	if _, err := post(later); err != nil {
		t.Errorf("network down: %v, want the post scheduled", err)
	}
}
