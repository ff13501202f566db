package bluesky_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/conformance"
)

func TestPublishRecord(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	site := httptest.NewServer(http.NotFoundHandler()) // no card for this link
	t.Cleanup(site.Close)
	link := site.URL + "/programme?jour=1"
	text := "Fête à Besançon 🎉 avec @relais.test et @personne.test : " + link + ". #FêteDeLaMusique #2024"
	key := app.NewAttemptKey(e.clock.Now())
	got, err := e.conn.Publish(ctx, app.Outgoing{Key: key, Text: text, Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	wantURI := "at://" + e.fake.DID() + "/app.bsky.feed.post/" + key
	if got.Ref.ID != wantURI || got.Ref.CID == "" || got.Ref.Root != nil {
		t.Errorf("Ref = %+v, want %s with a CID and no root", got.Ref, wantURI)
	}
	if want := "https://bsky.app/profile/relais.test/post/" + key; got.URL != want {
		t.Errorf("URL = %q, want %q", got.URL, want)
	}
	if !got.At.Equal(e.clock.Now()) {
		t.Errorf("At = %v, want the clock's %v", got.At, e.clock.Now())
	}
	var rec postJSON
	record(t, e.fake, got.Ref.ID, &rec)
	if rec.Type != "app.bsky.feed.post" || rec.Text != text || rec.CreatedAt != "2026-03-14T09:30:00.000Z" ||
		len(rec.Langs) != 1 || rec.Langs[0] != "fr" || rec.Embed != nil {
		t.Errorf("record = %+v", rec)
	}
	type facet struct{ slice, kind, value string }
	var facets []facet
	for _, f := range rec.Facets {
		ft := f.Features[0]
		facets = append(facets, facet{text[f.Index.ByteStart:f.Index.ByteEnd], ft.Type, ft.URI + ft.DID + ft.Tag})
	}
	want := []facet{
		{"@relais.test", bluesky.FeatureMention, e.fake.DID()},
		{link, bluesky.FeatureLink, link},
		{"#FêteDeLaMusique", bluesky.FeatureTag, "FêteDeLaMusique"},
	}
	if fmt.Sprint(facets) != fmt.Sprint(want) {
		t.Errorf("facets = %q\nwant %q", facets, want)
	}
}

func TestPublishImages(t *testing.T) {
	e := newEnv(t)
	img := conformance.Image("Une affiche rouge")
	wide := conformance.Image("")
	wide.Width, wide.Height, wide.Type = 0, 0, ""
	got, err := e.conn.Publish(testCtx(t), app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Deux images https://example.org", Media: []app.Attachment{img, wide}})
	if err != nil {
		t.Fatal(err)
	}
	var rec postJSON
	record(t, e.fake, got.Ref.ID, &rec)
	if rec.Embed == nil || rec.Embed.Type != "app.bsky.embed.images" || len(rec.Embed.Images) != 2 {
		t.Fatalf("embed = %+v, want two images (and no link card)", rec.Embed)
	}
	first, second := rec.Embed.Images[0], rec.Embed.Images[1]
	if first.Alt != "Une affiche rouge" || first.AspectRatio == nil || first.AspectRatio.Width != 4 || first.AspectRatio.Height != 3 {
		t.Errorf("first image = %+v, want its alt and a 4:3 aspect ratio", first)
	}
	if second.Alt != "" || second.AspectRatio != nil {
		t.Errorf("second image = %+v, want an empty alt and no aspect ratio", second)
	}
	for _, im := range rec.Embed.Images {
		mime, size, ok := e.fake.Blob(im.Image.Ref.Link)
		if im.Image.Type != "blob" || !ok || mime != "image/png" || size != len(conformance.PNG()) || im.Image.Size != size {
			t.Errorf("image blob %+v: uploaded %t as %s of %d bytes; want a PNG of %d", im.Image, ok, mime, size, len(conformance.PNG()))
		}
	}
}

func TestPublishRefusesLargeImages(t *testing.T) {
	e := newEnv(t)
	big := app.Attachment{Media: app.Media{Type: "image/jpeg", Name: "grande.jpg"}, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(make([]byte, 1_000_001))), nil
	}}
	_, err := e.conn.Publish(testCtx(t), app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Trop lourde", Media: []app.Attachment{big}})
	if ne, ok := app.AsNetError(err); !ok || ne.Kind != app.FailRejected || !strings.Contains(ne.Message, "grande.jpg") {
		t.Errorf("error = %v, want FailRejected naming the image", err)
	}
	if n := e.fake.Calls("com.atproto.repo.uploadBlob"); n != 0 {
		t.Errorf("%d uploads, want none", n)
	}
}

// The PDS refuses a post of more than 3,000 bytes however few its
// graphemes, as the reference PDS does (issue 16: 121 emoji families,
// 3,025 bytes); app.Check catches it before scheduling.
func TestPublishRefusedOver3000Bytes(t *testing.T) {
	e := newEnv(t)
	text := strings.Repeat("👨‍👩‍👧‍👦", 121)
	_, err := e.conn.Publish(testCtx(t), app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: text})
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailRejected || !strings.Contains(ne.Message, "Record/text must not be longer than 3000 characters") {
		t.Fatalf("error = %v, want FailRejected with the PDS's message", err)
	}
	if n := len(e.fake.Posts()); n != 0 {
		t.Errorf("%d posts stored, want none", n)
	}
}

func TestLinkCard(t *testing.T) {
	png := conformance.PNG()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/og":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<!doctype html><html><head><title>Titre de secours</title>
<meta property="og:title" content="Fête de la musique &amp; co">
<meta property="og:description" content="  Le programme
  complet  ">
<meta property="og:image" content="/img/affiche.png">
</head><body><meta property="og:title" content="trop tard"></body></html>`)
		case "/title":
			w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
			w.Write([]byte("<html><head><title>Caf\xe9 du coin</title></head><body>x</body></html>"))
		case "/big-thumb":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<meta property="og:title" content="Grande image"><meta property="og:image" content="/img/big.png">`)
		case "/img/affiche.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		case "/img/big.png":
			w.Write(append(bytes.Clone(png), make([]byte, 1_000_001)...))
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			io.WriteString(w, "%PDF-1.4")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(site.Close)

	e := newEnv(t)
	ctx := testCtx(t)
	publish := func(path string) postJSON {
		t.Helper()
		got, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "À lire : " + site.URL + path + " !"})
		e.clock.Advance(time.Second)
		if err != nil {
			t.Fatalf("Publish with %s: %v", path, err)
		}
		var rec postJSON
		record(t, e.fake, got.Ref.ID, &rec)
		return rec
	}

	rec := publish("/og")
	if rec.Embed == nil || rec.Embed.Type != "app.bsky.embed.external" || rec.Embed.External == nil {
		t.Fatalf("embed = %+v, want a link card", rec.Embed)
	}
	x := rec.Embed.External
	if x.URI != site.URL+"/og" || x.Title != "Fête de la musique & co" || x.Description != "Le programme complet" {
		t.Errorf("card = %+v", x)
	}
	if x.Thumb == nil {
		t.Fatal("the card has no thumb")
	}
	if mime, size, ok := e.fake.Blob(x.Thumb.Ref.Link); !ok || mime != "image/png" || size != len(png) {
		t.Errorf("thumb uploaded %t as %s of %d bytes, want the PNG", ok, mime, size)
	}

	rec = publish("/title")
	if rec.Embed == nil || rec.Embed.External.Title != "Café du coin" || rec.Embed.External.Thumb != nil {
		t.Errorf("card from <title> in Latin-1 = %+v", rec.Embed)
	}
	rec = publish("/big-thumb")
	if rec.Embed == nil || rec.Embed.External.Title != "Grande image" || rec.Embed.External.Thumb != nil {
		t.Errorf("card with a thumb over 1,000,000 bytes = %+v, want a card without a thumb", rec.Embed)
	}
	for _, path := range []string{"/missing", "/pdf"} {
		if rec := publish(path); rec.Embed != nil {
			t.Errorf("%s made a card %+v, want none", path, rec.Embed)
		}
	}
}

func TestReplies(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	post := func(text string, to *app.RemoteRef) app.Published {
		t.Helper()
		e.clock.Advance(time.Millisecond)
		got, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: text, ReplyTo: to})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	root := post("1/3", nil)
	second := post("2/3", &root.Ref)
	third := post("3/3", &second.Ref)

	check := func(p app.Published, root, parent app.RemoteRef) {
		t.Helper()
		var rec postJSON
		record(t, e.fake, p.Ref.ID, &rec)
		if rec.Reply == nil || rec.Reply.Root != (refJSON{root.ID, root.CID}) || rec.Reply.Parent != (refJSON{parent.ID, parent.CID}) {
			t.Errorf("reply = %+v, want root %s and parent %s", rec.Reply, root.ID, parent.ID)
		}
		if p.Ref.Root == nil || p.Ref.Root.ID != root.ID || p.Ref.Root.CID != root.CID {
			t.Errorf("Ref.Root = %+v, want %s", p.Ref.Root, root.ID)
		}
	}
	check(second, root.Ref, root.Ref)
	check(third, root.Ref, second.Ref)

	// Answering a post known by its URI alone: its CID and its thread's
	// root are read from the network.
	fourth := post("4/3", &app.RemoteRef{ID: third.Ref.ID})
	check(fourth, root.Ref, third.Ref)
	if n := e.fake.Calls("app.bsky.feed.getPosts"); n != 1 {
		t.Errorf("%d getPosts, want 1", n)
	}
}

func TestPublishSameKeyTwice(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	o := app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Une fois"}
	if _, found, err := e.conn.Find(ctx, o); err != nil || found {
		t.Fatalf("Find before = %v, %v; want not found", found, err)
	}
	first, err := e.conn.Publish(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.conn.Publish(ctx, o)
	if err != nil {
		t.Fatalf("Publish again: %v", err)
	}
	if again.Ref.ID != first.Ref.ID || again.Ref.CID != first.Ref.CID || again.URL != first.URL || !again.At.Equal(first.At) {
		t.Errorf("again = %+v, want the first %+v", again, first)
	}
	if n := len(e.fake.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
	if n := e.fake.Calls("com.atproto.repo.createRecord"); n != 2 {
		t.Errorf("%d createRecord, want 2", n)
	}
	found, ok, err := e.conn.Find(ctx, o)
	if err != nil || !ok || found.Ref != first.Ref {
		t.Errorf("Find = %+v, %v, %v; want the post", found, ok, err)
	}
}

func TestBadKey(t *testing.T) {
	e := newEnv(t)
	if _, err := e.conn.Publish(testCtx(t), app.Outgoing{Key: "pas une clé", Text: "x"}); err != bluesky.ErrBadKey {
		t.Errorf("error = %v, want ErrBadKey", err)
	}
}

// noInternet is a transport that reaches only this machine, and records
// the other addresses asked for.
type noInternet struct {
	mu    sync.Mutex
	asked []string
}

func (n *noInternet) RoundTrip(r *http.Request) (*http.Response, error) {
	if host := r.URL.Hostname(); host == "127.0.0.1" || host == "localhost" || host == "::1" {
		return http.DefaultTransport.RoundTrip(r)
	}
	n.mu.Lock()
	n.asked = append(n.asked, r.URL.String())
	n.mu.Unlock()
	return nil, errors.New("no internet in tests")
}

func TestPublishBareDomainFacets(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	net := &noInternet{}
	e.dial.HTTP.Transport = net
	text := "Été 👨‍👩‍👧‍👦 à Besançon 🇫🇷 : exemple.fr/offre, maison.paris et (shop.co.uk). Pas fichier.txt, v1.2, 14h30, 3.5, Mr.Smith, e.g ni ex.ample."
	got, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var rec postJSON
	record(t, e.fake, got.Ref.ID, &rec)
	type facet struct {
		start, end int
		uri        string
	}
	var facets []facet
	for _, f := range rec.Facets {
		facets = append(facets, facet{f.Index.ByteStart, f.Index.ByteEnd, f.Features[0].URI})
	}
	at := func(s string) int { return strings.Index(text, s) }
	want := []facet{
		{at("exemple.fr"), at("exemple.fr") + len("exemple.fr/offre"), "https://exemple.fr/offre"},
		{at("maison.paris"), at("maison.paris") + len("maison.paris"), "https://maison.paris"},
		{at("shop.co.uk"), at("shop.co.uk") + len("shop.co.uk"), "https://shop.co.uk"},
	}
	if fmt.Sprint(facets) != fmt.Sprint(want) {
		t.Errorf("facets = %v\nwant %v (UTF-8 byte offsets)", facets, want)
	}
	// As the app does, the first link gets a card: asked for, not found
	// here, the post goes without.
	if len(net.asked) == 0 || net.asked[0] != "https://exemple.fr/offre" || rec.Embed != nil {
		t.Errorf("card asked at %q, embed %+v; want https://exemple.fr/offre asked and no card", net.asked, rec.Embed)
	}
}
