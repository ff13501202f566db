package proofread

import (
	"context"
	"testing"

	"github.com/relais-app/relais/app"
)

// Under a US dictionary, British spellings are warnings with the US
// spelling as fix; a typo stays a spelling error.
func TestBritishSpellingUnderUS(t *testing.T) {
	us := newFake("the color organize among traveled center is of our shop we by and until", nil)
	c := New(map[app.Language]Speller{app.LanguageEnglish: us})
	for _, tt := range []struct{ text, word, fix string }{
		{"the color of our shop", "", ""},
		{"The colour of our shop", "colour", "color"},
		{"we organise", "organise", "organize"},
		{"Amongst", "Amongst", "Among"},
		{"we travelled", "travelled", "traveled"},
		{"the centre", "centre", "center"},
	} {
		got, err := c.Proofread(context.Background(), tt.text, app.ProofOptions{Language: app.LanguageEnglish})
		if err != nil {
			t.Fatal(err)
		}
		if tt.word == "" {
			if len(got.Findings) != 0 {
				t.Errorf("%q: findings %+v, want none", tt.text, got.Findings)
			}
			continue
		}
		if len(got.Findings) != 1 || got.Findings[0].Kind != FindUSSpelling || got.Findings[0].Text != tt.word ||
			got.Findings[0].Severity != app.SeverityWarning || got.Findings[0].Fixes[0] != tt.fix {
			t.Errorf("%q: findings %+v, want a US-spelling warning on %q fixed as %q", tt.text, got.Findings, tt.word, tt.fix)
		}
	}
	got, _ := c.Proofread(context.Background(), "we untill", app.ProofOptions{Language: app.LanguageEnglish})
	if len(got.Findings) != 1 || got.Findings[0].Kind != app.FindSpelling || !got.Findings[0].Blocking() {
		t.Errorf("untill: findings %+v, want a spelling error (not a British spelling)", got.Findings)
	}
}

// An unknown English name in a run of names is a warning; alone, it is an
// error (the personal dictionary is for it).
func TestNamesInRuns(t *testing.T) {
	sp := newFake("the new candles are here and senator signed by king III with Senator", nil)
	c := New(map[app.Language]Speller{app.LanguageEnglish: sp})
	for _, tt := range []struct {
		text, word string
		blocking   bool
	}{
		{"the new Kraftwick candles are here", "Kraftwick", true},
		{"signed by Senator Tsongas", "Tsongas", false},
		{"signed by king Agis III", "Agis", false},
		{"Rodrigues Fernandes signed", "Rodrigues", false},
		{"signed by E. G. Erdos", "Erdos", false},
		{"signed with LanguageTool", "LanguageTool", false},
		{"Kraftwick candles are here", "Kraftwick", true},
	} {
		got, err := c.Proofread(context.Background(), tt.text, app.ProofOptions{Language: app.LanguageEnglish})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range got.Findings {
			if f.Kind == app.FindSpelling && f.Text == tt.word {
				found = true
				if f.Blocking() != tt.blocking {
					t.Errorf("%q: %q blocking = %v, want %v", tt.text, tt.word, f.Blocking(), tt.blocking)
				}
			}
		}
		if !found {
			t.Errorf("%q: no spelling finding on %q: %+v", tt.text, tt.word, got.Findings)
		}
	}
}
