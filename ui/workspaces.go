package ui

import (
	"context"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/workspace"
)

// This file holds the workspaces in the window: the switcher at the top
// of the sidebar (the client's name and colour), File → Workspaces, the
// hand-over from one workspace to another, and the inboxes of the
// workspaces that run in the background, which the tray counts.

// Workspaces is what the window needs to list, open and switch
// workspaces; main implements it over the list and the open data
// directories.
type Workspaces interface {
	List(ctx context.Context) ([]workspace.Workspace, error)
	Create(ctx context.Context, name string) (workspace.Workspace, error)
	Rename(ctx context.Context, id app.ID, name string) (workspace.Workspace, error)
	SetBackground(ctx context.Context, id app.ID, on bool) (workspace.Workspace, error)
	// Removal says what removing a workspace deletes; Remove deletes it
	// (its accounts' sign-ins, its folder, its entry).
	Removal(ctx context.Context, id app.ID) (workspace.Removal, error)
	Remove(ctx context.Context, id app.ID) error
	// Open returns the services of a workspace, opened now or already
	// running in the background; the window shows them next.
	Open(ctx context.Context, id app.ID) (Deps, error)
	// Release says the window no longer shows a workspace: it stops,
	// unless it runs in the background.
	Release(id app.ID)
	// Others are the workspaces running in the background beside the one
	// shown.
	Others() []OtherWorkspace
}

// OtherWorkspace is a workspace running in the background.
type OtherWorkspace struct {
	Workspace workspace.Workspace
	Inbox     *app.Inbox
}

// waiting is how many items wait for a reply in a background workspace.
type waiting struct {
	name  string
	count int
}

// followOthers counts the items waiting in the workspaces that run in
// the background, now and whenever their inboxes change, for the tray.
func (w *Window) followOthers() {
	for _, stop := range w.othersUnsubscribe {
		stop()
	}
	w.othersUnsubscribe = nil
	if w.deps.Workspaces == nil {
		return
	}
	others := w.deps.Workspaces.Others()
	for _, o := range others {
		if o.Inbox != nil {
			w.othersUnsubscribe = append(w.othersUnsubscribe, o.Inbox.Subscribe(func() { w.do(w.countOthers) }))
		}
	}
	w.countOthers()
}

// OthersChanged follows the workspaces running in the background anew:
// one started or stopped beside the one shown.
func (w *Window) OthersChanged() {
	if !w.shut {
		w.followOthers()
	}
}

// countOthers reads again how many items wait in the background
// workspaces, off the UI goroutine.
func (w *Window) countOthers() {
	if w.deps.Workspaces == nil {
		return
	}
	others := w.deps.Workspaces.Others()
	w.bg.Go(func() {
		var counts []waiting
		for _, o := range others {
			if o.Inbox == nil {
				continue
			}
			if n := o.Inbox.NeedsReply(); n > 0 {
				counts = append(counts, waiting{name: o.Workspace.Name, count: n})
			}
		}
		w.do(func() {
			w.elsewhere = counts
			w.refreshTray()
		})
	})
}

// workspaceSwitcher is the shown workspace's colour and name; a tap lists
// the others, to open one, and the way to manage them.
func (w *Window) workspaceSwitcher() fyne.CanvasObject {
	info := w.deps.Workspace
	mark := canvas.NewCircle(workspaceColour(info.Colour))
	mark.StrokeWidth = 0
	b := widget.NewButtonWithIcon(oneLineTrim(info.Name, 28), theme.MenuDropDownIcon(), nil)
	b.Alignment = widget.ButtonAlignLeading
	b.IconPlacement = widget.ButtonIconTrailingText
	b.Importance = widget.LowImportance
	b.OnTapped = func() { w.showWorkspaceMenu(b) }
	w.switcher = b
	return container.NewBorder(nil, nil, container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(14), mark)), nil, b)
}

// showWorkspaceMenu lists the workspaces under the switcher.
func (w *Window) showWorkspaceMenu(anchor fyne.CanvasObject) {
	w.withWorkspaces(func(list []workspace.Workspace) {
		menu := fyne.NewMenu("", w.workspaceMenuItems(list)...)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor).Add(fyne.NewPos(0, anchor.Size().Height))
		widget.ShowPopUpMenuAtPosition(menu, w.win.Canvas(), pos)
	})
}

// withWorkspaces reads the list of workspaces off the UI goroutine, then
// shows it with show, or says why it could not be read.
func (w *Window) withWorkspaces(show func([]workspace.Workspace)) {
	ws := w.deps.Workspaces
	w.bg.Go(func() {
		list, err := ws.List(context.Background())
		w.do(func() {
			if err != nil {
				w.showError(err)
				return
			}
			show(list)
		})
	})
}

// workspaceMenuItems are the workspaces, the shown one checked, then New
// and Manage.
func (w *Window) workspaceMenuItems(list []workspace.Workspace) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for _, ws := range list {
		item := fyne.NewMenuItem(oneLineTrim(ws.Name, 40), func() { w.SwitchWorkspace(ws.ID, "") })
		item.Checked = ws.ID == w.deps.Workspace.ID
		items = append(items, item)
	}
	return append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(w.tr.T("workspace.new"), w.newWorkspace),
		fyne.NewMenuItem(w.tr.T("workspace.manage"), w.manageWorkspaces))
}

// mainMenu is the window's menu bar: File → Workspaces, Help → About.
func (w *Window) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu(w.tr.T("menu.file"))
	if w.deps.Workspaces != nil {
		file.Items = append(file.Items,
			fyne.NewMenuItem(w.tr.T("workspace.new"), w.newWorkspace),
			fyne.NewMenuItem(w.tr.T("workspace.manage"), w.manageWorkspaces))
	}
	help := fyne.NewMenu(w.tr.T("menu.help"), fyne.NewMenuItem(w.tr.T("about.open"), w.showAbout))
	return fyne.NewMainMenu(file, help)
}

// SwitchWorkspace shows another workspace in the window (and view, when
// given): what is typed is saved first; the new workspace's services are
// opened behind a progress dialog; the old screens close, the window
// waits for their reads, then shows the new workspace and releases the
// old one.
func (w *Window) SwitchWorkspace(id app.ID, view string) {
	ws := w.deps.Workspaces
	if ws == nil || id == w.deps.Workspace.ID {
		w.Present(view)
		return
	}
	w.Flush()
	w.withProgress(w.tr.T("workspace.opening.title"), w.tr.T("workspace.opening"), func(ctx context.Context) func() {
		deps, err := ws.Open(ctx, id)
		return func() {
			if err != nil {
				w.showError(err)
				return
			}
			old := w.deps.Workspace.ID
			w.closeWorkspace()
			// The old screens' reads run off the UI goroutine and read
			// w.deps: they end before it changes.
			waitBefore := w.bg.Fence()
			w.bg.Go(func() {
				waitBefore()
				w.do(func() {
					if w.shut {
						return
					}
					w.showWorkspace(deps)
					w.Present(view)
					go ws.Release(old)
				})
			})
		}
	})
}

// replaceWorkspace shows another workspace's services at once: the
// switch, for the benchmark, waiting on the UI goroutine.
func (w *Window) replaceWorkspace(deps Deps) {
	w.closeWorkspace()
	w.bg.Wait()
	w.showWorkspace(deps)
}

// closeWorkspace closes the screens of the workspace shown and waits for
// their writes, so that nothing of one client lands in the other's
// folder; until the next one shows, the window says it is opening.
func (w *Window) closeWorkspace() {
	for _, stop := range append(w.unsubscribe, w.othersUnsubscribe...) {
		stop()
	}
	w.unsubscribe, w.othersUnsubscribe = nil, nil
	if w.inbox != nil {
		w.inbox.close()
		w.inbox = nil
	}
	if w.monitor != nil {
		w.monitor.Close()
		w.monitor = nil
	}
	if w.deps.Inbox != nil && w.watching {
		w.deps.Inbox.SetWatching(false)
		w.watching = false
	}
	w.calendar.close()
	w.compose.close()
	w.write.Wait()
	bar := widget.NewProgressBarInfinite()
	w.win.SetContent(container.NewCenter(container.NewVBox(widget.NewLabel(w.tr.T("workspace.opening")), bar)))
}

// showWorkspace builds the screens of another workspace's services; the
// window's own settings (its language, how it notifies, its clock) stay.
func (w *Window) showWorkspace(deps Deps) {
	keep := w.deps
	deps.Lang, deps.SystemLang, deps.SavedLang = keep.Lang, keep.SystemLang, keep.SavedLang
	deps.SaveDelay, deps.UndoFor, deps.Clock, deps.OpenURL = keep.SaveDelay, keep.UndoFor, keep.Clock, keep.OpenURL
	deps.Notify, deps.Charts = keep.Notify, keep.Charts
	deps.Info, deps.Autostart = keep.Info, keep.Autostart
	if deps.Workspaces == nil {
		deps.Workspaces = keep.Workspaces
	}
	w.deps = deps
	w.compose, w.calendar = nil, nil
	w.accountList = nil
	w.accountsRead++
	w.needsReply = 0
	w.elsewhere = nil
	w.build(w.tr)
	w.attachWorkspace()
	w.loadWindowSettings()
}

// newWorkspace asks for a client's name, makes the workspace and opens it.
func (w *Window) newWorkspace() {
	name := widget.NewEntry()
	name.SetPlaceHolder(w.tr.T("workspace.name.placeholder"))
	items := []*widget.FormItem{widget.NewFormItem(w.tr.T("workspace.name"), name)}
	d := dialog.NewForm(w.tr.T("workspace.new.title"), w.tr.T("workspace.create"), w.tr.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		ws := w.deps.Workspaces
		text := name.Text
		w.bg.Go(func() {
			created, err := ws.Create(context.Background(), text)
			w.do(func() {
				if err != nil {
					w.showError(err)
					return
				}
				w.SwitchWorkspace(created.ID, "")
			})
		})
	}, w.win)
	d.Resize(fyne.NewSize(420, 180))
	d.Show()
	w.win.Canvas().Focus(name)
}

// manageWorkspaces lists the workspaces with their actions: open, rename,
// run in the background, remove.
func (w *Window) manageWorkspaces() { w.withWorkspaces(w.showWorkspaces) }

func (w *Window) showWorkspaces(list []workspace.Workspace) {
	var d dialog.Dialog
	rows := container.NewVBox()
	for _, info := range list {
		mark := canvas.NewCircle(workspaceColour(info.Colour))
		name := widget.NewLabel(oneLineTrim(info.Name, 40))
		name.Truncation = fyne.TextTruncateEllipsis
		if info.ID == w.deps.Workspace.ID {
			name.TextStyle.Bold = true
		}
		background := widget.NewCheck(w.tr.T("workspace.background"), nil)
		background.SetChecked(info.Background)
		background.OnChanged = func(on bool) {
			ws := w.deps.Workspaces
			w.bg.Go(func() {
				_, err := ws.SetBackground(context.Background(), info.ID, on)
				w.do(func() {
					if err != nil {
						w.showError(err)
					}
				})
			})
		}
		open := widget.NewButton(w.tr.T("workspace.open"), func() {
			d.Hide()
			w.SwitchWorkspace(info.ID, "")
		})
		rename := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
			d.Hide()
			w.renameWorkspace(info)
		})
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			d.Hide()
			w.removeWorkspace(info)
		})
		if info.Default || info.ID == w.deps.Workspace.ID {
			remove.Disable()
		}
		if info.ID == w.deps.Workspace.ID {
			open.Disable()
		}
		rows.Add(container.NewBorder(nil, nil, container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(14), mark)),
			container.NewHBox(background, open, rename, remove), name))
	}
	add := widget.NewButtonWithIcon(w.tr.T("workspace.new"), theme.ContentAddIcon(), func() {
		d.Hide()
		w.newWorkspace()
	})
	content := container.NewBorder(nil, container.NewHBox(add), nil, nil, container.NewVScroll(rows))
	d = dialog.NewCustom(w.tr.T("workspace.manage.title"), w.tr.T("action.close"), content, w.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// renameWorkspace asks for a workspace's new name.
func (w *Window) renameWorkspace(info workspace.Workspace) {
	name := widget.NewEntry()
	name.SetText(info.Name)
	items := []*widget.FormItem{widget.NewFormItem(w.tr.T("workspace.name"), name)}
	dialog.ShowForm(w.tr.T("workspace.rename.title"), w.tr.T("workspace.rename"), w.tr.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		ws := w.deps.Workspaces
		text := name.Text
		w.bg.Go(func() {
			renamed, err := ws.Rename(context.Background(), info.ID, text)
			w.do(func() {
				if err != nil {
					w.showError(err)
					return
				}
				if renamed.ID == w.deps.Workspace.ID {
					w.deps.Workspace = renamed
					w.build(w.tr)
				}
			})
		})
	}, w.win)
}

// removeWorkspace names what removing a workspace deletes, and deletes it
// once the user confirms.
func (w *Window) removeWorkspace(info workspace.Workspace) {
	ws := w.deps.Workspaces
	w.bg.Go(func() {
		removal, err := ws.Removal(context.Background(), info.ID)
		w.do(func() {
			if err != nil {
				w.showError(err)
				return
			}
			var lines []string
			lines = append(lines, w.tr.T("workspace.remove.body", "name", info.Name, "dir", info.Dir))
			lines = append(lines, "• "+w.tr.N("cli.workspace.posts", removal.Posts))
			lines = append(lines, "• "+w.tr.N("cli.workspace.accounts", len(removal.Accounts)))
			for _, a := range removal.Accounts {
				lines = append(lines, "    "+oneLineTrim(a, 60))
			}
			text := widget.NewLabel(strings.Join(lines, "\n"))
			text.Wrapping = fyne.TextWrapWord
			confirm := dialog.NewCustomConfirm(w.tr.T("workspace.remove.title", "name", oneLineTrim(info.Name, 40)),
				w.tr.T("workspace.remove"), w.tr.T("action.cancel"), text, func(ok bool) {
					if !ok {
						return
					}
					w.bg.Go(func() {
						err := ws.Remove(context.Background(), info.ID)
						w.do(func() {
							if err != nil {
								w.showError(err)
							}
						})
					})
				}, w.win)
			confirm.Resize(fyne.NewSize(480, 300))
			confirm.Show()
		})
	})
}

// workspaceColour reads "#rrggbb", else the theme's primary colour.
func workspaceColour(hex string) color.Color {
	if len(hex) == 7 && hex[0] == '#' {
		if v, err := strconv.ParseUint(hex[1:], 16, 32); err == nil {
			return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
		}
	}
	return theme.Color(theme.ColorNamePrimary)
}

// oneLineTrim is a name on one line, cut to at most n characters.
func oneLineTrim(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
