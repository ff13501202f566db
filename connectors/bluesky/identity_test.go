package bluesky_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
)

// txt is a DNS resolver with fixed TXT records.
type txt map[string]string

func (r txt) LookupTXT(_ context.Context, name string) ([]string, error) {
	if v, ok := r[name]; ok {
		return []string{"v=spf1 -all", v}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// webHosts serves https://example.com and https://*.example.com (the names
// httptest's certificate holds) from h, and returns an HTTP client that
// reaches them there, and everything else as usual.
func webHosts(t *testing.T, h http.Handler) *http.Client {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	tr := srv.Client().Transport.(*http.Transport).Clone()
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if host, _, _ := net.SplitHostPort(addr); host == "example.com" || strings.HasSuffix(host, ".example.com") {
			addr = srv.Listener.Addr().String()
		}
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr}
}

func TestResolveIdentity(t *testing.T) {
	type world struct {
		fake *blueskytest.Server
		acc  app.Account
	}
	cases := []struct {
		name string
		// prepare sets the world up and returns the account as the user
		// gave it, the TXT records and the web's pages.
		prepare func(w *world) (txt, http.HandlerFunc)
		// calls are the requests the resolution must have made.
		calls map[string]int
	}{
		{
			name: "PDS given",
			prepare: func(w *world) (txt, http.HandlerFunc) {
				return nil, nil
			},
			calls: map[string]int{"com.atproto.server.createSession": 1},
		},
		{
			name: "DNS TXT then did:plc",
			prepare: func(w *world) (txt, http.HandlerFunc) {
				w.acc.Server = ""
				return txt{"_atproto.relais.test": "did=" + w.fake.DID()}, nil
			},
		},
		{
			name: "well-known then did:plc",
			prepare: func(w *world) (txt, http.HandlerFunc) {
				w.fake.SetIdentity("alice.example.com", "did:plc:ewvi7nxzyoun6zhxrhs64oiz")
				w.acc.Server, w.acc.Handle = "", "Alice.example.com"
				return nil, func(rw http.ResponseWriter, r *http.Request) {
					if r.Host != "alice.example.com" || r.URL.Path != "/.well-known/atproto-did" {
						http.NotFound(rw, r)
						return
					}
					rw.Write([]byte("did:plc:ewvi7nxzyoun6zhxrhs64oiz\n"))
				}
			},
		},
		{
			name: "did:web",
			prepare: func(w *world) (txt, http.HandlerFunc) {
				w.fake.SetIdentity("example.com", "did:web:example.com")
				w.acc.Server, w.acc.Handle = "", "example.com"
				pds := w.fake.URL()
				return txt{"_atproto.example.com": "did=did:web:example.com"}, func(rw http.ResponseWriter, r *http.Request) {
					if r.Host != "example.com" || r.URL.Path != "/.well-known/did.json" {
						http.NotFound(rw, r)
						return
					}
					json.NewEncoder(rw).Encode(blueskytest.DIDDocument("did:web:example.com", "example.com", pds))
				}
			},
		},
		{
			name: "a DID for handle",
			prepare: func(w *world) (txt, http.HandlerFunc) {
				w.acc.Server, w.acc.Handle = "", w.fake.DID()
				return nil, nil
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			w := &world{fake: e.fake}
			w.acc, _ = e.fake.Account()
			records, pages := tc.prepare(w)
			if pages == nil {
				pages = http.NotFound
			}
			e.dial.HTTP = webHosts(t, pages)
			e.dial.Resolver = records
			e.dial.PLCDirectory = e.fake.URL()
			p, err := e.open(t, w.acc).Profile(testCtx(t))
			if err != nil {
				t.Fatalf("Profile: %v", err)
			}
			if p.RemoteID != e.fake.DID() || p.Server != e.fake.URL() {
				t.Errorf("Profile = %s on %s, want %s on %s", p.RemoteID, p.Server, e.fake.DID(), e.fake.URL())
			}
			for nsid, n := range tc.calls {
				if got := e.fake.Calls(nsid); got != n {
					t.Errorf("%d calls to %s, want %d", got, nsid, n)
				}
			}
		})
	}
}

func TestResolveHandleThroughThePDS(t *testing.T) {
	// A stored session and a PDS, but no DID yet: the PDS resolves the
	// handle.
	e := newEnv(t)
	ctx := testCtx(t)
	if _, err := e.conn.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	acc, _ := e.fake.Account()
	p, err := e.open(t, acc).Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.RemoteID != e.fake.DID() {
		t.Errorf("RemoteID = %q, want %q", p.RemoteID, e.fake.DID())
	}
	if n := e.fake.Calls("com.atproto.identity.resolveHandle"); n != 1 {
		t.Errorf("%d resolveHandle, want 1", n)
	}
	// With the DID known, nothing to resolve.
	acc.RemoteID = p.RemoteID
	if _, err := e.open(t, acc).Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Calls("com.atproto.identity.resolveHandle"); n != 1 {
		t.Errorf("%d resolveHandle with the DID known, want still 1", n)
	}
}

func TestUnknownHandle(t *testing.T) {
	e := newEnv(t)
	e.dial.HTTP = webHosts(t, http.NotFoundHandler())
	e.dial.Resolver = txt{}
	_, err := e.open(t, app.Account{Network: app.Bluesky, Handle: "nobody.example.com"}).Profile(testCtx(t))
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailNotFound || !strings.Contains(ne.Message, "nobody.example.com") {
		t.Errorf("Profile of an unknown handle: %v, want FailNotFound naming it", err)
	}
}

// TestAccountPLCDirectory: an account of a network of its own (the
// reference dev-env runs its PLC directory on localhost) names its
// directory; its did:plc is read there, never from plc.directory.
func TestAccountPLCDirectory(t *testing.T) {
	e := newEnv(t)
	plc := blueskytest.StartPLC(t, e.fake)
	net := &noInternet{}
	e.dial.HTTP = &http.Client{Transport: net}
	e.dial.Resolver = txt{"_atproto.relais.test": "did=" + e.fake.DID()}
	acc, _ := e.fake.Account()
	acc.Server, acc.PLC = "", plc
	p, err := e.open(t, acc).Profile(testCtx(t))
	if err != nil {
		t.Fatalf("Profile: %v", err)
	}
	if p.RemoteID != e.fake.DID() || p.Server != e.fake.URL() {
		t.Errorf("Profile = %s on %s, want %s on %s", p.RemoteID, p.Server, e.fake.DID(), e.fake.URL())
	}
	if n := e.fake.Calls("plc"); n != 1 {
		t.Errorf("the account's directory was asked %d times, want 1", n)
	}
	if len(net.asked) != 0 {
		t.Errorf("asked %q, beyond this machine", net.asked)
	}
	// Without it, the public directory is asked (and not reached here).
	acc.PLC = ""
	if _, err := e.open(t, acc).Profile(testCtx(t)); err == nil || len(net.asked) == 0 || !strings.HasPrefix(net.asked[0], bluesky.DefaultPLCDirectory+"/did:plc:") {
		t.Errorf("without a directory of its own: %v, asked %q; want plc.directory asked", err, net.asked)
	}
}

// TestPLCDirectoryChecked: the directory follows the PDS's rules: https,
// or plain http on this machine only.
func TestPLCDirectoryChecked(t *testing.T) {
	d := bluesky.NewDialer()
	for _, plc := range []string{"https://plc.example.com", "plc.example.com", "http://localhost:2582", "http://127.0.0.1:2582/", "http://[::1]:2582"} {
		if _, err := d.Open(app.Account{Network: app.Bluesky, Handle: "alice.test", PLC: plc}, &creds{}); err != nil {
			t.Errorf("PLC %q refused: %v", plc, err)
		}
	}
	for _, plc := range []string{"http://plc.example.com", "ftp://plc.example.com", "https://", "https://user:pw@plc.example.com"} {
		_, err := d.Open(app.Account{Network: app.Bluesky, Handle: "alice.test", PLC: plc}, &creds{})
		if !errors.Is(err, app.ErrBadPLC) || !errors.Is(err, app.ErrBadServer) {
			t.Errorf("PLC %q: %v, want ErrBadPLC", plc, err)
		}
	}
}
