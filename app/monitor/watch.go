package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// Kind is what a watch follows.
type Kind string

// The kinds of watch.
const (
	KindBrand      Kind = "brand"
	KindProduct    Kind = "product"
	KindCompetitor Kind = "competitor"
	KindTopic      Kind = "topic"
)

// Kinds lists the kinds, in the order menus show them.
var Kinds = []Kind{KindBrand, KindProduct, KindCompetitor, KindTopic}

// ParseKind reads a kind as typed; "" is a topic.
func ParseKind(s string) (Kind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return KindTopic, true
	}
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// SourceRef is one source a watch reads: a connected account's search
// (Bluesky or Mastodon) or a feed's address.
type SourceRef struct {
	Kind    SourceKind
	Account app.ID // the connected account, for bluesky and mastodon
	URL     string // the feed's address, for feed
}

// Key identifies the source across watches: a source shared by several
// watches is one key, its state kept once.
func (s SourceRef) Key() string {
	if s.Kind == SourceFeed {
		return "feed:" + s.URL
	}
	return string(s.Kind) + ":" + s.Account.String()
}

// SourceState is how reading one source of a watch goes.
type SourceState struct {
	LastRead time.Time // the last read that worked
	NextDue  time.Time // when to read it next (zero: at once)
	// Failures is how many reads failed in a row; the wait before the
	// next grows with it.
	Failures int
	// LastError is the last failure in plain words (English: the screen
	// translates the kinds it knows); "" when the last read worked.
	LastError string
	// Note says what the source could not do although the read worked
	// (a Mastodon server that searches hashtags but no text); "" when
	// nothing.
	Note string
	// Cursor is the source's own (a feed's validators and entries seen).
	Cursor string
	// Since is the newest post seen, so that a search asks only for what
	// is newer.
	Since time.Time
}

// Watch is a name and a query, read from its sources.
type Watch struct {
	ID      app.ID
	Name    string
	Kind    Kind
	Query   string // as typed; ParseQuery reads it
	Sources []SourceRef
	Notify  bool
	Created time.Time
	// State is per source, by SourceRef.Key.
	State map[string]SourceState
}

// Errors of watches.
var (
	ErrNoName    = errors.New("a watch needs a name")
	ErrNoSources = errors.New("a watch needs at least one source")
	ErrBadKind   = errors.New("unknown kind of watch: brand, product, competitor or topic")
	ErrBadSource = errors.New("unknown source: bluesky, mastodon or feed:URL")
)

// Check reports what is wrong with a watch before it is stored.
func (w Watch) Check() error {
	if strings.TrimSpace(w.Name) == "" {
		return ErrNoName
	}
	if _, ok := ParseKind(string(w.Kind)); !ok {
		return fmt.Errorf("%q: %w", w.Kind, ErrBadKind)
	}
	if _, err := ParseQuery(w.Query); err != nil {
		return err
	}
	if len(w.Sources) == 0 {
		return ErrNoSources
	}
	for _, s := range w.Sources {
		switch s.Kind {
		case SourceBluesky, SourceMastodon:
			if s.Account.IsZero() {
				return fmt.Errorf("%s without an account: %w", s.Kind, ErrBadSource)
			}
		case SourceFeed:
			if s.URL == "" {
				return fmt.Errorf("a feed without an address: %w", ErrBadSource)
			}
		default:
			return fmt.Errorf("%q: %w", s.Kind, ErrBadSource)
		}
	}
	return nil
}

// Store keeps watches and their items (package storage implements it).
type Store interface {
	// Watches returns every watch, oldest first.
	Watches(ctx context.Context) ([]Watch, error)
	// PutWatch adds or replaces a watch.
	PutWatch(ctx context.Context, w Watch) error
	// DeleteWatch removes a watch; its items stay for its other watches,
	// and those found by it alone go.
	DeleteWatch(ctx context.Context, id app.ID) error
	// MergeItems stores what a read found: an item whose URI is stored
	// gains the watches it lacks, and keeps its flags. It returns the
	// items that were new.
	MergeItems(ctx context.Context, items []Item) ([]Item, error)
	// Items lists items newest first, as f says.
	Items(ctx context.Context, f Filter, fn func(Item) bool) error
	// PutItemFlags sets an item's read and important flags, and its
	// sentiment.
	PutItemFlags(ctx context.Context, id app.ID, read, important bool, s Sentiment) error
	// PurgeItems removes the items found before a time, and returns how
	// many went.
	PurgeItems(ctx context.Context, before time.Time) (int, error)
}
