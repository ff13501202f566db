package app

import "sync"

// Listeners are the functions a service calls after each change it makes,
// so that screens showing its data can read it again. Its zero value is
// ready to use.
type Listeners struct {
	mu   sync.Mutex
	subs map[int]func()
	next int
}

// Subscribe calls fn after every change made through the service, from the
// goroutine that made it. The returned function stops the calls.
func (l *Listeners) Subscribe(fn func()) (cancel func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.subs == nil {
		l.subs = make(map[int]func())
	}
	key := l.next
	l.next++
	l.subs[key] = fn
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.subs, key)
	}
}

// Changed calls every subscriber, outside the lock, so that one may
// subscribe or cancel from its call.
func (l *Listeners) Changed() {
	l.mu.Lock()
	fns := make([]func(), 0, len(l.subs))
	for _, fn := range l.subs {
		fns = append(fns, fn)
	}
	l.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// listeners are the Listeners a service of this package embeds: its
// Subscribe is the service's, and only the service says it changed.
type listeners struct{ all Listeners }

// Subscribe calls fn after every change made through the service, from the
// goroutine that made it. The returned function stops the calls.
func (l *listeners) Subscribe(fn func()) (cancel func()) { return l.all.Subscribe(fn) }

func (l *listeners) changed() { l.all.Changed() }
