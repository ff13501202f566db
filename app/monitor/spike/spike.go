// Package spike finds, in a watch's hourly volume of items, the hours
// whose volume, or whose share of negative items, is far above the
// watch's own baseline: the bad buzz a community manager must answer
// within the hour.
//
// The statistic. The baseline of an hour is built from the hours before
// it only:
//
//   - its expected volume λ is an exponentially weighted moving average
//     (EWMA, half-life Options.HalfLife, 24 hours by default) of the past
//     volumes, times the hour of day's own factor (an EWMA across days,
//     weight 0.2, of that hour's volume over the level, used from the
//     second day on, its uncertainty counted by n below), so that the
//     morning's usual rise is not an alarm;
//   - the volume is a spike when, under that baseline, as many items or
//     more were unlikely: the upper tail P(X ≥ count) of a negative
//     binomial (a Poisson whose rate λ is itself uncertain, as estimated
//     from the n hours or days that made it: Gamma(nλ+½, n)) is at most
//     Options.MaxP (10⁻⁵), the count is Options.MinCount (10) or more and
//     Options.MinRatio (2) times λ or more;
//   - its expected negative share p₀ is the EWMA of the negative items
//     over that of all items (with a prior of 15 % worth 10 items, so
//     that a quiet watch's few items do not make it), and
//     the share is a spike when the binomial upper tail
//     P(X ≥ negative | count, p₀) is at most MaxP, with MinNegative (5)
//     negative items or more and a share MinShareRise (20 points) or
//     more above p₀.
//
// No hour is a spike before MinHistory hours (48) of baseline, so a new
// watch does not alarm on its first day. A spike enters the baseline
// capped (at MinRatio × λ, at p₀ + MinShareRise), so one burst does not
// hide the next, yet a lasting rise becomes the new normal within a day
// or two; slow growth is followed by the EWMA and never alarms. Hours
// missing from the series are hours without items.
package spike

import (
	"math"
	"sort"
	"time"
)

// Hour is one hour of a watch's items.
type Hour struct {
	Start    time.Time // the hour's first instant; its location sets the hour of day
	Count    int       // items published in the hour
	Negative int       // of which negative
}

// Reason is why an hour is a spike: Volume, NegativeShare or both.
type Reason uint8

// The reasons.
const (
	Volume        Reason = 1 << iota // far more items than usual
	NegativeShare                    // a far larger share of negative items than usual
)

// Has tells whether r includes x.
func (r Reason) Has(x Reason) bool { return r&x != 0 }

// String is "volume", "negative share" or "volume, negative share".
func (r Reason) String() string {
	switch r {
	case Volume:
		return "volume"
	case NegativeShare:
		return "negative share"
	case Volume | NegativeShare:
		return "volume, negative share"
	}
	return "none"
}

// Spike is an hour far above the baseline.
type Spike struct {
	Hour   Hour
	Reason Reason
	// Expected is the number of items the baseline expected in the hour.
	Expected float64
	// ExpectedShare is the share of negative items it expected (0…1).
	ExpectedShare float64
	// P is the probability, under the baseline, of an hour at least as
	// far above it (the smaller of the two when both reasons hold).
	P float64
}

// Share is the hour's share of negative items (0…1).
func (s Spike) Share() float64 {
	if s.Hour.Count == 0 {
		return 0
	}
	return float64(s.Hour.Negative) / float64(s.Hour.Count)
}

// Percent is the share of negative items in whole percent, as a
// notification says it ("46 mentions of Maison Lumen in the last hour,
// 70 % negative": Hour.Count and Percent, worded by the interface in
// the user's language).
func (s Spike) Percent() int { return int(math.Round(100 * s.Share())) }

// Options tune Detect; a zero field takes its default.
type Options struct {
	HalfLife     time.Duration // of the volume and share baselines: 24 h
	MinHistory   int           // hours of baseline before any spike: 48
	MinCount     int           // fewest items in a volume spike: 10
	MinRatio     float64       // a volume spike is at least this × the expected volume: 2
	MaxP         float64       // the largest tail probability of a spike: 1e-5
	MinNegative  int           // fewest negative items in a share spike: 5
	MinShareRise float64       // a share spike is at least this above the expected share: 0.2
	// NoDailyCycle leaves the hour of day out of the baseline.
	NoDailyCycle bool
}

// defaults are the options Detect uses for zero fields.
var defaults = Options{
	HalfLife: 24 * time.Hour, MinHistory: 48, MinCount: 10, MinRatio: 2,
	MaxP: 1e-5, MinNegative: 5, MinShareRise: 0.2,
}

func (o Options) withDefaults() Options {
	if o.HalfLife <= 0 {
		o.HalfLife = defaults.HalfLife
	}
	if o.MinHistory <= 0 {
		o.MinHistory = defaults.MinHistory
	}
	if o.MinCount <= 0 {
		o.MinCount = defaults.MinCount
	}
	if o.MinRatio <= 0 {
		o.MinRatio = defaults.MinRatio
	}
	if o.MaxP <= 0 {
		o.MaxP = defaults.MaxP
	}
	if o.MinNegative <= 0 {
		o.MinNegative = defaults.MinNegative
	}
	if o.MinShareRise <= 0 {
		o.MinShareRise = defaults.MinShareRise
	}
	return o
}

// The daily cycle's constants.
const (
	cycleWeight = 0.2  // EWMA weight of a new day in an hour of day's factor
	factorMin   = 0.1  // an hour of day's factor is kept within these
	factorMax   = 10.0 //
	priorShare  = 0.15 // the negative share assumed before any item…
	priorItems  = 10.0 // …worth this many items
	maxHours    = 24 * 366 * 2
)

// Detect returns the spikes of a watch's hourly series, oldest first.
// The series may be in any order, with hours missing (no items) or
// repeated (added up); times are truncated to the hour. Detect is a pure
// function: call it on the watch's last weeks each time an hour ends (or
// on the hour under way, which can only show fewer items than it will)
// and notify the spikes not notified yet.
func Detect(series []Hour, opts Options) []Spike {
	hours := fill(series)
	if len(hours) == 0 {
		return nil
	}
	o := opts.withDefaults()
	alpha := 1 - math.Exp2(-float64(time.Hour)/float64(o.HalfLife))
	nLevel := (2 - alpha) / alpha // the EWMA's effective number of hours
	nCycle := (2 - cycleWeight) / cycleWeight

	var (
		level      float64     // deseasonalised volume per hour
		factor     [24]float64 // the hours of day's factors
		days       [24]int     // days seen of each hour of day
		negE, cntE float64     // EWMAs of negative and all items
		spikes     []Spike
	)
	for i := range factor {
		factor[i] = 1
	}
	for t, h := range hours {
		hod := h.Start.Hour()
		f := 1.0
		cycle := !o.NoDailyCycle && days[hod] > 0
		if cycle {
			f = factor[hod]
		}
		expected := level * f
		hoursSeen := math.Min(float64(t), nLevel) // the EWMAs' effective number of hours
		items := cntE * hoursSeen                 // and of items
		share := (negE*hoursSeen + priorShare*priorItems) / (items + priorItems)

		var s Spike
		if t >= o.MinHistory {
			n := hoursSeen // the hours the expected volume was learnt from
			if cycle {
				n = math.Min(n, math.Min(float64(days[hod]), nCycle))
			}
			x := h.Count
			if x >= o.MinCount && float64(x) >= o.MinRatio*expected {
				if p := negBinomTail(x, expected, n); p <= o.MaxP {
					s.Reason |= Volume
					s.P = p
				}
			}
			k := h.Negative
			if k >= o.MinNegative && float64(k)/float64(x) >= share+o.MinShareRise {
				if p := binomTail(k, x, share); p <= o.MaxP {
					if s.Reason == 0 || p < s.P {
						s.P = p
					}
					s.Reason |= NegativeShare
				}
			}
			if s.Reason != 0 {
				s.Hour, s.Expected, s.ExpectedShare = h, expected, share
				spikes = append(spikes, s)
			}
		}

		// The hour enters the baseline, a spike capped.
		x, k := float64(h.Count), float64(h.Negative)
		if s.Reason.Has(Volume) {
			capped := math.Min(x, o.MinRatio*expected)
			k *= capped / x // the share as it was
			x = capped
		}
		if s.Reason.Has(NegativeShare) {
			k = math.Min(k, x*(share+o.MinShareRise))
		}
		if t >= 24 { // the first day only sets the level
			r := (x + 0.5) / (level + 0.5) // this hour against the level before it
			if days[hod] == 0 {
				factor[hod] = r
			} else {
				factor[hod] += cycleWeight * (r - factor[hod])
			}
			factor[hod] = math.Min(factorMax, math.Max(factorMin, factor[hod]))
			days[hod]++
		}
		a := math.Max(alpha, 1/float64(t+1)) // a plain mean over the first hours
		level += a * (x/f - level)
		negE += a * (k - negE)
		cntE += a * (x - cntE)
	}
	return spikes
}

// fill sorts the series by hour, adds up repeated hours and puts empty
// hours in the gaps (keeping the last two years at most).
func fill(series []Hour) []Hour {
	if len(series) == 0 {
		return nil
	}
	s := make([]Hour, len(series))
	for i, h := range series {
		h.Start = h.Start.Truncate(time.Hour)
		h.Count = max(h.Count, 0)
		h.Negative = min(max(h.Negative, 0), h.Count)
		s[i] = h
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].Start.Before(s[j].Start) })
	first, last := s[0].Start, s[len(s)-1].Start
	if n := int(last.Sub(first)/time.Hour) + 1; n > maxHours {
		first = last.Add(-time.Duration(maxHours-1) * time.Hour)
	}
	out := make([]Hour, 0, int(last.Sub(first)/time.Hour)+1)
	for _, h := range s {
		if h.Start.Before(first) {
			continue
		}
		if len(out) > 0 && out[len(out)-1].Start.Equal(h.Start) {
			out[len(out)-1].Count += h.Count
			out[len(out)-1].Negative += h.Negative
			continue
		}
		next := first
		if len(out) > 0 {
			next = out[len(out)-1].Start.Add(time.Hour)
		}
		for ; next.Before(h.Start); next = next.Add(time.Hour) {
			out = append(out, Hour{Start: next.In(h.Start.Location())})
		}
		out = append(out, h)
	}
	return out
}

// negBinomTail is P(X ≥ x) when X is Poisson with a rate that is
// Gamma(nλ+½, n): the predictive law of an hour's count when λ was
// estimated from n hours. It is computed from x upwards, where the terms
// fall, so small tails keep their precision.
func negBinomTail(x int, lambda, n float64) float64 {
	if x <= 0 {
		return 1
	}
	r := n*lambda + 0.5
	p := n / (n + 1) // the chance of a "failure" per item in the Pascal form
	logTerm := func(k int) float64 {
		kf := float64(k)
		lg1, _ := math.Lgamma(kf + r)
		lg2, _ := math.Lgamma(r)
		lg3, _ := math.Lgamma(kf + 1)
		return lg1 - lg2 - lg3 + r*math.Log(p) + kf*math.Log1p(-p)
	}
	return tail(x, math.MaxInt, logTerm)
}

// binomTail is P(X ≥ k) for X binomial(n, p).
func binomTail(k, n int, p float64) float64 {
	if k <= 0 {
		return 1
	}
	if k > n || p <= 0 {
		return 0
	}
	if p >= 1 {
		return 1
	}
	lgN, _ := math.Lgamma(float64(n) + 1)
	logTerm := func(j int) float64 {
		a, _ := math.Lgamma(float64(j) + 1)
		b, _ := math.Lgamma(float64(n-j) + 1)
		return lgN - a - b + float64(j)*math.Log(p) + float64(n-j)*math.Log1p(-p)
	}
	return tail(k, n, logTerm)
}

// tail adds exp(logTerm(k)) for k from lo to hi, stopping once the
// terms, past their peak, no longer change the sum.
func tail(lo, hi int, logTerm func(int) float64) float64 {
	sum, prev := 0.0, math.Inf(-1)
	for k := lo; k <= hi && k-lo < 1_000_000; k++ {
		lt := logTerm(k)
		term := math.Exp(lt)
		sum += term
		if lt < prev && term <= sum*1e-15 {
			break
		}
		prev = lt
	}
	return math.Min(sum, 1)
}
