package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/relais-app/relais/app"
)

var (
	fuzzBaseOnce sync.Once
	fuzzBase     []byte
)

// FuzzOpenDamaged flips bytes of a small real database and opens it: Open
// never panics or crashes; it opens a sound file, or sets a damaged one
// aside byte for byte; a file it opened can be read without a crash.
func FuzzOpenDamaged(f *testing.F) {
	f.Add(uint32(0), byte(0xff), uint32(0), byte(0))
	f.Add(uint32(4096+20), byte(0x55), uint32(20), byte(0x55))
	f.Add(uint32(3*4096+8), byte(0x7f), uint32(0), byte(0))
	f.Add(uint32(4*4096+24), byte(0x40), uint32(5*4096+16), byte(0x01))
	f.Fuzz(func(t *testing.T, at1 uint32, x1 byte, at2 uint32, x2 byte) {
		fuzzBaseOnce.Do(func() {
			dir, _ := healthyWorkspace(t, 120, false)
			b, err := os.ReadFile(filepath.Join(dir, FileName))
			if err != nil {
				t.Fatal(err)
			}
			fuzzBase = b
		})
		b := bytes.Clone(fuzzBase)
		b[int(at1)%len(b)] ^= x1
		b[int(at2)%len(b)] ^= x2
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(dir, Options{ReadOnly: true, Clock: fixedClock{damageDay}})
		if err != nil {
			d, ok := app.AsDamaged(err)
			if !ok {
				t.Fatalf("not a DamagedError: %v", err)
			}
			moved, rerr := os.ReadFile(d.MovedTo)
			if rerr != nil || !bytes.Equal(moved, b) {
				t.Fatalf("the damaged file was not set aside untouched: %v", rerr)
			}
			return
		}
		defer db.Close()
		// Reading what opened may still meet a bad record, but never crashes.
		_ = db.Summaries(ctx, func(app.Summary) bool { return true })
		_ = db.Posts(ctx, func(app.Post) bool { return true })
	})
}
