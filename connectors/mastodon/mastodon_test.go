package mastodon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/httpx"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

// memCreds hold a secret in memory, as the keychain would.
type memCreds struct {
	mu  sync.Mutex
	s   app.Secret
	err error
}

func (m *memCreds) Secret(context.Context) (app.Secret, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.s, m.err
}

func (m *memCreds) SetSecret(_ context.Context, s app.Secret) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.s = s
	return nil
}

func testDialer() *mastodon.Dialer {
	d := mastodon.NewDialer()
	d.MediaPoll = 5 * time.Millisecond
	return d
}

// open starts a fake and opens a connector for its account; edit may
// change the account first.
func open(t *testing.T, edit ...func(*app.Account)) (*mastodon.Connector, *mastodontest.Server) {
	t.Helper()
	fake := mastodontest.Start(t)
	acc, secret := fake.Account()
	for _, e := range edit {
		e(&acc)
	}
	c, err := testDialer().Open(acc, &memCreds{s: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c.(*mastodon.Connector), fake
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func key(offset time.Duration) string { return app.NewAttemptKey(time.Now().Add(offset)) }

func TestProfile(t *testing.T) {
	c, fake := open(t, func(a *app.Account) { a.RemoteID = "" })
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := fake.Account()
	host := strings.TrimPrefix(fake.URL(), "http://")
	if p.RemoteID != acc.RemoteID || p.Handle != "relais@"+host || p.DisplayName != "Relais Test" ||
		p.URL != fake.URL()+"/@relais" || p.Server != fake.URL() {
		t.Errorf("Profile = %+v", p)
	}
	want := app.Limits{MaxLength: mastodontest.MaxCharacters, LinkLength: mastodontest.CharactersPerURL, Media: app.MediaLimits{
		Count: mastodontest.MaxMediaAttachments, Size: mastodontest.ImageSizeLimit, AltMax: mastodontest.DescriptionLimit}}
	if p.Limits != want || c.Limits() != want {
		t.Errorf("limits %+v, then %+v; want %+v", p.Limits, c.Limits(), want)
	}
	if !bytes.Equal(p.Avatar, conformance.PNG()) {
		t.Errorf("avatar is %d bytes, want the server's PNG", len(p.Avatar))
	}
}

// wrapped starts a fake behind a handler that may answer instead of it.
func wrapped(t *testing.T, instead func(w http.ResponseWriter, r *http.Request) bool) (*mastodon.Connector, *mastodontest.Server) {
	t.Helper()
	fake := mastodontest.NewServer()
	h := fake.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !instead(w, r) {
			h.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	fake.SetURL(ts.URL)
	acc, secret := fake.Account()
	c, err := testDialer().Open(acc, &memCreds{s: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c.(*mastodon.Connector), fake
}

func TestProfileWithoutInstanceOrAvatar(t *testing.T) {
	c, _ := wrapped(t, func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case r.URL.Path == "/api/v2/instance":
			http.Error(w, `{"error":"Record not found"}`, http.StatusNotFound)
		case strings.HasPrefix(r.URL.Path, "/system/accounts/avatars/"):
			w.Write(make([]byte, app.MaxAvatarSize+1)) // too large: left out
		default:
			return false
		}
		return true
	})
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := (app.Limits{MaxLength: 500, Media: app.Mastodon.MediaLimits()}); p.Limits != want {
		t.Errorf("limits %+v, want Mastodon's defaults %+v", p.Limits, want)
	}
	if p.Avatar != nil {
		t.Errorf("an avatar larger than app.MaxAvatarSize was kept")
	}
}

func TestLimitsBeforeProfile(t *testing.T) {
	acc := app.Account{Network: app.Mastodon, Server: "mastodon.social"}
	c, err := mastodon.NewDialer().Open(acc, &memCreds{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Limits(); got.MaxLength != 500 || got.Media != app.Mastodon.MediaLimits() {
		t.Errorf("Limits before Profile = %+v, want Mastodon's defaults", got)
	}
	acc.Limits = app.Limits{MaxLength: 5000, Media: app.MediaLimits{Count: 4, Size: 8 << 20, AltMax: 1500}}
	c, _ = mastodon.NewDialer().Open(acc, &memCreds{})
	if got := c.Limits(); got != acc.Limits {
		t.Errorf("Limits = %+v, want the account's %+v", got, acc.Limits)
	}
}

func TestPublishFields(t *testing.T) {
	c, fake := open(t)
	first, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Ouvert à tous"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Publish(ctx(t), app.Outgoing{Key: key(time.Millisecond), Text: "Réservé", Warning: "Spoiler",
		Visibility: app.VisibilityFollowers, Language: "fr", ReplyTo: &first.Ref, Media: []app.Attachment{conformance.Image("Affiche")}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.URL, fake.URL()+"/@relais/") || got.At.IsZero() {
		t.Errorf("Published = %+v", got)
	}
	posts := testPosts(t, fake)
	if len(posts) != 2 {
		t.Fatalf("%d posts", len(posts))
	}
	if posts[0].Visibility != "public" {
		t.Errorf("no visibility gave %q, want public", posts[0].Visibility)
	}
	if posts[0].Sensitive {
		t.Errorf("a post with no content warning is sensitive")
	}
	p := posts[1]
	if p.SpoilerText != "Spoiler" || p.Visibility != "private" || p.Language != "fr" || p.ReplyTo != first.Ref.ID {
		t.Errorf("post = %+v", p)
	}
	// The fake, like GoToSocial, does not infer sensitive from
	// spoiler_text: the images would show under the warning.
	if !p.Sensitive {
		t.Errorf("the post with a content warning is not sensitive: its images show")
	}
}

func TestPublishWithoutKeyRefused(t *testing.T) {
	c, fake := open(t)
	if _, err := c.Publish(ctx(t), app.Outgoing{Text: "x"}); !errors.Is(err, mastodon.ErrNoKey) {
		t.Errorf("error = %v, want ErrNoKey", err)
	}
	if len(fake.Requests()) != 0 {
		t.Errorf("a request was made")
	}
}

// testPosts reads the fake's GET /_test/posts, as the end-to-end test does.
func testPosts(t *testing.T, fake *mastodontest.Server) []mastodontest.TestPost {
	t.Helper()
	resp, err := http.Get(fake.URL() + "/_test/posts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var posts []mastodontest.TestPost
	if err := json.NewDecoder(resp.Body).Decode(&posts); err != nil {
		t.Fatal(err)
	}
	return posts
}

func TestAsyncMedia(t *testing.T) {
	c, fake := open(t)
	fake.SetMediaProcessing(3)
	got, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Avec image", Media: []app.Attachment{conformance.Image("Un carré")}})
	if err != nil {
		t.Fatal(err)
	}
	var polls, uploads int
	for _, r := range fake.Requests() {
		switch {
		case r.Method == "POST" && r.Path == "/api/v2/media":
			uploads++
		case r.Method == "GET" && strings.HasPrefix(r.Path, "/api/v1/media/"):
			polls++
		}
	}
	if uploads != 1 || polls != 4 {
		t.Errorf("%d uploads and %d looks, want 1 upload then 3 answers 206 and one 200", uploads, polls)
	}
	posts := testPosts(t, fake)
	if len(posts) != 1 || posts[0].ID != got.Ref.ID || len(posts[0].Media) != 1 {
		t.Fatalf("posts = %+v", posts)
	}
	if m := posts[0].Media[0]; m.Description != "Un carré" || m.Type != "image/png" || m.Width != 4 || m.Height != 3 {
		t.Errorf("media = %+v", m)
	}
}

func TestAsyncMediaBounded(t *testing.T) {
	fake := mastodontest.Start(t)
	fake.SetMediaProcessing(1 << 20)
	acc, secret := fake.Account()
	d := testDialer()
	d.MediaWait = 100 * time.Millisecond
	c, _ := d.Open(acc, &memCreds{s: secret})
	p := c.(app.Publisher)
	start := time.Now()
	_, err := p.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "x", Media: []app.Attachment{conformance.Image("a")}})
	if ne, ok := app.AsNetError(err); !ok || ne.Kind != app.FailServer {
		t.Fatalf("error = %v, want server trouble (may pass)", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("waited %v for a bound of 100ms", d)
	}
	if len(fake.Posts()) != 0 {
		t.Errorf("a status was made without its image")
	}

	cancelled, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	d.MediaWait = time.Minute
	_, err = p.Publish(cancelled, app.Outgoing{Key: key(time.Millisecond), Text: "x", Media: []app.Attachment{conformance.Image("a")}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled while waiting", err)
	}
}

func TestIdempotencyKeySentAndRepeated(t *testing.T) {
	c, fake := open(t)
	o := app.Outgoing{Key: key(0), Text: "Une seule fois"}
	fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	if _, err := c.Publish(ctx(t), o); !errors.Is(err, app.ErrOffline) {
		t.Fatalf("error = %v, want offline", err)
	}
	again, err := c.Publish(ctx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range fake.Requests() {
		if r.Method == "POST" && r.Path == "/api/v1/statuses" {
			keys = append(keys, r.IdempotencyKey)
		}
	}
	if len(keys) != 2 || keys[0] != o.Key || keys[1] != o.Key {
		t.Errorf("Idempotency-Key headers %q, want %q twice", keys, o.Key)
	}
	if posts := fake.Posts(); len(posts) != 1 || posts[0].ID != again.Ref.ID {
		t.Errorf("posts = %+v, want only %s", posts, again.Ref.ID)
	}
}

func TestRateLimitReset(t *testing.T) {
	now := time.Date(2026, 3, 14, 10, 2, 30, 0, time.UTC)
	fake := mastodontest.Start(t)
	fake.SetNow(func() time.Time { return now })
	acc, secret := fake.Account()
	d := testDialer()
	d.Now = func() time.Time { return now }
	c, _ := d.Open(acc, &memCreds{s: secret})
	fake.FailNext(conformance.OpPublish, conformance.Failure{Status: 429, Message: "Too many requests"})
	_, err := c.(app.Publisher).Publish(ctx(t), app.Outgoing{Key: key(0), Text: "x"})
	ne, ok := app.AsNetError(err)
	if !ok || ne.Kind != app.FailRateLimited {
		t.Fatalf("error = %v, want rate limited", err)
	}
	if ne.RetryAfter != 150*time.Second {
		t.Errorf("RetryAfter = %v, want the 150s left until X-RateLimit-Reset", ne.RetryAfter)
	}
	if ne.Message != "Too many requests" {
		t.Errorf("Message = %q", ne.Message)
	}
}

func TestFind(t *testing.T) {
	c, fake := open(t, func(a *app.Account) { a.RemoteID = "" })
	text := "Rendez-vous samedi !\n\nInscriptions : https://www.example.org/agenda/2026/ateliers-velo?ref=relais avec @alice@piaille.fr #relais"
	o := app.Outgoing{Key: key(0), Text: text, Media: []app.Attachment{conformance.Image("Affiche")}}
	fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	if _, err := c.Publish(ctx(t), o); err == nil {
		t.Fatal("the answer was not lost")
	}
	got, ok, err := c.Find(ctx(t), o)
	if err != nil || !ok {
		t.Fatalf("Find = %v, %v", ok, err)
	}
	if posts := fake.Posts(); got.Ref.ID != posts[0].ID {
		t.Errorf("found %s, want %s", got.Ref.ID, posts[0].ID)
	}

	// Another reply, other images, or other text are other posts.
	for _, other := range []app.Outgoing{
		{Key: o.Key, Text: text, Media: o.Media, ReplyTo: &got.Ref},
		{Key: o.Key, Text: text},
		{Key: o.Key, Text: text + " !", Media: o.Media},
	} {
		if _, ok, err := c.Find(ctx(t), other); ok || err != nil {
			t.Errorf("Find(%+v) = %v, %v; want not found", other, ok, err)
		}
	}
}

func TestFindIgnoresAnEarlierPostOfTheSameText(t *testing.T) {
	c, fake := open(t)
	day := 24 * time.Hour
	fake.SetNow(func() time.Time { return time.Now().Add(-7 * day) })
	last := app.Outgoing{Key: app.NewAttemptKey(time.Now().Add(-7 * day)), Text: "Permanence ce jeudi"}
	if _, err := c.Publish(ctx(t), last); err != nil {
		t.Fatal(err)
	}
	fake.SetNow(time.Now)
	this := app.Outgoing{Key: key(0), Text: last.Text}
	if _, ok, err := c.Find(ctx(t), this); ok || err != nil {
		t.Errorf("Find = %v, %v: last week's post was taken for this week's", ok, err)
	}
	if _, ok, _ := c.Find(ctx(t), last); !ok {
		t.Errorf("last week's post is not found with its own key")
	}
}

// publishMany makes n posts of the account, "autre 0", "autre 1"…
func publishMany(t *testing.T, c *mastodon.Connector, n int) {
	t.Helper()
	for i := range n {
		if _, err := c.Publish(ctx(t), app.Outgoing{Key: key(time.Duration(i) * time.Millisecond), Text: fmt.Sprint("autre ", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindPagesBackWithoutIdempotencyKey(t *testing.T) {
	c, fake := open(t)
	fake.IgnoreIdempotencyKey(true) // GoToSocial
	day := 24 * time.Hour
	fake.SetNow(func() time.Time { return time.Now().Add(-day) })
	publishMany(t, c, 45) // yesterday's: older than the attempt
	fake.SetNow(time.Now)
	o := app.Outgoing{Key: key(0), Text: "Une seule fois"}
	fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	if _, err := c.Publish(ctx(t), o); err == nil {
		t.Fatal("the answer was not lost")
	}
	made := fake.Posts()[45].ID
	publishMany(t, c, 53) // newer than the post made

	got, ok, err := c.Find(ctx(t), o)
	if err != nil || !ok || got.Ref.ID != made {
		t.Fatalf("Find = %+v, %v, %v; want %s: it would be sent twice", got, ok, err, made)
	}
	before := len(fake.Requests())
	if _, ok, err := c.Find(ctx(t), app.Outgoing{Key: o.Key, Text: "Jamais envoyé"}); ok || err != nil {
		t.Errorf("Find of a post never made = %v, %v", ok, err)
	}
	pages := 0
	for _, r := range fake.Requests()[before:] {
		if strings.HasSuffix(r.Path, "/statuses") && strings.HasPrefix(r.Path, "/api/v1/accounts/") {
			pages++
		}
	}
	if pages != 2 {
		// 40 newer, then 13 newer, the one made and 26 of yesterday's:
		// no need to read further back than the attempt.
		t.Errorf("%d pages read, want 2", pages)
	}
}

func TestFindPagingFailureIsNotNotFound(t *testing.T) {
	var pages int
	c, fake := wrapped(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != "GET" || !strings.HasSuffix(r.URL.Path, "/statuses") || !strings.HasPrefix(r.URL.Path, "/api/v1/accounts/") {
			return false
		}
		pages++
		if pages == 2 {
			w.WriteHeader(http.StatusBadGateway)
			return true
		}
		return false
	})
	fake.IgnoreIdempotencyKey(true)
	o := app.Outgoing{Key: key(-time.Second), Text: "Une seule fois"}
	publishMany(t, c, 45)
	_, ok, err := c.Find(ctx(t), o)
	if ok || !errors.Is(err, app.ErrServerDown) {
		t.Errorf("Find = %v, %v; want the second page's failure, not \"not found\"", ok, err)
	}
}

func TestFindDoesNotConcludeFromPagesThatDoNotGoBack(t *testing.T) {
	// A server that ignores max_id answers the newest page again and
	// again: Find says it cannot tell, not that the post was not made.
	c, fake := wrapped(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v1/accounts/") && strings.HasSuffix(r.URL.Path, "/statuses") {
			q := r.URL.Query()
			q.Del("max_id")
			r.URL.RawQuery = q.Encode()
		}
		return false
	})
	fake.IgnoreIdempotencyKey(true)
	publishMany(t, c, 45)
	_, ok, err := c.Find(ctx(t), app.Outgoing{Key: key(-time.Second), Text: "Une seule fois"})
	if ok || !errors.Is(err, mastodon.ErrFindIncomplete) {
		t.Errorf("Find = %v, %v; want ErrFindIncomplete", ok, err)
	}
}

func TestSincePages(t *testing.T) {
	c, fake := open(t)
	fake.Mention("zoé", "avant")
	first, err := c.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 1 || first.Cursor == "" {
		t.Fatalf("first read = %+v", first)
	}
	for i := range 95 {
		fake.Mention("alice", fmt.Sprintf("message %d", i))
	}
	before := len(fake.Requests())
	page, err := c.Since(ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 95 {
		t.Fatalf("%d items, want 95", len(page.Items))
	}
	for i, it := range page.Items {
		if want := fmt.Sprintf("@relais message %d", i); it.Text != want {
			t.Fatalf("item %d = %q, want %q (oldest first)", i, it.Text, want)
		}
	}
	if page.Cursor != page.Items[94].RemoteID {
		t.Errorf("cursor %q, want the newest %q", page.Cursor, page.Items[94].RemoteID)
	}
	var minIDs []string
	for _, r := range fake.Requests()[before:] {
		if r.Path == "/api/v1/notifications" {
			minIDs = append(minIDs, r.Query.Get("min_id"))
		}
	}
	if len(minIDs) != 3 || minIDs[0] != first.Cursor {
		t.Errorf("pages asked from %q, want 3 pages from %q on", minIDs, first.Cursor)
	}
	again, err := c.Since(ctx(t), page.Cursor)
	if err != nil || len(again.Items) != 0 || again.Cursor != page.Cursor {
		t.Errorf("read again = %+v, %v; want nothing and the same cursor", again, err)
	}
}

func TestSinceIsBounded(t *testing.T) {
	c, fake := open(t)
	fake.Mention("zoé", "avant")
	first, _ := c.Since(ctx(t), "")
	for i := range 410 {
		fake.Mention("alice", fmt.Sprintf("m%d", i))
	}
	page, err := c.Since(ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 400 || page.Items[0].Text != "@relais m0" || page.Items[399].Text != "@relais m399" {
		t.Fatalf("%d items, want the 400 oldest (10 pages of 40)", len(page.Items))
	}
	rest, err := c.Since(ctx(t), page.Cursor)
	if err != nil || len(rest.Items) != 10 || rest.Items[0].Text != "@relais m400" {
		t.Fatalf("the rest = %d items, %v; want the 10 left", len(rest.Items), err)
	}
}

func TestSinceKinds(t *testing.T) {
	c, fake := open(t, func(a *app.Account) { a.RemoteID = "" })
	mine, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Notre annonce"})
	if err != nil {
		t.Fatal(err)
	}
	fake.Mention("bob@piaille.fr", "Bonjour <b>vous</b> & co")
	fake.Reply("alice", "Merci !", mine.Ref.ID)
	fake.Favourite("chloé", mine.Ref.ID)
	fake.Boost("david", mine.Ref.ID)
	fake.Follow("emma@mastodon.social")
	page, err := c.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(fake.URL(), "http://")
	want := []struct {
		kind         app.ItemKind
		handle, text string
		post         string
	}{
		{app.ItemMention, "bob@piaille.fr", "@relais Bonjour <b>vous</b> & co", ""},
		{app.ItemReply, "alice@" + host, "@relais Merci !", ""},
		{app.ItemLike, "chloé@" + host, "Notre annonce", mine.Ref.ID},
		{app.ItemBoost, "david@" + host, "Notre annonce", mine.Ref.ID},
		{app.ItemFollow, "emma@mastodon.social", "", ""},
	}
	if len(page.Items) != len(want) {
		t.Fatalf("items = %+v", page.Items)
	}
	for i, w := range want {
		it := page.Items[i]
		if it.Kind != w.kind || it.Author.Handle != w.handle || it.Text != w.text || it.RemoteID == "" || it.At.IsZero() || it.Author.URL == "" {
			t.Errorf("item %d = %+v, want %s by %s: %q", i, it, w.kind, w.handle, w.text)
		}
		if w.post != "" && (it.Post == nil || it.Post.ID != w.post) {
			t.Errorf("item %d is about %+v, want %s", i, it.Post, w.post)
		}
		if w.kind != app.ItemFollow && it.URL == "" {
			t.Errorf("item %d has no URL", i)
		}
	}
}

func TestPostMetrics(t *testing.T) {
	// missing is the status of GET /api/v1/statuses?id[]= on a server
	// without it (0: it has it): 404 on Mastodon before 4.3, 405 on
	// GoToSocial.
	for _, missing := range []int{0, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusGone, http.StatusNotImplemented} {
		t.Run(fmt.Sprintf("missing=%d", missing), func(t *testing.T) {
			c, fake := open(t)
			fake.SetMultiGetMissing(missing)
			var refs []app.RemoteRef
			for i := range 3 {
				got, err := c.Publish(ctx(t), app.Outgoing{Key: key(time.Duration(i) * time.Millisecond), Text: fmt.Sprint("post ", i)})
				if err != nil {
					t.Fatal(err)
				}
				refs = append(refs, got.Ref)
			}
			fake.Favourite("alice", refs[0].ID)
			fake.Favourite("bob", refs[0].ID)
			fake.Boost("alice", refs[2].ID)
			fake.Reply("alice", "oui", refs[2].ID)
			fake.Delete(refs[1].ID)
			for range 2 {
				figures, err := c.PostMetrics(ctx(t), refs)
				if err != nil {
					t.Fatal(err)
				}
				if len(figures) != 2 || figures[0].Post.ID != refs[0].ID || figures[0].Likes != 2 ||
					figures[1].Post.ID != refs[2].ID || figures[1].Boosts != 1 || figures[1].Replies != 1 {
					t.Errorf("figures = %+v", figures)
				}
			}
			var multiGets, singles int
			for _, r := range fake.Requests() {
				switch {
				case r.Method == "GET" && r.Path == "/api/v1/statuses":
					multiGets++
				case r.Method == "GET" && strings.HasPrefix(r.Path, "/api/v1/statuses/"):
					singles++
				}
			}
			if missing == 0 && (multiGets != 2 || singles != 0) {
				t.Errorf("%d multiple gets and %d single ones, want 2 and 0", multiGets, singles)
			}
			if missing != 0 && (multiGets != 1 || singles != 6) {
				t.Errorf("%d multiple gets and %d single ones, want 1 (%d, remembered) and 6", multiGets, singles, missing)
			}
		})
	}
}

func TestPostMetricsFailureIsNotTakenForAMissingBatch(t *testing.T) {
	c, fake := open(t)
	got, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "post"})
	if err != nil {
		t.Fatal(err)
	}
	// A server in trouble (502) says nothing of the endpoint: the error
	// is returned, and the batch is tried again the next time.
	fake.SetMultiGetMissing(http.StatusBadGateway)
	if _, err := c.PostMetrics(ctx(t), []app.RemoteRef{got.Ref}); !errors.Is(err, app.ErrServerDown) {
		t.Fatalf("error = %v, want the server's trouble", err)
	}
	fake.SetMultiGetMissing(0)
	if figures, err := c.PostMetrics(ctx(t), []app.RemoteRef{got.Ref}); err != nil || len(figures) != 1 {
		t.Fatalf("PostMetrics = %+v, %v", figures, err)
	}
	var multiGets int
	for _, r := range fake.Requests() {
		if r.Method == "GET" && r.Path == "/api/v1/statuses" {
			multiGets++
		}
	}
	if multiGets != 2 {
		t.Errorf("%d multiple gets, want 2", multiGets)
	}
}

func TestAccountMetrics(t *testing.T) {
	c, _ := open(t)
	if _, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "un"}); err != nil {
		t.Fatal(err)
	}
	m, err := c.AccountMetrics(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.Followers != 42 || m.Following != 7 || m.Posts != 1 || m.At.IsZero() {
		t.Errorf("AccountMetrics = %+v", m)
	}
}

func TestAuth(t *testing.T) {
	fake := mastodontest.Start(t)
	acc, secret := fake.Account()
	creds := &memCreds{s: app.Secret{AccessToken: "revoked-token"}}
	c, _ := testDialer().Open(acc, creds)
	if _, err := c.Profile(ctx(t)); !errors.Is(err, app.ErrReconnect) {
		t.Fatalf("error = %v, want reconnect", err)
	}
	// The user reconnects: the keychain holds a new token, read again.
	creds.SetSecret(ctx(t), secret)
	if _, err := c.Profile(ctx(t)); err != nil {
		t.Fatalf("after reconnecting: %v", err)
	}

	none := &memCreds{err: app.ErrNoSecret}
	c, _ = testDialer().Open(acc, none)
	if _, err := c.Profile(ctx(t)); !errors.Is(err, app.ErrReconnect) {
		t.Errorf("no secret: error = %v, want reconnect", err)
	}
	broken := &memCreds{err: app.ErrKeychainUnavailable}
	c, _ = testDialer().Open(acc, broken)
	if _, err := c.Profile(ctx(t)); !errors.Is(err, app.ErrKeychainUnavailable) || errors.Is(err, app.ErrReconnect) {
		t.Errorf("keychain unavailable: error = %v", err)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	const secretToken = "s3cr3t-T0KEN-never-shown"
	failures := []conformance.Failure{
		{Status: 401, Message: "The access token is invalid"},
		{Status: 422, Message: "Validation failed"},
		{Status: 429, RetryAfter: "3"},
		{Status: 500},
		{Malformed: true},
		{Truncate: true},
		{Drop: true},
		{Drop: true, AfterCreate: true},
		{Delay: time.Second},
	}
	for _, f := range failures {
		fake := mastodontest.Start(t)
		fake.SetToken(secretToken)
		acc, secret := fake.Account()
		c, _ := testDialer().Open(acc, &memCreds{s: secret})
		fake.FailNext(conformance.OpPublish, f)
		short, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := c.(app.Publisher).Publish(short, app.Outgoing{Key: key(0), Text: "x"})
		cancel()
		if err == nil {
			t.Errorf("%+v: no error", f)
			continue
		}
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(s, secretToken) {
				t.Errorf("%+v: the token is in the error %q", f, s)
			}
		}
	}
	// A refused token, and a refused code at sign-in.
	fake := mastodontest.Start(t)
	acc, _ := fake.Account()
	c, _ := testDialer().Open(acc, &memCreds{s: app.Secret{AccessToken: secretToken}})
	if _, err := c.Profile(ctx(t)); err == nil || strings.Contains(err.Error(), secretToken) {
		t.Errorf("refused token: %v", err)
	}
	_, finish, err := testDialer().BeginCodeSignIn(ctx(t), fake.URL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := finish(ctx(t), secretToken); err == nil || strings.Contains(err.Error(), secretToken) {
		t.Errorf("refused code: %v", err)
	}
}

// roundTrip answers every request itself.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestServerAddresses(t *testing.T) {
	var asked []string
	d := mastodon.NewDialer()
	d.HTTP = &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		asked = append(asked, r.URL.String())
		return &http.Response{StatusCode: 401, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"error":"The access token is invalid"}`)), Request: r}, nil
	})}
	for _, tc := range []struct{ server, want string }{
		{"mastodon.social", "https://mastodon.social/api/v1/accounts/verify_credentials"},
		{"https://x/", "https://x/api/v1/accounts/verify_credentials"},
		{" https://piaille.fr ", "https://piaille.fr/api/v1/accounts/verify_credentials"},
		{"http://127.0.0.1:3000", "http://127.0.0.1:3000/api/v1/accounts/verify_credentials"},
		{"http://localhost:3000/", "http://localhost:3000/api/v1/accounts/verify_credentials"},
	} {
		asked = nil
		c, err := d.Open(app.Account{Network: app.Mastodon, Server: tc.server}, &memCreds{s: app.Secret{AccessToken: "t"}})
		if err != nil {
			t.Errorf("Open(%q): %v", tc.server, err)
			continue
		}
		if len(asked) != 0 {
			t.Errorf("Open(%q) made a request", tc.server)
		}
		c.Profile(ctx(t))
		if len(asked) != 1 || asked[0] != tc.want {
			t.Errorf("Profile on %q asked %q, want %q", tc.server, asked, tc.want)
		}
	}
	asked = nil
	for _, bad := range []string{"", "http://mastodon.social", "ftp://x", "https://user:pw@x"} {
		if _, err := d.Open(app.Account{Network: app.Mastodon, Server: bad}, &memCreds{}); !errors.Is(err, httpx.ErrBadServer) {
			t.Errorf("Open(%q) = %v, want ErrBadServer", bad, err)
		}
		if _, err := d.SignIn(ctx(t), bad, func(string) error { t.Error("opened"); return nil }); !errors.Is(err, httpx.ErrBadServer) {
			t.Errorf("SignIn(%q) = %v, want ErrBadServer", bad, err)
		}
		if _, _, err := d.BeginCodeSignIn(ctx(t), bad); !errors.Is(err, httpx.ErrBadServer) {
			t.Errorf("BeginCodeSignIn(%q) = %v, want ErrBadServer", bad, err)
		}
	}
	if _, err := d.Open(app.Account{Server: "x"}, nil); !errors.Is(err, mastodon.ErrNoCredentials) {
		t.Errorf("Open without credentials = %v", err)
	}
	if len(asked) != 0 {
		t.Errorf("refused addresses were asked: %q", asked)
	}
}

func TestReactIdempotent(t *testing.T) {
	c, fake := open(t)
	got, _ := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "x"})
	for range 2 {
		if err := c.Like(ctx(t), got.Ref); err != nil {
			t.Fatal(err)
		}
		if err := c.Boost(ctx(t), got.Ref); err != nil {
			t.Fatal(err)
		}
	}
	if l, b := fake.Reactions(got.Ref.ID); l != 1 || b != 1 {
		t.Errorf("likes %d, boosts %d; want 1 and 1", l, b)
	}
	if err := c.Like(ctx(t), app.RemoteRef{ID: "404"}); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("liking a missing post: %v", err)
	}
}

// TestCounterAgreesWithServer publishes texts that Relais counts at the
// limit exactly: the server, counting as Mastodon does, must take every
// one (a counter below the server's count lets through a post it
// refuses), and refuse them one character longer.
func TestCounterAgreesWithServer(t *testing.T) {
	c, _ := open(t)
	links := []string{
		"exemple.fr/offre", // bare: its own characters
		"https://exemple.fr/" + strings.Repeat("p", 60),    // 23
		"http://localhost:3000/" + strings.Repeat("q", 60), // no TLD: its own characters
		"https://fichier.txt/" + strings.Repeat("r", 40),   // unknown TLD: its own characters
		"(voir maison.paris) et https://shop.co.uk/a_(b).",
		"Été 👨‍👩‍👧‍👦 🇫🇷 @alice@exemple.fr exemple.fr",
	}
	for i, link := range links {
		text := link + " "
		max := mastodontest.MaxCharacters
		if n := app.Length(app.Mastodon, text); n < max {
			text += strings.Repeat("é", max-n)
		}
		if n := app.Length(app.Mastodon, text); n != max {
			t.Fatalf("%q counts %d, want %d", text, n, max)
		}
		if _, err := c.Publish(ctx(t), app.Outgoing{Key: key(time.Duration(2*i) * time.Millisecond), Text: text}); err != nil {
			t.Errorf("Relais counts %d for %q; the server refused it: %v", max, link, err)
		}
		if _, err := c.Publish(ctx(t), app.Outgoing{Key: key(time.Duration(2*i+1) * time.Millisecond), Text: text + "x"}); err == nil {
			t.Errorf("Relais counts %d for %q and x; the server took it", max+1, link)
		}
	}
}
