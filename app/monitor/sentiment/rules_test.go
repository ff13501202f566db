package sentiment

import (
	"strings"
	"sync"
	"testing"

	"github.com/relais-app/relais/app"
)

// Each rule, on a pair of texts that differ by what the rule reads.
func TestRules(t *testing.T) {
	a := New()
	fr, en := app.LanguageFrench, app.LanguageEnglish
	for _, c := range []struct {
		name          string
		lang          app.Language
		higher, lower string // Score(higher) > Score(lower)
	}{
		{"booster très", fr, "C'est très bien", "C'est bien"},
		{"booster on a negative word", fr, "déçu", "vraiment déçu"},
		{"dampener un peu", fr, "un peu déçu", "déçu"},
		{"booster very", en, "very good", "good"},
		{"booster on a negative word", en, "bad", "extremely bad"},
		{"dampener slightly", en, "slightly disappointed", "disappointed"},
		{"capitals", en, "The lamp is GREAT", "The lamp is great"},
		{"exclamation", fr, "Génial !!!", "Génial"},
		{"contrast mais", fr, "Un peu cher mais superbe", "Superbe mais un peu cher"},
		{"contrast but", en, "Pricey but gorgeous", "Gorgeous but pricey"},
		{"emoji", fr, "Reçu 😍", "Reçu 😡"},
		{"heart with its selector", en, "Thanks ❤️", "Thanks"},
		{"irony", fr, "Super, encore un colis perdu", "Super, encore un colis perdu 🙄"},
	} {
		h, l := a.Score(c.higher, c.lang), a.Score(c.lower, c.lang)
		if !(h.Score > l.Score) {
			t.Errorf("%s: %q scores %.3f, not above %q at %.3f", c.name, c.higher, h.Score, c.lower, l.Score)
		}
	}
}

// The labels of plain cases: negation turns a word over, idioms are read
// as one, accents and stretched letters do not hide a word.
func TestLabels(t *testing.T) {
	a := New()
	for _, c := range []struct {
		lang app.Language
		text string
		want Label
	}{
		{app.LanguageFrench, "J'aime", Positive},
		{app.LanguageFrench, "Je n'aime pas", Negative},
		{app.LanguageFrench, "J'aime pas", Negative},
		{app.LanguageFrench, "Ce n'est pas bien", Negative},
		{app.LanguageFrench, "Ce n'est jamais décevant", Positive},
		{app.LanguageFrench, "c'est pas mal", Positive},
		{app.LanguageFrench, "ce n'est vraiment pas terrible", Negative},
		{app.LanguageFrench, "Je ne commanderai plus jamais", Negative},
		{app.LanguageFrench, "plus beau que jamais", Positive},
		{app.LanguageFrench, "Vendeur peu aimable", Negative},
		{app.LanguageFrench, "un peu cher", Negative},
		{app.LanguageFrench, "trop bien", Positive},
		{app.LanguageFrench, "c'est nul", Negative},
		{app.LanguageFrench, "Service client inexistant", Negative},
		{app.LanguageFrench, "Service client au top", Positive},
		{app.LanguageFrench, "arnaque", Negative},
		{app.LanguageFrench, "decue", Negative},        // déçue, without accents
		{app.LanguageFrench, "DÉÇUE", Negative},        // in capitals
		{app.LanguageFrench, "géniaaaal", Positive},    // stretched
		{app.LanguageFrench, "agréablement", Positive}, // an adverb
		{app.LanguageFrench, "je recommande", Positive},
		{app.LanguageFrench, "mdr", Positive},
		{app.LanguageFrench, "Quels sont vos horaires ?", Neutral},
		{app.LanguageFrench, "", Neutral},
		{app.LanguageFrench, "💩", Negative},
		{app.LanguageFrench, "👍", Positive},
		{app.LanguageEnglish, "I love it", Positive},
		{app.LanguageEnglish, "I don't love it", Negative},
		{app.LanguageEnglish, "not good", Negative},
		{app.LanguageEnglish, "never good", Negative},
		{app.LanguageEnglish, "scam", Negative},
		{app.LanguageEnglish, "worst", Negative},
		{app.LanguageEnglish, "rip off", Negative},
		{app.LanguageEnglish, "What time do you open?", Neutral},
		{app.LanguageEnglish, "great :)", Positive},
		{app.LanguageEnglish, "ok :(", Negative},
		{app.LanguageEnglish, "Got it :D", Positive},
		{app.LanguageFrench, "reçu <3", Positive},
		{app.LanguageEnglish, "🙄", Negative},
		{app.LanguageEnglish, "😡", Negative},
		{"", "Franchement déçu, service client inexistant", Negative}, // no language: the lexicon that knows more words
		{"de", "Totally love it", Positive},
	} {
		if got := a.Score(c.text, c.lang); got.Label != c.want {
			t.Errorf("%s %q: %s (%.3f), want %s", c.lang, c.text, got.Label, got.Score, c.want)
		}
	}
}

// Score is safe from several goroutines, the first ones racing to load.
func TestConcurrentFirstUse(t *testing.T) {
	a := New()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := a.Score("Trop bien 😍", app.LanguageFrench); r.Label != Positive {
				t.Errorf("got %s", r.Label)
			}
		}()
	}
	wg.Wait()
}

// The shipped lexicon carries its licence and credit.
func TestVADERLicence(t *testing.T) {
	for _, want := range []string{"Copyright (c) 2016 C.J. Hutto", "MIT License", "vader-sentiment 1.1.3"} {
		if !strings.Contains(string(VADERLicence()), want) {
			t.Errorf("the VADER licence lacks %q", want)
		}
	}
}

// Scoring one post, as the veille does for each item it stores.
func BenchmarkScore(b *testing.B) {
	a := New()
	a.Load()
	samples := append(readSamples(b, "fr.tsv"), readSamples(b, "en.tsv")...)
	langs := make([]app.Language, len(samples))
	for i := range samples {
		langs[i] = app.LanguageFrench
		if i >= len(samples)/2 {
			langs[i] = app.LanguageEnglish
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(samples)
		a.Score(samples[j].text, langs[j])
	}
}

// Parsing both lexicons, once per Analyzer.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		New().Load()
	}
}

// Every line of Relais's lexicons is read: a value that does not parse
// would be skipped without a word.
func TestLexiconLinesAllRead(t *testing.T) {
	for name, data := range map[string]string{"fr_lexicon.txt": frenchData, "en_extra.txt": englishExtra} {
		lines := 0
		for _, line := range strings.Split(data, "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				lines++
			}
		}
		l := newLexicon(app.LanguageFrench, nil)
		l.elisions = map[string]bool{}
		if got := parseSimple(l, data); got != lines {
			t.Errorf("%s: %d entries read of %d lines", name, got, lines)
		}
	}
	lines := 0
	for _, line := range strings.Split(emojiData, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			lines++
		}
	}
	if got := len(parseEmoji(emojiData)); got != lines {
		t.Errorf("emoji.txt: %d read of %d lines", got, lines)
	}
}

// Score never fails, whatever the text: its score stays in −1…1 and its
// label agrees with it.
func FuzzScore(f *testing.F) {
	for _, s := range []string{"", "!!!", "n'", "pas", "😡😡😡", "TRÈS TRÈS déçu mais", "a-b-c-", "'''", ":) :( <3", "\uFE0F\u200D", "ne ne ne pas pas"} {
		f.Add(s)
	}
	a := New()
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []app.Language{app.LanguageFrench, app.LanguageEnglish, ""} {
			r := a.Score(text, lang)
			if r.Score < -1 || r.Score > 1 || (r.Label == Positive) != (r.Score >= Threshold) || (r.Label == Negative) != (r.Score <= -Threshold) {
				t.Fatalf("%q (%s): %+v", text, lang, r)
			}
		}
	})
}
