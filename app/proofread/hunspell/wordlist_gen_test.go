package hunspell

import (
	goflag "flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// genWordlists regenerates testdata/compare_*.txt from the system
// dictionaries: go test -run TestGenerateWordlists -gen ./app/proofread/hunspell/
var genWordlists = goflag.Bool("gen", false, "regenerate testdata/compare_*.txt (needs /usr/share/hunspell)")

// handTypos are common misspellings written by hand, added to the lists.
var handTypos = map[string][]string{
	"fr": {"deja", "evenement", "aujourdhui", "boulengerie", "reccomander", "cest", "sa va", "language",
		"developement", "apeller", "acceuil", "ameliorer", "interressant", "necessaire", "malgrés",
		"parmis", "quelquechose", "biensur", "dailleurs", "addresse", "connection", "professionel",
		"personel", "rarement", "exemple", "example", "bizzare", "correspondance", "dilemne", "hormis",
		"notament", "réccurent", "succés", "trés", "voyons", "magazin", "aquérir", "apparaitre",
		"évidement", "dévelloper", "courrier", "pallier", "environement", "abbréviation", "language",
		"rythme", "ryhtme", "événemment", "comission", "commission", "occurence", "recommendation"},
	"en": {"teh", "recieve", "definately", "accomodate", "occured", "seperate", "untill", "wich",
		"becuase", "beleive", "calender", "collegue", "concious", "embarass", "enviroment", "existance",
		"foriegn", "goverment", "harrass", "independant", "judgement", "knowlege", "liason", "millenium",
		"neccessary", "noticable", "occassion", "persistant", "posession", "prefered", "publically",
		"recomend", "refered", "relevent", "religous", "rythm", "sieze", "supercede", "tommorow",
		"truely", "wierd", "alot", "thier", "arguement", "begining", "comming", "commitee", "definate",
		"dissapoint", "grammer", "happend", "immediatly", "neighbour", "colour", "realise", "centre"},
}

func TestGenerateWordlists(t *testing.T) {
	if !*genWordlists {
		t.Skip("run with -gen to regenerate the comparison word lists")
	}
	for _, lang := range []struct{ code, file string }{{"fr", "fr_FR"}, {"en", "en_US"}} {
		d, err := LoadFiles("/usr/share/hunspell/"+lang.file+".aff", "/usr/share/hunspell/"+lang.file+".dic")
		if err != nil {
			t.Fatal(err)
		}
		words := generateWords(d, lang.code, 1100)
		verdicts, err := runHunspell(lang.file, words)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		good := 0
		kept := 0
		for _, w := range words {
			v, ok := verdicts[w]
			if !ok {
				continue // hunspell split it into several tokens
			}
			kept++
			mark := "-"
			if v {
				mark = "+"
				good++
			}
			sb.WriteString(w + "\t" + mark + "\n")
		}
		path := filepath.Join("testdata", "compare_"+lang.code+".txt")
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d words, %d correct for hunspell", path, kept, good)
	}
}

// generateWords makes a deterministic mix of stems, affixed forms, case
// variants and mutated (mostly misspelt) words.
func generateWords(d *Dictionary, lang string, n int) []string {
	rng := rand.New(rand.NewPCG(42, uint64(len(lang))))
	seen := map[string]bool{}
	var out []string
	addWord := func(w string) {
		if w == "" || seen[w] || utf8.RuneCountInString(w) < 2 || !tokenSafe(w) {
			return
		}
		seen[w] = true
		out = append(out, w)
	}
	stems := d.stems
	randomForm := func() string {
		for {
			stem := stems[rng.IntN(len(stems))]
			homs := d.words[stem]
			fs := homs[rng.IntN(len(homs))]
			if rng.IntN(4) == 0 {
				return stem
			}
			var sfx, pfx []*affix
			for _, e := range d.aff.allSuffixes {
				if fs.has(e.flag) {
					sfx = append(sfx, e)
				}
			}
			for _, e := range d.aff.allPrefixes {
				if fs.has(e.flag) {
					pfx = append(pfx, e)
				}
			}
			if len(sfx) == 0 && len(pfx) == 0 {
				continue
			}
			w := stem
			var used *affix
			if len(sfx) > 0 && (len(pfx) == 0 || rng.IntN(3) > 0) {
				e := sfx[rng.IntN(len(sfx))]
				if f, ok := e.applySuffix(stem, d.aff.fullStrip); ok {
					w, used = f, e
				}
			}
			// A prefix from the stem or licensed by the suffix.
			var cands []*affix
			for _, e := range d.aff.allPrefixes {
				if fs.has(e.flag) && (used == nil || (e.cross && used.cross)) {
					cands = append(cands, e)
				} else if used != nil && used.cont.has(e.flag) {
					cands = append(cands, e)
				}
			}
			if len(cands) > 0 && rng.IntN(2) == 0 {
				e := cands[rng.IntN(len(cands))]
				if f, ok := e.applyPrefix(w, d.aff.fullStrip); ok {
					w = f
				}
			}
			return w
		}
	}
	for _, w := range handTypos[lang] {
		addWord(w)
	}
	try := []rune(d.aff.try)
	for len(out) < n {
		w := randomForm()
		switch k := rng.IntN(10); {
		case k < 5:
			addWord(w)
		case k == 5:
			addWord(initCap(w))
		case k == 6:
			addWord(strings.ToUpper(w))
		case k == 7 && rng.IntN(2) == 0:
			addWord(w + "-" + randomForm())
		case k == 8 && strings.Contains(w, "'"):
			addWord(strings.ReplaceAll(w, "'", "’"))
		default:
			addWord(mutate(rng, w, try))
		}
	}
	slices.Sort(out)
	return out
}

// tokenSafe reports whether hunspell's tokenizer will read w as one
// token: letters, with apostrophes or hyphens only inside.
func tokenSafe(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && !strings.ContainsRune("'-’", r) {
			return false
		}
	}
	return !strings.ContainsAny(w[:1], "'-") && !strings.HasSuffix(w, "'") && !strings.HasSuffix(w, "-") &&
		!strings.HasSuffix(w, "’") && !strings.HasPrefix(w, "’")
}

// mutate makes a typo in w.
func mutate(rng *rand.Rand, w string, try []rune) string {
	r := []rune(w)
	i := rng.IntN(len(r))
	switch rng.IntN(5) {
	case 0: // delete
		r = append(r[:i], r[i+1:]...)
	case 1: // insert
		r = slices.Insert(r, i, try[rng.IntN(min(len(try), 30))])
	case 2: // swap
		if i+1 < len(r) {
			r[i], r[i+1] = r[i+1], r[i]
		}
	case 3: // replace
		r[i] = try[rng.IntN(min(len(try), 30))]
	case 4: // strip an accent or double a letter
		if s := stripAccent(r[i]); s != r[i] {
			r[i] = s
		} else {
			r = slices.Insert(r, i, r[i])
		}
	}
	return string(r)
}
