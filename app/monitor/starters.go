package monitor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relais-app/relais/app"
)

// AccountLister lists the workspace's accounts (app.Accounts does).
type AccountLister interface {
	List(ctx context.Context) ([]app.Account, error)
}

// ErrNoSearchAccount: starter watches need a connected Bluesky or
// Mastodon account to search through.
var ErrNoSearchAccount = errors.New("connect a Bluesky or Mastodon account first: the veille searches through it")

// Starters proposes the watches a workspace starts with, from its
// accounts: one brand watch per name the accounts go by (their display
// names), finding the name as a phrase or any of the accounts'
// handles as @account, read through every connected Bluesky and Mastodon
// account, and notifying. A watch already there (the same name or the
// same query) is not proposed again. The service needs Connectors that
// list the accounts (app.Accounts).
func (s *Service) Starters(ctx context.Context) ([]Watch, error) {
	lister, ok := s.connectors.(AccountLister)
	if !ok {
		return nil, ErrNoSearchAccount
	}
	accounts, err := lister.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the accounts for starter watches: %w", err)
	}
	var sources []SourceRef
	var handles []string
	for _, a := range accounts {
		var kind SourceKind
		switch a.Network {
		case app.Bluesky:
			kind = SourceBluesky
		case app.Mastodon:
			kind = SourceMastodon
		default:
			continue
		}
		if h := strings.TrimPrefix(strings.TrimSpace(a.Handle), "@"); h != "" && isAccount(h) && !slices.Contains(handles, strings.ToLower(h)) {
			handles = append(handles, strings.ToLower(h))
		}
		if a.State == app.AccountConnected || a.State == "" {
			sources = append(sources, SourceRef{Kind: kind, Account: a.ID})
		}
	}
	if len(sources) == 0 {
		return nil, ErrNoSearchAccount
	}
	// The names the brand goes by, each once whatever its case or accents.
	var names []string
	seen := map[string]bool{}
	for _, a := range accounts {
		if a.Network == app.RSS {
			continue // a feed's title is someone else's name
		}
		// The display name, as the public sees it; the user's label is
		// for the user ("Lumen (Mastodon)").
		n := strings.Join(strings.Fields(strings.ReplaceAll(a.DisplayName, `"`, " ")), " ")
		key := app.Fold(n)
		if n == "" || seen[key] || strings.HasPrefix(n, "@") {
			continue
		}
		seen[key] = true
		names = append(names, n)
	}
	if len(names) == 0 && len(handles) > 0 {
		names = append(names, "") // the handles alone
	}
	existing, err := s.store.Watches(ctx)
	if err != nil {
		return nil, err
	}
	var out []Watch
	for _, name := range names {
		parts := make([]string, 0, len(handles)+1)
		if name != "" {
			parts = append(parts, `"`+name+`"`)
		}
		for _, h := range handles {
			parts = append(parts, "@"+h)
		}
		w := Watch{Name: name, Kind: KindBrand, Query: strings.Join(parts, " OR "), Sources: slices.Clone(sources), Notify: true}
		if w.Name == "" {
			w.Name = "@" + handles[0]
		}
		if _, err := ParseQuery(w.Query); err != nil {
			continue // a name the query language cannot say
		}
		if slices.ContainsFunc(existing, func(x Watch) bool {
			return app.Fold(x.Name) == app.Fold(w.Name) || strings.EqualFold(x.Query, w.Query)
		}) {
			continue
		}
		out = append(out, w)
	}
	return out, nil
}
