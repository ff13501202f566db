package storage

import (
	"archive/zip"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/relais-app/relais/app"
)

// BackupsDir is the folder of a data directory's backups.
func BackupsDir(dataDir string) string { return filepath.Join(dataDir, "backups") }

// Backup names: relais-<kind>-<UTC time>.zip, so that names sort by time
// within a kind.
const (
	backupPrefix   = "relais-"
	backupExt      = ".zip"
	backupStamp    = "2006-01-02T150405Z"
	kindDaily      = "daily"
	kindManual     = "manual"
	kindMigration  = "before-migration"
	keepDaily      = 7
	keepWeekly     = 4
	keepMigrations = 3
)

// ErrNotABackup is returned by Restore for a file that is not a whole,
// sound backup of Relais: nothing was written.
var ErrNotABackup = app.ErrNotABackup

// ErrRestoreTarget is returned by Restore when the folder already holds a
// workspace and force was not given.
var ErrRestoreTarget = app.ErrRestoreTarget

// Backup writes a zip of the workspace to w: the database as one
// consistent snapshot (a read transaction, so while Relais runs), and the
// media files its posts reference, from mediaDir.
func (db *DB) Backup(ctx context.Context, w io.Writer, mediaDir string) error {
	z := zip.NewWriter(w)
	// The fastest compression: a backup runs while the user works, and
	// bbolt's pages, half empty, shrink well at any level.
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	err := db.view(func(tx *bolt.Tx) error {
		hashes := referencedMedia(tx)
		f, err := z.CreateHeader(&zip.FileHeader{Name: FileName, Method: zip.Deflate, Modified: time.Unix(0, 0)})
		if err != nil {
			return err
		}
		if _, err := tx.WriteTo(ctxWriter{ctx, f}); err != nil {
			return fmt.Errorf("writing the database: %w", err)
		}
		return addMedia(ctx, z, mediaDir, hashes)
	})
	if err != nil {
		return err
	}
	return z.Close()
}

// ctxWriter stops a long copy when its context ends.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// referencedMedia is the hashes of the media of every post, trashed ones
// included (they can be restored). A record that cannot be read is left
// out here; the database, copied whole, still holds it.
func referencedMedia(tx *bolt.Tx) map[string]bool {
	hashes := map[string]bool{}
	for _, bucket := range [][]byte{bucketPosts, bucketTrash} {
		b := tx.Bucket(bucket)
		if b == nil {
			continue
		}
		b.ForEach(func(_, v []byte) error {
			if r, err := decodeRecord(v); err == nil {
				for _, m := range r.Media {
					hashes[m.Hash] = true
				}
			}
			return nil
		})
	}
	return hashes
}

// addMedia adds the files of mediaDir (media/<xx>/<hash>.<ext>) whose hash
// is referenced.
func addMedia(ctx context.Context, z *zip.Writer, mediaDir string, hashes map[string]bool) error {
	if len(hashes) == 0 {
		return nil
	}
	return filepath.WalkDir(mediaDir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		hash, _, _ := strings.Cut(d.Name(), ".")
		if !hashes[hash] {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(mediaDir, path)
		if err != nil {
			return err
		}
		// Media are compressed already.
		w, err := z.CreateHeader(&zip.FileHeader{Name: "media/" + filepath.ToSlash(rel), Method: zip.Store, Modified: time.Unix(0, 0)})
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
}

// BackupTo writes a backup of the workspace to the file path, whole or not
// at all: it is written beside it, synced, then renamed.
func (db *DB) BackupTo(ctx context.Context, path, mediaDir string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".backup-*")
	if err != nil {
		return fmt.Errorf("writing the backup %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := db.Backup(ctx, tmp, mediaDir); err != nil {
		return fmt.Errorf("writing the backup %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing the backup %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the backup %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the backup %s: %w", path, err)
	}
	return nil
}

// BackupNow writes a backup into the data directory's backups folder, of
// the given kind, and rotates the folder. It returns the backup's path.
func (db *DB) BackupNow(ctx context.Context, dataDir, kind string, now time.Time) (string, error) {
	dir := BackupsDir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the backups folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, backupPrefix+kind+"-"+now.UTC().Format(backupStamp)+backupExt)
	if err := db.BackupTo(ctx, path, filepath.Join(dataDir, "media")); err != nil {
		return "", err
	}
	if err := Rotate(dir); err != nil {
		return path, err
	}
	return path, nil
}

// DailyBackup makes the day's backup when there is none from the last 24
// hours, and says which it made ("" when none was due).
func (db *DB) DailyBackup(ctx context.Context, dataDir string, now time.Time) (string, error) {
	latest, err := listBackups(BackupsDir(dataDir))
	if err != nil {
		return "", err
	}
	for _, b := range latest {
		if b.kind == kindDaily && now.Sub(b.at) < 24*time.Hour && !b.at.After(now) {
			return "", nil
		}
	}
	return db.BackupNow(ctx, dataDir, kindDaily, now)
}

type backupFile struct {
	path string
	kind string
	at   time.Time
}

// listBackups is the backups of a folder, newest first.
func listBackups(dir string) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the backups folder %s: %w", dir, err)
	}
	var list []backupFile
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), backupExt)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		name, ok = strings.CutPrefix(name, backupPrefix)
		if !ok || len(name) < len(backupStamp)+1 {
			continue
		}
		kind, stamp := name[:len(name)-len(backupStamp)-1], name[len(name)-len(backupStamp):]
		at, err := time.Parse(backupStamp, stamp)
		if err != nil {
			continue
		}
		list = append(list, backupFile{path: filepath.Join(dir, e.Name()), kind: kind, at: at})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].at.After(list[j].at) })
	return list, nil
}

// LatestBackup is the path of the newest backup of a data directory.
func LatestBackup(dataDir string) (string, error) {
	list, err := listBackups(BackupsDir(dataDir))
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "", fs.ErrNotExist
	}
	return list[0].path, nil
}

// LatestBackupTime is when the newest backup of a data directory was
// made, and false when there is none.
func LatestBackupTime(dataDir string) (time.Time, bool) {
	list, err := listBackups(BackupsDir(dataDir))
	if err != nil || len(list) == 0 {
		return time.Time{}, false
	}
	return list[0].at, true
}

// Rotate keeps, of the automatic backups of a folder, the newest of each
// of the last 7 days and of each of the last 4 weeks, and the last 3 made
// before a migration; backups made by hand are the user's and stay.
func Rotate(dir string) error {
	list, err := listBackups(dir)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	days, weeks, migrations := map[string]bool{}, map[string]bool{}, 0
	for _, b := range list { // newest first
		switch b.kind {
		case kindDaily:
			day := b.at.Format(time.DateOnly)
			if !days[day] && len(days) < keepDaily {
				days[day] = true
				keep[b.path] = true
			}
			y, w := b.at.ISOWeek()
			week := fmt.Sprint(y, w)
			if !weeks[week] && len(weeks) < keepWeekly {
				weeks[week] = true
				keep[b.path] = true
			}
		case kindMigration:
			if migrations < keepMigrations {
				migrations++
				keep[b.path] = true
			}
		default:
			keep[b.path] = true
		}
	}
	for _, b := range list {
		if !keep[b.path] {
			if err := os.Remove(b.path); err != nil {
				return fmt.Errorf("removing the old backup %s: %w", b.path, err)
			}
		}
	}
	return nil
}

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force restores into a folder that already holds a workspace; its
	// database is set aside (relais.db.before-restore-DATE), never removed.
	Force bool
	Clock app.Clock
}

// Restore unpacks a backup into a data directory, new by default. The
// backup is checked whole first (a zip, no path outside its folder, every
// file complete, the database sound and not newer than this build); when
// any of that fails, ErrNotABackup is returned and nothing is written.
// Sign-ins are not in a backup and the keychain is not touched: restored
// accounts ask to be connected again.
func Restore(zipPath, dataDir string, opts RestoreOptions) error {
	if opts.Clock == nil {
		opts.Clock = app.SystemClock{}
	}
	if err := restoreTargetOK(dataDir, opts); err != nil {
		return err
	}
	z, err := zip.OpenReader(zipPath)
	if err != nil {
		return fmt.Errorf("reading %s: %v: %w", zipPath, err, ErrNotABackup)
	}
	defer z.Close()
	hasDB := false
	for _, f := range z.File {
		if err := backupEntryOK(f.Name); err != nil {
			return fmt.Errorf("reading %s: %v: %w", zipPath, err, ErrNotABackup)
		}
		hasDB = hasDB || f.Name == FileName
	}
	if !hasDB {
		return fmt.Errorf("reading %s: it holds no %s: %w", zipPath, FileName, ErrNotABackup)
	}
	parent := filepath.Dir(filepath.Clean(dataDir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fmt.Errorf("restoring into %s: %w", dataDir, err)
	}
	tmp, err := os.MkdirTemp(parent, ".relais-restore-*")
	if err != nil {
		return fmt.Errorf("restoring into %s: %w", dataDir, err)
	}
	defer os.RemoveAll(tmp)
	for _, f := range z.File {
		if err := extract(f, filepath.Join(tmp, filepath.FromSlash(f.Name))); err != nil {
			return fmt.Errorf("reading %s: %s: %v: %w", zipPath, f.Name, err, ErrNotABackup)
		}
	}
	if err := soundBackupDB(filepath.Join(tmp, FileName)); err != nil {
		return fmt.Errorf("reading %s: %w", zipPath, err)
	}
	return moveRestored(tmp, dataDir, opts)
}

// restoreTargetOK refuses a data directory that a running Relais holds,
// and, without Force, one that holds a workspace with anything in it. An
// empty workspace (made by a command run after the file was set aside) or
// a damaged one (set aside now) is no reason to refuse.
func restoreTargetOK(dataDir string, opts RestoreOptions) error {
	if _, err := os.Stat(filepath.Join(dataDir, FileName)); err != nil {
		return nil
	}
	db, err := Open(dataDir, Options{ReadOnly: true, LockTimeout: time.Second, Clock: opts.Clock})
	if errors.Is(err, app.ErrDamaged) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restoring into %s: %w", dataDir, err)
	}
	defer db.Close()
	if opts.Force {
		return nil
	}
	empty := true
	err = db.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketPosts, bucketTrash, bucketEvents, bucketAccounts, bucketInbox, bucketAccountDays} {
			if b := tx.Bucket(name); b != nil {
				if k, _ := b.Cursor().First(); k != nil {
					empty = false
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restoring into %s: %w", dataDir, err)
	}
	if !empty {
		return fmt.Errorf("restoring into %s: %w", dataDir, ErrRestoreTarget)
	}
	return nil
}

// backupEntryOK refuses a name that would land outside the folder it is
// unpacked into (zip-slip), or that a backup never holds.
func backupEntryOK(name string) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, `\`) || strings.HasSuffix(name, "/") {
		return fmt.Errorf("it holds %q, a path outside its folder", name)
	}
	if name != FileName && !strings.HasPrefix(name, "media/") {
		return fmt.Errorf("it holds %q, which a backup never does", name)
	}
	return nil
}

func extract(f *zip.File, to string) error {
	if !f.Mode().IsRegular() {
		return fmt.Errorf("not a plain file")
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer w.Close()
	// The zip reader checks the size and the CRC at the end of each file:
	// a truncated or altered one fails here.
	if _, err := io.Copy(w, r); err != nil {
		return err
	}
	return w.Sync()
}

// soundBackupDB checks a restored database before it is put in place.
func soundBackupDB(path string) error {
	db, err := openChecked(path, Options{LockTimeout: time.Second}, true)
	if err != nil {
		return fmt.Errorf("its database is damaged: %v: %w", err, ErrNotABackup)
	}
	defer db.Close()
	var schema int
	if err := db.view(func(tx *bolt.Tx) error { schema = schemaOf(tx); return nil }); err != nil {
		return fmt.Errorf("its database cannot be read: %v: %w", err, ErrNotABackup)
	}
	if schema > SchemaVersion() {
		return fmt.Errorf("schema %d, this build knows %d: %w", schema, SchemaVersion(), ErrNewerSchema)
	}
	return nil
}

// moveRestored puts the checked files of tmp in place in dataDir.
func moveRestored(tmp, dataDir string, opts RestoreOptions) error {
	if _, err := os.Stat(dataDir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dataDir); err != nil {
			return fmt.Errorf("restoring into %s: %w", dataDir, err)
		}
		return nil
	}
	existing := filepath.Join(dataDir, FileName)
	if _, err := os.Stat(existing); err == nil {
		aside := existing + ".before-restore-" + opts.Clock.Now().UTC().Format(backupStamp)
		if err := os.Rename(existing, aside); err != nil {
			return fmt.Errorf("setting %s aside: %w", existing, err)
		}
	}
	if err := os.Rename(filepath.Join(tmp, FileName), existing); err != nil {
		return fmt.Errorf("restoring into %s: %w", dataDir, err)
	}
	// Media are named by their content: one already there is the same.
	return filepath.WalkDir(filepath.Join(tmp, "media"), func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(tmp, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dataDir, rel)
		if _, err := os.Stat(to); err == nil {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
			return err
		}
		return os.Rename(path, to)
	})
}

// RunDailyBackups makes the day's backup when it is due, then looks again
// every hour, until ctx ends; a failure is given to logErr and tried again
// at the next look.
func (db *DB) RunDailyBackups(ctx context.Context, dataDir string, clock app.Clock, logErr func(error)) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if _, err := db.DailyBackup(ctx, dataDir, clock.Now()); err != nil && ctx.Err() == nil {
			logErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
