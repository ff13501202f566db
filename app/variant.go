package app

import (
	"context"
	"fmt"
)

// EnglishVariant is the spelling English texts are checked with: US
// (color, organize) or UK (colour, organise, amongst).
type EnglishVariant string

// The English variants; US is the default.
const (
	EnglishUS EnglishVariant = "en-US"
	EnglishUK EnglishVariant = "en-GB"
)

// EnglishVariants lists the variants in the order the settings show them.
func EnglishVariants() []EnglishVariant { return []EnglishVariant{EnglishUS, EnglishUK} }

const settingEnglishVariant = "proof.english_variant"

// EnglishVariant returns the chosen English variant, US unless UK was
// chosen.
func (s Settings) EnglishVariant(ctx context.Context) EnglishVariant {
	v, err := s.store.Setting(ctx, settingEnglishVariant)
	if err == nil && EnglishVariant(v) == EnglishUK {
		return EnglishUK
	}
	return EnglishUS
}

// SetEnglishVariant stores the English variant.
func (s Settings) SetEnglishVariant(ctx context.Context, v EnglishVariant) error {
	if v != EnglishUS && v != EnglishUK {
		return fmt.Errorf("saving the English variant: unknown variant %q", v)
	}
	if err := s.store.SetSetting(ctx, settingEnglishVariant, string(v)); err != nil {
		return fmt.Errorf("saving the English variant: %w", err)
	}
	return nil
}

// VariantProofreader is a Proofreader that checks English in the chosen
// variant (the shipped one does; a Proofreader that does not just checks
// its own English).
type VariantProofreader interface {
	SetEnglishVariant(v EnglishVariant)
}

// SetEnglishVariant implements VariantProofreader: the variant is kept for
// the load, and given to the loaded proofreader if it takes one.
func (l *Lazy) SetEnglishVariant(v EnglishVariant) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.variant = v
	if vp, ok := l.loaded.(VariantProofreader); ok {
		vp.SetEnglishVariant(v)
	}
}
