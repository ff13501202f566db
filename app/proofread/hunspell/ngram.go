package hunspell

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// gramSet holds the folded (lowercase, unaccented) bigrams and trigrams
// of a word, with word boundaries. Folded characters outside ASCII share
// one code, which is good enough for ranking.
type gramSet struct {
	bi  [128 * 128 / 64]uint64 // bitset of bigrams
	tri map[uint32]struct{}
}

// gramCode maps a rune to the 7-bit code used in grams; 0 is the word
// boundary.
func gramCode(r rune) uint32 {
	f := fold(r)
	if f > 0 && f < 127 {
		return uint32(f)
	}
	return 127
}

func newGramSet(s string) *gramSet {
	g := &gramSet{tri: map[uint32]struct{}{}}
	forEachGram(s, func(bi, tri uint32) {
		g.bi[bi/64] |= 1 << (bi % 64)
		if tri != 0 {
			g.tri[tri] = struct{}{}
		}
	})
	return g
}

// forEachGram calls fn with the code of every folded bigram and trigram
// (0 for none yet) of s, boundaries included.
func forEachGram(s string, fn func(bi, tri uint32)) {
	var p2, p1 uint32 = 0, 0
	first := true
	emit := func(c uint32) {
		bi := p1<<7 | c
		var tri uint32
		if !first {
			tri = 1<<21 | p2<<14 | p1<<7 | c
		}
		fn(bi, tri)
		first = false
		p2, p1 = p1, c
	}
	for _, r := range s {
		emit(gramCode(r))
	}
	emit(0)
}

// similarity scores how many of s's grams the set holds, minus half of
// those it lacks.
func (g *gramSet) similarity(s string) float64 {
	match, total := 0, 0
	forEachGram(s, func(bi, tri uint32) {
		total++
		if g.bi[bi/64]&(1<<(bi%64)) != 0 {
			match++
		}
		if tri != 0 {
			total++
			if _, ok := g.tri[tri]; ok {
				match++
			}
		}
	})
	return float64(match) - float64(total-match)/2
}

// scoredStem is a stem and its n-gram similarity with the misspelt word.
type scoredStem struct {
	stem  string
	score float64
}

// ngramStems returns the k stems of the word list (and personal words)
// most similar to word by n-grams.
func (d *Dictionary) ngramStems(word string, k int) []scoredStem {
	g := newGramSet(word)
	wl := utf8.RuneCountInString(word)
	top := make([]scoredStem, 0, k+1)
	consider := func(stem string) {
		n := utf8.RuneCountInString(stem)
		if n > wl+4 || n < wl/2-1 {
			return
		}
		sc := g.similarity(stem)
		if len(top) == k && sc <= top[len(top)-1].score {
			return
		}
		i := sort.Search(len(top), func(i int) bool { return top[i].score < sc })
		top = append(top, scoredStem{})
		copy(top[i+1:], top[i:])
		top[i] = scoredStem{stem, sc}
		if len(top) > k {
			top = top[:k]
		}
	}
	for _, s := range d.stems {
		consider(s)
	}
	for _, s := range d.personalWords() {
		consider(s)
	}
	return top
}

// expand calls fn with the forms of a stem that its flags allow: the stem
// itself, its suffixed forms (one or two suffixes), its prefixed forms and
// their cross products. Forms whose length in runes is outside [lo, hi]
// are skipped, and so are prefixed forms that do not start with the folded
// rune first (typos seldom change the first letter, and French stems take
// many elided prefixes).
func (d *Dictionary) expand(stem string, fs flagSet, lo, hi int, first rune, fn func(form string)) {
	a := d.aff
	emit := func(f string) {
		if n := utf8.RuneCountInString(f); n >= lo && n <= hi {
			fn(f)
		}
	}
	if !fs.has(a.needAffix) {
		emit(stem)
	}
	prefixes := func(w string, flags flagSet, cross bool, inner *affix) {
		for _, f := range flags {
			for _, pe := range a.prefixByFlag[f] {
				if cross && !pe.cross {
					continue
				}
				if inner != nil && !inner.cross && !inner.cont.has(pe.flag) {
					continue
				}
				if r, _ := utf8.DecodeRuneInString(pe.add); pe.add != "" && fold(r) != first {
					continue
				}
				if pf, ok := pe.applyPrefix(w, a.fullStrip); ok {
					emit(pf)
				}
			}
		}
	}
	prefixes(stem, fs, false, nil)
	for _, f := range fs {
		for _, se := range a.suffixByFlag[f] {
			if se.cont.has(a.needAffix) && len(se.cont) == 1 {
				continue
			}
			sf, ok := se.applySuffix(stem, a.fullStrip)
			if !ok {
				continue
			}
			if !se.cont.has(a.needAffix) {
				emit(sf)
			}
			// Prefixes of the stem crossed with this suffix, and
			// prefixes this suffix licenses.
			if se.cross {
				prefixes(sf, fs, true, se)
			}
			prefixes(sf, se.cont, false, nil)
			// A second suffix licensed by this one.
			for _, f2 := range se.cont {
				for _, se2 := range a.suffixByFlag[f2] {
					if sf2, ok := se2.applySuffix(sf, a.fullStrip); ok && strings.TrimSpace(sf2) != "" {
						emit(sf2)
					}
				}
			}
		}
	}
}
