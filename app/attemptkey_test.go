package app_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// TestAttemptKeyTime: a key NewAttemptKey made gives back its time, to
// the microsecond; anything else gives none.
func TestAttemptKeyTime(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 5, 2, 14, 30, 0, 123456000, time.UTC),
		time.Date(2026, 12, 7, 9, 30, 0, 123000, time.UTC),
	} {
		got, ok := app.AttemptKeyTime(app.NewAttemptKey(at))
		if !ok || !got.Equal(at) {
			t.Errorf("AttemptKeyTime = %v, %v; want %v", got, ok, at)
		}
	}
	for _, bad := range []string{"", "short", "uuid-like-key-0000", "zzzzzzzzzzzzz", "2222222222222", "1111111111111", "3kdfz!7ab2c2a"} {
		if _, ok := app.AttemptKeyTime(bad); ok {
			t.Errorf("AttemptKeyTime(%q) read a time", bad)
		}
	}
}
