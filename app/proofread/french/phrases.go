package french

import (
	"strings"

	"github.com/relais-app/relais/app"
)

// phrases are set phrases written with a word that sounds like the right
// one: "faire parti de" for "faire partie de", "bien sur" for "bien
// sûr", "se rendre conte" for "se rendre compte". The fix replaces the
// whole match; sure says whether the phrase cannot be right as written.
var phrases = []setPhrase{
	{FindHomophone, "parti", wordRe(true, `(fai[st]|faire|font|faisons|faites|faisait|faisaient|fera|feront|fasse|fassent) parti (de|d['’]|du|des)`), "$1 partie $2", true},
	{FindHomophone, "bien sur", wordRe(true, `bien sur(\s*[,.!?;:]|\s*$|\s+que)`), "bien sûr$1", true},
	{FindHomophone, "sur que", wordRe(true, `(suis|es|est|sommes|êtes|sont|être|pas|bien|très|tout) sur (que|qu['’]|de|d['’])`), "$1 sûr $2", true},
	{FindHomophone, "conte", wordRe(true, `(rendre|rends|rend|rendez|rendons|rendent|rendu|rendue|tenir|tiens|tient|tenez|tenu|fin de|bon|pour son|pour mon|pour ton|pour leur) conte`), "$1 compte", true},
	{FindHomophone, "quelque soi", wordRe(true, `quelque (soit|soient|sera|seront)`), "quel que $1", true},
	{FindHomophone, "en faite", wordRe(true, `en faite([^s]|$)`), "en fait$1", false},
	{FindHomophone, "au fur à", wordRe(true, `au fur à mesure`), "au fur et à mesure", true},
	{FindHomophone, "quant même", wordRe(true, `quant même`), "quand même", true},
	{FindHomophone, "temps que", wordRe(true, `en temps que`), "en tant que", true},
	{FindHomophone, "temps pis", wordRe(true, `temps pis`), "tant pis", true},
	{FindHomophone, "rien avoir", wordRe(true, `rien avoir avec`), "rien à voir avec", true},
	{FindHomophone, "plus part", wordRe(true, `la plus part`), "la plupart", true},
	{FindHomophone, "d'avantage", wordRe(true, `(plus|encore|bien|beaucoup) d['’]avantage([^s]|$)`), "$1 davantage$2", false},
	{FindHomophone, "sensé", wordRe(true, `sensé(|e|s|es) (être|avoir|faire|aller|venir|arriver|commencer|finir|partir|se)`), "censé$1 $2", false},
	{FindHomophone, "entrain de", wordRe(true, `entrain de`), "en train de", true},
	{FindHomophone, "entrain d", wordRe(true, `entrain d['’]`), "en train d’", true},
	{FindHomophone, "dépend", wordRe(true, `(aux?|à nos|à vos|à leurs|à ses|à mes|à tes) dépends?`), "aux dépens", true},
	{FindHomophone, "soit disant", wordRe(true, `soit disant`), "soi-disant", true},
	{FindHomophone, "soit-disant", wordRe(true, `soit-disant`), "soi-disant", true},
	{FindHomophone, "par ce qu", wordRe(true, `par ce (que|qu['’]) ?(je|j['’]|tu|il|elle|on|nous|vous|ils|elles|c['’])`), "parce $1$2", false},
	{FindHomophone, "en générale", wordRe(true, `en générale`), "en général", true},
	{FindHomophone, "hors paire", wordRe(true, `hors paire`), "hors pair", true},
	{FindHomophone, "foie", wordRe(true, `(bonne|mauvaise) foie`), "$1 foi", true},
	{FindHomophone, "fois", wordRe(true, `(bonne|mauvaise|ma) fois`), "$1 foi", false},
	{FindHomophone, "foi", wordRe(true, `(une|deux|trois|plusieurs|chaque|cette|des|la première|la dernière) (foi|foie)`), "$1 fois", true},
	{FindHomophone, "voie", wordRe(true, `à (voie) (basse|haute)`), "à voix $2", true},
	{FindHomophone, "voix ferrée", wordRe(true, `voix ferrée`), "voie ferrée", true},
	{FindHomophone, "en voix de", wordRe(true, `en voix de`), "en voie de", true},
	{FindHomophone, "de point", wordRe(true, `(coups?) de point`), "$1 de poing", true},
	{FindHomophone, "ballade", wordRe(true, `(une|faire|la|petite|belle) ballade`), "$1 balade", false},
	{FindHomophone, "à dessin", wordRe(true, `à dessin`), "à dessein", true},
	{FindHomophone, "affilé", wordRe(true, `d['’]affilé`), "d’affilée", true},
	{FindHomophone, "envie", wordRe(true, `à l['’]envie`), "à l’envi", false},
	{FindHomophone, "au court", wordRe(true, `au court (de|des|du|d['’])`), "au cours $1", true},
	{FindHomophone, "en cour", wordRe(true, `en cour([^s]|$)`), "en cours$1", false},
	{FindHomophone, "prêt de", wordRe(true, `(prêts?|prêtes?) de (partir|venir|faire|tout|commencer)`), "$1 à $2", false},
	{FindHomophone, "des ", wordRe(true, `des (ces|mes|tes|ses|nos|vos)`), "de $1", true},
	{FindHomophone, "ch", wordRe(true, `(coûte|coûtent|coûtait|coûtaient|coûté|coûter|coûtera|coûteront|payé|payer|payez|vendu|vendre) (chers|chère|chères)`), "$1 cher", true},
	{FindHomophone, "gène", wordRe(true, `(me|te|se|nous|vous|ça|cela|le|la|les|l['’]) gène`), "$1 gêne", true},
	{FindHomophone, "presque île", wordRe(true, `presque île`), "presqu’île", true},
	{FindHomophone, "sensé", wordRe(true, `sensé(|e|s|es) (le|la|les|me|te|se|nous|vous|y|en)`), "censé$1 $2", false},
	{FindHomophone, "quelque-chose", wordRe(true, `quelque-chose`), "quelque chose", true},
	{FindHomophone, "à faire à", wordRe(true, `(avoir|ai|as|a|avons|avez|ont|aura|auras|aurez|auront|avait) à faire (à|au|aux)`), "$1 affaire $2", true},
	{FindHomophone, "que part", wordRe(true, `(quelle|quel) que part`), "quelque part", true},
	{FindHomophone, "sans gène", wordRe(true, `sans gène`), "sans gêne", true},
	{FindHomophone, "pêché mignon", wordRe(true, `pêché mignon`), "péché mignon", true},
	{FindHomophone, "veuillez", wordRe(true, `veuillez (bien )?à ce (que|qu['’])`), "veillez ${1}à ce $2", true},
	{FindHomophone, "plein", wordRe(true, `(ai|as|a|avons|avez|ont|aura|aurons|aurez|auront|avait) (pleins|pleines) (de|d['’])`), "$1 plein $3", true},
	{FindHomophone, "compte", wordRe(true, `(sont|est|suis|sommes|êtes|es|s['’]est|me suis|se sont|nous sommes|vous êtes) (rendus|rendue|rendues) compte`), "$1 rendu compte", true},
	{FindHomophone, "près à", wordRe(true, `(près) à (partir|venir|faire|tout|commencer|vous|nous|t['’]|vous)`), "prêt à $2", false},
}

// setPhrases flags the phrases above within the sentence's words.
func (c *checker) setPhrases() { c.flagPhrases(phrases) }

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
