package notifytest_test

import (
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/relais-app/relais/ui/desktop/notifytest"
)

// client connects to the session bus the server is on.
func client(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	if err != nil {
		t.Fatalf("connecting to the session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestServer(t *testing.T) {
	srv := notifytest.Start(t)
	obj := client(t).Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")

	var caps []string
	if err := obj.Call("org.freedesktop.Notifications.GetCapabilities", 0).Store(&caps); err != nil {
		t.Fatalf("GetCapabilities: %v", err)
	}
	if !slices.Equal(caps, []string{"body"}) {
		t.Errorf("capabilities = %q, want [body]", caps)
	}
	var name, vendor, version, spec string
	if err := obj.Call("org.freedesktop.Notifications.GetServerInformation", 0).Store(&name, &vendor, &version, &spec); err != nil {
		t.Fatalf("GetServerInformation: %v", err)
	}
	if spec != "1.2" {
		t.Errorf("spec version = %q, want 1.2", spec)
	}

	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(2))}
	var id uint32
	err := obj.Call("org.freedesktop.Notifications.Notify", 0,
		"App", uint32(0), "icon", "Summary", "Body", []string{}, hints, int32(-1)).Store(&id)
	if err != nil {
		t.Fatalf("Notify: %v", err)
	}
	if err := obj.Call("org.freedesktop.Notifications.CloseNotification", 0, id).Err; err != nil {
		t.Fatalf("CloseNotification: %v", err)
	}
	got := srv.Wait(t, 1, 5*time.Second)
	want := notifytest.Received{AppName: "App", Summary: "Summary", Body: "Body", Icon: "icon", Urgency: 2, ID: id}
	got[0].Hints = nil
	if id == 0 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("received %+v, want %+v", got[0], want)
	}

	srv.Release(t)
	err = obj.Call("org.freedesktop.Notifications.GetCapabilities", dbus.FlagNoAutoStart).Err
	if err == nil {
		t.Errorf("GetCapabilities after Release: no error")
	}
}
