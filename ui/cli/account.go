package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// parseAccount reads "account add|list|remove|test|watch".
func parseAccount(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.account_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	words := 0
	switch args[0] {
	case "add":
		cmd.Action = ActionAccountAdd
		words = 1
		fs.StringVar(&cmd.Server, "server", "", "")
		fs.StringVar(&cmd.Server, "pds", "", "")
		fs.StringVar(&cmd.Server, "url", "", "")
		fs.StringVar(&cmd.PLC, "plc", "", "")
		fs.StringVar(&cmd.Handle, "handle", "", "")
		fs.StringVar(&cmd.Label, "label", "", "")
		fs.BoolVar(&cmd.SecretStdin, "token-stdin", false, "")
		fs.BoolVar(&cmd.SecretStdin, "password-stdin", false, "")
		fs.StringVar(&cmd.AppID, "app-id", "", "")
		fs.BoolVar(&cmd.AppSecretStdin, "app-secret-stdin", false, "")
		fs.StringVar(&cmd.Page, "page", "", "")
		fs.StringVar(&cmd.IGUser, "ig-user", "", "")
		fs.StringVar(&cmd.API, "api", "", "")
		fs.value("watch", func(v string) error {
			cmd.Watch = append(cmd.Watch, v)
			return nil
		})
		addZone(fs, cmd)
	case "list":
		cmd.Action = ActionAccountList
	case "remove":
		cmd.Action = ActionAccountRemove
		words = 1
	case "test":
		cmd.Action = ActionAccountTest
		words = 1
	case "watch":
		cmd.Action = ActionAccountWatch
		words = 1
		fs.value("word", func(v string) error {
			cmd.Watch = append(cmd.Watch, v)
			return nil
		})
	default:
		return usage("cli.unknown_command", "command", "account "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionAccountAdd:
		if len(rest) < 1 {
			return usage("cli.account_add_needs_network")
		}
		if p, err := app.ParseMetaProduct(rest[0]); err == nil {
			cmd.Network = p.Network()
			return checkMetaAdd(cmd, p)
		}
		if cmd.AppID != "" || cmd.AppSecretStdin || cmd.Page != "" || cmd.IGUser != "" || cmd.API != "" {
			return usage("cli.meta_flags_only")
		}
		n, err := app.ParseAccountNetwork(rest[0])
		if err != nil {
			return usage("cli.bad_account_network", "value", rest[0])
		}
		cmd.Network = n
		switch n {
		case app.Mastodon:
			if cmd.Server == "" || !cmd.SecretStdin {
				return usage("cli.mastodon_needs")
			}
		case app.Bluesky:
			if cmd.Handle == "" || !cmd.SecretStdin {
				return usage("cli.bluesky_needs")
			}
		case app.RSS:
			if cmd.Server == "" {
				return usage("cli.rss_needs")
			}
		}
		if len(cmd.Watch) > 0 && n != app.RSS {
			return usage("cli.watch_feeds_only")
		}
		if cmd.PLC != "" && n != app.Bluesky {
			return usage("cli.plc_bluesky_only")
		}
	case ActionAccountRemove, ActionAccountTest, ActionAccountWatch:
		if len(rest) < 1 {
			return usage("cli.account_needs_id")
		}
		if cmd.ID, err = parseID(rest[0]); err != nil {
			return err
		}
	}
	return nil
}

// checkMetaAdd checks "account add facebook|instagram|threads": the app
// comes with both --app-id and --app-secret-stdin (or was saved before),
// one secret at most on standard input, --page for Facebook and --ig-user
// for Instagram only.
func checkMetaAdd(cmd *Command, p app.MetaProduct) error {
	switch {
	case (cmd.AppID != "") != cmd.AppSecretStdin:
		return usage("cli.meta_app_needs_both")
	case cmd.AppSecretStdin && cmd.SecretStdin:
		return usage("cli.meta_one_stdin")
	case cmd.Page != "" && p != app.MetaFacebook:
		return usage("cli.meta_page_facebook_only")
	case cmd.IGUser != "" && p != app.MetaInstagram:
		return usage("cli.meta_ig_user_instagram_only")
	case cmd.Handle != "" || cmd.PLC != "" || len(cmd.Watch) > 0:
		return usage("cli.meta_no_such_flag")
	}
	if cmd.API != "" {
		u, err := url.Parse(cmd.API)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return usage("cli.meta_bad_api", "value", cmd.API)
		}
	}
	return nil
}

// parsePublish reads "publish --due".
func parsePublish(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionPublishDue
	fs := newFlagSet(cmd, lang)
	due := fs.Bool("due", false, "")
	if _, err := parseRest(fs, cmd, args, 0); err != nil {
		return err
	}
	if !*due {
		return usage("cli.publish_needs_due")
	}
	return nil
}

// MaxSecretSize bounds what --token-stdin and --password-stdin read.
const MaxSecretSize = 64 << 10

// ReadSecret reads a token or a password given on standard input: its
// first line, without the line's end.
func ReadSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReaderSize(io.LimitReader(r, MaxSecretSize), 4096).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// accountJSON is an account in --json output; a contract for scripts. It
// never holds a secret.
type accountJSON struct {
	ID          string   `json:"id"`
	Network     string   `json:"network"`
	Name        string   `json:"name"`
	Handle      string   `json:"handle"`
	DisplayName string   `json:"display_name,omitempty"`
	Server      string   `json:"server"`
	PLC         string   `json:"plc,omitempty"`
	URL         string   `json:"url,omitempty"`
	State       string   `json:"state"`
	Problem     string   `json:"problem,omitempty"`
	Zone        string   `json:"zone,omitempty"`
	Watch       []string `json:"watch,omitempty"`
	// SignInExpiry is when the sign-in must be renewed by signing in
	// again (a Facebook token); absent when it does not expire.
	SignInExpiry *time.Time `json:"signin_expiry,omitempty"`
}

func toAccountJSON(a app.Account) accountJSON {
	j := accountJSON{ID: a.ID.String(), Network: string(a.Network), Name: a.Name(), Handle: a.Handle,
		DisplayName: a.DisplayName, Server: a.Server, PLC: a.PLC, URL: a.URL, State: string(a.State), Problem: a.Problem, Zone: a.Zone, Watch: a.Watch}
	if !a.SignInExpiry.IsZero() {
		t := a.SignInExpiry.UTC()
		j.SignInExpiry = &t
	}
	return j
}

func accountAdd(ctx context.Context, cmd Command, env Env) error {
	if p, err := app.ParseMetaProduct(string(cmd.Network)); err == nil {
		return metaAccountAdd(ctx, cmd, env, p)
	}
	var secret app.Secret
	if cmd.SecretStdin {
		s, err := ReadSecret(env.Stdin)
		if err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			return fail("cli.empty_secret")
		}
		if cmd.Network == app.Bluesky {
			secret.Password = s
		} else {
			secret.AccessToken = s
		}
	}
	draft := app.Account{Network: cmd.Network, Server: cmd.Server, PLC: cmd.PLC, Handle: cmd.Handle, Label: cmd.Label, Zone: cmd.Zone, Watch: cmd.Watch}
	acc, err := env.Accounts.Connect(ctx, draft, secret)
	already := errors.Is(err, app.ErrAlreadyConnected)
	if err != nil && !already {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toAccountJSON(acc))
	}
	key := "cli.account_added"
	if already {
		key = "cli.account_renewed"
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T(key, "network", acc.Network.Name(), "name", acc.Name(), "id", acc.ID.String()))
	return err
}

func accountList(ctx context.Context, cmd Command, env Env) error {
	list, err := env.Accounts.List(ctx)
	if err != nil {
		return err
	}
	if cmd.JSON {
		out := []accountJSON{}
		for _, a := range list {
			out = append(out, toAccountJSON(a))
		}
		return writeJSON(env.Stdout, out)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.no_accounts"))
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, a := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, a.Network.Name(), a.Name(), env.Tr.T("account.state."+string(a.State)))
	}
	return tw.Flush()
}

func accountRemove(ctx context.Context, cmd Command, env Env) error {
	acc, err := env.Accounts.Get(ctx, cmd.ID)
	if err != nil {
		return err
	}
	if err := env.Accounts.Disconnect(ctx, cmd.ID); err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toAccountJSON(acc))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.account_removed", "network", acc.Network.Name(), "name", acc.Name()))
	return err
}

func accountTest(ctx context.Context, cmd Command, env Env) error {
	acc, err := env.Accounts.Test(ctx, cmd.ID)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toAccountJSON(acc))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.account_works", "network", acc.Network.Name(), "name", acc.Name()))
	return err
}

// accountWatch sets the words a feed's articles must hold to reach the
// inbox; no --word keeps every article.
func accountWatch(ctx context.Context, cmd Command, env Env) error {
	acc, err := env.Accounts.Get(ctx, cmd.ID)
	if err != nil {
		return err
	}
	if acc.Network != app.RSS {
		return fail("cli.watch_feeds_only")
	}
	if acc, err = env.Accounts.SetWatch(ctx, cmd.ID, cmd.Watch); err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toAccountJSON(acc))
	}
	msg := env.Tr.T("cli.watch_all", "name", acc.Name())
	if len(acc.Watch) > 0 {
		msg = env.Tr.T("cli.watch_set", "name", acc.Name(), "words", i18n.OneLine(strings.Join(acc.Watch, ", ")))
	}
	_, err = fmt.Fprintln(env.Stdout, msg)
	return err
}

// resultJSON is what became of one variant in `publish --due --json`.
type resultJSON struct {
	Post    string `json:"post"`
	Network string `json:"network"`
	Account string `json:"account,omitempty"`
	Due     string `json:"due"`
	State   string `json:"state"`
	URL     string `json:"url,omitempty"`
	Error   string `json:"error,omitempty"`
	Retry   string `json:"next_try,omitempty"`
}

// publishDue publishes what is due, then says what became of each
// variant; it fails when one did not go out.
func publishDue(ctx context.Context, cmd Command, env Env) error {
	results, err := env.Publishing.RunDue(ctx)
	if err != nil {
		return err
	}
	bad := 0
	out := []resultJSON{}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range results {
		a := r.Attempt
		j := resultJSON{Post: a.Post.String(), Network: string(a.Target.Network), Due: a.Due.Format("2006-01-02T15:04:05Z07:00"),
			State: string(a.State), URL: a.Published.URL}
		if !a.Account.IsZero() {
			j.Account = a.Account.String()
		}
		if r.Err != nil {
			j.Error = env.Tr.Error(r.Err)
		}
		if a.State == app.AttemptWaiting {
			j.Retry = a.NextTry.Format("2006-01-02T15:04:05Z07:00")
		}
		if a.State != app.AttemptSent && a.State != app.AttemptSkipped {
			bad++
		}
		out = append(out, j)
		what := a.Published.URL
		if r.Err != nil {
			what = j.Error
		}
		name := a.Target.Network.Name()
		if r.Account.Handle != "" {
			name += " " + r.Account.Name()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Post, name, env.Tr.T("attempt.state."+string(a.State)), what)
	}
	if cmd.JSON {
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	} else if len(results) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.nothing_due"))
	} else if err := tw.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		return fail("cli.publish_failed", "count", fmt.Sprint(bad))
	}
	return nil
}
