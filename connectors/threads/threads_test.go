package threads_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/meta/metatest"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/connectors/threads/threadstest"
)

type env struct {
	fake  *threadstest.Server
	clock *metatest.Clock
	host  *metatest.MediaHost
	d     *threads.Dialer
}

// setup starts a fake on a test clock (December 2026), with a media
// storage.
func setup(t *testing.T) *env {
	t.Helper()
	e := &env{fake: threadstest.Start(t), clock: metatest.NewClock(), host: metatest.NewMediaHost(t)}
	e.fake.SetClock(e.clock.Now)
	e.d = threads.NewDialer()
	e.d.Now, e.d.Sleep, e.d.Media = e.clock.Now, e.clock.Sleep, e.host
	return e
}

// open opens a connector, as Relais does at each start.
func (e *env) open(t *testing.T) *threads.Connector {
	t.Helper()
	acc, secret := e.fake.Account()
	c, err := e.d.Open(acc, metatest.NewCreds(secret))
	if err != nil {
		t.Fatal(err)
	}
	return c.(*threads.Connector)
}

func (e *env) key() string { return app.NewAttemptKey(e.clock.Now()) }

func TestPublishText(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	text := "Fournée du jour 🥖 : pain au levain, https://boulangerie.example/levain"
	got, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: text})
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 1 || posts[0].Text != text || posts[0].ID != got.Ref.ID {
		t.Fatalf("posts %+v, published %+v", posts, got)
	}
	if !strings.HasPrefix(got.URL, "https://www.threads.net/@boulangerie.martin/post/") {
		t.Errorf("URL %q, want the permalink", got.URL)
	}
	if !got.At.Equal(e.clock.Now().Truncate(time.Second)) {
		t.Errorf("At %v, want the fake's time %v read from Meta's +0000 format", got.At, e.clock.Now())
	}
	for _, q := range e.fake.RawQueries() {
		if strings.Contains(q, threadstest.Token) || strings.Contains(q, "Fourn") {
			t.Errorf("a URL holds the token or the text: %q", q)
		}
	}
}

func TestPublishImages(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	one, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Une image", Media: []app.Attachment{conformance.Image("Un pain doré")}})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	three := []app.Attachment{conformance.Image("Baguette"), conformance.Image("Croissant"), conformance.Image("Brioche")}
	album, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trois images", Media: three})
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 2 || posts[0].ID != one.Ref.ID || posts[1].ID != album.Ref.ID {
		t.Fatalf("posts %+v", posts)
	}
	if strings.Join(posts[0].Alts, "|") != "Un pain doré" || strings.Join(posts[1].Alts, "|") != "Baguette|Croissant|Brioche" {
		t.Errorf("alt texts %q and %q", posts[0].Alts, posts[1].Alts)
	}
	if n := e.host.Left(); n != 0 {
		t.Errorf("%d staged images left in the storage after publishing, want none", n)
	}
	// Without a media storage, an image post is refused in plain words;
	// a text post still goes.
	e.d.Media = nil
	_, err = e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans stockage", Media: []app.Attachment{conformance.Image("x")}})
	if !errors.Is(err, threads.ErrNoMediaHost) || !errors.Is(err, app.ErrRejected) {
		t.Errorf("image post without storage: %v, want ErrNoMediaHost", err)
	}
}

func TestContainerInProgressThenFinished(t *testing.T) {
	e := setup(t)
	e.fake.ProcessingTime = 90 * time.Second
	c := e.open(t)
	start := time.Now()
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Patience"}); err != nil {
		t.Fatal(err)
	}
	if len(e.fake.Posts()) != 1 {
		t.Fatal("no post")
	}
	statuses := 0
	for _, r := range e.fake.Requests() {
		if strings.HasPrefix(r, "GET /") && strings.Count(r, "/") == 1 && !strings.HasSuffix(r, "/me") {
			statuses++
		}
	}
	if statuses < 3 {
		t.Errorf("the container's status was read %d times, want it read again while IN_PROGRESS", statuses)
	}
	if e.clock.Waited() < 90*time.Second {
		t.Errorf("waited %v on the clock, want at least the 90 s of processing", e.clock.Waited())
	}
	if real := time.Since(start); real > 5*time.Second {
		t.Errorf("the waits took %v of real time: they must pass on the clock", real)
	}
}

func TestContainerStaysInProgress(t *testing.T) {
	e := setup(t)
	e.fake.ProcessingTime = time.Hour
	e.d.ContainerWait = 5 * time.Minute
	_, err := e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trop long"})
	ne, ok := app.AsNetError(err)
	if !ok || !ne.Temporary() || !strings.Contains(err.Error(), "still in progress") {
		t.Fatalf("error %v, want a failure that may pass, saying the container is still in progress", err)
	}
	if len(e.fake.Posts()) != 0 {
		t.Error("a post was made")
	}
}

func TestContainerError(t *testing.T) {
	e := setup(t)
	e.host.SetBroken(true) // the bucket is not public: Meta cannot fetch the image
	_, err := e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Image", Media: []app.Attachment{conformance.Image("x")}})
	if !errors.Is(err, threads.ErrContainer) || !errors.Is(err, app.ErrRejected) {
		t.Fatalf("error %v, want ErrContainer, rejected", err)
	}
	ne, _ := app.AsNetError(err)
	if !strings.Contains(ne.Message, "Media download has failed") {
		t.Errorf("Message %q, want Meta's error_message", ne.Message)
	}
	if !errors.Is(err, app.ErrMediaUnfetched) {
		t.Errorf("error %v, want ErrMediaUnfetched: the storage's addresses are not public", err)
	}
	if e.host.Left() != 0 {
		t.Error("the staged image was not removed after the failure")
	}
}

func TestContainerReusedNotMadeTwice(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	o := app.Outgoing{Key: e.key(), Text: "Une fois"}
	// threads_publish answers 503: the post may or may not be made.
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Status: 503})
	if _, err := c.Publish(metatest.Ctx(t), o); !errors.Is(err, app.ErrServerDown) {
		t.Fatalf("error %v, want server trouble", err)
	}
	got, err := c.Publish(metatest.Ctx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Containers(); n != 1 {
		t.Errorf("%d containers made, want the first one published", n)
	}
	if posts := e.fake.Posts(); len(posts) != 1 || posts[0].ID != got.Ref.ID {
		t.Errorf("posts %+v", posts)
	}
}

func TestExpiredContainer(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	o := app.Outgoing{Key: e.key(), Text: "Plus tard"}
	e.fake.FailCode(conformance.OpPublish, 400, 4, 0, "Application request limit reached")
	if _, err := c.Publish(metatest.Ctx(t), o); !errors.Is(err, app.ErrRateLimited) {
		t.Fatalf("error %v, want rate limited", err)
	}
	e.clock.Advance(25 * time.Hour) // the container expires
	if _, err := c.Publish(metatest.Ctx(t), o); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Containers(); n != 2 {
		t.Errorf("%d containers, want a new one after the first expired", n)
	}
	if n := len(e.fake.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

func TestLostAnswerSettledByFind(t *testing.T) {
	e := setup(t)
	e.fake.PageSize = 2
	o := app.Outgoing{Key: e.key(), Text: "Perdue  puis\ntrouvée", Media: []app.Attachment{conformance.Image("Une vitrine")}}
	e.clock.Advance(time.Second)
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	_, err := e.open(t).Publish(metatest.Ctx(t), o)
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() {
		t.Fatalf("error %v, want a failure that may pass", err)
	}
	// Later posts push it down: Find pages back.
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
	// A read that fails half-way never answers "not there".
	other := app.Outgoing{Key: e.key(), Text: "Jamais envoyée"}
	e.fake.FailNext(threadstest.OpList, conformance.Failure{Status: 500})
	if _, ok, err := c.Find(metatest.Ctx(t), other); err == nil || ok {
		t.Errorf("Find with a failed page = %v, %v; want the error", ok, err)
	}
	if n := len(e.fake.Posts()); n != 6 {
		t.Errorf("%d posts, want 6: none sent twice", n)
	}
}

func TestReplyLostAnswer(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	root, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "1/2 Un fil"})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	o := app.Outgoing{Key: e.key(), Text: "2/2 la suite", ReplyTo: &root.Ref}
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	if _, err := c.Publish(metatest.Ctx(t), o); err == nil {
		t.Fatal("no error after a dropped answer")
	}
	found, ok, err := e.open(t).Find(metatest.Ctx(t), o)
	if err != nil || !ok {
		t.Fatalf("Find = %v, %v", ok, err)
	}
	posts := e.fake.Posts()
	if len(posts) != 2 || posts[1].ReplyTo != root.Ref.ID || found.Ref.ID != posts[1].ID {
		t.Errorf("posts %+v, found %+v", posts, found)
	}
}

func TestQuota(t *testing.T) {
	e := setup(t)
	e.fake.QuotaTotal = 2
	c := e.open(t)
	for i := range 2 {
		if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Post " + string(rune('1'+i))}); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour)
	}
	containers := e.fake.Containers()
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Un de trop"})
	if !errors.Is(err, threads.ErrQuotaReached) || !errors.Is(err, app.ErrRateLimited) {
		t.Fatalf("error %v, want the quota said plainly", err)
	}
	ne, _ := app.AsNetError(err)
	if ne.RetryAfter != 22*time.Hour {
		t.Errorf("RetryAfter %v, want 22h: until the first post leaves the 24 hours", ne.RetryAfter)
	}
	if e.fake.Containers() != containers {
		t.Error("a container was made past the quota")
	}
	if !strings.Contains(err.Error(), "2 of 2 posts") {
		t.Errorf("error %q does not say the quota", err)
	}
}

func TestBadToken(t *testing.T) {
	e := setup(t)
	acc, _ := e.fake.Account()
	const bad = "THAAexpired-token-secret"
	c, _ := e.d.Open(acc, metatest.NewCreds(app.Secret{AccessToken: bad}))
	_, err := c.Profile(metatest.Ctx(t))
	if !errors.Is(err, app.ErrReconnect) {
		t.Fatalf("error %v, want ErrReconnect (code 190 with HTTP 400)", err)
	}
	if ne, _ := app.AsNetError(err); ne.Status != 400 || !strings.Contains(ne.Message, "code 190") {
		t.Errorf("NetError %+v", ne)
	}
	_, err = c.(app.Publisher).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "x"})
	if !errors.Is(err, app.ErrReconnect) {
		t.Errorf("Publish: %v", err)
	}
	for _, e := range []error{err} {
		if strings.Contains(e.Error(), bad) {
			t.Errorf("the error holds the token: %v", e)
		}
	}
}

func TestRateLimits(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	header := http.Header{"X-Business-Use-Case-Usage": {`{"17841400000000001":[{"type":"threads","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":12}]}`}}
	e.fake.FailNextWith(conformance.OpPublish, conformance.Failure{Status: 429, Message: "Too many calls"}, header)
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "a"})
	ne, ok := app.AsNetError(err)
	if !ok || !errors.Is(err, app.ErrRateLimited) || ne.RetryAfter != 12*time.Minute {
		t.Fatalf("429: %v (%+v), want rate limited for 12 minutes", err, ne)
	}
	// The answer said 100 % used: Relais sends nothing before the time
	// Meta gave.
	before := len(e.fake.Requests())
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) || len(e.fake.Requests()) != before {
		t.Fatalf("right after the limit: %v, %d requests sent", err, len(e.fake.Requests())-before)
	}
	e.clock.Advance(12*time.Minute + time.Second)
	for _, code := range []int{4, 17, 32, 613} {
		e.fake.FailCode(conformance.OpProfile, 400, code, 0, "User request limit reached")
		if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) {
			t.Errorf("code %d: %v, want rate limited", code, err)
		}
	}
	e.fake.FailCode(conformance.OpProfile, 400, 100, 0, "Param text must be at most 500 characters long.")
	_, err = c.Profile(metatest.Ctx(t))
	if ne, _ := app.AsNetError(err); !errors.Is(err, app.ErrRejected) || !strings.Contains(ne.Message, "500 characters") {
		t.Errorf("code 100: %v, want rejected with Meta's words", err)
	}
}

func TestMalformedAnswers(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	e.fake.FailNext(conformance.OpProfile, conformance.Failure{Malformed: true})
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrServerDown) {
		t.Errorf("HTML answer: %v, want server trouble", err)
	}
	e.fake.FailNext(threadstest.OpStatus, conformance.Failure{Truncate: true})
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Coupée"})
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() {
		t.Errorf("truncated status: %v, want a failure that may pass", err)
	}
	e.fake.FailNext(threadstest.OpQuota, conformance.Failure{Status: 400, Message: ""})
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "x"}); !errors.Is(err, app.ErrRejected) {
		t.Errorf("quota refused: %v", err)
	}
}

func TestInboxAndThread(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	first, err := c.Since(metatest.Ctx(t), "")
	if err != nil || len(first.Items) != 0 || first.Cursor == "" {
		t.Fatalf("first read %+v, %v", first, err)
	}
	post, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Nouveau pain"})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	reply := e.fake.Reply("julie.l", post.Ref.ID, "Il est au seigle ?")
	e.fake.Mention("marc", "la meilleure boulangerie")
	page, err := c.Since(metatest.Ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("items %+v, want the reply and the mention", page.Items)
	}
	kinds := map[app.ItemKind]string{}
	for _, it := range page.Items {
		kinds[it.Kind] = it.Text
	}
	if kinds[app.ItemReply] != "Il est au seigle ?" || !strings.Contains(kinds[app.ItemMention], "meilleure") {
		t.Errorf("kinds %v", kinds)
	}
	again, err := c.Since(metatest.Ctx(t), page.Cursor)
	if err != nil || len(again.Items) != 0 {
		t.Errorf("read again: %+v, %v; want nothing", again.Items, err)
	}
	// The answer is a reply to the reply.
	ans, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Oui, 30 % de seigle", ReplyTo: &app.RemoteRef{ID: reply}})
	if err != nil {
		t.Fatal(err)
	}
	th, err := c.Thread(metatest.Ctx(t), app.RemoteRef{ID: reply})
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 3 || th.Posts[0].Ref.ID != post.Ref.ID || th.Posts[th.Focus].Ref.ID != reply || !th.Posts[2].Mine || th.Posts[2].Ref.ID != ans.Ref.ID {
		t.Errorf("thread %+v", th)
	}
	if err := c.HideReply(metatest.Ctx(t), app.RemoteRef{ID: reply}, true); err != nil || !e.fake.Hidden(reply) {
		t.Errorf("HideReply: %v, hidden %v", err, e.fake.Hidden(reply))
	}
}

func TestMetrics(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	post, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "À mesurer"})
	if err != nil {
		t.Fatal(err)
	}
	e.fake.Like(post.Ref.ID, 7, 120)
	e.fake.Reply("a", post.Ref.ID, "Bravo")
	pm, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{post.Ref, {ID: "404"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pm) != 1 || pm[0].Likes != 7 || pm[0].Replies != 1 || pm[0].Views != 120 {
		t.Errorf("PostMetrics %+v", pm)
	}
	am, err := c.AccountMetrics(metatest.Ctx(t))
	if err != nil || am.Followers != 42 {
		t.Errorf("AccountMetrics %+v, %v", am, err)
	}
}

// TestTokenNeverShown: whatever fails, no error holds the token, and no
// request carries it in its address.
func TestTokenNeverShown(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	failures := []conformance.Failure{
		{Status: 401, Message: "Invalid OAuth access token"}, {Status: 429, RetryAfter: "3"}, {Status: 500},
		{Malformed: true}, {Truncate: true}, {Drop: true}, {Status: 400, Message: "Invalid parameter"},
	}
	for _, f := range failures {
		for _, op := range []conformance.Op{conformance.OpPublish, conformance.OpProfile, threadstest.OpContainer, threadstest.OpQuota} {
			e.fake.FailNext(op, f)
			var err error
			if op == conformance.OpProfile {
				_, err = c.Profile(metatest.Ctx(t))
			} else {
				_, err = c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Jeton"})
			}
			if err == nil {
				t.Errorf("%s %+v: no error", op, f)
				continue
			}
			if strings.Contains(err.Error(), threadstest.Token) || strings.Contains(err.Error(), "access_token") {
				t.Errorf("%s %+v: the error shows the token: %v", op, f, err)
			}
			e.clock.Advance(time.Minute)
		}
	}
	for _, q := range e.fake.RawQueries() {
		if strings.Contains(q, threadstest.Token) || strings.Contains(q, "access_token") {
			t.Errorf("a request's address holds the token: %q", q)
		}
	}
}

// TestRefusalsSaidWhatToDo: a permission the app's sign-in lacks, as
// Threads answers it when the container is made, and a container in
// ERROR with FAILED_DOWNLOADING_VIDEO come back as app errors that say
// what to do.
func TestRefusalsSaidWhatToDo(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	e.fake.FailCode(threadstest.OpContainer, 400, 10, 0, "(#10) The user has not granted the threads_content_publish permission")
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans permission"})
	var pe *app.PermissionError
	if !errors.As(err, &pe) || strings.Join(pe.Permissions, ",") != "threads_content_publish" {
		t.Errorf("missing permission: %v, want a PermissionError naming threads_content_publish", err)
	}
	e.fake.ContainerError = "FAILED_DOWNLOADING_VIDEO"
	_, err = c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Image", Media: []app.Attachment{conformance.Image("x")}})
	if !errors.Is(err, app.ErrMediaUnfetched) || !errors.Is(err, threads.ErrContainer) {
		t.Errorf("container in error: %v, want ErrMediaUnfetched", err)
	}
	if len(e.fake.Posts()) != 0 {
		t.Error("a post was made")
	}
}

// TestPublishingQuota reads what threads_publishing_limit reports, for
// scheduling.
func TestPublishingQuota(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	var _ app.QuotaReader = c
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Une"}); err != nil {
		t.Fatal(err)
	}
	q, err := c.PublishingQuota(metatest.Ctx(t))
	if err != nil || q.Used != 1 || q.Total != e.fake.QuotaTotal || q.Window != 24*time.Hour {
		t.Errorf("quota %+v, %v; want 1 of %d in 24 h", q, err, e.fake.QuotaTotal)
	}
}
