// Package i18n holds Relais's translations (embedded JSON, one file per
// language) and the helpers that speak the user's language: plural forms,
// relative times, plain-words errors and the choice of language from the
// environment. It has no Fyne dependency so the command line uses it too.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/relais-app/relais/app"
)

//go:embed translations/*.json
var files embed.FS

// Translator speaks one language. It is immutable, so safe for concurrent
// use.
type Translator struct {
	lang     app.Language
	messages map[string]string
	fallback map[string]string
}

// New returns a translator for lang; LanguageAuto gives English.
func New(lang app.Language) *Translator {
	if lang == app.LanguageAuto {
		lang = app.LanguageEnglish
	}
	en := mustLoad(app.LanguageEnglish)
	return &Translator{lang: lang, messages: mustLoad(lang), fallback: en}
}

// Load returns the messages of a language, by key.
func Load(lang app.Language) (map[string]string, error) {
	b, err := files.ReadFile("translations/" + string(lang) + ".json")
	if err != nil {
		return nil, fmt.Errorf("no translation for %q: %w", lang, err)
	}
	m := make(map[string]string)
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("translation %q: %w", lang, err)
	}
	return m, nil
}

// mustLoad loads an embedded translation; they are checked by tests, so a
// failure is a build defect.
func mustLoad(lang app.Language) map[string]string {
	m, err := Load(lang)
	if err != nil {
		panic(err)
	}
	return m
}

// Language is the language this translator speaks.
func (t *Translator) Language() app.Language { return t.lang }

// T returns the message of key with its {placeholders} replaced by the
// pairs of vars: T("saved", "time", "12:03"). A key missing from the
// language falls back to English, then to the key itself.
func (t *Translator) T(key string, vars ...string) string {
	msg, ok := t.messages[key]
	if !ok {
		if msg, ok = t.fallback[key]; !ok {
			msg = key
		}
	}
	for i := 0; i+1 < len(vars); i += 2 {
		msg = strings.ReplaceAll(msg, "{"+vars[i]+"}", vars[i+1])
	}
	return msg
}

// N returns the plural form of key for count: key+".one" or key+".other"
// (French treats 0 and 1 as singular, English only 1), with {count} set.
func (t *Translator) N(key string, count int, vars ...string) string {
	form := ".other"
	if count == 1 || (count == 0 && t.lang == app.LanguageFrench) {
		form = ".one"
	}
	return t.T(key+form, append([]string{"count", t.Number(count)}, vars...)...)
}

// Number writes a whole number with the language's thousands separator
// (a narrow no-break space in French, a comma in English).
func (t *Translator) Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if t.lang == app.LanguageFrench {
		sep = "\u202f"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
