package proofread

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

// wordGrammar flags one word wherever it is,
// standing for a language's grammar in the Checker's tests.
type wordGrammar struct{ word string }

func (g wordGrammar) Check(ctx context.Context, text string, known func(string) bool) ([]app.Finding, error) {
	i := strings.Index(text, g.word)
	if i < 0 || known(g.word) {
		return nil, ctx.Err()
	}
	return []app.Finding{{Kind: "grammar_test", Severity: app.SeverityError, Start: i, End: i + len(g.word), Text: g.word}}, ctx.Err()
}

func TestGrammarRunsForItsLanguageOnly(t *testing.T) {
	c := New(nil, WithGrammar(app.LanguageFrench, wordGrammar{"bof"}))
	fr, err := c.Proofread(context.Background(), "C'est bof.", app.ProofOptions{Language: app.LanguageFrench})
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Findings) != 1 || fr.Findings[0].Kind != "grammar_test" || fr.Findings[0].Text != "bof" {
		t.Fatalf("French findings = %+v, want the grammar's finding on bof", fr.Findings)
	}
	en, err := c.Proofread(context.Background(), "It is bof.", app.ProofOptions{Language: app.LanguageEnglish})
	if err != nil {
		t.Fatal(err)
	}
	if len(en.Findings) != 0 {
		t.Fatalf("English findings = %+v, want none: no English grammar was given", en.Findings)
	}
}

func TestGrammarKnowsThePersonalDictionary(t *testing.T) {
	c := New(nil, WithGrammar(app.LanguageFrench, wordGrammar{"Bof"}))
	c.SetPersonal([]string{"Bof"})
	got, err := c.Proofread(context.Background(), "Chez Bof.", app.ProofOptions{Language: app.LanguageFrench})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 0 {
		t.Fatalf("findings = %+v, want none on a personal word", got.Findings)
	}
}
