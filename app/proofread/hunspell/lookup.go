package hunspell

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// cpd tells where a word being checked stands in a compound.
type cpd int

const (
	cpdNot   cpd = iota // not in a compound
	cpdBegin            // first part
	cpdEnd              // last part
	cpdOther            // middle part
)

// Bits of the info value that the checking functions pass around, after
// Hunspell's SPELL_* values.
const (
	infoForbidden = 1 << iota // a forbidden word was found
	infoInitCap               // the word was typed Capitalised
)

// maxWordRunes is the longest word checked; longer ones are misspelt (as in
// Hunspell, which has a similar limit).
const maxWordRunes = 100

// maxBreakDepth bounds the recursion through BREAK points.
const maxBreakDepth = 10

// Spell reports whether word is correctly spelt. word is a single word as
// cut by a tokenizer: it may carry trailing abbreviation dots ("etc."),
// hyphens, apostrophes (straight or typographic) and digits. Numbers such
// as 42, 3.14 or 1,000 are correct; so is an empty string. A word wrapped
// in apostrophes used as quotes ('word') is checked without them.
func (d *Dictionary) Spell(word string) bool {
	word = strings.TrimSpace(word)
	if word == "" {
		return true
	}
	if !utf8.ValidString(word) {
		return false
	}
	if d.spell(word, 0) {
		return true
	}
	if t := strings.Trim(word, "'’"); t != word && t != "" && d.spell(t, 0) {
		return true
	}
	// Dictionaries without an ICONV rule for the typographic apostrophe
	// (or with words spelt with it) get the other apostrophe too.
	var alt string
	switch {
	case strings.ContainsRune(word, '’'):
		alt = strings.ReplaceAll(word, "’", "'")
	case strings.ContainsRune(word, '\''):
		alt = strings.ReplaceAll(word, "'", "’")
	default:
		return false
	}
	return d.spell(alt, 0)
}

// isNumber reports whether s is a number with dots, commas or dashes
// between digits ("1.5", "1,000", "2024-01-02"), as Hunspell accepts.
func isNumber(s string) bool {
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			sep = false
		case c == ',' || c == '.' || c == '-':
			if sep || i == 0 {
				return false
			}
			sep = true
		default:
			return false
		}
	}
	return !sep
}

// spell is Hunspell's spell(): input conversion, abbreviation dots,
// numbers, capitalisation, then BREAK points. depth counts the recursion
// through break points.
func (d *Dictionary) spell(word string, depth int) bool {
	if depth > maxBreakDepth || utf8.RuneCountInString(word) > maxWordRunes {
		return false
	}
	a := d.aff
	w := a.iconv.convert(strings.TrimLeft(word, " "))
	abbv := len(w) - len(strings.TrimRight(w, "."))
	w = w[:len(w)-abbv]
	if w == "" {
		return true
	}
	if isNumber(w) {
		return true
	}
	ct := captypeOf(w)
	info := 0
	fs, ok := d.checkCased(w, ct, abbv > 0, &info)
	if ok {
		if a.warn != 0 && fs.has(a.warn) && a.forbidWarn {
			return false
		}
		return true
	}
	if info&infoForbidden != 0 || len(a.breaks) == 0 {
		return false
	}
	// The word as the case rules left it.
	if ct == capAll || ct == capInit {
		w = lowerInitCap(w)
	}
	return d.spellBreaks(w, depth)
}

// checkCased applies Hunspell's capitalisation rules to w, whose
// capitalisation is ct; abbv tells that w was followed by dots.
func (d *Dictionary) checkCased(w string, ct captype, abbv bool, info *int) (flagSet, bool) {
	a := d.aff
	switch ct {
	case capNone, capHuh, capHuhInit:
		if fs, ok := d.checkWord(w, info); ok {
			return fs, true
		}
		if abbv {
			return d.checkWord(w+".", info)
		}
		return nil, false
	case capAll:
		if fs, ok := d.checkWord(w, info); ok {
			return fs, true
		}
		if abbv {
			if fs, ok := d.checkWord(w+".", info); ok {
				return fs, true
			}
		}
		// Prefixes separated by an apostrophe: L'ÉCOLE -> l'École, L'École.
		if low := strings.ToLower(w); strings.Contains(low, "'") {
			if i := strings.IndexByte(low, '\''); i < len(low)-1 {
				p1, p2 := low[:i+1], initCap(low[i+1:])
				if fs, ok := d.checkWord(p1+p2, info); ok {
					return fs, true
				}
				if fs, ok := d.checkWord(initCap(p1)+p2, info); ok {
					return fs, true
				}
			}
		}
	}
	// Capitalised, or upper case not found as such.
	capd := w
	if ct == capAll {
		capd = lowerInitCap(w)
	}
	if ct == capInit {
		*info |= infoInitCap
	}
	fs, ok := d.checkWord(capd, info)
	*info &^= infoInitCap
	if *info&infoForbidden != 0 {
		return nil, false
	}
	if ok && ct == capAll && fs.has(a.keepCase) {
		ok = false
	}
	if ok {
		return fs, true
	}
	low := strings.ToLower(w)
	capd = lowerInitCap(w)
	fs, ok = d.checkWord(low, info)
	if abbv && !ok {
		fs, ok = d.checkWord(low+".", info)
		if !ok {
			if ct == capInit {
				*info |= infoInitCap
			}
			fs, ok = d.checkWord(capd+".", info)
			*info &^= infoInitCap
			if ok && ct == capAll && fs.has(a.keepCase) {
				ok = false
			}
			return fs, ok
		}
	}
	if ok && fs.has(a.keepCase) {
		ok = false
	}
	return fs, ok
}

// spellBreaks checks a word made of correct words joined at BREAK points.
func (d *Dictionary) spellBreaks(w string, depth int) bool {
	a := d.aff
	n := 0
	for _, b := range a.breaks {
		n += strings.Count(w, b)
	}
	if n >= 10 {
		return false
	}
	wl := len(w)
	// Patterns anchored at the beginning or the end.
	for _, b := range a.breaks {
		pl := len(b)
		if pl == 1 || pl > wl {
			continue
		}
		if b[0] == '^' && strings.HasPrefix(w, b[1:]) && d.spell(w[pl-1:], depth+1) {
			return true
		}
		if b[pl-1] == '$' && strings.HasSuffix(w, b[:pl-1]) && d.spell(w[:wl-pl+1], depth+1) {
			return true
		}
	}
	// Break at the second occurrence of a pattern (to find dictionary
	// words that contain it), then at the first.
	for pass := 0; pass < 2; pass++ {
		for _, b := range a.breaks {
			pl := len(b)
			found := strings.Index(w, b)
			if found <= 0 || found >= wl-pl {
				continue
			}
			if pass == 0 {
				if f2 := strings.Index(w[found+1:], b); f2 >= 0 && found+1+f2 < wl-pl {
					found = found + 1 + f2
				}
			}
			if !d.spell(w[found+pl:], depth+1) {
				continue
			}
			if d.spell(w[:found], depth+1) {
				return true
			}
		}
	}
	return false
}

// checkWord looks w up as it is (Hunspell's checkword): as a dictionary
// or personal word, then with affixes, then as a compound.
func (d *Dictionary) checkWord(w string, info *int) (flagSet, bool) {
	a := d.aff
	if a.ignore != "" {
		w = removeChars(w, a.ignore)
	}
	if w == "" {
		return nil, false
	}
	initcap := *info&infoInitCap != 0
	if fs, ok := d.personalWord(w); ok && !(initcap && fs.has(flagOnlyUpcase)) {
		return fs, true
	}
	homs := d.words[w]
	if len(homs) > 0 && homs[0].has(a.forbidden) {
		*info |= infoForbidden
		return nil, false
	}
	for _, fs := range homs {
		if fs.has(a.needAffix) || fs.has(a.onlyInCompound) || (initcap && fs.has(flagOnlyUpcase)) {
			continue
		}
		return fs, true
	}
	fs, ok := d.affixCheck(w, 0, cpdNot)
	if ok && (fs.has(a.onlyInCompound) || (initcap && fs.has(flagOnlyUpcase))) {
		ok = false
	}
	if ok {
		if fs.has(a.forbidden) {
			*info |= infoForbidden
			return nil, false
		}
		return fs, true
	}
	if a.hasCompound() && d.compoundCheck(w) {
		return flagSet{}, true
	}
	return nil, false
}

// affixCheck finds the stem of word through its affixes: prefix (maybe
// crossed with a suffix), suffix, then two suffixes, then prefix and two
// suffixes. It returns the flags of the stem found.
func (d *Dictionary) affixCheck(word string, needflag flag, in cpd) (flagSet, bool) {
	if fs, ok := d.prefixCheck(word, in, needflag); ok {
		return fs, true
	}
	if fs, ok := d.suffixCheck(word, false, nil, 0, needflag, in); ok {
		return fs, true
	}
	if len(d.aff.twoSfx.byAdd) == 0 {
		return nil, false
	}
	if fs, ok := d.suffixCheckTwoSfx(word, false, nil, needflag); ok {
		return fs, true
	}
	return d.prefixCheckTwoSfx(word, in, needflag)
}

// stemLength reports whether an affix of addLen bytes may be removed from a
// word of wordLen bytes: something must remain unless FULLSTRIP is set.
func (a *affData) stemLength(wordLen, addLen int) bool {
	rest := wordLen - addLen
	return rest > 0 || (rest == 0 && a.fullStrip)
}

func (d *Dictionary) prefixCheck(word string, in cpd, needflag flag) (res flagSet, found bool) {
	a := d.aff
	d.aff.prefixes.forEachPrefix(word, func(add string, g *affixGroup) bool {
		if !a.stemLength(len(word), len(add)) {
			return false
		}
		stem := ""
		var homs []flagSet
		looked := false
		for _, pe := range g.entries {
			if in == cpdNot && pe.cont.has(a.onlyInCompound) {
				continue
			}
			if in == cpdEnd && !pe.cont.has(a.compoundPermit) {
				continue
			}
			if stem == "" {
				stem = g.strip + word[len(add):]
			}
			if !pe.cond.matchPrefix(stem) {
				continue
			}
			if !looked {
				homs, looked = d.words[stem], true
			}
			if !pe.cont.has(a.needAffix) {
				for _, fs := range homs {
					if fs.has(pe.flag) && (needflag == 0 || fs.has(needflag) || pe.cont.has(needflag)) {
						res, found = fs, true
						return true
					}
				}
			}
			if pe.cross {
				if fs, ok := d.suffixCheck(stem, true, pe, 0, needflag, in); ok {
					res, found = fs, true
					return true
				}
			}
		}
		return false
	})
	return res, found
}

// suffixCheck finds a stem of word through one suffix. With xprod, the
// suffix is crossed with the prefix ppfx already removed; a non-zero
// cclass requires the suffix's continuation class to contain it (the
// outer suffix of a two-suffix form).
func (d *Dictionary) suffixCheck(word string, xprod bool, ppfx *affix, cclass, needflag flag, in cpd) (res flagSet, found bool) {
	a := d.aff
	var badflag flag
	if in == cpdNot {
		badflag = a.onlyInCompound
	}
	var pcont flagSet
	if ppfx != nil {
		pcont = ppfx.cont
	}
	index := &a.suffixes
	if cclass != 0 {
		if index = a.sfxByCont[cclass]; index == nil {
			return nil, false
		}
	}
	index.forEachSuffix(word, func(add string, g *affixGroup) bool {
		if !a.stemLength(len(word), len(add)) {
			return false
		}
		stem, built := "", false
		var homs []flagSet
		looked := false
		for _, se := range g.entries {
			if xprod && !se.cross {
				continue
			}
			if in == cpdBegin && !se.cont.has(a.compoundPermit) {
				continue
			}
			if c := a.circumfix; c != 0 {
				pc, sc := pcont.has(c), se.cont.has(c)
				if pc != sc {
					continue
				}
			}
			if in == cpdNot && se.cont.has(a.onlyInCompound) {
				continue
			}
			if cclass == 0 && se.cont.has(a.needAffix) && (ppfx == nil || pcont.has(a.needAffix)) {
				continue
			}
			if len(add) > 0 && in == cpdEnd && ppfx == nil && se.cont.has(a.onlyInCompound) {
				continue
			}
			if cclass != 0 && !se.cont.has(cclass) {
				continue
			}
			if !built {
				stem, built = word[:len(word)-len(add)]+g.strip, true
			}
			if !se.cond.matchSuffix(stem) {
				continue
			}
			if !looked {
				homs, looked = d.words[stem], true
			}
			for _, fs := range homs {
				if !fs.has(se.flag) && !pcont.has(se.flag) {
					continue
				}
				if xprod && !(ppfx != nil && (fs.has(ppfx.flag) || se.cont.has(ppfx.flag))) {
					continue
				}
				if badflag != 0 && fs.has(badflag) {
					continue
				}
				if needflag != 0 && !fs.has(needflag) && !se.cont.has(needflag) {
					continue
				}
				res, found = fs, true
				return true
			}
		}
		return false
	})
	return res, found
}

// suffixCheckTwoSfx finds a stem through two suffixes: the outer one is
// removed here, the inner one by suffixCheck with the outer flag as
// cclass.
func (d *Dictionary) suffixCheckTwoSfx(word string, xprod bool, ppfx *affix, needflag flag) (res flagSet, found bool) {
	a := d.aff
	a.twoSfx.forEachSuffix(word, func(add string, g *affixGroup) bool {
		if !a.stemLength(len(word), len(add)) {
			return false
		}
		stem, built := "", false
		for _, se := range g.entries {
			if xprod && !se.cross {
				continue
			}
			if !built {
				stem, built = word[:len(word)-len(add)]+g.strip, true
			}
			if !se.cond.matchSuffix(stem) {
				continue
			}
			var fs flagSet
			var ok bool
			if ppfx != nil && !se.cont.has(ppfx.flag) {
				fs, ok = d.suffixCheck(stem, xprod, ppfx, se.flag, needflag, cpdNot)
			} else {
				fs, ok = d.suffixCheck(stem, false, nil, se.flag, needflag, cpdNot)
			}
			if ok {
				res, found = fs, true
				return true
			}
		}
		return false
	})
	return res, found
}

// prefixCheckTwoSfx removes a prefix, then two suffixes.
func (d *Dictionary) prefixCheckTwoSfx(word string, in cpd, needflag flag) (res flagSet, found bool) {
	a := d.aff
	d.aff.prefixes.forEachPrefix(word, func(add string, g *affixGroup) bool {
		if !a.stemLength(len(word), len(add)) {
			return false
		}
		stem := ""
		for _, pe := range g.entries {
			if !pe.cross || in == cpdBegin {
				continue
			}
			if stem == "" {
				stem = g.strip + word[len(add):]
			}
			if !pe.cond.matchPrefix(stem) {
				continue
			}
			if fs, ok := d.suffixCheckTwoSfx(stem, true, pe, needflag); ok {
				res, found = fs, true
				return true
			}
		}
		return false
	})
	return res, found
}

// sortStems sorts the stems for a deterministic suggestion order.
func sortStems(s []string) { slices.Sort(s) }
