package monitor

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/spike"
)

// sparkHours is how far back a watch's sparkline goes.
const sparkHours = 7 * 24

func (s *Screen) buildWatches() fyne.CanvasObject {
	s.watchList = widget.NewList(
		func() int { return len(s.watches) },
		func() fyne.CanvasObject { return newWatchRow(s) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.watches) {
				o.(*watchRow).set(s.watches[id])
			}
		},
	)
	s.watchList.OnSelected = func(id widget.ListItemID) {
		if id < len(s.watches) {
			s.fWatch.choose(s.watches[id].ID.String())
			s.volume.watch.choose(s.watches[id].ID.String())
		}
	}
	add := widget.NewButtonWithIcon(s.tr.T("monitor.watch.add"), theme.ContentAddIcon(), s.showAddForm)
	add.Importance = widget.HighImportance
	s.watchStatus = widget.NewLabel("")
	s.watchStatus.Wrapping = fyne.TextWrapWord
	s.watchStatus.Importance = widget.LowImportance
	title := widget.NewLabelWithStyle(s.tr.T("monitor.watches"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(title, container.NewVBox(s.watchStatus, add), nil, nil, s.watchList)
}

// watchCounts is what a counting found for one watch.
type watchCounts struct {
	unread int
	hours  []int // the last sparkHours hours, oldest first
	spikes int
}

// loadWatches reads the watches, then counts their unread items and
// their last seven days, off the UI goroutine.
func (s *Screen) loadWatches() {
	s.counting++
	n := s.counting
	svc, now := s.d.Service, s.d.Clock.Now()
	s.d.Go(func() {
		ctx := context.Background()
		watches, err := svc.List(ctx)
		counts := map[app.ID]watchCounts{}
		if err == nil {
			for _, w := range watches {
				var c watchCounts
				c, err = countWatch(ctx, svc, w.ID, now)
				if err != nil {
					break
				}
				counts[w.ID] = c
			}
		}
		s.d.Do(func() {
			if n != s.counting {
				return
			}
			if err != nil {
				s.watchStatus.SetText(s.tr.Error(err))
				s.watchStatus.Importance = widget.DangerImportance
				s.watchStatus.Refresh()
				return
			}
			s.watches = watches
			for id, c := range counts {
				s.unread[id] = c.unread
				s.sparks[id] = c.hours
				s.spikes[id] = c.spikes
			}
			s.watchStatus.Importance = widget.LowImportance
			if len(watches) == 0 {
				s.watchStatus.SetText(s.tr.T("monitor.watch.none"))
			} else {
				s.watchStatus.SetText("")
			}
			s.watchList.Refresh()
			s.offerWatches()
			s.offerVolumeWatches()
		})
	})
}

// countWatch counts a watch's unread items, and its items per hour over
// the last seven days, with the spikes among those hours.
func countWatch(ctx context.Context, svc Service, id app.ID, now time.Time) (watchCounts, error) {
	c := watchCounts{hours: make([]int, sparkHours)}
	err := svc.Walk(ctx, mon.Filter{Watch: id, Read: mon.OnlyUnread}, func(mon.Item) bool {
		c.unread++
		return true
	})
	if err != nil {
		return c, err
	}
	end := now.Truncate(time.Hour).Add(time.Hour)
	start := end.Add(-sparkHours * time.Hour)
	series := make([]spike.Hour, sparkHours)
	for i := range series {
		series[i].Start = start.Add(time.Duration(i) * time.Hour)
	}
	err = svc.Walk(ctx, mon.Filter{Watch: id, From: start, To: end}, func(it mon.Item) bool {
		i := int(it.At().Sub(start) / time.Hour)
		if i >= 0 && i < sparkHours {
			c.hours[i]++
			series[i].Count++
			if it.Sentiment == mon.SentimentNegative {
				series[i].Negative++
			}
		}
		return true
	})
	c.spikes = len(spike.Detect(series, spike.Options{}))
	return c, err
}

// watchRow is one watch: its name, kind and unread count, its sparkline
// and its remove button.
type watchRow struct {
	widget.BaseWidget
	s      *Screen
	name   *widget.Label
	info   *widget.Label
	spark  *sparkline
	remove *widget.Button
	watch  mon.Watch
}

func newWatchRow(s *Screen) *watchRow {
	r := &watchRow{s: s, name: widget.NewLabel(""), info: widget.NewLabel(""), spark: newSparkline()}
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.info.Importance = widget.LowImportance
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.confirmRemove(r.watch) })
	r.remove.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

func (r *watchRow) set(w mon.Watch) {
	tr := r.s.tr
	r.watch = w
	r.name.SetText(w.Name)
	info := tr.T("monitor.kind."+string(w.Kind)) + " · " + tr.N("monitor.unread", r.s.unread[w.ID])
	if n := r.s.spikes[w.ID]; n > 0 {
		info += " · " + tr.N("monitor.spikes", n)
	}
	if problem := watchProblem(w); problem != "" {
		info += " · " + tr.T("monitor.watch.trouble")
	}
	r.info.SetText(info)
	r.spark.set(r.s.sparks[w.ID])
}

// watchProblem is the first source of a watch whose last read failed.
func watchProblem(w mon.Watch) string {
	for _, st := range w.State {
		if st.LastError != "" {
			return st.LastError
		}
	}
	return ""
}

func (r *watchRow) CreateRenderer() fyne.WidgetRenderer {
	// The name and its figures get the column's whole width; the
	// sparkline runs under them.
	top := container.NewBorder(nil, nil, nil, r.remove, r.name)
	return widget.NewSimpleRenderer(container.NewVBox(top, r.info, r.spark))
}

// confirmRemove asks before a watch goes, with what it alone found.
func (s *Screen) confirmRemove(w mon.Watch) {
	if s.d.Window == nil {
		s.removeWatch(w)
		return
	}
	dialog.ShowConfirm(s.tr.T("monitor.watch.remove.title"), s.tr.T("monitor.watch.remove.ask", "name", w.Name),
		func(ok bool) {
			if ok {
				s.removeWatch(w)
			}
		}, s.d.Window)
}

func (s *Screen) removeWatch(w mon.Watch) {
	svc := s.d.Service
	s.d.Go(func() {
		err := svc.Remove(context.Background(), w.ID)
		s.d.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			if s.fWatch.code == w.ID.String() {
				s.fWatch.choose("")
			}
			s.watchList.UnselectAll()
			s.loadWatches()
			s.reload()
		})
	})
}

// addForm is the form of a new watch.
type addForm struct {
	dlg       dialog.Dialog
	name      *widget.Entry
	query     *widget.Entry
	queryHelp *widget.Label // what the query means, or where it is wrong
	kind      *codeSelect
	accounts  []app.Account
	checks    []*widget.Check // one per account that can be a source
	feeds     *widget.Entry   // more feeds' addresses, one a line
	template  *codeSelect     // a free source's feed, built in one click
	templArg  *widget.Entry   // what the template needs: a channel, an address
	templAdd  *widget.Button
	notify    *widget.Check
	errLabel  *widget.Label
	add       *widget.Button
}

// showAddForm opens the form of a new watch.
func (s *Screen) showAddForm() {
	tr := s.tr
	f := &addForm{}
	s.form = f
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(tr.T("monitor.form.name.placeholder"))
	f.queryHelp = widget.NewLabel(tr.T("monitor.form.query.help"))
	f.queryHelp.Wrapping = fyne.TextWrapWord
	f.queryHelp.Importance = widget.LowImportance
	f.query = widget.NewEntry()
	f.query.SetPlaceHolder(tr.T("monitor.form.query.placeholder"))
	f.query.OnChanged = func(q string) { s.checkQuery(q) }
	var codes, labels []string
	for _, k := range mon.Kinds {
		codes = append(codes, string(k))
		labels = append(labels, tr.T("monitor.kind."+string(k)))
	}
	f.kind = newCodeSelect(codes, labels, func() {})
	f.kind.choose(string(mon.KindBrand))
	sources := container.NewVBox()
	if s.d.Accounts != nil {
		for _, a := range s.d.Accounts() {
			var label string
			switch a.Network {
			case app.Bluesky, app.Mastodon:
				label = tr.T("monitor.form.source.search", "network", tr.T("monitor.source."+string(a.Network)), "account", a.Name())
			case app.RSS:
				label = tr.T("monitor.form.source.feed", "url", a.Server)
			default:
				continue
			}
			f.accounts = append(f.accounts, a)
			c := widget.NewCheck(label, nil)
			f.checks = append(f.checks, c)
			sources.Add(c)
		}
	}
	if len(f.checks) == 0 {
		none := widget.NewLabel(tr.T("monitor.form.source.none"))
		none.Wrapping = fyne.TextWrapWord
		none.Importance = widget.LowImportance
		sources.Add(none)
	}
	f.feeds = widget.NewMultiLineEntry()
	f.feeds.SetPlaceHolder(tr.T("monitor.form.feeds.placeholder"))
	f.feeds.SetMinRowsVisible(2)
	var tcodes, tlabels []string
	for _, t := range mon.FeedTemplates {
		tcodes = append(tcodes, string(t))
		tlabels = append(tlabels, tr.T("monitor.template."+string(t)))
	}
	f.templArg = widget.NewEntry()
	f.template = newCodeSelect(tcodes, tlabels, func() { s.templateChosen() })
	f.templAdd = widget.NewButtonWithIcon(tr.T("monitor.template.add"), theme.ContentAddIcon(), s.addTemplateFeed)
	s.templateChosen()
	f.notify = widget.NewCheck(tr.T("monitor.form.notify"), nil)
	f.errLabel = widget.NewLabel("")
	f.errLabel.Wrapping = fyne.TextWrapWord
	f.errLabel.Importance = widget.DangerImportance
	f.errLabel.Hide()

	form := widget.NewForm(
		widget.NewFormItem(tr.T("monitor.form.name"), f.name),
		widget.NewFormItem(tr.T("monitor.form.query"), container.NewVBox(f.query, f.queryHelp)),
		widget.NewFormItem(tr.T("monitor.form.kind"), f.kind.sel),
		widget.NewFormItem(tr.T("monitor.form.sources"), sources),
		widget.NewFormItem(tr.T("monitor.template.label"), container.NewVBox(
			container.NewBorder(nil, nil, nil, f.templAdd, f.template.sel), f.templArg)),
		widget.NewFormItem(tr.T("monitor.form.feeds"), f.feeds),
		widget.NewFormItem("", f.notify),
	)
	f.add = widget.NewButtonWithIcon(tr.T("monitor.watch.add"), theme.ConfirmIcon(), s.submitAdd)
	f.add.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(tr.T("action.cancel"), theme.CancelIcon(), func() {
		if f.dlg != nil {
			f.dlg.Hide()
		}
	})
	body := container.NewBorder(nil, container.NewVBox(f.errLabel, container.NewHBox(cancel, f.add)), nil, nil,
		container.NewVScroll(form))
	if s.d.Window != nil {
		f.dlg = dialog.NewCustomWithoutButtons(tr.T("monitor.form.title"), body, s.d.Window)
		f.dlg.Resize(fyne.NewSize(560, 560))
		f.dlg.Show()
		s.d.Window.Canvas().Focus(f.name)
	}
}

// checkQuery says, as the query is typed, what it means or where it is
// wrong.
func (s *Screen) checkQuery(text string) {
	f := s.form
	if strings.TrimSpace(text) == "" {
		f.queryHelp.SetText(s.tr.T("monitor.form.query.help"))
		f.queryHelp.Importance = widget.LowImportance
		f.queryHelp.Refresh()
		return
	}
	q, err := mon.ParseQuery(text)
	if err != nil {
		f.queryHelp.SetText(s.tr.Error(err) + "\n" + pointAt(text, err))
		f.queryHelp.Importance = widget.DangerImportance
	} else {
		f.queryHelp.SetText(s.tr.T("monitor.form.query.means", "what", q.Describe(s.tr.T)))
		f.queryHelp.Importance = widget.LowImportance
	}
	f.queryHelp.Refresh()
}

// pointAt shows the query with a mark where it is wrong.
func pointAt(text string, err error) string {
	var qe *mon.QueryError
	if !errors.As(err, &qe) {
		return ""
	}
	r := []rune(text)
	at := min(max(qe.Pos-1, 0), len(r))
	return string(r[:at]) + "▸" + string(r[at:])
}

// watch is the watch the form describes.
func (f *addForm) watch() mon.Watch {
	w := mon.Watch{Name: strings.TrimSpace(f.name.Text), Query: strings.TrimSpace(f.query.Text),
		Kind: mon.Kind(f.kind.code), Notify: f.notify.Checked}
	for i, c := range f.checks {
		if !c.Checked {
			continue
		}
		a := f.accounts[i]
		switch a.Network {
		case app.Bluesky:
			w.Sources = append(w.Sources, mon.SourceRef{Kind: mon.SourceBluesky, Account: a.ID})
		case app.Mastodon:
			w.Sources = append(w.Sources, mon.SourceRef{Kind: mon.SourceMastodon, Account: a.ID})
		case app.RSS:
			w.Sources = append(w.Sources, mon.SourceRef{Kind: mon.SourceFeed, URL: a.Server})
		}
	}
	for _, line := range strings.FieldsFunc(f.feeds.Text, func(r rune) bool { return r == '\n' || r == ' ' || r == ',' }) {
		w.Sources = append(w.Sources, mon.SourceRef{Kind: mon.SourceFeed, URL: line})
	}
	return w
}

// submitAdd stores the watch of the form, or says what is wrong with it.
func (s *Screen) submitAdd() {
	f := s.form
	w := f.watch()
	if err := w.Check(); err != nil {
		s.formError(err)
		return
	}
	f.add.Disable()
	svc := s.d.Service
	s.d.Go(func() {
		_, err := svc.Add(context.Background(), w)
		s.d.Do(func() {
			f.add.Enable()
			if err != nil {
				s.formError(err)
				return
			}
			if f.dlg != nil {
				f.dlg.Hide()
			}
			s.loadWatches()
		})
	})
}

func (s *Screen) formError(err error) {
	f := s.form
	msg := s.tr.Error(err)
	switch {
	case errors.Is(err, mon.ErrNoName):
		msg = s.tr.T("monitor.form.err.name")
	case errors.Is(err, mon.ErrNoSources):
		msg = s.tr.T("monitor.form.err.sources")
	case errors.Is(err, mon.ErrBadSource):
		msg = s.tr.T("monitor.form.err.source")
	}
	f.errLabel.SetText(msg)
	f.errLabel.Show()
}

// templateChosen shows the field the template needs: none for a search
// built from the query, the alert's feed, the channel or the blog's
// address for the others.
func (s *Screen) templateChosen() {
	f := s.form
	t := mon.FeedTemplate(f.template.code)
	f.templArg.SetText("")
	if t.NeedsQuery() {
		f.templArg.Hide()
		return
	}
	f.templArg.SetPlaceHolder(s.tr.T("monitor.template.arg." + string(t)))
	f.templArg.Show()
}

// addTemplateFeed builds the chosen template's feed address and adds it
// to the feeds of the form, one a line.
func (s *Screen) addTemplateFeed() {
	f := s.form
	t := mon.FeedTemplate(f.template.code)
	feed, err := mon.FeedURL(t, f.query.Text, f.templArg.Text, string(s.tr.Language()))
	if err != nil {
		s.formError(err)
		return
	}
	f.errLabel.Hide()
	text := strings.TrimRight(f.feeds.Text, "\n ")
	if strings.Contains("\n"+text+"\n", "\n"+feed+"\n") {
		return
	}
	if text != "" {
		text += "\n"
	}
	f.feeds.SetText(text + feed)
	f.templArg.SetText("")
}
