// Package ui is Relais's window, in Fyne: the sidebar and its screens. It
// renders what the app services return and holds no business rule. Slow
// work runs off the UI goroutine and comes back through fyne.Do.
package ui

import (
	"context"
	"net/url"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/i18n"
	monitorui "github.com/relais-app/relais/ui/monitor"
)

// Deps is what the window needs from the rest of Relais.
type Deps struct {
	Drafts   *app.Drafts
	Calendar *app.Calendar
	Media    app.MediaStore
	Settings app.Settings
	// MediaStorage is the bucket the user owns where images for
	// Instagram and Threads are staged (the Settings screen sets it);
	// nil hides its section.
	MediaStorage *app.MediaStorage
	Clock        app.Clock
	DataDir      string
	// Lang is the language to speak at start: --lang, else Settings, else
	// the operating system's (i18n.Resolve).
	Lang app.Language
	// SystemLang is the language of the operating system's locale.
	SystemLang app.Language
	// SavedLang is the language saved in Settings.
	SavedLang app.Language
	// SaveDelay is how long after the last keystroke a draft is saved.
	// Zero means DefaultSaveDelay.
	SaveDelay time.Duration
	// UndoFor is how long "Undo" stays offered after a delete. Zero means
	// DefaultUndoFor.
	UndoFor time.Duration
	// Accounts connects and lists the accounts; nil shows the Accounts
	// screen as coming, and Compose offers network kinds only.
	Accounts *app.Accounts
	// Publishing sends posts; nil leaves out "Publish now" and the
	// outbox.
	Publishing *app.Publishing
	// Notices is the notifier given to Publishing before the window
	// existed; the window speaks through it once built. Nil makes one
	// (see Window.Notifier).
	Notices *Notices
	// OpenURL shows a page in the system browser. Nil uses the Fyne
	// app's OpenURL.
	OpenURL func(page string) error
	// Inbox is the inbox of every account; nil shows the Inbox screen as
	// coming and leaves the inbox out of the tray. The window loads it
	// but does not run it: main runs Inbox.Run.
	Inbox *app.Inbox
	// Monitor is the veille (*monitor.Service); nil shows the
	// Monitoring screen as coming. The window does not run it: main runs
	// Service.Run.
	Monitor monitorui.Service
	// Impostors are the veille's suspect accounts (*impostor.Guard); nil
	// leaves their tab out of Monitoring.
	Impostors monitorui.Impostors
	// Competitors follows competitors' accounts (*monitor.Competitors);
	// nil leaves the form to follow one out of Analytics.
	Competitors CompetitorFollower
	// Proofreader checks what is typed in Compose and in the inbox's reply
	// box; nil checks nothing.
	Proofreader app.Proofreader
	// Analytics collects the figures and makes the reports; nil shows the
	// Analytics screen as coming. The window does not run it: main runs
	// Analytics.Run.
	Analytics *app.Analytics
	// Charts draws the charts; nil draws with chart.New.
	Charts chart.Renderer
	// LastBackup says when the workspace's latest backup was made (false
	// when there is none), and BackupsDir is their folder; with no
	// LastBackup, Settings shows no backup line.
	LastBackup func() (time.Time, bool)
	BackupsDir string
	// Unreadable says how many drafts the store could not read, and how
	// many of them it set aside (storage.DB.Unreadable); nil says nothing.
	Unreadable func() (skipped, setAside int)
	// Notify shows a desktop notification, already worded; urgent is
	// true for a risk. Nil uses the Fyne app's SendNotification. It is
	// called off the UI goroutine, and may block a while.
	Notify func(title, body string, urgent bool) error
	// Workspace is the workspace shown: the client's name and colour at
	// the top of the sidebar.
	Workspace workspace.Workspace
	// Workspaces lists, opens and switches the workspaces; nil shows no
	// switcher.
	Workspaces Workspaces
	// Info is Relais's name, version and build (FyneApp.toml), for the
	// About box and Settings.
	Info appinfo.Info
	// Autostart starts Relais at login (Settings); nil leaves the choice
	// out.
	Autostart Autostart
	// Do runs the window's work that comes from other goroutines on the
	// UI goroutine; nil is fyne.Do. A test on Fyne's test driver, whose
	// fyne.Do runs at once on the calling goroutine, gives a queue it
	// drains.
	Do func(func())
}

// Autostart has the system start Relais in the background when the user
// logs in (ui/autostart.Program). Its methods touch files or the
// registry: the window calls them off the UI goroutine.
type Autostart interface {
	Enable() error
	Disable() error
	Enabled() (bool, error)
}

// DefaultSaveDelay is how long after the last keystroke a draft is saved.
const DefaultSaveDelay = 700 * time.Millisecond

// DefaultUndoFor is how long "Undo" stays offered after a delete.
const DefaultUndoFor = 10 * time.Second

// screen is one entry of the sidebar.
type screen struct {
	name string               // as --view names it
	icon func() fyne.Resource // theme icons are looked up once an app runs
}

var screens = []screen{
	{"calendar", theme.CalendarIcon},
	{"compose", theme.DocumentCreateIcon},
	{"inbox", theme.MailComposeIcon},
	{"monitoring", theme.SearchIcon},
	{"contacts", theme.AccountIcon},
	{"analytics", theme.GridIcon},
	{"accounts", theme.LoginIcon},
	{"settings", theme.SettingsIcon},
}

// Window is Relais's main window.
type Window struct {
	app   fyne.App
	win   fyne.Window
	deps  Deps
	tr    *i18n.Translator
	bg    *background
	write *writer

	nav       *widget.List
	body      *fyne.Container
	view      string
	compose   *composeScreen
	calendar  *calendarScreen
	accounts  *accountsScreen   // nil without Deps.Accounts
	inbox     *inboxScreen      // nil without Deps.Inbox
	settings  *settingsScreen   // the last Settings screen shown
	analytics *analyticsScreen  // nil without Deps.Analytics
	monitor   *monitorui.Screen // nil without Deps.Monitor
	rules     *rulesEditor      // the rules editor last opened
	replies   *repliesEditor    // the saved replies editor last opened
	about     *aboutBox         // the About box last opened

	// accountList is every account as last read, for the screens that
	// name accounts (Compose's targets, the outbox); accountsRead counts
	// reads so that an older one never overwrites a newer one.
	accountList  []app.Account
	accountsRead int
	notices      *Notices
	tray         desktop.App // nil when the app has no system tray
	progress     *progressDialog
	saveDir      string // the folder of the last file exported
	unsubscribe  []func()
	// switcher is the workspace's name and colour at the top of the
	// sidebar; elsewhere counts the items that wait for a reply in the
	// workspaces running in the background, for the tray.
	switcher          *widget.Button
	elsewhere         []waiting
	othersUnsubscribe []func()

	// What the window keeps of the settings, read at start and changed
	// through the window, so that closing it or drawing the tray's menu
	// never waits on the disk.
	closeToTray bool // closing hides the window in the tray (the default)
	checkLinks  bool // the proofreader tries links online (Settings)
	trayTold    bool // the user was told once, ever, that it does
	inboxPaused bool // notifications of the inbox are paused
	// needsReply is how many inbox items wait for a reply, as last
	// counted: the sidebar and the tray show it.
	needsReply  int
	inboxCounts throttle
	// hidden is true while the window is hidden in the tray; background
	// while another application has the focus. The inbox is watched
	// only while its screen shows in a window the user looks at.
	hidden     bool
	background bool
	watching   bool

	// do runs a function on the UI goroutine: fyne.Do, except in tests,
	// where Fyne's test driver would run it at once on the calling
	// goroutine.
	do       func(func())
	shutOnce sync.Once
	shut     bool // shutdown ran: the window is gone, its writer closed
}

// New builds the main window, on the compose screen.
func New(a fyne.App, deps Deps) *Window {
	if deps.Do != nil {
		return newWindow(a, deps, deps.Do)
	}
	return newWindow(a, deps, fyne.Do)
}

func newWindow(a fyne.App, deps Deps, do func(func())) *Window {
	if deps.SaveDelay <= 0 {
		deps.SaveDelay = DefaultSaveDelay
	}
	if deps.UndoFor <= 0 {
		deps.UndoFor = DefaultUndoFor
	}
	if deps.Clock == nil {
		deps.Clock = app.SystemClock{}
	}
	if deps.OpenURL == nil {
		deps.OpenURL = func(page string) error {
			u, err := url.Parse(page)
			if err != nil {
				return err
			}
			return a.OpenURL(u)
		}
	}
	a.Settings().SetTheme(newTheme())
	w := &Window{
		app:   a,
		win:   a.NewWindow("Relais"),
		deps:  deps,
		bg:    &background{},
		write: newWriter(),
		view:  "compose",
		do:    do,

		closeToTray: true,
		inboxCounts: throttle{delay: inboxRefreshDelay},
	}
	w.win.Resize(fyne.NewSize(1100, 720))
	w.win.SetMaster()
	w.build(i18n.New(deps.Lang))
	w.win.SetOnClosed(w.shutdown)
	w.attachWorkspace()
	w.setupTray()
	w.loadWindowSettings()
	lifecycle := a.Lifecycle()
	dropStoppedHook(lifecycle)
	lifecycle.SetOnEnteredForeground(func() {
		w.background, w.hidden = false, false
		w.updateWatching()
	})
	lifecycle.SetOnExitedForeground(func() {
		w.compose.saver.Flush() // the user went to another window: what is typed is saved now
		w.background = true
		w.updateWatching()
	})
	return w
}

// dropStoppedHook takes away the hook Fyne runs once its loop has
// stopped. Fyne 2.8.1 queues that hook as the loop ends and then may wait
// for ever for the ended loop to run it: the window gone, the process
// left running (seen under load on SIGTERM). The hook only saves Fyne's
// preferences, which Relais does not use (its settings are in its data
// file), and with no hook nothing is queued.
func dropStoppedHook(l fyne.Lifecycle) {
	if hooks, ok := l.(interface{ SetOnStoppedHookExecuted(func()) }); ok {
		hooks.SetOnStoppedHookExecuted(nil)
	}
}

// attachWorkspace has the window follow the services of the workspace it
// shows: accounts, the outbox, the notices and the inbox, and the inboxes
// of the workspaces that run in the background.
func (w *Window) attachWorkspace() {
	deps := w.deps
	if deps.Accounts != nil {
		w.unsubscribe = append(w.unsubscribe, deps.Accounts.Subscribe(func() { w.do(w.loadAccounts) }))
		w.loadAccounts()
	}
	if deps.Publishing != nil {
		w.unsubscribe = append(w.unsubscribe, deps.Publishing.Subscribe(func() { w.do(func() { w.compose.reloadOutbox() }) }))
	}
	w.notices = deps.Notices
	if w.notices == nil {
		w.notices = NewNotices()
	}
	w.notices.attach(w)
	if deps.Inbox != nil {
		// Changes come from any goroutine (syncs, streams, the writer);
		// they are counted again once per burst, on the UI goroutine.
		w.unsubscribe = append(w.unsubscribe, deps.Inbox.Subscribe(func() { w.do(w.inboxChanged) }))
		w.bg.Go(func() {
			if err := deps.Inbox.Load(context.Background()); err != nil {
				fyne.LogError("reading the inbox", err)
			}
			w.do(w.inboxChanged)
		})
	}
	w.followOthers()
}

// Window is the Fyne window, for main to show and run.
func (w *Window) Window() fyne.Window { return w.win }

// Translator is the language the window speaks now.
func (w *Window) Translator() *i18n.Translator { return w.tr }

// build makes every screen in the language of tr. It runs again when the
// user picks another language, keeping the screen and the open draft.
func (w *Window) build(tr *i18n.Translator) {
	var openDraft app.ID
	if w.compose != nil {
		openDraft = w.compose.close()
	}
	if w.calendar != nil {
		w.calendar.close()
	}
	w.tr = tr
	w.compose = newComposeScreen(w, openDraft)
	w.calendar = newCalendarScreen(w)
	w.accounts = nil
	if w.deps.Accounts != nil {
		w.accounts = newAccountsScreen(w)
	}
	var inboxState *inboxScreen
	if w.inbox != nil {
		inboxState = w.inbox
		w.inbox.close()
	}
	w.inbox = nil
	if w.deps.Inbox != nil {
		w.inbox = newInboxScreen(w, inboxState)
	}
	w.analytics = nil
	if w.deps.Analytics != nil {
		w.analytics = newAnalyticsScreen(w)
	}
	if w.monitor != nil {
		w.monitor.Close()
	}
	w.monitor = nil
	if w.deps.Monitor != nil {
		w.monitor = w.newMonitorScreen()
	}
	w.body = container.NewStack()
	w.nav = w.newSidebar()
	split := container.NewHSplit(container.NewBorder(w.sidebarHeader(), nil, nil, nil, w.nav), w.body)
	split.Offset = 0.16
	w.win.SetContent(split)
	if menu := w.mainMenu(); menu != nil {
		w.win.SetMainMenu(menu)
	}
	w.addShortcuts()
	w.refreshTray()
	w.ShowView(w.view)
}

// shortcut is a key combination of the window and what it does.
type shortcut struct {
	key fyne.KeyName
	run func()
}

// shortcuts are the window's key combinations, with Ctrl (Cmd on macOS):
// N for a new draft, F to search the drafts, W to close the window, Q to
// quit.
func (w *Window) shortcuts() []shortcut {
	return []shortcut{
		{fyne.KeyN, func() {
			w.ShowView("compose")
			w.compose.newDraft()
		}},
		{fyne.KeyF, func() {
			w.ShowView("compose")
			w.win.Canvas().Focus(w.compose.search)
		}},
		// W closes the window as its close button does (to the tray
		// when there is one, so publishing goes on); Q quits.
		{fyne.KeyW, w.closeWindow},
		{fyne.KeyQ, w.Quit},
	}
}

func (w *Window) addShortcuts() {
	// Keys no focused widget takes: the calendar's month navigation, and
	// the inbox's single letters (its list passes them on too when it
	// has the focus; an entry keeps them, as it should).
	w.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch {
		case w.view == "calendar":
			w.calendar.typedKey(ev)
		case w.view == "inbox" && w.inbox != nil:
			w.inbox.typedKey(ev)
		}
	})
	w.win.Canvas().SetOnTypedRune(func(r rune) {
		if w.view == "inbox" && w.inbox != nil {
			w.inbox.typedRune(r)
		}
	})
	for _, s := range w.shortcuts() {
		run := s.run
		w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: s.key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { run() })
	}
}

// sidebarHeader is the app's name and icon above the screens, the About
// button, and the workspace switcher.
func (w *Window) sidebarHeader() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("Relais", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	var logo fyne.CanvasObject = layout.NewSpacer()
	if icon := fyne.CurrentApp().Icon(); icon != nil {
		img := canvas.NewImageFromResource(icon)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(28))
		logo = img
	}
	about := widget.NewButtonWithIcon("", theme.InfoIcon(), w.showAbout)
	about.Importance = widget.LowImportance
	header := container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(logo, name), about))
	if w.deps.Workspaces != nil {
		header.Add(w.workspaceSwitcher())
	}
	header.Add(widget.NewSeparator())
	return header
}

func (w *Window) newSidebar() *widget.List {
	nav := widget.NewList(
		func() int { return len(screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.DocumentIcon()), widget.NewLabel("Monitoring…"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(screens[id].icon())
			row.Objects[1].(*widget.Label).SetText(w.navLabel(screens[id].name))
		},
	)
	nav.OnSelected = func(id widget.ListItemID) { w.ShowView(screens[id].name) }
	return nav
}

// ShowView shows the named screen (as --view names them); an unknown name
// shows Compose.
func (w *Window) ShowView(name string) {
	index := -1
	for i, s := range screens {
		if s.name == name {
			index = i
		}
	}
	if index < 0 {
		name, index = "compose", 1
	}
	w.view = name
	var content fyne.CanvasObject
	switch name {
	case "compose":
		content = w.compose.content
	case "calendar":
		content = w.calendar.content
	case "settings":
		w.settings = newSettingsScreen(w)
		content = w.settings.content
	case "accounts":
		if w.accounts != nil {
			content = w.accounts.content
		} else {
			content = newComingScreen(w, name)
		}
	case "inbox":
		if w.inbox != nil {
			content = w.inbox.content
		} else {
			content = newComingScreen(w, name)
		}
	case "analytics":
		if w.analytics != nil {
			content = w.analytics.content
		} else {
			content = newComingScreen(w, name)
		}
	case "monitoring":
		if w.monitor != nil {
			content = w.monitor.Content()
		} else {
			content = newComingScreen(w, name)
		}
	default:
		content = newComingScreen(w, name)
	}
	w.body.Objects = []fyne.CanvasObject{content}
	w.body.Refresh()
	w.nav.Select(index)
	if name == "compose" {
		w.compose.focus()
	}
	if name == "inbox" && w.inbox != nil {
		w.inbox.shown()
	}
	if name == "analytics" && w.analytics != nil {
		w.analytics.shown()
	}
	if name == "monitoring" && w.monitor != nil {
		w.monitor.Shown()
	}
	w.updateWatching()
}

// View is the name of the screen shown.
func (w *Window) View() string { return w.view }

// Present brings the window to the front on the named screen ("" keeps the
// current one); a second Relais asks for it.
func (w *Window) Present(view string) {
	if view != "" {
		w.ShowView(view)
	}
	w.win.Show()
	w.win.RequestFocus()
	w.hidden = false
	w.updateWatching()
}

// Run shows the window and runs Relais until it quits. In the background
// (relais --background, as at login) the window stays hidden: Relais
// runs in the system tray, publishing and reading the inbox, until the
// tray's Open Relais, or a second relais, presents it.
func (w *Window) Run(background bool) {
	if !background {
		w.win.ShowAndRun()
		return
	}
	w.hidden = true
	w.updateWatching()
	w.app.Run()
}

// setLanguage saves the user's choice and speaks it at once.
func (w *Window) setLanguage(l app.Language) {
	w.bg.Go(func() {
		err := w.deps.Settings.SetLanguage(context.Background(), l)
		w.do(func() {
			if err != nil {
				w.showError(err)
				return
			}
			w.deps.SavedLang = l
			shown := l
			if shown == app.LanguageAuto {
				shown = w.deps.SystemLang
			}
			UseLanguageInFyne(shown)
			w.build(i18n.New(shown))
		})
	})
}

func (w *Window) showError(err error) {
	showMessage(w.win, w.tr, w.tr.T("error.title"), w.tr.Error(err))
}

// loadAccounts reads the accounts again and shows them wherever they are
// named.
func (w *Window) loadAccounts() {
	if w.deps.Accounts == nil {
		return
	}
	w.accountsRead++
	read := w.accountsRead
	w.bg.Go(func() {
		list, err := w.deps.Accounts.List(context.Background())
		w.do(func() {
			if read != w.accountsRead {
				return // a newer read is under way
			}
			if err != nil {
				if w.accounts != nil {
					w.accounts.setStatus(w.tr.Error(err), true)
				}
				return
			}
			w.accountList = list
			if w.accounts != nil {
				w.accounts.show()
			}
			w.compose.accountsChanged()
			if w.analytics != nil {
				w.analytics.setAccounts(list)
			}
		})
	})
}

// account is an account as last read, if it is still there.
func (w *Window) account(id app.ID) (app.Account, bool) {
	for _, a := range w.accountList {
		if a.ID == id {
			return a, true
		}
	}
	return app.Account{}, false
}

// limits are the limits a post to t is held to: its account's, as its
// server announced them, else its network's (app.LimitsFor).
func (w *Window) limits(t app.Target) app.Limits { return app.LimitsFor(w.accountList, t) }

// targetName is how screens name a target: its account's name, or the
// network's for a network kind alone.
func (w *Window) targetName(t app.Target) string {
	if t.Account.IsZero() {
		return networkName(w.tr, t.Network)
	}
	if a, ok := w.account(t.Account); ok {
		return a.Name()
	}
	return w.tr.T("target.gone", "network", networkName(w.tr, t.Network))
}

// openURL shows a page in the browser, saying so when it cannot.
func (w *Window) openURL(page string) {
	if err := w.deps.OpenURL(page); err != nil {
		w.showError(err)
	}
}

// Flush saves whatever is being typed and waits until it is on disk.
func (w *Window) Flush() {
	w.compose.saver.Flush()
	w.write.Wait()
}

// shutdown runs when the window closes: nothing typed is lost.
func (w *Window) shutdown() {
	w.shutOnce.Do(func() {
		w.shut = true
		for _, stop := range append(w.unsubscribe, w.othersUnsubscribe...) {
			stop()
		}
		if w.inbox != nil {
			w.inbox.close()
		}
		if w.monitor != nil {
			w.monitor.Close()
		}
		if w.deps.Inbox != nil && w.watching {
			w.deps.Inbox.SetWatching(false)
		}
		w.calendar.close()
		w.compose.close()
		w.write.Close()
		w.bg.Wait()
	})
}

// newMonitorScreen makes the Monitoring screen over Deps.Monitor.
func (w *Window) newMonitorScreen() *monitorui.Screen {
	d := monitorui.Deps{
		Service:   w.deps.Monitor,
		Tr:        w.tr,
		Clock:     w.deps.Clock,
		Window:    w.win,
		Do:        w.do,
		Go:        w.bg.Go,
		OpenURL:   w.deps.OpenURL,
		Clipboard: w.app.Clipboard(),
		Accounts:  func() []app.Account { return w.accountList },
		Shown:     func() bool { return w.view == "monitoring" },
		ShowError: w.showError,
		Impostors: w.deps.Impostors,
	}
	if w.deps.Inbox != nil {
		d.ToInbox = func(ctx context.Context, it monitor.Item) (app.InboxItem, error) {
			return monitor.ToInbox(ctx, w.deps.Inbox, it)
		}
		d.Reply = func(ctx context.Context, it monitor.Item, text string) error {
			return monitor.Reply(ctx, w.deps.Inbox, it, text)
		}
	}
	return monitorui.New(d)
}
