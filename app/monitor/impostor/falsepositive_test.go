package impostor

import (
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// brandNamed is a brand known by names, with one Bluesky account.
func brandNamed(handle string, names ...string) Brand {
	return Brand{Names: names, Own: []AccountRef{{Network: app.Bluesky, Handle: handle}}}
}

// Accounts a search for a brand's name returns that are nothing like
// the brand: words that hold its name with another meaning, namesakes in
// other trades, short brand names inside common words. None may be a
// suspect; a few may be worth a look ("possible"), and are counted.
func TestRealisticNegatives(t *testing.T) {
	cases := []struct {
		brand  Brand
		handle string
		name   string
	}{
		{lumen(), "lumiere-de-lyon.bsky.social", "Fête des Lumières"},
		{lumen(), "illuminations-noel.bsky.social", "Illuminations de Noël"},
		{lumen(), "lumenis-medical.bsky.social", "Lumenis"},
		{lumen(), "lumen-field-fans.bsky.social", "Lumen Field fans"},
		{lumen(), "maison-lucien.bsky.social", "Maison Lucien, traiteur"},
		{lumen(), "maison-lumiere.bsky.social", "Maison Lumière"},
		{lumen(), "numen-studio.bsky.social", "Numen Studio"},
		{lumen(), "lumens-et-watts.bsky.social", "Lumens et watts"},
		{lumen(), "boulangerie-martin.bsky.social", "Boulangerie Martin"},
		{brandNamed("orange.fr", "Orange"), "orangerie-du-parc.bsky.social", "L'Orangerie du parc"},
		{brandNamed("orange.fr", "Orange"), "orangeade.bsky.social", "Orangeade"},
		{brandNamed("orange.fr", "Orange"), "grange-aux-loups.bsky.social", "La Grange aux loups"},
		{brandNamed("orange.fr", "Orange"), "clockwork-orange-fan.bsky.social", "A Clockwork Orange fan"},
		{brandNamed("orange.fr", "Orange"), "oranger-provence.bsky.social", "Oranger de Provence"},
		{brandNamed("bic.com", "BIC"), "bicyclette-lyon.bsky.social", "Bicyclette Lyon"},
		{brandNamed("bic.com", "BIC"), "arabica-coffee.bsky.social", "Arabica Coffee"},
		{brandNamed("bic.com", "BIC"), "bichon-maltais.bsky.social", "Bichon maltais"},
		{brandNamed("bic.com", "BIC"), "cubicle-life.bsky.social", "Cubicle life"},
		{brandNamed("free.fr", "Free"), "freelance-paris.bsky.social", "Freelance Paris"},
		{brandNamed("free.fr", "Free"), "gluten-free-recipes.bsky.social", "Gluten free recipes"},
		{brandNamed("free.fr", "Free"), "free-jazz-club.bsky.social", "Free jazz club"},
		{brandNamed("free.fr", "Free"), "tree-hugger.bsky.social", "Tree hugger"},
		{brandNamed("darty.com", "Darty"), "party-planner.bsky.social", "Party planner"},
		{brandNamed("darty.com", "Darty"), "dirty-dancing.bsky.social", "Dirty Dancing"},
		{brandNamed("sezane.com", "Sézane"), "suzanne-vega.bsky.social", "Suzanne"},
		{brandNamed("decathlon.fr", "Decathlon"), "heptathlon-fr.bsky.social", "Heptathlon France"},
		{brandNamed("decathlon.fr", "Decathlon"), "decathlonien.bsky.social", "Le décathlonien"},
		{brandNamed("carrefour.fr", "Carrefour"), "carrefour-des-arts.bsky.social", "Carrefour des arts"},
		{brandNamed("carrefour.fr", "Carrefour"), "le-carrefour-du-livre.bsky.social", "Le carrefour du livre"},
		{brandNamed("laposte.fr", "La Poste"), "la-poste-restante.bsky.social", "Poste restante"},
		{brandNamed("laposte.fr", "La Poste"), "lapostolle.bsky.social", "Lapostolle wines"},
		{brandNamed("sncf.fr", "SNCF"), "snowflake-fr.bsky.social", "Snowflake"},
		{brandNamed("fnac.com", "Fnac"), "fanac-club.bsky.social", "Fanac club"},
		{brandNamed("leboncoin.fr", "leboncoin"), "le-bon-coin-des-chefs.bsky.social", "Le bon coin des chefs"},
		{brandNamed("michelin.com", "Michelin"), "michel-line.bsky.social", "Michel et Line"},
		{brandNamed("michelin.com", "Michelin"), "michelle-lin.bsky.social", "Michelle Lin"},
	}
	var suspects, possible int
	for _, c := range cases {
		s := Score(c.brand, monitor.Account{Network: app.Bluesky, Handle: c.handle, DisplayName: c.name}, nil, now)
		switch {
		case s.Suspicious():
			suspects++
			t.Errorf("%s (%s) against %v: a suspect, score %d, %+v", c.handle, c.name, c.brand.Names, s.Score, s.Reasons)
		case s.Level() == LevelPossible:
			possible++
			t.Logf("possible: %s (%s) against %v: %d, %+v", c.handle, c.name, c.brand.Names, s.Score, s.Reasons)
		}
	}
	t.Logf("%d realistic negatives: %d suspects (%.1f %%), %d possible", len(cases), suspects, 100*float64(suspects)/float64(len(cases)), possible)
}

// Impostors as they are seen, each a suspect.
func TestRealisticImpostors(t *testing.T) {
	cases := []struct {
		brand  Brand
		handle string
		name   string
	}{
		{lumen(), "maisonlumen-fr.bsky.social", "Maison Lumen France"},
		{lumen(), "maison-lumen-sav.bsky.social", "SAV Maison Lumen"},
		{lumen(), "lumen-officiel.bsky.social", ""},
		{lumen(), "maisonlumen.com", "Maison Lumen"},
		{lumen(), "rnaison-lumen.bsky.social", ""},
		{lumen(), "maison-iumen.bsky.social", ""},
		{lumen(), "maison-lumen1.bsky.social", ""},
		{lumen(), "maisonlumen-giveaway.bsky.social", "🎁 Maison Lumen concours"},
		{lumen(), "deco-lyon.bsky.social", "Maison Lumen ✓"},
		{lumen(), "m4ison-lumen.bsky.social", ""},
		{brandNamed("orange.fr", "Orange"), "orange-assistance.bsky.social", "Orange Assistance"},
		{brandNamed("orange.fr", "Orange"), "0range.bsky.social", ""},
		{brandNamed("bic.com", "BIC"), "b1c.bsky.social", "BIC"},
		{brandNamed("michelin.com", "Michelin"), "michelin-promo.bsky.social", ""},
		{brandNamed("michelin.com", "Michelin"), "mlchelin.bsky.social", ""},
	}
	for _, c := range cases {
		s := Score(c.brand, monitor.Account{Network: app.Bluesky, Handle: c.handle, DisplayName: c.name}, nil, now)
		if !s.Suspicious() {
			t.Errorf("%s (%s) against %v: score %d, %+v; want a suspect", c.handle, c.name, c.brand.Names, s.Score, s.Reasons)
		}
	}
}

// A new account with the brand's name inside another name is no more
// suspect than an old one.
func TestYouthAddsOnlyToWeightyReasons(t *testing.T) {
	a := monitor.Account{Network: app.Bluesky, Handle: "free-jazz-club.bsky.social", DisplayName: "Free jazz club", CreatedAt: now.AddDate(0, 0, -3)}
	if s := Score(brandNamed("free.fr", "Free"), a, nil, now); s.Suspicious() || s.Has(ReasonYoung) {
		t.Errorf("score %d, %+v", s.Score, s.Reasons)
	}
}
