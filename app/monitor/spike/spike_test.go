package spike

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // a Monday, midnight

// poisson draws from a Poisson law of mean lambda (Knuth's method, in
// steps of 500 so that exp(−λ) stays representable).
func poisson(r *rand.Rand, lambda float64) int {
	n := 0
	for lambda > 500 {
		n += poisson(r, 500)
		lambda -= 500
	}
	limit, p := math.Exp(-lambda), 1.0
	for {
		p *= r.Float64()
		if p <= limit {
			return n
		}
		n++
	}
}

// binomial draws the negative items among n, each negative with chance p.
func binomial(r *rand.Rand, n int, p float64) int {
	k := 0
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// quiet is a series of days × 24 hours of Poisson noise around rate(h),
// each item negative with chance share.
func quiet(seed uint64, days int, share float64, rate func(h int) float64) []Hour {
	r := rand.New(rand.NewPCG(seed, 19))
	s := make([]Hour, days*24)
	for h := range s {
		c := poisson(r, rate(h))
		s[h] = Hour{Start: t0.Add(time.Duration(h) * time.Hour), Count: c, Negative: binomial(r, c, share)}
	}
	return s
}

func constant(l float64) func(int) float64 { return func(int) float64 { return l } }

// daily rises from a tenth of the peak at 4 am to the peak at 4 pm.
func daily(peak float64) func(int) float64 {
	return func(h int) float64 {
		return peak * (0.55 - 0.45*math.Cos(2*math.Pi*float64((h%24)-4)/24))
	}
}

// A burst of mentions, mostly negative, is found at its hour, for the
// two reasons, and nowhere else.
func TestBadBuzzIsFoundAtItsHour(t *testing.T) {
	for _, c := range []struct {
		name string
		rate func(int) float64
	}{
		{"steady 3 an hour", constant(3)},
		{"daily cycle, 12 at the peak", daily(12)},
		{"quiet brand, 0.3 an hour", constant(0.3)},
	} {
		for seed := uint64(1); seed <= 20; seed++ {
			s := quiet(seed, 14, 0.1, c.rate)
			at := 10*24 + 11 // day 11, 11 am
			s[at].Count, s[at].Negative = 46, 32
			spikes := Detect(s, Options{})
			if len(spikes) != 1 || !spikes[0].Hour.Start.Equal(s[at].Start) {
				t.Fatalf("%s, seed %d: spikes %v, want one at %v", c.name, seed, spikes, s[at].Start)
			}
			sp := spikes[0]
			if sp.Reason != Volume|NegativeShare {
				t.Errorf("%s, seed %d: reason %v", c.name, seed, sp.Reason)
			}
			if sp.Hour.Count != 46 || sp.Percent() != 70 || sp.P > 1e-5 || sp.Expected >= 23 {
				t.Errorf("%s, seed %d: %+v", c.name, seed, sp)
			}
		}
	}
}

// The share of negative items can rise with no more items than usual.
func TestNegativeShareAlone(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := quiet(seed, 10, 0.1, constant(20))
		at := 8*24 + 15
		s[at].Count, s[at].Negative = 20, 14
		spikes := Detect(s, Options{})
		if len(spikes) != 1 || !spikes[0].Hour.Start.Equal(s[at].Start) || spikes[0].Reason != NegativeShare {
			t.Fatalf("seed %d: %+v", seed, spikes)
		}
		if e := spikes[0].ExpectedShare; e < 0.05 || e > 0.2 {
			t.Errorf("seed %d: expected share %.2f, want about 0.1", seed, e)
		}
	}
}

// Two bursts a day apart are both found: the first, huge, does not
// raise the baseline (nor its hour of day) enough to hide the second.
func TestSecondBurstIsFound(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := quiet(seed, 10, 0.1, constant(4))
		s[5*24+9].Count, s[5*24+9].Negative = 200, 100
		s[6*24+9].Count, s[6*24+9].Negative = 30, 3
		if spikes := Detect(s, Options{}); len(spikes) != 2 {
			t.Fatalf("seed %d: %d spikes, want 2: %+v", seed, len(spikes), spikes)
		}
	}
}

// A new watch has no spike before it has a baseline, however busy its
// first hours; after MinHistory hours it can.
func TestNoSpikeBeforeABaseline(t *testing.T) {
	s := quiet(3, 3, 0.1, constant(1))
	for h := 0; h < 10; h++ {
		s[h].Count, s[h].Negative = 60, 50
	}
	s[20].Count = 80
	if spikes := Detect(s, Options{}); len(spikes) != 0 {
		t.Fatalf("spikes in the first hours: %+v", spikes)
	}
	s[60].Count, s[60].Negative = 40, 30
	if spikes := Detect(s, Options{}); len(spikes) != 1 || !spikes[0].Hour.Start.Equal(s[60].Start) {
		t.Fatalf("after the baseline: %+v", spikes)
	}
}

// A watch whose volume grows fourfold over a month, steadily, raises no
// alarm; neither does a daily cycle.
func TestSlowGrowthAndDailyCycleRaiseNone(t *testing.T) {
	grow := func(h int) float64 { return 5 + 15*float64(h)/(30*24) }
	for seed := uint64(1); seed <= 20; seed++ {
		if spikes := Detect(quiet(seed, 30, 0.15, grow), Options{}); len(spikes) > 0 {
			t.Errorf("growth, seed %d: %+v", seed, spikes[0])
		}
		if spikes := Detect(quiet(seed, 30, 0.15, daily(40)), Options{}); len(spikes) > 0 {
			t.Errorf("daily cycle, seed %d: %+v", seed, spikes[0])
		}
	}
}

// Without the hour of day, the morning rise of a strong daily cycle is
// taken for spikes: the cycle is what keeps them quiet.
func TestDailyCycleMatters(t *testing.T) {
	s := quiet(1, 14, 0.15, daily(60))
	if with, without := len(Detect(s, Options{})), len(Detect(s, Options{NoDailyCycle: true})); with != 0 || without == 0 {
		t.Fatalf("spikes with the daily cycle %d (want 0), without %d (want some)", with, without)
	}
}

// Gaps, repeats, disorder and empty series.
func TestSeriesShapes(t *testing.T) {
	if Detect(nil, Options{}) != nil {
		t.Error("spikes in an empty series")
	}
	if s := Detect(make([]Hour, 24*10), Options{}); len(s) != 0 { // zero times, all in one hour
		t.Errorf("spikes in a series of empty hours: %+v", s)
	}
	// Items only every few hours, given out of order, one hour in two
	// halves: the gaps are empty hours, the halves one hour.
	var s []Hour
	for h := 0; h < 24*8; h += 5 {
		s = append(s, Hour{Start: t0.Add(time.Duration(h)*time.Hour + 17*time.Minute), Count: 2})
	}
	at := t0.Add(151 * time.Hour)
	s = append(s, Hour{Start: at.Add(5 * time.Minute), Count: 20, Negative: 15}, Hour{Start: at.Add(40 * time.Minute), Count: 20, Negative: 15})
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	spikes := Detect(s, Options{})
	if len(spikes) != 1 || !spikes[0].Hour.Start.Equal(at) || spikes[0].Hour.Count != 40 || spikes[0].Hour.Negative != 30 {
		t.Fatalf("%+v", spikes)
	}
}

// The false alarm rate on quiet series: Poisson noise, for many seeds
// and rates, steady or with a daily cycle, must raise almost no spike.
// The rate measured is logged (README, "Spikes, measured").
func TestFalseAlarmsOnQuietSeries(t *testing.T) {
	const seeds, days = 100, 30
	total, hours := 0, 0
	for _, c := range []struct {
		name  string
		share float64
		rate  func(int) float64
	}{
		{"0.2 an hour", 0.1, constant(0.2)},
		{"2 an hour", 0.2, constant(2)},
		{"10 an hour", 0.1, constant(10)},
		{"50 an hour", 0.3, constant(50)},
		{"daily cycle, peak 5", 0.1, daily(5)},
		{"daily cycle, peak 30", 0.15, daily(30)},
		{"daily cycle, peak 200", 0.1, daily(200)},
	} {
		alarms := 0
		for seed := uint64(1); seed <= seeds; seed++ {
			s := quiet(seed*7919, days, c.share, c.rate)
			alarms += len(Detect(s, Options{}))
			hours += len(s) - defaults.MinHistory
		}
		total += alarms
		t.Logf("%-22s: %3d false alarms in %d watch-months", c.name, alarms, seeds)
	}
	perMonth := float64(total) / float64(hours) * 30 * 24
	t.Logf("false alarms: %d in %d watch-hours, %.4f per watch-month", total, hours, perMonth)
	if perMonth > 0.05 {
		t.Errorf("%.4f false alarms per watch-month, more than one a watch every 20 months", perMonth)
	}
}

func TestTails(t *testing.T) {
	// Binomial(10, 0.5): P(X ≥ 8) = 56/1024.
	if got := binomTail(8, 10, 0.5); math.Abs(got-56.0/1024) > 1e-12 {
		t.Errorf("binomial tail %.6g, want %.6g", got, 56.0/1024)
	}
	// With a rate known from very many hours, the negative binomial is
	// the Poisson: P(X ≥ 3 | λ = 1) = 1 − 2.5/e.
	if got, want := negBinomTail(3, 1, 1e7), 1-2.5/math.E; math.Abs(got-want) > 1e-5 {
		t.Errorf("negative binomial tail %.6g, want %.6g", got, want)
	}
	// A rate known from few hours makes a large count likelier.
	if few, many := negBinomTail(20, 5, 3), negBinomTail(20, 5, 300); !(few > many) {
		t.Errorf("tail from 3 hours %.3g, from 300 hours %.3g", few, many)
	}
	if got := negBinomTail(0, 5, 10); got != 1 {
		t.Errorf("P(X ≥ 0) = %g", got)
	}
}

// Detecting over a watch's last 30 days, as the core does each hour.
func BenchmarkDetect30Days(b *testing.B) {
	s := quiet(1, 30, 0.15, daily(20))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Detect(s, Options{})
	}
}

// Counts that cannot be (negative, more negatives than items) are
// clamped, never turned into a share above 1.
func TestImpossibleCountsAreClamped(t *testing.T) {
	s := quiet(2, 5, 0.1, constant(2))
	s[10].Count = -5
	s[11].Negative = 99
	s[100].Count, s[100].Negative = 30, 45
	spikes := Detect(s, Options{})
	if len(spikes) != 1 || spikes[0].Hour.Negative != 30 || spikes[0].Share() != 1 || spikes[0].Percent() != 100 {
		t.Fatalf("%+v", spikes)
	}
}
