package english

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

const (
	errorSev = app.SeverityError
	warnSev  = app.SeverityWarning
)

// name reports whether word i is written with a capital where no
// sentence starts: a name, which the rules on common words leave alone.
func (s *sentence) name(i int) bool {
	if i < 0 || i >= len(s.words) || s.words[i].stop {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.words[i].text)
	return unicode.IsUpper(r) && s.words[i].text != "I"
}

// next reports whether word i+1 exists and follows word i with only
// spaces between, and returns it in lower case.
func (s *sentence) next(i int) (string, bool) {
	if !s.joined(i + 1) {
		return "", false
	}
	return s.w(i + 1), true
}

// prev returns word i-1 when word i follows it with only spaces between.
func (s *sentence) prev(i int) string {
	if !s.joined(i) {
		return ""
	}
	return s.w(i - 1)
}

// Words that follow a noun: when a noun is followed by one of them or by
// the end of its clause, it is not the first half of a compound ("these
// product pages", "a sales team").
var afterNoun = set("is", "are", "was", "were", "will", "would", "can", "could", "should", "may", "might", "must",
	"have", "has", "had", "and", "or", "but", "of", "in", "on", "for", "with", "from", "at", "to", "by",
	"which", "who", "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "here", "now", "today")

// nounEnds reports whether the noun i ends its noun phrase.
func (s *sentence) nounEnds(i int) bool {
	n, ok := s.next(i)
	return !ok || afterNoun[n]
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// functionWords are never the nouns the rules look for, whatever
// the word list says ("are" is also a unit of area).
var functionWords = set("is", "are", "was", "were", "be", "am", "has", "have", "had", "do", "does", "did",
	"will", "can", "may", "might", "must", "shall", "should", "would", "could", "i", "me", "you", "he", "him",
	"she", "her", "it", "we", "us", "they", "them", "a", "an", "the", "and", "or", "but", "if", "then", "than",
	"so", "as", "at", "by", "in", "on", "of", "to", "up", "down", "out", "off", "over", "no", "not", "yes",
	"all", "any", "some", "one", "ones", "none", "this", "that", "these", "those", "there", "here", "what",
	"who", "which", "when", "where", "why", "how", "now", "well", "just", "still", "too", "very", "more",
	"most", "less", "much", "many", "few", "other", "others", "own", "same", "such", "each", "every", "something",
	"nothing", "anything", "everything", "someone", "everyone", "anyone", "lot", "lots", "bit", "kind", "sort",
	"type", "way", "thing", "things", "time", "times", "day", "days", "ok", "okay", "my", "your", "his", "its",
	"our", "their", "mine", "yours", "ours", "theirs", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine", "ten", "hundred", "thousand", "million", "dozen")

var (
	modals = set("could", "should", "would", "must", "might", "may", "couldn't", "shouldn't", "wouldn't",
		"mustn't", "mightn't", "coulda")
	// negated and unambiguous auxiliaries, after which a verb is in its
	// base form.
	auxiliaries = set("didn't", "doesn't", "don't", "can't", "cannot", "won't", "wouldn't", "couldn't",
		"shouldn't", "mustn't", "could", "would", "should", "might", "must", "will", "can", "shall")
	determiners = set("a", "an", "the", "this", "that", "these", "those", "my", "your", "our", "his", "her",
		"their", "its", "no", "any", "some", "every", "each")
	prepositions = set("of", "in", "on", "for", "by", "with", "from", "into", "at", "about", "under",
		"through", "onto", "over", "without", "within", "upon", "towards", "toward")
	beForms = set("be", "is", "are", "was", "were", "been", "being", "am", "i'm", "you're", "we're",
		"they're", "it's", "he's", "she's", "that's", "isn't", "aren't", "wasn't", "weren't")
)

// ruleModalOf: "should of", "could of", "would of", "must of"… for
// "should have" ("should've" sounds like it).
func ruleModalOf(s *sentence, i int) {
	if s.w(i) != "of" || !modals[s.prev(i)] {
		return
	}
	if n, _ := s.next(i); n == "course" || n == "which" || n == "them" || n == "us" {
		return // "we could of course…", "some of which could of them" is not English
	}
	m := s.w(i - 1)
	fixes := []string{m + " have"}
	if !strings.HasSuffix(m, "n't") {
		fixes = append(fixes, m+"'ve")
	}
	s.flag(FindModalOf, errorSev, i-1, i, fixes...)
}

// itsBefore: after these, "its" is "it's" (it is, it has).
var itsBefore = set("a", "an", "the", "not", "been", "gonna")

// itsBeforeMaybe: after these, "its" is most likely "it's".
var itsBeforeMaybe = set("going", "getting", "being", "so", "too", "really", "just", "always", "never",
	"also", "still", "ok", "okay", "alright", "my", "your", "our", "his", "their",
	"what", "how", "no", "only", "very", "almost", "already", "actually", "definitely", "finally",
	"where", "when", "who", "why")

// ruleIts: its (possessive) and it's (it is, it has).
func ruleIts(s *sentence, i int) {
	switch s.w(i) {
	case "its":
		n, ok := s.next(i)
		switch {
		case !ok:
			return
		case itsBefore[n]:
			s.flag(FindIts, errorSev, i, i, "it's")
		case itsBeforeMaybe[n]:
			if n == "very" || n == "only" || n == "all" || n == "own" {
				return // "its very core", "its only shop"
			}
			s.flag(FindIts, warnSev, i, i, "it's")
		case strings.HasSuffix(n, "ing") && s.ingForm(n) && s.ends(i+1):
			// "its raining.", not "its opening hours"
			s.flag(FindIts, warnSev, i, i, "it's")
		case s.adjective(n) && s.ends(i+1):
			// "its great!", not "its great value"
			s.flag(FindIts, warnSev, i, i, "it's")
		}
	case "it's":
		n, ok := s.next(i)
		if !ok {
			return
		}
		if n == "own" || n == "self" {
			s.flag(FindIts, errorSev, i, i, "its")
			return
		}
		if s.name(i + 1) {
			return
		}
		if s.possessiveSlot(i) {
			s.flag(FindIts, warnSev, i, i, "its")
			return
		}
		if s.possessed(i+1) && s.verbNext(i+1) {
			s.flag(FindIts, warnSev, i, i, "its") // "it's colour is"
		}
	}
}

// ingForm reports whether w is the -ing form of a verb and not a noun of
// its own ("raining", not "building").
func (s *sentence) ingForm(w string) bool {
	if _, ok := s.lex.entry(w); ok {
		return false
	}
	stem := strings.TrimSuffix(w, "ing")
	for _, c := range []string{stem, stem + "e"} {
		if f, ok := s.lex.entry(c); ok && f.has('G') {
			return true
		}
	}
	if len(stem) > 2 && stem[len(stem)-1] == stem[len(stem)-2] {
		f, ok := s.lex.entry(stem[:len(stem)-1])
		return ok && f.has('G')
	}
	return false
}

// verbing reports whether w is the -ing form of a verb, a noun too or not.
func (s *sentence) verbing(w string) bool {
	stem := strings.TrimSuffix(w, "ing")
	for _, c := range []string{stem, stem + "e"} {
		if f, ok := s.lex.entry(c); ok && f.has('G') {
			return true
		}
	}
	return false
}

// adjective reports whether w is an adjective and not a noun or verb too.
func (s *sentence) adjective(w string) bool {
	switch w {
	case "great", "good", "bad", "fine", "true", "amazing", "awesome", "important", "possible", "impossible",
		"beautiful", "wonderful", "fantastic", "perfect", "easy", "hard", "free", "late", "early", "done", "over", "here":
		return true
	}
	f, ok := s.lex.entry(w)
	return ok && f.has('T') && !f.isVerb()
}

// possessed reports whether word i is a noun that something can have
// (a noun and nothing else, singular or plural), not a name.
func (s *sentence) possessed(i int) bool {
	if s.name(i) || functionWords[s.w(i)] {
		return false
	}
	w := s.w(i)
	if _, ok := s.lex.pluralNoun(w); ok {
		return true
	}
	_, ok := s.lex.singularNoun(w)
	return ok
}

// verbNext reports whether the word after word i is a finite verb that
// shows word i is a subject: "it's colour is".
func (s *sentence) verbNext(i int) bool {
	n, ok := s.next(i)
	return ok && in(n, "is", "was", "has", "will", "can", "looks", "seems", "needs", "isn't", "wasn't", "hasn't",
		"are", "were", "have")
}

var yourBefore = set("a", "an", "the", "not", "welcome", "gonna")

var yourBeforeMaybe = set("going", "getting", "being", "doing", "kidding", "invited", "so", "too", "really",
	"always", "never", "sure", "such", "right", "wrong", "done", "ready", "amazing", "awesome", "all", "both")

// ruleYour: your (belongs to you) and you're (you are).
func ruleYour(s *sentence, i int) {
	switch s.w(i) {
	case "your":
		n, ok := s.next(i)
		switch {
		case !ok:
			return
		case yourBefore[n]:
			s.flag(FindYour, errorSev, i, i, "you're")
		case yourBeforeMaybe[n]:
			if (n == "right" || n == "all" || n == "both" || n == "amazing" || n == "awesome") && !s.ends(i+1) {
				return // "your right hand", "your amazing team"
			}
			s.flag(FindYour, warnSev, i, i, "you're")
		case strings.HasSuffix(n, "ing") && s.verbing(n) && (s.words[i].stop && !s.possessed(i+2) || clauseOpeners[s.prev(i)]):
			// "Your going to love it", "if your using it"; not "of your
			// choosing", "your conveying the work"
			s.flag(FindYour, warnSev, i, i, "you're") // "if your using it"
		}
	case "you're":
		n, ok := s.next(i)
		if !ok || s.name(i+1) {
			return
		}
		switch {
		case n == "own":
			s.flag(FindYour, errorSev, i, i, "your")
		case s.possessiveSlot(i):
			s.flag(FindYour, warnSev, i, i, "your")
		case s.nouny(i+1) && s.verbNext(i+1) && n != "welcome":
			s.flag(FindYour, warnSev, i, i, "your") // "you're order is ready"
		}
	}
}

// nouny reports whether word i can be a noun (it takes a possessive),
// not a name, not an adjective.
func (s *sentence) nouny(i int) bool {
	if s.name(i) || functionWords[s.w(i)] {
		return false
	}
	w := s.w(i)
	if _, ok := s.lex.pluralNoun(w); ok {
		return true
	}
	f, ok := s.lex.entry(w)
	return ok && (f.has('M') || f.has('S') && !f.isVerb()) && !f.isAdjective()
}

// modifiedNoun reports whether words from i are a noun, or an
// adjective, superlative or ordinal and then a noun: what a possessive
// ("its", "their", "your") comes before.
func (s *sentence) modifiedNoun(i int) bool {
	if s.nouny(i) {
		return true
	}
	if !s.joined(i) || !s.joined(i+1) {
		return false
	}
	if !s.adjective(s.w(i)) && !s.superlative(i) {
		return false
	}
	if s.nouny(i + 1) {
		return true
	}
	// After an adjective, an -s form is a plural noun ("tiny buttons"),
	// whatever else its stem is.
	_, f, ok := s.lex.sStem(s.w(i + 1))
	return ok && f.has('M') && !s.name(i+1)
}

// superlative reports whether word i is an -est form or an ordinal
// ("reddest", "18th").
func (s *sentence) superlative(i int) bool {
	w := s.w(i)
	if strings.HasSuffix(w, "est") {
		for _, c := range []string{strings.TrimSuffix(w, "est"), strings.TrimSuffix(w, "st"), strings.TrimSuffix(w, "iest") + "y"} {
			if f, ok := s.lex.entry(c); ok && f.has('T') {
				return true
			}
		}
		return in(w, "best", "worst", "biggest", "hottest", "saddest", "fattest", "latest")
	}
	return in(w, "first", "second", "third", "last", "next", "only", "favorite", "favourite", "newest", "main")
}

// possessiveSlot reports whether a possessive goes at word i: after a
// preposition ("on it's way"), after a form of "be" ("that's they're
// fault"), or before a superlative or ordinal and a noun ("you're greenest
// banana").
func (s *sentence) possessiveSlot(i int) bool {
	p := s.prev(i)
	switch {
	case (prepositions[p] || p == "to") && s.modifiedNoun(i+1) && !s.ends(i):
		return true
	case beForms[p] && p != "be" && p != "being" && s.modifiedNoun(i+1):
		return true
	case s.joined(i+1) && s.superlative(i+1) && s.nouny(i+2) && s.joined(i+2) && s.w(i+1) != "only" && s.w(i+1) != "next":
		return true
	}
	return false
}

// ruleTheir: their (belongs to them), there (a place; there is) and
// they're (they are).
func ruleTheir(s *sentence, i int) {
	n, ok := s.next(i)
	switch s.w(i) {
	case "their":
		switch {
		case !ok:
			if in(s.prev(i), "over", "out", "in", "up", "down", "from", "go", "be", "been", "get", "stay", "sit",
				"live", "right", "here", "and") && s.words[i].punct != "'" && s.words[i].punct != "’" {
				s.flag(FindTheir, warnSev, i, i, "there") // "see you over their."
			}
		case in(n, "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "has", "have", "will") && !s.ends(i+1) || in(n, "is", "are", "was", "were"):
			if in(n, "has", "have", "will") {
				return // "their will", "their have" are rare and unclear
			}
			s.flag(FindTheir, errorSev, i, i, "there")
		case in(n, "a", "an", "the", "not", "gonna"):
			s.flag(FindTheir, errorSev, i, i, "they're")
		case modals[n] && s.w(i+2) == "be" || in(n, "will", "can") && s.w(i+2) == "be":
			s.flag(FindTheir, errorSev, i, i, "there") // "their might be"
		case in(n, "going", "getting", "coming", "doing", "so", "too", "really", "always", "never"):
			s.flag(FindTheir, warnSev, i, i, "they're")
		}
	case "there":
		if !ok {
			return
		}
		switch {
		case n == "own":
			s.flag(FindTheir, errorSev, i, i, "their")
		case in(n, "going", "gonna") && !beForms[s.prev(i)] && !in(s.prev(i), "get", "got", "getting", "over", "out", "up"):
			s.flag(FindTheir, warnSev, i, i, "they're")
		case !beForms[s.prev(i)] && !modals[s.prev(i)] && !in(s.prev(i), "will", "can", "here", "over", "out", "up", "down", "back", "get", "got", "go", "went", "from") &&
			!in(n, "people", "lots", "plenty", "someone", "something", "nothing", "anything", "everyone", "everything", "seems", "appears") &&
			(s.possessed(i+1) && (!s.ends(i+1) || !s.clauseStart(i)) || (prepositions[s.prev(i)] || s.prev(i) == "to") && s.modifiedNoun(i+1)):
			s.flag(FindTheir, warnSev, i, i, "their") // "there products are", "to there old parents"
		}
	case "they're":
		if !ok {
			return
		}
		switch {
		case n == "own":
			s.flag(FindTheir, errorSev, i, i, "their")
		case in(n, "is", "are", "was", "were"):
			s.flag(FindTheir, errorSev, i, i, "there")
		case s.nouny(i+1) && s.verbNext(i+1) || s.possessiveSlot(i):
			s.flag(FindTheir, warnSev, i, i, "their")
		}
	}
}

// ruleThenThan: "than" compares, "then" tells when.
func ruleThenThan(s *sentence, i int) {
	switch s.w(i) {
	case "then":
		p := s.prev(i)
		if p != "" && in(s.w(i-2), "more", "less", "fewer") && s.joined(i-1) && !s.ends(i) {
			s.flag(FindThan, warnSev, i, i, "than") // "less expensive then"
			return
		}
		if p == "" || !s.lex.comparative(p) || s.name(i-1) {
			return
		}
		if p == "" {
			return
		}
		if p == "other" && in(s.w(i-2), "each", "the") {
			return // "see each other then"
		}
		if n, _ := s.next(i); n == "" && s.ends(i) {
			return // "it was better then." (at that time)
		}
		s.flag(FindThan, warnSev, i, i, "than")
	case "than":
		p := s.prev(i)
		switch {
		case in(p, "and", "since", "until", "till", "back", "just", "by", "now", "right", "from"):
			s.flag(FindThan, errorSev, i, i, "then")
		case !s.clauseStart(i) || s.words[i].stop || i == 0 || s.words[i-1].punct != ",":
		case s.ends(i) || in(s.w(i+1), "we", "i", "you", "they", "he", "she", "it") && !s.lex.comparative(s.w(i-1)):
			s.flag(FindThan, warnSev, i, i, "then") // "If we want to eat, than we need…"
		case s.clauseStart(i) && s.words[i].stop && !s.ends(i):
			s.flag(FindThan, warnSev, i, i, "then") // "Than we went home."
		}
	}
}

var tooAdjectives = set("much", "late", "early", "soon", "bad", "big", "small", "hard", "long", "far",
	"expensive", "cheap", "hot", "cold", "busy", "tired", "young", "old", "high", "low", "loud", "fast",
	"slow", "short", "heavy", "difficult", "complicated", "good", "many", "often", "close", "quiet", "little")

var toAfter = set("want", "wants", "wanted", "need", "needs", "needed", "going", "have", "has", "had", "able",
	"trying", "try", "tried", "hope", "hoping", "plan", "planning", "decided", "wish", "ready", "happy", "glad",
	"time", "how", "where", "when", "what", "used", "supposed", "gonna", "forget", "remember", "love", "like")

// ruleToToo: "too" means also or excessively; "to" comes before a verb
// or a place.
func ruleToToo(s *sentence, i int) {
	switch s.w(i) {
	case "to":
		n, ok := s.next(i)
		p := s.prev(i)
		if ok && tooAdjectives[n] && (beForms[p] || in(p, "way", "far", "much", "not", "seems", "looks", "feel",
			"feels", "felt", "getting", "got", "get", "just", "all", "be", "is", "sounds", "i'm")) {
			if s.ends(i+1) || !s.nouny(i+2) && !s.possessed(i+2) {
				s.flag(FindTooTo, warnSev, i, i, "too")
			}
			return
		}
		if ok && s.words[i].stop && in(n, "bad", "late", "early", "soon", "much") {
			s.flag(FindTooTo, warnSev, i, i, "too") // "To bad you missed it."
			return
		}
		if !ok && s.words[i].punct != "?" && in(p, "me", "you", "us", "them", "him", "her", "i", "we", "they") &&
			(s.words[i].punct != "" || i == len(s.words)-1) {
			s.flag(FindTooTo, warnSev, i, i, "too") // "love you to!"
		}
	case "too":
		n, ok := s.next(i)
		if s.words[i].num {
			s.flag(FindTooTo, warnSev, i, i, "to") // "from 30 too 37"
			return
		}
		if in(n, "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred") {
			s.flag(FindTooTo, warnSev, i, i, "to")
			return
		}
		if !ok || !toAfter[s.prev(i)] || s.name(i+1) || in(n, "much", "many", "little", "few", "late", "early") {
			return
		}
		f, found := s.lex.entry(n)
		if !found || !f.isVerb() || f.has('T') || f.has('Y') && !f.has('S') {
			return // "too close", "too busy"
		}
		s.flag(FindTooTo, errorSev, i, i, "to")
	}
}

// ruleAffect: affect is the verb, effect the noun (a side effect; it
// affects us).
func ruleAffect(s *sentence, i int) {
	w := s.w(i)
	n, _ := s.next(i)
	p := s.prev(i)
	switch w {
	case "affect", "affects":
		fix := "effect" + strings.TrimPrefix(w, "affect")
		if in(p, "a", "an", "the", "no", "any", "positive", "negative", "side", "great", "big", "huge", "real",
			"strong", "lasting", "significant", "major", "domino", "ripple", "special", "sound", "visual",
			"greenhouse", "desired", "opposite", "immediate") || n == "on" && !in(p, "to", "will", "can", "may", "might") {
			s.flag(FindAffect, warnSev, i, i, fix)
		}
	case "effect", "effects":
		fix := "affect" + strings.TrimPrefix(w, "effect")
		obj := in(n, "the", "your", "our", "their", "my", "his", "her", "its", "us", "you", "them", "me",
			"everyone", "everybody", "people", "how", "whether", "anyone", "someone", "him")
		switch {
		case w == "effect" && obj && in(p, "will", "would", "can", "could", "may", "might", "must", "should",
			"not", "greatly", "negatively", "positively", "directly", "adversely", "seriously", "really",
			"doesn't", "don't", "didn't", "won't", "can't", "also", "badly", "significantly"):
			s.flag(FindAffect, warnSev, i, i, fix)
		case w == "effects" && obj && in(p, "it", "this", "that", "which", "he", "she", "also", "directly",
			"negatively", "greatly"):
			s.flag(FindAffect, warnSev, i, i, fix)
		}
	case "effected":
		if in(p, "badly", "directly", "negatively", "greatly", "seriously", "deeply", "heavily", "strongly",
			"adversely", "most", "worst") && in(n, "by", "") {
			s.flag(FindAffect, warnSev, i, i, "affected")
		}
	}
}

var loseObjects = set("weight", "money", "time", "hope", "track", "interest", "sight", "control", "touch",
	"focus", "followers", "your", "my", "his", "her", "our", "their", "the", "a", "it", "them", "everything",
	"anything", "out", "sleep", "faith", "heart", "patience", "customers", "data", "access", "this", "any",
	"so", "more", "nothing", "all", "everything", "both", "sales")

// ruleLose: lose (not win, not keep) and loose (not tight).
func ruleLose(s *sentence, i int) {
	n, _ := s.next(i)
	p := s.prev(i)
	switch s.w(i) {
	case "loose":
		if (auxiliaries[p] || in(p, "to", "never", "not", "gonna", "wanna", "may", "might")) && loseObjects[n] {
			s.flag(FindLose, errorSev, i, i, "lose")
		}
	case "loosing":
		if loseObjects[n] || in(p, "am", "are", "is", "was", "were", "be", "been", "keep", "keeps", "i'm", "we're", "you're", "they're") {
			s.flag(FindLose, warnSev, i, i, "losing")
		}
	case "lose":
		if in(p, "a", "too", "so", "very", "come", "comes", "came", "coming", "cut", "break", "broke", "hang",
			"running", "run", "is", "are", "was", "were") && !in(n, "to", "the", "a", "your", "my", "our", "their",
			"his", "her", "it", "them", "weight", "money", "time") {
			s.flag(FindLose, warnSev, i, i, "loose")
		}
	}
}

// ruleWhose: whose (belongs to whom) and who's (who is, who has).
func ruleWhose(s *sentence, i int) {
	n, ok := s.next(i)
	if !ok {
		return
	}
	switch s.w(i) {
	case "whose":
		switch {
		case in(n, "a", "an", "the", "going", "coming", "been", "not", "gonna"):
			s.flag(FindWhose, errorSev, i, i, "who's")
		case in(n, "ready", "there", "here", "up", "next", "in", "on", "at", "that", "this", "excited", "joining", "got", "got"):
			s.flag(FindWhose, warnSev, i, i, "who's")
		}
	case "who's":
		if s.possessed(i+1) && !s.ends(i+1) && !in(n, "who", "what") {
			s.flag(FindWhose, warnSev, i, i, "whose") // "who's car is this"
		}
	}
}

// ruleConfusions: pairs of words that sound alike, each caught where
// the context tells which one is meant.
func ruleConfusions(s *sentence, i int) {
	w := s.w(i)
	n, _ := s.next(i)
	p := s.prev(i)
	switch w {
	case "i":
		if s.words[i].text == "i" && (s.joined(i) || s.words[i].stop || i > 0 && s.words[i-1].punct == ",") && (s.joined(i+1) || s.words[i].punct == "'" || s.words[i].punct == "’") {
			s.flag(FindPronounI, errorSev, i, i, "I")
		}
	case "i'm", "i've", "i'll", "i'd":
		if s.words[i].text[0] == 'i' {
			s.flag(FindPronounI, errorSev, i, i, "I"+s.words[i].low[1:])
		}
	case "here":
		if (auxiliaries[p] || in(p, "to", "not", "never")) && in(n, "from", "that", "about", "you", "it", "what", "more", "back", "the") &&
			!in(s.w(i-2), "way", "come", "came", "get", "got", "welcome", "back", "moved", "move", "how") {
			s.flag(FindConfusion, warnSev, i, i, "hear") // "glad to here that"
		}
	case "where":
		if in(p, "they", "we", "you") && s.joined(i) {
			s.flag(FindConfusion, errorSev, i, i, "were") // "they where going"
		}
	case "of":
		if in(p, "turn", "switch", "turned", "switched", "turning", "switching") && !determiners[s.w(i-2)] &&
			in(n, "the", "your", "my", "it", "all", "notifications", "lights") {
			s.flag(FindConfusion, warnSev, i, i, "off") // "turn of the TV"
		}
	case "principal":
		if p == "in" && s.ends(i) || p == "in" && in(n, "i", "we", "it", "this", "that", "the", "you") {
			s.flag(FindConfusion, errorSev, i, i, "principle")
		}
	case "know":
		if (p == "from" && n == "on") || p == "right" && s.ends(i) && !in(s.w(i-2), "you", "i", "we", "they") {
			s.flag(FindConfusion, errorSev, i, i, "now") // "from know on"
		}
	case "wandering":
		if in(n, "if", "whether") {
			s.flag(FindConfusion, warnSev, i, i, "wondering")
		}
	case "due":
		if p == "to" && s.ends(i) && !in(s.w(i-2), "due", "owing") {
			s.flag(FindConfusion, warnSev, i, i, "do") // "work to due."
		}
	case "vary":
		if beForms[p] && s.adjective(n) {
			s.flag(FindConfusion, warnSev, i, i, "very") // "they were vary happy"
		}
	case "along":
		if in(p, "for", "in", "such") && n == "time" {
			s.flag(FindConfusion, warnSev, i, i, "a long")
		}
	case "weather":
		if n == "or" && (s.w(i+2) == "not" || p == "" || in(p, "know", "knows", "decide", "see", "ask", "wonder", "check", "sure", "matter")) {
			s.flag(FindConfusion, errorSev, i, i, "whether")
		}
	case "accept":
		if n == "for" && in(s.w(i+2), "the", "a", "an", "one", "some", "this", "that", "those", "these") && p != "to" && !auxiliaries[p] {
			s.flag(FindConfusion, warnSev, i, i, "except") // "everyone accept for Sam"
		}
	case "except":
		if (auxiliaries[p] || in(p, "to", "please", "gladly", "we", "i", "they", "not", "you")) &&
			in(n, "the", "your", "our", "this", "my", "an", "it", "them", "cookies", "payment", "payments", "cards",
				"returns", "orders", "donations", "applications", "submissions", "responsibility", "that", "all") {
			s.flag(FindConfusion, warnSev, i, i, "accept")
		}
	case "advice":
		if (auxiliaries[p] || in(p, "to", "please", "i", "we", "strongly", "would")) &&
			in(n, "you", "them", "him", "her", "us", "everyone", "people", "against", "that", "customers") {
			s.flag(FindConfusion, warnSev, i, i, "advise")
		}
	case "advise":
		if in(p, "some", "any", "good", "great", "your", "his", "their", "free", "expert",
			"professional", "of", "for", "bad", "best", "helpful", "useful") && (s.ends(i) || in(n, "on", "from", "about", "is", "was")) {
			s.flag(FindConfusion, warnSev, i, i, "advice")
		}
	case "everyday":
		if s.ends(i) && p != "" && !determiners[p] || s.words[i].stop && s.words[i].punct == "," {
			s.flag(FindConfusion, warnSev, i, i, "every day") // "we post everyday."
		}
	case "were":
		if s.clauseStart(i) && in(n, "do", "does", "did", "is", "can", "should", "are") && !s.ends(i+1) &&
			in(s.w(i+2), "you", "we", "they", "i", "it", "he", "she", "the", "my", "your", "our") {
			s.flag(FindConfusion, warnSev, i, i, "where") // "Were do you live?"
		}
	case "quiet":
		if n == "a" && in(s.w(i+2), "bit", "lot", "few", "while", "long", "good", "nice", "big", "great") {
			s.flag(FindConfusion, warnSev, i, i, "quite")
		}
	case "breath":
		if in(p, "to", "can't", "cannot", "can", "could", "don't", "just", "i", "we", "you", "and") && !determiners[p] &&
			(s.ends(i) || in(n, "in", "out", "deeply", "easy", "again")) {
			s.flag(FindConfusion, warnSev, i, i, "breathe")
		}
	case "suppose":
		if n == "to" && (beForms[p] || p == "not") {
			s.flag(FindConfusion, errorSev, i, i, "supposed")
		}
	case "use":
		if n == "to" && in(p, "i", "we", "they", "you", "he", "she", "it") && s.lex.baseVerb(s.w(i+2)) && s.joined(i+2) {
			s.flag(FindConfusion, warnSev, i, i, "used") // "I use to work there"
		}
	}
}

var numbers = set("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
	"hundred", "thousand", "many", "several", "few", "various", "numerous", "these", "those")

// rulePossessiveForPlural: "the car's are cheap": a possessive where the
// plural is meant, before "are" or "were".
func rulePossessiveForPlural(s *sentence, i int) {
	w := s.w(i)
	stem, ok := strings.CutSuffix(w, "'s")
	n, _ := s.next(i)
	if !ok || !in(n, "are", "were") || s.name(i) || functionWords[stem] || in(stem, "it", "he", "she", "that", "what",
		"there", "here", "who", "let", "where", "how", "everyone", "one") {
		return
	}
	if f, ok := s.lex.entry(stem); ok && (f.has('S') || f.has('M')) && !f.isAdjective() {
		s.flag(FindAgreement, warnSev, i, i, plural(stem))
	}
}

// ruleDeterminerAgreement: a determiner and its noun agree in number.
func ruleDeterminerAgreement(s *sentence, i int) {
	d := s.w(i)
	n, ok := s.next(i)
	if !ok || s.name(i+1) || s.known(s.words[i+1].text) {
		return
	}
	switch {
	case in(d, "this", "a", "an", "every", "each", "another"):
		sing, ok := s.lex.pluralNoun(n)
		if !ok || !s.nounEnds(i+1) || d == "each" && s.clauseStart(i) == false && s.ends(i+1) {
			return
		}
		if d == "this" {
			s.flag(FindAgreement, warnSev, i, i+1, "these "+n, "this "+sing)
			return
		}
		s.flag(FindAgreement, warnSev, i, i+1, d+" "+sing)
	case numbers[d]:
		if d == "few" && s.prev(i) == "a" && false {
			return
		}
		pl, ok := s.lex.singularNoun(n)
		if !ok || !s.nounEnds(i+1) || functionWords[n] || n == "percent" || n == "times" {
			return
		}
		if d == "these" || d == "those" {
			sd := map[string]string{"these": "this", "those": "that"}[d]
			if pl == "" {
				s.flag(FindAgreement, warnSev, i, i+1, sd+" "+n)
				return
			}
			s.flag(FindAgreement, warnSev, i, i+1, d+" "+pl, sd+" "+n)
			return
		}
		if pl != "" {
			s.flag(FindAgreement, warnSev, i, i+1, d+" "+pl)
		}
	}
}

// Verbs whose past is their base ("she cut"), and adverbs that are
// verbs too ("he still", "she better"): after he/she/it, not a mistake.
var notBaseAfterHe = set("cut", "put", "set", "let", "hit", "hurt", "cost", "quit", "shut", "spread", "read",
	"bet", "cast", "burst", "split", "shed", "fit", "bid", "broadcast", "forecast", "upset", "beat", "thrust",
	"rid", "slit", "spit", "wed", "knit", "still", "better", "even", "well", "right", "back", "down", "up",
	"just", "only", "never", "always", "also", "too", "really", "often", "once", "then", "now", "soon",
	"alone", "first", "last", "later", "together", "nearly", "almost", "further", "near", "free", "home",
	"here", "there", "no", "not", "and", "or", "but", "said", "again", "ever", "all", "both", "sure", "like",
	"can", "could", "will", "would", "shall", "should", "may", "might", "must", "need", "dare", "ought", "used",
	"himself", "herself", "itself", "alright", "off", "out", "away", "instead", "rather", "today", "tonight",
	"tomorrow", "yesterday", "finally", "actually", "probably", "definitely", "hardly", "barely", "very",
	"so", "as", "if", "was", "is", "did", "had", "does", "has", "do", "become", "come", "run", "overcome",
	"long", "quite", "enough", "less", "more", "most", "twice", "live", "open", "close", "clear", "fast", "wrong")

// Words before "he", "she", "it" where the pronoun starts a clause.
var clauseOpeners = set("and", "but", "so", "because", "when", "if", "that", "then", "where", "while",
	"since", "as", "until", "though", "although", "or", "once", "unless", "whether", "cause")

// thirdPersonOf is the he/she/it form of a verb's base.
func (s *sentence) thirdPersonOf(base string) string {
	switch base {
	case "be":
		return "is"
	case "have":
		return "has"
	case "do":
		return "does"
	case "go":
		return "goes"
	}
	f, ok := s.lex.entry(base)
	if !ok || !f.has('S') {
		return ""
	}
	return plural(base)
}

// baseOf is the base of a verb's he/she/it form.
func (s *sentence) baseOf(form string) string {
	switch form {
	case "is":
		return "be"
	case "has":
		return "have"
	case "does":
		return "do"
	case "goes":
		return "go"
	}
	stem, _ := s.lex.thirdPerson(form)
	return stem
}

// ruleSubjectVerb: a subject pronoun and its verb agree ("they was",
// "he are", "I has", "she go", "they goes").
func ruleSubjectVerb(s *sentence, i int) {
	subj := s.w(i)
	n, ok := s.next(i)
	if !ok || s.name(i+1) || (subj == "i" && s.words[i].text != "I") {
		return
	}
	switch subj {
	case "i", "we", "they", "you":
		switch {
		case n == "has" && subj != "you":
			s.flag(FindBeAgreement, errorSev, i+1, i+1, "have")
		case n == "was" && (subj == "we" || subj == "they"):
			s.flag(FindBeAgreement, errorSev, i+1, i+1, "were")
		case n == "is" && subj != "you" || n == "are" && subj == "i" || n == "am" && subj != "i":
			fix := map[string]string{"i": "am", "we": "are", "they": "are"}[subj]
			if subj == "i" && s.clauseStart(i) == false && s.name(i-1) {
				return // "World War I is…"
			}
			s.flag(FindBeAgreement, errorSev, i+1, i+1, fix)
		case subj != "you" && n != "does" && n != "goes":
			if base := s.baseOf(n); base != "" && !s.known(s.words[i+1].text) {
				if subj == "i" && !s.clauseStart(i) && s.name(i-1) {
					return
				}
				s.flag(FindVerbForm, warnSev, i+1, i+1, base)
			}
		case subj != "you" && (n == "does" || n == "goes"):
			s.flag(FindVerbForm, errorSev, i+1, i+1, s.baseOf(n))
		}
	case "he", "she", "it":
		if !(s.clauseStart(i) || clauseOpeners[s.prev(i)]) {
			return // "make it work", "did she go"
		}
		switch {
		case n == "are":
			if subj == "it" {
				s.flag(FindBeAgreement, warnSev, i+1, i+1, "is")
				return
			}
			s.flag(FindBeAgreement, errorSev, i+1, i+1, "is")
		case n == "have" || n == "don't" || n == "do" || n == "am":
			fix := map[string]string{"have": "has", "don't": "doesn't", "do": "does", "am": "is"}[n]
			if n == "do" && s.ends(i+1) {
				return
			}
			s.flag(FindBeAgreement, warnSev, i+1, i+1, fix)
		case !notBaseAfterHe[n] && s.lex.baseVerb(n) && !strings.HasSuffix(n, "s") && !s.known(s.words[i+1].text):
			if fix := s.thirdPersonOf(n); fix != "" {
				s.flag(FindVerbForm, warnSev, i+1, i+1, fix)
			}
		}
	}
}

var irregularPast = map[string]string{"went": "go", "came": "come", "saw": "see", "took": "take", "gave": "give",
	"made": "make", "said": "say", "got": "get", "knew": "know", "thought": "think", "bought": "buy",
	"brought": "bring", "ate": "eat", "wrote": "write", "ran": "run", "began": "begin", "found": "find",
	"told": "tell", "left": "leave", "felt": "feel", "kept": "keep", "did": "do", "was": "be", "were": "be",
	"had": "have", "sent": "send", "spoke": "speak", "chose": "choose", "forgot": "forget", "won": "win", "lost": "lose"}

// ruleAfterAuxiliary: after a modal or a negated "do", a verb is in its
// base form: "didn't went", "can goes", "doesn't wants", "should
// finished".
func ruleAfterAuxiliary(s *sentence, i int) {
	a := s.w(i)
	n, ok := s.next(i)
	if !ok || !auxiliaries[a] || s.name(i+1) || s.known(s.words[i+1].text) {
		return
	}
	if (a == "will" || a == "can" || a == "might" || a == "must") && determiners[s.prev(i)] {
		return // "the will", "a can"
	}
	if a == "will" && s.clauseStart(i) {
		return // "Will goes…" is more likely a name
	}
	var base string
	sev := errorSev
	switch {
	case irregularPast[n] != "":
		base = irregularPast[n]
		if n == "left" || n == "found" || n == "won" || n == "lost" || n == "saw" {
			sev = warnSev // also other words: "can't left", hmm; "the saw"
		}
	case s.baseOf(n) != "" && n != "is" && (n != "has" || a != "will" && a != "can"):
		base = s.baseOf(n)
	default:
		if stem, ok := s.lex.edStem(n); ok {
			base = stem
			sev = warnSev // "-ed" forms are adjectives too
		}
	}
	if base == "" {
		return
	}
	s.flag(FindVerbForm, sev, i+1, i+1, base)
}

// participles are the past participles that differ from the past.
var participles = map[string]string{"did": "done", "went": "gone", "gave": "given", "took": "taken", "ate": "eaten",
	"wrote": "written", "saw": "seen", "began": "begun", "knew": "known", "came": "come", "ran": "run",
	"spoke": "spoken", "chose": "chosen", "forgot": "forgotten", "broke": "broken", "drove": "driven",
	"froze": "frozen", "stole": "stolen", "rode": "ridden", "rose": "risen", "fell": "fallen", "grew": "grown",
	"threw": "thrown", "flew": "flown", "drew": "drawn", "shook": "shaken", "sang": "sung", "swam": "swum",
	"drank": "drunk", "rang": "rung", "hid": "hidden", "bit": "bitten", "wore": "worn", "tore": "torn"}

// pasts are the simple pasts of participles that differ from them.
var pasts = map[string]string{"begun": "began", "seen": "saw", "done": "did", "gone": "went", "sung": "sang",
	"swum": "swam", "drunk": "drank", "rung": "rang", "taken": "took", "given": "gave", "eaten": "ate",
	"written": "wrote", "spoken": "spoke", "chosen": "chose", "broken": "broke", "driven": "drove",
	"known": "knew", "forgotten": "forgot", "stolen": "stole", "thrown": "threw", "flown": "flew"}

var subjects = set("i", "you", "he", "she", "it", "we", "they")

// ruleTenses: the forms a verb takes after "have" and "do", and before a
// subject.
func ruleTenses(s *sentence, i int) {
	w := s.w(i)
	n, ok := s.next(i)
	if !ok || s.name(i+1) || s.known(s.words[i+1].text) {
		return
	}
	switch {
	case modals[w] || in(w, "can", "will", "cannot", "can't", "won't", "shall"):
		if n == "been" && !determiners[s.prev(i)] {
			s.flag(FindVerbForm, errorSev, i+1, i+1, "be") // "it can been seen"
		}
	case in(w, "have", "has") && subjects[n] && (s.words[i].stop || in(s.prev(i), "what", "where", "when", "why", "how", "who")):
		if v, ok := s.next(i + 1); ok && participles[v] != "" && !s.known(s.words[i+2].text) {
			s.flag(FindVerbForm, errorSev, i+2, i+2, participles[v]) // "What have you did?"
		}
	case w == "not" && in(s.prev(i), "does", "did", "do", "will", "can", "could", "would", "should", "must") &&
		(n == "has" || s.baseOf(n) != "" && n != "is"):
		s.flag(FindVerbForm, errorSev, i+1, i+1, s.baseOf(n)) // "does not has"
	case in(w, "have", "has", "had", "been", "i've", "we've", "you've", "they've", "he's", "she's", "it's", "having"):
		if pp := participles[n]; pp != "" && !(n == "bit" || n == "saw" && w != "been") {
			s.flag(FindVerbForm, errorSev, i+1, i+1, pp) // "has been gave", "have did"
		}
	case in(w, "did", "do", "does", "didn't", "don't", "doesn't") && subjects[n]:
		v, ok := s.next(i + 1)
		if !ok || s.name(i+2) || s.known(s.words[i+2].text) {
			return
		}
		base := irregularPast[v]
		if base == "" {
			if stem, ok := s.lex.pastStem(v); ok {
				base = stem
			} else if b := s.baseOf(v); b != "" && v != "is" && v != "has" && (n == "he" || n == "she" || n == "it") {
				base = b
			}
		}
		if base != "" && !in(v, "was", "were", "had", "left", "found", "lost", "won") {
			s.flag(FindVerbForm, warnSev, i+2, i+2, base) // "Did you forgot it?"
		}
	case subjects[w] && (s.clauseStart(i) || clauseOpeners[s.prev(i)]) && pasts[n] != "" && !s.ends(i+1) == true:
		if n == "done" || n == "gone" || n == "seen" || n == "known" {
			return // "I done it" is a dialect, "it seen as" a headline
		}
		s.flag(FindVerbForm, warnSev, i+1, i+1, pasts[n]) // "it begun to rain"
	case in(w, "a", "an", "the") && in(n, "a", "an", "the") && w != n && !s.ends(i+1):
		s.flag(FindAgreement, errorSev, i, i+1, s.w(i), n) // "the a thing"
	case w == "to" && (toAfter[s.prev(i)] || in(s.prev(i), "happy", "glad", "proud", "excited", "sorry", "pleased", "delighted", "thrilled")):
		stem, f, ok := s.lex.sStem(n)
		if ok && f.isVerb() && !f.has('M') && !s.lex.isNoun(stem) {
			s.flag(FindVerbForm, warnSev, i+1, i+1, stem) // "to learns"
		}
	}
}

// prepositionalTo: words after which "to" is a preposition, not the
// mark of an infinitive ("thanks to", "next to").
var prepositionalTo = set("thanks", "next", "close", "due", "according", "prior", "compared", "up", "back",
	"welcome", "listen", "listening", "go", "went", "going", "come", "came", "from", "way", "trip", "visit",
	"return", "reply", "answer", "access", "key", "road", "guide", "introduction", "contribution", "addition", "subscribe")

var participleOf = map[string]string{"do": "done", "give": "given", "take": "taken", "see": "seen", "write": "written",
	"know": "known", "make": "made", "send": "sent", "buy": "bought", "find": "found", "tell": "told", "hold": "held",
	"pay": "paid", "build": "built", "sell": "sold", "win": "won", "keep": "kept", "leave": "left", "bring": "brought",
	"teach": "taught", "catch": "caught", "choose": "chosen", "break": "broken", "speak": "spoken", "drive": "driven",
	"eat": "eaten", "forget": "forgotten", "hide": "hidden", "show": "shown", "go": "gone", "begin": "begun",
	"sing": "sung", "throw": "thrown", "grow": "grown", "draw": "drawn", "wear": "worn", "steal": "stolen"}

var redundant = map[[2]string]string{{"repeat", "again"}: "repeat", {"return", "back"}: "return", {"revert", "back"}: "revert",
	{"descend", "down"}: "descend", {"ascend", "up"}: "ascend", {"and", "etc"}: "etc", {"reply", "back"}: "reply",
	{"free", "gift"}: "gift", {"past", "history"}: "history", {"end", "result"}: "result", {"advance", "planning"}: "planning",
	{"close", "proximity"}: "proximity", {"unexpected", "surprise"}: "surprise", {"added", "bonus"}: "bonus"}

// ruleMore: "more bigger", "most older" (a comparative needs no "more"),
// "much children" (many), "there is many…", prepositions before "I",
// infinitives after "to", participles after "be", and more such forms.
func ruleMore(s *sentence, i int) {
	w := s.w(i)
	n, ok := s.next(i)
	p := s.prev(i)
	if ok && (s.name(i+1) || s.known(s.words[i+1].text)) {
		return
	}
	// A phrase of two words written twice: "from the from the".
	if i+3 < len(s.words) && s.joined(i+1) && s.joined(i+2) && s.joined(i+3) && w == s.w(i+2) && n == s.w(i+3) && w != n &&
		!in(w, "bye", "ha", "very", "so", "no", "yes", "oh") {
		f := len(s.out)
		s.flag(app.FindRepeatedWord, warnSev, i, i+1, s.words[i].text+" "+s.words[i+1].text)
		if len(s.out) > f {
			s.out[len(s.out)-1].Fixes = nil
			s.out[len(s.out)-1].Args = map[string]string{"word": s.words[i].text + " " + s.words[i+1].text}
		}
	}
	if ok {
		if r, found := redundant[[2]string{w, n}]; found {
			s.flag(FindRedundant, warnSev, i, i+1, r)
		}
	}
	switch {
	case in(w, "more", "most") && ok && !in(n, "more", "less", "other", "rather", "fewer", "later", "further") &&
		s.lex.comparative(n) && !s.ends(i) && !s.lex.isNoun(n):
		s.flag(FindVerbForm, errorSev, i, i+1, n) // "more bigger"
	case w == "much" && ok && (in(n, "people", "children", "men", "women", "friends") || func() bool { _, ok := s.lex.pluralNoun(n); return ok }()) &&
		!in(p, "how", "so", "too", "as", "very", "thank", "thanks"):
		s.flag(FindAgreement, warnSev, i, i, "many") // "much children"
	case in(w, "there", "here") && ok && in(n, "is", "was") && s.words[i+1].num && s.words[i+1].numText != "1":
		s.flag(FindBeAgreement, warnSev, i+1, i+1, map[string]string{"is": "are", "was": "were"}[n]) // "Here is 5 men"
	case in(w, "there", "here") && ok && in(n, "is", "was") && s.joined(i+2) && s.plural(i+2):
		s.flag(FindBeAgreement, warnSev, i+1, i+1, map[string]string{"is": "are", "was": "were"}[n]) // "There was grounds"
	case in(w, "there's", "here's") && ok && in(n, "many", "several", "two", "three", "four", "five", "few", "lots"):
		if n == "lots" {
			return
		}
		s.flag(FindBeAgreement, warnSev, i, i, w[:len(w)-2]+" are") // "There's many problems"
	case w == "i" && s.words[i].text == "I" && (prepositions[p] || in(p, "to", "between") ||
		p == "and" && (prepositions[s.w(i-3)] || in(s.w(i-3), "to", "between")) && s.joined(i-1) && s.joined(i-2)) &&
		(s.ends(i) || n == "and") && s.words[i].punct != "'" && s.words[i].punct != "’":
		s.flag(FindVerbForm, warnSev, i, i, "me") // "between I and Davis"
	case w == "to" && ok && irregularPast[n] != "" && !in(n, "left", "found", "saw", "lost", "won", "had", "was", "were") && !prepositionalTo[p]:
		s.flag(FindVerbForm, warnSev, i+1, i+1, irregularPast[n]) // "to gave"
	case w == "be" && ok && (modals[p] || in(p, "will", "can", "to", "won't", "can't", "cannot")) && !s.ends(i+1) || w == "be" && ok && s.ends(i+1) && (modals[p] || in(p, "will", "can")):
		f, found := s.lex.entry(n)
		if !found || notBaseAfterHe[n] || f.isAdjective() || f.has('Y') || !f.has('D') && participleOf[n] == "" || in(n, "friends", "part", "fun", "mine", "home", "worth") ||
			isParticiple(n) {
			return
		}
		pp := participleOf[n]
		if pp == "" {
			pp = pastOf(n)
		}
		if f.has('M') && s.ends(i+1) == false && !in(s.w(i+2), "first", "soon", "by", "on", "in", "at", "today", "tomorrow", "now", "later", "again", "online") {
			return // "be friends with", "be fire safe"
		}
		s.flag(FindVerbForm, warnSev, i+1, i+1, pp) // "must be do first", "will be update soon"
	case w == "according" && ok && n != "to" && n != "as":
		s.flag(FindConfusion, warnSev, i, i+1, "according to") // "according in"
	case w == "knot" && (auxiliaries[p] || in(p, "do", "does", "did", "is", "are", "was", "were", "am")):
		s.flag(FindConfusion, warnSev, i, i, "not") // "Do knot disturb"
	case w == "in" && in(p, "good", "bad", "great", "better", "best", "excellent", "terrible", "brilliant", "amazing") && ok && s.verbing(n):
		s.flag(FindConfusion, warnSev, i, i, "at") // "good in swimming"
	case w == "of" && in(p, "some", "most", "all", "none", "many", "much", "several", "both", "few", "each", "any") && ok &&
		!determiners[s.w(i-2)] &&
		!functionWords[n] && !determiners[n] && s.possessed(i+1):
		s.flag(FindConfusion, warnSev, i, i, "of the") // "some of food"
	case in(w, "the", "a", "an") && s.words[i].text == w && i > 0 && s.joined(i) && (s.ends(i) && strings.Contains(",;!?", s.words[i].punct) && s.words[i].punct != ""):
		s.flag(FindArticleEnd, warnSev, i, i)
	}
	// Pronoun and be/have/do forms that do not agree: "We isn't", "She were".
	if ok && subjects[w] && (s.clauseStart(i) || clauseOpeners[p] && p != "if" && p != "as" && p != "though") {
		fixes := map[string]map[string]string{
			"we":   {"isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"},
			"they": {"isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"},
			"i":    {"isn't": "am not", "doesn't": "don't", "hasn't": "haven't", "aren't": "am not"},
			"you":  {"isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"},
			"he":   {"aren't": "isn't", "weren't": "wasn't", "haven't": "hasn't", "don't": "doesn't", "were": "was"},
			"she":  {"aren't": "isn't", "weren't": "wasn't", "haven't": "hasn't", "don't": "doesn't", "were": "was"},
		}
		if fix := fixes[w][n]; fix != "" && !(w == "i" && s.words[i].text != "I") {
			sev := errorSev
			if n == "were" || n == "don't" {
				sev = warnSev // "if she were", "he don't" in songs
			}
			s.flag(FindBeAgreement, sev, i+1, i+1, fix)
		}
	}
}

// plural reports whether word i is an -s form that can be a plural
// noun ("grounds", "cats"), after "there is".
func (s *sentence) plural(i int) bool {
	w := s.w(i)
	if functionWords[w] {
		return false
	}
	if _, ok := s.lex.pluralNoun(w); ok {
		return true
	}
	stem, f, ok := s.lex.sStem(w)
	return ok && stem != "" && (f.has('M') || f.has('S')) && !in(w, "means", "news", "thanks")
}

// isParticiple reports whether w is an irregular past participle
// ("found", "left"), which the word list also has as a verb of its own.
func isParticiple(w string) bool {
	for _, p := range participleOf {
		if p == w {
			return true
		}
	}
	return in(w, "bound", "wound", "ground", "felt", "lost", "met", "led", "fed", "spent", "built")
}
