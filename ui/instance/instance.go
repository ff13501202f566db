// Package instance lets a second Relais started on the same data directory
// hand its command line to the first one, instead of waiting on the locked
// database: the first brings its window forward, or runs the command with
// its own open workspace and sends back what it printed.
//
// The first Relais listens where only the same user can reach it: on Unix a
// socket in the data directory (0600, in a folder only the user can write),
// on Windows a named pipe whose security descriptor grants the user alone.
// A request is one JSON line; the answer is one JSON line; then the
// connection closes. Before a request (which may carry a token) leaves, the
// second Relais checks that the listener belongs to the same user, by the
// owner and mode of the socket and its folder and by the peer's credentials
// where the OS gives them (instance_unix.go, instance_windows.go).
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
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request is what a second Relais sends.
type Request struct {
	Args []string `json:"args"` // its command line, without the program name
	Lang string   `json:"lang"` // the language of its environment
	Dir  string   `json:"dir"`  // its working directory, for relative paths
	// Stdin is what it read on its standard input for the command (a
	// token given with --token-stdin). It is only sent to a listener
	// proved to be the user's own; the answer never echoes it.
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

// ErrNotPrivate is returned by Send when something listens for the data
// directory but is not proved to be the user's own (a socket or folder of
// another user, a folder others can write): nothing was sent to it, and
// the caller must not go on as if nobody were there.
var ErrNotPrivate = errors.New("the running Relais's socket is not private to this user")

// MaxRequest is the largest request Send hands over and a Relais reads, in
// bytes with its end of line: room for a long reply or post given on the
// command line, bounded so that a stray client cannot fill the memory.
const MaxRequest = 64 << 20

// TooLargeError is returned by Send, before anything is sent, for a
// request over MaxRequest to a running Relais.
type TooLargeError struct {
	Size, Max int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the command is %d bytes long, more than the %d a running Relais takes", e.Size, e.Max)
}

// Server answers second instances.
type Server struct {
	ln     net.Listener
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Listen starts answering second instances of dataDir. Call it only while
// holding the data directory's database: that lock proves any socket file
// left there is stale, from a Relais that was killed.
func Listen(dataDir string, h Handler) (*Server, error) {
	ln, err := listen(dataDir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{ln: ln, cancel: cancel}
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

func serveConn(ctx context.Context, conn net.Conn, h Handler) {
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	// Close must not wait out the deadline of a client that sends nothing.
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	r := bufio.NewReader(io.LimitReader(conn, MaxRequest))
	line, err := r.ReadBytes('\n')
	if err != nil {
		return
	}
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return
	}
	conn.SetReadDeadline(time.Time{})
	// A client that goes away (Ctrl+C, a kill) closes the connection: the
	// command it asked for is cancelled, as it would have been in its own
	// process. The client sends nothing more, so any read ending means it
	// is gone.
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var answered, left atomic.Bool
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		var b [1]byte
		conn.Read(b[:])
		if !answered.Load() && ctx.Err() == nil {
			left.Store(true)
			cancel()
		}
	}()
	resp := h(hctx, req)
	answered.Store(true)
	conn.SetReadDeadline(time.Now()) // the watch ends
	<-watched
	if left.Load() {
		return // nobody to answer
	}
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
// returns ErrNoInstance at once when nobody listens, an error wrapping
// ErrNotPrivate when the listener is not proved to be the user's own, and
// a *TooLargeError when req is over MaxRequest; in these three cases
// nothing was sent.
func Send(ctx context.Context, dataDir string, req Request) (Response, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return Response{}, err
	}
	b = append(b, '\n')
	// dial verifies who listens before anything is written.
	conn, err := dial(ctx, dataDir)
	if err != nil {
		return Response{}, err
	}
	defer conn.Close()
	// A command too large to hand over is refused here rather than
	// dropped by the running Relais (which the caller could only report
	// as "may have been done"); with nobody listening, the caller can
	// still carry it out itself.
	if len(b) > MaxRequest {
		return Response{}, &TooLargeError{Size: len(b), Max: MaxRequest}
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	if _, err := conn.Write(b); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoInstance, err)
	}
	var resp Response
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	return resp, nil
}

// pipeName is the Windows named pipe of the data directory abs (absolute)
// for the user of the security identifier sid: named pipes share one
// namespace for the whole machine, so the name holds both, hashed to a
// fixed length. Windows paths are compared without case.
func pipeName(sid, abs string) string {
	sum := sha256.Sum256([]byte(sid + "\x00" + strings.ToLower(abs)))
	return `\\.\pipe\relais-` + hex.EncodeToString(sum[:16])
}

// pipeSDDL is the security descriptor of the pipe: owned by the user of
// sid, whose only entry grants that user full access. "P" protects it from
// inherited entries, so nobody else (not even Administrators or SYSTEM by
// inheritance) may open it.
func pipeSDDL(sid string) string {
	return "O:" + sid + "D:P(A;;GA;;;" + sid + ")"
}
