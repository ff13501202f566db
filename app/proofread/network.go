package proofread

import (
	"strconv"
	"strings"

	"github.com/relais-app/relais/app"
)

// Each network's norms, beyond which a post reads as spam there. These
// are usage, not limits: the findings are warnings.

// maxHashtags is the most hashtags the network's norm allows; 0 for no
// norm.
func maxHashtags(n app.Network) int {
	switch n {
	case app.Mastodon, app.LinkedIn:
		return 5
	case app.Bluesky:
		return 3
	case app.X:
		return 2
	case app.Threads:
		return 1 // Threads makes one topic tag of a post's hashtags
	}
	return 0
}

// maxMentions is the most mentions the network's norm allows; 0 for no
// norm.
func maxMentions(n app.Network) int {
	switch n {
	case app.X:
		return 5
	case app.Mastodon, app.Bluesky, app.LinkedIn, app.Threads:
		return 10
	}
	return 0
}

// networkChecks: too many hashtags, too many mentions (whole-text
// findings, with Args "got" and "max"), and on Bluesky the www. links
// written without a scheme that it does not make links of (those whose
// name it does not read as a domain with a known TLD, app.FindLinks:
// www.fete-du-pain.fr; www.example.com is a link there).
func networkChecks(d *doc, n app.Network) []app.Finding {
	var out []app.Finding
	tags, mentions := 0, 0
	for _, t := range d.toks {
		switch t.Kind {
		case Hashtag:
			tags++
		case Mention:
			mentions++
		case URL:
			if n == app.Bluesky && strings.HasPrefix(strings.ToLower(t.Text), "www.") && !linked(d.text, t) {
				out = append(out, warn(d, app.FindLinkNotClickable, t.Start, t.End, "https://"+t.Text))
			}
		}
	}
	count := func(kind app.FindingKind, got, most int) {
		if most > 0 && got > most {
			f := warn(d, kind, 0, 0)
			f.Args = map[string]string{"got": strconv.Itoa(got), "max": strconv.Itoa(most)}
			out = append(out, f)
		}
	}
	count(app.FindTooManyHashtags, tags, maxHashtags(n))
	count(app.FindTooManyMentions, mentions, maxMentions(n))
	return out
}

// linked reports whether the network's link rules (app.FindLinks) make
// the whole token t of text a link.
func linked(text string, t Token) bool {
	l, ok := app.LinkAt(text, t.Start)
	return ok && l.End >= t.End
}
