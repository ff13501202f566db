package workspaces_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/storage/workspaces"
)

func TestFileRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := workspaces.NewFile(filepath.Join(t.TempDir(), "relais", workspaces.FileName))
	if list, err := f.Load(ctx); err != nil || len(list) != 0 {
		t.Fatalf("a missing file: %v, %v; want an empty list", list, err)
	}
	want := []workspace.Workspace{
		{ID: app.NewID(time.Now()), Name: "Relais", Colour: "#2f6fdf", Dir: "/home/cm/.config/relais", Default: true},
		{ID: app.NewID(time.Now()), Name: "Boulangerie Martin", Colour: "#d9480f", Dir: "/x/y", Background: true, Opened: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)},
	}
	if err := f.Save(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := f.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Name != want[1].Name || got[1].ID != want[1].ID || !got[1].Background || !got[0].Default || !got[1].Opened.Equal(want[1].Opened) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	// Nothing is left beside it.
	entries, _ := os.ReadDir(filepath.Dir(f.Path()))
	if len(entries) != 1 {
		t.Errorf("files beside the list: %v", entries)
	}
}

func TestFileNotOurs(t *testing.T) {
	path := filepath.Join(t.TempDir(), workspaces.FileName)
	for _, content := range []string{"garbage", `{"version": 9, "workspaces": []}`} {
		os.WriteFile(path, []byte(content), 0o600)
		if _, err := workspaces.NewFile(path).Load(context.Background()); err == nil {
			t.Errorf("%q read as a list", content)
		}
	}
}

func TestCheckPrivate(t *testing.T) {
	dir := t.TempDir()
	if err := workspaces.CheckPrivate(filepath.Join(dir, "new")); err != nil {
		t.Errorf("a folder still to make: %v", err)
	}
	private := filepath.Join(dir, "private")
	os.Mkdir(private, 0o700)
	if err := workspaces.CheckPrivate(private); err != nil {
		t.Errorf("a 0700 folder: %v", err)
	}
	shared := filepath.Join(dir, "shared")
	os.Mkdir(shared, 0o700)
	os.Chmod(shared, 0o777)
	if err := workspaces.CheckPrivate(shared); !errors.Is(err, workspaces.ErrNotPrivate) {
		t.Errorf("a 0777 folder: %v, want ErrNotPrivate", err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	if err := workspaces.CheckPrivate(file); !errors.Is(err, workspaces.ErrNotPrivate) {
		t.Errorf("a file: %v, want ErrNotPrivate", err)
	}
	if os.Getuid() == 0 {
		// Root can give a folder away: one owned by another user is refused.
		other := filepath.Join(dir, "other")
		os.Mkdir(other, 0o700)
		if err := os.Chown(other, 12345, 12345); err != nil {
			t.Fatal(err)
		}
		var np *workspace.NotPrivateError
		if err := workspaces.CheckPrivate(other); !errors.As(err, &np) || np.Reason != "owner" {
			t.Errorf("a folder of another user: %v, want its owner refused", err)
		}
	}
}
