package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor/spike"
)

// SpikeWindow is how far back a watch's hourly series goes when its
// spikes are looked for: two weeks of baseline.
const SpikeWindow = 14 * 24 * time.Hour

// HourCounter counts a watch's items per hour (storage does, from its
// time index alone, without reading the items).
type HourCounter interface {
	// HourlyCounts returns the hours of [from, to) that have items,
	// oldest first, each with its count and how many are negative.
	HourlyCounts(ctx context.Context, watch app.ID, from, to time.Time) ([]spike.Hour, error)
}

// Settings of the alerts.
const (
	// settingSpikesTold is, per watch, the hour of the last spike told.
	settingSpikesTold = "monitor.spikes_told"
	// settingSpikesQuiet is "on" when spikes are told during quiet hours.
	settingSpikesQuiet = "monitor.spikes_break_quiet"
)

// alerts is what the service needs to tell of spikes.
type alerts struct {
	mu       sync.Mutex // one look at a time: a spike is told once
	notifier app.Notifier
	zone     *time.Location
	// told is kept here when the service has no settings store.
	told map[app.ID]time.Time
}

// UseNotifier has the service tell, through n, of each new spike of a
// watch that notifies; zone is the user's, for quiet hours and the hours
// of day of the baseline. Without it (the command line) nothing is told,
// and nothing is noted as told.
func (s *Service) UseNotifier(n app.Notifier, zone *time.Location) {
	s.alerts.notifier = n
	s.alerts.zone = zone
}

func (s *Service) zone() *time.Location {
	if s.alerts.zone == nil {
		return time.UTC
	}
	return s.alerts.zone
}

// SpikesBreakQuiet reports whether spikes are told during the inbox's
// quiet hours.
func SpikesBreakQuiet(ctx context.Context, store app.SettingsStore) (bool, error) {
	v, err := store.Setting(ctx, settingSpikesQuiet)
	if err != nil {
		return false, fmt.Errorf("reading whether bad buzz alerts break quiet hours: %w", err)
	}
	return v == "on", nil
}

// SetSpikesBreakQuiet stores whether spikes are told during quiet hours.
func SetSpikesBreakQuiet(ctx context.Context, store app.SettingsStore, on bool) error {
	v := ""
	if on {
		v = "on"
	}
	if err := store.SetSetting(ctx, settingSpikesQuiet, v); err != nil {
		return fmt.Errorf("saving whether bad buzz alerts break quiet hours: %w", err)
	}
	return nil
}

// Series returns a watch's items per hour over [from, to), oldest first,
// each hour in the user's zone; hours without items are left out.
func (s *Service) Series(ctx context.Context, watch app.ID, from, to time.Time) ([]spike.Hour, error) {
	var hours []spike.Hour
	if hc, ok := s.store.(HourCounter); ok {
		var err error
		if hours, err = hc.HourlyCounts(ctx, watch, from, to); err != nil {
			return nil, err
		}
	} else {
		byHour := map[time.Time]*spike.Hour{}
		err := s.store.Items(ctx, Filter{Watch: watch, From: from, To: to}, func(it Item) bool {
			h := it.At().UTC().Truncate(time.Hour)
			if byHour[h] == nil {
				byHour[h] = &spike.Hour{Start: h}
			}
			byHour[h].Count++
			if it.Sentiment == SentimentNegative {
				byHour[h].Negative++
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		for _, h := range byHour {
			hours = append(hours, *h)
		}
		slices.SortFunc(hours, func(a, b spike.Hour) int { return a.Start.Compare(b.Start) })
	}
	zone := s.zone()
	for i := range hours {
		hours[i].Start = hours[i].Start.In(zone)
	}
	return hours, nil
}

// WatchSpike is a spike of one watch.
type WatchSpike struct {
	Watch Watch
	spike.Spike
}

// Spikes returns the spikes of a watch (of every watch when id is zero)
// over the last SpikeWindow, oldest first.
func (s *Service) Spikes(ctx context.Context, id app.ID) ([]WatchSpike, error) {
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return nil, err
	}
	var out []WatchSpike
	found := false
	for _, w := range watches {
		if !id.IsZero() && w.ID != id {
			continue
		}
		found = true
		list, err := s.watchSpikes(ctx, w)
		if err != nil {
			return nil, err
		}
		for _, sp := range list {
			out = append(out, WatchSpike{Watch: w, Spike: sp})
		}
	}
	if !id.IsZero() && !found {
		return nil, fmt.Errorf("watch %s: %w", id, app.ErrNotFound)
	}
	slices.SortStableFunc(out, func(a, b WatchSpike) int { return a.Hour.Start.Compare(b.Hour.Start) })
	return out, nil
}

func (s *Service) watchSpikes(ctx context.Context, w Watch) ([]spike.Spike, error) {
	now := s.clock.Now()
	end := now.UTC().Truncate(time.Hour).Add(time.Hour) // the current hour included
	hours, err := s.Series(ctx, w.ID, end.Add(-SpikeWindow), end)
	if err != nil {
		return nil, fmt.Errorf("the hourly volume of watch %q: %w", w.Name, err)
	}
	return spike.Detect(hours, spike.Options{}), nil
}

// alertSpikes tells, in one urgent notification, of each watch that
// notifies whose last complete or current hour is a new spike: a burst
// (spike hours in a row, over as many passes as it lasts) is told once,
// even after a restart. During the inbox's quiet hours nothing is told
// unless the user let spikes break through; a spike still recent when
// they end is told then. While notifications are paused, spikes are
// noted as told and not told.
func (s *Service) alertSpikes(ctx context.Context) error {
	if s.alerts.notifier == nil {
		return nil
	}
	s.alerts.mu.Lock()
	defer s.alerts.mu.Unlock()
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return err
	}
	told, err := s.spikesTold(ctx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	current := now.UTC().Truncate(time.Hour)
	var fresh []app.SpikeAlert
	for _, w := range watches {
		if !w.Notify {
			continue
		}
		list, err := s.watchSpikes(ctx, w)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			continue
		}
		last := list[len(list)-1]
		start := last.Hour.Start.UTC()
		if start.Before(current.Add(-time.Hour)) {
			continue // over: not news any more
		}
		// The burst began at the first of the spike hours in a row.
		burst := start
		for i := len(list) - 2; i >= 0 && list[i].Hour.Start.UTC().Equal(burst.Add(-time.Hour)); i-- {
			burst = list[i].Hour.Start.UTC()
		}
		if t, ok := told[w.ID]; ok && !t.Before(burst) {
			continue // told already
		}
		fresh = append(fresh, app.SpikeAlert{WatchID: w.ID, Watch: w.Name, Hour: last.Hour.Start, Count: last.Hour.Count,
			Negative: last.Hour.Negative, Percent: last.Percent(), Expected: last.Expected,
			Volume: last.Reason.Has(spike.Volume), NegativeShare: last.Reason.Has(spike.NegativeShare)})
	}
	if len(fresh) == 0 {
		return nil
	}
	paused, quiet := false, false
	if s.settings != nil {
		in, err := app.NewSettings(s.settings).Inbox(ctx)
		if err != nil {
			return err
		}
		breaks, err := SpikesBreakQuiet(ctx, s.settings)
		if err != nil {
			return err
		}
		paused = in.Paused
		quiet = !breaks && in.Quiet.Contains(now.In(s.zone()))
	}
	if quiet && !paused {
		return nil // told when the quiet hours end, if still recent
	}
	for _, a := range fresh {
		told[a.WatchID] = a.Hour.UTC()
	}
	if err := s.setSpikesTold(ctx, told); err != nil {
		return err // not noted: told next time rather than twice
	}
	if paused {
		return nil
	}
	s.alerts.notifier.Notify(app.Notice{Kind: app.NoticeSpike, Spikes: fresh, Urgent: true})
	return nil
}

// spikesTold reads, per watch, the hour of the last spike told.
func (s *Service) spikesTold(ctx context.Context) (map[app.ID]time.Time, error) {
	if s.settings == nil {
		if s.alerts.told == nil {
			s.alerts.told = map[app.ID]time.Time{}
		}
		return s.alerts.told, nil
	}
	v, err := s.settings.Setting(ctx, settingSpikesTold)
	if err != nil {
		return nil, fmt.Errorf("reading the bad buzz alerts already given: %w", err)
	}
	told := map[app.ID]time.Time{}
	if v != "" {
		var rec map[string]time.Time
		if json.Unmarshal([]byte(v), &rec) == nil {
			for k, t := range rec {
				if id, err := app.ParseID(k); err == nil {
					told[id] = t
				}
			}
		}
	}
	return told, nil
}

// setSpikesTold stores what spikesTold reads, forgetting what is older
// than the window (no spike is looked for there).
func (s *Service) setSpikesTold(ctx context.Context, told map[app.ID]time.Time) error {
	limit := s.clock.Now().Add(-SpikeWindow)
	for id, t := range told {
		if t.Before(limit) {
			delete(told, id)
		}
	}
	if s.settings == nil {
		s.alerts.told = told
		return nil
	}
	rec := make(map[string]time.Time, len(told))
	for id, t := range told {
		rec[id.String()] = t
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := s.settings.SetSetting(ctx, settingSpikesTold, string(b)); err != nil {
		return fmt.Errorf("noting the bad buzz alerts given: %w", err)
	}
	return nil
}

// ErrNoSettings: the service was given no settings store (UseSettings).
var ErrNoSettings = errors.New("the veille's settings are not available in this process")

// AlertsBreakQuiet reports whether spikes are told during quiet hours, as
// the settings given by UseSettings say.
func (s *Service) AlertsBreakQuiet(ctx context.Context) (bool, error) {
	if s.settings == nil {
		return false, ErrNoSettings
	}
	return SpikesBreakQuiet(ctx, s.settings)
}

// SetAlertsBreakQuiet stores whether spikes are told during quiet hours.
func (s *Service) SetAlertsBreakQuiet(ctx context.Context, on bool) error {
	if s.settings == nil {
		return ErrNoSettings
	}
	return SetSpikesBreakQuiet(ctx, s.settings, on)
}
