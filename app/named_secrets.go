package app

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"
)

// NamedSecretID is the key, in a SecretStore, of a secret that belongs to
// the workspace rather than to one account: the client Relais registered
// on a Mastodon server, the user's own Meta app. Its first 8 bytes (an
// account ID's creation time) are zero, which no account's ID has, and
// the other 8 are a hash of name, so that the same name always finds the
// same entry (and a workspace's entries stay its own, as the store names
// them after the workspace).
func NamedSecretID(name string) ID {
	sum := sha256.Sum256([]byte("relais named secret\x00" + name))
	var id ID
	copy(id[8:], sum[:8])
	if id.IsZero() {
		id[15] = 1
	}
	return id
}

// NamedSecrets keeps the workspace's own secrets by name, in a
// SecretStore (the keychain).
type NamedSecrets struct {
	store SecretStore
}

// NamedSecretsIn returns the named secrets kept in store.
func NamedSecretsIn(store SecretStore) NamedSecrets { return NamedSecrets{store: store} }

// NamedSecret returns the secret kept under name, or ErrNoSecret.
func (n NamedSecrets) NamedSecret(ctx context.Context, name string) (Secret, error) {
	return n.store.Secret(ctx, NamedSecretID(name))
}

// PutNamedSecret keeps s under name, replacing any other.
func (n NamedSecrets) PutNamedSecret(ctx context.Context, name string, s Secret) error {
	return n.store.PutSecret(ctx, NamedSecretID(name), s)
}

// DeleteNamedSecret removes the secret kept under name; none is fine.
func (n NamedSecrets) DeleteNamedSecret(ctx context.Context, name string) error {
	return n.store.DeleteSecret(ctx, NamedSecretID(name))
}

// SignInWarning is how long before its sign-in expires an account asks to
// be signed in again: a week, so that a CM away for a few days still sees
// it in time.
const SignInWarning = 7 * 24 * time.Hour

// SignInEnds says when the account's sign-in stops working and must be
// renewed by the user, and whether that is soon (within SignInWarning of
// now) or past. The zero time means the sign-in does not expire, or
// renews itself.
func (a Account) SignInEnds(now time.Time) (ends time.Time, soon bool) {
	if a.SignInExpiry.IsZero() {
		return time.Time{}, false
	}
	return a.SignInExpiry, !now.Before(a.SignInExpiry.Add(-SignInWarning))
}

// ErrSignInPortTaken is matched by the error of a browser sign-in when
// another program holds the workspace's sign-in port: the browser cannot
// come back to Relais, and the user pastes a code or the address the
// browser ended on instead.
var ErrSignInPortTaken = errors.New("another program is using the port Relais signs in on")

// PortTakenError names the sign-in port another program holds.
type PortTakenError struct {
	Port int
	Err  error
}

func (e *PortTakenError) Error() string {
	return fmt.Sprintf("another program is using port %d, where the browser comes back to Relais after signing in: close it and try again, or paste the code or the address the browser ends on", e.Port)
}

// Is makes the error match ErrSignInPortTaken.
func (e *PortTakenError) Is(target error) bool { return target == ErrSignInPortTaken }

// Unwrap gives the system's error.
func (e *PortTakenError) Unwrap() error { return e.Err }
