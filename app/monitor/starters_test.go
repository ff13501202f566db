package monitor

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// workspaceAccounts are a workspace's accounts, as app.Accounts lists
// and opens them.
type workspaceAccounts struct {
	fakeConnectors
	list []app.Account
}

func (w workspaceAccounts) List(context.Context) ([]app.Account, error) { return w.list, nil }

func TestStartersFromTheWorkspacesAccounts(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	bsky := app.Account{ID: app.NewID(c.now), Network: app.Bluesky, Handle: "maisonlumen.bsky.social", DisplayName: "Maison Lumen",
		State: app.AccountConnected}
	masto := app.Account{ID: app.NewID(c.now.Add(time.Second)), Network: app.Mastodon, Handle: "lumen@masto.example",
		DisplayName: "Maison LUMEN", Label: "Lumen (Mastodon)", State: app.AccountConnected}
	feed := app.Account{ID: app.NewID(c.now.Add(2 * time.Second)), Network: app.RSS, Handle: "Le blog du voisin", State: app.AccountConnected}
	threads := app.Account{ID: app.NewID(c.now.Add(3 * time.Second)), Network: app.Threads, Handle: "maisonlumen", DisplayName: "Lumen Café",
		State: app.AccountConnected}
	s := NewService(&memStore{}, workspaceAccounts{list: []app.Account{bsky, masto, feed, threads}}, nil, c)

	got, err := s.Starters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sources := []SourceRef{{Kind: SourceBluesky, Account: bsky.ID}, {Kind: SourceMastodon, Account: masto.ID}}
	if len(got) != 2 {
		t.Fatalf("starters: %+v", got)
	}
	brand := got[0]
	if brand.Name != "Maison Lumen" || brand.Kind != KindBrand || !brand.Notify || !slices.Equal(brand.Sources, sources) ||
		brand.Query != `"Maison Lumen" OR @maisonlumen.bsky.social OR @lumen@masto.example` {
		t.Errorf("brand starter: %+v", brand)
	}
	// A Threads account's name is searched; its handle, which these
	// networks cannot name, is not.
	if got[1].Name != "Lumen Café" || got[1].Query != `"Lumen Café" OR @maisonlumen.bsky.social OR @lumen@masto.example` {
		t.Errorf("second starter: %+v", got[1])
	}
	// What they find: the name, a handle, not the feed's title.
	q, _ := ParseQuery(brand.Query)
	for text, want := range map[string]bool{"Chez maison lumen ce matin": true, "merci @lumen@masto.example": true, "Le blog du voisin": false} {
		if q.Match(Found{Text: text}) != want {
			t.Errorf("%q: match %v", text, !want)
		}
	}

	// Added, a starter is not proposed again.
	if _, err := s.Add(ctx, brand); err != nil {
		t.Fatal(err)
	}
	if got, err = s.Starters(ctx); err != nil || len(got) != 1 || got[0].Name != "Lumen Café" {
		t.Fatalf("after adding one: %+v, %v", got, err)
	}

	// Without a Bluesky or Mastodon account, there is nothing to search
	// through.
	s = NewService(&memStore{}, workspaceAccounts{list: []app.Account{feed, threads}}, nil, c)
	if _, err := s.Starters(ctx); !errors.Is(err, ErrNoSearchAccount) {
		t.Errorf("without a search account: %v", err)
	}
}
