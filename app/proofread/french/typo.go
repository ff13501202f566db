package french

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// Rules on how words are written: missing apostrophes, accents that
// change the word, hyphens of set phrases, ordinals.

// elisionLetters are the one-letter words that exist only elided.
var elisionLetters = map[string]bool{"l": true, "d": true, "j": true, "m": true, "t": true, "s": true, "c": true, "n": true, "qu": true}

// missingApostrophe: "je m étais perdu", "qu il", "d’ enfants".
func (c *checker) missingApostrophe(i int) {
	t := c.s[i]
	// "chef-d’ œuvre", "aujourd’ hui": a space after the apostrophe of
	// a word the dictionary knows whole.
	if strings.HasSuffix(t.low, "-d") || t.low == "aujourd" {
		n, w := c.at(i+1), c.word(i+2)
		if n != nil && n.kind == tPunct && (n.text == "’" || n.text == "'") && n.start == t.end && w != nil && w.start > n.end && c.g.dict.Spell(t.text+n.text+w.text) {
			c.report(FindApostrophe, app.SeverityError, i, i+2, nil, t.text+n.text+w.text)
		}
		return
	}
	if !elisionLetters[t.low] || t.capital && !t.first {
		return // "l’ensemble L", a letter that names something
	}
	n := c.at(i + 1)
	if n == nil {
		return
	}
	if n.kind == tPunct && (n.text == "’" || n.text == "'") {
		// "d’ enfants": a space after the apostrophe.
		w := c.word(i + 2)
		if w == nil || w.start == n.end || !startsVowelOrH(w.low) {
			return
		}
		c.report(FindApostrophe, app.SeverityError, i, i+2, nil, t.text+n.text+w.text)
		return
	}
	if n.kind != tWord || n.start == t.end || !startsVowelOrH(n.low) || !c.g.dict.Spell(t.text+"’"+n.text) {
		return
	}
	c.report(FindApostrophe, app.SeverityError, i, i+1, nil, t.text+"’"+n.text)
}

// accentWords: words that exist without their accent but are rarely
// meant so: "voila" is a form of "voiler", "la" a note or an article.
func (c *checker) accent(i int) {
	t := c.s[i]
	switch t.low {
	case "voila-t-il", "voila-t-elle", "voila-t-on":
		c.report(FindAccent, app.SeverityError, i, i, args("word", t.text), "voilà"+t.text[len("voila"):])
	case "voila":
		if p := c.word(i - 1); p != nil && p.has(pProSuj|pProObj) {
			return // "elle voila son visage"
		}
		c.report(FindAccent, app.SeverityError, i, i, args("word", t.text), "voilà")
	case "la":
		// "il sera la l’année prochaine", "je suis la !": an adverb
		// where the article cannot be.
		n := c.at(i + 1)
		p := c.word(i - 1)
		if p == nil || !p.has(pVerb) || !p.in.lemmaIs(pVerb, "être", "rester") {
			return
		}
		if n == nil || n.kind == tPunct && strings.ContainsAny(n.text, ",)") || n.kind == tWord && n.has(pDet) && !n.has(pNoun|pAdj|pProObj) || n.is("l'", "le", "les") {
			c.report(FindAccent, app.SeverityError, i, i, args("word", t.text), "là")
		}
	}
}

// hyphenPhrases are set phrases written with hyphens, and the wrong
// ways they are written.
var hyphenPhrases = []struct {
	key string // in the sentence in lower case when the phrase may be
	re  *regexp.Regexp
	fix string
}{
	{"par de", wordRe(true, `par (dessus|dessous|delà|derrière|devant)`), "par-$1"},
	{"ci de", wordRe(true, `ci (dessus|dessous|contre|joint|jointe|joints|jointes|inclus|incluse)`), "ci-$1"},
	{"là de", wordRe(true, `là (dessus|dessous|dedans)`), "là-$1"},
	{"saint", wordRe(false, `(la|La) ([Ss]aint|[Ss]ainte|[Ss]t) ([A-ZÉ]\p{Ll}+)`), "$1 Saint-$3"},
	{"à dire", wordRe(true, `c['’]est à dire`), "c’est-à-dire"},
	{"te", wordRe(true, `s['’]il(-te-| te-|-te )pla[iî]t`), "s’il te plaît"},
	{"vous", wordRe(true, `s['’]il(-vous-| vous-|-vous )pla[iî]t`), "s’il vous plaît"},
	{"au de", wordRe(true, `au (dessus|dessous|delà)`), "au-$1"},
	{"vis à", wordRe(true, `vis à vis`), "vis-à-vis"},
	{"ce", wordRe(true, `(celui|celle|ceux|celles) (ci|là)`), "$1-$2"},
	{"quelques u", wordRe(true, `quelques (uns|unes)`), "quelques-$1"},
	{"week end", wordRe(true, `week end`), "week-end"},
	{"peut être", wordRe(true, `peut être que`), "peut-être que"},
}

// hyphens finds the set phrases of a sentence written without their
// hyphens, in the words of the sentence only.
func (c *checker) hyphens() {
	if len(c.s) == 0 {
		return
	}
	start, end := c.s[0].start, c.s[len(c.s)-1].end
	seg := c.text[start:end]
	low := strings.ToLower(seg)
	for _, h := range hyphenPhrases {
		if !strings.Contains(low, h.key) || h.key == "te" && !strings.Contains(low, "pla") {
			continue
		}
		for _, m := range h.re.FindAllStringSubmatchIndex(seg, -1) {
			ma, mb := matchSpan(seg, m[0], m[1])
			a, b := start+ma, start+mb
			i, j := c.tokAt(a), c.tokAt(b-1)
			if i < 0 || j < 0 || c.s[i].start != a || c.s[j].end != b {
				continue
			}
			fix := string(h.re.ExpandString(nil, h.fix, seg, m))
			fix = matchCase(c.text[a:b], strings.ToLower(fix[:1])+fix[1:])
			c.report(FindHyphen, app.SeverityWarning, i, j, nil, fix)
		}
	}
}

// tokAt returns the index of the token that holds byte offset off, or -1.
func (c *checker) tokAt(off int) int {
	for k := range c.s {
		if c.s[k].start <= off && off < c.s[k].end {
			if c.s[k].kind == tOther {
				return -1
			}
			return k
		}
	}
	return -1
}

var ordinalRe = regexp.MustCompile(`^(\d+)(ème|eme|ieme|ième|è|me)$`)
var firstRe = regexp.MustCompile(`^1(ère|ere)$`)

// ordinal: "2ème" is written "2e", "1ère" "1re".
func (c *checker) ordinal(i int) {
	t := c.s[i]
	if m := ordinalRe.FindStringSubmatch(t.text); m != nil {
		c.report(FindOrdinal, app.SeverityWarning, i, i, nil, m[1]+"e")
	} else if firstRe.MatchString(t.text) {
		c.report(FindOrdinal, app.SeverityWarning, i, i, nil, "1re")
	}
}

// personIs reports whether a conjugated reading has person p.
func (in *info) personIs(p uint8) bool {
	if in == nil {
		return false
	}
	for _, r := range in.rs {
		if r.pos&pVerb != 0 && r.pers&p != 0 {
			return true
		}
	}
	return false
}

// tout: "tout les jours", "tous les années", "tout ceux": the
// predeterminer agrees with the noun.
func (c *checker) tout(i int) {
	t := c.s[i]
	if !t.is("tout", "tous", "toute", "toutes") {
		return
	}
	d := c.word(i + 1)
	if d == nil || !d.is("ceux", "celles") && c.word(i-1).is("du", "avant", "après", "en", "malgré", "pour", "par", "à", "sur", "rien", "pas") {
		return // "pas du tout", "avant tout": an adverb
	}
	var g, n uint8
	switch {
	case d.is("ceux"):
		g, n = gMas, nPl
	case d.is("celles"):
		g, n = gFem, nPl
	case d.is("le", "la", "l'", "ce", "cet", "cette", "mon", "ma", "ton", "ta", "son", "sa", "notre", "votre", "leur"):
		// "toute cet équipement": tout agrees with the noun, in the
		// singular too.
		w := c.word(i + 2)
		if w == nil || w.in == nil || w.capital || !w.has(pNoun) || w.has(pVerb|pAdj) || !t.is("tout", "toute") {
			return
		}
		for _, r := range w.in.rs {
			if r.pos&pNoun != 0 && r.number()&nSg != 0 {
				g |= r.gender()
			}
		}
		if g != gMas && g != gFem {
			return
		}
		if want := map[uint8]string{gMas: "tout", gFem: "toute"}[g]; t.low != want {
			c.report(FindTout, app.SeverityError, i, i, args("with", w.text), want)
		}
		return
	case d.is("les", "ces", "mes", "tes", "ses", "nos", "vos", "leurs"):
		w := c.word(i + 2)
		if w == nil || w.in == nil || w.capital || !w.has(pNoun) {
			return
		}
		n = nPl
		for _, r := range w.in.rs {
			if r.pos&pNoun != 0 && r.number()&nPl != 0 {
				g |= r.gender()
			}
		}
		if g == 0 || g == gMas|gFem {
			return
		}
	default:
		return
	}
	want := map[uint8]string{gMas: "tous", gFem: "toutes"}[g]
	if n == nPl && t.low != want {
		c.report(FindTout, app.SeverityError, i, i, args("with", d.text), want)
	}
}

// numberNoun: "1 enfants", "3 place restante": after a number, the noun
// takes its number.
func (c *checker) numberNoun(i int) {
	t := c.s[i]
	for _, r := range t.text {
		if r < '0' || r > '9' {
			return
		}
	}
	c.countNoun(i, t.text == "0" || t.text == "1")
}

// numberWords are the numbers written in words that ask for a plural.
var numberWords = map[string]bool{"deux": true, "trois": true, "quatre": true, "cinq": true, "six": true, "sept": true, "huit": true, "neuf": true, "dix": true, "douze": true, "quinze": true, "vingt": true, "trente": true, "cent": true, "mille": true, "plusieurs": true, "quelques": true}

// countNoun is numberNoun for the token at i, a number; one tells that
// it asks for a singular.
func (c *checker) countNoun(i int, one bool) {
	t := c.s[i]
	w := c.word(i + 1)
	if w == nil || w.in == nil || w.capital || !w.has(pNoun) || w.has(pAdj|pInfi|pAdv|pPrep|pDet|pNum) || daysMonths[w.low] || numberWords[w.low] {
		return
	}
	if p := c.at(i - 1); p != nil && (p.kind == tPunct || p.kind == tNum || p.has(pDet|pPrep)) {
		return // "2,5 kilo", "le 15 août", "du 3 au 5": not a plain count
	}
	want := nPl
	if one {
		want = nSg
	}
	var lemma string
	for _, r := range w.in.rs {
		if r.pos&pNoun == 0 {
			continue
		}
		if r.number()&want != 0 {
			return
		}
		lemma = r.lemma
	}
	g := uint8(0)
	for _, r := range w.in.rs {
		if r.pos&pNoun != 0 {
			g |= r.gender()
		}
	}
	fix := c.g.formOf(lemma, pNoun, func(r reading) bool { return r.number()&want != 0 && r.gender()&g != 0 })
	if fix != "" {
		c.report(FindNumberNoun, app.SeverityError, i+1, i+1, args("number", t.text), fix)
	}
}

// wordRe compiles a phrase that must stand as whole words: the match
// takes the character before and after it, which matchSpan leaves out.
// (RE2's \b knows only ASCII letters.)
func wordRe(fold bool, pattern string) *regexp.Regexp {
	flags := ""
	if fold {
		flags = "(?i)"
	}
	return regexp.MustCompile(flags + `(?:^|[^\p{L}\p{N}_'’-])(?:` + pattern + `)(?:[^\p{L}\p{N}_'’-]|$)`)
}

// matchSpan returns the byte span of a wordRe match in seg, without the
// characters around the phrase.
func matchSpan(seg string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(seg[a:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(seg[:b])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		b -= n
	}
	return a, b
}
