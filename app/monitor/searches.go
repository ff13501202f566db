package monitor

import (
	"slices"
	"strings"
)

// MaxSearches bounds how many searches one watch asks of a source per
// read: a query with many ORs is searched as its first MaxSearches
// alternatives, and what would need more is searched more broadly
// (dropping a condition), the local check keeping only what matches.
const MaxSearches = 8

// conjunctions returns the query as alternatives, each the terms that
// must all be there, exclusions left out: every source over-matches, and
// Match checks what comes back. Each alternative holds at least the
// terms a match needs, so that searching each finds every match.
func (q Query) conjunctions() [][]Term {
	if q.Root == nil {
		return nil
	}
	var out [][]Term
	for _, c := range dnf(q.Root) {
		if slices.ContainsFunc(c, func(t Term) bool { return t.Kind != TermLang }) {
			out = append(out, c)
		}
	}
	return out
}

func dnf(n Node) [][]Term {
	switch n := n.(type) {
	case Term:
		return [][]Term{{n}}
	case Not:
		return [][]Term{{}}
	case Or:
		var out [][]Term
		for _, x := range n.Xs {
			out = append(out, dnf(x)...)
		}
		return out
	case And:
		out := [][]Term{{}}
		for _, x := range n.Xs {
			right := dnf(x)
			if len(out)*len(right) > MaxSearches {
				continue // broader: this condition is left to Match
			}
			var next [][]Term
			for _, l := range out {
				for _, r := range right {
					next = append(next, append(slices.Clip(l), r...))
				}
			}
			out = next
		}
		return out
	}
	return nil
}

// BlueskySearches translates the query into app.bsky.feed.searchPosts
// queries (Bluesky's documented syntax: words, "exact phrases", #tags,
// from:handle, mentions:handle; lang as its own parameter). Bluesky has
// no OR and no documented exclusion: each alternative is one search,
// exclusions are left to Match. An account given without its server
// (@lumen) is searched as a word, Bluesky needing a full handle.
func (q Query) BlueskySearches() []Search {
	var out []Search
	for _, c := range q.conjunctions() {
		var parts []string
		var lang string
		var accounts []string
		for _, t := range c {
			switch t.Kind {
			case TermWord:
				parts = append(parts, t.Value)
			case TermPhrase:
				parts = append(parts, `"`+strings.ReplaceAll(t.Value, `"`, " ")+`"`)
			case TermHashtag:
				parts = append(parts, "#"+t.Value)
			case TermAccount:
				if strings.Contains(t.Value, ".") && !strings.Contains(t.Value, "@") {
					accounts = append(accounts, t.Value)
				} else {
					name, _, _ := strings.Cut(t.Value, "@")
					parts = append(parts, name)
				}
			case TermLang:
				lang = t.Value
			}
		}
		base := strings.Join(parts, " ")
		texts := []string{base}
		// @account is by the account or mentioning it: two searches.
		for _, a := range accounts {
			var next []string
			for _, t := range texts {
				next = append(next, strings.TrimSpace(t+" from:"+a), strings.TrimSpace(t+" mentions:"+a))
			}
			texts = next
		}
		for _, t := range texts {
			out = addSearch(out, Search{Text: t, Language: lang})
		}
	}
	return out
}

// MastodonSearches translates the query for a Mastodon API server: an
// alternative with a hashtag reads that hashtag's timeline (the server
// that searches no text has those); one without searches the text of
// statuses (/api/v2/search, where the server allows it: the connector
// says ErrSearchUnsupported where not).
func (q Query) MastodonSearches() []Search {
	var out []Search
	for _, c := range q.conjunctions() {
		var parts []string
		var tag, lang string
		for _, t := range c {
			switch t.Kind {
			case TermHashtag:
				if tag == "" {
					tag = t.Value
				}
			case TermWord:
				parts = append(parts, t.Value)
			case TermPhrase:
				parts = append(parts, `"`+strings.ReplaceAll(t.Value, `"`, " ")+`"`)
			case TermAccount:
				parts = append(parts, "@"+t.Value)
			case TermLang:
				lang = t.Value
			}
		}
		if tag != "" {
			out = addSearch(out, Search{Hashtag: tag, Language: lang})
			continue
		}
		out = addSearch(out, Search{Text: strings.Join(parts, " "), Language: lang})
	}
	return out
}

func addSearch(list []Search, s Search) []Search {
	if len(list) >= MaxSearches || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
