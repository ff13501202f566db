package ui

import (
	"context"
	"errors"
	"image"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/export"
	"github.com/relais-app/relais/ui/i18n"
	"github.com/relais-app/relais/ui/report"
)

// periodChoices are the periods the screen offers, in days; 0 is a
// period the user types.
var periodChoices = []int{7, 30, 90, 0}

// analyticsScreen shows what the work brought over a period: the key
// figures against the previous period, followers, the best time to post,
// engagement, the top posts and the inbox's response times. Every chart
// has its exact values a click away, and can be saved as PNG.
type analyticsScreen struct {
	w       *Window
	content fyne.CanvasObject

	days    int        // the period's length; 0 for custom
	custom  app.Period // the period typed, when days is 0
	account app.ID     // zero for every account
	// accounts are the accounts the selector offers, in its order after
	// "every account".
	accounts []app.Account

	periodSel  *widget.Select
	accountSel *widget.Select
	status     *widget.Label
	keys       *fyne.Container
	best       *widget.Label
	inboxLine  *widget.Label
	useBest    *widget.Button
	followers  *chartCard
	heatmap    *chartCard
	engagement *chartCard
	topChart   *chartCard
	volume     *chartCard
	top        *topPosts
	// The veille: the share of voice and the competitors (analytics_veille.go).
	veille *veilleSection

	rep     app.Report
	figures report.Figures
	loaded  bool
	loads   int // reads started, so that an older one never overwrites a newer
	changes throttle
}

func newAnalyticsScreen(w *Window) *analyticsScreen {
	tr := w.tr
	s := &analyticsScreen{w: w, days: 30, changes: throttle{delay: inboxRefreshDelay}}
	r := w.charts()

	var periodNames []string
	for _, d := range periodChoices {
		periodNames = append(periodNames, s.periodName(d))
	}
	s.periodSel = widget.NewSelect(periodNames, nil)
	s.periodSel.SetSelectedIndex(slices.Index(periodChoices, s.days))
	s.periodSel.OnChanged = func(name string) {
		i := slices.Index(periodNames, name)
		if i < 0 {
			return
		}
		if periodChoices[i] == 0 {
			s.askPeriod()
			return
		}
		s.days = periodChoices[i]
		s.load()
	}
	s.accountSel = widget.NewSelect(nil, func(name string) {
		i := slices.Index(s.accountSel.Options, name)
		s.account = app.ID{}
		if i > 0 && i-1 < len(s.accounts) {
			s.account = s.accounts[i-1].ID
		}
		s.load()
	})
	collect := widget.NewButtonWithIcon(tr.T("analytics.collect"), theme.ViewRefreshIcon(), s.collect)
	csv := widget.NewButtonWithIcon(tr.T("analytics.export_csv"), theme.DocumentSaveIcon(), s.exportCSV)
	pdf := widget.NewButtonWithIcon(tr.T("analytics.export_pdf"), theme.DocumentPrintIcon(), s.exportPDF)
	pdf.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(tr.T("nav.analytics"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.status = widget.NewLabel("")
	s.status.Importance = widget.LowImportance
	s.status.Truncation = fyne.TextTruncateEllipsis
	selectSize := fyne.NewSize(190, s.periodSel.MinSize().Height)
	selects := container.NewHBox(container.NewGridWrap(selectSize, s.periodSel), container.NewGridWrap(selectSize, s.accountSel))
	bar := container.NewVBox(
		container.NewBorder(nil, nil, title, container.NewHBox(collect, csv, pdf)),
		container.NewBorder(nil, nil, selects, nil, s.status))

	s.keys = container.NewGridWithColumns(6)
	s.followers = newChartCard(w, r, "followers", 260)
	s.heatmap = newChartCard(w, r, "best_time", 260)
	s.engagement = newChartCard(w, r, "engagement", 240)
	s.topChart = newChartCard(w, r, "top_posts", 240)
	s.volume = newChartCard(w, r, "inbox", 240)
	s.best = widget.NewLabel("")
	s.best.Wrapping = fyne.TextWrapWord
	s.best.TextStyle.Bold = true
	s.useBest = widget.NewButtonWithIcon(tr.T("analytics.use_for_queue"), theme.HistoryIcon(), s.askUseBest)
	s.inboxLine = widget.NewLabel("")
	s.inboxLine.Wrapping = fyne.TextWrapWord
	s.top = newTopPosts(w)
	s.veille = newVeilleSection(w, r, func() { s.reload() })

	bestBox := container.NewBorder(nil, container.NewBorder(nil, nil, nil, s.useBest, s.best), nil, nil, s.heatmap.content)
	inboxBox := container.NewBorder(nil, s.inboxLine, nil, nil, s.volume.content)
	body := container.NewVBox(
		s.keys,
		container.NewGridWithColumns(2, s.followers.content, bestBox),
		container.NewGridWithColumns(2, s.engagement.content, inboxBox),
		s.topChart.content,
		s.top.content,
		s.veille.content,
	)
	s.content = container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
	s.setAccounts(w.accountList)
	if w.deps.Analytics != nil {
		w.unsubscribe = append(w.unsubscribe, w.deps.Analytics.Subscribe(func() {
			s.changes.schedule(w.bg, func() { w.do(s.reload) })
		}))
	}
	return s
}

// periodName is how the period selector names a choice of days.
func (s *analyticsScreen) periodName(days int) string {
	if days == 0 {
		return s.w.tr.T("analytics.period_custom")
	}
	return s.w.tr.N("analytics.period_days", days)
}

// setAccounts fills the account selector, keeping the choice.
func (s *analyticsScreen) setAccounts(list []app.Account) {
	s.accounts = slices.DeleteFunc(slices.Clone(list), func(a app.Account) bool { return a.Network == app.RSS })
	names := []string{s.w.tr.T("analytics.all_accounts")}
	selected := 0
	for i, a := range s.accounts {
		names = append(names, a.Network.Name()+" · "+a.Name())
		if a.ID == s.account {
			selected = i + 1
		}
	}
	s.accountSel.Options = names
	s.accountSel.Selected = names[selected]
	s.accountSel.Refresh()
}

// shown reads the report each time the screen shows: figures collected
// while another screen showed are there (a year's report takes some
// 70 ms, off the UI goroutine).
func (s *analyticsScreen) shown() { s.load() }

// reload reads the report again after a collection, if it was read.
func (s *analyticsScreen) reload() {
	if s.loaded && s.w.view == "analytics" {
		s.load()
	}
}

// query is the report the screen asks for.
func (s *analyticsScreen) query() app.ReportQuery {
	an := s.w.deps.Analytics
	q := app.ReportQuery{Period: s.custom}
	if s.days > 0 {
		q.Period = app.LastDays(s.w.deps.Clock.Now(), s.days, an.Zone())
	}
	if !s.account.IsZero() {
		q.Accounts = []app.ID{s.account}
	}
	return q
}

// load reads the report off the UI goroutine and shows it.
func (s *analyticsScreen) load() {
	an := s.w.deps.Analytics
	if an == nil {
		return
	}
	s.loaded = true
	s.loads++
	n, q, tr := s.loads, s.query(), s.w.tr
	s.status.SetText(tr.T("analytics.reading"))
	s.w.bg.Go(func() {
		rep, err := an.Report(context.Background(), q)
		var f report.Figures
		if err == nil {
			f = report.Describe(tr, rep, an.Zone())
		}
		s.w.do(func() {
			if n != s.loads || s.w.shut {
				return
			}
			if err != nil {
				s.status.SetText(tr.Error(err))
				return
			}
			s.show(rep, f)
		})
	})
}

// show puts a report on the screen.
func (s *analyticsScreen) show(rep app.Report, f report.Figures) {
	tr := s.w.tr
	s.rep, s.figures = rep, f
	s.status.SetText(tr.T("analytics.status", "period", f.PeriodText(), "posts", tr.N("analytics.posts", len(rep.Posts))))
	s.keys.Objects = nil
	for _, k := range f.Key() {
		s.keys.Objects = append(s.keys.Objects, keyCard(k))
	}
	s.keys.Refresh()
	s.followers.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Lines(f.Followers(), size) }, f.FollowersTable)
	s.heatmap.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Heatmap(f.BestTime(), size) }, f.BestTimeTable)
	s.engagement.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Bars(f.Engagement(), size) }, f.EngagementTable)
	s.topChart.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Bars(f.TopPosts(), size) }, func() report.Table { return f.TopPostsTable(10) })
	s.volume.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Bars(f.InboxVolume(), size) }, f.InboxTable)
	s.best.SetText(f.BestTimeSentence())
	if len(rep.BestTime.Best) > 0 {
		s.useBest.Enable()
	} else {
		s.useBest.Disable()
	}
	s.inboxLine.SetText(f.InboxSummary())
	s.top.set(rep.Posts, f)
	s.veille.set(f)
}

// keyCard is one key figure: what it is, its value, and its change
// against the previous period, green when better, red when worse.
func keyCard(k report.KeyFigure) fyne.CanvasObject {
	label := widget.NewLabel(k.Label)
	label.Importance = widget.LowImportance
	label.Wrapping = fyne.TextWrapWord
	value := widget.NewLabelWithStyle(k.Value, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	value.SizeName = theme.SizeNameSubHeadingText
	change := widget.NewLabel(k.Change)
	switch {
	case k.Trend > 0:
		change.Importance = widget.SuccessImportance
	case k.Trend < 0:
		change.Importance = widget.DangerImportance
	default:
		change.Importance = widget.LowImportance
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return container.NewStack(bg, container.NewVBox(label, value, change))
}

// collect reads the figures due now, behind a progress dialog.
func (s *analyticsScreen) collect() {
	an, tr := s.w.deps.Analytics, s.w.tr
	if an == nil {
		return
	}
	s.w.withProgress(tr.T("analytics.collect"), tr.T("analytics.collecting"), func(ctx context.Context) func() {
		res, err := an.Collect(ctx, nil)
		return func() {
			switch {
			case err != nil && ctx.Err() != nil:
				s.status.SetText(tr.T("analytics.collect_cancelled"))
			case err != nil:
				s.w.showError(err)
			case len(res.Errs) > 0:
				var lines []string
				for _, e := range res.Errs {
					lines = append(lines, tr.Error(e))
				}
				showMessage(s.w.win, tr, tr.T("analytics.collect"), strings.Join(lines, "\n"))
			}
			s.load()
		}
	})
}

// askPeriod asks for the days of a custom period.
func (s *analyticsScreen) askPeriod() {
	tr := s.w.tr
	zone := s.w.deps.Analytics.Zone()
	p := s.custom
	if p.From.IsZero() {
		p = app.LastDays(s.w.deps.Clock.Now(), 30, zone)
	}
	from, to := widget.NewEntry(), widget.NewEntry()
	from.SetText(p.From.Format(time.DateOnly))
	to.SetText(p.Last().Format(time.DateOnly))
	from.SetPlaceHolder("2026-11-01")
	to.SetPlaceHolder("2026-11-30")
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(tr.T("analytics.from"), from), widget.NewFormItem(tr.T("analytics.to"), to))
	var d dialog.Dialog
	apply := func() {
		f, err1 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(from.Text), zone)
		t, err2 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(to.Text), zone)
		if err1 != nil || err2 != nil || t.Before(f) {
			problem.SetText(tr.T("analytics.bad_period"))
			return
		}
		s.custom, s.days = app.DaysBetween(f, t, zone), 0
		d.Hide()
		s.load()
	}
	to.OnSubmitted = func(string) { apply() }
	ok := widget.NewButtonWithIcon(tr.T("analytics.show"), theme.ConfirmIcon(), apply)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(tr.T("action.cancel"), func() {
		d.Hide()
		s.periodSel.SetSelectedIndex(slices.Index(periodChoices, s.days))
	})
	d = dialog.NewCustomWithoutButtons(tr.T("analytics.period_custom"),
		container.NewVBox(form, problem, container.NewHBox(layout.NewSpacer(), cancel, ok)), s.w.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
}

// exportCSV asks where to write the tables, then writes them.
func (s *analyticsScreen) exportCSV() {
	tr := s.w.tr
	if !s.ready() {
		return
	}
	s.w.saveFile(tr.T("analytics.export_csv"), "relais-"+s.rep.Period.From.Format(time.DateOnly)+".zip", export.CSVFiles, func(ctx context.Context, path string) func() {
		files, err := s.writeCSV(ctx, path)
		return func() { s.exported(files, err) }
	})
}

// writeCSV writes the tables of the report shown (see export.CSVFiles).
func (s *analyticsScreen) writeCSV(ctx context.Context, path string) ([]string, error) {
	return export.CSV(ctx, path, s.rep)
}

// exportPDF asks for the brand's name and the language of the report,
// then where to write it.
func (s *analyticsScreen) exportPDF() {
	tr := s.w.tr
	if !s.ready() {
		return
	}
	brand := widget.NewEntry()
	brand.SetText(s.rep.Brand)
	brand.SetPlaceHolder("Maison Lumen")
	langs := []string{tr.T("settings.language.fr"), tr.T("settings.language.en")}
	lang := widget.NewRadioGroup(langs, nil)
	lang.Horizontal = true
	lang.Required = true
	lang.SetSelected(langs[0])
	if tr.Language() == app.LanguageEnglish {
		lang.SetSelected(langs[1])
	}
	form := widget.NewForm(widget.NewFormItem(tr.T("analytics.brand"), brand), widget.NewFormItem(tr.T("analytics.report_language"), lang))
	dialog.ShowCustomConfirm(tr.T("analytics.export_pdf"), tr.T("analytics.choose_file"), tr.T("action.cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		l := app.LanguageFrench
		if lang.Selected == langs[1] {
			l = app.LanguageEnglish
		}
		name := strings.TrimSpace(brand.Text)
		s.w.saveFile(tr.T("analytics.export_pdf"), reportFileName(tr, s.rep, name), nil, func(ctx context.Context, path string) func() {
			err := s.writePDF(ctx, path, name, l)
			return func() { s.exported([]string{path}, err) }
		})
	}, s.w.win)
}

// reportFileName is the PDF's name the save dialog offers.
func reportFileName(tr *i18n.Translator, rep app.Report, brand string) string {
	base := tr.T("analytics.report_file")
	if brand != "" {
		base += "-" + strings.Map(func(r rune) rune {
			if strings.ContainsRune(`/\:*?"<>| `, r) {
				return '-'
			}
			return r
		}, brand)
	}
	return base + "-" + rep.Period.From.Format(time.DateOnly) + ".pdf"
}

// writePDF saves the brand's name and writes the report shown, in lang,
// to path.
func (s *analyticsScreen) writePDF(ctx context.Context, path, brand string, lang app.Language) error {
	an := s.w.deps.Analytics
	if err := an.SetBrand(ctx, brand); err != nil {
		return err
	}
	rep := s.rep
	rep.Brand = brand
	return export.PDF(ctx, path, report.Describe(i18n.New(lang), rep, an.Zone()), s.w.charts())
}

// exported tells where the files went, or why they did not.
func (s *analyticsScreen) exported(files []string, err error) {
	tr := s.w.tr
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.w.showError(err)
		}
		return
	}
	showMessage(s.w.win, tr, tr.T("analytics.exported"), strings.Join(files, "\n"))
	s.status.SetText(tr.T("analytics.exported_to", "file", filepath.Base(files[0])))
}

// ready reports whether a report is shown to export.
func (s *analyticsScreen) ready() bool {
	return s.w.deps.Analytics != nil && !s.rep.Period.From.IsZero()
}

// askUseBest offers to make the best hours a target's queue slots.
func (s *analyticsScreen) askUseBest() {
	tr := s.w.tr
	bt := s.rep.BestTime
	if len(bt.Best) == 0 {
		return
	}
	var targets []app.Target
	var names []string
	for _, a := range s.accounts {
		if s.account.IsZero() || a.ID == s.account {
			targets = append(targets, a.Target())
			names = append(names, s.w.targetName(a.Target()))
		}
	}
	if len(targets) == 0 {
		return
	}
	target := widget.NewSelect(names, nil)
	target.SetSelectedIndex(0)
	counts := []string{}
	for n := 1; n <= min(5, len(bt.Best)); n++ {
		counts = append(counts, strconv.Itoa(n))
	}
	count := widget.NewSelect(counts, nil)
	preview := widget.NewLabel("")
	preview.Wrapping = fyne.TextWrapWord
	slotsOf := func() []app.Slot {
		n, _ := strconv.Atoi(count.Selected)
		return bt.BestSlots(n)
	}
	count.OnChanged = func(string) {
		var parts []string
		for _, sl := range slotsOf() {
			parts = append(parts, slotText(tr.T, sl))
		}
		preview.SetText(tr.T("analytics.queue_preview", "slots", strings.Join(parts, ", ")))
	}
	count.SetSelectedIndex(min(2, len(counts)-1))
	form := widget.NewForm(widget.NewFormItem(tr.T("analytics.queue_target"), target), widget.NewFormItem(tr.T("analytics.queue_count"), count))
	dialog.ShowCustomConfirm(tr.T("analytics.use_for_queue"), tr.T("analytics.replace_slots"), tr.T("action.cancel"),
		container.NewVBox(form, preview), func(ok bool) {
			i := target.SelectedIndex()
			if !ok || i < 0 {
				return
			}
			s.useBestSlots(targets[i], slotsOf())
		}, s.w.win)
}

// useBestSlots makes slots the target's queue.
func (s *analyticsScreen) useBestSlots(t app.Target, slots []app.Slot) {
	tr, cal := s.w.tr, s.w.deps.Calendar
	s.w.bg.Go(func() {
		ctx := context.Background()
		q, err := cal.Queue(ctx, t)
		if err == nil {
			q.Target, q.Slots = t, slots
			_, err = cal.SaveQueue(ctx, q)
		}
		s.w.do(func() {
			if err != nil {
				s.w.showError(err)
				return
			}
			s.status.SetText(tr.T("analytics.queue_saved", "target", s.w.targetName(t)))
			s.w.calendar.reload()
		})
	})
}

// charts is the chart renderer: Deps.Charts, else the built-in one.
func (w *Window) charts() chart.Renderer {
	if w.deps.Charts == nil {
		w.deps.Charts = chart.New()
	}
	return w.deps.Charts
}
