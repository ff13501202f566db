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
