package mastodon_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

func foundIDs(fs []monitor.Found) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.URI[strings.LastIndexByte(f.URI, '/')+1:])
	}
	return out
}

func TestSearchHashtagTimeline(t *testing.T) {
	c, fake := open(t)
	hit := fake.Post("alice", "J'adore la lampe de #MaisonLumen & son abat-jour", mastodontest.PostOptions{Language: "fr", SpoilerText: "Avis"})
	fake.Post("bob", "Rien à voir #autre", mastodontest.PostOptions{})
	fake.Post("chloe", "Privé #maisonlumen", mastodontest.PostOptions{Visibility: "private"})
	fake.Reblog("denis", hit)
	fake.Favourite("bob", hit)
	en := fake.Post("emma@other.example", "Love #maisonlumen", mastodontest.PostOptions{Language: "en"})

	page, err := c.SearchPosts(ctx(t), monitor.Search{Hashtag: "#MaisonLumen"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(foundIDs(page.Found)); got != fmt.Sprint([]string{en, hit}) {
		t.Fatalf("found %v, want %v (public, boosts left out)", got, []string{en, hit})
	}
	f := page.Found[1]
	base := fake.URL()
	if f.URI != base+"/users/alice/statuses/"+hit || f.PostID != hit || f.URL != base+"/@alice/"+hit || f.Source != monitor.SourceMastodon ||
		f.Text != "Avis\n\nJ'adore la lampe de #MaisonLumen & son abat-jour" || f.Language != "fr" ||
		f.Reposts != 1 || f.Likes != 1 || f.Author.Handle != "alice@"+strings.TrimPrefix(base, "http://") || f.Published.IsZero() {
		t.Errorf("found %+v", f)
	}
	if r := page.Found[0]; r.URI != "https://other.example/users/emma/statuses/"+en || r.Author.Handle != "emma@other.example" {
		t.Errorf("the remote status = %+v", r)
	}

	// A language kept here, the server not filtering it.
	page, err = c.SearchPosts(ctx(t), monitor.Search{Hashtag: "maisonlumen", Language: "fr"})
	if err != nil || len(page.Found) != 1 || page.Found[0].Language != "fr" {
		t.Errorf("in French: %+v, %v", page.Found, err)
	}
}

func TestSearchHashtagPagesAndSince(t *testing.T) {
	c, fake := open(t)
	clock := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	fake.SetNow(func() time.Time { return clock })
	var ids []string
	for i := range 25 {
		clock = clock.Add(time.Minute)
		ids = append(ids, fake.Post("alice", fmt.Sprintf("post %d #lumen", i), mastodontest.PostOptions{}))
	}
	seen := map[string]bool{}
	q := monitor.Search{Hashtag: "lumen", Limit: 10}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("the pages do not end")
		}
		page, err := c.SearchPosts(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range foundIDs(page.Found) {
			seen[id] = true
		}
		if page.Cursor == "" {
			break
		}
		q.Cursor = page.Cursor
	}
	if len(seen) != 25 {
		t.Errorf("%d statuses across the pages, want 25", len(seen))
	}
	// Since: the page reaching older statuses is the last.
	since := time.Date(2026, 3, 14, 9, 20, 30, 0, time.UTC)
	page, err := c.SearchPosts(ctx(t), monitor.Search{Hashtag: "lumen", Limit: 10, Since: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Found) != 5 || page.Cursor != "" {
		t.Errorf("since 9:20:30: %d statuses, cursor %q; want 5 and no cursor", len(page.Found), page.Cursor)
	}
}

func TestSearchText(t *testing.T) {
	c, fake := open(t)
	hit := fake.Post("alice", "<b>Maison Lumen</b> déçoit", mastodontest.PostOptions{})
	fake.Post("bob", "Maisons et lumens", mastodontest.PostOptions{})

	page, err := c.SearchPosts(ctx(t), monitor.Search{Text: "maison lumen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Found) != 1 || page.Found[0].Text != "<b>Maison Lumen</b> déçoit" || !strings.HasSuffix(page.Found[0].URI, hit) {
		t.Fatalf("found %+v, want Alice's status, its text as typed", page.Found)
	}
	for _, r := range fake.Requests() {
		if r.Path == "/api/v2/search" && (r.Query.Get("type") != "statuses" || r.Query.Get("resolve") != "false" || r.Query.Get("q") != "maison lumen") {
			t.Errorf("search asked %v", r.Query)
		}
	}

	// Without Elasticsearch: nothing, which is not an error (Mastodon
	// does not tell whether it searches).
	fake.SetTextSearch(mastodontest.TextSearchNone)
	page, err = c.SearchPosts(ctx(t), monitor.Search{Text: "maison lumen"})
	if err != nil || len(page.Found) != 0 || page.Cursor != "" {
		t.Errorf("without full-text search: %+v, %v; want an empty page", page, err)
	}
}

func TestSearchTextOnGoToSocial(t *testing.T) {
	c, fake := open(t)
	fake.SetStatusLimits(mastodontest.StatusLimits{MaxCharacters: 5000, CharactersPerURL: 23, GoToSocial: true})
	fake.Post("alice", "Maison Lumen", mastodontest.PostOptions{})
	_, err := c.SearchPosts(ctx(t), monitor.Search{Text: "maison lumen"})
	if !errors.Is(err, monitor.ErrSearchUnsupported) {
		t.Fatalf("error = %v, want ErrSearchUnsupported", err)
	}
	for _, r := range fake.Requests() {
		if r.Path == "/api/v2/search" {
			t.Error("GoToSocial's search was asked all the same")
		}
	}
	// Its hashtag timelines work.
	fake.Post("alice", "Vu #MaisonLumen", mastodontest.PostOptions{})
	if page, err := c.SearchPosts(ctx(t), monitor.Search{Hashtag: "maisonlumen"}); err != nil || len(page.Found) != 1 {
		t.Errorf("hashtag on GoToSocial: %+v, %v", page.Found, err)
	}
}

func TestSearchFailures(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 31, 0, 0, time.UTC)
	cases := []struct {
		name  string
		f     conformance.Failure
		kind  app.Failure
		after time.Duration
	}{
		{"429 with X-RateLimit-Reset", conformance.Failure{Status: 429}, app.FailRateLimited, 4 * time.Minute},
		{"429 with Retry-After", conformance.Failure{Status: 429, RetryAfter: "12"}, app.FailRateLimited, 12 * time.Second},
		{"503", conformance.Failure{Status: 503}, app.FailServer, 0},
		{"malformed", conformance.Failure{Malformed: true}, app.FailServer, 0},
		{"truncated", conformance.Failure{Truncate: true}, app.FailServer, 0},
	}
	for _, tc := range cases {
		for _, q := range []monitor.Search{{Hashtag: "lumen"}, {Text: "lumen"}} {
			t.Run(tc.name+"/"+q.Hashtag+q.Text, func(t *testing.T) {
				fake := mastodontest.Start(t)
				fake.SetNow(func() time.Time { return now })
				acc, secret := fake.Account()
				d := testDialer()
				d.Now = func() time.Time { return now }
				conn, err := d.Open(acc, &memCreds{s: secret})
				if err != nil {
					t.Fatal(err)
				}
				fake.FailNext(mastodontest.OpSearch, tc.f)
				_, err = conn.(monitor.PostSearcher).SearchPosts(ctx(t), q)
				ne, ok := app.AsNetError(err)
				if !ok || ne.Kind != tc.kind || ne.RetryAfter != tc.after {
					t.Fatalf("error = %v (%#v), want kind %d waiting %v", err, ne, tc.kind, tc.after)
				}
			})
		}
	}
}

func TestSearchAccountsAndLookup(t *testing.T) {
	c, fake := open(t)
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	fake.SetDisplayName("maisonlumen", "Maison Lumen")
	fake.SetProfile("maisonlumen", "Luminaires <faits> main", time.Time{})
	fake.SetDisplayName("maison_lumen_fr", "Maison Lumen officiel")
	id := fake.SetProfile("maison_lumen_fr", "Luminaires <faits> main", created)
	fake.SetDisplayName("solaire", "Maison Solaire")
	fake.Post("maison_lumen_fr", "Promo !", mastodontest.PostOptions{})

	accs, err := c.SearchAccounts(ctx(t), "maison lum", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != 2 {
		t.Fatalf("accounts = %+v, want the two Maison Lumen", accs)
	}
	acc, err := c.LookupAccount(ctx(t), "@maison_lumen_fr")
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(fake.URL(), "http://")
	if acc.RemoteID != id || acc.Handle != "maison_lumen_fr@"+host || acc.DisplayName != "Maison Lumen officiel" ||
		acc.Bio != "Luminaires <faits> main" || !acc.CreatedAt.Equal(created) || acc.Posts != 1 || acc.Avatar == "" || acc.Network != app.Mastodon {
		t.Errorf("LookupAccount = %+v", acc)
	}
	if _, err := c.LookupAccount(ctx(t), "maison_lumen_fr@"+host); err != nil {
		t.Errorf("the handle with the server's domain: %v", err)
	}
	if _, err := c.LookupAccount(ctx(t), "nobody"); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("an unknown account: %v, want ErrRemoteGone", err)
	}
}

func TestAuthorPosts(t *testing.T) {
	c, fake := open(t)
	clock := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	fake.SetNow(func() time.Time { return clock })
	fake.Post("rival", "Ancien", mastodontest.PostOptions{})
	clock = clock.Add(time.Hour)
	since := clock
	var want []string
	for i := range 50 {
		clock = clock.Add(time.Minute)
		id := fake.Post("rival", fmt.Sprintf("Post %d", i), mastodontest.PostOptions{})
		want = append(want, id)
		if i == 5 {
			other := fake.Post("alice", "Question ?", mastodontest.PostOptions{})
			fake.Post("rival", "@alice Réponse", mastodontest.PostOptions{ReplyTo: other})
			fake.Reblog("rival", other)
			want = append(want, fake.Post("rival", "La suite du fil", mastodontest.PostOptions{ReplyTo: id}))
		}
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 4 {
			t.Fatal("the pages do not end")
		}
		page, err := c.AuthorPosts(ctx(t), "rival", since, cursor)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, foundIDs(page.Found)...)
		if page.Cursor == "" {
			break
		}
		cursor = page.Cursor
	}
	if len(got) != len(want) {
		t.Fatalf("%d statuses, want %d (the thread kept; the reply to another, the boost and the old one left out)", len(got), len(want))
	}
	for i, id := range got {
		if id != want[len(want)-1-i] {
			t.Fatalf("status %d = %s, want %s", i, id, want[len(want)-1-i])
		}
	}
	lookups := 0
	for _, r := range fake.Requests() {
		if r.Path == "/api/v1/accounts/lookup" {
			lookups++
		}
		if strings.HasSuffix(r.Path, "/statuses") && (r.Query.Get("exclude_replies") != "true" || r.Query.Get("exclude_reblogs") != "true") {
			t.Errorf("statuses asked with %v", r.Query)
		}
	}
	if lookups != 1 {
		t.Errorf("%d lookups, want 1 (the cursor holds the account)", lookups)
	}
}

func TestSearchCancelled(t *testing.T) {
	c, fake := open(t)
	fake.FailNext(mastodontest.OpSearch, conformance.Failure{Delay: 5 * time.Second})
	cx, cancel := context.WithCancel(ctx(t))
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	if _, err := c.SearchPosts(cx, monitor.Search{Hashtag: "lumen"}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
}
