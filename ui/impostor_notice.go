package ui

import (
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// impostorNotice words a notice of new suspect accounts
// (app.NoticeImpostor): one says its handle, its network and the brand's
// name it imitates; several say how many, and their handles.
func impostorNotice(tr *i18n.Translator, n app.Notice) (title, body string) {
	switch len(n.Impostors) {
	case 0:
		return tr.N("notice.impostor.title", 1), ""
	case 1:
		s := n.Impostors[0]
		brand := s.Brand
		if brand == "" {
			brand = tr.T("notice.impostor.the_brand")
		}
		return tr.N("notice.impostor.title", 1), cutNotice(tr.T("notice.impostor.body", "handle", "@"+oneLineTrim(s.Handle, 60),
			"network", networkName(tr, s.Network), "brand", oneLineTrim(brand, 40)))
	}
	handles := make([]string, len(n.Impostors))
	for i, s := range n.Impostors {
		handles[i] = "@" + oneLineTrim(s.Handle, 40)
	}
	return tr.N("notice.impostor.title", len(n.Impostors)), cutNotice(tr.T("notice.impostor.many", "handles", strings.Join(handles, ", ")))
}
