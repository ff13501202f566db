package app

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// Network is a kind of social network a post can go to.
type Network string

// The networks Relais knows how to count for. Posting to them arrives with
// their connectors; a post can target a kind before any account exists.
const (
	Mastodon Network = "mastodon"
	Bluesky  Network = "bluesky"
	X        Network = "x"
	LinkedIn Network = "linkedin"
	// Threads is Meta's Threads, through the Threads API
	// (graph.threads.net).
	Threads Network = "threads"
	// Facebook is a Facebook Page, through Meta's Graph API
	// (graph.facebook.com).
	Facebook Network = "facebook"
	// Instagram is an Instagram professional account, through the
	// Instagram API with Instagram Login (graph.instagram.com).
	Instagram Network = "instagram"
)

// Networks lists the networks in the order screens show them.
var Networks = []Network{Mastodon, Bluesky, Threads, Facebook, Instagram, X, LinkedIn}

// ErrUnknownNetwork is returned for a network Relais does not know.
var ErrUnknownNetwork = errors.New("unknown network (Relais knows mastodon, bluesky, threads, facebook, instagram, x and linkedin)")

// ParseNetwork reads a network's name, in any case.
func ParseNetwork(s string) (Network, error) {
	n := Network(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Networks, n) {
		return "", fmt.Errorf("%q: %w", s, ErrUnknownNetwork)
	}
	return n, nil
}

// Name is the network's own name, the same in every language.
func (n Network) Name() string {
	switch n {
	case Mastodon:
		return "Mastodon"
	case Bluesky:
		return "Bluesky"
	case X:
		return "X"
	case LinkedIn:
		return "LinkedIn"
	case Threads:
		return "Threads"
	case Facebook:
		return "Facebook"
	case Instagram:
		return "Instagram"
	case RSS:
		return "RSS"
	}
	if p, err := ParseMetaProduct(string(n)); err == nil {
		return p.Name()
	}
	return string(n)
}

// MaxLength is the most a post may hold on the network, in that network's
// own unit (see Length). Mastodon servers may allow more; 500 is the
// default until an account tells its server's figure.
func (n Network) MaxLength() int {
	switch n {
	case Mastodon:
		return 500
	case Bluesky:
		return 300
	case X:
		return 280
	case LinkedIn:
		return 3000
	case Threads:
		// Threads API, "Posts": "Text posts are limited to 500
		// characters. Emojis are counted as the number of UTF-8 bytes."
		return 500
	case Facebook:
		// A Page post's message: 63,206 characters.
		return 63206
	case Instagram:
		// A caption: 2,200 characters.
		return 2200
	}
	return 0
}

// MaxBytes is the most UTF-8 bytes a post's text may hold on the
// network, a limit besides MaxLength; 0 for none. Bluesky's post record
// allows 3,000 bytes as well as 300 graphemes: 121 emoji families (25
// bytes each) are within the one and over the other.
func (n Network) MaxBytes() int {
	if n == Bluesky {
		return 3000
	}
	return 0
}

// Length counts text the way the network does when it checks the limit:
//   - Mastodon: user-perceived characters (graphemes), an http(s) link
//     counted as 23 (or the server's characters_reserved_per_url, see
//     LengthLinks), and a mention
//     @user@domain counted as @user. Only a link written with its scheme
//     whose host ends in a known top-level domain counts 23: Mastodon's
//     StatusLengthValidator extracts URLs with
//     extract_url_without_protocol: false, and its URL pattern (twitter-
//     text's valid_domain) wants a TLD, so "exemple.fr/offre" and
//     "http://localhost/…" count their own characters there, as in its
//     web composer. Counting them 23 would count less than the server;
//   - Bluesky: graphemes of the text as written, links in full (the
//     connector sends them unshortened, bare domains included);
//   - X: twitter-text's weighted length, where Latin and common
//     punctuation count 1, other scripts (CJK…) 2, an emoji 2 whatever
//     its code points, and a link 23;
//   - LinkedIn: UTF-16 code units, as its editor counts;
//   - Threads: characters (code points), links and mentions in full, an
//     emoji counted as its UTF-8 bytes (the Threads API's documentation
//     of posts: 👋 counts 4, a family of four with its joiners 25). A
//     post may also hold at most 5 distinct links (ThreadsMaxLinks);
//   - Facebook: UTF-16 code units, links and mentions in full. Meta
//     documents a Page post's 63,206 characters without saying how
//     they are counted; its limit is a JavaScript string's length,
//     which counts UTF-16 code units (an emoji outside the BMP counts
//     2). That is never less than code points or graphemes, so a text
//     Relais passes is never refused for its length.
//   - Instagram: UTF-16 code units, as LinkedIn: Meta says only "2,200
//     characters", and Instagram's own web composer counts a JavaScript
//     string's length. An emoji counts 2 (a family of four, 11): never
//     less than a count of code points or graphemes, so a caption within
//     the count is within the server's whichever it uses. Links and
//     mentions count in full. Hashtags (30) and mentions (20) have limits
//     of their own (MaxHashtags, MaxMentions).
func Length(n Network, text string) int { return LengthLinks(n, text, 0) }

// LengthLinks is Length with a Mastodon link counted as perURL, the
// figure the account's server announces (characters_reserved_per_url,
// Limits.LinkLength); 0 counts Mastodon's 23.
func LengthLinks(n Network, text string, perURL int) int {
	switch n {
	case Mastodon:
		text = mastodonLinks(text, perURL)
		text = remoteMention.ReplaceAllString(text, "$1@$2")
		return uniseg.GraphemeClusterCount(text)
	case Bluesky:
		return uniseg.GraphemeClusterCount(text)
	case X:
		return weightedLength(text)
	case LinkedIn, Instagram:
		return len(utf16.Encode([]rune(text)))
	case Threads:
		return threadsLength(text)
	case Facebook:
		return len(utf16.Encode([]rune(text)))
	}
	return uniseg.GraphemeClusterCount(text)
}

// ThreadsMaxLinks is the most distinct links a Threads post may hold:
// since December 22, 2025 a post with more fails when its container is
// made (THREADS_API__LINK_LIMIT_EXCEEDED).
const ThreadsMaxLinks = 5

// threadsLength counts as Threads does (see Length): one per code point,
// except that an emoji grapheme counts its UTF-8 bytes.
func threadsLength(text string) int {
	total := 0
	state := -1
	for text != "" {
		var cluster string
		cluster, text, _, state = uniseg.FirstGraphemeClusterInString(text, state)
		if isEmoji(cluster) {
			total += len(cluster)
			continue
		}
		total += utf8.RuneCountInString(cluster)
	}
	return total
}

// linkLength is what Mastodon and X count for any link.
const linkLength = 23

var (
	// remoteMention is @user@domain, not inside a word or a URL.
	remoteMention = regexp.MustCompile(`(^|[^\p{L}\p{N}_/@])@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)
)

// mastodonLinks replaces each link Mastodon counts as a link (see
// Length) by perURL characters (linkLength for 0).
func mastodonLinks(text string, perURL int) string {
	if perURL <= 0 {
		perURL = linkLength
	}
	var b strings.Builder
	last := 0
	for _, l := range FindLinks(text) {
		if l.Bare || !KnownTLD(lastLabel(l.Host())) {
			continue
		}
		b.WriteString(text[last:l.Start])
		b.WriteString(strings.Repeat("x", perURL))
		last = l.End
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// lastLabel is a host's last label: "fr" of "www.exemple.fr".
func lastLabel(host string) string {
	return host[strings.LastIndexByte(host, '.')+1:]
}

// weightedLength is twitter-text's (v3) weighted length: text in NFC; each
// link to a domain with a known TLD weighs 23, a bare domain
// ("exemple.fr/offre") too, as twitter-text extracts URLs without their
// protocol; each emoji
// grapheme 2; any other code point 1 when in the light ranges, else 2.
func weightedLength(text string) int {
	text = norm.NFC.String(text)
	total := 0
	var b strings.Builder
	last := 0
	for _, l := range FindLinks(text) {
		if !KnownTLD(lastLabel(l.Host())) {
			continue // twitter-text's valid_domain wants a TLD, as Mastodon's
		}
		total += linkLength
		b.WriteString(text[last:l.Start])
		last = l.End
	}
	if last > 0 {
		b.WriteString(text[last:])
		text = b.String()
	}
	state := -1
	for text != "" {
		var cluster string
		cluster, text, _, state = uniseg.FirstGraphemeClusterInString(text, state)
		if isEmoji(cluster) {
			total += 2
			continue
		}
		for _, r := range cluster {
			if lightRune(r) {
				total++
			} else {
				total += 2
			}
		}
	}
	return total
}

// lightRune reports the ranges twitter-text weighs 1: Latin, Greek,
// Cyrillic, Hebrew, Arabic… (U+0000–U+10FF), general punctuation spaces
// and dashes, quotes and primes.
func lightRune(r rune) bool {
	return r <= 0x10FF || (r >= 0x2000 && r <= 0x200D) || (r >= 0x2010 && r <= 0x201F) || (r >= 0x2032 && r <= 0x2037)
}

// isEmoji reports whether a grapheme is an emoji: a pictograph (with its
// skin tones, joiners and variation selectors), a flag, or a keycap.
func isEmoji(cluster string) bool {
	for _, r := range cluster {
		switch {
		case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, flags, skin tones
			r >= 0x2600 && r <= 0x27BF, // symbols and dingbats
			r == 0x20E3,                // keycap
			r == 0xFE0F:                // emoji presentation
			return true
		}
	}
	return false
}
