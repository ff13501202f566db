package impostor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
)

// A name is compared in three forms:
//
//   - its plain form: lower case, NFC, letters and digits only, accents
//     kept ("Maison-Lumen" → "maisonlumen", "lumèn" → "lumèn"): what a
//     person typed, up to case and punctuation;
//   - its folded form: the plain form without accents, for lengths and
//     the words around a brand's name;
//   - its keys: each character replaced by its UTS #39 skeleton
//     (Unicode's confusables.txt, through github.com/mtibben/confusables),
//     then lower case, accents and punctuation dropped. Two names with an
//     equal key look alike on screen: "maison-Iumen" (capital i) and
//     "mаison-lumen" (Cyrillic а) both key as "maison-lumen" does. A
//     skeleton is case-sensitive (a capital I looks like l, a small i does
//     not), so a name has two keys: the skeleton of the name as written,
//     and that of its lower case ("MAISON" is "maison" in capitals, not
//     "malson").
//
// Keys are built character by character, so that where two names differ
// can be told (lookalikes).

// runeKey is the key of one character: its skeleton, in lower case,
// without combining marks, letters and digits only.
func runeKey(r rune) string {
	if r < utf8.RuneSelf {
		return asciiKeys[r]
	}
	return keyOf(r)
}

// asciiKeys are the keys of the ASCII characters, worked out once: most
// handles are ASCII.
var asciiKeys = func() [utf8.RuneSelf]string {
	var k [utf8.RuneSelf]string
	for r := range rune(utf8.RuneSelf) {
		k[r] = keyOf(r)
	}
	return k
}()

func keyOf(r rune) string {
	if r == utf8.RuneError {
		return ""
	}
	sk := confusables.Skeleton(string(r))
	var b strings.Builder
	for _, s := range sk {
		s = unicode.ToLower(s)
		if unicode.IsLetter(s) || unicode.IsDigit(s) {
			b.WriteRune(s)
		}
	}
	out := b.String()
	return out
}

// key returns s's key, case as written (lower false) or lowered.
func key(s string, lower bool) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if lower {
			r = unicode.ToLower(r)
		}
		b.WriteString(runeKey(r))
	}
	return b.String()
}

// Skeleton returns the UTS #39 skeleton of s as Relais compares names:
// the confusables.txt prototype of each character, lower case, without
// accents or punctuation. Two names with the same Skeleton look alike.
func Skeleton(s string) string { return key(s, true) }

// plain returns s in lower case, NFC, letters and digits only.
func plain(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// fold returns s in lower case without accents, letters and digits only.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// form is a name ready to compare.
type form struct {
	text   string    // as written
	plain  string    // see plain
	folded string    // see fold
	keys   [2]string // see key: as written, lowered
}

func newForm(s string) form {
	s = clip(strings.TrimSpace(s), maxNameRunes)
	return form{text: s, plain: plain(s), folded: fold(s), keys: [2]string{key(s, false), key(s, true)}}
}

// lookAlike reports whether a and b have a key in common.
func (a form) lookAlike(b form) bool {
	if a.keys[1] == "" || b.keys[1] == "" {
		return false
	}
	return a.keys[0] == b.keys[0] || a.keys[0] == b.keys[1] || a.keys[1] == b.keys[0] || a.keys[1] == b.keys[1]
}

// Lookalike is one place where a name differs from the brand's yet looks
// the same: Found in the suspect's name is shown like Brand in the
// brand's ("I" for "l", Cyrillic "а" for Latin "a", "rn" for "m").
type Lookalike struct {
	Found string
	Brand string
}

// lookalikes lists where found differs from brand though their keys
// (each lowered or not, as lowerFound and lowerBrand say) are equal: it walks both names
// character by character, grouping characters until their keys line up,
// and keeps the groups that differ once lowered. It returns nil when the
// keys differ.
func lookalikes(found, brand string, lowerFound, lowerBrand bool) []Lookalike {
	found, brand = clip(found, maxNameRunes), clip(brand, maxNameRunes)
	type piece struct {
		r   string
		key string
	}
	split := func(s string, lower bool) []piece {
		var ps []piece
		for _, r := range norm.NFC.String(s) {
			k := r
			if lower {
				k = unicode.ToLower(r)
			}
			ps = append(ps, piece{string(k), runeKey(k)})
		}
		return ps
	}
	fs, bs := split(found, lowerFound), split(brand, lowerBrand)
	out := []Lookalike{}
	i, j := 0, 0
	for i < len(fs) || j < len(bs) {
		// Characters without a key (punctuation, marks) are skipped on
		// both sides: they are not what makes two names look alike.
		if i < len(fs) && fs[i].key == "" {
			i++
			continue
		}
		if j < len(bs) && bs[j].key == "" {
			j++
			continue
		}
		if i >= len(fs) || j >= len(bs) {
			return nil
		}
		var fk, bk, ft, bt strings.Builder
		fk.WriteString(fs[i].key)
		ft.WriteString(fs[i].r)
		bk.WriteString(bs[j].key)
		bt.WriteString(bs[j].r)
		i++
		j++
		for fk.Len() != bk.Len() {
			if !strings.HasPrefix(fk.String(), bk.String()) && !strings.HasPrefix(bk.String(), fk.String()) {
				return nil
			}
			if fk.Len() < bk.Len() {
				if i >= len(fs) {
					return nil
				}
				fk.WriteString(fs[i].key)
				ft.WriteString(fs[i].r)
				i++
			} else {
				if j >= len(bs) {
					return nil
				}
				bk.WriteString(bs[j].key)
				bt.WriteString(bs[j].r)
				j++
			}
		}
		if fk.String() != bk.String() {
			return nil
		}
		if f, b := ft.String(), bt.String(); !strings.EqualFold(f, b) {
			out = append(out, Lookalike{Found: f, Brand: b})
		}
	}
	return out
}

// distance is the optimal string alignment distance between a and b
// (Levenshtein with transpositions of neighbours: "lmuen" is one edit
// from "lumen"), counted in characters. It stops early and returns
// limit+1 once the distance is known to exceed limit.
func distance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(b)] > limit {
		return limit + 1
	}
	return prev[len(b)]
}

// tokens splits a name into its words: at punctuation and spaces, where
// a small letter is followed by a capital ("MaisonLumen"), and between
// letters and digits ("lumen2024").
func tokens(s string) []string {
	s = clip(s, maxNameRunes)
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	var last rune
	for _, r := range norm.NFC.String(s) {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if !word {
			// A character that looks like a letter (| for l) is part of
			// a word; other punctuation splits.
			if runeKey(r) == "" {
				flush()
				last = 0
				continue
			}
		}
		if len(cur) > 0 {
			switch {
			case unicode.IsLower(last) && unicode.IsUpper(r):
				flush()
			case unicode.IsDigit(last) != unicode.IsDigit(r) && (unicode.IsLetter(last) || unicode.IsLetter(r)):
				flush()
			}
		}
		cur = append(cur, r)
		last = r
	}
	flush()
	return out
}

// handleName returns the part of a handle that names the account: the
// user of user@server (Mastodon), the domain without ".bsky.social" or
// its top-level domain (Bluesky: maison-lumen.bsky.social, maisonlumen.fr).
func handleName(h string) string {
	h = strings.TrimPrefix(strings.TrimSpace(h), "@")
	if at := strings.IndexByte(h, '@'); at >= 0 {
		return h[:at]
	}
	lower := strings.ToLower(h)
	for _, suffix := range hostSuffixes {
		if strings.HasSuffix(lower, suffix) && len(h) > len(suffix) {
			return h[:len(h)-len(suffix)]
		}
	}
	if dot := strings.LastIndexByte(h, '.'); dot > 0 {
		return h[:dot]
	}
	return h
}

// hostSuffixes are the hosting domains whose users' handles end with them.
var hostSuffixes = []string{".bsky.social"}

// maxNameRunes is the longest name compared: networks keep names far
// shorter (Mastodon 30 characters, Bluesky 64), and a crafted name of a
// million combining marks must not hold the scorer.
const maxNameRunes = 256

// clip returns the first n characters of s.
func clip(s string, n int) string {
	i := 0
	for at := range s {
		if i == n {
			return s[:at]
		}
		i++
	}
	return s
}
