package sentiment

import (
	"bufio"
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// The lexicons, embedded: see data/README.md for where each comes from.
var (
	//go:embed data/vader_lexicon.txt
	vaderData string
	//go:embed data/en_extra.txt
	englishExtra string
	//go:embed data/fr_lexicon.txt
	frenchData string
	//go:embed data/emoji.txt
	emojiData string
	//go:embed data/VADER-LICENSE.txt
	vaderLicence []byte
)

// VADERLicence is the licence and credit of the VADER lexicon the
// package ships (MIT, C.J. Hutto), for the About box.
func VADERLicence() []byte { return append([]byte(nil), vaderLicence...) }

// lexicon is one language's words and rules.
type lexicon struct {
	lang      app.Language
	words     map[string]float64  // folded word → valence (−4…4)
	phrases   map[string][]phrase // folded first word → phrases, longest first
	boosters  map[string]float64  // folded word → step (+ booster, − dampener)
	negations map[string]bool     // words that negate the three after them
	after     map[string]bool     // French: words that negate the one before them ("j'aime pas")
	between   map[string]bool     // French: words that may stand between a word and its "pas"
	contrast  map[string]bool     // "mais", "but"
	elisions  map[string]bool     // French: "l", "n", "qu"… that an apostrophe ends
}

// phrase is a run of words with one valence ("au top", "rip off").
type phrase struct {
	words   []string
	valence float64
}

// token is one word, emoticon or emoji of a text.
type token struct {
	key     string // folded: lower case, no accents
	caps    bool   // two letters or more, all capitals
	letters bool   // has a letter
	emoji   bool
	clause  int // the clause it stands in: punctuation ends one
}

func newEnglish(emoji map[string]float64) *lexicon {
	l := newLexicon(app.LanguageEnglish, emoji)
	parseVADER(l, vaderData)
	parseSimple(l, englishExtra)
	setWords(l.boosters, boostIncr, "absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially super thoroughly totally tremendously uber unbelievably unusually utterly very way")
	setWords(l.boosters, -boostIncr, "almost barely hardly kinda kindof less little marginally occasionally partly scarcely slightly somewhat sorta sortof")
	setBool(l.negations, "aint arent cannot cant couldnt darent didnt doesnt dont hadnt hasnt havent isnt mightnt mustnt neither neednt never no nobody none noone nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent without wont wouldnt rarely seldom despite uh-uh")
	setBool(l.contrast, "but however")
	return l
}

func newFrench(emoji map[string]float64) *lexicon {
	l := newLexicon(app.LanguageFrench, emoji)
	l.after, l.between, l.elisions = map[string]bool{}, map[string]bool{}, map[string]bool{}
	setBool(l.elisions, "c d j l m n s t qu jusqu lorsqu puisqu quoiqu presqu")
	parseSimple(l, frenchData)
	setWords(l.boosters, boostIncr, "très trop vraiment super hyper ultra archi méga extrêmement tellement si totalement complètement absolument vachement grave franchement énormément particulièrement carrément sacrément profondément incroyablement terriblement vraiment bien tout")
	setWords(l.boosters, -boostIncr, "peu légèrement assez plutôt moyennement presque quasi quasiment relativement")
	setBool(l.negations, "ne n' pas jamais rien aucun aucune sans ni nullement guère")
	setBool(l.after, "pas jamais")
	setBool(l.between, "vraiment le la les l' ça ca du tout")
	setBool(l.contrast, "mais cependant pourtant toutefois néanmoins")
	return l
}

func newLexicon(lang app.Language, emoji map[string]float64) *lexicon {
	l := &lexicon{
		lang: lang, words: make(map[string]float64, 8000), phrases: map[string][]phrase{},
		boosters: map[string]float64{}, negations: map[string]bool{}, contrast: map[string]bool{},
	}
	for k, v := range emoji {
		l.words[k] = v
	}
	return l
}

// parseVADER reads vader_lexicon.txt: a token, its mean valence, its
// standard deviation and the raters' scores, by tabs. A token listed
// twice keeps its last valence, as VADER's own reader does.
func parseVADER(l *lexicon, data string) {
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		l.words[fold(f[0])] = v
	}
}

// parseSimple reads Relais's lexicons: a word or phrase, a tab, its
// valence; "#" starts a comment. A phrase is tokenized as texts are.
func parseSimple(l *lexicon, data string) (entries int) {
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		entry, val, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			continue
		}
		toks := l.split(entry, false)
		if len(toks) > 0 {
			entries++
		}
		switch len(toks) {
		case 1:
			l.words[toks[0].key] = v
		default:
			p := phrase{valence: v}
			for _, t := range toks {
				p.words = append(p.words, t.key)
			}
			first := p.words[0]
			l.phrases[first] = append(l.phrases[first], p)
			sort.SliceStable(l.phrases[first], func(i, j int) bool {
				return len(l.phrases[first][i].words) > len(l.phrases[first][j].words)
			})
		}
	}
	return entries
}

// parseEmoji reads emoji.txt: an emoji, a tab, its valence.
func parseEmoji(data string) map[string]float64 {
	m := map[string]float64{}
	for _, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, val, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
			m[fold(strings.ReplaceAll(e, "\uFE0F", ""))] = v
		}
	}
	return m
}

func setWords(m map[string]float64, v float64, words string) {
	for _, w := range strings.Fields(words) {
		m[fold(w)] = v
	}
}

func setBool(m map[string]bool, words string) {
	for _, w := range strings.Fields(words) {
		m[fold(w)] = true
	}
}

// phraseAt is the longest phrase starting at toks[i], all in one clause.
func (l *lexicon) phraseAt(toks []token, i int) (phrase, bool) {
next:
	for _, p := range l.phrases[toks[i].key] {
		if i+len(p.words) > len(toks) {
			continue
		}
		for j, w := range p.words {
			t := toks[i+j]
			if t.key != w && l.stem(t.key) != w || t.clause != toks[i].clause {
				continue next
			}
		}
		return p, true
	}
	return phrase{}, false
}

// stem is key as the lexicon lists it, when an ending or stretched
// letters hide it; key itself otherwise.
func (l *lexicon) stem(key string) string {
	if _, ok := l.words[key]; ok {
		return key
	}
	if s := squeeze(key, 2); s != key {
		if _, ok := l.words[s]; ok {
			return s
		}
		s = squeeze(key, 1)
		if _, ok := l.words[s]; ok {
			return s
		}
		key = s
	}
	if l.lang != app.LanguageFrench {
		return key
	}
	for _, c := range frenchStems(key) {
		if _, ok := l.words[c]; ok {
			return c
		}
	}
	return key
}

// lookup is the valence of a folded word (0 when unknown).
func (l *lexicon) lookup(key string) float64 {
	if v, ok := l.words[key]; ok {
		return v
	}
	return l.words[l.stem(key)]
}

// frenchStems are the forms a French word may come from: without its
// plural, its feminine, a verb's ending.
func frenchStems(w string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 2 {
			out = append(out, s)
		}
	}
	base := w
	switch {
	case strings.HasSuffix(w, "aux"):
		add(strings.TrimSuffix(w, "aux") + "al")
		base = strings.TrimSuffix(w, "x")
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"):
		base = w[:len(w)-1]
		add(base)
	}
	if strings.HasSuffix(base, "ment") { // an adverb: "agréablement"
		base = strings.TrimSuffix(base, "ment")
		add(base)
	}
	for _, r := range [][2]string{
		{"euse", "eux"}, {"ive", "if"}, {"lle", "l"}, {"ette", "et"}, {"enne", "en"}, {"ere", "er"},
		{"e", ""}, {"ez", "er"}, {"ent", "e"}, {"ons", "er"}, {"ait", "er"}, {"ais", "er"},
	} {
		if strings.HasSuffix(base, r[0]) {
			add(strings.TrimSuffix(base, r[0]) + r[1])
		}
	}
	return out
}

// squeeze shortens runs of one letter longer than n to n ("trooop").
func squeeze(s string, n int) string {
	var b strings.Builder
	var prev rune
	run := 0
	for _, r := range s {
		if r == prev {
			run++
		} else {
			prev, run = r, 1
		}
		if run <= n {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tokenize splits a text into tokens, keeping whole the emoticons of the
// lexicon (":-)", "<3") and hyphenated words it lists.
func (l *lexicon) tokenize(text string) []token { return l.split(text, true) }

func (l *lexicon) split(text string, known bool) []token {
	var toks []token
	clause := 0
	for _, field := range strings.Fields(text) {
		if known {
			low := strings.ToLower(field)
			if _, ok := l.words[low]; ok && !isWord(low) { // ":)", ":D", "<3"
				toks = append(toks, token{key: low, clause: clause})
				continue
			}
		}
		var word []rune
		flush := func() {
			if len(word) == 0 {
				return
			}
			w := string(word)
			word = word[:0]
			if strings.Contains(w, "-") && (!known || l.lookup(fold(w)) == 0 && l.phrases[fold(w)] == nil) {
				for _, part := range strings.Split(w, "-") {
					if part != "" {
						toks = append(toks, wordToken(part, clause))
					}
				}
				return
			}
			toks = append(toks, wordToken(w, clause))
		}
		rs := []rune(field)
		for i, r := range rs {
			switch {
			case r == '\'' || r == '’' || r == 'ʼ':
				if l.elisions != nil && l.elisions[fold(string(word))] {
					word = append(word, '\'')
					flush()
				} else if len(word) > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
					word = append(word, '\'')
				} else {
					flush()
				}
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
				word = append(word, r)
			case (r == '-' || r == '/') && len(word) > 0 && i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])):
				word = append(word, r)
			case r == '\uFE0F' || r == '\u200D' || (r >= 0x1F3FB && r <= 0x1F3FF):
				// emoji presentation, joiners and skin tones add nothing
			case isEmoji(r):
				flush()
				toks = append(toks, token{key: string(r), emoji: true, clause: clause})
			default:
				flush()
				if strings.ContainsRune(",;.!?:…()\"«»", r) {
					clause++
				}
			}
		}
		flush()
	}
	return toks
}

func wordToken(w string, clause int) token {
	letters, upper := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return token{key: fold(w), caps: letters >= 2 && upper == letters, letters: letters > 0, clause: clause}
}

// isWord tells a field of letters and digits (with apostrophes and
// hyphens) from an emoticon.
func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-' {
			return false
		}
	}
	return true
}

// isEmoji tells the pictographs and symbols that stand for a feeling.
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r == 0x2B50 || unicode.Is(unicode.So, r)
}

// fold lowers a word and takes its accents off: "Déçu" is "decu".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) { // a combining accent
			continue
		}
		r = unicode.ToLower(r)
		switch r {
		case 'à', 'â', 'ä', 'á', 'ã', 'å':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'î', 'ï', 'í', 'ì':
			r = 'i'
		case 'ô', 'ö', 'ó', 'ò', 'õ':
			r = 'o'
		case 'ù', 'û', 'ü', 'ú':
			r = 'u'
		case 'ç':
			r = 'c'
		case 'ÿ':
			r = 'y'
		case 'ñ':
			r = 'n'
		case 'œ':
			b.WriteString("oe")
			continue
		case 'æ':
			b.WriteString("ae")
			continue
		case '’', 'ʼ':
			r = '\''
		}
		b.WriteRune(r)
	}
	return b.String()
}
