// Package report words a period's analytics for people: the charts'
// descriptions, the sentences, the key figures and the tables that the
// Analytics screen and the PDF report share, in the user's language, and
// the PDF report itself (WritePDF).
//
// Describe makes Figures of an app.Report once; every method then gives
// one ready-to-draw piece. Nothing here draws: charts go to a
// chart.Renderer, texts to widgets or to the PDF.
package report

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/i18n"
)

// Figures is a report worded in one language. It is a value, cheap to
// copy, safe for concurrent use once made.
type Figures struct {
	tr   *i18n.Translator
	rep  app.Report
	zone *time.Location
}

// KeyFigure is one of the figures on the report's cover: "Followers",
// "12,345", "+150 (vs +90)". Trend is +1 when the change is for the
// better, −1 for the worse, 0 when the same or unknown.
type KeyFigure struct {
	Label  string
	Value  string
	Change string
	Trend  int
}

// Table is exact values, for a screen's table or tooltip and the PDF.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
}

// TopPostsShown is how many posts the top posts chart shows.
const TopPostsShown = 10

// Describe words rep in tr's language; times are shown in zone (nil
// means the period's own).
func Describe(tr *i18n.Translator, rep app.Report, zone *time.Location) Figures {
	if zone == nil {
		zone = rep.Period.From.Location()
	}
	return Figures{tr: tr, rep: rep, zone: zone}
}

// Report is the report the figures describe.
func (f Figures) Report() app.Report { return f.rep }

// Translator is the language the figures speak.
func (f Figures) Translator() *i18n.Translator { return f.tr }

// Title is the report's title: "Bilan des réseaux sociaux".
func (f Figures) Title() string { return f.tr.T("report.title") }

// PeriodText is the period in words: "du 1er au 30 novembre 2026",
// "November 1 – 30, 2026".
func (f Figures) PeriodText() string { return f.periodText(f.rep.Period) }

// PreviousText is the previous period in words.
func (f Figures) PreviousText() string { return f.periodText(f.rep.Previous) }

// Brand is the name on the cover: the brand set in Settings, else
// "Relais".
func (f Figures) Brand() string {
	if b := strings.TrimSpace(f.rep.Brand); b != "" {
		return b
	}
	return "Relais"
}

// AccountNames are the accounts' names, "Bakery · bakery.bsky.social",
// for a cover without a brand.
func (f Figures) AccountNames() string {
	var names []string
	for _, a := range f.rep.Accounts {
		names = append(names, f.accountName(a.Account))
	}
	return strings.Join(names, " · ")
}

// accountName is what charts and tables call an account: its name, with
// its network when another account of the report has the same name (a
// brand's Mastodon and Bluesky accounts often do).
func (f Figures) accountName(acc app.Account) string {
	for _, other := range f.rep.Accounts {
		if other.Account.ID != acc.ID && other.Account.Name() == acc.Name() {
			return acc.Name() + " (" + acc.Network.Name() + ")"
		}
	}
	return acc.Name()
}

// followed are the accounts that have followers (not the feeds).
func (f Figures) followed() []app.AccountReport {
	var out []app.AccountReport
	for _, a := range f.rep.Accounts {
		if a.Account.Network != app.RSS {
			out = append(out, a)
		}
	}
	return out
}

// day turns a snapshot's day (the civil date as midnight UTC) into the
// midnight of that date in the report's zone.
func (f Figures) day(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, f.zone)
}

// shifted moves a day of the previous period onto the same place in the
// period: the previous period's third day onto the period's third.
func (f Figures) shifted(d time.Time) time.Time {
	from := f.rep.Period.From.In(f.zone)
	n := civilDays(f.rep.Previous.From.In(f.zone), d)
	return time.Date(from.Year(), from.Month(), from.Day()+n, 0, 0, 0, 0, f.zone)
}

// civilDays counts the days from the date of a to the date of b, each
// read in its own location.
func civilDays(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(math.Round(db.Sub(da).Hours() / 24))
}

// value writes a chart's axis value: whole numbers as counts, others with
// one decimal.
func (f Figures) value(v float64) string { return f.short(v) }

// Followers is the followers of each account over the period, each with
// its previous period shifted onto this one, dashed.
func (f Figures) Followers() chart.Lines {
	c := chart.Lines{
		Title:       f.tr.T("report.followers.title"),
		XLabel:      f.tr.T("report.axis.day"),
		YLabel:      f.tr.T("report.axis.followers"),
		FormatDate:  f.shortDay,
		FormatValue: f.value,
		Empty:       f.tr.T("report.followers.no_days"),
	}
	accounts := f.followed()
	if len(accounts) == 0 {
		c.Empty = f.tr.T("report.followers.no_account")
	}
	for _, a := range accounts {
		if len(a.Days) > 0 {
			s := chart.Series{Name: f.accountName(a.Account)}
			for _, d := range a.Days {
				s.Points = append(s.Points, chart.Point{X: f.day(d.Day), Y: float64(d.Followers)})
			}
			c.Series = append(c.Series, s)
		}
		if len(a.Previous) > 0 {
			s := chart.Series{Name: f.tr.T("report.followers.previous", "name", f.accountName(a.Account)), Dashed: true}
			for _, d := range a.Previous {
				s.Points = append(s.Points, chart.Point{X: f.shifted(f.day(d.Day)), Y: float64(d.Followers)})
			}
			c.Series = append(c.Series, s)
		}
	}
	return c
}

// parts are the kinds of engagement: likes, boosts, replies, quotes.
var parts = []func(likes, boosts, replies, quotes int) int{
	func(l, _, _, _ int) int { return l },
	func(_, b, _, _ int) int { return b },
	func(_, _, r, _ int) int { return r },
	func(_, _, _, q int) int { return q },
}

// partName names a kind of engagement, with literal keys for the scan.
func (f Figures) partName(i int) string {
	switch i {
	case 0:
		return f.tr.T("report.part.likes")
	case 1:
		return f.tr.T("report.part.boosts")
	case 2:
		return f.tr.T("report.part.replies")
	}
	return f.tr.T("report.part.quotes")
}

// stacks splits bars into the kinds of engagement, leaving out a kind
// that is nowhere.
func (f Figures) stacks(n int, at func(i int) (likes, boosts, replies, quotes int)) []chart.Stack {
	var out []chart.Stack
	for p, part := range parts {
		s := chart.Stack{Name: f.partName(p), Values: make([]float64, n)}
		seen := false
		for i := range n {
			v := part(at(i))
			s.Values[i] = float64(v)
			seen = seen || v != 0
		}
		if seen {
			out = append(out, s)
		}
	}
	return out
}

// Engagement is what each network's posts brought, stacked by kind
// (likes, boosts, replies, quotes).
func (f Figures) Engagement() chart.Bars {
	c := chart.Bars{
		Title:       f.tr.T("report.engagement.title"),
		XLabel:      f.tr.T("report.axis.network"),
		YLabel:      f.tr.T("report.axis.engagement"),
		FormatValue: f.value,
		Empty:       f.tr.T("report.engagement.empty"),
	}
	nets := f.networks()
	if len(nets) == 0 {
		return c
	}
	for _, n := range nets {
		c.Labels = append(c.Labels, n.Network.Name())
	}
	c.Stacks = f.stacks(len(nets), func(i int) (int, int, int, int) {
		n := nets[i]
		return n.Likes, n.Boosts, n.Replies, n.Quotes
	})
	if len(c.Stacks) == 0 { // posts, but nothing yet: the empty message says so
		c.Labels = nil
	}
	return c
}

// networks are the networks with posts in the period.
func (f Figures) networks() []app.NetworkEngagement {
	var out []app.NetworkEngagement
	for _, n := range f.rep.Networks {
		if n.Posts > 0 || n.Engagement() > 0 {
			out = append(out, n)
		}
	}
	return out
}

// top are the n posts that brought the most.
func (f Figures) top(n int) []app.PostStats {
	return f.rep.Posts[:min(max(n, 0), len(f.rep.Posts))]
}

// TopPosts is the engagement of the period's ten best posts, stacked by
// kind.
func (f Figures) TopPosts() chart.Bars {
	c := chart.Bars{
		Title:       f.tr.T("report.top.title"),
		XLabel:      f.tr.T("report.axis.post_rank"),
		YLabel:      f.tr.T("report.axis.engagement"),
		FormatValue: f.value,
		Empty:       f.tr.T("report.top.empty"),
	}
	// Bars are named by their rank in the top posts table: a title cut
	// to fit under a bar says less than the number that finds it.
	posts := f.top(TopPostsShown)
	for i := range posts {
		c.Labels = append(c.Labels, f.tr.T("report.top.rank", "rank", strconv.Itoa(i+1)))
	}
	c.Stacks = f.stacks(len(posts), func(i int) (int, int, int, int) {
		s := posts[i]
		return s.Likes, s.Boosts, s.Replies, s.Quotes
	})
	if len(c.Stacks) == 0 {
		c.Labels = nil
	}
	return c
}

// BestTime is the map of the engagement by weekday (Monday first) and
// hour; a cell without posts is NaN.
func (f Figures) BestTime() chart.Heatmap {
	bt := f.rep.BestTime
	c := chart.Heatmap{
		Title: f.tr.T("report.best.title"),
		Empty: f.tr.T("report.best.empty"),
	}
	if bt.ByFollowers {
		c.Legend = f.tr.T("report.best.legend.rate")
		c.FormatValue = f.Rate
	} else {
		c.Legend = f.tr.T("report.best.legend.engagement")
		c.FormatValue = f.value
	}
	for h := range 24 {
		label := ""
		if h%3 == 0 {
			label = f.hour(h)
		}
		c.Cols = append(c.Cols, label)
	}
	seen := false
	for _, d := range weekOrder {
		c.Rows = append(c.Rows, f.weekday(d))
		row := make([]float64, 24)
		for h, cell := range bt.Cells[d] {
			row[h] = math.NaN()
			if cell.Posts > 0 {
				row[h] = cell.Score
				seen = true
			}
		}
		c.Values = append(c.Values, row)
	}
	if !seen {
		c.Values = nil
	}
	return c
}

// BestTimeSentence says when to post: "Les mardis 18 h–19 h obtiennent
// 2,1× votre moyenne.", or how many more posts it takes to tell.
func (f Figures) BestTimeSentence() string {
	bt := f.rep.BestTime
	if bt.Posts < app.MinBestTimeHistory {
		return f.tr.N("report.best.need_more", app.MinBestTimeHistory-bt.Posts)
	}
	if len(bt.Best) == 0 {
		return f.tr.T("report.best.none")
	}
	b := bt.Best[0]
	return f.tr.T("report.best.sentence", "days", f.weekdays(b.Day), "from", f.hour(b.Hour),
		"to", f.hour(b.Hour+1), "ratio", f.decimal(b.Ratio, 1))
}

// kinds are the kinds of item the period's inbox has, in the menus'
// order.
func (f Figures) kinds() []app.ItemKind {
	var out []app.ItemKind
	for _, k := range app.ItemKinds {
		if f.rep.Inbox.ByKind[k] > 0 {
			out = append(out, k)
		}
	}
	return out
}

// kindName names a kind of item in the plural: "Mentions", "Messages
// privés".
func (f Figures) kindName(k app.ItemKind) string {
	switch k {
	case app.ItemMention:
		return f.tr.T("report.kind.mention")
	case app.ItemReply:
		return f.tr.T("report.kind.reply")
	case app.ItemDirect:
		return f.tr.T("report.kind.direct")
	case app.ItemQuote:
		return f.tr.T("report.kind.quote")
	case app.ItemLike:
		return f.tr.T("report.kind.like")
	case app.ItemBoost:
		return f.tr.T("report.kind.boost")
	case app.ItemFollow:
		return f.tr.T("report.kind.follow")
	case app.ItemFollowRequest:
		return f.tr.T("report.kind.follow_request")
	case app.ItemArticle:
		return f.tr.T("report.kind.article")
	}
	return string(k)
}

// dayLabels name the period's days under bars: the day of the month, with
// the month on the first bar and on each first of a month (short periods
// have the month everywhere).
func (f Figures) dayLabels(days []time.Time) []string {
	labels := make([]string, len(days))
	for i, d := range days {
		if i == 0 || d.Day() == 1 || len(days) <= 10 {
			labels[i] = f.shortDay(d)
		} else {
			labels[i] = strconv.Itoa(d.Day())
		}
	}
	return labels
}

// InboxVolume is what reached the inbox each day, stacked by kind (only
// the kinds present).
func (f Figures) InboxVolume() chart.Bars {
	in := f.rep.Inbox
	c := chart.Bars{
		Title:       f.tr.T("report.inbox.volume"),
		XLabel:      f.tr.T("report.axis.day"),
		YLabel:      f.tr.T("report.axis.items"),
		FormatValue: f.value,
		Empty:       f.tr.T("report.inbox.empty"),
	}
	if in.Total == 0 {
		return c
	}
	var days []time.Time
	for _, d := range in.Days {
		days = append(days, d.Day.In(f.zone))
	}
	c.Labels = f.dayLabels(days)
	for _, k := range f.kinds() {
		s := chart.Stack{Name: f.kindName(k), Values: make([]float64, len(in.Days))}
		for i, d := range in.Days {
			s.Values[i] = float64(d.ByKind[k])
		}
		c.Stacks = append(c.Stacks, s)
	}
	return c
}

// timed counts the answers whose time is known.
func timed(in app.InboxReport) int {
	n := 0
	for _, r := range in.Responses {
		if !r.RepliedAt.IsZero() {
			n++
		}
	}
	return n
}

// InboxSummary says how the answers went: "Médiane de réponse : 42 min ;
// 90 % en moins de 5 h ; 87 % des messages traités en moins de 24 h."
func (f Figures) InboxSummary() string {
	in := f.rep.Inbox
	var s string
	switch {
	case in.NeedingReply == 0 && in.Total == 0:
		s = f.tr.T("report.inbox.empty")
	case in.NeedingReply == 0:
		s = f.tr.T("report.inbox.none_needed")
	case timed(in) == 0:
		s = f.tr.T("report.inbox.untimed", "answered", f.tr.Number(in.Answered), "needing", f.tr.Number(in.NeedingReply))
	default:
		s = f.tr.T("report.inbox.summary", "median", f.duration(in.Median), "ninety", f.duration(in.P90),
			"hour", f.share(in.Within1h, in.NeedingReply), "within", f.share(in.Within24h, in.NeedingReply))
	}
	if in.Risks > 0 {
		s += " " + f.tr.N("report.inbox.risks", in.Risks)
	}
	return s
}

// Highlights are the report's few sentences for a reader in a hurry: the
// audience, the best post, the best time, the answers.
func (f Figures) Highlights() []string {
	var out []string
	if a := f.audience(); a.known && a.grew {
		switch {
		case a.growth > 0:
			out = append(out, f.tr.N("report.highlight.gained", a.growth, "total", f.tr.Number(a.total)))
		case a.growth < 0:
			out = append(out, f.tr.N("report.highlight.lost", -a.growth, "total", f.tr.Number(a.total)))
		default:
			out = append(out, f.tr.T("report.highlight.stable", "total", f.tr.Number(a.total)))
		}
	}
	if best := f.top(1); len(best) == 1 && best[0].Engagement() > 0 {
		s := best[0]
		text := excerpt(s.Title, s.Text, 60)
		if text == "" {
			text = f.tr.T("report.top.untitled")
		}
		out = append(out, f.tr.T("report.highlight.top_post", "post", text, "network", s.Network.Name(),
			"engagement", f.tr.N("report.interactions", s.Engagement())))
	}
	out = append(out, f.BestTimeSentence())
	if f.rep.Inbox.Total > 0 {
		out = append(out, f.InboxSummary())
	}
	return out
}

// audience sums the accounts' followers: the last known (total), the
// growth over the period and over the previous one, each over the
// accounts that have it.
type audience struct {
	total, growth, previous int
	known, grew, grewBefore bool
}

func (f Figures) audience() audience {
	var a audience
	for _, acc := range f.followed() {
		if n, ok := acc.Followers(); ok {
			a.total += n
			a.known = true
		}
		if g, ok := app.Growth(acc.Days); ok {
			a.growth += g
			a.grew = true
		}
		if g, ok := app.Growth(acc.Previous); ok {
			a.previous += g
			a.grewBefore = true
		}
	}
	return a
}

// Key are the cover's figures: followers, posts, engagement, engagement
// per post, median response time, share answered within 24 hours; each
// with its change against the previous period.
func (f Figures) Key() []KeyFigure {
	return []KeyFigure{f.keyFollowers(), f.keyPosts(), f.keyEngagement(), f.keyMean(), f.keyMedian(), f.keyWithin24h()}
}

func (f Figures) keyFollowers() KeyFigure {
	k := KeyFigure{Label: f.tr.T("report.key.followers"), Value: none}
	a := f.audience()
	if !a.known {
		return k
	}
	k.Value = f.tr.Number(a.total)
	if !a.grew {
		return k
	}
	k.Change = f.signed(a.growth)
	if a.grewBefore {
		// The growth against the previous period's: +10 after +50 is a
		// slowdown.
		k.Change = f.tr.T("report.key.followers_change", "growth", k.Change, "previous", f.signed(a.previous))
		switch {
		case a.growth > a.previous:
			k.Trend = 1
		case a.growth < a.previous:
			k.Trend = -1
		}
	}
	return k
}

func (f Figures) engagement() int {
	n := 0
	for _, s := range f.rep.Posts {
		n += s.Engagement()
	}
	return n
}

func (f Figures) keyPosts() KeyFigure {
	k := KeyFigure{Label: f.tr.T("report.key.posts"), Value: f.tr.Number(len(f.rep.Posts))}
	k.Change, k.Trend = f.change(float64(len(f.rep.Posts)), float64(f.rep.PreviousPosts), false)
	return k
}

func (f Figures) keyEngagement() KeyFigure {
	total := f.engagement()
	k := KeyFigure{Label: f.tr.T("report.key.engagement"), Value: f.tr.Number(total)}
	k.Change, k.Trend = f.change(float64(total), float64(f.rep.PreviousEngagement), false)
	return k
}

func (f Figures) keyMean() KeyFigure {
	k := KeyFigure{Label: f.tr.T("report.key.mean"), Value: none}
	if len(f.rep.Posts) == 0 {
		return k
	}
	mean := float64(f.engagement()) / float64(len(f.rep.Posts))
	k.Value = f.short(mean)
	if f.rep.PreviousPosts > 0 {
		k.Change, k.Trend = f.change(mean, float64(f.rep.PreviousEngagement)/float64(f.rep.PreviousPosts), false)
	}
	return k
}

func (f Figures) keyMedian() KeyFigure {
	k := KeyFigure{Label: f.tr.T("report.key.median"), Value: none}
	in, prev := f.rep.Inbox, f.rep.PreviousInbox
	if timed(in) == 0 {
		return k
	}
	k.Value = f.duration(in.Median)
	if timed(prev) > 0 {
		k.Change, k.Trend = f.change(float64(in.Median), float64(prev.Median), true)
	}
	return k
}

func (f Figures) keyWithin24h() KeyFigure {
	k := KeyFigure{Label: f.tr.T("report.key.within24h"), Value: none}
	in, prev := f.rep.Inbox, f.rep.PreviousInbox
	if in.NeedingReply == 0 {
		return k
	}
	k.Value = f.share(in.Within24h, in.NeedingReply)
	if prev.NeedingReply == 0 {
		return k
	}
	cur := math.Round(float64(in.Within24h) * 100 / float64(in.NeedingReply))
	was := math.Round(float64(prev.Within24h) * 100 / float64(prev.NeedingReply))
	switch d := int(cur - was); {
	case d > 0:
		k.Change, k.Trend = f.tr.T("report.change.points", "n", f.signed(d)), 1
	case d < 0:
		k.Change, k.Trend = f.tr.T("report.change.points", "n", f.signed(d)), -1
	default:
		k.Change = f.tr.T("report.change.points", "n", "0")
	}
	return k
}
