package french

import "testing"

// Sentences of our own for the families of families.go and the set
// phrases of idioms.go: each rule flags a sentence and leaves a right
// one alone.

func TestPlupartAndSubjects(t *testing.T) {
	check(t, []flagged{
		{"La plupart ne répond pas aux messages.", "fr_subject_verb", "répond", "répondent"},
		{"La plupart des abonnés aime les vidéos courtes.", "fr_subject_verb", "aime", "aiment"},
		{"La plupart s’en va avant la fin.", "fr_subject_verb", "va", "vont"},
		{"Ceux-ci doivent être prêt avant midi.", "fr_etre_agreement", "prêt", "prêts"},
		{"Il faut que la Bretagne est prête pour l’été.", "fr_subjunctive", "est", "soit"},
		{"La plupart ne répondent pas. La plupart des abonnés aiment les vidéos. La plupart du temps, il travaille. La plupart de la classe est là.", "", "", ""},
		{"Ceux-ci doivent être prêts. Il faut que la Bretagne soit prête.", "", "", ""},
	})
}

func TestVerbFamilies(t *testing.T) {
	check(t, []flagged{
		{"Pensez à ne pas oublié vos billets.", "fr_infinitive", "oublié", "oublier"},
		{"Pour ne jamais raté un live, abonnez-vous.", "fr_infinitive", "raté", "rater"},
		{"Vos photos ? Nous les avons partagé hier.", "fr_que_agree", "partagé", "partagés"},
		{"Les as-tu regardé ?", "fr_que_agree", "regardé", "regardés"},
		{"Elle les a faites venir plus tôt.", "fr_fait_infinitive", "faites", "fait"},
		{"J’aimerai bien vous rencontrer.", "fr_homophone", "aimerai", "aimerais"},
		{"Je voudrai savoir l’heure du concert.", "fr_homophone", "voudrai", "voudrais"},
		{"Si on pourrait venir, ce serait mieux.", "fr_si_conditional", "pourrait", "pouvait"},
		{"Et si vous seriez là demain ?", "fr_si_conditional", "seriez", "étiez"},
		{"Pensez à ne pas oublier vos billets. Nous les avons partagés hier. Elle les a fait venir. Il les a laissé partir. Les choses qu’il a faites hier.", "", "", ""},
		{"J’aimerais bien vous rencontrer. Je t’aimerai toujours. Je me demande si on pourrait venir. Si on pouvait venir, ce serait mieux.", "", "", ""},
	})
}

func TestDeterminerFamilies(t *testing.T) {
	check(t, []flagged{
		{"Quelle que soit ton avis, merci.", "fr_agreement", "Quelle", "Quel"},
		{"Quels que soient vos idées, on s’adapte.", "fr_agreement", "Quels", "Quelles"},
		{"Cette offre ci est limitée.", "fr_hyphen", "offre ci", "offre-ci"},
		{"Ce jour là, tout a changé.", "fr_hyphen", "jour là", "jour-là"},
		{"Mon vieux ami.", "fr_euphony", "vieux", "vieil"},
		{"Beaucoup de belges nous suivent.", "fr_people_capital", "belges", "Belges"},
		{"Quel que soit ton avis. Quelles que soient vos idées. Cette offre-ci. Ce jour-là. Mon vieil ami. Posez ce carton là, merci.", "", "", ""},
	})
}

func TestSmallHomophones(t *testing.T) {
	check(t, []flagged{
		{"Le produit n’est pas cher en soit.", "fr_homophone", "soit", "soi"},
		{"Merci pour vos messages, mes on ne peut pas répondre à tous.", "fr_homophone", "mes", "mais"},
		{"Une soirée avec mais amis.", "fr_homophone", "mais", "mes"},
		{"Merci pour vos messages, mais on ne peut pas répondre. Une soirée avec mes amis. Mes amis sont là. Pour mais aussi contre.", "", "", ""},
		{"Le remboursement vous sera du.", "fr_homophone", "du", "dû"},
		{"Le diagnostique tombe demain.", "fr_homophone", "diagnostique", "diagnostic"},
		{"Votre pronostique pour la finale ?", "fr_homophone", "pronostique", "pronostic"},
		{"Elle était sensée l’appeler.", "fr_homophone", "sensée", "censée"},
		{"Le stock est en parti vendu.", "fr_homophone", "en parti", "en partie"},
		{"Quoi qu’il en soit, on vous attend. Le remboursement vous est dû. Le médecin le diagnostique vite. Un choix sensé. Un parti pris. Le texte est en partie traduit.", "", "", ""},
	})
}

func TestUnits(t *testing.T) {
	check(t, []flagged{
		{"Un chargeur de 65 Watts offert.", "fr_unit_lower", "Watts", "watts"},
		{"Jusqu’à 30% de remise.", "fr_unit_space", "30%", "30\u202f%"},
		{"Un colis de 2kg.", "fr_unit_space", "2kg", "2\u00a0kg"},
		{"Ouverture à 20H30 ce soir.", "fr_hour", "20H30", "20h30"},
		{"Ouverture à 20 H 30 ce soir.", "fr_hour", "20 H 30", "20 h 30"},
		{"Ouverture à 20h30, ou à 20 h 30. Catégorie H. Un chargeur de 65 watts, 30\u202f% de remise, un colis de 2\u00a0kg. Ouvert à 18h.", "", "", ""},
	})
}

func TestIdioms(t *testing.T) {
	check(t, []flagged{
		{"Nous sommes à mille lieux de savoir.", "fr_homophone", "mille lieux de", "mille lieues de"},
		{"Une journée de golfe entre amis : venez jouer au golfe !", "fr_homophone", "jouer au golfe", "jouer au golf"},
		{"Elle est partie de plain-pied, au gré du vent, à mille lieues d’ici ; la fête bat son plein ; on joue au golf ; deux heures et demie ; un souci s’ensuivit ; ma compagne est là.", "", "", ""},
	})
}

func TestCapitalNames(t *testing.T) {
	check(t, []flagged{
		{"Un coup d’État. Mon Dieu ! Au Moyen Âge. Un homme d’âge moyen. L’état de la route.", "", "", ""},
	})
}

func TestAnglicismsAndPleonasms(t *testing.T) {
	check(t, []flagged{
		{"Ça fait du sens pour nous.", "fr_anglicism", "fait du sens", "a du sens"},
		{"Qui est en charge de la billetterie ?", "fr_anglicism", "est en charge de", "est chargé de"},
		{"Nous sommes excités de vous présenter la collection.", "fr_anglicism", "excités de", "ravis de"},
		{"Ça a du sens. Qui est chargé de la billetterie ? Nous sommes ravis de vous présenter la collection. Passer une bonne journée.", "", "", ""},
	})
}
