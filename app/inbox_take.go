package app

import (
	"context"
	"errors"
	"fmt"
)

// ErrCannotTake: an item without an account or a post cannot go to the
// inbox (a feed's article: it has no post to answer).
var ErrCannotTake = errors.New("only a post found through a connected account can go to the inbox")

// Take puts a post found elsewhere (by the veille) in the inbox of the
// account that found it, as an item to answer: a mention whose Post is
// the post, triaged by the rules as any arrival. The account's read
// cursor is kept. A post taken already (the same RemoteID) is returned as
// it is stored.
func (in *Inbox) Take(ctx context.Context, account ID, item Item) (InboxItem, error) {
	if account.IsZero() || item.Post == nil || item.Post.ID == "" || item.RemoteID == "" {
		return InboxItem{}, ErrCannotTake
	}
	acc, err := in.accounts.Get(ctx, account)
	if err != nil {
		return InboxItem{}, err
	}
	in.syncMu.Lock()
	defer in.syncMu.Unlock()
	cursor, err := in.store.InboxCursor(ctx, acc.ID)
	if err != nil {
		return InboxItem{}, fmt.Errorf("reading where the inbox stopped: %w", err)
	}
	if item.Kind == "" {
		item.Kind = ItemMention
	}
	stored, err := in.ingest(ctx, acc, cursor, []Item{item}, in.compiledRules(ctx), false)
	if err != nil {
		return InboxItem{}, err
	}
	if len(stored) == 1 {
		return stored[0], nil
	}
	var found InboxItem
	err = in.store.InboxItems(ctx, func(it InboxItem) bool {
		if it.Account == acc.ID && it.RemoteID == item.RemoteID {
			found = it
			return false
		}
		return true
	})
	if err != nil {
		return InboxItem{}, err
	}
	if found.ID.IsZero() {
		return InboxItem{}, fmt.Errorf("the post taken to the inbox is not there: %w", ErrNotFound)
	}
	return found, nil
}
