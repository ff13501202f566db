package app

import "time"

// NoticeSpike: a watch of the veille has far more items than usual in
// the last hour, or a far larger share of negative ones (a bad buzz).
// Notice.Spikes says which; the notice is urgent.
const NoticeSpike NoticeKind = "monitor_spike"

// SpikeAlert is, for NoticeSpike, one watch's hour far above its
// baseline, with the figures the notification says ("46 mentions of
// Maison Lumen in the last hour, 70 % negative"); the interface words it.
type SpikeAlert struct {
	WatchID ID
	Watch   string // the watch's name
	// Hour is the hour's first instant.
	Hour time.Time
	// Count is the items of the hour, Negative how many are negative,
	// Percent their share in whole percent.
	Count, Negative, Percent int
	// Expected is how many items the watch's baseline expected.
	Expected float64
	// Volume and NegativeShare say why it is a spike (one or both).
	Volume, NegativeShare bool
}
