package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// mention is a mention as a Mastodon read gives it, numbered n: about
// 200 characters of text, an author, a URL and the post it is.
func mention(account app.ID, n int, at time.Time) app.InboxItem {
	status := strconv.Itoa(113_500_000_000_000_000 + n)
	return app.InboxItem{
		ID: app.NewID(at), Account: account, Network: app.Mastodon,
		Item: app.Item{
			RemoteID: strconv.Itoa(48_000_000 + n), Kind: app.ItemMention,
			Author: app.Author{RemoteID: "109372", Handle: "camille@piaille.fr", Name: "Camille 🌻", URL: "https://piaille.fr/@camille"},
			Text: fmt.Sprintf("@boulangerie Bonjour ! Est-ce que la fournée de pain d’épices sera prête samedi matin ? "+
				"J’aimerais en réserver deux pour la fête de l’école, et peut-être une brioche aussi. Merci d’avance ! n°%d", n),
			URL:        "https://piaille.fr/@camille/" + status,
			Post:       &app.RemoteRef{ID: status},
			Visibility: app.VisibilityPublic,
			At:         at.Add(-90 * time.Second),
		},
		Arrived: at, State: app.StateNeedsReply,
	}
}

func mentions(account app.ID, from, n int, at time.Time) []app.InboxItem {
	out := make([]app.InboxItem, n)
	for i := range out {
		out[i] = mention(account, from+i, at)
	}
	return out
}

func allInbox(t testing.TB, db *DB) map[app.ID]app.InboxItem {
	t.Helper()
	out := map[app.ID]app.InboxItem{}
	if err := db.InboxItems(ctx, func(it app.InboxItem) bool { out[it.ID] = it; return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func cursorOf(t testing.TB, db *DB, account app.ID) string {
	t.Helper()
	c, err := db.InboxCursor(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func inboxIDs(items []app.InboxItem) []app.ID {
	var out []app.ID
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// checkInboxIndex verifies, in one read transaction, that inbox_remote
// holds exactly one entry per item, at its account and remote ID.
func checkInboxIndex(t testing.TB, db *DB) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		want := map[string]string{}
		err := tx.Bucket(bucketInbox).ForEach(func(k, v []byte) error {
			it, err := decodeInboxItem(v)
			if err != nil {
				return err
			}
			if !bytes.Equal(k, it.ID[:]) {
				return fmt.Errorf("inbox item %s filed under %x", it.ID, k)
			}
			key := string(remoteKey(it.Account, it.RemoteID))
			if _, dup := want[key]; dup {
				return fmt.Errorf("two items of %s have the remote ID %q", it.Account, it.RemoteID)
			}
			want[key] = string(k)
			return nil
		})
		if err != nil {
			return err
		}
		n := 0
		err = tx.Bucket(bucketInboxRemote).ForEach(func(k, v []byte) error {
			n++
			if want[string(k)] != string(v) {
				return fmt.Errorf("inbox_remote %x names %x, the items say %x", k, v, want[string(k)])
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n != len(want) {
			return fmt.Errorf("inbox_remote has %d entries for %d items", n, len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("inbox index: %v", err)
	}
}

func TestInboxItemRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 10, 30, 0, 123456789, time.UTC)
	account := app.NewID(at)
	root := &app.RemoteRef{ID: "at://did:plc:abc/app.bsky.feed.post/3root", CID: "bafyroot"}
	full := app.InboxItem{
		ID: app.NewID(at), Account: account, Network: app.Bluesky,
		Item: app.Item{
			RemoteID: "at://did:plc:xyz/app.bsky.feed.post/3kq", Kind: app.ItemReply,
			Author: app.Author{RemoteID: "did:plc:xyz", Handle: "lea.bsky.social", Name: "Léa <3 & co", URL: "https://bsky.app/profile/lea.bsky.social"},
			Title:  "« Titre »", Text: "Première ligne\n\nDeuxième — 👩‍💻 <b>pas du HTML</b> & \"guillemets\"",
			URL:        "https://bsky.app/profile/lea.bsky.social/post/3kq?a=1&b=2",
			Post:       &app.RemoteRef{ID: "at://did:plc:abc/app.bsky.feed.post/3mine", CID: "bafymine", Root: root},
			Visibility: app.VisibilityDirect, Mentions: []string{"cm@piaille.fr", "paul@mastodon.social"}, At: at.Add(-time.Minute),
		},
		Arrived: at, State: app.StateReplied, StateByUser: true, SnoozedUntil: at.Add(24 * time.Hour),
		Labels: []string{"commande", "été"}, Priority: app.PriorityHigh, Risk: true,
		Rules: []app.ID{app.NewID(at), app.NewID(at)}, Seen: true, Notified: true, Edited: true, Deleted: true, Removed: true, Hidden: true,
		Replies: []app.SentReply{
			{Key: "k1", Text: "Merci !", At: at.Add(time.Hour), Published: app.Published{
				Ref: app.RemoteRef{ID: "at://did:plc:abc/app.bsky.feed.post/3re", CID: "bafyre", Root: root},
				URL: "https://bsky.app/profile/boulangerie/post/3re", At: at.Add(time.Hour + time.Second)}},
			{Key: "k2", Text: "Pas encore parti", At: at.Add(2 * time.Hour)},
		},
	}
	bare := app.InboxItem{ID: app.NewID(at.Add(time.Second)), Account: account, Item: app.Item{RemoteID: "1"}}
	// A follow request keeps its requester's picture and its answer, in
	// the same record version: fields only grow.
	request := app.InboxItem{ID: app.NewID(at.Add(2 * time.Second)), Account: account, Network: app.Mastodon,
		Item: app.Item{RemoteID: "2", Kind: app.ItemFollowRequest, Text: "Boulangère à Lyon",
			Author: app.Author{RemoteID: "109302938413001009", Handle: "lea@masto.example", Name: "Léa",
				URL: "https://masto.example/@lea", Avatar: "https://masto.example/system/accounts/avatars/1.png"}, At: at},
		Arrived: at, State: app.StateDone, Answer: app.FollowAccepted, Seen: true, Notified: true}
	stored, err := db.MergeInbox(ctx, account, "c1", []app.InboxItem{full, bare, request})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, []app.InboxItem{full, bare, request}) {
		t.Errorf("MergeInbox returned %+v", stored)
	}
	for _, want := range []app.InboxItem{full, bare, request} {
		got, err := db.InboxItem(ctx, want.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("InboxItem\n got %#v, %v\nwant %#v", got, err, want)
		}
	}

	// Times in another zone come back in UTC, at the same instant.
	cest := time.FixedZone("CEST", 2*3600)
	zoned := mention(account, 2, at.In(cest))
	if _, err := db.MergeInbox(ctx, account, "c2", []app.InboxItem{zoned}); err != nil {
		t.Fatal(err)
	}
	got, err := db.InboxItem(ctx, zoned.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Arrived.Equal(zoned.Arrived) || got.Arrived.Location() != time.UTC || !got.At.Equal(zoned.At) {
		t.Errorf("times: arrived %v, at %v", got.Arrived, got.At)
	}
}

func TestMergeInboxDedups(t *testing.T) {
	db, dir := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	lea, sam := app.NewID(at), app.NewID(at)
	if c := cursorOf(t, db, lea); c != "" {
		t.Errorf("cursor before the first read: %q", c)
	}

	// Within a batch, the first of two items with a remote ID is kept.
	first := mentions(lea, 0, 3, at)
	again := mention(lea, 1, at) // the same remote ID as first[1], another ID
	batch := []app.InboxItem{first[0], first[1], again, first[2]}
	stored, err := db.MergeInbox(ctx, lea, "page1", batch)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inboxIDs(stored), inboxIDs(first)) {
		t.Errorf("first merge stored %v, want %v", inboxIDs(stored), inboxIDs(first))
	}
	if c := cursorOf(t, db, lea); c != "page1" {
		t.Errorf("cursor %q", c)
	}

	// Across calls: only what is new is stored, in the order given.
	second := mentions(lea, 2, 4, at.Add(time.Minute)) // remote IDs 2..5; 2 is known
	stored, err = db.MergeInbox(ctx, lea, "page2", []app.InboxItem{second[3], second[0], second[1], second[2]})
	if err != nil {
		t.Fatal(err)
	}
	if want := []app.ID{second[3].ID, second[1].ID, second[2].ID}; !slices.Equal(inboxIDs(stored), want) {
		t.Errorf("second merge stored %v, want %v", inboxIDs(stored), want)
	}
	// The stored item of a known remote ID is left as it was.
	if got, err := db.InboxItem(ctx, first[2].ID); err != nil || got.Text != first[2].Text {
		t.Errorf("the known item: %v", err)
	}
	if _, err := db.InboxItem(ctx, second[0].ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the duplicate was stored: %v", err)
	}

	// The same remote ID for another account is another item.
	other := mention(sam, 0, at)
	if stored, err := db.MergeInbox(ctx, sam, "s1", []app.InboxItem{other}); err != nil || len(stored) != 1 {
		t.Errorf("another account's item: %v, %v", stored, err)
	}
	checkInboxIndex(t, db)

	// Across closing and opening again.
	db.Close()
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if c := cursorOf(t, db, lea); c != "page2" {
		t.Errorf("cursor after reopening: %q", c)
	}
	stored, err = db.MergeInbox(ctx, lea, "page3", mentions(lea, 0, 7, at.Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || stored[0].RemoteID != mention(lea, 6, at).RemoteID {
		t.Errorf("after reopening, stored %+v", stored)
	}
	if n := len(allInbox(t, db)); n != 8 {
		t.Errorf("%d items, want 8", n)
	}
	if c := cursorOf(t, db, lea); c != "page3" {
		t.Errorf("cursor %q", c)
	}
	checkInboxIndex(t, db)
}

// txID is the ID of the last committed write.
func txID(t testing.TB, db *DB) int {
	t.Helper()
	var id int
	db.bolt.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	return id
}

func TestMergeInboxWithNothingNewWritesNothing(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	items := mentions(account, 0, 5, at)
	if _, err := db.MergeInbox(ctx, account, "c", items); err != nil {
		t.Fatal(err)
	}
	before := txID(t, db)
	for _, batch := range [][]app.InboxItem{nil, items, items[2:3]} {
		if stored, err := db.MergeInbox(ctx, account, "c", batch); err != nil || len(stored) != 0 {
			t.Errorf("merging known items: %v, %v", stored, err)
		}
	}
	if after := txID(t, db); after != before {
		t.Errorf("a merge of nothing new wrote: transaction %d, then %d", before, after)
	}
	// A new cursor alone is written.
	if _, err := db.MergeInbox(ctx, account, "d", nil); err != nil {
		t.Fatal(err)
	}
	if c := cursorOf(t, db, account); c != "d" {
		t.Errorf("cursor %q", c)
	}
	// And "" is the cursor of an account never read.
	if _, err := db.MergeInbox(ctx, account, "", nil); err != nil {
		t.Fatal(err)
	}
	if c := cursorOf(t, db, account); c != "" {
		t.Errorf("cursor %q", c)
	}
}

// errAfter is a context that says it is cancelled from its n+1th Err on.
type errAfter struct {
	context.Context
	n, calls int
}

func (c *errAfter) Err() error {
	if c.calls++; c.calls > c.n {
		return context.Canceled
	}
	return nil
}

// A merge cancelled at any point, before or during its transaction,
// leaves neither items nor cursor; one that returns nil left both.
func TestMergeInboxIsAtomic(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	if _, err := db.MergeInbox(ctx, account, "before", mentions(account, 0, 10, at)); err != nil {
		t.Fatal(err)
	}
	batch := mentions(account, 5, 3*ctxCheckEvery, at.Add(time.Minute)) // 5 known, the rest new
	late := 0
	for n := 0; ; n++ {
		c := &errAfter{Context: ctx, n: n}
		stored, err := db.MergeInbox(c, account, "after", batch)
		if err == nil {
			if len(stored) != len(batch)-5 || cursorOf(t, db, account) != "after" || len(allInbox(t, db)) != 10+len(batch)-5 {
				t.Fatalf("a merge that succeeded stored %d items", len(stored))
			}
			break
		}
		if !errors.Is(err, context.Canceled) || stored != nil {
			t.Fatalf("cancelled after %d looks: %v, %d items", n, err, len(stored))
		}
		if c.calls > 1 {
			late++ // past the first look: cancelled inside the transaction
		}
		if got := cursorOf(t, db, account); got != "before" {
			t.Fatalf("cancelled after %d looks, the cursor is %q", n, got)
		}
		if got := len(allInbox(t, db)); got != 10 {
			t.Fatalf("cancelled after %d looks, %d items", n, got)
		}
		checkInboxIndex(t, db)
	}
	if late == 0 {
		t.Error("no merge was cancelled while writing")
	}
	checkInboxIndex(t, db)
}

// A reader never sees a cursor without the items read with it, nor items
// without their cursor.
func TestInboxCursorComesWithItsItems(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	const batches, size = 40, 25
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for k := range batches {
			if _, err := db.MergeInbox(ctx, account, strconv.Itoa(k), mentions(account, k*size, size, at)); err != nil {
				t.Error(err)
				return
			}
		}
	})
	has := func(tx *bolt.Tx, n int) bool {
		it := mention(account, n, at)
		return tx.Bucket(bucketInboxRemote).Get(remoteKey(account, it.RemoteID)) != nil
	}
	reads := 0
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		err := db.bolt.View(func(tx *bolt.Tx) error {
			reads++
			c := tx.Bucket(bucketInboxCursors).Get(account[:])
			if c == nil {
				if has(tx, 0) {
					return errors.New("items without their cursor")
				}
				return nil
			}
			k, err := strconv.Atoi(string(c))
			if err != nil {
				return err
			}
			if !has(tx, k*size) || !has(tx, k*size+size-1) {
				return fmt.Errorf("cursor %d without its items", k)
			}
			if has(tx, (k+1)*size) {
				return fmt.Errorf("cursor %d with the items of the next read", k)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if n := len(allInbox(t, db)); n != batches*size {
		t.Errorf("%d items", n)
	}
	t.Logf("%d reads", reads)
}

func TestMergeInboxRefusesBadItems(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account, other := app.NewID(at), app.NewID(at)
	known := mentions(account, 0, 2, at)
	if _, err := db.MergeInbox(ctx, account, "c", known); err != nil {
		t.Fatal(err)
	}
	noID := mention(account, 10, at)
	noID.ID = app.ID{}
	noRemote := mention(account, 11, at)
	noRemote.RemoteID = ""
	elsewhere := mention(other, 12, at)
	taken := mention(account, 13, at) // a new remote ID, a stored item's ID
	taken.ID = known[0].ID
	for name, bad := range map[string]app.InboxItem{"no ID": noID, "no remote ID": noRemote, "another account": elsewhere, "an ID taken": taken} {
		batch := append(mentions(account, 20, 3, at), bad)
		if stored, err := db.MergeInbox(ctx, account, "d", batch); !errors.Is(err, app.ErrBadID) || stored != nil {
			t.Errorf("%s: %v, %v", name, stored, err)
		}
		if c := cursorOf(t, db, account); c != "c" {
			t.Errorf("%s: cursor %q", name, c)
		}
		if n := len(allInbox(t, db)); n != 2 {
			t.Errorf("%s: %d items", name, n)
		}
	}
	if _, err := db.MergeInbox(ctx, app.ID{}, "c", nil); !errors.Is(err, app.ErrBadID) {
		t.Errorf("no account: %v", err)
	}
	checkInboxIndex(t, db)
}

func TestPutInboxItems(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	items := mentions(account, 0, 3, at)
	if _, err := db.MergeInbox(ctx, account, "c", items); err != nil {
		t.Fatal(err)
	}
	// Replace two: triage, labels, a reply.
	a, b := items[0], items[2]
	a.State, a.StateByUser, a.Labels, a.Seen = app.StateDone, true, []string{"vu"}, true
	b.SnoozedUntil, b.Replies = at.Add(time.Hour), []app.SentReply{{Key: "k", Text: "Oui !", At: at}}
	fresh := mention(account, 9, at.Add(time.Minute)) // not stored yet: added
	if err := db.PutInboxItems(ctx, []app.InboxItem{a, b, fresh}); err != nil {
		t.Fatal(err)
	}
	all := allInbox(t, db)
	for _, want := range []app.InboxItem{a, items[1], b, fresh} {
		if got := all[want.ID]; !reflect.DeepEqual(got, want) {
			t.Errorf("after put\n got %#v\nwant %#v", got, want)
		}
	}
	if len(all) != 4 {
		t.Errorf("%d items", len(all))
	}
	checkInboxIndex(t, db)
	// A merge after a put still knows every item.
	if stored, err := db.MergeInbox(ctx, account, "d", append(mentions(account, 0, 3, at), mention(account, 9, at))); err != nil || len(stored) != 0 {
		t.Errorf("merge after put: %v, %v", stored, err)
	}

	// An item whose remote ID changed (which the app never does) moves in
	// the index; taking another item's remote ID is refused.
	moved := a
	moved.RemoteID = "elsewhere"
	if err := db.PutInboxItems(ctx, []app.InboxItem{moved}); err != nil {
		t.Fatal(err)
	}
	checkInboxIndex(t, db)
	thief := b
	thief.RemoteID = items[1].RemoteID
	if err := db.PutInboxItems(ctx, []app.InboxItem{fresh, thief}); !errors.Is(err, app.ErrBadID) {
		t.Errorf("taking a remote ID: %v", err)
	}
	if got, _ := db.InboxItem(ctx, b.ID); got.RemoteID != b.RemoteID {
		t.Error("a refused put changed the item")
	}
	bad := fresh
	bad.RemoteID = ""
	if err := db.PutInboxItems(ctx, []app.InboxItem{bad}); !errors.Is(err, app.ErrBadID) {
		t.Errorf("no remote ID: %v", err)
	}
	checkInboxIndex(t, db)
	if err := db.PutInboxItems(ctx, nil); err != nil {
		t.Error(err)
	}
}

func TestInboxItemNotFound(t *testing.T) {
	db, _ := openTemp(t)
	_, err := db.InboxItem(ctx, app.NewID(time.Now()))
	if !errors.Is(err, app.ErrNotFound) {
		t.Errorf("missing item: %v", err)
	}
}

func TestInboxItemsStops(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	if _, err := db.MergeInbox(ctx, account, "c", mentions(account, 0, 2*ctxCheckEvery, at)); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := db.InboxItems(ctx, func(app.InboxItem) bool { n++; return n < 3 }); err != nil || n != 3 {
		t.Errorf("stopped after %d: %v", n, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	n = 0
	err := db.InboxItems(cancelled, func(app.InboxItem) bool { n++; cancel(); return true })
	if !errors.Is(err, context.Canceled) || n >= 2*ctxCheckEvery {
		t.Errorf("cancelled: %d items, %v", n, err)
	}
	for name, call := range map[string]func(context.Context) error{
		"merge":  func(c context.Context) error { _, err := db.MergeInbox(c, account, "d", nil); return err },
		"put":    func(c context.Context) error { return db.PutInboxItems(c, nil) },
		"delete": func(c context.Context) error { return db.DeleteInbox(c, account) },
		"rules":  func(c context.Context) error { return db.PutRules(c, nil) },
	} {
		if err := call(cancelled); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", name, err)
		}
	}
	if c := cursorOf(t, db, account); c != "c" {
		t.Errorf("cursor %q", c)
	}
}

func TestDeleteInbox(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	lea, sam := app.NewID(at), app.NewID(at.Add(time.Millisecond))
	for i, account := range []app.ID{lea, sam} {
		// Interleaved IDs, and the same remote IDs for both accounts.
		if _, err := db.MergeInbox(ctx, account, "c"+strconv.Itoa(i), mentions(account, 0, 300, at)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.DeleteInbox(ctx, lea); err != nil {
		t.Fatal(err)
	}
	all := allInbox(t, db)
	if len(all) != 300 {
		t.Errorf("%d items left, want 300", len(all))
	}
	for _, it := range all {
		if it.Account != sam {
			t.Fatalf("an item of %s is left", it.Account)
		}
	}
	if c := cursorOf(t, db, lea); c != "" {
		t.Errorf("the deleted account's cursor: %q", c)
	}
	if c := cursorOf(t, db, sam); c != "c1" {
		t.Errorf("the other account's cursor: %q", c)
	}
	checkInboxIndex(t, db)
	// Read again, the account's items are new.
	if stored, err := db.MergeInbox(ctx, lea, "c0", mentions(lea, 0, 3, at)); err != nil || len(stored) != 3 {
		t.Errorf("after delete: %d, %v", len(stored), err)
	}
	if err := db.DeleteInbox(ctx, app.NewID(at)); err != nil {
		t.Errorf("deleting an account without items: %v", err)
	}
	checkInboxIndex(t, db)
}

func TestRulesAndSavedRepliesRoundTrip(t *testing.T) {
	db, dir := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	rules, err := db.Rules(ctx)
	if err != nil || rules == nil || len(rules) != 0 {
		t.Errorf("rules of a new file: %#v, %v", rules, err)
	}
	replies, err := db.SavedReplies(ctx)
	if err != nil || replies == nil || len(replies) != 0 {
		t.Errorf("saved replies of a new file: %#v, %v", replies, err)
	}

	wantRules := []app.Rule{
		{ID: app.NewID(at.Add(time.Hour)), Name: "Arnaques", Enabled: true, Words: []string{"arnaque", "remboursez"}, Label: "risque", Risk: true, Priority: app.PriorityHigh},
		{ID: app.NewID(at), Name: "Fournisseurs", Authors: []string{"@moulin", "farine.bsky.social"}, Label: "fournisseur"},
		{ID: app.NewID(at.Add(time.Minute)), Name: "Merci", Enabled: true, Words: []string{"merci"}, Done: true},
	}
	wantReplies := []app.SavedReply{
		{ID: app.NewID(at.Add(time.Hour)), Name: "Horaires", Language: app.LanguageFrench, Text: "Bonjour {name} ! Nous sommes ouverts de 7 h à 19 h."},
		{ID: app.NewID(at), Name: "Hours", Language: app.LanguageEnglish, Text: "Hi {handle}, we open at 7am."},
		{ID: app.NewID(at.Add(time.Minute)), Name: "Sans langue", Text: "…"},
	}
	if err := db.PutRules(ctx, wantRules); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSavedReplies(ctx, wantReplies); err != nil {
		t.Fatal(err)
	}
	check := func(db *DB, wantRules []app.Rule, wantReplies []app.SavedReply) {
		t.Helper()
		if got, err := db.Rules(ctx); err != nil || !reflect.DeepEqual(got, wantRules) {
			t.Errorf("rules\n got %#v, %v\nwant %#v", got, err, wantRules)
		}
		if got, err := db.SavedReplies(ctx); err != nil || !reflect.DeepEqual(got, wantReplies) {
			t.Errorf("saved replies\n got %#v, %v\nwant %#v", got, err, wantReplies)
		}
	}
	check(db, wantRules, wantReplies)

	// Replacing all: fewer, another order.
	wantRules = []app.Rule{wantRules[2], wantRules[0]}
	wantReplies = []app.SavedReply{wantReplies[1]}
	if err := db.PutRules(ctx, wantRules); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSavedReplies(ctx, wantReplies); err != nil {
		t.Fatal(err)
	}
	check(db, wantRules, wantReplies)

	db.Close()
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check(db, wantRules, wantReplies)

	// None left is an empty list.
	if err := db.PutRules(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSavedReplies(ctx, []app.SavedReply{}); err != nil {
		t.Fatal(err)
	}
	check(db, []app.Rule{}, []app.SavedReply{})
}

// Records written by a newer Relais are refused, not misread.
func TestNewerInboxRecordsAreRefused(t *testing.T) {
	db, _ := openTemp(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	account := app.NewID(at)
	it := mention(account, 0, at)
	if _, err := db.MergeInbox(ctx, account, "c", []app.InboxItem{it}); err != nil {
		t.Fatal(err)
	}
	db.bolt.Update(func(tx *bolt.Tx) error {
		v, _ := json.Marshal(map[string]any{"v": inboxRecordVersion + 1, "id": it.ID, "account": account, "remote_id": it.RemoteID})
		if err := tx.Bucket(bucketInbox).Put(it.ID[:], v); err != nil {
			return err
		}
		v, _ = json.Marshal(map[string]any{"v": rulesRecordVersion + 1})
		if err := tx.Bucket(bucketInboxRules).Put(keyRules, v); err != nil {
			return err
		}
		v, _ = json.Marshal(map[string]any{"v": savedRepliesRecordVersion + 1})
		return tx.Bucket(bucketTemplates).Put(keySavedReplies, v)
	})
	if _, err := db.InboxItem(ctx, it.ID); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("InboxItem: %v", err)
	}
	if err := db.InboxItems(ctx, func(app.InboxItem) bool { return true }); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("InboxItems: %v", err)
	}
	if err := db.PutInboxItems(ctx, []app.InboxItem{it}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("PutInboxItems over a newer record: %v", err)
	}
	if _, err := db.Rules(ctx); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Rules: %v", err)
	}
	if _, err := db.SavedReplies(ctx); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("SavedReplies: %v", err)
	}
}

// writeVersion5 makes a data directory as Relais wrote it at schema
// version 5: the version 1 fixture brought up by the released migrations,
// with an account, then stripped of what versions 6 and 7 added.
func writeVersion5(t *testing.T, dir string, posts []app.Post, accounts []app.Account) {
	t.Helper()
	writeVersion1(t, dir, posts)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if err := db.PutAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range append([][]byte{bucketInbox, bucketInboxRemote, bucketInboxCursors, bucketInboxRules, bucketTemplates, bucketAccountDays, bucketPostStats}, schema8Buckets...) {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 5))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationToVersion6(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := post(1, at)
	account := app.Account{ID: app.NewID(at), Network: app.Mastodon, Server: "https://piaille.fr", Handle: "boulangerie", CreatedAt: at}
	writeVersion5(t, dir, []app.Post{p}, []app.Account{account})
	v5 := rawBuckets(t, dir)
	for _, name := range []string{"inbox", "inbox_remote", "inbox_cursors", "inbox_rules", "templates"} {
		if slices.Contains(v5, name) {
			t.Fatalf("the version 5 fixture has bucket %s", name)
		}
	}
	if !slices.Contains(v5, "accounts") || !slices.Contains(v5, "outbox") {
		t.Fatalf("the version 5 fixture has buckets %v", v5)
	}

	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d after migration", v)
	}
	// What version 5 held is intact.
	if got, err := db.Post(ctx, p.ID); err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("post after migration: %+v, %v", got, err)
	}
	if got, err := db.Account(ctx, account.ID); err != nil || got.Handle != "boulangerie" {
		t.Errorf("account after migration: %+v, %v", got, err)
	}
	checkIndexes(t, db)
	// The inbox starts empty, and works.
	if rules, err := db.Rules(ctx); err != nil || rules == nil || len(rules) != 0 {
		t.Errorf("rules after migration: %v, %v", rules, err)
	}
	if replies, err := db.SavedReplies(ctx); err != nil || len(replies) != 0 {
		t.Errorf("saved replies after migration: %v, %v", replies, err)
	}
	if c := cursorOf(t, db, account.ID); c != "" {
		t.Errorf("cursor after migration: %q", c)
	}
	if n := len(allInbox(t, db)); n != 0 {
		t.Errorf("%d items after migration", n)
	}
	items := mentions(account.ID, 0, 3, at)
	if stored, err := db.MergeInbox(ctx, account.ID, "c", items); err != nil || len(stored) != 3 {
		t.Errorf("merge on a migrated file: %d, %v", len(stored), err)
	}
	db.Close()
	checkFile(t, dir)

	// Opening again changes nothing.
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := schemaOfFile(t, db); v != SchemaVersion() {
		t.Errorf("schema %d on a second open", v)
	}
	if n := len(allInbox(t, db)); n != 3 || cursorOf(t, db, account.ID) != "c" {
		t.Errorf("%d items, cursor %q after reopening", n, cursorOf(t, db, account.ID))
	}
	checkInboxIndex(t, db)
}
