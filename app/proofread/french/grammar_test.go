package french

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread/hunspell"
	"github.com/relais-app/relais/assets/dictionaries"
)

var (
	loadOnce sync.Once
	grammar  *Grammar
	loadErr  error
)

func load(tb testing.TB) *Grammar {
	tb.Helper()
	loadOnce.Do(func() {
		var d *hunspell.Dictionary
		d, loadErr = hunspell.Load(bytes.NewReader(dictionaries.FrAff), bytes.NewReader(dictionaries.FrDic))
		if loadErr == nil {
			grammar = New(d)
		}
	})
	if loadErr != nil {
		tb.Fatal(loadErr)
	}
	return grammar
}

// flagged is a row: the sentence, the kind expected, the words flagged
// (text of the finding) and its first fix. An empty kind means no
// finding at all.
type flagged struct {
	text, kind, word, fix string
}

func check(t *testing.T, rows []flagged) {
	t.Helper()
	g := load(t)
	for _, r := range rows {
		got, err := g.Check(context.Background(), r.text, func(string) bool { return false })
		if err != nil {
			t.Fatal(err)
		}
		if r.kind == "" {
			if len(got) != 0 {
				t.Errorf("%q: got %s, want nothing", r.text, describe(got))
			}
			continue
		}
		ok := false
		for _, f := range got {
			if string(f.Kind) == r.kind && f.Text == r.word && (r.fix == "" || len(f.Fixes) > 0 && f.Fixes[0] == r.fix) {
				ok = true
			}
			if r.text[f.Start:f.End] != f.Text {
				t.Errorf("%q: finding %q at %d:%d does not match the text", r.text, f.Text, f.Start, f.End)
			}
		}
		if !ok {
			t.Errorf("%q: got %s, want %s on %q → %q", r.text, describe(got), r.kind, r.word, r.fix)
		}
	}
}

func describe(fs []app.Finding) string {
	if len(fs) == 0 {
		return "nothing"
	}
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(string(f.Kind) + " on «" + f.Text + "» → " + strings.Join(f.Fixes, "|") + "; ")
	}
	return b.String()
}

func TestAAccent(t *testing.T) {
	check(t, []flagged{
		{"Je pense a toi ce soir.", "fr_a_prep", "a", "à"},
		{"Rendez-vous demain, a 14h30 devant la boutique.", "fr_a_prep", "a", "à"},
		{"Nous ouvrons a partir de lundi.", "fr_a_prep", "a", "à"},
		{"Grâce a vous, la collecte est un succès.", "fr_a_prep", "a", "à"},
		{"Il à gagné le concours.", "fr_a_verb", "à", "a"},
		{"Elle nous à tout expliqué.", "fr_a_verb", "à", "a"},
		{"Le chef a préparé un menu de saison.", "", "", ""},
		{"Il y a du monde à la boutique.", "", "", ""},
		{"Julie a 20 ans aujourd’hui.", "", "", ""},
		{"Ce que tu dis a du sens.", "", "", ""},
		{"On se retrouve à 14h30 à Lyon.", "", "", ""},
		{"Il chante a cappella ce soir.", "", "", ""},
	})
}

func TestOuOu(t *testing.T) {
	check(t, []flagged{
		{"Là ou nous allons, il fait beau.", "fr_ou_where", "ou", "où"},
		{"D'ou venez-vous ?", "fr_ou_where", "ou", "où"},
		{"Au moment ou la vente commence, tout part.", "fr_ou_where", "ou", "où"},
		{"Ou est la boutique ?", "fr_ou_where", "Ou", "Où"},
		{"Tu préfères le rouge où le bleu ? Oui où non ?", "fr_ou_or", "où", "ou"},
		{"Vous venez à 10 où 11 heures ?", "fr_ou_or", "où", "ou"},
		{"Café ou thé ? La ville où je suis né.", "", "", ""},
	})
}

func TestEtEst(t *testing.T) {
	check(t, []flagged{
		{"Il et parti tôt ce matin.", "fr_et_est", "et", "est"},
		{"Elle n’et pas là aujourd’hui.", "fr_et_est", "et", "est"},
		{"Moi est toi, nous partons.", "fr_est_et", "est", "et"},
		{"Paul et Marie sont là, et il est content.", "", "", ""},
		{"Elle est belle et elle chante.", "", "", ""},
	})
}

func TestSonSontOnOnt(t *testing.T) {
	check(t, []flagged{
		{"Ils son partis en vacances.", "fr_son_sont", "son", "sont"},
		{"Les enfants son contents du spectacle.", "fr_son_sont", "son", "sont"},
		{"Il est venu avec sont chien.", "fr_sont_son", "sont", "son"},
		{"Ils on mangé au restaurant.", "fr_on_ont", "on", "ont"},
		{"Demain ont va au marché.", "fr_ont_on", "ont", "on"},
		{"Ils sont arrivés avec son frère.", "", "", ""},
		{"On a mangé, puis ils ont chanté.", "", "", ""},
	})
}

func TestCesCest(t *testing.T) {
	check(t, []flagged{
		{"Ces un plaisir de vous accueillir.", "fr_ces_cest", "Ces", "C’est"},
		{"Il c’est trompé de jour.", "fr_cest_sest", "c’est", "s’est"},
		{"S'est une belle journée.", "fr_sest_cest", "S'est", "C'est"},
		{"C’est vacances sont finies.", "fr_cest_ces", "C’est", "Ces"},
		{"Ces produits sont frais ; c’est un plaisir. Elle s’est levée tôt.", "", "", ""},
	})
}

func TestVerbForms(t *testing.T) {
	check(t, []flagged{
		{"J’ai manger une crêpe.", "fr_participle", "manger", "mangé"},
		{"Nous avons terminer la saison.", "fr_participle", "terminer", "terminé"},
		{"Vous avez gagnez un bon d’achat.", "fr_participle", "gagnez", "gagné"},
		{"Elle est aller au salon.", "fr_participle", "aller", "allée"},
		{"Je vais préparé le stand.", "fr_infinitive", "préparé", "préparer"},
		{"Pour préparé la fête, nous avons besoin de vous.", "fr_infinitive", "préparé", "préparer"},
		{"Vous pouvez réservez dès maintenant.", "fr_infinitive", "réservez", "réserver"},
		{"N’oubliez pas de partagé ce post.", "fr_infinitive", "partagé", "partager"},
		{"Il faut commandé avant jeudi.", "fr_infinitive", "commandé", "commander"},
		{"J’ai mangé, je vais préparer le stand, il faut commander.", "", "", ""},
		{"Rien de prévu ce soir, pour changer.", "", "", ""},
		{"Nous avons à manger pour tout le monde.", "", "", ""},
	})
}

func TestAgreement(t *testing.T) {
	check(t, []flagged{
		{"Découvrez les offres exceptionnel de la semaine.", "fr_agreement", "exceptionnel", "exceptionnelles"},
		{"Les nouveau produits arrivent.", "fr_agreement", "nouveau", "nouveaux"},
		{"Nous avons des produit locaux.", "fr_agreement", "produit", "produits"},
		{"Une offre exceptionnel vous attend.", "fr_agreement", "exceptionnel", "exceptionnelle"},
		{"Les offres exceptionnelles de la semaine sont là.", "", "", ""},
		{"Je les aime, il le porte, elle la trouve belle.", "", "", ""},
	})
}

func TestSubjectVerb(t *testing.T) {
	check(t, []flagged{
		{"Ils mange au restaurant ce soir.", "fr_subject_verb", "mange", "mangent"},
		{"Je finissent tôt.", "fr_subject_verb", "finissent", "finis"},
		{"Elles arrive demain.", "fr_subject_verb", "arrive", "arrivent"},
		{"Ils mangent, elle arrive, nous partons, vous chantez.", "", "", ""},
		{"Il nous parle et vous écoute.", "", "", ""},
	})
}

func TestEtreAgreement(t *testing.T) {
	check(t, []flagged{
		{"Elles sont arrivé hier soir.", "fr_etre_agreement", "arrivé", "arrivées"},
		{"Ils sont parti tôt.", "fr_etre_agreement", "parti", "partis"},
		{"Elle est content du résultat.", "fr_etre_agreement", "content", "contente"},
		{"Elles sont arrivées, il est parti, elles se sont lavé les mains.", "", "", ""},
	})
}

func TestAvoirAgreement(t *testing.T) {
	check(t, []flagged{
		{"Ils ont mangés au restaurant.", "fr_avoir_agree", "mangés", "mangé"},
		{"Les clients ont adorée la nouvelle carte.", "fr_avoir_agree", "adorée", "adoré"},
		{"Les photos que j’ai prises sont belles. Je les ai vues.", "", "", ""},
	})
}

func TestLowercase(t *testing.T) {
	check(t, []flagged{
		{"Rendez-vous Samedi à la boutique.", "fr_lowercase", "Samedi", "samedi"},
		{"Ouverture le 3 Janvier.", "fr_lowercase", "Janvier", "janvier"},
		{"Lundi, on ouvre. Fêtons Mardi Gras le 4 mars.", "", "", ""},
	})
}

func TestElision(t *testing.T) {
	check(t, []flagged{
		{"Merci de avoir participé.", "fr_elision", "de avoir", "d’avoir"},
		{"Bienvenue à la entrée du parc.", "fr_elision", "la entrée", "l’entrée"},
		{"Je ne sais pas si il vient.", "fr_elision", "si il", "s’il"},
		{"Je ai hâte de vous voir.", "fr_elision", "Je ai", "J’ai"},
		{"Le héros de la soirée, le onze de départ, la une du journal.", "", "", ""},
	})
}

func TestCommunityPostsStayClean(t *testing.T) {
	check(t, []flagged{
		{"🎉 Nouveau : nos croissants au beurre sont arrivés ! Rendez-vous samedi dès 8h30 👉 https://example.org/boutique #Boulangerie @marie", "", "", ""},
		{"Soldes d’hiver : -30 % sur toute la collection, jusqu’au 31 janvier.", "", "", ""},
		{"Merci à toutes et à tous pour vos messages, on a hâte de vous retrouver !", "", "", ""},
		{"Notre équipe vous attend à 14h30 pour l’atelier, places limitées.", "", "", ""},
		{"Le prix : 12,50 € la box, livraison offerte dès 30 €.", "", "", ""},
		{"Vous avez été nombreux à participer, merci ! Le gagnant sera annoncé lundi.", "", "", ""},
		{"Qui a deviné la réponse ? Dites-le-nous en commentaire 👇", "", "", ""},
		{"Les inscriptions sont ouvertes : réservez votre place dès maintenant.", "", "", ""},
		{"On vous a préparé une surprise pour la fête des mères.", "", "", ""},
		{"Nous serons fermés du 1er au 15 août, bonnes vacances à tous !", "", "", ""},
		{"Elle a adoré la nouvelle recette, et vous ?", "", "", ""},
		{"Il faut que je vous parle de notre nouvelle gamme.", "", "", ""},
		{"Ils ont été ravis de leur visite chez nous.", "", "", ""},
		{"Venez découvrir nos nouveautés et profiter des offres du week-end.", "", "", ""},
		{"Un grand merci à nos clients fidèles, vous êtes formidables.", "", "", ""},
	})
}

func TestPersonalWordsAreLeftAlone(t *testing.T) {
	g := load(t)
	got, err := g.Check(context.Background(), "Ils mange chez Boulangix.", func(w string) bool { return w == "mange" })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("got %s, want nothing on a personal word", describe(got))
	}
}

func BenchmarkCheckPost(b *testing.B) {
	g := load(b)
	post := "🎉 Les offres exceptionnel de la semaine sont arrivé ! Je vais préparé le stand samedi, et on vous attend a 14h30 avec des croissants tout chaud. Nous avons manger trop de chocolat, ils son partis ou ? Réservez dès maintenant sur https://example.org #Boulangerie @marie, c'est le moment ou jamais de profiter des prix. Merci de avoir partagé !"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g.Check(context.Background(), post, func(string) bool { return false })
	}
}

func TestCopulaAgreement(t *testing.T) {
	check(t, []flagged{
		{"Les nouvelles boxes peuvent être commandé en ligne.", "fr_etre_agreement", "commandé", "commandées"},
		{"Elles ont été ravi de leur visite.", "fr_etre_agreement", "ravi", "ravies"},
		{"Tu n’étais pas très contents.", "fr_etre_agreement", "contents", "content"},
		{"Ces clientes qui sont fidèle méritent un cadeau.", "fr_etre_agreement", "fidèle", "fidèles"},
		{"Les boxes peuvent être commandées en ligne. Elle a l’air ravie.", "", "", ""},
	})
}

func TestNounSubjectVerb(t *testing.T) {
	check(t, []flagged{
		{"Les clients ne l’attend pas.", "fr_subject_verb", "attend", "attendent"},
		{"Vous qui travaille ici, venez goûter.", "fr_subject_verb", "travaille", "travaillez"},
		{"Les clients attendent, vous qui travaillez ici le savez.", "", "", ""},
	})
}

func TestInversion(t *testing.T) {
	check(t, []flagged{
		{"Que pouvait-je faire de plus ?", "fr_subject_verb", "pouvait-je", "pouvais-je"},
		{"Va-il pleuvoir samedi ?", "fr_euphonic_t", "Va-il", "Va-t-il"},
		{"Quand viendras-t-il nous voir ?", "fr_subject_verb", "viendras-t-il", "viendra-t-il"},
		{"Quand vient-t-il nous voir ?", "fr_euphonic_t", "vient-t-il", "vient-il"},
		{"Avez-vous signer le bon de commande ?", "fr_participle", "signer", "signé"},
		{"Est-elle déjà arrivé ?", "fr_etre_agreement", "arrivé", "arrivée"},
		{"Va-t-il pleuvoir ? Vient-il ? Avez-vous signé ? Est-elle arrivée ?", "", "", ""},
	})
}

func TestNounForm(t *testing.T) {
	check(t, []flagged{
		{"On se retrouve au marcher samedi.", "fr_noun_form", "marcher", "marché"},
		{"Son arrivé nous a fait plaisir.", "fr_noun_form", "arrivé", "arrivée"},
		{"On se retrouve au marché, son arrivée nous a fait plaisir, je vais le préparer.", "", "", ""},
	})
}

func TestMoreAAccent(t *testing.T) {
	check(t, []flagged{
		{"Tout a fait d’accord avec vous !", "fr_a_prep", "a", "à"},
		{"Nous sommes prêts a vous accueillir.", "fr_a_prep", "a", "à"},
		{"Tout a changé depuis l’an dernier.", "", "", ""},
	})
}

func TestWriting(t *testing.T) {
	check(t, []flagged{
		{"Je m étais trompé de jour.", "fr_apostrophe", "m étais", "m’étais"},
		{"Il y a beaucoup d’ enfants.", "fr_apostrophe", "d’ enfants", "d’enfants"},
		{"Voila notre nouvelle carte !", "fr_accent", "Voila", "Voilà"},
		{"Nous serons la le 12 mai.", "fr_accent", "la", "là"},
		{"Envoyez-nous un message, s’il-vous-plaît.", "fr_hyphen", "s’il-vous-plaît", "s’il vous plaît"},
		{"Les produits locaux, c’est à dire de saison.", "fr_hyphen", "c’est à dire", "c’est-à-dire"},
		{"Prenez la 2ème rue à droite.", "fr_ordinal", "2ème", "2e"},
		{"C’est à priori complet.", "fr_a_latin", "à", "a"},
		{"Ouvert tout les jours.", "fr_tout", "tout", "tous"},
		{"Tous les semaines, un atelier.", "fr_tout", "Tous", "Toutes"},
		{"Il reste 3 place pour samedi.", "fr_number_noun", "place", "places"},
		{"Voilà, c’est-à-dire la 2e rue, tous les jours, toutes les semaines, 3 places, la salle est là.", "", "", ""},
		{"J’ai 1 enfant et 2 chats.", "", "", ""},
		{"Pas du tout les mêmes, avant tout les vôtres. Le point L est fixe.", "", "", ""},
	})
}

func TestMoreConfusions(t *testing.T) {
	check(t, []flagged{
		{"Je ne sais pas ou aller ce soir.", "fr_ou_where", "ou", "où"},
		{"Vous avez droit a une remise.", "fr_a_prep", "a", "à"},
		{"Ils ne son pas encore là.", "fr_son_sont", "son", "sont"},
		{"Ceux qui on gagné seront contactés.", "fr_on_ont", "on", "ont"},
		{"Ont a hâte de vous voir.", "fr_ont_on", "Ont", "On"},
		{"Un climat très tropicale.", "fr_agreement", "tropicale", "tropical"},
		{"Vous avez droit à une remise, ceux qui ont gagné le savent, on a hâte.", "", "", ""},
		{"À ceux-ci on leur offre un café.", "", "", ""},
	})
}

// BenchmarkCheckPostFirstTime checks the post with empty caches: the cost
// of a text whose words were never seen.
func BenchmarkCheckPostFirstTime(b *testing.B) {
	d := load(b).dict
	post := "🎉 Les offres exceptionnel de la semaine sont arrivé ! Je vais préparé le stand samedi, et on vous attend a 14h30 avec des croissants tout chaud. Nous avons manger trop de chocolat, ils son partis ou ? Réservez dès maintenant sur https://example.org #Boulangerie @marie, c'est le moment ou jamais de profiter des prix. Merci de avoir partagé !"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		New(d).Check(context.Background(), post, func(string) bool { return false })
	}
}

func TestHomophones(t *testing.T) {
	check(t, []flagged{
		{"Sa va être une belle journée.", "fr_homophone", "Sa", "Ça"},
		{"Elle adore ça maison de campagne.", "fr_homophone", "ça", "sa"},
		{"Il ce prépare pour le salon.", "fr_homophone", "ce", "se"},
		{"Rendez-vous se soir au stand.", "fr_homophone", "se", "ce"},
		{"Ils ont apporté leur produits.", "fr_homophone", "leur", "leurs"},
		{"Je leurs dis merci.", "fr_homophone", "leurs", "leur"},
		{"On peu venir sans réserver.", "fr_homophone", "peu", "peut"},
		{"Ajoutez un peut de sel.", "fr_homophone", "peut", "peu"},
		{"Quand à nous, on sera là.", "fr_homophone", "Quand", "Quant"},
		{"Il ma dit que c’était prêt.", "fr_homophone", "ma", "m’a"},
		{"C’est produit est génial.", "fr_cest_ces", "C’est", "Ce"},
		{"Ça va, sa maison est belle, il se prépare, ce soir, leurs produits, je leur dis, on peut venir, un peu de sel, quant à nous, il m’a dit.", "", "", ""},
		{"C’est génial, c’est Marie, c’est nous.", "", "", ""},
	})
}

func TestQueAgreement(t *testing.T) {
	check(t, []flagged{
		{"Les photos que j’ai pris sont en ligne.", "fr_que_agree", "pris", "prises"},
		{"Nous avons mangée trop de crêpes.", "fr_avoir_agree", "mangée", "mangé"},
		{"Les photos que j’ai prises sont en ligne. Nous avons mangé. Le gâteau que j’ai fait.", "", "", ""},
	})
}

func TestEuphonyAndCapitals(t *testing.T) {
	check(t, []flagged{
		{"Découvrez notre nouveau atelier.", "fr_euphony", "nouveau", "nouvel"},
		{"Le site existe aussi en Anglais.", "fr_language_lower", "Anglais", "anglais"},
		{"Beaucoup de touristes ; des allemands adorent la région.", "fr_people_capital", "allemands", "Allemands"},
		{"Une tournée en Amérique du sud.", "fr_point_capital", "sud", "Sud"},
		{"Il reste trois place.", "fr_number_noun", "place", "places"},
		{"Notre nouvel atelier, en anglais, des touristes allemands, le sud de la France, trois places.", "", "", ""},
		{"Deux cent mille visiteurs, trois mille places.", "", "", ""},
	})
}

func TestDates(t *testing.T) {
	check(t, []flagged{
		{"Rendez-vous le 30 février 2027 au stand.", "fr_date", "30 février 2027", ""},
		{"Ouverture le jeudi 5 mars 2027 à 10h.", "fr_weekday", "jeudi", "vendredi"},
		{"Ouverture le vendredi 5 mars 2027 à 10h, et le 29 février 2028.", "", "", ""},
	})
}

func TestSubjunctiveRelativeStyle(t *testing.T) {
	check(t, []flagged{
		{"Il faut que vous venez tôt.", "fr_subjunctive", "venez", "veniez"},
		{"Pour que la fête est réussie, réservez.", "fr_subjunctive", "est", "soit"},
		{"Les clients auquel nous avons écrit.", "fr_relative", "auquel", "auxquels"},
		{"La salle dans lequel nous jouons.", "fr_relative", "lequel", "laquelle"},
		{"Montez en haut de la tour.", "fr_pleonasm", "Montez en haut", "Montez"},
		{"Au jour d’aujourd’hui, tout change.", "fr_pleonasm", "Au jour d’aujourd’hui", "Aujourd’hui"},
		{"Comptez une demi heure de route.", "fr_hyphen", "demi heure", "demi-heure"},
		{"Du pain, des croissants etc.", "fr_etc", "croissants etc", ""},
		{"Il faut que vous veniez tôt. La salle dans laquelle nous jouons. Montez. Une demi-heure. Du pain, des croissants, etc.", "", "", ""},
	})
}

func TestSetPhrases(t *testing.T) {
	check(t, []flagged{
		{"Marie fait parti de l’équipe depuis mars.", "fr_homophone", "fait parti de", "fait partie de"},
		{"Bien sur, on vous attend !", "fr_homophone", "Bien sur", "Bien sûr"},
		{"Je suis sur que vous allez adorer.", "fr_homophone", "suis sur que", "suis sûr que"},
		{"Rendez-vous compte : je ne me suis pas rendu conte de l’heure.", "fr_homophone", "rendu conte", "rendu compte"},
		{"Quelque soit la météo, on sera là.", "fr_homophone", "Quelque soit", "Quel que soit"},
		{"Nous sommes entrain de préparer la fête.", "fr_homophone", "entrain de", "en train de"},
		{"On a rien oublié.", "fr_missing_ne", "On a", "On n’a"},
		{"On vous a jamais oubliés.", "fr_missing_ne", "On vous", "On ne vous"},
		{"Il fait partie de l’équipe. Bien sûr ! Je suis sûr que oui. Quel que soit le temps. On n’a rien oublié. On a tout. Le bateau est sur le lac.", "", "", ""},
	})
}

func TestMorePhrases(t *testing.T) {
	check(t, []flagged{
		{"Plusieurs des ces offres finissent ce soir.", "fr_homophone", "des ces", "de ces"},
		{"Ces box coûtent chères.", "fr_homophone", "coûtent chères", "coûtent cher"},
		{"Ça vous gène si on filme ?", "fr_homophone", "vous gène", "vous gêne"},
		{"La réponse est presqu’exacte.", "fr_homophone", "presqu’exacte", "presque exacte"},
		{"Toute cet équipement est neuf.", "fr_tout", "Toute", "Tout"},
		{"Voir les photos ci dessous.", "fr_hyphen", "ci dessous", "ci-dessous"},
		{"Des fleurs pour la saint Valentin.", "fr_hyphen", "la saint Valentin", "la Saint-Valentin"},
		{"J’ai dû mangé trop vite.", "fr_infinitive", "mangé", "manger"},
		{"Il nous a informée hier.", "fr_avoir_agree", "informée", "informées"},
		{"La recette que j’ai beaucoup aimé.", "fr_que_agree", "aimé", "aimée"},
		{"As-tu eus le message ?", "fr_avoir_agree", "eus", "eu"},
		{"Plusieurs de ces offres. Ça coûte cher. Ça vous gêne ? Une presqu’île. Tout cet équipement. Ci-dessous. La Saint-Valentin. J’ai dû manger. Il nous a informés. As-tu eu le message ?", "", "", ""},
	})
}

func TestClassicConfusions(t *testing.T) {
	check(t, []flagged{
		{"Il était sensé nous prévenir.", "fr_homophone", "sensé nous", "censé nous"},
		{"Vous cherchez quelque-chose ?", "fr_homophone", "quelque-chose", "quelque chose"},
		{"Vous aurez à faire à notre équipe.", "fr_homophone", "aurez à faire à", "aurez affaire à"},
		{"C’est quelle que part en ville.", "fr_homophone", "quelle que part", "quelque part"},
		{"Cette journée était fatiguante.", "fr_homophone", "fatiguante", "fatigante"},
		{"Il n’y a guerre de monde.", "fr_homophone", "guerre", "guère"},
		{"Découvrez d’avantage nos produits.", "fr_homophone", "d’avantage", "davantage"},
		{"Il n’y a pas d’avantage à attendre.", "", "", ""},
		{"Nous aimerions en savoir d’avantage.", "fr_homophone", "d’avantage", "davantage"},
		{"Vous avez forcement raison.", "fr_homophone", "forcement", "forcément"},
		{"Veuillez à ce que tout soit prêt.", "fr_homophone", "Veuillez à ce que", "Veillez à ce que"},
		{"Il était censé venir. Quelque chose. Vous aurez affaire à nous. Quelque part. Fatigante. Il n’y a guère de monde. La guerre est finie. En fatiguant. Vous avez forcément raison. Veillez à ce que tout soit prêt.", "", "", ""},
	})
}

func TestGreetingsAndDeterminers(t *testing.T) {
	check(t, []flagged{
		{"Bonne anniversaire à notre boutique !", "fr_agreement", "Bonne", "Bon"},
		{"Joyeux fêtes à tous !", "fr_agreement", "Joyeux", "Joyeuses"},
		{"Quel belle journée !", "fr_agreement", "Quel", "Quelle"},
		{"Ouvert chaque jours de la semaine.", "fr_agreement", "jours", "jour"},
		{"Concours : 3 places à gagné ce week-end.", "fr_infinitive", "gagné", "gagner"},
		{"Bon anniversaire ! Joyeuses fêtes ! Quelle belle journée ! Chaque jour. 3 places à gagner. Elle a gagné.", "", "", ""},
	})
}

func TestMoreNounPhrases(t *testing.T) {
	check(t, []flagged{
		{"Merci pour ce beau cadeaux.", "fr_agreement", "cadeaux", "cadeau"},
		{"On est ouvert, mais la terrasse est fermé.", "fr_etre_agreement", "fermé", "fermée"},
		{"Merci a tous pour vos messages.", "fr_a_prep", "a", "à"},
		{"Merci pour ce beau cadeau, la terrasse est fermée, merci à tous.", "", "", ""},
	})
}

// Posts written in a hurry, each with the mistake a community manager
// makes: the grammar finds it and offers the fix (sentences of our own;
// Grammalecte, run locally on them for comparison, finds most of them
// too, and a few that are not here).
func TestHurriedPosts(t *testing.T) {
	check(t, []flagged{
		{"Nous avons étaient ravis de vous accueillir.", "fr_participle", "étaient", "été"},
		{"Vous étiez nombreux a participer au jeu.", "fr_a_prep", "a", "à"},
		{"Je vous est préparé une surprise.", "fr_subject_verb", "est", "suis"},
		{"Toute l'équipe vous souhaitent de bonnes fêtes.", "fr_subject_verb", "souhaitent", "souhaite"},
		{"Les clients on adoré notre nouvelle carte.", "fr_on_ont", "on", "ont"},
		{"N'hésitez pas à nous envoyez vos photos.", "fr_infinitive", "envoyez", "envoyer"},
		{"Venez découvrir nos nouvelle collections.", "fr_agreement", "nouvelle", "nouvelles"},
		{"Ce week-end, on vous attends au marché.", "fr_subject_verb", "attends", "attend"},
		{"Elle sont ravies de leur visite.", "fr_subject_verb", "sont", "est"},
		{"Les places sont limités, réservez vite.", "fr_etre_agreement", "limités", "limitées"},
		{"La boutique sera fermée pendant les vacances scolaire.", "fr_agreement", "scolaire", "scolaires"},
		{"Ils ont étés très nombreux cette année.", "fr_participle", "étés", "été"},
		{"Notre équipe est à votre écoute pour répondre a vos questions.", "fr_a_prep", "a", "à"},
		{"Les gâteaux ont été préparés par nos pâtissier.", "fr_agreement", "pâtissier", "pâtissiers"},
		{"Profitez de nos offres exceptionnelles jusqu'a dimanche.", "fr_a_prep", "a", "à"},
		{"Je suis très contente de vous annoncez la nouvelle.", "fr_infinitive", "annoncez", "annoncer"},
		{"Venez nombreux, l'entrée est gratuit.", "fr_etre_agreement", "gratuit", "gratuite"},
		{"Les gagnants seront contacté par message privé.", "fr_etre_agreement", "contacté", "contactés"},
		{"Vous pouvez nous retrouvez sur place dès 9h.", "fr_infinitive", "retrouvez", "retrouver"},
		{"On a était très touchés par vos messages.", "fr_participle", "était", "été"},
		{"Cette année encore, nous serons présent au salon.", "fr_etre_agreement", "présent", "présents"},
		{"Nos produits sont fabriquer dans notre atelier.", "fr_participle", "fabriquer", "fabriqués"},
		{"Le jeu-concours se termine ce soir a minuit.", "fr_a_prep", "a", "à"},
		{"Il y a t'il encore des places ?", "fr_euphonic_t", "a t'il", "a-t-il"},
		{"Nous avons reçus beaucoup de messages.", "fr_avoir_agree", "reçus", "reçu"},
	})
}

func TestMoreHurriedPosts(t *testing.T) {
	check(t, []flagged{
		{"Les résultats seront annoncer lundi prochain.", "fr_participle", "annoncer", "annoncés"},
		{"Les inscriptions se termine vendredi.", "fr_subject_verb", "termine", "terminent"},
		{"N'hésitez pas a partager la publication.", "fr_a_prep", "a", "à"},
		{"Les produits que vous avez commandé sont prêts.", "fr_que_agree", "commandé", "commandés"},
		{"Nous avons pleins de surprises pour vous.", "fr_homophone", "avons pleins de", "avons plein de"},
		{"Rejoignez nous pour fêter nos dix ans.", "fr_hyphen", "Rejoignez nous", "Rejoignez-nous"},
		{"Les billets sont en vente, dépêchez vous !", "fr_hyphen", "dépêchez vous", "dépêchez-vous"},
		{"Ils se sont rendus compte de l'erreur.", "fr_homophone", "se sont rendus compte", "se sont rendu compte"},
		{"Chaque participant recevras un cadeau.", "fr_subject_verb", "recevras", "recevra"},
		{"Vous avez été plus de mille a voter.", "fr_a_prep", "a", "à"},
		{"Venez vite, il reste peut de places.", "fr_homophone", "peut", "peu"},
		{"Ma sœur et moi avons décidé de lancer notre marque. Rejoignez-nous ! Vous nous aimez. Prenez la route. Il peut de temps en temps pleuvoir. Les mains pleines de farine.", "", "", ""},
		{"Nos bougies sont là, venez les decouvrir en boutique.", "", "", ""}, // a misspelt verb after the pronoun: no hyphen asked
	})
}

func TestThirdHurriedPosts(t *testing.T) {
	check(t, []flagged{
		{"Les soldes commence mercredi à 8h.", "fr_subject_verb", "commence", "commencent"},
		{"Nos horaires change à partir du 1er juillet.", "fr_subject_verb", "change", "changent"},
		{"La gagnante à été tirée au sort.", "fr_a_verb", "à", "a"},
		{"Leurs produits sont toujours aussi bon.", "fr_etre_agreement", "bon", "bons"},
		{"Les colis seront expédier dès lundi.", "fr_participle", "expédier", "expédiés"},
		{"Les soldes commencent, nos horaires changent, les autres comptes apportent du neuf, le bureau de change ferme.", "", "", ""},
	})
}

func TestFourthHurriedPosts(t *testing.T) {
	check(t, []flagged{
		{"C'est vous qui avez gagnez !", "fr_participle", "gagnez", "gagné"},
		{"Les personnes qui souhaite participer doivent s'inscrire.", "fr_subject_verb", "souhaite", "souhaitent"},
		{"Nous serons heureux de vous conseillez.", "fr_infinitive", "conseillez", "conseiller"},
		{"Pour tout renseignements, contactez-nous.", "fr_agreement", "renseignements", "renseignement"},
		{"Les animations prévue ce week-end sont annulées.", "fr_agreement", "prévue", "prévues"},
		{"Les offres sont valable jusqu'à épuisement des stocks.", "fr_etre_agreement", "valable", "valables"},
		{"Un grand merci à tout ceux qui sont venus.", "fr_tout", "tout", "tous"},
		{"C'est vous qui avez gagné ! Merci à tous ceux qui sont venus. Pour tout renseignement. Les animations prévues.", "", "", ""},
	})
}

func TestGenderBeforeAVowel(t *testing.T) {
	check(t, []flagged{
		{"Nous avons fait un erreur sur votre commande.", "fr_gender", "un", "une"},
		{"Profitez de cette avantage exclusif.", "fr_gender", "cette", "cet"},
		{"Une erreur, un avion, cet avantage, une offre, mon amie.", "", "", ""},
	})
}
