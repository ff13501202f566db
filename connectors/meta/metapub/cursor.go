package metapub

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// Cursor is where a read of the inbox stands, for an API that lists by
// time to the second: the newest time read, and the IDs read at that
// second, so that nothing is read twice or missed. It writes as
// "unix:id,id".
type Cursor struct {
	At   time.Time
	Seen map[string]bool
}

// ParseCursor reads a cursor; "" is the zero cursor (nothing read yet).
func ParseCursor(s string) (Cursor, error) {
	c := Cursor{Seen: map[string]bool{}}
	if s == "" {
		return c, nil
	}
	t, ids, _ := strings.Cut(s, ":")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return Cursor{}, fmt.Errorf("%q is not a cursor of this connector", s)
	}
	for _, id := range strings.Split(ids, ",") {
		if id != "" {
			c.Seen[id] = true
		}
	}
	c.At = time.Unix(n, 0).UTC()
	return c, nil
}

// IsZero reports whether nothing was read yet.
func (c Cursor) IsZero() bool { return c.At.IsZero() }

// New reports whether an item at this time, with this ID, comes after
// the cursor.
func (c Cursor) New(id string, at time.Time) bool {
	return c.At.IsZero() || at.After(c.At) || at.Equal(c.At) && !c.Seen[id]
}

// Next is the cursor after items were read (sorted or not); a first read
// (the zero cursor) starts at now, to the second.
func (c Cursor) Next(items []app.Item, now time.Time) Cursor {
	next := Cursor{At: c.At, Seen: c.Seen}
	if c.IsZero() {
		next = Cursor{At: now.UTC().Truncate(time.Second), Seen: map[string]bool{}}
	}
	for _, it := range items {
		switch {
		case it.At.After(next.At):
			next = Cursor{At: it.At, Seen: map[string]bool{it.RemoteID: true}}
		case it.At.Equal(next.At):
			next.Seen[it.RemoteID] = true
		}
	}
	return next
}

func (c Cursor) String() string {
	list := make([]string, 0, len(c.Seen))
	for id := range c.Seen {
		list = append(list, id)
	}
	slices.SortFunc(list, CompareIDs)
	return strconv.FormatInt(c.At.Unix(), 10) + ":" + strings.Join(list, ",")
}

// CompareIDs orders Meta's numeric IDs by value, part by part for
// Graph's compound IDs ("123_456": a Page's post, a comment).
func CompareIDs(a, b string) int {
	pa, pb := strings.Split(a, "_"), strings.Split(b, "_")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if len(pa[i]) != len(pb[i]) {
			return len(pa[i]) - len(pb[i])
		}
		if d := strings.Compare(pa[i], pb[i]); d != 0 {
			return d
		}
	}
	return len(pa) - len(pb)
}

// SortItems puts items oldest first (by ID within a second) and drops
// one read twice.
func SortItems(items []app.Item) []app.Item {
	slices.SortStableFunc(items, func(a, b app.Item) int {
		if d := a.At.Compare(b.At); d != 0 {
			return d
		}
		return CompareIDs(a.RemoteID, b.RemoteID)
	})
	return slices.CompactFunc(items, func(a, b app.Item) bool { return a.RemoteID == b.RemoteID })
}
