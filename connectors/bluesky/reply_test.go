package bluesky_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// A post deleted since it was read: the AppView's getPosts leaves it
// out, so PostExists says so, while the PDS, like the real one, still
// takes a reply to it (which is why the inbox asks first).
func TestPostExistsAfterADeletion(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	root, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Une annonce"})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	question := e.fake.Notify("Alice", "reply", "Une question ?", root.Ref.ID)
	items, _, _ := e.drain(t, "")
	var post *app.RemoteRef
	for _, it := range items {
		if it.Post != nil && it.Post.ID == question {
			post = it.Post
		}
	}
	if post == nil || post.CID == "" {
		t.Fatalf("the reply was not read: %+v", items)
	}
	if ok, err := e.conn.PostExists(ctx, *post); err != nil || !ok {
		t.Fatalf("PostExists before the deletion: %v %v", ok, err)
	}
	if !e.fake.Delete(question) {
		t.Fatal("nothing deleted")
	}
	if ok, err := e.conn.PostExists(ctx, *post); err != nil || ok {
		t.Fatalf("PostExists after the deletion: %v %v", ok, err)
	}
	e.clock.Advance(time.Second)
	if _, err := e.conn.Publish(ctx, app.Outgoing{Key: app.NewAttemptKey(e.clock.Now()), Text: "Merci", ReplyTo: post}); err != nil {
		t.Fatalf("the PDS refused a reply to a deleted post, which the real one takes: %v", err)
	}
}
