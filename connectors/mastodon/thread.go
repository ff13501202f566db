package mastodon

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/relais-app/relais/app"
)

// Thread reads the conversation a status is in: the status
// (GET /api/v1/statuses/:id) and its context (…/context), the statuses it
// answers then its replies, each group oldest first. A status deleted
// gives a NetError of kind FailNotFound (the server's 404).
func (c *Connector) Thread(ctx context.Context, post app.RemoteRef) (app.Thread, error) {
	if post.ID == "" {
		return app.Thread{}, errNoPost
	}
	me, err := c.accountID(ctx)
	if err != nil {
		return app.Thread{}, err
	}
	var st status
	if _, err := c.call(ctx, get("/api/v1/statuses/"+escape(post.ID), nil), &st); err != nil {
		return app.Thread{}, err
	}
	var around statusContext
	if _, err := c.call(ctx, get("/api/v1/statuses/"+escape(post.ID)+"/context", nil), &around); err != nil {
		return app.Thread{}, err
	}
	byTime := func(a, b status) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), idCompare(a.ID, b.ID))
	}
	slices.SortStableFunc(around.Ancestors, byTime)
	slices.SortStableFunc(around.Descendants, byTime)

	th := app.Thread{Focus: len(around.Ancestors)}
	for _, s := range around.Ancestors {
		th.Posts = append(th.Posts, c.threadPost(&s, me))
	}
	th.Posts = append(th.Posts, c.threadPost(&st, me))
	for _, s := range around.Descendants {
		th.Posts = append(th.Posts, c.threadPost(&s, me))
	}
	return th, nil
}

// threadPost is a status as a post of a conversation; me is the account's
// ID.
func (c *Connector) threadPost(st *status, me string) app.ThreadPost {
	return app.ThreadPost{
		Ref:     app.RemoteRef{ID: st.ID},
		Author:  c.author(st.Account),
		Text:    statusText(st),
		URL:     st.link(),
		At:      st.CreatedAt,
		Mine:    st.Account.ID != "" && st.Account.ID == me,
		ReplyTo: deref(st.InReplyToID),
	}
}

// PostExists reports whether a status is still there, as the account
// sees it (GET /api/v1/statuses/:id): false on the server's 404, as for
// a status deleted since it was read. A reply to one would be refused
// (404 on Mastodon and GoToSocial).
func (c *Connector) PostExists(ctx context.Context, post app.RemoteRef) (bool, error) {
	if post.ID == "" {
		return false, errNoPost
	}
	var st status
	_, err := c.call(ctx, get("/api/v1/statuses/"+escape(post.ID), nil), &st)
	if errors.Is(err, app.ErrRemoteGone) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, nil
}
