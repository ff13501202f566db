package cli

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/ui/i18n"
)

// inboxNet is one network in memory for the inbox commands: a dialer
// whose connectors say who the account is, read what arrived (the cursor
// is how many items were read) and post replies.
type inboxNet struct {
	network app.Network
	handle  string

	mu          sync.Mutex
	items       []app.Item
	readFail    error // every read fails so
	publishFail error // every post fails so
	posts       []app.Outgoing

	// With figures, its connectors also read the account's and posts'
	// figures (app.MetricsReader): followers, and likes by post ID; a
	// post not in likes is gone. figuresFail fails every such read.
	figures     bool
	followers   int
	likes       map[string]int
	figuresFail error
	figureReads int // how many times the figures were asked
}

func (n *inboxNet) Network() app.Network { return n.network }

func (n *inboxNet) Open(acc app.Account, creds app.Credentials) (app.Connector, error) {
	if n.figures {
		return &figuresConn{inboxConn{net: n}}, nil
	}
	return &inboxConn{net: n}, nil
}

// figuresConn is an inboxConn that also reads figures.
type figuresConn struct{ inboxConn }

func (c *figuresConn) AccountMetrics(ctx context.Context) (app.AccountMetrics, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	n.figureReads++
	if n.figuresFail != nil {
		return app.AccountMetrics{}, n.figuresFail
	}
	return app.AccountMetrics{Followers: n.followers}, nil
}

func (c *figuresConn) PostMetrics(ctx context.Context, posts []app.RemoteRef) ([]app.PostMetrics, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	n.figureReads++
	if n.figuresFail != nil {
		return nil, n.figuresFail
	}
	var out []app.PostMetrics
	for _, p := range posts {
		if likes, ok := n.likes[p.ID]; ok {
			out = append(out, app.PostMetrics{Post: p, Likes: likes})
		}
	}
	return out, nil
}

var _ app.MetricsReader = (*figuresConn)(nil)

// add puts items in the account's notifications, numbering them.
func (n *inboxNet) add(items ...app.Item) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, it := range items {
		if it.RemoteID == "" {
			it.RemoteID = strconv.Itoa(len(n.items) + 1)
		}
		n.items = append(n.items, it)
	}
}

func (n *inboxNet) fail(read, publish error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.readFail, n.publishFail = read, publish
}

func (n *inboxNet) published() []app.Outgoing {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]app.Outgoing(nil), n.posts...)
}

type inboxConn struct{ net *inboxNet }

func (c *inboxConn) Limits() app.Limits { return app.Limits{} }

func (c *inboxConn) Profile(ctx context.Context) (app.Profile, error) {
	return app.Profile{RemoteID: "id-" + c.net.handle, Handle: c.net.handle, URL: "https://" + string(c.net.network) + ".example/@" + c.net.handle}, nil
}

func (c *inboxConn) Since(ctx context.Context, cursor string) (app.Page, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.readFail != nil {
		return app.Page{}, n.readFail
	}
	from, _ := strconv.Atoi(cursor)
	return app.Page{Items: append([]app.Item(nil), n.items[from:]...), Cursor: strconv.Itoa(len(n.items))}, nil
}

func (c *inboxConn) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.publishFail != nil {
		return app.Published{}, n.publishFail
	}
	n.posts = append(n.posts, o)
	id := "reply-" + strconv.Itoa(len(n.posts))
	return app.Published{Ref: app.RemoteRef{ID: id}, URL: "https://" + string(n.network) + ".example/" + id, At: time.Now()}, nil
}

func (c *inboxConn) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	return app.Published{}, false, nil
}

var (
	_ app.Reader    = (*inboxConn)(nil)
	_ app.Publisher = (*inboxConn)(nil)
)

// inboxEnv is an Env with an inbox over two accounts: Mastodon
// relais@masto.example and Bluesky relais.bsky.social.
type inboxEnv struct {
	Env
	db         *storage.DB
	masto, sky *inboxNet
	mastoID    app.ID
	skyID      app.ID
}

func newInboxEnv(t *testing.T, lang app.Language) *inboxEnv {
	t.Helper()
	env, _, _, db := newEnv(t, lang)
	e := &inboxEnv{Env: env, db: db,
		masto: &inboxNet{network: app.Mastodon, handle: "relais@masto.example"},
		sky:   &inboxNet{network: app.Bluesky, handle: "relais.bsky.social"},
	}
	e.Accounts = app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(e.masto, e.sky), nil, env.Clock)
	ctx := context.Background()
	m, err := e.Accounts.Connect(ctx, app.Account{Network: app.Mastodon, Server: "https://masto.example"}, app.Secret{AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Accounts.Connect(ctx, app.Account{Network: app.Bluesky, Handle: "relais.bsky.social"}, app.Secret{Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	e.mastoID, e.skyID = m.ID, b.ID
	e.Inbox = app.NewInbox(db, e.Accounts, env.Clock, env.zone(), nil)
	return e
}

var arrival = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// post is an item about a post of the network.
func post(kind app.ItemKind, handle, text string, minute int) app.Item {
	id := "s" + strconv.Itoa(minute)
	return app.Item{Kind: kind, Author: app.Author{Handle: handle, Name: strings.SplitN(handle, "@", 2)[0], URL: "https://masto.example/@" + handle},
		Text: text, URL: "https://masto.example/" + id, Post: &app.RemoteRef{ID: id}, At: arrival.Add(time.Duration(minute) * time.Minute)}
}

// listJSON runs inbox list --json with args and returns the items.
func listJSON(t *testing.T, env Env, args ...string) []itemJSON {
	t.Helper()
	code, out, errOut := runAll(t, env, append([]string{"inbox", "list", "--json"}, args...)...)
	if code != ExitOK {
		t.Fatalf("inbox list %q: exit %d, %s", args, code, errOut)
	}
	var items []itemJSON
	decodeOne(t, []byte(out), &items)
	if items == nil {
		t.Fatalf("inbox list %q: %s is not a list", args, out)
	}
	return items
}

func texts(items []itemJSON) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Text)
	}
	return strings.Join(s, " | ")
}

func TestSync(t *testing.T) {
	e := newInboxEnv(t, app.LanguageEnglish)
	e.masto.add(
		post(app.ItemMention, "anne@masto.example", "Bonjour, vous ouvrez dimanche ?\nMerci !", 1),
		post(app.ItemLike, "bob@masto.example", "Fournée du samedi", 2),
		post(app.ItemReply, "carla@masto.example", "Et le pain aux noix revient quand ?", 3),
	)
	e.sky.add(app.Item{Kind: app.ItemFollow, Author: app.Author{Handle: "dan.bsky.social", Name: "Dan"}, At: arrival.Add(4 * time.Minute)})

	code, out, errOut := runAll(t, e.Env, "sync")
	if code != ExitOK || errOut != "" {
		t.Fatalf("sync: exit %d, %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 6 || lines[0] != "Mastodon @relais@masto.example: 3 new (2 need a reply)" || lines[4] != "Bluesky @relais.bsky.social: 1 new" {
		t.Fatalf("sync printed:\n%s", out)
	}
	// One line per new item, oldest first: its short ID, time (in the
	// user's zone), kind, author and first line.
	for i, want := range []string{"2026-11-25 09:01 mention @anne@masto.example Bonjour, vous ouvrez dimanche ? …",
		"2026-11-25 09:02 like @bob@masto.example Fournée du samedi",
		"2026-11-25 09:03 reply @carla@masto.example Et le pain aux noix revient quand ?"} {
		f := strings.Fields(lines[i+1])
		if len(f[0]) != shortIDLength || !strings.HasPrefix(lines[i+1], "  ") || strings.Join(f[1:], " ") != want {
			t.Errorf("item line %q, want %q", lines[i+1], want)
		}
	}
	if !strings.Contains(lines[5], "follow") || !strings.Contains(lines[5], "@dan.bsky.social") {
		t.Errorf("follow line %q", lines[5])
	}

	// Nothing new the second time.
	code, out, _ = runAll(t, e.Env, "sync")
	if want := "Mastodon @relais@masto.example: nothing new\nBluesky @relais.bsky.social: nothing new\n"; code != ExitOK || out != want {
		t.Errorf("second sync: exit %d, %q, want %q", code, out, want)
	}

	// --json: one document, an entry per account.
	e.masto.add(post(app.ItemMention, "eve@masto.example", "Remboursement de ma commande ? <b>&</b>", 5))
	code, out, errOut = runAll(t, e.Env, "sync", "--json")
	if code != ExitOK || errOut != "" {
		t.Fatalf("sync --json: exit %d, %s", code, errOut)
	}
	var results []syncJSON
	decodeOne(t, []byte(out), &results)
	if len(results) != 2 || results[0].Account != e.mastoID.String() || results[0].Network != "mastodon" || results[0].Handle != "relais@masto.example" ||
		results[0].Error != "" || len(results[0].Added) != 1 || results[1].Network != "bluesky" || results[1].Added == nil || len(results[1].Added) != 0 {
		t.Fatalf("sync --json: %s", out)
	}
	for _, field := range []string{`"added": []`, `"changed": 0`, `"labels": [`, `"priority": "high"`, "<b>&</b>"} {
		if !strings.Contains(out, field) {
			t.Errorf("sync --json lacks %s:\n%s", field, out)
		}
	}
	if strings.Contains(out, `"error"`) {
		t.Errorf("an error field without an error:\n%s", out)
	}
	got := results[0].Added[0]
	if _, err := app.ParseID(got.ID); err != nil {
		t.Error(err)
	}
	want := itemJSON{ID: got.ID, Account: e.mastoID.String(), Network: "mastodon", Kind: "mention", State: "needs_reply",
		Author: authorJSON{Name: "eve", Handle: "eve@masto.example", URL: "https://masto.example/@eve@masto.example"},
		Text:   "Remboursement de ma commande ? <b>&</b>", URL: "https://masto.example/s5", At: "2026-11-25T08:05:00Z",
		Labels: []string{"réclamation"}, Risk: true, Priority: "high"}
	if !jsonEqual(t, got, want) {
		t.Errorf("item %+v, want %+v", got, want)
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(x) == string(y)
}

func TestSyncAccountFails(t *testing.T) {
	for _, c := range []struct {
		lang         app.Language
		line, stderr string
	}{
		{app.LanguageEnglish, "Bluesky @relais.bsky.social: Bluesky no longer accepts this account’s sign-in: reconnect it in Accounts.\n",
			"relais: 1 account(s) could not be read; see above.\n"},
		{app.LanguageFrench, "Bluesky @relais.bsky.social : ", "relais : 1 compte(s) n’ont pas pu être lus ; voir ci-dessus.\n"},
	} {
		e := newInboxEnv(t, c.lang)
		e.masto.add(post(app.ItemMention, "anne@masto.example", "Bonjour", 1))
		e.sky.fail(&app.NetError{Network: app.Bluesky, Kind: app.FailAuth, Status: 401}, nil)
		code, out, errOut := runAll(t, e.Env, "sync")
		if code != ExitError || !strings.Contains(out, c.line) || errOut != c.stderr {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", c.lang, code, out, errOut)
		}
		if !strings.HasPrefix(out, "Mastodon @relais@masto.example") || strings.Contains(out, "sync.") || strings.ContainsAny(out, "{}") {
			t.Errorf("%s: the account that worked: %q", c.lang, out)
		}
		// The account now needs signing in again.
		if acc, _ := e.Accounts.Get(context.Background(), e.skyID); acc.State != app.AccountReauth {
			t.Errorf("%s: account state %q", c.lang, acc.State)
		}
		code, out, errOut = runAll(t, e.Env, "sync", "--json")
		var results []syncJSON
		decodeOne(t, []byte(out), &results)
		if code != ExitError || len(results) != 2 || results[0].Error != "" || results[1].Error == "" || errOut != c.stderr {
			t.Errorf("%s: sync --json: exit %d, %s, %q", c.lang, code, out, errOut)
		}
	}
}

func TestSyncNoAccounts(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageFrench)
	env.Accounts = app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(), nil, env.Clock)
	env.Inbox = app.NewInbox(db, env.Accounts, env.Clock, time.UTC, nil)
	if code, out, _ := runAll(t, env, "sync"); code != ExitOK || out != "Aucun compte à lire. Ajoutez-en un avec relais account add.\n" {
		t.Errorf("sync without accounts: exit %d, %q", code, out)
	}
	if code, out, _ := runAll(t, env, "sync", "--json"); code != ExitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("sync --json without accounts: exit %d, %q", code, out)
	}
	if code, out, _ := runAll(t, env, "inbox", "list"); code != ExitOK || out != "Rien ici.\n" {
		t.Errorf("empty inbox: exit %d, %q", code, out)
	}
}

// syncedEnv is an inboxEnv whose inbox holds, oldest first: a mention
// (Mastodon), a like (Mastodon), a reply (Mastodon), a follow (Bluesky)
// and a mention (Bluesky).
func syncedEnv(t *testing.T, lang app.Language) *inboxEnv {
	t.Helper()
	e := newInboxEnv(t, lang)
	e.masto.add(
		post(app.ItemMention, "anne@masto.example", "Bonjour, vous ouvrez dimanche ?", 1),
		post(app.ItemLike, "bob@masto.example", "Fournée du samedi", 2),
		post(app.ItemReply, "carla@masto.example", "Et le pain aux noix ?", 3),
	)
	e.sky.add(
		app.Item{Kind: app.ItemFollow, Author: app.Author{Handle: "dan.bsky.social"}, At: arrival.Add(4 * time.Minute)},
		app.Item{Kind: app.ItemMention, Author: app.Author{Handle: "fanny.bsky.social"}, Text: "Super fournée",
			Post: &app.RemoteRef{ID: "at://fanny/1", CID: "c1"}, At: arrival.Add(5 * time.Minute)},
	)
	if code, _, errOut := runAll(t, e.Env, "sync"); code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}
	return e
}

func TestInboxList(t *testing.T) {
	e := syncedEnv(t, app.LanguageEnglish)
	if got := texts(listJSON(t, e.Env)); got != "Super fournée |  | Et le pain aux noix ? | Fournée du samedi | Bonjour, vous ouvrez dimanche ?" {
		t.Errorf("open, newest first: %s", got)
	}
	needs := listJSON(t, e.Env, "--needs-reply")
	if got := texts(needs); got != "Super fournée | Et le pain aux noix ? | Bonjour, vous ouvrez dimanche ?" {
		t.Errorf("--needs-reply: %s", got)
	}
	for _, it := range needs {
		if it.State != "needs_reply" {
			t.Errorf("--needs-reply lists %+v", it)
		}
	}
	if got := texts(listJSON(t, e.Env, "--view", "needs-reply")); got != texts(needs) {
		t.Errorf("--view needs-reply: %s", got)
	}
	for _, name := range []string{"relais.bsky.social", "@Relais.Bsky.Social", e.skyID.String()} {
		if got := listJSON(t, e.Env, "--account", name); len(got) != 2 || got[0].Network != "bluesky" || got[1].Kind != "follow" {
			t.Errorf("--account %s: %+v", name, got)
		}
	}
	if got := texts(listJSON(t, e.Env, "--account", "relais@masto.example", "--needs-reply")); got != "Et le pain aux noix ? | Bonjour, vous ouvrez dimanche ?" {
		t.Errorf("--account mastodon --needs-reply: %s", got)
	}
	if got := texts(listJSON(t, e.Env, "--search", "DIMANCHE")); got != "Bonjour, vous ouvrez dimanche ?" {
		t.Errorf("--search: %s", got)
	}
	if got := texts(listJSON(t, e.Env, "--limit", "2")); got != "Super fournée | " {
		t.Errorf("--limit 2: %s", got)
	}
	if got := listJSON(t, e.Env, "--view", "done"); len(got) != 0 {
		t.Errorf("--view done: %+v", got)
	}
	code, _, errOut := runAll(t, e.Env, "inbox", "list", "--account", "nobody@masto.example")
	if code != ExitError || errOut != "relais: No connected account is “nobody@masto.example”. See relais account list.\n" {
		t.Errorf("an unknown account: exit %d, %q", code, errOut)
	}

	// The table: short ID, time, account, kind, state, author, text.
	code, out, _ := runAll(t, e.Env, "inbox", "list", "--limit", "3")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != ExitOK || len(lines) != 4 || lines[3] != "… and 2 more (see --limit)." {
		t.Fatalf("inbox list --limit 3:\n%s", out)
	}
	for i, want := range []string{
		"2026-11-25 09:05 Bluesky @relais.bsky.social mention needs a reply @fanny.bsky.social Super fournée",
		"2026-11-25 09:04 Bluesky @relais.bsky.social follow new @dan.bsky.social",
		"2026-11-25 09:03 Mastodon @relais@masto.example reply needs a reply @carla@masto.example Et le pain aux noix ?",
	} {
		f := strings.Fields(lines[i])
		if len(f[0]) != shortIDLength || strings.Join(f[1:], " ") != want {
			t.Errorf("line %q, want %q", lines[i], want)
		}
	}
	// The columns line up.
	if at := strings.Index(lines[0], "mention"); at < 0 || strings.Index(lines[1], "follow") != at || strings.Index(lines[2], "reply") != at {
		t.Errorf("columns not aligned:\n%s", out)
	}
	// In French.
	e.Tr = newEnvTr(app.LanguageFrench)
	_, out, _ = runAll(t, e.Env, "inbox", "list", "--needs-reply", "--limit", "1")
	if !strings.Contains(out, "à répondre") || !strings.Contains(out, "… et 2 de plus (voir --limit).") {
		t.Errorf("fr list:\n%s", out)
	}
}

func TestInboxDone(t *testing.T) {
	e := syncedEnv(t, app.LanguageEnglish)
	open := listJSON(t, e.Env)
	anne := open[len(open)-1]
	// The short ID a list shows names the item, in any case.
	_, out, _ := runAll(t, e.Env, "inbox", "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	short := strings.Fields(lines[len(lines)-1])[0]
	if !strings.HasSuffix(anne.ID, short) {
		t.Fatalf("short ID %q of %q", short, anne.ID)
	}
	code, out, errOut := runAll(t, e.Env, "inbox", "done", strings.ToUpper(short))
	if code != ExitOK || out != "Item "+anne.ID+" is done.\n" {
		t.Fatalf("inbox done: exit %d, %q %q", code, out, errOut)
	}
	if got := listJSON(t, e.Env); len(got) != len(open)-1 || strings.Contains(texts(got), anne.Text) {
		t.Errorf("still open: %s", texts(got))
	}
	if got := listJSON(t, e.Env, "--view", "done"); len(got) != 1 || got[0].ID != anne.ID || got[0].State != "done" {
		t.Errorf("done: %+v", got)
	}
	// The whole ID, and --json.
	carla := open[2]
	code, out, _ = runAll(t, e.Env, "inbox", "done", carla.ID, "--json")
	var done itemJSON
	decodeOne(t, []byte(out), &done)
	if code != ExitOK || done.ID != carla.ID || done.State != "done" {
		t.Errorf("inbox done --json: %d %s", code, out)
	}
	// An ID no item has.
	code, _, errOut = runAll(t, e.Env, "inbox", "done", "zzzzzzzz")
	if code != ExitError || errOut != "relais: No inbox item has the ID “zzzzzzzz”. See relais inbox list --view all.\n" {
		t.Errorf("unknown ID: exit %d, %q", code, errOut)
	}
}

// Two items whose IDs end the same: the short IDs lists show are longer,
// and the common end names neither.
func TestShortIDsUnambiguous(t *testing.T) {
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	ctx := context.Background()
	a := app.NewID(arrival)
	b := a
	binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(a[:8])+1) // a millisecond later, the same random part
	c := app.NewID(arrival)
	acc := app.NewID(arrival)
	var items []app.InboxItem
	for i, id := range []app.ID{a, b, c} {
		items = append(items, app.InboxItem{ID: id, Account: acc, Network: app.Mastodon, State: app.StateNew,
			Item: app.Item{RemoteID: strconv.Itoa(i), Kind: app.ItemMention, Text: "item " + strconv.Itoa(i), At: arrival.Add(time.Duration(i) * time.Minute)}})
	}
	if err := db.PutInboxItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	env.Inbox = app.NewInbox(db, nil, env.Clock, time.UTC, nil)
	short, err := env.shortIDs(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	if s := short[c]; len(s) != shortIDLength {
		t.Errorf("short ID of a lone item: %q", s)
	}
	for _, id := range []app.ID{a, b} {
		s := short[id]
		if len(s) <= shortIDLength || !strings.HasSuffix(id.String(), s) {
			t.Errorf("short ID %q of %s", s, id)
		}
		if it, err := env.item(ctx, s); err != nil || it.ID != id {
			t.Errorf("item(%q) = %s, %v", s, it.ID, err)
		}
	}
	if short[a] == short[b] {
		t.Errorf("the same short ID %q for two items", short[a])
	}
	end := a.String()[idLength-shortIDLength:]
	code, _, errOut := runAll(t, env, "inbox", "done", end)
	if code != ExitError || errOut != "relais: 2 inbox items have an ID ending in “"+end+"”: give more of it, or the whole ID.\n" {
		t.Errorf("an ambiguous ID: exit %d, %q", code, errOut)
	}
	if it, _ := env.Inbox.Item(ctx, a); it.State != app.StateNew {
		t.Errorf("an ambiguous ID changed an item: %+v", it)
	}
}

func TestInboxReply(t *testing.T) {
	e := syncedEnv(t, app.LanguageEnglish)
	ctx := context.Background()
	open := listJSON(t, e.Env)
	anne, carla, fanny := open[4], open[2], open[0]
	code, out, errOut := runAll(t, e.Env, "inbox", "reply", anne.ID, "--text", "Oui, de 8 h à 13 h !")
	if code != ExitOK || out != "Reply published: https://mastodon.example/reply-1\n" {
		t.Fatalf("inbox reply: exit %d, %q %q", code, out, errOut)
	}
	posts := e.masto.published()
	// The reply mentions its author, of the account's own server, or she
	// would not be told of it.
	if len(posts) != 1 || posts[0].Text != "@anne Oui, de 8 h à 13 h !" || posts[0].ReplyTo == nil || posts[0].ReplyTo.ID != "s1" || posts[0].Key == "" {
		t.Fatalf("published %+v", posts)
	}
	it, err := e.Inbox.Item(ctx, mustID(t, anne.ID))
	if err != nil || it.State != app.StateReplied || len(it.Replies) != 1 || !it.Replies[0].Sent() {
		t.Errorf("the item after its reply: %+v, %v", it, err)
	}
	if got := listJSON(t, e.Env, "--view", "replied"); len(got) != 1 || got[0].ID != anne.ID {
		t.Errorf("replied: %+v", got)
	}

	// The text on standard input, whole; --json.
	e.Stdin = strings.NewReader("Bonjour Carla,\nle pain aux noix revient vendredi.\n")
	cmd, err := Parse([]string{"inbox", "reply", carla.ID, "--text", "-", "--json"})
	if err != nil || !cmd.ReadsStdin() {
		t.Fatalf("--text -: %+v, %v", cmd, err)
	}
	code, out, errOut = runAll(t, e.Env, "inbox", "reply", carla.ID[idLength-shortIDLength:], "--text", "-", "--json")
	var r replyJSON
	decodeOne(t, []byte(out), &r)
	if code != ExitOK || r.URL != "https://mastodon.example/reply-2" || r.Item.ID != carla.ID || r.Item.State != "replied" {
		t.Fatalf("reply --json: exit %d, %s %s", code, out, errOut)
	}
	if posts := e.masto.published(); len(posts) != 2 || posts[1].Text != "@carla Bonjour Carla,\nle pain aux noix revient vendredi." || posts[1].ReplyTo.ID != "s3" {
		t.Errorf("published %+v", posts)
	}

	// Over Bluesky's 300 characters: refused before it goes out, in
	// plain words, in both languages.
	long := strings.Repeat("a", 301)
	for lang, want := range map[app.Language]string{
		app.LanguageEnglish: "relais: This reply cannot be sent:\n  Bluesky: 301 characters, 300 at most\n",
		app.LanguageFrench:  "relais : Cette réponse ne peut pas partir :\n  Bluesky : 301 caractères, 300 au plus\n",
	} {
		e.Tr = newEnvTr(lang)
		code, out, errOut = runAll(t, e.Env, "inbox", "reply", fanny.ID, "--text", long)
		if code != ExitError || out != "" || errOut != want {
			t.Errorf("%s: over the limit: exit %d, %q %q; want %q", lang, code, out, errOut, want)
		}
	}
	e.Tr = newEnvTr(app.LanguageEnglish)
	if n := len(e.sky.published()); n != 0 {
		t.Errorf("%d replies went out over the limit", n)
	}
	if it, _ := e.Inbox.Item(ctx, mustID(t, fanny.ID)); it.State != app.StateNeedsReply {
		t.Errorf("a refused reply changed the item: %+v", it)
	}

	// A network refusal: its words, exit 1.
	e.sky.fail(nil, &app.NetError{Network: app.Bluesky, Kind: app.FailRejected, Status: 400, Message: "Record too big"})
	code, _, errOut = runAll(t, e.Env, "inbox", "reply", fanny.ID, "--text", "Merci !")
	if code != ExitError || errOut != "relais: Bluesky refused: Record too big\n" {
		t.Errorf("a refused reply: exit %d, %q", code, errOut)
	}
	// A like cannot be answered.
	code, _, errOut = runAll(t, e.Env, "inbox", "reply", open[3].ID, "--text", "Merci !")
	if code != ExitError || !strings.Contains(errOut, "This item (like) cannot be answered") {
		t.Errorf("a reply to a like: exit %d, %q", code, errOut)
	}
	// Nothing on standard input.
	e.Stdin = strings.NewReader(" \n")
	code, _, errOut = runAll(t, e.Env, "inbox", "reply", fanny.ID, "--text", "-")
	if code != ExitError || !strings.HasPrefix(errOut, "relais: The reply is empty") {
		t.Errorf("an empty reply: exit %d, %q", code, errOut)
	}
}

func newEnvTr(l app.Language) *i18n.Translator { return i18n.New(l) }

// resetOutputs empties an Env's outputs and returns them.
func resetOutputs(env Env) (stdout, stderr *bytes.Buffer) {
	stdout, stderr = env.Stdout.(*bytes.Buffer), env.Stderr.(*bytes.Buffer)
	stdout.Reset()
	stderr.Reset()
	return stdout, stderr
}

func TestReadInput(t *testing.T) {
	reply, err := Parse([]string{"inbox", "reply", "abcdefgh", "--text", "-"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := reply.ReadInput(strings.NewReader("one\ntwo\n")); err != nil || got != "one\ntwo\n" {
		t.Errorf("reply text %q, %v", got, err)
	}
	if _, err := reply.ReadInput(strings.NewReader(strings.Repeat("x", MaxTextSize+1))); err == nil {
		t.Error("a text over MaxTextSize was read")
	}
	secret := Command{SecretStdin: true}
	if got, err := secret.ReadInput(strings.NewReader("tok\nrest")); err != nil || got != "tok" {
		t.Errorf("secret %q, %v", got, err)
	}
	if (Command{Action: ActionInboxReply, Text: "hello"}).ReadsStdin() {
		t.Error("a reply given with --text reads standard input")
	}
}

// The inbox commands fail as the others do: one plain line on stderr,
// nothing on stdout, exit 1.
func TestInboxCommandsCancelled(t *testing.T) {
	e := newInboxEnv(t, app.LanguageEnglish)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{{"sync"}, {"sync", "--json"}, {"inbox", "list"}, {"inbox", "list", "--json"},
		{"inbox", "done", "abcdefgh"}, {"inbox", "reply", "abcdefgh", "--text", "x"}} {
		cmd, err := Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		out, errOut := resetOutputs(e.Env)
		if code := Run(ctx, cmd, e.Env); code != ExitError || out.Len() != 0 || errOut.String() != "relais: Cancelled.\n" {
			t.Errorf("%q cancelled: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	// Without an inbox (main did not wire one): an error, not a panic.
	e.Inbox = nil
	if code, _, errOut := runAll(t, e.Env, "inbox", "list"); code != ExitError || !strings.HasPrefix(errOut, "relais: Something went wrong: ") {
		t.Errorf("no inbox: exit %d, %q", code, errOut)
	}
}

func TestParseInbox(t *testing.T) {
	for _, c := range []struct {
		args []string
		want Command
	}{
		{[]string{"sync"}, Command{Action: ActionSync}},
		{[]string{"sync", "--json", "--data", "/d"}, Command{Action: ActionSync, JSON: true, DataDir: "/d"}},
		{[]string{"inbox", "list"}, Command{Action: ActionInboxList, InboxView: app.ViewOpen}},
		{[]string{"inbox", "list", "--needs-reply", "--account", " @cm@masto.example ", "--search", "pain", "--limit", "20", "--json"},
			Command{Action: ActionInboxList, InboxView: app.ViewNeedsReply, Account: "@cm@masto.example", Search: "pain", Limit: 20, JSON: true}},
		{[]string{"inbox", "list", "--view", "Done"}, Command{Action: ActionInboxList, InboxView: app.ViewDone}},
		{[]string{"inbox", "list", "--view", "needs_reply", "--needs-reply"}, Command{Action: ActionInboxList, InboxView: app.ViewNeedsReply}},
		{[]string{"inbox", "done", "ABCDEFGH"}, Command{Action: ActionInboxDone, Item: "abcdefgh"}},
		{[]string{"inbox", "done", "--json", "000038ghxzae07z82fbtqg99pw"}, Command{Action: ActionInboxDone, Item: "000038ghxzae07z82fbtqg99pw", JSON: true}},
		{[]string{"inbox", "reply", "abcdefgh", "--text", "Merci !"}, Command{Action: ActionInboxReply, Item: "abcdefgh", Text: "Merci !"}},
		{[]string{"inbox", "reply", "--text", "-", "abcdefgh"}, Command{Action: ActionInboxReply, Item: "abcdefgh", Text: "-"}},
		{[]string{"inbox", "accept", "ABCDEFGH"}, Command{Action: ActionInboxAccept, Item: "abcdefgh"}},
		{[]string{"inbox", "reject", "--json", "abcdefgh"}, Command{Action: ActionInboxReject, Item: "abcdefgh", JSON: true}},
		{[]string{"inbox", "hide", "ABCDEFGH"}, Command{Action: ActionInboxHide, Item: "abcdefgh"}},
		{[]string{"inbox", "hide", "--show", "--json", "abcdefgh"}, Command{Action: ActionInboxHide, Item: "abcdefgh", Show: true, JSON: true}},
	} {
		got, err := Parse(c.args)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.args, err)
			continue
		}
		if !jsonEqual(t, got, c.want) {
			t.Errorf("Parse(%q) =\n%+v, want\n%+v", c.args, got, c.want)
		}
	}
	for _, c := range []struct {
		args []string
		key  string
	}{
		{[]string{"sync", "now"}, "cli.unexpected_args"},
		{[]string{"sync", "--all"}, "cli.unknown_flag"},
		{[]string{"inbox"}, "cli.inbox_needs_action"},
		{[]string{"inbox", "--json"}, "cli.inbox_needs_action"},
		{[]string{"inbox", "archive"}, "cli.unknown_command"},
		{[]string{"inbox", "hide"}, "cli.inbox_needs_id"},
		{[]string{"inbox", "hide", "abcdefgh", "--yes"}, "cli.unknown_flag"},
		{[]string{"inbox", "list", "--view", "later"}, "cli.bad_inbox_view"},
		{[]string{"inbox", "list", "--view", "done", "--needs-reply"}, "cli.needs_reply_or_view"},
		{[]string{"inbox", "list", "--limit", "-1"}, "cli.bad_limit"},
		{[]string{"inbox", "list", "--limit", "ten"}, "cli.bad_limit"},
		{[]string{"inbox", "list", "extra"}, "cli.unexpected_args"},
		{[]string{"inbox", "done"}, "cli.inbox_needs_id"},
		{[]string{"inbox", "done", "abc"}, "cli.bad_item_id"},
		{[]string{"inbox", "done", "abcdefgi"}, "cli.bad_item_id"}, // no i in IDs
		{[]string{"inbox", "done", "000038ghxzae07z82fbtqg99pw0"}, "cli.bad_item_id"},
		{[]string{"inbox", "done", "abcdefgh", "abcdefgj"}, "cli.unexpected_args"},
		{[]string{"inbox", "reply", "abcdefgh"}, "cli.reply_needs_text"},
		{[]string{"inbox", "reply", "abcdefgh", "--text", " "}, "cli.reply_needs_text"},
		{[]string{"inbox", "reply", "--text", "x"}, "cli.inbox_needs_id"},
		{[]string{"inbox", "accept"}, "cli.inbox_needs_id"},
		{[]string{"inbox", "reject", "abcdefgh", "--text", "non"}, "cli.unknown_flag"},
	} {
		_, err := Parse(c.args)
		var u *UsageError
		if !errors.As(err, &u) || u.Key != c.key {
			t.Errorf("Parse(%q) = %v, want usage error %s", c.args, err, c.key)
			continue
		}
		for _, l := range app.Languages {
			var b strings.Builder
			PrintError(&b, newEnvTr(l), err)
			if s := b.String(); strings.Count(s, "\n") != 2 || strings.ContainsAny(s, "{}") || strings.Contains(s, "cli.") {
				t.Errorf("%s: Parse(%q) is told as %q", l, c.args, s)
			}
		}
	}
	for _, args := range [][]string{{"sync", "--help"}, {"inbox", "list", "-h"}, {"inbox", "done", "--help"}, {"inbox", "reply", "--help"}} {
		if cmd, err := Parse(args); err != nil || cmd.Action != ActionHelp {
			t.Errorf("Parse(%q) = %+v, %v; want help", args, cmd, err)
		}
	}
}

// Every kind and state reads in both languages.
func TestKindAndStateNames(t *testing.T) {
	for _, l := range app.Languages {
		tr := newEnvTr(l)
		for _, k := range app.ItemKinds {
			if got := kindName(tr, k); got == "" || strings.Contains(got, "cli.") {
				t.Errorf("%s kind %s: %q", l, k, got)
			}
		}
		for _, s := range app.TriageStates {
			if got := stateName(tr, s); got == "" || strings.Contains(got, "cli.") {
				t.Errorf("%s state %s: %q", l, s, got)
			}
		}
	}
}

func TestSnippet(t *testing.T) {
	for _, c := range []struct {
		item app.InboxItem
		want string
	}{
		{app.InboxItem{Item: app.Item{Text: "Court"}}, "Court"},
		{app.InboxItem{Item: app.Item{Text: "  Une ligne\nEt une autre"}}, "Une ligne …"},
		{app.InboxItem{Item: app.Item{Title: "Titre", Text: "Texte"}}, "Titre"},
		{app.InboxItem{Item: app.Item{Text: "tab\there \x1b[31mred\x1b[0m"}}, "tab here [31mred [0m"},
		{app.InboxItem{Item: app.Item{Text: strings.Repeat("mot ", 30)}}, strings.TrimSpace(strings.Repeat("mot ", 15)) + "…"},
		{app.InboxItem{Item: app.Item{Text: strings.Repeat("é", 70)}}, strings.Repeat("é", snippetLength) + "…"},
	} {
		if got := snippet(c.item); got != c.want {
			t.Errorf("snippet(%q) = %q, want %q", c.item.Text, got, c.want)
		}
	}
}

func TestInboxReplySaved(t *testing.T) {
	e := syncedEnv(t, app.LanguageFrench)
	ctx := context.Background()
	fanny := listJSON(t, e.Env)[0]
	// A new inbox has the starter replies: "Merci" names one, with the
	// author's name put in, ignoring case.
	code, out, errOut := runAll(t, e.Env, "inbox", "reply", fanny.ID, "--saved", "merci")
	if code != ExitOK {
		t.Fatalf("inbox reply --saved: exit %d, %q %q", code, out, errOut)
	}
	posts := e.sky.published()
	if len(posts) != 1 || posts[0].Text != "Merci beaucoup fanny.bsky.social pour votre message ! 🙏" {
		t.Fatalf("published %+v", posts)
	}
	if it, _ := e.Inbox.Item(ctx, mustID(t, fanny.ID)); it.State != app.StateReplied {
		t.Errorf("the item after a saved reply: %+v", it)
	}
	// A name that matches none, or several: refused with the names, and
	// nothing sent.
	anne := listJSON(t, e.Env)[3] // fanny, replied, left the list
	for _, name := range []string{"Au revoir", "on"} {
		code, _, errOut = runAll(t, e.Env, "inbox", "reply", anne.ID, "--saved", name)
		if code != ExitError || !strings.Contains(errOut, "« "+name+" »") || !strings.Contains(errOut, "Merci, En message privé, On s'en occupe, Thanks, Direct message, On it") {
			t.Errorf("--saved %q: exit %d, %q", name, code, errOut)
		}
	}
	if n := len(e.masto.published()); n != 0 {
		t.Errorf("%d replies went out for unknown saved replies", n)
	}
	// --text and --saved together, or neither: a usage error.
	for _, args := range [][]string{{"--text", "Bonjour", "--saved", "Merci"}, {}} {
		if _, err := Parse(append([]string{"inbox", "reply", anne.ID}, args...)); err == nil {
			t.Errorf("inbox reply %v: parsed", args)
		}
	}
}
