package ui

import (
	"context"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// TestMonitoringScreenReplacesComing: with the veille, the sidebar's
// Monitoring shows its screen, no longer the "coming" panel; without it,
// the panel stays.
func TestMonitoringScreenReplacesComing(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish, func(f *fixture, d *Deps) {
		svc := monitor.NewService(f.db, nil, nil, d.Clock)
		if _, err := svc.Add(context.Background(), monitor.Watch{Name: "Maison Lumen", Query: "lumen",
			Sources: []monitor.SourceRef{{Kind: monitor.SourceFeed, URL: "https://news.example/feed.xml"}}}); err != nil {
			t.Fatal(err)
		}
		d.Monitor = svc
	})
	f.w.ShowView("monitoring")
	f.idle()
	if f.w.monitor == nil || f.shows(f.w.tr.T("coming.badge")) {
		t.Fatal("Monitoring still shows the coming panel")
	}
	for _, want := range []string{"Watches", "Maison Lumen", "Refresh now", "Add a watch"} {
		if !f.shows(want) {
			t.Errorf("Monitoring does not show %q", want)
		}
	}

	bare := newFixture(t, app.LanguageEnglish)
	bare.w.ShowView("monitoring")
	bare.idle()
	if !bare.shows(bare.w.tr.T("coming.badge")) {
		t.Error("without the veille, Monitoring does not say it is coming")
	}
}
