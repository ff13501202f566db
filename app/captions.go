package app

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// MaxHashtags is the most hashtags a post may hold on the network; 0 for
// no limit. Instagram refuses a caption with more than 30 (the Content
// Publishing reference: "Maximum 30 hashtags").
func (n Network) MaxHashtags() int {
	if n == Instagram {
		return 30
	}
	return 0
}

// MaxMentions is the most @mentions a post may hold on the network; 0 for
// no limit. Instagram refuses a caption with more than 20 ("Maximum 20 @
// tags").
func (n Network) MaxMentions() int {
	if n == Instagram {
		return 20
	}
	return 0
}

// NeedsImage reports whether a post to the network must carry an image:
// Instagram publishes no text alone.
func (n Network) NeedsImage() bool { return n == Instagram }

var (
	// captionHashtag is #word not inside a word, a link's fragment or an
	// address: Instagram links a tag of letters, digits and underscores.
	captionHashtag = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_&/#])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)`)
	// captionMention is @username not inside a word or an e-mail address.
	captionMention = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.@/])@([\p{L}\p{N}_.]+)`)
)

// CountHashtags counts the hashtags of text as Instagram does: each one
// written counts, a tag written twice counts twice (the safe reading of
// the limit: Meta does not say it counts distinct tags).
func CountHashtags(text string) int { return len(captionHashtag.FindAllStringIndex(text, -1)) }

// CountMentions counts the @mentions of text, each one written.
func CountMentions(text string) int {
	n := 0
	for _, m := range captionMention.FindAllStringSubmatch(text, -1) {
		if strings.Trim(m[1], ".") != "" {
			n++
		}
	}
	return n
}

// ImageFit is the user's consent to change the shape of a post's images
// for a network that takes only some shapes (Instagram: between 4:5 and
// 1.91:1). Without it, an image outside is refused at scheduling.
type ImageFit string

// The ways an image is fitted.
const (
	// FitNone changes nothing: an image outside the shapes is refused.
	FitNone ImageFit = ""
	// FitCrop cuts the middle of the image to the nearest shape taken.
	FitCrop ImageFit = "crop"
	// FitPad adds white bands around the whole image up to the nearest
	// shape taken.
	FitPad ImageFit = "pad"
)

// ImageFits lists the ways, in the order menus show them.
var ImageFits = []ImageFit{FitNone, FitCrop, FitPad}

// ParseImageFit reads an ImageFit: "", "none", "crop" or "pad".
func ParseImageFit(s string) (ImageFit, error) {
	switch f := ImageFit(strings.ToLower(strings.TrimSpace(s))); f {
	case FitNone, FitCrop, FitPad:
		return f, nil
	case "none":
		return FitNone, nil
	}
	return "", fmt.Errorf("%q: an image is fitted with crop, pad or none", s)
}

// AspectRange is the narrowest and widest shape, width over height, the
// network takes for an image; 0, 0 for any. Instagram takes 4:5 (0.8) to
// 1.91:1 for a feed image ("Image Specifications" of the Content
// Publishing reference).
func (n Network) AspectRange() (lo, hi float64) {
	if n == Instagram {
		return 4.0 / 5.0, 1.91
	}
	return 0, 0
}

// RatioFits reports whether a w×h image is within [lo, hi], with a
// pixel's rounding of slack (1080×1350 is 4:5, 1080×566 is 1.91:1 once
// rounded). An image of unknown size fits: its bytes tell later.
func RatioFits(w, h int, lo, hi float64) bool {
	if w <= 0 || h <= 0 || lo <= 0 || hi <= 0 {
		return true
	}
	return float64(w) >= lo*float64(h)-1 && float64(w) <= hi*float64(h)+1
}

// Errors of Instagram's own rules, said in plain words by the interface.
var (
	// ErrNotProfessional is a personal Instagram account: the API
	// publishes and reads only for professional ones (Business or
	// Creator).
	ErrNotProfessional = errors.New("this Instagram account is personal: Instagram lets apps work only with professional accounts (Business or Creator); switch it in Instagram's settings (Account type and tools), then connect it again")
	// ErrNeedsImage is a post without an image to a network that
	// publishes none without.
	ErrNeedsImage = errors.New("this network publishes no text alone: add an image")
	// ErrImageShape is an image outside the shapes the network takes,
	// without the user's consent to crop or pad it.
	ErrImageShape = errors.New("the image's shape is outside those the network takes (Instagram: 4:5 to 1.91:1), and cropping or padding it was not chosen")
)
