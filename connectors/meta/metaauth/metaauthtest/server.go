// Package metaauthtest is a fake of Meta's OAuth dialogs and token
// endpoints for one product (Facebook Login and the Graph API's
// /oauth/access_token and /me/accounts; Instagram's and Threads'
// /oauth/authorize, /oauth/access_token, /access_token and
// /refresh_access_token), as unkind as the real ones: exact redirect
// URIs, codes that expire after 10 minutes and work once, Meta's error
// objects ({"error": {"message", "type": "OAuthException", "code",
// "error_subcode", "fbtrace_id"}}; Instagram's code exchange answers
// {"error_type", "code", "error_message"}), a refresh refused for a token
// younger than 24 hours, and an expired token refused with code 190.
package metaauthtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// The app the fake knows, unless the test sets another.
const (
	AppID     = "1234567890123456"
	AppSecret = "0123456789abcdef0123456789abcdef"
)

// Page is a Facebook Page the fake's user manages.
type Page struct {
	ID, Name string
	Tasks    []string
}

// Server is the fake.
type Server struct {
	*httptest.Server
	Product app.MetaProduct

	mu        sync.Mutex
	now       time.Time
	appID     string
	appSecret string
	redirects []string
	deny      bool
	codes     map[string]*grant
	tokens    map[string]*token
	pages     []Page
	requests  []string // method and path, with the query's names only
	refreshes int
}

type grant struct {
	redirect, challenge string
	issued              time.Time
	used                bool
}

type token struct {
	long    bool
	issued  time.Time
	expires time.Time // zero: never (a Page token)
	page    string
}

// Start starts a fake for product, whose app has one redirect URI.
func Start(t testing.TB, product app.MetaProduct, redirect string) *Server {
	s := &Server{Product: product, now: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), appID: AppID, appSecret: AppSecret,
		redirects: []string{redirect}, codes: map[string]*grant{}, tokens: map[string]*token{},
		pages: []Page{{ID: "101", Name: "Boulangerie Martin", Tasks: []string{"ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"}}}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Now is the fake's clock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advance moves the fake's clock.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
}

// SetPages sets the Pages the user manages.
func (s *Server) SetPages(p ...Page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages = p
}

// DenySignIn makes the dialog send the user back refused.
func (s *Server) DenySignIn(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// Refreshes counts the refreshes granted.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// Requests lists the requests received: method, path and the names of
// the query's and form's fields (never their values).
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Valid reports whether the fake accepts tok now, and whether it is a
// long-lived one.
func (s *Server) Valid(tok string) (ok, long bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[tok]
	if t == nil || (!t.expires.IsZero() && !s.now.Before(t.expires)) {
		return false, false
	}
	return true, t.long
}

// Code runs the dialog as the browser would, approving at once, and
// returns where it sends the browser back.
func (s *Server) dialog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	s.mu.Lock()
	defer s.mu.Unlock()
	if q.Get("client_id") != s.appID {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, "<p>Invalid App ID: The provided app ID does not look like a valid app ID.</p>")
		return
	}
	if !slices.Contains(s.redirects, redirect) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, "<p>URL blocked: This redirect failed because the redirect URI is not whitelisted in the app's client OAuth settings.</p>")
		return
	}
	back, _ := url.Parse(redirect)
	v := url.Values{}
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	for _, sc := range strings.Split(q.Get("scope"), ",") {
		if !slices.Contains(s.Product.Permissions(), sc) {
			v.Set("error", "invalid_scope")
			v.Set("error_description", "Invalid Scopes: "+sc)
			back.RawQuery = v.Encode()
			http.Redirect(w, r, back.String(), http.StatusFound)
			return
		}
	}
	if s.deny {
		v.Set("error", "access_denied")
		v.Set("error_reason", "user_denied")
		v.Set("error_description", "Permissions error")
		back.RawQuery = v.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
		return
	}
	code := "AQ" + random(60)
	s.codes[code] = &grant{redirect: redirect, challenge: q.Get("code_challenge"), issued: s.now}
	v.Set("code", code)
	back.RawQuery = v.Encode()
	u := back.String()
	if s.Product == app.MetaInstagram {
		u += "#_" // as Instagram does
	}
	http.Redirect(w, r, u, http.StatusFound)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	var names []string
	for k := range r.Form {
		names = append(names, k)
	}
	slices.Sort(names)
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.Path+" "+strings.Join(names, ","))
	s.mu.Unlock()
	fb := "/" + "v21.0"
	switch {
	case r.URL.Path == fb+"/dialog/oauth" && s.Product == app.MetaFacebook,
		r.URL.Path == "/oauth/authorize" && s.Product != app.MetaFacebook:
		s.dialog(w, r)
	case r.URL.Path == fb+"/oauth/access_token" && s.Product == app.MetaFacebook && r.Method == http.MethodGet:
		if r.Form.Get("grant_type") == "fb_exchange_token" {
			s.exchange(w, r.Form, "fb_exchange_token")
		} else {
			s.code(w, r.Form)
		}
	case r.URL.Path == "/oauth/access_token" && s.Product != app.MetaFacebook && r.Method == http.MethodPost:
		s.code(w, r.PostForm)
	case r.URL.Path == "/access_token" && s.Product != app.MetaFacebook && r.Method == http.MethodGet:
		s.exchange(w, r.Form, "access_token")
	case r.URL.Path == "/refresh_access_token" && s.Product != app.MetaFacebook && r.Method == http.MethodGet:
		s.refresh(w, r.Form)
	case r.URL.Path == fb+"/me/accounts" && s.Product == app.MetaFacebook && r.Method == http.MethodGet:
		s.accounts(w, r.Form)
	default:
		metaError(w, http.StatusBadRequest, "Unknown path components: "+r.URL.Path, 2500, 0)
	}
}

// metaError writes Meta's error object.
func metaError(w http.ResponseWriter, status int, msg string, code, sub int) {
	e := map[string]any{"message": msg, "type": "OAuthException", "code": code, "fbtrace_id": "A" + random(20)}
	if sub != 0 {
		e["error_subcode"] = sub
	}
	if code == 190 || code == 100 || code == 1 {
		e["is_transient"] = false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `OAuth "Facebook Platform" "invalid_token" "`+msg+`"`)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": e})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// code exchanges the dialog's code for a short-lived token.
func (s *Server) code(w http.ResponseWriter, f url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	igStyle := s.Product == app.MetaInstagram
	fail := func(msg string, code, sub int) {
		if igStyle {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"error_type": "OAuthException", "code": 400, "error_message": msg})
			return
		}
		metaError(w, http.StatusBadRequest, msg, code, sub)
	}
	if f.Get("client_id") != s.appID {
		fail("Error validating application. Invalid application ID.", 101, 0)
		return
	}
	if f.Get("client_secret") != s.appSecret {
		fail("Error validating client secret.", 1, 0)
		return
	}
	if s.Product != app.MetaFacebook && f.Get("grant_type") != "authorization_code" {
		fail("Invalid grant_type", 100, 0)
		return
	}
	g := s.codes[f.Get("code")]
	switch {
	case g == nil:
		fail("Invalid verification code format.", 100, 36008)
		return
	case g.used:
		fail("This authorization code has been used.", 100, 36009)
		return
	case s.now.Sub(g.issued) > 10*time.Minute:
		fail("This authorization code has expired.", 100, 36007)
		return
	case g.redirect != f.Get("redirect_uri"):
		fail("Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", 100, 36008)
		return
	}
	if g.challenge != "" {
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			fail("Invalid code verifier.", 100, 0)
			return
		}
	}
	g.used = true
	tok := s.issue(false, time.Hour)
	switch s.Product {
	case app.MetaFacebook:
		writeJSON(w, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 5183})
	case app.MetaInstagram:
		writeJSON(w, map[string]any{"data": []map[string]any{{"access_token": tok, "user_id": "17841400000000001",
			"permissions": strings.Join(s.Product.Permissions(), ",")}}})
	default:
		writeJSON(w, map[string]any{"access_token": tok, "user_id": 26000000000000001})
	}
}

func (s *Server) issue(long bool, life time.Duration) string {
	tok := "EAA" + random(150)
	if s.Product == app.MetaThreads {
		tok = "TH" + random(150)
	} else if s.Product == app.MetaInstagram {
		tok = "IGAA" + random(150)
	}
	t := &token{long: long, issued: s.now}
	if life > 0 {
		t.expires = s.now.Add(life)
	}
	s.tokens[tok] = t
	return tok
}

// live returns the token named in f, or writes code 190.
func (s *Server) live(w http.ResponseWriter, tok string) *token {
	t := s.tokens[tok]
	if t == nil {
		metaError(w, http.StatusBadRequest, "Invalid OAuth access token - Cannot parse access token", 190, 0)
		return nil
	}
	if !t.expires.IsZero() && !s.now.Before(t.expires) {
		metaError(w, http.StatusBadRequest, "Error validating access token: Session has expired on "+t.expires.Format("Monday, 02-Jan-06 15:04:05 MST")+".", 190, 463)
		return nil
	}
	return t
}

// exchange trades a short-lived token for a long-lived one.
func (s *Server) exchange(w http.ResponseWriter, f url.Values, field string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := map[app.MetaProduct]string{app.MetaFacebook: "fb_exchange_token", app.MetaInstagram: "ig_exchange_token", app.MetaThreads: "th_exchange_token"}[s.Product]
	if f.Get("grant_type") != want {
		metaError(w, http.StatusBadRequest, "Unsupported grant_type", 100, 0)
		return
	}
	if s.Product == app.MetaFacebook && f.Get("client_id") != s.appID {
		metaError(w, http.StatusBadRequest, "Error validating application. Invalid application ID.", 101, 0)
		return
	}
	if f.Get("client_secret") != s.appSecret {
		metaError(w, http.StatusBadRequest, "Error validating client secret.", 1, 0)
		return
	}
	t := s.live(w, f.Get(field))
	if t == nil {
		return
	}
	if t.long {
		metaError(w, http.StatusBadRequest, "Invalid parameter: the token is already long-lived", 100, 0)
		return
	}
	tok := s.issue(true, 60*24*time.Hour)
	writeJSON(w, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 5184000})
}

// refresh renews a long-lived token at least 24 hours old.
func (s *Server) refresh(w http.ResponseWriter, f url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := map[app.MetaProduct]string{app.MetaInstagram: "ig_refresh_token", app.MetaThreads: "th_refresh_token"}[s.Product]
	if f.Get("grant_type") != want {
		metaError(w, http.StatusBadRequest, "Unsupported grant_type", 100, 0)
		return
	}
	t := s.live(w, f.Get("access_token"))
	if t == nil {
		return
	}
	if !t.long {
		metaError(w, http.StatusBadRequest, "Invalid parameter: only long-lived tokens can be refreshed", 100, 0)
		return
	}
	if s.now.Sub(t.issued) < 24*time.Hour {
		metaError(w, http.StatusBadRequest, "Invalid parameter: the access token must be at least 24 hours old to be refreshed", 100, 0)
		return
	}
	s.refreshes++
	tok := s.issue(true, 60*24*time.Hour)
	writeJSON(w, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 5184000})
}

// accounts lists the user's Pages with their tokens, one per answer
// page, by cursor.
func (s *Server) accounts(w http.ResponseWriter, f url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	user := s.live(w, f.Get("access_token"))
	if user == nil {
		return
	}
	start := 0
	if a := f.Get("after"); a != "" {
		start = slices.IndexFunc(s.pages, func(p Page) bool { return cursor(p.ID) == a }) + 1
		if start == 0 {
			metaError(w, http.StatusBadRequest, "Invalid cursor", 100, 0)
			return
		}
	}
	var data []map[string]any
	end := min(start+1, len(s.pages)) // one per page, to make paging show
	for _, p := range s.pages[start:end] {
		life := time.Duration(0) // a Page token from a long-lived user token never expires
		if !user.long {
			life = user.expires.Sub(s.now)
		}
		data = append(data, map[string]any{"id": p.ID, "name": p.Name, "category": "Bakery", "tasks": p.Tasks,
			"access_token": s.issue(true, life)})
	}
	ans := map[string]any{"data": data}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{"before": cursor(s.pages[start].ID), "after": cursor(s.pages[end-1].ID)}}
		if end < len(s.pages) {
			paging["next"] = s.URL + "/v21.0/me/accounts?access_token=" + f.Get("access_token") + "&after=" + cursor(s.pages[end-1].ID)
		}
		ans["paging"] = paging
	}
	writeJSON(w, ans)
}

func cursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte("page:" + id)) }

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

// Follow plays the browser on the dialog: it opens page and returns
// where the fake sends the browser back, without following it.
func Follow(page string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(page)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("the dialog answered %s", resp.Status)
	}
	return resp.Header.Get("Location"), nil
}
