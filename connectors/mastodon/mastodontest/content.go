package mastodontest

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The HTML Mastodon makes of a status's plain text: paragraphs, line
// breaks, links shortened to 30 characters with their hidden parts,
// mentions in an h-card, hashtags.

// entity finds, in a line: a link (1); a mention (2), its user (3) and
// domain (4); a hashtag (5) and its name (6).
var entity = regexp.MustCompile(`(https?://[^\s<>"]*[^\s<>".,;:!?)\]'])` +
	`|(?:^|[^\p{L}\p{N}_/@])(@([\p{L}\p{N}_]+)(?:@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+))?)` +
	`|(?:^|[^\p{L}\p{N}_&#/])(#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*))`)

var paragraphBreak = regexp.MustCompile(`\n{2,}`)

// linkLength is how much of a link Mastodon shows.
const linkLength = 30

// render returns the content HTML of text, as Mastodon formats a local
// status; base is the server's URL, host its domain.
func render(text, base, host string) string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range paragraphBreak.Split(text, -1) {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br />")
			}
			renderLine(&b, line, base, host)
		}
		b.WriteString("</p>")
	}
	return b.String()
}

func renderLine(b *strings.Builder, line, base, host string) {
	at := 0
	for _, m := range entity.FindAllStringSubmatchIndex(line, -1) {
		var start, end int
		switch {
		case m[2] >= 0:
			start, end = m[2], m[3]
		case m[4] >= 0:
			start, end = m[4], m[5]
		default:
			start, end = m[10], m[11]
		}
		b.WriteString(html.EscapeString(line[at:start]))
		switch {
		case m[2] >= 0:
			writeLink(b, line[start:end])
		case m[4] >= 0:
			user, domain := line[m[6]:m[7]], ""
			if m[8] >= 0 {
				domain = line[m[8]:m[9]]
			}
			href := base + "/@" + url.PathEscape(user)
			if domain != "" && !strings.EqualFold(domain, host) {
				href = "https://" + domain + "/@" + url.PathEscape(user)
			}
			b.WriteString(`<span class="h-card" translate="no"><a href="` + html.EscapeString(href) +
				`" class="u-url mention">@<span>` + html.EscapeString(user) + `</span></a></span>`)
		default:
			tag := line[m[12]:m[13]]
			b.WriteString(`<a href="` + html.EscapeString(base+"/tags/"+url.PathEscape(tag)) +
				`" class="mention hashtag" rel="tag">#<span>` + html.EscapeString(tag) + `</span></a>`)
		}
		at = end
	}
	b.WriteString(html.EscapeString(line[at:]))
}

// writeLink writes a link as Mastodon shortens it: the scheme (and www.)
// hidden, the next 30 characters shown, the rest hidden behind an
// ellipsis.
func writeLink(b *strings.Builder, link string) {
	scheme, rest, _ := strings.Cut(link, "://")
	prefix := scheme + "://"
	if strings.HasPrefix(rest, "www.") {
		prefix += "www."
		rest = rest[len("www."):]
	}
	shown, hidden := rest, ""
	if utf8.RuneCountInString(rest) > linkLength {
		cut := 0
		for range linkLength {
			_, size := utf8.DecodeRuneInString(rest[cut:])
			cut += size
		}
		shown, hidden = rest[:cut], rest[cut:]
	}
	class := ""
	if hidden != "" {
		class = "ellipsis"
	}
	b.WriteString(`<a href="` + html.EscapeString(link) + `" target="_blank" rel="nofollow noopener" translate="no">` +
		`<span class="invisible">` + html.EscapeString(prefix) + `</span>` +
		`<span class="` + class + `">` + html.EscapeString(shown) + `</span>` +
		`<span class="invisible">` + html.EscapeString(hidden) + `</span></a>`)
}
