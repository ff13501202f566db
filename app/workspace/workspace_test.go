package workspace_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app/workspace"
)

// memory is a workspace.Store in memory.
type memory struct {
	list  []workspace.Workspace
	saves int
	fail  error
}

func (m *memory) Load(context.Context) ([]workspace.Workspace, error) {
	return append([]workspace.Workspace(nil), m.list...), nil
}

func (m *memory) Save(_ context.Context, list []workspace.Workspace) error {
	if m.fail != nil {
		return m.fail
	}
	m.saves++
	m.list = append([]workspace.Workspace(nil), list...)
	return nil
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newRegistry() (*workspace.Registry, *memory, *clock) {
	m := &memory{}
	c := &clock{now: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)}
	return workspace.NewRegistry(m, c, "/home/cm/.config/relais", "/home/cm/.config/relais/workspaces"), m, c
}

func TestDefaultIsAlwaysListed(t *testing.T) {
	r, m, _ := newRegistry()
	list, err := r.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !list[0].Default || list[0].Dir != "/home/cm/.config/relais" || list[0].Name != "Relais" {
		t.Fatalf("list of a first run: %+v", list)
	}
	again, _ := r.List(context.Background())
	if m.saves != 1 || len(again) != 1 || again[0].ID != list[0].ID {
		t.Errorf("the default workspace was saved %d times, its ID %s then %s; want saved once, the same ID", m.saves, list[0].ID, again[0].ID)
	}
	if _, err := r.Forget(context.Background(), list[0].ID); !errors.Is(err, workspace.ErrDefault) {
		t.Errorf("forgetting the default: %v, want ErrDefault", err)
	}
}

func TestCreateRenameFindForget(t *testing.T) {
	ctx := context.Background()
	r, _, c := newRegistry()
	a, err := r.Create(ctx, "  Boulangerie Martin ")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Boulangerie Martin" || a.Dir != filepath.Join("/home/cm/.config/relais/workspaces", a.ID.String()) || a.Colour == "" {
		t.Errorf("created %+v", a)
	}
	if _, err := r.Create(ctx, "boulangerie martin"); !errors.Is(err, workspace.ErrNameTaken) {
		t.Errorf("the same name again, other case: %v, want ErrNameTaken", err)
	}
	b, err := r.Create(ctx, "Maison Lumen")
	if err != nil {
		t.Fatal(err)
	}
	if b.Colour == a.Colour {
		t.Error("two workspaces in a row share a colour")
	}
	if _, err := r.Rename(ctx, b.ID, "Boulangerie Martin"); !errors.Is(err, workspace.ErrNameTaken) {
		t.Errorf("renamed onto another's name: %v", err)
	}
	renamed, err := r.Rename(ctx, b.ID, "Lumen")
	if err != nil || renamed.Name != "Lumen" || renamed.Dir != b.Dir {
		t.Fatalf("rename: %+v, %v (the folder must not move)", renamed, err)
	}
	for _, key := range []string{"lumen", "LUMEN", b.ID.String(), strings.ToUpper(b.ID.String())} {
		if got, err := r.Find(ctx, key); err != nil || got.ID != b.ID {
			t.Errorf("Find(%q) = %+v, %v", key, got, err)
		}
	}
	if _, err := r.Find(ctx, "Maison Lumen"); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("the old name still finds it: %v", err)
	}
	// Opening puts it first among the recent ones.
	c.now = c.now.Add(time.Hour)
	if _, err := r.Touch(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := r.List(ctx)
	if list[0].ID != a.ID {
		t.Errorf("the last opened is not first: %+v", list)
	}
	if _, err := r.SetBackground(ctx, a.ID, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Find(ctx, a.ID.String()); !got.Background {
		t.Error("background not kept")
	}
	if _, err := r.SetColour(ctx, a.ID, "red"); err == nil {
		t.Error("a colour that is not #rrggbb was taken")
	}
	gone, err := r.Forget(ctx, a.ID)
	if err != nil || gone.ID != a.ID {
		t.Fatal(err)
	}
	if _, err := r.Find(ctx, "Boulangerie Martin"); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("a forgotten workspace is found: %v", err)
	}
}

func TestBadNames(t *testing.T) {
	r, m, _ := newRegistry()
	for name, reason := range map[string]string{
		"":                       "empty",
		"   ":                    "empty",
		"a/b":                    "separator",
		`a\b`:                    "separator",
		"..":                     "dots",
		"../../etc":              "separator",
		"x..y":                   "dots",
		"nul\x00here":            "control",
		"tab\there":              "control",
		"rtl\u202egnp.exe":       "control",
		strings.Repeat("é", 300): "too_long",
		"bad \xff utf8":          "control",
		strings.Repeat("a", 61):  "too_long",
	} {
		_, err := r.Create(context.Background(), name)
		var ne *workspace.NameError
		if !errors.As(err, &ne) || ne.Reason != reason || !errors.Is(err, workspace.ErrName) {
			t.Errorf("Create(%q): %v, want a name error %q", name, err, reason)
		}
	}
	if m.saves != 0 {
		t.Errorf("a refused name wrote the registry (%d saves)", m.saves)
	}
	if _, err := r.Create(context.Background(), strings.Repeat("a", 60)); err != nil {
		t.Errorf("60 characters: %v", err)
	}
	if _, err := r.Create(context.Background(), "Café « Les Halles » 2027"); err != nil {
		t.Errorf("accents and guillemets: %v", err)
	}
}

func TestAtDirLeavesTheListAlone(t *testing.T) {
	ctx := context.Background()
	r, m, _ := newRegistry()
	w, err := r.AtDir(ctx, "/tmp/demo")
	if err != nil || w.Name != "demo" || w.Dir != "/tmp/demo" || !w.ID.IsZero() {
		t.Fatalf("AtDir: %+v, %v", w, err)
	}
	if m.saves != 0 {
		t.Error("a --data folder was added to the list")
	}
	def, err := r.AtDir(ctx, "/home/cm/.config/relais/")
	if err != nil || !def.Default || def.ID.IsZero() {
		t.Errorf("the default folder: %+v, %v", def, err)
	}
	created, _ := r.Create(ctx, "Client")
	if got, _ := r.AtDir(ctx, created.Dir); got.ID != created.ID || got.Name != "Client" {
		t.Errorf("a registered folder: %+v", got)
	}
}

func TestSaveFailureChangesNothing(t *testing.T) {
	r, m, _ := newRegistry()
	r.List(context.Background())
	m.fail = errors.New("disk full")
	if _, err := r.Create(context.Background(), "A"); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Create on a full disk: %v", err)
	}
	if list, _ := r.List(context.Background()); len(list) != 1 {
		t.Errorf("a failed save left %d workspaces", len(list))
	}
}
