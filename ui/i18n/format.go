package i18n

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/relais-app/relais/app"
)

// Ago says when t was, seen from now: "just now", "5 min ago", "yesterday
// at 18:02", or a date.
func (t *Translator) Ago(when, now time.Time) string {
	d := now.Sub(when)
	switch {
	case d < time.Minute:
		return t.T("time.just_now")
	case d < time.Hour:
		return t.T("time.minutes_ago", "n", strconv.Itoa(int(d/time.Minute)))
	case sameDay(when, now):
		return t.T("time.today_at", "time", when.Format("15:04"))
	case sameDay(when, now.AddDate(0, 0, -1)):
		return t.T("time.yesterday_at", "time", when.Format("15:04"))
	}
	return t.Date(when, now)
}

// Date writes a day the way the language does: "25 Nov" / "25 nov.", with
// the year when it is not the current one.
func (t *Translator) Date(when, now time.Time) string {
	month := t.T("month." + strconv.Itoa(int(when.Month())))
	if when.Year() == now.Year() {
		return t.T("date.day_month", "day", strconv.Itoa(when.Day()), "month", month)
	}
	return t.T("date.day_month_year", "day", strconv.Itoa(when.Day()), "month", month, "year", strconv.Itoa(when.Year()))
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Error says what went wrong in plain words. Errors the core names have
// their own message; any other keeps its detail after a general sentence.
func (t *Translator) Error(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, app.ErrWorkspaceLocked):
		return t.T("error.locked")
	case errors.Is(err, app.ErrNewerSchema):
		return t.T("error.newer_schema")
	case errors.Is(err, app.ErrNotFound):
		return t.T("error.not_found")
	case errors.Is(err, app.ErrEmptyDraft):
		return t.T("error.empty_draft")
	case errors.Is(err, app.ErrBadID):
		return t.T("error.bad_id")
	case errors.Is(err, app.ErrUnknownLanguage):
		return t.T("error.unknown_language")
	case errors.Is(err, app.ErrNotAnImage):
		return t.T("error.not_an_image")
	case errors.Is(err, app.ErrFileTooLarge):
		return t.T("error.file_too_large")
	case errors.Is(err, app.ErrQueueFull):
		return t.T("error.queue_full")
	case errors.Is(err, app.ErrBadRecurrence):
		return t.T("error.bad_recurrence")
	case errors.Is(err, app.ErrStatusReserved):
		return t.T("error.status_reserved")
	case errors.Is(err, context.Canceled):
		return t.T("error.cancelled")
	}
	return t.T("error.generic", "detail", err.Error())
}
