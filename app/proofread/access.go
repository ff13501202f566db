package proofread

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// Accessibility: screen readers spell out hashtags they cannot cut into
// words, shout nothing but read capitals letter by letter in places, and
// read every emoji's name.

// accessChecks are the checks of access.go; sp may be nil.
func accessChecks(d *doc, sp Speller) []app.Finding {
	var out []app.Finding
	out = append(out, checkHashtagCase(d, sp)...)
	out = append(out, checkAllCaps(d)...)
	out = append(out, checkEmojiRun(d)...)
	return out
}

// Hashtags in lower case: which are long enough to hold several words,
// and how long a hashtag may be to be tried against the dictionary.
const (
	longHashtag    = 12
	maxSplitLetter = 40
)

// checkHashtagCase: a hashtag of several words all in lower case
// (#boulangeriemartin). With a dictionary, a hashtag that splits into two
// words or more gets its CamelCase fix; a hashtag that is itself a word
// passes. Without one, a lowercase hashtag of 12 letters or more is
// reported, without a fix.
func checkHashtagCase(d *doc, sp Speller) []app.Finding {
	var out []app.Finding
	for _, t := range d.toks {
		if t.Kind != Hashtag {
			continue
		}
		name := t.Text[1:]
		if strings.IndexFunc(name, unicode.IsUpper) >= 0 || strings.IndexFunc(name, func(r rune) bool { return !isLetter(r) }) >= 0 ||
			d.personal(name) || d.personal(t.Text) {
			continue
		}
		letters := utf8.RuneCountInString(name)
		if sp != nil && letters <= maxSplitLetter {
			if sp.Spell(name) || sp.Spell(capitalise(name)) {
				continue
			}
			if parts := splitWords(name, sp); len(parts) >= 2 {
				var b strings.Builder
				b.WriteString("#")
				for _, p := range parts {
					b.WriteString(capitalise(p))
				}
				out = append(out, warn(d, app.FindHashtagCase, t.Start, t.End, b.String()))
				continue
			}
		}
		if letters >= longHashtag {
			out = append(out, warn(d, app.FindHashtagCase, t.Start, t.End))
		}
	}
	return out
}

// splitWords cuts s into the fewest dictionary words of two letters or
// more (tried as written and Capitalised, for names); nil when it cannot.
func splitWords(s string, sp Speller) []string {
	// Work on rune boundaries.
	var bounds []int
	for i := range s {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(s))
	n := len(bounds) - 1
	known := func(w string) bool { return sp.Spell(w) || sp.Spell(capitalise(w)) }
	// best[i]: fewest words for s[bounds[i]:]; next[i]: where the first
	// one ends.
	const none = 1 << 30
	best := make([]int, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		best[i] = none
		for j := n; j >= i+2; j-- { // longest first
			if best[j] == none || best[j]+1 >= best[i] {
				continue
			}
			if known(s[bounds[i]:bounds[j]]) {
				best[i], next[i] = best[j]+1, j
			}
		}
	}
	if best[0] == none {
		return nil
	}
	var parts []string
	for i := 0; i < n; i = next[i] {
		parts = append(parts, s[bounds[i]:bounds[next[i]]])
	}
	return parts
}

// minCapsRun is how many words in capitals in a row are shouting;
// acronyms are words in capitals of up to maxAcronym letters.
const (
	minCapsRun = 4
	maxAcronym = 4
)

// checkAllCaps: a run of 4 words or more in capitals, or a whole text in
// capitals (2 words or more), with at least one word longer than an
// acronym (SNCF, RGPD do not count).
func checkAllCaps(d *doc) []app.Finding {
	type word struct {
		start, end int
		long       bool
	}
	var out []app.Finding
	var run []word
	allWords, capsWords := 0, 0
	flush := func(whole bool) {
		long := false
		for _, w := range run {
			long = long || w.long
		}
		if long && (len(run) >= minCapsRun || whole && len(run) >= 2) {
			out = append(out, warn(d, app.FindAllCaps, run[0].start, run[len(run)-1].end))
		}
		run = run[:0]
	}
	for _, t := range d.toks {
		if t.Kind != Word {
			continue
		}
		letters := 0
		lower := false
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				letters++
				lower = lower || !unicode.IsUpper(r)
			}
		}
		allWords++
		if lower || d.personal(t.Text) {
			flush(false)
			continue
		}
		capsWords++
		run = append(run, word{t.Start, t.End, letters > maxAcronym})
	}
	flush(allWords == capsWords)
	return out
}

// maxEmojiRun is the most emoji in a row before a screen reader's reading
// of them gets tiresome.
const maxEmojiRun = 3

// checkEmojiRun: more than 3 emoji in a row (spaces between them count
// as in a row).
func checkEmojiRun(d *doc) []app.Finding {
	var out []app.Finding
	for i := 0; i < len(d.toks); i++ {
		if d.toks[i].Kind != Emoji {
			continue
		}
		count, last := 1, i
		for j := i + 1; j < len(d.toks); j++ {
			if d.toks[j].Kind == Emoji {
				count, last = count+1, j
			} else if !d.toks[j].isSpace() {
				break
			}
		}
		if count > maxEmojiRun {
			f := warn(d, app.FindEmojiRun, d.toks[i].Start, d.toks[last].End)
			f.Args = map[string]string{"got": strconv.Itoa(count), "max": strconv.Itoa(maxEmojiRun)}
			out = append(out, f)
		}
		i = last
	}
	return out
}
