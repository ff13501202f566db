// Package cli is Relais's command line: the same workspace as the window,
// scripted without one. It parses the arguments into a Command and runs the
// commands that need no window against the app services. It has no Fyne
// dependency: main.go decides whether a window opens.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// Action is what a command line asks for.
type Action int

// The actions.
const (
	ActionWindow Action = iota
	ActionHelp
	ActionVersion
	ActionDraftAdd
	ActionDraftList
	ActionExportICS
)

// Views are the screens of the window, as --view names them, in the order
// of the sidebar.
var Views = []string{"calendar", "compose", "inbox", "monitoring", "contacts", "analytics", "accounts", "settings"}

// Command is a parsed command line.
type Command struct {
	Action  Action
	DataDir string       // --data; "" for the default
	Lang    app.Language // --lang; LanguageAuto when absent
	View    string       // --view, for ActionWindow; "" for the default
	JSON    bool         // --json

	// draft add
	Title string
	Text  string
	Tags  []string
	At    time.Time // --at: when the post is planned; zero if not
	// export
	Out string // --out: the file to write
	// draft list
	Search   string
	From, To time.Time // --from, --to: planned posts in [From, To)
	Range    bool      // --from or --to was given
}

// UsageError is a command line that Relais does not understand. Key and
// Vars are a translation key and its values, so that main can say it in
// the user's language once the language is known.
type UsageError struct {
	Key  string
	Vars []string
}

func (e *UsageError) Error() string { return e.Key + " " + strings.Join(e.Vars, " ") }

func usage(key string, vars ...string) *UsageError { return &UsageError{Key: key, Vars: vars} }

// Parse reads the arguments that follow the program's name. Options that
// apply to every command (--data, --lang, --json) may come before or after
// the command's words.
func Parse(args []string) (Command, error) {
	var cmd Command
	var lang string
	fs := newFlagSet(&cmd, &lang)
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	version := fs.Bool("version", false, "")
	fs.StringVar(&cmd.View, "view", "", "")
	if err := parseFlags(fs, args); err != nil {
		return Command{}, err
	}
	rest := fs.Args()
	switch {
	case *help:
		cmd.Action = ActionHelp
		return cmd, nil
	case *version:
		cmd.Action = ActionVersion
		return cmd, nil
	case len(rest) == 0:
		cmd.Action = ActionWindow
	case rest[0] == "help":
		cmd.Action = ActionHelp
		return cmd, nil
	case rest[0] == "draft" || rest[0] == "export":
		parse := parseDraft
		if rest[0] == "export" {
			parse = parseExport
		}
		if err := parse(&cmd, &lang, rest[1:]); errors.Is(err, errHelp) {
			return Command{Action: ActionHelp, DataDir: cmd.DataDir}, nil
		} else if err != nil {
			return Command{}, err
		}
	default:
		return Command{}, usage("cli.unknown_command", "command", rest[0])
	}
	l, err := app.ParseLanguage(lang)
	if err != nil {
		return Command{}, usage("cli.bad_value", "flag", "--lang", "detail", "en, fr")
	}
	cmd.Lang = l
	if cmd.Action == ActionWindow && cmd.View != "" && !isView(cmd.View) {
		return Command{}, usage("cli.unknown_view", "view", cmd.View, "views", strings.Join(Views, ", "))
	}
	return cmd, nil
}

func parseDraft(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.draft_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	switch args[0] {
	case "add":
		cmd.Action = ActionDraftAdd
		fs.StringVar(&cmd.Title, "title", "", "")
		fs.StringVar(&cmd.Text, "text", "", "")
		fs.Func("tag", "", func(v string) error {
			cmd.Tags = append(cmd.Tags, v)
			return nil
		})
		fs.Func("at", "", func(v string) error {
			t, _, err := parseTime(v)
			cmd.At = t
			return err
		})
	case "list":
		cmd.Action = ActionDraftList
		fs.StringVar(&cmd.Search, "search", "", "")
		addRange(fs, cmd)
	default:
		return usage("cli.unknown_command", "command", "draft "+args[0])
	}
	if err := parseRest(fs, cmd, args[1:]); err != nil {
		return err
	}
	if cmd.Action == ActionDraftAdd && strings.TrimSpace(cmd.Text) == "" {
		return usage("cli.missing_text")
	}
	return nil
}

func parseExport(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || args[0] != "ics" {
		return usage("cli.export_needs_format")
	}
	cmd.Action = ActionExportICS
	fs := newFlagSet(cmd, lang)
	fs.StringVar(&cmd.Out, "out", "", "")
	addRange(fs, cmd)
	if err := parseRest(fs, cmd, args[1:]); err != nil {
		return err
	}
	if strings.TrimSpace(cmd.Out) == "" {
		return usage("cli.missing_out")
	}
	if !cmd.Range { // the whole plan
		cmd.Range, cmd.To = true, farFuture
	}
	return nil
}

// addRange adds --from and --to, the range of planned time a command
// works on: [From, To).
func addRange(fs *flag.FlagSet, cmd *Command) {
	fs.Func("from", "", func(v string) error {
		t, _, err := parseTime(v)
		cmd.From, cmd.Range = t, true
		return err
	})
	fs.Func("to", "", func(v string) error {
		t, dateOnly, err := parseTime(v)
		if dateOnly {
			t = t.AddDate(0, 0, 1) // --to 2026-12-31 includes that day
		}
		cmd.To, cmd.Range = t, true
		return err
	})
}

// parseRest parses a subcommand's options, refuses words left over, and
// completes and checks the range.
func parseRest(fs *flag.FlagSet, cmd *Command, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usage("cli.unexpected_args", "args", strings.Join(fs.Args(), " "))
	}
	if cmd.Range && cmd.To.IsZero() {
		cmd.To = farFuture
	}
	if cmd.Range && !cmd.To.After(cmd.From) {
		return usage("cli.empty_range")
	}
	return nil
}

// farFuture is the end of a range given only a start.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// timeLayouts are the forms --at, --from and --to accept; those without a
// zone are in the local time zone.
var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04"}

// parseTime reads a time, or a date (dateOnly), for --at, --from and --to.
func parseTime(v string) (t time.Time, dateOnly bool, err error) {
	v = strings.TrimSpace(v)
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			return t, false, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", v, time.Local); err == nil {
		return t, true, nil
	}
	return time.Time{}, false, errBadTime
}

var errBadTime = errors.New("not a date")

// errHelp is -h or --help after a command's words.
var errHelp = errors.New("help asked")

// newFlagSet returns a silent flag set with the options every command takes.
func newFlagSet(cmd *Command, lang *string) *flag.FlagSet {
	fs := flag.NewFlagSet("relais", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&cmd.DataDir, "data", cmd.DataDir, "")
	fs.StringVar(lang, "lang", *lang, "")
	fs.BoolVar(&cmd.JSON, "json", cmd.JSON, "")
	return fs
}

// parseFlags runs fs.Parse and turns the flag package's English errors
// into UsageErrors that can be translated.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	if errors.Is(err, flag.ErrHelp) {
		return errHelp // relais draft add --help: the help says it all
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return usage("cli.unknown_flag", "flag", "-"+strings.TrimLeft(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usage("cli.flag_needs_value", "flag", "-"+strings.TrimLeft(name, "-"))
	}
	// The flag package formats, without wrapping, a value's error as:
	// invalid value "demain" for flag -at: not a date
	var value, name string
	if _, err := fmt.Sscanf(msg, "invalid value %q for flag %s", &value, &name); err == nil &&
		strings.HasSuffix(msg, ": "+errBadTime.Error()) {
		return usage("cli.bad_time", "flag", "-"+strings.TrimSuffix(name, ":"), "value", value)
	}
	return usage("cli.flag_error", "detail", msg)
}

func isView(v string) bool {
	for _, name := range Views {
		if v == name {
			return true
		}
	}
	return false
}
