package ui

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
)

// fullDisk is the fixture's store on a disk that may fill up: while full,
// writing a post fails as bbolt's write does.
type fullDisk struct {
	*storage.DB
	full atomic.Bool
}

func (d *fullDisk) PutPost(ctx context.Context, p app.Post) error {
	if d.full.Load() {
		return fmt.Errorf("saving draft %s: %w", p.ID, &fs.PathError{Op: "write", Path: "/home/cm/.config/relais/relais.db", Err: syscall.ENOSPC})
	}
	return d.DB.PutPost(ctx, p)
}

// TestAFullDiskIsSaidWhole: "Not saved" fits where the status is, and why
// is said whole, in plain words with the file, once, until a save works.
func TestAFullDiskIsSaidWhole(t *testing.T) {
	disk := &fullDisk{}
	f := newFixture(t, app.LanguageEnglish, func(f *fixture, d *Deps) {
		disk.DB = f.db
		d.Drafts = app.NewDrafts(disk, d.Clock)
	})
	c := f.w.compose
	disk.full.Store(true)
	test.Type(c.text, "Une fournée de plus")
	f.idle()
	if c.status.Text != "Not saved" || c.status.Importance != widget.DangerImportance {
		t.Errorf("the status says %q", c.status.Text)
	}
	said := ""
	for _, o := range f.overlay() {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "disk is full") {
			said = l.Text
		}
	}
	if !strings.Contains(said, "/home/cm/.config/relais/relais.db") || !strings.Contains(said, "Free some space") {
		t.Fatalf("the dialog says %q", said)
	}
	f.tapInOverlay("OK")
	f.idle()
	// The next keystrokes fail the same way: said once.
	test.Type(c.text, " !")
	f.idle()
	if n := len(f.w.Window().Canvas().Overlays().List()); n != 0 {
		for _, o := range f.overlay() {
			if l, ok := o.(*widget.Label); ok {
				t.Log(l.Text)
			}
		}
		t.Errorf("the same failure is told again at every keystroke (%d overlays)", n)
	}
	// Space freed: the next save works and says so.
	disk.full.Store(false)
	test.Type(c.text, " ")
	f.idle()
	if c.status.Text == "Not saved" {
		t.Error("the status still says Not saved after a save")
	}
	if posts := f.stored(); len(posts) != 1 || !strings.HasPrefix(posts[0].Text, "Une fournée de plus") {
		t.Errorf("stored %+v", posts)
	}
}
