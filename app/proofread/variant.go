package proofread

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// FindUSSpelling is a British spelling in a text checked in US English
// ("colour", "organise", "amongst"): a warning whose fix is the US
// spelling. Under UK English the British dictionary accepts them.
const FindUSSpelling app.FindingKind = "en_us_spelling"

// WithEnglishUK gives the British English dictionary, read by load the
// first time a text is checked in English under UK English (so that its
// memory is only taken when UK is chosen).
func WithEnglishUK(load func() (Speller, error)) Option {
	return func(k *Checker) { k.ukLoad = load }
}

var _ app.VariantProofreader = (*Checker)(nil)

// SetEnglishVariant implements app.VariantProofreader: English texts are
// then spelt with the British dictionary under UK (when WithEnglishUK
// gave one), the US one otherwise.
func (c *Checker) SetEnglishVariant(v app.EnglishVariant) {
	c.mu.Lock()
	c.variant = v
	c.mu.Unlock()
}

func (c *Checker) englishVariant() app.EnglishVariant {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.variant
}

// ukSpeller reads the British dictionary once.
func (c *Checker) ukSpeller() (Speller, error) {
	c.ukOnce.Do(func() {
		sp, err := c.ukLoad()
		if err != nil {
			c.ukErr = fmt.Errorf("reading the British English dictionary: %w", err)
			return
		}
		c.uk = &remembering{Speller: sp, seen: make(map[string][]string)}
	})
	return c.uk, c.ukErr
}

// britishWords are British words whose US form no pattern gives.
var britishWords = map[string]string{
	"amongst": "among", "whilst": "while", "programme": "program", "programmes": "programs", "grey": "gray",
	"greys": "grays", "cheque": "check", "cheques": "checks", "tyre": "tire", "tyres": "tires",
	"aluminium": "aluminum", "learnt": "learned", "spelt": "spelled", "practise": "practice",
	"practised": "practiced", "practising": "practicing", "jewellery": "jewelry", "pyjamas": "pajamas",
	"mould": "mold", "plough": "plow", "sceptical": "skeptical", "storey": "story", "kerb": "curb",
	"ageing": "aging", "judgement": "judgment", "enrol": "enroll", "fulfil": "fulfill", "skilful": "skillful",
}

// britishPatterns are the British spellings of a part of a word and
// their US form, tried one at a time.
var britishPatterns = [][2]string{
	{"our", "or"}, {"isation", "ization"}, {"ise", "ize"}, {"ising", "izing"}, {"yse", "yze"}, {"ysing", "yzing"},
	{"tre", "ter"}, {"ogue", "og"}, {"ence", "ense"}, {"lled", "led"}, {"lling", "ling"}, {"ller", "ler"},
	{"llor", "lor"}, {"ae", "e"}, {"oe", "e"},
}

// americanOf returns the US spelling of a British word that sp does not
// know, "" when there is none sp knows.
func americanOf(sp Speller, word string) string {
	low := strings.ToLower(word)
	if us, ok := britishWords[low]; ok && sp.Spell(us) {
		return matchCase(word, us)
	}
	for _, p := range britishPatterns {
		for i := 0; ; {
			j := strings.Index(low[i:], p[0])
			if j < 0 {
				break
			}
			j += i
			us := low[:j] + p[1] + low[j+len(p[0]):]
			if sp.Spell(us) {
				return matchCase(word, us)
			}
			i = j + 1
		}
	}
	return ""
}

// looksLikeName reports whether the English word token i, unknown to the
// dictionary, is written as a name that is part of a run of names: in
// CamelCase ("LanguageTool"), after initials ("E. G. Erdos"), or next to
// another capitalised word that does not just start the sentence
// ("Senator Tsongas", "Rodrigues Fernandes", "king Agis III"). A
// misspelt name there is a warning: it may well be right. A lone
// unknown name ("the new Kraftwick candles") stays an error, for the
// personal dictionary.
func looksLikeName(d *doc, i int) bool {
	w := d.toks[i].Text
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	if strings.IndexFunc(w[n:], unicode.IsUpper) >= 0 && strings.IndexFunc(w[n:], unicode.IsLower) >= 0 {
		return true // CamelCase
	}
	if afterInitial(d, i) {
		return true
	}
	capital := func(j int) bool {
		if j < 0 || j >= len(d.toks) || d.toks[j].Kind != Word || d.toks[j].Text == "I" {
			return false
		}
		r, _ := utf8.DecodeRuneInString(d.toks[j].Text)
		return unicode.IsUpper(r)
	}
	if p := i - 2; i >= 2 && d.toks[i-1].isSpace() && capital(p) && !sentenceStart(d, p) {
		return true
	}
	if nx := i + 2; d.tok(i+1).isSpace() && capital(nx) {
		return true
	}
	return false
}

// afterInitial reports whether token i follows an initial ("G. Erdos").
func afterInitial(d *doc, i int) bool {
	j := i - 1
	for j >= 0 && d.toks[j].isSpace() {
		j--
	}
	if j < 1 || !d.toks[j].is(".") || d.toks[j-1].Kind != Word || utf8.RuneCountInString(d.toks[j-1].Text) != 1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(d.toks[j-1].Text)
	return unicode.IsUpper(r)
}

// sentenceStart reports whether token i starts a sentence: first in the
// text or a line, or after . ! ? … : (not after an initial such as "E.").
func sentenceStart(d *doc, i int) bool {
	j := i - 1
	for j >= 0 && d.toks[j].isSpace() {
		j--
	}
	if j < 0 || d.toks[j].Kind == LineBreak {
		return true
	}
	t := d.toks[j]
	return t.Kind == Punct && strings.Contains(".!?…:", t.Text) && !afterInitial(d, i)
}
