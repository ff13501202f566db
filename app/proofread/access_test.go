package proofread

import (
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

func TestAccess(t *testing.T) {
	sp := newFake("boulangerie martin jeudi photo bonjour paris soldes", nil)
	tests := []struct {
		text    string
		speller bool
		want    []want
	}{
		{"#boulangeriemartin", true, []want{{app.FindHashtagCase, "#boulangeriemartin", "#BoulangerieMartin"}}},
		{"#jeudiphoto", true, []want{{app.FindHashtagCase, "#jeudiphoto", "#JeudiPhoto"}}},
		{"#bonjour #paris #BoulangerieMartin", true, nil},
		{"#zzkxqwvbnmlkjh", true, []want{{app.FindHashtagCase, "#zzkxqwvbnmlkjh", ""}}},
		{"#boulangeriemartin", false, []want{{app.FindHashtagCase, "#boulangeriemartin", ""}}},
		{"#jeudiphoto #été2024", false, nil},
		{"GRANDE VENTE CE WEEKEND à la boutique", false, []want{{app.FindAllCaps, "GRANDE VENTE CE WEEKEND", ""}}},
		{"BRAVO À TOUS", false, []want{{app.FindAllCaps, "BRAVO À TOUS", ""}}},
		{"La SNCF et la RGPD", false, nil},
		{"LA SNCF ET LA RATP", false, nil},
		{"MERCI !", false, nil},
		{"Trop bien 🎉🎉🎉", false, nil},
		{"Trop bien 🎉🎉🎉🎉 !", false, []want{{app.FindEmojiRun, "🎉🎉🎉🎉", ""}}},
		{"🎉 🥐 👍🏽 🇫🇷 fin", false, []want{{app.FindEmojiRun, "🎉 🥐 👍🏽 🇫🇷", ""}}},
		{"👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", false, nil},
	}
	for _, tt := range tests {
		var s Speller
		if tt.speller {
			s = sp
		}
		d := newDoc(tt.text, app.LanguageFrench)
		sameFindings(t, "access", tt.text, tidy(accessChecks(d, s)), tt.want)
	}
	d := newDoc("🎉🎉🎉🎉🎉", app.LanguageFrench)
	if f := accessChecks(d, nil); len(f) != 1 || f[0].Args["got"] != "5" || f[0].Args["max"] != "3" {
		t.Errorf("emoji run args: %+v", f)
	}
}

func TestNetworkNorms(t *testing.T) {
	tags := func(n int) string { return strings.Repeat("#Relais ", n) }
	mentions := func(n int) string { return strings.Repeat("@marie ", n) }
	tests := []struct {
		n         app.Network
		text      string
		kind      app.FindingKind
		got, most string
	}{
		{app.Mastodon, tags(5), "", "", ""},
		{app.Mastodon, tags(6), app.FindTooManyHashtags, "6", "5"},
		{app.LinkedIn, tags(6), app.FindTooManyHashtags, "6", "5"},
		{app.Bluesky, tags(3), "", "", ""},
		{app.Bluesky, tags(4), app.FindTooManyHashtags, "4", "3"},
		{app.X, tags(3), app.FindTooManyHashtags, "3", "2"},
		{"", tags(30), "", "", ""},
		{app.X, mentions(5), "", "", ""},
		{app.X, mentions(6), app.FindTooManyMentions, "6", "5"},
		{app.Mastodon, mentions(10), "", "", ""},
		{app.Bluesky, mentions(11), app.FindTooManyMentions, "11", "10"},
	}
	for _, tt := range tests {
		fs := networkChecks(newDoc(tt.text, app.LanguageFrench), tt.n)
		if tt.kind == "" {
			if len(fs) != 0 {
				t.Errorf("%s %q: %+v", tt.n, tt.text, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Kind != tt.kind || fs[0].Args["got"] != tt.got || fs[0].Args["max"] != tt.most || fs[0].Start != 0 || fs[0].End != 0 {
			t.Errorf("%s %q: %+v", tt.n, tt.text, fs)
		}
	}
	// Bluesky links www.example.org as a bare domain (app.FindLinks), not
	// www.fete-du-pain.fr: its name stops at the hyphen, at "fete", no TLD.
	text := "Voir www.fete-du-pain.fr, www.example.org et https://relais.app"
	sameFindings(t, "bluesky", text, networkChecks(newDoc(text, app.LanguageFrench), app.Bluesky),
		[]want{{app.FindLinkNotClickable, "www.fete-du-pain.fr", "https://www.fete-du-pain.fr"}})
	sameFindings(t, "mastodon", text, networkChecks(newDoc(text, app.LanguageFrench), app.Mastodon), nil)
}
