package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/media"
)

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// Two weeks of history, read back as Relais reads its data directory:
// a snapshot a day of each account with followers growing, posts with
// their figures, Tuesdays and Thursdays at 18:00 as the best time, and
// the inbox answered within the day.
func TestHistory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	masto, sky := mastodontest.Start(t), blueskytest.Start(t)
	secrets := &keychaintest.Memory{}
	end := time.Date(2026, 3, 18, 20, 30, 0, 0, paris) // a Wednesday evening
	dir := t.TempDir()
	h := history{dir: dir, days: 14, end: end, zone: paris, secrets: secrets, masto: masto, sky: sky, seed: historySeed}
	sum, err := h.run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(sum)
	if sum.Accounts != 2 || sum.SnapshotDays != 14 || sum.Posts < 14 || sum.Sent != 2*sum.Posts || sum.Planned == 0 {
		t.Errorf("summary %v: want 2 accounts, 14 days of snapshots, a post a day or more sent to both, and posts planned", sum)
	}
	if sum.Replies == 0 || sum.Replies >= sum.ToAnswer {
		t.Errorf("summary %v: want most of what asks for an answer answered, not all", sum)
	}
	if _, err := h.run(ctx); !errors.Is(err, errDataDirInUse) {
		t.Errorf("a history over another = %v, want %v", err, errDataDirInUse)
	}
	if now := masto.Posts(); len(now) == 0 {
		t.Fatal("nothing reached the fake Mastodon")
	}

	// The data directory as Relais opens it (main.go).
	db, err := storage.Open(dir, storage.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, err := media.Open(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	clock := fixedClock(end)
	accounts := app.NewAccounts(db, secrets, app.NewRegistry(mastodon.NewDialer(), bluesky.NewDialer()), files, clock)
	list, err := accounts.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, acc := range list {
		if _, ok := secrets.Get(acc.ID); !ok || acc.State != app.AccountConnected || acc.Label != brand {
			t.Errorf("account %s: state %s, label %q, secret kept %v; want connected, %q, kept", acc.Handle, acc.State, acc.Label, ok, brand)
		}
	}
	rep, err := app.NewAnalytics(db, accounts, clock, paris).Report(ctx, app.ReportQuery{Period: app.LastDays(end, 14, paris)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Brand != brand {
		t.Errorf("brand %q, want %q", rep.Brand, brand)
	}

	if len(rep.Accounts) != 2 {
		t.Fatalf("%d accounts in the report, want 2", len(rep.Accounts))
	}
	growth := map[app.Network]float64{}
	for _, a := range rep.Accounts {
		days := a.Days
		if len(days) != 14 {
			t.Errorf("%s: %d snapshots, want 14", a.Account.Network, len(days))
			continue
		}
		start, last := days[0].Followers, days[len(days)-1].Followers
		want := mastoFollowers
		if a.Account.Network == app.Bluesky {
			want = skyFollowers
		}
		if start < want*95/100 || start > want*105/100 || last <= start {
			t.Errorf("%s: followers from %d to %d, want from about %d, growing", a.Account.Network, start, last, want)
		}
		growth[a.Account.Network] = float64(last-start) / float64(start)
	}
	if growth[app.Bluesky] <= growth[app.Mastodon] {
		t.Errorf("growth: Bluesky %.1f %%, Mastodon %.1f %%; want Bluesky faster", 100*growth[app.Bluesky], 100*growth[app.Mastodon])
	}

	if len(rep.Posts) < 2*14 {
		t.Errorf("%d posts in the report, want two a day or more (one per account)", len(rep.Posts))
	}
	engaged := 0
	for _, p := range rep.Posts {
		if p.Engagement() > 0 && p.Followers > 0 && p.Reads > 1 {
			engaged++
		}
	}
	if engaged < len(rep.Posts)*3/4 {
		t.Errorf("%d of %d posts have engagement, the followers of their day and several reads; want most", engaged, len(rep.Posts))
	}
	for _, n := range rep.Networks {
		if n.Likes == 0 || n.Boosts == 0 || n.Replies == 0 || n.Quotes == 0 {
			t.Errorf("%s: %+v; want likes, boosts, replies and quotes", n.Network, n)
		}
	}

	bt := rep.BestTime
	if !bt.ByFollowers || len(bt.Best) == 0 {
		t.Fatalf("best time: by followers %v, %d best hours; want the rate, and best hours", bt.ByFollowers, len(bt.Best))
	}
	if best := bt.Best[0]; (best.Day != time.Tuesday && best.Day != time.Thursday) || best.Hour != 18 || best.Ratio < 1.5 {
		t.Errorf("best time %v at %d:00 (%.1f× the average), want Tuesday or Thursday at 18:00, clearly", best.Day, best.Hour, best.Ratio)
	}

	in := rep.Inbox
	if in.NeedingReply == 0 || in.Answered == 0 || in.Answered >= in.NeedingReply {
		t.Errorf("inbox: %d answered of %d to answer; want most, not all", in.Answered, in.NeedingReply)
	}
	if in.Median < time.Minute || in.Median > 24*time.Hour || in.P90 < in.Median {
		t.Errorf("inbox: median %v, 90th percentile %v; want a median between a minute and a day", in.Median, in.P90)
	}
	if in.Risks == 0 {
		t.Error("inbox: no risk flagged; want the complaint of the history flagged")
	}
	if in.ByKind[app.ItemLike] == 0 || in.ByKind[app.ItemFollow] == 0 || in.ByKind[app.ItemDirect] == 0 {
		t.Errorf("inbox by kind %v: want likes, follows and direct messages", in.ByKind)
	}
}

// Every text of the history can go out on both networks.
func TestTextsFit(t *testing.T) {
	for _, list := range [][]campaign{tuesdayPosts, thursdayPosts, dailyPosts} {
		for _, c := range list {
			for _, n := range []app.Network{app.Mastodon, app.Bluesky} {
				if l := app.Length(n, c.text); l > n.MaxLength() {
					t.Errorf("%q: %d characters on %s, at most %d", c.title, l, n, n.MaxLength())
				}
			}
		}
	}
}

// countingStore counts the reads of the store it wraps.
type countingStore struct {
	app.SecretStore
	reads int
}

func (c *countingStore) Secret(ctx context.Context, id app.ID) (app.Secret, error) {
	c.reads++
	return c.SecretStore.Secret(ctx, id)
}

// Secrets are written through to the keychain, and read from it once.
func TestRememberedSecrets(t *testing.T) {
	ctx := context.Background()
	mem := &keychaintest.Memory{}
	keychain := &countingStore{SecretStore: mem}
	s := remember(keychain)
	id := app.NewID(time.Now())
	if _, err := s.Secret(ctx, id); !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("Secret of nothing = %v, want %v", err, app.ErrNoSecret)
	}
	if err := s.PutSecret(ctx, id, app.Secret{AccessToken: "a"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got, err := s.Secret(ctx, id); err != nil || got.AccessToken != "a" {
			t.Fatalf("Secret = %v, %v", got.AccessToken, err)
		}
	}
	if kept, _ := mem.Get(id); kept.AccessToken != "a" || keychain.reads != 1 {
		t.Errorf("keychain holds %q after %d reads; want \"a\", read once (before it held it)", kept.AccessToken, keychain.reads)
	}
	mem.Unavailable = true
	if err := s.PutSecret(ctx, id, app.Secret{AccessToken: "b"}); err == nil {
		t.Fatal("PutSecret with the keychain unavailable succeeded")
	}
	if _, err := s.Secret(ctx, id); err == nil {
		t.Error("a secret the keychain refused is still given")
	}
	mem.Unavailable = false
	if err := s.DeleteSecret(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Secret(ctx, id); !errors.Is(err, app.ErrNoSecret) {
		t.Errorf("Secret after DeleteSecret = %v, want %v", err, app.ErrNoSecret)
	}
}
