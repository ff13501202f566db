package threads_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/meta/metatest"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

func TestContainerPublishedAfterARestart(t *testing.T) {
	e := setup(t)
	steps := &metatest.Steps{}
	o := app.Outgoing{Key: e.key(), Text: "Une seule fois", Steps: steps}
	// The container is made, then the connection drops before
	// threads_publish is read: no post, and Relais quits.
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true})
	if _, err := e.open(t).Publish(metatest.Ctx(t), o); err == nil {
		t.Fatal("the publication went through")
	}
	made := steps.Step(threads.StepContainer)
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

// TestOutboxKeepsTheContainerAcrossARestart runs the publishing engine
// over the real store: a post's container is made, its publication is
// lost with the process, and the next run, on the database opened
// again, publishes that container.
func TestOutboxKeepsTheContainerAcrossARestart(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	keys := &keychaintest.Memory{}
	open := func() (*storage.DB, *app.Accounts, *app.Drafts, *app.Publishing) {
		db, err := storage.Open(dir, storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		accounts := app.NewAccounts(db, keys, app.NewRegistry(e.d), nil, e.clock)
		drafts := app.NewDrafts(db, e.clock)
		return db, accounts, drafts, app.NewPublishing(db, drafts, accounts, nil, e.clock, time.UTC, nil)
	}
	db, accounts, drafts, pub := open()
	acc, secret := e.fake.Account()
	acc, err := accounts.Connect(metatest.Ctx(t), acc, secret)
	if err != nil {
		t.Fatal(err)
	}
	post, err := drafts.Create(metatest.Ctx(t), app.Post{Text: "Portes ouvertes samedi", Status: app.StatusScheduled,
		PlannedAt: e.clock.Now(), Variants: []app.Variant{{Target: acc.Target()}}})
	if err != nil {
		t.Fatal(err)
	}
	e.fake.FailNext(conformance.OpPublish, conformance.Failure{Drop: true})
	res, err := pub.RunDue(metatest.Ctx(t))
	if err != nil || len(res) != 1 || res[0].Sent() {
		t.Fatalf("first run: %+v, %v", res, err)
	}
	if c := res[0].Attempt.Steps[threads.StepContainer]; c == "" {
		t.Fatalf("the journal holds no container: %+v", res[0].Attempt)
	}
	db.Close()

	e.clock.Advance(10 * time.Minute)
	db, _, _, pub = open()
	defer db.Close()
	res, err = pub.RunDue(metatest.Ctx(t))
	if err != nil || len(res) != 1 || !res[0].Sent() {
		t.Fatalf("after the restart: %+v, %v", res, err)
	}
	if n := e.fake.Containers(); n != 1 {
		t.Errorf("%d containers made, want 1", n)
	}
	if posts := e.fake.Posts(); len(posts) != 1 || posts[0].Text != post.Text {
		t.Errorf("posts %+v", posts)
	}
}
