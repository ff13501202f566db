package english

import (
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread"
)

// FindDate is a date that does not exist ("February 30") or whose
// weekday is wrong ("Monday, 7 October 2014" was a Tuesday).
const FindDate app.FindingKind = "en_date"

// FindCurrency is a currency sign written after the amount or apart from
// it ("7.25$", "$ 100"): English writes "$7.25", "€100".
const FindCurrency app.FindingKind = "en_currency"

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": 0, "sun": 0, "monday": 1, "mon": 1, "mo": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3,
	"wed": 3, "thursday": 4, "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
}

// dateToken is a word or number of a text, spaces and commas skipped.
type dateToken struct {
	text       string
	kind       proofread.Kind
	start, end int
}

// checkDates finds the dates of the text that do not exist or whose
// weekday is wrong. Months are looked for capitalised only ("may" is a
// verb).
func checkDates(text string, toks []proofread.Token) []app.Finding {
	var ts []dateToken
	for _, t := range toks {
		switch {
		case t.Kind == proofread.Word || t.Kind == proofread.Number:
			ts = append(ts, dateToken{t.Text, t.Kind, t.Start, t.End})
		case t.Kind == proofread.Punct && (t.Text == "," || t.Text == "."):
		case t.Kind == proofread.Space:
		default:
			ts = append(ts, dateToken{kind: t.Kind, start: t.Start, end: t.End})
		}
	}
	var out []app.Finding
	for i := 0; i < len(ts); i++ {
		var (
			wd       time.Weekday = -1
			first                 = i
			day, yr  int
			mon      time.Month
			last     int
			foundDay bool
		)
		j := i
		if d, ok := weekdayOf(ts[j].text); ok {
			wd = d
			j++
		}
		// Month Day[ Year] | Day Month[ Year] | M/D/YYYY
		switch {
		case j < len(ts) && monthOf(ts[j].text) != 0 && j+1 < len(ts) && ts[j+1].kind == proofread.Number:
			mon = monthOf(ts[j].text)
			day, foundDay = dayOf(ts[j+1].text)
			last = j + 1
		case j+1 < len(ts) && ts[j].kind == proofread.Number && monthOf(ts[j+1].text) != 0:
			day, foundDay = dayOf(ts[j].text)
			mon = monthOf(ts[j+1].text)
			last = j + 1
		case j < len(ts) && ts[j].kind == proofread.Number && strings.Count(ts[j].text, "/") == 2:
			p := strings.Split(ts[j].text, "/")
			m, e1 := strconv.Atoi(p[0])
			d, e2 := strconv.Atoi(p[1])
			y, e3 := strconv.Atoi(p[2])
			if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || len(p[2]) != 4 || d > 12 && m > 12 {
				continue
			}
			if d <= 12 && wd < 0 {
				continue // 10/11/2014: US or European order, who knows
			}
			mon, day, yr, foundDay, last = time.Month(m), d, y, true, j
		default:
			continue
		}
		if !foundDay {
			continue
		}
		if yr == 0 && last+1 < len(ts) && ts[last+1].kind == proofread.Number && len(ts[last+1].text) == 4 {
			if y, err := strconv.Atoi(ts[last+1].text); err == nil && y > 1582 {
				yr = y
				last++
			}
		}
		start, end := ts[first].start, ts[last].end
		leap := 2024 // a leap year: February 29 exists unless the year says otherwise
		if yr != 0 {
			leap = yr
		}
		date := time.Date(leap, mon, day, 12, 0, 0, 0, time.UTC)
		if day < 1 || date.Month() != mon {
			out = append(out, app.Finding{Kind: FindDate, Severity: app.SeverityError, Start: start, End: end,
				Text: text[start:end]})
			i = last
			continue
		}
		if wd >= 0 && yr != 0 && date.Weekday() != wd {
			fix := matchCase(ts[first].text, strings.ToLower(date.Weekday().String()))
			if len(ts[first].text) <= 4 {
				fix = fix[:len(ts[first].text)]
			}
			f := app.Finding{Kind: FindDate, Severity: app.SeverityWarning, Start: ts[first].start, End: ts[first].end,
				Text: text[ts[first].start:ts[first].end], Fixes: []string{fix}}
			out = append(out, f)
		}
		i = last
	}
	return out
}

func weekdayOf(w string) (time.Weekday, bool) {
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return 0, false
	}
	d, ok := weekdays[strings.ToLower(w)]
	return d, ok
}

func monthOf(w string) time.Month {
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return 0
	}
	return months[strings.ToLower(w)]
}

// dayOf reads a day of the month: "7", "7th", "31st".
func dayOf(n string) (int, bool) {
	n = strings.TrimRight(n, "stndrh")
	d, err := strconv.Atoi(n)
	if err != nil || d < 1 || d > 99 || len(n) > 2 {
		return 0, false
	}
	return d, true
}

// checkCurrency finds "7.25$", "100€" and "$ 100" in English.
func checkCurrency(text string, toks []proofread.Token) []app.Finding {
	var out []app.Finding
	for i, t := range toks {
		if t.Kind != proofread.Punct || !strings.Contains("$€£", t.Text) {
			continue
		}
		if i > 0 && toks[i-1].Kind == proofread.Number && (i+1 == len(toks) || toks[i+1].Kind != proofread.Number) {
			n := toks[i-1]
			out = append(out, app.Finding{Kind: FindCurrency, Severity: app.SeverityWarning, Start: n.Start, End: t.End,
				Text: text[n.Start:t.End], Fixes: []string{t.Text + n.Text}})
		}
		if i+2 < len(toks) && toks[i+1].Kind == proofread.Space && toks[i+2].Kind == proofread.Number &&
			(i == 0 || toks[i-1].Kind != proofread.Number) {
			n := toks[i+2]
			out = append(out, app.Finding{Kind: FindCurrency, Severity: app.SeverityWarning, Start: t.Start, End: n.End,
				Text: text[t.Start:n.End], Fixes: []string{t.Text + n.Text}})
		}
	}
	return out
}
