package report

import (
	"math"
	"strconv"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
)

// The veille's part of the report: the share of voice of the brand
// against its competitors, and the benchmark of the brand's accounts
// beside its competitors'.

// HasVoices reports whether the report has a share of voice: a brand or
// competitor watch.
func (f Figures) HasVoices() bool { return len(f.rep.Voices.Voices) > 0 }

// HasBenchmark reports whether competitors' accounts are followed.
func (f Figures) HasBenchmark() bool {
	for _, b := range f.rep.Benchmark {
		if !b.Own {
			return true
		}
	}
	return false
}

// voiceName is a party's name, "(brand)" after the brand's.
func (f Figures) voiceName(v app.Voice) string {
	if v.Brand {
		return f.tr.T("report.voice.brand_name", "name", v.Name)
	}
	return v.Name
}

// sliceLabel names a slice of the period: its first day, or its month.
func (f Figures) sliceLabel(i int) string {
	t := f.rep.Voices.Slices[i].In(f.zone)
	switch f.rep.Voices.Step {
	case app.StepMonth:
		return f.tr.T("month." + strconv.Itoa(int(t.Month())))
	case app.StepWeek:
		return f.tr.T("report.voice.week_of", "day", f.shortDay(t))
	}
	return f.shortDay(t)
}

// ShareOfVoice is each slice of the period as a bar of 100 %, stacked by
// party: the brand's part of what was said, against each competitor's.
func (f Figures) ShareOfVoice() chart.Bars {
	v := f.rep.Voices
	c := chart.Bars{
		Title:       f.tr.T("report.voice.title"),
		XLabel:      f.tr.T("report.voice.axis." + string(v.Step)),
		YLabel:      f.tr.T("report.voice.axis.share"),
		FormatValue: func(x float64) string { return f.percentOf(f.decimal(math.Round(x), 0)) },
		Empty:       f.tr.T("report.voice.empty"),
	}
	if v.Total() == 0 {
		return c
	}
	for s := range v.Slices {
		c.Labels = append(c.Labels, f.sliceLabel(s))
	}
	for i, x := range v.Voices {
		st := chart.Stack{Name: f.voiceName(x), Values: make([]float64, len(v.Slices))}
		for s := range v.Slices {
			if share, ok := v.SliceShare(i, s); ok {
				st.Values[s] = share * 100
			}
		}
		c.Stacks = append(c.Stacks, st)
	}
	return c
}

// VoiceTable is each party's items and share over the period, against
// the previous period's, with a total row.
func (f Figures) VoiceTable() Table {
	v := f.rep.Voices
	t := Table{
		Title: f.tr.T("report.table.voice"),
		Header: []string{f.tr.T("report.col.party"), f.tr.T("report.col.items"), f.tr.T("report.col.share"),
			f.tr.T("report.col.previous_share"), f.tr.T("report.col.change_points")},
	}
	for i, x := range v.Voices {
		share, prev, change := none, none, none
		cur, ok := v.Share(i)
		if ok {
			share = f.share(x.Total, v.Total())
		}
		p, pok := v.PreviousShare(i)
		if pok {
			prev = f.share(x.Previous, v.PreviousTotal())
		}
		if ok && pok {
			change = f.points(cur - p)
		}
		t.Rows = append(t.Rows, []string{f.voiceName(x), f.tr.Number(x.Total), share, prev, change})
	}
	if len(v.Voices) > 1 {
		t.Rows = append(t.Rows, []string{f.tr.T("report.total"), f.tr.Number(v.Total()), f.share(v.Total(), v.Total()),
			f.share(v.PreviousTotal(), v.PreviousTotal()), ""})
	}
	return t
}

// points writes a change of share in percentage points: +4 pts.
func (f Figures) points(d float64) string {
	n := math.Round(d * 100)
	s := f.decimal(math.Abs(n), 0)
	switch {
	case n > 0:
		s = "+" + s
	case n < 0:
		s = "−" + s
	}
	return f.tr.T("report.points", "n", s)
}

// VoiceSlicesTable is the share of voice chart's values: one row per
// slice, each party's items and the slice's total.
func (f Figures) VoiceSlicesTable() Table {
	v := f.rep.Voices
	t := Table{Title: f.tr.T("report.table.voice_slices"), Header: []string{f.tr.T("report.voice.axis." + string(v.Step))}}
	for _, x := range v.Voices {
		t.Header = append(t.Header, f.voiceName(x))
	}
	t.Header = append(t.Header, f.tr.T("report.total"))
	for s := range v.Slices {
		row := []string{f.sliceLabel(s)}
		for i, x := range v.Voices {
			cell := f.tr.Number(x.Counts[s])
			if _, ok := v.SliceShare(i, s); ok {
				cell += " (" + f.share(x.Counts[s], v.SliceTotal(s)) + ")"
			}
			row = append(row, cell)
		}
		row = append(row, f.tr.Number(v.SliceTotal(s)))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// VoiceSentence says the brand's share in words, against the previous
// period and against the loudest competitor.
func (f Figures) VoiceSentence() string {
	v := f.rep.Voices
	if v.Total() == 0 {
		return f.tr.T("report.voice.empty")
	}
	brand := -1
	for i, x := range v.Voices {
		if x.Brand {
			brand = i
		}
	}
	if brand < 0 {
		return f.tr.T("report.voice.no_brand")
	}
	x := v.Voices[brand]
	share := f.share(x.Total, v.Total())
	if _, ok := v.PreviousShare(brand); ok {
		return f.tr.T("report.voice.sentence_prev", "name", x.Name, "share", share, "previous", f.share(x.Previous, v.PreviousTotal()))
	}
	return f.tr.T("report.voice.sentence", "name", x.Name, "share", share)
}

// benchName is an account of the benchmark: its handle, "(you)" after
// the brand's own.
func (f Figures) benchName(b app.Benchmark) string {
	name := b.Handle
	if name == "" {
		name = b.Name
	}
	if b.Own {
		return f.tr.T("report.bench.own_name", "name", name)
	}
	return name
}

// Benchmark is each account's mean engagement per post over the period,
// the brand's own first, then its competitors'.
func (f Figures) Benchmark() chart.Bars {
	c := chart.Bars{
		Title:       f.tr.T("report.bench.title"),
		XLabel:      f.tr.T("report.bench.axis.account"),
		YLabel:      f.tr.T("report.bench.axis.per_post"),
		FormatValue: f.value,
		Empty:       f.tr.T("report.bench.empty"),
	}
	st := chart.Stack{Name: f.tr.T("report.col.per_post")}
	seen := false
	for _, b := range f.rep.Benchmark {
		per, ok := b.PerPost()
		c.Labels = append(c.Labels, f.benchName(b))
		st.Values = append(st.Values, per)
		seen = seen || ok && per > 0
	}
	if !seen {
		c.Labels = nil
		return c
	}
	c.Stacks = []chart.Stack{st}
	return c
}

// BenchmarkTable is each account's figures over the period: followers at
// its end and their growth, posts per week, engagement per post.
func (f Figures) BenchmarkTable() Table {
	t := Table{
		Title: f.tr.T("report.table.bench"),
		Header: []string{f.tr.T("report.col.account"), f.tr.T("report.col.network"), f.tr.T("report.col.followers"),
			f.tr.T("report.col.growth"), f.tr.T("report.col.posts"), f.tr.T("report.col.per_week"), f.tr.T("report.col.per_post")},
	}
	for _, b := range f.rep.Benchmark {
		followers, growth, per := none, none, none
		if n, ok := b.Followers(); ok {
			followers = f.tr.Number(n)
		}
		if n, ok := b.Growth(); ok {
			growth = f.signed(n)
		}
		if v, ok := b.PerPost(); ok {
			per = f.decimal(v, 1)
		}
		t.Rows = append(t.Rows, []string{f.benchName(b), b.Network.Name(), followers, growth, f.tr.Number(b.Posts),
			f.decimal(b.PerWeek(), 1), per})
	}
	return t
}

// BenchmarkTopTable is the competitors' best posts of the period: the
// account, the date, an excerpt, and what it brought. The links are the
// posts' addresses, row by row.
func (f Figures) BenchmarkTopTable() (Table, []string) {
	t := Table{
		Title: f.tr.T("report.table.bench_top"),
		Header: []string{f.tr.T("report.col.account"), f.tr.T("report.col.date"), f.tr.T("report.col.post"),
			f.tr.T("report.part.likes"), f.tr.T("report.col.reposts"), f.tr.T("report.part.replies"), f.tr.T("report.col.engagement")},
	}
	var links []string
	for _, b := range f.rep.Benchmark {
		if b.Own {
			continue
		}
		for _, p := range b.Top {
			t.Rows = append(t.Rows, []string{f.benchName(b), f.dateTime(p.PublishedAt), excerpt("", p.Text, 90), f.tr.Number(p.Likes),
				f.tr.Number(p.Reposts), f.tr.Number(p.Replies), f.tr.Number(p.Engagement())})
			links = append(links, p.URL)
		}
	}
	return t, links
}

// BenchmarkTopColumn is BenchmarkTopTable's column of the posts' text.
const BenchmarkTopColumn = 2
