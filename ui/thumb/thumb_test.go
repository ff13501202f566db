package thumb

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestThumbnailsAreSmall(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 4000, 1000))
	for i := range src.Pix {
		src.Pix[i] = 200
	}
	path := filepath.Join(t.TempDir(), "wide.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, src); err != nil {
		t.Fatal(err)
	}
	f.Close()
	img, err := Of(path, 300, 192)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 75 {
		t.Errorf("thumbnail of 4000×1000 in 300×192: %v", b)
	}
	if c := color.GrayModel.Convert(img.At(150, 37)).(color.Gray); c.Y < 190 || c.Y > 210 {
		t.Errorf("the thumbnail's colour: %v", c)
	}
	small := image.NewGray(image.Rect(0, 0, 100, 50))
	if Fit(small, 300, 192) != image.Image(small) {
		t.Error("a small image was scaled")
	}
	if _, err := Of(filepath.Join(t.TempDir(), "none.png"), 300, 192); err == nil {
		t.Error("no error for a missing file")
	}
}
