package bluesky

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// testResolve knows every handle but those under unknown.test.
func testResolve(_ context.Context, handle string) (string, error) {
	if strings.HasSuffix(handle, "unknown.test") {
		return "", errors.New("Unable to resolve handle")
	}
	return "did:plc:" + strings.ReplaceAll(handle, ".", "-"), nil
}

// span is a facet as the tests write it: the text it covers, and what it
// is.
type span struct {
	text, kind, value string
}

func spans(t *testing.T, text string, facets []Facet) []span {
	t.Helper()
	var out []span
	for _, f := range facets {
		if len(f.Features) != 1 {
			t.Fatalf("facet %+v has %d features, want 1", f, len(f.Features))
		}
		ft := f.Features[0]
		s := span{text: text[f.Index.ByteStart:f.Index.ByteEnd]}
		switch ft.Type {
		case FeatureLink:
			s.kind, s.value = "link", ft.URI
		case FeatureMention:
			s.kind, s.value = "mention", ft.DID
		case FeatureTag:
			s.kind, s.value = "tag", ft.Tag
		default:
			t.Fatalf("unknown feature %q", ft.Type)
		}
		out = append(out, s)
	}
	return out
}

func TestFacets(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []span
	}{
		{"french with accents", "Été à Besançon : rendez-vous sur https://exemple.fr/fête-de-la-musique #FêteDeLaMusique avec @léo.bsky.social et @anaïs.example.com",
			[]span{
				{"https://exemple.fr/fête-de-la-musique", "link", "https://exemple.fr/fête-de-la-musique"},
				{"#FêteDeLaMusique", "tag", "FêteDeLaMusique"},
			}},
		{"mention after emoji and a ZWJ family", "👨‍👩‍👧‍👦 Merci @alice.bsky.social 🇫🇷 !", []span{{"@alice.bsky.social", "mention", "did:plc:alice-bsky-social"}}},
		{"tag after a ZWJ sequence", "🏳️‍🌈 #fierté 🧑🏽‍💻", []span{{"#fierté", "tag", "fierté"}}},
		{"decomposed accent in a tag", "#cafe\u0301 noir", []span{{"#cafe\u0301", "tag", "cafe\u0301"}}},
		{"bare domains after emoji and accents", "Été 👨‍👩‍👧‍👦 à Besançon : exemple.fr/fête, maison.paris! (shop.co.uk) #fête", []span{
			{"exemple.fr/fête", "link", "https://exemple.fr/fête"},
			{"maison.paris", "link", "https://maison.paris"},
			{"shop.co.uk", "link", "https://shop.co.uk"},
			{"#fête", "tag", "fête"},
		}},
		{"no known TLD, no link", "fichier.txt v1.2 14h30 3.5 Mr.Smith e.g ex.ample", nil},
		{"a handle is no bare link", "@alice.bsky.social", []span{{"@alice.bsky.social", "mention", "did:plc:alice-bsky-social"}}},
		{"link ending a sentence", "Voir https://example.org/agenda.", []span{{"https://example.org/agenda", "link", "https://example.org/agenda"}}},
		{"link before an exclamation", "C'est là : https://example.org/a?b=c!!", []span{{"https://example.org/a?b=c", "link", "https://example.org/a?b=c"}}},
		{"link in brackets", "(voir https://example.org/page)", []span{{"https://example.org/page", "link", "https://example.org/page"}}},
		{"link with its own brackets", "https://fr.wikipedia.org/wiki/Lyon_(ville), etc", []span{{"https://fr.wikipedia.org/wiki/Lyon_(ville)", "link", "https://fr.wikipedia.org/wiki/Lyon_(ville)"}}},
		{"link in french quotes", "«https://example.org/x» et « https://example.org/y »", []span{
			{"https://example.org/x", "link", "https://example.org/x"},
			{"https://example.org/y", "link", "https://example.org/y"},
		}},
		{"link with a fragment", "Doc : https://example.org/guide#install #relais", []span{
			{"https://example.org/guide#install", "link", "https://example.org/guide#install"},
			{"#relais", "tag", "relais"},
		}},
		{"fragment only is no tag", "https://example.org/#top", []span{{"https://example.org/#top", "link", "https://example.org/#top"}}},
		{"a year is no tag", "Bonne année #2024 et #2024_ !", nil},
		{"a year with letters is", "#JO2024.", []span{{"#JO2024", "tag", "JO2024"}}},
		{"tag trailing punctuation", "On y va #relais, #lyon! #test_", []span{
			{"#relais", "tag", "relais"}, {"#lyon", "tag", "lyon"}, {"#test", "tag", "test"},
		}},
		{"tag too long", "#" + strings.Repeat("a", 65), nil},
		{"tag of 64", "#" + strings.Repeat("é", 64), []span{{"#" + strings.Repeat("é", 64), "tag", strings.Repeat("é", 64)}}},
		{"tag inside a word", "C#sharp et a#b", nil},
		{"keycap is no tag", "#️⃣ appuyez", nil},
		{"email is no mention", "Écrivez à email@example.com", nil},
		{"mention trailing dot", "Merci @alice.bsky.social.", []span{{"@alice.bsky.social", "mention", "did:plc:alice-bsky-social"}}},
		{"mention in brackets", "(@bob.example.com)", []span{{"@bob.example.com", "mention", "did:plc:bob-example-com"}}},
		{"mention upper case", "@Alice.Bsky.Social", []span{{"@Alice.Bsky.Social", "mention", "did:plc:alice-bsky-social"}}},
		{"unresolved mention", "@ghost.unknown.test salut", nil},
		{"no domain no mention", "@alice seule", nil},
		{"numeric tld no mention", "@1.2.3.4", nil},
		{"not http", "ftp://example.org et javascript:alert(1) et https:// seul", nil},
		{"everything", "Salut @alice.bsky.social ! #Relais 🎉 https://relais.app/fr?x=1#ancre.", []span{
			{"@alice.bsky.social", "mention", "did:plc:alice-bsky-social"},
			{"#Relais", "tag", "Relais"},
			{"https://relais.app/fr?x=1#ancre", "link", "https://relais.app/fr?x=1#ancre"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			facets := Facets(context.Background(), tc.text, testResolve)
			got := spans(t, tc.text, facets)
			if len(got) != len(tc.want) {
				t.Fatalf("Facets(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("facet %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
			checkFacets(t, tc.text, facets)
		})
	}
}

func TestFacetsByteOffsets(t *testing.T) {
	text := "é👋 #ok"
	f := Facets(context.Background(), text, nil)
	// é is 2 bytes, 👋 4, the space 1: the tag starts at byte 7.
	if len(f) != 1 || f[0].Index != (Index{ByteStart: 7, ByteEnd: 10}) {
		t.Fatalf("Facets(%q) = %+v, want one tag at bytes 7-10", text, f)
	}
}

func TestFacetsResolveOncePerHandle(t *testing.T) {
	calls := 0
	resolve := func(ctx context.Context, h string) (string, error) { calls++; return testResolve(ctx, h) }
	f := Facets(context.Background(), "@a.bsky.social @A.bsky.social @b.bsky.social", resolve)
	if len(f) != 3 || calls != 2 {
		t.Errorf("%d facets with %d resolutions, want 3 with 2", len(f), calls)
	}
	if got := Facets(context.Background(), "@a.bsky.social", nil); len(got) != 0 {
		t.Errorf("with no resolver: %+v, want no mention", got)
	}
}

// checkFacets checks what must hold of any text's facets: offsets within
// the text, on rune boundaries, sorted and apart, and each slice matching
// its feature.
func checkFacets(t *testing.T, text string, facets []Facet) {
	t.Helper()
	boundary := map[int]bool{len(text): true}
	for i := range text {
		boundary[i] = true
	}
	prevEnd := 0
	for _, f := range facets {
		start, end := f.Index.ByteStart, f.Index.ByteEnd
		if start < 0 || end > len(text) || start >= end {
			t.Fatalf("facet %+v outside the text's %d bytes", f.Index, len(text))
		}
		if !boundary[start] || !boundary[end] {
			t.Fatalf("facet %+v cuts a rune of %q", f.Index, text)
		}
		if start < prevEnd {
			t.Fatalf("facet %+v overlaps or precedes the one ending at %d", f.Index, prevEnd)
		}
		prevEnd = end
		if len(f.Features) != 1 {
			t.Fatalf("facet %+v has %d features", f.Index, len(f.Features))
		}
		slice := text[start:end]
		switch ft := f.Features[0]; ft.Type {
		case FeatureLink:
			// The text itself, or https:// and a bare domain.
			if ft.URI != slice && ft.URI != "https://"+slice {
				t.Fatalf("link %q on the text %q", ft.URI, slice)
			}
		case FeatureTag:
			name, ok := strings.CutPrefix(slice, "#")
			if !ok {
				name, ok = strings.CutPrefix(slice, "＃")
			}
			if !ok || ft.Tag != name {
				t.Fatalf("tag %q on the text %q", ft.Tag, slice)
			}
		case FeatureMention:
			if !strings.HasPrefix(slice, "@") || !strings.HasPrefix(ft.DID, "did:") {
				t.Fatalf("mention %q on the text %q", ft.DID, slice)
			}
		default:
			t.Fatalf("unknown feature %q", ft.Type)
		}
	}
}

// FuzzFacets checks what must hold of any text's facets; its seed corpus
// is testdata/fuzz/FuzzFacets, with the inputs the fuzzer found worth
// keeping.
func FuzzFacets(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		facets := Facets(context.Background(), text, testResolve)
		checkFacets(t, text, facets)
		if utf8.ValidString(text) {
			for _, ft := range facets {
				if !utf8.ValidString(text[ft.Index.ByteStart:ft.Index.ByteEnd]) {
					t.Fatalf("facet %+v is not valid UTF-8", ft.Index)
				}
			}
		}
	})
}
