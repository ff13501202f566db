package monitor

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// sparkSize is the size of a sparkline.
var sparkSize = fyne.NewSize(84, 24)

// sparkBins is how many points a sparkline draws: the hours are added up
// in groups, four hours a point over seven days.
const sparkBins = 42

// sparkline draws counts over time as a line, with no axis: a glance at
// a watch's last days.
type sparkline struct {
	widget.BaseWidget
	values []int
}

func newSparkline() *sparkline {
	s := &sparkline{}
	s.ExtendBaseWidget(s)
	return s
}

// set draws new counts, oldest first.
func (s *sparkline) set(values []int) {
	s.values = values
	s.Refresh()
}

// bins adds the counts up into sparkBins points.
func bins(values []int) []int {
	if len(values) == 0 {
		return nil
	}
	out := make([]int, sparkBins)
	for i, v := range values {
		out[i*sparkBins/len(values)] += v
	}
	return out
}

func (s *sparkline) CreateRenderer() fyne.WidgetRenderer {
	r := &sparkRenderer{s: s}
	r.base = canvas.NewLine(color.Transparent)
	r.rebuild()
	return r
}

type sparkRenderer struct {
	s     *sparkline
	base  *canvas.Line
	lines []*canvas.Line
	objs  []fyne.CanvasObject
	size  fyne.Size
}

func (r *sparkRenderer) rebuild() {
	points := bins(r.s.values)
	for len(r.lines) < max(len(points)-1, 0) {
		r.lines = append(r.lines, canvas.NewLine(color.Transparent))
	}
	r.lines = r.lines[:max(len(points)-1, 0)]
	r.objs = []fyne.CanvasObject{r.base}
	for _, l := range r.lines {
		r.objs = append(r.objs, l)
	}
	r.place(points)
}

func (r *sparkRenderer) place(points []int) {
	size := r.size
	if size.IsZero() {
		size = sparkSize
	}
	top := 1
	for _, p := range points {
		top = max(top, p)
	}
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	lineColour := th.Color(theme.ColorNamePrimary, v)
	r.base.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	r.base.StrokeWidth = 1
	r.base.Position1 = fyne.NewPos(0, size.Height-1)
	r.base.Position2 = fyne.NewPos(size.Width, size.Height-1)
	at := func(i, v int) fyne.Position {
		x := float32(i) * size.Width / float32(max(len(points)-1, 1))
		y := (size.Height - 2) * (1 - float32(v)/float32(top))
		return fyne.NewPos(x, y+1)
	}
	for i, l := range r.lines {
		l.StrokeColor = lineColour
		l.StrokeWidth = 1.5
		l.Position1 = at(i, points[i])
		l.Position2 = at(i+1, points[i+1])
		l.Refresh()
	}
	r.base.Refresh()
}

func (r *sparkRenderer) Layout(size fyne.Size) {
	r.size = size
	r.place(bins(r.s.values))
}

func (r *sparkRenderer) MinSize() fyne.Size           { return sparkSize }
func (r *sparkRenderer) Refresh()                     { r.rebuild() }
func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *sparkRenderer) Destroy()                     {}
