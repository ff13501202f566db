package app

import (
	"errors"
	"slices"
	"testing"
)

var lea = Author{RemoteID: "109302938413001009", Handle: "lea@masto.example", Name: "Léa",
	URL: "https://masto.example/@lea", Avatar: "https://masto.example/avatars/lea.png"}

// followRequests returns the inbox's follow requests, newest first.
func (f *inboxFixture) followRequests(t *testing.T) []InboxItem {
	t.Helper()
	return f.list(t, InboxFilter{View: ViewAll, Kind: ItemFollowRequest})
}

func TestAFollowRequestIsToldButIsNoMentionToAnswer(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.requestFollow(lea, "Boulangère à Lyon", true)
	f.sync(t)

	reqs := f.followRequests(t)
	if len(reqs) != 1 {
		t.Fatalf("want one follow request, got %+v", reqs)
	}
	it := reqs[0]
	if it.Author != lea || it.Text != "Boulangère à Lyon" || it.State != StateNew || !it.AwaitsAnswer() {
		t.Errorf("request: %+v", it)
	}
	if open := f.list(t, InboxFilter{}); len(open) != 1 || open[0].ID != it.ID {
		t.Errorf("the open inbox does not show the request: %+v", open)
	}
	if n := f.list(t, InboxFilter{View: ViewNeedsReply}); len(n) != 0 || f.in.NeedsReply() != 0 {
		t.Errorf("a follow request counts as a reply to write: %+v, %d", n, f.in.NeedsReply())
	}
	notices := f.inboxNotices()
	if len(notices) != 1 || len(notices[0].Items) != 1 || notices[0].Items[0].Kind != ItemFollowRequest {
		t.Fatalf("want one notice of the request, got %+v", notices)
	}
	f.sync(t)
	if len(f.inboxNotices()) != 1 || len(f.followRequests(t)) != 1 {
		t.Error("the request was told or stored twice")
	}
	if !f.in.CanAnswerFollow(bg, it) {
		t.Error("CanAnswerFollow is false on a network that answers")
	}
}

func TestAcceptAndRejectAnswerOnTheNetwork(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	tom := Author{RemoteID: "4242", Handle: "tom@masto.example", Name: "Tom"}
	f.masto.requestFollow(lea, "", true)
	f.masto.requestFollow(tom, "", true)
	f.sync(t)
	reqs := f.followRequests(t)
	if len(reqs) != 2 {
		t.Fatalf("want 2 requests, got %d", len(reqs))
	}
	byAuthor := map[string]InboxItem{}
	for _, r := range reqs {
		byAuthor[r.Author.RemoteID] = r
	}

	accepted, err := f.in.Accept(bg, byAuthor[lea.RemoteID].ID)
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := f.in.Reject(bg, byAuthor[tom.RemoteID].ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"accept " + lea.RemoteID, "reject 4242"}; !slices.Equal(f.masto.answers, want) {
		t.Errorf("the network got %q, want %q", f.masto.answers, want)
	}
	if accepted.Answer != FollowAccepted || rejected.Answer != FollowRejected ||
		accepted.State != StateDone || rejected.State != StateDone || accepted.AwaitsAnswer() {
		t.Errorf("accepted %+v\nrejected %+v", accepted, rejected)
	}
	stored, err := f.store.InboxItem(bg, accepted.ID)
	if err != nil || stored.Answer != FollowAccepted {
		t.Errorf("the answer was not stored: %+v, %v", stored, err)
	}
	if open := f.list(t, InboxFilter{}); len(open) != 0 {
		t.Errorf("answered requests stay open: %+v", open)
	}

	// Again: Relais knows, and asks nothing of the network.
	if _, err := f.in.Accept(bg, accepted.ID); !errors.Is(err, ErrFollowHandled) {
		t.Errorf("accepting twice: %v", err)
	}
	if len(f.masto.answers) != 2 {
		t.Errorf("asked the network again: %q", f.masto.answers)
	}
}

func TestARequestGoneMeanwhileIsHandledInPlainWords(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.requestFollow(lea, "", true)
	f.sync(t)
	it := f.followRequests(t)[0]
	// Withdrawn (or answered in another app) before the next sync.
	f.masto.mu.Lock()
	delete(f.masto.requests, lea.RemoteID)
	f.masto.mu.Unlock()

	got, err := f.in.Accept(bg, it.ID)
	if !errors.Is(err, ErrFollowHandled) {
		t.Fatalf("want ErrFollowHandled, got %v", err)
	}
	if err.Error() != "this follow request was already handled or withdrawn" {
		t.Errorf("error in words: %q", err)
	}
	if got.Answer != FollowGone || got.State != StateDone {
		t.Errorf("the item is not marked handled: %+v", got)
	}
	if open := f.list(t, InboxFilter{}); len(open) != 0 {
		t.Errorf("a request gone stays open: %+v", open)
	}
}

func TestAFailedAnswerLeavesTheRequestWaiting(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.requestFollow(lea, "", true)
	f.sync(t)
	it := f.followRequests(t)[0]
	f.masto.answerFail = &NetError{Network: Mastodon, Kind: FailServer, Status: 503}
	_, err := f.in.Reject(bg, it.ID)
	var te *TargetError
	if !errors.As(err, &te) || !errors.Is(err, ErrServerDown) {
		t.Fatalf("want the network's error, got %v", err)
	}
	got, _ := f.in.Item(bg, it.ID)
	if !got.AwaitsAnswer() || got.State != StateNew {
		t.Errorf("a failed answer changed the item: %+v", got)
	}

	f.masto.addItems(Item{Kind: ItemMention, Author: lea, Text: "salut", Post: &RemoteRef{ID: "p1"}})
	f.sync(t)
	mention := f.list(t, InboxFilter{View: ViewAll, Kind: ItemMention})
	if _, err := f.in.Accept(bg, mention[0].ID); !errors.Is(err, ErrNotFollowRequest) {
		t.Errorf("accepting a mention: %v", err)
	}
}

func TestRequestsWithoutNotificationComeFromTheList(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	// The notification was dismissed in another app before Relais read it.
	f.masto.requestFollow(lea, "Boulangère", false)
	f.sync(t)
	reqs := f.followRequests(t)
	if len(reqs) != 1 || reqs[0].Author.RemoteID != lea.RemoteID || !reqs[0].AwaitsAnswer() {
		t.Fatalf("the waiting request did not arrive: %+v", reqs)
	}
	if n := f.inboxNotices(); len(n) != 1 {
		t.Errorf("a request read from the list is not told: %+v", n)
	}
	// Its notification after all, and the list again: still one.
	f.masto.addItems(Item{Kind: ItemFollowRequest, Author: lea})
	f.sync(t)
	f.sync(t)
	if reqs := f.followRequests(t); len(reqs) != 1 {
		t.Fatalf("the request is in the inbox %d times", len(reqs))
	}

	// Accepted in the server's web page: it leaves the open inbox.
	f.masto.mu.Lock()
	delete(f.masto.requests, lea.RemoteID)
	f.masto.mu.Unlock()
	f.sync(t)
	got := f.followRequests(t)[0]
	if got.Answer != FollowGone || got.State != StateDone {
		t.Errorf("a request answered elsewhere stays waiting: %+v", got)
	}
}

func TestAnAnswerWhoseReplyWasLostIsSettled(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.requestFollow(lea, "", true)
	f.sync(t)
	it := f.followRequests(t)[0]
	// Accepted on the network, then the connection dropped.
	f.masto.answerLost = true
	got, err := f.in.Accept(bg, it.ID)
	if err != nil || got.Answer != FollowAccepted || got.State != StateDone {
		t.Fatalf("a lost answer: %+v, %v", got, err)
	}

	// Dropped before the network acted: still waiting, and said so.
	f.masto.requestFollow(Author{RemoteID: "4242", Handle: "tom@masto.example"}, "", true)
	f.sync(t)
	var tom InboxItem
	for _, r := range f.followRequests(t) {
		if r.Author.RemoteID == "4242" {
			tom = r
		}
	}
	f.masto.answerLost = false
	f.masto.answerFail = &NetError{Network: Mastodon, Kind: FailOffline}
	if _, err := f.in.Reject(bg, tom.ID); !errors.Is(err, ErrOffline) {
		t.Errorf("want ErrOffline, got %v", err)
	}
	if got, _ := f.in.Item(bg, tom.ID); !got.AwaitsAnswer() {
		t.Errorf("the request no longer waits: %+v", got)
	}
}
