package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/plaintext"
)

const (
	// pageSize is how many notifications one request asks for.
	pageSize = 40
	// maxPages bounds the requests of one Since; what is left is read
	// the next time, from the cursor returned.
	maxPages = 10
)

// Since reads the notifications after cursor (the newest notification ID
// already seen): mentions, replies, direct messages, quotes, favourites,
// boosts, follows and follow requests as items, oldest first, and edits
// of statuses ("update" notifications) as changes. An empty cursor reads
// the latest page. With a cursor it pages forward with min_id, following the Link
// header's rel="prev", for at most maxPages pages: the cursor returned is
// the newest notification read, so that calling Since again from it reads
// what is left, each notification once, however many arrived.
func (c *Connector) Since(ctx context.Context, cursor string) (app.Page, error) {
	me, err := c.accountID(ctx)
	if err != nil {
		return app.Page{}, err
	}
	// No types[]: a server warns of a type it does not know ("quote" is
	// Mastodon 4.5's; GoToSocial logs a warning at each read), and which
	// types a server knows varies. All notifications come, and item
	// keeps the kinds Relais reads; the others only move the cursor.
	q := url.Values{"limit": {strconv.Itoa(pageSize)}}
	var all []notification
	if cursor == "" {
		if _, err := c.call(ctx, get("/api/v1/notifications", q), &all); err != nil {
			return app.Page{}, err
		}
	} else {
		minID := cursor
		for range maxPages {
			q.Set("min_id", minID)
			var ns []notification
			resp, err := c.call(ctx, get("/api/v1/notifications", q), &ns)
			if err != nil {
				return app.Page{}, err
			}
			all = append(all, ns...)
			next := linkParam(resp.Header, "prev", "min_id")
			if next == "" {
				// No Link header: the page's newest is where the next
				// one starts all the same.
				next = newestID(ns)
			}
			if len(ns) < pageSize || next == "" || !idLess(minID, next) {
				break
			}
			minID = next
		}
	}

	slices.SortFunc(all, func(a, b notification) int { return idCompare(a.ID, b.ID) })
	page := app.Page{Cursor: cursor}
	if cursor == "" {
		// Nothing seen yet, even when nothing came: "0" is before every
		// ID, so the first notifications are read from the start rather
		// than from the latest page, as history.
		page.Cursor = "0"
	}
	for i, n := range all {
		if n.ID == "" || (cursor != "" && !idLess(cursor, n.ID)) || (i > 0 && all[i-1].ID == n.ID) {
			continue
		}
		page.Cursor = n.ID
		if n.Type == "update" {
			if n.Status != nil {
				page.Changes = append(page.Changes, edited(n.Status))
			}
			continue
		}
		if it, ok := c.item(n, me); ok {
			page.Items = append(page.Items, it)
		}
	}
	return page, nil
}

// newestID is the newest ID of a page of notifications; "" for none.
func newestID(ns []notification) string {
	newest := ""
	for _, n := range ns {
		if newest == "" || idLess(newest, n.ID) {
			newest = n.ID
		}
	}
	return newest
}

// edited is the change an edit made to a status.
func edited(st *status) app.Change {
	at := st.CreatedAt
	if st.EditedAt != nil && !st.EditedAt.IsZero() {
		at = *st.EditedAt
	}
	return app.Change{Post: st.ID, Text: statusText(st), At: at}
}

// statusText is a status's text, as plain text.
func statusText(st *status) string {
	return plaintext.FromHTML(st.Content)
}

// item turns a notification into an item: "mention", "quote" (Mastodon
// 4.5), "favourite", "reblog", "follow" and "follow_request" (to a
// locked account); false for any other type,
// known or not (and for "update", which is a change). A mention whose status
// is direct is a direct message, else one that answers the account is a
// reply.
func (c *Connector) item(n notification, me string) (app.Item, bool) {
	it := app.Item{RemoteID: n.ID, At: n.CreatedAt, Author: c.author(n.Account)}
	switch n.Type {
	case "mention":
		it.Kind = app.ItemMention
		switch {
		case n.Status != nil && n.Status.Visibility == string(app.VisibilityDirect):
			it.Kind = app.ItemDirect
		case n.Status != nil && deref(n.Status.InReplyToAccountID) == me:
			it.Kind = app.ItemReply
		}
	case "quote":
		it.Kind = app.ItemQuote
	case "favourite":
		it.Kind = app.ItemLike
	case "reblog":
		it.Kind = app.ItemBoost
	case "follow":
		it.Kind = app.ItemFollow
		it.URL = n.Account.URL
	case "follow_request":
		it = c.followRequest(n.Account)
		it.RemoteID, it.At = n.ID, n.CreatedAt
	default:
		return app.Item{}, false
	}
	if st := n.Status; st != nil {
		it.Text = statusText(st)
		it.URL = st.link()
		it.Post = &app.RemoteRef{ID: st.ID}
		it.Visibility = app.Visibility(st.Visibility)
		for _, m := range st.Mentions {
			it.Mentions = append(it.Mentions, c.author(account{ID: m.ID, Acct: m.Acct}).Handle)
		}
	}
	return it, true
}

// author is who an account is, with its handle in full (user@server).
func (c *Connector) author(a account) app.Author {
	handle := a.Acct
	if handle != "" && !strings.Contains(handle, "@") {
		handle += "@" + c.localDomain()
	}
	name := a.DisplayName
	if name == "" {
		name = a.Username
	}
	return app.Author{RemoteID: a.ID, Handle: handle, Name: name, URL: a.URL}
}

// linkPart is one link of a Link header: <url>; params.
var linkPart = regexp.MustCompile(`<([^>]*)>([^<]*)`)

// linkParam returns the query parameter param of the Link header's link
// whose rel is rel; "" when there is none.
func linkParam(h http.Header, rel, param string) string {
	for _, v := range h.Values("Link") {
		for _, m := range linkPart.FindAllStringSubmatch(v, -1) {
			if !hasRel(m[2], rel) {
				continue
			}
			u, err := url.Parse(strings.TrimSpace(m[1]))
			if err != nil {
				continue
			}
			return u.Query().Get(param)
		}
	}
	return ""
}

// hasRel reports whether a link's parameters (; rel="prev") name rel.
func hasRel(params, rel string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		for _, r := range strings.Fields(strings.Trim(v, "\" ,\t")) {
			if strings.EqualFold(r, rel) {
				return true
			}
		}
	}
	return false
}

// idCompare orders Mastodon IDs, numbers written in decimal: by length,
// then by text.
func idCompare(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func idLess(a, b string) bool { return idCompare(a, b) < 0 }
