// Package appinfo is what Relais says about itself: its name, version and
// build as FyneApp.toml gives them (main embeds that file, the one source
// of the version, and parses it with Parse), and the licences of what it
// ships (Licences). It has no Fyne dependency, so the command line's
// --version uses it too.
package appinfo

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"

	"github.com/BurntSushi/toml"
)

// Info is the application's identity, from FyneApp.toml.
type Info struct {
	Name    string // Details.Name
	ID      string // Details.ID
	Version string // Details.Version
	Build   int    // Details.Build
	Website string // Website
}

// fyneApp is the part of FyneApp.toml that Relais reads.
type fyneApp struct {
	Website string
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// Parse reads FyneApp.toml. Its name, ID and version must be there.
func Parse(data []byte) (Info, error) {
	var f fyneApp
	if err := toml.Unmarshal(data, &f); err != nil {
		return Info{}, fmt.Errorf("appinfo: reading FyneApp.toml: %w", err)
	}
	info := Info{Name: f.Details.Name, ID: f.Details.ID, Version: f.Details.Version, Build: f.Details.Build, Website: f.Website}
	if info.Name == "" || info.ID == "" || info.Version == "" {
		return Info{}, errors.New("appinfo: FyneApp.toml has no [Details] Name, ID or Version")
	}
	return info, nil
}

// String is the name, version and build: "Relais 0.1.0 (build 1)".
func (i Info) String() string {
	s := i.Name + " " + i.Version
	if i.Build > 0 {
		s += " (build " + strconv.Itoa(i.Build) + ")"
	}
	return s
}

// Platform is the Go release and the system the binary was built for:
// "go1.26.0 linux/amd64".
func Platform() string {
	return runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
