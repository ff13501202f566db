// Package imagefit makes an image into one a network takes: Instagram
// takes JPEG only, between 4:5 and 1.91:1. It reads PNG, JPEG, GIF (the
// first frame) and WebP, lays transparent pixels on white, crops or pads
// to the nearest shape taken when the user consented to it
// (app.ImageFit), and writes JPEG at quality 90. A JPEG that needs no
// change goes as it is, byte for byte.
package imagefit

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // GIF's first frame
	"image/jpeg"
	_ "image/png"
	"math"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/relais-app/relais/app"
)

// Quality is the JPEG quality images are written at: good enough that
// Instagram's own compression is the one that shows.
const Quality = 90

// MaxWidth is the widest image written: Instagram keeps feed images at
// most 1,440 pixels wide, so wider ones are scaled down rather than sent
// heavier than its 8 MB.
const MaxWidth = 1440

// ErrShape is an image outside the shapes taken, without consent to
// crop or pad it.
var ErrShape = app.ErrImageShape

// Crop is the part of a w×h image kept to bring it within [lo, hi]
// (width over height): the middle, as large as it can be. The whole
// image when it is within already.
func Crop(w, h int, lo, hi float64) image.Rectangle {
	r := image.Rect(0, 0, w, h)
	if app.RatioFits(w, h, lo, hi) {
		return r
	}
	if float64(w) > hi*float64(h) { // too wide: keep the height
		cw := int(math.Floor(hi * float64(h)))
		x := (w - cw) / 2
		return image.Rect(x, 0, x+cw, h)
	}
	ch := int(math.Floor(float64(w) / lo)) // too tall: keep the width
	y := (h - ch) / 2
	return image.Rect(0, y, w, y+ch)
}

// Pad is the canvas a w×h image is laid on to bring it within [lo, hi],
// and where the image goes on it: centred, the whole image kept, white
// bands on two sides. The image itself when it is within already.
func Pad(w, h int, lo, hi float64) (canvas image.Point, at image.Point) {
	if app.RatioFits(w, h, lo, hi) {
		return image.Pt(w, h), image.Point{}
	}
	if float64(w) > hi*float64(h) { // too wide: bands above and below
		ch := int(math.Ceil(float64(w) / hi))
		return image.Pt(w, ch), image.Pt(0, (ch-h)/2)
	}
	cw := int(math.Ceil(lo * float64(h))) // too tall: bands left and right
	return image.Pt(cw, h), image.Pt((cw-w)/2, 0)
}

// Fit returns img within [lo, hi] as fit says, on white (transparent
// pixels are laid on white, as JPEG has no transparency), at most
// MaxWidth wide. It fails with ErrShape when the image is outside and
// fit is FitNone. lo and hi of 0 take any shape.
func Fit(img image.Image, fit app.ImageFit, lo, hi float64) (image.Image, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	src := b
	canvas, at := image.Pt(w, h), image.Point{}
	if hi > 0 && !app.RatioFits(w, h, lo, hi) {
		switch fit {
		case app.FitCrop:
			src = Crop(w, h, lo, hi).Add(b.Min)
			canvas = src.Size()
		case app.FitPad:
			canvas, at = Pad(w, h, lo, hi)
		default:
			return nil, fmt.Errorf("%w (%d×%d)", ErrShape, w, h)
		}
	}
	out := image.NewRGBA(image.Rectangle{Max: canvas})
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, image.Rectangle{Min: at, Max: at.Add(src.Size())}, img, src.Min, draw.Over)
	if canvas.X <= MaxWidth {
		return out, nil
	}
	scaled := image.NewRGBA(image.Rect(0, 0, MaxWidth, int(math.Round(float64(canvas.Y)*MaxWidth/float64(canvas.X)))))
	xdraw.CatmullRom.Scale(scaled, scaled.Bounds(), out, out.Bounds(), draw.Src, nil)
	return scaled, nil
}

// Result is an image made ready.
type Result struct {
	Data          []byte
	Width, Height int
	// Changed is false when the bytes are the image's own (a JPEG of a
	// shape taken, no wider than MaxWidth).
	Changed bool
}

// JPEG makes data (PNG, JPEG, GIF or WebP) into a JPEG within [lo, hi]
// as fit says (see Fit). A JPEG that needs no change is returned as is.
func JPEG(data []byte, fit app.ImageFit, lo, hi float64) (Result, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", app.ErrNotAnImage, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > app.MaxImageSide || cfg.Height > app.MaxImageSide ||
		int64(cfg.Width)*int64(cfg.Height) > app.MaxImagePixels {
		return Result{}, fmt.Errorf("%w (%d×%d)", app.ErrTooManyPixels, cfg.Width, cfg.Height)
	}
	fits := hi <= 0 || app.RatioFits(cfg.Width, cfg.Height, lo, hi)
	if format == "jpeg" && fits && cfg.Width <= MaxWidth {
		return Result{Data: data, Width: cfg.Width, Height: cfg.Height}, nil
	}
	if !fits && fit == app.FitNone {
		return Result{}, fmt.Errorf("%w (%d×%d)", ErrShape, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", app.ErrNotAnImage, err)
	}
	out, err := Fit(img, fit, lo, hi)
	if err != nil {
		return Result{}, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: Quality}); err != nil {
		return Result{}, fmt.Errorf("writing the image as JPEG: %w", err)
	}
	s := out.Bounds().Size()
	return Result{Data: buf.Bytes(), Width: s.X, Height: s.Y, Changed: true}, nil
}
