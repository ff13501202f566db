package impostor

import (
	"fmt"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// candidates are n accounts as a search for the brand returns them: most
// unrelated, some holding its name, a few impostors.
func candidates(n int) []monitor.Account {
	shapes := []struct{ handle, name string }{
		{"boulangerie-martin-%d.bsky.social", "Boulangerie Martin %d"},
		{"lumiere-%d.bsky.social", "Lumière de Lyon"},
		{"maisonlumen-officiel%d.bsky.social", "Maison Lumen"},
		{"maison-Iumen%d@mastodon.social", "maison-Iumen"},
		{"deco-%d.bsky.social", "M\u0430ison Lumen"},
		{"lumen-field-fans-%d.bsky.social", "Lumen Field fans"},
		{"jardin-%d.bsky.social", "Un jardin à Lyon, photos et balades"},
	}
	out := make([]monitor.Account, n)
	for i := range out {
		s := shapes[i%len(shapes)]
		net := app.Bluesky
		if i%len(shapes) == 3 {
			net = app.Mastodon
		}
		out[i] = monitor.Account{Network: net, Handle: fmt.Sprintf(s.handle, i), DisplayName: fmt.Sprintf(s.name, i),
			Bio: "Luminaires et objets de déco, fabriqués à Lyon. Service client du lundi au vendredi.", CreatedAt: now.AddDate(0, 0, -i%60)}
	}
	return out
}

// BenchmarkScore1000 weighs 1,000 accounts by name, bio and age against
// a prepared brand.
func BenchmarkScore1000(b *testing.B) {
	sc, err := NewScorer(lumen())
	if err != nil {
		b.Fatal(err)
	}
	cands := candidates(1000)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cands {
			sc.Score(c, nil, now)
		}
	}
}

// BenchmarkScore1000Avatars adds a 400×400 JPEG avatar to compare for
// every account: decoding dominates.
func BenchmarkScore1000Avatars(b *testing.B) {
	br := lumen()
	br.Avatar = encodePNG(b, logo(400))
	sc, err := NewScorer(br)
	if err != nil {
		b.Fatal(err)
	}
	cands := candidates(1000)
	avatars := [][]byte{reencoded(b, logo(400), 400, 80), reencoded(b, other(400), 400, 80)}
	b.ReportAllocs()
	for b.Loop() {
		for i, c := range cands {
			sc.Score(c, avatars[i%2], now)
		}
	}
}
