package ui

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2"
)

// background runs the window's slow work (the store, later the network)
// off the UI goroutine. Every goroutine it starts is counted, so that a
// test can wait until the window is idle and then read its widgets.
type background struct {
	all sync.WaitGroup
	mu  sync.Mutex
	gen *sync.WaitGroup // the goroutines started since the last Fence
}

// Go runs fn in a goroutine.
func (b *background) Go(fn func()) {
	b.mu.Lock()
	if b.gen == nil {
		b.gen = &sync.WaitGroup{}
	}
	gen := b.gen
	gen.Add(1)
	b.all.Add(1)
	b.mu.Unlock()
	go func() {
		defer b.all.Done()
		defer gen.Done()
		fn()
	}()
}

// Wait returns when every goroutine started so far has ended.
func (b *background) Wait() { b.all.Wait() }

// Fence returns a wait for the goroutines started until now only, so that
// one started after it may wait for those before it.
func (b *background) Fence() (waitBefore func()) {
	b.mu.Lock()
	before := b.gen
	b.gen = &sync.WaitGroup{}
	b.mu.Unlock()
	if before == nil {
		return func() {}
	}
	return before.Wait
}

// writer applies the window's changes to the store one at a time, in the
// order they were asked for: a delete asked after an edit happens after the
// edit's save, never before.
type writer struct {
	mu     sync.Mutex // guards closed, and the send on jobs
	closed bool
	jobs   chan func(context.Context)
	wg     sync.WaitGroup // jobs queued and not yet done
	ctx    context.Context
	stop   context.CancelFunc
	done   chan struct{}
}

func newWriter() *writer {
	ctx, stop := context.WithCancel(context.Background())
	w := &writer{jobs: make(chan func(context.Context), 64), ctx: ctx, stop: stop, done: make(chan struct{})}
	go w.run()
	return w
}

func (w *writer) run() {
	defer close(w.done)
	for job := range w.jobs {
		job(w.ctx)
		w.wg.Done()
	}
}

// Do queues a job. After Close, when the window is gone, it does nothing
// but say so in the log: a callback of the app's lifecycle may still run
// then, and must not bring the process down.
func (w *writer) Do(job func(ctx context.Context)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		fyne.LogError("a change came after the window closed", errWriterClosed)
		return
	}
	w.wg.Add(1)
	w.jobs <- job
}

// errWriterClosed is what the log says of a job given after Close.
var errWriterClosed = errors.New("the window's writer is closed; the change was not written")

// Wait returns when every job queued so far is done.
func (w *writer) Wait() { w.wg.Wait() }

// Close finishes the queued jobs and stops the writer.
func (w *writer) Close() {
	w.Wait() // jobs may queue more jobs
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return
	}
	w.closed = true
	w.mu.Unlock()
	w.Wait()
	close(w.jobs)
	<-w.done
	w.stop()
}
