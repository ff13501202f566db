package mastodon

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseFrame(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sseEvent
		ok   bool
	}{
		// GoToSocial's and Mastodon's: the payload a string of JSON.
		{`{"stream":["user"],"event":"notification","payload":"{\"id\":\"1\"}"}`, sseEvent{Type: "notification", Data: `{"id":"1"}`}, true},
		{`{"stream":["user"],"event":"delete","payload":"109"}`, sseEvent{Type: "delete", Data: "109"}, true},
		{`{"stream":["user:notification"],"event":"status.update","payload":"{}"}`, sseEvent{Type: "status.update", Data: "{}"}, true},
		// A payload sent as JSON itself, or none.
		{`{"event":"notification","payload":{"id":"1"}}`, sseEvent{Type: "notification", Data: `{"id":"1"}`}, true},
		{`{"event":"delete","payload":109}`, sseEvent{Type: "delete", Data: "109"}, true},
		{`{"stream":["user"],"event":"filters_changed"}`, sseEvent{Type: "filters_changed"}, true},
		{`{"event":"filters_changed","payload":null}`, sseEvent{Type: "filters_changed"}, true},
		// Not events.
		{``, sseEvent{}, false},
		{`not JSON`, sseEvent{}, false},
		{`[]`, sseEvent{}, false},
		{`{"stream":["user"],"payload":"{}"}`, sseEvent{}, false},
		{`{"event":["x"]}`, sseEvent{}, false},
		{`{"event":"notification","payload":"{\"id\":`, sseEvent{}, false},
	} {
		got, ok := parseFrame([]byte(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseFrame(%s) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestHTTPToken(t *testing.T) {
	for tok, want := range map[string]bool{
		"ZA2YJRABNmUvHLGpmUM-lEPlp0WwbAIyVSivK5cLjaQ":      true, // Mastodon's
		"NZQ3MDIXNJCTZJUWZS0ZMGRHLWE5ZTITNGQ5NJMWNDU2MJDM": true, // GoToSocial's
		"": false, "a b": false, "a,b": false, "é": false, "a\r\nX-Evil: 1": false, "tok=": false,
	} {
		if got := isHTTPToken(tok); got != want {
			t.Errorf("isHTTPToken(%q) = %v", tok, got)
		}
	}
}

// FuzzWSFrame checks that no message makes parseFrame panic, that what
// it reads has a name, and that an event written back as servers write
// it reads the same.
func FuzzWSFrame(f *testing.F) {
	for _, seed := range []string{
		`{"stream":["user"],"event":"notification","payload":"{\"id\":\"1\",\"type\":\"mention\"}"}`,
		`{"stream":["user"],"event":"delete","payload":"109"}`,
		`{"event":"notification","payload":{"id":"1"}}`,
		`{"event":"filters_changed"}`,
		`{"event":"x","payload":"\u0000\ud800"}`,
		`not JSON`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		ev, ok := parseFrame(in)
		if !ok {
			if ev != (sseEvent{}) {
				t.Fatalf("not an event, yet %+v", ev)
			}
			return
		}
		if ev.Type == "" {
			t.Fatalf("an event without a name from %q", in)
		}
		if !utf8.ValidString(ev.Type) {
			t.Fatalf("name %q is not UTF-8", ev.Type)
		}
		again, err := json.Marshal(map[string]any{"stream": []string{"user"}, "event": ev.Type, "payload": ev.Data})
		if err != nil {
			t.Fatal(err)
		}
		back, ok := parseFrame(again)
		// (Written back, invalid UTF-8 in the payload becomes U+FFFD.)
		if !ok || back.Type != ev.Type || back.Data != strings.ToValidUTF8(ev.Data, "\uFFFD") {
			t.Fatalf("%q read as %+v, written back as %s, read again as %+v, %v", in, ev, again, back, ok)
		}
	})
}
