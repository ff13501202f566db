package ui

import (
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

func TestSpikeNoticeWording(t *testing.T) {
	lumen := app.SpikeAlert{Watch: "Maison Lumen", Count: 46, Negative: 32, Percent: 70, Volume: true, NegativeShare: true}
	volume := app.SpikeAlert{Watch: "Salon du luminaire", Count: 1200, Negative: 60, Percent: 5, Volume: true}
	cases := []struct {
		lang        app.Language
		n           app.Notice
		title, body string
	}{
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeSpike, Spikes: []app.SpikeAlert{lumen}, Urgent: true},
			"Bad buzz?", "46 mentions of Maison Lumen in the last hour, 70% negative"},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeSpike, Spikes: []app.SpikeAlert{lumen}, Urgent: true},
			"Bad buzz\u202f?", "46 mentions de Maison Lumen dans la dernière heure, 70\u202f% négatives"},
		{app.LanguageEnglish, app.Notice{Kind: app.NoticeSpike, Spikes: []app.SpikeAlert{volume}, Urgent: true},
			"Unusual volume", "1,200 mentions of Salon du luminaire in the last hour, 5% negative"},
		{app.LanguageFrench, app.Notice{Kind: app.NoticeSpike, Spikes: []app.SpikeAlert{lumen, volume}, Urgent: true},
			"Bad buzz\u202f? Des pics sur 2 veilles",
			"Maison Lumen : 46 mentions, 70\u202f% négatives · Salon du luminaire : 1\u202f200 mentions, 5\u202f% négatives"},
	}
	for _, c := range cases {
		title, body := spikeNotice(i18n.New(c.lang), c.n)
		if title != c.title || body != c.body {
			t.Errorf("%s: got\n%q\n%q\nwant\n%q\n%q", c.lang, title, body, c.title, c.body)
		}
	}
}
