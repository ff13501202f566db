package ui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// The fake networks answer follow requests (app.FollowAnswerer).

func (c *fakeConn) AcceptFollow(ctx context.Context, requester string) error {
	return c.answerFollow("accept", requester)
}

func (c *fakeConn) RejectFollow(ctx context.Context, requester string) error {
	return c.answerFollow("reject", requester)
}

func (c *fakeConn) answerFollow(verb, requester string) error {
	n := c.net
	n.mu.Lock()
	gate := n.answerGate
	n.mu.Unlock()
	if gate != nil {
		<-gate
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.requests[requester] {
		return &app.NetError{Network: n.network, Kind: app.FailNotFound, Status: 404, Message: "Record not found"}
	}
	delete(n.requests, requester)
	n.answers = append(n.answers, verb+" "+requester)
	return nil
}

func (c *fakeConn) FollowRequests(ctx context.Context) ([]app.Item, bool, error) {
	return nil, false, nil // what Since reads is enough here
}

var _ app.FollowAnswerer = (*fakeConn)(nil)

// followFixture is the inbox fixture with two follow requests on the
// Mastodon account: Léa's, waiting, and Tom's, withdrawn since.
func followFixture(t *testing.T, lang app.Language) *inboxFixture {
	t.Helper()
	x := newInboxFixture(t, lang)
	m := x.s.nets[app.Mastodon]
	m.mu.Lock()
	m.requests = map[string]bool{"77": true}
	for i, who := range []app.Author{
		{RemoteID: "77", Name: "Léa Martin", Handle: "lea@masto.example", URL: "https://masto.example/@lea"},
		{RemoteID: "88", Name: "Tom", Handle: "tom@masto.example", URL: "https://masto.example/@tom"},
	} {
		it := fakeItem(app.ItemFollowRequest, 10+i, "f"+who.RemoteID, "", "", "Boulangère à Lyon")
		it.Author, it.Post, it.URL = who, nil, who.URL
		m.inbox = append(m.inbox, it)
	}
	m.mu.Unlock()
	x.sync()
	return x
}

func TestInboxAcceptsAFollowRequest(t *testing.T) {
	x := followFixture(t, app.LanguageEnglish)
	m := x.s.nets[app.Mastodon]
	s := x.screen()
	if x.w.needsReply != 4 { // the two mentions, the reply and the message
		t.Errorf("the count of replies to write is %d: follow requests count in it", x.w.needsReply)
	}
	x.selectRemote("n-f77")
	if !s.followBox.Visible() || s.replyBox.Visible() || s.noReply.Visible() {
		t.Fatalf("follow box %v, reply box %v, no reply %v", s.followBox.Visible(), s.replyBox.Visible(), s.noReply.Visible())
	}
	if s.followTitle.Text != "Léa Martin wants to follow you" || !s.accept.Visible() || !s.reject.Visible() ||
		!x.shows("Boulangère à Lyon") || s.markNeedsReply.Visible() {
		t.Fatalf("the request shows %q, accept %v", s.followTitle.Text, s.accept.Visible())
	}

	// While the answer goes: busy, and no second answer.
	gate := make(chan struct{})
	m.mu.Lock()
	m.answerGate = gate
	m.mu.Unlock()
	test.Tap(s.accept)
	if !s.accept.Disabled() || !s.reject.Disabled() || !s.answering.Visible() || !x.shows("Accepting the request…") {
		t.Error("no busy state while accepting")
	}
	test.Tap(s.reject)
	test.Type(s.list, "x")
	close(gate)
	x.idle()

	if !slices.Equal(m.answers, []string{"accept 77"}) {
		t.Errorf("the network got %q", m.answers)
	}
	got := x.stored("n-f77")
	if got.Answer != app.FollowAccepted || got.State != app.StateDone {
		t.Errorf("stored: %+v", got)
	}
	// Answered, it leaves the open inbox and the next item is chosen, as
	// when one is marked done; what was done stays said.
	if s.item.RemoteID == "n-f77" || s.answering.Visible() || !x.shows("Accepted: Léa Martin now follows you.") {
		t.Errorf("after accepting: chosen %s, rows %q", s.item.RemoteID, x.rows())
	}
	x.choose(s.view, "Done")
	x.selectRemote("n-f77")
	if !s.followBox.Visible() || s.accept.Visible() || s.reject.Visible() || !s.followNote.Visible() || s.followNote.Text != "Accepted" {
		t.Errorf("the accepted request: accept %v, note %q", s.accept.Visible(), s.followNote.Text)
	}
}

func TestInboxRejectsAWithdrawnRequestInPlainWords(t *testing.T) {
	x := followFixture(t, app.LanguageFrench)
	m := x.s.nets[app.Mastodon]
	s := x.screen()
	x.selectRemote("n-f88")
	if s.followTitle.Text != "Tom veut s’abonner à vous" || s.accept.Text != "Accepter" || s.reject.Text != "Refuser" {
		t.Fatalf("in French: %q, %q, %q", s.followTitle.Text, s.accept.Text, s.reject.Text)
	}
	test.Type(s.list, "x") // x rejects
	x.idle()
	if len(m.answers) != 0 {
		t.Errorf("answers %q", m.answers)
	}
	if got := x.stored("n-f88"); got.Answer != app.FollowGone || got.State != app.StateDone {
		t.Errorf("stored: %+v", got)
	}
	if !x.shows("Cette demande d’abonnement a déjà été traitée ou retirée : il n’y a plus rien à répondre.") || s.item.RemoteID != "n-f77" {
		t.Errorf("after x: chosen %s", s.item.RemoteID)
	}
	x.choose(s.view, "Traités")
	x.selectRemote("n-f88")
	if !s.followNote.Visible() || s.followNote.Text != "Traitée ailleurs" || s.reject.Visible() || s.accept.Visible() {
		t.Errorf("the note says %q, reject %v", s.followNote.Text, s.reject.Visible())
	}
}

func TestFollowRequestNoticeWording(t *testing.T) {
	masto := app.Account{ID: app.NewID(inboxStart), Network: app.Mastodon, Handle: "relais@masto.example", Label: "@relais"}
	req := app.InboxItem{Account: masto.ID, Network: app.Mastodon, Item: app.Item{Kind: app.ItemFollowRequest,
		Author: app.Author{Name: "Léa", Handle: "lea@masto.example"}, Text: "Boulangère"}}
	mention := req
	mention.Kind = app.ItemMention
	for _, c := range []struct {
		lang        app.Language
		n           app.Notice
		title, body string
	}{
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{req}, Accounts: 1, Account: masto},
			"Léa (@lea@masto.example) wants to follow you on Mastodon · @relais", "Boulangère"},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{req, req}, Accounts: 1, Account: masto},
			"2 nouvelles demandes d’abonnement sur @relais", "Léa"},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{req, mention}, Accounts: 1, Account: masto},
			"2 new items to look at on @relais", "Léa"},
	} {
		title, body := inboxNotice(i18n.New(c.lang), c.n)
		if title != c.title || body != c.body {
			t.Errorf("%s: got %q %q, want %q %q", c.lang, title, body, c.title, c.body)
		}
	}
}
