package app

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// SumNetworks sums posts by network, in the order of Networks.
func SumNetworks(posts []PostStats) []NetworkEngagement {
	sums := map[Network]*NetworkEngagement{}
	rated := map[Network]int{}
	for _, s := range posts {
		n := sums[s.Network]
		if n == nil {
			n = &NetworkEngagement{Network: s.Network}
			sums[s.Network] = n
		}
		n.Posts++
		n.Likes += s.Likes
		n.Boosts += s.Boosts
		n.Replies += s.Replies
		n.Quotes += s.Quotes
		if s.Followers > 0 {
			n.Rate += s.Rate()
			rated[s.Network]++
		}
	}
	var out []NetworkEngagement
	for _, n := range sums {
		if rated[n.Network] > 0 {
			n.Rate /= float64(rated[n.Network])
		}
		out = append(out, *n)
	}
	slices.SortFunc(out, func(a, b NetworkEngagement) int { return networkOrder(a.Network) - networkOrder(b.Network) })
	return out
}

func networkOrder(n Network) int {
	if i := slices.Index(Networks, n); i >= 0 {
		return i
	}
	return len(Networks)
}

// MapBestTime maps the posts' mean score by weekday and hour of
// publication in zone. The score is the engagement rate when the
// followers are known for most posts (so that accounts of every size
// weigh alike), else the engagement.
func MapBestTime(posts []PostStats, zone *time.Location) BestTime {
	var bt BestTime
	known := 0
	for _, s := range posts {
		if s.Followers > 0 {
			known++
		}
	}
	bt.ByFollowers = len(posts) > 0 && known*5 >= len(posts)*4
	var sums [7][24]float64
	total := 0.0
	for _, s := range posts {
		score := float64(s.Engagement())
		if bt.ByFollowers {
			if s.Followers <= 0 {
				continue
			}
			score = s.Rate()
		}
		t := s.PublishedAt.In(zone)
		d, h := t.Weekday(), t.Hour()
		sums[d][h] += score
		bt.Cells[d][h].Posts++
		bt.Posts++
		total += score
	}
	if bt.Posts == 0 {
		return bt
	}
	bt.Average = total / float64(bt.Posts)
	for d := range bt.Cells {
		for h := range bt.Cells[d] {
			c := &bt.Cells[d][h]
			if c.Posts == 0 {
				continue
			}
			c.Score = sums[d][h] / float64(c.Posts)
			if bt.Posts >= MinBestTimeHistory && bt.Average > 0 && c.Posts >= MinBestTimePosts && c.Score > bt.Average {
				bt.Best = append(bt.Best, BestHour{Day: time.Weekday(d), Hour: h, Posts: c.Posts, Ratio: c.Score / bt.Average})
			}
		}
	}
	slices.SortStableFunc(bt.Best, func(a, b BestHour) int {
		if a.Ratio != b.Ratio {
			if a.Ratio > b.Ratio {
				return -1
			}
			return 1
		}
		return b.Posts - a.Posts
	})
	return bt
}

// BestSlots are the queue slots of the n best hours, on the hour, in the
// week's order.
func (bt BestTime) BestSlots(n int) []Slot {
	var slots []Slot
	for _, b := range bt.Best[:min(n, len(bt.Best))] {
		slots = append(slots, Slot{Day: b.Day, Hour: b.Hour})
	}
	slices.SortFunc(slots, func(a, b Slot) int { return (int(a.Day)*24 + a.Hour) - (int(b.Day)*24 + b.Hour) })
	return slots
}

// itemTime is when an item happened on its network, else when it
// arrived.
func itemTime(it InboxItem) time.Time {
	if !it.At.IsZero() {
		return it.At
	}
	return it.Arrived
}

// InboxFigures counts the items of a period by day and kind, and times
// the answers to those that asked for one. An item asks for an answer
// when it is addressed to the account (a mention, a reply, a direct
// message), unless the user or a rule put it aside as done without
// answering. Its response time runs from the item to the first reply
// sent from Relais; a reply made elsewhere counts as answered, at an
// unknown time.
func InboxFigures(items []InboxItem, p Period) InboxReport {
	zone := p.From.Location()
	rep := InboxReport{ByKind: map[ItemKind]int{}}
	index := map[time.Time]int{}
	p.EachDay(func(day time.Time) {
		index[day] = len(rep.Days)
		rep.Days = append(rep.Days, InboxDay{Day: day, ByKind: map[ItemKind]int{}})
	})
	var took []time.Duration
	for _, it := range items {
		at := itemTime(it)
		if !p.Contains(at) {
			continue
		}
		y, m, d := at.In(zone).Date()
		if i, ok := index[time.Date(y, m, d, 0, 0, 0, 0, zone)]; ok {
			rep.Days[i].ByKind[it.Kind]++
			rep.Days[i].Total++
		}
		rep.ByKind[it.Kind]++
		rep.Total++
		if it.Risk {
			rep.Risks++
		}
		first, sent := firstReply(it)
		if !needsReply(it.Kind) || (it.State == StateDone && !sent) {
			continue
		}
		rep.NeedingReply++
		if !sent && it.State != StateReplied {
			continue
		}
		rep.Answered++
		r := Response{Item: it.ID, Account: it.Account, Network: it.Network, Kind: it.Kind,
			Author: it.Author.Handle, Text: it.Text, At: at}
		if sent {
			r.RepliedAt = first
			r.Took = max(first.Sub(at), 0)
			took = append(took, r.Took)
			if r.Took <= time.Hour {
				rep.Within1h++
			}
			if r.Took <= 24*time.Hour {
				rep.Within24h++
			}
		}
		rep.Responses = append(rep.Responses, r)
	}
	slices.Sort(took)
	rep.Median = percentile(took, 0.5)
	rep.P90 = percentile(took, 0.9)
	slices.SortStableFunc(rep.Responses, func(a, b Response) int {
		if a.Took != b.Took {
			return cmp.Compare(b.Took, a.Took)
		}
		return a.At.Compare(b.At)
	})
	return rep
}

// firstReply is when the first reply sent from Relais reached the
// network; sent is false when none did.
func firstReply(it InboxItem) (at time.Time, sent bool) {
	for _, r := range it.Replies {
		if !r.Sent() {
			continue
		}
		when := r.Published.At
		if when.IsZero() {
			when = r.At
		}
		if !sent || when.Before(at) {
			at, sent = when, true
		}
	}
	return at, sent
}

// percentile is the nearest-rank q-quantile of sorted durations: the
// smallest value at least q of them do not exceed. Zero for none.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}
