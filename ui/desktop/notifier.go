// Package desktop shows desktop notifications with
// github.com/gen2brain/beeep. On Linux and the BSDs beeep sends them over
// D-Bus to org.freedesktop.Notifications, and falls back to the
// notify-send and kdialog commands.
//
// beeep keeps its settings in package variables and connects through
// godbus's shared session bus connection (dbus.SessionBus), which the
// rest of the process (Fyne, the keychain) also uses; so nothing outside
// this package should call beeep.
package desktop

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"sync"

	"github.com/gen2brain/beeep"
	"golang.org/x/image/draw"
)

// Notification is one desktop notification, already worded.
type Notification struct {
	Title, Body string
	Urgent      bool // risk: critical urgency
}

// beeepMu serializes every use of beeep: its AppName is a package
// variable, read while a notification is sent.
var beeepMu sync.Mutex

// beepErrPrefix starts every error beeep.Beep returns (beeep v0.11.3,
// beep_unix.go) and no error of its notification part, which starts with
// "beeep: dbus:" or "unsupported argument:" (notify_unix.go). See Send.
const beepErrPrefix = "beeep: error writing to "

// Notifier sends desktop notifications with beeep.
type Notifier struct {
	icon any // for beeep: PNG bytes, or "" for none
}

// New returns a notifier that names the app appName and shows icon (PNG
// bytes, may be nil). An icon that is not a PNG is left out: beeep would
// fail to decode it on every Send.
//
// New sets beeep.AppName, and is the one place that does: the name is a
// beeep package variable, so it holds for the whole process, and the app
// has one name for its whole life. Make one Notifier per process: a
// second New renames the first one's notifications too.
func New(appName string, icon []byte) *Notifier {
	d := &Notifier{icon: ""} // beeep rejects a nil icon
	if small, ok := smallIcon(icon); ok {
		d.icon = small
	}
	beeepMu.Lock()
	beeep.AppName = plain(appName)
	beeepMu.Unlock()
	return d
}

// Send shows n; it returns an error in plain words when no notification
// service could be reached. It waits for the service's answer with no
// time limit (beeep sets none), so call it off the UI goroutine. Calls are
// serialized, with every other Notifier's too.
//
// The body is sent as text: the characters <, > and & are escaped, so
// that servers that read markup in the body (the specification allows a
// subset of HTML) show remote text as it was written.
//
// An urgent notification goes through beeep.Alert: critical urgency, a
// sound hint, then a beep. A beep that fails (no PC speaker and no usable
// standard output) does not make Send fail, since the notification was
// shown: beeep has no way to send a critical notification without the
// beep, and Alert returns the beep's error only after the notification
// succeeded, so such an error is recognized by its text (beepErrPrefix).
func (d *Notifier) Send(n Notification) error {
	title, body := plain(n.Title), escapeMarkup(plain(n.Body))
	beeepMu.Lock()
	defer beeepMu.Unlock()
	var err error
	if n.Urgent {
		err = beeep.Alert(title, body, d.icon)
		if isBeepError(err) {
			err = nil
		}
	} else {
		err = beeep.Notify(title, body, d.icon)
	}
	if err != nil {
		return fmt.Errorf("the desktop notification was not shown: no notification service could be reached (%w)", err)
	}
	return nil
}

// iconSize is the side of the icon a notification carries. beeep sends
// the icon's pixels whole in the image-data hint: the 512-pixel app icon
// would weigh a megabyte on the bus with every notification; servers
// show it at 48 to 64 pixels.
const iconSize = 96

// smallIcon returns icon, a PNG, as a PNG at most iconSize pixels wide
// and high; ok is false when it is not a PNG.
func smallIcon(icon []byte) (_ []byte, ok bool) {
	cfg, err := png.DecodeConfig(bytes.NewReader(icon))
	if err != nil {
		return nil, false
	}
	if cfg.Width <= iconSize && cfg.Height <= iconSize {
		return bytes.Clone(icon), true
	}
	src, err := png.Decode(bytes.NewReader(icon))
	if err != nil {
		return nil, false
	}
	w, h := iconSize, iconSize
	if cfg.Width > cfg.Height {
		h = max(1, cfg.Height*iconSize/cfg.Width)
	} else {
		w = max(1, cfg.Width*iconSize/cfg.Height)
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, false
	}
	return out.Bytes(), true
}

// isBeepError reports whether err, from beeep.Alert, comes from its beep
// rather than from its notification.
func isBeepError(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), beepErrPrefix)
}

// markup escapes the characters that start markup in a notification body.
var markup = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeMarkup returns s with <, > and & escaped, and nothing else.
func escapeMarkup(s string) string { return markup.Replace(s) }

// plain returns s as D-Bus can carry it: valid UTF-8 without NUL
// characters. godbus refuses to send any other string, and beeep would
// then try notify-send, whose arguments cannot hold a NUL either.
func plain(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}
