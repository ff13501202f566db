package instagram_test

import (
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/instagram"
	"github.com/relais-app/relais/connectors/meta/metatest"
)

// A container made before a crash is published by the next run, from the
// outbox journal's steps, rather than made again.
func TestContainerPublishedAfterARestart(t *testing.T) {
	e := setup(t)
	steps := &metatest.Steps{}
	o := app.Outgoing{Key: e.key(), Text: "Une seule fois", Media: []app.Attachment{conformance.Image("Une vitrine")}, Steps: steps}
	// The container is made, then the connection drops before
	// media_publish is read: no post, and Relais quits.
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true})
	if _, err := e.open(t).Publish(metatest.Ctx(t), o); err == nil {
		t.Fatal("the publication went through")
	}
	made := steps.Step(instagram.StepContainer)
	if made == "" || e.fake.Containers() != 1 || len(e.fake.Posts()) != 0 {
		t.Fatalf("step %q, %d containers, %d posts", made, e.fake.Containers(), len(e.fake.Posts()))
	}
	// Relais starts again: a new connector, the same journal. The engine
	// settles first (nothing there), then publishes that container.
	c := e.open(t)
	if _, ok, err := c.Find(metatest.Ctx(t), o); err != nil || ok {
		t.Fatalf("Find = %v, %v", ok, err)
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
