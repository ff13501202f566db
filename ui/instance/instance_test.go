package instance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
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
	if len(p) > maxSocketPath || !strings.HasPrefix(p, os.TempDir()) {
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
