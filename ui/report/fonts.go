package report

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
)

// The PDF prints with Fyne's Noto Sans, the screen's font. It lacks some
// characters (emoji, the minus sign): pdfText puts a near one in their
// place or leaves them out, rather than print an empty box.
var fonts struct {
	once    sync.Once
	regular []byte
	bold    []byte
	// has tells the characters of the Basic Multilingual Plane the font
	// draws; beyond it (emoji...) it draws none.
	has []bool
	err error
}

func loadFonts() error {
	fonts.once.Do(func() {
		fonts.regular = theme.DefaultTextFont().Content()
		fonts.bold = theme.DefaultTextBoldFont().Content()
		f, err := sfnt.Parse(fonts.regular)
		if err != nil {
			fonts.err = fmt.Errorf("reading the PDF's font: %w", err)
			return
		}
		var b sfnt.Buffer
		fonts.has = make([]bool, 0x10000)
		for r := range fonts.has {
			if g, err := f.GlyphIndex(&b, rune(r)); err == nil && g != 0 {
				fonts.has[r] = true
			}
		}
	})
	return fonts.err
}

// stand-ins for characters the font lacks.
var standIns = map[rune]string{
	'\u2212': "–", // minus sign: an en dash is the usual stand-in
	'\u2010': "-",
	'\u2011': "-",
	'\u200b': "",
	'\u2060': "",
}

// pdfText makes s printable with the font: lines joined, the minus sign
// an en dash, characters the font lacks left out.
func pdfText(s string) string {
	clean := true
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || r > 0xFFFF || !fonts.has[r] {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	dropped := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case standIns[r] != "":
			b.WriteString(standIns[r])
		case r <= 0xFFFF && fonts.has[r]:
			b.WriteRune(r)
		default:
			dropped = true
		}
	}
	out := b.String()
	if dropped || strings.Contains(out, "  ") {
		out = oneLine(out)
	}
	return out
}
