package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/ui/i18n"
)

// Workspaces is what the workspace commands need: the registry, and the
// removal of a workspace with its folder and its secrets (main's wiring).
type Workspaces interface {
	List(ctx context.Context) ([]workspace.Workspace, error)
	Find(ctx context.Context, nameOrID string) (workspace.Workspace, error)
	Create(ctx context.Context, name string) (workspace.Workspace, error)
	Rename(ctx context.Context, id app.ID, name string) (workspace.Workspace, error)
	SetBackground(ctx context.Context, id app.ID, on bool) (workspace.Workspace, error)
	// Removal says what removing the workspace deletes.
	Removal(ctx context.Context, id app.ID) (workspace.Removal, error)
	// Remove deletes the workspace: its secrets, its folder, its entry.
	Remove(ctx context.Context, id app.ID) error
}

// IsWorkspaceCommand reports whether the command acts on the list of
// workspaces rather than inside one: it needs no data directory open.
func (c Command) IsWorkspaceCommand() bool {
	switch c.Action {
	case ActionWorkspaceList, ActionWorkspaceCreate, ActionWorkspaceRename, ActionWorkspaceRemove, ActionWorkspaceBackground:
		return true
	}
	return false
}

// parseWorkspace reads workspace list | create NAME | rename NAME NEW |
// remove NAME [--yes] | background NAME on|off.
func parseWorkspace(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 {
		return usage("cli.workspace_needs_verb")
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet(cmd, lang)
	var n int
	switch verb {
	case "list":
		cmd.Action = ActionWorkspaceList
	case "create":
		cmd.Action, n = ActionWorkspaceCreate, 1
	case "rename":
		cmd.Action, n = ActionWorkspaceRename, 2
	case "remove":
		cmd.Action, n = ActionWorkspaceRemove, 1
		fs.BoolVar(&cmd.Yes, "yes", false, "")
	case "background":
		cmd.Action, n = ActionWorkspaceBackground, 2
	default:
		return usage("cli.workspace_needs_verb")
	}
	words, err := parseRest(fs, cmd, args, n)
	if err != nil {
		return err
	}
	if len(words) < n {
		return usage("cli.workspace_needs_verb")
	}
	if n > 0 {
		cmd.Name = words[0]
	}
	switch cmd.Action {
	case ActionWorkspaceRename:
		cmd.NewName = words[1]
	case ActionWorkspaceBackground:
		switch strings.ToLower(words[1]) {
		case "on", "oui", "yes":
			cmd.On = true
		case "off", "non", "no":
		default:
			return usage("cli.bad_value", "flag", "background", "detail", "on, off")
		}
	}
	return nil
}

// workspaceJSON is a workspace as workspace list --json prints it.
type workspaceJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Colour     string     `json:"colour"`
	Dir        string     `json:"dir"`
	Background bool       `json:"background"`
	Default    bool       `json:"default"`
	Current    bool       `json:"current"`
	Opened     *time.Time `json:"opened"`
}

func toWorkspaceJSON(w workspace.Workspace, current bool) workspaceJSON {
	j := workspaceJSON{ID: w.ID.String(), Name: w.Name, Colour: w.Colour, Dir: w.Dir, Background: w.Background, Default: w.Default, Current: current}
	if !w.Opened.IsZero() {
		opened := w.Opened.UTC()
		j.Opened = &opened
	}
	return j
}

// runWorkspace carries out the workspace commands.
func runWorkspace(ctx context.Context, cmd Command, env Env) error {
	ws := env.Workspaces
	if ws == nil {
		return fmt.Errorf("no workspaces in this Relais")
	}
	tr := env.Tr
	switch cmd.Action {
	case ActionWorkspaceList:
		list, err := ws.List(ctx)
		if err != nil {
			return err
		}
		if cmd.JSON {
			out := make([]workspaceJSON, len(list))
			for i, w := range list {
				out[i] = toWorkspaceJSON(w, w.ID == env.Workspace.ID)
			}
			return writeJSON(env.Stdout, out)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		for _, w := range list {
			mark := " "
			if w.ID == env.Workspace.ID {
				mark = "*"
			}
			var notes []string
			if w.Default {
				notes = append(notes, tr.T("cli.workspace.default"))
			}
			if w.Background {
				notes = append(notes, tr.T("cli.workspace.background"))
			}
			fmt.Fprintf(tw, "%s %s\t%s\t%s\n", mark, i18n.OneLine(w.Name), w.Dir, strings.Join(notes, ", "))
		}
		return tw.Flush()
	case ActionWorkspaceCreate:
		w, err := ws.Create(ctx, cmd.Name)
		if err != nil {
			return err
		}
		if cmd.JSON {
			return writeJSON(env.Stdout, toWorkspaceJSON(w, false))
		}
		fmt.Fprintln(env.Stdout, tr.T("cli.workspace.created", "name", w.Name, "dir", w.Dir))
		return nil
	}
	w, err := ws.Find(ctx, cmd.Name)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionWorkspaceRename:
		renamed, err := ws.Rename(ctx, w.ID, cmd.NewName)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, tr.T("cli.workspace.renamed", "old", w.Name, "name", renamed.Name))
	case ActionWorkspaceBackground:
		if _, err := ws.SetBackground(ctx, w.ID, cmd.On); err != nil {
			return err
		}
		key := "cli.workspace.background_off"
		if cmd.On {
			key = "cli.workspace.background_on"
		}
		fmt.Fprintln(env.Stdout, tr.T(key, "name", w.Name))
	case ActionWorkspaceRemove:
		removal, err := ws.Removal(ctx, w.ID)
		if err != nil {
			return err
		}
		if !cmd.Yes {
			fmt.Fprintln(env.Stdout, tr.T("cli.workspace.would_remove", "name", w.Name, "dir", w.Dir))
			printRemoval(env, removal)
			return &failure{Key: "cli.workspace.confirm", Vars: []string{"name", w.Name}}
		}
		if err := ws.Remove(ctx, w.ID); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, tr.T("cli.workspace.removed", "name", w.Name))
		printRemoval(env, removal)
	}
	return nil
}

// printRemoval names what a removal deletes.
func printRemoval(env Env, r workspace.Removal) {
	tr := env.Tr
	fmt.Fprintln(env.Stdout, "  "+tr.N("cli.workspace.posts", r.Posts))
	fmt.Fprintln(env.Stdout, "  "+tr.N("cli.workspace.accounts", len(r.Accounts)))
	for _, a := range r.Accounts {
		fmt.Fprintln(env.Stdout, "    "+i18n.OneLine(a))
	}
}
