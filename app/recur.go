package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// ErrBadRecurrence is returned for a recurrence rule Relais cannot follow.
var ErrBadRecurrence = errors.New("this repetition rule is not valid")

// MaxOccurrences bounds how many times one recurring item is expanded for
// one range, so that a rule like "every day for ever" stays cheap to show.
const MaxOccurrences = 1000

// ParseRecurrence checks an RFC 5545 RRULE value ("FREQ=WEEKLY;BYDAY=MO",
// with or without "RRULE:") and returns it in canonical form. Relais
// repeats posts and events daily at most: a rule by the hour, minute or
// second is refused, as is a DTSTART inside the rule (the start is the
// item's own time).
func ParseRecurrence(rule string) (string, error) { return parseRecurrence(rule, true) }

// parseRecurrence is ParseRecurrence; occurs says whether to check that
// the rule falls on some day at all, which costs more than the rest and
// needs doing once, when a rule is set, not each time it is followed.
func parseRecurrence(rule string, occurs bool) (string, error) {
	// Names and values of a rule are case-insensitive (RFC 5545, 2.1).
	rule = strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rule)), "RRULE:"))
	if rule == "" {
		return "", nil
	}
	opt, err := parseRule(rule, time.UTC)
	if err != nil {
		return "", err
	}
	// Building the rule checks the ranges (BYMONTH=13, BYDAY=9MO…).
	check := *opt
	check.Dtstart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// A rule that never falls on a day (February 30th) is no repetition:
	// it is looked for over four centuries, a repetition's longest cycle,
	// whatever its end.
	if occurs {
		check.Until, check.Count = check.Dtstart.AddDate(400, 0, 0), 0
	}
	r, err := rrule.NewRRule(check)
	if err != nil {
		return "", fmt.Errorf("%q: %v: %w", rule, err, ErrBadRecurrence)
	}
	if occurs {
		if _, ok := r.Iterator()(); !ok {
			return "", fmt.Errorf("%q never occurs: %w", rule, ErrBadRecurrence)
		}
	}
	return opt.RRuleString(), nil
}

func parseRule(rule string, loc *time.Location) (opt *rrule.ROption, err error) {
	// The library panics on some malformed values; a rule comes from the
	// user or from an imported file, so turn that into an error.
	defer func() {
		if r := recover(); r != nil {
			opt, err = nil, fmt.Errorf("%q: %w", rule, ErrBadRecurrence)
		}
	}()
	if strings.Contains(strings.ToUpper(rule), "DTSTART") {
		return nil, fmt.Errorf("%q has its own start: %w", rule, ErrBadRecurrence)
	}
	opt, err = rrule.StrToROptionInLocation(rule, loc)
	if err != nil {
		return nil, fmt.Errorf("%q: %v: %w", rule, err, ErrBadRecurrence)
	}
	switch opt.Freq {
	case rrule.YEARLY, rrule.MONTHLY, rrule.WEEKLY, rrule.DAILY:
	default:
		return nil, fmt.Errorf("%q repeats more often than daily: %w", rule, ErrBadRecurrence)
	}
	// The library reads INTERVAL=0 as no interval, that is 1; RFC 5545
	// wants a positive integer.
	for _, part := range strings.Split(strings.ToUpper(rule), ";") {
		if name, value, _ := strings.Cut(part, "="); strings.TrimSpace(name) == "INTERVAL" && strings.Trim(strings.TrimSpace(value), "0") == "" {
			return nil, fmt.Errorf("%q repeats every 0: %w", rule, ErrBadRecurrence)
		}
	}
	if opt.Interval < 0 || opt.Count < 0 {
		return nil, fmt.Errorf("%q counts backwards: %w", rule, ErrBadRecurrence)
	}
	if len(opt.Byhour) > 0 || len(opt.Byminute) > 0 || len(opt.Bysecond) > 0 {
		return nil, fmt.Errorf("%q sets hours: %w", rule, ErrBadRecurrence)
	}
	return opt, nil
}

// Occurrences returns the times, in [from, to), of an item that starts at
// start and repeats by rule, earliest first and at most MaxOccurrences.
// The rule is followed in loc: "every Monday at 9:00" in Europe/Paris stays
// at 9:00 Paris time when the clocks change. A rule of "" gives start alone
// when it falls in the range.
func Occurrences(rule string, start time.Time, loc *time.Location, from, to time.Time) ([]time.Time, error) {
	if rule == "" {
		if !start.Before(from) && start.Before(to) {
			return []time.Time{start.UTC()}, nil
		}
		return nil, nil
	}
	if !start.Before(to) {
		return nil, nil
	}
	rule, err := parseRecurrence(rule, false)
	if err != nil {
		return nil, err
	}
	opt, err := parseRule(rule, loc)
	if err != nil {
		return nil, err
	}
	opt.Dtstart = start.In(loc)
	if !opt.Until.IsZero() {
		// An UNTIL without a zone ("20261231T090000") is local time.
		opt.Until = opt.Until.In(loc)
	}
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fmt.Errorf("%q: %v: %w", rule, err, ErrBadRecurrence)
	}
	var out []time.Time
	next := r.Iterator()
	for len(out) < MaxOccurrences {
		t, ok := next()
		if !ok || !t.Before(to) {
			break
		}
		if !t.Before(from) {
			out = append(out, t.UTC())
		}
	}
	return out, nil
}

// Occurs reports whether an item starting at start and repeating by rule
// occurs at all: a rule whose UNTIL is before the start never does.
func Occurs(rule string, start time.Time, loc *time.Location) bool {
	if rule == "" {
		return true
	}
	opt, err := parseRule(rule, loc)
	if err != nil {
		return false
	}
	opt.Dtstart = start.In(loc)
	if !opt.Until.IsZero() {
		opt.Until = opt.Until.In(loc)
	}
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return false
	}
	_, ok := r.Iterator()()
	return ok
}
