package main

import (
	"context"
	"sync"

	"github.com/relais-app/relais/app"
)

// remembered is a secret store that writes through to another (the
// keychain) and reads each secret from it once: the history opens a
// connector for every collection, read of the inbox and reply, each
// reading its sign-in, and a keychain over D-Bus takes milliseconds to
// answer. Every secret stored is in the keychain, where Relais finds
// it.
type remembered struct {
	app.SecretStore
	mu   sync.Mutex
	kept map[app.ID]app.Secret
}

var _ app.SecretStore = (*remembered)(nil)

func remember(s app.SecretStore) *remembered {
	return &remembered{SecretStore: s, kept: map[app.ID]app.Secret{}}
}

// PutSecret implements app.SecretStore.
func (r *remembered) PutSecret(ctx context.Context, account app.ID, s app.Secret) error {
	r.mu.Lock()
	delete(r.kept, account)
	r.mu.Unlock()
	if err := r.SecretStore.PutSecret(ctx, account, s); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kept[account] = s
	return nil
}

// Secret implements app.SecretStore.
func (r *remembered) Secret(ctx context.Context, account app.ID) (app.Secret, error) {
	r.mu.Lock()
	s, ok := r.kept[account]
	r.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := r.SecretStore.Secret(ctx, account)
	if err != nil {
		return app.Secret{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kept[account] = s
	return s, nil
}

// DeleteSecret implements app.SecretStore.
func (r *remembered) DeleteSecret(ctx context.Context, account app.ID) error {
	r.mu.Lock()
	delete(r.kept, account)
	r.mu.Unlock()
	return r.SecretStore.DeleteSecret(ctx, account)
}
