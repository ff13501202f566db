package app

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ProblemKind names what is wrong with a post before it goes out.
type ProblemKind string

// The problems Check finds. All of them but ProblemNoAlt block scheduling.
const (
	ProblemNoTarget      ProblemKind = "no_target"      // the post goes nowhere
	ProblemNotPlanned    ProblemKind = "not_planned"    // no time to go out at
	ProblemEmpty         ProblemKind = "empty"          // a variant with no text and no image
	ProblemTooLong       ProblemKind = "too_long"       // a variant over its network's length
	ProblemTooManyBytes  ProblemKind = "too_many_bytes" // a variant's text over its network's UTF-8 bytes (MaxBytes)
	ProblemTooManyImages ProblemKind = "too_many_images"
	ProblemImageTooBig   ProblemKind = "image_too_big"
	ProblemAltTooLong    ProblemKind = "alt_too_long"
	ProblemBadRecurrence ProblemKind = "bad_recurrence"
	ProblemNoAlt         ProblemKind = "no_alt" // a warning: an image nobody can hear described
	// ProblemNeedsImage is a variant without an image to a network that
	// publishes none without (Instagram).
	ProblemNeedsImage ProblemKind = "needs_image"
	// ProblemTooManyHashtags and ProblemTooManyMentions are a text over
	// its network's count of hashtags or @mentions (Instagram: 30, 20).
	ProblemTooManyHashtags ProblemKind = "too_many_hashtags"
	ProblemTooManyMentions ProblemKind = "too_many_mentions"
	// ProblemImageShape is an image narrower or wider than its network
	// takes (Instagram: 4:5 to 1.91:1), without the user's consent to
	// crop or pad it (Post.ImageFit). Got and Max are its width and
	// height.
	ProblemImageShape ProblemKind = "image_shape"
	// ProblemProofread is an error the proofreader found in a variant's
	// text (Finding says which), when the post is scheduled.
	ProblemProofread ProblemKind = "proofread"
	// ProblemPublishingLimit is a post to an account whose publishing
	// limit (Instagram's 100 posts in 24 hours) is full in a window
	// containing its time: Got posts already planned or published in
	// [From, To), Max the limit. ProblemLimitUnchecked, a warning, is
	// one whose network could not tell what it has used.
	ProblemPublishingLimit ProblemKind = "publishing_limit"
	ProblemLimitUnchecked  ProblemKind = "limit_unchecked"
)

// Problem is one thing that keeps a post (or one of its variants) from
// going out as it is.
type Problem struct {
	Kind ProblemKind
	// Target is the variant concerned; zero for the post as a whole.
	Target Target
	// Image is the index of the image concerned, or -1.
	Image int
	// Got and Max measure the problem: a length and its limit, a size in
	// bytes and its limit, a count of images and its limit.
	Got, Max int64
	// Finding is what the proofreader found, for ProblemProofread.
	Finding Finding
	// From and To are the window of a ProblemPublishingLimit.
	From, To time.Time
}

// Blocking reports whether the problem keeps the post from being
// scheduled. A missing description is a warning only.
func (p Problem) Blocking() bool { return p.Kind != ProblemNoAlt && p.Kind != ProblemLimitUnchecked }

func (p Problem) String() string {
	s := string(p.Kind)
	if p.Target != (Target{}) {
		s = p.Target.Key() + ": " + s
	}
	if p.Image >= 0 {
		s += fmt.Sprintf(" (image %d)", p.Image+1)
	}
	if p.Max > 0 {
		s += fmt.Sprintf(" (%d of %d)", p.Got, p.Max)
	}
	if !p.From.IsZero() {
		s += fmt.Sprintf(" (between %s and %s)", p.From.Format(time.RFC3339), p.To.Format(time.RFC3339))
	}
	if p.Kind == ProblemProofread {
		s += fmt.Sprintf(" (%s %q)", p.Finding.Kind, p.Finding.Text)
	}
	return s
}

// Check returns what keeps the post from going out as it is, for the
// post as a whole first, then for each variant in order, each held to
// its network's default limits. Schedule refuses a post with a blocking
// problem; the composer shows them all as the user types. CheckWith
// holds each target to its account's limits.
func Check(p Post) []Problem { return CheckWith(p, nil) }

// CheckWith is Check with each variant held to limits(its target): the
// limits its account's server announced (see LimitsFor). A nil limits
// holds each to its network's defaults.
func CheckWith(p Post, limits func(Target) Limits) []Problem {
	if limits == nil {
		limits = func(t Target) Limits { return t.Network.Limits() }
	}
	var out []Problem
	whole := func(kind ProblemKind) { out = append(out, Problem{Kind: kind, Image: -1}) }
	if len(p.Variants) == 0 {
		whole(ProblemNoTarget)
	}
	if p.PlannedAt.IsZero() {
		whole(ProblemNotPlanned)
	}
	if _, err := ParseRecurrence(p.Recurrence); err != nil {
		whole(ProblemBadRecurrence)
	}
	for i, m := range p.Media {
		if !m.HasAlt() {
			out = append(out, Problem{Kind: ProblemNoAlt, Image: i})
		}
	}
	for _, v := range p.Variants {
		out = append(out, checkVariant(p, v, limits(v.Target).Or(v.Target.Network.Limits()))...)
	}
	return out
}

func checkVariant(p Post, v Variant, lim Limits) []Problem {
	var out []Problem
	add := func(kind ProblemKind, image int, got, max int64) {
		out = append(out, Problem{Kind: kind, Target: v.Target, Image: image, Got: got, Max: max})
	}
	text := p.OutgoingText(v)
	if strings.TrimSpace(text) == "" && len(p.Media) == 0 {
		add(ProblemEmpty, -1, 0, 0)
	}
	if n, max := lim.Length(v.Target.Network, text), lim.MaxLength; max > 0 && n > max {
		add(ProblemTooLong, -1, int64(n), int64(max))
	}
	// The bytes of the text as the record holds it (invalid UTF-8 goes
	// out as U+FFFD, 3 bytes).
	if n, max := len(strings.ToValidUTF8(text, "\uFFFD")), v.Target.Network.MaxBytes(); max > 0 && n > max {
		add(ProblemTooManyBytes, -1, int64(n), int64(max))
	}
	n := v.Target.Network
	if n.NeedsImage() && len(p.Media) == 0 {
		add(ProblemNeedsImage, -1, 0, 0)
	}
	if count, max := CountHashtags(text), n.MaxHashtags(); max > 0 && count > max {
		add(ProblemTooManyHashtags, -1, int64(count), int64(max))
	}
	if count, max := CountMentions(text), n.MaxMentions(); max > 0 && count > max {
		add(ProblemTooManyMentions, -1, int64(count), int64(max))
	}
	if lo, hi := n.AspectRange(); hi > 0 && p.ImageFit == FitNone {
		for i, m := range p.Media {
			if !RatioFits(m.Width, m.Height, lo, hi) {
				add(ProblemImageShape, i, int64(m.Width), int64(m.Height))
			}
		}
	}
	limits := lim.Media
	if limits.Count > 0 && len(p.Media) > limits.Count {
		add(ProblemTooManyImages, -1, int64(len(p.Media)), int64(limits.Count))
	}
	for i, m := range p.Media {
		if limits.Size > 0 && m.Size > limits.Size {
			add(ProblemImageTooBig, i, m.Size, limits.Size)
		}
		if n := utf8.RuneCountInString(m.Alt); limits.AltMax > 0 && n > limits.AltMax {
			add(ProblemAltTooLong, i, int64(n), int64(limits.AltMax))
		}
	}
	return out
}

// Blocking returns the blocking problems among problems.
func Blocking(problems []Problem) []Problem {
	var out []Problem
	for _, p := range problems {
		if p.Blocking() {
			out = append(out, p)
		}
	}
	return out
}

// NotReadyError is returned when a post cannot be scheduled; it lists why.
type NotReadyError struct {
	Problems []Problem // the blocking ones
}

func (e *NotReadyError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "the post cannot be scheduled: " + strings.Join(parts, "; ")
}
