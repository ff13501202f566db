package mastodon

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/plaintext"
)

// requestsPageSize is how many follow requests one request asks for:
// Mastodon's most.
const requestsPageSize = 80

// errNoRequester is returned for an answer to a request of no account.
var errNoRequester = errors.New("mastodon: no account to answer")

var _ app.FollowAnswerer = (*Connector)(nil)

// AcceptFollow authorizes the follow request of the account requester
// (POST /api/v1/follow_requests/:account_id/authorize). A request already
// answered or withdrawn answers 404 ("Record not found"): a NetError of
// kind FailNotFound.
func (c *Connector) AcceptFollow(ctx context.Context, requester string) error {
	return c.answerFollow(ctx, requester, "authorize")
}

// RejectFollow rejects it (POST /api/v1/follow_requests/:account_id/reject).
func (c *Connector) RejectFollow(ctx context.Context, requester string) error {
	return c.answerFollow(ctx, requester, "reject")
}

func (c *Connector) answerFollow(ctx context.Context, requester, verb string) error {
	if requester == "" {
		return errNoRequester
	}
	// The answer is the Relationship with the requester; read, so that
	// an answer that is not one (a proxy's page) is not taken for done.
	var rel relationship
	_, err := c.call(ctx, form("/api/v1/follow_requests/"+escape(requester)+"/"+verb, url.Values{}), &rel)
	return err
}

// FollowRequests lists the accounts whose follow request waits (GET
// /api/v1/follow_requests), following the Link header's rel="next" (its
// max_id is a request's ID, not an account's) for at most maxPages pages.
// complete is false when more were left.
func (c *Connector) FollowRequests(ctx context.Context) ([]app.Item, bool, error) {
	q := url.Values{"limit": {strconv.Itoa(requestsPageSize)}}
	var out []app.Item
	seen := make(map[string]bool)
	for range maxPages {
		var accounts []account
		resp, err := c.call(ctx, get("/api/v1/follow_requests", q), &accounts)
		if err != nil {
			return nil, false, err
		}
		for _, a := range accounts {
			if a.ID == "" || seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			it := c.followRequest(a)
			// No notification: the request is named by its requester.
			it.RemoteID = "follow_request:" + a.ID
			out = append(out, it)
		}
		next := linkParam(resp.Header, "next", "max_id")
		if len(accounts) < requestsPageSize || next == "" || next == q.Get("max_id") {
			return out, true, nil
		}
		q.Set("max_id", next)
	}
	return out, false, nil
}

// followRequest is the item of a follow request of a: who, their bio as
// plain text, their page and picture.
func (c *Connector) followRequest(a account) app.Item {
	it := app.Item{Kind: app.ItemFollowRequest, Author: c.author(a), URL: a.URL, Text: plaintext.FromHTML(a.Note)}
	it.Author.Avatar = a.AvatarStatic
	if it.Author.Avatar == "" {
		it.Author.Avatar = a.Avatar
	}
	return it
}
