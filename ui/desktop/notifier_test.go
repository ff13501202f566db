package desktop_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/relais-app/relais/ui/desktop"
	"github.com/relais-app/relais/ui/desktop/notifytest"
)

// The tests share the fake server's bus name, so none runs in parallel.
// Run them under a bus of their own:
//
//	dbus-run-session -- env RELAIS_REQUIRE_DBUS=1 go test ./ui/desktop/...

const wait = 10 * time.Second

func TestSendNormal(t *testing.T) {
	srv := notifytest.Start(t)
	d := desktop.New("Relais", nil)
	n := desktop.Notification{Title: "Reply from Ana", Body: "<b>bold</b> & &amp; <a href=\"x\">link</a>"}
	if err := d.Send(n); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Wait(t, 1, wait)[0]
	if got.AppName != "Relais" {
		t.Errorf("app name = %q, want Relais", got.AppName)
	}
	if got.Summary != n.Title {
		t.Errorf("summary = %q, want %q", got.Summary, n.Title)
	}
	want := "&lt;b&gt;bold&lt;/b&gt; &amp; &amp;amp; &lt;a href=\"x\"&gt;link&lt;/a&gt;"
	if got.Body != want {
		t.Errorf("body = %q, want %q", got.Body, want)
	}
	if got.Urgency != 1 {
		t.Errorf("urgency = %d, want 1 (normal)", got.Urgency)
	}
	if _, ok := got.Hints["sound-name"]; ok {
		t.Errorf("normal notification has a sound hint: %v", got.Hints)
	}
	if _, ok := got.Hints["image-data"]; ok {
		t.Errorf("notification without icon has image data")
	}
}

func TestSendUrgent(t *testing.T) {
	srv := notifytest.Start(t)
	d := desktop.New("Relais", nil)
	n := desktop.Notification{Title: "Post failed", Body: "a < b > c", Urgent: true}
	if err := d.Send(n); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Wait(t, 1, wait)[0]
	if got.AppName != "Relais" || got.Summary != n.Title || got.Body != "a &lt; b &gt; c" {
		t.Errorf("received %q %q %q, want Relais %q %q", got.AppName, got.Summary, got.Body, n.Title, "a &lt; b &gt; c")
	}
	if got.Urgency != 2 {
		t.Errorf("urgency = %d, want 2 (critical)", got.Urgency)
	}
	if v, ok := got.Hints["sound-name"]; !ok || v.Value() != "bell" {
		t.Errorf("sound hint = %v, want bell", v)
	}
}

// TestSendUrgentBeepFails checks that a notification shown is not a
// failure when beeep's beep fails: without a PC speaker, beeep writes a
// BEL to standard output, closed here.
func TestSendUrgentBeepFails(t *testing.T) {
	srv := notifytest.Start(t)
	if f, err := os.OpenFile("/dev/input/by-path/platform-pcspkr-event-spkr", os.O_WRONLY, 0); err == nil {
		f.Close()
		t.Skip("this machine has a usable PC speaker: beeep would not write to standard output")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	w.Close()
	stdout := os.Stdout
	os.Stdout = w
	t.Cleanup(func() { os.Stdout = stdout })

	d := desktop.New("Relais", nil)
	if err := d.Send(desktop.Notification{Title: "Risk", Body: "body", Urgent: true}); err != nil {
		t.Fatalf("Send with a failing beep: %v", err)
	}
	if got := srv.Wait(t, 1, wait)[0]; got.Urgency != 2 {
		t.Errorf("urgency = %d, want 2", got.Urgency)
	}
}

func TestSendIcon(t *testing.T) {
	srv := notifytest.Start(t)
	var icon bytes.Buffer
	if err := png.Encode(&icon, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	if err := desktop.New("Relais", icon.Bytes()).Send(desktop.Notification{Title: "With icon"}); err != nil {
		t.Fatalf("Send with icon: %v", err)
	}
	// Not a PNG: left out, rather than failing every Send.
	if err := desktop.New("Relais", []byte("not a png")).Send(desktop.Notification{Title: "Bad icon"}); err != nil {
		t.Fatalf("Send with a bad icon: %v", err)
	}
	// The 512-pixel app icon goes at 96 pixels, not a megabyte a time.
	var big bytes.Buffer
	if err := png.Encode(&big, image.NewRGBA(image.Rect(0, 0, 512, 256))); err != nil {
		t.Fatal(err)
	}
	if err := desktop.New("Relais", big.Bytes()).Send(desktop.Notification{Title: "Big icon"}); err != nil {
		t.Fatalf("Send with a big icon: %v", err)
	}
	got := srv.Wait(t, 3, wait)
	if _, ok := got[0].Hints["image-data"]; !ok {
		t.Errorf("no image data with a PNG icon: %v", got[0].Hints)
	}
	if w, h := imageDataSize(t, got[2].Hints); w != 96 || h != 48 {
		t.Errorf("the big icon went at %d×%d, want 96×48", w, h)
	}
	if _, ok := got[1].Hints["image-data"]; ok || got[1].Icon != "" {
		t.Errorf("bad icon sent: icon %q, hints %v", got[1].Icon, got[1].Hints)
	}
}

// TestSendNotText checks that text D-Bus cannot carry (invalid UTF-8, NUL)
// is mended rather than making Send fail.
func TestSendNotText(t *testing.T) {
	srv := notifytest.Start(t)
	err := desktop.New("Relais", nil).Send(desktop.Notification{Title: "a\x00b", Body: "c\xffd"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Wait(t, 1, wait)[0]
	if got.Summary != "ab" || got.Body != "c\uFFFDd" {
		t.Errorf("received %q %q, want %q %q", got.Summary, got.Body, "ab", "c\uFFFDd")
	}
}

func TestSendNoService(t *testing.T) {
	srv := notifytest.Start(t)
	srv.Release(t)
	// beeep falls back to notify-send and kdialog: make sure neither is
	// found, whether or not this machine has them.
	t.Setenv("PATH", "")
	d := desktop.New("Relais", nil)
	for _, urgent := range []bool{false, true} {
		done := make(chan error, 1)
		go func() { done <- d.Send(desktop.Notification{Title: "Nobody", Body: "listens", Urgent: urgent}) }()
		select {
		case err := <-done:
			if err == nil {
				t.Fatalf("Send (urgent %v) with no service: no error", urgent)
			}
			if !strings.Contains(err.Error(), "no notification service could be reached") {
				t.Errorf("error = %q, want it to say no notification service could be reached", err)
			}
			t.Logf("urgent %v: %v", urgent, err)
		case <-time.After(wait):
			t.Fatalf("Send (urgent %v) with no service: still waiting after %v", urgent, wait)
		}
	}
	if got := srv.Received(); len(got) != 0 {
		t.Errorf("the released server received %d notifications", len(got))
	}
}

// imageDataSize reads the width and height of an image-data hint: the
// structure (iiibiiay) of the Desktop Notifications Specification.
func imageDataSize(t *testing.T, hints map[string]dbus.Variant) (w, h int32) {
	t.Helper()
	v, ok := hints["image-data"]
	if !ok {
		t.Fatal("no image-data hint")
	}
	fields, ok := v.Value().([]any)
	if !ok || len(fields) != 7 {
		t.Fatalf("image-data is %T %v", v.Value(), v.Value())
	}
	w, _ = fields[0].(int32)
	h, _ = fields[1].(int32)
	return w, h
}
