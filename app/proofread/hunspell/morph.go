package hunspell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Morphology: Hunspell dictionaries may describe their words with fields
// such as "po:nom is:fem" after an entry of the word list, and "po:ipre
// po:3sg" at the end of an affix rule. A word's analysis is each way the
// dictionary makes it: a stem with the stem's fields and those of the
// affix that made the word. Only the stems that carry fields are kept, in
// a table apart from the one spelling uses, so that a dictionary without
// morphology costs nothing more.

// morphInterner shares the many identical descriptions.
type morphInterner map[string]string

func (m *morphInterner) intern(s string) string {
	if *m == nil {
		*m = morphInterner{}
	}
	if v, ok := (*m)[s]; ok {
		return v
	}
	(*m)[s] = s
	return s
}

// morphEntry is one homonym of a stem with its fields.
type morphEntry struct {
	flags flagSet
	morph string
}

// morphTable maps a stem to its homonyms that have fields.
type morphTable map[string][]morphEntry

func (l *dicLoader) addMorph(word string, flags flagSet, morph string) {
	if l.morph == nil {
		l.morph = morphTable{}
	}
	l.morph[word] = append(l.morph[word], morphEntry{flags: flags, morph: l.aff.morphs.intern(morph)})
}

// Reading is one analysis of a word: the stem of the word list it comes
// from, and the fields of the stem followed by those of the affix.
type Reading struct {
	Stem  string
	Morph string
}

// Analyze returns the readings of word: as a stem of the word list, and
// as a stem with one suffix (the prefixes, elisions in French, are left
// to the caller). A Capitalised or UPPERCASE word is also read in lower
// case. It returns nil for a word the dictionary does not describe.
func (d *Dictionary) Analyze(word string) []Reading {
	if len(d.morph) == 0 || word == "" || !utf8.ValidString(word) {
		return nil
	}
	word = d.aff.iconv.convert(word)
	out := d.analyze(word, nil)
	if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
		if low := strings.ToLower(word); low != word {
			out = d.analyze(low, out)
		}
	}
	return out
}

func (d *Dictionary) analyze(word string, out []Reading) []Reading {
	a := d.aff
	for _, e := range d.morph[word] {
		if e.flags.has(a.needAffix) || e.flags.has(a.onlyInCompound) || e.flags.has(a.forbidden) {
			continue
		}
		out = append(out, Reading{Stem: word, Morph: e.morph})
	}
	a.suffixes.forEachSuffix(word, func(add string, g *affixGroup) bool {
		if !a.stemLength(len(word), len(add)) {
			return false
		}
		stem := word[:len(word)-len(add)] + g.strip
		homs := d.morph[stem]
		if len(homs) == 0 {
			return false
		}
		for _, se := range g.entries {
			if se.cont.has(a.onlyInCompound) || !se.cond.matchSuffix(stem) {
				continue
			}
			for _, e := range homs {
				if !e.flags.has(se.flag) || e.flags.has(a.forbidden) {
					continue
				}
				m := e.morph
				if se.morph != "" {
					m += " " + se.morph
				}
				out = append(out, Reading{Stem: stem, Morph: m})
			}
		}
		return false
	})
	return out
}

// Forms returns the words that stem makes with one suffix, each with its
// reading, and the stem itself when the word list describes it: the
// forms a grammar checker chooses a correction from ("arrivées" for
// "arriver" with "po:ppas is:fem is:pl").
func (d *Dictionary) Forms(stem string) []Form {
	homs := d.morph[stem]
	var out []Form
	for _, e := range homs {
		if !e.flags.has(d.aff.needAffix) {
			out = append(out, Form{Word: stem, Morph: e.morph})
		}
		for _, se := range d.aff.allSuffixes {
			if !e.flags.has(se.flag) || se.cont.has(d.aff.onlyInCompound) {
				continue
			}
			w, ok := se.applySuffix(stem, d.aff.fullStrip)
			if !ok {
				continue
			}
			m := e.morph
			if se.morph != "" {
				m += " " + se.morph
			}
			out = append(out, Form{Word: w, Morph: m})
		}
	}
	return out
}

// Form is a word made from a stem, with its reading.
type Form struct {
	Word  string
	Morph string
}
