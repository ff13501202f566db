package hunspell

import (
	"fmt"
	"unicode/utf8"
)

// compoundRule is a COMPOUNDRULE pattern: a sequence of flags, each
// possibly followed by * (any number) or ? (optional).
type compoundRule []ruleAtom

type ruleAtom struct {
	flag  flag
	quant byte // 0, '*' or '?'
}

func parseCompoundRule(s string, fp flagParser) (compoundRule, error) {
	var r compoundRule
	for len(s) > 0 {
		var unit string
		if s[0] == '(' {
			j := 1
			for j < len(s) && s[j] != ')' {
				j++
			}
			if j == len(s) {
				return nil, fmt.Errorf("unclosed ( in %q", s)
			}
			unit, s = s[1:j], s[j+1:]
		} else {
			n := 1
			if fp.mode == flagUTF8 || (fp.enc != nil && !fp.enc.utf8) {
				_, n = utf8.DecodeRuneInString(s)
			}
			if fp.mode == flagLong {
				n = 0
				for k := 0; k < 2 && n < len(s); k++ {
					if fp.enc != nil && fp.enc.utf8 {
						n++
					} else {
						_, m := utf8.DecodeRuneInString(s[n:])
						n += m
					}
				}
			}
			unit, s = s[:n], s[n:]
		}
		f, err := fp.parseOne(unit)
		if err != nil {
			return nil, err
		}
		atom := ruleAtom{flag: f}
		if len(s) > 0 && (s[0] == '*' || s[0] == '?') {
			atom.quant = s[0]
			s = s[1:]
		}
		r = append(r, atom)
	}
	return r, nil
}

// maxCompoundParts bounds the number of parts of a compound word.
const maxCompoundParts = 16

// compoundCheck reports whether word is a compound made of dictionary
// words according to the COMPOUND* flags or the COMPOUNDRULE patterns.
func (d *Dictionary) compoundCheck(word string) bool {
	a := d.aff
	if len(a.compoundRules) > 0 && d.compoundRuleCheck(word) {
		return true
	}
	if a.compoundFlag == 0 && a.compoundBegin == 0 {
		return false
	}
	memo := map[[2]int]bool{}
	return d.compoundFrom(word, 0, 0, "", memo)
}

// compoundFrom checks whether word[pos:] completes a compound whose first
// n parts were accepted; prev is the previous part (for CHECKCOMPOUNDDUP).
func (d *Dictionary) compoundFrom(word string, pos, n int, prev string, memo map[[2]int]bool) bool {
	a := d.aff
	if n >= maxCompoundParts || (a.compoundWordMax > 0 && n >= a.compoundWordMax) {
		return false
	}
	key := [2]int{pos, min(n, 2)}
	if !a.checkCompoundDup && a.compoundWordMax == 0 {
		if failed, ok := memo[key]; ok && failed {
			return false
		}
	}
	rest := word[pos:]
	minLen := a.compoundMin
	count := 0 // runes before i
	for i := range rest {
		if count < minLen {
			count++
			continue
		}
		count++
		part, tail := rest[:i], rest[i:]
		if utf8.RuneCountInString(tail) < minLen {
			break
		}
		if a.checkCompoundTriple && tripleAt(word, pos+i) {
			continue
		}
		if !d.compoundPart(part, n == 0, false) {
			continue
		}
		if a.checkCompoundDup && part == prev {
			continue
		}
		// Last part.
		if d.compoundPart(tail, false, true) && !(a.checkCompoundDup && tail == part) {
			return true
		}
		if d.compoundFrom(word, pos+i, n+1, part, memo) {
			return true
		}
	}
	memo[key] = true
	return false
}

// tripleAt reports whether three equal characters meet at the boundary
// byte index i of word.
func tripleAt(word string, i int) bool {
	before, after := []rune(word[:i]), []rune(word[i:])
	if len(before) == 0 || len(after) == 0 {
		return false
	}
	b, c := before[len(before)-1], after[0]
	if b != c {
		return false
	}
	return (len(before) >= 2 && before[len(before)-2] == b) || (len(after) >= 2 && after[1] == b)
}

// compoundPart reports whether part can stand at the beginning, the end or
// the middle of a compound.
func (d *Dictionary) compoundPart(part string, begin, end bool) bool {
	a := d.aff
	need := a.compoundMiddle
	inCpd := cpdOther
	switch {
	case begin:
		need, inCpd = a.compoundBegin, cpdBegin
	case end:
		need, inCpd = a.compoundEnd, cpdEnd
	}
	for _, need := range []flag{a.compoundFlag, need} {
		if need == 0 {
			continue
		}
		for _, fs := range d.words[part] {
			if fs.has(need) && !fs.has(a.forbidden) && !fs.has(a.needAffix) && !fs.has(a.compoundForbid) {
				return true
			}
		}
		if fs, ok := d.affixCheck(part, need, inCpd); ok && !fs.has(a.forbidden) && !fs.has(a.compoundForbid) {
			return true
		}
	}
	return false
}

// compoundRuleCheck matches word against the COMPOUNDRULE patterns, each
// part being a dictionary word (without affixes) of COMPOUNDMIN characters
// at least.
func (d *Dictionary) compoundRuleCheck(word string) bool {
	a := d.aff
	// Byte offsets of the rune boundaries.
	var bounds []int
	for i := range word {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(word))
	for _, rule := range a.compoundRules {
		failed := map[[2]int]bool{}
		if d.matchRule(word, bounds, 0, rule, 0, 0, failed) {
			return true
		}
	}
	return false
}

// matchRule matches the runes from bounds[bi] against rule[ri:]; parts
// counts the parts matched so far.
func (d *Dictionary) matchRule(word string, bounds []int, bi int, rule compoundRule, ri, parts int, failed map[[2]int]bool) bool {
	if bi == len(bounds)-1 {
		if parts < 2 {
			return false
		}
		for _, at := range rule[ri:] {
			if at.quant == 0 {
				return false
			}
		}
		return true
	}
	if ri == len(rule) || parts >= maxCompoundParts {
		return false
	}
	key := [2]int{bi, ri*3 + min(parts, 2)}
	if failed[key] {
		return false
	}
	at := rule[ri]
	if at.quant != 0 && d.matchRule(word, bounds, bi, rule, ri+1, parts, failed) {
		return true
	}
	for bj := bi + d.aff.compoundMin; bj < len(bounds); bj++ {
		part := word[bounds[bi]:bounds[bj]]
		ok := false
		for _, fs := range d.words[part] {
			if fs.has(at.flag) && !fs.has(d.aff.forbidden) {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		next := ri + 1
		if at.quant == '*' {
			next = ri
		}
		if d.matchRule(word, bounds, bj, rule, next, parts+1, failed) {
			return true
		}
	}
	failed[key] = true
	return false
}
