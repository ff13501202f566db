package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/media"
)

// fakeDesk is ui.Workspaces over data directories the test opened.
type fakeDesk struct {
	mu       sync.Mutex
	list     []workspace.Workspace
	deps     map[app.ID]Deps
	shown    app.ID
	released []app.ID
	bg       map[app.ID]bool // running in the background
}

func (d *fakeDesk) List(context.Context) ([]workspace.Workspace, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.list), nil
}

func (d *fakeDesk) Create(_ context.Context, name string) (workspace.Workspace, error) {
	return workspace.Workspace{}, workspace.ErrNameTaken
}

func (d *fakeDesk) Rename(_ context.Context, id app.ID, name string) (workspace.Workspace, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.list {
		if d.list[i].ID == id {
			d.list[i].Name = name
			return d.list[i], nil
		}
	}
	return workspace.Workspace{}, workspace.ErrNotFound
}

func (d *fakeDesk) SetBackground(_ context.Context, id app.ID, on bool) (workspace.Workspace, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.bg[id] = on
	return workspace.Workspace{ID: id, Background: on}, nil
}

func (d *fakeDesk) Removal(context.Context, app.ID) (workspace.Removal, error) {
	return workspace.Removal{Accounts: []string{"Mastodon @shop"}, Posts: 3}, nil
}

func (d *fakeDesk) Remove(context.Context, app.ID) error { return nil }

func (d *fakeDesk) Open(_ context.Context, id app.ID) (Deps, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	deps, ok := d.deps[id]
	if !ok {
		return Deps{}, workspace.ErrNotFound
	}
	d.shown = id
	return deps, nil
}

func (d *fakeDesk) Release(id app.ID) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.released = append(d.released, id)
}

func (d *fakeDesk) Others() []OtherWorkspace {
	d.mu.Lock()
	defer d.mu.Unlock()
	var others []OtherWorkspace
	for _, w := range d.list {
		if w.ID != d.shown && d.bg[w.ID] {
			others = append(others, OtherWorkspace{Workspace: w, Inbox: d.deps[w.ID].Inbox})
		}
	}
	return others
}

// secondWorkspace opens another data directory with drafts, accounts and
// an inbox of its own, as main's desk does.
func secondWorkspace(t *testing.T, clock app.Clock) (Deps, *app.Drafts) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	files, err := media.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	drafts := app.NewDrafts(db, clock)
	accounts := app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(), files, clock)
	notices := NewNotices()
	return Deps{
		Drafts: drafts, Calendar: app.NewCalendar(db, drafts, clock, time.UTC), Media: files,
		Settings: app.NewSettings(db), Clock: clock, DataDir: "/data/b", Accounts: accounts,
		Publishing: app.NewPublishing(db, drafts, accounts, files, clock, time.UTC, notices), Notices: notices,
		Inbox: app.NewInbox(db, accounts, clock, time.UTC, notices),
	}, drafts
}

func TestSwitchingWorkspacesKeepsClientsApart(t *testing.T) {
	tray := &trayApp{}
	desk := &fakeDesk{deps: map[app.ID]Deps{}, bg: map[app.ID]bool{}}
	a := workspace.Workspace{ID: app.NewID(time.Now()), Name: "Boulangerie Martin", Colour: "#d9480f", Default: true}
	b := workspace.Workspace{ID: app.NewID(time.Now()), Name: "Maison Lumen", Colour: "#2b8a3e"}
	desk.list = []workspace.Workspace{a, b}
	var bDrafts *app.Drafts
	x := newInboxFixture(t, app.LanguageFrench, withTray(tray), func(f *fixture, d *Deps) {
		d.Workspace, d.Workspaces = a, desk
		var bDeps Deps
		bDeps, bDrafts = secondWorkspace(t, d.Clock)
		bDeps.Workspace = b
		desk.deps[b.ID] = bDeps
	})
	desk.deps[a.ID] = x.w.deps
	desk.shown = a.ID
	x.create("Pain du jour", "Le pain de Martin")
	if _, err := bDrafts.Create(context.Background(), app.Post{Title: "Bougies", Text: "Les bougies de Lumen"}); err != nil {
		t.Fatal(err)
	}
	w := x.w
	if w.switcher == nil || w.switcher.Text != "Boulangerie Martin" {
		t.Fatalf("the switcher shows %v, want the client's name", w.switcher)
	}
	if menu := tray.menu; menu == nil || menu.Items[0].Label != "4 à répondre" {
		t.Fatalf("tray before switching: %v", menuLabels(tray.menu))
	}

	// A draft being typed in Martin's workspace when the user switches.
	w.ShowView("compose")
	w.compose.newDraft()
	test.Type(w.compose.text, "Fournée du soir")
	w.SwitchWorkspace(b.ID, "")
	x.idle()

	if w.switcher.Text != "Maison Lumen" || w.deps.Workspace.ID != b.ID {
		t.Errorf("after switching the switcher shows %q", w.switcher.Text)
	}
	if got := x.listed(); len(got) != 1 || !strings.HasPrefix(got[0], "Bougies") {
		t.Errorf("Lumen's drafts list shows %q", got)
	}
	// What was typed was saved in Martin's folder, not Lumen's.
	posts, _ := x.drafts.Find(context.Background(), "Fournée du soir")
	if len(posts) != 1 {
		t.Errorf("the draft typed before switching: %d in Martin's folder, want 1", len(posts))
	}
	if posts, _ := bDrafts.Find(context.Background(), "Fournée"); len(posts) != 0 {
		t.Errorf("the draft typed in Martin's workspace landed in Lumen's")
	}
	desk.mu.Lock()
	released := slices.Clone(desk.released)
	desk.mu.Unlock()
	if len(released) != 1 || released[0] != a.ID {
		t.Errorf("released %v, want Martin's workspace once", released)
	}
	// Lumen's inbox is empty: the tray says nothing waits.
	if got := tray.menu.Items[0].Label; got != "Rien à répondre" {
		t.Errorf("tray after switching: %v", menuLabels(tray.menu))
	}

	// Martin's workspace runs in the background: the tray counts its
	// items, and says whose they are.
	desk.bg[a.ID] = true
	w.OthersChanged()
	x.idle()
	labels := menuLabels(tray.menu)
	if labels[0] != "4 à répondre" || !slices.Contains(labels, "Boulangerie Martin : 4") {
		t.Errorf("tray with Martin in the background: %v", labels)
	}

	// Notifications of Martin's workspace, running in the background,
	// still reach the desktop, saying whose they are.
	x.s.notices.SetClient("Boulangerie Martin")
	x.s.notices.Notify(app.Notice{Kind: app.NoticeHeld, Post: app.Post{Text: "early"}})
	x.idle()
	sent := x.notified.all()
	if len(sent) == 0 || !strings.HasPrefix(sent[len(sent)-1].title, "Boulangerie Martin · ") {
		t.Errorf("notification of a background workspace: %+v", sent)
	}

	// Back to Martin: its draft is there again.
	w.SwitchWorkspace(a.ID, "compose")
	x.idle()
	if got := x.listed(); !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "Fournée du soir") }) {
		t.Errorf("back in Martin's workspace the list shows %q", got)
	}
}

func TestWorkspaceMenuAndDialogs(t *testing.T) {
	desk := &fakeDesk{deps: map[app.ID]Deps{}, bg: map[app.ID]bool{}}
	a := workspace.Workspace{ID: app.NewID(time.Now()), Name: strings.Repeat("Très long nom de client ", 5), Colour: "#d9480f", Default: true}
	b := workspace.Workspace{ID: app.NewID(time.Now()), Name: "Maison Lumen", Colour: "not a colour"}
	desk.list = []workspace.Workspace{a, b}
	f := newFixture(t, app.LanguageEnglish, func(_ *fixture, d *Deps) { d.Workspace, d.Workspaces = a, desk })
	w := f.w
	// A long name is cut, so the sidebar keeps its width.
	if n := len([]rune(w.switcher.Text)); n > 28 {
		t.Errorf("the switcher shows %d characters", n)
	}
	items := w.workspaceMenuItems(desk.list)
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	if !items[0].Checked || items[1].Checked || !slices.Contains(labels, "New workspace…") || !slices.Contains(labels, "Workspaces…") {
		t.Errorf("the switcher's menu: %v", labels)
	}
	if menu := w.mainMenu(); menu.Items[0].Label != "File" || len(menu.Items[0].Items) != 2 || menu.Items[1].Items[0].Label != "About Relais" {
		t.Error("no File → Workspaces, Help → About Relais")
	}
	w.manageWorkspaces()
	f.idle()
	if !f.overlayShows("Workspaces") || !f.overlayShows("Open") {
		t.Error("the Workspaces dialog does not show")
	}
	f.tapInOverlay("Close")
	f.idle()
	w.removeWorkspace(b)
	f.idle()
	says := func(part string) bool {
		for _, o := range f.overlay() {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, part) {
				return true
			}
		}
		return false
	}
	if !f.overlayShows("Remove for good") || !says("3 drafts and posts") || !says("Mastodon @shop") {
		t.Error("removing asks no confirmation that names what goes")
	}
	f.tapInOverlay("Cancel")
	f.idle()
	if n := len(f.w.Window().Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs left open", n)
	}
	// An error opening a workspace is said, and the window stays where it was.
	w.SwitchWorkspace(app.NewID(time.Now()), "")
	f.idle()
	if w.deps.Workspace.ID != a.ID {
		t.Error("a failed switch left the workspace")
	}
}

func menuLabels(m *fyne.Menu) []string {
	if m == nil {
		return nil
	}
	var labels []string
	for _, it := range m.Items {
		labels = append(labels, it.Label)
	}
	return labels
}
