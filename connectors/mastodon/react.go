package mastodon

import (
	"context"
	"errors"
	"net/url"

	"github.com/relais-app/relais/app"
)

// errNoPost is returned for a reaction to a post with no ID.
var errNoPost = errors.New("mastodon: no post to react to")

// Like favourites a status (POST /api/v1/statuses/:id/favourite).
// Favouriting again is harmless.
func (c *Connector) Like(ctx context.Context, post app.RemoteRef) error {
	return c.react(ctx, post, "favourite")
}

// Boost reblogs a status (POST /api/v1/statuses/:id/reblog). Boosting
// again is harmless.
func (c *Connector) Boost(ctx context.Context, post app.RemoteRef) error {
	return c.react(ctx, post, "reblog")
}

func (c *Connector) react(ctx context.Context, post app.RemoteRef, verb string) error {
	if post.ID == "" {
		return errNoPost
	}
	_, err := c.do(ctx, form("/api/v1/statuses/"+escape(post.ID)+"/"+verb, url.Values{}))
	return err
}
