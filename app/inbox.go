package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
)

// TriageState is where an inbox item is in the user's triage.
type TriageState string

// The triage states. An item arrives new (or needing a reply, for what is
// addressed to the account), and leaves the open inbox when replied to
// or done. Snoozing is not a state: it hides an item until a time, in
// whatever state it is.
const (
	StateNew        TriageState = "new"
	StateNeedsReply TriageState = "needs_reply"
	StateReplied    TriageState = "replied"
	StateDone       TriageState = "done"
)

// TriageStates lists the states, in the order menus show them.
var TriageStates = []TriageState{StateNew, StateNeedsReply, StateReplied, StateDone}

// Open reports whether an item in this state still asks something of the
// user.
func (s TriageState) Open() bool { return s == StateNew || s == StateNeedsReply }

// Priority is how soon an item should be looked at.
type Priority int

// The priorities; rules raise them.
const (
	PriorityNormal Priority = 0
	PriorityHigh   Priority = 1
)

// InboxItem is an item as the inbox keeps it: what arrived for one
// account, and what the user and the rules made of it.
type InboxItem struct {
	ID      ID
	Account ID
	Network Network
	Item
	// Arrived is when Relais read it.
	Arrived time.Time
	State   TriageState
	// StateByUser is true once the user set the state by hand: rules
	// and replies found elsewhere no longer change it.
	StateByUser bool
	// SnoozedUntil hides the item from the open inbox until this time.
	SnoozedUntil time.Time
	Labels       []string
	Priority     Priority
	// Risk is true when a risk rule matched: the notification is urgent
	// and the item is shown in red.
	Risk bool
	// Rules are the rules that matched when the item arrived, so the user
	// can see why it is labelled, flagged or done.
	Rules []ID
	// Seen is true once the user saw the item in the window; Notified
	// once a desktop notification told of it (or it was decided none
	// would).
	Seen     bool
	Notified bool
	// Edited is true when the post was edited on the network after it
	// arrived (Text is the new text); Deleted when it was deleted there.
	Edited  bool
	Deleted bool
	// Removed is true when the user deleted the comment from Relais
	// (DeleteComment): it stays Deleted whatever its thread shows.
	Removed bool
	// Hidden is true when the user hid the comment from Relais (Hide):
	// the network shows it to its author only.
	Hidden bool
	// Replies are the replies sent from Relais, oldest first.
	Replies []SentReply
	// Answer is what became of a follow request (ItemFollowRequest):
	// "" while it waits for the user.
	Answer FollowAnswer
}

// Snoozed reports whether the item is hidden until later at now.
func (it InboxItem) Snoozed(now time.Time) bool { return now.Before(it.SnoozedUntil) }

// SentReply is a reply the user sent from the inbox, or is sending.
type SentReply struct {
	// Key is the reply's idempotency key, chosen before it is sent, so
	// that sending again after a lost answer makes no second post.
	Key  string
	Text string
	// Published is the reply as the network took it; zero while the
	// answer is not known.
	Published Published
	At        time.Time
}

// Sent reports whether the network is known to have the reply.
func (r SentReply) Sent() bool { return r.Published.Ref.ID != "" }

// needsReply tells which kinds of item ask for an answer: what is
// addressed to the account.
func needsReply(k ItemKind) bool {
	return k == ItemMention || k == ItemReply || k == ItemDirect
}

// Rule acts on items as they arrive, when their text or author matches.
// Rules are the user's, shown and edited in Settings; Relais learns
// nothing behind their back.
type Rule struct {
	ID      ID
	Name    string
	Enabled bool
	// Words match the item's text or title, any of them, as whole words
	// or phrases, ignoring case and accents: "arnaque" matches
	// "Arnaqué !" but not "arnaques".
	Words []string
	// Authors match the author's handle, any of them, ignoring case and
	// a leading "@".
	Authors []string
	// What the rule does when it matches.
	Label    string
	Priority Priority
	Done     bool
	Risk     bool
}

// SavedReply is a reply written once and used often. Its text may hold
// {name} and {handle}, replaced by the item's author.
type SavedReply struct {
	ID       ID
	Name     string
	Language Language
	Text     string
}

// InboxStore keeps the inbox: items, each account's read cursor, rules
// and saved replies. Every method is one transaction.
type InboxStore interface {
	// MergeInbox stores, in one transaction, the items read for an
	// account and the cursor to read from next. An item whose account
	// and RemoteID are already stored is left as it is; the items
	// stored are returned, in the order given.
	MergeInbox(ctx context.Context, account ID, cursor string, items []InboxItem) ([]InboxItem, error)
	// InboxCursor returns the account's cursor, "" before its first read.
	InboxCursor(ctx context.Context, account ID) (string, error)
	// PutInboxItems stores items, replacing those with the same IDs.
	PutInboxItems(ctx context.Context, items []InboxItem) error
	// InboxItem returns one item.
	InboxItem(ctx context.Context, id ID) (InboxItem, error)
	// InboxItems calls fn with every item, in no particular order, until
	// fn returns false. fn must not call the store.
	InboxItems(ctx context.Context, fn func(InboxItem) bool) error
	// DeleteInbox removes an account's items and cursor, when the
	// account is disconnected.
	DeleteInbox(ctx context.Context, account ID) error

	Rules(ctx context.Context) ([]Rule, error)
	// PutRules replaces every rule with rules, in the order given.
	PutRules(ctx context.Context, rules []Rule) error
	SavedReplies(ctx context.Context) ([]SavedReply, error)
	// PutSavedReplies replaces every saved reply, in the order given.
	PutSavedReplies(ctx context.Context, replies []SavedReply) error
}

// Errors of the inbox.
var (
	ErrNoReplyText = errors.New("the reply is empty")
	ErrCannotReply = errors.New("this item cannot be answered")
	// ErrReplyToDeleted: the post answered was deleted on the network
	// since it was read; the reply was not sent, and the item is marked
	// deleted.
	ErrReplyToDeleted = errors.New("the post you are answering was deleted: the reply was not sent")
	// ErrAlreadyReplied: the same reply was sent to the item already (a
	// script run twice, Send pressed twice); it is not sent again.
	ErrAlreadyReplied = errors.New("this reply was already sent to this item: it is not sent twice")
	ErrCannotReact    = errors.New("this network cannot like or boost from Relais")
	// ErrCannotDelete: the item is not a comment under the account's
	// posts, or its network's API deletes none.
	ErrCannotDelete = errors.New("this item is not a comment Relais can delete")
	// ErrCannotHide: the item is not a comment under the account's
	// posts, or its network's API hides none.
	ErrCannotHide    = errors.New("this item is not a comment Relais can hide")
	ErrNoThread      = errors.New("this item has no conversation")
	ErrBadQuietHours = errors.New("quiet hours are written HH:MM-HH:MM, such as 22:00-08:00")
	// ErrNotFollowRequest: Accept and Reject take follow requests only.
	ErrNotFollowRequest = errors.New("this item is not a follow request")
	// ErrCannotAnswerFollow: the item's network, or this build, has no
	// way to answer follow requests.
	ErrCannotAnswerFollow = errors.New("this network cannot answer follow requests from Relais")
	// ErrFollowHandled: the request was answered already (in Relais or
	// elsewhere) or withdrawn by who made it.
	ErrFollowHandled = errors.New("this follow request was already handled or withdrawn")
)

// FillReply puts the item's author in a saved reply's text.
func FillReply(text string, it InboxItem) string {
	name := it.Author.Name
	if name == "" {
		name = it.Author.Handle
	}
	handle := it.Author.Handle
	if handle != "" && !strings.HasPrefix(handle, "@") {
		handle = "@" + handle
	}
	return strings.NewReplacer("{name}", name, "{handle}", handle).Replace(text)
}

// hasLabel reports whether the item carries label.
func (it InboxItem) hasLabel(label string) bool {
	return slices.ContainsFunc(it.Labels, func(l string) bool { return strings.EqualFold(l, label) })
}

// SavedReplyNamed finds the saved reply called name, ignoring case and
// accents: the one whose name is name, else the only one whose name
// starts with it. ok is false when none or several match.
func SavedReplyNamed(replies []SavedReply, name string) (r SavedReply, ok bool) {
	want := strings.TrimSpace(Fold(name))
	if want == "" {
		return SavedReply{}, false
	}
	var prefixed []SavedReply
	for _, r := range replies {
		got := strings.TrimSpace(Fold(r.Name))
		if got == want {
			return r, true
		}
		if strings.HasPrefix(got, want) {
			prefixed = append(prefixed, r)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0], true
	}
	return SavedReply{}, false
}
