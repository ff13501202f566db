package hunspell

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// affData is everything read from an affix file.
type affData struct {
	enc   *charset
	flags flagParser

	try       string
	key       []string // KEY groups, split at '|'
	wordChars string
	ignore    string
	rep       []repEntry
	maps      [][]string // MAP groups of related characters or strings
	iconv     *convTable
	oconv     *convTable
	breaks    []string

	prefixes, suffixes affixIndex
	allPrefixes        []*affix
	allSuffixes        []*affix
	contClasses        map[flag]bool        // flags that appear in a continuation class
	twoSfx             affixIndex           // suffixes whose flag is in a continuation class
	sfxByCont          map[flag]*affixIndex // suffixes by flag of their continuation class
	morphs             morphInterner        // the morphological descriptions, shared
	prefixByFlag       map[flag][]*affix
	suffixByFlag       map[flag][]*affix

	needAffix, forbidden, keepCase, noSuggest, onlyInCompound flag
	circumfix, warn                                           flag
	forbidWarn, fullStrip                                     bool

	compoundFlag, compoundBegin, compoundMiddle, compoundEnd flag
	compoundPermit, compoundForbid                           flag
	compoundMin, compoundWordMax                             int
	checkCompoundDup, checkCompoundTriple                    bool
	compoundRules                                            []compoundRule

	maxNgramSugs int
	maxNgramSet  bool
	noSplitSugs  bool

	aliasF []flagSet
}

// hasCompound reports whether the affix file enables compounding.
func (a *affData) hasCompound() bool {
	return a.compoundFlag != 0 || a.compoundBegin != 0 || a.compoundMiddle != 0 ||
		a.compoundEnd != 0 || len(a.compoundRules) > 0
}

// lineError is an error found on a given line of a file.
func lineError(name string, line int, err error) error {
	return fmt.Errorf("%s line %d: %w", name, line, err)
}

// splitLines splits a file in lines without their end-of-line characters.
func splitLines(b []byte) [][]byte {
	var lines [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		line := b[:i]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		lines = append(lines, line)
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return lines
}

// affParser reads an affix file line by line.
type affParser struct {
	name  string
	lines []string
	pos   int // index of the next line
	aff   *affData
}

// parseAff parses the content of an affix file.
func parseAff(name string, raw []byte) (*affData, error) {
	encName := findSet(raw)
	var enc *charset
	var err error
	switch {
	case encName != "":
		enc, err = lookupCharset(encName)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	case utf8.Valid(raw):
		// Hunspell defaults to ISO8859-1; a file that is valid UTF-8 is
		// far more likely to be UTF-8 nowadays.
		enc, _ = lookupCharset("UTF-8")
	default:
		enc, _ = lookupCharset("ISO8859-1")
	}
	p := &affParser{name: name, aff: &affData{
		enc:         enc,
		flags:       flagParser{enc: enc},
		key:         []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"},
		compoundMin: 3,
		iconv:       &convTable{},
		oconv:       &convTable{},
		contClasses: map[flag]bool{},
	}}
	for i, b := range splitLines(raw) {
		if i == 0 {
			b = trimBOM(b)
		}
		s, err := enc.decode(b)
		if err != nil {
			return nil, lineError(name, i+1, err)
		}
		p.lines = append(p.lines, s)
	}
	breaksSet := false
	for p.pos < len(p.lines) {
		lineNo := p.pos + 1
		fields := strings.Fields(p.lines[p.pos])
		p.pos++
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[0] == "BREAK" {
			breaksSet = true
		}
		if err := p.directive(fields); err != nil {
			return nil, lineError(name, lineNo, err)
		}
	}
	a := p.aff
	if !breaksSet {
		a.breaks = []string{"-", "^-", "-$"}
	}
	for _, list := range [][]*affix{a.allPrefixes, a.allSuffixes} {
		for _, e := range list {
			for _, f := range e.cont {
				a.contClasses[f] = true
			}
		}
	}
	a.sfxByCont = map[flag]*affixIndex{}
	for _, e := range a.allSuffixes {
		if !a.contClasses[e.flag] {
			continue
		}
		a.twoSfx.insert(e)
		if a.sfxByCont[e.flag] != nil {
			continue
		}
		x := &affixIndex{}
		for _, inner := range a.allSuffixes {
			if inner.cont.has(e.flag) {
				x.insert(inner)
			}
		}
		a.sfxByCont[e.flag] = x
	}
	a.prefixByFlag, a.suffixByFlag = map[flag][]*affix{}, map[flag][]*affix{}
	for _, e := range a.allPrefixes {
		a.prefixByFlag[e.flag] = append(a.prefixByFlag[e.flag], e)
	}
	for _, e := range a.allSuffixes {
		a.suffixByFlag[e.flag] = append(a.suffixByFlag[e.flag], e)
	}
	return a, nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

var errMissing = errors.New("missing value")

// directive handles one line of the affix file.
func (p *affParser) directive(f []string) error {
	a := p.aff
	arg := func() (string, error) {
		if len(f) < 2 {
			return "", fmt.Errorf("%s: %w", f[0], errMissing)
		}
		return f[1], nil
	}
	flagArg := func(dst *flag) error {
		s, err := arg()
		if err != nil {
			return err
		}
		v, err := a.flags.parseOne(s)
		if err != nil {
			return fmt.Errorf("%s: %w", f[0], err)
		}
		*dst = v
		return nil
	}
	intArg := func(dst *int) error {
		s, err := arg()
		if err != nil {
			return err
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return fmt.Errorf("%s: bad number %q", f[0], s)
		}
		*dst = v
		return nil
	}
	switch f[0] {
	case "SET":
		return nil // handled before decoding
	case "FLAG":
		s, err := arg()
		if err != nil {
			return err
		}
		switch strings.ToLower(s) {
		case "long":
			a.flags.mode = flagLong
		case "num":
			a.flags.mode = flagNum
		case "utf-8", "utf8":
			a.flags.mode = flagUTF8
		default:
			return fmt.Errorf("FLAG: unknown flag type %q", s)
		}
	case "TRY":
		s, err := arg()
		if err != nil {
			return err
		}
		a.try = s
	case "KEY":
		s, err := arg()
		if err != nil {
			return err
		}
		a.key = strings.Split(s, "|")
	case "WORDCHARS":
		s, err := arg()
		if err != nil {
			return err
		}
		a.wordChars = s
	case "IGNORE":
		s, err := arg()
		if err != nil {
			return err
		}
		a.ignore = s
	case "NEEDAFFIX", "PSEUDOROOT":
		return flagArg(&a.needAffix)
	case "FORBIDDENWORD":
		return flagArg(&a.forbidden)
	case "KEEPCASE":
		return flagArg(&a.keepCase)
	case "NOSUGGEST":
		return flagArg(&a.noSuggest)
	case "ONLYINCOMPOUND":
		return flagArg(&a.onlyInCompound)
	case "CIRCUMFIX":
		return flagArg(&a.circumfix)
	case "WARN":
		return flagArg(&a.warn)
	case "FORBIDWARN":
		a.forbidWarn = true
	case "FULLSTRIP":
		a.fullStrip = true
	case "COMPOUNDFLAG":
		return flagArg(&a.compoundFlag)
	case "COMPOUNDBEGIN":
		return flagArg(&a.compoundBegin)
	case "COMPOUNDMIDDLE":
		return flagArg(&a.compoundMiddle)
	case "COMPOUNDEND", "COMPOUNDLAST":
		return flagArg(&a.compoundEnd)
	case "COMPOUNDPERMITFLAG":
		return flagArg(&a.compoundPermit)
	case "COMPOUNDFORBIDFLAG":
		return flagArg(&a.compoundForbid)
	case "COMPOUNDMIN":
		if err := intArg(&a.compoundMin); err != nil {
			return err
		}
		a.compoundMin = max(a.compoundMin, 1)
	case "COMPOUNDWORDMAX":
		return intArg(&a.compoundWordMax)
	case "CHECKCOMPOUNDDUP":
		a.checkCompoundDup = true
	case "CHECKCOMPOUNDTRIPLE":
		a.checkCompoundTriple = true
	case "MAXNGRAMSUGS":
		a.maxNgramSet = true
		return intArg(&a.maxNgramSugs)
	case "NOSPLITSUGS":
		a.noSplitSugs = true
	case "REP":
		return p.table(f, func(g []string) error {
			if len(g) < 3 {
				return fmt.Errorf("REP: %w", errMissing)
			}
			a.rep = append(a.rep, parseRep(g[1], g[2]))
			return nil
		})
	case "ICONV", "OCONV":
		t := a.iconv
		if f[0] == "OCONV" {
			t = a.oconv
		}
		return p.table(f, func(g []string) error {
			if len(g) < 3 {
				return fmt.Errorf("%s: %w", f[0], errMissing)
			}
			t.add(strings.ReplaceAll(g[1], "_", " "), strings.ReplaceAll(g[2], "_", " "))
			return nil
		})
	case "MAP":
		return p.table(f, func(g []string) error {
			if len(g) < 2 {
				return fmt.Errorf("MAP: %w", errMissing)
			}
			a.maps = append(a.maps, parseMap(g[1]))
			return nil
		})
	case "BREAK":
		return p.table(f, func(g []string) error {
			if len(g) < 2 {
				return fmt.Errorf("BREAK: %w", errMissing)
			}
			a.breaks = append(a.breaks, g[1])
			return nil
		})
	case "AF":
		return p.table(f, func(g []string) error {
			s := ""
			if len(g) >= 2 && !strings.HasPrefix(g[1], "#") {
				s = g[1]
			}
			fs, err := a.flags.parse(s)
			if err != nil {
				return fmt.Errorf("AF: %w", err)
			}
			a.aliasF = append(a.aliasF, fs)
			return nil
		})
	case "COMPOUNDRULE":
		return p.table(f, func(g []string) error {
			if len(g) < 2 {
				return fmt.Errorf("COMPOUNDRULE: %w", errMissing)
			}
			r, err := parseCompoundRule(g[1], a.flags)
			if err != nil {
				return fmt.Errorf("COMPOUNDRULE: %w", err)
			}
			a.compoundRules = append(a.compoundRules, r)
			return nil
		})
	case "AM", "PHONE", "CHECKCOMPOUNDPATTERN", "COMPOUNDSYLLABLE":
		// Parsed to skip their lines; their content is not used.
		if f[0] == "COMPOUNDSYLLABLE" {
			return nil
		}
		return p.table(f, func([]string) error { return nil })
	case "PFX", "SFX":
		return p.affixClass(f)
	}
	return nil
}

// table reads the lines of a table directive such as "REP 3": the count
// line, then as many lines starting with the same keyword.
func (p *affParser) table(head []string, entry func([]string) error) error {
	if len(head) < 2 {
		return fmt.Errorf("%s: missing entry count", head[0])
	}
	n, err := strconv.Atoi(head[1])
	if err != nil || n < 0 {
		// A single-line form (MAP abc without count) is not Hunspell's
		// format; report it rather than guessing.
		return fmt.Errorf("%s: bad entry count %q", head[0], head[1])
	}
	for i := 0; i < n; i++ {
		g, lineNo, ok := p.nextFields()
		if !ok {
			return fmt.Errorf("%s: table ends after %d of %d entries", head[0], i, n)
		}
		if g[0] != head[0] {
			return lineError(p.name, lineNo, fmt.Errorf("%s table is corrupt: %q", head[0], p.lines[lineNo-1]))
		}
		if err := entry(g); err != nil {
			return lineError(p.name, lineNo, err)
		}
	}
	return nil
}

// nextFields returns the fields of the next line that is not empty or a
// comment, and its line number.
func (p *affParser) nextFields() ([]string, int, bool) {
	for p.pos < len(p.lines) {
		lineNo := p.pos + 1
		f := strings.Fields(p.lines[p.pos])
		p.pos++
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		return f, lineNo, true
	}
	return nil, 0, false
}

// flagsOrAlias decodes a flag field, which is an AF alias number when the
// file has an AF table.
func (a *affData) flagsOrAlias(s string) (flagSet, error) {
	if len(a.aliasF) > 0 {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > len(a.aliasF) {
			return nil, fmt.Errorf("bad flag alias %q (AF has %d entries)", s, len(a.aliasF))
		}
		return a.aliasF[n-1], nil
	}
	return a.flags.parse(s)
}

// affixClass reads a PFX or SFX header and its entries.
func (p *affParser) affixClass(head []string) error {
	a := p.aff
	kind := head[0]
	if len(head) < 4 {
		return fmt.Errorf("%s header needs a flag, Y or N and a count", kind)
	}
	fl, err := a.flags.parseOne(head[1])
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	cross := head[2] == "Y"
	n, err := strconv.Atoi(head[3])
	if err != nil || n < 0 {
		return fmt.Errorf("%s %s: bad entry count %q", kind, head[1], head[3])
	}
	for i := 0; i < n; i++ {
		g, lineNo, ok := p.nextFields()
		if !ok {
			return fmt.Errorf("%s %s: %d entries announced, %d found", kind, head[1], n, i)
		}
		e, err := p.affixEntry(g, kind, head[1], fl, cross)
		if err != nil {
			return lineError(p.name, lineNo, err)
		}
		if e.prefix {
			a.prefixes.insert(e)
			a.allPrefixes = append(a.allPrefixes, e)
		} else {
			a.suffixes.insert(e)
			a.allSuffixes = append(a.allSuffixes, e)
		}
	}
	return nil
}

// affixEntry parses "SFX flag strip add[/cont] [condition [morphology]]".
func (p *affParser) affixEntry(g []string, kind, flagName string, fl flag, cross bool) (*affix, error) {
	a := p.aff
	if g[0] != kind || len(g) < 4 || g[1] != flagName {
		return nil, fmt.Errorf("%s %s: affix entry is corrupt: %q", kind, flagName, strings.Join(g, " "))
	}
	e := &affix{flag: fl, prefix: kind == "PFX", cross: cross}
	if g[2] != "0" {
		e.strip = g[2]
	}
	add := g[3]
	if i := strings.IndexByte(add, '/'); i >= 0 {
		cont, err := a.flagsOrAlias(add[i+1:])
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, flagName, err)
		}
		e.cont = cont
		add = add[:i]
	}
	if add != "0" {
		e.add = removeChars(add, a.ignore)
	}
	cond := "."
	if len(g) >= 5 {
		cond = g[4]
	}
	e.cond = parseCondition(cond)
	if len(g) >= 6 {
		e.morph = p.aff.morphs.intern(strings.Join(g[5:], " "))
	}
	return e, nil
}

// parseMap splits a MAP entry into its related characters; "(ss)" groups
// several characters into one alternative.
func parseMap(s string) []string {
	var out []string
	for len(s) > 0 {
		if s[0] == '(' {
			if j := strings.IndexByte(s, ')'); j > 0 {
				if j > 1 {
					out = append(out, s[1:j])
				}
				s = s[j+1:]
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(s)
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// removeChars returns s without the characters listed in chars.
func removeChars(s, chars string) string {
	if chars == "" || !strings.ContainsAny(s, chars) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(chars, r) {
			return -1
		}
		return r
	}, s)
}
