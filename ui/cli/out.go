package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/relais-app/relais/ui/export"
)

// outPath checks where --out writes, before anything is written, and
// returns it resolved against the caller's folder. A path ending with a
// separator asks for a folder: only a command that writes into one
// (folderOK) takes it, and creates it when missing, unless it would be
// inside Relais's data folder. Any other path's folder must already be
// there: otherwise the command says which one is missing, rather than
// failing on a temporary file's name.
func (env Env) outPath(out string, folderOK bool) (string, error) {
	path := env.path(out)
	if endsWithSeparator(out) {
		if !folderOK {
			return "", fail("cli.out_is_folder", "file", out)
		}
		st, err := os.Stat(path)
		switch {
		case err == nil && st.IsDir():
			return path, nil
		case err == nil:
			return "", fail("cli.out_not_a_folder", "folder", path)
		case !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("checking the folder %s: %w", path, err)
		}
		if err := (export.Guard{DataDir: env.DataDir}).Check(path); err != nil {
			return "", refusedFile(err)
		}
		if err := os.MkdirAll(path, 0o755); err != nil {
			return "", fail("cli.out_cannot_create", "folder", path, "detail", err.Error())
		}
		return path, nil
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Relais's own folders are refused as such, missing or not.
		if err := (export.Guard{DataDir: env.DataDir}).Check(path); err != nil {
			return "", refusedFile(err)
		}
		return "", fail("cli.out_folder_missing", "folder", dir, "file", out)
	case err != nil:
		return "", fmt.Errorf("checking the folder %s: %w", dir, err)
	case !st.IsDir():
		return "", fail("cli.out_not_a_folder", "folder", dir)
	}
	return path, nil
}

// endsWithSeparator reports whether a path as typed ends with a folder
// separator ("/", and also "\" on Windows).
func endsWithSeparator(path string) bool {
	return path != "" && (strings.HasSuffix(path, "/") || os.IsPathSeparator(path[len(path)-1]))
}
