package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

// relais competitor, while a workspace is open, is carried out by its
// Relais, whose services main made: the competitor is read through the
// workspace's connected account, and its reports carry it.
func TestCompetitorIsFollowedByTheOpenWorkspace(t *testing.T) {
	needKeychain(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("LANG", "C")
	server := mastodontest.Start(t)
	server.SetAccountFollowers("atelier", 345)
	server.Post("atelier", "Portes ouvertes samedi", mastodontest.PostOptions{})
	home, err := relaisHome()
	if err != nil {
		t.Fatal(err)
	}
	registry := newRegistry(home)
	d := newDesk(registry, home, app.LanguageEnglish)
	ctx := context.Background()
	client, err := registry.Create(ctx, "Maison Lumen")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := openServices(ctx, client, servicesOptions{forWindow: true})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := svc.accounts.Connect(ctx, app.Account{Network: app.Mastodon, Server: server.URL()}, app.Secret{AccessToken: server.Token()})
	if err != nil {
		t.Fatal(err)
	}
	d.start(ctx, svc)
	t.Cleanup(func() {
		d.Release(client.ID)
		relais(t, "", "--workspace", client.Name, "account", "remove", acc.ID.String())
	})

	out, errOut, code := relais(t, "", "--workspace", client.Name, "competitor", "add", "--network", "mastodon", "atelier", "--json")
	var added struct {
		ID        string
		Handle    string
		Followers int
	}
	if code != 0 || json.Unmarshal([]byte(out), &added) != nil || added.Followers != 345 {
		t.Fatalf("competitor add: %d %s %s", code, out, errOut)
	}
	list, err := svc.competitors.List(ctx)
	if err != nil || len(list) != 1 || list[0].ID.String() != added.ID {
		t.Fatalf("the open workspace follows %+v (%v)", list, err)
	}
	rep, err := svc.analytics.Report(ctx, app.ReportQuery{Period: app.LastDays(time.Now(), 30, svc.analytics.Zone())})
	if err != nil {
		t.Fatal(err)
	}
	last := rep.Benchmark[len(rep.Benchmark)-1]
	if len(rep.Benchmark) != 2 || !rep.Benchmark[0].Own || last.Own || !strings.HasPrefix(last.Handle, "atelier") || last.Posts != 1 {
		t.Errorf("the report's benchmark: %+v", rep.Benchmark)
	}
}
