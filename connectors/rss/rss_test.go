package rss_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/httpx"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/connectors/rss/rsstest"
)

// localOnly fails at once every request that leaves the machine, as a
// feed's image on its real site would when offline.
type localOnly struct{}

func (localOnly) RoundTrip(req *http.Request) (*http.Response, error) {
	if !httpx.IsLoopback(req.URL.Hostname()) {
		return nil, errors.New("the tests reach only this machine")
	}
	return http.DefaultTransport.RoundTrip(req)
}

var fetchTime = time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)

func dialer() *rss.Dialer {
	d := rss.NewDialer()
	d.HTTP.Transport = localOnly{}
	d.Now = func() time.Time { return fetchTime }
	return d
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// open opens the feed at address.
func open(t *testing.T, address string) (app.Connector, app.Reader) {
	t.Helper()
	c, err := dialer().Open(app.Account{Network: app.RSS, Server: address}, nil)
	if err != nil {
		t.Fatalf("Open(%q): %v", address, err)
	}
	return c, c.(app.Reader)
}

// serve serves body as ctype at /feed until the test ends, and returns
// its address.
func serve(t *testing.T, ctype string, body []byte) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/feed"
}

func serveFile(t *testing.T, ctype, name string) string {
	t.Helper()
	body, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, ctype, body)
}

func TestWordPressRSS(t *testing.T) {
	c, r := open(t, serveFile(t, "application/rss+xml; charset=UTF-8", "wordpress.rss"))
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Handle != "La Fabrique du Quartier – Association" {
		t.Errorf("Handle = %q", p.Handle)
	}
	if p.DisplayName != "Ateliers, réparations & rencontres" {
		t.Errorf("DisplayName = %q, want the description's first line", p.DisplayName)
	}
	if p.URL != "https://fabrique.example" || !strings.HasSuffix(p.RemoteID, "/feed") || p.Server != p.RemoteID {
		t.Errorf("URL %q, RemoteID %q, Server %q", p.URL, p.RemoteID, p.Server)
	}
	if p.Avatar != nil {
		t.Errorf("an avatar from a site that cannot be reached")
	}

	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("%d items, want 2", len(page.Items))
	}
	ag, repair := page.Items[0], page.Items[1]
	want := app.Item{
		RemoteID: "https://fabrique.example/?p=1187",
		Kind:     app.ItemArticle,
		Author:   app.Author{Name: "Karim", Handle: "La Fabrique du Quartier – Association", URL: "https://fabrique.example"},
		Title:    "Assemblée générale 2026",
		Text:     "Ordre du jour & procurations\u00a0: tout est ici.",
		URL:      "https://fabrique.example/2026/04/ag-2026/",
		At:       time.Date(2026, 4, 30, 6, 0, 0, 0, time.UTC),
	}
	if fmt.Sprint(ag) != fmt.Sprint(want) {
		t.Errorf("older item:\n got %+v\nwant %+v", ag, want)
	}
	if repair.Title != "Repair Café : on répare vos grille-pain & vélos" || repair.Author.Name != "Chloé Martin" ||
		repair.RemoteID != "https://fabrique.example/?p=1204" || !repair.At.Equal(time.Date(2026, 5, 5, 16, 20, 11, 0, time.UTC)) {
		t.Errorf("newer item: %+v", repair)
	}
	if !strings.HasPrefix(repair.Text, "Samedi\u00a09 mai, de 14\u00a0h à 18\u00a0h\u00a0: apportez ce qui est cassé. Lire la suite »") ||
		strings.ContainsAny(repair.Text, "<>") || strings.Contains(repair.Text, "&") {
		t.Errorf("newer item's text is not the description's plain text: %q", repair.Text)
	}
}

func TestAtom(t *testing.T) {
	c, r := open(t, serveFile(t, "application/atom+xml", "blog.atom"))
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Handle != "Le carnet d’Inès" || p.DisplayName != "Notes sur la médiation numérique et le reste" || p.URL != "https://carnet.example/" {
		t.Errorf("Profile = %+v", p)
	}
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("%d items, want 2", len(page.Items))
	}
	code, fiches := page.Items[0], page.Items[1]
	// A text title keeps its brackets; an XHTML content is read as HTML;
	// the feed's author stands for an entry's own when it has none.
	if code.Title != "Atelier <code>" || code.Text != "On a écrit du HTML & du CSS." || code.Author.Name != "Invité·e" ||
		code.URL != "https://carnet.example/blog/atelier-code.html" || !code.At.Equal(time.Date(2026, 4, 20, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("older entry: %+v", code)
	}
	// A relative link is resolved against xml:base; the summary is the
	// text; published is the time, not updated.
	if fiches.Title != "Fiches & outils" || fiches.Text != "Trois fiches pour débuter …" || fiches.Author.Name != "Inès Durand" ||
		fiches.URL != "https://carnet.example/blog/fiches-outils.html" || !fiches.At.Equal(time.Date(2026, 5, 3, 8, 0, 0, 0, time.UTC)) ||
		fiches.RemoteID != "tag:carnet.example,2026-05-03:/blog/fiches-outils" {
		t.Errorf("newer entry: %+v", fiches)
	}
}

func TestJSONFeed(t *testing.T) {
	address := serveFile(t, "application/feed+json", "podcast.json")
	c, r := open(t, address)
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Handle != "Radio Quartier" || p.DisplayName != "L’émission des voisins" || p.URL != "https://radio.example/" {
		t.Errorf("Profile = %+v", p)
	}
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("%d items, want 2", len(page.Items))
	}
	e41, e42 := page.Items[0], page.Items[1]
	if e42.Title != "Épisode 42 &amp; fin de saison" {
		t.Errorf("a JSON Feed title is plain text: %q", e42.Title)
	}
	if e42.Text != "Avec Léa & Tom — 45\u00a0min." || e42.Author.Name != "Léa" || e42.RemoteID != "episode-42" {
		t.Errorf("episode 42: %+v", e42)
	}
	if e41.URL != strings.TrimSuffix(address, "/feed")+"/episodes/41" || e41.Author.Name != "L’équipe de Radio Quartier" ||
		!strings.HasPrefix(e41.Text, "Le marché du samedi.") {
		t.Errorf("episode 41: %+v", e41)
	}
}

// The fake's own shapes, read the same way in the three formats.
func TestFormatsAgree(t *testing.T) {
	var got [][]app.Item
	for _, format := range []rsstest.Format{rsstest.RSS, rsstest.Atom, rsstest.JSON} {
		s := rsstest.NewServer()
		s.Format = format
		s.Start(t)
		s.Mention("Zoé", `<p>Rendez-vous <b>samedi</b> &amp; dimanche&nbsp;!</p><p>Au <a href="/lieu">local</a>.</p>`)
		s.Mention("Yann", "Merci à tous 👋")
		c, r := open(t, s.FeedURL())
		p, err := c.Profile(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if p.Handle != "Les nouvelles de l’Atelier & Cie" || p.DisplayName != "Le carnet de bord de l’Atelier — ateliers, rencontres et coups de cœur." {
			t.Errorf("%s: Profile = %+v", format, p)
		}
		if !bytes.Equal(p.Avatar, conformance.PNG()) {
			t.Errorf("%s: the avatar is not the feed's image", format)
		}
		page, err := r.Since(ctx(t), "")
		if err != nil {
			t.Fatal(err)
		}
		for i := range page.Items {
			page.Items[i].Author.URL = "" // the feed's own address
			page.Items[i].URL = strings.TrimPrefix(page.Items[i].URL, s.URL())
			page.Items[i].RemoteID = strings.TrimPrefix(page.Items[i].RemoteID, s.URL())
		}
		got = append(got, page.Items)
	}
	want := []app.Item{{
		RemoteID: "/?p=1", Kind: app.ItemArticle, Title: "Billet n°1, de Zoé",
		Author: app.Author{Name: "Zoé", Handle: "Les nouvelles de l’Atelier & Cie"},
		Text:   "Rendez-vous samedi & dimanche\u00a0!\n\nAu local.", URL: "/2026/billet-1/", At: time.Date(2026, 5, 4, 9, 1, 0, 0, time.UTC),
	}, {
		RemoteID: "/?p=2", Kind: app.ItemArticle, Title: "Billet n°2, de Yann",
		Author: app.Author{Name: "Yann", Handle: "Les nouvelles de l’Atelier & Cie"},
		Text:   "Merci à tous 👋", URL: "/2026/billet-2/", At: time.Date(2026, 5, 4, 9, 2, 0, 0, time.UTC),
	}}
	for i, items := range got {
		if fmt.Sprint(items) != fmt.Sprint(want) {
			t.Errorf("format %d:\n got %+v\nwant %+v", i, items, want)
		}
	}
}

func TestNotAFeed(t *testing.T) {
	s := rsstest.NewServer().Start(t)
	c, r := open(t, s.URL()+"/")
	_, err := c.Profile(ctx(t))
	if !errors.Is(err, rss.ErrNotAFeed) || !errors.Is(err, app.ErrRejected) {
		t.Fatalf("Profile of a web page: %v, want ErrNotAFeed, rejected", err)
	}
	if !strings.Contains(err.Error(), "this address is not an RSS or Atom feed") || strings.Contains(err.Error(), "<") {
		t.Errorf("error %q is not plain", err)
	}
	if _, err := r.Since(ctx(t), ""); !errors.Is(err, rss.ErrNotAFeed) {
		t.Errorf("Since of a web page: %v, want ErrNotAFeed", err)
	}

	// Any JSON is not a JSON Feed.
	_, err = open2(t, serve(t, "application/json", []byte(`{"data":[{"id":1}],"version":2}`))).Profile(ctx(t))
	if !errors.Is(err, rss.ErrNotAFeed) {
		t.Errorf("an API's JSON: %v, want ErrNotAFeed", err)
	}
	// Nothing at all.
	_, err = open2(t, serve(t, "text/plain", nil)).Profile(ctx(t))
	if !errors.Is(err, rss.ErrNotAFeed) {
		t.Errorf("an empty answer: %v, want ErrNotAFeed", err)
	}
}

func open2(t *testing.T, address string) app.Connector {
	c, _ := open(t, address)
	return c
}

// A page that served a feed before and now answers with something else
// is a feed in trouble, to try again later; so is a feed cut short, or an
// answer that says it is a feed and is not.
func TestBrokenFeed(t *testing.T) {
	var body []byte
	ctype := "application/rss+xml"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(body)
	}))
	t.Cleanup(ts.Close)
	_, r := open(t, ts.URL+"/feed")
	wp, err := os.ReadFile("testdata/wordpress.rss")
	if err != nil {
		t.Fatal(err)
	}

	body = wp
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, ctype, body, cursor string
	}{
		{"an HTML page where the feed was", "text/html", "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>", page.Cursor},
		{"a feed cut short", "text/html", string(wp[:len(wp)/2]), ""},
		{"a PHP warning where the XML starts", "application/rss+xml", "<br />\n<b>Warning</b>: headers already sent\n" + string(wp), ""},
	} {
		ctype, body = tc.ctype, []byte(tc.body)
		_, err := r.Since(ctx(t), tc.cursor)
		ne, ok := app.AsNetError(err)
		if !ok || ne.Kind != app.FailServer || errors.Is(err, rss.ErrNotAFeed) {
			t.Errorf("%s: %v, want a FailServer NetError", tc.name, err)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	s := rsstest.NewServer().Start(t)
	s.Mention("alice", "Premier")
	_, r := open(t, s.FeedURL())
	first, err := r.Since(ctx(t), "")
	if err != nil || len(first.Items) != 1 {
		t.Fatalf("first read: %d items, %v", len(first.Items), err)
	}
	again, err := r.Since(ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Items) != 0 || again.Cursor != first.Cursor {
		t.Errorf("read after nothing changed: %d items, cursor changed %v", len(again.Items), again.Cursor != first.Cursor)
	}
	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if reqs[0].IfNoneMatch != "" || reqs[0].IfModifiedSince != "" {
		t.Errorf("the first read was conditional: %+v", reqs[0])
	}
	if reqs[1].IfNoneMatch == "" || reqs[1].IfModifiedSince != "Mon, 04 May 2026 09:01:00 GMT" || reqs[1].Status != http.StatusNotModified {
		t.Errorf("second read: %+v, want If-None-Match, If-Modified-Since and a 304", reqs[1])
	}

	s.Mention("bob", "Deuxième")
	next, err := r.Since(ctx(t), again.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Items) != 1 || next.Items[0].Text != "Deuxième" {
		t.Errorf("after a new entry: %+v", next.Items)
	}
	if reqs := s.Requests(); reqs[2].Status != http.StatusOK || reqs[2].IfNoneMatch != reqs[1].IfNoneMatch {
		t.Errorf("third read: %+v", reqs[2])
	}
}

// An entry is returned once, whatever the feed does to its order, even
// with no date, no ETag and no Last-Modified to go by.
func TestReorderedWithoutDates(t *testing.T) {
	s := rsstest.NewServer()
	s.NoDates = true
	s.NoValidators = true
	s.Start(t)
	a := rsstest.Entry{GUID: "a", Title: "A", HTML: "a"}
	b := rsstest.Entry{Title: "B", HTML: "b", Link: s.URL() + "/b"} // no GUID: the link
	c := rsstest.Entry{Title: "C", HTML: "c"}                       // neither: title and date
	d := rsstest.Entry{GUID: "d", Title: "D", HTML: "d"}
	s.SetEntries([]rsstest.Entry{a, b, c})
	_, r := open(t, s.FeedURL())

	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(page.Items); !slices.Equal(got, []string{"C", "B", "A"}) {
		t.Errorf("first read %q, want the feed's order reversed (oldest first)", got)
	}
	for _, it := range page.Items {
		if !it.At.Equal(fetchTime) {
			t.Errorf("%s: At = %v, want the time of the read", it.Title, it.At)
		}
	}
	if page.Items[1].RemoteID != s.URL()+"/b" || !strings.HasPrefix(page.Items[0].RemoteID, "sha256:") {
		t.Errorf("remote IDs %q %q, want the link, a hash", page.Items[1].RemoteID, page.Items[0].RemoteID)
	}

	s.SetEntries([]rsstest.Entry{c, a, b})
	page, err = r.Since(ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 {
		t.Errorf("reordered: %q, want nothing new", titles(page.Items))
	}

	s.SetEntries([]rsstest.Entry{b, d, c, a})
	page, err = r.Since(ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(page.Items); !slices.Equal(got, []string{"D"}) {
		t.Errorf("after adding D in the middle: %q, want D only", got)
	}

	// An entry that left the feed and comes back is not new either.
	s.SetEntries([]rsstest.Entry{d})
	page, _ = r.Since(ctx(t), page.Cursor)
	s.SetEntries([]rsstest.Entry{a, d})
	page, err = r.Since(ctx(t), page.Cursor)
	if err != nil || len(page.Items) != 0 {
		t.Errorf("an entry back: %q, %v; want nothing new", titles(page.Items), err)
	}
}

func titles(items []app.Item) []string {
	var ts []string
	for _, it := range items {
		ts = append(ts, it.Title)
	}
	return ts
}

func TestFirstReadCapped(t *testing.T) {
	s := rsstest.NewServer().Start(t)
	for i := range 120 {
		s.Mention("robot", fmt.Sprintf("Entrée %d", i))
	}
	_, r := open(t, s.FeedURL())
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != rss.FirstRead {
		t.Fatalf("first read: %d items, want %d", len(page.Items), rss.FirstRead)
	}
	if page.Items[0].Text != "Entrée 70" || page.Items[49].Text != "Entrée 119" {
		t.Errorf("first read from %q to %q, want the 50 newest, oldest first", page.Items[0].Text, page.Items[49].Text)
	}
	// The older entries are not returned later either.
	s.Mention("robot", "Entrée 120")
	page, err = r.Since(ctx(t), page.Cursor)
	if err != nil || len(page.Items) != 1 || page.Items[0].Text != "Entrée 120" {
		t.Errorf("next read: %q, %v; want the new entry only", titles(page.Items), err)
	}
	if len(page.Cursor) > 8000 {
		t.Errorf("cursor of %d bytes", len(page.Cursor))
	}
}

// A cursor that cannot be read is a first read.
func TestUnreadableCursor(t *testing.T) {
	s := rsstest.NewServer().Start(t)
	s.Mention("alice", "Premier")
	_, r := open(t, s.FeedURL())
	for _, cur := range []string{"garbage", `{"v":99}`, `{"v":1,"seen":"abc"}`} {
		page, err := r.Since(ctx(t), cur)
		if err != nil || len(page.Items) != 1 {
			t.Errorf("cursor %q: %d items, %v; want a first read", cur, len(page.Items), err)
		}
	}
}

func TestTooLarge(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Énorme</title>`)
		item := fmt.Sprintf("<item><title>x</title><description>%s</description></item>\n", strings.Repeat("y", 4000))
		for written := 0; written <= rss.MaxBody; written += len(item) {
			if _, err := fmt.Fprint(w, item); err != nil {
				return
			}
		}
		_, _ = fmt.Fprint(w, "</channel></rss>")
	}))
	t.Cleanup(ts.Close)
	_, r := open(t, ts.URL+"/feed")
	_, err := r.Since(ctx(t), "")
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailServer || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("a feed over %d bytes: %v, want a FailServer NetError", rss.MaxBody, err)
	}
}

func TestRedirects(t *testing.T) {
	s := rsstest.NewServer().Start(t)
	s.Mention("alice", "Par un détour")
	c, r := open(t, s.URL()+"/found") // 302 to /moved, 301 to /feed.xml
	if _, err := c.Profile(ctx(t)); err != nil {
		t.Fatalf("Profile through redirects: %v", err)
	}
	page, err := r.Since(ctx(t), "")
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("Since through redirects: %d items, %v", len(page.Items), err)
	}
	page, err = r.Since(ctx(t), page.Cursor)
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("second read through redirects: %d items, %v", len(page.Items), err)
	}
	if reqs := s.Requests(); reqs[len(reqs)-1].Status != http.StatusNotModified {
		t.Errorf("the validators did not follow the redirects: %+v", reqs[len(reqs)-1])
	}

	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
	}))
	t.Cleanup(loop.Close)
	_, r = open(t, loop.URL+"/feed")
	if _, err := r.Since(ctx(t), ""); !isNetError(err) {
		t.Errorf("endless redirects: %v, want a NetError", err)
	}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	}))
	t.Cleanup(elsewhere.Close)
	_, r = open(t, elsewhere.URL+"/feed")
	if _, err := r.Since(ctx(t), ""); !isNetError(err) {
		t.Errorf("a redirect to a file: %v, want a NetError", err)
	}
}

func isNetError(err error) bool {
	_, ok := app.AsNetError(err)
	return ok
}

func TestErrorPageWords(t *testing.T) {
	s := rsstest.NewServer().Start(t)
	_, r := open(t, s.URL()+"/gone.xml")
	_, err := r.Since(ctx(t), "")
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailNotFound || ne.Message != "Not Found — The page /gone.xml does not exist. — Apache/2.4.62 (Debian)" {
		t.Fatalf("404: %v (message %q)", err, ne.Message)
	}
}

func TestOpen(t *testing.T) {
	d := rss.NewDialer()
	if d.Network() != app.RSS {
		t.Errorf("Network = %q", d.Network())
	}
	for _, bad := range []string{"", "  ", "ftp://example.org/feed", "https://user:secret@example.org/feed", "https://", "javascript:alert(1)"} {
		_, err := d.Open(app.Account{Network: app.RSS, Server: bad}, nil)
		if !errors.Is(err, rss.ErrBadURL) {
			t.Errorf("Open(%q): %v, want ErrBadURL", bad, err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q): the error shows the password: %v", bad, err)
		}
	}
	for _, good := range []string{"example.org/feed.xml", "http://example.org/rss", "HTTPS://Example.org/?feed=rss2#top"} {
		if _, err := d.Open(app.Account{Network: app.RSS, Server: good}, nil); err != nil {
			t.Errorf("Open(%q): %v", good, err)
		}
	}
	if _, err := d.Open(app.Account{Network: app.Mastodon, Server: "https://example.org/feed"}, nil); err == nil {
		t.Error("opened a Mastodon account")
	}
}

// Only web links are kept: a feed cannot hand the inbox a javascript: or
// file: link to open.
func TestOnlyWebLinks(t *testing.T) {
	_, r := open(t, serve(t, "application/rss+xml", []byte(`<rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>js</title><link>javascript:alert(1)</link></item>
<item><guid>2</guid><title>file</title><link>file:///etc/passwd</link></item>
<item><guid>3</guid><title>relative</title><link>/posts/3</link></item>
</channel></rss>`)))
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.Title == "relative" {
			if !strings.HasPrefix(it.URL, "http://127.0.0.1:") || !strings.HasSuffix(it.URL, "/posts/3") {
				t.Errorf("relative link resolved to %q", it.URL)
			}
		} else if it.URL != "" {
			t.Errorf("%s: URL %q kept", it.Title, it.URL)
		}
	}
}

// A date before 1970 is no date (updated stands for it), one in the
// future is now.
func TestOddDates(t *testing.T) {
	_, r := open(t, serve(t, "application/rss+xml", []byte(`<rss version="2.0"><channel><title>t</title>
<item><guid>future</guid><pubDate>Fri, 31 Dec 2027 23:59:59 +0000</pubDate></item>
<item><guid>old</guid><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate><atom:updated xmlns:atom="http://www.w3.org/2005/Atom">2026-05-01T00:00:00Z</atom:updated></item>
<item><guid>ancient</guid><pubDate>Mon, 01 Jan 1900 00:00:00 +0000</pubDate></item>
<item><guid>fine</guid><pubDate>Fri, 01 May 2026 10:00:00 +0200</pubDate></item>
</channel></rss>`)))
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, it := range page.Items {
		got[it.RemoteID] = it.At
	}
	if !got["future"].Equal(fetchTime) || !got["old"].Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) ||
		!got["ancient"].Equal(fetchTime) || !got["fine"].Equal(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("times %v", got)
	}
}
