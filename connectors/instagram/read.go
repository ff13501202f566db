package instagram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// Since's bounds: the comments are read under the account's media of
// the last recentDays days, at most recentPosts of them, and at most
// commentPages pages of comments each.
const (
	recentDays   = 14
	recentPosts  = 20
	commentPages = 10
)

// commentObject is an Instagram comment, with its replies when asked
// (field expansion replies{...}).
type commentObject struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Username  string `json:"username"`
	Timestamp string `json:"timestamp"`
	Hidden    bool   `json:"hidden"`
	Replies   *struct {
		Data []commentObject `json:"data"`
	} `json:"replies"`
}

const commentFields = "id,text,username,timestamp,hidden,replies{id,text,username,timestamp,hidden}"

// Since reads the comments, and the replies to them, that arrived after
// cursor under the account's recent media (GET /{ig-user-id}/media, then
// GET /{media-id}/comments with their replies), oldest first; the
// account's own are left out. The cursor holds the newest time read and
// the IDs read at that second (metapub.Cursor). Instagram's API tells of
// a mention elsewhere only through webhooks, which a desktop app cannot
// receive: a comment that mentions the account under its own media is
// what arrives.
func (c *Connector) Since(ctx context.Context, cursor string) (app.Page, error) {
	uid, username, err := c.me(ctx)
	if err != nil {
		return app.Page{}, err
	}
	cur, err := metapub.ParseCursor(cursor)
	if err != nil {
		return app.Page{}, fmt.Errorf("instagram: %w", err)
	}
	var recent []mediaObject
	_, err = c.eachMedia(ctx, uid, c.d.now().Add(-recentDays*24*time.Hour), func(m *mediaObject) bool {
		recent = append(recent, *m)
		return len(recent) < recentPosts
	})
	if err != nil {
		return app.Page{}, fmt.Errorf("instagram: reading the account's recent media: %w", err)
	}
	var items []app.Item
	add := func(cm commentObject, parent string, m mediaObject) {
		at, err := metapub.ParseTime(cm.Timestamp)
		if err != nil || cm.Username == username || !cur.New(cm.ID, at) {
			return
		}
		// A reply goes under the comment it is in: Instagram's replies
		// are one level deep.
		to := cm.ID
		if parent != "" {
			to = parent
		}
		kind := app.ItemReply
		items = append(items, app.Item{RemoteID: cm.ID, Kind: kind, Text: cm.Text, URL: m.Permalink, At: at,
			Author: app.Author{Handle: cm.Username, Name: cm.Username, URL: "https://www.instagram.com/" + url.PathEscape(cm.Username) + "/"},
			Post:   &app.RemoteRef{ID: to, Root: &app.RemoteRef{ID: m.ID}}})
	}
	for _, m := range recent {
		q := url.Values{"fields": {commentFields}, "limit": {"50"}}
		_, err := metapub.Each(ctx, c.g, "/"+esc(m.ID)+"/comments", q, commentPages, func(cm *commentObject) bool {
			add(*cm, "", m)
			if cm.Replies != nil {
				for _, r := range cm.Replies.Data {
					add(r, cm.ID, m)
				}
			}
			return true
		})
		if errors.Is(err, app.ErrRemoteGone) {
			continue // deleted since
		}
		if err != nil && !errors.Is(err, metapub.ErrFindIncomplete) {
			return app.Page{}, fmt.Errorf("instagram: reading the comments on %s: %w", m.ID, err)
		}
	}
	items = metapub.SortItems(items)
	return app.Page{Items: items, Cursor: cur.Next(items, c.d.now()).String()}, nil
}

// HideReply hides (or shows again) a comment on one of the account's
// media (POST /{comment-id} with hide, instagram_business_manage_comments);
// Instagram refuses one under someone else's media with code 10
// (app.ErrNotOurComment).
func (c *Connector) HideReply(ctx context.Context, reply app.RemoteRef, hide bool) error {
	if err := metapub.ModerateWith(ctx, c.g, app.Instagram, http.MethodPost, "/"+esc(reply.ID), url.Values{"hide": {strconv.FormatBool(hide)}}); err != nil {
		return fmt.Errorf("instagram: hiding comment %s: %w", reply.ID, err)
	}
	return nil
}

// DeleteComment deletes a comment under one of the account's media
// (DELETE /{comment-id}, instagram_business_manage_comments); Instagram
// refuses one under someone else's media (app.ErrNotOurComment). Its API
// cannot like a comment.
func (c *Connector) DeleteComment(ctx context.Context, comment string) error {
	if err := metapub.Moderate(ctx, c.g, app.Instagram, http.MethodDelete, "/"+esc(comment)); err != nil {
		return fmt.Errorf("instagram: deleting comment %s: %w", comment, err)
	}
	return nil
}

// AccountMetrics reads the account's followers, follows and media (GET
// /me).
func (c *Connector) AccountMetrics(ctx context.Context) (app.AccountMetrics, error) {
	var me profile
	if err := c.g.Call(ctx, http.MethodGet, "/me", url.Values{"fields": {"user_id,followers_count,follows_count,media_count"}}, &me); err != nil {
		return app.AccountMetrics{}, fmt.Errorf("instagram: reading the account's figures: %w", err)
	}
	return app.AccountMetrics{Followers: me.Followers, Following: me.Follows, Posts: me.MediaCount, At: c.d.now()}, nil
}

// postInsights are the media insights Relais asks for.
const postInsights = "views,reach,likes,comments,shares,saved"

// PostMetrics reads each media's likes and comments (GET /{media-id}),
// then its insights (GET /{media-id}/insights): shares count as boosts,
// views are the views.
// Insights refused (the permission instagram_business_manage_insights
// not granted, a media older than the account's switch to professional)
// leave the counts read; a media gone is left out.
func (c *Connector) PostMetrics(ctx context.Context, posts []app.RemoteRef) ([]app.PostMetrics, error) {
	var out []app.PostMetrics
	for _, p := range posts {
		if p.ID == "" || p.Root != nil {
			continue // a comment has no figures
		}
		var m mediaObject
		err := c.g.Call(ctx, http.MethodGet, "/"+esc(p.ID), url.Values{"fields": {"id,like_count,comments_count"}}, &m)
		if errors.Is(err, app.ErrRemoteGone) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("instagram: reading the figures of %s: %w", p.ID, err)
		}
		pm := app.PostMetrics{Post: app.RemoteRef{ID: p.ID}, At: c.d.now()}
		if m.LikeCount != nil {
			pm.Likes = *m.LikeCount
		}
		if m.CommentsCount != nil {
			pm.Replies = *m.CommentsCount
		}
		var ans struct {
			Data []graph.Insight `json:"data"`
		}
		err = c.g.Call(ctx, http.MethodGet, "/"+esc(p.ID)+"/insights", url.Values{"metric": {postInsights}}, &ans)
		if ne, ok := app.AsNetError(err); ok && (ne.Kind == app.FailRejected || ne.Kind == app.FailAuth || ne.Kind == app.FailNotFound) {
			err, ans.Data = nil, nil // refused: the counts read stand
		}
		if err != nil {
			return out, fmt.Errorf("instagram: reading the insights of %s: %w", p.ID, err)
		}
		for _, in := range ans.Data {
			switch in.Name {
			case "likes":
				pm.Likes = max(pm.Likes, in.Value())
			case "comments":
				pm.Replies = max(pm.Replies, in.Value())
			case "shares":
				pm.Boosts = in.Value()
			case "views":
				pm.Views = in.Value()
			case "reach":
				pm.Reach = in.Value()
			case "saved":
				pm.Saves = in.Value()
			}
		}
		out = append(out, pm)
	}
	return out, nil
}
