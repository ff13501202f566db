package desktop

import (
	"errors"
	"testing"
)

func TestEscapeMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":             "plain text",
		"<b>bold</b>":            "&lt;b&gt;bold&lt;/b&gt;",
		"Tom &amp; Jerry":        "Tom &amp;amp; Jerry",
		`"quotes" 'stay'`:        `"quotes" 'stay'`,
		"a & b <i> c > d":        "a &amp; b &lt;i&gt; c &gt; d",
		"émoji 🎉 & accents":      "émoji 🎉 &amp; accents",
		"line\nbreaks\tand tabs": "line\nbreaks\tand tabs",
	} {
		if got := escapeMarkup(in); got != want {
			t.Errorf("escapeMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"ok":        "ok",
		"a\x00b":    "ab",
		"c\xffd":    "c\uFFFDd",
		"\xe2\x82":  "\uFFFD",
		"<b>&</b>":  "<b>&</b>",
		"ünïcödé 🎉": "ünïcödé 🎉",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIsBeepError pins the error texts of beeep v0.11.3 that Send tells
// apart: those of Beep (the notification was shown) and those of the
// notification part of Alert.
func TestIsBeepError(t *testing.T) {
	for msg, want := range map[string]bool{
		"beeep: error writing to stdout: write /dev/stdout: file already closed":                   true,
		"beeep: error writing to pcspkr: write /dev/input/by-path/platform-pcspkr-event-spkr: bad": true,
		"beeep: dbus: The name is not activatable; notify-send: not found; kdialog: not found":     false,
		"unsupported argument: <nil>": false,
	} {
		if got := isBeepError(errors.New(msg)); got != want {
			t.Errorf("isBeepError(%q) = %v, want %v", msg, got, want)
		}
	}
	if isBeepError(nil) {
		t.Errorf("isBeepError(nil) = true")
	}
}
