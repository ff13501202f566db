package sentiment

import (
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

func TestScorerGivesTheMonitorsLabels(t *testing.T) {
	s := Scorer{New()}
	for text, want := range map[string]monitor.Sentiment{
		"Service client inexistant, je suis très déçue.": monitor.SentimentNegative,
		"Je recommande, l'équipe est au top !":           monitor.SentimentPositive,
		"Vous ouvrez à quelle heure samedi ?":            monitor.SentimentNeutral,
	} {
		if got := s.Score(text, app.LanguageFrench); got != want {
			t.Errorf("Score(%q) = %q, want %q", text, got, want)
		}
	}
}
