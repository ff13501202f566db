package rss

import (
	"context"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// WatchTimeout bounds one read of a feed for the veille: a slow feed is
// given up, said so, and never holds the others.
const WatchTimeout = 20 * time.Second

// Watcher reads feeds for the veille: monitor.FeedReader over the
// connector, with its conditional GET, each article once, and its refusal
// of what is not a feed, too big (MaxBody) or too slow (WatchTimeout).
type Watcher struct {
	Dialer *Dialer
}

var _ monitor.FeedReader = Watcher{}

// ReadFeed implements monitor.FeedReader.
func (w Watcher) ReadFeed(ctx context.Context, url, cursor string) (monitor.FeedPage, error) {
	d := w.Dialer
	if d == nil {
		d = NewDialer()
	}
	conn, err := d.Open(app.Account{Network: app.RSS, Server: url}, nil)
	if err != nil {
		return monitor.FeedPage{}, err
	}
	feed := conn.(*Feed)
	feed.client.Timeout = WatchTimeout
	page, err := feed.Since(ctx, cursor)
	if err != nil {
		return monitor.FeedPage{}, err
	}
	out := monitor.FeedPage{Cursor: page.Cursor, Found: make([]monitor.Found, 0, len(page.Items))}
	for i := len(page.Items) - 1; i >= 0; i-- { // newest first
		it := page.Items[i]
		uri := it.URL
		if uri == "" {
			uri = url + "#" + it.RemoteID
		}
		out.Found = append(out.Found, monitor.Found{
			URI: uri, URL: it.URL, Source: monitor.SourceFeed, Author: it.Author, Title: it.Title, Text: it.Text, Published: it.At,
		})
	}
	return out, nil
}
