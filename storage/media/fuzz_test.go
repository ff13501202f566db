package media

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/relais-app/relais/app"
)

// Anything at all may be attached: the decoders read the header of
// whatever the user picks. More seeds, cut and odd headers of each format,
// are in testdata/fuzz/FuzzAddMedia.
func FuzzAddMedia(f *testing.F) {
	webp, err := os.ReadFile(webpFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pngBytes(f, 3, 2))
	f.Add(jpegBytes(f, 3, 2))
	f.Add(gifBytes(f, 3, 2))
	f.Add(webp)
	f.Add([]byte("not an image"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, dir := open(t)
		m, err := s.AddMedia(ctx, bytes.NewReader(data), "fuzz")
		if err != nil {
			if !errors.Is(err, app.ErrNotAnImage) {
				t.Fatalf("a readable source failed with %v", err)
			}
			assertEmpty(t, dir)
			return
		}
		if m.Hash != sha(data) || m.Size != int64(len(data)) || m.Width <= 0 || m.Height <= 0 ||
			!slices.Contains(app.MediaTypes, m.Type) || m.Name != "fuzz" {
			t.Fatalf("%d bytes described as %+v", len(data), m)
		}
		assertContent(t, s.MediaPath(m.Hash), data)
		assertNoTemp(t, dir)
	})
}
