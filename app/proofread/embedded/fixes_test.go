package embedded_test

import (
	"context"
	"slices"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread/embedded"
)

// The window's first check marks a typo at once and leaves its fixes for
// the next check (KnownFixesOnly, FixesPending); the next check gives
// them, and they are remembered: a quick check then gives them too.
func TestFixesLookedForOnTheSecondCheck(t *testing.T) {
	c, err := embedded.LoadUntimed(nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	text := "Notre bouttique ouvre demain à 9 h."
	quick := app.ProofOptions{Language: app.LanguageFrench, KnownFixesOnly: true}
	spelling := func(res app.Proofread) *app.Finding {
		for i, f := range res.Findings {
			if f.Kind == app.FindSpelling && text[f.Start:f.End] == "bouttique" {
				return &res.Findings[i]
			}
		}
		t.Fatalf("the typo is not marked: %+v", res.Findings)
		return nil
	}

	res, err := c.Proofread(ctx, text, quick)
	if err != nil {
		t.Fatal(err)
	}
	if f := spelling(res); len(f.Fixes) != 0 || !res.FixesPending {
		t.Errorf("a quick first check gave fixes %q, pending %v", f.Fixes, res.FixesPending)
	}

	res, err = c.Proofread(ctx, text, app.ProofOptions{Language: app.LanguageFrench})
	if err != nil {
		t.Fatal(err)
	}
	if f := spelling(res); !slices.Contains(f.Fixes, "boutique") || res.FixesPending {
		t.Errorf("the full check gave fixes %q, pending %v", f.Fixes, res.FixesPending)
	}

	res, err = c.Proofread(ctx, text, quick)
	if err != nil {
		t.Fatal(err)
	}
	if f := spelling(res); !slices.Contains(f.Fixes, "boutique") || res.FixesPending {
		t.Errorf("a quick check after it gave fixes %q, pending %v", f.Fixes, res.FixesPending)
	}

	// A text without typos has nothing pending.
	if res, err := c.Proofread(ctx, "Notre boutique ouvre demain.", quick); err != nil || res.FixesPending {
		t.Errorf("a clean text: pending %v, %v", res.FixesPending, err)
	}
}
