package monitor

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

func found(text string) Found { return Found{URI: "u", Text: text} }

func TestMatch(t *testing.T) {
	cases := []struct {
		query string
		text  string
		lang  string
		by    string
		want  bool
	}{
		{"ete", "Vive l'été !", "", "", true},
		{"été", "ETE 2026", "", "", true},
		{"ete", "c'est complete", "", "", false},
		{`"maison lumen"`, "J'adore Maison  Lumen", "", "", false}, // two spaces: not the phrase
		{`"maison lumen"`, "J'adore Maison Lumen.", "", "", true},
		{`"maison lumen"`, "maison et lumen", "", "", false},
		{"lumen -recrute", "Lumen recrute", "", "", false},
		{"lumen -recrute", "Lumen ouvre", "", "", true},
		{"lumen OR lumière", "quelle lumière", "", "", true},
		{"lumen OR lumiere", "rien", "", "", false},
		{"#lumen", "merci #Lumen !", "", "", true},
		{"#lumen", "merci lumen", "", "", false},
		{"#lumen", "merci #lumens", "", "", false},
		{"@lumen", "bravo @lumen@piaille.fr", "", "", true},
		{"@lumen", "bravo", "", "lumen.bsky.social", true},
		{"@lumen", "bravo @lumenx", "", "", false},
		{"lumen lang:fr", "lumen", "fr", "", true},
		{"lumen lang:fr", "lumen", "en", "", false},
		{"(lumen OR lumière) -(prix bas)", "lumen prix bas", "", "", false},
		{"(lumen OR lumière) -(prix bas)", "lumen prix", "", "", true},
		{"cœur", "mon coeur", "", "", true},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		f := found(c.text)
		f.Language, f.Author.Handle = c.lang, c.by
		if got := q.Match(f); got != c.want {
			t.Errorf("%q on %q: %v", c.query, c.text, got)
		}
	}
}

func TestParseErrorsSayWhere(t *testing.T) {
	cases := []struct {
		query string
		pos   int
		key   string
	}{
		{`"maison lumen`, 14, ErrKeyCloseQuote},
		{"lumen OR", 9, ErrKeyTerm},
		{"OR lumen", 1, ErrKeyTerm},
		{"(lumen", 7, ErrKeyCloseParen},
		{"lumen)", 6, ErrKeyTerm},
		{"lumen # x", 8, ErrKeyTagName},
		{"lang:french", 6, ErrKeyLangCode},
		{"-lumen", 1, ErrKeyOnlyExcluded},
		{"", 1, ErrKeyTerm},
		{strings.Repeat("a ", 1001), 2001, ErrKeyTooLong},
		{strings.Repeat("(", 30) + "a" + strings.Repeat(")", 30), 21, ErrKeyTooDeep},
	}
	for _, c := range cases {
		_, err := ParseQuery(c.query)
		var qe *QueryError
		if !errors.As(err, &qe) || qe.Pos != c.pos || qe.Key != c.key {
			t.Errorf("%.30q: %v (%+v)", c.query, err, qe)
		}
	}
}

func TestStringAndDescribe(t *testing.T) {
	q := MustParseQuery(`  "Maison Lumen"  OR (#lumen  -recrute) @lumen lang:FR `)
	want := `"Maison Lumen" OR #lumen -recrute @lumen lang:fr`
	if got := q.String(); got != want {
		t.Errorf("String: %s", got)
	}
	if again := MustParseQuery(q.String()); !reflect.DeepEqual(again, q) {
		t.Errorf("read back: %#v", again)
	}
	tr := func(key string, vars ...string) string { return "<" + key + strings.Join(vars, "=") + ">" }
	if got := q.Describe(tr); !strings.Contains(got, "<query.say.phrasevalue=Maison Lumen>") || !strings.Contains(got, "<query.say.not") {
		t.Errorf("Describe: %s", got)
	}
}

func TestSearchTranslations(t *testing.T) {
	q := MustParseQuery(`("maison lumen" OR #lumen) -recrute lang:fr`)
	if got, want := q.BlueskySearches(), []Search{{Text: `"maison lumen"`, Language: "fr"}, {Text: "#lumen", Language: "fr"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("bluesky: %+v", got)
	}
	if got, want := q.MastodonSearches(), []Search{{Text: `"maison lumen"`, Language: "fr"}, {Hashtag: "lumen", Language: "fr"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("mastodon: %+v", got)
	}
	q = MustParseQuery(`lumen @maisonlumen.fr`)
	if got, want := q.BlueskySearches(), []Search{{Text: "lumen from:maisonlumen.fr"}, {Text: "lumen mentions:maisonlumen.fr"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("bluesky account: %+v", got)
	}
	// A query of many ORs is searched more broadly, never narrower.
	q = MustParseQuery(`(a OR b OR c) (d OR e OR f) (g OR h)`)
	got := q.BlueskySearches()
	if len(got) > MaxSearches || len(got) == 0 {
		t.Fatalf("%d searches", len(got))
	}
	for _, text := range []string{"a e h", "c f g", "b d g"} {
		if !q.Match(found(text)) {
			t.Fatalf("%q does not match", text)
		}
		hit := false
		for _, s := range got {
			if MustParseQuery(s.Text).Match(found(text)) {
				hit = true
			}
		}
		if !hit {
			t.Errorf("%q is found by none of %+v", text, got)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"maison lumen" OR #lumen -recrute lang:fr`, "(a OR (b c)) -d", "@x@y.z", "«a \"b\" c»", "- -", "OR", "lang:", `"`, "((", "été"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Pos < 1 || !strings.HasPrefix(qe.Key, "query.expected_") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		again, err := ParseQuery(q.String())
		if err != nil {
			t.Fatalf("%q written %q: %v", s, q.String(), err)
		}
		if again.String() != q.String() {
			t.Fatalf("%q written %q, then %q", s, q.String(), again.String())
		}
		f := Found{Text: s, Title: q.String(), Author: app.Author{Handle: s}, Language: "fr"}
		if q.Match(f) != again.Match(f) {
			t.Fatalf("%q and %q match differently", s, q.String())
		}
		q.BlueskySearches()
		q.MastodonSearches()
	})
}
