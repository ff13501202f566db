package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// day is the civil date y-m-d, as app.AccountDay.Day holds it.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// accountDay is account's figures on day, numbered n.
func accountDay(account app.ID, d time.Time, n int) app.AccountDay {
	return app.AccountDay{Account: account, Day: d, Followers: 1000 + n, Following: 200 + n%7, Posts: 50 + n/3, At: d.Add(23*time.Hour + time.Duration(n)*time.Second)}
}

// yearOf is an account's figures on every day of the year from start.
func yearOf(account app.ID, start time.Time, days int) []app.AccountDay {
	out := make([]app.AccountDay, days)
	for i := range out {
		out[i] = accountDay(account, start.AddDate(0, 0, i), i)
	}
	return out
}

func accountDays(t testing.TB, db *DB, from, to time.Time) []app.AccountDay {
	t.Helper()
	var out []app.AccountDay
	if err := db.AccountDays(ctx, from, to, func(d app.AccountDay) bool { out = append(out, d); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func allPostStats(t testing.TB, db *DB) map[string]app.PostStats {
	t.Helper()
	out := map[string]app.PostStats{}
	if err := db.PostStats(ctx, func(s app.PostStats) bool { out[s.Key] = s; return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func sentAttempts(t testing.TB, db *DB) map[string]app.Attempt {
	t.Helper()
	out := map[string]app.Attempt{}
	err := db.SentAttempts(ctx, func(a app.Attempt) bool {
		if _, dup := out[a.ID]; dup {
			t.Errorf("attempt %s given twice", a.ID)
		}
		out[a.ID] = a
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// everyFieldSet fails when a field of the struct v is zero, so that a
// field added to the domain type without its place in the record fails
// the round trip that uses v.
func everyFieldSet(t testing.TB, v any) {
	t.Helper()
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Errorf("the %T fixture leaves %s zero", v, rv.Type().Field(i).Name)
		}
	}
}

// attempt is attempt n of a post going out at due, in state.
func attempt(post, account app.ID, n int, due time.Time, state app.AttemptState) app.Attempt {
	target := app.Target{Network: app.Mastodon, Account: account}
	a := app.Attempt{
		ID: app.AttemptID(post, target, due), Post: post, Target: target, Account: account, Due: due,
		Key: app.NewAttemptKey(due), State: state, Tries: 1, StartedAt: due, UpdatedAt: due.Add(time.Second),
	}
	switch state {
	case app.AttemptSent:
		status := strconv.Itoa(113_600_000_000_000_000 + n)
		a.Published = app.Published{Ref: app.RemoteRef{ID: status}, URL: "https://piaille.fr/@boulangerie/" + status, At: due.Add(time.Second)}
	case app.AttemptFailed:
		a.Failure, a.Status, a.Message = app.FailRejected, 422, "Validation failed: Text is too long"
	case app.AttemptWaiting:
		a.Failure, a.NextTry = app.FailOffline, due.Add(time.Minute)
	}
	return a
}

func TestAccountDayRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	cest := time.FixedZone("CEST", 2*3600)
	at := time.Date(2026, 11, 25, 21, 30, 0, 123456789, time.UTC)
	full := app.AccountDay{Account: app.NewID(at), Day: app.DayOf(at, cest), Followers: 1234, Following: 56, Posts: 789, At: at}
	everyFieldSet(t, full)
	bare := app.AccountDay{Account: app.NewID(at.Add(time.Millisecond)), Day: day(2026, 11, 25)}
	// A Day in another zone at the same instant is the same day; At comes
	// back in UTC, at the same instant.
	zoned := app.AccountDay{Account: app.NewID(at.Add(2 * time.Millisecond)), Day: day(2026, 11, 25).In(cest), Followers: 1, At: at.In(cest)}
	if err := db.PutAccountDays(ctx, []app.AccountDay{full, bare, zoned}); err != nil {
		t.Fatal(err)
	}
	got := accountDays(t, db, day(2026, 11, 25), day(2026, 11, 26))
	want := []app.AccountDay{full, bare, zoned}
	want[2].Day, want[2].At = zoned.Day.UTC(), zoned.At.UTC()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n got %#v\nwant %#v", got, want)
	}
	if got[2].Day.Location() != time.UTC || got[2].At.Location() != time.UTC {
		t.Errorf("times not in UTC: day %v, at %v", got[2].Day, got[2].At)
	}
}

func TestPutAccountDaysReplaces(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	lea, sam := app.NewID(at), app.NewID(at)
	first := []app.AccountDay{accountDay(lea, day(2026, 3, 1), 1), accountDay(sam, day(2026, 3, 1), 2), accountDay(lea, day(2026, 3, 2), 3)}
	if err := db.PutAccountDays(ctx, first); err != nil {
		t.Fatal(err)
	}
	// The last read of the day replaces the first; within one batch, the
	// last of the same account and day is kept.
	later := accountDay(lea, day(2026, 3, 1), 10)
	later.Followers, later.At = 2000, at.Add(12*time.Hour)
	latest := later
	latest.Followers = 2001
	if err := db.PutAccountDays(ctx, []app.AccountDay{later, latest}); err != nil {
		t.Fatal(err)
	}
	got := accountDays(t, db, time.Time{}, day(2100, 1, 1))
	want := []app.AccountDay{latest, first[2], first[1]}
	if bytes.Compare(lea[:], sam[:]) > 0 {
		want = []app.AccountDay{first[1], latest, first[2]}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after replacing\n got %+v\nwant %+v", got, want)
	}
	if n := keyCount(t, db, bucketAccountDays); n != 3 {
		t.Errorf("%d keys for 3 account days", n)
	}
}

func keyCount(t testing.TB, db *DB, bucket []byte) int {
	t.Helper()
	n := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(_, _ []byte) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPutAccountDaysRefusesWhatIsNotADay(t *testing.T) {
	db, _ := openTemp(t)
	account := app.NewID(time.Now())
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	good := accountDay(account, day(2026, 3, 1), 1)
	for name, d := range map[string]app.AccountDay{
		"no account":        {Day: day(2026, 3, 1)},
		"not midnight":      {Account: account, Day: day(2026, 3, 1).Add(time.Hour)},
		"midnight in Paris": {Account: account, Day: time.Date(2026, 3, 1, 0, 0, 0, 0, paris)},
		"zero day":          {Account: account},
		"before 1970":       {Account: account, Day: day(1969, 12, 31)},
		"after 2262":        {Account: account, Day: day(2263, 1, 1)},
	} {
		if err := db.PutAccountDays(ctx, []app.AccountDay{good, d}); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	if n := keyCount(t, db, bucketAccountDays); n != 0 {
		t.Errorf("a refused batch stored %d days", n)
	}
}

func TestAccountDaysRanges(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Four accounts, put in shuffled order: a, b and c with days in
	// March, d (whose ID is the last there can be) with days in April.
	a, b, c := app.NewID(at), app.NewID(at.Add(time.Hour)), app.NewID(at.Add(2*time.Hour))
	var d app.ID
	for i := range d {
		d[i] = 0xff
	}
	var all []app.AccountDay
	all = append(all, yearOf(a, day(2026, 3, 1), 31)...)
	all = append(all, yearOf(b, day(2026, 3, 10), 5)...) // 10 to 14 March
	all = append(all, yearOf(c, day(2026, 2, 1), 10)...) // 1 to 10 February
	all = append(all, yearOf(d, day(2026, 4, 1), 30)...)
	shuffled := slices.Clone(all)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if err := db.PutAccountDays(ctx, shuffled); err != nil {
		t.Fatal(err)
	}
	keysOf := func(days []app.AccountDay) []string {
		var out []string
		for _, x := range days {
			out = append(out, x.Account.String()[:4]+"…"+x.Account.String()[22:]+" "+x.Day.Format(time.DateOnly))
		}
		return out
	}
	// want is every day of all in [from, to], account by account (as IDs
	// sort), oldest first.
	want := func(from, to time.Time) []app.AccountDay {
		var out []app.AccountDay
		for _, x := range all {
			if !x.Day.Before(from) && !x.Day.After(to) {
				out = append(out, x)
			}
		}
		slices.SortStableFunc(out, func(x, y app.AccountDay) int {
			if c := bytes.Compare(x.Account[:], y.Account[:]); c != 0 {
				return c
			}
			return x.Day.Compare(y.Day)
		})
		return out
	}
	for _, r := range []struct {
		name     string
		from, to time.Time
		n        int
	}{
		{"everything", time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 76},
		{"one day, both ends in", day(2026, 3, 12), day(2026, 3, 12), 2},
		{"ends on days of b", day(2026, 3, 10), day(2026, 3, 14), 10},
		{"inside a's, around b's", day(2026, 3, 9), day(2026, 3, 15), 12},
		{"the last of c, the first of a and d", day(2026, 2, 10), day(2026, 4, 1), 1 + 31 + 5 + 1},
		{"ends between midnights", day(2026, 3, 30).Add(time.Hour), day(2026, 4, 2).Add(-time.Nanosecond), 1 + 1},
		{"before every day", day(2025, 1, 1), day(2026, 1, 31), 0},
		{"after every day", day(2026, 5, 1), day(2027, 1, 1), 0},
		{"a gap", day(2026, 2, 11), day(2026, 2, 28), 0},
		{"to before from", day(2026, 3, 20), day(2026, 3, 10), 0},
	} {
		got := accountDays(t, db, r.from, r.to)
		if w := want(r.from, r.to); !reflect.DeepEqual(got, w) || len(got) != r.n {
			t.Errorf("%s: %d days\n got %v\nwant %v (%d)", r.name, len(got), keysOf(got), keysOf(w), r.n)
		}
	}
	// Bounds in another zone are the instants they are.
	cest := time.FixedZone("CEST", 2*3600)
	if got := accountDays(t, db, day(2026, 3, 14).In(cest), day(2026, 3, 14).In(cest)); len(got) != 2 {
		t.Errorf("a day given in CEST: %v", keysOf(got))
	}
}

func TestNextPrefix(t *testing.T) {
	for _, c := range []struct {
		p, want []byte
		ok      bool
	}{
		{[]byte{1, 2}, []byte{1, 3}, true},
		{[]byte{1, 0xff}, []byte{2}, true},
		{[]byte{0, 0xff, 0xff}, []byte{1}, true},
		{[]byte{0xff, 0xff}, nil, false},
	} {
		p := slices.Clone(c.p)
		got, ok := nextPrefix(p)
		if ok != c.ok || !bytes.Equal(got, c.want) {
			t.Errorf("nextPrefix(%x) = %x, %t; want %x, %t", c.p, got, ok, c.want, c.ok)
		}
		if !bytes.Equal(p, c.p) {
			t.Errorf("nextPrefix changed its argument to %x", p)
		}
	}
}

func TestPostStatsRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 10, 30, 0, 123456789, time.UTC)
	post, account := app.NewID(at), app.NewID(at)
	target := app.Target{Network: app.Bluesky, Account: account}
	root := &app.RemoteRef{ID: "at://did:plc:abc/app.bsky.feed.post/3root", CID: "bafyroot"}
	full := app.PostStats{
		Key: app.AttemptID(post, target, at), Post: post, Target: target, Account: account, Network: app.Bluesky,
		Ref: app.RemoteRef{ID: "at://did:plc:abc/app.bsky.feed.post/3kq", CID: "bafykq", Root: root},
		URL: "https://bsky.app/profile/boulangerie/post/3kq?a=1&b=2", Title: "« Soldes » d’été 🌞",
		Text: "Première ligne\n\nDeuxième — <b>pas du HTML</b> & \"guillemets\"", PublishedAt: at,
		Likes: 12, Boosts: 3, Replies: 4, Quotes: 1, Views: 900, Reach: 610, Saves: 14, Followers: 5400, Reads: 7, ReadAt: at.Add(72 * time.Hour), Gone: true,
	}
	everyFieldSet(t, full)
	// A target that is a network kind alone, no reference, nothing read.
	kind := app.Target{Network: app.Mastodon}
	bare := app.PostStats{Key: app.AttemptID(post, kind, at)}
	cest := time.FixedZone("CEST", 2*3600)
	zoned := app.PostStats{Key: app.AttemptID(post, kind, at.Add(time.Hour)), Post: post, Target: kind,
		Ref: app.RemoteRef{ID: "113"}, PublishedAt: at.In(cest), ReadAt: at.Add(time.Hour).In(cest)}
	if err := db.PutPostStats(ctx, []app.PostStats{full, bare, zoned}); err != nil {
		t.Fatal(err)
	}
	got := allPostStats(t, db)
	zoned.PublishedAt, zoned.ReadAt = zoned.PublishedAt.UTC(), zoned.ReadAt.UTC()
	for _, want := range []app.PostStats{full, bare, zoned} {
		if !reflect.DeepEqual(got[want.Key], want) {
			t.Errorf("read back\n got %#v\nwant %#v", got[want.Key], want)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d figures for 3", len(got))
	}
}

func TestPutPostStatsReplaces(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	post, account := app.NewID(at), app.NewID(at)
	target := app.Target{Network: app.Mastodon, Account: account}
	first := app.PostStats{Key: app.AttemptID(post, target, at), Post: post, Target: target, Account: account, Likes: 1, Reads: 1, ReadAt: at}
	// A repeating post has one set of figures per occurrence.
	next := first
	next.Key = app.AttemptID(post, target, at.AddDate(0, 0, 7))
	if err := db.PutPostStats(ctx, []app.PostStats{first, next}); err != nil {
		t.Fatal(err)
	}
	again := first
	again.Likes, again.Replies, again.Reads, again.ReadAt, again.Gone = 9, 2, 2, at.Add(time.Hour), true
	if err := db.PutPostStats(ctx, []app.PostStats{again}); err != nil {
		t.Fatal(err)
	}
	got := allPostStats(t, db)
	if len(got) != 2 || !reflect.DeepEqual(got[first.Key], again) || !reflect.DeepEqual(got[next.Key], next) {
		t.Errorf("after replacing: %+v", got)
	}
	if err := db.PutPostStats(ctx, []app.PostStats{next, {Post: post, Likes: 3}}); !errors.Is(err, app.ErrBadID) {
		t.Errorf("figures without a key: %v", err)
	}
	if got := allPostStats(t, db); !reflect.DeepEqual(got[next.Key], next) {
		t.Errorf("a refused batch changed the figures: %+v", got[next.Key])
	}
}

func TestSentAttempts(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	want := map[string]app.Attempt{}
	for i, state := range []app.AttemptState{app.AttemptSent, app.AttemptSending, app.AttemptWaiting, app.AttemptSent,
		app.AttemptHeld, app.AttemptFailed, app.AttemptSkipped, app.AttemptSent} {
		a := attempt(app.NewID(at.Add(time.Duration(i)*time.Minute)), account, i, at.Add(time.Duration(i)*time.Hour), state)
		if i == 7 {
			root := app.RemoteRef{ID: "at://did:plc:x/app.bsky.feed.post/root", CID: "bafyroot"}
			a.Published.Ref.CID, a.Published.Ref.Root, a.Approved, a.Tries = "bafy", &root, true, 3
		}
		if err := db.PutAttempt(ctx, a); err != nil {
			t.Fatal(err)
		}
		if state == app.AttemptSent {
			want[a.ID] = a
		}
	}
	if got := sentAttempts(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("sent attempts\n got %+v\nwant %+v", got, want)
	}
	// An attempt that goes out later is sent from then on.
	open, err := db.OpenAttempts(ctx)
	if err != nil || len(open) != 3 {
		t.Fatalf("open attempts: %v, %v", open, err)
	}
	late := open[0]
	late.State, late.Published = app.AttemptSent, app.Published{Ref: app.RemoteRef{ID: "114"}, URL: "https://piaille.fr/@b/114", At: at}
	if err := db.PutAttempt(ctx, late); err != nil {
		t.Fatal(err)
	}
	want[late.ID] = late
	if got := sentAttempts(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("after one more was sent: %d attempts, want %d", len(got), len(want))
	}
}

func TestMetricsEmpty(t *testing.T) {
	db, _ := openTemp(t)
	if got := accountDays(t, db, time.Time{}, day(2100, 1, 1)); len(got) != 0 {
		t.Errorf("account days of a new file: %v", got)
	}
	if got := allPostStats(t, db); len(got) != 0 {
		t.Errorf("post figures of a new file: %v", got)
	}
	if got := sentAttempts(t, db); len(got) != 0 {
		t.Errorf("sent attempts of a new file: %v", got)
	}
	if err := db.PutAccountDays(ctx, nil); err != nil {
		t.Errorf("no days: %v", err)
	}
	if err := db.PutPostStats(ctx, nil); err != nil {
		t.Errorf("no figures: %v", err)
	}
}

// fillMetrics stores two accounts' year of days, 2×ctxCheckEvery post
// figures and as many sent attempts.
func fillMetrics(t testing.TB, db *DB, at time.Time) {
	t.Helper()
	if err := db.PutAccountDays(ctx, append(yearOf(app.NewID(at), day(2026, 1, 1), 365), yearOf(app.NewID(at), day(2026, 1, 1), 365)...)); err != nil {
		t.Fatal(err)
	}
	stats := make([]app.PostStats, 2*ctxCheckEvery)
	for i := range stats {
		stats[i] = app.PostStats{Key: fmt.Sprint(i), Post: app.NewID(at), Likes: i}
	}
	if err := db.PutPostStats(ctx, stats); err != nil {
		t.Fatal(err)
	}
	db.bolt.NoSync = true
	defer func() { db.bolt.NoSync = false }()
	for i := range 2 * ctxCheckEvery {
		if err := db.PutAttempt(ctx, attempt(app.NewID(at), app.NewID(at), i, at, app.AttemptSent)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMetricsReadsStop(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	fillMetrics(t, db, at)
	n := 0
	if err := db.AccountDays(ctx, time.Time{}, day(2100, 1, 1), func(app.AccountDay) bool { n++; return n < 3 }); err != nil || n != 3 {
		t.Errorf("AccountDays stopped after %d: %v", n, err)
	}
	n = 0
	if err := db.PostStats(ctx, func(app.PostStats) bool { n++; return n < 3 }); err != nil || n != 3 {
		t.Errorf("PostStats stopped after %d: %v", n, err)
	}
	n = 0
	if err := db.SentAttempts(ctx, func(app.Attempt) bool { n++; return n < 3 }); err != nil || n != 3 {
		t.Errorf("SentAttempts stopped after %d: %v", n, err)
	}
}

func TestMetricsCancelled(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	fillMetrics(t, db, at)

	// Cancelled before: nothing is read or written.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	calls := 0
	for name, err := range map[string]error{
		"PutAccountDays": db.PutAccountDays(cancelled, []app.AccountDay{accountDay(app.NewID(at), day(2027, 1, 1), 1)}),
		"AccountDays":    db.AccountDays(cancelled, time.Time{}, day(2100, 1, 1), func(app.AccountDay) bool { calls++; return true }),
		"PutPostStats":   db.PutPostStats(cancelled, []app.PostStats{{Key: "new"}}),
		"PostStats":      db.PostStats(cancelled, func(app.PostStats) bool { calls++; return true }),
		"SentAttempts":   db.SentAttempts(cancelled, func(app.Attempt) bool { calls++; return true }),
	} {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", name, err)
		}
	}
	if calls != 0 {
		t.Errorf("%d calls with a cancelled context", calls)
	}
	if n := len(accountDays(t, db, time.Time{}, day(2100, 1, 1))); n != 730 {
		t.Errorf("%d days after a cancelled put", n)
	}
	if _, ok := allPostStats(t, db)["new"]; ok {
		t.Error("a cancelled PutPostStats stored figures")
	}

	// Cancelled midway: the read stops within ctxCheckEvery records.
	for name, read := range map[string]func(context.Context, func() bool) error{
		"AccountDays": func(c context.Context, f func() bool) error {
			return db.AccountDays(c, time.Time{}, day(2100, 1, 1), func(app.AccountDay) bool { return f() })
		},
		"PostStats": func(c context.Context, f func() bool) error {
			return db.PostStats(c, func(app.PostStats) bool { return f() })
		},
		"SentAttempts": func(c context.Context, f func() bool) error {
			return db.SentAttempts(c, func(app.Attempt) bool { return f() })
		},
	} {
		mid, stop := context.WithCancel(ctx)
		n := 0
		err := read(mid, func() bool { n++; stop(); return true })
		if !errors.Is(err, context.Canceled) || n > ctxCheckEvery {
			t.Errorf("%s cancelled after the first: %d read, %v", name, n, err)
		}
	}
}

// A metrics or outbox record written by a newer Relais is refused, not
// misread.
func TestNewerMetricsRecordsAreRefused(t *testing.T) {
	db, _ := openTemp(t)
	account := app.NewID(time.Now())
	d := accountDay(account, day(2026, 3, 1), 1)
	if err := db.PutAccountDays(ctx, []app.AccountDay{d}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutPostStats(ctx, []app.PostStats{{Key: "k"}}); err != nil {
		t.Fatal(err)
	}
	a := attempt(app.NewID(time.Now()), account, 1, day(2026, 3, 1), app.AttemptSent)
	if err := db.PutAttempt(ctx, a); err != nil {
		t.Fatal(err)
	}
	db.bolt.Update(func(tx *bolt.Tx) error {
		v, _ := json.Marshal(map[string]any{"v": accountDayRecordVersion + 1, "account": account, "day": d.Day})
		if err := tx.Bucket(bucketAccountDays).Put(dayKey(account, d.Day), v); err != nil {
			return err
		}
		v, _ = json.Marshal(map[string]any{"v": postStatsRecordVersion + 1, "key": "k"})
		if err := tx.Bucket(bucketPostStats).Put([]byte("k"), v); err != nil {
			return err
		}
		v, _ = json.Marshal(map[string]any{"v": attemptRecordVersion + 1, "id": a.ID, "state": "sent"})
		return tx.Bucket(bucketOutbox).Put([]byte(a.ID), v)
	})
	if err := db.AccountDays(ctx, time.Time{}, day(2100, 1, 1), func(app.AccountDay) bool { return true }); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("AccountDays: %v", err)
	}
	if err := db.PostStats(ctx, func(app.PostStats) bool { return true }); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("PostStats: %v", err)
	}
	if err := db.SentAttempts(ctx, func(app.Attempt) bool { return true }); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("SentAttempts: %v", err)
	}
}

// BenchmarkAccountDaysYearFiveAccounts reads a year of five accounts'
// figures, as the Analytics screen does when it opens, from a file that
// holds three years of them.
func BenchmarkAccountDaysYearFiveAccounts(b *testing.B) {
	db, _ := openTemp(b)
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var all []app.AccountDay
	for i := range 5 {
		all = append(all, yearOf(app.NewID(at.Add(time.Duration(i)*time.Hour)), day(2024, 1, 1), 3*365)...)
	}
	if err := db.PutAccountDays(ctx, all); err != nil {
		b.Fatal(err)
	}
	from, to := day(2025, 1, 1), day(2025, 12, 31)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := db.AccountDays(ctx, from, to, func(app.AccountDay) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
		if n != 5*365 {
			b.Fatalf("%d days", n)
		}
	}
}

// BenchmarkPutAccountDaysYearFiveAccounts stores a year of five accounts'
// figures in one transaction, as an import would.
func BenchmarkPutAccountDaysYearFiveAccounts(b *testing.B) {
	db, _ := openTemp(b)
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var all []app.AccountDay
	for i := range 5 {
		all = append(all, yearOf(app.NewID(at.Add(time.Duration(i)*time.Hour)), day(2025, 1, 1), 365)...)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := db.PutAccountDays(ctx, all); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSentAttempts10000 reads the sent attempts of an outbox journal
// of 10,000 (a few years of a busy account), nine in ten of them sent, as
// Analytics does to find the posts to read figures of.
func BenchmarkSentAttempts10000(b *testing.B) {
	const total = 10_000
	db, _ := openTemp(b)
	db.bolt.NoSync = true
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	accounts := []app.ID{app.NewID(at), app.NewID(at), app.NewID(at)}
	others := []app.AttemptState{app.AttemptFailed, app.AttemptSkipped, app.AttemptWaiting, app.AttemptHeld}
	for i := range total {
		due := at.Add(time.Duration(i) * 3 * time.Hour)
		state := app.AttemptSent
		if i%10 == 9 {
			state = others[i/10%len(others)]
		}
		if err := db.PutAttempt(ctx, attempt(app.NewID(due), accounts[i%len(accounts)], i, due, state)); err != nil {
			b.Fatal(err)
		}
	}
	db.bolt.NoSync = false
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := db.SentAttempts(ctx, func(app.Attempt) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
		if n != total*9/10 {
			b.Fatalf("%d sent", n)
		}
	}
}

// A post's figures written before reach and saves were read (with views,
// or before those too) read back with none.
func TestPostStatsBeforeReachAndSaves(t *testing.T) {
	for _, old := range []string{
		`{"v":1,"key":"k1","target_network":"instagram","network":"instagram","likes":4,"views":120,"reads":2}`,
		`{"v":1,"key":"k2","target_network":"mastodon","likes":4,"reads":2}`,
	} {
		s, err := decodePostStats([]byte(old))
		if err != nil {
			t.Fatal(err)
		}
		if s.Likes != 4 || s.Reads != 2 || s.Reach != 0 || s.Saves != 0 {
			t.Errorf("%s read as %+v", old, s)
		}
		b, err := encodePostStats(s)
		if err != nil || strings.Contains(string(b), "reach") || strings.Contains(string(b), "saves") {
			t.Errorf("written again: %s, %v; want no reach or saves written for none", b, err)
		}
	}
}
