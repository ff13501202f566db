// Package autostart starts Relais when the user logs in, by each operating
// system's own means: an XDG autostart .desktop file on Linux and the BSDs,
// a LaunchAgent property list on macOS, the Run registry key on Windows.
//
// What is written carries a mark of Relais (a key in the .desktop file, a
// comment in the property list, Relais's own executable in the registry),
// so that turning it off removes exactly what Relais wrote, and never an
// entry of the same name that someone else wrote: that one is left alone,
// and Enable refuses to overwrite it (ErrNotOurs).
//
// The writers are portable code over a base directory, tested on every OS;
// only the choice of the system's writer, and the registry, sit behind
// build tags.
package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/relais-app/relais/app"
)

// ErrNotOurs is an entry of Relais's name that Relais did not write.
var ErrNotOurs = errors.New("autostart: an entry of the same name, not written by Relais, is there")

// Writer is one system's way of starting a program at login.
type Writer interface {
	// Enable starts exe with args at the user's next logins.
	Enable(exe string, args []string) error
	// Disable removes what Enable wrote; nothing else.
	Disable() error
	// Enabled reports whether what Enable wrote is there and in force.
	Enabled() (bool, error)
}

// Enable has the system start exe with args when the user logs in.
func Enable(exe string, args []string) error {
	w, err := system()
	if err != nil {
		return err
	}
	return w.Enable(exe, args)
}

// Disable removes what Enable wrote, if it is there.
func Disable() error {
	w, err := system()
	if err != nil {
		return err
	}
	return w.Disable()
}

// Enabled reports whether Relais starts at login.
func Enabled() (bool, error) {
	w, err := system()
	if err != nil {
		return false, err
	}
	return w.Enabled()
}

// Program is one program started at login, with its arguments: what the
// window's Settings turn on and off.
type Program struct {
	Exe  string
	Args []string
}

// Enable has the system start the program at login.
func (p Program) Enable() error { return Enable(p.Exe, p.Args) }

// Disable removes what Enable wrote.
func (p Program) Disable() error { return Disable() }

// Enabled reports whether the program starts at login.
func (p Program) Enabled() (bool, error) { return Enabled() }

// name is the entries' name: the application's ID, as in FyneApp.toml.
const name = app.AppID

// writeFile writes data to dir/file whole or not at all: to a temporary
// file beside it, then renamed over it.
func writeFile(dir, file string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("autostart: making %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+file+".*")
	if err != nil {
		return fmt.Errorf("autostart: writing in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // once renamed, there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("autostart: writing %s: %w", file, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("autostart: writing %s: %w", file, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("autostart: writing %s: %w", file, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("autostart: writing %s: %w", file, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, file)); err != nil {
		return fmt.Errorf("autostart: writing %s: %w", file, err)
	}
	return nil
}

// readOurs reads path and whether it is ours. A missing file is (nil,
// false, nil).
func readOurs(path string, ours func([]byte) bool) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("autostart: reading %s: %w", path, err)
	}
	return data, ours(data), nil
}

// enableFile writes data to dir/file unless a file there is not ours.
func enableFile(dir, file string, data []byte, ours func([]byte) bool) error {
	path := filepath.Join(dir, file)
	old, isOurs, err := readOurs(path, ours)
	if err != nil {
		return err
	}
	if old != nil && !isOurs {
		return fmt.Errorf("%w: %s", ErrNotOurs, path)
	}
	return writeFile(dir, file, data)
}

// disableFile removes dir/file if it is ours.
func disableFile(dir, file string, ours func([]byte) bool) error {
	path := filepath.Join(dir, file)
	_, isOurs, err := readOurs(path, ours)
	if err != nil || !isOurs {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autostart: removing %s: %w", path, err)
	}
	return nil
}
