// Package loopback receives the browser's return from an OAuth 2 sign-in
// on the user's own machine (RFC 8252, "loopback interface redirection"),
// for every network that signs in through the browser (Mastodon, Meta's
// Facebook, Instagram and Threads).
//
// Each workspace keeps one port, chosen once in the dynamic range
// (49152–65535) and stored in its settings (see WorkspacePort), so that a
// redirect URI registered once — by Relais on a Mastodon server, or by the
// user in their own Meta app — stays valid from one sign-in to the next.
//
// A Receiver listens on that port for one sign-in: it accepts the first
// return whose state is the sign-in's, answers the browser with a small
// page in the browser's language (French or English), and closes. When
// the port is taken by another program, Listen says so (ErrPortTaken) and
// the caller offers the fallback: the user pastes the address the browser
// ended on, or the code (see ParsePasted).
package loopback

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
)

// CallbackPath is where the browser comes back to.
const CallbackPath = "/callback"

// The dynamic (private) port range of RFC 6335, where a workspace's port
// is chosen.
const (
	MinPort = 49152
	MaxPort = 65535
)

// DefaultTimeout is how long a Receiver waits for the browser when the
// caller's context has no deadline: long enough to create an account on
// the way, short enough that a forgotten sign-in does not hold the port.
const DefaultTimeout = 15 * time.Minute

// The ways a sign-in through the browser ends without a code.
var (
	// ErrDenied: the user refused Relais on the network's page.
	ErrDenied = errors.New("the sign-in was refused on the server's page")
	// ErrMismatch: the browser came back from another sign-in (its state
	// does not match this one's); nothing was accepted.
	ErrMismatch = errors.New("the browser came back from another sign-in: try again")
	// ErrNoCode: the browser came back, or the user pasted, no code.
	ErrNoCode = errors.New("the server gave no sign-in code")
	// ErrTimeout: the browser did not come back in time.
	ErrTimeout = errors.New("the browser did not come back in time: sign in again")
)

// ErrPortTaken is matched (errors.Is) by the error of Listen when another
// program holds the workspace's port; the error is an *app.PortTakenError
// naming the port.
var ErrPortTaken = app.ErrSignInPortTaken

// PortSetting is where a workspace keeps its port: app.Settings.
type PortSetting interface {
	SignInPort(ctx context.Context) (int, error)
	SetSignInPort(ctx context.Context, port int) error
}

// WorkspacePort returns the workspace's sign-in port, choosing one and
// storing it the first time.
func WorkspacePort(ctx context.Context, s PortSetting) (int, error) {
	port, err := s.SignInPort(ctx)
	if err != nil {
		return 0, err
	}
	if port != 0 {
		return port, nil
	}
	port, err = ChoosePort()
	if err != nil {
		return 0, err
	}
	if err := s.SetSignInPort(ctx, port); err != nil {
		return 0, err
	}
	return port, nil
}

// ChoosePort returns a port of the dynamic range that is free now on the
// loopback: random ports are tried until one binds.
func ChoosePort() (int, error) {
	var last error
	for range 64 {
		n, err := rand.Int(rand.Reader, big.NewInt(MaxPort-MinPort+1))
		if err != nil {
			return 0, err
		}
		port := MinPort + int(n.Int64())
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			last = err
			continue
		}
		ln.Close()
		return port, nil
	}
	return 0, fmt.Errorf("no free port for the browser to come back to: %w", last)
}

// RedirectURI is the address the browser comes back to on port:
// scheme "http" or "https", host "127.0.0.1" or "localhost".
func RedirectURI(scheme, host string, port int) string {
	return scheme + "://" + net.JoinHostPort(host, strconv.Itoa(port)) + CallbackPath
}

// NewState returns a random value that ties the browser's return to one
// sign-in.
func NewState() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Receiver waits for the browser on the loopback, for one sign-in.
type Receiver struct {
	state string
	lns   []net.Listener
	srv   *http.Server
	port  int
	done  chan result
	once  sync.Once
}

type result struct {
	code string
	err  error
}

// Listen starts a receiver for the sign-in whose state is state, on port
// (0: any free port) of 127.0.0.1 — and of ::1 as well when it can, since
// a browser may resolve "localhost" to either.
func Listen(port int, state string) (*Receiver, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		if port != 0 {
			// "Address in use", or on some systems "permission denied"
			// for a port another user's program holds: the way out is
			// the same.
			return nil, &app.PortTakenError{Port: port, Err: err}
		}
		return nil, fmt.Errorf("listening for the browser: %w", err)
	}
	r := &Receiver{state: state, lns: []net.Listener{ln}, port: ln.Addr().(*net.TCPAddr).Port, done: make(chan result, 1)}
	if ln6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(r.port))); err == nil {
		r.lns = append(r.lns, ln6)
	}
	r.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(r.serve)}
	for _, l := range r.lns {
		go r.srv.Serve(l)
	}
	return r, nil
}

// Port is the port the receiver listens on.
func (r *Receiver) Port() int { return r.port }

// Wait returns the code the browser came back with, the reason it came
// back without one, ctx's error, or ErrTimeout after DefaultTimeout when
// ctx has no deadline. The receiver is closed when Wait returns.
func (r *Receiver) Wait(ctx context.Context) (string, error) {
	defer r.Close()
	var timeout <-chan time.Time
	if _, ok := ctx.Deadline(); !ok {
		t := time.NewTimer(DefaultTimeout)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-timeout:
		return "", ErrTimeout
	case res := <-r.done:
		return res.code, res.err
	}
}

// Close stops listening, letting an answer being written to the browser
// finish first. It may be called more than once.
func (r *Receiver) Close() {
	r.once.Do(func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		r.srv.Shutdown(sctx)
		r.srv.Close()
	})
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path != CallbackPath || req.Method != http.MethodGet {
		http.NotFound(w, req)
		return
	}
	code, err := Callback(req.URL.Query(), r.state)
	fr := prefersFrench(req.Header.Get("Accept-Language"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
	}
	fmt.Fprint(w, page(fr, err))
	select {
	case r.done <- result{code, err}:
	default: // a sign-in has already come back: one shot only
	}
}

// Callback reads what the browser came back with: the code, if the state
// is the sign-in's and the user accepted.
func Callback(q url.Values, state string) (string, error) {
	if state == "" || q.Get("state") != state {
		return "", ErrMismatch
	}
	if e := q.Get("error"); e != "" {
		if e == "access_denied" || q.Get("error_reason") == "user_denied" {
			return "", ErrDenied
		}
		msg := q.Get("error_description")
		if msg == "" {
			msg = e
		}
		return "", fmt.Errorf("the server refused the sign-in: %s", msg)
	}
	// Instagram ends the code with "#_", which a pasted address keeps.
	code := strings.TrimSuffix(q.Get("code"), "#_")
	if code == "" {
		return "", ErrNoCode
	}
	return code, nil
}

// ParsePasted reads what the user pasted when the browser could not come
// back: the whole address the browser ended on (its state is then
// checked), or the code alone.
func ParsePasted(text, state string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", ErrNoCode
	}
	if strings.Contains(text, "://") || strings.HasPrefix(text, "localhost") || strings.HasPrefix(text, "127.0.0.1") {
		if !strings.Contains(text, "://") {
			text = "http://" + text
		}
		u, err := url.Parse(text)
		if err != nil {
			return "", ErrNoCode
		}
		return Callback(u.Query(), state)
	}
	if strings.ContainsAny(text, " \t\n?&") {
		return "", ErrNoCode
	}
	return strings.TrimSuffix(text, "#_"), nil
}

// prefersFrench reads the browser's Accept-Language: French when French
// comes before English.
func prefersFrench(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case tag == "fr" || strings.HasPrefix(tag, "fr-"):
			return true
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			return false
		}
	}
	return false
}

// page is what the browser shows after coming back.
func page(fr bool, err error) string {
	title, body := "Relais", "You can close this tab and go back to Relais."
	lang := "en"
	if fr {
		lang, body = "fr", "Vous pouvez fermer cet onglet et revenir à Relais."
	}
	if err != nil {
		reason := err.Error()
		if fr {
			reason = frenchReason(err)
			body = "Relais n’a pas pu se connecter : " + html.EscapeString(reason) + ". Vous pouvez fermer cet onglet et réessayer depuis Relais."
		} else {
			body = "Relais could not sign in: " + html.EscapeString(reason) + ". You can close this tab and go back to Relais to try again."
		}
	}
	return `<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><title>` + title +
		`</title></head><body style="font-family:sans-serif;margin:3em auto;max-width:32em"><h1>Relais</h1><p>` + body + "</p></body></html>\n"
}

func frenchReason(err error) string {
	switch {
	case errors.Is(err, ErrDenied):
		return "la connexion a été refusée sur la page du réseau"
	case errors.Is(err, ErrMismatch):
		return "le navigateur revient d’une autre connexion"
	case errors.Is(err, ErrNoCode):
		return "le réseau n’a donné aucun code"
	}
	return "le réseau a refusé la connexion (" + err.Error() + ")"
}
