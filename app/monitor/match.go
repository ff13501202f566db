package monitor

import (
	"strings"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// target is a Found as queries compare it, folded once.
type target struct {
	text     string // title and text, folded
	handle   string // the author's handle, folded, without a leading @
	language string
}

func newTarget(f Found) *target {
	text := f.Text
	if f.Title != "" {
		text = f.Title + "\n" + text
	}
	return &target{
		text:     app.Fold(text),
		handle:   strings.TrimPrefix(app.Fold(f.Author.Handle), "@"),
		language: strings.ToLower(f.Language),
	}
}

// Match reports whether found is what the query looks for. Sources
// over-match: every result is checked here again.
func (q Query) Match(found Found) bool {
	if q.Root == nil {
		return false
	}
	return q.Root.match(newTarget(found))
}

func (t Term) match(x *target) bool {
	switch t.Kind {
	case TermWord, TermPhrase:
		return app.ContainsWord(x.text, t.folded)
	case TermHashtag:
		return app.ContainsWord(x.text, "#"+t.folded)
	case TermAccount:
		return sameAccount(x.handle, t.folded) || mentions(x.text, t.folded)
	case TermLang:
		return x.language == t.folded || strings.HasPrefix(x.language, t.folded+"-")
	}
	return false
}

func (n Not) match(x *target) bool { return !n.X.match(x) }

func (n And) match(x *target) bool {
	for _, c := range n.Xs {
		if !c.match(x) {
			return false
		}
	}
	return true
}

func (n Or) match(x *target) bool {
	for _, c := range n.Xs {
		if c.match(x) {
			return true
		}
	}
	return false
}

// sameAccount reports whether handle is the account a query names: the
// whole handle, or its name on its server when the query gives no server
// (@lumen is lumen@mastodon.social, and lumen.bsky.social).
func sameAccount(handle, want string) bool {
	if handle == "" {
		return false
	}
	if handle == want {
		return true
	}
	if strings.ContainsAny(want, "@.") {
		return false
	}
	name, _, _ := strings.Cut(handle, "@")
	if name == want {
		return true
	}
	first, _, _ := strings.Cut(handle, ".")
	return first == want
}

// mentions reports whether text mentions @want: the handle, or the
// handle followed by its server.
func mentions(text, want string) bool {
	at := "@" + want
	for from := 0; ; {
		i := strings.Index(text[from:], at)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(at)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		// "@lumen@mastodon.social" and "@lumen.bsky.social" mention
		// @lumen: what follows is not part of a name.
		if (start == 0 || !app.IsWordRune(before) && before != '@') && (end == len(text) || !app.IsWordRune(after) && after != '-') {
			return true
		}
		from = start + 1
	}
}
