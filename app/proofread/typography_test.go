package proofread

import (
	"fmt"
	"testing"

	"github.com/relais-app/relais/app"
)

// want is an expected finding: its kind, its text and its first fix ("" for none).
type want struct {
	kind app.FindingKind
	text string
	fix  string
}

func (w want) String() string { return fmt.Sprintf("%s %q→%q", w.kind, w.text, w.fix) }

func summarise(fs []app.Finding) []want {
	var out []want
	for _, f := range fs {
		w := want{kind: f.Kind, text: f.Text}
		if len(f.Fixes) > 0 {
			w.fix = f.Fixes[0]
		}
		out = append(out, w)
	}
	return out
}

func sameFindings(t *testing.T, label, text string, got []app.Finding, want []want) {
	t.Helper()
	g := summarise(got)
	ok := len(g) == len(want)
	for i := 0; ok && i < len(g); i++ {
		ok = g[i] == want[i]
	}
	if !ok {
		t.Errorf("%s %q:\n got %v\nwant %v", label, text, g, want)
	}
	for _, f := range got {
		if f.Text != text[f.Start:f.End] {
			t.Errorf("%s %q: finding %+v: Text is not text[Start:End]", label, text, f)
		}
		for i := range f.Fixes {
			if _, ok := f.Apply(text, i); !ok {
				t.Errorf("%s %q: fix %d of %+v does not apply", label, text, i, f)
			}
		}
	}
}

func typo(lang app.Language, text string) []app.Finding {
	return tidy(typographyChecks(newDoc(text, lang)))
}

const (
	N = "\u202f"
	B = "\u00a0"
)

var frenchTypography = []struct {
	text string
	want []want
}{
	// Clean.
	{"Bonjour" + N + "!", nil},
	{"Vraiment" + N + "?", nil},
	{"Vraiment" + B + "?", nil},
	{"Au menu" + B + ": du pain.", nil},
	{"Au menu" + N + ": du pain.", nil},
	{"Ouvert de 9:30 à 18:00.", nil},
	{"Rendez-vous à 14h30 au 1er étage.", nil},
	{"Voir https://example.org/?q=1&r=2 pour le détail.", nil},
	{"Merci à tous :)", nil},
	{"On se voit demain ;-)", nil},
	{"Trop bien :D", nil},
	{"Nous nous retrouvons samedi.", nil},
	{"Vous vous souvenez" + N + "?", nil},
	{"#Relais #BoulangerieMartin", nil},
	{"«" + N + "Bonjour" + N + "», dit-il.", nil},
	{"«" + B + "Bonjour" + B + "»", nil},
	{"Quoi" + N + "?!", nil},
	{"Génial" + N + "!!!", nil},
	{"Contact" + B + ": marie@example.org", nil},
	{"C’est l’école d’aujourd’hui.", nil},
	{"Il y a 3,5 km. Ensuite, tout droit.", nil},
	{"Ingrédients\n: farine", nil},
	{"etc. et ainsi de suite", nil},
	{"M. Dupont est là.", nil},
	{"Des fruits, p. ex. des pommes.", nil},
	{"Bravo" + N + "! Encore" + N + "!", nil},
	{"Et alors… on verra.", nil},
	{"Un point . . . de suspension", []want{{app.FindEllipsis, ". . .", "…"}}},
	{"Soldes à 10 % ce week-end.", nil},
	{"Notre site : .", []want{{app.FindNarrowSpace, " :", B + ":"}, {app.FindSpaceBefore, " .", "."}}},

	// Narrow spaces.
	{"Bonjour !", []want{{app.FindNarrowSpace, " !", N + "!"}}},
	{"Bonjour!", []want{{app.FindNarrowSpace, "!", N + "!"}}},
	{"Vraiment ?", []want{{app.FindNarrowSpace, " ?", N + "?"}}},
	{"Vraiment?!", []want{{app.FindNarrowSpace, "?!", N + "?!"}}},
	{"Génial !!!", []want{{app.FindNarrowSpace, " !!!", N + "!!!"}}},
	{"Au menu : du pain.", []want{{app.FindNarrowSpace, " :", B + ":"}}},
	{"Au menu: du pain.", []want{{app.FindNarrowSpace, ":", B + ":"}}},
	{"Venez ; on vous attend.", []want{{app.FindNarrowSpace, " ;", N + ";"}}},
	{"Merci @marie!", []want{{app.FindNarrowSpace, "!", N + "!"}}},
	{"Trop beau 🎉!", []want{{app.FindNarrowSpace, "!", N + "!"}}},
	{"Lien : https://example.org?a=1", []want{{app.FindNarrowSpace, " :", B + ":"}}},
	{"Oui (vraiment)!", []want{{app.FindNarrowSpace, "!", N + "!"}}},
	{"Qui vient ?\nMoi !", []want{{app.FindNarrowSpace, " ?", N + "?"}, {app.FindNarrowSpace, " !", N + "!"}}},
	{"À 14h30 : atelier.", []want{{app.FindNarrowSpace, " :", B + ":"}}},
	{"#Soldes !", []want{{app.FindNarrowSpace, " !", N + "!"}}},

	// Guillemets.
	{"Il a dit « oui ».", []want{{app.FindGuillemetSpace, "« ", "«" + N}, {app.FindGuillemetSpace, " »", N + "»"}}},
	{"Il a dit «oui».", []want{{app.FindGuillemetSpace, "«", "«" + N}, {app.FindGuillemetSpace, "»", N + "»"}}},
	{"« Bonjour ! »", []want{{app.FindGuillemetSpace, "« ", "«" + N}, {app.FindNarrowSpace, " !", N + "!"}, {app.FindGuillemetSpace, " »", N + "»"}}},

	// Apostrophes.
	{"C'est l’école.", []want{{app.FindApostrophes, "C'est", "C’est"}}},
	{"C'est l'école d’ici.", []want{{app.FindApostrophes, "d’ici", "d'ici"}}},

	// Space before.
	{"Bonjour , ça va.", []want{{app.FindSpaceBefore, " ,", ","}}},
	{"Fin de l’histoire .", []want{{app.FindSpaceBefore, " .", "."}}},
	{"Fin .\nSuite", []want{{app.FindSpaceBefore, " .", "."}}},
	{"Le fichier .env reste là", nil},
	{"Un nombre ,5 bizarre", nil},

	// Ellipsis.
	{"Et alors...", []want{{app.FindEllipsis, "...", "…"}}},
	{"Bon.... on verra", []want{{app.FindEllipsis, "....", "…"}}},

	// Capital after end.
	{"Merci. à demain", []want{{app.FindCapitalAfterEnd, "à", "À"}}},
	{"Super" + N + "! on y va", []want{{app.FindCapitalAfterEnd, "on", "On"}}},
	{"Prêts" + N + "? venez", []want{{app.FindCapitalAfterEnd, "venez", "Venez"}}},
	{"Le nouvel appareil. iPhone en main", nil},
	{"Merci. @marie viendra", nil},

	// Double space, repeated word.
	{"Bonjour  à tous.", []want{{app.FindDoubleSpace, "  ", " "}}},
	{"Bonjour \u00a0à tous.", []want{{app.FindDoubleSpace, " \u00a0", B}}},
	{"  Indenté.", nil},
	{"Fin de ligne  \nSuite.", nil},
	{"Le le pain est bon.", []want{{app.FindRepeatedWord, "Le le", "Le"}}},
	{"Il faut que que tu viennes.", []want{{app.FindRepeatedWord, "que que", "que"}}},
	{"C'est très, très bon.", nil},
}

var englishTypography = []struct {
	text string
	want []want
}{
	// Clean.
	{"Hello!", nil},
	{"See you at 9:30.", nil},
	{"Really? Yes.", nil},
	{"Open: Monday to Friday.", nil},
	{"Visit https://example.org/?q=a&b=c for more.", nil},
	{"An hour later, we left.", nil},
	{"It was an honest mistake.", nil},
	{"She studies at a university.", nil},
	{"A European project.", nil},
	{"Just a one-day event.", nil},
	{"We hired an SEO expert.", nil},
	{"Click a URL to open it.", nil},
	{"An FAQ is online.", nil},
	{"Plan A is ready.", nil},
	{"Thanks :)", nil},
	{"Bring an apple and a banana.", nil},
	{"It's a useful tool, e.g. for posts.", nil},
	{"I know that that is true.", []want{{app.FindRepeatedWord, "that that", "that"}}},
	{"He had had enough.", nil},
	{"An NGO helps.", nil},
	{"a historic day and an historic day", nil},
	{"A unique offer.", nil},
	{"An uninformed choice.", nil},
	{"An umbrella, an update and an upper floor.", nil},
	{"Do it! We're ready.", nil},
	{"A hotel and a house.", nil},

	// Findings.
	{"I ate a apple.", []want{{app.FindArticleAAn, "a", "an"}}},
	{"I ate an banana.", []want{{app.FindArticleAAn, "an", "a"}}},
	{"Wait a hour.", []want{{app.FindArticleAAn, "a", "an"}}},
	{"An university.", []want{{app.FindArticleAAn, "An", "A"}}},
	{"This is an European project.", []want{{app.FindArticleAAn, "an", "a"}}},
	{"It's an one-off.", []want{{app.FindArticleAAn, "an", "a"}}},
	{"We hired a SEO expert.", []want{{app.FindArticleAAn, "a", "an"}}},
	{"He is a honest man.", []want{{app.FindArticleAAn, "a", "an"}}},
	{"The the end.", []want{{app.FindRepeatedWord, "The the", "The"}}},
	{"Hello  world.", []want{{app.FindDoubleSpace, "  ", " "}}},
	{"Hello , world .", []want{{app.FindSpaceBefore, " ,", ","}, {app.FindSpaceBefore, " .", "."}}},
	{"Well...", []want{{app.FindEllipsis, "...", "…"}}},
	{"Done. see you", []want{{app.FindCapitalAfterEnd, "see", "See"}}},
	{"Wow! that was fun? yes", []want{{app.FindCapitalAfterEnd, "that", "That"}, {app.FindCapitalAfterEnd, "yes", "Yes"}}},
	{"It's great and it’s free.", []want{{app.FindApostrophes, "It's", "It’s"}}},
	{"Hello ! No narrow spaces in English.", nil},
	{"i.e. this one, etc. and so on", nil},
}

func TestTypographyFrench(t *testing.T) {
	for _, tt := range frenchTypography {
		sameFindings(t, "fr", tt.text, typo(app.LanguageFrench, tt.text), tt.want)
	}
	if len(frenchTypography) < 60 {
		t.Errorf("%d French cases", len(frenchTypography))
	}
}

func TestTypographyEnglish(t *testing.T) {
	for _, tt := range englishTypography {
		sameFindings(t, "en", tt.text, typo(app.LanguageEnglish, tt.text), tt.want)
	}
	if len(englishTypography) < 40 {
		t.Errorf("%d English cases", len(englishTypography))
	}
}

func TestWantsAn(t *testing.T) {
	tests := []struct {
		word      string
		an, known bool
	}{
		{"apple", true, true}, {"banana", false, true}, {"hour", true, true}, {"house", false, true},
		{"university", false, true}, {"umbrella", true, true}, {"European", false, true},
		{"one", false, true}, {"only", true, true}, {"SEO", true, true}, {"URL", false, true},
		{"NASA", false, false}, {"historic", false, false}, {"unanimous", false, true},
	}
	for _, tt := range tests {
		an, known := wantsAn(tt.word)
		if an != tt.an || known != tt.known {
			t.Errorf("wantsAn(%q) = %v, %v; want %v, %v", tt.word, an, known, tt.an, tt.known)
		}
	}
}
