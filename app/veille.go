package app

import (
	"context"
	"slices"
	"time"
)

// Veille gives reports what the veille found over a period: the share of
// voice of the brand against its competitors, and the competitors'
// accounts' figures (package app/monitor implements it; main wires it
// with Analytics.UseVeille).
type Veille interface {
	// ShareOfVoice counts the items of the brand's and the competitors'
	// watches in p and in prev, per step of p.
	ShareOfVoice(ctx context.Context, p, prev Period) (Voices, error)
	// Competitors are the competitors' accounts' figures over p.
	Competitors(ctx context.Context, p Period) ([]Benchmark, error)
}

// UseVeille has reports carry the share of voice and the competitors'
// figures that v gives.
func (a *Analytics) UseVeille(v Veille) { a.veille = v }

// VoiceStep is how long each slice of a share of voice is.
type VoiceStep string

// The steps of a share of voice.
const (
	StepDay   VoiceStep = "day"
	StepWeek  VoiceStep = "week"
	StepMonth VoiceStep = "month"
)

// StepFor is the slice a period's share of voice is cut in: days up to
// two weeks, weeks up to about three months, months beyond.
func StepFor(p Period) VoiceStep {
	switch n := p.Days(); {
	case n <= 14:
		return StepDay
	case n <= 92:
		return StepWeek
	}
	return StepMonth
}

// Slices cuts p in steps: the start of each, the first at p.From, a week
// starting on Monday and a month on its first (the first slice may be
// shorter); the last ends at p.To.
func (p Period) Slices(step VoiceStep) []time.Time {
	if !p.From.Before(p.To) {
		return nil
	}
	out := []time.Time{p.From}
	for d := nextDay(p.From); d.Before(p.To); d = nextDay(d) {
		switch step {
		case StepDay:
		case StepWeek:
			if d.Weekday() != time.Monday {
				continue
			}
		default:
			if d.Day() != 1 {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// Voices is a share of voice: the items found for the brand and for each
// competitor, per slice of the period.
type Voices struct {
	Step VoiceStep
	// Slices start each slice of the period, oldest first (see
	// Period.Slices); the last ends at the period's end.
	Slices []time.Time
	// Voices are the brand's (first, when it has a watch) and each
	// competitor's, as the watches are listed.
	Voices []Voice
}

// Voice is what was said of one party: the brand (its brand and product
// watches together, an item found by several counted once) or one
// competitor (one competitor watch).
type Voice struct {
	Name string
	// Brand is true for the brand's own voice.
	Brand bool
	// Watches are the watches counted.
	Watches []ID
	// Counts are the items per slice, as Voices.Slices; Total their sum,
	// Previous the items of the previous period.
	Counts   []int
	Total    int
	Previous int
}

// Total is the items of every voice over the period (an item that names
// the brand and a competitor counts for each).
func (v Voices) Total() int {
	n := 0
	for _, x := range v.Voices {
		n += x.Total
	}
	return n
}

// PreviousTotal is Total over the previous period.
func (v Voices) PreviousTotal() int {
	n := 0
	for _, x := range v.Voices {
		n += x.Previous
	}
	return n
}

// SliceTotal is the items of every voice in slice i.
func (v Voices) SliceTotal(i int) int {
	n := 0
	for _, x := range v.Voices {
		if i < len(x.Counts) {
			n += x.Counts[i]
		}
	}
	return n
}

// Share is voice i's part of the period's items, 0 to 1; ok is false
// when nothing was found.
func (v Voices) Share(i int) (share float64, ok bool) {
	total := v.Total()
	if total == 0 || i < 0 || i >= len(v.Voices) {
		return 0, false
	}
	return float64(v.Voices[i].Total) / float64(total), true
}

// PreviousShare is Share over the previous period.
func (v Voices) PreviousShare(i int) (share float64, ok bool) {
	total := v.PreviousTotal()
	if total == 0 || i < 0 || i >= len(v.Voices) {
		return 0, false
	}
	return float64(v.Voices[i].Previous) / float64(total), true
}

// SliceShare is voice i's part of slice s's items; ok is false when the
// slice has none.
func (v Voices) SliceShare(i, s int) (share float64, ok bool) {
	total := v.SliceTotal(s)
	if total == 0 || i < 0 || i >= len(v.Voices) || s >= len(v.Voices[i].Counts) {
		return 0, false
	}
	return float64(v.Voices[i].Counts[s]) / float64(total), true
}

// SliceEnd is where slice i ends: the next one's start, or the period's
// end for the last.
func (v Voices) SliceEnd(i int, p Period) time.Time {
	if i+1 < len(v.Slices) {
		return v.Slices[i+1]
	}
	return p.To
}

// Benchmark is one account's figures over a period, beside the others':
// the brand's own accounts (from Analytics) and the competitors' (from
// the veille).
type Benchmark struct {
	// Own is true for the workspace's own account.
	Own     bool
	Network Network
	Handle  string
	Name    string // the display name; "" for none
	URL     string // the profile's page
	// Days are the followers read once a day over the period, oldest
	// first.
	Days []BenchmarkDay
	// Posts counts the posts published in the period whose figures are
	// known; Likes, Reposts and Replies sum theirs.
	Posts   int
	Likes   int
	Reposts int
	Replies int
	// Weeks is the period's length in weeks, for PerWeek.
	Weeks float64
	// Top are the period's posts that brought the most, best first, at
	// most TopBenchmarkPosts.
	Top []BenchmarkPost
	// Error is why the account's last read failed, in plain words; "".
	Error string
}

// TopBenchmarkPosts is how many of an account's best posts a benchmark
// keeps.
const TopBenchmarkPosts = 3

// BenchmarkDay is an account's followers on one day.
type BenchmarkDay struct {
	Day       time.Time // midnight UTC of the civil date (see DayOf)
	Followers int
}

// BenchmarkPost is one post of a benchmark, with its figures.
type BenchmarkPost struct {
	PublishedAt time.Time
	URL         string
	Text        string
	Likes       int
	Reposts     int
	Replies     int
}

// Engagement is the post's likes, reposts and replies.
func (p BenchmarkPost) Engagement() int { return p.Likes + p.Reposts + p.Replies }

// Engagement is the likes, reposts and replies of the period's posts.
func (b Benchmark) Engagement() int { return b.Likes + b.Reposts + b.Replies }

// PerPost is the mean engagement of a post; ok is false without posts.
func (b Benchmark) PerPost() (float64, bool) {
	if b.Posts == 0 {
		return 0, false
	}
	return float64(b.Engagement()) / float64(b.Posts), true
}

// PerWeek is the posts per week over the period.
func (b Benchmark) PerWeek() float64 {
	if b.Weeks <= 0 {
		return 0
	}
	return float64(b.Posts) / b.Weeks
}

// Followers is the last number of followers read in the period; ok is
// false without any.
func (b Benchmark) Followers() (int, bool) {
	if len(b.Days) == 0 {
		return 0, false
	}
	return b.Days[len(b.Days)-1].Followers, true
}

// Growth is the followers gained over the period (the last day read
// minus the first); ok is false with fewer than two days.
func (b Benchmark) Growth() (int, bool) {
	if len(b.Days) < 2 {
		return 0, false
	}
	return b.Days[len(b.Days)-1].Followers - b.Days[0].Followers, true
}

// Weeks is the period's length in weeks.
func (p Period) Weeks() float64 { return float64(p.Days()) / 7 }

// TopPosts keeps the n posts that brought the most, best first (the
// newest first among equals).
func TopPosts(posts []BenchmarkPost, n int) []BenchmarkPost {
	out := slices.Clone(posts)
	slices.SortStableFunc(out, func(a, b BenchmarkPost) int {
		if d := b.Engagement() - a.Engagement(); d != 0 {
			return d
		}
		return b.PublishedAt.Compare(a.PublishedAt)
	})
	return out[:min(n, len(out))]
}

// ownBenchmarks are the benchmark rows of the report's own accounts that
// have followers: their snapshots and the posts published from Relais.
func ownBenchmarks(rep Report) []Benchmark {
	var out []Benchmark
	for _, a := range rep.Accounts {
		if a.Account.Network == RSS {
			continue
		}
		b := Benchmark{Own: true, Network: a.Account.Network, Handle: a.Account.Handle, Name: a.Account.Label,
			Weeks: rep.Period.Weeks()}
		for _, d := range a.Days {
			b.Days = append(b.Days, BenchmarkDay{Day: d.Day, Followers: d.Followers})
		}
		var posts []BenchmarkPost
		for _, s := range rep.Posts {
			if s.Account != a.Account.ID || s.Gone {
				continue
			}
			b.Posts++
			b.Likes += s.Likes
			b.Reposts += s.Boosts + s.Quotes
			b.Replies += s.Replies
			text := s.Text
			if s.Title != "" {
				text = s.Title
			}
			posts = append(posts, BenchmarkPost{PublishedAt: s.PublishedAt, URL: s.URL, Text: text, Likes: s.Likes,
				Reposts: s.Boosts + s.Quotes, Replies: s.Replies})
		}
		b.Top = TopPosts(posts, TopBenchmarkPosts)
		out = append(out, b)
	}
	return out
}
