package app

import "time"

// Clock tells the time. Services take one so that time-dependent rules can be
// tested with a fixed or stepped time.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Waiter is a Clock that also waits. A service that waits (between two
// reconnections of a stream, say) asks its clock when it is one, and the
// wall clock otherwise, so that a test's clock can make the waits pass at
// once and see how long they were.
type Waiter interface {
	// After sends the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

// after waits d on c if it is a Waiter, else on the wall clock.
func after(c Clock, d time.Duration) <-chan time.Time {
	if w, ok := c.(Waiter); ok {
		return w.After(d)
	}
	return time.After(d)
}
