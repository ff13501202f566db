// Package assets holds the files Relais ships inside its binary.
package assets

import _ "embed"

// Icon is the application icon, 512×512 PNG (drawn in icon.svg).
//
//go:embed icon.png
var Icon []byte
