package french

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

var monthNumbers = map[string]time.Month{
	"janvier": time.January, "février": time.February, "mars": time.March, "avril": time.April,
	"mai": time.May, "juin": time.June, "juillet": time.July, "août": time.August,
	"septembre": time.September, "octobre": time.October, "novembre": time.November, "décembre": time.December,
	// Abbreviated, as agendas write them.
	"janv": time.January, "févr": time.February, "fév": time.February, "avr": time.April, "juil": time.July,
	"sept": time.September, "oct": time.October, "nov": time.November, "déc": time.December,
}

var weekdays = map[string]time.Weekday{
	"lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday, "jeudi": time.Thursday,
	"vendredi": time.Friday, "samedi": time.Saturday, "dimanche": time.Sunday,
}

var weekdayNames = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// date: "le 29 février 2005" does not exist; "vendredi 28 août 2014" was
// a Thursday. A post that announces an event with the wrong weekday
// sends people on the wrong day.
func (c *checker) date(i int) {
	t := c.s[i]
	if t.kind != tNum {
		return
	}
	day, err := strconv.Atoi(strings.TrimSuffix(t.text, "er"))
	if err != nil || day < 1 || day > 31 {
		return
	}
	m := c.word(i + 1)
	if m == nil {
		return
	}
	month, ok := monthNumbers[m.low]
	if !ok {
		return
	}
	y := c.at(i + 2)
	if y == nil || y.kind != tNum || len(y.text) != 4 {
		return
	}
	year, err := strconv.Atoi(y.text)
	if err != nil || year < 1583 {
		return
	}
	d := time.Date(year, month, day, 12, 0, 0, 0, time.UTC)
	if d.Day() != day {
		c.report(FindDate, app.SeverityError, i, i+2, args("date", t.text+" "+m.text+" "+y.text))
		return
	}
	wd := c.word(i - 1)
	if wd.is("le") {
		wd = c.word(i - 2)
	}
	if wd == nil {
		return
	}
	if want, ok := weekdays[wd.low]; ok && want != d.Weekday() {
		k := i - 1
		if c.s[k].is("le") {
			k--
		}
		fix := weekdayNames[d.Weekday()]
		c.report(FindWeekday, app.SeverityError, k, k, args("date", t.text+" "+m.text+" "+y.text, "day", fix), fix)
	}
}

// subjunctiveAfter are the conjunctions after which the verb is in the
// subjunctive.
var subjunctiveAfter = [][]string{
	{"faut", "que"}, {"pour", "que"}, {"afin", "que"}, {"bien", "que"}, {"avant", "que"},
	{"sans", "que"}, {"façon", "que"}, {"condition", "que"}, {"veux", "que"}, {"voudrais", "que"},
	{"faut", "qu'"}, {"pour", "qu'"}, {"afin", "qu'"}, {"bien", "qu'"}, {"avant", "qu'"}, {"sans", "qu'"},
}

// subjunctive: "il faut que la France est prête", "pour que vous
// pouvez venir": the subjunctive after these conjunctions.
func (c *checker) subjunctive(i int) {
	t := c.s[i]
	if !t.is("que", "qu'") {
		return
	}
	p := c.word(i - 1)
	if p == nil {
		return
	}
	found := false
	for _, pair := range subjunctiveAfter {
		if p.low == pair[0] && t.low == pair[1] {
			found = true
		}
	}
	if !found {
		return
	}
	// The subject: a pronoun, or a determiner and a noun.
	k := i + 1
	var pers uint8
	if s, ok := pronounSubjects[c.s[min(k, len(c.s)-1)].low]; ok && k < len(c.s) {
		pers = s.pers
		if c.s[k].low == "vous" {
			pers = p2pl
		} else if c.s[k].low == "nous" {
			pers = p1pl
		}
		k++
	} else if d := c.word(k); d != nil && d.has(pDet) {
		n := c.word(k + 1)
		if n == nil || !n.has(pNoun) && !(n.capital && (n.in == nil || n.has(pNpr)) && d.is("la", "le", "l'")) {
			return // a noun, or a place's name: "que la France"
		}
		pers = p3sg
		if c.npNumberAt(k) == nPl {
			pers = p3pl
		}
		k += 2
	} else {
		return
	}
	for k < len(c.s) && c.s[k].kind == tWord && preverbs[c.s[k].low] && !c.s[k].is("nous", "vous") {
		k++
	}
	v := c.word(k)
	if v == nil || v.in == nil || v.capital || !v.has(pVerb) || v.has(pNoun|pAdj|pPpas|pInfi|pPrep|pDet|pAdv) && !v.is("est", "sont", "a", "ont", "va", "peut", "fait") {
		return
	}
	lemma := ""
	for _, r := range v.in.rs {
		if r.pos&pVerb == 0 {
			continue
		}
		if r.isTense("spre") || r.isTense("simp") {
			return
		}
		if r.pers&pers != 0 && lemma == "" {
			lemma = r.lemma
		}
	}
	if lemma == "" {
		return
	}
	fix := c.g.formOf(lemma, pVerb, func(r reading) bool { return r.isTense("spre") && r.pers&pers != 0 })
	if fix == "" {
		return
	}
	c.report(FindSubjunctive, app.SeverityWarning, k, k, args("after", p.text+" "+t.text), fix)
}

// relativeForms are the forms of lequel and its contractions, by gender
// and number.
var relativeForms = map[string][4]string{ // mas sg, fem sg, mas pl, fem pl
	"lequel": {"lequel", "laquelle", "lesquels", "lesquelles"},
	"auquel": {"auquel", "à laquelle", "auxquels", "auxquelles"},
	"duquel": {"duquel", "de laquelle", "desquels", "desquelles"},
}

// relativeLemma maps each one-word form to its lemma.
var relativeLemma = func() map[string]string {
	m := map[string]string{}
	for lemma, forms := range relativeForms {
		for _, f := range forms {
			if !strings.Contains(f, " ") {
				m[f] = lemma
			}
		}
	}
	return m
}()

// relative: "les hommes auquel tu parles", "la femme avec lequel": the
// relative pronoun agrees with the noun it stands for.
func (c *checker) relative(i int) {
	t := c.s[i]
	lemma, ok := relativeLemma[t.low]
	if !ok {
		return
	}
	k := i - 1
	if c.word(k).has(pPrep) && (lemma == "lequel") {
		k--
	}
	n := c.word(k)
	if n == nil || n.in == nil || n.capital || !n.has(pNoun) || !c.word(k-1).has(pDet) {
		return
	}
	var g, num uint8
	for _, r := range n.in.rs {
		if r.pos&pNoun != 0 {
			g |= r.gender()
			num |= r.number()
		}
	}
	if dn := c.npNumberAt(k - 1); dn != 0 {
		num &= dn
	}
	if dg := detGender(&c.s[k-1]); dg != 0 && g&dg != 0 {
		g &= dg
	}
	idx := -1
	switch {
	case g == gMas && num == nSg:
		idx = 0
	case g == gFem && num == nSg:
		idx = 1
	case g == gMas && num == nPl:
		idx = 2
	case g == gFem && num == nPl:
		idx = 3
	default:
		return
	}
	want := relativeForms[lemma][idx]
	if want == t.low {
		return
	}
	c.report(FindRelative, app.SeverityError, i, i, args("with", n.text), want)
}

// pleonasms are phrases that say the same thing twice; the fix drops the
// repetition.
var pleonasms = []struct {
	key string // in the sentence in lower case when the phrase may be
	re  *regexp.Regexp
	fix string
}{
	{"aujourd", wordRe(true, `au jour d['’]aujourd['’]hui`), "aujourd’hui"},
	{"en haut", wordRe(true, `(monter|monte|montez|montons|montent) en haut`), "$1"},
	{"en bas", wordRe(true, `(descendre|descends|descend|descendez|descendons|descendent) en bas`), "$1"},
	{"avance", wordRe(true, `(prévoir|prévoyez|prévoyons|prévu|prévus|prévue|prévues|réserver|réservez) à l['’]avance`), "$1"},
	{"voire même", wordRe(true, `voire même`), "voire"},
	{"comme par", wordRe(true, `comme par exemple`), "par exemple"},
	{"car en", wordRe(true, `car en effet`), "car"},
	{"mais cependant", wordRe(true, `mais cependant`), "mais"},
	{"mais pourtant", wordRe(true, `mais pourtant`), "mais"},
	{"dehors", wordRe(true, `(sortir|sortez|sortons) dehors`), "$1"},
	{"ensemble", wordRe(true, `(collaborer|collaborons|collaborez) ensemble`), "$1"},
	{"ensemble", wordRe(true, `(réunir|réunissons|réunissez) ensemble`), "$1"},
	{"en arrière", wordRe(true, `(reculer|recule|reculez) en arrière`), "$1"},
	{"panacée", wordRe(true, `panacée universelle`), "panacée"},
	{"sismique", wordRe(true, `secousse sismique`), "séisme"},
	{"avenir", wordRe(true, `prédire l['’]avenir`), "prédire"},
	{"même", wordRe(true, `(se|s['’]) (suffire|suffit) à (lui|soi)-même`), "$1 $2"},
	{"puis ensuite", wordRe(true, `puis ensuite`), "puis"},
	{"de par", wordRe(true, `de par`), "par"},
	{"pallier", wordRe(true, `pallier à`), "pallier"},
}

// pleonasm flags the phrases of pleonasms within the sentence's words.
func (c *checker) pleonasm() {
	if len(c.s) == 0 {
		return
	}
	start, end := c.s[0].start, c.s[len(c.s)-1].end
	seg := c.text[start:end]
	low := strings.ToLower(seg)
	for _, p := range pleonasms {
		if !strings.Contains(low, p.key) {
			continue
		}
		for _, m := range p.re.FindAllStringSubmatchIndex(seg, -1) {
			ma, mb := matchSpan(seg, m[0], m[1])
			a, b := start+ma, start+mb
			i, j := c.tokAt(a), c.tokAt(b-1)
			if i < 0 || j < 0 || c.s[i].start != a || c.s[j].end != b {
				continue
			}
			fix := string(p.re.ExpandString(nil, p.fix, seg, m))
			c.report(FindStyle, app.SeverityWarning, i, j, nil, fix)
		}
	}
}

// prefixes are the prefixes joined to their noun by a hyphen: "ex-femme",
// "demi-heure", "semi-automatique", "quasi-certitude", "non-lieu".
var prefixes = map[string]bool{"ex": true, "demi": true, "semi": true, "quasi": true, "non": true, "mi": true, "arrière": true, "avant": true}

// prefix: "une demi heure", "mon ex femme": the hyphenated word the
// dictionary knows.
func (c *checker) prefix(i int) {
	t := c.s[i]
	if !prefixes[t.low] {
		return
	}
	n := c.word(i + 1)
	if n == nil || n.in == nil || n.capital || c.at(i+1).start == t.end {
		return
	}
	if t.is("quasi", "non", "avant", "arrière") && (!n.has(pNoun) || n.has(pAdj|pVerb|pPpas|pAdv)) {
		return // "non loin", "quasi parfait", "avant midi"
	}
	if t.is("avant", "arrière") && !c.word(i-1).has(pDet) {
		return
	}
	joined := t.text + "-" + n.text
	if !c.g.dict.Spell(joined) {
		return
	}
	c.report(FindHyphen, app.SeverityWarning, i, i+1, nil, joined)
}

// etc: "un chat, un lapin etc." takes a comma before "etc.".
func (c *checker) etc(i int) {
	t := c.s[i]
	if !t.is("etc", "etc.") {
		return
	}
	p := c.at(i - 1)
	if p == nil || p.kind != tWord {
		return
	}
	c.report(FindEtc, app.SeverityWarning, i-1, i, nil, p.text+", "+t.text)
}
