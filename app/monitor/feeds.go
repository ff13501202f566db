package monitor

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// FeedTemplate is a free source community managers read as a feed, whose
// address Relais builds: a Google Alerts feed, a Google News search, a
// Reddit search, a YouTube channel, a blog.
type FeedTemplate string

// The templates, in the order the add form offers them.
const (
	// FeedGoogleAlerts: the feed of an alert made on google.com/alerts
	// ("Deliver to: RSS feed"), pasted.
	FeedGoogleAlerts FeedTemplate = "google-alerts"
	// FeedGoogleNews: Google News' search of the watch's query, as RSS.
	FeedGoogleNews FeedTemplate = "google-news"
	// FeedReddit: Reddit's search of the watch's query, as RSS.
	FeedReddit FeedTemplate = "reddit"
	// FeedYouTube: the feed of a YouTube channel's videos, from its ID
	// (UC…) or its /channel/ address.
	FeedYouTube FeedTemplate = "youtube"
	// FeedBlog: any feed, or a blog's address whose feed is found there.
	FeedBlog FeedTemplate = "blog"
)

// FeedTemplates lists the templates in the order the add form offers
// them.
var FeedTemplates = []FeedTemplate{FeedGoogleNews, FeedReddit, FeedGoogleAlerts, FeedYouTube, FeedBlog}

// ParseFeedTemplate reads a template's name as the command line writes
// it.
func ParseFeedTemplate(s string) (FeedTemplate, bool) {
	t := FeedTemplate(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range FeedTemplates {
		if k == t {
			return t, true
		}
	}
	return "", false
}

// NeedsQuery reports whether the template's address is built from the
// watch's query (Google News, Reddit) rather than from what the user
// gives (an alert's feed, a channel, a blog).
func (t FeedTemplate) NeedsQuery() bool { return t == FeedGoogleNews || t == FeedReddit }

// Errors of the templates.
var (
	ErrFeedTemplate    = errors.New("unknown feed template: google-news, reddit, google-alerts, youtube or blog")
	ErrNoFeedQuery     = errors.New("the watch's query has no word to search for")
	ErrNotGoogleAlerts = errors.New("this is not a Google Alerts feed: on google.com/alerts, choose “Deliver to: RSS feed” and copy the feed's address")
	ErrNotYouTube      = errors.New("give the channel's ID (it starts with UC) or its address youtube.com/channel/UC…; a youtube.com/@name address does not say the ID: open the channel's page, “About”, “Share channel”, “Copy channel ID”")
	ErrNotAnAddress    = errors.New("give the feed's address, starting with https://")
)

// FeedURL builds a template's feed address. For Google News and Reddit,
// query is the watch's query (its lang: term, or else lang, the user's
// language, sets Google News' edition); for the others, arg is what the
// user pasted: the alert's feed, the channel's ID or address, the blog's
// address.
func FeedURL(t FeedTemplate, query, arg, lang string) (string, error) {
	switch t {
	case FeedGoogleNews, FeedReddit:
		q, err := ParseQuery(query)
		if err != nil {
			return "", err
		}
		text := q.webText(t == FeedReddit)
		if strings.TrimSpace(text) == "" {
			return "", ErrNoFeedQuery
		}
		if l := q.language(); l != "" {
			lang = l
		}
		if t == FeedReddit {
			return "https://www.reddit.com/search.rss?" + url.Values{"q": {text}, "sort": {"new"}}.Encode(), nil
		}
		hl, gl := googleEdition(lang)
		return "https://news.google.com/rss/search?q=" + url.QueryEscape(text) +
			"&hl=" + hl + "&gl=" + gl + "&ceid=" + gl + ":" + strings.SplitN(hl, "-", 2)[0], nil
	case FeedGoogleAlerts:
		u, err := httpsURL(arg)
		if err != nil {
			return "", err
		}
		host := strings.TrimPrefix(u.Hostname(), "www.")
		if !strings.HasPrefix(host, "google.") || !strings.HasPrefix(u.Path, "/alerts/feeds/") {
			return "", ErrNotGoogleAlerts
		}
		return u.String(), nil
	case FeedYouTube:
		id, err := youTubeChannel(arg)
		if err != nil {
			return "", err
		}
		return "https://www.youtube.com/feeds/videos.xml?channel_id=" + id, nil
	case FeedBlog:
		u, err := httpsURL(arg)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}
	return "", fmt.Errorf("%q: %w", t, ErrFeedTemplate)
}

// httpsURL reads an address the user pasted: http or https, with a host.
func httpsURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%q: %w", s, ErrNotAnAddress)
	}
	return u, nil
}

// channelID is a YouTube channel's ID: UC and 22 characters.
var channelID = regexp.MustCompile(`^UC[0-9A-Za-z_-]{22}$`)

// youTubeChannel reads a channel's ID from itself, its /channel/ address
// or its feed's address.
func youTubeChannel(s string) (string, error) {
	s = strings.TrimSpace(s)
	if channelID.MatchString(s) {
		return s, nil
	}
	u, err := url.Parse(s)
	if err != nil || !strings.HasSuffix(strings.TrimPrefix(u.Hostname(), "www."), "youtube.com") {
		return "", ErrNotYouTube
	}
	if id := u.Query().Get("channel_id"); channelID.MatchString(id) {
		return id, nil
	}
	if rest, ok := strings.CutPrefix(u.Path, "/channel/"); ok {
		id, _, _ := strings.Cut(rest, "/")
		if channelID.MatchString(id) {
			return id, nil
		}
	}
	return "", ErrNotYouTube
}

// googleEdition is Google News' language and country for a language:
// hl=fr&gl=FR for French, hl=en-US&gl=US for English.
func googleEdition(lang string) (hl, gl string) {
	lang = strings.ToLower(strings.TrimSpace(lang))
	switch lang {
	case "", "en":
		return "en-US", "US"
	case "fr":
		return "fr", "FR"
	}
	if len(lang) != 2 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "en-US", "US"
	}
	return lang, strings.ToUpper(lang)
}

// language is the query's lang: term, when it has one at its top.
func (q Query) language() string {
	switch n := q.Root.(type) {
	case Term:
		if n.Kind == TermLang {
			return n.Value
		}
	case And:
		for _, x := range n.Xs {
			if t, ok := x.(Term); ok && t.Kind == TermLang {
				return t.Value
			}
		}
	}
	return ""
}

// webText writes the query for a web search engine: words, "phrases",
// OR, exclusions ("-word" for Google, "NOT word" for Reddit), a hashtag
// and an account as their names; lang: left out (Google News takes it
// as its edition). Both over-match as every source does: the feed's
// articles are checked against the query again.
func (q Query) webText(reddit bool) string {
	if q.Root == nil {
		return ""
	}
	return strings.TrimSpace(webNode(q.Root, true, reddit))
}

func webNode(n Node, top, reddit bool) string {
	switch n := n.(type) {
	case Term:
		switch n.Kind {
		case TermPhrase:
			return `"` + strings.ReplaceAll(n.Value, `"`, " ") + `"`
		case TermHashtag:
			return n.Value
		case TermAccount:
			name, _, _ := strings.Cut(n.Value, "@")
			name, _, _ = strings.Cut(name, ".") // maisonlumen.bsky.social
			return name
		case TermLang:
			return ""
		}
		return n.Value
	case Not:
		x := webNode(n.X, false, reddit)
		if x == "" {
			return ""
		}
		if reddit {
			return "NOT " + x
		}
		return "-" + x
	case And:
		var parts []string
		for _, x := range n.Xs {
			if s := webNode(x, false, reddit); s != "" {
				parts = append(parts, s)
			}
		}
		s := strings.Join(parts, " ")
		if !top && len(parts) > 1 {
			return "(" + s + ")"
		}
		return s
	case Or:
		var parts []string
		for _, x := range n.Xs {
			if s := webNode(x, false, reddit); s != "" {
				parts = append(parts, s)
			}
		}
		s := strings.Join(parts, " OR ")
		if !top && len(parts) > 1 {
			return "(" + s + ")"
		}
		return s
	}
	return ""
}
