package i18n

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/app/workspace"
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
	// Before the network's refusal that carries it: which to choose.
	var several *app.SeveralAccountsError
	if errors.As(err, &several) && len(several.Choices) > 0 {
		var names []string
		for _, c := range several.Choices {
			names = append(names, t.T("connect.meta.page_option", "name", c.Name, "id", c.RemoteID))
		}
		return t.T("error.several_pages", "pages", strings.Join(names, ", "))
	}
	if msg := t.metaRefusal(err); msg != "" {
		return msg
	}
	if ne, ok := app.AsNetError(err); ok {
		return t.netError(ne)
	}
	var badQuery *monitor.QueryError
	if errors.As(err, &badQuery) {
		if badQuery.Found == "" {
			return t.T("query.error_at_end", "pos", strconv.Itoa(badQuery.Pos), "expected", t.T(badQuery.Key))
		}
		return t.T("query.error", "pos", strconv.Itoa(badQuery.Pos), "expected", t.T(badQuery.Key), "found", badQuery.Found)
	}
	switch {
	case errors.Is(err, monitor.ErrNoName):
		return t.T("error.watch_no_name")
	case errors.Is(err, monitor.ErrNoSources):
		return t.T("error.watch_no_sources")
	case errors.Is(err, monitor.ErrBadKind):
		return t.T("error.watch_bad_kind")
	case errors.Is(err, monitor.ErrBadSource):
		return t.T("error.watch_bad_source")
	case errors.Is(err, monitor.ErrSearchUnsupported):
		return t.T("error.search_unsupported")
	case errors.Is(err, monitor.ErrCannotSearch):
		return t.T("error.cannot_search")
	case errors.Is(err, monitor.ErrBusy):
		return t.T("error.source_busy")
	case errors.Is(err, monitor.ErrNoSearchAccount):
		return t.T("error.no_search_account")
	case errors.Is(err, monitor.ErrCompetitorNetwork):
		return t.T("error.competitor_network")
	case errors.Is(err, monitor.ErrNoReader):
		return t.T("error.competitor_no_reader")
	case errors.Is(err, monitor.ErrCompetitorExists):
		return t.T("error.competitor_exists")
	case errors.Is(err, monitor.ErrNoHandle):
		return t.T("error.competitor_no_handle")
	case errors.Is(err, monitor.ErrFeedTemplate):
		return t.T("error.feed_template")
	case errors.Is(err, monitor.ErrNoFeedQuery):
		return t.T("error.feed_no_query")
	case errors.Is(err, monitor.ErrNotGoogleAlerts):
		return t.T("error.not_google_alerts")
	case errors.Is(err, monitor.ErrNotYouTube):
		return t.T("error.not_youtube")
	case errors.Is(err, monitor.ErrNotAnAddress):
		return t.T("error.not_an_address")
	case errors.Is(err, monitor.ErrCannotReact):
		return t.T("error.monitor_cannot_react")
	case errors.Is(err, app.ErrCannotTake):
		return t.T("error.cannot_take")
	case errors.Is(err, impostor.ErrNoSearcher):
		return t.T("error.impostor_no_searcher")
	case errors.Is(err, impostor.ErrNoBrand):
		return t.T("error.impostor_no_brand")
	case errors.Is(err, impostor.ErrNoSuchSuspect):
		return t.T("error.impostor_no_such")
	case errors.Is(err, impostor.ErrUnknownStatus):
		return t.T("error.impostor_status")
	}
	var badName *workspace.NameError
	if errors.As(err, &badName) {
		return t.T("error.workspace_name."+badName.Reason, "max", fmt.Sprint(workspace.MaxNameLength))
	}
	var notPrivate *workspace.NotPrivateError
	if errors.As(err, &notPrivate) {
		return t.T("error.not_private."+notPrivate.Reason, "dir", notPrivate.Dir)
	}
	switch {
	case errors.Is(err, workspace.ErrNameTaken):
		return t.T("error.workspace_taken")
	case errors.Is(err, workspace.ErrNotFound):
		return t.T("error.workspace_not_found")
	case errors.Is(err, workspace.ErrDefault):
		return t.T("error.workspace_default")
	}
	if errors.Is(err, syscall.ENOSPC) {
		file := ""
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			file = pathErr.Path
		}
		return t.T("error.disk_full", "file", file)
	}
	var portTaken *app.PortTakenError
	if errors.As(err, &portTaken) {
		return t.T("error.port_taken", "port", strconv.Itoa(portTaken.Port))
	}
	var dateRange *app.DateRangeError
	switch {
	case errors.Is(err, app.ErrBadMetaAppID):
		return t.T("error.bad_meta_app_id")
	case errors.Is(err, app.ErrBadMetaAppSecret):
		return t.T("error.bad_meta_app_secret")
	case errors.Is(err, app.ErrNoMetaApp):
		return t.T("error.no_meta_app")
	case err == nil:
		return ""
	case errors.Is(err, app.ErrFollowHandled):
		return t.T("error.follow_handled")
	case errors.Is(err, app.ErrNotFollowRequest):
		return t.T("error.not_follow_request")
	case errors.Is(err, app.ErrCannotAnswerFollow):
		return t.T("error.cannot_answer_follow")
	case errors.Is(err, app.ErrKeychainUnavailable):
		return t.T("error.keychain_unavailable")
	case errors.Is(err, app.ErrNoMediaStorage):
		return t.T("error.media_storage.none")
	case errors.Is(err, app.ErrNotProfessional):
		return t.T("error.not_professional")
	case errors.Is(err, app.ErrNeedsImage):
		return t.T("error.needs_image")
	case errors.Is(err, app.ErrImageShape):
		return t.T("error.image_shape")
	case errors.Is(err, app.ErrMediaStorageAuth):
		return t.T("error.media_storage.auth")
	case errors.Is(err, app.ErrMediaStorageRegion):
		return t.T("error.media_storage.region")
	case errors.Is(err, app.ErrMediaStorageNoBucket):
		return t.T("error.media_storage.no_bucket")
	case errors.Is(err, app.ErrMediaStorageDenied):
		return t.T("error.media_storage.denied")
	case errors.Is(err, app.ErrMediaStorageOffline):
		return t.T("error.media_storage.offline")
	case errors.Is(err, app.ErrMediaStorageClockSkew):
		return t.T("error.media_storage.clock_skew")
	case errors.Is(err, app.ErrMediaStorageMismatch):
		return t.T("error.media_storage.mismatch")
	case errors.Is(err, app.ErrMediaStorageNoSecret):
		return t.T("error.media_storage.no_secret")
	case errors.Is(err, app.ErrBadMediaStorage):
		return t.T("error.media_storage.bad")
	case errors.Is(err, app.ErrNoSecret):
		return t.T("error.no_secret")
	case errors.Is(err, app.ErrNoAccount):
		return t.T("error.no_account", "network", networkIn(err))
	case errors.Is(err, app.ErrWhichAccount):
		return t.T("error.which_account", "network", networkIn(err))
	case errors.Is(err, app.ErrAccountGone):
		return t.T("error.account_gone")
	case errors.Is(err, app.ErrCannotPublish):
		return t.T("error.cannot_publish")
	case errors.Is(err, app.ErrNoLongerScheduled):
		return t.T("error.no_longer_scheduled")
	case errors.Is(err, app.ErrTooLate):
		return t.T("error.too_late")
	case errors.Is(err, app.ErrAlreadySent):
		return t.T("error.already_sent")
	case errors.Is(err, app.ErrAlreadyConnected):
		return t.T("error.already_connected")
	case errors.Is(err, app.ErrUnknownZone):
		return t.T("error.unknown_zone")
	case errors.Is(err, app.ErrNotConnectable):
		return t.T("error.not_connectable")
	case errors.Is(err, app.ErrBadPLC):
		return t.T("error.bad_plc")
	case errors.Is(err, app.ErrBadServer):
		return t.T("error.bad_server")
	case errors.Is(err, app.ErrBadLatePolicy):
		return t.T("error.bad_late_policy")
	case errors.Is(err, app.ErrUnknownAccountNetwork):
		return t.T("error.unknown_account_network")
	case errors.Is(err, app.ErrDamaged):
		return t.damaged(err)
	case errors.Is(err, fs.ErrPermission):
		file := ""
		var pe *fs.PathError
		if errors.As(err, &pe) {
			file = pe.Path
		}
		return t.T("error.permission", "file", file)
	case errors.Is(err, app.ErrNotABackup):
		return t.T("error.not_a_backup")
	case errors.Is(err, app.ErrRestoreTarget):
		return t.T("error.restore_target")
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
	case errors.Is(err, app.ErrTooManyPixels):
		return t.T("error.too_many_pixels", "max", strconv.Itoa(app.MaxImagePixels/1_000_000), "side", t.Number(app.MaxImageSide))
	case errors.Is(err, app.ErrFileTooLarge):
		return t.T("error.file_too_large")
	case errors.Is(err, app.ErrQueueFull):
		return t.T("error.queue_full")
	case errors.Is(err, app.ErrBadRecurrence):
		return t.T("error.bad_recurrence")
	case errors.Is(err, app.ErrStatusReserved):
		return t.T("error.status_reserved")
	case errors.As(err, &dateRange):
		return t.T("error.date_out_of_range", "year", strconv.Itoa(dateRange.Date.Year()),
			"first", strconv.Itoa(dateRange.First), "last", strconv.Itoa(dateRange.Last))
	case errors.Is(err, app.ErrBadPeriod):
		return t.T("error.bad_period")
	case errors.Is(err, context.Canceled):
		return t.T("error.cancelled")
	}
	return t.T("error.generic", "detail", err.Error())
}

// netError says what a network's failure means for the user, with the
// server's own words when it refused something.
func (t *Translator) netError(e *app.NetError) string {
	network := e.Network.Name()
	if network == "" {
		network = t.T("error.net.the_server")
	}
	switch e.Kind {
	case app.FailOffline:
		return t.T("error.net.offline", "network", network)
	case app.FailServer:
		return t.T("error.net.server", "network", network)
	case app.FailRateLimited:
		wait := e.RetryAfter
		if wait <= 0 {
			wait = time.Minute
		}
		return t.T("error.net.rate_limited", "network", network, "wait", t.Duration(wait))
	case app.FailAuth:
		return t.T("error.net.reconnect", "network", network)
	case app.FailNotFound:
		return t.T("error.net.not_found", "network", network)
	}
	detail := e.Message
	switch {
	case detail != "":
	case e.Err != nil && e.Status == 0:
		// Refused before any request (an image Relais cannot send
		// there): the reason is ours, said in the user's words.
		detail = t.Error(e.Err)
	default:
		detail = "HTTP " + strconv.Itoa(e.Status)
	}
	return t.T("error.net.rejected", "network", network, "detail", detail)
}

// metaRefusal says a refusal of Meta's the user can act on (a missing
// permission, a Page without the role, an image Meta could not fetch),
// whatever the failure's kind; "" for any other error.
func (t *Translator) metaRefusal(err error) string {
	network := "Meta"
	if ne, ok := app.AsNetError(err); ok && ne.Network.Name() != "" {
		network = ne.Network.Name()
	}
	var perm *app.PermissionError
	switch {
	case errors.As(err, &perm) && len(perm.Permissions) > 0:
		return t.T("error.meta.permission", "network", network, "permission", strings.Join(perm.Permissions, ", "))
	case perm != nil:
		return t.T("error.meta.permission_unnamed", "network", network)
	case errors.Is(err, app.ErrPageRole):
		return t.T("error.meta.page_role", "network", network)
	case errors.Is(err, app.ErrMediaUnfetched):
		return t.T("error.meta.media_unfetched", "network", network)
	}
	return ""
}

// Duration writes a wait for the user: "45 s", "3 min", "2 h".
func (t *Translator) Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return t.T("duration.seconds", "n", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	case d < time.Hour:
		return t.T("duration.minutes", "n", strconv.Itoa(int((d+time.Minute-1)/time.Minute)))
	}
	return t.T("duration.hours", "n", strconv.Itoa(int((d+time.Hour-1)/time.Hour)))
}

// networkIn names the network a TargetError is about, "" for none.
func networkIn(err error) string {
	var te *app.TargetError
	if errors.As(err, &te) {
		return te.Network.Name()
	}
	return ""
}

// damaged says which data file is damaged, where it was set aside, and
// the latest backup.
func (t *Translator) damaged(err error) string {
	d, ok := app.AsDamaged(err)
	if !ok {
		return t.T("error.damaged_kept", "file", "relais.db")
	}
	if d.MovedTo == "" {
		return t.T("error.damaged_kept", "file", d.Path)
	}
	msg := t.T("error.damaged", "file", d.Path, "moved", filepath.Base(d.MovedTo))
	if d.Backup != "" {
		return msg + " " + t.T("error.damaged_backup", "backup", d.Backup)
	}
	return msg + " " + t.T("error.damaged_no_backup")
}
