package threads_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/threads"
)

func TestParseTime(t *testing.T) {
	cases := map[string]time.Time{
		"2026-12-01T09:30:00+0000":  time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		"2026-12-01T10:30:00+0100":  time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		"2026-12-01T09:30:00Z":      time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		"2026-12-01T04:00:00-0530":  time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		" 2026-12-01T09:30:00+0000": time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
	}
	for in, want := range cases {
		got, err := threads.ParseTime(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026-12-01", "2026-12-01T09:30:00+00", "2026-13-01T09:30:00+0000", "1764581400"} {
		if _, err := threads.ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) took it", bad)
		}
	}
}

// FuzzParseTime: any input gives a time or an error, never a panic; a
// time read writes back, in Meta's layout, to the same instant.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-12-01T09:30:00+0000", "2026-12-01T09:30:00Z", "2026-12-01T09:30:00.123+0000", "9999-12-31T23:59:59-2359", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := threads.ParseTime(s)
		if err != nil {
			return
		}
		back, err := threads.ParseTime(got.Format("2006-01-02T15:04:05.999999999-0700"))
		if err == nil && !back.Equal(got) {
			t.Errorf("%q: %v, then %v", s, got, back)
		}
	})
}
