package bluesky_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
)

// TestFailuresOfEveryOperation checks each operation the fake can fail,
// beyond publishing (which the conformance suite checks).
func TestFailuresOfEveryOperation(t *testing.T) {
	ops := []struct {
		op conformance.Op
		do func(ctx context.Context, e *env) error
		// post is true for a POST, which net/http never sends twice; a
		// GET on a connection the server drops is sent again, and
		// then answered.
		post bool
	}{
		// getProfile, through AccountMetrics: Profile itself makes do
		// with the session when getProfile fails so
		// (TestProfileWithTheAppViewDown).
		{conformance.OpProfile, func(ctx context.Context, e *env) error { _, err := e.conn.AccountMetrics(ctx); return err }, false},
		{conformance.OpRead, func(ctx context.Context, e *env) error { _, err := e.conn.Since(ctx, ""); return err }, false},
		{conformance.OpUpload, func(ctx context.Context, e *env) error {
			_, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Image", Media: []app.Attachment{conformance.Image("Un carré")}})
			return err
		}, true},
	}
	cases := []struct {
		name  string
		f     conformance.Failure
		kind  app.Failure
		after time.Duration
	}{
		{"503", conformance.Failure{Status: 503, RetryAfter: "30", Message: "Service Unavailable"}, app.FailServer, 30 * time.Second},
		{"429", conformance.Failure{Status: 429, RetryAfter: "7"}, app.FailRateLimited, 7 * time.Second},
		{"400", conformance.Failure{Status: 400, Message: "Invalid request"}, app.FailRejected, 0},
		{"401", conformance.Failure{Status: 401}, app.FailAuth, 0},
		{"malformed", conformance.Failure{Malformed: true}, app.FailServer, 0},
		{"truncated", conformance.Failure{Truncate: true}, app.FailOffline, 0},
		{"dropped", conformance.Failure{Drop: true}, app.FailOffline, 0},
		{"slow but answered", conformance.Failure{Delay: 50 * time.Millisecond}, 0, 0},
	}
	for _, op := range ops {
		for _, tc := range cases {
			t.Run(string(op.op)+"/"+tc.name, func(t *testing.T) {
				e := newEnv(t)
				ctx := testCtx(t)
				if _, err := e.conn.Profile(ctx); err != nil { // signed in
					t.Fatal(err)
				}
				e.fake.FailNext(op.op, tc.f)
				err := op.do(ctx, e)
				if tc.f.Drop && !op.post {
					if err != nil {
						t.Errorf("a GET dropped is sent again: %v, want it answered", err)
					}
					return
				}
				if tc.kind == 0 {
					if err != nil {
						t.Errorf("error = %v, want none", err)
					}
					return
				}
				ne, ok := app.AsNetError(err)
				if !ok || ne.Kind != tc.kind || ne.RetryAfter != tc.after {
					t.Fatalf("error = %#v, want kind %d waiting %v", err, tc.kind, tc.after)
				}
				if tc.f.Message != "" && ne.Message != tc.f.Message {
					t.Errorf("Message = %q, want the server's %q", ne.Message, tc.f.Message)
				}
			})
		}
	}
}

func TestCancelWhileWaitingForTheSession(t *testing.T) {
	e := newEnv(t)
	e.fake.FailNext(conformance.OpProfile, conformance.Failure{Delay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := e.conn.Profile(ctx); !errors.Is(err, app.ErrOffline) {
		t.Errorf("error = %v, want ErrOffline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %v", d)
	}
}
