package app

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// FollowAnswer is what became of a follow request.
type FollowAnswer string

// The answers to a follow request.
const (
	// FollowAccepted: the user accepted it from Relais.
	FollowAccepted FollowAnswer = "accepted"
	// FollowRejected: the user rejected it from Relais.
	FollowRejected FollowAnswer = "rejected"
	// FollowGone: the network no longer has it: answered in another app,
	// or withdrawn by who asked.
	FollowGone FollowAnswer = "gone"
)

// A follow request is worth telling the user of — it waits for them, and
// someone waits for it — but it is not a message to answer: it arrives
// new (not needing a reply), so it stays out of the "needs a reply" view
// and the tray's count of what is to answer, and it raises a desktop
// notification as a mention does (alert), once. Accepting or rejecting
// it marks it done, with the answer kept (InboxItem.Answer).

// AwaitsAnswer reports whether the item is a follow request still
// waiting for the user's answer, which Accept or Reject can give.
func (it InboxItem) AwaitsAnswer() bool {
	return it.Kind == ItemFollowRequest && it.Answer == "" && !it.Deleted
}

// CanAnswerFollow reports whether the item is a follow request waiting,
// on a network that lets Relais answer it.
func (in *Inbox) CanAnswerFollow(ctx context.Context, it InboxItem) bool {
	if !it.AwaitsAnswer() {
		return false
	}
	_, _, err := in.followAnswerer(ctx, it)
	return err == nil
}

// Accept accepts a follow request: the requester follows the account.
// The item is done and says so. A request already handled or withdrawn
// gives ErrFollowHandled, and the item is marked done all the same. When
// the connection drops, the requests waiting tell whether the answer
// landed.
func (in *Inbox) Accept(ctx context.Context, id ID) (InboxItem, error) {
	return in.answerFollow(ctx, id, FollowAccepted)
}

// Reject rejects a follow request, as Accept accepts it.
func (in *Inbox) Reject(ctx context.Context, id ID) (InboxItem, error) {
	return in.answerFollow(ctx, id, FollowRejected)
}

func (in *Inbox) answerFollow(ctx context.Context, id ID, answer FollowAnswer) (InboxItem, error) {
	it, err := in.Item(ctx, id)
	if err != nil {
		return InboxItem{}, err
	}
	if it.Kind != ItemFollowRequest {
		return it, ErrNotFollowRequest
	}
	if it.Answer != "" {
		return it, ErrFollowHandled
	}
	acc, fa, err := in.followAnswerer(ctx, it)
	if err != nil {
		return it, err
	}
	do := fa.AcceptFollow
	if answer == FollowRejected {
		do = fa.RejectFollow
	}
	err = do(ctx, it.Author.RemoteID)
	if err != nil && uncertain(err) && answerLanded(ctx, fa, it.Author.RemoteID) {
		err = nil // the answer was lost, not the request
	}
	if errors.Is(err, ErrRemoteGone) {
		items, uerr := in.update(ctx, []ID{id}, func(x *InboxItem) { x.answered(FollowGone) })
		if uerr != nil {
			return it, uerr
		}
		return items[0], ErrFollowHandled
	}
	if err != nil {
		in.noteProblem(ctx, acc, err)
		return it, &TargetError{Network: acc.Network, Err: err}
	}
	in.accounts.NoteWorking(ctx, acc)
	items, err := in.update(ctx, []ID{id}, func(x *InboxItem) { x.answered(answer) })
	if err != nil {
		return it, fmt.Errorf("the answer reached the network, but saving it failed: %w", err)
	}
	return items[0], nil
}

// answerLanded settles an answer whose outcome is unknown (the connection
// dropped): the request no longer waiting means the network took it.
// Without a complete list, nothing is concluded.
func answerLanded(ctx context.Context, fa FollowAnswerer, requester string) bool {
	pending, complete, err := fa.FollowRequests(ctx)
	if err != nil || !complete {
		return false
	}
	for _, p := range pending {
		if p.Author.RemoteID == requester {
			return false
		}
	}
	return true
}

// answered marks a follow request handled: done, seen, no longer snoozed.
func (it *InboxItem) answered(a FollowAnswer) {
	it.Answer = a
	it.State, it.Seen, it.Notified = StateDone, true, true
	it.SnoozedUntil = time.Time{}
}

// followAnswerer opens the connector that answers the item's follow
// request.
func (in *Inbox) followAnswerer(ctx context.Context, it InboxItem) (Account, FollowAnswerer, error) {
	if it.Author.RemoteID == "" {
		return Account{}, nil, ErrCannotAnswerFollow
	}
	acc, err := in.accounts.Get(ctx, it.Account)
	if err != nil {
		return Account{}, nil, err
	}
	c, err := in.accounts.Open(acc)
	if err != nil {
		return Account{}, nil, err
	}
	fa, ok := c.(FollowAnswerer)
	if !ok {
		return Account{}, nil, ErrCannotAnswerFollow
	}
	return acc, fa, nil
}

// syncFollowRequests reads the follow requests waiting on the network, so
// that one whose notification was missed or dismissed still reaches the
// inbox, and one answered elsewhere or withdrawn leaves it. It is best
// effort: the notifications were read, and the next sync tries again.
func (in *Inbox) syncFollowRequests(ctx context.Context, acc Account, fa FollowAnswerer, cursor string, rules []compiledRule, history bool) []InboxItem {
	pending, complete, err := fa.FollowRequests(ctx)
	if err != nil {
		return nil
	}
	waiting := make(map[string]bool, len(pending))
	for _, p := range pending {
		waiting[p.Author.RemoteID] = true
	}
	var added []InboxItem
	if len(pending) > 0 {
		// ingest leaves out those the inbox has already.
		if added, err = in.ingest(ctx, acc, cursor, pending, rules, history); err != nil {
			return nil
		}
	}
	if !complete {
		return added
	}
	var gone []ID
	in.mu.RLock()
	for _, e := range in.entries {
		if e.item.Account == acc.ID && e.item.AwaitsAnswer() && !waiting[e.item.Author.RemoteID] {
			gone = append(gone, e.item.ID)
		}
	}
	in.mu.RUnlock()
	if len(gone) > 0 {
		in.update(ctx, gone, func(x *InboxItem) {
			// Answered elsewhere or withdrawn: nothing to tell of.
			x.Answer, x.Notified = FollowGone, true
			if !x.StateByUser {
				x.State = StateDone
			}
		})
	}
	return added
}
