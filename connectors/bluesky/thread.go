package bluesky

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/relais-app/relais/app"
)

// How much of a conversation Thread reads.
const (
	// threadDepth is how many levels of replies.
	threadDepth = 10
	// threadParentHeight is how many posts up the chain of parents.
	threadParentHeight = 80
)

// threadNode is one node of app.bsky.feed.getPostThread's answer: a
// #threadViewPost (a post, its parent, its replies), a #notFoundPost or a
// #blockedPost.
type threadNode struct {
	Type     string       `json:"$type"`
	Post     *postView    `json:"post"`
	Parent   *threadNode  `json:"parent"`
	Replies  []threadNode `json:"replies"`
	URI      string       `json:"uri"`
	NotFound bool         `json:"notFound"`
	Blocked  bool         `json:"blocked"`
}

// errNoPost is returned by Thread for a post with no URI.
var errNoPost = errors.New("bluesky: no post to read the thread of")

// Thread reads the conversation a post is in
// (app.bsky.feed.getPostThread): the posts it answers, from the root, the
// post, then its replies at any depth (up to threadDepth levels), oldest
// first. A post deleted gives a NetError of kind FailNotFound.
func (c *Connector) Thread(ctx context.Context, post app.RemoteRef) (app.Thread, error) {
	if post.ID == "" {
		return app.Thread{}, errNoPost
	}
	s, err := c.session(ctx)
	if err != nil {
		return app.Thread{}, err
	}
	q := url.Values{"uri": {post.ID}, "depth": {strconv.Itoa(threadDepth)}, "parentHeight": {strconv.Itoa(threadParentHeight)}}
	var out struct {
		Thread threadNode `json:"thread"`
	}
	if err := c.call(ctx, s, query("app.bsky.feed.getPostThread", q), &out); err != nil {
		if status, name := errorOf(err); status == http.StatusNotFound || status == http.StatusBadRequest && name == "NotFound" {
			return app.Thread{}, notFound("the post " + post.ID + " is not on Bluesky any more")
		}
		return app.Thread{}, err
	}
	top := out.Thread
	switch {
	case top.NotFound || top.Type == "app.bsky.feed.defs#notFoundPost":
		return app.Thread{}, notFound("the post " + post.ID + " is not on Bluesky any more")
	case top.Blocked || top.Type == "app.bsky.feed.defs#blockedPost":
		return app.Thread{}, rejected("the post " + post.ID + " is from an account blocked, or blocking")
	case top.Post == nil:
		return app.Thread{}, &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Status: http.StatusOK,
			Err: errors.New("the thread has no post")}
	}

	var parents []app.ThreadPost
	for p := top.Parent; p != nil && p.Post != nil; p = p.Parent {
		parents = append(parents, threadPost(*p.Post, s.did))
	}
	slices.Reverse(parents)
	type reply struct {
		post    app.ThreadPost
		indexed time.Time
	}
	var replies []reply
	var walk func(nodes []threadNode)
	walk = func(nodes []threadNode) {
		for _, n := range nodes {
			if n.Post == nil {
				continue
			}
			indexed, _ := time.Parse(time.RFC3339Nano, n.Post.IndexedAt)
			replies = append(replies, reply{threadPost(*n.Post, s.did), indexed})
			walk(n.Replies)
		}
	}
	walk(top.Replies)
	slices.SortStableFunc(replies, func(a, b reply) int {
		return cmp.Or(a.post.At.Compare(b.post.At), a.indexed.Compare(b.indexed))
	})

	th := app.Thread{Posts: parents, Focus: len(parents)}
	th.Posts = append(th.Posts, threadPost(*top.Post, s.did))
	for _, r := range replies {
		th.Posts = append(th.Posts, r.post)
	}
	return th, nil
}

// threadPost is a post of a conversation; me is the account's DID.
func threadPost(v postView, me string) app.ThreadPost {
	p := app.ThreadPost{
		Ref:    app.RemoteRef{ID: v.URI, CID: v.CID},
		Author: authorOf(v.Author),
		Text:   v.Record.Text,
		URL:    postURL(profileName(v.Author), v.URI),
		Mine:   v.Author.DID != "" && v.Author.DID == me,
	}
	if r := v.Record.Reply; r != nil {
		p.ReplyTo = r.Parent.URI
		p.Ref.Root = &app.RemoteRef{ID: r.Root.URI, CID: r.Root.CID}
	}
	var err error
	if p.At, err = time.Parse(time.RFC3339Nano, v.Record.CreatedAt); err != nil {
		p.At, _ = time.Parse(time.RFC3339Nano, v.IndexedAt)
	}
	return p
}

// PostExists reports whether a post is still there
// (app.bsky.feed.getPosts on the AppView, which leaves out a post
// deleted). Bluesky's PDS takes a reply to a post deleted since, so this
// is asked before one goes out.
func (c *Connector) PostExists(ctx context.Context, post app.RemoteRef) (bool, error) {
	if post.ID == "" {
		return false, errNoPost
	}
	s, err := c.session(ctx)
	if err != nil {
		return false, err
	}
	views, err := c.posts(ctx, s, []string{post.ID})
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(views, func(v postView) bool { return v.URI == post.ID }), nil
}
