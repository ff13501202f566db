package threads

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

// Since's bounds: the replies are read under the account's posts of the
// last recentDays days, at most recentPosts of them.
const (
	recentDays  = 7
	recentPosts = 20
)

// Since reads what arrived after cursor: the posts that mention the
// account (GET /{user-id}/mentions, which needs threads_manage_mentions)
// and the replies under the account's recent posts (GET
// /{media-id}/conversation), oldest first. The cursor holds the newest
// time read (Meta's times are to the second) and the IDs read at that
// second, so that nothing is read twice or missed. An empty cursor reads
// the latest page of each.
func (c *Connector) Since(ctx context.Context, cursor string) (app.Page, error) {
	uid, err := c.me(ctx)
	if err != nil {
		return app.Page{}, err
	}
	username, err := c.myUsername(ctx)
	if err != nil {
		return app.Page{}, err
	}
	cur, err := metapub.ParseCursor(cursor)
	if err != nil {
		return app.Page{}, fmt.Errorf("threads: %w", err)
	}
	from := cur.At
	var items []app.Item
	add := func(kind app.ItemKind) func(*media) bool {
		return func(m *media) bool {
			at, err := ParseTime(m.Timestamp)
			if err != nil || m.Username == username || !cur.New(m.ID, at) {
				return true
			}
			items = append(items, item(m, kind, at))
			return true
		}
	}
	read := func(path string, kind app.ItemKind) error {
		if cursor == "" {
			var p struct {
				Data []media `json:"data"`
			}
			q := url.Values{"fields": {listFields}, "limit": {"25"}}
			if err := c.call(ctx, http.MethodGet, path, q, &p); err != nil {
				return err
			}
			for i := range p.Data {
				add(kind)(&p.Data[i])
			}
			return nil
		}
		_, err := c.eachPost(ctx, path, from, add(kind))
		return err
	}
	if err := read("/"+esc(uid)+"/mentions", app.ItemMention); err != nil {
		return app.Page{}, fmt.Errorf("threads: reading the mentions: %w", err)
	}
	var mine []string
	_, err = c.eachPost(ctx, "/"+esc(uid)+"/threads", c.d.now().Add(-recentDays*24*time.Hour), func(m *media) bool {
		mine = append(mine, m.ID)
		return len(mine) < recentPosts
	})
	if err != nil {
		return app.Page{}, fmt.Errorf("threads: reading the account's recent posts: %w", err)
	}
	for _, id := range mine {
		err := read("/"+esc(id)+"/conversation", app.ItemReply)
		if errors.Is(err, app.ErrRemoteGone) {
			continue // deleted since
		}
		if err != nil {
			return app.Page{}, fmt.Errorf("threads: reading the replies to post %s: %w", id, err)
		}
	}
	items = metapub.SortItems(items)
	return app.Page{Items: items, Cursor: cur.Next(items, c.d.now()).String()}, nil
}

func item(m *media, kind app.ItemKind, at time.Time) app.Item {
	it := app.Item{RemoteID: m.ID, Kind: kind, Text: m.Text, URL: m.Permalink, At: at,
		Author: app.Author{Handle: m.Username, Name: m.Username, URL: "https://www.threads.net/@" + url.PathEscape(m.Username)},
		Post:   &app.RemoteRef{ID: m.ID}}
	return it
}

// myUsername is the account's username, read with Profile once.
func (c *Connector) myUsername(ctx context.Context) (string, error) {
	c.mu.Lock()
	name := c.username
	c.mu.Unlock()
	if name != "" {
		return name, nil
	}
	p, err := c.Profile(ctx)
	return p.Handle, err
}

// Thread reads the conversation a post is in: its root and every reply
// under it (GET /{root}/conversation), oldest first.
func (c *Connector) Thread(ctx context.Context, ref app.RemoteRef) (app.Thread, error) {
	username, err := c.myUsername(ctx)
	if err != nil {
		return app.Thread{}, err
	}
	var m media
	if err := c.call(ctx, http.MethodGet, "/"+esc(ref.ID), url.Values{"fields": {listFields}}, &m); err != nil {
		return app.Thread{}, fmt.Errorf("threads: reading post %s: %w", ref.ID, err)
	}
	root := m
	if m.RootPost != nil && m.RootPost.ID != "" && m.RootPost.ID != m.ID {
		root = media{}
		if err := c.call(ctx, http.MethodGet, "/"+esc(m.RootPost.ID), url.Values{"fields": {listFields}}, &root); err != nil {
			return app.Thread{}, fmt.Errorf("threads: reading the first post of the conversation: %w", err)
		}
	}
	posts := []media{root}
	_, err = c.eachPost(ctx, "/"+esc(root.ID)+"/conversation", time.Time{}, func(r *media) bool {
		posts = append(posts, *r)
		return true
	})
	if err != nil {
		return app.Thread{}, fmt.Errorf("threads: reading the conversation: %w", err)
	}
	var t app.Thread
	for _, p := range posts {
		at, _ := ParseTime(p.Timestamp)
		tp := app.ThreadPost{Ref: app.RemoteRef{ID: p.ID}, Text: p.Text, URL: p.Permalink, At: at, Mine: p.Username == username,
			Author: app.Author{Handle: p.Username, Name: p.Username, URL: "https://www.threads.net/@" + url.PathEscape(p.Username)}}
		if p.RepliedTo != nil {
			tp.ReplyTo = p.RepliedTo.ID
		}
		t.Posts = append(t.Posts, tp)
	}
	metapub.OrderThread(&t, ref.ID)
	return t, nil
}

// HideReply hides (or shows again) a reply to one of the account's posts
// (POST /{reply-id}/manage_reply, threads_manage_replies).
func (c *Connector) HideReply(ctx context.Context, reply app.RemoteRef, hide bool) error {
	if err := c.call(ctx, http.MethodPost, "/"+esc(reply.ID)+"/manage_reply", url.Values{"hide": {strconv.FormatBool(hide)}}, nil); err != nil {
		return fmt.Errorf("threads: hiding reply %s: %w", reply.ID, err)
	}
	return nil
}

// AccountMetrics reads the account's followers (GET
// /{user-id}/threads_insights?metric=followers_count). Threads tells no
// count of follows or posts.
func (c *Connector) AccountMetrics(ctx context.Context) (app.AccountMetrics, error) {
	uid, err := c.me(ctx)
	if err != nil {
		return app.AccountMetrics{}, err
	}
	var ans struct {
		Data []graph.Insight `json:"data"`
	}
	if err := c.call(ctx, http.MethodGet, "/"+esc(uid)+"/threads_insights", url.Values{"metric": {"followers_count"}}, &ans); err != nil {
		return app.AccountMetrics{}, fmt.Errorf("threads: reading the account's figures: %w", err)
	}
	m := app.AccountMetrics{At: c.d.now()}
	for _, in := range ans.Data {
		if in.Name == "followers_count" {
			m.Followers = in.Value()
		}
	}
	return m, nil
}

// PostMetrics reads each post's views, likes, replies, reposts and quotes (GET
// /{media-id}/insights); a post gone is left out.
func (c *Connector) PostMetrics(ctx context.Context, posts []app.RemoteRef) ([]app.PostMetrics, error) {
	var out []app.PostMetrics
	for _, p := range posts {
		if p.ID == "" {
			continue
		}
		var ans struct {
			Data []graph.Insight `json:"data"`
		}
		err := c.call(ctx, http.MethodGet, "/"+esc(p.ID)+"/insights", url.Values{"metric": {"views,likes,replies,reposts,quotes,shares"}}, &ans)
		if errors.Is(err, app.ErrRemoteGone) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("threads: reading the figures of post %s: %w", p.ID, err)
		}
		pm := app.PostMetrics{Post: app.RemoteRef{ID: p.ID}, At: c.d.now()}
		for _, in := range ans.Data {
			switch in.Name {
			case "likes":
				pm.Likes = in.Value()
			case "replies":
				pm.Replies = in.Value()
			case "reposts":
				pm.Boosts = in.Value()
			case "quotes":
				pm.Quotes = in.Value()
			case "views":
				pm.Views = in.Value()
			}
		}
		out = append(out, pm)
	}
	return out, nil
}
