package french

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzCheck: any text is checked without a panic, and every finding is
// on the text it names, with fixes that differ from it.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"Ils mange a 14h30 ou ?", "Va-il ?", "l' a t'il", "C’est à dire", "le 31 février 2027",
		"Quel belle journée", "s'il-te-plaît", "2ème", "Il faut que vous venez", "a-t-", "-t-il", "’",
		"Les offres exceptionnel de la semaine sont arrivé !", "#Lundi @Mardi https://a.b/c?d=e",
		"\u00a0a\u202fà", "presqu’", "qu'", "t' il", "Rejoignez", "À", "a", "ou", "où où où",
	} {
		f.Add(s)
	}
	g := load(f)
	f.Fuzz(func(t *testing.T, text string) {
		got, err := g.Check(context.Background(), text, func(w string) bool { return w == "Relais" })
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range got {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End || text[x.Start:x.End] != x.Text {
				t.Fatalf("%q: finding %+v is not on its text", text, x)
			}
			if !utf8.ValidString(x.Text) && utf8.ValidString(text) {
				t.Fatalf("%q: finding %+v cuts a character", text, x)
			}
			for _, fix := range x.Fixes {
				if fix == x.Text {
					t.Fatalf("%q: finding %+v offers its own text", text, x)
				}
			}
		}
	})
}
