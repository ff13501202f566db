package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// saveTo fills the save dialog with path and taps Save.
func (f *fixture) saveTo(path string) {
	f.t.Helper()
	for _, o := range f.overlay() {
		if e, ok := o.(*widget.Entry); ok {
			e.SetText(path)
			f.tapInOverlay("Save")
			return
		}
	}
	f.t.Fatal("no file name in the save dialog")
}

func TestExportNeverReplacesRelaisOwnFilesAndAsksBeforeReplacing(t *testing.T) {
	data := t.TempDir()
	f := newFixture(t, app.LanguageEnglish, func(_ *fixture, d *Deps) { d.DataDir = data })
	db := filepath.Join(data, "relais.db")
	if err := os.WriteFile(db, []byte("the database"), 0o600); err != nil {
		t.Fatal(err)
	}
	var written []string
	save := func() {
		f.w.saveFile("Export", "report.pdf", nil, func(ctx context.Context, path string) func() {
			written = append(written, path)
			return nil
		})
	}

	save()
	f.saveTo(db)
	f.idle()
	if len(written) != 0 || !f.overlayShows("“"+db+"” belongs to Relais’s data folder: an export never replaces it. Choose a file elsewhere (or in its exports folder).") {
		t.Fatalf("the database was offered to the export: %v", written)
	}
	if got, _ := os.ReadFile(db); string(got) != "the database" {
		t.Fatalf("the database holds %q", got)
	}
	f.tapInOverlay("OK")

	old := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(old, []byte("last month"), 0o600); err != nil {
		t.Fatal(err)
	}
	save()
	f.saveTo(old)
	if len(written) != 0 || !f.overlayShows("Replace") {
		t.Fatalf("no question before replacing a file: %v", written)
	}
	f.tapInOverlay("Cancel")
	f.idle()
	if got, _ := os.ReadFile(old); len(written) != 0 || string(got) != "last month" {
		t.Fatalf("a cancelled replace wrote %v, the file holds %q", written, got)
	}
	save()
	f.saveTo(old)
	f.tapInOverlay("Replace")
	f.w.bg.Wait()
	f.idle()
	if len(written) != 1 || written[0] != old {
		t.Errorf("after Replace, written: %v", written)
	}

	fresh := filepath.Join(filepath.Dir(old), "new.pdf")
	save()
	f.saveTo(fresh)
	f.w.bg.Wait()
	f.idle()
	if len(written) != 2 || written[1] != fresh {
		t.Errorf("a new file: written %v", written)
	}
}
