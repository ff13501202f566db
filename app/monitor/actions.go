package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relais-app/relais/app"
)

// ErrCannotReact: the item was not found through a connected account
// that can like it (a feed's article, an item stored before Relais kept
// its post's ID, a network that likes nothing).
var ErrCannotReact = errors.New("this item can only be liked or answered through a connected Bluesky or Mastodon account that found it")

// Ref is the item's post as the account that found it likes or answers
// it; false for a feed's article, or an item stored before Relais kept
// the post's ID (a Bluesky post's URI is its ID).
func (it Item) Ref() (app.RemoteRef, bool) {
	if it.Account.IsZero() {
		return app.RemoteRef{}, false
	}
	switch {
	case it.PostID != "":
		return app.RemoteRef{ID: it.PostID, CID: it.PostCID}, true
	case it.Source == SourceBluesky && strings.HasPrefix(it.URI, "at://"):
		return app.RemoteRef{ID: it.URI}, true
	}
	return app.RemoteRef{}, false
}

// AsInboxItem is the item as the inbox takes it (app.Inbox.Take): a
// mention from its author, whose post is the item's, to answer from the
// account that found it.
func (it Item) AsInboxItem() (app.Item, bool) {
	ref, ok := it.Ref()
	if !ok {
		return app.Item{}, false
	}
	return app.Item{
		RemoteID: "monitor:" + it.URI,
		Kind:     app.ItemMention,
		Author:   it.Author,
		Title:    it.Title,
		Text:     it.Text,
		URL:      it.URL,
		Post:     &ref,
		At:       it.At(),
	}, true
}

// CanReact reports whether Like can like the item: its account is
// connected and its network likes.
func (s *Service) CanReact(ctx context.Context, it Item) bool {
	_, r, err := s.reactor(ctx, it)
	return err == nil && r != nil
}

// Like likes the item's post through the account that found it.
func (s *Service) Like(ctx context.Context, it Item) error {
	ref, r, err := s.reactor(ctx, it)
	if err != nil {
		return err
	}
	if err := r.Like(ctx, ref); err != nil {
		return fmt.Errorf("liking the post of %s: %w", it.Author.Handle, err)
	}
	return nil
}

func (s *Service) reactor(ctx context.Context, it Item) (app.RemoteRef, app.Reactor, error) {
	ref, ok := it.Ref()
	if !ok || s.connectors == nil {
		return ref, nil, ErrCannotReact
	}
	acc, c, err := s.connectors.Connector(ctx, it.Account)
	if err != nil {
		return ref, nil, err
	}
	if acc.State != app.AccountConnected && acc.State != "" {
		return ref, nil, ErrCannotReact
	}
	r, ok := c.(app.Reactor)
	if !ok {
		return ref, nil, ErrCannotReact
	}
	return ref, r, nil
}

// Inbox is the inbox an item goes to (app.Inbox).
type Inbox interface {
	Take(ctx context.Context, account app.ID, item app.Item) (app.InboxItem, error)
	Reply(ctx context.Context, id app.ID, text string) (app.InboxItem, error)
}

// ToInbox puts the item in the inbox of the account that found it, to
// answer there.
func ToInbox(ctx context.Context, in Inbox, it Item) (app.InboxItem, error) {
	item, ok := it.AsInboxItem()
	if !ok {
		return app.InboxItem{}, app.ErrCannotTake
	}
	return in.Take(ctx, it.Account, item)
}

// Reply answers the item from the inbox: taken there first, then
// answered with the inbox's checks and proofreading, sent once.
func Reply(ctx context.Context, in Inbox, it Item, text string) error {
	taken, err := ToInbox(ctx, in, it)
	if err != nil {
		return err
	}
	_, err = in.Reply(ctx, taken.ID, text)
	return err
}
