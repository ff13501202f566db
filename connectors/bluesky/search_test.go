package bluesky_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/conformance"
)

func rkey(uri string) string { return uri[strings.LastIndexByte(uri, '/')+1:] }

func TestSearchPosts(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	hit := e.fake.Post("Alice", "J'adore Maison Lumen, la lampe est superbe #MaisonLumen", blueskytest.PostOptions{Langs: []string{"fr", "en"}})
	e.clock.Advance(time.Minute)
	e.fake.Post("Bob", "Les lumens de cette lampe Maison Solaire", blueskytest.PostOptions{}) // "lumens" is another word
	e.clock.Advance(time.Minute)
	other := e.fake.Post("Chloé", "maison LUMEN déçoit", blueskytest.PostOptions{Langs: []string{"fr"}})
	e.fake.Notify("Denis", "reply", "Bien d'accord", hit)
	e.fake.Notify("Bob", "like", "", hit)
	e.fake.Notify("Chloé", "repost", "", hit)

	page, err := e.conn.SearchPosts(ctx, monitor.Search{Text: "maison lumen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Found) != 2 || page.Cursor != "" {
		t.Fatalf("found %+v, cursor %q; want the two posts saying maison and lumen, newest first", page.Found, page.Cursor)
	}
	if page.Found[0].URI != other || page.Found[1].URI != hit {
		t.Errorf("found %s, %s; want %s then %s", page.Found[0].URI, page.Found[1].URI, other, hit)
	}
	f := page.Found[1]
	want := monitor.Found{
		URI: hit, PostID: hit, URL: "https://bsky.app/profile/alice.test/post/" + rkey(hit), Source: monitor.SourceBluesky,
		Text: "J'adore Maison Lumen, la lampe est superbe #MaisonLumen", Language: "fr",
		Published: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC), Likes: 1, Reposts: 1, Replies: 1,
	}
	got := f
	got.Author = app.Author{}
	if !strings.HasPrefix(got.PostCID, "bafy") {
		t.Errorf("the post's CID, for a like: %q", got.PostCID)
	}
	got.PostCID = ""
	if got != want {
		t.Errorf("found\n%+v, want\n%+v", got, want)
	}
	if f.Author.Handle != "alice.test" || f.Author.Name != "Alice" || !strings.HasPrefix(f.Author.RemoteID, "did:plc:") || f.Author.URL != "https://bsky.app/profile/alice.test" {
		t.Errorf("author = %+v", f.Author)
	}
	if e.fake.Calls("app.bsky.feed.searchPosts") != 1 {
		t.Errorf("searchPosts called %d times", e.fake.Calls("app.bsky.feed.searchPosts"))
	}

	// A quoted phrase, a hashtag alone, a language.
	for _, tc := range []struct {
		q    monitor.Search
		want []string
	}{
		{monitor.Search{Text: `"lumen la lampe"`}, nil},
		{monitor.Search{Text: `"maison lumen"`, Language: "fr"}, []string{other, hit}},
		{monitor.Search{Hashtag: "maisonlumen"}, []string{hit}},
		{monitor.Search{Text: "lampe", Hashtag: "#MaisonLumen"}, []string{hit}},
		{monitor.Search{Text: "maison -déçoit"}, nil}, // the fake reads "-déçoit" as excluded: hit and Bob's remain
	} {
		page, err := e.conn.SearchPosts(ctx, tc.q)
		if err != nil {
			t.Fatalf("%+v: %v", tc.q, err)
		}
		var uris []string
		for _, f := range page.Found {
			uris = append(uris, f.URI)
		}
		if tc.want != nil && fmt.Sprint(uris) != fmt.Sprint(tc.want) {
			t.Errorf("%+v found %v, want %v", tc.q, uris, tc.want)
		}
		if tc.q.Text == "maison -déçoit" && (len(uris) != 2 || uris[0] == other || uris[1] == other) {
			t.Errorf("%+v found %v, want Bob's and Alice's", tc.q, uris)
		}
	}
	if _, err := e.conn.SearchPosts(ctx, monitor.Search{}); err == nil {
		t.Error("an empty search was sent")
	}
}

func TestSearchPostsTimes(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	now := e.clock.Now()
	ahead := e.fake.Post("Alice", "lumen from the future", blueskytest.PostOptions{CreatedAt: now.Add(3 * time.Hour)})
	back := e.fake.Post("Bob", "lumen backdated", blueskytest.PostOptions{CreatedAt: now.Add(-72 * time.Hour)})
	page, err := e.conn.SearchPosts(ctx, monitor.Search{Text: "lumen"})
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]time.Time{}
	for _, f := range page.Found {
		at[f.URI] = f.Published
	}
	if got := at[ahead]; !got.Equal(now) {
		t.Errorf("a post dated 3 hours ahead is published at %v, want when it was indexed, %v", got, now)
	}
	if got := at[back]; !got.Equal(now.Add(-72 * time.Hour)) {
		t.Errorf("a backdated post is published at %v, want its createdAt", got)
	}
	// since is the AppView's sortAt: the backdated post is before it.
	page, err = e.conn.SearchPosts(ctx, monitor.Search{Text: "lumen", Since: now.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Found) != 1 || page.Found[0].URI != ahead {
		t.Errorf("since an hour ago: %+v, want the post dated ahead only", page.Found)
	}
}

func TestSearchPostsPages(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	for i := range 23 {
		e.clock.Advance(time.Second)
		e.fake.Post("Alice", fmt.Sprintf("lumen %d", i), blueskytest.PostOptions{})
	}
	seen := map[string]bool{}
	q := monitor.Search{Text: "lumen", Limit: 10}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("the pages do not end")
		}
		page, err := e.conn.SearchPosts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page.Found {
			if seen[f.URI] {
				t.Errorf("%s found twice", f.URI)
			}
			seen[f.URI] = true
		}
		if page.Cursor == "" {
			break
		}
		q.Cursor = page.Cursor
	}
	if len(seen) != 23 {
		t.Errorf("%d posts found across the pages, want 23", len(seen))
	}
	// The lexicon's most is 100: a larger limit is not sent as it is.
	if _, err := e.conn.SearchPosts(ctx, monitor.Search{Text: "lumen", Limit: 500}); err != nil {
		t.Errorf("limit 500: %v", err)
	}
}

func TestSearchPostsFailures(t *testing.T) {
	cases := []struct {
		name   string
		f      conformance.Failure
		down   bool
		cursor string
		kind   app.Failure
		after  time.Duration
	}{
		{name: "bad cursor", cursor: "not-an-offset", kind: app.FailRejected},
		{name: "429 with RateLimit-Reset only", f: conformance.Failure{Status: 429}, kind: app.FailRateLimited, after: blueskytest.RateLimitWindow},
		{name: "429 with Retry-After", f: conformance.Failure{Status: 429, RetryAfter: "7"}, kind: app.FailRateLimited, after: 7 * time.Second},
		{name: "AppView down", down: true, kind: app.FailServer},
		{name: "malformed", f: conformance.Failure{Malformed: true}, kind: app.FailServer},
		{name: "truncated", f: conformance.Failure{Truncate: true}, kind: app.FailOffline},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := testCtx(t)
			e.fake.Post("Alice", "lumen", blueskytest.PostOptions{})
			if _, err := e.conn.Profile(ctx); err != nil {
				t.Fatal(err)
			}
			if tc.f != (conformance.Failure{}) {
				e.fake.FailNext(blueskytest.OpSearch, tc.f)
			}
			e.fake.SetAppViewDown(tc.down)
			_, err := e.conn.SearchPosts(ctx, monitor.Search{Text: "lumen", Cursor: tc.cursor})
			ne, ok := app.AsNetError(err)
			if !ok || ne.Kind != tc.kind || ne.RetryAfter != tc.after {
				t.Fatalf("error = %v (%#v), want kind %d waiting %v", err, ne, tc.kind, tc.after)
			}
			if tc.cursor != "" && ne.Message != "invalid cursor" {
				t.Errorf("message = %q, want the AppView's", ne.Message)
			}
		})
	}
}

func TestSearchAccountsAndLookup(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	created := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	real := e.fake.SetProfile("Maison Lumen", "Luminaires faits main à Lyon", time.Time{})
	fake := e.fake.SetProfile("Maison Lumen Officiel", "Luminaires faits main à Lyon", created)
	e.fake.SetProfile("Maisonnette", "", time.Time{})
	// Not a prefix of any word of q, but close by trigrams, as the
	// reference AppView finds it: a capital i for the l.
	iumen := e.fake.SetProfile("maison-Iumen", "", created)
	e.fake.Post("Maison Lumen", "Nouvelle lampe", blueskytest.PostOptions{})
	e.fake.Post("Maison Lumen", "Atelier ouvert", blueskytest.PostOptions{})
	e.fake.Notify("Maison Lumen", "follow", "", "")

	accs, err := e.conn.SearchAccounts(ctx, "maison lumen", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != 3 {
		t.Fatalf("accounts = %+v, want %s, %s and %s", accs, real, fake, iumen)
	}
	byHandle := map[string]monitor.Account{}
	for _, a := range accs {
		byHandle[a.Handle] = a
	}
	if byHandle[iumen].DisplayName != "maison-Iumen" {
		t.Errorf("the look-alike by trigrams = %+v", byHandle[iumen])
	}
	a := byHandle[fake]
	if a.Network != app.Bluesky || !strings.HasPrefix(a.RemoteID, "did:plc:") || a.DisplayName != "Maison Lumen Officiel" ||
		a.Bio != "Luminaires faits main à Lyon" || !a.CreatedAt.Equal(created) || a.URL != "https://bsky.app/profile/"+fake {
		t.Errorf("the look-alike = %+v", a)
	}

	acc, err := e.conn.LookupAccount(ctx, "@"+real)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Handle != real || acc.Posts != 2 || acc.Following != 1 || acc.Followers != 0 || acc.Bio != "Luminaires faits main à Lyon" ||
		!acc.CreatedAt.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("LookupAccount = %+v", acc)
	}
	me, err := e.conn.LookupAccount(ctx, blueskytest.DefaultHandle)
	if err != nil {
		t.Fatal(err)
	}
	if me.Avatar == "" || me.Followers != 1 {
		t.Errorf("the account's own profile = %+v, want its avatar and its follower", me)
	}
	_, err = e.conn.LookupAccount(ctx, "nobody.test")
	if !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("an unknown account: %v, want ErrRemoteGone", err)
	}
}

func TestSearchAccountsPagesAndCancel(t *testing.T) {
	e := newEnv(t)
	for i := range 130 {
		e.fake.SetProfile(fmt.Sprintf("Lumen %03d", i), "", time.Time{})
	}
	accs, err := e.conn.SearchAccounts(testCtx(t), "lumen", 120)
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != 120 || e.fake.Calls("app.bsky.actor.searchActors") != 2 {
		t.Errorf("%d accounts in %d calls, want 120 in 2", len(accs), e.fake.Calls("app.bsky.actor.searchActors"))
	}

	// Cancelled while the second page is awaited: no third page.
	e.fake.FailNext(blueskytest.OpSearch, conformance.Failure{})
	e.fake.FailNext(blueskytest.OpSearch, conformance.Failure{Delay: 5 * time.Second})
	ctx, cancel := context.WithCancel(testCtx(t))
	time.AfterFunc(200*time.Millisecond, cancel)
	before := e.fake.Calls("app.bsky.actor.searchActors")
	start := time.Now()
	_, err = e.conn.SearchAccounts(ctx, "lumen", 250)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
	if n := e.fake.Calls("app.bsky.actor.searchActors") - before; n != 2 {
		t.Errorf("%d pages asked, want 2", n)
	}
}

func TestAuthorPosts(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	start := e.clock.Now()
	old := e.fake.Post("Rival", "Ancien post", blueskytest.PostOptions{})
	e.clock.Advance(time.Hour)
	var own []string
	for i := range 60 {
		e.clock.Advance(time.Minute)
		uri := e.fake.Post("Rival", fmt.Sprintf("Post %d", i), blueskytest.PostOptions{})
		own = append(own, uri)
		if i == 10 {
			e.fake.Post("Rival", "Une réponse", blueskytest.PostOptions{ReplyTo: own[0]})
			someone := e.fake.Post("Alice", "Le post d'Alice", blueskytest.PostOptions{})
			e.fake.Repost("Rival", someone)
		}
	}
	e.fake.Notify("Bob", "like", "", own[59])
	handle := e.fake.Handle("Rival")

	since := start.Add(30 * time.Minute)
	var got []monitor.Found
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 4 {
			t.Fatal("the pages do not end")
		}
		page, err := e.conn.AuthorPosts(ctx, handle, since, cursor)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Found...)
		if page.Cursor == "" {
			break
		}
		cursor = page.Cursor
	}
	if len(got) != 60 {
		t.Fatalf("%d posts, want the 60 since, without the reply, the repost and the old post", len(got))
	}
	for i, f := range got {
		if f.URI != own[59-i] || f.Author.Handle != handle {
			t.Fatalf("post %d = %s by %s, want %s", i, f.URI, f.Author.Handle, own[59-i])
		}
		if f.URI == old {
			t.Error("the post before since was read")
		}
	}
	if got[0].Likes != 1 {
		t.Errorf("the newest post's likes = %d, want 1", got[0].Likes)
	}
	if _, err := e.conn.AuthorPosts(ctx, "nobody.test", since, ""); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("an unknown account: %v, want ErrRemoteGone", err)
	}
	if _, err := e.conn.AuthorPosts(ctx, handle, since, "garbage"); !errors.Is(err, app.ErrRejected) {
		t.Errorf("a bad cursor: %v, want ErrRejected", err)
	}
}
