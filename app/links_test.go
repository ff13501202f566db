package app

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFindLinks(t *testing.T) {
	type found struct{ text, uri string }
	cases := []struct {
		name string
		text string
		want []found
	}{
		{"bare domain", "Voir example.com", []found{{"example.com", "https://example.com"}}},
		{"bare domain with a path, ending a sentence", "Notre offre : exemple.fr/offre.", []found{{"exemple.fr/offre", "https://exemple.fr/offre"}}},
		{"a city TLD", "maison.paris!", []found{{"maison.paris", "https://maison.paris"}}},
		{"a second-level suffix", "(shop.co.uk)", []found{{"shop.co.uk", "https://shop.co.uk"}}},
		{"a wildcard-only TLD", "site.ck", []found{{"site.ck", "https://site.ck"}}},
		{"after emoji and accents", "Été 👨‍👩‍👧‍👦 à Besançon 🇫🇷 exemple.fr/fête",
			[]found{{"exemple.fr/fête", "https://exemple.fr/fête"}}},
		{"with a scheme", "Lien : https://exemple.fr/a?b=c, merci", []found{{"https://exemple.fr/a?b=c", "https://exemple.fr/a?b=c"}}},
		{"both", "exemple.fr et http://localhost:3000/x", []found{
			{"exemple.fr", "https://exemple.fr"}, {"http://localhost:3000/x", "http://localhost:3000/x"},
		}},
		{"a query and a fragment", "example.org/a?b=1#top", []found{{"example.org/a?b=1#top", "https://example.org/a?b=1#top"}}},
		{"a bracket it opened", "fr.wikipedia.org/wiki/Lyon_(ville).", []found{{"fr.wikipedia.org/wiki/Lyon_(ville)", "https://fr.wikipedia.org/wiki/Lyon_(ville)"}}},
		{"on a new line", "Lien :\nexemple.fr", []found{{"exemple.fr", "https://exemple.fr"}}},
		// Not links.
		{"a file name", "le fichier.txt joint", nil},
		{"a version", "v1.2 est sortie", nil},
		{"a time", "à 14h30 précises", nil},
		{"a number", "3.5 sur 5", nil},
		{"a name", "Mr.Smith", nil},
		{"an abbreviation", "e.g. ceci", nil},
		{"an unknown TLD", "ex.ample", nil},
		{"a TLD in capitals, as the app's list is lower case", "EXAMPLE.COM", nil},
		{"inside a word", "voir:exemple.fr", nil},
		{"after a quote (the app's rule)", "«exemple.fr»", nil},
		{"an e-mail address", "contact@exemple.fr", nil},
		{"a handle", "@alice.bsky.social", nil},
		{"a hashtag", "#exemple.fr", nil},
		{"a hyphen in the first label", "my-site.com", nil},
		{"dots alone", "a.. b.", nil},
		{"a scheme alone", "https:// et http://", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []found
			for _, l := range FindLinks(c.text) {
				got = append(got, found{c.text[l.Start:l.End], l.URI})
				if l.Bare != !hasSchemePrefix(c.text[l.Start:]) {
					t.Errorf("%q: Bare = %v", c.text[l.Start:l.End], l.Bare)
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("FindLinks(%q) = %q, want %q", c.text, got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("FindLinks(%q)[%d] = %q, want %q", c.text, i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestFindLinksByteOffsets(t *testing.T) {
	text := "Café 👩🏽‍💻 prêt : exemple.fr/offre 🇫🇷"
	links := FindLinks(text)
	if len(links) != 1 {
		t.Fatalf("FindLinks = %+v", links)
	}
	start := strings.Index(text, "exemple.fr")
	if l := links[0]; l.Start != start || l.End != start+len("exemple.fr/offre") {
		t.Errorf("link at [%d,%d), want [%d,%d): bytes, not runes or UTF-16", l.Start, l.End, start, start+len("exemple.fr/offre"))
	}
}

func TestKnownTLD(t *testing.T) {
	for _, tld := range []string{"com", "fr", "paris", "uk", "io", "ck", "onion"} {
		if !KnownTLD(tld) {
			t.Errorf("KnownTLD(%q) = false", tld)
		}
	}
	for _, tld := range []string{"txt", "g", "ample", "smith", "2", "local", "localhost", "example", "", "co.uk", "COM"} {
		if KnownTLD(tld) {
			t.Errorf("KnownTLD(%q) = true", tld)
		}
	}
}

func TestLengthOfLinks(t *testing.T) {
	long := "https://exemple.fr/" + strings.Repeat("a", 40)
	cases := []struct {
		name     string
		text     string
		mastodon int
		bluesky  int
		x        int
	}{
		// Mastodon's StatusLengthValidator counts 23 for a URL written
		// with its scheme and a known TLD, and every character of the rest.
		// X (twitter-text) extracts URLs without their protocol too: a
		// bare domain with a known TLD weighs 23 there, however short.
		{"a long link", long, 23, len(long), 23},
		{"a bare domain counts its characters", "exemple.fr/offre", 16, 16, 23},
		{"a bare domain after emoji", "🇫🇷 exemple.fr", 12, 12, 2 + 1 + 23},
		{"a link to this machine counts its characters", "http://localhost:3000/" + strings.Repeat("b", 40), 62, 62, 62},
		{"a link with an unknown TLD counts its characters", "https://fichier.txt/" + strings.Repeat("c", 30), 50, 50, 50},
		{"a link in capitals", "HTTPS://EXEMPLE.FR/" + strings.Repeat("D", 40), 23, 59, 23},
		{"no TLD, no link", "v1.2 fichier.txt", 16, 16, 16},
	}
	for _, c := range cases {
		if got := Length(Mastodon, c.text); got != c.mastodon {
			t.Errorf("%s: Length(Mastodon, %q) = %d, want %d", c.name, c.text, got, c.mastodon)
		}
		if got := Length(Bluesky, c.text); got != c.bluesky {
			t.Errorf("%s: Length(Bluesky, %q) = %d, want %d", c.name, c.text, got, c.bluesky)
		}
		if got := Length(X, c.text); got != c.x {
			t.Errorf("%s: Length(X, %q) = %d, want %d", c.name, c.text, got, c.x)
		}
	}
}

// FuzzFindLinks checks what must hold of any text's links; its seed
// corpus is testdata/fuzz/FuzzFindLinks.
func FuzzFindLinks(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, l := range FindLinks(text) {
			if l.Start < end || l.End <= l.Start || l.End > len(text) {
				t.Fatalf("FindLinks(%q): link [%d,%d) after %d", text, l.Start, l.End, end)
			}
			end = l.End
			raw := text[l.Start:l.End]
			if strings.ContainsFunc(raw, unicode.IsSpace) {
				t.Fatalf("FindLinks(%q): link %q holds a space", text, raw)
			}
			if utf8.ValidString(text) && !utf8.ValidString(raw) {
				t.Fatalf("FindLinks(%q): link %q cuts a character", text, raw)
			}
			if l.Bare {
				if l.URI != "https://"+raw {
					t.Fatalf("FindLinks(%q): bare link %q opens %q", text, raw, l.URI)
				}
				if d := bareDomain(raw, 0); d == 0 || !KnownTLD(lastLabel(raw[:d])) {
					t.Fatalf("FindLinks(%q): bare link %q has no known TLD", text, raw)
				}
			} else if l.URI != raw || !hasSchemePrefix(raw) {
				t.Fatalf("FindLinks(%q): link %q opens %q", text, raw, l.URI)
			}
			if again, ok := LinkAt(text, l.Start); !ok || again != l {
				t.Fatalf("LinkAt(%q, %d) = %+v, %v; FindLinks found %+v", text, l.Start, again, ok, l)
			}
		}
		if Length(Mastodon, text) < 0 {
			t.Fatal("negative length")
		}
	})
}
