package monitor

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor/impostor"
)

// The impostors tab: the accounts that look like the brand's, the
// strongest first, each with its score and its reasons in plain words;
// the user marks each official, harmless, suspicious or reported, opens
// its profile or the page where it is reported.

// impostorsTab is the tab's widgets.
type impostorsTab struct {
	records  []impostor.Record
	list     *widget.List
	status   *widget.Label
	selected app.ID

	// The suspect chosen.
	box      *fyne.Container
	empty    *widget.Label
	handle   *widget.Label
	name     *widget.Label
	score    *widget.Label
	reasons  *widget.Label
	how      *widget.Label
	marks    map[impostor.Status]*widget.Button
	profile  *widget.Button
	report   *widget.Button
	about    *widget.Button
	loads    int
	shownRec impostor.Record
}

func (s *Screen) buildImpostors() fyne.CanvasObject {
	tr, t := s.tr, &s.impostors
	t.list = widget.NewList(
		func() int { return len(t.records) },
		func() fyne.CanvasObject { return newSuspectRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(t.records) {
				o.(*suspectRow).set(tr, t.records[id])
			}
		},
	)
	t.list.OnSelected = func(id widget.ListItemID) {
		if id < len(t.records) {
			t.selected = t.records[id].ID
			s.showSuspect(t.records[id])
		}
	}
	t.status = widget.NewLabel(tr.T("monitor.impostors.help"))
	t.status.Wrapping = fyne.TextWrapWord
	t.status.Importance = widget.LowImportance

	t.empty = widget.NewLabel(tr.T("monitor.impostors.choose"))
	t.empty.Wrapping = fyne.TextWrapWord
	t.empty.Alignment = fyne.TextAlignCenter
	t.empty.Importance = widget.LowImportance
	t.handle = widget.NewLabel("")
	t.handle.TextStyle.Bold = true
	t.handle.Wrapping = fyne.TextWrapBreak
	t.name = widget.NewLabel("")
	t.name.Wrapping = fyne.TextWrapWord
	t.score = widget.NewLabel("")
	t.reasons = widget.NewLabel("")
	t.reasons.Wrapping = fyne.TextWrapWord
	t.how = widget.NewLabel("")
	t.how.Wrapping = fyne.TextWrapWord
	t.how.Importance = widget.LowImportance
	t.marks = map[impostor.Status]*widget.Button{}
	var buttons []fyne.CanvasObject
	for _, st := range impostor.Statuses {
		b := widget.NewButton(tr.T(st.Key()), func() { s.markSuspect(st) })
		t.marks[st] = b
		buttons = append(buttons, b)
	}
	t.profile = widget.NewButtonWithIcon(tr.T("monitor.impostors.profile"), theme.ComputerIcon(), func() { s.openSuspect("profile") })
	t.report = widget.NewButtonWithIcon(tr.T("monitor.impostors.report"), theme.WarningIcon(), func() { s.openSuspect("report") })
	t.about = widget.NewButtonWithIcon(tr.T("monitor.impostors.about"), theme.InfoIcon(), func() { s.openSuspect("about") })
	head := container.NewVBox(t.handle, t.name, t.score)
	actions := container.NewVBox(
		widget.NewLabelWithStyle(tr.T("monitor.impostors.mark"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, buttons...),
		container.NewGridWithColumns(2, t.profile, t.report), t.about, t.how)
	t.box = container.NewBorder(head, actions, nil, nil, container.NewVScroll(t.reasons))
	t.box.Hide()
	right := container.NewStack(container.NewPadded(t.empty), t.box)
	left := container.NewBorder(nil, t.status, nil, nil, t.list)
	split := container.NewHSplit(left, right)
	split.Offset = 0.5
	return split
}

// loadImpostors reads the suspects, off the UI goroutine.
func (s *Screen) loadImpostors() {
	g, t := s.d.Impostors, &s.impostors
	if g == nil || t.list == nil {
		return
	}
	t.loads++
	load := t.loads
	s.d.Go(func() {
		list, err := g.List(context.Background())
		lastErr := g.LastError()
		s.d.Do(func() {
			if load != t.loads {
				return
			}
			if err != nil {
				t.status.SetText(s.tr.Error(err))
				t.status.Importance = widget.DangerImportance
				t.status.Refresh()
				return
			}
			t.records = list
			t.list.Refresh()
			switch {
			case lastErr != nil:
				t.status.SetText(s.tr.T("monitor.impostors.failed", "why", s.tr.Error(lastErr)))
				t.status.Importance = widget.WarningImportance
			case len(list) == 0:
				t.status.SetText(s.tr.T("monitor.impostors.none"))
				t.status.Importance = widget.LowImportance
			default:
				t.status.SetText(s.tr.T("monitor.impostors.help"))
				t.status.Importance = widget.LowImportance
			}
			t.status.Refresh()
			for i, r := range list {
				if r.ID == t.selected {
					t.list.Select(i)
					s.showSuspect(r)
					return
				}
			}
		})
	})
}

// showSuspect fills the right side with a suspect.
func (s *Screen) showSuspect(r impostor.Record) {
	tr, t := s.tr, &s.impostors
	t.shownRec = r
	t.handle.SetText("@" + r.Account.Handle)
	name := r.Account.DisplayName
	if name == "" {
		name = tr.T("monitor.impostors.no_name")
	}
	t.name.SetText(tr.T("monitor.impostors.name", "name", name, "network", tr.T("monitor.source."+string(r.Account.Network))))
	t.score.SetText(suspectLine(tr, r))
	text := ""
	for _, x := range r.Reasons {
		text += "• " + reasonText(tr, x) + "\n"
	}
	if !r.AvatarCompared {
		text += "\n" + tr.T("monitor.impostors.avatar_not_compared")
	}
	t.reasons.SetText(text)
	for st, b := range t.marks {
		if st == r.Status {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	showIf(t.profile, r.Account.URL != "")
	_, err := r.ReportURL()
	showIf(t.report, err == nil)
	showIf(t.about, impostor.AboutURL(r.Account) != "")
	t.how.SetText(tr.T("monitor.impostors.how." + string(r.Account.Network)))
	t.empty.Hide()
	t.box.Show()
}

// suspectLine is a suspect's score, level and status.
func suspectLine(tr interface {
	T(string, ...string) string
	Number(int) string
}, r impostor.Record) string {
	status := tr.T("monitor.impostors.unmarked")
	if r.Status != "" {
		status = tr.T(r.Status.Key())
	}
	return tr.T("monitor.impostors.score", "score", tr.Number(r.Score), "level", tr.T(r.Level().Key()), "status", status)
}

// markSuspect sets the status of the suspect shown.
func (s *Screen) markSuspect(st impostor.Status) {
	t, g := &s.impostors, s.d.Impostors
	r := t.shownRec
	if r.ID.IsZero() || g == nil {
		return
	}
	s.d.Go(func() {
		got, err := g.Mark(context.Background(), r.ID, st)
		s.d.Do(func() {
			if err != nil {
				s.showError(err)
				return
			}
			for i := range t.records {
				if t.records[i].ID == got.ID {
					t.records[i] = got
					t.list.RefreshItem(i)
				}
			}
			if t.shownRec.ID == got.ID {
				s.showSuspect(got)
			}
		})
	})
}

// openSuspect opens the suspect's profile, its report page, or its
// server's about page.
func (s *Screen) openSuspect(what string) {
	r := s.impostors.shownRec
	if r.ID.IsZero() || s.d.OpenURL == nil {
		return
	}
	var page string
	switch what {
	case "profile":
		page = r.Account.URL
	case "report":
		page, _ = r.ReportURL()
	case "about":
		page = impostor.AboutURL(r.Account)
	}
	if page == "" {
		return
	}
	if err := s.d.OpenURL(page); err != nil {
		s.showError(fmt.Errorf("opening %s: %w", page, err))
	}
}

// reasonText words a reason in the user's language, for the screen.
func reasonText(tr interface {
	T(string, ...string) string
	N(string, int, ...string) string
}, r impostor.Reason) string {
	var text string
	if n, ok := r.Count(); ok {
		text = tr.N(r.Key(), n, r.Vars()...)
	} else {
		text = tr.T(r.Key(), r.Vars()...)
	}
	return screenArrows.Replace(text)
}

// screenArrows swaps the look-alike characters' arrow for one Fyne's
// bundled fonts draw whole: they have no → (U+2192), and the font it
// falls back to draws the space after it as a box ("→� “l”"). ➔
// (U+2794) followed by a space is drawn as it should be.
var screenArrows = strings.NewReplacer("→", "➔")

// suspectRow is one suspect in the list: its handle and name, its score
// and status, its first reason.
type suspectRow struct {
	widget.BaseWidget
	handle *widget.Label
	info   *widget.Label
	why    *widget.Label
}

func newSuspectRow() *suspectRow {
	r := &suspectRow{handle: widget.NewLabel(""), info: widget.NewLabel(""), why: widget.NewLabel("")}
	r.handle.TextStyle.Bold = true
	r.handle.Truncation = fyne.TextTruncateEllipsis
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.why.Truncation = fyne.TextTruncateEllipsis
	r.why.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

func (r *suspectRow) set(tr interface {
	T(string, ...string) string
	N(string, int, ...string) string
	Number(int) string
}, rec impostor.Record) {
	name := rec.Account.DisplayName
	text := "@" + rec.Account.Handle
	if name != "" {
		text += " · " + name
	}
	r.handle.SetText(text)
	r.info.SetText(suspectLine(tr, rec))
	r.info.Importance = widget.MediumImportance
	if rec.Status == "" && rec.Level() == impostor.LevelStrong {
		r.info.Importance = widget.DangerImportance
	}
	r.info.Refresh()
	why := ""
	if len(rec.Reasons) > 0 {
		why = reasonText(tr, rec.Reasons[0])
	}
	r.why.SetText(why)
}

func (r *suspectRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(r.handle, r.info, r.why))
}
