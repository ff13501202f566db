package instance

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// checkPeer refuses a connection whose listening process is not run by
// uid, as the kernel tells (LOCAL_PEERCRED, what getpeereid reads).
func checkPeer(conn *net.UnixConn, uid int) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var cred *unix.Xucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = unix.GetsockoptXucred(int(fd), unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
	}); err != nil {
		return err
	}
	if credErr != nil {
		return fmt.Errorf("reading who listens: %w", credErr)
	}
	if int(cred.Uid) != uid {
		return fmt.Errorf("the listening process is run by user %d", cred.Uid)
	}
	return nil
}
