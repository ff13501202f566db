package sentiment

import (
	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// Scorer is an Analyzer as the veille's monitor.Scorer: the label of each
// new item.
type Scorer struct{ *Analyzer }

var _ monitor.Scorer = Scorer{}

// Score returns the label of text in lang.
func (s Scorer) Score(text string, lang app.Language) monitor.Sentiment {
	switch s.Analyzer.Score(text, lang).Label {
	case Positive:
		return monitor.SentimentPositive
	case Negative:
		return monitor.SentimentNegative
	}
	return monitor.SentimentNeutral
}
