//go:build windows

package autostart

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows/registry"
)

// system is the Run key of the current user.
func system() (Writer, error) { return runKey{}, nil }

// runKey writes Relais's value in HKEY_CURRENT_USER's Run key.
type runKey struct{}

// Enable sets the Run value that starts exe with args, unless a value
// of that name is not Relais's.
func (runKey) Enable(exe string, args []string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKeyPath, registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("autostart: opening the Run key: %w", err)
	}
	defer k.Close()
	old, _, err := k.GetStringValue(runValueName)
	switch {
	case err == nil && !runOurs(old):
		return fmt.Errorf(`%w: HKCU\%s\%s`, ErrNotOurs, runKeyPath, runValueName)
	case err != nil && !errors.Is(err, registry.ErrNotExist):
		return fmt.Errorf("autostart: reading the Run key: %w", err)
	}
	if err := k.SetStringValue(runValueName, RunCommand(exe, args)); err != nil {
		return fmt.Errorf("autostart: writing the Run key: %w", err)
	}
	// Turned off in Task Manager before: the user now wants it on, so
	// Windows's record of that choice goes.
	if off, err := turnedOff(); err == nil && off {
		if a, err := registry.OpenKey(registry.CURRENT_USER, approvedKeyPath, registry.SET_VALUE); err == nil {
			defer a.Close()
			if err := a.DeleteValue(runValueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
				return fmt.Errorf("autostart: turning the entry on again in StartupApproved: %w", err)
			}
		}
	}
	return nil
}

// turnedOff reports whether the user turned Relais's Run entry off in
// Task Manager's Startup tab.
func turnedOff() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, approvedKeyPath, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer k.Close()
	v, _, err := k.GetBinaryValue(runValueName)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return approvedOff(v), nil
}

// Disable deletes the Run value if Relais wrote it.
func (runKey) Disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKeyPath, registry.QUERY_VALUE|registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("autostart: opening the Run key: %w", err)
	}
	defer k.Close()
	old, _, err := k.GetStringValue(runValueName)
	if errors.Is(err, registry.ErrNotExist) || err == nil && !runOurs(old) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("autostart: reading the Run key: %w", err)
	}
	if err := k.DeleteValue(runValueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("autostart: deleting from the Run key: %w", err)
	}
	return nil
}

// Enabled reports whether Relais's Run value is there and not turned off
// in Task Manager.
func (runKey) Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKeyPath, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: opening the Run key: %w", err)
	}
	defer k.Close()
	v, _, err := k.GetStringValue(runValueName)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: reading the Run key: %w", err)
	}
	if !runOurs(v) {
		return false, nil
	}
	off, err := turnedOff()
	if err != nil {
		return false, fmt.Errorf("autostart: reading StartupApproved: %w", err)
	}
	return !off, nil
}
