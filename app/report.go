package app

import (
	"time"
)

// Period is a span of whole days in a time zone: [From, To), From and To
// being midnights in Zone.
type Period struct {
	From time.Time
	To   time.Time
}

// LastDays is the period of the n days that end with the day of now
// (today included).
func LastDays(now time.Time, n int, zone *time.Location) Period {
	y, m, d := now.In(zone).Date()
	to := time.Date(y, m, d+1, 0, 0, 0, 0, zone)
	return Period{From: time.Date(y, m, d+1-n, 0, 0, 0, 0, zone), To: to}
}

// DaysBetween is the period from the day of from to the day of to, both
// included, in zone.
func DaysBetween(from, to time.Time, zone *time.Location) Period {
	fy, fm, fd := from.In(zone).Date()
	ty, tm, td := to.In(zone).Date()
	return Period{From: time.Date(fy, fm, fd, 0, 0, 0, 0, zone), To: time.Date(ty, tm, td+1, 0, 0, 0, 0, zone)}
}

// Days counts the period's days (a day of a daylight saving change
// counts once).
func (p Period) Days() int {
	n := 0
	for d := p.From; d.Before(p.To); d = nextDay(d) {
		n++
	}
	return n
}

// Previous is the period of as many days just before p.
func (p Period) Previous() Period {
	n := p.Days()
	y, m, d := p.From.Date()
	return Period{From: time.Date(y, m, d-n, 0, 0, 0, 0, p.From.Location()), To: p.From}
}

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Last is the period's last day (its To minus one day).
func (p Period) Last() time.Time {
	y, m, d := p.To.Date()
	return time.Date(y, m, d-1, 0, 0, 0, 0, p.To.Location())
}

// EachDay calls fn with the midnight of each of the period's days.
func (p Period) EachDay(fn func(day time.Time)) {
	for d := p.From; d.Before(p.To); d = nextDay(d) {
		fn(d)
	}
}

func nextDay(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day+1, 0, 0, 0, 0, d.Location())
}

// Report is what Analytics tells of a period: the screens, the CSV and
// the PDF report all show this.
type Report struct {
	Period   Period
	Previous Period
	// Brand is the name on the report's cover (Settings); "" when the
	// user gave none.
	Brand string
	// Accounts are the accounts' figures, in the order of the accounts.
	Accounts []AccountReport
	// Posts are the posts published in the period with their latest
	// figures, most engagement first.
	Posts []PostStats
	// PreviousPosts counts the posts published in the previous period,
	// and PreviousEngagement what they brought.
	PreviousPosts      int
	PreviousEngagement int
	// Networks sum the posts' figures by network, in the order of
	// Networks.
	Networks []NetworkEngagement
	// BestTime is the weekday × hour map of the engagement rate, from all
	// the history (not only the period), for the accounts asked.
	BestTime BestTime
	Inbox    InboxReport
	// PreviousInbox is the inbox of the previous period, for the change.
	PreviousInbox InboxReport
	// Voices is the share of voice of the brand against its competitors
	// (empty without a veille, or without brand and competitor watches).
	Voices Voices
	// Benchmark is the brand's own accounts then its competitors', when
	// competitors' accounts are followed (empty otherwise).
	Benchmark []Benchmark
}

// AccountReport is one account's followers over the period.
type AccountReport struct {
	Account Account
	// Days are the snapshots in the period, oldest first; Previous those
	// of the previous period.
	Days     []AccountDay
	Previous []AccountDay
}

// Followers is the last number of followers known in the period; ok is
// false without any snapshot.
func (a AccountReport) Followers() (n int, ok bool) {
	if len(a.Days) == 0 {
		return 0, false
	}
	return a.Days[len(a.Days)-1].Followers, true
}

// Growth is how many followers the account gained over the days given
// (the last snapshot minus the first); ok is false with fewer than two.
func Growth(days []AccountDay) (n int, ok bool) {
	if len(days) < 2 {
		return 0, false
	}
	return days[len(days)-1].Followers - days[0].Followers, true
}

// NetworkEngagement is what the posts of one network brought.
type NetworkEngagement struct {
	Network Network
	Posts   int
	Likes   int
	Boosts  int
	Replies int
	Quotes  int
	// Rate is the posts' mean engagement rate (see PostStats.Rate), over
	// the posts whose followers are known.
	Rate float64
}

// Engagement is the sum of the network's likes, boosts, replies and
// quotes.
func (n NetworkEngagement) Engagement() int { return n.Likes + n.Boosts + n.Replies + n.Quotes }

// BestTime is when posts do best: the mean engagement rate of the posts
// published at each weekday and hour, in the user's time zone.
type BestTime struct {
	// Cells are indexed by time.Weekday (Sunday 0) and hour.
	Cells [7][24]HeatCell
	// Posts counts the posts the map is made of; Average is their mean
	// score.
	Posts   int
	Average float64
	// Best are the hours that do better than the average, with at least
	// MinBestTimePosts posts, best first; empty without enough history.
	Best []BestHour
	// ByFollowers is true when the score is the engagement rate (the
	// accounts' followers were known), false when it is the engagement
	// itself.
	ByFollowers bool
}

// HeatCell is one weekday and hour of the best-time map.
type HeatCell struct {
	Posts int
	// Score is the mean engagement rate (or engagement) of its posts.
	Score float64
}

// BestHour is an hour of the week that does better than the average.
type BestHour struct {
	Day   time.Weekday
	Hour  int
	Posts int
	// Ratio is the hour's score over the average: 2.1 is 2.1× the
	// average.
	Ratio float64
}

// MinBestTimePosts is how many posts an hour needs before Relais calls
// it a best time; fewer could be luck.
const MinBestTimePosts = 2

// MinBestTimeHistory is how many posts the map needs before Relais
// draws a conclusion from it.
const MinBestTimeHistory = 10

// InboxReport is how the inbox went over a period.
type InboxReport struct {
	// Days are the period's days, each with its items by kind.
	Days []InboxDay
	// ByKind counts the period's items by kind.
	ByKind map[ItemKind]int
	Total  int
	// NeedingReply counts the items that asked for an answer (mentions,
	// replies, direct messages); Answered those answered, from Relais
	// or elsewhere; Timed those whose first reply's time is known.
	NeedingReply int
	Answered     int
	// Within1h and Within24h count the answers given within an hour and
	// a day of the item.
	Within1h  int
	Within24h int
	// Median and P90 are the median and 90th-percentile response times
	// (nearest rank), over the answers whose time is known; zero
	// without any.
	Median time.Duration
	P90    time.Duration
	// Responses are the answered items with their times, slowest first.
	Responses []Response
	Risks     int
}

// InboxDay is one day of the inbox.
type InboxDay struct {
	Day    time.Time // midnight in the report's zone
	ByKind map[ItemKind]int
	Total  int
}

// Response is one item that asked for an answer, and how long it took.
type Response struct {
	Item      ID
	Account   ID
	Network   Network
	Kind      ItemKind
	Author    string
	Text      string
	At        time.Time
	RepliedAt time.Time // zero when answered elsewhere, at an unknown time
	Took      time.Duration
}
