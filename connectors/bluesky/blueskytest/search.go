package blueskytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/relais-app/relais/connectors/conformance"
)

// The veille's reads, as the AppView answers them (the PDS proxies them):
//   - app.bsky.feed.searchPosts: q (required) is matched as Bluesky's
//     search roughly does, by whole words ignoring case (not accents: "ete"
//     does not find "été"), "quoted phrases", #tags, -excluded words,
//     from:handle and lang:xx; tag, lang, author, since and until (on
//     the earlier of createdAt and indexedAt, as the AppView's sortAt)
//     filter; sort is latest whatever is asked; the cursor is an offset,
//     one that is not is 400 InvalidRequest; limit is 1 to 100 (25 by
//     default);
//   - app.bsky.actor.searchActors: q (or the older term), each word a
//     prefix of a word of the handle or the display name (typeahead), or
//     the handle or display name close to q by trigrams, as the reference
//     AppView's pg_trgm strict word similarity (<<%, threshold 0.5): "Maison
//     Lumen" finds "maison-Iumen"; offset cursor;
//   - app.bsky.feed.getAuthorFeed: an actor's posts and reposts, newest
//     first by sortAt, filter posts_with_replies (the default),
//     posts_no_replies (replies left out, reposts kept, as the AppView
//     does), posts_with_media or posts_and_author_threads; the cursor is
//     "<sortAt in ms>::<cid>", a malformed one 400 InvalidRequest; an
//     actor unknown 400 InvalidRequest "Profile not found".
//
// FailNext(OpSearch, …) fails the next of these three. SetAppViewDown
// makes them answer 502 UpstreamFailure, as the other app.bsky.* methods.

// OpSearch is the operation of the veille's reads: searchPosts,
// searchActors and getAuthorFeed.
const OpSearch conformance.Op = "search"

// Limits of the veille's reads, from the lexicons.
const (
	defaultSearchLimit = 25
	defaultFeedLimit   = 50
	maxSearchLimit     = 100
)

// PostOptions are what Post makes a post with.
type PostOptions struct {
	// CreatedAt is the record's createdAt, as the author's app set it
	// (zero: the server's now). One in the future stands for an author
	// whose clock is ahead, one in the past for a backdated post.
	CreatedAt time.Time
	// Langs are the record's langs.
	Langs []string
	// ReplyTo is the at:// URI of the post answered ("" for none).
	ReplyTo string
}

// Post makes author (a name, as Notify takes it) post text, with a tag
// facet for each #tag of text, and returns the post's at:// URI. It
// notifies nobody.
func (s *Server) Post(author, text string, o PostOptions) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actorNamed(author)
	at := s.indexTime(s.now().UTC())
	created := o.CreatedAt
	if created.IsZero() {
		created = at
	}
	value := map[string]any{"$type": "app.bsky.feed.post", "text": text, "createdAt": formatTime(created)}
	if len(o.Langs) > 0 {
		value["langs"] = o.Langs
	}
	var facets []any
	for _, m := range hashtagPattern.FindAllStringSubmatchIndex(text, -1) {
		facets = append(facets, map[string]any{
			"index":    map[string]int{"byteStart": m[2], "byteEnd": m[3]},
			"features": []any{map[string]string{"$type": "app.bsky.richtext.facet#tag", "tag": text[m[4]:m[5]]}},
		})
	}
	if facets != nil {
		value["facets"] = facets
	}
	if p, ok := s.records[o.ReplyTo]; ok {
		parent := strongRef{URI: p.uri, CID: p.cid}
		root := parent
		var pv postValue
		_ = json.Unmarshal(p.value, &pv)
		if pv.Reply != nil {
			root = pv.Reply.Root
		}
		value["reply"] = map[string]any{"root": root, "parent": parent}
	}
	raw, _ := json.Marshal(value)
	return s.put(a.did, "app.bsky.feed.post", s.tid(at), raw, at).uri
}

// Repost makes author repost the post uri, and returns the repost
// record's URI.
func (s *Server) Repost(author, uri string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actorNamed(author)
	at := s.indexTime(s.now().UTC())
	value := map[string]any{"$type": "app.bsky.feed.repost", "createdAt": formatTime(at)}
	if p, ok := s.records[uri]; ok {
		value["subject"] = strongRef{URI: p.uri, CID: p.cid}
	}
	raw, _ := json.Marshal(value)
	return s.put(a.did, "app.bsky.feed.repost", s.tid(at), raw, at).uri
}

// SetProfile gives the person called name (made if need be) a bio and a
// creation time (zero: the default, 2024-01-01), and returns their
// handle.
func (s *Server) SetProfile(name, bio string, createdAt time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actorNamed(name)
	a.bio, a.createdAt = bio, createdAt
	return a.handle
}

// SetAvatar gives the person called name (made if need be) an avatar,
// served as the CDN serves it (PNG), whatever its size; nil takes it
// away.
func (s *Server) SetAvatar(name string, img []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.actorNamed(name).avatar = img
}

// SetActorFollowers makes getProfile count n followers of the person
// called name (made if need be), a competitor followed by people the
// server holds no follow record of.
func (s *Server) SetActorFollowers(name string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actorNamed(name)
	a.followers = n - s.count("app.bsky.graph.follow", a.did)
}

// Like makes author like the post uri, and returns the like record's
// URI; the post's likeCount counts it.
func (s *Server) Like(author, uri string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.actorNamed(author)
	at := s.indexTime(s.now().UTC())
	value := map[string]any{"$type": "app.bsky.feed.like", "createdAt": formatTime(at)}
	if p, ok := s.records[uri]; ok {
		value["subject"] = strongRef{URI: p.uri, CID: p.cid}
	}
	raw, _ := json.Marshal(value)
	return s.put(a.did, "app.bsky.feed.like", s.tid(at), raw, at).uri
}

// Handle is the handle of the person called name, made if need be.
func (s *Server) Handle(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actorNamed(name).handle
}

// hashtagPattern finds #tags: the whole tag (1) and its name (2).
var hashtagPattern = regexp.MustCompile(`(?:^|\s)(#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*))`)

// words are a text's words, lower-cased: letters, digits and _.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	})
}

// strictWordSimilar is pg_trgm's term <<% field: the trigrams of term
// and those of some run of whole words of field are alike (Jaccard) at
// 0.5 or more. Trigrams are pg_trgm's: each word lower-cased, padded
// with two spaces before and one after.
func strictWordSimilar(term, field string) bool {
	want := trigrams(words(term))
	if len(want) == 0 {
		return false
	}
	ws := words(field)
	for i := range ws {
		for j := i + 1; j <= len(ws); j++ {
			got := trigrams(ws[i:j])
			common := 0
			for g := range got {
				if want[g] {
					common++
				}
			}
			if float64(common)/float64(len(want)+len(got)-common) >= 0.5 {
				return true
			}
		}
	}
	return false
}

func trigrams(ws []string) map[string]bool {
	out := map[string]bool{}
	for _, w := range ws {
		r := []rune("  " + w + " ")
		for i := 0; i+3 <= len(r); i++ {
			out[string(r[i:i+3])] = true
		}
	}
	return out
}

// searchQuery is a searchPosts q, as the fake reads it.
type searchQuery struct {
	phrases  [][]string // words, and "phrases" of several
	excluded [][]string
	tags     []string
	from     string
	lang     string
}

var queryTerm = regexp.MustCompile(`-?"[^"]*"?|\S+`)

func parseQuery(q string) searchQuery {
	var out searchQuery
	for _, t := range queryTerm.FindAllString(q, -1) {
		neg := strings.HasPrefix(t, "-") && len(t) > 1
		if neg {
			t = t[1:]
		}
		lower := strings.ToLower(t)
		switch {
		case strings.HasPrefix(lower, "from:"):
			out.from = strings.TrimPrefix(strings.TrimPrefix(lower, "from:"), "@")
			continue
		case strings.HasPrefix(lower, "lang:"):
			out.lang = strings.TrimPrefix(lower, "lang:")
			continue
		case strings.HasPrefix(lower, "#") && !neg:
			if w := words(lower); len(w) > 0 {
				out.tags = append(out.tags, w[0])
			}
			continue
		}
		w := words(t)
		if len(w) == 0 {
			continue
		}
		if neg {
			out.excluded = append(out.excluded, w)
		} else {
			out.phrases = append(out.phrases, w)
		}
	}
	return out
}

// containsPhrase reports whether phrase's words follow one another in ws.
func containsPhrase(ws, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// indexedPost is a post with what the search looks at.
type indexedPost struct {
	rec    *record
	value  postValue
	sortAt time.Time
	tags   []string
}

// indexPost reads a post record for the search. The caller holds s.mu.
func indexPost(rec *record) indexedPost {
	p := indexedPost{rec: rec, sortAt: rec.indexedAt}
	_ = json.Unmarshal(rec.value, &p.value)
	if t, err := time.Parse(time.RFC3339Nano, p.value.CreatedAt); err == nil && t.Before(p.sortAt) {
		p.sortAt = t
	}
	for _, f := range p.value.Facets {
		for _, ft := range f.Features {
			if ft["$type"] == "app.bsky.richtext.facet#tag" {
				if tag, ok := ft["tag"].(string); ok {
					p.tags = append(p.tags, strings.ToLower(tag))
				}
			}
		}
	}
	for _, m := range hashtagPattern.FindAllStringSubmatch(p.value.text(), -1) {
		p.tags = append(p.tags, strings.ToLower(m[2]))
	}
	return p
}

// timeParam reads a datetime parameter (or a date, as the AppView takes
// it); ok is false when it is there and unreadable.
func timeParam(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// limitParam reads limit: def when absent, ok false (and the answer
// written) when it is not 1 to maxSearchLimit.
func limitParam(w http.ResponseWriter, v string, def int) (int, bool) {
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxSearchLimit {
		writeError(w, 400, "InvalidRequest", fmt.Sprintf("Error: limit must be an integer between 1 and %d", maxSearchLimit))
		return 0, false
	}
	return n, true
}

// offsetCursor reads a search's cursor, an offset; ok false (and the
// answer written) when it is not one.
func offsetCursor(w http.ResponseWriter, v string) (int, bool) {
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		writeError(w, 400, "InvalidRequest", "invalid cursor")
		return 0, false
	}
	return n, true
}

func (s *Server) searchPosts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	params := r.URL.Query()
	text := params.Get("q")
	if strings.TrimSpace(text) == "" {
		writeError(w, 400, "InvalidRequest", `Error: Params must have the property "q"`)
		return
	}
	limit, ok := limitParam(w, params.Get("limit"), defaultSearchLimit)
	if !ok {
		return
	}
	offset, ok := offsetCursor(w, params.Get("cursor"))
	if !ok {
		return
	}
	since, ok1 := timeParam(params.Get("since"))
	until, ok2 := timeParam(params.Get("until"))
	if !ok1 || !ok2 {
		writeError(w, 400, "InvalidRequest", "Error: since and until must be valid datetimes")
		return
	}
	q := parseQuery(text)
	if l := params.Get("lang"); l != "" {
		q.lang = strings.ToLower(l)
	}
	for _, t := range params["tag"] {
		q.tags = append(q.tags, strings.ToLower(strings.TrimPrefix(t, "#")))
	}
	var author *actor
	for _, id := range []string{params.Get("author"), q.from} {
		if id == "" {
			continue
		}
		if author = s.lookup(id); author == nil {
			writeJSON(w, 200, map[string]any{"posts": []postView{}})
			return
		}
	}
	var hits []indexedPost
	for _, rec := range s.order {
		if rec.collection != "app.bsky.feed.post" || author != nil && rec.did != author.did {
			continue
		}
		p := indexPost(rec)
		if !since.IsZero() && p.sortAt.Before(since) || !until.IsZero() && !p.sortAt.Before(until) {
			continue
		}
		if q.lang != "" && !slices.ContainsFunc(p.value.Langs, func(l string) bool {
			return strings.EqualFold(l, q.lang) || strings.HasPrefix(strings.ToLower(l), q.lang+"-")
		}) {
			continue
		}
		ws := words(p.value.text())
		match := true
		for _, ph := range q.phrases {
			match = match && containsPhrase(ws, ph)
		}
		for _, ph := range q.excluded {
			match = match && !containsPhrase(ws, ph)
		}
		for _, t := range q.tags {
			match = match && slices.Contains(p.tags, t)
		}
		if match {
			hits = append(hits, p)
		}
	}
	slices.SortStableFunc(hits, func(a, b indexedPost) int {
		if c := b.sortAt.Compare(a.sortAt); c != 0 {
			return c
		}
		return strings.Compare(b.rec.uri, a.rec.uri)
	})
	out := map[string]any{"hitsTotal": len(hits)}
	posts := []postView{}
	for i := offset; i < len(hits) && len(posts) < limit; i++ {
		posts = append(posts, s.postView(r, hits[i].rec))
	}
	out["posts"] = posts
	if offset+limit < len(hits) {
		out["cursor"] = strconv.Itoa(offset + limit)
	}
	writeJSON(w, 200, out)
}

func (s *Server) searchActors(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	params := r.URL.Query()
	text := params.Get("q")
	if text == "" {
		text = params.Get("term")
	}
	limit, ok := limitParam(w, params.Get("limit"), defaultSearchLimit)
	if !ok {
		return
	}
	offset, ok := offsetCursor(w, params.Get("cursor"))
	if !ok {
		return
	}
	terms := words(text)
	var hits []*actor
	if len(terms) > 0 {
		all := make([]*actor, 0, len(s.actors))
		for _, a := range s.actors {
			all = append(all, a)
		}
		slices.SortFunc(all, func(a, b *actor) int { return strings.Compare(a.handle, b.handle) })
		for _, a := range all {
			ws := append(words(a.handle), words(a.name)...)
			prefixes := !slices.ContainsFunc(terms, func(t string) bool {
				return !slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, t) })
			})
			if prefixes || strictWordSimilar(text, a.handle) || strictWordSimilar(text, a.name) {
				hits = append(hits, a)
			}
		}
	}
	actors := []profileView{}
	for i := offset; i < len(hits) && len(actors) < limit; i++ {
		v := s.view(r, hits[i], false)
		v.Description, v.IndexedAt = hits[i].bio, "2024-01-01T00:00:00.000Z"
		actors = append(actors, v)
	}
	out := map[string]any{"actors": actors}
	if offset+limit < len(hits) {
		out["cursor"] = strconv.Itoa(offset + limit)
	}
	writeJSON(w, 200, out)
}

// feedItem is an entry of an author's feed: a post, or a repost of one.
type feedItem struct {
	post   *record
	repost *record // nil for the author's own post
	sortAt time.Time
}

var authorFeedFilters = []string{"posts_with_replies", "posts_no_replies", "posts_with_media", "posts_and_author_threads", "posts_with_video"}

func (s *Server) getAuthorFeed(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, r, true) {
		return
	}
	params := r.URL.Query()
	a := s.lookup(params.Get("actor"))
	if a == nil {
		writeError(w, 400, "InvalidRequest", "Profile not found")
		return
	}
	filter := params.Get("filter")
	if filter == "" {
		filter = "posts_with_replies"
	}
	if !slices.Contains(authorFeedFilters, filter) {
		writeError(w, 400, "InvalidRequest", "Input/filter must be one of ("+strings.Join(authorFeedFilters, "|")+")")
		return
	}
	limit, ok := limitParam(w, params.Get("limit"), defaultFeedLimit)
	if !ok {
		return
	}
	var before *feedItem // the cursor's position
	if c := params.Get("cursor"); c != "" {
		ms, cidPart, ok := strings.Cut(c, "::")
		n, err := strconv.ParseInt(ms, 10, 64)
		if !ok || err != nil || cidPart == "" {
			writeError(w, 400, "InvalidRequest", "Malformed cursor")
			return
		}
		before = &feedItem{sortAt: time.UnixMilli(n).UTC(), post: &record{cid: cidPart}}
	}
	var items []feedItem
	for _, rec := range s.order {
		if rec.did != a.did {
			continue
		}
		switch rec.collection {
		case "app.bsky.feed.post":
			p := indexPost(rec)
			if p.value.Reply != nil && filter != "posts_with_replies" {
				if filter != "posts_and_author_threads" || !strings.Contains(p.value.Reply.Root.URI, a.did) {
					continue
				}
			}
			if filter == "posts_with_media" && (p.value.Embed == nil || len(p.value.Embed.Images) == 0) {
				continue
			}
			items = append(items, feedItem{post: rec, sortAt: p.sortAt.Truncate(time.Millisecond)})
		case "app.bsky.feed.repost":
			post, ok := s.records[subjectOf(rec.value)]
			if !ok || filter == "posts_with_media" {
				continue
			}
			items = append(items, feedItem{post: post, repost: rec, sortAt: rec.indexedAt.Truncate(time.Millisecond)})
		}
	}
	key := func(it feedItem) string {
		if it.repost != nil {
			return it.repost.cid
		}
		return it.post.cid
	}
	newer := func(x, y feedItem) int { // > 0 when x comes before y
		if c := x.sortAt.Compare(y.sortAt); c != 0 {
			return c
		}
		return strings.Compare(key(x), key(y))
	}
	slices.SortStableFunc(items, func(x, y feedItem) int { return newer(y, x) })
	feed := []map[string]any{}
	var last feedItem
	for _, it := range items {
		if len(feed) == limit {
			break
		}
		if before != nil && newer(it, *before) >= 0 {
			continue
		}
		entry := map[string]any{"post": s.postView(r, it.post)}
		if it.repost != nil {
			entry["reason"] = map[string]any{"$type": "app.bsky.feed.defs#reasonRepost", "by": s.view(r, a, false), "indexedAt": formatTime(it.repost.indexedAt)}
		}
		feed = append(feed, entry)
		last = it
	}
	out := map[string]any{"feed": feed}
	if len(feed) == limit {
		out["cursor"] = strconv.FormatInt(last.sortAt.UnixMilli(), 10) + "::" + key(last)
	}
	writeJSON(w, 200, out)
}
