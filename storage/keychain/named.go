package keychain

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zalando/go-keyring"

	"github.com/relais-app/relais/app"
)

var _ app.NamedSecretStore = (*Store)(nil)

// errBadName is returned for a name an account's ID could take.
var errBadName = errors.New("keychain: a named secret's name needs a ':' (account IDs have none)")

// namedUser is the entry's user name for a named secret:
// "<workspace>/<name>", or the name alone before workspaces.
func (s *Store) namedUser(name string) (string, error) {
	if !strings.Contains(name, ":") {
		return "", errBadName
	}
	if s.workspace.IsZero() {
		return name, nil
	}
	return s.workspace.String() + "/" + name, nil
}

// PutNamedSecret stores a secret of the workspace's own (the media
// storage's secret key) under name, which holds a ':' so that no
// account's ID can take it.
func (s *Store) PutNamedSecret(ctx context.Context, name, value string) error {
	user, err := s.namedUser(name)
	if err != nil {
		return err
	}
	_, err, ctxErr := s.call(ctx, func() (string, error) {
		return "", keyring.Set(s.service, user, value)
	})
	switch {
	case ctxErr != nil:
		return ctxErr
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(value))
	}
	return unavailable(err, value)
}

// NamedSecret returns the secret stored under name, or an error matching
// app.ErrNoSecret.
func (s *Store) NamedSecret(ctx context.Context, name string) (string, error) {
	user, err := s.namedUser(name)
	if err != nil {
		return "", err
	}
	return s.get(ctx, user)
}

// DeleteNamedSecret removes the secret stored under name; removing none
// is fine.
func (s *Store) DeleteNamedSecret(ctx context.Context, name string) error {
	user, err := s.namedUser(name)
	if err != nil {
		return err
	}
	_, err, ctxErr := s.call(ctx, func() (string, error) {
		return "", keyring.Delete(s.service, user)
	})
	switch {
	case ctxErr != nil:
		return ctxErr
	case err == nil, errors.Is(err, keyring.ErrNotFound):
		return nil
	}
	return unavailable(err)
}
