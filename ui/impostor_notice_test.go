package ui

import (
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

func TestImpostorNoticeWording(t *testing.T) {
	one := app.ImpostorAlert{Network: app.Bluesky, Handle: "maison-Iumen.bsky.social", Brand: "Maison Lumen", Score: 85}
	two := app.ImpostorAlert{Network: app.Mastodon, Handle: "maisonlumen_officiel@mastodon.social", Brand: "Maison Lumen", Score: 60}
	cases := []struct {
		lang        app.Language
		list        []app.ImpostorAlert
		title, body string
	}{
		{app.LanguageEnglish, []app.ImpostorAlert{one}, "Possible impostor", "@maison-Iumen.bsky.social on Bluesky looks like Maison Lumen"},
		{app.LanguageFrench, []app.ImpostorAlert{one}, "Possible usurpation", "@maison-Iumen.bsky.social sur Bluesky ressemble à Maison Lumen"},
		{app.LanguageEnglish, []app.ImpostorAlert{one, two}, "2 possible impostors",
			"Accounts that look like the brand's: @maison-Iumen.bsky.social, @maisonlumen_officiel@mastodon.social"},
	}
	for _, c := range cases {
		n := app.Notice{Kind: app.NoticeImpostor, Impostors: c.list}
		title, body := impostorNotice(i18n.New(c.lang), n)
		if title != c.title || body != c.body {
			t.Errorf("%s: got\n%q\n%q\nwant\n%q\n%q", c.lang, title, body, c.title, c.body)
		}
	}
}
