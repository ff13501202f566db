package proofread

import (
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// TestLongInputs guards against quadratic scans (a.a.a.a… once took a
// second for 40 kB).
func TestLongInputs(t *testing.T) {
	c := newTestChecker()
	for _, s := range []string{strings.Repeat("a.", 20000), strings.Repeat("a.", 20000) + "@x", strings.Repeat("@a.", 15000),
		strings.Repeat("h", 40000), strings.Repeat("#a ", 15000), strings.Repeat(")", 40000), strings.Repeat("http://a(", 5000),
		strings.Repeat("a@", 20000), strings.Repeat("🎉", 10000), strings.Repeat("A ", 20000), strings.Repeat(". ", 20000)} {
		start := time.Now()
		if _, err := c.Proofread(t.Context(), s, app.ProofOptions{Network: app.X}); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%q…: %v", s[:6], d)
		}
	}
}

// typoSpeller knows no word and counts the suggestions asked of it.
type typoSpeller struct{ suggested map[string]int }

func (c *typoSpeller) Spell(string) bool { return false }

func (c *typoSpeller) Suggest(w string) []string {
	c.suggested[w]++
	return []string{w + "x"}
}

// TestSuggestionsAreBoundedPerText: 60 kB of misspelt words took 130 s,
// 10 to 30 ms of suggestions a word; only the first maxSuggestedWords
// distinct words of a text get fixes looked for, and those found before
// are given again.
func TestSuggestionsAreBoundedPerText(t *testing.T) {
	sp := &typoSpeller{suggested: map[string]int{}}
	c := New(map[app.Language]Speller{app.LanguageEnglish: sp})
	var words []string
	for i := range 6000 {
		words = append(words, "zq"+strings.Repeat(string(rune('a'+i%26)), 1+i/26%8)+string(rune('a'+i/208%26)))
	}
	text := strings.Join(words, " ")
	res, err := c.Proofread(t.Context(), text, app.ProofOptions{Language: app.LanguageEnglish})
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.suggested) != maxSuggestedWords {
		t.Errorf("suggestions looked for %d words, want %d", len(sp.suggested), maxSuggestedWords)
	}
	withFix, without := 0, 0
	for _, f := range res.Findings {
		if f.Kind != app.FindSpelling {
			continue
		}
		if len(f.Fixes) > 0 {
			withFix++
		} else {
			without++
		}
	}
	if withFix < maxSuggestedWords || without == 0 {
		t.Errorf("%d findings with fixes, %d without", withFix, without)
	}
	// Checked again, the words whose fixes are known keep them for free,
	// and at most maxSuggestedWords new words are looked up.
	if _, err := c.Proofread(t.Context(), "newword "+text, app.ProofOptions{Language: app.LanguageEnglish}); err != nil {
		t.Fatal(err)
	}
	if len(sp.suggested) != 2*maxSuggestedWords || sp.suggested["newword"] != 1 || sp.suggested[words[0]] != 1 {
		t.Errorf("after a second check, %d words looked up", len(sp.suggested))
	}
}
