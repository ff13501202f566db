package hunspell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// captype is the capitalisation pattern of a word, as Hunspell classifies
// it.
type captype int

const (
	capNone    captype = iota // no capital: "maison"
	capInit                   // first letter only: "Maison"
	capAll                    // every cased letter: "MAISON", "PS2"
	capHuh                    // mixed, first letter lowercase: "iPhone"
	capHuhInit                // mixed, first letter capital: "OpenOffice"
)

func captypeOf(s string) captype {
	ncap, nneutral, n := 0, 0, 0
	firstCap := false
	for i, r := range s {
		n++
		lower := unicode.ToLower(r)
		if r != lower {
			ncap++
			if i == 0 {
				firstCap = true
			}
		}
		if unicode.ToUpper(r) == lower {
			nneutral++
		}
	}
	switch {
	case ncap == 0:
		return capNone
	case ncap == 1 && firstCap:
		return capInit
	case ncap == n || ncap+nneutral == n:
		return capAll
	case ncap > 1 && firstCap:
		return capHuhInit
	}
	return capHuh
}

// initCap returns s with its first letter in upper case.
func initCap(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	u := unicode.ToUpper(r)
	if u == r {
		return s
	}
	return string(u) + s[n:]
}

// lowerInitCap returns s in lower case with a capital first letter.
func lowerInitCap(s string) string { return initCap(strings.ToLower(s)) }
