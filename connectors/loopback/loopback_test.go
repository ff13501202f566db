package loopback_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/loopback"
)

func get(t *testing.T, u string, lang string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func back(port int, q url.Values) string {
	return loopback.RedirectURI("http", "127.0.0.1", port) + "?" + q.Encode()
}

func TestReceiverOneShot(t *testing.T) {
	r, err := loopback.Listen(0, "st")
	if err != nil {
		t.Fatal(err)
	}
	status, body := get(t, back(r.Port(), url.Values{"state": {"st"}, "code": {"c0de#_"}}), "fr-FR,fr;q=0.9,en;q=0.5")
	if status != 200 || !strings.Contains(body, "Vous pouvez fermer cet onglet") || !strings.Contains(body, `lang="fr"`) {
		t.Errorf("browser got %d %q", status, body)
	}
	code, err := r.Wait(context.Background())
	if err != nil || code != "c0de" {
		t.Fatalf("Wait = %q, %v", code, err)
	}
	if conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(r.Port()), time.Second); err == nil {
		conn.Close()
		t.Error("the receiver still listens after Wait")
	}
}

func TestReceiverMismatchAndDenied(t *testing.T) {
	r, _ := loopback.Listen(0, "st")
	status, body := get(t, back(r.Port(), url.Values{"state": {"forged"}, "code": {"x"}}), "en")
	if status != http.StatusBadRequest || !strings.Contains(body, "another sign-in") {
		t.Errorf("browser got %d %q", status, body)
	}
	if _, err := r.Wait(context.Background()); !errors.Is(err, loopback.ErrMismatch) {
		t.Errorf("Wait: %v, want ErrMismatch", err)
	}

	r, _ = loopback.Listen(0, "st")
	get(t, back(r.Port(), url.Values{"state": {"st"}, "error": {"access_denied"}, "error_reason": {"user_denied"}}), "")
	if _, err := r.Wait(context.Background()); !errors.Is(err, loopback.ErrDenied) {
		t.Errorf("Wait: %v, want ErrDenied", err)
	}
}

func TestReceiverCancelled(t *testing.T) {
	r, _ := loopback.Listen(0, "st")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := r.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait: %v", err)
	}
	// The port is free again at once.
	again, err := loopback.Listen(r.Port(), "st")
	if err != nil {
		t.Fatalf("the port is still held: %v", err)
	}
	again.Close()
}

func TestPortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = loopback.Listen(port, "st")
	if !errors.Is(err, loopback.ErrPortTaken) || !strings.Contains(err.Error(), strconv.Itoa(port)) || !strings.Contains(err.Error(), "paste") {
		t.Fatalf("Listen on a taken port: %v", err)
	}
}

type memPort struct{ port, sets int }

func (m *memPort) SignInPort(context.Context) (int, error) { return m.port, nil }
func (m *memPort) SetSignInPort(_ context.Context, p int) error {
	m.port, m.sets = p, m.sets+1
	return nil
}

func TestWorkspacePortChosenOnce(t *testing.T) {
	s := &memPort{}
	p1, err := loopback.WorkspacePort(context.Background(), s)
	if err != nil || p1 < loopback.MinPort || p1 > loopback.MaxPort {
		t.Fatalf("port %d, %v", p1, err)
	}
	p2, _ := loopback.WorkspacePort(context.Background(), s)
	if p2 != p1 || s.sets != 1 {
		t.Errorf("second port %d (first %d), stored %d times", p2, p1, s.sets)
	}
}

func TestParsePasted(t *testing.T) {
	for _, c := range []struct {
		in, code string
		err      error
	}{
		{"https://localhost:50000/callback?code=AQB1&state=st#_", "AQB1", nil},
		{"https://localhost:50000/callback?code=AQB1%23_&state=st", "AQB1", nil},
		{"  localhost:50000/callback?state=st&code=z9  ", "z9", nil},
		{"https://localhost:50000/callback?code=AQB1&state=other", "", loopback.ErrMismatch},
		{"https://localhost:50000/callback?state=st&error=access_denied", "", loopback.ErrDenied},
		{"AQBxyz#_", "AQBxyz", nil},
		{"", "", loopback.ErrNoCode},
		{"two words", "", loopback.ErrNoCode},
	} {
		code, err := loopback.ParsePasted(c.in, "st")
		if code != c.code || !errors.Is(err, c.err) {
			t.Errorf("ParsePasted(%q) = %q, %v; want %q, %v", c.in, code, err, c.code, c.err)
		}
	}
}
