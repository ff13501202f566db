//go:build unix

package workspaces

import (
	"io/fs"
	"os"
	"syscall"
)

// othersReach says how other users reach a folder: "owner" when it is
// theirs, "writable" when they may write in it, "" when they cannot.
func othersReach(info fs.FileInfo) string {
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return "owner"
	}
	if info.Mode().Perm()&0o022 != 0 {
		return "writable"
	}
	return ""
}
