package keychain

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A keychain call that blocks (an unlock prompt nobody answers) does not
// hold the caller past its context, and the calls after it wait for their
// turn no longer than their own contexts allow.
func TestCallHonoursContext(t *testing.T) {
	s := New("app.relais.desktop.test")
	release := make(chan struct{})
	returned := make(chan struct{})
	blocked := func() (string, error) {
		<-release
		close(returned)
		return "late", nil
	}

	c, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err, ctxErr := s.call(c, blocked)
	if err != nil || !errors.Is(ctxErr, context.DeadlineExceeded) {
		t.Fatalf("blocked call = %v, %v; want the context's deadline", err, ctxErr)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("returned after %v, want about 50ms", d)
	}

	c2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	ran := false
	_, _, ctxErr = s.call(c2, func() (string, error) { ran = true; return "", nil })
	if !errors.Is(ctxErr, context.DeadlineExceeded) || ran {
		t.Fatalf("a call while another blocks: ran %v, %v; want it to wait for its turn and give up", ran, ctxErr)
	}

	close(release)
	<-returned
	v, err, ctxErr := s.call(context.Background(), func() (string, error) { return "next", nil })
	if v != "next" || err != nil || ctxErr != nil {
		t.Fatalf("call after the blocked one ended = %q, %v, %v", v, err, ctxErr)
	}
}
