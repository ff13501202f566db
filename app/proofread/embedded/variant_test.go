package embedded_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread"
	"github.com/relais-app/relais/app/proofread/embedded"
)

// British spellings are right under UK English and flagged, with the US
// fix, under US English; US spellings the other way round.
func TestEnglishVariants(t *testing.T) {
	c, err := embedded.LoadUntimed(nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(text string) []app.Finding {
		t.Helper()
		got, err := c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageEnglish})
		if err != nil {
			t.Fatal(err)
		}
		return got.Findings
	}
	const british = "We organise tastings amongst friends: pick your favourite colour."
	us := map[string]string{"organise": "organize", "amongst": "among", "favourite": "favorite", "colour": "color"}
	got := check(british)
	if len(got) != len(us) {
		t.Fatalf("US: findings %+v, want one on each of %v", got, us)
	}
	for _, f := range got {
		if f.Kind != proofread.FindUSSpelling || f.Blocking() || len(f.Fixes) == 0 || f.Fixes[0] != us[f.Text] {
			t.Errorf("US: %+v, want a US-spelling warning fixed as %q", f, us[f.Text])
		}
	}
	c.SetEnglishVariant(app.EnglishUK)
	if got := check(british); len(got) != 0 {
		t.Errorf("UK: findings %+v, want none", got)
	}
	got = check("Pick your favorite color.")
	if len(got) != 2 || got[0].Kind != app.FindSpelling || got[0].Fixes[0] != "favourite" || got[1].Fixes[0] != "colour" {
		t.Errorf("UK: findings %+v on US spellings, want spelling findings fixed as favourite, colour", got)
	}
	c.SetEnglishVariant(app.EnglishUS)
	if got := check("Pick your favorite color."); len(got) != 0 {
		t.Errorf("back to US: findings %+v, want none", got)
	}
}

func BenchmarkProofread500English(b *testing.B) {
	c, err := embedded.LoadUntimed(nil)
	if err != nil {
		b.Fatal(err)
	}
	text := "Its a big day at the shop! Your welcome to join us on Saturday for tastings: there new pastries are " +
		"bigger then ever, and we could of sold them twice over. Follow @boulangerie_martin and #FreshBread, " +
		"book at https://example.org/book — only $4.50 a box 🎉. Thanks to everyone who came last week; we " +
		"loved seeing you all, and we hope to see you again soon. Bring a friend, and don't loose your ticket!"
	text = (text + " " + text)[:500]
	for b.Loop() {
		if _, err := c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageEnglish}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadUK: both dictionaries, then the British one read by a
// first English check under UK English; heap-MB is what the checker then
// keeps on the heap, all three dictionaries and the English grammar.
func BenchmarkLoadUK(b *testing.B) {
	var heap float64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		c, err := embedded.LoadUntimed(nil)
		if err != nil {
			b.Fatal(err)
		}
		c.SetEnglishVariant(app.EnglishUK)
		if _, err := c.Proofread(context.Background(), "Our favourite colour.", app.ProofOptions{Language: app.LanguageEnglish}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(c)
		heap = max(heap, float64(after.HeapAlloc)-float64(before.HeapAlloc))
		b.StartTimer()
	}
	b.ReportMetric(heap/(1<<20), "heap-MB")
}
