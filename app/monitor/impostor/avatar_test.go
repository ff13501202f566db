package impostor

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"testing"

	"golang.org/x/image/draw"

	"github.com/relais-app/relais/app"
)

// logo draws a brand's avatar: a lamp (a disc and its stand) on a
// gradient, the kind of picture impostors copy.
func logo(size int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	c := float64(size) / 2
	for y := range size {
		for x := range size {
			v := uint8(40 + 150*y/size)
			col := color.RGBA{v, v / 2, 90, 255}
			dx, dy := float64(x)-c, float64(y)-c*0.8
			if math.Hypot(dx, dy) < float64(size)/4 {
				col = color.RGBA{250, 220, 120, 255}
			}
			if math.Abs(dx) < float64(size)/20 && float64(y) > c && float64(y) < float64(size)*0.9 {
				col = color.RGBA{30, 30, 30, 255}
			}
			img.Set(x, y, col)
		}
	}
	return img
}

// other draws an unrelated avatar: diagonal stripes.
func other(size int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			col := color.RGBA{20, 120, 200, 255}
			if (x+2*y)/(size/6)%2 == 0 {
				col = color.RGBA{240, 240, 240, 255}
			}
			if x < size/3 && y > size/2 {
				col = color.RGBA{200, 30, 30, 255}
			}
			img.Set(x, y, col)
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reencoded is img resized to size and saved as a JPEG, as a network
// does to an uploaded avatar.
func reencoded(t testing.TB, img image.Image, size, quality int) []byte {
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Over, nil)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, dst, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAvatarLookalike(t *testing.T) {
	b := lumen()
	b.Avatar = encodePNG(t, logo(400))
	sc, err := NewScorer(b)
	if err != nil {
		t.Fatal(err)
	}
	cand := sky("deco-lyon.bsky.social", "Déco Lyon")

	for _, copy := range [][]byte{reencoded(t, logo(400), 200, 70), reencoded(t, logo(400), 128, 50)} {
		s := sc.Score(cand, copy, now)
		r, ok := reason(s, ReasonAvatar)
		if !ok || !s.AvatarCompared {
			t.Errorf("a re-encoded copy of the logo: reasons %+v, compared %v", s.Reasons, s.AvatarCompared)
			continue
		}
		t.Logf("a re-encoded copy: %d bits of 64 apart", r.Bits)
	}
	s := sc.Score(cand, reencoded(t, other(400), 200, 70), now)
	if h, err := hashAvatar(reencoded(t, other(400), 200, 70)); err == nil {
		bits, _ := sc.avatar.near(h)
		t.Logf("a different picture: %d bits apart", bits)
	}
	if s.Has(ReasonAvatar) || !s.AvatarCompared || s.Score != 0 {
		t.Errorf("a different picture: score %d, reasons %+v", s.Score, s.Reasons)
	}
	// An avatar that cannot be read is not compared, and says so.
	s = sc.Score(cand, []byte("<html>not an image</html>"), now)
	if s.AvatarCompared || s.Has(ReasonAvatar) {
		t.Errorf("garbage compared: %+v", s)
	}
}

// pixelBomb is a PNG header claiming side×side pixels.
func pixelBomb(side uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], side)
	binary.BigEndian.PutUint32(ihdr[4:], side)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestAvatarLimits(t *testing.T) {
	if _, err := hashAvatar(pixelBomb(50_000)); !errors.Is(err, app.ErrTooManyPixels) {
		t.Errorf("a 50,000² header: %v, want ErrTooManyPixels", err)
	}
	if _, err := hashAvatar(make([]byte, MaxAvatarSize+1)); !errors.Is(err, ErrAvatarTooLarge) {
		t.Errorf("a huge file: %v", err)
	}
	if _, err := hashAvatar([]byte("GIF89a")); !errors.Is(err, app.ErrNotAnImage) {
		t.Errorf("a truncated GIF: %v", err)
	}
	b := lumen()
	b.Avatar = []byte("not an image")
	sc, err := NewScorer(b)
	if !errors.Is(err, app.ErrNotAnImage) || sc == nil {
		t.Fatalf("NewScorer with a broken avatar: %v, %v", sc, err)
	}
	if s := sc.Score(sky("maisonlumen-officiel.bsky.social", ""), encodePNG(t, logo(64)), now); !s.Suspicious() || s.AvatarCompared {
		t.Errorf("the scorer without the brand's avatar: %+v", s)
	}
}
