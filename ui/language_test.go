package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/relais-app/relais/app"
)

func TestFyneOwnWordsFollowTheChosenLanguage(t *testing.T) {
	for _, locale := range []string{"C", "", "en_US.UTF-8"} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANGUAGE", "")
		t.Setenv("LANG", locale)
		UseLanguageInFyne(app.LanguageFrench)
		if got := lang.L("Cancel"); got != "Annuler" {
			t.Errorf("LANG=%q, French chosen: Fyne says %q", locale, got)
		}
		UseLanguageInFyne(app.LanguageEnglish)
		if got := lang.L("Cancel"); got != "Cancel" {
			t.Errorf("LANG=%q, English chosen: Fyne says %q", locale, got)
		}
	}
}
