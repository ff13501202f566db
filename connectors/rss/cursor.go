package rss

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// cursor is what Since's cursor holds, as JSON:
//
//	{"v":1,"etag":"\"5d8c-6a\"","modified":"Mon, 04 May 2026 09:00:00 GMT","seen":"Kx0…"}
//
// ETag and Modified are the feed's validators, sent back as If-None-Match
// and If-Modified-Since. Seen is the keys of the entries seen (see
// entryKey), newest first, keyLen characters each, at most maxSeen. A
// cursor that cannot be read is the empty cursor: the next read is a
// first read.
type cursor struct {
	V        int    `json:"v"`
	ETag     string `json:"etag,omitempty"`
	Modified string `json:"modified,omitempty"`
	Seen     string `json:"seen,omitempty"`
}

const cursorVersion = 1

// keyLen is the length of an entry's key: 9 bytes of SHA-256 in base64.
const keyLen = 12

// entryKey is the key the cursor remembers an entry by: a hash of its
// RemoteID, short and of fixed length whatever the GUID.
func entryKey(remoteID string) string {
	sum := sha256.Sum256([]byte(remoteID))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}

func parseCursor(s string) cursor {
	var c cursor
	if s == "" || json.Unmarshal([]byte(s), &c) != nil || c.V != cursorVersion || len(c.Seen)%keyLen != 0 {
		return cursor{}
	}
	return c
}

// String is the cursor's text.
func (c cursor) String() string {
	c.V = cursorVersion
	b, err := json.Marshal(c)
	if err != nil {
		panic("rss: encoding a cursor: " + err.Error()) // strings only: cannot fail
	}
	return string(b)
}

// servedBefore reports whether the cursor comes from a read of a feed.
func (c cursor) servedBefore() bool {
	return c.ETag != "" || c.Modified != "" || c.Seen != ""
}

func (c cursor) seenSet() map[string]bool {
	seen := make(map[string]bool, len(c.Seen)/keyLen)
	for i := 0; i+keyLen <= len(c.Seen); i += keyLen {
		seen[c.Seen[i:i+keyLen]] = true
	}
	return seen
}

// remember sets c's Seen to keys (the entries of this read, newest first)
// then those of prev not among them, up to maxSeen.
func (c *cursor) remember(keys []string, prev cursor) {
	var b strings.Builder
	n := 0
	done := make(map[string]bool, len(keys))
	add := func(k string) {
		if n < maxSeen && !done[k] {
			done[k] = true
			b.WriteString(k)
			n++
		}
	}
	for _, k := range keys {
		add(k)
	}
	for i := 0; i+keyLen <= len(prev.Seen); i += keyLen {
		add(prev.Seen[i : i+keyLen])
	}
	c.Seen = b.String()
}
