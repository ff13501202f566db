package hunspell

import (
	"strings"
	"unicode/utf8"
)

// affix is one PFX or SFX rule.
type affix struct {
	flag   flag
	prefix bool
	cross  bool    // may combine with an affix of the other kind
	strip  string  // removed from the stem
	add    string  // added to the stem
	cont   flagSet // continuation class
	cond   condition
	morph  string // morphological fields ("po:ipre po:3sg"), "" for none
}

// condition is a compiled affix condition: one element per character.
type condition []condElem

// condElem matches one character: any character, or one of (or, when neg,
// none of) a set.
type condElem struct {
	any bool
	neg bool
	set []rune
}

func (e condElem) match(r rune) bool {
	if e.any {
		return true
	}
	in := false
	for _, c := range e.set {
		if c == r {
			in = true
			break
		}
	}
	return in != e.neg
}

// parseCondition compiles a condition such as "[^aeiou]y" or ".". An
// unterminated group runs to the end of the pattern, as Hunspell reads it.
func parseCondition(s string) condition {
	if s == "." || s == "" {
		return nil
	}
	var c condition
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		switch r := runes[i]; r {
		case '.':
			c = append(c, condElem{any: true})
		case '[':
			e := condElem{}
			i++
			if i < len(runes) && runes[i] == '^' {
				e.neg = true
				i++
			}
			for ; i < len(runes) && runes[i] != ']'; i++ {
				e.set = append(e.set, runes[i])
			}
			c = append(c, e)
		default:
			c = append(c, condElem{set: []rune{r}})
		}
	}
	return c
}

// matchPrefix reports whether s starts with characters matching c.
func (c condition) matchPrefix(s string) bool {
	for _, e := range c {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !e.match(r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// matchSuffix reports whether s ends with characters matching c.
func (c condition) matchSuffix(s string) bool {
	for i := len(c) - 1; i >= 0; i-- {
		r, n := utf8.DecodeLastRuneInString(s)
		if n == 0 || !c[i].match(r) {
			return false
		}
		s = s[:len(s)-n]
	}
	return true
}

// affixGroup holds the affixes that share their added and stripped parts:
// they all lead from a word to the same candidate stem.
type affixGroup struct {
	strip   string
	entries []*affix
}

// affixIndex finds the affixes whose added part begins (prefixes) or ends
// (suffixes) a word.
type affixIndex struct {
	byAdd  map[string][]affixGroup
	maxLen int // longest added part, in bytes
}

func (x *affixIndex) insert(a *affix) {
	if x.byAdd == nil {
		x.byAdd = map[string][]affixGroup{}
	}
	groups := x.byAdd[a.add]
	for i := range groups {
		if groups[i].strip == a.strip {
			groups[i].entries = append(groups[i].entries, a)
			return
		}
	}
	x.byAdd[a.add] = append(groups, affixGroup{strip: a.strip, entries: []*affix{a}})
	x.maxLen = max(x.maxLen, len(a.add))
}

// forEachSuffix calls fn for the groups whose added part ends word, the
// empty added part first, then by growing length, until fn returns true.
func (x *affixIndex) forEachSuffix(word string, fn func(add string, g *affixGroup) bool) bool {
	for k := 0; k <= len(word) && k <= x.maxLen; k++ {
		add := word[len(word)-k:]
		groups := x.byAdd[add]
		for i := range groups {
			if fn(add, &groups[i]) {
				return true
			}
		}
	}
	return false
}

// forEachPrefix is forEachSuffix for the beginning of word.
func (x *affixIndex) forEachPrefix(word string, fn func(add string, g *affixGroup) bool) bool {
	for k := 0; k <= len(word) && k <= x.maxLen; k++ {
		add := word[:k]
		groups := x.byAdd[add]
		for i := range groups {
			if fn(add, &groups[i]) {
				return true
			}
		}
	}
	return false
}

// applySuffix returns the word that suffix a makes from stem, or false when
// the stem does not meet the affix's strip and condition.
func (a *affix) applySuffix(stem string, fullstrip bool) (string, bool) {
	if !strings.HasSuffix(stem, a.strip) || !a.cond.matchSuffix(stem) {
		return "", false
	}
	if len(stem) == len(a.strip) && !fullstrip {
		return "", false
	}
	return stem[:len(stem)-len(a.strip)] + a.add, true
}

// applyPrefix returns the word that prefix a makes from stem.
func (a *affix) applyPrefix(stem string, fullstrip bool) (string, bool) {
	if !strings.HasPrefix(stem, a.strip) || !a.cond.matchPrefix(stem) {
		return "", false
	}
	if len(stem) == len(a.strip) && !fullstrip {
		return "", false
	}
	return a.add + stem[len(a.strip):], true
}
