package chart

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/golang/freetype/truetype"
	"github.com/rivo/uniseg"
)

var errNotRGBA = errors.New("chart: go-chart did not draw into an RGBA image")

const ellipsis = "…"

// clean makes text drawable with f on one line: line breaks and tabs
// become spaces, control characters go, and so does any character f has
// no glyph for, except spaces (a no-break space the font lacked would
// become a plain one) and minus signs, which become "-".
func clean(text string, f *truetype.Font) string {
	if isPlain(text) {
		return strings.TrimSpace(text)
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == utf8.RuneError:
		case f.Index(r) != 0:
			b.WriteRune(r)
		case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Pd, r) || r == '\u2212':
			b.WriteByte('-')
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
			// A combining mark or a format character without a glyph
			// draws nothing anyway.
		}
	}
	return strings.TrimSpace(b.String())
}

// isPlain reports whether text is printable ASCII, which every font has.
func isPlain(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] < 0x20 || text[i] > 0x7E {
			return false
		}
	}
	return true
}

// fit returns text, cut and ended with "…" if it is wider than width
// pixels; "" when not even "…" fits.
func (c *canvas) fit(text string, width float64, s textStyle) string {
	if text == "" || c.measure(text, s) <= width {
		return text
	}
	if c.measure(ellipsis, s) > width {
		return ""
	}
	// Cut between graphemes, so that no accent loses its letter.
	var cuts []int
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		_, end := g.Positions()
		cuts = append(cuts, end)
	}
	lo, hi := 0, len(cuts)-1 // cuts[hi] is the whole text, too wide
	for lo < hi {
		mid := (lo + hi) / 2
		if c.measure(strings.TrimRight(text[:cuts[mid]], " ")+ellipsis, s) <= width {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	// lo is the first cut too wide: keep the one before.
	if lo == 0 {
		return ellipsis
	}
	return strings.TrimRight(text[:cuts[lo-1]], " ") + ellipsis
}

// wrap breaks text into lines at most width pixels wide, at plain
// spaces only (a no-break space keeps "12 h" together), at most maxLines
// lines; a word too long for a line, and the last line when text does
// not fit, end with "…".
func (c *canvas) wrap(text string, width float64, maxLines int, s textStyle) []string {
	if maxLines < 1 {
		return nil
	}
	words := strings.Split(text, " ")
	var lines []string
	line := ""
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "" {
			continue
		}
		try := w
		if line != "" {
			try = line + " " + w
		}
		if c.measure(try, s) <= width {
			line = try
			continue
		}
		if line == "" {
			// One word alone is too wide.
			line = c.fit(w, width, s)
			lines = append(lines, line)
			line = ""
		} else {
			lines = append(lines, line)
			line = ""
			i-- // the word starts the next line
		}
		if len(lines) == maxLines {
			rest := strings.TrimSpace(strings.Join(words[i+1:], " "))
			if rest != "" {
				last := lines[maxLines-1]
				lines[maxLines-1] = c.fit(strings.TrimSuffix(last, ellipsis)+" "+rest, width, s)
			}
			return lines
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
