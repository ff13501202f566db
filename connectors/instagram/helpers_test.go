package instagram_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// mediaHost is a media storage of the test's own: an httptest server
// that serves what is staged, until it is removed, as a bucket's
// presigned addresses would.
type mediaHost struct {
	t       *testing.T
	once    sync.Once
	srv     *httptest.Server
	mu      sync.Mutex
	objects map[string][]byte
	seq     int
	staged  int
	removed int
	types   []string // the content types staged
	data    [][]byte // the bytes staged
	// broken makes the addresses answer 403, as a bucket that is not
	// reachable from Meta.
	broken bool
}

func (h *mediaHost) start() {
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

func (h *mediaHost) Stage(ctx context.Context, name, contentType string, r io.Reader, size int64) (string, func(context.Context) error, error) {
	h.start()
	data, err := io.ReadAll(r)
	if err != nil {
		return "", nil, err
	}
	h.mu.Lock()
	h.seq++
	h.staged++
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

// left is how many staged images were not removed.
func (h *mediaHost) left() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.objects)
}
