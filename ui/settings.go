package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
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
		widget.NewFormItem(tr.T("settings.data_dir"), dataDir),
		widget.NewFormItem(tr.T("settings.version"), widget.NewLabel(app.Version)),
	)
	s.content = container.NewPadded(container.NewVBox(heading, form))
	s.loadLate()
	return s
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
