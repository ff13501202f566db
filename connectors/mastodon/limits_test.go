package mastodon_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

// A GoToSocial announces 5,000 characters and 25 per link: Profile reads
// both, and a post of 830 characters goes out; one over 5,000 is refused
// with GoToSocial's own words.
func TestServerLimitsLikeGoToSocial(t *testing.T) {
	c, fake := open(t)
	fake.SetStatusLimits(mastodontest.StatusLimits{MaxCharacters: 5000, CharactersPerURL: 25, GoToSocial: true})
	p, err := c.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Limits.MaxLength != 5000 || p.Limits.LinkLength != 25 || c.Limits().MaxLength != 5000 {
		t.Fatalf("limits %+v, want 5000 characters and 25 per link", p.Limits)
	}
	long := strings.Repeat("a", 830)
	if n, max := p.Limits.Length(app.Mastodon, long), p.Limits.MaxLength; n > max {
		t.Fatalf("830 characters counted as %d of %d", n, max)
	}
	if _, err := c.Publish(ctx(t), app.Outgoing{Key: key(0), Text: long}); err != nil {
		t.Fatalf("830 characters on a 5,000-character server: %v", err)
	}
	_, err = c.Publish(ctx(t), app.Outgoing{Key: key(1), Text: strings.Repeat("a", 5001)})
	ne, ok := app.AsNetError(err)
	if !ok || !errors.Is(err, app.ErrRejected) || ne.Status != 400 ||
		ne.Message != "Bad Request: status too long, 5001 characters provided (including spoiler/content warning) but limit is 5000" {
		t.Fatalf("5,001 characters: %v, want GoToSocial's 400", err)
	}
}

// A link counts as the server's characters_reserved_per_url.
func TestLinkLengthFromServer(t *testing.T) {
	text := "Voir https://example.org/" + strings.Repeat("x", 80)
	if got := app.LengthLinks(app.Mastodon, text, 0); got != len("Voir ")+23 {
		t.Errorf("default: %d", got)
	}
	if got := (app.Limits{LinkLength: 25}).Length(app.Mastodon, text); got != len("Voir ")+25 {
		t.Errorf("25 per link: %d", got)
	}
}

// GoToSocial counts code points, links in full, whatever it announces per
// link: a post Mastodon's way of counting puts under the limit is refused
// there. Relais counts a GoToSocial account's posts as GoToSocial does,
// and a Mastodon account's as Mastodon does.
func TestGoToSocialCountsCodePoints(t *testing.T) {
	family := "👨‍👩‍👧‍👦" // one grapheme, 7 code points
	link := "https://exemple.fr/" + strings.Repeat("p", 60)
	text := strings.Repeat("a", 4930) + " " + family + " " + link
	gts, fake := open(t)
	fake.SetStatusLimits(mastodontest.StatusLimits{MaxCharacters: 5000, CharactersPerURL: 25, GoToSocial: true})
	p, err := gts.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Limits.CodePoints {
		t.Fatal("a GoToSocial server's limits do not count code points")
	}
	if n := p.Limits.Length(app.Mastodon, text); n != 4930+1+7+1+len(link) {
		t.Errorf("counted %d on GoToSocial, want every code point", n)
	}
	if n := p.Limits.Length(app.Mastodon, text); n <= p.Limits.MaxLength {
		t.Fatalf("counted %d of %d: Relais would send what GoToSocial refuses", n, p.Limits.MaxLength)
	}
	if _, err := gts.Publish(ctx(t), app.Outgoing{Key: key(0), Text: text}); !errors.Is(err, app.ErrRejected) {
		t.Fatalf("GoToSocial took %d code points over its 5,000: %v", p.Limits.Length(app.Mastodon, text), err)
	}

	masto, fake2 := open(t)
	fake2.SetStatusLimits(mastodontest.StatusLimits{MaxCharacters: 5000, CharactersPerURL: 23})
	p, err = masto.Profile(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Limits.CodePoints {
		t.Fatal("a Mastodon server's limits count code points")
	}
	if n := p.Limits.Length(app.Mastodon, text); n != 4930+1+1+1+23 {
		t.Errorf("counted %d on Mastodon, want graphemes and 23 for the link", n)
	}
	if _, err := masto.Publish(ctx(t), app.Outgoing{Key: key(1), Text: text}); err != nil {
		t.Fatalf("Mastodon refused what it counts under its limit: %v", err)
	}
}
