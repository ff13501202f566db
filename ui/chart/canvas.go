package chart

import (
	"image"
	"image/draw"
	"math"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/math/fixed"
)

// canvas is one image being drawn: go-chart's raster renderer for text
// and lines, and its pixels for plain rectangles, which image/draw fills
// exactly. Coordinates are pixels, lengths given in points go through pt.
type canvas struct {
	r     gochart.Renderer
	img   *image.RGBA
	w, h  int
	scale float64
	fonts *fontSet
	gc    *drawing.RasterGraphicContext // for lines, made when needed
}

func newCanvas(w, h int, scale float64, fonts *fontSet) (*canvas, error) {
	r, err := gochart.PNG(w, h)
	if err != nil {
		return nil, err
	}
	// Saving to an ImageWriter hands over the renderer's own pixels,
	// without encoding: what is drawn later shows in img.
	var iw gochart.ImageWriter
	if err := r.Save(&iw); err != nil {
		return nil, err
	}
	img, err := iw.Image()
	if err != nil {
		return nil, err
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return nil, errNotRGBA
	}
	// go-chart's pixel size of a font is size × DPI / 64: with this DPI a
	// font size in points is Scale pixels per point.
	r.SetDPI(64 * scale)
	c := &canvas{r: r, img: rgba, w: w, h: h, scale: scale, fonts: fonts}
	c.fill(rect{0, 0, float64(w), float64(h)}, colorBackground)
	return c, nil
}

// pt converts points to pixels.
func (c *canvas) pt(v float64) float64 { return v * c.scale }

// rect is a box in pixels.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

// fill paints r, snapped to whole pixels.
func (c *canvas) fill(r rect, col drawing.Color) {
	b := image.Rect(int(math.Round(r.x0)), int(math.Round(r.y0)), int(math.Round(r.x1)), int(math.Round(r.y1)))
	draw.Draw(c.img, b, image.NewUniform(col), image.Point{}, draw.Src)
}

// hline draws a horizontal line of width w pixels centred on y.
func (c *canvas) hline(x0, x1, y, w float64, col drawing.Color) {
	w = math.Max(1, math.Round(w))
	top := math.Round(y - w/2)
	c.fill(rect{x0, top, x1, top + w}, col)
}

// vline draws a vertical line of width w pixels centred on x.
func (c *canvas) vline(x, y0, y1, w float64, col drawing.Color) {
	w = math.Max(1, math.Round(w))
	left := math.Round(x - w/2)
	c.fill(rect{left, y0, left + w, y1}, col)
}

// fpoint is a point in pixels, not rounded.
type fpoint struct{ x, y float64 }

// polyline strokes the points joined by straight lines, dashed when
// dash is not nil: lengths on and off, in pixels. It draws with
// go-chart's graphic context, which takes fractional pixels, and dashes
// the line itself: go-chart's dasher loses its count on segments shorter
// than a dash, and a daily series is made of those.
func (c *canvas) polyline(pts []fpoint, col drawing.Color, width float64, dash []float64) {
	if len(pts) < 2 {
		return
	}
	if c.gc == nil {
		gc, err := drawing.NewRasterGraphicContext(c.img)
		if err != nil {
			return // cannot happen: img is RGBA
		}
		c.gc = gc
	}
	gc := c.gc
	gc.SetStrokeColor(col)
	gc.SetLineWidth(width)
	gc.SetLineCap(drawing.ButtCap)
	gc.SetLineJoin(drawing.RoundJoin)
	trace := func(sub []fpoint) {
		gc.MoveTo(sub[0].x, sub[0].y)
		for _, p := range sub[1:] {
			gc.LineTo(p.x, p.y)
		}
	}
	if len(dash) == 2 && dash[0] > 0 && dash[1] > 0 {
		dashes(pts, dash[0], dash[1], trace)
	} else {
		trace(pts)
	}
	gc.Stroke()
}

// dashes cuts the line through pts into dashes on pixels long, off
// apart, and passes each to emit.
func dashes(pts []fpoint, on, off float64, emit func([]fpoint)) {
	var dash []fpoint
	drawn := true // in a dash, not a gap
	left := on    // of the current dash or gap
	dash = append(dash, pts[0])
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		length := math.Hypot(b.x-a.x, b.y-a.y)
		at := 0.0
		for length-at >= left {
			at += left
			p := fpoint{a.x + (b.x-a.x)*at/length, a.y + (b.y-a.y)*at/length}
			if drawn {
				emit(append(dash, p))
				dash = dash[:0]
				left = off
			} else {
				dash = append(dash[:0], p)
				left = on
			}
			drawn = !drawn
		}
		left -= length - at
		if drawn {
			dash = append(dash, b)
		}
	}
	if drawn && len(dash) > 1 {
		emit(dash)
	}
}

// dot fills a disc of radius px at p.
func (c *canvas) dot(p fpoint, radius float64, col drawing.Color) {
	c.r.SetFillColor(col)
	c.r.Circle(radius, int(math.Round(p.x)), int(math.Round(p.y)))
	c.r.Fill()
}

// textStyle is a font, its size in points and its colour.
type textStyle struct {
	bold  bool
	size  float64
	color drawing.Color
}

var (
	styleTitle = textStyle{bold: true, size: ptTitle, color: colorText}
	styleText  = textStyle{size: ptText, color: colorText}
	styleMuted = textStyle{size: ptText, color: colorMuted}
	styleEmpty = textStyle{size: ptEmpty, color: colorMuted}
)

func (c *canvas) font(s textStyle) *truetype.Font {
	if s.bold {
		return c.fonts.bold
	}
	return c.fonts.regular
}

// ppem is the font's size in pixels per em, as go-chart computes it.
func (c *canvas) ppem(s textStyle) fixed.Int26_6 {
	return fixed.Int26_6(s.size * c.r.GetDPI())
}

// measure returns the advance width of text in pixels, the way go-chart
// lays it out when drawing it.
func (c *canvas) measure(text string, s textStyle) float64 {
	f := c.font(s)
	scale := c.ppem(s)
	var x fixed.Int26_6
	prev, hasPrev := truetype.Index(0), false
	for _, r := range text {
		i := f.Index(r)
		if hasPrev {
			x += f.Kern(scale, prev, i)
		}
		x += f.HMetric(scale, i).AdvanceWidth
		prev, hasPrev = i, true
	}
	return float64(x) / 64
}

// Vertical metrics of a style, in pixels.
func (c *canvas) ascent(s textStyle) float64  { return c.fonts.ascent * c.pt(s.size) }
func (c *canvas) descent(s textStyle) float64 { return c.fonts.descent * c.pt(s.size) }
func (c *canvas) capHeight(s textStyle) float64 {
	return c.fonts.capHeight * c.pt(s.size)
}
func (c *canvas) lineHeight(s textStyle) float64 { return c.ascent(s) + c.descent(s) }

// align is where a text's x is: its start, centre or end.
type align int

const (
	alignStart align = iota
	alignCenter
	alignEnd
)

// text draws text, already cleaned, with its baseline at y.
func (c *canvas) text(text string, x, y float64, a align, s textStyle) {
	if text == "" {
		return
	}
	switch a {
	case alignCenter:
		x -= c.measure(text, s) / 2
	case alignEnd:
		x -= c.measure(text, s)
	}
	c.r.SetFont(c.font(s))
	c.r.SetFontSize(s.size)
	c.r.SetFontColor(s.color)
	c.r.Text(text, int(math.Round(x)), int(math.Round(y)))
}

// textTop draws text with the top of its line box at top.
func (c *canvas) textTop(text string, x, top float64, a align, s textStyle) {
	c.text(text, x, top+c.ascent(s), a, s)
}

// textMiddle draws text centred vertically on y.
func (c *canvas) textMiddle(text string, x, y float64, a align, s textStyle) {
	c.text(text, x, y+c.capHeight(s)/2, a, s)
}
