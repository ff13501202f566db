package app

import (
	"context"
	"errors"
	"io"
	"strings"
)

// Media is an image attached to a post. Its file lives in the data
// directory under its hash, so a post never depends on a file the user may
// move or delete.
type Media struct {
	// Hash is the hex SHA-256 of the file's bytes: its name in the store.
	Hash   string
	Type   string // MIME type read from the content: image/png, image/jpeg, image/gif or image/webp
	Size   int64  // bytes
	Width  int    // pixels
	Height int
	Name   string // the file name it was attached from, for the user's eyes
	Alt    string // alternative text, read aloud to those who cannot see it
}

// MediaTypes are the image types a post may carry.
var MediaTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}

// MediaStore keeps attached files by content.
type MediaStore interface {
	// AddMedia copies the image read from r into the store and returns
	// its description with Name set to name. The same bytes added twice
	// are kept once. It fails with ErrNotAnImage for anything but a PNG,
	// JPEG, GIF or WebP image.
	AddMedia(ctx context.Context, r io.Reader, name string) (Media, error)
	// MediaPath is the file holding the media with this hash.
	MediaPath(hash string) string
	// OpenMedia reads the media with this hash; ErrNotFound when the
	// store has none.
	OpenMedia(hash string) (io.ReadCloser, error)
}

// MediaLimits are what a network accepts for images on one post.
type MediaLimits struct {
	Count  int   // images per post
	Size   int64 // bytes per image
	AltMax int   // characters of alternative text per image
}

// MediaLimits returns the network's image limits: Mastodon's defaults
// (4 images of 16 MB, 1,500 characters of description; a server may set
// others), Bluesky's (4 images of 1,000,000 bytes, 2,000 characters), X's
// (4 images of 5 MB, 1,000 characters) and LinkedIn's (20 images, alt text
// of 4,086 characters; 10 MB is kept as a safe size) and Threads' (20
// images of 8 MB in a carousel, 1,000 characters).
func (n Network) MediaLimits() MediaLimits {
	switch n {
	case Mastodon:
		return MediaLimits{Count: 4, Size: 16 << 20, AltMax: 1500}
	case Bluesky:
		return MediaLimits{Count: 4, Size: 1_000_000, AltMax: 2000}
	case X:
		return MediaLimits{Count: 4, Size: 5 << 20, AltMax: 1000}
	case LinkedIn:
		return MediaLimits{Count: 20, Size: 10 << 20, AltMax: 4086}
	case Threads:
		// Threads API: JPEG or PNG images of at most 8 MB, up to 20
		// items in a carousel, alt_text of at most 1,000 characters.
		return MediaLimits{Count: 20, Size: 8 << 20, AltMax: 1000}
	case Facebook:
		// Page photos: 10 MB each (JPEG, PNG, GIF, BMP, TIFF); a post
		// attaches its photos uploaded unpublished.
		return MediaLimits{Count: 10, Size: 10 << 20, AltMax: 1000}
	case Instagram:
		// Content Publishing: JPEG only, 8 MB, carousels of up to 10.
		return MediaLimits{Count: 10, Size: 8 << 20, AltMax: 1000}
	}
	return MediaLimits{}
}

// HasAlt reports whether the image is described.
func (m Media) HasAlt() bool { return strings.TrimSpace(m.Alt) != "" }

// ErrNotAnImage is returned when a file attached to a post is not a PNG,
// JPEG, GIF or WebP image.
var ErrNotAnImage = errors.New("this file is not a PNG, JPEG, GIF or WebP image")

// ErrFileTooLarge is returned when a file is larger than any network takes.
var ErrFileTooLarge = errors.New("this file is too large to attach")

// ErrTooManyPixels is returned for an image larger, in pixels, than
// MaxImagePixels: a few hundred kilobytes of PNG may claim 50,000×50,000
// pixels, which would take gigabytes to show.
var ErrTooManyPixels = errors.New("this image has too many pixels")

// MaxImagePixels is the most pixels of an image Relais takes, the most
// any network takes (LinkedIn: 36 million); MaxImageSide the longest side.
const (
	MaxImagePixels = 36_000_000
	MaxImageSide   = 16384
)

// MaxMediaSize is the largest file Relais copies in: more than any
// network's image limit, so that a limit is shown rather than a copy
// refused, yet bounded.
const MaxMediaSize = 64 << 20
