package ui

import (
	"context"
	"sync"
)

// background runs the window's slow work (the store, later the network)
// off the UI goroutine. Every goroutine it starts is counted, so that a
// test can wait until the window is idle and then read its widgets.
type background struct {
	wg sync.WaitGroup
}

// Go runs fn in a goroutine.
func (b *background) Go(fn func()) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		fn()
	}()
}

// Wait returns when every goroutine started so far has ended.
func (b *background) Wait() { b.wg.Wait() }

// writer applies the window's changes to the store one at a time, in the
// order they were asked for: a delete asked after an edit happens after the
// edit's save, never before.
type writer struct {
	jobs chan func(context.Context)
	wg   sync.WaitGroup // jobs queued and not yet done
	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}
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

// Do queues a job.
func (w *writer) Do(job func(ctx context.Context)) {
	w.wg.Add(1)
	w.jobs <- job
}

// Wait returns when every job queued so far is done.
func (w *writer) Wait() { w.wg.Wait() }

// Close finishes the queued jobs and stops the writer.
func (w *writer) Close() {
	w.Wait()
	close(w.jobs)
	<-w.done
	w.stop()
}
