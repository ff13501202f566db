// Package notifytest is a fake desktop notification server for tests: it
// owns org.freedesktop.Notifications on the session bus and records what
// it is sent. Run the tests under their own bus:
//
//	dbus-run-session -- env RELAIS_REQUIRE_DBUS=1 go test ./ui/desktop/...
//
// Only one Server can own the name at a time: tests that start one must
// not run in parallel with each other. Servers of different test
// processes on the same bus take turns.
package notifytest

import (
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

// The service's D-Bus names, from the Desktop Notifications Specification.
const (
	busName   = "org.freedesktop.Notifications"
	objPath   = dbus.ObjectPath("/org/freedesktop/Notifications")
	ifaceName = "org.freedesktop.Notifications"
)

// turnName is the bus name a Server owns for its whole life (its
// connection's, as closing it gives the name up), so that Servers take
// turns on a bus: go test runs the test binaries of several packages at
// once, and a Server that releases the notification name (Release) must
// not hand it to a Server of another process.
const turnName = "com.github.relais_app.Relais.NotifyTest"

// turnTimeout bounds the wait for the other Servers on the bus.
const turnTimeout = 2 * time.Minute

// requireEnv names the variable that, set to 1, turns a missing session
// bus from a skip into a failure (for CI, which runs dbus-run-session).
const requireEnv = "RELAIS_REQUIRE_DBUS"

// introspection describes the exported interface, as real servers do.
const introspection = `<node>
	<interface name="` + ifaceName + `">
		<method name="GetCapabilities">
			<arg direction="out" type="as"/>
		</method>
		<method name="Notify">
			<arg direction="in" name="app_name" type="s"/>
			<arg direction="in" name="replaces_id" type="u"/>
			<arg direction="in" name="app_icon" type="s"/>
			<arg direction="in" name="summary" type="s"/>
			<arg direction="in" name="body" type="s"/>
			<arg direction="in" name="actions" type="as"/>
			<arg direction="in" name="hints" type="a{sv}"/>
			<arg direction="in" name="expire_timeout" type="i"/>
			<arg direction="out" name="id" type="u"/>
		</method>
		<method name="CloseNotification">
			<arg direction="in" name="id" type="u"/>
		</method>
		<method name="GetServerInformation">
			<arg direction="out" name="name" type="s"/>
			<arg direction="out" name="vendor" type="s"/>
			<arg direction="out" name="version" type="s"/>
			<arg direction="out" name="spec_version" type="s"/>
		</method>
		<signal name="NotificationClosed">
			<arg name="id" type="u"/>
			<arg name="reason" type="u"/>
		</signal>
	</interface>` + introspect.IntrospectDeclarationString + `</node>`

// Received is one notification the server was sent.
type Received struct {
	AppName, Summary, Body, Icon string
	Urgency                      byte // the "urgency" hint: 0 low, 1 normal, 2 critical; 0 when absent
	Hints                        map[string]dbus.Variant
	ID                           uint32 // the ID the server answered
}

// Server is an org.freedesktop.Notifications service on the session bus
// that records what it is sent.
type Server struct {
	conn *dbus.Conn

	mu       sync.Mutex
	received []Received
	lastID   uint32
	changed  chan struct{} // closed and replaced at each notification
	released bool
}

// Start claims the name org.freedesktop.Notifications on the session bus
// (DBUS_SESSION_BUS_ADDRESS) and serves it until the test ends. It skips
// the test when there is no session bus, or when another service owns the
// name (a real notification server: use a bus of its own, with
// dbus-run-session); with RELAIS_REQUIRE_DBUS=1 it fails the test
// instead.
//
// Start reads only DBUS_SESSION_BUS_ADDRESS: unlike godbus's
// SessionBus, it neither looks for the desktop session's bus nor starts
// one with dbus-launch.
func Start(t testing.TB) *Server {
	t.Helper()
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		unavailable(t, "no session bus: DBUS_SESSION_BUS_ADDRESS is not set (run the tests under dbus-run-session)")
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		unavailable(t, "cannot connect to the session bus at %s: %v", addr, err)
	}
	if err := takeTurn(conn, turnTimeout); err != nil {
		conn.Close()
		t.Fatalf("notifytest: %v", err)
	}
	s := &Server{conn: conn, changed: make(chan struct{})}
	if err := s.export(); err != nil {
		conn.Close()
		t.Fatalf("notifytest: exporting the server: %v", err)
	}
	reply, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	switch {
	case err != nil:
		conn.Close()
		t.Fatalf("notifytest: claiming %s: %v", busName, err)
	case reply != dbus.RequestNameReplyPrimaryOwner:
		conn.Close()
		unavailable(t, "another service owns %s on this bus (%v); run the tests under dbus-run-session", busName, reply)
	}
	t.Cleanup(func() {
		s.release()
		conn.Close()
	})
	return s
}

// Received returns the notifications the server was sent, oldest first.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.received)
}

// Wait waits until n notifications arrived and returns all those
// received (at least n); it fails the test on timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, changed := slices.Clone(s.received), s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("notifytest: %d notifications after %v, want %d", len(got), timeout, n)
			return nil
		}
	}
}

// Release gives up the name before the test ends, so that the test can
// see what happens when no service owns it. It skips the test when the
// bus could start a service of its own for the name (D-Bus activation of
// an installed notification server): the name would not stay free.
func (s *Server) Release(t testing.TB) {
	t.Helper()
	var names []string
	if err := s.conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
		t.Fatalf("notifytest: listing activatable names: %v", err)
	}
	if slices.Contains(names, busName) {
		t.Skipf("the bus would start an installed service for %s", busName)
	}
	if err := s.release(); err != nil {
		t.Fatalf("notifytest: releasing %s: %v", busName, err)
	}
}

// release gives up the name, once.
func (s *Server) release() error {
	s.mu.Lock()
	done := s.released
	s.released = true
	s.mu.Unlock()
	if done {
		return nil
	}
	_, err := s.conn.ReleaseName(busName)
	return err
}

// export serves the interface and its introspection at objPath.
func (s *Server) export() error {
	if err := s.conn.Export(service{s}, objPath, ifaceName); err != nil {
		return err
	}
	return s.conn.Export(introspect.Introspectable(introspection), objPath, "org.freedesktop.DBus.Introspectable")
}

// record keeps a notification and returns its ID.
func (s *Server) record(r Received, replaces uint32) uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if replaces != 0 {
		r.ID = replaces
	} else {
		s.lastID++
		r.ID = s.lastID
	}
	if v, ok := r.Hints["urgency"].Value().(byte); ok {
		r.Urgency = v
	}
	s.received = append(s.received, r)
	close(s.changed)
	s.changed = make(chan struct{})
	return r.ID
}

// service holds the methods exported on the bus, with the signatures of
// the specification (godbus maps them to D-Bus types).
type service struct{ s *Server }

// Notify implements org.freedesktop.Notifications.Notify
// (susssasa{sv}i → u).
func (v service) Notify(appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expireTimeout int32) (uint32, *dbus.Error) {
	r := Received{AppName: appName, Summary: summary, Body: body, Icon: appIcon, Hints: hints}
	return v.s.record(r, replacesID), nil
}

// GetCapabilities implements org.freedesktop.Notifications.GetCapabilities:
// bodies, without markup.
func (service) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body"}, nil
}

// GetServerInformation implements
// org.freedesktop.Notifications.GetServerInformation.
func (service) GetServerInformation() (name, vendor, version, specVersion string, err *dbus.Error) {
	return "notifytest", "Relais", "1", "1.2", nil
}

// CloseNotification implements
// org.freedesktop.Notifications.CloseNotification: there is nothing on
// screen to close.
func (service) CloseNotification(id uint32) *dbus.Error {
	return nil
}

// takeTurn waits until conn owns turnName.
func takeTurn(conn *dbus.Conn, timeout time.Duration) error {
	reply, err := conn.RequestName(turnName, 0)
	if err != nil {
		return fmt.Errorf("claiming %s: %w", turnName, err)
	}
	if reply == dbus.RequestNameReplyPrimaryOwner {
		return nil
	}
	me := conn.Names()[0]
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var owner string
		err := conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, turnName).Store(&owner)
		if err == nil && owner == me {
			return nil
		}
	}
	return fmt.Errorf("another notifytest.Server held the bus for more than %v", timeout)
}

// unavailable skips the test, or fails it when RELAIS_REQUIRE_DBUS=1.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf("notifytest: "+requireEnv+"=1, but "+format, args...)
	}
	t.Skipf("notifytest: "+format, args...)
}
