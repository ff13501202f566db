package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ShowStartupError tells a user who started Relais from a desktop icon, and
// so sees no terminal, why the window cannot open, and waits until they
// close it.
func ShowStartupError(a fyne.App, title, message, quit string) {
	a.Settings().SetTheme(newTheme())
	w := a.NewWindow(title)
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	icon := widget.NewIcon(theme.ErrorIcon())
	button := widget.NewButton(quit, a.Quit)
	button.Importance = widget.HighImportance
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewCenter(button),
		container.NewGridWrap(fyne.NewSquareSize(48), icon), nil, container.NewVScroll(text))))
	w.Resize(fyne.NewSize(480, 180))
	w.CenterOnScreen()
	w.ShowAndRun()
}
