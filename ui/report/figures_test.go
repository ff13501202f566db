package report

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

const (
	nnbsp = "\u202f" // narrow no-break space
	nbsp  = "\u00a0" // no-break space
)

var (
	fr = i18n.New(app.LanguageFrench)
	en = i18n.New(app.LanguageEnglish)
)

func describe(tr *i18n.Translator, rep app.Report) Figures {
	if rep.Period.From.IsZero() {
		rep.Period, rep.Previous = november, november.Previous()
	}
	return Describe(tr, rep, paris)
}

func TestBestTimeSentence(t *testing.T) {
	best := app.BestTime{Posts: 40, Average: 0.02, ByFollowers: true,
		Best: []app.BestHour{{Day: time.Tuesday, Hour: 18, Posts: 5, Ratio: 2.1}, {Day: time.Friday, Hour: 9, Posts: 3, Ratio: 1.4}}}
	for _, c := range []struct {
		bt     app.BestTime
		fr, en string
	}{
		{best, "Les mardis 18" + nbsp + "h–19" + nbsp + "h obtiennent 2,1× votre moyenne.", "Tuesdays 18:00–19:00 get 2.1× your average."},
		{app.BestTime{Posts: 40, Best: []app.BestHour{{Day: time.Sunday, Hour: 23, Posts: 2, Ratio: 1.25}}},
			"Les dimanches 23" + nbsp + "h–24" + nbsp + "h obtiennent 1,3× votre moyenne.", "Sundays 23:00–24:00 get 1.3× your average."},
		{app.BestTime{Posts: 7, Best: best.Best}, "Encore 3 publications et Relais saura vous dire quand publier.", "3 more posts and Relais can tell you when to post."},
		{app.BestTime{Posts: 9}, "Encore 1 publication et Relais saura vous dire quand publier.", "1 more post and Relais can tell you when to post."},
		{app.BestTime{}, "Encore 10 publications et Relais saura vous dire quand publier.", "10 more posts and Relais can tell you when to post."},
		{app.BestTime{Posts: 40}, "Aucune heure ne se démarque" + nbsp + ": vos publications font à peu près aussi bien à toute heure.",
			"No hour stands out: your posts do about as well whatever the time."},
	} {
		rep := app.Report{BestTime: c.bt}
		if got := describe(fr, rep).BestTimeSentence(); got != c.fr {
			t.Errorf("fr %+v:\n got %q\nwant %q", c.bt.Best, got, c.fr)
		}
		if got := describe(en, rep).BestTimeSentence(); got != c.en {
			t.Errorf("en %+v:\n got %q\nwant %q", c.bt.Best, got, c.en)
		}
	}
}

func TestChange(t *testing.T) {
	for _, c := range []struct {
		cur, prev   float64
		lowerBetter bool
		fr, en      string
		trend       int
	}{
		{112, 100, false, "+12" + nnbsp + "%", "+12%", 1},
		{97, 100, false, "−3" + nnbsp + "%", "−3%", -1},
		{5, 0, false, "nouveau", "new", 1},
		{0, 0, false, "", "", 0},
		{100, 100, false, "0" + nnbsp + "%", "0%", 0},
		{1000.4, 1000, false, "0" + nnbsp + "%", "0%", 0}, // too small to show: no trend
		{1025, 1000, false, "+2,5" + nnbsp + "%", "+2.5%", 1},
		{0, 40, false, "−100" + nnbsp + "%", "−100%", -1},
		{3500, 1000, false, "+250" + nnbsp + "%", "+250%", 1},
		// A response time: shorter is better.
		{30, 60, true, "−50" + nnbsp + "%", "−50%", 1},
		{90, 60, true, "+50" + nnbsp + "%", "+50%", -1},
	} {
		got, trend := describe(fr, app.Report{}).change(c.cur, c.prev, c.lowerBetter)
		if got != c.fr || trend != c.trend {
			t.Errorf("fr change(%v, %v) = %q %d, want %q %d", c.cur, c.prev, got, trend, c.fr, c.trend)
		}
		if got, _ := describe(en, app.Report{}).change(c.cur, c.prev, c.lowerBetter); got != c.en {
			t.Errorf("en change(%v, %v) = %q, want %q", c.cur, c.prev, got, c.en)
		}
	}
}

func posts(n, each int) []app.PostStats {
	out := make([]app.PostStats, n)
	for i := range out {
		out[i] = app.PostStats{Key: string(rune('a' + i%26)), Network: app.Mastodon, Likes: each,
			PublishedAt: november.From.Add(time.Duration(i) * time.Hour)}
	}
	return out
}

func keyOf(t *testing.T, f Figures, label string) KeyFigure {
	t.Helper()
	for _, k := range f.Key() {
		if k.Label == label {
			return k
		}
	}
	t.Fatalf("no key figure %q in %+v", label, f.Key())
	return KeyFigure{}
}

func TestKeyFigures(t *testing.T) {
	acc := func(name string, days, prev []int) app.AccountReport {
		a := app.AccountReport{Account: app.Account{ID: testID(int(name[0])), Network: app.Mastodon, Handle: name}}
		for i, n := range days {
			a.Days = append(a.Days, app.AccountDay{Day: time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC), Followers: n})
		}
		for i, n := range prev {
			a.Previous = append(a.Previous, app.AccountDay{Day: time.Date(2026, 10, 2+i, 0, 0, 0, 0, time.UTC), Followers: n})
		}
		return a
	}
	rep := app.Report{
		Accounts: []app.AccountReport{
			acc("a", []int{1000, 1100, 1150}, []int{900, 950}),
			acc("b", []int{11000, 11150}, []int{10800, 10850, 10900}),
			{Account: app.Account{Network: app.RSS, Handle: "Le blog"}}, // a feed has no followers
		},
		Posts:              posts(56, 17),                // 952 of engagement
		PreviousPosts:      50,                           // +12 %
		PreviousEngagement: 1000,                         // −4,8 %: 952 against 1 000
		Inbox:              inbox(30*time.Minute, 10, 9), // 90 %
		PreviousInbox:      inbox(time.Hour, 8, 8),       // 100 %
	}
	f := describe(fr, rep)
	for _, c := range []struct {
		label, value, change string
		trend                int
	}{
		{"Abonnés", "12" + nnbsp + "300", "+300 (contre +150)", 1},
		{"Publications", "56", "+12" + nnbsp + "%", 1},
		{"Interactions", "952", "−4,8" + nnbsp + "%", -1},
		{"Interactions par publication", "17", "−15" + nnbsp + "%", -1}, // 17 against 20
		{"Temps de réponse médian", "30" + nbsp + "min", "−50" + nnbsp + "%", 1},
		{"Répondus en moins de 24" + nbsp + "h", "90" + nnbsp + "%", "−10" + nbsp + "pts", -1},
	} {
		k := keyOf(t, f, c.label)
		if k.Value != c.value || k.Change != c.change || k.Trend != c.trend {
			t.Errorf("%s = %q %q %d, want %q %q %d", c.label, k.Value, k.Change, k.Trend, c.value, c.change, c.trend)
		}
	}

	// In English, and a slower answer is worse.
	rep.Inbox = inbox(90*time.Minute, 10, 10)
	rep.PreviousPosts, rep.PreviousEngagement = 0, 0
	g := describe(en, rep)
	for _, c := range []struct {
		label, value, change string
		trend                int
	}{
		{"Followers", "12,300", "+300 (vs +150)", 1},
		{"Posts", "56", "new", 1},
		{"Engagement", "952", "new", 1},
		{"Engagement per post", "17", "", 0},
		{"Median response time", "1" + nbsp + "h" + nbsp + "30" + nbsp + "min", "+50%", -1},
		{"Answered within 24" + nbsp + "h", "100%", "0" + nbsp + "pts", 0},
	} {
		k := keyOf(t, g, c.label)
		if k.Value != c.value || k.Change != c.change || k.Trend != c.trend {
			t.Errorf("%s = %q %q %d, want %q %q %d", c.label, k.Value, k.Change, k.Trend, c.value, c.change, c.trend)
		}
	}

	// A growth smaller than before is worse, even a positive one; without
	// a previous period, only the growth.
	rep.Accounts = []app.AccountReport{acc("a", []int{1000, 1010}, []int{900, 950})}
	if k := keyOf(t, describe(en, rep), "Followers"); k.Change != "+10 (vs +50)" || k.Trend != -1 {
		t.Errorf("slower growth: %+v", k)
	}
	rep.Accounts = []app.AccountReport{acc("a", []int{1000, 990}, nil)}
	if k := keyOf(t, describe(fr, rep), "Abonnés"); k.Value != "990" || k.Change != "−10" || k.Trend != 0 {
		t.Errorf("no previous period: %+v", k)
	}
}

// inbox is an inbox where needing messages asked for an answer, answered
// got one after took each, within a day.
func inbox(took time.Duration, needing, answered int) app.InboxReport {
	in := app.InboxReport{Total: needing, NeedingReply: needing, Answered: answered, Within24h: answered,
		Median: took, P90: took, ByKind: map[app.ItemKind]int{app.ItemMention: needing}}
	at := november.From.Add(10 * time.Hour)
	for range answered {
		in.Responses = append(in.Responses, app.Response{Network: app.Mastodon, Author: "@claire@piaille.example",
			At: at, RepliedAt: at.Add(took), Took: took})
	}
	return in
}

func TestEmptyReport(t *testing.T) {
	for _, tr := range []*i18n.Translator{fr, en} {
		f := describe(tr, app.Report{})
		for _, k := range f.Key() {
			if k.Change != "" || k.Trend != 0 {
				t.Errorf("%s: %s has a change: %+v", tr.Language(), k.Label, k)
			}
			if k.Value != none && k.Value != "0" {
				t.Errorf("%s: %s = %q", tr.Language(), k.Label, k.Value)
			}
		}
		if c := f.Followers(); len(c.Series) != 0 || !strings.Contains(c.Empty, "Mastodon") || !strings.Contains(c.Empty, "Bluesky") {
			t.Errorf("%s: followers %+v", tr.Language(), c)
		}
		if c := f.Engagement(); len(c.Labels) != 0 || len(c.Stacks) != 0 || c.Empty == "" {
			t.Errorf("%s: engagement %+v", tr.Language(), c)
		}
		if c := f.TopPosts(); len(c.Labels) != 0 || c.Empty == "" {
			t.Errorf("%s: top posts %+v", tr.Language(), c)
		}
		if c := f.BestTime(); c.Values != nil || c.Empty == "" || len(c.Rows) != 7 || len(c.Cols) != 24 {
			t.Errorf("%s: best time %+v", tr.Language(), c)
		}
		if c := f.InboxVolume(); len(c.Labels) != 0 || c.Empty == "" {
			t.Errorf("%s: inbox %+v", tr.Language(), c)
		}
		for _, tb := range []Table{f.FollowersTable(), f.EngagementTable(), f.TopPostsTable(10), f.BestTimeTable(), f.InboxTable(), f.ResponsesTable(10)} {
			if len(tb.Rows) != 0 || tb.Title == "" || len(tb.Header) == 0 {
				t.Errorf("%s: table %q has %d rows", tr.Language(), tb.Title, len(tb.Rows))
			}
		}
		if f.InboxSummary() != tr.T("report.inbox.empty") {
			t.Errorf("%s: inbox summary %q", tr.Language(), f.InboxSummary())
		}
		if f.Brand() != "Relais" {
			t.Errorf("%s: brand %q", tr.Language(), f.Brand())
		}
	}
	// Accounts but no snapshot yet: another message.
	f := describe(fr, app.Report{Accounts: []app.AccountReport{{Account: app.Account{Network: app.Bluesky, Handle: "a.bsky.social"}}}})
	if c := f.Followers(); c.Empty != fr.T("report.followers.no_days") {
		t.Errorf("no snapshot: %q", c.Empty)
	}
}

func TestPeriodText(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, paris) }
	for _, c := range []struct {
		p      app.Period
		fr, en string
	}{
		{november, "du 1er au 30 novembre 2026", "November 1 – 30, 2026"},
		{app.Period{From: day(2026, 11, 15), To: day(2026, 12, 15)}, "du 15 novembre au 14 décembre 2026", "November 15 – December 14, 2026"},
		{app.Period{From: day(2026, 12, 1), To: day(2027, 1, 2)}, "du 1er décembre 2026 au 1er janvier 2027", "December 1, 2026 – January 1, 2027"},
		{app.Period{From: day(2026, 8, 3), To: day(2026, 8, 4)}, "le 3 août 2026", "August 3, 2026"},
	} {
		rep := app.Report{Period: c.p, Previous: c.p.Previous()}
		if got := Describe(fr, rep, paris).PeriodText(); got != c.fr {
			t.Errorf("fr %v: %q, want %q", c.p, got, c.fr)
		}
		if got := Describe(en, rep, paris).PeriodText(); got != c.en {
			t.Errorf("en %v: %q, want %q", c.p, got, c.en)
		}
	}
	if got := describe(fr, app.Report{}).PreviousText(); got != "du 2 au 31 octobre 2026" {
		t.Errorf("previous: %q", got)
	}
	if got := describe(fr, app.Report{}).Title(); got != "Bilan des réseaux sociaux" {
		t.Errorf("title: %q", got)
	}
}

func TestFollowersChart(t *testing.T) {
	rep := monthReport(3, 60)
	for _, c := range []struct {
		tr                     *i18n.Translator
		y, x, previous, firstX string
	}{
		{fr, "Abonnés", "Jour", "Boulangerie Martin (période précédente)", "3 déc."},
		{en, "Followers", "Day", "Boulangerie Martin (previous period)", "Dec 3"},
	} {
		ch := Describe(c.tr, rep, paris).Followers()
		if ch.YLabel != c.y || ch.XLabel != c.x || len(ch.Series) != 6 {
			t.Fatalf("%s: %q %q, %d series", c.tr.Language(), ch.YLabel, ch.XLabel, len(ch.Series))
		}
		if s := ch.Series[1]; s.Name != c.previous || !s.Dashed || ch.Series[0].Dashed {
			t.Errorf("%s: previous series %q dashed %v", c.tr.Language(), s.Name, s.Dashed)
		}
		if got := ch.FormatDate(time.Date(2026, 12, 3, 0, 0, 0, 0, paris)); got != c.firstX {
			t.Errorf("%s: date %q, want %q", c.tr.Language(), got, c.firstX)
		}
		// Each series covers the period, the previous one shifted onto it.
		for _, s := range ch.Series {
			if len(s.Points) != 30 {
				t.Errorf("%s: %d points", s.Name, len(s.Points))
			}
			first, last := s.Points[0].X, s.Points[len(s.Points)-1].X
			if !first.Equal(november.From) || !last.Equal(november.Last()) {
				t.Errorf("%s: from %v to %v", s.Name, first, last)
			}
		}
	}
	// A 31-day previous period is not a 30-day one: the shift goes day
	// for day from the start.
	oct := app.Period{From: time.Date(2026, 10, 1, 0, 0, 0, 0, paris), To: time.Date(2026, 11, 1, 0, 0, 0, 0, paris)}
	f := Describe(fr, app.Report{Period: oct, Previous: oct.Previous()}, paris)
	if got := f.shifted(time.Date(2026, 8, 31, 0, 0, 0, 0, paris)); !got.Equal(oct.From) {
		t.Errorf("shifted start: %v", got)
	}
	if got := f.shifted(time.Date(2026, 9, 30, 0, 0, 0, 0, paris)); !got.Equal(time.Date(2026, 10, 31, 0, 0, 0, 0, paris)) {
		t.Errorf("shifted across the change of time: %v", got)
	}
}

func TestEngagementAndTopPosts(t *testing.T) {
	rep := app.Report{
		Posts: []app.PostStats{
			{Network: app.Mastodon, Title: "Dix ans de quartier", Text: "Merci à vous tous", Likes: 40, Boosts: 10, Replies: 5, Followers: 1000,
				PublishedAt: time.Date(2026, 11, 3, 18, 5, 0, 0, paris), URL: "https://piaille.example/@martin/1"},
			{Network: app.Bluesky, Text: "Nouvelle fournée : la brioche feuilletée au sucre perlé est de retour ce week-end ! 🥐", Likes: 20, Boosts: 2,
				PublishedAt: time.Date(2026, 11, 7, 9, 0, 0, 0, paris)},
		},
		Networks: []app.NetworkEngagement{
			{Network: app.Mastodon, Posts: 1, Likes: 40, Boosts: 10, Replies: 5, Rate: 0.055},
			{Network: app.Bluesky, Posts: 1, Likes: 20, Boosts: 2},
		},
	}
	f := describe(fr, rep)
	c := f.Engagement()
	if strings.Join(c.Labels, ",") != "Mastodon,Bluesky" || len(c.Stacks) != 3 {
		t.Fatalf("engagement: %+v", c)
	}
	var names []string
	for _, s := range c.Stacks {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "J’aime,Partages,Réponses" || c.Stacks[0].Values[1] != 20 { // no quotes anywhere
		t.Errorf("stacks: %v %v", names, c.Stacks)
	}
	top := f.TopPosts()
	if strings.Join(top.Labels, "|") != "n°\u00a01|n°\u00a02" {
		t.Errorf("top labels: %q", top.Labels)
	}
	tb := f.TopPostsTable(10)
	want := []string{"1", "3 nov.", "Mastodon", "Dix ans de quartier", "40", "10", "5", "0", "55", "5,5" + nnbsp + "%"}
	if strings.Join(tb.Rows[0], "|") != strings.Join(want, "|") {
		t.Errorf("top row:\n got %q\nwant %q", tb.Rows[0], want)
	}
	if tb.Rows[1][9] != none {
		t.Errorf("a rate without followers: %q", tb.Rows[1][9])
	}
	et := f.EngagementTable()
	if len(et.Rows) != 3 || strings.Join(et.Rows[2], "|") != "Total|2|60|12|5|0|77|" {
		t.Errorf("engagement table: %q", et.Rows)
	}
	if len(f.TopPostsTable(1).Rows) != 1 || len(f.TopPostsTable(0).Rows) != 0 {
		t.Error("TopPostsTable(n) keeps n rows")
	}
	if len(tb.Header) != 10 {
		t.Errorf("a views column without views: %q", tb.Header)
	}

	// A network that tells its views (Threads) adds their column; the
	// others say "—" there.
	rep.Posts = append(rep.Posts, app.PostStats{Network: app.Threads, Text: "Portes ouvertes", Likes: 30, Views: 4200,
		PublishedAt: time.Date(2026, 11, 8, 9, 0, 0, 0, paris)})
	tb = describe(fr, rep).TopPostsTable(10)
	if len(tb.Header) != 11 || tb.Header[10] != "Vues" {
		t.Fatalf("header %q", tb.Header)
	}
	if tb.Rows[2][2] != "Threads" || tb.Rows[2][10] != "4"+nnbsp+"200" || tb.Rows[0][10] != none {
		t.Errorf("rows %q", tb.Rows)
	}

	// Instagram tells reach and saves: a column each, "—" for the others.
	rep.Posts = append(rep.Posts, app.PostStats{Network: app.Instagram, Text: "Nouveau pain", Likes: 20, Views: 900, Reach: 640, Saves: 12,
		PublishedAt: time.Date(2026, 11, 9, 9, 0, 0, 0, paris)})
	tb = describe(fr, rep).TopPostsTable(10)
	if len(tb.Header) != 13 || tb.Header[11] != "Couverture" || tb.Header[12] != "Enregistrements" {
		t.Fatalf("header %q", tb.Header)
	}
	for _, r := range tb.Rows {
		switch r[2] {
		case "Instagram":
			if r[10] != "900" || r[11] != "640" || r[12] != "12" {
				t.Errorf("Instagram's row %q", r)
			}
		case "Threads":
			if r[10] != "4"+nnbsp+"200" || r[11] != none || r[12] != none {
				t.Errorf("Threads' row %q", r)
			}
		}
	}
}

func TestBestTimeChart(t *testing.T) {
	var bt app.BestTime
	bt.Cells[time.Tuesday][18] = app.HeatCell{Posts: 3, Score: 0.042}
	bt.Cells[time.Sunday][9] = app.HeatCell{Posts: 1, Score: 0.01}
	bt.ByFollowers, bt.Posts = true, 4
	for _, c := range []struct {
		tr                      *i18n.Translator
		first, last, col0, col3 string
		legend, value           string
	}{
		{fr, "lun.", "dim.", "0" + nbsp + "h", "3" + nbsp + "h", "Taux d’engagement moyen", "4,2" + nnbsp + "%"},
		{en, "Mon", "Sun", "0:00", "3:00", "Mean engagement rate", "4.2%"},
	} {
		h := describe(c.tr, app.Report{BestTime: bt}).BestTime()
		if len(h.Rows) != 7 || h.Rows[0] != c.first || h.Rows[6] != c.last {
			t.Errorf("%s rows %q", c.tr.Language(), h.Rows)
		}
		if len(h.Cols) != 24 || h.Cols[0] != c.col0 || h.Cols[3] != c.col3 || h.Cols[1] != "" {
			t.Errorf("%s cols %q", c.tr.Language(), h.Cols)
		}
		if h.Legend != c.legend || h.FormatValue(0.042) != c.value {
			t.Errorf("%s legend %q %q", c.tr.Language(), h.Legend, h.FormatValue(0.042))
		}
		if h.Values[1][18] != 0.042 || h.Values[6][9] != 0.01 || !math.IsNaN(h.Values[0][0]) {
			t.Errorf("%s values: Tuesday 18 %v, Sunday 9 %v, Monday 0 %v", c.tr.Language(), h.Values[1][18], h.Values[6][9], h.Values[0][0])
		}
	}
	bt.ByFollowers = false
	if h := describe(fr, app.Report{BestTime: bt}).BestTime(); h.Legend != "Engagement moyen" {
		t.Errorf("by engagement: %q", h.Legend)
	}
}

func TestInboxWords(t *testing.T) {
	in := app.InboxReport{Total: 120, NeedingReply: 100, Answered: 95, Within1h: 40, Within24h: 87,
		Median: 42 * time.Minute, P90: 5 * time.Hour, Responses: []app.Response{
			{Network: app.Bluesky, Author: "@jb.bsky.social", At: time.Date(2026, 11, 4, 9, 30, 0, 0, paris),
				RepliedAt: time.Date(2026, 11, 5, 17, 30, 0, 0, paris), Took: 32 * time.Hour},
			{Network: app.Mastodon, Author: "@claire@piaille.example", At: time.Date(2026, 11, 2, 10, 0, 0, 0, paris)}, // answered elsewhere
		},
		ByKind: map[app.ItemKind]int{app.ItemMention: 100, app.ItemLike: 20},
		Days: []app.InboxDay{
			{Day: november.From, ByKind: map[app.ItemKind]int{app.ItemMention: 60, app.ItemLike: 20}, Total: 80},
			{Day: november.From.AddDate(0, 0, 1), ByKind: map[app.ItemKind]int{app.ItemMention: 40}, Total: 40},
		},
	}
	rep := app.Report{Inbox: in}
	if got, want := describe(fr, rep).InboxSummary(), "Médiane de réponse"+nbsp+": 42"+nbsp+"min"+nnbsp+"; 90"+nnbsp+"% en moins de 5"+nbsp+"h"+nnbsp+"; 40"+nnbsp+"% des messages traités en moins d’une heure, 87"+nnbsp+"% en moins de 24"+nbsp+"h."; got != want {
		t.Errorf("fr:\n got %q\nwant %q", got, want)
	}
	if got, want := describe(en, rep).InboxSummary(), "Median response time: 42"+nbsp+"min; 90% within 5"+nbsp+"h; 40% of messages handled within an hour, 87% within 24"+nbsp+"h."; got != want {
		t.Errorf("en:\n got %q\nwant %q", got, want)
	}
	rep.Inbox.Risks = 2
	if got := describe(en, rep).InboxSummary(); !strings.HasSuffix(got, " 2 risky messages flagged.") {
		t.Errorf("risks: %q", got)
	}

	f := describe(fr, rep)
	v := f.InboxVolume()
	if strings.Join(v.Labels, ",") != "1 nov.,2 nov." || len(v.Stacks) != 2 || v.Stacks[0].Name != "Mentions" || v.Stacks[1].Name != "J’aime" {
		t.Errorf("volume: %q %+v", v.Labels, v.Stacks)
	}
	tb := f.InboxTable()
	if strings.Join(tb.Header, ",") != "Jour,Mentions,J’aime,Total" || strings.Join(tb.Rows[2], ",") != "Total,100,20,120" {
		t.Errorf("inbox table: %q %q", tb.Header, tb.Rows)
	}
	rt := f.ResponsesTable(10)
	if len(rt.Rows) != 1 || strings.Join(rt.Rows[0], "|") != "4 nov. 09:30|Bluesky|@jb.bsky.social|1"+nbsp+"j"+nbsp+"8"+nbsp+"h" {
		t.Errorf("responses: %q", rt.Rows)
	}

	// Answers made elsewhere only: their time is not known.
	rep.Inbox.Responses, rep.Inbox.Median, rep.Inbox.P90, rep.Inbox.Within24h, rep.Inbox.Risks = rep.Inbox.Responses[1:], 0, 0, 0, 0
	if got := describe(en, rep).InboxSummary(); got != "Answered outside Relais: 95 of 100, response time unknown." {
		t.Errorf("untimed: %q", got)
	}
	if k := keyOf(t, describe(en, rep), "Median response time"); k.Value != none || k.Change != "" {
		t.Errorf("untimed median: %+v", k)
	}
}

func TestDayLabels(t *testing.T) {
	f := describe(en, app.Report{})
	var days []time.Time
	for d := 28; d <= 33; d++ { // Oct 28 to Nov 2
		days = append(days, time.Date(2026, 10, d, 0, 0, 0, 0, paris))
	}
	long := append(days, days...) // more than ten bars: numbers only
	if got := strings.Join(f.dayLabels(long), ","); got != "Oct 28,29,30,31,Nov 1,2,28,29,30,31,Nov 1,2" {
		t.Errorf("labels: %s", got)
	}
	if got := strings.Join(f.dayLabels(days), ","); got != "Oct 28,Oct 29,Oct 30,Oct 31,Nov 1,Nov 2" {
		t.Errorf("short period: %s", got)
	}
}

func TestDurationAndNumbers(t *testing.T) {
	f, g := describe(fr, app.Report{}), describe(en, app.Report{})
	for _, c := range []struct {
		d      time.Duration
		fr, en string
	}{
		{40 * time.Second, "40 s", "40 s"},
		{42*time.Minute + 20*time.Second, "42 min", "42 min"},
		{59*time.Minute + 50*time.Second, "1 h", "1 h"},
		{90 * time.Minute, "1 h 30", "1 h 30 min"},
		{5 * time.Hour, "5 h", "5 h"},
		{9*time.Hour + 7*time.Minute, "9 h 07", "9 h 7 min"},
		{49 * time.Hour, "2 j 1 h", "2 d 1 h"},
		{48*time.Hour + 10*time.Minute, "2 j", "2 d"},
	} {
		if got := strings.ReplaceAll(f.duration(c.d), nbsp, " "); got != c.fr {
			t.Errorf("fr %v: %q, want %q", c.d, got, c.fr)
		}
		if got := strings.ReplaceAll(g.duration(c.d), nbsp, " "); got != c.en {
			t.Errorf("en %v: %q, want %q", c.d, got, c.en)
		}
	}
	if got := f.decimal(-1234.56, 1); got != "−1"+nnbsp+"234,6" {
		t.Errorf("fr decimal: %q", got)
	}
	if got := g.decimal(-0.04, 1); got != "0.0" {
		t.Errorf("a negative zero: %q", got)
	}
	if f.signed(-20) != "−20" || f.signed(1500) != "+1"+nnbsp+"500" || f.signed(0) != "0" {
		t.Errorf("signed: %q %q %q", f.signed(-20), f.signed(1500), f.signed(0))
	}
}

func TestHighlights(t *testing.T) {
	rep := monthReport(3, 60)
	h := Describe(fr, rep, paris).Highlights()
	if len(h) != 4 {
		t.Fatalf("highlights: %q", h)
	}
	if !strings.HasPrefix(h[0], "Vos comptes ont gagné ") || !strings.HasPrefix(h[1], "Publication la plus engageante"+nbsp+": «"+nnbsp) {
		t.Errorf("highlights: %q", h)
	}
	if h[2] != Describe(fr, rep, paris).BestTimeSentence() {
		t.Errorf("best time: %q", h[2])
	}
}

// The keys the code builds from numbers exist in every language.
func TestKeysBuiltFromNumbersExist(t *testing.T) {
	keys := append(monthKeys[:], weekdaysKeys[:]...)
	keys = append(keys, "date.day_month") // the other screens' keys the report uses too
	for i := 1; i <= 12; i++ {
		keys = append(keys, "month."+strconv.Itoa(i))
	}
	for i := 1; i <= 7; i++ {
		keys = append(keys, "weekday."+strconv.Itoa(i), "weekday.long."+strconv.Itoa(i))
	}
	for _, l := range app.Languages {
		m, err := i18n.Load(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if m[k] == "" {
				t.Errorf("%s lacks %q", l, k)
			}
		}
	}
}
