package metapub

import (
	"context"
	"sync"

	"github.com/relais-app/relais/app"
)

// Ledger is what one connector knows of its attempt keys, none of Meta's
// APIs having an idempotency key: what was made toward each key's post
// not yet known published (a container, photos uploaded: P), the keys
// whose post may have gone through unheard, and the posts made.
type Ledger[P any] struct {
	mu        sync.Mutex
	pending   map[string]P
	uncertain map[string]bool
	sent      map[string]app.Published
}

// NewLedger returns an empty ledger.
func NewLedger[P any]() *Ledger[P] {
	return &Ledger[P]{pending: map[string]P{}, uncertain: map[string]bool{}, sent: map[string]app.Published{}}
}

// Begin is where key's attempt stands before anything is sent: out
// reports that its post is made (pub), already known or found by find
// when its publication may have gone through unheard — never sending
// again while unsure; otherwise made is what was made toward it.
func (l *Ledger[P]) Begin(ctx context.Context, key string, find func(context.Context) (app.Published, bool, error)) (pub app.Published, out bool, made P, err error) {
	l.mu.Lock()
	pub, sent := l.sent[key]
	unsure, made := l.uncertain[key], l.pending[key]
	l.mu.Unlock()
	if sent {
		return pub, true, made, nil
	}
	if unsure {
		pub, found, err := find(ctx)
		if err != nil || found {
			return pub, found, made, err
		}
	}
	return app.Published{}, false, made, nil
}

// Made records what was made toward key's post.
func (l *Ledger[P]) Made(key string, made P) {
	l.mu.Lock()
	l.pending[key] = made
	l.mu.Unlock()
}

// Unsure records that key's post may have gone through unheard.
func (l *Ledger[P]) Unsure(key string) {
	l.mu.Lock()
	l.uncertain[key] = true
	l.mu.Unlock()
}

// Absent records that key's post was looked for, all the way back, and
// is not there.
func (l *Ledger[P]) Absent(key string) {
	l.mu.Lock()
	delete(l.uncertain, key)
	l.mu.Unlock()
}

// Settled records that key's post is out.
func (l *Ledger[P]) Settled(key string, pub app.Published) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.uncertain, key)
	delete(l.pending, key)
	l.sent[key] = pub
}

// MayHaveGone reports whether a failed request may still have done its
// work (the connection lost, the server failing): its key is then unsure.
func MayHaveGone(err error) bool {
	ne, ok := app.AsNetError(err)
	return ok && (ne.Kind == app.FailOffline || ne.Kind == app.FailServer)
}
