package app

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestRemoteStringsLoseBidiControlsAndLength(t *testing.T) {
	f := newInboxFixture(t)
	long := strings.Repeat("é", 3000)
	f.masto.addItems(Item{Kind: ItemMention, Author: Author{Handle: "rtl\u202Egnp.exe@host", Name: long},
		Title: strings.Repeat("a", 5000), Text: "voir \u2067ceci\u2069", Post: &RemoteRef{ID: "p"}})
	f.sync(t)
	items := f.list(t, InboxFilter{View: ViewAll})
	if len(items) != 1 {
		t.Fatalf("%d items", len(items))
	}
	it := items[0]
	if it.Author.Handle != "rtlgnp.exe@host" || it.Text != "voir ceci" {
		t.Errorf("handle %q, text %q", it.Author.Handle, it.Text)
	}
	if n := utf8.RuneCountInString(it.Author.Name); n != MaxRemoteName || !strings.HasSuffix(it.Author.Name, "é…") {
		t.Errorf("a 3,000-letter name kept %d letters", n)
	}
	if n := utf8.RuneCountInString(it.Title); n != MaxRemoteTitle {
		t.Errorf("a 5,000-letter title kept %d letters", n)
	}
	if got := Shorten("court", 10); got != "court" {
		t.Errorf("Shorten of a short string: %q", got)
	}
}

func TestItemsStoredBeforeCleaningAreCleanedWhenRead(t *testing.T) {
	f := newInboxFixture(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	// As an earlier Relais stored it, override and all.
	old := InboxItem{ID: NewID(at), Account: NewID(at), Network: Mastodon, Arrived: at, State: StateNew,
		Item: Item{RemoteID: "old", Kind: ItemMention, At: at, Text: "voir \u202Ececi", Author: Author{Handle: "rtl\u202Egnp.exe@host"}}}
	if err := f.store.PutInboxItems(ctx, []InboxItem{old}); err != nil {
		t.Fatal(err)
	}
	fresh := NewInbox(f.store, f.accounts, f.clock, time.UTC, f.notices)
	l, err := fresh.List(ctx, InboxFilter{View: ViewAll})
	if err != nil || l.Len() != 1 {
		t.Fatalf("%v, %d items", err, l.Len())
	}
	if it := l.At(0); it.Author.Handle != "rtlgnp.exe@host" || it.Text != "voir ceci" {
		t.Errorf("handle %q, text %q", it.Author.Handle, it.Text)
	}
}
