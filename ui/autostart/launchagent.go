package autostart

import (
	"bytes"
	"encoding/xml"
	"path/filepath"
)

// LaunchAgent writes the property list of a macOS LaunchAgent, which
// launchd reads at the user's next login (RunAtLoad): writing it is
// enough, launchctl is not needed.
type LaunchAgent struct {
	// Dir is the user's LaunchAgents folder: ~/Library/LaunchAgents.
	Dir string
}

var _ Writer = LaunchAgent{}

// plistFile is the property list's name in Dir: the Label's, as launchd
// wants.
const plistFile = name + ".plist"

// plistMark is the comment that says Relais wrote the file.
const plistMark = "<!-- Written by Relais: Settings, Start Relais when I log in. Unticking it removes this file. -->"

// Enable writes the property list that starts exe with args.
func (l LaunchAgent) Enable(exe string, args []string) error {
	return enableFile(l.Dir, plistFile, Plist(exe, args), plistOurs)
}

// Disable removes the property list if Relais wrote it.
func (l LaunchAgent) Disable() error { return disableFile(l.Dir, plistFile, plistOurs) }

// Enabled reports whether Relais's property list is there.
func (l LaunchAgent) Enabled() (bool, error) {
	_, ours, err := readOurs(filepath.Join(l.Dir, plistFile), plistOurs)
	return ours, err
}

// Plist is the LaunchAgent property list that starts exe with args at
// login.
func Plist(exe string, args []string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString(plistMark + "\n")
	b.WriteString("<plist version=\"1.0\">\n<dict>\n")
	b.WriteString("\t<key>Label</key>\n\t<string>" + escapeXML(name) + "</string>\n")
	b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, a := range append([]string{exe}, args...) {
		b.WriteString("\t\t<string>" + escapeXML(a) + "</string>\n")
	}
	b.WriteString("\t</array>\n")
	b.WriteString("\t<key>RunAtLoad</key>\n\t<true/>\n")
	b.WriteString("\t<key>ProcessType</key>\n\t<string>Interactive</string>\n")
	b.WriteString("</dict>\n</plist>\n")
	return b.Bytes()
}

func escapeXML(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// plistOurs reports whether a property list carries Relais's mark and
// Label.
func plistOurs(data []byte) bool {
	return bytes.Contains(data, []byte(plistMark)) && bytes.Contains(data, []byte("<string>"+escapeXML(name)+"</string>"))
}
