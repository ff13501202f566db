package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/i18n"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command was understood but failed
	ExitUsage = 2 // the command line itself is wrong
)

// Env is what a command runs with.
type Env struct {
	Drafts     *app.Drafts
	Calendar   *app.Calendar
	Accounts   *app.Accounts
	Publishing *app.Publishing
	Inbox      *app.Inbox
	// Monitor is the veille (relais watch).
	Monitor *monitor.Service
	// Competitors are the competitors' accounts followed (relais
	// competitor).
	Competitors *monitor.Competitors
	// Impostors are the veille's suspect accounts (relais watch
	// impostors).
	Impostors *impostor.Guard
	// Analytics makes the reports of relais export csv|pdf; Charts draws
	// their charts (nil draws with chart.New).
	Analytics *app.Analytics
	Charts    chart.Renderer
	Media     app.MediaStore
	// Proofreader checks texts (relais check); nil when the dictionaries
	// are not there.
	Proofreader app.Proofreader
	// Stdin is where --token-stdin, --password-stdin and --text - read.
	Stdin io.Reader
	Clock app.Clock
	// WorkDir is the directory relative paths (--out) are read from: the
	// caller's, also when a running Relais carries out the command.
	WorkDir string
	Tr      *i18n.Translator
	DataDir string
	// Workspace is the workspace the command runs in; Workspaces the
	// list, for the workspace commands.
	Workspace  workspace.Workspace
	Workspaces Workspaces
	// Info is Relais's name, version and build, for --version.
	Info   appinfo.Info
	Stdout io.Writer
	Stderr io.Writer
	// Store is the open database, for backup, doctor and the count of
	// records a list could not read; Restore unpacks a backup.
	Store   Maintenance
	Restore Restorer
	// Compact rewrites the database without its free pages (relais
	// doctor); nil when a running window holds it.
	Compact func() (before, after int64, err error)
	// MediaStorage is the storage the user owns where images for
	// Instagram and Threads are staged (relais storage).
	MediaStorage *app.MediaStorage
}

// Run carries out a command that needs no window and returns the exit code.
func Run(ctx context.Context, cmd Command, env Env) int {
	var err error
	switch cmd.Action {
	case ActionHelp:
		PrintHelp(env.Stdout, env.Tr, env.DataDir)
	case ActionVersion:
		fmt.Fprintln(env.Stdout, env.Info.String())
		fmt.Fprintln(env.Stdout, appinfo.Platform())
	case ActionWorkspaceList, ActionWorkspaceCreate, ActionWorkspaceRename, ActionWorkspaceRemove, ActionWorkspaceBackground:
		err = runWorkspace(ctx, cmd, env)
	case ActionDraftAdd:
		err = draftAdd(ctx, cmd, env)
	case ActionDraftList:
		err = draftList(ctx, cmd, env)
	case ActionDraftStatus:
		err = draftStatus(ctx, cmd, env)
	case ActionQueueAdd:
		err = queueAdd(ctx, cmd, env)
	case ActionQueueSlots:
		err = queueSlots(ctx, cmd, env)
	case ActionQueueList:
		err = queueList(ctx, cmd, env)
	case ActionExportICS:
		err = exportICS(ctx, cmd, env)
	case ActionExportCSV, ActionExportPDF:
		err = exportReport(ctx, cmd, env)
	case ActionImportICS:
		err = importICS(ctx, cmd, env)
	case ActionAccountAdd:
		err = accountAdd(ctx, cmd, env)
	case ActionAccountList:
		err = accountList(ctx, cmd, env)
	case ActionAccountRemove:
		err = accountRemove(ctx, cmd, env)
	case ActionAccountTest:
		err = accountTest(ctx, cmd, env)
	case ActionAccountWatch:
		err = accountWatch(ctx, cmd, env)
	case ActionPublishDue:
		err = publishDue(ctx, cmd, env)
	case ActionSync:
		err = syncAll(ctx, cmd, env)
	case ActionCollect:
		err = collect(ctx, cmd, env)
	case ActionInboxList:
		err = inboxList(ctx, cmd, env)
	case ActionInboxDone:
		err = inboxDone(ctx, cmd, env)
	case ActionInboxReply:
		err = inboxReply(ctx, cmd, env)
	case ActionInboxAccept, ActionInboxReject:
		err = inboxAnswer(ctx, cmd, env)
	case ActionInboxDelete:
		err = inboxDelete(ctx, cmd, env)
	case ActionInboxHide:
		err = inboxHide(ctx, cmd, env)
	case ActionCompetitorAdd:
		err = competitorAdd(ctx, cmd, env)
	case ActionCompetitorList:
		err = competitorList(ctx, cmd, env)
	case ActionCompetitorRemove:
		err = competitorRemove(ctx, cmd, env)
	case ActionCompetitorRun:
		err = competitorRun(ctx, cmd, env)
	case ActionWatchAdd:
		err = watchAdd(ctx, cmd, env)
	case ActionWatchList:
		err = watchList(ctx, cmd, env)
	case ActionWatchRemove:
		err = watchRemove(ctx, cmd, env)
	case ActionWatchRun:
		err = watchRun(ctx, cmd, env)
	case ActionWatchItems:
		err = watchItems(ctx, cmd, env)
	case ActionWatchSpikes:
		err = watchSpikes(ctx, cmd, env)
	case ActionWatchStarters:
		err = watchStarters(ctx, cmd, env)
	case ActionWatchAlerts:
		err = watchAlerts(ctx, cmd, env)
	case ActionWatchImpostors:
		err = watchImpostors(ctx, cmd, env)
	case ActionWatchImpostorMark:
		err = watchImpostorMark(ctx, cmd, env)
	case ActionCheck:
		err = check(ctx, cmd, env)
	case ActionBackup:
		err = backup(ctx, cmd, env)
	case ActionRestore:
		err = restore(cmd, env)
	case ActionDoctor:
		err = doctor(env)
	case ActionStorageSet, ActionStorageShow, ActionStorageTest, ActionStorageRemove:
		err = runStorage(ctx, cmd, env)
	default:
		err = fmt.Errorf("action %d has no command-line form", cmd.Action)
	}
	if errors.Is(err, errFindings) {
		return ExitError // the findings said it
	}
	if err != nil {
		PrintError(env.Stderr, env.Tr, err)
		return ExitError
	}
	return ExitOK
}

// PrintHelp writes the help text.
func PrintHelp(w io.Writer, tr *i18n.Translator, dataDir string) {
	fmt.Fprint(w, tr.T("cli.usage_text", "views", strings.Join(Views, ", "), "data", dataDir))
}

// failure is a command understood but refused, said with a translation
// key and its values, as a UsageError is; it exits with ExitError.
type failure struct {
	Key  string
	Vars []string
}

func (e *failure) Error() string { return e.Key + " " + strings.Join(e.Vars, " ") }

func fail(key string, vars ...string) *failure { return &failure{Key: key, Vars: vars} }

// PrintError writes an error in plain words to w: a usage error followed
// by a hint; a post that cannot be scheduled, or a reply that cannot be
// sent, followed by why, one problem a line; any other error in one line.
func PrintError(w io.Writer, tr *i18n.Translator, err error) {
	if d, ok := errorsAsDamaged(err); ok {
		printDamaged(w, tr, d)
		return
	}
	var u *UsageError
	if errors.As(err, &u) {
		fmt.Fprintln(w, tr.T("cli.bad_usage", "detail", tr.T(u.Key, u.Vars...)))
		fmt.Fprintln(w, tr.T("cli.usage_hint"))
		return
	}
	var r *refused
	if errors.As(err, &r) {
		fmt.Fprintln(w, tr.T("cli.error", "message", tr.T(r.Key)))
		for _, p := range r.Problems {
			fmt.Fprintln(w, "  "+problemText(tr, p))
		}
		return
	}
	var notReady *app.NotReadyError
	if errors.As(err, &notReady) {
		fmt.Fprintln(w, tr.T("cli.error", "message", tr.T("cli.not_ready")))
		for _, p := range notReady.Problems {
			fmt.Fprintln(w, "  "+problemText(tr, p))
		}
		return
	}
	var f *failure
	if errors.As(err, &f) {
		fmt.Fprintln(w, tr.T("cli.error", "message", tr.T(f.Key, f.Vars...)))
		return
	}
	fmt.Fprintln(w, tr.T("cli.error", "message", tr.Error(err)))
}

// draftJSON is the shape of a draft in --json output. It is a public
// contract for scripts: fields are added, never renamed.
type draftJSON struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Text       string        `json:"text"`
	Tags       []string      `json:"tags"`
	Status     string        `json:"status"`
	PlannedAt  *time.Time    `json:"planned_at"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
	Campaign   string        `json:"campaign"`
	Notes      string        `json:"notes"`
	Networks   []string      `json:"networks"`
	Variants   []variantJSON `json:"variants"`
	Recurrence string        `json:"recurrence"` // an RRULE; "" for once
	Zone       string        `json:"zone"`       // IANA; "" for the user's
	UTM        bool          `json:"utm"`
	Media      []mediaJSON   `json:"media"`
}

// variantJSON is where a post goes: a network, an account on it when
// accounts are connected, and the text when it differs from the post's.
type variantJSON struct {
	Network string `json:"network"`
	Account string `json:"account,omitempty"`
	Text    string `json:"text,omitempty"`
}

type mediaJSON struct {
	Hash   string `json:"hash"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Alt    string `json:"alt"`
}

func toJSON(p app.Post) draftJSON {
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	d := draftJSON{
		ID: p.ID.String(), Title: p.Title, Text: p.Text, Tags: tags, Status: string(p.Status),
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
		Campaign: p.Campaign, Notes: p.Notes, Recurrence: p.Recurrence, Zone: p.Zone, UTM: p.UTM,
		Networks: []string{}, Variants: []variantJSON{}, Media: []mediaJSON{},
	}
	if !p.PlannedAt.IsZero() {
		at := p.PlannedAt.UTC()
		d.PlannedAt = &at
	}
	for _, n := range p.Networks() {
		d.Networks = append(d.Networks, string(n))
	}
	for _, v := range p.Variants {
		vj := variantJSON{Network: string(v.Target.Network), Text: v.Text}
		if !v.Target.Account.IsZero() {
			vj.Account = v.Target.Account.String()
		}
		d.Variants = append(d.Variants, vj)
	}
	for _, m := range p.Media {
		d.Media = append(d.Media, mediaJSON{Hash: m.Hash, Type: m.Type, Size: m.Size, Width: m.Width, Height: m.Height, Alt: m.Alt})
	}
	return d
}

// zone is the user's time zone, in which times are shown.
func (env Env) zone() *time.Location {
	if env.Calendar == nil {
		return time.Local
	}
	return env.Calendar.Zone()
}

// zoneName is the IANA name of the user's zone, or "" when the system
// does not give one.
func (env Env) zoneName() string {
	if name := env.zone().String(); name != "Local" {
		return name
	}
	return ""
}

// when writes a time as the lists show it, in the user's zone.
func (env Env) when(t time.Time) string { return t.In(env.zone()).Format("2006-01-02 15:04") }

func draftAdd(ctx context.Context, cmd Command, env Env) error {
	if cmd.Text == "-" {
		text, err := readText(env.Stdin)
		if err != nil {
			return err
		}
		cmd.Text = strings.TrimRight(text, "\r\n") // echo's end of line is not part of the post
	}
	targets, err := env.targets(ctx, cmd.Accounts)
	if err != nil {
		return err
	}
	p := app.Post{
		Title: cmd.Title, Text: cmd.Text, Tags: cmd.Tags, Campaign: cmd.Campaign, Notes: cmd.Notes,
		Status: cmd.Status, PlannedAt: cmd.At, Recurrence: cmd.Repeat, Zone: cmd.Zone, UTM: cmd.UTM,
		Language: strings.ToLower(strings.TrimSpace(cmd.Language)), Warning: cmd.Warning, IgnoreProof: cmd.IgnoreProof,
		ImageFit: cmd.Fit,
	}
	for i, name := range cmd.Images {
		m, err := env.attach(ctx, name)
		if err != nil {
			return err
		}
		m.Alt = cmd.Alts[i]
		p.Media = append(p.Media, m)
	}
	if p.Zone == "" {
		p.Zone = env.zoneName() // so that a repetition keeps the wall-clock time
	}
	for _, n := range cmd.Networks {
		p.Variants = append(p.Variants, app.Variant{Target: app.Target{Network: n}})
	}
	for _, t := range targets {
		p.Variants = append(p.Variants, app.Variant{Target: t})
	}
	p, err = env.Drafts.Create(ctx, p)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toJSON(p))
	}
	if cmd.AtGap != "" && !p.PlannedAt.IsZero() {
		zone := p.Zone
		if zone == "" {
			zone = p.PlannedAt.In(env.zone()).Format("MST")
		}
		loc := p.Location(env.zone())
		fmt.Fprintln(env.Stderr, env.Tr.T("cli.at_in_gap", "typed", cmd.AtGap, "zone", zone,
			"time", p.PlannedAt.In(loc).Format("2006-01-02 15:04")))
	}
	msg := env.Tr.T("cli.draft_added", "id", p.ID.String())
	switch {
	case p.Status == app.StatusScheduled:
		msg = env.Tr.T("cli.post_scheduled", "id", p.ID.String(), "time", env.when(p.PlannedAt))
	case !p.PlannedAt.IsZero():
		msg = env.Tr.T("cli.draft_planned", "id", p.ID.String(), "time", env.when(p.PlannedAt))
	}
	_, err = fmt.Fprintln(env.Stdout, msg)
	return err
}

// attach copies an image into the media store; a relative name is read
// from the caller's working directory.
func (env Env) attach(ctx context.Context, name string) (app.Media, error) {
	if env.Media == nil {
		return app.Media{}, fmt.Errorf("no media store: %w", app.ErrNotFound)
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(env.WorkDir, path)
	}
	f, err := openRegular(path)
	if errors.Is(err, errNotRegular) {
		return app.Media{}, fail("cli.not_regular", "file", name)
	}
	if err != nil {
		return app.Media{}, fail("cli.cannot_read", "file", name, "detail", err.Error())
	}
	defer f.Close()
	return env.Media.AddMedia(ctx, f, filepath.Base(name))
}

// targets finds the accounts --account names, by ID or by handle.
func (env Env) targets(ctx context.Context, names []string) ([]app.Target, error) {
	if len(names) == 0 {
		return nil, nil
	}
	if env.Accounts == nil {
		return nil, fail("cli.no_account", "id", names[0])
	}
	list, err := env.Accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []app.Target
	for _, name := range names {
		found := false
		for _, a := range list {
			if a.ID.String() == strings.ToLower(name) || strings.EqualFold(a.Handle, strings.TrimPrefix(name, "@")) {
				if a.Network == app.RSS {
					return nil, fail("cli.account_is_feed", "id", name)
				}
				out = append(out, a.Target())
				found = true
				break
			}
		}
		if !found {
			return nil, fail("cli.no_account", "id", name)
		}
	}
	return out, nil
}

func draftStatus(ctx context.Context, cmd Command, env Env) error {
	if cmd.IgnoreProof {
		if _, err := env.Drafts.SetIgnoreProof(ctx, cmd.ID, true); err != nil {
			return err
		}
	}
	if cmd.IgnoreLimit {
		if _, err := env.Drafts.SetIgnoreLimit(ctx, cmd.ID, true); err != nil {
			return err
		}
	}
	p, err := env.Drafts.SetStatus(ctx, cmd.ID, cmd.Status)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toJSON(p))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.status_set", "id", p.ID.String(), "status", statusName(env.Tr, p.Status)))
	return err
}

func draftList(ctx context.Context, cmd Command, env Env) error {
	posts, err := findDrafts(ctx, cmd, env.Drafts)
	if err != nil {
		return err
	}
	reportUnreadable(env)
	if cmd.JSON {
		out := make([]draftJSON, len(posts))
		for i, p := range posts {
			out[i] = toJSON(p)
		}
		return writeJSON(env.Stdout, out)
	}
	if len(posts) == 0 {
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.no_drafts"))
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', tabwriter.DiscardEmptyColumns)
	for _, p := range posts {
		// In a range, the planned time; else the time of the last change,
		// then the planned time if any.
		when, planned := env.when(p.UpdatedAt), ""
		if cmd.Range {
			when = env.when(p.PlannedAt)
		} else if !p.PlannedAt.IsZero() {
			planned = env.Tr.T("cli.list_planned", "time", env.when(p.PlannedAt))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t", p.ID, when, statusName(env.Tr, p.Status))
		if !cmd.Range {
			fmt.Fprintf(tw, "%s\t", planned)
		}
		// A draft's text may hold anything pasted, escape sequences too.
		fmt.Fprintf(tw, "%s\t%s", networkList(p.Networks()), i18n.OneLine(headline(p)))
		if len(p.Tags) > 0 {
			fmt.Fprintf(tw, "\t%s", i18n.OneLine(tagList(p.Tags)))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// headline is what a list shows of a post: its title and the start of
// its text.
func headline(p app.Post) string {
	s := app.Summarize(p)
	if s.Title != "" {
		return s.Title + " — " + s.Snippet
	}
	return s.Snippet
}

// tagList writes tags as a list shows them: "#a #b".
func tagList(tags []string) string {
	return "#" + strings.Join(tags, " #")
}

// findDrafts is what draft list shows: the drafts matching --search and
// the filters, most recently changed first; with --from or --to, the
// posts planned in that range, in time order.
func findDrafts(ctx context.Context, cmd Command, drafts *app.Drafts) ([]app.Post, error) {
	var posts []app.Post
	var err error
	if !cmd.Range {
		posts, err = drafts.Find(ctx, cmd.Search)
	} else {
		posts, err = plannedMatching(ctx, drafts, cmd.From, cmd.To, cmd.Search)
	}
	if err != nil {
		return nil, err
	}
	out := posts[:0]
	for _, p := range posts {
		if cmd.Filter.Match(p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// plannedMatching returns the posts planned in [from, to) that hold the
// words of search, in time order.
func plannedMatching(ctx context.Context, drafts *app.Drafts, from, to time.Time, search string) ([]app.Post, error) {
	planned, err := drafts.Between(ctx, from, to)
	if err != nil || strings.TrimSpace(search) == "" {
		return planned, err
	}
	matching, err := drafts.Find(ctx, search)
	if err != nil {
		return nil, err
	}
	keep := make(map[app.ID]bool, len(matching))
	for _, p := range matching {
		keep[p.ID] = true
	}
	out := planned[:0]
	for _, p := range planned {
		if keep[p.ID] {
			out = append(out, p)
		}
	}
	return out, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// errNotRegular is a path that names a pipe, a device or a folder.
var errNotRegular = errors.New("not a regular file")

// openRegular opens a file to read, refusing what is not a regular file
// before opening it: opening a named pipe waits for a writer, and reading
// a device may never end.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	return os.Open(path)
}
