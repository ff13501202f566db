package french

import (
	"github.com/relais-app/relais/app"
)

// Homophones: short words that sound alike and are written in each
// other's place (sa/ça, ce/se, leur/leurs, peu/peut, quand/quant,
// ma/m’a). Each case looks at the words around for the one reading that
// fits.

// subjectPronoun reports whether t is a subject pronoun of the third
// person or "je", "tu".
func subjectPronoun(t *tok) bool {
	return t.is("je", "tu", "il", "elle", "on", "ils", "elles")
}

func (c *checker) homophones(i int) {
	t := c.s[i]
	p, n := c.word(i-1), c.word(i+1)
	hom := func(fix string) {
		c.report(FindHomophone, app.SeverityError, i, i, nil, fix)
	}
	switch t.low {
	case "sa":
		// "sa va", "sa dépend": a verb after it, no noun.
		if n != nil && n.has(pVerb) && !n.has(pNoun|pAdj|pPpas|pInfi) && !p.has(pProSuj) {
			hom("ça")
		}
	case "ça":
		// "ça maison": a feminine noun after it, no verb.
		if n != nil && n.in != nil && !n.capital && n.has(pNoun) && !n.has(pVerb|pAdj|pPpas|pInfi|pAdv|pPrep|pPro|pDet|pProObj) && n.in.agreesNoun(gFem, nSg) && !n.in.agreesNoun(gMas, nSg|nPl) {
			hom("sa")
		}
	case "ce":
		// "il ce lave": a pronoun subject before, a verb after.
		if p != nil && subjectPronoun(p) && n != nil && n.has(pVerb) && !n.has(pNoun|pAdj) {
			hom("se")
		}
	case "se":
		// "se matin", "se produit est": a noun after it, no verb.
		if n != nil && n.in != nil && !n.capital && n.has(pNoun) && !n.has(pVerb|pAdj|pPpas|pInfi|pAdv|pPrep|pPro|pDet|pProObj|pPpre) && !p.has(pProSuj) {
			hom("ce")
		}
	case "leur":
		// "leur produits": a plural noun after the determiner.
		if n != nil && n.in != nil && !n.capital && n.has(pNoun) && !n.has(pInfi|pAdv|pPrep|pDet|pPro) && (!n.has(pVerb) || n.has(pPpas)) && c.onlyPlural(n, pNoun) {
			hom("leurs")
		}
	case "leurs":
		// "je leurs dis": the pronoun before a verb.
		if n != nil && n.has(pVerb|pInfi) && !n.has(pNoun|pAdj|pPpas) {
			hom("leur")
		}
	case "peu":
		// "il peu venir": the verb pouvoir after a subject.
		if p != nil && p.is("il", "elle", "on", "ça", "cela", "qui") {
			hom("peut")
		}
	case "peut":
		// "un peut de sel", "très peut": the adverb.
		if p.is("un", "très", "trop", "si", "assez") || n.is("de", "d'") && p != nil && !p.has(pProSuj) && !p.is("on", "ça", "cela", "qui", "ce", "c'") {
			hom("peu")
		}
	case "quand":
		// "quand à moi": "quant à".
		if n.is("à", "au", "aux") && !c.word(i+2).is("quand") && (c.at(i-1) == nil || c.at(i-1).text == "," || p.is("et", "mais")) {
			hom("quant")
		}
	case "quant":
		if !n.is("à", "au", "aux") && n != nil {
			hom("quand")
		}
	case "ma", "ta":
		// "il ma dit": "m’a", "t’a".
		if p != nil && p.is("il", "elle", "on", "ça", "cela", "qui") && n != nil && n.has(pPpas) {
			hom(t.low[:1] + "’a")
		}
	}
}

// cestNoun: "C’est école est grande": a determiner, not "c’est", before
// a noun that a verb follows.
func (c *checker) cestNoun(i int) {
	if !c.s[i].is("c'") {
		return
	}
	e, n, v := c.word(i+1), c.word(i+2), c.word(i+3)
	if !e.is("est") || n == nil || n.in == nil || n.capital || v == nil {
		return
	}
	if !n.has(pNoun) || n.has(pAdj|pDet|pAdv|pPro|pProObj|pPrep|pInfi|pNpr) || !v.has(pVerb) || v.has(pNoun|pAdj|pPpas|pPrep|pDet) && !v.is("est", "sont", "a", "ont", "va", "vont") {
		return
	}
	var g, num uint8
	for _, r := range n.in.rs {
		if r.pos&pNoun != 0 {
			g |= r.gender()
			num |= r.number()
		}
	}
	fix := ""
	switch {
	case num == nPl:
		fix = "ces"
	case num&nSg != 0 && g == gFem:
		fix = "cette"
	case num&nSg != 0 && g == gMas:
		fix = "ce"
		if startsVowelOrH(n.low) {
			fix = "cet"
		}
	default:
		return
	}
	c.report(FindCestCes, app.SeverityError, i, i+1, nil, fix)
}
