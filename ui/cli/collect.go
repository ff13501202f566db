package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/relais-app/relais/app"
)

// parseCollect reads "collect".
func parseCollect(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionCollect
	_, err := parseRest(newFlagSet(cmd, lang), cmd, args, 0)
	return err
}

// collectJSON is one account's collection in --json output; a contract
// for scripts: fields are added, never renamed.
type collectJSON struct {
	Account string `json:"account"`
	Network string `json:"network"`
	Handle  string `json:"handle"`
	// Day is true when the account's figures of the day were read.
	Day   bool   `json:"day"`
	Posts int    `json:"posts"`
	Error string `json:"error,omitempty"`
}

// collect reads every account's figures once, as the window does every
// half hour, so that a Relais driven from cron has figures to report;
// it fails when an account could not be read.
func collect(ctx context.Context, cmd Command, env Env) error {
	res, err := env.collect(ctx)
	if err != nil {
		return err
	}
	if cmd.JSON {
		out := make([]collectJSON, len(res.Read))
		for i, r := range res.Read {
			out[i] = env.collectJSON(r)
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	} else {
		if len(res.Read) == 0 {
			_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.collect_no_accounts"))
			return err
		}
		for _, r := range res.Read {
			fmt.Fprintln(env.Stdout, env.Tr.T("cli.sync_line", "account", accountText(r.Account), "what", env.collectSummary(r)))
		}
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.collect_total", "accounts", env.Tr.N("cli.collect_accounts", res.Accounts),
			"posts", env.Tr.N("cli.collect_posts", res.Posts)))
	}
	if n := len(res.Errs); n > 0 {
		return fail("cli.collect_failed", "count", strconv.Itoa(n))
	}
	return nil
}

// collect runs one collection of the figures due; a cancelled one keeps
// what it read and says so.
func (env Env) collect(ctx context.Context) (app.CollectResult, error) {
	if env.Analytics == nil {
		return app.CollectResult{}, errors.New("the figures are not available in this process")
	}
	res, err := env.Analytics.Collect(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("reading the figures: %w", err)
	}
	return res, nil
}

func (env Env) collectJSON(r app.AccountCollected) collectJSON {
	j := collectJSON{Account: r.Account.ID.String(), Network: string(r.Account.Network), Handle: r.Account.Handle, Day: r.Day, Posts: r.Posts}
	if r.Err != nil {
		j.Error = env.Tr.Error(r.Err)
	}
	return j
}

// collectSummary says what was read of one account: "figures of the
// day, 3 posts", "nothing due", or why it could not be read.
func (env Env) collectSummary(r app.AccountCollected) string {
	tr := env.Tr
	switch {
	case r.Err != nil:
		return tr.Error(r.Err)
	case r.Day && r.Posts > 0:
		return tr.T("cli.collect_day_and_posts", "posts", tr.N("cli.collect_posts", r.Posts))
	case r.Day:
		return tr.T("cli.collect_day")
	case r.Posts > 0:
		return tr.N("cli.collect_posts", r.Posts)
	}
	return tr.T("cli.collect_nothing_due")
}
