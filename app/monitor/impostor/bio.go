package impostor

import (
	"strings"
	"unicode/utf8"
)

// The bio test: the brand's bio and a suspect's are compared by the
// character trigrams of their folded words (Dice's coefficient), which
// a copy with a word changed, punctuation moved or accents dropped keeps
// high, and two bios of the same trade written apart keep low.

// bioMinRunes is the shortest folded bio compared: a few words are
// shared by chance.
const bioMinRunes = 20

// maxBioRunes is the longest bio compared (Mastodon's default limit is
// 500 characters, Bluesky's 256 graphemes).
const maxBioRunes = 2000

// bioCopiedAt is the similarity from which a bio counts as copied.
const bioCopiedAt = 0.6

// bioGrams are a bio's trigrams.
type bioGrams struct {
	text  string
	grams map[string]struct{}
}

func newBioGrams(bio string) bioGrams {
	g := bioGrams{text: strings.TrimSpace(clip(bio, maxBioRunes)), grams: map[string]struct{}{}}
	words := strings.Fields(g.text)
	var b strings.Builder
	for _, w := range words {
		if f := fold(w); f != "" {
			b.WriteString(" " + f)
		}
	}
	s := []rune(b.String() + " ")
	if len(s) < bioMinRunes {
		return g
	}
	for i := 0; i+3 <= len(s); i++ {
		g.grams[string(s[i:i+3])] = struct{}{}
	}
	return g
}

func (g bioGrams) ok() bool { return len(g.grams) > 0 }

// similarity is Dice's coefficient of the two sets of trigrams.
func (g bioGrams) similarity(o bioGrams) float64 {
	if !g.ok() || !o.ok() {
		return 0
	}
	small, large := g.grams, o.grams
	if len(small) > len(large) {
		small, large = large, small
	}
	common := 0
	for k := range small {
		if _, ok := large[k]; ok {
			common++
		}
	}
	return 2 * float64(common) / float64(len(g.grams)+len(o.grams))
}

// bioReason returns ReasonBioCopied when bio is nearly one of the brand's.
func (s *Scorer) bioReason(bio string) (Reason, bool) {
	if len(s.bios) == 0 || utf8.RuneCountInString(bio) < bioMinRunes {
		return Reason{}, false
	}
	g := newBioGrams(bio)
	var best Reason
	for _, b := range s.bios {
		if sim := g.similarity(b); sim >= bioCopiedAt && sim > best.Similarity {
			best = Reason{Kind: ReasonBioCopied, Found: g.text, Brand: b.text, Similarity: sim, Weight: weightBioCopied}
		}
	}
	return best, best.Weight > 0
}
