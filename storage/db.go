package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/relais-app/relais/app"
)

// FileName is the name of the database file inside the data directory.
const FileName = "relais.db"

// DB is the bbolt store of one data directory.
type DB struct {
	bolt *bolt.DB
}

var _ app.Store = (*DB)(nil)

// Options tune Open.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the file. Zero means one second. bbolt itself would wait forever.
	LockTimeout time.Duration
}

// Open opens (creating if needed) the database of a data directory and
// brings its schema up to date. When another process holds the file it
// returns an error wrapping app.ErrWorkspaceLocked.
func Open(dir string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("opening %s: %w", path, app.ErrWorkspaceLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db := &DB{bolt: b}
	if err := db.migrate(); err != nil {
		b.Close()
		return nil, fmt.Errorf("preparing %s: %w", path, err)
	}
	return db, nil
}

// Close releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the database file's path.
func (db *DB) Path() string { return db.bolt.Path() }
