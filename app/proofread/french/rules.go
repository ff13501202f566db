package french

import (
	"strings"
	"unicode"

	"github.com/relais-app/relais/app"
)

// The rules. Each looks at a word and its neighbours in one sentence;
// the ideas are the usual ones of French grammar checkers (Grammalecte's
// and LanguageTool's rules describe the same confusions), written anew
// over this tagger.

func isUpper(r rune) bool { return unicode.IsUpper(r) }
func toUpper(r rune) rune { return unicode.ToUpper(r) }
func args(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func (c *checker) run() {
	c.hyphens()
	c.pleonasm()
	c.setPhrases()
	c.idiomPhrases()
	for i := range c.s {
		if c.s[i].kind == tNum {
			c.ordinal(i)
			c.numberNoun(i)
			c.date(i)
			c.unitSpace(i)
			c.hourCapital(i)
		}
		if c.s[i].kind != tWord || c.s[i].user {
			continue
		}
		c.lowercase(i)
		c.missingApostrophe(i)
		c.accent(i)
		c.tout(i)
		c.homophones(i)
		c.euphony(i)
		c.language(i)
		c.people(i)
		c.cardinalPoint(i)
		c.subjunctive(i)
		c.relative(i)
		c.prefix(i)
		c.etc(i)
		c.missingNe(i)
		c.presqu(i)
		c.adjective(i)
		c.guere(i)
		c.davantage(i)
		c.greeting(i)
		c.quel(i)
		c.euphonicApostrophe(i)
		c.imperativeHyphen(i)
		c.chaque(i)
		if numberWords[c.s[i].low] && !c.s[i].capital {
			c.countNoun(i, false)
		}
		c.cestNoun(i)
		c.elision(i)
		c.aAccent(i)
		c.ouOu(i)
		c.etEst(i)
		c.sonSont(i)
		c.onOnt(i)
		c.cesCest(i)
		c.afterAuxiliary(i)
		c.afterModal(i)
		c.subjectVerb(i)
		c.copulaAgreement(i)
		c.inversion(i)
		c.nounForm(i)
		c.nounPhrase(i)
		c.runFamilies(i)
		c.runRegular(i)
	}
}

// word returns token i when it is a word of the dictionary, not the
// user's.
func (c *checker) word(i int) *tok {
	t := c.at(i)
	if t == nil || t.kind != tWord || t.user {
		return nil
	}
	return t
}

// subjectPersons are the persons of the subject pronouns.
var subjectPersons = map[string]uint8{
	"je": p1sg, "j'": p1sg, "tu": p2sg, "il": p3sg, "elle": p3sg, "on": p3sg,
	"nous": p1pl, "vous": p2pl, "ils": p3pl, "elles": p3pl,
}

// preverbs are the words between a subject and its verb: negation, object
// pronouns.
var preverbs = map[string]bool{
	"ne": true, "n'": true, "me": true, "m'": true, "te": true, "t'": true, "se": true, "s'": true,
	"le": true, "la": true, "l'": true, "les": true, "lui": true, "leur": true, "y": true, "en": true,
	"nous": true, "vous": true,
}

// adverbsBetween are the adverbs found between an auxiliary and its
// participle, or a modal and its infinitive.
var adverbsBetween = map[string]bool{
	"pas": true, "plus": true, "jamais": true, "bien": true, "déjà": true, "toujours": true, "tout": true,
	"rien": true, "beaucoup": true, "trop": true, "encore": true, "souvent": true, "vraiment": true,
	"aussi": true, "enfin": true, "même": true, "peut-être": true, "point": true, "guère": true,
	"presque": true, "mieux": true, "mal": true, "vite": true, "ensuite": true, "également": true,
}

// subjectBefore finds the subject pronoun of the verb at i, looking back
// over negation and object pronouns: its index, or -1. A pronoun after a
// preposition ("pour elles") is no subject.
func (c *checker) subjectBefore(i int) int {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		t := c.word(j)
		if t == nil {
			return -1
		}
		if _, ok := subjectPersons[t.low]; ok {
			if (t.low == "nous" || t.low == "vous") && !c.subjectPosition(j) {
				if preverbs[t.low] {
					continue // "il nous parle": an object
				}
				return -1
			}
			if p := c.word(j - 1); p != nil && p.has(pPrep) && !p.has(pConj|pPro|pVerb) {
				return -1
			}
			return j
		}
		if !preverbs[t.low] {
			return -1
		}
	}
	return -1
}

// subjectPosition reports whether token j starts a clause: the sentence's
// first word, or after a comma, a conjunction, a relative pronoun.
func (c *checker) subjectPosition(j int) bool {
	p := c.at(j - 1)
	if p == nil {
		return true
	}
	if p.kind == tPunct {
		return p.text == "," || p.text == "(" || p.text == "«" || p.text == "\""
	}
	return p.is("et", "mais", "ou", "donc", "car", "que", "qu'", "quand", "si", "lorsque", "lorsqu'", "puisque", "puisqu'", "comme", "où",
		"dont", "lequel", "laquelle", "lesquels", "lesquelles", "auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles")
}

// ---- capitals and elision ----

var daysMonths = map[string]bool{
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"janvier": true, "février": true, "mars": true, "avril": true, "mai": true, "juin": true, "juillet": true,
	"août": true, "septembre": true, "octobre": true, "novembre": true, "décembre": true,
}

// lowercase: weekdays and months take no capital within a sentence
// ("rendez-vous Samedi"), unless they are part of a name ("Mardi Gras")
// or a title.
func (c *checker) lowercase(i int) {
	t := c.s[i]
	if !t.capital || t.first || !daysMonths[t.low] || isAllCaps(t.text) {
		return
	}
	if p := c.at(i - 1); p == nil || p.kind == tPunct && !strings.ContainsAny(p.text, ",()") {
		return // after a quote, a dash: maybe a title
	} else if p.kind == tWord && p.capital && !p.first {
		return // "Le Printemps de Bourges", "Black Friday Mardi"
	}
	if n := c.at(i + 1); n != nil && n.kind == tWord && n.capital {
		return // "Mardi Gras", "Avril Lavigne"
	}
	c.keepCase = true
	c.report(FindLowercase, app.SeverityWarning, i, i, nil, t.low)
	c.keepCase = false
}

// elidable are the words that lose their vowel before a vowel or a mute
// h, and their elided form.
var elidable = map[string]string{
	"le": "l’", "la": "l’", "de": "d’", "je": "j’", "me": "m’", "te": "t’", "se": "s’",
	"ne": "n’", "que": "qu’", "ce": "c’", "jusque": "jusqu’", "lorsque": "lorsqu’", "puisque": "puisqu’",
}

// elision: "le hôtel", "de avoir", "si il". The dictionary knows which
// words take the elision (its L’, D’… flags): the elided spelling must be
// a word of it.
func (c *checker) elision(i int) {
	t := c.s[i]
	n := c.word(i + 1)
	if n == nil || n.capital && !n.first && n.in == nil {
		return
	}
	pre, ok := elidable[t.low]
	if t.low == "si" && n.is("il", "ils") {
		pre, ok = "s’", true
	}
	// Before an h, the dictionary does not tell the mute h ("l’hôtel")
	// from the aspirated one ("le héros"): vowels only.
	if !ok || !startsVowelOrH(n.low) || strings.HasPrefix(n.low, "h") || strings.Contains(n.low, "'") {
		return
	}
	// "ce" before "à", "ou": not elided; "le un", "de un" are numbers.
	if t.low == "ce" && !n.has(pVerb) || n.is("un", "onze", "oui", "ouate", "yeux") && t.low != "de" {
		return
	}
	if t.low == "le" || t.low == "la" {
		if n.is("un", "une") {
			return
		}
	}
	if !c.g.dict.Spell(pre + n.text) {
		return
	}
	joined := pre + n.text
	if t.capital {
		joined = matchCase(t.text, joined)
	}
	c.report(FindElision, app.SeverityError, i, i+1, args("word", t.text), joined)
}

func startsVowelOrH(s string) bool {
	for _, r := range s {
		return strings.ContainsRune("aàâäeéèêëiîïoôöuùûüyhœæ", r)
	}
	return false
}

// ---- a / à ----

// subjectLike reports whether the word before "a" may end its subject:
// a noun, a name, a pronoun, an adjective or participle closing a noun
// phrase, an unknown word.
func subjectLike(p *tok) bool {
	if p == nil {
		return false
	}
	if p.kind == tNum || p.kind == tOther {
		return true // "@marie a répondu", "{address} a un problème"
	}
	if p.kind == tPunct {
		return strings.Contains(")]}»\"”", p.text)
	}
	if p.user || p.in == nil {
		return true
	}
	if p.is("pas", "jamais", "plus", "rien", "point") {
		return false // "n’hésitez pas a partager"
	}
	if p.is("y", "en", "n'", "ne", "qui", "ce", "ça", "cela", "ceci", "tout", "rien", "personne", "l'", "m'", "t'", "s'", "lui", "leur", "nous", "vous", "il", "elle", "on", "chacun", "qu'", "quoi", "où") {
		return true
	}
	return p.has(pNoun | pNpr | pProSuj | pProObj | pPro | pAdj | pPpas | pNum)
}

// prepBefore are the words after which "à", not "a", is written.
var prepBefore = map[string]bool{"grâce": true, "quant": true, "jusqu'": true, "jusque": true, "merci": true}

// latin are the words of Latin phrases with "a": "a priori".
var latin = map[string]bool{"priori": true, "posteriori": true, "fortiori": true, "contrario": true, "cappella": true, "capella": true, "minima": true, "maxima": true}

// prepAfter are words that follow the preposition "à" and never the verb
// "a".
var prepAfter = map[string]bool{"partir": true, "travers": true, "cause": true, "l'instar": true, "bientôt": true, "demain": true, "gauche": true, "droite": true}

// aAccent: "je pense a toi", "machine a laver", "a partir de" take the
// preposition "à"; "il à mangé", "elle à faim" take the verb "a".
func (c *checker) aAccent(i int) {
	t := c.s[i]
	switch t.low {
	case "a":
		if strings.Contains(t.text, "-") {
			return
		}
		p, n := c.at(i-1), c.at(i+1)
		sev := app.SeverityError
		if t.text == "A" {
			sev = app.SeverityWarning // capitals often go without accents
		}
		// "j’ai mal a la tête", "vous avez droit a une remise".
		if p != nil && p.is("mal", "droit", "faim", "soif", "accès", "recours", "affaire", "hâte", "envie") && (auxOf(c.at(i-2)) == "avoir" || c.word(i-2).is("très", "si", "trop", "tellement", "vraiment", "super", "assez") && auxOf(c.at(i-3)) == "avoir") {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		// "face a un danger".
		if p != nil && p.is("face") && n != nil && n.has(pDet) && !c.word(i-2).has(pDet) {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		if p != nil && p.kind == tWord && prepBefore[p.low] {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		startish := p == nil || p.kind == tPunct && strings.Contains(",;(«—–-", p.text)
		// "tout a fait", "tout a coup", "tout a l’heure".
		if p != nil && p.is("tout") && n != nil && (n.is("fait", "coup") || n.is("l'") && c.word(i+2).is("heure")) {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		// "prêts a t’écouter": an object pronoun and an infinitive.
		if !p.has(pProSuj) && !(p != nil && p.is("y", "n'", "ne")) {
			k := i + 1
			for k < len(c.s) && k <= i+2 && c.s[k].is("me", "m'", "te", "t'", "se", "s'", "le", "la", "l'", "les", "nous", "vous", "lui", "leur", "y", "en") {
				k++
			}
			if k > i+1 && c.word(k).has(pInfi) && !c.word(k).has(pNoun) {
				c.report(FindAPrep, sev, i, i, nil, "à")
				return
			}
		}
		if n != nil && n.kind == tWord && (prepAfter[n.low] && !subjectLike(p) || n.is("partir", "travers", "l'instar")) {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		// "nombreux a participer", "prêts a partir", "mille a voter": an
		// adjective or a count, then an infinitive.
		if p != nil && (p.kind == tWord && (p.has(pAdj|pPpas) && !p.has(pNoun|pNpr|pPro|pProSuj|pProObj) || p.has(pNum)) || p.kind == tNum) && n != nil && n.kind == tWord && n.has(pInfi) {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		// "ce soir a minuit", "rendez-vous a 14h30": a time.
		if n != nil && (n.is("midi", "minuit") || n.kind == tNum && strings.ContainsAny(n.text, "h:") && n.text[0] >= '0' && n.text[0] <= '9') && !p.has(pProSuj) {
			c.report(FindAPrep, sev, i, i, nil, "à")
			return
		}
		if subjectLike(p) && !startish {
			return
		}
		// Not after a subject: "je pense a toi", "rendez-vous a 14h",
		// "a bientôt".
		if n == nil || n.kind == tWord && (latin[n.low] || n.in == nil) {
			return
		}
		if p != nil && p.kind == tWord && p.has(pVerb) && !p.has(pNoun|pAdj|pPpas|pNpr) && p.in.lemmaIs(pVerb, "avoir", "être") {
			return
		}
		if p != nil && p.kind == tWord && p.has(pVerb) && c.relativeBefore(i) {
			return // "ce que tu dis a l’air…": the verb ends a subject
		}
		if n.kind == tNum || n.kind == tWord && (n.has(pInfi) || n.has(pDet|pProObj|pNpr|pPro) || n.has(pAdv)) {
			if startish && n.kind == tWord && n.has(pPpas) && !n.has(pInfi) {
				return // "A été…", "a la fin" after a title: unclear
			}
			c.report(FindAPrep, sev, i, i, nil, "à")
		}
	case "à":
		if c.toWin(i) {
			return
		}
		if nw := c.word(i + 1); nw != nil && latin[nw.low] {
			c.report(FindATonic, app.SeverityError, i, i, nil, "a")
			return
		}
		p, n := c.word(i-1), c.at(i+1)
		if p == nil {
			return
		}
		// "il à", "elle à", "on à", "il y à", "il l’à", "qui à mangé".
		subj := p.is("il", "elle", "on", "ça", "cela")
		if p.is("y", "l'", "m'", "t'", "en", "n'", "lui", "nous", "vous") {
			if q := c.word(i - 2); q != nil && q.is("il", "elle", "on", "ça", "cela", "n'", "y") {
				subj = true
			}
		}
		if subj && (n == nil || !n.is("elle", "lui", "eux", "moi", "toi", "nous", "vous")) {
			c.report(FindAVerb, app.SeverityError, i, i, args("subject", p.text), "a")
			return
		}
		if nw := c.word(i + 1); nw != nil && nw.has(pPpas) && (!nw.has(pNoun|pAdj|pInfi|pVerb) || nw.is("été") && p.has(pNoun|pPro|pNpr)) && subjectLike(p) && !p.has(pPrep|pVerb) {
			c.report(FindAVerb, app.SeverityError, i, i, args("subject", p.text), "a")
		}
	}
}

// relativeBefore reports whether a relative pronoun or "que" comes
// before token i in the sentence.
func (c *checker) relativeBefore(i int) bool {
	for k := 0; k < i; k++ {
		if c.s[k].is("que", "qu'", "qui", "dont", "où", "quoi") {
			return true
		}
	}
	return false
}

// ---- ou / où ----

// whereBefore are words after which "ou" is the relative "où".
var whereBefore = map[string]bool{"là": true, "d'": true, "par": true, "moment": true, "instant": true, "jour": true, "endroit": true, "cas": true, "lieu": true, "heure": true, "période": true, "époque": true, "pays": true, "ville": true, "fois": true}

func (c *checker) ouOu(i int) {
	t := c.s[i]
	switch t.low {
	case "ou":
		p, n := c.at(i-1), c.word(i+1)
		if p != nil && p.kind == tWord && whereBefore[p.low] && n != nil {
			sev := app.SeverityWarning
			if p.is("là", "d'", "cas", "moment") {
				sev = app.SeverityError
			}
			if p.is("jour", "fois", "lieu", "pays", "ville", "heure") && !(n.has(pProSuj|pDet|pNpr) || n.in == nil) {
				return
			}
			if p.is("par") && !n.has(pVerb) {
				return
			}
			c.report(FindOuWhere, sev, i, i, nil, "où")
			return
		}
		// "je ne sais pas ou aller": where, before an infinitive.
		q := c.word(i - 1)
		if q.is("pas", "plus") {
			q = c.word(i - 2)
		}
		if n != nil && n.has(pInfi) && q != nil && q.has(pVerb|pInfi) && q.in.lemmaIs(pVerb|pInfi, "savoir", "demander", "chercher", "ignorer", "voir", "choisir", "décider", "hésiter") {
			c.report(FindOuWhere, app.SeverityError, i, i, nil, "où")
			return
		}
		// "Ou est la gare ?": a question's first word before a verb.
		if t.first && n != nil && n.has(pVerb) && n.in.lemmaIs(pVerb, "être", "aller", "avoir", "trouver") {
			c.report(FindOuWhere, app.SeverityError, i, i, nil, "où")
		}
	case "où":
		p, n := c.at(i-1), c.at(i+1)
		if p == nil || n == nil {
			return
		}
		same := p.kind == tNum && n.kind == tNum ||
			p.is("plus") && n.is("moins") || p.is("oui") && n.is("non") ||
			n.is("bien") && !c.at(i+2).has(pVerb|pPpas) ||
			p.is("moi", "toi", "lui", "eux") && n.is("moi", "toi", "lui", "eux", "elle", "nous", "vous") ||
			p.kind == tWord && n.kind == tWord && p.only(pAdj) && n.only(pAdj)
		if same {
			c.report(FindOuOr, app.SeverityError, i, i, nil, "ou")
		}
	}
}

// ---- et / est ----

func (c *checker) etEst(i int) {
	t := c.s[i]
	switch t.low {
	case "et":
		p, n := c.word(i-1), c.at(i+1)
		if p == nil || n == nil {
			return
		}
		// "il et parti", "c’et", "elle n’et pas".
		if p.is("il", "elle", "on", "c'", "n'", "ça", "cela") {
			if p.is("n'") {
				if q := c.word(i - 2); q == nil || !q.is("il", "elle", "on", "ce", "c'", "ça", "cela", "qui") {
					return
				}
			}
			if n.kind == tWord && n.is("il", "elle", "je", "tu", "nous", "vous", "ils", "elles", "on") {
				return
			}
			c.report(FindEtEst, app.SeverityError, i, i, args("subject", p.text), "est")
		}
	case "est":
		if strings.Contains(t.text, "-") {
			return
		}
		p, n := c.at(i-1), c.word(i+1)
		if p == nil || n == nil {
			return
		}
		// "moi est toi", "grand est fort", "il mange est boit".
		pronouns := p.is("moi", "toi", "lui", "eux") && n.is("moi", "toi", "lui", "eux", "elle", "nous", "vous")
		verbs := false
		if p.kind == tWord && p.has(pVerb) && !p.has(pNoun|pAdj|pPpas|pProSuj) && n.has(pVerb) && !n.has(pNoun|pAdj|pPpas|pAdv|pPrep|pDet|pPro|pProObj|pInfi|pProSuj) {
			verbs = true
		}
		if n.is("je", "tu", "ils") && p.kind == tWord && !p.first && !p.has(pProSuj|pPro) && !p.is("c'") {
			verbs = true // "Paul est je viens": a subject after est
		}
		if pronouns || verbs {
			c.report(FindEstEt, app.SeverityWarning, i, i, nil, "et")
		}
	}
}

// pluralSubject reports whether the words before i end a plural subject:
// "ils", "elles", or a plural determiner and noun.
func (c *checker) pluralSubject(i int) (string, bool) {
	k := i - 1
	for c.word(k).is("ne", "n'", "y", "en", "les", "leur", "se", "s'") && k > i-4 {
		k--
	}
	p := c.word(k)
	if p == nil {
		return "", false
	}
	if p.is("ils", "elles") || p.is("ceux-ci", "ceux-là", "celles-ci", "celles-là") && !c.word(k-1).has(pPrep) {
		return p.text, true
	}
	if p.is("qui") {
		if a := c.word(k - 1); a.is("ceux", "celles", "ils", "elles", "eux") {
			return a.text, true
		}
		if a := c.word(k - 1); a.has(pNoun) && c.npNumber(k-1) == nPl {
			return a.text, true
		}
		return "", false
	}
	if p.has(pNoun) && !p.has(pVerb) && c.npNumber(i-1) == nPl {
		return p.text, true
	}
	return "", false
}

// npNumber returns the number of the noun at i from the determiner just
// before it (nSg, nPl), or 0 when unsure.
func (c *checker) npNumber(i int) uint8 {
	d := c.word(i - 1)
	if d == nil || !d.has(pDet) || d.has(pProObj) && !c.word(i).has(pNoun) {
		return 0
	}
	var n uint8
	for _, r := range d.in.rs {
		if r.pos&pDet != 0 {
			n |= r.number()
		}
	}
	if n == nSg || n == nPl {
		return n
	}
	return 0
}

// ---- son / sont, on / ont ----

func (c *checker) sonSont(i int) {
	t := c.s[i]
	switch t.low {
	case "son":
		n := c.word(i + 1)
		if n == nil {
			return
		}
		if subj, ok := c.pluralSubject(i); ok && (c.s[i-1].is("ils", "elles") || n.has(pAdj|pPpas|pAdv|pDet)) {
			c.report(FindSonSont, app.SeverityError, i, i, args("subject", subj), "sont")
			return
		}
		if p := c.word(i - 1); p != nil && p.is("ce") && n.has(pDet) {
			c.report(FindSonSont, app.SeverityError, i, i, args("subject", p.text), "sont")
			return
		}
		// "les clientes son celles qui…": a pronoun, never after a
		// possessive.
		if i > 0 && n.is("celles", "ceux", "celui", "celle", "eux", "elles", "là", "ici") {
			c.report(FindSonSont, app.SeverityError, i, i, args("subject", c.at(i-1).text), "sont")
			return
		}
		// "son" before a participle or adjective that no noun follows.
		nn := c.at(i + 2)
		if n.has(pPpas) && !n.has(pNoun|pAdj|pVerb|pInfi) && (nn == nil || nn.kind != tWord || !nn.has(pNoun|pAdj|pNpr)) {
			c.report(FindSonSont, app.SeverityWarning, i, i, nil, "sont")
		}
	case "sont":
		p, n := c.word(i-1), c.word(i+1)
		if n == nil || p == nil {
			return
		}
		// "avec sont chien": after a preposition or a verb, before a
		// singular noun.
		singNoun := n.has(pNoun) && !n.has(pPpas|pAdv|pDet|pVerb|pPrep|pPro|pInfi)
		if singNoun {
			pl := false
			for _, r := range n.in.rs {
				if r.pos&pNoun != 0 && r.number()&nPl != 0 {
					pl = true
				}
			}
			singNoun = !pl
		}
		if singNoun && (p.has(pPrep) && !p.has(pNoun|pProSuj|pPro) || p.has(pVerb) && !p.has(pNoun|pAdj|pPpas|pProSuj) && !p.in.lemmaIs(pVerb, "être")) {
			c.report(FindSontSon, app.SeverityError, i, i, nil, "son")
		}
	}
}

func (c *checker) onOnt(i int) {
	t := c.s[i]
	switch t.low {
	case "on":
		n := c.word(i + 1)
		if n == nil && c.at(i+1) != nil && c.at(i+1).kind == tNum {
			if subj, ok := c.pluralSubject(i); ok {
				c.report(FindOnOnt, app.SeverityError, i, i, args("subject", subj), "ont")
			}
			return
		}
		if n == nil {
			return
		}
		if subj, ok := c.pluralSubject(i); ok && (n.has(pPpas) || n.has(pDet) && !n.has(pProObj) || n.is("pas", "déjà", "bien", "tous", "toutes", "jamais", "été", "eu")) {
			c.report(FindOnOnt, app.SeverityError, i, i, args("subject", subj), "ont")
			return
		}
		// "on" is a subject: a participle alone cannot be its verb.
		if n.has(pPpas) && !n.has(pVerb|pNoun|pAdj|pInfi|pAdv|pPrep) && !n.is("été") {
			if p := c.word(i - 1); p != nil && p.has(pNoun|pProSuj|pNpr) || p == nil && c.at(i-1) == nil {
				c.report(FindOnOnt, app.SeverityWarning, i, i, nil, "ont")
			}
		}
	case "ont":
		n := c.word(i + 1)
		if n == nil {
			return
		}
		if _, ok := c.pluralSubject(i); ok {
			return // "ils ont finit": the participle is wrong, not "ont"
		}
		// "ont va": a conjugated verb cannot follow the auxiliary.
		if n.has(pVerb) && !n.has(pPpas|pAdj|pInfi|pAdv|pPrep|pDet|pPro|pProObj|pProSuj|pConj) && (!n.has(pNoun) || n.is("a", "est", "va", "fait", "peut", "doit")) && n.in.personIs(p3sg) {
			c.report(FindOntOn, app.SeverityError, i, i, nil, "on")
			return
		}
		if n.is("ne", "n'", "se", "s'", "y", "en", "me", "m'", "te", "t'") {
			c.report(FindOntOn, app.SeverityError, i, i, nil, "on")
		}
	}
}

// ---- ces / ses / c’est / s’est ----

func (c *checker) cesCest(i int) {
	t := c.s[i]
	switch t.low {
	case "ces", "ses":
		n := c.word(i + 1)
		if n == nil {
			return
		}
		det := n.has(pDet) && !c.detPlural(n)
		if det || n.is("ça", "moi", "toi", "lui", "vrai", "pas", "trop", "super", "génial", "normal", "dommage", "parti") {
			fix := "c’est"
			if p := c.word(i - 1); p != nil && p.is("il", "elle", "on") {
				fix = "s’est"
			}
			c.report(FindCesCest, app.SeverityError, i, i, nil, fix)
		}
	case "c'":
		e, n := c.word(i+1), c.word(i+2)
		if e == nil || !e.is("est") || n == nil {
			return
		}
		if p := c.word(i - 1); p != nil && p.is("il", "elle", "on", "qui") && n.has(pPpas) {
			c.report(FindCestSest, app.SeverityError, i, i+1, args("subject", p.text), "s’est")
			return
		}
		if n.has(pNoun) && !n.has(pAdj|pPpas|pVerb|pDet|pAdv|pPro|pProObj|pPrep|pInfi) && c.onlyPlural(n, pNoun) {
			c.report(FindCestCes, app.SeverityError, i, i+1, nil, "ces", "ses")
		}
	case "s'":
		e, n := c.word(i+1), c.word(i+2)
		if e == nil || !e.is("est") || n == nil {
			return
		}
		if p := c.at(i - 1); p == nil && (n.has(pDet|pAdj) || n.is("ça", "vrai", "pas", "bon")) && !n.has(pPpas) && !n.is("un") {
			c.report(FindSestCest, app.SeverityError, i, i+1, nil, "c’est")
		}
	}
}

func (c *checker) detPlural(t *tok) bool {
	for _, r := range t.in.rs {
		if r.pos&pDet != 0 && r.number()&nPl != 0 {
			return true
		}
	}
	return false
}

func (c *checker) onlyPlural(t *tok, p pos) bool {
	ok := false
	for _, r := range t.in.rs {
		if r.pos&p == 0 {
			continue
		}
		if r.number()&nSg != 0 {
			return false
		}
		ok = true
	}
	return ok
}

// ---- verb forms ----

// isAux reports the auxiliary reading of a conjugated avoir or être.
func auxOf(t *tok) string {
	if t == nil || t.kind != tWord || t.in == nil || strings.Contains(t.low, "-") {
		return ""
	}
	for _, r := range t.in.rs {
		if r.pos&pVerb != 0 && (r.lemma == "avoir" || r.lemma == "être") {
			return r.lemma
		}
	}
	return ""
}

// afterAuxiliary: "j’ai manger", "ils ont terminer", "il est aller"
// take the participle; "ils ont mangés" takes it invariable.
func (c *checker) afterAuxiliary(i int) {
	aux := auxOf(&c.s[i])
	if aux == "" {
		return
	}
	subj := c.subjectBefore(i)
	if c.s[i].low == "a" && subj < 0 {
		p := c.at(i - 1)
		if !subjectLike(p) || p.kind != tWord || p.in != nil && !p.has(pNoun|pNpr|pPro|pProObj|pProSuj) && !p.is("y", "en", "n'", "ne") || p.has(pNum) {
			return // "nombreux a participer": the preposition
		}
	}
	nounSubj := false
	if aux == "être" && subj < 0 {
		if s, ok := c.subjectOf(i); !ok || s.strong {
			return
		}
		nounSubj = true
	}
	j := i + 1
	for j < len(c.s) && c.s[j].kind == tWord && adverbsBetween[c.s[j].low] {
		j++
	}
	w := c.word(j)
	if w == nil || w.in == nil || w.capital {
		return
	}
	if aux == "avoir" && w.is("étés", "étée", "étées") {
		c.report(FindParticiple, app.SeverityError, j, j, args("aux", c.s[i].text), "été")
		return
	}
	// An infinitive of the first group where the participle goes.
	if w.has(pInfi) && strings.HasSuffix(w.low, "er") && !w.has(pPpas) {
		// A noun reading ("le dîner") is unlikely without a
		// determiner: "j’ai dîner" is the participle mistaken.
		if w.in.lemmaIs(pInfi, "être", "avoir") {
			return
		}
		lemma := ""
		for _, r := range w.in.rs {
			if r.pos&pInfi != 0 {
				lemma = r.lemma
			}
		}
		want := func(r reading) bool { return r.gn&nSg != 0 && r.gn&gMas != 0 }
		sev := app.SeverityError
		if aux == "être" {
			want = c.subjectAgreement(subj)
			if nounSubj {
				s, _ := c.subjectOf(i)
				want = func(r reading) bool {
					return r.gender()&s.g != 0 && r.number()&s.n != 0 && (s.g != gMas|gFem || r.gender()&gMas != 0)
				}
				sev = app.SeverityWarning
			}
		}
		fix := c.g.formOf(lemma, pPpas, want)
		c.report(FindParticiple, sev, j, j, args("aux", c.s[i].text), fix)
		return
	}
	// "vous avez mangez", "ils ont finit": a conjugated verb for the
	// participle.
	if w.has(pVerb) && !w.has(pPpas|pNoun|pAdj|pInfi|pAdv|pPrep|pDet|pPro|pProObj|pProSuj|pConj) && aux == "avoir" && (subj >= 0 || !c.s[i].is("a", "as") || c.s[i].low == "a" && c.word(i-1) != nil) {
		lemma := verbLemma(w.in)
		fix := c.g.formOf(lemma, pPpas, func(r reading) bool { return r.gn&nSg != 0 && r.gn&gMas != 0 })
		c.report(FindParticiple, app.SeverityError, j, j, args("aux", c.s[i].text), fix)
		return
	}
	// The participle after avoir does not agree with the subject.
	if aux == "avoir" && w.has(pPpas) && !w.has(pAdj|pInfi) && (j == i+1 || c.word(i-1).is("j'", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles") && c.word(i-2).is("que", "qu'")) {
		masSg := false
		lemma := ""
		for _, r := range w.in.rs {
			if r.pos&pPpas != 0 {
				lemma = r.lemma
				if r.gender()&gMas != 0 && r.number()&nSg != 0 {
					masSg = true
				}
			}
		}
		// An object before ("les a mangés", "que j’ai vus") makes it
		// agree.
		k := i - 1
		for ; k != subj && c.word(k) != nil && preverbs[c.s[k].low]; k-- {
			if c.s[k].is("nous", "les") && k == i-1 && (subj >= 0 && subj < k || c.word(k-1).is("qui")) && !masSg {
				// "il nous a informée": with nous or les before, the
				// participle is plural, or invariable when the
				// pronoun is no direct object.
				pl := false
				for _, r := range w.in.rs {
					if r.pos&pPpas != 0 && r.number()&nPl != 0 {
						pl = true
					}
				}
				if !pl {
					g := w.in.rs[0].gender()
					fix := c.g.formOf(lemma, pPpas, func(r reading) bool { return r.number()&nPl != 0 && r.gender()&g != 0 })
					c.report(FindAvoirAgree, app.SeverityWarning, j, j, args("aux", c.s[i].text), fix, c.g.formOf(lemma, pPpas, func(r reading) bool { return r.gn&nSg != 0 && r.gn&gMas != 0 }))
				}
				return
			}
			if !c.s[k].is("ne", "n'", "y", "en") {
				return
			}
		}
		if _, ok := subjectPersons[c.word(k).lowOr()]; ok {
			k--
		}
		if c.word(k).is("que", "qu'") {
			// "les photos que j’ai pris": with the noun before que.
			ant, ok := c.nounSubject(k-1, false)
			if !ok || c.word(k-1) == nil || !c.word(k-1).has(pNoun) {
				return
			}
			for _, r := range w.in.rs {
				if r.pos&pPpas != 0 && r.gender()&ant.g != 0 && r.number()&ant.n != 0 {
					return
				}
			}
			fix := c.g.formOf(lemma, pPpas, func(r reading) bool {
				return r.gender()&ant.g != 0 && r.number()&ant.n != 0 && (ant.g != gMas|gFem || r.gender()&gMas != 0)
			})
			c.report(FindQueAgree, app.SeverityWarning, j, j, args("with", ant.text), fix)
			return
		}
		if masSg {
			return
		}
		if c.word(k).is("laquelle", "lesquels", "lesquelles", "combien", "quels", "quelles", "quelle") || c.at(k) != nil && c.at(k).kind != tWord && c.at(k).text != "," {
			return
		}
		for m := k - 1; m >= 0 && m >= k-4; m-- {
			// "les éléments qu’elle seule a trouvés": que, a few words
			// back in the clause, may be the object the participle
			// agrees with.
			if c.at(m) == nil || c.at(m).kind == tPunct {
				break
			}
			if c.s[m].is("que", "qu'") {
				return
			}
		}
		fix := c.g.formOf(lemma, pPpas, func(r reading) bool { return r.gn&nSg != 0 && r.gn&gMas != 0 })
		c.report(FindAvoirAgree, app.SeverityWarning, j, j, args("aux", c.s[i].text), fix)
	}
}

// subjectAgreement returns the gender and number the subject at subj
// asks of a participle with être.
func (c *checker) subjectAgreement(subj int) func(reading) bool {
	var g, n uint8 = gMas | gFem, nSg | nPl
	if subj >= 0 {
		switch c.s[subj].low {
		case "il":
			g, n = gMas, nSg
		case "elle":
			g, n = gFem, nSg
		case "ils":
			g, n = gMas, nPl
		case "elles":
			g, n = gFem, nPl
		case "je", "j'", "tu":
			n = nSg
		case "nous":
			n = nPl
		}
	}
	return func(r reading) bool {
		return r.gender()&g != 0 && r.number()&n != 0 && (g != gMas|gFem || r.gn&gMas != 0)
	}
}

// modals are the verbs followed by an infinitive.
var modals = []string{"aller", "pouvoir", "devoir", "vouloir", "falloir", "savoir", "oser", "venir", "faire", "laisser", "aimer", "préférer", "espérer", "adorer", "souhaiter", "compter", "sembler", "paraître", "valoir"}

// prepsInfinitive are the prepositions followed by an infinitive.
var prepsInfinitive = map[string]bool{"pour": true, "sans": true, "afin": true, "de": true, "d'": true, "par": true, "à": true}

// afterModal: "je vais préparé", "pour préparé", "il faut réservez"
// take the infinitive.
func (c *checker) afterModal(i int) {
	t := c.s[i]
	modal := t.has(pVerb|pInfi|pPpas) && !t.has(pNoun|pAdj|pAdv|pConj) && t.in.lemmaIs(pVerb|pInfi|pPpas, modals...) ||
		t.has(pPpas) && t.in.lemmaIs(pPpas, "devoir", "pouvoir", "vouloir", "falloir") && auxOf(c.at(i-1)) == "avoir" // "j’ai dû mangé"
	prep := prepsInfinitive[t.low]
	if !modal && !prep {
		return
	}
	onlyEz := t.low == "à" // "à" before a participle is seen as a/à
	if t.low == "de" || t.low == "d'" {
		// "de" takes an infinitive after a verb ("essayez de"), "afin",
		// "avant", "en train"; "rien de prévu" takes a participle. A
		// form in -ez is wrong after any "de".
		p := c.word(i - 1)
		if p.is("pas", "plus", "jamais") {
			p = c.word(i - 2)
		}
		if p == nil || !(p.is("afin", "avant", "train", "besoin", "envie", "temps", "oublié", "oubliez", "essayez", "essayer", "permet", "permettent", "hâte", "plaisir") || p.has(pVerb|pInfi|pPpas) && !p.has(pNoun|pAdj|pAdv|pPro|pPrep|pDet) || p.has(pPpas) && !p.has(pDet|pPrep)) {
			onlyEz = true
		}
	}
	if t.low == "par" {
		p := c.word(i - 1)
		if p == nil || !p.in.lemmaIs(pVerb|pInfi, "commencer", "finir", "terminer") {
			return
		}
	}
	if t.low == "afin" {
		return // "afin de" is seen at "de"
	}
	j := i + 1
	for j < len(c.s) && c.s[j].kind == tWord && (adverbsBetween[c.s[j].low] || c.s[j].is("ne", "n'", "me", "m'", "te", "t'", "se", "s'", "le", "la", "l'", "les", "lui", "leur", "y", "en", "nous", "vous")) && j < i+4 {
		j++
	}
	w := c.word(j)
	if w == nil || w.in == nil || w.capital {
		return
	}
	if j > i+1 && c.s[j-1].is("le", "la", "les") && w.has(pNoun) {
		return
	}
	// A participle of the first group, or -ez, where the infinitive goes.
	ppas := w.has(pPpas) && !w.has(pNoun|pAdj|pInfi|pVerb|pPrep|pAdv) && endsWithE(w.low)
	ez := strings.HasSuffix(w.low, "ez") && w.has(pVerb) && !w.has(pNoun|pAdj|pInfi|pPpas)
	if !ppas && !ez || onlyEz && !ez {
		return
	}
	if modal && t.in.lemmaIs(pVerb, "être", "avoir") {
		return
	}
	lemma := ""
	for _, r := range w.in.rs {
		if r.pos&(pPpas|pVerb) != 0 {
			lemma = r.lemma
		}
	}
	if lemma == "" || !strings.HasSuffix(lemma, "er") {
		return
	}
	sev := app.SeverityError
	if modal && t.in.lemmaIs(pVerb|pInfi, "sembler", "paraître", "aimer", "préférer", "adorer", "faire", "laisser", "venir", "savoir", "valoir") {
		sev = app.SeverityWarning
	}
	c.report(FindInfinitive, sev, j, j, args("after", t.text), lemma)
}

func endsWithE(s string) bool {
	for _, suf := range []string{"é", "ée", "és", "ées"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// ---- subject and verb ----

// subjectVerb: "ils mange", "je mangent", "nous va": the verb's person
// must be the subject pronoun's.
func (c *checker) subjectVerb(i int) {
	t := c.s[i]
	if !t.has(pVerb) || t.has(pAdj|pPpas|pInfi|pDet|pPrep|pAdv|pPro|pProObj|pProSuj|pConj|pNpr) || strings.Contains(t.low, "-") {
		return
	}
	nounToo := t.has(pNoun) && !t.is("est", "sont", "a", "as", "ont", "étais", "était", "va", "vont", "fait", "font", "peut", "doit")
	subj := c.subjectBefore(i)
	if nounToo {
		// "nos horaires change": a verb that is also a noun, after a
		// plural noun phrase that starts the sentence, not before "de".
		if n := c.word(i + 1); subj < 0 && c.at(i+1) != nil && !n.is("de", "d'", "du", "des") && !n.has(pVerb) && !c.word(i-1).is("autres", "mêmes", "deux", "trois", "quelques", "plusieurs", "certains", "certaines") {
			if s, ok := c.subjectOf(i); ok && !s.strong && s.n == nPl {
				c.nounSubjectVerb(i)
			}
		}
		return
	}
	if subj < 0 {
		c.nounSubjectVerb(i)
		return
	}
	s := c.s[subj]
	want := subjectPersons[s.low]
	if s.low == "nous" || s.low == "vous" {
		want = p1pl | p2pl // "nous vous remercions", "et vous souhaitons": which one is the subject is unsure
	}
	tense := ""
	for _, r := range t.in.rs {
		if r.pos&pVerb == 0 {
			continue
		}
		if r.pers&want != 0 {
			return
		}
		if tense == "" {
			tense = r.tense
		}
	}
	// "on" takes 3sg; "nous" after "on"? No: only clear mismatches.
	lemma := verbLemma(t.in)
	fix := c.g.formOf(lemma, pVerb, func(r reading) bool { return r.isTense(tense) && r.pers&want != 0 })
	sev := app.SeverityError
	if s.low == "nous" || s.low == "vous" {
		sev = app.SeverityWarning
	}
	c.report(FindSubjectVerb, sev, i, i, args("subject", s.text), fix)
}

// ---- the noun phrase ----

// detGender returns the gender of a determiner that has one (le, la, un,
// une, ce, cette…), 0 for the others.
func detGender(t *tok) uint8 {
	var g uint8
	for _, r := range t.in.rs {
		if r.pos&pDet != 0 {
			g |= r.gender()
		}
	}
	if g == gMas|gFem {
		return 0
	}
	return g
}

var genderSwap = map[string]string{"le": "la", "la": "le", "un": "une", "une": "un", "ce": "cette", "cet": "cette", "cette": "ce", "du": "de la", "au": "à la", "ma": "mon", "ta": "ton", "sa": "son"}

// nounPhrase: a determiner, maybe an adjective, a noun, adjectives after
// it, all of one number (and gender): "les offres exceptionnel".
func (c *checker) nounPhrase(i int) {
	d := c.s[i]
	if !d.has(pDet) || d.has(pVerb) || d.is("leur") {
		return // "leur" before a plural noun is seen as a homophone
	}
	if p := c.word(i - 1); p != nil && p.has(pProSuj) && !p.has(pDet) {
		return // "il ma dit", "ils son partis": not a determiner
	}
	num := c.npNumberAt(i)
	gen := detGender(&d)
	head := c.word(i + 1)
	if head == nil || head.in == nil || head.capital || head.has(pDet|pPrep|pConj|pPro) || head.is("plus", "moins") {
		return // "les plus engageantes" agrees with the noun before
	}
	if p := c.word(i - 1); p != nil && p.only(pDet) {
		return // "le son": the second is a noun
	}
	// "je les aime", "il le porte": the pronoun before a verb.
	if d.has(pProObj) && head.has(pVerb|pInfi) {
		if !head.has(pNoun|pAdj) || head.has(pInfi) {
			return // "pour le lire", "les sauter"
		}
		// After a noun or a name, the subject: "Relais les relève".
		if p := c.word(i - 1); p != nil && (p.in == nil || p.user || p.has(pNoun|pNpr)) {
			return
		}
		if p := c.word(i - 1); p != nil && (p.has(pProSuj) || preverbs[p.low] || p.has(pVerb|pInfi) && head.has(pInfi)) {
			return
		}
	}
	h := i + 1
	// An adjective before the noun: "les nouveaux produits", "ce beau
	// cadeau" ("beau" may be a noun, "cadeau" is only one).
	if head.has(pAdj) && head.has(pNoun) {
		if n := c.word(i + 2); n != nil && n.in != nil && !n.capital && n.has(pNoun) && !n.has(pAdj|pVerb|pPpas|pDet|pPrep|pAdv) {
			h = i + 2
		}
	}
	if head.has(pAdj) && !head.has(pNoun) {
		if n := c.word(i + 2); n != nil && n.in != nil && n.has(pNoun) && !n.capital {
			h = i + 2
		} else {
			c.adjectiveAsNoun(i, head)
			return
		}
	}
	noun := c.word(h)
	if !noun.has(pNoun) || d.is("l'") && noun.is("air") {
		return // "elle a l’air ravie" agrees with elle
	}
	// The noun's own gender when it has one.
	var nounGen uint8
	for _, r := range noun.in.rs {
		if r.pos&pNoun != 0 {
			nounGen |= r.gender()
		}
	}
	nounGen |= usageGender[noun.low]
	// Number of the head noun against the determiner.
	if num != 0 && !c.agrees(noun, pNoun|pAdj, num, 0) {
		c.mismatch(noun, h, i, pNoun, num, nounGen)
		return
	}
	if h == i+2 && num != 0 && !c.agrees(&c.s[i+1], pAdj, num, 0) {
		c.mismatch(&c.s[i+1], i+1, i, pAdj, num, nounGen)
		return
	}
	// Gender of the determiner against the noun.
	if gen != 0 && nounGen != 0 && nounGen != gMas|gFem && gen&nounGen == 0 && h == i+1 {
		swap, ok := genderSwap[d.low]
		if startsVowelOrH(noun.low) {
			// Before a vowel: "une offre", "cet avion"; "mon amie" and
			// "l’" take either gender.
			swap, ok = map[string]string{"un": "une", "une": "un", "cette": "cet", "ce": "cette"}[d.low]
			if strings.HasPrefix(noun.low, "h") {
				ok = false // an aspirated h is not told apart
			}
		}
		// "un souvenir du passée": a participle made a noun, whose
		// other gender is the noun meant.
		if noun.has(pPpas) && num != 0 {
			for _, r := range noun.in.rs {
				if r.pos&pNoun == 0 {
					continue
				}
				for _, f := range c.g.formsOf(r.lemma) {
					if f.r.pos&pNoun != 0 && f.r.gender()&gen != 0 && f.r.number()&num != 0 && f.word != noun.low {
						c.report(FindAgreement, app.SeverityWarning, h, h, args("word", noun.text, "with", d.text), f.word)
						return
					}
				}
			}
		}
		if ok {
			c.report(FindGender, app.SeverityWarning, i, i, args("word", d.text, "with", noun.text), swap)
		}
		return
	}
	// Adjectives and participles after the noun.
	g := nounGen
	if gen != 0 && g&gen != 0 {
		g = gen
	}
	if num == 0 {
		for _, r := range noun.in.rs {
			if r.pos&pNoun != 0 {
				num |= r.number()
			}
		}
		if num == nSg|nPl {
			num = 0
		}
	}
	for k := h + 1; k <= h+3; k++ {
		if c.word(k).is("très", "trop", "si", "assez", "plus", "moins", "vraiment", "super", "bien", "tellement") && k == h+1 {
			continue
		}
		a := c.word(k)
		if a == nil || a.in == nil || a.capital || !a.has(pAdj|pPpas) || a.has(pVerb|pInfi|pAdv|pPrep|pDet|pConj|pPro|pProObj|pNpr) {
			return
		}
		if a.has(pNoun) {
			// "les vacances scolaire": an adjective that may be a noun
			// is checked for its number only, as a warning.
			if k != h+1 || num == 0 || c.agrees(a, pAdj, num, 0) || !a.has(pAdj) || c.word(k+1).has(pNoun) {
				return
			}
			c.mismatchSev(a, k, h, pAdj, num, 0, app.SeverityWarning)
			return
		}
		if !c.agrees(a, pAdj|pPpas, num, g) {
			// The adjective may go with a noun before: "une
			// répartition des revenus judicieuse"; and the gender of
			// a noun is less sure than its number.
			sev := app.SeverityError
			if !c.agrees(a, pAdj|pPpas, num, 0) {
				if d.is("des", "du", "de", "d'", "aux", "au") || c.word(i-1).has(pNoun|pPrep) {
					sev = app.SeverityWarning
				}
			} else {
				sev = app.SeverityWarning
			}
			c.mismatchSev(a, k, h, a.in.pos&(pAdj|pPpas), num, g, sev)
			return
		}
	}
}

// adjectiveAsNoun: "dans son intérieure": a determiner and an adjective
// that no noun follows, where the adjective's lemma is a noun of the
// determiner's gender: the noun was meant (a warning).
func (c *checker) adjectiveAsNoun(i int, a *tok) {
	gen, num := detGender(&c.s[i]), c.npNumberAt(i)
	if gen == 0 || num == 0 || a.has(pPpas|pVerb) || c.agrees(a, pAdj, num, gen) {
		return
	}
	if n := c.at(i + 2); n != nil && n.kind == tWord && !n.has(pPrep|pConj) {
		return
	}
	for _, r := range a.in.rs {
		in := c.g.tag(r.lemma)
		if r.pos&pAdj != 0 && in.has(pNoun) && in.agreesNoun(gen, num) {
			c.report(FindAgreement, app.SeverityWarning, i+1, i+1, args("word", a.text, "with", c.s[i].text), r.lemma)
			return
		}
	}
}

// npNumberAt is the number of the determiner at i: nSg, nPl or 0.
func (c *checker) npNumberAt(i int) uint8 {
	var n uint8
	for _, r := range c.s[i].in.rs {
		if r.pos&pDet != 0 {
			n |= r.number()
		}
	}
	if n == nSg || n == nPl {
		return n
	}
	return 0
}

// agrees reports whether a reading of part p of t has number num (0 for
// any) and gender g (0 for any).
func (c *checker) agrees(t *tok, p pos, num, g uint8) bool {
	for _, r := range t.in.rs {
		if r.pos&p == 0 {
			continue
		}
		if (num == 0 || r.number()&num != 0) && (g == 0 || g == gMas|gFem || r.gender()&g != 0) {
			return true
		}
	}
	return false
}

// mismatch reports the word at k, which does not agree with the word at
// with, and offers its form in the right number and gender.
func (c *checker) mismatch(t *tok, k, with int, p pos, num, g uint8) {
	c.mismatchSev(t, k, with, p, num, g, app.SeverityError)
}

func (c *checker) mismatchSev(t *tok, k, with int, p pos, num, g uint8, sev app.Severity) {
	lemma := ""
	var own uint8
	for _, r := range t.in.rs {
		if r.pos&p != 0 {
			lemma = r.lemma
			own = r.gender()
		}
	}
	if g == 0 || g == gMas|gFem {
		g = own
	}
	fix := c.g.formOf(lemma, p, func(r reading) bool {
		return (num == 0 || r.number()&num != 0) && r.gender()&g != 0
	})
	if fix == "" {
		return
	}
	c.report(FindAgreement, sev, k, k, args("word", t.text, "with", c.s[with].text), fix)
}

// nounSubjectVerb: "les enfants ne l’attend pas", "vous qui travaille":
// a verb after a noun phrase or "qui" takes its person.
func (c *checker) nounSubjectVerb(i int) {
	t := &c.s[i]
	subj, ok := c.subjectOf(i)
	if !ok || subj.strong {
		return
	}
	// "avec qui vous travaillez": vous may be the subject.
	if p := c.word(i - 1); p.is("nous", "vous") && t.in.personIs(map[string]uint8{"nous": p1pl, "vous": p2pl}[p.low]) {
		return
	}
	// "Notre nouveau restaurent": the word before the verb must not be
	// an adjective that comes before nouns.
	if p := c.word(i - 1); p != nil && !p.is("qui") && (p.has(pVerb) && !(p.has(pNoun) && c.word(i-2).has(pDet)) || p.has(pAdj) && p.in.lemmaIs(pAdj|pNoun, keysOf(prenominal)...)) {
		return
	}
	tense := ""
	for _, r := range t.in.rs {
		if r.pos&pVerb == 0 {
			continue
		}
		if r.pers&subj.pers != 0 {
			return
		}
		if tense == "" {
			tense = r.tense
		}
	}
	fix := c.g.formOf(verbLemma(t.in), pVerb, func(r reading) bool { return r.isTense(tense) && r.pers&subj.pers != 0 })
	c.report(FindSubjectVerb, app.SeverityWarning, i, i, args("subject", subj.text), fix)
}

// usageGender adds the gender a noun also takes in everyday use that the
// dictionary does not give it: "la bio" (a profile's biography, "le lien
// dans ma bio") beside "le bio" (organic food).
var usageGender = map[string]uint8{"bio": gFem}
