package monitor

import (
	"context"
	"sync"
	"time"
)

// Listeners are the functions a service calls after it stored something
// new, so that a screen reads it again. Its zero value is ready to use.
type Listeners struct {
	mu   sync.Mutex
	subs map[int]func()
	next int
}

// Subscribe calls fn after every change, from the goroutine that made it
// (a screen hands it to its UI goroutine). The function returned stops
// the calls.
func (l *Listeners) Subscribe(fn func()) (cancel func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.subs == nil {
		l.subs = make(map[int]func())
	}
	key := l.next
	l.next++
	l.subs[key] = fn
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.subs, key)
	}
}

// Changed calls every subscriber, outside the lock, so that one may
// subscribe or cancel from its call.
func (l *Listeners) Changed() {
	l.mu.Lock()
	fns := make([]func(), 0, len(l.subs))
	for _, fn := range l.subs {
		fns = append(fns, fn)
	}
	l.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// SidePass is work the service does beside reading the watches' sources,
// on its schedule and on RefreshNow: the search for impostors (package
// impostor's Guard).
type SidePass interface {
	// Due reports whether the pass is due at now on the schedule.
	Due(now time.Time) bool
	// Pass does the work once; a failure is tried again when next due,
	// and the pass keeps it to say (it fails neither Run nor RefreshNow).
	Pass(ctx context.Context) error
}

// UseSidePass has Run do p when it is due, and RefreshNow each time.
// Call it before Run.
func (s *Service) UseSidePass(p SidePass) { s.side = append(s.side, p) }

// sidePasses runs the side passes (those due, when dueOnly), and returns
// the first failure.
func (s *Service) sidePasses(ctx context.Context, dueOnly bool) error {
	var first error
	for _, p := range s.side {
		if dueOnly && !p.Due(s.clock.Now()) {
			continue
		}
		if err := p.Pass(ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}
