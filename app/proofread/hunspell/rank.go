package hunspell

import "unicode"

// accentBase maps accented Latin letters to their base letter.
var accentBase = map[rune]rune{}

func init() {
	groups := map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě",
		'g': "ĝğġģ", 'h': "ĥħ", 'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ",
		'l': "ĺļľŀł", 'n': "ñńņňŉ", 'o': "òóôõöøōŏő", 'r': "ŕŗř",
		's': "śŝşšſ", 't': "ţťŧ", 'u': "ùúûüũūŭůűų", 'w': "ŵ",
		'y': "ýÿŷ", 'z': "źżž",
		'A': "ÀÁÂÃÄÅĀĂĄ", 'C': "ÇĆĈĊČ", 'D': "ĎĐ", 'E': "ÈÉÊËĒĔĖĘĚ",
		'G': "ĜĞĠĢ", 'H': "ĤĦ", 'I': "ÌÍÎÏĨĪĬĮİ", 'J': "Ĵ", 'K': "Ķ",
		'L': "ĹĻĽĿŁ", 'N': "ÑŃŅŇ", 'O': "ÒÓÔÕÖØŌŎŐ", 'R': "ŔŖŘ",
		'S': "ŚŜŞŠ", 'T': "ŢŤŦ", 'U': "ÙÚÛÜŨŪŬŮŰŲ", 'W': "Ŵ",
		'Y': "ÝŸŶ", 'Z': "ŹŻŽ",
	}
	for base, list := range groups {
		for _, r := range list {
			accentBase[r] = base
		}
	}
}

// stripAccent returns the base letter of an accented Latin letter.
func stripAccent(r rune) rune {
	if b, ok := accentBase[r]; ok {
		return b
	}
	return r
}

// foldTable caches fold for the Latin runes.
var foldTable [0x250]rune

func init() {
	for r := range foldTable {
		foldTable[r] = stripAccent(unicode.ToLower(rune(r)))
	}
}

// fold lowers a rune and removes its accent: the key under which
// "accent-only" differences are cheap.
func fold(r rune) rune {
	if r >= 0 && int(r) < len(foldTable) {
		return foldTable[r]
	}
	return stripAccent(unicode.ToLower(r))
}

// Edit costs of the weighted distance.
const (
	costEdit      = 1.0  // insert, delete or replace a letter
	costVowel     = 0.9  // replace a vowel by another
	costKey       = 0.8  // replace a letter by a neighbour key
	costSwap      = 0.6  // swap two adjacent letters
	costDouble    = 0.5  // double or undouble a letter
	costPunct     = 0.35 // insert or delete an apostrophe or a hyphen
	costSpace     = 0.9  // insert or delete a space (split words)
	costAccent    = 0.25 // change an accent or the case of a letter
	costBreakWord = 0.7  // extra cost of a candidate correct only through BREAK
)

// isVowel reports whether a folded rune is a vowel.
func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// distance is a weighted Damerau-Levenshtein (optimal string alignment)
// distance between a and b, with cheap accent, case, doubling, swap and
// punctuation edits. keys tells whether two runes are neighbour keys.
func distance(a, b []rune, keys func(x, y rune) bool) float64 {
	return distanceMax(a, b, keys, 1e9)
}

// distanceMax is distance, except that it may stop and return a value
// above limit as soon as the distance is known to exceed limit.
func distanceMax(a, b []rune, keys func(x, y rune) bool, limit float64) float64 {
	n, m := len(a), len(b)
	fa := make([]rune, n)
	for i, r := range a {
		fa[i] = fold(r)
	}
	fb := make([]rune, m)
	for j, r := range b {
		fb[j] = fold(r)
	}
	// Three rows: i-2, i-1, i.
	rows := make([]float64, 3*(m+1))
	prev2, prev, cur := rows[:m+1], rows[m+1:2*(m+1)], rows[2*(m+1):]
	insCost := func(s []rune, j int) float64 { // cost of inserting s[j]
		c := s[j]
		switch {
		case c == '\'' || c == '-' || c == '’':
			return costPunct
		case c == ' ':
			return costSpace
		case (j > 0 && s[j-1] == c) || (j+1 < len(s) && s[j+1] == c):
			return costDouble
		}
		return costEdit
	}
	subCost := func(i, j int) float64 {
		x, y := a[i], b[j]
		switch {
		case x == y:
			return 0
		case fa[i] == fb[j]:
			return costAccent
		case keys != nil && keys(x, y):
			return costKey
		case isVowel(fa[i]) && isVowel(fb[j]):
			return costVowel
		}
		return costEdit
	}
	for j := 1; j <= m; j++ {
		prev[j] = prev[j-1] + insCost(b, j-1)
	}
	prevMin := 0.0
	for i := 1; i <= n; i++ {
		cur[0] = prev[0] + insCost(a, i-1)
		rowMin := cur[0]
		for j := 1; j <= m; j++ {
			best := prev[j-1] + subCost(i-1, j-1)
			if v := prev[j] + insCost(a, i-1); v < best {
				best = v
			}
			if v := cur[j-1] + insCost(b, j-1); v < best {
				best = v
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && a[i-1] != a[i-2] {
				if v := prev2[j-2] + costSwap; v < best {
					best = v
				}
			}
			cur[j] = best
			rowMin = min(rowMin, best)
		}
		// Every later cell comes from this row or, through a swap, from
		// the previous one: once both exceed the limit, so will the result.
		if rowMin > limit && prevMin > limit {
			return rowMin
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}
