package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// newSettingsScreen shows the settings that exist so far: the language,
// and where the data lives.
func newSettingsScreen(w *Window) fyne.CanvasObject {
	tr := w.tr
	choices := []app.Language{app.LanguageAuto, app.LanguageEnglish, app.LanguageFrench}
	labels := make([]string, len(choices))
	for i, l := range choices {
		if l == app.LanguageAuto {
			labels[i] = tr.T("settings.language.auto", "lang", tr.T("settings.language."+string(w.deps.SystemLang)))
		} else {
			labels[i] = tr.T("settings.language." + string(l))
		}
	}
	lang := widget.NewSelect(labels, nil)
	for i, l := range choices {
		if l == w.deps.SavedLang {
			lang.SetSelectedIndex(i)
		}
	}
	lang.OnChanged = func(string) {
		if l := choices[lang.SelectedIndex()]; l != w.deps.SavedLang {
			w.setLanguage(l)
		}
	}

	dataDir := widget.NewLabel(w.deps.DataDir)
	dataDir.Wrapping = fyne.TextWrapBreak
	dataDir.TextStyle = fyne.TextStyle{Monospace: true}

	heading := widget.NewLabelWithStyle(tr.T("nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	form := widget.NewForm(
		widget.NewFormItem(tr.T("settings.language"), lang),
		widget.NewFormItem(tr.T("settings.data_dir"), dataDir),
		widget.NewFormItem(tr.T("settings.version"), widget.NewLabel(app.Version)),
	)
	return container.NewPadded(container.NewVBox(heading, form))
}
