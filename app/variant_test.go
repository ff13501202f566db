package app

import (
	"context"
	"testing"
)

func TestEnglishVariantSetting(t *testing.T) {
	ctx := context.Background()
	s := NewSettings(newMemStore())
	if got := s.EnglishVariant(ctx); got != EnglishUS {
		t.Fatalf("default variant = %q, want US", got)
	}
	if err := s.SetEnglishVariant(ctx, EnglishUK); err != nil {
		t.Fatal(err)
	}
	if got := s.EnglishVariant(ctx); got != EnglishUK {
		t.Fatalf("variant = %q after choosing UK", got)
	}
	if err := s.SetEnglishVariant(ctx, "en-AU"); err == nil {
		t.Fatal("an unknown variant was stored")
	}
	if got := s.EnglishVariant(ctx); got != EnglishUK {
		t.Fatalf("variant = %q after a refused change, want UK kept", got)
	}
}

// variantReader records the variant it is given.
type variantReader struct {
	slowProofreader
	variant EnglishVariant
}

func (v *variantReader) SetEnglishVariant(e EnglishVariant) { v.variant = e }

func TestLazyGivesTheVariant(t *testing.T) {
	r := &variantReader{}
	l := LazyProofreader(func() (Proofreader, error) { return r, nil })
	l.SetEnglishVariant(EnglishUK) // before the load: kept for it
	if _, err := l.Proofread(context.Background(), "colour", ProofOptions{}); err != nil {
		t.Fatal(err)
	}
	if r.variant != EnglishUK {
		t.Fatalf("loaded proofreader's variant = %q, want UK given at load", r.variant)
	}
	l.SetEnglishVariant(EnglishUS) // after: given at once
	if r.variant != EnglishUS {
		t.Fatalf("variant = %q, want US given after the load", r.variant)
	}
}
