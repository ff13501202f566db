package i18n

import (
	"strings"
	"unicode"

	"github.com/relais-app/relais/app"
)

// Finding says what the proofreader found, in plain words: the window's
// and the command line's message for it. The words a message names are
// the finding's Args, else read off the finding itself: the text
// concerned, its punctuation or first word, the first fix.
func (t *Translator) Finding(f app.Finding) string {
	text := OneLine(f.Text)
	first := ""
	if len(f.Fixes) > 0 {
		first = OneLine(f.Fixes[0])
	}
	word, _, _ := strings.Cut(text, " ")
	vars := map[string]string{
		"text": text, "word": word, "fix": first, "target": first, "status": "", "got": "", "max": "",
		"punct": strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsLetter(r) }),
	}
	for k, v := range f.Args {
		vars[k] = OneLine(v)
	}
	list := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		list = append(list, k, v)
	}
	return t.T("proof."+string(f.Kind), list...)
}

// OneLine is s with its control characters (escape sequences, tabs,
// line ends) as spaces, without its bidirectional controls, and its runs of spaces as one, so that remote or
// typed text cannot break a message's line or a terminal's table.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		if app.IsBidiControl(r) {
			return -1 // "@rtl\u202Egnp.exe" would show as "@rtlexe.png"
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
