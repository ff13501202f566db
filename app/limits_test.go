package app

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A post to an account is held to what its server announced: 830
// characters pass on a server of 5,000 (a GoToSocial) and go out; 600
// are refused for an account of 500.
func TestScheduleHoldsTargetsToTheirAccountsLimits(t *testing.T) {
	e := newEngine(t)
	e.drafts.UseLimits(e.accounts)
	e.masto.limits = Limits{MaxLength: 5000, LinkLength: 25}
	acc, err := e.accounts.Test(bg, e.mastoAcc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Limits.MaxLength != 5000 {
		t.Fatalf("the account's limits are %+v", acc.Limits)
	}
	long := strings.Repeat("a", 830)
	to := []Variant{{Target: acc.Target()}}
	if problems := Blocking(Check(Post{Text: long, PlannedAt: start, Variants: to})); len(problems) != 1 || problems[0].Kind != ProblemTooLong {
		t.Fatalf("the network's default should refuse 830 characters: %v", problems)
	}
	limits, err := e.accounts.LimitsOf(bg)
	if err != nil {
		t.Fatal(err)
	}
	if problems := Blocking(CheckWith(Post{Text: long, PlannedAt: start, Variants: to}, limits)); len(problems) != 0 {
		t.Fatalf("830 characters for a 5,000-character account: %v", problems)
	}
	// The network alone, with one account of it, is that account.
	if got := limits(Target{Network: Mastodon}).MaxLength; got != 5000 {
		t.Errorf("Mastodon with one account: %d, want its 5000", got)
	}
	now := e.clock.peek()
	p, err := e.drafts.Create(bg, Post{Text: long, Status: StatusScheduled, PlannedAt: now.Add(time.Minute), Variants: to})
	if err != nil {
		t.Fatalf("scheduling 830 characters on a 5,000-character server: %v", err)
	}
	e.clock.advance(2 * time.Minute)
	e.run(t)
	if got := e.status(t, p.ID); got != StatusPublished {
		t.Fatalf("the post is %s, want published", got)
	}
	if len(e.masto.posts) != 1 || e.masto.posts[0].Text != long {
		t.Fatalf("the network got %d posts", len(e.masto.posts))
	}

	e.masto.limits = Limits{MaxLength: 500}
	if _, err := e.accounts.Test(bg, e.mastoAcc.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.drafts.Create(bg, Post{Text: strings.Repeat("b", 600), Status: StatusScheduled, PlannedAt: now.Add(time.Hour), Variants: to})
	var nr *NotReadyError
	if !errors.As(err, &nr) || nr.Problems[0].Kind != ProblemTooLong || nr.Problems[0].Max != 500 {
		t.Fatalf("600 characters for a 500-character account: %v", err)
	}
}

func TestLimitsFor(t *testing.T) {
	a := Account{ID: ID{1}, Network: Mastodon, Limits: Limits{MaxLength: 5000, LinkLength: 25}}
	b := Account{ID: ID{2}, Network: Mastodon, Limits: Limits{MaxLength: 1000}}
	got := LimitsFor([]Account{a, b}, b.Target())
	if got.MaxLength != 1000 || got.LinkLength != 0 || got.Media != Mastodon.MediaLimits() {
		t.Errorf("b: %+v, want its length over the network's image limits", got)
	}
	if got := LimitsFor([]Account{a, b}, Target{Network: Mastodon}); got != Mastodon.Limits() {
		t.Errorf("two accounts and none chosen: %+v, want the network's defaults", got)
	}
	if got := LimitsFor(nil, Target{Network: Bluesky}); got.MaxLength != 300 {
		t.Errorf("no account: %+v", got)
	}
}
