// Package english is the English grammar of the proofreader: the
// real-word confusions a community manager makes in a hurry (its/it's,
// your/you're, their/there/they're, then/than, to/too, should of,
// affect/effect, lose/loose, who's/whose…) and the basics of agreement
// (this/these and a noun, a and a plural, he/she/it and the verb). It
// knows words' classes from the affix flags of the SCOWL en_US Hunspell
// word list that Relais embeds: no tagged corpus, no model.
//
// A rule is an error (it blocks scheduling) when it is precise, a
// warning when it can be wrong.
package english

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread"
)

// The kinds of finding of this package; the messages are the
// translations "proof.<kind>".
const (
	FindModalOf     app.FindingKind = "en_modal_of"     // "should of" for "should have"
	FindIts         app.FindingKind = "en_its"          // its / it's
	FindYour        app.FindingKind = "en_your"         // your / you're
	FindTheir       app.FindingKind = "en_their"        // their / there / they're
	FindThan        app.FindingKind = "en_then_than"    // then / than
	FindTooTo       app.FindingKind = "en_to_too"       // to / too
	FindAffect      app.FindingKind = "en_affect"       // affect / effect
	FindLose        app.FindingKind = "en_lose"         // lose / loose
	FindWhose       app.FindingKind = "en_whose"        // who's / whose
	FindConfusion   app.FindingKind = "en_confusion"    // weather/whether, accept/except, advice/advise…
	FindAgreement   app.FindingKind = "en_agreement"    // "these product", "a books", "many product"
	FindVerbForm    app.FindingKind = "en_verb_form"    // "he go", "they goes", "didn't went", "can goes"
	FindBeAgreement app.FindingKind = "en_be_agreement" // "they was", "he are", "I has"
	FindPronounI    app.FindingKind = "en_pronoun_i"    // "i" for "I"
	FindArticleEnd  app.FindingKind = "en_article_end"  // "going to the; that's…": an article without its noun
	FindRedundant   app.FindingKind = "en_redundant"    // "repeat again", "and etc."
)

// Grammar is the English grammar checker. It is safe for concurrent
// use.
type Grammar struct {
	lex *lexicon
}

var _ proofread.Grammar = (*Grammar)(nil)

// New returns the grammar over the word list of the en_US Hunspell
// dictionary dic (its .dic file): about 60 ms and 6 MB.
func New(dic []byte) *Grammar {
	return &Grammar{lex: newLexicon(dic)}
}

// word is one word of a text, in order.
type word struct {
	text  string // as written
	low   string // in lower case, with a straight apostrophe
	start int    // byte offsets
	end   int
	// brk: something else than spaces comes between the previous word and
	// this one (punctuation, a line break, a link, an emoji) or it is the
	// first word.
	brk bool
	// stop: what comes before it ends a sentence (. ! ? … a line break) or
	// it is the first word.
	stop bool
	// punct is the punctuation right after the word, "" for none.
	punct string
	// num: a number follows the word; numText is that number.
	num     bool
	numText string
}

// sentence is the words of a text with what the rules ask of them.
type sentence struct {
	words []word
	known func(string) bool
	lex   *lexicon
	curly bool // the text writes its apostrophes curly
	out   []app.Finding
}

// w returns the lower-case word i, "" out of range.
func (s *sentence) w(i int) string {
	if i < 0 || i >= len(s.words) {
		return ""
	}
	return s.words[i].low
}

// joined reports whether word i follows word i-1 with only spaces
// between.
func (s *sentence) joined(i int) bool {
	return i > 0 && i < len(s.words) && !s.words[i].brk
}

// ends reports whether no word follows word i in its clause.
func (s *sentence) ends(i int) bool { return i+1 >= len(s.words) || s.words[i+1].brk }

// clauseStart reports whether word i starts a clause.
func (s *sentence) clauseStart(i int) bool { return i == 0 || s.words[i].brk }

// flag adds a finding on words i to j (included), with fixes in the case
// of the text they replace.
func (s *sentence) flag(kind app.FindingKind, sev app.Severity, i, j int, fixes ...string) {
	for k := i; k <= j; k++ {
		if s.known(s.words[k].text) {
			return
		}
	}
	start, end := s.words[i].start, s.words[j].end
	text := s.words[i].text
	if j > i {
		text = "" // filled by Check from the text
	}
	cased := make([]string, 0, len(fixes))
	for _, f := range fixes {
		if s.curly {
			f = strings.ReplaceAll(f, "'", "’")
		}
		if s.words[i].text == "I" {
			cased = append(cased, f) // "I" → "me", not "Me"
			continue
		}
		cased = append(cased, matchCase(s.words[i].text, f))
	}
	s.out = append(s.out, app.Finding{Kind: kind, Severity: sev, Start: start, End: end, Text: text, Fixes: cased})
}

// Check returns the English grammar findings of text.
func (g *Grammar) Check(ctx context.Context, text string, known func(string) bool) ([]app.Finding, error) {
	if known == nil {
		known = func(string) bool { return false }
	}
	toks := proofread.Tokens(text)
	s := &sentence{known: known, lex: g.lex, curly: strings.Contains(text, "’") && !strings.Contains(text, "'")}
	brk, stop := true, true
	for _, t := range toks {
		switch t.Kind {
		case proofread.Word:
			low := strings.ToLower(strings.ReplaceAll(t.Text, "’", "'"))
			s.words = append(s.words, word{text: t.Text, low: low, start: t.Start, end: t.End, brk: brk, stop: stop})
			brk, stop = false, false
		case proofread.Space, proofread.NoBreakSpace, proofread.NarrowNoBreakSpace, proofread.OtherSpace:
		case proofread.Punct:
			if n := len(s.words); n > 0 && !brk {
				s.words[n-1].punct = t.Text
			}
			brk = true
			if strings.Contains(".!?…", t.Text) {
				stop = true
			}
		case proofread.LineBreak:
			brk, stop = true, true
		case proofread.Number:
			if n := len(s.words); n > 0 && !brk {
				s.words[n-1].num = true
				s.words[n-1].numText = t.Text
			}
			brk = true
		default:
			brk = true
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range s.words {
		for _, r := range rules {
			r(s, i)
		}
	}
	s.out = append(s.out, checkDates(text, toks)...)
	s.out = append(s.out, checkCurrency(text, toks)...)
	for k := range s.out {
		f := &s.out[k]
		f.Text = text[f.Start:f.End]
	}
	return s.out, ctx.Err()
}

// rules are run on every word, in this order.
var rules = []func(*sentence, int){
	ruleModalOf,
	ruleIts,
	ruleYour,
	ruleTheir,
	ruleThenThan,
	ruleToToo,
	ruleAffect,
	ruleLose,
	ruleWhose,
	ruleConfusions,
	ruleDeterminerAgreement,
	ruleSubjectVerb,
	ruleAfterAuxiliary,
	ruleTenses,
	rulePossessiveForPlural,
	ruleMore,
}

// matchCase puts fix in the case of the word it replaces.
func matchCase(orig, fix string) string {
	r, n := utf8.DecodeRuneInString(orig)
	if !unicode.IsUpper(r) {
		return fix
	}
	if utf8.RuneCountInString(orig) > 1 && strings.IndexFunc(orig[n:], unicode.IsLower) < 0 {
		return strings.ToUpper(fix)
	}
	f, m := utf8.DecodeRuneInString(fix)
	return string(unicode.ToUpper(f)) + fix[m:]
}

func in(w string, list ...string) bool {
	for _, l := range list {
		if w == l {
			return true
		}
	}
	return false
}
