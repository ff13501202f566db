package storage

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/media"
)

func TestBackupWhileOpenRestoresEverything(t *testing.T) {
	db, dir := openTemp(t)
	files, err := media.Open(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
	m, err := files.AddMedia(ctx, bytes.NewReader(png), "pixel.png")
	if err != nil {
		t.Fatal(err)
	}
	p := post(1, damageDay)
	p.Media = []app.Media{m}
	if err := db.PutPosts(ctx, []app.Post{p, post(2, damageDay.Add(time.Minute))}); err != nil {
		t.Fatal(err)
	}
	account := app.NewID(damageDay)
	if _, err := db.MergeInbox(ctx, account, "c", mentions(account, 0, 50, damageDay)); err != nil {
		t.Fatal(err)
	}
	fillMetrics(t, db, damageDay)
	zipPath := filepath.Join(t.TempDir(), "b.zip")
	if err := db.BackupTo(ctx, zipPath, filepath.Join(dir, "media")); err != nil {
		t.Fatal(err)
	}
	into := filepath.Join(t.TempDir(), "restored")
	if err := Restore(zipPath, into, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(into, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if got := len(allPosts(t, restored)); got != 2 {
		t.Errorf("%d posts restored, want 2", got)
	}
	// Every bucket, inbox and figures included, holds the same records.
	if got, want := contents(t, restored), contents(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("restored %v, want %v", got, want)
	}
	rfiles, err := media.Open(filepath.Join(into, "media"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := rfiles.OpenMedia(m.Hash)
	if err != nil {
		t.Fatalf("the post's image was not restored: %v", err)
	}
	r.Close()
}

func makeZip(t *testing.T, entries map[string][]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.zip")
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, b := range entries {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	z.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRestoreRefusesBadBackupsAndWritesNothing(t *testing.T) {
	dir, _ := healthyWorkspace(t, 20, false)
	db, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.zip")
	if err := db.BackupTo(ctx, good, filepath.Join(dir, "media")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	whole, _ := os.ReadFile(good)
	dbBytes, _ := os.ReadFile(filepath.Join(dir, FileName))
	truncated := filepath.Join(t.TempDir(), "truncated.zip")
	os.WriteFile(truncated, whole[:len(whole)*2/3], 0o600)
	notZip := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notZip, []byte("hello"), 0o600)

	cases := map[string]string{
		"not a zip":        notZip,
		"truncated":        truncated,
		"zip-slip":         makeZip(t, map[string][]byte{FileName: dbBytes, "../../evil": []byte("x")}),
		"absolute path":    makeZip(t, map[string][]byte{FileName: dbBytes, "/tmp/evil": []byte("x")}),
		"media escaping":   makeZip(t, map[string][]byte{FileName: dbBytes, "media/../../evil": []byte("x")}),
		"no database":      makeZip(t, map[string][]byte{"media/ab/x.png": []byte("x")}),
		"damaged database": makeZip(t, map[string][]byte{FileName: dbBytes[:3*4096]}),
		"garbage database": makeZip(t, map[string][]byte{FileName: bytes.Repeat([]byte("x"), 10000)}),
	}
	for name, zipPath := range cases {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			into := filepath.Join(parent, "restored")
			err := Restore(zipPath, into, RestoreOptions{})
			if !errors.Is(err, app.ErrNotABackup) {
				t.Fatalf("got %v", err)
			}
			left, _ := os.ReadDir(parent)
			if len(left) != 0 {
				t.Errorf("written: %v", left)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(parent), "evil")); err == nil {
				t.Error("a file escaped")
			}
		})
	}
}

func TestRestoreIntoAWorkspaceNeedsForceAndKeepsIt(t *testing.T) {
	src, _ := healthyWorkspace(t, 3, true)
	backup, err := LatestBackup(src)
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := healthyWorkspace(t, 7, false)
	before := hashOf(t, filepath.Join(dst, FileName))
	if err := Restore(backup, dst, RestoreOptions{}); !errors.Is(err, app.ErrRestoreTarget) {
		t.Fatalf("got %v", err)
	}
	if err := Restore(backup, dst, RestoreOptions{Force: true, Clock: fixedClock{damageDay}}); err != nil {
		t.Fatal(err)
	}
	if hashOf(t, filepath.Join(dst, FileName+".before-restore-2026-12-06T224000Z")) != before {
		t.Error("the replaced workspace was not kept")
	}
	db, err := Open(dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := len(allPosts(t, db)); got != 3 {
		t.Errorf("%d posts, want the backup's 3", got)
	}
}

func TestRotationKeepsSevenDailyAndFourWeekly(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC)
	var names []string
	for day := range 60 {
		at := start.AddDate(0, 0, day)
		for _, kind := range []string{kindDaily, kindDaily} {
			name := backupPrefix + kind + "-" + at.Format(backupStamp) + backupExt
			os.WriteFile(filepath.Join(dir, name), nil, 0o600)
			names = append(names, name)
			at = at.Add(time.Hour)
		}
	}
	os.WriteFile(filepath.Join(dir, backupPrefix+kindManual+"-"+start.Format(backupStamp)+backupExt), nil, 0o600)
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, backupPrefix+kindMigration+"-"+start.AddDate(0, 0, i).Format(backupStamp)+backupExt), nil, 0o600)
	}
	if err := Rotate(dir); err != nil {
		t.Fatal(err)
	}
	list, _ := listBackups(dir)
	count := map[string]int{}
	for _, b := range list {
		count[b.kind]++
	}
	// The last 7 days (24 to 30 October), and the newest of each of the
	// last 4 weeks (30, 25, 18 and 11 October; the first two are among
	// the 7 days already): 9 files.
	if count[kindDaily] != 9 || count[kindManual] != 1 || count[kindMigration] != keepMigrations {
		t.Errorf("kept %v", count)
	}
	newest := list[0]
	if !strings.Contains(newest.path, start.AddDate(0, 0, 59).Add(time.Hour).Format(backupStamp)) {
		t.Errorf("newest kept: %s", newest.path)
	}
}

func TestDailyBackupOncePerDay(t *testing.T) {
	db, dir := openTemp(t)
	if made, err := db.DailyBackup(ctx, dir, damageDay); err != nil || made == "" {
		t.Fatalf("first: %q, %v", made, err)
	}
	if made, err := db.DailyBackup(ctx, dir, damageDay.Add(3*time.Hour)); err != nil || made != "" {
		t.Fatalf("same day: %q, %v", made, err)
	}
	if made, err := db.DailyBackup(ctx, dir, damageDay.Add(25*time.Hour)); err != nil || made == "" {
		t.Fatalf("next day: %q, %v", made, err)
	}
	if at, ok := LatestBackupTime(dir); !ok || !at.Equal(damageDay.Add(25*time.Hour)) {
		t.Errorf("latest %v %v", at, ok)
	}
}

func TestRestoreOverAnEmptyWorkspaceNeedsNoForce(t *testing.T) {
	src, _ := healthyWorkspace(t, 3, true)
	backup, _ := LatestBackup(src)
	dst := t.TempDir()
	db, err := Open(dst, Options{}) // what a command run after the damage made
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := Restore(backup, dst, RestoreOptions{Clock: fixedClock{damageDay}}); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRefusesAWorkspaceInUse(t *testing.T) {
	src, _ := healthyWorkspace(t, 3, true)
	backup, _ := LatestBackup(src)
	dst, _ := healthyWorkspace(t, 1, false)
	db, err := Open(dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Restore(backup, dst, RestoreOptions{Force: true}); !errors.Is(err, app.ErrWorkspaceLocked) {
		t.Fatalf("got %v", err)
	}
}

// contents is, for each bucket, how many records it holds and a hash of
// them all.
func contents(t *testing.T, db *DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := db.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			h := sha256.New()
			n := 0
			b.ForEach(func(k, v []byte) error {
				n++
				h.Write(k)
				h.Write(v)
				return nil
			})
			out[string(name)] = fmt.Sprintf("%d %x", n, h.Sum(nil)[:6])
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
