package mastodon_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

// as reads path on the fake with another account's token, and returns
// the status and the JSON answer.
func as(t *testing.T, base, token, path string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// A direct answer is seen only by the accounts it mentions, and only they
// are notified, as on Mastodon and GoToSocial: the item tells whom to
// mention, and app.ReplyText mentions them.
func TestDirectReplyReachesOnlyWhomItMentions(t *testing.T) {
	c, fake := open(t)
	if _, err := c.Profile(ctx(t)); err != nil {
		t.Fatal(err)
	}
	alice, bob := fake.TokenFor("alice"), fake.TokenFor("bob")
	dm := fake.Direct("alice", "@bob on en parle ?")
	page, err := c.Since(ctx(t), "")
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("read %+v (%v)", page, err)
	}
	host := strings.TrimPrefix(fake.URL(), "http://")
	it := page.Items[0]
	if it.Kind != app.ItemDirect || !slices.Equal(it.Mentions, []string{"relais@" + host, "bob@" + host}) {
		t.Fatalf("the direct message: %s, mentions %q", it.Kind, it.Mentions)
	}

	// Without the mentions: nobody but us sees it, nobody is notified.
	bare, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "Bien reçu", ReplyTo: it.Post, Visibility: app.VisibilityDirect})
	if err != nil {
		t.Fatal(err)
	}
	if got := as(t, fake.URL(), alice, "/api/v1/statuses/"+bare.Ref.ID, nil); got != http.StatusNotFound {
		t.Errorf("alice reads a direct answer that does not mention her: %d, want 404", got)
	}
	var notifs []map[string]any
	if as(t, fake.URL(), alice, "/api/v1/notifications", &notifs); len(notifs) != 0 {
		t.Errorf("alice was notified of an answer that does not mention her: %v", notifs)
	}

	// With them, as Relais sends it.
	self := app.Account{Network: app.Mastodon, Handle: "relais@" + host, Server: fake.URL()}
	text := app.ReplyText(app.InboxItem{Network: app.Mastodon, Item: it}, self, "Bien reçu")
	if text != "@alice @bob Bien reçu" {
		t.Fatalf("the reply's text: %q", text)
	}
	full, err := c.Publish(ctx(t), app.Outgoing{Key: key(1), Text: text, ReplyTo: it.Post, Visibility: app.VisibilityDirect})
	if err != nil {
		t.Fatal(err)
	}
	for name, tok := range map[string]string{"alice": alice, "bob": bob} {
		if got := as(t, fake.URL(), tok, "/api/v1/statuses/"+full.Ref.ID, nil); got != http.StatusOK {
			t.Errorf("%s reads the answer that mentions them: %d, want 200", name, got)
		}
		notifs = nil
		if as(t, fake.URL(), tok, "/api/v1/notifications", &notifs); len(notifs) != 1 || notifs[0]["type"] != "mention" {
			t.Errorf("%s's notifications: %v", name, notifs)
		}
	}
	// The message itself is theirs to read too, and nobody else's.
	if got := as(t, fake.URL(), fake.TokenFor("carol"), "/api/v1/statuses/"+dm, nil); got != http.StatusNotFound {
		t.Errorf("carol reads a direct message between others: %d", got)
	}
}

// A status deleted since the sync: PostExists says so, and a reply to it
// is refused as Mastodon refuses it (404), never made.
func TestReplyToADeletedStatus(t *testing.T) {
	c, fake := open(t)
	id := fake.Reply("alice", "une question", "")
	ref := app.RemoteRef{ID: id}
	if ok, err := c.PostExists(ctx(t), ref); err != nil || !ok {
		t.Fatalf("PostExists before the deletion: %v %v", ok, err)
	}
	fake.Delete(id)
	if ok, err := c.PostExists(ctx(t), ref); err != nil || ok {
		t.Fatalf("PostExists after the deletion: %v %v", ok, err)
	}
	_, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: "@alice merci", ReplyTo: &ref})
	ne, ok := app.AsNetError(err)
	if !errors.Is(err, app.ErrRemoteGone) || !ok || ne.Status != http.StatusNotFound ||
		ne.Message != "The post you are trying to reply to does not appear to exist." {
		t.Fatalf("a reply to a deleted status: %v", err)
	}
	if n := len(fake.Posts()); n != 0 {
		t.Errorf("%d statuses made", n)
	}
}
