//go:build !windows && !darwin

package autostart

import "os"

// system is the XDG autostart folder of the user.
func system() (Writer, error) {
	dir, err := XDGDir(os.Getenv)
	if err != nil {
		return nil, err
	}
	return XDG{Dir: dir}, nil
}
