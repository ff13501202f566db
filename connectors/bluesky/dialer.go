package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// DefaultPLCDirectory is where did:plc documents are read.
const DefaultPLCDirectory = "https://plc.directory"

// Resolver looks up DNS TXT records; *net.Resolver is one.
type Resolver interface {
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

// Dialer opens Bluesky connectors. Its fields may be changed before the
// first Open; a nil or empty field is its default.
type Dialer struct {
	// HTTP does every request (the PDS's, DID documents, link cards).
	HTTP *http.Client
	// Now tells the time: a post's createdAt, a token's expiry.
	Now func() time.Time
	// Resolver finds a handle's _atproto TXT record.
	Resolver Resolver
	// PLCDirectory is the did:plc directory's base URL, for the accounts
	// that name none of their own (app.Account.PLC).
	PLCDirectory string
}

// NewDialer returns a dialer with the defaults: the system's DNS, the
// public PLC directory and the wall clock.
func NewDialer() *Dialer {
	return &Dialer{
		HTTP:         &http.Client{},
		Now:          time.Now,
		Resolver:     net.DefaultResolver,
		PLCDirectory: DefaultPLCDirectory,
	}
}

var _ app.Dialer = (*Dialer)(nil)

// Network is app.Bluesky.
func (d *Dialer) Network() app.Network { return app.Bluesky }

// ErrNoHandle is returned by Open for an account with neither a handle nor
// a DID.
var ErrNoHandle = errors.New("a Bluesky account needs a handle (name.bsky.social) or a DID")

// Open returns the connector of acc. It checks the account's handle and
// server and makes no request: the handle is resolved and the session
// opened on first use.
func (d *Dialer) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	if acc.Network != "" && acc.Network != app.Bluesky {
		return nil, fmt.Errorf("bluesky: cannot open a %s account", acc.Network.Name())
	}
	if creds == nil {
		return nil, errors.New("bluesky: no credentials given")
	}
	id := normalizeHandle(acc.Handle)
	if id == "" && strings.HasPrefix(acc.RemoteID, "did:") {
		id = acc.RemoteID
	}
	if id == "" {
		return nil, ErrNoHandle
	}
	dd := *d
	if dd.Now == nil {
		dd.Now = time.Now
	}
	if dd.Resolver == nil {
		dd.Resolver = net.DefaultResolver
	}
	if dd.PLCDirectory == "" {
		dd.PLCDirectory = DefaultPLCDirectory
	}
	if acc.PLC != "" {
		// The account's own directory (a network of one's own, as
		// @atproto/dev-env runs on localhost): the PDS's rules, https, or
		// plain http on this machine only.
		plc, err := httpx.BaseURL(acc.PLC)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", app.ErrBadPLC, err)
		}
		dd.PLCDirectory = plc.String()
	}
	c := &Connector{
		dialer:   dd,
		id:       id,
		creds:    creds,
		api:      dd.client(httpx.DefaultTimeout, httpx.DefaultMaxBody),
		renewing: make(chan struct{}, 1),
	}
	if acc.Server != "" {
		pds, err := httpx.BaseURL(acc.Server)
		if err != nil {
			return nil, err
		}
		c.pds = pds
	}
	switch {
	case strings.HasPrefix(acc.RemoteID, "did:"):
		c.did = acc.RemoteID
	case strings.HasPrefix(id, "did:"):
		c.did = id
	}
	if !strings.HasPrefix(id, "did:") {
		c.handle = id
	}
	return c, nil
}

// client returns an httpx client for Bluesky with this dialer's HTTP and
// clock.
func (d *Dialer) client(timeout time.Duration, maxBody int64) *httpx.Client {
	cl := httpx.New(app.Bluesky)
	cl.HTTP = d.HTTP
	cl.Now = d.Now
	cl.Timeout = timeout
	cl.MaxBody = maxBody
	return cl
}

// normalizeHandle reads a handle as a user types it: "@Alice.bsky.social "
// is alice.bsky.social. A DID is kept as it is.
func normalizeHandle(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "did:") {
		return s
	}
	return strings.ToLower(strings.TrimPrefix(s, "@"))
}
