// Package french checks French grammar: the confusions a community
// manager makes in a hurry (a/à, ou/où, et/est, son/sont, on/ont,
// ces/ses/c’est/s’est), the verb forms after auxiliaries, modals and
// prepositions (je vais préparé, j’ai manger), agreement (les offres
// exceptionnel, elles sont arrivé, ils mange), elision, and weekdays and
// months written with a capital.
//
// It tags words with the morphology of the French Hunspell dictionary
// (Grammalecte's, through hunspell.Dictionary.Analyze) and runs rules
// over the tagged sentences. A rule that is precise gives an error (it
// blocks scheduling, as a typo does); one that can be wrong gives a
// warning. Every finding names the words it is about and offers the fix.
package french

import (
	"context"
	"strings"
	"sync"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread/hunspell"
)

// The kinds of finding; "proof.<kind>" is the message in the
// translations.
const (
	FindAPrep         app.FindingKind = "fr_a_prep"         // "a" for the preposition "à"
	FindAVerb         app.FindingKind = "fr_a_verb"         // "à" for the verb "a"
	FindOuWhere       app.FindingKind = "fr_ou_where"       // "ou" for "où"
	FindOuOr          app.FindingKind = "fr_ou_or"          // "où" for "ou"
	FindEtEst         app.FindingKind = "fr_et_est"         // "et" for "est"
	FindEstEt         app.FindingKind = "fr_est_et"         // "est" for "et"
	FindSonSont       app.FindingKind = "fr_son_sont"       // "son" for "sont"
	FindSontSon       app.FindingKind = "fr_sont_son"       // "sont" for "son"
	FindOnOnt         app.FindingKind = "fr_on_ont"         // "on" for "ont"
	FindOntOn         app.FindingKind = "fr_ont_on"         // "ont" for "on"
	FindCesCest       app.FindingKind = "fr_ces_cest"       // "ces"/"ses" for "c’est"
	FindCestCes       app.FindingKind = "fr_cest_ces"       // "c’est" for "ces"/"ses"
	FindCestSest      app.FindingKind = "fr_cest_sest"      // "c’est" for "s’est"
	FindSestCest      app.FindingKind = "fr_sest_cest"      // "s’est" for "c’est"
	FindParticiple    app.FindingKind = "fr_participle"     // an infinitive after avoir/être: j’ai manger
	FindInfinitive    app.FindingKind = "fr_infinitive"     // a participle after a modal or a preposition: pour préparé
	FindAgreement     app.FindingKind = "fr_agreement"      // determiner, noun and adjective disagree
	FindGender        app.FindingKind = "fr_gender"         // a determiner of the wrong gender
	FindSubjectVerb   app.FindingKind = "fr_subject_verb"   // ils mange
	FindEtreAgreement app.FindingKind = "fr_etre_agreement" // elles sont arrivé
	FindAvoirAgree    app.FindingKind = "fr_avoir_agree"    // ils ont mangés
	FindLowercase     app.FindingKind = "fr_lowercase"      // Lundi, Janvier within a sentence
	FindElision       app.FindingKind = "fr_elision"        // le hôtel, de avoir
	FindEuphonicT     app.FindingKind = "fr_euphonic_t"     // va-il, arriveras-t-il
	FindNounForm      app.FindingKind = "fr_noun_form"      // au marcher, son arrivé
	FindApostrophe    app.FindingKind = "fr_apostrophe"     // je m étais, d’ enfants
	FindAccent        app.FindingKind = "fr_accent"         // voila, il est la
	FindHyphen        app.FindingKind = "fr_hyphen"         // c’est à dire, s’il-te-plaît
	FindOrdinal       app.FindingKind = "fr_ordinal"        // 2ème
	FindATonic        app.FindingKind = "fr_a_latin"        // à priori
	FindTout          app.FindingKind = "fr_tout"           // tout les jours
	FindNumberNoun    app.FindingKind = "fr_number_noun"    // 3 place
	FindHomophone     app.FindingKind = "fr_homophone"      // sa va, se matin, leur produits
	FindQueAgree      app.FindingKind = "fr_que_agree"      // les photos que j’ai pris
	FindEuphony       app.FindingKind = "fr_euphony"        // un nouveau article
	FindLanguageLower app.FindingKind = "fr_language_lower" // en Français
	FindPeopleCapital app.FindingKind = "fr_people_capital" // des anglais
	FindPointCapital  app.FindingKind = "fr_point_capital"  // l’Afrique du sud
	FindDate          app.FindingKind = "fr_date"           // le 29 février 2005
	FindWeekday       app.FindingKind = "fr_weekday"        // vendredi 28 août 2014 (a Thursday)
	FindSubjunctive   app.FindingKind = "fr_subjunctive"    // il faut que tu viens
	FindRelative      app.FindingKind = "fr_relative"       // les hommes auquel
	FindStyle         app.FindingKind = "fr_pleonasm"       // monter en haut
	FindEtc           app.FindingKind = "fr_etc"            // un lapin etc.
	FindMissingNe     app.FindingKind = "fr_missing_ne"     // on a rien
)

// maxCached bounds the words whose readings are kept; maxForms the
// lemmas whose forms are (a verb has a hundred: they are looked up only
// for the fixes of findings).
const (
	maxCached = 50000
	maxForms  = 512
)

// Grammar is the French grammar checker, a proofread.Grammar. It is safe
// for concurrent use.
type Grammar struct {
	dict *hunspell.Dictionary

	mu    sync.Mutex
	tags  map[string]*info
	forms map[string][]form
	seen  map[string][]app.Finding // findings of a sentence, offsets from its start
}

// maxSentences bounds the sentences whose findings are remembered: a
// text is checked again at every pause in the typing, most of its
// sentences unchanged.
const maxSentences = 2048

// form is a word made from a lemma, with its reading.
type form struct {
	word string
	r    reading
}

// New returns the checker over the French dictionary d, which must carry
// Grammalecte's morphology.
func New(d *hunspell.Dictionary) *Grammar {
	return &Grammar{dict: d, tags: map[string]*info{}, forms: map[string][]form{}, seen: map[string][]app.Finding{}}
}

// Check returns the grammar findings of text.
func (g *Grammar) Check(ctx context.Context, text string, known func(word string) bool) ([]app.Finding, error) {
	var out []app.Finding
	for i, s := range g.sentences(text, known) {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out = append(out, g.checkSentence(text, s)...)
	}
	return out, ctx.Err()
}

// formsOf returns the forms of lemma.
func (g *Grammar) formsOf(lemma string) []form {
	g.mu.Lock()
	fs, ok := g.forms[lemma]
	g.mu.Unlock()
	if ok {
		return fs
	}
	for _, f := range g.dict.Forms(lemma) {
		if r, ok := parseReading(hunspell.Reading{Stem: lemma, Morph: f.Morph}); ok {
			fs = append(fs, form{word: f.Word, r: r})
		}
	}
	g.mu.Lock()
	if len(g.forms) >= maxForms {
		clear(g.forms)
	}
	g.forms[lemma] = fs
	g.mu.Unlock()
	return fs
}

// formOf returns the form of lemma with part p whose reading want
// accepts, or "".
func (g *Grammar) formOf(lemma string, p pos, want func(reading) bool) string {
	for _, f := range g.formsOf(lemma) {
		if f.r.pos&p != 0 && want(f.r) && !strings.ContainsAny(f.word, "’'") {
			return f.word
		}
	}
	return ""
}

// checker runs the rules on one sentence.
type checker struct {
	g    *Grammar
	s    []tok
	text string
	out  []app.Finding
	done map[int]bool // tokens a finding is already on

	keepCase bool // report the fixes as they are, not in the text's case
}

// at returns the token i, or nil outside the sentence.
func (c *checker) at(i int) *tok {
	if i < 0 || i >= len(c.s) {
		return nil
	}
	return &c.s[i]
}

// report adds a finding on tokens i to j (included) with the fixes, in
// the case of the text.
func (c *checker) report(kind app.FindingKind, sev app.Severity, i, j int, args map[string]string, fixes ...string) {
	if c.done == nil {
		c.done = map[int]bool{}
	}
	for k := i; k <= j; k++ {
		if c.done[k] {
			return
		}
	}
	for k := i; k <= j; k++ {
		c.done[k] = true
	}
	start, end := c.s[i].start, c.s[j].end
	orig := c.text[start:end]
	var fs []string
	for _, f := range fixes {
		if f == "" {
			continue
		}
		if !c.keepCase {
			f = matchCase(orig, f)
		}
		if strings.Contains(orig, "'") {
			f = strings.ReplaceAll(f, "’", "'")
		} else {
			f = strings.ReplaceAll(f, "'", "’")
		}
		if f != orig {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 && len(fixes) > 0 {
		return
	}
	c.out = append(c.out, app.Finding{Kind: kind, Severity: sev, Start: start, End: end, Text: orig, Fixes: fs, Args: args})
}

// matchCase gives fix the capital of orig's first letter.
func matchCase(orig, fix string) string {
	if orig == "" || fix == "" {
		return fix
	}
	o := []rune(orig)
	f := []rune(fix)
	if isUpper(o[0]) && !isUpper(f[0]) {
		f[0] = toUpper(f[0])
	}
	return string(f)
}

// Kinds are the kinds of finding of this package, for the translations'
// tests.
var Kinds = []app.FindingKind{
	FindAPrep, FindAVerb, FindOuWhere, FindOuOr, FindEtEst, FindEstEt, FindSonSont, FindSontSon,
	FindOnOnt, FindOntOn, FindCesCest, FindCestCes, FindCestSest, FindSestCest, FindParticiple,
	FindInfinitive, FindAgreement, FindGender, FindSubjectVerb, FindEtreAgreement, FindAvoirAgree,
	FindLowercase, FindElision, FindEuphonicT, FindNounForm, FindApostrophe, FindAccent, FindHyphen,
	FindOrdinal, FindATonic, FindTout, FindNumberNoun, FindHomophone, FindQueAgree, FindEuphony,
	FindLanguageLower, FindPeopleCapital, FindPointCapital, FindDate, FindWeekday, FindSubjunctive,
	FindRelative, FindStyle, FindEtc, FindMissingNe,
	FindAnglicism, FindUnitLower, FindUnitSpace, FindHour, FindFaitInfinitive, FindSiConditional,
	FindVerbExpected, FindInvariable, FindFuture, FindConstruction,
}

// checkSentence runs the rules on sentence s of text, or gives the
// findings remembered for the same sentence with the same user's words.
func (g *Grammar) checkSentence(text string, s []tok) []app.Finding {
	base := s[0].start
	var key strings.Builder
	key.WriteString(text[base:s[len(s)-1].end])
	key.WriteByte(0)
	for _, t := range s {
		if t.user {
			key.WriteByte('u')
		} else {
			key.WriteByte('.')
		}
	}
	k := key.String()
	g.mu.Lock()
	fs, ok := g.seen[k]
	g.mu.Unlock()
	if !ok {
		c := &checker{g: g, s: s, text: text}
		c.run()
		fs = make([]app.Finding, len(c.out))
		for i, f := range c.out {
			f.Start -= base
			f.End -= base
			fs[i] = f
		}
		g.mu.Lock()
		if len(g.seen) >= maxSentences {
			clear(g.seen)
		}
		g.seen[k] = fs
		g.mu.Unlock()
	}
	out := make([]app.Finding, len(fs))
	for i, f := range fs {
		f.Start += base
		f.End += base
		out[i] = f
	}
	return out
}
