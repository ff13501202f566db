package mastodon_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

func TestConformance(t *testing.T) {
	d := mastodon.NewDialer()
	d.MediaPoll = 10 * time.Millisecond
	conformance.Run(t, conformance.Harness{
		Dialer: d,
		Start:  func(t *testing.T) conformance.Fake { return mastodontest.Start(t) },
	})
}
