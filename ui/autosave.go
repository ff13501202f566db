package ui

import (
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// autosaver saves the draft being typed a short while after the last
// keystroke, so typing never waits on the disk and a crash loses at most
// that short while. Only the newest state is saved.
type autosaver struct {
	delay time.Duration
	save  func(app.Post) // queues the save on the writer

	mu      sync.Mutex
	pending *app.Post
	timer   *time.Timer
}

func newAutosaver(delay time.Duration, save func(app.Post)) *autosaver {
	return &autosaver{delay: delay, save: save}
}

// Changed notes the new state of the draft and restarts the delay.
func (a *autosaver) Changed(p app.Post) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending = &p
	if a.timer == nil {
		a.timer = time.AfterFunc(a.delay, a.Flush)
		return
	}
	a.timer.Reset(a.delay)
}

// Flush saves the pending state now, if any. The save is queued before
// Flush returns (under the lock), so a job queued after Flush, such as a
// delete, always runs after it.
func (a *autosaver) Flush() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timer != nil {
		a.timer.Stop()
	}
	if a.pending != nil {
		a.save(*a.pending)
		a.pending = nil
	}
}
