//go:build !windows && !linux && !darwin

package instance

import "net"

// checkPeer has no peer credentials to read on this system: the owner and
// mode of the socket and its folder (checkSocket) are the proof.
func checkPeer(conn *net.UnixConn, uid int) error { return nil }
