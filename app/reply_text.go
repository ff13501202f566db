package app

import (
	"net/url"
	"regexp"
	"strings"
)

// On a Mastodon-API server a reply reaches only the accounts its text
// mentions: the author of the post answered is notified only when
// mentioned, and a direct answer is visible to nobody else (the
// recipient gets a 404 on it). So a reply from Relais always mentions
// its addressees: the author, and on a direct message every other
// participant, unless the text already does. On Bluesky a reply
// notifies the parent's author through its reply reference, and needs
// no mention.

// ReplyAddressees returns whom a reply to it, sent by self, must
// mention, as @handles written for self's server (@alice for an account
// of the same server, @alice@other.example for another): the author and,
// on a direct message, every account it mentions other than self. None
// off Mastodon.
func ReplyAddressees(it InboxItem, self Account) []string {
	if it.Network != Mastodon {
		return nil
	}
	_, home := splitHandle(self.Handle, serverHost(self.Server))
	var out []string
	seen := map[string]bool{}
	add := func(handle string) {
		user, domain := splitHandle(handle, home)
		key := strings.ToLower(user + "@" + domain)
		if user == "" || seen[key] || strings.EqualFold(key, strings.ToLower(fullHandle(self.Handle, home))) {
			return
		}
		seen[key] = true
		if strings.EqualFold(domain, home) {
			out = append(out, "@"+user)
		} else {
			out = append(out, "@"+user+"@"+domain)
		}
	}
	if it.Author.RemoteID == "" || it.Author.RemoteID != self.RemoteID {
		add(it.Author.Handle)
	}
	if it.Visibility == VisibilityDirect {
		for _, h := range it.Mentions {
			add(h)
		}
	}
	return out
}

// ReplyText is the text that goes out as a reply to it from self: typed,
// after the @handles of the addressees (ReplyAddressees) it does not
// already mention. A mention matches in any case, and without its
// @domain when the addressee is on self's server (@alice is
// alice@example.social for an account of example.social, not for one of
// another server).
func ReplyText(it InboxItem, self Account, typed string) string {
	_, home := splitHandle(self.Handle, serverHost(self.Server))
	mentioned := map[string]bool{}
	for _, m := range textMention.FindAllStringSubmatch(typed, -1) {
		domain := m[2]
		if domain == "" {
			domain = home
		}
		mentioned[strings.ToLower(m[1]+"@"+domain)] = true
	}
	var missing []string
	for _, a := range ReplyAddressees(it, self) {
		user, domain := splitHandle(strings.TrimPrefix(a, "@"), home)
		if !mentioned[strings.ToLower(user+"@"+domain)] {
			missing = append(missing, a)
		}
	}
	if len(missing) == 0 {
		return typed
	}
	return strings.Join(missing, " ") + " " + typed
}

// textMention is @user or @user@domain in a text, not inside a word, an
// e-mail address or a link.
var textMention = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_/@.])@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)(?:@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*(?::\d+)?))?`)

// splitHandle splits user@domain (a leading @ allowed); a handle without
// a domain is on home.
func splitHandle(handle, home string) (user, domain string) {
	handle = strings.TrimPrefix(strings.TrimSpace(handle), "@")
	user, domain, ok := strings.Cut(handle, "@")
	if !ok || domain == "" {
		domain = home
	}
	return user, strings.ToLower(domain)
}

// fullHandle is handle with its domain (home when it has none).
func fullHandle(handle, home string) string {
	user, domain := splitHandle(handle, home)
	return user + "@" + domain
}

// serverHost is the host of a server's address ("" when there is none).
func serverHost(server string) string {
	u, err := url.Parse(server)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}
