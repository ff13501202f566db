package app

import (
	"errors"
	"testing"
)

// A post the veille found goes to the inbox of the account that found
// it, once, as a mention to answer; the account's cursor is kept, and a
// reply to it goes out as a reply to the post.
func TestTakeAPostFoundByTheVeille(t *testing.T) {
	f := newInboxFixture(t)
	f.masto.addItems(mention("Bonjour"))
	f.sync(t)
	cursor, _ := f.store.InboxCursor(bg, f.mastoAcc.ID)
	found := Item{RemoteID: "monitor:https://masto.example/users/ana/statuses/9", Author: Author{Handle: "ana@masto.example"},
		Text: "Ma lampe Maison Lumen grésille", URL: "https://masto.example/@ana/9", Post: &RemoteRef{ID: "9"}, At: start}
	it, err := f.in.Take(bg, f.mastoAcc.ID, found)
	if err != nil {
		t.Fatal(err)
	}
	if it.Kind != ItemMention || it.State != StateNeedsReply || it.Account != f.mastoAcc.ID {
		t.Fatalf("taken as %+v", it)
	}
	again, err := f.in.Take(bg, f.mastoAcc.ID, found)
	if err != nil || again.ID != it.ID {
		t.Fatalf("taken twice: %+v, %v", again, err)
	}
	if n := len(f.list(t, InboxFilter{View: ViewAll})); n != 2 {
		t.Errorf("%d items in the inbox, want 2", n)
	}
	if after, _ := f.store.InboxCursor(bg, f.mastoAcc.ID); after != cursor {
		t.Errorf("the cursor moved from %q to %q", cursor, after)
	}
	if _, err := f.in.Reply(bg, it.ID, "Désolés, on vous écrit en privé."); err != nil {
		t.Fatal(err)
	}
	if o := f.masto.posts[0]; o.ReplyTo == nil || o.ReplyTo.ID != "9" {
		t.Errorf("the reply went out as %+v", o)
	}
	if _, err := f.in.Take(bg, f.mastoAcc.ID, Item{RemoteID: "x", Text: "an article"}); !errors.Is(err, ErrCannotTake) {
		t.Errorf("an item without a post: %v", err)
	}
}
