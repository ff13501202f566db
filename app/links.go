package app

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// Link is a link in a post's text, found by FindLinks.
type Link struct {
	// Start and End are the link's bytes in the text, End excluded.
	Start, End int
	// URI is what the link opens: the text itself for a link written with
	// its scheme, https:// and the text for a bare domain.
	URI string
	// Bare is a link written without a scheme ("exemple.fr/offre").
	Bare bool
}

// Host is the link's host name, in lower case.
func (l Link) Host() string {
	u, err := url.Parse(l.URI)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// FindLinks returns the links of text, in order, as Bluesky's own app
// finds them (@atproto/api's RichText.detectFacets), which is what a
// reader sees as a link:
//   - http:// or https://, at the start of a word (after a space, an
//     opening bracket or quote), up to a space;
//   - a bare domain: at the start of the text, after a space or '(', a
//     name matching [a-z][a-z0-9]*(\.[a-z0-9]+)+ (any case) whose last
//     label is a top-level domain (KnownTLD, written in lower case, as the
//     app's list is), then anything up to a space: "exemple.fr/offre",
//     "maison.paris", "shop.co.uk"; not "fichier.txt", "v1.2", "e.g",
//     "my-site.com" (a hyphen in the first label stops the app too);
//   - the punctuation ending a sentence after it (".,;:!?" and quotes) is
//     left out, and so is a closing bracket the link did not open.
//
// Where Relais is stricter than the app, it is so that a link never
// swallows what a reader sees as outside it: a link also stops at <, >,
// quotes and « »; the app takes them in, and strips one trailing mark
// where Relais strips them all. Invalid UTF-8 ends a link.
//
// This is the one place links are found: the Bluesky connector's facets,
// the counters of Length and the proofreader's link checks use it.
func FindLinks(text string) []Link {
	var out []Link
	for i := 0; i < len(text); {
		l, next := linkAt(text, i)
		if l.End > 0 {
			out = append(out, l)
		}
		i = next
	}
	return out
}

// LinkAt returns the link that starts at text[i], if one does, as
// FindLinks would find it there.
func LinkAt(text string, i int) (Link, bool) {
	l, _ := linkAt(text, i)
	return l, l.End > 0
}

// linkAt reads the link at i, if any (l.End is 0 when there is none), and
// where to look for the next one.
func linkAt(text string, i int) (l Link, next int) {
	_, size := utf8.DecodeRuneInString(text[i:])
	next = i + size
	switch {
	case hasSchemePrefix(text[i:]) && linkMayStart(text, i):
		end := linkEnd(text, i)
		next = end
		end = trimLinkEnd(text, i, end)
		raw := text[i:end]
		if u, err := url.Parse(raw); err != nil || strings.Trim(u.Hostname(), ".-") == "" {
			return Link{}, next
		}
		return Link{Start: i, End: end, URI: raw}, next
	case isASCIILetter(text[i]) && bareMayStart(text, i):
		domain := bareDomain(text, i)
		if domain == 0 {
			return Link{}, next
		}
		// As the app's pattern, the word is read to its end whether it is
		// a link or not: nothing inside it starts another one.
		end := linkEnd(text, i)
		next = end
		tld := text[i+strings.LastIndexByte(text[i:domain], '.')+1 : domain]
		if tld != strings.ToLower(tld) || !KnownTLD(tld) {
			return Link{}, next
		}
		end = max(trimLinkEnd(text, i, end), domain)
		return Link{Start: i, End: end, URI: "https://" + text[i:end], Bare: true}, next
	}
	return Link{}, next
}

// bareDomain reads [a-z][a-z0-9]*(\.[a-z0-9]+)+ at i (any case), as long
// as it goes, and returns its end; 0 when there is none.
func bareDomain(text string, i int) int {
	j := i + 1
	for j < len(text) && isASCIIAlnum(text[j]) {
		j++
	}
	end := 0
	for j+1 < len(text) && text[j] == '.' && isASCIIAlnum(text[j+1]) {
		j += 2
		for j < len(text) && isASCIIAlnum(text[j]) {
			j++
		}
		end = j
	}
	return end
}

// KnownTLD reports whether label (in lower case) is a top-level domain of
// the DNS root zone: "com", "fr", "paris", "uk", not "txt" or "g".
//
// The list is the Public Suffix List's ICANN section, as
// golang.org/x/net/publicsuffix embeds it (a dependency already, updated
// with each x/net release). That section holds every top-level domain
// IANA delegates, which is the list Bluesky's app takes (the npm package
// "tlds", built from IANA's root zone); a hand-written list would age.
// Some TLDs are in it only through a wildcard ("*.ck"): a name under the
// label is asked for too.
func KnownTLD(label string) bool {
	if label == "" || strings.Contains(label, ".") {
		return false
	}
	if suffix, icann := publicsuffix.PublicSuffix(label); icann && suffix == label {
		return true
	}
	suffix, icann := publicsuffix.PublicSuffix("x." + label)
	return icann && suffix == "x."+label
}

// linkEnd is where a link starting at i stops: a space, a character never
// part of a link as people write one, or invalid UTF-8.
func linkEnd(text string, i int) int {
	end := i
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if unicode.IsSpace(r) || strings.ContainsRune(linkStops, r) || r == utf8.RuneError && size == 1 {
			break
		}
		end += size
	}
	return end
}

// linkStops end a link: characters never part of a URL as people write
// one ("<https://…>", «https://…», "https://…").
const linkStops = "<>\"«»“”‘`"

// linkTrailers end a sentence, not a link.
const linkTrailers = ".,;:!?'’…"

func hasSchemePrefix(s string) bool {
	return hasPrefixFold(s, "https://") || hasPrefixFold(s, "http://")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// trimLinkEnd drops the punctuation ending a sentence after a link, and a
// closing bracket the link did not open ("(voir https://example.org)").
func trimLinkEnd(text string, start, end int) int {
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		link := text[start:end]
		switch {
		case strings.ContainsRune(linkTrailers, r):
		case r == ')' && strings.Count(link, "(") < strings.Count(link, ")"):
		case r == ']' && strings.Count(link, "[") < strings.Count(link, "]"):
		case r == '}' && strings.Count(link, "{") < strings.Count(link, "}"):
		default:
			return end
		}
		end -= size
	}
	return end
}

// linkMayStart reports whether a link with a scheme may start at i: at
// the start, or after a space or an opening bracket or quote.
func linkMayStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return unicode.IsSpace(r) || strings.ContainsRune("([{«“\"'‘", r)
}

// bareMayStart reports whether a bare domain may start at i: as the app
// has it, at the start, or after a space or '('.
func bareMayStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return unicode.IsSpace(r) || r == '('
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' }
