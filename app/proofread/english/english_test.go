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
		{"Thanks for stopping by it's stand.", FindIts, warnSev, "it's", "its"},
		{"That's they're best offer.", FindTheir, warnSev, "they're", "their"},
		{"Try you're newest recipe.", FindYour, warnSev, "you're", "your"},
		{"We drove to there new shop.", FindTheir, warnSev, "there", "their"},
		{"Call us when your using the app.", FindYour, warnSev, "your", "you're"},
		{"Their might be a delay.", FindTheir, errorSev, "Their", "There"},
		{"Prices are less steep then last year.", FindThan, warnSev, "then", "than"},
		{"If it rains, than we stay inside.", FindThan, warnSev, "than", "then"},
		{"The queue is not to long now.", FindTooTo, warnSev, "to", "too"},
		{"Tickets went from 10 too 12 dollars.", FindTooTo, warnSev, "too", "to"},
		{"The show can been watched online.", FindVerbForm, errorSev, "been", "be"},
		{"The prize has been gave away.", FindVerbForm, errorSev, "gave", "given"},
		{"Did you saw the new menu?", FindVerbForm, warnSev, "saw", "see"},
		{"Then it begun to snow.", FindVerbForm, warnSev, "begun", "began"},
		{"We are happy to announces the winner.", FindVerbForm, warnSev, "announces", "announce"},
		{"Pick the a size you like.", FindAgreement, errorSev, "the a", "the"},
		{"The shirt's are on sale.", FindAgreement, warnSev, "shirt's", "shirts"},
		{"Yes i know, and i'm sorry.", FindPronounI, errorSev, "i", "I"},
		{"Sorry, i can't come.", FindPronounI, errorSev, "i", "I"},
		{"Glad to here from you!", FindConfusion, warnSev, "here", "hear"},
		{"We think they where closed.", FindConfusion, errorSev, "where", "were"},
		{"Please turn of your phone.", FindConfusion, warnSev, "of", "off"},
		{"In principal we agree.", FindConfusion, errorSev, "principal", "principle"},
		{"From know on we open at 9.", FindConfusion, errorSev, "know", "now"},
		{"I was wandering if you had it in blue.", FindConfusion, warnSev, "wandering", "wondering"},
		{"Our staff were vary kind.", FindConfusion, warnSev, "vary", "very"},
		{"Everyday, we bake bread.", FindConfusion, warnSev, "Everyday", "Every day"},
		{"The sale ends on February 30, 2026.", FindDate, errorSev, "February 30, 2026", ""},
		{"Join us on Monday, 7 October 2014!", FindDate, warnSev, "Monday", "Tuesday"},
		{"Only 7.25$ today.", FindCurrency, warnSev, "7.25$", "$7.25"},
		{"Our new box is more bigger.", FindVerbForm, errorSev, "more bigger", "bigger"},
		{"We had much visitors today.", FindAgreement, warnSev, "much", "many"},
		{"Here is 3 reasons to come.", FindBeAgreement, warnSev, "is", "are"},
		{"There was cakes for everyone.", FindBeAgreement, warnSev, "was", "were"},
		{"There's many ways to help.", FindBeAgreement, warnSev, "There's", "There are"},
		{"A photo of Sam and I.", FindVerbForm, warnSev, "I", "me"},
		{"We tried to gave more.", FindVerbForm, warnSev, "gave", "give"},
		{"The menu will be update soon.", FindVerbForm, warnSev, "update", "updated"},
		{"Prices vary according with the size.", FindConfusion, warnSev, "according with", "according to"},
		{"Please do knot touch.", FindConfusion, warnSev, "knot", "not"},
		{"She is good in drawing.", FindConfusion, warnSev, "in", "at"},
		{"Most of customers agree.", FindConfusion, warnSev, "of", "of the"},
		{"Meet us in the, by the door.", FindArticleEnd, warnSev, "the", ""},
		{"Come on in to the to the shop.", app.FindRepeatedWord, warnSev, "to the", ""},
		{"Please reply back by Friday.", FindRedundant, warnSev, "reply back", "reply"},
		{"We isn't open today.", FindBeAgreement, errorSev, "isn't", "aren't"},
		{"She were late.", FindBeAgreement, warnSev, "were", "was"},
		{"Do you tried the new menu?", FindVerbForm, warnSev, "tried", "try"},
		{"What have you did today?", FindVerbForm, errorSev, "did", "done"},
		{"He does not has a ticket.", FindVerbForm, errorSev, "has", "have"},
		{"You don't has to pay.", FindVerbForm, errorSev, "has", "have"},
		{"I works on Sundays.", FindVerbForm, warnSev, "works", "work"},
	}
	for _, tt := range tests {
		got := check(t, tt.text)
		ok := false
		for _, f := range got {
			if f.Kind == tt.kind && f.Text == tt.at && (tt.fix == "" && len(f.Fixes) == 0 || len(f.Fixes) > 0 && f.Fixes[0] == tt.fix) && f.Severity == tt.sev &&
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
		"It's always been a family business.",
		"We're proud of you, you're the best.",
		"Come in there, it's warm.",
		"Turn off the lights at the turn of the year.",
		"Open on Tuesday, 7 October 2014, from 9 to 5.",
		"Sale from March 1 to March 31, 2026, and on February 29, 2028.",
		"Only $7.25, or €100 for ten.",
		"Point (i) is about the menu.",
		"What's the plan? Here's ours.",
		"We were there in principle, and it's right now.",
		"He has done it, they have gone home and she had seen it.",
		"Did you see it? Did he like it? Do you know?",
		"Welcome to here, from all of us.",
		"More or less, most people agree: the more, the better.",
		"How much sales did we make? Thanks so much, friends.",
		"There is news, and here is one more thing.",
		"It's for you and I think it's great.",
		"We want to go, and we had to leave.",
		"It will be ready soon, and it will be fun to be friends.",
		"According to our team, it's great.",
		"Some of them, most of it and all of us.",
		"Vitamin A, Plan B and a question: what's the answer?",
		"If she were taller, she would be a model.",
		"We're good in teams.",
		"What do you think about these two?",
		"It can be found on page 3, and it will be left open.",
		"Make the most of apples this autumn.",
		"A call to arms for all bakers!",
		"Who's their coach this year?",
		"I got a .2TB drive.",
		"Each post goes out at its time, with its photos.",
		"Both take the bus.",
		"Thanks for your choosing us, and for your booking.",
		"The change was effected by the board.",
		"After this occurs, we close.",
		"Run it with -i file.txt.",
		"Both should be equal.",
		"Have you done it? What have you seen? He does not know.",
		"I work here and it works.",
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
	text := strings.Repeat("Its a great day at the shop: your welcome to join us, there products are new and bigger then ever. ", 8)[:500]
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
