package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
)

type benchClock struct{ now time.Time }

func (c benchClock) Now() time.Time { return c.now }

// BenchmarkRunDueSteady is one pass of the publishing engine over a
// workspace of 10,000 drafts with 2,000 posts planned over the last
// month, all already sent: the cost of every wake (each change of a
// draft, and once a minute).
func BenchmarkRunDueSteady(b *testing.B) {
	ctx := context.Background()
	db, err := storage.Open(b.TempDir(), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clock := benchClock{now: now}
	account := app.NewID(now)
	target := app.Target{Network: app.Mastodon, Account: account}
	for i := range 10_000 {
		at := now.Add(-time.Duration(i) * time.Minute)
		p := app.Post{ID: app.NewID(at), Text: fmt.Sprintf("Brouillon %d", i), Status: app.StatusDraft, CreatedAt: at, UpdatedAt: at}
		if i < 2000 {
			p.Status, p.PlannedAt = app.StatusPublished, now.Add(-time.Duration(i)*20*time.Minute)
			p.Variants = []app.Variant{{Target: target}}
			a := app.Attempt{ID: app.AttemptID(p.ID, target, p.PlannedAt), Post: p.ID, Target: target, Due: p.PlannedAt,
				Key: app.NewAttemptKey(p.PlannedAt), State: app.AttemptSent}
			if err := db.PutAttempt(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.PutPost(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	drafts := app.NewDrafts(db, clock)
	accounts := app.NewAccounts(db, nil, app.NewRegistry(), nil, clock)
	pub := app.NewPublishing(db, drafts, accounts, nil, clock, time.UTC, nil)
	b.ResetTimer()
	for range b.N {
		res, err := pub.RunDue(ctx)
		if err != nil || len(res) != 0 {
			b.Fatalf("%v %v", res, err)
		}
	}
}
