package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// fixedClock dates what it is asked to.
type fixedClock struct{ at time.Time }

func (c fixedClock) Now() time.Time { return c.at }

var damageDay = time.Date(2026, 12, 6, 22, 40, 0, 0, time.UTC)

// healthyWorkspace makes a closed data directory with n posts, and, when
// backup is true, a backup of it in its backups folder.
func healthyWorkspace(t testing.TB, n int, backup bool) (dir string, ids []app.ID) {
	t.Helper()
	dir = t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var ps []app.Post
	for i := range n {
		p := post(i, base.Add(time.Duration(i)*time.Minute))
		p.Text = strings.Repeat("Un texte assez long pour remplir des pages. ", 10)
		ps = append(ps, p)
		ids = append(ids, p.ID)
	}
	if err := db.PutPosts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if backup {
		if _, err := db.BackupNow(ctx, dir, kindDaily, damageDay.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, ids
}

// rootOf is the page where a bucket's tree starts, read with bbolt alone.
func rootOf(t testing.TB, dir string, bucket []byte) uint64 {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var root uint64
	b.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bucket).RootPage()); return nil })
	if root == 0 {
		t.Fatalf("bucket %s is inline: make more posts", bucket)
	}
	return root
}

func fileMeta(t testing.TB, path string) meta {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	c := checker{f: f, size: info.Size()}
	m, err := c.readMeta()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func hashOf(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func writeAt(t testing.TB, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedFilesAreSetAsideUntouched(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, dir, path string)
	}{
		{"truncated", func(t *testing.T, dir, path string) {
			info, _ := os.Stat(path)
			if err := os.Truncate(path, info.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"a page's type flipped", func(t *testing.T, dir, path string) {
			m := fileMeta(t, path)
			root := rootOf(t, dir, bucketPosts)
			writeAt(t, path, int64(root)*int64(m.pageSize)+8, []byte{0xff, 0x7f})
		}},
		{"a branch pointing outside the file", func(t *testing.T, dir, path string) {
			m := fileMeta(t, path)
			root := rootOf(t, dir, bucketPosts)
			// The posts' root is a branch: its first child, far away.
			writeAt(t, path, int64(root)*int64(m.pageSize)+pageHeaderSize+8, binary.LittleEndian.AppendUint64(nil, 1<<40))
		}},
		{"an element running past its page", func(t *testing.T, dir, path string) {
			m := fileMeta(t, path)
			root := rootOf(t, dir, bucketPosts)
			writeAt(t, path, int64(root)*int64(m.pageSize)+pageHeaderSize+4, binary.LittleEndian.AppendUint32(nil, 1<<30))
		}},
		{"a freelist that says pages in use are free", func(t *testing.T, dir, path string) {
			m := fileMeta(t, path)
			root := rootOf(t, dir, bucketPosts)
			at := int64(m.freelist) * int64(m.pageSize)
			writeAt(t, path, at+10, binary.LittleEndian.AppendUint16(nil, 1)) // count
			writeAt(t, path, at+pageHeaderSize, binary.LittleEndian.AppendUint64(nil, root))
		}},
		{"both meta pages flipped", func(t *testing.T, dir, path string) {
			m := fileMeta(t, path)
			writeAt(t, path, pageHeaderSize+20, []byte{0x55})
			writeAt(t, path, int64(m.pageSize)+pageHeaderSize+20, []byte{0x55})
		}},
		{"zeros", func(t *testing.T, dir, path string) {
			if err := os.WriteFile(path, make([]byte, 64<<10), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage", func(t *testing.T, dir, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 4000), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		for _, readOnly := range []bool{false, true} {
			name := c.name
			if readOnly {
				name += ", read-only"
			}
			t.Run(name, func(t *testing.T) { damagedCase(t, c.damage, readOnly) })
		}
	}
}

// damagedCase damages a workspace that has a backup, opens it, and checks
// that the file was set aside untouched, the backup offered, and that
// restoring it brings every post back.
func damagedCase(t *testing.T, damage func(t *testing.T, dir, path string), readOnly bool) {
	{
		{
			dir, ids := healthyWorkspace(t, 300, true)
			path := filepath.Join(dir, FileName)
			damage(t, dir, path)
			before := hashOf(t, path)
			infoBefore, _ := os.Stat(path)

			db, err := Open(dir, Options{Clock: fixedClock{damageDay}, ReadOnly: readOnly})
			if err == nil {
				db.Close()
				t.Fatal("a damaged file opened")
			}
			d, ok := app.AsDamaged(err)
			if !ok {
				t.Fatalf("error %v, want a DamagedError", err)
			}
			if !errors.Is(err, app.ErrDamaged) || d.Path != path {
				t.Errorf("error %#v", d)
			}
			t.Log(d.Cause)
			wantMoved := path + ".damaged-2026-12-06T224000Z"
			if d.MovedTo != wantMoved {
				t.Errorf("moved to %q, want %q", d.MovedTo, wantMoved)
			}
			if got := hashOf(t, wantMoved); got != before {
				t.Error("the damaged file was changed")
			}
			infoAfter, _ := os.Stat(wantMoved)
			if !infoAfter.ModTime().Equal(infoBefore.ModTime()) {
				t.Error("the damaged file's modification time changed")
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s is still there: %v", path, err)
			}
			if !strings.HasPrefix(filepath.Base(d.Backup), "relais-daily-") {
				t.Fatalf("backup offered: %q", d.Backup)
			}

			// The user accepts the backup: it comes back whole.
			if err := Restore(d.Backup, dir, RestoreOptions{Clock: fixedClock{damageDay}}); err != nil {
				t.Fatal(err)
			}
			db, err = Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := len(summaries(t, db)); got != len(ids) {
				t.Errorf("%d drafts after restoring, want %d", got, len(ids))
			}
		}
	}
}

func TestAFolderInPlaceOfTheDatabaseIsSetAside(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, Options{Clock: fixedClock{damageDay}})
	d, ok := app.AsDamaged(err)
	if !ok || d.MovedTo == "" || d.Backup != "" {
		t.Fatalf("got %v", err)
	}
	// Relais starts empty next time.
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestReadOnlyOpenChangesNothing(t *testing.T) {
	dir, ids := healthyWorkspace(t, 50, false)
	path := filepath.Join(dir, FileName)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	before := hashOf(t, path)
	for range 2 {
		db, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(summaries(t, db)); got != len(ids) {
			t.Errorf("%d drafts, want %d", got, len(ids))
		}
		if err := db.PutPost(ctx, post(1, damageDay)); err == nil {
			t.Error("a read-only database took a write")
		}
		db.Close()
	}
	if hashOf(t, path) != before {
		t.Error("reading changed the file")
	}
	if info, _ := os.Stat(path); !info.ModTime().Equal(old) {
		t.Errorf("reading changed the modification time to %v", info.ModTime())
	}
}

func TestReadersShareTheFile(t *testing.T) {
	dir, _ := healthyWorkspace(t, 5, false)
	a, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(dir, Options{ReadOnly: true, LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("a second reader: %v", err)
	}
	b.Close()
	if _, err := Open(dir, Options{LockTimeout: 100 * time.Millisecond}); !errors.Is(err, app.ErrWorkspaceLocked) {
		t.Fatalf("a writer while a reader holds the file: %v", err)
	}
}

func TestAPanicInsideATransactionIsADamagedError(t *testing.T) {
	db, _ := openTemp(t)
	err := db.view(func(tx *bolt.Tx) error { panic("invalid page type") })
	if _, ok := app.AsDamaged(err); !ok {
		t.Fatalf("got %v", err)
	}
	// From then on nothing is written.
	if err := db.PutPost(ctx, post(1, damageDay)); !errors.Is(err, app.ErrDamaged) {
		t.Fatalf("a write after damage: %v", err)
	}
}

func TestMigrationIsPrecededByABackup(t *testing.T) {
	dir, _ := healthyWorkspace(t, 3, false)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.update(func(tx *bolt.Tx) error { return setSchema(tx, SchemaVersion()-1) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(dir, Options{Clock: fixedClock{damageDay}})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	latest, err := LatestBackup(dir)
	if err != nil || !strings.Contains(filepath.Base(latest), kindMigration) {
		t.Fatalf("latest backup %q, %v", latest, err)
	}
}
