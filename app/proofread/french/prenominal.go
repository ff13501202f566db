package french

import (
	"github.com/relais-app/relais/app"
)

// prenominal are the adjectives that come before their noun, often
// without a determiner in a greeting: "bon anniversaire", "bonne année",
// "joyeuses fêtes".
var prenominal = wordSet(`bon beau joli grand petit nouveau vieux jeune gros mauvais joyeux meilleur
	premier dernier long vrai excellent heureux prochain gentil cher magnifique superbe`)

// greeting: "Bonne anniversaire", "Joyeux fête", "Meilleur vœux": the
// adjective before a noun agrees with it.
func (c *checker) greeting(i int) {
	a := c.s[i]
	if a.in == nil || !a.has(pAdj) || a.has(pVerb|pDet|pAdv|pPrep|pPpas) {
		return
	}
	lemma := ""
	for _, r := range a.in.rs {
		if r.pos&pAdj != 0 && prenominal[r.lemma] {
			lemma = r.lemma
		}
	}
	if lemma == "" {
		return
	}
	if p := c.word(i - 1); p != nil && !p.has(pDet) && !p.has(pPrep) {
		return // "il est bon", "c’est joli"
	}
	n := c.word(i + 1)
	if n == nil || n.in == nil || n.capital || !n.has(pNoun) || n.has(pAdj|pPpas|pInfi|pDet|pAdv|pPrep|pPro) {
		return
	}
	var g, num uint8
	for _, r := range n.in.rs {
		if r.pos&pNoun != 0 {
			g |= r.gender()
			num |= r.number()
		}
	}
	if d := c.word(i - 1); d != nil && d.has(pDet) {
		if dn := c.npNumberAt(i - 1); dn != 0 {
			num &= dn
		}
	}
	if g == 0 || num == 0 {
		return
	}
	if c.agrees(&c.s[i], pAdj, num, g) {
		return
	}
	fix := c.g.formOf(lemma, pAdj, func(r reading) bool {
		return r.number()&num != 0 && r.gender()&g != 0 && (g != gMas|gFem || r.gender()&gMas != 0)
	})
	if fix == "" {
		return
	}
	c.report(FindAgreement, app.SeverityError, i, i, args("word", a.text, "with", n.text), fix)
}

// quel: "quel belle journée", "quelle plaisir": quel agrees with its
// noun.
func (c *checker) quel(i int) {
	t := c.s[i]
	if !t.is("quel", "quelle", "quels", "quelles") {
		return
	}
	k := i + 1
	if w := c.word(k); w != nil && w.has(pAdj) && c.word(k+1).has(pNoun) {
		k++ // "quelle belle journée"
	}
	n := c.word(k)
	if n == nil || n.in == nil || n.capital || !n.has(pNoun) || n.has(pVerb|pAdj|pPpas|pDet|pPro) {
		return
	}
	var g, num uint8
	for _, r := range n.in.rs {
		if r.pos&pNoun != 0 {
			g |= r.gender()
			num |= r.number()
		}
	}
	forms := map[[2]uint8]string{{gMas, nSg}: "quel", {gFem, nSg}: "quelle", {gMas, nPl}: "quels", {gFem, nPl}: "quelles"}
	if g != gMas && g != gFem || num != nSg && num != nPl {
		return
	}
	if want := forms[[2]uint8{g, num}]; want != t.low {
		c.report(FindAgreement, app.SeverityError, i, i, args("word", t.text, "with", n.text), want)
	}
}

// chaque: "chaque jours": chaque takes a singular noun.
func (c *checker) chaque(i int) {
	if !c.s[i].is("chaque") {
		return
	}
	n := c.word(i + 1)
	if n == nil || n.in == nil || n.capital || !n.has(pNoun) || n.has(pVerb|pAdj|pPpas) || !c.onlyPlural(n, pNoun) {
		return
	}
	lemma := ""
	var g uint8
	for _, r := range n.in.rs {
		if r.pos&pNoun != 0 {
			lemma, g = r.lemma, g|r.gender()
		}
	}
	fix := c.g.formOf(lemma, pNoun, func(r reading) bool { return r.number()&nSg != 0 && r.gender()&g != 0 })
	if fix != "" {
		c.report(FindAgreement, app.SeverityError, i+1, i+1, args("word", n.text, "with", c.s[i].text), fix)
	}
}

// toWin: "3 places à gagné", "des lots à remporté": after a count and
// "à", the infinitive.
func (c *checker) toWin(i int) bool {
	if !c.s[i].is("à") {
		return false
	}
	w := c.word(i + 1)
	if w == nil || w.in == nil || !w.has(pPpas) || w.has(pNoun|pAdj|pInfi|pVerb) || !endsWithE(w.low) {
		return false
	}
	p := c.word(i - 1)
	if p == nil || !p.has(pNoun) {
		return false
	}
	q := c.at(i - 2)
	if q == nil || !(q.kind == tNum || q.is("des", "de", "d'", "plusieurs", "quelques", "deux", "trois", "cinq", "dix", "cent", "mille")) {
		return false
	}
	lemma := ""
	for _, r := range w.in.rs {
		if r.pos&pPpas != 0 {
			lemma = r.lemma
		}
	}
	c.report(FindInfinitive, app.SeverityWarning, i+1, i+1, args("after", c.s[i].text), lemma)
	return true
}

// keysOf returns the words of a set.
func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
