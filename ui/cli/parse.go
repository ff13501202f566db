// Package cli is Relais's command line: the same workspace as the window,
// scripted without one. It parses the arguments into a Command and runs the
// commands that need no window against the app services. It has no Fyne
// dependency: main.go decides whether a window opens.
package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strconv"
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
	ActionDraftStatus
	ActionQueueAdd
	ActionQueueSlots
	ActionQueueList
	ActionImportICS
	ActionAccountAdd
	ActionAccountList
	ActionAccountRemove
	ActionAccountTest
	ActionAccountWatch
	ActionPublishDue
	ActionSync
	ActionInboxList
	ActionInboxDone
	ActionInboxReply
	ActionCheck
	ActionExportCSV
	ActionExportPDF
	ActionWorkspaceList
	ActionWorkspaceCreate
	ActionWorkspaceRename
	ActionWorkspaceRemove
	ActionWorkspaceBackground
	ActionBackup
	ActionRestore
	ActionDoctor
	ActionCollect
	ActionInboxAccept
	ActionInboxReject
	ActionInboxDelete
	ActionWatchAdd
	ActionWatchList
	ActionWatchRemove
	ActionWatchRun
	ActionWatchItems
	ActionStorageSet
	ActionStorageShow
	ActionStorageTest
	ActionStorageRemove
	ActionWatchSpikes
	ActionWatchStarters
	ActionWatchAlerts
	ActionCompetitorAdd
	ActionCompetitorList
	ActionCompetitorRemove
	ActionCompetitorRun
	ActionWatchImpostors
	ActionWatchImpostorMark
	ActionInboxHide
)

// Views are the screens of the window, as --view names them, in the order
// of the sidebar.
var Views = []string{"calendar", "compose", "inbox", "monitoring", "contacts", "analytics", "accounts", "settings"}

// Command is a parsed command line.
type Command struct {
	Action  Action
	DataDir string // --data; "" for the default
	// Workspace is --workspace: a workspace's name or ID, instead of
	// --data; "" for the current one.
	Workspace string
	Lang      app.Language // --lang; LanguageAuto when absent
	View      string       // --view, for ActionWindow; "" for the default
	// Background (--background, for ActionWindow) starts Relais in the
	// system tray without showing its window, as at login.
	Background bool
	JSON       bool // --json

	// draft add
	Title    string
	Text     string
	Tags     []string
	At       time.Time     // --at: when the post is planned; zero if not
	AtGap    string        // --at as typed when its zone skips that time (clocks going forward); "" otherwise
	Networks []app.Network // --network: a variant for each
	Accounts []string      // --account: a variant for each connected account
	Campaign string
	Notes    string     // --note
	Status   app.Status // --status of draft add, STATUS of draft status; "" for the default
	Repeat   string     // --repeat: an RRULE in canonical form; "" for once
	Zone     string     // --zone of draft add and queue slots; "" for the user's
	UTM      bool       // --utm
	Language string     // --language: the text's ISO 639-1 language
	Warning  string     // --cw: a content warning (Mastodon)
	Images   []string   // --image: files to attach
	Alts     []string   // --alt: the alt text of the --image before it
	// export
	Out string // --out: the file to write; "-" for standard output (ics)
	// --force: replace a file already there (export), restore into a
	// folder that already holds a workspace
	Force bool
	// import
	In string // the file to read
	// draft list
	Search   string
	From, To time.Time  // --from, --to: planned posts in [From, To)
	Range    bool       // --from or --to was given
	Filter   app.Filter // --status, --network, --campaign, --tag
	// draft status, queue add
	ID app.ID
	// queue
	Network app.Network // --network: the queue's; the account's kind for account add
	Slots   []app.Slot  // --slot
	// account add
	Server      string   // --server, --pds, --url
	PLC         string   // --plc: a Bluesky account's own PLC directory
	Handle      string   // --handle
	Label       string   // --label
	SecretStdin bool     // --token-stdin, --password-stdin
	Watch       []string // --watch (account add rss), --word (account watch): a feed's watch words
	// account add facebook|instagram|threads: the user's own Meta app
	// (--app-id, its secret on standard input with --app-secret-stdin),
	// the Page or Instagram user when the sign-in reaches several, and
	// --api, a compatible server instead of Meta's.
	AppID          string
	AppSecretStdin bool
	Page           string
	IGUser         string
	API            string
	// inbox list (also Search)
	InboxView app.InboxView // --view, or needs_reply for --needs-reply; open by default
	Account   string        // --account: an account's ID or handle
	Limit     int           // --limit: at most this many items; 0 for all
	// inbox done, accept, reject, reply (also Text, "-" for standard
	// input)
	Item string // an item's ID, whole or its end, in lower case
	// draft add, draft status, inbox reply: --ignore-proofreading
	// schedules or sends despite the proofreader's errors
	IgnoreProof bool
	// draft status: --ignore-limit schedules despite a full publishing
	// limit (Instagram's 100 posts in 24 hours)
	IgnoreLimit bool
	// draft add: --fit crop|pad, the consent to change an image's shape
	// for a network that takes only some (Instagram)
	Fit app.ImageFit
	// check: --lang, the text's language (auto by default)
	TextLang app.Language
	// inbox reply --saved: the name of a saved reply to send instead of
	// Text, with the author's name in it
	Saved string
	// export pdf --brand: the brand's name on the report's cover, saved
	// for the next reports
	Brand string
	// workspace create, rename, remove, background: the workspace named
	// (Name), its new name (NewName), --yes, and on or off (On)
	Name    string
	NewName string
	Yes     bool
	On      bool
	// inbox hide --show: show the comment again instead of hiding it
	Show bool
	// watch add, remove, items
	WatchArgs WatchArgs
	// storage set: the media storage's settings (the secret key comes
	// with --secret-stdin, as SecretStdin)
	Storage app.MediaStorageSettings
}

// ReadsStdin reports whether the command reads a secret or a text on
// standard input, which the caller reads (with ReadInput) before handing
// the command to a running Relais.
func (c Command) ReadsStdin() bool { return c.SecretStdin || c.AppSecretStdin || c.readsText() }

// readsText reports whether the command's text is read on standard input
// (--text -).
func (c Command) readsText() bool {
	return (c.Action == ActionInboxReply || c.Action == ActionDraftAdd) && c.Text == "-" ||
		c.Action == ActionCheck && c.Text == ""
}

// PastesSignIn reports whether the command reads, after the app's secret
// if any, the address a browser sign-in ends on, pasted by the user once
// the page is open (account add instagram|threads without
// --token-stdin): the caller keeps standard input open for it, behind
// what ReadInput read.
func (c Command) PastesSignIn() bool {
	p, err := app.ParseMetaProduct(string(c.Network))
	return c.Action == ActionAccountAdd && err == nil && !p.BrowserComesBack() && !c.SecretStdin
}

// ReadInput reads what the command takes on standard input, for the
// caller to hand it to Run (or to a running Relais) as Env.Stdin: the
// first line for a secret, the whole text (at most MaxTextSize bytes)
// for --text -. For a sign-in whose address is pasted later, it reads
// the secret's line and not a byte more.
func (c Command) ReadInput(r io.Reader) (string, error) {
	switch {
	case c.readsText():
		return readText(r)
	case c.PastesSignIn():
		return readLineOnly(r)
	}
	return ReadSecret(r)
}

// readLineOnly reads r's first line, byte by byte so that what follows
// stays in r, without the line's end.
func readLineOnly(r io.Reader) (string, error) {
	var line []byte
	b := make([]byte, 1)
	for len(line) < MaxSecretSize {
		n, err := r.Read(b)
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			line = append(line, b[0])
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return strings.TrimRight(string(line), "\r"), nil
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
	fs.BoolVar(&cmd.Background, "background", false, "")
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
	default:
		parse := subcommand(rest[0])
		if parse == nil {
			return Command{}, usage("cli.unknown_command", "command", rest[0])
		}
		if err := parse(&cmd, &lang, rest[1:]); errors.Is(err, errHelp) {
			return Command{Action: ActionHelp, DataDir: cmd.DataDir}, nil
		} else if err != nil {
			return Command{}, err
		}
	}
	l, err := app.ParseLanguage(lang)
	if err != nil {
		return Command{}, usage("cli.bad_value", "flag", "--lang", "detail", "en, fr")
	}
	cmd.Lang = l
	if cmd.DataDir != "" && cmd.Workspace != "" {
		return Command{}, usage("cli.data_or_workspace")
	}
	if cmd.Action == ActionWindow && cmd.View != "" && !isView(cmd.View) {
		return Command{}, usage("cli.unknown_view", "view", cmd.View, "views", strings.Join(Views, ", "))
	}
	return cmd, nil
}

// subcommand returns the parser of a command's first word, or nil.
func subcommand(word string) func(cmd *Command, lang *string, args []string) error {
	switch word {
	case "draft":
		return parseDraft
	case "queue":
		return parseQueue
	case "export":
		return parseExport
	case "import":
		return parseImport
	case "account":
		return parseAccount
	case "publish":
		return parsePublish
	case "sync":
		return parseSync
	case "collect":
		return parseCollect
	case "inbox":
		return parseInbox
	case "watch":
		return parseWatch
	case "competitor":
		return parseCompetitor
	case "check":
		return parseCheck
	case "workspace":
		return parseWorkspace
	case "backup":
		return parseBackup
	case "restore":
		return parseRestore
	case "doctor":
		return parseDoctor
	case "storage":
		return parseStorage
	}
	return nil
}

func parseDraft(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.draft_action_missing")
	}
	fs := newFlagSet(cmd, lang)
	var at string // --at as typed, read again in --zone once it is known
	words := 0
	switch args[0] {
	case "add":
		cmd.Action = ActionDraftAdd
		fs.StringVar(&cmd.Title, "title", "", "")
		fs.StringVar(&cmd.Text, "text", "", "")
		fs.StringVar(&cmd.Campaign, "campaign", "", "")
		fs.StringVar(&cmd.Notes, "note", "", "")
		fs.BoolVar(&cmd.UTM, "utm", false, "")
		fs.StringVar(&cmd.Language, "language", "", "")
		fs.StringVar(&cmd.Warning, "cw", "", "")
		fs.value("fit", func(v string) error {
			f, err := app.ParseImageFit(v)
			if err != nil {
				return usage("cli.bad_value", "flag", "--fit", "detail", "crop, pad, none")
			}
			cmd.Fit = f
			return nil
		})
		fs.value("image", func(v string) error {
			cmd.Images = append(cmd.Images, v)
			cmd.Alts = append(cmd.Alts, "")
			return nil
		})
		fs.value("alt", func(v string) error {
			if len(cmd.Images) == 0 {
				return usage("cli.alt_needs_image")
			}
			cmd.Alts[len(cmd.Alts)-1] = v
			return nil
		})
		fs.value("tag", func(v string) error {
			cmd.Tags = append(cmd.Tags, v)
			return nil
		})
		fs.value("at", func(v string) error {
			t, _, err := parseTime("at", v, time.Local)
			cmd.At, at = t, v
			return err
		})
		fs.value("network", func(v string) error {
			n, err := parseNetwork(v)
			cmd.Networks = append(cmd.Networks, n)
			return err
		})
		fs.value("account", func(v string) error {
			cmd.Accounts = append(cmd.Accounts, strings.TrimSpace(v))
			return nil
		})
		fs.BoolVar(&cmd.IgnoreProof, "ignore-proofreading", false, "")
		fs.value("status", func(v string) error {
			st, err := parseUserStatus(v)
			cmd.Status = st
			return err
		})
		fs.value("repeat", func(v string) error {
			rule, err := app.ParseRecurrence(v)
			if err != nil {
				return usage("cli.bad_repeat", "value", v)
			}
			cmd.Repeat = rule
			return nil
		})
		addZone(fs, cmd)
	case "list":
		cmd.Action = ActionDraftList
		fs.StringVar(&cmd.Search, "search", "", "")
		fs.StringVar(&cmd.Filter.Campaign, "campaign", "", "")
		fs.StringVar(&cmd.Filter.Tag, "tag", "", "")
		fs.value("status", func(v string) error {
			st := app.Status(strings.ToLower(strings.TrimSpace(v)))
			if !slices.Contains(app.Statuses, st) {
				return usage("cli.bad_status_filter", "value", v)
			}
			cmd.Filter.Status = st
			return nil
		})
		fs.value("network", func(v string) error {
			n, err := parseNetwork(v)
			cmd.Filter.Network = n
			return err
		})
		addRange(fs, cmd)
	case "status":
		cmd.Action = ActionDraftStatus
		words = 2
		fs.BoolVar(&cmd.IgnoreProof, "ignore-proofreading", false, "")
		fs.BoolVar(&cmd.IgnoreLimit, "ignore-limit", false, "")
	default:
		return usage("cli.unknown_command", "command", "draft "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionDraftAdd:
		if strings.TrimSpace(cmd.Text) == "" {
			return usage("cli.missing_text")
		}
		if cmd.Repeat != "" && cmd.At.IsZero() {
			return usage("cli.repeat_needs_at")
		}
		loc := time.Local
		if at != "" && cmd.Zone != "" {
			// A time without an offset is a wall-clock time in --zone.
			loc, _ = parseZone(cmd.Zone)
			cmd.At, _, _ = parseTime("at", at, loc)
		}
		if at != "" && inGap(at, loc) {
			cmd.AtGap = strings.TrimSpace(at)
		}
	case ActionDraftStatus:
		if len(rest) < 2 {
			return usage("cli.draft_status_needs")
		}
		if cmd.ID, err = parseID(rest[0]); err != nil {
			return err
		}
		if cmd.Status, err = parseUserStatus(rest[1]); err != nil {
			return err
		}
	}
	return nil
}

func parseQueue(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.queue_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	fs.value("network", func(v string) error {
		n, err := parseNetwork(v)
		cmd.Network = n
		return err
	})
	words := 0
	switch args[0] {
	case "add":
		cmd.Action = ActionQueueAdd
		words = 1
	case "slots":
		cmd.Action = ActionQueueSlots
		addZone(fs, cmd)
		fs.value("slot", func(v string) error {
			s, err := parseSlot(v)
			cmd.Slots = append(cmd.Slots, s)
			return err
		})
	case "list":
		cmd.Action = ActionQueueList
	default:
		return usage("cli.unknown_command", "command", "queue "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionQueueAdd:
		if len(rest) < 1 {
			return usage("cli.queue_add_needs_id")
		}
		if cmd.ID, err = parseID(rest[0]); err != nil {
			return err
		}
		if cmd.Network == "" {
			return usage("cli.missing_network", "command", "queue add")
		}
	case ActionQueueSlots:
		if cmd.Network == "" {
			return usage("cli.missing_network", "command", "queue slots")
		}
		if len(cmd.Slots) == 0 {
			return usage("cli.missing_slot")
		}
	}
	return nil
}

func parseExport(cmd *Command, lang *string, args []string) error {
	if len(args) > 0 && (args[0] == "csv" || args[0] == "pdf") {
		return parseExportReport(cmd, lang, args)
	}
	if len(args) == 0 || args[0] != "ics" {
		return usage("cli.export_needs_format")
	}
	cmd.Action = ActionExportICS
	fs := newFlagSet(cmd, lang)
	fs.StringVar(&cmd.Out, "out", "", "")
	fs.BoolVar(&cmd.Force, "force", false, "")
	addRange(fs, cmd)
	if _, err := parseRest(fs, cmd, args[1:], 0); err != nil {
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

func parseImport(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || args[0] != "ics" {
		return usage("cli.import_needs_format")
	}
	cmd.Action = ActionImportICS
	fs := newFlagSet(cmd, lang)
	rest, err := parseRest(fs, cmd, args[1:], 1)
	if err != nil {
		return err
	}
	if len(rest) == 0 || strings.TrimSpace(rest[0]) == "" {
		return usage("cli.missing_file")
	}
	cmd.In = rest[0]
	return nil
}

// addRange adds --from and --to, the range of planned time a command
// works on: [From, To).
// addZone takes --zone, an IANA time zone name.
func addZone(fs *flagSet, cmd *Command) {
	fs.value("zone", func(v string) error {
		_, err := parseZone(v)
		cmd.Zone = strings.TrimSpace(v)
		return err
	})
}

func addRange(fs *flagSet, cmd *Command) {
	fs.value("from", func(v string) error {
		t, _, err := parseTime("from", v, time.Local)
		cmd.From, cmd.Range = t, true
		return err
	})
	fs.value("to", func(v string) error {
		t, dateOnly, err := parseTime("to", v, time.Local)
		if dateOnly {
			t = t.AddDate(0, 0, 1) // --to 2026-12-31 includes that day
		}
		cmd.To, cmd.Range = t, true
		return err
	})
}

// parseRest parses a subcommand's options and up to n words, which may
// come before, between or after the options. It refuses words beyond
// them, and completes and checks the range.
func parseRest(fs *flagSet, cmd *Command, args []string, n int) ([]string, error) {
	var words []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
	if len(words) > n {
		return nil, usage("cli.unexpected_args", "args", strings.Join(words[n:], " "))
	}
	if cmd.Range && cmd.To.IsZero() {
		cmd.To = farFuture
	}
	if cmd.Range && !cmd.To.After(cmd.From) {
		return nil, usage("cli.empty_range")
	}
	return words, nil
}

// farFuture is the end of a range given only a start.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// timeLayouts are the forms --at, --from and --to accept; those without a
// zone are in the local time zone, or in --zone.
var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04"}

// parseTime reads a time, or a date (dateOnly), for the option named flag.
// A time without an offset is a wall-clock time in loc.
func parseTime(flag, v string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	v = strings.TrimSpace(v)
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, false, inYears(flag, v, t)
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
		return t, true, inYears(flag, v, t)
	}
	return time.Time{}, false, usage("cli.bad_time", "flag", "-"+flag, "value", v)
}

// inGap reports whether v, a time without an offset, names a wall-clock
// time that loc skips: time.Date moves it an hour on.
func inGap(v string, loc *time.Location) bool {
	v = strings.TrimSpace(v)
	for _, layout := range timeLayouts[1:] {
		wall, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		t, err := time.ParseInLocation(layout, v, loc)
		return err == nil && t.Format(layout) != wall.Format(layout)
	}
	return false
}

// inYears refuses a time outside the years Relais keeps (year 1 would
// read as no time at all, 9999 would be stored where no range finds it).
func inYears(flag, v string, t time.Time) error {
	if app.CheckYears(t, app.FirstEventYear, app.LastYear) != nil {
		return usage("cli.time_out_of_range", "flag", "-"+flag, "value", v,
			"first", strconv.Itoa(app.FirstEventYear), "last", strconv.Itoa(app.LastYear))
	}
	return nil
}

func parseNetwork(v string) (app.Network, error) {
	n, err := app.ParseNetwork(v)
	if err != nil {
		return "", usage("cli.bad_network", "value", v)
	}
	return n, nil
}

// parseUserStatus reads a status the user may set.
func parseUserStatus(v string) (app.Status, error) {
	st, err := app.ParseStatus(v)
	switch {
	case errors.Is(err, app.ErrStatusReserved):
		return "", usage("cli.status_reserved", "value", v)
	case err != nil:
		return "", usage("cli.bad_status", "value", v)
	}
	return st, nil
}

// parseZone reads an IANA time zone name. "Local" and "" are not names.
func parseZone(v string) (*time.Location, error) {
	v = strings.TrimSpace(v)
	if v == "" || v == "Local" {
		return nil, usage("cli.bad_zone", "value", v)
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		return nil, usage("cli.bad_zone", "value", v)
	}
	return loc, nil
}

func parseID(v string) (app.ID, error) {
	id, err := app.ParseID(strings.TrimSpace(v))
	if err != nil {
		return app.ID{}, usage("cli.bad_id", "id", v)
	}
	return id, nil
}

// parseSlot reads a weekly slot: a day, in English or French, in full or
// in three letters, then a time of day: "mon 09:00", "ven 18h30".
func parseSlot(v string) (app.Slot, error) {
	bad := usage("cli.bad_slot", "value", v)
	fields := strings.Fields(v)
	if len(fields) != 2 {
		return app.Slot{}, bad
	}
	day, ok := slotDay(fields[0])
	if !ok {
		return app.Slot{}, bad
	}
	hour, minute, ok := clockTime(fields[1])
	if !ok {
		return app.Slot{}, bad
	}
	return app.Slot{Day: day, Hour: hour, Minute: minute}, nil
}

func slotDay(s string) (time.Weekday, bool) {
	switch strings.TrimSuffix(strings.ToLower(s), ".") {
	case "mon", "monday", "lun", "lundi":
		return time.Monday, true
	case "tue", "tuesday", "mar", "mardi":
		return time.Tuesday, true
	case "wed", "wednesday", "mer", "mercredi":
		return time.Wednesday, true
	case "thu", "thursday", "jeu", "jeudi":
		return time.Thursday, true
	case "fri", "friday", "ven", "vendredi":
		return time.Friday, true
	case "sat", "saturday", "sam", "samedi":
		return time.Saturday, true
	case "sun", "sunday", "dim", "dimanche":
		return time.Sunday, true
	}
	return 0, false
}

// clockTime reads 09:00, 9:00, 18h30 or 18h.
func clockTime(s string) (hour, minute int, ok bool) {
	h, m, found := strings.Cut(strings.ToLower(s), ":")
	if !found {
		h, m, found = strings.Cut(strings.ToLower(s), "h")
		if found && m == "" {
			m = "00"
		}
	}
	if !found || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, 0, false
	}
	hour, _ = strconv.Atoi(h)
	minute, _ = strconv.Atoi(m)
	if hour > 23 || minute > 59 {
		return 0, 0, false
	}
	return hour, minute, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// errHelp is -h or --help after a command's words.
var errHelp = errors.New("help asked")

// flagSet is a silent flag.FlagSet that keeps the first value an option
// refused, a UsageError that says why in the user's language.
type flagSet struct {
	*flag.FlagSet
	refused error
}

// newFlagSet returns a flag set with the options every command takes.
func newFlagSet(cmd *Command, lang *string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("relais", flag.ContinueOnError)}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.value("data", func(v string) error {
		if strings.TrimSpace(v) == "" { // a variable left empty: never the default folder silently
			return usage("cli.empty_data")
		}
		cmd.DataDir = v
		return nil
	})
	fs.StringVar(&cmd.Workspace, "workspace", cmd.Workspace, "")
	fs.StringVar(lang, "lang", *lang, "")
	fs.BoolVar(&cmd.JSON, "json", cmd.JSON, "")
	return fs
}

// value adds an option read by parse, which returns a *UsageError for a
// value it refuses.
func (fs *flagSet) value(name string, parse func(string) error) {
	fs.Func(name, "", func(v string) error {
		err := parse(v)
		if err != nil && fs.refused == nil {
			fs.refused = err
		}
		return err
	})
}

// parseFlags runs fs.Parse and turns the flag package's English errors
// into UsageErrors that can be translated.
func parseFlags(fs *flagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	if fs.refused != nil {
		return fs.refused
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
	return usage("cli.flag_error", "detail", msg)
}

func isView(v string) bool {
	return slices.Contains(Views, v)
}
