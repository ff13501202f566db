package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// DamagedChoice is what the user chose when the workspace's file was
// found damaged and set aside.
type DamagedChoice int

// The choices.
const (
	DamagedQuit DamagedChoice = iota
	DamagedOpenBackup
	DamagedStartEmpty
)

// AskAfterDamage tells a user who started Relais from a desktop icon that
// the workspace's file is damaged and was set aside untouched, and asks
// what to open instead: the latest backup (when there is one), an empty
// workspace, or nothing. It returns the choice once the window closes.
func AskAfterDamage(a fyne.App, tr *i18n.Translator, d *app.DamagedError, now time.Time) DamagedChoice {
	a.Settings().SetTheme(newTheme())
	w := a.NewWindow(tr.T("error.title"))
	choice := DamagedQuit
	w.SetContent(damagedContent(tr, d, now, func(c DamagedChoice) {
		choice = c
		a.Quit()
	}))
	w.Resize(fyne.NewSize(560, 240))
	w.CenterOnScreen()
	w.ShowAndRun()
	return choice
}

// damagedContent is the message and its buttons; choose is called with
// the button pressed.
func damagedContent(tr *i18n.Translator, d *app.DamagedError, now time.Time, choose func(DamagedChoice)) fyne.CanvasObject {
	text := widget.NewLabel(tr.Error(d))
	text.Wrapping = fyne.TextWrapWord
	icon := widget.NewIcon(theme.WarningIcon())
	quit := widget.NewButton(tr.T("action.quit"), func() { choose(DamagedQuit) })
	empty := widget.NewButton(tr.T("damaged.start_empty"), func() { choose(DamagedStartEmpty) })
	buttons := []fyne.CanvasObject{quit, empty}
	if d.Backup != "" {
		restore := widget.NewButton(tr.T("damaged.open_backup", "date", tr.Date(d.BackupAt.Local(), now)), func() { choose(DamagedOpenBackup) })
		restore.Importance = widget.HighImportance
		buttons = append(buttons, restore)
	} else {
		empty.Importance = widget.HighImportance
	}
	return container.NewPadded(container.NewBorder(nil, container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, buttons...)...),
		container.NewGridWrap(fyne.NewSquareSize(48), icon), nil, container.NewVScroll(text)))
}
