package hunspell

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxSuggestions is the largest number of suggestions Suggest returns.
const MaxSuggestions = 8

// Bounds of the work done for one Suggest call.
const (
	maxChecks      = 40000                  // candidate strings checked
	maxMapVariants = 600                    // strings made by MAP replacements
	maxMapChanges  = 3                      // characters MAP changes at once
	suggestTimeout = 500 * time.Millisecond // safety net for very slow machines (see SetSuggestTimeout)
	ngramStemCount = 120                    // stems kept by the n-gram search
)

// Where a candidate came from; lower is preferred on equal scores.
const (
	srcCase = iota
	srcRep
	srcMap
	srcEdit
	srcSplit
	srcNgram
)

// candidate is a possible suggestion.
type candidate struct {
	word    string // as it will be suggested (before the input's case)
	src     int
	extra   float64 // cost added to the distance (split words, BREAK)
	repCost float64 // cost of the REP rule that made it, 0 if none
	scored  bool
	score   float64 // ranking score, lower is better
	sim     float64 // n-gram similarity, higher is better
}

// suggester holds the state of one Suggest call.
type suggester struct {
	d        *Dictionary
	lower    string // the input in lower case
	upper    int    // number of upper-case letters of the input
	ct       captype
	runes    []rune // lower as runes
	first    rune   // first rune of the input, folded
	grams    *gramSet
	keys     map[rune]map[rune]bool
	chars    []rune // characters to insert or replace with
	cache    map[string]checked
	found    map[string]*candidate
	checks   int
	deadline time.Time
}

// Suggest returns up to MaxSuggestions corrections for a misspelt word,
// best first, in the case of the input (a Capitalised word gets
// Capitalised suggestions). It returns nil for a correct word. OCONV is
// applied to the suggestions: the French dictionary, for instance, gives
// "c’est" for "cest". Suggest never proposes forbidden words or words
// flagged NOSUGGEST.
func (d *Dictionary) Suggest(word string) []string {
	word = strings.TrimSpace(word)
	if word == "" || !utf8.ValidString(word) || utf8.RuneCountInString(word) > maxWordRunes {
		return nil
	}
	if d.Spell(word) {
		return nil
	}
	w := d.aff.iconv.convert(word)
	w = strings.TrimRight(w, ".")
	if w == "" {
		return nil
	}
	ct := captypeOf(w)
	s := &suggester{
		d:        d,
		lower:    strings.ToLower(w),
		cache:    map[string]checked{},
		found:    map[string]*candidate{},
		deadline: d.suggestDeadline(),
		keys:     d.keyNeighbours(),
	}
	s.ct = ct
	s.upper = countUpper(w)
	s.runes = []rune(s.lower)
	s.first = fold(s.runes[0])
	s.grams = newGramSet(s.lower)
	s.chars = d.editChars()

	// The word itself in another case: "london" gives "London".
	if form, _, ok := s.accept(s.lower); ok && form != w {
		s.record(form, srcCase, 0, 0)
	}
	s.rep()
	s.mapChars()
	s.edits()
	s.split()
	if !s.enoughGood() && (d.aff.maxNgramSugs > 0 || !d.aff.hasMaxNgram()) {
		s.ngram()
	}
	return s.result(w, ct)
}

// hasMaxNgram reports whether the affix file set MAXNGRAMSUGS (0 then
// disables n-gram suggestions).
func (a *affData) hasMaxNgram() bool { return a.maxNgramSet }

// keyNeighbours returns the neighbour keys of each key, from KEY.
func (d *Dictionary) keyNeighbours() map[rune]map[rune]bool {
	m := map[rune]map[rune]bool{}
	link := func(a, b rune) {
		if m[a] == nil {
			m[a] = map[rune]bool{}
		}
		m[a][b] = true
	}
	for _, group := range d.aff.key {
		r := []rune(group)
		for i := 0; i+1 < len(r); i++ {
			link(r[i], r[i+1])
			link(r[i+1], r[i])
		}
	}
	return m
}

func (s *suggester) neighbours(a, b rune) bool { return s.keys[a][b] }

// editChars returns the lowercase TRY characters, plus the apostrophe and
// the hyphen when they may be part of words.
func (d *Dictionary) editChars() []rune {
	seen := map[rune]bool{}
	var out []rune
	add := func(r rune) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for _, r := range d.aff.try {
		if unicode.ToLower(r) == r {
			add(r)
		}
	}
	for _, r := range "'-" {
		if strings.ContainsRune(d.aff.wordChars, r) || strings.ContainsRune(d.aff.try, r) {
			add(r)
		}
	}
	if len(out) == 0 {
		for r := 'a'; r <= 'z'; r++ {
			add(r)
		}
	}
	return out
}

// budget reports whether more candidates may be checked.
func (s *suggester) budget() bool {
	if s.checks >= maxChecks {
		return false
	}
	if s.checks%256 == 0 && !s.deadline.IsZero() && time.Now().After(s.deadline) {
		s.checks = maxChecks
		return false
	}
	return true
}

// try checks a candidate string and records it when it is a word.
func (s *suggester) try(c string, src int) bool {
	return s.tryRep(c, src, 0)
}

// checked is the cached result of accept.
type checked struct {
	form  string
	extra float64
	ok    bool
}

// tryRep is try for a string made by a REP rule of the given cost.
func (s *suggester) tryRep(c string, src int, repCost float64) bool {
	if c == "" || c == s.lower {
		return false
	}
	r, done := s.cache[c]
	if !done {
		if !s.budget() {
			return false
		}
		s.checks++
		r.form, r.extra, r.ok = s.accept(c)
		s.cache[c] = r
	}
	if r.ok {
		s.record(r.form, src, r.extra, repCost)
	}
	return r.ok
}

// shortParts is the extra cost of words split or joined into parts: short
// parts are more often wrong.
func shortParts(parts []string) float64 {
	extra := 0.3
	for _, p := range parts {
		if utf8.RuneCountInString(p) < 3 {
			extra += 0.5
		}
	}
	return extra
}

// accept tells how a candidate string can be suggested: as it is,
// Capitalised or in upper case (proper nouns, acronyms), as two words, or
// as words joined at a BREAK point (with an extra cost).
func (s *suggester) accept(c string) (form string, extra float64, ok bool) {
	d := s.d
	if v, ok := d.suggestableCase(c); ok {
		return v, 0, true
	}
	if strings.Contains(c, " ") {
		parts := strings.Split(c, " ")
		for i, p := range parts {
			v, ok := d.suggestableCase(p)
			if !ok {
				return "", 0, false
			}
			parts[i] = v
		}
		return strings.Join(parts, " "), shortParts(parts), true
	}
	for _, b := range d.aff.breaks {
		if len(b) == 1 && strings.Contains(c, b) && d.spell(c, 0) {
			return c, costBreakWord + shortParts(strings.Split(c, b)), true
		}
	}
	return "", 0, false
}

// suggestableCase returns c, Capitalised c or upper-case c, the first that
// may be suggested.
func (d *Dictionary) suggestableCase(c string) (string, bool) {
	if d.suggestable(c) {
		return c, true
	}
	if captypeOf(c) != capNone || !d.capStart[capKey(c)] {
		return "", false
	}
	if v := initCap(c); v != c && d.suggestable(v) {
		return v, true
	}
	if v := strings.ToUpper(c); v != c && utf8.RuneCountInString(c) <= 6 && d.suggestable(v) {
		return v, true
	}
	return "", false
}

// suggestable reports whether w is a word (in this exact case) that may be
// suggested: not forbidden, not NOSUGGEST, not a hidden homonym.
func (d *Dictionary) suggestable(w string) bool {
	info := infoInitCap // skip the hidden capitalised homonyms
	fs, ok := d.checkWord(w, &info)
	if !ok || info&infoForbidden != 0 {
		return false
	}
	a := d.aff
	return !fs.has(a.noSuggest) && !fs.has(a.forbidden)
}

// record adds or improves a candidate.
func (s *suggester) record(form string, src int, extra, repCost float64) {
	if strings.ToLower(form) == s.lower {
		src = srcCase
	}
	c, ok := s.found[form]
	if !ok {
		s.found[form] = &candidate{word: form, src: src, extra: extra, repCost: repCost}
		return
	}
	c.src = min(c.src, src)
	c.extra = min(c.extra, extra)
	if repCost > 0 && (c.repCost == 0 || repCost < c.repCost) {
		c.repCost = repCost
	}
}

// countUpper counts the upper-case letters of s.
func countUpper(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// rep applies each REP rule once, then once more to the strings that the
// first pass made (so that "reccomander" reaches "recommander").
func (s *suggester) rep() {
	var misses []string
	for _, v := range s.repVariants(s.lower) {
		if !s.tryRep(v.word, srcRep, v.cost) {
			misses = append(misses, v.word)
		}
	}
	for _, m := range misses {
		for _, v := range s.repVariants(m) {
			if !s.budget() {
				return
			}
			s.try(v.word, srcEdit)
		}
	}
}

// repVariant is a string made by a REP rule, and the cost of the rule:
// 0.5 plus a quarter per character edited.
type repVariant struct {
	word string
	cost float64
}

// repRuleCost is the ranking cost of a REP rule.
func repRuleCost(r repEntry) float64 {
	return 0.5 + 0.25*float64(levenshtein([]rune(r.from), []rune(r.to)))
}

// levenshtein is the plain edit distance between a and b.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// repVariants returns the strings made by applying one REP rule at one
// place of w.
func (s *suggester) repVariants(w string) []repVariant {
	var out []repVariant
	for _, r := range s.d.aff.rep {
		if r.from == "" {
			continue
		}
		cost := repRuleCost(r)
		add := func(v string) { out = append(out, repVariant{v, cost}) }
		switch {
		case r.start && r.end:
			if w == r.from {
				add(r.to)
			}
		case r.start:
			if strings.HasPrefix(w, r.from) {
				add(r.to + w[len(r.from):])
			}
		case r.end:
			if strings.HasSuffix(w, r.from) {
				add(w[:len(w)-len(r.from)] + r.to)
			}
		default:
			for i := 0; ; {
				j := strings.Index(w[i:], r.from)
				if j < 0 {
					break
				}
				at := i + j
				add(w[:at] + r.to + w[at+len(r.from):])
				i = at + 1
			}
		}
	}
	return out
}

// mapChars replaces characters by related ones (MAP), several at a time:
// "evenement" gives "événement".
func (s *suggester) mapChars() {
	if len(s.d.aff.maps) == 0 {
		return
	}
	// For each position, the alternatives that may replace the text
	// starting there.
	type alt struct {
		from, to string
	}
	w := s.lower
	var at [][]alt
	positions := []int{}
	for i := range w {
		var alts []alt
		for _, group := range s.d.aff.maps {
			for _, from := range group {
				if !strings.HasPrefix(w[i:], from) {
					continue
				}
				for _, to := range group {
					if to != from && strings.ToLower(to) == to {
						alts = append(alts, alt{from, to})
					}
				}
			}
		}
		if len(alts) > 0 {
			at = append(at, alts)
			positions = append(positions, i)
		}
	}
	variants := 0
	var walk func(k int, prefix string, from, changes int)
	walk = func(k int, prefix string, from, changes int) {
		if variants >= maxMapVariants || !s.budget() {
			return
		}
		if k == len(positions) || changes == maxMapChanges {
			if changes > 0 {
				variants++
				s.try(prefix+w[from:], srcMap)
			}
			return
		}
		p := positions[k]
		if p < from { // inside a replaced multi-character group
			walk(k+1, prefix, from, changes)
			return
		}
		walk(k+1, prefix, from, changes)
		for _, a := range at[k] {
			walk(k+1, prefix+w[from:p]+a.to, p+len(a.from), changes+1)
		}
	}
	walk(0, "", 0, 0)
}

// edits tries the one-edit changes of the word: swap, delete, insert,
// replace (TRY characters and KEY neighbours), move a character, swap
// distant characters, remove a repeated pair.
func (s *suggester) edits() {
	r := s.runes
	n := len(r)
	str := func(x []rune) string { return string(x) }
	buf := make([]rune, 0, n+1)
	// Adjacent swaps.
	for i := 0; i+1 < n; i++ {
		buf = append(buf[:0], r...)
		buf[i], buf[i+1] = buf[i+1], buf[i]
		s.try(str(buf), srcEdit)
	}
	// Deletions.
	for i := 0; i < n; i++ {
		buf = append(append(buf[:0], r[:i]...), r[i+1:]...)
		s.try(str(buf), srcEdit)
	}
	// Replacements by neighbour keys, then by TRY characters.
	for i := 0; i < n; i++ {
		for k := range s.keys[r[i]] {
			if unicode.ToLower(k) != k {
				continue
			}
			buf = append(buf[:0], r...)
			buf[i] = k
			s.try(str(buf), srcEdit)
		}
	}
	for _, c := range s.chars {
		for i := 0; i < n; i++ {
			if r[i] == c {
				continue
			}
			buf = append(buf[:0], r...)
			buf[i] = c
			s.try(str(buf), srcEdit)
		}
	}
	// Insertions.
	for _, c := range s.chars {
		for i := 0; i <= n; i++ {
			buf = append(append(append(buf[:0], r[:i]...), c), r[i:]...)
			s.try(str(buf), srcEdit)
		}
	}
	// Moves of one character by 2 to 4 places, and distant swaps.
	for i := 0; i < n; i++ {
		for dist := 2; dist <= 4; dist++ {
			if j := i + dist; j < n {
				buf = append(buf[:0], r...)
				c := buf[i]
				copy(buf[i:j], buf[i+1:j+1])
				buf[j] = c
				s.try(str(buf), srcEdit)
				buf = append(buf[:0], r...)
				c = buf[j]
				copy(buf[i+1:j+1], buf[i:j])
				buf[i] = c
				s.try(str(buf), srcEdit)
				buf = append(buf[:0], r...)
				buf[i], buf[j] = buf[j], buf[i]
				s.try(str(buf), srcEdit)
			}
		}
	}
	// A repeated pair of characters: "vacacation".
	for i := 0; i+3 < n; i++ {
		if r[i] == r[i+2] && r[i+1] == r[i+3] {
			buf = append(append(buf[:0], r[:i]...), r[i+2:]...)
			s.try(str(buf), srcEdit)
		}
	}
}

// split tries two words: "alot" gives "a lot".
func (s *suggester) split() {
	if s.d.aff.noSplitSugs {
		return
	}
	for i := range s.lower {
		if i == 0 {
			continue
		}
		left, right := s.lower[:i], s.lower[i:]
		if left[len(left)-1] == '\'' || left[len(left)-1] == '-' {
			continue
		}
		s.try(left+" "+right, srcSplit)
	}
}

// enoughGood reports whether the edits found enough close candidates to
// skip the n-gram search.
func (s *suggester) enoughGood() bool {
	good := 0
	for _, c := range s.found {
		if s.score(c) <= 1.0 {
			good++
		}
	}
	return good >= 3
}

// ngram adds the forms of the stems most similar to the word.
func (s *suggester) ngram() {
	d := s.d
	a := d.aff
	wl := len(s.runes)
	lo, hi := max(1, wl-3), wl+3
	limit := max(2.0, float64(wl)/3)
	type scored struct {
		form  string
		score float64
	}
	var best []scored
	for _, st := range d.ngramStems(s.lower, ngramStemCount) {
		if !s.deadline.IsZero() && time.Now().After(s.deadline) {
			break
		}
		homs := d.words[st.stem]
		if len(homs) == 0 {
			homs = []flagSet{nil} // personal word
		}
		for _, fs := range homs {
			if fs.has(a.noSuggest) || fs.has(a.forbidden) || fs.has(a.onlyInCompound) || fs.has(flagOnlyUpcase) {
				continue
			}
			lowerStem := captypeOf(st.stem) == capNone
			d.expand(st.stem, fs, lo, hi, s.first, func(form string) {
				if lowerStem && captypeOf(form) != capNone {
					return // "D'Aujourd'hui" for "aujourd'hui"
				}
				sc := distanceMax(s.runes, []rune(strings.ToLower(form)), s.neighbours, limit)
				if sc <= limit {
					best = append(best, scored{form, sc})
				}
			})
		}
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].score != best[j].score {
			return best[i].score < best[j].score
		}
		return best[i].form < best[j].form
	})
	added := 0
	for _, b := range best {
		if added >= 3*MaxSuggestions {
			break
		}
		if _, ok := s.found[b.form]; ok {
			continue
		}
		// The form came from the affix rules; check it as Spell would.
		if d.suggestable(b.form) {
			s.record(b.form, srcNgram, 0, 0)
			added++
		}
	}
}

// score is the ranking score of a candidate: the weighted distance from
// the input plus its extra costs, or the cost of the REP rule that made it
// when lower (REP encodes known confusions), plus a small cost for each
// capital letter more or less than the input has.
func (s *suggester) score(c *candidate) float64 {
	if c.scored {
		return c.score
	}
	low := strings.ToLower(c.word)
	c.score = distance(s.runes, []rune(low), s.neighbours) + c.extra
	if c.repCost > 0 {
		c.score = min(c.score, c.repCost)
	}
	up := countUpper(c.word)
	switch s.ct {
	case capInit:
		up = max(up, 1)
	case capAll:
		up = s.upper
	}
	diff := up - s.upper
	if diff < 0 {
		diff = -diff
	}
	c.score += 0.15 * float64(diff)
	c.sim = s.grams.similarity(low)
	c.scored = true
	return c.score
}

// result ranks the candidates and gives them the case of the input.
func (s *suggester) result(w string, ct captype) []string {
	list := make([]*candidate, 0, len(s.found))
	for _, c := range s.found {
		s.score(c)
		list = append(list, c)
	}
	firstFold := func(x string) rune {
		r, _ := utf8.DecodeRuneInString(x)
		return fold(r)
	}
	f0 := firstFold(s.lower)
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.score != b.score {
			return a.score < b.score
		}
		if a.sim != b.sim {
			return a.sim > b.sim
		}
		if fa, fb := firstFold(a.word) == f0, firstFold(b.word) == f0; fa != fb {
			return fa
		}
		if a.src != b.src {
			return a.src < b.src
		}
		return a.word < b.word
	})
	var out []string
	limit := 0.0
	if len(list) > 0 {
		wl := float64(len(s.runes))
		limit = min(max(2.0, wl/4), list[0].score+1.0)
	}
	seen := map[string]bool{}
	for _, c := range list {
		if len(out) == MaxSuggestions {
			break
		}
		if c.score > limit && len(out) > 0 {
			break
		}
		sug := c.word
		switch ct {
		case capInit:
			sug = initCap(sug)
		case capAll:
			sug = strings.ToUpper(sug)
		}
		if sug != c.word && !s.d.Spell(sug) {
			sug = c.word
		}
		sug = s.d.aff.oconv.convert(sug)
		if sug == w || seen[sug] {
			continue
		}
		seen[sug] = true
		out = append(out, sug)
	}
	return out
}
