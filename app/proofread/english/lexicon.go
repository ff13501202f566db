package english

import (
	"bufio"
	"bytes"
	"strings"
)

// flags are the affix flags of a word of the SCOWL-based en_US Hunspell
// word list, one bit a capital letter. The list has no parts of speech,
// but its flags hint at them: D (-ed) and G (-ing) are given to verbs, M
// (-'s) mostly to nouns, T (-est) to adjectives, S (-s) to nouns and
// verbs, Y (-ly) to adjectives.
type flags uint32

func flagOf(c byte) flags {
	if c < 'A' || c > 'Z' {
		return 0
	}
	return 1 << (c - 'A')
}

func (f flags) has(c byte) bool { return f&flagOf(c) != 0 }

// lexicon is the word list with each word's flags; a word is present
// when it is an entry (a stem) of the list.
type lexicon struct {
	words map[string]flags
}

// newLexicon reads a Hunspell .dic file (UTF-8, one "word/FLAGS" a line,
// the first line a count). Words are kept as written, and in lower case
// when they are not already (so "Monday" is found as "monday" too, with
// the flag '!' of a name set apart in names).
func newLexicon(dic []byte) *lexicon {
	l := &lexicon{words: make(map[string]flags, 80000)}
	sc := bufio.NewScanner(bytes.NewReader(dic))
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			continue
		}
		word, fl, _ := strings.Cut(line, "/")
		word = strings.TrimSpace(word)
		if word == "" || strings.ContainsAny(word, " \t") {
			continue
		}
		var f flags
		for i := 0; i < len(fl); i++ {
			f |= flagOf(fl[i])
		}
		if lw := strings.ToLower(word); lw != word {
			continue // names and acronyms: the rules look at common words only
		}
		l.words[word] |= f
	}
	return l
}

// entry returns the flags of word (in lower case) and whether it is a
// stem of the list.
func (l *lexicon) entry(word string) (flags, bool) {
	f, ok := l.words[word]
	return f, ok
}

// isVerb reports whether the stem takes verb endings.
func (f flags) isVerb() bool { return f.has('D') || f.has('G') }

// isAdjective reports whether the stem takes -est or -ness.
func (f flags) isAdjective() bool { return f.has('T') || f.has('P') }

// isNounOnly reports whether the stem is a noun and nothing else the list
// can tell: a possessive, and no verb or adjective endings (a plural
// alone does not tell: "occur/S" is a verb whose -ed form is a word of
// its own).
func (f flags) isNounOnly() bool {
	return f.has('M') && !f.isVerb() && !f.isAdjective()
}

// plural is the -s form of a stem by the S rules of en_US.aff.
func plural(stem string) string {
	n := len(stem)
	switch {
	case n == 0:
		return stem
	case stem[n-1] == 'y' && n > 1 && !strings.ContainsRune("aeiou", rune(stem[n-2])):
		return stem[:n-1] + "ies"
	case strings.ContainsRune("sxzh", rune(stem[n-1])):
		return stem + "es"
	}
	return stem + "s"
}

// sStem returns the stem whose -s form (flag S) word is, with its flags,
// when word is not a stem itself.
func (l *lexicon) sStem(word string) (string, flags, bool) {
	if _, ok := l.words[word]; ok || len(word) < 3 || word[len(word)-1] != 's' {
		return "", 0, false
	}
	cands := []string{word[:len(word)-1]}
	if s, ok := strings.CutSuffix(word, "es"); ok {
		cands = append(cands, s)
	}
	if s, ok := strings.CutSuffix(word, "ies"); ok {
		cands = append(cands, s+"y")
	}
	for _, c := range cands {
		if f, ok := l.words[c]; ok && f.has('S') && plural(c) == word {
			return c, f, true
		}
	}
	return "", 0, false
}

// pluralNoun returns the singular of word when word is the plural of a
// stem that is only a noun ("cats", "products"; not "works", which is a
// verb too). The list gives some plurals as stems of their own.
func (l *lexicon) pluralNoun(word string) (string, bool) {
	if stem, f, ok := l.sStem(word); ok {
		return stem, f.isNounOnly()
	}
	if !strings.HasSuffix(word, "s") || strings.HasSuffix(word, "ss") || len(word) < 4 {
		return "", false
	}
	// The list leaves out the S flag of many nouns ("customer/M"), and
	// some plurals are stems of their own: a noun's regular plural is one.
	cands := []string{word[:len(word)-1], strings.TrimSuffix(word, "es")}
	if s, ok := strings.CutSuffix(word, "ies"); ok {
		cands = append(cands, s+"y")
	}
	for _, c := range cands {
		if f, ok := l.words[c]; ok && c != word && f.isNounOnly() && plural(c) == word {
			return c, true
		}
	}
	return "", false
}

// singularNoun reports whether word is a singular noun and nothing else
// the list tells, with its plural when the list knows it.
func (l *lexicon) singularNoun(word string) (string, bool) {
	f, ok := l.words[word]
	if !ok || !f.isNounOnly() || strings.HasSuffix(word, "s") || len(word) < 3 {
		return "", false
	}
	p := plural(word)
	if f.has('S') {
		return p, true
	}
	if _, ok := l.words[p]; ok {
		return p, true
	}
	return p, true // the list gives some plurals nowhere ("products"): the rule's
}

// thirdPerson returns the stem of word when word is the -s form of a
// verb ("likes", "goes"), a stem of its own too or not ("works").
func (l *lexicon) thirdPerson(word string) (string, bool) {
	stem, f, ok := l.sStem(word)
	if ok && f.isVerb() {
		return stem, true
	}
	if _, isStem := l.words[word]; !isStem || len(word) < 4 || !strings.HasSuffix(word, "s") {
		return "", false
	}
	for _, c := range []string{word[:len(word)-1], strings.TrimSuffix(word, "es")} {
		if f, ok := l.words[c]; ok && c != word && f.isVerb() && f.has('S') && plural(c) == word {
			return c, true
		}
	}
	return "", false
}

// pastStem returns the verb stem of a regular -ed form, a stem of its own
// too or not ("tried").
func (l *lexicon) pastStem(word string) (string, bool) {
	if stem, ok := l.edStem(word); ok {
		return stem, true
	}
	for _, c := range []string{strings.TrimSuffix(strings.TrimSuffix(word, "ied"), "") + "y", strings.TrimSuffix(word, "ed"), strings.TrimSuffix(word, "d")} {
		if f, ok := l.words[c]; ok && c != word && f.has('D') && pastOf(c) == word {
			return c, true
		}
	}
	return "", false
}

// edStem returns the verb stem of a regular -ed form (flag D), when word
// is not a stem itself.
func (l *lexicon) edStem(word string) (string, bool) {
	if _, ok := l.words[word]; ok || len(word) < 4 || !strings.HasSuffix(word, "d") {
		return "", false
	}
	var cands []string
	if s, ok := strings.CutSuffix(word, "ied"); ok {
		cands = append(cands, s+"y")
	}
	if s, ok := strings.CutSuffix(word, "ed"); ok {
		cands = append(cands, s)
	}
	cands = append(cands, word[:len(word)-1])
	for _, c := range cands {
		if f, ok := l.words[c]; ok && f.has('D') && pastOf(c) == word {
			return c, true
		}
	}
	return "", false
}

// pastOf is the -ed form of a stem by the D rules of en_US.aff.
func pastOf(stem string) string {
	n := len(stem)
	switch {
	case n == 0:
		return stem
	case stem[n-1] == 'e':
		return stem + "d"
	case stem[n-1] == 'y' && n > 1 && !strings.ContainsRune("aeiou", rune(stem[n-2])):
		return stem[:n-1] + "ied"
	}
	return stem + "ed"
}

// baseVerb reports whether word is the stem of a verb (it takes -ed or
// -ing), and so can follow "to" or a modal.
func (l *lexicon) baseVerb(word string) bool {
	f, ok := l.words[word]
	return ok && f.isVerb()
}

// comparative reports whether word is an adjective's -er form ("bigger",
// "nicer", "happier"), or one of the irregular ones.
func (l *lexicon) comparative(word string) bool {
	switch word {
	case "more", "less", "better", "worse", "fewer", "rather", "other", "greater", "larger", "smaller", "bigger",
		"higher", "lower", "older", "younger", "cheaper", "faster", "easier", "harder", "longer", "shorter", "stronger":
		return true
	case "later", "earlier", "sooner", "further", "farther", "after", "never", "ever", "over", "under":
		return false // "see you later then", "and further then"
	}
	if f, ok := l.words[word]; ok {
		if f.has('M') || f.isVerb() {
			return false // a noun or a verb that ends in -er: "order", "player"
		}
		return strings.HasSuffix(word, "er") && f.has('T') == false && strings.HasSuffix(word, "ier") == false &&
			l.doubled(word)
	}
	var cands []string
	if s, ok := strings.CutSuffix(word, "ier"); ok {
		cands = append(cands, s+"y")
	}
	if s, ok := strings.CutSuffix(word, "er"); ok {
		cands = append(cands, s)
	}
	if s, ok := strings.CutSuffix(word, "r"); ok {
		cands = append(cands, s)
	}
	for _, c := range cands {
		if f, ok := l.words[c]; ok && f.has('R') && f.has('T') {
			return true
		}
	}
	return false
}

// doubled reports whether word is stem + its last consonant + "er" for a
// stem of the list that takes no -er of its own: "bigger", "hotter".
func (l *lexicon) doubled(word string) bool {
	s := strings.TrimSuffix(word, "er")
	if len(s) < 3 || s[len(s)-1] != s[len(s)-2] {
		return false
	}
	f, ok := l.words[s[:len(s)-1]]
	return ok && !f.isVerb() && !f.has('M')
}

// isNoun reports whether the stem is listed as a noun (it takes a
// possessive).
func (l *lexicon) isNoun(stem string) bool {
	f, ok := l.words[stem]
	return ok && f.has('M')
}
