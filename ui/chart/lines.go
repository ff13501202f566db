package chart

import (
	"math"
	"slices"
	"time"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// maxDateTicks is the most dates written under a line chart.
const maxDateTicks = 8

// lineSeries is a series ready to draw: its runs of finite points, in
// time order, and its look.
type lineSeries struct {
	runs   [][]Point
	color  drawing.Color
	dashed bool
}

func drawLines(c *canvas, l Lines) {
	title := clean(l.Title, c.fonts.bold)
	formatDate := l.FormatDate
	if formatDate == nil {
		formatDate = formatDay
	}
	formatValue := l.FormatValue
	if formatValue == nil {
		formatValue = formatInteger
	}

	// Colours: the k-th dashed series takes the colour of the k-th solid
	// one, so that each previous period matches its current one whether
	// the series come as a, a′, b, b′ or as a, b, a′, b′.
	series := make([]lineSeries, len(l.Series))
	var legend []legendItem
	solid, dashed := 0, 0
	points := 0
	vr := valueRange{math.Inf(1), math.Inf(-1)}
	var from, to time.Time
	for i, s := range l.Series {
		ls := lineSeries{dashed: s.Dashed, runs: splitRuns(s.Points)}
		if s.Dashed {
			ls.color = seriesColor(dashed)
			dashed++
		} else {
			ls.color = seriesColor(solid)
			solid++
		}
		for _, run := range ls.runs {
			for _, p := range run {
				vr.lo, vr.hi = math.Min(vr.lo, p.Y), math.Max(vr.hi, p.Y)
				if points == 0 || p.X.Before(from) {
					from = p.X
				}
				if points == 0 || p.X.After(to) {
					to = p.X
				}
				points++
			}
		}
		series[i] = ls
		kind := legendLine
		if s.Dashed {
			kind = legendDashed
		}
		if name := clean(s.Name, c.fonts.regular); name != "" {
			legend = append(legend, legendItem{name: name, color: ls.color, kind: kind})
		}
	}
	if points == 0 {
		c.drawEmpty(title, clean(l.Empty, c.fonts.regular))
		return
	}
	if len(l.Series) < 2 {
		legend = nil
	}
	// A line chart need not start at 0, but when the values come near it
	// a zero base reads better.
	if vr.lo >= 0 && vr.lo <= 0.3*vr.hi {
		vr.lo = 0
	}
	f := c.layoutFrame(frameSpec{
		title:       title,
		legend:      legend,
		xLabel:      clean(l.XLabel, c.fonts.regular),
		yLabel:      clean(l.YLabel, c.fonts.regular),
		values:      vr,
		integer:     l.FormatValue == nil,
		formatValue: formatValue,
	})

	// One moment only: show a day around it.
	if !to.After(from) {
		from, to = from.Add(-12*time.Hour), to.Add(12*time.Hour)
	}
	t0, span := seconds(from), seconds(to)-seconds(from)
	x := func(t time.Time) float64 {
		return f.plot.x0 + (seconds(t)-t0)/span*f.plot.w()
	}

	if f.showTicks {
		f.drawXLabels(c.dateLabels(f, from, to, x, formatDate))
	}

	// Dashed lines under solid ones.
	for _, pass := range []bool{true, false} {
		for _, s := range series {
			if s.dashed != pass {
				continue
			}
			col, width, dash := s.color, c.pt(ptLine), []float64(nil)
			if s.dashed {
				col, width = lighter(col), c.pt(ptDashedLine)
				dash = []float64{c.pt(ptDash), c.pt(ptDashGap)}
			}
			for _, run := range s.runs {
				pts := make([]fpoint, 0, len(run))
				for _, p := range run {
					q := fpoint{x(p.X), f.y(p.Y)}
					if n := len(pts); n > 0 && math.Abs(pts[n-1].x-q.x) < 0.25 && math.Abs(pts[n-1].y-q.y) < 0.25 {
						continue
					}
					pts = append(pts, q)
				}
				if len(pts) == 1 {
					c.dot(pts[0], c.pt(ptDot), col)
					continue
				}
				c.polyline(pts, col, width, dash)
			}
		}
	}
	f.drawBaseline()
}

// dateLabels picks the dates to write under the axis: round dates, at
// most maxDateTicks, whose labels differ and do not touch.
func (c *canvas) dateLabels(f *frame, from, to time.Time, x func(time.Time) float64, format func(time.Time) string) []xLabel {
	gap := c.pt(ptMinTickGap)
	label := func(t time.Time) string {
		return clean(format(t), c.fonts.regular)
	}
	fits := func(ticks []dateTick) bool {
		prevX, prevW := 0.0, 0.0
		for i, t := range ticks {
			t.label = c.fit(label(t.at), f.plot.w(), styleMuted)
			ticks[i] = t
			w := c.measure(t.label, styleMuted)
			tx := x(t.at)
			if i > 0 && tx-prevX < (w+prevW)/2+gap {
				return false
			}
			prevX, prevW = tx, w
		}
		return true
	}
	ticks := dateTicks(from, to, maxDateTicks, format, fits)
	if ticks == nil {
		// No round dates fit: the first and the last, or the middle.
		ticks = []dateTick{{at: from}, {at: to}}
		if !fits(ticks) || ticks[0].label == ticks[1].label {
			ticks = []dateTick{{at: from.Add(to.Sub(from) / 2)}}
			fits(ticks)
		}
	}
	labels := make([]xLabel, len(ticks))
	for i, t := range ticks {
		labels[i] = xLabel{x: x(t.at), text: t.label, mark: true}
	}
	return labels
}

// splitRuns returns the points with a finite value in time order, cut
// where a value is NaN or infinite.
func splitRuns(points []Point) [][]Point {
	sorted := slices.Clone(points)
	slices.SortStableFunc(sorted, func(a, b Point) int { return a.X.Compare(b.X) })
	var runs [][]Point
	var run []Point
	for _, p := range sorted {
		if math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
			if len(run) > 0 {
				runs = append(runs, run)
			}
			run = nil
			continue
		}
		p.Y = clampValue(p.Y)
		run = append(run, p)
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// seconds is t as seconds since the epoch, precise enough for a chart.
func seconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}
