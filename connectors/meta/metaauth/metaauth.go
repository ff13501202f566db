// Package metaauth signs Relais in to Meta's networks — Facebook Pages,
// Instagram professional accounts and Threads — through the user's own
// app, and keeps their tokens alive. The Facebook, Instagram and Threads
// connectors build on it.
//
// The flow, per product:
//
//   - The browser shows the product's authorization dialog (AuthURL) with
//     the permissions of app.MetaProduct.Permissions and a state, and comes
//     back to the workspace's loopback port (connectors/loopback) with a
//     code — or, for Instagram and Threads, whose redirect URIs must be
//     https, the user pastes the address the browser ended on.
//   - The code becomes a short-lived token (about an hour), at once traded
//     for a long-lived one (about 60 days): Facebook's fb_exchange_token,
//     Instagram's ig_exchange_token, Threads' th_exchange_token.
//   - Instagram's and Threads' long-lived tokens are refreshed before they
//     expire (ig_refresh_token, th_refresh_token), once at least 24 hours
//     old (RefreshDue). Facebook's user token cannot be refreshed: the
//     Page tokens derived from it (GET /me/accounts) do not expire, and
//     the user token's expiry is shown so that the user signs in again in
//     time.
//
// Errors are app.NetError values whose Err is an *Error with Meta's code,
// subcode and fbtrace_id. No token, code or app secret ever appears in an
// error: requests that carry one in their address are never quoted.
package metaauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"golang.org/x/oauth2"
)

// GraphVersion is the Graph API version Relais speaks to Facebook.
const GraphVersion = "v21.0"

// The products' own addresses.
const (
	FacebookDialog  = "https://www.facebook.com/" + GraphVersion + "/dialog/oauth"
	FacebookGraph   = "https://graph.facebook.com"
	InstagramDialog = "https://www.instagram.com/oauth/authorize"
	InstagramOAuth  = "https://api.instagram.com" // the code's exchange
	InstagramGraph  = "https://graph.instagram.com"
	ThreadsDialog   = "https://threads.net/oauth/authorize"
	ThreadsGraph    = "https://graph.threads.net"
)

// LongLived is how long Meta's long-lived tokens last.
const LongLived = 60 * 24 * time.Hour

// RefreshAge is how old an Instagram or Threads long-lived token must be
// before Relais refreshes it: Meta refuses it under 24 hours; a week
// spares a request a day while leaving seven weeks to do it.
const RefreshAge = 7 * 24 * time.Hour

// Token is an access token and what Meta said of it. It prints as
// "[token]".
type Token struct {
	Access string
	// UserID is the Instagram or Threads user the token acts for, when
	// the code's exchange tells it.
	UserID string
	// Expiry is when it stops working; zero when it does not expire (a
	// Page token derived from a long-lived user token).
	Expiry time.Time
	// LongLived: a long-lived token (or a Page token).
	LongLived bool
}

// String hides the token.
func (Token) String() string { return "[token]" }

// GoString hides the token.
func (Token) GoString() string { return "[token]" }

// MarshalJSON hides the token.
func (Token) MarshalJSON() ([]byte, error) { return []byte(`"[token]"`), nil }

// Secret is the account's secret for the keychain: the token, the app it
// was made with (to refresh it or exchange another), and its expiry.
func (t Token) Secret(a app.MetaApp) app.Secret {
	return app.Secret{AccessToken: t.Access, ClientID: a.ID, ClientSecret: a.Secret, Expiry: t.Expiry}
}

// RefreshDue reports whether an Instagram or Threads long-lived token
// expiring at expiry should be refreshed now: at least RefreshAge old,
// and not yet expired. Facebook's never are.
func RefreshDue(p app.MetaProduct, expiry, now time.Time) bool {
	if p == app.MetaFacebook || expiry.IsZero() || !now.Before(expiry) {
		return false
	}
	issued := expiry.Add(-LongLived)
	return !now.Before(issued.Add(RefreshAge))
}

// Client speaks to one product's OAuth and token endpoints for the
// user's app.
type Client struct {
	Product app.MetaProduct
	App     app.MetaApp
	// RedirectURI is the one registered in the app (app.MetaProduct's
	// RedirectURI on the workspace's port).
	RedirectURI string
	// API replaces every address of the product (its dialog included) by
	// one base URL: a compatible server, a proxy, a test's fake. "" uses
	// Meta's.
	API string
	// HTTP does the requests; nil is http.DefaultClient.
	HTTP *http.Client
	// Timeout bounds each request; zero is 30 seconds.
	Timeout time.Duration
	// Now tells the time; nil is time.Now.
	Now func() time.Time
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// address is the product's address for what, Meta's or under API.
func (c *Client) address(what string) string {
	if c.API != "" {
		base := strings.TrimRight(c.API, "/")
		switch what {
		case "dialog":
			if c.Product == app.MetaFacebook {
				return base + "/" + GraphVersion + "/dialog/oauth"
			}
			return base + "/oauth/authorize"
		case "oauth":
			return base
		}
		return base
	}
	switch c.Product {
	case app.MetaFacebook:
		if what == "dialog" {
			return FacebookDialog
		}
		return FacebookGraph
	case app.MetaInstagram:
		switch what {
		case "dialog":
			return InstagramDialog
		case "oauth":
			return InstagramOAuth
		}
		return InstagramGraph
	}
	switch what {
	case "dialog":
		return ThreadsDialog
	}
	return ThreadsGraph
}

// usesPKCE: Facebook Login's dialog takes a code_challenge (S256) and its
// exchange the code_verifier ("OIDC Code Flow with PKCE for Manually
// Built Facebook Login Flows", marked as still in testing; the verifier is
// sent beside the app secret, so the exchange works either way);
// Instagram's and Threads' dialogs document none, so there the state
// alone ties the return to the sign-in.
func (c *Client) usesPKCE() bool { return c.Product == app.MetaFacebook }

// AuthURL is the product's authorization dialog for a sign-in with this
// state (and, on Facebook, this PKCE verifier's challenge).
func (c *Client) AuthURL(state, verifier string) string {
	q := url.Values{
		"client_id":     {c.App.ID},
		"redirect_uri":  {c.RedirectURI},
		"response_type": {"code"},
		"state":         {state},
		"scope":         {strings.Join(c.Product.Permissions(), ",")},
	}
	if c.usesPKCE() && verifier != "" {
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(verifier))
		q.Set("code_challenge_method", "S256")
	}
	return c.address("dialog") + "?" + q.Encode()
}

// tokenAnswer is a token as Meta's endpoints give it. Instagram's code
// exchange wraps it in "data" (the API with Instagram Login) or not (as
// it used to).
type tokenAnswer struct {
	AccessToken string          `json:"access_token"`
	TokenType   string          `json:"token_type"`
	ExpiresIn   json.Number     `json:"expires_in"`
	UserID      json.Number     `json:"user_id"`
	Data        []tokenAnswer   `json:"data"`
	Error       json.RawMessage `json:"error"`
}

func (t tokenAnswer) token(now time.Time, long bool) (Token, error) {
	if t.AccessToken == "" && len(t.Data) > 0 {
		t = t.Data[0]
	}
	if t.AccessToken == "" {
		return Token{}, errors.New("the answer holds no access token")
	}
	tok := Token{Access: t.AccessToken, UserID: t.UserID.String(), LongLived: long}
	if s, err := t.ExpiresIn.Int64(); err == nil && s > 0 {
		tok.Expiry = now.Add(time.Duration(s) * time.Second).UTC()
	} else if long {
		tok.Expiry = now.Add(LongLived).UTC()
	} else {
		tok.Expiry = now.Add(time.Hour).UTC()
	}
	return tok, nil
}

// Exchange trades the code the browser came back with for a short-lived
// token; verifier is the sign-in's PKCE verifier (Facebook only).
func (c *Client) Exchange(ctx context.Context, code, verifier string) (Token, error) {
	code = strings.TrimSuffix(strings.TrimSpace(code), "#_")
	if code == "" {
		return Token{}, fmt.Errorf("%s: the sign-in gave no code", c.Product.Name())
	}
	form := url.Values{
		"client_id":     {c.App.ID},
		"client_secret": {c.App.Secret},
		"redirect_uri":  {c.RedirectURI},
		"code":          {code},
	}
	var req *http.Request
	var err error
	switch c.Product {
	case app.MetaFacebook:
		if verifier != "" {
			form.Set("code_verifier", verifier)
		}
		req, err = c.get(ctx, c.address("graph")+"/"+GraphVersion+"/oauth/access_token", form)
	case app.MetaInstagram:
		form.Set("grant_type", "authorization_code")
		req, err = c.post(ctx, c.address("oauth")+"/oauth/access_token", form)
	default:
		form.Set("grant_type", "authorization_code")
		req, err = c.post(ctx, c.address("graph")+"/oauth/access_token", form)
	}
	if err != nil {
		return Token{}, err
	}
	return c.token(req, "the sign-in's code", false)
}

// LongLived trades a short-lived user token for a long-lived one.
func (c *Client) LongLived(ctx context.Context, short Token) (Token, error) {
	var req *http.Request
	var err error
	switch c.Product {
	case app.MetaFacebook:
		req, err = c.get(ctx, c.address("graph")+"/"+GraphVersion+"/oauth/access_token", url.Values{
			"grant_type": {"fb_exchange_token"}, "client_id": {c.App.ID}, "client_secret": {c.App.Secret},
			"fb_exchange_token": {short.Access}})
	case app.MetaInstagram:
		req, err = c.get(ctx, c.address("graph")+"/access_token", url.Values{
			"grant_type": {"ig_exchange_token"}, "client_secret": {c.App.Secret}, "access_token": {short.Access}})
	default:
		req, err = c.get(ctx, c.address("graph")+"/access_token", url.Values{
			"grant_type": {"th_exchange_token"}, "client_secret": {c.App.Secret}, "access_token": {short.Access}})
	}
	if err != nil {
		return Token{}, err
	}
	tok, err := c.token(req, "the long-lived token", true)
	if err == nil && tok.UserID == "" {
		tok.UserID = short.UserID
	}
	return tok, err
}

// ErrNoRefresh is returned by Refresh for Facebook, whose user tokens
// cannot be refreshed: the user signs in again.
var ErrNoRefresh = errors.New("Facebook's sign-in cannot be renewed without the user: sign in again")

// Refresh renews an Instagram or Threads long-lived token (at least 24
// hours old, not expired) for another 60 days.
func (c *Client) Refresh(ctx context.Context, long Token) (Token, error) {
	grant := "ig_refresh_token"
	switch c.Product {
	case app.MetaFacebook:
		return Token{}, ErrNoRefresh
	case app.MetaThreads:
		grant = "th_refresh_token"
	}
	req, err := c.get(ctx, c.address("graph")+"/refresh_access_token", url.Values{
		"grant_type": {grant}, "access_token": {long.Access}})
	if err != nil {
		return Token{}, err
	}
	tok, err := c.token(req, "the token's renewal", true)
	if err == nil && tok.UserID == "" {
		tok.UserID = long.UserID
	}
	return tok, err
}

// token sends req and reads a token from the answer.
func (c *Client) token(req *http.Request, what string, long bool) (Token, error) {
	body, err := c.do(req)
	if err != nil {
		return Token{}, err
	}
	var ans tokenAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return Token{}, c.serverError(http.StatusOK, fmt.Errorf("%s: the answer is not the JSON expected", what))
	}
	tok, err := ans.token(c.now(), long)
	if err != nil {
		return Token{}, c.serverError(http.StatusOK, fmt.Errorf("%s: %w", what, err))
	}
	return tok, nil
}

func (c *Client) get(ctx context.Context, endpoint string, q url.Values) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: the address %s is not valid", c.Product.Name(), hostOf(endpoint))
	}
	return req, nil
}

func (c *Client) post(ctx context.Context, endpoint string, form url.Values) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("%s: the address %s is not valid", c.Product.Name(), hostOf(endpoint))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// maxBody bounds an answer.
const maxBody = 1 << 20

// do sends req and returns the body of a 2xx answer. Its errors name the
// request by its method and path only: the query holds tokens and the
// app secret.
func (c *Client) do(req *http.Request) ([]byte, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	defer cancel()
	parent := req.Context()
	req = req.WithContext(ctx)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Relais/"+app.Version)
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	where := req.Method + " " + req.URL.Path
	resp, err := hc.Do(req)
	if err != nil {
		if parent.Err() != nil {
			return nil, parent.Err()
		}
		what := "the request could not be sent"
		var ne net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
			what = "no answer in time"
		}
		return nil, &app.NetError{Network: c.Product.Network(), Kind: app.FailOffline, Err: fmt.Errorf("%s: %s", where, what)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if parent.Err() != nil {
			return nil, parent.Err()
		}
		return nil, &app.NetError{Network: c.Product.Network(), Kind: app.FailOffline, Err: fmt.Errorf("%s: the connection dropped before the answer was complete", where)}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return body, nil
	}
	return nil, c.statusError(resp.StatusCode, resp.Header, body, where)
}

func (c *Client) serverError(status int, err error) error {
	return &app.NetError{Network: c.Product.Network(), Kind: app.FailServer, Status: status, Err: err}
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil {
		return u.Host
	}
	return "?"
}

// Error is Meta's error object: {"error": {"message", "type", "code",
// "error_subcode", "is_transient", "fbtrace_id"}} — or, from Instagram's
// code exchange, {"error_type", "code", "error_message"}.
type Error struct {
	Status    int
	Code      int
	Subcode   int
	Type      string
	Message   string
	Transient bool
	TraceID   string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("code %d", e.Code)
	if e.Subcode != 0 {
		s += fmt.Sprintf("/%d", e.Subcode)
	}
	if e.Type != "" {
		s += " " + e.Type
	}
	if e.TraceID != "" {
		s += ", fbtrace_id " + e.TraceID
	}
	return s
}

// Meta's error codes Relais acts on.
const (
	CodeInvalidParameter = 100
	CodeInvalidToken     = 190
	CodeSession          = 102
	CodeRateLimit        = 4
	CodeUserRateLimit    = 17
	CodePageRateLimit    = 32
	CodeAppRateLimit     = 613
	CodePermission       = 10
	CodePermissionsMin   = 200 // 200–299: a permission is missing
	CodePermissionsMax   = 299
)

// ParseError reads Meta's error object from an answer's body; nil when
// the body holds none.
func ParseError(status int, body []byte) *Error {
	var wrapped struct {
		Error *struct {
			Message   string      `json:"message"`
			Type      string      `json:"type"`
			Code      json.Number `json:"code"`
			Subcode   json.Number `json:"error_subcode"`
			Transient bool        `json:"is_transient"`
			TraceID   string      `json:"fbtrace_id"`
		} `json:"error"`
		ErrorType    string      `json:"error_type"`
		Code         json.Number `json:"code"`
		ErrorMessage string      `json:"error_message"`
	}
	if json.Unmarshal(body, &wrapped) != nil {
		return nil
	}
	if w := wrapped.Error; w != nil {
		code, _ := strconv.Atoi(w.Code.String())
		sub, _ := strconv.Atoi(w.Subcode.String())
		return &Error{Status: status, Code: code, Subcode: sub, Type: w.Type, Message: w.Message, Transient: w.Transient, TraceID: w.TraceID}
	}
	if wrapped.ErrorType != "" || wrapped.ErrorMessage != "" {
		code, _ := strconv.Atoi(wrapped.Code.String())
		return &Error{Status: status, Code: code, Type: wrapped.ErrorType, Message: wrapped.ErrorMessage}
	}
	return nil
}

// statusError turns an answer outside 2xx into an app.NetError.
func (c *Client) statusError(status int, h http.Header, body []byte, where string) error {
	ne := &app.NetError{Network: c.Product.Network(), Status: status, Kind: app.FailRejected}
	me := ParseError(status, body)
	if me == nil {
		switch {
		case status == http.StatusUnauthorized:
			ne.Kind = app.FailAuth
		case status == http.StatusTooManyRequests:
			ne.Kind = app.FailRateLimited
		case status >= 500:
			ne.Kind = app.FailServer
		}
		ne.Err = fmt.Errorf("%s: the answer is not Meta's error", where)
		return ne
	}
	ne.Message = scrub(me.Message, c.App.Secret)
	me.Message = ne.Message
	ne.Err = me
	switch {
	case me.Code == CodeInvalidToken || me.Code == CodeSession:
		ne.Kind = app.FailAuth
	case me.Code == CodeRateLimit || me.Code == CodeUserRateLimit || me.Code == CodePageRateLimit || me.Code == CodeAppRateLimit:
		ne.Kind = app.FailRateLimited
		if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
			ne.RetryAfter = time.Duration(s) * time.Second
		}
	case me.Transient || status >= 500:
		ne.Kind = app.FailServer
	}
	return ne
}

// scrub removes from a server's words anything that looks like a token
// or the app's secret, should a server ever quote one.
func scrub(msg, secret string) string {
	if secret != "" {
		msg = strings.ReplaceAll(msg, secret, "[secret]")
	}
	words := strings.Fields(msg)
	changed := false
	for i, w := range words {
		if len(w) >= 40 && !strings.ContainsAny(w, "/.:") {
			words[i], changed = "[token]", true
		}
	}
	if changed {
		return strings.Join(words, " ")
	}
	return msg
}

// AsError returns Meta's error object inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
