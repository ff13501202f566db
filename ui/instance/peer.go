//go:build linux || darwin

package instance

import (
	"fmt"
	"net"
)

// checkPeer refuses a connection whose listening process is not run by
// uid, as the kernel tells (peerUID).
func checkPeer(conn *net.UnixConn, uid int) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var peer int
	var peerErr error
	if err := raw.Control(func(fd uintptr) { peer, peerErr = peerUID(int(fd)) }); err != nil {
		return err
	}
	if peerErr != nil {
		return fmt.Errorf("reading who listens: %w", peerErr)
	}
	if peer != uid {
		return fmt.Errorf("the listening process is run by user %d", peer)
	}
	return nil
}
