package facebook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// Since's bounds: the comments are read under the Page's posts of the
// last recentDays days, at most recentPosts of them.
const (
	recentDays  = 14
	recentPosts = 25
)

// Since reads what arrived after cursor: the posts the Page is tagged in
// (GET /{page-id}/tagged) and the comments under the Page's recent posts
// (GET /{post-id}/comments, filter=stream for the replies too, newest
// first), oldest first; the Page's own comments are left out. Only the
// posts whose updated_time (the time of their last comment) is past the
// cursor are read again. The cursor holds the newest time read (Meta's
// times are to the second) and the IDs read at that second, so that
// nothing is read twice or missed. An empty cursor reads the latest page
// of each.
func (c *Connector) Since(ctx context.Context, cursor string) (app.Page, error) {
	g, pageID, err := c.client(ctx)
	if err != nil {
		return app.Page{}, err
	}
	cur, err := metapub.ParseCursor(cursor)
	if err != nil {
		return app.Page{}, fmt.Errorf("facebook: %w", err)
	}
	from := cur.At
	var items []app.Item
	// keep adds m when it is new; false once the list, newest first,
	// goes back past the cursor.
	keep := func(kind app.ItemKind, post func(*object) *app.RemoteRef) func(*object) bool {
		return func(m *object) bool {
			at, err := ParseTime(m.Created)
			if err != nil {
				return true
			}
			if !cur.New(m.ID, at) {
				return !at.Before(from)
			}
			if m.From != nil && m.From.ID == pageID {
				return true
			}
			items = append(items, item(m, kind, at, post(m)))
			return true
		}
	}
	read := func(path string, q url.Values, fn func(*object) bool) error {
		if cursor == "" {
			var p struct {
				Data []object `json:"data"`
			}
			q.Set("limit", "25")
			if err := g.Call(ctx, http.MethodGet, path, q, &p); err != nil {
				return err
			}
			for i := range p.Data {
				fn(&p.Data[i])
			}
			return nil
		}
		complete, err := c.eachObject(ctx, g, path, q, from, fn)
		if err == nil && !complete {
			err = ErrFindIncomplete
		}
		return err
	}
	self := func(m *object) *app.RemoteRef { return &app.RemoteRef{ID: m.ID} }
	err = read("/"+esc(pageID)+"/tagged", url.Values{"fields": {postFields}}, keep(app.ItemMention, self))
	if err != nil && !refused(err) {
		// Without pages_read_user_content the tags are out of reach; the
		// comments are still read.
		return app.Page{}, fmt.Errorf("facebook: reading the posts the Page is tagged in: %w", err)
	}
	var posts []object
	_, err = c.eachObject(ctx, g, "/"+esc(pageID)+"/published_posts", url.Values{"fields": {"id,created_time,updated_time"}},
		c.d.now().Add(-recentDays*24*time.Hour), func(m *object) bool {
			posts = append(posts, *m)
			return len(posts) < recentPosts
		})
	if err != nil {
		return app.Page{}, fmt.Errorf("facebook: reading the Page's recent posts: %w", err)
	}
	for _, p := range posts {
		if cursor != "" {
			if up, err := ParseTime(p.Updated); err == nil && up.Before(from) {
				continue // no comment since the cursor
			}
		}
		q := url.Values{"fields": {commentFields}, "filter": {"stream"}, "order": {"reverse_chronological"}}
		err := read("/"+esc(p.ID)+"/comments", q, keep(app.ItemReply, self))
		if errors.Is(err, app.ErrRemoteGone) {
			continue // deleted since
		}
		if err != nil {
			return app.Page{}, fmt.Errorf("facebook: reading the comments on post %s: %w", p.ID, err)
		}
	}
	items = metapub.SortItems(items)
	return app.Page{Items: items, Cursor: cur.Next(items, c.d.now()).String()}, nil
}

// refused tells whether err is Graph refusing a permission (codes 10,
// 200–299) or an edge (100), not a failure to try again.
func refused(err error) bool {
	ne, ok := app.AsNetError(err)
	return ok && ne.Kind == app.FailRejected
}

func item(m *object, kind app.ItemKind, at time.Time, post *app.RemoteRef) app.Item {
	it := app.Item{RemoteID: m.ID, Kind: kind, Text: m.Message, URL: m.Permalink, At: at, Post: post}
	if m.From != nil {
		it.Author = app.Author{RemoteID: m.From.ID, Name: m.From.Name, Handle: m.From.Name,
			URL: "https://www.facebook.com/" + url.PathEscape(m.From.ID)}
	}
	return it
}

// rootOf is the post a comment is under: a comment's ID is its post's
// number, "_", its own; the post's ID is the Page's, "_", that number.
func rootOf(pageID, id string) (string, bool) {
	parts := strings.Split(id, "_")
	if len(parts) != 2 || parts[0] == pageID {
		return "", false
	}
	return pageID + "_" + parts[0], true
}

// Thread reads the conversation a post or comment is in: the Page's post
// and every comment under it (GET /{post-id}/comments, filter=stream),
// oldest first.
func (c *Connector) Thread(ctx context.Context, ref app.RemoteRef) (app.Thread, error) {
	g, pageID, err := c.client(ctx)
	if err != nil {
		return app.Thread{}, err
	}
	rootID := ref.ID
	if r, ok := rootOf(pageID, ref.ID); ok {
		rootID = r
	}
	var root object
	if err := g.Call(ctx, http.MethodGet, "/"+esc(rootID), url.Values{"fields": {postFields}}, &root); err != nil {
		return app.Thread{}, fmt.Errorf("facebook: reading post %s: %w", rootID, err)
	}
	all := []object{root}
	q := url.Values{"fields": {commentFields}, "filter": {"stream"}, "order": {"chronological"}}
	if _, err := c.eachObject(ctx, g, "/"+esc(rootID)+"/comments", q, time.Time{}, func(m *object) bool {
		all = append(all, *m)
		return true
	}); err != nil {
		return app.Thread{}, fmt.Errorf("facebook: reading the comments: %w", err)
	}
	var t app.Thread
	for i, p := range all {
		at, _ := ParseTime(p.Created)
		tp := app.ThreadPost{Ref: app.RemoteRef{ID: p.ID}, Text: p.Message, URL: p.Permalink, At: at}
		if p.From != nil {
			tp.Mine = p.From.ID == pageID
			tp.Author = app.Author{RemoteID: p.From.ID, Name: p.From.Name, Handle: p.From.Name, URL: "https://www.facebook.com/" + url.PathEscape(p.From.ID)}
		}
		if i > 0 {
			tp.ReplyTo = root.ID
			if p.Parent != nil && p.Parent.ID != "" {
				tp.ReplyTo = p.Parent.ID
			}
		}
		t.Posts = append(t.Posts, tp)
	}
	metapub.OrderThread(&t, ref.ID)
	return t, nil
}

// HideReply hides (or shows again) a comment on one of the Page's posts
// (POST /{comment-id} with is_hidden, pages_manage_engagement); Graph
// refuses one elsewhere with code 200 (app.ErrNotOurComment).
func (c *Connector) HideReply(ctx context.Context, comment app.RemoteRef, hide bool) error {
	g, _, err := c.client(ctx)
	if err != nil {
		return err
	}
	if err := metapub.ModerateWith(ctx, g, app.Facebook, http.MethodPost, "/"+esc(comment.ID), url.Values{"is_hidden": {strconv.FormatBool(hide)}}); err != nil {
		return fmt.Errorf("facebook: hiding comment %s: %w", comment.ID, err)
	}
	return nil
}

// DeleteComment deletes a comment under one of the Page's posts (DELETE
// /{comment-id}, pages_manage_engagement); Graph refuses one elsewhere
// with code 200 (app.ErrNotOurComment).
func (c *Connector) DeleteComment(ctx context.Context, comment string) error {
	g, _, err := c.client(ctx)
	if err != nil {
		return err
	}
	if err := metapub.Moderate(ctx, g, app.Facebook, http.MethodDelete, "/"+esc(comment)); err != nil {
		return fmt.Errorf("facebook: deleting comment %s: %w", comment, err)
	}
	return nil
}

// Like likes a comment, or a post, as the Page (POST /{object-id}/likes,
// pages_manage_engagement). Facebook has no boost: the connector is a
// Liker, not a Reactor.
func (c *Connector) Like(ctx context.Context, post app.RemoteRef) error {
	g, _, err := c.client(ctx)
	if err != nil {
		return err
	}
	if err := metapub.Moderate(ctx, g, app.Facebook, http.MethodPost, "/"+esc(post.ID)+"/likes"); err != nil {
		return fmt.Errorf("facebook: liking %s: %w", post.ID, err)
	}
	return nil
}

// AccountMetrics reads the Page's followers (followers_count; fan_count,
// its likes, when Meta gives no followers).
func (c *Connector) AccountMetrics(ctx context.Context) (app.AccountMetrics, error) {
	g, pageID, err := c.client(ctx)
	if err != nil {
		return app.AccountMetrics{}, err
	}
	var pg struct {
		Followers *int `json:"followers_count"`
		Fans      int  `json:"fan_count"`
	}
	if err := g.Call(ctx, http.MethodGet, "/"+esc(pageID), url.Values{"fields": {"followers_count,fan_count"}}, &pg); err != nil {
		return app.AccountMetrics{}, fmt.Errorf("facebook: reading the Page's figures: %w", err)
	}
	m := app.AccountMetrics{Followers: pg.Fans, At: c.d.now()}
	if pg.Followers != nil {
		m.Followers = *pg.Followers
	}
	return m, nil
}

// postFigures are a post's counts, as GET /{post-id} answers them.
type postFigures struct {
	ID        string `json:"id"`
	Reactions struct {
		Summary struct {
			Total int `json:"total_count"`
		} `json:"summary"`
	} `json:"reactions"`
	Comments struct {
		Summary struct {
			Total int `json:"total_count"`
		} `json:"summary"`
	} `json:"comments"`
	// Shares is left out of a post that has none.
	Shares *struct {
		Count int `json:"count"`
	} `json:"shares"`
}

// PostMetrics reads each post's reactions, comments and shares (GET
// /{post-id}?fields=reactions.summary(true),comments.summary(true),shares);
// a post gone is left out. Reactions count as likes, shares as boosts.
func (c *Connector) PostMetrics(ctx context.Context, posts []app.RemoteRef) ([]app.PostMetrics, error) {
	g, _, err := c.client(ctx)
	if err != nil {
		return nil, err
	}
	var out []app.PostMetrics
	for _, p := range posts {
		if p.ID == "" {
			continue
		}
		f, err := c.figures(ctx, g, p.ID)
		if errors.Is(err, app.ErrRemoteGone) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("facebook: reading the figures of post %s: %w", p.ID, err)
		}
		pm := app.PostMetrics{Post: app.RemoteRef{ID: p.ID}, Likes: f.Reactions.Summary.Total, Replies: f.Comments.Summary.Total, At: c.d.now()}
		if f.Shares != nil {
			pm.Boosts = f.Shares.Count
		}
		if pm.Views, err = c.firstInsight(ctx, g, p.ID, viewMetrics); err != nil {
			return out, fmt.Errorf("facebook: reading the impressions of post %s: %w", p.ID, err)
		}
		if pm.Reach, err = c.firstInsight(ctx, g, p.ID, reachMetrics); err != nil {
			return out, fmt.Errorf("facebook: reading the reach of post %s: %w", p.ID, err)
		}
		out = append(out, pm)
	}
	return out, nil
}

// viewMetrics are the insights read as a post's views, the first the
// Page's API version knows: Meta replaced post_impressions by the "views"
// metric post_media_view in late 2025, and answers a retired or unknown
// metric with code 100.
var viewMetrics = []string{"post_media_view", "post_impressions"}

// reachMetrics are the insights read as a post's reach, the first the
// API version knows: post_total_media_view_unique, the unique views Meta
// put in place of post_impressions_unique, then the latter.
var reachMetrics = []string{"post_total_media_view_unique", "post_impressions_unique"}

// firstInsight reads a post's lifetime insight, the first of metrics the
// API version knows (GET /{post-id}/insights?metric=post_media_view, or
// post_impressions where the former is unknown, for its views). Insights
// refused (code 10 or 200: read_insights not granted, or a Page with too
// few followers for insights), or no metric known, leave 0 with no
// error: the post's other figures stand.
func (c *Connector) firstInsight(ctx context.Context, g *graph.Client, id string, metrics []string) (int, error) {
	for _, metric := range metrics {
		views, known, err := c.insight(ctx, g, id, metric)
		if err != nil || known {
			return views, err
		}
	}
	return 0, nil
}

// insight reads one lifetime insight of a post; known is false when the
// API does not know the metric.
func (c *Connector) insight(ctx context.Context, g *graph.Client, id, metric string) (value int, known bool, err error) {
	resp, err := g.Do(ctx, http.MethodGet, "/"+esc(id)+"/insights", url.Values{"metric": {metric}})
	if err != nil {
		if resp != nil {
			if e, ok := graph.ParseError(resp.Body); ok {
				switch e.Code {
				case 10, 200:
					return 0, true, nil
				case 100:
					return 0, false, nil
				}
			}
		}
		return 0, true, err
	}
	var ans struct {
		Data []struct {
			Name   string `json:"name"`
			Values []struct {
				Value int `json:"value"`
			} `json:"values"`
		} `json:"data"`
	}
	if err := json.Unmarshal(resp.Body, &ans); err != nil {
		return 0, true, &app.NetError{Network: app.Facebook, Kind: app.FailServer, Status: resp.Status, Err: fmt.Errorf("the insights are not JSON: %w", err)}
	}
	for _, in := range ans.Data {
		if in.Name == metric {
			for _, v := range in.Values {
				value = max(value, v.Value) // lifetime: one value
			}
		}
	}
	return value, true, nil
}

func (c *Connector) figures(ctx context.Context, g *graph.Client, id string) (postFigures, error) {
	var f postFigures
	q := url.Values{"fields": {"reactions.summary(total_count).limit(0),comments.summary(true).limit(0),shares"}}
	err := g.Call(ctx, http.MethodGet, "/"+esc(id), q, &f)
	if err == nil && f.ID == "" {
		err = &app.NetError{Network: app.Facebook, Kind: app.FailServer, Status: 200, Err: errors.New("the post's figures have no ID")}
	}
	return f, err
}
