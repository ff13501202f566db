package hunspell

import (
	"slices"
	"strings"
	"testing"
)

func TestAnalyzeSmallDictionary(t *testing.T) {
	aff := "SET UTF-8\nSFX A Y 2\nSFX A er é er po:ppas is:mas is:sg\nSFX A er ent er po:ipre po:3pl\nSFX S Y 1\nSFX S 0 s . is:pl\n"
	dic := "3\nchanter/A po:v1\nchat/S po:nom is:mas\nsans\n"
	d, err := Load(strings.NewReader(aff), strings.NewReader(dic))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]Reading{
		"chanter":  {{"chanter", "po:v1"}},
		"chanté":   {{"chanter", "po:v1 po:ppas is:mas is:sg"}},
		"chantent": {{"chanter", "po:v1 po:ipre po:3pl"}},
		"Chats":    {{"chat", "po:nom is:mas is:pl"}},
		"chat":     {{"chat", "po:nom is:mas"}},
		"sans":     nil, // no fields
		"chantés":  nil, // not a word
	}
	for w, want := range cases {
		if got := d.Analyze(w); !slices.Equal(got, want) {
			t.Errorf("Analyze(%q) = %v, want %v", w, got, want)
		}
	}
	forms := d.Forms("chanter")
	var words []string
	for _, f := range forms {
		words = append(words, f.Word+"="+f.Morph)
	}
	if want := []string{"chanter=po:v1", "chanté=po:v1 po:ppas is:mas is:sg", "chantent=po:v1 po:ipre po:3pl"}; !slices.Equal(words, want) {
		t.Errorf("Forms(chanter) = %v, want %v", words, want)
	}
	if !d.Spell("chanté") || d.Spell("chantés") {
		t.Error("spelling changed with morphology")
	}
}

func TestAnalyzeFrench(t *testing.T) {
	d := french(t)
	has := func(word, stem, fields string) bool {
		for _, r := range d.Analyze(word) {
			if r.Stem != stem {
				continue
			}
			ok := true
			for _, f := range strings.Fields(fields) {
				if !slices.Contains(strings.Fields(r.Morph), f) {
					ok = false
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	for _, c := range []struct{ word, stem, fields string }{
		{"préparer", "préparer", "po:infi"},
		{"préparé", "préparer", "po:ppas is:mas is:sg"},
		{"arrivées", "arriver", "po:ppas is:fem is:pl"},
		{"mangent", "manger", "po:ipre po:3pl"},
		{"sont", "être", "po:ipre"},
		{"a", "avoir", "po:ipre po:3sg"},
		{"à", "à", "po:prep"},
		{"offres", "offre", "po:nom is:fem is:pl"},
		{"exceptionnelles", "exceptionnel", "po:adj is:fem is:pl"},
		{"Lundi", "lundi", "po:nom is:mas"},
	} {
		if !has(c.word, c.stem, c.fields) {
			t.Errorf("Analyze(%q) = %v, want a reading %s %s", c.word, d.Analyze(c.word), c.stem, c.fields)
		}
	}
	found := false
	for _, f := range d.Forms("arriver") {
		if f.Word == "arrivées" && strings.Contains(f.Morph, "po:ppas") {
			found = true
		}
	}
	if !found {
		t.Error("Forms(arriver) lacks arrivées")
	}
}

func BenchmarkAnalyzeFrench(b *testing.B) {
	d := french(b)
	words := strings.Fields("les offres exceptionnelles sont arrivées hier et nous allons préparer la fête de lundi")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, w := range words {
			d.Analyze(w)
		}
	}
}
