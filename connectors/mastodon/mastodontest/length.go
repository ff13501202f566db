package mastodontest

import (
	"regexp"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/net/publicsuffix"
)

// urlPlaceholder is what a URL counts for: the instance's
// configuration.statuses.characters_reserved_per_url.
const urlPlaceholder = 23

// statusLength counts a status as Mastodon's StatusLengthValidator does
// (app/validators/status_length_validator.rb), on its own and not with
// Relais's counter, which it checks: the content warning and the text
// joined, in grapheme clusters, where the text's URLs count perURL (the
// characters_reserved_per_url it announces, 23 by default) and its
// mentions @user@domain count as @user. URLs are extracted with
// extract_url_without_protocol: false: only one written with its scheme
// is a URL, and only when its domain ends in a top-level domain
// (twitter-text's valid_domain, as config/initializers/twitter_regex.rb
// leaves it); "exemple.fr/offre" or "http://localhost/x" count every
// character.
func statusLength(text, spoiler string, perURL int) int {
	if perURL <= 0 {
		perURL = urlPlaceholder
	}
	var b strings.Builder
	b.WriteString(spoiler)
	last := 0
	for _, m := range statusURL.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[2], m[3]
		url := trimURLEnd(text[start:end])
		if !rootTLD(strings.ToLower(text[m[4]:m[5]])) {
			continue
		}
		b.WriteString(statusMention.ReplaceAllString(text[last:start], "$1@$2"))
		b.WriteString(strings.Repeat("x", perURL))
		last = start + len(url)
	}
	b.WriteString(statusMention.ReplaceAllString(text[last:], "$1@$2"))
	return uniseg.GraphemeClusterCount(b.String())
}

var (
	// statusURL is twitter-text's valid_url with the protocol required:
	// not after a letter, a digit, @, $ or #; the domain's last label in
	// group 2; a port, a path without spaces, brackets or '?', a query.
	statusURL = regexp.MustCompile(`(?i)(?:^|[^a-z0-9@＠$#＃])(https?://(?:[\p{L}\p{N}_-]+\.)+([\p{L}]{2,}|xn--[a-z0-9-]+)(?::[0-9]+)?(?:/[^\s()?<>"]*(?:\([^\s()?]*\)[^\s()?<>"]*)*)?(?:\?[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@]*[a-z0-9\-_&=#/])?)`)
	// statusMention is Account::MENTION_RE for a remote account.
	statusMention = regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}_/=@])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_])?)@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*`)
)

// trimURLEnd drops what twitter-text's valid_url_path_ending_chars does
// not end a path with, when the URL has no query.
func trimURLEnd(u string) string {
	if strings.Contains(u, "?") {
		return u
	}
	return strings.TrimRight(u, "!*';:=,.$%[]~&|@")
}

// rootTLD reports whether a label is a top-level domain of the root zone
// (the Public Suffix List's ICANN section names them all).
func rootTLD(label string) bool {
	if s, icann := publicsuffix.PublicSuffix(label); icann && s == label {
		return true
	}
	s, icann := publicsuffix.PublicSuffix("x." + label)
	return icann && s == "x."+label
}
