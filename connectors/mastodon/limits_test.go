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
