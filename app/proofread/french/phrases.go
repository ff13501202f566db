package french

import (
	"regexp"
	"strings"

	"github.com/relais-app/relais/app"
)

// phrases are set phrases written with a word that sounds like the right
// one: "faire parti de" for "faire partie de", "bien sur" for "bien
// sûr", "se rendre conte" for "se rendre compte". The fix replaces the
// whole match; sure says whether the phrase cannot be right as written.
var phrases = []struct {
	key  string // in the sentence in lower case when the phrase may be
	re   *regexp.Regexp
	fix  string
	sure bool
}{
	{"parti", wordRe(true, `(fai[st]|faire|font|faisons|faites|faisait|faisaient|fera|feront|fasse|fassent) parti (de|d['’]|du|des)`), "$1 partie $2", true},
	{"bien sur", wordRe(true, `bien sur(\s*[,.!?;:]|\s*$|\s+que)`), "bien sûr$1", true},
	{"sur que", wordRe(true, `(suis|es|est|sommes|êtes|sont|être|pas|bien|très|tout) sur (que|qu['’]|de|d['’])`), "$1 sûr $2", true},
	{"conte", wordRe(true, `(rendre|rends|rend|rendez|rendons|rendent|rendu|rendue|tenir|tiens|tient|tenez|tenu|fin de|bon|pour son|pour mon|pour ton|pour leur) conte`), "$1 compte", true},
	{"quelque soi", wordRe(true, `quelque (soit|soient|sera|seront)`), "quel que $1", true},
	{"en faite", wordRe(true, `en faite([^s]|$)`), "en fait$1", false},
	{"au fur à", wordRe(true, `au fur à mesure`), "au fur et à mesure", true},
	{"quant même", wordRe(true, `quant même`), "quand même", true},
	{"temps que", wordRe(true, `en temps que`), "en tant que", true},
	{"temps pis", wordRe(true, `temps pis`), "tant pis", true},
	{"rien avoir", wordRe(true, `rien avoir avec`), "rien à voir avec", true},
	{"plus part", wordRe(true, `la plus part`), "la plupart", true},
	{"d'avantage", wordRe(true, `(plus|encore|bien|beaucoup) d['’]avantage([^s]|$)`), "$1 davantage$2", false},
	{"sensé", wordRe(true, `sensé(|e|s|es) (être|avoir|faire|aller|venir|arriver|commencer|finir|partir|se)`), "censé$1 $2", false},
	{"entrain de", wordRe(true, `entrain de`), "en train de", true},
	{"entrain d", wordRe(true, `entrain d['’]`), "en train d’", true},
	{"dépend", wordRe(true, `(aux?|à nos|à vos|à leurs|à ses|à mes|à tes) dépends?`), "aux dépens", true},
	{"soit disant", wordRe(true, `soit disant`), "soi-disant", true},
	{"soit-disant", wordRe(true, `soit-disant`), "soi-disant", true},
	{"par ce qu", wordRe(true, `par ce (que|qu['’]) ?(je|j['’]|tu|il|elle|on|nous|vous|ils|elles|c['’])`), "parce $1$2", false},
	{"en générale", wordRe(true, `en générale`), "en général", true},
	{"hors paire", wordRe(true, `hors paire`), "hors pair", true},
	{"foie", wordRe(true, `(bonne|mauvaise) foie`), "$1 foi", true},
	{"fois", wordRe(true, `(bonne|mauvaise|ma) fois`), "$1 foi", false},
	{"foi", wordRe(true, `(une|deux|trois|plusieurs|chaque|cette|des|la première|la dernière) (foi|foie)`), "$1 fois", true},
	{"voie", wordRe(true, `à (voie) (basse|haute)`), "à voix $2", true},
	{"voix ferrée", wordRe(true, `voix ferrée`), "voie ferrée", true},
	{"en voix de", wordRe(true, `en voix de`), "en voie de", true},
	{"de point", wordRe(true, `(coups?) de point`), "$1 de poing", true},
	{"ballade", wordRe(true, `(une|faire|la|petite|belle) ballade`), "$1 balade", false},
	{"à dessin", wordRe(true, `à dessin`), "à dessein", true},
	{"affilé", wordRe(true, `d['’]affilé`), "d’affilée", true},
	{"envie", wordRe(true, `à l['’]envie`), "à l’envi", false},
	{"au court", wordRe(true, `au court (de|des|du|d['’])`), "au cours $1", true},
	{"en cour", wordRe(true, `en cour([^s]|$)`), "en cours$1", false},
	{"prêt de", wordRe(true, `(prêts?|prêtes?) de (partir|venir|faire|tout|commencer)`), "$1 à $2", false},
	{"des ", wordRe(true, `des (ces|mes|tes|ses|nos|vos)`), "de $1", true},
	{"ch", wordRe(true, `(coûte|coûtent|coûtait|coûtaient|coûté|coûter|coûtera|coûteront|payé|payer|payez|vendu|vendre) (chers|chère|chères)`), "$1 cher", true},
	{"gène", wordRe(true, `(me|te|se|nous|vous|ça|cela|le|la|les|l['’]) gène`), "$1 gêne", true},
	{"presque île", wordRe(true, `presque île`), "presqu’île", true},
	{"sensé", wordRe(true, `sensé(|e|s|es) (le|la|les|me|te|se|nous|vous|y|en)`), "censé$1 $2", false},
	{"quelque-chose", wordRe(true, `quelque-chose`), "quelque chose", true},
	{"à faire à", wordRe(true, `(avoir|ai|as|a|avons|avez|ont|aura|auras|aurez|auront|avait) à faire (à|au|aux)`), "$1 affaire $2", true},
	{"que part", wordRe(true, `(quelle|quel) que part`), "quelque part", true},
	{"sans gène", wordRe(true, `sans gène`), "sans gêne", true},
	{"pêché mignon", wordRe(true, `pêché mignon`), "péché mignon", true},
	{"veuillez", wordRe(true, `veuillez (bien )?à ce (que|qu['’])`), "veillez ${1}à ce $2", true},
	{"plein", wordRe(true, `(ai|as|a|avons|avez|ont|aura|aurons|aurez|auront|avait) (pleins|pleines) (de|d['’])`), "$1 plein $3", true},
	{"compte", wordRe(true, `(sont|est|suis|sommes|êtes|es|s['’]est|me suis|se sont|nous sommes|vous êtes) (rendus|rendue|rendues) compte`), "$1 rendu compte", true},
	{"près à", wordRe(true, `(près) à (partir|venir|faire|tout|commencer|vous|nous|t['’]|vous)`), "prêt à $2", false},
}

// setPhrases flags the phrases above within the sentence's words.
func (c *checker) setPhrases() {
	if len(c.s) == 0 {
		return
	}
	start, end := c.s[0].start, c.s[len(c.s)-1].end
	seg := c.text[start:end]
	low := strings.ReplaceAll(strings.ToLower(seg), "’", "'")
	for _, p := range phrases {
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
			fix := strings.TrimRight(string(p.re.ExpandString(nil, p.fix, seg, m)), " ,.!?;:")
			sev := app.SeverityWarning
			if p.sure {
				sev = app.SeverityError
			}
			c.report(FindHomophone, sev, i, j, nil, fix)
		}
	}
}

// missingNe: "on a rien", "on vous a jamais compris": after "on", the
// liaison hides the "n’" of the negation.
func (c *checker) missingNe(i int) {
	t := c.s[i]
	if !t.is("on") {
		return
	}
	k := i + 1
	for k < len(c.s) && k <= i+2 && c.s[k].is("vous", "nous", "les", "l'", "y", "en", "lui", "leur", "me", "m'", "te", "t'", "se", "s'", "le", "la") {
		k++
	}
	v := c.word(k)
	if v == nil || !v.has(pVerb) || v.has(pNoun|pAdj) && !v.is("a", "est") {
		return
	}
	neg := c.word(k + 1)
	if neg == nil || !neg.is("pas", "rien", "jamais", "plus", "personne", "guère", "aucun", "aucune", "point") {
		return
	}
	n := c.word(i + 1)
	fix := "on ne " + n.text
	if startsVowelOrH(n.low) && !strings.HasPrefix(n.low, "h") {
		fix = "on n’" + n.text
	}
	c.report(FindMissingNe, app.SeverityWarning, i, i+1, nil, fix)
}

// presqu: only "presqu’île" elides "presque": "presqu’exacte" is
// "presque exacte".
func (c *checker) presqu(i int) {
	t := c.s[i]
	rest, ok := strings.CutPrefix(t.low, "presqu'")
	if !ok || rest == "" || rest == "île" || rest == "îles" {
		return
	}
	c.report(FindHomophone, app.SeverityError, i, i, nil, "presque "+t.text[len(t.text)-len(rest):])
}

// adjectives are the adjectives spelt unlike the present participle they
// come from: "un argument convaincant" (adjective), "en convainquant"
// (participle).
var adjectives = map[string]string{
	"convainquant": "convaincant", "fatiguant": "fatigant", "provoquant": "provocant",
	"suffoquant": "suffocant", "intriguant": "intrigant", "différant": "différent",
	"négligeant": "négligent", "précédant": "précédent", "excellant": "excellent",
	"divergeant": "divergent", "équivalant": "équivalent", "influant": "influent",
	"communiquant": "communicant", "naviguant": "navigant",
}

// adjective: "c’est fatiguant", "un argument convainquant": after être,
// an adverb or a noun, the adjective, not the participle.
func (c *checker) adjective(i int) {
	t := c.s[i]
	stem := strings.TrimSuffix(strings.TrimSuffix(t.low, "s"), "e")
	fix, ok := adjectives[stem]
	if !ok {
		return
	}
	p := c.word(i - 1)
	if p == nil || p.is("en") || !(p.has(pNoun|pAdv) || auxOf(p) == "être" || p.is("très", "assez", "trop", "si", "plus", "moins", "peu")) {
		return
	}
	fix += t.low[len(stem):]
	c.report(FindHomophone, app.SeverityWarning, i, i, nil, fix)
}

// guere: "je n’aime plus guerre le sport": after a negation, "guère".
func (c *checker) guere(i int) {
	t := c.s[i]
	if !t.is("guerre") || c.word(i-1).has(pDet) {
		return
	}
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if c.s[k].is("ne", "n'") {
			c.report(FindHomophone, app.SeverityError, i, i, nil, "guère")
			return
		}
	}
}

// davantage: "je pense d’avantage à…", "vous avez forcement raison": the
// adverb after a verb.
func (c *checker) davantage(i int) {
	t := c.s[i]
	switch {
	case t.is("d'") && c.word(i+1).is("avantage"):
		p := c.word(i - 1)
		if p != nil && p.has(pVerb|pInfi|pPpas) && !p.has(pDet|pAdv) {
			c.report(FindHomophone, app.SeverityWarning, i, i+1, nil, "davantage")
		}
	case t.is("forcement"):
		if p := c.word(i - 1); p != nil && !p.has(pDet|pPrep) {
			c.report(FindHomophone, app.SeverityWarning, i, i, nil, "forcément")
		}
	}
}
