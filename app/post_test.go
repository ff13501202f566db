package app

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSummarize(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := Post{
		ID: NewID(at), Title: "  Soldes d’été \n", Text: "Ligne 1\n\n  Ligne\t2 👋🏽\r\n",
		Tags: []string{"soldes", "été"}, Status: StatusReady, CreatedAt: at.Add(-time.Hour), UpdatedAt: at,
	}
	want := Summary{
		ID: p.ID, Title: "Soldes d’été", Snippet: "Ligne 1 Ligne 2 👋🏽",
		Tags: []string{"soldes", "été"}, Status: StatusReady, UpdatedAt: at,
	}
	got := Summarize(p)
	if got.ID != want.ID || got.Title != want.Title || got.Snippet != want.Snippet ||
		!slices.Equal(got.Tags, want.Tags) || got.Status != want.Status || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("Summarize = %+v\nwant %+v", got, want)
	}
}

func TestSnippet(t *testing.T) {
	n := SnippetLength
	cases := []struct {
		name string
		text string
		want string
	}{
		{"empty", "", ""},
		{"only white space", " \n\t\r\n ", ""},
		{"white space folded", "  Bonjour\n\nà\ttous\r\n !  ", "Bonjour à tous !"},
		{"exactly the limit, accented", strings.Repeat("é", n), strings.Repeat("é", n)},
		{"one over the limit, accented", strings.Repeat("é", n+1), strings.Repeat("é", n-1) + "…"},
		{"far over the limit", strings.Repeat("à", 10*n), strings.Repeat("à", n-1) + "…"},
		{"emoji", strings.Repeat("😀", n+5), strings.Repeat("😀", n-1) + "…"},
		{"emoji exactly at the limit", strings.Repeat("🌞", n), strings.Repeat("🌞", n)},
		// Folding happens before cutting: 2n runes with the spaces, fewer
		// than n once "é \n" is "é ".
		{"fits once folded", strings.Repeat("é \n", n/2), strings.TrimSpace(strings.Repeat("é ", n/2))},
		// The cut falls just after a space: the space goes, the ellipsis
		// follows the word.
		{"cut after a space", strings.Repeat("a", n-2) + " bcdef", strings.Repeat("a", n-2) + "…"},
		// Folding happens before cutting: the cut falls in the word after
		// the run of white space, not inside it.
		{"cut after folded spaces", strings.Repeat("ç", n-4) + "   \n\n   suite", strings.Repeat("ç", n-4) + " su…"},
	}
	for _, c := range cases {
		got := Summarize(Post{Text: c.text}).Snippet
		if !utf8.ValidString(got) {
			t.Errorf("%s: snippet is not valid UTF-8: %q", c.name, got)
		}
		if r := utf8.RuneCountInString(got); r > n {
			t.Errorf("%s: snippet has %d runes, more than %d", c.name, r, n)
		}
		if strings.ContainsAny(got, "\n\r\t") || strings.Contains(got, "  ") {
			t.Errorf("%s: white space not folded: %q", c.name, got)
		}
		if got != c.want {
			t.Errorf("%s: snippet\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// A long text mixing accents, emoji with variation selectors and CJK: the
// snippet is the start of the folded text, whole runes, then an ellipsis.
func TestSnippetOfMixedScripts(t *testing.T) {
	text := strings.Repeat("Été ☀️ à Montréal,\n東京 👩‍💻. ", 20)
	got := Summarize(Post{Text: text}).Snippet
	body, cut := strings.CutSuffix(got, "…")
	folded := strings.Join(strings.Fields(text), " ")
	if !cut || !utf8.ValidString(got) || !strings.HasPrefix(folded, body) || utf8.RuneCountInString(got) > SnippetLength {
		t.Errorf("snippet %q is not at most %d runes of the start of the text and an ellipsis", got, SnippetLength)
	}
}

func TestNormalizeTags(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"nil", nil, nil},
		{"none", []string{}, nil},
		{"only empty ones", []string{"", " ", "#", "##", " # "}, nil},
		{"hash dropped", []string{"#Lancement", "##teaser"}, []string{"Lancement", "teaser"}},
		{"space after the hash", []string{"# soldes"}, []string{"soldes"}},
		{"inner hash kept", []string{"C#", "#f#"}, []string{"C#", "f#"}},
		{"duplicates ignoring case, first spelling kept", []string{"Lancement", "#lancement", "LANCEMENT"}, []string{"Lancement"}},
		{"accented duplicates ignoring case", []string{" été ", "Été", "#ÉTÉ"}, []string{"été"}},
		{"accents are not case", []string{"été", "ete"}, []string{"été", "ete"}},
		{"order kept", []string{"b", "a", "c", "a"}, []string{"b", "a", "c"}},
		{"trimmed", []string{"  noël\t"}, []string{"noël"}},
		{"emoji", []string{"🎄", "#🎄"}, []string{"🎄"}},
	}
	for _, c := range cases {
		got := NormalizeTags(c.in)
		if !slices.Equal(got, c.want) || (c.want == nil) != (got == nil) {
			t.Errorf("%s: NormalizeTags(%q) = %#v, want %#v", c.name, c.in, got, c.want)
		}
	}
}

func TestNormalizeTagsDoesNotChangeItsInput(t *testing.T) {
	in := []string{"#a", " b ", "A"}
	NormalizeTags(in)
	if !slices.Equal(in, []string{"#a", " b ", "A"}) {
		t.Errorf("input changed to %q", in)
	}
}

func TestSplitTags(t *testing.T) {
	cases := []struct {
		line string
		want []string
	}{
		{"", nil},
		{"  , ;\t", nil},
		{"#", nil},
		{"launch", []string{"launch"}},
		{"a, b;c  d", []string{"a", "b", "c", "d"}},
		{"a,,b;;c", []string{"a", "b", "c"}},
		{"#soldes #Soldes, soldes", []string{"soldes"}},
		{"launch, #Teaser; teaser  été", []string{"launch", "Teaser", "été"}},
		{"ligne1\nligne2\ttab", []string{"ligne1", "ligne2", "tab"}},
		{"été Été ete", []string{"été", "ete"}},
		{"# spaced", []string{"spaced"}},
	}
	for _, c := range cases {
		got := SplitTags(c.line)
		if !slices.Equal(got, c.want) || (c.want == nil) != (got == nil) {
			t.Errorf("SplitTags(%q) = %#v, want %#v", c.line, got, c.want)
		}
	}
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"Été", "ete"},
		{"Ça", "ca"},
		{"ÉCOLE", "ecole"},
		{"àâäéèêëîïôöùûüÿç", "aaaeeeeiioouuuyc"},
		{"ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ", "aaaeeeeiioouuuyc"},
		{"naïve Noël", "naive noel"},
		{"e\u0301te\u0301", "ete"}, // decomposed accents, as some keyboards send them
		{"Œuvre", "oeuvre"},        // written out: "oeuvre" finds "œuvre"
		{"Ñandú", "nandu"},
		// The emoji variation selector is a non-spacing mark too: it goes,
		// on both sides of a search alike.
		// The typographic apostrophe is the typed one.
		{"L’été 2026 ☀️", "l'ete 2026 ☀"},
		{"already plain", "already plain"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPostIsEmpty(t *testing.T) {
	cases := []struct {
		name string
		p    Post
		want bool
	}{
		{"zero", Post{}, true},
		{"white space only", Post{Title: " \t", Text: "\n\n "}, true},
		{"times and status do not count", Post{ID: NewID(time.Now()), Status: StatusDraft, CreatedAt: time.Now()}, true},
		{"a title", Post{Title: "Titre"}, false},
		{"a text", Post{Text: "x"}, false},
		{"a tag", Post{Tags: []string{"t"}}, false},
	}
	for _, c := range cases {
		if got := c.p.IsEmpty(); got != c.want {
			t.Errorf("%s: IsEmpty = %v, want %v", c.name, got, c.want)
		}
	}
}
