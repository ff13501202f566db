package french

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app/proofread"
	"github.com/relais-app/relais/app/proofread/hunspell"
)

// The tagger: each word gets its readings from the dictionary's
// morphology (Grammalecte's fields: po: part of speech and verb form,
// is: gender and number), reduced to what the rules test.

// pos is a set of parts of speech.
type pos uint32

const (
	pNoun   pos = 1 << iota
	pAdj        // an adjective (not a past participle)
	pDet        // any determiner
	pVerb       // a conjugated verb
	pInfi       // an infinitive
	pPpas       // a past participle
	pPpre       // a present participle
	pPrep       // a preposition
	pProSuj     // a subject pronoun
	pProObj     // an object pronoun
	pAdv        // an adverb
	pConj       // a conjunction
	pNpr        // a proper noun, a first name
	pPro        // another pronoun (relative, demonstrative…)
	pNum        // a number
	pOther      // an interjection, a locution
)

// Gender and number bits; a reading with none of a kind has both.
const (
	gMas uint8 = 1 << iota
	gFem
	nSg
	nPl
)

// Persons of a conjugated verb: bit i for person i (1sg=0 … 3pl=5).
const (
	p1sg uint8 = 1 << iota
	p2sg
	p3sg
	p1pl
	p2pl
	p3pl
)

// reading is one analysis of a word.
type reading struct {
	lemma  string
	pos    pos
	gn     uint8  // gender and number bits
	pers   uint8  // person bits of a conjugated verb
	tense  string // the first tense: ipre, iimp, ipsi, ifut, cond, spre, simp, impe
	tenses string // all of them, each after a space
}

// isTense reports whether the reading is in tense t.
func (r reading) isTense(t string) bool { return strings.Contains(r.tenses+" ", " "+t+" ") }

func (r reading) gender() uint8 {
	if g := r.gn & (gMas | gFem); g != 0 {
		return g
	}
	return gMas | gFem
}

func (r reading) number() uint8 {
	if n := r.gn & (nSg | nPl); n != 0 {
		return n
	}
	return nSg | nPl
}

// info is what the tagger knows of a word.
type info struct {
	rs  []reading
	pos pos // the union of the readings'
}

func (in *info) has(p pos) bool { return in != nil && in.pos&p != 0 }

// only reports whether the word has readings and all of them are in p.
func (in *info) only(p pos) bool { return in != nil && in.pos != 0 && in.pos&^p == 0 }

// lemmaIs reports whether a reading of part p has the lemma l.
func (in *info) lemmaIs(p pos, lemmas ...string) bool {
	if in == nil {
		return false
	}
	for _, r := range in.rs {
		if r.pos&p != 0 {
			for _, l := range lemmas {
				if r.lemma == l {
					return true
				}
			}
		}
	}
	return false
}

// parseReading turns the fields of a hunspell reading into a reading;
// ok is false for a verb's stem without a form.
func parseReading(h hunspell.Reading) (reading, bool) {
	r := reading{lemma: h.Stem}
	verb := false
	for f := range strings.FieldsSeq(h.Morph) {
		f = strings.TrimSuffix(f, "!")
		k, v, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		switch k {
		case "po":
			switch v {
			case "nom":
				r.pos |= pNoun
			case "adj":
				r.pos |= pAdj
			case "det", "detdem", "detpos", "detind", "detex", "detneg":
				r.pos |= pDet
			case "infi":
				r.pos |= pInfi
			case "ppas":
				r.pos |= pPpas
			case "ppre":
				r.pos |= pPpre
			case "ipre", "iimp", "ipsi", "ifut", "cond", "spre", "simp", "impe":
				r.pos |= pVerb
				if r.tense == "" {
					r.tense = v
				}
				r.tenses += " " + v
			case "prep", "prepv":
				r.pos |= pPrep
			case "propersuj":
				r.pos |= pProSuj
			case "properobj":
				r.pos |= pProObj
			case "adv", "negadv", "advint", "proadv":
				r.pos |= pAdv
			case "cjco", "cjsub", "cj":
				r.pos |= pConj
			case "npr", "prn", "patr", "titr":
				r.pos |= pNpr
			case "prorel", "proint", "prodem", "proind", "proneg":
				r.pos |= pPro
			case "nb", "nbro":
				r.pos |= pNum
			case "interj", "loc":
				r.pos |= pOther
			case "1sg":
				r.pers |= p1sg
			case "2sg":
				r.pers |= p2sg
			case "3sg":
				r.pers |= p3sg
			case "1pl":
				r.pers |= p1pl
			case "2pl":
				r.pers |= p2pl
			case "3pl":
				r.pers |= p3pl
			default:
				if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
					verb = true
				}
			}
		case "is":
			switch v {
			case "mas":
				r.gn |= gMas
			case "fem":
				r.gn |= gFem
			case "epi":
				r.gn |= gMas | gFem
			case "sg":
				r.gn |= nSg
			case "pl":
				r.gn |= nPl
			case "inv":
				r.gn |= nSg | nPl
			}
		}
	}
	if verb {
		if r.pos&pPpas != 0 {
			r.pos &^= pAdj // a participle used as an adjective is a participle
			r.pers = 0
		}
		if r.pos&(pVerb|pInfi|pPpas|pPpre) == 0 {
			return r, false
		}
	}
	if r.pos&pVerb == 0 {
		r.pers = 0
	}
	return r, r.pos != 0
}

// elisions are the words that lose their vowel before another: the part
// of "l’école" before the apostrophe.
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "t": true, "s": true, "c": true, "n": true,
	"qu": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true,
}

// elidedInfo gives the readings of the elided words ("l’" is the article
// or the pronoun le/la).
var elidedInfo = map[string]*info{
	"l'":      mkInfo(reading{lemma: "le", pos: pDet, gn: gMas | gFem | nSg}, reading{lemma: "le", pos: pProObj, gn: gMas | gFem | nSg}),
	"d'":      mkInfo(reading{lemma: "de", pos: pPrep}, reading{lemma: "de", pos: pDet, gn: gMas | gFem | nSg | nPl}),
	"j'":      mkInfo(reading{lemma: "je", pos: pProSuj, gn: gMas | gFem | nSg}),
	"m'":      mkInfo(reading{lemma: "me", pos: pProObj}),
	"t'":      mkInfo(reading{lemma: "te", pos: pProObj}),
	"s'":      mkInfo(reading{lemma: "se", pos: pProObj}, reading{lemma: "si", pos: pConj}),
	"c'":      mkInfo(reading{lemma: "ce", pos: pPro}),
	"n'":      mkInfo(reading{lemma: "ne", pos: pAdv}),
	"qu'":     mkInfo(reading{lemma: "que", pos: pConj | pPro}),
	"jusqu'":  mkInfo(reading{lemma: "jusque", pos: pPrep}),
	"lorsqu'": mkInfo(reading{lemma: "lorsque", pos: pConj}),
	"puisqu'": mkInfo(reading{lemma: "puisque", pos: pConj}),
	"quoiqu'": mkInfo(reading{lemma: "quoique", pos: pConj}),
}

func mkInfo(rs ...reading) *info {
	in := &info{rs: rs}
	for _, r := range rs {
		in.pos |= r.pos
	}
	return in
}

// tokKind is what a token of a sentence is.
type tokKind int

const (
	tWord  tokKind = iota
	tPunct         // punctuation inside a sentence
	tNum           // a number, a time, a price
	tOther         // a hashtag, a mention, a link, an emoji: no rule looks through it
)

// tok is a token of a sentence, an elided word being two ("l’" and
// "école").
type tok struct {
	kind       tokKind
	text       string // as typed
	low        string // in lower case, with ' for apostrophes
	start, end int    // byte offsets in the text
	in         *info  // nil for a word the dictionary does not describe
	capital    bool   // starts with a capital letter
	first      bool   // the sentence's first word
	user       bool   // a word of the user's (personal dictionary, names)
}

func (t *tok) is(words ...string) bool {
	if t == nil || t.kind != tWord {
		return false
	}
	for _, w := range words {
		if t.low == w {
			return true
		}
	}
	return false
}

// lowOr is the word in lower case, "" for no token.
func (t *tok) lowOr() string {
	if t == nil {
		return ""
	}
	return t.low
}

func (t *tok) has(p pos) bool { return t != nil && t.kind == tWord && t.in.has(p) }

func (t *tok) only(p pos) bool { return t != nil && t.kind == tWord && t.in.only(p) }

// lower is s in lower case with straight apostrophes.
func lower(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}

// sentences cuts text into sentences of tokens.
func (g *Grammar) sentences(text string, known func(string) bool) [][]tok {
	var out [][]tok
	var cur []tok
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, t := range proofread.Tokens(text) {
		switch t.Kind {
		case proofread.Word:
			g.addWord(&cur, t, known)
		case proofread.Number:
			cur = append(cur, tok{kind: tNum, text: t.Text, low: t.Text, start: t.Start, end: t.End})
		case proofread.Punct:
			switch t.Text {
			case ".", "!", "?", "…", ";", ":":
				flush()
			default:
				cur = append(cur, tok{kind: tPunct, text: t.Text, low: t.Text, start: t.Start, end: t.End})
			}
		case proofread.LineBreak:
			flush()
		case proofread.Space, proofread.NoBreakSpace, proofread.NarrowNoBreakSpace, proofread.OtherSpace:
		default:
			cur = append(cur, tok{kind: tOther, text: t.Text, low: t.Text, start: t.Start, end: t.End})
		}
	}
	flush()
	for _, s := range out {
		for i := range s {
			if s[i].kind == tWord {
				s[i].first = true
				break
			}
			if s[i].kind != tPunct {
				break
			}
		}
		for i := range s {
			t := &s[i]
			if t.kind != tWord || t.user {
				continue
			}
			// A capitalised word within a sentence is a name: a brand's,
			// a place's, a person's, which the rules leave alone.
			if t.capital && !t.first && !strings.HasSuffix(t.low, "'") {
				t.in = nil
				continue
			}
		}
	}
	return out
}

// addWord appends a word token, cut at its elision.
func (g *Grammar) addWord(cur *[]tok, t proofread.Token, known func(string) bool) {
	text := t.Text
	low := lower(text)
	r, _ := utf8.DecodeRuneInString(text)
	capital := unicode.IsUpper(r)
	if i := strings.IndexByte(low, '\''); i > 0 && i < len(low)-1 && elisions[low[:i]] {
		// The same byte length up to the apostrophe in text and low
		// is not guaranteed (’ is 3 bytes): find it in text.
		j := strings.IndexAny(text, "'’")
		size := 1
		if text[j] != '\'' {
			size = len("’")
		}
		pre := low[:i+1]
		*cur = append(*cur, tok{kind: tWord, text: text[:j+size], low: pre, start: t.Start, end: t.Start + j + size, in: elidedInfo[pre], capital: capital})
		text, low = text[j+size:], low[i+1:]
		r, _ = utf8.DecodeRuneInString(text)
		*cur = append(*cur, g.wordTok(text, low, t.End-len(text), t.End, unicode.IsUpper(r), known))
		return
	}
	*cur = append(*cur, g.wordTok(text, low, t.Start, t.End, capital, known))
}

func (g *Grammar) wordTok(text, low string, start, end int, capital bool, known func(string) bool) tok {
	k := tok{kind: tWord, text: text, low: low, start: start, end: end, capital: capital}
	if known != nil && known(text) {
		k.user = true
		return k
	}
	if in, ok := elidedInfo[low]; ok {
		k.in = in
		return k
	}
	if isAllCaps(text) && utf8.RuneCountInString(text) > 1 {
		return k // an acronym, a shout: not tagged
	}
	k.in = g.tag(low)
	return k
}

func isAllCaps(s string) bool {
	return strings.IndexFunc(s, unicode.IsLower) < 0
}

// tag returns the readings of a word in lower case, nil for none.
func (g *Grammar) tag(low string) *info {
	g.mu.Lock()
	in, ok := g.tags[low]
	g.mu.Unlock()
	if ok {
		return in
	}
	w := strings.ReplaceAll(low, "'", "’")
	var rs []reading
	for _, h := range g.dict.Analyze(w) {
		if r, ok := parseReading(h); ok {
			rs = append(rs, r)
		}
	}
	if len(rs) > 0 {
		in = mkInfo(rs...)
	}
	g.mu.Lock()
	if len(g.tags) >= maxCached {
		clear(g.tags)
	}
	g.tags[low] = in
	g.mu.Unlock()
	return in
}

// verbLemma is the lemma of the word's first verb reading (être and
// avoir first: "étaient" is also a form of "étayer").
func verbLemma(in *info) string {
	if in.lemmaIs(pVerb|pInfi|pPpas, "être") {
		return "être"
	}
	if in.lemmaIs(pVerb|pInfi|pPpas, "avoir") {
		return "avoir"
	}
	for _, r := range in.rs {
		if r.pos&(pVerb|pInfi|pPpas) != 0 {
			return r.lemma
		}
	}
	return in.rs[0].lemma
}
