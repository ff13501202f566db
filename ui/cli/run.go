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
	"github.com/relais-app/relais/app/ical"
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
	Drafts   *app.Drafts
	Calendar *app.Calendar
	Clock    app.Clock
	// WorkDir is the directory relative paths (--out) are read from: the
	// caller's, also when a running Relais carries out the command.
	WorkDir string
	Tr      *i18n.Translator
	DataDir string
	Stdout  io.Writer
	Stderr  io.Writer
}

// Run carries out a command that needs no window and returns the exit code.
func Run(ctx context.Context, cmd Command, env Env) int {
	var err error
	switch cmd.Action {
	case ActionHelp:
		PrintHelp(env.Stdout, env.Tr, env.DataDir)
	case ActionVersion:
		fmt.Fprintln(env.Stdout, "Relais "+app.Version)
	case ActionDraftAdd:
		err = draftAdd(ctx, cmd, env)
	case ActionDraftList:
		err = draftList(ctx, cmd, env)
	case ActionExportICS:
		err = exportICS(ctx, cmd, env)
	default:
		err = fmt.Errorf("action %d has no command-line form", cmd.Action)
	}
	if err != nil {
		PrintError(env.Stderr, env.Tr, err)
		return ExitError
	}
	return ExitOK
}

// PrintHelp writes the help text.
func PrintHelp(w io.Writer, tr *i18n.Translator, dataDir string) {
	fmt.Fprint(w, tr.T("cli.help", "views", strings.Join(Views, ", "), "data", dataDir))
}

// PrintError writes an error in plain words, or a usage error followed by
// a hint, to w.
func PrintError(w io.Writer, tr *i18n.Translator, err error) {
	var u *UsageError
	if errors.As(err, &u) {
		fmt.Fprintln(w, tr.T("cli.bad_usage", "detail", tr.T(u.Key, u.Vars...)))
		fmt.Fprintln(w, tr.T("cli.usage_hint"))
		return
	}
	fmt.Fprintln(w, tr.T("cli.error", "message", tr.Error(err)))
}

// draftJSON is the shape of a draft in --json output. It is a public
// contract for scripts: fields are added, never renamed.
type draftJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Tags      []string   `json:"tags"`
	Status    string     `json:"status"`
	PlannedAt *time.Time `json:"planned_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func toJSON(p app.Post) draftJSON {
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	d := draftJSON{
		ID: p.ID.String(), Title: p.Title, Text: p.Text, Tags: tags, Status: string(p.Status),
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
	if !p.PlannedAt.IsZero() {
		at := p.PlannedAt.UTC()
		d.PlannedAt = &at
	}
	return d
}

func draftAdd(ctx context.Context, cmd Command, env Env) error {
	p, err := env.Drafts.Create(ctx, app.Post{Title: cmd.Title, Text: cmd.Text, Tags: cmd.Tags, PlannedAt: cmd.At})
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toJSON(p))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.draft_added", "id", p.ID.String()))
	return err
}

func draftList(ctx context.Context, cmd Command, env Env) error {
	posts, err := findDrafts(ctx, cmd, env.Drafts)
	if err != nil {
		return err
	}
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
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, p := range posts {
		s := app.Summarize(p)
		line := s.Snippet
		if s.Title != "" {
			line = s.Title + " — " + s.Snippet
		}
		tags := ""
		if len(p.Tags) > 0 {
			tags = "#" + strings.Join(p.Tags, " #")
		}
		when := p.UpdatedAt // when it last changed, or when it is planned
		if cmd.Range {
			when = p.PlannedAt
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, when.Local().Format("2006-01-02 15:04"), line, tags)
	}
	return tw.Flush()
}

// findDrafts is what draft list shows: the drafts matching --search, most
// recently changed first; with --from or --to, the posts planned in that
// range, in time order.
func findDrafts(ctx context.Context, cmd Command, drafts *app.Drafts) ([]app.Post, error) {
	if !cmd.Range {
		return drafts.Find(ctx, cmd.Search)
	}
	planned, err := drafts.Between(ctx, cmd.From, cmd.To)
	if err != nil || strings.TrimSpace(cmd.Search) == "" {
		return planned, err
	}
	matching, err := drafts.Find(ctx, cmd.Search)
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

// exportICS writes the planned posts of the range as an iCalendar file.
// It writes a temporary file beside the target and renames it, so a
// calendar program reading the file never sees half of it.
func exportICS(ctx context.Context, cmd Command, env Env) error {
	posts, err := env.Drafts.Between(ctx, cmd.From, cmd.To)
	if err != nil {
		return err
	}
	out := cmd.Out
	if !filepath.IsAbs(out) {
		out = filepath.Join(env.WorkDir, out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".relais-export-*.ics")
	if err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing is left to remove
	if err := ical.Export(tmp, posts, env.Clock.Now()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]any{"file": out, "posts": len(posts)})
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.N("cli.exported", len(posts), "file", out))
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
