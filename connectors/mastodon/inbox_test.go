package mastodon_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

// reopen opens a new connector on the fake's account, as Relais does
// after a restart.
func reopen(t *testing.T, fake *mastodontest.Server, d *mastodon.Dialer) *mastodon.Connector {
	t.Helper()
	acc, secret := fake.Account()
	c, err := d.Open(acc, &memCreds{s: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c.(*mastodon.Connector)
}

func TestSinceQuotesDirectsAndEdits(t *testing.T) {
	c, fake := open(t)
	mine, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Notre annonce", Visibility: app.VisibilityUnlisted})
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	quote := fake.Quote("bob@piaille.fr", "Regardez ça", mine.Ref.ID)
	direct := fake.Direct("alice", "Entre nous")
	fake.Favourite("chloé", mine.Ref.ID)
	fake.Quote("david", "Pas une citation de nous", quote) // the account is not told
	page, err := c.Since(ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(fake.URL(), "http://")
	want := []struct {
		kind       app.ItemKind
		handle     string
		text       string
		post       string
		visibility app.Visibility
	}{
		{app.ItemQuote, "bob@piaille.fr", "Regardez ça", quote, app.VisibilityPublic},
		{app.ItemDirect, "alice@" + host, "@relais Entre nous", direct, app.VisibilityDirect},
		{app.ItemLike, "chloé@" + host, "Notre annonce", mine.Ref.ID, app.VisibilityUnlisted},
	}
	if len(page.Items) != len(want) || len(page.Changes) != 0 {
		t.Fatalf("items %+v, changes %+v; want %d items", page.Items, page.Changes, len(want))
	}
	for i, w := range want {
		it := page.Items[i]
		if it.Kind != w.kind || it.Author.Handle != w.handle || it.Text != w.text || it.Post == nil || it.Post.ID != w.post || it.Visibility != w.visibility {
			t.Errorf("item %d = %+v (post %+v), want a %s by %s: %q about %s, %s", i, it, it.Post, w.kind, w.handle, w.text, w.post, w.visibility)
		}
	}

	// Alice edits her message, then deletes another: an edit is a change,
	// and it moves the cursor on like any notification.
	before := time.Now().Add(-time.Second)
	if !fake.Edit(direct, "Entre nous, finalement") {
		t.Fatal("Edit found no status")
	}
	edits, err := c.Since(ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(edits.Items) != 0 || len(edits.Changes) != 1 {
		t.Fatalf("after an edit: items %+v, changes %+v; want one change", edits.Items, edits.Changes)
	}
	if ch := edits.Changes[0]; ch.Post != direct || ch.Deleted || ch.Text != "Entre nous, finalement" || ch.At.Before(before) {
		t.Errorf("change = %+v, want the new text of %s", ch, direct)
	}
	if edits.Cursor == page.Cursor {
		t.Errorf("the cursor did not move past the update notification")
	}
	again, err := c.Since(ctx(t), edits.Cursor)
	if err != nil || len(again.Items) != 0 || len(again.Changes) != 0 || again.Cursor != edits.Cursor {
		t.Errorf("read again = %+v, %v; want nothing and the same cursor", again, err)
	}
}

func TestSinceReplyStaysAReplyAndKeepsItsVisibility(t *testing.T) {
	c, fake := open(t)
	mine, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Question", Visibility: app.VisibilityFollowers})
	if err != nil {
		t.Fatal(err)
	}
	fake.Reply("alice", "Réponse", mine.Ref.ID)
	page, err := c.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Kind != app.ItemReply || page.Items[0].Visibility != app.VisibilityPublic {
		t.Errorf("items = %+v, want a public reply", page.Items)
	}
}

// drain calls Since from cursor until it returns nothing new, each time
// with a new connector (as after a restart), and returns the items.
func drain(t *testing.T, fake *mastodontest.Server, cursor string) ([]app.Item, string, int) {
	t.Helper()
	var all []app.Item
	calls := 0
	for {
		calls++
		if calls > 100 {
			t.Fatalf("still reading after %d calls", calls)
		}
		page, err := reopen(t, fake, testDialer()).Since(ctx(t), cursor)
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
	c, fake := open(t)
	fake.Mention("zoé", "avant")
	first, err := c.Since(ctx(t), "")
	if err != nil || len(first.Items) != 1 {
		t.Fatalf("first read = %+v, %v", first, err)
	}
	ids := fake.Burst("alice", 5000)
	if len(ids) != 5000 {
		t.Fatalf("Burst gave %d IDs", len(ids))
	}
	items, _, calls := drain(t, fake, first.Cursor)
	if calls < 5000/400 {
		t.Errorf("%d calls read 5000 notifications: is Since still bounded?", calls)
	}
	got := make([]string, len(items))
	for i, it := range items {
		got[i] = it.RemoteID
		if want := fmt.Sprintf("@relais burst %d", i); it.Text != want {
			t.Fatalf("item %d = %q, want %q (oldest first, once each)", i, it.Text, want)
		}
	}
	if !slices.Equal(got, ids) {
		t.Fatalf("read %d items, want the 5000 of the burst, each once, in order", len(got))
	}
}

func TestSinceRestartsFromItsCursor(t *testing.T) {
	_, fake := open(t)
	for i := range 3 {
		fake.Mention("alice", fmt.Sprint("a", i))
	}
	items, cursor, _ := drain(t, fake, "")
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	fake.Mention("bob", "b")
	more, _, _ := drain(t, fake, cursor)
	if len(more) != 1 || more[0].Text != "@relais b" {
		t.Errorf("after a restart from the cursor: %+v, want only the new mention", more)
	}
}

func TestThread(t *testing.T) {
	c, fake := open(t)
	root := fake.Reply("alice", "Une question ?", "")
	mine, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Notre réponse", ReplyTo: &app.RemoteRef{ID: root}})
	if err != nil {
		t.Fatal(err)
	}
	// Chloé answers the root before Bob answers us: the server's context
	// lists Bob's reply first (depth first), the thread second.
	other := fake.Reply("chloé", "Moi aussi", root)
	reply := fake.Reply("bob", "Merci", mine.Ref.ID)
	fake.Mention("david", "Sans rapport")

	th, err := c.Thread(ctx(t), mine.Ref)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(th app.Thread) []string {
		var out []string
		for _, p := range th.Posts {
			out = append(out, p.Ref.ID)
		}
		return out
	}
	if got := ids(th); !slices.Equal(got, []string{root, mine.Ref.ID, reply}) || th.Focus != 1 {
		t.Fatalf("thread of our answer = %q, focus %d; want %q, focus 1", got, th.Focus, []string{root, mine.Ref.ID, reply})
	}
	host := strings.TrimPrefix(fake.URL(), "http://")
	want := []struct {
		handle, text, replyTo string
		mine                  bool
	}{
		{"alice@" + host, "@relais Une question ?", "", false},
		{"relais@" + host, "Notre réponse", root, true},
		{"bob@" + host, "@relais Merci", mine.Ref.ID, false},
	}
	for i, w := range want {
		p := th.Posts[i]
		if p.Author.Handle != w.handle || p.Text != w.text || p.ReplyTo != w.replyTo || p.Mine != w.mine || p.URL == "" || p.At.IsZero() {
			t.Errorf("post %d = %+v, want by %s: %q answering %q, mine %v", i, p, w.handle, w.text, w.replyTo, w.mine)
		}
	}

	whole, err := c.Thread(ctx(t), app.RemoteRef{ID: root})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(whole); !slices.Equal(got, []string{root, mine.Ref.ID, other, reply}) || whole.Focus != 0 {
		t.Errorf("thread from the root = %q, focus %d; want the four posts oldest first, focus 0", got, whole.Focus)
	}
	leaf, err := c.Thread(ctx(t), app.RemoteRef{ID: reply})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(leaf); !slices.Equal(got, []string{root, mine.Ref.ID, reply}) || leaf.Focus != 2 {
		t.Errorf("thread from the last reply = %q, focus %d; want focus 2", got, leaf.Focus)
	}
}

func TestThreadOfADeletedPost(t *testing.T) {
	c, fake := open(t)
	id := fake.Reply("alice", "Bientôt effacé", "")
	if _, err := c.Thread(ctx(t), app.RemoteRef{ID: id}); err != nil {
		t.Fatal(err)
	}
	fake.Delete(id)
	_, err := c.Thread(ctx(t), app.RemoteRef{ID: id})
	if ne, ok := app.AsNetError(err); !ok || ne.Kind != app.FailNotFound || !errors.Is(err, app.ErrRemoteGone) {
		t.Fatalf("Thread of a deleted post: %v, want a NetError of kind FailNotFound", err)
	}
	page, err := c.Since(ctx(t), "")
	if err != nil || len(page.Items) != 0 {
		t.Errorf("the notification of a deleted post is still read: %+v, %v", page.Items, err)
	}
}

// streamed runs Stream in the background and hands over its events;
// opens counts the times it was told the stream opened.
type streamed struct {
	events chan app.StreamEvent
	opens  chan struct{}
	done   chan error
	cancel context.CancelFunc
}

func startStream(t *testing.T, c *mastodon.Connector) *streamed {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &streamed{events: make(chan app.StreamEvent, 100), opens: make(chan struct{}, 100), done: make(chan error, 1), cancel: cancel}
	go func() {
		s.done <- c.Stream(ctx, func(e app.StreamEvent) {
			if e.Opened {
				if e.Item != nil || e.Change != nil {
					t.Errorf("an Opened event with more: %+v", e)
				}
				s.opens <- struct{}{}
				return
			}
			s.events <- e
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	return s
}

// opened waits until the stream says it is open.
func (s *streamed) opened(t *testing.T) {
	t.Helper()
	select {
	case <-s.opens:
	case err := <-s.done:
		s.done <- err
		t.Fatalf("the stream stopped before it opened: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("not opened in 10s")
	}
}

// next waits for the next event.
func (s *streamed) next(t *testing.T) app.StreamEvent {
	t.Helper()
	select {
	case e := <-s.events:
		return e
	case err := <-s.done:
		s.done <- err
		t.Fatalf("the stream stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no event in 10s")
	}
	return app.StreamEvent{}
}

// stopped waits for Stream to return.
func (s *streamed) stopped(t *testing.T, within time.Duration) error {
	t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(within):
		t.Fatalf("Stream still runs after %v", within)
	}
	return nil
}

// waitStreams waits until the fake has n open streams.
func waitStreams(t *testing.T, fake *mastodontest.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for fake.Streams() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams open, want %d", fake.Streams(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// streamPaths are the streaming requests the fake received.
func streamPaths(fake *mastodontest.Server) []string {
	var paths []string
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Path, "/api/v1/streaming") {
			paths = append(paths, r.Path)
		}
	}
	return paths
}

func TestStream(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode mastodontest.Streaming
		// asked are the streaming requests, in order.
		asked []string
	}{
		{"GoToSocial: WebSocket only", mastodontest.StreamWebSocket, []string{"/api/v1/streaming"}},
		{"Mastodon: both", mastodontest.StreamBoth, []string{"/api/v1/streaming"}},
		{"SSE only", mastodontest.StreamSSE, []string{"/api/v1/streaming", "/api/v1/streaming/user"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, fake := open(t)
			fake.SetStreamingMode(tc.mode)
			fake.SetHeartbeat(10 * time.Millisecond)
			mine, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Notre annonce"})
			if err != nil {
				t.Fatal(err)
			}
			s := startStream(t, c)
			s.opened(t)
			waitStreams(t, fake, 1)

			fake.Mention("alice", "En direct")
			e := s.next(t)
			if e.Item == nil || e.Change != nil || e.Item.Kind != app.ItemMention || e.Item.Text != "@relais En direct" || e.Item.RemoteID == "" || e.Item.Post == nil {
				t.Fatalf("first event = %+v, want the mention", e)
			}
			page, err := c.Since(ctx(t), "")
			if err != nil || len(page.Items) != 1 || page.Items[0].RemoteID != e.Item.RemoteID || page.Items[0].Text != e.Item.Text || page.Items[0].Kind != e.Item.Kind {
				t.Errorf("Since reads %+v, the stream gave %+v: want the same item", page.Items, e.Item)
			}
			direct := fake.Direct("bob", "Privé")
			if e := s.next(t); e.Item == nil || e.Item.Kind != app.ItemDirect || e.Item.Visibility != app.VisibilityDirect {
				t.Errorf("event = %+v, want a direct message", e.Item)
			}
			fake.Quote("chloé", "Je cite", mine.Ref.ID)
			if e := s.next(t); e.Item == nil || e.Item.Kind != app.ItemQuote {
				t.Errorf("event = %+v, want a quote", e.Item)
			}

			// An edit: the update notification, then status.update.
			fake.Edit(direct, "Privé, corrigé")
			for range 2 {
				e := s.next(t)
				if e.Change == nil || e.Change.Post != direct || e.Change.Deleted || e.Change.Text != "Privé, corrigé" || e.Change.At.IsZero() {
					t.Errorf("event = %+v (change %+v), want the edit", e, e.Change)
				}
			}
			fake.Delete(direct)
			if e := s.next(t); e.Change == nil || e.Change.Post != direct || !e.Change.Deleted {
				t.Errorf("event = %+v, want the deletion", e.Change)
			}

			s.cancel()
			if err := s.stopped(t, 5*time.Second); !errors.Is(err, context.Canceled) {
				t.Errorf("Stream after cancel = %v, want context.Canceled", err)
			}
			waitStreams(t, fake, 0)
			if got := streamPaths(fake); !slices.Equal(got, tc.asked) {
				t.Errorf("streaming requests %q, want %q", got, tc.asked)
			}
			for _, r := range fake.Requests() {
				if !strings.HasPrefix(r.Path, "/api/v1/streaming") || r.Path == "/api/v1/streaming" && tc.mode == mastodontest.StreamSSE {
					continue
				}
				if !r.Authorized || r.Query.Has("access_token") {
					t.Errorf("stream request %+v: want the token in a header only", r)
				}
				if want := (url.Values{"stream": {"user"}}); r.Path == "/api/v1/streaming" && !maps.EqualFunc(r.Query, want, slices.Equal) {
					t.Errorf("WebSocket query %v, want %v", r.Query, want)
				}
			}

			// The same connector goes straight to what worked.
			before := len(streamPaths(fake))
			s = startStream(t, c)
			s.opened(t)
			if got := streamPaths(fake)[before:]; !slices.Equal(got, tc.asked[len(tc.asked)-1:]) {
				t.Errorf("streaming again asked %q, want %q", got, tc.asked[len(tc.asked)-1:])
			}
		})
	}
}

func TestStreamWithoutStreaming(t *testing.T) {
	c, fake := open(t)
	fake.SetStreaming(false)
	err := c.Stream(ctx(t), func(app.StreamEvent) { t.Error("an event") })
	if !errors.Is(err, app.ErrNoStreaming) {
		t.Fatalf("Stream = %v, want ErrNoStreaming", err)
	}
	// It looked in both instances, then at the server itself, for a
	// WebSocket, then for Server-Sent Events.
	var paths []string
	for _, r := range fake.Requests() {
		paths = append(paths, r.Path)
	}
	if want := []string{"/api/v2/instance", "/api/v1/instance", "/api/v1/streaming", "/api/v1/streaming/user"}; !slices.Equal(paths, want) {
		t.Errorf("requests %q, want %q", paths, want)
	}
	// The connector remembers: asked again, it asks nothing.
	if err := c.Stream(ctx(t), func(app.StreamEvent) { t.Error("an event") }); !errors.Is(err, app.ErrNoStreaming) {
		t.Fatalf("Stream again = %v, want ErrNoStreaming", err)
	}
	if n := len(fake.Requests()); n != len(paths) {
		t.Errorf("%d requests after asking again, want %d", n, len(paths))
	}
}

func TestStreamIdleTimeout(t *testing.T) {
	for _, mode := range []mastodontest.Streaming{mastodontest.StreamWebSocket, mastodontest.StreamSSE} {
		t.Run(fmt.Sprint(mode), func(t *testing.T) {
			fake := mastodontest.Start(t)
			fake.SetStreamingMode(mode)
			d := testDialer()
			// Generous against a loaded machine (the race detector,
			// parallel packages): only "dropped or not" is tested, never
			// when (the section above the stall proves it is not early).
			d.StreamIdle = time.Second

			// Heartbeats keep a quiet stream up.
			fake.SetHeartbeat(50 * time.Millisecond)
			s := startStream(t, reopen(t, fake, d))
			waitStreams(t, fake, 1)
			select {
			case err := <-s.done:
				t.Fatalf("a stream with heartbeats stopped: %v", err)
			case <-time.After(2 * time.Second):
			}
			s.cancel()
			s.stopped(t, 5*time.Second)

			fake.SetHeartbeat(0)
			if mode == mastodontest.StreamWebSocket {
				// Without them, a WebSocket stays up: Relais pings, the
				// server answers.
				s = startStream(t, reopen(t, fake, d))
				waitStreams(t, fake, 1)
				select {
				case err := <-s.done:
					t.Fatalf("a WebSocket answering pings stopped: %v", err)
				case <-time.After(2 * time.Second):
				}
				// Until the connection goes dead without a word.
				fake.StallStreams()
			} else {
				s = startStream(t, reopen(t, fake, d))
				waitStreams(t, fake, 1)
			}
			err := s.stopped(t, 10*time.Second)
			if ne, ok := app.AsNetError(err); !ok || ne.Kind != app.FailOffline || !ne.Temporary() {
				t.Fatalf("silent stream: %v, want an offline NetError", err)
			}
		})
	}
}

func TestStreamEndedByTheServer(t *testing.T) {
	for _, mode := range []mastodontest.Streaming{mastodontest.StreamWebSocket, mastodontest.StreamSSE} {
		c, fake := open(t)
		fake.SetStreamingMode(mode)
		s := startStream(t, c)
		waitStreams(t, fake, 1)
		fake.CloseStreams()
		err := s.stopped(t, 5*time.Second)
		if ne, ok := app.AsNetError(err); !ok || ne.Kind != app.FailOffline {
			t.Fatalf("mode %v: Stream = %v, want an offline NetError to reconnect after", mode, err)
		}
	}
}

func TestStreamRefusedToken(t *testing.T) {
	for _, mode := range []mastodontest.Streaming{mastodontest.StreamWebSocket, mastodontest.StreamBoth, mastodontest.StreamSSE} {
		fake := mastodontest.Start(t)
		fake.SetStreamingMode(mode)
		acc, _ := fake.Account()
		c, _ := testDialer().Open(acc, &memCreds{s: app.Secret{AccessToken: "revoked"}})
		err := c.(app.Streamer).Stream(ctx(t), func(app.StreamEvent) { t.Error("an event") })
		if !errors.Is(err, app.ErrReconnect) {
			t.Fatalf("mode %v: Stream with a refused token = %v, want ErrReconnect", mode, err)
		}
		if strings.Contains(err.Error(), "revoked") {
			t.Errorf("the token is in the error: %v", err)
		}
		// One refusal is enough: no other transport tried with it.
		if got := streamPaths(fake); len(got) != 1 && !(mode == mastodontest.StreamSSE && len(got) == 2) {
			t.Errorf("mode %v: streaming requests %q", mode, got)
		}
	}
}

func TestStreamSkipsWhatItCannotRead(t *testing.T) {
	c, fake := open(t)
	s := startStream(t, c)
	s.opened(t)
	waitStreams(t, fake, 1)
	for _, msg := range []string{
		"not JSON",
		`{"stream":["user"],"event":"notification","payload":"{\"id\":"}`,
		`{"stream":["user"],"event":"notification","payload":"{\"id\":\"1\",\"type\":\"admin.sign_up\"}"}`,
		`{"stream":["user"],"event":"notification","payload":42}`,
		`{"stream":["user"],"event":"delete","payload":""}`,
		`{"stream":["user"],"payload":"{}"}`,
		`{"stream":"user","event":["x"]}`,
		`[]`,
		`{"event":"filters_changed"}`,
	} {
		fake.PushRaw(msg)
	}
	fake.Mention("alice", "Toujours là")
	if e := s.next(t); e.Item == nil || e.Item.Text != "@relais Toujours là" {
		t.Fatalf("event = %+v, want the mention after the bad messages", e)
	}
}

func TestStreamCancelLeavesNothingRunning(t *testing.T) {
	for _, mode := range []mastodontest.Streaming{mastodontest.StreamWebSocket, mastodontest.StreamSSE} {
		fake := mastodontest.Start(t)
		fake.SetStreamingMode(mode)
		// A WebSocket without the server's pings gets Relais's.
		fake.SetHeartbeat(0)
		if mode == mastodontest.StreamSSE {
			fake.SetHeartbeat(20 * time.Millisecond)
		}
		d := testDialer()
		d.StreamIdle = 400 * time.Millisecond
		c := reopen(t, fake, d)
		if _, err := c.Since(ctx(t), ""); err != nil {
			t.Fatal(err)
		}
		d.HTTP.CloseIdleConnections()
		before := runtime.NumGoroutine()
		s := startStream(t, c)
		s.opened(t)
		waitStreams(t, fake, 1)
		time.Sleep(300 * time.Millisecond)
		s.cancel()
		if err := s.stopped(t, 5*time.Second); !errors.Is(err, context.Canceled) {
			t.Errorf("mode %v: Stream after cancel = %v", mode, err)
		}
		waitStreams(t, fake, 0)
		deadline := time.Now().Add(5 * time.Second)
		for {
			d.HTTP.CloseIdleConnections()
			n := runtime.NumGoroutine()
			if n <= before {
				break
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Fatalf("mode %v: %d goroutines, %d before:\n%s", mode, n, before, buf[:runtime.Stack(buf, true)])
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func TestStreamingServerFromTheInstance(t *testing.T) {
	// The streaming server is another host, named by the v1 instance
	// only (the v2 one is missing, as before Mastodon 4.0).
	fake := mastodontest.NewServer()
	h := fake.Handler()
	streamed := make(chan string, 10)
	streaming := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		streamed <- r.URL.Path
		h.ServeHTTP(w, r)
	}))
	main := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/instance":
			http.Error(w, `{"error":"Record not found"}`, http.StatusNotFound)
		case "/api/v1/instance":
			fmt.Fprintf(w, `{"uri":"x","urls":{"streaming_api":%q}}`, "ws"+strings.TrimPrefix(streaming.URL, "http"))
		case "/api/v1/streaming", "/api/v1/streaming/user":
			t.Error("streamed from the main server")
			http.NotFound(w, r)
		default:
			h.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(func() {
		fake.CloseStreams()
		streaming.Close()
		main.Close()
	})
	fake.SetURL(main.URL)
	s := startStream(t, reopen(t, fake, testDialer()))
	waitStreams(t, fake, 1)
	if p := <-streamed; p != "/api/v1/streaming" {
		t.Errorf("the streaming server was asked %q", p)
	}
	fake.Mention("alice", "Par l'autre hôte")
	if e := s.next(t); e.Item == nil || e.Item.Text != "@relais Par l'autre hôte" {
		t.Errorf("event = %+v", e)
	}
}

func TestStreamingHostFromTheV2Instance(t *testing.T) {
	// GoToSocial and Mastodon 4 name it in configuration.urls.streaming.
	fake := mastodontest.Start(t)
	h := fake.Handler()
	var asked []string
	var mu sync.Mutex
	streaming := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		fake.CloseStreams()
		streaming.Close()
	})
	fake.SetStreamingURL("ws" + strings.TrimPrefix(streaming.URL, "http"))
	s := startStream(t, reopen(t, fake, testDialer()))
	s.opened(t)
	waitStreams(t, fake, 1)
	fake.Mention("alice", "Par le serveur de streaming")
	if e := s.next(t); e.Item == nil || e.Item.Text != "@relais Par le serveur de streaming" {
		t.Errorf("event = %+v", e)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(asked, []string{"/api/v1/streaming"}) {
		t.Errorf("the streaming host was asked %q", asked)
	}
	if got := streamPaths(fake); !slices.Equal(got, []string{"/api/v1/streaming"}) {
		t.Errorf("streaming requests %q", got)
	}
}

func TestSinceAsksNoUnknownTypeAndSkipsThem(t *testing.T) {
	c, fake := open(t)
	// GoToSocial's notification types: no "quote".
	fake.SetNotificationTypes("follow", "follow_request", "mention", "reblog", "favourite", "poll", "status",
		"update", "admin.sign_up", "admin.report", "pending.favourite", "pending.reply", "pending.reblog")
	fake.Mention("alice", "avant")
	first, err := c.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	fake.Notify("pending.favourite", "bob")
	fake.Mention("chloé", "Bonjour")
	last := fake.Notify("something.new", "david")
	page, err := c.Since(ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 1 || len(page.Items) != 1 || page.Items[0].Text != "@relais Bonjour" {
		t.Errorf("items = %+v then %+v, want the two mentions", first.Items, page.Items)
	}
	if page.Cursor != last {
		t.Errorf("cursor = %q, want %q: the unknown notification is read again", page.Cursor, last)
	}
	if asked := fake.UnknownTypesAsked(); len(asked) != 0 {
		t.Errorf("the server was asked for types it does not know: %q", asked)
	}
}
