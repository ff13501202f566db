package mastodon_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// The veille (monitor.Service.Run) over the real connector, the store
// and the fake streaming as Mastodon does: a post with a watched hashtag
// is stored within the stream's time, not the schedule's.
func TestVeilleStreamsHashtagsEndToEnd(t *testing.T) {
	fake := mastodontest.Start(t)
	fake.SetStreamingMode(mastodontest.StreamBoth)
	fake.SetHeartbeat(20 * time.Millisecond)
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := &waitClock{asked: make(chan waited, 100)}
	accounts := app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(testDialer()), nil, clock)
	acc, err := accounts.Connect(ctx(t), app.Account{Network: app.Mastodon, Server: fake.URL()}, app.Secret{AccessToken: fake.Token()})
	if err != nil {
		t.Fatal(err)
	}
	svc := monitor.NewService(db, accounts, nil, clock)
	w, err := svc.Add(ctx(t), monitor.Watch{Name: "Lumen", Query: "#maisonlumen -promo",
		Sources: []monitor.SourceRef{{Kind: monitor.SourceMastodon, Account: acc.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	key := monitor.SourceRef{Kind: monitor.SourceMastodon, Account: acc.ID}.Key()
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	defer func() {
		cancel()
		<-done
		db.Close()
	}()
	waitTags(t, fake, "maisonlumen")
	// The first pass and the opening's catch-up have read the timeline;
	// from now on, only the stream can bring a post.
	start := time.Now()
	for {
		got, err := svc.Get(ctx(t), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.State[key].LastRead.IsZero() {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the timeline was never read")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	reads := timelineReads(fake)

	fake.Post("bob", "#MaisonLumen promo", mastodontest.PostOptions{})
	fake.Post("alice", "Superbe lampe #MaisonLumen", mastodontest.PostOptions{Language: "fr"})
	deadline := time.Now().Add(10 * time.Second)
	for {
		items, err := svc.Items(ctx(t), monitor.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 1 && items[0].Text == "Superbe lampe #MaisonLumen" && items[0].Account == acc.ID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("items %+v, want alice's alone", items)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := timelineReads(fake); n != reads {
		t.Errorf("the timeline read %d times more: the item came from a read, not the stream", n-reads)
	}
	if st := svc.TagStreaming()[acc.ID]; !st.Live {
		t.Errorf("stream state %+v", st)
	}
}

func timelineReads(fake *mastodontest.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Path, "/api/v1/timelines/tag/") {
			n++
		}
	}
	return n
}
