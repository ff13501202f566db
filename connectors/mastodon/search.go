package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/plaintext"
)

// The veille's reads (package monitor): hashtag timelines, the server's
// search where it searches, accounts and their statuses.
var (
	_ monitor.PostSearcher     = (*Connector)(nil)
	_ monitor.AccountSearcher  = (*Connector)(nil)
	_ monitor.AuthorFeedReader = (*Connector)(nil)
)

const (
	// maxStatusesLimit is the most statuses or accounts a page of a
	// timeline, a search or an account's statuses holds (Mastodon's and
	// GoToSocial's); defaultStatusesLimit what they give without limit.
	maxStatusesLimit     = 40
	defaultStatusesLimit = 20
	// maxAccountPages bounds the pages SearchAccounts reads.
	maxAccountPages = 10
)

// errGoToSocialSearch: GoToSocial searches text only among the posts the
// account wrote and the replies to it.
var errGoToSocialSearch = fmt.Errorf("mastodon: this GoToSocial server searches only your own posts and the replies to them: %w", monitor.ErrSearchUnsupported)

// searchResults is a Search (GET /api/v2/search).
type searchResults struct {
	Accounts []account `json:"accounts"`
	Statuses []status  `json:"statuses"`
}

// SearchPosts reads public statuses. With q.Hashtag it reads the
// hashtag's timeline (GET /api/v1/timelines/tag/:hashtag, paged with
// max_id); with q.Text alone it asks the server's search
// (GET /api/v2/search, type=statuses, resolve=false, paged by offset).
//
// What a text search finds depends on the server, and Mastodon does not
// say which it is: without Elasticsearch it finds no status at all (an
// empty page, not an error); with it, before 4.2 only the statuses the
// account wrote, favourited, bookmarked or was mentioned in, from 4.2
// also the public statuses of the accounts that opted in. GoToSocial
// searches only the account's own posts and the replies to them: there,
// a text search returns an error wrapping monitor.ErrSearchUnsupported
// without asking. Language and Since are checked here on what comes back
// (neither endpoint filters them); a page reaching a status before Since
// is the last.
func (c *Connector) SearchPosts(ctx context.Context, q monitor.Search) (monitor.Page, error) {
	tag := strings.TrimPrefix(strings.TrimSpace(q.Hashtag), "#")
	text := strings.TrimSpace(q.Text)
	limit := defaultStatusesLimit
	if q.Limit > 0 {
		limit = min(q.Limit, maxStatusesLimit)
	}
	params := url.Values{"limit": {strconv.Itoa(limit)}}
	switch {
	case tag != "":
		if q.Cursor != "" {
			params.Set("max_id", q.Cursor)
		}
		var list []status
		resp, err := c.call(ctx, get("/api/v1/timelines/tag/"+escape(tag), params), &list)
		if err != nil {
			return monitor.Page{}, fmt.Errorf("mastodon: reading the timeline of #%s: %w", tag, err)
		}
		page, reached := c.statusPage(list, q.Language, q.Since)
		if !reached && len(list) > 0 {
			page.Cursor = linkParam(resp.Header, "next", "max_id")
			if page.Cursor == "" && len(list) == limit {
				page.Cursor = oldestID(list)
			}
		}
		return page, nil
	case text != "":
		gts, err := c.isGoToSocial(ctx)
		if err != nil {
			return monitor.Page{}, err
		}
		if gts {
			return monitor.Page{}, errGoToSocialSearch
		}
		offset := parseOffset(q.Cursor)
		params.Set("q", text)
		params.Set("type", "statuses")
		params.Set("resolve", "false")
		if offset > 0 {
			params.Set("offset", strconv.Itoa(offset))
		}
		var out searchResults
		if _, err := c.call(ctx, get("/api/v2/search", params), &out); err != nil {
			return monitor.Page{}, fmt.Errorf("mastodon: searching statuses: %w", err)
		}
		page, reached := c.statusPage(out.Statuses, q.Language, q.Since)
		if !reached && len(out.Statuses) >= limit {
			page.Cursor = strconv.Itoa(offset + len(out.Statuses))
		}
		return page, nil
	}
	return monitor.Page{}, errors.New("mastodon: a search needs words or a hashtag")
}

// parseOffset reads a search cursor, an offset; 0 for one that is not.
func parseOffset(cursor string) int {
	n, err := strconv.Atoi(cursor)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0
	}
	return n
}

// oldestID is the smallest ID of a page of statuses.
func oldestID(list []status) string {
	oldest := ""
	for _, st := range list {
		if st.ID != "" && (oldest == "" || idLess(st.ID, oldest)) {
			oldest = st.ID
		}
	}
	return oldest
}

// statusPage is the page a list of statuses makes: boosts and statuses
// with no URI left out, those in another language than lang (when both
// are known) and those before since too; reached tells whether one was
// before since.
func (c *Connector) statusPage(list []status, lang string, since time.Time) (page monitor.Page, reached bool) {
	page.Found = make([]monitor.Found, 0, len(list))
	now := c.d.now()
	for i := range list {
		st := &list[i]
		if st.Reblog != nil || st.URI == "" {
			continue
		}
		f := c.found(st, now)
		if !since.IsZero() && f.Published.Before(since) {
			reached = true
			continue
		}
		if lang != "" && f.Language != "" && !strings.EqualFold(f.Language, lang) {
			continue
		}
		page.Found = append(page.Found, f)
	}
	return page, reached
}

// found is a status as the veille keeps it: its text in plain text (its
// content warning first), links in full; its time never after now.
func (c *Connector) found(st *status, now time.Time) monitor.Found {
	text := plaintext.Unshortened(st.Content)
	if cw := plaintext.FromHTML(st.SpoilerText); cw != "" {
		text = strings.TrimSpace(cw + "\n\n" + text)
	}
	f := monitor.Found{
		URI:       st.URI,
		PostID:    st.ID,
		URL:       st.link(),
		Source:    monitor.SourceMastodon,
		Author:    c.author(st.Account),
		Text:      text,
		Language:  deref(st.Language),
		Published: st.CreatedAt.UTC(),
		Likes:     max(st.FavouritesCount, 0),
		Reposts:   max(st.ReblogsCount, 0),
		Replies:   max(st.RepliesCount, 0),
	}
	f.Author.Avatar = st.Account.Avatar
	if f.Published.After(now) || f.Published.IsZero() {
		f.Published = now.UTC()
	}
	return f
}

// isGoToSocial tells whether the server is GoToSocial, from its instance
// (read once; a server that does not answer it is taken for Mastodon).
func (c *Connector) isGoToSocial(ctx context.Context) (bool, error) {
	c.mu.Lock()
	known := c.gotosocial
	c.mu.Unlock()
	if known != nil {
		return *known, nil
	}
	var inst instance
	if _, err := c.call(ctx, get("/api/v2/instance", nil), &inst); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return false, ctxErr
		}
		if ne, ok := app.AsNetError(err); ok && (ne.Temporary() || ne.Kind == app.FailAuth) {
			return false, fmt.Errorf("mastodon: reading the server's instance: %w", err)
		}
		// No v2 instance (before Mastodon 4.0): not GoToSocial.
	}
	gts := inst.countsCodePoints()
	c.mu.Lock()
	c.gotosocial = &gts
	c.mu.Unlock()
	return gts, nil
}

// SearchAccounts finds accounts by name (GET /api/v2/search,
// type=accounts, resolve=false), at most limit (20 when 0), reading pages
// of 40.
func (c *Connector) SearchAccounts(ctx context.Context, text string, limit int) ([]monitor.Account, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("mastodon: an account search needs words")
	}
	if limit <= 0 {
		limit = defaultStatusesLimit
	}
	var out []monitor.Account
	seen := map[string]bool{}
	for page := range maxAccountPages {
		n := min(limit-len(out), maxStatusesLimit)
		params := url.Values{"q": {text}, "type": {"accounts"}, "resolve": {"false"}, "limit": {strconv.Itoa(n)}}
		if page > 0 {
			params.Set("offset", strconv.Itoa(len(seen)))
		}
		var res searchResults
		if _, err := c.call(ctx, get("/api/v2/search", params), &res); err != nil {
			return nil, fmt.Errorf("mastodon: searching accounts: %w", err)
		}
		fresh := 0
		for _, a := range res.Accounts {
			if a.ID == "" || seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			fresh++
			if len(out) < limit {
				out = append(out, c.accountOf(a))
			}
		}
		if len(out) >= limit || len(res.Accounts) < n || fresh == 0 {
			break
		}
	}
	return out, nil
}

// LookupAccount reads an account by handle (GET /api/v1/accounts/lookup):
// user for this server's, user@domain for another's. A remote account the
// server does not know yet is looked for once more through the search,
// resolving it (WebFinger, by the server). None is a NetError of kind
// FailNotFound.
func (c *Connector) LookupAccount(ctx context.Context, handle string) (monitor.Account, error) {
	acct := strings.TrimPrefix(strings.TrimSpace(handle), "@")
	if user, domain, ok := strings.Cut(acct, "@"); ok && strings.EqualFold(domain, c.localDomain()) {
		acct = user
	}
	if acct == "" {
		return monitor.Account{}, errors.New("mastodon: no account to look up")
	}
	var a account
	_, err := c.call(ctx, get("/api/v1/accounts/lookup", url.Values{"acct": {acct}}), &a)
	if errors.Is(err, app.ErrRemoteGone) && strings.Contains(acct, "@") {
		var res searchResults
		params := url.Values{"q": {"@" + acct}, "type": {"accounts"}, "resolve": {"true"}, "limit": {"5"}}
		if _, serr := c.call(ctx, get("/api/v2/search", params), &res); serr == nil {
			for _, found := range res.Accounts {
				if strings.EqualFold(found.Acct, acct) {
					return c.accountOf(found), nil
				}
			}
		}
	}
	if errors.Is(err, app.ErrRemoteGone) {
		return monitor.Account{}, &app.NetError{Network: app.Mastodon, Kind: app.FailNotFound, Status: 404,
			Message: "there is no account " + acct + " known to this server"}
	}
	if err != nil {
		return monitor.Account{}, fmt.Errorf("mastodon: looking up %s: %w", acct, err)
	}
	if a.ID == "" {
		return monitor.Account{}, &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Status: 200,
			Err: errors.New("the account has no ID")}
	}
	return c.accountOf(a), nil
}

// accountOf is an account as the veille keeps it, its bio in plain text.
func (c *Connector) accountOf(a account) monitor.Account {
	who := c.author(a)
	out := monitor.Account{
		Network:     app.Mastodon,
		RemoteID:    a.ID,
		Handle:      who.Handle,
		DisplayName: a.DisplayName,
		Bio:         plaintext.Unshortened(a.Note),
		URL:         a.URL,
		Avatar:      a.Avatar,
		Followers:   max(a.FollowersCount, 0),
		Following:   max(a.FollowingCount, 0),
		Posts:       max(a.StatusesCount, 0),
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, a.CreatedAt); err == nil {
			out.CreatedAt = t.UTC()
			break
		}
	}
	return out
}

// AuthorPosts reads an account's own statuses, newest first, from since
// on (GET /api/v1/accounts/:id/statuses with exclude_replies and
// exclude_reblogs, paged with max_id); boosts and replies to others are
// left out here too, for servers that ignore those parameters. The cursor
// holds the account's ID and where the next page starts, so that only
// the first page looks the account up.
func (c *Connector) AuthorPosts(ctx context.Context, handle string, since time.Time, cursor string) (monitor.Page, error) {
	id, maxID, ok := parseAuthorCursor(cursor)
	if !ok {
		acc, err := c.LookupAccount(ctx, handle)
		if err != nil {
			return monitor.Page{}, err
		}
		id = acc.RemoteID
	}
	params := url.Values{"exclude_replies": {"true"}, "exclude_reblogs": {"true"}, "limit": {strconv.Itoa(maxStatusesLimit)}}
	if maxID != "" {
		params.Set("max_id", maxID)
	}
	var list []status
	resp, err := c.call(ctx, get("/api/v1/accounts/"+escape(id)+"/statuses", params), &list)
	if err != nil {
		return monitor.Page{}, fmt.Errorf("mastodon: reading the statuses of %s: %w", handle, err)
	}
	own := list[:0:0]
	for _, st := range list {
		if st.Account.ID != "" && st.Account.ID != id {
			continue // a boost shown as the booster's status
		}
		if st.InReplyToID != nil && deref(st.InReplyToAccountID) != id {
			continue
		}
		own = append(own, st)
	}
	page, reached := c.statusPage(own, "", since)
	if !reached && len(list) > 0 {
		next := linkParam(resp.Header, "next", "max_id")
		if next == "" && len(list) == maxStatusesLimit {
			next = oldestID(list)
		}
		if next != "" {
			page.Cursor = id + " " + next
		}
	}
	return page, nil
}

// parseAuthorCursor reads an AuthorPosts cursor, "<account ID> <max_id>";
// ok is false for none, or one that is not such.
func parseAuthorCursor(cursor string) (id, maxID string, ok bool) {
	id, maxID, ok = strings.Cut(cursor, " ")
	if !ok || !isID(id) || !isID(maxID) {
		return "", "", false
	}
	return id, maxID, true
}

// isID reports whether s looks like a Mastodon or GoToSocial ID: digits,
// or GoToSocial's ULIDs, letters and digits.
func isID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

var _ monitor.AvatarReader = (*Connector)(nil)

// ReadAvatar downloads a public avatar (an account's, as SearchAccounts
// gives it), without the token, as the account's own avatar is read: at
// most app.MaxAvatarSize bytes, https only (plain http on this machine).
func (c *Connector) ReadAvatar(ctx context.Context, link string) ([]byte, error) {
	img := c.fetchAvatar(ctx, link)
	if len(img) == 0 {
		return nil, errors.New("mastodon: the avatar could not be read")
	}
	return img, nil
}
