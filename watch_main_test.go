package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/rss/rsstest"
	"github.com/relais-app/relais/ui/cli"
)

// relais watch, while the window runs, is carried out by the window's
// Relais: its monitor holds the watch and the items.
func TestWatchIsServedByTheRunningRelais(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, ws := runningRelais(t)
	feed := rsstest.NewServer().Start(t)
	feed.Add(rsstest.Entry{GUID: "1", Title: "Maison Lumen ouvre à Lyon", Link: feed.URL() + "/1", HTML: "<p>enfin</p>", Published: time.Now().Add(-time.Hour)})

	out, errOut, code := runCLI(t, "--data", dir, "watch", "add", "Lumen", "--query", "lumen", "--source", "feed:"+feed.FeedURL(), "--json")
	if code != 0 {
		t.Fatalf("watch add: exit %d, %q", code, errOut)
	}
	watches, err := ws.monitor.List(context.Background())
	if err != nil || len(watches) != 1 || !strings.Contains(out, watches[0].ID.String()) {
		t.Fatalf("the running Relais holds %+v (%v)", watches, err)
	}
	if _, errOut, code = runCLI(t, "--data", dir, "watch", "run"); code != 0 {
		t.Fatalf("watch run: exit %d, %q", code, errOut)
	}
	out, errOut, code = runCLI(t, "--data", dir, "watch", "items", "--json")
	var items []struct{ URI string }
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) != 1 || items[0].URI != feed.URL()+"/1" {
		t.Fatalf("watch items: exit %d, %q %q", code, out, errOut)
	}
	if got, _ := ws.monitor.Items(context.Background(), monitor.Filter{}); len(got) != 1 {
		t.Errorf("the running Relais holds %d items", len(got))
	}
}

func TestForwardTimeoutLetsWatchRunReadEverySource(t *testing.T) {
	if forwardTimeout(cli.Command{Action: cli.ActionWatchRun}) < 10*time.Minute {
		t.Error("watch run is cut off after a command's time")
	}
}
