package ui

import (
	"context"
	"errors"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/report"
)

// veilleSection is the veille's part of Analytics: the share of voice of
// the brand against its competitors, and the benchmark of the brand's
// accounts beside its competitors', each a table and a chart, or a hint
// saying how to get them.
type veilleSection struct {
	content fyne.CanvasObject

	voiceHint  *widget.Label
	voiceLine  *widget.Label
	voiceTable *fyne.Container
	voice      *chartCard
	voiceBox   *fyne.Container

	benchHint  *widget.Label
	benchTable *fyne.Container
	bench      *chartCard
	benchBox   *fyne.Container

	follow *followForm
}

// CompetitorFollower follows a competitor's public account: Add finds
// it through a connected account of its network and reads it once
// (*monitor.Competitors).
type CompetitorFollower interface {
	Add(ctx context.Context, network app.Network, handle string) (monitor.Competitor, error)
}

// followForm follows a competitor's account from Analytics: its network,
// its handle, and Follow, which becomes Cancel while the account is
// found and read.
type followForm struct {
	w       *Window
	network *widget.Select
	handle  *widget.Entry
	button  *widget.Button
	status  *widget.Label
	box     *fyne.Container
	cancel  context.CancelFunc
	// added is called on the UI goroutine once a competitor is followed.
	added func()
}

// followNetworks are the networks a competitor's account can be read on.
var followNetworks = []app.Network{app.Bluesky, app.Mastodon}

func newFollowForm(w *Window, cf CompetitorFollower, added func()) *followForm {
	tr := w.tr
	f := &followForm{w: w, handle: widget.NewEntry(), status: widget.NewLabel(""), added: added}
	var names []string
	for _, n := range followNetworks {
		names = append(names, n.Name())
	}
	f.network = widget.NewSelect(names, nil)
	f.network.SetSelectedIndex(0)
	f.handle.SetPlaceHolder(tr.T("analytics.follow.handle"))
	f.handle.OnSubmitted = func(string) { f.start(cf) }
	f.button = widget.NewButtonWithIcon(tr.T("analytics.follow.button"), theme.ContentAddIcon(), func() {
		if f.cancel != nil {
			f.cancel()
			return
		}
		f.start(cf)
	})
	f.status.Wrapping = fyne.TextWrapWord
	f.status.Hide()
	f.box = container.NewVBox(
		container.NewBorder(nil, nil, f.network, f.button, f.handle),
		f.status)
	return f
}

// start follows the account typed, off the UI goroutine.
func (f *followForm) start(cf CompetitorFollower) {
	tr := f.w.tr
	handle := strings.TrimSpace(f.handle.Text)
	if handle == "" || f.cancel != nil {
		return
	}
	network := followNetworks[max(f.network.SelectedIndex(), 0)]
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.button.SetText(tr.T("action.cancel"))
	f.button.SetIcon(theme.CancelIcon())
	f.handle.Disable()
	f.network.Disable()
	f.say(tr.T("analytics.follow.reading", "handle", handle))
	f.w.bg.Go(func() {
		c, err := cf.Add(ctx, network, handle)
		f.w.do(func() {
			cancel()
			f.cancel = nil
			f.button.SetText(tr.T("analytics.follow.button"))
			f.button.SetIcon(theme.ContentAddIcon())
			f.handle.Enable()
			f.network.Enable()
			switch {
			case errors.Is(err, context.Canceled):
				f.say(tr.T("analytics.follow.cancelled"))
			case err != nil:
				f.say(tr.Error(err))
			default:
				f.handle.SetText("")
				name := c.Handle
				if c.Name != "" {
					name = c.Name + " (" + c.Handle + ")"
				}
				f.say(tr.T("analytics.follow.done", "name", name))
				if f.added != nil {
					f.added()
				}
			}
		})
	})
}

func (f *followForm) say(text string) {
	f.status.SetText(text)
	f.status.Show()
}

func newVeilleSection(w *Window, r chart.Renderer, reload func()) *veilleSection {
	tr := w.tr
	v := &veilleSection{
		voiceHint:  hintLabel(tr.T("analytics.voice_hint")),
		voiceLine:  widget.NewLabel(""),
		voiceTable: container.NewVBox(),
		voice:      newChartCard(w, r, "share_of_voice", 240),
		benchHint:  hintLabel(tr.T("analytics.competitors_hint")),
		benchTable: container.NewVBox(),
		bench:      newChartCard(w, r, "competitors", 220),
	}
	v.voiceLine.Wrapping = fyne.TextWrapWord
	v.voiceLine.TextStyle.Bold = true
	v.voiceBox = container.NewVBox(v.voiceLine, v.voiceTable, v.voice.content)
	v.benchBox = container.NewVBox(v.benchTable, v.bench.content)
	v.voiceBox.Hide()
	v.benchBox.Hide()
	parts := []fyne.CanvasObject{
		veilleTitle(tr.T("report.section.voice")), v.voiceHint, v.voiceBox,
		veilleTitle(tr.T("report.section.competitors")), v.benchHint, v.benchBox,
	}
	if cf := w.deps.Competitors; cf != nil {
		v.benchHint.SetText(tr.T("analytics.competitors_hint_form"))
		v.follow = newFollowForm(w, cf, reload)
		parts = append(parts, v.follow.box)
	}
	v.content = container.NewVBox(parts...)
	return v
}

func hintLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

func veilleTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// set shows a report's share of voice and benchmark.
func (v *veilleSection) set(f report.Figures) {
	if f.HasVoices() {
		v.voiceHint.Hide()
		v.voiceLine.SetText(f.VoiceSentence())
		setGridTable(v.voiceTable, f.VoiceTable())
		v.voice.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Bars(f.ShareOfVoice(), size) }, f.VoiceSlicesTable)
		v.voiceBox.Show()
	} else {
		v.voiceBox.Hide()
		v.voiceHint.Show()
	}
	if f.HasBenchmark() {
		v.benchHint.Hide()
		setGridTable(v.benchTable, f.BenchmarkTable())
		v.bench.set(func(r chart.Renderer, size chart.Size) (image.Image, error) { return r.Bars(f.Benchmark(), size) }, f.BenchmarkTable)
		v.benchBox.Show()
	} else {
		v.benchBox.Hide()
		v.benchHint.Show()
	}
}

// setGridTable shows a short table (a row per party or account) as a
// grid of labels, its header in bold, numbers aligned right.
func setGridTable(box *fyne.Container, t report.Table) {
	cols := len(t.Header)
	grid := container.NewGridWithColumns(cols)
	for i, h := range t.Header {
		align := fyne.TextAlignLeading
		if i > 0 {
			align = fyne.TextAlignTrailing
		}
		l := widget.NewLabelWithStyle(h, align, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord // on two lines rather than widening the window
		grid.Add(l)
	}
	for _, row := range t.Rows {
		for i := range cols {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			align := fyne.TextAlignLeading
			if i > 0 {
				align = fyne.TextAlignTrailing
			}
			l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{})
			l.Truncation = fyne.TextTruncateEllipsis
			grid.Add(l)
		}
	}
	box.Objects = []fyne.CanvasObject{widget.NewLabelWithStyle(t.Title, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), grid}
	box.Refresh()
}
