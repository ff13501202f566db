// Package media keeps the images attached to posts in a directory of the
// data directory, each under the hash of its bytes, and implements
// app.MediaStore.
//
// The layout:
//
//	<dir>/
//	  .tmp-*              a copy in progress, or one a crash abandoned
//	  <h0h1>/             the hash's first two hex digits, so that no
//	                      directory holds more than a few hundred files
//	    <hash>.<ext>      the image: hash is the hex SHA-256 of its bytes,
//	                      ext is png, jpg, gif or webp, read from the bytes
//
// A file is written under a temporary name, synced, then renamed to its
// hash, so a file under a hash name is always whole: a crash leaves at most
// a temporary file, which Open removes.
package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	// The decoders image.DecodeConfig may choose from.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"

	"github.com/relais-app/relais/app"
)

// Files is the image store of one directory. Its methods may be called
// from several goroutines at once.
type Files struct {
	dir string
	// max is the largest file taken: app.MaxMediaSize, lowered by tests.
	max int64
	// mu orders Remove after or before the last step of AddMedia, so that a
	// file AddMedia found already stored is not deleted before its caller
	// has had the time to refer to it (see removeGrace).
	mu sync.RWMutex
}

var _ app.MediaStore = (*Files)(nil)

const (
	// tempPrefix starts the name of a copy in progress. The dot keeps it
	// apart from the two-digit directories.
	tempPrefix = ".tmp-"
	// staleAge is how long a temporary file must have gone unwritten
	// before Open takes it for a crash's leftover. A copy in progress
	// writes to it at every chunk, so even a slow copy is never taken for
	// one; and a second Relais opening the same directory (before the
	// single-instance guard stops it) does not delete the first one's copy.
	staleAge = time.Hour
	// removeGrace is how long a file stays after it was stored or added
	// again, whatever Remove's caller says: it may belong to a post being
	// written, not yet saved, that no keep function knows of.
	removeGrace = 24 * time.Hour
	// chunk is how much is copied between two looks at the context.
	chunk = 128 << 10
)

// kinds are the image formats taken, by the name image.RegisterFormat
// gives them. A format registered by some other package (BMP, TIFF…) is
// not among them, and is refused.
var kinds = []struct{ format, mime, ext string }{
	{"png", "image/png", "png"},
	{"jpeg", "image/jpeg", "jpg"},
	{"gif", "image/gif", "gif"},
	{"webp", "image/webp", "webp"},
}

// Open opens the store in dir, creating dir if needed, and removes the
// temporary files a crash left there (those unwritten for an hour).
func Open(dir string) (*Files, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the media directory %s: %w", dir, err)
	}
	f := &Files{dir: dir, max: app.MaxMediaSize}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the media directory %s: %w", dir, err)
	}
	now := time.Now()
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < staleAge {
			continue
		}
		// A leftover that cannot be removed costs only space: it should
		// not keep Relais from starting.
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
	return f, nil
}

// AddMedia copies the image read from r into the store and describes it.
// The type is read from the bytes, never from name, whose last element
// only becomes the Name shown to the user.
//
// Only the image's header is decoded, for its type and size: a file cut
// after its header is taken, and no image is ever held whole in memory.
// Refusals wrap app.ErrNotAnImage or app.ErrFileTooLarge; a cancelled ctx
// stops the copy at the next chunk (not inside a blocked Read of r).
// Nothing is left behind by a failure.
func (f *Files) AddMedia(ctx context.Context, r io.Reader, name string) (app.Media, error) {
	base := displayName(name)
	fail := func(err error) (app.Media, error) {
		if base == "" {
			return app.Media{}, err
		}
		return app.Media{}, fmt.Errorf("%s: %w", base, err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	// An open file tells its size: refuse a film at once, not after
	// copying 64 MB of it.
	if s, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := s.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > f.max {
			return fail(app.ErrFileTooLarge)
		}
	}

	tmp, err := os.CreateTemp(f.dir, tempPrefix+"*")
	if err != nil {
		return fail(err)
	}
	placed := false
	defer func() {
		if !placed {
			tmp.Close() // may be closed already: the error says nothing new
			os.Remove(tmp.Name())
		}
	}()

	c := &copier{ctx: ctx, r: r, w: tmp, h: sha256.New(), max: f.max}
	// The header is decoded as it streams by, so a file that is no image
	// is refused after its first few kilobytes rather than after a full
	// copy; what the decoder reads ahead has gone through c, to the file
	// and the hash, like the rest.
	cfg, format, err := image.DecodeConfig(c)
	if c.err != nil {
		return fail(c.err) // the source, the disk or ctx failed, not the image
	}
	if err != nil {
		return fail(app.ErrNotAnImage)
	}
	kind := -1
	for i, k := range kinds {
		if k.format == format {
			kind = i
		}
	}
	// An image without pixels cannot be posted, and its aspect ratio,
	// which some networks want, would be a division by zero.
	if kind < 0 || cfg.Width <= 0 || cfg.Height <= 0 {
		return fail(app.ErrNotAnImage)
	}
	// Read from the header, before any decoding: showing the image would
	// take width × height × 4 bytes.
	if cfg.Width > app.MaxImageSide || cfg.Height > app.MaxImageSide || int64(cfg.Width)*int64(cfg.Height) > app.MaxImagePixels {
		return fail(app.ErrTooManyPixels)
	}
	buf := make([]byte, chunk)
	for {
		_, err := c.Read(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
	}

	m := app.Media{
		Hash:   hex.EncodeToString(c.h.Sum(nil)),
		Type:   kinds[kind].mime,
		Size:   c.n,
		Width:  cfg.Width,
		Height: cfg.Height,
		Name:   base,
	}
	placed, err = f.place(tmp, m.Hash, kinds[kind].ext, m.Size)
	if err != nil {
		return fail(err)
	}
	return m, nil
}

// MediaPath is the file holding the media with this hash, or "" when the
// store has none, or when hash is not 64 lowercase hex digits: a hash comes
// from the database or a script, and must never name a file outside the
// store.
func (f *Files) MediaPath(hash string) string {
	if !validHash(hash) {
		return ""
	}
	for _, k := range kinds {
		p := f.path(hash, k.ext)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// OpenMedia opens the stored file of a hash, for sending. A hash the
// store does not have is app.ErrNotFound.
func (f *Files) OpenMedia(hash string) (io.ReadCloser, error) {
	p := f.MediaPath(hash)
	if p == "" {
		return nil, fmt.Errorf("image %.12s: %w", hash, app.ErrNotFound)
	}
	return os.Open(p)
}

// Remove deletes the stored files whose hash keep refuses and returns how
// many it deleted. keep must accept every hash a post refers to, trashed
// posts included. A file stored, or added again, less than a day ago is
// kept whatever keep says: it may belong to a post being written that is
// not saved yet. Files the store did not write are left alone.
func (f *Files) Remove(keep func(hash string) bool) (int, error) {
	// keep may be slow (it asks the database): it is asked without the
	// lock, and only the removal waits for the AddMedia calls under way.
	subs, err := os.ReadDir(f.dir)
	if err != nil {
		return 0, fmt.Errorf("reading the media directory %s: %w", f.dir, err)
	}
	var unkept []string
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 || !isHex(sub.Name()) {
			continue
		}
		files, err := os.ReadDir(filepath.Join(f.dir, sub.Name()))
		if err != nil {
			return 0, fmt.Errorf("reading the media directory %s: %w", f.dir, err)
		}
		for _, e := range files {
			hash, ext, _ := strings.Cut(e.Name(), ".")
			if !e.Type().IsRegular() || !validHash(hash) || hash[:2] != sub.Name() || !knownExt(ext) {
				continue
			}
			if !keep(hash) {
				unkept = append(unkept, f.path(hash, ext))
			}
		}
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	cutoff := time.Now().Add(-removeGrace)
	n := 0
	for _, p := range unkept {
		// The time is read again under the lock: AddMedia may have given
		// the file out again since the walk.
		info, err := os.Lstat(p)
		if err != nil || info.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("removing an unused image: %w", err)
		}
		n++
	}
	return n, nil
}

// place syncs the temporary file and moves it to its hash's name, unless
// the same bytes are stored already. It reports whether tmp was moved; if
// not, the caller removes it.
func (f *Files) place(tmp *os.File, hash, ext string, size int64) (moved bool, err error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	final := f.path(hash, ext)
	// The size guards against a file damaged since it was stored: it is
	// then replaced rather than kept for ever.
	if info, err := os.Stat(final); err == nil && info.Size() == size {
		// Restart Remove's grace period: the caller is about to refer to
		// it. A failure only makes the file removable sooner.
		now := time.Now()
		_ = os.Chtimes(final, now, now)
		return false, nil
	}
	// Synced only now, as a copy of bytes already stored is dropped
	// unsynced: that saves a write of the whole file to the disk.
	if err := tmp.Sync(); err != nil {
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	sub := filepath.Dir(final)
	if err := os.Mkdir(sub, 0o700); err == nil {
		if err := syncDir(f.dir); err != nil {
			return false, err
		}
	} else if !errors.Is(err, fs.ErrExist) {
		return false, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		// Windows refuses to replace a file that is open, as when another
		// AddMedia of the same bytes won the race and the file is being
		// shown: it then holds these very bytes.
		if info, serr := os.Stat(final); serr == nil && info.Size() == size {
			return false, nil
		}
		return false, err
	}
	return true, syncDir(sub)
}

func (f *Files) path(hash, ext string) string {
	return filepath.Join(f.dir, hash[:2], hash+"."+ext)
}

// copier reads from r at most one byte more than max, writing everything
// to w and h as it goes, and looks at ctx before every read.
type copier struct {
	ctx context.Context
	r   io.Reader
	w   io.Writer
	h   hash.Hash
	n   int64 // bytes read
	max int64
	// err is the first failure that is not the content's: the source, the
	// disk, ctx, or the size. It is kept, so that the decoder cannot turn
	// it into a mere "not an image".
	err error
}

func (c *copier) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if err := c.ctx.Err(); err != nil {
		c.err = err
		return 0, err
	}
	// One byte past max is enough to know the file is too large, and the
	// rest of the stream is never read.
	if rest := c.max + 1 - c.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		if c.n > c.max {
			c.err = app.ErrFileTooLarge
			return 0, c.err
		}
		c.h.Write(p[:n])
		if _, werr := c.w.Write(p[:n]); werr != nil {
			c.err = werr
			return 0, werr
		}
	}
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// syncDir makes a new name in dir durable: on Linux and macOS a rename is
// on disk only once its directory is synced. Windows cannot sync a
// directory (NTFS journals names), and some file systems refuse to: both
// are left as they are.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// displayName is the last element of the path a file was attached from.
func displayName(name string) string {
	if name == "" {
		return ""
	}
	return filepath.Base(name)
}

func validHash(s string) bool { return len(s) == 64 && isHex(s) }

// isHex reports whether s is made of lowercase hex digits only: the hash's
// one spelling, so that one image has one name.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

func knownExt(ext string) bool {
	for _, k := range kinds {
		if k.ext == ext {
			return true
		}
	}
	return false
}
