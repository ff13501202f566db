package chart

import (
	"math"
	"strconv"
	"time"
)

// maxValue bounds the values drawn, so that sums and spans stay finite.
const maxValue = 1e300

// tick is a labelled position on an axis.
type tick struct {
	value float64
	label string
}

// valueRange is the span of the values to show on the Y axis.
type valueRange struct{ lo, hi float64 }

// clampValue bounds v to ±maxValue; NaN stays NaN.
func clampValue(v float64) float64 {
	return math.Max(-maxValue, math.Min(maxValue, v))
}

// niceTicks returns at most about count ticks covering [lo, hi] at a
// round step (1, 2, 2.5 or 5 × 10ⁿ), the first at or below lo and the
// last at or above hi, labelled by format. integer keeps the step whole,
// for labels written as integers. Steps whose labels repeat are skipped.
func niceTicks(lo, hi float64, count int, integer bool, format func(float64) string) []tick {
	lo, hi = clampValue(lo), clampValue(hi)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == lo {
		d := math.Abs(hi) / 10
		if d == 0 {
			d = 1
		}
		if lo >= 0 && lo-d < 0 {
			lo, hi = 0, hi+d
		} else {
			lo, hi = lo-d, hi+d
		}
	}
	// Keep the span distinguishable from the values at float precision.
	if least := math.Max(math.Abs(lo), math.Abs(hi)) * 1e-9; hi-lo < least {
		hi = lo + least
	}
	count = max(2, count)
	step := niceStep((hi - lo) / float64(count-1))
	if integer {
		step = math.Max(step, 1)
	}
	var ticks []tick
	for range 40 { // each round grows the step; 40 covers any float
		first := math.Floor(lo/step) * step
		last := math.Ceil(hi/step) * step
		n := int(math.Round((last-first)/step)) + 1
		if n <= count+1 {
			ticks = ticks[:0]
			for i := range n {
				v := first + float64(i)*step
				if math.Abs(v) < step*1e-9 {
					v = 0 // no "-0"
				}
				ticks = append(ticks, tick{value: v, label: format(v)})
			}
			if distinctLabels(ticks) {
				return ticks
			}
		}
		step = niceStep(step * 1.01)
	}
	return []tick{{value: lo, label: format(lo)}, {value: hi, label: format(hi)}}
}

// niceStep returns the least round number at least x: 1, 2, 2.5 or 5 × 10ⁿ.
func niceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	exp := math.Floor(math.Log10(x))
	base := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if s := m * base; s >= x*(1-1e-12) {
			return s
		}
	}
	return 10 * base
}

func distinctLabels(ticks []tick) bool {
	for i := 1; i < len(ticks); i++ {
		if ticks[i].label == ticks[i-1].label {
			return false
		}
	}
	return true
}

// formatInteger writes v rounded to an integer: the default Y labels.
func formatInteger(v float64) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// formatTwoDecimals writes v with two decimals: the default heat map
// legend.
func formatTwoDecimals(v float64) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// formatDay writes t as "2 Jan": the default X labels.
func formatDay(t time.Time) string {
	return t.Format("2 Jan")
}

// dateStep is a candidate interval between date ticks.
type dateStep struct {
	unit  dateUnit
	n     int
	about time.Duration // for a quick count estimate
}

type dateUnit int

const (
	unitHour dateUnit = iota
	unitDay
	unitWeek
	unitMonth
	unitYear
)

const day = 24 * time.Hour

var dateSteps = []dateStep{
	{unitHour, 1, time.Hour}, {unitHour, 2, 2 * time.Hour}, {unitHour, 3, 3 * time.Hour},
	{unitHour, 6, 6 * time.Hour}, {unitHour, 12, 12 * time.Hour},
	{unitDay, 1, day}, {unitDay, 2, 2 * day}, {unitWeek, 1, 7 * day}, {unitWeek, 2, 14 * day},
	{unitMonth, 1, 30 * day}, {unitMonth, 2, 61 * day}, {unitMonth, 3, 91 * day},
	{unitMonth, 6, 182 * day}, {unitYear, 1, 365 * day}, {unitYear, 2, 730 * day},
	{unitYear, 5, 1826 * day}, {unitYear, 10, 3652 * day}, {unitYear, 25, 9131 * day},
	{unitYear, 50, 18262 * day}, {unitYear, 100, 36524 * day},
}

// dateTicks returns the date ticks in [from, to] at the finest step
// that gives from 2 to maxTicks ticks whose labels are all different and
// fit (fits tells, given the ticks); nil when none does.
func dateTicks(from, to time.Time, maxTicks int, format func(time.Time) string, fits func([]dateTick) bool) []dateTick {
	span := to.Sub(from)
	for _, s := range dateSteps {
		if span/s.about > time.Duration(maxTicks) {
			continue
		}
		ticks := s.ticks(from, to, maxTicks+1)
		if len(ticks) < 2 || len(ticks) > maxTicks {
			continue
		}
		for i := range ticks {
			ticks[i].label = format(ticks[i].at)
		}
		if !distinctDateLabels(ticks) || !fits(ticks) {
			continue
		}
		return ticks
	}
	return nil
}

// dateTick is a labelled date on the X axis.
type dateTick struct {
	at    time.Time
	label string
}

func distinctDateLabels(ticks []dateTick) bool {
	for i := 1; i < len(ticks); i++ {
		if ticks[i].label == ticks[i-1].label {
			return false
		}
	}
	return true
}

// ticks returns the step's round dates in [from, to], in from's time
// zone, stopping past limit.
func (s dateStep) ticks(from, to time.Time, limit int) []dateTick {
	loc := from.Location()
	y, m, d := from.Date()
	var t time.Time
	switch s.unit {
	case unitHour:
		t = time.Date(y, m, d, from.Hour()/s.n*s.n, 0, 0, 0, loc)
	case unitDay:
		t = time.Date(y, m, d, 0, 0, 0, 0, loc)
		if s.n > 1 {
			// Align on days since the epoch, so ticks do not move with from.
			days := int(math.Floor(float64(t.Unix()+int64(zoneOffset(t))) / 86400))
			t = t.AddDate(0, 0, -mod(days, s.n))
		}
	case unitWeek:
		t = time.Date(y, m, d, 0, 0, 0, 0, loc)
		t = t.AddDate(0, 0, -mod(int(t.Weekday())-int(time.Monday), 7)) // Mondays
		if s.n > 1 {
			weeks := int(math.Floor(float64(t.Unix()+int64(zoneOffset(t))) / (7 * 86400)))
			t = t.AddDate(0, 0, -7*mod(weeks, s.n))
		}
	case unitMonth:
		t = time.Date(y, time.Month((int(m)-1)/s.n*s.n+1), 1, 0, 0, 0, 0, loc)
	case unitYear:
		t = time.Date(floorDiv(y, s.n)*s.n, time.January, 1, 0, 0, 0, 0, loc)
	}
	var ticks []dateTick
	for i := 0; !t.After(to) && len(ticks) <= limit && i < 10*limit+10; i++ {
		if !t.Before(from) {
			ticks = append(ticks, dateTick{at: t})
		}
		t = s.next(t)
	}
	return ticks
}

func (s dateStep) next(t time.Time) time.Time {
	switch s.unit {
	case unitHour:
		y, m, d := t.Date()
		return time.Date(y, m, d, t.Hour()+s.n, 0, 0, 0, t.Location())
	case unitDay:
		return t.AddDate(0, 0, s.n)
	case unitWeek:
		return t.AddDate(0, 0, 7*s.n)
	case unitMonth:
		return t.AddDate(0, s.n, 0)
	default:
		return t.AddDate(s.n, 0, 0)
	}
}

func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}

func mod(a, n int) int { return ((a % n) + n) % n }

func floorDiv(a, n int) int {
	if a < 0 {
		return -((-a + n - 1) / n)
	}
	return a / n
}
