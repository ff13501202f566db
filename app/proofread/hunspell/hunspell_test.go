package hunspell

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadTestdata loads testdata/NAME.aff and testdata/NAME.dic.
func loadTestdata(t testing.TB, name string) *Dictionary {
	t.Helper()
	d, err := LoadFiles(filepath.Join("testdata", name+".aff"), filepath.Join("testdata", name+".dic"))
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	return d
}

// checkWords asserts Spell's verdict for correct and misspelt words.
func checkWords(t *testing.T, d *Dictionary, good, bad []string) {
	t.Helper()
	for _, w := range good {
		if !d.Spell(w) {
			t.Errorf("Spell(%q) = false, want true", w)
		}
	}
	for _, w := range bad {
		if d.Spell(w) {
			t.Errorf("Spell(%q) = true, want false", w)
		}
	}
}

func TestAffixesAndConditions(t *testing.T) {
	d := loadTestdata(t, "basic")
	checkWords(t, d,
		[]string{
			"work", "works", "worked", "rework", // suffixes, prefix
			"city", "cities", "day", "days", // conditions [^aeiou]y and [aeiou]y
			"try", "tries", "tried", // strip y
			"bake", "baked", "baking", // strip e
			"lock", "unlock", "locked", "unlocked", // cross product
			"happy", "unhappy",
			"and/or",          // escaped slash
			"table", "tables", // morphological fields are not part of the word
		},
		[]string{
			"reworked",                // PFX R N: no cross product
			"citys", "daies", "tryed", // conditions
			"bakeing", "bakeed", "bak", // strip
			"unwork", "happys", "and",
		})
}

func TestAttributes(t *testing.T) {
	d := loadTestdata(t, "basic")
	checkWords(t, d,
		[]string{
			"foos",              // NEEDAFFIX stem with an affix
			"kHz",               // KEEPCASE in its own case
			"secret", "secrets", // NOSUGGEST words are still correct
			"o'clock", "o’clock", // ICONV maps ’ to '
			"ba\u00adked", "wo\u00adrk", // IGNORE (soft hyphen)
		},
		[]string{
			"foo",         // NEEDAFFIX
			"bar", "bars", // FORBIDDENWORD, also through an affix
			"Bar", "BAR", // nor in other cases
			"KHZ", "Khz", "khz", // KEEPCASE
		})
}

func TestCase(t *testing.T) {
	d := loadTestdata(t, "basic")
	checkWords(t, d,
		[]string{
			"Work", "WORK", "Worked", "WORKED", "Unlocked", "UNLOCKED",
			"Paris", "PARIS", "NASA", "iPhone", "IPHONE",
			"OpenOffice.org", "OPENOFFICE.ORG", // hidden capitalised homonym
			"Café", "CAFÉ", "CAFÉS",
			"O'clock", "O'CLOCK",
		},
		[]string{
			"paris", "nasa", "Nasa", "iphone", "Iphone", "WoRk",
			"Openoffice.org", // the hidden homonym is not a word by itself
		})
}

func TestNumbersDotsBreaks(t *testing.T) {
	d := loadTestdata(t, "basic")
	checkWords(t, d,
		[]string{
			"42", "3.14", "1,000.5", "2024-01-02", // numbers
			"work.", "works...", // abbreviation dots
			"work-day", "city-lock-day", "-work", "work-", // default BREAK
			"'work'", "works'", "’work’", // apostrophes used as quotes
			"", " work ", "...",
		},
		[]string{
			"1..2", "4x4", ",5", "5,",
			"work-dya", "wrok-day",
		})
}

func TestLongFlags(t *testing.T) {
	d := loadTestdata(t, "long")
	checkWords(t, d,
		[]string{"play", "plays", "played", "replay", "replays", "walk", "xyzs"},
		[]string{"walks", "walked", "walking", "playing", "xyz", "rewalk"})
}

func TestNumFlags(t *testing.T) {
	d := loadTestdata(t, "num")
	checkWords(t, d,
		[]string{"play", "plays", "played", "replayed", "walk", "walked"},
		[]string{"walks", "rewalk", "bad", "Bad"})
}

func TestUTF8Flags(t *testing.T) {
	d := loadTestdata(t, "utf8flags")
	checkWords(t, d,
		[]string{"play", "plays", "replays", "walk", "walked"},
		[]string{"played", "walks", "rewalk"})
}

func TestAliases(t *testing.T) {
	d := loadTestdata(t, "alias")
	checkWords(t, d,
		[]string{"work", "works", "worked", "play", "played", "unplayed", "teach", "teacher", "teachers"},
		[]string{"plays", "unwork", "teachs", "teached", "workers"})
}

func TestContinuationClasses(t *testing.T) {
	d := loadTestdata(t, "contclass")
	checkWords(t, d,
		[]string{
			"drink", "drinkable", "drinkables", // two suffixes
			"undrink", "undrinkable", "undrinkables", // prefix and two suffixes
			"école", "écoles", "l'école", "l’école", "L'école", "L'ÉCOLE", // suffix licensing a prefix
			"nagy", "nagyobb", "legnagyobb", // circumfix
			"est", "c'est", "C'est", "C’EST", // FULLSTRIP and a prefix licensed by the suffix
		},
		[]string{
			"drinks", "drinkabless", // Y only after X
			"l'écoles", "lécole", "l'", // the elision comes with the zero suffix only
			"legnagy", "nagyobbobb",
			"c'être", "cest",
		})
}

func TestCompounds(t *testing.T) {
	d := loadTestdata(t, "compound")
	checkWords(t, d,
		[]string{
			"football", "footballs", "ballfoot", "footballfoot", // COMPOUNDFLAG
			"footroom", "roomfoot", // ONLYINCOMPOUND parts
			"sunflower", "sunflowers", // COMPOUNDBEGIN, COMPOUNDEND
			"cupball",
		},
		[]string{
			"room", "flowersun", "sun flower", "footfoot", // CHECKCOMPOUNDDUP
			"teacup", // tea has no compound flag
			"fo", "footb",
		})
	r := loadTestdata(t, "rule")
	checkWords(t, r,
		[]string{"1st", "2nd", "21st", "22nd", "11th", "12th", "10th", "2012th", "1", "12"},
		[]string{"1th", "2th", "21th", "12nd", "1st1", "st"})
}

func TestEncodings(t *testing.T) {
	d := loadTestdata(t, "latin1")
	checkWords(t, d, []string{"café", "cafés", "théâtre", "théâtres", "CAFÉS"}, []string{"cafe", "cafes", "theatre"})
	if got := d.Suggest("cafe"); len(got) == 0 || got[0] != "café" {
		t.Errorf("Suggest(cafe) = %v, want café first", got)
	}
	d9 := loadTestdata(t, "latin9")
	checkWords(t, d9, []string{"œuvre", "œuvres"}, []string{"oeuvre", "½uvre"})
	crlf := loadTestdata(t, "crlf")
	checkWords(t, crlf, []string{"cat", "cats", "dog", "dogs"}, []string{"\ufeff2", "cat\u00a0s"})
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, aff, dic string
		want           string // substring of the error
	}{
		{"missing affix entries", "SET UTF-8\nPFX A Y 2\nPFX A 0 re .\n", "1\na\n", "aff line 2: PFX A: 2 entries announced, 1 found"},
		{"bad affix count", "SFX A Y x\n", "1\na\n", "aff line 1: SFX A: bad entry count"},
		{"short header", "SFX A Y\n", "1\na\n", "aff line 1: SFX header"},
		{"corrupt affix entry", "SFX A Y 1\nSFX B 0 s .\n", "1\na\n", "aff line 2: SFX A: affix entry is corrupt"},
		{"corrupt table", "REP 2\nREP a b\nMAP x\n", "1\na\n", "aff line 3: REP table is corrupt"},
		{"short table", "REP 2\nREP a b\n", "1\na\n", "aff line 1: REP: table ends after 1 of 2 entries"},
		{"incomplete REP", "REP 1\nREP a\n", "1\na\n", "aff line 2: REP: missing value"},
		{"bad flag type", "FLAG weird\n", "1\na\n", "aff line 1: FLAG: unknown flag type"},
		{"numeric flag out of range", "FLAG num\nNEEDAFFIX 70000\n", "1\na\n", "aff line 2: NEEDAFFIX: bad numeric flag"},
		{"odd long flags", "FLAG long\nSFX Aa Y 1\nSFX Aa 0 s/B .\n", "1\na\n", "aff line 3: SFX Aa: odd number"},
		{"unsupported encoding", "SET KOI8-R\n", "1\na\n", `unsupported encoding "KOI8-R"`},
		{"invalid UTF-8", "SET UTF-8\nTRY \xff\n", "1\na\n", "aff line 2: invalid UTF-8"},
		{"missing word count", "", "cat\ndog\n", "dic line 1: missing or bad word count"},
		{"empty word list", "", "\n\n", "dic: empty word list"},
		{"bad alias", "AF 1\nAF A\n", "2\ncat/1\ndog/2\n", "dic line 3: bad flag alias"},
		{"bad dic flags", "FLAG num\n", "1\ncat/x\n", "dic line 2: bad numeric flag"},
	}
	for _, c := range cases {
		_, err := Load(strings.NewReader(c.aff), strings.NewReader(c.dic))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// Tolerated, as Hunspell does: unknown directives, comments, blank
	// lines, a missing condition, a word count that is wrong.
	d, err := Load(strings.NewReader("# comment\n\nFOO bar\nLANG fr_FR\nSFX A Y 1\nSFX A 0 s\n"), strings.NewReader("5\ncat/A\n"))
	if err != nil {
		t.Fatalf("tolerant load: %v", err)
	}
	checkWords(t, d, []string{"cat", "cats"}, []string{"dog"})
	// A huge word count does not make Load allocate for it.
	if _, err := Load(strings.NewReader(""), strings.NewReader("999999999999\na\n")); err != nil {
		t.Errorf("huge word count: %v", err)
	}
	// Errors from a reader are wrapped.
	if _, err := Load(failingReader{}, strings.NewReader("1\na\n")); !errors.Is(err, errRead) {
		t.Errorf("read error = %v, want errRead wrapped", err)
	}
	if _, err := LoadFiles("testdata/none.aff", "testdata/none.dic"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFiles on missing files = %v", err)
	}
}

var errRead = errors.New("read failed")

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errRead }

func TestSuggestFeatures(t *testing.T) {
	d := loadTestdata(t, "basic")
	cases := []struct {
		word, first string
	}{
		{"fone", "phone"},  // REP
		{"alot", "a lot"},  // anchored REP with a space
		{"cafe", "café"},   // MAP
		{"wprk", "work"},   // KEY neighbour
		{"wrok", "work"},   // swap
		{"workk", "work"},  // delete
		{"wrk", "work"},    // insert a TRY character
		{"wurk", "work"},   // replace
		{"bakde", "baked"}, // move a character
		{"paris", "Paris"}, // case
		{"Wrok", "Work"},   // keeps the case of the input
		{"WROK", "WORK"},
		{"oclock", "o’clock"}, // OCONV applied to suggestions
		{"citylock", "city lock"},
	}
	for _, c := range cases {
		got := d.Suggest(c.word)
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("Suggest(%q) = %q, want %q first", c.word, got, c.first)
		}
	}
	// NOSUGGEST and FORBIDDENWORD words are never suggested, and hidden
	// homonyms neither.
	for word, never := range map[string]string{"secrit": "secret", "secrets": "", "baar": "bar", "bas": "bar", "Openofice.org": "Openoffice.org"} {
		for _, s := range d.Suggest(word) {
			if s == never || strings.HasPrefix(s, "secret") {
				t.Errorf("Suggest(%q) = %q, must not hold %q", word, d.Suggest(word), never)
			}
		}
	}
	if got := d.Suggest("works"); got != nil {
		t.Errorf("Suggest of a correct word = %q, want nil", got)
	}
	if got := d.Suggest(""); got != nil {
		t.Errorf("Suggest(\"\") = %q", got)
	}
	if got := d.Suggest("qqqqqqqqqqqqqqqqqq"); len(got) > MaxSuggestions {
		t.Errorf("too many suggestions: %q", got)
	}
}

func TestAddAndWordChars(t *testing.T) {
	d := loadTestdata(t, "basic")
	if got := d.WordChars(); got != "'-" {
		t.Errorf("WordChars() = %q", got)
	}
	checkWords(t, d, nil, []string{"relais", "Relais", "bluesky"})
	d.Add("relais")
	d.Add("BlueSky")
	d.Add("  ")
	checkWords(t, d,
		[]string{"relais", "Relais", "RELAIS", "BlueSky", "BLUESKY"},
		[]string{"relaiss", "bluesky", "Bluesky", "blueSky"})
	if got := d.Suggest("relias"); !slices.Contains(got, "relais") {
		t.Errorf("Suggest(relias) = %q, want the personal word relais", got)
	}
	if got := d.Suggest("bluesyk"); !slices.Contains(got, "BlueSky") {
		t.Errorf("Suggest(bluesyk) = %q, want BlueSky", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	d := loadTestdata(t, "basic")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if g == 0 {
					d.Add("word" + strings.Repeat("x", i))
				}
				if !d.Spell("worked") || d.Spell("wroked") {
					t.Error("wrong verdict under concurrency")
					return
				}
				d.Suggest("wroked")
			}
		}()
	}
	wg.Wait()
	if !d.Spell("wordxxx") {
		t.Error("word added concurrently is missing")
	}
}

// Suggest stops at a deadline only when the dictionary has one: without
// it (SetSuggestTimeout(0)) its fixes depend on the word alone, not on how
// loaded the machine is.
func TestSuggestDeadline(t *testing.T) {
	d, err := Load(strings.NewReader("SET UTF-8\n"), strings.NewReader("2\ngrateful\nfretful\n"))
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(d.suggestDeadline()); left <= 0 || left > suggestTimeout {
		t.Errorf("by default a Suggest has %v left, want up to %v", left, suggestTimeout)
	}
	d.SetSuggestTimeout(2 * time.Second)
	if left := time.Until(d.suggestDeadline()); left <= suggestTimeout || left > 2*time.Second {
		t.Errorf("with 2 s, a Suggest has %v left", left)
	}
	d.SetSuggestTimeout(0)
	if dl := d.suggestDeadline(); !dl.IsZero() {
		t.Errorf("without a deadline, a Suggest stops at %v", dl)
	}
	if got := d.Suggest("greatful"); !slices.Contains(got, "grateful") {
		t.Errorf("Suggest(greatful) without a deadline = %v", got)
	}
}
