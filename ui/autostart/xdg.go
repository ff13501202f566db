package autostart

import (
	"bufio"
	"bytes"
	"errors"
	"path/filepath"
	"strings"
)

// XDG writes the .desktop file of the XDG Autostart specification, which
// the Linux and BSD desktops (GNOME, KDE, Xfce, …) read at login.
type XDG struct {
	// Dir is the autostart folder: $XDG_CONFIG_HOME/autostart.
	Dir string
}

var _ Writer = XDG{}

// xdgFile is the .desktop file's name in Dir.
const xdgFile = name

// xdgMark is the key that says Relais wrote the file.
const xdgMark = "X-Relais-Autostart"

// XDGDir is the user's autostart folder: $XDG_CONFIG_HOME/autostart, or
// ~/.config/autostart when it is unset or not absolute (as the
// specification says).
func XDGDir(getenv func(string) string) (string, error) {
	if config := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(config) {
		return filepath.Join(config, "autostart"), nil
	}
	home := getenv("HOME")
	if !filepath.IsAbs(home) {
		return "", errors.New("autostart: no home folder ($HOME)")
	}
	return filepath.Join(home, ".config", "autostart"), nil
}

// Enable writes the .desktop file that starts exe with args.
func (x XDG) Enable(exe string, args []string) error {
	return enableFile(x.Dir, xdgFile, DesktopEntry(exe, args), xdgOurs)
}

// Disable removes the .desktop file if Relais wrote it.
func (x XDG) Disable() error { return disableFile(x.Dir, xdgFile, xdgOurs) }

// Enabled reports whether Relais's .desktop file is there and not turned
// off by the desktop's own settings (Hidden, X-GNOME-Autostart-enabled).
func (x XDG) Enabled() (bool, error) {
	data, ours, err := readOurs(filepath.Join(x.Dir, xdgFile), xdgOurs)
	if err != nil || !ours {
		return false, err
	}
	keys := desktopKeys(data)
	return keys["Hidden"] != "true" && keys["X-GNOME-Autostart-enabled"] != "false", nil
}

// DesktopEntry is the autostart .desktop file that starts exe with args.
func DesktopEntry(exe string, args []string) []byte {
	var b bytes.Buffer
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Name=Relais\n")
	b.WriteString("Comment=Plan, write and publish for your communities\n")
	b.WriteString("Exec=" + ExecLine(exe, args) + "\n")
	b.WriteString("Icon=" + name + "\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	b.WriteString(xdgMark + "=true\n")
	return b.Bytes()
}

// ExecLine is the value of an Exec key running exe with args, as the
// Desktop Entry Specification wants it: each argument that holds a
// reserved character is quoted, with ", `, $ and \ escaped inside the
// quotes, % doubled (it starts field codes); then the value is escaped as
// every string value is (\ doubled, and \n, \t, \r), so that a literal
// backslash in a quoted argument is four of them.
func ExecLine(exe string, args []string) string {
	words := make([]string, 0, 1+len(args))
	for _, a := range append([]string{exe}, args...) {
		words = append(words, execQuote(a))
	}
	return escapeString(strings.Join(words, " "))
}

// execReserved are the characters that make an argument need quotes.
const execReserved = " \t\n\"'\\><~|&;$*?#()`"

func execQuote(arg string) string {
	arg = strings.ReplaceAll(arg, "%", "%%")
	if arg != "" && !strings.ContainsAny(arg, execReserved) {
		return arg
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range arg {
		if strings.ContainsRune("\"`$\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// escapeString escapes a string value of a .desktop file.
func escapeString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

// desktopKeys reads the keys of the [Desktop Entry] group.
func desktopKeys(data []byte) map[string]string {
	keys := map[string]string{}
	group := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			group = line
		case group == "[Desktop Entry]":
			if k, v, ok := strings.Cut(line, "="); ok {
				keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return keys
}

// xdgOurs reports whether a .desktop file carries Relais's mark.
func xdgOurs(data []byte) bool { return desktopKeys(data)[xdgMark] == "true" }
