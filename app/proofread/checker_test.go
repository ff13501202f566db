package proofread

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/relais-app/relais/app"
)

// fakeSpeller knows the words of a list, as written and Capitalised (as
// Hunspell accepts a lowercase word Capitalised); its suggestions are
// given per word.
type fakeSpeller struct {
	words   map[string]bool
	suggest map[string][]string
}

func newFake(words string, suggest map[string][]string) *fakeSpeller {
	return &fakeSpeller{words: wordSet(words), suggest: suggest}
}

func (f *fakeSpeller) Spell(w string) bool {
	return f.words[w] || f.words[strings.ToLower(w)] && w == capitalise(strings.ToLower(w))
}

func (f *fakeSpeller) Suggest(w string) []string {
	if f.Spell(w) {
		return nil
	}
	return f.suggest[strings.ToLower(w)]
}

const frWords = `bonjour la le les de des une un boulangerie martin école pain est bon très et à peut-être
	aujourd’hui c'est c’est l'école nous vous avons merci pour votre venue demain dit il elle`

const enWords = `the a an bakery is open today hello world we love our bread apple`

func newTestChecker() *Checker {
	return New(map[app.Language]Speller{
		app.LanguageFrench: newFake(frWords, map[string][]string{
			"boulengerie": {"boulangerie", "boulangeries"},
			"ecole":       {"école", "écoles", "école", "ecole", "écolier", "écolière", "écoute"},
			"pian":        {"pain", "plan"},
		}),
		app.LanguageEnglish: newFake(enWords, map[string][]string{"bakey": {"bakery", "baker"}}),
	})
}

func TestSpelling(t *testing.T) {
	c := newTestChecker()
	tests := []struct {
		lang app.Language
		text string
		want []want
	}{
		{app.LanguageFrench, "Bonjour la boulangerie", nil},
		{app.LanguageFrench, "Bonjour la Boulengerie", []want{{app.FindSpelling, "Boulengerie", "Boulangerie"}}},
		{app.LanguageFrench, "BOULENGERIE", []want{{app.FindSpelling, "BOULENGERIE", "BOULANGERIE"}}},
		{app.LanguageFrench, "le pian", []want{{app.FindSpelling, "pian", "pain"}}},
		// Elisions: whole first, then after the apostrophe.
		{app.LanguageFrench, "l'école c'est", nil},
		{app.LanguageFrench, "d'école", nil},
		{app.LanguageFrench, "l’ecole", []want{{app.FindSpelling, "ecole", "école"}}},
		// Hyphens: whole, then parts.
		{app.LanguageFrench, "peut-être pain-martin", nil},
		// Skipped: hashtags, mentions, URLs, e-mails, numbers, emoji,
		// digits, acronyms, one letter.
		{app.LanguageFrench, "#zzkx @zzkx https://zzkx.fr zz@zzkx.fr 14h30 🥐 zz4 SNCF RGPDX x", nil},
		{app.LanguageFrench, "ZZKXQW", []want{{app.FindSpelling, "ZZKXQW", ""}}},
		{app.LanguageEnglish, "hello world", nil},
		{app.LanguageEnglish, "the bakey", []want{{app.FindSpelling, "bakey", "bakery"}}},
		{app.LanguageEnglish, "our bakery's bread", nil},
	}
	for _, tt := range tests {
		got, err := c.Proofread(context.Background(), tt.text, app.ProofOptions{Language: tt.lang})
		if err != nil {
			t.Fatal(err)
		}
		if got.Language != tt.lang {
			t.Errorf("%q: language %q", tt.text, got.Language)
		}
		sameFindings(t, "spell", tt.text, got.Findings, tt.want)
		for _, f := range got.Findings {
			if f.Kind == app.FindSpelling && (f.Severity != app.SeverityError || !got.Errors()) {
				t.Errorf("%q: spelling not an error", tt.text)
			}
		}
	}
}

func TestSuggestionsCapped(t *testing.T) {
	c := newTestChecker()
	got, err := c.Proofread(context.Background(), "Ecole", app.ProofOptions{Language: app.LanguageFrench})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 1 {
		t.Fatalf("findings %v", got.Findings)
	}
	want := []string{"École", "Écoles", "Écolier", "Écolière", "Écoute"} // deduplicated, without the word itself, 5 at most
	if !slices.Equal(got.Findings[0].Fixes, want) {
		t.Errorf("fixes %q, want %q", got.Findings[0].Fixes, want)
	}
}

func TestPersonal(t *testing.T) {
	c := newTestChecker()
	text := "Bonjour Relais et ZzPhone. zzphone. l'Ecolo #zzkxbrandname"
	opt := app.ProofOptions{Language: app.LanguageFrench}
	got, _ := c.Proofread(context.Background(), text, opt)
	if n := len(got.Findings); n == 0 {
		t.Fatal("no finding before the personal dictionary")
	}
	c.SetPersonal([]string{"relais", "ZZPHONE", "écolo", "zzkxbrandname"})
	got, _ = c.Proofread(context.Background(), text, opt)
	// "Ecolo" is not "écolo": accents count.
	sameFindings(t, "personal", text, got.Findings, []want{{app.FindSpelling, "Ecolo", ""}})
	c.SetPersonal([]string{"relais", "ZZPHONE", "ecolo", "zzkxbrandname"})
	got, _ = c.Proofread(context.Background(), text, opt)
	sameFindings(t, "personal", text, got.Findings, nil)
	c.SetPersonal(nil)
	got, _ = c.Proofread(context.Background(), text, opt)
	if len(got.Findings) == 0 {
		t.Error("SetPersonal(nil) kept the words")
	}
}

func TestPersonalConcurrent(t *testing.T) {
	c := newTestChecker()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				if i%2 == 0 {
					c.SetPersonal([]string{"zzkx", strings.Repeat("a", j)})
				} else if _, err := c.Proofread(context.Background(), "Bonjour zzkx !", app.ProofOptions{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

func TestDetectedLanguage(t *testing.T) {
	c := newTestChecker()
	got, _ := c.Proofread(context.Background(), "We love our bakery", app.ProofOptions{})
	if got.Language != app.LanguageEnglish || len(got.Findings) != 0 {
		t.Errorf("got %+v", got)
	}
	got, _ = c.Proofread(context.Background(), "Bonjour !", app.ProofOptions{})
	if got.Language != app.LanguageFrench {
		t.Errorf("got %+v", got)
	}
	sameFindings(t, "auto", "Bonjour !", got.Findings, []want{{app.FindNarrowSpace, " !", N + "!"}})
}

func TestNoDictionary(t *testing.T) {
	c := New(nil)
	got, err := c.Proofread(context.Background(), "Bonjour zzkx qwxq", app.ProofOptions{Language: app.LanguageFrench})
	if err != nil || len(got.Findings) != 0 {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestCancelled(t *testing.T) {
	c := newTestChecker()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Proofread(ctx, "Bonjour la Boulengerie !", app.ProofOptions{Links: true})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

// cancellingSpeller cancels the check while it is being spelt.
type cancellingSpeller struct {
	cancel context.CancelFunc
}

func (s cancellingSpeller) Spell(string) bool       { s.cancel(); return false }
func (s cancellingSpeller) Suggest(string) []string { return nil }

func TestCancelledWhileSpelling(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := New(map[app.Language]Speller{app.LanguageFrench: cancellingSpeller{cancel}})
	text := strings.Repeat("mot ", 200)
	if _, err := c.Proofread(ctx, text, app.ProofOptions{Language: app.LanguageFrench}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestSortedNoOverlap(t *testing.T) {
	c := newTestChecker()
	text := "Bonjour  la Boulengerie ! merci... #boulangeriemartin 🥐🥐🥐🥐 le le pain"
	got, err := c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageFrench, Network: app.X})
	if err != nil {
		t.Fatal(err)
	}
	sameFindings(t, "all", text, got.Findings, []want{
		{app.FindDoubleSpace, "  ", " "},
		{app.FindSpelling, "Boulengerie", "Boulangerie"},
		{app.FindNarrowSpace, " !", N + "!"},
		{app.FindCapitalAfterEnd, "merci", "Merci"},
		{app.FindEllipsis, "...", "…"},
		{app.FindHashtagCase, "#boulangeriemartin", "#BoulangerieMartin"},
		{app.FindEmojiRun, "🥐🥐🥐🥐", ""},
		{app.FindRepeatedWord, "le le", "le"},
	})
	for i := 1; i < len(got.Findings); i++ {
		if got.Findings[i].Start < got.Findings[i-1].Start {
			t.Errorf("not sorted: %v", got.Findings)
		}
	}
	// tidy drops overlapping findings of one kind.
	fs := tidy([]app.Finding{{Kind: "k", Start: 5, End: 9}, {Kind: "k", Start: 0, End: 6}, {Kind: "j", Start: 1, End: 2}, {Kind: "k", Start: 0, End: 6}})
	if len(fs) != 2 || fs[0].Start != 0 || fs[1].Kind != "j" {
		t.Errorf("tidy: %+v", fs)
	}
}

func TestMatchCase(t *testing.T) {
	for _, tt := range [][3]string{{"Boulengerie", "boulangerie", "Boulangerie"}, {"ecole", "école", "école"}, {"ECOLE", "école", "ÉCOLE"}, {"Ecole", "école", "École"}, {"A", "à", "À"}} {
		if got := matchCase(tt[0], tt[1]); got != tt[2] {
			t.Errorf("matchCase(%q, %q) = %q", tt[0], tt[1], got)
		}
	}
}

// The names a reply answers, and each word of a personal entry of
// several words, are known for the check.
func TestNamesAndPersonalPhrases(t *testing.T) {
	c := New(map[app.Language]Speller{app.LanguageFrench: newFake(frWords, nil)})
	text := "Merci Chloé, Dubois et Relais"
	spelling := func(opt app.ProofOptions) []string {
		res, err := c.Proofread(context.Background(), text, opt)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if f.Kind == app.FindSpelling {
				out = append(out, f.Text)
			}
		}
		return out
	}
	opt := app.ProofOptions{Language: app.LanguageFrench}
	if got := spelling(opt); !slices.Equal(got, []string{"Chloé", "Dubois", "Relais"}) {
		t.Fatalf("without names: %q", got)
	}
	opt.Names = []string{"Chloé Dubois", "chloe@piaille.fr"}
	if got := spelling(opt); !slices.Equal(got, []string{"Relais"}) {
		t.Errorf("with the author's names: %q", got)
	}
	c.SetPersonal([]string{"Relais App"})
	if got := spelling(app.ProofOptions{Language: app.LanguageFrench}); !slices.Equal(got, []string{"Chloé", "Dubois"}) {
		t.Errorf("with a personal phrase: %q", got)
	}
}

// countingSpeller counts the suggestions asked of it.
type countingSpeller struct {
	*fakeSpeller
	asked int
}

func (c *countingSpeller) Suggest(w string) []string { c.asked++; return c.fakeSpeller.Suggest(w) }

// A text checked again (at every pause in the typing) asks the speller
// for the suggestions of a typo once.
func TestSuggestionsAreRemembered(t *testing.T) {
	sp := &countingSpeller{fakeSpeller: newFake(frWords, map[string][]string{"boulengerie": {"boulangerie"}})}
	c := New(map[app.Language]Speller{app.LanguageFrench: sp})
	for range 3 {
		res, err := c.Proofread(context.Background(), "La boulengerie", app.ProofOptions{Language: app.LanguageFrench})
		if err != nil || len(res.Findings) != 1 || res.Findings[0].Fixes[0] != "boulangerie" {
			t.Fatalf("%+v, %v", res, err)
		}
	}
	if sp.asked != 1 {
		t.Errorf("the speller was asked %d times", sp.asked)
	}
}
