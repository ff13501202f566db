package impostor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

var now = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

const brandBio = "Maison Lumen — luminaires artisanaux fabriqués à Lyon depuis 1987. Service client du lundi au vendredi, 9h-18h."

func lumen() Brand {
	return Brand{
		Names: []string{"Maison Lumen", "Lumen"},
		Own: []AccountRef{
			{Network: app.Bluesky, Handle: "maison-lumen.bsky.social", RemoteID: "did:plc:lumen0000000000000000"},
			{Network: app.Mastodon, Handle: "maisonlumen@piaille.fr"},
		},
		Allowed: []AccountRef{{Network: app.Bluesky, Handle: "amis-de-maison-lumen.bsky.social"}},
		Bios:    []string{brandBio},
	}
}

func sky(handle, name string) monitor.Account {
	return monitor.Account{Network: app.Bluesky, RemoteID: "did:plc:" + strings.ReplaceAll(handle, ".", ""), Handle: handle,
		DisplayName: name, CreatedAt: now.AddDate(-3, 0, 0)}
}

func reason(s Suspect, k ReasonKind) (Reason, bool) {
	for _, r := range s.Reasons {
		if r.Kind == k {
			return r, true
		}
	}
	return Reason{}, false
}

func TestCapitalIForLIsALookalike(t *testing.T) {
	for _, cand := range []monitor.Account{
		{Network: app.Mastodon, Handle: "maisonIumen@mastodon.social", DisplayName: "Boutique déco", CreatedAt: now.AddDate(-1, 0, 0)},
		sky("deco-lyon.bsky.social", "maison-Iumen"),
	} {
		s := Score(lumen(), cand, nil, now)
		r, ok := reason(s, ReasonLookalike)
		if !ok || !s.Suspicious() {
			t.Errorf("%s / %s: score %d, reasons %+v; want a suspect with a look-alike reason", cand.Handle, cand.DisplayName, s.Score, s.Reasons)
			continue
		}
		if !slices.Contains(r.Lookalikes, Lookalike{Found: "I", Brand: "l"}) {
			t.Errorf("%s: look-alikes %+v, want I for l", cand.Handle, r.Lookalikes)
		}
		if s.Status != "" {
			t.Errorf("%s: status %q before any decision", cand.Handle, s.Status)
		}
	}
}

func TestCyrillicLetterIsALookalike(t *testing.T) {
	// "Mаison Lumen" with U+0430 CYRILLIC SMALL LETTER A.
	s := Score(lumen(), sky("mlumen-deco.bsky.social", "M\u0430ison Lumen"), nil, now)
	r, ok := reason(s, ReasonLookalike)
	if !ok || !s.Suspicious() {
		t.Fatalf("score %d, reasons %+v; want a suspect with a look-alike reason", s.Score, s.Reasons)
	}
	if len(r.Lookalikes) != 1 || r.Lookalikes[0] != (Lookalike{Found: "\u0430", Brand: "a"}) {
		t.Errorf("look-alikes %+v, want Cyrillic а for a", r.Lookalikes)
	}
	if r.Field != FieldDisplayName || r.Key() != "impostor.reason.lookalike.display_name" {
		t.Errorf("field %q, key %q", r.Field, r.Key())
	}
	vars := strings.Join(r.Vars(), "|")
	if !strings.Contains(vars, "U+0430") {
		t.Errorf("the sentence does not tell the Cyrillic letter apart: %s", vars)
	}
}

func TestOfficielWithCopiedBioAndYoungIsStrong(t *testing.T) {
	cand := sky("maisonlumen-officiel.bsky.social", "Maison Lumen")
	cand.Bio = "Maison Lumen : luminaires artisanaux fabriqués à Lyon depuis 1987 ! Service client du lundi au vendredi."
	cand.CreatedAt = now.Add(-6 * 24 * time.Hour)
	s := Score(lumen(), cand, nil, now)
	if s.Level() != LevelStrong {
		t.Fatalf("score %d (%s), reasons %+v; want strong", s.Score, s.Level(), s.Reasons)
	}
	for _, k := range []ReasonKind{ReasonBioCopied, ReasonYoung} {
		if !s.Has(k) {
			t.Errorf("no %s reason: %+v", k, s.Reasons)
		}
	}
	if r, _ := reason(s, ReasonYoung); r.Days != 6 {
		t.Errorf("young for %d days, want 6", r.Days)
	}
	// The handle alone: the brand's name with "officiel" beside it.
	handleOnly := sky("maisonlumen_officiel.bsky.social", "")
	s = Score(lumen(), handleOnly, nil, now)
	if r, ok := reason(s, ReasonContainsName); !ok || r.Weight != weightContainsWord || !s.Suspicious() {
		t.Errorf("maisonlumen_officiel: score %d, reasons %+v", s.Score, s.Reasons)
	}
	s = Score(lumen(), sky("lumen-support.bsky.social", ""), nil, now)
	if !s.Has(ReasonContainsName) || !s.Suspicious() {
		t.Errorf("lumen-support: score %d, reasons %+v", s.Score, s.Reasons)
	}
}

func TestSameNameElsewhere(t *testing.T) {
	// The brand's username on another Mastodon server.
	s := Score(lumen(), monitor.Account{Network: app.Mastodon, Handle: "maisonlumen@mastodon.social"}, nil, now)
	if r, ok := reason(s, ReasonSameName); !ok || r.Field != FieldHandle || !s.Suspicious() {
		t.Errorf("same handle elsewhere: score %d, reasons %+v", s.Score, s.Reasons)
	}
	// The brand's display name on a handle that is not the brand's.
	s = Score(lumen(), sky("deco-lyon-42.bsky.social", "Maison Lumen"), nil, now)
	if r, ok := reason(s, ReasonSameName); !ok || r.Field != FieldDisplayName || !s.Suspicious() {
		t.Errorf("same display name: score %d, reasons %+v", s.Score, s.Reasons)
	}
}

func TestTypoAway(t *testing.T) {
	s := Score(lumen(), sky("maison-lumne.bsky.social", ""), nil, now)
	r, ok := reason(s, ReasonNearName)
	if !ok || r.Edits != 1 || !s.Suspicious() {
		t.Errorf("score %d, reasons %+v; want a typo away", s.Score, s.Reasons)
	}
	if n, ok := r.Count(); !ok || n != 1 {
		t.Errorf("count %d %v", n, ok)
	}
}

func TestNeverSuspects(t *testing.T) {
	b := lumen()
	own := sky("maison-lumen.bsky.social", "Maison Lumen")
	own.RemoteID = "did:plc:lumen0000000000000000"
	own.Bio = brandBio
	ownMasto := monitor.Account{Network: app.Mastodon, Handle: "@MaisonLumen@piaille.fr", DisplayName: "Maison Lumen"}
	allowed := sky("amis-de-maison-lumen.bsky.social", "Les amis de Maison Lumen")
	for _, c := range []struct {
		a    monitor.Account
		want Status
	}{{own, StatusOfficial}, {ownMasto, StatusOfficial}, {allowed, StatusHarmless}} {
		s := Score(b, c.a, nil, now)
		if s.Score != 0 || len(s.Reasons) != 0 || s.Status != c.want {
			t.Errorf("%s: score %d, status %q, reasons %+v; want none, %q", c.a.Handle, s.Score, s.Status, s.Reasons, c.want)
		}
	}
	s := Score(b, sky("boulangerie-martin.bsky.social", "Boulangerie Martin"), nil, now)
	if s.Score != 0 || len(s.Reasons) != 0 {
		t.Errorf("boulangerie-martin: score %d, reasons %+v", s.Score, s.Reasons)
	}
	// A young account with nothing else is no suspect.
	young := sky("boulangerie-martin.bsky.social", "Boulangerie Martin")
	young.CreatedAt = now.Add(-time.Hour)
	if s := Score(b, young, nil, now); s.Score != 0 {
		t.Errorf("a young account alone scores %d: %+v", s.Score, s.Reasons)
	}
}

func TestStatuses(t *testing.T) {
	for _, st := range Statuses {
		got, err := ParseStatus(" " + strings.ToUpper(string(st)) + " ")
		if err != nil || got != st {
			t.Errorf("ParseStatus(%q) = %q, %v", st, got, err)
		}
	}
	if _, err := ParseStatus("fake"); err == nil {
		t.Error("an unknown status is taken")
	}
}

func TestReportURL(t *testing.T) {
	for _, c := range []struct {
		a    monitor.Account
		home string
		want string
	}{
		{monitor.Account{Network: app.Bluesky, RemoteID: "did:plc:abc123", Handle: "maison-iumen.bsky.social"}, "", "https://bsky.app/profile/did:plc:abc123"},
		{monitor.Account{Network: app.Bluesky, Handle: "@maison-iumen.bsky.social"}, "", "https://bsky.app/profile/maison-iumen.bsky.social"},
		{monitor.Account{Network: app.Mastodon, Handle: "maisonIumen@mastodon.social", URL: "https://mastodon.social/@maisonIumen"}, "piaille.fr", "https://piaille.fr/@maisonIumen@mastodon.social"},
		{monitor.Account{Network: app.Mastodon, Handle: "maisonIumen@piaille.fr"}, "https://piaille.fr/", "https://piaille.fr/@maisonIumen"},
		{monitor.Account{Network: app.Mastodon, Handle: "maisonIumen@mastodon.social", URL: "https://mastodon.social/@maisonIumen"}, "", "https://mastodon.social/@maisonIumen"},
		{monitor.Account{Network: app.Mastodon, Handle: "maisonIumen@mastodon.social"}, "", "https://mastodon.social/@maisonIumen"},
	} {
		got, err := ReportURL(c.a, c.home)
		if err != nil || got != c.want {
			t.Errorf("ReportURL(%s, %q) = %q, %v; want %q", c.a.Handle, c.home, got, err, c.want)
		}
	}
	for _, a := range []monitor.Account{
		{Network: app.RSS, Handle: "x"},
		{Network: app.Mastodon, Handle: "nobody"},
		{Network: app.Mastodon, Handle: "x@evil.example/phish?"},
	} {
		if got, err := ReportURL(a, ""); err == nil {
			t.Errorf("ReportURL(%s %s) = %q, want an error", a.Network, a.Handle, got)
		}
	}
}
