package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// parseCompetitor reads "competitor add --network N HANDLE", "competitor
// list", "competitor remove ID|HANDLE" and "competitor run".
func parseCompetitor(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.competitor_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	words := 0
	switch args[0] {
	case "add":
		cmd.Action = ActionCompetitorAdd
		words = 1
		fs.value("network", func(v string) error {
			n, err := parseNetwork(v)
			if err != nil {
				return err
			}
			cmd.Network = n
			return nil
		})
	case "list":
		cmd.Action = ActionCompetitorList
	case "remove":
		cmd.Action = ActionCompetitorRemove
		words = 1
	case "run":
		cmd.Action = ActionCompetitorRun
	default:
		return usage("cli.unknown_command", "command", "competitor "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionCompetitorAdd:
		if len(rest) < 1 || monitor.NormalizeHandle(rest[0]) == "" {
			return usage("cli.competitor_needs_handle")
		}
		if cmd.Network != app.Bluesky && cmd.Network != app.Mastodon {
			return usage("cli.competitor_needs_network")
		}
		cmd.Name = monitor.NormalizeHandle(rest[0])
	case ActionCompetitorRemove:
		if len(rest) < 1 || strings.TrimSpace(rest[0]) == "" {
			return usage("cli.competitor_needs_id")
		}
		cmd.Name = strings.TrimSpace(rest[0])
	}
	return nil
}

// competitors is the competitors' service, or an error when main did not
// wire one.
func (env Env) competitors() (*monitor.Competitors, error) {
	if env.Competitors == nil {
		return nil, errors.New("the competitors' accounts are not available in this process")
	}
	return env.Competitors, nil
}

type competitorJSON struct {
	ID        string    `json:"id"`
	Network   string    `json:"network"`
	Handle    string    `json:"handle"`
	Name      string    `json:"name,omitempty"`
	URL       string    `json:"url,omitempty"`
	Added     time.Time `json:"added"`
	Followers *int      `json:"followers,omitempty"`
	LastRead  time.Time `json:"last_read,omitzero"`
	NextDue   time.Time `json:"next_due,omitzero"`
	Failures  int       `json:"failures,omitempty"`
	LastError string    `json:"last_error,omitempty"`
}

// competitorJSON is a competitor with its followers of the last day read.
func (env Env) competitorJSON(ctx context.Context, c monitor.Competitor) (competitorJSON, error) {
	j := competitorJSON{ID: c.ID.String(), Network: string(c.Network), Handle: c.Handle, Name: c.Name, URL: c.URL, Added: c.Added,
		LastRead: c.LastRead, NextDue: c.NextDue, Failures: c.Failures, LastError: c.LastError}
	if !c.LastRead.IsZero() {
		day := app.DayOf(c.LastRead, time.UTC)
		days, err := env.Competitors.Days(ctx, c.ID, day.AddDate(0, 0, -2), day.AddDate(0, 0, 2))
		if err != nil {
			return j, err
		}
		if len(days) > 0 {
			n := days[len(days)-1].Followers
			j.Followers = &n
		}
	}
	return j, nil
}

func competitorAdd(ctx context.Context, cmd Command, env Env) error {
	s, err := env.competitors()
	if err != nil {
		return err
	}
	c, err := s.Add(ctx, cmd.Network, cmd.Name)
	if err != nil {
		return err
	}
	j, err := env.competitorJSON(ctx, c)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, j)
	}
	followers := "—"
	if j.Followers != nil {
		followers = strconv.Itoa(*j.Followers)
	}
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.competitor_added", "handle", c.Handle, "network", c.Network.Name(), "id", c.ID.String(),
		"followers", followers))
	if c.LastError != "" {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.competitor_read_failed", "error", c.LastError))
	}
	return nil
}

func competitorList(ctx context.Context, cmd Command, env Env) error {
	s, err := env.competitors()
	if err != nil {
		return err
	}
	list, err := s.List(ctx)
	if err != nil {
		return err
	}
	out := make([]competitorJSON, len(list))
	for i, c := range list {
		if out[i], err = env.competitorJSON(ctx, c); err != nil {
			return err
		}
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.competitor_none"))
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, j := range out {
		followers := "—"
		if j.Followers != nil {
			followers = env.Tr.N("cli.competitor_followers", *j.Followers)
		}
		state := ""
		if j.LastError != "" {
			state = "(" + plainLine(j.LastError) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", j.ID, j.Network, plainLine(j.Handle), plainLine(j.Name), followers, state)
	}
	return tw.Flush()
}

func competitorRemove(ctx context.Context, cmd Command, env Env) error {
	s, err := env.competitors()
	if err != nil {
		return err
	}
	c, err := s.Find(ctx, cmd.Name)
	if errors.Is(err, app.ErrNotFound) {
		return fail("cli.no_such_competitor", "id", cmd.Name)
	}
	if err != nil {
		return err
	}
	if err := s.Remove(ctx, c.ID); err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]string{"removed": c.ID.String()})
	}
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.competitor_removed", "handle", c.Handle, "id", c.ID.String()))
	return nil
}

type competitorRunJSON struct {
	Competitor competitorJSON `json:"competitor"`
	Posts      int            `json:"posts"`
	Error      string         `json:"error,omitempty"`
}

// competitorRun reads every competitor once, due or not.
func competitorRun(ctx context.Context, cmd Command, env Env) error {
	s, err := env.competitors()
	if err != nil {
		return err
	}
	results, err := s.Refresh(ctx, true)
	if err != nil {
		return err
	}
	failed := 0
	out := make([]competitorRunJSON, len(results))
	for i, r := range results {
		j, err := env.competitorJSON(ctx, r.Competitor)
		if err != nil {
			return err
		}
		out[i] = competitorRunJSON{Competitor: j, Posts: r.Posts}
		if r.Err != nil {
			failed++
			out[i].Error = r.Competitor.LastError
		}
		if !cmd.JSON {
			followers := "—"
			if j.Followers != nil {
				followers = strconv.Itoa(*j.Followers)
			}
			line := env.Tr.T("cli.competitor_read", "handle", r.Competitor.Handle, "followers", followers, "posts", strconv.Itoa(r.Posts))
			if r.Err != nil {
				line += " — " + out[i].Error
			}
			fmt.Fprintln(env.Stdout, line)
		}
	}
	if cmd.JSON {
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fail("cli.competitor_failed", "count", strconv.Itoa(failed))
	}
	return nil
}
