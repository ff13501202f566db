// Package thumb makes the small images the window shows of attached
// images: an image of 36 million pixels, kept whole to be drawn in 150
// points, took hundreds of megabytes for each thumbnail.
package thumb

import (
	"fmt"
	"image"
	_ "image/gif"  // attached images are GIF,
	_ "image/jpeg" // JPEG,
	_ "image/png"  // PNG
	"os"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // or WebP
)

// Of reads the image at path and returns it scaled down to fit in
// width×height pixels (never up). The whole image is decoded once, then
// dropped: only the thumbnail stays.
func Of(path string, width, height int) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return Fit(src, width, height), nil
}

// Fit returns src scaled down to fit in width×height pixels, its aspect
// kept; src itself when it fits.
func Fit(src image.Image, width, height int) image.Image {
	b := src.Bounds()
	if b.Dx() <= width && b.Dy() <= height {
		return src
	}
	scale := min(float64(width)/float64(b.Dx()), float64(height)/float64(b.Dy()))
	w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}
