package metapub_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// TestCursor: an item read is not read again, one at the same second
// with another ID is, and the first read starts at now.
func TestCursor(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	zero, err := metapub.ParseCursor("")
	if err != nil || !zero.IsZero() {
		t.Fatal(zero, err)
	}
	first := zero.Next(nil, now.Add(500*time.Millisecond))
	if !first.At.Equal(now) {
		t.Errorf("first cursor at %v, want now to the second", first.At)
	}
	at := now.Add(time.Minute)
	c, err := metapub.ParseCursor(first.Next([]app.Item{{RemoteID: "18", At: at}}, now).String())
	if err != nil {
		t.Fatal(err)
	}
	if c.New("18", at) || !c.New("19", at) || c.New("17", now) || !c.New("17", at.Add(time.Second)) {
		t.Errorf("cursor %s: wrong reading of what is new", c)
	}
	if _, err := metapub.ParseCursor("nope"); err == nil {
		t.Error("a bad cursor was read")
	}
}

// TestWaiter: IN_PROGRESS is looked at again after growing pauses;
// ERROR and EXPIRED are refusals with Meta's words; too long is the
// server's trouble.
func TestWaiter(t *testing.T) {
	refused := errors.New("refused")
	var slept []time.Duration
	states := []string{"IN_PROGRESS", "IN_PROGRESS", "FINISHED"}
	w := metapub.Waiter{Network: app.Instagram, Refused: refused,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil },
		Status: func(context.Context, string) (string, string, error) {
			s := states[0]
			states = states[1:]
			return s, "", nil
		}}
	if err := w.Wait(context.Background(), "1"); err != nil || len(slept) != 2 || slept[1] <= slept[0] {
		t.Errorf("Wait: %v, slept %v", err, slept)
	}
	for _, st := range []string{"ERROR", "EXPIRED"} {
		w.Status = func(context.Context, string) (string, string, error) { return st, "Error: 2207001", nil }
		err := w.Wait(context.Background(), "1")
		ne, _ := app.AsNetError(err)
		if !errors.Is(err, refused) || !errors.Is(err, app.ErrRejected) || ne.Message != "Error: 2207001" {
			t.Errorf("%s: %v", st, err)
		}
	}
	w.Status = func(context.Context, string) (string, string, error) { return "IN_PROGRESS", "", nil }
	w.Limit = time.Minute
	if err := w.Wait(context.Background(), "1"); !errors.Is(err, app.ErrServerDown) || !strings.Contains(err.Error(), "still in progress") {
		t.Errorf("too long: %v", err)
	}
}
