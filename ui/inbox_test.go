package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// The fake networks read an inbox, conversations, and like and boost
// (services_test.go holds the rest of them).

func (c *fakeConn) Since(ctx context.Context, cursor string) (app.Page, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.offline {
		return app.Page{}, &app.NetError{Network: n.network, Kind: app.FailOffline}
	}
	from, _ := strconv.Atoi(cursor)
	from = min(from, len(n.inbox))
	return app.Page{Items: slices.Clone(n.inbox[from:]), Cursor: strconv.Itoa(len(n.inbox))}, nil
}

func (c *fakeConn) Thread(ctx context.Context, post app.RemoteRef) (app.Thread, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if t, ok := n.threads[post.ID]; ok {
		return t, nil
	}
	for _, it := range n.inbox {
		if it.Post != nil && it.Post.ID == post.ID {
			return app.Thread{Posts: []app.ThreadPost{{Ref: post, Author: it.Author, Text: it.Text, URL: it.URL, At: it.At}}}, nil
		}
	}
	return app.Thread{}, &app.NetError{Network: n.network, Kind: app.FailNotFound, Status: 404}
}

func (c *fakeConn) Like(ctx context.Context, post app.RemoteRef) error {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.likes = append(c.net.likes, post.ID)
	return nil
}

func (c *fakeConn) Boost(ctx context.Context, post app.RemoteRef) error {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.boosts = append(c.net.boosts, post.ID)
	return nil
}

var (
	_ app.Reader       = (*fakeConn)(nil)
	_ app.ThreadReader = (*fakeConn)(nil)
	_ app.Reactor      = (*fakeConn)(nil)
)

// inboxFixture is a window with an inbox over a Mastodon and a Bluesky
// account, each with a few items already read.
type inboxFixture struct {
	*fixture
	s        *services
	in       *app.Inbox
	masto    app.Account
	sky      app.Account
	notified *notifyLog
}

// notifyLog records what Deps.Notify was asked to show.
type notifyLog struct {
	mu   sync.Mutex
	sent []notice
}

func (l *notifyLog) notify(title, body string, urgent bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent = append(l.sent, notice{title: title, body: body, urgent: urgent})
	return nil
}

func (l *notifyLog) all() []notice {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.sent)
}

var inboxStart = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// fakeItem is an item posted minutes after inboxStart.
func fakeItem(kind app.ItemKind, minutes int, id, name, handle, text string) app.Item {
	return app.Item{
		RemoteID: "n-" + id, Kind: kind, Text: text,
		Author: app.Author{Name: name, Handle: handle, URL: "https://example.org/@" + handle},
		URL:    "https://example.org/posts/" + id, Post: &app.RemoteRef{ID: id},
		At: inboxStart.Add(time.Duration(minutes) * time.Minute),
	}
}

func newInboxFixture(t *testing.T, lang app.Language, options ...func(*fixture, *Deps)) *inboxFixture {
	t.Helper()
	x := &inboxFixture{notified: &notifyLog{}}
	withInbox := func(f *fixture, d *Deps) {
		x.in = app.NewInbox(f.db, d.Accounts, d.Clock, time.UTC, d.Notices)
		d.Inbox = x.in
		d.Notify = x.notified.notify
	}
	x.fixture, x.s = newServicesFixture(t, lang, append([]func(*fixture, *Deps){withInbox}, options...)...)
	x.masto = x.connect(x.s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	x.sky = x.connect(x.s, app.Account{Network: app.Bluesky, Handle: "shop.bsky.social"}, app.Secret{Password: "p"})
	m, b := x.s.nets[app.Mastodon], x.s.nets[app.Bluesky]
	m.inbox = []app.Item{
		fakeItem(app.ItemMention, 1, "m1", "Marie Dupont", "marie@masto.example", "Bonjour, ma commande n’est pas arrivée.\nPouvez-vous regarder ?"),
		fakeItem(app.ItemDirect, 2, "m2", "Jean Martin", "jean@masto.example", "Can we talk in private?"),
		fakeItem(app.ItemLike, 3, "m3", "Ana", "ana@masto.example", "Our autumn collection is out"),
	}
	m.inbox[1].Visibility = app.VisibilityDirect
	m.threads = map[string]app.Thread{"m1": {Focus: 1, Posts: []app.ThreadPost{
		{Ref: app.RemoteRef{ID: "m0"}, Author: app.Author{Name: "CM", Handle: "cm@mastodon.example"}, Text: "Our shop ships in 48 h: https://shop.example/delivery.", Mine: true, At: inboxStart},
		{Ref: app.RemoteRef{ID: "m1"}, Author: m.inbox[0].Author, Text: m.inbox[0].Text, ReplyTo: "m0", At: m.inbox[0].At},
	}}}
	b.inbox = []app.Item{
		fakeItem(app.ItemReply, 4, "b1", "Léa", "lea.bsky.social", "Super produit, merci !"),
		fakeItem(app.ItemMention, 5, "b2", "Paul", "paul.bsky.social", "C’est une arnaque, ce site"),
	}
	x.sync()
	return x
}

func (x *inboxFixture) sync() []app.SyncResult {
	x.t.Helper()
	res, err := x.in.SyncAll(context.Background(), nil)
	if err != nil {
		x.t.Fatal(err)
	}
	x.idle()
	return res
}

func (x *inboxFixture) screen() *inboxScreen {
	x.t.Helper()
	if x.w.View() != "inbox" {
		x.w.ShowView("inbox")
		x.idle()
	}
	return x.w.inbox
}

// rows is what the list shows, one "who | first line" per item.
func (x *inboxFixture) rows() []string {
	s := x.w.inbox
	var out []string
	for i := range s.items.Len() {
		r := newInboxRow()
		r.set(s, s.items.At(i))
		out = append(out, r.who.Text+" | "+r.text.Text)
	}
	return out
}

// choose picks the option of a filter that starts with prefix.
func (x *inboxFixture) choose(c *countSelect, prefix string) {
	x.t.Helper()
	for i, o := range c.sel.Options {
		if strings.HasPrefix(o, prefix) {
			c.sel.SetSelectedIndex(i)
			x.idle()
			return
		}
	}
	x.t.Fatalf("no option %q in %q", prefix, c.sel.Options)
}

func (x *inboxFixture) stored(remoteID string) app.InboxItem {
	x.t.Helper()
	var found app.InboxItem
	list, err := x.in.List(context.Background(), app.InboxFilter{View: app.ViewAll})
	if err != nil {
		x.t.Fatal(err)
	}
	for i := range list.Len() {
		if it := list.At(i); it.RemoteID == remoteID {
			found = it
		}
	}
	if found.ID.IsZero() {
		x.t.Fatalf("no item %s", remoteID)
	}
	return found
}

// selectRemote chooses the item in the list, as a click would.
func (x *inboxFixture) selectRemote(remoteID string) {
	x.t.Helper()
	s := x.w.inbox
	for i := range s.items.Len() {
		if s.items.At(i).RemoteID == remoteID {
			s.list.Select(i)
			x.idle()
			return
		}
	}
	x.t.Fatalf("%s is not listed: %q", remoteID, x.rows())
}

func TestInboxFiltersAndCounts(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	s := x.screen()
	if got := x.rows(); len(got) != 5 || got[0] != "Paul (@paul.bsky.social) | C’est une arnaque, ce site" ||
		got[4] != "Marie Dupont (@marie@masto.example) | Bonjour, ma commande n’est pas arrivée." {
		t.Fatalf("the open inbox shows %q", got)
	}
	if s.view.sel.Selected != "Open (5)" || !slices.Contains(s.view.sel.Options, "Needs reply (4)") ||
		!slices.Contains(s.view.sel.Options, "Risks (1)") || !slices.Contains(s.view.sel.Options, "Snoozed (0)") {
		t.Errorf("the views say %q, chosen %q", s.view.sel.Options, s.view.sel.Selected)
	}
	if !x.shows("5 items") {
		t.Error("the count does not say 5 items")
	}

	x.choose(s.view, "Needs reply")
	if got := x.rows(); len(got) != 4 || slices.ContainsFunc(got, func(r string) bool { return strings.HasPrefix(r, "Ana") }) {
		t.Fatalf("needs reply shows %q", got)
	}
	if !slices.Contains(s.account.sel.Options, "@shop.bsky.social · Bluesky (2)") || s.account.sel.Selected != "All accounts (4)" {
		t.Errorf("the accounts say %q", s.account.sel.Options)
	}

	x.choose(s.account, "@shop.bsky.social")
	if got := x.rows(); len(got) != 2 || !strings.HasPrefix(got[1], "Léa") {
		t.Fatalf("the Bluesky account shows %q", got)
	}
	if s.view.sel.Selected != "Needs reply (2)" || !slices.Contains(s.view.sel.Options, "Open (2)") {
		t.Errorf("with the account chosen the views say %q", s.view.sel.Options)
	}

	x.choose(s.account, "All accounts")
	x.choose(s.kind, "Direct message")
	if got := x.rows(); len(got) != 1 || !strings.HasPrefix(got[0], "Jean Martin") {
		t.Fatalf("direct messages: %q", got)
	}
	x.choose(s.kind, "All kinds")

	// The starter rules flagged the scam: a label and a risk.
	if !slices.Contains(s.label.sel.Options, "arnaque (1)") {
		t.Fatalf("the labels say %q", s.label.sel.Options)
	}
	x.choose(s.label, "arnaque")
	if got := x.rows(); len(got) != 1 || !strings.HasPrefix(got[0], "Paul") {
		t.Fatalf("the label shows %q", got)
	}
	row := newInboxRow()
	row.set(s, s.items.At(0))
	if !row.risk.Visible() || row.risk.Text != "⚠ Risk" || !strings.Contains(row.meta.Text, "#arnaque") {
		t.Errorf("a risk row says %q, %q", row.risk.Text, row.meta.Text)
	}
	x.choose(s.label, "All labels")

	// The search filters as one types, a moment after the last key.
	test.Type(s.search, "COMMANDE")
	x.idle()
	if got := x.rows(); len(got) != 1 || !strings.HasPrefix(got[0], "Marie") {
		t.Fatalf("the search shows %q", got)
	}
	if s.view.sel.Selected != "Needs reply (1)" {
		t.Errorf("with the search the view says %q", s.view.sel.Selected)
	}
	s.search.SetText("")
	x.idle()
	if len(x.rows()) != 4 {
		t.Errorf("the search cleared shows %q", x.rows())
	}
}

func TestInboxKeyboard(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	s := x.screen()
	c := x.w.Window().Canvas()

	// j and k move, whether the list has the focus or nothing has.
	test.TypeOnCanvas(c, "j")
	x.idle()
	if s.item.RemoteID != "n-b2" {
		t.Fatalf("j chose %q", s.item.RemoteID)
	}
	test.Type(s.list, "jj")
	x.idle()
	if s.item.RemoteID != "n-m3" || !x.stored("n-m3").Seen {
		t.Fatalf("j j chose %q (seen %v)", s.item.RemoteID, x.stored("n-m3").Seen)
	}
	test.Type(s.list, "k")
	x.idle()
	if s.item.RemoteID != "n-b1" {
		t.Fatalf("k chose %q", s.item.RemoteID)
	}

	// e marks done and goes on to the next.
	test.Type(s.list, "e")
	x.idle()
	if got := x.stored("n-b1").State; got != app.StateDone {
		t.Fatalf("e left the item %s", got)
	}
	if len(x.rows()) != 4 || s.item.RemoteID != "n-m3" {
		t.Fatalf("after e: rows %q, chosen %q", x.rows(), s.item.RemoteID)
	}

	// s offers the snoozes; tomorrow morning hides the item until then.
	test.Type(s.list, "s")
	if s.snoozeMenu == nil || c.Overlays().Top() == nil {
		t.Fatal("s did not open the snooze menu")
	}
	var tomorrow *fyne.MenuItem
	for _, it := range s.snoozeMenu.Items {
		if strings.HasPrefix(it.Label, "Tomorrow morning (09:00)") {
			tomorrow = it
		}
	}
	if tomorrow == nil {
		t.Fatalf("the snooze menu: %v", s.snoozeMenu.Items)
	}
	c.Overlays().Top().Hide()
	c.Overlays().Remove(c.Overlays().Top())
	tomorrow.Action()
	x.idle()
	snoozed := x.stored("n-m3")
	if want := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC); !snoozed.SnoozedUntil.Equal(want) {
		t.Fatalf("snoozed until %v, want %v", snoozed.SnoozedUntil, want)
	}
	if len(x.rows()) != 3 || s.item.RemoteID != "n-m2" {
		t.Fatalf("after snoozing: rows %q, chosen %q", x.rows(), s.item.RemoteID)
	}
	if !slices.Contains(s.view.sel.Options, "Snoozed (1)") {
		t.Errorf("the views say %q", s.view.sel.Options)
	}
	x.choose(s.view, "Snoozed")
	if got := x.rows(); len(got) != 1 || !strings.HasPrefix(got[0], "Ana") {
		t.Fatalf("snoozed shows %q", got)
	}
	x.choose(s.view, "Open")

	// r puts the cursor in the reply box; Escape there does nothing
	// special, but / goes to the search, and Escape back to the list.
	x.selectRemote("n-m1")
	test.TypeOnCanvas(c, "r")
	if c.Focused() != s.reply {
		t.Fatalf("r focused %T", c.Focused())
	}
	if s.reply.Text != "" {
		t.Errorf("r typed into the reply: %q", s.reply.Text)
	}
	c.Unfocus()
	test.TypeOnCanvas(c, "/")
	if c.Focused() != s.search {
		t.Fatalf("/ focused %T", c.Focused())
	}
	s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Focused() != s.list {
		t.Fatalf("Escape focused %T", c.Focused())
	}
	// Letters typed in an entry stay there.
	test.Type(s.search, "e")
	x.idle()
	if x.stored("n-m1").State != app.StateNeedsReply {
		t.Error("e typed in the search marked the item done")
	}
}

func TestInboxReply(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	s := x.screen()
	x.selectRemote("n-m1")
	// The author is the addressee, shown above the box rather than typed
	// in it, where it could be deleted: Relais mentions them when it sends.
	if !s.replyBox.Visible() || s.reply.Text != "" || !s.send.Disabled() {
		t.Fatalf("the reply box: visible %v, text %q, send disabled %v", s.replyBox.Visible(), s.reply.Text, s.send.Disabled())
	}
	if !s.to.Visible() || s.to.Text != "To: @marie@masto.example, mentioned first unless your text names them" {
		t.Errorf("the addressees: %q (shown %v)", s.to.Text, s.to.Visible())
	}
	// The conversation: the account's own post first, the item
	// highlighted, the link a link.
	if n := len(s.thread.Objects); n != 2 {
		t.Fatalf("the conversation shows %d posts", n)
	}
	if !x.shows("You") || !x.shows("2 posts in the conversation") {
		t.Error("the conversation does not mark our post")
	}
	var link *widget.HyperlinkSegment
	for _, o := range test.LaidOutObjects(s.thread) {
		if rt, ok := o.(*widget.RichText); ok {
			for _, seg := range rt.Segments {
				if l, ok := seg.(*widget.HyperlinkSegment); ok {
					link = l
				}
			}
		}
	}
	if link == nil || link.Text != "https://shop.example/delivery" {
		t.Fatalf("the link in the conversation: %+v", link)
	}
	link.OnTapped()
	if x.s.lastOpened() != "https://shop.example/delivery" {
		t.Errorf("the link opened %q", x.s.lastOpened())
	}

	// Too long: Send stays grey, and the problem says by how much. The
	// typing follows the mention, which Mastodon counts as "@marie".
	test.Type(s.reply, strings.Repeat("x", 520))
	x.idle()
	if !s.send.Disabled() {
		t.Error("Send is enabled for a reply too long")
	}
	var problems []string
	for _, o := range s.problems.Objects {
		problems = append(problems, o.(*widget.Label).Text)
	}
	if len(problems) != 1 || problems[0] != "527 characters, 500 at most" {
		t.Errorf("the problems say %q", problems)
	}
	if s.length.Text != "527 / 500" {
		t.Errorf("the length says %q", s.length.Text)
	}
	// Ctrl+Enter sends only what Send would.
	s.reply.TypedShortcut(ctrlEnter)
	x.idle()
	if n := len(x.s.nets[app.Mastodon].published()); n != 0 {
		t.Fatalf("Ctrl+Enter sent a reply too long (%d)", n)
	}

	// A saved reply, with the author's name.
	s.reply.SetText("@marie@masto.example ")
	test.Tap(s.saved)
	x.idle()
	if s.savedMenu == nil {
		t.Fatal("no saved replies menu")
	}
	labels := []string{}
	for _, it := range s.savedMenu.Items {
		labels = append(labels, it.Label)
	}
	if labels[0] != "English" || !slices.Contains(labels, "Français") || !slices.Contains(labels, "Merci") {
		t.Errorf("the saved replies: %q", labels)
	}
	for _, it := range s.savedMenu.Items {
		if it.Label == "Merci" {
			it.Action()
		}
	}
	want := "@marie@masto.example Merci beaucoup Marie Dupont pour votre message ! 🙏"
	if s.reply.Text != want {
		t.Fatalf("the saved reply gave %q", s.reply.Text)
	}
	if s.send.Disabled() || len(s.problems.Objects) != 0 {
		t.Fatal("Send is disabled for a good reply")
	}

	test.Tap(s.send)
	x.idle()
	sent := x.s.nets[app.Mastodon].published()
	if len(sent) != 1 || sent[0].Text != want || sent[0].ReplyTo == nil || sent[0].ReplyTo.ID != "m1" {
		t.Fatalf("sent %+v", sent)
	}
	it := x.stored("n-m1")
	if it.State != app.StateReplied || len(it.Replies) != 1 || !it.Replies[0].Sent() {
		t.Fatalf("after the reply the item is %s with %+v", it.State, it.Replies)
	}
	// Replied, it left the open inbox; the next item is chosen, and
	// the reply is said to be sent.
	if len(x.rows()) != 4 || s.item.RemoteID != "n-m2" || s.reply.Text != "" || !strings.Contains(s.to.Text, "@jean@masto.example") || !x.shows("Reply sent.") {
		t.Errorf("after the reply: %q, chosen %q, box %q", x.rows(), s.item.RemoteID, s.reply.Text)
	}
	if _, ok := s.drafts[it.ID]; ok {
		t.Error("the sent reply is kept as a draft")
	}
	x.choose(s.view, "Replied")
	x.selectRemote("n-m1")
	if !strings.Contains(s.about.Text, "Replied") || !x.shows("Your replies") || s.reply.Text != "" {
		t.Errorf("the replied item says %q, box %q", s.about.Text, s.reply.Text)
	}
	x.choose(s.view, "Open")

	// A direct message is answered privately; Ctrl+Enter sends, and
	// Enter alone is a new line.
	x.selectRemote("n-m2")
	test.Type(s.reply, "Sure,")
	s.reply.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(s.reply, "write to us here.")
	x.idle()
	if n := len(x.s.nets[app.Mastodon].published()); n != 1 {
		t.Fatalf("Enter sent the reply (%d published)", n)
	}
	s.reply.TypedShortcut(ctrlEnter)
	x.idle()
	sent = x.s.nets[app.Mastodon].published()
	if len(sent) != 2 || sent[1].Visibility != app.VisibilityDirect || sent[1].Text != "@jean@masto.example Sure,\nwrite to us here." {
		t.Errorf("the direct answer went %+v", sent[len(sent)-1])
	}

	// A like cannot be answered; it can be opened.
	x.choose(s.view, "All")
	x.selectRemote("n-m3")
	if s.replyBox.Visible() || !s.noReply.Visible() {
		t.Error("a like offers a reply")
	}
	test.Tap(s.open)
	if x.s.lastOpened() != "https://example.org/posts/m3" {
		t.Errorf("Open in browser opened %q", x.s.lastOpened())
	}
}

// ctrlEnter is Ctrl+Enter, as the desktop driver gives it to the
// focused entry.
var ctrlEnter = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierControl}

func TestInboxLikeBoostAndLabels(t *testing.T) {
	x := newInboxFixture(t, app.LanguageFrench)
	s := x.screen()
	x.selectRemote("n-b1")
	if !s.like.Visible() || !s.boost.Visible() {
		t.Fatal("Like and Boost are not offered")
	}
	test.Tap(s.like)
	x.idle()
	test.Tap(s.boost)
	x.idle()
	b := x.s.nets[app.Bluesky]
	if len(b.likes) != 1 || b.likes[0] != "b1" || len(b.boosts) != 1 || !x.shows("Partagé sur Bluesky.") {
		t.Errorf("likes %q, boosts %q", b.likes, b.boosts)
	}
	test.Tap(s.editLabels)
	e := x.w.win.Canvas().Focused().(*widget.Entry)
	e.SetText("vip, commande, vip")
	x.tapInOverlay("Enregistrer")
	x.idle()
	if got := x.stored("n-b1").Labels; strings.Join(got, ",") != "vip,commande" {
		t.Errorf("labels %q", got)
	}
	if !slices.Contains(s.label.sel.Options, "vip (1)") || !x.shows("Libellés : #vip  #commande") {
		t.Errorf("the labels: %q", s.label.sel.Options)
	}
	test.Tap(s.markDoneButton)
	x.idle()
	x.choose(s.view, "Traités")
	x.selectRemote("n-b1")
	test.Tap(s.reopen)
	x.idle()
	if got := x.stored("n-b1").State; got != app.StateNeedsReply {
		t.Errorf("reopened, a reply is %s", got)
	}
}

func TestInboxNoticeWording(t *testing.T) {
	masto := app.Account{ID: app.NewID(inboxStart), Network: app.Mastodon, Handle: "relais@masto.example", Label: "@relais"}
	one := app.InboxItem{Account: masto.ID, Network: app.Mastodon, Item: app.Item{Kind: app.ItemMention,
		Author: app.Author{Name: "Marie Dupont", Handle: "marie@masto.example"},
		Text:   "Bonjour ! Ma commande de la semaine dernière n’est toujours pas arrivée, et personne ne répond au téléphone depuis lundi. Pouvez-vous regarder ?"}}
	dm := one
	dm.Kind = app.ItemDirect
	dm.Text = "Short one"
	many := app.Notice{Kind: app.NoticeInbox, Accounts: 3}
	for i, name := range []string{"Marie Dupont", "Jean", "Ana", "Marie Dupont", "Léa", "Paul"} {
		it := one
		it.Author = app.Author{Name: name, Handle: strings.ToLower(name) + "@x.example"}
		it.Text = "n°" + strconv.Itoa(i)
		many.Items = append(many.Items, it)
	}
	cases := []struct {
		lang        app.Language
		n           app.Notice
		title, body string
	}{
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{one}, Accounts: 1, Account: masto},
			"Marie Dupont (@marie@masto.example) on Mastodon · @relais",
			"Bonjour ! Ma commande de la semaine dernière n’est toujours pas arrivée, et personne ne répond au téléphone depuis…"},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{dm}, Accounts: 1, Account: masto},
			"Marie Dupont (@marie@masto.example) vous a envoyé un message sur Mastodon · @relais", "Short one"},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{dm}, Accounts: 1, Account: masto, Urgent: true},
			"⚠ Risk: Marie Dupont (@marie@masto.example) sent you a message on Mastodon · @relais", "Short one"},
		{app.LanguageEnglish, many, "6 new mentions on 3 accounts", "Marie Dupont, Jean, Ana and 2 others"},
		{app.LanguageFrench, many, "6 nouvelles mentions sur 3 comptes", "Marie Dupont, Jean, Ana et 2 autres"},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeInbox, Items: many.Items[:2], Accounts: 1, Account: masto, Urgent: true},
			"⚠ Risque : 2 nouvelles mentions sur @relais", "Marie Dupont et Jean"},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeInbox, Items: many.Items[:5], Accounts: 1},
			"5 new mentions on 1 account", "Marie Dupont, Jean, Ana and 1 other"},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeInbox, Items: []app.InboxItem{dm, dm}, Accounts: 2},
			"2 new messages on 2 accounts", "Marie Dupont"},
	}
	for _, c := range cases {
		title, body := inboxNotice(i18n.New(c.lang), c.n)
		if title != c.title || body != c.body {
			t.Errorf("%s: got\n%q\n%q\nwant\n%q\n%q", c.lang, title, body, c.title, c.body)
		}
		if n := len([]rune(body)); n > noticeBodyMax {
			t.Errorf("the body has %d characters", n)
		}
	}
}

func TestInboxNotifiesThroughDeps(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	if got := x.notified.all(); len(got) != 0 {
		t.Fatalf("the first read (history) notified %+v", got)
	}
	// Not looking at the inbox: a new mention is told.
	m := x.s.nets[app.Mastodon]
	m.mu.Lock()
	m.inbox = append(m.inbox, fakeItem(app.ItemMention, 10, "m4", "Zoé", "zoe@masto.example", "Vous êtes ouverts dimanche ?"))
	m.mu.Unlock()
	x.sync()
	got := x.notified.all()
	if len(got) != 1 || got[0].title != "Zoé (@zoe@masto.example) on Mastodon · @cm@mastodon.example" ||
		got[0].body != "Vous êtes ouverts dimanche ?" || got[0].urgent {
		t.Fatalf("notified %+v", got)
	}
	if !x.shows("Inbox (5)") && x.w.navLabel("inbox") != "Inbox (5)" {
		t.Errorf("the sidebar says %q", x.w.navLabel("inbox"))
	}

	// Looking at it: what arrives is seen, and not told.
	x.screen()
	m.mu.Lock()
	m.inbox = append(m.inbox, fakeItem(app.ItemMention, 11, "m5", "Zoé", "zoe@masto.example", "Et samedi ?"))
	m.mu.Unlock()
	x.sync()
	if got := x.notified.all(); len(got) != 1 {
		t.Fatalf("watching, notified %+v", got)
	}
	if !x.stored("n-m5").Seen {
		t.Error("what arrived while watching is not seen")
	}
	// Hidden, it is told again, as urgent for a risk.
	x.w.ShowView("compose")
	x.idle()
	m.mu.Lock()
	m.inbox = append(m.inbox, fakeItem(app.ItemMention, 12, "m6", "Max", "max@masto.example", "Arnaque !"))
	m.mu.Unlock()
	x.sync()
	if got := x.notified.all(); len(got) != 2 || !got[1].urgent || !strings.HasPrefix(got[1].title, "⚠ Risk: Max") {
		t.Fatalf("a risk notified %+v", got)
	}
}

func TestInboxTray(t *testing.T) {
	tray := &trayApp{}
	x := newInboxFixture(t, app.LanguageEnglish, withTray(tray))
	labels := func() []string {
		var out []string
		for _, i := range tray.menu.Items {
			out = append(out, i.Label)
		}
		return out
	}
	if got := labels(); got[0] != "4 to answer" || !tray.menu.Items[0].Disabled {
		t.Fatalf("the tray menu: %q", got)
	}
	if x.w.navLabel("inbox") != "Inbox (4)" {
		t.Errorf("the sidebar says %q", x.w.navLabel("inbox"))
	}
	item(t, tray.menu.Items, "Open inbox").Action()
	x.idle()
	if x.w.View() != "inbox" {
		t.Error("Open inbox shows", x.w.View())
	}
	test.Type(x.w.inbox.list, "je")
	x.idle()
	if got := labels(); got[0] != "3 to answer" {
		t.Errorf("after one done the tray says %q", got[0])
	}

	pause := item(t, tray.menu.Items, "Pause notifications")
	if pause.Checked {
		t.Fatal("paused at start")
	}
	pause.Action()
	x.idle()
	set, err := x.w.deps.Settings.Inbox(context.Background())
	if err != nil || !set.Paused {
		t.Fatalf("Pause did not save: %+v %v", set, err)
	}
	if !item(t, tray.menu.Items, "Pause notifications").Checked {
		t.Error("the menu does not show it paused")
	}
	x.w.ShowView("settings")
	x.idle()
	if !x.w.settings.paused.Checked {
		t.Error("Settings does not show it paused")
	}
	x.w.settings.paused.SetChecked(false)
	x.idle()
	if set, _ := x.w.deps.Settings.Inbox(context.Background()); set.Paused || item(t, tray.menu.Items, "Pause notifications").Checked {
		t.Error("resuming in Settings did not save or show")
	}
}

func TestClosingQuitsWhenChosen(t *testing.T) {
	tray := &trayApp{}
	f := newFixture(t, app.LanguageEnglish, withTray(tray), func(f *fixture, d *Deps) {
		if err := app.NewSettings(f.db).SetCloseToTray(context.Background(), false); err != nil {
			t.Fatal(err)
		}
	})
	win := tray.windows[0]
	test.Type(f.w.compose.text, "typed")
	win.intercept()
	f.closed = true
	f.ui.drain()
	if contains(fyne.CurrentApp().Driver().AllWindows(), win.Window) {
		t.Fatal("closing with “quit” chosen did not close the window")
	}
	if got := f.stored(); len(got) != 1 {
		t.Error("closing lost the typing")
	}
	if len(tray.sent) != 0 {
		t.Errorf("quitting told %+v", tray.sent)
	}
}

func TestTrayToldOnceEver(t *testing.T) {
	tray := &trayApp{}
	f := newFixture(t, app.LanguageEnglish, withTray(tray))
	tray.windows[0].intercept()
	f.idle()
	if len(tray.sent) != 1 || !app.NewSettings(f.db).TrayTold(context.Background()) {
		t.Fatalf("told %d times; saved %v", len(tray.sent), app.NewSettings(f.db).TrayTold(context.Background()))
	}
	tray.windows[0].intercept()
	f.idle()
	if len(tray.sent) != 1 {
		t.Fatal("told twice in one run")
	}

	// Relais starts again over the same data: it was told already.
	again := &trayApp{App: f.app.(*trayApp).App}
	deps := f.w.deps
	deps.Notices = nil
	w := newWindow(again, deps, f.ui.do)
	defer func() {
		w.Window().Close()
		f.ui.drain()
	}()
	for {
		w.bg.Wait()
		if !f.ui.drain() {
			break
		}
	}
	again.windows[0].intercept()
	if len(again.sent) != 0 {
		t.Errorf("told again after a restart: %+v", again.sent)
	}
	if !again.windows[0].hidden {
		t.Error("the window did not hide")
	}
}

func TestInboxSettings(t *testing.T) {
	x := newInboxFixture(t, app.LanguageFrench)
	x.w.ShowView("settings")
	x.idle()
	st := x.w.settings
	if st.syncEvery.Text != "5" || st.quiet.Text != "" || !st.closeToTray.Checked {
		t.Fatalf("settings show %q %q %v", st.syncEvery.Text, st.quiet.Text, st.closeToTray.Checked)
	}
	st.quiet.SetText("22h-25h")
	x.idle()
	if st.inboxStatus.Text != "Les heures calmes s’écrivent avec deux heures, par exemple 22:00-08:00 (ou 22h-8h)." {
		t.Errorf("a bad quiet hours says %q", st.inboxStatus.Text)
	}
	st.quiet.SetText("22:00-08:00")
	st.syncEvery.SetText("15")
	x.idle()
	set, err := x.w.deps.Settings.Inbox(context.Background())
	if err != nil || set.SyncEvery != 15*time.Minute || set.Quiet.String() != "22:00-08:00" {
		t.Fatalf("saved %+v %v", set, err)
	}
	st.closeToTray.SetChecked(false)
	x.idle()
	if tray, _ := x.w.deps.Settings.CloseToTray(context.Background()); tray || x.w.closeToTray {
		t.Error("closing to the tray was not turned off")
	}
}

func TestInboxRulesAndRepliesEditors(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	x.w.editRules()
	x.idle()
	e := x.w.rules
	if e == nil || len(e.rules) != 4 || e.name.Text != "Arnaque, faux compte / Scam, fake" || !e.risk.Checked {
		t.Fatalf("the rules editor: %+v", e)
	}
	test.Tap(e.del)
	e.add()
	e.name.SetText("VIP")
	e.authors.SetText("@marie@masto.example, jean@masto.example")
	e.label.SetText("#vip")
	e.high.SetChecked(true)
	e.moveBy(-1)
	test.Tap(e.save)
	x.idle()
	rules, err := x.in.Rules(context.Background())
	if err != nil || len(rules) != 4 {
		t.Fatalf("saved %d rules, %v", len(rules), err)
	}
	vip := rules[2]
	if vip.Name != "VIP" || strings.Join(vip.Authors, " ") != "@marie@masto.example jean@masto.example" || vip.Label != "vip" ||
		vip.Priority != app.PriorityHigh || !vip.Enabled || vip.Risk {
		t.Errorf("the new rule: %+v", vip)
	}
	if rules[0].Name == "Arnaque, faux compte / Scam, fake" {
		t.Error("the deleted rule is still there")
	}

	x.w.editSavedReplies()
	x.idle()
	r := x.w.replies
	if r == nil || len(r.replies) != 6 {
		t.Fatalf("the replies editor: %+v", r)
	}
	r.add()
	r.name.SetText("Bienvenue")
	r.language.set("fr")
	r.text.SetText("Bienvenue {name} ({handle}) !")
	test.Tap(r.save)
	x.idle()
	replies, _ := x.in.SavedReplies(context.Background())
	last := replies[len(replies)-1]
	if len(replies) != 7 || last.Name != "Bienvenue" || last.Language != app.LanguageFrench {
		t.Fatalf("saved %+v", last)
	}
	it := x.stored("n-m1")
	if got := app.FillReply(last.Text, it); got != "Bienvenue Marie Dupont (@marie@masto.example) !" {
		t.Errorf("filled %q", got)
	}
}

func TestInboxWithoutInboxIsComing(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.w.ShowView("inbox")
	if f.w.inbox != nil || !f.shows("Coming soon") {
		t.Error("without an inbox the screen is not shown as coming")
	}
	test.TypeOnCanvas(f.w.Window().Canvas(), "jkes/") // nothing to do, nothing breaks
}

// Quitting makes the driver say the app left the foreground after the
// window closed; the inbox's watching must not write through the closed
// writer then (it panicked on "send on closed channel").
func TestLeavingForegroundAfterCloseIsHarmless(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	x.w.ShowView("inbox")
	x.ui.drain()
	x.w.shutdown()
	lc, ok := fyne.CurrentApp().Lifecycle().(interface{ OnExitedForeground() func() })
	if !ok {
		t.Fatal("the test app's lifecycle cannot be triggered")
	}
	lc.OnExitedForeground()() // panicked before the fix
	x.ui.drain()
}

func TestWriterAfterClose(t *testing.T) {
	w := newWriter()
	ran := make(chan string, 2)
	w.Do(func(context.Context) { ran <- "before" })
	w.Close()
	w.Do(func(context.Context) { ran <- "after" }) // no panic, not run
	w.Close()                                      // twice is fine
	close(ran)
	var got []string
	for r := range ran {
		got = append(got, r)
	}
	if !slices.Equal(got, []string{"before"}) {
		t.Errorf("ran %v, want only the job given before Close", got)
	}
}

// Remote names and titles of any length keep the window's width (issue
// 15: a 5,000-letter title widened it from 1,100 to 4,208 px).
func TestLongRemoteStringsKeepTheWindowWidth(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	x.screen()
	x.w.Window().Resize(fyne.NewSize(1100, 720))
	before := x.w.Window().Canvas().Content().MinSize().Width
	m := x.s.nets[app.Mastodon]
	long := fakeItem(app.ItemMention, 9, "m9", strings.Repeat("N", 3000), strings.Repeat("h", 3000)+"@masto.example", strings.Repeat("t", 5000))
	long.Title = strings.Repeat("T", 5000)
	m.mu.Lock()
	m.inbox = append(m.inbox, long)
	m.threads["m9"] = app.Thread{Focus: 0, Posts: []app.ThreadPost{{Ref: app.RemoteRef{ID: "m9"}, Author: long.Author, Text: long.Text, At: long.At}}}
	m.mu.Unlock()
	x.sync()
	x.selectRemote("n-m9")
	x.idle()
	if after := x.w.Window().Canvas().Content().MinSize().Width; after > max(before, 1100) {
		t.Errorf("the window needs %v px with long remote strings, %v before", after, before)
	}
}

// The reply box counts what goes out (a mention typed is not added
// again) against the account's own limit, as its server announced it.
func TestInboxReplyCountsAgainstTheAccountsLimit(t *testing.T) {
	x := newInboxFixture(t, app.LanguageEnglish)
	x.s.nets[app.Mastodon].limits = app.Limits{MaxLength: 5000}
	if _, err := x.s.accounts.Test(context.Background(), x.masto.ID); err != nil {
		t.Fatal(err)
	}
	x.idle()
	s := x.screen()
	x.selectRemote("n-m1")
	test.Type(s.reply, "@Marie@Masto.example merci, "+strings.Repeat("x", 800))
	x.idle()
	if s.length.Text != "814 / 5,000" || s.send.Disabled() || len(s.problems.Objects) != 0 {
		t.Fatalf("the length says %q, send disabled %v, %d problems", s.length.Text, s.send.Disabled(), len(s.problems.Objects))
	}
	test.Tap(s.send)
	x.idle()
	sent := x.s.nets[app.Mastodon].published()
	if len(sent) != 1 || !strings.HasPrefix(sent[0].Text, "@Marie@Masto.example merci, xxx") {
		t.Fatalf("sent %+v", sent)
	}
}
