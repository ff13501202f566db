package bluesky_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func TestSinceKinds(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	mine, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Mon post"})
	if err != nil {
		t.Fatal(err)
	}
	step := func() { e.clock.Advance(time.Second) }
	step()
	e.fake.Mention("Alice", "Bonjour")
	step()
	reply := e.fake.Notify("Bob", "reply", "Je réponds", mine.Ref.ID)
	step()
	e.fake.Notify("Chloé", "quote", "Je cite", mine.Ref.ID)
	step()
	e.fake.Notify("Alice", "like", "", mine.Ref.ID)
	step()
	e.fake.Notify("Bob", "repost", "", mine.Ref.ID)
	step()
	e.fake.Notify("Denis", "follow", "", "")

	page, err := e.conn.Since(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind   app.ItemKind
		handle string
		text   string
		post   string
	}{
		{app.ItemMention, "alice.test", "@relais.test Bonjour", ""},
		{app.ItemReply, "bob.test", "Je réponds", reply},
		{app.ItemQuote, "chloe.test", "Je cite", ""},
		{app.ItemLike, "alice.test", "", mine.Ref.ID},
		{app.ItemBoost, "bob.test", "", mine.Ref.ID},
		{app.ItemFollow, "denis.test", "", ""},
	}
	if len(page.Items) != len(want) {
		t.Fatalf("%d items, want %d: %+v", len(page.Items), len(want), page.Items)
	}
	for i, w := range want {
		it := page.Items[i]
		if it.Kind != w.kind || it.Author.Handle != w.handle || it.Text != w.text || it.RemoteID == "" || it.At.IsZero() {
			t.Errorf("item %d = %+v, want a %s by %s saying %q", i, it, w.kind, w.handle, w.text)
		}
		if w.post != "" && (it.Post == nil || it.Post.ID != w.post || it.Post.CID == "") {
			t.Errorf("item %d is about %+v, want %s with its CID", i, it.Post, w.post)
		}
	}
	if r := page.Items[1]; r.Post.Root == nil || r.Post.Root.ID != mine.Ref.ID {
		t.Errorf("the reply's thread root = %+v, want %s", r.Post.Root, mine.Ref.ID)
	}
	if like := page.Items[3]; like.URL != "https://bsky.app/profile/"+e.fake.DID()+"/post/"+mine.Ref.ID[len(mine.Ref.ID)-13:] {
		t.Errorf("the like's URL = %q, want the post liked", like.URL)
	}
	if f := page.Items[5]; f.URL != "https://bsky.app/profile/denis.test" || f.Author.Name != "Denis" {
		t.Errorf("follow = %+v", f)
	}
}

func TestSincePagesBackToTheCursor(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	for i := range 5 {
		e.fake.Mention("alice", fmt.Sprintf("ancien %d", i))
	}
	first, err := e.conn.Since(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 5 || first.Cursor == "" {
		t.Fatalf("first read: %d items, cursor %q; want 5 and a cursor", len(first.Items), first.Cursor)
	}
	// 120 more arrive, some at the same millisecond: three pages of 50.
	for i := range 120 {
		if i%3 == 0 {
			e.clock.Advance(time.Millisecond)
		}
		e.fake.Mention("bob", fmt.Sprintf("nouveau %d", i))
	}
	calls := e.fake.Calls("app.bsky.notification.listNotifications")
	next, err := e.conn.Since(ctx, first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Items) != 120 {
		t.Fatalf("%d items, want the 120 new", len(next.Items))
	}
	for i, it := range next.Items {
		if want := fmt.Sprintf("@relais.test nouveau %d", i); it.Text != want {
			t.Fatalf("item %d = %q, want %q (oldest first)", i, it.Text, want)
		}
	}
	if n := e.fake.Calls("app.bsky.notification.listNotifications") - calls; n != 3 {
		t.Errorf("%d pages read, want 3", n)
	}
	again, err := e.conn.Since(ctx, next.Cursor)
	if err != nil || len(again.Items) != 0 || again.Cursor != next.Cursor {
		t.Errorf("read again = %d items, cursor %q, %v; want none and the same cursor", len(again.Items), again.Cursor, err)
	}
}

func TestSinceReadsEveryPageBackToTheCursor(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	e.fake.Mention("alice", "vu")
	first, err := e.conn.Since(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 600 {
		e.fake.Mention("bob", fmt.Sprint(i))
	}
	calls := e.fake.Calls("app.bsky.notification.listNotifications")
	next, err := e.conn.Since(ctx, first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	// 12 pages of 50, and the 13th, which reaches what was seen.
	if n := e.fake.Calls("app.bsky.notification.listNotifications") - calls; n != 13 || len(next.Items) != 600 {
		t.Errorf("%d pages and %d items, want 13 pages and the 600 new", n, len(next.Items))
	}
	for i, it := range next.Items {
		if want := fmt.Sprint("@relais.test ", i); it.Text != want {
			t.Fatalf("item %d = %q, want %q", i, it.Text, want)
		}
	}
}

func TestReactWithoutCID(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	got, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "À aimer"})
	if err != nil {
		t.Fatal(err)
	}
	ref := app.RemoteRef{ID: got.Ref.ID}
	if err := e.conn.Like(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if err := e.conn.Like(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if err := e.conn.Boost(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if likes, boosts := e.fake.Reactions(got.Ref.ID); likes != 1 || boosts != 1 {
		t.Errorf("likes %d, boosts %d; want 1 and 1", likes, boosts)
	}
	if n := e.fake.Calls("app.bsky.feed.getPosts"); n != 3 {
		t.Errorf("%d getPosts, want one per reaction", n)
	}
	gone := app.RemoteRef{ID: "at://" + e.fake.DID() + "/app.bsky.feed.post/3jzfcijpj2z2a"}
	if err := e.conn.Like(ctx, gone); !isKind(err, app.FailNotFound) {
		t.Errorf("liking a post gone: %v, want FailNotFound", err)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	var refs []app.RemoteRef
	for i := range 30 {
		got, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now().Add(time.Duration(i) * time.Millisecond)), Text: fmt.Sprint("post ", i)})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, got.Ref)
	}
	e.fake.Notify("alice", "like", "", refs[0].ID)
	e.fake.Notify("bob", "like", "", refs[0].ID)
	e.fake.Notify("bob", "repost", "", refs[0].ID)
	e.fake.Notify("alice", "reply", "ok", refs[29].ID)
	e.fake.Notify("alice", "quote", "vu", refs[29].ID)
	e.fake.Notify("alice", "follow", "", "")

	am, err := e.conn.AccountMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if am.Followers != 1 || am.Following != 0 || am.Posts != 30 || !am.At.Equal(e.clock.Now()) {
		t.Errorf("AccountMetrics = %+v, want 1 follower, 30 posts, at the clock's time", am)
	}
	gone := app.RemoteRef{ID: "at://" + e.fake.DID() + "/app.bsky.feed.post/3jzfcijpj2z2a"}
	pm, err := e.conn.PostMetrics(ctx, append(refs, gone))
	if err != nil {
		t.Fatal(err)
	}
	if len(pm) != 30 {
		t.Fatalf("%d figures, want 30 (the post gone left out)", len(pm))
	}
	if n := e.fake.Calls("app.bsky.feed.getPosts"); n != 2 {
		t.Errorf("%d getPosts for 31 posts, want 2", n)
	}
	byID := map[string]app.PostMetrics{}
	for _, m := range pm {
		byID[m.Post.ID] = m
	}
	if m := byID[refs[0].ID]; m.Likes != 2 || m.Boosts != 1 || m.Post != refs[0] {
		t.Errorf("first post = %+v, want 2 likes, 1 boost", m)
	}
	if m := byID[refs[29].ID]; m.Replies != 1 || m.Quotes != 1 {
		t.Errorf("last post = %+v, want 1 reply, 1 quote", m)
	}
}

func TestProfile(t *testing.T) {
	e := newEnv(t)
	p, err := e.conn.Profile(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Handle != "relais.test" || p.DisplayName != "Relais" || p.RemoteID != e.fake.DID() || p.Server != e.fake.URL() ||
		p.URL != "https://bsky.app/profile/relais.test" || len(p.Avatar) == 0 {
		t.Errorf("Profile = %+v", p)
	}
	want := app.Limits{MaxLength: 300, Media: app.MediaLimits{Count: 4, Size: 1_000_000, AltMax: 2000}}
	if p.Limits != want || e.conn.Limits() != want {
		t.Errorf("Limits = %+v and %+v, want %+v", p.Limits, e.conn.Limits(), want)
	}
}

func isKind(err error, k app.Failure) bool {
	ne, ok := app.AsNetError(err)
	return ok && ne.Kind == k
}
