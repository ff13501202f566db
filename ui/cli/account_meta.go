package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/relais-app/relais/app"
)

// metaAccountAdd is "account add facebook|instagram|threads": it keeps
// the user's app in the keychain (--app-id, --app-secret-stdin), then
// connects the account when the network's connector is there: with a
// long-lived token (--token-stdin), or through the browser — Facebook's
// comes back to the workspace's port; for Instagram and Threads, the
// address the browser ends on is read on standard input.
func metaAccountAdd(ctx context.Context, cmd Command, env Env, p app.MetaProduct) error {
	in := bufio.NewReaderSize(io.LimitReader(env.Stdin, MaxSecretSize), 4096)
	readLine := func() (string, error) {
		line, err := in.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimSpace(line), nil
	}
	apps := env.Accounts.MetaApps()
	if cmd.AppSecretStdin {
		secret, err := readLine()
		if err != nil {
			return err
		}
		if secret == "" {
			return fail("cli.empty_secret")
		}
		a, err := apps.Save(ctx, p, cmd.AppID, secret)
		if err != nil {
			return err
		}
		if !cmd.JSON {
			fmt.Fprintln(env.Stdout, env.Tr.T("cli.meta_app_saved", "network", p.Name(), "id", a.ID))
		}
	}
	if uri, err := apps.RedirectURI(ctx, p); err == nil && !cmd.JSON {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.meta_redirect", "uri", uri))
	}
	n := p.Network()
	if !env.Accounts.Connects(n) || !cmd.SecretStdin && !env.Accounts.SignsInWithBrowser(n) {
		// The guide, the app and the tokens' exchange are here; the
		// network's connector comes next.
		if cmd.JSON {
			return writeJSON(env.Stdout, map[string]any{"network": string(n), "app_saved": cmd.AppSecretStdin, "connected": false})
		}
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.meta_no_connector", "network", p.Name()))
		return err
	}
	// The Page or Instagram user asked for, the connector's to find
	// among those the sign-in reaches.
	draft := app.Account{Network: n, Server: cmd.API, Label: cmd.Label, Zone: cmd.Zone, RemoteID: cmd.Page + cmd.IGUser}
	var secret app.Secret
	switch {
	case cmd.SecretStdin:
		token, err := readLine()
		if err != nil {
			return err
		}
		if token == "" {
			return fail("cli.empty_secret")
		}
		secret.AccessToken = token
		if a, err := apps.App(ctx, p); err == nil {
			secret.ClientID, secret.ClientSecret = a.ID, a.Secret
		}
	case p.BrowserComesBack():
		s, err := env.Accounts.SignIn(ctx, n, cmd.API, func(page string) error {
			_, err := fmt.Fprintln(env.Stderr, env.Tr.T("cli.meta_open", "page", page))
			return err
		})
		if err != nil {
			return err
		}
		secret = s
	default:
		page, finish, err := env.Accounts.BeginCodeSignIn(ctx, n, cmd.API)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, env.Tr.T("cli.meta_open_paste", "page", page))
		line, err := in.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if errors.Is(err, io.EOF) && strings.TrimSpace(line) == "" && cmd.AppSecretStdin {
			// Standard input ended with the app secret: a script that
			// keeps the app, to sign in later.
			if cmd.JSON {
				return writeJSON(env.Stdout, map[string]any{"network": string(n), "app_saved": true, "connected": false})
			}
			_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.meta_not_pasted", "network", p.Name()))
			return err
		}
		if secret, err = finish(ctx, strings.TrimSpace(line)); err != nil {
			return err
		}
	}
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
