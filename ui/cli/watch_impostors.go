package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/ui/i18n"
)

// impostors is the veille's suspects, or an error when main did not wire
// them.
func (env Env) impostors() (*impostor.Guard, error) {
	if env.Impostors == nil {
		return nil, errors.New("the impostors' search is not available in this process")
	}
	return env.Impostors, nil
}

type suspectJSON struct {
	ID          string    `json:"id"`
	Network     string    `json:"network"`
	Handle      string    `json:"handle"`
	DisplayName string    `json:"display_name,omitempty"`
	Profile     string    `json:"profile,omitempty"`
	ReportPage  string    `json:"report_page,omitempty"`
	ServerAbout string    `json:"server_about,omitempty"`
	Score       int       `json:"score"`
	Level       string    `json:"level"`
	Status      string    `json:"status,omitempty"`
	Reasons     []string  `json:"reasons"`
	Created     time.Time `json:"account_created,omitzero"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
}

// ReasonText words one reason of a suspect in the user's language.
func ReasonText(tr *i18n.Translator, r impostor.Reason) string {
	if n, ok := r.Count(); ok {
		return tr.N(r.Key(), n, r.Vars()...)
	}
	return tr.T(r.Key(), r.Vars()...)
}

func (env Env) suspectJSON(r impostor.Record) suspectJSON {
	j := suspectJSON{ID: r.ID.String(), Network: string(r.Account.Network), Handle: r.Account.Handle,
		DisplayName: r.Account.DisplayName, Profile: r.Account.URL, Score: r.Score, Level: string(r.Level()),
		Status: string(r.Status), Created: r.Account.CreatedAt, FirstSeen: r.FirstSeen, LastSeen: r.LastSeen, Reasons: []string{}}
	if page, err := r.ReportURL(); err == nil {
		j.ReportPage = page
	}
	j.ServerAbout = impostor.AboutURL(r.Account)
	for _, x := range r.Reasons {
		j.Reasons = append(j.Reasons, ReasonText(env.Tr, x))
	}
	return j
}

// watchImpostors lists the accounts that look like the brand's, with
// their reasons and the page where each is reported.
func watchImpostors(ctx context.Context, cmd Command, env Env) error {
	g, err := env.impostors()
	if err != nil {
		return err
	}
	list, err := g.List(ctx)
	if err != nil {
		return err
	}
	if cmd.JSON {
		out := make([]suspectJSON, len(list))
		for i, r := range list {
			out[i] = env.suspectJSON(r)
		}
		return writeJSON(env.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.impostors_none"))
		return nil
	}
	for i, r := range list {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		j := env.suspectJSON(r)
		status := env.Tr.T("cli.impostor_unmarked")
		if r.Status != "" {
			status = env.Tr.T(r.Status.Key())
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Account.Network.Name(), plainLine(r.Account.Handle), plainLine(r.Account.DisplayName))
		tw.Flush()
		fmt.Fprintln(env.Stdout, "  "+env.Tr.T("cli.impostor_score", "score", env.Tr.Number(r.Score), "level", env.Tr.T(r.Level().Key()), "status", status))
		for _, why := range j.Reasons {
			fmt.Fprintln(env.Stdout, "  - "+plainLine(why))
		}
		if j.Profile != "" {
			fmt.Fprintln(env.Stdout, "  "+env.Tr.T("cli.impostor_profile", "url", j.Profile))
		}
		if j.ReportPage != "" {
			fmt.Fprintln(env.Stdout, "  "+env.Tr.T("cli.impostor_report."+string(r.Account.Network), "url", j.ReportPage,
				"handle", plainLine(r.Account.Handle)))
		}
		if j.ServerAbout != "" {
			fmt.Fprintln(env.Stdout, "  "+env.Tr.T("cli.impostor_about", "url", j.ServerAbout))
		}
	}
	fmt.Fprintln(env.Stdout)
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.impostors_hint"))
	return nil
}

// watchImpostorMark sets the status the user chose for a suspect.
func watchImpostorMark(ctx context.Context, cmd Command, env Env) error {
	g, err := env.impostors()
	if err != nil {
		return err
	}
	r, err := g.Find(ctx, cmd.WatchArgs.Suspect)
	if errors.Is(err, impostor.ErrNoSuchSuspect) {
		return fail("cli.no_such_suspect", "id", cmd.WatchArgs.Suspect)
	}
	if err != nil {
		return err
	}
	r, err = g.Mark(ctx, r.ID, cmd.WatchArgs.Status)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, env.suspectJSON(r))
	}
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.impostor_marked", "handle", plainLine(r.Account.Handle),
		"status", strings.ToLower(env.Tr.T(r.Status.Key()))))
	return nil
}
