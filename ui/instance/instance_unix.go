//go:build !windows

package instance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// maxSocketPath is the usable length of a Unix socket path (108 on Linux,
// 104 on macOS, less the final NUL).
const maxSocketPath = 100

// SocketPath returns where the first Relais of dataDir listens: in the data
// directory, or, when that path would be too long for a socket, in the
// user's own runtime directory ($XDG_RUNTIME_DIR, else a 0700 folder of
// the temporary directory named after the user ID) under a name derived
// from the data directory.
func SocketPath(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	p := filepath.Join(abs, "relais.sock")
	if len(p) <= maxSocketPath {
		return p
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(runtimeDir(), "relais-"+hex.EncodeToString(sum[:8])+".sock")
}

// runtimeDir is a folder only this user can enter, for sockets.
func runtimeDir() string {
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		return dir
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("relais-%d", os.Getuid()))
}

// checkRuntime refuses a socket in the runtime folder when another user
// could have made that folder or can enter it: in a shared temporary
// directory, anyone can create a folder of any name first.
func checkRuntime(path string, uid int) error {
	dir := filepath.Dir(path)
	if dir != runtimeDir() {
		return nil
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() || !ownedBy(info, uid) || info.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is not a folder private to this user", dir)
	}
	return nil
}

// checkSocket refuses a socket that another user may have put there or
// may replace: the socket file must be the user's, and so must its
// folder, which nobody else may write to. (The socket's mode is not asked:
// its owner chose it, and the listener makes it 0600 just after binding.)
func checkSocket(path string, uid int) error {
	if err := checkRuntime(path, uid); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() || !ownedBy(info, uid) {
		return fmt.Errorf("the folder %s belongs to another user", dir)
	}
	if info.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("others can write in the folder %s (mode %o)", dir, info.Mode().Perm())
	}
	info, err = os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode().Type() != fs.ModeSocket || !ownedBy(info, uid) {
		return fmt.Errorf("%s is not a socket of this user", path)
	}
	return nil
}

func ownedBy(info fs.FileInfo, uid int) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == uid
}

func listen(dataDir string) (net.Listener, error) {
	path := SocketPath(dataDir)
	if filepath.Dir(path) == runtimeDir() {
		if err := os.MkdirAll(runtimeDir(), 0o700); err != nil {
			return nil, fmt.Errorf("making the socket folder: %w", err)
		}
	}
	if err := checkRuntime(path, os.Getuid()); err != nil {
		return nil, err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("removing the stale socket %s: %w", path, err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("protecting %s: %w", path, err)
	}
	return ln, nil
}

func dial(ctx context.Context, dataDir string) (net.Conn, error) {
	return dialAs(ctx, dataDir, os.Getuid())
}

// dialAs connects to the socket of dataDir once it is proved to belong to
// the user uid: by its file and folder first, then by the credentials of
// the process that listens, where the OS gives them.
func dialAs(ctx context.Context, dataDir string, uid int) (net.Conn, error) {
	path := SocketPath(dataDir)
	if _, err := os.Lstat(path); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	if err := checkSocket(path, uid); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPrivate, err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	if err := checkPeer(conn.(*net.UnixConn), uid); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %v", ErrNotPrivate, err)
	}
	return conn, nil
}
