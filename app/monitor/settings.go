package monitor

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// settingRetention is the setting of how many days items are kept.
const settingRetention = "monitor.retention_days"

// Bounds of the retention, in days.
const (
	MinRetentionDays = 7
	MaxRetentionDays = 3650
)

// Retention returns how long items are kept: the setting, else
// DefaultRetention.
func Retention(ctx context.Context, store app.SettingsStore) (time.Duration, error) {
	v, err := store.Setting(ctx, settingRetention)
	if err != nil {
		return 0, fmt.Errorf("reading how long the veille keeps items: %w", err)
	}
	days, err := strconv.Atoi(strings.TrimSpace(v))
	if v == "" || err != nil || days < MinRetentionDays || days > MaxRetentionDays {
		return DefaultRetention, nil
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// SetRetention stores how many days items are kept, within the bounds.
func SetRetention(ctx context.Context, store app.SettingsStore, days int) error {
	days = min(max(days, MinRetentionDays), MaxRetentionDays)
	if err := store.SetSetting(ctx, settingRetention, strconv.Itoa(days)); err != nil {
		return fmt.Errorf("saving how long the veille keeps items: %w", err)
	}
	return nil
}

// UseSettings has the service read its retention from the settings at
// each purge.
func (s *Service) UseSettings(store app.SettingsStore) { s.settings = store }
