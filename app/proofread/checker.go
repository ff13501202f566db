package proofread

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"golang.org/x/text/unicode/norm"
)

// Speller knows a language's words. *hunspell.Dictionary is one.
type Speller interface {
	// Spell reports whether word is correctly spelt.
	Spell(word string) bool
	// Suggest returns corrections for a misspelt word, best first.
	Suggest(word string) []string
}

// maxSuggestions is the most fixes a spelling finding offers.
const maxSuggestions = 5

// maxSuggestedWords is the most misspelt words of one text whose fixes
// are looked for (10 to 40 ms a word): the words after them are marked
// without fixes, unless fixes were found for them before, so that 60 kB
// of typos is checked in well under a second, not two minutes.
const maxSuggestedWords = 8

// Checker is the app.Proofreader: it runs every check of this package. It
// is safe for concurrent use.
type Checker struct {
	dicts   map[app.Language]Speller
	grammar map[app.Language]Grammar

	client      *http.Client
	linkTimeout time.Duration
	linkWorkers int

	mu       sync.RWMutex
	personal map[string]bool // personalKey of each word
	variant  app.EnglishVariant

	ukLoad func() (Speller, error) // the British dictionary, read when UK is first used
	ukOnce sync.Once
	uk     Speller
	ukErr  error
}

var _ app.Proofreader = (*Checker)(nil)

// Option sets up a Checker.
type Option func(*Checker)

// WithHTTPClient sets the client that tries links (when ProofOptions.Links
// is on). The default is http.DefaultClient. Its redirects are not
// followed: the checker reports them.
func WithHTTPClient(c *http.Client) Option { return func(k *Checker) { k.client = c } }

// WithLinkTimeout sets how long one link is tried (5 s by default).
func WithLinkTimeout(d time.Duration) Option { return func(k *Checker) { k.linkTimeout = d } }

// WithLinkConcurrency sets how many links are tried at once (4 by
// default).
func WithLinkConcurrency(n int) Option { return func(k *Checker) { k.linkWorkers = max(1, n) } }

// Grammar checks one language's grammar: confusions of words, agreement,
// conjugation. A Checker runs it after spelling, on the same text.
type Grammar interface {
	// Check returns the grammar findings of text, with byte offsets
	// into text, in any order. known tells whether a word is the user's
	// own (the personal dictionary, the names a reply answers): a rule
	// should not fire on such a word. It returns ctx.Err() when ctx ends
	// first.
	Check(ctx context.Context, text string, known func(word string) bool) ([]app.Finding, error)
}

// WithGrammar adds the grammar checks g for texts in lang.
func WithGrammar(lang app.Language, g Grammar) Option {
	return func(k *Checker) { k.grammar[lang] = g }
}

// New returns a Checker that spells with dicts (a language without a
// dictionary is not spell-checked; nil dicts for none).
func New(dicts map[app.Language]Speller, opts ...Option) *Checker {
	c := &Checker{
		dicts:       map[app.Language]Speller{},
		grammar:     map[app.Language]Grammar{},
		client:      http.DefaultClient,
		linkTimeout: 5 * time.Second,
		linkWorkers: 4,
		personal:    map[string]bool{},
	}
	for l, s := range dicts {
		if s != nil {
			c.dicts[l] = &remembering{Speller: s, seen: make(map[string][]string)}
		}
	}
	for _, o := range opts {
		o(c)
	}
	if c.client == nil {
		c.client = http.DefaultClient
	}
	return c
}

// personalKey is how personal words compare: in lower case, NFC, with
// typographic apostrophes, accents kept.
func personalKey(w string) string {
	return strings.ReplaceAll(norm.NFC.String(strings.ToLower(strings.TrimSpace(w))), "'", "’")
}

// addWords puts entry in m, and each of its words when it has several
// ("Boulangerie Martin" makes "Martin" known too).
func addWords(m map[string]bool, entry string) {
	if k := personalKey(entry); k != "" {
		m[k] = true
	}
	for _, t := range Tokens(entry) {
		if t.Kind == Word {
			m[personalKey(t.Text)] = true
		}
	}
}

// SetPersonal replaces the personal dictionary. Its words are compared in
// any case but with their accents.
func (c *Checker) SetPersonal(words []string) {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		addWords(m, w)
	}
	c.mu.Lock()
	c.personal = m
	c.mu.Unlock()
}

func (c *Checker) personalSet() map[string]bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.personal
}

// Proofread runs the checks on text. It returns ctx.Err() when ctx ends
// before the checks do.
func (c *Checker) Proofread(ctx context.Context, text string, opt app.ProofOptions) (app.Proofread, error) {
	if err := ctx.Err(); err != nil {
		return app.Proofread{}, err
	}
	toks := Tokens(text)
	lang := opt.Language
	if lang != app.LanguageFrench && lang != app.LanguageEnglish {
		lang = detectTokens(toks)
	}
	personal := c.personalSet()
	names := make(map[string]bool)
	for _, n := range opt.Names {
		addWords(names, n)
	}
	d := &doc{text: text, toks: toks, lang: lang, personal: func(w string) bool {
		k := personalKey(w)
		return personal[k] || names[k]
	}}
	speller := c.dicts[lang]
	if lang == app.LanguageEnglish && c.englishVariant() == app.EnglishUK && c.ukLoad != nil {
		sp, err := c.ukSpeller()
		if err != nil {
			return app.Proofread{}, err
		}
		speller = sp
	}

	var out []app.Finding
	pending := false
	stages := []func() []app.Finding{
		func() []app.Finding { return typographyChecks(d) },
		func() []app.Finding { return accessChecks(d, speller) },
		func() []app.Finding { return networkChecks(d, opt.Network) },
		func() []app.Finding { return checkMalformedURL(d) },
	}
	for _, stage := range stages {
		if err := ctx.Err(); err != nil {
			return app.Proofread{}, err
		}
		out = append(out, stage()...)
	}
	if speller != nil {
		found, missing, err := spellCheck(ctx, d, speller, opt.KnownFixesOnly)
		if err != nil {
			return app.Proofread{}, err
		}
		out = append(out, found...)
		pending = missing
	}
	if g := c.grammar[lang]; g != nil {
		found, err := g.Check(ctx, text, d.personal)
		if err != nil {
			return app.Proofread{}, err
		}
		out = append(out, found...)
	}
	if opt.Links {
		found, err := c.checkLinks(ctx, d)
		if err != nil {
			return app.Proofread{}, err
		}
		out = append(out, found...)
	}
	if err := ctx.Err(); err != nil {
		return app.Proofread{}, err
	}
	return app.Proofread{Language: lang, Findings: tidy(out), FixesPending: pending}, nil
}

// typographyChecks are the checks of typography.go for d's language.
func typographyChecks(d *doc) []app.Finding {
	var out []app.Finding
	if d.lang == app.LanguageFrench {
		out = append(out, checkNarrowSpace(d)...)
		out = append(out, checkGuillemetSpace(d)...)
	}
	out = append(out, checkApostrophes(d)...)
	out = append(out, checkSpaceBefore(d)...)
	out = append(out, checkEllipsis(d)...)
	out = append(out, checkCapitalAfterEnd(d)...)
	out = append(out, checkDoubleSpace(d)...)
	out = append(out, checkRepeatedWord(d)...)
	if d.lang == app.LanguageEnglish {
		out = append(out, checkArticleAAn(d)...)
	}
	return out
}

// tidy sorts findings by position and drops a finding that overlaps an
// earlier one of the same kind.
func tidy(fs []app.Finding) []app.Finding {
	slices.SortStableFunc(fs, func(a, b app.Finding) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	out := fs[:0]
	lastEnd := map[app.FindingKind]int{}
	for _, f := range fs {
		if end, ok := lastEnd[f.Kind]; ok && (f.Start < end || f.Start == f.End && f.Start == 0 && end == 0) {
			continue
		}
		lastEnd[f.Kind] = f.End
		out = append(out, f)
	}
	return out
}

// rememberMax bounds the suggestions a remembering speller keeps.
const rememberMax = 4096

// remembering is a Speller that keeps the suggestions it gave: they cost
// 10 to 30 ms a word, and a text is checked again at every pause in the
// typing, with the same typos in it.
type remembering struct {
	Speller
	mu   sync.Mutex
	seen map[string][]string
}

// knows reports whether the suggestions for word are remembered.
func (r *remembering) knows(word string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.seen[word]
	return ok
}

func (r *remembering) Suggest(word string) []string {
	r.mu.Lock()
	s, ok := r.seen[word]
	r.mu.Unlock()
	if ok {
		return s
	}
	s = r.Speller.Suggest(word)
	r.mu.Lock()
	if len(r.seen) >= rememberMax {
		clear(r.seen)
	}
	r.seen[word] = s
	r.mu.Unlock()
	return s
}

// spellCheck looks up every word of d that should be looked up. With
// knownOnly, a misspelt word's fixes are given only when remembered from
// an earlier check, and pending reports a word whose fixes were not.
func spellCheck(ctx context.Context, d *doc, sp Speller, knownOnly bool) (out []app.Finding, pending bool, err error) {
	fixes := map[string][]string{} // of the words of this text
	looked := 0                    // words whose fixes were looked for
	for i, t := range d.toks {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		if t.Kind != Word || skipSpelling(d, t.Text) {
			continue
		}
		start, end, ok := spellWord(d, sp, t)
		if ok {
			continue
		}
		word := d.text[start:end]
		if d.lang == app.LanguageEnglish {
			if us := americanOf(sp, word); us != "" {
				f := d.finding(FindUSSpelling, app.SeverityWarning, start, end, us)
				f.Args = map[string]string{"word": word}
				out = append(out, f)
				continue
			}
		}
		sev := app.SeverityError
		if d.lang == app.LanguageEnglish && start == t.Start && looksLikeName(d, i) {
			sev = app.SeverityWarning
		}
		fix, ok := fixes[word]
		if !ok {
			r, isCache := sp.(*remembering)
			known := isCache && r.knows(word) // free: found at an earlier check
			switch {
			case !known && knownOnly && isCache:
				pending = true
			case known || looked < maxSuggestedWords:
				if !known {
					looked++
				}
				fix = suggestions(sp, word)
			}
			fixes[word] = fix
		}
		f := d.finding(app.FindSpelling, sev, start, end, fix...)
		f.Args = map[string]string{"word": word}
		out = append(out, f)
	}
	return out, pending, nil
}

// skipSpelling reports the words that are not looked up: one letter,
// with digits, acronyms in capitals up to 5 letters, personal words.
func skipSpelling(d *doc, w string) bool {
	n := utf8.RuneCountInString(w)
	if n <= 1 || strings.IndexFunc(w, unicode.IsDigit) >= 0 || d.personal(w) {
		return true
	}
	return n <= 5 && strings.IndexFunc(w, unicode.IsLower) < 0
}

// spellWord checks a word token; when it is misspelt, start and end say
// which part is (the word after an elision, or the whole).
func spellWord(d *doc, sp Speller, t Token) (start, end int, ok bool) {
	w := t.Text
	if sp.Spell(w) {
		return 0, 0, true
	}
	if d.lang == app.LanguageFrench {
		if prefix, rest, found := splitElision(w); found {
			if d.personal(rest) || spellParts(d, sp, rest) {
				return 0, 0, true
			}
			return t.Start + len(prefix), t.End, false
		}
	}
	if d.lang == app.LanguageEnglish {
		for _, s := range []string{"'s", "’s"} {
			if stem, found := strings.CutSuffix(w, s); found && stem != "" && (d.personal(stem) || sp.Spell(stem)) {
				return 0, 0, true
			}
		}
	}
	if strings.ContainsAny(w, "-‐") && spellParts(d, sp, w) {
		return 0, 0, true
	}
	return t.Start, t.End, false
}

// spellParts checks w whole, then, if it has hyphens, each of its parts
// (the parts of one letter pass: "va-t-en").
func spellParts(d *doc, sp Speller, w string) bool {
	if sp.Spell(w) {
		return true
	}
	parts := strings.FieldsFunc(w, isHyphen)
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !skipSpelling(d, p) && !sp.Spell(p) {
			return false
		}
	}
	return true
}

// suggestions returns up to maxSuggestions fixes for word, in its case.
func suggestions(sp Speller, word string) []string {
	var out []string
	for _, s := range sp.Suggest(word) {
		s = matchCase(word, s)
		if s == word || s == "" || slices.Contains(out, s) {
			continue
		}
		out = append(out, s)
		if len(out) == maxSuggestions {
			break
		}
	}
	return out
}

// matchCase puts suggestion s in the case of word: Capitalised or
// UPPERCASE words get Capitalised or UPPERCASE suggestions.
func matchCase(word, s string) string {
	first, n := utf8.DecodeRuneInString(word)
	if !unicode.IsUpper(first) {
		return s
	}
	if utf8.RuneCountInString(word) > 1 && strings.IndexFunc(word[n:], unicode.IsLower) < 0 {
		return strings.ToUpper(s)
	}
	return capitalise(s)
}
