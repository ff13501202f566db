package threads_test

import (
	"encoding/json"
	"strings"
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

func TestParseError(t *testing.T) {
	body := `{"error":{"message":"Error validating access token: Session has expired.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbC"}}`
	e, ok := threads.ParseError([]byte(body))
	if !ok || e.Code != 190 || e.Subcode != 463 || e.Type != "OAuthException" || e.FBTraceID != "AbC" {
		t.Errorf("ParseError = %+v, %v", e, ok)
	}
	if msg := threads.Message([]byte(body)); msg != "Error validating access token: Session has expired. (code 190, subcode 463)" {
		t.Errorf("Message = %q", msg)
	}
	for _, bad := range []string{"", "{", `{"error":"nope"}`, `<html>`, `{"error":{"code":"190"}}`, `{"data":[]}`} {
		if _, ok := threads.ParseError([]byte(bad)); ok {
			t.Errorf("ParseError(%q) took it", bad)
		}
	}
}

// FuzzParseError: any body gives an error object or none, never a panic,
// and Message stays within what it read.
func FuzzParseError(f *testing.F) {
	f.Add([]byte(`{"error":{"message":"Invalid parameter","type":"THApiException","code":100,"error_subcode":33,"fbtrace_id":"x"}}`))
	f.Add([]byte(`{"error":{"message":"Application request limit reached","code":4,"is_transient":true}}`))
	f.Add([]byte(`{"error":{"message":"cut`))
	f.Add([]byte(`{"error":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, ok := threads.ParseError(body)
		msg := threads.Message(body)
		if ok && e.Message != "" && e.UserMessage == "" && !strings.Contains(msg, strings.TrimSpace(e.Message)) {
			t.Errorf("Message %q lost the error's message %q", msg, e.Message)
		}
		if ok && !json.Valid(body) {
			t.Errorf("took an invalid JSON body %q", body)
		}
	})
}
