package workspaces

import (
	"errors"
	"os"

	"github.com/relais-app/relais/app/workspace"
)

// ErrNotPrivate is workspace.ErrNotPrivate, returned by CheckPrivate.
var ErrNotPrivate = workspace.ErrNotPrivate

// CheckPrivate checks that dir, when it exists, is a folder that no other
// user owns or may write to (on Windows, where a folder under the user's
// profile inherits an access list that keeps others out, that it is a
// folder). A folder that does not exist yet is fine: Relais makes it
// 0700.
func CheckPrivate(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return &workspace.NotPrivateError{Dir: dir, Reason: "not_folder"}
	}
	if reason := othersReach(info); reason != "" {
		return &workspace.NotPrivateError{Dir: dir, Reason: reason}
	}
	return nil
}
