package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// QuotaTimeout bounds the wait for a network's word on an account's
// publishing limit when a post is scheduled: past it, the post is
// scheduled on Relais's own plan, and the user told the check was not
// made.
const QuotaTimeout = 5 * time.Second

// PublishingLimit is how many posts an account may publish through an
// app in a rolling window, on networks that count them (Instagram: 100
// in 24 hours; Threads: 250), and none (0) elsewhere.
func (n Network) PublishingLimit() (int, time.Duration) {
	switch n {
	case Instagram:
		return 100, 24 * time.Hour
	case Threads:
		return 250, 24 * time.Hour
	}
	return 0, 0
}

// Quota is an account's publishing limit as its network tells it
// (Instagram's content_publishing_limit, Threads'
// threads_publishing_limit): how many posts it published through apps in
// the last Window, of Total.
type Quota struct {
	Used, Total int
	Window      time.Duration
}

// QuotaReader is a connector that reads its account's publishing limit.
type QuotaReader interface {
	PublishingQuota(ctx context.Context) (Quota, error)
}

// PublishingQuotas tells, for a post's target, its account's publishing
// limit as the network tells it now; *Accounts is one. A zero Quota is
// nothing told.
type PublishingQuotas interface {
	PublishingQuota(ctx context.Context, t Target) (Quota, error)
}

// PublishingQuota asks the network of t's account for its publishing
// limit, waiting QuotaTimeout at most; a zero Quota for a network that
// tells none.
func (s *Accounts) PublishingQuota(ctx context.Context, t Target) (Quota, error) {
	acc, err := s.ForTarget(ctx, t)
	if err != nil {
		return Quota{}, err
	}
	conn, err := s.Open(acc)
	if err != nil {
		return Quota{}, err
	}
	qr, ok := conn.(QuotaReader)
	if !ok {
		return Quota{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, QuotaTimeout)
	defer cancel()
	return qr.PublishingQuota(ctx)
}

// UseQuotas has scheduling hold each target to its account's publishing
// limit: the posts Relais plans for it in any window around the new
// one's time, with what the network reports used when that time is
// near. Call it before the service is used.
func (d *Drafts) UseQuotas(q PublishingQuotas) { d.quotas = q }

// ErrLimitUnchecked says the network could not tell an account's
// publishing limit when a post was scheduled: the post is scheduled on
// Relais's own plan alone.
var ErrLimitUnchecked = errors.New("the network could not be asked how much of its publishing limit the account has used")

// PublishingLimits checks p, planned at its time, against each of its
// targets' publishing limits: a blocking ProblemPublishingLimit when a
// rolling window containing its time already holds as many posts as the
// limit (those Relais plans to the same account, and, when the time is
// within the window from now, those the network reports published),
// and a warning ProblemLimitUnchecked when the network could not tell.
func (d *Drafts) PublishingLimits(ctx context.Context, p Post) ([]Problem, error) {
	if p.PlannedAt.IsZero() {
		return nil, nil
	}
	var out []Problem
	for _, v := range p.Variants {
		total, window := v.Target.Network.PublishingLimit()
		if total <= 0 {
			continue
		}
		at, now := p.PlannedAt, d.clock.Now()
		used := 0
		if d.quotas != nil && at.Before(now.Add(window)) {
			q, err := d.quotas.PublishingQuota(ctx, v.Target)
			switch {
			case err != nil && ctx.Err() != nil:
				return nil, err
			case err != nil:
				out = append(out, Problem{Kind: ProblemLimitUnchecked, Target: v.Target, Image: -1})
			default:
				if q.Total > 0 {
					total = q.Total
				}
				if q.Window > 0 {
					window = q.Window
				}
				used = q.Used
			}
		}
		var times []time.Time
		err := d.store.PlannedBetween(ctx, at.Add(-window), at.Add(window), func(o Post) bool {
			if o.ID != p.ID && o.Status == StatusScheduled && slices.ContainsFunc(o.Variants, func(ov Variant) bool { return sameAccount(ov.Target, v.Target) }) {
				times = append(times, o.PlannedAt)
			}
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("reading the plan: %w", err)
		}
		// The fullest window containing at starts at at or at one of
		// the posts planned before it.
		best, from := -1, at
		for _, s := range append(times, at) {
			if s.After(at) || !s.After(at.Add(-window)) {
				continue
			}
			n := 0
			for _, t := range times {
				if !t.Before(s) && t.Before(s.Add(window)) {
					n++
				}
			}
			if n > best || n == best && s.Before(from) {
				best, from = n, s
			}
		}
		if planned := best + used; planned >= total {
			out = append(out, Problem{Kind: ProblemPublishingLimit, Target: v.Target, Image: -1,
				Got: int64(planned), Max: int64(total), From: from.UTC(), To: from.Add(window).UTC()})
		}
	}
	return out, nil
}

// sameAccount reports whether two targets go out through the same
// account: the same network, and the same account or one left to the
// network's only account.
func sameAccount(a, b Target) bool {
	return a.Network == b.Network && (a.Account == b.Account || a.Account.IsZero() || b.Account.IsZero())
}
