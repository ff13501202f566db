// Package autosave saves the draft being typed a short while after the
// last keystroke, so that typing never waits on the disk, and at least
// every MaxWait while the typing goes on, so that a crash during a long
// stretch of typing loses at most that much.
package autosave

import (
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// MaxWait is the longest a change waits to be saved while the user keeps
// typing.
const MaxWait = 2 * time.Second

// Saver saves the newest state of a draft: delay after the last change,
// or maxWait after the first change not yet saved, whichever comes first.
type Saver struct {
	delay, maxWait time.Duration
	save           func(app.Post) // queues the save on the writer

	// now and after are the saver's timing, replaced by tests.
	now   func() time.Time
	after func(d time.Duration, f func()) (stop func() bool)

	mu      sync.Mutex
	pending *app.Post
	since   time.Time   // when the oldest unsaved change was made
	stop    func() bool // stops the timer running, if any
}

// New returns a saver calling save delay after the last change, and at
// most maxWait after the first one not yet saved.
func New(delay, maxWait time.Duration, save func(app.Post)) *Saver {
	return &Saver{
		delay: delay, maxWait: maxWait, save: save,
		now:   time.Now,
		after: func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop },
	}
}

// Changed notes the new state of the draft and restarts the delay, never
// beyond the maximum wait.
func (s *Saver) Changed(p app.Post) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.pending == nil {
		s.since = now
	}
	s.pending = &p
	wait := s.delay
	if left := s.since.Add(s.maxWait).Sub(now); left < wait {
		wait = max(left, 0)
	}
	if s.stop != nil {
		s.stop() // a timer already firing only saves the newest state early
	}
	s.stop = s.after(wait, s.Flush)
}

// Flush saves the pending state now, if any. The save is queued before
// Flush returns (under the lock), so a job queued after Flush, such as a
// delete, always runs after it.
func (s *Saver) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	if s.pending != nil {
		s.save(*s.pending)
		s.pending = nil
	}
}
