package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// noticeBodyMax bounds the words of an item a notification shows.
const noticeBodyMax = 120

// inboxNotice words a notice of the inbox (app.NoticeInbox) for a desktop
// notification. One item says who wrote, where, and its first words:
// "Marie Dupont (@marie@masto.example) sent you a message on Mastodon ·
// @relais". Several say how many, on how many accounts, and who wrote
// the first ones. A risk starts with "⚠" and says so.
func inboxNotice(tr *i18n.Translator, n app.Notice) (title, body string) {
	switch len(n.Items) {
	case 0:
		title, body = tr.T("notice.inbox.none"), tr.T("notice.inbox.open")
	case 1:
		title, body = oneItemNotice(tr, n.Items[0], n.Account)
	default:
		title, body = manyItemsNotice(tr, n)
	}
	if n.Urgent {
		title = tr.T("notice.inbox.urgent", "title", title)
	}
	return title, body
}

func oneItemNotice(tr *i18n.Translator, it app.InboxItem, acc app.Account) (title, body string) {
	where := networkName(tr, it.Network)
	if !acc.ID.IsZero() {
		where = tr.T("notice.inbox.where", "network", where, "account", accountLabel(acc))
	}
	who := authorFull(it.Author)
	if who == "" {
		who = where
	}
	kind := it.Kind
	switch kind {
	case app.ItemMention, app.ItemReply, app.ItemDirect, app.ItemQuote, app.ItemLike, app.ItemBoost, app.ItemFollow,
		app.ItemFollowRequest, app.ItemArticle:
	default:
		kind = app.ItemMention
	}
	title = tr.T("notice.inbox."+string(kind), "who", who, "where", where)
	text := it.Text
	if it.Title != "" {
		text = it.Title
	}
	body = firstWords(text, noticeBodyMax)
	if body == "" {
		body = tr.T("notice.inbox.open")
	}
	return title, body
}

func manyItemsNotice(tr *i18n.Translator, n app.Notice) (title, body string) {
	where := tr.N("notice.inbox.accounts", max(n.Accounts, 1))
	if !n.Account.ID.IsZero() {
		where = accountLabel(n.Account)
	}
	messages, requests, someRequests := true, true, false
	for _, it := range n.Items {
		messages = messages && it.Kind == app.ItemDirect
		requests = requests && it.Kind == app.ItemFollowRequest
		someRequests = someRequests || it.Kind == app.ItemFollowRequest
	}
	key := "notice.inbox.many"
	switch {
	case messages:
		key = "notice.inbox.many_messages"
	case requests:
		key = "notice.inbox.many_follow_requests"
	case someRequests:
		key = "notice.inbox.many_items" // not all mentions
	}
	title = tr.N(key, len(n.Items), "where", where)

	// The first authors, each once; the others are counted.
	const shown = 3
	var names []string
	rest := 0
	seen := make(map[string]bool)
	for _, it := range n.Items {
		name := authorName(it.Author)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if len(names) < shown {
			names = append(names, name)
		} else {
			rest++
		}
	}
	switch {
	case len(names) == 0:
		body = tr.T("notice.inbox.open")
	case rest > 0:
		body = tr.N("notice.inbox.others", rest, "names", strings.Join(names, ", "))
	case len(names) == 1:
		body = names[0]
	default:
		body = tr.T("notice.inbox.and", "first", strings.Join(names[:len(names)-1], ", "), "last", names[len(names)-1])
	}
	return title, body
}

// atHandle writes a handle as people write it: "@marie@masto.example".
func atHandle(handle string) string {
	handle = strings.TrimSpace(handle)
	if handle == "" || strings.HasPrefix(handle, "@") {
		return handle
	}
	return "@" + handle
}

// authorName is how an author is named in a list: the name, else the
// handle.
func authorName(a app.Author) string {
	if name := strings.TrimSpace(a.Name); name != "" {
		return name
	}
	return atHandle(a.Handle)
}

// authorFull names an author with the handle: "Marie Dupont
// (@marie@masto.example)".
func authorFull(a app.Author) string {
	name, handle := strings.TrimSpace(a.Name), atHandle(a.Handle)
	switch {
	case name == "":
		return handle
	case handle == "" || strings.EqualFold(name, handle):
		return name
	}
	return name + " (" + handle + ")"
}

// accountLabel is how notifications and the inbox name an account: the
// user's label, else its handle as people write it.
func accountLabel(acc app.Account) string {
	if strings.TrimSpace(acc.Label) == "" && acc.Handle != "" && (acc.Network == app.Mastodon || acc.Network == app.Bluesky) {
		return atHandle(acc.Handle)
	}
	return acc.Name()
}

// firstWords is the start of a text on one line, at most max characters,
// cut after a whole word, with "…" when cut.
func firstWords(text string, max int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	r := []rune(text)[:max] // room for "…" is kept below
	cut := len(r) - 1
	for cut > 0 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if cut == 0 { // one long word: cut inside it
		cut = max - 1
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool {
		return unicode.IsSpace(c) || unicode.IsPunct(c) && c != '?' && c != '!'
	}) + "…"
}
