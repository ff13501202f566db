package chart

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

var testSizes = []Size{
	{Width: 800, Height: 400, Scale: 1},
	{Width: 1600, Height: 800, Scale: 2},
	{Width: 640, Height: 480}, // Scale 0 means 1
	{Width: 333, Height: 217, Scale: 1.5},
}

// drawAll draws each sample chart, and each chart's empty state.
func drawAll(r Renderer) map[string]func(Size) (image.Image, error) {
	return map[string]func(Size) (image.Image, error){
		"lines":     func(s Size) (image.Image, error) { return r.Lines(followersYear(true), s) },
		"bars year": func(s Size) (image.Image, error) { return r.Bars(inboxYear(), s) },
		"bars week": func(s Size) (image.Image, error) { return r.Bars(weekBars(), s) },
		"heatmap":   func(s Size) (image.Image, error) { return r.Heatmap(engagementWeek(), s) },
		"lines empty": func(s Size) (image.Image, error) {
			return r.Lines(Lines{Title: "Abonnés", Empty: "Aucune donnée"}, s)
		},
		"bars empty":    func(s Size) (image.Image, error) { return r.Bars(Bars{Empty: "Aucun message"}, s) },
		"heatmap empty": func(s Size) (image.Image, error) { return r.Heatmap(Heatmap{Empty: "Rien à montrer"}, s) },
	}
}

func TestChartsHaveTheSizeAskedAndAreNotBlank(t *testing.T) {
	r := New()
	for name, draw := range drawAll(r) {
		for _, s := range testSizes {
			img, err := draw(s)
			if err != nil {
				t.Fatalf("%s at %v: %v", name, s, err)
			}
			if b := img.Bounds(); b != image.Rect(0, 0, s.Width, s.Height) {
				t.Errorf("%s at %v: bounds %v", name, s, b)
			}
			ink := inkRatio(img, img.Bounds())
			colours := distinctColours(img)
			if ink < 0.0005 || colours < 8 {
				t.Errorf("%s at %v: looks blank: %.4f of pixels drawn, %d colours", name, s, ink, colours)
			}
		}
	}
}

func TestChartsWithDataDrawMoreThanText(t *testing.T) {
	r := New()
	draws := drawAll(r)
	for _, name := range []string{"lines", "bars year", "bars week", "heatmap"} {
		img, err := draws[name](Size{Width: 800, Height: 400, Scale: 1})
		if err != nil {
			t.Fatal(err)
		}
		if c := distinctColours(img); c < 20 {
			t.Errorf("%s: %d colours", name, c)
		}
		// The plot fills the middle of the image.
		if ink := inkRatio(img, middle(img.Bounds())); ink < 0.02 {
			t.Errorf("%s: middle %.4f drawn", name, ink)
		}
	}
}

func TestEmptyStateDrawsTheMessageInTheMiddle(t *testing.T) {
	r := New()
	draws := drawAll(r)
	for _, name := range []string{"lines empty", "bars empty", "heatmap empty"} {
		for _, s := range testSizes[:2] {
			img, err := draws[name](s)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			band := image.Rect(b.Dx()/4, b.Dy()*2/5, b.Dx()*3/4, b.Dy()*3/5)
			if ink := inkRatio(img, band); ink < 0.005 {
				t.Errorf("%s at %v: no text in the middle (%.4f)", name, s, ink)
			}
			// Nothing but the title above and the message: the bottom quarter
			// is blank.
			if ink := inkRatio(img, image.Rect(0, b.Dy()*3/4, b.Dx(), b.Dy())); ink != 0 {
				t.Errorf("%s at %v: bottom not blank (%.4f)", name, s, ink)
			}
		}
	}
}

func TestEmptyMessageWraps(t *testing.T) {
	r := New()
	long := strings.Repeat("Aucune donnée pour cette période ", 6)
	img, err := r.Lines(Lines{Empty: long}, Size{Width: 400, Height: 300, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Wrapped, the message keeps clear of the sides.
	b := img.Bounds()
	if ink := inkRatio(img, image.Rect(0, 0, 8, b.Dy())); ink != 0 {
		t.Errorf("text touches the left side")
	}
	if ink := inkRatio(img, image.Rect(b.Dx()-8, 0, b.Dx(), b.Dy())); ink != 0 {
		t.Errorf("text touches the right side")
	}
	rows := inkRows(img)
	if rows < 40 {
		t.Errorf("message on %d pixel rows, want several lines", rows)
	}
}

func TestDashedSeriesDiffersFromSolid(t *testing.T) {
	r := New()
	line := func(dashed bool) image.Image {
		l := followersYear(false)
		l.Series = l.Series[:1]
		l.Series[0].Dashed = dashed
		img, err := r.Lines(l, Size{Width: 800, Height: 400, Scale: 2})
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	solid, dashed := line(false), line(true)
	if bytes.Equal(solid.(*image.RGBA).Pix, dashed.(*image.RGBA).Pix) {
		t.Fatal("dashed and solid lines are the same")
	}
	// Dashed is lighter and has gaps: less ink in the plot.
	plot := middle(solid.Bounds())
	si, di := darkness(solid, plot), darkness(dashed, plot)
	if di > 0.75*si {
		t.Errorf("dashed line darkness %.1f, solid %.1f: want clearly lighter", di, si)
	}
}

func TestHeatmapColoursFollowValues(t *testing.T) {
	h := Heatmap{
		Title:  "Engagement",
		Rows:   []string{"lun."},
		Cols:   []string{"0 h", "1 h", "2 h", "3 h", "4 h", "5 h"},
		Values: [][]float64{{1, 2, math.NaN(), 3, 4, 5}},
		Legend: "Taux",
	}
	for _, s := range testSizes[:2] {
		g := New().(*goChart)
		img, err := g.Heatmap(h, s)
		if err != nil {
			t.Fatal(err)
		}
		c, err := g.canvas(s)
		if err != nil {
			t.Fatal(err)
		}
		l := c.layoutHeat(prepareHeat(c, h), true)
		prev := math.Inf(1)
		for k, v := range h.Values[0] {
			box := l.cell(0, k)
			at := img.At(int(box.x0+box.w()/2), int(box.y0+box.h()/2))
			if math.IsNaN(v) {
				if !sameColour(at, colorBackground) {
					t.Errorf("scale %v: NaN cell is %v, want blank", s.Scale, at)
				}
				continue
			}
			lum := luminance(at)
			if lum >= prev {
				t.Errorf("scale %v: cell %d (value %v) luminance %.3f, not darker than the one before (%.3f)", s.Scale, k, v, lum, prev)
			}
			prev = lum
		}
		// The highest value has the accent colour, the lowest the light one.
		last := l.cell(0, 5)
		if at := img.At(int(last.x0+last.w()/2), int(last.y0+last.h()/2)); !sameColour(at, colorHeatHigh) {
			t.Errorf("highest cell %v, want the accent %v", at, colorHeatHigh)
		}
	}
}

func TestSizeErrors(t *testing.T) {
	r := New()
	bad := []Size{
		{}, {Width: 31, Height: 100}, {Width: 100, Height: 31}, {Width: -5, Height: 100},
		{Width: 100, Height: 100, Scale: -1}, {Width: 100, Height: 100, Scale: float32(math.NaN())},
		{Width: 100, Height: 100, Scale: float32(math.Inf(1))}, {Width: MaxPixels + 1, Height: 100},
	}
	for _, s := range bad {
		for name, draw := range drawAll(r) {
			img, err := draw(s)
			if !errors.Is(err, ErrSize) || img != nil {
				t.Errorf("%s at %+v: %v, %v; want ErrSize", name, s, img, err)
			}
		}
	}
	for name, draw := range drawAll(r) {
		for _, s := range []Size{{Width: 32, Height: 32}, {Width: 32, Height: 32, Scale: 2}, {Width: 40, Height: 300, Scale: 3}} {
			img, err := draw(s)
			if err != nil {
				t.Errorf("%s at %+v: %v", name, s, err)
				continue
			}
			if img.Bounds().Dx() != s.Width || img.Bounds().Dy() != s.Height {
				t.Errorf("%s at %+v: bounds %v", name, s, img.Bounds())
			}
		}
	}
}

func TestFrenchTextHasGlyphs(t *testing.T) {
	g := New().(*goChart)
	c, err := g.canvas(Size{Width: 200, Height: 100, Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []bool{false, true} {
		font := c.font(textStyle{bold: f})
		for _, r := range "éèêàâçûüôîïœÉÀÇ’«»…€\u00a0\u202f" {
			if font.Index(r) == 0 {
				t.Errorf("bold %v: no glyph for %q %U", f, r, r)
			}
		}
	}
	// Accents draw ink above the letter: "é" reaches higher than "e".
	top := func(s string) int {
		c, _ := g.canvas(Size{Width: 100, Height: 100, Scale: 2})
		c.text(s, 10, 70, alignStart, styleText)
		for y := range 100 {
			for x := range 100 {
				if !sameColour(c.img.At(x, y), colorBackground) {
					return y
				}
			}
		}
		return 100
	}
	if te, tee := top("e"), top("é"); tee >= te {
		t.Errorf("é tops at %d, e at %d: no accent drawn", tee, te)
	}
	// A narrow no-break space is narrower than a no-break space.
	if n, s := c.measure("1\u202f000", styleText), c.measure("1\u00a0000", styleText); n >= s {
		t.Errorf("narrow space %v not narrower than no-break space %v", n, s)
	}
}

func TestConcurrentUse(t *testing.T) {
	r := New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := Size{Width: 400, Height: 200, Scale: float32(1 + i%2)}
			for name, draw := range drawAll(r) {
				if _, err := draw(s); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestPNG(t *testing.T) {
	img, err := New().Bars(weekBars(), Size{Width: 300, Height: 200, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	data, err := PNG(img)
	if err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if back.Bounds() != img.Bounds() {
		t.Errorf("decoded %v, want %v", back.Bounds(), img.Bounds())
	}
	if _, err := PNG(nil); err == nil {
		t.Error("PNG(nil): no error")
	}
}

func TestSinglePointDrawsADot(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	img, err := New().Lines(Lines{Series: []Series{{Name: "a", Points: []Point{{day, 42}}}}}, Size{Width: 400, Height: 300, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	blue := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if sameColour(img.At(x, y), seriesColor(0)) {
				blue++
			}
		}
	}
	if blue < 5 {
		t.Errorf("%d pixels of the series colour, want a dot", blue)
	}
}

// inkRatio is the share of pixels in r that are not the background.
func inkRatio(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !sameColour(img.At(x, y), colorBackground) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// inkRows counts the pixel rows with something drawn.
func inkRows(img image.Image) int {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !sameColour(img.At(x, y), colorBackground) {
				n++
				break
			}
		}
	}
	return n
}

// darkness sums how far from white the pixels in r are.
func darkness(img image.Image, r image.Rectangle) float64 {
	sum := 0.0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			sum += 1 - luminance(img.At(x, y))
		}
	}
	return sum
}

func distinctColours(img image.Image) int {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}] = true
		}
	}
	return len(seen)
}

// middle is the centre of r, half its width and height.
func middle(r image.Rectangle) image.Rectangle {
	return image.Rect(r.Dx()/4, r.Dy()/4, r.Dx()*3/4, r.Dy()*3/4)
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1>>8 == r2>>8 && g1>>8 == g2>>8 && b1>>8 == b2>>8 && a1>>8 == a2>>8
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
}
