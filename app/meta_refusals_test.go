package app

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestMetaRefusalsKeptInTheOutbox: what Relais made of a Meta refusal
// (which permission is missing, a Page without the role, an image Meta
// could not fetch) survives the outbox journal, so that the post's
// failure still says what to do after a restart.
func TestMetaRefusalsKeptInTheOutbox(t *testing.T) {
	for _, explained := range []error{&PermissionError{Permissions: []string{"pages_manage_posts", "pages_read_engagement"}}, &PermissionError{}, ErrPageRole, ErrMediaUnfetched} {
		err := fmt.Errorf("facebook: publishing: %w", &NetError{Network: Facebook, Kind: FailRejected, Status: 403, Message: "(#200) words", Err: explained})
		a := Attempt{Target: Target{Network: Facebook}, Failure: FailRejected, Status: 403, Message: "(#200) words", Reason: reasonOf(err)}
		got := a.Err()
		ne, ok := AsNetError(got)
		if !ok || ne.Message != "(#200) words" || !errors.Is(got, ErrRejected) {
			t.Errorf("%v: the network's failure is lost: %v", explained, got)
		}
		var want *PermissionError
		if errors.As(explained, &want) {
			var pe *PermissionError
			if !errors.As(got, &pe) || !slices.Equal(pe.Permissions, want.Permissions) {
				t.Errorf("%v: read back as %v", explained, got)
			}
			continue
		}
		if !errors.Is(got, explained) {
			t.Errorf("%v: read back as %v", explained, got)
		}
	}
	// A failure Relais made nothing of stays the network's words alone.
	a := Attempt{Failure: FailRejected, Message: "Invalid parameter", Reason: reasonOf(&NetError{Kind: FailRejected})}
	if ne, _ := AsNetError(a.Err()); ne == nil || ne.Err != nil {
		t.Errorf("plain refusal read back as %v", a.Err())
	}
}
