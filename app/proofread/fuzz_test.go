package proofread

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

func FuzzProofread(f *testing.F) {
	for _, s := range []string{"", "Bonjour !", "C'est l’école... merci. à demain  #boulangeriemartin 🥐🥐🥐🥐", "htps://x.fr « oui » a apple an hour", "\xff:\u202f!?!", "www.a.bc @a@b.cd a@b.cd 10 % 14:30"} {
		f.Add(s, uint8(0))
	}
	c := newTestChecker()
	c.SetPersonal([]string{"relais"})
	langs := []app.Language{app.LanguageAuto, app.LanguageFrench, app.LanguageEnglish}
	f.Fuzz(func(t *testing.T, text string, o uint8) {
		opt := app.ProofOptions{Language: langs[int(o)%3], Network: app.Networks[int(o/3)%len(app.Networks)]}
		got, err := c.Proofread(context.Background(), text, opt)
		if err != nil {
			t.Fatal(err)
		}
		last := 0
		for _, fd := range got.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End || fd.Text != text[fd.Start:fd.End] {
				t.Fatalf("%q: finding %+v out of the text", text, fd)
			}
			if fd.Start < last {
				t.Fatalf("%q: not sorted", text)
			}
			last = fd.Start
			for i := range fd.Fixes {
				if _, ok := fd.Apply(text, i); !ok {
					t.Fatalf("%q: fix %d of %+v", text, i, fd)
				}
			}
		}
	})
}

func benchText(n int) string {
	const post = "Bonjour à tous ! Rendez-vous samedi à 14h30 à la Boulengerie Martin : " +
		"pain, viennoiseries... et « surprises ». #boulangeriemartin @marie@mastodon.social https://example.org/?q=1 🥐🥐 "
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(post)
	}
	return b.String()[:strings.LastIndexByte(b.String()[:n], ' ')]
}

func benchmarkProofread(b *testing.B, n int) {
	c := newTestChecker()
	text := benchText(n)
	opt := app.ProofOptions{Language: app.LanguageFrench, Network: app.Mastodon}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := c.Proofread(context.Background(), text, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProofread500(b *testing.B)  { benchmarkProofread(b, 500) }
func BenchmarkProofread5000(b *testing.B) { benchmarkProofread(b, 5000) }
