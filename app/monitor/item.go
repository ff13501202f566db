package monitor

import (
	"slices"
	"time"

	"github.com/relais-app/relais/app"
)

// Sentiment is the tone of an item.
type Sentiment string

// The sentiments; "" is not scored yet.
const (
	SentimentUnknown  Sentiment = ""
	SentimentPositive Sentiment = "positive"
	SentimentNeutral  Sentiment = "neutral"
	SentimentNegative Sentiment = "negative"
)

// ParseSentiment reads a sentiment as typed.
func ParseSentiment(s string) (Sentiment, bool) {
	switch x := Sentiment(s); x {
	case SentimentPositive, SentimentNeutral, SentimentNegative:
		return x, true
	}
	return "", false
}

// Scorer tells the sentiment of a text (package monitor/sentiment; main
// wires it). The service scores each new item once, as it stores it.
type Scorer interface {
	Score(text string, lang app.Language) Sentiment
}

// LanguageDetector tells a text's language (ISO 639-1, "" when unsure),
// for items whose source does not say it (the proofreader's detector).
type LanguageDetector interface {
	Detect(text string) string
}

// DetectorFunc is a function as a LanguageDetector.
type DetectorFunc func(text string) string

// Detect implements LanguageDetector.
func (f DetectorFunc) Detect(text string) string { return f(text) }

// Item is what a watch found, stored once whatever found it.
type Item struct {
	ID app.ID
	Found
	// Watches are the watches that found it (an item found by two is one
	// item with both).
	Watches []app.ID
	// Account is the connected account whose search found it first; zero
	// for a feed's article. FeedURL is the feed's address.
	Account app.ID
	FeedURL string
	// Sentiment is filled by the Scorer; "" before.
	Sentiment Sentiment
	Read      bool
	Important bool
	// FoundAt is when Relais first read it.
	FoundAt time.Time
}

// At is the item's time on the lists: when it was published, or when it
// was found for a source that does not say.
func (it Item) At() time.Time {
	if !it.Published.IsZero() && !it.Published.After(it.FoundAt.Add(time.Hour)) {
		return it.Published
	}
	return it.FoundAt
}

// HasWatch reports whether the item was found by watch id.
func (it Item) HasWatch(id app.ID) bool { return slices.Contains(it.Watches, id) }

// Read states for Filter.
type ReadState int

// The read states a list keeps.
const (
	AnyRead ReadState = iota
	OnlyUnread
	OnlyRead
)

// Filter is what a list of items keeps. Zero values keep everything.
type Filter struct {
	Watch     app.ID
	Source    SourceKind
	Sentiment Sentiment
	Language  string
	// From, To bound the items' time: [From, To); zero for open ends.
	From, To  time.Time
	Read      ReadState
	Important bool
	// Limit is the most items listed; 0 for all.
	Limit int
}

// Keeps reports whether the filter keeps an item.
func (f Filter) Keeps(it Item) bool {
	at := it.At()
	switch {
	case !f.Watch.IsZero() && !it.HasWatch(f.Watch),
		f.Source != "" && it.Source != f.Source,
		f.Sentiment != "" && it.Sentiment != f.Sentiment,
		f.Language != "" && it.Language != f.Language,
		!f.From.IsZero() && at.Before(f.From),
		!f.To.IsZero() && !at.Before(f.To),
		f.Read == OnlyUnread && it.Read,
		f.Read == OnlyRead && !it.Read,
		f.Important && !it.Important:
		return false
	}
	return true
}
