package impostor

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

var ctx = context.Background()

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

// memRecords is a Store in memory, as storage behaves.
type memRecords struct {
	mu   sync.Mutex
	list []Record
}

func (m *memRecords) Impostors(context.Context) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.list), nil
}

func (m *memRecords) PutImpostor(_ context.Context, r Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i := slices.IndexFunc(m.list, func(x Record) bool { return x.ID == r.ID }); i >= 0 {
		m.list[i] = r
		return nil
	}
	m.list = append(m.list, r)
	return nil
}

// fakeSearcher is a connector whose account search answers from a list,
// as Bluesky's searchActors does: every account whose handle or name has
// the query's first word, folded (so "Maison Lumen" finds maison-Iumen
// only through its name, as a real search would not through its handle).
type fakeSearcher struct {
	network  app.Network
	accounts []monitor.Account
	queries  []string
	fail     error
	avatars  map[string][]byte
	reads    []string
}

func (f *fakeSearcher) Limits() app.Limits                           { return app.Limits{} }
func (f *fakeSearcher) Profile(context.Context) (app.Profile, error) { return app.Profile{}, nil }

func (f *fakeSearcher) SearchAccounts(_ context.Context, q string, limit int) ([]monitor.Account, error) {
	f.queries = append(f.queries, q)
	if f.fail != nil {
		return nil, f.fail
	}
	var out []monitor.Account
	for _, a := range f.accounts {
		if len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeSearcher) LookupAccount(_ context.Context, handle string) (monitor.Account, error) {
	for _, a := range f.accounts {
		if normalHandle(a.Handle) == normalHandle(handle) {
			return a, nil
		}
	}
	return monitor.Account{}, app.ErrNotFound
}

func (f *fakeSearcher) ReadAvatar(_ context.Context, link string) ([]byte, error) {
	f.reads = append(f.reads, link)
	if b, ok := f.avatars[link]; ok {
		return b, nil
	}
	return nil, errors.New("no such avatar")
}

type fakeAccounts struct {
	list  []app.Account
	conns map[app.ID]app.Connector
}

func (f fakeAccounts) List(context.Context) ([]app.Account, error) { return f.list, nil }
func (f fakeAccounts) Connector(_ context.Context, id app.ID) (app.Account, app.Connector, error) {
	for _, a := range f.list {
		if a.ID == id {
			return a, f.conns[id], nil
		}
	}
	return app.Account{}, nil, app.ErrNotFound
}

type watchList []monitor.Watch

func (w watchList) Watches(context.Context) ([]monitor.Watch, error) { return w, nil }

type notices struct {
	mu   sync.Mutex
	list []app.Notice
}

func (n *notices) Notify(x app.Notice) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, x)
}

type guardFixture struct {
	guard   *Guard
	store   *memRecords
	sky     *fakeSearcher
	masto   *fakeSearcher
	notices *notices
	clock   *fixedClock
}

func newGuardFixture(t *testing.T) *guardFixture {
	t.Helper()
	clock := &fixedClock{t: now}
	skyID, mastoID, feedID := app.NewID(now), app.NewID(now.Add(time.Second)), app.NewID(now.Add(2*time.Second))
	own := monitor.Account{Network: app.Bluesky, RemoteID: "did:plc:lumen0000000000000000", Handle: "maison-lumen.bsky.social",
		DisplayName: "Maison Lumen", Bio: brandBio, CreatedAt: now.AddDate(-4, 0, 0)}
	sky := &fakeSearcher{network: app.Bluesky, accounts: []monitor.Account{
		own,
		{Network: app.Bluesky, RemoteID: "did:plc:fake1", Handle: "maison-Iumen.bsky.social", DisplayName: "Maison Lumen",
			CreatedAt: now.AddDate(0, 0, -3)},
		{Network: app.Bluesky, RemoteID: "did:plc:baker", Handle: "boulangerie-dupont.bsky.social", DisplayName: "Boulangerie Dupont",
			CreatedAt: now.AddDate(-2, 0, 0)},
	}}
	masto := &fakeSearcher{network: app.Mastodon, accounts: []monitor.Account{
		{Network: app.Mastodon, RemoteID: "1", Handle: "maisonlumen@piaille.fr", DisplayName: "Maison Lumen"},
		{Network: app.Mastodon, RemoteID: "2", Handle: "maisonlumen_officiel@mastodon.social", DisplayName: "Maison Lumen (officiel)",
			URL: "https://mastodon.social/@maisonlumen_officiel", CreatedAt: now.AddDate(0, 0, -10)},
	}}
	accounts := fakeAccounts{
		list: []app.Account{
			{ID: skyID, Network: app.Bluesky, Handle: "maison-lumen.bsky.social", RemoteID: "did:plc:lumen0000000000000000",
				DisplayName: "Maison Lumen", State: app.AccountConnected},
			{ID: mastoID, Network: app.Mastodon, Handle: "maisonlumen@piaille.fr", Server: "https://piaille.fr",
				DisplayName: "Maison Lumen", State: app.AccountConnected},
			{ID: feedID, Network: app.RSS, DisplayName: "Le Journal du Luminaire"},
		},
		conns: map[app.ID]app.Connector{skyID: sky, mastoID: masto},
	}
	store := &memRecords{}
	g := NewGuard(store, accounts, watchList{{Name: "Lumen Atelier", Kind: monitor.KindBrand}}, clock)
	n := &notices{}
	g.UseNotifier(n)
	return &guardFixture{guard: g, store: store, sky: sky, masto: masto, notices: n, clock: clock}
}

func (f *guardFixture) handles(t *testing.T) []string {
	t.Helper()
	list, err := f.guard.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range list {
		out = append(out, r.Account.Handle)
	}
	return out
}

func TestGuardListsTheLookalikeAndNotTheBrandsOwn(t *testing.T) {
	f := newGuardFixture(t)
	rep, err := f.guard.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := f.handles(t)
	want := []string{"maison-Iumen.bsky.social", "maisonlumen_officiel@mastodon.social"}
	if !slices.Equal(got, want) {
		t.Fatalf("suspects %q, want %q (report %+v)", got, want, rep)
	}
	list, _ := f.guard.List(ctx)
	fake := list[0]
	r, ok := reason(fake.Suspect, ReasonLookalike)
	if !ok || !slices.Contains(r.Lookalikes, Lookalike{Found: "I", Brand: "l"}) {
		t.Errorf("maison-Iumen's reasons %+v, want a capital I shown as an l", fake.Reasons)
	}
	if !fake.Has(ReasonYoung) {
		t.Errorf("maison-Iumen is 3 days old, reasons %+v", fake.Reasons)
	}
	if fake.Status != "" || fake.FirstSeen != now || fake.By.IsZero() {
		t.Errorf("a new suspect: %+v", fake)
	}
	// The names searched: the accounts', the brand watch's, the handles'.
	for _, q := range []string{"Maison Lumen", "Lumen Atelier", "maison-lumen", "maisonlumen"} {
		if !slices.Contains(f.sky.queries, q) || !slices.Contains(f.masto.queries, q) {
			t.Errorf("%q was not searched on both networks: %q / %q", q, f.sky.queries, f.masto.queries)
		}
	}
	// Reported from the user's own server, as the package says.
	if page, err := list[1].ReportURL(); err != nil || page != "https://piaille.fr/@maisonlumen_officiel@mastodon.social" {
		t.Errorf("report page %q, %v", page, err)
	}
	if page, err := fake.ReportURL(); err != nil || page != "https://bsky.app/profile/did:plc:fake1" {
		t.Errorf("report page %q, %v", page, err)
	}
}

func TestANewSuspectNotifiesOnce(t *testing.T) {
	f := newGuardFixture(t)
	for range 3 {
		if _, err := f.guard.Run(ctx); err != nil {
			t.Fatal(err)
		}
		f.clock.t = f.clock.t.Add(Every)
	}
	if len(f.notices.list) != 1 {
		t.Fatalf("%d notices after three passes, want 1", len(f.notices.list))
	}
	n := f.notices.list[0]
	if n.Kind != app.NoticeImpostor || len(n.Impostors) != 2 || n.Impostors[0].Score < SuspectAt {
		t.Fatalf("notice %+v", n)
	}
	// A new look-alike appears: it alone is told.
	f.sky.accounts = append(f.sky.accounts, monitor.Account{Network: app.Bluesky, RemoteID: "did:plc:fake2",
		Handle: "maisonlumen-support.bsky.social", DisplayName: "Maison Lumen SAV", CreatedAt: now.AddDate(0, 0, -1)})
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.notices.list) != 2 || len(f.notices.list[1].Impostors) != 1 ||
		f.notices.list[1].Impostors[0].Handle != "maisonlumen-support.bsky.social" {
		t.Fatalf("notices %+v", f.notices.list)
	}
}

func TestMarkingPersistsAndHarmlessIsLeftAlone(t *testing.T) {
	f := newGuardFixture(t)
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	changes := 0
	f.guard.Subscribe(func() { changes++ })
	fake, err := f.guard.Find(ctx, "@maison-Iumen.bsky.social")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.guard.Mark(ctx, fake.ID, StatusReported); err != nil {
		t.Fatal(err)
	}
	other, err := f.guard.Find(ctx, "maisonlumen_officiel@mastodon.social")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.guard.Mark(ctx, other.ID, StatusHarmless); err != nil {
		t.Fatal(err)
	}
	if changes != 2 {
		t.Errorf("%d changes told for two marks", changes)
	}
	before, _ := f.guard.Find(ctx, other.ID.String())
	// Another pass, days later: the marks stay, the harmless one is not
	// weighed again, nothing is told again.
	f.clock.t = now.Add(72 * time.Hour)
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	again, _ := f.guard.Find(ctx, fake.ID.String())
	if again.Status != StatusReported || again.LastSeen != f.clock.t {
		t.Errorf("after a pass, the reported one is %+v", again)
	}
	after, _ := f.guard.Find(ctx, other.ID.String())
	if after.Status != StatusHarmless || after.LastSeen != before.LastSeen {
		t.Errorf("the harmless one was weighed again: %+v", after)
	}
	if len(f.notices.list) != 1 {
		t.Errorf("%d notices", len(f.notices.list))
	}
	if _, err := f.guard.Mark(ctx, fake.ID, Status("fake")); !errors.Is(err, ErrUnknownStatus) {
		t.Errorf("an unknown status: %v", err)
	}
	// The end of an ID finds it, as the command line shows it.
	id := fake.ID.String()
	if r, err := f.guard.Find(ctx, id[len(id)-6:]); err != nil || r.ID != fake.ID {
		t.Errorf("by the end of its ID: %+v, %v", r, err)
	}
}

func TestGuardIsDueOnItsScheduleAndSaysWhyItCannot(t *testing.T) {
	f := newGuardFixture(t)
	if !f.guard.Due(now) {
		t.Fatal("the first pass is not due")
	}
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if f.guard.Due(now.Add(Every-time.Minute)) || !f.guard.Due(now.Add(Every)) {
		t.Error("not due every six hours")
	}
	f.sky.fail, f.masto.fail = errors.New("503"), errors.New("503")
	f.clock.t = now.Add(Every)
	if _, err := f.guard.Run(ctx); err == nil {
		t.Fatal("every search failed, and the pass says nothing")
	}
	if !f.guard.Due(f.clock.t.Add(retryAfter)) {
		t.Error("a failed pass is not tried again soon")
	}
	bare := NewGuard(&memRecords{}, fakeAccounts{}, nil, f.clock)
	if _, err := bare.Run(ctx); !errors.Is(err, ErrNoSearcher) {
		t.Errorf("without a connected account: %v", err)
	}
}

func TestAvatarIsFetchedOnlyForLikelySuspects(t *testing.T) {
	f := newGuardFixture(t)
	img := encodePNG(t, logo(256))
	f.sky.accounts[0].Avatar = "https://cdn.example/own.png"
	f.sky.accounts[1].Avatar = "https://cdn.example/fake.png"
	f.sky.accounts[2].Avatar = "https://cdn.example/baker.png"
	f.sky.avatars = map[string][]byte{"https://cdn.example/own.png": img, "https://cdn.example/fake.png": img,
		"https://cdn.example/baker.png": img}
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(f.sky.reads, "https://cdn.example/baker.png") {
		t.Error("the avatar of an account with nothing of the brand's name was downloaded")
	}
	fake, _ := f.guard.Find(ctx, "maison-Iumen.bsky.social")
	if !fake.AvatarCompared || !fake.Has(ReasonAvatar) {
		t.Errorf("the copied avatar was not compared: %+v", fake.Suspect)
	}
}

// memSettings is a settings store in memory.
type memSettings map[string]string

func (m memSettings) Setting(_ context.Context, key string) (string, error) { return m[key], nil }
func (m memSettings) SetSetting(_ context.Context, key, value string) error {
	m[key] = value
	return nil
}

// New suspects follow the inbox's quiet hours and pause, as the inbox's
// items and the spikes do: held during quiet hours and told at the pass
// due when they end; noted as told and not told while paused.
func TestGuardNoticesRespectQuietHoursAndPause(t *testing.T) {
	f := newGuardFixture(t)
	settings := memSettings{}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	f.guard.UseSettings(settings, paris)
	// Quiet from an hour before now (in Paris) to two hours after.
	local := now.In(paris)
	from := (local.Hour()*60 + local.Minute() + 23*60) % (24 * 60)
	quiet := app.QuietHours{From: from, To: (from + 3*60) % (24 * 60)}
	if err := app.NewSettings(settings).SetInbox(ctx, app.InboxSettings{Quiet: quiet}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.notices.list) != 0 {
		t.Fatalf("told during quiet hours: %+v", f.notices.list)
	}
	end := now.Add(2 * time.Hour).Truncate(time.Minute)
	if f.guard.Due(end.Add(-time.Minute)) || !f.guard.Due(end) {
		t.Errorf("the next pass is not due when the quiet hours end (%v)", end)
	}
	f.clock.t = end
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.notices.list) != 1 || len(f.notices.list[0].Impostors) != 2 {
		t.Fatalf("after the quiet hours, notices %+v, want the two suspects held", f.notices.list)
	}

	// Paused: a new suspect is noted as told, and never told.
	if err := app.NewSettings(settings).SetInbox(ctx, app.InboxSettings{Paused: true}); err != nil {
		t.Fatal(err)
	}
	f.sky.accounts = append(f.sky.accounts, monitor.Account{Network: app.Bluesky, RemoteID: "did:plc:fake2",
		Handle: "maisonlumen-support.bsky.social", DisplayName: "Maison Lumen Support", CreatedAt: now.AddDate(0, 0, -1)})
	f.clock.t = end.Add(Every)
	if rep, err := f.guard.Run(ctx); err != nil || rep.New != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if err := app.NewSettings(settings).SetInbox(ctx, app.InboxSettings{}); err != nil {
		t.Fatal(err)
	}
	f.clock.t = end.Add(2 * Every)
	if _, err := f.guard.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.notices.list) != 1 {
		t.Errorf("a suspect found while paused was told: %+v", f.notices.list[1:])
	}
}
