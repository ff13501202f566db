package bluesky

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzSearchPage feeds searchPosts and getAuthorFeed answers of any shape
// to what SearchPosts and AuthorPosts make of them: no panic, every post
// found has an at:// URI and an author, and none is published after now.
func FuzzSearchPage(f *testing.F) {
	f.Add([]byte(`{"cursor":"25","posts":[{"uri":"at://did:plc:a/app.bsky.feed.post/3k","author":{"did":"did:plc:a","handle":"a.test"},"record":{"text":"hi","langs":["fr"],"createdAt":"2999-01-01T00:00:00Z"},"indexedAt":"2026-03-14T09:30:00.000Z","likeCount":-3}]}`))
	f.Add([]byte(`{"feed":[{"post":{"uri":"at://x","author":{"did":"d","handle":"handle.invalid"},"record":{"createdAt":"bad"}},"reason":{"$type":"app.bsky.feed.defs#reasonRepost"}}],"cursor":"1::c"}`))
	f.Add([]byte(`{"posts":[{"uri":"https://not-at","author":{}}],"cursor":"x"}`))
	now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	since := now.Add(-time.Hour)
	f.Fuzz(func(t *testing.T, body []byte) {
		var out searchPostsOutput
		if json.Unmarshal(body, &out) == nil {
			page := searchPage(out, since, now)
			if len(out.Posts) == 0 && page.Cursor != "" {
				t.Errorf("a page with no post has cursor %q", page.Cursor)
			}
			for _, f := range page.Found {
				if !strings.HasPrefix(f.URI, "at://") || f.Author.RemoteID == "" || f.Published.After(now) || f.Published.Before(since) || f.Likes < 0 {
					t.Errorf("found %+v", f)
				}
			}
		}
		var feed struct {
			Cursor string         `json:"cursor"`
			Feed   []feedViewPost `json:"feed"`
		}
		if json.Unmarshal(body, &feed) == nil {
			page := authorPage(feed.Feed, feed.Cursor, since, now)
			for _, f := range page.Found {
				if !strings.HasPrefix(f.URI, "at://") || f.Published.After(now) || f.Published.Before(since) {
					t.Errorf("found %+v", f)
				}
			}
		}
	})
}
