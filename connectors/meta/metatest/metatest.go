// Package metatest is what the tests of Meta's connectors share: a
// clock whose waits pass at once, credentials held in memory as the
// keychain would hold them, and a media storage of the test's own that
// Meta's fakes fetch images from.
package metatest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// Clock is a test's clock: waits pass at once and move it on.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	waited time.Duration
}

// NewClock returns a clock at now, to the second.
func NewClock() *Clock { return &Clock{t: time.Now().UTC().Truncate(time.Second)} }

// Now tells the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Sleep moves the clock on by d at once, unless ctx has ended.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.waited += d
	c.mu.Unlock()
	return nil
}

// Waited is how long Sleep waited in all.
func (c *Clock) Waited() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waited
}

// Creds hold a secret as the keychain would; its token can change (a
// refresh, a Page's token derived), and the connector reads it again.
type Creds struct {
	mu sync.Mutex
	s  app.Secret
}

// NewCreds holds s.
func NewCreds(s app.Secret) *Creds { return &Creds{s: s} }

// Secret returns the secret held.
func (m *Creds) Secret(context.Context) (app.Secret, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.s, nil
}

// SetSecret replaces the secret held.
func (m *Creds) SetSecret(_ context.Context, s app.Secret) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.s = s
	return nil
}

// Ctx is a context for one test's requests, ended with the test.
func Ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// MediaHost is a media storage of the test's own: an httptest server
// that serves what is staged, until it is removed, as a bucket's
// presigned addresses would.
type MediaHost struct {
	t       *testing.T
	once    sync.Once
	srv     *httptest.Server
	mu      sync.Mutex
	objects map[string][]byte
	seq     int
	removed int
	types   []string // the content types staged
	data    [][]byte // the bytes staged
	broken  bool
}

// NewMediaHost returns a storage whose server closes when t ends.
func NewMediaHost(t *testing.T) *MediaHost { return &MediaHost{t: t} }

func (h *MediaHost) start() {
	h.once.Do(func() {
		h.objects = map[string][]byte{}
		h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.mu.Lock()
			data, ok := h.objects[strings.TrimPrefix(r.URL.Path, "/")]
			broken := h.broken
			h.mu.Unlock()
			if !ok || broken {
				http.Error(w, "AccessDenied", http.StatusForbidden)
				return
			}
			w.Write(data)
		}))
		h.t.Cleanup(h.srv.Close)
	})
}

// Stage stores the image and returns its address and what removes it.
func (h *MediaHost) Stage(ctx context.Context, name, contentType string, r io.Reader, size int64) (string, func(context.Context) error, error) {
	h.start()
	data, err := io.ReadAll(r)
	if err != nil {
		return "", nil, err
	}
	h.mu.Lock()
	h.seq++
	h.types = append(h.types, contentType)
	h.data = append(h.data, data)
	key := fmt.Sprintf("relais/%d-%s", h.seq, name)
	h.objects[key] = data
	h.mu.Unlock()
	return h.srv.URL + "/" + key + "?X-Amz-Expires=900&X-Amz-Signature=abc", func(context.Context) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.objects, key)
		h.removed++
		return nil
	}, nil
}

// SetBroken makes the addresses answer 403 (or serve again), as a
// bucket that is not reachable from Meta.
func (h *MediaHost) SetBroken(broken bool) {
	h.mu.Lock()
	h.broken = broken
	h.mu.Unlock()
}

// Left is how many staged images were not removed.
func (h *MediaHost) Left() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.objects)
}

// Staged is how many images were staged.
func (h *MediaHost) Staged() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.data)
}

// Types are the content types of the images staged, in order.
func (h *MediaHost) Types() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.types)
}

// Data are the bytes of the images staged, in order.
func (h *MediaHost) Data() [][]byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.data)
}

// Steps is an attempt's steps as the outbox journal keeps them
// (app.StepRecorder), in memory.
type Steps struct {
	mu sync.Mutex
	m  map[string]string
}

// Step returns the value recorded under name.
func (s *Steps) Step(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[name]
}

// RecordStep keeps value under name.
func (s *Steps) RecordStep(_ context.Context, name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[name] = value
	return nil
}
