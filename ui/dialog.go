package ui

import (
	"context"

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

// saveFile asks where to save a file, offering name, then runs write on
// the path chosen off the UI goroutine, behind a progress dialog titled
// title whose Cancel cancels write's context; the function write returns
// is applied on the UI goroutine.
func (w *Window) saveFile(title, name string, write func(ctx context.Context, path string) func()) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		w.withProgress(title, w.tr.T("analytics.exporting"), func(ctx context.Context) func() { return write(ctx, path) })
	}, w.win)
	d.SetFileName(name)
	d.Show()
}
