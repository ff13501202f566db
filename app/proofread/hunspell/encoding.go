package hunspell

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// charset is a character encoding that affix and word list files may use.
type charset struct {
	name string
	utf8 bool
	// high maps the bytes 0x80-0xFF to runes (8-bit encodings only).
	high [128]rune
}

// iso885915Diffs lists where ISO 8859-15 differs from ISO 8859-1.
var iso885915Diffs = map[byte]rune{
	0xA4: '€', 0xA6: 'Š', 0xA8: 'š', 0xB4: 'Ž',
	0xB8: 'ž', 0xBC: 'Œ', 0xBD: 'œ', 0xBE: 'Ÿ',
}

// lookupCharset returns the encoding named by a SET directive.
func lookupCharset(name string) (*charset, error) {
	norm := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToUpper(name))
	switch norm {
	case "UTF8":
		return &charset{name: "UTF-8", utf8: true}, nil
	case "ISO88591", "LATIN1":
		cs := &charset{name: "ISO8859-1"}
		for i := range cs.high {
			cs.high[i] = rune(0x80 + i)
		}
		return cs, nil
	case "ISO885915", "LATIN9":
		cs := &charset{name: "ISO8859-15"}
		for i := range cs.high {
			cs.high[i] = rune(0x80 + i)
		}
		for b, r := range iso885915Diffs {
			cs.high[b-0x80] = r
		}
		return cs, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (supported: UTF-8, ISO8859-1, ISO8859-15)", name)
}

// decode converts a line of the file to UTF-8. Invalid UTF-8 is reported as
// an error for UTF-8 files.
func (cs *charset) decode(b []byte) (string, error) {
	if cs.utf8 {
		if !utf8.Valid(b) {
			return "", fmt.Errorf("invalid UTF-8")
		}
		return string(b), nil
	}
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b), nil
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(cs.high[c-0x80])
		}
	}
	return sb.String(), nil
}

// byteOf returns the byte that encodes r in an 8-bit encoding (0 when r
// cannot be encoded, which cannot happen for text decode produced).
func (cs *charset) byteOf(r rune) byte {
	if r < 0x80 {
		return byte(r)
	}
	for i, h := range cs.high {
		if h == r {
			return byte(0x80 + i)
		}
	}
	return 0
}

// findSet returns the value of the first SET directive of an affix file,
// or "" when there is none. SET is ASCII in every encoding supported, so
// the raw bytes can be scanned before decoding.
func findSet(aff []byte) string {
	for len(aff) > 0 {
		line := aff
		if i := bytes.IndexByte(aff, '\n'); i >= 0 {
			line, aff = aff[:i], aff[i+1:]
		} else {
			aff = nil
		}
		line = bytes.TrimPrefix(line, []byte("\xEF\xBB\xBF"))
		fields := bytes.Fields(line)
		if len(fields) >= 2 && string(fields[0]) == "SET" {
			return string(fields[1])
		}
	}
	return ""
}
