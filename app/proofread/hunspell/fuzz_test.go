package hunspell

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoad loads arbitrary affix and word list files: it must not panic or
// hang, and a dictionary that loads must answer Spell and Suggest.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"basic", "long", "num", "utf8flags", "alias", "contclass", "compound", "rule", "latin1"} {
		aff, err1 := os.ReadFile(filepath.Join("testdata", name+".aff"))
		dic, err2 := os.ReadFile(filepath.Join("testdata", name+".dic"))
		if err1 != nil || err2 != nil {
			f.Fatal(err1, err2)
		}
		f.Add(aff, dic, "works")
	}
	f.Add([]byte("SFX A Y 1\nSFX A 0 s [^\n"), []byte("1\na/A\n"), "as")
	f.Add([]byte("COMPOUNDFLAG A\nCOMPOUNDMIN 1\n"), []byte("1\na/A\n"), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")
	f.Fuzz(func(t *testing.T, aff, dic []byte, word string) {
		if len(aff) > 4096 || len(dic) > 4096 || len(word) > 64 {
			return
		}
		d, err := Load(bytes.NewReader(aff), bytes.NewReader(dic))
		if err != nil {
			return
		}
		start := time.Now()
		d.Spell(word)
		d.Suggest(word)
		d.Add(word)
		if !d.Spell(word) && validWord(word) {
			t.Errorf("Spell(%q) = false after Add", word)
		}
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("Spell and Suggest of %q took %v", word, el)
		}
	})
}

// validWord tells whether Add(w) must make w correct.
func validWord(w string) bool {
	return w != "" && len([]rune(w)) <= maxWordRunes && bytes.Equal([]byte(w), bytes.TrimSpace([]byte(w))) && !bytes.ContainsRune([]byte(w), 0xFFFD)
}

// FuzzSpell checks arbitrary strings against the real dictionaries.
func FuzzSpell(f *testing.F) {
	for _, w := range []string{"", "maison", "l'école", "L’ÉCOLE", "peut-être", "c'est-à-dire", "21st", "don't", "3.14",
		"--", "'", "...", "a-b-c-d-e-f-g-h-i-j-k-l", "\xff", "ǅemal", "İstanbul", "ß", "qu'", "jusqu'"} {
		f.Add(w)
	}
	fr, en := french(f), english(f)
	f.Fuzz(func(t *testing.T, w string) {
		for _, d := range []*Dictionary{fr, en} {
			ok := d.Spell(w)
			if len(w) <= 16 {
				sugs := d.Suggest(w)
				if ok && sugs != nil {
					t.Errorf("Suggest(%q) = %q for a correct word", w, sugs)
				}
				if len(sugs) > MaxSuggestions {
					t.Errorf("Suggest(%q) gave %d suggestions", w, len(sugs))
				}
			}
		}
	})
}
