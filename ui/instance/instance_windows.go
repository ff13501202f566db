package instance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/Microsoft/go-winio"
	"golang.org/x/sys/windows"
)

// userSID is the security identifier of the user this process runs as.
func userSID() (string, error) {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("reading the current user: %w", err)
	}
	return user.User.Sid.String(), nil
}

// address is the pipe of dataDir for the current user.
func address(dataDir string) (name, sid string, err error) {
	if sid, err = userSID(); err != nil {
		return "", "", err
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	return pipeName(sid, abs), sid, nil
}

func listen(dataDir string) (net.Listener, error) {
	name, sid, err := address(dataDir)
	if err != nil {
		return nil, err
	}
	// ListenPipe makes the first instance of the pipe with
	// FILE_FLAG_FIRST_PIPE_INSTANCE: a pipe of that name made first by
	// anybody else makes it fail rather than share the name.
	ln, err := winio.ListenPipe(name, &winio.PipeConfig{SecurityDescriptor: pipeSDDL(sid)})
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", name, err)
	}
	return ln, nil
}

func dial(ctx context.Context, dataDir string) (net.Conn, error) {
	name, sid, err := address(dataDir)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	conn, err := winio.DialPipeContext(ctx, name)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, windows.ERROR_FILE_NOT_FOUND) {
		return nil, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	if errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, os.ErrPermission) {
		// A pipe of that name that the user may not open is not the
		// user's Relais.
		return nil, fmt.Errorf("%w: %v", ErrNotPrivate, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	if err := checkServer(conn, sid); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %v", ErrNotPrivate, err)
	}
	return conn, nil
}

// checkServer refuses a pipe whose serving process is not run by the user
// of sid (another user may have made a pipe of that name first): the
// Windows counterpart of the peer credentials on Unix.
func checkServer(conn net.Conn, sid string) error {
	f, ok := conn.(interface{ Fd() uintptr })
	if !ok {
		return errors.New("no handle to check the pipe's server")
	}
	var pid uint32
	if err := windows.GetNamedPipeServerProcessId(windows.Handle(f.Fd()), &pid); err != nil {
		return fmt.Errorf("finding the pipe's server: %w", err)
	}
	proc, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return fmt.Errorf("opening the pipe's server: %w", err)
	}
	defer windows.CloseHandle(proc)
	var token windows.Token
	if err := windows.OpenProcessToken(proc, windows.TOKEN_QUERY, &token); err != nil {
		return fmt.Errorf("reading the pipe's server: %w", err)
	}
	defer token.Close()
	user, err := token.GetTokenUser()
	if err != nil {
		return fmt.Errorf("reading the pipe's server: %w", err)
	}
	if got := user.User.Sid.String(); got != sid {
		return fmt.Errorf("the pipe is served by another user (%s)", got)
	}
	return nil
}
