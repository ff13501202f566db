package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui/i18n"
)

// safetyEnv is newEnv over a real data directory, with the store and the
// restorer main.go gives.
func safetyEnv(t *testing.T, lang app.Language) (Env, *bytes.Buffer, *bytes.Buffer, *storage.DB) {
	t.Helper()
	env, out, errOut, db := newEnv(t, lang)
	env.DataDir = filepath.Dir(db.Path())
	env.Store = db
	env.Restore = func(zipPath, dataDir string, force bool) error {
		return storage.Restore(zipPath, dataDir, storage.RestoreOptions{Force: force})
	}
	return env, out, errOut, db
}

func TestBackupThenRestoreIntoANewFolder(t *testing.T) {
	env, out, errOut, _ := safetyEnv(t, app.LanguageEnglish)
	for _, title := range []string{"one", "two", "three"} {
		if code := run(t, env, "draft", "add", "--title", title, "--text", "Bonjour"); code != ExitOK {
			t.Fatalf("draft add: %s", errOut)
		}
	}
	out.Reset()
	if code := run(t, env, "backup", "--out", "saved.zip"); code != ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	zipPath := filepath.Join(env.WorkDir, "saved.zip")
	if !strings.Contains(out.String(), zipPath) {
		t.Errorf("backup said %q", out)
	}
	into := filepath.Join(t.TempDir(), "copy")
	restoreEnv := Env{Tr: env.Tr, DataDir: into, WorkDir: env.WorkDir, Stdout: out, Stderr: errOut, Restore: env.Restore}
	out.Reset()
	if code := run(t, restoreEnv, "restore", "saved.zip"); code != ExitOK {
		t.Fatalf("restore: %s", errOut)
	}
	if !strings.Contains(out.String(), "sign") {
		t.Errorf("restore said %q, not that accounts sign in again", out)
	}
	db, err := storage.Open(into, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	db.Summaries(t.Context(), func(app.Summary) bool { n++; return true })
	db.Close()
	if n != 3 {
		t.Errorf("%d drafts restored, want 3", n)
	}

	// Again into the same folder: refused without --force.
	errOut.Reset()
	if code := run(t, restoreEnv, "restore", "saved.zip"); code != ExitError || !strings.Contains(errOut.String(), "--force") {
		t.Errorf("restore over a workspace: %d %q", code, errOut)
	}
}

func TestRestoreRefusesAZipSlipInPlainWords(t *testing.T) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create("../../outside")
	w.Write([]byte("x"))
	z.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "evil.zip"), buf.Bytes(), 0o600)
	var out, errOut bytes.Buffer
	into := filepath.Join(t.TempDir(), "new")
	env := Env{Tr: i18n.New(app.LanguageFrench), DataDir: into, WorkDir: dir, Stdout: &out, Stderr: &errOut,
		Restore: func(zipPath, dataDir string, force bool) error {
			return storage.Restore(zipPath, dataDir, storage.RestoreOptions{Force: force})
		}}
	if code := run(t, env, "restore", "evil.zip"); code != ExitError {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "n’est pas une sauvegarde") {
		t.Errorf("said %q", errOut.String())
	}
	if _, err := os.Stat(into); !os.IsNotExist(err) {
		t.Error("the folder was created")
	}
}

func TestDoctorAndListSayWhatCouldNotBeRead(t *testing.T) {
	env, out, errOut, db := safetyEnv(t, app.LanguageEnglish)
	run(t, env, "draft", "add", "--title", "kept", "--text", "Bonjour")
	run(t, env, "draft", "add", "--title", "spoiled", "--text", "Bonjour")
	db = spoilNewest(t, db)
	drafts := app.NewDrafts(db, env.Clock)
	env.Drafts, env.Store = drafts, db
	out.Reset()
	errOut.Reset()
	if code := run(t, env, "draft", "list"); code != ExitOK {
		t.Fatalf("draft list: %s", errOut)
	}
	if !strings.Contains(out.String(), "kept") {
		t.Errorf("the readable draft is hidden: %q", out)
	}
	if !strings.Contains(errOut.String(), "1 draft could not be read and was set aside") {
		t.Errorf("stderr %q", errOut)
	}
	out.Reset()
	if code := run(t, env, "doctor"); code != ExitOK {
		t.Fatalf("doctor: %s", errOut)
	}
	if !strings.Contains(out.String(), "sound") || !strings.Contains(out.String(), "1 record is set aside") ||
		!strings.Contains(out.String(), "quit it") {
		t.Errorf("doctor said %q", out)
	}
	// Without a window holding the file, doctor compacts it too.
	env.Compact = db.Compact
	out.Reset()
	if code := run(t, env, "doctor"); code != ExitOK || !strings.Contains(out.String(), "Compacted:") {
		t.Errorf("doctor: %d %q %q", code, out, errOut)
	}
}

func TestADamagedFileNamesTheRestoreCommand(t *testing.T) {
	var errOut bytes.Buffer
	d := &app.DamagedError{Path: "/data/relais.db", MovedTo: "/data/relais.db.damaged-2026-12-06T224000Z", Backup: "/data/backups/relais-daily-2026-12-05T090000Z.zip"}
	PrintError(&errOut, i18n.New(app.LanguageEnglish), d)
	got := errOut.String()
	for _, want := range []string{"/data/relais.db is damaged", "relais.db.damaged-2026-12-06T224000Z", `relais restore "/data/backups/relais-daily-2026-12-05T090000Z.zip" --data "/data"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		}
	}
}

func TestReadOnlyCommands(t *testing.T) {
	for args, want := range map[string]bool{"draft list": true, "backup": true, "check bonjour": true, "draft add --text x": false, "doctor": false, "restore a.zip": false} {
		cmd, err := Parse(strings.Fields(args))
		if err != nil {
			t.Fatal(err)
		}
		if cmd.ReadOnly() != want {
			t.Errorf("%s: read-only %v", args, !want)
		}
	}
}

// spoilNewest breaks the record of the most recent post, as one damaged
// byte in the file does, with bbolt alone, and opens the store again.
func spoilNewest(t *testing.T, db *storage.DB) *storage.DB {
	t.Helper()
	return spoil(t, db, func(tx *bolt.Tx) error {
		posts := tx.Bucket([]byte("posts"))
		k, _ := posts.Cursor().Last() // IDs sort by creation time
		return posts.Put(k, []byte(`{"v":1,"created_at":"2026-13-45T99:00:00Z"}`))
	})
}

// spoil closes db, damages what change writes straight into its file, and
// opens it again.
func spoil(t *testing.T, db *storage.DB, change func(*bolt.Tx) error) *storage.DB {
	t.Helper()
	path := db.Path()
	db.Close()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(change)
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(filepath.Dir(path), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestInboxListSaysWhatCouldNotBeRead(t *testing.T) {
	env, out, errOut, db := safetyEnv(t, app.LanguageEnglish)
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	acc := app.NewID(at)
	var items []app.InboxItem
	for i, text := range []string{"kept", "spoiled"} {
		items = append(items, app.InboxItem{ID: app.NewID(at.Add(time.Duration(i) * time.Minute)), Account: acc, Network: app.Mastodon,
			State: app.StateNew, Item: app.Item{RemoteID: text, Kind: app.ItemMention, Text: text, At: at.Add(time.Duration(i) * time.Minute)}})
	}
	if err := db.PutInboxItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	db = spoil(t, db, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("inbox")).Put(items[1].ID[:], []byte(`{"v":1,"at":"2026-13-45T99:00:00Z"}`))
	})
	env.Store = db
	env.Inbox = app.NewInbox(db, nil, env.Clock, time.UTC, nil)
	out.Reset()
	errOut.Reset()
	if code := run(t, env, "inbox", "list", "--view", "all"); code != ExitOK {
		t.Fatalf("inbox list: %s", errOut)
	}
	if !strings.Contains(out.String(), "kept") || strings.Contains(out.String(), "spoiled") {
		t.Errorf("listed %q", out)
	}
	if !strings.Contains(errOut.String(), "1 inbox item could not be read and was set aside") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestBackupOutIsGuardedAsAnExport(t *testing.T) {
	env, _, errOut, db := safetyEnv(t, app.LanguageEnglish)
	run(t, env, "draft", "add", "--text", "Bonjour")
	// Never over Relais's own database.
	if code := run(t, env, "backup", "--out", db.Path()); code != ExitError || !strings.Contains(errOut.String(), db.Path()) {
		t.Fatalf("backup onto the database: exit %d, %q", code, errOut)
	}
	// Over a file already there only with --force.
	there := filepath.Join(env.WorkDir, "saved.zip")
	os.WriteFile(there, []byte("mine"), 0o600)
	errOut.Reset()
	if code := run(t, env, "backup", "--out", "saved.zip"); code != ExitError || !strings.Contains(errOut.String(), "--force") {
		t.Fatalf("backup over a file: exit %d, %q", code, errOut)
	}
	if b, _ := os.ReadFile(there); string(b) != "mine" {
		t.Error("the file was replaced without --force")
	}
	if code := run(t, env, "backup", "--out", "saved.zip", "--force"); code != ExitOK {
		t.Fatalf("backup --force: %s", errOut)
	}
	if b, _ := os.ReadFile(there); string(b) == "mine" {
		t.Error("--force did not replace the file")
	}
}
