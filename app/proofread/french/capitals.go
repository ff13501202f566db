package french

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// euphonic are the adjectives with a form of their own before a vowel:
// "un nouvel article", "un bel endroit", "un vieil ami".
var euphonic = map[string]string{"beau": "bel", "nouveau": "nouvel", "vieux": "vieil", "fou": "fol", "mou": "mol"}

// euphony: "un nouveau article" → "un nouvel article".
func (c *checker) euphony(i int) {
	t := c.s[i]
	fix, ok := euphonic[t.low]
	if !ok {
		return
	}
	d, n := c.word(i-1), c.word(i+1)
	if d == nil || !d.has(pDet) || !d.is("un", "le", "ce", "cet", "mon", "ton", "son", "notre", "votre", "leur", "quel", "du", "au") || n == nil || n.in == nil || n.capital {
		return
	}
	// A noun that is also an adjective ("ami") counts when the phrase
	// ends with it.
	nounEnds := n.has(pAdj) && !n.has(pVerb|pPrep|pAdv) && c.at(i+2) == nil && !t.is("fou", "mou")
	if !startsVowelOrH(n.low) || strings.HasPrefix(n.low, "h") || !n.has(pNoun) || n.has(pVerb|pAdj|pPrep|pAdv) && !nounEnds || !n.in.agreesNoun(gMas, nSg) {
		return
	}
	c.report(FindEuphony, app.SeverityError, i, i, nil, fix)
}

// languages are the language names written with a capital by mistake
// after "en" or "d’" ("en Français", "un cours d’Anglais").
func (c *checker) language(i int) {
	t := c.s[i]
	if !t.capital || t.first || t.user {
		return
	}
	p := c.word(i - 1)
	if !p.is("en", "d'", "le", "du") {
		return
	}
	low := t.low
	if !c.isPeople(low) {
		return
	}
	if p.is("le", "du") && c.word(i+1) != nil {
		return // "le Français moyen": a person, maybe
	}
	c.keepCase = true
	c.report(FindLanguageLower, app.SeverityWarning, i, i, nil, low)
	c.keepCase = false
}

// nationalities are the peoples and languages whose name is an
// adjective in lower case and a noun with a capital (the dictionary has
// only the lower case): their lemmas.
var nationalities = wordSet(`français anglais allemand espagnol italien portugais américain canadien
		belge suisse chinois japonais russe arabe néerlandais hollandais grec turc polonais suédois
		norvégien danois finlandais irlandais écossais gallois breton québécois africain européen
		asiatique marocain algérien tunisien sénégalais brésilien argentin mexicain indien coréen
		vietnamien ukrainien roumain hongrois autrichien luxembourgeois tchèque slovaque croate serbe
		bulgare israélien libanais égyptien australien parisien lyonnais marseillais corse basque
		catalan occitan alsacien normand`)

// wordSet is the set of the words of s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isPeople reports whether low is a form of a nationality or language.
func (c *checker) isPeople(low string) bool {
	in := c.g.tag(low)
	if in == nil {
		return false
	}
	for _, r := range in.rs {
		if r.pos&(pAdj|pNoun) != 0 && nationalities[r.lemma] {
			return true
		}
	}
	return false
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// people: "des anglais aiment…", "les américaines": the people's name,
// a noun, takes a capital; the adjective does not ("des touristes
// anglais").
func (c *checker) people(i int) {
	t := c.s[i]
	if t.capital || t.user || t.in == nil {
		return
	}
	d := c.word(i - 1)
	if d.is("de", "d'") && c.word(i-2).is("beaucoup", "peu", "plein", "trop", "milliers", "millions", "centaines", "dizaines") {
		d = c.word(i - 2) // "beaucoup de suisses"
		if q := c.word(i - 3); q != nil && !q.has(pVerb) {
			return
		}
	} else if d == nil || !d.is("les", "des", "aux", "un", "une", "deux", "trois", "beaucoup", "plusieurs", "ces") {
		return
	} else if d.is("beaucoup") {
		if q := c.word(i - 2); q != nil {
			return
		}
	}
	if !c.isPeople(t.low) {
		return
	}
	// After the word: a verb, a preposition, the end; not a noun
	// ("les anglais médiévaux") nor "de" after "beaucoup".
	n := c.at(i + 1)
	if n != nil && n.kind == tWord && !n.has(pVerb|pPrep|pConj|pPro|pProObj|pAdv) {
		return
	}
	if d.is("un", "une") && (n == nil || n.kind != tWord || !n.has(pVerb)) {
		return // "un français correct": the language, maybe
	}
	c.keepCase = true
	c.report(FindPeopleCapital, app.SeverityWarning, i, i, nil, capitalise(t.text))
	c.keepCase = false
}

// cardinalPoint: "l’Afrique du sud", "l’Allemagne de l’est": in a
// place's name, the cardinal point takes a capital.
func (c *checker) cardinalPoint(i int) {
	t := c.s[i]
	if t.capital || !t.is("sud", "nord", "est", "ouest") {
		return
	}
	p, q := c.word(i-1), c.word(i-2)
	if p.is("l'") {
		p, q = q, c.word(i-3)
	}
	if !p.is("du", "de") || q == nil || !q.capital || q.first && q.in != nil {
		return
	}
	c.keepCase = true
	c.report(FindPointCapital, app.SeverityWarning, i, i, nil, capitalise(t.text))
	c.keepCase = false
}
