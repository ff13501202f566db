package chart

import (
	"math"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// heatLayout is where a heat map's parts go.
type heatLayout struct {
	grid       rect
	rows, cols int
	cellW      float64
	cellH      float64
	gap        float64 // between cells
	title      bool
	legendTop  float64 // NaN when the legend is not drawn
	labels     bool
	colsTop    float64 // top of the column labels
	rowLabelsX float64 // where the row labels end
}

// cell returns the box of the cell at row r, column k, gaps removed.
func (l heatLayout) cell(r, k int) rect {
	x0 := l.grid.x0 + float64(k)*l.cellW
	y0 := l.grid.y0 + float64(r)*l.cellH
	g := l.gap / 2
	return rect{math.Round(x0 + g), math.Round(y0 + g), math.Round(x0 + l.cellW - g), math.Round(y0 + l.cellH - g)}
}

// heatData is a heat map ready to draw: its values in a full grid, and
// their span.
type heatData struct {
	values     [][]float64 // NaN for no data
	rows, cols []string    // cleaned, one per row and column
	lo, hi     float64
	any        bool // some cell has a value
}

func prepareHeat(c *canvas, h Heatmap) heatData {
	rows, cols := len(h.Rows), len(h.Cols)
	rows = max(rows, len(h.Values))
	for _, r := range h.Values {
		cols = max(cols, len(r))
	}
	d := heatData{lo: math.Inf(1), hi: math.Inf(-1)}
	d.values = make([][]float64, rows)
	for r := range rows {
		d.values[r] = make([]float64, cols)
		for k := range cols {
			v := math.NaN()
			if r < len(h.Values) && k < len(h.Values[r]) {
				v = h.Values[r][k]
			}
			v = clampValue(v)
			if !math.IsNaN(v) {
				d.lo, d.hi, d.any = math.Min(d.lo, v), math.Max(d.hi, v), true
			}
			d.values[r][k] = v
		}
	}
	d.rows = make([]string, rows)
	for i := range min(rows, len(h.Rows)) {
		d.rows[i] = clean(h.Rows[i], c.fonts.regular)
	}
	d.cols = make([]string, cols)
	for i := range min(cols, len(h.Cols)) {
		d.cols[i] = clean(h.Cols[i], c.fonts.regular)
	}
	return d
}

func drawHeatmap(c *canvas, h Heatmap) {
	title := clean(h.Title, c.fonts.bold)
	d := prepareHeat(c, h)
	if !d.any {
		c.drawEmpty(title, clean(h.Empty, c.fonts.regular))
		return
	}
	format := h.FormatValue
	if format == nil {
		format = formatTwoDecimals
	}
	minLabel := clean(format(d.lo), c.fonts.regular)
	maxLabel := clean(format(d.hi), c.fonts.regular)
	l := c.layoutHeat(d, title != "")

	if l.title {
		c.textTop(c.fit(title, float64(c.w)-2*c.padding(), styleTitle), c.padding(), c.padding(), alignStart, styleTitle)
	}
	if !math.IsNaN(l.legendTop) {
		c.drawHeatLegend(clean(h.Legend, c.fonts.regular), minLabel, maxLabel, l.legendTop)
	}
	for r, row := range d.values {
		for k, v := range row {
			box := l.cell(r, k)
			if math.IsNaN(v) {
				c.outline(box, colorBlank)
				continue
			}
			c.fill(box, heatColor(d.scale(v)))
		}
	}
	if !l.labels {
		return
	}
	// Row labels, every k-th when rows are too thin for text.
	lh := c.lineHeight(styleMuted)
	rowStep := max(1, int(math.Ceil(lh/l.cellH)))
	maxRowW := l.rowLabelsX - c.padding()
	for r := 0; r < l.rows; r += rowStep {
		y := l.grid.y0 + (float64(r)+0.5)*l.cellH
		c.textMiddle(c.fit(d.rows[r], maxRowW, styleMuted), l.rowLabelsX, y, alignEnd, styleMuted)
	}
	labels := make([]xLabel, 0, l.cols)
	for k, name := range d.cols {
		if name != "" {
			labels = append(labels, xLabel{x: l.grid.x0 + (float64(k)+0.5)*l.cellW, text: c.fit(name, c.pt(120), styleMuted)})
		}
	}
	c.drawLabelRow(labels, l.colsTop, 0, 0)
}

// scale places v on the colour scale, 0 at the lowest value and 1 at
// the highest; a map of one value is mid-scale.
func (d heatData) scale(v float64) float64 {
	if !(d.hi > d.lo) {
		return 0.5
	}
	// Halves keep the span finite for values near ±maxValue.
	t := (v/2 - d.lo/2) / (d.hi/2 - d.lo/2)
	if math.IsNaN(t) {
		return 0
	}
	return t
}

// layoutHeat lays the heat map out, leaving parts out when it is small.
func (c *canvas) layoutHeat(d heatData, hasTitle bool) heatLayout {
	pad := c.padding()
	content := rect{pad, pad, float64(c.w) - pad, float64(c.h) - pad}
	var l heatLayout
	for i, lv := range levels {
		l = heatLayout{rows: len(d.values), cols: len(d.cols), legendTop: math.NaN()}
		top := content.y0
		if lv.title && hasTitle {
			l.title = true
			top += c.lineHeight(styleTitle) + c.pt(ptGap)
		}
		if lv.legend {
			l.legendTop = top
			top += math.Max(c.lineHeight(styleText), c.pt(ptScaleHeight)) + c.pt(ptGap)
		}
		bottom, left := content.y1, content.x0
		if lv.ticks {
			l.labels = true
			bottom -= c.lineHeight(styleMuted) + c.pt(ptLabelGap)
			l.colsTop = bottom + c.pt(ptLabelGap)
			widest := 0.0
			for _, r := range d.rows {
				widest = math.Max(widest, c.measure(r, styleMuted))
			}
			widest = math.Min(widest, 0.3*content.w())
			if widest > 0 {
				left += widest + c.pt(ptLabelGap)
			}
			l.rowLabelsX = left - c.pt(ptLabelGap)
		}
		l.grid = rect{left, top, content.x1, bottom}
		l.cellW = l.grid.w() / float64(max(1, l.cols))
		l.cellH = l.grid.h() / float64(max(1, l.rows))
		if l.cellW >= c.pt(6) && l.cellH >= c.pt(6) && l.grid.h() >= c.pt(24) || i == len(levels)-1 {
			break
		}
	}
	if l.grid.w() < 1 || l.grid.h() < 1 {
		l.grid = content
		l.cellW = l.grid.w() / float64(max(1, l.cols))
		l.cellH = l.grid.h() / float64(max(1, l.rows))
	}
	switch small := math.Min(l.cellW, l.cellH); {
	case small >= c.pt(12):
		l.gap = c.pt(ptCellGap)
	case small >= 4:
		l.gap = 1
	}
	return l
}

// drawHeatLegend draws "Legend  min ▭▭▭ max" at top.
func (c *canvas) drawHeatLegend(legend, minLabel, maxLabel string, top float64) {
	pad := c.padding()
	width := float64(c.w) - 2*pad
	mid := top + math.Max(c.lineHeight(styleText), c.pt(ptScaleHeight))/2
	minLabel = c.fit(minLabel, width/4, styleMuted)
	maxLabel = c.fit(maxLabel, width/4, styleMuted)
	barW := math.Min(c.pt(ptScaleBar), width/4)
	scaleW := c.measure(minLabel, styleMuted) + c.measure(maxLabel, styleMuted) + barW + 2*c.pt(ptSwatchGap)
	x := pad
	if legend != "" {
		legend = c.fit(legend, width-scaleW-c.pt(ptLegendGap), styleText)
		if legend != "" {
			c.textMiddle(legend, x, mid, alignStart, styleText)
			x += c.measure(legend, styleText) + c.pt(ptLegendGap)
		}
	}
	c.textMiddle(minLabel, x, mid, alignStart, styleMuted)
	x += c.measure(minLabel, styleMuted) + c.pt(ptSwatchGap)
	y0 := math.Round(mid - c.pt(ptScaleHeight)/2)
	y1 := y0 + math.Round(c.pt(ptScaleHeight))
	for i := 0.0; i < math.Round(barW); i++ {
		c.fill(rect{math.Round(x) + i, y0, math.Round(x) + i + 1, y1}, heatColor(i/math.Max(1, math.Round(barW)-1)))
	}
	x += barW + c.pt(ptSwatchGap)
	c.textMiddle(maxLabel, x, mid, alignStart, styleMuted)
}

// outline draws the 1-pixel border of r.
func (c *canvas) outline(r rect, col drawing.Color) {
	c.fill(rect{r.x0, r.y0, r.x1, r.y0 + 1}, col)
	c.fill(rect{r.x0, r.y1 - 1, r.x1, r.y1}, col)
	c.fill(rect{r.x0, r.y0, r.x0 + 1, r.y1}, col)
	c.fill(rect{r.x1 - 1, r.y0, r.x1, r.y1}, col)
}
