package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// networkList names the networks for a list's column; "-" for none.
func networkList(networks []app.Network) string {
	if len(networks) == 0 {
		return "-"
	}
	names := make([]string, len(networks))
	for i, n := range networks {
		names[i] = n.Name()
	}
	return strings.Join(names, ", ")
}

// statusName says a status in the user's language.
func statusName(tr *i18n.Translator, s app.Status) string {
	switch s {
	case app.StatusIdea:
		return tr.T("cli.status.idea")
	case app.StatusDraft:
		return tr.T("cli.status.draft")
	case app.StatusReady:
		return tr.T("cli.status.ready")
	case app.StatusScheduled:
		return tr.T("cli.status.scheduled")
	case app.StatusPublished:
		return tr.T("cli.status.published")
	case app.StatusFailed:
		return tr.T("cli.status.failed")
	}
	return string(s)
}

// problemText says in plain words what keeps a post from going out:
// "Bluesky: 342 characters, 300 at most".
func problemText(tr *i18n.Translator, p app.Problem) string {
	image := strconv.Itoa(p.Image + 1)
	var msg string
	switch p.Kind {
	case app.ProblemNoTarget:
		msg = tr.T("cli.problem.no_target")
	case app.ProblemNotPlanned:
		msg = tr.T("cli.problem.not_planned")
	case app.ProblemBadRecurrence:
		msg = tr.T("cli.problem.bad_recurrence")
	case app.ProblemEmpty:
		msg = tr.T("cli.problem.empty")
	case app.ProblemTooLong:
		msg = tr.T("cli.problem.too_long", "count", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)))
	case app.ProblemTooManyBytes:
		msg = tr.T("cli.problem.too_many_bytes", "count", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)))
	case app.ProblemTooManyImages:
		msg = tr.T("cli.problem.too_many_images", "count", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)))
	case app.ProblemImageTooBig:
		// In kilobytes of 1,000 bytes, the size rounded up and the limit
		// down, so that they never read the same.
		msg = tr.T("cli.problem.image_too_big", "image", image,
			"size", tr.Number(int((p.Got+999)/1000)), "max", tr.Number(int(p.Max/1000)))
	case app.ProblemAltTooLong:
		msg = tr.T("cli.problem.alt_too_long", "image", image, "count", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)))
	case app.ProblemNoAlt:
		msg = tr.T("cli.problem.no_alt", "image", image)
	case app.ProblemNeedsImage:
		msg = tr.T("cli.problem.needs_image")
	case app.ProblemTooManyHashtags:
		msg = tr.T("cli.problem.too_many_hashtags", "count", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)))
	case app.ProblemTooManyMentions:
		msg = tr.T("cli.problem.too_many_mentions", "count", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)))
	case app.ProblemImageShape:
		msg = tr.T("cli.problem.image_shape", "image", image, "width", strconv.FormatInt(p.Got, 10), "height", strconv.FormatInt(p.Max, 10))
	case app.ProblemPublishingLimit:
		msg = tr.T("cli.problem.publishing_limit", "max", tr.Number(int(p.Max)), "count", tr.Number(int(p.Got)),
			"hours", strconv.Itoa(int(p.To.Sub(p.From).Hours())), "from", p.From.Local().Format("2006-01-02 15:04"), "to", p.To.Local().Format("2006-01-02 15:04"))
	case app.ProblemLimitUnchecked:
		msg = tr.T("cli.problem.limit_unchecked")
	case app.ProblemProofread:
		msg = tr.Finding(p.Finding)
	default:
		msg = p.String()
	}
	if p.Target != (app.Target{}) {
		return tr.T("cli.problem.on", "network", p.Target.Network.Name(), "problem", msg)
	}
	return msg
}

// weekdayName is a day's short name in the user's language.
func weekdayName(tr *i18n.Translator, s app.Slot) string {
	return tr.T("weekday." + strconv.Itoa((int(s.Day)+6)%7+1)) // weekday.1 is Monday
}

// slotText writes a slot as the user reads it: "Mon 09:00", "lun. 09:00".
func slotText(tr *i18n.Translator, s app.Slot) string {
	return weekdayName(tr, s) + " " + clock(s)
}

// slotCode writes a slot as --slot reads it, the same in every language:
// "mon 09:00".
func slotCode(s app.Slot) string {
	return strings.ToLower(s.Day.String()[:3]) + " " + clock(s)
}

func clock(s app.Slot) string { return fmt.Sprintf("%02d:%02d", s.Hour, s.Minute) }
