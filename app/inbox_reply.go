package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// canAnswer reports whether an item is a post one can reply to.
func canAnswer(it InboxItem) bool {
	switch it.Kind {
	case ItemMention, ItemReply, ItemDirect, ItemQuote:
		return it.Post != nil && !it.Deleted
	}
	return false
}

// CanReply reports whether Reply can answer the item.
func (in *Inbox) CanReply(ctx context.Context, it InboxItem) bool {
	return canAnswer(it) && connectorDoes[Publisher](ctx, in, it)
}

// CheckReply returns what keeps text from going out as a reply to the
// item from acc: the same checks as a post in the composer, on the text
// as it goes out (ReplyText: with the mentions Relais adds), held to the
// account's limits.
func CheckReply(it InboxItem, acc Account, text string) []Problem {
	t := Target{Network: it.Network, Account: it.Account}
	p := Post{Text: ReplyText(it, acc, text), Variants: []Variant{{Target: t}}}
	var out []Problem
	for _, pr := range CheckWith(p, func(Target) Limits { return LimitsFor([]Account{acc}, t) }) {
		// A reply is a comment where a post needs an image (Instagram).
		if pr.Kind != ProblemNotPlanned && pr.Kind != ProblemNeedsImage {
			out = append(out, pr)
		}
	}
	return out
}

// Reply answers an item on its network, as a reply to its post, with the
// item's visibility (a direct message is answered privately). The text
// goes through the composer's checks first. The reply's key is saved
// before it is sent, so that sending again after a lost answer makes no
// second reply; the item is then replied. The same text sent already is
// not sent again (ErrAlreadyReplied). With a proofreader
// (UseProofreader), a reply with errors is refused, as a post is.
func (in *Inbox) Reply(ctx context.Context, id ID, text string) (InboxItem, error) {
	return in.reply(ctx, id, text, true)
}

// ReplyIgnoringProofreading is Reply for the user who chose to send the
// reply despite the proofreader's errors (a name it does not know).
func (in *Inbox) ReplyIgnoringProofreading(ctx context.Context, id ID, text string) (InboxItem, error) {
	return in.reply(ctx, id, text, false)
}

// ReplyProofOptions are how a reply to it is proofread: for its network,
// knowing the author's name and handle (a saved reply puts them in).
func ReplyProofOptions(it InboxItem) ProofOptions {
	return ProofOptions{Network: it.Network, Names: []string{it.Author.Name, it.Author.Handle}}
}

// UseProofreader has replies proofread before they go. Call it before
// the inbox is used.
func (in *Inbox) UseProofreader(p Proofreader) { in.proof = p }

func (in *Inbox) reply(ctx context.Context, id ID, typed string, proofread bool) (InboxItem, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return InboxItem{}, ErrNoReplyText
	}
	it, err := in.Item(ctx, id)
	if err != nil {
		return InboxItem{}, err
	}
	if gone := it; gone.Deleted {
		if gone.Deleted = false; canAnswer(gone) {
			return InboxItem{}, ErrReplyToDeleted
		}
	}
	if !canAnswer(it) {
		return InboxItem{}, ErrCannotReply
	}
	acc, err := in.accounts.Get(ctx, it.Account)
	if err != nil {
		return InboxItem{}, err
	}
	// What goes out: the addressees' mentions, then what was typed.
	text := ReplyText(it, acc, typed)
	added := len(text) - len(typed)
	if slices.ContainsFunc(it.Replies, func(r SentReply) bool { return r.Sent() && r.Text == text }) {
		return it, ErrAlreadyReplied
	}
	if blocking := Blocking(CheckReply(it, acc, typed)); len(blocking) > 0 {
		return InboxItem{}, &NotReadyError{Problems: blocking}
	}
	if proofread && in.proof != nil {
		target := Target{Network: it.Network, Account: it.Account}
		problems, err := proofProblems(ctx, in.proof, text, ReplyProofOptions(it), target)
		if err != nil {
			return InboxItem{}, err
		}
		if problems = typedFindings(problems, added); len(problems) > 0 {
			return InboxItem{}, &NotReadyError{Problems: problems}
		}
	}
	c, err := in.accounts.Open(acc)
	if err != nil {
		return InboxItem{}, err
	}
	pub, ok := c.(Publisher)
	if !ok {
		return InboxItem{}, ErrCannotReply
	}
	// A post deleted since the sync: Bluesky's PDS would take a reply to
	// it, and the reply would answer nothing.
	if pc, ok := c.(PostChecker); ok {
		there, err := pc.PostExists(ctx, *it.Post)
		if err != nil {
			in.noteProblem(ctx, acc, err)
			return InboxItem{}, &TargetError{Network: acc.Network, Err: err}
		}
		if !there {
			return in.replyToDeleted(ctx, id)
		}
	}

	// The journal: the same text again reuses an unsent reply's key.
	reply := SentReply{Key: NewAttemptKey(in.clock.Now()), Text: text, At: in.clock.Now().UTC()}
	if i := slices.IndexFunc(it.Replies, func(r SentReply) bool { return !r.Sent() && r.Text == text }); i >= 0 {
		reply = it.Replies[i]
	} else if _, err := in.update(ctx, []ID{id}, func(x *InboxItem) { x.Replies = append(x.Replies, reply) }); err != nil {
		return InboxItem{}, err
	}

	out := Outgoing{Key: reply.Key, Text: text, ReplyTo: it.Post, Visibility: it.Visibility}
	published, err := pub.Publish(ctx, out)
	if err != nil && uncertain(err) {
		// The answer may have been lost with the reply made: ask.
		if found, ok, ferr := pub.Find(ctx, out); ferr == nil && ok {
			published, err = found, nil
		}
	}
	if errors.Is(err, ErrRemoteGone) {
		// Deleted between the check and the reply: a Mastodon server
		// answers 404 to an in_reply_to_id that is gone.
		return in.replyToDeleted(ctx, id)
	}
	if err != nil {
		in.noteProblem(ctx, acc, err)
		return InboxItem{}, &TargetError{Network: acc.Network, Err: err}
	}
	in.accounts.NoteWorking(ctx, acc)
	items, err := in.update(ctx, []ID{id}, func(x *InboxItem) {
		for i := range x.Replies {
			if x.Replies[i].Key == reply.Key {
				x.Replies[i].Published = published
			}
		}
		x.State, x.Seen, x.Notified = StateReplied, true, true
		x.SnoozedUntil = time.Time{}
	})
	if err != nil {
		return InboxItem{}, fmt.Errorf("the reply went out, but saving it failed: %w", err)
	}
	return items[0], nil
}

// replyToDeleted marks the item's post deleted, as the network says, and
// returns ErrReplyToDeleted: nothing was sent.
func (in *Inbox) replyToDeleted(ctx context.Context, id ID) (InboxItem, error) {
	if _, err := in.update(ctx, []ID{id}, func(x *InboxItem) { x.Deleted = true }); err != nil {
		return InboxItem{}, errors.Join(ErrReplyToDeleted, err)
	}
	return InboxItem{}, ErrReplyToDeleted
}

// typedFindings moves the proofreader's findings in a reply's text to
// their places in what was typed, added bytes after its start (the
// mentions Relais puts first); a finding within those alone is left out.
func typedFindings(problems []Problem, added int) []Problem {
	if added == 0 {
		return problems
	}
	var out []Problem
	for _, p := range problems {
		if p.Finding.End <= added && p.Finding.End > 0 {
			continue
		}
		p.Finding.Start, p.Finding.End = max(0, p.Finding.Start-added), max(0, p.Finding.End-added)
		out = append(out, p)
	}
	return out
}

// uncertain reports whether a failure leaves unknown whether the network
// acted: the connection dropped, or the server broke down mid-way.
func uncertain(err error) bool {
	return errors.Is(err, ErrOffline) || errors.Is(err, ErrServerDown)
}

// Like likes the item's post (or comment) on its network.
func (in *Inbox) Like(ctx context.Context, id ID) error {
	it, err := in.Item(ctx, id)
	if err != nil {
		return err
	}
	if !canAnswer(it) {
		return ErrCannotReact
	}
	acc, c, err := in.connector(ctx, it)
	if err != nil {
		return err
	}
	l, ok := c.(Liker)
	if !ok {
		return ErrCannotReact
	}
	if err := l.Like(ctx, *it.Post); err != nil {
		in.noteProblem(ctx, acc, err)
		return &TargetError{Network: acc.Network, Err: err}
	}
	return nil
}

// CanLike reports whether Like can like the item: a post or comment, on
// a network whose API likes (Instagram's and Threads' cannot).
func (in *Inbox) CanLike(ctx context.Context, it InboxItem) bool {
	return canAnswer(it) && connectorDoes[Liker](ctx, in, it)
}

// CanBoost reports whether Boost can boost the item's post.
func (in *Inbox) CanBoost(ctx context.Context, it InboxItem) bool {
	return canAnswer(it) && connectorDoes[Reactor](ctx, in, it)
}

// canDelete tells whether an item is a comment one may try to delete.
func canDelete(it InboxItem) bool {
	return it.Kind == ItemReply && it.RemoteID != "" && !it.Removed
}

// CanDelete reports whether DeleteComment can delete the item: a comment
// under the account's posts, on a network whose API deletes comments
// (Facebook, Instagram).
func (in *Inbox) CanDelete(ctx context.Context, it InboxItem) bool {
	return canDelete(it) && connectorDoes[CommentDeleter](ctx, in, it)
}

// DeleteComment deletes the item's comment on its network, for good: a
// Page or professional account deletes the comments under its own posts.
// The item is then marked deleted, by the user, and done: it leaves the
// needs-reply list. A comment already gone on the network is marked so
// too, with no error.
func (in *Inbox) DeleteComment(ctx context.Context, id ID) (InboxItem, error) {
	it, err := in.Item(ctx, id)
	if err != nil {
		return InboxItem{}, err
	}
	if !canDelete(it) {
		return InboxItem{}, ErrCannotDelete
	}
	acc, c, err := in.connector(ctx, it)
	if err != nil {
		return InboxItem{}, err
	}
	d, ok := c.(CommentDeleter)
	if !ok {
		return InboxItem{}, ErrCannotDelete
	}
	if err := d.DeleteComment(ctx, it.RemoteID); err != nil && !errors.Is(err, ErrRemoteGone) {
		in.noteProblem(ctx, acc, err)
		return InboxItem{}, &TargetError{Network: acc.Network, Err: err}
	}
	in.accounts.NoteWorking(ctx, acc)
	items, err := in.update(ctx, []ID{id}, func(x *InboxItem) {
		x.Deleted, x.Removed = true, true
		x.State, x.StateByUser, x.Seen, x.Notified = StateDone, true, true, true
		x.SnoozedUntil = time.Time{}
	})
	if err != nil {
		return InboxItem{}, fmt.Errorf("the comment was deleted, but saving it failed: %w", err)
	}
	return items[0], nil
}

// canHide tells whether an item is a comment one may try to hide or show:
// one still on the network.
func canHide(it InboxItem) bool {
	return it.Kind == ItemReply && it.RemoteID != "" && !it.Deleted && !it.Removed
}

// CanHide reports whether Hide can hide (or show again) the item: a
// comment under the account's posts, on a network whose API hides
// comments (Facebook, Instagram, Threads).
func (in *Inbox) CanHide(ctx context.Context, it InboxItem) bool {
	return canHide(it) && connectorDoes[ReplyHider](ctx, in, it)
}

// Hide hides the item's comment on its network from everyone but its
// author, or shows it again when hide is false, and records it so: it can
// be undone. A comment gone from the network is marked deleted, and the
// error says so (it matches ErrRemoteGone).
func (in *Inbox) Hide(ctx context.Context, id ID, hide bool) (InboxItem, error) {
	it, err := in.Item(ctx, id)
	if err != nil {
		return InboxItem{}, err
	}
	if !canHide(it) {
		return InboxItem{}, ErrCannotHide
	}
	acc, c, err := in.connector(ctx, it)
	if err != nil {
		return InboxItem{}, err
	}
	h, ok := c.(ReplyHider)
	if !ok {
		return InboxItem{}, ErrCannotHide
	}
	if err := h.HideReply(ctx, RemoteRef{ID: it.RemoteID}, hide); err != nil {
		if errors.Is(err, ErrRemoteGone) {
			if _, uerr := in.update(ctx, []ID{id}, func(x *InboxItem) { x.Deleted = true }); uerr != nil {
				err = errors.Join(err, uerr)
			}
		} else {
			in.noteProblem(ctx, acc, err)
		}
		return InboxItem{}, &TargetError{Network: acc.Network, Err: err}
	}
	in.accounts.NoteWorking(ctx, acc)
	items, err := in.update(ctx, []ID{id}, func(x *InboxItem) { x.Hidden = hide })
	if err != nil {
		if hide {
			return InboxItem{}, fmt.Errorf("the comment was hidden, but saving it failed: %w", err)
		}
		return InboxItem{}, fmt.Errorf("the comment is shown again, but saving it failed: %w", err)
	}
	return items[0], nil
}

// connector opens the connector of the item's account.
func (in *Inbox) connector(ctx context.Context, it InboxItem) (Account, Connector, error) {
	acc, err := in.accounts.Get(ctx, it.Account)
	if err != nil {
		return Account{}, nil, err
	}
	c, err := in.accounts.Open(acc)
	if err != nil {
		return Account{}, nil, err
	}
	return acc, c, nil
}

// Boost boosts (reposts) the item's post on its network.
func (in *Inbox) Boost(ctx context.Context, id ID) error {
	return in.react(ctx, id, Reactor.Boost)
}

func (in *Inbox) react(ctx context.Context, id ID, do func(Reactor, context.Context, RemoteRef) error) error {
	it, err := in.Item(ctx, id)
	if err != nil {
		return err
	}
	if !canAnswer(it) {
		return ErrCannotReact
	}
	acc, err := in.accounts.Get(ctx, it.Account)
	if err != nil {
		return err
	}
	c, err := in.accounts.Open(acc)
	if err != nil {
		return err
	}
	r, ok := c.(Reactor)
	if !ok {
		return ErrCannotReact
	}
	if err := do(r, ctx, *it.Post); err != nil {
		in.noteProblem(ctx, acc, err)
		return &TargetError{Network: acc.Network, Err: err}
	}
	return nil
}

// Conversation is an item with the thread around it.
type Conversation struct {
	Item InboxItem
	// Thread is the conversation as the network has it now; only the
	// item itself when the network cannot read threads.
	Thread Thread
}

// Conversation reads the thread around an item. An item whose post was
// deleted on the network is marked so. A reply of the account found in
// the thread marks an item that needed one as replied, unless the user
// set its state by hand.
func (in *Inbox) Conversation(ctx context.Context, id ID) (Conversation, error) {
	it, err := in.Item(ctx, id)
	if err != nil {
		return Conversation{}, err
	}
	alone := Conversation{Item: it, Thread: Thread{Posts: []ThreadPost{{
		Author: it.Author, Text: it.Text, URL: it.URL, At: it.At,
	}}}}
	if it.Post != nil {
		alone.Thread.Posts[0].Ref = *it.Post
	}
	if it.Post == nil || it.Kind == ItemFollow {
		return alone, nil
	}
	acc, err := in.accounts.Get(ctx, it.Account)
	if err != nil {
		return alone, err
	}
	c, err := in.accounts.Open(acc)
	if err != nil {
		return alone, err
	}
	tr, ok := c.(ThreadReader)
	if !ok {
		return alone, nil
	}
	thread, err := tr.Thread(ctx, *it.Post)
	if errors.Is(err, ErrRemoteGone) {
		items, uerr := in.update(ctx, []ID{id}, func(x *InboxItem) { x.Deleted = true })
		if uerr == nil {
			alone.Item = items[0]
		}
		return alone, &TargetError{Network: acc.Network, Err: err}
	}
	if err != nil {
		in.noteProblem(ctx, acc, err)
		return alone, &TargetError{Network: acc.Network, Err: err}
	}
	for i, p := range thread.Posts {
		p.Author, p.Text, p.URL = p.Author.cleaned(), StripBidi(p.Text), StripBidi(p.URL)
		thread.Posts[i] = p
	}
	conv := Conversation{Item: it, Thread: thread}
	focus := ThreadPost{}
	if thread.Focus >= 0 && thread.Focus < len(thread.Posts) {
		focus = thread.Posts[thread.Focus]
	}
	answered := slices.ContainsFunc(thread.Posts, func(p ThreadPost) bool {
		return p.Mine && p.ReplyTo != "" && p.ReplyTo == it.Post.ID
	})
	edited := focus.Ref.ID == it.Post.ID && focus.Text != "" && focus.Text != it.Text && it.Kind != ItemLike && it.Kind != ItemBoost
	if (answered && it.State == StateNeedsReply && !it.StateByUser) || edited || it.Deleted && !it.Removed {
		items, err := in.update(ctx, []ID{id}, func(x *InboxItem) {
			if answered && x.State == StateNeedsReply && !x.StateByUser {
				x.State = StateReplied
			}
			if edited {
				x.Text, x.Edited = focus.Text, true
			}
			x.Deleted = x.Removed
		})
		if err == nil {
			conv.Item = items[0]
		}
	}
	return conv, nil
}

// connectorDoes reports whether the connector of the item's account
// implements C, the capability an action needs.
func connectorDoes[C any](ctx context.Context, in *Inbox, it InboxItem) bool {
	_, c, err := in.connector(ctx, it)
	if err != nil {
		return false
	}
	_, ok := c.(C)
	return ok
}
