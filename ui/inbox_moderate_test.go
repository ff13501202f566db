package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
)

// metaConn is a Facebook or Instagram connector as the real ones are:
// it reads, answers, hides and deletes comments, and has no Reactor.
type metaConn struct{ c *fakeConn }

// pageConn is a Facebook Page's, which also likes.
type pageConn struct{ metaConn }

func metaConnFor(c *fakeConn) app.Connector {
	if c.net.network == app.Facebook {
		return &pageConn{metaConn{c}}
	}
	return &metaConn{c}
}

func (m *metaConn) Limits() app.Limits                               { return m.c.Limits() }
func (m *metaConn) Profile(ctx context.Context) (app.Profile, error) { return m.c.Profile(ctx) }
func (m *metaConn) Since(ctx context.Context, cur string) (app.Page, error) {
	return m.c.Since(ctx, cur)
}
func (m *metaConn) Thread(ctx context.Context, p app.RemoteRef) (app.Thread, error) {
	return m.c.Thread(ctx, p)
}
func (m *metaConn) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	return m.c.Publish(ctx, o)
}
func (m *metaConn) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	return m.c.Find(ctx, o)
}

func (m *metaConn) DeleteComment(ctx context.Context, comment string) error {
	n := m.c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	n.deleted = append(n.deleted, comment)
	return nil
}

func (m *metaConn) HideReply(ctx context.Context, reply app.RemoteRef, hide bool) error {
	n := m.c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.hidden == nil {
		n.hidden = make(map[string]bool)
	}
	n.hidden[reply.ID] = hide
	return nil
}

func (p *pageConn) Like(ctx context.Context, post app.RemoteRef) error { return p.c.Like(ctx, post) }

var (
	_ app.CommentDeleter = (*metaConn)(nil)
	_ app.ReplyHider     = (*metaConn)(nil)
	_ app.Liker          = (*pageConn)(nil)
)

// metaInbox adds a Facebook Page and an Instagram account, each with a
// comment in the inbox.
func metaInbox(t *testing.T) *inboxFixture {
	t.Helper()
	x := newInboxFixture(t, app.LanguageFrench)
	fb, ig := x.s.nets[app.Facebook], x.s.nets[app.Instagram]
	fb.meta, ig.meta = true, true
	x.connect(x.s, app.Account{Network: app.Facebook, Server: "https://graph.facebook.com"}, app.Secret{AccessToken: "t"})
	x.connect(x.s, app.Account{Network: app.Instagram, Server: "https://graph.instagram.com"}, app.Secret{AccessToken: "t"})
	fb.inbox = []app.Item{fakeItem(app.ItemReply, 6, "111_222", "Zoé", "Zoé", "Je ne suis pas content")}
	ig.inbox = []app.Item{fakeItem(app.ItemReply, 7, "17900", "hugo", "hugo", "Trop bon")}
	x.sync()
	return x
}

func TestInboxDeletesACommentAfterAsking(t *testing.T) {
	x := metaInbox(t)
	s := x.screen()
	x.selectRemote("n-111_222")
	if !s.deleteButton.Visible() || !s.like.Visible() || s.like.Disabled() || s.boost.Visible() {
		t.Fatalf("Facebook: delete %v, like %v (disabled %v), boost %v; want delete and like, no boost",
			s.deleteButton.Visible(), s.like.Visible(), s.like.Disabled(), s.boost.Visible())
	}
	fb := x.s.nets[app.Facebook]
	test.Tap(s.deleteButton)
	x.idle()
	if !x.overlayShows("Supprimer ce commentaire ?") {
		t.Fatal("deleting does not ask first")
	}
	x.tapInOverlay("Annuler")
	x.idle()
	if len(fb.deleted) != 0 {
		t.Fatalf("deleted %q after Cancel", fb.deleted)
	}
	test.Tap(s.deleteButton)
	x.idle()
	x.tapInOverlay("Supprimer")
	x.idle()
	if !slices.Equal(fb.deleted, []string{"n-111_222"}) {
		t.Errorf("deleted on Facebook: %q", fb.deleted)
	}
	if it := x.stored("n-111_222"); !it.Removed || it.State != app.StateDone {
		t.Errorf("the item after deleting: %+v", it)
	}
	// It leaves the open inbox, as an item marked done does; what was
	// done stays said.
	if !x.shows("Commentaire supprimé sur Facebook.") {
		t.Error("the deletion is not said")
	}
	x.choose(s.view, "Tous")
	x.selectRemote("n-111_222")
	if !x.shows("Vous avez supprimé ce commentaire depuis Relais.") || s.deleteButton.Visible() || s.like.Visible() {
		t.Errorf("the deleted comment: note %v, delete offered %v, like offered %v", x.shows("Vous avez supprimé ce commentaire depuis Relais."), s.deleteButton.Visible(), s.like.Visible())
	}
}

func TestInboxSaysInstagramCannotLike(t *testing.T) {
	x := metaInbox(t)
	s := x.screen()
	x.selectRemote("n-17900")
	if !s.like.Visible() || !s.like.Disabled() || !x.shows("L’API du réseau Instagram ne permet pas à Relais d’aimer : aimez-le dans l’application Instagram.") {
		t.Errorf("Instagram's Like: visible %v, disabled %v; want disabled with the reason", s.like.Visible(), s.like.Disabled())
	}
	if !s.deleteButton.Visible() || s.boost.Visible() {
		t.Error("Instagram offers Delete, and no Boost")
	}
	// The Page likes with the l key.
	x.selectRemote("n-111_222")
	s.typedRune('l')
	x.idle()
	if fb := x.s.nets[app.Facebook]; !slices.Equal(fb.likes, []string{"111_222"}) || s.likeNote.Visible() {
		t.Errorf("liked on Facebook: %q", fb.likes)
	}
}

// rowMeta is the list row's second line for the item.
func (x *inboxFixture) rowMeta(remoteID string) string {
	x.t.Helper()
	s := x.w.inbox
	for i := range s.items.Len() {
		if it := s.items.At(i); it.RemoteID == remoteID {
			r := newInboxRow()
			r.set(s, it)
			return r.meta.Text
		}
	}
	x.t.Fatalf("no row for %s", remoteID)
	return ""
}

func TestInboxHidesACommentAndShowsItAgain(t *testing.T) {
	x := metaInbox(t)
	s := x.screen()
	x.selectRemote("n-111_222")
	if !s.hideButton.Visible() || s.hideButton.Disabled() || s.hideButton.Text != "Masquer le commentaire" || s.hideNote.Visible() {
		t.Fatalf("Facebook's Hide: visible %v, disabled %v, %q", s.hideButton.Visible(), s.hideButton.Disabled(), s.hideButton.Text)
	}
	fb := x.s.nets[app.Facebook]
	test.Tap(s.hideButton) // nothing asked: it can be undone
	x.idle()
	if x.w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("hiding asks first")
	}
	if !fb.hidden["n-111_222"] || !x.stored("n-111_222").Hidden {
		t.Fatalf("after Hide: on Facebook %v, stored %+v", fb.hidden, x.stored("n-111_222"))
	}
	if !x.shows("Commentaire masqué sur Facebook : son auteur le voit encore, les autres non.") ||
		!x.shows("Vous avez masqué ce commentaire sur Facebook : son auteur le voit encore, les autres non.") {
		t.Error("the hidden comment is not said so")
	}
	if s.hideButton.Text != "Afficher le commentaire" || s.hideButton.Disabled() {
		t.Errorf("after hiding, the button reads %q (disabled %v)", s.hideButton.Text, s.hideButton.Disabled())
	}
	if meta := x.rowMeta("n-111_222"); !strings.HasSuffix(meta, " · masqué") {
		t.Errorf("the list row does not mark it hidden: %q", meta)
	}
	// Shown again, with the h key.
	s.typedRune('h')
	x.idle()
	if fb.hidden["n-111_222"] || x.stored("n-111_222").Hidden || s.hideButton.Text != "Masquer le commentaire" {
		t.Errorf("after Show: on Facebook %v, stored %v, button %q", fb.hidden, x.stored("n-111_222").Hidden, s.hideButton.Text)
	}
	if !x.shows("Commentaire de nouveau visible par tous sur Facebook.") || x.shows("Vous avez masqué ce commentaire sur Facebook : son auteur le voit encore, les autres non.") {
		t.Error("showing again is not said, or the hidden note stays")
	}
	if strings.Contains(x.rowMeta("n-111_222"), "masqué") {
		t.Error("the row still says hidden")
	}
}

func TestInboxCannotHideOnBluesky(t *testing.T) {
	x := metaInbox(t)
	s := x.screen()
	x.selectRemote("n-b1") // a reply on Bluesky
	if !s.hideButton.Visible() || !s.hideButton.Disabled() || !s.hideNote.Visible() ||
		!x.shows("Le réseau Bluesky ne permet pas à Relais de masquer un commentaire : seuls Facebook, Instagram et Threads le permettent.") {
		t.Errorf("Bluesky's Hide: visible %v, disabled %v, note %v; want disabled with the reason", s.hideButton.Visible(), s.hideButton.Disabled(), s.hideNote.Visible())
	}
	s.typedRune('h')
	x.idle()
	if x.stored("n-b1").Hidden {
		t.Error("the h key hid a Bluesky reply")
	}
	// A mention is no comment: nothing offered.
	x.selectRemote("n-m1")
	if s.hideButton.Visible() || s.hideNote.Visible() {
		t.Error("Hide offered on a Mastodon mention")
	}
	// Instagram hides.
	x.selectRemote("n-17900")
	if !s.hideButton.Visible() || s.hideButton.Disabled() || s.hideNote.Visible() {
		t.Errorf("Instagram's Hide: visible %v, disabled %v", s.hideButton.Visible(), s.hideButton.Disabled())
	}
}
