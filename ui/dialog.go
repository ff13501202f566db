package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/ui/i18n"
)

// showMessage shows a plain message with an OK button in the user's language.
func showMessage(parent fyne.Window, tr *i18n.Translator, title, message string) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, tr.T("action.ok"), text, parent)
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
}
