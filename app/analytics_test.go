package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"
)

func (c *fakeConn) AccountMetrics(ctx context.Context) (AccountMetrics, error) {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	if c.net.metricsFail != nil {
		return AccountMetrics{}, c.net.metricsFail
	}
	return AccountMetrics{Followers: c.net.followers, Following: 7, Posts: len(c.net.posts)}, nil
}

func (c *fakeConn) PostMetrics(ctx context.Context, posts []RemoteRef) ([]PostMetrics, error) {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	if c.net.metricsFail != nil {
		return nil, c.net.metricsFail
	}
	c.net.metricsReads = append(c.net.metricsReads, len(posts))
	var out []PostMetrics
	for _, r := range posts {
		if f, ok := c.net.figures[r.ID]; ok {
			f.Post = r
			out = append(out, f)
		}
	}
	return out, nil
}

var paris = func() *time.Location {
	z, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return z
}()

func TestPercentileIsNearestRank(t *testing.T) {
	var ten []time.Duration
	for i := 1; i <= 10; i++ {
		ten = append(ten, time.Duration(i)*time.Minute)
	}
	for _, tc := range []struct {
		in   []time.Duration
		q    float64
		want time.Duration
	}{
		{ten, 0.5, 5 * time.Minute},
		{ten, 0.9, 9 * time.Minute},
		{ten, 1, 10 * time.Minute},
		{ten[:1], 0.5, time.Minute},
		{ten[:1], 0.9, time.Minute},
		{ten[:4], 0.5, 2 * time.Minute},
		{ten[:4], 0.9, 4 * time.Minute},
		{nil, 0.5, 0},
	} {
		if got := percentile(tc.in, tc.q); got != tc.want {
			t.Errorf("percentile(%d values, %v) = %v, want %v", len(tc.in), tc.q, got, tc.want)
		}
	}
}

func TestPeriods(t *testing.T) {
	now := time.Date(2026, 11, 3, 10, 0, 0, 0, paris) // a week after the end of summer time
	p := LastDays(now, 30, paris)
	if want := time.Date(2026, 10, 5, 0, 0, 0, 0, paris); !p.From.Equal(want) {
		t.Errorf("From = %v, want %v", p.From, want)
	}
	if want := time.Date(2026, 11, 4, 0, 0, 0, 0, paris); !p.To.Equal(want) {
		t.Errorf("To = %v, want %v", p.To, want)
	}
	if p.Days() != 30 {
		t.Errorf("Days = %d across the change of time, want 30", p.Days())
	}
	prev := p.Previous()
	if want := time.Date(2026, 9, 5, 0, 0, 0, 0, paris); !prev.From.Equal(want) || !prev.To.Equal(p.From) || prev.Days() != 30 {
		t.Errorf("Previous = %v – %v (%d days)", prev.From, prev.To, prev.Days())
	}
	if got := p.Last(); !got.Equal(time.Date(2026, 11, 3, 0, 0, 0, 0, paris)) {
		t.Errorf("Last = %v", got)
	}
	d := DaysBetween(time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), paris)
	if d.Days() != 29 || d.From.Day() != 2 {
		t.Errorf("DaysBetween = %v – %v (%d days): 23:30 UTC is the next day in Paris", d.From, d.To, d.Days())
	}
	// 23:30 UTC on Nov 1 is 00:30 on Nov 2 in Paris.
	if got := DayOf(time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC), paris); got != time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) {
		t.Errorf("DayOf = %v", got)
	}
}

func TestNextReadIsOftenAtFirstThenDailyFor30Days(t *testing.T) {
	pub := time.Date(2026, 11, 2, 18, 0, 0, 0, time.UTC)
	s := PostStats{PublishedAt: pub}
	var reads []time.Duration
	for range 100 {
		at, ok := nextRead(s)
		if !ok {
			break
		}
		reads = append(reads, at.Sub(pub))
		s.ReadAt = at
	}
	h := time.Hour
	want := []time.Duration{0, 1 * h, 2 * h, 3 * h, 4 * h, 5 * h, 6 * h, 10 * h, 14 * h, 18 * h, 22 * h, 26 * h, 30 * h,
		34 * h, 38 * h, 42 * h, 46 * h, 50 * h}
	for d := 74 * h; d < StatsFor; d += 24 * h {
		want = append(want, d)
	}
	want = append(want, StatsFor)
	if fmt.Sprint(reads) != fmt.Sprint(want) {
		t.Errorf("reads at\n%v\nwant\n%v", reads, want)
	}
	if _, ok := nextRead(PostStats{PublishedAt: pub, Gone: true}); ok {
		t.Error("a post gone is read again")
	}
}

func TestInboxReportTimesTheAnswers(t *testing.T) {
	p := DaysBetween(time.Date(2026, 11, 2, 0, 0, 0, 0, paris), time.Date(2026, 11, 8, 0, 0, 0, 0, paris), paris)
	base := time.Date(2026, 11, 3, 9, 0, 0, 0, paris)
	replied := func(kind ItemKind, at time.Time, after time.Duration) InboxItem {
		return InboxItem{ID: NewID(at), Network: Mastodon, Item: Item{Kind: kind, At: at, Author: Author{Handle: "marie"}},
			State: StateReplied, Replies: []SentReply{
				{Key: "b", At: at.Add(after + time.Hour), Published: Published{Ref: RemoteRef{ID: "r2"}, At: at.Add(after + time.Hour)}},
				{Key: "a", At: at.Add(after), Published: Published{Ref: RemoteRef{ID: "r1"}, At: at.Add(after)}},
			}}
	}
	items := []InboxItem{
		replied(ItemMention, base, 10*time.Minute),
		replied(ItemReply, base.Add(time.Hour), 30*time.Minute),
		replied(ItemDirect, base.Add(2*time.Hour), 2*time.Hour),
		replied(ItemMention, base.Add(3*time.Hour), 30*time.Hour),
		// Answered on the network itself: answered, at a time unknown.
		{Item: Item{Kind: ItemMention, At: base.Add(4 * time.Hour)}, State: StateReplied},
		// Put aside without an answer: did not need one.
		{Item: Item{Kind: ItemMention, At: base.Add(5 * time.Hour)}, State: StateDone},
		// Waiting.
		{Item: Item{Kind: ItemMention, At: base.Add(6 * time.Hour)}, State: StateNeedsReply, Risk: true},
		// A reply not sent yet does not count.
		{Item: Item{Kind: ItemReply, At: base.Add(7 * time.Hour)}, State: StateNeedsReply, Replies: []SentReply{{Key: "c", At: base}}},
		{Item: Item{Kind: ItemLike, At: base}, State: StateNew},
		// 23:30 UTC on Sunday Nov 8 is Monday in Paris: outside.
		{Item: Item{Kind: ItemLike, At: time.Date(2026, 11, 8, 23, 30, 0, 0, time.UTC)}},
		// 23:30 UTC on Nov 4 is Nov 5 in Paris.
		{Item: Item{Kind: ItemBoost, At: time.Date(2026, 11, 4, 23, 30, 0, 0, time.UTC)}},
		// Before the period.
		{Item: Item{Kind: ItemMention, At: time.Date(2026, 11, 1, 22, 59, 0, 0, time.UTC)}, State: StateNeedsReply},
	}
	r := InboxFigures(items, p)
	if r.Total != 10 || r.NeedingReply != 7 || r.Answered != 5 || r.Risks != 1 {
		t.Errorf("total %d, needing %d, answered %d, risks %d; want 10, 7, 5, 1", r.Total, r.NeedingReply, r.Answered, r.Risks)
	}
	// Timed: 10 min, 30 min, 2 h, 30 h.
	if r.Median != 30*time.Minute || r.P90 != 30*time.Hour {
		t.Errorf("median %v, p90 %v; want 30m, 30h", r.Median, r.P90)
	}
	if r.Within1h != 2 || r.Within24h != 3 {
		t.Errorf("within 1 h %d, 24 h %d; want 2, 3", r.Within1h, r.Within24h)
	}
	if len(r.Days) != 7 {
		t.Fatalf("%d days, want 7", len(r.Days))
	}
	if got := r.Days[1]; got.Total != 9 || got.ByKind[ItemMention] != 5 || got.ByKind[ItemLike] != 1 {
		t.Errorf("Tuesday: %+v", got)
	}
	if got := r.Days[3]; got.Total != 1 || got.ByKind[ItemBoost] != 1 {
		t.Errorf("Thursday (the boost at 23:30 UTC on Wednesday): %+v", got)
	}
	if len(r.Responses) != 5 || r.Responses[0].Took != 30*time.Hour || r.Responses[4].Took != 0 || !r.Responses[4].RepliedAt.IsZero() {
		t.Errorf("responses, slowest first: %+v", r.Responses)
	}
	empty := InboxFigures(nil, p)
	if empty.Median != 0 || empty.Total != 0 || len(empty.Days) != 7 {
		t.Errorf("empty report: %+v", empty)
	}
}

func TestBestTimeFindsTheHourThatDoesBest(t *testing.T) {
	var posts []PostStats
	add := func(at time.Time, engagement, followers int) {
		posts = append(posts, PostStats{Key: fmt.Sprint(len(posts)), PublishedAt: at, Likes: engagement, Followers: followers})
	}
	// Tuesdays 18:00 in Paris (17:00 UTC in winter): 2 posts at 4 %.
	add(time.Date(2026, 11, 3, 17, 5, 0, 0, time.UTC), 40, 1000)
	add(time.Date(2026, 11, 10, 17, 55, 0, 0, time.UTC), 80, 2000)
	// In summer, 18:00 in Paris is 16:00 UTC: the same hour.
	add(time.Date(2026, 6, 2, 16, 30, 0, 0, time.UTC), 120, 3000)
	// Eight posts at 1 % on Mondays at 9:00.
	for i := range 8 {
		add(time.Date(2026, 11, 2+7*(i%4), 8, 0, 0, 0, time.UTC), 10, 1000)
	}
	// One lucky post at 10 % on a Sunday: one post is not a best time.
	add(time.Date(2026, 11, 8, 11, 0, 0, 0, time.UTC), 100, 1000)
	bt := MapBestTime(posts, paris)
	if !bt.ByFollowers || bt.Posts != 12 {
		t.Fatalf("ByFollowers %v, posts %d", bt.ByFollowers, bt.Posts)
	}
	// Mean rate: (3×0.04 + 8×0.01 + 0.10) / 12 = 0.3 / 12 = 0.025.
	if math.Abs(bt.Average-0.025) > 1e-12 {
		t.Errorf("Average = %v, want 0.025", bt.Average)
	}
	tue := bt.Cells[time.Tuesday][18]
	if tue.Posts != 3 || math.Abs(tue.Score-0.04) > 1e-12 {
		t.Errorf("Tuesday 18:00 = %+v, want 3 posts at 0.04", tue)
	}
	if len(bt.Best) != 1 || bt.Best[0].Day != time.Tuesday || bt.Best[0].Hour != 18 || math.Abs(bt.Best[0].Ratio-1.6) > 1e-9 {
		t.Errorf("Best = %+v, want Tuesday 18:00 at 1.6×", bt.Best)
	}
	if got := bt.BestSlots(3); len(got) != 1 || got[0] != (Slot{Day: time.Tuesday, Hour: 18}) {
		t.Errorf("BestSlots = %v", got)
	}
	// Too little history: the map, but no conclusion.
	few := MapBestTime(posts[:5], paris)
	if len(few.Best) != 0 || few.Posts != 5 {
		t.Errorf("from 5 posts: %+v", few.Best)
	}
	// Without followers known, the engagement itself.
	for i := range posts {
		posts[i].Followers = 0
	}
	raw := MapBestTime(posts, paris)
	if raw.ByFollowers || raw.Cells[time.Tuesday][18].Score != 80 {
		t.Errorf("without followers: by followers %v, Tuesday %+v", raw.ByFollowers, raw.Cells[time.Tuesday][18])
	}
}

// analyticsFixture is the publishing engine with analytics on it.
type analyticsFixture struct {
	*engine
	an *Analytics
}

func newAnalyticsFixture(t *testing.T) *analyticsFixture {
	e := newEngine(t)
	return &analyticsFixture{engine: e, an: NewAnalytics(e.store, e.accounts, e.clock, paris)}
}

func (f *analyticsFixture) collect(t *testing.T) CollectResult {
	t.Helper()
	res, err := f.an.Collect(bg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCollectReadsAccountsDailyAndPostsOnTheirSchedule(t *testing.T) {
	f := newAnalyticsFixture(t)
	f.masto.followers, f.sky.followers = 120, 45
	p := f.schedule(t, "Nouvelle collection", f.clock.peek().Add(time.Minute))
	f.clock.advance(2 * time.Minute)
	f.run(t)
	f.masto.figures = map[string]PostMetrics{"1": {Likes: 3, Boosts: 1}}
	f.sky.figures = map[string]PostMetrics{"1": {Likes: 5, Replies: 2, Quotes: 1, Views: 300, Reach: 210, Saves: 4}}

	res := f.collect(t)
	if res.Accounts != 2 || res.Posts != 2 || len(res.Errs) != 0 {
		t.Fatalf("first collection: %+v", res)
	}
	rep, err := f.an.Report(bg, ReportQuery{Period: LastDays(f.clock.peek(), 7, paris)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Posts) != 2 || rep.Posts[0].Engagement() != 8 || rep.Posts[0].Network != Bluesky || rep.Posts[0].Followers != 45 ||
		rep.Posts[0].Text != "Nouvelle collection" || rep.Posts[0].Post != p.ID || rep.Posts[0].URL == "" ||
		rep.Posts[0].Views != 300 || rep.Posts[1].Views != 0 || rep.Posts[0].Reach != 210 || rep.Posts[0].Saves != 4 || rep.Posts[1].Reach != 0 {
		t.Errorf("posts: %+v", rep.Posts)
	}
	if len(rep.Accounts) != 2 || len(rep.Accounts[0].Days) != 1 {
		t.Fatalf("accounts: %+v", rep.Accounts)
	}
	if n, _ := rep.Accounts[0].Followers(); n != 120 {
		t.Errorf("Mastodon followers %d, want 120", n)
	}
	if len(rep.Networks) != 2 || rep.Networks[0].Network != Mastodon || rep.Networks[0].Engagement() != 4 ||
		math.Abs(rep.Networks[1].Rate-8.0/45) > 1e-12 {
		t.Errorf("networks: %+v", rep.Networks)
	}

	// Half an hour later nothing is due: the account was read less than
	// three hours ago, the post less than an hour ago.
	f.clock.advance(30 * time.Minute)
	if res := f.collect(t); res.Posts != 0 || len(f.masto.metricsReads) != 1 {
		t.Errorf("30 minutes later: %+v, reads %v", res, f.masto.metricsReads)
	}
	// The post is gone from Mastodon an hour later: kept, read no more.
	f.clock.advance(time.Hour)
	delete(f.masto.figures, "1")
	f.masto.followers = 130
	f.collect(t)
	f.clock.advance(2 * time.Hour)
	if res := f.collect(t); res.Posts != 1 {
		t.Errorf("after the post is gone, %d posts read, want Bluesky's only", res.Posts)
	}
	// The next day, a new snapshot.
	f.clock.advance(24 * time.Hour)
	f.masto.followers = 150
	f.collect(t)
	rep, err = f.an.Report(bg, ReportQuery{Period: LastDays(f.clock.peek(), 7, paris), Accounts: []ID{f.mastoAcc.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Accounts) != 1 || len(rep.Accounts[0].Days) != 2 {
		t.Fatalf("Mastodon days: %+v", rep.Accounts)
	}
	if g, ok := Growth(rep.Accounts[0].Days); !ok || g != 20 {
		t.Errorf("growth %d (%v), want 150-130: the day's last read is kept", g, ok)
	}
	if len(rep.Posts) != 1 || !rep.Posts[0].Gone || rep.Posts[0].Likes != 3 {
		t.Errorf("the post gone keeps its last figures: %+v", rep.Posts)
	}
}

func TestCollectGoesOnPastAnAccountThatFails(t *testing.T) {
	f := newAnalyticsFixture(t)
	f.masto.metricsFail = &NetError{Network: Mastodon, Kind: FailAuth, Status: 401}
	f.sky.followers = 10
	res := f.collect(t)
	if res.Accounts != 1 || len(res.Errs) != 1 {
		t.Fatalf("%+v", res)
	}
	var te *TargetError
	if !errors.As(res.Errs[0], &te) || te.Network != Mastodon {
		t.Errorf("error %v does not name Mastodon", res.Errs[0])
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := f.an.Collect(ctx, nil); err == nil {
		t.Error("a cancelled collection reports no error")
	}
}

func TestReportRefusesAnUpsideDownPeriod(t *testing.T) {
	f := newAnalyticsFixture(t)
	p := LastDays(start, 7, paris)
	if _, err := f.an.Report(bg, ReportQuery{Period: Period{From: p.To, To: p.From}}); !errors.Is(err, ErrBadPeriod) {
		t.Errorf("err = %v", err)
	}
}

func TestWriteCSVIsTidyAndSafe(t *testing.T) {
	p := DaysBetween(time.Date(2026, 11, 2, 0, 0, 0, 0, paris), time.Date(2026, 11, 3, 0, 0, 0, 0, paris), paris)
	acc := Account{ID: NewID(start), Network: Mastodon, Handle: "lumen@masto.example"}
	pub := time.Date(2026, 11, 2, 17, 0, 0, 0, time.UTC)
	rep := Report{Period: p,
		Accounts: []AccountReport{{Account: acc, Days: []AccountDay{
			{Account: acc.ID, Day: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Followers: 120, Following: 7, Posts: 30, At: pub}}}},
		Posts: []PostStats{{Account: acc.ID, Network: Mastodon, Title: "=HYPERLINK(\"x\")", Text: "Bougies, « cèdre »\nà la main",
			URL: "https://masto.example/@lumen/1", PublishedAt: pub, Likes: 3, Boosts: 1, Replies: 1, Followers: 100},
			{Account: acc.ID, Network: Instagram, Text: "Nouveau pain", PublishedAt: pub.Add(time.Hour), Likes: 8, Views: 400, Reach: 310, Saves: 6}},
		Inbox: InboxReport{Responses: []Response{
			{Network: Bluesky, Kind: ItemMention, Author: "@marie", At: pub, RepliedAt: pub.Add(90 * time.Second), Took: 90 * time.Second},
			{Network: Bluesky, Kind: ItemReply, Author: "paul", At: pub}}},
	}
	read := func(table CSVTable) [][]string {
		var b strings.Builder
		if err := WriteCSV(&b, rep, table); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		return rows
	}
	acct := read(CSVAccounts)
	if len(acct) != 2 || strings.Join(acct[1], "|") != "2026-11-02|mastodon|lumen@masto.example|120|7|30|2026-11-02T18:00:00+01:00" {
		t.Errorf("accounts: %q", acct)
	}
	posts := read(CSVPosts)
	if len(posts) != 3 || posts[0][0] != "published_at" || posts[1][3] != "'=HYPERLINK(\"x\")" || posts[1][4] != "Bougies, « cèdre »\nà la main" ||
		posts[1][10] != "5" || posts[1][12] != "0.050000" || posts[1][2] != "lumen@masto.example" {
		t.Errorf("posts: %q", posts)
	}
	// Views, reach and saves last, as they came: "" where the network
	// does not tell them.
	if h := posts[0]; strings.Join(h[len(h)-3:], ",") != "views,reach,saves" {
		t.Errorf("header %q", h)
	}
	for _, r := range posts[1:] {
		got := strings.Join(r[len(r)-3:], ",")
		if want := map[string]string{"mastodon": ",,", "instagram": "400,310,6"}[r[1]]; got != want {
			t.Errorf("%s: views, reach, saves %q, want %q", r[1], got, want)
		}
	}
	resp := read(CSVResponses)
	if len(resp) != 3 || resp[1][4] != "'@marie" || resp[1][6] != "90" || resp[2][5] != "" || resp[2][6] != "" {
		t.Errorf("responses: %q", resp)
	}
	if err := WriteCSV(io.Discard, rep, "nope"); err == nil {
		t.Error("an unknown table is written")
	}
}

// BenchmarkReportYearFiveAccounts makes the report of a year over five
// accounts: 1,825 daily snapshots, 1,800 posts, 20,000 inbox items.
func BenchmarkReportYearFiveAccounts(b *testing.B) {
	store := newMemStore()
	clock := &fakeClock{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	accounts := NewAccounts(store, &memSecrets{m: map[ID]Secret{}}, NewRegistry(), memMedia{}, clock)
	first := clock.now.AddDate(-1, 0, 0)
	var days []AccountDay
	var stats []PostStats
	var items []InboxItem
	for a := range 5 {
		acc := Account{ID: NewID(first.Add(time.Duration(a) * time.Second)), Network: Networks[a%2], Handle: fmt.Sprint("acc", a)}
		if err := store.PutAccount(bg, acc); err != nil {
			b.Fatal(err)
		}
		for d := range 365 {
			day := DayOf(first.AddDate(0, 0, d), paris)
			days = append(days, AccountDay{Account: acc.ID, Day: day, Followers: 1000 + d, At: day})
		}
		for p := range 360 {
			at := first.Add(time.Duration(p) * 24 * time.Hour).Add(time.Duration(p%14) * time.Hour)
			stats = append(stats, PostStats{Key: fmt.Sprint(a, "/", p), Account: acc.ID, Network: acc.Network, PublishedAt: at,
				Likes: p % 17, Boosts: p % 5, Followers: 1000 + p})
		}
		for i := range 4000 {
			at := first.Add(time.Duration(i) * 131 * time.Minute)
			it := InboxItem{ID: NewID(at), Account: acc.ID, Network: acc.Network, Item: Item{Kind: ItemKinds[i%len(ItemKinds)], At: at}}
			if i%3 == 0 {
				it.State = StateReplied
				it.Replies = []SentReply{{Key: "k", At: at.Add(time.Duration(i%90) * time.Minute), Published: Published{Ref: RemoteRef{ID: "r"}}}}
			}
			items = append(items, it)
		}
	}
	if err := store.PutAccountDays(bg, days); err != nil {
		b.Fatal(err)
	}
	if err := store.PutPostStats(bg, stats); err != nil {
		b.Fatal(err)
	}
	if err := store.PutInboxItems(bg, items); err != nil {
		b.Fatal(err)
	}
	an := NewAnalytics(store, accounts, clock, paris)
	q := ReportQuery{Period: LastDays(clock.now, 365, paris)}
	b.ResetTimer()
	for b.Loop() {
		if _, err := an.Report(bg, q); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFollowersAtTakesTheNearestSnapshot(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	days := []AccountDay{{Day: day(3), Followers: 100}, {Day: day(5), Followers: 120}, {Day: day(20), Followers: 200}}
	for _, tc := range []struct {
		on   time.Time
		want int
	}{
		{day(5), 120},                    // that day's
		{day(10), 120},                   // the last before
		{day(1), 100},                    // none before: the first after
		{day(3).AddDate(0, 0, -31), 0},   // more than 30 days before the first
		{day(20).AddDate(0, 0, 30), 200}, // 30 days after the last
		{day(20).AddDate(0, 0, 31), 0},   // more than 30 days after
	} {
		if got := followersAt(days, tc.on); got != tc.want {
			t.Errorf("followersAt(%s) = %d, want %d", tc.on.Format(time.DateOnly), got, tc.want)
		}
	}
	if got := followersAt(nil, day(5)); got != 0 {
		t.Errorf("without snapshots: %d", got)
	}
}

func TestReportReadsTheInboxFromItsMemoryAsFromTheStore(t *testing.T) {
	f := newAnalyticsFixture(t)
	at := f.clock.peek().Add(-2 * time.Hour)
	items := []InboxItem{
		{ID: NewID(at), Account: f.mastoAcc.ID, Network: Mastodon, State: StateReplied, Item: Item{Kind: ItemMention, At: at},
			Replies: []SentReply{{Key: "k", At: at.Add(time.Hour), Published: Published{Ref: RemoteRef{ID: "r"}, At: at.Add(time.Hour)}}}},
		{ID: NewID(at.Add(time.Minute)), Account: f.skyAcc.ID, Network: Bluesky, State: StateNeedsReply, Item: Item{Kind: ItemReply, At: at.Add(time.Minute)}},
	}
	if err := f.store.PutInboxItems(bg, items); err != nil {
		t.Fatal(err)
	}
	q := ReportQuery{Period: LastDays(f.clock.peek(), 7, paris)}
	fromStore, err := f.an.Report(bg, q)
	if err != nil {
		t.Fatal(err)
	}
	f.an.UseInbox(NewInbox(f.store, f.accounts, f.clock, paris, nil))
	fromMemory, err := f.an.Report(bg, q)
	if err != nil {
		t.Fatal(err)
	}
	if fromStore.Inbox.Total != 2 || fromStore.Inbox.Answered != 1 || fromStore.Inbox.Median != time.Hour {
		t.Errorf("from the store: %+v", fromStore.Inbox)
	}
	if fmt.Sprint(fromMemory.Inbox) != fmt.Sprint(fromStore.Inbox) {
		t.Errorf("from memory:\n%+v\nfrom the store:\n%+v", fromMemory.Inbox, fromStore.Inbox)
	}
}
