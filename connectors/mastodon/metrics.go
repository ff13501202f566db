package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/relais-app/relais/app"
)

// AccountMetrics reads the account's followers, follows and statuses
// (verify_credentials).
func (c *Connector) AccountMetrics(ctx context.Context) (app.AccountMetrics, error) {
	acc, err := c.verifyCredentials(ctx)
	if err != nil {
		return app.AccountMetrics{}, err
	}
	return app.AccountMetrics{
		Followers: acc.FollowersCount,
		Following: acc.FollowingCount,
		Posts:     acc.StatusesCount,
		At:        c.d.now(),
	}, nil
}

// multiGetSize is how many statuses one GET /api/v1/statuses asks for.
const multiGetSize = 20

// PostMetrics reads the favourites, boosts, replies and quotes of posts:
// 20 at a time with GET /api/v1/statuses?id[]= (Mastodon 4.3 and later),
// else one by one. A server without the batch (see unsupported) is
// remembered, so that it is asked one by one from then on. A post the
// server no longer has is left out.
func (c *Connector) PostMetrics(ctx context.Context, posts []app.RemoteRef) ([]app.PostMetrics, error) {
	var out []app.PostMetrics
	add := func(st *status) {
		out = append(out, app.PostMetrics{
			Post:    app.RemoteRef{ID: st.ID},
			Likes:   st.FavouritesCount,
			Boosts:  st.ReblogsCount,
			Replies: st.RepliesCount,
			Quotes:  st.QuotesCount,
			At:      c.d.now(),
		})
	}
	ids := make([]string, 0, len(posts))
	for _, p := range posts {
		if p.ID != "" {
			ids = append(ids, p.ID)
		}
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), multiGetSize)]
		c.mu.Lock()
		multi := !c.noMultiGet
		c.mu.Unlock()
		if multi {
			var sts []status
			_, err := c.call(ctx, get("/api/v1/statuses", url.Values{"id[]": batch}), &sts)
			if err == nil {
				for i := range sts {
					add(&sts[i])
				}
				ids = ids[len(batch):]
				continue
			}
			if !unsupported(err) {
				return nil, fmt.Errorf("mastodon: reading the figures of %d posts: %w", len(batch), err)
			}
			c.mu.Lock()
			c.noMultiGet = true
			c.mu.Unlock()
		}
		for _, id := range batch {
			var st status
			_, err := c.call(ctx, get("/api/v1/statuses/"+escape(id), nil), &st)
			if errors.Is(err, app.ErrRemoteGone) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("mastodon: reading the figures of post %s: %w", id, err)
			}
			add(&st)
		}
		ids = ids[len(batch):]
	}
	return out, nil
}

// unsupported reports whether err is a server's answer that it has no
// such endpoint: 404 or 410 (Mastodon before 4.3), 405 (GoToSocial, whose
// router knows the path only for other methods) or 501.
func unsupported(err error) bool {
	ne, ok := app.AsNetError(err)
	if !ok {
		return false
	}
	switch ne.Status {
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusGone, http.StatusNotImplemented:
		return true
	}
	return false
}
