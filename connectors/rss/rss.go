// Package rss reads a feed — RSS 0.9x to 2.0, RDF, Atom 1.0 or JSON Feed,
// parsed by github.com/mmcdole/gofeed — as a read-only source: its
// entries arrive in the inbox as app.ItemArticle items. An RSS "account"
// is the feed's URL, with no secret.
//
// # Reading what is new
//
// Since's cursor is the package's own (see the cursor type). It carries the
// feed's validators (ETag, Last-Modified), so that reading again is a
// conditional GET, and a 304 returns no item and the same cursor; and the
// keys of the entries already seen (the newest 500), so that an entry is
// returned once, whatever the feed does to its order or its dates. The
// first read returns at most FirstRead entries, the newest.
//
// # When the answer is not a feed
//
// A 2xx answer that cannot be read as a feed is one of two things:
//
//   - the address is not a feed (a web page, an API): app.FailRejected,
//     with ErrNotAFeed, so that adding it says so plainly and is not
//     tried again;
//   - the feed is broken: the body starts as a feed and does not parse
//     (cut short, invalid XML), or its Content-Type says it is a feed
//     (a PHP warning printed before the XML, the conformance suite's
//     Malformed answer), or the cursor shows this address served a feed
//     before: app.FailServer, tried again later.
package rss

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// Limits of a read.
const (
	// MaxBody bounds a feed's size.
	MaxBody = 5 << 20
	// FirstRead is how many entries, the newest, the first read returns.
	FirstRead = 50
	// maxSeen is how many entries the cursor remembers, and how many of
	// a feed's entries, the newest, are read at all.
	maxSeen = 500
	// maxText bounds an item's text, in runes: the inbox shows what
	// arrived, the entry's page has the rest.
	maxText = 10000
	// maxRedirects bounds the redirects followed to the feed.
	maxRedirects = 5
)

// ErrBadURL is returned for an address that cannot be a feed's.
var ErrBadURL = errors.New("not a feed address (https://example.org/feed.xml)")

// ErrNotAFeed is the error of a NetError for an address that answers with
// something else than a feed.
var ErrNotAFeed = errors.New("this address is not an RSS or Atom feed")

// Dialer opens feeds. Its fields may be changed before the first Open; a
// nil field is its default.
type Dialer struct {
	// HTTP does the requests.
	HTTP *http.Client
	// Now tells the time: an entry's time when the feed gives none.
	Now func() time.Time
}

var _ app.Dialer = (*Dialer)(nil)

// NewDialer returns a dialer that follows at most 5 redirects, with the
// wall clock.
func NewDialer() *Dialer {
	return &Dialer{HTTP: &http.Client{CheckRedirect: checkRedirect}, Now: time.Now}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("more than %d redirects", maxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("a redirect to %s: is not followed", req.URL.Scheme)
	}
	return nil
}

// Network is app.RSS.
func (d *Dialer) Network() app.Network { return app.RSS }

// Open returns the connector of the feed at acc.Server. A feed has no
// secret: creds is not used. Open does no request.
func (d *Dialer) Open(acc app.Account, _ app.Credentials) (app.Connector, error) {
	if acc.Network != app.RSS {
		return nil, fmt.Errorf("rss: an account of %s: %w", acc.Network.Name(), app.ErrNotConnectable)
	}
	u, err := parseURL(acc.Server)
	if err != nil {
		return nil, err
	}
	client := httpx.New(app.RSS)
	client.HTTP = d.HTTP
	client.MaxBody = MaxBody
	client.Now = d.Now
	client.Message = serverWords
	now := d.Now
	if now == nil {
		now = time.Now
	}
	return &Feed{url: u, client: client, now: now}, nil
}

// parseURL reads a feed's address as a user types it: https is assumed,
// http is accepted (a feed holds nothing secret, and many are still
// served so), nothing else is; the fragment is dropped.
func parseURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrBadURL
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q: %w", s, ErrBadURL)
	}
	if u.User != nil {
		// A password in the address would be kept with the account,
		// outside the keychain.
		return nil, fmt.Errorf("%q: a feed that needs a password is not supported: %w", u.Redacted(), ErrBadURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("%q: %w", s, ErrBadURL)
	}
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// Feed is the connector of one feed. It is safe for concurrent use.
type Feed struct {
	url    *url.URL
	client *httpx.Client
	now    func() time.Time
}

var (
	_ app.Connector = (*Feed)(nil)
	_ app.Reader    = (*Feed)(nil)
)

// Limits is nothing: a feed is not posted to.
func (f *Feed) Limits() app.Limits { return app.Limits{} }

// Profile fetches the feed and says what it is: Handle is its title,
// RemoteID and Server its URL, URL its site, DisplayName the first line
// of its description, Avatar its image when it has one that could be
// fetched. It is how a feed is checked when it is added.
func (f *Feed) Profile(ctx context.Context) (app.Profile, error) {
	got, err := f.fetch(ctx, cursor{})
	if err != nil {
		return app.Profile{}, err
	}
	feed := got.feed
	p := app.Profile{
		RemoteID:    f.url.String(),
		Server:      f.url.String(),
		Handle:      inline(feed, feed.Title, 200),
		DisplayName: description(feed, 200),
		URL:         f.link(feed.Link),
	}
	if p.Handle == "" {
		p.Handle = f.url.Host
	}
	if feed.Image != nil {
		if img := f.link(feed.Image.URL); img != "" {
			p.Avatar, err = f.avatar(ctx, img)
			if err != nil {
				return app.Profile{}, err
			}
		}
	}
	return p, nil
}

// avatar fetches the feed's image; one that cannot be fetched, or is not
// an image, is none. Only the end of ctx is an error: context.Canceled,
// or the NetError of a request that ran out of time.
func (f *Feed) avatar(ctx context.Context, link string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, nil
	}
	req.Header.Set("Accept", "image/*")
	c := *f.client
	c.MaxBody = app.MaxAvatarSize
	c.Timeout = 15 * time.Second
	r, err := c.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err // as the feed's own request would have said
		}
		return nil, nil
	}
	if !strings.HasPrefix(http.DetectContentType(r.Body), "image/") {
		return nil, nil
	}
	return r.Body, nil
}

// Since returns the entries not seen before, oldest first (see the
// package's documentation).
func (f *Feed) Since(ctx context.Context, cur string) (app.Page, error) {
	c := parseCursor(cur)
	got, err := f.fetch(ctx, c)
	if err != nil {
		return app.Page{}, err
	}
	if got.feed == nil { // not modified
		return app.Page{Cursor: cur}, nil
	}
	entries := f.entries(got.feed, got.at)
	seen := c.seenSet()
	var fresh []entry // newest first
	for _, e := range entries {
		if !seen[e.key] {
			fresh = append(fresh, e)
		}
	}
	if len(seen) == 0 && len(fresh) > FirstRead {
		fresh = fresh[:FirstRead]
	}
	items := make([]app.Item, len(fresh))
	for i, e := range fresh {
		items[len(fresh)-1-i] = f.item(got.feed, e)
	}
	next := cursor{ETag: got.etag, Modified: got.modified}
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.key
	}
	next.remember(keys, c)
	return app.Page{Items: items, Cursor: next.String()}, nil
}
