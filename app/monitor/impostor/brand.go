// Package impostor finds accounts that pass themselves off as the brand:
// a handle or display name that looks like the brand's (Unicode
// confusables per UTS #39, a typo away, the brand's name with "officiel"
// around it), its avatar copied, its bio copied, a young account. Score
// weighs one account found by a network's account search against the
// brand and says why, in reasons the window and the command line word in
// French and English. Score is pure Go: it reads no network and no file.
// The Guard searches the networks for such accounts through the
// connectors' interfaces (monitor.AccountSearcher), on the veille's
// schedule, and keeps the suspects for the user to mark.
package impostor

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// Brand is what impostors imitate.
type Brand struct {
	// Names are the brand's names as people write them: "Maison Lumen",
	// and a short form when it has one ("Lumen"). The handles of Own
	// count as names too.
	Names []string
	// Own are the brand's own accounts: never suspects.
	Own []AccountRef
	// Allowed are accounts known to be harmless (a fan club, a reseller,
	// a namesake the user has looked at): never suspects.
	Allowed []AccountRef
	// Bios are the bios of the brand's accounts, to find copies.
	Bios []string
	// Avatar is the official account's picture (PNG, JPEG, GIF or WebP),
	// nil when there is none to compare.
	Avatar []byte
}

// AccountRef names one account on one network.
type AccountRef struct {
	Network app.Network
	// Handle is the full handle (name.bsky.social, user@server); a
	// leading @ and case are ignored.
	Handle string
	// RemoteID is the DID on Bluesky, "" when unknown. (A Mastodon
	// account's ID differs from server to server: the handle is
	// compared there.)
	RemoteID string
}

// Is reports whether a is the account ref names.
func (ref AccountRef) Is(a monitor.Account) bool {
	if ref.Network != a.Network {
		return false
	}
	if ref.RemoteID != "" && a.RemoteID != "" && ref.Network == app.Bluesky {
		return ref.RemoteID == a.RemoteID
	}
	h := normalHandle(ref.Handle)
	return h != "" && h == normalHandle(a.Handle)
}

func normalHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// Status is what the user decided about an account.
type Status string

// The statuses. An account nobody has looked at yet has none ("").
const (
	StatusOfficial   Status = "official"   // the brand's own
	StatusHarmless   Status = "harmless"   // looked at: no harm (a fan, a namesake)
	StatusSuspicious Status = "suspicious" // looked at: to watch
	StatusReported   Status = "reported"   // reported to the network
)

// Statuses are the statuses a user may choose, in the order offered.
var Statuses = []Status{StatusOfficial, StatusHarmless, StatusSuspicious, StatusReported}

// ErrUnknownStatus is returned for a status that is none of Statuses.
var ErrUnknownStatus = errors.New("an account is marked official, harmless, suspicious or reported")

// ParseStatus reads a status as the command line writes it.
func ParseStatus(s string) (Status, error) {
	st := Status(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Statuses {
		if st == known {
			return st, nil
		}
	}
	return "", fmt.Errorf("%q: %w", s, ErrUnknownStatus)
}

// Key is the translation key of the status's name.
func (s Status) Key() string { return "impostor.status." + string(s) }

// ErrNoReportPage is returned for an account whose network Relais knows
// no report page for.
var ErrNoReportPage = errors.New("Relais knows no page to report an account of this network")

// ReportURL returns the page where the user reports a, as each network
// documents its report flow; neither network has an address that opens
// the report form itself.
//
//   - Bluesky: the account's profile on bsky.app,
//     https://bsky.app/profile/<DID> (the DID rather than the handle, which
//     an impostor may change); its "…" menu has "Report account".
//   - Mastodon: an account is reported from the user's own server, which
//     may forward the report to the impostor's: with home, the server of
//     the user's connected account ("piaille.fr" or "https://piaille.fr"),
//     https://<home>/@<user>@<server>, whose "…" menu has "Report
//     @user"; without home, the account's profile page on its own server
//     (a.URL, else https://<server>/@<user>), where reporting needs an
//     account on that server.
//
// Other networks: ErrNoReportPage.
func ReportURL(a monitor.Account, home string) (string, error) {
	switch a.Network {
	case app.Bluesky:
		id := a.RemoteID
		if !strings.HasPrefix(id, "did:") {
			id = normalHandle(a.Handle)
		}
		if id == "" {
			return "", fmt.Errorf("reporting a Bluesky account: %w", errNoHandle)
		}
		return "https://bsky.app/profile/" + url.PathEscape(id), nil
	case app.Mastodon:
		h := strings.TrimPrefix(strings.TrimSpace(a.Handle), "@")
		user, server, ok := strings.Cut(h, "@")
		if user == "" {
			return "", fmt.Errorf("reporting a Mastodon account: %w", errNoHandle)
		}
		home = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(home), "https://"), "http://"), "/")
		if ok && !isHost(server) || home != "" && !isHost(home) {
			return "", fmt.Errorf("reporting %s: %w", a.Handle, errNoServer)
		}
		if home != "" {
			if ok && !strings.EqualFold(server, home) {
				return "https://" + home + "/@" + url.PathEscape(user) + "@" + server, nil
			}
			return "https://" + home + "/@" + url.PathEscape(user), nil
		}
		if strings.HasPrefix(a.URL, "https://") {
			return a.URL, nil
		}
		if !ok || !isHost(server) {
			return "", fmt.Errorf("reporting %s: %w", a.Handle, errNoServer)
		}
		return "https://" + server + "/@" + url.PathEscape(user), nil
	}
	return "", fmt.Errorf("%s: %w", a.Network.Name(), ErrNoReportPage)
}

var (
	errNoHandle = errors.New("the account has no handle")
	errNoServer = errors.New("the handle does not say its server")
)

// isHost reports whether s is a host name (and port), nothing more: a
// server's name from a handle goes into an address.
func isHost(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			return false
		}
	}
	return true
}

// AboutURL is, for a Mastodon account, its server's /about page, which
// names the server's moderators and rules and how to reach them (an
// impostor's server may be asked directly); "" for other networks or a
// handle that does not say its server.
func AboutURL(a monitor.Account) string {
	if a.Network != app.Mastodon {
		return ""
	}
	_, server, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(a.Handle), "@"), "@")
	if !ok || !isHost(server) {
		return ""
	}
	return "https://" + server + "/about"
}
