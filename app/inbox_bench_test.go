package app

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// benchInbox is an inbox of n realistic items on one account, loaded.
func benchInbox(b *testing.B, n int) *Inbox {
	b.Helper()
	store := newMemStore()
	clock := &fakeClock{now: start}
	accounts := NewAccounts(store, &memSecrets{m: map[ID]Secret{}}, NewRegistry(&fakeNet{network: Mastodon}), memMedia{}, clock)
	acc, err := accounts.Connect(bg, Account{Network: Mastodon, Server: "https://masto.example"}, Secret{AccessToken: "good"})
	if err != nil {
		b.Fatal(err)
	}
	words := []string{"commande", "livraison", "merci", "événement", "boutique", "question", "réclamation", "super", "horaires", "produit"}
	for i := range n {
		at := start.Add(-time.Duration(i) * time.Minute)
		it := InboxItem{ID: NewID(at), Account: acc.ID, Network: Mastodon, Arrived: at, State: StateNeedsReply,
			Item: Item{RemoteID: fmt.Sprint(i), Kind: ItemMention, At: at,
				Author: Author{Handle: fmt.Sprintf("user%d@masto.example", i%5000), Name: fmt.Sprintf("Utilisatrice %d", i%5000)},
				Text: fmt.Sprintf("@cm Bonjour ! Une %s au sujet de ma %s n°%d, passée la semaine dernière : pouvez-vous me dire où elle en est ? Merci d'avance, bonne journée à toute l'équipe.",
					words[i%len(words)], words[(i/10)%len(words)], i),
				URL: fmt.Sprintf("https://masto.example/@user%d/%d", i%5000, i), Post: &RemoteRef{ID: fmt.Sprint(i)}}}
		store.items[it.ID] = it
	}
	in := NewInbox(store, accounts, clock, time.UTC, nil)
	if err := in.Load(bg); err != nil {
		b.Fatal(err)
	}
	return in
}

// BenchmarkInboxSearch is a text search over 100,000 items, as the user
// types in the inbox's search field.
func BenchmarkInboxSearch(b *testing.B) {
	in := benchInbox(b, 100_000)
	b.ResetTimer()
	for b.Loop() {
		l, err := in.List(bg, InboxFilter{View: ViewAll, Text: "reclamation livraison"})
		if err != nil || l.Len() == 0 {
			b.Fatal(err, l.Len())
		}
	}
}

// BenchmarkInboxList is the open inbox's list and counts, over 100,000
// items: each refresh of the screen.
func BenchmarkInboxList(b *testing.B) {
	in := benchInbox(b, 100_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := in.List(bg, InboxFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInboxMemory reports the heap the inbox holds for 100,000
// items, loaded from the store.
func BenchmarkInboxMemory(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		in := benchInbox(b, 100_000)
		b.StopTimer()
		// The store's own copy is the test's, not the inbox's: drop it.
		in.store.(*memStore).items = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB/100k-items")
		runtime.KeepAlive(in)
		b.StartTimer()
	}
}

// BenchmarkInboxIngest is the rate at which a sync makes inbox items of
// what a network read (rules, folding, memory), in pages of 40; the
// store's share is BenchmarkMergeInbox in storage.
func BenchmarkInboxIngest(b *testing.B) {
	in := benchInbox(b, 0)
	acc, _ := in.accounts.List(bg)
	rules := compileRules(StarterRules())
	page := make([]Item, 40)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		for i := range page {
			n++
			page[i] = Item{RemoteID: fmt.Sprint(n), Kind: ItemMention, At: start.Add(time.Duration(n) * time.Second),
				Author: Author{Handle: "marie@masto.example", Name: "Marie"}, Text: "Bonjour, ma commande n'est jamais arrivée, que se passe-t-il ?"}
		}
		if _, err := in.ingest(bg, acc[0], fmt.Sprint(n), page, rules, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(page))/b.Elapsed().Seconds(), "items/s")
}
