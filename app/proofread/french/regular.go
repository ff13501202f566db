package french

import (
	"slices"
	"strings"

	"github.com/relais-app/relais/app"
)

// More regularities of French: the word class a position asks for (a
// verb after its subject, a noun after a determiner), the invariable
// words (compound colours, demi, vu/passé before the noun), the future
// of a promise, inversion in a question, se rappeler without "de".

// More kinds of finding.
const (
	FindVerbExpected app.FindingKind = "fr_verb_expected" // je vie, je ne l’abandon pas
	FindInvariable   app.FindingKind = "fr_invariable"    // bleue foncée, et demies, vues les circonstances
	FindFuture       app.FindingKind = "fr_future"        // je vous enverrais le lien demain
	FindConstruction app.FindingKind = "fr_construction"  // je me rappelle de lui
)

// runRegular runs these rules on token i, a word of the dictionary.
func (c *checker) runRegular(i int) {
	c.verbExpected(i)
	c.verbAfterDet(i)
	c.colour(i)
	c.demi(i)
	c.prepositionParticiple(i)
	c.future(i)
	c.rappelerDe(i)
	c.questionHyphen(i)
	c.fairePartie(i)
	c.enAller(i)
	c.infinitiveQuestion(i)
	c.nounDeParticiple(i)
	c.fraction(i)
	c.detBeforeWord(i)
}

// verbSubjects are the subject pronouns after which a noun cannot come;
// sure says whether the pronoun cannot be a stressed one ("elle,
// championne…").
var verbSubjects = map[string]bool{"je": true, "j'": true, "tu": true, "on": true, "ils": true, "il": false, "elle": false, "elles": false}

// verbExpected: "la ville où je vie", "je ne l’abandon pas": after a
// subject pronoun, or "ne" and the object pronouns, comes a verb; a word
// that is only a noun is the verb misspelt.
func (c *checker) verbExpected(i int) {
	t := c.s[i]
	if t.in == nil || t.capital || !t.only(pNoun) || strings.Contains(t.low, "-") {
		return
	}
	j := i - 1
	ne := false
	for j >= 0 && j >= i-3 && c.word(j) != nil && (c.s[j].is("ne", "n'", "me", "m'", "te", "t'", "se", "s'", "le", "la", "l'", "les", "lui", "leur", "y", "en")) {
		if c.s[j].is("ne", "n'") {
			ne = true
		}
		j--
	}
	p := c.word(j)
	sure, ok := verbSubjects[p.lowOr()]
	if !ok || !c.subjectPosition(j) {
		return
	}
	if j == i-1 && !sure {
		return // "elle" may stand alone before a noun
	}
	if !ne && j == i-2 && c.s[i-1].is("le", "la", "les", "l'") {
		return // "il la vie", unclear
	}
	pers := subjectPersons[p.low]
	// The verb that sounds the same: "vie" → "vis", "vit"; "abandon" →
	// "abandonne".
	var fixes []string
	stem := strings.TrimSuffix(t.low, "e")
	for _, f := range []string{stem + "s", stem + "t", t.low + "s", t.low + "t", t.low + "e", t.low + "es", t.low + "ent", t.low + "ne", t.low + "nes", t.low + "nent", stem + "es", stem + "ent", stem + "ds", stem + "d"} {
		in := c.g.tag(f)
		if in == nil || slices.Contains(fixes, f) {
			continue
		}
		for _, r := range in.rs {
			if r.pos&pVerb != 0 && r.pers&pers != 0 && (r.isTense("ipre") || r.isTense("ifut") || r.isTense("iimp")) {
				fixes = append(fixes, f)
				break
			}
		}
	}
	sev := app.SeverityError
	if !sure && !ne {
		sev = app.SeverityWarning
	}
	c.report(FindVerbExpected, sev, i, i, args("subject", p.text), fixes...)
}

// verbAfterDet: "un envoie gratuit", "un essaie", "mes démêles": after a
// determiner that is only one, a word that is only a conjugated verb is
// the noun misspelt.
func (c *checker) verbAfterDet(i int) {
	d := c.s[i]
	if d.in == nil || !d.is("un", "une", "mon", "ton", "son", "ma", "ta", "sa", "mes", "tes", "ses", "nos", "vos", "notre", "votre", "leurs", "ces", "cette", "cet", "du", "au", "aux", "des") {
		return
	}
	if p := c.word(i - 1); p != nil && (p.is("l'") && d.is("un", "une") || p.has(pDet) && d.is("son")) {
		return // "l’un prend", "le son passe"
	}
	w := c.word(i + 1)
	if w == nil || w.in == nil || w.capital || !w.only(pVerb) || strings.Contains(w.low, "-") {
		return
	}
	if d.is("du") && c.word(i-1) != nil && auxOf(c.at(i-1)) == "avoir" {
		return // "il a du partir" misspelt is another rule's
	}
	dg := detGender(&d)
	if dg == 0 {
		dg = gMas | gFem
	}
	dn := c.npNumberAt(i)
	if dn == 0 {
		dn = nSg | nPl
	}
	var fixes []string
	add := func(s string) {
		in := c.g.tag(s)
		if in.has(pNoun) && in.agreesNoun(dg, dn) && !strings.Contains(s, "'") {
			for _, f := range fixes {
				if f == s {
					return
				}
			}
			fixes = append(fixes, s)
		}
	}
	// "essaie" → "essai", "envoies" → "envois", "emploient" → "emplois".
	for _, suf := range []string{"ent", "es", "e"} {
		if strings.HasSuffix(w.low, suf) {
			stem := strings.TrimSuffix(w.low, suf)
			add(stem)
			add(stem + "s")
		}
	}
	// "démêles" → "démêlés": the participle made a noun.
	for _, f := range c.g.formsOf(verbLemma(w.in)) {
		if f.r.pos&pPpas != 0 {
			add(f.word)
		}
	}
	if len(fixes) > 0 {
		c.report(FindNounForm, app.SeverityError, i+1, i+1, args("after", d.text), fixes...)
	}
}

// colours are the adjectives of colour that a second word makes
// invariable: "des robes bleu foncé".
var colours = map[string]bool{
	"bleu": true, "vert": true, "rouge": true, "jaune": true, "gris": true, "rose": true, "brun": true,
	"violet": true, "blanc": true, "noir": true, "beige": true, "orange": true, "mauve": true, "doré": true, "argenté": true,
}

// shades are the words that make a colour compound, each form with its
// masculine singular.
var shades = map[string]string{
	"foncé": "foncé", "foncée": "foncé", "foncés": "foncé", "foncées": "foncé",
	"clair": "clair", "claire": "clair", "clairs": "clair", "claires": "clair",
	"pâle": "pâle", "pâles": "pâle", "vif": "vif", "vive": "vif", "vifs": "vif", "vives": "vif",
	"sombre": "sombre", "sombres": "sombre", "tendre": "tendre", "tendres": "tendre",
}

// colour: "une jupe bleue foncée", "des yeux verts clairs": a colour
// with a shade is a compound, invariable.
func (c *checker) colour(i int) {
	t, n := c.s[i], c.word(i+1)
	if t.in == nil || n == nil || t.capital || n.capital {
		return
	}
	col := ""
	for _, r := range t.in.rs {
		if r.pos&pAdj != 0 && colours[r.lemma] {
			col = r.lemma
		}
	}
	shade, ok := shades[n.low]
	if col == "" || !ok || t.low == col && n.low == shade {
		return
	}
	c.report(FindInvariable, app.SeverityError, i, i+1, nil, col+" "+shade)
}

// demi: "à demie", "trois heures et demies": after "à" demi is an
// adverb, invariable; after "et" it takes the gender of the noun, never
// the plural.
func (c *checker) demi(i int) {
	t := c.s[i]
	if !t.is("demie", "demis", "demies") {
		return
	}
	p := c.word(i - 1)
	switch {
	case p.is("à"):
		c.report(FindInvariable, app.SeverityError, i-1, i, nil, "à demi")
	case p.is("et") && t.low != "demie":
		fix := "demi"
		for k := i - 2; k >= 0 && k >= i-3; k-- {
			if w := c.word(k); w != nil && w.has(pNoun) {
				if w.in.agreesNoun(gFem, nSg|nPl) && !w.in.agreesNoun(gMas, nSg|nPl) {
					fix = "demie"
				}
				break
			}
		}
		c.report(FindInvariable, app.SeverityError, i, i, nil, fix)
	}
}

// prepositionParticiples are the participles that, before the noun, are
// prepositions: "vu les circonstances", "passé minuit".
var prepositionParticiples = map[string]string{
	"vue": "vu", "vus": "vu", "vues": "vu", "passée": "passé", "passés": "passé", "passées": "passé",
	"exceptée": "excepté", "exceptés": "excepté", "exceptées": "excepté",
	"attendue": "attendu", "attendus": "attendu", "attendues": "attendu",
}

// prepositionParticiple: "Vues les circonstances", "Passées les
// premières années": placed first, before the noun and its determiner,
// the participle is a preposition and does not agree (a warning: the
// agreement is tolerated by some).
func (c *checker) prepositionParticiple(i int) {
	t := c.s[i]
	fix, ok := prepositionParticiples[t.low]
	if !ok || !t.first {
		return
	}
	if n := c.word(i + 1); n == nil || !n.is("les", "la", "le", "l'", "ces", "cette", "nos", "vos", "leurs", "ses", "mes", "tes", "deux", "trois", "quelques", "plusieurs") {
		return
	}
	c.report(FindInvariable, app.SeverityWarning, i, i, nil, fix)
}

// futureMarks are words that set an action in the future.
var futureMarks = map[string]bool{"demain": true, "bientôt": true, "prochainement": true, "prochain": true, "prochaine": true, "après-demain": true}

// future: "je vous enverrais le lien demain", "je viendrais dans trois
// jours": a promise with a time to come takes the future, not the
// conditional (a warning: "je viendrais demain si…").
func (c *checker) future(i int) {
	t := c.s[i]
	if !c.word(i-1).is("je", "j'") && !(c.word(i-2).is("je", "j'") && preverbs[c.s[i-1].low]) {
		return
	}
	if !t.has(pVerb) || !t.in.hasTense("cond") || !strings.HasSuffix(t.low, "rais") || t.has(pNoun|pAdj) {
		return
	}
	if _, ok := politeVerbs[strings.TrimSuffix(t.low, "s")]; ok || t.in.lemmaIs(pVerb, "pouvoir", "vouloir", "devoir", "aimer", "souhaiter", "préférer", "être", "avoir", "falloir", "savoir", "adorer", "dire", "croire", "penser") {
		return
	}
	for k := range c.s {
		if c.s[k].is("si") {
			return // "je viendrais demain si…"
		}
	}
	mark := false
	for k := i + 1; k < len(c.s); k++ {
		w := &c.s[k]
		if w.kind == tPunct && w.text == "," {
			break
		}
		if futureMarks[w.low] || w.is("dans") && c.at(k+1) != nil && (c.at(k+1).kind == tNum || numberWords[c.at(k+1).low]) && c.word(k+2).is("jours", "semaines", "heures", "minutes", "mois", "ans") {
			mark = true
		}
	}
	if !mark {
		return
	}
	fix := strings.TrimSuffix(t.text, "s")
	if !c.g.tag(lower(fix)).hasTense("ifut") {
		return
	}
	c.report(FindFuture, app.SeverityWarning, i, i, nil, fix)
}

// rappelerDe: "je me rappelle de cette soirée": se rappeler takes its
// object without "de" (a warning: "se rappeler de" before an infinitive
// is right, and the usage spreads).
func (c *checker) rappelerDe(i int) {
	t := c.s[i]
	verb := t.text
	if k := strings.IndexByte(t.low, '-'); k > 0 {
		if !strings.HasSuffix(t.low, "-vous") && !strings.HasSuffix(t.low, "-toi") && !strings.HasSuffix(t.low, "-nous") {
			return
		}
		if !c.g.tag(t.low[:k]).lemmaIs(pVerb, "rappeler") {
			return
		}
	} else {
		if !t.has(pVerb) || !t.in.lemmaIs(pVerb, "rappeler") || !c.word(i-1).is("me", "m'", "te", "t'", "se", "s'", "nous", "vous") {
			return
		}
		if c.word(i-1).is("nous", "vous") && !c.word(i-2).is("nous", "vous", "ne") {
			return // "il vous rappelle de venir"
		}
	}
	d, n := c.word(i+1), c.word(i+2)
	if d == nil || n == nil || !d.is("de", "d'", "du", "des") || n.has(pInfi) {
		return
	}
	fix := verb
	switch d.low {
	case "du":
		fix += " le"
		if startsVowelOrH(n.low) {
			fix += " l’"
		}
	case "des":
		fix += " les"
	}
	if d.low == "du" && startsVowelOrH(n.low) {
		fix = verb + " l’"
	}
	c.report(FindConstruction, app.SeverityWarning, i, i+1, nil, strings.TrimSpace(fix))
}

// interrogatives are the words that open a question.
var interrogatives = map[string]bool{
	"où": true, "quand": true, "comment": true, "pourquoi": true, "que": true, "qu'": true, "combien": true,
	"quel": true, "quelle": true, "quels": true, "quelles": true, "qui": true, "quoi": true,
}

// questionMark reports whether the sentence ends with a question mark.
func (c *checker) questionMark() bool {
	if len(c.s) == 0 {
		return false
	}
	rest := strings.TrimLeft(c.text[c.s[len(c.s)-1].end:], " \u00a0\u202f\t")
	return strings.HasPrefix(rest, "?")
}

// questionHyphen: "Où va il ?", "Que fais tu ce soir ?": in a question,
// the verb and its subject after it are joined by a hyphen.
func (c *checker) questionHyphen(i int) {
	t := c.s[i]
	n := c.word(i + 1)
	if n == nil || !n.is("il", "elle", "on", "ils", "elles", "tu", "je") || c.at(i+1).start == t.end {
		return
	}
	if t.in == nil || t.capital && !t.first || !t.has(pVerb) || strings.Contains(t.low, "-") {
		return
	}
	// First, a verb only; after "que", "où"…, a verb that may be a
	// noun too ("que fait elle ?"), but not after "quel", whose noun
	// comes first ("quel livre il lit ?").
	q := c.word(i - 1)
	switch {
	case t.first && t.only(pVerb):
	case !t.first && interrogatives[q.lowOr()] && !q.is("quel", "quelle", "quels", "quelles") && !t.has(pDet|pPrep|pPro|pAdv|pConj):
	default:
		return
	}
	if !c.questionMark() {
		return
	}
	subj := pronounSubjects[n.low]
	agrees := false
	for _, r := range t.in.rs {
		if r.pos&pVerb != 0 && r.pers&subj.pers != 0 {
			agrees = true
		}
	}
	if !agrees {
		return
	}
	fix := t.text + "-" + n.text
	if (n.is("il", "elle", "on")) && (strings.HasSuffix(t.low, "a") || strings.HasSuffix(t.low, "e")) {
		fix = t.text + "-t-" + n.text
	}
	c.report(FindHyphen, app.SeverityError, i, i+1, nil, fix)
}

// fairePartie: "tu fais parti de l’équipe": "faire partie", the noun
// partie; "un parti pris" aside.
func (c *checker) fairePartie(i int) {
	t := c.s[i]
	if !t.is("parti") {
		return
	}
	p := c.word(i - 1)
	if p == nil || !p.has(pVerb|pInfi|pPpas) || !p.in.lemmaIs(pVerb|pInfi|pPpas, "faire") || c.word(i+1).is("pris") {
		return
	}
	c.report(FindHomophone, app.SeverityError, i, i, nil, "partie")
}

// enAller: "elle s’est en allée": s’en aller puts "en" before the
// auxiliary: "elle s’en est allée".
func (c *checker) enAller(i int) {
	if !c.word(i + 1).is("en") {
		return
	}
	p, t, n := c.word(i-1), c.s[i], c.word(i+2)
	if p == nil || !p.is("s'", "se", "m'", "me", "t'", "te", "nous", "vous") || auxOf(&c.s[i]) != "être" || !c.word(i+1).is("en") || n == nil || !n.has(pPpas) || !n.in.lemmaIs(pPpas, "aller") {
		return
	}
	c.report(FindConstruction, app.SeverityError, i, i+2, nil, "en "+t.text+" "+n.text)
}

// infinitiveQuestion: "Comment bien choisi son matériel ?", "Est-ce que
// mangé de l’ail…": with no subject, the verb after "comment",
// "pourquoi", "est-ce que" is an infinitive.
func (c *checker) infinitiveQuestion(i int) {
	t := c.s[i]
	j := i + 1
	switch {
	case t.first && t.is("comment", "pourquoi"):
	case t.is("que", "qu'") && c.word(i-1).is("est-ce"):
	default:
		return
	}
	for j < len(c.s) && c.s[j].kind == tWord && adverbsBetween[c.s[j].low] {
		j++
	}
	w := c.word(j)
	if w == nil || w.in == nil || w.capital || !w.only(pPpas) {
		return
	}
	lemma := ""
	for _, r := range w.in.rs {
		if r.pos&pPpas != 0 {
			lemma = r.lemma
		}
	}
	if lemma == "" {
		return
	}
	c.report(FindInfinitive, app.SeverityError, j, j, args("after", t.text), lemma)
}

// nounDeParticiple: "la ligne d’arrivé", "la date de sorti": after a
// noun and "de", the noun, not the participle that sounds the same (a
// warning).
func (c *checker) nounDeParticiple(i int) {
	if !c.s[i].is("de", "d'") {
		return
	}
	p, w := c.word(i-1), c.word(i+1)
	if p == nil || w == nil || p.in == nil || w.in == nil || !p.has(pNoun) || p.has(pPro|pDet|pPrep|pAdv|pProSuj) || w.capital || !w.only(pPpas) {
		return
	}
	if n := c.at(i + 2); n != nil && n.kind == tWord && (n.in == nil || n.has(pNoun|pAdj|pDet|pAdv|pPro|pProObj)) && !n.has(pPrep|pConj|pVerb) {
		return // "le temps de passé minuit…": unclear
	}
	for _, r := range w.in.rs {
		if r.pos&pPpas == 0 || r.gender() != gMas || r.number() != nSg {
			return
		}
	}
	fem := w.low + "e"
	if in := c.g.tag(fem); in.has(pNoun) && in.agreesNoun(gFem, nSg) {
		c.report(FindNounForm, app.SeverityWarning, i+1, i+1, args("after", p.text), fem)
	}
}

// fractions are the fractions that take no hyphen after their number:
// "les trois quarts du temps".
var fractions = map[string]bool{"tiers": true, "quarts": true, "cinquièmes": true, "dixièmes": true, "centièmes": true}

// fraction: "aux trois-quarts pleine", "les deux-tiers des places": a
// fraction is written without a hyphen (a warning: "un trois-quarts",
// the coat or the rugby player, has one).
func (c *checker) fraction(i int) {
	t := c.s[i]
	a, b, ok := strings.Cut(t.low, "-")
	if !ok || !numberWords[a] || !fractions[b] || c.word(i-1).is("un", "le", "ce", "mon", "son", "ton", "notre", "votre", "leur") {
		return
	}
	fix := t.text[:len(a)] + " " + t.text[len(a)+1:]
	c.report(FindHyphen, app.SeverityWarning, i, i, nil, fix)
}

// detBeforeWord: "des dès à jouer", "les quelquefois où…": a
// determiner before a word that is no noun is a homophone misspelt.
func (c *checker) detBeforeWord(i int) {
	d, w := c.s[i], c.word(i+1)
	if w == nil || !d.is("des", "les", "ces", "mes", "tes", "ses", "deux", "trois", "quelques", "plusieurs") {
		return
	}
	if p := c.word(i - 1); d.is("les") && p != nil && (p.has(pProSuj) || preverbs[p.low] || p.has(pVerb) && !p.has(pNoun)) {
		return // "il les quelquefois…", a pronoun
	}
	switch w.low {
	case "dès":
		c.report(FindHomophone, app.SeverityError, i+1, i+1, nil, "dés")
	case "quelquefois":
		if d.is("des", "deux", "trois", "quelques", "plusieurs") {
			return
		}
		c.report(FindHomophone, app.SeverityError, i+1, i+1, nil, "quelques fois")
	}
}
