package rss_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/rss"
)

// bodyTransport answers every request with its body, no server needed.
type bodyTransport []byte

func (b bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{},
		Body:          io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)),
		Request:       req,
	}, nil
}

// FuzzSince reads arbitrary answers as a feed: no panic; a failure is a
// NetError saying the feed is broken or not one; what is read is valid
// (an ID, a time, UTF-8, web links only, oldest first); and reading the
// same answer again from the cursor returns nothing.
func FuzzSince(f *testing.F) {
	for _, name := range []string{"wordpress.rss", "blog.atom", "podcast.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d := rss.NewDialer()
		d.HTTP = &http.Client{Transport: bodyTransport(body)}
		d.Now = func() time.Time { return time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC) }
		c, err := d.Open(app.Account{Network: app.RSS, Server: "https://feed.example/feed"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := c.(app.Reader)
		ctx := context.Background()
		page, err := r.Since(ctx, "")
		if err != nil {
			ne, ok := app.AsNetError(err)
			if !ok || (ne.Kind != app.FailRejected && ne.Kind != app.FailServer) {
				t.Fatalf("error %v, want a NetError, rejected or server trouble", err)
			}
			if _, perr := c.Profile(ctx); perr == nil {
				t.Fatalf("Since failed (%v) where Profile succeeds", err)
			}
			return
		}
		if len(page.Items) > rss.FirstRead {
			t.Fatalf("first read of %d items", len(page.Items))
		}
		if len(page.Cursor) > 10000 {
			t.Fatalf("cursor of %d bytes", len(page.Cursor))
		}
		ids := map[string]bool{}
		for i, it := range page.Items {
			if it.RemoteID == "" || ids[it.RemoteID] || it.Kind != app.ItemArticle || it.At.IsZero() {
				t.Fatalf("item %d: %+v: want a unique remote ID, an article, a time", i, it)
			}
			ids[it.RemoteID] = true
			if i > 0 && it.At.Before(page.Items[i-1].At) {
				t.Fatalf("items not oldest first")
			}
			for _, s := range []string{it.RemoteID, it.Title, it.Text, it.URL, it.Author.Name, it.Author.Handle, it.Author.URL} {
				if !utf8.ValidString(s) {
					t.Fatalf("item %d holds invalid UTF-8: %q", i, s)
				}
			}
			for _, link := range []string{it.URL, it.Author.URL} {
				if link != "" && !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://") {
					t.Fatalf("item %d links to %q", i, link)
				}
			}
		}
		again, err := r.Since(ctx, page.Cursor)
		if err != nil {
			t.Fatalf("reading the same answer again: %v", err)
		}
		if len(again.Items) != 0 {
			t.Fatalf("reading the same answer again gave %d items", len(again.Items))
		}
		if _, err := c.Profile(ctx); err != nil {
			t.Fatalf("Since succeeds where Profile fails: %v", err)
		}
	})
}
