package app

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ID identifies a stored object. It is 16 bytes: a big-endian creation time
// in milliseconds (8 bytes) then 8 random bytes, so IDs sort by creation and
// never collide between two machines. Its text form is 26 characters of
// lower-case Crockford-like base32.
type ID [16]byte

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a new ID for an object created at t.
func NewID(t time.Time) ID {
	var id ID
	binary.BigEndian.PutUint64(id[:8], uint64(t.UnixMilli()))
	if _, err := rand.Read(id[8:]); err != nil {
		// crypto/rand never fails on supported platforms (Go 1.24+ panics
		// itself rather than return an error); keep the contract explicit.
		panic(fmt.Sprintf("app: reading random bytes: %v", err))
	}
	return id
}

// ErrBadID is returned when a text is not an ID.
var ErrBadID = errors.New("not a valid ID")

// ParseID reads the text form of an ID.
func ParseID(s string) (ID, error) {
	var id ID
	b, err := idEncoding.DecodeString(strings.ToLower(strings.TrimSpace(s)))
	if err != nil || len(b) != len(id) {
		return ID{}, fmt.Errorf("%q: %w", s, ErrBadID)
	}
	copy(id[:], b)
	return id, nil
}

// String returns the 26-character text form.
func (id ID) String() string { return idEncoding.EncodeToString(id[:]) }

// IsZero reports whether id is the zero ID (no object).
func (id ID) IsZero() bool { return id == ID{} }

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) error {
	parsed, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = parsed
	return nil
}
