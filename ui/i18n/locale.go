package i18n

import (
	"strings"

	"github.com/relais-app/relais/app"
)

// Detect returns the language of the user's locale as POSIX environment
// variables give it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in gettext's
// order), or English when the locale is unset, "C", "POSIX" or a language
// Relais does not speak.
func Detect(getenv func(string) string) app.Language {
	// LANGUAGE is a priority list, and gettext ignores it under the C locale.
	locale := firstSet(getenv, "LC_ALL", "LC_MESSAGES", "LANG")
	if list := getenv("LANGUAGE"); list != "" && !isCLocale(locale) {
		for _, l := range strings.Split(list, ":") {
			if lang, ok := languageOf(l); ok {
				return lang
			}
		}
	}
	if lang, ok := languageOf(locale); ok {
		return lang
	}
	return app.LanguageEnglish
}

func firstSet(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return v
		}
	}
	return ""
}

func isCLocale(l string) bool {
	l = strings.SplitN(l, ".", 2)[0]
	return l == "" || l == "C" || l == "POSIX"
}

// languageOf reads "fr_FR.UTF-8@euro", "fr-CA", "en" and the like.
func languageOf(locale string) (app.Language, bool) {
	if isCLocale(locale) {
		return "", false
	}
	// The language is what comes before the first separator; "_", "-" or
	// "@" alone have none (and must not panic).
	code := locale
	if i := strings.IndexAny(locale, "_-.@"); i >= 0 {
		code = locale[:i]
	}
	code = strings.ToLower(code)
	for _, l := range app.Languages {
		if string(l) == code {
			return l, true
		}
	}
	return "", false
}

// Resolve picks the language to speak: the command line's choice, else the
// one saved in Settings, else the operating system's.
func Resolve(flag, saved, system app.Language) app.Language {
	switch {
	case flag != app.LanguageAuto:
		return flag
	case saved != app.LanguageAuto:
		return saved
	case system != app.LanguageAuto:
		return system
	}
	return app.LanguageEnglish
}
