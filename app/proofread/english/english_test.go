package english

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/assets/dictionaries"
)

var (
	loadOnce sync.Once
	shared   *Grammar
)

func grammar() *Grammar {
	loadOnce.Do(func() { shared = New(dictionaries.EnDic) })
	return shared
}

func check(t *testing.T, text string) []app.Finding {
	t.Helper()
	got, err := grammar().Check(context.Background(), text, nil)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Each rule on sentences of our own: the finding, its words and its first
// fix.
func TestRulesFind(t *testing.T) {
	tests := []struct {
		text string
		kind app.FindingKind
		sev  app.Severity
		at   string // the text flagged
		fix  string
	}{
		{"You should of told us earlier.", FindModalOf, errorSev, "should of", "should have"},
		{"We could of won that match!", FindModalOf, errorSev, "could of", "could have"},
		{"Its a great day for a launch.", FindIts, errorSev, "Its", "It's"},
		{"I think its not ready yet.", FindIts, errorSev, "its", "it's"},
		{"The brand updated it's own logo.", FindIts, errorSev, "it's", "its"},
		{"Its raining.", FindIts, warnSev, "Its", "It's"},
		{"Your welcome to join us!", FindYour, errorSev, "Your", "You're"},
		{"I hope your not tired.", FindYour, errorSev, "your", "you're"},
		{"Thanks for you're patience.", FindYour, warnSev, "you're", "your"},
		{"Bring you're own cup.", FindYour, errorSev, "you're", "your"},
		{"Their is a new menu today.", FindTheir, errorSev, "Their", "There"},
		{"I think their not coming.", FindTheir, errorSev, "their", "they're"},
		{"The kids loved there own show.", FindTheir, errorSev, "there", "their"},
		{"They're are three seats left.", FindTheir, errorSev, "They're", "There"},
		{"Our cake is bigger then yours.", FindThan, warnSev, "then", "than"},
		{"We ate, and than we danced.", FindThan, errorSev, "than", "then"},
		{"I want too go to the show.", FindTooTo, errorSev, "too", "to"},
		{"It's way to expensive.", FindTooTo, warnSev, "to", "too"},
		{"We love you to!", FindTooTo, warnSev, "to", "too"},
		{"The rain had a big affect on sales.", FindAffect, warnSev, "affect", "effect"},
		{"This will effect your order.", FindAffect, warnSev, "effect", "affect"},
		{"Don't loose your ticket.", FindLose, errorSev, "loose", "lose"},
		{"We are loosing time.", FindLose, warnSev, "loosing", "losing"},
		{"Whose going to the party?", FindWhose, errorSev, "Whose", "Who's"},
		{"I wonder weather or not it will rain.", FindConfusion, errorSev, "weather", "whether"},
		{"You are suppose to call first.", FindConfusion, errorSev, "suppose", "supposed"},
		{"We post new photos everyday.", FindConfusion, warnSev, "everyday", "every day"},
		{"These product are on sale.", FindAgreement, warnSev, "These product", "These products"},
		{"This cats are adorable.", FindAgreement, warnSev, "This cats", "These cats"},
		{"We opened two shop in May.", FindAgreement, warnSev, "two shop", "two shops"},
		{"They was late again.", FindBeAgreement, errorSev, "was", "were"},
		{"I has a question.", FindBeAgreement, errorSev, "has", "have"},
		{"He are our new chef.", FindBeAgreement, errorSev, "are", "is"},
		{"She go to work by bike.", FindVerbForm, warnSev, "go", "goes"},
		{"He love the new colours.", FindVerbForm, warnSev, "love", "loves"},
		{"They goes to the market.", FindVerbForm, errorSev, "goes", "go"},
		{"We didn't went there.", FindVerbForm, errorSev, "went", "go"},
		{"It doesn't wants to start.", FindVerbForm, errorSev, "wants", "want"},
	}
	for _, tt := range tests {
		got := check(t, tt.text)
		ok := false
		for _, f := range got {
			if f.Kind == tt.kind && f.Text == tt.at && len(f.Fixes) > 0 && f.Fixes[0] == tt.fix && f.Severity == tt.sev &&
				tt.text[f.Start:f.End] == f.Text {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%q: findings = %+v, want %s (severity %d) on %q with fix %q", tt.text, got, tt.kind, tt.sev, tt.at, tt.fix)
		}
	}
}

// Correct sentences, and posts as a community manager writes them, raise
// nothing.
func TestRulesStayQuiet(t *testing.T) {
	for _, text := range []string{
		"It's a great day: its colours are bright and its price is low.",
		"The shop opened its doors in 2019, and it's been busy since.",
		"You're welcome! Your order ships tomorrow.",
		"They're ready, their stand is open, and there is cake over there.",
		"There are more than 40 flavours, then we close at 6.",
		"See you later then!",
		"We'll see each other then.",
		"I want to go too.",
		"It's too late to order, but not too late to visit.",
		"The new rules will affect everyone; the effect on prices is small.",
		"Don't lose your ticket: the strap is loose.",
		"Who's coming? Whose bag is this?",
		"We could of course add a size.",
		"Make it work, let it go, did she go?",
		"He still likes the old logo, she cut the ribbon and it cost $5.",
		"These shoes are new and this product is ours.",
		"A sales team, a news site and these product pages.",
		"Join us at #CafeDuCoin with @marie_l 🎉 https://example.org/menu — only €4.50!",
		"If he were here, he would love it.",
		"I know that cats are curious.",
		"Does he like it? Can she come? Will it rain?",
		"The children were happy and we were too.",
		"Thank you to everyone who came!",
		"Tell us what you want to see: we listen to you.",
		"It was better then, when the shop was small.",
		"Give it to me.",
		"Who did you give it to?",
		"We're hiring two chefs and a waiter.",
		"Everyone except Sam can accept the invitation.",
		"Our everyday range is cheaper than ever.",
		"He and I went there.",
	} {
		for _, f := range check(t, text) {
			t.Errorf("%q: unexpected %s on %q (fixes %v)", text, f.Kind, f.Text, f.Fixes)
		}
	}
}

// A word of the personal dictionary is never flagged.
func TestRulesKnownWords(t *testing.T) {
	g := grammar()
	got, err := g.Check(context.Background(), "Its a deal.", func(w string) bool { return strings.EqualFold(w, "its") })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("findings = %+v, want none on a personal word", got)
	}
}

// Curly apostrophes in the text give curly fixes.
func TestCurlyFixes(t *testing.T) {
	got := check(t, "Its a deal, isn’t it?")
	if len(got) != 1 || got[0].Fixes[0] != "It’s" {
		t.Fatalf("findings = %+v, want the fix It’s", got)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := grammar().Check(ctx, "Its a deal.", nil); err == nil {
		t.Fatal("a cancelled check returned no error")
	}
}

func BenchmarkCheck500(b *testing.B) {
	g := grammar()
	text := strings.Repeat("Its a great day at the shop: your welcome to join us, there products are new and bigger then ever. ", 5)[:500]
	for b.Loop() {
		if _, err := g.Check(context.Background(), text, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		New(dictionaries.EnDic)
	}
}
