package autosave

import (
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// fakeTime is a clock moved by hand and the one timer a Saver runs.
type fakeTime struct {
	now  time.Time
	at   time.Time // when the timer fires; zero when none runs
	fire func()
}

func (f *fakeTime) after(d time.Duration, fn func()) func() bool {
	f.at, f.fire = f.now.Add(d), fn
	return func() bool { f.at = time.Time{}; return true }
}

// advance moves the clock by d, firing the timer if it falls due.
func (f *fakeTime) advance(d time.Duration) {
	f.now = f.now.Add(d)
	if !f.at.IsZero() && !f.now.Before(f.at) {
		f.at = time.Time{}
		f.fire()
	}
}

func newFake(delay, maxWait time.Duration) (*Saver, *fakeTime, *[]string) {
	ft := &fakeTime{now: time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)}
	var saved []string
	s := New(delay, maxWait, func(p app.Post) { saved = append(saved, p.Text) })
	s.now, s.after = func() time.Time { return ft.now }, ft.after
	return s, ft, &saved
}

func TestSavesAfterTheLastKeystroke(t *testing.T) {
	s, ft, saved := newFake(700*time.Millisecond, MaxWait)
	s.Changed(app.Post{Text: "B"})
	ft.advance(500 * time.Millisecond)
	s.Changed(app.Post{Text: "Bo"})
	ft.advance(600 * time.Millisecond)
	if len(*saved) != 0 {
		t.Fatalf("saved while typing within the delay: %q", *saved)
	}
	ft.advance(100 * time.Millisecond)
	if len(*saved) != 1 || (*saved)[0] != "Bo" {
		t.Errorf("after the delay: %q", *saved)
	}
}

func TestSteadyTypingIsSavedEveryMaxWait(t *testing.T) {
	s, ft, saved := newFake(700*time.Millisecond, MaxWait)
	// 22 s of steady typing, a keystroke every 150 ms: the delay never
	// passes, yet a draft is saved at least every MaxWait.
	text := ""
	start := ft.now
	last := start
	for ft.now.Sub(start) < 22*time.Second {
		text += "a"
		s.Changed(app.Post{Text: text})
		n := len(*saved)
		ft.advance(150 * time.Millisecond)
		if len(*saved) > n {
			last = ft.now
		}
		if since := ft.now.Sub(last); since > MaxWait+150*time.Millisecond {
			t.Fatalf("nothing saved for %v of typing (%d saves)", since, len(*saved))
		}
	}
	if len(*saved) < 10 {
		t.Errorf("%d saves in 22 s of typing, want one every %v", len(*saved), MaxWait)
	}
}

func TestFlushSavesAtOnce(t *testing.T) {
	s, ft, saved := newFake(time.Hour, time.Hour)
	s.Flush()
	if len(*saved) != 0 {
		t.Errorf("Flush with nothing typed saved %q", *saved)
	}
	s.Changed(app.Post{Text: "x"})
	s.Flush()
	ft.advance(2 * time.Hour)
	if len(*saved) != 1 {
		t.Errorf("saves: %q", *saved)
	}
}
