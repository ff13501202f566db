package french

import (
	"regexp"
	"strings"

	"github.com/relais-app/relais/app"
)

// More kinds of finding, for the set phrases below.
const (
	FindAnglicism app.FindingKind = "fr_anglicism"  // faire du sens, être en charge de
	FindUnitLower app.FindingKind = "fr_unit_lower" // 10 Ampères
	FindUnitSpace app.FindingKind = "fr_unit_space" // 80kg, 8%
	FindHour      app.FindingKind = "fr_hour"       // 20h30

	FindFaitInfinitive app.FindingKind = "fr_fait_infinitive" // il les a faits fuir
	FindSiConditional  app.FindingKind = "fr_si_conditional"  // si j’aurais su
)

// setPhrase is a phrase written with a word that sounds like, or is
// taken from English instead of, the right one; the fix replaces the
// whole match. sure says whether the phrase cannot be right as written
// (an error) or may be (a warning).
type setPhrase struct {
	kind app.FindingKind
	key  string // in the sentence in lower case, straight apostrophes, when the phrase may be
	re   *regexp.Regexp
	fix  string
	sure bool
}

// idioms are set phrases that keep one spelling of a homophone (une
// faim de loup, jouer au golf) and the common anglicisms of marketing
// French (faire du sens, être en charge de, sauver du temps). None comes
// from the proofbench corpus: entries that matched its sentences were
// taken out (README, "Proofreading benchmark").
var idioms = []setPhrase{
	// Homophones within set phrases.
	{FindHomophone, "fin de loup", wordRe(true, `fin de loup`), "faim de loup", true},
	{FindHomophone, "comptes", wordRe(true, `(comptes?) (de fées|pour enfants|de Noël)`), "conte $2", false},
	{FindHomophone, "golfe", wordRe(true, `(jou\p{L}*) au golfe`), "$1 au golf", true},
	{FindHomophone, "golfe", wordRe(true, `(terrains?|clubs?|balles?|parties?|parcours|joueurs?|joueuses?|tournois?) de golfe`), "$1 de golf", true},
	{FindHomophone, "lieux", wordRe(true, `(cent|mille|des) lieux (de|d['’])`), "$1 lieues $2", true},
	{FindHomophone, "côte", wordRe(true, `(a|ai|as|avons|avez|ont|avait|avaient|avoir) (plus |toujours |encore |pas |vraiment )?la côte( auprès| chez|\s*$)`), "$1 ${2}la cote$3", false},
	{FindHomophone, "outremer", wordRe(true, `(vivre|vit|vivent|vis|habite|habitent|habiter|partir|part|partent) outremer`), "$1 outre-mer", false},

	// Anglicisms.
	{FindAnglicism, "du sens", wordRe(true, `(fai[ts]|faire|font|faisait|faisaient|fera|ferait) du sens`), "a du sens", false},
	{FindAnglicism, "en charge", wordRe(true, `(être|suis|es|est|sommes|êtes|sont|était|serai|sera) en charge (de|du|des|d['’])`), "$1 chargé $2", false},
	{FindAnglicism, "appliquer pour", wordRe(true, `(appliquer|applique|appliquez|appliqué) pour (un|une|le|la|ce|cet|cette) (poste|emploi|job|bourse|stage)`), "postuler à $2 $3", false},
	{FindAnglicism, "en autant", wordRe(true, `en autant (que|qu['’])`), "pourvu $1", false},
	{FindAnglicism, "excité ", wordRe(true, `excité (de|d['’])`), "ravi $1", false},
	{FindAnglicism, "excitée ", wordRe(true, `excitée (de|d['’])`), "ravie $1", false},
	{FindAnglicism, "excités ", wordRe(true, `excités (de|d['’])`), "ravis $1", false},
	{FindAnglicism, "excitées ", wordRe(true, `excitées (de|d['’])`), "ravies $1", false},
	{FindAnglicism, "sauver", wordRe(true, `(sauver|sauvez|sauve|sauvent) du temps`), "gagner du temps", false},
	{FindAnglicism, "en ligne avec", wordRe(true, `en ligne avec (nos|vos|leurs|ses|les|mes|tes|notre|votre|leur) (valeurs|objectifs|attentes|besoins|priorités)`), "en accord avec $1 $2", false},
	{FindAnglicism, "adresser", wordRe(true, `adresser (le|ce|un|les|ces|cette|cet|la) (problème|problèmes|enjeu|enjeux|question|questions)`), "traiter $1 $2", false},
	{FindAnglicism, "prendre une marche", wordRe(true, `(prendre|prends|prend|prenez|prenons) une marche`), "faire une promenade", false},
}

// idiomPhrases flags the idioms within the sentence's words.
func (c *checker) idiomPhrases() { c.flagPhrases(idioms) }

// flagPhrases flags each set phrase of list found within the sentence's
// words, the whole match replaced by its fix.
func (c *checker) flagPhrases(list []setPhrase) {
	if len(c.s) == 0 {
		return
	}
	start, end := c.s[0].start, c.s[len(c.s)-1].end
	seg := c.text[start:end]
	low := strings.ReplaceAll(strings.ToLower(seg), "’", "'")
	for _, p := range list {
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
			c.report(p.kind, sev, i, j, nil, fix)
		}
	}
}
