package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// minus is the true minus sign, narrower and better placed than a hyphen.
const minus = "\u2212"

// none stands for a figure that is not known.
const none = "—"

// The keys built from a number, listed so that a test can check them
// (the scan of literal keys in ui/i18n cannot see them).
var (
	monthKeys = [12]string{"report.month.1", "report.month.2", "report.month.3", "report.month.4",
		"report.month.5", "report.month.6", "report.month.7", "report.month.8", "report.month.9",
		"report.month.10", "report.month.11", "report.month.12"}
	// weekdaysKeys are the plural weekdays ("les mardis"), Monday first.
	weekdaysKeys = [7]string{"report.weekdays.1", "report.weekdays.2", "report.weekdays.3",
		"report.weekdays.4", "report.weekdays.5", "report.weekdays.6", "report.weekdays.7"}
)

// monday is the index of a weekday with the week starting on Monday.
func monday(d time.Weekday) int { return (int(d) + 6) % 7 }

// weekOrder lists the weekdays Monday first, as the heat map's rows.
var weekOrder = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func (f Figures) french() bool { return f.tr.Language() == app.LanguageFrench }

// decimal writes v with places decimals in the language: 2,1 or 2.1,
// with the thousands separated, a true minus sign when negative.
func (f Figures) decimal(v float64, places int) string {
	scale := math.Pow(10, float64(places))
	v = math.Round(v*scale) / scale // half away from zero, as people round
	s := strconv.FormatFloat(math.Abs(v), 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.Atoi(whole)
	if err != nil { // beyond an int: leave it as it is
		return s
	}
	out := f.tr.Number(n)
	if frac != "" {
		sep := "."
		if f.french() {
			sep = ","
		}
		out += sep + frac
	}
	if v < 0 && strings.Trim(s, "0.") != "" {
		out = minus + out
	}
	return out
}

// short writes v with at most one decimal, none when it is whole once
// rounded: 3, 2,5.
func (f Figures) short(v float64) string {
	r := math.Round(v*10) / 10
	if r == math.Trunc(r) {
		return f.decimal(r, 0)
	}
	return f.decimal(r, 1)
}

// number writes a count with a true minus sign.
func (f Figures) number(n int) string {
	if n < 0 {
		return minus + f.tr.Number(-n)
	}
	return f.tr.Number(n)
}

// signed writes a change of a count: +150, −20, 0.
func (f Figures) signed(n int) string {
	if n > 0 {
		return "+" + f.tr.Number(n)
	}
	return f.number(n)
}

// percentOf writes a number of percent: 12 % (a narrow no-break space in
// French), 12%.
func (f Figures) percentOf(n string) string { return f.tr.T("report.percent", "n", n) }

// Rate writes a fraction as a percentage with one decimal: 0.042 is 4,2 %.
func (f Figures) Rate(v float64) string { return f.percentOf(f.decimal(v*100, 1)) }

// share writes part of total as a whole percentage: 87 %.
func (f Figures) share(part, total int) string {
	if total <= 0 {
		return none
	}
	return f.percentOf(f.decimal(math.Round(float64(part)*100/float64(total)), 0))
}

// change compares cur with prev: "+12 %", "−3 %", "new" when prev is 0,
// "" when both are 0. trend is +1 when cur is better, −1 when worse;
// lowerBetter turns it round (a response time).
func (f Figures) change(cur, prev float64, lowerBetter bool) (string, int) {
	switch {
	case prev == 0 && cur == 0:
		return "", 0
	case prev == 0:
		return f.tr.T("report.change.new"), better(1, lowerBetter)
	}
	pct := (cur - prev) / math.Abs(prev) * 100
	var s string
	if math.Abs(pct) < 10 {
		s = f.short(pct)
	} else {
		s = f.decimal(math.Round(pct), 0)
	}
	switch {
	case s == "0":
		return f.percentOf("0"), 0
	case pct > 0:
		return f.percentOf("+" + s), better(1, lowerBetter)
	}
	return f.percentOf(s), better(-1, lowerBetter)
}

// better turns a direction into a trend: up is better unless lower is.
func better(direction int, lowerBetter bool) int {
	if lowerBetter {
		return -direction
	}
	return direction
}

// duration writes a response time: 45 s, 42 min, 1 h 30, 5 h, 2 j 3 h.
func (f Figures) duration(d time.Duration) string {
	if d < time.Minute {
		return f.tr.T("report.duration.seconds", "n", strconv.Itoa(int(d.Round(time.Second)/time.Second)))
	}
	d = d.Round(time.Minute)
	if d < time.Hour {
		return f.tr.T("report.duration.minutes", "n", strconv.Itoa(int(d/time.Minute)))
	}
	if d < 24*time.Hour {
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return f.tr.T("report.duration.hours", "h", strconv.Itoa(h))
		}
		mins := strconv.Itoa(m)
		if f.french() { // 1 h 05, as French writes it
			mins = fmt.Sprintf("%02d", m)
		}
		return f.tr.T("report.duration.hours_minutes", "h", strconv.Itoa(h), "m", mins)
	}
	d = d.Round(time.Hour)
	days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if h == 0 {
		return f.tr.T("report.duration.days", "d", strconv.Itoa(days))
	}
	return f.tr.T("report.duration.days_hours", "d", strconv.Itoa(days), "h", strconv.Itoa(h))
}

// hour writes an hour of the day: 18 h, 18:00.
func (f Figures) hour(h int) string { return f.tr.T("report.hour", "h", strconv.Itoa(h)) }

// hours writes an hour of the week's span: 18 h–19 h, 18:00–19:00.
func (f Figures) hours(h int) string { return f.hour(h) + "–" + f.hour(h+1) }

// month is a month's full name, as in a date: novembre, November.
func (f Figures) month(m time.Month) string { return f.tr.T(monthKeys[m-1]) }

// dayOfMonth writes the day of a date: 1er in French, then 2, 3...
func (f Figures) dayOfMonth(d int) string {
	if d == 1 {
		return f.tr.T("report.day.first")
	}
	return strconv.Itoa(d)
}

// shortDay writes a day as the charts' axes do: 3 déc., Dec 3.
func (f Figures) shortDay(t time.Time) string {
	return f.tr.T("date.day_month", "day", strconv.Itoa(t.Day()), "month", f.tr.T("month."+strconv.Itoa(int(t.Month()))))
}

// longDate writes a day in full: 2 décembre 2026, December 2, 2026.
func (f Figures) longDate(t time.Time) string {
	return f.tr.T("report.date.long", "day", f.dayOfMonth(t.Day()), "month", f.month(t.Month()), "year", strconv.Itoa(t.Year()))
}

// dateTime writes when something happened, in the report's zone: 3 nov.
// 14:05.
func (f Figures) dateTime(t time.Time) string {
	t = t.In(f.zone)
	return f.shortDay(t) + " " + t.Format("15:04")
}

// weekday is a weekday's short name, Monday first: lun., Mon.
func (f Figures) weekday(d time.Weekday) string {
	return f.tr.T("weekday." + strconv.Itoa(monday(d)+1))
}

// weekdayLong is a weekday's name: mardi, Tuesday.
func (f Figures) weekdayLong(d time.Weekday) string {
	return f.tr.T("weekday.long." + strconv.Itoa(monday(d)+1))
}

// weekdays is a weekday in the plural: mardis, Tuesdays.
func (f Figures) weekdays(d time.Weekday) string { return f.tr.T(weekdaysKeys[monday(d)]) }

// periodText writes a period in words: du 1er au 30 novembre 2026,
// November 1 – 30, 2026.
func (f Figures) periodText(p app.Period) string {
	if !p.From.Before(p.To) {
		return ""
	}
	from, to := p.From, p.Last()
	switch {
	case from.Equal(to):
		return f.tr.T("report.period.day", "day", f.dayOfMonth(from.Day()), "month", f.month(from.Month()), "year", strconv.Itoa(from.Year()))
	case from.Year() == to.Year() && from.Month() == to.Month():
		return f.tr.T("report.period.same_month", "from", f.dayOfMonth(from.Day()), "to", strconv.Itoa(to.Day()),
			"month", f.month(from.Month()), "year", strconv.Itoa(from.Year()))
	case from.Year() == to.Year():
		return f.tr.T("report.period.same_year", "from", f.dayOfMonth(from.Day()), "from_month", f.month(from.Month()),
			"to", f.dayOfMonth(to.Day()), "to_month", f.month(to.Month()), "year", strconv.Itoa(from.Year()))
	}
	return f.tr.T("report.period.other_years", "from", f.dayOfMonth(from.Day()), "from_month", f.month(from.Month()),
		"from_year", strconv.Itoa(from.Year()), "to", f.dayOfMonth(to.Day()), "to_month", f.month(to.Month()),
		"to_year", strconv.Itoa(to.Year()))
}

// capital puts a sentence's first letter in capitals: "du 1er…" as a
// line of its own.
func capital(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// excerpt is a post's title, else its text, on one line, cut after max
// characters at a word's end with an ellipsis.
func excerpt(title, text string, max int) string {
	s := strings.TrimSpace(title)
	if s == "" {
		s = text
	}
	return cut(oneLine(s), max)
}

// oneLine joins lines and collapses runs of spaces, keeping the no-break
// spaces as they are.
func oneLine(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	return strings.Join(words, " ")
}

// cut shortens s to at most max characters, at a word's end when one is
// near, with an ellipsis.
func cut(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	r = r[:max-1]
	if i := lastSpace(r); i > max/2 {
		r = r[:i]
	}
	return strings.TrimRight(string(r), " ,;:.-–") + "…"
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}
