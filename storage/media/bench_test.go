package media

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
	"testing"
)

// BenchmarkAddMedia copies in a photo of about 2 MB, as attaching one
// does: "new" stores it (hash, copy, sync, rename); "again" finds the same
// bytes stored and drops its copy.
func BenchmarkAddMedia(b *testing.B) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, noise(1800, 1250), &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	photo := buf.Bytes()
	b.Logf("%d bytes", len(photo))

	b.Run("new", func(b *testing.B) {
		f, _ := open(b)
		// Eight bytes after the end of the image make each copy new bytes
		// (decoders stop at the end marker).
		data := append(bytes.Clone(photo), make([]byte, 8)...)
		tail := data[len(photo):]
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		i := uint64(0)
		for b.Loop() {
			i++
			binary.BigEndian.PutUint64(tail, i)
			if _, err := f.AddMedia(ctx, bytes.NewReader(data), "photo.jpg"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("again", func(b *testing.B) {
		f, _ := open(b)
		if _, err := f.AddMedia(ctx, bytes.NewReader(photo), "photo.jpg"); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(photo)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.AddMedia(ctx, bytes.NewReader(photo), "photo.jpg"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
