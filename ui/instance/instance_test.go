package instance

import (
	"errors"
	"strings"
	"testing"
)

// The Windows pipe's name is stable for a data directory, differs per
// directory and per user (pipes share one namespace for the machine), and
// ignores case as Windows paths do.
func TestPipeName(t *testing.T) {
	const alice, bob = "S-1-5-21-1004336348-1177238915-682003330-1001", "S-1-5-21-1004336348-1177238915-682003330-1002"
	dir := `C:\Users\alice\AppData\Roaming\relais`
	p := pipeName(alice, dir)
	if !strings.HasPrefix(p, `\\.\pipe\relais-`) || len(p) > 256 {
		t.Errorf("pipe name %q", p)
	}
	if pipeName(alice, dir) != p || pipeName(alice, strings.ToUpper(dir)) != p {
		t.Error("the name is not stable for one directory")
	}
	if pipeName(alice, dir+"2") == p || pipeName(bob, dir) == p {
		t.Error("two directories or two users share a pipe")
	}
	if strings.Contains(p, "alice") || strings.ContainsAny(p[len(`\\.\pipe\`):], `\/:`) {
		t.Errorf("the name shows the path or holds separators: %q", p)
	}
}

// The pipe's security descriptor grants the user alone, and inherits
// nothing that could grant others.
func TestPipeSDDL(t *testing.T) {
	const sid = "S-1-5-21-1004336348-1177238915-682003330-1001"
	got := pipeSDDL(sid)
	if want := "O:" + sid + "D:P(A;;GA;;;" + sid + ")"; got != want {
		t.Errorf("SDDL %q, want %q", got, want)
	}
	if strings.Count(got, "(") != 1 || strings.Contains(got, ";WD)") || strings.Contains(got, ";BA)") {
		t.Errorf("the SDDL grants more than the user: %q", got)
	}
}

func TestTooLargeErrorSaysTheSizes(t *testing.T) {
	var err error = &TooLargeError{Size: 70 << 20, Max: MaxRequest}
	var tl *TooLargeError
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "73400320") || errors.Is(err, ErrNoInstance) {
		t.Errorf("%v", err)
	}
}
