package chart

import (
	"testing"
)

// The charts of the statistics screen at their largest: a year of data,
// drawn at 1600×800 pixels on a HiDPI screen.

var benchSize = Size{Width: 1600, Height: 800, Scale: 2}

func BenchmarkFollowersYearFiveAccounts(b *testing.B) {
	r := New()
	l := followersYear(true) // 5 series × 365 days, and 5 dashed previous years
	if len(l.Series) != 10 || len(l.Series[0].Points) != 365 {
		b.Fatalf("%d series of %d points", len(l.Series), len(l.Series[0].Points))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Lines(l, benchSize); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInboxVolumeYear(b *testing.B) {
	r := New()
	bars := inboxYear() // 365 labels × 4 stacks
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Bars(bars, benchSize); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHeatmap(b *testing.B) {
	r := New()
	h := engagementWeek() // 7 × 24
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Heatmap(h, benchSize); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	img, err := New().Lines(followersYear(true), benchSize)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(img); err != nil {
			b.Fatal(err)
		}
	}
}
