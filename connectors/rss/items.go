package rss

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/plaintext"
)

// entry is one of a feed's entries, as far as telling it from the others.
type entry struct {
	id  string // the item's RemoteID
	key string // entryKey(id)
	at  time.Time
	src *gofeed.Item
}

// entries returns the feed's entries, each once, newest first (an entry
// with no date is as new as the read, and entries of the same time keep
// the feed's order), at most maxSeen.
func (f *Feed) entries(feed *gofeed.Feed, now time.Time) []entry {
	out := make([]entry, 0, len(feed.Items))
	keys := make(map[string]bool, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		id := f.remoteID(it)
		key := entryKey(id)
		if keys[key] {
			continue
		}
		keys[key] = true
		out = append(out, entry{id: id, key: key, at: entryTime(it, now), src: it})
	}
	slices.SortStableFunc(out, func(a, b entry) int { return b.at.Compare(a.at) })
	if len(out) > maxSeen {
		out = out[:maxSeen]
	}
	return out
}

// item is an entry as the inbox shows it.
func (f *Feed) item(feed *gofeed.Feed, e entry) app.Item {
	it := e.src
	feedTitle := inline(feed, feed.Title, 200)
	text := plain(it.Description)
	if text == "" {
		text = plain(it.Content)
	}
	return app.Item{
		RemoteID: e.id,
		Kind:     app.ItemArticle,
		Author: app.Author{
			Name:   f.authorName(feed, it, feedTitle),
			Handle: feedTitle,
			URL:    f.link(feed.Link),
		},
		Title: inline(feed, it.Title, 500),
		Text:  cutRunes(text, maxText),
		URL:   f.link(it.Link),
		At:    e.at,
	}
}

// remoteID is the entry's GUID, else its link, else a hash of its title
// and date (and of its text when it has neither).
func (f *Feed) remoteID(it *gofeed.Item) string {
	if id := strings.TrimSpace(it.GUID); id != "" {
		return capID(id)
	}
	if link := f.link(it.Link); link != "" {
		return capID(link)
	}
	date := it.Published
	if date == "" {
		date = it.Updated
	}
	h := sha256.New()
	h.Write([]byte(it.Title))
	h.Write([]byte{0})
	h.Write([]byte(date))
	if strings.TrimSpace(it.Title) == "" && strings.TrimSpace(date) == "" {
		h.Write([]byte{0})
		h.Write([]byte(it.Description))
		h.Write([]byte{0})
		h.Write([]byte(it.Content))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

// capID keeps an ID valid UTF-8 and of reasonable length.
func capID(id string) string {
	if len(id) > 1024 || !utf8.ValidString(id) {
		sum := sha256.Sum256([]byte(id))
		return "sha256:" + hex.EncodeToString(sum[:16])
	}
	return id
}

// entryTime is when the entry was published, else updated, else now. A
// date before 1970 is no date; one after now (a feed that gets its time
// zone wrong, or a typo in the year) is now, so that it does not stay at
// the top of the inbox.
func entryTime(it *gofeed.Item, now time.Time) time.Time {
	for _, t := range []*time.Time{it.PublishedParsed, it.UpdatedParsed} {
		if t != nil && t.Year() >= 1970 {
			if t.After(now) {
				return now
			}
			return t.UTC()
		}
	}
	return now
}

func (f *Feed) authorName(feed *gofeed.Feed, it *gofeed.Item, feedTitle string) string {
	for _, people := range [][]*gofeed.Person{it.Authors, {it.Author}, feed.Authors, {feed.Author}} {
		for _, p := range people {
			if p == nil {
				continue
			}
			if name := inline(feed, p.Name, 200); name != "" {
				return name
			}
			if email := oneLine(p.Email, 200); email != "" {
				return email
			}
		}
	}
	return feedTitle
}

// link resolves a link of the feed against the feed's URL; only http and
// https links are kept.
func (f *Feed) link(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	u = f.url.ResolveReference(u)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.User = nil
	return strings.ToValidUTF8(u.String(), "\uFFFD")
}

// plain is the text of a piece of the feed's HTML.
func plain(s string) string { return plaintext.FromHTML(s) }

// inline is a title or a name on one line, cut to n runes. RSS and Atom
// titles are often HTML, escaped or not, and sometimes plain text
// ("Atelier <code>"): the text is read as HTML when it looks like some.
// JSON Feed's are plain text.
func inline(feed *gofeed.Feed, s string, n int) string {
	if feed.FeedType != "json" && looksHTML(s) {
		s = plain(s)
	}
	return oneLine(s, n)
}

// description is the first line of a feed's description, which is HTML
// or plain text.
func description(feed *gofeed.Feed, n int) string {
	s := feed.Description
	if feed.FeedType != "json" && looksHTML(s) {
		s = plain(s)
	}
	return firstLine(s, n)
}

var entity = regexp.MustCompile(`&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// looksHTML reports whether s holds an end tag, a self-closing tag, a
// line or paragraph break, or an entity.
func looksHTML(s string) bool {
	if !strings.ContainsAny(s, "<&") {
		return false
	}
	for _, mark := range []string{"</", "/>", "<br", "<BR", "<p>", "<P>"} {
		if strings.Contains(s, mark) {
			return true
		}
	}
	return entity.MatchString(s)
}

// oneLine puts s on one line, with single spaces, cut to n runes.
func oneLine(s string, n int) string {
	return cutRunes(strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " "), n)
}

// firstLine is the first line of s that is not blank, cut to n runes.
func firstLine(s string, n int) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = oneLine(line, n); line != "" {
			return line
		}
	}
	return ""
}

// cutRunes cuts s to n runes, with "…" when something was cut.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return strings.TrimSpace(s[:j]) + "…"
		}
		i++
	}
	return s
}
