package imagefit_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/imagefit"
)

var lo, hi = app.Instagram.AspectRange()

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decodeJPEG(t *testing.T, data []byte) image.Image {
	t.Helper()
	if http := data[:3]; !bytes.Equal(http, []byte{0xff, 0xd8, 0xff}) {
		t.Fatalf("not a JPEG: % x", data[:8])
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// near reports whether c is within 12 of r, g, b in each channel (JPEG
// moves colours a little).
func near(c color.Color, r, g, b uint8) bool {
	cr, cg, cb, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { v := int(x>>8) - int(y); return v > -12 && v < 12 }
	return d(cr, r) && d(cg, g) && d(cb, b)
}

// TestPNGWithAlphaOnWhite: a transparent PNG becomes a JPEG whose
// transparent pixels are white, not black.
func TestPNGWithAlphaOnWhite(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 100, 100))
	for y := range 100 {
		for x := range 50 {
			img.Set(x, y, color.NRGBA{R: 200, A: 255})
		}
	}
	res, err := imagefit.JPEG(encodePNG(t, img), app.FitNone, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	out := decodeJPEG(t, res.Data)
	if !res.Changed || res.Width != 100 || res.Height != 100 {
		t.Errorf("result %d×%d, changed %v", res.Width, res.Height, res.Changed)
	}
	if c := out.At(90, 50); !near(c, 255, 255, 255) {
		t.Errorf("a transparent pixel is %v, want white", c)
	}
	if c := out.At(10, 50); !near(c, 200, 0, 0) {
		t.Errorf("an opaque pixel is %v, want red", c)
	}
}

// TestGIFFirstFrame: an animated GIF goes as its first frame.
func TestGIFFirstFrame(t *testing.T) {
	pal := color.Palette{color.RGBA{0, 0, 255, 255}, color.RGBA{0, 255, 0, 255}}
	frame := func(i uint8) *image.Paletted {
		f := image.NewPaletted(image.Rect(0, 0, 40, 40), pal)
		for j := range f.Pix {
			f.Pix[j] = i
		}
		return f
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &gif.GIF{Image: []*image.Paletted{frame(0), frame(1)}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	res, err := imagefit.JPEG(b.Bytes(), app.FitNone, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	if c := decodeJPEG(t, res.Data).At(20, 20); !near(c, 0, 0, 255) {
		t.Errorf("pixel %v, want the first frame's blue", c)
	}
}

func TestWebP(t *testing.T) {
	data, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	res, err := imagefit.JPEG(data, app.FitPad, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	out := decodeJPEG(t, res.Data)
	if s := out.Bounds().Size(); !app.RatioFits(s.X, s.Y, lo, hi) || s.X != res.Width || res.Width < cfg.Width && cfg.Width <= imagefit.MaxWidth {
		t.Errorf("WebP %d×%d became %v", cfg.Width, cfg.Height, s)
	}
}

// TestJPEGKeptAsIs: a JPEG of a shape taken goes byte for byte.
func TestJPEGKeptAsIs(t *testing.T) {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 100, 80)), nil)
	res, err := imagefit.JPEG(b.Bytes(), app.FitCrop, lo, hi)
	if err != nil || res.Changed || !bytes.Equal(res.Data, b.Bytes()) {
		t.Errorf("a JPEG within the shapes: changed %v, %v", res.Changed, err)
	}
	if _, err := imagefit.JPEG([]byte("not an image"), app.FitNone, lo, hi); !errors.Is(err, app.ErrNotAnImage) {
		t.Errorf("garbage: %v", err)
	}
}

// TestShapeRefusedWithoutConsent: a 9:16 image is refused unless the
// user chose to crop or pad.
func TestShapeRefusedWithoutConsent(t *testing.T) {
	tall := encodePNG(t, image.NewRGBA(image.Rect(0, 0, 90, 160)))
	if _, err := imagefit.JPEG(tall, app.FitNone, lo, hi); !errors.Is(err, imagefit.ErrShape) {
		t.Fatalf("error %v, want ErrShape", err)
	}
	for _, fit := range []app.ImageFit{app.FitCrop, app.FitPad} {
		res, err := imagefit.JPEG(tall, fit, lo, hi)
		if err != nil || !app.RatioFits(res.Width, res.Height, lo, hi) {
			t.Errorf("%s: %d×%d, %v", fit, res.Width, res.Height, err)
		}
	}
}

func TestCropGeometry(t *testing.T) {
	cases := []struct {
		w, h int
		want image.Rectangle
	}{
		{1080, 1920, image.Rect(0, 285, 1080, 1635)}, // 9:16 → 4:5, the middle
		{3000, 1000, image.Rect(545, 0, 2455, 1000)}, // 3:1 → 1.91:1
		{1000, 1000, image.Rect(0, 0, 1000, 1000)},   // square: kept
	}
	for _, c := range cases {
		got := imagefit.Crop(c.w, c.h, lo, hi)
		if got != c.want || !app.RatioFits(got.Dx(), got.Dy(), lo, hi) {
			t.Errorf("Crop(%d×%d) = %v, want %v", c.w, c.h, got, c.want)
		}
	}
}

func TestPadGeometry(t *testing.T) {
	cases := []struct {
		w, h       int
		canvas, at image.Point
	}{
		{1080, 1920, image.Pt(1536, 1920), image.Pt(228, 0)}, // bands left and right
		{3000, 1000, image.Pt(3000, 1571), image.Pt(0, 285)}, // bands above and below
		{800, 1000, image.Pt(800, 1000), image.Pt(0, 0)},     // 4:5: kept
	}
	for _, c := range cases {
		canvas, at := imagefit.Pad(c.w, c.h, lo, hi)
		if canvas != c.canvas || at != c.at || !app.RatioFits(canvas.X, canvas.Y, lo, hi) {
			t.Errorf("Pad(%d×%d) = %v at %v, want %v at %v", c.w, c.h, canvas, at, c.canvas, c.at)
		}
	}
	// Padded, the bands are white and the image is whole in the middle.
	img := image.NewRGBA(image.Rect(0, 0, 90, 160))
	for i := range img.Pix {
		img.Pix[i] = 0 // black, opaque below
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	out, err := imagefit.Fit(img, app.FitPad, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	if s := out.Bounds().Size(); s != image.Pt(128, 160) {
		t.Fatalf("padded to %v", s)
	}
	if !near(out.At(2, 80), 255, 255, 255) || !near(out.At(64, 80), 0, 0, 0) || !near(out.At(125, 80), 255, 255, 255) {
		t.Error("the bands are not white around the whole image")
	}
}

// TestWideImageScaledDown: an image wider than Instagram keeps is
// scaled to MaxWidth, its shape kept.
func TestWideImageScaledDown(t *testing.T) {
	res, err := imagefit.JPEG(encodePNG(t, image.NewRGBA(image.Rect(0, 0, 2880, 2000))), app.FitNone, lo, hi)
	if err != nil || res.Width != imagefit.MaxWidth || res.Height != 1000 {
		t.Errorf("%d×%d, %v", res.Width, res.Height, err)
	}
}
