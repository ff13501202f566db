package bluesky_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// drain calls Since from cursor until it returns nothing new, each time
// with a new connector (as after a restart), and returns the items, the
// last cursor and the number of calls.
func (e *env) drain(t *testing.T, cursor string) ([]app.Item, string, int) {
	t.Helper()
	acc, _ := e.fake.Account()
	var all []app.Item
	for calls := 1; ; calls++ {
		if calls > 50 {
			t.Fatalf("still reading after %d calls", calls)
		}
		page, err := e.open(t, acc).Since(testCtx(t), cursor)
		if err != nil {
			t.Fatalf("Since(%q): %v", cursor, err)
		}
		all = append(all, page.Items...)
		if len(page.Items) == 0 && page.Cursor == cursor {
			return all, cursor, calls
		}
		cursor = page.Cursor
	}
}

func TestSinceDrainsABurst(t *testing.T) {
	e := newEnv(t)
	e.fake.Mention("zoé", "avant")
	first, err := e.conn.Since(testCtx(t), "")
	if err != nil || len(first.Items) != 1 {
		t.Fatalf("first read = %+v, %v", first, err)
	}
	uris := e.fake.Burst("alice", 5000)
	items, cursor, calls := e.drain(t, first.Cursor)
	got := make([]string, len(items))
	for i, it := range items {
		got[i] = it.RemoteID
		if it.Visibility != "" {
			t.Fatalf("item %d has the visibility %q, want none (public)", i, it.Visibility)
		}
	}
	if !slices.Equal(got, uris) {
		t.Fatalf("read %d items, want the 5000 of the burst, each once, oldest first", len(got))
	}
	if calls != 2 {
		t.Errorf("%d calls, want one to read the burst and one to find nothing more", calls)
	}
	// The cursor keeps the URIs seen within the margin, but not 5000.
	if n := len(strings.Fields(cursor)); n > 501 {
		t.Errorf("the cursor holds %d fields (%d bytes), want at most a time and 500 URIs", n, len(cursor))
	}
}

func TestSinceRestartsFromItsCursor(t *testing.T) {
	e := newEnv(t)
	for i := range 3 {
		e.clock.Advance(time.Millisecond)
		e.fake.Mention("alice", fmt.Sprint("a", i))
	}
	items, cursor, _ := e.drain(t, "")
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	e.fake.Mention("bob", "b")
	more, _, _ := e.drain(t, cursor)
	if len(more) != 1 || more[0].Text != "@relais.test b" {
		t.Errorf("after a restart from the cursor: %+v, want only the new mention", more)
	}
}

// TestSinceReadsABackdatedMention: the AppView lists a notification at
// the earlier of its createdAt and the time it was indexed, so a mention
// from an author whose clock is two minutes behind, made after a read,
// is listed behind what that read saw (issue 16: it was never read).
func TestSinceReadsABackdatedMention(t *testing.T) {
	e := newEnv(t)
	e.fake.Mention("alice", "avant")
	e.clock.Advance(time.Second)
	items, cursor, _ := e.drain(t, "")
	if len(items) != 1 {
		t.Fatalf("first read: %d items, want 1", len(items))
	}
	e.clock.Advance(time.Minute)
	late := e.fake.MentionDated("bob", "en retard", e.clock.Now().Add(-2*time.Minute))
	e.clock.Advance(time.Second)
	onTime := e.fake.Notify("chloé", "mention", "à l'heure", "")
	items, cursor, _ = e.drain(t, cursor)
	got := make([]string, len(items))
	for i, it := range items {
		got[i] = it.RemoteID
	}
	if want := []string{late, onTime}; !slices.Equal(got, want) {
		t.Fatalf("after the read: %q, want the late mention and the one on time, each once, oldest first: %q", got, want)
	}
	if more, _, _ := e.drain(t, cursor); len(more) != 0 {
		t.Errorf("read again: %+v", more)
	}
}

// A cursor stored before the margin (the newest notification's time and
// the URIs seen at that time) still reads what came after it, once.
func TestSinceReadsACursorOfEarlierVersions(t *testing.T) {
	e := newEnv(t)
	e.fake.Mention("alice", "avant")
	e.clock.Advance(time.Second)
	first, err := e.conn.Since(testCtx(t), "")
	if err != nil || len(first.Items) != 1 {
		t.Fatalf("first read = %+v, %v", first, err)
	}
	old := first.Items[0].At.UTC().Format(time.RFC3339Nano) + " " + first.Items[0].RemoteID
	after := e.fake.Notify("bob", "mention", "après", "")
	items, _, _ := e.drain(t, old)
	if len(items) != 1 || items[0].RemoteID != after {
		t.Errorf("from a cursor of earlier versions: %+v, want only %s", items, after)
	}
}

func TestSinceSkipsADeletedPost(t *testing.T) {
	e := newEnv(t)
	gone := e.fake.Notify("alice", "mention", "effacé", "")
	e.fake.Mention("bob", "reste")
	if !e.fake.Delete(gone) {
		t.Fatal("Delete found nothing")
	}
	page, err := e.conn.Since(testCtx(t), "")
	if err != nil || len(page.Items) != 1 || page.Items[0].Text != "@relais.test reste" {
		t.Errorf("items %+v, %v; want only the post still there", page.Items, err)
	}
}

func TestMarkSeen(t *testing.T) {
	e := newEnv(t)
	at := time.Date(2026, 3, 14, 9, 31, 2, 345_000_000, time.FixedZone("CET", 3600))
	if err := e.conn.MarkSeen(testCtx(t), at); err != nil {
		t.Fatal(err)
	}
	// Without a read, a millisecond after at: the AppView counts a
	// notification at seenAt itself as new.
	if got, want := e.fake.SeenAt(), at.Add(time.Millisecond); !got.Equal(want) {
		t.Errorf("seenAt = %v, want %v", got, want)
	}
	if n := e.fake.Calls("app.bsky.notification.updateSeen"); n != 1 {
		t.Errorf("%d calls to updateSeen", n)
	}
}

// TestMarkSeenAfterARead marks seen as the inbox does after a sync, with
// the newest item's time: Bluesky's apps must count none of what was read
// as new (issue 16: the newest stayed unread, its indexedAt sent as
// seenAt).
func TestMarkSeenAfterARead(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	e.fake.Mention("alice", "un")
	e.clock.Advance(time.Second)
	e.fake.Mention("bob", "deux")
	e.clock.Advance(time.Second)
	page, err := e.conn.Since(ctx, "")
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("Since = %+v, %v; want the 2 mentions", page, err)
	}
	if err := e.conn.MarkSeen(ctx, page.Items[len(page.Items)-1].At); err != nil {
		t.Fatal(err)
	}
	if unread := e.fake.Unread(); len(unread) != 0 {
		t.Errorf("still new in Bluesky's apps: %q", unread)
	}
	if got, want := e.fake.SeenAt(), e.clock.Now(); !got.Equal(want) {
		t.Errorf("seenAt = %v, want the time of the read, %v", got, want)
	}
	// What comes after the read stays new.
	e.clock.Advance(time.Second)
	later := e.fake.Notify("chloé", "mention", "trois", "")
	if unread := e.fake.Unread(); len(unread) != 1 || unread[0] != later {
		t.Errorf("new after the read: %q, want only %s", unread, later)
	}
}

func TestThread(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	step := func() { e.clock.Advance(time.Second) }
	root, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Une annonce"})
	if err != nil {
		t.Fatal(err)
	}
	step()
	question := e.fake.Notify("Alice", "reply", "Une question ?", root.Ref.ID)
	step()
	answer, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Notre réponse", ReplyTo: &app.RemoteRef{ID: question}})
	if err != nil {
		t.Fatal(err)
	}
	step()
	thanks := e.fake.Notify("Bob", "reply", "Merci", answer.Ref.ID)
	step()
	aside := e.fake.Notify("Chloé", "reply", "Moi aussi", root.Ref.ID)
	step()
	e.fake.Mention("Denis", "Sans rapport")

	th, err := e.conn.Thread(ctx, answer.Ref)
	if err != nil {
		t.Fatal(err)
	}
	uris := func(th app.Thread) []string {
		var out []string
		for _, p := range th.Posts {
			out = append(out, p.Ref.ID)
		}
		return out
	}
	if got, want := uris(th), []string{root.Ref.ID, question, answer.Ref.ID, thanks}; !slices.Equal(got, want) || th.Focus != 2 {
		t.Fatalf("thread of our answer = %q, focus %d; want %q, focus 2", got, th.Focus, want)
	}
	want := []struct {
		handle, text, replyTo string
		mine                  bool
	}{
		{"relais.test", "Une annonce", "", true},
		{"alice.test", "Une question ?", root.Ref.ID, false},
		{"relais.test", "Notre réponse", question, true},
		{"bob.test", "Merci", answer.Ref.ID, false},
	}
	for i, w := range want {
		p := th.Posts[i]
		if p.Author.Handle != w.handle || p.Text != w.text || p.ReplyTo != w.replyTo || p.Mine != w.mine || p.Ref.CID == "" || p.URL == "" || p.At.IsZero() {
			t.Errorf("post %d = %+v, want by %s: %q answering %q, mine %v", i, p, w.handle, w.text, w.replyTo, w.mine)
		}
		if i > 0 && (p.Ref.Root == nil || p.Ref.Root.ID != root.Ref.ID || p.Ref.Root.CID != root.Ref.CID) {
			t.Errorf("post %d's root = %+v, want %s", i, p.Ref.Root, root.Ref.ID)
		}
	}
	if th.Posts[0].Ref.Root != nil {
		t.Errorf("the root has a root: %+v", th.Posts[0].Ref.Root)
	}

	whole, err := e.conn.Thread(ctx, root.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := uris(whole), []string{root.Ref.ID, question, answer.Ref.ID, thanks, aside}; !slices.Equal(got, want) || whole.Focus != 0 {
		t.Errorf("thread from the root = %q, focus %d; want %q (all replies, oldest first), focus 0", got, whole.Focus, want)
	}
}

func TestThreadOfADeletedPost(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	root := e.fake.Notify("Alice", "mention", "Bientôt effacé", "")
	e.clock.Advance(time.Second)
	reply := e.fake.Notify("Bob", "reply", "Réponse", root)
	e.fake.Delete(root)
	_, err := e.conn.Thread(ctx, app.RemoteRef{ID: root})
	if !isKind(err, app.FailNotFound) || !errors.Is(err, app.ErrRemoteGone) {
		t.Fatalf("Thread of a deleted post: %v, want FailNotFound", err)
	}
	// A reply to it still reads, without the parent gone.
	th, err := e.conn.Thread(ctx, app.RemoteRef{ID: reply})
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 1 || th.Focus != 0 || th.Posts[0].Ref.ID != reply || th.Posts[0].ReplyTo != root {
		t.Errorf("thread of the reply = %+v, want the reply alone", th)
	}
}
