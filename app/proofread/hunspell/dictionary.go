package hunspell

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Dictionary is a loaded Hunspell dictionary. It is immutable after Load,
// except for the personal words given to Add, and safe for concurrent use.
type Dictionary struct {
	aff   *affData
	words wordTable
	morph morphTable // the morphology of the stems that have some

	// noDeadline: Suggest does all its bounded work whatever the time it
	// takes (SetSuggestTimeout(0)).
	noDeadline bool
	timeout    time.Duration // 0 for suggestTimeout

	// stems lists the words of the word list in file order, for the
	// n-gram suggestions.
	stems []string

	// capStart holds capKey of the stems that start with a capital, so
	// that suggestions try the Capitalised form of a candidate only when
	// such a stem may match.
	capStart map[string]bool

	mu       sync.RWMutex
	personal map[string]flagSet // runtime words and their hidden capitalised forms
}

// Load reads a dictionary from its affix file and its word list. Errors
// give the line where the problem was found ("aff line 12: ...").
func Load(aff, dic io.Reader) (*Dictionary, error) {
	return load("aff", aff, "dic", dic)
}

// LoadFiles reads a dictionary from files, typically NAME.aff and NAME.dic
// (for instance /usr/share/hunspell/fr_FR.aff and fr_FR.dic). Errors name
// the file.
func LoadFiles(affPath, dicPath string) (*Dictionary, error) {
	af, err := os.Open(affPath)
	if err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	defer af.Close()
	df, err := os.Open(dicPath)
	if err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	defer df.Close()
	return load(filepath.Base(affPath), af, filepath.Base(dicPath), df)
}

func load(affName string, aff io.Reader, dicName string, dic io.Reader) (*Dictionary, error) {
	affRaw, err := io.ReadAll(aff)
	if err != nil {
		return nil, fmt.Errorf("hunspell: reading %s: %w", affName, err)
	}
	dicRaw, err := io.ReadAll(dic)
	if err != nil {
		return nil, fmt.Errorf("hunspell: reading %s: %w", dicName, err)
	}
	a, err := parseAff(affName, affRaw)
	if err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	words, morph, err := parseDic(dicName, dicRaw, a)
	if err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	d := &Dictionary{aff: a, words: words, morph: morph, personal: map[string]flagSet{}}
	d.stems = make([]string, 0, len(words))
	d.capStart = map[string]bool{}
	for w, homs := range words {
		if ct := captypeOf(w); ct == capInit || ct == capAll || ct == capHuhInit {
			d.capStart[capKey(w)] = true
		}
		for _, fs := range homs {
			if !fs.has(flagOnlyUpcase) {
				d.stems = append(d.stems, w)
				break
			}
		}
	}
	sortStems(d.stems)
	return d, nil
}

// capKey is the lowercase first two runes of a word.
func capKey(w string) string {
	n := 0
	for i := range w {
		if n == 2 {
			return strings.ToLower(w[:i])
		}
		n++
	}
	return strings.ToLower(w)
}

// WordChars returns the characters that the dictionary counts as parts of
// words besides letters (WORDCHARS), for instance "-’'1234567890." for
// French. Tokenizers should not split words at these characters.
func (d *Dictionary) WordChars() string { return d.aff.wordChars }

// Add adds a word to the dictionary for the lifetime of the value (a
// personal dictionary entry). The word takes no affix; as for dictionary
// words, a lowercase word is also accepted Capitalised and in UPPERCASE.
// Add is safe for concurrent use with Spell and Suggest.
func (d *Dictionary) Add(word string) {
	word = removeChars(d.aff.iconv.convert(strings.TrimSpace(word)), d.aff.ignore)
	// Spell looks abbreviations up with one trailing dot.
	if t := strings.TrimRight(word, "."); len(word)-len(t) > 1 {
		word = t + "."
	}
	if word == "" || word == "." {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.personal[word] = flagSet{}
	if ct := captypeOf(word); ct != capNone {
		d.capStart[capKey(word)] = true
	}
	switch captypeOf(word) {
	case capHuh, capHuhInit:
		hidden := lowerInitCap(word)
		if _, ok := d.personal[hidden]; !ok {
			d.personal[hidden] = flagSet{flagOnlyUpcase}
		}
	}
}

// personalWord returns the flags of a personal word.
func (d *Dictionary) personalWord(word string) (flagSet, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	fs, ok := d.personal[word]
	return fs, ok
}

// personalWords returns a copy of the personal words.
func (d *Dictionary) personalWords() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]string, 0, len(d.personal))
	for w, fs := range d.personal {
		if !fs.has(flagOnlyUpcase) {
			out = append(out, w)
		}
	}
	return out
}

// SetSuggestTimeout sets the time one Suggest may take before it returns
// what it found so far, a safety net for very slow machines (500 ms by
// default); 0 removes it, so that suggestions depend on the word alone,
// never on the machine's load (the work stays bounded by the number of
// candidates). Call it before the dictionary is used.
func (d *Dictionary) SetSuggestTimeout(t time.Duration) {
	d.noDeadline = t <= 0
	if t > 0 {
		d.timeout = t
	}
}

// suggestDeadline is when the current Suggest stops: zero for never.
func (d *Dictionary) suggestDeadline() time.Time {
	if d.noDeadline {
		return time.Time{}
	}
	t := d.timeout
	if t <= 0 {
		t = suggestTimeout
	}
	return time.Now().Add(t)
}
