package ui

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/autostart"
)

// settingsScreen shows the settings: the language, what to do with posts
// that could not go out on time, and where the data lives.
type settingsScreen struct {
	w       *Window
	content fyne.CanvasObject

	lang *widget.Select

	// The late posts policy.
	late       *widget.Select
	lateModes  []app.LateMode // in late's order
	lateHours  *widget.Entry
	hoursRow   *fyne.Container
	lateStatus *widget.Label
	filling    bool

	// The inbox and the window.
	syncEvery    *widget.Entry
	quiet        *widget.Entry
	inboxStatus  *widget.Label
	paused       *widget.Check
	closeToTray  *widget.Check
	inboxFilling bool

	// Proofreading: the personal dictionary, one word a line, and
	// whether links are tried online.
	personal      *widget.Entry
	personalSave  *widget.Button
	personalState *widget.Label
	checkLinks    *widget.Check
	// English as US or UK: the spelling English texts are checked with.
	english *widget.Select

	// Starting Relais at login.
	login        *widget.Check
	loginStatus  *widget.Label
	loginFilling bool
	// The latest backup of the workspace.
	lastBackup  *widget.Label
	openBackups *widget.Button
	// The media storage for Instagram and Threads; nil without one.
	storage *storageSection
}

func newSettingsScreen(w *Window) *settingsScreen {
	tr := w.tr
	s := &settingsScreen{w: w}
	choices := []app.Language{app.LanguageAuto, app.LanguageEnglish, app.LanguageFrench}
	labels := make([]string, len(choices))
	for i, l := range choices {
		if l == app.LanguageAuto {
			labels[i] = tr.T("settings.language.auto", "lang", tr.T("settings.language."+string(w.deps.SystemLang)))
		} else {
			labels[i] = tr.T("settings.language." + string(l))
		}
	}
	s.lang = widget.NewSelect(labels, nil)
	for i, l := range choices {
		if l == w.deps.SavedLang {
			s.lang.SetSelectedIndex(i)
		}
	}
	s.lang.OnChanged = func(string) {
		if l := choices[s.lang.SelectedIndex()]; l != w.deps.SavedLang {
			w.setLanguage(l)
		}
	}

	dataDir := widget.NewLabel(w.deps.DataDir)
	dataDir.Wrapping = fyne.TextWrapBreak
	dataDir.TextStyle = fyne.TextStyle{Monospace: true}

	heading := widget.NewLabelWithStyle(tr.T("nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	form := widget.NewForm(
		widget.NewFormItem(tr.T("settings.language"), s.lang),
		widget.NewFormItem(tr.T("settings.late"), s.buildLate()),
	)
	for _, item := range s.buildInbox() {
		form.AppendItem(item)
	}
	if w.deps.Proofreader != nil {
		for _, item := range s.buildProof() {
			form.AppendItem(item)
		}
	}
	if w.deps.Autostart != nil {
		form.AppendItem(s.buildLogin())
	}
	if w.deps.MediaStorage != nil {
		form.AppendItem(s.buildStorage())
	}
	form.AppendItem(widget.NewFormItem(tr.T("settings.data_dir"), dataDir))
	about := widget.NewButtonWithIcon(tr.T("about.open"), theme.InfoIcon(), w.showAbout)
	form.AppendItem(widget.NewFormItem(tr.T("settings.version"),
		container.NewHBox(widget.NewLabel(w.deps.Info.String()), about)))
	if w.deps.LastBackup != nil {
		form.AppendItem(widget.NewFormItem(tr.T("settings.backups"), s.buildBackups()))
	}
	s.content = container.NewPadded(container.NewBorder(heading, nil, nil, nil, container.NewVScroll(form)))
	s.loadLate()
	s.loadInbox()
	if w.deps.Proofreader != nil {
		s.loadProof()
	}
	if w.deps.Autostart != nil {
		s.loadLogin()
	}
	if s.storage != nil {
		s.storage.load()
	}
	return s
}

// buildLogin makes the choice to start Relais when the user logs in: in
// the tray, so that posts go out and the inbox syncs. It shows what the
// system says, once read.
func (s *settingsScreen) buildLogin() *widget.FormItem {
	tr := s.w.tr
	s.login = widget.NewCheck(tr.T("settings.login.start"), func(on bool) {
		if !s.loginFilling {
			s.setLogin(on)
		}
	})
	s.login.Disable() // until the system's state is read
	hint := widget.NewLabel(tr.T("settings.login.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	s.loginStatus = widget.NewLabel("")
	s.loginStatus.Wrapping = fyne.TextWrapWord
	s.loginStatus.Importance = widget.DangerImportance
	s.loginStatus.Hide()
	return widget.NewFormItem(tr.T("settings.login"), container.NewVBox(s.login, hint, s.loginStatus))
}

// loadLogin reads whether Relais starts at login, off the UI goroutine.
func (s *settingsScreen) loadLogin() {
	auto := s.w.deps.Autostart
	s.w.bg.Go(func() {
		on, err := auto.Enabled()
		s.w.do(func() { s.showLogin(on, err) })
	})
}

// setLogin turns starting at login on or off, then shows what the system
// says: the box stays as it really is when that failed.
func (s *settingsScreen) setLogin(on bool) {
	auto := s.w.deps.Autostart
	s.login.Disable()
	s.w.bg.Go(func() {
		var err error
		if on {
			err = auto.Enable()
		} else {
			err = auto.Disable()
		}
		now, readErr := auto.Enabled()
		if err == nil {
			err = readErr
		}
		s.w.do(func() { s.showLogin(now, err) })
	})
}

// showLogin shows whether Relais starts at login, and why a change
// failed.
func (s *settingsScreen) showLogin(on bool, err error) {
	s.loginFilling = true
	s.login.SetChecked(on)
	s.loginFilling = false
	s.login.Enable()
	if err == nil {
		s.loginStatus.Hide()
		return
	}
	tr := s.w.tr
	if errors.Is(err, autostart.ErrNotOurs) {
		s.loginStatus.SetText(tr.T("settings.login.not_ours", "detail", err.Error()))
	} else {
		s.loginStatus.SetText(tr.T("settings.login.failed", "detail", err.Error()))
	}
	s.loginStatus.Show()
}

// buildProof makes the proofreading settings: the personal dictionary
// (brand names, products, people: words no check flags), the online
// check of links and English as US or UK.
func (s *settingsScreen) buildProof() []*widget.FormItem {
	tr := s.w.tr
	s.personal = widget.NewMultiLineEntry()
	s.personal.SetPlaceHolder(tr.T("settings.proof.personal.placeholder"))
	s.personal.SetMinRowsVisible(4)
	s.personal.Wrapping = fyne.TextWrapOff
	s.personal.OnChanged = func(string) { s.personalSave.Enable() }
	s.personalSave = widget.NewButtonWithIcon(tr.T("settings.proof.personal.save"), theme.DocumentSaveIcon(), s.savePersonal)
	s.personalSave.Disable()
	s.personalState = widget.NewLabel(tr.T("settings.proof.personal.hint"))
	s.personalState.Wrapping = fyne.TextWrapWord
	s.personalState.Importance = widget.LowImportance
	s.checkLinks = widget.NewCheck(tr.T("settings.proof.links"), func(on bool) {
		if s.filling {
			return
		}
		settings := s.w.deps.Settings
		s.w.checkLinks = on
		s.w.write.Do(func(ctx context.Context) {
			if err := settings.SetCheckLinks(ctx, on); err != nil {
				s.w.do(func() { s.w.showError(err) })
			}
		})
	})
	variants := app.EnglishVariants()
	labels := make([]string, len(variants))
	for i, v := range variants {
		labels[i] = tr.T("settings.proof.english." + string(v))
	}
	s.english = widget.NewSelect(labels, func(string) {
		i := s.english.SelectedIndex()
		if s.filling || i < 0 {
			return
		}
		s.setEnglishVariant(variants[i])
	})
	return []*widget.FormItem{
		widget.NewFormItem(tr.T("settings.proof.personal"), container.NewVBox(s.personal,
			container.NewBorder(nil, nil, nil, s.personalSave, s.personalState))),
		widget.NewFormItem(tr.T("settings.proof.links.label"), s.checkLinks),
		widget.NewFormItem(tr.T("settings.proof.english"), s.english),
	}
}

// setEnglishVariant stores the English variant and gives it to the
// proofreader (which reads the British dictionary the first time it is
// needed, off the window's goroutine).
func (s *settingsScreen) setEnglishVariant(v app.EnglishVariant) {
	settings := s.w.deps.Settings
	reader, _ := s.w.deps.Proofreader.(app.VariantProofreader)
	s.w.write.Do(func(ctx context.Context) {
		if err := settings.SetEnglishVariant(ctx, v); err != nil {
			s.w.do(func() { s.w.showError(err) })
			return
		}
		if reader != nil {
			reader.SetEnglishVariant(v)
		}
	})
}

// loadProof reads the personal dictionary, the links setting and the
// English variant, off the UI goroutine.
func (s *settingsScreen) loadProof() {
	settings := s.w.deps.Settings
	s.w.bg.Go(func() {
		ctx := context.Background()
		words, err := settings.PersonalWords(ctx)
		links := settings.CheckLinks(ctx)
		variant := settings.EnglishVariant(ctx)
		s.w.do(func() {
			s.filling = true
			defer func() { s.filling = false }()
			s.checkLinks.SetChecked(links)
			s.english.SetSelectedIndex(slices.Index(app.EnglishVariants(), variant))
			if err != nil {
				s.personalState.SetText(s.w.tr.Error(err))
				s.personalState.Importance = widget.DangerImportance
				s.personalState.Refresh()
				return
			}
			s.personal.SetText(strings.Join(words, "\n"))
			s.personalSave.Disable()
		})
	})
}

// savePersonal stores the personal dictionary as typed, one word or name
// a line, and gives it to the proofreader.
func (s *settingsScreen) savePersonal() {
	settings, reader, tr := s.w.deps.Settings, s.w.deps.Proofreader, s.w.tr
	typed := strings.Split(s.personal.Text, "\n")
	s.personalSave.Disable()
	s.w.write.Do(func(ctx context.Context) {
		words, err := settings.SetPersonalWords(ctx, typed)
		if err == nil {
			reader.SetPersonal(words)
		}
		s.w.do(func() {
			if err != nil {
				s.personalState.SetText(tr.Error(err))
				s.personalState.Importance = widget.DangerImportance
				s.personalSave.Enable()
			} else {
				s.personalState.SetText(tr.N("settings.proof.personal.saved", len(words)))
				s.personalState.Importance = widget.SuccessImportance
			}
			s.personalState.Refresh()
		})
	})
}

// buildLate makes the choice for late posts: publish them, ask, or skip
// those more than a number of hours late.
func (s *settingsScreen) buildLate() fyne.CanvasObject {
	tr := s.w.tr
	s.lateModes = []app.LateMode{app.LatePublish, app.LateAsk, app.LateSkip}
	var labels []string
	for _, m := range s.lateModes {
		labels = append(labels, tr.T("settings.late."+string(m)))
	}
	s.late = widget.NewSelect(labels, func(string) { s.lateChanged() })
	s.lateHours = widget.NewEntry()
	s.lateHours.OnChanged = func(string) { s.lateChanged() }
	s.lateHours.Validator = func(text string) error {
		if _, ok := parseHours(text); !ok {
			return app.ErrBadLatePolicy
		}
		return nil
	}
	s.hoursRow = container.NewHBox(widget.NewLabel(tr.T("settings.late.after")),
		container.NewGridWrap(fyne.NewSize(80, s.lateHours.MinSize().Height), s.lateHours),
		widget.NewLabel(tr.T("settings.late.hours")))
	s.hoursRow.Hide()
	s.lateStatus = widget.NewLabel("")
	s.lateStatus.Importance = widget.LowImportance
	s.lateStatus.Wrapping = fyne.TextWrapWord
	s.lateStatus.Hide()
	s.late.Disable()
	s.lateHours.Disable()
	explain := widget.NewLabel(tr.T("settings.late.hint"))
	explain.Wrapping = fyne.TextWrapWord
	explain.Importance = widget.LowImportance
	return container.NewVBox(s.late, s.hoursRow, explain, s.lateStatus)
}

// parseHours reads a number of hours, more than zero ("6", "1,5").
func parseHours(text string) (time.Duration, bool) {
	h, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(text), ",", "."), 64)
	if err != nil || h <= 0 || h > 24*30 {
		return 0, false
	}
	return time.Duration(h * float64(time.Hour)), true
}

// loadLate reads the policy off the UI goroutine and shows it.
func (s *settingsScreen) loadLate() {
	w := s.w
	w.bg.Go(func() {
		p, err := w.deps.Settings.LatePolicy(context.Background())
		w.do(func() {
			if err != nil {
				s.lateStatus.SetText(w.tr.Error(err))
				s.lateStatus.Importance = widget.DangerImportance
				s.lateStatus.Show()
				s.lateStatus.Refresh()
				return
			}
			s.filling = true
			for i, m := range s.lateModes {
				if m == p.Mode {
					s.late.SetSelectedIndex(i)
				}
			}
			after := p.After
			if after <= 0 {
				after = app.DefaultLatePolicy.After
			}
			s.lateHours.SetText(strconv.FormatFloat(after.Hours(), 'f', -1, 64))
			s.showHours()
			s.late.Enable()
			s.lateHours.Enable()
			s.filling = false
		})
	})
}

func (s *settingsScreen) showHours() {
	if i := s.late.SelectedIndex(); i >= 0 && s.lateModes[i] == app.LateSkip {
		s.hoursRow.Show()
	} else {
		s.hoursRow.Hide()
	}
}

// lateChanged saves the policy shown, in order with the other writes.
func (s *settingsScreen) lateChanged() {
	s.showHours()
	if s.filling {
		return
	}
	i := s.late.SelectedIndex()
	if i < 0 {
		return
	}
	p := app.LatePolicy{Mode: s.lateModes[i]}
	if p.Mode == app.LateSkip {
		after, ok := parseHours(s.lateHours.Text)
		if !ok {
			return // not a number yet: the field says so
		}
		p.After = after
	}
	w := s.w
	w.write.Do(func(ctx context.Context) {
		err := w.deps.Settings.SetLatePolicy(ctx, p)
		w.do(func() {
			if err != nil {
				s.lateStatus.SetText(w.tr.Error(err))
				s.lateStatus.Importance = widget.DangerImportance
			} else {
				s.lateStatus.SetText(w.tr.T("settings.late.saved"))
				s.lateStatus.Importance = widget.LowImportance
			}
			s.lateStatus.Show()
			s.lateStatus.Refresh()
		})
	})
}

// buildInbox makes the choices of the inbox (how often it is read, quiet
// hours, paused notifications, its rules and saved replies) and of the
// window's close button.
func (s *settingsScreen) buildInbox() []*widget.FormItem {
	w := s.w
	tr := w.tr
	s.closeToTray = widget.NewCheck(tr.T("settings.close_to_tray"), func(on bool) {
		if !s.inboxFilling {
			s.saveCloseToTray(on)
		}
	})
	s.closeToTray.SetChecked(w.closeToTray)
	closeHint := widget.NewLabel(tr.T("settings.close_to_tray.hint"))
	closeHint.Wrapping = fyne.TextWrapWord
	closeHint.Importance = widget.LowImportance
	window := widget.NewFormItem(tr.T("settings.window"), container.NewVBox(s.closeToTray, closeHint))
	if w.deps.Inbox == nil {
		return []*widget.FormItem{window}
	}

	s.syncEvery = widget.NewEntry()
	s.syncEvery.Validator = func(text string) error {
		if _, ok := parseMinutes(text); !ok {
			return errBadSyncEvery
		}
		return nil
	}
	s.syncEvery.OnChanged = func(string) { s.inboxChanged() }
	s.quiet = widget.NewEntry()
	s.quiet.SetPlaceHolder("22:00-08:00")
	s.quiet.Validator = func(text string) error {
		_, err := app.ParseQuietHours(text)
		return err
	}
	s.quiet.OnChanged = func(string) { s.inboxChanged() }
	s.paused = widget.NewCheck(tr.T("settings.inbox.paused"), func(on bool) {
		if !s.inboxFilling {
			w.setPaused(on)
		}
	})
	s.inboxStatus = widget.NewLabel("")
	s.inboxStatus.Wrapping = fyne.TextWrapWord
	s.inboxStatus.Hide()
	for _, e := range []*widget.Entry{s.syncEvery, s.quiet} {
		e.Disable()
	}
	s.paused.SetChecked(w.inboxPaused)

	every := container.NewHBox(widget.NewLabel(tr.T("settings.inbox.every")),
		container.NewGridWrap(fyne.NewSize(80, s.syncEvery.MinSize().Height), s.syncEvery),
		widget.NewLabel(tr.T("settings.inbox.minutes")))
	quietHint := widget.NewLabel(tr.T("settings.inbox.quiet.hint"))
	quietHint.Wrapping = fyne.TextWrapWord
	quietHint.Importance = widget.LowImportance
	rules := widget.NewButtonWithIcon(tr.T("inbox.rules.edit"), theme.ListIcon(), w.editRules)
	replies := widget.NewButtonWithIcon(tr.T("inbox.replies.edit"), theme.DocumentIcon(), w.editSavedReplies)
	rulesHint := widget.NewLabel(tr.T("settings.inbox.rules.hint"))
	rulesHint.Wrapping = fyne.TextWrapWord
	rulesHint.Importance = widget.LowImportance
	return []*widget.FormItem{
		widget.NewFormItem(tr.T("settings.inbox.sync"), every),
		widget.NewFormItem(tr.T("settings.inbox.quiet"), container.NewVBox(
			container.NewGridWrap(fyne.NewSize(180, s.quiet.MinSize().Height), s.quiet), quietHint, s.inboxStatus)),
		widget.NewFormItem(tr.T("settings.inbox.notifications"), s.paused),
		widget.NewFormItem(tr.T("settings.inbox.rules"), container.NewVBox(container.NewHBox(rules, replies), rulesHint)),
		window,
	}
}

// errBadSyncEvery is the sync interval's field's complaint.
var errBadSyncEvery = errors.New("between 1 and 1440 minutes")

// parseMinutes reads the sync interval, in whole minutes.
func parseMinutes(text string) (time.Duration, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return 0, false
	}
	d := time.Duration(n) * time.Minute
	return d, d >= app.MinSyncEvery && d <= app.MaxSyncEvery
}

// loadInbox reads the inbox's settings off the UI goroutine and shows
// them.
func (s *settingsScreen) loadInbox() {
	w := s.w
	if w.deps.Inbox == nil {
		return
	}
	w.bg.Go(func() {
		set, err := w.deps.Settings.Inbox(context.Background())
		w.do(func() {
			if err != nil {
				s.setInboxStatus(w.inboxError(err), true)
				return
			}
			s.inboxFilling = true
			s.syncEvery.SetText(strconv.Itoa(int(set.SyncEvery / time.Minute)))
			s.quiet.SetText(set.Quiet.String())
			s.syncEvery.Enable()
			s.quiet.Enable()
			s.inboxFilling = false
		})
	})
}

// showPaused shows whether notifications are paused, as the tray may
// have changed it.
func (s *settingsScreen) showPaused() {
	if s.paused == nil || s.paused.Checked == s.w.inboxPaused {
		return
	}
	s.inboxFilling = true
	s.paused.SetChecked(s.w.inboxPaused)
	s.inboxFilling = false
}

// inboxChanged saves the sync interval and quiet hours shown, in order
// with the other writes; a field that does not read says why.
func (s *settingsScreen) inboxChanged() {
	if s.inboxFilling {
		return
	}
	w := s.w
	every, ok := parseMinutes(s.syncEvery.Text)
	if !ok {
		s.setInboxStatus(w.tr.T("settings.inbox.bad_every"), true)
		return
	}
	quiet, err := app.ParseQuietHours(s.quiet.Text)
	if err != nil {
		s.setInboxStatus(w.inboxError(err), true)
		return
	}
	settings, in := w.deps.Settings, w.deps.Inbox
	w.write.Do(func(ctx context.Context) {
		set, err := settings.Inbox(ctx)
		if err == nil {
			changed := set.SyncEvery != every
			set.SyncEvery, set.Quiet = every, quiet
			err = settings.SetInbox(ctx, set)
			if err == nil && changed {
				in.SyncNow() // the running sync waits the new interval from now
			}
		}
		w.do(func() {
			if err != nil {
				s.setInboxStatus(w.inboxError(err), true)
			} else {
				s.setInboxStatus(w.tr.T("settings.late.saved"), false)
			}
		})
	})
}

func (s *settingsScreen) setInboxStatus(text string, failed bool) {
	s.inboxStatus.SetText(text)
	s.inboxStatus.Importance = widget.LowImportance
	if failed {
		s.inboxStatus.Importance = widget.DangerImportance
	}
	s.inboxStatus.Show()
	s.inboxStatus.Refresh()
}

// saveCloseToTray saves what the window's close button does.
func (s *settingsScreen) saveCloseToTray(on bool) {
	w := s.w
	w.closeToTray = on
	settings := w.deps.Settings
	w.write.Do(func(ctx context.Context) {
		if err := settings.SetCloseToTray(ctx, on); err != nil {
			w.do(func() { w.showError(err) })
		}
	})
}

// buildBackups says when the workspace was last backed up, and opens the
// folder of its backups.
func (s *settingsScreen) buildBackups() fyne.CanvasObject {
	w, tr := s.w, s.w.tr
	s.lastBackup = widget.NewLabel("")
	s.lastBackup.Wrapping = fyne.TextWrapWord
	s.refreshBackups()
	s.openBackups = widget.NewButtonWithIcon(tr.T("settings.backup_open"), theme.FolderOpenIcon(), func() {
		folder := url.URL{Scheme: "file", Path: filepath.ToSlash(w.deps.BackupsDir)}
		w.openURL(folder.String())
	})
	return container.NewVBox(s.lastBackup, container.NewHBox(s.openBackups))
}

// refreshBackups reads the date of the latest backup again.
func (s *settingsScreen) refreshBackups() {
	w, tr := s.w, s.w.tr
	if at, ok := w.deps.LastBackup(); ok {
		s.lastBackup.SetText(tr.T("settings.backup_last", "date", tr.Ago(at, w.deps.Clock.Now())))
	} else {
		s.lastBackup.SetText(tr.T("settings.backup_none"))
	}
}
