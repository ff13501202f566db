package app

import "sync"

// listeners are the functions a service calls after each change it makes,
// so that screens showing its data can read it again. Its zero value is
// ready to use.
type listeners struct {
	mu   sync.Mutex
	subs map[int]func()
	next int
}

// Subscribe calls fn after every change made through the service, from the
// goroutine that made it. The returned function stops the calls.
func (l *listeners) Subscribe(fn func()) (cancel func()) {
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

// changed calls every subscriber, outside the lock, so that one may
// subscribe or cancel from its call.
func (l *listeners) changed() {
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
