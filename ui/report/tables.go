package report

import (
	"slices"
	"strconv"
	"time"

	"github.com/relais-app/relais/app"
)

// FollowersTable is each account's followers at the start and the end of
// the period, the change, and the change of the previous period.
func (f Figures) FollowersTable() Table {
	t := Table{
		Title: f.tr.T("report.table.followers"),
		Header: []string{f.tr.T("report.col.account"), f.tr.T("report.col.network"), f.tr.T("report.col.start"),
			f.tr.T("report.col.end"), f.tr.T("report.col.growth"), f.tr.T("report.col.previous")},
	}
	for _, a := range f.followed() {
		start, end, growth, prev := none, none, none, none
		if len(a.Days) > 0 {
			start, end = f.tr.Number(a.Days[0].Followers), f.tr.Number(a.Days[len(a.Days)-1].Followers)
		}
		if g, ok := app.Growth(a.Days); ok {
			growth = f.signed(g)
		}
		if g, ok := app.Growth(a.Previous); ok {
			prev = f.signed(g)
		}
		t.Rows = append(t.Rows, []string{a.Account.Name(), a.Account.Network.Name(), start, end, growth, prev})
	}
	return t
}

// FollowersDaysTable is the followers chart's values: one row per day,
// one column per account ("" for a day without a snapshot).
func (f Figures) FollowersDaysTable() Table {
	accounts := f.followed()
	t := Table{Title: f.tr.T("report.table.followers_days"), Header: []string{f.tr.T("report.col.day")}}
	byDay := make([]map[time.Time]int, len(accounts))
	for i, a := range accounts {
		t.Header = append(t.Header, f.accountName(a.Account))
		byDay[i] = map[time.Time]int{}
		for _, d := range a.Days {
			byDay[i][f.day(d.Day)] = d.Followers
		}
	}
	f.rep.Period.EachDay(func(day time.Time) {
		day = f.day(day)
		row := []string{f.shortDay(day)}
		for i := range accounts {
			cell := ""
			if n, ok := byDay[i][day]; ok {
				cell = f.tr.Number(n)
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	})
	return t
}

// EngagementTable is each network's posts and what they brought, with
// a total row when there are several networks.
func (f Figures) EngagementTable() Table {
	t := Table{
		Title: f.tr.T("report.table.engagement"),
		Header: []string{f.tr.T("report.col.network"), f.tr.T("report.col.posts"), f.partName(0), f.partName(1),
			f.partName(2), f.partName(3), f.tr.T("report.col.engagement"), f.tr.T("report.col.mean_rate")},
	}
	var sum app.NetworkEngagement
	nets := f.networks()
	for _, n := range nets {
		rate := none
		if n.Rate > 0 {
			rate = f.Rate(n.Rate)
		}
		t.Rows = append(t.Rows, []string{n.Network.Name(), f.tr.Number(n.Posts), f.tr.Number(n.Likes), f.tr.Number(n.Boosts),
			f.tr.Number(n.Replies), f.tr.Number(n.Quotes), f.tr.Number(n.Engagement()), rate})
		sum.Posts += n.Posts
		sum.Likes += n.Likes
		sum.Boosts += n.Boosts
		sum.Replies += n.Replies
		sum.Quotes += n.Quotes
	}
	if len(nets) > 1 {
		t.Rows = append(t.Rows, []string{f.tr.T("report.total"), f.tr.Number(sum.Posts), f.tr.Number(sum.Likes),
			f.tr.Number(sum.Boosts), f.tr.Number(sum.Replies), f.tr.Number(sum.Quotes), f.tr.Number(sum.Engagement()), ""})
	}
	return t
}

// TopPostsColumns are TopPostsTable's columns, for a screen or the PDF
// that handles one specially (the text is a link).
const (
	TopPostsRank = iota
	TopPostsDate
	TopPostsNetwork
	TopPostsText
)

// TopPostsTable is the n posts that brought the most: rank, date,
// network, an excerpt, likes, boosts, replies, quotes, engagement and
// rate ("—" when the followers were not known); then their views, reach
// and saves, each when a post's network tells it ("—" for the others).
func (f Figures) TopPostsTable(n int) Table {
	t := Table{
		Title: f.tr.T("report.table.top"),
		Header: []string{f.tr.T("report.col.rank"), f.tr.T("report.col.date"), f.tr.T("report.col.network"),
			f.tr.T("report.col.post"), f.partName(0), f.partName(1), f.partName(2), f.partName(3),
			f.tr.T("report.col.engagement"), f.tr.T("report.col.rate")},
	}
	top := f.top(n)
	// The figures only some networks tell: a column when a post has it.
	var told []toldFigure
	for _, c := range toldFigures {
		if slices.ContainsFunc(top, func(s app.PostStats) bool { return c.of(s) > 0 }) {
			told = append(told, c)
			t.Header = append(t.Header, f.tr.T(c.col))
		}
	}
	for i, s := range top {
		text := excerpt(s.Title, s.Text, 140)
		if text == "" {
			text = f.tr.T("report.top.untitled")
		}
		rate := none
		if s.Followers > 0 {
			rate = f.Rate(s.Rate())
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), f.shortDay(s.PublishedAt.In(f.zone)), s.Network.Name(), text,
			f.tr.Number(s.Likes), f.tr.Number(s.Boosts), f.tr.Number(s.Replies), f.tr.Number(s.Quotes),
			f.tr.Number(s.Engagement()), rate})
		for _, c := range told {
			cell := none
			if n := c.of(s); n > 0 {
				cell = f.tr.Number(n)
			}
			t.Rows[i] = append(t.Rows[i], cell)
		}
	}
	return t
}

// toldFigure is a post's figure only some networks tell, and its column.
type toldFigure struct {
	col string
	of  func(app.PostStats) int
}

var toldFigures = []toldFigure{
	{"report.col.views", func(s app.PostStats) int { return s.Views }},
	{"report.col.reach", func(s app.PostStats) int { return s.Reach }},
	{"report.col.saves", func(s app.PostStats) int { return s.Saves }},
}

// BestTimeTable is the hours that do better than the average, best first:
// the slot, its posts, its score and how it compares with the average.
func (f Figures) BestTimeTable() Table {
	bt := f.rep.BestTime
	score := f.tr.T("report.best.legend.engagement")
	if bt.ByFollowers {
		score = f.tr.T("report.best.legend.rate")
	}
	t := Table{
		Title:  f.tr.T("report.table.best"),
		Header: []string{f.tr.T("report.col.slot"), f.tr.T("report.col.posts"), score, f.tr.T("report.col.ratio")},
	}
	for _, b := range bt.Best {
		v := bt.Cells[b.Day][b.Hour].Score
		s := f.short(v)
		if bt.ByFollowers {
			s = f.Rate(v)
		}
		t.Rows = append(t.Rows, []string{f.tr.T("report.slot", "day", f.weekdayLong(b.Day), "hours", f.hours(b.Hour)),
			f.tr.Number(b.Posts), s, f.decimal(b.Ratio, 1) + "×"})
	}
	return t
}

// InboxTable is what reached the inbox each day, by kind (only the kinds
// present), with a total row.
func (f Figures) InboxTable() Table {
	in := f.rep.Inbox
	kinds := f.kinds()
	t := Table{Title: f.tr.T("report.table.inbox"), Header: []string{f.tr.T("report.col.day")}}
	for _, k := range kinds {
		t.Header = append(t.Header, f.kindName(k))
	}
	t.Header = append(t.Header, f.tr.T("report.total"))
	for _, d := range in.Days {
		row := []string{f.shortDay(d.Day.In(f.zone))}
		for _, k := range kinds {
			row = append(row, f.tr.Number(d.ByKind[k]))
		}
		t.Rows = append(t.Rows, append(row, f.tr.Number(d.Total)))
	}
	if len(in.Days) > 0 {
		row := []string{f.tr.T("report.total")}
		for _, k := range kinds {
			row = append(row, f.tr.Number(in.ByKind[k]))
		}
		t.Rows = append(t.Rows, append(row, f.tr.Number(in.Total)))
	}
	return t
}

// ResponsesTable is the n slowest answers whose time is known: when the
// message came, its network, its author and how long the answer took.
func (f Figures) ResponsesTable(n int) Table {
	t := Table{
		Title: f.tr.T("report.table.responses"),
		Header: []string{f.tr.T("report.col.received"), f.tr.T("report.col.network"), f.tr.T("report.col.author"),
			f.tr.T("report.col.took")},
	}
	for _, r := range f.rep.Inbox.Responses {
		if len(t.Rows) >= n {
			break
		}
		if r.RepliedAt.IsZero() {
			continue
		}
		t.Rows = append(t.Rows, []string{f.dateTime(r.At), r.Network.Name(), r.Author, f.duration(r.Took)})
	}
	return t
}
