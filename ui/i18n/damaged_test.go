package i18n

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func TestDamagedSaysWhichFileWhereAndTheBackup(t *testing.T) {
	d := &app.DamagedError{Path: "/d/relais.db", MovedTo: "/d/relais.db.damaged-2026-12-06T224000Z",
		Backup: "/d/backups/relais-daily-2026-12-05T090000Z.zip", BackupAt: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		lang app.Language
		want []string
	}{
		{app.LanguageEnglish, []string{"/d/relais.db is damaged", "did not write", "relais.db.damaged-2026-12-06T224000Z", "relais-daily-2026-12-05T090000Z.zip"}},
		{app.LanguageFrench, []string{"/d/relais.db est endommagé", "rien écrit", "relais.db.damaged-2026-12-06T224000Z", "relais-daily-2026-12-05T090000Z.zip"}},
	} {
		got := New(c.lang).Error(fmt.Errorf("opening: %w", d))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.lang, got, w)
			}
		}
	}
	noBackup := New(app.LanguageEnglish).Error(&app.DamagedError{Path: "/d/relais.db", MovedTo: "/d/x"})
	if !strings.Contains(noBackup, "no backup") {
		t.Errorf("%q", noBackup)
	}
	running := New(app.LanguageEnglish).Error(&app.DamagedError{Path: "/d/relais.db"})
	if !strings.Contains(running, "relais doctor") {
		t.Errorf("%q", running)
	}
}

func TestPermissionNamesTheFile(t *testing.T) {
	err := fmt.Errorf("opening: %w", &fs.PathError{Op: "open", Path: "/d/relais.db", Err: fs.ErrPermission})
	if got := New(app.LanguageEnglish).Error(err); !strings.Contains(got, "/d/relais.db") || !strings.Contains(got, "not allowed") {
		t.Errorf("%q", got)
	}
}
