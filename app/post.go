package app

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Status is where a post stands on its way out.
type Status string

// The statuses of a post, in the order a post moves through them. The user
// moves a post between idea, draft, ready and scheduled; the publishing
// engine sets published and failed.
const (
	StatusIdea      Status = "idea"
	StatusDraft     Status = "draft"
	StatusReady     Status = "ready"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
	StatusFailed    Status = "failed"
)

// Statuses lists the statuses in workflow order.
var Statuses = []Status{StatusIdea, StatusDraft, StatusReady, StatusScheduled, StatusPublished, StatusFailed}

// Post is one piece of content, written once, with a variant per target.
type Post struct {
	ID       ID
	Title    string // optional, for the CM's own eyes
	Text     string
	Tags     []string
	Campaign string
	Notes    string // for the team or the client; never published
	Status   Status
	// Variants are where the post goes, one per target, each with the
	// text to send there.
	Variants []Variant
	Media    []Media
	// UTM asks for campaign parameters on every link when the post goes
	// out (see TagLinks).
	UTM bool
	// PlannedAt is when the post is planned to go out, in UTC; zero for
	// a draft not on the calendar yet. For a recurring post, the first
	// time.
	PlannedAt time.Time
	// Zone is the IANA time zone the post was planned in. Recurrences
	// repeat at the same wall-clock time in it, across daylight saving.
	Zone string
	// Recurrence is an RFC 5545 RRULE value (without "RRULE:"), such as
	// "FREQ=MONTHLY;BYDAY=1MO"; "" for a post that goes out once.
	Recurrence string
	// Language is the text's ISO 639-1 language ("fr", "en"), told to the
	// networks that ask; "" lets them guess.
	Language string
	// Warning is a content warning shown before the text on Mastodon.
	Warning string
	// Visibility is who sees the post on Mastodon; "" is public.
	Visibility Visibility
	// ImageFit is the user's consent to crop or pad the images for a
	// network that takes only some shapes (Instagram); FitNone refuses
	// an image outside them at scheduling.
	ImageFit ImageFit
	// IgnoreProof is the user's choice to schedule the post despite the
	// proofreader's errors (a word it does not know, say).
	IgnoreProof bool
	// IgnoreLimit is the user's choice to schedule the post despite a
	// full publishing limit (Drafts.PublishingLimits).
	IgnoreLimit bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// IsEmpty reports whether the post holds nothing the user wrote.
func (p Post) IsEmpty() bool {
	if strings.TrimSpace(p.Title) != "" || strings.TrimSpace(p.Text) != "" || len(p.Tags) > 0 ||
		strings.TrimSpace(p.Notes) != "" || len(p.Media) > 0 {
		return false
	}
	for _, v := range p.Variants {
		if strings.TrimSpace(v.Text) != "" {
			return false
		}
	}
	return true
}

// Target is where a variant goes: an account once accounts are connected,
// or, for planning before that, a network kind alone.
type Target struct {
	Network Network
	Account ID // zero for a network kind alone
}

// Key is a stable text form of the target, for maps and stored settings.
func (t Target) Key() string {
	if t.Account.IsZero() {
		return string(t.Network)
	}
	return string(t.Network) + ":" + t.Account.String()
}

// ParseTarget reads a Target's Key.
func ParseTarget(key string) (Target, error) {
	network, account, hasAccount := strings.Cut(key, ":")
	n, err := ParseNetwork(network)
	if err != nil {
		return Target{}, err
	}
	t := Target{Network: n}
	if hasAccount {
		if t.Account, err = ParseID(account); err != nil {
			return Target{}, err
		}
	}
	return t, nil
}

// Variant is the post as it goes to one target.
type Variant struct {
	Target Target
	// Text replaces the post's text for this target; "" means the post's
	// text, so that editing the post edits every variant not edited on
	// its own.
	Text string
}

// TextFor returns the text the variant sends, before link tagging.
func (p Post) TextFor(v Variant) string {
	if v.Text != "" {
		return v.Text
	}
	return p.Text
}

// OutgoingText is the text that goes to the variant's target: its text
// with the post's links tagged when the post asks for it.
func (p Post) OutgoingText(v Variant) string {
	text := p.TextFor(v)
	if p.UTM {
		text = TagLinks(text, string(v.Target.Network), p.Campaign)
	}
	return text
}

// Variant returns the post's variant for a target.
func (p Post) Variant(t Target) (Variant, bool) {
	for _, v := range p.Variants {
		if v.Target == t {
			return v, true
		}
	}
	return Variant{}, false
}

// Networks returns the networks the post targets, without repeats.
func (p Post) Networks() []Network {
	var out []Network
	for _, v := range p.Variants {
		if !slices.Contains(out, v.Target.Network) {
			out = append(out, v.Target.Network)
		}
	}
	return out
}

// Location returns the post's time zone, or fallback when it has none or
// it is unknown on this machine.
func (p Post) Location(fallback *time.Location) *time.Location {
	return loadZone(p.Zone, fallback)
}

func loadZone(name string, fallback *time.Location) *time.Location {
	if name == "" {
		return fallback
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return fallback
	}
	return loc
}

// Summary is what a list of posts shows of each one.
type Summary struct {
	ID        ID
	Title     string
	Snippet   string // the start of the text, on one line
	Tags      []string
	Status    Status
	PlannedAt time.Time
	UpdatedAt time.Time
}

// SnippetLength is the most runes a Summary's Snippet holds.
const SnippetLength = 140

// Summarize returns the list view of p.
func Summarize(p Post) Summary {
	return Summary{
		ID:        p.ID,
		Title:     strings.TrimSpace(p.Title),
		Snippet:   snippet(p.Text, SnippetLength),
		Tags:      p.Tags,
		Status:    p.Status,
		PlannedAt: p.PlannedAt,
		UpdatedAt: p.UpdatedAt,
	}
}

// snippet folds all white space of text into single spaces and cuts it to at
// most n runes, ending with an ellipsis when cut.
func snippet(text string, n int) string {
	folded := []rune(strings.Join(strings.Fields(text), " "))
	if len(folded) <= n {
		return string(folded)
	}
	return strings.TrimRightFunc(string(folded[:n-1]), unicode.IsSpace) + "…"
}

// NormalizeTags trims tags, drops a leading '#', removes empty ones and
// duplicates (ignoring case), and keeps the user's order and spelling.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		t = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), "#"))
		if t == "" {
			continue
		}
		key := strings.ToLower(t)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// SplitTags reads tags typed on one line, separated by commas or spaces.
func SplitTags(line string) []string {
	return NormalizeTags(strings.FieldsFunc(line, func(r rune) bool {
		return r == ',' || r == ';' || unicode.IsSpace(r)
	}))
}

// ProofLanguage is the language the post's texts are proofread in: its
// own when Relais has dictionaries for it, else detected.
func (p Post) ProofLanguage() Language {
	if l := Language(p.Language); l == LanguageFrench || l == LanguageEnglish {
		return l
	}
	return LanguageAuto
}
