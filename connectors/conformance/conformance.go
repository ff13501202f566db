// Package conformance is the one test suite every connector passes, run
// against a fake of its network (an httptest server that speaks the
// network's documented API). A connector's own tests add what only its
// network has; what every network must do the same way is here: publish
// exactly once under a key, find a post whose answer was lost, reply,
// read what is new since a cursor, like and boost, read figures, and turn
// every failure into the app.NetError kind the publishing engine acts on.
package conformance

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// Op is a kind of request a fake can be told to fail.
type Op string

// The operations.
const (
	OpProfile Op = "profile" // who the account is
	OpPublish Op = "publish" // creating a post
	OpUpload  Op = "upload"  // sending an image
	OpRead    Op = "read"    // reading notifications, or the feed
)

// Failure is how a fake fails the next request of an operation.
type Failure struct {
	// Status answers with this HTTP status, and a body in the network's
	// own error shape holding Message.
	Status     int
	Message    string
	RetryAfter string // the Retry-After header, if any
	// Drop closes the connection without answering; with AfterCreate the
	// post is created first (the answer is lost, not the post).
	Drop        bool
	AfterCreate bool
	// Truncate answers 200 with half of the real body; Malformed answers
	// 200 with a body that is not JSON (or not XML, for a feed).
	Truncate  bool
	Malformed bool
	// Delay answers after this long; with AfterCreate, the post is
	// created first and the answer comes late (a client killed meanwhile
	// leaves a post it never heard of).
	Delay time.Duration
}

// Post is a post as the fake holds it.
type Post struct {
	ID       string // the same ID Published.Ref.ID gives
	Text     string
	Alts     []string // the images' alt texts, in order
	ReplyTo  string   // the ID of the post answered, "" for none
	Language string
}

// Fake is a network's test server, as the suite drives it. Its methods
// are safe to call while the connector talks to it.
type Fake interface {
	// Account returns an account on the fake and its secret, as
	// connecting it would have stored them.
	Account() (app.Account, app.Secret)
	// FailNext makes the next request of op fail as f says.
	FailNext(op Op, f Failure)
	// Posts returns the posts the account made, oldest first.
	Posts() []Post
	// Mention makes someone mention the account (a feed: a new entry).
	Mention(author, text string)
	// Reactions returns how many likes and boosts a post has.
	Reactions(id string) (likes, boosts int)
}

// Burster is a fake that can make many mentions at once; the suite
// checks with it that reading from cursor to cursor loses none.
type Burster interface {
	// Burst makes author mention the account n times, and returns the
	// remote IDs the items read will have (Item.RemoteID), oldest first.
	Burst(author string, n int) []string
}

// Harness is what a connector's test gives the suite.
type Harness struct {
	Dialer app.Dialer
	// Start starts a fake server, closed when the test ends.
	Start func(t *testing.T) Fake
	// NoLanguage is for a network whose API takes no language for a post
	// (Threads): the suite does not ask the fake for one.
	NoLanguage bool
	// NeedsImage is for a network that publishes no text alone
	// (Instagram): the suite's new posts carry an image (Image).
	NeedsImage bool
}

// media is what the suite attaches to a new post: an image where the
// network needs one, else nothing.
func (h Harness) media() []app.Attachment {
	if h.NeedsImage {
		return []app.Attachment{Image("Une image")}
	}
	return nil
}

// Run runs the suite.
func Run(t *testing.T, h Harness) {
	t.Run("Profile", func(t *testing.T) { testProfile(t, h) })
	t.Run("Failures", func(t *testing.T) { testFailures(t, h) })
	t.Run("Cancel", func(t *testing.T) { testCancel(t, h) })
	t.Run("Publish", func(t *testing.T) { testPublish(t, h) })
	t.Run("ExactlyOnce", func(t *testing.T) { testExactlyOnce(t, h) })
	t.Run("Thread", func(t *testing.T) { testThread(t, h) })
	t.Run("Read", func(t *testing.T) { testRead(t, h) })
	t.Run("ReadAfterRestart", func(t *testing.T) { testReadAfterRestart(t, h) })
	t.Run("ReadBurst", func(t *testing.T) { testReadBurst(t, h) })
	t.Run("ReadFromEmpty", func(t *testing.T) { testReadFromEmpty(t, h) })
	t.Run("React", func(t *testing.T) { testReact(t, h) })
	t.Run("Metrics", func(t *testing.T) { testMetrics(t, h) })
}

// memCredentials hold a secret in memory, as the keychain would.
type memCredentials struct{ s app.Secret }

func (m *memCredentials) Secret(context.Context) (app.Secret, error)      { return m.s, nil }
func (m *memCredentials) SetSecret(_ context.Context, s app.Secret) error { m.s = s; return nil }

func open(t *testing.T, h Harness) (app.Connector, Fake) {
	t.Helper()
	fake := h.Start(t)
	acc, secret := fake.Account()
	c, err := h.Dialer.Open(acc, &memCredentials{s: secret})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return c, fake
}

func publisher(t *testing.T, c app.Connector) app.Publisher {
	t.Helper()
	p, ok := c.(app.Publisher)
	if !ok {
		t.Skip("this connector does not publish")
	}
	return p
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func testProfile(t *testing.T, h Harness) {
	c, _ := open(t, h)
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatalf("Profile: %v", err)
	}
	if p.Handle == "" || p.RemoteID == "" {
		t.Errorf("Profile = %+v, want a handle and a remote ID", p)
	}
}

// failingOp is the operation whose failures the suite checks: creating a
// post for a publisher, reading for a feed.
func failingOp(h Harness, c app.Connector) (Op, func(context.Context) error) {
	if p, ok := c.(app.Publisher); ok {
		return OpPublish, func(ctx context.Context) error {
			_, err := p.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(time.Now()), Text: "Bonjour", Media: h.media()})
			return err
		}
	}
	r := c.(app.Reader)
	return OpRead, func(ctx context.Context) error {
		_, err := r.Since(ctx, "")
		return err
	}
}

func testFailures(t *testing.T, h Harness) {
	cases := []struct {
		name    string
		f       Failure
		want    error
		message string
		after   time.Duration
	}{
		{"401 is reconnect", Failure{Status: 401, Message: "The access token is invalid"}, app.ErrReconnect, "", 0},
		{"422 says what was refused", Failure{Status: 422, Message: "Validation failed: Text character limit of 500 exceeded"}, app.ErrRejected, "character limit", 0},
		{"429 waits as asked", Failure{Status: 429, RetryAfter: "7", Message: "Too many requests"}, app.ErrRateLimited, "", 7 * time.Second},
		{"500 is server trouble", Failure{Status: 500, Message: "Internal error"}, app.ErrServerDown, "", 0},
		{"503 is server trouble", Failure{Status: 503, RetryAfter: "30"}, app.ErrServerDown, "", 30 * time.Second},
		{"malformed answer", Failure{Malformed: true}, app.ErrServerDown, "", 0},
		{"dropped connection", Failure{Drop: true}, app.ErrOffline, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, fake := open(t, h)
			op, do := failingOp(h, c)
			fake.FailNext(op, tc.f)
			err := do(ctx(t))
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			ne, ok := app.AsNetError(err)
			if !ok {
				t.Fatalf("error %v is not an *app.NetError", err)
			}
			if tc.message != "" && !strings.Contains(ne.Message, tc.message) {
				t.Errorf("Message = %q, want the server's words %q", ne.Message, tc.message)
			}
			if ne.RetryAfter != tc.after {
				t.Errorf("RetryAfter = %v, want %v", ne.RetryAfter, tc.after)
			}
		})
	}
	t.Run("truncated answer may pass", func(t *testing.T) {
		c, fake := open(t, h)
		op, do := failingOp(h, c)
		fake.FailNext(op, Failure{Truncate: true})
		err := do(ctx(t))
		ne, ok := app.AsNetError(err)
		if !ok || !ne.Temporary() {
			t.Fatalf("error = %v, want a NetError that may pass", err)
		}
	})
	t.Run("slow answer times out", func(t *testing.T) {
		c, fake := open(t, h)
		op, do := failingOp(h, c)
		fake.FailNext(op, Failure{Delay: 3 * time.Second})
		short, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := do(short)
		if !errors.Is(err, app.ErrOffline) {
			t.Fatalf("error = %v, want ErrOffline", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("gave up after %v, want about the context's 300ms", d)
		}
	})
}

func testCancel(t *testing.T, h Harness) {
	c, _ := open(t, h)
	_, do := failingOp(h, c)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := do(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}

// PNG returns a small PNG image, for tests that attach one.
func PNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Image is a PNG attachment with alt text, for tests.
func Image(alt string) app.Attachment {
	data := PNG()
	return app.Attachment{
		Media: app.Media{Hash: "test", Type: "image/png", Size: int64(len(data)), Width: 4, Height: 3, Name: "test.png", Alt: alt},
		Open:  func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

func testPublish(t *testing.T, h Harness) {
	c, fake := open(t, h)
	p := publisher(t, c)
	text := "Bonjour à tous 👋 rendez-vous sur https://example.org/agenda #relais"
	got, err := p.Publish(ctx(t), app.Outgoing{Key: app.NewAttemptKey(time.Now()), Text: text, Language: "fr",
		Media: []app.Attachment{Image("Une affiche rouge")}})
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if got.Ref.ID == "" || got.URL == "" {
		t.Errorf("Published = %+v, want a remote ID and a URL", got)
	}
	posts := fake.Posts()
	if len(posts) != 1 {
		t.Fatalf("the server holds %d posts, want 1", len(posts))
	}
	if posts[0].ID != got.Ref.ID {
		t.Errorf("server's ID %q, Published's %q", posts[0].ID, got.Ref.ID)
	}
	if posts[0].Text != text {
		t.Errorf("server's text %q, want %q", posts[0].Text, text)
	}
	if len(posts[0].Alts) != 1 || posts[0].Alts[0] != "Une affiche rouge" {
		t.Errorf("server's alt texts %q, want the one given", posts[0].Alts)
	}
	if posts[0].Language != "fr" && !h.NoLanguage {
		t.Errorf("server's language %q, want fr", posts[0].Language)
	}
}

func testExactlyOnce(t *testing.T, h Harness) {
	c, fake := open(t, h)
	p := publisher(t, c)
	o := app.Outgoing{Key: app.NewAttemptKey(time.Now()), Text: "Une seule fois", Media: []app.Attachment{Image("Un rond")}}

	if _, found, err := p.Find(ctx(t), o); err != nil || found {
		t.Fatalf("Find before sending = %v, %v; want not found", found, err)
	}
	fake.FailNext(OpPublish, Failure{Drop: true, AfterCreate: true})
	_, err := p.Publish(ctx(t), o)
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() {
		t.Fatalf("Publish with the answer lost: %v, want a NetError that may pass", err)
	}
	if n := len(fake.Posts()); n != 1 {
		t.Fatalf("the server holds %d posts after the drop, want 1", n)
	}
	found, ok, err := p.Find(ctx(t), o)
	if err != nil || !ok {
		t.Fatalf("Find after the drop = %v, %v; want the post", ok, err)
	}
	if found.Ref.ID != fake.Posts()[0].ID {
		t.Errorf("Find = %q, want %q", found.Ref.ID, fake.Posts()[0].ID)
	}
	again, err := p.Publish(ctx(t), o)
	if err != nil {
		t.Fatalf("Publish again with the same key: %v", err)
	}
	if n := len(fake.Posts()); n != 1 {
		t.Fatalf("the server holds %d posts after publishing again with the same key, want 1", n)
	}
	if again.Ref.ID != found.Ref.ID {
		t.Errorf("publishing again gave %q, want the same post %q", again.Ref.ID, found.Ref.ID)
	}
	other := o
	other.Key = app.NewAttemptKey(time.Now().Add(time.Second))
	if _, err := p.Publish(ctx(t), other); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Posts()); n != 2 {
		t.Errorf("a new key made %d posts in all, want 2", n)
	}
}

func testThread(t *testing.T, h Harness) {
	c, fake := open(t, h)
	p := publisher(t, c)
	var prev *app.RemoteRef
	var ids []string
	for i, text := range []string{"1/3 Un fil", "2/3 qui continue", "3/3 et finit"} {
		o := app.Outgoing{Key: app.NewAttemptKey(time.Now().Add(time.Duration(i) * time.Millisecond)), Text: text, ReplyTo: prev}
		if prev == nil {
			o.Media = h.media()
		}
		got, err := p.Publish(ctx(t), o)
		if err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
		ref := got.Ref
		prev = &ref
		ids = append(ids, ref.ID)
	}
	posts := fake.Posts()
	if len(posts) != 3 {
		t.Fatalf("%d posts, want 3", len(posts))
	}
	if posts[0].ReplyTo != "" || posts[1].ReplyTo != ids[0] || posts[2].ReplyTo != ids[1] {
		t.Errorf("replies %q %q %q, want \"\" %q %q", posts[0].ReplyTo, posts[1].ReplyTo, posts[2].ReplyTo, ids[0], ids[1])
	}
}

func testRead(t *testing.T, h Harness) {
	c, fake := open(t, h)
	r, ok := c.(app.Reader)
	if !ok {
		t.Skip("this connector does not read")
	}
	fake.Mention("alice", "Premier message")
	fake.Mention("bob", "Deuxième message")
	page, err := r.Since(ctx(t), "")
	if err != nil {
		t.Fatalf("Since(\"\"): %v", err)
	}
	if !containsTexts(page.Items, "Premier message", "Deuxième message") {
		t.Fatalf("first read = %+v, want both messages", page.Items)
	}
	if i, j := indexOf(page.Items, "Premier message"), indexOf(page.Items, "Deuxième message"); i > j {
		t.Errorf("items not oldest first")
	}
	for _, it := range page.Items {
		if it.RemoteID == "" || it.At.IsZero() {
			t.Errorf("item %+v lacks a remote ID or a time", it)
		}
	}
	empty, err := r.Since(ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Items) != 0 {
		t.Errorf("reading again from the cursor gave %d items, want none", len(empty.Items))
	}
	fake.Mention("chloé", "Troisième <b>message</b> & co")
	next, err := r.Since(ctx(t), empty.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Items) != 1 || !strings.Contains(next.Items[0].Text, "Troisième") {
		t.Fatalf("read after a new mention = %+v, want only it", next.Items)
	}
}

// reader opens another connector on the fake's account, as Relais does
// after a restart.
func reader(t *testing.T, h Harness, fake Fake) app.Reader {
	t.Helper()
	acc, secret := fake.Account()
	c, err := h.Dialer.Open(acc, &memCredentials{s: secret})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	r, ok := c.(app.Reader)
	if !ok {
		t.Skip("this connector does not read")
	}
	return r
}

// testReadFromEmpty reads an account that has had nothing yet: the
// cursor must still mark the start, or the first burst after it would be
// read as history, its latest page only.
func testReadFromEmpty(t *testing.T, h Harness) {
	fake := h.Start(t)
	page, err := reader(t, h, fake).Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 {
		t.Skip("the fake starts with items")
	}
	if page.Cursor == "" {
		t.Fatal("an empty read gave an empty cursor: what comes next would be read as history")
	}
	fake.Mention("alice", "La première")
	next, err := reader(t, h, fake).Since(ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if indexOf(next.Items, "La première") < 0 {
		t.Errorf("after an empty read, %+v: want the first mention", next.Items)
	}
}

func testReadAfterRestart(t *testing.T, h Harness) {
	fake := h.Start(t)
	fake.Mention("alice", "Avant l'arrêt")
	page, err := reader(t, h, fake).Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if indexOf(page.Items, "Avant l'arrêt") < 0 || page.Cursor == "" {
		t.Fatalf("first read = %+v, want the mention and a cursor", page)
	}
	again, err := reader(t, h, fake).Since(ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Items) != 0 {
		t.Errorf("a new connector read again from the cursor: %+v, want nothing", again.Items)
	}
	fake.Mention("bob", "Après l'arrêt")
	next, err := reader(t, h, fake).Since(ctx(t), again.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Items) != 1 || indexOf(next.Items, "Après l'arrêt") != 0 {
		t.Errorf("read after a restart = %+v, want only the new mention", next.Items)
	}
}

// burstSize is more than a Mastodon Since reads in one call, and more
// than the ten pages Bluesky's once read.
const burstSize = 1200

func testReadBurst(t *testing.T, h Harness) {
	fake := h.Start(t)
	b, ok := fake.(Burster)
	if !ok {
		t.Skip("this fake makes no bursts")
	}
	fake.Mention("zoé", "Avant")
	first, err := reader(t, h, fake).Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	want := b.Burst("alice", burstSize)
	var got []string
	cursor := first.Cursor
	for calls := 0; ; calls++ {
		if calls > burstSize {
			t.Fatal("Since never runs dry")
		}
		page, err := reader(t, h, fake).Since(ctx(t), cursor)
		if err != nil {
			t.Fatalf("Since(%q): %v", cursor, err)
		}
		for _, it := range page.Items {
			got = append(got, it.RemoteID)
		}
		if len(page.Items) == 0 && page.Cursor == cursor {
			break
		}
		cursor = page.Cursor
	}
	if len(got) != len(want) {
		t.Fatalf("read %d items from cursor to cursor, want the %d of the burst", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("item %d is %s, want %s: each once, oldest first", i, got[i], want[i])
		}
	}
}

func containsTexts(items []app.Item, texts ...string) bool {
	for _, s := range texts {
		if indexOf(items, s) < 0 {
			return false
		}
	}
	return true
}

func indexOf(items []app.Item, text string) int {
	for i, it := range items {
		if strings.Contains(it.Text, text) || strings.Contains(it.Title, text) {
			return i
		}
	}
	return -1
}

func testReact(t *testing.T, h Harness) {
	c, fake := open(t, h)
	r, ok := c.(app.Reactor)
	if !ok {
		t.Skip("this connector does not react")
	}
	p := publisher(t, c)
	got, err := p.Publish(ctx(t), app.Outgoing{Key: app.NewAttemptKey(time.Now()), Text: "À aimer", Media: h.media()})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Like(ctx(t), got.Ref); err != nil {
		t.Fatalf("Like: %v", err)
	}
	if err := r.Boost(ctx(t), got.Ref); err != nil {
		t.Fatalf("Boost: %v", err)
	}
	if likes, boosts := fake.Reactions(got.Ref.ID); likes != 1 || boosts != 1 {
		t.Errorf("likes %d, boosts %d; want 1 and 1", likes, boosts)
	}
}

func testMetrics(t *testing.T, h Harness) {
	c, fake := open(t, h)
	m, ok := c.(app.MetricsReader)
	if !ok {
		t.Skip("this connector reads no figures")
	}
	if _, err := m.AccountMetrics(ctx(t)); err != nil {
		t.Fatalf("AccountMetrics: %v", err)
	}
	p := publisher(t, c)
	got, err := p.Publish(ctx(t), app.Outgoing{Key: app.NewAttemptKey(time.Now()), Text: "À mesurer", Media: h.media()})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := c.(app.Reactor); ok {
		if err := r.Like(ctx(t), got.Ref); err != nil {
			t.Fatal(err)
		}
	}
	likes, _ := fake.Reactions(got.Ref.ID)
	figures, err := m.PostMetrics(ctx(t), []app.RemoteRef{got.Ref})
	if err != nil {
		t.Fatalf("PostMetrics: %v", err)
	}
	if len(figures) != 1 || figures[0].Post.ID != got.Ref.ID || figures[0].Likes != likes {
		t.Errorf("PostMetrics = %+v, want one post with %d likes", figures, likes)
	}
}
