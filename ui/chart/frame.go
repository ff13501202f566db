package chart

import (
	"math"
	"strconv"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// The parts every chart shares, top to bottom: the title, the legend,
// the Y axis label (above the axis, read without tilting the head), the
// plot with its Y tick labels on the left and grid lines, the X tick
// labels, the X axis label. When the image is too small, the legend goes
// first, then the axis labels, then the title, then the tick labels.

// legendKind is how a legend item shows its series.
type legendKind int

const (
	legendLine legendKind = iota
	legendDashed
	legendSquare
)

type legendItem struct {
	name  string // cleaned
	color drawing.Color
	kind  legendKind
}

// frameSpec is what a chart with axes asks of its frame.
type frameSpec struct {
	title          string // cleaned, bold
	legend         []legendItem
	xLabel, yLabel string // cleaned
	values         valueRange
	integer        bool // whole Y steps: labels are integers
	formatValue    func(float64) string
}

// frame is the laid out chart: where the plot is and its Y axis.
type frame struct {
	c          *canvas
	content    rect // inside the padding
	plot       rect
	yTicks     []tick
	lo, hi     float64 // the Y axis' span
	showTicks  bool
	xTicksTop  float64 // top of the X tick labels' line box
	xLabelTop  float64
	showXLabel bool
}

// level is how much of the frame is drawn.
type level struct{ title, legend, axisLabels, ticks bool }

var levels = []level{
	{true, true, true, true},
	{true, false, true, true},
	{true, false, false, true},
	{false, false, false, true},
	{false, false, false, false},
}

// padding is the margin around the chart, less on a tiny image.
func (c *canvas) padding() float64 {
	return math.Min(c.pt(ptPadding), 0.06*float64(min(c.w, c.h)))
}

// layoutFrame lays out and draws the frame of a chart with axes: all
// but the data and the X tick labels, which depend on the chart.
func (c *canvas) layoutFrame(spec frameSpec) *frame {
	pad := c.padding()
	content := rect{pad, pad, float64(c.w) - pad, float64(c.h) - pad}
	minW, minH := c.pt(80), c.pt(48)
	var f *frame
	var lv level
	var legendRows [][]legendItem
	for i, l := range levels {
		lv = l
		f = &frame{c: c, content: content, showTicks: l.ticks}
		top := content.y0
		if l.title && spec.title != "" {
			top += c.lineHeight(styleTitle) + c.pt(ptGap)
		}
		legendRows = nil
		if l.legend && len(spec.legend) > 1 {
			legendRows = c.flowLegend(spec.legend, content.w())
			n := float64(len(legendRows))
			top += n*c.lineHeight(styleText) + (n-1)*c.pt(ptGap/2) + c.pt(ptGap)
		}
		if l.axisLabels && spec.yLabel != "" {
			top += c.lineHeight(styleMuted) + c.pt(ptGap/2)
		}
		bottom := content.y1
		if l.axisLabels && spec.xLabel != "" {
			bottom -= c.lineHeight(styleMuted) + c.pt(ptGap/2)
			f.xLabelTop = bottom + c.pt(ptGap/2)
			f.showXLabel = true
		}
		if l.ticks {
			top += c.lineHeight(styleMuted) / 2 // the top Y label sticks out
			bottom -= c.pt(ptTick) + c.pt(2) + c.lineHeight(styleMuted)
			f.xTicksTop = bottom + c.pt(ptTick) + c.pt(2)
		}
		count := int((bottom-top)/c.pt(ptYTickSpace)) + 1
		f.yTicks = niceTicks(spec.values.lo, spec.values.hi, min(max(count, 2), 8), spec.integer, spec.formatValue)
		f.lo, f.hi = f.yTicks[0].value, f.yTicks[len(f.yTicks)-1].value
		left := content.x0
		if l.ticks {
			widest := 0.0
			maxW := 0.3 * content.w()
			for i := range f.yTicks {
				f.yTicks[i].label = c.fit(clean(f.yTicks[i].label, c.fonts.regular), maxW, styleMuted)
				widest = math.Max(widest, c.measure(f.yTicks[i].label, styleMuted))
			}
			left += widest + c.pt(ptLabelGap)
		}
		f.plot = rect{left, top, content.x1, bottom}
		if f.plot.w() >= minW && f.plot.h() >= minH || i == len(levels)-1 {
			break
		}
	}
	if f.plot.w() < 1 || f.plot.h() < 1 {
		f.plot = content
	}

	// Draw it.
	top := content.y0
	if lv.title && spec.title != "" {
		c.textTop(c.fit(spec.title, content.w(), styleTitle), content.x0, top, alignStart, styleTitle)
		top += c.lineHeight(styleTitle) + c.pt(ptGap)
	}
	if legendRows != nil {
		top = c.drawLegend(legendRows, content.x0, top) + c.pt(ptGap)
	}
	if lv.axisLabels && spec.yLabel != "" {
		c.textTop(c.fit(spec.yLabel, content.w(), styleMuted), content.x0, top, alignStart, styleMuted)
	}
	if f.showXLabel {
		mid := f.plot.x0 + f.plot.w()/2
		width := 2 * math.Min(mid-content.x0, content.x1-mid)
		c.textTop(c.fit(spec.xLabel, width, styleMuted), mid, f.xLabelTop, alignCenter, styleMuted)
	}
	line := c.pt(ptGridLine)
	for _, t := range f.yTicks {
		y := f.y(t.value)
		if t.value != 0 && y < f.plot.y1-1 {
			c.hline(f.plot.x0, f.plot.x1, y, line, colorGrid)
		}
		if f.showTicks {
			c.textMiddle(t.label, f.plot.x0-c.pt(ptLabelGap), y, alignEnd, styleMuted)
		}
	}
	return f
}

// y returns the pixel row of value v.
func (f *frame) y(v float64) float64 {
	if f.hi == f.lo {
		return f.plot.y1
	}
	return f.plot.y1 - (v-f.lo)/(f.hi-f.lo)*f.plot.h()
}

// drawBaseline draws the X axis line, at 0 when it is in view, drawn
// after the data so that it stays crisp.
func (f *frame) drawBaseline() {
	y := f.plot.y1
	if f.lo < 0 && f.hi > 0 {
		y = f.y(0)
	}
	f.c.hline(f.plot.x0, f.plot.x1, y, f.c.pt(ptGridLine), colorAxis)
}

// xLabel is a label under the X axis, centred on x.
type xLabel struct {
	x    float64
	text string // cleaned
	mark bool   // with a tick mark
}

// drawXLabels draws the labels under the plot.
func (f *frame) drawXLabels(labels []xLabel) {
	if !f.showTicks {
		return
	}
	f.c.drawLabelRow(labels, f.xTicksTop, f.plot.y1, f.c.pt(ptTick))
}

// drawLabelRow draws labels centred on their x with their line box's
// top at top, kept inside the image; a label that would touch the one
// before is left out. A label drawn with a mark gets a tick mark from
// markY down markLen pixels.
func (c *canvas) drawLabelRow(labels []xLabel, top, markY, markLen float64) {
	gap := c.pt(ptMinTickGap) / 2
	pad := c.padding()
	lastEnd := math.Inf(-1)
	for _, l := range labels {
		w := c.measure(l.text, styleMuted)
		x0 := l.x - w/2
		x0 = math.Min(x0, float64(c.w)-pad-w)
		x0 = math.Max(x0, pad)
		if x0 < lastEnd+gap {
			continue
		}
		if l.mark && markLen > 0 {
			c.vline(l.x, markY, markY+markLen, c.pt(ptGridLine), colorAxis)
		}
		c.textTop(l.text, x0, top, alignStart, styleMuted)
		lastEnd = x0 + w
	}
}

// flowLegend splits items into rows that fit width, three at most; the
// items left out are counted in a last "+N" item.
func (c *canvas) flowLegend(items []legendItem, width float64) [][]legendItem {
	const maxRows = 3
	maxName := math.Max(width*0.5, width-c.pt(ptSwatch+ptSwatchGap))
	if len(items) < 3 {
		maxName = width - c.pt(ptSwatch+ptSwatchGap)
	}
	var rows [][]legendItem
	var row []legendItem
	x := 0.0
	shown := 0
	for _, it := range items {
		it.name = c.fit(it.name, maxName, styleText)
		w := c.legendWidth(it)
		if len(row) > 0 && x+c.pt(ptLegendGap)+w > width {
			rows = append(rows, row)
			row, x = nil, 0
			if len(rows) == maxRows {
				break
			}
		}
		if len(row) > 0 {
			x += c.pt(ptLegendGap)
		}
		row = append(row, it)
		x += w
		shown++
	}
	if len(row) > 0 && len(rows) < maxRows {
		rows = append(rows, row)
	}
	if hidden := len(items) - shown; hidden > 0 && len(rows) > 0 {
		last := rows[len(rows)-1]
		for len(last) > 0 {
			more := legendItem{name: "+" + strconv.Itoa(hidden), kind: -1}
			used := 0.0
			for i, it := range last {
				if i > 0 {
					used += c.pt(ptLegendGap)
				}
				used += c.legendWidth(it)
			}
			if used+c.pt(ptLegendGap)+c.measure(more.name, styleMuted) <= width {
				rows[len(rows)-1] = append(last, more)
				break
			}
			last = last[:len(last)-1]
			hidden++
		}
	}
	return rows
}

func (c *canvas) legendWidth(it legendItem) float64 {
	if it.kind < 0 {
		return c.measure(it.name, styleMuted)
	}
	sw := c.pt(ptSwatch)
	if it.kind == legendSquare {
		sw = c.pt(ptText)
	}
	return sw + c.pt(ptSwatchGap) + c.measure(it.name, styleText)
}

// drawLegend draws the rows from top and returns where they end.
func (c *canvas) drawLegend(rows [][]legendItem, left, top float64) float64 {
	lh := c.lineHeight(styleText)
	for r, row := range rows {
		if r > 0 {
			top += c.pt(ptGap / 2)
		}
		mid := top + lh/2
		x := left
		for i, it := range row {
			if i > 0 {
				x += c.pt(ptLegendGap)
			}
			if it.kind < 0 {
				c.textMiddle(it.name, x, mid, alignStart, styleMuted)
				x += c.measure(it.name, styleMuted)
				continue
			}
			sw := c.pt(ptSwatch)
			switch it.kind {
			case legendSquare:
				sw = c.pt(ptText)
				s := math.Round(sw * 0.85)
				c.fill(rect{x, math.Round(mid - s/2), x + s, math.Round(mid-s/2) + s}, it.color)
			case legendDashed:
				c.swatchLine(x, mid, sw, lighter(it.color), c.pt(ptDashedLine), []float64{c.pt(4), c.pt(3)})
			default:
				c.swatchLine(x, mid, sw, it.color, c.pt(ptLine), nil)
			}
			x += sw + c.pt(ptSwatchGap)
			c.textMiddle(it.name, x, mid, alignStart, styleText)
			x += c.measure(it.name, styleText)
		}
		top += lh
	}
	return top
}

func (c *canvas) swatchLine(x, y, w float64, col drawing.Color, width float64, dash []float64) {
	if dash == nil {
		c.hline(x, x+w, y, width, col)
		return
	}
	// Whole dashes, so that the swatch reads as dashed at any size.
	period := dash[0] + dash[1]
	for d := x; d+dash[0] <= x+w+0.5; d += period {
		c.hline(d, d+dash[0], y, width, col)
	}
}

// drawEmpty draws the title and, in the middle, the message word-wrapped.
func (c *canvas) drawEmpty(title, message string) {
	pad := c.padding()
	content := rect{pad, pad, float64(c.w) - pad, float64(c.h) - pad}
	top := content.y0
	if title != "" && content.h() > 3*c.lineHeight(styleTitle) {
		c.textTop(c.fit(title, content.w(), styleTitle), content.x0, top, alignStart, styleTitle)
		top += c.lineHeight(styleTitle) + c.pt(ptGap)
	}
	if message == "" {
		message = "—"
	}
	s := styleEmpty
	lh := c.lineHeight(s) * 1.2
	width := math.Min(content.w()*0.9, c.pt(480))
	maxLines := max(1, int((content.y1-top)/lh))
	lines := c.wrap(message, width, maxLines, s)
	// Centred in the image, unless that would cover the title.
	y := (float64(c.h) - float64(len(lines))*lh) / 2
	y = math.Max(y, top)
	cx := float64(c.w) / 2
	for _, l := range lines {
		c.textTop(l, cx, y+(lh-c.lineHeight(s))/2, alignCenter, s)
		y += lh
	}
}
