package mastodon

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// readEvents reads every event of a stream, and the error it ended with.
func readEvents(r io.Reader, max int) ([]sseEvent, error) {
	sr := newSSEReader(r, max)
	var out []sseEvent
	for {
		ev, err := sr.Next()
		if err != nil {
			return out, err
		}
		out = append(out, ev)
	}
}

func TestSSE(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []sseEvent
	}{
		{"mastodon", ":)\nevent: notification\ndata: {\"id\":\"1\"}\n\n:thump\nevent: delete\ndata: 42\n\n",
			[]sseEvent{{Type: "notification", Data: `{"id":"1"}`}, {Type: "delete", Data: "42"}}},
		{"crlf", "event: delete\r\ndata: 7\r\n\r\n", []sseEvent{{Type: "delete", Data: "7"}}},
		{"cr alone", "event: delete\rdata: 7\r\rdata: 8\r\r", []sseEvent{{Type: "delete", Data: "7"}, {Type: "message", Data: "8"}}},
		{"multi-line data", "data: a\ndata:b\ndata:  c\ndata\n\n", []sseEvent{{Type: "message", Data: "a\nb\n c\n"}}},
		{"no data, no event", "event: delete\n\ndata: x\n\n", []sseEvent{{Type: "message", Data: "x"}}},
		{"empty data dispatches", "event: ping\ndata:\n\n", []sseEvent{{Type: "ping", Data: ""}}},
		{"comments between lines", "event: e\n: hello\ndata: 1\n:thump\n\n", []sseEvent{{Type: "e", Data: "1"}}},
		{"unknown fields", "foo: bar\nevent: e\nretry: 1500\ndata: 1\n\n", []sseEvent{{Type: "e", Data: "1"}}},
		{"ids", "id: 5\ndata: a\n\ndata: b\n\nid: 6\x00\ndata: c\n\n", []sseEvent{{Type: "message", Data: "a", ID: "5"}, {Type: "message", Data: "b", ID: "5"}, {Type: "message", Data: "c", ID: "5"}}},
		{"byte order mark", "\uFEFFdata: x\n\n", []sseEvent{{Type: "message", Data: "x"}}},
		{"colon in value", "data: a: b\n\n", []sseEvent{{Type: "message", Data: "a: b"}}},
		{"last event unfinished", "data: done\n\ndata: cut", []sseEvent{{Type: "message", Data: "done"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readEvents(strings.NewReader(tc.in), 0)
			if !errors.Is(err, io.EOF) {
				t.Errorf("ended with %v, want io.EOF", err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("events %q, want %q", got, tc.want)
			}
			// The same, a byte at a time, as a slow server sends it.
			slow, _ := readEvents(iotest.OneByteReader(strings.NewReader(tc.in)), 0)
			if !slices.Equal(slow, tc.want) {
				t.Errorf("a byte at a time: %q, want %q", slow, tc.want)
			}
		})
	}
}

func TestSSERetry(t *testing.T) {
	r := newSSEReader(strings.NewReader("retry: 2500\nretry: x\ndata: 1\n\n"), 0)
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if r.retry != 2500*time.Millisecond {
		t.Errorf("retry = %v", r.retry)
	}
}

func TestSSEBounded(t *testing.T) {
	big := "data: " + strings.Repeat("x", 100) + "\n"
	if _, err := readEvents(strings.NewReader(big+big+"\n"), 150); !errors.Is(err, errEventTooLarge) {
		t.Errorf("an event over the limit: %v", err)
	}
	if _, err := readEvents(strings.NewReader(":"+strings.Repeat("x", 200)+"\n"), 150); !errors.Is(err, errEventTooLarge) {
		t.Errorf("a comment line over the limit: %v", err)
	}
	// Events under the limit, one after another, add up to more.
	got, err := readEvents(strings.NewReader(strings.Repeat(big+"\n", 10)), 150)
	if len(got) != 10 || !errors.Is(err, io.EOF) {
		t.Errorf("%d events, %v; want 10", len(got), err)
	}
}

// encodeSSE writes events as a server would.
func encodeSSE(events []sseEvent) string {
	var b strings.Builder
	for _, ev := range events {
		b.WriteString("event: " + ev.Type + "\n")
		for line := range strings.SplitSeq(ev.Data, "\n") {
			b.WriteString("data: " + line + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// FuzzSSE checks that any stream reads without a panic, within the size
// limit, the same whether it comes at once or a byte at a time, and that
// the events read, written again, read the same.
func FuzzSSE(f *testing.F) {
	for _, seed := range []string{
		":)\nevent: notification\ndata: {\"id\":\"1\"}\n\n:thump\n",
		"event: delete\r\ndata: 7\r\n\r\n",
		"event: a\rdata: 1\r\r\n\ndata: 2\n\n",
		"data: a\ndata:b\ndata\n\n",
		"\uFEFFid: 1\x00\nretry: 10\ndata: x\n\n",
	} {
		f.Add([]byte(seed))
	}
	const limit = 1 << 10
	f.Fuzz(func(t *testing.T, in []byte) {
		fast, ferr := readEvents(strings.NewReader(string(in)), limit)
		slow, serr := readEvents(iotest.OneByteReader(strings.NewReader(string(in))), limit)
		if !slices.Equal(fast, slow) || !errors.Is(ferr, serr) {
			t.Fatalf("at once: %q, %v; a byte at a time: %q, %v", fast, ferr, slow, serr)
		}
		if ferr != io.EOF && !errors.Is(ferr, errEventTooLarge) {
			t.Fatalf("ended with %v", ferr)
		}
		for _, ev := range fast {
			if len(ev.Data)+len(ev.Type) > limit {
				t.Fatalf("an event of %d bytes went past the limit", len(ev.Data)+len(ev.Type))
			}
			if ev.Type == "" || strings.ContainsAny(ev.Type, "\r\n") || strings.ContainsRune(ev.Data, '\r') {
				t.Fatalf("event %q", ev)
			}
		}
		// Written again (without IDs), the events read the same.
		var typed []sseEvent
		for _, ev := range fast {
			typed = append(typed, sseEvent{Type: ev.Type, Data: ev.Data})
		}
		again, err := readEvents(strings.NewReader(encodeSSE(typed)), 0)
		if !errors.Is(err, io.EOF) || !slices.Equal(again, typed) {
			t.Fatalf("written again and read: %q, %v; want %q", again, err, typed)
		}
	})
}
