package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/connectors/rss/rsstest"
	"github.com/relais-app/relais/ui"
)

// notifyLog records the desktop notifications the window sends.
type notifyLog struct {
	mu    sync.Mutex
	sent  []string
	urgen []string
}

func (l *notifyLog) notify(title, body string, urgent bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent = append(l.sent, title+": "+body)
	if urgent {
		l.urgen = append(l.urgen, title+": "+body)
	}
	return nil
}

// uiQueue holds the window's work from other goroutines until the test
// runs it on its own: Fyne's test driver would run it at once, beside
// the test.
type uiQueue struct {
	mu    sync.Mutex
	funcs []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.funcs = append(q.funcs, f)
	q.mu.Unlock()
}

// drain runs what is queued, and what that queues, until nothing is.
func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		funcs := q.funcs
		q.funcs = nil
		q.mu.Unlock()
		if len(funcs) == 0 {
			return
		}
		for _, f := range funcs {
			f()
		}
	}
}

func (l *notifyLog) urgent() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urgen...)
}

func (l *notifyLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sent...)
}

// The veille's "Done means" (issue 19), end to end: with local fakes of a
// Bluesky search, a Mastodon tag timeline and three feeds, a community
// manager adds the brand, a competitor and a topic (and a competitor's
// account) from the command line, carried out by the open window's
// Relais; the items arrive once each with their sentiment; a burst of
// negative mentions raises exactly one urgent desktop notification; a
// look-alike account maison-Iumen is listed as an impostor with its
// reasons; and the PDF report has a share-of-voice and a competitors page.
func TestVeilleDoneMeans(t *testing.T) {
	needKeychain(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("LANG", "C")
	ctx := context.Background()
	now := time.Now()

	// The networks and the feeds.
	sky := blueskytest.Start(t)
	sky.Post("Claire", "Ma lampe Maison Lumen est superbe, j'adore !", blueskytest.PostOptions{Langs: []string{"fr"}})
	sky.Post("Paul", "Maison Lumen ouvre une boutique à Lyon", blueskytest.PostOptions{Langs: []string{"fr"}})
	sky.SetActorFollowers("Atelier Nord", 1200)
	rival := sky.Handle("Atelier Nord")
	sky.Post("Atelier Nord", "Portes ouvertes samedi à l'atelier", blueskytest.PostOptions{})
	// The look-alike: a capital i for the l.
	sky.SetProfile("maison-Iumen", "Luminaires faits main", now.Add(-5*24*time.Hour))

	masto := mastodontest.Start(t)
	masto.SetTextSearch(mastodontest.TextSearchNone) // as most servers: the tag timeline only
	masto.Post("lea", "Très belle vitrine #MaisonLumen", mastodontest.PostOptions{Language: "fr"})
	masto.Post("tom", "Great lamps from #maisonlumen, love them", mastodontest.PostOptions{Language: "en"})

	brandFeed := rsstest.NewServer().Start(t)
	// Three days of the brand's quiet baseline, one article every four
	// hours: the spikes' statistic needs two days before any alarm.
	for i := 18; i >= 1; i-- {
		brandFeed.Add(rsstest.Entry{GUID: fmt.Sprint("b", i), Title: fmt.Sprintf("Maison Lumen présente la lampe numéro %d", i),
			Link: fmt.Sprintf("%s/b%d", brandFeed.URL(), i), HTML: "<p>Une lampe de chevet.</p>", Published: now.Add(-time.Duration(4*i) * time.Hour)})
	}
	rivalFeed := rsstest.NewServer()
	rivalFeed.Format = rsstest.Atom
	rivalFeed.Start(t)
	rivalFeed.Add(rsstest.Entry{GUID: "r1", Title: "Atelier Nord lance une suspension en laiton", Link: rivalFeed.URL() + "/r1", HTML: "<p>Belle pièce.</p>", Published: now.Add(-3 * time.Hour)})
	rivalFeed.Add(rsstest.Entry{GUID: "r2", Title: "Atelier Nord : des retards de livraison, les clients déçus", Link: rivalFeed.URL() + "/r2", HTML: "<p>Mauvaise surprise.</p>", Published: now.Add(-2 * time.Hour)})
	tradeFeed := rsstest.NewServer()
	tradeFeed.Format = rsstest.JSON
	tradeFeed.Start(t)
	tradeFeed.Add(rsstest.Entry{GUID: "t1", Title: "Le luminaire artisanal se porte bien", Link: tradeFeed.URL() + "/t1", HTML: "<p>Un marché en croissance.</p>", Published: now.Add(-5 * time.Hour)})
	tradeFeed.Add(rsstest.Entry{GUID: "t2", Title: "Salon du luminaire à Paris", Link: tradeFeed.URL() + "/t2", HTML: "<p>Du 3 au 5.</p>", Published: now.Add(-6 * time.Hour)})

	// The workspace, open in a window whose notifications are recorded.
	home, err := relaisHome()
	if err != nil {
		t.Fatal(err)
	}
	registry := newRegistry(home)
	d := newDesk(registry, home, app.LanguageEnglish)
	client, err := registry.Create(ctx, "Maison Lumen")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := openServices(ctx, client, servicesOptions{forWindow: true})
	if err != nil {
		t.Fatal(err)
	}
	skyAcc, skySecret := sky.Account()
	skyAcc.Server = sky.URL()
	bs, err := svc.accounts.Connect(ctx, skyAcc, skySecret)
	if err != nil {
		t.Fatal(err)
	}
	ma, err := svc.accounts.Connect(ctx, app.Account{Network: app.Mastodon, Server: masto.URL()}, app.Secret{AccessToken: masto.Token()})
	if err != nil {
		t.Fatal(err)
	}
	session := d.start(ctx, svc)
	deps := d.deps(session)
	notified := &notifyLog{}
	queue := &uiQueue{}
	deps.Lang, deps.Notify, deps.Do = app.LanguageEnglish, notified.notify, queue.do
	w := ui.New(test.NewTempApp(t), deps)
	queue.drain()
	t.Cleanup(func() {
		queue.drain()
		w.Window().Close()
		queue.drain()
		d.Release(client.ID)
		relais(t, "", "--workspace", client.Name, "account", "remove", bs.ID.String())
		relais(t, "", "--workspace", client.Name, "account", "remove", ma.ID.String())
	})
	cli := func(args ...string) string {
		t.Helper()
		out, errOut, code := relais(t, "", append([]string{"--workspace", client.Name}, args...)...)
		if code != 0 {
			t.Fatalf("relais %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}

	// The brand, a competitor and a topic; the competitor's account.
	cli("watch", "add", "Maison Lumen", "--query", `"Maison Lumen" OR #maisonlumen`, "--kind", "brand", "--notify",
		"--source", "bluesky", "--source", "mastodon", "--source", "feed:"+brandFeed.FeedURL())
	cli("watch", "add", "Atelier Nord", "--query", `"Atelier Nord"`, "--kind", "competitor", "--source", "feed:"+rivalFeed.FeedURL())
	cli("watch", "add", "Luminaire", "--query", "luminaire", "--kind", "topic", "--source", "feed:"+tradeFeed.FeedURL())
	var competitor struct {
		Handle    string
		Followers int
	}
	if out := cli("competitor", "add", "--network", "bluesky", rival, "--json"); json.Unmarshal([]byte(out), &competitor) != nil ||
		competitor.Handle != rival || competitor.Followers != 1200 {
		t.Fatalf("competitor add: %s", out)
	}

	// The items arrive, once each, with their sentiment.
	type item struct {
		URI, Text, Title, Source, Sentiment string
	}
	items := func() map[string]item {
		t.Helper()
		var list []item
		if out := cli("watch", "items", "--limit", "1000", "--json"); json.Unmarshal([]byte(out), &list) != nil {
			t.Fatalf("watch items: %s", out)
		}
		byURI := map[string]item{}
		for _, it := range list {
			if _, ok := byURI[it.URI]; ok {
				t.Errorf("%s is listed twice", it.URI)
			}
			byURI[it.URI] = it
		}
		return byURI
	}
	cli("watch", "run")
	first := items()
	// 18 articles of the brand's feed, 2 posts on Bluesky, 2 on
	// Mastodon's tag timeline, 2 articles of the competitor, 2 of the
	// trade.
	sources := map[string]int{}
	for _, it := range first {
		sources[it.Source]++
	}
	if len(first) != 26 || sources["bluesky"] != 2 || sources["mastodon"] != 2 || sources["feed"] != 22 {
		t.Fatalf("after a run, %d items by source %v:\n%v", len(first), sources, first)
	}
	sentiment := map[string]string{}
	for _, it := range first {
		sentiment[it.Text+it.Title] = it.Sentiment
	}
	for text, want := range map[string]string{
		"Ma lampe Maison Lumen est superbe, j'adore !": "positive",
		"Great lamps from #maisonlumen, love them":     "positive",
		"Maison Lumen ouvre une boutique à Lyon":       "neutral",
	} {
		if got := sentiment[text]; got != want {
			t.Errorf("%q: sentiment %q, want %q", text, got, want)
		}
	}
	var negative bool
	for k, s := range sentiment {
		if strings.Contains(k, "retards de livraison") {
			negative = s == "negative"
		}
	}
	if !negative {
		t.Errorf("the competitor's bad news is not negative: %v", sentiment)
	}
	cli("watch", "run")
	if again := items(); len(again) != len(first) {
		t.Errorf("a second run: %d items, was %d", len(again), len(first))
	}
	queue.drain()
	if u := notified.urgent(); len(u) != 0 {
		t.Fatalf("urgent notifications before any burst: %q", u)
	}

	// A burst of negative mentions: one urgent notification, and no
	// other at the next runs.
	for i := range 24 {
		sky.Post(fmt.Sprint("Client ", i), fmt.Sprintf("Maison Lumen : commande %d jamais livrée, service client nul, honteux !", i),
			blueskytest.PostOptions{Langs: []string{"fr"}})
	}
	cli("watch", "run")
	cli("watch", "run")
	deadline := time.Now().Add(5 * time.Second)
	for len(notified.urgent()) == 0 && time.Now().Before(deadline) {
		queue.drain()
		time.Sleep(20 * time.Millisecond)
	}
	for range 10 { // a second one, were there one, would be sent by now
		queue.drain()
		time.Sleep(20 * time.Millisecond)
	}
	if u := notified.urgent(); len(u) != 1 || !strings.Contains(u[0], "Bad buzz?") || !strings.Contains(u[0], "Maison Lumen") ||
		!strings.Contains(u[0], "% negative") {
		t.Errorf("urgent notifications after the burst: %q (all: %q)", u, notified.all())
	}

	// The look-alike is an impostor, with its reasons.
	var suspects []struct {
		Handle      string
		DisplayName string `json:"display_name"`
		Reasons     []string
	}
	out := cli("watch", "impostors", "--json")
	if err := json.Unmarshal([]byte(out), &suspects); err != nil {
		t.Fatalf("watch impostors: %v\n%s", err, out)
	}
	found := false
	for _, s := range suspects {
		if s.DisplayName == "maison-Iumen" {
			found = true
			if len(s.Reasons) == 0 || !strings.Contains(strings.Join(s.Reasons, "\n"), "U+0049") {
				t.Errorf("maison-Iumen's reasons: %q", s.Reasons)
			}
		}
	}
	if !found {
		t.Errorf("maison-Iumen is not listed: %s", out)
	}

	// The report: a share-of-voice page and a competitors page.
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is missing (poppler-utils)")
	}
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	cli("export", "pdf", "--out", pdf, "--from", now.AddDate(0, 0, -6).Format("2006-01-02"), "--to", now.Format("2006-01-02"))
	raw, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, raw)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	for _, want := range []string{"Share of voice", "Competitors", "Maison Lumen", "Atelier Nord", rival} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
}
