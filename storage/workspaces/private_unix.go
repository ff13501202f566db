//go:build unix

package workspaces

import (
	"errors"
	"github.com/relais-app/relais/app/workspace"
	"os"
	"syscall"
)

// CheckPrivate checks that dir, when it exists, is a folder of the user's
// that no other user may write to. A folder that does not exist yet is
// fine: Relais makes it 0700.
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
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return &workspace.NotPrivateError{Dir: dir, Reason: "owner"}
	}
	if info.Mode().Perm()&0o022 != 0 {
		return &workspace.NotPrivateError{Dir: dir, Reason: "writable"}
	}
	return nil
}
