package chart

import (
	"math"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// The look of every chart: colours, and sizes in points (multiplied by
// Size.Scale to get pixels).
var (
	colorBackground = rgb(0xFFFFFF)
	colorText       = rgb(0x1F2328)
	colorMuted      = rgb(0x59636E) // tick and axis labels
	colorAxis       = rgb(0x8C959F)
	colorGrid       = rgb(0xE6E9EC)
	colorBlank      = rgb(0xD0D7DE) // outline of a heat map cell without data
	colorHeatLow    = rgb(0xEAF1FC)
	colorHeatHigh   = rgb(0x2F6FDE) // the accent colour

	// palette is Okabe and Ito's colour-blind safe set, without its
	// yellow, too pale on white.
	palette = []drawing.Color{
		rgb(0x0072B2), // blue
		rgb(0xE69F00), // orange
		rgb(0x009E73), // bluish green
		rgb(0xD55E00), // vermilion
		rgb(0xCC79A7), // reddish purple
		rgb(0x56B4E9), // sky blue
		rgb(0x4D4D4D), // dark grey
	}
)

const (
	ptPadding     = 12  // around the chart
	ptTitle       = 16  // title font size
	ptText        = 12  // legend, tick and axis label font size
	ptEmpty       = 14  // empty message font size
	ptGap         = 8   // between the title, the legend and the plot
	ptLabelGap    = 6   // between a tick label and the plot
	ptTick        = 4   // length of an X tick mark
	ptLine        = 2   // series line width
	ptDashedLine  = 1.5 // dashed series line width
	ptDash        = 5   // dash length
	ptDashGap     = 3.5 // gap between dashes
	ptDot         = 3   // radius of a lone point
	ptSwatch      = 16  // length of a legend line
	ptSwatchGap   = 5   // between a swatch and its name
	ptLegendGap   = 16  // between legend items
	ptGridLine    = 1   // grid and axis line width
	ptMinTickGap  = 16  // least room between two X tick labels
	ptYTickSpace  = 34  // least room between two Y ticks
	ptMaxBar      = 48  // widest bar
	ptCellGap     = 2   // between heat map cells
	ptScaleBar    = 120 // length of the heat map's colour scale
	ptScaleHeight = 10  // height of the heat map's colour scale
)

func rgb(hex uint32) drawing.Color {
	return drawing.Color{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 255}
}

// seriesColor is the colour of the i-th series or stack.
func seriesColor(i int) drawing.Color {
	return palette[i%len(palette)]
}

// mix returns a blended toward b by t in [0, 1].
func mix(a, b drawing.Color, t float64) drawing.Color {
	if math.IsNaN(t) {
		t = 0
	}
	t = math.Max(0, math.Min(1, t))
	ch := func(x, y uint8) uint8 {
		return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t))
	}
	return drawing.Color{R: ch(a.R, b.R), G: ch(a.G, b.G), B: ch(a.B, b.B), A: 255}
}

// lighter is the colour of a dashed series.
func lighter(c drawing.Color) drawing.Color {
	return mix(c, colorBackground, 0.4)
}

// heatColor is the colour of a heat map cell at t in [0, 1].
func heatColor(t float64) drawing.Color {
	return mix(colorHeatLow, colorHeatHigh, t)
}
