package rss_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/connectors/rss/rsstest"
)

func TestWatcherReadsEachArticleOnceConditionally(t *testing.T) {
	srv := rsstest.NewServer().Start(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	srv.Add(rsstest.Entry{GUID: "a1", Title: "L'été de Maison Lumen", Link: srv.URL() + "/a1", HTML: "<p>Un <b>été</b></p>", Published: at})
	w := rss.Watcher{}
	page, err := w.ReadFeed(context.Background(), srv.FeedURL(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Found) != 1 || page.Found[0].URI != srv.URL()+"/a1" || page.Found[0].Text != "Un été" || page.Found[0].Source != "feed" {
		t.Fatalf("first read: %+v", page.Found)
	}
	again, err := w.ReadFeed(context.Background(), srv.FeedURL(), page.Cursor)
	if err != nil || len(again.Found) != 0 {
		t.Fatalf("second read: %+v, %v", again, err)
	}
	reqs := srv.Requests()
	if last := reqs[len(reqs)-1]; last.IfNoneMatch == "" || last.Status != http.StatusNotModified {
		t.Errorf("second read was not conditional: %+v", last)
	}
}

func TestWatcherRefusesWhatIsNotAFeed(t *testing.T) {
	srv := rsstest.NewServer().Start(t)
	_, err := rss.Watcher{}.ReadFeed(context.Background(), srv.URL()+"/", "")
	if !errors.Is(err, rss.ErrNotAFeed) {
		t.Errorf("a web page: %v", err)
	}
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>`))
		w.Write([]byte(strings.Repeat("<item><title>x</title></item>", (rss.MaxBody/28)+10)))
	}))
	defer huge.Close()
	if _, err := (rss.Watcher{}).ReadFeed(context.Background(), huge.URL, ""); err == nil {
		t.Error("a feed over MaxBody was read")
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer slow.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = rss.Watcher{}.ReadFeed(ctx, slow.URL, "")
	if ne, ok := app.AsNetError(err); err == nil || ok && !ne.Temporary() {
		t.Errorf("a slow feed: %v", err)
	}
}
