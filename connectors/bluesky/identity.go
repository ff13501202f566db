package bluesky

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// maxDocument bounds a DID document or a well-known answer.
const maxDocument = 256 << 10

// locate finds the account's PDS when the user did not give it: the
// handle's DID, then the DID document's #atproto_pds service. The caller
// holds the session lock.
func (c *Connector) locate(ctx context.Context) error {
	if c.pds != nil {
		return nil
	}
	did := c.did
	if did == "" {
		var err error
		if did, err = c.handleDID(ctx, c.handle); err != nil {
			return err
		}
	}
	pds, err := c.didPDS(ctx, did)
	if err != nil {
		return err
	}
	c.did, c.pds = did, pds
	return nil
}

// handleDID resolves a handle to its DID without a PDS: the DNS TXT record
// _atproto.<handle> ("did=did:plc:…"), else
// https://<handle>/.well-known/atproto-did.
func (c *Connector) handleDID(ctx context.Context, handle string) (string, error) {
	if !validHandle(handle) {
		return "", notFound(fmt.Sprintf("%q is not a Bluesky handle (name.bsky.social)", handle))
	}
	if txts, err := c.dialer.Resolver.LookupTXT(ctx, "_atproto."+handle); err == nil {
		for _, t := range txts {
			if did, ok := strings.CutPrefix(strings.TrimSpace(t), "did="); ok && validDID(did) {
				return did, nil
			}
		}
	} else if err := ctx.Err(); err != nil {
		return "", err
	}
	body, err := c.fetch(ctx, "https://"+handle+"/.well-known/atproto-did", maxDocument)
	if err != nil {
		if ne, ok := app.AsNetError(err); ok && ne.Kind == app.FailNotFound {
			return "", notFound(fmt.Sprintf("no Bluesky account has the handle %s", handle))
		}
		return "", err
	}
	did := strings.TrimSpace(string(body))
	if !validDID(did) {
		return "", notFound(fmt.Sprintf("no Bluesky account has the handle %s", handle))
	}
	return did, nil
}

// resolveHandle asks the PDS for a handle's DID
// (com.atproto.identity.resolveHandle).
func (c *Connector) resolveHandle(ctx context.Context, pds *url.URL, handle string) (string, error) {
	resp, err := c.send(ctx, pds, "", query("com.atproto.identity.resolveHandle", url.Values{"handle": {handle}}))
	if err != nil {
		return "", err
	}
	var out struct {
		DID string `json:"did"`
	}
	if err := c.api.DecodeJSON(resp, &out); err != nil {
		return "", err
	}
	if !validDID(out.DID) {
		return "", notFound(fmt.Sprintf("no Bluesky account has the handle %s", handle))
	}
	return out.DID, nil
}

// didDocument is the part of a DID document Bluesky uses.
type didDocument struct {
	ID          string   `json:"id"`
	AlsoKnownAs []string `json:"alsoKnownAs"`
	Service     []struct {
		ID              string          `json:"id"`
		Type            string          `json:"type"`
		ServiceEndpoint json.RawMessage `json:"serviceEndpoint"`
	} `json:"service"`
}

// didPDS reads the PDS's address from the DID's document: did:plc from
// the PLC directory, did:web from https://<host>/.well-known/did.json.
func (c *Connector) didPDS(ctx context.Context, did string) (*url.URL, error) {
	var docURL string
	switch {
	case strings.HasPrefix(did, "did:plc:"):
		dir, err := httpx.BaseURL(c.dialer.PLCDirectory)
		if err != nil {
			return nil, err
		}
		docURL = dir.String() + "/" + did
	case strings.HasPrefix(did, "did:web:"):
		// did:web:host, a port written %3A; a path (did:web:host:path)
		// is not for atproto.
		raw := strings.TrimPrefix(did, "did:web:")
		host, err := url.PathUnescape(raw)
		if err != nil || host == "" || strings.Contains(raw, ":") || strings.ContainsAny(host, "/?#@") {
			return nil, notFound(fmt.Sprintf("%s is not a DID Bluesky can use", did))
		}
		docURL = "https://" + host + "/.well-known/did.json"
	default:
		return nil, notFound(fmt.Sprintf("%s is not a DID Bluesky can use", did))
	}
	body, err := c.fetch(ctx, docURL, maxDocument)
	if err != nil {
		return nil, err
	}
	var doc didDocument
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Err: fmt.Errorf("the DID document of %s is not JSON: %w", did, err)}
	}
	for _, s := range doc.Service {
		if s.ID != "#atproto_pds" && s.ID != did+"#atproto_pds" {
			continue
		}
		var endpoint string
		if json.Unmarshal(s.ServiceEndpoint, &endpoint) != nil {
			break
		}
		pds, err := httpx.BaseURL(endpoint)
		if err != nil {
			return nil, &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Err: fmt.Errorf("the PDS of %s: %w", did, err)}
		}
		return pds, nil
	}
	return nil, notFound(fmt.Sprintf("the DID document of %s names no PDS", did))
}

// fetch GETs a document outside XRPC (a DID document, an avatar, a page):
// https anywhere, plain http only on this machine.
func (c *Connector) fetch(ctx context.Context, raw string, maxBody int64) ([]byte, error) {
	resp, err := c.get(ctx, c.dialer.client(0, maxBody), raw, false)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// get GETs raw with cl; anyHTTP allows plain http beyond this machine
// (a link a post shares).
func (c *Connector) get(ctx context.Context, cl *httpx.Client, raw string, anyHTTP bool) (*httpx.Response, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !(u.Scheme == "https" || u.Scheme == "http" && (anyHTTP || httpx.IsLoopback(u.Hostname()))) {
		return nil, &app.NetError{Network: app.Bluesky, Kind: app.FailRejected, Err: fmt.Errorf("%q: %w", raw, httpx.ErrBadServer)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	return cl.Do(req)
}

// validDID reports whether s looks like a DID Bluesky uses.
func validDID(s string) bool {
	rest, ok := strings.CutPrefix(s, "did:")
	if !ok || len(s) > 2048 {
		return false
	}
	method, id, ok := strings.Cut(rest, ":")
	return ok && method != "" && id != "" && !strings.ContainsAny(s, " \t\r\n/?#")
}

func notFound(msg string) error {
	return &app.NetError{Network: app.Bluesky, Kind: app.FailNotFound, Message: msg}
}
