package impostor

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/corona10/goimagehash"
	"golang.org/x/image/webp"

	"github.com/relais-app/relais/app"
)

// The avatar test: both pictures are reduced to a 64-bit perceptual hash
// (pHash: the low frequencies of a 32×32 grey DCT, through
// github.com/corona10/goimagehash), which survives resizing, re-encoding
// and light retouching; two avatars whose hashes differ by at most
// AvatarNearBits bits look alike.

// AvatarNearBits is the most bits, of 64, by which two look-alike
// avatars' hashes differ.
const AvatarNearBits = 10

// MaxAvatarSize is the largest avatar file read: networks keep theirs
// far smaller (Bluesky 1 MB, Mastodon 2 MB by default).
const MaxAvatarSize = 8 << 20

// ErrAvatarTooLarge is returned for an avatar file over MaxAvatarSize.
var ErrAvatarTooLarge = errors.New("this avatar file is too large to compare")

type avatarHash struct{ p *goimagehash.ImageHash }

// decoders are the formats an avatar may be in; chosen by magic bytes
// here rather than by registering them with package image for all.
var decoders = []struct {
	magic  string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}{
	{"\x89PNG\r\n\x1a\n", png.DecodeConfig, png.Decode},
	{"\xff\xd8", jpeg.DecodeConfig, jpeg.Decode},
	{"GIF8", gif.DecodeConfig, gif.Decode},
	{"RIFF", webp.DecodeConfig, webp.Decode},
}

// hashAvatar decodes data, within app's limits on pixels, and hashes it.
func hashAvatar(data []byte) (avatarHash, error) {
	if len(data) > MaxAvatarSize {
		return avatarHash{}, ErrAvatarTooLarge
	}
	for _, d := range decoders {
		if !bytes.HasPrefix(data, []byte(d.magic)) {
			continue
		}
		cfg, err := d.config(bytes.NewReader(data))
		if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
			return avatarHash{}, app.ErrNotAnImage
		}
		// Read from the header, before decoding: a small file may claim
		// gigabytes of pixels.
		if cfg.Width > app.MaxImageSide || cfg.Height > app.MaxImageSide || int64(cfg.Width)*int64(cfg.Height) > app.MaxImagePixels {
			return avatarHash{}, app.ErrTooManyPixels
		}
		img, err := d.decode(bytes.NewReader(data))
		if err != nil {
			return avatarHash{}, fmt.Errorf("%w: %v", app.ErrNotAnImage, err)
		}
		p, err := goimagehash.PerceptionHash(img)
		if err != nil {
			return avatarHash{}, fmt.Errorf("hashing the avatar: %w", err)
		}
		return avatarHash{p: p}, nil
	}
	return avatarHash{}, app.ErrNotAnImage
}

// near returns the bits by which h and o differ, and whether they are
// few enough for the avatars to look alike.
func (h avatarHash) near(o avatarHash) (int, bool) {
	d, err := h.p.Distance(o.p)
	if err != nil {
		return 0, false
	}
	return d, d <= AvatarNearBits
}
