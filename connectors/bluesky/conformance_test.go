package bluesky_test

import (
	"testing"

	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/conformance"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Dialer: bluesky.NewDialer(),
		Start:  func(t *testing.T) conformance.Fake { return blueskytest.Start(t) },
	})
}
