package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form searches, rules and the veille's queries
// compare: lower case, without accents (NFD, marks removed), the letters
// NFD does not split written out ("œ" as "oe") and the typographic
// apostrophe as "'", so that "Arnaqué" and "arnaque" are one word and a
// French user need not type the accents.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return ligatures.Replace(strings.ToLower(out))
}

// ligatures are the letters NFD does not split, and the typographic
// apostrophe. A Replacer is safe for concurrent use and never changes.
var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss", "’", "'")

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ContainsWord reports whether the folded text holds the folded phrase
// as whole words: not inside a longer word ("ete" is in "l'ete arrive"
// but not in "complete"; "fake" not in "fakeur"). A phrase that starts or
// ends with a sign ("#", "!") needs no boundary on that side, and "#tag"
// is not found in "##tag".
func ContainsWord(text, phrase string) bool {
	if phrase == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(phrase)
	last, _ := utf8.DecodeLastRuneInString(phrase)
	for from := 0; ; {
		i := strings.Index(text[from:], phrase)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(phrase)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		okBefore := start == 0 || !IsWordRune(before) || !IsWordRune(first)
		okAfter := end == len(text) || !IsWordRune(after) || !IsWordRune(last)
		if okBefore && okAfter && !(first == '#' && before == '#') {
			return true
		}
		from = start + 1
	}
}

// IsWordRune reports whether r is part of a word for ContainsWord: a
// letter, a digit or "_" (handles hold it).
func IsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// containsAll reports whether the folded text holds every word of the
// folded query, anywhere (a search finds "remboursement" from "rembours").
func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
