package hunspell

import (
	"fmt"
	"strconv"
	"strings"
)

// wordTable maps each stem of the word list to its homonyms, in the order
// of the file. A homonym is the flag set of one entry.
type wordTable map[string][]flagSet

// dicLoader fills a word table and interns flag sets, which many stems
// share.
type dicLoader struct {
	aff    *affData
	words  wordTable
	intern map[string]flagSet
	morph  morphTable
}

// parseDic reads a word list whose encoding is the affix file's.
func parseDic(name string, raw []byte, aff *affData) (wordTable, morphTable, error) {
	lines := splitLines(raw)
	l := &dicLoader{aff: aff, intern: map[string]flagSet{}}
	first := true
	for i, b := range lines {
		if i == 0 {
			b = trimBOM(b)
		}
		s, err := aff.enc.decode(b)
		if err != nil {
			return nil, nil, lineError(name, i+1, err)
		}
		if first {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			first = false
			n, err := strconv.Atoi(strings.Fields(s)[0])
			if err != nil || n < 0 {
				return nil, nil, lineError(name, i+1, fmt.Errorf("missing or bad word count %q", s))
			}
			l.words = make(wordTable, min(n, 1<<20))
			continue
		}
		if err := l.line(s); err != nil {
			return nil, nil, lineError(name, i+1, err)
		}
	}
	if first {
		return nil, nil, fmt.Errorf("%s: empty word list", name)
	}
	return l.words, l.morph, nil
}

// line parses one "word/flags morphology" entry.
func (l *dicLoader) line(s string) error {
	// The morphological description starts at a tab, or at a space
	// followed by a field such as "po:".
	morph := ""
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		morph, s = s[i+1:], s[:i]
	}
	if i := morphStart(s); i >= 0 {
		morph, s = s[i:], s[:i]
	}
	morph = strings.TrimSpace(morph)
	s = strings.TrimRight(s, " ")
	if s == "" {
		return nil
	}
	// "\/" is a slash inside the word; a slash at the start is part of
	// the word too.
	word, flagStr := s, ""
	for j := 1; j < len(s); j++ {
		if s[j] == '/' && s[j-1] != '\\' {
			word, flagStr = s[:j], s[j+1:]
			break
		}
	}
	// The flags end at a space ("word/12 3": alias 12, morphology 3).
	if i := strings.IndexAny(flagStr, " \t"); i >= 0 {
		flagStr = flagStr[:i]
	}
	word = strings.ReplaceAll(word, `\/`, "/")
	word = removeChars(word, l.aff.ignore)
	if word == "" {
		return nil
	}
	var flags flagSet
	if flagStr != "" {
		fs, ok := l.intern[flagStr]
		if !ok {
			var err error
			fs, err = l.aff.flagsOrAlias(flagStr)
			if err != nil {
				return err
			}
			l.intern[flagStr] = fs
		}
		flags = fs
	}
	l.add(word, flags)
	if morph != "" {
		l.addMorph(word, flags, morph)
	}
	return nil
}

// morphStart returns the index of the space that starts the morphological
// fields of a line (" po:nom"), or -1.
func morphStart(s string) int {
	for i := 0; i+3 < len(s); i++ {
		if s[i] == ' ' && s[i+3] == ':' && s[i+1] != ' ' && s[i+2] != ' ' {
			j := i
			for j > 0 && s[j-1] == ' ' {
				j--
			}
			if j == 0 {
				return -1
			}
			return j
		}
	}
	return -1
}

// add stores a word, and for mixed-case words a hidden capitalised form so
// that OpenOffice.org also matches OPENOFFICE.ORG, as Hunspell does.
func (l *dicLoader) add(word string, flags flagSet) {
	l.words[word] = append(l.words[word], flags)
	ct := captypeOf(word)
	if ct == capHuh || ct == capHuhInit || (ct == capAll && len(flags) > 0) {
		if flags.has(l.aff.forbidden) {
			return
		}
		hidden := l.hiddenFlags(flags)
		cap := initCap(strings.ToLower(word))
		l.words[cap] = append(l.words[cap], hidden)
	}
}

// hiddenFlags returns flags plus the hidden-homonym flag, interned.
func (l *dicLoader) hiddenFlags(flags flagSet) flagSet {
	key := "\x00hidden"
	for _, f := range flags {
		key += string(rune(f)) + ","
	}
	if fs, ok := l.intern[key]; ok {
		return fs
	}
	fs := append(append(flagSet{}, flags...), flagOnlyUpcase)
	l.intern[key] = fs
	return fs
}
