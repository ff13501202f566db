package monitor

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// The query language of a watch, parsed once by ParseQuery:
//
//	query   = or
//	or      = and { "OR" and }
//	and     = unary { unary }
//	unary   = [ "-" ] atom
//	atom    = word | '"' phrase '"' | "#" tag | "@" account
//	        | "lang:" code | "(" or ")"
//
// Words side by side must all be there; OR (in capitals) takes either
// side; a leading "-" excludes. Words and phrases match whole words,
// ignoring case and accents ("ete" finds "été"); a hashtag matches the
// tag in the text; @account matches posts by the account or mentioning
// it; lang:fr keeps the posts a source says are in French.

// TermKind is what a term of a query looks for.
type TermKind string

// The kinds of term.
const (
	TermWord    TermKind = "word"
	TermPhrase  TermKind = "phrase"
	TermHashtag TermKind = "hashtag"
	TermAccount TermKind = "account"
	TermLang    TermKind = "lang"
)

// Node is a node of a parsed query: a Term, Not, And or Or.
type Node interface {
	match(t *target) bool
	write(b *strings.Builder, top bool)
}

// Term is one thing to look for. Value is as the user typed it (without
// its #, @ or quotes); folded is how it is compared.
type Term struct {
	Kind   TermKind
	Value  string
	folded string
}

// Not excludes what X matches.
type Not struct{ X Node }

// And needs all of Xs.
type And struct{ Xs []Node }

// Or needs one of Xs.
type Or struct{ Xs []Node }

// Query is a parsed query.
type Query struct {
	Root Node
}

// MaxQueryLength bounds a query, in bytes.
const MaxQueryLength = 2000

// maxDepth bounds the nesting of parentheses.
const maxDepth = 20

// QueryError says where a query is wrong: Pos is the position (in
// characters, from 1) where the trouble starts, Key a translation key of
// what was expected (query.expected_*), Found what was there ("" at the
// end).
type QueryError struct {
	Pos   int
	Key   string
	Found string
}

func (e *QueryError) Error() string {
	found := e.Found
	if found == "" {
		found = "the end"
	}
	return fmt.Sprintf("query: at character %d: %s, found %q", e.Pos, strings.TrimPrefix(e.Key, "query.expected_"), found)
}

// The translation keys of QueryError, each saying what was expected.
const (
	ErrKeyTerm         = "query.expected_term"          // a word, "phrase", #tag, @account or lang:xx
	ErrKeyCloseQuote   = "query.expected_close_quote"   // a closing "
	ErrKeyCloseParen   = "query.expected_close_paren"   // a closing )
	ErrKeyTagName      = "query.expected_tag"           // a tag after #
	ErrKeyAccountName  = "query.expected_account"       // an account after @
	ErrKeyLangCode     = "query.expected_lang"          // a two-letter code after lang:
	ErrKeyTooLong      = "query.expected_shorter"       // at most MaxQueryLength
	ErrKeyTooDeep      = "query.expected_fewer_parens"  // at most maxDepth levels
	ErrKeyOnlyExcluded = "query.expected_positive_term" // something to look for, not only exclusions
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokPhrase
	tokHash
	tokAt
	tokLang
	tokOr
	tokMinus
	tokOpen
	tokClose
)

type token struct {
	kind tokKind
	text string
	pos  int // in characters, from 1
}

// lex splits a query into tokens.
func lex(s string) ([]token, error) {
	var toks []token
	runes := []rune(s)
	i := 0
	isSep := func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' }
	for i < len(runes) {
		r := runes[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{tokOpen, "(", pos})
			i++
		case r == ')':
			toks = append(toks, token{tokClose, ")", pos})
			i++
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»':
			closers := `"”“`
			if r == '«' || r == '»' {
				closers = "»«"
			}
			j := i + 1
			for j < len(runes) && !strings.ContainsRune(closers, runes[j]) {
				j++
			}
			if j == len(runes) {
				return nil, &QueryError{Pos: len(runes) + 1, Key: ErrKeyCloseQuote}
			}
			phrase := strings.Join(strings.Fields(string(runes[i+1:j])), " ")
			if phrase == "" {
				return nil, &QueryError{Pos: j + 1, Key: ErrKeyTerm, Found: string(runes[j])}
			}
			toks = append(toks, token{tokPhrase, phrase, pos})
			i = j + 1
		case r == '-' && i+1 < len(runes) && !unicode.IsSpace(runes[i+1]) && (i == 0 || isSep(runes[i-1])):
			toks = append(toks, token{tokMinus, "-", pos})
			i++
		default:
			j := i
			for j < len(runes) && !isSep(runes[j]) {
				j++
			}
			word := string(runes[i:j])
			i = j
			switch {
			case word == "OR":
				toks = append(toks, token{tokOr, word, pos})
			case strings.HasPrefix(word, "#"):
				tag := strings.TrimPrefix(word, "#")
				if tag == "" || !isTag(tag) {
					return nil, &QueryError{Pos: pos + 1, Key: ErrKeyTagName, Found: cutFound(tag)}
				}
				toks = append(toks, token{tokHash, tag, pos})
			case strings.HasPrefix(word, "@"):
				acct := strings.TrimPrefix(word, "@")
				if acct == "" || !isAccount(acct) {
					return nil, &QueryError{Pos: pos + 1, Key: ErrKeyAccountName, Found: cutFound(acct)}
				}
				toks = append(toks, token{tokAt, acct, pos})
			case strings.HasPrefix(strings.ToLower(word), "lang:"):
				code := strings.ToLower(word[len("lang:"):])
				if !isLangCode(code) {
					return nil, &QueryError{Pos: pos + 5, Key: ErrKeyLangCode, Found: cutFound(word[len("lang:"):])}
				}
				toks = append(toks, token{tokLang, code, pos})
			default:
				toks = append(toks, token{tokWord, word, pos})
			}
		}
	}
	return append(toks, token{tokEOF, "", len(runes) + 1}), nil
}

func cutFound(s string) string {
	if utf8.RuneCountInString(s) > 20 {
		return string([]rune(s)[:20]) + "…"
	}
	return s
}

func isTag(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && !unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return true
}

func isAccount(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_.-@:", r) {
			return false
		}
	}
	return !strings.HasPrefix(s, "@")
}

func isLangCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	return s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

type parser struct {
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

// ParseQuery parses a watch's query. A query that is wrong returns a
// *QueryError saying where.
func ParseQuery(s string) (Query, error) {
	if len(s) > MaxQueryLength {
		return Query{}, &QueryError{Pos: utf8.RuneCountInString(s[:MaxQueryLength]) + 1, Key: ErrKeyTooLong}
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	toks, err := lex(s)
	if err != nil {
		return Query{}, err
	}
	p := &parser{toks: toks}
	root, err := p.or()
	if err != nil {
		return Query{}, err
	}
	if t := p.peek(); t.kind != tokEOF {
		if t.kind == tokClose {
			return Query{}, &QueryError{Pos: t.pos, Key: ErrKeyTerm, Found: t.text}
		}
		return Query{}, &QueryError{Pos: t.pos, Key: ErrKeyTerm, Found: t.text}
	}
	if !positive(root) {
		return Query{}, &QueryError{Pos: 1, Key: ErrKeyOnlyExcluded, Found: cutFound(s)}
	}
	return Query{Root: root}, nil
}

// MustParseQuery is ParseQuery for queries known to be right (tests).
func MustParseQuery(s string) Query {
	q, err := ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return q
}

func (p *parser) or() (Node, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	xs := []Node{first}
	for p.peek().kind == tokOr {
		p.next()
		x, err := p.and()
		if err != nil {
			return nil, err
		}
		xs = append(xs, x)
	}
	xs = flattenOr(xs)
	if len(xs) == 1 {
		return first, nil
	}
	return Or{Xs: xs}, nil
}

// flattenOr makes (a OR b) OR c one a OR b OR c.
func flattenOr(xs []Node) []Node {
	var out []Node
	for _, x := range xs {
		if inner, ok := x.(Or); ok {
			out = append(out, inner.Xs...)
			continue
		}
		out = append(out, x)
	}
	return out
}

func (p *parser) and() (Node, error) {
	var xs []Node
	for {
		switch p.peek().kind {
		case tokEOF, tokOr, tokClose:
			if len(xs) == 0 {
				t := p.peek()
				return nil, &QueryError{Pos: t.pos, Key: ErrKeyTerm, Found: t.text}
			}
			if len(xs) == 1 {
				return xs[0], nil
			}
			return And{Xs: xs}, nil
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if inner, ok := x.(And); ok { // (a b) c is a b c
			xs = append(xs, inner.Xs...)
			continue
		}
		xs = append(xs, x)
	}
}

func (p *parser) unary() (Node, error) {
	if p.peek().kind == tokMinus {
		p.next()
		x, err := p.atom()
		if err != nil {
			return nil, err
		}
		return Not{X: x}, nil
	}
	return p.atom()
}

func (p *parser) atom() (Node, error) {
	t := p.next()
	switch t.kind {
	case tokWord:
		return newTerm(TermWord, t.text), nil
	case tokPhrase:
		return newTerm(TermPhrase, t.text), nil
	case tokHash:
		return newTerm(TermHashtag, t.text), nil
	case tokAt:
		return newTerm(TermAccount, t.text), nil
	case tokLang:
		return newTerm(TermLang, t.text), nil
	case tokOpen:
		if p.depth >= maxDepth {
			return nil, &QueryError{Pos: t.pos, Key: ErrKeyTooDeep, Found: "("}
		}
		p.depth++
		x, err := p.or()
		p.depth--
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokClose {
			return nil, &QueryError{Pos: c.pos, Key: ErrKeyCloseParen, Found: c.text}
		}
		return x, nil
	}
	return nil, &QueryError{Pos: t.pos, Key: ErrKeyTerm, Found: t.text}
}

func newTerm(k TermKind, v string) Term {
	return Term{Kind: k, Value: v, folded: app.Fold(v)}
}

// positive reports whether n can match without only excluding: a query
// of exclusions alone would match everything a source returns.
func positive(n Node) bool {
	switch n := n.(type) {
	case Term:
		return n.Kind != TermLang
	case Not:
		return false
	case And:
		for _, x := range n.Xs {
			if positive(x) {
				return true
			}
		}
		return false
	case Or:
		for _, x := range n.Xs {
			if !positive(x) {
				return false
			}
		}
		return true
	}
	return false
}

// String is the query in its own syntax, normalised: what ParseQuery
// reads back as the same query.
func (q Query) String() string {
	if q.Root == nil {
		return ""
	}
	var b strings.Builder
	q.Root.write(&b, true)
	return b.String()
}

func (t Term) write(b *strings.Builder, _ bool) {
	switch t.Kind {
	case TermPhrase:
		quotePhrase(b, t.Value)
	case TermHashtag:
		b.WriteString("#" + t.Value)
	case TermAccount:
		b.WriteString("@" + t.Value)
	case TermLang:
		b.WriteString("lang:" + t.Value)
	default:
		if t.Value == "OR" || strings.HasPrefix(t.Value, "-") {
			quotePhrase(b, t.Value)
			return
		}
		b.WriteString(t.Value)
	}
}

func (n Not) write(b *strings.Builder, _ bool) {
	b.WriteString("-")
	if and, ok := n.X.(And); ok {
		b.WriteString("(")
		and.write(b, false)
		b.WriteString(")")
		return
	}
	n.X.write(b, false)
}

// quotePhrase writes a phrase between quotes it cannot hold: "…", or
// «…» for a phrase with a quote in it (one read between « » cannot hold
// those).
func quotePhrase(b *strings.Builder, v string) {
	if strings.ContainsAny(v, `"“”`) {
		b.WriteString("«" + v + "»")
		return
	}
	b.WriteString(`"` + v + `"`)
}

func (n And) write(b *strings.Builder, top bool) {
	for i, x := range n.Xs {
		if i > 0 {
			b.WriteString(" ")
		}
		x.write(b, false)
	}
}

func (n Or) write(b *strings.Builder, top bool) {
	if !top {
		b.WriteString("(")
	}
	for i, x := range n.Xs {
		if i > 0 {
			b.WriteString(" OR ")
		}
		x.write(b, false)
	}
	if !top {
		b.WriteString(")")
	}
}

// Describe says the query in plain words, in the language of tr (a
// translator: key and values in, text out; keys query.say.*).
func (q Query) Describe(tr func(key string, vars ...string) string) string {
	if q.Root == nil {
		return ""
	}
	return describe(q.Root, tr, true)
}

func describe(n Node, tr func(string, ...string) string, top bool) string {
	switch n := n.(type) {
	case Term:
		return tr("query.say."+string(n.Kind), "value", n.Value)
	case Not:
		return tr("query.say.not", "what", describe(n.X, tr, false))
	case And:
		parts := make([]string, len(n.Xs))
		for i, x := range n.Xs {
			parts[i] = describe(x, tr, false)
		}
		return strings.Join(parts, tr("query.say.and"))
	case Or:
		parts := make([]string, len(n.Xs))
		for i, x := range n.Xs {
			parts[i] = describe(x, tr, false)
		}
		s := strings.Join(parts, tr("query.say.or"))
		if !top {
			s = "(" + s + ")"
		}
		return s
	}
	return ""
}
