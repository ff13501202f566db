// Package sentiment tells whether a short public post is positive,
// neutral or negative, in French or English, for the veille's items.
//
// It follows VADER (Hutto & Gilbert, 2014): each word of a lexicon has a
// valence from −4 to +4; a word in capitals among lower-case ones, a
// booster before it ("très", "trop", "vraiment", "very") or a dampener
// ("un peu", "slightly") moves it away from or towards zero; a negation
// in the three words before it ("pas", "jamais", "n'", "not", "never"),
// or in French a "pas" just after it ("j'aime pas"), turns it over and
// weakens it (×−0.74); after a "mais"/"but" the words count 1.5 times and
// those before it half; exclamation marks add weight. The sum s is
// mapped to a compound score s/√(s²+15) in −1…1, labelled positive from
// 0.05 and negative from −0.05, as VADER does.
//
// The English lexicon is VADER's own (MIT), with a few phrases of
// customer talk ("rip off", "still waiting"); the French one and the
// emoji are Relais's, written on VADER's scale (see data/README.md).
// Words match ignoring case and accents ("decu" is "déçu"), stretched
// letters ("trooop") and, in French, the plural and feminine endings.
package sentiment

import (
	"math"
	"strings"
	"sync"

	"github.com/relais-app/relais/app"
)

// Label is an item's sentiment.
type Label string

// The labels.
const (
	Positive Label = "positive"
	Neutral  Label = "neutral"
	Negative Label = "negative"
)

// Result is what Score found in a text.
type Result struct {
	Label Label
	// Score is VADER's compound score: −1 (most negative) to 1 (most
	// positive); within ±0.05 the text is neutral.
	Score float64
	// Words is how many words, phrases and emoji of the lexicon the text
	// holds (0: nothing to go on).
	Words int
}

// Threshold is the compound score from which a text is positive (and
// below whose opposite it is negative), as VADER's authors advise.
const Threshold = 0.05

// Analyzer scores texts. Its lexicons are parsed once, at the first
// Score or Load, so the zero value is ready; it is safe for concurrent
// use. Build one and keep it.
type Analyzer struct {
	once  sync.Once
	langs map[app.Language]*lexicon
}

// New returns an Analyzer whose lexicons are not read yet.
func New() *Analyzer { return &Analyzer{} }

// Load parses the lexicons now (a few milliseconds), so that the first Score
// does not: call it from a goroutine at start, off any UI thread.
func (a *Analyzer) Load() {
	a.once.Do(func() {
		emoji := parseEmoji(emojiData)
		a.langs = map[app.Language]*lexicon{
			app.LanguageEnglish: newEnglish(emoji),
			app.LanguageFrench:  newFrench(emoji),
		}
	})
}

// Score tells the sentiment of text in lang. A language other than
// French or English, or none (""), is scored with both lexicons and the
// one that recognises more words wins (English on a tie).
func (a *Analyzer) Score(text string, lang app.Language) Result {
	a.Load()
	if lex, ok := a.langs[lang]; ok {
		return lex.score(text)
	}
	en := a.langs[app.LanguageEnglish].score(text)
	fr := a.langs[app.LanguageFrench].score(text)
	if fr.Words > en.Words {
		return fr
	}
	return en
}

// VADER's constants.
const (
	boostIncr    = 0.293 // a booster's step
	capsIncr     = 0.733 // a word in capitals among lower-case ones
	negScalar    = -0.74 // a negated word
	exclaimIncr  = 0.292 // per "!", up to 4
	questionIncr = 0.18  // per "?", from 2 up to 3
	questionMax  = 0.96  // 4 "?" or more
	normAlpha    = 15.0  // compound = s/√(s²+α)
	// ironyScalar turns the praise of an ironic text ("Super, encore un
	// colis perdu 🙄") into half as much blame: Relais's rule, not VADER's.
	ironyScalar = -0.5
)

// ironic tells whether a text marks itself as ironic: an eye-roll, an
// upside-down face.
func (l *lexicon) ironic(toks []token) bool {
	for _, t := range toks {
		if t.key == "🙄" || t.key == "🙃" {
			return true
		}
	}
	return false
}

// score runs the rules over one text.
func (l *lexicon) score(text string) Result {
	toks := l.tokenize(text)
	mixed := mixedCase(toks)
	ironic := l.ironic(toks)
	vals := make([]float64, len(toks))
	words := 0
	for i := 0; i < len(toks); i++ {
		v, n := l.valence(toks, i)
		if v == 0 {
			i += n - 1
			continue
		}
		words++
		t := toks[i]
		if mixed && t.caps {
			v += math.Copysign(capsIncr, v)
		}
		v = l.boost(toks, i, v, mixed)
		if !l.negations[t.key] && t.key != "plus" { // "pas terrible", "plus jamais" are negated already
			v = l.negate(toks, i, n, v)
		}
		if ironic && v > 0 {
			v *= ironyScalar
		}
		vals[i] = v
		i += n - 1 // a phrase's other words are spent
	}
	if c := l.contrastAt(toks); c >= 0 {
		for i := range vals {
			switch {
			case i < c:
				vals[i] *= 0.5
			case i > c:
				vals[i] *= 1.5
			}
		}
	}
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	if sum != 0 {
		sum += math.Copysign(punctuation(text), sum)
	}
	compound := sum / math.Sqrt(sum*sum+normAlpha)
	label := Neutral
	switch {
	case compound >= Threshold:
		label = Positive
	case compound <= -Threshold:
		label = Negative
	}
	return Result{Label: label, Score: compound, Words: words}
}

// valence is the valence of the word or phrase starting at toks[i] and
// how many tokens it spans (1 for a word). A booster followed by a
// word of the lexicon counts only as a booster.
func (l *lexicon) valence(toks []token, i int) (float64, int) {
	if p, ok := l.phraseAt(toks, i); ok {
		return p.valence, len(p.words)
	}
	t := toks[i]
	if _, ok := l.boosters[t.key]; ok && i+1 < len(toks) && toks[i+1].clause == t.clause {
		if v, _ := l.valence(toks, i+1); v != 0 {
			return 0, 1
		}
	}
	return l.lookup(t.key), 1
}

// boost adds the boosters and dampeners among the three words before
// toks[i], in its clause, each weaker the farther it is (VADER's 1,
// 0.95, 0.9).
func (l *lexicon) boost(toks []token, i int, v float64, mixed bool) float64 {
	decay := [3]float64{1, 0.95, 0.9}
	for d := 1; d <= 3 && i-d >= 0; d++ {
		b := toks[i-d]
		if b.clause != toks[i].clause {
			break
		}
		step, ok := l.boosters[b.key]
		if !ok {
			continue
		}
		if b.key == "peu" && (i-d == 0 || toks[i-d-1].key != "un") {
			continue // "peu fiable" is "not reliable": a negation
		}
		s := step // a booster makes a negative word more negative, a dampener less
		if v < 0 {
			s = -s
		}
		if mixed && b.caps {
			s += math.Copysign(capsIncr, v)
		}
		v += s * decay[d-1]
	}
	return v
}

// negate turns v over when a negation stands among the three words
// before the n tokens at toks[i] in the same clause, or, in French,
// right after them ("j'aime pas", "ça marche plus"). A text says "ne …
// pas" once: two negation words around one word negate it once.
func (l *lexicon) negate(toks []token, i, n int, v float64) float64 {
	clause := toks[i].clause
	for d := 1; d <= 3 && i-d >= 0; d++ {
		b := toks[i-d]
		if b.clause != clause {
			break
		}
		if l.negation(toks, i-d) {
			return v * negScalar
		}
	}
	if l.after != nil {
		for d := 0; d < 2 && i+n+d < len(toks); d++ {
			b := toks[i+n+d]
			if b.clause != clause {
				break
			}
			if l.after[b.key] {
				return v * negScalar
			}
			if !l.between[b.key] {
				break
			}
		}
	}
	return v
}

// negation tells whether toks[j] negates what follows it.
func (l *lexicon) negation(toks []token, j int) bool {
	k := toks[j].key
	if l.negations[k] {
		return true
	}
	if l.lang == app.LanguageEnglish && strings.HasSuffix(k, "n't") {
		return true
	}
	if l.lang == app.LanguageFrench {
		switch k {
		case "peu": // "peu fiable", not "un peu déçu"
			return j == 0 || toks[j-1].key != "un"
		case "plus": // "ne … plus", not "plus beau"
			for d := 1; d <= 3 && j-d >= 0; d++ {
				if toks[j-d].key == "ne" || toks[j-d].key == "n'" {
					return true
				}
			}
		}
	}
	return false
}

// contrastAt is the index of the first "mais"/"but", or −1.
func (l *lexicon) contrastAt(toks []token) int {
	for i, t := range toks {
		if l.contrast[t.key] {
			return i
		}
	}
	return -1
}

// punctuation is the weight "!" and "?" add to a text's sum.
func punctuation(text string) float64 {
	ex := min(strings.Count(text, "!"), 4)
	w := float64(ex) * exclaimIncr
	if q := strings.Count(text, "?"); q > 1 {
		if q <= 3 {
			w += float64(q) * questionIncr
		} else {
			w += questionMax
		}
	}
	return w
}

// mixedCase tells whether some words are in capitals and others not
// (a text all in capitals stresses nothing).
func mixedCase(toks []token) bool {
	caps, lower := 0, 0
	for _, t := range toks {
		if t.emoji || !t.letters {
			continue
		}
		if t.caps {
			caps++
		} else {
			lower++
		}
	}
	return caps > 0 && lower > 0
}
