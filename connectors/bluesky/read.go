package bluesky

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// Reading notifications.
const (
	// notificationsPerPage is the page size asked of listNotifications.
	notificationsPerPage = 50
	// maxNotificationPages bounds how far back Since pages to find what
	// it saw last: 1,000 pages of 50 are 50,000 notifications, far more
	// than any burst between two reads, so that none is lost in practice;
	// the bound is only there so that a PDS whose cursors never end cannot
	// keep Since going. Past it, the notifications older than the 50,000
	// newest are not read (the cursor returned is the newest).
	maxNotificationPages = 1000
	// readMargin is how far behind the newest notification it saw Since
	// reads again: the AppView lists a notification at the earlier of
	// its createdAt (the author's clock) and the time it was indexed, so
	// one from an author whose clock is behind arrives behind those seen
	// already. A notification backdated by more than this is not read.
	readMargin = 10 * time.Minute
	// maxSeenURIs bounds the URIs a cursor keeps, those seen within the
	// margin; past it, the margin is shortened to the newest maxSeenURIs
	// (after a burst, a backdated notification may be lost).
	maxSeenURIs = 500
)

// notification is app.bsky.notification.listNotifications#notification.
type notification struct {
	URI           string      `json:"uri"`
	CID           string      `json:"cid"`
	Author        profileView `json:"author"`
	Reason        string      `json:"reason"`
	ReasonSubject string      `json:"reasonSubject"`
	// Record is any record (a post, a like, a follow…): read as far as
	// it is understood, so that one unexpected record spoils nothing.
	Record    json.RawMessage `json:"record"`
	IndexedAt string          `json:"indexedAt"`
}

// itemKinds are the notification reasons Relais reads; others (joining a
// starter pack, a like of a repost…) are skipped.
var itemKinds = map[string]app.ItemKind{
	"mention": app.ItemMention,
	"reply":   app.ItemReply,
	"quote":   app.ItemQuote,
	"like":    app.ItemLike,
	"repost":  app.ItemBoost,
	"follow":  app.ItemFollow,
}

// Since reads the notifications that arrived after cursor
// (app.bsky.notification.listNotifications), oldest first. The cursor is
// a time, readMargin before the newest notification seen (or later, see
// maxSeenURIs), and the URIs seen since that time; Since pages back from
// the newest until it reaches that time (at most maxNotificationPages
// pages) and skips the URIs, so that one call returns all that arrived
// since, each notification once, those listed behind what was seen
// (backdated by their author, by less than readMargin) included. An
// empty cursor reads the latest page only. Bluesky posts have no
// visibility: items are public (Visibility "").
func (c *Connector) Since(ctx context.Context, cursor string) (app.Page, error) {
	s, err := c.session(ctx)
	if err != nil {
		return app.Page{}, err
	}
	readAt := c.dialer.Now()
	seen := parseReadCursor(cursor)
	known := make(map[string]bool, len(seen.uris))
	for _, uri := range seen.uris {
		known[uri] = true
	}
	var fresh []notification
	var listed []listedNote // since seen.at, newest first
	page := ""
	for range maxNotificationPages {
		q := url.Values{"limit": {strconv.Itoa(notificationsPerPage)}}
		if page != "" {
			q.Set("cursor", page)
		}
		var out struct {
			Cursor        string         `json:"cursor"`
			Notifications []notification `json:"notifications"`
		}
		if err := c.call(ctx, s, query("app.bsky.notification.listNotifications", q), &out); err != nil {
			return app.Page{}, err
		}
		reached := seen.empty()
		for _, n := range out.Notifications {
			at, err := time.Parse(time.RFC3339Nano, n.IndexedAt)
			if err != nil {
				continue
			}
			if !seen.empty() && at.Before(seen.at) {
				reached = true
				break
			}
			listed = append(listed, listedNote{at: at, uri: n.URI})
			if known[n.URI] {
				continue
			}
			known[n.URI] = true // once, even if listed twice
			fresh = append(fresh, n)
		}
		if reached || out.Cursor == "" || len(out.Notifications) == 0 {
			break
		}
		page = out.Cursor
	}
	items := make([]app.Item, 0, len(fresh))
	for _, n := range slices.Backward(fresh) {
		if it, ok := item(n); ok {
			items = append(items, it)
		}
	}
	slices.SortStableFunc(items, func(a, b app.Item) int { return a.At.Compare(b.At) })
	next := seen.next(listed)
	if next.empty() {
		// Nothing seen yet, even when nothing came: mark the start of
		// time, so the first notifications are all read rather than
		// from the latest page, as history.
		next = readCursor{at: time.Unix(0, 0), uris: []string{"-"}}
	}
	c.readMu.Lock()
	c.readAt = readAt
	c.readMu.Unlock()
	return app.Page{Items: items, Cursor: next.String()}, nil
}

// item turns a notification into an inbox item; false for a reason Relais
// does not read.
func item(n notification) (app.Item, bool) {
	kind, ok := itemKinds[n.Reason]
	if !ok {
		return app.Item{}, false
	}
	at, _ := time.Parse(time.RFC3339Nano, n.IndexedAt)
	author := profileName(n.Author)
	it := app.Item{
		RemoteID: n.URI,
		Kind:     kind,
		Author:   authorOf(n.Author),
		At:       at,
	}
	var rec recordView
	_ = json.Unmarshal(n.Record, &rec)
	switch kind {
	case app.ItemMention, app.ItemReply, app.ItemQuote:
		it.Text = rec.Text
		it.URL = postURL(author, n.URI)
		it.Post = &app.RemoteRef{ID: n.URI, CID: n.CID}
		if r := rec.Reply; r != nil {
			it.Post.Root = &app.RemoteRef{ID: r.Root.URI, CID: r.Root.CID}
		}
	case app.ItemLike, app.ItemBoost:
		subject := rec.subject()
		if subject == nil && n.ReasonSubject != "" {
			subject = &strongRef{URI: n.ReasonSubject}
		}
		if subject != nil {
			it.Post = &app.RemoteRef{ID: subject.URI, CID: subject.CID}
			if did, _, ok := strings.Cut(strings.TrimPrefix(subject.URI, "at://"), "/"); ok {
				it.URL = postURL(did, subject.URI)
			}
		}
	case app.ItemFollow:
		it.URL = it.Author.URL
	}
	return it, true
}

// authorOf is who a profile is, as an item's or a post's author.
func authorOf(p profileView) app.Author {
	return app.Author{RemoteID: p.DID, Handle: p.Handle, Name: p.DisplayName, URL: profileURL(profileName(p))}
}

// profileName is how a profile is named in a bsky.app URL: its handle,
// else (when the handle does not resolve) its DID.
func profileName(p profileView) string {
	if p.Handle == "" || p.Handle == "handle.invalid" {
		return p.DID
	}
	return p.Handle
}

// MarkSeen tells Bluesky the account's notifications were seen up to at,
// the newest read included (app.bsky.notification.updateSeen), so that
// Bluesky's own apps stop counting them as new.
//
// The AppView counts a notification as read only when seenAt is strictly
// after its time: sending at itself, the newest notification's time,
// left that one new. So MarkSeen sends the time of this connector's last
// read (its clock when Since started), which is after all it read; when
// that is not after at (no read yet, or a clock behind Bluesky's), it
// sends at plus a millisecond, the AppView's precision.
func (c *Connector) MarkSeen(ctx context.Context, at time.Time) error {
	s, err := c.session(ctx)
	if err != nil {
		return err
	}
	c.readMu.Lock()
	seenAt := c.readAt
	c.readMu.Unlock()
	if !seenAt.After(at) {
		seenAt = at.Add(time.Millisecond)
	}
	in := map[string]string{"seenAt": seenAt.UTC().Format(time.RFC3339Nano)}
	return c.call(ctx, s, procedure("app.bsky.notification.updateSeen", in), nil)
}

// readCursor is where Since stops reading back: a time and the URIs seen
// since that time (see Since). A cursor of earlier versions (the newest
// notification's time and the URIs seen at that time) reads as one
// without a margin.
type readCursor struct {
	at   time.Time
	uris []string
}

// listedNote is a notification as listed: its time and URI.
type listedNote struct {
	at  time.Time
	uri string
}

// next is the cursor after a read that listed these notifications, all
// at or after r.at: readMargin before the newest, never earlier than r
// (what is before r was not read again), keeping the URIs of those since,
// at most maxSeenURIs; unchanged when nothing was listed.
func (r readCursor) next(listed []listedNote) readCursor {
	if len(listed) == 0 {
		return r
	}
	listed = slices.Clone(listed)
	slices.SortStableFunc(listed, func(a, b listedNote) int { return b.at.Compare(a.at) })
	floor := listed[0].at.Add(-readMargin)
	if !r.empty() && r.at.After(floor) {
		floor = r.at
	}
	if len(listed) > maxSeenURIs && !listed[maxSeenURIs].at.Before(floor) {
		// Too many to keep: only those after the newest maxSeenURIs'
		// last, or after it when it shares its time with one left out.
		floor = listed[maxSeenURIs-1].at
		if listed[maxSeenURIs].at.Equal(floor) {
			floor = floor.Add(time.Nanosecond)
		}
	}
	next := readCursor{at: floor}
	for _, n := range listed {
		if n.at.Before(floor) {
			break
		}
		if !slices.Contains(next.uris, n.uri) {
			next.uris = append(next.uris, n.uri)
		}
	}
	if len(next.uris) == 0 {
		next.uris = []string{"-"} // none kept, but a cursor all the same
	}
	return next
}

// parseReadCursor reads a cursor; one it cannot read is the empty cursor.
func parseReadCursor(s string) readCursor {
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return readCursor{}
	}
	at, err := time.Parse(time.RFC3339Nano, fields[0])
	if err != nil {
		return readCursor{}
	}
	return readCursor{at: at, uris: fields[1:]}
}

func (r readCursor) empty() bool { return len(r.uris) == 0 }

func (r readCursor) String() string {
	if r.empty() {
		return ""
	}
	return r.at.UTC().Format(time.RFC3339Nano) + " " + strings.Join(r.uris, " ")
}
