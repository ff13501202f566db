package report

import (
	"io"
	"testing"

	"github.com/relais-app/relais/ui/chart"
)

// A month of 300 posts over 5 accounts, with an inbox: the charts drawn
// by the fake renderer (the PDF's own cost) and by Relais's renderer.
func BenchmarkPDFMonth300Posts(b *testing.B) {
	f := Describe(fr, monthReport(5, 300), paris)
	for _, c := range []struct {
		name string
		r    chart.Renderer
	}{
		{"fake", &fakeRenderer{}},
		{"gochart", chart.New()},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if fr, ok := c.r.(*fakeRenderer); ok {
					fr.calls, fr.sizes = nil, nil
				}
				if err := WritePDF(io.Discard, f, c.r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Wording the same month for the screen.
func BenchmarkDescribeMonth300Posts(b *testing.B) {
	rep := monthReport(5, 300)
	b.ReportAllocs()
	for b.Loop() {
		f := Describe(fr, rep, paris)
		_ = f.Followers()
		_ = f.Engagement()
		_ = f.TopPosts()
		_ = f.BestTime()
		_ = f.InboxVolume()
		_ = f.Key()
		_ = f.TopPostsTable(10)
		_ = f.InboxTable()
		_ = f.ResponsesTable(10)
		_ = f.BestTimeSentence()
		_ = f.InboxSummary()
	}
}
