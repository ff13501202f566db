package mastodon

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzSearchAnswer feeds answers of any shape (a list of statuses, a
// search's results, an account) and any cursor to what the veille's reads
// make of them: no panic, texts in valid UTF-8 without markup's control
// characters, no status published after now or before since, no count
// below zero, cursors read back only when well formed.
func FuzzSearchAnswer(f *testing.F) {
	f.Add([]byte(`[{"id":"1","uri":"https://m.example/users/a/statuses/1","url":null,"created_at":"2999-01-01T00:00:00Z","content":"<p>Hi <a href=\"https://x\"><span class=\"invisible\">https://</span>x</a></p>","spoiler_text":"cw","language":"fr","favourites_count":-2,"account":{"id":"7","acct":"a","note":"<p>bio</p>","created_at":"2022-11-05"}}]`), "7 1")
	f.Add([]byte(`{"accounts":[{"id":"","acct":"x@y","created_at":"bad"}],"statuses":[{"id":"2","uri":"","reblog":{"id":"1"}}]}`), "12")
	f.Add([]byte(`{"id":"9","acct":"z","followers_count":-1}`), "x y z")
	c := &Connector{d: &Dialer{}, base: &url.URL{Scheme: "https", Host: "m.example"}}
	now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	c.d.Now = func() time.Time { return now }
	since := now.Add(-time.Hour)
	f.Fuzz(func(t *testing.T, body []byte, cursor string) {
		var list []status
		var res searchResults
		_ = json.Unmarshal(body, &list)
		_ = json.Unmarshal(body, &res)
		list = append(list, res.Statuses...)
		page, _ := c.statusPage(list, "fr", since)
		for _, f := range page.Found {
			if f.URI == "" || f.Published.After(now) || f.Published.Before(since) || f.Likes < 0 || f.Reposts < 0 || f.Replies < 0 {
				t.Errorf("found %+v", f)
			}
			if !utf8.ValidString(f.Text) || strings.ContainsRune(f.Text, 0) {
				t.Errorf("text %q", f.Text)
			}
		}
		var a account
		_ = json.Unmarshal(body, &a)
		for _, acc := range append(res.Accounts, a) {
			out := c.accountOf(acc)
			if out.Followers < 0 || out.Following < 0 || out.Posts < 0 || !utf8.ValidString(out.Bio) {
				t.Errorf("account %+v", out)
			}
		}
		if n := parseOffset(cursor); n < 0 {
			t.Errorf("offset %d", n)
		}
		if id, maxID, ok := parseAuthorCursor(cursor); ok && (id+" "+maxID != cursor || strings.ContainsAny(id+maxID, "/?#% ")) {
			t.Errorf("cursor %q read as %q, %q", cursor, id, maxID)
		}
	})
}
