package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewIDSortsByTime(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Out of order on purpose, from 1970 to far ahead, 1 ms apart at least.
	times := []time.Time{
		t0.Add(time.Millisecond),
		time.Unix(0, 0),
		t0.AddDate(200, 0, 0),
		t0,
		t0.Add(-time.Millisecond),
		t0.Add(24 * time.Hour),
		time.Date(2026, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)), // = t0
		t0.Add(2 * time.Millisecond),
	}
	type stamped struct {
		at time.Time
		id ID
	}
	var all []stamped
	for _, at := range times {
		all = append(all, stamped{at, NewID(at)})
	}
	slices.SortStableFunc(all, func(a, b stamped) int { return a.at.Compare(b.at) })
	for i := 1; i < len(all); i++ {
		prev, cur := all[i-1], all[i]
		if prev.at.Equal(cur.at) {
			continue // same millisecond: the random half decides
		}
		if bytes.Compare(prev.id[:], cur.id[:]) >= 0 {
			t.Errorf("ID of %v (%x) does not sort before ID of %v (%x)", prev.at, prev.id, cur.at, cur.id)
		}
		if prev.id.String() >= cur.id.String() {
			t.Errorf("text of ID of %v (%s) does not sort before that of %v (%s)", prev.at, prev.id, cur.at, cur.id)
		}
	}
}

func TestNewIDIsUniqueWithinAMillisecond(t *testing.T) {
	at := time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC)
	seen := make(map[ID]bool)
	for i := 0; i < 1000; i++ {
		id := NewID(at)
		if seen[id] {
			t.Fatalf("NewID gave %s twice", id)
		}
		seen[id] = true
		if id.IsZero() {
			t.Fatal("NewID gave the zero ID")
		}
	}
}

func TestIDStringRoundTrip(t *testing.T) {
	ids := []ID{
		{},
		NewID(time.Unix(0, 0)),
		NewID(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)),
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	}
	for _, id := range ids {
		s := id.String()
		if len(s) != 26 || strings.ToLower(s) != s {
			t.Errorf("%x: text %q is not 26 lower-case characters", id[:], s)
		}
		// As typed back: the same, in capitals, or with spaces around.
		for _, typed := range []string{s, strings.ToUpper(s), "  " + s + "\n"} {
			got, err := ParseID(typed)
			if err != nil || got != id {
				t.Errorf("ParseID(%q) = %s, %v; want %s", typed, got, err, id)
			}
		}
	}
}

func TestParseIDRejectsJunk(t *testing.T) {
	valid := NewID(time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)).String()
	cases := []struct{ name, text string }{
		{"empty", ""},
		{"blank", "   "},
		{"too short", valid[:25]},
		{"too long", valid + "0"},
		{"far too long", valid + valid},
		{"letter i, not in the alphabet", "i" + valid[1:]},
		{"letter l", "l" + valid[1:]},
		{"letter o", "o" + valid[1:]},
		{"letter u", "u" + valid[1:]},
		{"punctuation", "!!!!!!!!!!!!!!!!!!!!!!!!!!"},
		{"a dash inside", valid[:13] + "-" + valid[14:]},
		{"a space inside", valid[:13] + " " + valid[14:]},
		{"padding", valid[:24] + "=="},
		{"accented", "é" + valid[2:]},
		{"hex of the bytes", "0123456789abcdef0123456789abcdef"},
	}
	for _, c := range cases {
		id, err := ParseID(c.text)
		if !errors.Is(err, ErrBadID) {
			t.Errorf("%s: ParseID(%q) = %s, %v; want ErrBadID", c.name, c.text, id, err)
		}
		if !id.IsZero() {
			t.Errorf("%s: ParseID(%q) failed but returned %s", c.name, c.text, id)
		}
	}
}

func TestIDTextMarshaling(t *testing.T) {
	id := NewID(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	text, err := id.MarshalText()
	if err != nil || string(text) != id.String() {
		t.Fatalf("MarshalText = %q, %v; want %q", text, err, id.String())
	}
	var back ID
	if err := back.UnmarshalText(text); err != nil || back != id {
		t.Errorf("UnmarshalText(%q) = %s, %v", text, back, err)
	}

	// A failed UnmarshalText leaves the ID as it was.
	kept := id
	if err := kept.UnmarshalText([]byte("not an id")); !errors.Is(err, ErrBadID) {
		t.Errorf("UnmarshalText of junk: %v", err)
	}
	if kept != id {
		t.Errorf("a failed UnmarshalText changed the ID to %s", kept)
	}

	// JSON uses the text form, as a value and as a map key.
	type doc struct {
		ID   ID          `json:"id"`
		ByID map[ID]bool `json:"by_id"`
	}
	b, err := json.Marshal(doc{ID: id, ByID: map[ID]bool{id: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"` + id.String() + `","by_id":{"` + id.String() + `":true}}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var got doc
	if err := json.Unmarshal(b, &got); err != nil || got.ID != id || !got.ByID[id] {
		t.Errorf("JSON round trip = %+v, %v", got, err)
	}
	if err := json.Unmarshal([]byte(`{"id":"nope"}`), &got); !errors.Is(err, ErrBadID) {
		t.Errorf("JSON with a bad ID: %v", err)
	}
}

func TestIDIsZero(t *testing.T) {
	if !(ID{}).IsZero() {
		t.Error("the zero ID is not zero")
	}
	if NewID(time.Unix(0, 0)).IsZero() {
		t.Error("a new ID is zero") // the random half makes it non-zero
	}
}
