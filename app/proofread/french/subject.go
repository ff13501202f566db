package french

import (
	"strings"

	"github.com/relais-app/relais/app"
)

// subject is what the rules know of a verb's subject.
type subject struct {
	text   string
	g, n   uint8 // gender and number bits, both when unsure
	pers   uint8 // persons the verb may take
	strong bool  // a subject pronoun: the rules may be sure
}

// pronounSubjects are the features of the subject pronouns.
var pronounSubjects = map[string]subject{
	"je": {g: gMas | gFem, n: nSg, pers: p1sg}, "j'": {g: gMas | gFem, n: nSg, pers: p1sg},
	"tu": {g: gMas | gFem, n: nSg, pers: p2sg}, "il": {g: gMas, n: nSg, pers: p3sg},
	"elle": {g: gFem, n: nSg, pers: p3sg}, "on": {g: gMas | gFem, n: nSg | nPl, pers: p3sg},
	"nous": {g: gMas | gFem, n: nPl, pers: p1pl}, "vous": {g: gMas | gFem, n: nSg | nPl, pers: p2pl},
	"ils": {g: gMas, n: nPl, pers: p3pl}, "elles": {g: gFem, n: nPl, pers: p3pl},
	"ceux-ci": {g: gMas, n: nPl, pers: p3pl}, "ceux-là": {g: gMas, n: nPl, pers: p3pl},
	"celles-ci": {g: gFem, n: nPl, pers: p3pl}, "celles-là": {g: gFem, n: nPl, pers: p3pl},
}

// antecedents are the pronouns "qui" may stand for.
var antecedents = map[string]subject{
	"moi": {g: gMas | gFem, n: nSg, pers: p1sg}, "toi": {g: gMas | gFem, n: nSg, pers: p2sg},
	"nous": {g: gMas | gFem, n: nPl, pers: p1pl}, "vous": {g: gMas | gFem, n: nSg | nPl, pers: p2pl},
	"celui": {g: gMas, n: nSg, pers: p3sg}, "celle": {g: gFem, n: nSg, pers: p3sg},
	"ceux": {g: gMas, n: nPl, pers: p3pl}, "celles": {g: gFem, n: nPl, pers: p3pl},
	"lui": {g: gMas, n: nSg, pers: p3sg}, "eux": {g: gMas, n: nPl, pers: p3pl},
}

// subjectOf finds the subject of the conjugated verb at i: a subject
// pronoun before it (over negation and object pronouns), "qui" and what
// it stands for, or a noun phrase that starts the sentence or a clause.
func (c *checker) subjectOf(i int) (subject, bool) {
	k := i - 1
	for ; k >= 0 && k >= i-5; k-- {
		t := c.word(k)
		if t == nil {
			return subject{}, false
		}
		if s, ok := pronounSubjects[t.low]; ok {
			if (t.low == "nous" || t.low == "vous") && !c.subjectPosition(k) {
				continue
			}
			if p := c.word(k - 1); p != nil && p.has(pPrep) && !p.has(pConj|pPro|pVerb) {
				return subject{}, false
			}
			s.text, s.strong = t.text, true
			return s, true
		}
		if !preverbs[t.low] {
			break
		}
	}
	t := c.word(k)
	if t == nil {
		return subject{}, false
	}
	if t.is("qui") {
		a := c.word(k - 1)
		if a == nil {
			return subject{}, false
		}
		if s, ok := antecedents[a.low]; ok {
			s.text = a.text
			return s, true
		}
		return c.nounSubject(k-1, false)
	}
	return c.nounSubject(k, true)
}

// nameSubject reads a first name that starts a clause ("Martine ne
// semble pas mariée"): the dictionary gives the gender of most; one
// given to both is no subject here.
func (c *checker) nameSubject(k int) (subject, bool) {
	t := c.at(k)
	if t == nil || t.kind != tWord || !t.capital || t.user || strings.ContainsAny(t.low, "'-") || !(t.first || c.subjectPosition(k)) || c.word(k-1).is("et", "ou", "ni") {
		return subject{}, false // "Paul et Marie sont…"
	}
	if n := c.at(k + 1); n != nil && n.kind == tWord && n.capital {
		return subject{}, false // "Martine Dupont", "Saint Martin": a name of more words
	}
	var g uint8
	for _, h := range c.g.dict.Analyze(t.text) {
		if !strings.Contains(h.Morph, "po:prn") {
			continue
		}
		switch {
		case strings.Contains(h.Morph, "is:fem"):
			g |= gFem
		case strings.Contains(h.Morph, "is:mas"):
			g |= gMas
		default:
			g |= gMas | gFem
		}
	}
	if g != gMas && g != gFem {
		return subject{}, false
	}
	return subject{text: t.text, g: g, n: nSg, pers: p3sg}, true
}

// nounSubject reads the noun phrase that ends at k (determiner, maybe an
// adjective, noun, maybe an adjective). With clause, it must start the
// sentence or follow a comma.
func (c *checker) nounSubject(k int, clause bool) (subject, bool) {
	if !c.word(k).has(pNoun | pAdj | pPpas) {
		return subject{}, false // "ma sœur et moi"
	}
	for j := k; j >= k-3 && j >= 0; j-- {
		if c.s[j].is("et", "ou") || c.s[j].kind == tPunct {
			return subject{}, false // "ma sœur et mon frère": two subjects
		}
		d := c.word(j)
		if d == nil || d.in == nil || d.capital && !d.first {
			return subject{}, false
		}
		if !d.has(pDet) || d.has(pVerb|pPrep) && !d.is("des", "du", "au", "aux") {
			continue
		}
		if d.has(pProObj) && j == k {
			return subject{}, false
		}
		if clause && j > 0 && !(c.s[j-1].kind == tPunct && c.s[j-1].text == ",") && !c.s[j-1].is("mais", "et", "car", "donc", "puis", "ou", "tout", "toute", "tous", "toutes") {
			return subject{}, false
		}
		if j > 1 && c.s[j-1].is("et", "ou") {
			if p := c.word(j - 2); p != nil && p.has(pNoun|pAdj|pPro) {
				return subject{}, false // "le déterminant et le nom": two subjects
			}
		}
		if d.is("des", "du", "de", "d'") && j > 0 && c.s[j-1].kind == tWord {
			return subject{}, false // "la plupart des…", a complement
		}
		// The head noun: the first noun after the determiner.
		h := -1
		for m := j + 1; m <= k; m++ {
			if c.s[m].has(pNoun) {
				h = m
				break
			}
		}
		if h < 0 {
			return subject{}, false
		}
		noun := &c.s[h]
		var g, n uint8
		for _, r := range noun.in.rs {
			if r.pos&pNoun != 0 {
				g |= r.gender()
				n |= r.number()
			}
		}
		if dn := c.npNumberAt(j); dn != 0 {
			n &= dn
		}
		if dg := detGender(d); dg != 0 && g&dg != 0 {
			g &= dg
		}
		if g == 0 || n == 0 {
			return subject{}, false
		}
		pers := p3sg | p3pl
		switch n {
		case nSg:
			pers = p3sg
		case nPl:
			pers = p3pl
		}
		return subject{text: noun.text, g: g, n: n, pers: pers}, true
	}
	return subject{}, false
}

// copulas are the verbs whose attribute agrees with the subject.
var copulas = []string{"être", "sembler", "paraître", "devenir", "rester", "demeurer"}

// chainVerbs may stand between the conjugated verb and the copula:
// "peuvent être", "semble avoir été".
var chainVerbs = []string{"être", "avoir", "pouvoir", "devoir", "sembler", "paraître", "aller", "vouloir", "devenir", "rester"}

// copulaAgreement: "elles sont arrivé", "des orages peuvent être
// observé", "elle a l’air contentes": after être and its like, the
// participle or adjective agrees with the subject.
func (c *checker) copulaAgreement(i int) {
	t := c.word(i)
	if t == nil || !t.has(pVerb) || !t.in.lemmaIs(pVerb, chainVerbs...) || strings.Contains(t.low, "-") {
		return
	}
	subj, ok := c.subjectOf(i)
	if !ok {
		// "Martine ne semble pas mariée": a first name.
		k := i - 1
		for k >= 0 && k >= i-3 && preverbs[c.s[k].low] && c.s[k].kind == tWord {
			k--
		}
		subj, ok = c.nameSubject(k)
	}
	if !ok || !subj.strong && t.has(pNoun|pAdj|pPpas) && !t.is("est", "sont") {
		return
	}
	// A reflexive ("elles se sont lavé les mains") agrees otherwise;
	// "je les est appelés" is avoir mistaken for être.
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if c.s[k].is("se", "s'", "me", "m'", "te", "t'") || c.s[k].is("nous", "vous") && !subj.strong {
			return
		}
	}
	if subj.strong && c.word(i-1).is("les", "la", "l'") {
		return
	}
	copula := t.in.lemmaIs(pVerb, copulas...)
	air := false
	j := i + 1
	for ; j < len(c.s) && c.s[j].kind == tWord; j++ {
		w := &c.s[j]
		switch {
		case adverbsBetween[w.low] || w.is("très", "si", "trop", "assez", "tellement", "super", "plutôt", "ne", "n'"):
		case w.is("l'") && c.word(j+1).is("air") && t.in.lemmaIs(pVerb, "avoir"):
			air, copula = true, true
			j++
		case w.has(pInfi|pPpas) && w.in.lemmaIs(pInfi|pPpas, chainVerbs...) && (!w.has(pNoun) || w.is("être", "été", "avoir")):
			copula = w.in.lemmaIs(pInfi|pPpas, copulas...)
		default:
			goto found
		}
	}
found:
	if !copula {
		return
	}
	w := c.word(j)
	if w == nil || w.in == nil || w.capital || !w.has(pPpas|pAdj) || w.has(pInfi|pAdv|pPrep|pDet|pPro|pConj) || w.is("été") {
		return
	}
	if w.is("fait") && c.word(j+1).is("maison", "main") {
		return // "fait maison" does not agree
	}
	if w.has(pVerb) && !w.has(pPpas) && t.in.lemmaIs(pVerb, "avoir") && !air {
		return
	}
	sev := app.SeverityError
	if !subj.strong || air || w.has(pNoun) && !w.has(pPpas) {
		sev = app.SeverityWarning // "elles sont auteurs": a noun, maybe
	}
	if subj.text != "" && (c.s[i].low == "vous" || strings.EqualFold(subj.text, "vous") || strings.EqualFold(subj.text, "on")) {
		return
	}
	want := func(r reading) bool { return r.gender()&subj.g != 0 && r.number()&subj.n != 0 }
	lemma := ""
	var p pos
	for _, r := range w.in.rs {
		if r.pos&(pPpas|pAdj) == 0 {
			continue
		}
		if want(r) || air && r.gender()&gMas != 0 && r.number()&nSg != 0 {
			return
		}
		lemma, p = r.lemma, r.pos&(pPpas|pAdj)
	}
	fix := c.g.formOf(lemma, p, func(r reading) bool {
		return want(r) && (subj.g != gMas|gFem || r.gender()&gMas != 0)
	})
	if fix == "" {
		return
	}
	c.report(FindEtreAgreement, sev, j, j, args("subject", subj.text), fix)
}

// inversion: "Va-il venir ?", "Que pouvait-je faire ?", "Es-tu déjà
// arriver ?": a verb and its subject joined by hyphens.
func (c *checker) inversion(i int) {
	t := c.s[i]
	parts := strings.Split(t.low, "-")
	if len(parts) < 2 || len(parts) > 3 {
		return
	}
	last := parts[len(parts)-1]
	subj, ok := pronounSubjects[last]
	if !ok || last == "j'" {
		return
	}
	if (last == "nous" || last == "vous" || last == "moi" || last == "toi") && c.g.tag(parts[0]).hasTense("impe") && !interrogatives[c.word(i-1).lowOr()] {
		return // "Écrivez-nous": an imperative and its object
	}
	hasT := len(parts) == 3
	if hasT && parts[1] != "t" {
		return
	}
	verb := parts[0]
	in := c.g.tag(verb)
	if !in.has(pVerb) || t.capital && !t.first {
		return
	}
	rest := t.text[len(verb):] // "-t-il", "-je"
	// The verb's person.
	agrees := false
	lemma, tense := "", ""
	for _, r := range in.rs {
		if r.pos&pVerb == 0 {
			continue
		}
		if r.pers&subj.pers != 0 {
			agrees = true
		}
		if lemma == "" {
			lemma, tense = r.lemma, r.tense
		}
	}
	if !agrees {
		fix := c.g.formOf(lemma, pVerb, func(r reading) bool { return r.isTense(tense) && r.pers&subj.pers != 0 })
		if fix != "" {
			if fix == "puis" || fix == "peux" && last == "je" {
				fix = "puis"
			}
			c.report(FindSubjectVerb, app.SeverityError, i, i, args("subject", last), fix+rest)
		}
		return
	}
	// The euphonic t: "va-t-il", but "est-il", "vient-il".
	if last == "il" || last == "elle" || last == "on" {
		vowel := strings.HasSuffix(verb, "a") || strings.HasSuffix(verb, "e") || strings.HasSuffix(verb, "c")
		orig := t.text[:len(verb)]
		switch {
		case !hasT && vowel:
			c.report(FindEuphonicT, app.SeverityError, i, i, nil, orig+"-t-"+t.text[len(t.text)-len(last):])
			return
		case hasT && (strings.HasSuffix(verb, "t") || strings.HasSuffix(verb, "d") || strings.HasSuffix(verb, "s")):
			c.report(FindEuphonicT, app.SeverityError, i, i, nil, orig+"-"+t.text[len(t.text)-len(last):])
			return
		}
	}
	// An inverted auxiliary: "Es-tu déjà arriver ?", "Est-il arrivées ?"
	aux := ""
	switch {
	case in.lemmaIs(pVerb, "avoir"):
		aux = "avoir"
	case in.lemmaIs(pVerb, "être"):
		aux = "être"
	default:
		return
	}
	j := i + 1
	for j < len(c.s) && c.s[j].kind == tWord && adverbsBetween[c.s[j].low] {
		j++
	}
	w := c.word(j)
	if w == nil || w.in == nil || w.capital {
		return
	}
	want := func(r reading) bool { return r.gender()&gMas != 0 && r.number()&nSg != 0 }
	if aux == "être" {
		want = func(r reading) bool {
			return r.gender()&subj.g != 0 && r.number()&subj.n != 0 && (subj.g != gMas|gFem || r.gender()&gMas != 0)
		}
	}
	if w.has(pInfi) && strings.HasSuffix(w.low, "er") && !w.has(pPpas) && !w.in.lemmaIs(pInfi, "être", "avoir") {
		c.report(FindParticiple, app.SeverityError, j, j, args("aux", t.text), c.g.formOf(w.in.rs[len(w.in.rs)-1].lemma, pPpas, want))
		return
	}
	// "As-tu eus peur ?": after avoir, no agreement with the subject
	// (nor an object before: "les as-tu lus ?").
	if aux == "avoir" && j == i+1 && w.has(pPpas) && !w.has(pAdj|pInfi) && !c.word(i-1).is("les", "la", "l'", "que", "qu'", "me", "m'", "te", "t'", "nous", "vous", "se", "s'") {
		lemma := ""
		for _, r := range w.in.rs {
			if r.pos&pPpas != 0 {
				lemma = r.lemma
				if r.gender()&gMas != 0 && r.number()&nSg != 0 {
					return
				}
			}
		}
		c.report(FindAvoirAgree, app.SeverityWarning, j, j, args("aux", t.text), c.g.formOf(lemma, pPpas, want))
		return
	}
	if aux == "être" && w.has(pPpas) && !w.has(pAdj|pVerb|pInfi) && last != "vous" && last != "on" {
		lemma := ""
		for _, r := range w.in.rs {
			if r.pos&pPpas != 0 {
				if r.gender()&subj.g != 0 && r.number()&subj.n != 0 {
					return
				}
				lemma = r.lemma
			}
		}
		sev := app.SeverityError
		if w.has(pNoun) {
			sev = app.SeverityWarning // "est-il arrivées ?", or a noun
		}
		c.report(FindEtreAgreement, sev, j, j, args("subject", last), c.g.formOf(lemma, pPpas, want))
	}
}

// nounDets are the determiners before which a verb form is a noun's
// misspelling: "au marcher", "son arrivé".
var nounDets = map[string]bool{
	"le": true, "la": true, "l'": true, "un": true, "une": true, "son": true, "sa": true, "mon": true, "ma": true,
	"ton": true, "ta": true, "du": true, "au": true, "les": true, "des": true, "ces": true, "ses": true, "mes": true,
	"tes": true, "nos": true, "vos": true, "leurs": true, "aux": true, "cette": true, "cet": true, "notre": true, "votre": true,
}

// nounForm: "elle va au marcher", "son arrivé m’a fait plaisir": after a
// determiner, the noun, not the verb form that sounds the same.
func (c *checker) nounForm(i int) {
	d := c.s[i]
	if !nounDets[d.low] || d.in == nil {
		return // "MA": capitals are not tagged
	}
	if d.is("le", "la", "l'", "les") {
		if p := c.word(i - 1); p != nil && (p.has(pProSuj) || preverbs[p.low] || p.has(pVerb) && !p.has(pNoun)) {
			return // "il le mange", "je vais le préparer"
		}
	}
	w := c.word(i + 1)
	if w == nil || w.in == nil || w.capital || w.has(pNoun|pAdj|pDet|pPro|pAdv|pPrep) {
		return
	}
	if d.has(pProObj) && w.has(pInfi) {
		return // "les sauter", "le faire": a pronoun and its verb
	}
	dg := detGender(&d)
	dn := c.npNumberAt(i)
	if dg == 0 {
		dg = gMas | gFem
	}
	if dn == 0 {
		dn = nSg | nPl
	}
	lemma, infi, ppas := "", w.has(pInfi) && strings.HasSuffix(w.low, "er"), w.has(pPpas) && !w.has(pVerb|pInfi)
	if !infi && !ppas {
		return
	}
	for _, r := range w.in.rs {
		if r.pos&(pInfi|pPpas) != 0 {
			lemma = r.lemma
		}
	}
	for _, f := range c.g.formsOf(lemma) {
		if f.r.pos&pPpas == 0 || f.r.gender()&dg == 0 || f.r.number()&dn == 0 || f.word == w.low {
			continue
		}
		if ppas && f.r.number()&w.in.rs[0].number() == 0 {
			continue
		}
		in := c.g.tag(f.word)
		if !in.has(pNoun) || !in.agreesNoun(dg, dn) {
			continue
		}
		sev := app.SeverityError
		if ppas {
			sev = app.SeverityWarning
		}
		c.report(FindNounForm, sev, i+1, i+1, args("after", d.text), f.word)
		return
	}
}

// agreesNoun reports whether a noun reading has gender g and number n.
func (in *info) agreesNoun(g, n uint8) bool {
	for _, r := range in.rs {
		if r.pos&pNoun != 0 && r.gender()&g != 0 && r.number()&n != 0 {
			return true
		}
	}
	return false
}

// hasTense reports whether a conjugated reading has tense.
func (in *info) hasTense(tense string) bool {
	if in == nil {
		return false
	}
	for _, r := range in.rs {
		if r.pos&pVerb != 0 && r.isTense(tense) {
			return true
		}
	}
	return false
}

// euphonicApostrophe: "a t’il", "va t’on": the euphonic t between
// hyphens.
func (c *checker) euphonicApostrophe(i int) {
	t := c.s[i]
	if !t.is("t'") {
		return
	}
	v, n := c.word(i-1), c.word(i+1)
	if v == nil || n == nil || !n.is("il", "elle", "on") || !v.has(pVerb) || c.s[i].start == v.end {
		return
	}
	c.report(FindEuphonicT, app.SeverityError, i-1, i+1, nil, v.text+"-t-"+n.text)
}

// imperativeHyphen: "Rejoignez nous", "dépêchez vous !": an imperative
// and its pronoun take a hyphen.
func (c *checker) imperativeHyphen(i int) {
	t := c.s[i]
	if !t.has(pVerb) || !t.in.hasTense("impe") || t.has(pNoun|pAdj|pPrep|pDet) || strings.Contains(t.low, "-") {
		return
	}
	if !t.first && !(c.at(i-1) != nil && c.at(i-1).kind == tPunct && c.at(i-1).text == ",") {
		return
	}
	n := c.word(i + 1)
	if n == nil || !n.is("nous", "vous", "moi", "toi", "le", "la", "les", "lui", "leur") || c.at(i+1).start == t.end {
		return
	}
	if m := c.at(i + 2); m != nil && m.kind == tWord && (m.in == nil || m.has(pVerb|pInfi) || n.is("le", "la", "les", "leur") && m.has(pNoun|pAdj)) {
		return // "vous nous aimez", "prenez la route", "venez les decouvrir" (a word unknown may be the verb, misspelt)
	}
	c.report(FindHyphen, app.SeverityWarning, i, i+1, nil, t.text+"-"+n.text)
}
