package impostor

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzNormalise checks the name forms on any text: no panic, keys of
// letters and digits only, the same for NFC and NFD input, a name always
// alike to itself, look-alikes found only where the keys agree, and an
// edit distance that is a distance.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"maison-Iumen", "M\u0430ison Lumen", "rnaison", "Ⅿaison", "ﬁne", "é", "e\u0301", "", "\xff", "İstanbul", "ß", "𝓜𝓪𝓲𝓼𝓸𝓷"} {
		f.Add(s, "Maison Lumen")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fa := newForm(a)
		for _, k := range fa.keys {
			if !utf8.ValidString(k) {
				t.Fatalf("key %q of %q is not UTF-8", k, a)
			}
			for _, r := range k {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("key %q of %q holds %q", k, a, r)
				}
			}
		}
		if utf8.ValidString(a) {
			if d := newForm(norm.NFD.String(a)); d.keys != fa.keys {
				t.Fatalf("NFD changes the keys of %q: %q, %q", a, d.keys, fa.keys)
			}
		}
		if fa.keys[1] != "" && !fa.lookAlike(fa) {
			t.Fatalf("%q is not alike to itself", a)
		}
		fb := newForm(b)
		l := lookalikesOf(a, b)
		if len(l) > 0 && !fa.lookAlike(fb) {
			t.Fatalf("look-alikes %q between %q and %q, whose keys differ", l, a, b)
		}
		for _, x := range l {
			if strings.EqualFold(x.Found, x.Brand) {
				t.Fatalf("%q and %q differ only in case, yet listed", x.Found, x.Brand)
			}
		}
		ra, rb := []rune(fa.folded), []rune(fb.folded)
		if len(ra) > 64 || len(rb) > 64 {
			return
		}
		d := distance(ra, rb, 100)
		if d != distance(rb, ra, 100) || (d == 0) != (fa.folded == fb.folded) || d > max(len(ra), len(rb)) {
			t.Fatalf("distance(%q, %q) = %d", fa.folded, fb.folded, d)
		}
		if lim := distance(ra, rb, 1); (d <= 1 && lim != d) || (d > 1 && lim != 2) {
			t.Fatalf("distance(%q, %q, 1) = %d, full %d", fa.folded, fb.folded, lim, d)
		}
		_ = tokens(a)
		_ = handleName(a)
	})
}
