package monitor

import (
	"context"
	"time"

	"github.com/relais-app/relais/app"
)

// Listeners are the functions a service calls after it stored something
// new, so that a screen reads it again (from the goroutine that stored
// it: a screen hands it to its UI goroutine).
type Listeners = app.Listeners

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
