package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// request is one XRPC call: a query (GET, parameters in the URL) or a
// procedure (POST, a JSON or raw body).
type request struct {
	method      string
	nsid        string
	query       url.Values
	body        []byte
	contentType string
}

func query(nsid string, params url.Values) request {
	return request{method: http.MethodGet, nsid: nsid, query: params}
}

func procedure(nsid string, in any) request {
	r := request{method: http.MethodPost, nsid: nsid}
	if in != nil {
		// Every input is a struct of strings, numbers and raw JSON of
		// our own making: it always encodes.
		body, err := json.Marshal(in)
		if err != nil {
			panic(fmt.Sprintf("bluesky: encoding %s: %v", nsid, err))
		}
		r.body, r.contentType = body, "application/json"
	}
	return r
}

// xrpcError is an XRPC error answer ({"error":"Name","message":"…"}): the
// NetError the publishing engine acts on, with the error's name the
// connector acts on (ExpiredToken, RecordNotFound).
type xrpcError struct {
	name string
	err  *app.NetError
}

func (e *xrpcError) Error() string { return e.err.Error() }
func (e *xrpcError) Unwrap() error { return e.err }

// errorOf returns err's XRPC status and error name; 0 and "" when no
// answer came.
func errorOf(err error) (status int, name string) {
	var xe *xrpcError
	if errors.As(err, &xe) {
		return xe.err.Status, xe.name
	}
	return 0, ""
}

// tokenRefused reports an answer saying the token sent is no good: 401,
// or 400 ExpiredToken / InvalidToken (what a PDS answers for an expired
// access token, and for a dead refresh token).
func tokenRefused(err error) bool {
	status, name := errorOf(err)
	return status == http.StatusUnauthorized ||
		status == http.StatusBadRequest && (name == "ExpiredToken" || name == "InvalidToken")
}

// send makes one XRPC call to pds, with token as Bearer when not "".
func (c *Connector) send(ctx context.Context, pds *url.URL, token string, r request) (*httpx.Response, error) {
	u := *pds
	u.Path += "/xrpc/" + r.nsid
	u.RawQuery = r.query.Encode()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.api.Do(req)
	if ne, ok := app.AsNetError(err); ok && resp != nil {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(resp.Body, &e)
		return resp, &xrpcError{name: e.Error, err: ne}
	}
	return resp, err
}

// call makes an XRPC call as the account, in session s: when the PDS
// refuses the access token, the session is renewed once and the call made
// once more. out, when not nil, receives the JSON answer.
func (c *Connector) call(ctx context.Context, s session, r request, out any) error {
	resp, err := c.send(ctx, s.pds, s.access, r)
	if tokenRefused(err) {
		if s, err = c.renewRefused(ctx, s.access); err != nil {
			return err
		}
		resp, err = c.send(ctx, s.pds, s.access, r)
	}
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return c.api.DecodeJSON(resp, out)
}
