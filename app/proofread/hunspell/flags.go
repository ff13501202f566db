package hunspell

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// flag is an affix or attribute flag. Zero means "no flag".
type flag uint16

// flagOnlyUpcase marks the hidden capitalised homonym added for mixed-case
// words (Hunspell's ONLYUPCASEFLAG); it is never produced by parsing.
const flagOnlyUpcase flag = 65511

// maxFlag is the highest flag value a file may use (Hunspell reserves the
// values above for internal flags).
const maxFlag = 65000

// flagSet is a sorted set of flags.
type flagSet []flag

// has reports whether f is in the set. The zero flag is in no set.
func (s flagSet) has(f flag) bool {
	if f == 0 {
		return false
	}
	for _, x := range s {
		if x == f {
			return true
		}
	}
	return false
}

// flagMode is the FLAG setting of an affix file.
type flagMode int

const (
	flagChar flagMode = iota // one character (one byte in UTF-8 files) per flag
	flagLong                 // two characters per flag
	flagNum                  // decimal numbers separated by commas
	flagUTF8                 // one Unicode character per flag
)

// flagParser decodes flag strings according to the FLAG mode.
type flagParser struct {
	mode flagMode
	// enc is the encoding of the original file: in the char and long modes
	// a flag is made of bytes of that encoding, as in Hunspell (so a
	// non-ASCII character of a UTF-8 file makes several flags).
	enc *charset
}

var errEmptyFlag = errors.New("empty flag")

// parse decodes a flag string into a sorted set without duplicates.
func (p flagParser) parse(s string) (flagSet, error) {
	var out flagSet
	switch p.mode {
	case flagNum:
		for _, part := range strings.Split(s, ",") {
			if part == "" {
				continue
			}
			n, err := strconv.Atoi(part)
			if err != nil || n <= 0 || n > maxFlag {
				return nil, fmt.Errorf("bad numeric flag %q", part)
			}
			out = append(out, flag(n))
		}
	case flagLong:
		runes := p.units(s)
		if len(runes)%2 != 0 {
			return nil, fmt.Errorf("odd number of characters in long flags %q", s)
		}
		for i := 0; i < len(runes); i += 2 {
			out = append(out, flag(runes[i]<<8|runes[i+1]))
		}
	case flagUTF8:
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("invalid UTF-8 in flags %q", s)
		}
		for _, r := range s {
			if r > maxFlag {
				return nil, fmt.Errorf("flag %q out of range", r)
			}
			out = append(out, flag(r))
		}
	default:
		for _, r := range p.units(s) {
			out = append(out, flag(r))
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// parseOne decodes a string holding a single flag (the flag of an affix
// class, the value of NEEDAFFIX...). Extra characters are ignored, as
// Hunspell does.
func (p flagParser) parseOne(s string) (flag, error) {
	if s == "" {
		return 0, errEmptyFlag
	}
	switch p.mode {
	case flagNum:
		if i := strings.IndexByte(s, ','); i >= 0 {
			s = s[:i]
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > maxFlag {
			return 0, fmt.Errorf("bad numeric flag %q", s)
		}
		return flag(n), nil
	case flagLong:
		u := p.units(s)
		if len(u) < 2 {
			return 0, fmt.Errorf("long flag %q needs two characters", s)
		}
		return flag(u[0]<<8 | u[1]), nil
	case flagUTF8:
		r, _ := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError || r > maxFlag {
			return 0, fmt.Errorf("bad flag %q", s)
		}
		return flag(r), nil
	default:
		return flag(p.units(s)[0]), nil
	}
}

// units splits s into the bytes that make flags in the char and long
// modes: the bytes of the file as it was before its conversion to UTF-8.
func (p flagParser) units(s string) []uint16 {
	var u []uint16
	if p.enc == nil || p.enc.utf8 {
		for i := 0; i < len(s); i++ {
			u = append(u, uint16(s[i]))
		}
		return u
	}
	for _, r := range s {
		u = append(u, uint16(p.enc.byteOf(r)))
	}
	return u
}
