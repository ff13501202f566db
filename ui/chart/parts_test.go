package chart

import (
	"math"
	"strings"
	"testing"
	"time"
)

func testCanvas(t *testing.T, scale float32) *canvas {
	t.Helper()
	c, err := New().(*goChart).canvas(Size{Width: 800, Height: 400, Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClean(t *testing.T) {
	c := testCanvas(t, 1)
	for in, want := range map[string]string{
		"Abonnés":              "Abonnés",
		"12\u202f345":          "12\u202f345", // the font has U+202F: kept
		"12\u00a0h":            "12\u00a0h",
		"l’été, où ça sûr":     "l’été, où ça sûr",
		"a\nb\tc\rd":           "a b c d",
		"x\x00y\x7f":           "xy",
		"−12":                  "-12", // U+2212 is not in Noto Sans
		"  espaces  ":          "espaces",
		"fusée 🚀":              "fusée",
		"\u2003cadratin\u2003": "cadratin",
		"":                     "",
	} {
		if got := clean(in, c.fonts.regular); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFit(t *testing.T) {
	c := testCanvas(t, 2)
	s := styleText
	text := "Taux d’engagement moyen par publication"
	full := c.measure(text, s)
	if got := c.fit(text, full, s); got != text {
		t.Errorf("fit at full width = %q", got)
	}
	for _, w := range []float64{full - 1, full / 2, full / 5, 30} {
		got := c.fit(text, w, s)
		if !strings.HasSuffix(got, ellipsis) || c.measure(got, s) > w {
			t.Errorf("fit(%v) = %q, %.1f px wide", w, got, c.measure(got, s))
		}
	}
	if got := c.fit(text, 1, s); got != "" {
		t.Errorf("fit in 1 px = %q, want nothing", got)
	}
	// Cutting keeps accents with their letters: "é" written as e + U+0301.
	decomposed := strings.Repeat("e\u0301", 40)
	got := c.fit(decomposed, c.measure(decomposed, s)/2, s)
	if strings.HasSuffix(strings.TrimSuffix(got, ellipsis), "e") {
		t.Errorf("fit split a letter from its accent: %q", got)
	}
}

func TestWrap(t *testing.T) {
	c := testCanvas(t, 1)
	s := styleEmpty
	text := "Aucune donnée pour cette période : connectez un compte pour voir vos abonnés"
	lines := c.wrap(text, 150, 10, s)
	if len(lines) < 3 {
		t.Fatalf("wrap gave %q", lines)
	}
	for _, l := range lines {
		if c.measure(l, s) > 150 {
			t.Errorf("line %q too wide", l)
		}
	}
	if got := strings.Join(lines, " "); got != text {
		t.Errorf("wrap lost words: %q", got)
	}
	two := c.wrap(text, 150, 2, s)
	if len(two) != 2 || !strings.HasSuffix(two[1], ellipsis) {
		t.Errorf("wrap to 2 lines = %q", two)
	}
	// A no-break space does not break.
	for _, l := range c.wrap("à 12\u00a0h 30 aujourd’hui", 60, 5, s) {
		if strings.HasSuffix(l, "12") {
			t.Errorf("broke at a no-break space: %q", l)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi  float64
		count   int
		integer bool
	}{
		{0, 14800, 8, true}, {1200, 1302, 6, true}, {0, 0, 5, true}, {5, 5, 5, true},
		{-400, 441, 8, true}, {0, 0.8, 5, true}, {0, 0.8, 5, false}, {0.011, 0.06, 4, false},
		{-maxValue, maxValue, 8, true}, {1e17, 1e17 + 9, 5, true}, {3, 1, 2, false},
		{math.NaN(), 1, 4, true}, {-7, -7, 3, true},
	}
	for _, tc := range cases {
		ticks := niceTicks(tc.lo, tc.hi, tc.count, tc.integer, formatTwoDecimals)
		if len(ticks) < 2 || len(ticks) > tc.count+1 {
			t.Errorf("%+v: %d ticks", tc, len(ticks))
			continue
		}
		lo, hi := math.Min(tc.lo, tc.hi), math.Max(tc.lo, tc.hi)
		if !math.IsNaN(lo) && (ticks[0].value > lo || ticks[len(ticks)-1].value < hi) {
			t.Errorf("%+v: ticks %v do not cover the values", tc, ticks)
		}
		for i := 1; i < len(ticks); i++ {
			if ticks[i].value <= ticks[i-1].value {
				t.Errorf("%+v: ticks not increasing: %v", tc, ticks)
			}
			if tc.integer && ticks[i].value-ticks[i-1].value < 1 {
				t.Errorf("%+v: fractional step with integer labels: %v", tc, ticks)
			}
		}
	}
	// Round steps.
	ticks := niceTicks(0, 14800, 8, true, formatInteger)
	want := []string{"0", "2500", "5000", "7500", "10000", "12500", "15000"}
	if len(ticks) != len(want) {
		t.Fatalf("ticks %v, want %v", ticks, want)
	}
	for i, tk := range ticks {
		if tk.label != want[i] {
			t.Errorf("tick %d = %q, want %q", i, tk.label, want[i])
		}
	}
	// Labels that round alike make the step grow.
	ticks = niceTicks(0, 3, 8, false, formatInteger)
	if !distinctLabels(ticks) {
		t.Errorf("repeated labels: %v", ticks)
	}
}

func TestDateTicks(t *testing.T) {
	all := func([]dateTick) bool { return true }
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.UTC
	}
	jan1 := time.Date(2025, 1, 1, 0, 0, 0, 0, paris)
	cases := []struct {
		name     string
		from, to time.Time
		format   func(time.Time) string
		want     string // first label
		maxCount int
	}{
		{"a year", jan1, jan1.AddDate(0, 0, 364), frDate, "1\u00a0janv.", 8},
		{"a month", jan1, jan1.AddDate(0, 0, 30), frDate, "", 8},
		{"a week", jan1, jan1.AddDate(0, 0, 6), frDate, "1\u00a0janv.", 8},
		{"hours", jan1, jan1.Add(10 * time.Hour), func(t time.Time) string { return t.Format("15 h") }, "00 h", 8},
		{"ten years", jan1, jan1.AddDate(10, 0, 0), func(t time.Time) string { return t.Format("2006") }, "2026", 8},
		{"DST spring", time.Date(2025, 3, 29, 0, 0, 0, 0, paris), time.Date(2025, 3, 31, 0, 0, 0, 0, paris), func(t time.Time) string { return t.Format("2/1 15h") }, "29/3 00h", 8},
	}
	for _, tc := range cases {
		ticks := dateTicks(tc.from, tc.to, tc.maxCount, tc.format, all)
		if len(ticks) == 0 || len(ticks) > tc.maxCount {
			t.Errorf("%s: %d ticks", tc.name, len(ticks))
			continue
		}
		if tc.want != "" && ticks[0].label != tc.want {
			t.Errorf("%s: first %q, want %q", tc.name, ticks[0].label, tc.want)
		}
		for i, tk := range ticks {
			if tk.at.Before(tc.from) || tk.at.After(tc.to) {
				t.Errorf("%s: tick %v out of range", tc.name, tk.at)
			}
			if i > 0 && (tk.label == ticks[i-1].label || !tk.at.After(ticks[i-1].at)) {
				t.Errorf("%s: ticks %d and %d: %q, %q", tc.name, i-1, i, ticks[i-1].label, tk.label)
			}
		}
	}
	// A year of days, with at most 8 labels, goes by months.
	ticks := dateTicks(jan1, jan1.AddDate(0, 0, 364), 8, frDate, all)
	for _, tk := range ticks {
		if tk.at.Day() != 1 {
			t.Errorf("year tick on %v, want the first of a month", tk.at)
		}
	}
	// One day around a moment, written as dates: one date only, so no
	// round step; the chart then writes the middle.
	if got := dateTicks(jan1.Add(-12*time.Hour), jan1.Add(12*time.Hour), 8, frDate, all); got != nil {
		t.Errorf("a day by date: %v, want nil", got)
	}
	// Nothing fits: nil.
	if got := dateTicks(jan1, jan1.AddDate(1, 0, 0), 8, frDate, func([]dateTick) bool { return false }); got != nil {
		t.Errorf("got %v when nothing fits", got)
	}
}

func TestDashes(t *testing.T) {
	// 100 pixels in segments of 3: dashes of 10 every 16.
	var pts []fpoint
	for x := 0.0; x <= 99; x += 3 {
		pts = append(pts, fpoint{x, 0})
	}
	var got [][2]float64
	dashes(pts, 10, 6, func(d []fpoint) { got = append(got, [2]float64{d[0].x, d[len(d)-1].x}) })
	if len(got) != 7 {
		t.Fatalf("%d dashes: %v", len(got), got)
	}
	for i, d := range got[:6] {
		start := float64(i) * 16
		if math.Abs(d[0]-start) > 1e-9 || math.Abs(d[1]-start-10) > 1e-9 {
			t.Errorf("dash %d from %v to %v, want %v to %v", i, d[0], d[1], start, start+10)
		}
	}
}

func TestScaleIsPixelsPerPoint(t *testing.T) {
	c1, c2 := testCanvas(t, 1), testCanvas(t, 2)
	text := "Abonnés par compte"
	w1, w2 := c1.measure(text, styleText), c2.measure(text, styleText)
	if math.Abs(w2-2*w1) > 2 {
		t.Errorf("width %.1f at scale 1, %.1f at scale 2: want twice", w1, w2)
	}
	if h1, h2 := c1.lineHeight(styleText), c2.lineHeight(styleText); math.Abs(h2-2*h1) > 0.01 {
		t.Errorf("line height %.2f at scale 1, %.2f at scale 2", h1, h2)
	}
	// A 12-point font is 12 pixels per em at scale 1, as in Fyne.
	if em := c1.ascent(styleText) / c1.fonts.ascent; math.Abs(em-ptText) > 0.01 {
		t.Errorf("em %.2f px, want %v", em, ptText)
	}
	if p1, p2 := c1.padding(), c2.padding(); p2 != 2*p1 {
		t.Errorf("padding %v at scale 1, %v at scale 2", p1, p2)
	}
}
