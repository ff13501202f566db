//go:build windows

package workspaces

import (
	"errors"
	"github.com/relais-app/relais/app/workspace"
	"os"
)

// CheckPrivate checks that dir, when it exists, is a folder. On Windows a
// folder under the user's profile (%AppData%) inherits an access list
// that keeps other users out; a folder elsewhere is the user's choice.
func CheckPrivate(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return &workspace.NotPrivateError{Dir: dir, Reason: "not_folder"}
	}
	return nil
}
