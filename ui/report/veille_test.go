package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// veilleReport is a month of the bakery's figures with a share of voice
// (the bakery against two rivals, per week) and two competitors' accounts
// beside its own.
func veilleReport() app.Report {
	rep := monthReport(2, 30)
	slices := november.Slices(app.StepWeek)
	rep.Voices = app.Voices{Step: app.StepWeek, Slices: slices, Voices: []app.Voice{
		{Name: "Boulangerie Martin", Brand: true, Counts: []int{12, 10, 8, 14, 16, 0}, Total: 60, Previous: 40},
		{Name: "Fournil Dupont", Counts: []int{5, 6, 9, 7, 3, 0}, Total: 30, Previous: 50},
		{Name: "Pain & Co", Counts: []int{2, 2, 2, 2, 2, 0}, Total: 10, Previous: 10},
	}}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	rep.Benchmark = []app.Benchmark{
		{Own: true, Network: app.Mastodon, Handle: "martin@piaille.example", Posts: 12, Likes: 120, Reposts: 30, Replies: 18, Weeks: 30.0 / 7,
			Days: []app.BenchmarkDay{{Day: day(1), Followers: 800}, {Day: day(30), Followers: 950}}},
		{Network: app.Bluesky, Handle: "fournil-dupont.bsky.social", Name: "Fournil Dupont", Posts: 20, Likes: 300, Reposts: 40, Replies: 20,
			Weeks: 30.0 / 7, Days: []app.BenchmarkDay{{Day: day(1), Followers: 4000}, {Day: day(30), Followers: 4321}},
			Top: []app.BenchmarkPost{{PublishedAt: time.Date(2026, 11, 12, 17, 0, 0, 0, time.UTC), URL: "https://bsky.app/profile/fournil-dupont.bsky.social/post/3k",
				Text: "Notre galette frangipane revient dès demain", Likes: 80, Reposts: 9, Replies: 4}}},
		{Network: app.Mastodon, Handle: "painco@social.example", Weeks: 30.0 / 7, Error: "too many requests"},
	}
	return rep
}

func TestVeilleFigures(t *testing.T) {
	f := Describe(en, veilleReport(), paris)
	c := f.ShareOfVoice()
	if len(c.Labels) != 6 || c.Labels[1] != "week of Nov 2" || len(c.Stacks) != 3 || c.Stacks[0].Name != "Boulangerie Martin (brand)" ||
		c.Stacks[0].Values[0] != 12.0/19*100 || c.Stacks[2].Values[4] != 2.0/21*100 {
		t.Errorf("share of voice chart: %+v", c)
	}
	v := f.VoiceTable()
	if len(v.Rows) != 4 || strings.Join(v.Rows[0], "|") != "Boulangerie Martin (brand)|60|60%|40%|+20 pts" ||
		strings.Join(v.Rows[1], "|") != "Fournil Dupont|30|30%|50%|−20 pts" || v.Rows[3][1] != "100" {
		t.Errorf("voice table: %q", v.Rows)
	}
	if got := f.VoiceSentence(); got != "Boulangerie Martin had 60% of the mentions of the brand and its competitors (against 40% over the previous period)." {
		t.Errorf("sentence %q", got)
	}
	b := f.BenchmarkTable()
	if len(b.Rows) != 3 || strings.Join(b.Rows[0], "|") != "martin@piaille.example (you)|Mastodon|950|+150|12|2.8|14.0" ||
		strings.Join(b.Rows[1], "|") != "fournil-dupont.bsky.social|Bluesky|4,321|+321|20|4.7|18.0" || strings.Join(b.Rows[2], "|") != "painco@social.example|Mastodon|—|—|0|0.0|—" {
		t.Errorf("benchmark table: %q", b.Rows)
	}
	if bars := f.Benchmark(); len(bars.Labels) != 3 || bars.Stacks[0].Values[1] != 18 {
		t.Errorf("benchmark chart: %+v", bars)
	}
	if top, links := f.BenchmarkTopTable(); len(top.Rows) != 1 || top.Rows[0][6] != "93" || links[0] != "https://bsky.app/profile/fournil-dupont.bsky.social/post/3k" {
		t.Errorf("competitors' top posts: %q %q", top.Rows, links)
	}

	// Without a veille, nothing of it.
	plain := Describe(en, monthReport(2, 30), paris)
	if plain.HasVoices() || plain.HasBenchmark() {
		t.Error("a report without a veille has its pages")
	}
}

func TestPDFVeillePages(t *testing.T) {
	for _, tr := range []*i18n.Translator{fr, en} {
		t.Run(string(tr.Language()), func(t *testing.T) {
			f := Describe(tr, veilleReport(), paris)
			r := &fakeRenderer{}
			path := writeTestPDF(t, "veille-"+string(tr.Language())+".pdf", f, r)
			// The five charts, then the share of voice and the benchmark.
			if strings.Join(r.calls, ",") != "lines,bars,bars,heatmap,bars,bars,bars" {
				t.Errorf("charts drawn: %v", r.calls)
			}
			raw, _ := os.ReadFile(path)
			if !bytes.Contains(raw, []byte("/URI (https://bsky.app/profile/fournil-dupont.bsky.social/post/3k)")) {
				t.Error("the competitor's best post is not a link")
			}
			pdfTools(t)
			if got := info(t, run(t, "pdfinfo", path), "Pages"); got != "7" {
				t.Errorf("%s pages, want 7: the five, the share of voice, the competitors", got)
			}
			text := flat(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
			want := []string{tr.T("report.section.voice"), tr.T("report.section.competitors"), f.VoiceSentence(),
				"fournil-dupont.bsky.social", "4" + map[bool]string{true: "\u202f", false: ","}[tr == fr] + "321", "Notre galette frangipane revient dès demain",
				tr.T("report.bench.public")}
			for _, row := range f.VoiceTable().Rows {
				want = append(want, row...)
			}
			for _, w := range want {
				if w != "" && !strings.Contains(text, flat(pdfText(w))) {
					t.Errorf("the text lacks %q", flat(pdfText(w)))
				}
			}
		})
	}
}
