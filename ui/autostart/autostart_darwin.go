//go:build darwin

package autostart

import (
	"fmt"
	"os"
	"path/filepath"
)

// system is the user's LaunchAgents folder.
func system() (Writer, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, fmt.Errorf("autostart: %w", err)
	}
	return LaunchAgent{Dir: filepath.Join(home, "Library", "LaunchAgents")}, nil
}
