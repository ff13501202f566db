package app

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// metaDialer opens connectors shaped as the Meta networks': they read,
// publish and delete comments; Facebook's also like, with no boost, and
// Instagram's cannot like.
type metaDialer struct {
	*fakeNet
	mu        sync.Mutex
	deleted   []string
	deleteErr error
	hidden    map[string]bool
	hideErr   error
}

func (d *metaDialer) Open(acc Account, creds Credentials) (Connector, error) {
	mc := metaConn{base: &fakeConn{net: d.fakeNet, creds: creds}, d: d}
	if d.network == Facebook {
		return &pageConn{mc}, nil
	}
	return &mc, nil
}

// metaConn has the fake's methods it names only (no Reactor).
type metaConn struct {
	base *fakeConn
	d    *metaDialer
}

func (c *metaConn) Limits() Limits                               { return Limits{} }
func (c *metaConn) Profile(ctx context.Context) (Profile, error) { return c.base.Profile(ctx) }
func (c *metaConn) Since(ctx context.Context, cur string) (Page, error) {
	return c.base.Since(ctx, cur)
}
func (c *metaConn) Thread(ctx context.Context, post RemoteRef) (Thread, error) {
	return c.base.Thread(ctx, post)
}
func (c *metaConn) Publish(ctx context.Context, o Outgoing) (Published, error) {
	return c.base.Publish(ctx, o)
}
func (c *metaConn) Find(ctx context.Context, o Outgoing) (Published, bool, error) {
	return c.base.Find(ctx, o)
}

func (c *metaConn) DeleteComment(ctx context.Context, comment string) error {
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	if c.d.deleteErr != nil {
		return c.d.deleteErr
	}
	c.d.deleted = append(c.d.deleted, comment)
	return nil
}

func (c *metaConn) HideReply(ctx context.Context, reply RemoteRef, hide bool) error {
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	if c.d.hideErr != nil {
		return c.d.hideErr
	}
	if c.d.hidden == nil {
		c.d.hidden = map[string]bool{}
	}
	c.d.hidden[reply.ID] = hide
	return nil
}

// pageConn is a Facebook Page's: it likes too.
type pageConn struct{ metaConn }

func (c *pageConn) Like(ctx context.Context, post RemoteRef) error { return c.base.Like(ctx, post) }

var (
	_ CommentDeleter = (*metaConn)(nil)
	_ ReplyHider     = (*metaConn)(nil)
	_ Liker          = (*pageConn)(nil)
)

// metaFixture is an inbox with a Facebook Page and an Instagram account.
func metaFixture(t *testing.T) (f *inboxFixture, fb, ig *metaDialer) {
	t.Helper()
	e := newEngine(t)
	fb, ig = &metaDialer{fakeNet: &fakeNet{network: Facebook}}, &metaDialer{fakeNet: &fakeNet{network: Instagram}}
	f = &inboxFixture{engine: e}
	e.accounts = NewAccounts(e.store, e.secrets, NewRegistry(e.masto, e.sky, fb, ig), e.media, e.clock)
	f.in = NewInbox(e.store, e.accounts, e.clock, time.UTC, e.notices)
	for _, n := range []Network{Facebook, Instagram} {
		e.clock.advance(time.Millisecond)
		if _, err := e.accounts.Connect(bg, Account{Network: n}, Secret{AccessToken: "good"}); err != nil {
			t.Fatal(err)
		}
	}
	f.sync(t)
	return f, fb, ig
}

func comment(id, text string) Item {
	return Item{RemoteID: id, Kind: ItemReply, Author: Author{Name: "Alice", Handle: "Alice"}, Text: text, Post: &RemoteRef{ID: id}}
}

func itemOf(t *testing.T, f *inboxFixture, n Network) InboxItem {
	t.Helper()
	for _, it := range f.list(t, InboxFilter{View: ViewAll}) {
		if it.Network == n {
			return it
		}
	}
	t.Fatalf("no %s item", n)
	return InboxItem{}
}

func TestDeleteComment(t *testing.T) {
	f, fb, ig := metaFixture(t)
	fb.addItems(comment("111_222", "Arnaque !"))
	ig.addItems(comment("1790001", "Spam"))
	f.sync(t)
	it := itemOf(t, f, Facebook)
	if it.State != StateNeedsReply || !f.in.CanDelete(bg, it) {
		t.Fatalf("a comment to delete: %+v, can delete %v", it, f.in.CanDelete(bg, it))
	}
	got, err := f.in.DeleteComment(bg, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fb.deleted, []string{"111_222"}) {
		t.Errorf("deleted on Facebook: %q", fb.deleted)
	}
	if !got.Deleted || !got.Removed || got.State != StateDone || !got.StateByUser {
		t.Errorf("the item after deleting: %+v", got)
	}
	for _, x := range f.list(t, InboxFilter{View: ViewNeedsReply}) {
		if x.ID == it.ID {
			t.Error("a deleted comment still needs a reply")
		}
	}
	// Its thread, read after, does not bring it back.
	fb.mu.Lock()
	fb.threads = map[string]Thread{"111_222": {Posts: []ThreadPost{{Ref: RemoteRef{ID: "111"}, Text: "Le post"}}}}
	fb.mu.Unlock()
	if conv, err := f.in.Conversation(bg, it.ID); err != nil || !conv.Item.Deleted {
		t.Errorf("after reading its thread: %+v, %v", conv.Item, err)
	}
	if f.in.CanDelete(bg, got) || f.in.CanReply(bg, got) {
		t.Error("a deleted comment can still be deleted or answered")
	}
	if _, err := f.in.DeleteComment(bg, it.ID); !errors.Is(err, ErrCannotDelete) {
		t.Errorf("deleting twice = %v", err)
	}

	// Refused: someone else's comment; gone already: marked deleted.
	igItem := itemOf(t, f, Instagram)
	ig.deleteErr = &NetError{Network: Instagram, Kind: FailRejected, Status: 400, Err: ErrNotOurComment}
	if _, err := f.in.DeleteComment(bg, igItem.ID); !errors.Is(err, ErrNotOurComment) {
		t.Errorf("refused = %v", err)
	}
	if x, _ := f.in.Item(bg, igItem.ID); x.Deleted || x.State != StateNeedsReply {
		t.Errorf("a comment not deleted is marked %+v", x)
	}
	ig.deleteErr = &NetError{Network: Instagram, Kind: FailNotFound, Status: 400}
	if x, err := f.in.DeleteComment(bg, igItem.ID); err != nil || !x.Deleted || x.State != StateDone {
		t.Errorf("a comment gone already = %+v, %v", x, err)
	}

	// Mastodon deletes no one's comments.
	f.masto.addItems(mention("Bonjour"))
	f.sync(t)
	if m := itemOf(t, f, Mastodon); f.in.CanDelete(bg, m) {
		t.Error("Mastodon offers to delete a mention")
	} else if _, err := f.in.DeleteComment(bg, m.ID); !errors.Is(err, ErrCannotDelete) {
		t.Errorf("deleting a mention = %v", err)
	}
}

func TestLikeWhereAllowed(t *testing.T) {
	f, fb, ig := metaFixture(t)
	fb.addItems(comment("111_333", "Merci !"))
	ig.addItems(comment("1790002", "Merci !"))
	f.sync(t)
	page, gram := itemOf(t, f, Facebook), itemOf(t, f, Instagram)
	if !f.in.CanLike(bg, page) || f.in.CanBoost(bg, page) {
		t.Errorf("Facebook: can like %v, can boost %v; want a like, no boost", f.in.CanLike(bg, page), f.in.CanBoost(bg, page))
	}
	if err := f.in.Like(bg, page.ID); err != nil || !slices.Equal(fb.likes, []string{"111_333"}) {
		t.Errorf("Like = %v, likes %q", err, fb.likes)
	}
	if err := f.in.Boost(bg, page.ID); !errors.Is(err, ErrCannotReact) {
		t.Errorf("Boost on Facebook = %v", err)
	}
	if f.in.CanLike(bg, gram) {
		t.Error("Instagram's API cannot like")
	}
	if err := f.in.Like(bg, gram.ID); !errors.Is(err, ErrCannotReact) || len(ig.likes) != 0 {
		t.Errorf("Like on Instagram = %v", err)
	}
}

func TestHideComment(t *testing.T) {
	f, fb, ig := metaFixture(t)
	fb.addItems(comment("111_444", "Arnaque !"))
	ig.addItems(comment("1790003", "Spam"))
	f.sync(t)
	it := itemOf(t, f, Facebook)
	if it.Hidden || !f.in.CanHide(bg, it) {
		t.Fatalf("a comment to hide: %+v, can hide %v", it, f.in.CanHide(bg, it))
	}
	got, err := f.in.Hide(bg, it.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if !fb.hidden["111_444"] || !got.Hidden {
		t.Errorf("after hiding: on Facebook %v, the item %+v", fb.hidden, got)
	}
	if got.State != it.State || got.Deleted {
		t.Errorf("hiding changed more than the hidden mark: %+v", got)
	}
	if x, _ := f.in.Item(bg, it.ID); !x.Hidden {
		t.Error("the hidden mark was not kept")
	}
	// A sync after does not bring it back shown.
	f.sync(t)
	if x, _ := f.in.Item(bg, it.ID); !x.Hidden {
		t.Error("a sync showed the hidden comment again")
	}
	// Undone.
	got, err = f.in.Hide(bg, it.ID, false)
	if err != nil || got.Hidden || fb.hidden["111_444"] {
		t.Errorf("showing again = %+v, %v; on Facebook %v", got, err, fb.hidden)
	}
	if !f.in.CanHide(bg, got) {
		t.Error("a comment shown again cannot be hidden again")
	}

	// Refused: someone else's comment; nothing recorded.
	igItem := itemOf(t, f, Instagram)
	ig.hideErr = &NetError{Network: Instagram, Kind: FailRejected, Status: 400, Err: ErrNotOurComment}
	if _, err := f.in.Hide(bg, igItem.ID, true); !errors.Is(err, ErrNotOurComment) {
		t.Errorf("refused = %v", err)
	}
	if x, _ := f.in.Item(bg, igItem.ID); x.Hidden || x.Deleted {
		t.Errorf("a comment not hidden is marked %+v", x)
	}
	// Gone: marked deleted, and said.
	ig.hideErr = &NetError{Network: Instagram, Kind: FailNotFound, Status: 400}
	if _, err := f.in.Hide(bg, igItem.ID, true); !errors.Is(err, ErrRemoteGone) {
		t.Errorf("a comment gone = %v", err)
	}
	if x, _ := f.in.Item(bg, igItem.ID); x.Hidden || !x.Deleted || f.in.CanHide(bg, x) {
		t.Errorf("a comment gone is marked %+v, can hide %v", x, f.in.CanHide(bg, x))
	}
	if _, err := f.in.Hide(bg, igItem.ID, true); !errors.Is(err, ErrCannotHide) {
		t.Errorf("hiding a comment gone = %v", err)
	}

	// A deleted comment is not hidden.
	if del, err := f.in.DeleteComment(bg, it.ID); err != nil || f.in.CanHide(bg, del) {
		t.Errorf("a deleted comment: %v, can hide %v", err, f.in.CanHide(bg, del))
	}

	// Mastodon hides no one's replies.
	reply := mention("Bonjour")
	reply.Kind, reply.RemoteID = ItemReply, "109"
	f.masto.addItems(reply)
	f.sync(t)
	if m := itemOf(t, f, Mastodon); m.Kind != ItemReply || f.in.CanHide(bg, m) {
		t.Errorf("Mastodon offers to hide a reply: %+v", m)
	} else if _, err := f.in.Hide(bg, m.ID, true); !errors.Is(err, ErrCannotHide) {
		t.Errorf("hiding a Mastodon reply = %v", err)
	}
}
