package facebook_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
	"github.com/relais-app/relais/connectors/meta/metaauth"
	"github.com/relais-app/relais/connectors/meta/metatest"
)

type env struct {
	fake  *facebooktest.Server
	clock *metatest.Clock
	d     *facebook.Dialer
}

func setup(t *testing.T) *env {
	t.Helper()
	e := &env{fake: facebooktest.Start(t), clock: metatest.NewClock()}
	e.fake.SetClock(e.clock.Now)
	e.d = facebook.NewDialer()
	e.d.Now = e.clock.Now
	return e
}

// open opens a connector on the Page, as Relais does at each start.
func (e *env) open(t *testing.T) *facebook.Connector {
	t.Helper()
	acc, secret := e.fake.Account()
	c, err := e.d.Open(acc, metatest.NewCreds(secret))
	if err != nil {
		t.Fatal(err)
	}
	return c.(*facebook.Connector)
}

func (e *env) key() string { return app.NewAttemptKey(e.clock.Now()) }

func TestPublishTextWithLink(t *testing.T) {
	e := setup(t)
	e.fake.Backdate = 40 * time.Second
	c := e.open(t)
	text := "Fournée du jour 🥖 : pain au levain, https://boulangerie.example/levain et https://autre.example"
	got, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: text})
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 1 || posts[0].Text != text || posts[0].ID != got.Ref.ID {
		t.Fatalf("posts %+v, published %+v", posts, got)
	}
	if l := e.fake.Link(got.Ref.ID); l != "https://boulangerie.example/levain" {
		t.Errorf("link %q, want the text's first", l)
	}
	if !strings.HasPrefix(got.URL, "https://www.facebook.com/"+facebooktest.PageID+"/posts/") {
		t.Errorf("URL %q, want the permalink", got.URL)
	}
	if want := e.clock.Now().Add(-40 * time.Second); !got.At.Equal(want) {
		t.Errorf("At %v, want Meta's created_time %v read from its +0000 format", got.At, want)
	}
	for _, q := range e.fake.RawQueries() {
		if strings.Contains(q, facebooktest.PageToken) || strings.Contains(q, "Fourn") {
			t.Errorf("a URL holds the token or the text: %q", q)
		}
	}
}

func TestPublishPhotosWithAlt(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	one, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Une photo", Media: []app.Attachment{conformance.Image("Un pain doré")}})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	three := []app.Attachment{conformance.Image("Baguette"), conformance.Image("Croissant"), conformance.Image("Brioche")}
	album, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trois photos https://boulangerie.example", Media: three})
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 2 || posts[0].ID != one.Ref.ID || posts[1].ID != album.Ref.ID {
		t.Fatalf("posts %+v", posts)
	}
	if strings.Join(posts[0].Alts, "|") != "Un pain doré" || strings.Join(posts[1].Alts, "|") != "Baguette|Croissant|Brioche" {
		t.Errorf("alt texts %q and %q, want each photo's, in order", posts[0].Alts, posts[1].Alts)
	}
	if up, loose := e.fake.Photos(); up != 4 || loose != 0 {
		t.Errorf("%d photos uploaded, %d attached to nothing; want 4 and 0", up, loose)
	}
	if e.fake.Link(album.Ref.ID) != "" {
		t.Error("a post with photos was given a link (Facebook would show the link's card instead of the photos)")
	}
	// Too many photos are refused before anything is sent.
	eleven := make([]app.Attachment, 11)
	for i := range eleven {
		eleven[i] = conformance.Image("x")
	}
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trop", Media: eleven}); !errors.Is(err, app.ErrRejected) {
		t.Errorf("11 photos: %v, want refused", err)
	}
	if up, _ := e.fake.Photos(); up != 4 {
		t.Errorf("%d photos uploaded after a refused post, want still 4", up)
	}
}

func TestLostAnswerSettledByFind(t *testing.T) {
	e := setup(t)
	e.fake.MaxLimit = 2
	// Meta dates the post two minutes before it was made: Find reads
	// back further than the key's time.
	e.fake.Backdate = 2 * time.Minute
	o := app.Outgoing{Key: e.key(), Text: "Perdue  puis\ntrouvée", Media: []app.Attachment{conformance.Image("Une vitrine")}}
	e.clock.Advance(time.Second)
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	_, err := e.open(t).Publish(metatest.Ctx(t), o)
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() {
		t.Fatalf("error %v, want a failure that may pass", err)
	}
	// Later posts push it down: Find pages back.
	e.fake.Publish("Même texte sans photo: Perdue puis trouvée", e.clock.Now())
	for i := range 5 {
		e.clock.Advance(time.Minute)
		e.fake.Publish("Plus récente "+string(rune('A'+i)), e.clock.Now())
	}
	// Relais restarts; the publishing engine settles with Find.
	c := e.open(t)
	found, ok, err := c.Find(metatest.Ctx(t), o)
	if err != nil || !ok {
		t.Fatalf("Find = %v, %v; want the post", ok, err)
	}
	if found.Ref.ID != e.fake.Posts()[0].ID || found.URL == "" {
		t.Errorf("Find = %+v, want %s", found, e.fake.Posts()[0].ID)
	}
	again, err := c.Publish(metatest.Ctx(t), o)
	if err != nil || again.Ref.ID != found.Ref.ID {
		t.Errorf("Publish after Find = %+v, %v; want the post found", again, err)
	}
	// A read that fails half-way never answers "not there".
	other := app.Outgoing{Key: e.key(), Text: "Jamais envoyée"}
	e.clock.Advance(-10 * time.Minute)
	other.Key = e.key()
	e.clock.Advance(10 * time.Minute)
	e.fake.FailNext(facebooktest.OpList, conformance.Failure{Status: 500})
	if _, ok, err := c.Find(metatest.Ctx(t), other); err == nil || ok {
		t.Errorf("Find with a failed first page = %v, %v; want the error", ok, err)
	}
	e.fake.FailNext(facebooktest.OpList, conformance.Failure{})               // the first page goes
	e.fake.FailNext(facebooktest.OpList, conformance.Failure{Truncate: true}) // the second is cut short
	if _, ok, err := e.open(t).Find(metatest.Ctx(t), other); err == nil || ok || !errors.Is(err, app.ErrServerDown) {
		t.Errorf("Find with a page cut short = %v, %v; want the error", ok, err)
	}
	if n := len(e.fake.Posts()); n != 7 {
		t.Errorf("%d posts, want 7: none sent twice", n)
	}
}

func TestPhotosNotUploadedTwice(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	o := app.Outgoing{Key: e.key(), Text: "Deux photos", Media: []app.Attachment{conformance.Image("Un"), conformance.Image("Deux")}}
	// The post answers 503: it may or may not be made.
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Status: 503})
	if _, err := c.Publish(metatest.Ctx(t), o); !errors.Is(err, app.ErrServerDown) {
		t.Fatalf("error %v, want server trouble", err)
	}
	// The second photo's upload fails the first time.
	o2 := app.Outgoing{Key: e.key(), Text: "Encore deux", Media: []app.Attachment{conformance.Image("Trois"), conformance.Image("Quatre")}}
	e.fake.FailNext(conformance.OpUpload, conformance.Failure{})
	e.fake.FailNext(conformance.OpUpload, conformance.Failure{Status: 500})
	if _, err := c.Publish(metatest.Ctx(t), o2); !errors.Is(err, app.ErrServerDown) {
		t.Fatalf("error %v, want server trouble", err)
	}
	got, err := c.Publish(metatest.Ctx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Publish(metatest.Ctx(t), o2); err != nil {
		t.Fatal(err)
	}
	if up, loose := e.fake.Photos(); up != 4 || loose != 0 {
		t.Errorf("%d photos uploaded, %d loose; want each of the 4 uploaded once and attached", up, loose)
	}
	if posts := e.fake.Posts(); len(posts) != 2 || posts[0].ID != got.Ref.ID || strings.Join(posts[1].Alts, "|") != "Trois|Quatre" {
		t.Errorf("posts %+v", posts)
	}
}

func TestBadToken(t *testing.T) {
	e := setup(t)
	acc, _ := e.fake.Account()
	const bad = "EAAexpired-token-secret"
	c, _ := e.d.Open(acc, metatest.NewCreds(app.Secret{AccessToken: bad}))
	_, err := c.Profile(metatest.Ctx(t))
	if !errors.Is(err, app.ErrReconnect) {
		t.Fatalf("error %v, want ErrReconnect (code 190 with HTTP 400)", err)
	}
	if ne, _ := app.AsNetError(err); ne.Status != 400 || !strings.Contains(ne.Message, "code 190") {
		t.Errorf("NetError %+v", ne)
	}
	_, err = c.(app.Publisher).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "x"})
	if !errors.Is(err, app.ErrReconnect) || strings.Contains(err.Error(), bad) {
		t.Errorf("Publish: %v, want ErrReconnect without the token", err)
	}
}

func TestRateLimitsAndRefusals(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	header := http.Header{"X-Business-Use-Case-Usage": {`{"104857600000001":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":15,"estimated_time_to_regain_access":7}]}`}}
	e.fake.FailCodeWith(conformance.OpPublish, 400, 32, 0, "(#32) Page request limit reached", header)
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "a"})
	ne, ok := app.AsNetError(err)
	if !ok || !errors.Is(err, app.ErrRateLimited) || ne.RetryAfter != 7*time.Minute {
		t.Fatalf("code 32: %v (%+v), want rate limited for 7 minutes", err, ne)
	}
	// The answer said 100 % used: Relais sends nothing before the time
	// Meta gave.
	before := len(e.fake.Requests())
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) || len(e.fake.Requests()) != before {
		t.Fatalf("right after the limit: %v, %d requests sent", err, len(e.fake.Requests())-before)
	}
	e.clock.Advance(7*time.Minute + time.Second)
	for _, code := range []int{4, 17, 32, 80001} {
		e.fake.FailCode(conformance.OpProfile, 400, code, 0, "Application request limit reached")
		if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) {
			t.Errorf("code %d: %v, want rate limited", code, err)
		}
	}
	for _, tc := range []struct {
		code int
		msg  string
	}{{368, "The action attempted has been deemed abusive or is otherwise disallowed"}, {100, "Invalid parameter"}, {200, "Permissions error"}} {
		e.fake.FailCode(conformance.OpPublish, 400, tc.code, 0, tc.msg)
		_, err = c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "refusée"})
		if ne, _ := app.AsNetError(err); !errors.Is(err, app.ErrRejected) || !strings.Contains(ne.Message, tc.msg) {
			t.Errorf("code %d: %v, want rejected with Meta's words", tc.code, err)
		}
	}
	if n := len(e.fake.Posts()); n != 0 {
		t.Errorf("%d posts after refusals, want none", n)
	}
	// An answer announcing 95 % of the hour's calls used: Relais holds
	// back before Meta throttles.
	e.fake.AppUsage = 95
	if _, err := c.Profile(metatest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) {
		t.Errorf("after 95 %% used: %v, want Relais to hold back", err)
	}
}

func TestMalformedAnswers(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	e.fake.FailNext(conformance.OpProfile, conformance.Failure{Malformed: true})
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrServerDown) {
		t.Errorf("HTML answer: %v, want server trouble", err)
	}
	e.fake.FailNext(conformance.OpUpload, conformance.Failure{Truncate: true})
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Coupée", Media: []app.Attachment{conformance.Image("x")}})
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() {
		t.Errorf("truncated upload: %v, want a failure that may pass", err)
	}
	if len(e.fake.Posts()) != 0 {
		t.Error("a post was made without its photo")
	}
	e.fake.FailNext(facebooktest.OpComments, conformance.Failure{Malformed: true})
	e.fake.Publish("Un post", e.clock.Now())
	if _, err := c.Since(metatest.Ctx(t), "1:"); !errors.Is(err, app.ErrServerDown) {
		t.Errorf("comments not JSON: %v, want server trouble", err)
	}
}

func TestInboxComments(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	post, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Nouvelle fournée"})
	if err != nil {
		t.Fatal(err)
	}
	old := e.fake.Publish("Un vieux post", e.clock.Now().Add(-30*24*time.Hour))
	e.clock.Advance(time.Minute)
	first := e.fake.Comment("Alice", post.Ref.ID, "Il reste des croissants ?")
	e.fake.Mention("Bruno", "Merci à la Boulangerie Martin !")
	page, err := c.Since(metatest.Ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].RemoteID != first || page.Items[0].Kind != app.ItemReply || page.Items[1].Kind != app.ItemMention {
		t.Fatalf("first read %+v, want the comment then the tag", page.Items)
	}
	if page.Items[0].Author.Name != "Alice" || page.Items[0].Post == nil || page.Items[0].Post.ID != first {
		t.Errorf("comment item %+v", page.Items[0])
	}
	// The Page answers the comment: once, and its own answer is not an
	// item.
	e.clock.Advance(time.Minute)
	answer, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Oui, jusqu'à midi !", ReplyTo: page.Items[0].Post})
	if err != nil {
		t.Fatal(err)
	}
	second := e.fake.Comment("Chloé", first, "Super, j'arrive")
	third := e.fake.Comment("Chloé", post.Ref.ID, "Et du pain aux noix ?")
	e.fake.Comment("Denis", old, "Sous un vieux post") // beyond the recent posts
	next, err := c.Since(metatest.Ctx(t), page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range next.Items {
		ids = append(ids, it.RemoteID)
	}
	if strings.Join(ids, ",") != second+","+third {
		t.Errorf("second read %v, want %s,%s: each new comment once, the Page's own answer left out", ids, second, third)
	}
	again, err := c.Since(metatest.Ctx(t), next.Cursor)
	if err != nil || len(again.Items) != 0 {
		t.Errorf("third read %+v, %v; want nothing", again.Items, err)
	}
	posts := e.fake.Posts()
	if len(posts) != 3 || posts[2].ID != answer.Ref.ID || posts[2].ReplyTo != first {
		t.Errorf("the Page's posts %+v, want the answer to %s", posts, first)
	}
	// The conversation, from any of its comments.
	th, err := c.Thread(metatest.Ctx(t), app.RemoteRef{ID: second})
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 5 || th.Posts[0].Ref.ID != post.Ref.ID || th.Posts[th.Focus].Ref.ID != second || th.Posts[th.Focus].ReplyTo != first {
		t.Errorf("thread %+v", th)
	}
	if !th.Posts[2].Mine || th.Posts[2].Ref.ID != answer.Ref.ID {
		t.Errorf("the Page's answer in the thread: %+v", th.Posts[2])
	}
	// Hiding a comment.
	if err := c.HideReply(metatest.Ctx(t), app.RemoteRef{ID: third}, true); err != nil || !e.fake.Hidden(third) {
		t.Errorf("HideReply = %v, hidden %v", err, e.fake.Hidden(third))
	}
	if err := c.HideReply(metatest.Ctx(t), app.RemoteRef{ID: third}, false); err != nil || e.fake.Hidden(third) {
		t.Errorf("showing again = %v, hidden %v", err, e.fake.Hidden(third))
	}
}

// A Page deletes and likes the comments under its posts, and is refused
// those under someone else's post without being asked to sign in again.
func TestDeleteAndLikeComment(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	ctx := metatest.Ctx(t)
	post := e.fake.Publish("Un post", e.clock.Now())
	comment := e.fake.Comment("Alice", post, "Une question")
	reply := e.fake.Comment("Bruno", comment, "Moi aussi")
	if err := c.Like(ctx, app.RemoteRef{ID: comment}); err != nil || !e.fake.Liked(comment) {
		t.Errorf("Like = %v, liked %v", err, e.fake.Liked(comment))
	}
	if err := c.DeleteComment(ctx, comment); err != nil {
		t.Fatal(err)
	}
	if e.fake.Exists(comment) || e.fake.Exists(reply) || !e.fake.Exists(post) {
		t.Errorf("after deleting: comment %v, its reply %v, the post %v", e.fake.Exists(comment), e.fake.Exists(reply), e.fake.Exists(post))
	}
	// Gone already: 100/33.
	if err := c.DeleteComment(ctx, comment); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("deleting again = %v, want ErrRemoteGone", err)
	}
	if err := c.Like(ctx, app.RemoteRef{ID: comment}); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("liking a comment gone = %v, want ErrRemoteGone", err)
	}
	// Under a visitor's post the Page is tagged in: code 200.
	tagged := e.fake.MentionPost("Chloé", "Chez @Boulangerie Martin")
	theirs := e.fake.Comment("Denis", tagged, "Miam")
	err := c.DeleteComment(ctx, theirs)
	if !errors.Is(err, app.ErrNotOurComment) || !errors.Is(err, app.ErrRejected) || errors.Is(err, app.ErrReconnect) || !e.fake.Exists(theirs) {
		t.Errorf("deleting a comment under someone else's post = %v, still there %v; want ErrNotOurComment", err, e.fake.Exists(theirs))
	}
	err = c.HideReply(ctx, app.RemoteRef{ID: theirs}, true)
	if !errors.Is(err, app.ErrNotOurComment) || errors.Is(err, app.ErrReconnect) || e.fake.Hidden(theirs) {
		t.Errorf("hiding a comment under someone else's post = %v, hidden %v; want ErrNotOurComment", err, e.fake.Hidden(theirs))
	}
	if err := c.HideReply(ctx, app.RemoteRef{ID: comment}, true); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("hiding a comment gone = %v, want ErrRemoteGone", err)
	}
	// A failure answer is no success.
	e.fake.FailCode(facebooktest.OpLike, http.StatusInternalServerError, 2, 0, "An unexpected error has occurred. Please retry your request later.")
	if err := c.Like(ctx, app.RemoteRef{ID: theirs}); !errors.Is(err, app.ErrServerDown) || e.fake.Liked(theirs) {
		t.Errorf("Like with the server down = %v", err)
	}
	if err := c.Like(ctx, app.RemoteRef{ID: theirs}); err != nil || !e.fake.Liked(theirs) {
		t.Errorf("Like under a tagged post = %v", err)
	}
	var _ app.Liker = c
	if _, ok := any(c).(app.Reactor); ok {
		t.Error("Facebook cannot boost: the connector is no Reactor")
	}
}

func TestReplyLostAnswer(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	post := e.fake.Publish("Un post", e.clock.Now())
	comment := e.fake.Comment("Alice", post, "Une question")
	e.clock.Advance(time.Second)
	o := app.Outgoing{Key: e.key(), Text: "Une réponse", ReplyTo: &app.RemoteRef{ID: comment}}
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	if _, err := c.Publish(metatest.Ctx(t), o); err == nil {
		t.Fatal("no error after a dropped answer")
	}
	got, err := c.Publish(metatest.Ctx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 2 || posts[1].ReplyTo != comment || posts[1].ID != got.Ref.ID {
		t.Errorf("posts %+v, published %+v; want the answer once", posts, got)
	}
}

func TestMetrics(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	p, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "À mesurer"})
	if err != nil {
		t.Fatal(err)
	}
	quiet, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans partage"})
	if err != nil {
		t.Fatal(err)
	}
	e.fake.React(p.Ref.ID, 12, 3)
	e.fake.See(p.Ref.ID, 480)
	e.fake.Reach(p.Ref.ID, 350)
	e.fake.Comment("Alice", p.Ref.ID, "Bravo")
	acc, err := c.AccountMetrics(metatest.Ctx(t))
	if err != nil || acc.Followers != 1280 {
		t.Errorf("AccountMetrics = %+v, %v; want the 1280 followers", acc, err)
	}
	figures, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{p.Ref, quiet.Ref, {ID: facebooktest.PageID + "_404"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(figures) != 2 {
		t.Fatalf("figures %+v, want two posts (the gone one left out)", figures)
	}
	if f := figures[0]; f.Likes != 12 || f.Boosts != 3 || f.Replies != 1 || f.Views != 480 || f.Reach != 350 || f.Saves != 0 {
		t.Errorf("figures %+v, want 12 reactions, 3 shares, 1 comment, 480 impressions, 350 reached, no saves (Facebook tells none)", f)
	}
	if f := figures[1]; f.Likes != 0 || f.Boosts != 0 || f.Replies != 0 || f.Views != 0 {
		t.Errorf("figures of a post without shares %+v", f)
	}
	// Insights refused (no read_insights, or no right on the Page's
	// insights): the views are 0, the other figures stand.
	for _, code := range []int{10, 200} {
		e.fake.RefuseInsights = code
		figures, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{p.Ref})
		if err != nil || len(figures) != 1 || figures[0].Likes != 12 || figures[0].Views != 0 || figures[0].Reach != 0 {
			t.Errorf("insights refused with code %d: %+v, %v", code, figures, err)
		}
	}
	// Another refusal is told, not taken for no views.
	e.fake.RefuseInsights = 2
	if _, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{p.Ref}); err == nil || !strings.Contains(err.Error(), "impressions") {
		t.Errorf("insights refused with code 2: %v, want the error", err)
	}
	// An API version that does not know post_media_view yet gives the
	// views as post_impressions; one that knows neither, none.
	e.fake.RefuseInsights = 0
	e.fake.UnknownMetrics = map[string]bool{"post_media_view": true, "post_total_media_view_unique": true}
	if figures, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{p.Ref}); err != nil || len(figures) != 1 || figures[0].Views != 480 || figures[0].Reach != 350 {
		t.Errorf("without post_media_view and post_total_media_view_unique: %+v, %v", figures, err)
	}
	e.fake.UnknownMetrics["post_impressions"] = true
	e.fake.UnknownMetrics["post_impressions_unique"] = true
	if figures, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{p.Ref}); err != nil || len(figures) != 1 || figures[0].Views != 0 || figures[0].Reach != 0 || figures[0].Likes != 12 {
		t.Errorf("with no view or reach metric known: %+v, %v", figures, err)
	}
	// The newer metric first: an API version that knows both.
	e.fake.UnknownMetrics = nil
	if figures, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{p.Ref}); err != nil || len(figures) != 1 || figures[0].Reach != 350 {
		t.Errorf("reach: %+v, %v", figures, err)
	}
	if n := strings.Count(strings.Join(e.fake.RawQueries(), "\n"), "post_impressions_unique"); n != 2 {
		t.Errorf("post_impressions_unique asked %d times, want twice: only where post_total_media_view_unique was unknown", n)
	}
}

// A sign-in gives the user's token: the connector derives the Page's,
// and keeps it in place of the user's.
func TestUserTokenGivesThePageToken(t *testing.T) {
	e := setup(t)
	acc, _ := e.fake.Account()
	acc.RemoteID = ""
	creds := metatest.NewCreds(app.Secret{AccessToken: facebooktest.UserToken, ClientID: "1234567890", ClientSecret: "app-secret"})
	c, err := e.d.Open(acc, creds)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Profile(metatest.Ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.RemoteID != facebooktest.PageID || p.Handle != facebooktest.PageUsername || p.DisplayName != facebooktest.PageName || len(p.Avatar) == 0 {
		t.Errorf("profile %+v", p)
	}
	s, _ := creds.Secret(metatest.Ctx(t))
	if s.AccessToken != facebooktest.PageToken || s.ClientID != "1234567890" {
		t.Errorf("the credentials hold %q, want the Page's token with the app kept", s.AccessToken)
	}
	if _, err := c.(app.Publisher).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Avec le jeton de la Page"}); err != nil {
		t.Fatal(err)
	}

	// Several Pages: the one asked for, or a plain refusal naming them.
	e.fake.SecondPage = true
	c, _ = e.d.Open(acc, metatest.NewCreds(app.Secret{AccessToken: facebooktest.UserToken}))
	_, err = c.Profile(metatest.Ctx(t))
	var several *metaauth.SeveralPagesError
	if !errors.As(err, &several) || !errors.Is(err, app.ErrRejected) || len(several.Pages) != 2 {
		t.Errorf("two Pages, none chosen: %v", err)
	}
	acc.RemoteID = facebooktest.OtherPageID
	other := metatest.NewCreds(app.Secret{AccessToken: facebooktest.UserToken})
	c, _ = e.d.Open(acc, other)
	if _, err := c.(app.Reader).Since(metatest.Ctx(t), ""); err != nil {
		t.Fatal(err)
	}
	if s, _ := other.Secret(metatest.Ctx(t)); s.AccessToken != facebooktest.OtherPageToken {
		t.Error("the Page chosen (--page) did not get its token")
	}
	// A Page token for another Page than the account's is refused.
	acc.RemoteID = facebooktest.OtherPageID
	c, _ = e.d.Open(acc, metatest.NewCreds(app.Secret{AccessToken: facebooktest.PageToken}))
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, facebook.ErrWrongPage) {
		t.Errorf("another Page's token: %v, want ErrWrongPage", err)
	}
}

// TestRefusalsSaidWhatToDo: a Page the account has no role on, and a
// permission the app's sign-in lacks, as Graph answers them on publish,
// come back as app errors that say what to do, with Meta's words kept.
func TestRefusalsSaidWhatToDo(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	e.fake.FailCode(conformance.OpPublish, 400, 10, 0, "(#10) The user must be an administrator, editor, or moderator of the page in order to impersonate it. If the page business requires Two Factor Authentication, the user also needs to enable Two Factor Authentication.")
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans rôle"})
	if ne, _ := app.AsNetError(err); !errors.Is(err, app.ErrPageRole) || ne == nil || !strings.Contains(ne.Message, "moderator of the page") {
		t.Errorf("no role: %v, want ErrPageRole with Meta's words", err)
	}
	e.fake.FailCode(conformance.OpPublish, 403, 200, 0, "(#200) Requires pages_manage_posts permission to manage the object")
	_, err = c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans permission"})
	var pe *app.PermissionError
	if !errors.As(err, &pe) || strings.Join(pe.Permissions, ",") != "pages_manage_posts" || !errors.Is(err, app.ErrRejected) {
		t.Errorf("missing permission: %v, want a PermissionError naming pages_manage_posts", err)
	}
	// A refusal that is neither keeps Meta's words alone.
	e.fake.FailCode(conformance.OpPublish, 400, 100, 0, "Invalid parameter")
	_, err = c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Autre"})
	if pe = nil; errors.As(err, &pe) || errors.Is(err, app.ErrPageRole) || errors.Is(err, app.ErrMediaUnfetched) {
		t.Errorf("invalid parameter: %v, explained as something it is not", err)
	}
	if n := len(e.fake.Posts()); n != 0 {
		t.Errorf("%d posts after refusals, want none", n)
	}
}
