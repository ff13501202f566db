package chart

import (
	"image"
	"math"
	"strings"
	"testing"
	"time"
)

// Weird inputs: each must draw at the size asked, without error or panic.

var (
	day0     = time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC)
	longText = strings.Repeat("Très long libellé de série qui n’en finit pas ", 12)
	oddText  = "Ligne\nsuivante\tet\x00contrôle \u200b🚀 −12 \u00a0h\u202f%"
)

func at(d int) time.Time { return day0.AddDate(0, 0, d) }

func ramp(n int, f func(i int) float64) []Point {
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{at(i), f(i)}
	}
	return pts
}

var weirdLines = map[string]Lines{
	"no series":      {},
	"only empty":     {Series: []Series{{Name: "a"}, {Name: "b"}}},
	"single point":   {Series: []Series{{Name: "a", Points: []Point{{at(0), 5}}}}},
	"one empty":      {Series: []Series{{Name: "a", Points: ramp(30, func(i int) float64 { return float64(i) })}, {Name: "vide"}}},
	"all zeros":      {Series: []Series{{Name: "a", Points: ramp(30, func(int) float64 { return 0 })}}},
	"constant":       {Series: []Series{{Points: ramp(30, func(int) float64 { return 12345 })}}},
	"negative":       {Series: []Series{{Points: ramp(30, func(i int) float64 { return float64(i*i) - 400 })}}},
	"huge":           {Series: []Series{{Points: ramp(10, func(i int) float64 { return math.MaxFloat64 / float64(i+1) })}, {Points: ramp(10, func(int) float64 { return -math.MaxFloat64 })}}},
	"tiny":           {Series: []Series{{Points: ramp(10, func(i int) float64 { return float64(i) * 1e-300 })}}, FormatValue: func(v float64) string { return "x" }},
	"precision":      {Series: []Series{{Points: ramp(10, func(i int) float64 { return 1e17 + float64(i) })}}},
	"nan and inf":    {Series: []Series{{Points: ramp(20, func(i int) float64 { return []float64{1, math.NaN(), 3, math.Inf(1), 5, math.Inf(-1)}[i%6] })}}},
	"all nan":        {Series: []Series{{Points: ramp(5, func(int) float64 { return math.NaN() })}}, Empty: "vide"},
	"same time":      {Series: []Series{{Points: []Point{{day0, 1}, {day0, 5}, {day0, 3}}}}},
	"unsorted":       {Series: []Series{{Points: []Point{{at(5), 1}, {at(1), 5}, {at(3), 3}}}}},
	"one hour":       {Series: []Series{{Points: []Point{{day0.Add(10 * time.Hour), 1}, {day0.Add(11 * time.Hour), 2}}}}},
	"centuries":      {Series: []Series{{Points: []Point{{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), 1}, {time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 2}}}}},
	"zero time":      {Series: []Series{{Points: []Point{{time.Time{}, 1}, {at(0), 2}}}}},
	"long labels":    {Title: longText, XLabel: longText, YLabel: longText, Series: []Series{{Name: longText, Points: ramp(3, func(i int) float64 { return float64(i) })}, {Name: longText, Dashed: true, Points: ramp(3, func(i int) float64 { return float64(i) })}}},
	"odd text":       {Title: oddText, Series: []Series{{Name: oddText, Points: ramp(3, func(i int) float64 { return float64(i) })}}, FormatDate: func(time.Time) string { return oddText }},
	"long formats":   {Series: []Series{{Points: ramp(100, func(i int) float64 { return float64(i) })}}, FormatDate: func(time.Time) string { return longText }, FormatValue: func(float64) string { return longText }},
	"empty formats":  {Series: []Series{{Points: ramp(100, func(i int) float64 { return float64(i) })}}, FormatDate: func(time.Time) string { return "" }, FormatValue: func(float64) string { return "" }},
	"only dashed":    {Series: []Series{{Name: "a", Dashed: true, Points: ramp(50, func(i int) float64 { return float64(i) })}, {Name: "b", Dashed: true, Points: ramp(50, func(i int) float64 { return float64(2 * i) })}}},
	"many series":    {Series: manySeries(40)},
	"ten years":      {Series: []Series{{Points: ramp(3650, func(i int) float64 { return float64(i % 97) })}}},
	"fractions":      {Series: []Series{{Points: ramp(10, func(i int) float64 { return float64(i) / 10 })}}},
	"fraction point": {Series: []Series{{Points: []Point{{at(0), 0.3}}}}, FormatValue: formatTwoDecimals},
}

func manySeries(n int) []Series {
	s := make([]Series, n)
	for i := range s {
		s[i] = Series{Name: "Compte numéro " + strings.Repeat("x", i%7), Dashed: i%2 == 1, Points: ramp(20, func(j int) float64 { return float64(i * j) })}
	}
	return s
}

var weirdBars = map[string]Bars{
	"no stacks":        {Labels: []string{"a", "b"}},
	"empty stacks":     {Labels: []string{"a"}, Stacks: []Stack{{Name: "x"}}, Empty: "vide"},
	"one bar":          {Labels: []string{"lundi"}, Stacks: []Stack{{Values: []float64{3}}}},
	"all zeros":        {Labels: []string{"a", "b", "c"}, Stacks: []Stack{{Values: []float64{0, 0, 0}}}},
	"no labels":        {Stacks: []Stack{{Values: []float64{1, 2, 3}}}},
	"ragged":           {Labels: []string{"a", "b", "c", "d"}, Stacks: []Stack{{Name: "x", Values: []float64{1}}, {Name: "y", Values: []float64{1, 2, 3, 4, 5, 6}}}},
	"negative":         {Labels: []string{"a", "b"}, Stacks: []Stack{{Name: "x", Values: []float64{-3, 4}}, {Name: "y", Values: []float64{2, -5}}}},
	"nan inf":          {Labels: []string{"a", "b", "c"}, Stacks: []Stack{{Values: []float64{math.NaN(), math.Inf(1), math.Inf(-1)}}}},
	"huge":             {Labels: []string{"a", "b"}, Stacks: []Stack{{Values: []float64{math.MaxFloat64, math.MaxFloat64}}, {Values: []float64{math.MaxFloat64, 1}}}},
	"365 labels":       inboxYear(),
	"3000 bars":        {Stacks: []Stack{{Values: make([]float64, 3000)}}},
	"long labels":      longLabelBars(),
	"very long labels": {Title: longText, XLabel: longText, YLabel: longText, Labels: []string{longText, longText}, Stacks: []Stack{{Name: longText, Values: []float64{1, 2}}, {Name: oddText, Values: []float64{2, 1}}}},
}

var weirdHeatmaps = map[string]Heatmap{
	"nothing":      {},
	"labels only":  {Rows: []string{"a"}, Cols: []string{"b"}},
	"all nan":      {Values: [][]float64{{math.NaN(), math.NaN()}}},
	"one cell":     {Values: [][]float64{{3}}},
	"all equal":    {Values: [][]float64{{2, 2}, {2, 2}}},
	"ragged":       {Rows: []string{"a", "b", "c"}, Values: [][]float64{{1}, {1, 2, 3}, nil, {4}}},
	"inf":          {Values: [][]float64{{math.Inf(1), math.Inf(-1), 0}}},
	"huge":         {Values: [][]float64{{math.MaxFloat64, -math.MaxFloat64}}},
	"long labels":  {Title: longText, Legend: longText, Rows: []string{longText, oddText}, Cols: []string{longText, oddText}, Values: [][]float64{{1, 2}, {3, 4}}, FormatValue: func(float64) string { return longText }},
	"many cells":   {Values: manyCells(100, 400)},
	"7x24 no text": {Values: engagementWeek().Values},
}

func manyCells(rows, cols int) [][]float64 {
	v := make([][]float64, rows)
	for r := range v {
		v[r] = make([]float64, cols)
		for c := range v[r] {
			v[r][c] = float64(r * c)
		}
	}
	return v
}

var edgeSizes = []Size{
	{Width: 32, Height: 32, Scale: 1},
	{Width: 32, Height: 32, Scale: 2},
	{Width: 48, Height: 600, Scale: 2},
	{Width: 1200, Height: 40, Scale: 1},
	{Width: 400, Height: 250, Scale: 0.5},
	{Width: 400, Height: 250, Scale: 16},
	{Width: 800, Height: 400, Scale: 2},
}

func TestWeirdInputs(t *testing.T) {
	r := New()
	check := func(kind, name string, s Size, img image.Image, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s %q at %+v: %v", kind, name, s, err)
			return
		}
		if img.Bounds() != image.Rect(0, 0, s.Width, s.Height) {
			t.Errorf("%s %q at %+v: bounds %v", kind, name, s, img.Bounds())
		}
	}
	for _, s := range edgeSizes {
		for name, l := range weirdLines {
			img, err := r.Lines(l, s)
			check("lines", name, s, img, err)
		}
		for name, b := range weirdBars {
			img, err := r.Bars(b, s)
			check("bars", name, s, img, err)
		}
		for name, h := range weirdHeatmaps {
			img, err := r.Heatmap(h, s)
			check("heatmap", name, s, img, err)
		}
	}
}

func TestLongLabelsStayInside(t *testing.T) {
	r := New()
	s := Size{Width: 600, Height: 300, Scale: 1}
	img, err := r.Lines(weirdLines["long labels"], s)
	if err != nil {
		t.Fatal(err)
	}
	// Cut with an ellipsis, titles and names leave the right margin free.
	if ink := inkRatio(img, image.Rect(s.Width-4, 0, s.Width, s.Height)); ink != 0 {
		t.Errorf("text runs into the right edge (%.3f)", ink)
	}
}

func FuzzCharts(f *testing.F) {
	f.Add(uint16(400), uint16(300), float32(1), uint16(10), 1.0, 2.0, "lundi", int64(86400))
	f.Add(uint16(32), uint16(32), float32(2), uint16(1), 0.0, 0.0, "", int64(0))
	f.Add(uint16(1000), uint16(50), float32(0.3), uint16(365), math.MaxFloat64, -1e308, "é’\u202f", int64(-1))
	f.Add(uint16(64), uint16(900), float32(7), uint16(0), math.NaN(), math.Inf(1), "\x00\n", int64(1<<40))
	r := New()
	f.Fuzz(func(t *testing.T, w, h uint16, scale float32, n uint16, a, b float64, label string, step int64) {
		s := Size{Width: int(w % 2000), Height: int(h % 1200), Scale: scale}
		n %= 500
		var pts []Point
		var vals []float64
		labels := make([]string, n)
		for i := range int(n) {
			v := a + (b-a)*float64(i)/float64(max(1, int(n)-1))
			pts = append(pts, Point{X: time.Unix(step*int64(i), 0), Y: v})
			vals = append(vals, v)
			labels[i] = label
		}
		l := Lines{Title: label, Series: []Series{{Name: label, Points: pts}, {Name: label, Dashed: true, Points: pts[:len(pts)/2]}}, Empty: label}
		bars := Bars{Title: label, Labels: labels, Stacks: []Stack{{Name: label, Values: vals}, {Name: label, Values: vals[:len(vals)/3]}}, Empty: label}
		cols := int(n%30) + 1
		hm := Heatmap{Title: label, Rows: labels[:min(len(labels), 7)], Values: [][]float64{vals[:min(len(vals), cols)], vals[min(len(vals), cols):min(len(vals), 2*cols)]}}
		for _, draw := range []func() (image.Image, error){
			func() (image.Image, error) { return r.Lines(l, s) },
			func() (image.Image, error) { return r.Bars(bars, s) },
			func() (image.Image, error) { return r.Heatmap(hm, s) },
		} {
			img, err := draw()
			if err != nil {
				if _, serr := s.check(); serr == nil {
					t.Fatalf("size %+v is fine but: %v", s, err)
				}
				continue
			}
			if img.Bounds() != image.Rect(0, 0, s.Width, s.Height) {
				t.Fatalf("bounds %v for %+v", img.Bounds(), s)
			}
		}
	})
}
