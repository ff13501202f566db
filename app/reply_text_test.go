package app

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReplyTextMentionsTheAddressees(t *testing.T) {
	self := Account{Network: Mastodon, Handle: "cm@example.social", RemoteID: "1", Server: "https://example.social"}
	local := InboxItem{Network: Mastodon, Item: Item{Kind: ItemMention, Author: Author{RemoteID: "2", Handle: "alice@example.social"}}}
	remote := InboxItem{Network: Mastodon, Item: Item{Kind: ItemMention, Author: Author{RemoteID: "3", Handle: "Bob@other.example"}}}
	dm := InboxItem{Network: Mastodon, Item: Item{Kind: ItemDirect, Visibility: VisibilityDirect,
		Author:   Author{RemoteID: "2", Handle: "alice@example.social"},
		Mentions: []string{"cm@example.social", "bob@other.example", "carol@example.social"}}}
	for _, c := range []struct {
		it          InboxItem
		typed, want string
	}{
		{local, "Merci !", "@alice Merci !"},
		{local, "@alice merci", "@alice merci"},                                    // already there
		{local, "@ALICE@Example.Social merci", "@ALICE@Example.Social merci"},      // any case, with the domain
		{local, "merci alice@example.social", "@alice merci alice@example.social"}, // an address is no mention
		{remote, "Merci", "@Bob@other.example Merci"},
		{remote, "@bob merci", "@Bob@other.example @bob merci"}, // @bob is someone of our server
		{remote, "@bob@other.example merci", "@bob@other.example merci"},
		{dm, "Bien reçu", "@alice @bob@other.example @carol Bien reçu"}, // everyone but us
		{dm, "@carol et @alice : bien reçu", "@bob@other.example @carol et @alice : bien reçu"},
	} {
		if got := ReplyText(c.it, self, c.typed); got != c.want {
			t.Errorf("ReplyText(%s, %q) = %q, want %q", c.it.Author.Handle, c.typed, got, c.want)
		}
	}
	// A public post mentioning others: only its author is answered.
	public := dm
	public.Visibility, public.Kind = VisibilityPublic, ItemMention
	if got := ReplyAddressees(public, self); !slices.Equal(got, []string{"@alice"}) {
		t.Errorf("a public mention's addressees: %q", got)
	}
	// Bluesky notifies the parent's author itself: no mention added.
	sky := InboxItem{Network: Bluesky, Item: Item{Kind: ItemReply, Author: Author{Handle: "lea.bsky.social"}}}
	if got := ReplyText(sky, Account{Network: Bluesky, Handle: "cm.bsky.social"}, "Merci"); got != "Merci" {
		t.Errorf("on Bluesky: %q", got)
	}
	// Our own post answered (a thread of ours): nobody to mention.
	mine := InboxItem{Network: Mastodon, Item: Item{Kind: ItemMention, Author: Author{RemoteID: "1", Handle: "cm@example.social"}}}
	if got := ReplyText(mine, self, "suite"); got != "suite" {
		t.Errorf("answering ourselves: %q", got)
	}
}

// A reply sends the mentions the text lacks, counted in its length; a
// direct answer mentions every participant.
func TestReplyAddressesItsAuthor(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(Item{Kind: ItemDirect, Author: Author{Handle: "marie@masto.example"}, Text: "@cm On en parle avec @paul@masto.example ?",
		Post: &RemoteRef{ID: "dm-2"}, Visibility: VisibilityDirect, Mentions: []string{"cm@mastodon.example", "paul@masto.example"}, At: start})
	f.sync(t)
	it := f.list(t, InboxFilter{})[0]
	got, err := f.in.Reply(bg, it.ID, "Oui, volontiers.")
	if err != nil {
		t.Fatal(err)
	}
	want := "@marie@masto.example @paul@masto.example Oui, volontiers."
	if o := f.masto.posts[0]; o.Text != want || got.Replies[0].Text != want {
		t.Fatalf("the reply went out as %q, want %q", o.Text, want)
	}
	// The mentions count: 500 typed characters are too many with them.
	f.masto.addItems(mention("Autre question"))
	f.sync(t)
	other := f.list(t, InboxFilter{})[0]
	var nre *NotReadyError
	if _, err := f.in.Reply(bg, other.ID, strings.Repeat("a", 495)); !errors.As(err, &nre) || nre.Problems[0].Kind != ProblemTooLong || nre.Problems[0].Got != 502 {
		t.Fatalf("495 characters after @marie: %v", err)
	}
}

// A post deleted since the sync is not answered: the reply does not go
// out (the network would take it, as Bluesky's PDS does), the item is
// marked deleted, and the user is told plainly.
func TestReplyToAPostDeletedSinceTheSync(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.sky.addItems(Item{Kind: ItemReply, Author: Author{Handle: "lea.bsky.social"}, Text: "Une question",
		Post: &RemoteRef{ID: "at://did:plc:lea/app.bsky.feed.post/1", CID: "c1"}, At: start})
	f.sync(t)
	it := f.list(t, InboxFilter{})[0]
	f.sky.gone = map[string]bool{it.Post.ID: true}
	if _, err := f.in.Reply(bg, it.ID, "Merci !"); !errors.Is(err, ErrReplyToDeleted) {
		t.Fatalf("got %v, want ErrReplyToDeleted", err)
	}
	if n := f.sky.count(); n != 0 {
		t.Fatalf("%d replies went out to a deleted post", n)
	}
	after, err := f.in.Item(bg, it.ID)
	if err != nil || !after.Deleted || after.State == StateReplied || len(after.Replies) != 0 {
		t.Fatalf("the item after: %+v (%v)", after, err)
	}
	// Asked again, it says the same without asking the network.
	checks := f.sky.checks
	if _, err := f.in.Reply(bg, it.ID, "Merci !"); !errors.Is(err, ErrReplyToDeleted) || f.sky.checks != checks {
		t.Errorf("again: %v (%d checks)", err, f.sky.checks-checks)
	}
}
