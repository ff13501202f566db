package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The reasons Guard refuses a file.
var (
	// ErrOwnFile is a file of Relais's own data folder (the database, its
	// media, backups, logs…), which an export never replaces.
	ErrOwnFile = errors.New("this file belongs to Relais's data folder")
	// ErrExists is a file already there, replaced only when asked.
	ErrExists = errors.New("the file already exists")
	// ErrNotAFile is a folder, a device or a pipe where a file would go.
	ErrNotAFile = errors.New("this is not a regular file")
)

// ExportsDir is the folder inside the data folder where exports may go.
const ExportsDir = "exports"

// RefusedError is a file Guard will not let an export write, and why
// (ErrOwnFile, ErrExists or ErrNotAFile).
type RefusedError struct {
	Path   string
	Reason error
}

func (e *RefusedError) Error() string { return fmt.Sprintf("writing %s: %v", e.Path, e.Reason) }

func (e *RefusedError) Unwrap() error { return e.Reason }

// Guard says where an export may be written: never over Relais's own
// files (anything in DataDir but its exports folder), and over a file
// already there only when Replace is set.
type Guard struct {
	DataDir string // "" when there is none to protect
	Replace bool
}

// Check returns a *RefusedError for the first of files an export may not
// write, or nil.
func (g Guard) Check(files ...string) error {
	for _, f := range files {
		if g.own(f) {
			return &RefusedError{Path: f, Reason: ErrOwnFile}
		}
		st, err := os.Stat(f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("writing %s: %w", f, err)
		case !st.Mode().IsRegular():
			return &RefusedError{Path: f, Reason: ErrNotAFile}
		case !g.Replace:
			return &RefusedError{Path: f, Reason: ErrExists}
		}
	}
	return nil
}

// own reports whether path is inside the data folder but not in its
// exports folder. Folders are compared with os.SameFile, so that a
// symbolic link, another spelling of the same path or a case-insensitive
// file system leads to the same answer.
func (g Guard) own(path string) bool {
	if g.DataDir == "" {
		return false
	}
	data, err := os.Stat(g.DataDir)
	if err != nil {
		return false // no data folder yet: nothing of it to overwrite
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return true // cannot tell: refuse
	}
	abs = resolve(abs)
	below := "" // the name just below the folder looked at
	for dir := abs; ; dir = filepath.Dir(dir) {
		if st, err := os.Stat(dir); err == nil && os.SameFile(st, data) {
			return below == "" || !strings.EqualFold(below, ExportsDir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		below = filepath.Base(dir)
	}
}

// resolve follows the symbolic links of the longest part of path that
// exists (a link to the database is the database; a file in a linked
// folder is in that folder).
func resolve(path string) string {
	rest := ""
	for dir := path; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return path
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}
