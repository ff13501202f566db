package french

import (
	"regexp"
	"strings"

	"github.com/relais-app/relais/app"
)

// More kinds of finding, for the set phrases below.
const (
	FindAnglicism   app.FindingKind = "fr_anglicism"    // passer une loi, faire du sens
	FindCapitalName app.FindingKind = "fr_capital_name" // un coup d’état, mon dieu
	FindUnitLower   app.FindingKind = "fr_unit_lower"   // 10 Ampères
	FindUnitSpace   app.FindingKind = "fr_unit_space"   // 80kg, 8%
	FindHour        app.FindingKind = "fr_hour"         // 20h30

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

// idioms are set phrases that keep one spelling of a homophone (au gré
// de, de plain-pied, une fosse commune), the capital of a sense (un
// coup d’État, le Moyen Âge) and the common anglicisms of Canadian and
// marketing French (passer une loi, faire du sens), as French grammar
// checkers list them.
var idioms = []setPhrase{
	// Homophones within set phrases.
	{FindHomophone, "de puis", wordRe(true, `de puis`), "depuis", true},
	{FindHomophone, "pied", wordRe(true, `(de|à) (plein[ -]pied|plain pied)`), "$1 plain-pied", true},
	{FindHomophone, "mêle", wordRe(true, `(pelle|pèle|pêle)[ -]m[eê]le|pelle-mêle`), "pêle-mêle", true},
	{FindHomophone, "en train", wordRe(true, `(sans|avec|plein d['’]|de l['’]|manque d['’]|beaucoup d['’]) en train`), "$1 entrain", true},
	{FindHomophone, "grès", wordRe(true, `(au|aux) grès (de|du|des|d['’])`), "au gré $2", true},
	{FindHomophone, "de cœur", wordRe(true, `(enfants?) de (cœur|coeur)`), "$1 de chœur", true},
	{FindHomophone, "de la fin", wordRe(true, `(grèves?|mourir|meurt|meurent|crever|crève|crèvent) de la fin`), "$1 de la faim", true},
	{FindHomophone, "fin de loup", wordRe(true, `fin de loup`), "faim de loup", true},
	{FindHomophone, "conte", wordRe(true, `(règlements?) de contes?`), "$1 de comptes", true},
	{FindHomophone, "comptes", wordRe(true, `(comptes?) (de fées|pour enfants|de Noël)`), "conte $2", false},
	{FindHomophone, "amande", wordRe(true, `(mis|mise|mises|mettre|mettent|met|condamné|condamnée|condamnés|condamnées|condamner) à l['’]amande`), "$1 à l’amende", true},
	{FindHomophone, "fausse", wordRe(true, `(fausses?) (communes?)`), "fosse $2", true},
	{FindHomophone, "geai", wordRe(true, `(noir|noire|noirs|noires) comme (du )?geai`), "$1 comme ${2}jais", true},
	{FindHomophone, "huit clos", wordRe(true, `huit clos`), "huis clos", true},
	{FindHomophone, "golfe", wordRe(true, `(jou\p{L}*) au golfe`), "$1 au golf", true},
	{FindHomophone, "golfe", wordRe(true, `(terrains?|clubs?|balles?|parties?|parcours|joueurs?|joueuses?|tournois?) de golfe`), "$1 de golf", true},
	{FindHomophone, "lieux", wordRe(true, `(cent|mille|des) lieux (de|d['’])`), "$1 lieues $2", true},
	{FindHomophone, "flamand", wordRe(true, `flamands? roses?`), "flamants roses", true},
	{FindHomophone, "du point", wordRe(true, `(tap\p{L}*|frapp\p{L}*|cogn\p{L}*) du point`), "$1 du poing", true},
	{FindHomophone, "conjecture", wordRe(true, `conjecture (économique|actuelle|politique|internationale|sociale|favorable|défavorable)`), "conjoncture $1", false},
	{FindHomophone, "voix de", wordRe(true, `par voix de conséquence`), "par voie de conséquence", true},
	{FindHomophone, "fond", wordRe(true, `fond (monétaire|de commerce|de pension|d['’]investissement|de placement)`), "fonds $1", true},
	{FindHomophone, "boisson", wordRe(true, `(débits?) de boisson`), "$1 de boissons", true},
	{FindHomophone, "dès", wordRe(true, `(les|des|mes|tes|ses|nos|vos|leurs) dès`), "$1 dés", true},
	{FindHomophone, "son plein", wordRe(true, `bas son plein`), "bat son plein", true},
	{FindHomophone, "ris", wordRe(true, `ris (pilaf|basmati|cantonais|au lait|complet|gluant|thaï)`), "riz $1", true},
	{FindHomophone, "sceau", wordRe(true, `(sceaux?) (d['’]eau|en plastique|de plage|à champagne|à glace|en métal)`), "seau $2", true},
	{FindHomophone, "aminé", wordRe(true, `(dessins?) (aminés?)`), "$1 animé", true},
	{FindHomophone, "aire", wordRe(true, `aires? (glaciaires?|chrétienne|numérique|tertiaire|quaternaire|jurassique)`), "ère $1", true},
	{FindHomophone, "pause", wordRe(true, `(la|une) pause (du carrelage|de carrelage|des ardoises|de la moquette|du parquet|de la tapisserie|du papier peint|de la première pierre|de prothèse)`), "$1 pose $2", true},
	{FindHomophone, "dégoutt", wordRe(true, `((?:m['’]|t['’]|l['’]|nous |vous |les )(?:a|ai|as|avait|avais|ont|avaient|aura)|suis|es|est|sommes|êtes|sont|être|étais|était) dégoutt(é|ée|és|ées)`), "$1 dégoût$2", true},
	{FindHomophone, "sans-gène", wordRe(true, `sans-gène`), "sans-gêne", true},
	{FindHomophone, "quelquefois", wordRe(true, `(les|des|ces|quelques|certaines|rares) quelquefois`), "$1 quelques fois", true},
	{FindHomophone, "parti", wordRe(true, `(fai[st]|faire|font|faisons|faites|faisait|faisaient|fera|feront|fasse|fassent) parti (ma|ta|sa|mon|ton|son|notre|votre|leur|nos|vos|leurs|intégrante)`), "$1 partie $2", true},
	{FindHomophone, "banc", wordRe(true, `(mis|mise|mises|mettre|mettent|met|mettait) au banc (de la société|des nations|de l['’]Europe|de l['’]empire|de l['’]humanité)`), "$1 au ban $2", true},
	{FindHomophone, "imminent", wordRe(true, `(professeurs?|spécialistes?|chercheurs?|chercheuses?|savants?|scientifiques?|médecins?|chirurgiens?|juristes?|collègues?|confrères?|\p{L}+logues?) immin(ent|ente|ents|entes)`), "$1 émin$2", false},
	{FindHomophone, "compagne", wordRe(true, `(compagnes?) (de presse|publicitaires?|électorales?|de vaccination|de communication|de pub|marketing|d['’]affichage|de dons|de financement)`), "campagne $2", true},
	{FindHomophone, "côte", wordRe(true, `(a|ai|as|avons|avez|ont|avait|avaient|avoir) (plus |toujours |encore |pas |vraiment )?la côte( auprès| chez|\s*$)`), "$1 ${2}la cote$3", false},
	{FindHomophone, "outremer", wordRe(true, `(départements?|territoires?|collectivités?|régions?|France|venus?|venues?|viens|vient|viennent|originaires?|gens|habitants?|produits?) d['’]outremer`), "$1 d’outre-mer", false},
	{FindHomophone, "outremer", wordRe(true, `(vivre|vit|vivent|vis|habite|habitent|habiter|partir|part|partent) outremer`), "$1 outre-mer", false},
	{FindHomophone, "hommes", wordRe(true, `prudes?-hommes|prud-hommes?`), "prud’hommes", true},
	{FindHomophone, "arrivé", wordRe(true, `(lignes?|heures?|points?|dates?|lieux|lieu|gares?|ordre|jour|moment|zones?|hall|aires?) d['’]arrivés?`), "$1 d’arrivée", true},
	{FindHomophone, "mures", wordRe(true, `(aux|de|des|les|confiture de|tarte aux) mures`), "$1 mûres", false},
	{FindHomophone, "mure", wordRe(true, `(sont|est|était|étaient|pas|très|bien|trop|assez|presque) mu(re|res)`), "$1 mû$2", false},
	{FindHomophone, "et demi", wordRe(true, `et demi(e?)s`), "et demi$1", true},
	{FindHomophone, "à demie", wordRe(true, `à demie`), "à demi", true},
	{FindHomophone, "s'en suiv", wordRe(true, `(s['’])en suiv(\p{L}*)`), "${1}ensuiv$2", true},
	{FindHomophone, "est en allé", wordRe(true, `(s['’])est en (allée?s?)`), "${1}en est $2", true},
	{FindHomophone, "échappée", wordRe(true, `(l['’](?:a|ai|as|avons|avez|ont|avait|avaient|aurait)) (échappée) belle`), "$1 échappé belle", true},
	{FindHomophone, "dénudé", wordRe(true, `dénud(é|ée|és|ées) (de|d['’])`), "dénu$1 $2", true},

	// A capital for one sense of the word.
	{FindCapitalName, "d'état", wordRe(false, `([Ss]ecrets?|[Cc]oups?|[Cc]hefs?|[Hh]ommes?|[Ff]emmes?|[Rr]aison|[Aa]ffaires?|[Cc]rimes?|[Mm]inistres?|[Cc]onseil|[Cc]onseiller|[Cc]onseillère|[Ss]ecrétaires?) d['’]état`), "$1 d’État", true},
	{FindCapitalName, "de l'état", wordRe(false, `([Ss]ûreté|[Ss]écurité|[Cc]aisses|[Bb]udget|[Ss]ervices|[Aa]gents?|[Rr]éforme|[Cc]hef|[Ii]ntérêt supérieur) de l['’]état`), "$1 de l’État", false},
	{FindCapitalName, "d'église", wordRe(false, `([Hh]ommes?|[Gg]ens|[Ff]emmes?|[Pp]ères?|[Dd]octeurs?) d['’]église`), "$1 d’Église", true},
	{FindCapitalName, "dieu", wordRe(false, `([Mm]on|[Bb]on|[Gg]rand|[Ôô]|[Oo]h) dieu`), "$1 Dieu", false},
	{FindCapitalName, "moyen", wordRe(false, `([Ll]e|[Aa]u|[Dd]u|[Ee]n plein|[Dd]epuis le) [Mm]oyen[ -][ÂâAa]ge`), "$1 Moyen Âge", true},
	{FindCapitalName, "éclair", wordRe(false, `([Ff]ermetures?) éclair`), "$1 Éclair", true},

	// Anglicisms.
	{FindAnglicism, "loi", wordRe(true, `passer (une|la|cette|des|les|leur|sa) (lois?)`), "adopter $1 $2", false},
	{FindAnglicism, "chèque", wordRe(true, `changer (un|le|ce|mon|ton|son|votre|notre|leur) chèque`), "encaisser $1 chèque", false},
	{FindAnglicism, "sur", wordRe(true, `garder l['’](œil|oeil) sur`), "surveiller", false},
	{FindAnglicism, "pour le", wordRe(true, `(changements?) pour le (mieux|pire)`), "$1 en $2", false},
	{FindAnglicism, "justifié", wordRe(true, `être (justifiée?s?) de`), "être en droit de", false},
	{FindAnglicism, "livraison", wordRe(true, `(payables?) sur livraison`), "$1 à la livraison", false},
	{FindAnglicism, "groupe", wordRe(true, `(assurances?) de groupe`), "$1 collective", false},
	{FindAnglicism, "coupure", wordRe(true, `(coupures?) (de postes?|d['’]emplois?)`), "suppressions $2", false},
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

	// Pleonasms.
	{FindStyle, "d'avenir", wordRe(true, `(perspectives?) d['’]avenir`), "$1", false},
	{FindStyle, "devant", wordRe(true, `(bel|brillant|grand|bon) avenir devant (toi|lui|elle|vous|nous|eux|soi|elles)`), "$1 avenir", false},

	// Hyphens.
	{FindHyphen, "-quarts", wordRe(true, `(trois)-(quarts)`), "$1 $2", false},
	{FindHyphen, "-tiers", wordRe(true, `(deux)-(tiers)`), "$1 $2", false},
	{FindHyphen, "non recevoir", wordRe(true, `non recevoir`), "non-recevoir", true},
}

// idiomPhrases flags the idioms within the sentence's words.
func (c *checker) idiomPhrases() {
	if len(c.s) == 0 {
		return
	}
	start, end := c.s[0].start, c.s[len(c.s)-1].end
	seg := c.text[start:end]
	low := strings.ReplaceAll(strings.ToLower(seg), "’", "'")
	for _, p := range idioms {
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
			c.keepCase = p.kind == FindCapitalName
			c.report(p.kind, sev, i, j, nil, fix)
			c.keepCase = false
		}
	}
}
