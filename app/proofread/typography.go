package proofread

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// The spaces French typography asks for.
const (
	nnbsp = "\u202f" // narrow no-break space, before ; ! ? and inside « »
	nbsp  = "\u00a0" // no-break space, before :
)

// doc is a text being checked, with its tokens.
type doc struct {
	text     string
	toks     []Token
	lang     app.Language
	personal func(word string) bool // never nil
}

func newDoc(text string, lang app.Language) *doc {
	return &doc{text: text, toks: Tokens(text), lang: lang, personal: func(string) bool { return false }}
}

// tok returns token i, or a zero LineBreak token when i is out of range,
// so that the start and the end of the text read as line breaks.
func (d *doc) tok(i int) Token {
	if i < 0 || i >= len(d.toks) {
		return Token{Kind: LineBreak, Start: -1, End: -1}
	}
	return d.toks[i]
}

func (d *doc) finding(kind app.FindingKind, sev app.Severity, start, end int, fixes ...string) app.Finding {
	return app.Finding{Kind: kind, Severity: sev, Start: start, End: end, Text: d.text[start:end], Fixes: fixes}
}

func warn(d *doc, kind app.FindingKind, start, end int, fixes ...string) app.Finding {
	return d.finding(kind, app.SeverityWarning, start, end, fixes...)
}

// isBang reports whether the token is ! or ?, which group: "?!", "!!!".
func isBang(t Token) bool { return t.is("!") || t.is("?") }

// breakable reports whether the token is a space a line may break at.
func breakable(t Token) bool { return t.Kind == Space || (t.Kind == OtherSpace && t.Text[0] != '\t') }

// noBreak reports whether the token is a no-break space (narrow or not).
func noBreak(t Token) bool { return t.Kind == NoBreakSpace || t.Kind == NarrowNoBreakSpace }

// attaches reports whether punctuation right after the token belongs to
// it (a word, a number, a closing quote…), and so needs a space between.
func attaches(t Token) bool {
	switch t.Kind {
	case Word, Number, Hashtag, Mention, URL, Email, Emoji:
		return true
	case Punct:
		return strings.Contains(`)]»"”'’*`, t.Text)
	}
	return false
}

// emoticon reports whether the ':' or ';' token at i starts a smiley:
// :) ;-) :D :P :/ :'(
func (d *doc) emoticon(i int) bool {
	rest := d.text[d.toks[i].End:]
	if rest != "" && (rest[0] == '-' || rest[0] == '\'' || rest[0] == '^') {
		rest = rest[1:]
	}
	if rest == "" || !strings.ContainsRune(`)(DPpOo/\|*3][}{$@xXSs`, rune(rest[0])) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(rest[1:])
	return rest[0] == ')' || rest[0] == '(' || len(rest) == 1 || !isWordRune(next)
}

// checkNarrowSpace: French wants a narrow no-break space before ; ! ?
// and a no-break space before : (either no-break space is accepted before
// any of them). A breakable space, or none, is a finding.
func checkNarrowSpace(d *doc) []app.Finding {
	var out []app.Finding
	for i, t := range d.toks {
		if t.Kind != Punct {
			continue
		}
		end := t.End
		space := nnbsp
		switch {
		case isBang(t):
			if isBang(d.tok(i - 1)) {
				continue // inside "?!" or "!!!": the group's first counts
			}
			for j := i + 1; isBang(d.tok(j)); j++ {
				end = d.toks[j].End
			}
		case t.is(";"):
			if d.emoticon(i) {
				continue
			}
		case t.is(":"):
			if d.emoticon(i) {
				continue
			}
			space = nbsp
		default:
			continue
		}
		group := d.text[t.Start:end]
		p := d.tok(i - 1)
		switch {
		case noBreak(p) || p.Kind == LineBreak:
		case breakable(p):
			if q := d.tok(i - 2); q.Kind != LineBreak && !q.isSpace() {
				out = append(out, warn(d, app.FindNarrowSpace, p.Start, end, space+group))
			}
		case attaches(p):
			out = append(out, warn(d, app.FindNarrowSpace, t.Start, end, space+group))
		}
	}
	return out
}

// checkGuillemetSpace: « and » take a no-break space inside (narrow or
// not); the fix puts a narrow one.
func checkGuillemetSpace(d *doc) []app.Finding {
	var out []app.Finding
	for i, t := range d.toks {
		switch {
		case t.is("«"):
			n := d.tok(i + 1)
			switch {
			case n.Kind == LineBreak || noBreak(n):
			case breakable(n):
				if m := d.tok(i + 2); m.Kind != LineBreak && !m.isSpace() {
					out = append(out, warn(d, app.FindGuillemetSpace, t.Start, n.End, "«"+nnbsp))
				}
			case n.Kind != Punct || n.is("(") || n.is("…"):
				out = append(out, warn(d, app.FindGuillemetSpace, t.Start, t.End, "«"+nnbsp))
			}
		case t.is("»"):
			p := d.tok(i - 1)
			switch {
			case p.Kind == LineBreak || noBreak(p):
			case breakable(p):
				if q := d.tok(i - 2); q.Kind != LineBreak && !q.isSpace() {
					out = append(out, warn(d, app.FindGuillemetSpace, p.Start, t.End, nnbsp+"»"))
				}
			case attaches(p) || p.is("!") || p.is("?") || p.is(".") || p.is("…"):
				out = append(out, warn(d, app.FindGuillemetSpace, t.Start, t.End, nnbsp+"»"))
			}
		}
	}
	return out
}

// checkApostrophes: straight (') and curly (’) apostrophes mixed in the
// words of one text; the fix turns each of the fewer into the other (the
// curly one on a tie).
func checkApostrophes(d *doc) []app.Finding {
	straight, curly := 0, 0
	for _, t := range d.toks {
		if t.Kind == Word {
			straight += strings.Count(t.Text, "'")
			curly += strings.Count(t.Text, "’")
		}
	}
	if straight == 0 || curly == 0 {
		return nil
	}
	minority, majority := "'", "’"
	if straight > curly {
		minority, majority = "’", "'"
	}
	var out []app.Finding
	for _, t := range d.toks {
		if t.Kind == Word && strings.Contains(t.Text, minority) {
			f := warn(d, app.FindApostrophes, t.Start, t.End, strings.ReplaceAll(t.Text, minority, majority))
			f.Args = map[string]string{"want": majority}
			out = append(out, f)
		}
	}
	return out
}

// checkSpaceBefore: a space before a comma or a full stop. Spaced
// ellipses (". . .") and ".5", ".com" are left alone.
func checkSpaceBefore(d *doc) []app.Finding {
	var out []app.Finding
	for i, t := range d.toks {
		if !t.is(",") && !t.is(".") {
			continue
		}
		p, q, n := d.tok(i-1), d.tok(i-2), d.tok(i+1)
		if !p.isSpace() || q.Kind == LineBreak || q.isSpace() || q.is(".") || q.is("…") {
			continue
		}
		if n.Kind != LineBreak && !n.isSpace() && (n.Kind != Punct || n.is(".")) {
			continue
		}
		if t.is(".") && n.Text == " " && d.tok(i+2).is(".") {
			continue // ". . ."
		}
		out = append(out, warn(d, app.FindSpaceBefore, p.Start, t.End, t.Text))
	}
	return out
}

// checkEllipsis: three periods or more ("...", ". . .") for "…".
func checkEllipsis(d *doc) []app.Finding {
	var out []app.Finding
	for i := 0; i < len(d.toks); i++ {
		if !d.toks[i].is(".") {
			continue
		}
		dots, j := 1, i
		if d.tok(i + 1).is(".") {
			for d.tok(j + 1).is(".") {
				j++
				dots++
			}
		} else {
			for d.tok(j+1).Text == " " && d.tok(j+2).is(".") {
				j += 2
				dots++
			}
		}
		if dots >= 3 {
			out = append(out, warn(d, app.FindEllipsis, d.toks[i].Start, d.toks[j].End, "…"))
		}
		i = j
	}
	return out
}

// abbreviations end with a period that ends no sentence.
var abbreviations = wordSet(`etc cf vs env av bd dr st ste mr mrs ms mme mlle no vol pp fig éd ed
	min max approx réf ref tél tel art chap coll jr sr inc ltd co resp ex hab nb ps cie dept dép`)

// checkCapitalAfterEnd: a sentence after ". ", "! " or "? " that starts
// in lower case. Not after an abbreviation (etc., M., p. ex., e.g.), nor
// for words with capitals inside (iPhone) or in the personal dictionary.
func checkCapitalAfterEnd(d *doc) []app.Finding {
	var out []app.Finding
	for i, t := range d.toks {
		switch {
		case t.is("."):
			p := d.tok(i - 1)
			if p.is(".") || d.tok(i+1).is(".") || p.Kind == LineBreak || p.isSpace() {
				continue
			}
			if p.Kind == Word && (utf8.RuneCountInString(p.Text) == 1 || abbreviations[strings.ToLower(p.Text)]) {
				continue
			}
		case isBang(t):
			if isBang(d.tok(i + 1)) {
				continue // the group's last counts
			}
		default:
			continue
		}
		s, w := d.tok(i+1), d.tok(i+2)
		if !s.isSpace() || s.Kind == OtherSpace || w.Kind != Word || d.personal(w.Text) {
			continue
		}
		first, n := utf8.DecodeRuneInString(w.Text)
		if !unicode.IsLower(first) || strings.IndexFunc(w.Text[n:], unicode.IsUpper) >= 0 {
			continue
		}
		out = append(out, warn(d, app.FindCapitalAfterEnd, w.Start, w.End, capitalise(w.Text)))
	}
	return out
}

// capitalise puts the first letter of s in upper case.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// checkDoubleSpace: two spaces or more between two words (or a word and
// punctuation). Indentation and spaces at the end of a line are left
// alone, and so are the single runs the French and space-before checks
// report. The fix keeps one space, a no-break one if the run has one.
func checkDoubleSpace(d *doc) []app.Finding {
	var out []app.Finding
	for i := 0; i < len(d.toks); i++ {
		if !d.toks[i].isSpace() {
			continue
		}
		j, runes := i, 0
		for ; j < len(d.toks) && d.toks[j].isSpace(); j++ {
			runes += utf8.RuneCountInString(d.toks[j].Text)
		}
		first, last := d.toks[i], d.toks[j-1]
		p, n := d.tok(i-1), d.tok(j)
		i = j - 1
		if runes < 2 || p.Kind == LineBreak || n.Kind == LineBreak || strings.Contains(d.text[first.Start:last.End], "\t") {
			continue
		}
		if j-i == 1 && breakable(first) {
			if n.is(",") || n.is(".") {
				continue
			}
			if d.lang == app.LanguageFrench && (n.is(";") || n.is(":") || n.is("!") || n.is("?") || n.is("»") || p.is("«")) {
				continue
			}
		}
		fix := " "
		switch run := d.text[first.Start:last.End]; {
		case strings.Contains(run, nnbsp):
			fix = nnbsp
		case strings.Contains(run, nbsp):
			fix = nbsp
		}
		out = append(out, warn(d, app.FindDoubleSpace, first.Start, last.End, fix))
	}
	return out
}

// repeatAllowed are words that are rightly written twice: "nous nous
// retrouvons", "vous vous trompez", "he had had enough".
var repeatAllowed = wordSet(`nous vous had bye bla`)

// checkRepeatedWord: the same word twice in a row, in any case ("le le",
// "The the"); the fix keeps the first.
func checkRepeatedWord(d *doc) []app.Finding {
	var out []app.Finding
	for i, t := range d.toks {
		if t.Kind != Word {
			continue
		}
		s, w := d.tok(i+1), d.tok(i+2)
		if s.Kind != Space && s.Kind != NoBreakSpace || w.Kind != Word || !strings.EqualFold(t.Text, w.Text) {
			continue
		}
		if repeatAllowed[strings.ToLower(t.Text)] {
			continue
		}
		f := warn(d, app.FindRepeatedWord, t.Start, w.End, t.Text)
		f.Args = map[string]string{"word": t.Text}
		out = append(out, f)
	}
	return out
}

// Which article English words take, where the first letter misleads.
var (
	anPrefixes     = []string{"hour", "honest", "honor", "honour", "heir", "unim", "unin", "unid", "oner"}
	eitherPrefixes = []string{"histor", "hotel", "herb", "homage"}
	aPrefixes      = []string{"eu", "ewe", "uni", "unanim", "use", "usu", "usa", "uti", "uto", "ute", "ura", "uri", "ure",
		"ubiq", "uku", "uvu", "ugand", "one", "once", "ouija"}
)

// wantsAn tells whether an English word takes "an" rather than "a";
// known is false when it cannot tell (acronyms of four letters or more,
// words that take either).
func wantsAn(word string) (an, known bool) {
	letters := utf8.RuneCountInString(word)
	if word == strings.ToUpper(word) && letters >= 2 {
		if letters > 3 {
			return false, false
		}
		return strings.ContainsRune("AEFHILMNORSX", rune(word[0])), true // letter names: an SEO, a URL
	}
	lw := strings.ToLower(word)
	for _, p := range anPrefixes {
		if strings.HasPrefix(lw, p) {
			return true, true
		}
	}
	for _, p := range eitherPrefixes {
		if strings.HasPrefix(lw, p) {
			return false, false
		}
	}
	for _, p := range aPrefixes {
		if strings.HasPrefix(lw, p) {
			return false, true
		}
	}
	return strings.ContainsRune("aeiou", rune(lw[0])), true
}

// checkArticleAAn: "a apple", "an banana" in English.
func checkArticleAAn(d *doc) []app.Finding {
	var out []app.Finding
	for i, t := range d.toks {
		if t.Kind != Word {
			continue
		}
		var isAn bool
		switch t.Text {
		case "a", "an":
			isAn = t.Text == "an"
		case "A", "An":
			// A capital A is an article only where a sentence starts
			// ("Plan A is…" is not).
			p := d.tok(i - 1)
			if p.isSpace() {
				p = d.tok(i - 2)
			}
			if !(p.Kind == LineBreak || p.is(".") || p.is("!") || p.is("?") || p.is(":") || p.is("…") || p.Kind == Emoji) {
				continue
			}
			isAn = t.Text == "An"
		default:
			continue
		}
		s, w := d.tok(i+1), d.tok(i+2)
		if s.Text != " " || w.Kind != Word || d.personal(w.Text) || utf8.RuneCountInString(w.Text) < 2 ||
			strings.IndexFunc(w.Text, unicode.IsDigit) >= 0 || w.Text[0] >= utf8.RuneSelf {
			continue
		}
		an, known := wantsAn(w.Text)
		if !known || an == isAn {
			continue
		}
		fix := "a"
		if an {
			fix = "an"
		}
		if t.Text[0] == 'A' {
			fix = capitalise(fix)
		}
		f := warn(d, app.FindArticleAAn, t.Start, t.End, fix)
		f.Args = map[string]string{"word": w.Text}
		out = append(out, f)
	}
	return out
}
