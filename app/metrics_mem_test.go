package app

import (
	"bytes"
	"context"
	"slices"
	"time"
)

// memMetrics is the in-memory MetricsStore of memStore, with the
// contract storage.DB has: days by account then oldest first, [from, to]
// inclusive.
type memMetrics struct {
	days  map[ID]map[time.Time]AccountDay
	stats map[string]PostStats
}

func newMemMetrics() memMetrics {
	return memMetrics{days: map[ID]map[time.Time]AccountDay{}, stats: map[string]PostStats{}}
}

func (m *memStore) PutAccountDays(ctx context.Context, days []AccountDay) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range days {
		if m.days[d.Account] == nil {
			m.days[d.Account] = map[time.Time]AccountDay{}
		}
		m.days[d.Account][d.Day] = d
	}
	return ctx.Err()
}

func (m *memStore) AccountDays(ctx context.Context, from, to time.Time, fn func(AccountDay) bool) error {
	m.mu.Lock()
	var out []AccountDay
	for _, byDay := range m.days {
		for _, d := range byDay {
			if !d.Day.Before(from) && !d.Day.After(to) {
				out = append(out, d)
			}
		}
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b AccountDay) int {
		if c := bytes.Compare(a.Account[:], b.Account[:]); c != 0 {
			return c
		}
		return a.Day.Compare(b.Day)
	})
	for _, d := range out {
		if !fn(d) {
			break
		}
	}
	return ctx.Err()
}

func (m *memStore) PutPostStats(ctx context.Context, stats []PostStats) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range stats {
		m.stats[s.Key] = s
	}
	return ctx.Err()
}

func (m *memStore) PostStats(ctx context.Context, fn func(PostStats) bool) error {
	m.mu.Lock()
	all := make([]PostStats, 0, len(m.stats))
	for _, s := range m.stats {
		all = append(all, s)
	}
	m.mu.Unlock()
	for _, s := range all {
		if !fn(s) {
			break
		}
	}
	return ctx.Err()
}

func (m *memStore) SentAttempts(ctx context.Context, fn func(Attempt) bool) error {
	m.mu.Lock()
	var sent []Attempt
	for _, a := range m.attempts {
		if a.State == AttemptSent {
			sent = append(sent, a)
		}
	}
	m.mu.Unlock()
	for _, a := range sent {
		if !fn(a) {
			break
		}
	}
	return ctx.Err()
}
