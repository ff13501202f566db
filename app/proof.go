package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Proofreading: every post and every reply is checked before it leaves.
// The checks themselves live in app/proofread; app holds the contract
// (Proofreader) and the findings, so that the screens can show them and
// scheduling can wait on them, without app knowing how a dictionary is
// read. A text's length against its network's limit and its images'
// descriptions are Check's (Problem), not the proofreader's.

// Severity is how much a finding matters.
type Severity int

// The severities. An error blocks scheduling (unless the user overrides
// it for that post); a warning does not.
const (
	SeverityWarning Severity = iota
	SeverityError
)

// FindingKind names what a finding is about. The screens word each kind
// in the user's language ("proof.<kind>" in the translations), with the
// finding's Args.
type FindingKind string

// The kinds of finding.
const (
	// Spelling: a word the dictionaries and the personal dictionary do
	// not know. Fixes are the suggestions, best first.
	FindSpelling FindingKind = "spelling"

	// French typography.
	FindNarrowSpace      FindingKind = "fr_narrow_space"    // a narrow no-break space before ; : ! ? (":" takes a no-break space)
	FindGuillemetSpace   FindingKind = "fr_guillemet_space" // a no-break space inside « »
	FindApostrophes      FindingKind = "fr_apostrophes"     // straight and curly apostrophes mixed
	FindSpaceBefore      FindingKind = "space_before"       // a space before , or .
	FindEllipsis         FindingKind = "ellipsis"           // three periods for an ellipsis
	FindCapitalAfterEnd  FindingKind = "capital_after_end"  // a sentence that starts in lower case
	FindDoubleSpace      FindingKind = "double_space"       // two spaces between words
	FindRepeatedWord     FindingKind = "repeated_word"      // "the the"
	FindArticleAAn       FindingKind = "en_a_an"            // "a apple", "an banana"
	FindMalformedURL     FindingKind = "malformed_url"      // a link that cannot be opened as written
	FindDeadLink         FindingKind = "dead_link"          // a link that answers 404 or 410, or no server
	FindRedirect         FindingKind = "redirect"           // a link that redirects elsewhere; Fixes hold the target
	FindHashtagCase      FindingKind = "hashtag_case"       // #motsenminuscules, hard for screen readers
	FindAllCaps          FindingKind = "all_caps"           // a text, or a long run of it, in capitals
	FindEmojiRun         FindingKind = "emoji_run"          // more than a few emoji in a row
	FindTooManyHashtags  FindingKind = "too_many_hashtags"  // more than the network's norm
	FindTooManyMentions  FindingKind = "too_many_mentions"  // more than the network's norm
	FindLinkNotClickable FindingKind = "link_not_clickable" // a link where the network will not make it one
)

// Finding is one thing a check found in a text.
type Finding struct {
	Kind     FindingKind
	Severity Severity
	// Start and End are byte offsets of the text concerned, End
	// excluded; both 0 for the text as a whole (an image's missing
	// description, a text too long).
	Start, End int
	// Text is the text concerned, text[Start:End].
	Text string
	// Fixes are replacements for text[Start:End], best first: a click
	// applies one. Empty when there is no fix to offer.
	Fixes []string
	// Args give the message its figures and words ("got", "max", "word").
	Args map[string]string
}

// Blocking reports whether the finding keeps the text from being
// scheduled or sent.
func (f Finding) Blocking() bool { return f.Severity == SeverityError }

// Apply returns text with the finding's fix number i applied. It reports
// false when the fix does not apply any more (the text changed).
func (f Finding) Apply(text string, i int) (string, bool) {
	if i < 0 || i >= len(f.Fixes) || f.End > len(text) || f.Start > f.End || text[f.Start:f.End] != f.Text {
		return text, false
	}
	return text[:f.Start] + f.Fixes[i] + text[f.End:], true
}

// ProofOptions say how a text is checked.
type ProofOptions struct {
	// Language is the text's language; LanguageAuto detects it.
	Language Language
	// Network is where the text goes, for its limits and norms; "" for
	// none.
	Network Network
	// Links asks for the links to be tried over the network (dead links,
	// redirects); off when offline.
	Links bool
	// Names are words this text may hold that no dictionary knows, as
	// the personal dictionary's are: the names and handles of the people
	// a reply answers.
	Names []string
	// KnownFixesOnly gives a misspelt word's fixes only when they were
	// looked for at an earlier check: looking for them takes 10 to 30 ms a
	// word, and the window shows the findings first, then checks again for
	// the fixes (Proofread.FixesPending says when that is needed).
	KnownFixesOnly bool
}

// Proofreader checks texts. It is safe for concurrent use. A check is
// cancelled with its context: a newer keystroke cancels an older check.
type Proofreader interface {
	// Proofread returns the findings in the text, in the order of their
	// positions, and the language it was checked in.
	Proofread(ctx context.Context, text string, opt ProofOptions) (Proofread, error)
	// SetPersonal replaces the personal dictionary: brand names, product
	// names, people, which no check flags.
	SetPersonal(words []string)
}

// Proofread is what a Proofreader found in a text.
type Proofread struct {
	Language Language
	Findings []Finding
	// FixesPending: some misspelt words have no fixes yet because they
	// were not looked for (KnownFixesOnly); a check without it gives them.
	FixesPending bool
}

// Errors reports whether any finding blocks.
func (p Proofread) Errors() bool { return slices.ContainsFunc(p.Findings, Finding.Blocking) }

// proofProblems are the errors the proofreader finds in a text going to
// target, as problems that keep it from going out.
func proofProblems(ctx context.Context, pr Proofreader, text string, opt ProofOptions, target Target) ([]Problem, error) {
	res, err := pr.Proofread(ctx, text, opt)
	if err != nil {
		return nil, fmt.Errorf("proofreading: %w", err)
	}
	var problems []Problem
	for _, f := range res.Findings {
		if f.Blocking() {
			problems = append(problems, Problem{Kind: ProblemProofread, Target: target, Image: -1, Finding: f})
		}
	}
	return problems, nil
}

const settingPersonalWords = "proof.personal_words"

// ErrCorruptSetting is returned for a stored setting that cannot be read.
var ErrCorruptSetting = errors.New("the stored setting is damaged")

// PersonalWords returns the personal dictionary: the words every check
// accepts (brand names, products, people), in the order they were added.
func (s Settings) PersonalWords(ctx context.Context) ([]string, error) {
	v, err := s.store.Setting(ctx, settingPersonalWords)
	if err != nil {
		return nil, fmt.Errorf("reading the personal dictionary: %w", err)
	}
	var words []string
	if v != "" && json.Unmarshal([]byte(v), &words) != nil {
		return nil, fmt.Errorf("reading the personal dictionary: %w", ErrCorruptSetting)
	}
	return words, nil
}

// SetPersonalWords replaces the personal dictionary. Words are trimmed;
// blank ones and repeats (ignoring case and accents) are dropped.
func (s Settings) SetPersonalWords(ctx context.Context, words []string) ([]string, error) {
	words = cleanWords(words)
	b, err := json.Marshal(words)
	if err != nil {
		return nil, fmt.Errorf("saving the personal dictionary: %w", err)
	}
	if err := s.store.SetSetting(ctx, settingPersonalWords, string(b)); err != nil {
		return nil, fmt.Errorf("saving the personal dictionary: %w", err)
	}
	return words, nil
}

// AddPersonalWord adds a word to the personal dictionary, as "Add to
// dictionary" on a flagged word does, and returns the whole dictionary.
func (s Settings) AddPersonalWord(ctx context.Context, word string) ([]string, error) {
	words, err := s.PersonalWords(ctx)
	if err != nil {
		return nil, err
	}
	return s.SetPersonalWords(ctx, append(words, word))
}

// LazyProofreader returns a Proofreader that calls load the first time
// it is needed, so that reading the dictionaries never delays the first
// frame of the window; Warm starts the loading early, in the background.
// A load that fails is tried again at the next check.
func LazyProofreader(load func() (Proofreader, error)) *Lazy {
	return &Lazy{load: load}
}

// Lazy is a Proofreader loaded when first needed (LazyProofreader).
type Lazy struct {
	load func() (Proofreader, error)

	mu       sync.Mutex
	loaded   Proofreader
	loading  chan struct{}  // closed when the load under way ends
	personal []string       // given before the load, for it
	variant  EnglishVariant // given before the load, for it ("" for none)
}

var _ Proofreader = (*Lazy)(nil)

// Warm starts loading in the background, if it has not started.
func (l *Lazy) Warm() {
	go l.get(context.Background())
}

// get returns the loaded proofreader, loading it once; ctx ends the
// wait, not the load.
func (l *Lazy) get(ctx context.Context) (Proofreader, error) {
	for {
		l.mu.Lock()
		if l.loaded != nil {
			p := l.loaded
			l.mu.Unlock()
			return p, nil
		}
		if l.loading == nil {
			done := make(chan struct{})
			l.loading = done
			l.mu.Unlock()
			p, err := l.load()
			l.mu.Lock()
			l.loading = nil
			if err == nil {
				l.loaded = p
				p.SetPersonal(l.personal)
				if vp, ok := p.(VariantProofreader); ok && l.variant != "" {
					vp.SetEnglishVariant(l.variant)
				}
			}
			l.mu.Unlock()
			close(done)
			if err != nil {
				return nil, fmt.Errorf("loading the dictionaries: %w", err)
			}
			return p, nil
		}
		wait := l.loading
		l.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Proofread implements Proofreader, loading first if needed.
func (l *Lazy) Proofread(ctx context.Context, text string, opt ProofOptions) (Proofread, error) {
	p, err := l.get(ctx)
	if err != nil {
		return Proofread{}, err
	}
	return p.Proofread(ctx, text, opt)
}

// SetPersonal implements Proofreader; before the load, the words are
// kept for it.
func (l *Lazy) SetPersonal(words []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.personal = slices.Clone(words)
	if l.loaded != nil {
		l.loaded.SetPersonal(words)
	}
}

const settingCheckLinks = "proof.check_links"

// CheckLinks reports whether the links of a text are tried over the
// network as it is checked (dead links, redirects); off unless chosen.
func (s Settings) CheckLinks(ctx context.Context) bool {
	v, err := s.store.Setting(ctx, settingCheckLinks)
	return err == nil && v == "yes"
}

// SetCheckLinks stores whether links are tried over the network.
func (s Settings) SetCheckLinks(ctx context.Context, on bool) error {
	v := ""
	if on {
		v = "yes"
	}
	if err := s.store.SetSetting(ctx, settingCheckLinks, v); err != nil {
		return fmt.Errorf("saving the proofreading settings: %w", err)
	}
	return nil
}
