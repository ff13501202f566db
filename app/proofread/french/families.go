package french

import (
	"regexp"
	"strings"

	"github.com/relais-app/relais/app"
)

// More families of mistakes: the verb after "la plupart", the
// infinitive after "ne pas", the participle after "les" and avoir, the
// conditional of politeness, "si" and the conditional, "quel que soit",
// the demonstrative's "-ci", "en soi", "dû", the nouns diagnostic and
// pronostic, "censé", "en partie", units and their numbers.

// runFamilies runs these rules on token i, a word of the dictionary.
func (c *checker) runFamilies(i int) {
	c.plupart(i)
	c.nePasParticiple(i)
	c.lesAvoirParticiple(i)
	c.faitInfinitive(i)
	c.politeConditional(i)
	c.siConditional(i)
	c.quelQueSoit(i)
	c.demonstrativeCi(i)
	c.enSoi(i)
	c.duAccent(i)
	c.diagnostic(i)
	c.censeInfinitive(i)
	c.enPartie(i)
	c.unitName(i)
	c.mesMais(i)
}

// mesMais: "c’est bien, mes il faut…": the conjunction before a subject
// pronoun; "avec mais amis": the determiner before a plural noun.
func (c *checker) mesMais(i int) {
	t := c.s[i]
	n := c.word(i + 1)
	switch {
	case t.is("mes"):
		if n.is("je", "j'", "tu", "il", "elle", "on", "ils", "elles", "c'", "ce", "ça", "cela") && (i == 0 || c.s[i-1].kind == tPunct && c.s[i-1].text == ",") {
			c.report(FindHomophone, app.SeverityError, i, i, nil, "mais")
		}
	case t.is("mais"):
		p := c.word(i - 1)
		if p == nil || !p.has(pPrep) || p.has(pConj|pVerb|pAdv) || !p.is("avec", "pour", "chez", "à", "de", "sans", "par", "sur", "entre") {
			return
		}
		if n == nil || n.in == nil || n.capital || !n.has(pNoun) || n.has(pVerb|pAdv|pPro|pDet|pInfi) || !c.onlyPlural(n, pNoun) {
			return
		}
		c.report(FindHomophone, app.SeverityWarning, i, i, nil, "mes")
	}
}

// plupart: "la plupart ne pense pas", "la plupart des clients
// arrive": after "la plupart (des …)", the verb takes the plural.
func (c *checker) plupart(i int) {
	if !c.s[i].is("plupart") || !c.word(i-1).is("la") {
		return
	}
	k := i + 1
	if c.word(k).is("des", "d'", "de") {
		if !c.word(k).is("des") {
			return // "la plupart de la classe": the verb may agree with "classe"
		}
		k++
		n := 0
		for ; k < len(c.s) && n < 3; k, n = k+1, n+1 {
			w := c.word(k)
			if w == nil || !w.has(pNoun|pAdj) || w.only(pVerb) {
				break
			}
			if n > 0 && w.has(pVerb) {
				break
			}
		}
		if n == 0 {
			return
		}
	}
	for k < len(c.s) && k <= i+8 && c.s[k].kind == tWord && preverbs[c.s[k].low] {
		k++
	}
	v := c.word(k)
	if v == nil || v.in == nil || !v.has(pVerb) || v.has(pNoun|pAdj|pPrep|pDet|pAdv|pPro|pConj) || strings.Contains(v.low, "-") {
		return
	}
	tense := ""
	for _, r := range v.in.rs {
		if r.pos&pVerb == 0 {
			continue
		}
		if r.pers&p3pl != 0 {
			return
		}
		if tense == "" && r.pers&p3sg != 0 {
			tense = r.tense
		}
	}
	if tense == "" {
		return
	}
	fix := c.g.formOf(verbLemma(v.in), pVerb, func(r reading) bool { return r.isTense(tense) && r.pers&p3pl != 0 })
	if fix == "" {
		return
	}
	c.report(FindSubjectVerb, app.SeverityError, k, k, args("subject", "la plupart"), fix)
}

// nePasParticiple: "pour ne pas mangé", "ne jamais oublié": "ne pas"
// together is the negation of an infinitive.
func (c *checker) nePasParticiple(i int) {
	if !c.s[i].is("ne", "n'") || !c.word(i+1).is("pas", "plus", "jamais", "rien") {
		return
	}
	w := c.word(i + 2)
	if w == nil || w.in == nil || w.capital || !w.has(pPpas) || w.has(pInfi|pVerb|pPrep|pDet) {
		return
	}
	if !strings.HasSuffix(w.low, "é") && !strings.HasSuffix(w.low, "ée") && !strings.HasSuffix(w.low, "és") && !strings.HasSuffix(w.low, "ées") {
		return
	}
	lemma := ""
	for _, r := range w.in.rs {
		if r.pos&pPpas != 0 && strings.HasSuffix(r.lemma, "er") {
			lemma = r.lemma
		}
	}
	if lemma == "" || w.is("été") {
		return
	}
	c.report(FindInfinitive, app.SeverityError, i+2, i+2, args("after", c.s[i].text+" "+c.s[i+1].text), lemma)
}

// avoirForms are the forms of avoir after which a participle agrees
// with a direct object placed before.
var avoirForms = map[string]bool{
	"a": true, "ai": true, "as": true, "avons": true, "avez": true, "ont": true, "avait": true, "avais": true,
	"avaient": true, "aura": true, "aurai": true, "auras": true, "auront": true, "aurait": true, "aurais": true,
	"auraient": true, "avions": true, "aviez": true, "as-tu": true, "a-t-il": true, "a-t-elle": true,
	"a-t-on": true, "avez-vous": true, "ont-ils": true, "ont-elles": true, "avons-nous": true, "ai-je": true,
}

// lesAvoirParticiple: "il les a renseigné", "les as-tu lu ?": the
// participle agrees with "les", its object placed before.
func (c *checker) lesAvoirParticiple(i int) {
	if !c.s[i].is("les") || !avoirForms[c.s[min(i+1, len(c.s)-1)].low] || i+1 >= len(c.s) {
		return
	}
	if p := c.word(i - 1); p != nil && (p.has(pPrep) && !p.has(pProSuj|pPro) || p.has(pVerb) && !p.is("ne", "n'")) {
		return // "pour les a…", "voir les…": not an object pronoun
	}
	w := c.word(i + 2)
	if w == nil || w.in == nil || w.capital || !w.has(pPpas) || w.has(pInfi|pPrep|pDet|pAdv) || w.is("été", "eu", "fallu", "plu", "pu", "dû", "voulu", "su") {
		return
	}
	if n := c.word(i + 3); n.has(pInfi) || n.is("à", "de", "d'") {
		return // "il les a laissé partir", "il les a aidé à…"
	}
	lemma := ""
	var g uint8
	for _, r := range w.in.rs {
		if r.pos&pPpas == 0 {
			continue
		}
		if r.number()&nPl != 0 {
			return
		}
		lemma, g = r.lemma, r.gender()
	}
	fix := c.g.formOf(lemma, pPpas, func(r reading) bool {
		return r.number() == nPl && r.gender()&g != 0 && (g != gMas|gFem || r.gender()&gMas != 0)
	})
	if fix == "" {
		return
	}
	c.report(FindQueAgree, app.SeverityWarning, i+2, i+2, args("with", c.s[i].text), fix)
}

// faitInfinitive: "il les a faits fuir": "fait" before an infinitive
// does not agree.
func (c *checker) faitInfinitive(i int) {
	t := c.s[i]
	if !t.is("faits", "faite", "faites") || auxOf(c.word(i-1)) != "avoir" {
		return
	}
	if n := c.word(i + 1); n == nil || !n.has(pInfi) || n.has(pNoun|pAdj) {
		return
	}
	c.report(FindFaitInfinitive, app.SeverityWarning, i, i, nil, "fait")
}

// politeVerbs are the verbs whose conditional makes a wish polite, with
// their future (first person) and conditional.
var politeVerbs = map[string]string{
	"aimerai": "aimerais", "voudrai": "voudrais", "souhaiterai": "souhaiterais",
	"préférerai": "préférerais", "adorerai": "adorerais", "apprécierai": "apprécierais",
}

// politeConditional: "j’aimerai bien venir", "je voudrai savoir": a wish
// takes the conditional.
func (c *checker) politeConditional(i int) {
	t := c.s[i]
	fix, ok := politeVerbs[t.low]
	if !ok || !c.word(i-1).is("je", "j'") {
		return
	}
	n := c.word(i + 1)
	if n == nil || !(n.is("bien", "beaucoup", "tant", "tellement", "vraiment", "savoir", "que", "qu'", "vous", "te", "t'", "lui", "leur", "y", "en", "le", "la", "les", "l'") || n.has(pInfi) && !n.has(pNoun)) {
		return
	}
	c.report(FindHomophone, app.SeverityWarning, i, i, nil, fix)
}

// siConditional: "si j’aurais su", "si on pourrait": after "si" of a
// condition, the imperfect, not the conditional.
func (c *checker) siConditional(i int) {
	if !c.s[i].is("si", "s'") {
		return
	}
	if i > 0 && !(c.s[i-1].kind == tPunct && c.s[i-1].text == ",") && !c.s[i-1].is("et", "mais", "même", "sauf", "que", "qu'") {
		return // "je me demande si…": a question, the conditional may be right
	}
	k := i + 1
	s, ok := pronounSubjects[c.s[min(k, len(c.s)-1)].low]
	if !ok || k >= len(c.s) || c.s[i].is("s'") != c.s[k].is("il", "ils") {
		return
	}
	k++
	for k < len(c.s) && k <= i+5 && c.s[k].kind == tWord && preverbs[c.s[k].low] && !c.s[k].is("nous", "vous") {
		k++
	}
	v := c.word(k)
	if v == nil || v.in == nil || !v.has(pVerb) || v.has(pNoun|pAdj|pPpas|pInfi) {
		return
	}
	lemma := ""
	for _, r := range v.in.rs {
		if r.pos&pVerb == 0 {
			continue
		}
		if !r.isTense("cond") {
			return
		}
		lemma = r.lemma
	}
	pers := s.pers
	fix := c.g.formOf(lemma, pVerb, func(r reading) bool { return r.isTense("iimp") && r.pers&pers != 0 })
	if fix == "" {
		return
	}
	c.report(FindSiConditional, app.SeverityWarning, k, k, nil, fix)
}

// quelQueSoit: "quelle que soit son problème": "quel" agrees with the
// noun after the verb.
func (c *checker) quelQueSoit(i int) {
	t := c.s[i]
	if !t.is("quel", "quelle", "quels", "quelles") || !c.word(i+1).is("que", "qu'") || !c.word(i+2).is("soit", "soient", "fût", "fussent", "sera", "seront") {
		return
	}
	d := c.word(i + 3)
	if d == nil || !d.has(pDet) {
		return
	}
	k := i + 4
	if w := c.word(k); w != nil && w.has(pAdj) && c.word(k+1).has(pNoun) {
		k++
	}
	n := c.word(k)
	if n == nil || n.in == nil || n.capital || !n.has(pNoun) || n.has(pVerb|pPpas|pDet|pPro) {
		return
	}
	var g, num uint8
	for _, r := range n.in.rs {
		if r.pos&pNoun != 0 {
			g |= r.gender()
			num |= r.number()
		}
	}
	if dn := c.npNumberAt(i + 3); dn != 0 {
		num &= dn
	}
	forms := map[[2]uint8]string{{gMas, nSg}: "quel", {gFem, nSg}: "quelle", {gMas, nPl}: "quels", {gFem, nPl}: "quelles"}
	if g != gMas && g != gFem || num != nSg && num != nPl {
		return
	}
	if want := forms[[2]uint8{g, num}]; want != t.low {
		c.report(FindAgreement, app.SeverityError, i, i, args("word", t.text, "with", n.text), want)
	}
}

// demonstrativeCi: "cette voiture ci", "ce jour là": the noun and
// "-ci" or "-là" are joined by a hyphen.
func (c *checker) demonstrativeCi(i int) {
	if !c.s[i].is("ce", "cet", "cette", "ces") {
		return
	}
	n, ci := c.word(i+1), c.word(i+2)
	if n == nil || n.in == nil || !n.has(pNoun) || n.has(pPro|pDet) || ci == nil || !ci.is("ci", "là") {
		return
	}
	sev := app.SeverityWarning
	if ci.is("là") {
		// "ce jour là": a time; "je pose ce livre là": a place, maybe.
		if !n.is("jour", "jours", "soir", "soirs", "matin", "matins", "moment", "moments", "temps", "année", "années", "semaine", "semaines", "mois", "week-end", "heure", "heures", "nuit", "nuits", "époque", "fois", "an", "ans") {
			return
		}
	}
	c.report(FindHyphen, sev, i+1, i+2, nil, n.text+"-"+ci.text)
}

// enSoi: "il n’est pas mauvais en soit": "en soi", the reflexive
// pronoun; not "quoi qu’il en soit".
func (c *checker) enSoi(i int) {
	if !c.s[i].is("soit") || !c.word(i-1).is("en") {
		return
	}
	if n := c.at(i + 1); n != nil && n.kind == tWord {
		return
	}
	if p := c.word(i - 2); p != nil && (p.has(pProSuj) || p.is("il", "elle", "on", "ce", "qui", "quoi", "cela", "ça", "y", "n'", "ne")) {
		return
	}
	c.report(FindHomophone, app.SeverityWarning, i, i, nil, "soi")
}

// duAccent: "ce qui me sera du.": "dû", the participle of devoir,
// where the article cannot be (before the end or a comma).
func (c *checker) duAccent(i int) {
	if !c.s[i].is("du") {
		return
	}
	if n := c.at(i + 1); n != nil && !(n.kind == tPunct && strings.ContainsAny(n.text, ",)")) {
		return
	}
	p := c.word(i - 1)
	if p == nil || auxOf(p) != "être" && !p.is("serait", "sera", "était") {
		return
	}
	c.report(FindHomophone, app.SeverityWarning, i, i, nil, "dû")
}

// diagnostic: "le diagnostique", "mon pronostique": the nouns are
// "diagnostic" and "pronostic"; "diagnostique" is the verb or the
// adjective.
func (c *checker) diagnostic(i int) {
	t := c.s[i]
	stem, ok := strings.CutSuffix(t.low, "ique")
	if !ok {
		stem, ok = strings.CutSuffix(t.low, "iques")
		if !ok || !c.word(i-1).is("les", "des", "mes", "tes", "ses", "nos", "vos", "leurs", "ces", "aux") {
			return
		}
	}
	if stem != "diagnost" && stem != "pronost" {
		return
	}
	d := c.word(i - 1)
	if d == nil || !d.is("le", "un", "mon", "ton", "son", "notre", "votre", "leur", "du", "au", "ce", "les", "des", "mes", "tes", "ses", "nos", "vos", "leurs", "ces", "aux") {
		return
	}
	if d.is("le", "les", "leur", "leurs") {
		// "il le diagnostique": an object pronoun before the verb.
		// "le médecin le diagnostique": after a subject.
		if p := c.word(i - 2); p != nil && (p.has(pProSuj) || p.is("ne", "n'", "qui", "on", "je", "tu", "il", "elle", "nous", "vous", "ils", "elles") || (p.has(pNoun|pNpr) || p.capital) && !p.has(pVerb|pPrep)) {
			return
		}
	}
	fix := stem + "ic"
	if strings.HasSuffix(t.low, "s") {
		fix += "s"
	}
	c.report(FindHomophone, app.SeverityError, i, i, nil, fix)
}

// censeInfinitive: "il était sensé venir", "elle est sensée l’aider":
// "censé", supposed to, before an infinitive.
func (c *checker) censeInfinitive(i int) {
	t := c.s[i]
	rest, ok := strings.CutPrefix(t.low, "sensé")
	if !ok {
		return
	}
	k := i + 1
	for k < len(c.s) && k <= i+3 && c.s[k].kind == tWord && preverbs[c.s[k].low] {
		k++
	}
	n := c.word(k)
	if n == nil || !n.has(pInfi) || n.has(pNoun) && !n.is("être", "avoir") {
		return
	}
	c.report(FindHomophone, app.SeverityWarning, i, i, nil, "censé"+rest)
}

// enPartie: "le site a été en parti traduit": "en partie", partly;
// not "en parti pris".
func (c *checker) enPartie(i int) {
	if !c.s[i].is("parti") || !c.word(i-1).is("en") {
		return
	}
	if n := c.word(i + 1); n.is("pris", "politique", "unique") {
		return
	}
	c.report(FindHomophone, app.SeverityError, i-1, i, nil, "en partie")
}

// unitNames are the units written in lower case after a number.
var unitNames = wordSet(`ampère ampères volt volts watt watts kilowatt kilowatts hertz newton newtons joule joules
	pascal pascals ohm ohms kelvin kelvins mètre mètres kilomètre kilomètres gramme grammes kilogramme
	kilogrammes litre litres euro euros dollar dollars degré degrés seconde secondes minute minutes`)

// numberWordsUnit are the numbers written in words before a unit.
var numberWordsUnit = wordSet(`un une deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente
	quarante cinquante soixante cent cents mille`)

// unitName: "un courant de 10 Ampères": a unit's name takes no
// capital.
func (c *checker) unitName(i int) {
	t := c.s[i]
	if !t.capital || t.first || !unitNames[t.low] || isAllCaps(t.text) {
		return
	}
	p := c.at(i - 1)
	if p == nil || !(p.kind == tNum || p.kind == tWord && numberWordsUnit[p.low]) {
		return
	}
	c.keepCase = true
	c.report(FindUnitLower, app.SeverityWarning, i, i, nil, t.low)
	c.keepCase = false
}

// unitRe is a number joined to its unit: "80kg", "8%".
var unitRe = regexp.MustCompile(`^([0-9][0-9  .,]*[0-9]|[0-9])(%|kg|km|cm|mm|mg|ml|cl|€)$`)

// unitSpace: "80kg", "8%": a no-break space between the number and its
// unit.
func (c *checker) unitSpace(i int) {
	t := c.s[i]
	m := unitRe.FindStringSubmatch(t.text)
	if m == nil {
		return
	}
	space := "\u00a0"
	if m[2] == "%" {
		space = "\u202f"
	}
	c.keepCase = true
	c.report(FindUnitSpace, app.SeverityWarning, i, i, nil, m[1]+space+m[2])
	c.keepCase = false
}

// hourRe is a time with a capital H: "20H30", "18H".
var hourRe = regexp.MustCompile(`^([0-9]{1,2})H([0-9]{2})?$`)

// hourCapital: "20H30", "20 H 30": the hour's "h" is a symbol, in lower
// case.
func (c *checker) hourCapital(i int) {
	t := c.s[i]
	if m := hourRe.FindStringSubmatch(t.text); m != nil {
		c.keepCase = true
		c.report(FindHour, app.SeverityWarning, i, i, nil, m[1]+"h"+m[2])
		c.keepCase = false
		return
	}
	h := c.at(i + 1)
	if h == nil || h.kind != tWord || h.text != "H" || h.start != t.end+1 || len(t.text) > 2 {
		return
	}
	j, fix := i+1, t.text+" h"
	if m := c.at(i + 2); m != nil && m.kind == tNum && len(m.text) == 2 && m.start == h.end+1 {
		j, fix = i+2, fix+" "+m.text
	}
	c.keepCase = true
	c.report(FindHour, app.SeverityWarning, i, j, nil, fix)
	c.keepCase = false
}
