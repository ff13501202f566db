// Package plaintext turns the HTML that networks and feeds send (a
// Mastodon status's content, a feed entry's description) into plain text
// for Relais to show. Remote HTML is never rendered: it is read token by
// token with golang.org/x/net/html's tokenizer, and only its text and its
// line structure are kept.
package plaintext

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// MaxInput is how much of the HTML FromHTML reads, in bytes; the rest is
// ignored, so that a huge feed entry costs bounded work.
const MaxInput = 1 << 20

// maxSpans bounds the nested <span> elements whose kind is remembered;
// deeper ones are counted only.
const maxSpans = 256

// FromHTML returns the plain text of a piece of remote HTML:
//   - paragraphs (<p>, headings, quotes…) are separated by a blank line,
//     <br> is a line break, list items and other blocks start a line;
//   - entities are decoded, and runs of white space collapse into one
//     space, except inside <pre>;
//   - links are reduced to their text; images, scripts, styles and
//     other things not meant to be read as text are dropped;
//   - Mastodon's shortened links keep their visible part: the
//     <span class="invisible"> parts are dropped and a
//     <span class="ellipsis"> part is followed by "…".
//
// The result is valid UTF-8, with no control characters but newlines and
// tabs, and no white space at either end. Only the first MaxInput bytes
// of s are read.
func FromHTML(s string) string { return convert(s, false) }

// Unshortened is FromHTML but for Mastodon's shortened links, given in
// full: their invisible parts are kept and no "…" is added. It is as
// near as the HTML tells to the text the author typed, to compare a
// status with the text it was posted from.
func Unshortened(s string) string { return convert(s, true) }

// convert is FromHTML, with Mastodon's links in full when full is set.
func convert(s string, full bool) string {
	if len(s) > MaxInput {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	var w writer
	w.out.Grow(len(s) / 2)
	z := html.NewTokenizer(strings.NewReader(s))
	var (
		hidden      string // the element being dropped, with all it holds
		hiddenDepth int    // how many of hidden are open
		spans       []bool // the open spans: whether each ends with "…"
		deepSpans   int    // spans open beyond maxSpans
		pre         int    // <pre> elements open
	)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if hidden != "" {
				continue
			}
			if pre > 0 {
				w.verbatim(z.Text())
			} else {
				w.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if hidden != "" {
				if tag == hidden && tt == html.StartTagToken {
					hiddenDepth++
				}
				continue
			}
			if tt == html.SelfClosingTagToken && !voidElements[tag] && !rawText[tag] {
				// <span/> and the like open nothing that must close;
				// only their break counts. (<script/> does open: the
				// tokenizer reads what follows as the script.)
				w.brk(blockBreak[tag])
				continue
			}
			switch {
			case dropped[tag]:
				hidden, hiddenDepth = tag, 1
				continue
			case tag == "span":
				class := ""
				if hasAttr {
					class = attr(z, "class")
				}
				if hasClass(class, "invisible") && !full {
					hidden, hiddenDepth = tag, 1
					continue
				}
				if len(spans) < maxSpans {
					spans = append(spans, hasClass(class, "ellipsis") && !full)
				} else {
					deepSpans++
				}
			case tag == "br":
				w.lineBreak()
			case tag == "pre":
				pre++
			case tag == "td" || tag == "th":
				w.space()
			}
			w.brk(blockBreak[tag])
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if hidden != "" {
				if tag == hidden {
					hiddenDepth--
					if hiddenDepth == 0 {
						hidden = ""
					}
				}
				continue
			}
			switch tag {
			case "span":
				switch {
				case deepSpans > 0:
					deepSpans--
				case len(spans) > 0:
					if spans[len(spans)-1] {
						w.text([]byte("…"))
					}
					spans = spans[:len(spans)-1]
				}
			case "br":
				// </br> is read as <br> by browsers.
				w.lineBreak()
			case "pre":
				if pre > 0 {
					pre--
				}
			}
			w.brk(blockBreak[tag])
		}
	}
	return w.String()
}

// rawText are the elements whose content the tokenizer reads as raw
// text, up to their end tag, even when written <script/>.
var rawText = map[string]bool{
	"script": true, "style": true, "noscript": true, "iframe": true,
	"noembed": true, "noframes": true, "title": true, "textarea": true,
	"xmp": true, "plaintext": true,
}

// dropped are the elements whose content is not text to read.
var dropped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"title": true, "iframe": true, "noembed": true, "noframes": true,
	"svg": true, "math": true, "select": true,
}

// voidElements never have content, so <br/> is the same as <br>.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true,
	"source": true, "track": true, "wbr": true,
}

// blockBreak is the break an element makes before and after it: 2 for a
// blank line (paragraphs), 1 for a new line (other blocks).
var blockBreak = map[string]int{
	"p": 2, "h1": 2, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2,
	"blockquote": 2, "pre": 2, "hr": 2, "table": 2, "figure": 2,
	"address": 2, "dl": 2,

	"div": 1, "li": 1, "ul": 1, "ol": 1, "tr": 1, "dt": 1, "dd": 1,
	"section": 1, "article": 1, "header": 1, "footer": 1, "aside": 1,
	"nav": 1, "main": 1, "figcaption": 1, "caption": 1, "details": 1,
	"summary": 1, "form": 1, "fieldset": 1, "legend": 1,
}

// attr returns the value of the tag's attribute key.
func attr(z *html.Tokenizer, key string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v)
		}
		if !more {
			return ""
		}
	}
}

// hasClass reports whether a class attribute names class.
func hasClass(attr, class string) bool {
	for _, c := range strings.Fields(attr) {
		if c == class {
			return true
		}
	}
	return false
}

// writer builds the text, holding white space and breaks back until the
// next visible character, so that none leads, trails or doubles.
type writer struct {
	out       strings.Builder
	newlines  int    // newlines owed before the next character (0–2)
	spaceOwed bool   // a space owed before the next character
	indent    []byte // in <pre>, the spaces and tabs owed
}

// brk asks for n newlines (at most) before the next character.
func (w *writer) brk(n int) {
	if n == 0 {
		return
	}
	w.newlines = max(w.newlines, n)
	w.indent = w.indent[:0]
}

// lineBreak adds a newline, up to a blank line.
func (w *writer) lineBreak() {
	w.newlines = min(w.newlines+1, 2)
	w.indent = w.indent[:0]
}

// space asks for a space before the next character.
func (w *writer) space() { w.spaceOwed = true }

// flush writes what is owed before a visible character.
func (w *writer) flush() {
	if w.out.Len() > 0 {
		switch {
		case w.newlines > 0:
			w.out.WriteString("\n\n"[:w.newlines])
		case w.spaceOwed && len(w.indent) == 0:
			w.out.WriteByte(' ')
		}
		w.out.Write(w.indent)
	}
	w.newlines, w.spaceOwed, w.indent = 0, false, w.indent[:0]
}

// text writes text whose white space collapses.
func (w *writer) text(b []byte) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case isHTMLSpace(r):
			w.spaceOwed = true
		case isControl(r):
		default:
			w.flush()
			w.out.WriteRune(r) // U+FFFD for an invalid byte
		}
	}
}

// verbatim writes preformatted text, its lines and indentation kept.
func (w *writer) verbatim(b []byte) {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r == '\n' || r == '\r':
			w.lineBreak()
		case r == ' ' || r == '\t' || r == '\f':
			if r == '\f' {
				r = ' '
			}
			w.indent = append(w.indent, byte(r))
		case isControl(r):
		default:
			w.flush()
			w.out.WriteRune(r)
		}
	}
}

// String returns the text written.
func (w *writer) String() string { return w.out.String() }

// isHTMLSpace reports HTML's white space.
func isHTMLSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

// isControl reports the control characters plain text must not carry.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0)
}
