package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/ui/export"
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
// is applied on the UI goroutine. files are the files writing to a path
// makes (nil: the path alone). They are checked before anything is
// written: never one of Relais's own files, and an existing file only
// once the user said to replace it. Fyne's save dialog is not used: it
// creates (and empties) the file it returns before the caller may refuse
// it, which would empty the database itself.
func (w *Window) saveFile(title, name string, files func(path string) []string, write func(ctx context.Context, path string) func()) {
	tr := w.tr
	dir := w.saveDir
	if dir == "" {
		dir, _ = os.UserHomeDir()
	}
	path := widget.NewEntry()
	path.SetText(filepath.Join(dir, name))
	choose := widget.NewButtonWithIcon(tr.T("save.choose_folder"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFolderOpen(func(folder fyne.ListableURI, err error) {
			if err == nil && folder != nil {
				path.SetText(filepath.Join(folder.Path(), filepath.Base(path.Text)))
			}
		}, w.win)
		d.Resize(fyne.NewSize(720, 480))
		d.Show()
	})
	form := container.NewBorder(nil, nil, nil, choose, path)
	d := dialog.NewCustomConfirm(title, tr.T("action.save"), tr.T("action.cancel"), container.NewGridWrap(fyne.NewSize(560, form.MinSize().Height), form), func(ok bool) {
		if !ok || strings.TrimSpace(path.Text) == "" {
			return
		}
		p, err := filepath.Abs(strings.TrimSpace(path.Text))
		if err != nil {
			w.showError(err)
			return
		}
		targets := []string{p}
		if files != nil {
			targets = files(p)
		}
		run := func() {
			w.saveDir = filepath.Dir(p)
			w.withProgress(title, tr.T("analytics.exporting"), func(ctx context.Context) func() { return write(ctx, p) })
		}
		guard := export.Guard{DataDir: w.deps.DataDir}
		err = guard.Check(targets...)
		var refused *export.RefusedError
		switch {
		case err == nil:
			run()
		case errors.As(err, &refused) && errors.Is(err, export.ErrExists):
			msg := widget.NewLabel(tr.T("save.replace", "file", refused.Path))
			msg.Wrapping = fyne.TextWrapWord
			ask := dialog.NewCustomConfirm(tr.T("save.replace_title"), tr.T("save.replace_button"), tr.T("action.cancel"), msg, func(yes bool) {
				guard.Replace = true
				if err := guard.Check(targets...); !yes || err != nil {
					if yes {
						w.refusedFile(err)
					}
					return
				}
				run()
			}, w.win)
			ask.Resize(fyne.NewSize(420, 200))
			ask.Show()
		default:
			w.refusedFile(err)
		}
	}, w.win)
	d.Show()
}

// refusedFile says why a file may not be written.
func (w *Window) refusedFile(err error) {
	tr := w.tr
	var refused *export.RefusedError
	if !errors.As(err, &refused) {
		w.showError(err)
		return
	}
	key := "save.not_a_file"
	if errors.Is(err, export.ErrOwnFile) {
		key = "save.own_file"
	}
	showMessage(w.win, tr, tr.T("error.title"), tr.T(key, "file", refused.Path))
}
