package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newComingScreen is the honest panel of a screen whose work has not
// landed yet: what it will do, and where the user's work is meanwhile.
func newComingScreen(w *Window, name string) fyne.CanvasObject {
	tr := w.tr
	var icon fyne.Resource = theme.InfoIcon()
	for _, s := range screens {
		if s.name == name {
			icon = s.icon()
		}
	}
	big := widget.NewIcon(icon)
	title := widget.NewLabelWithStyle(tr.T("nav."+name), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	badge := widget.NewLabelWithStyle(tr.T("coming.badge"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	badge.Importance = widget.WarningImportance
	what := widget.NewLabel(tr.T("coming." + name))
	what.Wrapping = fyne.TextWrapWord
	what.Alignment = fyne.TextAlignCenter
	meanwhile := widget.NewLabel(tr.T("coming.meanwhile"))
	meanwhile.Wrapping = fyne.TextWrapWord
	meanwhile.Alignment = fyne.TextAlignCenter
	meanwhile.Importance = widget.LowImportance
	open := widget.NewButtonWithIcon(tr.T("coming.open_compose"), theme.DocumentCreateIcon(), func() { w.ShowView("compose") })

	iconBox := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(72), big))
	card := container.NewVBox(iconBox, title, badge, what, meanwhile, container.NewCenter(open))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 360), card))
}
