package instagram_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/instagram"
	"github.com/relais-app/relais/connectors/instagram/instagramtest"
	"github.com/relais-app/relais/connectors/meta/metatest"
)

type env struct {
	fake  *instagramtest.Server
	clock *metatest.Clock
	host  *metatest.MediaHost
	d     *instagram.Dialer
}

func setup(t *testing.T) *env {
	t.Helper()
	e := &env{fake: instagramtest.Start(t), clock: metatest.NewClock(), host: metatest.NewMediaHost(t)}
	e.fake.SetClock(e.clock.Now)
	e.d = instagram.NewDialer()
	e.d.Now, e.d.Sleep, e.d.Media = e.clock.Now, e.clock.Sleep, e.host
	return e
}

func (e *env) open(t *testing.T) *instagram.Connector {
	t.Helper()
	acc, secret := e.fake.Account()
	c, err := e.d.Open(acc, metatest.NewCreds(secret))
	if err != nil {
		t.Fatal(err)
	}
	return c.(*instagram.Connector)
}

func (e *env) key() string { return app.NewAttemptKey(e.clock.Now()) }

// pngImage is a w×h PNG attachment with a transparent half.
func pngImage(w, h int, alt string) app.Attachment {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w / 2 {
			img.Set(x, y, color.NRGBA{R: 180, G: 90, A: 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	data := b.Bytes()
	return app.Attachment{Media: app.Media{Hash: "p", Type: "image/png", Size: int64(len(data)), Width: w, Height: h, Name: "photo.png", Alt: alt},
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

func TestProfile(t *testing.T) {
	e := setup(t)
	p, err := e.open(t).Profile(metatest.Ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.RemoteID != instagramtest.UserID || p.Handle != instagramtest.Username || p.URL != "https://www.instagram.com/boulangerie.martin/" {
		t.Errorf("profile %+v: want the user_id (not the app-scoped id) and the handle", p)
	}
	// A personal account is said plainly.
	e.fake.AccountType = "PERSONAL"
	_, err = e.open(t).Profile(metatest.Ctx(t))
	if !errors.Is(err, app.ErrNotProfessional) || !errors.Is(err, app.ErrRejected) {
		t.Errorf("personal account: %v, want ErrNotProfessional", err)
	}
	// A token for another account than the one asked (--ig-user).
	e.fake.AccountType = "MEDIA_CREATOR"
	acc, secret := e.fake.Account()
	acc.RemoteID = "17841499999999999"
	c, _ := e.d.Open(acc, metatest.NewCreds(secret))
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, instagram.ErrOtherAccount) {
		t.Errorf("another account: %v", err)
	}
}

// TestPublishImageAndCarousel: an image and a carousel published once
// each with their alt texts, each image staged as a JPEG (a PNG is
// converted first) and deleted once published.
func TestPublishImageAndCarousel(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	one, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Fournée du jour 🥖 #levain", Media: []app.Attachment{pngImage(40, 40, "Un pain doré")}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(one.URL, "https://www.instagram.com/p/") || !one.At.Equal(e.clock.Now()) {
		t.Errorf("published %+v", one)
	}
	e.clock.Advance(time.Minute)
	three := []app.Attachment{pngImage(40, 40, "Baguette"), pngImage(50, 40, "Croissant"), conformance.Image("Brioche")}
	album, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trois images", Media: three})
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 2 || posts[0].ID != one.Ref.ID || posts[1].ID != album.Ref.ID || posts[0].Text != "Fournée du jour 🥖 #levain" {
		t.Fatalf("posts %+v", posts)
	}
	if strings.Join(posts[0].Alts, "|") != "Un pain doré" || strings.Join(posts[1].Alts, "|") != "Baguette|Croissant|Brioche" {
		t.Errorf("alt texts %q and %q", posts[0].Alts, posts[1].Alts)
	}
	if e.host.Staged() != 4 || len(e.fake.Fetches()) != 4 {
		t.Errorf("%d images staged, %d fetched by Instagram; want 4 each", e.host.Staged(), len(e.fake.Fetches()))
	}
	for i, typ := range e.host.Types() {
		if typ != "image/jpeg" || !bytes.HasPrefix(e.host.Data()[i], []byte{0xff, 0xd8, 0xff}) {
			t.Errorf("image %d staged as %s (% x): want a JPEG, converted before staging", i+1, typ, e.host.Data()[i][:4])
		}
	}
	if n := e.host.Left(); n != 0 {
		t.Errorf("%d staged images left after publishing, want none", n)
	}
}

// TestRefusedBeforeAnyRequest: a text alone, an image of a shape
// Instagram does not take without consent, no storage.
func TestRefusedBeforeAnyRequest(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans image"}); !errors.Is(err, app.ErrNeedsImage) {
		t.Errorf("text alone: %v", err)
	}
	tall := pngImage(90, 160, "Une vitrine")
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "9:16", Media: []app.Attachment{tall}})
	if !errors.Is(err, app.ErrImageShape) || e.fake.Containers() != 0 {
		t.Errorf("9:16 without consent: %v, %d containers", err, e.fake.Containers())
	}
	// With consent, it is cropped to 4:5 and goes.
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "9:16 recadrée", Media: []app.Attachment{tall}, ImageFit: app.FitCrop}); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(e.host.Data()[len(e.host.Data())-1]))
	if err != nil || cfg.Width != 90 || cfg.Height != 112 {
		t.Errorf("cropped to %d×%d, %v; want 90×112", cfg.Width, cfg.Height, err)
	}
	e.d.Media = nil
	_, err = e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans stockage", Media: []app.Attachment{conformance.Image("x")}})
	if !errors.Is(err, instagram.ErrNoMediaHost) || !errors.Is(err, app.ErrRejected) {
		t.Errorf("without storage: %v", err)
	}
}

func TestContainerInProgressThenFinished(t *testing.T) {
	e := setup(t)
	e.fake.ProcessingTime = 90 * time.Second
	if _, err := e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Patience", Media: []app.Attachment{conformance.Image("x")}}); err != nil {
		t.Fatal(err)
	}
	if len(e.fake.Posts()) != 1 || e.clock.Waited() < 90*time.Second {
		t.Errorf("posts %d, waited %v: want the container waited for", len(e.fake.Posts()), e.clock.Waited())
	}
	// Still in progress past the wait: a failure that may pass, no post.
	e.fake.ProcessingTime = time.Hour
	e.d.ContainerWait = 5 * time.Minute
	_, err := e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trop long", Media: []app.Attachment{conformance.Image("x")}})
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() || !strings.Contains(err.Error(), "still in progress") {
		t.Errorf("error %v, want a failure that may pass", err)
	}
	if len(e.fake.Posts()) != 1 {
		t.Error("a post was made")
	}
}

func TestContainerErrorAndFetchRefused(t *testing.T) {
	e := setup(t)
	e.host.SetBroken(true) // the bucket is not public: Meta cannot fetch the image
	_, err := e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Image", Media: []app.Attachment{conformance.Image("x")}})
	ne, _ := app.AsNetError(err)
	if !errors.Is(err, app.ErrRejected) || ne == nil || !strings.Contains(ne.Message, "media URI answered HTTP 403") || !strings.Contains(ne.Message, "2207052") {
		t.Fatalf("error %v (%+v), want Meta's refusal in its words", err, ne)
	}
	if !errors.Is(err, app.ErrMediaUnfetched) {
		t.Errorf("error %v, want ErrMediaUnfetched: the storage's addresses are not public", err)
	}
	if e.host.Left() != 0 {
		t.Error("the staged image was not removed after the refusal")
	}
	// A container that ends in ERROR, with Meta's status said.
	e.host.SetBroken(false)
	e.fake.ContainerError = "Error: Media ID is not available (2207001)"
	_, err = e.open(t).Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Erreur", Media: []app.Attachment{conformance.Image("x")}})
	ne, _ = app.AsNetError(err)
	if !errors.Is(err, instagram.ErrContainer) || !errors.Is(err, app.ErrRejected) || ne == nil || !strings.Contains(ne.Message, "2207001") {
		t.Errorf("error %v, want ErrContainer with Meta's status", err)
	}
	if len(e.fake.Posts()) != 0 || e.host.Left() != 0 {
		t.Error("a post was made, or an image left staged")
	}
}

// TestLostAnswerSettled: media_publish made the post but its answer was
// lost; after a restart, Find pages back to it, and publishing again
// makes no second post.
func TestLostAnswerSettled(t *testing.T) {
	e := setup(t)
	e.fake.PageSize = 2
	o := app.Outgoing{Key: e.key(), Text: "Perdue  puis\ntrouvée", Media: []app.Attachment{conformance.Image("Une vitrine"), conformance.Image("Un four")}}
	e.clock.Advance(time.Second)
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true, AfterCreate: true})
	c := e.open(t)
	if _, err := c.Publish(metatest.Ctx(t), o); err == nil {
		t.Fatal("no error after a dropped answer")
	}
	for i := range 5 {
		e.clock.Advance(time.Minute)
		e.fake.Publish("Plus récente "+string(rune('A'+i)), e.clock.Now())
	}
	// The same connector settles before sending again.
	got, err := c.Publish(metatest.Ctx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Posts()
	if len(posts) != 6 || got.Ref.ID != posts[0].ID {
		t.Fatalf("posts %+v, published %+v: want the first one found, none twice", posts, got)
	}
	// After a restart too.
	found, ok, err := e.open(t).Find(metatest.Ctx(t), o)
	if err != nil || !ok || found.Ref.ID != posts[0].ID {
		t.Errorf("Find = %+v, %v, %v", found, ok, err)
	}
	// A read that fails half-way never answers "not there".
	e.fake.FailNext(conformance.OpRead, conformance.Failure{Status: 500})
	if _, ok, err := e.open(t).Find(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Jamais envoyée", Media: o.Media[:1]}); err == nil || ok {
		t.Errorf("Find with a failed page = %v, %v", ok, err)
	}
	if e.fake.Containers() != 3 {
		t.Errorf("%d containers, want 3 (two items and the carousel)", e.fake.Containers())
	}
}

// TestQuota: the daily limit reached is said before any container.
func TestQuota(t *testing.T) {
	e := setup(t)
	e.fake.QuotaTotal = 2
	c := e.open(t)
	for i := range 2 {
		if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Post " + string(rune('1'+i)), Media: []app.Attachment{conformance.Image("x")}}); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour)
	}
	containers, staged := e.fake.Containers(), e.host.Staged()
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Un de trop", Media: []app.Attachment{conformance.Image("x")}})
	if !errors.Is(err, instagram.ErrQuotaReached) || !errors.Is(err, app.ErrRateLimited) {
		t.Fatalf("error %v, want the limit said plainly", err)
	}
	if ne, _ := app.AsNetError(err); ne.RetryAfter != 22*time.Hour || !strings.Contains(err.Error(), "2 of 2 posts") {
		t.Errorf("RetryAfter %v, error %q", ne.RetryAfter, err)
	}
	if e.fake.Containers() != containers || e.host.Staged() != staged {
		t.Error("a container was made or an image staged past the limit")
	}
}

// TestBadTokenThenNewToken: code 190 with HTTP 400 asks to sign in
// again; once the keychain holds a new token (a refresh), the same
// connector uses it.
func TestBadTokenThenNewToken(t *testing.T) {
	e := setup(t)
	acc, good := e.fake.Account()
	const bad = "IGAAexpired-token-secret"
	creds := metatest.NewCreds(app.Secret{AccessToken: bad})
	c, _ := e.d.Open(acc, creds)
	_, err := c.Profile(metatest.Ctx(t))
	if !errors.Is(err, app.ErrReconnect) || strings.Contains(err.Error(), bad) {
		t.Fatalf("error %v, want ErrReconnect without the token", err)
	}
	creds.SetSecret(metatest.Ctx(t), good)
	if _, err := c.Profile(metatest.Ctx(t)); err != nil {
		t.Errorf("after the token changed: %v", err)
	}
	for _, q := range e.fake.RawQueries() {
		if strings.Contains(q, bad) || strings.Contains(q, good.AccessToken) {
			t.Errorf("a URL holds the token: %q", q)
		}
	}
}

func TestRateLimits(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	header := http.Header{"X-Business-Use-Case-Usage": {`{"17841400000000002":[{"type":"instagram","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":12}]}`}}
	e.fake.FailNextWith(conformance.OpPublish, conformance.Failure{Status: 429, Message: "Too many calls"}, header)
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "a", Media: []app.Attachment{conformance.Image("x")}})
	if ne, ok := app.AsNetError(err); !ok || !errors.Is(err, app.ErrRateLimited) || ne.RetryAfter != 12*time.Minute {
		t.Fatalf("429: %v, want rate limited for 12 minutes", err)
	}
	before := len(e.fake.Requests())
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) || len(e.fake.Requests()) != before {
		t.Fatalf("right after: %v, %d requests sent", err, len(e.fake.Requests())-before)
	}
	e.clock.Advance(13 * time.Minute)
	// X-App-Usage at 95 % holds Relais back before Meta throttles.
	e.fake.Usage = `{"call_count":95,"total_cputime":10,"total_time":10}`
	if _, err := c.Profile(metatest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrRateLimited) {
		t.Errorf("at 95 %%: %v, want Relais holding back", err)
	}
}

func TestMalformedAnswers(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	e.fake.FailNext(conformance.OpProfile, conformance.Failure{Malformed: true})
	if _, err := c.Profile(metatest.Ctx(t)); !errors.Is(err, app.ErrServerDown) {
		t.Errorf("HTML: %v", err)
	}
	e.fake.FailNext(instagramtest.OpStatus, conformance.Failure{Truncate: true})
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Coupée", Media: []app.Attachment{conformance.Image("x")}})
	if ne, ok := app.AsNetError(err); !ok || !ne.Temporary() {
		t.Errorf("truncated status: %v", err)
	}
	e.fake.FailNext(instagramtest.OpQuota, conformance.Failure{Truncate: true})
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "x", Media: []app.Attachment{conformance.Image("x")}}); err == nil {
		t.Error("a truncated limit was taken")
	}
}

// TestInboxAndReply: comments and replies arrive once each; a reply to
// one goes once, under it, even after a lost answer; a comment hides.
func TestInboxAndReply(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	post, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Nouveau pain", Media: []app.Attachment{conformance.Image("x")}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.Since(metatest.Ctx(t), "")
	if err != nil || len(first.Items) != 0 {
		t.Fatalf("first read %+v, %v", first, err)
	}
	e.clock.Advance(time.Minute)
	q := e.fake.Comment("julie.l", post.Ref.ID, "Il est au seigle ?")
	e.clock.Advance(time.Second)
	r := e.fake.Reply("marc", q, "Moi aussi je veux savoir")
	page, err := c.Since(metatest.Ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].RemoteID != q || page.Items[1].RemoteID != r {
		t.Fatalf("items %+v, want the comment then the reply", page.Items)
	}
	if it := page.Items[1]; it.Post == nil || it.Post.ID != q || it.Post.Root == nil || it.Post.Root.ID != post.Ref.ID || it.URL == "" {
		t.Errorf("reply item %+v: want it answered under the comment", it)
	}
	again, err := c.Since(metatest.Ctx(t), page.Cursor)
	if err != nil || len(again.Items) != 0 {
		t.Errorf("read again: %+v, %v", again.Items, err)
	}
	// The answer's answer is lost: settled without a second reply.
	o := app.Outgoing{Key: e.key(), Text: "Oui, 30 % de seigle", ReplyTo: page.Items[0].Post}
	e.fake.FailNext(instagramtest.OpReply, conformance.Failure{Drop: true, AfterCreate: true})
	if _, err := c.Publish(metatest.Ctx(t), o); err == nil {
		t.Fatal("no error after a dropped answer")
	}
	ans, err := c.Publish(metatest.Ctx(t), o)
	if err != nil {
		t.Fatal(err)
	}
	mine := 0
	for _, p := range e.fake.Posts() {
		if p.ReplyTo == q {
			mine++
			if p.ID != ans.Ref.ID || p.Text != o.Text {
				t.Errorf("reply %+v, published %+v", p, ans)
			}
		}
	}
	if mine != 1 {
		t.Errorf("%d replies under the comment, want 1", mine)
	}
	// The account's own reply is not read as new.
	if own, err := c.Since(metatest.Ctx(t), again.Cursor); err != nil || len(own.Items) != 0 {
		t.Errorf("after replying: %+v, %v", own.Items, err)
	}
	if err := c.HideReply(metatest.Ctx(t), app.RemoteRef{ID: r}, true); err != nil || !e.fake.Hidden(r) {
		t.Errorf("HideReply: %v, hidden %v", err, e.fake.Hidden(r))
	}
}

// The account deletes the comments under its own media, not those under
// another account's (code 10, which is no sign-in to renew here), and a
// comment gone is said so; Instagram's API cannot like.
func TestDeleteComment(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	ctx := metatest.Ctx(t)
	m := e.fake.Publish("Nouveau pain", e.clock.Now())
	cm := e.fake.Comment("alice", m, "Il a l'air bon")
	r := e.fake.Reply("bruno", cm, "Oui !")
	if err := c.DeleteComment(ctx, cm); err != nil {
		t.Fatal(err)
	}
	if e.fake.Exists(cm) || e.fake.Exists(r) {
		t.Errorf("after deleting: comment %v, its reply %v", e.fake.Exists(cm), e.fake.Exists(r))
	}
	if err := c.DeleteComment(ctx, cm); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("deleting again = %v, want ErrRemoteGone", err)
	}
	if err := c.HideReply(ctx, app.RemoteRef{ID: cm}, true); !errors.Is(err, app.ErrRemoteGone) {
		t.Errorf("hiding a comment gone = %v, want ErrRemoteGone", err)
	}
	theirs := e.fake.ForeignComment("chloe", "chez eux")
	err := c.DeleteComment(ctx, theirs)
	if !errors.Is(err, app.ErrNotOurComment) || errors.Is(err, app.ErrReconnect) || !e.fake.Exists(theirs) {
		t.Errorf("deleting a comment under another account's media = %v; want ErrNotOurComment", err)
	}
	err = c.HideReply(ctx, app.RemoteRef{ID: theirs}, true)
	if !errors.Is(err, app.ErrNotOurComment) || errors.Is(err, app.ErrReconnect) || e.fake.Hidden(theirs) {
		t.Errorf("hiding a comment under another account's media = %v; want ErrNotOurComment", err)
	}
	if _, err := c.Profile(ctx); err != nil {
		t.Errorf("the sign-in is still good: %v", err)
	}
	if _, ok := any(c).(app.Liker); ok {
		t.Error("Instagram's API cannot like: the connector is no Liker")
	}
}

func TestMetrics(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	post, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "À mesurer", Media: []app.Attachment{conformance.Image("x")}})
	if err != nil {
		t.Fatal(err)
	}
	e.fake.Like(post.Ref.ID, 7, 120, 90, 3, 2)
	e.fake.Comment("a", post.Ref.ID, "Bravo")
	pm, err := c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{post.Ref, {ID: "404"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pm) != 1 || pm[0].Likes != 7 || pm[0].Replies != 1 || pm[0].Boosts != 2 || pm[0].Views != 120 || pm[0].Reach != 90 || pm[0].Saves != 3 {
		t.Errorf("PostMetrics %+v, want 7 likes, 1 comment, 2 shares, 120 views, 90 reached, 3 saves", pm)
	}
	// Insights refused: the counts still come, without views.
	e.fake.RefuseInsights = true
	pm, err = c.PostMetrics(metatest.Ctx(t), []app.RemoteRef{post.Ref})
	if err != nil || len(pm) != 1 || pm[0].Likes != 7 || pm[0].Replies != 1 || pm[0].Views != 0 || pm[0].Reach != 0 || pm[0].Saves != 0 {
		t.Errorf("insights refused: %+v, %v", pm, err)
	}
	am, err := c.AccountMetrics(metatest.Ctx(t))
	if err != nil || am.Followers != 1234 || am.Following != 56 || am.Posts != 1 {
		t.Errorf("AccountMetrics %+v, %v", am, err)
	}
}

// TestRefusalsSaidWhatToDo: a permission the app's sign-in lacks, and
// an image Meta took too long to download, as Instagram answers them
// when the container is made, come back as app errors that say what to
// do.
func TestRefusalsSaidWhatToDo(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	e.fake.FailCode(instagramtest.OpContainer, 400, 10, 0, "(#10) Application does not have permission for this action: it requires the 'instagram_business_content_publish' permission")
	_, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Sans permission", Media: []app.Attachment{conformance.Image("x")}})
	var pe *app.PermissionError
	if !errors.As(err, &pe) || strings.Join(pe.Permissions, ",") != "instagram_business_content_publish" {
		t.Errorf("missing permission: %v, want a PermissionError naming instagram_business_content_publish", err)
	}
	e.fake.FailCode(instagramtest.OpContainer, 400, -2, 2207003, "It takes too long to download the media.")
	_, err = c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Trop lent", Media: []app.Attachment{conformance.Image("x")}})
	if !errors.Is(err, app.ErrMediaUnfetched) {
		t.Errorf("download timeout: %v, want ErrMediaUnfetched", err)
	}
	if len(e.fake.Posts()) != 0 || e.host.Left() != 0 {
		t.Error("a post was made, or an image left staged")
	}
}

// TestPublishingQuota reads what content_publishing_limit reports, for
// scheduling.
func TestPublishingQuota(t *testing.T) {
	e := setup(t)
	c := e.open(t)
	var _ app.QuotaReader = c
	if _, err := c.Publish(metatest.Ctx(t), app.Outgoing{Key: e.key(), Text: "Une", Media: []app.Attachment{conformance.Image("x")}}); err != nil {
		t.Fatal(err)
	}
	q, err := c.PublishingQuota(metatest.Ctx(t))
	if err != nil || q.Used != 1 || q.Total != e.fake.QuotaTotal || q.Window != 24*time.Hour {
		t.Errorf("quota %+v, %v; want 1 of %d in 24 h", q, err, e.fake.QuotaTotal)
	}
}
