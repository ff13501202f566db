package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// spikeNotice words a notice of the veille's spikes (app.NoticeSpike) for
// a desktop notification. One spike says the hour's figures: "Bad buzz?"
// and "46 mentions of Maison Lumen in the last hour, 70% negative" (a
// spike of volume alone, without a rise of negative items, is an
// "Unusual volume"). Several say how many watches, and each one's
// figures.
func spikeNotice(tr *i18n.Translator, n app.Notice) (title, body string) {
	switch len(n.Spikes) {
	case 0:
		return tr.T("notice.spike.title"), ""
	case 1:
		s := n.Spikes[0]
		title = tr.T("notice.spike.title")
		if !s.NegativeShare {
			title = tr.T("notice.spike.volume_title")
		}
		body = tr.N("notice.spike.body", s.Count, "watch", oneLineTrim(s.Watch, 60), "percent", tr.Number(s.Percent))
		return title, cutNotice(body)
	}
	parts := make([]string, len(n.Spikes))
	for i, s := range n.Spikes {
		parts[i] = tr.N("notice.spike.item", s.Count, "watch", oneLineTrim(s.Watch, 40), "percent", tr.Number(s.Percent))
	}
	return tr.N("notice.spike.many", len(n.Spikes)), cutNotice(strings.Join(parts, " · "))
}

// cutNotice is firstWords for a text of ours: left whole, its narrow
// no-break spaces kept, when it fits.
func cutNotice(text string) string {
	if utf8.RuneCountInString(text) <= noticeBodyMax {
		return text
	}
	return firstWords(text, noticeBodyMax)
}
