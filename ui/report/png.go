package report

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
)

// pngWriter writes charts as opaque PNGs, laid on white: a PDF would
// have to split an alpha channel off, and image/png writes an opaque
// image as plain RGB, which fpdf copies into the PDF as it is. It keeps
// its canvas and the encoder's buffers from one chart to the next.
type pngWriter struct {
	canvas *image.RGBA
	enc    png.Encoder
	pool   pngPool
}

func (p *pngWriter) write(w *bytes.Buffer, img image.Image) error {
	b := img.Bounds()
	if p.canvas == nil || p.canvas.Bounds().Size() != b.Size() {
		p.canvas = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	}
	draw.Draw(p.canvas, p.canvas.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(p.canvas, p.canvas.Bounds(), img, b.Min, draw.Over)
	p.enc.CompressionLevel = png.BestSpeed
	p.enc.BufferPool = &p.pool
	return p.enc.Encode(w, p.canvas)
}

// pngPool keeps one encoder buffer.
type pngPool struct{ b *png.EncoderBuffer }

func (p *pngPool) Get() *png.EncoderBuffer  { return p.b }
func (p *pngPool) Put(b *png.EncoderBuffer) { p.b = b }
