package autostart

import (
	"strings"
)

// The Windows Run key's value, in portable code so that it is tested on
// every OS; autostart_windows.go reads and writes the registry.

// runKeyPath is the key, under HKEY_CURRENT_USER, whose values Windows
// runs at the user's login.
const runKeyPath = `Software\Microsoft\Windows\CurrentVersion\Run`

// runValueName is Relais's value in it.
const runValueName = "Relais"

// approvedKeyPath is where Windows (Task Manager's Startup tab, Settings →
// Apps → Startup) records that the user turned a Run entry off: a binary
// value of the entry's name.
const approvedKeyPath = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`

// approvedOff reports whether a StartupApproved value says the entry is
// turned off: its first byte is 2 (or 6) while on, odd (3, 7…) once the
// user turned it off.
func approvedOff(value []byte) bool { return len(value) > 0 && value[0]&1 == 1 }

// RunCommand is the Run value that starts exe with args: exe always in
// quotes, each argument quoted as Windows programs read their command
// line (CommandLineToArgvW) when it needs to be.
func RunCommand(exe string, args []string) string {
	words := []string{`"` + exe + `"`}
	for _, a := range args {
		words = append(words, windowsQuote(a))
	}
	return strings.Join(words, " ")
}

// windowsQuote quotes an argument as syscall.EscapeArg does: backslashes
// are doubled only before a quote, and quotes are escaped.
func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(s[i])
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// runOurs reports whether a Run value is one Relais wrote: it starts a
// relais executable, in quotes, with --background.
func runOurs(value string) bool {
	if !strings.HasPrefix(value, `"`) {
		return false
	}
	exe, rest, ok := strings.Cut(value[1:], `"`)
	if !ok {
		return false
	}
	base := strings.ToLower(exe[strings.LastIndexAny(exe, `\/`)+1:])
	return strings.HasPrefix(base, "relais") && strings.HasSuffix(base, ".exe") &&
		strings.Contains(" "+rest+" ", " --background ")
}
