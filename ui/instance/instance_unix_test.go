//go:build !windows

package instance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func shortDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ri")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func echo(ctx context.Context, req Request) Response {
	return Response{Stdout: strings.Join(req.Args, " "), Stderr: req.Lang, Code: len(req.Args)}
}

func TestSendIsAnsweredByListener(t *testing.T) {
	dir := shortDir(t)
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	info, err := os.Stat(SocketPath(dir))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("socket %v, %v", info, err)
	}
	resp, err := Send(context.Background(), dir, Request{Args: []string{"draft", "list"}, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if resp != (Response{Stdout: "draft list", Stderr: "fr", Code: 2}) {
		t.Errorf("answer %+v", resp)
	}
}

// The request arrives whole, whatever its words hold (new lines would
// break a line protocol that did not escape them), and so does the answer.
func TestRequestAndResponseArriveWhole(t *testing.T) {
	dir := shortDir(t)
	seen := make(chan Request, 1)
	want := Response{Stdout: "ligne 1\nligne 2 « é » \u2028\n", Stderr: "erreur\n", Code: 7}
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		seen <- req
		return want
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	req := Request{
		Args: []string{"draft", "add", "--text", "Bonjour\n\"tout\" le monde\n{}", "--tag", "été", ""},
		Lang: "fr",
		Dir:  "/home/cm/Mes documents",
	}
	resp, err := Send(context.Background(), dir, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := <-seen; !reflect.DeepEqual(got, req) {
		t.Errorf("the handler saw %+v, want %+v", got, req)
	}
	if resp != want {
		t.Errorf("answer %+v, want %+v", resp, want)
	}
}

func TestSendWithNobodyListeningFailsAtOnce(t *testing.T) {
	dir := shortDir(t)
	start := time.Now()
	if _, err := Send(context.Background(), dir, Request{}); !errors.Is(err, ErrNoInstance) {
		t.Errorf("no socket: %v", err)
	}
	// A socket file left by a Relais that was killed.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: SocketPath(dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(SocketPath(dir)); err != nil {
		t.Fatal("the stale socket file is not there")
	}
	if _, err := Send(context.Background(), dir, Request{}); !errors.Is(err, ErrNoInstance) {
		t.Errorf("stale socket: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	// Listening over the stale file works.
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Send(context.Background(), dir, Request{Args: []string{"x"}}); err != nil {
		t.Errorf("after taking over the stale socket: %v", err)
	}
}

func TestCloseWaitsAndRemovesSocket(t *testing.T) {
	dir := shortDir(t)
	started, release := make(chan struct{}), make(chan struct{})
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		close(started)
		<-release
		return Response{Stdout: "late"}
	})
	if err != nil {
		t.Fatal(err)
	}
	answer := make(chan Response)
	go func() {
		resp, _ := Send(context.Background(), dir, Request{})
		answer <- resp
	}()
	<-started
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close did not wait for the request under way")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-closed
	if resp := <-answer; resp.Stdout != "late" {
		t.Errorf("the request under way got %+v", resp)
	}
	if _, err := os.Stat(SocketPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after Close: %v", err)
	}
}

func TestConcurrentRequests(t *testing.T) {
	dir := shortDir(t)
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			arg := fmt.Sprint("n", i)
			resp, err := Send(context.Background(), dir, Request{Args: []string{arg}})
			if err != nil || resp.Stdout != arg {
				t.Errorf("request %s got %+v, %v", arg, resp, err)
			}
		}()
	}
	wg.Wait()
}

func TestMalformedRequestIsDropped(t *testing.T) {
	dir := shortDir(t)
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := net.Dial("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("{not json\n"))
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, _ := conn.Read(make([]byte, 10)); n != 0 {
		t.Error("a malformed request got an answer")
	}
	conn.Close()
	if _, err := Send(context.Background(), dir, Request{Args: []string{"ok"}}); err != nil {
		t.Errorf("the server stopped after a malformed request: %v", err)
	}
}

func TestLongDataDirectoryGetsAShortSocket(t *testing.T) {
	long := filepath.Join(os.TempDir(), strings.Repeat("d", 120))
	p := SocketPath(long)
	if len(p) > maxSocketPath || filepath.Dir(p) != runtimeDir() {
		t.Errorf("socket path %q", p)
	}
	if SocketPath(long) != p || SocketPath(long+"x") == p {
		t.Error("socket path not stable and distinct per data directory")
	}
	if short := SocketPath("/tmp/relais"); short != "/tmp/relais/relais.sock" {
		t.Errorf("short data directory: %q", short)
	}
}

// A client that connects and says nothing must not hold up Close.
func TestCloseDoesNotWaitForASilentClient(t *testing.T) {
	dir := shortDir(t)
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // the server is now reading
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
}

// A data directory under a long path (t.TempDir's can be) gets its socket
// in the temporary directory, where the whole round trip works as well.
func TestLongDataDirectoryRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("long-folder-name/", 6), "relais")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := SocketPath(dir)
	if len(filepath.Join(dir, "relais.sock")) <= maxSocketPath || len(path) > maxSocketPath || filepath.Dir(path) != runtimeDir() {
		t.Fatalf("socket path %q for %q", path, dir)
	}
	// A stale file there too (left in the runtime folder a Relais made).
	if err := os.MkdirAll(runtimeDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	stale, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	stale.SetUnlinkOnClose(false)
	stale.Close()
	t.Cleanup(func() { os.Remove(path) })
	if _, err := Send(context.Background(), dir, Request{}); !errors.Is(err, ErrNoInstance) {
		t.Errorf("stale socket: %v", err)
	}
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 || info.Mode().Type() != os.ModeSocket {
		t.Errorf("socket %v, %v", info, err)
	}
	resp, err := Send(context.Background(), dir, Request{Args: []string{"a", "b"}, Lang: "en"})
	if err != nil || resp != (Response{Stdout: "a b", Stderr: "en", Code: 2}) {
		t.Errorf("answer %+v, %v", resp, err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after Close: %v", err)
	}
}

func TestSocketPathIsStable(t *testing.T) {
	dir := shortDir(t)
	if p := SocketPath(dir); p != filepath.Join(dir, "relais.sock") || SocketPath(dir+"/") != p || SocketPath(dir+"/./x/..") != p {
		t.Errorf("SocketPath(%q) = %q, with a trailing slash %q", dir, p, SocketPath(dir+"/"))
	}
	// A relative directory is the same as its absolute form.
	t.Chdir(dir)
	if SocketPath("sub") != filepath.Join(dir, "sub", "relais.sock") {
		t.Errorf("relative: %q", SocketPath("sub"))
	}
	long := strings.Repeat("x", 120)
	if SocketPath(long) != SocketPath(filepath.Join(dir, long)) || SocketPath(long) == SocketPath(strings.Repeat("y", 120)) {
		t.Errorf("long relative: %q", SocketPath(long))
	}
}

func TestSendAfterCloseFailsAtOnce(t *testing.T) {
	dir := shortDir(t)
	s, err := Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Send(context.Background(), dir, Request{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	start := time.Now()
	if _, err := Send(context.Background(), dir, Request{}); !errors.Is(err, ErrNoInstance) {
		t.Errorf("after Close: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	// And the directory can be listened on again, as by the next Relais.
	s, err = Listen(dir, echo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Send(context.Background(), dir, Request{}); err != nil {
		t.Errorf("listening again: %v", err)
	}
}

// Close tells a request under way that Relais is quitting.
func TestCloseCancelsTheHandlersContext(t *testing.T) {
	dir := shortDir(t)
	started := make(chan struct{})
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		close(started)
		select {
		case <-ctx.Done():
			return Response{Stderr: "cancelled", Code: 1}
		case <-time.After(10 * time.Second):
			return Response{Stdout: "not cancelled"}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	answer := make(chan Response, 1)
	go func() {
		resp, _ := Send(context.Background(), dir, Request{})
		answer <- resp
	}()
	<-started
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	if resp := <-answer; resp != (Response{Stderr: "cancelled", Code: 1}) {
		t.Errorf("answer %+v", resp)
	}
}

// A Relais that takes the request and never answers does not hold the
// second one longer than its context allows.
func TestSendGivesUpAtItsDeadline(t *testing.T) {
	dir := shortDir(t)
	release := make(chan struct{})
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		<-release
		return Response{}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := Send(ctx, dir, Request{}); err == nil {
		t.Error("Send returned no error without an answer")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestMalformedRequestsGetNoAnswer(t *testing.T) {
	dir := shortDir(t)
	var calls sync.WaitGroup
	called := make(chan Request, 10)
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		called <- req
		return echo(ctx, req)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, input := range []string{
		"{not json\n",
		"\n",
		"[1, 2]\n",
		`{"args": 5}` + "\n",
		`{"args": ["x"]}`, // no end of line, then the client closes its side
		"",                // connects and hangs up
		"\x00\xff\xfe\n",
	} {
		calls.Add(1)
		go func() {
			defer calls.Done()
			conn, err := net.Dial("unix", SocketPath(dir))
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			conn.Write([]byte(input))
			conn.(*net.UnixConn).CloseWrite()
			conn.SetReadDeadline(time.Now().Add(2 * time.Second))
			if n, _ := conn.Read(make([]byte, 10)); n != 0 {
				t.Errorf("%q got an answer", input)
			}
		}()
	}
	calls.Wait()
	select {
	case req := <-called:
		t.Errorf("the handler was called with %+v", req)
	default:
	}
	if resp, err := Send(context.Background(), dir, Request{Args: []string{"ok"}}); err != nil || resp.Stdout != "ok" {
		t.Errorf("the server stopped after malformed requests: %+v, %v", resp, err)
	}
}

func TestRuntimeFolderMustBePrivate(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	os.Chmod(runtimeDir(), 0o755) // as another user's folder of that name might be
	long := filepath.Join(t.TempDir(), strings.Repeat("d", 120))
	if _, err := Listen(long, echo); err == nil {
		t.Error("Listen used a runtime folder others can enter")
	}
	if _, err := Send(context.Background(), long, Request{}); !errors.Is(err, ErrNoInstance) {
		t.Errorf("Send through a shared folder: %v", err)
	}
	os.Chmod(runtimeDir(), 0o700)
	s, err := Listen(long, echo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Send(context.Background(), long, Request{Args: []string{"x"}}); err != nil {
		t.Errorf("through a private folder: %v", err)
	}
}

// A Relais that took the command and went away without answering may have
// carried it out: that is not "nobody there".
func TestTakenButNotAnswered(t *testing.T) {
	dir := shortDir(t)
	ln, err := net.Listen("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		bufio.NewReader(conn).ReadBytes('\n')
		conn.Close() // crashed before answering
	}()
	_, err = Send(context.Background(), dir, Request{Args: []string{"draft", "add"}})
	if !errors.Is(err, ErrNoAnswer) || errors.Is(err, ErrNoInstance) {
		t.Errorf("got %v, want ErrNoAnswer only", err)
	}
}

// A command over the old 1 MiB limit (a long reply given on standard input)
// is handed over whole, not dropped as "may have been done".
func TestLargeCommandIsHandedOver(t *testing.T) {
	dir := shortDir(t)
	seen := make(chan Request, 1)
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		seen <- req
		return Response{Stdout: "ok"}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := strings.Repeat("é", 3<<20) // 6 MiB
	resp, err := Send(context.Background(), dir, Request{Args: []string{"reply"}, Stdin: text})
	if err != nil || resp.Stdout != "ok" {
		t.Fatalf("answer %+v, %v", resp, err)
	}
	if got := <-seen; got.Stdin != text {
		t.Errorf("the handler got %d bytes, want %d", len(got.Stdin), len(text))
	}
}

// A command over MaxRequest is refused before anything is sent, with an
// error that says so, when a Relais listens; with nobody listening, the
// caller may still carry it out itself.
func TestTooLargeCommandIsRefusedBeforeSending(t *testing.T) {
	dir := shortDir(t)
	huge := Request{Args: []string{"draft", "add"}, Stdin: strings.Repeat("x", MaxRequest)}
	if _, err := Send(context.Background(), dir, huge); !errors.Is(err, ErrNoInstance) {
		t.Errorf("nobody listening: %v", err)
	}
	called := make(chan Request, 1)
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		called <- req
		return Response{}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = Send(context.Background(), dir, huge)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Max != MaxRequest || tl.Size <= MaxRequest || errors.Is(err, ErrNoAnswer) || errors.Is(err, ErrNoInstance) {
		t.Fatalf("got %v, want a TooLargeError", err)
	}
	select {
	case <-called:
		t.Error("the request was sent")
	case <-time.After(100 * time.Millisecond):
	}
	// The listener is still there for the next command.
	if _, err := Send(context.Background(), dir, Request{Args: []string{"x"}}); err != nil {
		t.Errorf("after the refusal: %v", err)
	}
}

// listenerSeeing listens on dir and reports every request it gets.
func listenerSeeing(t *testing.T, dir string) chan Request {
	t.Helper()
	got := make(chan Request, 1)
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		got <- req
		return Response{Stdout: "Connected"}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return got
}

func assertNotSent(t *testing.T, got chan Request) {
	t.Helper()
	select {
	case req := <-got:
		t.Errorf("the request reached the socket: %+v", req)
	default:
	}
}

// A socket in a folder others can write to may have been put there, or
// replaced, by another user: the token is not sent to it.
func TestSocketInAFolderOthersCanWriteIsRefused(t *testing.T) {
	for _, mode := range []os.FileMode{0o777, 0o770, 0o1777, 0o722} {
		t.Run(mode.String(), func(t *testing.T) {
			dir := shortDir(t)
			got := listenerSeeing(t, dir)
			if err := os.Chmod(dir, mode); err != nil {
				t.Fatal(err)
			}
			_, err := Send(context.Background(), dir, Request{Args: []string{"account", "add"}, Stdin: "secret-token"})
			if !errors.Is(err, ErrNotPrivate) || errors.Is(err, ErrNoInstance) {
				t.Errorf("got %v, want ErrNotPrivate", err)
			}
			assertNotSent(t, got)
			// Made private again, the same socket is trusted.
			os.Chmod(dir, 0o755)
			if _, err := Send(context.Background(), dir, Request{Args: []string{"x"}}); err != nil {
				t.Errorf("a 0755 folder of the user: %v", err)
			}
		})
	}
}

// A socket and folder that belong to another user are refused: seen from
// a user other than the one who made them.
func TestSocketOfAnotherUserIsRefused(t *testing.T) {
	dir := shortDir(t)
	got := listenerSeeing(t, dir)
	other := os.Getuid() + 4242
	_, err := dialAs(context.Background(), dir, other)
	if !errors.Is(err, ErrNotPrivate) {
		t.Errorf("got %v, want ErrNotPrivate", err)
	}
	assertNotSent(t, got)
}

// A socket file of another user in the user's own folder (as root can make
// one) is refused too.
func TestSocketFileOfAnotherUserIsRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root can give a file to another user")
	}
	dir := shortDir(t)
	got := listenerSeeing(t, dir)
	if err := os.Lchown(SocketPath(dir), 4242, 4242); err != nil {
		t.Fatal(err)
	}
	_, err := Send(context.Background(), dir, Request{Stdin: "secret-token"})
	if !errors.Is(err, ErrNotPrivate) {
		t.Errorf("got %v, want ErrNotPrivate", err)
	}
	assertNotSent(t, got)
}

// Something other than a socket under the socket's name is not talked to.
func TestNotASocketIsRefused(t *testing.T) {
	dir := shortDir(t)
	if err := os.Symlink("/somewhere/else.sock", SocketPath(dir)); err != nil {
		t.Fatal(err)
	}
	if _, err := Send(context.Background(), dir, Request{}); !errors.Is(err, ErrNotPrivate) {
		t.Errorf("a symbolic link: %v", err)
	}
}

// The kernel's word on who listens is checked after connecting: a process
// of another user is refused even when the files looked right.
func TestPeerOfAnotherUserIsRefused(t *testing.T) {
	dir := shortDir(t)
	ln, err := net.Listen("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	conn, err := net.Dial("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := checkPeer(conn.(*net.UnixConn), os.Getuid()); err != nil {
		t.Errorf("the user's own listener: %v", err)
	}
	if err := checkPeer(conn.(*net.UnixConn), os.Getuid()+4242); err == nil {
		t.Error("a listener of another user was accepted")
	}
}

// TestClientGoneCancelsTheCommand: a command line stopped by Ctrl+C (its
// process gone, its connection closed) cancels the command the running
// Relais was carrying out for it.
func TestClientGoneCancelsTheCommand(t *testing.T) {
	dir := shortDir(t)
	started := make(chan struct{})
	cancelled := make(chan struct{})
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		close(started)
		select {
		case <-ctx.Done():
			close(cancelled)
		case <-time.After(30 * time.Second):
		}
		return Response{Stdout: "done"}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := net.Dial("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(conn, `{"args":["import","ics","/tmp/fifo"]}`)
	<-started
	conn.Close() // Ctrl+C
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the command went on after its caller left")
	}
}

// TestAnAnswerStillArrivesWhole: the watch for a caller leaving does not
// cut the answer of one that waits.
func TestAnAnswerStillArrivesWhole(t *testing.T) {
	dir := shortDir(t)
	s, err := Listen(dir, func(ctx context.Context, req Request) Response {
		time.Sleep(50 * time.Millisecond)
		return Response{Stdout: "fini", Code: 3}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	resp, err := Send(context.Background(), dir, Request{Args: []string{"sync"}})
	if err != nil || resp.Stdout != "fini" || resp.Code != 3 {
		t.Fatalf("answer %+v, %v", resp, err)
	}
}
