package mastodon_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// The inbox (app.Inbox.Run) over the real connector and the fake,
// streaming as GoToSocial does: over a WebSocket only.

// waitClock is the wall clock, except that the inbox's waits between two
// reconnections are handed to the test, which lets each one pass when
// it has seen it.
type waitClock struct {
	asked chan waited
}

type waited struct {
	d    time.Duration
	fire chan time.Time
}

func (c *waitClock) Now() time.Time { return time.Now() }

func (c *waitClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.asked <- waited{d, ch}
	return ch
}

// nextWait waits for the inbox to wait, and returns for how long.
func (c *waitClock) nextWait(t *testing.T) waited {
	t.Helper()
	select {
	case w := <-c.asked:
		return w
	case <-time.After(10 * time.Second):
		t.Fatal("the inbox did not wait to reconnect")
	}
	return waited{}
}

// inboxOnFake runs an inbox with one account on fake until the test ends.
func inboxOnFake(t *testing.T, fake *mastodontest.Server, streamIdle time.Duration) (*app.Inbox, *waitClock, *app.Accounts, app.Account) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := &waitClock{asked: make(chan waited, 100)}
	d := testDialer()
	d.StreamIdle = streamIdle
	accounts := app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(d), nil, clock)
	acc, err := accounts.Connect(ctx(t), app.Account{Network: app.Mastodon, Server: fake.URL()}, app.Secret{AccessToken: fake.Token()})
	if err != nil {
		t.Fatal(err)
	}
	in := app.NewInbox(db, accounts, clock, time.UTC, nil)
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		in.Run(runCtx)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not stop")
		}
		db.Close()
	})
	return in, clock, accounts, acc
}

// inboxTexts are the texts of the inbox's items, oldest first.
func inboxTexts(t *testing.T, in *app.Inbox) []string {
	t.Helper()
	l, err := in.List(context.Background(), app.InboxFilter{View: app.ViewAll})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for i := l.Len() - 1; i >= 0; i-- {
		texts = append(texts, l.At(i).Text)
	}
	return texts
}

// waitTexts waits until the inbox holds exactly want.
func waitTexts(t *testing.T, in *app.Inbox, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := inboxTexts(t, in)
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("inbox holds %q, want %q", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// notificationReads counts the fake's reads of the notifications.
func notificationReads(fake *mastodontest.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Path == "/api/v1/notifications" {
			n++
		}
	}
	return n
}

// settled waits until the fake has had no notification read for a while
// (the inbox's first syncs are done), and returns how many there were.
func settled(t *testing.T, fake *mastodontest.Server) int {
	t.Helper()
	last, since := notificationReads(fake), time.Now()
	for time.Since(since) < 500*time.Millisecond {
		time.Sleep(10 * time.Millisecond)
		if n := notificationReads(fake); n != last {
			last, since = n, time.Now()
		}
	}
	return last
}

func TestInboxStreamsOverWebSocketAndCatchesUpAfterADrop(t *testing.T) {
	fake := mastodontest.Start(t) // GoToSocial's way: a WebSocket only
	in, clock, _, _ := inboxOnFake(t, fake, 300*time.Millisecond)
	waitStreams(t, fake, 1)
	reads := settled(t, fake)

	// A mention arrives by the stream: no read of the notifications.
	fake.Mention("alice", "Par WebSocket")
	waitTexts(t, in, "@relais Par WebSocket")
	if n := notificationReads(fake); n != reads {
		t.Errorf("%d reads of the notifications, want %d: the mention came by polling", n, reads)
	}

	// The server restarts: the stream is opened again after a wait, and
	// what was posted meanwhile is read.
	fake.CloseStreams()
	w := clock.nextWait(t)
	if w.d < 5*time.Second || w.d >= 5*time.Second*5/4 {
		t.Errorf("first wait %v, want 5s and up to a quarter more", w.d)
	}
	waitStreams(t, fake, 0)
	fake.Mention("bob", "Pendant la coupure")
	w.fire <- time.Now()
	waitStreams(t, fake, 1)
	waitTexts(t, in, "@relais Par WebSocket", "@relais Pendant la coupure")

	// The connection dies without a word: noticed after StreamIdle, and
	// the next wait is longer.
	fake.StallStreams()
	w = clock.nextWait(t)
	if w.d < 10*time.Second || w.d >= 10*time.Second*5/4 {
		t.Errorf("second wait %v, want 10s and up to a quarter more", w.d)
	}
	fake.Mention("chloé", "Pendant la seconde coupure")
	w.fire <- time.Now()
	waitTexts(t, in, "@relais Par WebSocket", "@relais Pendant la coupure", "@relais Pendant la seconde coupure")

	// And it streams again.
	waitStreams(t, fake, 1)
	fake.Mention("david", "De nouveau en direct")
	waitTexts(t, in, "@relais Par WebSocket", "@relais Pendant la coupure", "@relais Pendant la seconde coupure", "@relais De nouveau en direct")
	for _, r := range fake.Requests() {
		if r.Path == "/api/v1/streaming/user" {
			t.Errorf("SSE was asked on a server with a WebSocket")
		}
	}
}

func TestInboxStreamsOverSSEWhenTheServerHasNoWebSocket(t *testing.T) {
	fake := mastodontest.Start(t)
	fake.SetStreamingMode(mastodontest.StreamSSE)
	in, clock, _, _ := inboxOnFake(t, fake, 0)
	waitStreams(t, fake, 1)
	reads := settled(t, fake)
	fake.Mention("alice", "Par SSE")
	waitTexts(t, in, "@relais Par SSE")
	if n := notificationReads(fake); n != reads {
		t.Errorf("%d reads of the notifications, want %d: the mention came by polling", n, reads)
	}
	// After a drop, straight to SSE: the connector remembers.
	before := len(streamPaths(fake))
	fake.CloseStreams()
	w := clock.nextWait(t)
	fake.Mention("bob", "Pendant la coupure")
	w.fire <- time.Now()
	waitTexts(t, in, "@relais Par SSE", "@relais Pendant la coupure")
	if got := streamPaths(fake)[before:]; !slices.Equal(got, []string{"/api/v1/streaming/user"}) {
		t.Errorf("reconnecting asked %q, want SSE only", got)
	}
}

func TestInboxStopsStreamingOnARefusedToken(t *testing.T) {
	fake := mastodontest.Start(t)
	_, clock, accounts, acc := inboxOnFake(t, fake, 0)
	waitStreams(t, fake, 1)
	settled(t, fake)
	// The token is revoked; the server ends the stream.
	fake.SetToken("another")
	fake.CloseStreams()
	w := clock.nextWait(t)
	w.fire <- time.Now()
	// The account says to sign in again.
	deadline := time.Now().Add(10 * time.Second)
	for {
		a, err := accounts.Get(ctx(t), acc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.State == app.AccountReauth {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("account state %v, want reauth", a.State)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// One refused upgrade, then no more: no loop hammering the server.
	time.Sleep(300 * time.Millisecond)
	select {
	case w := <-clock.asked:
		t.Errorf("the inbox waits %v to try again with a refused token", w.d)
	default:
	}
	var refused int
	for _, r := range fake.Requests() {
		if r.Path == "/api/v1/streaming" && !r.Authorized {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d refused upgrades, want 1", refused)
	}
}
