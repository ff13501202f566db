package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/relais-app/relais/app"
)

// FileName is the name of the database file inside the data directory.
const FileName = "relais.db"

// DB is the bbolt store of one data directory.
type DB struct {
	bolt     *bolt.DB
	readOnly bool
	// damaged is set once a transaction found the file damaged (a panic
	// inside bbolt): from then on nothing is written to it.
	damaged atomic.Pointer[app.DamagedError]
	// bad is what reads skipped, to be set aside.
	bad unreadable
}

var _ app.Store = (*DB)(nil)

// DamagedError is app.DamagedError: Open returns it, never a panic, for a
// file it will not write to.
type DamagedError = app.DamagedError

// Options tune Open.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the file. Zero means one second. bbolt itself would wait forever.
	LockTimeout time.Duration
	// ReadOnly opens the file for reading only, for a command that only
	// reads: its bytes and its modification time stay as they were, and
	// other readers may open it at the same time. A file that does not
	// exist yet, or that needs a migration, is still opened for writing.
	ReadOnly bool
	// Clock dates the name of a damaged file set aside; the wall clock
	// when nil.
	Clock app.Clock
}

// Open opens (creating if needed) the database of a data directory and
// brings its schema up to date. When another process holds the file it
// returns an error wrapping app.ErrWorkspaceLocked.
//
// Before it is used, an existing file is checked (see checkPages, then
// bbolt's own check) while holding the lock, and nothing is written to it
// before the check passed. A damaged file is never written: it is moved
// aside as relais.db.damaged-DATE, and Open returns a *DamagedError naming
// it and the latest backup. A panic or a memory fault inside bbolt becomes
// that error too.
func Open(dir string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if opts.Clock == nil {
		opts.Clock = app.SystemClock{}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory %s: %w", dir, err)
	}
	if !opts.ReadOnly {
		if err := makePrivate(dir); err != nil {
			return nil, err
		}
	}
	path := filepath.Join(dir, FileName)
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return openWritable(path, opts, true)
	case err != nil:
		return nil, fmt.Errorf("opening %s: %w", path, err)
	case info.IsDir():
		return nil, setAside(dir, path, opts, fmt.Errorf("%s is a folder, not a database file", path))
	case info.Size() == 0:
		// Created but never written (Relais stopped at once): bbolt
		// starts it again.
		return openWritable(path, opts, true)
	}

	checked, err := openChecked(path, opts, !opts.ReadOnly)
	if err != nil {
		if errors.Is(err, app.ErrDamaged) {
			return nil, setAside(dir, path, opts, errors.Unwrap(err))
		}
		return nil, err
	}
	var schema int
	if err := checked.view(func(tx *bolt.Tx) error { schema = schemaOf(tx); return nil }); err != nil {
		checked.bolt.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	if schema > SchemaVersion() {
		checked.bolt.Close()
		return nil, fmt.Errorf("opening %s: schema %d, this build knows %d: %w", path, schema, SchemaVersion(), ErrNewerSchema)
	}
	if opts.ReadOnly && schema == SchemaVersion() {
		return checked, nil
	}
	if opts.ReadOnly {
		// A migration writes: the whole check first.
		checked.bolt.Close()
		if checked, err = openChecked(path, opts, true); err != nil {
			if errors.Is(err, app.ErrDamaged) {
				return nil, setAside(dir, path, opts, errors.Unwrap(err))
			}
			return nil, err
		}
	}
	if schema > 0 && schema < SchemaVersion() {
		// A migration rewrites the file: keep the version before it.
		if _, err := checked.BackupNow(context.Background(), dir, kindMigration, opts.Clock.Now()); err != nil {
			checked.bolt.Close()
			return nil, fmt.Errorf("backing up %s before bringing it up to date: %w", path, err)
		}
	}
	checked.bolt.Close()
	return openWritable(path, opts, schema < SchemaVersion())
}

// openChecked opens the file read-only, which writes nothing to it, and
// checks it: always the page walk, which is what keeps a damaged file from
// crashing Relais, and, when full (before a run that writes), bbolt's own
// check too (keys in order, no page lost). A damaged file gives an error
// wrapping app.ErrDamaged.
func openChecked(path string, opts Options, full bool) (*DB, error) {
	damaged := func(err error) error { return &DamagedError{Path: path, Cause: err} }
	var b *bolt.DB
	err := guard(func() error {
		var err error
		b, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, ReadOnly: true})
		return err
	})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("opening %s: %w", path, app.ErrWorkspaceLocked)
	case errors.Is(err, os.ErrPermission):
		return nil, fmt.Errorf("opening %s: %w", path, err)
	case err != nil:
		return nil, damaged(err)
	}
	// The lock is held: no other Relais writes while the file is read.
	if err := checkPages(path); err != nil {
		b.Close()
		return nil, damaged(err)
	}
	db := &DB{bolt: b, readOnly: true}
	if !full {
		return db, nil
	}
	err = db.view(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drained whole: the check runs in its own goroutine
			if first == nil {
				first = err
			}
		}
		return first
	})
	if err != nil {
		b.Close()
		return nil, damaged(err)
	}
	return db, nil
}

// openWritable opens the file for writing; migrate says whether the
// schema needs bringing up to date (a write).
func openWritable(path string, opts Options, migrate bool) (*DB, error) {
	var b *bolt.DB
	err := guard(func() error {
		var err error
		b, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout})
		return err
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("opening %s: %w", path, app.ErrWorkspaceLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db := &DB{bolt: b}
	if !migrate {
		return db, nil
	}
	if err := db.migrate(); err != nil {
		b.Close()
		return nil, fmt.Errorf("preparing %s: %w", path, err)
	}
	return db, nil
}

// setAside moves a damaged database out of the way, untouched, so that it
// can be kept or sent for analysis, and names the latest backup.
func setAside(dir, path string, opts Options, cause error) error {
	stamp := opts.Clock.Now().UTC().Format("2006-01-02T150405Z")
	moved := path + ".damaged-" + stamp
	for n := 2; ; n++ {
		if _, err := os.Lstat(moved); errors.Is(err, os.ErrNotExist) {
			break
		}
		moved = fmt.Sprintf("%s.damaged-%s-%d", path, stamp, n)
	}
	d := &DamagedError{Path: path, Cause: cause}
	if err := os.Rename(path, moved); err == nil {
		d.MovedTo = moved
	} else {
		d.Cause = fmt.Errorf("%w (and setting it aside failed: %v)", cause, err)
	}
	if latest, err := listBackups(BackupsDir(dir)); err == nil && len(latest) > 0 {
		d.Backup, d.BackupAt = latest[0].path, latest[0].at
	}
	return d
}

// errPanicked is the cause of a damage found as a panic inside bbolt.
var errPanicked = errors.New("reading the file failed")

// guard runs fn, turning a panic, or a memory fault on the mapped file,
// into an error. fn runs in the calling goroutine: a panic can only be
// recovered in the goroutine that raised it.
func guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanicked, r)
		}
	}()
	return fn()
}

// view is bolt's View, with a panic inside it (a damaged page) returned as
// a *DamagedError instead of crashing Relais.
func (db *DB) view(fn func(*bolt.Tx) error) error {
	err := guard(func() error { return db.bolt.View(fn) })
	return db.noteDamage(err)
}

// update is bolt's Update, refused once the file was found damaged, and
// with a panic inside it returned as a *DamagedError; bbolt rolls the
// transaction back, so nothing of it is written.
func (db *DB) update(fn func(*bolt.Tx) error) error {
	if d := db.damaged.Load(); d != nil {
		return d
	}
	if db.readOnly {
		return fmt.Errorf("writing to %s: it was opened for reading only", db.Path())
	}
	err := guard(func() error { return db.bolt.Update(fn) })
	return db.noteDamage(err)
}

func (db *DB) noteDamage(err error) error {
	if !errors.Is(err, errPanicked) {
		return err
	}
	d := &DamagedError{Path: db.Path(), Cause: err}
	db.damaged.CompareAndSwap(nil, d)
	return d
}

// Close releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the database file's path.
func (db *DB) Path() string { return db.bolt.Path() }

// makePrivate gives the data directory mode 0700 when others may read or
// enter it (a folder made before Relais did so, or by the user): drafts
// not yet published, and the inbox, are the user's alone.
func makePrivate(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("reading the data directory %s: %w", dir, err)
	}
	if runtime.GOOS == "windows" || info.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("keeping the data directory %s to you alone: %w", dir, err)
	}
	return nil
}
