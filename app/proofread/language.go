package proofread

import (
	"strings"

	"github.com/relais-app/relais/app"
)

// frenchWords and englishWords are frequent words of one language that are
// rare or absent in the other. Words common to both ("a", "on", "me",
// "plan", "no") are in neither.
var frenchWords = wordSet(`le la les un une des du de et est sont pour avec vous nous
	à au aux ce cette ces qui que quoi dans sur par pas plus mais ou où ne se sa ses son
	mon ma mes ton ta tes votre vos notre nos leur leurs je tu il elle ils elles
	été être avoir ont fait très bien aussi tout tous toute toutes comme merci bonjour
	bonsoir demain hier aujourd’hui c’est n’est j’ai qu’il d’un d’une l’on chez encore
	déjà même sans sous entre vers après avant depuis quand alors donc car voici voilà
	nouveau nouvelle nouvelles rendez-vous venez retrouvez découvrez soirée semaine
	jour jours ici là oui non peu beaucoup notre équipe lundi mardi mercredi jeudi
	vendredi samedi dimanche salut fermé ouvert`)

var englishWords = wordSet(`the and is are was were you your for with our we this that
	these those of to in it its it’s be been have has had will would can could should
	at by from not but or they their them an my all new more today tomorrow thanks thank
	join us here what how just now get out about don’t i’m we’re you’re there so if
	when who which than then into over why because some any every team week weekend
	come check see love great happy proud excited available free please our event
	night day days up off he she his her him yes hello hi hey everyone everybody open
	closed monday tuesday wednesday thursday friday saturday sunday`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Detect tells whether text is French or English, from its frequent words
// and its accents; hashtags, mentions, links and addresses do not count.
// It answers French when it cannot tell: most of Relais's users write in
// French.
func Detect(text string) app.Language {
	return detectTokens(Tokens(text))
}

func detectTokens(toks []Token) app.Language {
	fr, en := 0, 0
	for _, t := range toks {
		if t.Kind != Word {
			continue
		}
		w := strings.ReplaceAll(strings.ToLower(t.Text), "'", "’")
		switch {
		case frenchWords[w]:
			fr += 2
		case englishWords[w]:
			en += 2
		}
		if _, _, ok := splitElision(w); ok {
			fr++ // l’école, qu’il
		} else if strings.HasSuffix(w, "n’t") || strings.HasSuffix(w, "’ll") || strings.HasSuffix(w, "’re") || strings.HasSuffix(w, "’ve") {
			en += 2
		}
		if strings.ContainsAny(w, "éèêëàâçùûüôîïœ") {
			fr++
		}
	}
	if en > fr {
		return app.LanguageEnglish
	}
	return app.LanguageFrench
}
