package monitor

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/spike"
)

// The volume tab: one watch's items per hour over the last seven days,
// or per day over the last thirty, as bars; the hours the spike
// detection flags (app/monitor/spike: far above the watch's own
// baseline, in volume or in negative share) in red, with a mark above,
// and listed under the chart with their figures.

// volumeTab is the tab's widgets.
type volumeTab struct {
	watch  *codeSelect
	scale  *codeSelect
	chart  *volumeChart
	title  *widget.Label
	axis   *widget.Label // the period's first and last dates
	spikes *widget.Label // the spikes in words
	loads  int
}

// The scales of the chart.
const (
	scaleHours = "hours" // 7 days, an hour a bar
	scaleDays  = "days"  // 30 days, a day a bar
)

func (s *Screen) buildVolume() fyne.CanvasObject {
	tr, v := s.tr, &s.volume
	v.watch = newCodeSelect(nil, nil, s.loadVolume)
	v.scale = newCodeSelect([]string{scaleHours, scaleDays}, []string{tr.T("monitor.volume.hours"), tr.T("monitor.volume.days")}, s.loadVolume)
	v.chart = newVolumeChart(tr.Number)
	v.title = widget.NewLabel("")
	v.title.TextStyle.Bold = true
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.axis = widget.NewLabel("")
	v.axis.Importance = widget.LowImportance
	v.spikes = widget.NewLabel(tr.T("monitor.volume.no_watch"))
	v.spikes.Wrapping = fyne.TextWrapWord
	legend := widget.NewLabel(tr.T("monitor.volume.legend"))
	legend.Importance = widget.LowImportance
	legend.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewGridWithColumns(2, v.watch.sel, v.scale.sel), v.title)
	bottom := container.NewVBox(v.axis, legend, v.spikes)
	// The figures under the chart take what they need (five spikes at
	// most); the chart the rest.
	return container.NewBorder(top, bottom, nil, nil, container.NewPadded(v.chart))
}

// offerVolumeWatches sets the chart's watch options, keeping the one
// chosen, else the stream's filter's.
func (s *Screen) offerVolumeWatches() {
	var codes, labels []string
	for _, w := range s.watches {
		codes = append(codes, w.ID.String())
		labels = append(labels, w.Name)
	}
	v := &s.volume
	if v.watch.code == "" && s.fWatch.code != "" {
		v.watch.code = s.fWatch.code
	}
	before := v.watch.code
	v.watch.offer(codes, labels)
	if v.watch.code != before || v.chart.bars == nil {
		s.loadVolume()
	}
}

// volumeData is what one reading of the chart brought.
type volumeData struct {
	name   string
	bars   []int
	spiked []bool
	start  time.Time
	step   time.Duration
	spikes []mon.WatchSpike
}

// loadVolume reads the chosen watch's counts and spikes, off the UI
// goroutine.
func (s *Screen) loadVolume() {
	v := &s.volume
	if v.chart == nil || s.d.Service == nil {
		return
	}
	id, err := app.ParseID(v.watch.code)
	if err != nil {
		v.title.SetText("")
		v.chart.set(nil, nil)
		v.spikes.SetText(s.tr.T("monitor.volume.no_watch"))
		return
	}
	name := v.watch.sel.Selected
	v.loads++
	load := v.loads
	hourly := v.scale.code != scaleDays
	svc, now := s.d.Service, s.d.Clock.Now()
	s.d.Go(func() {
		d, err := readVolume(context.Background(), svc, id, now, hourly)
		d.name = name
		s.d.Do(func() {
			if load != v.loads {
				return
			}
			if err != nil {
				v.spikes.SetText(s.tr.Error(err))
				return
			}
			s.showVolume(d, hourly)
		})
	})
}

// readVolume reads a watch's bars: 168 hours, or 30 days in the user's
// zone, each with whether a spike hour is in it.
func readVolume(ctx context.Context, svc Service, id app.ID, now time.Time, hourly bool) (volumeData, error) {
	d := volumeData{step: time.Hour}
	n := sparkHours
	end := now.Truncate(time.Hour).Add(time.Hour)
	if !hourly {
		n, d.step = 30, 24*time.Hour
		y, m, day := now.Date()
		end = time.Date(y, m, day+1, 0, 0, 0, 0, now.Location())
	}
	d.start = end.Add(-time.Duration(n) * d.step)
	if !hourly {
		y, m, day := end.Date()
		d.start = time.Date(y, m, day-n, 0, 0, 0, 0, end.Location())
	}
	hours, err := svc.Series(ctx, id, d.start, end)
	if err != nil {
		return d, err
	}
	d.bars, d.spiked = make([]int, n), make([]bool, n)
	index := func(t time.Time) int {
		if hourly {
			return int(t.Sub(d.start) / time.Hour)
		}
		i := 0
		for i < n && !t.Before(dayStart(d.start, i+1)) {
			i++
		}
		return i
	}
	for _, h := range hours {
		if i := index(h.Start.In(now.Location())); i >= 0 && i < n {
			d.bars[i] += h.Count
		}
	}
	all, err := svc.Spikes(ctx, id)
	if err != nil {
		return d, err
	}
	for _, sp := range all {
		if i := index(sp.Hour.Start.In(now.Location())); i >= 0 && i < n {
			d.spiked[i] = true
			d.spikes = append(d.spikes, sp)
		}
	}
	return d, nil
}

// dayStart is the midnight i days after start's, in its zone (a day of
// 23 or 25 hours stays one day).
func dayStart(start time.Time, i int) time.Time {
	y, m, d := start.Date()
	return time.Date(y, m, d+i, 0, 0, 0, 0, start.Location())
}

func (s *Screen) showVolume(d volumeData, hourly bool) {
	tr, v := s.tr, &s.volume
	total := 0
	for _, b := range d.bars {
		total += b
	}
	v.title.SetText(tr.N("monitor.volume.title", total, "watch", d.name))
	v.chart.set(d.bars, d.spiked)
	last := d.start.Add(time.Duration(len(d.bars)-1) * d.step)
	if !hourly {
		last = dayStart(d.start, len(d.bars)-1)
	}
	layout := "2006-01-02 15:04"
	if !hourly {
		layout = "2006-01-02"
	}
	v.axis.SetText(tr.T("monitor.volume.axis", "from", d.start.Format(layout), "to", last.Format(layout)))
	if len(d.spikes) == 0 {
		v.spikes.SetText(tr.T("monitor.volume.no_spike"))
		return
	}
	text := tr.N("monitor.volume.spikes", len(d.spikes))
	for i := len(d.spikes) - 1; i >= 0 && i >= len(d.spikes)-5; i-- {
		sp := d.spikes[i]
		line := tr.N("monitor.volume.spike", sp.Hour.Count, "when", tr.Date(sp.Hour.Start, s.d.Clock.Now())+" "+sp.Hour.Start.Format("15:04"),
			"expected", tr.Number(int(sp.Expected+0.5)), "percent", tr.Number(sp.Percent()))
		if sp.Reason.Has(spike.NegativeShare) {
			line += " · " + tr.T("monitor.volume.negative")
		}
		text += "\n• " + line
	}
	v.spikes.SetText(text)
}

// volumeChart draws counts as bars, the spiked ones in red with a mark
// above, and the highest count at the top left.
type volumeChart struct {
	widget.BaseWidget
	bars   []int
	spiked []bool
	number func(int) string
}

func newVolumeChart(number func(int) string) *volumeChart {
	c := &volumeChart{number: number}
	c.ExtendBaseWidget(c)
	return c
}

func (c *volumeChart) set(bars []int, spiked []bool) {
	c.bars, c.spiked = bars, spiked
	c.Refresh()
}

// markers counts the spike marks drawn.
func (c *volumeChart) markers() int {
	n := 0
	for _, on := range c.spiked {
		if on {
			n++
		}
	}
	return n
}

func (c *volumeChart) CreateRenderer() fyne.WidgetRenderer {
	r := &volumeRenderer{c: c, top: canvas.NewText("", color.Black), base: canvas.NewLine(color.Black)}
	r.top.TextSize = theme.CaptionTextSize()
	r.rebuild()
	return r
}

type volumeRenderer struct {
	c     *volumeChart
	top   *canvas.Text
	base  *canvas.Line
	rects []*canvas.Rectangle
	marks []*canvas.Circle
	objs  []fyne.CanvasObject
	size  fyne.Size
}

func (r *volumeRenderer) rebuild() {
	for len(r.rects) < len(r.c.bars) {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
	}
	r.rects = r.rects[:len(r.c.bars)]
	r.marks = r.marks[:0]
	for _, on := range r.c.spiked {
		if on {
			r.marks = append(r.marks, canvas.NewCircle(color.Transparent))
		}
	}
	r.objs = []fyne.CanvasObject{r.base, r.top}
	for _, x := range r.rects {
		r.objs = append(r.objs, x)
	}
	for _, m := range r.marks {
		r.objs = append(r.objs, m)
	}
	r.place()
}

func (r *volumeRenderer) place() {
	size := r.size
	if size.IsZero() {
		size = r.MinSize()
	}
	th := theme.Current()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	barColour := th.Color(theme.ColorNamePrimary, variant)
	spikeColour := th.Color(theme.ColorNameError, variant)
	r.base.StrokeColor = th.Color(theme.ColorNameSeparator, variant)
	r.top.Color = th.Color(theme.ColorNamePlaceHolder, variant)
	highest := 0
	for _, b := range r.c.bars {
		highest = max(highest, b)
	}
	r.top.Text = ""
	if highest > 0 {
		r.top.Text = r.c.number(highest)
	}
	r.top.Move(fyne.NewPos(0, 0))
	head := r.top.MinSize().Height + 10 // room for the top value and the marks
	plot := size.Height - head - 1
	r.base.Position1 = fyne.NewPos(0, size.Height-1)
	r.base.Position2 = fyne.NewPos(size.Width, size.Height-1)
	n := len(r.c.bars)
	slot := size.Width / float32(max(n, 1))
	gap := min(slot*0.2, 2)
	m := 0
	for i, rect := range r.rects {
		h := float32(0)
		if highest > 0 {
			h = plot * float32(r.c.bars[i]) / float32(highest)
		}
		if r.c.bars[i] > 0 {
			h = max(h, 1)
		}
		rect.FillColor = barColour
		if i < len(r.c.spiked) && r.c.spiked[i] {
			rect.FillColor = spikeColour
			mark := r.marks[m]
			m++
			mark.FillColor = spikeColour
			d := min(max(slot, 6), 10)
			mark.Resize(fyne.NewSquareSize(d))
			mark.Move(fyne.NewPos(float32(i)*slot+slot/2-d/2, size.Height-1-h-d-2))
			mark.Refresh()
		}
		rect.Resize(fyne.NewSize(max(slot-gap, 1), h))
		rect.Move(fyne.NewPos(float32(i)*slot, size.Height-1-h))
		rect.Refresh()
	}
	r.top.Refresh()
	r.base.Refresh()
}

func (r *volumeRenderer) Layout(size fyne.Size) {
	r.size = size
	r.place()
}

func (r *volumeRenderer) MinSize() fyne.Size           { return fyne.NewSize(200, 160) }
func (r *volumeRenderer) Refresh()                     { r.rebuild() }
func (r *volumeRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *volumeRenderer) Destroy()                     {}
