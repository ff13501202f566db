package mastodontest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/relais-app/relais/connectors/conformance"
)

// The veille's reads, as Mastodon 4.x and GoToSocial v0.20 answer them:
//   - GET /api/v1/timelines/tag/:hashtag: the public statuses with the
//     hashtag (any case), boosts left out, newest first, limit 20 (at
//     most 40), max_id/since_id/min_id and Link headers; any[], all[],
//     none[], local and only_media are ignored;
//   - GET /api/v2/search: q required (400 otherwise), type, limit 20 (at
//     most 40), offset (401 without a token, as Mastodon), resolve.
//     Accounts: each word a prefix of a word of the user name or display
//     name, or @user@domain exactly. Statuses as SetTextSearch says, and
//     a status's URL or URI always finds it;
//   - GET /api/v1/accounts/lookup?acct=: the account, or 404
//     {"error":"Record not found"};
//   - GET /api/v1/accounts/:id/statuses (server.go) with exclude_replies
//     (replies to oneself kept) and exclude_reblogs.
//
// FailNext(OpSearch, …) fails the next of these four.

// OpSearch is the operation of the veille's reads.
const OpSearch conformance.Op = "search"

// TextSearch is what a text search of statuses finds.
type TextSearch int

const (
	// TextSearchFull: a Mastodon with Elasticsearch (4.2 and later):
	// the public statuses holding every word of q (whole words, any
	// case), newest first.
	TextSearchFull TextSearch = iota
	// TextSearchNone: a Mastodon without Elasticsearch, most servers:
	// no status but one whose URL is q.
	TextSearchNone
)

// SetTextSearch sets what a text search of statuses finds. A GoToSocial
// server (SetStatusLimits with GoToSocial) searches, whatever this says,
// as GoToSocial does: the account's own statuses and the replies to it,
// holding q exactly as written (any case).
func (s *Server) SetTextSearch(m TextSearch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.textSearch = m
}

// PostOptions are what Post makes a status with.
type PostOptions struct {
	// Language is the status's language ("" for none).
	Language string
	// CreatedAt is its created_at (zero: now); its ID follows the
	// server's clock all the same.
	CreatedAt time.Time
	// ReplyTo is the ID of the status it answers ("" for none).
	ReplyTo string
	// Visibility is public unless set.
	Visibility string
	// SpoilerText is its content warning.
	SpoilerText string
}

// Post makes author (user, or user@domain) post text, notifying nobody,
// and returns the status's ID.
func (s *Server) Post(author, text string, o PostOptions) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(author)
	st := s.newStatusLocked(a, text)
	st.language, st.spoiler = o.Language, o.SpoilerText
	if !o.CreatedAt.IsZero() {
		st.createdAt = o.CreatedAt
	}
	if o.Visibility != "" {
		st.visibility = o.Visibility
	}
	if p := s.byID[o.ReplyTo]; p != nil {
		st.replyTo = p
		s.index = nil
	}
	st.mentions = s.mentionsLocked(text)
	s.pushTagsLocked(st)
	return st.id
}

// Reblog makes author boost the status id, as a status of author's own
// (a boost), and returns the boost's ID.
func (s *Server) Reblog(author, id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	orig := s.byID[id]
	if orig == nil {
		return ""
	}
	a := s.accountLocked(author)
	st := s.newStatusLocked(a, "")
	st.content = ""
	st.reblogOf = orig
	orig.rebloggers[a.id] = true
	return st.id
}

// SetProfile gives acct (made if need be) a bio, in plain text, and a
// creation time (zero leaves it), and returns its ID.
func (s *Server) SetProfile(acct, bio string, createdAt time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(acct)
	a.note = render(bio, s.url, s.host())
	if !createdAt.IsZero() {
		a.createdAt = createdAt
	}
	return a.id
}

// SetAvatar gives acct (made if need be) an avatar, served at its
// avatar's URL whatever its size.
func (s *Server) SetAvatar(acct string, img []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accountLocked(acct).avatar = img
}

// SetAccountFollowers sets how many followers acct (made if need be)
// has, as its followers_count tells them: a competitor's audience.
func (s *Server) SetAccountFollowers(acct string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accountLocked(acct).followers = n
}

// SetDisplayName sets acct's display name (made if need be).
func (s *Server) SetDisplayName(acct, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accountLocked(acct).name = name
}

// searchWords are a text's words, lower-cased.
func searchWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	})
}

// tagsOf are the hashtags of a status's text, lower-cased.
func tagsOf(text string) []string {
	var out []string
	for _, m := range entity.FindAllStringSubmatch(text, -1) {
		if m[6] != "" {
			out = append(out, strings.ToLower(m[6]))
		}
	}
	return out
}

// public reports whether a status shows in public timelines and search.
func public(st *fakeStatus) bool {
	return st.reblogOf == nil && (st.visibility == "public" || st.visibility == "")
}

func (s *Server) tagTimeline(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	tag := strings.ToLower(strings.TrimPrefix(r.PathValue("hashtag"), "#"))
	var list []*fakeStatus
	for _, st := range s.statuses {
		if public(st) && slices.Contains(tagsOf(st.text), tag) {
			list = append(list, st)
		}
	}
	page := paginate(list, func(st *fakeStatus) string { return st.id }, q, 20, 40)
	out := []jsonStatus{}
	for _, st := range page {
		out = append(out, s.statusJSON(st))
	}
	rep := jsonReply(http.StatusOK, out)
	setLinks(rep.header, s.url, r, q, page, func(st *fakeStatus) string { return st.id })
	return rep
}

func (s *Server) lookupAccount(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := strings.TrimPrefix(r.URL.Query().Get("acct"), "@")
	if user, domain, ok := strings.Cut(acct, "@"); ok && strings.EqualFold(domain, s.host()) {
		acct = user
	}
	for key, a := range s.accounts {
		if strings.EqualFold(key, acct) {
			return jsonReply(http.StatusOK, s.accountJSON(a))
		}
	}
	return errorReply(http.StatusNotFound, "Record not found")
}

func (s *Server) search(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	params := r.URL.Query()
	text := strings.TrimSpace(params.Get("q"))
	if text == "" {
		return errorReply(http.StatusBadRequest, "param is missing or the value is empty: q")
	}
	limit := 20
	if n, err := strconv.Atoi(params.Get("limit")); err == nil && n > 0 {
		limit = min(n, 40)
	}
	offset, _ := strconv.Atoi(params.Get("offset")) // as Rails' to_i
	offset = max(offset, 0)
	typ := params.Get("type")
	out := map[string]any{"accounts": []jsonAccount{}, "statuses": []jsonStatus{}, "hashtags": []jsonTag{}}
	if typ == "" || typ == "accounts" {
		var hits []*fakeAccount
		for _, a := range s.accountsLocked() {
			if accountMatches(a, text) {
				hits = append(hits, a)
			}
		}
		accs := []jsonAccount{}
		for i := offset; i < len(hits) && len(accs) < limit; i++ {
			accs = append(accs, s.accountJSON(hits[i]))
		}
		out["accounts"] = accs
	}
	if typ == "" || typ == "statuses" {
		var hits []*fakeStatus
		for _, st := range slices.Backward(s.statuses) {
			if s.statusMatchesLocked(st, text) {
				hits = append(hits, st)
			}
		}
		sts := []jsonStatus{}
		for i := offset; i < len(hits) && len(sts) < limit; i++ {
			sts = append(sts, s.statusJSON(hits[i]))
		}
		out["statuses"] = sts
	}
	return jsonReply(http.StatusOK, out)
}

// accountsLocked are the accounts, oldest first.
func (s *Server) accountsLocked() []*fakeAccount {
	all := make([]*fakeAccount, 0, len(s.accounts))
	for _, a := range s.accounts {
		all = append(all, a)
	}
	slices.SortFunc(all, func(a, b *fakeAccount) int { return idCompare(a.id, b.id) })
	return all
}

// accountMatches is Mastodon's account search without Elasticsearch:
// @user@domain exactly, else each word a prefix of a word of the user
// name or display name.
func accountMatches(a *fakeAccount, q string) bool {
	if strings.HasPrefix(q, "@") && strings.Count(q, "@") == 2 {
		return strings.EqualFold(strings.TrimPrefix(q, "@"), a.acct)
	}
	terms := searchWords(q)
	ws := append(searchWords(a.username), searchWords(a.name)...)
	for _, t := range terms {
		if !slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, t) }) {
			return false
		}
	}
	return len(terms) > 0
}

// statusMatchesLocked tells whether a text search of statuses finds st.
func (s *Server) statusMatchesLocked(st *fakeStatus, q string) bool {
	if st.reblogOf != nil {
		return false
	}
	link, uri := s.url+"/@"+st.account.username+"/"+st.id, s.url+"/users/"+st.account.username+"/statuses/"+st.id
	if q == link || q == uri {
		return true
	}
	if s.limits.GoToSocial {
		mine := st.account == s.me || st.replyTo != nil && st.replyTo.account == s.me
		return mine && strings.Contains(strings.ToLower(st.text), strings.ToLower(q))
	}
	if s.textSearch == TextSearchNone || !public(st) {
		return false
	}
	ws := searchWords(st.text)
	terms := searchWords(q)
	for _, t := range terms {
		if !slices.Contains(ws, t) {
			return false
		}
	}
	return len(terms) > 0
}
