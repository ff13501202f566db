package rss

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
	"github.com/relais-app/relais/connectors/plaintext"
)

// accept is the Accept header of a feed request.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// fetched is one read of the feed.
type fetched struct {
	// feed is nil when the server answered 304 Not Modified.
	feed           *gofeed.Feed
	etag, modified string
	at             time.Time
}

// fetch GETs the feed, conditionally when c holds validators, and parses
// it. Every failure is an *app.NetError (see the package's documentation
// for an answer that is not a feed), or ctx's error.
func (f *Feed) fetch(ctx context.Context, c cursor) (*fetched, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.url.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("rss: %w", err)
	}
	req.Header.Set("Accept", accept)
	conditional := false
	if c.ETag != "" {
		req.Header.Set("If-None-Match", c.ETag)
		conditional = true
	}
	if c.Modified != "" {
		req.Header.Set("If-Modified-Since", c.Modified)
		conditional = true
	}
	at := f.now()
	r, err := f.client.Do(req)
	if r != nil && r.Status == http.StatusNotModified && conditional {
		return &fetched{at: at}, nil
	}
	if err != nil {
		return nil, err
	}
	feed, perr := parse(r.Body)
	if perr != nil {
		return nil, f.unreadable(r, perr, c.servedBefore())
	}
	return &fetched{feed: feed, etag: r.Header.Get("ETag"), modified: r.Header.Get("Last-Modified"), at: at}, nil
}

// errUnknownType is parse's error for a body that does not start as a
// feed does.
var errUnknownType = errors.New("the answer does not start as a feed does")

// startedAsFeed is parse's error for a body that starts as a feed but
// does not parse.
type startedAsFeed struct{ err error }

func (e startedAsFeed) Error() string { return e.err.Error() }
func (e startedAsFeed) Unwrap() error { return e.err }

// parse reads a feed. gofeed reads bytes from anywhere: should it panic,
// the body is as unreadable as if it had said so.
func parse(body []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			feed, err = nil, startedAsFeed{fmt.Errorf("the feed parser failed: %v", p)}
		}
	}()
	// gofeed's Parse looks for the root element in the first 4 KB.
	kind := gofeed.DetectFeedType(bytes.NewReader(body[:min(len(body), 4096)]))
	if kind == gofeed.FeedTypeUnknown {
		return nil, errUnknownType
	}
	// Any JSON object is detected as JSON: only a JSON Feed says its
	// version, "https://jsonfeed.org/version/1.1".
	jsonFeed := kind != gofeed.FeedTypeJSON || bytes.Contains(body, []byte("jsonfeed.org/version/"))
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(body))
	switch {
	case err != nil && jsonFeed:
		return nil, startedAsFeed{err}
	case err != nil:
		return nil, errUnknownType
	case kind == gofeed.FeedTypeJSON && !strings.HasPrefix(feed.FeedVersion, "https://jsonfeed.org/version/"):
		return nil, errUnknownType
	}
	return feed, nil
}

// unreadable is the error for a 2xx answer that is not a feed: the feed's
// trouble when it started as one, claimed to be one, or this address
// served one before; otherwise the address is not a feed's.
func (f *Feed) unreadable(r *httpx.Response, err error, servedBefore bool) error {
	ctype := r.Header.Get("Content-Type")
	var started startedAsFeed
	switch {
	case errors.As(err, &started):
		return &app.NetError{Network: app.RSS, Kind: app.FailServer, Status: r.Status,
			Err: fmt.Errorf("the feed cannot be read: %w", err)}
	case claimsFeed(ctype):
		return &app.NetError{Network: app.RSS, Kind: app.FailServer, Status: r.Status,
			Err: fmt.Errorf("the answer, sent as %s, is not a feed", ctype)}
	case servedBefore:
		return &app.NetError{Network: app.RSS, Kind: app.FailServer, Status: r.Status,
			Err: errors.New("the answer is no longer a feed")}
	}
	return &app.NetError{Network: app.RSS, Kind: app.FailRejected, Status: r.Status, Err: ErrNotAFeed}
}

// claimsFeed reports whether a Content-Type is a feed's.
func claimsFeed(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return false
	}
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
		"application/xml", "text/xml", "application/rss", "application/x-rss+xml", "text/rss":
		return true
	}
	return false
}

// serverWords reads what an error page says: the usual JSON fields, or
// the page's text on one line, cut short.
func serverWords(body []byte) string {
	if msg := httpx.JSONMessage(body); msg != "" {
		return msg
	}
	if len(body) > 64<<10 {
		body = body[:64<<10]
	}
	var lines []string
	for line := range strings.SplitSeq(plaintext.FromHTML(string(body)), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return cut(strings.Join(lines, " — "), 280)
}

// cut returns s cut to at most n bytes, on a rune's boundary, with "…"
// when something was cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n]) + "…"
}
