package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
}

func newVeilleSection(w *Window, r chart.Renderer) *veilleSection {
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
	v.content = container.NewVBox(
		veilleTitle(tr.T("report.section.voice")), v.voiceHint, v.voiceBox,
		veilleTitle(tr.T("report.section.competitors")), v.benchHint, v.benchBox,
	)
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
