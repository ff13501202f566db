package report

import (
	"strings"
	"testing"

	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/i18n"
)

// The month again, its charts drawn by Relais's own renderer.
func TestPDFRealCharts(t *testing.T) {
	for _, tr := range []*i18n.Translator{fr, en} {
		t.Run(string(tr.Language()), func(t *testing.T) {
			f := Describe(tr, monthReport(3, 60), paris)
			path := writeTestPDF(t, "real-"+string(tr.Language())+".pdf", f, chart.New())
			pdfTools(t)
			if got := info(t, run(t, "pdfinfo", path), "Pages"); got != "5" {
				t.Errorf("%s pages, want 5", got)
			}
			text := flat(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
			if !strings.Contains(text, flat(f.BestTimeSentence())) {
				t.Errorf("the text lacks %q", f.BestTimeSentence())
			}
			pages(t, path)
		})
	}
}
