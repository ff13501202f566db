// Package keychain keeps the accounts' secrets in the operating system's
// keychain, through github.com/zalando/go-keyring: the Secret Service
// (GNOME Keyring, KWallet) over D-Bus on Linux, the Keychain on macOS,
// the Credential Manager on Windows. It implements app.SecretStore.
//
// Each secret is one keychain entry: the service is the one given to New
// ("app.relais.desktop"), the user name is the workspace's ID and the
// account's, "<workspace>/<account>" (see ForWorkspace), so that two
// clients' accounts never share an entry, and the password is the secret
// as JSON (see wire). Entries written before workspaces existed are named
// after the account alone: read, they move to their workspace's name. There is no
// fallback: when the keychain cannot be used, every call returns an error
// matching app.ErrKeychainUnavailable, and nothing is written anywhere
// else.
//
// A keychain call can block for as long as the system waits for the user
// (an unlock prompt), so each one runs in a goroutine of its own and the
// caller gets ctx's error as soon as ctx ends. The call itself cannot be
// taken back: a PutSecret or DeleteSecret whose ctx ended may still
// complete once the user answers the prompt. Calls are made one at a
// time, so that two prompts never wait side by side.
package keychain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
)

// Store is app.SecretStore on the system keychain.
type Store struct {
	service string
	// workspace is the ID of the workspace whose secrets these are; zero
	// names entries after the account alone, as before workspaces.
	workspace app.ID
}

var _ app.SecretStore = (*Store)(nil)

// New returns the store of the secrets kept under service, the
// application's ID ("app.relais.desktop").
func New(service string) *Store {
	return &Store{service: service}
}

// ForWorkspace returns the store of one workspace's secrets: its entries'
// names start with the workspace's ID.
func (s *Store) ForWorkspace(workspace app.ID) *Store {
	return &Store{service: s.service, workspace: workspace}
}

// user is the entry's user name for an account's secret.
func (s *Store) user(account app.ID) string {
	if s.workspace.IsZero() {
		return account.String()
	}
	return s.workspace.String() + "/" + account.String()
}

// ErrTooLarge is returned when the keychain refuses a secret for its
// size: the Credential Manager takes at most 2,560 bytes, the macOS
// Keychain about 3,000.
var ErrTooLarge = errors.New("this sign-in is too large for the system keychain")

// errNoAccount is returned for the zero ID, which no account has.
var errNoAccount = errors.New("keychain: no account given (zero ID)")

// PutSecret stores the account's secret, replacing any other.
func (s *Store) PutSecret(ctx context.Context, account app.ID, secret app.Secret) error {
	if account.IsZero() {
		return errNoAccount
	}
	data, err := json.Marshal(toWire(secret))
	if err != nil {
		// Only strings and a time: this cannot fail, and its message
		// would not hold the secret either way.
		return fmt.Errorf("keychain: encoding the secret: %w", err)
	}
	value := string(data)
	_, err, ctxErr := s.call(ctx, func() (string, error) {
		return "", keyring.Set(s.service, s.user(account), value)
	})
	switch {
	case ctxErr != nil:
		return ctxErr
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(value))
	}
	return unavailable(err, value, secret)
}

// Secret returns the account's secret, or an error matching
// app.ErrNoSecret when the keychain holds none (or one Relais cannot
// read, so that the account is connected again).
func (s *Store) Secret(ctx context.Context, account app.ID) (app.Secret, error) {
	if account.IsZero() {
		return app.Secret{}, errNoAccount
	}
	value, err := s.get(ctx, s.user(account))
	if errors.Is(err, app.ErrNoSecret) && !s.workspace.IsZero() {
		// Written before workspaces: move it under the workspace's name.
		legacy := account.String()
		if value, err = s.get(ctx, legacy); err == nil {
			// Should the move fail, the entry is still read under its
			// old name, and moved next time.
			s.call(ctx, func() (string, error) {
				if err := keyring.Set(s.service, s.user(account), value); err != nil {
					return "", err
				}
				return "", keyring.Delete(s.service, legacy)
			})
		}
	}
	if err != nil {
		return app.Secret{}, err
	}
	var w wire
	if err := json.Unmarshal([]byte(value), &w); err != nil {
		// The decoder's message quotes the text it choked on: leave it
		// out.
		return app.Secret{}, fmt.Errorf("%w: the entry it holds is not one Relais wrote", app.ErrNoSecret)
	}
	return w.secret(), nil
}

// DeleteSecret removes the account's secret; removing none is fine.
func (s *Store) DeleteSecret(ctx context.Context, account app.ID) error {
	if account.IsZero() {
		return errNoAccount
	}
	_, err, ctxErr := s.call(ctx, func() (string, error) {
		err := keyring.Delete(s.service, s.user(account))
		if s.workspace.IsZero() || (err != nil && !errors.Is(err, keyring.ErrNotFound)) {
			return "", err
		}
		// An entry from before workspaces goes too.
		return "", keyring.Delete(s.service, account.String())
	})
	switch {
	case ctxErr != nil:
		return ctxErr
	case err == nil, errors.Is(err, keyring.ErrNotFound):
		return nil
	}
	return unavailable(err)
}

// get reads the entry of a user name: app.ErrNoSecret when there is none.
func (s *Store) get(ctx context.Context, user string) (string, error) {
	value, err, ctxErr := s.call(ctx, func() (string, error) {
		return keyring.Get(s.service, user)
	})
	switch {
	case ctxErr != nil:
		return "", ctxErr
	case errors.Is(err, keyring.ErrNotFound):
		return "", app.ErrNoSecret
	case err != nil:
		return "", unavailable(err, value)
	}
	return value, nil
}

// turn lets one keychain call run at a time, in the whole process:
// go-keyring's provider is global, and two Secret Service prompts waiting
// at once may each take the other's answer.
var turn = make(chan struct{}, 1)

// call runs f, one call at a time, in a goroutine of its own, and returns
// its result, or as soon as ctx ends ctx's error as ctxErr.
func (s *Store) call(ctx context.Context, f func() (string, error)) (value string, err, ctxErr error) {
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	select {
	case turn <- struct{}{}:
	case <-ctx.Done():
		return "", nil, ctx.Err()
	}
	type result struct {
		value string
		err   error
	}
	done := make(chan result, 1) // never blocks: f's goroutine ends even when nobody waits
	go func() {
		defer func() { <-turn }()
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.value, r.err, nil
	case <-ctx.Done():
		return "", nil, ctx.Err()
	}
}

// unavailable wraps app.ErrKeychainUnavailable with its cause. Should
// the cause quote any part of what was being stored (or was read), it is
// replaced by a sentence that does not.
func unavailable(cause error, secrets ...any) error {
	msg := cause.Error()
	for _, s := range secrets {
		var parts []string
		switch s := s.(type) {
		case string:
			parts = []string{s}
		case app.Secret:
			parts = []string{s.AccessToken, s.RefreshToken, s.Password, s.ClientID, s.ClientSecret}
		}
		for _, p := range parts {
			if len(p) >= 4 && strings.Contains(msg, p) {
				return fmt.Errorf("%w: the keychain's error quoted the secret, so it is not shown", app.ErrKeychainUnavailable)
			}
		}
	}
	return fmt.Errorf("%w: %w", app.ErrKeychainUnavailable, cause)
}

// wire is a secret as the keychain holds it. app.Secret encodes as
// "[secret]" so that it never lands in a log or the database by mistake;
// this is the one place its fields are written out. Field names are short
// and empty fields left out, because the Credential Manager takes at most
// 2,560 bytes and a Bluesky session holds two JWTs.
type wire struct {
	// V is the format's version, 1.
	V            int       `json:"v"`
	AccessToken  string    `json:"access,omitempty"`
	RefreshToken string    `json:"refresh,omitempty"`
	Password     string    `json:"password,omitempty"`
	ClientID     string    `json:"client_id,omitempty"`
	ClientSecret string    `json:"client_secret,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

func toWire(s app.Secret) wire {
	return wire{
		V:            1,
		AccessToken:  s.AccessToken,
		RefreshToken: s.RefreshToken,
		Password:     s.Password,
		ClientID:     s.ClientID,
		ClientSecret: s.ClientSecret,
		Expiry:       s.Expiry.UTC(),
	}
}

func (w wire) secret() app.Secret {
	return app.Secret{
		AccessToken:  w.AccessToken,
		RefreshToken: w.RefreshToken,
		Password:     w.Password,
		ClientID:     w.ClientID,
		ClientSecret: w.ClientSecret,
		Expiry:       w.Expiry,
	}
}
