package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// inboxFixture is an inbox over two accounts and a feed on fake networks.
type inboxFixture struct {
	*engine
	in      *Inbox
	feed    *fakeNet
	feedAcc Account
}

func newInboxFixture(t *testing.T) *inboxFixture {
	t.Helper()
	e := newEngine(t)
	f := &inboxFixture{engine: e, feed: &fakeNet{network: RSS}}
	e.accounts = NewAccounts(e.store, e.secrets, NewRegistry(e.masto, e.sky, f.feed), e.media, e.clock)
	f.in = NewInbox(e.store, e.accounts, e.clock, time.UTC, e.notices)
	return f
}

func mention(text string) Item {
	return Item{Kind: ItemMention, Author: Author{Handle: "marie@masto.example", Name: "Marie"}, Text: text,
		Post: &RemoteRef{ID: "p-" + text}}
}

// sync reads every account and fails the test on an error.
func (f *inboxFixture) sync(t *testing.T) []SyncResult {
	t.Helper()
	res, err := f.in.SyncAll(bg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Account.Handle, r.Err)
		}
	}
	return res
}

func (f *inboxFixture) list(t *testing.T, filter InboxFilter) []InboxItem {
	t.Helper()
	l, err := f.in.List(bg, filter)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]InboxItem, l.Len())
	for i := range out {
		out[i] = l.At(i)
	}
	return out
}

func texts(items []InboxItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}

func (f *inboxFixture) inboxNotices() []Notice {
	f.notices.mu.Lock()
	defer f.notices.mu.Unlock()
	var out []Notice
	for _, n := range f.notices.notices {
		if n.Kind == NoticeInbox {
			out = append(out, n)
		}
	}
	return out
}

func TestSyncStoresEachItemOnceAcrossRestarts(t *testing.T) {
	f := newInboxFixture(t)
	f.masto.addItems(mention("Bonjour"), Item{Kind: ItemLike, Author: Author{Handle: "paul@x.example"}, Post: &RemoteRef{ID: "mine"}, At: start})
	f.sync(t)
	f.masto.addItems(Item{Kind: ItemDirect, Text: "En privé", Post: &RemoteRef{ID: "dm"}, Visibility: VisibilityDirect, At: start.Add(time.Minute)})
	res := f.sync(t)
	if got := len(res[0].Added); got != 1 {
		t.Errorf("second sync added %d items, want the 1 new", got)
	}

	// A restart: a new Inbox on the same store reads the same items and
	// syncs from the stored cursor.
	again := NewInbox(f.store, f.accounts, f.clock, time.UTC, f.notices)
	if _, err := again.SyncAll(bg, nil); err != nil {
		t.Fatal(err)
	}
	l, _ := again.List(bg, InboxFilter{View: ViewAll})
	if l.Len() != 3 {
		t.Fatalf("after a restart, %d items, want 3", l.Len())
	}
	byText := map[string]InboxItem{}
	for i := range l.Len() {
		byText[l.At(i).Text] = l.At(i)
	}
	if s := byText["Bonjour"].State; s != StateNeedsReply {
		t.Errorf("a mention is %s, want needs_reply", s)
	}
	if s := byText["En privé"].State; s != StateNeedsReply {
		t.Errorf("a direct message is %s, want needs_reply", s)
	}
	if s := byText[""].State; s != StateNew {
		t.Errorf("a like is %s, want new", s)
	}
	if l.At(0).Text != "En privé" {
		t.Errorf("newest first: got %q first", l.At(0).Text)
	}
	if f.masto.seenAt.IsZero() {
		t.Error("the network was not told the notifications were seen")
	}
}

func TestSyncDrainsABurstOnce(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t) // the first read: nothing yet, the cursor starts at 0
	for i := range 5000 {
		f.masto.addItems(mention(fmt.Sprint("n", i)))
	}
	res := f.sync(t)
	if got := len(res[0].Added); got != 5000 {
		t.Fatalf("added %d items, want 5000", got)
	}
	if got := len(f.list(t, InboxFilter{View: ViewAll})); got != 5000 {
		t.Fatalf("%d items in the inbox, want 5000", got)
	}
	f.sync(t)
	if got := len(f.list(t, InboxFilter{View: ViewAll})); got != 5000 {
		t.Fatalf("after another sync, %d items, want 5000", got)
	}
	// One notification for the burst.
	if n := f.inboxNotices(); len(n) != 1 || len(n[0].Items) != 5000 {
		t.Errorf("notices: %d, want one of 5000 items", len(n))
	}
}

func TestAFailedWriteLosesNothing(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("un"), mention("deux"))
	f.store.imu.Lock()
	f.store.failMerge = errors.New("disk full")
	f.store.imu.Unlock()
	res, _ := f.in.SyncAll(bg, nil)
	if res[0].Err == nil {
		t.Fatal("a failed write was not reported")
	}
	f.sync(t)
	if got := texts(f.list(t, InboxFilter{View: ViewAll})); !slices.Equal(got, []string{"deux", "un"}) {
		t.Errorf("after the failure and a new sync: %q", got)
	}
}

func TestFirstSyncIsHistoryAndNotNotified(t *testing.T) {
	f := newInboxFixture(t)
	f.masto.addItems(mention("vieux"))
	f.sync(t)
	if n := f.inboxNotices(); len(n) != 0 {
		t.Fatalf("the first read of an account notified %d times", len(n))
	}
	f.masto.addItems(mention("nouveau"))
	f.sync(t)
	n := f.inboxNotices()
	if len(n) != 1 || len(n[0].Items) != 1 || n[0].Items[0].Text != "nouveau" || n[0].Account.ID != f.mastoAcc.ID {
		t.Fatalf("notices: %+v", n)
	}
	f.sync(t)
	if len(f.inboxNotices()) != 1 {
		t.Error("an item was notified twice")
	}
}

func TestNotificationsAreGroupedPausedAndQuiet(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	for i := range 10 {
		f.masto.addItems(mention(fmt.Sprint("m", i)))
	}
	f.sky.addItems(mention("s1"), mention("s2"), Item{Kind: ItemLike, Post: &RemoteRef{ID: "x"}, At: start})
	f.sync(t)
	n := f.inboxNotices()
	if len(n) != 1 || len(n[0].Items) != 12 || n[0].Accounts != 2 || n[0].Urgent {
		t.Fatalf("want one notice of 12 items on 2 accounts, got %d notices: %+v", len(n), n)
	}

	// Paused: nothing now, and nothing told afterwards.
	settings := NewSettings(f.store)
	settings.SetInbox(bg, InboxSettings{Paused: true})
	f.masto.addItems(mention("pendant la pause"))
	f.sync(t)
	settings.SetInbox(bg, InboxSettings{})
	f.sync(t)
	if len(f.inboxNotices()) != 1 {
		t.Fatal("a paused notification was shown")
	}

	// Quiet hours: told once they end. start is 9:00 UTC.
	settings.SetInbox(bg, InboxSettings{Quiet: QuietHours{From: 8 * 60, To: 10 * 60}})
	f.masto.addItems(mention("calme 1"), mention("calme 2"))
	f.sync(t)
	if len(f.inboxNotices()) != 1 {
		t.Fatal("a notification was shown during quiet hours")
	}
	f.clock.advance(time.Hour)
	f.sync(t)
	n = f.inboxNotices()
	if len(n) != 2 || len(n[1].Items) != 2 {
		t.Fatalf("after quiet hours: %+v", n)
	}
}

func TestNoNotificationForWhatTheUserSees(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.in.SetWatching(true)
	f.masto.addItems(mention("vu"))
	f.sync(t)
	f.in.SetWatching(false)
	if n := f.inboxNotices(); len(n) != 0 {
		t.Fatalf("notified while watching: %+v", n)
	}
	f.masto.addItems(mention("pas vu"))
	f.sync(t)
	items := f.list(t, InboxFilter{})
	if err := f.in.MarkSeen(bg, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if n := f.inboxNotices(); len(n) != 1 || n[0].Items[0].Text != "pas vu" {
		t.Fatalf("notices: %+v", n)
	}
}

func TestRiskRulesFlagAndNotifyUrgently(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("C'est une ARNAQUÉ totale !"), mention("Super produit"))
	f.sync(t)
	risky := f.list(t, InboxFilter{View: ViewRisk})
	if len(risky) != 1 || !risky[0].Risk || !risky[0].hasLabel("arnaque") || risky[0].Priority != PriorityHigh || len(risky[0].Rules) != 1 {
		t.Fatalf("risk view: %+v", risky)
	}
	if n := f.inboxNotices(); len(n) != 1 || !n[0].Urgent {
		t.Fatalf("the risk was not urgent: %+v", n)
	}
}

func TestRulesLabelAndMarkDone(t *testing.T) {
	f := newInboxFixture(t)
	err := f.in.SetRules(bg, []Rule{
		{Name: "Bots", Enabled: true, Authors: []string{"@bot@spam.example"}, Done: true},
		{Name: "Presse", Enabled: true, Words: []string{"journaliste", "interview"}, Label: "presse"},
		{Name: "Off", Enabled: false, Words: []string{"bonjour"}, Label: "jamais"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.sync(t)
	f.masto.addItems(
		Item{Kind: ItemMention, Author: Author{Handle: "bot@spam.example"}, Text: "Gagnez un iPhone", Post: &RemoteRef{ID: "b"}, At: start},
		mention("Bonjour, je suis journaliste au Monde"),
		mention("Les interviews sont où ?"), // "interviews" is not the word "interview"
	)
	f.sync(t)
	all := f.list(t, InboxFilter{View: ViewAll})
	got := map[string]InboxItem{}
	for _, it := range all {
		got[it.Text] = it
	}
	if s := got["Gagnez un iPhone"].State; s != StateDone {
		t.Errorf("the bot's mention is %s, want done", s)
	}
	if l := got["Bonjour, je suis journaliste au Monde"].Labels; !slices.Equal(l, []string{"presse"}) {
		t.Errorf("labels %q", l)
	}
	if l := got["Les interviews sont où ?"].Labels; len(l) != 0 {
		t.Errorf("a rule matched inside a word: %q", l)
	}
	if n := f.list(t, InboxFilter{Label: "presse"}); len(n) != 1 {
		t.Errorf("label filter: %d items", len(n))
	}
}

func TestStarterRulesAndRepliesAreGivenOnce(t *testing.T) {
	f := newInboxFixture(t)
	rules, err := f.in.Rules(bg)
	if err != nil || len(rules) == 0 || rules[0].ID.IsZero() {
		t.Fatalf("starter rules: %v %+v", err, rules)
	}
	if err := f.in.SetRules(bg, nil); err != nil {
		t.Fatal(err)
	}
	if rules, _ := f.in.Rules(bg); len(rules) != 0 {
		t.Error("deleted starter rules came back")
	}
	replies, err := f.in.SavedReplies(bg)
	if err != nil || len(replies) < 2 || replies[0].ID.IsZero() {
		t.Fatalf("starter replies: %v %+v", err, replies)
	}
	langs := map[Language]bool{}
	for _, r := range replies {
		langs[r.Language] = true
	}
	if !langs[LanguageFrench] || !langs[LanguageEnglish] {
		t.Errorf("starter replies in %v, want French and English", langs)
	}
}

func TestFillReply(t *testing.T) {
	it := InboxItem{Item: Item{Author: Author{Name: "Marie Dupont", Handle: "marie@masto.example"}}}
	if got := FillReply("Merci {name} ({handle}) !", it); got != "Merci Marie Dupont (@marie@masto.example) !" {
		t.Errorf("got %q", got)
	}
}

func TestEditsAndDeletionsOnTheNetwork(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("avant"), mention("supprimé"))
	f.sync(t)
	f.masto.mu.Lock()
	f.masto.changes = []Change{{Post: "p-avant", Text: "après"}, {Post: "p-supprimé", Deleted: true}}
	f.masto.mu.Unlock()
	res := f.sync(t)
	if res[0].Changed != 2 {
		t.Errorf("changed %d, want 2", res[0].Changed)
	}
	byRemote := map[string]InboxItem{}
	for _, it := range f.list(t, InboxFilter{View: ViewAll}) {
		byRemote[it.Post.ID] = it
	}
	if it := byRemote["p-avant"]; it.Text != "après" || !it.Edited {
		t.Errorf("edited item: %+v", it)
	}
	if it := byRemote["p-supprimé"]; !it.Deleted || it.Text != "supprimé" {
		t.Errorf("deleted item: %+v", it)
	}
	if f.in.NeedsReply() != 1 {
		t.Errorf("a deleted mention still counts as needing a reply")
	}
}

func TestTriageSnoozeAndFilters(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("Où est ma commande ?"), mention("Merci pour l'événement"))
	f.sky.addItems(mention("Réclamation déposée"))
	f.sync(t)
	if got := f.in.NeedsReply(); got != 3 {
		t.Fatalf("needs reply %d, want 3", got)
	}
	open := f.list(t, InboxFilter{})
	if len(open) != 3 {
		t.Fatalf("open: %q", texts(open))
	}

	// Search ignores case and accents.
	if got := texts(f.list(t, InboxFilter{Text: "evenement MERCI"})); !slices.Equal(got, []string{"Merci pour l'événement"}) {
		t.Errorf("search: %q", got)
	}
	l, _ := f.in.List(bg, InboxFilter{Network: Bluesky})
	if l.Len() != 1 || l.Counts.Networks[Mastodon] != 2 || l.Counts.Networks[Bluesky] != 1 || l.Counts.Views[ViewOpen] != 1 {
		t.Errorf("counts: %+v", l.Counts)
	}

	byText := map[string]ID{}
	for _, it := range open {
		byText[it.Text] = it.ID
	}
	if err := f.in.SetState(bg, []ID{byText["Merci pour l'événement"]}, StateDone); err != nil {
		t.Fatal(err)
	}
	if err := f.in.Snooze(bg, []ID{byText["Où est ma commande ?"]}, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := texts(f.list(t, InboxFilter{})); !slices.Equal(got, []string{"Réclamation déposée"}) {
		t.Errorf("open after done and snooze: %q", got)
	}
	if got := texts(f.list(t, InboxFilter{View: ViewSnoozed})); len(got) != 1 {
		t.Errorf("snoozed: %q", got)
	}
	if got := texts(f.list(t, InboxFilter{View: ViewDone})); len(got) != 1 {
		t.Errorf("done: %q", got)
	}
	f.clock.advance(2 * time.Hour)
	if got := len(f.list(t, InboxFilter{})); got != 2 {
		t.Errorf("after the snooze, %d open, want 2", got)
	}
	// The user's word stays after a restart.
	again := NewInbox(f.store, f.accounts, f.clock, time.UTC, f.notices)
	if got, _ := again.List(bg, InboxFilter{View: ViewDone}); got.Len() != 1 {
		t.Error("the triage did not survive a restart")
	}
}

func TestReplyGoesOutOnceAsAReply(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(Item{Kind: ItemDirect, Author: Author{Handle: "marie@masto.example"}, Text: "Un souci",
		Post: &RemoteRef{ID: "dm-1"}, Visibility: VisibilityDirect, At: start})
	f.sync(t)
	it := f.list(t, InboxFilter{})[0]

	// The connection drops after the network made the reply.
	f.masto.fail = func(o Outgoing) (error, bool) {
		return &NetError{Network: Mastodon, Kind: FailOffline}, true
	}
	got, err := f.in.Reply(bg, it.ID, "  @marie@masto.example On regarde ça.  ")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != StateReplied || len(got.Replies) != 1 || !got.Replies[0].Sent() {
		t.Fatalf("after the reply: %+v", got)
	}
	if f.masto.count() != 1 || f.masto.finds != 1 {
		t.Fatalf("%d posts, %d finds: want 1 and 1", f.masto.count(), f.masto.finds)
	}
	o := f.masto.posts[0]
	if o.ReplyTo == nil || o.ReplyTo.ID != "dm-1" || o.Visibility != VisibilityDirect || o.Key == "" {
		t.Errorf("the reply went out as %+v", o)
	}
}

func TestAFailedReplyIsSentAgainWithTheSameKey(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("Question"))
	f.sync(t)
	it := f.list(t, InboxFilter{})[0]
	f.masto.fail = func(o Outgoing) (error, bool) {
		return &NetError{Network: Mastodon, Kind: FailServer, Status: 503}, false
	}
	if _, err := f.in.Reply(bg, it.ID, "Réponse"); !errors.Is(err, ErrServerDown) {
		t.Fatalf("got %v, want the server's trouble", err)
	}
	f.masto.fail = nil
	got, err := f.in.Reply(bg, it.ID, "Réponse")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Replies) != 1 || f.masto.count() != 1 {
		t.Errorf("%d replies kept, %d posts made", len(got.Replies), f.masto.count())
	}
	// Sent, then asked again (a script run twice): not sent twice.
	if _, err := f.in.Reply(bg, it.ID, "Réponse"); !errors.Is(err, ErrAlreadyReplied) || f.masto.count() != 1 {
		t.Errorf("the same reply again: %v, %d posts made; want it refused, one post", err, f.masto.count())
	}
	if _, err := f.in.Reply(bg, it.ID, "Autre chose"); err != nil || f.masto.count() != 2 {
		t.Errorf("another reply: %v, %d posts made; want it sent", err, f.masto.count())
	}
}

func TestReplyIsCheckedLikeAPost(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.sky.addItems(mention("Question"), Item{Kind: ItemFollow, Author: Author{Handle: "new.example"}})
	f.sync(t)
	items := f.list(t, InboxFilter{View: ViewAll})
	var nre *NotReadyError
	if _, err := f.in.Reply(bg, items[1].ID, strings.Repeat("a", 301)); !errors.As(err, &nre) || nre.Problems[0].Kind != ProblemTooLong {
		t.Fatalf("a reply over Bluesky's 300 went: %v", err)
	}
	if _, err := f.in.Reply(bg, items[1].ID, " "); !errors.Is(err, ErrNoReplyText) {
		t.Errorf("empty reply: %v", err)
	}
	if _, err := f.in.Reply(bg, items[0].ID, "Merci"); !errors.Is(err, ErrCannotReply) {
		t.Errorf("a follow was answered: %v", err)
	}
	if f.sky.count() != 0 {
		t.Error("a refused reply was sent")
	}
}

func TestLikeAndBoost(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("Top"))
	f.sync(t)
	it := f.list(t, InboxFilter{})[0]
	if err := f.in.Like(bg, it.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.in.Boost(bg, it.ID); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.masto.likes, []string{"p-Top"}) || !slices.Equal(f.masto.boosts, []string{"p-Top"}) {
		t.Errorf("likes %q boosts %q", f.masto.likes, f.masto.boosts)
	}
}

func TestConversationFindsOurReplyAndDeletions(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("Vous ouvrez quand ?"), mention("Parti"))
	f.sync(t)
	f.masto.mu.Lock()
	f.masto.threads = map[string]Thread{"p-Vous ouvrez quand ?": {Focus: 1, Posts: []ThreadPost{
		{Ref: RemoteRef{ID: "root"}, Text: "On ouvre bientôt", Mine: true},
		{Ref: RemoteRef{ID: "p-Vous ouvrez quand ?"}, Text: "Vous ouvrez quand ?", ReplyTo: "root"},
		{Ref: RemoteRef{ID: "r"}, Text: "Samedi !", Mine: true, ReplyTo: "p-Vous ouvrez quand ?"},
	}}}
	f.masto.mu.Unlock()
	items := f.list(t, InboxFilter{})
	conv, err := f.in.Conversation(bg, items[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(conv.Thread.Posts) != 3 || conv.Item.State != StateReplied {
		t.Errorf("conversation %+v", conv)
	}
	_, err = f.in.Conversation(bg, items[0].ID)
	if !errors.Is(err, ErrRemoteGone) {
		t.Fatalf("a deleted post: %v", err)
	}
	if it, _ := f.in.Item(bg, items[0].ID); !it.Deleted {
		t.Error("the deleted post is not marked")
	}
}

func TestFeedKeepsWhatMatchesItsWatchWords(t *testing.T) {
	f := newInboxFixture(t)
	acc, err := f.accounts.Connect(bg, Account{Network: RSS, Server: "https://blog.example/feed"}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.PutAccount(bg, func() Account { acc.Watch = []string{"Relais"}; return acc }()); err != nil {
		t.Fatal(err)
	}
	f.feed.addItems(
		Item{Kind: ItemArticle, Title: "Relais, l'outil des CM", Text: "Un test", At: start},
		Item{Kind: ItemArticle, Title: "Recette du jour", Text: "Des crêpes", At: start},
	)
	f.sync(t)
	got := f.list(t, InboxFilter{View: ViewAll, Account: acc.ID})
	if len(got) != 1 || got[0].Title != "Relais, l'outil des CM" || got[0].State != StateNew {
		t.Errorf("feed items: %+v", got)
	}
}

func TestARefusedSignInAsksToReconnectOnce(t *testing.T) {
	f := newInboxFixture(t)
	f.masto.readFail = &NetError{Network: Mastodon, Kind: FailAuth, Status: 401}
	res, _ := f.in.SyncAll(bg, nil)
	if !errors.Is(res[0].Err, ErrReconnect) {
		t.Fatalf("got %v", res[0].Err)
	}
	f.in.SyncAll(bg, nil)
	if acc, _ := f.accounts.Get(bg, f.mastoAcc.ID); acc.State != AccountReauth {
		t.Errorf("the account is %s", acc.State)
	}
	if k := f.notices.kinds(); !slices.Equal(k, []NoticeKind{NoticeReconnect}) {
		t.Errorf("notices %v, want one reconnect", k)
	}
	// The other account synced anyway.
	if f.sky.reads == 0 {
		t.Error("one account's failure stopped the others")
	}
}

func TestDisconnectedAccountsLeaveTheInbox(t *testing.T) {
	f := newInboxFixture(t)
	f.sync(t)
	f.masto.addItems(mention("a"))
	f.sky.addItems(mention("b"))
	f.sync(t)
	if err := f.accounts.Disconnect(bg, f.skyAcc.ID); err != nil {
		t.Fatal(err)
	}
	f.in.prune(bg)
	if got := texts(f.list(t, InboxFilter{View: ViewAll})); !slices.Equal(got, []string{"a"}) {
		t.Errorf("after disconnecting: %q", got)
	}
}

func TestQuietHours(t *testing.T) {
	q, err := ParseQuietHours("22h-8h")
	if err != nil || q.String() != "22:00-08:00" {
		t.Fatalf("%v %v", q, err)
	}
	at := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		t    time.Time
		in   bool
		ends time.Time
	}{
		{at(23, 0), true, at(8, 0).AddDate(0, 0, 1)},
		{at(7, 59), true, at(8, 0)},
		{at(8, 0), false, at(8, 0)},
		{at(21, 59), false, at(21, 59)},
	} {
		if q.Contains(c.t) != c.in || !q.End(c.t).Equal(c.ends) {
			t.Errorf("%s: in %v ends %s", c.t.Format("15:04"), q.Contains(c.t), q.End(c.t))
		}
	}
	for _, bad := range []string{"22", "25:00-8", "8:5-9", "a-b"} {
		if _, err := ParseQuietHours(bad); !errors.Is(err, ErrBadQuietHours) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// eventually waits for cond, failing the test after a while.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRunSyncsAndListensToStreams(t *testing.T) {
	f := newInboxFixture(t)
	f.masto.stream = make(chan StreamEvent)
	ctx, cancel := context.WithCancel(bg)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.in.Run(ctx)
	}()
	eventually(t, "the first sync", func() bool {
		f.masto.mu.Lock()
		defer f.masto.mu.Unlock()
		return f.masto.reads > 0
	})

	// A mention told by the stream arrives, and is notified at once.
	it := mention("en direct")
	it.RemoteID, it.At = "s-1", start
	f.masto.stream <- StreamEvent{Item: &it}
	eventually(t, "the streamed mention", func() bool { return len(f.inboxNotices()) == 1 })
	f.masto.stream <- StreamEvent{Change: &Change{Post: "p-en direct", Deleted: true}}
	eventually(t, "the deletion", func() bool {
		items, _ := f.in.List(bg, InboxFilter{View: ViewAll})
		return items.Len() == 1 && items.At(0).Deleted
	})

	// The same mention read by the next sync is not stored twice.
	f.masto.addItems(it)
	f.in.SyncNow()
	eventually(t, "the sync asked for", func() bool {
		cursor, _ := f.store.InboxCursor(bg, f.mastoAcc.ID)
		return cursor == "1"
	})
	if l, _ := f.in.List(bg, InboxFilter{View: ViewAll}); l.Len() != 1 {
		t.Errorf("%d items, want the streamed one once", l.Len())
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// waitingClock is a fakeClock whose waits are handed to the test.
type waitingClock struct {
	*fakeClock
	asked chan waitAsked
}

type waitAsked struct {
	d    time.Duration
	fire chan time.Time
}

func (c *waitingClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.asked <- waitAsked{d, ch}
	return ch
}

func TestRunCatchesUpEachTimeAStreamOpens(t *testing.T) {
	f := newInboxFixture(t)
	clock := &waitingClock{fakeClock: f.clock, asked: make(chan waitAsked, 10)}
	in := NewInbox(f.store, f.accounts, clock, time.UTC, f.notices)
	stream := make(chan StreamEvent)
	f.masto.mu.Lock()
	f.masto.stream = stream
	f.masto.mu.Unlock()
	ctx, cancel := context.WithCancel(bg)
	done := make(chan struct{})
	go func() {
		defer close(done)
		in.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	texts := func() []string {
		l, _ := in.List(bg, InboxFilter{View: ViewAll})
		var out []string
		for i := range l.Len() {
			out = append(out, l.At(i).Text)
		}
		return out
	}
	// Dropped, the stream is opened again after 5 s and a quarter at
	// most, then twice as long each time.
	for i, want := range []time.Duration{streamRetry, 2 * streamRetry, 4 * streamRetry} {
		stream <- StreamEvent{} // the stream reads this channel
		next := make(chan StreamEvent)
		f.masto.mu.Lock()
		f.masto.stream = next
		f.masto.mu.Unlock()
		close(stream)
		stream = next
		var w waitAsked
		select {
		case w = <-clock.asked:
		case <-time.After(5 * time.Second):
			t.Fatal("no wait before opening the stream again")
		}
		if w.d < want || w.d >= want+want/4 {
			t.Errorf("wait %d = %v, want %v and up to a quarter more", i, w.d, want)
		}
		// What comes while it is closed is read when it opens.
		it := mention(fmt.Sprint("pendant la coupure ", i))
		f.masto.addItems(it)
		w.fire <- time.Now()
		eventually(t, it.Text, func() bool { return slices.Contains(texts(), it.Text) })
	}
	if got := texts(); len(got) != 3 {
		t.Errorf("inbox %q, want the three mentions once", got)
	}
}

func TestSavedReplyNamed(t *testing.T) {
	replies := StarterSavedReplies()
	for name, want := range map[string]string{
		"Merci":            "Merci",
		"  MERCI ":         "Merci",
		"en message prive": "En message privé",
		"en mess":          "En message privé",
		"On it":            "On it",
		"th":               "Thanks",
		"on":               "", // On s'en occupe, On it
		"":                 "",
		"Bye":              "",
	} {
		r, ok := SavedReplyNamed(replies, name)
		if ok != (want != "") || r.Name != want {
			t.Errorf("SavedReplyNamed(%q) = %q, %v; want %q", name, r.Name, ok, want)
		}
	}
}

// A feed's articles reach the inbox only when they hold one of its watch
// words; a feed without words keeps them all.
func TestFeedWatchWords(t *testing.T) {
	f := newInboxFixture(t)
	var err error
	f.feedAcc, err = f.accounts.Connect(bg, Account{Network: RSS, Server: "https://blog.example/feed", Watch: []string{"Boulangerie Martin", "croissant"}}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	f.feed.addItems(
		Item{Kind: ItemArticle, Title: "Les meilleures boulangeries de Lyon", Text: "La Boulangerie Martin arrive en tête."},
		Item{Kind: ItemArticle, Title: "Recette", Text: "Des croissants maison"}, // "croissants" is not "croissant"
		Item{Kind: ItemArticle, Title: "Le CROISSANT du dimanche", Text: "…"},
		Item{Kind: ItemArticle, Title: "Météo", Text: "Il pleut"},
	)
	f.sync(t)
	got := f.list(t, InboxFilter{View: ViewAll, Account: f.feedAcc.ID})
	var titles []string
	for _, it := range got {
		titles = append(titles, it.Title)
	}
	if !slices.Equal(titles, []string{"Le CROISSANT du dimanche", "Les meilleures boulangeries de Lyon"}) {
		t.Errorf("kept %q", titles)
	}

	// Without words, what arrives next is kept whole.
	if _, err := f.accounts.SetWatch(bg, f.feedAcc.ID, nil); err != nil {
		t.Fatal(err)
	}
	f.feed.addItems(Item{Kind: ItemArticle, Title: "Horaires d'hiver", Text: "Ouvert de 7 h à 19 h"})
	f.sync(t)
	if got := f.list(t, InboxFilter{View: ViewAll, Account: f.feedAcc.ID}); len(got) != 3 || got[0].Title != "Horaires d'hiver" {
		t.Errorf("without words: %q", texts(got))
	}
}
