package app

import (
	"strings"
	"time"
	"unicode"
)

// Status is where a post stands on its way out.
type Status string

// The statuses of a post. Only StatusDraft is used until scheduling lands;
// the others are named now so that stored posts never need renaming.
const (
	StatusIdea      Status = "idea"
	StatusDraft     Status = "draft"
	StatusReady     Status = "ready"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
	StatusFailed    Status = "failed"
)

// Post is one piece of content, written once. Until it is scheduled it is a
// draft.
type Post struct {
	ID     ID
	Title  string // optional, for the CM's own eyes
	Text   string
	Tags   []string
	Status Status
	// PlannedAt is when the post is planned to go out, in UTC; zero for
	// a draft not on the calendar yet.
	PlannedAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsEmpty reports whether the post holds nothing the user wrote.
func (p Post) IsEmpty() bool {
	return strings.TrimSpace(p.Title) == "" && strings.TrimSpace(p.Text) == "" && len(p.Tags) == 0
}

// Summary is what a list of posts shows of each one.
type Summary struct {
	ID        ID
	Title     string
	Snippet   string // the start of the text, on one line
	Tags      []string
	Status    Status
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
