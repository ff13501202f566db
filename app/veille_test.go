package app

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// fakeVeille is a veille that returns what it is given, and the periods
// it was asked for.
type fakeVeille struct {
	voices      Voices
	competitors []Benchmark
	asked       []Period
}

func (f *fakeVeille) ShareOfVoice(_ context.Context, p, prev Period) (Voices, error) {
	f.asked = append(f.asked, p, prev)
	return f.voices, nil
}

func (f *fakeVeille) Competitors(_ context.Context, p Period) ([]Benchmark, error) {
	f.asked = append(f.asked, p)
	return f.competitors, nil
}

func TestReportPutsTheBrandsAccountsBesideItsCompetitors(t *testing.T) {
	f := newAnalyticsFixture(t)
	now := f.clock.Now()
	p := LastDays(now, 7, paris)
	day := DayOf(now, paris)
	err := f.store.PutAccountDays(bg, []AccountDay{
		{Account: f.mastoAcc.ID, Day: day.AddDate(0, 0, -3), Followers: 100, At: now},
		{Account: f.mastoAcc.ID, Day: day, Followers: 130, At: now},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = f.store.PutPostStats(bg, []PostStats{
		{Key: "a", Account: f.mastoAcc.ID, Network: Mastodon, Text: "un", URL: "https://masto.example/1", PublishedAt: now.Add(-time.Hour), Likes: 4, Boosts: 2, Replies: 1, ReadAt: now},
		{Key: "b", Account: f.mastoAcc.ID, Network: Mastodon, Text: "deux", URL: "https://masto.example/2", PublishedAt: now.Add(-2 * time.Hour), Likes: 10, Quotes: 1, ReadAt: now},
		{Key: "c", Account: f.mastoAcc.ID, Network: Mastodon, PublishedAt: now.AddDate(0, 0, -20), Likes: 99, ReadAt: now},
	})
	if err != nil {
		t.Fatal(err)
	}
	rival := Benchmark{Network: Bluesky, Handle: "rival.bsky.social", Posts: 2, Likes: 10, Weeks: 1,
		Days: []BenchmarkDay{{Day: day, Followers: 900}}}
	v := &fakeVeille{voices: Voices{Step: StepDay, Slices: p.Slices(StepDay),
		Voices: []Voice{{Name: "Lumen", Brand: true, Counts: make([]int, 7), Total: 3}, {Name: "Rival", Counts: make([]int, 7), Total: 1}}}}

	// Without competitors, no benchmark.
	f.an.UseVeille(v)
	rep, err := f.an.Report(bg, ReportQuery{Period: p})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Benchmark) != 0 || rep.Voices.Total() != 4 || len(v.asked) != 3 || v.asked[0] != p || v.asked[1] != p.Previous() {
		t.Fatalf("benchmark %+v, voices %+v, asked %v", rep.Benchmark, rep.Voices, v.asked)
	}

	v.competitors = []Benchmark{rival}
	rep, err = f.an.Report(bg, ReportQuery{Period: p})
	if err != nil {
		t.Fatal(err)
	}
	// The Mastodon and Bluesky accounts, then the rival.
	if len(rep.Benchmark) != 3 || !rep.Benchmark[0].Own || rep.Benchmark[2].Own || rep.Benchmark[2].Handle != "rival.bsky.social" {
		t.Fatalf("benchmark %+v", rep.Benchmark)
	}
	own := rep.Benchmark[0]
	if own.Network != Mastodon || own.Posts != 2 || own.Engagement() != 18 || len(own.Top) != 2 || own.Top[0].URL != "https://masto.example/2" {
		t.Errorf("own figures %+v", own)
	}
	if g, ok := own.Growth(); !ok || g != 30 {
		t.Errorf("own growth %d", g)
	}

	read := func(table CSVTable) [][]string {
		var b strings.Builder
		if err := WriteCSV(&b, rep, table); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	bench := read(CSVCompetitors)
	if len(bench) != 4 || bench[0][0] != "network" || strings.Join(bench[1], "|") != "mastodon|"+f.mastoAcc.Handle+"||true|130|30|2|2.00|14|3|1|18|9.00|" ||
		strings.Join(bench[3], "|") != "bluesky|rival.bsky.social||false|900||2|2.00|10|0|0|10|5.00|" {
		t.Errorf("competitors: %q", bench)
	}
}

func TestShareOfVoiceCSVIsTidy(t *testing.T) {
	p := DaysBetween(time.Date(2026, 11, 4, 0, 0, 0, 0, paris), time.Date(2026, 11, 15, 0, 0, 0, 0, paris), paris)
	slices := p.Slices(StepWeek) // Wednesday 4, Monday 9 (to Sunday 15)
	rep := Report{Period: p, Voices: Voices{Step: StepWeek, Slices: slices, Voices: []Voice{
		{Name: "Maison Lumen", Brand: true, Counts: []int{6, 0}, Total: 6},
		{Name: "=Rival", Counts: []int{2, 0}, Total: 2},
	}}}
	var b strings.Builder
	if err := WriteCSV(&b, rep, CSVVoice); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"slice_start|slice_end|step|voice|party|items|share",
		"2026-11-04|2026-11-08|week|Maison Lumen|brand|6|0.7500",
		"2026-11-04|2026-11-08|week|'=Rival|competitor|2|0.2500",
		"2026-11-09|2026-11-15|week|Maison Lumen|brand|0|",
		"2026-11-09|2026-11-15|week|'=Rival|competitor|0|",
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i, w := range want {
		if got := strings.Join(rows[i], "|"); got != w {
			t.Errorf("row %d: %s, want %s", i, got, w)
		}
	}
}
