package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

var ctx = context.Background()

// webpFile is a 150×100 lossy WebP from golang.org/x/image's test data: Go
// has no WebP encoder to make one.
const webpFile = "testdata/blue-purple-pink.lossy.webp"

func TestAddMediaTypes(t *testing.T) {
	webp, err := os.ReadFile(webpFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		data          []byte
		mime, ext     string
		width, height int
	}{
		{pngBytes(t, 40, 30), "image/png", ".png", 40, 30},
		{jpegBytes(t, 41, 31), "image/jpeg", ".jpg", 41, 31},
		{gifBytes(t, 42, 32), "image/gif", ".gif", 42, 32},
		{webp, "image/webp", ".webp", 150, 100},
	} {
		t.Run(tc.mime, func(t *testing.T) {
			f, dir := open(t)
			m, err := f.AddMedia(ctx, bytes.NewReader(tc.data), "/home/camille/Images/été"+tc.ext)
			if err != nil {
				t.Fatal(err)
			}
			want := app.Media{
				Hash:   sha(tc.data),
				Type:   tc.mime,
				Size:   int64(len(tc.data)),
				Width:  tc.width,
				Height: tc.height,
				Name:   "été" + tc.ext,
			}
			if m != want {
				t.Errorf("got  %+v\nwant %+v", m, want)
			}
			p := f.MediaPath(m.Hash)
			if wantPath := filepath.Join(dir, m.Hash[:2], m.Hash+tc.ext); p != wantPath {
				t.Errorf("MediaPath = %q, want %q", p, wantPath)
			}
			assertContent(t, p, tc.data)
			if runtime.GOOS != "windows" {
				if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o600 {
					t.Errorf("stored file: %v, %v; want mode 0600", info.Mode(), err)
				}
			}
			assertNoTemp(t, dir)
		})
	}
}

// The type is the content's: a name says nothing of it.
func TestAddMediaTypeFromContent(t *testing.T) {
	f, _ := open(t)
	m, err := f.AddMedia(ctx, bytes.NewReader(pngBytes(t, 4, 4)), "photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if m.Type != "image/png" || filepath.Ext(f.MediaPath(m.Hash)) != ".png" || m.Name != "photo.jpg" {
		t.Errorf("a PNG named photo.jpg: %+v at %s", m, f.MediaPath(m.Hash))
	}
}

func TestAddMediaTwiceKeepsOneFile(t *testing.T) {
	f, dir := open(t)
	data := jpegBytes(t, 64, 48)
	a, err := f.AddMedia(ctx, bytes.NewReader(data), "a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.AddMedia(ctx, bytes.NewReader(data), "copy of a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash || b.Name != "copy of a.jpg" {
		t.Errorf("same bytes gave %+v then %+v", a, b)
	}
	assertStored(t, dir, 1)
	assertContent(t, f.MediaPath(a.Hash), data)
	assertNoTemp(t, dir)
}

func TestAddMediaRefusesWhatIsNoImage(t *testing.T) {
	full := pngBytes(t, 40, 30)
	bmp := []byte("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x18\x00")
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"notes.txt", []byte("Réunion lundi à 10 h.\n")},
		{"empty.png", nil},
		{"signature-only.png", full[:8]},
		// Only the header is read: the cut must fall inside it (the IHDR
		// chunk ends at byte 33).
		{"cut.png", full[:24]},
		{"header-only.gif", []byte("GIF89a")},
		{"riff.webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 ")},
		{"image.bmp", bmp},
		{"zero-width.gif", []byte("GIF89a\x00\x00\x10\x00\x00\x00\x00;")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, dir := open(t)
			_, err := f.AddMedia(ctx, bytes.NewReader(tc.data), "/tmp/"+tc.name)
			if !errors.Is(err, app.ErrNotAnImage) {
				t.Fatalf("err = %v, want ErrNotAnImage", err)
			}
			if !strings.Contains(err.Error(), tc.name) || strings.Contains(err.Error(), "/tmp") {
				t.Errorf("the error should name the file, not its folder: %v", err)
			}
			assertEmpty(t, dir)
		})
	}
}

func TestAddMediaTooLarge(t *testing.T) {
	f, dir := open(t)
	// A valid header followed by an endless stream: the copy must stop one
	// byte past the limit, never holding it in memory.
	src := &counting{r: io.MultiReader(bytes.NewReader(pngBytes(t, 8, 8)), zeros{})}
	_, err := f.AddMedia(ctx, src, "endless.png")
	if !errors.Is(err, app.ErrFileTooLarge) {
		t.Fatalf("err = %v, want ErrFileTooLarge", err)
	}
	if src.n > app.MaxMediaSize+1 {
		t.Errorf("read %d bytes, the limit is %d", src.n, app.MaxMediaSize)
	}
	assertEmpty(t, dir)
}

// An open file says how large it is: it is refused before any copy. The
// file is sparse, so the test writes nothing.
func TestAddMediaTooLargeFile(t *testing.T) {
	f, dir := open(t)
	path := filepath.Join(t.TempDir(), "film.png")
	w, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(pngBytes(t, 8, 8)); err != nil {
		t.Fatal(err)
	}
	if err := w.Truncate(app.MaxMediaSize + 1); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	src := &counting{r: w}
	_, err = f.AddMedia(ctx, struct {
		io.Reader
		statter
	}{src, w}, path)
	if !errors.Is(err, app.ErrFileTooLarge) {
		t.Fatalf("err = %v, want ErrFileTooLarge", err)
	}
	if src.n != 0 {
		t.Errorf("read %d bytes of a file known to be too large", src.n)
	}
	assertEmpty(t, dir)
}

type statter interface{ Stat() (os.FileInfo, error) }

// The limit itself is taken.
func TestAddMediaLimit(t *testing.T) {
	f, dir := open(t)
	f.max = 1000
	img := pngBytes(t, 2, 2)
	// Decoders stop at the end of the image: what follows is kept but
	// not read, and makes the size.
	exact := append(bytes.Clone(img), make([]byte, 1000-len(img))...)
	m, err := f.AddMedia(ctx, bytes.NewReader(exact), "exact.png")
	if err != nil || m.Size != 1000 || m.Hash != sha(exact) {
		t.Fatalf("a file of exactly the limit: %+v, %v", m, err)
	}
	over := append(bytes.Clone(exact), 0)
	if _, err := f.AddMedia(ctx, bytes.NewReader(over), "over.png"); !errors.Is(err, app.ErrFileTooLarge) {
		t.Fatalf("one byte over the limit: %v", err)
	}
	assertStored(t, dir, 1)
	assertNoTemp(t, dir)
}

func TestAddMediaCancelled(t *testing.T) {
	f, dir := open(t)
	data := noisyPNG(t, 600, 600) // about 1.4 MB: several chunks
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	src := &cancelAfter{r: bytes.NewReader(data), n: 300 << 10, cancel: cancel}
	_, err := f.AddMedia(c, src, "big.png")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if src.read >= len(data) {
		t.Error("the copy went on to the end after the context was cancelled")
	}
	assertEmpty(t, dir)

	// Cancelled before it starts: nothing is read, nothing created.
	if _, err := f.AddMedia(c, bytes.NewReader(data), "big.png"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	assertEmpty(t, dir)
}

// A failing source is reported as such, not as "not an image".
func TestAddMediaReadError(t *testing.T) {
	f, dir := open(t)
	broken := errors.New("the USB key was pulled out")
	for _, at := range []int{0, 20, 5000} {
		data := noisyPNG(t, 100, 100)
		src := io.MultiReader(bytes.NewReader(data[:at]), failing{broken})
		_, err := f.AddMedia(ctx, src, "key.png")
		if !errors.Is(err, broken) || errors.Is(err, app.ErrNotAnImage) {
			t.Errorf("failing after %d bytes: %v", at, err)
		}
	}
	assertEmpty(t, dir)
}

func TestMediaPathRefusesCraftedHashes(t *testing.T) {
	f, dir := open(t)
	m, err := f.AddMedia(ctx, bytes.NewReader(pngBytes(t, 3, 3)), "a.png")
	if err != nil {
		t.Fatal(err)
	}
	// A file outside the store that a crafted hash might reach.
	outside := filepath.Join(filepath.Dir(dir), "secret.png")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{
		"",
		"../../etc/passwd",
		"../secret",
		strings.ToUpper(m.Hash),
		m.Hash[:63],
		m.Hash + "0",
		m.Hash[:62] + "/.",
		m.Hash[:60] + "/../",
		"..\\" + m.Hash[3:],
		m.Hash + ".png",
		strings.Repeat("0", 64), // well formed, but not stored
	} {
		if p := f.MediaPath(h); p != "" {
			t.Errorf("MediaPath(%q) = %q", h, p)
		}
	}
	if f.MediaPath(m.Hash) == "" {
		t.Error("the stored hash is not found")
	}
}

// Two windows attaching the same picture at once.
func TestAddMediaConcurrent(t *testing.T) {
	f, dir := open(t)
	data := noisyPNG(t, 200, 200)
	var wg sync.WaitGroup
	hashes := make([]string, 8)
	errs := make([]error, 8)
	for i := range 8 {
		wg.Go(func() {
			m, err := f.AddMedia(ctx, bytes.NewReader(data), fmt.Sprintf("copy %d.png", i))
			hashes[i], errs[i] = m.Hash, err
		})
	}
	wg.Wait()
	for i := range 8 {
		if errs[i] != nil || hashes[i] != sha(data) {
			t.Errorf("AddMedia %d: %s, %v", i, hashes[i], errs[i])
		}
	}
	assertStored(t, dir, 1)
	assertContent(t, f.MediaPath(sha(data)), data)
	assertNoTemp(t, dir)
}

func TestOpenRemovesAbandonedCopies(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "media")
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("media directory: %v, %v; want 0700", info.Mode(), err)
		}
	}
	old := time.Now().Add(-2 * staleAge)
	write := func(name string, mtime time.Time) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half a picture"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	write(".tmp-1234", old)
	write(".tmp-5678", time.Now()) // a copy under way in another Relais
	write("notes.txt", old)        // not ours to remove
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{".tmp-1234": false, ".tmp-5678": true, "notes.txt": true} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != want {
			t.Errorf("%s: kept = %v, want %v", name, err == nil, want)
		}
	}
}

func TestRemove(t *testing.T) {
	f, dir := open(t)
	add := func(data []byte) string {
		m, err := f.AddMedia(ctx, bytes.NewReader(data), "x")
		if err != nil {
			t.Fatal(err)
		}
		return m.Hash
	}
	used, unused := pngBytes(t, 5, 5), gifBytes(t, 5, 5)
	a, b := add(used), add(unused)
	keep := func(h string) bool { return h == a }
	age := func(h string) {
		old := time.Now().Add(-2 * removeGrace)
		if err := os.Chtimes(f.MediaPath(h), old, old); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(want int) {
		t.Helper()
		if n, err := f.Remove(keep); n != want || err != nil {
			t.Fatalf("Remove = %d, %v; want %d", n, err, want)
		}
	}

	// Just stored: it may belong to a post not saved yet.
	remove(0)

	// Added again: the grace period starts again.
	age(a)
	age(b)
	add(unused)
	remove(0)

	age(b)
	remove(1)
	if f.MediaPath(b) != "" || f.MediaPath(a) == "" {
		t.Errorf("after Remove: %q %q", f.MediaPath(a), f.MediaPath(b))
	}

	// Files the store did not write stay, even in its directories.
	foreign := []string{
		filepath.Join(dir, a[:2], "notes.txt"),
		filepath.Join(dir, a[:2], strings.Repeat("f", 64)+".png"), // in the wrong directory
		filepath.Join(dir, "zz", strings.Repeat("0", 64)+".png"),
	}
	old := time.Now().Add(-2 * removeGrace)
	for _, p := range foreign {
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	remove(0)
	for _, p := range foreign {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}

	// Removed, it can be added again.
	if h := add(unused); f.MediaPath(h) == "" {
		t.Error("an image removed cannot be stored again")
	}
}

// A file damaged since it was stored is replaced by the next copy of the
// same bytes rather than kept for ever.
func TestAddMediaReplacesDamagedFile(t *testing.T) {
	f, _ := open(t)
	data := pngBytes(t, 6, 6)
	m, err := f.AddMedia(ctx, bytes.NewReader(data), "a.png")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(f.MediaPath(m.Hash), 10); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddMedia(ctx, bytes.NewReader(data), "a.png"); err != nil {
		t.Fatal(err)
	}
	assertContent(t, f.MediaPath(m.Hash), data)
}

func open(t testing.TB) (*Files, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "media")
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return f, dir
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return img
}

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	img := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
	for y := range h {
		for x := range w {
			img.SetColorIndex(x, y, uint8(x+y))
		}
	}
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// noise is an image that compresses badly, for files of some size.
func noise(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.Uint32())
	}
	return img
}

func noisyPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, noise(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func assertContent(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s holds %d bytes that differ from the %d added", path, len(got), len(want))
	}
}

// assertNoTemp checks that no copy was left behind.
func assertNoTemp(t testing.TB, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// assertEmpty checks that a refused file left nothing at all.
func assertEmpty(t testing.TB, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in the store: %s", e.Name())
	}
}

// assertStored checks how many images the store holds.
func assertStored(t testing.TB, dir string, want int) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), tempPrefix) {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("%d files stored, want %d", n, want)
	}
}

// zeros is an endless stream.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type counting struct {
	r io.Reader
	n int64
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// cancelAfter cancels its context once n bytes have been read, as the
// user closing the composer during a copy.
type cancelAfter struct {
	r      io.Reader
	n      int
	read   int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	if c.read >= c.n {
		c.cancel()
	}
	return n, err
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// pngHeader is the start of a PNG that claims w×h pixels: a signature
// and an IHDR chunk, all image.DecodeConfig reads.
func pngHeader(w, h uint32) []byte {
	ihdr := []byte("IHDR")
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8 bits, RGBA
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

func TestAddMediaRefusesTooManyPixels(t *testing.T) {
	f, dir := open(t)
	for _, size := range [][2]uint32{{50000, 50000}, {20000, 10}, {6001, 6000}} {
		_, err := f.AddMedia(ctx, bytes.NewReader(append(pngHeader(size[0], size[1]), make([]byte, 300<<10)...)), "bomb.png")
		if !errors.Is(err, app.ErrTooManyPixels) {
			t.Errorf("%v pixels: err = %v, want ErrTooManyPixels", size, err)
		}
	}
	assertEmpty(t, dir)
	if _, err := f.AddMedia(ctx, bytes.NewReader(pngHeader(6000, 6000)), "big.png"); err != nil {
		t.Errorf("36 million pixels: %v", err)
	}
}
