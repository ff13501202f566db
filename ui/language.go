package ui

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/relais-app/relais/app"
)

// fyneLocales are full locales for the languages Relais speaks.
var fyneLocales = map[app.Language]string{
	app.LanguageEnglish: "en_US.UTF-8",
	app.LanguageFrench:  "fr_FR.UTF-8",
}

// UseLanguageInFyne makes the words that Fyne's own widgets show (entry
// menus, dialog buttons) speak l. Fyne reads them from the locale's
// environment variables, as gettext does: LANGUAGE, which a "C" locale
// disables, so LC_MESSAGES too in that case. It only changes this
// process's environment.
func UseLanguageInFyne(l app.Language) {
	if l == app.LanguageAuto {
		return
	}
	os.Setenv("LANGUAGE", string(l))
	if locale := firstEnv("LC_ALL", "LC_MESSAGES", "LANG"); locale == "" || isC(locale) {
		if isC(os.Getenv("LC_ALL")) {
			os.Unsetenv("LC_ALL")
		}
		os.Setenv("LC_MESSAGES", fyneLocales[l])
	}
	// Adding (empty) translations makes Fyne read the environment again.
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(l)); err != nil {
		fyne.LogError("switching Fyne's own words to "+string(l), err)
	}
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

func isC(locale string) bool {
	base := strings.SplitN(locale, ".", 2)[0]
	return base == "C" || base == "POSIX"
}
