package proofread

import (
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	type tk struct {
		kind Kind
		text string
	}
	tests := []struct {
		in   string
		want []tk
	}{
		{"aujourd’hui", []tk{{Word, "aujourd’hui"}}},
		{"c'est peut-être", []tk{{Word, "c'est"}, {Space, " "}, {Word, "peut-être"}}},
		{"l'école", []tk{{Word, "l'école"}}},
		{"'mot'", []tk{{Punct, "'"}, {Word, "mot"}, {Punct, "'"}}},
		{"mot-", []tk{{Word, "mot"}, {Punct, "-"}}},
		{"#BoulangerieMartin!", []tk{{Hashtag, "#BoulangerieMartin"}, {Punct, "!"}}},
		{"#été2024", []tk{{Hashtag, "#été2024"}}},
		{"#1", []tk{{Punct, "#"}, {Number, "1"}}},
		{"C#", []tk{{Word, "C"}, {Punct, "#"}}},
		{"@marie", []tk{{Mention, "@marie"}}},
		{"@marie@mastodon.social.", []tk{{Mention, "@marie@mastodon.social"}, {Punct, "."}}},
		{"@relais.bsky.social", []tk{{Mention, "@relais.bsky.social"}}},
		{"@marie.", []tk{{Mention, "@marie"}, {Punct, "."}}},
		{"https://example.org/a?b=c.", []tk{{URL, "https://example.org/a?b=c"}, {Punct, "."}}},
		{"(https://fr.wikipedia.org/wiki/A_(b))", []tk{{Punct, "("}, {URL, "https://fr.wikipedia.org/wiki/A_(b)"}, {Punct, ")"}}},
		{"www.example.org!", []tk{{URL, "www.example.org"}, {Punct, "!"}}},
		{"htps://x.fr", []tk{{URL, "htps://x.fr"}}},
		{"http//x.fr", []tk{{URL, "http//x.fr"}}},
		{"https:/x.fr", []tk{{URL, "https:/x.fr"}}},
		{"http", []tk{{Word, "http"}}},
		{"marie@example.org", []tk{{Email, "marie@example.org"}}},
		{"exemple.fr/offre.", []tk{{URL, "exemple.fr/offre"}, {Punct, "."}}},
		{"(maison.paris)", []tk{{Punct, "("}, {URL, "maison.paris"}, {Punct, ")"}}},
		{"fichier.txt", []tk{{Word, "fichier"}, {Punct, "."}, {Word, "txt"}}},
		{"e.g", []tk{{Word, "e"}, {Punct, "."}, {Word, "g"}}},
		{"14h30", []tk{{Number, "14h30"}}},
		{"9:30", []tk{{Number, "9:30"}}},
		{"1er 2e", []tk{{Number, "1er"}, {Space, " "}, {Number, "2e"}}},
		{"10 %", []tk{{Number, "10 %"}}},
		{"10\u202f%", []tk{{Number, "10\u202f%"}}},
		{"3,5.", []tk{{Number, "3,5"}, {Punct, "."}}},
		{"👍🏽👨‍👩‍👧🇫🇷", []tk{{Emoji, "👍🏽"}, {Emoji, "👨‍👩‍👧"}, {Emoji, "🇫🇷"}}},
		{"1️⃣", []tk{{Emoji, "1️⃣"}}},
		{"❤️!", []tk{{Emoji, "❤️"}, {Punct, "!"}}},
		{"a\u00a0:\u202f!  \t\n", []tk{{Word, "a"}, {NoBreakSpace, "\u00a0"}, {Punct, ":"}, {NarrowNoBreakSpace, "\u202f"}, {Punct, "!"}, {Space, "  "}, {OtherSpace, "\t"}, {LineBreak, "\n"}}},
		{"a\r\nb", []tk{{Word, "a"}, {LineBreak, "\r\n"}, {Word, "b"}}},
		{"\xff", []tk{{Punct, "\xff"}}},
		{"COVID-19", []tk{{Word, "COVID-19"}}},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		var gotTk []tk
		for _, g := range got {
			gotTk = append(gotTk, tk{g.Kind, g.Text})
		}
		if len(gotTk) != len(tt.want) {
			t.Errorf("Tokens(%q) = %v, want %v", tt.in, gotTk, tt.want)
			continue
		}
		for i := range gotTk {
			if gotTk[i] != tt.want[i] {
				t.Errorf("Tokens(%q)[%d] = %v, want %v", tt.in, i, gotTk[i], tt.want[i])
			}
		}
		checkCover(t, tt.in, got)
	}
}

func TestSplitElision(t *testing.T) {
	tests := []struct{ in, prefix, rest string }{
		{"l'école", "l'", "école"},
		{"qu’il", "qu’", "il"},
		{"Jusqu'ici", "Jusqu'", "ici"},
		{"aujourd’hui", "", ""},
		{"école", "", ""},
		{"don't", "", ""},
	}
	for _, tt := range tests {
		p, r, ok := splitElision(tt.in)
		if p != tt.prefix || r != tt.rest || ok != (tt.prefix != "") {
			t.Errorf("splitElision(%q) = %q, %q, %v", tt.in, p, r, ok)
		}
	}
}

func checkCover(t *testing.T, text string, toks []Token) {
	t.Helper()
	at := 0
	var b strings.Builder
	for _, tok := range toks {
		if tok.Start != at || tok.End <= tok.Start || tok.End > len(text) || text[tok.Start:tok.End] != tok.Text {
			t.Fatalf("%q: token %+v at %d", text, tok, at)
		}
		at = tok.End
		b.WriteString(tok.Text)
	}
	if at != len(text) || b.String() != text {
		t.Fatalf("%q: tokens end at %d", text, at)
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Bonjour ! #Relais @marie@x.fr https://a.b/c?d=e", "l'école 14h30 10 % 👍🏽", "\xff\xfe«\u202fa\u202f»", "htps://x www.a.b a@b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkCover(t, s, Tokens(s))
	})
}
