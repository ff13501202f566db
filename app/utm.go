package app

import (
	"net/url"
	"strings"
)

// TagLinks adds campaign parameters to every http(s) link of text:
// utm_source=source (the network), utm_medium=social and, when the post
// has one, utm_campaign=campaign. A link that already names a parameter
// keeps the user's value; the rest of the query, the fragment and the
// punctuation after the link are left as they were. A bare domain
// ("exemple.fr") stays as typed: the text shows it, and Mastodon does not
// make it a link, so a query added to it would only be noise.
func TagLinks(text, source, campaign string) string {
	var b strings.Builder
	last := 0
	for _, l := range FindLinks(text) {
		if l.Bare {
			continue
		}
		b.WriteString(text[last:l.Start])
		b.WriteString(tagLink(text[l.Start:l.End], source, campaign))
		last = l.End
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func tagLink(link, source, campaign string) string {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link
	}
	present := map[string]bool{}
	// A '?' inside a query is data, but splitting on it too keeps a
	// parameter we added from being added again.
	for _, part := range strings.FieldsFunc(u.RawQuery, func(r rune) bool { return r == '&' || r == '?' || r == ';' }) {
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			present[k] = true
		}
	}
	params := []struct{ key, value string }{
		{"utm_source", source}, {"utm_medium", "social"}, {"utm_campaign", campaign},
	}
	var add []string
	for _, p := range params {
		if p.value == "" || present[p.key] {
			continue
		}
		add = append(add, p.key+"="+url.QueryEscape(p.value))
	}
	if len(add) == 0 {
		return link
	}
	// Append to the raw query rather than re-encoding it, so the link
	// the user wrote is changed only by what is added.
	head, fragment, hasFragment := strings.Cut(link, "#")
	sep := "?"
	if strings.Contains(head, "?") {
		sep = "&"
		if strings.HasSuffix(head, "?") || strings.HasSuffix(head, "&") {
			sep = ""
		}
	}
	out := head + sep + strings.Join(add, "&")
	if hasFragment {
		out += "#" + fragment
	}
	return out
}
