package chart

import (
	"math"
)

// labelSteps are the intervals at which bar labels are thinned out.
var labelSteps = []int{1, 2, 3, 4, 5, 6, 7, 10, 12, 14, 15, 20, 25, 30, 50, 60, 100}

func drawBars(c *canvas, b Bars) {
	title := clean(b.Title, c.fonts.bold)
	n := len(b.Labels)
	hasData := false
	for _, s := range b.Stacks {
		n = max(n, len(s.Values))
		hasData = hasData || len(s.Values) > 0
	}
	if !hasData {
		c.drawEmpty(title, clean(b.Empty, c.fonts.regular))
		return
	}
	formatValue := b.FormatValue
	if formatValue == nil {
		formatValue = formatInteger
	}

	// Positive parts stack up from 0, negative ones down.
	vr := valueRange{0, 0}
	pos, neg := make([]float64, n), make([]float64, n)
	for _, s := range b.Stacks {
		for i, v := range s.Values {
			v = barValue(v)
			if v > 0 {
				pos[i] = clampValue(pos[i] + v)
			} else {
				neg[i] = clampValue(neg[i] + v)
			}
			vr.hi = math.Max(vr.hi, pos[i])
			vr.lo = math.Min(vr.lo, neg[i])
		}
	}
	var legend []legendItem
	if len(b.Stacks) > 1 {
		for i, s := range b.Stacks {
			if name := clean(s.Name, c.fonts.regular); name != "" {
				legend = append(legend, legendItem{name: name, color: seriesColor(i), kind: legendSquare})
			}
		}
	}
	f := c.layoutFrame(frameSpec{
		title:       title,
		legend:      legend,
		xLabel:      clean(b.XLabel, c.fonts.regular),
		yLabel:      clean(b.YLabel, c.fonts.regular),
		values:      vr,
		integer:     b.FormatValue == nil,
		formatValue: formatValue,
	})

	slot := f.plot.w() / float64(n)
	barW := math.Min(slot*0.72, c.pt(ptMaxBar))
	if slot-barW < 1 && slot >= 3 {
		barW = slot - 1 // keep a pixel between bars
	}
	if slot < 3 {
		barW = slot
	}
	for i := range n {
		x0 := f.plot.x0 + float64(i)*slot + (slot-barW)/2
		up, down := 0.0, 0.0
		for k, s := range b.Stacks {
			if i >= len(s.Values) {
				continue
			}
			v := barValue(s.Values[i])
			var from, to float64
			switch {
			case v > 0:
				from, to = up, clampValue(up+v)
				up = to
			case v < 0:
				from, to = down, clampValue(down+v)
				down = to
			default:
				continue
			}
			y0, y1 := f.y(to), f.y(from)
			if y0 > y1 {
				y0, y1 = y1, y0
			}
			c.fill(rect{x0, y0, x0 + barW, y1}, seriesColor(k))
		}
	}
	f.drawBaseline()

	if f.showTicks {
		f.drawXLabels(c.barLabels(b.Labels, n, slot, f.plot.x0))
	}
}

// barValue is a value as drawn: missing (NaN) is 0.
func barValue(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return clampValue(v)
}

// barLabels returns the labels under the bars: every one when they fit,
// cut with "…" when there are few, else every k-th one for a round k.
func (c *canvas) barLabels(names []string, n int, slot, left float64) []xLabel {
	gap := c.pt(ptMinTickGap)
	texts := make([]string, n)
	widest := 0.0
	for i := range min(n, len(names)) {
		texts[i] = c.fit(clean(names[i], c.fonts.regular), c.pt(120), styleMuted)
		widest = math.Max(widest, c.measure(texts[i], styleMuted))
	}
	step := 1
	switch {
	case widest+gap <= slot:
	case slot-gap >= c.pt(36):
		for i, t := range texts {
			texts[i] = c.fit(t, slot-gap, styleMuted)
		}
	default:
		need := int(math.Ceil((widest + gap) / slot))
		step = need
		for _, s := range labelSteps {
			if s >= need {
				step = s
				break
			}
		}
		if step > labelSteps[len(labelSteps)-1] {
			step = (need + 99) / 100 * 100
		}
	}
	var labels []xLabel
	for i := 0; i < n; i += step {
		if texts[i] == "" {
			continue
		}
		labels = append(labels, xLabel{x: left + (float64(i)+0.5)*slot, text: texts[i], mark: step > 1})
	}
	return labels
}
