package workspaces

import (
	"errors"
	"fmt"
)

// ErrNotPrivate is returned by CheckPrivate for a folder that another
// user owns or may write to: anyone who can write there can plant files
// Relais would read, or replace its database.
var ErrNotPrivate = errors.New("this folder is not private to you")

// NotPrivateError says which folder and why.
type NotPrivateError struct {
	Dir    string
	Reason string // "owner", "writable", "not_folder"
}

func (e *NotPrivateError) Error() string {
	switch e.Reason {
	case "owner":
		return fmt.Sprintf("%s: %s belongs to another user", ErrNotPrivate, e.Dir)
	case "writable":
		return fmt.Sprintf("%s: other users may write in %s", ErrNotPrivate, e.Dir)
	}
	return fmt.Sprintf("%s: %s is not a folder", ErrNotPrivate, e.Dir)
}

func (e *NotPrivateError) Unwrap() error { return ErrNotPrivate }
