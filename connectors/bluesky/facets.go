package bluesky

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/relais-app/relais/app"
)

// Facet is rich text on a span of a post's text, shaped as the lexicon's
// app.bsky.richtext.facet: the span in UTF-8 bytes, and what it is.
type Facet struct {
	Index    Index     `json:"index"`
	Features []Feature `json:"features"`
}

// Index is a facet's span: byte offsets into the text's UTF-8 encoding,
// ByteEnd excluded.
type Index struct {
	ByteStart int `json:"byteStart"`
	ByteEnd   int `json:"byteEnd"`
}

// Feature is what a facet is: a link (URI), a mention (DID) or a hashtag
// (Tag, without its '#'), told by Type.
type Feature struct {
	Type string `json:"$type"`
	URI  string `json:"uri,omitempty"`
	DID  string `json:"did,omitempty"`
	Tag  string `json:"tag,omitempty"`
}

// The lexicon's feature types.
const (
	FeatureLink    = "app.bsky.richtext.facet#link"
	FeatureMention = "app.bsky.richtext.facet#mention"
	FeatureTag     = "app.bsky.richtext.facet#tag"
)

// Limits of a hashtag, from the lexicon's app.bsky.richtext.facet#tag.
const (
	maxTagGraphemes = 64
	maxTagBytes     = 640
)

// Facets finds the links, mentions and hashtags of a post's text, as the
// Bluesky app does when it posts:
//   - a link is http:// or https:// up to a space, less the punctuation
//     that ends a sentence after it ("voir https://example.org." links
//     https://example.org), or a bare domain with a known top-level
//     domain ("exemple.fr/offre" links https://exemple.fr/offre): see
//     app.FindLinks;
//   - a mention is @handle.domain at the start of a word (so
//     email@example.com is none), and only when resolve finds the handle's
//     DID; resolve may be nil, then there are no mentions;
//   - a hashtag is '#' at the start of a word, then letters, digits and
//     underscores, not digits only ("#2024" is none), at most 64
//     graphemes, trailing underscores left out.
//
// Nothing inside a link is a mention or a hashtag (an URL's #fragment).
// Offsets are in bytes of the text as given, so the text must be sent as
// is; invalid UTF-8 should be made valid first, as encoding/json would
// change it. The facets are sorted and never overlap.
func Facets(ctx context.Context, text string, resolve func(ctx context.Context, handle string) (did string, err error)) []Facet {
	facets := findLinks(text)
	links := len(facets)
	overlapsLink := func(start, end int) bool {
		for _, f := range facets[:links] {
			if start < f.Index.ByteEnd && f.Index.ByteStart < end {
				return true
			}
		}
		return false
	}
	if resolve != nil {
		dids := map[string]string{}
		for _, m := range findMentions(text) {
			if overlapsLink(m.start, m.end) {
				continue
			}
			did, ok := dids[m.handle]
			if !ok {
				if d, err := resolve(ctx, m.handle); err == nil && strings.HasPrefix(d, "did:") {
					did = d
				}
				dids[m.handle] = did
			}
			if did == "" {
				continue
			}
			facets = append(facets, Facet{Index: Index{m.start, m.end}, Features: []Feature{{Type: FeatureMention, DID: did}}})
		}
	}
	for _, t := range findTags(text) {
		if overlapsLink(t.start, t.end) {
			continue
		}
		facets = append(facets, Facet{Index: Index{t.start, t.end}, Features: []Feature{{Type: FeatureTag, Tag: t.tag}}})
	}
	slices.SortFunc(facets, func(a, b Facet) int { return a.Index.ByteStart - b.Index.ByteStart })
	return facets
}

// findLinks returns the links of text, with a scheme or bare domains, as
// app.FindLinks finds them (Bluesky's own app's rules): a bare domain's
// facet opens https:// and the text.
func findLinks(text string) []Facet {
	var out []Facet
	for _, l := range app.FindLinks(text) {
		out = append(out, Facet{Index: Index{l.Start, l.End}, Features: []Feature{{Type: FeatureLink, URI: l.URI}}})
	}
	return out
}

// startsWord reports whether text[i] begins a word: at the start, or after
// a space or an opening bracket or quote.
func startsWord(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return unicode.IsSpace(r) || strings.ContainsRune("([{«“\"'‘", r)
}

type mention struct {
	start, end int
	handle     string // lower case, without '@'
}

// findMentions returns the @handle.domain of text that may be mentions.
func findMentions(text string) []mention {
	var out []mention
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || !startsWord(text, i) {
			continue
		}
		end := i + 1
		for end < len(text) && isHandleByte(text[end]) {
			end++
		}
		if end < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[end:]); isWordRune(r) || r == '@' {
				continue // "@léa…", "@a.b_c", "@a.b@c": not a handle
			}
		}
		for end > i+1 && (text[end-1] == '.' || text[end-1] == '-') {
			end--
		}
		handle := strings.ToLower(text[i+1 : end])
		if !validHandle(handle) {
			continue
		}
		out = append(out, mention{start: i, end: end, handle: handle})
		i = end - 1
	}
	return out
}

func isHandleByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '-'
}

// validHandle reports whether h is shaped as an AT Protocol handle: a
// domain name of at least two labels, whose last starts with a letter.
func validHandle(h string) bool {
	if len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	tld := labels[len(labels)-1]
	return tld[0] >= 'a' && tld[0] <= 'z'
}

type tag struct {
	start, end int
	tag        string
}

// findTags returns the hashtags of text.
func findTags(text string) []tag {
	var out []tag
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '#' && r != '＃' || !startsWord(text, i) {
			i += size
			continue
		}
		start, body := i, i+size
		end := body
		if first, _ := utf8.DecodeRuneInString(text[body:]); !isWordRune(first) {
			i = body
			continue // "#", "# titre", "#️⃣"
		}
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r) && !unicode.Is(unicode.M, r) {
				break
			}
			end += n
		}
		i = end
		for end > body && text[end-1] == '_' {
			end--
		}
		name := text[body:end]
		if !strings.ContainsFunc(name, unicode.IsLetter) || len(name) > maxTagBytes || uniseg.GraphemeClusterCount(name) > maxTagGraphemes {
			continue
		}
		out = append(out, tag{start: start, end: end, tag: name})
	}
	return out
}

// isWordRune reports whether r is a letter, a digit or an underscore.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.N, r)
}
