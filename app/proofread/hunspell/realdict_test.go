package hunspell

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/relais-app/relais/assets/dictionaries"
)

// The embedded dictionaries are loaded once for all the tests.
var (
	frOnce, enOnce sync.Once
	frDict, enDict *Dictionary
	frErr, enErr   error
)

func french(t testing.TB) *Dictionary {
	t.Helper()
	frOnce.Do(func() {
		frDict, frErr = Load(bytes.NewReader(dictionaries.FrAff), bytes.NewReader(dictionaries.FrDic))
		if frErr == nil {
			frDict.SetSuggestTimeout(0) // the same fixes on a loaded machine
		}
	})
	if frErr != nil {
		t.Fatalf("loading the French dictionary: %v", frErr)
	}
	return frDict
}

func english(t testing.TB) *Dictionary {
	t.Helper()
	enOnce.Do(func() {
		enDict, enErr = Load(bytes.NewReader(dictionaries.EnAff), bytes.NewReader(dictionaries.EnDic))
		if enErr == nil {
			enDict.SetSuggestTimeout(0)
		}
	})
	if enErr != nil {
		t.Fatalf("loading the English dictionary: %v", enErr)
	}
	return enDict
}

var frCorrect = []string{
	"maison", "maisons", "mangeraient", "mangeons", "mangeait", "finissons", "finiraient",
	"prendrai", "venaient", "allons", "irons", "sommes", "étions", "seraient", "avaient",
	"eu", "chevaux", "journaux", "yeux", "belle", "belles", "heureuse", "heureuses",
	"grande", "publique", "nouvelle", "première", "l'école", "l’école", "d'accord",
	"d’accord", "qu'il", "qu’il", "qu'elle", "j'ai", "j’ai", "n'est", "n’est", "s'il",
	"c'est", "c’est", "jusqu'ici", "jusqu’à", "lorsqu'il", "puisqu'elle", "aujourd'hui",
	"aujourd’hui", "l'hôtel", "l'Europe", "d'Amérique", "peut-être", "c'est-à-dire",
	"grand-mère", "arc-en-ciel", "vis-à-vis", "Paris", "Londres", "Marie", "France",
	"déjà", "événement", "évènement", "boulangerie", "recommander", "coté", "côté", "Très",
	"ÉCOLE", "L'ÉCOLE", "QU'IL", "abonnés", "publication", "réseaux", "hashtag",
}

var frMisspelt = []string{
	"deja", "evenement", "aujourdhui", "boulengerie", "reccomander", "cest", "maisson",
	"finisons", "chevals", "journals", "heureus", "publiqe", "nouvele", "premiére",
	"lécole", "jaimerais", "quil", "acceuil", "developpement", "apeller", "interressant",
	"necessaire", "malgrés", "parmis", "quelquechose", "addresse", "professionel",
	"personel", "bizzare", "notament", "succés", "trés", "magazin", "aquérir",
	"dévelloper", "environement", "abbréviation", "londres", "marie-antoinette",
	"commision",
}

var enCorrect = []string{
	"the", "house", "houses", "children", "running", "walked", "tried", "tries", "studies",
	"studied", "happier", "happiest", "quickly", "beautiful", "unhappy", "rewrite",
	"rewritten", "brand's", "brands", "company's", "don't", "it's", "it’s", "can't",
	"won't", "I'm", "we're", "they've", "wouldn't", "receive", "received", "definitely",
	"accommodate", "occurred", "occurring", "separate", "necessary", "government",
	"environment", "February", "Wednesday", "January", "London", "America", "American",
	"Americans", "NASA", "iPhone", "OpenOffice", "1st", "22nd", "103rd", "11th", "42",
	"3.14", "e-mail", "well-known", "mother-in-law", "THE", "HOUSES", "Walked",
	"community", "managers", "engagement", "followers", "retweet",
}

var enMisspelt = []string{
	"teh", "recieve", "definately", "accomodate", "occured", "seperate", "untill", "wich",
	"becuase", "beleive", "wirte", "collegue", "concious", "embarass", "enviroment",
	"existance", "foriegn", "goverment", "harrass", "independant", "knowlege", "liason",
	"millenium", "neccessary", "noticable", "occassion", "persistant", "posession",
	"publically", "recomend", "relevent", "religous", "rythm", "sieze", "tommorow",
	"truely", "wierd", "thier", "arguement", "begining", "london", "america", "1th",
	"nasa",
}

func TestFrenchWords(t *testing.T) {
	d := french(t)
	if len(frCorrect) < 60 || len(frMisspelt) < 40 {
		t.Fatal("word tables too short")
	}
	checkWords(t, d, frCorrect, frMisspelt)
}

func TestEnglishWords(t *testing.T) {
	d := english(t)
	if len(enCorrect) < 60 || len(enMisspelt) < 40 {
		t.Fatal("word tables too short")
	}
	checkWords(t, d, enCorrect, enMisspelt)
}

// sugExpect is a misspelling and the suggestion expected among the first
// rank ones.
type sugExpect struct {
	word, want string
	rank       int
}

// normApos maps the typographic apostrophe, which OCONV puts in French
// suggestions, to the straight one.
func normApos(s string) string { return strings.ReplaceAll(s, "’", "'") }

func checkSuggestions(t *testing.T, d *Dictionary, cases []sugExpect) {
	t.Helper()
	for _, c := range cases {
		got := d.Suggest(c.word)
		found := false
		for i, s := range got {
			if i < c.rank && normApos(s) == c.want {
				found = true
			}
		}
		if !found {
			t.Errorf("Suggest(%q) = %q, want %q in the first %d", c.word, got, c.want, c.rank)
		}
	}
}

func TestFrenchSuggestions(t *testing.T) {
	checkSuggestions(t, french(t), []sugExpect{
		{"deja", "déjà", 1},
		{"cest", "c'est", 1},
		{"evenement", "événement", 3},
		{"aujourdhui", "aujourd'hui", 1},
		{"boulengerie", "boulangerie", 1},
		{"reccomander", "recommander", 1},
		{"Deja", "Déjà", 1},
		{"DEJA", "DÉJÀ", 1},
		{"lecole", "l'école", 3},
		{"developement", "développement", 1},
		{"acceuil", "accueil", 3},
		{"quil", "qu'il", 3},
		{"parmis", "parmi", 3},
		{"trés", "très", 1},
		{"succés", "succès", 3},
	})
	d := french(t)
	if !d.Spell("coté") || !d.Spell("boulangerie") {
		t.Error("coté and boulangerie are correct")
	}
	// The suggestions use the typographic apostrophe (OCONV).
	if got := d.Suggest("cest"); len(got) == 0 || got[0] != "c’est" {
		t.Errorf("Suggest(cest) = %q, want c’est first", got)
	}
}

func TestEnglishSuggestions(t *testing.T) {
	checkSuggestions(t, english(t), []sugExpect{
		{"teh", "the", 1},
		{"recieve", "receive", 1},
		{"definately", "definitely", 1},
		{"accomodate", "accommodate", 1},
		{"occured", "occurred", 1},
		{"seperate", "separate", 1},
		{"wich", "which", 3},
		{"becuase", "because", 1},
		{"thier", "their", 1},
		{"london", "London", 1},
		{"Recieve", "Receive", 1},
		{"goverment", "government", 1},
		{"tommorow", "tomorrow", 1},
		{"dont", "don't", 3},
		{"alot", "a lot", 3},
	})
}
