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
	{"parti", regexp.MustCompile(`(?i)\b(fai[st]|faire|font|faisons|faites|faisait|faisaient|fera|feront|fasse|fassent) parti (de|d['’]|du|des)\b`), "$1 partie $2", true},
	{"bien sur", regexp.MustCompile(`(?i)\bbien sur\b(\s*[,.!?;:]|\s*$|\s+que\b)`), "bien sûr$1", true},
	{"sur que", regexp.MustCompile(`(?i)\b(suis|es|est|sommes|êtes|sont|être|pas|bien|très|tout) sur (que|qu['’]|de|d['’])\b`), "$1 sûr $2", true},
	{"conte", regexp.MustCompile(`(?i)\b(rendre|rends|rend|rendez|rendons|rendent|rendu|rendue|tenir|tiens|tient|tenez|tenu|fin de|bon|pour son|pour mon|pour ton|pour leur) conte\b`), "$1 compte", true},
	{"quelque soi", regexp.MustCompile(`(?i)\bquelque (soit|soient|sera|seront)\b`), "quel que $1", true},
	{"en faite", regexp.MustCompile(`(?i)\ben faite\b([^s]|$)`), "en fait$1", false},
	{"au fur à", regexp.MustCompile(`(?i)\bau fur à mesure\b`), "au fur et à mesure", true},
	{"quant même", regexp.MustCompile(`(?i)\bquant même\b`), "quand même", true},
	{"temps que", regexp.MustCompile(`(?i)\ben temps que\b`), "en tant que", true},
	{"temps pis", regexp.MustCompile(`(?i)\btemps pis\b`), "tant pis", true},
	{"rien avoir", regexp.MustCompile(`(?i)\brien avoir avec\b`), "rien à voir avec", true},
	{"plus part", regexp.MustCompile(`(?i)\bla plus part\b`), "la plupart", true},
	{"d'avantage", regexp.MustCompile(`(?i)\b(plus|encore|bien|beaucoup) d['’]avantage\b([^s]|$)`), "$1 davantage$2", false},
	{"sensé", regexp.MustCompile(`(?i)\b(sensé|sensée|sensés|sensées) (être|avoir|faire|aller|venir|arriver|commencer|finir|partir|se)\b`), "censé$1 $2", false},
	{"entrain de", regexp.MustCompile(`(?i)\bentrain de\b`), "en train de", true},
	{"entrain d", regexp.MustCompile(`(?i)\bentrain d['’]`), "en train d’", true},
	{"dépend", regexp.MustCompile(`(?i)\b(aux?|à nos|à vos|à leurs|à ses|à mes|à tes) dépends?\b`), "aux dépens", true},
	{"soit disant", regexp.MustCompile(`(?i)\bsoit disant\b`), "soi-disant", true},
	{"soit-disant", regexp.MustCompile(`(?i)\bsoit-disant\b`), "soi-disant", true},
	{"par ce qu", regexp.MustCompile(`(?i)\bpar ce (que|qu['’]) ?(je|j['’]|tu|il|elle|on|nous|vous|ils|elles|c['’])`), "parce $1$2", false},
	{"en générale", regexp.MustCompile(`(?i)\ben générale\b`), "en général", true},
	{"hors paire", regexp.MustCompile(`(?i)\bhors paire\b`), "hors pair", true},
	{"foie", regexp.MustCompile(`(?i)\b(bonne|mauvaise) foie\b`), "$1 foi", true},
	{"fois", regexp.MustCompile(`(?i)\b(bonne|mauvaise|ma) fois\b`), "$1 foi", false},
	{"foi", regexp.MustCompile(`(?i)\b(une|deux|trois|plusieurs|chaque|cette|des|la première|la dernière) (foi|foie)\b`), "$1 fois", true},
	{"voie", regexp.MustCompile(`(?i)\bà (voie) (basse|haute)\b`), "à voix $2", true},
	{"voix ferrée", regexp.MustCompile(`(?i)\bvoix ferrée\b`), "voie ferrée", true},
	{"en voix de", regexp.MustCompile(`(?i)\ben voix de\b`), "en voie de", true},
	{"de point", regexp.MustCompile(`(?i)\b(coups?) de point\b`), "$1 de poing", true},
	{"ballade", regexp.MustCompile(`(?i)\b(une|faire|la|petite|belle) ballade\b`), "$1 balade", false},
	{"à dessin", regexp.MustCompile(`(?i)\bà dessin\b`), "à dessein", true},
	{"affilé", regexp.MustCompile(`(?i)\bd['’]affilé\b`), "d’affilée", true},
	{"envie", regexp.MustCompile(`(?i)\bà l['’]envie\b`), "à l’envi", false},
	{"au court", regexp.MustCompile(`(?i)\bau court (de|des|du|d['’])\b`), "au cours $1", true},
	{"en cour", regexp.MustCompile(`(?i)\ben cour\b([^s]|$)`), "en cours$1", false},
	{"prêt de", regexp.MustCompile(`(?i)\b(prêts?|prêtes?) de (partir|venir|faire|tout|commencer)\b`), "$1 à $2", false},
	{"des ", regexp.MustCompile(`(?i)\bdes (ces|mes|tes|ses|nos|vos|leurs)\b`), "de $1", true},
	{"ch", regexp.MustCompile(`(?i)\b(coûte|coûtent|coûtait|coûtaient|coûté|coûter|coûtera|coûteront|payé|payer|payez|vendu|vendre) (chers|chère|chères)\b`), "$1 cher", true},
	{"gène", regexp.MustCompile(`(?i)\b(me|te|se|nous|vous|ça|cela|le|la|les|l['’]) gène\b`), "$1 gêne", true},
	{"presque île", regexp.MustCompile(`(?i)\bpresque île\b`), "presqu’île", true},
	{"près à", regexp.MustCompile(`(?i)\b(près) à (partir|venir|faire|tout|commencer|vous|nous|t['’]|vous)`), "prêt à $2", false},
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
			a, b := start+m[0], start+m[1]
			// Trailing context (punctuation, a letter) is not part
			// of the finding.
			for b > a && !isWordByte(c.text[b-1]) {
				b--
			}
			i, j := c.tokAt(a), c.tokAt(b-1)
			if i < 0 || j < 0 || c.s[i].start != a || c.s[j].end != b {
				continue
			}
			fix := strings.TrimRight(string(p.re.ExpandString(nil, p.fix, seg, m)), " ,.!?;:")
			if rest := c.text[b : start+m[1]]; rest != "" {
				fix = strings.TrimSuffix(fix, strings.TrimRight(rest, " ,.!?;:"))
			}
			sev := app.SeverityWarning
			if p.sure {
				sev = app.SeverityError
			}
			c.report(FindHomophone, sev, i, j, nil, fix)
		}
	}
}

func isWordByte(b byte) bool {
	return b >= 0x80 || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '\''
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
