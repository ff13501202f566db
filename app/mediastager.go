package app

import (
	"context"
	"fmt"
	"io"
	"path"
	"sync"
)

// MediaStager stages the images of a network that fetches them by address
// (Threads, Instagram) in the workspace's media storage: each one put
// under a new key, given as a presigned address that lives MediaURLTTL,
// and deleted by the function it returns once the network has it. The
// first image of a run sweeps what an interrupted run left behind.
type MediaStager struct {
	Storage *MediaStorage
	Clock   Clock

	sweep sync.Once
}

// Stage puts size bytes of r, an image named name, in the storage and
// returns its presigned address and the function that deletes it. With
// no storage set, the error wraps ErrNoMediaStorage.
func (s *MediaStager) Stage(ctx context.Context, name, contentType string, r io.Reader, size int64) (string, func(context.Context) error, error) {
	host, err := s.Storage.Host(ctx)
	if err != nil {
		return "", nil, err
	}
	s.sweep.Do(func() {
		// A leftover is only a cost to the user, not a reason to stop
		// publishing: the next run sweeps again.
		_, _ = SweepMedia(ctx, host, s.Clock.Now())
	})
	key := MediaKey(s.Clock.Now(), mediaExt(name, contentType))
	if err := host.Put(ctx, key, r, size, contentType); err != nil {
		return "", nil, fmt.Errorf("putting %s in the media storage: %w", name, err)
	}
	remove := func(ctx context.Context) error { return host.Delete(ctx, key) }
	u, err := host.URL(ctx, key, MediaURLTTL)
	if err != nil {
		_ = remove(ctx)
		return "", nil, fmt.Errorf("presigning %s: %w", name, err)
	}
	return u, remove, nil
}

// mediaExt is the extension a staged file keeps: its name's, or its
// type's.
func mediaExt(name, contentType string) string {
	if ext := path.Ext(name); ext != "" && len(ext) <= 5 {
		return ext
	}
	switch contentType {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/webp":
		return ".webp"
	case "image/gif":
		return ".gif"
	}
	return ""
}
