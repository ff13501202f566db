package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"sync"

	"fyne.io/fyne/v2/theme"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// Limits on the size of a chart, in pixels a side. Below MinPixels
// there is no room for a chart; MaxPixels keeps an image under 256 MiB
// (an A4 page at 300 dpi is 3508 pixels wide).
const (
	MinPixels = 32
	MaxPixels = 8192
	maxScale  = 16
)

// ErrSize is returned for a Size that cannot be drawn.
var ErrSize = errors.New("chart: size out of range")

// New returns the Renderer used by Relais. It draws with go-chart's
// raster renderer (github.com/wcharczuk/go-chart/v2, pinned) in Fyne's
// own Noto Sans, so that charts look like the window around them. The
// fonts are parsed on first use. The Renderer is safe for concurrent use.
func New() Renderer {
	return &goChart{}
}

// PNG encodes img as a PNG file, for "save as PNG" and the PDF report.
func PNG(img image.Image) ([]byte, error) {
	if img == nil {
		return nil, errors.New("chart: no image to encode")
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// goChart is the Renderer backed by go-chart. It holds the parsed fonts.
type goChart struct {
	once  sync.Once
	fonts *fontSet
	err   error
}

var _ Renderer = (*goChart)(nil)

// Lines draws c; see Renderer.
func (g *goChart) Lines(c Lines, size Size) (image.Image, error) {
	cv, err := g.canvas(size)
	if err != nil {
		return nil, err
	}
	drawLines(cv, c)
	return cv.img, nil
}

// Bars draws c; see Renderer.
func (g *goChart) Bars(c Bars, size Size) (image.Image, error) {
	cv, err := g.canvas(size)
	if err != nil {
		return nil, err
	}
	drawBars(cv, c)
	return cv.img, nil
}

// Heatmap draws c; see Renderer.
func (g *goChart) Heatmap(c Heatmap, size Size) (image.Image, error) {
	cv, err := g.canvas(size)
	if err != nil {
		return nil, err
	}
	drawHeatmap(cv, c)
	return cv.img, nil
}

// canvas checks size and returns a blank canvas of that size.
func (g *goChart) canvas(size Size) (*canvas, error) {
	scale, err := size.check()
	if err != nil {
		return nil, err
	}
	g.once.Do(func() { g.fonts, g.err = parseFonts() })
	if g.err != nil {
		return nil, g.err
	}
	return newCanvas(size.Width, size.Height, scale, g.fonts)
}

// check returns the size's scale, or ErrSize when it cannot be drawn.
func (s Size) check() (float64, error) {
	if s.Width < MinPixels || s.Height < MinPixels {
		return 0, fmt.Errorf("%w: %d×%d px, at least %d×%d", ErrSize, s.Width, s.Height, MinPixels, MinPixels)
	}
	if s.Width > MaxPixels || s.Height > MaxPixels {
		return 0, fmt.Errorf("%w: %d×%d px, at most %d×%d", ErrSize, s.Width, s.Height, MaxPixels, MaxPixels)
	}
	scale := float64(s.Scale)
	if scale == 0 {
		scale = 1
	}
	if math.IsNaN(scale) || scale < 0 || scale > maxScale {
		return 0, fmt.Errorf("%w: scale %v", ErrSize, s.Scale)
	}
	return scale, nil
}

// fontSet is Fyne's Noto Sans, regular and bold, with the metrics the
// layout needs, as fractions of the em.
type fontSet struct {
	regular, bold *truetype.Font
	ascent        float64 // above the baseline
	descent       float64 // below the baseline, positive
	capHeight     float64 // height of "H"
}

func parseFonts() (*fontSet, error) {
	regular, err := truetype.Parse(theme.DefaultTextFont().Content())
	if err != nil {
		return nil, fmt.Errorf("chart: parse text font: %w", err)
	}
	bold, err := truetype.Parse(theme.DefaultTextBoldFont().Content())
	if err != nil {
		return nil, fmt.Errorf("chart: parse bold font: %w", err)
	}
	// Metrics at 64 pixels per em, precise to 1/4096 em; a face's glyph
	// cache grows with its size, one entry is enough here.
	const em = 64
	m := truetype.NewFace(regular, &truetype.Options{Size: em, DPI: 72, GlyphCacheEntries: 1}).Metrics()
	fs := &fontSet{
		regular: regular,
		bold:    bold,
		ascent:  float64(m.Ascent) / 64 / em,
		descent: float64(m.Descent) / 64 / em,
	}
	var glyph truetype.GlyphBuf
	if err := glyph.Load(regular, em*64, regular.Index('H'), font.HintingNone); err == nil {
		fs.capHeight = math.Abs(float64(glyph.Bounds.Max.Y)) / 64 / em
	}
	if fs.capHeight <= 0 || fs.capHeight > fs.ascent {
		fs.capHeight = 0.7 * fs.ascent
	}
	if fs.ascent <= 0 {
		return nil, errors.New("chart: text font has no ascent")
	}
	return fs, nil
}
