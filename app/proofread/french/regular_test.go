package french

import "testing"

// Sentences of our own for the rules of regular.go and the cases added
// to older rules with them: each flags a sentence and leaves right ones
// alone.

func TestWordClassExpected(t *testing.T) {
	check(t, []flagged{
		{"La ville où je vie depuis dix ans.", "fr_verb_expected", "vie", "vis"},
		{"Merci, je ne l’abandon pas.", "fr_verb_expected", "abandon", "abandonne"},
		{"Profitez d’un envoie gratuit dès 30 €.", "fr_noun_form", "envoie", "envoi"},
		{"Un essaie gratuit de sept jours.", "fr_noun_form", "essaie", "essai"},
		{"Pas de délaie de livraison.", "", "", ""}, // "de" is no determiner
		{"Un délaie de livraison de deux jours.", "fr_noun_form", "délaie", "délai"},
		{"Je vis à Lyon. Je ne l’abandonne pas. Un envoi gratuit. Un essai de sept jours. Le son passe mal. L’un prend le train.", "", "", ""},
		{"Elle, championne du monde, revient. Ajoutez un peu de sel.", "", "", ""},
	})
}

func TestInvariables(t *testing.T) {
	check(t, []flagged{
		{"Une robe bleue foncée pour la soirée.", "fr_invariable", "bleue foncée", "bleu foncé"},
		{"Nos sweats verts clairs sont de retour.", "fr_invariable", "verts clairs", "vert clair"},
		{"Le live commence à huit heures et demies.", "fr_invariable", "demies", "demie"},
		{"Deux ans et demis de travail.", "fr_invariable", "demis", "demi"},
		{"La boutique est à demie vide.", "fr_invariable", "à demie", "à demi"},
		{"Vues les circonstances, le concert est reporté.", "fr_invariable", "Vues", "Vu"},
		{"Une robe bleu foncé, des sweats vert clair, un ciel bleu, clair et pur.", "", "", ""},
		{"Huit heures et demie. Deux ans et demi. Une demi-heure. Vu les circonstances, on reporte. Passé minuit, tout ferme.", "", "", ""},
	})
}

func TestQuestionsAndConstructions(t *testing.T) {
	check(t, []flagged{
		{"Où va il ce week-end ?", "fr_hyphen", "va il", "va-t-il"},
		{"Que fais tu ce soir ?", "fr_hyphen", "fais tu", "fais-tu"},
		{"Que prenons-vous au petit-déjeuner ?", "fr_subject_verb", "prenons-vous", "prenez-vous"},
		{"Est-elle déjà arrivés ?", "fr_etre_agreement", "arrivés", "arrivée"},
		{"Je vous enverrais le lien demain matin.", "fr_future", "enverrais", "enverrai"},
		{"Je publierais la suite dans deux jours.", "fr_future", "publierais", "publierai"},
		{"Je me rappelle de cette soirée.", "fr_construction", "rappelle de", "rappelle"},
		{"Rappelez-vous des soldes !", "fr_construction", "Rappelez-vous des", "Rappelez-vous les"},
		{"Elle s’est en allée sans un mot.", "fr_construction", "est en allée", "en est allée"},
		{"Tu fais parti ma team.", "fr_homophone", "parti", "partie"},
		{"Comment bien choisi son sac ?", "fr_infinitive", "choisi", "choisir"},
		{"Est-ce que réservé en ligne est possible ?", "fr_infinitive", "réservé", "réserver"},
		{"Où va-t-il ? Que fais-tu ce soir ? Que voulez-vous ? Aidez-nous ! Quel livre il lit ? Comment faire ?", "", "", ""},
		{"Je vous enverrai le lien demain. Je viendrais bien demain si tu es libre. Je serais ravie de venir demain. J’aimerais venir demain.", "", "", ""},
		{"Je me rappelle cette soirée. Rappelez-vous de réserver ! Elle s’en est allée. Il s’est en effet trompé. Elle a pris parti pour nous. Il fait partie de l’équipe.", "", "", ""},
	})
}

func TestNounsAndHomophonesAfterDeterminers(t *testing.T) {
	check(t, []flagged{
		{"La date de sorti approche.", "fr_noun_form", "sorti", "sortie"},
		{"Un retour vers le passée.", "fr_agreement", "passée", "passé"},
		{"Offrez des dès à jouer.", "fr_homophone", "dès", "dés"},
		{"Les quelquefois où on s’est vus.", "fr_homophone", "quelquefois", "quelques fois"},
		{"Les stocks sont aux trois-quarts vendus.", "fr_hyphen", "trois-quarts", "trois quarts"},
		{"Nos clientes son celles qui commentent le plus.", "fr_son_sont", "son", "sont"},
		{"La date de sortie approche. Un retour vers le passé. Les dés sont jetés. Dès demain, on ouvre. Quelquefois, je passe.", "", "", ""},
		{"Les trois quarts des places sont vendues. Il porte un trois-quarts. Son ami est là.", "", "", ""},
	})
}

func TestNamesDatesAndTypography(t *testing.T) {
	check(t, []flagged{
		{"Sophie ne semble pas convaincu.", "fr_etre_agreement", "convaincu", "convaincue"},
		{"Julie est très content du résultat.", "fr_etre_agreement", "content", "contente"},
		{"Rendez-vous le lundi 3 sept 2024.", "fr_weekday", "lundi", "mardi"},
		{"Ne voila-t-il pas une belle surprise ?", "fr_accent", "voila-t-il", "voilà-t-il"},
		{"Ce gâteau est un chef-d’ œuvre.", "fr_apostrophe", "chef-d’ œuvre", "chef-d’œuvre"},
		{"J’ai vraiment mal a la tête.", "fr_a_prep", "a", "à"},
		{"Sophie est convaincue. Julien est content. Paul et Marie sont là. Camille est prête.", "", "", ""},
		{"Rendez-vous le mardi 3 sept 2024. Voilà-t-il pas une surprise. Un chef-d’œuvre. J’ai vraiment mal à la tête.", "", "", ""},
	})
}
