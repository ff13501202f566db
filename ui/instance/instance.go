// Package instance lets a second Relais started on the same data directory
// hand its command line to the first one, instead of waiting on the locked
// database: the first brings its window forward, or runs the command with
// its own open workspace and sends back what it printed.
//
// The first Relais listens on a Unix socket in the data directory (0600, in
// a 0700 directory, so only the same user can talk to it). A request is one
// JSON line; the answer is one JSON line; then the connection closes.
package instance

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Request is what a second Relais sends.
type Request struct {
	Args []string `json:"args"` // its command line, without the program name
	Lang string   `json:"lang"` // the language of its environment
	Dir  string   `json:"dir"`  // its working directory, for relative paths
	// Stdin is what it read on its standard input for the command (a
	// token given with --token-stdin). The socket is the user's alone;
	// the answer never echoes it.
	Stdin string `json:"stdin,omitempty"`
}

// Response is what the first answers.
type Response struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Code   int    `json:"code"`
}

// Handler serves one request.
type Handler func(ctx context.Context, req Request) Response

// ErrNoInstance is returned by Send when no Relais listens on the socket:
// the command was not handed over, and the caller may carry it out.
var ErrNoInstance = errors.New("no running Relais answers")

// ErrNoAnswer is returned by Send when a Relais took the command but gave
// no answer: it may have carried it out, so the caller must not do it
// again by itself.
var ErrNoAnswer = errors.New("the running Relais took the command but did not answer")

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
// directory, anyone can create a folder of any name first. A socket in the
// data directory is the user's own choice of folder.
func checkRuntime(path string) error {
	dir := filepath.Dir(path)
	if dir != runtimeDir() {
		return nil
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !info.IsDir() || !ok || int(st.Uid) != os.Getuid() || info.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is not a folder private to this user", dir)
	}
	return nil
}

// Server answers second instances.
type Server struct {
	ln     net.Listener
	path   string
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Listen starts answering on the socket of dataDir. Call it only while
// holding the data directory's database: that lock proves any socket file
// left there is stale, from a Relais that was killed.
func Listen(dataDir string, h Handler) (*Server, error) {
	path := SocketPath(dataDir)
	if filepath.Dir(path) == runtimeDir() {
		if err := os.MkdirAll(runtimeDir(), 0o700); err != nil {
			return nil, fmt.Errorf("making the socket folder: %w", err)
		}
	}
	if err := checkRuntime(path); err != nil {
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
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{ln: ln, path: path, cancel: cancel}
	s.wg.Add(1)
	go s.serve(ctx, h)
	return s, nil
}

func (s *Server) serve(ctx context.Context, h Handler) {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			serveConn(ctx, conn, h)
		}()
	}
}

// maxRequest bounds a request line: a command line, not a file.
const maxRequest = 1 << 20

func serveConn(ctx context.Context, conn net.Conn, h Handler) {
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	// Close must not wait out the deadline of a client that sends nothing.
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	r := bufio.NewReader(io.LimitReader(conn, maxRequest))
	line, err := r.ReadBytes('\n')
	if err != nil {
		return
	}
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return
	}
	conn.SetReadDeadline(time.Time{})
	resp := h(ctx, req)
	b, err := json.Marshal(resp)
	if err != nil {
		return
	}
	conn.Write(append(b, '\n'))
}

// Close stops answering, waits for requests under way, and removes the
// socket file.
func (s *Server) Close() error {
	s.cancel()
	err := s.ln.Close() // a Unix listener also unlinks its socket file
	s.wg.Wait()
	return err
}

// Send hands req to the first Relais of dataDir and returns its answer. It
// returns ErrNoInstance at once when nobody listens.
func Send(ctx context.Context, dataDir string, req Request) (Response, error) {
	var d net.Dialer
	path := SocketPath(dataDir)
	if err := checkRuntime(path); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	b, err := json.Marshal(req)
	if err != nil {
		return Response{}, err
	}
	if _, err := conn.Write(append(b, '\n')); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	var resp Response
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	return resp, nil
}
