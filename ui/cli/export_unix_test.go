//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func TestImportRefusesWhatIsNotAFile(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageEnglish)
	fifo := filepath.Join(env.WorkDir, "pipe.ics")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan struct{})
	var code int
	var stderr string
	go func() {
		defer close(done)
		code, _, stderr = runAll(t, env, "import", "ics", "pipe.ics")
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		// Open the pipe's other end so that the blocked open returns.
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("import ics of a named pipe waited for a writer")
	}
	if code != ExitError || !strings.Contains(stderr, "is not a regular file") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if code, _, stderr := runAll(t, env, "import", "ics", "."); code != ExitError || !strings.Contains(stderr, "is not a regular file") {
		t.Errorf("a folder: exit %d, %q", code, stderr)
	}
}
