// Package keychaintest is the keychain in memory, for the tests of the
// packages that use an app.SecretStore (the window, the command line).
package keychaintest

import (
	"context"
	"fmt"
	"sync"

	"github.com/relais-app/relais/app"
)

// Memory is an app.SecretStore in memory. Its zero value is ready to use.
type Memory struct {
	mu      sync.Mutex
	m       map[app.ID]app.Secret
	deleted []app.ID
	named   map[string]string
	// Unavailable makes every call fail as a locked keychain does. Set it
	// before the store is shared.
	Unavailable bool
}

var _ app.SecretStore = (*Memory)(nil)

var errUnavailable = fmt.Errorf("opening the keychain: %w", app.ErrKeychainUnavailable)

// PutSecret implements app.SecretStore.
func (s *Memory) PutSecret(_ context.Context, id app.ID, secret app.Secret) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return errUnavailable
	}
	if s.m == nil {
		s.m = make(map[app.ID]app.Secret)
	}
	s.m[id] = secret
	return nil
}

// Secret implements app.SecretStore.
func (s *Memory) Secret(_ context.Context, id app.ID) (app.Secret, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return app.Secret{}, errUnavailable
	}
	secret, ok := s.m[id]
	if !ok {
		return app.Secret{}, app.ErrNoSecret
	}
	return secret, nil
}

// DeleteSecret implements app.SecretStore, and notes the ID.
func (s *Memory) DeleteSecret(_ context.Context, id app.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return errUnavailable
	}
	delete(s.m, id)
	s.deleted = append(s.deleted, id)
	return nil
}

// Get returns the secret kept for an account, whatever Unavailable says.
func (s *Memory) Get(id app.ID) (app.Secret, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	secret, ok := s.m[id]
	return secret, ok
}

// Len is how many secrets are kept.
func (s *Memory) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// Deleted lists the accounts whose secret was deleted, in order.
func (s *Memory) Deleted() []app.ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]app.ID(nil), s.deleted...)
}

var _ app.NamedSecretStore = (*Memory)(nil)

// PutNamedSecret implements app.NamedSecretStore.
func (s *Memory) PutNamedSecret(_ context.Context, name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return errUnavailable
	}
	if s.named == nil {
		s.named = make(map[string]string)
	}
	s.named[name] = value
	return nil
}

// NamedSecret implements app.NamedSecretStore.
func (s *Memory) NamedSecret(_ context.Context, name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return "", errUnavailable
	}
	v, ok := s.named[name]
	if !ok {
		return "", app.ErrNoSecret
	}
	return v, nil
}

// DeleteNamedSecret implements app.NamedSecretStore.
func (s *Memory) DeleteNamedSecret(_ context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Unavailable {
		return errUnavailable
	}
	delete(s.named, name)
	return nil
}
