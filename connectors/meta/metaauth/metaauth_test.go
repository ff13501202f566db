package metaauth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/loopback"
	"github.com/relais-app/relais/connectors/meta/metaauth"
	"github.com/relais-app/relais/connectors/meta/metaauth/metaauthtest"
)

var myApp = app.MetaApp{ID: metaauthtest.AppID, Secret: metaauthtest.AppSecret}

// setup starts a fake for p and a client of it, on a free port.
func setup(t *testing.T, p app.MetaProduct) (*metaauth.Client, *metaauthtest.Server, int) {
	t.Helper()
	port, err := loopback.ChoosePort()
	if err != nil {
		t.Fatal(err)
	}
	fake := metaauthtest.Start(t, p, p.RedirectURI(port))
	c := &metaauth.Client{Product: p, App: myApp, RedirectURI: p.RedirectURI(port), API: fake.URL, Now: fake.Now}
	return c, fake, port
}

// browser opens the dialog on the fake and goes back to Relais, as the
// system browser does for Facebook.
func browser(t *testing.T) func(string) error {
	return func(page string) error {
		back, err := metaauthtest.Follow(page)
		if err != nil {
			return err
		}
		resp, err := http.Get(back)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil
	}
}

// noLeak fails when err's words or the fake's logged requests hold a
// token, the app secret or a code.
func noLeak(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error() + fmt.Sprintf(" %v %+v", err, err)
	for _, s := range append(secrets, metaauthtest.AppSecret) {
		if s != "" && strings.Contains(msg, s) {
			t.Errorf("the error holds a secret: %s", msg)
		}
	}
	for _, w := range strings.Fields(msg) {
		if strings.Contains(w, "access_token=") || strings.Contains(w, "client_secret=") || strings.Contains(w, "code=") {
			t.Errorf("the error quotes a request's query: %s", msg)
		}
	}
}

func TestFacebookSignInAndPages(t *testing.T) {
	c, fake, port := setup(t, app.MetaFacebook)
	var page string
	open := browser(t)
	tok, err := c.SignIn(context.Background(), port, func(p string) error { page = p; return open(p) })
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := fake.Valid(tok.Access); !ok || !long || !tok.LongLived {
		t.Errorf("the token is valid %v, long-lived %v", ok, long)
	}
	if want := fake.Now().Add(60 * 24 * time.Hour); !tok.Expiry.Equal(want) {
		t.Errorf("expiry %v, want %v", tok.Expiry, want)
	}
	u, _ := url.Parse(page)
	q := u.Query()
	if u.Path != "/v21.0/dialog/oauth" || q.Get("client_id") != metaauthtest.AppID || q.Get("redirect_uri") != "http://localhost:"+strconv.Itoa(port)+"/callback" ||
		q.Get("code_challenge_method") != "S256" || q.Get("state") == "" || q.Get("response_type") != "code" {
		t.Errorf("dialog %s", page)
	}
	for _, perm := range []string{"pages_manage_posts", "pages_read_engagement", "pages_manage_engagement", "pages_read_user_content", "read_insights"} {
		if !strings.Contains(q.Get("scope"), perm) {
			t.Errorf("scope %q lacks %s", q.Get("scope"), perm)
		}
	}
	if fmt.Sprint(tok) != "[token]" || fmt.Sprintf("%#v", tok) != "[token]" {
		t.Errorf("a token prints itself")
	}

	fake.SetPages(metaauthtest.Page{ID: "101", Name: "Boulangerie Martin", Tasks: []string{"CREATE_CONTENT"}},
		metaauthtest.Page{ID: "202", Name: "Pâtisserie Martin", Tasks: []string{"MODERATE"}})
	pages, err := c.Pages(context.Background(), tok)
	if err != nil || len(pages) != 2 {
		t.Fatalf("Pages: %v, %v", pages, err)
	}
	_, err = metaauth.ChoosePage(pages, "")
	var several *metaauth.SeveralPagesError
	if !errors.As(err, &several) || !strings.Contains(err.Error(), "Pâtisserie Martin (202)") || !strings.Contains(err.Error(), "--page") {
		t.Errorf("two Pages, none chosen: %v", err)
	}
	noLeak(t, err, pages[0].Token.Access, pages[1].Token.Access)
	p, err := metaauth.ChoosePage(pages, "202")
	if err != nil || p.Name != "Pâtisserie Martin" || !p.Token.Expiry.IsZero() {
		t.Fatalf("ChoosePage 202: %v %v", p, err)
	}
	fake.Advance(90 * 24 * time.Hour) // the user token has expired; the Page's has not
	if ok, _ := fake.Valid(p.Token.Access); !ok {
		t.Errorf("the Page token expired with the user token")
	}
	if _, err := metaauth.ChoosePage(pages, "999"); !errors.Is(err, metaauth.ErrPageNotFound) {
		t.Errorf("unknown page: %v", err)
	}
	if _, err := metaauth.ChoosePage(nil, ""); !errors.Is(err, metaauth.ErrNoPage) {
		t.Errorf("no page: %v", err)
	}
	_, err = c.Pages(context.Background(), tok)
	if !errors.Is(err, app.ErrReconnect) {
		t.Errorf("Pages with an expired user token: %v, want reconnect", err)
	}
	if me, ok := metaauth.AsError(err); !ok || me.Code != 190 || me.Subcode != 463 || me.TraceID == "" || me.Type != "OAuthException" {
		t.Errorf("Meta's error: %+v", me)
	}
	noLeak(t, err, tok.Access)
	if _, err := c.Refresh(context.Background(), tok); !errors.Is(err, metaauth.ErrNoRefresh) {
		t.Errorf("Facebook refresh: %v", err)
	}
}

func TestFacebookSignInDeniedAndPortTaken(t *testing.T) {
	c, fake, port := setup(t, app.MetaFacebook)
	fake.DenySignIn(true)
	if _, err := c.SignIn(context.Background(), port, browser(t)); !errors.Is(err, loopback.ErrDenied) {
		t.Errorf("denied: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, err := c.SignIn(context.Background(), port, func(string) error { t.Error("opened"); return nil }); !errors.Is(err, loopback.ErrPortTaken) {
		t.Errorf("port taken: %v", err)
	}
}

// pasteFlow signs in as for Instagram and Threads: the browser ends on
// the https redirect (which nothing answers) and the user pastes its
// address.
func pasteFlow(t *testing.T, c *metaauth.Client) (*metaauth.Flow, string) {
	t.Helper()
	f := c.Begin()
	back, err := metaauthtest.Follow(f.Page())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(back, "https://127.0.0.1:") {
		t.Fatalf("the browser goes back to %s", back)
	}
	return f, back
}

func TestInstagramPasteAndRefresh(t *testing.T) {
	c, fake, _ := setup(t, app.MetaInstagram)
	f, back := pasteFlow(t, c)
	if !strings.HasSuffix(back, "#_") {
		t.Errorf("Instagram's return %s lacks its #_", back)
	}
	u, _ := url.Parse(f.Page())
	if u.Path != "/oauth/authorize" || u.Query().Get("code_challenge") != "" ||
		u.Query().Get("scope") != "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments,instagram_business_manage_insights" {
		t.Errorf("dialog %s", f.Page())
	}
	tok, err := f.FinishPasted(context.Background(), "  "+back+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := fake.Valid(tok.Access); !ok || !long || tok.UserID != "17841400000000001" {
		t.Errorf("token valid %v long %v user %q", ok, long, tok.UserID)
	}
	// Too young: the policy does not ask, and Meta refuses when asked.
	if metaauth.RefreshDue(app.MetaInstagram, tok.Expiry, fake.Now().Add(time.Hour)) {
		t.Error("a token an hour old is due for refresh")
	}
	_, err = c.Refresh(context.Background(), tok)
	if !errors.Is(err, app.ErrRejected) || !strings.Contains(err.Error(), "24 hours") {
		t.Errorf("refresh of a fresh token: %v", err)
	}
	noLeak(t, err, tok.Access)
	s := tok.Secret(myApp)
	if got, renewed, err := c.Renew(context.Background(), s); err != nil || renewed || got != s {
		t.Errorf("Renew of a fresh token: %v %v", renewed, err)
	}
	fake.Advance(8 * 24 * time.Hour)
	got, renewed, err := c.Renew(context.Background(), s)
	if err != nil || !renewed || got.AccessToken == s.AccessToken || !got.Expiry.Equal(fake.Now().Add(60*24*time.Hour)) || got.ClientSecret != myApp.Secret {
		t.Fatalf("Renew of a week-old token: renewed %v, %v", renewed, err)
	}
	if fake.Refreshes() != 1 {
		t.Errorf("%d refreshes", fake.Refreshes())
	}
	// Expired: Meta says 190, the user signs in again.
	fake.Advance(61 * 24 * time.Hour)
	_, err = c.Refresh(context.Background(), metaauth.Token{Access: got.AccessToken, LongLived: true})
	if !errors.Is(err, app.ErrReconnect) {
		t.Errorf("refresh of an expired token: %v", err)
	}
	if metaauth.RefreshDue(app.MetaInstagram, got.Expiry, fake.Now()) {
		t.Error("an expired token is due for refresh")
	}
	noLeak(t, err, got.AccessToken)
	for _, r := range fake.Requests() {
		if strings.Contains(r, got.AccessToken) {
			t.Errorf("the fake logged a token")
		}
	}
}

func TestThreadsCodes(t *testing.T) {
	c, fake, port := setup(t, app.MetaThreads)
	if _, err := c.SignIn(context.Background(), port, browser(t)); err == nil || !strings.Contains(err.Error(), "paste") {
		t.Errorf("Threads through the loopback: %v, want the paste way", err)
	}
	f, back := pasteFlow(t, c)
	u, _ := url.Parse(back)
	code := u.Query().Get("code")
	// Another sign-in's address is refused before any request.
	other := c.Begin()
	if _, err := other.FinishPasted(context.Background(), back); !errors.Is(err, loopback.ErrMismatch) {
		t.Errorf("another sign-in's address: %v", err)
	}
	// Expired after 10 minutes.
	fake.Advance(11 * time.Minute)
	_, err := f.FinishPasted(context.Background(), back)
	me, ok := metaauth.AsError(err)
	if !errors.Is(err, app.ErrRejected) || !ok || me.Code != 100 || me.Subcode != 36007 || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired code: %v", err)
	}
	noLeak(t, err, code)

	f, back = pasteFlow(t, c)
	code = strings.Split(strings.Split(back, "code=")[1], "&")[0]
	tok, err := f.FinishPasted(context.Background(), code) // the code alone
	if err != nil {
		t.Fatal(err)
	}
	if ok, long := fake.Valid(tok.Access); !ok || !long || tok.UserID != "26000000000000001" {
		t.Errorf("token valid %v long %v user %q", ok, long, tok.UserID)
	}
	_, err = f.Finish(context.Background(), code)
	if me, ok := metaauth.AsError(err); !ok || me.Subcode != 36009 {
		t.Errorf("a code used twice: %v", err)
	}
	noLeak(t, err, code, tok.Access)

	fake.Advance(25 * time.Hour)
	// Meta takes a refresh at 24 hours; Relais waits for a week.
	if _, err := c.Refresh(context.Background(), tok); err != nil {
		t.Errorf("refresh of a day-old token: %v", err)
	}
	var grants []string
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r, "GET /refresh_access_token") || strings.HasPrefix(r, "GET /access_token") || strings.HasPrefix(r, "POST /oauth/access_token") {
			grants = append(grants, r)
		}
	}
	if len(grants) < 3 {
		t.Errorf("requests %v", grants)
	}
}

func TestWrongSecretAndOffline(t *testing.T) {
	c, _, _ := setup(t, app.MetaThreads)
	bad := *c
	bad.App.Secret = "ffffffffffffffffffffffffffffffff"
	f, back := pasteFlow(t, &bad)
	_, err := f.FinishPasted(context.Background(), back)
	if !errors.Is(err, app.ErrRejected) || !strings.Contains(err.Error(), "client secret") {
		t.Errorf("wrong secret: %v", err)
	}
	noLeak(t, err, bad.App.Secret)

	// Nothing answers: the error names the path, never the query.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	off := *c
	off.API = "http://" + addr
	tok := metaauth.Token{Access: "THsecrettokenvalue0123456789", LongLived: true}
	_, err = off.Refresh(context.Background(), tok)
	if !errors.Is(err, app.ErrOffline) || !strings.Contains(err.Error(), "/refresh_access_token") {
		t.Errorf("offline: %v", err)
	}
	noLeak(t, err, tok.Access)
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := off.Refresh(cctx, tok); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestInstagramOldErrorShape(t *testing.T) {
	c, _, _ := setup(t, app.MetaInstagram)
	c.App.ID = "999999"
	_, err := c.Exchange(context.Background(), "AQxyz", "")
	me, ok := metaauth.AsError(err)
	if !ok || me.Type != "OAuthException" || me.Code != 400 || !strings.Contains(err.Error(), "Invalid application ID") {
		t.Errorf("Instagram's error: %v", err)
	}
}
