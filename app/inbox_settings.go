package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// InboxSettings are the user's choices for syncing and notifications.
type InboxSettings struct {
	// SyncEvery is how often every account is read; streaming accounts
	// hear of mentions at once as well.
	SyncEvery time.Duration
	// Paused stops desktop notifications until the user resumes them;
	// what arrives meanwhile is not told afterwards.
	Paused bool
	// Quiet are hours without notifications; what arrives then is told
	// in one notification when they end.
	Quiet QuietHours
}

// The bounds of InboxSettings.SyncEvery.
const (
	DefaultSyncEvery = 5 * time.Minute
	MinSyncEvery     = time.Minute
	MaxSyncEvery     = 24 * time.Hour
)

// QuietHours is a daily span without notifications, in the user's time
// zone, such as 22:00 to 08:00. From equal to To is no quiet hours.
type QuietHours struct {
	// From and To are minutes after midnight.
	From, To int
}

// On reports whether there are quiet hours.
func (q QuietHours) On() bool { return q.From != q.To }

// Contains reports whether t falls in the quiet hours, in t's location.
func (q QuietHours) Contains(t time.Time) bool {
	if !q.On() {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	if q.From < q.To {
		return q.From <= m && m < q.To
	}
	return m >= q.From || m < q.To // across midnight
}

// End returns when the quiet hours that contain t end; t itself when t is
// not in them.
func (q QuietHours) End(t time.Time) time.Time {
	if !q.Contains(t) {
		return t
	}
	y, mo, d := t.Date()
	end := time.Date(y, mo, d, q.To/60, q.To%60, 0, 0, t.Location())
	if !end.After(t) {
		end = time.Date(y, mo, d+1, q.To/60, q.To%60, 0, 0, t.Location())
	}
	return end
}

// String writes the quiet hours as "22:00-08:00", "" when off.
func (q QuietHours) String() string {
	if !q.On() {
		return ""
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.From/60, q.From%60, q.To/60, q.To%60)
}

// ParseQuietHours reads "22:00-08:00" (or "22h-8h"); "" is no quiet hours.
func ParseQuietHours(s string) (QuietHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return QuietHours{}, nil
	}
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return QuietHours{}, fmt.Errorf("%q: %w", s, ErrBadQuietHours)
	}
	f, err1 := parseTimeOfDay(from)
	t, err2 := parseTimeOfDay(to)
	if err1 != nil || err2 != nil {
		return QuietHours{}, fmt.Errorf("%q: %w", s, ErrBadQuietHours)
	}
	return QuietHours{From: f, To: t}, nil
}

// parseTimeOfDay reads "8", "08:30", "8h30" or "22h" as minutes after
// midnight.
func parseTimeOfDay(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	h, m, _ := strings.Cut(strings.Replace(s, "h", ":", 1), ":")
	hour, err := strconv.Atoi(h)
	if err != nil || hour < 0 || hour > 23 {
		return 0, ErrBadQuietHours
	}
	min := 0
	if m != "" {
		if min, err = strconv.Atoi(m); err != nil || min < 0 || min > 59 || len(m) != 2 {
			return 0, ErrBadQuietHours
		}
	}
	return hour*60 + min, nil
}

const (
	settingInbox       = "inbox"
	settingCloseToTray = "window.close_to_tray"
	settingTrayTold    = "window.tray_told"
)

// inboxSettingsRecord is how InboxSettings are stored.
type inboxSettingsRecord struct {
	SyncSeconds int    `json:"sync_seconds,omitempty"`
	Paused      bool   `json:"paused,omitempty"`
	Quiet       string `json:"quiet,omitempty"`
}

// Inbox returns the inbox settings, with defaults for what was never set.
func (s Settings) Inbox(ctx context.Context) (InboxSettings, error) {
	v, err := s.store.Setting(ctx, settingInbox)
	if err != nil {
		return InboxSettings{}, fmt.Errorf("reading the inbox settings: %w", err)
	}
	out := InboxSettings{SyncEvery: DefaultSyncEvery}
	var rec inboxSettingsRecord
	if v == "" || json.Unmarshal([]byte(v), &rec) != nil {
		return out, nil
	}
	if every := time.Duration(rec.SyncSeconds) * time.Second; every >= MinSyncEvery && every <= MaxSyncEvery {
		out.SyncEvery = every
	}
	out.Paused = rec.Paused
	out.Quiet, _ = ParseQuietHours(rec.Quiet)
	return out, nil
}

// SetInbox stores the inbox settings. The sync interval is kept between
// MinSyncEvery and MaxSyncEvery.
func (s Settings) SetInbox(ctx context.Context, in InboxSettings) error {
	every := min(max(in.SyncEvery, MinSyncEvery), MaxSyncEvery)
	b, err := json.Marshal(inboxSettingsRecord{SyncSeconds: int(every / time.Second), Paused: in.Paused, Quiet: in.Quiet.String()})
	if err != nil {
		return fmt.Errorf("saving the inbox settings: %w", err)
	}
	if err := s.store.SetSetting(ctx, settingInbox, string(b)); err != nil {
		return fmt.Errorf("saving the inbox settings: %w", err)
	}
	return nil
}

// CloseToTray reports whether closing the window keeps Relais running in
// the system tray (the default) rather than quitting.
func (s Settings) CloseToTray(ctx context.Context) (bool, error) {
	v, err := s.store.Setting(ctx, settingCloseToTray)
	if err != nil {
		return true, fmt.Errorf("reading the window settings: %w", err)
	}
	return v != "quit", nil
}

// SetCloseToTray stores what closing the window does.
func (s Settings) SetCloseToTray(ctx context.Context, tray bool) error {
	v := ""
	if !tray {
		v = "quit"
	}
	if err := s.store.SetSetting(ctx, settingCloseToTray, v); err != nil {
		return fmt.Errorf("saving the window settings: %w", err)
	}
	return nil
}

// TrayTold reports whether the user was already told, once, that closing
// the window keeps Relais in the tray.
func (s Settings) TrayTold(ctx context.Context) bool {
	v, err := s.store.Setting(ctx, settingTrayTold)
	return err == nil && v != ""
}

// SetTrayTold notes that the user was told.
func (s Settings) SetTrayTold(ctx context.Context) error {
	return s.store.SetSetting(ctx, settingTrayTold, "yes")
}
