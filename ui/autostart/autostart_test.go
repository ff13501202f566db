package autostart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestXDGDir(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"HOME": "/home/ana"}, "/home/ana/.config/autostart"},
		{map[string]string{"HOME": "/home/ana", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/autostart"},
		// A relative $XDG_CONFIG_HOME is invalid and ignored.
		{map[string]string{"HOME": "/home/ana", "XDG_CONFIG_HOME": "cfg"}, "/home/ana/.config/autostart"},
	} {
		got, err := XDGDir(env(c.vars))
		if err != nil || got != c.want {
			t.Errorf("XDGDir(%v) = %q, %v; want %q", c.vars, got, err, c.want)
		}
	}
	if _, err := XDGDir(env(nil)); err == nil {
		t.Error("XDGDir without a home gives no error")
	}
}

func TestExecLineQuotesAsTheDesktopEntrySpecWants(t *testing.T) {
	for _, c := range []struct {
		exe  string
		args []string
		want string
	}{
		{"/usr/bin/relais", []string{"--background"}, `/usr/bin/relais --background`},
		{"/opt/My Apps/relais", []string{"--background"}, `"/opt/My Apps/relais" --background`},
		// Inside quotes, " ` $ and \ take a backslash; then the string
		// value's own escape doubles every backslash.
		{`/home/a"b/re$lais`, nil, `"/home/a\\"b/re\\$lais"`},
		{`/home/back\slash/relais`, nil, `"/home/back\\\\slash/relais"`},
		{"/home/100%/relais", []string{""}, `/home/100%%/relais ""`},
		{"/home/tab\there/relais", nil, `"/home/tab\there/relais"`},
	} {
		if got := ExecLine(c.exe, c.args); got != c.want {
			t.Errorf("ExecLine(%q, %q) = %s; want %s", c.exe, c.args, got, c.want)
		}
	}
}

func TestXDGEnableWritesTheDesktopFileThenDisableRemovesIt(t *testing.T) {
	x := XDG{Dir: filepath.Join(t.TempDir(), "autostart")} // made by Enable
	if on, err := x.Enabled(); on || err != nil {
		t.Fatalf("Enabled before = %v, %v", on, err)
	}
	if err := x.Enable("/opt/My Apps/relais", []string{"--background"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(x.Dir, "app.relais.desktop")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	keys := desktopKeys(data)
	for k, want := range map[string]string{
		"Type": "Application", "Name": "Relais", "Exec": `"/opt/My Apps/relais" --background`,
		"X-GNOME-Autostart-enabled": "true", "Icon": "app.relais.desktop",
	} {
		if keys[k] != want {
			t.Errorf("%s=%q; want %q\n%s", k, keys[k], want, data)
		}
	}
	if keys["Comment"] == "" {
		t.Error("no Comment")
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v", info.Mode(), err)
	}
	if on, err := x.Enabled(); !on || err != nil {
		t.Errorf("Enabled after Enable = %v, %v", on, err)
	}
	// Enabling again (another path, after an update) rewrites it.
	if err := x.Enable("/usr/bin/relais", []string{"--background"}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if desktopKeys(data)["Exec"] != "/usr/bin/relais --background" {
		t.Errorf("not rewritten:\n%s", data)
	}
	if err := x.Disable(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(x.Dir); len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
	if on, err := x.Enabled(); on || err != nil {
		t.Errorf("Enabled after Disable = %v, %v", on, err)
	}
	if err := x.Disable(); err != nil {
		t.Errorf("Disable with nothing there: %v", err)
	}
}

func TestXDGLeavesAFileItDidNotWrite(t *testing.T) {
	x := XDG{Dir: t.TempDir()}
	path := filepath.Join(x.Dir, "app.relais.desktop")
	theirs := []byte("[Desktop Entry]\nType=Application\nName=Relais\nExec=relais --data /srv/client\n")
	if err := os.WriteFile(path, theirs, 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(x.Dir, "other.desktop")
	if err := os.WriteFile(other, theirs, 0o600); err != nil {
		t.Fatal(err)
	}
	if on, err := x.Enabled(); on || err != nil {
		t.Errorf("Enabled over someone else's file = %v, %v", on, err)
	}
	if err := x.Enable("/usr/bin/relais", []string{"--background"}); !errors.Is(err, ErrNotOurs) {
		t.Errorf("Enable over someone else's file: %v", err)
	}
	if err := x.Disable(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, other} {
		if data, err := os.ReadFile(p); err != nil || !bytes.Equal(data, theirs) {
			t.Errorf("%s changed: %q, %v", p, data, err)
		}
	}
}

func TestXDGTurnedOffByTheDesktopIsNotEnabled(t *testing.T) {
	x := XDG{Dir: t.TempDir()}
	if err := x.Enable("/usr/bin/relais", []string{"--background"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(x.Dir, "app.relais.desktop")
	data, _ := os.ReadFile(path)
	// GNOME's Startup Applications turns an entry off this way.
	off := strings.Replace(string(data), "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false", 1)
	if err := os.WriteFile(path, []byte(off), 0o644); err != nil {
		t.Fatal(err)
	}
	if on, err := x.Enabled(); on || err != nil {
		t.Errorf("Enabled when the desktop turned it off = %v, %v", on, err)
	}
	if err := x.Enable("/usr/bin/relais", []string{"--background"}); err != nil {
		t.Fatal(err)
	}
	if on, _ := x.Enabled(); !on {
		t.Error("Enable did not turn it on again")
	}
}

// plist is the part of a property list the tests read back.
type plist struct {
	Dict struct {
		Items []struct {
			XMLName xml.Name
			Text    string   `xml:",chardata"`
			Strings []string `xml:"string"`
		} `xml:",any"`
	} `xml:"dict"`
}

// values reads a plist's dict as key → value: a string, "true" for
// <true/>, the strings of an array joined by a newline.
func (p plist) values() map[string]string {
	out := map[string]string{}
	items := p.Dict.Items
	for i := 0; i+1 < len(items); i += 2 {
		v := items[i+1]
		switch v.XMLName.Local {
		case "true", "false":
			out[items[i].Text] = v.XMLName.Local
		case "array":
			out[items[i].Text] = strings.Join(v.Strings, "\n")
		default:
			out[items[i].Text] = v.Text
		}
	}
	return out
}

func TestLaunchAgentWritesAPlistThenDisableRemovesIt(t *testing.T) {
	l := LaunchAgent{Dir: filepath.Join(t.TempDir(), "LaunchAgents")}
	exe := "/Applications/Relais & Co.app/Contents/MacOS/<relais>"
	if err := l.Enable(exe, []string{"--background"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(l.Dir, "app.relais.desktop.plist")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p plist
	if err := xml.Unmarshal(data, &p); err != nil {
		t.Fatalf("not XML: %v\n%s", err, data)
	}
	got := p.values()
	want := map[string]string{
		"Label":            "app.relais.desktop",
		"ProgramArguments": exe + "\n--background",
		"RunAtLoad":        "true",
		"ProcessType":      "Interactive",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q; want %q\n%s", k, got[k], v, data)
		}
	}
	if on, err := l.Enabled(); !on || err != nil {
		t.Errorf("Enabled = %v, %v", on, err)
	}
	if err := l.Disable(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(l.Dir); len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
	if on, err := l.Enabled(); on || err != nil {
		t.Errorf("Enabled after Disable = %v, %v", on, err)
	}
}

func TestLaunchAgentLeavesAPlistItDidNotWrite(t *testing.T) {
	l := LaunchAgent{Dir: t.TempDir()}
	path := filepath.Join(l.Dir, "app.relais.desktop.plist")
	theirs := []byte(`<?xml version="1.0"?><plist version="1.0"><dict><key>Label</key><string>app.relais.desktop</string></dict></plist>`)
	if err := os.WriteFile(path, theirs, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := l.Enable("/x/relais", nil); !errors.Is(err, ErrNotOurs) {
		t.Errorf("Enable over someone else's plist: %v", err)
	}
	if on, _ := l.Enabled(); on {
		t.Error("someone else's plist counted as enabled")
	}
	if err := l.Disable(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || !bytes.Equal(data, theirs) {
		t.Errorf("someone else's plist changed: %q, %v", data, err)
	}
}

func TestRunCommand(t *testing.T) {
	for _, c := range []struct {
		exe  string
		args []string
		want string
	}{
		{`C:\Program Files\Relais\relais.exe`, []string{"--background"}, `"C:\Program Files\Relais\relais.exe" --background`},
		{`C:\r\relais.exe`, []string{"--data", `D:\My Clients\`}, `"C:\r\relais.exe" --data "D:\My Clients\\"`},
		{`C:\r\relais.exe`, []string{`a"b`, ""}, `"C:\r\relais.exe" "a\"b" ""`},
	} {
		if got := RunCommand(c.exe, c.args); got != c.want {
			t.Errorf("RunCommand(%q, %q) = %s; want %s", c.exe, c.args, got, c.want)
		}
	}
}

func TestRunValueIsOursOnlyWhenRelaisWroteIt(t *testing.T) {
	ours := []string{
		RunCommand(`C:\Program Files\Relais\relais.exe`, []string{"--background"}),
		`"C:\Users\ana\AppData\Local\Programs\Relais\Relais.exe" --background`,
	}
	theirs := []string{
		`C:\tools\relais.exe --background`, // not in quotes: not written by Relais
		`"C:\tools\relais.exe"`,
		`"C:\tools\other.exe" --background`,
		`"C:\tools\relais.exe" --background-noise`,
		`"broken`,
		"",
	}
	for _, v := range ours {
		if !runOurs(v) {
			t.Errorf("%s is not recognised as Relais's", v)
		}
	}
	for _, v := range theirs {
		if runOurs(v) {
			t.Errorf("%s is taken for Relais's", v)
		}
	}
}

func TestStartupApprovedSaysWhenTaskManagerTurnedItOff(t *testing.T) {
	on := [][]byte{nil, {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {6, 0, 0, 0}}
	off := [][]byte{{3, 0, 0, 0, 0x10, 0x2b, 0x5e, 0x1c, 0x6f, 0x8a, 0xda, 0x01}, {1}, {7, 0}}
	for _, v := range on {
		if approvedOff(v) {
			t.Errorf("% x is read as turned off", v)
		}
	}
	for _, v := range off {
		if !approvedOff(v) {
			t.Errorf("% x is read as on", v)
		}
	}
}

func TestProgramUsesTheSystemWriter(t *testing.T) {
	if _, err := system(); err != nil {
		t.Skip("no autostart place here:", err)
	}
	// Point the system's writer at a temporary folder where that is
	// possible (XDG); elsewhere only check that it answers.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "cfg"))
	w, err := system()
	if err != nil {
		t.Fatal(err)
	}
	x, ok := w.(XDG)
	if !ok {
		t.Skipf("the system writer is %T", w)
	}
	if x.Dir != filepath.Join(home, "cfg", "autostart") {
		t.Errorf("system writes in %s", x.Dir)
	}
	p := Program{Exe: "/usr/bin/relais", Args: []string{"--background"}}
	if err := p.Enable(); err != nil {
		t.Fatal(err)
	}
	if on, err := p.Enabled(); !on || err != nil {
		t.Errorf("Enabled = %v, %v", on, err)
	}
	entries, _ := os.ReadDir(x.Dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"app.relais.desktop"}) {
		t.Errorf("wrote %v", names)
	}
	if err := p.Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := p.Enabled(); on {
		t.Error("still enabled after Disable")
	}
}
