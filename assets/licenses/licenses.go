// Package licenses holds the licence texts Relais shows in its About box:
// Relais's own (GPL-3.0), those of the fonts Fyne ships inside the binary,
// and in modules/ those of the Go modules go.mod requires directly, each
// named after its module path with "/" turned into "_". The dictionaries'
// are in package dictionaries, beside them.
package licenses

import "embed"

// Files are the licence texts.
//
//go:embed *.txt modules/*.txt
var Files embed.FS

// Module is the licence text of a Go module, by its path.
func Module(path string) ([]byte, error) {
	return Files.ReadFile("modules/" + ModuleFile(path))
}

// ModuleFile is the name in modules/ of a module's licence.
func ModuleFile(path string) string {
	b := []byte(path)
	for i, c := range b {
		if c == '/' {
			b[i] = '_'
		}
	}
	return string(b) + ".txt"
}
