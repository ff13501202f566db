package app

import (
	"errors"
	"time"
)

// ErrDamaged is what a DamagedError wraps: the data file is not sound, and
// Relais must not write to it.
var ErrDamaged = errors.New("the data file is damaged")

// DamagedError says that the database of a data directory is damaged. Relais
// never writes to such a file: when it could, it moved it aside (MovedTo) so
// that the user can keep it, and names the latest backup (Backup) the user
// may restore instead. A file found damaged while Relais runs is not moved
// (MovedTo is empty): Relais stops writing to it and says so.
type DamagedError struct {
	Path    string // the database file, as it was found
	MovedTo string // where it was set aside, or "" when it was not moved
	Backup  string // the latest backup of the data directory, or ""
	// BackupAt is when Backup was made.
	BackupAt time.Time
	Cause    error // what the check found, for logs
}

func (e *DamagedError) Error() string {
	msg := "the data file " + e.Path + " is damaged"
	if e.MovedTo != "" {
		msg += "; it was set aside as " + e.MovedTo
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// Unwrap is the cause.
func (e *DamagedError) Unwrap() error { return e.Cause }

// AsDamaged finds a DamagedError in err's chain.
func AsDamaged(err error) (*DamagedError, bool) {
	var d *DamagedError
	ok := errors.As(err, &d)
	return d, ok
}

// ErrNotABackup is returned for a file given to restore that is not a
// whole, sound backup of Relais (not a zip, truncated, a path outside its
// folder, a damaged database): nothing was written.
var ErrNotABackup = errors.New("this file is not a Relais backup, or it is incomplete")

// ErrRestoreTarget is returned when a backup would be restored into a
// folder that already holds a workspace, without --force.
var ErrRestoreTarget = errors.New("this folder already holds a Relais workspace")

// Quarantined is a record set aside because it could not be decoded.
type Quarantined struct {
	Kind string // the bucket it came from: "posts"
	Key  string // its key, in hexadecimal
	Size int    // its length in bytes
}
