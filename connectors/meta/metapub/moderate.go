package metapub

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
)

// Moderate sends a request that acts on a comment (DELETE /{comment-id},
// POST /{comment-id}/likes, hiding it) and checks Graph's answer, {"success": true}.
// Graph refuses a comment the account may not act on (under someone
// else's post) with code 200, or 10 on Instagram: that is a NetError of
// kind FailRejected matching app.ErrNotOurComment, not a sign-in to renew
// (which code 10 otherwise reads as). A comment gone is code 100,
// subcode 33: FailNotFound.
func Moderate(ctx context.Context, g *graph.Client, network app.Network, method, path string) error {
	return ModerateWith(ctx, g, network, method, path, nil)
}

// ModerateWith is Moderate with parameters, such as hiding a comment's
// (POST /{comment-id} with is_hidden or hide).
func ModerateWith(ctx context.Context, g *graph.Client, network app.Network, method, path string, params url.Values) error {
	resp, err := g.Do(ctx, method, path, params)
	if err != nil {
		if ne, ok := app.AsNetError(err); ok && resp != nil {
			if e, ok := graph.ParseError(resp.Body); ok && (e.Code == 10 || e.Code == 200) {
				ne.Kind, ne.Err = app.FailRejected, app.ErrNotOurComment
			}
		}
		return err
	}
	var ans struct {
		Success bool `json:"success"`
	}
	if err := json.Unmarshal(resp.Body, &ans); err != nil || !ans.Success {
		return &app.NetError{Network: network, Kind: app.FailServer, Status: resp.Status, Err: errors.New("the answer does not say it succeeded")}
	}
	return nil
}
