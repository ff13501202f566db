package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestGuardRefusesRelaisOwnFiles(t *testing.T) {
	data := t.TempDir()
	db := filepath.Join(data, "relais.db")
	if err := os.WriteFile(db, []byte("bbolt"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(data, "media"), 0o700); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	link := filepath.Join(outside, "link.ics")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	linkedDir := filepath.Join(outside, "d")
	if err := os.Symlink(filepath.Join(data, "media"), linkedDir); err != nil {
		t.Fatal(err)
	}
	g := Guard{DataDir: data, Replace: true}
	for _, path := range []string{
		db,
		filepath.Join(data, "exports", "..", "relais.db"),
		filepath.Join(data, "media", "new.csv"),
		filepath.Join(data, "backups", "plan.ics"), // a folder not made yet
		filepath.Join(data, "plan.ics"),
		link,
		filepath.Join(linkedDir, "plan.ics"),
	} {
		if err := g.Check(path); !errors.Is(err, ErrOwnFile) {
			t.Errorf("Check(%s) = %v, want ErrOwnFile", path, err)
		}
	}
	for _, path := range []string{
		filepath.Join(data, "exports", "plan.ics"),
		filepath.Join(data, "exports", "2026", "plan.ics"),
		filepath.Join(outside, "plan.ics"),
		filepath.Join(data+"-copy", "plan.ics"),
	} {
		if err := g.Check(path); err != nil {
			t.Errorf("Check(%s) = %v, want nil", path, err)
		}
	}
	var refused *RefusedError
	if err := g.Check(filepath.Join(outside, "a.csv"), db); !errors.As(err, &refused) || refused.Path != db {
		t.Errorf("Check of several files = %v, want the database named", err)
	}
}

func TestGuardAsksBeforeReplacing(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "plan.ics")
	if err := os.WriteFile(old, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Guard{}).Check(old); !errors.Is(err, ErrExists) {
		t.Errorf("Check(existing) = %v, want ErrExists", err)
	}
	if err := (Guard{Replace: true}).Check(old); err != nil {
		t.Errorf("Check(existing, Replace) = %v", err)
	}
	if err := (Guard{Replace: true}).Check(dir); !errors.Is(err, ErrNotAFile) {
		t.Errorf("Check(folder) = %v, want ErrNotAFile", err)
	}
	if err := (Guard{}).Check(filepath.Join(dir, "new.ics")); err != nil {
		t.Errorf("Check(new) = %v", err)
	}
}

func TestWriteKeepsTheModeOfTheFileReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.ics")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode after replacing a 0600 file: %v, %v", st.Mode(), err)
	}
}
